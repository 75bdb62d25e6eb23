"""sitemap.xml and robots.txt, so search engines find every page and know when it changed."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from generator.content.model import SiteConfig
from generator.site import urls
from generator.site.pages import Page

# Pages that are not worth indexing on their own.
_UNLISTED = {urls.not_found(), urls.search()}


def sitemap_files(config: SiteConfig, pages: Iterable[Page]) -> dict[str, bytes]:
    entries = []
    for page in sorted(pages, key=lambda p: p.url):
        if page.url in _UNLISTED:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        entries.append(f"  <url><loc>{escape(config.base_url + page.url)}</loc>{lastmod}</url>")
    sitemap = "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *entries,
            "</urlset>",
            "",
        ]
    )
    robots = f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"
    return {"sitemap.xml": sitemap.encode("utf-8"), "robots.txt": robots.encode("utf-8")}
