"""The one configured Markdown renderer.

CommonMark with tables, strikethrough, footnotes and heading anchors. Unless
the site sets `allow_html`, raw HTML is shown as text and links or images with
a script-capable scheme (javascript:, vbscript:, data:, file:) are not made
into links. A link to another note by its file name (`other.md`,
`../themes/x.md`) becomes a link to that note's page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator.errors import Problem, Severity
from generator.site.urls import relative, resolve_note_link

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


@dataclass(frozen=True)
class Fragment:
    """A body rendered for one page, and the problems found in its links."""

    html: str
    problems: tuple[Problem, ...]
    first_paragraph: str = ""  # plain text, for summaries
    absolute_html: str = ""  # links absolute from the site's base URL, for feeds


def fragment_to_cache(fragment: Fragment) -> list[Any]:
    problems = [[p.path, p.line, p.col, p.message, p.severity.value] for p in fragment.problems]
    return [fragment.html, problems, fragment.first_paragraph, fragment.absolute_html]


def fragment_from_cache(entry: list[Any]) -> Fragment:
    html, problems, first_paragraph, absolute_html = entry
    return Fragment(
        str(html),
        tuple(Problem(str(p), int(ln), int(c), str(m), Severity(s)) for p, ln, c, m, s in problems),
        str(first_paragraph),
        str(absolute_html),
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
        links, problems = _note_links(tokens, source_path, body_line, note_urls)
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
            token.attrSet("href", relative(page_url, target) + anchor)
        html = self._md.renderer.render(tokens, self._md.options, env)
        absolute_html = ""
        if absolute_base is not None:
            for token, target, anchor in links:
                token.attrSet("href", absolute_base + target + anchor)
            absolute_html = self._md.renderer.render(tokens, self._md.options, env)
        return Fragment(html, tuple(problems), _first_paragraph(tokens), absolute_html)

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


def _note_links(
    tokens: list[Token],
    source_path: str,
    body_line: int,
    note_urls: Mapping[str, str],
) -> tuple[list[tuple[Token, str, str]], list[Problem]]:
    """Links written to another note's file: (token, that note's URL, '#anchor' or '')."""
    links, problems = [], []
    for block in tokens:
        line = body_line + (block.map[0] if block.map else 0)
        for token in block.children or ():
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            target, _, anchor = href.partition("#")
            if not target.endswith(".md") or _HAS_SCHEME.match(target) or target.startswith("/"):
                continue
            note = resolve_note_link(source_path, target)
            if note not in note_urls:
                problems.append(
                    Problem(source_path, line, 1, f"link to a note that does not exist: {href}")
                )
                continue
            links.append((token, note_urls[note], f"#{anchor}" if anchor else ""))
    return links, problems
