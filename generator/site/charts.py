"""Geometry for the small inline SVG pictures, so templates only print numbers.

Each picture repeats its numbers as text or a table beside it: the SVG is a convenience for
sighted readers, never the only way to get the information.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.content.model import Status

BAR_AREA = 220  # px for a 100% bar
LABEL_HEIGHT = 20  # px above each bar for its label
BAR_HEIGHT = 18
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 8
CHARACTER_WIDTH = 9  # px, generous for 14px bold text
STRIP_WIDTH = 300
TIMELINE_WIDTH = 600


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
class Timeline:
    """A theme's timeline: a tick per month the group met in, as SVG path data, tall where
    the theme came up (`on`), short elsewhere (`off`; either may be empty). Two paths, not
    a shape per month: a site of many years has hundreds of ticks on every theme's page."""

    on: str
    off: str


def _tick(x: int, on_theme: bool) -> str:
    top, height = (2, 20) if on_theme else (8, 8)
    left = x - TICK_WIDTH // 2
    return f"M{left} {top}h{TICK_WIDTH}v{height}h-{TICK_WIDTH}z"


def months_of(dates: Iterable[date]) -> tuple[tuple[int, int], ...]:
    """The months (year, month) these dates fall in, oldest first, each once."""
    return tuple(sorted({(d.year, d.month) for d in dates}))


def timeline(months: Sequence[tuple[int, int]], theme_dates: Sequence[date]) -> Timeline | None:
    """One tick per month in which the group met (`months`, as `months_of` gives them);
    months this theme came up are highlighted. None when the group has not met.

    Months, not meetings, keep the picture the same size however many meetings there are.
    """
    if not months:
        return None
    chosen = {(d.year, d.month) for d in theme_dates}
    first = months[0][0] * 12 + months[0][1]
    span = (months[-1][0] * 12 + months[-1][1] - first) or 1
    margin = 8
    usable = TIMELINE_WIDTH - 2 * margin
    ticks: dict[bool, list[str]] = {True: [], False: []}
    for year, month in months:
        x = margin + round(usable * (year * 12 + month - first) / span)
        on_theme = (year, month) in chosen
        ticks[on_theme].append(_tick(x, on_theme))
    return Timeline("".join(ticks[True]), "".join(ticks[False]))
