"""The front matter and site.yml formats, as pydantic models.

These are the single description of what a user may write: the validator
checks files against them and the JSON Schema for editors is generated from
them. Values arrive as strings (see safeyaml), so dates, ids and URLs are
parsed here with messages a group member can act on.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Container, Mapping
from datetime import date, time
from itertools import count
from types import MappingProxyType
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticUndefined

from generator.content.addresses import (
    MAIL_ADDRESS,
    NO_ADDRESS_PATTERN,
    addresses_in,
    person_problem,
    text_problem,
)
from generator.content.date_words import date_meant, example_after
from generator.content.model import LOGO_SUFFIXES, STYLESHEET_SUFFIXES, slug_of
from generator.content.safeyaml import pasted_characters
from generator.errors import closest, did_you_mean

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date's form written where the date goes: YYYY-MM-DD, dd/mm/yyyy.
_DATE_FORM = re.compile(r"^(?i:y{2,4}([-/.])m{1,2}\1d{1,2}|d{1,2}([-/.])m{1,2}\2y{2,4})$")
_DATE_AND_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+at\s+|[ T]+|,\s*)(.+)$", re.IGNORECASE)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
STATUSES = ("open", "in-progress", "done", "dropped")
URL_SCHEMES = ("http://", "https://", "mailto:")


def parse_date(value: Any, not_before: date | None = None, example: str = "") -> Any:
    """A date written YYYY-MM-DD; a ValueError saying what was meant for anything else (a
    date with its month and day swapped is suggested only if it is on or after
    `not_before`, the meeting's date, from which a date in words, 'next month', is read;
    else `example` is given, the end of the message: ", e.g. 2027-05-14, today")."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a date must be written YYYY-MM-DD, not {type(value).__name__}")
    text = value.strip()
    if _DATE_FORM.match(text):  # the form a template showed (`new meeting`'s next_meeting)
        meant = _after_meeting(text, not_before, example)
        raise ValueError(
            f"'{text}' is the form a date is written in, not a date: write the date itself in "
            f"its place{meant}"
        )
    if month := _month_alone(text):
        raise ValueError(
            f"'{text}' names a month, not a day; write the day too, as YYYY-MM-DD: "
            f"{month.isoformat()} for 1 {month:%B %Y}, or the day of {month:%B} meant"
        )
    if not _ISO_DATE.match(text):
        meant = _iso_for(text) or _after_meeting(text, not_before, example)
        raise ValueError(f"'{text}' is not a date; write it as YYYY-MM-DD{meant}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        year, month, day = (int(part) for part in text.split("-"))
        wrong = _real_date_for(year, month, day, not_before)
        raise ValueError(f"'{text}' is not a real date{wrong}") from None


def parse_date_ahead(value: Any, info: ValidationInfo) -> Any:
    """`parse_date` for a date after the meeting (an action's due date, a decision's review):
    a swapped date before the meeting's (`held` in the validation's context, when it is
    known) is not suggested; "next meeting" is told the date `next_meeting` gives
    (`announced`)."""
    context = info.context or {}
    if isinstance(value, str) and _NEXT_MEETING_WORDS.match(" ".join(value.lower().split())):
        raise ValueError(_next_meeting_meant(value.strip(), info.field_name, context))
    return parse_date(value, context.get("held"))


_NEXT_MEETING_WORDS = re.compile(
    r"^(?:by |at |before |for |until )?(?:the )?next (?:meeting|session)$"
)


def _next_meeting_meant(text: str, field: str | None, context: dict[str, Any]) -> str:
    """What a date written as the next meeting is told: that meeting's date, as the
    meeting's `next_meeting` gives it, or, with none given, how to write one."""
    announced, held = context.get("announced"), context.get("held")
    if announced is not None and (held is None or announced > held):
        return (
            f"'{text}' is not a date; write the next meeting's date, {announced.isoformat()}, "
            "as next_meeting gives it"
        )
    if field == "due":
        return (
            f"'{text}' is not a date; leave due: out (the agenda pack lists the open actions "
            "with no due date), or write the next meeting's date as YYYY-MM-DD once it is set"
        )
    return f"'{text}' is not a date; write the next meeting's date as YYYY-MM-DD once it is set"


def parse_meeting_date(value: Any, info: ValidationInfo) -> Any:
    """`parse_date` for a meeting's own date: a date written with `/` or `.` that reads, month
    first, as the date in the file's name (`named` in the validation's context) is told that
    date, not the day-first reading (`3/11/2024` in 2024-03-11-third.md), and so is one
    written in words (`next Tuesday`)."""
    named = (info.context or {}).get("named")
    timed = _DATE_AND_TIME.match(value.strip()) if isinstance(value, str) else None
    if timed and (clock := _clock_after_date(timed.group(2))):
        raise ValueError(
            f"'{value.strip()}' holds a time; write the date alone, {timed.group(1)}, and the "
            f'time on a line of its own: time: "{clock}"'
        )
    try:
        return parse_date(value, example=_named_date(named) if named else "")
    except ValueError:
        found = _DAY_FIRST.match(value.strip()) if isinstance(value, str) else None
        if named is None or found is None or _month_first(found) != named:
            raise
        raise ValueError(
            f"'{value.strip()}' is not a date; write it as YYYY-MM-DD{_named_date(named)}"
        ) from None


def meeting_date_meant(value: Any, named: date | None) -> date | None:
    """A meeting's date as written or, written wrong, as its error suggests writing it: the
    date read from it (14/05/2024; month first, the date in its file's name, `named`, where
    that is how it reads), else `named`; None when neither is known. What its dates after
    it written in words (`due: end of June`) are reckoned from."""
    try:
        return parse_date(value)
    except ValueError:
        pass
    text = value.strip() if isinstance(value, str) else ""
    found = _DAY_FIRST.match(text)
    if named and found and _month_first(found) == named:
        return named
    return _date_read(text) or named


def _month_first(found: re.Match[str]) -> date | None:
    """A date `_DAY_FIRST` matched, read month first (05/14/2024); None if no such date."""
    month, day, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _named_date(named: date) -> str:
    """The end of a meeting date's error that suggests the date in its file's name."""
    return f": {named.isoformat()} for {named.day} {named:%B %Y}, the date in the file's name"


def _real_date_for(year: int, month: int, day: int, not_before: date | None) -> str:
    """What is wrong with a date written YYYY-MM-DD that no calendar has: its day and month
    swapped (2026-13-01; suggested if on or after `not_before`), or a day its month does not
    have (2026-02-30)."""
    if year < 1:
        return "; the year must be 0001 or later"
    if 1 <= month <= 12:
        days = f"{date(year, month, 1):%B %Y} has {monthrange(year, month)[1]} days"
        return f": there is no day 0; {days}" if day < 1 else f": {days}"
    swapped = _swapped(year, month, day)
    if swapped and (not_before is None or swapped >= not_before):
        return (
            f"; did you mean {swapped.isoformat()}, {swapped.day} {swapped:%B %Y}? "
            "dates are YYYY-MM-DD"
        )
    return f": there is no month {month} (months are 01 to 12; dates are YYYY-MM-DD)"


def _swapped(year: int, month: int, day: int) -> date | None:
    """The date with `month` and `day` the other way round, when only that is real."""
    if 1 <= month <= 12 or not 1 <= day <= 12:
        return None
    try:
        return date(year, day, month)
    except ValueError:
        return None


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_UNPADDED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_IN_WORDS = re.compile(rf"^(?:\w+,? )?{_DAY} ([A-Za-z]{{3,}})\.?,? (\d{{4}})$")  # Mon 1 March 2027
_MONTH_FIRST_IN_WORDS = re.compile(rf"^([A-Za-z]{{3,}})\.? {_DAY},? (\d{{4}})$")  # March 1, 2027


_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")  # 2027-03
_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})[-/]|([A-Za-z]{3,})\.?,? )(\d{4})$")  # 03/2027, March 2027


def _month_alone(text: str) -> date | None:
    """The first day of the month a date written without its day names (2027-03, 03/2027,
    March 2027); None for anything else."""
    if found := _YEAR_MONTH.match(text):
        year, month = int(found.group(1)), int(found.group(2))
    elif found := _MONTH_YEAR.match(text):
        number, name, year = found.groups()
        month, year = (int(number) if number else _month(name)), int(year)
    else:
        return None
    return date(year, month, 1) if 1 <= month <= 12 and year >= 1 else None


def _month(name: str) -> int:
    """1 to 12 for a month's name or its first three letters; 0 for anything else."""
    short = name[:3].lower()
    return _MONTHS.index(short) + 1 if short in _MONTHS else 0


def _after_meeting(text: str, held: date | None, example: str) -> str:
    """A date after a meeting `held` that day, written in words (next month), the ISO way;
    else an example after the meeting (or `example`, or any, when `held` is not known)."""
    if held is None:
        return example or ", e.g. 2027-05-14"
    meant = date_meant(text, held)
    if meant is not None:
        day, how = meant
        return f": {day.isoformat()} for {day.day} {day:%B %Y}, {how}"
    day, how = example_after(held)
    return f", e.g. {day.isoformat()}, {how}"


def _iso_for(text: str) -> str:
    """The date written day first (14/12/2026, as in the UK), without its zeros
    (2026-12-1) or with its month in words (1 March 2027) the ISO way, with its month in
    words so that a date meant month first shows as wrong; else ""."""
    meant = _date_read(text)
    return f": {meant.isoformat()} for {meant.day} {meant:%B %Y}" if meant else ""


def _date_read(text: str) -> date | None:
    """The date `_iso_for` reads from a date written another way; None if none."""
    if found := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in found.groups())
    elif found := _UNPADDED.match(text):
        year, month, day = (int(part) for part in found.groups())
    elif found := _IN_WORDS.match(text):
        day, month, year = int(found.group(1)), _month(found.group(2)), int(found.group(3))
    elif found := _MONTH_FIRST_IN_WORDS.match(text):
        month, day, year = _month(found.group(1)), int(found.group(2)), int(found.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return _swapped(year, month, day)


_TWELVE_HOUR = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$", re.IGNORECASE)
_DOTTED = re.compile(r"^(\d{1,2})[.h](\d{2})$")  # 14.30, 14h30


def _clock_for(text: str) -> str:
    """A time written on the 12-hour clock (2pm, 3.30 pm) or with a dot (14.30) the way
    it is asked for; else an example."""
    if found := _TWELVE_HOUR.match(text):
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return ", e.g. 14:00"
        hour = hour % 12 + (12 if found.group(3).lower() == "p" else 0)
    elif found := _DOTTED.match(text):
        hour, minute = int(found.group(1)), int(found.group(2))
        if hour > 23 or minute > 59:
            return ", e.g. 14:00"
    else:
        return ", e.g. 14:00"
    return f": {hour:02d}:{minute:02d} for {text}"


def _clock_of(text: str) -> str | None:
    """A time written on either clock (14:30, 2.30pm, 14.30) as HH:MM; None for anything else."""
    if found := _CLOCK.match(text):
        return f"{int(found.group(1)):02d}:{found.group(2)}"
    said = _clock_for(text)
    return said[2:7] if said.startswith(": ") else None


def _clock_after_date(text: str) -> str | None:
    """The time written after a date (14:30, 2pm, 14:30:00) as HH:MM; None if none."""
    text = text.strip()
    return _clock_of(text) or _clock_of(text.removesuffix(":00"))


def _parse_clock(value: Any) -> Any:
    if isinstance(value, time):
        return value
    text = value.strip() if isinstance(value, str) else repr(value)
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(
            f"'{text}' is not a time; write it as HH:MM on the 24-hour clock{_clock_for(text)}"
        )
    return time(int(match.group(1)), int(match.group(2)))


def _check_timezone(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    zones = available_timezones()
    if value not in zones:
        hint = did_you_mean(value, zones) or "; use a name such as Europe/London"
        raise ValueError(f"'{value}' is not a time zone{hint}")
    return value


# What an unquoted name holds that mail reads otherwise, and how it reads it.
_NAME_BREAKERS = MappingProxyType(
    {
        ",": "a comma in its name, which ends an address",
        ":": "a colon in its name, which starts a group of addresses (the name is lost)",
        ";": "a semicolon in its name, which ends a group of addresses",
        "@": "an @ in its name, which is read as an address",
        "[": "a [ in its name, which is read as part of an address",
        "]": "a ] in its name, which is read as part of an address",
    }
)


def _check_address(value: Any) -> Any:
    """One email address, bare (name@example.org) or with a name (Name <name@example.org>)."""
    if isinstance(value, bool):  # an unquoted true or false (yes and no are kept as text)
        raise ValueError(
            f"{str(value).lower()} is a yes/no value to YAML, not an email address; write the "
            "address in its place, as name@example.org or, quoted, 'Group name "
            "<name@example.org>'"
        )
    if not isinstance(value, str):
        return value
    from email.utils import parseaddr

    text = value.strip()
    if any(ord(char) < 0x20 or char in "\x7f\u2028\u2029" for char in text):
        raise ValueError(  # (parseaddr reads past it, and a message's header ends there)
            f"'{text}' holds a line break or control character; write the name and address "
            "on one line"
        )
    name, address = parseaddr(text)
    # A name written unquoted before <address> that mail reads otherwise: a comma ends an
    # address, a colon starts a group of them (so the name would be lost), and so on.
    named = re.fullmatch(r"([^\"<>]+?)\s*<([^<>]+)>", text)
    if named and " ".join(named.group(1).split()) != name:
        written = named.group(1).strip()
        held = next((c for c in written if c in _NAME_BREAKERS), None)
        why = _NAME_BREAKERS[held] if held else "a name that mail reads otherwise"
        quoted = f'"{written}" <{named.group(2)}>'
        raise ValueError(f"'{text}' holds {why}; quote the name: '{quoted}'")
    if not address or not MAIL_ADDRESS.match(address) or (not name and address != text):
        raise ValueError(
            f"'{text}' is not an email address; write it as name@example.org "
            "or 'Group name <name@example.org>'"
        )
    return text


def _date_or_mapping(value: Any) -> Any:
    """`next_meeting` as a mapping; one written as a date and a time on one line is told to
    give the time its own line."""
    timed = _DATE_AND_TIME.match(value.strip()) if isinstance(value, str) else None
    if timed and (clock := _clock_after_date(timed.group(2))):
        raise ValueError(
            f"'{value.strip()}' holds a time; write the time apart from the date: "
            f'next_meeting: {{date: {timed.group(1)}, time: "{clock}"}}'
        )
    return {"date": value} if isinstance(value, str | date) else value


MAX_ID_LENGTH = 100  # an id names a folder of the site: file systems allow 255 bytes


def is_valid_id(value: str) -> bool:
    """Whether `value` may be an id (else `_check_id` says why not)."""
    return len(value) <= MAX_ID_LENGTH and _ID.match(value) is not None


def _check_id(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_ID_LENGTH:
        raise ValueError(
            f"'{value[:40]}…' is {len(value)} characters long; an id has at most "
            f"{MAX_ID_LENGTH}, as it names a folder of the site"
        )
    if isinstance(value, str) and not _ID.match(value):
        raise ValueError(not_an_id(value, slug_of(value)))
    return value


def not_an_id(value: str, suggestion: str) -> str:
    """What is said of `value`, written where an id goes and no id, with the id to try (or,
    where it holds a character pasted from a word processor, the id it is as typed)."""
    pasted = pasted_characters(value)
    if pasted is not None and is_valid_id(pasted[0]):
        return f"'{value}' is not a valid id: it holds {pasted[1]}; write '{pasted[0]}'"
    hint = f"; try '{suggestion}'" if suggestion else ""
    return f"'{value}' is not a valid id: use lower-case letters, digits and hyphens{hint}"


def free_id(value: str, taken: Container[str]) -> str:
    """The id to suggest for `value` written as a new record's id, which no other record of
    its kind (`taken`) has: its slug, else the slug with '-2', '-3', ... after it ('' when no
    letter or digit is left)."""
    slug = slug_of(value)
    if not slug or slug not in taken:
        return slug
    return next(f"{slug}-{n}" for n in count(2) if f"{slug}-{n}" not in taken)


def _check_theme_name(value: Any) -> Any:
    """A theme's name, the folder's in themes/: one written as its path (`themes/ours/`) is
    told the name to write."""
    if isinstance(value, str) and "/" in value and not _ID.match(value):
        name = re.sub(r"^(\./)?themes/", "", value.strip(), flags=re.IGNORECASE).strip("/")
        suggestion = slug_of(name)
        hint = f"; write '{suggestion}'" if suggestion else ""
        raise ValueError(
            f"'{value}' is a path: site_theme is the name of a folder in themes/{hint}"
        )
    return _check_id(value)


def _check_listed_id(value: Any) -> Any:
    """An id in a list: one that holds several, with commas (`["a, b"]`), is told to be
    written as several items."""
    if isinstance(value, str) and "," in value:
        parts = [part.strip() for part in value.split(",")]
        if all(is_valid_id(part) for part in parts):
            raise ValueError(
                f"'{value}' is {len(parts)} ids in one item; make each an item of its own: "
                f"[{', '.join(repr(part) if '<' in part else part for part in parts)}]"
            )
    return _check_id(value)


def _check_kept_name(value: Any) -> Any:
    if isinstance(value, str):
        name = value.strip()
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            raise ValueError(
                f"{value!r} must be the name of a file or folder at the top of the output "
                "folder, such as CNAME or .git"
            )
        return name
    return value


def _static_pattern(suffixes: tuple[str, ...]) -> str:
    """The JSON Schema pattern of a path from static/ to a file ending in one of `suffixes`:
    not absolute, no address, no '..', no backslash."""
    ends = "|".join(
        "".join(f"[{c.lower()}{c.upper()}]" for c in suffix.lstrip(".")) for suffix in suffixes
    )  # each letter in either case: JSON Schema's patterns have no flag for it
    return rf"^(?![/])(?!.*://)(?!(.*/)?[.][.](/|$))[^\\]*[.]({ends})$"


def _static_file(
    setting: str, suffixes: tuple[str, ...], kind: str, example: str
) -> BeforeValidator:
    """The check of a setting that names a file of the site theme's static/ folder by its
    path from there (`brand.css`, `img/logo.png`): never an address, an absolute path or one
    out of the folder, and ending in one of `suffixes` (`kind` names such a file)."""
    folder = "the site theme's static/ folder"

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        path = value.strip()
        if "://" in path or path.startswith("//"):
            raise ValueError(
                f"'{value}' is a web address: {setting} takes a file of the site's own; save "
                f"it in {folder} and write its name, such as {example}"
            )
        posix = path.replace("\\", "/")
        if ".." in posix.split("/"):
            raise ValueError(
                f"'{value}' goes out of {folder} with '..': put the file in that folder and "
                f"write its path from there, such as {example}"
            )
        if posix.startswith("/") or re.match(r"^[A-Za-z]:", path):
            shown = posix.lstrip("/").removeprefix("static/")
            meant = f"'{shown}'" if shown.lower().endswith(suffixes) else f"such as {example}"
            raise ValueError(
                f"'{value}' is an absolute path: write the file's path from {folder}, {meant}"
            )
        if "\\" in path:
            raise ValueError(f"'{value}' has a backslash: write '{posix}', with /")
        if any(part.startswith(".") for part in posix.split("/")):
            raise ValueError(
                f"'{value}' is a hidden file or folder's, which is never published: rename it "
                "without its first '.'"
            )
        if not posix.lower().endswith(suffixes):
            ends = ", ".join(suffixes)
            raise ValueError(
                f"'{value}' is not {kind}: {setting} takes a file ending {ends} in {folder}, "
                f"such as {example}"
            )
        return path

    return BeforeValidator(check)


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _one_address_or_many(value: Any) -> Any:
    """A list of addresses, given one (or `true`, to be told it is not an address); a text
    of several separated by commas or semicolons is told to be written as a list."""
    if isinstance(value, str) and len(parts := _addresses_in(value)) > 1:
        raise ValueError(
            f"'{value.strip()}' holds {len(parts)} addresses, which YAML reads as one; write "
            f"them as a list: [{', '.join(repr(p) if '<' in p else p for p in parts)}]"
        )
    return [value] if isinstance(value, str | bool) else value


def _addresses_in(text: str) -> list[str]:
    """The parts of `text` between commas or semicolons when each is an address; [] when
    any is not (a name holding a comma, say)."""
    parts = [part.strip() for part in re.split(r"[,;]", text)]
    try:
        return [_check_address(part) for part in parts]
    except ValueError:
        return []


# Each owner's lists and the agenda pack name an action's other owners beside it: the bytes
# grow as the square of an action's owners, so one line of names must not fill the disk.
MAX_OWNERS = 20


def _at_most(limit: int, told: str) -> AfterValidator:
    """A list's check that it has at most `limit` items; `told` says what it names and the
    fix, with {n} for how many it has."""

    def check(value: list[str]) -> list[str]:
        if len(value) > limit:
            raise ValueError(told.format(n=len(value)))
        return value

    return AfterValidator(check)


def _check_url(value: Any) -> Any:
    if isinstance(value, str) and not value.lower().startswith(URL_SCHEMES):
        raise ValueError(
            f"'{value}' must start with http://, https:// or mailto:{_scheme_meant(value)}"
        )
    if isinstance(value, str) and (problem := login_problem(value)):
        raise ValueError(problem)
    return value


_HOST_FIRST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:?#]|$)", re.IGNORECASE)
_BARE_ADDRESS = re.compile(r"^[^@\s/:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)


def _scheme_meant(value: str) -> str:
    """The address written with the start it lacks, as a suggestion: '; write
    https://groups.example.org/leave' for a host and path, '; write mailto:…' for a bare
    email address; "" for anything else."""
    text = value.strip()
    if _BARE_ADDRESS.match(text):
        return f"; write mailto:{text}"
    if _HOST_FIRST.match(text):
        return f"; write https://{text}"
    return ""


def login_problem(value: str) -> str | None:
    """What is wrong with an http(s) address that holds a login (`user:password@host`), which
    every page would publish; None if it holds none. The login itself is never repeated."""
    scheme, slashes, rest = value.partition("://")
    if not slashes or scheme.lower() not in ("http", "https"):
        return None
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if "@" not in authority:
        return None
    host = authority.rsplit("@", 1)[1]
    return (
        f"the address of {scheme}://{host} holds a user name or password before its host, "
        "which every page would publish; remove it (and change the password if it was real)"
    )


# BCP 47 (RFC 5646) language tags, without the grandfathered irregular ones: a language,
# then optional script, region, variants, extensions and private use, e.g. en, en-GB, cy,
# zh-Hant-TW, sl-rozaj. Pagefind names index files after the language, so nothing else passes.
LANGUAGE_PATTERN = (
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$"
)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
MAX_LANGUAGE_LENGTH = 35  # RFC 5646 section 4.4.1: enough for any tag in real use


# A language written by its name, as a group writes it, and the tag it means.
_LANGUAGE_NAMED = MappingProxyType(
    {"english": "en", "british english": "en-GB", "english (uk)": "en-GB", "uk english": "en-GB"}
    | {"welsh": "cy", "cymraeg": "cy", "gaelic": "gd", "scottish gaelic": "gd", "irish": "ga"}
    | {"gaeilge": "ga", "gàidhlig": "gd", "french": "fr", "german": "de", "spanish": "es"}
)


def _underscored_tag(text: str) -> str | None:
    """`en_GB`, a locale's name, as the tag it means (`en-GB`), or None."""
    tag = text.replace("_", "-")
    return tag if "_" in text and _LANGUAGE.match(tag) else None


def _check_language(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_LANGUAGE_LENGTH:
            raise ValueError(
                f"a language tag of {len(text)} characters is too long (at most "
                f"{MAX_LANGUAGE_LENGTH}); write a BCP 47 tag such as en, en-GB or cy"
            )
        if not _LANGUAGE.match(text):
            shown = text if len(text) <= 40 else text[:40] + "…"
            meant = _LANGUAGE_NAMED.get(text.lower()) or _underscored_tag(text)
            fix = f"did you mean {meant!r}? (a" if meant else "write a"
            fix += " BCP 47 tag such as en, en-GB or cy" + (")" if meant else "")
            raise ValueError(f"{shown!r} is not a language tag; {fix}")
        return text
    return value


def base_url_problem(value: str) -> str | None:
    """What is wrong with `value` as the site's base URL, or None: an http(s) address with a
    host, and a path that cannot be read as another host (`//`) or break a line."""
    from urllib.parse import urlsplit

    if any(ord(char) < 0x20 or char in " \x7f\\" for char in value):
        return f"{value!r} contains a space, backslash or control character"
    if not value.lower().startswith(("http://", "https://")):
        meant = "" if "@" in value.split("/")[0] else _scheme_meant(value)
        return f"'{value}' must start with http:// or https://{meant}"
    # Characters no address holds (the email's headers put it between < and >, which a > ends)
    if unsafe := sorted(set(value) & set('"<>`{|}^')):
        return (
            f"'{value}' holds {' '.join(unsafe)}, which a web address cannot hold; copy it from "
            "the browser's address bar"
        )
    if login := login_problem(value):
        return login
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return f"'{value}' is not a valid web address"
    if not parts.hostname:
        return f"'{value}' has no host name; write e.g. https://example.org/group/"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return f"'{value}' must not have a query (?) or fragment (#)"
    if "//" in parts.path:
        return f"'{value}' has an empty folder (//) in its path; write each folder once"
    return None


def _check_base_url(value: Any) -> Any:
    if isinstance(value, str) and (problem := base_url_problem(value)):
        raise ValueError(problem)
    return value


# Words people write for a status, and the status they mean.
STATUS_WORDS = MappingProxyType(
    {
        **dict.fromkeys(
            ("complete", "completed", "finished", "closed", "resolved", "fixed"), "done"
        ),
        **dict.fromkeys(
            (
                *("in progress", "inprogress", "in_progress", "ongoing", "started", "doing"),
                *("underway", "under way", "in hand", "wip", "progressing", "continuing"),
            ),
            "in-progress",
        ),
        **dict.fromkeys(
            (
                *("cancelled", "canceled", "abandoned", "withdrawn", "not needed"),
                *("no longer needed", "superseded"),
            ),
            "dropped",
        ),
        **dict.fromkeys(
            (
                *("todo", "to do", "new", "pending", "not started", "agreed", "not done"),
                *("undone", "incomplete", "unfinished", "not yet", "outstanding", "on hold"),
                *("blocked", "waiting", "postponed", "deferred", "delayed", "overdue", "late"),
                *("carried forward", "carried over"),
            ),
            "open",
        ),
    }
)

# A word's start that says what follows is not so: `not done`, `undone`, `incomplete`.
_NOT = re.compile(r"^(?:not|non|no|un|in)[\s_-]*")


def meant_word(value: str, choices: tuple[str, ...], words: Mapping[str, str]) -> str | None:
    """The choice `value` was surely meant to be: itself in other case, a word people use for
    it (`words`), or a slip of the keyboard ("dnoe", "opne") in either ("finshed"), or a
    choice spelt as it sounds ("dun"); None if none is close."""
    word = value.strip().lower()
    if word in choices:
        return word
    if word in words:
        return words[word]
    if _denies(word, choices, words):
        return None
    found = closest(word, choices)
    if found is None and (other := closest(word, words)) is not None:
        return words[other]
    return found or closest(word, choices, slips=2)


def _denies(word: str, choices: tuple[str, ...], words: Mapping[str, str]) -> bool:
    """Whether `word` says a choice is not so (`not finished`, `uncompleted`), which it is
    never to be told for its spelling (`in-progess`, a slip, does not)."""
    start = _NOT.match(word)
    if start is None or start.end() == len(word):
        return False
    meant = meant_word(word[start.end() :], choices, words)
    return meant is not None and not meant.startswith(start.group().strip())


def _check_status(value: Any) -> Any:
    if isinstance(value, str) and value not in STATUSES:
        allowed = ", ".join(STATUSES)
        meant = meant_word(value, STATUSES, STATUS_WORDS)
        if meant is None:
            raise ValueError(f"'{value}' is not a status; use one of: {allowed}")
        raise ValueError(
            f"'{value}' is not a status; did you mean '{meant}'? (use one of: {allowed})"
        )
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(parse_date),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
DateAhead = Annotated[
    date,
    BeforeValidator(parse_date_ahead),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
MeetingDate = Annotated[
    date,
    BeforeValidator(parse_meeting_date),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
ClockTime = Annotated[
    time,
    BeforeValidator(_parse_clock),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN}),
]
TimeZone = Annotated[
    str, BeforeValidator(_check_timezone), WithJsonSchema({"type": "string", "minLength": 1})
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _no_address(value: str) -> str:
    found = next(addresses_in(value), None)
    if found is not None:
        raise ValueError(text_problem(found[1]))
    return value


def _a_name(value: str, info: ValidationInfo) -> str:
    """`value`, a person's name; one that is an address is told the name the site writes
    like the one the address makes (`written_like` in the validation's context)."""
    problem = person_problem(value, (info.context or {}).get("written_like"))
    if problem:
        raise ValueError(problem)
    return value


Prose = Annotated[Text, AfterValidator(_no_address)]  # published text: no email address
# An editor flags an address where a name belongs (VS Code shows `patternErrorMessage`).
NAME_SCHEMA = MappingProxyType(
    {
        "type": "string",
        "minLength": 1,
        "pattern": NO_ADDRESS_PATTERN,
        "patternErrorMessage": "write the person's name, not an email address: "
        "published pages never show one",
    }
)
Person = Annotated[  # someone named: a name, not an address
    Text, AfterValidator(_a_name), WithJsonSchema(dict(NAME_SCHEMA))
]
Address = Annotated[
    str, BeforeValidator(_check_address), WithJsonSchema({"type": "string", "minLength": 3})
]
Id = Annotated[
    str, BeforeValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
ThemeName = Annotated[  # the name of a folder in themes/
    str,
    BeforeValidator(_check_theme_name),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
ListedId = Annotated[  # an item of a list of ids
    str,
    BeforeValidator(_check_listed_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
Url = Annotated[
    str,
    BeforeValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": r"^(https?://|mailto:)"}),
]
# A theme's pages and feed show each meeting, action and decision listed there with all its
# themes: the bytes grow as the square of one record's themes, as of an action's owners.
MAX_THEMES = 20


ThemeIds = Annotated[
    list[ListedId],
    _at_most(
        MAX_THEMES,
        f"names {{n}} themes, and at most {MAX_THEMES} may be named: keep the ones it most "
        "concerns",
    ),
    Field(json_schema_extra={"maxItems": MAX_THEMES}),
]
Owners = Annotated[
    list[Person],
    BeforeValidator(_one_or_many),
    _at_most(
        MAX_OWNERS,
        f"names {{n}} people, and an action has at most {MAX_OWNERS} owners: for everyone in "
        "the group, write owner: All members",
    ),
    WithJsonSchema(
        {
            "anyOf": [
                dict(NAME_SCHEMA),
                {"type": "array", "items": dict(NAME_SCHEMA), "maxItems": MAX_OWNERS},
            ]
        }
    ),
]
KeptName = Annotated[
    str,
    BeforeValidator(_check_kept_name),
    WithJsonSchema({"type": "string", "pattern": r"^(?!\.\.?$)[^/\\]+$"}),
]
Stylesheet = Annotated[  # a path from the site theme's static/ folder
    str,
    _static_file("extra_css", STYLESHEET_SUFFIXES, "a stylesheet", "brand.css"),
    WithJsonSchema({"type": "string", "pattern": _static_pattern(STYLESHEET_SUFFIXES)}),
]
LogoImage = Annotated[  # a path from the site theme's static/ folder
    str,
    _static_file("logo", LOGO_SUFFIXES, "an image", "logo.png"),
    WithJsonSchema({"type": "string", "pattern": _static_pattern(LOGO_SUFFIXES)}),
]
DarkLogoImage = Annotated[  # a path from the site theme's static/ folder
    str,
    _static_file("logo_dark", LOGO_SUFFIXES, "an image", "logo-dark.png"),
    WithJsonSchema({"type": "string", "pattern": _static_pattern(LOGO_SUFFIXES)}),
]
Language = Annotated[
    str,
    BeforeValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": LANGUAGE_PATTERN}),
]
BaseUrl = Annotated[
    str,
    BeforeValidator(_check_base_url),
    WithJsonSchema({"type": "string", "pattern": r"^https?://[^/?#\s]+(/[^/?#\s]+)*/?$"}),
]
StatusName = Annotated[
    Literal["open", "in-progress", "done", "dropped"], BeforeValidator(_check_status)
]


PRINCIPLE_STATUSES = ("suggested", "agreed", "retired")


# Words people write for a principle's status, and the status they mean.
PRINCIPLE_STATUS_WORDS = MappingProxyType(
    {
        **dict.fromkeys(("proposed", "draft", "suggestion", "under discussion"), "suggested"),
        **dict.fromkeys(("adopted", "accepted", "approved", "agreed by the group"), "agreed"),
        **dict.fromkeys(("dropped", "withdrawn", "removed", "archived", "superseded"), "retired"),
    }
)


def _check_principle_status(value: Any) -> Any:
    if isinstance(value, str) and value not in PRINCIPLE_STATUSES:
        meant = meant_word(value, PRINCIPLE_STATUSES, PRINCIPLE_STATUS_WORDS)
        hint = f"; did you mean '{meant}'?" if meant else ""
        allowed = ", ".join(PRINCIPLE_STATUSES)
        raise ValueError(f"'{value}' is not a principle status{hint} (use one of: {allowed})")
    return value


PrincipleStatusName = Annotated[
    Literal["suggested", "agreed", "retired"], BeforeValidator(_check_principle_status)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionFront(_Strict):
    """An action raised (with a title) or updated at a meeting."""

    id: Id
    title: Prose | None = None
    owner: Owners | None = None
    due: DateAhead | None = None
    status: StatusName | None = None
    themes: ThemeIds | None = None
    note: Prose | None = None


def _decision_text_written(value: Any) -> Any:
    """A decision's `text:` written with nothing after it is a slip, not a review (a review
    has no `text:` line)."""
    if value is None:
        raise ValueError(
            "nothing is written after 'text:'; write what the group decided there (or, to "
            "review an earlier decision, delete the 'text:' line)"
        )
    return value


class DecisionFront(_Strict):
    """A decision made at a meeting (it has a text), or an earlier meeting's decision reviewed
    and kept at it (no text: only its id, the next review date and a note)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "not": {"required": ["note"]}},
                {
                    "not": {
                        "anyOf": [
                            {"required": [key]}
                            for key in ("text", "themes", "principles", "supersedes")
                        ]
                    }
                },
            ]
        }
    )

    id: Id
    text: Annotated[Prose | None, BeforeValidator(_decision_text_written)] = None
    themes: ThemeIds | None = None
    principles: list[ListedId] = []
    supersedes: Id | None = None
    review: DateAhead | None = None
    note: Prose | None = None


class PollOptionFront(_Strict):
    key: Prose
    label: Prose
    count: Annotated[StrictInt, Field(ge=0)]  # written unquoted: validate reads it as one


class PollFront(_Strict):
    question: Prose
    options: Annotated[list[PollOptionFront], Field(min_length=1)]


class NextMeetingFront(_Strict):
    """`next_meeting` written as a mapping: its date, and when and where if known."""

    date: DateAhead
    time: ClockTime | None = None
    end: ClockTime | None = None
    location: Prose | None = None


NextMeeting = Annotated[
    NextMeetingFront,
    BeforeValidator(_date_or_mapping),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {
                    "type": "object",
                    "properties": {
                        "date": {"type": "string", "format": "date"},
                        "time": {"type": "string", "pattern": CLOCK_PATTERN},
                        "end": {"type": "string", "pattern": CLOCK_PATTERN},
                        "location": {"type": "string", "minLength": 1},
                    },
                    "required": ["date"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class MeetingFront(_Strict):
    """Front matter of content/meetings/YYYY-MM-DD-slug.md."""

    title: Prose
    date: MeetingDate
    authors: list[Person] = []
    summary: Prose | None = None
    categories: list[Prose] = []
    themes: ThemeIds = []
    principles: list[ListedId] = []
    actions: list[ActionFront] = []
    decisions: list[DecisionFront] = []
    time: ClockTime | None = None
    end: ClockTime | None = None
    location: Prose | None = None
    next_meeting: NextMeeting | None = None
    draft: StrictBool = False  # `draft: no` or "true" is an error, not taken either way
    self_assessment: PollFront | None = None


class ThemeFront(_Strict):
    """Front matter of content/themes/SLUG.md."""

    title: Prose
    summary: Prose | None = None
    retired: StrictBool = False
    # The slugs the theme was known by before (renamed) or took in (merged): meetings may
    # go on naming them, and their old addresses lead to this theme's.
    formerly: Annotated[
        list[ListedId],
        BeforeValidator(_one_or_many),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "pattern": ID_PATTERN},
                    {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
                ],
                "default": [],
            }
        ),
    ] = []


class PrincipleFront(_Strict):
    id: Id
    text: Prose
    status: PrincipleStatusName | None = None


class PrinciplesFront(_Strict):
    """Front matter of content/principles.md."""

    title: Prose = "Principles"
    principles: list[PrincipleFront] = []


class EmailFront(_Strict):
    """site.yml `email`: who `nominutes email` writes to, and as whom."""

    # Either may be left out for NOMINUTES_EMAIL_TO or NOMINUTES_EMAIL_BCC, which `email`
    # reads instead, so that members' addresses stay out of the repository.
    to: Annotated[list[Address], BeforeValidator(_one_address_or_many), Field(min_length=1)] = []
    bcc: Annotated[list[Address], BeforeValidator(_one_address_or_many)] = []
    from_: Address = Field(alias="from")
    reply_to: Address | None = None
    subject_prefix: str = ""
    # Where a member leaves the list (its List-Unsubscribe): its page, its request address
    # (mailto:), or one of each. Unset, the group's list adds its own.
    unsubscribe: Annotated[
        list[Url], BeforeValidator(_one_address_or_many), Field(max_length=2)
    ] = []


class AccessibilityFront(_Strict):
    """site.yml `accessibility`: for the accessibility statement."""

    contact: Url | None = None
    last_tested: IsoDate | None = None


class SiteSettings(_Strict):
    """site.yml."""

    # Numbers and true/false only as written unquoted, never as text that reads like one
    # (safeyaml keeps a whole number as text: validate reads it as a number where one goes).

    title: Text
    description: str = ""
    base_url: BaseUrl = "http://localhost:8000/"
    former_base_url: BaseUrl | None = None
    language: Language = "en"
    page_size: Annotated[StrictInt, Field(ge=1, le=1000)] = 10
    actions_page_size: Annotated[StrictInt, Field(ge=1, le=1000)] = 50
    site_theme: ThemeName = "default"
    extra_css: list[Stylesheet] = []
    logo: LogoImage | None = None
    logo_dark: DarkLogoImage | None = None
    repo_url: Url | None = None
    edit_uri: str = "edit/main/"
    feedback_url: Url | None = None
    allow_html: StrictBool = False
    keep_in_output: list[KeptName] = []
    overdue_grace_days: Annotated[StrictInt, Field(ge=0)] = 28
    search: StrictBool = True
    history: StrictBool = True
    timezone: TimeZone | None = None
    email: EmailFront | None = None
    accessibility: AccessibilityFront = AccessibilityFront()
    different_people: list[Annotated[list[Person], Field(min_length=2)]] = []
    same_people: list[Annotated[list[Person], Field(min_length=2)]] = []
    taken_out_for_good: list[ListedId] = []


SCHEMA_MODELS: Mapping[str, type[BaseModel]] = MappingProxyType(
    {
        "meeting": MeetingFront,
        "theme": ThemeFront,
        "principles": PrinciplesFront,
        "site": SiteSettings,
    }
)


def json_schemas() -> dict[str, str]:
    """The JSON Schema of each file format, as the text shipped in generator/schemas/."""
    import json

    texts = {}
    for name, model in SCHEMA_MODELS.items():
        schema = model.model_json_schema()
        if model is SiteSettings:  # an editor shows each setting's line of the README's table
            for setting, described in schema["properties"].items():
                described["description"] = SETTING_HELP[setting]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://nominutes.invalid/schemas/{name}.schema.json"
        texts[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return texts


# What each setting in site.yml does, for the README's settings table (`settings_table`). A
# test fails when a setting has no line here, so the manual cannot miss one.
SETTING_HELP: Mapping[str, str] = MappingProxyType(
    {
        "title": "The group's name: the heading of every page and the title of its feeds.",
        "description": "One or two sentences about the group, in every page's footer and as the "
        "home page's description for search engines.",
        "base_url": "The published address, ending in `/`; feeds, calendars and the sitemap link "
        "from it, and the feeds', calendars' and email's ids are made from it unless "
        "`former_base_url` is set. `--base-url` overrides it.",
        "former_base_url": "The address the site was published at before it moved to "
        "`base_url` (the first, if it moved more than once): the feeds' and their entries' ids, "
        "the calendars' event ids and the email's `Message-ID` and `List-Id` stay as they were "
        "there, so feed readers, calendar apps and mail filters see the same site; links use "
        "`base_url` (see [Moving the site](#moving-the-site)).",
        "language": (
            "The language members write in, a BCP 47 tag such as `en`, `en-GB` or `cy`: the "
            "pages' `lang` (the voice a screen reader reads them in) and the word forms search "
            "matches. nominutes' own words (headings, dates, buttons) are in English; on a site "
            'in another language they are marked so (`lang="en"`), on the pages, in the '
            "email's HTML part and in the feeds' entries, for a screen reader to read them in "
            "English, and the members' own words among them (titles, text, names) in "
            "`language`."
        ),
        "page_size": "Meetings on each page of a list of meetings: the home page, a theme's and "
        "a principle's (1 to 1000). The second page holds what is left over, so that the later "
        "pages keep their meetings as new ones come.",
        "actions_page_size": "Actions on each page of the tracker and its filters, and owners or "
        "themes on each page of their lists (1 to 1000).",
        "site_theme": "The folder in `themes/` whose templates and static files override the "
        "default look.",
        "extra_css": "The group's own stylesheets, linked after the default one on every page: "
        "each a `.css` file's path in the site theme's `static/` folder (`themes/NAME/static/`, "
        "or `themes/default/static/` without a `site_theme`), such as `[brand.css]`, which "
        "sets the colours' properties (see **The look**).",
        "logo": "The group's logo, shown before its name in every page's header: an image's "
        "path in the site theme's `static/` folder, as for `extra_css`, such as `logo.png` "
        "(see **The look**).",
        "logo_dark": "The logo shown in its place to readers whose system is in dark mode, "
        "such as `logo-dark.png`, in the same folder; `logo` is shown to the others, and must "
        "be set too (see **The look**).",
        "repo_url": 'The repository, for the "Edit this page" links (`http(s)://`).',
        "edit_uri": "The path from `repo_url` to the editor of a file, as MkDocs' `edit_uri`.",
        "feedback_url": 'Where "Feed back on this page" leads: a `mailto:` address or an issue '
        "form.",
        "allow_html": "Show raw HTML written in Markdown as HTML, and publish files of any kind "
        "put beside the notes (HTML, SVG, XML, JavaScript); by default such HTML is shown as "
        "text and only documents, images, sound, video, data and archives are published (see "
        "Links, papers, slides and images); a Markdown link's scheme, such as `javascript:`, "
        "is an error either way unless it is `https:`, `http:`, `mailto:` or `tel:`. Pages "
        "then carry no "
        "Content-Security-Policy (by default they let only the site's own scripts run).",
        "keep_in_output": "Names in the output folder (such as `CNAME` or `.git`) to carry over "
        "from the previous build.",
        "overdue_grace_days": "Days past its due date before an open action is warned about.",
        "search": "Build the Pagefind search index and the search page.",
        "history": "Show, from git, how each principle's wording changed and when each meeting "
        "was last edited.",
        "timezone": "An IANA time zone such as `Europe/London` for meeting times; without one, "
        "times are the reader's local clock time.",
        "accessibility": "For the accessibility statement at `/accessibility/`: `contact` (a "
        "`mailto:` or `https://` address for reporting a problem; else `feedback_url`) and "
        "`last_tested` (the date the site was last tested, `YYYY-MM-DD`).",
        "email": "Where `nominutes email` sends each new meeting: `to` (one address or a list: "
        "the group's list address, never members' own), `from`, and optional `bcc` (shown in "
        "no message), `reply_to`, `subject_prefix` and `unsubscribe` (where a member leaves "
        "the list: an `https://` page, a `mailto:` request address, or a list of one of each, "
        "sent as the message's `List-Unsubscribe` and in its footer); the `NOMINUTES_EMAIL_TO` and "
        "`NOMINUTES_EMAIL_BCC` secrets, where set, are used instead of `to` and `bcc` and keep "
        "those addresses out of the repository (see "
        "[After the meeting: the email](#after-the-meeting-the-email)).",
        "different_people": "Owners whose names are close but who are different people, so that "
        "check does not ask whether one is a slip for the other: a list of lists of names, "
        "such as `[[Dana Kim, Dan Kim]]`. A group listed twice, or naming someone who owns "
        "no action, is warned of.",
        "same_people": "Owners and authors whose names meetings write two ways or more but "
        "who are one person (`Sian Evans` in old meetings, `Siân Evans` since; a name changed "
        "on marriage), so that every page, export, feed and email gives them one name and the "
        "tracker one owner's page: a list of lists of names, the first the one the site shows, "
        "such as `[[Siân Evans, Sian Evans]]`. A name is matched whatever its case, spacing, "
        "punctuation or accents. A group of one name, a name in two groups, or two names "
        "`different_people` lists together, is an error; a name no meeting writes is warned "
        "of.",
        "taken_out_for_good": "Meetings whose files were deleted in git (by their file's "
        "name without `.md`, such as `2026-06-10-ai-tools`) that leave no page at all at their "
        "old addresses, rather than one saying they were taken out (see "
        "[Taking a meeting or theme out](#taking-a-meeting-or-theme-out)).",
    }
)
README_TABLE_START = (
    "<!-- settings table: made by `make schemas` from generator/content/schema.py -->"
)
README_TABLE_END = "<!-- end of settings table -->"


def _shown_default(value: Any) -> str:
    if value is PydanticUndefined:
        return "required"
    if isinstance(value, BaseModel):  # settings of their own: "none" when none is set
        value = {key: part for key, part in value.model_dump().items() if part is not None}
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`" if value != "" else "empty"


def settings_table() -> str:
    """The README's table of every setting in site.yml, from `SiteSettings`."""
    rows = ["| Setting | Default | What it does |", "|---|---|---|"]
    for name, field in SiteSettings.model_fields.items():
        rows.append(f"| `{name}` | {_shown_default(field.default)} | {SETTING_HELP[name]} |")
    return "\n".join(rows) + "\n"


def with_settings_table(readme: str) -> str:
    """The README's text with its settings table made again."""
    start = readme.index(README_TABLE_START) + len(README_TABLE_START)
    end = readme.index(README_TABLE_END)
    return readme[:start] + "\n" + settings_table() + readme[end:]


if (
    __name__ == "__main__"
):  # `python -m generator.content.schema [README.md]` rewrites the shipped schemas
    import sys
    from pathlib import Path

    folder = Path(__file__).parent.parent / "schemas"
    folder.mkdir(exist_ok=True)
    for file_name, text in json_schemas().items():
        (folder / file_name).write_text(text, encoding="utf-8")
    for readme in sys.argv[1:]:  # and the settings table of the README named
        path = Path(readme)
        path.write_text(with_settings_table(path.read_text(encoding="utf-8")), encoding="utf-8")
