"""sitemap.xml and robots.txt, so search engines find every page and know when it changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from html import escape  # not xml.sax.saxutils': the same for text, without urllib.request
from typing import Protocol

from generator.content.model import SiteConfig
from generator.site import urls
from generator.site.keys import READS_EVERYTHING, FileOutput

# Pages that are not worth indexing on their own.
_UNLISTED = {urls.not_found(), urls.search()}


class Entry(Protocol):
    """What the sitemap shows of a page (a `pages.Page`, or what serve keeps of one)."""

    @property
    def url(self) -> str: ...

    @property
    def lastmod(self) -> date | None: ...


def sitemap_outputs(config: SiteConfig, pages: Sequence[Entry]) -> list[FileOutput]:
    """sitemap.xml (made on every build: it lists every page) and robots.txt."""
    robots = f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"
    return [
        FileOutput("sitemap.xml", READS_EVERYTHING, partial(_sitemap, config, pages)),
        FileOutput("robots.txt", READS_EVERYTHING, partial(str.encode, robots)),
    ]


def _sitemap(config: SiteConfig, pages: Sequence[Entry]) -> bytes:
    entries = []
    base = escape(config.base_url, quote=False)
    for page in sorted(pages, key=_url):
        url = page.url
        if url in _UNLISTED:
            continue
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        if "&" in url or "<" in url or ">" in url:  # never in a slug: escaped only if need be
            url = escape(url, quote=False)
        entries.append(f"  <url><loc>{base}{url}</loc>{lastmod}</url>")
    sitemap = "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *entries,
            "</urlset>",
            "",
        ]
    )
    return sitemap.encode("utf-8")


def _url(page: Entry) -> str:
    return page.url
