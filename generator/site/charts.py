"""Geometry for the small inline SVG pictures, so templates only print numbers.

Each picture repeats its numbers as text or a table beside it: the SVG is a convenience for
sighted readers, never the only way to get the information.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from generator.content.model import Status

BAR_AREA = 220  # px for a 100% bar
LABEL_HEIGHT = 20  # px above each bar for its label
BAR_HEIGHT = 18
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 8
CHARACTER_WIDTH = 9  # px, generous for 14px bold text
STRIP_WIDTH = 300
TIMELINE_WIDTH = 600
TIMELINE_HEIGHT = 30  # the ticks' 24, and below them a year's mark reaching to its label


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int
    text_y: int  # the label's baseline, above the bar
    value_x: int
    value_y: int  # the count's baseline, beside the bar


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(rows: Sequence[tuple[str, int]]) -> BarChart:
    """Horizontal bars, each with its whole label set above it (a label beside the bar was
    clipped when longer than its column). The picture is as wide as its longest label."""
    largest = max((count for _, count in rows), default=0) or 1
    longest = max((len(label) for label, _ in rows), default=0)
    bars = []
    for index, (label, count) in enumerate(rows):
        width = round(BAR_AREA * count / largest)
        y = index * ROW_HEIGHT
        top = y + LABEL_HEIGHT
        bars.append(Bar(label, count, top, width, top - 5, width + 6, top + BAR_HEIGHT - 4))
    return BarChart(
        max(BAR_AREA + 40, longest * CHARACTER_WIDTH),
        len(rows) * ROW_HEIGHT,
        0,
        BAR_HEIGHT,
        tuple(bars),
    )


@dataclass(frozen=True)
class Segment:
    status: Status
    count: int
    x: int
    width: int


def status_strip(counts: Sequence[tuple[Status, int]]) -> tuple[Segment, ...]:
    """A stacked bar of action counts by status, left to right in workflow order."""
    total = sum(count for _, count in counts)
    if not total:
        return ()
    segments, x = [], 0
    for index, (status, count) in enumerate(counts):
        last = index == len(counts) - 1
        width = STRIP_WIDTH - x if last else round(STRIP_WIDTH * count / total)
        if count:
            segments.append(Segment(status, count, x, width))
        x += width
    return tuple(segments)


TICK_WIDTH = 6


@dataclass(frozen=True)
class YearMark:
    """A year on a theme's timeline: where it begins along the strip (the strip's start for
    the first year, else its January's tick), as a CSS percentage; from
    which width of the strip its label shows (see `STRIP_WIDTHS`: `never`, to screen
    readers alone, as every mark is read); and what the strip shows of the year, in words."""

    year: int
    at: str
    shown: str
    text: str


@dataclass(frozen=True)
class Timeline:
    """A theme's timeline: a tick per month the group met in, as SVG path data, tall where
    the theme came up (`on`), short elsewhere (`off`; either may be empty), a line through
    each later year's January (`years`), and the years' marks. Paths, not a shape per
    month: a site of many years has hundreds of ticks on every theme's page."""

    on: str
    off: str
    years: str
    marks: tuple[YearMark, ...]


def _tick(x: int, on_theme: bool) -> str:
    top, height = (2, 20) if on_theme else (8, 8)
    left = x - TICK_WIDTH // 2
    return f"M{left} {top}h{TICK_WIDTH}v{height}h-{TICK_WIDTH}z"


def months_of(dates: Iterable[date]) -> tuple[tuple[int, int], ...]:
    """The months (year, month) these dates fall in, oldest first, each once."""
    return tuple(sorted({(d.year, d.month) for d in dates}))


@dataclass(frozen=True)
class TimelineFrame:
    """What every theme's timeline shares, made once for the months the group met in
    (`frame`): each month's tick, tall and short, and each year's line, place and labels."""

    months: tuple[tuple[int, int], ...]
    ticks: tuple[tuple[str, str], ...]  # each month's (on, off) tick, in `months`' order
    years: str
    # Each year's place along the strip, from which width its label shows, and in how many
    # months the group met.
    places: tuple[tuple[int, float, str, int], ...]


def frame(months: Sequence[tuple[int, int]]) -> TimelineFrame | None:
    """The timeline's frame for `months` (as `months_of` gives them; None when the group
    has not met)."""
    if not months:
        return None
    first = months[0][0] * 12 + months[0][1]
    span = (months[-1][0] * 12 + months[-1][1] - first) or 1
    margin = 8
    usable = TIMELINE_WIDTH - 2 * margin
    ticks = []
    for year, month in months:
        x = margin + round(usable * (year * 12 + month - first) / span)
        ticks.append((_tick(x, True), _tick(x, False)))
    # Each later year's mark is where its January's tick is (or would be, if the group did
    # not meet then), running below the strip to its label.
    starts = [
        (year, margin + round(usable * (year * 12 + 1 - first) / span))
        for year in range(months[0][0] + 1, months[-1][0] + 1)
    ]
    lines = "".join(f"M{x} 0v{TIMELINE_HEIGHT}" for _, x in starts)
    places = [(months[0][0], 0.0), *((year, x / TIMELINE_WIDTH) for year, x in starts)]
    fits = [(shown, _labelled(places, width)) for shown, width in STRIP_WIDTHS]
    met = Counter(year for year, _ in months)
    return TimelineFrame(
        tuple(months),
        tuple(ticks),
        lines,
        tuple(
            (year, at, next((shown for shown, years in fits if year in years), "never"), met[year])
            for year, at in places
        ),
    )


def timeline(frame: TimelineFrame | None, theme_dates: Iterable[date]) -> Timeline | None:
    """One tick per month in which the group met (`frame`'s months); months this theme came
    up are highlighted. None when the group has not met.

    Months, not meetings, keep the picture the same size however many meetings there are.
    """
    if frame is None:
        return None
    chosen = {(d.year, d.month) for d in theme_dates}
    on: list[str] = []
    off: list[str] = []
    for month, (tall, short) in zip(frame.months, frame.ticks, strict=True):
        if month in chosen:
            on.append(tall)
        else:
            off.append(short)
    by_year: dict[int, list[int]] = {}
    for year, month in sorted(chosen):
        by_year.setdefault(year, []).append(month)
    marks = tuple(
        YearMark(year, f"{100 * at:.2f}%", shown, _year_text(met, by_year.get(year, ())))
        for year, at, shown, met in frame.places
    )
    return Timeline("".join(on), "".join(off), frame.years, marks)


# A year's label is 3em wide (the strip's text size), centred where its year begins but
# within the strip, with room between it and the next. It shows where the strip is wide
# enough for it (the stylesheet asks the strip's width, in its em): on a phone 320 pixels
# wide with the text twice its size (8em: `always`), at its size (18em: `narrow`), and on
# a screen wider than 40em (37.5em: `wide`); else it is read alone (`never`).
LABEL_WIDTH = 3.0
LABEL_GAP = 0.375
STRIP_WIDTHS = (("always", 8.0), ("narrow", 18.0), ("wide", 37.5))
# Every year labelled, or every fifth, tenth...: the labels of a wider step are among those
# of a narrower one, so a wider strip labels more years, never others.
LABEL_STEPS = (1, 5, 10, 50, 100)


def _labelled(places: Sequence[tuple[int, float]], width: float) -> set[int]:
    """The years whose labels fit on a strip `width` em wide, none over another: the
    last (or, when they do not both fit, the last alone) and the first, where the strip
    begins, and between them every year or, where they would not fit, every fifth, tenth...
    (round years), less any too close to the first or the last to fit."""

    def box(at: float) -> tuple[float, float]:
        left = min(max(at * width - LABEL_WIDTH / 2, 0), width - LABEL_WIDTH)
        return left, left + LABEL_WIDTH

    def apart(*boxes: tuple[float, float]) -> bool:
        return all(a[1] + LABEL_GAP <= b[0] for a, b in pairwise(boxes))

    if len(places) == 1:
        return {places[0][0]}
    first, *between, last = places
    ends = [first, last] if apart(box(first[1]), box(last[1])) else [last]
    for step in LABEL_STEPS:
        kept = [(year, at) for year, at in between if year % step == 0]
        if apart(*(box(at) for _, at in kept)):
            break
    else:
        kept = []
    return {year for year, _ in ends} | {
        year for year, at in kept if all(apart(*sorted((box(at), box(end)))) for _, end in ends)
    }


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _year_text(met: int, on_theme: Sequence[int]) -> str:
    """What the strip shows of a year, in words: in how many of the months the group met
    the theme came up, and in which (as the ticks' places show them)."""
    named = [MONTH_NAMES[month - 1] for month in on_theme]
    which = f" ({' and '.join([', '.join(named[:-1]), named[-1]] if len(named) > 1 else named)})"
    if not met:
        return "the group did not meet"
    if met == 1:
        return (
            f"on this theme in the one month the group met{which}"
            if named
            else ("not on this theme in the one month the group met")
        )
    return f"on this theme in {len(named) or 'none'} of the {met} months the group met" + (
        which if named else ""
    )
