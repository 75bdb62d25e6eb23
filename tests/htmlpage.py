"""Read built pages the way a reader's browser would: links, ids, text."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html


@dataclass
class ParsedPage:
    links: list[str] = field(default_factory=list)  # href and src values, in order
    ids: set[str] = field(default_factory=set)
    text_parts: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if tag in ("script", "style"):
            self.skip += 1
        if "id" in values:
            self.page.ids.add(values["id"])
        for key in ("href", "src"):
            if key in values:
                self.page.links.append(values[key])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.page.text_parts.append(data)


def parse_html(html: str) -> ParsedPage:
    page = ParsedPage()
    _Parser(page).feed(html)
    return page


def read_page(site: Path, relative: str) -> ParsedPage:
    return parse_html((site / relative).read_text(encoding="utf-8"))


def is_internal(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc and not link.startswith("//")


def resolve(page_file: str, link: str) -> tuple[str, str]:
    """The file a relative link from `page_file` reaches, and its #fragment."""
    parts = urlsplit(link)
    if not parts.path:
        return page_file, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), unquote(parts.path)))
    if link.split("#")[0].endswith("/") or parts.path in (".", "./"):
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor in the built site that leads nowhere."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed = {name: read_page(site, name) for name in pages}
    problems = []
    for name, page in sorted(parsed.items()):
        if name == "404.html":
            continue  # its links are absolute paths, checked in test_subpath
        for link in page.links:
            if not is_internal(link):
                continue
            target, fragment = resolve(name, link)
            if target.startswith("..") or not (site / target).is_file():
                problems.append(f"{name}: {link} -> missing {target}")
            elif fragment and target in parsed and fragment not in parsed[target].ids:
                problems.append(f"{name}: {link} -> no #{fragment} in {target}")
    return problems


def text_by_language(page: Path | str) -> dict[str, str]:
    """Each text of a page (a file, or its HTML), where it is first, by the language a screen
    reader reads it in: the `lang` of the nearest element around it that has one."""
    found: dict[str, str] = {}
    html = page.read_text() if isinstance(page, Path) else page
    for element in lxml.html.fromstring(html).iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "head"):
            continue
        text = " ".join((element.text or "").split())
        if text and text not in found:
            around = [element, *element.iterancestors()]
            found[text] = next(e.get("lang") for e in around if e.get("lang"))
    return found
