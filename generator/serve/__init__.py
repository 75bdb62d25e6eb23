"""`nominutes serve`: the preview server and its quick updates."""
