"""A YAML reader for front matter and site.yml that cannot silently change what the user wrote.

PyYAML's own loaders turn `status: no` into False, `due: 012345` into an octal
number and a date-like string into a date; they keep the last of two duplicate
keys, follow anchors and tags, and libyaml's C composer crashes the process on
deep nesting. We read libyaml's *event stream* instead (iterative, so it cannot
overflow the stack) and build plain values ourselves:

- every plain scalar stays a string, except `null`/`~`/empty (None) and
  `true`/`false` (bool): typed fields are parsed later by the validator;
- anchors, aliases, explicit tags and non-string keys are errors that stop the reading;
- a duplicate key is an error too, but the reading goes on (the first value is kept), and so
  does it after the commonest slips (a value holding ': ' or in curly quotes, left unquoted;
  an apostrophe in single quotes; text after a closing quote or ']'; no space after '-' or a
  key's ':'; a line indented out of step with its neighbours, or with a tab; a list entry
  without its '-'; a list or quote left open):
  the line is read as mended the way the error message says (see `explain`), so that the
  file's other errors are found in the same run;
- size and nesting depth are capped before and while parsing.

Every value and key keeps its position, so errors can point into the file.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

from generator.content.addresses import MAIL_ADDRESS

try:  # the C parser is much faster; its event stream is safe (only its composer recurses)
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

# Characters that XML (feeds, sitemaps) cannot carry and terminals act on: C0 controls but
# tab and line ends, DEL, and the non-characters U+FFFE and U+FFFF. A file containing one,
# or a YAML escape that makes one, is an error rather than a crash later on.
# C0 controls but tab and line ends, DEL, the C1 controls (U+0080 to U+009F: most often
# Windows-1252 punctuation decoded as Latin-1), and the two noncharacters at U+FFFE/U+FFFF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Marks that reorder the text around them (the embeddings, overrides and isolates): U+202E
# shows the title "Budget \u202egnp.exe\u202c approved" as "Budget exe.png approved", on the
# page, in feed readers, in an email's Subject, in a spreadsheet of the actions. Front
# matter's values are one-line names and titles that never need one; a body may (right-to-left
# text), and the left-to-right and right-to-left marks U+200E and U+200F are allowed anywhere.
REORDERING_MARK = re.compile("[\u202a-\u202e\u2066-\u2069]")
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 16

Path_ = tuple[str | int, ...]

WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = MappingProxyType(
    {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
)


class Position(NamedTuple):
    """1-based line and column in the file (a tuple: millions are made and cached)."""

    line: int
    col: int


class StoredPositions(Mapping[Path_, Position]):
    """Positions as the build cache keeps them, `[path, line, col]` rows, read in place.

    A valid file's positions are looked up a few times (where the date and each action's id
    are written); building a dict of them for every file would cost more than the rest of
    reading it back. Compares equal to the dict it was made from.
    """

    __slots__ = ("_rows",)

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows

    def __getitem__(self, path: Path_) -> Position:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def get(self, path: Path_, default: Any = None) -> Any:
        wanted = list(path)
        for at, line, col in self._rows:
            if at == wanted:
                return Position(line, col)
        return default

    def __iter__(self) -> Iterator[Path_]:
        return (tuple(at) for at, _, _ in self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class YamlDocument:
    """The front matter's value, with the position of every value and key in it."""

    value: Any
    positions: Mapping[Path_, Position] = field(default_factory=dict)
    key_positions: Mapping[Path_, Position] = field(default_factory=dict)
    # Values written unquoted between curly quotes (“like this”), which stay in the text.
    curly: tuple[Path_, ...] = ()
    # Values written unquoted as whole numbers (`page_size: 5`), which stay text here: a
    # setting that wants a number takes these alone, so a quoted "5" is refused.
    whole_numbers: tuple[Path_, ...] = ()
    # Comments written where a value goes (`summary: #1 priority` is an empty summary), by
    # the path of the empty value they follow.
    comments: Mapping[Path_, str] = field(default_factory=dict)
    # Errors that did not stop the reading, (message, where): a key given a second time, and
    # a value read as if quoted the way its error message says (see `parse`).
    errors: tuple[tuple[str, Position], ...] = ()

    def position_of(self, path: Path_, *, key: bool = False) -> Position:
        """The position of the value (or key) at `path`, or its nearest enclosing value."""
        table = self.key_positions if key else self.positions
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            found = table.get(prefix) or (self.positions.get(prefix) if key else None)
            if found is not None:
                return found
        return self.positions.get((), Position(1, 1))


class ListEntries(NamedTuple):
    """What an entry of a list of front matter may hold (a meeting's actions): every key it
    may have, and the keys only a new entry has (an action's title), not an update of an
    earlier meeting's."""

    fields: frozenset[str]
    new: frozenset[str]


def no_lists() -> Mapping[str, ListEntries]:
    """No list's entries described: an entry written without its '-' takes the keys the
    list's other entries have."""
    return MappingProxyType({})


class YamlError(Exception):
    """Front matter that cannot be read; position is 1-based in the file. `also` holds the
    errors found after it, reading on as if it were mended, up to the one that stopped the
    reading."""

    def __init__(
        self, message: str, position: Position, also: tuple[tuple[str, Position], ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.also = also


def control_character_message(char: str) -> str:
    code = ord(char)
    meant = ""
    if 0x80 <= code <= 0x9F:  # Windows-1252's punctuation, decoded as if it were Latin-1
        try:
            meant = (
                f" (text pasted from an old Windows document? it stands for "
                f"'{bytes([code]).decode('cp1252')}': write that instead)"
            )
        except UnicodeDecodeError:
            meant = ""
    return f"remove the invisible control character U+{code:04X}{meant}"


def reordering_mark_message(char: str) -> str:
    name = unicodedata.name(char, "").lower()
    return (
        f"remove the invisible mark U+{ord(char):04X} ({name}): it makes the text after it "
        "read in another order on the page, in feeds and in emails, so what readers see is "
        "not what it says; retype the value without it (Arabic or Hebrew letters read in "
        "their own order without it)"
    )


def _position(mark: yaml.Mark | None, first_line: int) -> Position:
    if mark is None:
        return Position(first_line, 1)
    return Position(first_line + mark.line, mark.column + 1)


_QUOTED_OR_COMMENT = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"|#.*$")
_LEADING_DASHES = re.compile(r"^\s*(?:-\s+)*")


def _flow_depth(text: str) -> tuple[int, int]:
    """Deepest nesting a quick scan can see, and the line where it happens (0-based).

    Counts flow brackets and chained block sequence dashes (`- - - x`). It is a
    cheap guard that runs before the parser sees the text.
    """
    deepest, deepest_line = 0, 0
    depth = 0
    for number, line in enumerate(text.split("\n")):
        stripped = _QUOTED_OR_COMMENT.sub("", line)
        dashes = len(_LEADING_DASHES.match(stripped).group(0).split("-")) - 1
        depth_here = depth + dashes
        for char in stripped:
            if char in "[{":
                depth += 1
                depth_here = max(depth_here, depth + dashes)
            elif char in "]}":
                depth = max(0, depth - 1)
        if depth_here > deepest:
            deepest, deepest_line = depth_here, number
    return deepest, deepest_line


def _resolve_plain(text: str) -> Any:
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    return text


MAX_REPAIRS = 20  # values read as if quoted in one front matter, at most


def parse(
    text: str,
    first_line: int = 1,
    repairs: int = 0,
    what: str = "front matter",
    lists: Callable[[], Mapping[str, ListEntries]] = no_lists,
) -> YamlDocument:
    """Parse `text`, whose first line is line `first_line` of the file; messages call it
    `what` (the settings file's name, for site.yml). `lists` gives what the entries of its
    lists may hold, by the list's key, to tell an entry written without its '-' (called only
    then)."""
    size = len(text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise YamlError(
            f"{what} is {size:,} bytes; the limit is {MAX_FRONT_MATTER_BYTES:,}",
            Position(first_line, 1),
        )
    deepest, line = _flow_depth(text)
    if deepest > MAX_DEPTH:
        raise YamlError(
            f"{what} is nested {deepest} levels deep; the limit is {MAX_DEPTH}",
            Position(first_line + line, 1),
        )
    lines = text.split("\n")
    try:
        events = yaml.parse(text, Loader=_EventLoader)
        return _build(events, first_line, lines, what, lists)
    except _SlipRead as slip:
        return _read_on(slip.repair, lines, first_line, repairs, what, lists)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        repair = explain(error, lines, first_line)
        if repair is not None:
            return _read_on(repair, lines, first_line, repairs, what, lists)
        message = " ".join(filter(None, [error.problem, error.context])) or "invalid YAML"
        if line.startswith("\t"):
            message += "; indent with spaces, not tabs"
        raise YamlError(f"invalid YAML: {message}", _position(mark, first_line)) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks
        raise YamlError(f"invalid YAML: {error}", Position(first_line, 1)) from None


def _read_on(
    repair: Repair,
    lines: list[str],
    first_line: int,
    repairs: int,
    what: str,
    lists: Callable[[], Mapping[str, ListEntries]],
) -> YamlDocument:
    """The front matter read on as `repair` mends it, with its message first among the
    errors; an error the reading cannot go past raises, carrying this one first."""
    position = Position(first_line + repair.line, repair.col)
    if repairs >= MAX_REPAIRS:
        raise YamlError(repair.message, position)
    mended_lines = list(lines)
    replaced = len(repair.mended) - len(repair.split)
    lines_before = lines[repair.line : repair.line + replaced]
    mended_lines[repair.line : repair.line + replaced] = repair.mended
    home = _as_written(repair, position.line)
    try:
        read_on = parse("\n".join(mended_lines), first_line, repairs + 1, what, lists)
    except YamlError as later:  # an error the reading cannot go past
        # Reported after this one, but not one on a line this mending changed
        # (its column would be the mended line's).
        mended = range(position.line, position.line + replaced)
        after = ((later.message, later.position), *later.also)
        also = tuple((text, home(at)) for text, at in after if home(at).line not in mended)
        raise YamlError(repair.message, position, also) from None
    if repair.split:
        read_on = _moved(read_on, home)
    else:
        read_on = _columns_as_written(read_on, repair, lines_before, first_line)
    return replace(read_on, errors=((repair.message, position), *read_on.errors))


def _as_written(repair: Repair, line: int) -> Callable[[Position], Position]:
    """Where a position read from the mended lines was written, for a repair that splits
    the line `line` (of the file) in several (`Repair.split`); else the position itself."""
    extra = len(repair.split)
    if not extra:
        return lambda at: at

    def home(at: Position) -> Position:
        if at.line > line + extra:
            return Position(at.line - extra, at.col)
        if at.line > line:
            return Position(line, at.col + repair.split[at.line - line - 1])
        return at

    return home


def _moved(document: YamlDocument, home: Callable[[Position], Position]) -> YamlDocument:
    """`document` with each position moved by `home`."""
    return replace(
        document,
        positions={path: home(at) for path, at in document.positions.items()},
        key_positions={path: home(at) for path, at in document.key_positions.items()},
        errors=tuple((message, home(at)) for message, at in document.errors),
    )


def _columns_as_written(
    document: YamlDocument, repair: Repair, written: list[str], first_line: int
) -> YamlDocument:
    """`document`, read from mended lines, with the columns on those lines moved back to
    where the writer wrote them: for a line re-indented, all of them; for a line given one
    run of characters more (a space after '-' or ':'), those after it."""
    shifts: dict[int, tuple[int, int]] = {}  # line -> (from column, columns to move back)
    for offset, (before, after) in enumerate(zip(written, repair.mended, strict=True)):
        line = first_line + repair.line + offset
        if before.lstrip(" \t") == after.lstrip(" "):
            indent = len(before) - len(before.lstrip(" \t"))
            shifts[line] = (1, len(after) - len(after.lstrip(" ")) - indent)
            continue
        added = len(after) - len(before)
        first_difference = next(
            (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None
        )
        if (
            added > 0
            and first_difference is not None
            and after[first_difference + added :] == before[first_difference:]
        ):
            shifts[line] = (first_difference + added + 1, added)
    if not shifts:
        return document

    def back(at: Position) -> Position:
        start, moved = shifts.get(at.line, (0, 0))
        return Position(at.line, at.col - moved) if moved and at.col >= start else at

    return replace(
        document,
        positions={path: back(at) for path, at in document.positions.items()},
        key_positions={path: back(at) for path, at in document.key_positions.items()},
        errors=tuple((message, back(at)) for message, at in document.errors),
    )


CURLY_QUOTES = "“”‘’„‟‚‛«»"
# A line's key and value, and a comment after the value: the value runs to the last character
# that is neither a space nor a '#' before the first '#' after its start (or the line's end).
# Written with no two parts that can take the same spaces, so a long line costs its length,
# not its square (`(\S.*?)\s*(#.*)?$` tried every split of a run of spaces).
_KEY_AND_VALUE = re.compile(
    r"^(\s*(?:-\s+)*)([A-Za-z_][\w-]*)\s*:\s+(\S(?:[^#\n]*[^\s#])?)\s*(#.*)?$"
)


def _in_curly_quotes(text: str) -> bool:
    """Whether a plain value opens with a curly quote and closes with one, or with the
    straight quote of its kind (“Budget review", as a phone opens a quote and a keyboard
    closes it)."""
    return len(text) > 1 and text[0] in CURLY_QUOTES and text[-1] in CURLY_QUOTES + _STRAIGHT


_STRAIGHT = "\"'"
_SINGLE_CURLY = "‘’‚‛"


def curly_pair(mark: str) -> str:
    """The pair of curly quotes a mark belongs to, as a writer sees them."""
    return "‘ ’" if mark in "‘’‚‛" else "“ ”"


def straight_quoted(value: str) -> str:
    """`value` without curly quotes around it, in straight double quotes (valid YAML)."""
    inner = value.strip().lstrip(CURLY_QUOTES).rstrip(CURLY_QUOTES)
    if value.strip()[:1] in CURLY_QUOTES:  # a straight quote closing a curly one: “a"
        inner = inner.removesuffix("'" if value.strip()[0] in _SINGLE_CURLY else '"')
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Repair(NamedTuple):
    """A slip explained in a writer's words, and the line as the message tells them to
    write it (the reading goes on from that)."""

    message: str
    line: int  # 0-based, in the front matter
    col: int  # 1-based
    mended: tuple[str, ...]  # the line, and any lines it holds, as the message says
    # For a line split in several (`- id: a1 title: Draft` written as two lines), the columns
    # each line after the first is moved by from where it was written on the first.
    split: tuple[int, ...] = ()


# The keys of site.yml's email settings that hold addresses.
_ADDRESS_KEYS = frozenset({"to", "from", "reply_to", "bcc"})


def explain(error: yaml.MarkedYAMLError, lines: list[str], first_line: int = 1) -> Repair | None:
    """The commonest mistakes in words a writer uses, for the line the parser stopped on
    (an unquoted value, an apostrophe in single quotes, text after a closing quote or ']',
    no space after '-' or ':' or a non-breaking one, a list entry without its '-', a line
    indented out of step, a list or quote left open), in front matter whose first line is
    line `first_line` of the file; None for anything else."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None
    if quote_above := _open_quote_above(error, lines, first_line):
        return quote_above
    if mark.line >= len(lines):  # stopped at the end: a slip on the last line
        last = len(lines) - 1
        return _odd_space_after(lines, last) or _no_space_after(lines, last)
    line = lines[mark.line]
    found = _KEY_AND_VALUE.match(line)
    if found is not None:
        key, value = found.group(2), found.group(3)
        col = found.start(3) + 1
        if value[0] in CURLY_QUOTES:
            message = (
                f"{curly_pair(value[0])} are not quote marks to YAML (a word processor typed "
                f"them); quote with straight quotes: {key}: {straight_quoted(value)}"
            )
            return Repair(message, mark.line, col, (_quoted_line(line),))
        if (
            value[:2] == "- "
            and "block sequence entries" in (error.problem or "")
            and (listed := _list_after_key(line, found, mark.line))
        ):
            return listed
        if value[0] in _YAML_MARKS and mark.line == error.problem_mark.line:
            return Repair(_marked_value(key, value), mark.line, col, (_quoted_line(line),))
        if "mapping values are not allowed" in (error.problem or "") and ": " in value:
            if key == "id" and (fields := _fields_on_one_line(line, found, mark.line)):
                return fields
            # `from: Group: one <noreply@example.org>`
            if addressed := name_quoted(value, any_address=key in _ADDRESS_KEYS):
                message = (
                    f"the value of '{key}' contains ': ', which YAML reads as a new key, and "
                    f"mail reads a colon in a name as the start of a group of addresses"
                    f"{addressed.also_wrong}; put the name in double quotes and the whole "
                    f"value in single quotes{addressed.also_done}: {key}: {addressed.value}"
                )
                mended = line[: found.start(3)] + addressed.value + line[found.end(3) :]
                return Repair(message, mark.line, col, (mended,))
            message = (
                f"the value of '{key}' contains ': ', which YAML reads as a new key; quote the "
                f"whole value: {key}: {straight_quoted(value)}"
            )
            return Repair(message, mark.line, col, (_quoted_line(line),))
    return (
        _pasted_bullet(lines, mark.line)
        or _odd_indent(lines, mark.line)
        or _apostrophe(lines, mark.line)
        or _after_closing(lines, mark.line)
        or _odd_space_after(lines, mark.line)
        or _no_space_after(lines, mark.line)
        or _entry_without_dash(error, lines, first_line)
        or _out_of_step(lines, mark.line, first_line)
        or _open_list(error, lines)
        or _open_quote(error, lines, first_line)
    )


# What YAML reads at the start of an unquoted value as a mark of its own, not as text: an
# alias, an anchor, a tag, reserved marks, a block of text on the lines below.
_YAML_MARKS = "*&!@`%|>"


def _marked_value(key: str, value: str) -> str:
    """The message for a value starting with one of `_YAML_MARKS` (`summary: *Important*
    decisions`, Markdown's emphasis), which YAML cannot read as text."""
    mark = value[0]
    emphasis = ", not as emphasis" if value.count("*") > 1 else ""
    read = {
        "*": f"a reference to another value (an alias){emphasis}",
        "&": "a name for the value (an anchor)",
        "!": "a type for the value (a tag)",
        "|": "the start of text on the lines below",
        ">": "the start of text on the lines below, not as a quotation",
    }.get(mark, "a mark of its own, which no value may start with")
    return (
        f"the value of '{key}' starts with '{mark}', which YAML reads as {read}; quote the "
        f"whole value: {key}: {straight_quoted(value)}"
    )


# A name and an address written unquoted: `Group: one <noreply@example.org>`; what is in the
# angle brackets may be no address at all.
_NAME_AND_ADDRESS = re.compile(r"([^\"<>]*[^\"<>\s])\s*<\s*([^<>\s]*)\s*>")
# Or its address not in angle brackets: `Group: one noreply@example.org`.
_NAME_THEN_ADDRESS = re.compile(r"([^\"<>]*[^\"<>\s])\s+([^\"<>\s]*@[^\"<>\s]*)")
# Or a name alone, with no address at all: `Policy: Team`.
_NAME_ALONE = re.compile(r"([^\"<>@]*[^\"<>@\s])()")
# Mail's own example address, in a fix whose address is not one: the writer's goes there.
_EXAMPLE_ADDRESS = "name@example.org"


class NameQuoted(NamedTuple):
    """A name and an address as YAML and mail both read them, whatever the name holds: the
    name in double quotes, the whole in single quotes (`'"Group: one" <noreply@example.org>'`),
    and what else was wrong with them."""

    value: str
    # The writer's other slips: ", and 'x@example' is not an email address", or "".
    also_wrong: str
    # What the fix does besides the quotes: ", with the apostrophe written twice", or "".
    also_done: str


def name_quoted(value: str, *, any_address: bool = False) -> NameQuoted | None:
    """`value`, a name and an address, quoted as YAML and mail both read it; None for a value
    that is not one. With `any_address` (a value of the email settings), whatever its angle
    brackets hold, a last word with an @ and no angle brackets, or none at all; else an @ in
    them. An address that is not one, or none, is given as `_EXAMPLE_ADDRESS`, for the
    writer's."""
    text = value.strip()
    found = _NAME_AND_ADDRESS.fullmatch(text)
    bracketed = found is not None
    if found is None and any_address:
        found = _NAME_THEN_ADDRESS.fullmatch(text) or _NAME_ALONE.fullmatch(text)
    if found is None or not (any_address or "@" in found.group(2)):
        return None
    name, address = found.groups()
    also_wrong, done = "", []
    if not MAIL_ADDRESS.match(address):
        shown = f"'{address}' is not an" if address else "the angle brackets hold no"
        also_wrong = f", and {shown if bracketed or address else 'it holds no'} email address"
        done.append(f"your address in full in place of {_EXAMPLE_ADDRESS}")
        address = _EXAMPLE_ADDRESS
    elif not bracketed:
        done.append("the address in angle brackets")
    if "'" in name:  # in single quotes, YAML reads '' as one apostrophe
        done.append(f"the apostrophe{'s' if name.count(chr(39)) > 1 else ''} written twice")
    also_done = ", with " + " and ".join(done) if done else ""
    quoted = "'\"" + name.replace("'", "''") + f"\" <{address}>'"
    return NameQuoted(quoted, also_wrong, also_done)


# The fields of a list's entry that a writer may type on the line of its `- id:`.
_ENTRY_FIELDS = (
    "title|owner|due|status|note|themes|principles|text|supersedes|review|label|key|count"
)
_FIELD_AFTER_ID = re.compile(rf"\s+({_ENTRY_FIELDS}):\s")


def _fields_on_one_line(line: str, found: re.Match[str], index: int) -> Repair | None:
    """An entry's fields typed on the line of its id (`- id: a1 title: Draft the note`),
    which YAML cannot read: each goes on a line of its own, lined up with 'id:'. Read on
    as the entry written in braces on its one line."""
    value = found.group(3)
    starts = list(_FIELD_AFTER_ID.finditer(value))
    if not starts or " " in value[: starts[0].start()].strip():
        return None
    parts = [("id", value[: starts[0].start()].strip())]
    for here, after in itertools.zip_longest(starts, starts[1:]):
        end = after.start() if after else len(value)
        parts.append((here[1], value[here.end() : end].strip()))
    indent = " " * found.start(2)
    below = tuple(f"{indent}{name}: {text}" for name, text in parts[1:])
    shown = "; ".join(f"`{field}`" for field in below)
    keys = [f"'{name}:'" for name, _ in parts[1:]]
    names = " and ".join([", ".join(keys[:-1]), keys[-1]] if len(keys) > 1 else keys)
    message = (
        f"{names} {'is' if len(parts) == 2 else 'are'} on the line of 'id: {parts[0][1]}', "
        f"where YAML reads {'it' if len(parts) == 2 else 'them'} as part of the id: put each "
        f"field on a line of its own under it, lined up with 'id:': {shown}"
    )
    mended = (f"{line[: found.start(2)]}id: {parts[0][1]}", *below)
    moved = tuple(found.start(3) + here.start(1) - found.start(2) for here in starts)
    return Repair(message, index, found.start(3) + starts[0].start(1) + 1, mended, moved)


# The fields that take a list alone, never one value.
_LISTS_ALONE = frozenset({"themes", "principles", "authors", "categories", "formerly"})


def _list_after_key(line: str, found: re.Match[str], index: int) -> Repair | None:
    """A list's '- ' written on its key's line (`owner: - Priya Shah`), which YAML does not
    read: the value alone, or a list in brackets. Read on as the list in brackets. None for
    an entry of fields (`actions: - id: a1`)."""
    key, item = found.group(2), found.group(3)[2:].strip()
    if not item:
        return None
    if ": " in item:  # `actions: - id: a1`: the entry on the line under its key
        entry = f"{' ' * (found.start(2) + 2)}- {item}"
        message = f"'- {item}' goes on the line under '{key}:', indented 2 spaces more: `{entry}`"
        moved = found.start(3) - found.start(2) - 2
        mended = (line[: found.start(3)].rstrip(), entry)
        return Repair(message, index, found.start(3) + 1, mended, (moved,))
    listed = f"[{straight_quoted(item) if set(item) & set(',[]{}#') else item}]"
    fix = (
        f"write it in brackets: {key}: {listed}"
        if key in _LISTS_ALONE
        else f"write the value alone, {key}: {item}, or a list in brackets: {key}: {listed}"
    )
    message = (
        f"'- ' after '{key}:' starts a list, which YAML reads only on the lines under "
        f"'{key}:'; {fix}"
    )
    mended = f"{line[: found.start(3)]}{listed}"
    return Repair(message, index, found.start(3) + 1, (mended,))


def _quoted_line(line: str) -> str:
    """The line with its value quoted as `explain` tells the writer to."""
    found = _KEY_AND_VALUE.match(line)
    assert found is not None  # `explain` matched it
    return line[: found.start(3)] + straight_quoted(found.group(3)) + line[found.end(3) :]


# The value runs to the line's last quote, with a quote before it (`.*'[^'\n]*` rather than
# `.*'.*`, whose two `.*` tried every pair of quotes: a line of them cost its length squared).
_SINGLE_QUOTED = re.compile(r"^(\s*(?:-\s+)*[A-Za-z_][\w-]*\s*:\s+)'(.*'[^'\n]*)'\s*$")


def _apostrophe(lines: list[str], index: int) -> Repair | None:
    """A value in single quotes holding an apostrophe (`title: 'Tom's notes'`), which ends
    the quote: written in double quotes."""
    found = _SINGLE_QUOTED.match(lines[index])
    if found is None or "''" in found.group(2):
        return None
    mended = found.group(1) + straight_quoted(found.group(2))
    message = "an apostrophe ends a value in single quotes; use double quotes: " + mended.strip()
    return Repair(message, index, len(found.group(1)) + 1, (mended,))


# `-id: x` and `date:2024-03-11`: a dash or a key's colon with no space after it.
_DASH_NO_SPACE = re.compile(r"^(\s*)-([A-Za-z_][\w-]*\s*:(?:\s|$))")
_COLON_NO_SPACE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_][\w-]*):([^\s:/].*)$")
# Spaces that are not spaces to YAML (only ' ' and tab are): a non-breaking space, pasted
# from a word processor or an email, is the usual one.
_NOT_YAML_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# The same, as a set of characters.
_NOT_YAML_SPACE_CHARS = frozenset(
    "\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
)
_DASH_ODD_SPACE = re.compile(rf"^( *)-[{_NOT_YAML_SPACE}]+(\S.*)$")
_COLON_ODD_SPACE = re.compile(rf"^( *(?:- +)*)([A-Za-z_][\w-]*):[{_NOT_YAML_SPACE}]+(.*)$")
_SPACE_NAMES = MappingProxyType(
    {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space"}
)


def _odd_space_after(lines: list[str], index: int) -> Repair | None:
    """A '-' or a key's ':' followed by a space YAML does not read as one (a non-breaking
    space, say), on the line the parser stopped on or the one above it."""
    for at in range(index, max(-1, index - 2), -1):
        line = lines[at]
        if found := _DASH_ODD_SPACE.match(line):
            mended = f"{found.group(1)}- {found.group(2)}"
            key, col = "-", len(found.group(1)) + 1  # the column of the '-'
        elif found := _COLON_ODD_SPACE.match(line):
            mended = f"{found.group(1)}{found.group(2)}: {found.group(3)}"
            key, col = f"{found.group(2)}:", found.end(2) + 1  # the column of the ':'
        else:
            continue
        odd = line[col]
        name = _SPACE_NAMES.get(odd, f"a space YAML does not read as one (U+{ord(odd):04X})")
        message = (
            f"the space after '{key}' is {name}, pasted from a word processor or an email; "
            f"type an ordinary space: {mended.strip()}"
        )
        return Repair(message, at, col, (mended,))
    return None


_INDENT_NAMES = MappingProxyType(
    {"\u00a0": "non-breaking spaces", "\u202f": "narrow non-breaking spaces"}
)
_ODD_INDENT = re.compile(
    rf"^[ \t{_NOT_YAML_SPACE}]*[{_NOT_YAML_SPACE}][ \t{_NOT_YAML_SPACE}]*(?=\S)"
)


def _odd_indent(lines: list[str], index: int) -> Repair | None:
    """A line indented with spaces YAML does not read as spaces (non-breaking ones, pasted
    from a word processor or an email), on the line the parser stopped on or the two above
    it (YAML reads such a line as text going on from the line above)."""
    for at in range(index, max(-1, index - 3), -1):
        line = lines[at] if at < len(lines) else ""
        if found := _ODD_INDENT.match(line):
            indent = found.group()
            odd = next(char for char in indent if char not in " \t")
            name = _INDENT_NAMES.get(odd, f"spaces YAML does not read as spaces (U+{ord(odd):04X})")
            mended = " " * len(indent) + line[len(indent) :]
            message = (
                f"the line is indented with {name}, pasted from a word processor or an email; "
                f"indent it with ordinary spaces: {mended.strip()}"
            )
            return Repair(message, at, indent.index(odd) + 1, (mended,))
    return None


# A list item started, as a word processor lists, with a dash or bullet YAML does not read as
# '-': an en dash (its autocorrect of '- '), a bullet pasted from a document.
_PASTED_BULLET = re.compile(
    r"^([ \t]*)([\u2010-\u2015\u2212\u2022\u2023\u25aa\u25cf\u25e6\u2043·*])[ \t]"
)


def pasted_bullet(line: str) -> tuple[str, str] | None:
    """`line` with the dash or bullet that starts it typed as '-', and that character in
    words ('an en dash (U+2013)'); None when it starts otherwise."""
    if found := _PASTED_BULLET.match(line):
        char = found.group(2)
        name = unicodedata.name(char, "character").lower()
        article = "an" if name[0] in "aeiou" else "a"
        return f"{found.group(1)}-{line[found.end(2) :]}", f"{article} {name} (U+{ord(char):04X})"
    return None


def _pasted_bullet(lines: list[str], index: int) -> Repair | None:
    """A list item started with a dash or bullet that is not '-', on the line the parser
    stopped on or above it (YAML reads `– id: x` as a key '– id', and stops a line or so
    later)."""
    for at in range(index, max(-1, index - 20), -1):
        if typed := pasted_bullet(lines[at]):
            mended, words = typed
            message = (
                f"the list item starts with {words}, which YAML does not read as a list's "
                f"'-'; type '-' in its place: {mended.strip()}"
            )
            return Repair(message, at, len(mended) - len(mended.lstrip(" \t")) + 1, (mended,))
    return None


def _no_space_after(lines: list[str], index: int) -> Repair | None:
    """A list item or key written without the space YAML needs after '-' or ':', on the
    line the parser stopped on or above it (YAML reads `-id: x` as a key '-id', and stops
    a few lines later; `date:2024-03-11` as text, and stops on the next line)."""
    for at in range(index, max(-1, index - 20), -1):
        line = lines[at]
        if found := _DASH_NO_SPACE.match(line):
            mended = f"{found.group(1)}- {line[found.end(1) + 1 :]}"
            message = f"put a space after '-' to start a list item: {mended.strip()}"
            return Repair(message, at, len(found.group(1)) + 1, (mended,))
        if at >= index - 1 and (found := _COLON_NO_SPACE.match(line)):
            key, value = found.group(2), found.group(3)
            mended = f"{found.group(1)}{key}: {value}"
            message = f"put a space after '{key}:': {mended.strip()}"
            return Repair(message, at, found.end(2) + 1, (mended,))
    return None


# The keys of front matter whose values are prose (`schema.Prose`), never a list: a value of
# one starting with '[' is text that starts with a bracket (`summary: [Draft] budget`).
# tests/test_web_editor_slips.py reads them from the schema and tries each.
_PROSE_KEYS = frozenset(
    {"title", "summary", "text", "note", "key", "label", "question", "location"}
)


# Characters pasted from a word processor that look like a hyphen, with what to type instead.
_HYPHEN_LOOK_ALIKES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def _as_typed(char: str) -> str | None:
    """What a keyboard types for `char` when it shows nothing or passes for a hyphen ('' or
    '-'); None for any other character."""
    if char in _HYPHEN_LOOK_ALIKES:
        return "-"
    if char in _NOT_YAML_SPACE_CHARS or unicodedata.category(char) == "Cf":
        return ""
    return None


def pasted_characters(text: str) -> tuple[str, str] | None:
    """`text` as typed on a keyboard, and the first character in it that was not, in words
    (`an invisible zero width space (U+200B)`, `a non-breaking hyphen (U+2011), which looks
    like '-' and is not one`): for characters that show nothing or pass for a hyphen; None
    when there is none."""
    char = next((char for char in text if _as_typed(char) is not None), None)
    if char is None:
        return None
    name = unicodedata.name(char, "character").lower()
    if _as_typed(char):
        article = "an" if name[0] in "aeiou" else "a"
        words = f"{article} {name} (U+{ord(char):04X}), which looks like '-' and is not one"
    else:
        words = f"an invisible {name} (U+{ord(char):04X})"
    typed = "".join(c if (as_typed := _as_typed(c)) is None else as_typed for c in text)
    return typed, words


def _after_closing(lines: list[str], index: int) -> Repair | None:
    """A value that goes on after its list's closing ']' or its closing quote
    (`themes: [a] for now`, `title: "Budget" review`); or a value of prose starting with
    '[' (`summary: [Draft] budget`), quoted."""
    found = _KEY_AND_VALUE.match(lines[index])
    if found is None:
        return None
    key, value = found.group(2), found.group(3)
    opening = value[0]
    closing = {"[": "]", '"': '"', "'": "'"}.get(opening)
    end = value.find(closing, 1) if closing else -1
    rest = value[end + 1 :].strip() if end > 0 else ""
    if not rest:
        return None
    start = found.start(3)
    if opening == "[" and key in _PROSE_KEYS:  # `summary: [Draft] budget`: text, not a list
        message = (
            f"the value of '{key}' starts with '[', which YAML reads as the start of a list; "
            f"quote the whole value: {key}: {straight_quoted(value)}"
        )
        return Repair(message, index, start + 1, (_quoted_line(lines[index]),))
    if opening == "[":
        if "[" in value[1:end]:
            return None
        pasted = pasted_characters(rest)
        if pasted is not None and not pasted[0]:  # pasted with the text: nothing to keep
            mended = f"{lines[index][:start]}{value[: end + 1]}"
            message = f"{pasted[1]} comes after the list's closing ']'; remove it: {mended.strip()}"
            return Repair(message, index, start + end + 2, (mended,))
        mended = f"{lines[index][:start]}{value[: end + 1]}  # {rest}"
        message = (
            f"'{rest}' comes after the list's closing ']'; remove it, or keep it as a "
            f"comment: {mended.strip()}"
        )
    else:
        whole = straight_quoted(value) if "'" in value else f"'{value}'"
        mended = lines[index][:start] + whole + lines[index][found.end(3) :]
        message = (
            f"the value of '{key}' goes on after its closing quote; quote the whole value: "
            + mended.strip()
        )
    return Repair(message, index, start + end + 2, (mended,))


# A line that gives a key (`  owner: Sam`, `  - id: x`): its indent, its dashes and its key.
_KEY_LINE = re.compile(r"^([ \t]*)((?:-[ ]+)*)([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_DASH_LINE = re.compile(r"^([ \t]*)-(?:[ \t]|$)")


def _out_of_step(lines: list[str], index: int, first_line: int) -> Repair | None:
    """A key or list item indented with a tab, or by a space or so more or fewer than the
    lines it belongs with: lined up with the nearest of them (the nearer line on a tie)."""
    line = lines[index]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    tabbed = "\t" in indent
    is_item = _DASH_LINE.match(line) is not None
    found = _KEY_LINE.match(line)
    if found is None and not is_item:
        return None
    own = "-" if is_item else f"{found.group(3)}:" if found else ""
    # Where the line could belong: (column, line, what is there, whether it goes under it).
    levels: list[tuple[int, int, str, bool]] = []
    for above in range(index - 1, -1, -1):
        text = lines[above]
        start = len(text) - len(text.lstrip(" \t"))
        if not text.strip() or text.lstrip().startswith("#") or "\t" in text[:start]:
            continue
        key = _KEY_LINE.match(text)
        if is_item and _DASH_LINE.match(text):
            levels.append((start, above, "-", False))
        elif key is not None and not is_item:
            levels.append((start + len(key.group(2)), above, key.group(3) + ":", False))
        elif key is not None and not levels and text.rstrip().endswith(":"):
            # the first item of a list, or first key of a mapping, under its key
            column = start + len(key.group(2)) + 2
            levels.append((column, above, key.group(3) + ":", True))
        if start == 0:
            break
    if not levels:
        return None
    here = len(indent.expandtabs(8))
    if tabbed:
        column, above, what, under = levels[0]
    else:
        column, above, what, under = min(
            levels, key=lambda level: (abs(level[0] - here), -level[1])
        )
        if column == here:
            return None
    entry = _entry_started(lines, index, column)
    if found is not None and entry is not None and entry[1] == found.group(3):
        # The entry's first key again: the next entry, its '-' forgotten, not a key to move.
        repair = _dash_added(lines, index, column - 2, first_line, entry[0])
        if tabbed:
            message = repair.message + ", indented with spaces, not tabs"
            return repair._replace(message=message, col=indent.index("\t") + 1)
        return repair
    # The lines the key or item holds (indented more than it) move with it.
    moved = [" " * column + line.lstrip(" \t")]
    for below in lines[index + 1 :]:
        start = len(below) - len(below.lstrip(" \t"))
        width = len(below[:start].expandtabs(8))  # as far in as it shows (a tab: to 8)
        if below.strip() and (width <= here or "\t" in below[:start]):
            break
        moved.append(" " * (width - here + column) + below.lstrip(" ") if below.strip() else below)
    spaces = f"indent it {column} space{'' if column == 1 else 's'}" if column else "no indent"
    where = f"'{what}' on line {first_line + above}"
    fix = (
        f"put it under {where} ({spaces})" if under else f"line up '{own}' with {where} ({spaces})"
    )
    if tabbed:  # at the (first) tab
        message = "indent with spaces, not tabs: " + fix
        return Repair(message, index, indent.index("\t") + 1, tuple(moved))
    count = f"{here} space{'' if here == 1 else 's'}"
    message = f"'{own}' is indented {count}, out of step with the lines above it; {fix}"
    return Repair(message, index, len(indent) + 1, tuple(moved))


def _entry_started(lines: list[str], index: int, column: int) -> tuple[int, str] | None:
    """The line above `index` where the list entry whose keys are at `column` starts with its
    '-', and its first key; None if the keys at `column` there are no list entry's."""
    for above in _filled_lines(lines, range(index - 1, -1, -1)):
        found = _KEY_LINE.match(lines[above])
        if found is not None and found.group(2) and len(found.group(1) + found.group(2)) == column:
            return above, found.group(3)
        if _indent(lines[above]) < column:
            return None
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _filled_lines(lines: list[str], indexes: range) -> Iterator[int]:
    """The lines among `indexes` that hold more than spaces or a comment."""
    return (i for i in indexes if lines[i].strip() and not lines[i].lstrip().startswith("#"))


def _dash_added(
    lines: list[str], index: int, dash: int, first_line: int, beside: int | None, new: bool = True
) -> Repair:
    """The entry of a list whose '-' is missing from line `index`, given its '-' at column
    `dash` (0-based), lined up with the '-' on line `beside` (None: the list's first entry);
    `new`: called a new entry, not one that may update an earlier meeting's."""
    line = lines[index]
    mended = " " * dash + "- " + line.strip()
    # The list's key: less indented than its dashes, or at their column with no value
    # (`actions:` over `- id: a`).
    opener = next(
        (
            found.group(3)
            for i in range(index - 1, -1, -1)
            if (found := _KEY_LINE.match(lines[i]))
            and (_indent(lines[i]) < dash or _opens_list(lines[i], dash + 1))
        ),
        "",
    )
    beside_line = None if beside is None else first_line + beside
    message = dash_missing_message(line.strip(), mended, opener, beside_line, new)
    return Repair(message, index, _indent(line) + 1, (mended,))


def dash_missing_message(
    written: str, mended: str, field: str, beside: int | None, new: bool = True
) -> str:
    """What to write for an entry of the list `field` written without its '-': `mended`,
    lined up with the '-' on line `beside` (None: the list's first entry); `new`: called a
    new entry (an action), not just an entry (it may be an update)."""
    # The lists of entries are named in the plural (actions, decisions, options, principles).
    entry = field[:-1] if field.endswith("s") else f"entry in '{field}:'"
    if beside is None:
        return f"'{written}' looks like the first {entry}: start it with '- ' ({mended})"
    called = f"a new {entry}" if new else f"an entry in '{field}:'"
    return (
        f"'{written}' looks like {called}: start it with '- ' ({mended}), "
        f"lined up with the '- ' on line {beside}"
    )


def _entry_without_dash(
    error: yaml.MarkedYAMLError, lines: list[str], first_line: int
) -> Repair | None:
    """A list's entry written without its '-': after the list's entries, at their dashes'
    column, giving the entry's first key again or followed by its other keys two columns in
    (`  id: b` after `  - id: a`), or a value after the list's values (`  b` after `  - a`);
    or as the list's first entry, with its other keys two columns in (`actions:`, `  id: a`,
    `    title: …`) or its keys lined up above the next entry's '-' (`actions:`, `    id: a`,
    `  - id: b`)."""
    mark = error.problem_mark
    problem = error.problem or ""
    if mark is None or mark.line >= len(lines):
        return None
    index = mark.line
    line = lines[index]
    key = _KEY_LINE.match(line)
    if "expected '-' indicator" in problem and error.context_mark is not None:
        dash = error.context_mark.column  # where the list's dashes are
        if key is None or key.group(2) or "\t" in key.group(1) or _indent(line) != dash:
            return None
        entry_keys: set[str] = set()
        beside = None
        for above in _filled_lines(lines, range(index - 1, -1, -1)):
            if _indent(lines[above]) < dash:
                return None
            found = _KEY_LINE.match(lines[above])
            if found is not None and len(found.group(1) + found.group(2)) == dash + 2:
                entry_keys.add(found.group(3))
            if _DASH_LINE.match(lines[above]) and _indent(lines[above]) == dash:
                beside = above
                break
        below = next(_filled_lines(lines, range(index + 1, len(lines))), None)
        fields_below = below is not None and (found := _KEY_LINE.match(lines[below])) is not None
        fields_below = fields_below and not found.group(2) and _indent(lines[below]) == dash + 2
        if beside is None or (key.group(3) not in entry_keys and not fields_below):
            return None
        return _dash_added(lines, index, dash, first_line, beside)
    context = error.context_mark
    if "expected ':'" in problem and context is not None and context.line < len(lines):
        # `themes:`, `  - a` and `  b`: a value at the column of the dashes above it
        written = lines[context.line]
        above = next(_filled_lines(lines, range(context.line - 1, -1, -1)), None)
        if _indent(written) != context.column or above is None or "\t" in written:
            return None
        if not _DASH_LINE.match(lines[above]) or _indent(lines[above]) != context.column:
            return None
        return _dash_added(lines, context.line, context.column, first_line, above)
    if "mapping values are not allowed" in problem and key is not None and not key.group(2):
        # `actions:`, `  id: a` and `    title: …`: the line above starts the list's first entry
        above = next(_filled_lines(lines, range(index - 1, -1, -1)), None)
        if above is None:
            return None
        first = _KEY_LINE.match(lines[above])
        opener = next(_filled_lines(lines, range(above - 1, -1, -1)), None)
        dash = _indent(lines[above])
        if first is None or first.group(2) or dash != _indent(line) - 2:
            return None
        if opener is not None and _opens_list(lines[opener], dash):
            return _dash_added(lines, above, dash, first_line, None)
        # or it starts the next entry of a list whose dashes are at its column (`- id: a`,
        # `  title: …`, then `id: b` and `  title: …`, in a list not indented)
        before = _filled_lines(lines, range(above - 1, -1, -1))
        entry = next((i for i in before if _indent(lines[i]) <= dash), None)
        if entry is None or not _DASH_LINE.match(lines[entry]) or _indent(lines[entry]) != dash:
            return None
        return _dash_added(lines, above, dash, first_line, entry)
    if "expected key" in problem and _DASH_LINE.match(line):
        # `actions:`, `    id: a` and `  - id: b`: the keys above are the first entry's
        dash = _indent(line)
        starts = None
        for above in _filled_lines(lines, range(index - 1, -1, -1)):
            found = _KEY_LINE.match(lines[above])
            if found is None or found.group(2) or _indent(lines[above]) != dash + 2:
                break
            starts = above
        if starts is None or starts == 0 or not _opens_list(lines[starts - 1], dash):
            return None
        return _dash_added(lines, starts, dash, first_line, None)
    return None


def _next_entry(
    lines: list[str], first: Position, again: Position, first_line: int
) -> Repair | None:
    """The entry of a list that starts where its entry's first key, written at `first`, is
    given again (at `again`), if the '-' before `first` is on its line and none is `again`'s."""
    dash_line = lines[first.line - first_line]
    before = dash_line[: first.col - 1].rstrip(" ")
    again_line = lines[again.line - first_line]
    if not before.endswith("-") or _DASH_LINE.match(again_line):
        return None
    dash = len(before) - 1
    return _dash_added(lines, again.line - first_line, dash, first_line, first.line - first_line)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _values_without_dash(lines: list[str], event: Any, first_line: int) -> Repair | None:
    """A list's value read on over the next line (`  - open-data` over `    engagement`), each
    line a slug: the next line is the list's next entry, written without its '-'."""
    start, end = event.start_mark, event.end_mark
    if end.line == start.line or end.line >= len(lines):
        return None
    first = lines[start.line]
    if not _DASH_LINE.match(first) or "\t" in first[: start.column]:
        return None
    written = [first[start.column :], *lines[start.line + 1 : end.line + 1]]
    if not all(_SLUG.fullmatch(line.strip()) for line in written):
        return None
    return _dash_added(lines, start.line + 1, _indent(first), first_line, start.line)


def _opens_list(line: str, column: int) -> bool:
    """Whether `line` is a key with no value, named in the plural, less indented than
    `column`: where a list of entries starts (a mapping's keys are named in the singular)."""
    found = _KEY_LINE.match(line)
    return (
        found is not None
        and not found.group(2)
        and found.group(3).endswith("s")
        and _indent(line) < column
        and not line[found.end() :].split("#")[0].strip()
    )


def _open_list(error: yaml.MarkedYAMLError, lines: list[str]) -> Repair | None:
    """A list written `[a, b` with no closing bracket: closed at the end of its line."""
    start = error.context_mark
    if start is None or "flow sequence" not in (error.context or "") or start.line >= len(lines):
        return None
    line = lines[start.line]
    body = _QUOTED_OR_COMMENT.sub("", line)
    if body.count("[") != 1 or "]" in body:
        return None
    comment = next((m for m in _QUOTED_OR_COMMENT.finditer(line) if m[0].startswith("#")), None)
    end = len(line[: comment.start()].rstrip()) if comment else len(line.rstrip())
    mended = line[:end] + "]" + line[end:]
    message = f"the list has no closing ']'; close it: {mended.strip()}"
    return Repair(message, start.line, end + 1, (mended,))


def _open_quote(error: yaml.MarkedYAMLError, lines: list[str], first_line: int) -> Repair | None:
    """A value whose opening quote is never closed: closed at the end of its line, or of the
    last of the lines under it indented as the rest of the value (`summary: "line one`, then
    `  line two`), with no quote of its kind in them: the writer meant those lines to be it."""
    start = error.context_mark
    if start is None or "quoted scalar" not in (error.context or "") or start.line >= len(lines):
        return None
    line = lines[start.line]
    quote = line[start.column : start.column + 1]
    if quote not in ("'", '"'):
        return None
    if in_list := _open_quote_in_list(line, start.line, start.column):
        return in_list
    if line.count(quote) != 1:
        return None
    return _quote_closed(lines, start.line, start.column, first_line)


def _quote_closed(lines: list[str], index: int, column: int, first_line: int) -> Repair:
    """The value whose quote at `column` of line `index` is never closed, closed at the end of
    its line, or of the last of the lines under it that go on with it."""
    line = lines[index]
    quote = line[column]
    end = _value_goes_on_to(lines, index, column, quote)
    written = lines[end].rstrip()
    if written[-1:] in CURLY_QUOTES and len(written) > (column + 1 if end == index else 0):
        mended = written[:-1] + quote
        message = (
            f"the quoted value ends in {written[-1]}, a curly quote (a phone or word processor "
            f"typed it), which does not close a value opened with {quote}; type {quote} in its "
            f"place: {mended.strip()}"
        )
        return Repair(message, index, column + 1, (*lines[index:end], mended))
    if end == index:
        mended = line.rstrip() + quote
        message = f"the quoted value has no closing {quote}; close it: {mended.strip()}"
        return Repair(message, index, column + 1, (mended,))
    last = lines[end].rstrip() + quote
    message = (
        f"the quoted value has no closing {quote}; close it where the value ends, at the end "
        f"of line {first_line + end}: {last.strip()}"
    )
    return Repair(message, index, column + 1, (*lines[index:end], last))


def _open_quote_above(
    error: yaml.MarkedYAMLError, lines: list[str], first_line: int
) -> Repair | None:
    """A value whose opening quote is not closed on its line, read on by YAML to the first
    quote of its kind on a later line that is no part of the value (`title: "Kick-off`, then
    `summary: "First meeting"`), where the parser stopped just after that quote: closed
    where the value ends, as `_open_quote` closes one read to the end."""
    mark = error.problem_mark
    if mark is None or mark.line >= len(lines) or mark.column == 0:
        return None
    stopped = lines[mark.line]
    quote = stopped[mark.column - 1]
    if quote not in ("'", '"') or stopped.find(quote) != mark.column - 1:
        return None
    for index in range(mark.line - 1, -1, -1):
        if quote in lines[index]:
            break
    else:
        return None
    column = _unclosed_quote(lines[index])
    if column is None or lines[index][column] != quote:
        return None
    if in_list := _open_quote_in_list(lines[index], index, column):
        return in_list
    owner = _owner_indent(lines[index], column)
    if owner is None or _indent(stopped) > owner:
        return None  # the line that stopped it is indented as if it went on with the value
    return _quote_closed(lines, index, column, first_line)


def _unclosed_quote(line: str) -> int | None:
    """The column (0-based) of a quote that starts a value on `line` (after a key's ': ', a
    list's '- ', '[' or ',', or at its start) and is not closed on it; None if every such
    quote is. One pass along the line, whatever it holds."""
    last, spaced = "", False  # the last character but spaces before this one, and if any were
    at = 0
    while at < len(line):
        char = line[at]
        if char in " \t":
            spaced = True
            at += 1
            continue
        if char == "#" and (spaced or not last):
            return None
        starts = not last or last in "[,{" or (last in ":-" and spaced)
        if char in "'\"" and starts:
            end = at + 1
            while end < len(line):
                if char == '"' and line[end] == "\\":
                    end += 2
                elif line[end] != char:
                    end += 1
                elif char == "'" and line[end + 1 : end + 2] == "'":
                    end += 2
                else:
                    break
            if end >= len(line):
                return at
            at = end
            char = line[end]
        last, spaced = char, False
        at += 1
    return None


# An item of a list that YAML reads as written, with no quotes: no character YAML gives a
# meaning at its start, none that ends an item, no ': ' or ' #' in it.
_PLAIN_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^,\[\]{}:#]|:(?!\s)|(?<!\s)#)*")


def _open_quote_in_list(line: str, index: int, column: int) -> Repair | None:
    """A quote opened in a list on one line and not closed before its ']' (`themes: ["a, b]`,
    `themes: [a, "b]`): each item it was opened before quoted, or, if every item can be
    written so, the quotes left out. YAML reads the quote on past the ']'."""
    quote = line[column]
    opening = line.rfind("[", 0, column)
    found = _KEY_AND_VALUE.match(line)
    if opening < 0 or found is None or found.start(3) != opening or quote in line[column + 1 :]:
        return None
    before = line[opening + 1 : column]
    if "]" in before or (before.strip() and not before.rstrip().endswith(",")):
        return None  # the quote does not start an item of this list
    closing = line.rfind("]", column)
    end = closing if closing >= 0 else len(line.rstrip())
    tail = line[closing + 1 :] if closing >= 0 else ""
    opened = [item.strip() for item in line[column + 1 : end].split(",") if item.strip()]
    if not opened:
        return None
    head = before.rstrip()
    quoted = ", ".join(f"{quote}{item}{quote}" for item in opened)
    mended = f"{line[: opening + 1]}{head}{' ' if head else ''}{quoted}]{tail}"
    key = found.group(2)
    written_before = [item.strip() for item in before.split(",") if item.strip()]
    plain = [item[1:-1] if item[:1] in "'\"" else item for item in written_before]
    plain += opened
    unquoted = ""
    if all(_PLAIN_ITEM.fullmatch(item) for item in plain) and all(
        item[:1] not in "'\"" or (len(item) > 1 and item[-1] == item[0]) for item in written_before
    ):
        unquoted = f", or leave the quotes out: {key}: [{', '.join(plain)}]"
    if len(opened) == 1:
        message = f"the quoted item '{opened[0]}' has no closing {quote}; close it: "
    else:
        message = (
            f"the quote opened before '{opened[0]}' is not closed, and a quote holds one "
            f"item, not several; quote each item: "
        )
    message += f"{key}: [{head}{' ' if head else ''}{quoted}]{unquoted}"
    return Repair(message, index, column + 1, (mended,))


def _owner_indent(line: str, column: int) -> int | None:
    """The indent of the key (or list's '-') whose value starts at `column` of `line`: the
    lines under it indented more go on with the value; None for a value inside a `[…]`."""
    before = line[:column].rstrip()
    if before.endswith(":"):  # `key: "…`, under a list's '- ' or not
        return _indent(_LEADING_DASHES.sub(lambda dashes: " " * len(dashes[0]), before))
    if before.endswith("-"):  # a list's entry: `- "…`
        return len(before) - 1
    return None


def _value_goes_on_to(lines: list[str], index: int, column: int, quote: str) -> int:
    """The last line of a value starting at `column` of line `index` that the lines under it
    go on with: those indented more than its key (or its list's '-'), up to the first that
    is not (blank lines between them), none with a `quote` in it."""
    owner = _owner_indent(lines[index], column)
    if owner is None:  # inside a `[…]`
        return index
    end = index
    for below in range(index + 1, len(lines)):
        text = lines[below]
        if not text.strip():
            continue
        if _indent(text) <= owner or quote in text:
            break
        end = below
    return end


def _entry_after_list(
    lines: list[str],
    frame: _Frame,
    key: str,
    written: Position,
    first_line: int,
    lists: Callable[[], Mapping[str, ListEntries]],
) -> Repair | None:
    """A key of the front matter given after a list whose dashes are at its column, that is
    the first key of the list's last entry (`- id: a` and `  title: …`, then `id: b`): the
    next entry, its '-' forgotten. The keys an entry may have written after it at the same
    column (`title: …`, `due: …`, `themes: […]`), up to the first that it may not, are its
    own and go under its '-' with it. So is a key an entry may have that the front matter
    already has, or that the entry's first key follows (`title: b`, then `id: b`), when that
    first key is among those written after it."""
    if not frame.container or not isinstance(frame.container, dict):
        return None
    list_key = next(reversed(frame.container))
    entries = frame.container[list_key]
    if not isinstance(entries, list) or not entries or not isinstance(entries[-1], dict):
        return None
    if not entries[-1]:
        return None
    first_key = next(iter(entries[-1]))
    index, dash = written.line - first_line, written.col - 1
    if key != first_key and key not in frame.container:
        following = next(_filled_lines(lines, range(index + 1, len(lines))), None)
        found = None if following is None else _KEY_LINE.match(lines[following])
        if found is None or found.group(2) or found.group(3) != first_key:
            return None
    above = _filled_lines(lines, range(index - 1, -1, -1))
    beside = next((i for i in above if _indent(lines[i]) <= dash), None)
    if beside is None or not _DASH_LINE.match(lines[beside]) or _indent(lines[beside]) != dash:
        return None
    described = lists().get(list_key)
    used = {k for entry in entries if isinstance(entry, dict) for k in entry}
    fields = used | described.fields if described else used
    under: list[str] = []  # the entry's other keys written at its column, in order
    listing: set[str] = set()  # those among them whose list's '- ' lines are at the column
    held = {key}  # all its keys, those written under it too
    moved: list[str] = []
    opens = False  # the last key moved has no value: a list at its column is its value
    for below in range(index + 1, len(lines)):
        line = lines[below]
        found = _KEY_LINE.match(line)
        if not line.strip() or _indent(line) > dash:
            if found and not found.group(2) and _indent(line) == dash + 2:
                held.add(found.group(3))
            moved.append(line and "  " + line)
        elif opens and _DASH_LINE.match(line) and _indent(line) == dash:
            listing.add(under[-1])
            moved.append("  " + line)
        elif found and not found.group(2) and found.group(3) in fields - held:
            under.append(found.group(3))
            held.add(found.group(3))
            moved.append("  " + line)
            opens = not line[found.end() :].split("#")[0].strip()
        else:
            break
    if key != first_key and (key not in fields or first_key not in under):
        return None  # a key of the front matter's own, given again or after the list
    while moved and not moved[-1].strip():
        moved.pop()
    new = described is None or bool(held & described.new)
    repair = _dash_added(lines, index, dash, first_line, beside, new)
    if not under:
        return repair
    told = [f"'{k}:' (with its '- ' lines)" if k in listing else f"'{k}:'" for k in under]
    named = " and ".join(", ".join(told).rsplit(", ", 1))
    message = f"{repair.message}, and indent {named} under it 2 spaces more"
    return repair._replace(message=message, mended=(*repair.mended, *moved))


class _SlipRead(Exception):
    """A slip the parser read without an error, which `repair` mends: a list entry's first
    key given again inside it (`id: b` under `- id: a`), or a list's value read on over the
    next line (the start of the next entry, written without its '-'); or a value starting
    with '&', '*' or '!' read as YAML's anchor, alias or tag (`summary: &s text`)."""

    def __init__(self, repair: Repair) -> None:
        super().__init__(repair.message)
        self.repair = repair


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    pending_key: str | None = None
    pending_key_position: Position | None = None
    pending_duplicate: bool = False  # the pending key was given before: its value is dropped
    dropped: bool = False  # inside a duplicate key's value: read, never kept
    first_duplicate: Position | None = None  # where a key was first given again, if one was


def _marked_text(event: yaml.Event, lines: list[str]) -> Repair | None:
    """A `key: value` on one line whose value YAML read as an anchor, an alias or a tag
    (`summary: &s text`, `*draft`, `!important notes`), which a writer meant as text: quoted
    (not a `!!` tag, which only YAML's own writers write)."""
    alias = isinstance(event, yaml.AliasEvent)
    tagged = getattr(event, "tag", None) not in (None, "!") and not any(event.implicit)
    plain = isinstance(event, yaml.ScalarEvent) and not event.style
    if not (alias or (plain and (event.anchor or tagged))):
        return None
    start, end = event.start_mark, event.end_mark
    if start.line != end.line or start.line >= len(lines):
        return None  # a value written over several lines: left to `_check_event`
    found = _KEY_AND_VALUE.match(lines[start.line])
    if found is None or found.start(3) != start.column:
        return None
    key, value = found.group(2), found.group(3)
    if value.startswith("!!"):
        return None  # a tag of YAML's own, written as one (`!!python/object`): refused
    return Repair(
        _marked_value(key, value), start.line, start.column + 1, (_quoted_line(found.group()),)
    )


def _check_event(event: yaml.Event, first_line: int, what: str) -> None:
    position = _position(event.start_mark, first_line)
    if isinstance(event, yaml.AliasEvent):
        raise YamlError(f"YAML aliases (*name) are not allowed in {what}", position)
    if getattr(event, "anchor", None):
        raise YamlError(f"YAML anchors (&name) are not allowed in {what}", position)
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    explicit_tag = tag is not None and (
        not any(implicit) if isinstance(implicit, tuple) else not implicit
    )
    if explicit_tag and tag not in ("!", "tag:yaml.org,2002:str"):
        raise YamlError(f"YAML tags ({tag}) are not allowed in {what}", position)


def _build(
    events: Any,
    first_line: int,
    lines: list[str],
    what: str,
    lists: Callable[[], Mapping[str, ListEntries]],
) -> YamlDocument:
    positions: dict[Path_, Position] = {}
    key_positions: dict[Path_, Position] = {}
    stack: list[_Frame] = []
    curly: list[Path_] = []
    whole_numbers: list[Path_] = []
    comments: dict[Path_, str] = {}
    duplicates: list[tuple[str, Position]] = []
    root: Any = None
    documents = 0

    def dropping() -> bool:
        """Whether the next value belongs to a duplicate key's value (read, not kept)."""
        return bool(stack) and (stack[-1].dropped or stack[-1].pending_duplicate)

    def place(value: Any, position: Position, is_scalar: bool) -> Path_ | None:
        """Put a finished value into the open container; returns its path (None for a key,
        and for a value that is dropped)."""
        nonlocal root
        if not stack:
            root = value
            positions[()] = position
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
            if frame.dropped:
                return None
            positions[path] = position
            return path
        if frame.pending_key is None:
            if not is_scalar or (not isinstance(value, str | bool) and value is not None):
                raise YamlError("a key must be a plain word, not a list or mapping", position)
            key = "" if value is None else str(value).lower() if isinstance(value, bool) else value
            if len(stack) == 1 and (
                repair := _entry_after_list(lines, frame, key, position, first_line, lists)
            ):
                raise _SlipRead(repair)
            if key in frame.container and not frame.dropped:
                first = key_positions[(*frame.path, key)]
                if key == next(iter(frame.container)) and len(stack) > 1:
                    # The next entry starts at the first key given again before this one
                    # (`title: b`, then `id: b`, under `- id: a` and `title: a`).
                    again = frame.first_duplicate or position
                    in_list = isinstance(stack[-2].container, list)
                    if in_list and (repair := _next_entry(lines, first, again, first_line)):
                        raise _SlipRead(repair)
                message = f"duplicate key '{key}' (first given on line {first.line})"
                duplicates.append((f"{message}; remove one of them", position))
                frame.first_duplicate = frame.first_duplicate or position
                frame.pending_duplicate = True
            frame.pending_key, frame.pending_key_position = key, position
            return None
        key = frame.pending_key
        frame.pending_key = None
        if frame.pending_duplicate or frame.dropped:
            frame.pending_duplicate = False
            return None
        path = (*frame.path, key)
        frame.container[key] = value
        positions[path] = position
        key_positions[path] = frame.pending_key_position or position
        return path

    for event in events:
        if repair := _marked_text(event, lines):
            raise _SlipRead(repair)
        _check_event(event, first_line, what)
        position = _position(event.start_mark, first_line)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError(f"{what} holds more than one YAML document", position)
        elif isinstance(event, yaml.ScalarEvent):
            if found := CONTROL_CHARACTER.search(event.value):
                message = control_character_message(found.group())
                raise YamlError(f"{message} (written as an escape)", position)
            if found := REORDERING_MARK.search(event.value):
                line = lines[position.line - first_line] if event.style != "|" else ""
                at = line.find(found.group(), position.col - 1)
                where = position._replace(col=at + 1) if at >= 0 else position
                raise YamlError(reordering_mark_message(found.group()), where)
            plain = not event.style and event.implicit[0]
            in_list = bool(stack) and isinstance(stack[-1].container, list)
            if plain and in_list and (repair := _values_without_dash(lines, event, first_line)):
                raise _SlipRead(repair)
            value = _resolve_plain(event.value) if plain else event.value
            at = place(value, position, is_scalar=True)
            if at and value is None and event.value == "":
                after = lines[position.line - first_line][position.col - 1 :].strip()
                if after.startswith("#"):
                    comments[at] = after
            if plain and at and _in_curly_quotes(event.value):
                curly.append(at)
            if plain and at and WHOLE_NUMBER.fullmatch(event.value):
                whole_numbers.append(at)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlError(f"{what} is nested deeper than {MAX_DEPTH} levels", position)
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            dropped = dropping()
            path = place(container, position, is_scalar=False)
            if path is None and not dropped:
                raise YamlError("a key must be a plain word, not a list or mapping", position)
            stack.append(_Frame(container, path or (), dropped=dropped))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
    return YamlDocument(
        root,
        positions,
        key_positions,
        curly=tuple(curly),
        whole_numbers=tuple(whole_numbers),
        errors=tuple(duplicates),
        comments=comments,
    )
