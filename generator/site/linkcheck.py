"""Check every internal link and #anchor in the rendered pages before anything is published.

Links inside code are text, not <a> elements, so they are never checked.
"""

from __future__ import annotations

import posixpath
from collections.abc import Container, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from sys import intern
from typing import ClassVar, NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from generator.errors import Problem

# Written after the pages, by Pagefind, so not among the rendered files.
GENERATED_LATER = "pagefind/"
_UNREAD = object()
# What a page links to, in the order written: the attribute of each element that links.
_LINKS = etree.XPath(
    "//a/@href | //link/@href | //img/@src | //script/@src | //source/@src", smart_strings=False
)
# What a #fragment can reach: any element's id, and an <a>'s name.
_IDS = etree.XPath("//@id | //a/@name", smart_strings=False)


class PageScan(NamedTuple):
    """What the check reads of a page: its links, in the order written, and its ids."""

    links: list[str]
    ids: set[str]


def page_parser() -> etree.HTMLParser:
    """libxml2's HTML parser, as `_scan` uses it (one for many pages, in one thread)."""
    return etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=True)


class PageScanner:
    """Reads pages with one parser, in whichever process renders them: each worker forked
    while pages render has a copy of its own."""

    def __init__(self) -> None:
        self._parser = page_parser()

    def scan(self, html: bytes) -> PageScan:
        """`_scan`, each link a string shared with the same link on other pages (pages repeat
        their header's and lists' links): what a worker sends back pickles each once."""
        links, ids = _scan(html, self._parser)
        return PageScan([intern(link) for link in links], ids)


def _scan(html: bytes, parser: etree.HTMLParser) -> PageScan:
    """The links and ids of a page, as libxml2's HTML parser reads it: as the standard
    library's parser did, several times quicker, but for an attribute written twice, taken
    as a browser takes it (the first). A page libxml2 stops short in (nested over 2,048
    deep, which a note's raw HTML could be) is read by the standard library's parser
    instead."""
    root = etree.fromstring(html, parser)
    if any(error.level == etree.ErrorLevels.FATAL for error in parser.error_log):
        standard = StandardScan()
        standard.feed(html.decode("utf-8", errors="replace"))
        return PageScan(standard.links, standard.ids)
    if root is None:  # nothing but blanks or comments
        return PageScan([], set())
    return PageScan([link for link in _LINKS(root) if link], {i for i in _IDS(root) if i})


class StandardScan(HTMLParser):
    """A page's links and ids as the standard library's parser reads them, element by
    element: slower than libxml2, but with no limit on how deep a page is nested."""

    _LINK_ATTRIBUTES: ClassVar[dict[str, str]] = {
        "a": "href",
        "link": "href",
        "img": "src",
        "script": "src",
        "source": "src",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        attribute = self._LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append(str(values[attribute]))


@dataclass(frozen=True, slots=True)
class _Way:
    """Where a relative link leads, from whichever folder its page is in: read once for each
    link written (a site's pages repeat their header's links, and lists their meetings')."""

    ups: int  # how many folders it climbs first
    down: str  # then the path it takes down ('' for the folder reached)
    folder: bool  # it names a folder, whose page is its index.html
    fragment: str


def _way(link: str) -> _Way | str | None:
    """How `link` leads on from its page's folder; its #fragment alone (str) when it stays
    on the page; None when it leaves the site (another site, or a path from the root)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return None
    if not parts.path:
        return parts.fragment
    steps = posixpath.normpath(unquote(parts.path)).split("/")
    ups = 0
    while ups < len(steps) and steps[ups] == "..":
        ups += 1
    down = "/".join(step for step in steps[ups:] if step != ".")
    return _Way(ups, down, parts.path.endswith("/"), parts.fragment)


def _target(folders: list[str], way: _Way) -> str:
    """The output file `way` reaches from a page in `folders` ('..' when it climbs out)."""
    if way.ups > len(folders):
        return ".."
    # A path that read from the root once %2F was decoded leads nowhere on the site.
    steps = [] if way.down.startswith("/") else folders[: len(folders) - way.ups]
    joined = "/".join([*steps, way.down] if way.down else steps)
    if not joined:
        return "index.html"
    return f"{joined}/index.html" if way.folder else joined


def check_page_links(
    pages: Mapping[str, PageScan], files: Container[str], sources: Mapping[str, str]
) -> list[Problem]:
    """Every link on `pages` (each page's scan, by its path) that leads to none of `files`
    (every file of the site, the pages too) or to an id its page does not have."""
    problems = []
    ways: dict[str, _Way | str | None] = {}
    for page, scan in sorted(pages.items()):
        if page == "404.html":  # links there are absolute, as it is served at any depth
            continue
        where = sources.get(page, f"(generated) {page}")
        folders = page.split("/")[:-1]
        for link in scan.links:
            way = ways.get(link, _UNREAD)
            if way is _UNREAD:
                way = ways[link] = _way(link)
            if way is None:
                continue
            if isinstance(way, str):
                path, fragment = page, way
            else:
                path, fragment = _target(folders, way), way.fragment
            if path.startswith(GENERATED_LATER):
                continue
            if path.startswith("..") or path not in files:
                problems.append(Problem(where, 1, 1, f"broken link on /{page}: {link}"))
            elif fragment and path in pages and fragment not in pages[path].ids:
                problems.append(
                    Problem(where, 1, 1, f"link on /{page} to a missing anchor: {link}")
                )
    return problems
