"""What a page or file reads, named as keys, and the non-page files declared with theirs.

Each page (`pages.Page.reads`) and each feed, calendar and export (`FileOutput.reads`) says,
where it is made, which parts of the model it shows. A key names one part:
- `meeting:SLUG`: everything the meeting's own page and feed entries show of it, but which
  meeting comes after it (its page reads that one's card);
- `card:SLUG`: what lists and links show of a meeting;
- `event:SLUG`: what the meeting's calendar event shows (its title, date, summary, time and
  place, and the day git last saw its file edited and on how many days it was, and those of
  the meetings that announced it);
- `updated:SLUG`: the day the meeting was last updated (`History.updated`), its page's
  `lastmod` in the sitemap;
- `overdue:SLUG`: the actions still overdue after the meeting that its "since the last
  meeting" names (their ids and titles);
- `action:ID`: all an action's row and page show of it (its title, themes, history, whether
  it is overdue);
- `theme:SLUG`: which meetings are on the theme, newest first, with the month of each;
- `principle:ID`: which meetings discussed the principle;
- `theme-actions:SLUG`, `theme-decisions:SLUG`: what a theme's first page lists and counts of
  them (its outstanding actions in order and how many are closed; its decisions in force in
  order and how many there are);
- `pages:URL`: how many pages the list whose first page is at URL is cut into;
- `order`: which meetings there are, newest first;
- `months`: the months in which the group met, which every theme's timeline spans;
- `years`: the years in which the group met, which the archive lists and each year's pages
  link to the years before and after;
- `year:YEAR`: how many meetings the group held (or published ahead) in a year, which the
  archive and the year's first page count;
- `actions`: which actions there are, with what the tracker counts and sorts by;
- `owners`: who the tracker's list of owners names, with each one's counts (outstanding,
  closed, handed on), those who handed on every action they had among them;
- `action-list:URL`: what the first page of an owner's or a theme's lists (its outstanding
  actions at URL, its overdue and its closed ones) counts and lists of them, and how many
  owners and themes the tracker has, so that an edit to one owner's or theme's actions
  makes again that one's lists, not every owner's and theme's;
- `decision:ID`: all a decision's row and page show of it (its text, the meeting that made
  it, its themes and principles, what it replaced and was replaced by, its review and the
  meetings that reviewed it);
- `decisions`: every decision's place in the register, read by the first two pages of each
  of its lists (a decision added in front moves one from the first to the second; the later
  ones list their decisions alone);
- `decision-themes`: the themes the register's filters list;
- `next`: which meeting published ahead is the next meeting (`PageModel.next_ahead`), read
  by the page of each meeting dated after the build date, which links its own agenda pack
  while it is the next;
- `latest`: which meeting is the latest held by the build date (`agenda.latest_met`), read by
  the actions calendar, which lists the actions that meeting closed and none closed before;
- `today`: the build date, read by what shows it (the lists, and the actions outstanding and
  decisions awaiting review "as of" today; the page of a meeting dated after it, which shows
  what is due at it as due, not missed, until its day).
`always` is read by a page made on every build (small pages that summarise everything). What
each key stands for is worked out in `changes`; a rebuild and serve remake only what reads a
changed key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ALWAYS = "always"
ORDER = "order"
MONTHS = "months"
YEARS = "years"
ACTIONS = "actions"
OWNERS = "owners"
DECISIONS = "decisions"
DECISION_THEMES = "decision-themes"
TODAY = "today"
LATEST = "latest"
NEXT = "next"
READS_EVERYTHING = frozenset([ALWAYS])


def meeting_key(slug: str) -> str:
    return f"meeting:{slug}"


def year_key(year: int) -> str:
    return f"year:{year}"


def pager_key(first_url: str) -> str:
    """How many pages a list whose first page is at `first_url` is cut into (see
    `pages.pager_values`): what the pagination of each of its pages shows."""
    return f"pages:{first_url}"


def card_key(slug: str) -> str:
    return f"card:{slug}"


def overdue_key(slug: str) -> str:
    return f"overdue:{slug}"


def action_key(action_id: str) -> str:
    return f"action:{action_id}"


def theme_key(slug: str) -> str:
    return f"theme:{slug}"


def theme_actions_key(slug: str) -> str:
    return f"theme-actions:{slug}"


def action_list_key(list_url: str) -> str:
    """What the first pages of the owner's or theme's lists whose outstanding actions are
    at `list_url` show of them (see `changes._action_list_values`)."""
    return f"action-list:{list_url}"


def theme_decisions_key(slug: str) -> str:
    return f"theme-decisions:{slug}"


def principle_key(principle_id: str) -> str:
    return f"principle:{principle_id}"


def decision_key(decision_id: str) -> str:
    return f"decision:{decision_id}"


def action_keys(ids: Iterable[str]) -> list[str]:
    return [f"action:{i}" for i in ids]  # action_key's, without a call per id


def event_key(slug: str) -> str:
    return f"event:{slug}"


def event_keys(slugs: Iterable[str]) -> list[str]:
    return [f"event:{slug}" for slug in slugs]  # event_key's, without a call per slug


def updated_key(slug: str) -> str:
    return f"updated:{slug}"


def updated_keys(slugs: Iterable[str]) -> list[str]:
    return [f"updated:{slug}" for slug in slugs]  # updated_key's, without a call per slug


def card_keys(slugs: Iterable[str]) -> list[str]:
    return [f"card:{slug}" for slug in slugs]  # card_key's, without a call per slug


@dataclass(frozen=True)
class PartsCodec:
    """How a file's parts are written as plain JSON values and read back, so that the
    pipeline can keep them from one build to the next. Files made of the same parts share
    a `name` (the actions' exports: one record and row per action for both files)."""

    name: str
    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]


@dataclass(frozen=True)
class FileOutput:
    """A file that is not a page (a feed, calendar, export, the sitemap, a theme's static
    file, a published content file): where it goes, what it reads and how it is made."""

    path: str  # output path
    reads: frozenset[str]
    make: Callable[[], bytes]
    # A file made of one part per key it reads (the actions' exports: a record per action;
    # the meetings calendar: an event per meeting):
    # `parts[key]` is what that part is made from, `make_part` makes it from that, and
    # `join` the file from every part, in order, so that an update can make again only the
    # parts whose key changed (see `make.make_files`).
    parts: Mapping[str, Any] | None = None
    make_part: Callable[[Any], object] | None = None
    join: Callable[[list[Any]], bytes] | None = None
    codec: PartsCodec | None = None  # how the parts are kept between builds, if they are
    # Whether `join` shows more than the parts (the meetings calendar: the next meeting
    # announced, from the keys its parts are made for): then a changed part joins it again,
    # though the part itself came out the same.
    joins_more: bool = False
    # What the file shows of a part, where files share their parts (all of it if None).
    shows: Callable[[Any], object] | None = None
