"""Problems found in content, and the one exception that carries them.

Every stage collects problems instead of stopping at the first, so a user sees
every mistake in one run. Only the cli prints them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from operator import attrgetter

# What a terminal acts on rather than shows: C0 and C1 controls (escape sequences, OSC 52
# clipboard writes, carriage returns that overwrite a line), DEL, line separators and the
# bidirectional overrides that reorder text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\x1b`)."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


LATER = "an error once this draft is published: "  # a draft's error, as `check` shows it
# What ends the line of a warning that --strict made an error.
STRICT_NOTE = " (a warning; --strict makes it an error)"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place in a file (1-based line and column)."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR
    # An advisory warning: printed (and annotated on a pull request), but it never fails a
    # build or check, even with --strict. It is either what only the passing of time produced
    # (an action long overdue, a meeting dated a few weeks ahead), or what a meeting
    # truthfully did not do, which its page already shows (an action due that it does not
    # report back on, a decision due for review that it neither reviews nor supersedes):
    # holding the site back would leave the writer to record a report or a review that never
    # happened; or the site's move to a new address, said until a build publishes the site
    # from it.
    advisory: bool = field(default=False, compare=False)
    # An error in a draft, which `check` shows as a warning: it fails nothing until the draft
    # is published (a draft may name what is still being written).
    in_draft: bool = field(default=False, compare=False)
    # For a note not read for its file's name or folder: the path its error tells the writer
    # to give it ('content/principles.md' for content/Principles.md). Links and references to
    # the note are checked against that path until it is renamed (`load.names_meant`).
    rename_to: str | None = field(default=None, compare=False)
    # The path its error offers such a note instead, when `rename_to` is another's: no other
    # note's error offers it too (`validate._names_claimed`).
    offered: str | None = field(default=None, compare=False)
    # The error of a file with nothing in it, which defines nothing: the ids another file
    # names are not waited for there (`crossref`), whatever its words say.
    of_empty_file: bool = field(default=False, compare=False)
    # A warning that --strict made an error (`strictly`): its line says both.
    warned: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        """One line, safe to print: content cannot move the cursor or write the clipboard."""
        where = f"{printable(self.path)}:{self.line}:{self.col}"
        said = f"{where}: {self.severity.value}: {printable(self.message)}"
        return f"{said}{STRICT_NOTE}" if self.warned else said

    def strictly(self) -> Problem:
        """This warning as --strict fails the run with it: an error that says it was a warning."""
        return replace(self, severity=Severity.ERROR, warned=True)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def fails(self, *, strict: bool) -> bool:
        """Whether this problem fails the command: errors always; with `strict`, warnings
        too, except advisory ones and a draft's."""
        return self.is_error or (strict and not self.advisory and not self.in_draft)

    def in_a_draft(self) -> Problem:
        """This error of a draft as `check` and `new meeting` show it: a warning that fails
        nothing until the draft is published."""
        message = f"{LATER}{self.message}"
        return replace(self, message=message, severity=Severity.WARNING, in_draft=True)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "message": self.message,
        }

    def as_github(self, *, error: bool) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
        level = "error" if error else "warning"
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        message = printable(message)
        path = printable(self.path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={path},line={self.line},col={self.col}::{message}"


# What problems are sorted by: the fields they compare, in order (see `in_order`).
_ORDER = attrgetter("path", "line", "col", "message", "severity")


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """`problems` sorted as they compare (file, line, column, message, severity): a key made
    once for each, where comparing two makes two tuples each time (a large site warns of
    thousands of things)."""
    return sorted(problems, key=_ORDER)


class ContentError(Exception):
    """Raised by a stage when the content has errors; carries all of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(in_order(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[tuple[Problem, ...]]]:
        """Made again from its problems, not its message, when it crosses to another process
        (a worker's error reaches the build as the worker raised it)."""
        return ContentError, (self.problems,)


class OutputError(Exception):
    """The output directory cannot be used safely (it would destroy source or user files)."""


_CLOSE = 5  # the close choices compared letter by letter (of thousands of action ids, say)


def closest(value: str, choices: Iterable[str], *, slips: int = 0) -> str | None:
    """The choice spelt most like `value`, letter case aside, or None when none is close: of
    the choices difflib finds close to it, the one the fewest letters changed, added, dropped
    or swapped make of it, so that 'doen' is 'done', not 'open'. Failing that, with `slips`,
    the only choice that many letters or fewer from a longer `value` ('dun' is 'done')."""
    options = sorted(set(choices))
    if not options:
        return None
    word = value.lower()
    lowered = {option.lower(): option for option in reversed(options)}
    found = difflib.get_close_matches(word, list(lowered), n=_CLOSE, cutoff=0.6)
    if found:
        return lowered[min(found, key=lambda option: letters_apart(word, option))]
    if len(word) <= slips:
        return None
    near = [option for option in lowered if letters_apart(word, option) <= slips]
    return lowered[near[0]] if len(near) == 1 else None


def letters_apart(first: str, second: str) -> int:
    """Letters changed, added, dropped or swapped with the next to make `first` `second`
    (the optimal string alignment distance)."""
    before: list[int] = []
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        above, row = row, [i]
        for j, b in enumerate(second, 1):
            cost = min(above[j] + 1, row[j - 1] + 1, above[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                cost = min(cost, before[j - 2] + 1)
            row.append(cost)
        before = above
    return row[-1]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return '; did you mean 'x'?' for the closest choice, or '' when none is close."""
    match = closest(value, choices)
    return f"; did you mean '{match}'?" if match else ""


def raise_if_errors(problems: Iterable[Problem]) -> None:
    problems = tuple(problems)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
