"""The one configured Markdown renderer.

CommonMark with tables, strikethrough, footnotes and heading anchors. Unless
the site sets `allow_html`, raw HTML is shown as text and links or images with
a script-capable scheme (javascript:, vbscript:, data:, file:) are not made
into links. A link to another note by its file name (`other.md`,
`../themes/x.md`) becomes a link to that note's page.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator.errors import Problem, Severity, did_you_mean
from generator.site.urls import output_file, relative, resolve_note_link

HEADING_ID_PREFIX = "h-"
MAX_NESTING = 20
# Inline parsing costs markdown-it time for every '[' or emphasis marker, so a hostile file
# full of them would take minutes. Each document gets a budget of such characters, weighted by cost;
# a paragraph that would exceed it is shown as plain text, with a warning.
INLINE_BUDGET = 40_000
_COSTLY = re.compile(r"[\[]|[*_~]|[!&\\<\](]")
_WEIGHTS = {"[": 10, "*": 4, "_": 4, "~": 4}
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file|livescript|mocha):", re.I)
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


_LINK_ATTRIBUTE = {"link_open": "href", "image": "src"}
# What a link in a body points at, for the checks made once the whole site is known.
FILE, PAGE, ANCHOR, ROOT = "file", "page", "anchor", "root"


@dataclass(frozen=True)
class BodyLink:
    """A link or image in a body, where it is written, and what it reaches: a content file
    (FILE, target 'content/...'), an output file (PAGE or ANCHOR, target 'meetings/x/index.html',
    with `fragment`), or a link from the site's root (ROOT, target the link)."""

    line: int
    col: int
    href: str
    kind: str
    target: str
    fragment: str = ""


@dataclass(frozen=True)
class Fragment:
    """A body rendered for one page, the problems found in its links, and the links whose
    targets are checked once the whole site is known (see `check_body_links`)."""

    html: str
    problems: tuple[Problem, ...]
    first_paragraph: str = ""  # plain text, for summaries
    absolute_html: str = ""  # links absolute from the site's base URL, for feeds
    links: tuple[BodyLink, ...] = ()


def fragment_to_cache(fragment: Fragment) -> list[Any]:
    problems = [[p.path, p.line, p.col, p.message, p.severity.value] for p in fragment.problems]
    links = [[k.line, k.col, k.href, k.kind, k.target, k.fragment] for k in fragment.links]
    return [fragment.html, problems, fragment.first_paragraph, fragment.absolute_html, links]


def fragment_from_cache(entry: list[Any]) -> Fragment:
    html, problems, first_paragraph, absolute_html, links = entry
    return Fragment(
        str(html),
        tuple(Problem(str(p), int(ln), int(c), str(m), Severity(s)) for p, ln, c, m, s in problems),
        str(first_paragraph),
        str(absolute_html),
        tuple(
            BodyLink(int(ln), int(c), str(h), str(k), str(t), str(f)) for ln, c, h, k, t, f in links
        ),
    )


def _heading_slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE).strip()
    return HEADING_ID_PREFIX + (re.sub(r"[\s]+", "-", slug) or "section")


HEADING_ID_LEVELS = ("h2", "h3", "h4")


def _heading_ids(state: StateCore) -> None:
    """Give each h2-h4 an id from its text, unique in the document (`h-x`, `h-x-1`, ...).

    Each base slug remembers the next number to try, so 20,000 identical headings take
    linear time (mdit-py-plugins' anchors plugin counts up from 1 for every one).
    """
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in HEADING_ID_LEVELS:
            continue
        inline = tokens[index + 1]
        title = "".join(
            child.content
            for child in inline.children or ()
            if child.type in ("text", "code_inline")
        )
        base = slug = _heading_slug(title)
        if slug in taken:
            number = next_number.get(base, 1)
            while f"{base}-{number}" in taken:
                number += 1
            next_number[base] = number + 1
            slug = f"{base}-{number}"
        taken.add(slug)
        token.attrSet("id", slug)


def _safe_link(url: str) -> bool:
    return not _UNSAFE_SCHEME.match(url)


class Markup:
    """Renders Markdown bodies the same way everywhere on the site."""

    def __init__(self, *, allow_html: bool) -> None:
        md = MarkdownIt(
            "commonmark", {"html": allow_html, "typographer": False, "maxNesting": MAX_NESTING}
        )
        md.enable(["table", "strikethrough"])
        md.use(footnote_plugin)
        md.core.ruler.push("heading_ids", _heading_ids)
        md.validateLink = validateLink if allow_html else _safe_link  # type: ignore[method-assign]
        md.core.ruler.before("inline", "bound_inline_cost", _bound_inline_cost)
        self._md = md

    def render(
        self,
        text: str,
        *,
        source_path: str,
        body_line: int,
        page_url: str,
        note_urls: Mapping[str, str],
        absolute_base: str | None = None,
    ) -> Fragment:
        """Render a body once: links to notes relative to `page_url`, and, when
        `absolute_base` is given, a second rendering with absolute links for feeds."""
        env: dict[str, list[int]] = {"bounded_lines": []}
        tokens = self._md.parse(text, env)
        links, problems, checks = _body_links(
            tokens, text.split("\n"), source_path, body_line, page_url, note_urls
        )
        problems += [
            Problem(
                source_path,
                body_line + line,
                1,
                "paragraph has too much Markdown punctuation to format quickly; "
                "it is shown as plain text",
                Severity.WARNING,
            )
            for line in env["bounded_lines"]
        ]
        for token, target, anchor in links:
            token.attrSet(_LINK_ATTRIBUTE[token.type], relative(page_url, target) + anchor)
        html = self._md.renderer.render(tokens, self._md.options, env)
        absolute_html = ""
        if absolute_base is not None:
            for token, target, anchor in links:
                token.attrSet(_LINK_ATTRIBUTE[token.type], absolute_base + target + anchor)
            absolute_html = self._md.renderer.render(tokens, self._md.options, env)
        return Fragment(html, tuple(problems), _first_paragraph(tokens), absolute_html, checks)

    def first_paragraph(self, text: str) -> str:
        """The plain text of the first paragraph, for summaries."""
        return _first_paragraph(self._md.parse(text))


def _first_paragraph(tokens: list[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and index + 1 < len(tokens):
            return _plain_text(tokens[index + 1])
    return ""


def _inline_cost(text: str) -> int:
    return sum(_WEIGHTS.get(char, 1) for char in _COSTLY.findall(text))


def _bound_inline_cost(state: StateCore) -> None:
    """Keep inline parsing linear: over budget, a paragraph becomes a plain text token."""
    spent = 0
    for token in state.tokens:
        if token.type != "inline":
            continue
        cost = _inline_cost(token.content)
        if spent + cost > INLINE_BUDGET:
            token.type = "text"  # rendered escaped, never parsed for links or emphasis
            state.env.setdefault("bounded_lines", []).append(token.map[0] if token.map else 0)
        else:
            spent += cost


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _where(lines: list[str], block: Token, href: str, cursor: list[int]) -> tuple[int, int]:
    """The body line and column (0-based line, 1-based column) where `href` is written in
    `block`, searching on from the last link found in it; the block's start if not found."""
    first = block.map[0] if block.map else 0
    last = block.map[1] if block.map else first + 1
    text = "\n".join(lines[first:last])
    for written in dict.fromkeys((href, unquote(href))):
        at = text.find(written, cursor[0]) if written else -1
        if at >= 0:
            cursor[0] = at + len(written)
            before = text[:at]
            return first + before.count("\n"), at - (before.rfind("\n") + 1) + 1
    return first, 1


def _body_links(
    tokens: list[Token],
    lines: list[str],
    source_path: str,
    body_line: int,
    page_url: str,
    note_urls: Mapping[str, str],
) -> tuple[list[tuple[Token, str, str]], list[Problem], tuple[BodyLink, ...]]:
    """Links and images written in a body: those to another note's file or a content file,
    as (token, the URL to link to, '#anchor' or ''); problems with note links; and every
    link whose target is checked when the site is known."""
    rewrites, problems, checks = [], [], []
    page_file = output_file(page_url)
    for block in tokens:
        cursor = [0]
        for token in block.children or ():
            attribute = _LINK_ATTRIBUTE.get(token.type)
            if attribute is None:
                continue
            href = str(token.attrGet(attribute) or "")
            at_line, col = _where(lines, block, href, cursor)
            line = body_line + at_line
            if token.type == "image" and not token.content.strip():
                problems.append(
                    Problem(
                        source_path,
                        line,
                        col,
                        f"image {href} has no alt text: say what it shows between the brackets, "
                        "![like this](...), for readers who cannot see it",
                        Severity.WARNING,
                    )
                )
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            target, fragment = unquote(parts.path), parts.fragment
            if target.startswith("/"):
                checks.append(BodyLink(line, col, href, ROOT, href))
            elif not target:
                checks.append(BodyLink(line, col, href, ANCHOR, page_file, fragment))
            elif target.endswith(".md"):
                note = resolve_note_link(source_path, target)
                if note not in note_urls:
                    problems.append(
                        Problem(
                            source_path, line, col, f"link to a note that does not exist: {href}"
                        )
                    )
                    continue
                rewrites.append((token, note_urls[note], f"#{fragment}" if fragment else ""))
                if fragment:
                    checks.append(
                        BodyLink(line, col, href, ANCHOR, output_file(note_urls[note]), fragment)
                    )
            elif _is_content_file(source_path, target):
                path = resolve_note_link(source_path, target)
                rewrites.append((token, path.removeprefix("content/"), ""))
                checks.append(BodyLink(line, col, href, FILE, path))
            else:  # a page of the site, written as its address relative to this page
                reached = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), target))
                if target.endswith("/") or reached == ".":
                    reached = "index.html" if reached == "." else f"{reached}/index.html"
                checks.append(BodyLink(line, col, href, PAGE, reached, fragment))
    return rewrites, problems, tuple(checks)


def _is_content_file(source_path: str, target: str) -> bool:
    """A relative link to a file under content/ (one with an extension, not a page)."""
    resolved = resolve_note_link(source_path, target)
    name = target.rstrip("/").rsplit("/", 1)[-1]
    return resolved.startswith("content/") and not target.endswith("/") and "." in name[1:]


def check_body_links(
    bodies: Mapping[str, Fragment],
    outputs: Iterable[str],
    content_files: Iterable[str],
    note_urls: Mapping[str, str],
    ids_of: Callable[[str], set[str]],
) -> list[Problem]:
    """Every link in the bodies whose target is known only once the site is: content files,
    pages and #anchors (ids_of gives the ids on an output page); and links from the site's
    root, which break under a sub-path."""
    outputs = set(outputs)
    files = set(content_files)
    notes_by_url = {url: path for path, url in note_urls.items()}
    problems = []
    for path, fragment in bodies.items():
        for link in fragment.links:
            found = _link_problem(path, link, outputs, files, notes_by_url, ids_of)
            if found is not None:
                message, severity = found
                problems.append(Problem(path, link.line, link.col, message, severity))
    return sorted(problems)


def _link_problem(
    path: str,
    link: BodyLink,
    outputs: set[str],
    files: set[str],
    notes_by_url: Mapping[str, str],
    ids_of: Callable[[str], set[str]],
) -> tuple[str, Severity] | None:
    if link.kind == FILE:
        if link.target in files:
            return None
        hint = _nearest_file(path, link.target, files)
        return (
            f"link to a file that does not exist: {link.href} (no {link.target}){hint}",
            Severity.ERROR,
        )
    if link.kind == ROOT:
        return _root_link_message(path, link.href, notes_by_url, files), Severity.WARNING
    page = link.target
    if page not in outputs and f"{page}/index.html" in outputs:
        page = f"{page}/index.html"
    if page not in outputs:
        return f"link to a page that does not exist: {link.href}", Severity.ERROR
    if link.fragment and page.endswith(".html"):
        ids = ids_of(page)
        if link.fragment not in ids:
            hint = did_you_mean(link.fragment, ids)
            return f"link to a missing anchor: {link.href}{hint}", Severity.ERROR
    return None


def _nearest_file(path: str, target: str, files: set[str]) -> str:
    """'; did you mean ...?' with the nearest file by name, as a link from the note at `path`."""
    name = target.rsplit("/", 1)[-1]
    by_name: dict[str, str] = {}
    for file in sorted(files):
        by_name.setdefault(file.rsplit("/", 1)[-1], file)
    matches = difflib.get_close_matches(name, sorted(by_name), n=1, cutoff=0.6)
    if not matches:
        return ""
    return f"; did you mean {posixpath.relpath(by_name[matches[0]], posixpath.dirname(path))}?"


def _root_link_message(
    path: str, href: str, notes_by_url: Mapping[str, str], files: set[str]
) -> str:
    address = urlsplit(href).path.lstrip("/")
    folder = posixpath.dirname(path)
    note = notes_by_url.get(address) or notes_by_url.get(f"{address}/")
    content = f"content/{address}"
    if note:
        better = f"link the note by its file: {posixpath.relpath(note, folder)}"
    elif content in files:
        better = f"link the file by its path from this note: {posixpath.relpath(content, folder)}"
    else:
        better = "write the link relative to this note"
    return (
        f"link {href} starts at the site's root, so it breaks when the site is published "
        f"under a sub-path (as GitHub Pages project sites are); {better}"
    )
