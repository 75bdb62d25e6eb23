"""The one configured Markdown renderer.

CommonMark with tables, strikethrough, footnotes and heading anchors; a bare web address
(`https://...` or `www....`) is a link, as GitHub's preview shows it. Unless
the site sets `allow_html`, raw HTML is shown as text. A link or image whose scheme is not
one of `urls.LINK_SCHEMES` (javascript:, data:, search-ms:, ...) is shown as the text it
was written as. A link to another note by its file name (`other.md`,
`../themes/x.md`) becomes a link to that note's page. Each table is in a scroll region.
"""

from __future__ import annotations

import difflib
import hashlib
import posixpath
import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from html import unescape
from itertools import accumulate, chain, pairwise
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, unquote, urlsplit

from generator.content.addresses import addresses_in, text_problem
from generator.errors import Problem, Severity, closest, in_order
from generator.site.urls import (
    LINK_SCHEMES,
    linkable,
    output_file,
    published_file,
    relative,
    resolve_note_link,
    source_urls,
)

if TYPE_CHECKING:  # markdown-it-py itself is imported when a body is first rendered
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

    from generator.content.model import Removal, Site

HEADING_ID_PREFIX = "h-"
MAX_NESTING = 20
# Inline parsing costs markdown-it time for every '[' or emphasis marker (and the '://' of
# each address it may make a link of), so a hostile file full of them would take minutes.
# Each document gets a budget of such characters, weighted by cost; a paragraph that would
# exceed it is shown as plain text, with a warning.
INLINE_BUDGET = 40_000
_COSTLY = re.compile(r"://|[\[]|[*_~]|[!&\\<\](]")
_WEIGHTS = MappingProxyType({"[": 10, "*": 4, "_": 4, "~": 4, "://": 4})
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


_LINK_ATTRIBUTE = MappingProxyType({"link_open": "href", "image": "src"})
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
    # What turns `html` into its feed template (see `feed_template`, `feed_edits`).
    feed: FeedEdits = None
    links: tuple[BodyLink, ...] = ()
    # The notes its links name, each with the URL it had (for one not published, what git said
    # became of it, see `BodyRenderer.links_current`): all the HTML reads of where notes are
    # published, so a cached copy stands while each is where it was.
    notes: tuple[tuple[str, str], ...] = ()
    # A digest of `html`, which a meeting's key stands for in its place (see `changes`).
    digest: str = ""

    def __post_init__(self) -> None:
        if not self.digest:
            digest = hashlib.blake2b(self.html.encode(), digest_size=16).hexdigest()
            object.__setattr__(self, "digest", digest)

    @property
    def feed_template(self) -> str:
        """The HTML for feeds: links absolute, each starting with BASE_URL_MARK where the
        site's base URL goes (see `feed_html`), so that it does not depend on where the site
        is published; "" for a body no feed shows."""
        if self.feed is None or isinstance(self.feed, str):
            return self.feed or ""
        pieces, at = [], 0
        for start, end, text in self.feed:
            pieces += [self.html[at:start], text]
            at = end
        pieces.append(self.html[at:])
        return "".join(pieces)


# A fragment's feed template, as what turns its HTML into it: None for a body no feed shows;
# else (start, end, text) for each run between quotes that differs (the links' targets: the
# template is held in a few short texts rather than a second copy of the HTML, which halves
# the Markdown cache), or the whole template when the two hold different numbers of quotes.
FeedEdits = tuple[tuple[int, int, str], ...] | str | None


def feed_edits(html: str, template: str) -> FeedEdits:
    """What turns `html` into the feed `template` (see `FeedEdits`): both cut at each quote,
    the runs of the template that differ, where they are in `html`."""
    mine, theirs = html.split('"'), template.split('"')
    if len(mine) != len(theirs):
        return template
    edits = []
    at = 0
    for run, other in zip(mine, theirs, strict=True):
        if run != other:
            edits.append((at, at + len(run), other))
        at += len(run) + 1
    return tuple(edits)


# A rendered body is cached as what the whole site reads of it (its problems, first paragraph,
# links, notes and digest: `fragment_to_cache`) and, for a meeting's body, its HTML and feed
# edits in an entry of their own under the same key (`html_to_cache`), which a build that
# follows an edit reads only for the few pages and files it makes (`fragment_from_cache`).
def fragment_to_cache(fragment: Fragment, html_apart: bool = False) -> list[Any]:
    """The entry of `fragment`; with `html_apart`, without its HTML and feed edits."""
    problems = [[p.path, p.line, p.col, p.message, p.severity.value] for p in fragment.problems]
    links = [[k.line, k.col, k.href, k.kind, k.target, k.fragment] for k in fragment.links]
    notes = [list(note) for note in fragment.notes]
    html, feed = (None, None) if html_apart else html_to_cache(fragment)
    return [html, problems, fragment.first_paragraph, feed, links, notes, fragment.digest]


def html_to_cache(fragment: Fragment) -> list[Any]:
    feed = fragment.feed
    return [fragment.html, [list(edit) for edit in feed] if isinstance(feed, tuple) else feed]


def html_from_cache(entry: list[Any]) -> tuple[str, FeedEdits]:
    """The HTML and feed edits `html_to_cache` stored."""
    html, feed = entry
    html = str(html)
    if isinstance(feed, list):
        feed = tuple((int(start), int(end), str(text)) for start, end, text in feed)
        ends = [0, *(at for start, end, _ in feed for at in (start, end)), len(html)]
        if ends != sorted(ends):
            raise ValueError("the feed's edits are not in the HTML")  # made again
    elif feed is not None:
        feed = str(feed)
    return html, feed


def fragment_from_cache(
    entry: list[Any],
    html_of: Callable[[], tuple[str, FeedEdits]] | None = None,
    when_read: bool = False,
) -> Fragment:
    """The Fragment of `entry`; of one stored without its HTML, with what `html_of` gives,
    asked now, or (`when_read`) when its HTML or feed edits are first read."""
    html, problems, first_paragraph, feed, links, notes, digest = entry
    facts = {
        "problems": tuple(
            Problem(str(p), int(ln), int(c), str(m), Severity(s)) for p, ln, c, m, s in problems
        ),
        "first_paragraph": str(first_paragraph),
        "links": tuple(
            BodyLink(int(ln), int(c), str(h), str(k), str(t), str(f)) for ln, c, h, k, t, f in links
        ),
        "notes": tuple((str(path), str(url)) for path, url in notes),
        "digest": str(digest),
    }
    if html is None:
        if html_of is None:
            raise ValueError("its HTML is stored apart")
        if when_read:
            fragment = object.__new__(_HtmlWhenRead)
            object.__setattr__(fragment, "__dict__", {**facts, "_html_of": html_of})
            return fragment
        html, feed = html_of()
    else:
        html, feed = html_from_cache([html, feed])
    return Fragment(html, facts["problems"], facts["first_paragraph"], feed, **_rest(facts))


def _rest(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {name: facts[name] for name in ("links", "notes", "digest")}


class _HtmlWhenRead(Fragment):
    """A Fragment whose HTML and feed edits are asked for when first read: then it is a
    Fragment like any other (its class and its fields, in their order). (Properties, as
    `feed` has a default on the class, which an instance without it would read.)"""

    @property  # type: ignore[misc]
    def html(self) -> str:
        return self._whole()["html"]

    @property  # type: ignore[misc]
    def feed(self) -> FeedEdits:
        return self._whole()["feed"]

    def _whole(self) -> dict[str, Any]:
        held = self.__dict__
        html, feed = held["_html_of"]()
        whole = {
            "html": html,
            "problems": held["problems"],
            "first_paragraph": held["first_paragraph"],
            "feed": feed,
            **_rest(held),
        }
        object.__setattr__(self, "__dict__", whole)
        object.__setattr__(self, "__class__", Fragment)
        return whole


def html_read(fragments: Iterable[Fragment]) -> None:
    """Each fragment's HTML asked for now (a build that lists every page reads them all,
    and its page workers, forked after, then share them)."""
    for fragment in fragments:
        if type(fragment) is _HtmlWhenRead:
            fragment._whole()


# Stands for the site's base URL in a fragment's feed HTML: a NUL, which no note can hold (a
# control character in a body is an error) and HTML escaping leaves as it is.
BASE_URL_MARK = "\x00"


# A table's scroll region as `table_region` opens it: the role, name and tab stop that make
# it a region a page's keyboard can scroll, which a feed reader's page has no use for.
_REGION_OPENING = '<div class="table-scroll" role="region" '
_REGION_ATTRIBUTES = re.compile(
    r'(<div class="table-scroll") role="region" aria-label="[^"<>]*" tabindex="0">'
)


def feed_html(fragment: Fragment, base_url: str) -> str:
    """The fragment's HTML for feeds, its links absolute from `base_url`, each table's scroll
    region a plain wrapper (no role, name or tab stop, which are the site's pages')."""
    html = fragment.feed_template
    if _REGION_OPENING in html:
        html = _REGION_ATTRIBUTES.sub(r"\1>", html)
    return html.replace(BASE_URL_MARK, _escape_html(base_url))


_OPENING_HEADING = re.compile(r"\s*<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


_TOP_HEADING = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1>", re.DOTALL)


def _is_discussion(heading_html: str) -> bool:
    return unescape(_TAG.sub("", heading_html)).strip().casefold() == "discussion"


_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL)
_AGENDA = re.compile(r"agenda\b", re.IGNORECASE)
# The tags a heading may sit inside: an agenda heading inside one is not a section of its own.
_CONTAINER = re.compile(r"<(/?)(?:blockquote|details|div|section|aside|ul|ol|li|table)\b")


def agenda_section(fragment: Fragment, root: str) -> str:
    """A meeting's written agenda, for the agenda pack: the part of its body's HTML from its
    first heading whose text starts with the word "Agenda" ("Agenda for 10 December"), not
    inside a list, quote or block, up to the next heading of that level or above (or the end),
    with its links leading where they do on the meeting's page, from a page at `root` (the
    link from it to the site's root: "../"), its headings moved up to open at the second
    level, the pack's own parts' (one written `### Agenda` skips none); "" when it has none."""
    html = fragment.feed_template
    headings = list(_HEADING.finditer(html))
    for i, found in enumerate(headings):
        words = unescape(_TAG.sub("", found.group(2))).strip()
        if not _AGENDA.match(words) or _depth(html[: found.start()]):
            continue
        level = found.group(1)
        after = (h.start() for h in headings[i + 1 :] if h.group(1) <= level)
        end = next((at for at in after if not _depth(html[:at])), len(html))
        section = html[found.start() : end].strip().replace(BASE_URL_MARK, root)
        return _headings_up(section, int(level) - 2)
    return ""


def _headings_up(html: str, levels: int) -> str:
    """`html` with each heading `levels` higher, none above h2 (one in a list of an agenda
    may be higher than the agenda's own)."""
    if levels <= 0:
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{max(2, int(m.group(2)[1]) - levels)}", html)


def agenda_whole(fragment: Fragment, root: str) -> str:
    """A meeting's whole text as the agenda pack shows it under a heading of its own (the
    text of a meeting published ahead, with no agenda section: see `agenda_section`): each
    heading one level down to fit under the pack's, its links as `agenda_section` has them."""
    html = fragment.feed_template.strip()
    lowered = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}{_LEVEL_BELOW[m.group(2)]}", html)
    return lowered.replace(BASE_URL_MARK, root)


# A heading's opening or closing tag: its slash, if closing, and its name.
_HEADING_TAG = re.compile(r"<(/?)(h[1-6])\b")


# A link as a body's HTML has it: its address, the rest of its attributes, its words.
_BODY_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def printed_addresses(html: str, page_url: str, base_url: str) -> str:
    """`html`, a body shown on the page at `page_url`, with the address each of its links to
    another site or to a file (a paper) prints after its words, in `data-address`: without
    its scheme (a file's from `base_url`), so that a reader of the paper can type it. A link
    to one of the site's pages, within the page, or to mail or a phone prints none, and nor
    does one whose words are its address."""

    def with_address(link: re.Match[str]) -> str:
        href, rest, words = link.groups()
        target = unescape(href)
        if not _WEB.match(target):
            if _HAS_SCHEME.match(target) or target.startswith(("#", "/")):
                return link.group(0)
            file = target.partition("#")[0]
            path = posixpath.normpath(posixpath.join(page_url, file))
            if not file or file.endswith("/") or path.startswith(".."):
                return link.group(0)  # a page of the site, or outside it
            target = base_url + path
        address = _short_address(target)
        if _short_address(unescape(_TAG.sub("", words)).strip()).casefold() == address.casefold():
            return link.group(0)
        return f'<a href="{href}" data-address="{_escape_html(address)}"{rest}>{words}</a>'

    return _BODY_LINK.sub(with_address, html) if "<a href=" in html else html


def _short_address(url: str) -> str:
    """`url` as a reader types it: without `https://`, or a slash after its host alone."""
    short = _WEB.sub("", url)
    return short.removesuffix("/") if short.count("/") == 1 else short


def _depth(html: str) -> int:
    """How many list, quote or block tags are open at the end of `html`."""
    return sum(-1 if closing else 1 for closing in (m.group(1) for m in _CONTAINER.finditer(html)))


def body_heading(html: str) -> str | None:
    """The heading a meeting's page and feed entry put over its body, after "Since the last
    meeting": none when the body opens with a first or second level heading of its writer's
    (which keeps it apart from what changed; a "Discussion" heading in any level or case),
    rather than a heading with nothing under it; "Summary" when a "Discussion" heading (a
    first or second level one) follows some text, so that no "Discussion" shows twice; else
    "Discussion"."""
    opening = _OPENING_HEADING.match(html)
    if opening is not None and (opening.group(1) in ("1", "2") or _is_discussion(opening.group(2))):
        return None
    if any(_is_discussion(found.group(2)) for found in _TOP_HEADING.finditer(html)):
        return "Summary"
    return "Discussion"


def _heading_slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE).strip()
    return HEADING_ID_PREFIX + (re.sub(r"[\s]+", "-", slug) or "section")


HEADING_ID_LEVELS = ("h2", "h3", "h4")
# A text's headings written at these levels take an id: h2-h4, and h1, which is shown as an h2.
_WRITTEN_ID_LEVELS = frozenset(("h1", *HEADING_ID_LEVELS))
# Each heading's tag one level down, for a text that uses h1 (the page's own heading's level).
_LEVEL_BELOW = MappingProxyType({f"h{n}": f"h{min(n + 1, 6)}" for n in range(1, 7)})


def _unique_ids(titles: Iterable[str]) -> list[str]:
    """An id for each heading title, unique in the document (`h-x`, `h-x-1`, ...).

    Each base slug remembers the next number to try, so 20,000 identical headings take
    linear time (mdit-py-plugins' anchors plugin counts up from 1 for every one).
    """
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    ids = []
    for title in titles:
        base = slug = _heading_slug(title)
        if slug in taken:
            number = next_number.get(base, 1)
            while f"{base}-{number}" in taken:
                number += 1
            next_number[base] = number + 1
            slug = f"{base}-{number}"
        taken.add(slug)
        ids.append(slug)
    return ids


def _heading_ids(state: StateCore) -> None:
    """Give each heading written h1-h4 an id from its text, unique in the document; in a
    text with an h1, every heading one level down (an h6 stays one), so that the page's
    title is its one h1 and the text's top level sits beside the page's own sections."""
    tokens = state.tokens
    every = [index for index, token in enumerate(tokens) if token.type == "heading_open"]
    headings = [index for index in every if tokens[index].tag in _WRITTEN_ID_LEVELS]
    if any(tokens[index].tag == "h1" for index in headings):
        for index in every:  # heading_open, its inline text, heading_close
            tokens[index].tag = tokens[index + 2].tag = _LEVEL_BELOW[tokens[index].tag]
    titles = (
        "".join(
            child.content
            for child in tokens[index + 1].children or ()
            if child.type in ("text", "code_inline")
        )
        for index in headings
    )
    for index, slug in zip(headings, _unique_ids(titles), strict=True):
        tokens[index].attrSet("id", slug)


class Markup:
    """Renders Markdown bodies the same way everywhere on the site."""

    def __init__(self, *, allow_html: bool, accelerated: bool = True) -> None:
        """`accelerated`: let markdown-it-pyrs render the bodies it renders identically, when
        it is installed (see `Accelerator`); markdown-it-py renders the rest."""
        self._allow_html = allow_html
        self._parser: MarkdownIt | None = None
        self._accelerated = accelerated
        self._fast: Accelerator | None = None

    @property
    def _accelerator(self) -> Accelerator | None:
        """The accelerator, set up when first used (None when not installed or not wanted)."""
        if self._accelerated and self._fast is None:
            self._fast = load_accelerator(allow_html=self._allow_html)
            self._accelerated = self._fast is not None
        return self._fast

    @property
    def _md(self) -> MarkdownIt:
        """markdown-it-py, set up when first used: a build that takes every body from the
        cache neither imports nor sets it up."""
        if self._parser is None:
            self._parser = _markdown_it(allow_html=self._allow_html)
        return self._parser

    def render(
        self,
        text: str,
        *,
        source_path: str,
        body_line: int,
        page_url: str,
        note_urls: Mapping[str, str],
        for_feeds: bool = False,
        renamed_notes: Mapping[str, str] | None = None,
        taken_out_notes: Mapping[str, Removal] | None = None,
    ) -> Fragment:
        """Render a body once: links to notes relative to `page_url`, and, `for_feeds`, a
        second rendering with absolute links (see `Fragment.feed_template`). A link to a
        path in `renamed_notes` (a note's path before git renamed its file -> its path now)
        is an error naming the path to write; to one in `taken_out_notes` (a note's file git
        shows taken out -> its deletion), one saying how to put it back."""
        renamed_notes, taken_out_notes = renamed_notes or {}, taken_out_notes or {}
        lines = text.split("\n")
        if self._accelerator is not None:
            fast = self._accelerator.render(
                text,
                lines,
                source_path,
                body_line,
                page_url,
                note_urls,
                for_feeds,
                renamed_notes,
                taken_out_notes,
            )
            if fast is not None:
                return fast
        env: dict[str, list[int]] = {"bounded_lines": []}
        tokens = self._md.parse(text, env)
        written, handles = _written_in(tokens)
        gone = _Gone(renamed_notes, taken_out_notes)
        rewrites, problems, checks, notes = _body_links(
            written, lines, source_path, body_line, page_url, note_urls, gone
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
        links = [(handles[index], target, anchor) for index, target, anchor in rewrites]
        for token, target, anchor in links:
            token.attrSet(_LINK_ATTRIBUTE[token.type], relative(page_url, target) + anchor)
        html = self._md.renderer.render(tokens, self._md.options, env)
        problems += shown_as_written(html, lines, source_path, body_line)
        html = captioned_tables(html)
        feed: FeedEdits = None
        if for_feeds:
            for token, target, anchor in links:
                token.attrSet(_LINK_ATTRIBUTE[token.type], BASE_URL_MARK + target + anchor)
            absolute = self._md.renderer.render(tokens, self._md.options, env)
            feed = feed_edits(html, captioned_tables(absolute))
        first_paragraph = _first_paragraph(tokens)
        return Fragment(html, tuple(problems), first_paragraph, feed, checks, notes)

    def first_paragraph(self, text: str) -> str:
        """The plain text of the first paragraph, for summaries."""
        return _first_paragraph(self._md.parse(text))


@dataclass(frozen=True)
class BodySource:
    """A Markdown body and the page it is shown on, with the title that page shows over it
    (a meeting's or a theme's; "" for none), which its first heading should not repeat."""

    path: str
    body: str
    body_line: int
    page_url: str
    title: str = ""


class BodyRenderer:
    """Turns the site's Markdown bodies into HTML for the pages that show them."""

    def __init__(
        self,
        allow_html: bool,
        note_urls: Mapping[str, str],
        meeting_paths: Iterable[str],
        renamed_notes: Mapping[str, str] | None = None,
        taken_out_notes: Mapping[str, Removal] | None = None,
    ) -> None:
        """`note_urls`: where each note is published, by path; `meeting_paths`: those of the
        meetings (their bodies go into feeds too); `renamed_notes`: a note's path before git
        renamed its file -> its path now; `taken_out_notes`: a note's file git shows taken
        out -> its deletion."""
        self._markup = Markup(allow_html=allow_html)
        self._note_urls = note_urls
        self._meeting_paths = frozenset(meeting_paths)
        self._html = "html" if allow_html else "safe"
        self._renamed_notes = dict(renamed_notes or {})
        self._taken_out_notes = dict(taken_out_notes or {})

    @classmethod
    def for_site(cls, site: Site) -> BodyRenderer:
        meeting_paths = (m.path for m in site.meetings)
        note_urls = source_urls(site)
        renamed = site.history.renamed_files(note_urls)
        taken_out = site.history.taken_out_notes(note_urls)
        return cls(site.settings.site.allow_html, note_urls, meeting_paths, renamed, taken_out)

    def render(self, source: BodySource) -> Fragment:
        fragment = self._markup.render(
            source.body,
            source_path=source.path,
            body_line=source.body_line,
            page_url=source.page_url,
            note_urls=self._note_urls,
            for_feeds=source.path in self._meeting_paths,
            renamed_notes=self._renamed_notes,
            taken_out_notes=self._taken_out_notes,
        )
        found = addresses_published(fragment.html, source.body, source.path, source.body_line)
        found += _heading_repeating_title(source)
        if source.path in self._meeting_paths:
            found += lists_left_untracked(source)
        notes = tuple((path, self._place_of(path)) for path, _ in fragment.notes)
        return replace(fragment, problems=(*fragment.problems, *found), notes=notes)

    def inputs(self, source: BodySource) -> tuple[str, ...]:
        """What the HTML of `source` is made from (the pipeline's cache key), but where the
        notes it links to are published, or what git says became of them: see
        `links_current`."""
        return (
            source.path,
            str(source.body_line),
            source.page_url,
            self._html,
            "feeds" if source.path in self._meeting_paths else "",
            source.body,
            # whether its first heading repeats its page's title (a warning), not the title
            # itself: a title edit leaves the cached HTML of a text that does not
            str(repeated_title_line(source.body, source.title)),
        )

    def links_current(self, fragment: Fragment) -> bool:
        """Whether each note `fragment` links to is still where it was when it was rendered
        (or still missing, renamed to the same path or taken out by the same commit)."""
        return all(self._place_of(path) == where for path, where in fragment.notes)

    def _place_of(self, note: str) -> str:
        """Where `note` is published, or, if it is not, what a link to it is told: ">path"
        for a note git renamed, "<commit day" for one git shows taken out, else ""."""
        if note in self._note_urls:
            return self._note_urls[note]
        if note in self._renamed_notes:
            return ">" + self._renamed_notes[note]
        gone = self._taken_out_notes.get(note)
        return f"<{gone.commit} {gone.day}" if gone else ""


# What a #fragment can reach, as `linkcheck` reads it: any element's id, and an <a>'s name
# (never another element's name, such as a <meta name="description">).
_ID = re.compile(rb"""\sid=["']([^"']+)["']""", re.IGNORECASE)
_A_NAME = re.compile(rb"""<a(?:\s[^>]*?)?\sname=["']([^"']+)["']""", re.IGNORECASE)


def ids_in(page: bytes) -> set[str]:
    """The ids (and `<a name>`s) on a page, which #anchors can reach."""
    found = chain(_ID.findall(page), _A_NAME.findall(page))
    return {unescape(value.decode("utf-8", "replace")) for value in found}


_HEADING_ID = re.compile(rb"""<h[1-6][^>]*?\sid=["']([^"']+)["']""")
# How many of a page's anchors a message about a missing one names.
_ANCHORS_NAMED = 8


def heading_ids_in(page: bytes) -> list[str]:
    """The ids of a page's headings, in page order: the anchors a writer links to."""
    return [unescape(found.decode("utf-8", "replace")) for found in _HEADING_ID.findall(page)]


def _markdown_it(*, allow_html: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt(
        "commonmark",
        {"html": allow_html, "typographer": False, "maxNesting": MAX_NESTING, "linkify": True},
    )
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify = _bare_addresses()
    md.use(footnote_plugin)
    _name_footnote_links(md)
    _scroll_tables(md)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.validateLink = linkable  # type: ignore[method-assign]
    md.core.ruler.before("inline", "bound_inline_cost", _bound_inline_cost)
    return md


def _bare_addresses() -> Any:
    """linkify-it-py finding the bare addresses GitHub's preview makes links of: those with
    `http://` or `https://`, and those starting `www.` (no other scheme, no e-mail address,
    and no other name with a dot, such as `notes.md`)."""
    from linkify_it import LinkifyIt

    class WebAddresses(LinkifyIt):  # type: ignore[misc]
        def match(self, text: str) -> list[Any] | None:
            found = [
                link
                for link in super().match(text) or ()
                if link.schema or link.text[:4].lower() == "www."
            ]
            return found or None

    addresses = WebAddresses(options={"fuzzy_email": False})
    for scheme in ("ftp:", "//", "mailto:"):
        addresses.add(scheme, None)
    return addresses


def _name_footnote_links(md: MarkdownIt) -> None:
    """Footnote links named "Footnote 1" and "Back to reference 1" (1:1 for a footnote's
    second reference, as its mark shows) for a screen reader, not by their marks "[1]" and
    "↩", and the footnotes under a heading only a screen reader sees."""
    rules = md.renderer.rules
    ref, anchor = rules["footnote_ref"], rules["footnote_anchor"]
    block_open = rules["footnote_block_open"]

    def number(tokens: list[Token], idx: int) -> int:
        return int(tokens[idx].meta["id"]) + 1

    def named_ref(self: object, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        label = f'<a aria-label="Footnote {number(tokens, idx)}" '
        return ref(tokens, idx, options, env).replace("<a ", label, 1)

    def named_anchor(self: object, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        sub = int(tokens[idx].meta.get("subId", 0))
        mark = f"{number(tokens, idx)}:{sub}" if sub > 0 else str(number(tokens, idx))
        label = f'<a aria-label="Back to reference {mark}" '
        return anchor(tokens, idx, options, env).replace("<a ", label, 1)

    def headed_block(self: object, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        section = '<section class="footnotes">\n'
        return block_open(tokens, idx, options, env).replace(section, section + _FOOTNOTES)

    md.add_render_rule("footnote_ref", named_ref)
    md.add_render_rule("footnote_anchor", named_anchor)
    md.add_render_rule("footnote_block_open", headed_block)


_FOOTNOTES = '<h2 class="visually-hidden" data-pagefind-ignore>Footnotes</h2>\n'
# The footnotes' words that are nominutes' (see `_name_footnote_links`), and how
# `footnotes_in_english` marks them.
_FOOTNOTE_WORDS = (
    (_FOOTNOTES, _FOOTNOTES.replace("<h2 ", '<h2 lang="en" ')),
    ('<a aria-label="Footnote ', '<a lang="en" aria-label="Footnote '),
    ('<a aria-label="Back to reference ', '<a lang="en" aria-label="Back to reference '),
)


def footnotes_in_english(html: str) -> str:
    """A body's `html` with the words its footnotes are given (the heading "Footnotes" a
    screen reader hears, the links' names "Footnote 1" and "Back to reference 1") marked
    English, for a site in another language; the writer's footnotes stay in the site's."""
    if '<section class="footnotes">' not in html:
        return html
    for words, marked in _FOOTNOTE_WORDS:
        html = html.replace(words, marked)
    return html


def _scroll_tables(md: MarkdownIt) -> None:
    """Each table in a scroll region named by its column headings, as the site's own tables
    are, so that on a narrow screen it scrolls rather than breaking its words; a table with
    the same headings as one before it in the note numbered, " (2)", to tell them apart."""

    def headings_at(tokens: list[Token], idx: int) -> list[str]:
        headings = []
        for at in range(idx, len(tokens)):  # (a slice would copy the rest of the note)
            if tokens[at].type == "thead_close":
                break
            if tokens[at].type == "inline":
                headings.append(_plain_text(tokens[at]))
        return headings

    def numbered(tokens: list[Token]) -> dict[int, int]:
        """Each table's place among the note's tables of its columns, by its token's index."""
        seen: dict[str, int] = {}
        places = {}
        for at, token in enumerate(tokens):
            if token.type == "table_open":
                columns = _columns(headings_at(tokens, at))
                seen[columns] = places[at] = seen.get(columns, 0) + 1
        return places

    def region_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        # counted once for the whole note (and again for another list of tokens)
        if env.get("table_places", (None,))[0] is not tokens:
            env["table_places"] = (tokens, numbered(tokens))
        opening = table_region(headings_at(tokens, idx), env["table_places"][1][idx])
        return opening + self.renderToken(tokens, idx, options, env)

    def region_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        return self.renderToken(tokens, idx, options, env) + "</div>\n"

    md.add_render_rule("table_open", region_open)
    md.add_render_rule("table_close", region_close)


def table_region(headings: Iterable[str], nth: int = 1) -> str:
    """The opening of a note's table's scroll region, named by its column `headings` (and,
    after the first table in the note with those, the `nth`: "Table: Option, Votes (2)")."""
    named = _columns(headings)
    label = f"Table: {named}" if named else "Table"
    if nth > 1:
        label += f" ({nth})"
    return (
        f'<div class="table-scroll" role="region" aria-label="{_escape_html(label)}" '
        'tabindex="0">\n'
    )


# A paragraph "Table: …" just before a table (its scroll region's opening), which names it.
_NAMING_PARAGRAPH = re.compile(
    r"<p>Table:[ \t]*((?:(?!</?p[ >]).)*?)</p>\n"
    r'(<div class="table-scroll" role="region" aria-label="[^"]*" tabindex="0">\n<table>\n)',
    re.DOTALL,
)


def captioned_tables(html: str) -> str:
    """`html` with each table a paragraph "Table: Votes on the options" comes just before
    captioned with its words, the table's name for a screen reader, shown over it in that
    paragraph's place (its region keeps its name, "Table:" and its columns, as an action
    table's does, so that the caption is not heard twice)."""
    if "<p>Table:" not in html:
        return html

    def captioned(found: re.Match[str]) -> str:
        words, opening = found.groups()
        if not _text_of(words).strip():
            return found.group(0)  # "Table:" alone names nothing
        return f"{opening}<caption>{words}</caption>\n"

    return _NAMING_PARAGRAPH.sub(captioned, html)


def _columns(headings: Iterable[str]) -> str:
    """A table's column `headings` as its region's name gives them: "Option, Votes"."""
    return ", ".join(" ".join(text.split()) for text in headings if text.strip())


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
    """The words of an inline token, an image's by its alt text (its place in the
    sentence)."""
    return _words_of(inline).strip()


def _words_of(inline: Token) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_words_of(child))  # its alt text, as the page's <img> has it
    return "".join(parts)


# A link or image that Markdown left as text, `[text](address)` with a space in an address
# that looks like one (a path, a file name or a web address), outside code.
# `_left_as_text` finds, in one pass, exactly what `finditer` of
# `!?\[[^\]\n]*\]\(([^()<>\n]* [^()<>\n]*)\)` finds, without that pattern's cost: it tried
# every split of the address at each space, and scanned to the ']' again from each '['.
_ADDRESS_END = re.compile(r"[()<>\n]")
_LOOKS_LIKE_ADDRESS = re.compile(r"/|\.\w{1,5}\s*$|^\s*\w+:")
_CODE_ELEMENT = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
# The tags of a link, emphasis or strikethrough, which the page shows as the words between:
# a bare web address in an address with a space is a link of its own (`[report](<a
# href="https://example.org/a">https://example.org/a</a> b)`), and emphasis can be in the
# text (`[<em>x</em>](a b.png)`).
_PHRASING_TAG = re.compile(r"</?(?:a|em|strong|s)\b[^>]*>")
# An address on the web: with a scheme (`https:`), or a bare `www.` one (group 1), which a
# link needs written with its scheme.
_WEB_ADDRESS = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*:|(www\.))", re.IGNORECASE)


def _addresses_with_spaces(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """Links and images shown as text because their address has a space in it (a file
    uploaded as `Group photo.png`, say), each where it is written."""
    if "](" not in html:
        return []
    found = []
    after = 0
    body = "\n".join(lines)
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    shown = unescape(_PHRASING_TAG.sub("", _CODE_ELEMENT.sub("", html)))
    for _, address in _left_as_text(shown):
        if not _LOOKS_LIKE_ADDRESS.search(address):
            continue  # prose in brackets, "[draft](not yet agreed)"
        if _scheme_refused(address):
            continue  # never a link, space or none: `_schemes_left_as_text` says why
        # Its address as written, after the one before (it holds no line break), and the
        # text before it from the first '[' after the ']' before, as `_left_as_text` reads
        # the page: the text as written can differ (`*x*` is shown as x).
        bracket, written_as = _address_written(body, address, after)
        if bracket < 0:
            continue  # spelt with a character reference or an escape
        n = bisect_right(starts, bracket) - 1
        start = body.find("[", max(body.rfind("]", starts[n], bracket) + 1, starts[n]), bracket)
        if start < 0:
            start = body.rfind("[", starts[n], bracket)
        if start < 0:
            continue
        if start > starts[n] and body[start - 1] == "!":
            start -= 1
        after = bracket + len(written_as) + 3
        written = body[start:after]
        web = _WEB_ADDRESS.match(written_as)
        fixed = ("https://" if web and web.group(1) else "") + written_as.strip()
        mended = written.replace(f"]({written_as})", f"](<{fixed}>)")
        # another's file, whose name is not the writer's to change, or one whose name's
        # marks, read as emphasis, are to stay out of it
        escaped = written.replace(f"]({written_as})", f"]({fixed.replace(' ', '%20')})")
        if web or written_as != address:
            other = f"or write each space as %20, {escaped}"
        elif "%" in written_as:  # `100% agreed.pdf`: %20 beside a '%' of the name misleads
            other = "or rename the file without spaces"
        else:  # a file of the site's, whose name the writer may change too
            other = f"or write each space as %20, {escaped}, or rename the file without spaces"
        found.append(
            Problem(
                source_path,
                body_line + n,
                start - starts[n] + 1,
                f"this link's address has a space in it, so the page shows it as text: "
                f"put the address in angle brackets, {mended}, {other}",
            )
        )
    return found


# What a page does not show of an address written with emphasis in it (`a *b* c.pdf` is
# shown `a b c.pdf`): its marks.
_EMPHASIS_MARKS = "[*_~]*"


def _address_written(body: str, shown: str, after: int) -> tuple[int, str]:
    """Where the '](' of the address a page shows as `shown` is written in `body`, at or
    after `after`, and the address as written there, emphasis and all (-1 if not found)."""
    bracket = body.find(f"]({shown})", after)
    if bracket >= 0 or not shown.strip():
        return bracket, shown
    marks = _EMPHASIS_MARKS.join(map(re.escape, shown))
    found = re.compile(rf"\]\(({_EMPHASIS_MARKS}{marks}{_EMPHASIS_MARKS})\)").search(body, after)
    return (found.start(), found.group(1)) if found else (-1, shown)


# A link's scheme, as a page shows a link left as text: after `](`, or a reference
# definition's `]:`, or in an autolink, `<scheme:...>`.
_SCHEME_LEFT_AS_TEXT = re.compile(
    r"""(?: \]\(\s*<? | ^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<? )([a-z][a-z0-9+.-]*):(?=[^\s>)])
      | <([a-z][a-z0-9+.-]{1,31}):[^\s<>]*>""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
# An address that starts with a scheme as `_SCHEME_LEFT_AS_TEXT` finds it.
_SCHEME_START = re.compile(r"\s*<?([a-z][a-z0-9+.-]*):(?=[^\s>)])", re.IGNORECASE)
# The tags Word leaves in text pasted from it (`<o:p></o:p>`, the smart tags
# `<st1:place>Leeds</st1:place>`, VML's `<v:shape>`): an Office namespace's prefix, a colon
# and a name. A page shows them as the text they are written as; `<st1:place>` is an
# autolink's spelling too, of a scheme no page links to.
_WORD_MARKUP = re.compile(
    r"</?(?:o|v|w|x|m|w10|st\d{1,2}):[a-z][\w.-]*(?:\s[^<>\n]*)?/?>", re.IGNORECASE
)


def _scheme_refused(address: str) -> bool:
    """Whether `address` starts with a scheme that no page links to."""
    scheme = _SCHEME_START.match(address)
    return scheme is not None and scheme.group(1).lower() not in LINK_SCHEMES


def _spelt(text: str) -> re.Pattern[str]:
    """`text` as a body may spell it: each character as itself, a backslash escape or a
    character reference (`&#109;`, `&#x6d;`, `&colon;`), as Markdown reads them."""
    from html.entities import html5

    parts = []
    for char in text:
        ways = [re.escape(char), f"&#0*{ord(char)};", f"&#x0*{ord(char):x};"]
        ways += [re.escape(f"&{name}") for name, value in html5.items() if value == char]
        if not char.isalnum():
            ways.append(re.escape(f"\\{char}"))
        parts.append(f"(?:{'|'.join(ways)})")
    return re.compile("".join(parts), re.IGNORECASE)


def _schemes_left_as_text(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """Links and images shown as text because their scheme is not one of `LINK_SCHEMES`
    (`[x](search-ms:...)`, `<ms-msdt:...>`), each where it is written."""
    if ":" not in html:
        return []
    body = "\n".join(lines)
    found, at = [], 0
    text = _shown_text(html)
    for match in _SCHEME_LEFT_AS_TEXT.finditer(text):
        group = 1 if match.group(1) else 2
        scheme = match.group(group)
        if scheme.lower() in LINK_SCHEMES or _WORD_MARKUP.fullmatch(match.group()):
            continue
        written = text[match.start(group) : match.end(group) + 1]  # the scheme and its ':'
        start = body.find(written, at)
        if start < 0:  # spelt with a character reference or an escape (`&#109;s-msdt:`)
            spelt = _spelt(written).search(body, at)
            start = spelt.start() if spelt else -1
        if start < 0:  # not found at all: the body's first line
            line, col = 0, 1
        else:
            at = start + 1
            line, col = _line_and_column(body, start)
        found.append(
            Problem(
                source_path,
                body_line + line,
                col,
                f"a link to a '{scheme}:' address is shown as text: pages and emails link only "
                "to web pages (https://), mail (mailto:) and phones (tel:), as another kind "
                "could run a script or open a program on the reader's computer; link to a web "
                "page instead, or put the address in `code` to show it",
            )
        )
    return found


# A line meant as a heading with no space after its '#'s (`#Discussion`), which a page shows
# as text: a letter straight after them (`#1 priority` may be meant as written).
_HEADING_NO_SPACE = re.compile(r"^ {0,3}(#{1,6})([^\W\d_][^\n]*)$")


def _headings_without_space(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each line written as a heading with no space after its '#'s
    (`#Discussion`), outside code: the page shows it as text, '#' and all."""
    if "#" not in html:
        return []
    shown = _shown_text(html)
    found = []
    for number, line in enumerate(lines):
        heading = _HEADING_NO_SPACE.match(line)
        if heading is None or f"{heading.group(1)}{heading.group(2)}".strip() not in shown:
            continue
        hashes, words = heading.groups()
        found.append(
            Problem(
                source_path,
                body_line + number,
                line.index("#") + 1,
                f"'{hashes}{words.strip()}' is shown as text, not as a heading: put a space "
                f"after the '{hashes}': {hashes} {words.strip()}",
                Severity.WARNING,
            )
        )
    return found


# A heading as a body writes it with '#'s (its closing '#'s left out of its words).
_WRITTEN_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


def _headings_skipping_levels(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each heading written more than one level below the one before it
    (`####` after `#`), or, as a body's first, below the third level (`####`): a
    screen reader lists a page's headings by level, and finds a gap. Advisory: a site that
    published with it still does. A body whose headings are not all written with '#'s
    (underlined, in a quote or list, in HTML) is left alone."""
    if not any(f"<h{level}" in html for level in "3456"):
        return []
    shown = [int(level) for level, _ in _HEADING.findall(html)]
    written = [
        (number, line, heading.group(1), (heading.group(2) or "").strip())
        for number, line in _unfenced(lines)
        if (heading := _WRITTEN_HEADING.match(line))
    ]
    if len(written) != len(shown):
        return []
    found = []
    # a text may come after a section of its page's own, an h2 ("Since the last meeting")
    above, above_line = 2, ""
    for level, (number, line, hashes, words) in zip(shown, written, strict=True):
        if level > above + 1:
            # a first heading is told the second level, right whatever comes before the text;
            # a text with an h1 is shown one level down
            fix = "#" * ((above + 1 if above_line else 2) - (level - len(hashes)))
            after = f"after '{above_line}'" if above_line else "as the text's first heading"
            found.append(
                Problem(
                    source_path,
                    body_line + number,
                    line.index("#") + 1,
                    f"heading '{hashes} {words}' skips a level {after}: a screen reader "
                    "lists a page's headings by level, and finds none between; write it "
                    f"{fix} {words}",
                    Severity.WARNING,
                    advisory=True,  # the page reads as written: it stops no publishing
                )
            )
        above, above_line = level, line.strip()
    return found


# A line that underlines the one above it as a heading ("Title" then "=====").
_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def _same_words(first: str, second: str) -> bool:
    """Whether two titles say the same, as a reader sees them: the same words in any case,
    spacing, punctuation or emoji ("Scenarios workshop 🎉", "Scenarios workshop.")."""
    return _WORDS.findall(first.casefold()) == _WORDS.findall(second.casefold())


_WORDS = re.compile(r"\w+")


def repeated_title_line(body: str, title: str) -> int | None:
    """The index of the line of `body` that opens it with a heading of `title`'s words
    (`# Budget meeting`, or the words underlined), which its page shows above it: None for a
    body that opens otherwise. It reads the text alone, so the rendered body's cache entry
    holds with the title changed, unless this changes (see `BodyRenderer.inputs`)."""
    if not title:
        return None
    lines = body.split("\n")
    number = next((i for i, line in enumerate(lines) if line.strip()), None)
    if number is None:
        return None
    written = _WRITTEN_HEADING.match(lines[number])
    if written is not None:
        words = written.group(2) or ""
    elif number + 1 < len(lines) and _UNDERLINE.match(lines[number + 1]):
        words = lines[number] if len(lines[number]) - len(lines[number].lstrip()) < 4 else ""
    else:
        return None
    if not words:
        return None
    same = _same_words(words, title) or (
        _MARKUP.search(words) is not None and _same_words(_without_markup(words), title)
    )
    return number if same else None


# What may mark up a heading's words: emphasis, code, a link or image, HTML, an escape.
_MARKUP = re.compile(r"[*_~`\[<&\\]")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_KEPT = re.compile(r"\x00(\d+)\x00")
_CODE = re.compile(r"(`+)(.+?)\1")
_LINKED = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_WRITTEN_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]*)>")
_EMPHASIS = re.compile(r"\*+|~+|(?<![^\W_])_+|_+(?![^\W_])")


def _without_markup(words: str) -> str:
    """A heading's words as a reader sees them, without their inline markup: `**Budget**
    meeting`, `` `Budget` meeting ``, `[Budget](budget.md) meeting` are "Budget meeting"."""
    held: list[str] = []

    def hold(text: str) -> str:  # a code span's words, or an escaped character, as written
        held.append(text)
        return f"\x00{len(held) - 1}\x00"

    text = _CODE.sub(lambda code: hold(code[2].strip()), words)
    text = _ESCAPED.sub(lambda escaped: hold(escaped[1]), text)
    text = _LINKED.sub(r"\1", _AUTOLINK.sub(r"\1", text))
    text = _EMPHASIS.sub("", _WRITTEN_TAG.sub("", text))
    return unescape(_KEPT.sub(lambda kept: held[int(kept[1])], text))


def _heading_repeating_title(source: BodySource) -> list[Problem]:
    """A warning at a text's first heading when it is the title its page already shows
    above it (`# Budget meeting` in the meeting "Budget meeting"), which a reader then sees
    twice, one under the other. Advisory: the page reads as written, and still publishes. A
    first heading with other words, or one after some text, is the text's own."""
    number = repeated_title_line(source.body, source.title)
    if number is None:
        return []
    line = source.body.split("\n")[number]
    written = _WRITTEN_HEADING.match(line) is not None  # else underlined, on the next line
    said = f"'{line.strip()}'" if written else f"'{line.strip()}' (underlined)"
    return [
        Problem(
            source.path,
            source.body_line + number,
            len(line) - len(line.lstrip()) + 1,
            f"the text's first heading {said} repeats the title its page already shows "
            "above it, so a reader sees it twice: remove "
            + ("this line" if written else "it and the line under it"),
            Severity.WARNING,
            advisory=True,  # the page reads as written: it stops no publishing
        )
    ]


# The words of a link that say nothing of where it leads, read alone (as a screen reader's
# list of a page's links reads them).
_EMPTY_LINK_WORDS = frozenset(
    {"here", "click here", "click", "this", "this link", "link", "more", "read more", "there"}
)
_LINK_WORDS = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_WRITTEN_LINK = re.compile(r"(?<![!\\`])\[([^\[\]]*)\]\(")  # not an image's


def _links_saying_nothing(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each link written `[here](…)` (or 'click here', 'more', …): a screen
    reader lists a page's links by their words alone, and these say nothing of where they
    lead. Advisory: a site that published with it still does. Only a link written inline,
    outside fenced code, is found at its line."""
    if "<a " not in html or not any(
        _TAG.sub("", words).strip(" .:!").lower() in _EMPTY_LINK_WORDS
        for words in _LINK_WORDS.findall(html)
    ):
        return []
    found = []
    for number, line in _unfenced(lines):
        for written in _WRITTEN_LINK.finditer(line):
            words = written.group(1).strip()
            if words.strip(" .:!*_").lower() not in _EMPTY_LINK_WORDS:
                continue
            found.append(
                Problem(
                    source_path,
                    body_line + number,
                    written.start() + 1,
                    f"the link '{words}' says nothing of where it leads: a screen reader "
                    "lists a page's links by their words alone; link the words that say it "
                    f"(`the [workshop's slides](…)`, not `the slides [{words}](…)`)",
                    Severity.WARNING,
                    advisory=True,  # the page reads as written: it stops no publishing
                )
            )
    return found


def shown_as_written(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """The warnings at what a body's HTML shows otherwise than its writer meant (Markdown
    left as text, a link saying nothing, a list run into a paragraph…), by either engine."""
    return [
        problem
        for check in _SHOWN_AS_WRITTEN_CHECKS
        for problem in check(html, lines, source_path, body_line)
    ]


def _line_and_column(text: str, at: int) -> tuple[int, int]:
    """Where offset `at` of `text` stands: its line (from 0) and column (from 1)."""
    return text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1) + 1


def _shown_text(html: str) -> str:
    """The text a body's HTML shows a reader outside code, tags taken out: what the checks
    of Markdown shown as written (a heading, a bullet, bold, Word's tags) look for."""
    return unescape(_ANY_TAG.sub("", _CODE_ELEMENT.sub("", html)))


# A list item pasted from a word processor, its bullet a character (`• First point`): a
# paragraph, run on with the lines next to it, not a list.
_BULLETS = "•◦▪▫●○■□·‣⁃"
_PASTED_BULLET = re.compile(rf"^([ \t]*)([{_BULLETS}])[ \t\u00a0]+(\S.*)$")


def _pasted_bullets(html: str, lines: list[str], source_path: str, body_line: int) -> list[Problem]:
    """A warning at each line that starts with a bullet character pasted from a word
    processor or a web page (`• First point`), outside code: the page shows the character
    in a paragraph, run on with the lines next to it, where a list was meant."""
    if not any(bullet in html for bullet in _BULLETS):
        return []
    shown = _shown_text(html)
    found = []
    for number, line in enumerate(lines):
        pasted = _PASTED_BULLET.match(line)
        if pasted is None:
            continue
        indent, bullet, words = pasted.groups()
        if words.strip()[:20] not in shown:  # in code, or not shown as written
            continue
        found.append(
            Problem(
                source_path,
                body_line + number,
                len(indent) + 1,
                f"'{bullet} {_quoted(words)}' is shown as text run on with the lines next "
                f"to it, not as a list: start each item with '- ' in place of '{bullet}': "
                f"{indent}- {words.strip()}",
                Severity.WARNING,
            )
        )
    return found


# A table's rows written with no line of dashes under the first (`| Scenario | Owner |` then
# `| Rural firm | Mike |`), which Markdown shows as a paragraph of text, bars and all.
_TABLE_ROW = re.compile(r"^ {0,3}\|(.*)\|[ \t]*$")
_DIVIDER_ROW = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _tables_without_divider(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at the first of two or more lines written as a table's rows, outside code,
    with no line of dashes under the first: the page shows them as text, bars and all."""
    if "|" not in html:
        return []
    shown = _shown_text(html)
    found = []
    numbers = [number for number, _ in _unfenced(lines)]
    for at, number in enumerate(numbers):
        row = _TABLE_ROW.match(lines[number])
        follows = at + 1 < len(numbers) and numbers[at + 1] == number + 1
        if row is None or not follows or _TABLE_ROW.match(lines[number + 1]) is None:
            continue
        if at and numbers[at - 1] == number - 1 and _TABLE_ROW.match(lines[number - 1]):
            continue  # not the first of its rows
        if _DIVIDER_ROW.match(lines[number + 1]) or lines[number].strip() not in shown:
            continue
        columns = len(row[1].split("|"))
        divider = "|" + " --- |" * columns
        found.append(
            Problem(
                source_path,
                body_line + number,
                len(lines[number]) - len(lines[number].lstrip()) + 1,
                f"'{_quoted(lines[number].strip())}' and the lines under it are shown as text, "
                "bars and all, not as a table: a table needs a line of dashes under its first "
                f"row; add {divider} as the next line",
                Severity.WARNING,
            )
        )
    return found


# Bold written with a space inside its asterisks (`**Budget **agreed`, `** Note:** it`),
# which Markdown leaves as text, asterisks and all.
_SPACED_BOLD = re.compile(r"\*\*([ \t]*)([^*\n]*?\S)?([ \t]*)\*\*")


def _bold_left_open(html: str, lines: list[str], source_path: str, body_line: int) -> list[Problem]:
    """A warning at each bold written with a space just inside its asterisks, outside code,
    which the page shows with its asterisks, with the bold as it is to be written."""
    if "**" not in html:
        return []
    shown = _shown_text(html)
    found = []
    for number, line in enumerate(lines):
        for bold in _SPACED_BOLD.finditer(line):
            before, words, after = bold.group(1), bold.group(2), bold.group(3)
            if not words or not (before or after) or bold.group() not in shown:
                continue
            mended = f"{before}**{words}**{after}"
            found.append(
                Problem(
                    source_path,
                    body_line + number,
                    bold.start() + 1,
                    f"'{_quoted(bold.group())}' is shown with its asterisks, not in bold: "
                    f"'**' goes right against the words it holds: {mended.strip()}",
                    Severity.WARNING,
                )
            )
    return found


# A link or image a page shows as text, brackets and all: with a space between its ']' and
# '(' (`[the survey] (../files/survey.pdf)`), or with no ')' after its address, up to the
# punctuation that ends the sentence (`[the survey](../files/survey.pdf.`).
_SPACED_LINK = re.compile(r"(!?)\[([^\[\]\n]+)\][ \t]+\(([^()\s<>]+)\)")
_UNCLOSED_LINK = re.compile(r"(!?)\[([^\[\]\n]+)\]\(([^()\s<>]+)(?=[ \t<]|$)", re.M)
_SENTENCE_END = ".,;:!?"


def _links_left_open(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each link or image shown as text because a space is typed between its
    ']' and '(' or its ')' is left out, outside code, with the link as it is to be written;
    prose in brackets (`[sic] (see below)`) is left alone."""
    if "[" not in html:
        return []
    shown = unescape(_PHRASING_TAG.sub("", _CODE_ELEMENT.sub("", html)))
    found: list[tuple[int, str, str, str]] = []  # where, as shown, why, as it is to be
    for match in _SPACED_LINK.finditer(shown):
        bang, words, address = match.groups()
        if _LOOKS_LIKE_ADDRESS.search(address):
            why = "because of the space between ']' and '('"
            found.append((match.start(), match.group(), why, f"{bang}[{words}]({address})"))
    for match in _UNCLOSED_LINK.finditer(shown):
        bang, words, typed = match.groups()
        address = typed.rstrip(_SENTENCE_END)
        ending = typed[len(address) :]
        line_end = shown.find("\n", match.end())
        rest = shown[match.end() : line_end if line_end >= 0 else None]
        if _LOOKS_LIKE_ADDRESS.search(address) and ")" not in rest:  # else a space in it
            written = f"{bang}[{words}]({address}){ending}"
            why = "because it has no closing ')'"
            found.append((match.start(), match.group(), why, written))
    body = "\n".join(lines)
    problems = []
    at = 0
    for _, whole, why, written in sorted(found):
        start = body.find(whole, at)
        if start < 0:
            continue  # written with emphasis or an escape: not as the page shows it
        at = start + len(whole)
        kind = "an image" if whole.startswith("!") else "a link"
        line, col = _line_and_column(body, start)
        problems.append(
            Problem(
                source_path,
                body_line + line,
                col,
                f"'{whole}' is shown as text, not as {kind}, {why}: write {written}",
                Severity.WARNING,
            )
        )
    return problems


# A code block a page shows as written, in a box of fixed-width text: its first line. One
# written between fences and given a language has a class, and is meant as code.
_PLAIN_CODE_BLOCK = re.compile(r"<pre><code>([^\n]*)")
# A line that opens or closes a fenced code block.
_FENCE_MARK = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _unfenced(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Each line (its index, its text) but those of fenced code and their fences."""
    fence = ""
    for number, line in enumerate(lines):
        opened = _FENCE_MARK.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            yield number, line


_QUOTED_AT_MOST = 40  # the characters of a line a message quotes


def _quoted(text: str) -> str:
    """A line's words as a message quotes them: the first 40 characters or so, then '…'."""
    words = text.strip()
    if len(words) > _QUOTED_AT_MOST:
        words = f"{words[: _QUOTED_AT_MOST + 1].rsplit(' ', 1)[0].rstrip()}…"
    return words


# A line of words, not of code: three words or more, and none of code's marks (`x = 1;`,
# `git log --format='%an <%ae>'`, `{...}`, `$HOME`, `a && b`, `print(x)`).
_PROSE = re.compile(
    r"^(?=(?:[\W\d_]*[^\W\d_]+(?![^\W\d_])){3})(?!.*(?:--|&&|\w\())[^{}\[\]<>=;$|\\`]*$"
)


def _indented_as_code(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each paragraph of words the page shows as code because its line starts
    with a tab or four spaces (an indent typed in the web editor, or pasted with the text),
    which Markdown reads as a code block; code between fences, and a block whose first line
    reads as code (`git log --format=...`), are left alone."""
    if "<pre><code>" not in html:
        return []
    shown = [unescape(first).rstrip() for first in _PLAIN_CODE_BLOCK.findall(html)]
    found: list[Problem] = []
    for number, line in _unfenced(lines):
        if (text := (_dedented(line) or "").rstrip()) and text in shown:
            shown.remove(text)
            if not _PROSE.match(text.strip()):
                continue  # code meant as code
            words = _quoted(text)
            found.append(
                Problem(
                    source_path,
                    body_line + number,
                    1,
                    f"'{words}' is shown as code, in a box of typewriter text, because its "
                    "line starts with a tab or 4 spaces: remove them; to show code, put a "
                    "line of ``` before it and after it",
                    Severity.WARNING,
                )
            )
    return found


# A line whose indent starts with a tab (or reaches one within three spaces).
_TAB_INDENT = re.compile(r"^ {0,3}\t")
# The tags that say where a paragraph sits in a list.
_LIST_PART = re.compile(r"<(/?)(ul|ol|li|blockquote|p)\b[^>]*>")


def _tabbed_into_items(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each paragraph typed after a list with a tab before it (an indent typed
    in the web editor), which Markdown reads as a second paragraph of the list's last item:
    the page shows it inside that item, every item spaced out. A list with another item of
    more than one paragraph is left alone (its paragraphs are meant so), and so is one
    indented with spaces."""
    if "</p>\n</li>" not in html or not any(_TAB_INDENT.match(line) for line in lines):
        return []
    joined = [_words(text) for text in _last_items_joined(html)]
    found: list[Problem] = []
    for number, line in _unfenced(lines):
        after_blank = number > 0 and not lines[number - 1].strip()
        text = line.strip()
        if not _TAB_INDENT.match(line) or not after_blank or not _PROSE.match(text):
            continue
        if _words(text) not in joined:
            continue
        joined.remove(_words(text))
        found.append(
            Problem(
                source_path,
                body_line + number,
                1,
                f"'{_quoted(text)}' is shown as part of the list item above it, because its "
                f"line starts with a tab: to show it after the list, remove the tab: {text}",
                Severity.WARNING,
            )
        )
    return found


def _words(text: str) -> tuple[str, ...]:
    """The first three words of a paragraph's first line: the same written and shown."""
    return tuple(re.findall(r"[^\W_]+", text.split("\n", 1)[0])[:3])


def _last_items_joined(html: str) -> list[str]:
    """The text of each paragraph after the first of a list's last item, of lists whose
    other items hold one paragraph each."""
    found: list[str] = []
    # for each list open: paragraphs of each item; for each item open, its list's entry
    lists: list[list[list[str]]] = []
    open_tags: list[str] = []
    for tag in _LIST_PART.finditer(html):
        closing, name = tag.groups()
        if name == "p":
            if not closing and open_tags and open_tags[-1] == "li" and lists:
                end = html.find("</p>", tag.end())
                lists[-1][-1].append(unescape(_ANY_TAG.sub("", html[tag.end() : end])))
            continue
        if not closing:
            open_tags.append(name)
            if name in ("ul", "ol"):
                lists.append([])
            elif name == "li" and lists:
                lists[-1].append([])
            continue
        if open_tags:
            open_tags.pop()
        if name in ("ul", "ol") and lists:
            items = lists.pop()
            if items and len(items[-1]) > 1 and all(len(item) <= 1 for item in items[:-1]):
                found += items[-1][1:]
    return found


def _dedented(line: str) -> str | None:
    """`line` as a code block indented by a tab or 4 spaces shows it (a tab reaches the next
    of every fourth column), or None when it is not indented so far."""
    column = 0
    for at, char in enumerate(line):
        if column >= 4:
            return line[at:]
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            return None
    return None


def _word_markup(html: str, lines: list[str], source_path: str, body_line: int) -> list[Problem]:
    """A warning at each line holding tags Word left in text pasted from it (`<o:p>`,
    `<st1:place>`), outside code: a page shows them as written, so they are to be deleted."""
    if "&lt;" not in html or ":" not in html:
        return []
    text = _shown_text(html)
    body = "\n".join(lines)
    by_line: dict[int, tuple[int, list[str]]] = {}
    at = 0
    for match in _WORD_MARKUP.finditer(text):
        start = body.find(match.group(), at)
        if start < 0:
            continue  # spelt with character references: not Word's paste
        at = start + 1
        line, col = _line_and_column(body, start)
        tags = by_line.setdefault(line, (col, []))[1]
        if match.group() not in tags:
            tags.append(match.group())
    found = []
    for line, (col, tags) in by_line.items():
        named = ", ".join(f"`{tag}`" for tag in tags[:-1])
        named = f"{named} and `{tags[-1]}`" if named else f"`{tags[-1]}`"
        one = len(tags) == 1
        found.append(
            Problem(
                source_path,
                body_line + line,
                col,
                f"{named} {'is' if one else 'are'} markup left from pasting out of Word, "
                f"which the page shows as text: delete {'it' if one else 'them'}, keeping the "
                "words between",
                Severity.WARNING,
            )
        )
    return found


# An HTML tag a writer types or pastes (GitHub's editor writes an image dropped into a
# comment as `<img … src="…">`): shown as text unless the site sets `allow_html`.
_HTML_TAG = re.compile(
    r"</?(a|abbr|article|aside|audio|b|blockquote|br|button|caption|center|cite|code|dd|del"
    r"|details|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|hr|i"
    r"|iframe|img|input|ins|kbd|li|link|main|mark|meta|nav|noscript|object|ol|p|picture|pre"
    r"|q|s|script|section|small|source|span|strong|style|sub|summary|sup|svg|table|tbody|td"
    r"|tfoot|th|thead|time|tr|u|ul|video)(?=[\s/>])[^<>\n]*>",
    re.IGNORECASE,
)
_EMBEDDED = frozenset(
    [
        "button",
        "embed",
        "form",
        "iframe",
        "input",
        "link",
        "meta",
        "noscript",
        "object",
        "script",
        "style",
        "svg",
    ]
)
_HTML_ATTRIBUTE = re.compile(
    r"""\b(src|alt|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)


# Code as a body writes it: a fenced block, or a span in backticks (on one line); and
# what of it is blanked where `_html_as_text` looks for tags written outside code.
_CODE_WRITTEN = re.compile(
    r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)|(`+)[^`\n]+?\2(?!`)", re.M | re.S
)
_BLANKED = re.compile(r"[^\n]")


def _html_as_text(html: str, lines: list[str], source_path: str, body_line: int) -> list[Problem]:
    """A warning at each line holding HTML tags written outside code, which a site without
    `allow_html` shows as text: the Markdown to write instead, for an image or a link."""
    if "&lt;" not in html:
        return []
    text = _shown_text(html)
    body = _CODE_WRITTEN.sub(lambda code: _BLANKED.sub(" ", code.group()), "\n".join(lines))
    found: list[Problem] = []
    at, last_line = 0, -1
    for match in _HTML_TAG.finditer(text):
        start = body.find(match.group(), at)
        if start < 0:
            continue  # spelt with character references: meant to be shown
        at = start + 1
        line = body.count("\n", 0, start)
        if line == last_line:
            continue
        last_line = line
        col = _line_and_column(body, start)[1]
        tag, name = match.group(), match.group(1).lower()
        shown = f"</{name}>" if tag.startswith("</") else f"<{name}>"
        attributes = {
            key.lower(): next((value for value in values if value), "")
            for key, *values in _HTML_ATTRIBUTE.findall(tag)
        }
        if name == "img" and "src" in attributes:
            alt = attributes.get("alt", "").strip() or "what the image shows"
            fix = f"write the image in Markdown: ![{alt}]({attributes['src']})"
        elif name == "a" and "href" in attributes and not tag.startswith("</"):
            fix = f"write the link in Markdown: [the words it links]({attributes['href']})"
        elif name in _EMBEDDED:
            fix = (
                "a page never runs a script, a form or a frame from a note: delete it, and "
                "link to what it shows instead: [the words it links](https://…)"
            )
        elif name == "br":
            fix = "end the line with a backslash (\\) to break it there, or leave a blank line"
        else:
            fix = (
                "delete the tags, keeping the words between, and use Markdown (**bold**, "
                "*italic*, '- ' for a list, '## ' for a heading)"
            )
        found.append(
            Problem(
                source_path,
                body_line + line,
                col,
                f"`{shown}` is HTML, which this site shows as text: {fix}",
                Severity.WARNING,
            )
        )
    return found


def _comments_as_text(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at each HTML comment (`<!-- … -->`) written outside code, which a site
    without `allow_html` shows as text: GitHub's preview hides one, so a note left for the
    other writers would be published without anyone seeing it there."""
    if "&lt;!--" not in html:
        return []
    shown = _shown_text(html).count("<!--")
    body = _CODE_WRITTEN.sub(lambda code: _BLANKED.sub(" ", code.group()), "\n".join(lines))
    found = []
    at = body.find("<!--")
    while at >= 0 and len(found) < shown:
        line, col = _line_and_column(body, at)
        found.append(
            Problem(
                source_path,
                body_line + line,
                col,
                "`<!-- … -->` is an HTML comment, which this site shows as text: it is not "
                "hidden as GitHub's preview hides it, so the page would publish it; delete "
                "it, and keep notes for the other writers out of the summary",
                Severity.WARNING,
            )
        )
        at = body.find("<!--", at + 4)
    return found


def _left_as_text(text: str) -> Iterator[tuple[str, str]]:
    """Each `[text](address)` or `![text](address)` in `text` with a space in its address and
    no line break, '(', ')', '<' or '>' in it, nor ']' or a line break in its text: the whole
    and the address, found as a regular expression's left-to-right search finds them (each
    starting at the first '[' it can, after the one before).

    Every one ends at a '](', and all the '['s between the ']' or line break before that
    '](' and it share it: so each '](' is looked at once, from the first '[' before it."""
    pos = 0
    while (bracket := text.find("](", pos)) >= 0:
        after = max(text.rfind("]", pos, bracket), text.rfind("\n", pos, bracket)) + 1
        start = text.find("[", max(after, pos), bracket)
        end = _ADDRESS_END.search(text, bracket + 2)
        if start < 0 or end is None or text[end.start()] != ")":
            pos = bracket + 1
            continue
        address = text[bracket + 2 : end.start()]
        if " " not in address:
            pos = bracket + 1
            continue
        if start > pos and text[start - 1] == "!":
            start -= 1
        yield text[start : end.end()], address
        pos = end.end()


def _lists_split_by_markers(
    html: str, lines: list[str], source_path: str, body_line: int
) -> list[Problem]:
    """A warning at the first item of a list that follows another of its kind with nothing
    between, its items started otherwise (`-` then `*` or `+`; `1.` then `1)`): CommonMark
    starts a new list there, and the page shows two lists where one was meant. Read from
    markdown-it-py's tokens, so a list in code is left alone."""
    if "</ul>\n<ul>" not in html and "</ol>\n<ol" not in html:
        return []
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    found = []
    for before, token in pairwise(tokens):
        kind = token.type.removesuffix("_open")
        if before.type != f"{kind}_close" or token.map is None or before.markup == token.markup:
            continue
        number = token.map[0]
        line = lines[number]
        col = len(line) - len(line.lstrip(" \t>")) + 1  # (in a quote, after its '>')
        if kind == "bullet_list":
            said = (
                f"the item above starts with '{before.markup}', this one with "
                f"'{token.markup}'; start each item with '{before.markup}'"
            )
        else:
            said = (
                f"the item above has '{before.markup}' after its number, this one "
                f"'{token.markup}'; write each number with '{before.markup}' after it"
            )
        found.append(
            Problem(
                source_path,
                body_line + number,
                col,
                f"this line starts a new list, shown apart from the one above: {said}",
                Severity.WARNING,
            )
        )
    return found


# What `shown_as_written` looks for, each a check of a body's HTML against its lines.
_SHOWN_AS_WRITTEN_CHECKS = (
    _addresses_with_spaces,
    _schemes_left_as_text,
    _word_markup,
    _html_as_text,
    _comments_as_text,
    _headings_without_space,
    _headings_skipping_levels,
    _links_saying_nothing,
    _indented_as_code,
    _tabbed_into_items,
    _pasted_bullets,
    _lists_split_by_markers,
    _bold_left_open,
    _links_left_open,
    _tables_without_divider,
)


def addresses_written(body: str, source_path: str, body_line: int) -> list[Problem]:
    """An error at each email address written in a body (see `content.addresses`), whichever
    engine renders it."""
    if "@" not in body:
        return []
    return [
        Problem(source_path, body_line + number, start + 1, text_problem(address))
        for number, line in enumerate(body.split("\n"))
        for start, address in addresses_in(line)
        if not _NOTE_LINK_BEFORE.search(line, 0, start) or not address.endswith(".md")
    ]


# What comes before a link's address in a body: `](`, `](<`, or a reference definition's
# `]:`. An address there ending `.md` (`[notes](notes@v2.md)`) is a note's file, never
# published as written: its link leads to the note's page, or is an error of its own.
_NOTE_LINK_BEFORE = re.compile(r"(?:\]\(\s*<?|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)$")


_ANY_URL = re.compile(r""" (?:href|src)=["']([^"']*)["']""")


def addresses_published(html: str, body: str, source_path: str, body_line: int) -> list[Problem]:
    """An error at each email address written in a body (see `addresses_written`), and at
    each its HTML shows that the body does not spell out: one written with a character reference
    (`jane&#64;example.org`) or percent-encoded in a link (`mailto:jane%40example.org`), which
    a browser shows or follows as the address. Each is placed where its name is written."""
    problems = addresses_written(body, source_path, body_line)
    if "@" not in html and "&" not in html and "%" not in html:
        return problems
    seen = {address.casefold() for _, address in addresses_in(body)}
    shown = [unescape(html), *(unquote(unescape(url)) for url in _ANY_URL.findall(html))]
    for text in shown:
        for _, address in addresses_in(text):
            if address.casefold() in seen:
                continue
            seen.add(address.casefold())
            line, col = _written_where(body, address)
            problems.append(Problem(source_path, body_line + line, col, text_problem(address)))
    return problems


def _written_where(body: str, address: str) -> tuple[int, int]:
    """The body line (0-based) and column where `address` is written in some spelling: where
    its name, or failing that its domain, first appears; the body's start if neither does."""
    name, domain = address.split("@", 1)
    for part in (name, domain):
        at = body.find(part)
        if at >= 0:
            return _line_and_column(body, at)
    return 0, 1


class _BlockText:
    """The text of one block of a body (a paragraph, heading or table cell), which finds
    where each of its links' URLs is written, in order: each search goes on from the last
    link found, and a place is turned into a line and column without counting again from
    the block's start (a block of thousands of links stays linear)."""

    def __init__(self, lines: list[str], link: Written) -> None:
        self.number, first, last = link.block, link.first, link.last
        self.first = first
        self.text = "\n".join(lines[first:last])
        self.starts = [0, *(at + 1 for at, ch in enumerate(self.text) if ch == "\n")]
        self.cursor = 0

    def where(self, href: str) -> tuple[int, int]:
        """The body line and column (0-based line, 1-based column) where `href` is written,
        after the last link found; the block's start if not found."""
        for written in dict.fromkeys((href, unquote(href))):
            at = self.text.find(written, self.cursor) if written else -1
            if at >= 0:
                self.cursor = at + len(written)
                line = bisect_right(self.starts, at) - 1
                return self.first + line, at - self.starts[line] + 1
        return self.first, 1


@dataclass(frozen=True)
class Written:
    """A link or image as either engine parsed it: the lines of the paragraph, heading or
    table cell it is in (`block` tells blocks apart), its URL, and whether it is an image
    with nothing between its brackets."""

    block: int
    first: int
    last: int
    href: str
    image: bool
    no_alt: bool


def _written_in(tokens: list[Token]) -> tuple[list[Written], list[Token]]:
    """The links and images markdown-it-py parsed, and their tokens."""
    written, handles = [], []
    for number, block in enumerate(tokens):
        first = block.map[0] if block.map else 0
        last = block.map[1] if block.map else first + 1
        for token in block.children or ():
            attribute = _LINK_ATTRIBUTE.get(token.type)
            if attribute is None:
                continue
            image = token.type == "image"
            href = str(token.attrGet(attribute) or "")
            written.append(
                Written(number, first, last, href, image, image and not token.content.strip())
            )
            handles.append(token)
    return written, handles


def _body_links(
    written: list[Written],
    lines: list[str],
    source_path: str,
    body_line: int,
    page_url: str,
    note_urls: Mapping[str, str],
    gone: _Gone,
) -> tuple[
    list[tuple[int, str, str]],
    list[Problem],
    tuple[BodyLink, ...],
    tuple[tuple[str, str], ...],
]:
    """Links and images written in a body: those to another note's file or a content file,
    as (index in `written`, the URL to link to, '#anchor' or ''); problems with note links;
    every link whose target is checked when the site is known; and the notes linked, each
    with its URL ("" for a note that does not exist)."""
    rewrites, problems, checks = [], [], []
    notes: dict[str, str] = {}
    page_file = output_file(page_url)
    block: _BlockText | None = None
    for index, link in enumerate(written):
        if block is None or link.block != block.number:
            block = _BlockText(lines, link)
        href = link.href
        at_line, col = block.where(href)
        line = body_line + at_line
        if link.no_alt:
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
            notes[note] = note_urls.get(note, "")
            if note not in note_urls:
                hint = (
                    _renamed_note(source_path, note, gone.renamed)
                    or _taken_out_note(note, gone.taken_out)
                    or _nearest_note(source_path, note, note_urls)
                )
                message = f"link to a note that does not exist: {href}{hint}"
                problems.append(Problem(source_path, line, col, message))
                continue
            rewrites.append((index, note_urls[note], f"#{fragment}" if fragment else ""))
            if fragment:
                checks.append(
                    BodyLink(line, col, href, ANCHOR, output_file(note_urls[note]), fragment)
                )
        elif _is_content_file(source_path, target):
            path = resolve_note_link(source_path, target)
            # the address as a browser reads it: a space or "%" in a file name escaped
            rewrites.append((index, quote(published_file(path), safe="/"), ""))
            checks.append(BodyLink(line, col, href, FILE, path))
        else:  # a page of the site, written as its address relative to this page
            reached = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), target))
            if target.endswith("/") or reached == ".":
                reached = "index.html" if reached == "." else f"{reached}/index.html"
            checks.append(BodyLink(line, col, href, PAGE, reached, fragment))
    return rewrites, problems, tuple(checks), tuple(sorted(notes.items()))


def _is_content_file(source_path: str, target: str) -> bool:
    """A relative link to a file under content/ (one with an extension, not a page)."""
    resolved = resolve_note_link(source_path, target)
    name = target.rstrip("/").rsplit("/", 1)[-1]
    return resolved.startswith("content/") and not target.endswith("/") and "." in name[1:]


def check_body_links(
    bodies: Mapping[str, Fragment],
    outputs: Container[str],
    content_files: Iterable[str],
    note_urls: Mapping[str, str],
    page_bytes: Callable[[str], bytes],
) -> list[Problem]:
    """Every link in the bodies whose target is known only once the site is: content files,
    pages (`outputs`, a set or as quick to ask) and #anchors (read in an output page's bytes,
    as `page_bytes` gives them); and links from the site's root, which break under a sub-path
    (`note_urls` names the note a root link meant, or a page link without its '.md': needed
    only when a body has one of those)."""
    files = set(content_files)
    notes_by_url = {url: path for path, url in note_urls.items()}
    problems = []
    for path, fragment in bodies.items():
        for link in fragment.links:
            found = _link_problem(path, link, outputs, files, notes_by_url, page_bytes)
            if found is not None:
                message, severity = found
                problems.append(Problem(path, link.line, link.col, message, severity))
    return in_order(problems)


def _link_problem(
    path: str,
    link: BodyLink,
    outputs: Container[str],
    files: set[str],
    notes_by_url: Mapping[str, str],
    page_bytes: Callable[[str], bytes],
) -> tuple[str, Severity] | None:
    if link.kind == FILE:
        if link.target in files:
            return None
        if hidden := _hidden_part(link.target):
            return f"link to a file that is not published: {link.href} ({hidden})", Severity.ERROR
        if elsewhere := _site_without_scheme(link.href):
            return f"link to a file that does not exist: {link.href}{elsewhere}", Severity.ERROR
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
        hint = (
            _hash_in_name(path, link, files)
            or _note_meant(path, link.href, notes_by_url)
            or _site_without_scheme(link.href)
        )
        return f"link to a page that does not exist: {link.href}{hint}", Severity.ERROR
    if link.fragment and page.endswith(".html"):
        html = page_bytes(page)
        ids = ids_in(html)
        if link.fragment not in ids:
            return _missing_anchor(link, ids, heading_ids_in(html)), Severity.ERROR
    return None


def heading_anchor_problems(
    bodies: Mapping[str, Fragment], shown_at: Mapping[str, str]
) -> list[Problem]:
    """Each link in `bodies` to a heading's anchor (`#h-…`) that the page it leads to will
    not have, known before the site is made: a page's `h-` ids are its text's headings'
    alone (`HEADING_ID_PREFIX`), and `shown_at` gives, for a page (its output file), the
    path of the body in `bodies` it shows. Links to other pages' anchors wait for the site."""
    problems = []
    for path, fragment in bodies.items():
        for link in fragment.links:
            shown = shown_at.get(link.target) if link.kind == ANCHOR else None
            if shown is None or not link.fragment.startswith(HEADING_ID_PREFIX):
                continue
            html = bodies[shown].html.encode()
            ids = ids_in(html)
            if link.fragment not in ids:
                headings = heading_ids_in(html)
                message = _missing_anchor(link, ids, headings)
                if not headings:
                    message += "; its text has no headings"
                problems.append(Problem(path, link.line, link.col, message))
    return in_order(problems)


def _hidden_part(target: str) -> str:
    """Why a file of content/ at `target` is never published, when its name or a folder's it
    is in starts with a dot, with what to rename; "" otherwise."""
    parts = target.split("/")
    for at, part in enumerate(parts[1:], start=1):
        if part.startswith("."):
            if at == len(parts) - 1:
                return (
                    f"files whose names start with a dot are never published; rename {target} "
                    "so that its name does not start with one, and link to the new name"
                )
            folder = "/".join(parts[: at + 1])
            return (
                f"files in a folder whose name starts with a dot are never published; rename "
                f"{folder}/ so that its name does not start with one, and link to the new name"
            )
    return ""


def _missing_anchor(link: BodyLink, ids: set[str], headings: list[str]) -> str:
    """'X has no anchor #y', with the nearest id suggested, or else the page's headings'
    anchors named (the first few, in page order)."""
    written = link.href.partition("#")[0] or "this page"
    message = f"{written} has no anchor #{link.fragment}"
    meant = closest(link.fragment, ids)
    if meant:
        return f"{message}; did you mean #{meant}?"
    if not headings:
        return message
    named = ", ".join(f"#{anchor}" for anchor in headings[:_ANCHORS_NAMED])
    more = ", …" if len(headings) > _ANCHORS_NAMED else ""
    return f"{message}; its anchors: {named}{more}"


# A link's first part that names another site: www.…, or a name ending in a domain people
# link to (gov.uk, ico.org.uk, example.com).
_SITE_NAME = re.compile(
    r"^(?:www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|gov|io|eu|int|edu|info|scot|wales|ie))"
    r"(?::\d+)?$",
    re.IGNORECASE,
)


def _site_without_scheme(href: str) -> str:
    """'; a link to another site starts with https://: …' when the link's first part names
    a site (`[strategy](www.gov.uk/data-strategy)`), which a link without `https://` reads as
    a page of this one."""
    if href.startswith(("/", ".", "#")) or not _SITE_NAME.match(href.split("/", 1)[0]):
        return ""
    return f"; a link to another site starts with https://: write https://{href}"


def _note_meant(path: str, href: str, notes_by_url: Mapping[str, str]) -> str:
    """'; a note is linked by its file: ...' when the link names a published note without
    its '.md' (`[the last meeting](2024-02-12-reporting-back)`)."""
    target = unquote(urlsplit(href).path).rstrip("/")
    note = resolve_note_link(path, f"{target}.md")
    if not target or note not in set(notes_by_url.values()):
        return ""
    return f"; a note is linked by its file: {posixpath.relpath(note, posixpath.dirname(path))}"


def _hash_in_name(path: str, link: BodyLink, files: set[str]) -> str:
    """'; ... write it as %23' when the link names a content file with a '#' in its name,
    which a link reads as the start of an anchor (`[notes](../files/notes#2.pdf)`)."""
    if not link.fragment:
        return ""
    written = urlsplit(link.href).path
    named = resolve_note_link(path, f"{unquote(written)}#{link.fragment}")
    if named not in files:
        return ""
    escaped = f"{written}%23{quote(link.fragment, safe='/')}"
    return (
        f"; '#' starts an anchor in a link, and {named} has one in its name: write it as "
        f"%23 ({escaped}), or rename the file without it"
    )


def _nearest_file(path: str, target: str, files: set[str]) -> str:
    """'; did you mean ...?' with the nearest file by name, as a link from the note at `path`."""
    name = target.rsplit("/", 1)[-1]
    by_name: dict[str, str] = {}
    for file in sorted(files):
        by_name.setdefault(file.rsplit("/", 1)[-1], file)
    matches = difflib.get_close_matches(name, sorted(by_name), n=1, cutoff=0.6)
    if not matches:
        return ""
    return f"; did you mean {_as_written(by_name[matches[0]], path)}?"


def _as_written(file: str, path: str) -> str:
    """The link to `file` from the note at `path` as it is written to reach it, so that
    pasted between a link's brackets it links it: '#' as %23 (else an anchor's start), '<'
    and '>' as %3C and %3E, and in angle brackets when it holds a space (as the error at an
    address with a space in it offers first)."""
    written = posixpath.relpath(file, posixpath.dirname(path))
    for char, escape in (("#", "%23"), ("<", "%3C"), (">", "%3E")):
        written = written.replace(char, escape)
    return f"<{written}>" if any(char.isspace() for char in written) else written


def _renamed_note(path: str, target: str, renamed_notes: Mapping[str, str]) -> str:
    """'; it was renamed ...' with the note's path now, when git renamed its file, and the
    link to write from the note at `path`."""
    now = renamed_notes.get(target)
    if now is None:
        return ""
    written = posixpath.relpath(now, posixpath.dirname(path))
    return f"; it was renamed {now}: write {written} instead"


class _Gone(NamedTuple):
    """The notes' files git renamed (old path -> path now) and took out (path -> deletion)."""

    renamed: Mapping[str, str]
    taken_out: Mapping[str, Removal]


def _taken_out_note(target: str, taken_out: Mapping[str, Removal]) -> str:
    """'; it was taken out ...' with how to put it back, when git shows the note's file
    taken out."""
    gone = taken_out.get(target)
    if gone is None:
        return ""
    return (
        f"; it was taken out in {gone.commit} on {gone.day}: put it back ({gone.put_back}), "
        "or remove the link"
    )


def _nearest_note(path: str, target: str, notes: Iterable[str]) -> str:
    """'; did you mean ...?' with the published note whose name is nearly the same (a date
    or a word mistyped), as a link from the note at `path`."""
    by_stem: dict[str, str] = {}
    for note in sorted(notes):
        by_stem.setdefault(posixpath.basename(note).removesuffix(".md"), note)
    stem = posixpath.basename(target).removesuffix(".md")
    matches = difflib.get_close_matches(stem, sorted(by_stem), n=1, cutoff=0.75)
    if not matches:
        return ""
    return f"; did you mean {posixpath.relpath(by_stem[matches[0]], posixpath.dirname(path))}?"


def _root_link_message(
    path: str, href: str, notes_by_url: Mapping[str, str], files: set[str]
) -> str:
    address = urlsplit(href).path.lstrip("/")
    folder = posixpath.dirname(path)
    note = notes_by_url.get(address) or notes_by_url.get(f"{address}/")
    content = f"content/{unquote(address)}"
    if note:
        better = f"link the note by its file: {posixpath.relpath(note, folder)}"
    elif content in files:
        better = f"link the file by its path from this note: {_as_written(content, path)}"
    else:
        better = "write the link relative to this note"
    return (
        f"link {href} starts at the site's root, so it breaks when the site is published "
        f"under a sub-path (as GitHub Pages project sites are); {better}"
    )


# The accelerator: markdown-it-pyrs (markdown-it.rs) renders a body when it is installed and
# the body uses nothing it renders differently; the Python passes above are then made on its
# HTML, which it writes with each element's source lines (`sourcepos`, removed here).
_RS_RULES = (
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
    "table",
    "strikethrough",
    "sourcepos",
)
_SCHEME_WORDS = ("script", "data", "file", "mocha")
_ODD_WHITESPACE = re.compile(r"[^\S \t\n]")
_EMPTY_ITEM_LINE = re.compile(r"\n[ \t>]*(?:[-+*]|\d+[.)])[ \t]*(?=\n|$)")
_DEEP_PREFIX = re.compile(r"\n[ \t>*+\-0-9.)]{5,}")
_ODD_ADDRESS = re.compile(r"<[^>\s]*(?:%|xn--)|\]\(\s*<|\]:\s*<", re.I)
_QUOTE = re.compile(r"^ {0,3}>", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$)", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"(?:[ ]{0,3}>)*[ ]{0,3}(?:`{3,}[^`]*|~{3,}.*)$")
_BACKTICKS = re.compile(r"`+")
_TAKES_BACKTICKS = re.compile("[`\"']")
_EMPTY_USER = re.compile(r"[:/]@")
_LINE_END_BACKSLASH = re.compile(r"\\$", re.M)
_BRACKETS = re.compile(r"\\.|\n[ \t]*\n|[\[\]]", re.S)
_DEEPEST = 12  # '[' open at once; markdown-it-py stops at MAX_NESTING
_DEEPEST_PREFIX = 16  # columns of '>', list markers and indent before a line's text
_MAX_CELLS = 0x10000  # markdown-it-py stops filling in a table's missing cells after this many
# The elements that hold inline text (and so links), links and images, and the blocks that
# end a tight list item's own text, with their source lines (`pre` has them on its `code`).
_MARKED = re.compile(
    r"<(p|h[1-6]|td|th|li|a|img|ul|ol|blockquote|table|hr|pre)(?=[ >])"
    r'(?: data-sourcepos="(\d+):(\d+)-(\d+):\d+")?([^>]*)>'
)
_CODE_LINE = re.compile(r'<code data-sourcepos="(\d+):')
_SOURCEPOS = re.compile(r' data-sourcepos="[^"]*"')
_TABLE_HEAD = re.compile(r"<table>\n<thead>\n<tr>\n(.*?)</tr>\n", re.DOTALL)
_HEADING_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
_TEXT_AFTER_BLOCK = re.compile(
    r"(?:</(?:p|h[1-6]|ul|ol|blockquote|pre|table)>|<hr[^>]*>)\n"
    r"(?!</|<(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|hr)[ >]|$)"
)
_ITEM_TEXT_END = re.compile(r"\n<(?:ul|ol|blockquote|pre|table|h[1-6]|hr|p)[ >]|</li>")
_INLINE_END = re.compile(r"(?:</(?:a|em|strong|s|code)>|<(?:img|br)[^>]*>)\n")
_URL_ATTRIBUTE = re.compile(r' (?:href|src)="([^"]*)"')
_ALT = re.compile(r' alt="([^"]*)"')
_ANY_TAG = re.compile(r"<[^>]*>")
_HOLDERS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "li"))
_EMPTY_ITEM = re.compile(r"(?:[-+*]|\d+[.)])[ \t]*")
_BLANK_IMAGE = re.compile(r"!\[[ \t]*\]")
_MAY_LINK = re.compile(r"://|www\.", re.I)
_LINKED_OR_CODE = re.compile(r"<a[ >].*?</a>|<code[ >].*?</code>", re.S)


def _bare_address_in(text: str, html: str) -> bool:
    """Whether markdown-it-py may make a link of a bare address (see `_bare_addresses`),
    which markdown-it.rs leaves as text: a `://` or `www.` in the text markdown-it.rs wrote,
    outside links and code."""
    if not _MAY_LINK.search(text):
        return False
    return bool(_MAY_LINK.search(_ANY_TAG.sub("", _LINKED_OR_CODE.sub("", html))))


def _escape_html(text: str) -> str:
    """As markdown-it-py escapes an attribute's value (so that the accelerator need not
    import it)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _unescape(html: str) -> str:
    """Text or an attribute's value as markdown-it wrote it, unescaped."""
    if "&" not in html:
        return html
    return (
        html.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    )


def _text_of(html: str) -> str:
    """The text of inline HTML: tags (and so images' alt text) left out."""
    return _unescape(_ANY_TAG.sub("", html))


def _paragraph_text(html: str) -> str:
    """A paragraph's words, as `_plain_text` reads them: an image's by its alt text."""
    if "<img " in html:
        html = _IMAGE_TAG.sub(_image_alt, html)
    return _text_of(html).replace("\n", " ").strip()


_IMAGE_TAG = re.compile(r"<img [^>]*>")


def _image_alt(image: re.Match[str]) -> str:
    """An image's alt text, escaped as the text around it is."""
    alt = _ALT.search(image.group())
    return alt.group(1) if alt else ""


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def _unsupported(text: str) -> bool:
    """Whether the text may use what markdown-it.rs renders differently: footnotes (numbered
    and linked back differently); NULs and carriage returns (which markdown-it-py rewrites
    first); other whitespace than spaces, tabs and line ends (markdown-it-py trims it from
    paragraphs and cells, markdown-it.rs keeps it); anything that could spell a URL scheme
    markdown-it-py refuses and markdown-it.rs allows (data: images, livescript:, mocha:;
    encoded or not); an empty list item (markdown-it-py ends a table with it); an autolink
    whose text markdown-it-py decodes (%-escapes, punycode); an address in angle brackets
    (markdown-it-py trims spaces in it)."""
    if "^" in text and ("[^" in text or "^[" in text):
        return True
    if "&" in text and ("&#" in text or "&colon" in text):
        return True
    if text.isascii():
        if any(char in text for char in "\0\x0b\x0c\r\x1c\x1d\x1e\x1f"):
            return True
    elif _ODD_WHITESPACE.search(text) or "\0" in text:
        return True
    lowered = text.lower()
    for word in _SCHEME_WORDS:
        at = lowered.find(word)
        while at >= 0:
            if lowered[at + len(word) : at + len(word) + 1] in ("\\", ":", "&"):
                return True
            at = lowered.find(word, at + 1)
    if "<" in text and _ODD_ADDRESS.search(text):
        return True
    return bool(_EMPTY_ITEM_LINE.search("\n" + text))


def _over_budget(text: str) -> bool:
    if len(text) * max(_WEIGHTS.values()) <= INLINE_BUDGET:
        return False
    costly = ("://", *"[*_~!&\\<](")
    return sum(text.count(mark) * _WEIGHTS.get(mark, 1) for mark in costly) > INLINE_BUDGET


def _too_deep(text: str) -> bool:
    """Whether quotes and lists may nest near markdown-it-py's cap: each level takes at least
    a column of '>', a list marker or indent before the line's text (a tab up to four)."""
    return any(
        len(prefix.group().replace("\t", "    ")) > _DEEPEST_PREFIX + 1
        for prefix in _DEEP_PREFIX.finditer("\n" + text)
    )


def _lazy_lines(text: str) -> bool:
    """Whether a quote, a table and a list item (two of them) meet with no blank line
    between: markdown-it.rs and markdown-it-py end a quote's or a table's lines at different
    places (an item numbered from 2 on, a table row after a quote's line)."""
    if ">" not in text and "|" not in text:
        return False
    for part in _BLANK_LINE.split(text):
        quote, table = _QUOTE.search(part), "|" in part
        if (quote and table) or ((quote or table) and _LIST_ITEM.search(part)):
            return True
    return False


def _unpaired_backticks(line: str) -> bool:
    """Whether a line's backtick runs do not pair up (a code span may stay open past it)."""
    runs = [len(run) for run in _BACKTICKS.findall(line)]
    while runs:
        opener = runs.pop(0)
        if opener not in runs:
            return True
        del runs[: runs.index(opener) + 1]
    return False


def _open_code_span(text: str) -> bool:
    """Whether a '[' may precede a backtick that opens no code span (markdown-it.rs 0.6 can
    panic on that): a line whose backtick runs do not pair up, or whose backticks a link's
    address or title, an autolink, a table cell or an escape could take."""
    if "`" not in text or "[" not in text:
        return False
    for line in text.split("\n"):
        if "`" not in line or _FENCE.match(line):
            continue
        if "\\" in line or "|" in line or "<" in line:
            return True
        if "](" in line and any(
            _TAKES_BACKTICKS.search(part.partition(")")[0]) for part in line.split("](")[1:]
        ):
            return True  # a link's address or title may take a backtick
        if _unpaired_backticks(line):
            return True
    return False


def _code_span_across_lines(text: str) -> bool:
    """Whether a code span may run over a line break: a line (outside a fence line) whose
    backtick runs do not pair up. markdown-it.rs turns the break and the spaces around it into
    one space where markdown-it-py keeps a space for each ('`  ' then '`')."""
    if "`" not in text:
        return False
    for line in text.split("\n"):
        if "`" not in line or _FENCE.match(line):
            continue
        if _unpaired_backticks(line):
            return True
    return False


def _brackets_too_deep(text: str) -> bool:
    """Whether '[' may nest as deep as markdown-it-py's cap in a paragraph; a ']' counts as
    closing only where no code span or autolink could hide it."""
    if text.count("[") < _DEEPEST:
        return False
    closes = "`" not in text and "<" not in text
    depth = 0
    for match in _BRACKETS.finditer(text):
        found = match.group()
        if found == "[":
            depth += 1
            if depth >= _DEEPEST:
                return True
        elif found == "]":
            depth -= 1 if closes and depth else 0
        elif found[0] == "\n":
            depth = 0
    return False


class _Holder:
    """An element that holds inline text: its tag and source lines (0-based first, exclusive
    last); for a tight list item, whether a block inside it ended its own text."""

    __slots__ = ("first", "last", "tag", "text_ended")

    def __init__(self, tag: str, first: int, last: int) -> None:
        self.tag, self.first, self.last = tag, first, last
        self.text_ended = False


def load_accelerator(*, allow_html: bool) -> Accelerator | None:
    """markdown-it-pyrs, when installed (`pip install 'nominutes[fast]'`), set up to render."""
    try:
        import markdown_it_pyrs
    except ImportError:
        return None
    return Accelerator(markdown_it_pyrs, allow_html=allow_html)


class Accelerator:
    """markdown-it-pyrs for the bodies it renders as `Markup` does, byte for byte.

    `render` gives None for a body it cannot vouch for (see `_unsupported`, the inline budget,
    nesting near the cap, raw HTML on a site that allows it, unsafe URLs, a tight list item's
    text split by a block, a bare address markdown-it-py makes a link of); markdown-it-py
    renders those. markdown-it.rs writes each element's
    source lines (`sourcepos`), which place the links as markdown-it-py's tokens do, and are
    then removed.
    """

    def __init__(self, markdown_it_rs: Any, *, allow_html: bool) -> None:
        self._md = markdown_it_rs.MarkdownIt("zero").enable_many(_RS_RULES)
        self._allow_html = allow_html

    def render(
        self,
        text: str,
        lines: list[str],
        source_path: str,
        body_line: int,
        page_url: str,
        note_urls: Mapping[str, str],
        for_feeds: bool,
        renamed_notes: Mapping[str, str],
        taken_out_notes: Mapping[str, Removal] | None = None,
    ) -> Fragment | None:
        if (
            _unsupported(text)
            or (self._allow_html and "<" in text)
            # a fence left open at the end: markdown-it.rs ends the code with a line break
            or (not text.endswith("\n") and ("```" in text or "~~~" in text))
            # a link definition may end in a backslash, which markdown-it.rs refuses
            or ("]:" in text and _LINE_END_BACKSLASH.search(text))
            or _lazy_lines(text)
            or _open_code_span(text)
            or _code_span_across_lines(text)
            or _over_budget(text)
            or _brackets_too_deep(text)
            or _too_deep(text)
        ):
            return None
        try:
            html = self._md.render(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a panic in markdown-it.rs (pyo3's PanicException)
            return None
        if (
            html.count("<td") > _MAX_CELLS
            or "<h1" in html  # its headings go one level down: `_heading_ids`
            or _TEXT_AFTER_BLOCK.search(html)
            or _bare_address_in(text, html)
        ):
            return None
        scanned = _scan(html, lines, ascii=text.isascii())
        if scanned is None:
            return None
        edits, titles, written, slots, first_paragraph = scanned
        for (at, _, _), slug in zip(titles, _unique_ids(t for _, _, t in titles), strict=True):
            edits.append((at, at, f' id="{_escape_html(slug)}"'))
        gone = _Gone(renamed_notes, taken_out_notes or {})
        rewrites, problems, checks, notes = _body_links(
            written, lines, source_path, body_line, page_url, note_urls, gone
        )
        rewritten = {slots[index]: (target, anchor) for index, target, anchor in rewrites}

        def write(base: str | None) -> str:
            pieces, at = [], 0
            for start, end, replacement in sorted(edits):
                pieces.append(html[at:start])
                if start in rewritten:
                    target, anchor = rewritten[start]
                    url = relative(page_url, target) if base is None else base + target
                    replacement = _escape_html(url + anchor)
                pieces.append(replacement)
                at = end
            pieces.append(html[at:])
            out = _tables_in_regions(_SOURCEPOS.sub("", "".join(pieces)))
            return out.replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")

        html_out = write(None)
        problems += shown_as_written(html_out, lines, source_path, body_line)
        html_out = captioned_tables(html_out)
        feed = feed_edits(html_out, captioned_tables(write(BASE_URL_MARK))) if for_feeds else None
        return Fragment(html_out, tuple(problems), first_paragraph, feed, checks, notes)


def _tables_in_regions(html: str) -> str:
    """markdown-it.rs's HTML with each table in its scroll region, as `_scroll_tables` writes
    it (its HTML holds no table the writer wrote in HTML: see `Accelerator.render`)."""
    if "<table>" not in html:
        return html

    seen: dict[str, int] = {}

    def region(table: re.Match[str]) -> str:
        headings = [_text_of(cell) for cell in _HEADING_CELL.findall(table.group(1))]
        seen[_columns(headings)] = seen.get(_columns(headings), 0) + 1
        return table_region(headings, seen[_columns(headings)]) + table.group(0)

    return _TABLE_HEAD.sub(region, html).replace("</table>\n", "</table>\n</div>\n")


def _scan(
    html: str, lines: list[str], *, ascii: bool
) -> (
    tuple[list[tuple[int, int, str]], list[tuple[int, int, str]], list[Written], list[int], str]
    | None
):
    """What the Python passes need from markdown-it.rs's HTML: edits to it (a line break
    markdown-it-py does not write; the URLs, as (start, end, URL)), the headings that take an
    id (where the id goes, and their text), the links and images with where each one's URL
    starts, and the first paragraph's text. None when a link's block is not known for
    certain, or a URL may differ from markdown-it-py's."""
    edits: list[tuple[int, int, str]] = []
    titles: list[tuple[int, int, str]] = []
    found: list[tuple[_Holder, str, bool, bool]] = []
    slots: list[int] = []
    holder: _Holder | None = None
    first_paragraph: str | None = None
    for match in _MARKED.finditer(html):
        tag, first, col, last, rest = match.groups()
        if tag == "a" or tag == "img":
            url = _URL_ATTRIBUTE.search(rest)
            if url is None or first is None or holder is None:
                return None
            href = _unescape(url.group(1))
            if not linkable(href):
                return None  # markdown-it-py shows it as text
            if not ascii and "%" in href and (_HAS_SCHEME.match(href) or href[:2] == "//"):
                return None  # perhaps a host name, which markdown-it-py writes in punycode
            if "@" in href and ("//" in href or _EMPTY_USER.search(href)):
                return None  # markdown-it-py drops an empty user name, markdown-it.rs not
            if "::" in href:
                return None  # markdown-it-py may take a colon for an empty port: 'a:b::'
            no_alt = False
            if tag == "img":
                alt = _ALT.search(rest)
                if alt is None:
                    return None
                if not _unescape(alt.group(1)).strip():
                    # markdown-it-py asks whether the brackets hold anything, not the alt text
                    if not _BLANK_IMAGE.match(_line(lines, int(first) - 1), int(col) - 1):
                        return None
                    no_alt = True
            found.append((holder, href, tag == "img", no_alt))
            start = match.start(5) + url.start(1)
            slots.append(start)
            edits.append((start, match.start(5) + url.end(1), url.group(1)))
            continue
        if tag in _HOLDERS:
            if first is None:
                return None
            holder = _Holder(tag, int(first) - 1, int(last))
            text_at = match.end()
            if tag == "li":
                if html[text_at : text_at + 1] == "\n" or html.startswith("</li>", text_at):
                    continue  # no text of its own
                if _EMPTY_ITEM.fullmatch(_line(lines, holder.first)[int(col) - 1 :]):
                    return None  # its text starts on a later line
                end = _ITEM_TEXT_END.search(html, text_at)
                text_end = end.start() if end else len(html)
            elif tag[0] == "h":
                if holder.last > holder.first + 1:
                    holder.last -= 1  # a setext heading's text is above its underline
                if tag in HEADING_ID_LEVELS:
                    close = html.find(f"</{tag}>", text_at)
                    title = _text_of(html[text_at:close]).replace("\n", "")
                    titles.append((match.end() - 1, match.end() - 1, title))
                continue
            elif tag == "p":
                text_end = html.find("</p>", text_at)
            else:
                continue
            if first_paragraph is None:
                first_paragraph = _paragraph_text(html[text_at:text_end])
            continue
        # a block: it ends the text of a tight list item it is in
        if tag == "pre":
            code = _CODE_LINE.match(html, match.end())
            first = code.group(1) if code else None
            at = match.start()
            if html[at - 1 : at] == "\n" and (
                html[at - 2 : at - 1] != ">" or _INLINE_END.match(html, html.rfind("<", 0, at - 1))
            ):
                # a fence right after a tight item's text: markdown-it-py writes no line break
                edits.append((at - 1, at, ""))
        if holder is not None and holder.tag == "li" and not holder.text_ended:
            holder.text_ended = True
            holder.last = min(holder.last, int(first) - 1) if first is not None else -1
    written = []
    for item, href, image, no_alt in found:
        if item.last < 0:
            return None
        written.append(Written(id(item), item.first, item.last, href, image, no_alt))
    return edits, titles, written, slots, first_paragraph or ""


# A meeting's heading over a list that, in its front matter, the tracker or the decisions
# register would follow: what a group used to writing minutes writes there.
_TRACKED_HEADINGS = MappingProxyType(
    dict.fromkeys(
        (
            *("actions", "action points", "action items", "actions agreed", "actions arising"),
            *("agreed actions", "next steps", "to do", "todo", "follow-ups", "follow ups"),
        ),
        "actions",
    )
    | dict.fromkeys(
        ("decisions", "decisions made", "decisions taken", "agreed", "what we agreed"),
        "decisions",
    )
)
_LIST_LINE = re.compile(r"^ {0,3}(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\S")
_UNTRACKED_FIX = MappingProxyType(
    {
        "actions": (
            "the action tracker follows only the actions in the front matter; to follow one "
            "until it is done, write it under actions: with '- id:', 'title:', 'owner:' and "
            "'due:'"
        ),
        "decisions": (
            "the decisions register lists only the decisions in the front matter; to record "
            "one, write it under decisions: with '- id:' and 'text:'"
        ),
    }
)


def lists_left_untracked(source: BodySource) -> list[Problem]:
    """An advisory warning at each heading of a meeting's text such as `## Actions` or
    `## Decisions` with a list under it: the list reads well, but only front matter's actions
    are followed until done and only its decisions are in the register."""
    lines = source.body.split("\n")
    found = []
    for number, line in _unfenced(lines):
        heading = _WRITTEN_HEADING.match(line)
        words = (heading.group(2) or "").strip(" *_:").lower() if heading else ""
        kind = _TRACKED_HEADINGS.get(words)
        if kind is None or not _list_after(lines, number):
            continue
        found.append(
            Problem(
                source.path,
                source.body_line + number,
                len(line) - len(line.lstrip()) + 1,
                f"the list under '{line.strip()}' is the text's own: {_UNTRACKED_FIX[kind]}",
                Severity.WARNING,
                advisory=True,  # the page reads as written: it stops no publishing
            )
        )
    return found


def _list_after(lines: list[str], number: int) -> bool:
    """Whether the first filled line after line `number` starts a list item."""
    after = next((line for line in lines[number + 1 :] if line.strip()), "")
    return _LIST_LINE.match(after) is not None
