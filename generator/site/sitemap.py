"""sitemap.xml and robots.txt, so search engines find every page and know when it changed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial
from html import escape  # not xml.sax.saxutils': the same for text, without urllib.request
from operator import attrgetter
from typing import Protocol

from generator.content.model import SiteConfig
from generator.site import urls
from generator.site.keys import ALWAYS, READS_EVERYTHING, FileOutput, updated_keys

SITEMAP = "sitemap.xml"

# Pages that are not worth indexing on their own.
_UNLISTED = frozenset({urls.not_found(), urls.search()})


class Entry(Protocol):
    """What the sitemap shows of a page (a `pages.Page`, or what serve keeps of one): where
    it is, and its `<url>` element from the address on (`entry_text`)."""

    @property
    def url(self) -> str: ...

    @property
    def sitemap_text(self) -> str | None: ...


def entry_text(url: str, lastmod: date | None) -> str | None:
    """What the sitemap writes of the page at `url` after the site's address: the rest of its
    `<url>` element (None for a page not worth indexing on its own)."""
    if url in _UNLISTED:
        return None
    if "&" in url or "<" in url or ">" in url:  # never in a slug: escaped only if need be
        url = escape(url, quote=False)
    shown = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    return f"{url}</loc>{shown}</url>"


def sitemap_outputs(
    config: SiteConfig, pages: Sequence[Entry], meetings: Iterable[str]
) -> list[FileOutput]:
    """sitemap.xml (made on every build that lists the pages: it lists every page; it reads
    the day each of the `meetings`, by slug, was last updated, its page's `lastmod`) and
    robots.txt."""
    robots = f"User-agent: *\nAllow: /\nSitemap: {config.base_url}{SITEMAP}\n"
    reads = frozenset([ALWAYS, *updated_keys(meetings)])
    return [
        FileOutput(SITEMAP, reads, partial(_sitemap, config, pages)),
        FileOutput("robots.txt", READS_EVERYTHING, partial(str.encode, robots)),
    ]


_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
_URL = attrgetter("url")


_TAIL = "\n</urlset>\n"


def _lead(config: SiteConfig) -> str:
    """What comes before each entry's text."""
    return f"\n  <url><loc>{escape(config.base_url, quote=False)}"


def _sitemap(config: SiteConfig, pages: Sequence[Entry]) -> bytes:
    texts = [t for page in sorted(pages, key=_URL) if (t := page.sitemap_text) is not None]
    return (_lead(config).join([_HEAD, *texts]) + _TAIL).encode("utf-8")


def sitemap_with(config: SiteConfig, before: bytes, pages: Iterable[Entry]) -> bytes:
    """The sitemap `before` (as `_sitemap` wrote it) with the entries of `pages` written
    anew: what a build that follows an edit makes, as the edit changes which pages there
    are in no way, only when some were last changed."""
    lead = _lead(config)
    head, *texts = before.decode("utf-8").removesuffix(_TAIL).split(lead)
    anew = {t.partition("</loc>")[0]: t for page in pages if (t := page.sitemap_text)}
    texts = [anew.get(text.partition("</loc>")[0], text) for text in texts]
    return (lead.join([head, *texts]) + _TAIL).encode("utf-8")
