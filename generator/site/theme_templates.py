"""A site theme's own templates read before any page renders, for the mistakes Jinja takes
without a word and that would publish pages with their content missing: a comment left
open, which swallows everything up to the next comment's end, and a block that no template
it extends has, whose content no page shows (or a block taken away from the site's own
`base.html` that the built-in templates fill).

Blocks are found from the templates' tags alone (`_blocks_in`), with comments and raw text
left out as Jinja leaves them out: a look at every built-in template on each build, which
Jinja's parse would make many times slower. A template Jinja cannot read at all is left for
the pages that use it to report.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import NamedTuple

import jinja2

from generator.errors import Problem, closest
from generator.site.theme_files import BUILTIN_THEME, THEMES_FOLDER, left_out, theme_links

_TEMPLATE_SUFFIXES = (".html", ".txt")
_OPENS = "{#"
_BUILTIN = BUILTIN_THEME / "templates"


def template_problems(source: Path, name: str) -> list[Problem]:
    """Each mistake of that kind in the templates of the site's theme `name` (an error at
    its file, line and column). A template Jinja cannot read is left for the page that uses
    it to report. None are looked for through a symbolic link in the theme (`theme_links`
    reports it): what it points to may not be a template, nor the group's to show."""
    own = source / THEMES_FOLDER / name / "templates"
    if not own.is_dir() or own.resolve() == _BUILTIN.resolve() or theme_links(source, name):
        return []
    reader = _Templates(own)
    problems: list[Problem] = []
    for path in sorted(own.rglob("*")):
        relative = path.relative_to(own)
        if not path.is_file() or left_out(relative) or path.suffix not in _TEMPLATE_SUFFIXES:
            continue
        text = reader.text(relative.as_posix())
        if text is None:
            continue
        shown = f"{THEMES_FOLDER}/{name}/templates/{relative.as_posix()}"
        problems += _open_comments(shown, text)
        problems += _unknown_blocks(shown, relative.as_posix(), text, reader)
    return problems + _blocks_taken_away(own, name, reader)


class _Templates:
    """The templates a page can use, by name: the site theme's, else the built-in one's."""

    def __init__(self, own: Path) -> None:
        self._folders = (own, _BUILTIN)
        self._blocks: dict[str, _Blocks | None] = {}

    def text(self, name: str) -> str | None:
        """The template `name` as a page would use it (None if there is none to read)."""
        for folder in self._folders:
            path = folder / name
            if path.is_file():
                try:
                    return path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    return None
        return None

    def blocks(self, name: str) -> _Blocks | None:
        """The blocks of the template `name` and the one it extends (None if it cannot be
        read), each template read once."""
        if name not in self._blocks:
            text = self.text(name)
            self._blocks[name] = None if text is None else _blocks_in(text)
        return self._blocks[name]


class _Blocks(NamedTuple):
    """A template's blocks, as a look at its tags finds them (a template Jinja cannot read
    is reported by the pages that use it)."""

    outer: tuple[tuple[str, int], ...]  # those in no other block: name, where its tag is
    every: frozenset[str]
    extends: str | None  # the template it extends, when it names one


_LEFT_OUT = re.compile(  # what holds no tag: comments and raw text
    r"\{#.*?#\}|\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}", re.S
)
_TAG = re.compile(r"\{%[-+]?\s*(block|endblock|extends)\b\s*(.*?)\s*[-+]?%\}", re.S)
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_NAMED = re.compile(r"""^(["'])([^"']+)\1$""")


def _blocks_in(text: str) -> _Blocks:
    """The blocks of the template `text`, found from its tags."""
    outer: list[tuple[str, int]] = []
    every: set[str] = set()
    extends = None
    depth = 0
    shown = _LEFT_OUT.sub(lambda left: re.sub(r"[^\n]", " ", left.group()), text)
    for tag in _TAG.finditer(shown):
        kind, argument = tag.groups()
        if kind == "extends":
            named = _NAMED.match(argument)
            extends = named.group(2) if named else None
        elif kind == "endblock":
            depth = max(depth - 1, 0)
        elif argument:
            name = argument.split()[0]
            every.add(name)
            if depth == 0:
                outer.append((name, tag.start()))
            depth += 1
    return _Blocks(tuple(outer), frozenset(every), extends)


def _open_comments(shown: str, text: str) -> list[Problem]:
    """A comment (`{# ... #}`) with another's `{#` inside: it was left open, and runs on to
    the next comment's end, hiding everything between from the pages."""
    comments = _COMMENT.findall(text)
    if text.count(_OPENS) == len(comments) and not any(_OPENS in c[2:] for c in comments):
        return []  # (Jinja's own reading, below, of the few templates that may have one)
    starts = _line_starts(text)
    try:
        tokens = list(jinja2.Environment().lex(text))
    except jinja2.TemplateSyntaxError as error:
        return _never_closed(shown, text, starts, error)
    problems = []
    for (line, kind, opened), (_, _, inside) in itertools.pairwise(tokens):
        if kind != "comment_begin" or _OPENS not in inside:
            continue
        at = text.find(opened + inside, starts[line - 1])
        if at < 0:
            continue
        column = at - starts[line - 1] + 1
        next_at = at + len(opened) + inside.index(_OPENS)
        next_line = text.count("\n", 0, next_at) + 1
        message = (
            f"this comment is not closed before the next `{{#` at line {next_line}: close "
            "it with `#}`"
        )
        problems.append(Problem(shown, line, column, message))
    return problems


def _never_closed(
    shown: str, text: str, starts: list[int], error: jinja2.TemplateSyntaxError
) -> list[Problem]:
    """A comment with no `#}` after it at all, at its `{#` (Jinja names its line alone);
    none for Jinja's other complaints, which the pages report."""
    line = error.lineno
    if error.message != "Missing end of comment tag" or not 0 < line <= len(starts):
        return []
    column = text.find(_OPENS, starts[line - 1]) - starts[line - 1] + 1
    message = "this comment is not closed: close it with `#}`"
    return [Problem(shown, line, max(column, 1), message)]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [found.end() for found in re.finditer("\n", text)]
    return starts


def _unknown_blocks(shown: str, name: str, text: str, reader: _Templates) -> list[Problem]:
    """Each block of a template that extends another (`{% extends "base.html" %}`) which no
    template it extends, however far up, has: its content would be shown nowhere."""
    blocks = _blocks_in(text)
    parent = blocks.extends
    if parent is None:
        return []
    offered = _blocks_up_from(parent, reader, {name})
    if offered is None:  # a template it extends cannot be read: the pages report it
        return []
    filled = {block for block, _ in blocks.outer}
    namesake = _BUILTIN / name
    builtin = _blocks_in(namesake.read_text(encoding="utf-8")) if namesake.is_file() else None
    if builtin is not None and builtin.extends != parent:
        builtin = None  # its blocks are another template's: no guide to what was meant
    starts = _line_starts(text)
    problems = []
    for block, at in blocks.outer:
        if block in offered:
            continue
        meant = _block_meant(block, offered, filled, builtin)
        if meant:
            message = f"{parent} has no block '{block}': did you mean '{meant}'?"
        else:
            names = sorted(offered)
            listed = ", ".join(f"'{n}'" for n in names[:-1])
            listed = f"{listed} or '{names[-1]}'" if listed else f"'{names[-1]}'"
            message = (
                f"{parent} has no block '{block}', so nothing in it is shown: use one of "
                f"its blocks, {listed}"
            )
        line = text.count("\n", 0, at) + 1
        problems.append(Problem(shown, line, at - starts[line - 1] + 1, message))
    return problems


def _blocks_taken_away(own: Path, name: str, reader: _Templates) -> list[Problem]:
    """Each block a built-in template fills that the site's own template it extends (its
    `base.html`) no longer has: an error at that template, naming the built-in ones whose
    pages would show none of it."""
    lost: dict[tuple[str, str], list[str]] = {}  # (own template, block) -> built-in ones
    for path in sorted(_BUILTIN.glob("*.html")):
        if (own / path.name).is_file():
            continue
        blocks = _blocks_in(path.read_text(encoding="utf-8"))
        parent = blocks.extends
        if parent is None or not (own / parent).is_file():
            continue
        offered = _blocks_up_from(parent, reader, {path.name})
        if offered is None:
            continue
        for block, _ in blocks.outer:
            if block not in offered:
                lost.setdefault((parent, block), []).append(path.name)
    problems = []
    for (parent, block), users in sorted(lost.items()):
        if len(users) > 3:
            users = [*users[:3], f"{len(users) - 3} more"]
        listed = ", ".join(users[:-1])
        listed = f"{listed} and {users[-1]}" if listed else users[-1]
        message = (
            f"{parent} has no block '{block}', which the built-in {listed} "
            f"{'fill' if len(users) > 1 else 'fills'}, so those pages would show nothing "
            f"of theirs: put back {{% block {block} %}}{{% endblock %}} where it goes"
        )
        problems.append(Problem(f"{THEMES_FOLDER}/{name}/templates/{parent}", 1, 1, message))
    return problems


def _blocks_up_from(name: str, reader: _Templates, seen: set[str]) -> set[str] | None:
    """Every block of the template `name` and of those it extends, or None if one of them
    cannot be read (or one extends itself: the pages report it)."""
    found: set[str] = set()
    while True:
        if name in seen:
            return None
        seen.add(name)
        read = reader.blocks(name)
        if read is None:
            return None
        found |= read.every
        parent = read.extends
        if parent is None:
            return found
        name = parent


def _block_meant(
    written: str, offered: set[str], filled: set[str], builtin: _Blocks | None
) -> str | None:
    """The block `written` most likely meant: one spelt like it, else the one block the
    built-in template of the same name (`builtin`, extending the same template) fills that
    this one does not."""
    spelt = closest(written, offered)
    if spelt is not None:
        return spelt
    if builtin is None:
        return None
    left = sorted({block for block, _ in builtin.outer} & offered - filled)
    return left[0] if len(left) == 1 else None
