"""The site: what each page shows, and every output file made from the content."""
