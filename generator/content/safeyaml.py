"""A YAML reader for front matter that cannot silently change what the user wrote.

PyYAML's own loaders turn `status: no` into False, `due: 012345` into an octal
number and a date-like string into a date; they keep the last of two duplicate
keys, follow anchors and tags, and libyaml's C composer crashes the process on
deep nesting. We read libyaml's *event stream* instead (iterative, so it cannot
overflow the stack) and build plain values ourselves:

- every plain scalar stays a string, except `null`/`~`/empty (None) and
  `true`/`false` (bool): typed fields are parsed later by the validator;
- anchors, aliases, explicit tags and non-string keys are errors that stop the reading;
- a duplicate key is an error too, but the reading goes on (the first value is kept), and so
  does it after the commonest slip (a value holding ': ' or in curly quotes, left unquoted):
  the value is read as if quoted as the error message says, so that the file's other errors
  are found in the same run;
- size and nesting depth are capped before and while parsing.

Every value and key keeps its position, so errors can point into the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import yaml

try:  # the C parser is much faster; its event stream is safe (only its composer recurses)
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

# Characters that XML (feeds, sitemaps) cannot carry and terminals act on: C0 controls but
# tab and line ends, DEL, and the non-characters U+FFFE and U+FFFF. A file containing one,
# or a YAML escape that makes one, is an error rather than a crash later on.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 16

Path_ = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


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


class YamlError(Exception):
    """Front matter that cannot be read; position is 1-based in the file."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def control_character_message(char: str) -> str:
    return f"remove the invisible control character U+{ord(char):04X}"


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


def parse(text: str, first_line: int = 1, repairs: int = 0) -> YamlDocument:
    """Parse `text`, whose first line is line `first_line` of the file."""
    size = len(text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise YamlError(
            f"front matter is {size:,} bytes; the limit is {MAX_FRONT_MATTER_BYTES:,}",
            Position(first_line, 1),
        )
    deepest, line = _flow_depth(text)
    if deepest > MAX_DEPTH:
        raise YamlError(
            f"front matter is nested {deepest} levels deep; the limit is {MAX_DEPTH}",
            Position(first_line + line, 1),
        )
    try:
        return _build(yaml.parse(text, Loader=_EventLoader), first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        lines = text.split("\n")
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        explained = explain(error, line)
        if explained is not None and mark is not None:
            message, col = explained
            position = Position(first_line + mark.line, col)
            if repairs < MAX_REPAIRS:
                lines[mark.line] = _quoted_line(line)
                try:
                    read_on = parse("\n".join(lines), first_line, repairs + 1)
                except YamlError:
                    pass  # a later error the reading cannot go past: this one is reported
                else:
                    return replace(read_on, errors=((message, position), *read_on.errors))
            raise YamlError(message, position) from None
        message = " ".join(filter(None, [error.problem, error.context])) or "invalid YAML"
        if line.startswith("\t"):
            message += "; indent with spaces, not tabs"
        raise YamlError(f"invalid YAML: {message}", _position(mark, first_line)) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml reports marks
        raise YamlError(f"invalid YAML: {error}", Position(first_line, 1)) from None


CURLY_QUOTES = "“”‘’„‟‚‛«»"
_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_][\w-]*)\s*:\s+(\S.*?)\s*(#.*)?$")


def _in_curly_quotes(text: str) -> bool:
    return len(text) > 1 and text[0] in CURLY_QUOTES and text[-1] in CURLY_QUOTES


def curly_pair(mark: str) -> str:
    """The pair of curly quotes a mark belongs to, as a writer sees them."""
    return "‘ ’" if mark in "‘’‚‛" else "“ ”"


def straight_quoted(value: str) -> str:
    """`value` without curly quotes around it, in straight double quotes (valid YAML)."""
    inner = value.strip().lstrip(CURLY_QUOTES).rstrip(CURLY_QUOTES)
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain(error: yaml.MarkedYAMLError, line: str) -> tuple[str, int] | None:
    """The commonest mistakes in words a writer uses, with the column of the value, for the
    line the parser stopped on; None for anything else."""
    found = _KEY_AND_VALUE.match(line)
    if found is None:
        return None
    key, value = found.group(2), found.group(3)
    col = found.start(3) + 1
    if value[0] in CURLY_QUOTES:
        return (
            f"{curly_pair(value[0])} are not quote marks to YAML (a word processor typed "
            f"them); quote with straight quotes: {key}: {straight_quoted(value)}",
            col,
        )
    if "mapping values are not allowed" in (error.problem or "") and ": " in value:
        return (
            f"the value of '{key}' contains ': ', which YAML reads as a new key; quote the "
            f"whole value: {key}: {straight_quoted(value)}",
            col,
        )
    return None


def _quoted_line(line: str) -> str:
    """The line with its value quoted as `explain` tells the writer to."""
    found = _KEY_AND_VALUE.match(line)
    assert found is not None  # `explain` matched it
    return line[: found.start(3)] + straight_quoted(found.group(3)) + line[found.end(3) :]


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    pending_key: str | None = None
    pending_key_position: Position | None = None
    pending_duplicate: bool = False  # the pending key was given before: its value is dropped
    dropped: bool = False  # inside a duplicate key's value: read, never kept


def _check_event(event: yaml.Event, first_line: int) -> None:
    position = _position(event.start_mark, first_line)
    if isinstance(event, yaml.AliasEvent):
        raise YamlError("YAML aliases (*name) are not allowed in front matter", position)
    if getattr(event, "anchor", None):
        raise YamlError("YAML anchors (&name) are not allowed in front matter", position)
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    explicit_tag = tag is not None and (
        not any(implicit) if isinstance(implicit, tuple) else not implicit
    )
    if explicit_tag and tag not in ("!", "tag:yaml.org,2002:str"):
        raise YamlError(f"YAML tags ({tag}) are not allowed in front matter", position)


def _build(events: Any, first_line: int) -> YamlDocument:
    positions: dict[Path_, Position] = {}
    key_positions: dict[Path_, Position] = {}
    stack: list[_Frame] = []
    curly: list[Path_] = []
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
            if key in frame.container and not frame.dropped:
                first = key_positions[(*frame.path, key)]
                message = f"duplicate key '{key}' (first given on line {first.line})"
                duplicates.append((f"{message}; remove one of them", position))
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
        _check_event(event, first_line)
        position = _position(event.start_mark, first_line)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError("front matter holds more than one YAML document", position)
        elif isinstance(event, yaml.ScalarEvent):
            if found := CONTROL_CHARACTER.search(event.value):
                message = control_character_message(found.group())
                raise YamlError(f"{message} (written as an escape)", position)
            plain = not event.style and event.implicit[0]
            value = _resolve_plain(event.value) if plain else event.value
            at = place(value, position, is_scalar=True)
            if plain and at and _in_curly_quotes(event.value):
                curly.append(at)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlError(f"front matter is nested deeper than {MAX_DEPTH} levels", position)
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
    return YamlDocument(root, positions, key_positions, tuple(curly), tuple(duplicates))
