"""Check every internal link and #anchor in the rendered pages before anything is published.

Links inside code are text, not <a> elements, so they are never checked.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator.errors import Problem

# Written after the pages, by Pagefind, so not among the rendered files.
GENERATED_LATER = "pagefind/"
_LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


class _PageScan(HTMLParser):
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
        attribute = _LINK_ATTRS.get(tag)
        if attribute and values.get(attribute):
            self.links.append(str(values[attribute]))


def _scan(html: bytes) -> _PageScan:
    scan = _PageScan()
    scan.feed(html.decode("utf-8", errors="replace"))
    return scan


def _target(page: str, link: str) -> tuple[str, str] | None:
    """The output file and fragment an internal link reaches; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return None
    if not parts.path:
        return page, parts.fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or joined == ".":
        joined = "index.html" if joined == "." else f"{joined}/index.html"
    return joined, parts.fragment


def check_links(files: Mapping[str, bytes], sources: Mapping[str, str]) -> list[Problem]:
    pages = {path: _scan(data) for path, data in files.items() if path.endswith(".html")}
    problems = []
    for page, scan in sorted(pages.items()):
        if page == "404.html":  # links there are absolute, as it is served at any depth
            continue
        where = sources.get(page, f"(generated) {page}")
        for link in scan.links:
            target = _target(page, link)
            if target is None:
                continue
            path, fragment = target
            if path.startswith(GENERATED_LATER):
                continue
            if path.startswith("..") or path not in files:
                problems.append(Problem(where, 1, 1, f"broken link on /{page}: {link}"))
            elif fragment and path in pages and fragment not in pages[path].ids:
                problems.append(
                    Problem(where, 1, 1, f"link on /{page} to a missing anchor: {link}")
                )
    return problems
