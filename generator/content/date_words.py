"""A date written in words after a meeting ("next month", "in two weeks", "end of April",
"mid-January", "Friday"),
as a member reads it from the meeting's date: the date its error suggests writing instead.
Only the date is read from the file, never today's, so the message is the same on every run.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from types import MappingProxyType

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMBERS = MappingProxyType(
    {
        word: n
        for n, words in enumerate(
            (
                (),
                ("a", "an", "one"),
                ("two",),
                ("three",),
                ("four",),
                ("five",),
                ("six",),
                ("seven",),
                ("eight",),
                ("nine",),
                ("ten",),
                ("eleven",),
                ("twelve",),
            )
        )
        for word in words
    }
)
_UNITS = ("day", "week", "fortnight", "month", "year")
_NEXT = re.compile(r"^(?:by |before )?next (week|month|year)$")
_IN = re.compile(r"^(?:in |within )?(\d{1,3}|[a-z]+) (day|week|fortnight|month|year)s?(?: time)?$")
_END_OF = re.compile(r"^(?:by )?(?:the )?end of (?:the )?(month|[a-z]+)$")
_PART_OF = re.compile(
    r"^(?:by |before )?(?:the )?(mid|middle of|start of|beginning of)[- ](?:the )?([a-z]+)$"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_SHORT = MappingProxyType({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_WEEKDAY = re.compile(r"^(?:by |before |on |this |next |by next |by this )?([a-z]+)$")
_DAY_OF_PART = MappingProxyType({"mid": 15, "middle of": 15, "start of": 1, "beginning of": 1})
# The example for a date written in no way read here: four weeks on, a usual time to act.
_WEEKS_ON = 4


def date_meant(text: str, held: date) -> tuple[date, str] | None:
    """The date `text` (written in words) means for an action of a meeting `held` that day,
    and how it was read ("a month after the meeting"); None when it is not read."""
    words = " ".join(text.lower().replace(",", " ").split())
    try:
        return _read(words, held)
    except (OverflowError, ValueError):  # after 9999
        return None


def _read(words: str, held: date) -> tuple[date, str] | None:
    if words == "tomorrow":
        return held + timedelta(days=1), "the day after the meeting"
    if found := _NEXT.match(words):
        unit = found.group(1)
        return _after(held, 1, unit), f"a {unit} after the meeting"
    if (found := _IN.match(words)) and found.group(2) in _UNITS:
        number = found.group(1)
        n = int(number) if number.isdigit() else _NUMBERS.get(number, 0)
        if n < 1:
            return None
        unit = found.group(2)
        return _after(held, n, unit), f"{_count(n, unit)} after the meeting"
    if found := _END_OF.match(words):
        name = found.group(1)
        if name == "month":
            month, year = held.month, held.year
        elif name[:3] in _MONTHS and len(name) >= 3:
            month = _MONTHS.index(name[:3]) + 1
            year = held.year + (month < held.month)
        else:
            return None
        end = date(year, month, monthrange(year, month)[1])
        return end, f"the last day of {end:%B}"
    found = _WEEKDAY.match(words)
    if found and (weekday := _weekday_named(found.group(1))) is not None:
        meant = held + timedelta(days=(weekday - held.weekday() - 1) % 7 + 1)
        return meant, f"the {meant:%A} after the meeting"
    if (found := _PART_OF.match(words)) and (month := _month_named(found.group(2))):
        day = _DAY_OF_PART[found.group(1)]
        meant = date(held.year, month, day)
        if meant <= held:
            meant = date(held.year + 1, month, day)
        part = "middle" if day == 15 else "start"
        return meant, f"the {part} of {meant:%B}"
    return None


def _weekday_named(name: str) -> int | None:
    """The day of the week `name` names (Friday, fri, Weds), Monday 0 to Sunday 6; None for
    any other word."""
    if name in _WEEKDAYS_SHORT:
        return _WEEKDAYS_SHORT[name]
    starts = (n for n, day in enumerate(_WEEKDAYS) if len(name) >= 3 and day.startswith(name))
    return next(starts, None)


def _month_named(name: str) -> int | None:
    """The month `name` names (January, jan, Sept), 1 to 12; None for any other word."""
    return _MONTHS.index(name[:3]) + 1 if len(name) >= 3 and name[:3] in _MONTHS else None


def example_after(held: date) -> tuple[date, str]:
    """A date to give as an example for a date after a meeting `held` that day."""
    if held > date.max - timedelta(weeks=_WEEKS_ON):
        return held, "the day of the meeting"
    return held + timedelta(weeks=_WEEKS_ON), "four weeks after the meeting"


def _after(held: date, n: int, unit: str) -> date:
    """`n` of `unit` after `held`; a month or year on, the same day or its month's last."""
    if unit in ("day", "week", "fortnight"):
        return held + timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
    months = n * (12 if unit == "year" else 1)
    year, month = divmod(held.month - 1 + months, 12)
    year, month = held.year + year, month + 1
    return date(year, month, min(held.day, monthrange(year, month)[1]))


def _count(n: int, unit: str) -> str:
    """`n` of `unit` in words: "a month", "two weeks", "18 months"."""
    if n == 1:
        return f"a {unit}"
    said = next((word for word, value in _NUMBERS.items() if value == n), str(n))
    return f"{said} {unit}s"


# A title that ends in a day, after "on", "of", a comma, a dash or a colon, or as a title
# of its own: "Meeting on 4 March 2024" (as `new meeting` writes one), "Steering group, 4th
# March 2024", "Meeting of March 4, 2024", "Meeting: 2024-03-04"; not a title naming a day
# after other words ("Planning for 1 April 2025"), which may be another's.
_TITLE_DAY = re.compile(
    r"(?:^|\b[Oo][nf]\s+|[,:–—]\s*|\s-\s*)"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"\s*[.)]?\s*$"
)


def title_day(title: str) -> tuple[date, str, str] | None:
    """The day `title` ends in, as a title naming its meeting's day does ("Meeting on 4
    March 2024"), the words naming it and the form to name another day in ("D Month
    YYYY", "Month D, YYYY" or "YYYY-MM-DD"); None for a title ending otherwise."""
    found = _TITLE_DAY.search(title.strip())
    if found is None:
        return None
    try:
        if found["iso"]:
            return date.fromisoformat(found["iso"]), found["iso"], "iso"
        day, month, year = (
            (found["d1"], found["m1"], found["y1"])
            if found["d1"]
            else (found["d2"], found["m2"], found["y2"])
        )
        number = _month_named(month.lower())
        if number is None:
            return None
        named = title.strip()[found.start("d1" if found["d1"] else "m2") :].rstrip(" .)")
        return date(int(year), number, int(day)), named, "dm" if found["d1"] else "md"
    except ValueError:
        return None


def day_as(day: date, form: str) -> str:
    """`day` written in the `form` `title_day` gives: "11 March 2024", "March 11, 2024" or
    "2024-03-11"."""
    if form == "iso":
        return day.isoformat()
    if form == "md":
        return f"{day:%B} {day.day}, {day.year}"
    return f"{day.day} {day:%B %Y}"
