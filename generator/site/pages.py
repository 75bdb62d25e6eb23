"""What each page shows: the model turned into ready-to-print views.

Every link here is already relative to the page it appears on, every list is
already sorted and every date already formatted, so templates only print.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import (
    Callable,
    Collection,
    Container,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime, time
from functools import cache, cached_property, lru_cache, partial
from itertools import groupby, pairwise
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from generator.content.agenda import (
    Agenda,
    agenda,
    announced_next,
    announcement,
    brought_forward,
    handed_over,
    held_next,
    latest_met,
    moved_from,
    next_meeting,
    overdue_as_left,
    published_ahead,
)
from generator.content.crossref import (
    Action,
    ActionEvent,
    Decision,
    Indexes,
    PrincipleThen,
    Reviewed,
    agreed_at,
    closes,
    event_before,
    handed_from,
    handed_on_now,
    held_days,
    kept_at,
    listed_unchanged,
    overdue_after,
    principles_as_then,
    principles_worded_on,
    refiled,
    refiled_by,
    reopens,
)
from generator.content.dated import dated_by_latest, last_updated
from generator.content.load import MEETINGS_DIR
from generator.content.model import (
    MEETING_FILE,
    History,
    Meeting,
    Poll,
    Principle,
    PrincipleChange,
    PrincipleStatus,
    Site,
    SiteConfig,
    Slot,
    Status,
    Theme,
    announcements,
    awaits_summary,
    is_placeholder,
    meeting_order,
)
from generator.site import charts, urls
from generator.site.keys import (
    ACTIONS,
    DECISION_THEMES,
    DECISIONS,
    LATEST,
    MONTHS,
    NEXT,
    OWNERS,
    READS_EVERYTHING,
    TODAY,
    YEARS,
    action_key,
    action_keys,
    action_list_key,
    card_key,
    decision_key,
    event_key,
    meeting_key,
    overdue_key,
    pager_key,
    principle_key,
    theme_actions_key,
    theme_decisions_key,
    theme_key,
    year_key,
)
from generator.site.markup import (
    Fragment,
    agenda_section,
    agenda_whole,
    body_heading,
    footnotes_in_english,
    printed_addresses,
)
from generator.site.people import owner_label
from generator.site.sitemap import entry_text
from generator.site.wording import apart_from_stop, full_stop

R = TypeVar("R")
_set_attribute = object.__setattr__


def made_at_once(record_type: type[R]) -> type[R]:
    """`record_type`, a frozen dataclass, with an `__init__` that gives a record its fields in
    one dict, rather than one `object.__setattr__` a field as the dataclass's own does: the
    same arguments and defaults, the same record, made in about half the time (the
    pages of a large site make a million links and rows). Its fields all go to `__init__`,
    none by keyword alone or from a factory, and it has no `__post_init__`."""
    names, given = [], []
    defaults: dict[str, object] = {}
    for found in fields(record_type):  # type: ignore[arg-type]
        if not found.init or found.kw_only or found.default_factory is not MISSING:
            raise TypeError(f"{record_type.__name__}.{found.name}: not made at once")
        if found.default is MISSING:
            names.append(found.name)
        else:
            defaults[f"default_{found.name}"] = found.default
            names.append(f"{found.name}=default_{found.name}")
        given.append(f"{found.name!r}: {found.name}")
    if hasattr(record_type, "__post_init__"):
        raise TypeError(f"{record_type.__name__}: not made at once (__post_init__)")
    made: dict[str, Any] = {"set_attribute": _set_attribute, **defaults}
    exec(  # as `dataclasses` makes an `__init__`
        f"def __init__(self, {', '.join(names)}):\n"
        f"    set_attribute(self, '__dict__', {{{', '.join(given)}}})\n",
        made,
    )
    init = made["__init__"]
    init.__qualname__ = f"{record_type.__qualname__}.__init__"
    record_type.__init__ = init  # type: ignore[misc]
    return record_type


@made_at_once
@dataclass(frozen=True)
class DateText:
    iso: str
    text: str


@dataclass(frozen=True)
class Place:
    """Where a meeting is held: a room, or a call to join (then `href` is its address)."""

    text: str
    href: str | None


@made_at_once
@dataclass(frozen=True)
class Schedule:
    """A meeting's date, clock times and place, ready to print."""

    date: DateText
    start: DateText | None  # iso: date and time, e.g. 2013-06-12T14:00; text: 14:00
    end: DateText | None
    # shown after the times, when site.yml names a zone: its abbreviation on the day ("GMT",
    # "BST"), or its IANA name in brackets where it has none but an offset ("+03")
    timezone: str | None
    place: Place | None


@made_at_once
@dataclass(frozen=True)
class Theirs:
    """A member's words among nominutes' (see `Worded`)."""

    text: str


@made_at_once
@dataclass(frozen=True)
class Worded:
    """nominutes' words with members' among them (`Theirs`: a theme's title, an owner's
    name, a slug), which the template's `worded` macro marks in the site's language on a
    site in another; `str()` is the whole, for a `<title>`, which cannot mark them."""

    parts: tuple[str | Theirs, ...]

    def __str__(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def stop(self) -> str:
        """The full stop a sentence ending in these words needs: "" after a name's own '.'
        ("Due from Acme Ltd."; see `wording.full_stop`), as a `Link`'s."""
        return full_stop(self)


def worded_list(items: Sequence[str]) -> tuple[str | Theirs, ...]:
    """Members' words listed as a sentence gives them: "a", "a and b", "a, b and c"."""
    parts: list[str | Theirs] = []
    for i, item in enumerate(items):
        if i:
            parts.append(" and " if i == len(items) - 1 else ", ")
        parts.append(Theirs(item))
    return tuple(parts)


@made_at_once
@dataclass(frozen=True)
class Link:
    text: str | Worded
    href: str  # "" for a name with nowhere to lead ("Unassigned", an owner with no list)
    current: bool = False
    count: int | None = None

    @property
    def stop(self) -> str:
        """The full stop a sentence ending in this link needs: "" after its text's own '.',
        '?' or '!' (see `wording.full_stop`)."""
        return full_stop(self.text)


@made_at_once
@dataclass(frozen=True)
class FilterLink(Link):
    """A filter's link, `chosen` on every page of the list it leads to (`current` on its
    first page alone)."""

    chosen: bool = False


def filter_attribute(name: str, value: str) -> str:
    """The `data-pagefind-filter` value filing `value` under the filter `name`, encoded so
    that Pagefind's UI, which inserts filter values as HTML, shows it as text.

    Pagefind decodes character references once more than a browser does (in attributes and
    in text alike), so the value is escaped twice here; Jinja escapes the attribute once more.
    The index then holds `&lt;img ...&gt;` where the title says `<img ...>`.
    """
    once = html.escape(value, quote=False)
    return f"{name}:{html.escape(once, quote=False)}"


@made_at_once
@dataclass(frozen=True)
class ThemeLink(Link):
    """A link to a theme that also files the page under that theme in the search index."""

    search_filter: str = ""


@made_at_once
@dataclass(frozen=True)
class MeetingCard:
    title: str
    href: str
    date: DateText
    summary: str
    themes: tuple[Link, ...]
    upcoming: str | None = None  # said beside the date of a meeting dated after the build date


# Beside the date of a meeting published ahead of its day, in a list of meetings.
UPCOMING = "upcoming: not held yet"


def card_reads(site: Site, meetings: Sequence[Meeting]) -> list[str]:
    """The keys of the cards of `meetings`, and the build date's while one of them is dated
    after it (its card says it is upcoming until that day)."""
    ahead = any(m.date > site.settings.build_date for m in meetings)
    return [*(card_key(m.slug) for m in meetings), *([TODAY] if ahead else [])]


@dataclass(frozen=True)
class HandedOn:
    """An action someone held and holds no longer (given to someone else, or left with no
    owner), with the update that gave it the owners it has now."""

    action: Action
    since: ActionEvent


HandedOnByName = dict[str, tuple[HandedOn, ...]]


def _handed_on_rows(action: Action) -> list[tuple[str, HandedOn]]:
    """Each name that held `action` and holds it no longer, with its row."""
    history = action.history
    held = {name for event in history for name in event.owners}.difference(action.owners)
    if not held:
        return []
    since = history[0]
    for before, event in pairwise(history):
        if set(event.owners) != set(before.owners):
            since = event
    return [(name, HandedOn(action, since)) for name in held]


def _handed_on_order(row: HandedOn) -> tuple[tuple[date, int], str]:
    return meeting_order(row.since.meeting), row.action.id


def handed_on_of(actions: Iterable[Action]) -> HandedOnByName:
    """The actions each name held and holds no longer, in the order of the meetings that
    gave them the owners they have now (then by id); the names in order."""
    found: dict[str, list[HandedOn]] = {}
    for action in actions:
        for name, row in _handed_on_rows(action):
            found.setdefault(name, []).append(row)
    return {name: tuple(sorted(rows, key=_handed_on_order)) for name, rows in sorted(found.items())}


def handed_on_after(
    before: HandedOnByName, now: Mapping[str, Action], touched: Collection[str]
) -> HandedOnByName:
    """`handed_on_of` the actions `now` (by id) from `before`'s, where only the actions whose
    ids `touched` holds can differ: the rows of the others are kept, each with its action's
    record in `now`."""
    added: dict[str, list[HandedOn]] = {}
    for action_id in touched:
        if (action := now.get(action_id)) is not None:
            for name, row in _handed_on_rows(action):
                added.setdefault(name, []).append(row)
    found = {}
    for name in sorted(before.keys() | added.keys()):
        rows = [
            row if row.action is (action := now[row.action.id]) else HandedOn(action, row.since)
            for row in before.get(name, ())
            if row.action.id not in touched
        ]
        rows += added.get(name, ())
        if rows:
            found[name] = tuple(sorted(rows, key=_handed_on_order))
    return found


@made_at_once
@dataclass(frozen=True)
class Reassigned:
    """An action an owner handed on, as their pages list it: who has it now (none: no one),
    and the meeting that gave it them."""

    action: Link
    owners: tuple[Link, ...]
    meeting: Link
    date: DateText


@made_at_once
@dataclass(frozen=True)
class ActionRow:
    id: str
    title: str
    href: str
    status: Status
    owners: tuple[Link, ...]  # each to the owner's actions
    due: DateText | None
    overdue: bool
    raised_at: Link
    raised_on: DateText  # the day of the meeting that raised it
    # The meeting of the action's latest update; None while the raise is its only entry (the
    # row then says so in words, rather than link the meeting it was raised at twice).
    last_update: Link | None
    note: str | None = None  # what the meeting whose state the row shows noted
    latest_note: str | None = None  # the action's latest note, and the meeting it was made at
    latest_note_date: DateText | None = None
    closed_on: DateText | None = None
    # who had it before the update that gave it the owners it has now, and when: "Handed on
    # from Kwame Asante, 10 June 2026" (None: its owners have had it since it was raised)
    handed_on: Worded | None = None

    @property
    def owner_label(self) -> str:
        """ "Owners" before more than one owner's name, "Owner" before one (or none)."""
        return owner_label(len(self.owners))


def handed_on_text(action: Action) -> Worded | None:
    """ "Handed on from Kwame Asante, 10 June 2026": whose `action` was before the update that
    gave it the owners it has now, if that update took it from anyone (see `handed_on_now`)."""
    found = handed_on_now(action)
    if found is None:
        return None
    event, taken = found
    names = [part for name in taken for part in (", ", Theirs(name))][1:]
    return Worded(("Handed on from ", *names, f", {long_date(event.meeting.date).text}"))


@made_at_once
@dataclass(frozen=True)
class MeetingActionRow:
    """An action in a meeting page's tables: its state as the meeting left it and, where it
    differs, its state now; and what the meeting's own update did besides setting a status:
    reopened it ("Reopened", in place of its status) or closed it, handed it on from its
    owners then, or filed it under other themes."""

    id: str
    title: str
    href: str
    status: Status
    now: Status | None  # None: the same as at the meeting
    overdue: bool  # now
    owners: tuple[Link, ...]
    due: DateText | None
    raised_at: Link | None  # None in the table of actions raised at the meeting
    raised_on: DateText | None  # the day of that meeting (None where it is None)
    note: str | None
    status_label: str | None = None  # "Reopened": its status then, in words, if not its label
    closed_here: bool = False  # the meeting's update closed it (done or dropped)
    handed_from: tuple[Link, ...] = ()  # the owners the meeting's update took it from
    owners_now: tuple[Link, ...] = ()  # its owners now, where a later update changed them
    # the themes the meeting's update filed it under anew (none: `themes: []`), as its
    # page's history says; None where it did not
    filed_under: tuple[Link, ...] | None = None
    # done or dropped since, at a later meeting: that meeting ("Done at …"), and its day
    closed_at: Link | None = None
    closed_on: DateText | None = None

    @property
    def owner_label(self) -> str:
        """ "Owners" before more than one owner's name, "Owner" before one (or none)."""
        return owner_label(len(self.owners))


# The search page's filters of themes and of decisions by status, by the names it shows them
# under (search.js opens them beside the results, with the templates' "Kind of page").
THEME_FILTER = "Theme"
STATUS_FILTER = "Decision status"
# The status of a decision made at a meeting not yet held: in force from that meeting's day.
AGREED_AHEAD = "Agreed ahead"


@made_at_once
@dataclass(frozen=True)
class DecisionRow:
    """A decision as lists show it."""

    id: str
    text: str
    href: str
    meeting: Link
    date: DateText
    themes: tuple[Link, ...]
    in_force: bool
    due_for_review: bool
    review: DateText | None
    # the decision that replaced it, or replaces it at a meeting not yet held (it is in force
    # until then)
    superseded_by: Link | None
    supersedes: Link | None  # the decision it replaced
    last_reviewed: DateText | None  # the latest meeting that reviewed it and kept it
    superseded_on: DateText | None = None  # the day of the meeting that replaced (replaces) it
    # the day it replaces `supersedes`, which stands until then (its meeting not yet held);
    # None once it has (or if it replaces none)
    replaces_on: DateText | None = None
    # agreed ahead, at a meeting not yet held: the day it comes into force (that meeting's)
    in_force_from: DateText | None = None

    @property
    def status_text(self) -> str:
        """Its status in words, as its search result shows it: "Superseded by “We meet every
        month.” on 3 March 2026" (its successor named by its words, as the register shows
        them), "In force; due for review since 1 May 2026" or "In force", with "; to be
        superseded by “We meet every week.” on 4 May 2026" when a meeting not yet held
        replaces it; "Agreed ahead; in force from 4 May 2026" if its own meeting is not yet
        held."""
        by, on = self.superseded_by, self.superseded_on
        if not self.in_force:
            return (
                "Superseded"
                if by is None or on is None
                else f"Superseded by “{by.text}” on {on.text}"
            )
        later = (
            "" if by is None or on is None else f"; to be superseded by “{by.text}” on {on.text}"
        )
        if self.in_force_from:
            return f"{AGREED_AHEAD}; in force from {self.in_force_from.text}{later}"
        if self.due_for_review and self.review:
            return f"In force; due for review since {self.review.text}{later}"
        return f"In force{later}"

    @property
    def in_force_mark(self) -> str:
        """The mark after its "In force" badge on its page: ";" before what its status goes
        on to say (a review date, its successor), "." when nothing follows, none before
        "Due for review"."""
        if self.due_for_review:
            return ""
        return ";" if self.review or self.superseded_by else "."

    @property
    def status_filter(self) -> str:
        """The search filter it is filed under: its status, "In force", "Superseded" or
        "Agreed ahead"."""
        if not self.in_force:
            return f"{STATUS_FILTER}:Superseded"
        return f"{STATUS_FILTER}:{AGREED_AHEAD if self.in_force_from else 'In force'}"


@made_at_once
@dataclass(frozen=True)
class StateRow(ActionRow):
    """An action as it stood at one meeting, shown on that meeting's page only (an
    `ActionRow` shows an action as it stands, on many pages)."""


@made_at_once
@dataclass(frozen=True)
class HistoryRow:
    meeting: Link
    date: DateText
    is_raise: bool
    status: Status
    owners: tuple[Link, ...]
    due: DateText | None
    note: str | None
    reopened: bool = False  # set open or in progress again, once done or dropped
    handed_from: tuple[Link, ...] = ()  # the owners it was taken from
    # the themes an update filed it under from then on, other than those it had before
    # (none: `themes: []`); None where they did not change
    filed_under: tuple[Link, ...] | None = None

    @property
    def kind(self) -> str:
        return "Raised" if self.is_raise else "Reopened" if self.reopened else "Updated"

    @property
    def owner_label(self) -> str:
        """ "Owners" before more than one owner's name, "Owner" before one (or none)."""
        return owner_label(len(self.owners))


@made_at_once
@dataclass(frozen=True)
class Pager:
    """Where a page sits in a list cut into pages: links to the previous and next ones."""

    number: int
    total: int
    newer: str | None  # the previous page
    older: str | None  # the next page
    label: str = "Pages of meetings"  # what the pagination's navigation is called

    @property
    def newer_place(self) -> str:
        """Which page the link to the previous page leads to: "2 of 5"."""
        return f"{self.number - 1} of {self.total}"

    @property
    def older_place(self) -> str:
        """Which page the link to the next page leads to."""
        return f"{self.number + 1} of {self.total}"


# The context of every page whose template needs nothing: one mapping, which no page can change.
NO_CONTEXT: Mapping[str, Any] = MappingProxyType({})


class Page(NamedTuple):
    """One HTML page to render: its URL, template and what the template prints.

    A big page's context may be given as a function that makes it, so that it is made in the
    worker process that renders the page rather than in the parent (see `render`). A named
    tuple, not a frozen dataclass: a build lists every page, and a named tuple is made
    quicker.
    """

    url: str
    template: str
    title: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = NO_CONTEXT
    description: str = ""
    source: str = ""  # the content file the page comes from, if one
    lastmod: date | None = None  # from the content, for the sitemap
    kind: str = "website"  # Open Graph type: "article" for a meeting
    feed: str = "feed.xml"  # the Atom feed this page offers (root-relative)
    reads: frozenset[str] = READS_EVERYTHING  # the model's parts it shows (see `keys`)
    listed: bool = True  # in the sitemap (a page a renamed file left behind is not)
    # Search indexes it: the built-in template marks its text (`data-pagefind-body`)
    searched: bool = False

    def make_context(self) -> Mapping[str, Any]:
        return self.context() if callable(self.context) else self.context

    @property
    def sitemap_text(self) -> str | None:
        return entry_text(self.url, self.lastmod) if self.listed else None


@lru_cache(maxsize=100_000)
def long_date(value: date) -> DateText:
    return DateText(value.isoformat(), f"{value.day} {value:%B %Y}")


def how_long(since: date, until: date) -> str:
    """ "3 days", "5 weeks", "18 months", "2 years": how long from `since` to `until`, in
    whole units, as a facilitator would say it (weeks from a fortnight, months from nine
    weeks, years from two)."""
    days = (until - since).days
    if days < 14:
        return counted(days, "day")
    if days < 63:
        return counted(days // 7, "week")
    months = (until.year - since.year) * 12 + until.month - since.month - (until.day < since.day)
    if months < 24:
        return counted(months, "month")
    return counted(months // 12, "year")


def counted(number: int, noun: str) -> str:
    """ "1 meeting", "2 meetings": a count with its noun (plural by adding s)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def data_file(page_url: str, name: str) -> str:
    """The link from a page to a file at the site's root (a feed, a calendar, an export)."""
    return urls.root_from(page_url) + name


def _maybe_date(value: date | None) -> DateText | None:
    return long_date(value) if value else None


def schedule(day: date, slot: Slot, timezone: str | None) -> Schedule:
    """What a page prints of when and where a meeting is held: its times followed by the
    zone (`zone_shown`), the start's too when it differs from the end's (a meeting across
    the clocks' change: "00:30 BST to 02:30 GMT")."""

    def clock(value: time | None, zone: str | None = None) -> DateText | None:
        if value is None:
            return None
        text = value.isoformat("minutes")
        return DateText(f"{day.isoformat()}T{text}", f"{text} {zone}" if zone else text)

    place = None
    if slot.location:
        is_call = slot.location.lower().startswith(("https://", "http://"))
        place = Place(slot.location, slot.location if is_call else None)
    if slot.time is None or timezone is None:
        return Schedule(long_date(day), clock(slot.time), clock(slot.end), None, place)
    zone = ZoneInfo(timezone)
    starts = zone_shown(datetime.combine(day, slot.time, zone), timezone)
    ends = zone_shown(datetime.combine(day, slot.end, zone), timezone) if slot.end else starts
    start = clock(slot.time, starts if starts != ends else None)
    return Schedule(long_date(day), start, clock(slot.end), ends, place)


def zone_shown(moment: datetime, timezone: str) -> str:
    """The zone of `moment` as a reader expects it after a time: its abbreviation then
    ("GMT", or "BST" in summer), or, for a zone that has none but an offset ("+03"), its
    IANA name `timezone` in brackets ("(Europe/Istanbul)")."""
    name = moment.tzname() or ""
    return f"({timezone})" if _OFFSET.fullmatch(name) or not name else name


_OFFSET = re.compile(r"[+-]\d{2}(:?\d{2})?")


@dataclass(frozen=True)
class PageModel:
    """What every page is made from (the site, its indexes, the bodies as HTML and the
    summaries), and the views of it that many pages show (links, cards, rows)."""

    site: Site
    indexes: Indexes
    bodies: Mapping[str, Fragment]  # by source path
    summaries: Mapping[str, str]  # meeting slug -> summary text
    owner_urls: urls.OwnerUrls

    def link(
        self, page_url: str, text: str | Worded, to_url: str, count: int | None = None
    ) -> Link:
        return Link(text, urls.relative(page_url, to_url), to_url == page_url, count)

    def printed(self, page_url: str, body: str) -> str:
        """A body's HTML on the page at `page_url`, each link to another site or to a file
        giving the address it prints after its words (see `printed_addresses`), and on a site
        in another language its footnotes' words, nominutes', marked English."""
        settings = self.site.settings.site
        if interface_lang(settings.language):
            body = footnotes_in_english(body)
        return printed_addresses(body, page_url, settings.base_url)

    @cached_property
    def owner_names(self) -> dict[str, str]:
        """Each owner's URL slug, back to the name."""
        return {slug: name for name, slug in self.owner_urls.by_name.items()}

    @cached_property
    def handed_on(self) -> HandedOnByName:
        """The actions each name held and holds no longer (`handed_on_of`)."""
        return handed_on_of(self.indexes.actions)

    def handed_on_rows(self, page_url: str, name: str) -> tuple[Reassigned, ...]:
        """The actions `name` handed on, with who has each now and since when, linked from
        `page_url`."""
        return tuple(
            Reassigned(
                self.link(page_url, row.action.title, urls.action(row.action.id)),
                self.owner_links(page_url, row.action.owners) if row.action.owners else (),
                self.meeting_link(page_url, row.since.meeting),
                long_date(row.since.meeting.date),
            )
            for row in self.handed_on.get(name, ())
        )

    @cached_property
    def meetings_by_year(self) -> dict[int, tuple[Meeting, ...]]:
        """The meetings of each year, as the home page lists them (drafts left out, those
        published ahead in), oldest first; the newest year first."""
        found: dict[int, list[Meeting]] = {}
        for meeting in reversed(self.indexes.meetings_newest_first):
            found.setdefault(meeting.date.year, []).append(meeting)
        return {year: tuple(found[year]) for year in sorted(found, reverse=True)}

    @cached_property
    def next_ahead(self) -> str | None:
        """The slug of the meeting published ahead that is the next meeting, holding the one
        announced (`agenda.held_next`) or with no announcement standing
        (`agenda.published_ahead`), if there is one: its page links its own agenda pack.
        Found once for the model, not for each meeting's page."""
        ahead = held_next(self.site) or published_ahead(self.site)
        ahead = brought_forward(self.site) or ahead
        return None if ahead is None else ahead.slug

    @cached_property
    def pack(self) -> Agenda:
        """The next meeting and what is due at it (`agenda.agenda`), found once for the
        model: its page lists the keys of what it shows, and then shows it."""
        return agenda(self.site, self.indexes)

    @cached_property
    def months(self) -> tuple[tuple[int, int], ...]:
        """The months (year, month) in which the group met, oldest first."""
        return charts.months_of(m.date for m in self.site.meetings)

    @cached_property
    def timeline_frame(self) -> charts.TimelineFrame | None:
        """What every theme's timeline shares (`charts.frame`), made once for the model."""
        return charts.frame(self.months)

    @cached_property
    def overdue_named(self) -> dict[str, tuple[Action, ...]]:
        """The actions a meeting's "Since the last meeting" names as still overdue (the
        first few by due date), by meeting slug."""
        return overdue_after(self.site.meetings, self.indexes.actions, SINCE_NAMED)

    @cached_property
    def theme_titles(self) -> dict[str, str]:
        return {t.slug: t.title for t in self.site.themes}

    @cached_property
    def theme_choices(self) -> dict[str, str]:
        """Each theme as the filters name it (the tracker's, the register's, search's): a
        retired one marked so."""
        return {t.slug: f"{t.title} (retired)" if t.retired else t.title for t in self.site.themes}

    @cached_property
    def theme_filters(self) -> dict[str, str]:
        """Each theme's search filter (`filter_attribute`), which files a page under it."""
        return {
            s: filter_attribute(THEME_FILTER, choice) for s, choice in self.theme_choices.items()
        }

    @cached_property
    def _theme_links_made(self) -> dict[tuple[str, str, bool], ThemeLink]:
        """Each theme's link as made, by theme, href and whether it is the page's own: the
        same few at each depth, shared by every card and row that shows them."""
        return {}

    @cached_property
    def _theme_links_from_root(self) -> dict[tuple[str, str], ThemeLink]:
        """Each theme's link from a page outside the themes' folder, by theme and the path
        back to the root ('', '../', ...): the link is that path and the theme's address,
        never the page's own (see `theme_links`)."""
        return {}

    def theme_links(self, page_url: str, slugs: tuple[str, ...]) -> tuple[ThemeLink, ...]:
        """Links to these themes, each with the search filter that files a page under it."""
        if not page_url.startswith(urls.themes()):  # (most pages: no folder in common)
            up = "../" * page_url.count("/")
            titles, made_up = self.theme_titles, self._theme_links_from_root
            found_up = []
            for s in slugs:
                link = made_up.get((s, up))
                if link is None:
                    if s not in titles:
                        continue
                    link = made_up[s, up] = ThemeLink(
                        titles[s], up + urls.theme(s), False, search_filter=self.theme_filters[s]
                    )
                found_up.append(link)
            return tuple(found_up)
        titles, made = self.theme_titles, self._theme_links_made
        found = []
        first_url = urls.first_page(page_url)  # on a theme's later pages its tag is no link
        for s in slugs:
            if s not in titles:
                continue
            to_url = urls.theme(s)
            key = (s, urls.relative(page_url, to_url), first_url == to_url)
            link = made.get(key)
            if link is None:
                link = made[key] = ThemeLink(
                    titles[s], key[1], key[2], search_filter=self.theme_filters[s]
                )
            found.append(link)
        return tuple(found)

    @cached_property
    def _owner_links_made(self) -> dict[tuple[str, str, tuple[str, ...]], tuple[Link, ...]]:
        """`owner_links` as made, by the page's root, the page if it is an owner's list (where
        their link is the page's own) and the owners: shared by the rows that name them."""
        return {}

    def owner_links(self, page_url: str, owners: tuple[str, ...]) -> tuple[Link, ...]:
        """Each owner's name, leading from the site's root to their list of actions (a name
        no action has now, an earlier owner's, to the page that says who has each now);
        "Unassigned" for none."""
        root = urls.root_from(page_url)
        key = (root, page_url if page_url.startswith(urls.owners()) else "", owners)
        found = self._owner_links_made.get(key)
        if found is None:
            found = self._owner_links_made[key] = self._owner_links(page_url, root, owners)
        return found

    def _owner_links(self, page_url: str, root: str, owners: tuple[str, ...]) -> tuple[Link, ...]:
        slug_of = self.owner_urls.slug
        found = []
        for name in owners:
            slug = slug_of(name)
            to_url = None if slug is None else f"{urls.owners()}{slug}/"
            found.append(
                Link(name, "", False)
                if to_url is None
                else Link(name, root + to_url, to_url == page_url)
            )
        return tuple(found) or (Link("Unassigned", ""),)

    def meeting_card(self, page_url: str, meeting: Meeting) -> MeetingCard:
        return MeetingCard(
            title=meeting.title,
            href=urls.relative(page_url, urls.meeting(meeting.slug)),
            date=long_date(meeting.date),
            summary=self.summaries[meeting.slug],
            themes=self.theme_links(page_url, meeting.themes),
            upcoming=UPCOMING if meeting.date > self.site.settings.build_date else None,
        )

    def meeting_link(self, page_url: str, meeting: Meeting) -> Link:
        return self.link(page_url, meeting.title, urls.meeting(meeting.slug))

    def dated_meeting_link(self, page_url: str, meeting: Meeting) -> DatedLink:
        return DatedLink(
            self.meeting_link(page_url, meeting),
            long_date(meeting.date),
            UPCOMING if meeting.date > self.site.settings.build_date else None,
        )

    def action_row(
        self, page_url: str, action: Action, state: ActionEvent | None = None
    ) -> ActionRow:
        if state is not None:
            return self._action_row(page_url, action, state, StateRow)
        return self._action_row(page_url, action, action.current)

    @cached_property
    def _scope_counts_made(self) -> dict[str, tuple[int, Mapping[Status, int]]]:
        return {}

    def scope_counts(
        self, list_url: str, active: Sequence[Action], done: Sequence[Action]
    ) -> tuple[int, Mapping[Status, int]]:
        """How many of an owner's or theme's actions (`active`, `done`; their list at
        `list_url`) are overdue, and how many have each status: counted once for the pages
        of all its lists."""
        found = self._scope_counts_made.get(list_url)
        if found is None:
            statuses = Counter(a.status for a in (*active, *done))
            found = self._scope_counts_made[list_url] = (
                sum(a.overdue for a in active),
                MappingProxyType({s: statuses[s] for s in Status}),
            )
        return found

    def _action_row(
        self, page_url: str, action: Action, state: ActionEvent, kind: type[ActionRow] = ActionRow
    ) -> ActionRow:
        latest = action.latest_note if state is action.current else None
        changed = action.last_change
        # Its links go by the site's root, so that the row differs from page to page by that
        # prefix alone (`render.RowMemo` renders it once and moves it to each depth).
        root = urls.root_from(page_url)

        def meeting(found: Meeting) -> Link:
            to_url = urls.meeting(found.slug)
            return Link(found.title, root + to_url, to_url == page_url)

        return kind(
            id=action.id,
            title=action.title,
            href=root + urls.action(action.id),
            status=state.status,
            owners=self.owner_links(page_url, state.owners),
            due=_maybe_date(state.due),
            overdue=action.overdue and state is action.current,
            raised_at=meeting(action.raised_in),
            raised_on=long_date(action.raised_in.date),
            last_update=None if changed.is_raise else meeting(changed.meeting),
            note=state.note,
            latest_note=latest.note if latest else None,
            latest_note_date=long_date(latest.meeting.date) if latest else None,
            closed_on=_maybe_date(action.closed_on) if state is action.current else None,
            handed_on=handed_on_text(action) if state is action.current else None,
        )


@made_at_once
@dataclass(frozen=True)
class ReviewRow:
    """A decision reviewed and kept at a meeting: the decision (on the meeting's page) or
    the meeting (on the decision's), what was said, and when it is to be reviewed again."""

    decision: DecisionRow
    meeting: Link
    date: DateText
    note: str | None
    next_review: DateText | None  # None: no further review set
    # the day a later decision replaced it, before the next review this one set (which is
    # then none to come); None while it stands, or if it was reviewed again first
    superseded_first: DateText | None = None
    # the meeting whose decision (`decision.superseded_by`) has replaced it since, on
    # `decision.superseded_on`: the reviewing meeting's page says so, not a review to come;
    # None while it stands (or until that meeting's day)
    superseded_at: Link | None = None


def review_rows(model: PageModel, page_url: str, decision: Decision) -> list[ReviewRow]:
    """The reviews of `decision`, oldest first."""
    row = decision_row(model, page_url, decision)
    return [_review_row(model, page_url, row, r) for r in decision.reviews]


def superseded_since(indexes: Indexes, decision_id: str) -> Decision | None:
    """The decision that has replaced the one `decision_id` names, in force by the build date:
    what a review that kept it says became of it since (None while it stands, or until the
    replacing meeting's day)."""
    replaced = indexes.decision_by_id.get(decision_id)
    if replaced is None or replaced.in_force or replaced.superseded_on is None:
        return None
    return indexes.decision_by_id.get(replaced.superseded_by or "")


def _review_row(model: PageModel, page_url: str, row: DecisionRow, kept: Reviewed) -> ReviewRow:
    next_review = kept.entry.review
    replaced = model.indexes.decision_by_id.get(kept.entry.id)
    successor = superseded_since(model.indexes, kept.entry.id)
    on = replaced.superseded_on if replaced is not None and successor is not None else None
    return ReviewRow(
        row,
        model.meeting_link(page_url, kept.meeting),
        long_date(kept.meeting.date),
        kept.entry.note,
        _maybe_date(next_review),
        long_date(on) if on is not None and next_review is not None and on <= next_review else None,
        model.meeting_link(page_url, successor.meeting) if successor else None,
    )


def decision_link(model: PageModel, page_url: str, decision_id: str | None) -> Link | None:
    found = model.indexes.decision_by_id.get(decision_id or "")
    return model.link(page_url, found.text, urls.decision(found.id)) if found else None


def decision_row(model: PageModel, page_url: str, decision: Decision) -> DecisionRow:
    replaced = model.indexes.decision_by_id.get(decision.supersedes or "")
    pending = replaced is not None and replaced.in_force
    return DecisionRow(
        id=decision.id,
        text=decision.text,
        href=urls.relative(page_url, urls.decision(decision.id)),
        meeting=model.meeting_link(page_url, decision.meeting),
        date=long_date(decision.meeting.date),
        themes=model.theme_links(page_url, decision.themes),
        in_force=decision.in_force,
        due_for_review=decision.due_for_review,
        review=_maybe_date(decision.review),
        superseded_by=decision_link(model, page_url, decision.superseded_by),
        supersedes=decision_link(model, page_url, decision.supersedes),
        last_reviewed=_maybe_date(decision.last_reviewed),
        superseded_on=_maybe_date(decision.superseded_on),
        replaces_on=long_date(decision.meeting.date) if pending else None,
        in_force_from=_maybe_date(decision.in_force_from),
    )


def build_pages(model: PageModel) -> Iterator[Page]:
    """Every HTML page of the site, in a fixed order."""
    for _, _, pages in _page_kinds(model, records=True):
        yield from pages()


# The templates of the page of each meeting, action and decision (`meeting_page`,
# `_action_page`, `_decision_page`), which no other page uses.
RECORD_TEMPLATES = frozenset({"meeting.html", "action.html", "decision.html"})


def list_pages(model: PageModel, leaving_out: Container[str] = ()) -> Iterator[Page]:
    """Every page but the page of each meeting, action and decision, in `build_pages`' order;
    but for the pages of the lists (the home page's, the themes', principles' and those of
    the tracker and the register) whose first pages' addresses `leaving_out` holds."""
    home = urls.output_file(urls.home())
    for begins, _, pages in _page_kinds(model, records=False, lists=True):
        if (urls.home() if begins[0] == home else begins[0]) not in leaving_out:
            yield from pages()


def meeting_lists(model: PageModel) -> list[str]:
    """The first pages' addresses of the lists of meetings, newest first (the home page's,
    each theme's and each principle's: see `paginate_newest_first`)."""
    site = model.site
    return [
        urls.home(),
        *(urls.theme(theme.slug) for theme in site.themes),
        *(urls.principle(p.id) for p in site.principles.principles),
    ]


# A kind of page: how the paths its pages are written at begin, whether it makes one page
# per meeting, action or decision, and its pages.
PageKind = tuple[tuple[str, ...], bool, Callable[[], Iterable[Page]]]


def _page_kinds(
    model: PageModel, records: bool, lists: bool = False, only: Container[str] | None = None
) -> list[PageKind]:
    """Each kind of page, in `build_pages`' order; without `records`, all but the page of
    each meeting, action and decision (which `pages_at` makes on their own); with `lists`,
    each of the tracker's and the register's lists as a kind (which lists there are is worked
    out first); with `only`, of the long paginated lists (home, archive, themes, tracker), the
    pages written at those output paths alone."""
    site, idx = model.site, model.indexes
    search = (
        Page(urls.search(), "search.html", "Search", {"preview": site.settings.preview})
        if site.settings.site.search
        else None
    )
    tracker: list[PageKind] = [(("actions/",), False, partial(_tracker_pages, model, only))]
    register: list[PageKind] = [(("decisions/",), False, partial(register_pages, model))]
    if lists:
        tracker = [
            *(
                ((f.url,), False, partial(_action_list_pages, model, f, only))
                for f in action_lists(model)
            ),
            ((urls.owners(), urls.tracker_themes()), False, partial(_filter_index_pages, model)),
        ]
        register = [
            (
                (_register_url(slug),),
                False,
                partial(_register_list_pages, model, title, found, _register_url(slug)),
            )
            for slug, title, found in register_lists(model)
        ]
        register.append(
            (
                tuple(first for first, _, _ in register_status_lists(model)),
                False,
                partial(_status_list_pages, model),
            )
        )
    kinds: list[PageKind] = [
        (("index.html", "page/"), False, partial(_home_pages, model, only)),
        (("meetings/",), True, lambda: (meeting_page(model, m) for m in site.meetings)),
        *(((page.url,), False, partial(tuple, (page,))) for page in moved_meeting_pages(model)),
        ((urls.archive(),), False, partial(_archive_pages, model, only)),
        (("themes/",), False, partial(_themes_pages, model)),
        *(
            ((urls.theme(t.slug),), False, partial(_theme_pages, model, t, only))
            for t in site.themes
        ),
        *(((page.url,), False, partial(tuple, (page,))) for page in moved_theme_pages(model)),
        *(((page.url,), False, partial(tuple, (page,))) for page in taken_out_pages(model)),
        *(((page.url,), False, partial(tuple, (page,))) for page in former_owner_pages(model)),
        *tracker,
        (("actions/",), True, lambda: (_action_page(model, a) for a in idx.actions)),
        *register,
        (("decisions/",), True, lambda: (_decision_page(model, d) for d in idx.decisions)),
        ((urls.output_file(urls.principles()),), False, partial(_principles_page, model)),
        *(
            ((urls.principle(p.id),), False, partial(_principle_pages, model, p))
            for p in site.principles.principles
        ),
        (("next/",), False, lambda: (_next_page(model),)),
        (("search/",), False, lambda: [search] if search else []),
        (("subscribe/",), False, lambda: (_subscribe_page(model),)),
        (("accessibility/",), False, lambda: (_accessibility_page(model),)),
        (_FOLDERS, False, partial(_folder_pages, model)),
        (("404.html",), False, lambda: (Page(urls.not_found(), "404.html", "Page not found"),)),
    ]
    return [kind for kind in kinds if records or not kind[1]]


# Where the pages of `_folder_pages` are: the folders no list is at, and the `page/` folder
# of any list's later pages ('' begins them all).
_FOLDERS = (
    urls.statuses(),
    urls.decisions_by_status_index(),
    urls.decisions_themes(),
    urls.meetings(),
    "",
)


def moved_meeting_pages(model: PageModel) -> list[Page]:
    """A page at each address a meeting had before git's renames of its file, leading to its
    page now (an address another meeting has now, or two files had, is left to them)."""
    site = model.site
    renamed = site.history.renamed_slugs(m.path for m in site.meetings)
    by_slug = {m.slug: m for m in site.meetings}
    found = []
    for old, slug in renamed.items():
        title, reads = by_slug[slug].title, frozenset([card_key(slug)])
        to = Page(urls.meeting(slug), "moved.html", title, reads=reads)
        found.append(_moved_page(model, urls.meeting(old), to, "This meeting's summary"))
    return sorted(found, key=lambda page: page.url)


def moved_theme_pages(model: PageModel) -> list[Page]:
    """A page at each address of a theme's (its pages, its lists of actions and of decisions)
    under a slug it had before git's renames of its file or its `formerly:` lists, leading
    to that address under its slug now (an old slug another theme has now, or two files
    had, is left to them)."""
    site = model.site
    renamed = site.former_theme_slugs()
    if not renamed:
        return []
    by_slug = {t.slug: t for t in site.themes}
    tracker = {found.url: found for found in action_lists(model)}
    register = {slug: (title, found) for slug, title, found in register_lists(model)}
    found = []
    for old, slug in renamed.items():
        theme_url, actions_url = urls.theme(slug), urls.actions_by_theme(slug)
        lists = [
            f
            for url in (actions_url, urls.overdue(actions_url), urls.closed(actions_url))
            if (f := tracker.get(url))
        ]
        decisions_url = urls.decisions_by_theme(slug)
        addresses = [
            (theme_url, urls.theme(old), "This theme's page", _theme_pages(model, by_slug[slug])),
            *(
                (actions_url, urls.actions_by_theme(old), "This list of actions", pages)
                for pages in (_action_list_pages(model, f) for f in lists)
            ),
        ]
        if slug in register:
            title, decided = register[slug]
            pages = _register_list_pages(model, title, decided, decisions_url)
            what = "This list of decisions"
            addresses.append((decisions_url, urls.decisions_by_theme(old), what, pages))
        for first, first_then, what, pages in addresses:
            for page in pages:  # (a later page's title counts the pages)
                list_url = urls.first_page(page.url)
                reads = frozenset([pager_key(list_url)] if list_url != page.url else [])
                url = first_then + page.url.removeprefix(first)
                found.append(_moved_page(model, url, page._replace(reads=reads), what))
    return sorted(found, key=lambda page: page.url)


def taken_out_pages(model: PageModel) -> list[Page]:
    """A page at each address of a published meeting whose file git shows taken out (its
    page, and those of the actions it raised and the decisions it made), saying when it was
    taken out, so that a link to it in an email already sent finds more than a bare 404:
    none for one site.yml's `taken_out_for_good` names, and none at an address a page of the
    site has now (a meeting's, an action's or a decision's, or one a renamed file left)."""
    site, idx = model.site, model.indexes
    history = site.history
    taken = {m.slug for m in site.meetings}
    taken |= set(history.renamed_slugs(m.path for m in site.meetings))
    forgotten = set(site.settings.site.taken_out_for_good)
    found: dict[str, Page] = {}
    for path, removal in sorted(history.removed.items(), key=lambda item: item[1].day):
        folder, _, name = path.rpartition("/")
        named = MEETING_FILE.match(name)
        if folder != MEETINGS_DIR or named is None or removal.draft:
            continue
        slug = name.removesuffix(".md")
        if slug in forgotten:
            continue
        held = long_date(date.fromisoformat(named.group(1)))
        gone = long_date(removal.day)
        slugs = [*history.former_slugs(path), slug]
        addresses = [
            (
                urls.meeting(old),
                f"Meeting of {held.text}",
                "This meeting's summary",
                Link("the latest meetings", urls.home()),
            )
            for old in slugs
            if old not in taken
        ]
        addresses += [
            (
                urls.action(action_id),
                "Action taken out",
                f"This action, raised at the meeting of {held.text},",
                Link("the action tracker", urls.actions()),
            )
            for action_id in removal.actions
            if action_id not in idx.action_by_id
        ]
        addresses += [
            (
                urls.decision(decision_id),
                "Decision taken out",
                f"This decision, made at the meeting of {held.text},",
                Link("the register of decisions", urls.decisions()),
            )
            for decision_id in removal.decisions
            if decision_id not in idx.decision_by_id
        ]
        for url, title, what, onward in addresses:  # (one taken out later has the address)
            context = {
                "what": what,
                "taken_out": gone,
                "onward": Link(onward.text, urls.relative(url, onward.href)),
            }
            found[url] = Page(url, "taken_out.html", title, context, listed=False)
    return [found[url] for url in sorted(found)]


def former_owner_pages(model: PageModel) -> list[Page]:
    """A page at the address of the list of actions of each owner that no action has as an
    owner now (each was given to someone else), naming who has each and the meeting that
    gave it them, so that a link to the list finds more than a bare 404 (the page is in no
    sitemap or search; the list of owners names it). Its address is the one
    `urls.owner_urls` gives the name, after the owners' now."""
    current = model.owner_urls.by_name
    found = []
    for name in (name for name in model.handed_on if name not in current):
        url = model.owner_urls.former_url(name)
        rows = model.handed_on_rows(url, name)
        heading = Worded(("Actions for ", Theirs(name)))
        context = {
            "heading": heading,
            "summary": Worded(
                (
                    Theirs(name),
                    f" has no actions now: {counted(len(rows), 'action')} "
                    + ("was" if len(rows) == 1 else "were")
                    + " given to someone else.",
                )
            ),
            "reassigned": rows,
            "tracker": model.link(url, "the action tracker", urls.actions()),
        }
        found.append(Page(url, "former_owner.html", str(heading), context, listed=False))
    return found


def _moved_page(model: PageModel, url: str, to: Page, what: str) -> Page:
    """The page at `url`, the address page `to` had before a rename, leading to it by its
    title (reading what `to.reads` names: the keys its title shows)."""
    # (the canonical address replaces the page's own, which search engines drop)
    context = {
        "what": what,
        "moved_to": Link(to.title, urls.relative(url, to.url)),
        "canonical": model.site.settings.site.base_url + to.url,
    }
    return Page(url, "moved.html", f"{to.title} (moved)", context, reads=to.reads, listed=False)


def pages_at(model: PageModel, paths: Collection[str]) -> list[Page]:
    """The pages written at these output paths, listing no more of the site than it must:
    the page of a meeting, an action or a decision is made on its own, any other by the
    kinds of page whose paths begin as its path does (all of them, if those do not make it)."""
    by_slug = {m.slug: m for m in model.site.meetings}
    idx = model.indexes
    found: list[Page] = []
    others = set()
    for path in sorted(paths):
        meeting = by_slug.get(urls.meeting_slug(path) or "")
        action = idx.action_by_id.get(_record_id(path, "actions/"))
        decision = idx.decision_by_id.get(_record_id(path, "decisions/"))
        if meeting is not None:
            found.append(meeting_page(model, meeting))
        elif action is not None and urls.output_file(urls.action(action.id)) == path:
            found.append(_action_page(model, action))
        elif decision is not None and urls.output_file(urls.decision(decision.id)) == path:
            found.append(_decision_page(model, decision))
        else:
            others.add(path)
    if not others:
        return found
    lists = any(p.startswith("actions/") for p in others)
    kinds = _page_kinds(model, records=False, lists=lists, only=others)
    for within in (True, False):  # the kinds whose paths begin as the path does; then all
        for begins, _, pages in kinds:
            if within and not any(path.startswith(begins) for path in others):
                continue
            for page in pages():
                path = urls.output_file(page.url)
                if path in others:
                    found.append(page)
                    others.discard(path)
                    if not others:
                        return found
    return found


def _record_id(path: str, folder: str) -> str:
    """The id in an output path `folder`ID/index.html (or '' if it is not one)."""
    return path.removeprefix(folder).removesuffix("/index.html") if path.startswith(folder) else ""


def _home_pages(model: PageModel, only: Container[str] | None = None) -> Iterator[Page]:
    meetings = model.indexes.meetings_newest_first
    size = model.site.settings.site.page_size
    first = urls.home()
    label = "Pages of meetings"
    for pager, start, stop in paginate_newest_first(first, len(meetings), size, label, only):
        number, total = pager.number, pager.total
        url = urls.home(number)
        chunk = meetings[start:stop]
        title = "Meetings" if number == 1 else f"Meetings, page {number} of {total}"
        # Which meetings a page holds is its set of cards (see `paginate_newest_first`).
        reads = [pager_key(first), *card_reads(model.site, chunk)]
        if number == 1:  # the summary of changes and next date of the latest meeting held
            # by the build date (and whether the next has passed); the counts
            latest = [m for m in (latest_met(model.site),) if m]
            reads += [ACTIONS, TODAY, *(meeting_key(m.slug) for m in latest)]
            # the announcement of a next meeting that stands (see `announcement`): which one
            # stands changes what the page reads, as a meeting's date or announcement is edited
            # (and which meeting that is, named and linked: its card)
            announcer = [m for m in (announcement(model.site),) if m]
            reads += [key(m.slug) for m in announcer for key in (event_key, card_key)]
            # the meetings that announced it before, the first its day it moved from
            made = announcements(model.site.meetings)[1]
            reads += [event_key(m.slug) for a in announcer for m in made[a.slug]]
            reads += [overdue_key(m.slug) for m in latest]
            before = (model.indexes.previous[m.slug] for m in latest)
            reads += [card_key(m.slug) for m in before if m]  # "Since <the meeting before>"
            # the next meeting's date and slot, when a meeting published ahead holds it, or
            # is the next with no announcement standing
            reads += [card_key(m.slug) for m in (held_next(model.site),) if m]
            reads += [card_key(m.slug) for m in (published_ahead(model.site),) if m]
            reads += [card_key(m.slug) for m in (brought_forward(model.site),) if m]
        yield Page(
            url,
            "index.html",
            title,
            partial(_home_context, model, url, chunk, pager),
            model.site.settings.site.description,
            lastmod=chunk[0].date if chunk else None,
            reads=frozenset(reads),
        )


def _home_context(
    model: PageModel, url: str, chunk: tuple[Meeting, ...], pager: Pager
) -> dict[str, Any]:
    latest = latest_met(model.site) if pager.number == 1 else None
    glance = _glance(model, url) if pager.number == 1 else None
    return {
        "latest": _latest(model, url, latest) if latest else None,
        "meetings": [model.meeting_card(url, m) for m in chunk],
        "pager": pager,
        "first": pager.number == 1,
        "next_pack": model.link(url, _next_pack_text(glance), urls.next_meeting()),
        "glance": glance,
        "feed_href": urls.relative(url, urls.subscription(urls.ALL_MEETINGS)),
        "calendar_href": urls.relative(url, urls.subscription(urls.MEETINGS_CALENDAR)),
        "archive": model.link(url, "Every meeting, year by year", urls.archive()),
    }


# Meetings on each page of a year of the archive: a weekly group's year is one page, and a
# year of daily meetings a few, each well under the 100 KB every page keeps to.
YEAR_PAGE_SIZE = 60


@dataclass(frozen=True)
class ArchiveYear:
    """A year as the archive lists it: the link to its meetings, and how many there are."""

    text: str
    href: str
    meetings_text: str  # "12 meetings"


@dataclass(frozen=True)
class ArchiveMonth:
    """A month of a year's page in the archive, with its meetings on that page, oldest first."""

    heading: str  # "January 2024"
    id: str  # its heading's: "january"
    meetings: tuple[MeetingCard, ...]
    iso: str  # "2024-01"


def year_values(model: PageModel) -> dict[str, Hashable]:
    """What the `years` key and each year's key stand for: the years in which the group met,
    newest first, and how many meetings each had (see `PageModel.meetings_by_year`)."""
    by_year = model.meetings_by_year
    found: dict[str, Hashable] = {YEARS: tuple(by_year)}
    found.update((year_key(year), len(meetings)) for year, meetings in by_year.items())
    return found


def _archive_pages(model: PageModel, only: Container[str] | None = None) -> Iterator[Page]:
    """The archive: the years in which the group met, newest first, each with its count of
    meetings; then each year's meetings by month, oldest first, `YEAR_PAGE_SIZE` a page (only
    the pages written at the output paths `only` holds, if given). The meetings are the home
    page's, those published ahead marked so."""
    by_year = model.meetings_by_year
    years = list(by_year)
    index = urls.archive()
    if only is None or urls.output_file(index) in only:
        context = {
            "years": [
                ArchiveYear(
                    str(year),
                    urls.relative(index, urls.archive_year(year)),
                    counted(len(meetings), "meeting"),
                )
                for year, meetings in by_year.items()
            ]
        }
        title = model.site.settings.site.title
        reads = frozenset([YEARS, *(year_key(year) for year in years)])
        what = f"Every meeting of {title}, year by year."
        yield Page(index, "archive.html", "Archive", context, what, reads=reads)
    for at, (year, meetings) in enumerate(by_year.items()):
        first = urls.archive_year(year)
        later = years[at - 1] if at else None
        earlier = years[at + 1] if at + 1 < len(years) else None
        label = f"Pages of meetings in {year}"
        for pager, start, stop in paginate(first, len(meetings), YEAR_PAGE_SIZE, label, only):
            url = page_url(first, pager)
            chunk = meetings[start:stop]
            # which meetings the page holds is its set of cards; the years before and after
            reads = [pager_key(first), YEARS, *card_reads(model.site, chunk)]
            if pager.number == 1:  # the year's count
                reads.append(year_key(year))
            yield Page(
                url,
                "archive_year.html",
                paged_title(f"Meetings in {year}", pager),
                partial(_year_context, model, url, year, chunk, pager, (earlier, later)),
                f"The meetings of {model.site.settings.site.title} in {year}, month by month.",
                lastmod=chunk[-1].date,
                reads=frozenset(reads),
            )


def _year_context(
    model: PageModel,
    url: str,
    year: int,
    chunk: tuple[Meeting, ...],
    pager: Pager,
    around: tuple[int | None, int | None],
) -> dict[str, Any]:
    months = []
    for month, found in groupby(chunk, key=lambda meeting: meeting.date.month):
        day = date(year, month, 1)
        cards = tuple(model.meeting_card(url, meeting) for meeting in found)
        months.append(ArchiveMonth(f"{day:%B %Y}", f"{day:%B}".lower(), cards, f"{day:%Y-%m}"))
    earlier, later = around
    count = len(model.meetings_by_year[year])
    return {
        "year": str(year),
        "months": months,
        "meetings_text": counted(count, "meeting") if pager.number == 1 else None,
        "pager": pager,
        "archive": model.link(url, "Every year", urls.archive()),
        "earlier": None
        if earlier is None
        else model.link(url, f"Meetings in {earlier}", urls.archive_year(earlier)),
        "later": None
        if later is None
        else model.link(url, f"Meetings in {later}", urls.archive_year(later)),
    }


@made_at_once
@dataclass(frozen=True)
class SinceLine:
    """One change since the last meeting, e.g. "2 actions still overdue", with the actions
    it counts where a reader needs their names (those still overdue), and how many more
    it counts than it names."""

    text: str
    actions: tuple[Link, ...] = ()
    more: int = 0


@dataclass(frozen=True)
class PrincipleChanged:
    """A principle reworded or given a status, as a meeting's "Since the last meeting"
    names it: in the words it was given, with what git knows of the change, its day and
    whether that came before or after the meeting (which meeting agreed it, git cannot say)."""

    link: Link
    date: DateText
    when: str  # "before", "on the day of" or "after" (the meeting)


def when_against(day: date, meeting_day: date) -> str:
    """Where a change committed on `day` falls against a meeting held on `meeting_day`."""
    return "before" if day < meeting_day else "after" if day > meeting_day else "on the day of"


@dataclass(frozen=True)
class RestatedView:
    """The principles given one status since the last meeting, e.g. "Agreed", in the words
    they had then."""

    status: str
    principles: tuple[PrincipleChanged, ...]


@made_at_once
@dataclass(frozen=True)
class SinceView:
    """The "Since the last meeting" summary as a page shows it."""

    previous: DatedLink  # the meeting before, by its title and its day
    lines: tuple[SinceLine, ...]
    # the principles reworded, in the words they were given then
    reworded: tuple[PrincipleChanged, ...]
    restated: tuple[RestatedView, ...] = ()  # those agreed, retired or suggested again
    suggested: tuple[PrincipleChanged, ...] = ()  # those first written, in their first words


# The still-overdue actions a "Since the last meeting" summary names; it counts the rest.
SINCE_NAMED = 10


def since_view(model: PageModel, url: str, meeting: Meeting) -> SinceView | None:
    since = model.indexes.since_last.get(meeting.slug)
    if since is None or since.previous is None or not since.lines:
        return None
    listed = {p.id for p in model.site.principles.principles}
    overdue = model.overdue_named.get(meeting.slug, ())
    named = tuple(model.link(url, a.title, urls.action(a.id)) for a in overdue)
    return SinceView(
        model.dated_meeting_link(url, since.previous),
        tuple(
            SinceLine(line, named, since.overdue - len(named))
            if kind == "overdue"
            else SinceLine(line)
            for kind, line in since.changes
        ),
        tuple(
            _principle_changed(model, url, meeting, p.id, p.text, p.date)
            for p in since.reworded_alone
            if p.id in listed
        ),
        tuple(
            RestatedView(status.capitalize(), links)
            for status, given in since.restated_by_status
            if (
                links := tuple(
                    _principle_changed(model, url, meeting, p.id, p.text, p.date)
                    for p in given
                    if p.id in listed
                )
            )
        ),
        tuple(
            _principle_changed(model, url, meeting, p.id, p.text, p.date)
            for p in since.suggested
            if p.id in listed
        ),
    )


def _principle_changed(
    model: PageModel, url: str, meeting: Meeting, pid: str, text: str, day: date
) -> PrincipleChanged:
    return PrincipleChanged(
        model.link(url, text, urls.principle_anchor(pid)),
        long_date(day),
        when_against(day, meeting.date),
    )


@dataclass(frozen=True)
class LatestView:
    """The home page's account of what changed at the latest meeting (the glance above it
    names the meeting, its date and the next one)."""

    meeting: Link
    since: SinceView | None


def _latest(model: PageModel, url: str, meeting: Meeting) -> LatestView:
    return LatestView(model.meeting_link(url, meeting), since_view(model, url, meeting))


@dataclass(frozen=True)
class Glance:
    """What the home page answers first: the latest meeting, the next one's date, and how
    many actions are outstanding and overdue."""

    latest: Link | None
    latest_date: DateText | None
    next_date: DateText | None
    next_passed: bool  # the announced date is before the build date
    announced_at: Link | None  # the meeting that announced it (see `announcement`)
    moved_from: DateText | None  # the day first announced, if it moved (see `moved_from`)
    outstanding: Link
    overdue: Link
    # the next meeting itself, published ahead of its day: with no announcement standing
    # (see `published_ahead`), holding the one announced (see `held_next`), or before the
    # day announced (see `brought_forward`)
    published_ahead: Link | None
    announced_day: DateText | None = None  # the day announced, when one is brought forward


def _next_pack_text(glance: Glance | None) -> str:
    """The home page's link to /next/, beside its glance (on the first page): an agenda pack
    once the next meeting has a date, till then the actions open for it."""
    if glance is not None and glance.next_date is None:
        return "Open actions for the next meeting"
    return "The next meeting's agenda pack"


def _glance(model: PageModel, url: str) -> Glance:
    latest, next_day, _ = next_meeting(model.site)
    announcer = announcement(model.site) if next_day else None
    sooner = brought_forward(model.site)
    ahead = published_ahead(model.site) or held_next(model.site) or sooner
    announced, next_day = (next_day, sooner.date) if sooner else (None, next_day)
    idx = model.indexes
    return Glance(
        model.meeting_link(url, latest) if latest else None,
        long_date(latest.date) if latest else None,
        _maybe_date(next_day),
        next_day is not None and next_day < model.site.settings.build_date,
        model.meeting_link(url, announcer) if announcer else None,
        None if sooner else _maybe_date(moved_from(model.site)),
        model.link(url, "outstanding", urls.actions(), len(idx.outstanding)),
        model.link(url, "overdue", urls.actions_by_status(urls.OVERDUE), len(idx.overdue)),
        model.meeting_link(url, ahead) if ahead else None,
        _maybe_date(announced),
    )


@made_at_once
@dataclass(frozen=True)
class PrincipleTouched:
    """A principle a meeting's or a decision's page names, in the words it had on the
    meeting's day, linked to the principle as it is now; `reworded_since` says those words
    are no longer its, `retired_since` that it was retired after that day. Said so, its
    words are linked without their full stop, `stop`, which follows the note in brackets, as
    a decision's does in a list ("Listen first (as worded then; reworded since)."), so that
    a list of principles, some noted and some not, names none in quotes."""

    link: Link
    reworded_since: bool
    retired_since: bool = False
    # reworded at the meeting whose page it is: its "Since the last meeting" names it in its
    # new words, which are not said again here
    reworded_here: bool = False
    stop: str = ""


def principles_touched(
    model: PageModel,
    page_url: str,
    principles: Iterable[PrincipleThen],
    reworded_here: Container[str] = (),
) -> list[PrincipleTouched]:
    touched = []
    for p in principles:
        noted = p.reworded_since or p.retired_since
        words, stop = apart_from_stop(p.text) if noted else (p.text, "")
        touched.append(
            PrincipleTouched(
                model.link(page_url, words, urls.principle_anchor(p.id)),
                p.reworded_since,
                p.retired_since,
                p.reworded_since and p.id in reworded_here,
                stop,
            )
        )
    return touched


def _reworded_here(
    model: PageModel, meeting: Meeting, then: Iterable[PrincipleThen]
) -> frozenset[str]:
    """The principles a meeting page's "Since the last meeting" names as reworded there, or
    as suggested there in words other than those they had on its day (`then`): reworded
    after it was first written."""
    since = model.indexes.since_last.get(meeting.slug)
    if since is None or since.previous is None:
        return frozenset()
    words = {p.id: p.text for p in then}
    suggested = (p.id for p in since.suggested if words.get(p.id, p.text) != p.text)
    return frozenset([*(p.id for p in since.reworded), *suggested])


# How a meeting's page heads the actions due by it that it did not update, and their table's
# caption: once it has met, and while it is dated after the build date (it has not met yet,
# so they are due at it, not missed).
NOT_REPORTED_BACK = ("Due, not reported back", "Actions due by this meeting that it did not update")
DUE_AT_MEETING = ("Due at this meeting", "Actions due by this meeting, which has not met yet")
# And so the other actions it lists with nothing changed (until its day, its agenda's).
LISTED_UNCHANGED = (
    "Listed, nothing changed",
    "Actions this meeting lists with nothing about them changed: no new status, note, owner or "
    "due date",
)
LISTED_AHEAD = ("Listed for this meeting", "Actions this meeting lists, which has not met yet")
# And so the actions due by it that it updates, and its other updates: until its day, what
# its file says ahead of the meeting (the actions' status now), not what the meeting did.
REPORTED_BACK = (
    "Reported back",
    "Actions due by this meeting, updated at it for the first time since they fell due",
)
REPORTED_AHEAD = (
    "To report back",
    "Updates written ahead on actions due by this meeting, which has not met yet",
)
UPDATED = ("Actions updated", "Updates made at this meeting")
UPDATED_BESIDE_REPORTED = ("Actions updated", "Other updates made at this meeting")
UPDATED_AHEAD = (
    "Updates written ahead",
    "Updates written for this meeting, which has not met yet",
)
# And so the actions it raised.
RAISED = ("Actions raised", "Actions raised at this meeting")


@cache
def _table_words(heading_and_caption: tuple[str, str]) -> tuple[Worded, Worded]:
    """A table's heading and caption above as its macro reads them, as the agenda pack's
    caption naming an owner is: `Worded`, made once."""
    heading, caption = heading_and_caption
    return Worded((heading,)), Worded((caption,))


# What a meeting published ahead of its day says in place of the body `new meeting` wrote
# (see `awaits_summary`), on its page and in its feed entries.
SUMMARY_TO_COME = "This meeting has not met yet: its summary is written after it."


def listed_as(due: bool, ahead: bool) -> str:
    """The heading a meeting's page lists an action under that it lists with nothing changed:
    due by it (`due`), or not; while it is dated after the build date (`ahead`), or once held."""
    if due:
        return DUE_AT_MEETING[0] if ahead else NOT_REPORTED_BACK[0]
    return LISTED_AHEAD[0] if ahead else LISTED_UNCHANGED[0]


def _meeting_context(model: PageModel, meeting: Meeting) -> dict[str, Any]:
    url = urls.meeting(meeting.slug)
    idx = model.indexes
    ahead = meeting.date > model.site.settings.build_date  # not held yet
    due_heading, due_caption = _table_words(DUE_AT_MEETING if ahead else NOT_REPORTED_BACK)
    listed_heading, listed_caption = _table_words(LISTED_AHEAD if ahead else LISTED_UNCHANGED)
    previous, following = idx.previous[meeting.slug], idx.next[meeting.slug]
    reported = idx.reported_back_at[meeting.slug]
    reported_heading, reported_caption = _table_words(REPORTED_AHEAD if ahead else REPORTED_BACK)
    updated_heading, updated_caption = _table_words(
        UPDATED_AHEAD if ahead else UPDATED_BESIDE_REPORTED if reported else UPDATED
    )
    raised_heading, raised_caption = _table_words(RAISED)
    missed = idx.not_reported_back_at.get(meeting.slug, ())
    missed_ids = {a.id for a in missed}

    def as_left(action: Action) -> ActionEvent:
        return action.current if ahead else action.state_at(meeting)

    # published ahead with the body `new meeting` wrote: no text till it is written up
    awaiting = awaits_summary(meeting, model.site.settings.build_date)
    body = "" if awaiting else model.bodies[meeting.path].html
    context = {
        "since": since_view(model, url, meeting),
        # its text is headed after what changed, unless its writer headed it so already
        "body_heading": (heading := body_heading(body) if body else None),
        "body_heading_id": f"{heading.lower()}-heading" if heading else None,
        "summary_to_come": SUMMARY_TO_COME if awaiting else "",
        "meeting": meeting,
        "authors": ", ".join(meeting.authors),
        "categories": ", ".join(meeting.categories),
        # its own summary line, as its email opens with it (None: the text opens with its own)
        "standfirst": meeting.summary,
        "date": long_date(meeting.date),
        "body": model.printed(url, body),
        "themes": model.theme_links(url, meeting.themes),
        "principles": principles_touched(
            model,
            url,
            (then := principles_as_then(model.site, meeting)),
            _reworded_here(model, meeting, then),
        ),
        "raised": [
            _meeting_action_row(model, url, a, a.history[0], False)
            for a in idx.raised_at[meeting.slug]
        ],
        "raised_heading": raised_heading,
        "raised_caption": raised_caption,
        # Not held yet, it has left the actions it names in no state: each table shows
        # them as they are now, and says so (`ahead`).
        "updates": [
            _meeting_action_row(model, url, a, a.current if ahead else e)
            for a, e in idx.updated_at[meeting.slug]
            if a not in reported
        ],
        "updates_heading": updated_heading,
        "updates_caption": updated_caption,
        "reported_back": [_meeting_action_row(model, url, a, as_left(a)) for a in reported],
        "reported_heading": reported_heading,
        "reported_caption": reported_caption,
        "ahead": ahead,
        "not_reported_back": [_meeting_action_row(model, url, a, as_left(a)) for a in missed],
        "not_reported_heading": due_heading,
        "not_reported_caption": due_caption,
        # listed with nothing changed, and not due by it (those are under not_reported_back)
        "unchanged": [
            _meeting_action_row(model, url, a, as_left(a))
            for a in listed_unchanged(idx, meeting)
            if a.id not in missed_ids
        ],
        "unchanged_heading": listed_heading,
        "unchanged_caption": listed_caption,
        "decided": [decision_row(model, url, d) for d in idx.decided_at.get(meeting.slug, ())],
        "superseded_here": [
            decision_row(model, url, d) for d in idx.superseded_at.get(meeting.slug, ())
        ],
        # dated after the build date: it will supersede them on its day (they read so)
        "supersedes_ahead": ahead,
        "reviewed_here": [
            _review_row(model, url, decision_row(model, url, d), kept)
            for d, kept in kept_at(idx, meeting)
        ],
        "poll": _poll(meeting.self_assessment),
        "schedule": schedule(meeting.date, meeting.slot, model.site.settings.site.timezone),
        # the next meeting it announced, where it stands (as the pack has it, while it
        # stands), or where it met: held later than announced, it moved from that day
        "next_meeting": schedule(announced.day, announced.slot, model.site.settings.site.timezone)
        if (announced := announced_next(model.site, meeting))
        else None,
        "next_moved_from": _maybe_date(announced.moved_from) if announced else None,
        # the next meeting it announced has its agenda pack while the announcement stands
        "next_pack": model.link(url, "agenda pack", urls.next_meeting())
        if _announces(meeting) and meeting is announcement(model.site)
        else None,
        # published ahead, it is the next meeting (holding the one announced, or with none
        # standing): its own pack, till it has met
        "own_pack": model.link(url, "agenda pack", urls.next_meeting())
        if meeting.slug == model.next_ahead
        else None,
        "last_edited": _maybe_date(model.site.history.page_edited(meeting)),
        "previous": model.meeting_link(url, previous) if previous else None,
        "following": model.meeting_link(url, following) if following else None,
        "year_link": model.link(
            url, f"Every meeting in {meeting.date.year}", urls.archive_year(meeting.date.year)
        ),
    }
    return context


def _meeting_action_row(
    model: PageModel, url: str, action: Action, state: ActionEvent, show_raised: bool = True
) -> MeetingActionRow:
    """`state` is the action as the meeting at `url` left it, or, where that meeting has not
    met yet, as it is now (its note is shown only when made at that meeting)."""
    meeting_slug = url.removeprefix("meetings/").removesuffix("/")
    now = action.current
    here = state.meeting.slug == meeting_slug and not state.is_raise  # its update here
    before = event_before(action, state) if here else None
    # closed since the state shown: the first of its last run of closed states is later
    closed = action.closed_by if now.status is not state.status else None
    return MeetingActionRow(
        id=action.id,
        title=action.title,
        href=urls.relative(url, urls.action(action.id)),
        status=state.status,
        now=None if now.status is state.status else now.status,
        overdue=action.overdue,
        owners=model.owner_links(url, state.owners),
        due=_maybe_date(state.due),
        raised_at=model.meeting_link(url, action.raised_in) if show_raised else None,
        raised_on=long_date(action.raised_in.date) if show_raised else None,
        note=state.note if state.meeting.slug == meeting_slug else None,
        status_label="Reopened" if reopens(before, state) else None,
        closed_here=closes(before, state),
        handed_from=model.owner_links(url, taken) if (taken := handed_from(before, state)) else (),
        owners_now=model.owner_links(url, now.owners) if now.owners != state.owners else (),
        filed_under=None
        if not here or (themes := refiled_by(action, state)) is None
        else model.theme_links(url, themes),
        closed_at=model.meeting_link(url, closed.meeting) if closed else None,
        closed_on=long_date(closed.meeting.date) if closed else None,
    )


def meeting_page(model: PageModel, meeting: Meeting) -> Page:
    url = urls.meeting(meeting.slug)
    context = partial(_meeting_context, model, meeting)
    summary = model.summaries[meeting.slug]
    return Page(
        url,
        "meeting.html",
        meeting.title,
        context,
        summary,
        meeting.path,
        last_updated(model.site, meeting),  # as its feed entries and calendar event say
        "article",
        reads=_meeting_reads(model, meeting),
        searched=True,
    )


def _announces(meeting: Meeting) -> bool:
    """Whether a meeting announces a next one (after itself)."""
    return meeting.next_meeting is not None and meeting.next_meeting > meeting.date


def _meeting_reads(model: PageModel, meeting: Meeting) -> frozenset[str]:
    idx, slug = model.indexes, meeting.slug
    reads = [meeting_key(slug), overdue_key(slug)]
    if meeting.date > model.site.settings.build_date:  # what is due at it, till its day
        reads += [TODAY, NEXT]  # and whether it is the next meeting (its own pack)
        if dated_by_latest(model.site, meeting):  # its day last updated, in the sitemap
            reads.append(LATEST)
    if _announces(meeting):  # whether its announcement stands: its pack is linked till then
        reads += _announcement_reads(model, meeting)
        reads += _announced_before_reads(model, meeting)  # the day it moved from, if it did
    for neighbour in (idx.previous[slug], idx.next[slug]):
        if neighbour:
            reads.append(card_key(neighbour.slug))
    shown = [a.id for a in idx.raised_at[slug]]
    shown += [a.id for a, _ in idx.updated_at[slug]]
    shown += [a.id for a in idx.reported_back_at[slug]]
    shown += [a.id for a in idx.not_reported_back_at.get(slug, ())]
    shown += [a.id for a in listed_unchanged(idx, meeting)]
    reads += action_keys(shown)
    decided, superseded = idx.decided_at.get(slug, ()), idx.superseded_at.get(slug, ())
    reviewed = [d for d, _ in kept_at(idx, meeting)] if meeting.reviews else ()
    if decided or superseded or reviewed:
        reads += decision_reads((*decided, *superseded, *reviewed))
    return frozenset(reads)


def _announcement_reads(model: PageModel, meeting: Meeting) -> list[str]:
    """What says whether the announcement `meeting` makes stands (see `announcement`): the
    events (dates and announcements) of the meetings after it, up to the first held on or
    after the day it announced or announcing one itself, and the build date while it or one
    of those is dated ahead of it."""
    following, day = model.indexes.next, meeting.next_meeting
    today = model.site.settings.build_date
    reads, after, latest = [], following[meeting.slug], meeting
    while after is not None:
        reads.append(event_key(after.slug))
        latest = after
        if day is None or after.date >= day or _announces(after):
            break
        after = following[after.slug]
    return [*reads, TODAY] if latest.date > today else reads


def _announced_before_reads(model: PageModel, meeting: Meeting) -> list[str]:
    """What says which meetings before `meeting` announced the next meeting it announced
    again (see `announcements`), the first of them the day it moved from (see
    `announced_next`): its event and those of the meetings before it, back to the latest
    to announce a day on or before the first of them (which none of them announced again)."""
    previous, reads = model.indexes.previous, [event_key(meeting.slug)]
    first, before = meeting, previous[meeting.slug]
    while before is not None:
        reads.append(event_key(before.slug))
        if _announces(before):
            if before.next_meeting is None or before.next_meeting <= first.date:
                break
            first = before
        before = previous[before.slug]
    return reads


def decision_reads(shown: Sequence[Decision]) -> list[str]:
    """The keys a page showing these decisions' rows reads: each one's (all its row shows of
    it), and those of the decisions it replaced and was replaced by (linked by their text)."""
    found = [decision_key(d.id) for d in shown]
    found += [decision_key(d.supersedes) for d in shown if d.supersedes]
    found += [decision_key(d.superseded_by) for d in shown if d.superseded_by]
    return found


@dataclass(frozen=True)
class PollRow:
    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class PollResult:
    """A meeting's self-assessment as its page shows it: the answers' table and chart."""

    question: str
    rows: tuple[PollRow, ...]
    total: int
    chart: charts.BarChart


def _poll(poll: Poll | None) -> PollResult | None:
    if poll is None:
        return None
    total = sum(o.count for o in poll.options) or 1
    rows = tuple(
        PollRow(o.key, o.label, o.count, round(100 * o.count / total)) for o in poll.options
    )
    return PollResult(
        poll.question,
        rows,
        sum(o.count for o in poll.options),
        charts.bar_chart([(o.key, o.count) for o in poll.options]),
    )


@dataclass(frozen=True)
class ThemeCard:
    """A theme on the themes page: each count links to the list it counts, where it has one
    (the meetings on the theme's page; its outstanding actions, in the tracker)."""

    title: str
    href: str
    summary: str | None
    meetings: int
    open_actions: int
    retired: bool
    meetings_href: str | None = None  # None: no meeting to list
    open_actions_href: str | None = None  # None: no outstanding action to list

    @property
    def meetings_text(self) -> str:
        return counted(self.meetings, "meeting")

    @property
    def open_actions_text(self) -> str:
        return counted(self.open_actions, "outstanding action")


# The id of the heading of a theme page's list of its meetings, which the themes page's
# count of them links to.
THEME_MEETINGS_ANCHOR = "timeline-heading"


def _themes_pages(model: PageModel) -> Iterator[Page]:
    """The themes, the retired after the rest."""
    themes = sorted(model.site.themes, key=lambda theme: theme.retired)
    size = model.site.settings.site.actions_page_size
    for pager, start, stop in paginate(urls.themes(), len(themes), size, "Pages of themes"):
        url = page_url(urls.themes(), pager)
        cards = []
        for t in themes[start:stop]:
            meetings = len(model.indexes.meetings_by_theme.get(t.slug, ()))
            outstanding = len(model.indexes.outstanding_by_theme.get(t.slug, ()))
            href = urls.relative(url, urls.theme(t.slug))
            tracker = urls.relative(url, urls.actions_by_theme(t.slug))
            cards.append(
                ThemeCard(
                    t.title,
                    href,
                    t.summary,
                    meetings,
                    outstanding,
                    t.retired,
                    f"{href}#{THEME_MEETINGS_ANCHOR}" if meetings else None,
                    tracker if outstanding else None,
                )
            )
        context = {"themes": cards, "pager": pager}
        yield Page(url, "themes.html", paged_title("Themes", pager), context)


def _theme_context(
    model: PageModel, theme: Theme, pager: Pager, chunk: Sequence[Meeting]
) -> dict[str, Any]:
    url = page_url(urls.theme(theme.slug), pager)
    slug = theme.slug
    idx = model.indexes
    size = model.site.settings.site.page_size
    shown = idx.meetings_by_theme.get(slug, ())
    outstanding = idx.outstanding_by_theme.get(slug, ())
    first = pager.number == 1
    tracker = urls.actions_by_theme(slug)
    in_force = tuple(d for d in idx.decisions_by_theme.get(slug, ()) if d.in_force)
    decisions = [decision_row(model, url, d) for d in in_force[:size]] if first else []
    title = (Theirs(theme.title),)
    return {
        "theme": theme,
        # its title, and on a later page which page it is, as its `<title>` says (the search
        # filter is the title alone, in its own attribute: `search_filter`)
        "heading": paged_heading(Worded(title), pager),
        # the slugs it was known by or took in (`formerly:`), in words
        "formerly": Worded(
            ("Meetings once filed under ", *worded_list(theme.formerly), " are listed here too.")
        )
        if theme.formerly and first
        else None,
        "search_filter": filter_attribute(THEME_FILTER, model.theme_choices[slug]),
        "first": first,
        "body": model.printed(url, model.bodies[theme.path].html) if first else "",
        "meetings": [model.meeting_card(url, m) for m in chunk],
        "meeting_count": len(shown) if first else None,  # the later pages stay as they are
        "pager": pager,
        "decisions": decisions,
        # those agreed ahead, at a meeting not yet held, are listed too: the heading says so
        "decisions_heading": "Decisions in force or agreed ahead"
        if any(row.in_force_from for row in decisions)
        else "Decisions in force",
        "register": model.link(
            url,
            Worded(("Every decision on ", *title)),
            urls.decisions_by_theme(slug),
            len(idx.decisions_by_theme[slug]),
        )
        if slug in idx.decisions_by_theme
        else None,
        "actions": [
            model.action_row(url, a)
            for a in (outstanding[: model.site.settings.site.actions_page_size] if first else ())
        ],
        # The tracker lists a theme's actions once it has some.
        "outstanding": model.link(
            url, Worded(("Outstanding actions on ", *title)), tracker, len(outstanding)
        )
        if slug in idx.actions_by_theme
        else None,
        "closed": model.link(
            url,
            Worded(("Closed actions on ", *title)),
            urls.closed(tracker),
            len(idx.closed_by_theme.get(slug, ())),
        )
        if slug in idx.actions_by_theme
        else None,
        "follow": urls.relative(url, urls.subscription(urls.theme_subscription(slug))),
        "timeline": charts.timeline(model.timeline_frame, (m.date for m in shown))
        if first
        else None,
        "timeline_width": charts.TIMELINE_WIDTH,
    }


def _theme_pages(
    model: PageModel, theme: Theme, only: Container[str] | None = None
) -> Iterator[Page]:
    """A theme's page: its latest meetings and outstanding actions; its older meetings
    on pages after it."""
    first_url = urls.theme(theme.slug)
    meetings = model.indexes.meetings_by_theme.get(theme.slug, ())
    size = model.site.settings.site.page_size
    settings = model.site.settings.site
    label = "Pages of meetings on this theme"
    for pager, start, stop in paginate_newest_first(first_url, len(meetings), size, label, only):
        chunk = meetings[start:stop]
        reads = [pager_key(first_url), *card_reads(model.site, chunk)]
        if pager.number == 1:  # the count, timeline, outstanding actions and decisions
            shown = model.indexes.outstanding_by_theme.get(theme.slug, ())
            reads += [
                theme_key(theme.slug),
                MONTHS,
                theme_actions_key(theme.slug),
                *action_keys(a.id for a in shown[: settings.actions_page_size]),
            ]
            if theme.slug in model.indexes.decisions_by_theme:
                found = model.indexes.decisions_by_theme[theme.slug]
                reads += [
                    theme_decisions_key(theme.slug),
                    *decision_reads(tuple(d for d in found if d.in_force)[:size]),
                ]
        yield Page(
            page_url(first_url, pager),
            "theme.html",
            paged_title(theme.title, pager),
            partial(_theme_context, model, theme, pager, chunk),
            theme.summary or "",
            theme.path,
            chunk[0].date if chunk else None,
            feed=urls.theme_feed(theme.slug),
            reads=frozenset(reads),
            searched=pager.number == 1,
        )


@dataclass(frozen=True)
class ActionList:
    """One list of the tracker, before it is cut into pages."""

    url: str  # its first page
    heading: Worded
    actions: tuple[Action, ...]
    closed: bool = False  # a list of closed actions (it shows when each was closed)
    searched: bool = False  # search indexes its first page (an owner's outstanding actions)
    # An owner's or a theme's list: the URL of its outstanding actions, whose key
    # (`action_list_key`) its first page reads rather than the whole tracker's.
    scope: str | None = None


@dataclass(frozen=True)
class TrackerSummary:
    """How many actions a list's scope (the whole tracker, an owner or a theme) has:
    outstanding, overdue and closed, each linked to the scope's list of them, and of each
    status (`strip`, labelled `strip_label`)."""

    outstanding: Link
    overdue: Link
    closed: Link
    strip_label: Worded
    strip: tuple[charts.Segment, ...]
    # an owner's actions handed on, counted apart, linked to their list (none: no such)
    handed_on: Link | None = None


@dataclass(frozen=True)
class TrackerScope:
    """A tracker list's counts, of its scope: its summary, and its filters by status (an
    owner's or theme's lead to its own outstanding and closed lists alone)."""

    summary: TrackerSummary
    by_status: tuple[Link, ...]


def paginate(
    first_url: str, count: int, size: int, label: str, only: Container[str] | None = None
) -> Iterator[tuple[Pager, int, int]]:
    """Each page of a list of `count` items cut from its front (only those written at the
    output paths `only` holds, if given): its pager and the range of its items."""
    total = page_count(count, size)
    for number in range(1, total + 1):
        if only is not None and urls.output_file(urls.paged(first_url, number)) not in only:
            continue
        start = (number - 1) * size
        pager = Pager(number, total, *urls.paged_neighbours(number, total), label)
        yield pager, start, min(count, start + size)


def paginate_newest_first(
    first_url: str, count: int, size: int, label: str, only: Container[str] | None = None
) -> Iterator[tuple[Pager, int, int]]:
    """Each page of a list of `count` items that grows at its front, newest first (meetings,
    decisions, closed actions; only the pages written at the output paths `only` holds, if
    given): its pager and the range of its items. The first page holds the newest `size`
    items, the second what is left over, and each later page `size`, counted from the
    oldest: an item added at the front changes the first two pages alone (and every page
    once in `size` items, when the second is full), so a later page keeps its items and its
    address stays a good link. Up to `2 * size` items, the pages are those of `paginate`."""
    total = page_count(count, size)
    left_over = count - (total - 1) * size  # on the second page
    for number in range(1, total + 1):
        if only is not None and urls.output_file(urls.paged(first_url, number)) not in only:
            continue
        if number == 1:
            start, stop = 0, min(count, size)
        else:
            start = size if number == 2 else size + left_over + (number - 3) * size
            stop = size + left_over if number == 2 else start + size
        yield Pager(number, total, *urls.paged_neighbours(number, total), label), start, stop


def page_holding(index: int, count: int, size: int) -> int:
    """The number of the page of `paginate_newest_first` that holds the item at `index` (from
    0, newest first) of a list of `count` items, `size` a page."""
    if index < size:
        return 1
    left_over = count - (page_count(count, size) - 1) * size  # on the second page
    if index < size + left_over:
        return 2
    return 3 + (index - size - left_over) // size


def page_count(count: int, size: int) -> int:
    """How many pages a list of `count` items is cut into, `size` a page (by `paginate` or
    `paginate_newest_first`)."""
    return max(1, -(-count // size))


def pager_values(model: PageModel) -> dict[str, int]:
    """What each `pages:URL` key stands for: how many pages each list is cut into (of
    meetings: the home page's, each theme's, each principle's, each year's of the archive; of
    decisions: each of the register's; of actions: each of the tracker's)."""
    size = model.site.settings.site.page_size
    idx = model.indexes
    counts = {urls.home(): len(idx.meetings_newest_first)}
    counts.update(
        (urls.theme(t.slug), len(idx.meetings_by_theme.get(t.slug, ()))) for t in model.site.themes
    )
    counts.update(
        (urls.principle(p.id), len(idx.meetings_by_principle.get(p.id, ())))
        for p in model.site.principles.principles
    )
    for slug, _, decisions in register_lists(model):
        counts[urls.decisions_by_theme(slug) if slug else urls.decisions()] = len(decisions)
    counts.update((first, len(found)) for first, _, found in register_status_lists(model))
    found = {pager_key(url): page_count(count, size) for url, count in counts.items()}
    found.update(
        (pager_key(urls.archive_year(year)), page_count(len(meetings), YEAR_PAGE_SIZE))
        for year, meetings in model.meetings_by_year.items()
    )
    size = model.site.settings.site.actions_page_size
    found.update((pager_key(f.url), page_count(len(f.actions), size)) for f in action_lists(model))
    return found


def page_url(first_url: str, pager: Pager) -> str:
    return urls.paged(first_url, pager.number)


def paged_title(title: str, pager: Pager) -> str:
    return title + _page_of(pager)


def paged_heading(heading: Worded, pager: Pager) -> Worded:
    """A list's heading on the page `pager` is, which a later page says, as its title."""
    return Worded((*heading.parts, _page_of(pager))) if pager.number > 1 else heading


def _page_of(pager: Pager) -> str:
    return "" if pager.number == 1 else f", page {pager.number} of {pager.total}"


def _filter_lists(
    url: str,
    whose: str,
    name: str,
    outstanding: Sequence[Action],
    closed: Sequence[Action],
    searched: bool = False,
) -> tuple[ActionList, ActionList, ActionList]:
    """An owner's or a theme's three lists ("Outstanding actions for" `name`, `whose` being
    "for"): its outstanding actions at `url` (which search indexes, where `searched`), and a
    click away the overdue ones among them (most overdue first, as the tracker's) and its
    closed ones."""
    overdue = tuple(a for a in outstanding if a.overdue)

    def heading(kind: str) -> Worded:
        return Worded((f"{kind} actions {whose} ", Theirs(name)))

    return (
        ActionList(url, heading("Outstanding"), tuple(outstanding), searched=searched, scope=url),
        ActionList(urls.overdue(url), heading("Overdue"), overdue, scope=url),
        ActionList(urls.closed(url), heading("Closed"), tuple(closed), closed=True, scope=url),
    )


def action_lists(model: PageModel) -> list[ActionList]:
    """Every list of the tracker: outstanding and closed actions, each status, the overdue
    ones, and each owner's and theme's outstanding, overdue and closed actions."""
    idx = model.indexes
    titles = model.theme_titles
    found = [
        ActionList(urls.actions(), Worded(("Outstanding actions",)), idx.outstanding),
        ActionList(urls.closed_actions(), Worded(("Closed actions",)), idx.closed, closed=True),
        ActionList(urls.actions_by_status(urls.OVERDUE), Worded(("Overdue actions",)), idx.overdue),
    ]
    found += [
        ActionList(
            urls.actions_by_status(s),
            Worded((f"{s.label} actions",)),
            idx.actions_by_status[s],
            not s.is_active,
        )
        for s in Status
    ]
    for owner in idx.actions_by_owner:
        found += _filter_lists(
            model.owner_urls.url(owner),
            "for",
            owner,
            idx.outstanding_by_owner.get(owner, ()),
            idx.closed_by_owner.get(owner, ()),
            searched=True,
        )
    for slug in idx.actions_by_theme:
        found += _filter_lists(
            urls.actions_by_theme(slug),
            "on",
            titles.get(slug, slug),
            idx.outstanding_by_theme.get(slug, ()),
            idx.closed_by_theme.get(slug, ()),
        )
    return found


def _tracker_pages(model: PageModel, only: Container[str] | None = None) -> Iterator[Page]:
    for found in action_lists(model):
        yield from _action_list_pages(model, found, only)
    yield from _filter_index_pages(model)


def _action_list_pages(
    model: PageModel, found: ActionList, only: Container[str] | None = None
) -> Iterator[Page]:
    size = model.site.settings.site.actions_page_size
    label = "Pages of actions"
    count = len(found.actions)
    # A closed list grows at the front (the newest closed first), as a list of meetings does.
    cut = paginate_newest_first if found.closed else paginate
    for pager, start, stop in cut(found.url, count, size, label, only):
        url = page_url(found.url, pager)
        chunk = found.actions[start:stop]
        context = partial(_tracker_context, model, url, found, chunk, pager, start)
        reads = [pager_key(found.url), *action_keys(a.id for a in chunk)]
        if pager.number == 1:  # the counts, "as of" the build date; the later pages show
            # their actions alone, so most stay as they are; an owner's or a theme's, its own
            reads += [action_list_key(found.scope) if found.scope else ACTIONS, TODAY]
            owner = _owner_of(model, found)  # and on an owner's, the actions they handed on
            handed = model.handed_on.get(owner, ()) if owner else ()
            reads += action_keys(row.action.id for row in handed)
        title = paged_title(str(found.heading), pager)
        searched = found.searched and pager.number == 1
        yield Page(url, "actions.html", title, context, reads=frozenset(reads), searched=searched)


def _scope(model: PageModel, list_url: str, page_url: str, first: bool) -> TrackerScope:
    """The counts of the owner's or theme's lists a tracker page belongs to (or of the whole
    tracker's), with links from `page_url`, a page of the list at `list_url`; the filters
    give counts on a list's first page alone, and mark the one chosen on every page."""
    idx = model.indexes
    chosen = urls.first_page(page_url)

    def link(text: str, to_url: str, count: int) -> FilterLink:
        href = urls.relative(page_url, to_url)
        shown = count if first else None
        return FilterLink(text, href, to_url == page_url, shown, chosen=to_url == chosen)

    for prefix, outstanding, closed in (
        (urls.owners(), idx.outstanding_by_owner, idx.closed_by_owner),
        (urls.tracker_themes(), idx.outstanding_by_theme, idx.closed_by_theme),
    ):
        if list_url.startswith(prefix) and list_url != prefix:
            rest = prefix + list_url[len(prefix) :].split("/", 1)[0] + "/"  # its outstanding
            key = _filter_key(model, prefix, rest)
            active, done = outstanding.get(key, ()), closed.get(key, ())
            whose = (
                ("for ", Theirs(key))
                if prefix == urls.owners()
                else ("on ", Theirs(model.theme_titles.get(key, key)))
            )
            overdue, statuses = model.scope_counts(rest, active, done)
            # The scope has lists of its outstanding, overdue and closed actions alone: its
            # other counts lead nowhere rather than to the whole tracker's, which count more.
            by_status = (
                link("Outstanding", rest, len(active)),
                link("Overdue", urls.overdue(rest), overdue),
                *(FilterLink(s.label, "", count=statuses[s] if first else None) for s in Status),
                link("Closed", urls.closed(rest), len(done)),
            )
            handed = len(model.handed_on.get(key, ())) if prefix == urls.owners() else 0
            summary = TrackerSummary(
                model.link(list_url, "outstanding", rest, len(active)),
                model.link(list_url, "overdue", urls.overdue(rest), overdue),
                model.link(list_url, "closed", urls.closed(rest), len(done)),
                Worded(("Actions ", *whose, " by status")),
                charts.status_strip([(s, statuses[s]) for s in Status]),
                _handed_on_link(model, list_url, rest, handed) if handed else None,
            )
            return TrackerScope(summary, by_status)
    summary = TrackerSummary(
        model.link(list_url, "outstanding", urls.actions(), len(idx.outstanding)),
        model.link(list_url, "overdue", urls.actions_by_status(urls.OVERDUE), len(idx.overdue)),
        model.link(list_url, "closed", urls.closed_actions(), len(idx.closed)),
        Worded(("All actions by status",)),
        charts.status_strip([(s, len(idx.actions_by_status[s])) for s in Status]),
    )
    by_status = (
        link("Outstanding", urls.actions(), len(idx.outstanding)),
        link("Overdue", urls.actions_by_status(urls.OVERDUE), len(idx.overdue)),
        *(link(s.label, urls.actions_by_status(s), len(idx.actions_by_status[s])) for s in Status),
        link("Closed", urls.closed_actions(), len(idx.closed)),
    )
    return TrackerScope(summary, by_status)


def _filter_key(model: PageModel, prefix: str, list_url: str) -> str:
    """The owner's name or the theme's slug a filter's URL stands for."""
    slug = list_url[len(prefix) :].split("/", 1)[0]
    if prefix == urls.owners():
        return model.owner_names[slug]
    return slug


def _tracker_context(
    model: PageModel,
    url: str,
    found: ActionList,
    chunk: tuple[Action, ...],
    pager: Pager,
    start: int,  # the place in the list of the page's first action, from 0
) -> dict[str, Any]:
    idx = model.indexes
    first = pager.number == 1  # the counts: the later pages change only with their actions

    def link(page_url: str, text: str, to_url: str, count: int | None = None) -> Link:
        return model.link(page_url, text, to_url, count if first else None)

    scope = _scope(model, found.url, url, first)
    summary = scope.summary
    owner = _owner_of(model, found)
    handed_on = model.handed_on_rows(url, owner) if owner and first else ()
    return {
        "heading": paged_heading(found.heading, pager),  # as the page's title
        "closed_list": found.closed,
        "searched": found.searched and first,
        "as_of": _as_of(model, pager),
        "summary": summary if first else None,
        "rows": [model.action_row(url, a) for a in chunk],
        "count": len(found.actions),
        "pager": pager,
        "by_status": scope.by_status,
        # The whole tracker's statuses, listed (an owner's or a theme's have no such list).
        "statuses_href": None if found.scope else urls.relative(url, urls.statuses()),
        "browse": [
            # as many as its list gives: those who handed on all they had too
            link(url, "Owners", urls.owners(), model.owner_urls.count),
            link(url, "Themes", urls.tracker_themes(), len(idx.actions_by_theme)),
        ],
        "strip": summary.strip if first else (),
        "strip_label": summary.strip_label,
        "strip_width": charts.STRIP_WIDTH,
        "list_heading": _list_heading(len(found.actions), found.closed, pager, chunk, start),
        "csv_href": data_file(url, "actions.csv"),
        "json_href": data_file(url, "actions.json"),
        "ics_href": urls.relative(url, urls.subscription(urls.ACTIONS_CALENDAR)),
        # Above "Handed on", a list with none of the owner's own says so, not "No actions".
        "empty_text": f"None outstanding; {len(handed_on)} handed on, below."
        if handed_on
        else "No actions here.",
        "handed_on": handed_on,
        "handed_on_id": HANDED_ON_ID,
        "handed_on_text": Worded(
            (
                f"{counted(len(handed_on), 'action')} ",
                Theirs(owner),
                " held "
                + (
                    "was handed on; who has it"
                    if len(handed_on) == 1
                    else "were handed on; who has each"
                )
                + " now, and since when:",
            )
        )
        if handed_on and owner
        else "",
    }


HANDED_ON_ID = "handed-on"  # where an owner's page lists the actions they handed on


def _handed_on_link(model: PageModel, page_url: str, owner_url: str, count: int) -> Link:
    """The count of an owner's actions handed on, linked to where their page lists them."""
    if page_url == owner_url:
        return Link("handed on", "#" + HANDED_ON_ID, False, count)
    return model.link(page_url, "handed on", owner_url + "#" + HANDED_ON_ID, count)


def _owner_of(model: PageModel, found: ActionList) -> str | None:
    """The owner whose outstanding actions `found` is (their page), if it is an owner's."""
    prefix = urls.owners()
    if found.scope is None or found.url != found.scope or not found.url.startswith(prefix):
        return None
    return _filter_key(model, prefix, found.url)


def _list_heading(
    count: int, closed: bool, pager: Pager, chunk: Sequence[Action], start: int
) -> str:
    """The heading over a tracker page's actions: in what order they are, and how many the
    list has on its first page (which shows the counts); on a later page, which of them it
    holds, in words only its own actions change: the days they were closed, in a closed list
    (which grows at its front, see `paginate_newest_first`), else their places from `start`
    (see `paginate`), "Actions 21 to 30"."""
    order = "latest closed first" if closed else "earliest due first"
    if pager.total == 1:
        return f"{count} action{'' if count == 1 else 's'}, {order}"
    if pager.number == 1:
        held = f"{count} actions"
    elif closed:
        days = [a.closed_on for a in chunk if a.closed_on is not None]
        held = f"Actions closed {day_span(min(days), max(days))}" if days else "Actions"
    else:
        places = f"{start + 1} to {start + len(chunk)}" if len(chunk) > 1 else f"{start + 1}"
        held = f"Action{'s' if len(chunk) > 1 else ''} {places}"
    return f"{held}, {order} (page {pager.number} of {pager.total})"


def day_span(first: date, last: date) -> str:
    """ "on 6 February 2000", "28 January to 6 February 2000", "30 December 1999 to 6
    January 2000": the days from `first` to `last`, the year said once where it is one."""
    if first == last:
        return f"on {long_date(first).text}"
    start = f"{first.day} {first:%B}" if first.year == last.year else long_date(first).text
    return f"{start} to {long_date(last).text}"


@dataclass(frozen=True)
class FilterRow:
    """An owner or a theme in the tracker's lists of them: links to its two lists, and the
    actions an owner handed on, counted. A former owner (`former`: no action is theirs now)
    has their page alone, which says who has each: both links lead there, counting none."""

    name: str
    outstanding: Link
    closed: Link
    handed_on: Link | None = None  # to where their page lists them (text alone: a former's)
    former: bool = False


class FilterEntry(NamedTuple):
    """An owner or a theme as the tracker's lists of them count it."""

    name: str
    url: str  # its outstanding list; a former owner's page
    outstanding: int
    closed: int
    handed_on: int = 0
    former: bool = False


def owner_entries(model: PageModel) -> list[FilterEntry]:
    """Every owner the tracker's list of owners names, by name: those who have actions now
    and those who handed on every action they had (whose pages say who has each now)."""
    idx, owner_urls, handed = model.indexes, model.owner_urls, model.handed_on
    found = [
        FilterEntry(
            owner,
            owner_urls.url(owner),
            len(idx.outstanding_by_owner.get(owner, ())),
            len(idx.closed_by_owner.get(owner, ())),
            len(handed.get(owner, ())),
        )
        for owner in idx.actions_by_owner
    ]
    found += (
        FilterEntry(name, owner_urls.former_url(name), 0, 0, len(rows), former=True)
        for name, rows in handed.items()
        if name not in owner_urls.by_name
    )
    return sorted(found, key=lambda entry: entry.name)


def _filter_index_pages(model: PageModel) -> Iterator[Page]:
    """The tracker's lists of owners and of themes, a page at a time (a site may have
    thousands of each: no page lists them all)."""
    idx = model.indexes
    titles = model.theme_choices
    size = model.site.settings.site.actions_page_size
    themes = [
        FilterEntry(
            titles.get(slug, slug),
            urls.actions_by_theme(slug),
            len(idx.outstanding_by_theme.get(slug, ())),
            len(idx.closed_by_theme.get(slug, ())),
        )
        for slug in idx.actions_by_theme
    ]
    # With no action under a theme yet, its list says how to put one there (the site's
    # themes are in every page's stamp: see `render.site_stamp`).
    example = model.site.themes[0].slug if model.site.themes else "theme-slug"
    for first, heading, entries, what, theme_example, key in (
        (urls.owners(), "Actions by owner", owner_entries(model), "owners", None, OWNERS),
        (urls.tracker_themes(), "Actions by theme", themes, "themes", example, ACTIONS),
    ):
        for pager, start, stop in paginate(first, len(entries), size, f"Pages of {what}"):
            url = page_url(first, pager)
            chunk = tuple(entries[start:stop])
            context = partial(
                _filter_index_context, model, url, heading, chunk, pager, theme_example
            )
            title = paged_title(heading, pager)
            yield Page(url, "filters.html", title, context, reads=frozenset([key]))


def _filter_index_context(
    model: PageModel,
    url: str,
    heading: str,
    chunk: tuple[FilterEntry, ...],
    pager: Pager,
    theme_example: str | None,
) -> dict[str, Any]:
    def handed_on(entry: FilterEntry) -> Link | None:
        if not entry.handed_on:
            return None
        if entry.former:  # the name leads to their page already
            return Link("handed on", "", count=entry.handed_on)
        return _handed_on_link(model, url, entry.url, entry.handed_on)

    return {
        "heading": paged_title(heading, pager),  # as the page's title
        "theme_example": theme_example,
        "rows": [
            FilterRow(
                entry.name,
                model.link(url, "outstanding", entry.url, entry.outstanding),
                model.link(
                    url,
                    "closed",
                    entry.url if entry.former else urls.closed(entry.url),
                    entry.closed,
                ),
                handed_on(entry),
                entry.former,
            )
            for entry in chunk
        ],
        "pager": pager,
        "tracker": model.link(url, "All outstanding actions", urls.actions()),
    }


@dataclass(frozen=True)
class FolderItem:
    """A list a folder's page leads to, with how many it holds (a count of none is text)."""

    text: str
    href: str
    count: int
    noun: str  # the count's, with it: "3 actions"
    theirs: bool = False  # in the members' words (a theme's title), not nominutes'


def _folder_pages(model: PageModel) -> Iterator[Page]:
    """A page at each folder of the site's addresses that no other page is at, so that a
    reader who trims an address back never meets "Page not found": the tracker's and the
    register's lists by status and the register's by theme, each listed with its count; and
    `meetings/` and each list's `page/` folder, which lead on to the archive and to the
    list's first page (out of the sitemap, as a renamed file's old address is)."""
    idx = model.indexes
    rows = [
        ("Overdue", urls.actions_by_status(urls.OVERDUE), len(idx.overdue)),
        *((s.label, urls.actions_by_status(s), len(idx.actions_by_status[s])) for s in Status),
    ]
    yield _listing_page(
        model,
        FolderListing(urls.statuses(), "Actions by status", "action", frozenset([ACTIONS, TODAY])),
        (
            "The actions of each status, and the overdue among those outstanding; or",
            "all outstanding actions",
            urls.actions(),
        ),
        rows,
    )
    due = sum(d.due_for_review for d in idx.decisions_in_force)
    rows = [
        ("Due for review", urls.decisions_by_status(urls.DUE_FOR_REVIEW), due),
        ("Superseded", urls.decisions_by_status(urls.SUPERSEDED), len(idx.decisions_superseded)),
    ]
    yield _listing_page(
        model,
        FolderListing(
            urls.decisions_by_status_index(),
            "Decisions by status",
            "decision",
            frozenset([DECISIONS, TODAY]),
        ),
        (
            "The decisions due for review, and those superseded; or",
            "every decision",
            urls.decisions(),
        ),
        rows,
    )
    titles = model.theme_choices
    rows = [
        (titles.get(slug, slug), urls.decisions_by_theme(slug), len(found))
        for slug, found in idx.decisions_by_theme.items()
    ]
    yield _listing_page(
        model,
        FolderListing(
            urls.decisions_themes(),
            "Decisions by theme",
            "decision",
            frozenset([DECISIONS, DECISION_THEMES]),
            theirs=True,
        ),
        ("The decisions on each theme; or", "every decision", urls.decisions()),
        rows,
    )
    archive = ("Every meeting is listed, year by year, in", "the archive")
    yield _lead_on_page(model, urls.meetings(), "Meetings", urls.archive(), archive, frozenset())
    size = model.site.settings.site.actions_page_size
    paged = [
        (first, frozenset([key]))
        for key, count in pager_values(model).items()
        if count > 1
        for first in (key.removeprefix(pager_key("")),)
    ]
    for first, count, key in (
        (urls.owners(), len(owner_entries(model)), OWNERS),
        (urls.tracker_themes(), len(idx.actions_by_theme), ACTIONS),
        (urls.themes(), len(model.site.themes), None),  # in every page's stamp
    ):
        if page_count(count, size) > 1:
            paged.append((first, frozenset([key] if key else [])))
    first_page = ("This list begins on", "its first page")
    for first, reads in sorted(paged):
        folder = urls.pages_folder(first)
        yield _lead_on_page(model, folder, "Pages of a list", first, first_page, reads)


@dataclass(frozen=True)
class FolderListing:
    """A folder's page that lists the lists under it: where it is, its title, the noun its
    counts are of ("action"), what it reads, and whether the lists' names are the members'."""

    url: str
    title: str
    noun: str
    reads: frozenset[str]
    theirs: bool = False


def _listing_page(
    model: PageModel,
    listing: FolderListing,
    words: tuple[str, str, str],
    rows: Iterable[tuple[str, str, int]],
) -> Page:
    """The page of `listing`: `words` before the link up, the link's text and its address;
    then each of `rows` (a list's name, its address and its count) as an item."""
    url, noun = listing.url, listing.noun
    items = [
        FolderItem(text, urls.relative(url, to), n, noun if n == 1 else f"{noun}s", listing.theirs)
        for text, to, n in rows
    ]
    context = {
        "lead_on": None,
        "words": words[0],
        "up": model.link(url, words[1], words[2]),
        "items": items,
    }
    return Page(url, "folder.html", listing.title, context, reads=listing.reads)


def _lead_on_page(
    model: PageModel, url: str, title: str, to_url: str, words: tuple[str, str], reads
) -> Page:
    """The page at `url`, a folder that leads on to the page at `to_url` (`words`: what
    comes before its link, and the link's)."""
    context = {
        "words": words[0],
        "up": None,
        "items": (),
        "lead_on": Link(words[1], urls.relative(url, to_url)),
        "canonical": model.site.settings.site.base_url + to_url,
    }
    return Page(url, "folder.html", title, context, reads=reads, listed=False)


def _action_context(model: PageModel, action: Action) -> dict[str, Any]:
    url = urls.action(action.id)
    shown = set(map(id, action.changes))  # not an entry that changed nothing: no update
    history = [
        HistoryRow(
            meeting=model.meeting_link(url, e.meeting),
            date=long_date(e.meeting.date),
            is_raise=e.is_raise,
            status=e.status,
            owners=model.owner_links(url, e.owners),
            due=_maybe_date(e.due),
            note=e.note,
            reopened=reopens(before, e),
            handed_from=model.owner_links(url, taken) if (taken := handed_from(before, e)) else (),
            filed_under=None
            if (now := refiled(action.history, i)) is None
            else model.theme_links(url, now),
        )
        for i, (before, e) in enumerate(
            zip((None, *action.history[:-1]), action.history, strict=True)
        )
        if id(e) in shown
    ]
    context = {
        "action": model.action_row(url, action),
        "themes": model.theme_links(url, action.themes),
        "history": history,
        # An open action's status is as of today (it may fall overdue); a closed one's was
        # settled at the meeting that closed it.
        "as_of": long_date(model.site.settings.build_date) if action.status.is_active else None,
        "tracker": (
            model.link(url, "All outstanding actions", urls.actions())
            if action.status.is_active
            else model.link(url, "All closed actions", urls.closed_actions())
        ),
    }
    return context


def _action_page(model: PageModel, action: Action) -> Page:
    url = urls.action(action.id)
    context = partial(_action_context, model, action)
    return Page(
        url,
        "action.html",
        action.title,
        context,
        source=action.history[0].entry.at.path,
        lastmod=action.current.meeting.date,
        reads=frozenset([action_key(action.id), *([TODAY] if action.status.is_active else [])]),
    )


def _as_of(model: PageModel, pager: Pager) -> DateText | None:
    """The date a list's counts are as of, on its first page only: a later page shows the
    counts without it, so that a new day makes again one page of each list, not all."""
    return long_date(model.site.settings.build_date) if pager.number == 1 else None


def register_lists(model: PageModel) -> Iterator[tuple[str, str | None, tuple[Decision, ...]]]:
    """Each list of the register: (theme slug or None for all, its title, its decisions, in
    force newest first and then superseded newest first)."""
    idx = model.indexes
    yield "", None, idx.decisions_in_force + idx.decisions_superseded
    for slug, found in idx.decisions_by_theme.items():
        in_force = tuple(d for d in found if d.in_force)
        yield (
            slug,
            model.theme_titles.get(slug, slug),
            in_force + tuple(d for d in found if not d.in_force),
        )


@dataclass(frozen=True)
class RegisterCounts:
    """How many decisions of one list of the register are in force, superseded and due for
    review: counted once per list, not once per page."""

    in_force: int
    superseded: int
    due: int
    ahead: int = 0  # agreed ahead, at meetings not yet held: not in force yet

    @classmethod
    def of(cls, found: Sequence[Decision]) -> RegisterCounts:
        in_force = sum(d.standing for d in found)
        ahead = sum(d.in_force and d.in_force_from is not None for d in found)
        due = sum(d.due_for_review for d in found)
        return cls(in_force, len(found) - in_force - ahead, due, ahead)


def register_status_lists(model: PageModel) -> Iterator[tuple[str, str, tuple[Decision, ...]]]:
    """The register's lists by status, which its counts lead to: (first page, heading,
    decisions newest first) of those due for review and of those superseded."""
    idx = model.indexes
    due = tuple(d for d in idx.decisions_in_force if d.due_for_review)
    yield urls.decisions_by_status(urls.DUE_FOR_REVIEW), "Decisions due for review", due
    yield (
        urls.decisions_by_status(urls.SUPERSEDED),
        "Superseded decisions",
        idx.decisions_superseded,
    )


# What an empty list of the register says, by its first page (the others: none recorded).
_EMPTY_REGISTER = MappingProxyType(
    {
        urls.decisions_by_status(urls.DUE_FOR_REVIEW): "No decision is due for review.",
        urls.decisions_by_status(urls.SUPERSEDED): "No decision has been superseded.",
    }
)


def register_pages(model: PageModel) -> Iterator[Page]:
    """Every page of the register: all decisions, then each theme's, then those due for
    review and those superseded, a page at a time."""
    for slug, title, found in register_lists(model):
        yield from _register_list_pages(model, title, found, _register_url(slug))
    yield from _status_list_pages(model)


def _status_list_pages(model: PageModel) -> Iterator[Page]:
    """The pages of the register's lists by status (see `register_status_lists`)."""
    every = model.indexes.decisions
    for first, heading, found in register_status_lists(model):
        yield from _register_list_pages(model, None, found, first, heading, every)


def _register_url(slug: str) -> str:
    """The first page of the register's list of a theme's decisions (of all, for '')."""
    return urls.decisions_by_theme(slug) if slug else urls.decisions()


def _register_list_pages(
    model: PageModel,
    title: str | None,
    found: tuple[Decision, ...],
    first: str,
    status: str | None = None,
    counted: Sequence[Decision] | None = None,
) -> Iterator[Page]:
    """The pages of one list of the register (see `register_lists`) whose first is `first`;
    of a list by status, headed `status`, with the counts of the decisions `counted`."""
    size = model.site.settings.site.page_size
    feed = urls.decisions_feed()
    counts = RegisterCounts.of(found if counted is None else counted)
    label = "Pages of decisions"
    # Cut as a list of meetings is: a new decision comes first (one it replaces moves).
    for pager, start, stop in paginate_newest_first(first, len(found), size, label):
        url = page_url(first, pager)
        words = (
            (status,) if status else ("Decisions on ", Theirs(title)) if title else ("Decisions",)
        )
        heading = paged_heading(Worded(words), pager)
        chunk = found[start:stop]
        first_number = len(found) - start
        context = partial(
            _register_context,
            model,
            url,
            counts,
            chunk,
            first_number,
            pager,
            heading,
            title,
            status is not None,
        )
        reads = [pager_key(first), DECISION_THEMES, *decision_reads(chunk)]
        if pager.number == 1:  # the counts, "as of" the build date; the later pages show
            reads += [DECISIONS, TODAY]  # their decisions alone, so most stay as they are
        elif pager.number == 2:  # a decision added in front moves one here, and its numbers,
            reads.append(DECISIONS)  # though this page may read its key already (as a link)
        yield Page(url, "decisions.html", str(heading), context, feed=feed, reads=frozenset(reads))


def _register_context(
    model: PageModel,
    url: str,
    counts: RegisterCounts,
    chunk: tuple[Decision, ...],
    first_number: int,
    pager: Pager,
    heading: Worded,
    theme_title: str | None,
    by_status: bool = False,
) -> dict[str, Any]:
    """A page of the register: of every decision, of one theme's (`theme_title`), or of
    those due for review or superseded (`by_status`). The list of every decision counts down
    to its last (the oldest superseded, if any is), 1, so a decision keeps its number as
    decisions are added in front of it; `first_number` is the number of the page's first.
    The other lists are not numbered: their own count would stand beside the number a
    decision has in the register. The counts of every decision's list and of the lists by
    status lead to the lists by status; a theme's count its own decisions, and its count of
    superseded ones leads to them, under the theme's list's "Superseded" heading (the lists by
    status hold every theme's; its decisions due for review are among those in force)."""
    idx = model.indexes
    first = pager.number == 1  # the counts: the later pages change only with their decisions
    titles = model.theme_choices
    chosen = urls.first_page(url)

    # Every page marks the filter chosen; the counts are on a list's first page alone, as the
    # tracker's (a decision added would make every later page again).
    def link(text: str, to_url: str, count: int) -> FilterLink:
        href, shown = urls.relative(url, to_url), count if first else None
        return FilterLink(text, href, to_url == url, shown, chosen=to_url == chosen)

    by_theme = [
        link(titles.get(s, s), urls.decisions_by_theme(s), len(found))
        for s, found in idx.decisions_by_theme.items()
    ]
    # Each link counts decisions (superseded too): "All decisions", not "All themes", says so.
    every = link("All decisions", urls.decisions(), len(idx.decisions))
    ahead = [decision_row(model, url, d) for d in chunk if d.in_force and d.in_force_from]
    in_force = [decision_row(model, url, d) for d in chunk if d.standing]
    numbered = theme_title is None and not by_status
    whole = theme_title is None  # the counts of every decision, which lead to the lists
    due_url = urls.decisions_by_status(urls.DUE_FOR_REVIEW)
    superseded_url = urls.decisions_by_status(urls.SUPERSEDED)
    if theme_title is not None and not by_status:  # a theme's: its own "Superseded" heading
        size = model.site.settings.site.page_size
        total = counts.in_force + counts.ahead + counts.superseded
        holding = page_holding(counts.in_force + counts.ahead, total, size)
        superseded_url = f"{urls.paged(urls.first_page(url), holding)}#{SUPERSEDED_ANCHOR}"
    return {
        "heading": heading,
        "as_of": _as_of(model, pager),
        "ahead": ahead,
        "ahead_from": first_number if numbered else None,
        "in_force": in_force,
        "in_force_from": first_number - len(ahead) if numbered else None,
        "superseded": [decision_row(model, url, d) for d in chunk if not d.in_force],
        "superseded_from": first_number - len(ahead) - len(in_force) if numbered else None,
        "counts": first,
        "in_force_count": counts.in_force,
        "ahead_count": counts.ahead,
        "superseded_count": counts.superseded,
        "due_count": counts.due,
        "due_link": model.link(url, "due for review", due_url) if whole else None,
        "superseded_link": model.link(url, "superseded", superseded_url),
        "empty": _EMPTY_REGISTER.get(urls.first_page(url), "No decisions have been recorded yet."),
        "all": every,
        "by_theme": by_theme,
        "themes_href": urls.relative(url, urls.decisions_themes()),
        # every decision's lists by status, under a heading leading to their list (as the
        # tracker's "By status"); a theme's has its own "Superseded" heading
        "statuses_href": urls.relative(url, urls.decisions_by_status_index()) if whole else None,
        "by_status": [
            link("Due for review", due_url, counts.due),
            link("Superseded", superseded_url, counts.superseded),
        ]
        if whole
        else [],
        "themes_folded": _folded(theme_title or every.text, len(by_theme)),
        "pager": pager,
        "feed": urls.relative(url, urls.subscription(urls.DECISIONS_FEED)),
        "csv_href": data_file(url, "decisions.csv"),
        "json_href": data_file(url, "decisions.json"),
    }


# The id of the heading of a page of the register over its superseded decisions.
SUPERSEDED_ANCHOR = "superseded-heading"


# More themes than this and the register's filter by theme is folded (a phone would scroll past
# a screen of links to reach the first decision).
THEMES_UNFOLDED = 8


def _folded(shown: str, themes: int) -> str | None:
    """What the folded filter by theme says: the list `shown` and how many themes there are
    to choose from; None when the themes are few enough to list as they are."""
    if themes <= THEMES_UNFOLDED:
        return None
    return f"{shown}: choose from {themes} themes"


@made_at_once
@dataclass(frozen=True)
class LineageRow:
    decision: DecisionRow
    current: bool  # the decision whose page this is


def _decision_context(model: PageModel, decision: Decision) -> dict[str, Any]:
    url = urls.decision(decision.id)
    lineage = model.indexes.lineage.get(decision.id, (decision,))
    steps = [LineageRow(decision_row(model, url, d), d is decision) for d in lineage]
    return {
        "decision": decision_row(model, url, decision),
        "principles": principles_touched(
            model, url, principles_worded_on(model.site, decision.principles, decision.meeting.date)
        ),
        "lineage": steps if len(steps) > 1 else [],
        # whether a decision of the line replaces the one before it at a meeting not yet held
        "lineage_ahead": any(s.decision.replaces_on for s in steps),
        "reviews": review_rows(model, url, decision),
        "as_of": long_date(model.site.settings.build_date) if _falls_due(decision) else None,
        "register": model.link(url, "All decisions", urls.decisions()),
        # the year search files it under: that of the decision in force in its line
        "search_year": str(lineage[-1].meeting.date.year),
    }


def _falls_due(decision: Decision) -> bool:
    """Whether the passing of time alone can change the decision's status: one in force falls
    due for review on its review date, and is superseded on the day of a meeting written
    ahead that replaces it; one agreed ahead comes into force on its meeting's day. Its page
    says so "as of" the build date; the others' status was settled by a meeting (made,
    replaced, or due since a date shown)."""
    if not decision.in_force:
        return False
    if decision.in_force_from is not None:  # agreed ahead: in force on its meeting's day
        return True
    reviewed_later = decision.review is not None and not decision.due_for_review
    return reviewed_later or decision.superseded_by is not None


def _decision_page(model: PageModel, decision: Decision) -> Page:
    url = urls.decision(decision.id)
    return Page(
        url,
        "decision.html",
        decision.text,
        partial(_decision_context, model, decision),
        source=decision.entry.at.path,
        lastmod=decision.meeting.date,
        feed=urls.decisions_feed(),
        reads=frozenset(
            [
                *decision_reads(model.indexes.lineage.get(decision.id, (decision,))),
                *([TODAY] if _falls_due(decision) else []),
            ]
        ),
        searched=True,
    )


# The pack lists at most this many actions in each part, so that it stays a short handout
# (and a small page) however many are outstanding; the rest are a link away in the tracker.
PACK_ROWS = 60


@dataclass(frozen=True)
class OwnerSince:
    """Since when the owner a pack's row is listed under has had the action (the day of the
    meeting that gave it to them), and who had it before ("" when they were added beside
    the owners it had)."""

    since: DateText
    before: str


@dataclass(frozen=True)
class PackRow(StateRow):
    """An action in the agenda pack: under one of its owners, naming the others and since when
    that owner has had it, if a later meeting gave it to them; with the day of the meeting that
    raised it and, when overdue, how long ago it was due ("18 months ago")."""

    co_owners: tuple[Link, ...] = ()
    owner_since: OwnerSince | None = None
    due_ago: str = ""


@dataclass(frozen=True)
class OwnerGroup:
    owner: Link  # the owner's name, leading to their actions; or "No owner named"
    rows: tuple[PackRow, ...]
    overdue: int
    caption: Worded  # "Due from" the owner's name


@dataclass(frozen=True)
class QuietThemeRow:
    theme: Link
    last: Link | None  # the latest meeting that discussed it; None: never
    last_date: DateText | None


def _pack_row(
    model: PageModel,
    url: str,
    action: Action,
    latest: Meeting | None,
    owner: str | None,
    day: date | None = None,
) -> PackRow:
    """`action` as `latest` left it (None: as it stands), listed under `owner` (None: under
    none, or no owner named); how long overdue, as of the build date, or, when the pack's
    meeting `day` has passed (the pack shows what was due then), as of that day."""
    state = action.state_at(latest) if latest else action.current
    row = model.action_row(url, action, state)
    others = tuple(o for o in state.owners if o != owner)
    shown = {f.name: getattr(row, f.name) for f in fields(row)}
    today = model.site.settings.build_date
    if latest:  # overdue as `latest` left it: a meeting dated ahead has not met yet
        shown["overdue"] = overdue_as_left(action, latest, today)
    given = handed_over(action, state.meeting, owner) if owner else None
    return PackRow(
        **shown,
        co_owners=model.owner_links(url, others) if others and owner else (),
        owner_since=OwnerSince(long_date(given.at.date), ", ".join(given.before))
        if given
        else None,
        due_ago=_overdue_for(state.due, today, day) if shown["overdue"] and state.due else "",
    )


def _overdue_for(due: date, today: date, day: date | None) -> str:
    """How long ago `due` was ("2 years ago"), or, when the pack's meeting `day` has passed,
    how long before it ("8 weeks before the meeting"), if it was due by then."""
    if day is not None and due <= day < today:
        return how_long(due, day) + " before the meeting" if due < day else "the meeting's day"
    return how_long(due, today) + " ago"


def _shared(due: Sequence[Action], latest: Meeting | None) -> int:
    """How many of the actions `due` are listed under more than one owner."""
    return sum(len(a.state_at(latest).owners) > 1 for a in due) if latest else 0


def _shared_text(due: Sequence[Action], latest: Meeting | None) -> str:
    """What the count of actions due says of those listed under more than one owner (for
    a theme's `next.html`: the default says `due_said`)."""
    shared = _shared(due, latest)
    if shared == 0:
        return ""
    if shared == 1:
        return "1 is shared, and listed under each of its owners"
    return f"{shared} are shared, and listed under each of their owners"


def _due_said(due: int, overdue: int, shared: int) -> str:
    """The pack's sentence over its lists of what is due (`due` > 0): "4 actions are due by
    this meeting, listed by owner; 1 of them is overdue. Of the 4, 1 is shared, and listed
    under each of its owners."; for one, "1 action is due by this meeting, and it is
    overdue."."""
    if due == 1:
        said = "1 action is due by this meeting" + (", and it is overdue" if overdue else "")
        shared_said = " It is shared, and listed under each of its owners." if shared else ""
        return f"{said}.{shared_said}"
    said = f"{due} actions are due by this meeting, listed by owner"
    if overdue == due:
        said += "; all of them are overdue" if due > 2 else "; both are overdue"
    elif overdue:
        said += f"; {overdue} of them {'is' if overdue == 1 else 'are'} overdue"
    if shared == 1:
        said += f". Of the {due}, 1 is shared, and listed under each of its owners"
    elif shared:
        said += f". Of the {due}, {shared} are shared, and listed under each of their owners"
    return f"{said}."


def _next_context(model: PageModel) -> dict[str, Any]:
    url = urls.next_meeting()
    site = model.site
    pack = model.pack
    timezone = site.settings.site.timezone
    latest = pack.latest if pack.day else None
    today = site.settings.build_date
    shown_due = pack.due[:PACK_ROWS]
    groups = []
    for group in pack.by_owner:
        actions = [a for a in group.actions if a in shown_due]
        if actions:
            rows = tuple(_pack_row(model, url, a, latest, group.owner, pack.day) for a in actions)
            overdue = sum(overdue_as_left(a, latest, today) for a in actions)
            if group.owner is None:
                nobody = Link("No owner named", "")
                caption = Worded(("Due, no owner named",))
                groups.append(OwnerGroup(nobody, rows, overdue, caption))
            else:
                (owner,) = model.owner_links(url, (group.owner,))
                caption = Worded(("Due from ", Theirs(group.owner)))
                groups.append(OwnerGroup(owner, rows, overdue, caption))
    quiet = [
        QuietThemeRow(
            model.link(url, q.theme.title, urls.theme(q.theme.slug)),
            model.meeting_link(url, q.last) if q.last else None,
            long_date(q.last.date) if q.last else None,
        )
        for q in pack.quiet_themes
    ]
    agenda, agenda_heading = _pack_agenda(model, url)
    overdue_count = sum(overdue_as_left(a, latest, today) for a in pack.due) if latest else 0
    return {
        "schedule": schedule(pack.day, pack.slot, timezone) if pack.day else None,
        "announced_at": model.meeting_link(url, pack.announced_at) if pack.announced_at else None,
        # the meeting itself, published ahead of its day: the next with no announcement
        # standing, or the one that holds the next announced (on its day or postponed)
        "published_ahead": model.meeting_link(url, ahead)
        if (ahead := pack.published_ahead or pack.held_by or pack.brought_forward)
        else None,
        # the day announced, when a meeting published ahead is held before it
        "announced_day": _maybe_date(pack.announced_day),
        "moved_from": _maybe_date(pack.moved_from),
        "agenda": agenda,
        "agenda_heading": agenda_heading,
        "passed": pack.day is not None and pack.day < site.settings.build_date,
        "as_of": long_date(site.settings.build_date),
        "due_text": counted(len(pack.due), "action"),
        "shared_text": _shared_text(pack.due, latest),
        "overdue_count": overdue_count,
        "due_said": _due_said(len(pack.due), overdue_count, _shared(pack.due, latest)),
        "groups": groups,
        "more_due": len(pack.due) - len(shown_due),
        "reviews": [decision_row(model, url, d) for d in pack.reviews[:PACK_ROWS]],
        "more_reviews": max(0, len(pack.reviews) - PACK_ROWS),
        "register": model.link(url, "the decisions register", urls.decisions()),
        "undated": [_pack_row(model, url, a, None, None) for a in pack.undated[:PACK_ROWS]],
        "more_undated": max(0, len(pack.undated) - PACK_ROWS),
        "quiet_themes": quiet,
        "tracker": model.link(url, "the action tracker", urls.actions()),
        "calendar": urls.relative(url, urls.subscription(urls.MEETINGS_CALENDAR)),
    }


def _pack_agenda(model: PageModel, url: str) -> tuple[str, str]:
    """The agenda first on the pack, and the heading the pack puts over it ("" when it has
    its own): the section headed "Agenda" in the text of the next meeting's own file,
    published ahead (the next meeting, or the one holding the next announced), or else in
    the announcing meeting's; else that file's whole text, which is its agenda (but the line
    `new meeting` wrote); ("", "") when there is none."""
    pack, root = model.pack, urls.relative(url, "")
    ahead = pack.published_ahead or pack.held_by or pack.brought_forward
    for written in (ahead, pack.announced_at):
        found = agenda_section(model.bodies[written.path], root) if written else ""
        if found:
            return model.printed(url, found), ""
    if ahead is None or is_placeholder(ahead.body):
        return "", ""
    whole = agenda_whole(model.bodies[ahead.path], root)
    return (model.printed(url, whole), "Agenda") if whole else ("", "")


def _next_page(model: PageModel) -> Page:
    return Page(
        urls.next_meeting(),
        "next.html",
        "Next meeting",
        partial(_next_context, model),
        "The next meeting: when and where, and what is due at it.",
        reads=_next_reads(model),
    )


def _next_reads(model: PageModel) -> frozenset[str]:
    """What the agenda pack shows (see `_next_context`): the next meeting, by the meeting
    whose announcement stands (its date, slot and written agenda, and the events of the
    meetings that announced it, the first the day it moved from) or the meeting published
    ahead that is the next or holds it; the actions due by it and open with no due date,
    counted and ordered as the tracker has them (`actions`), but for those a meeting after
    the latest held names, which may stand otherwise as that one left them; the rows it
    lists; the decisions due for review (`decisions`) and the rows of those it lists; the
    themes by their latest meeting, and the build date. A meeting added after the last,
    ahead of the build date, that names no action, decision or theme changes none of them."""
    site, idx, pack = model.site, model.indexes, model.pack
    announcer = [m for m in (announcement(site),) if m]
    ahead = [m for m in (published_ahead(site), held_next(site), brought_forward(site)) if m]
    made = announcements(site.meetings)[1]
    held = bisect_right(site.meetings, site.settings.build_date, key=lambda m: m.date)
    after = site.meetings[held:]  # those dated ahead, after the latest held
    named = [a.id for m in after for a in idx.raised_at.get(m.slug, ())]
    named += [a.id for m in after for a, _ in idx.updated_at.get(m.slug, ())]
    shown = [a.id for a in (*pack.due[:PACK_ROWS], *pack.undated[:PACK_ROWS])]
    newest = [found[0] for t in site.themes if (found := idx.meetings_by_theme.get(t.slug))]
    return frozenset(
        [
            TODAY,
            LATEST,
            NEXT,
            ACTIONS,
            DECISIONS,
            *(meeting_key(m.slug) for m in (*announcer, *ahead)),
            *(event_key(m.slug) for a in announcer for m in made[a.slug]),
            *action_keys([*named, *shown]),
            *decision_reads(pack.reviews[:PACK_ROWS]),
            *(theme_key(t.slug) for t in site.themes),
            # when each theme's latest meeting is, against the latest held
            *(card_key(m.slug) for m in (*newest, *site.meetings[held - 1 : held])),
        ]
    )


@dataclass(frozen=True)
class ChangeRow:
    date: DateText
    author: str
    old: str | None
    new: str | None
    message: str = ""  # the commit's subject line
    status_was: str | None = None  # its status before and after, when the change set it
    status_now: str | None = None
    # What the change did, e.g. "Reworded", "Agreed" (a status set to agreed, and only
    # that), "Reworded and retired"; and the meeting the principles page credits it to
    # (see `agreed_at`), with whether the commit came "before" or "after" it: what git
    # knows, not which meeting agreed it.
    what: str = ""
    when: str = ""
    meeting: Link | None = None


@dataclass(frozen=True)
class CitingDecision:
    """A decision that cites a principle, and whether a later one has replaced it."""

    link: Link
    superseded: bool
    in_force_from: DateText | None = None  # agreed ahead, at a meeting not yet held


@made_at_once
@dataclass(frozen=True)
class DatedLink:
    """A link to a meeting, with the meeting's date."""

    link: Link
    date: DateText
    upcoming: str | None = None  # said beside the date of a meeting dated after the build date


@dataclass(frozen=True)
class PrincipleView:
    id: str
    anchor: str
    text: str
    meetings: tuple[DatedLink, ...]  # the latest that discussed it
    changes: tuple[ChangeRow, ...]  # rewordings and changes of status, newest first
    every_meeting: Link | None = None  # its page of every meeting that did, if more
    status: PrincipleStatus | None = None
    first_written: ChangeRow | None = None
    decisions: tuple[CitingDecision, ...] = ()  # the latest decisions that cite it
    every_decision: Link | None = None  # the register, when more cite it than are listed
    citing: int = 0  # how many decisions cite it

    @property
    def changes_text(self) -> str:
        return counted(len(self.changes), "change")

    @property
    def decisions_text(self) -> str:
        """How many of the decisions that cite it are listed: "The latest 10 of the 14
        decisions that cite it." ("" when all are)."""
        if self.citing <= len(self.decisions):
            return ""
        return f"The latest {len(self.decisions)} of the {self.citing} decisions that cite it."


def history_note(history: History) -> str | None:
    """What the pages say about the completeness of the git history."""
    if not history.available:
        return (
            "No edit history is available: this copy of the site was not built from a git "
            "checkout of its source."
        )
    if history.shallow:
        return (
            "The edit history is incomplete: the site was built from a shallow git clone "
            "(fetch the full history to see every change)."
        )
    return None


def _rewordings(
    model: PageModel, url: str, principle_id: str, held: Sequence[date]
) -> tuple[ChangeRow, ...]:
    """The principle's rewordings and changes of status (not its first writing), newest first,
    each with the meeting that agreed it (see `agreed_at`; `held` as there)."""
    named = model.indexes.meetings_by_principle.get(principle_id, ())  # newest first
    rows = []
    for change in reversed(model.site.history.principle_changes.get(principle_id, ())):
        if not (change.reworded or change.status_changed):
            continue
        agreed = agreed_at(change.date, held, named, model.site.history.written_up)
        status = change.status_changed
        rows.append(
            ChangeRow(
                long_date(change.date),
                change.author,
                change.old,
                change.new,
                change.message,
                change.old_status.capitalize() if status and change.old_status else None,
                change.new_status.capitalize() if status and change.new_status else None,
                _what_changed(change),
                when_against(change.date, agreed.date) if agreed else "",
                model.meeting_link(url, agreed) if agreed else None,
            )
        )
    return tuple(rows)


# What a change of status did, by the status given (see `_what_changed`).
_GIVEN = MappingProxyType(
    {"agreed": "agreed", "retired": "retired", "suggested": "suggested again"}
)


def _what_changed(change: PrincipleChange) -> str:
    """A principle's change in words: "Reworded", "Agreed", "Reworded and retired"..."""
    given = _GIVEN.get(change.new_status or "", "") if change.status_changed else ""
    said = " and ".join(w for w in ("reworded" if change.reworded else "", given) if w)
    return said[:1].upper() + said[1:]


def _first_written(
    model: PageModel, url: str, principle_id: str, held: Sequence[date]
) -> ChangeRow | None:
    """When the principle was first written, with the meeting it was suggested to, as its
    rewordings are credited (see `agreed_at`; `held` as there), unless it was one of the
    first version of principles.md."""
    changes = model.site.history.principle_changes.get(principle_id, ())
    first = next((c for c in changes if c.old is None and c.new is not None), None)
    if first is None:
        return None
    named = model.indexes.meetings_by_principle.get(principle_id, ())  # newest first
    agreed = (
        None  # the group's starting set: suggested to no meeting
        if first.in_first_version
        else agreed_at(first.date, held, named, model.site.history.written_up)
    )
    return ChangeRow(
        long_date(first.date),
        first.author,
        None,
        first.new,
        first.message,
        when=when_against(first.date, agreed.date) if agreed else "",
        meeting=model.meeting_link(url, agreed) if agreed else None,
    )


def _principles_page(model: PageModel) -> Iterator[Page]:
    """The principles page, each principle with the latest meetings that discussed it (and
    their dates), the retired after the rest."""
    url = urls.principles()
    page = model.site.principles
    size = model.site.settings.site.page_size
    found = model.indexes.meetings_by_principle
    held = held_days(model.site)
    register = model.indexes.decisions  # every decision, which the register lists
    items = [
        PrincipleView(
            p.id,
            f"principle-{p.id}",
            p.text,
            tuple(model.dated_meeting_link(url, m) for m in found.get(p.id, ())[:size]),
            _rewordings(model, url, p.id, held),
            model.link(
                url, "Every meeting that discussed it", urls.principle(p.id), len(found[p.id])
            )
            if len(found.get(p.id, ())) > size
            else None,
            p.status,
            _first_written(model, url, p.id, held),
            tuple(
                CitingDecision(
                    model.link(url, d.text, urls.decision(d.id)),
                    not d.in_force,
                    _maybe_date(d.in_force_from),
                )
                for d in model.indexes.decisions_by_principle.get(p.id, ())[:size]
            ),
            # the register, counted as it counts its decisions
            model.link(url, "Every decision, in the register", urls.decisions(), len(register))
            if len(model.indexes.decisions_by_principle.get(p.id, ())) > size
            else None,
            len(model.indexes.decisions_by_principle.get(p.id, ())),
        )
        for p in page.principles
    ]
    context = {
        "intro": model.printed(url, model.bodies[page.path].html),
        # numbered; the retired after them, under a heading of their own, as the themes list
        # the retired after the rest
        "principles": [v for v in items if v.status is not PrincipleStatus.RETIRED],
        "retired": [v for v in items if v.status is PrincipleStatus.RETIRED],
        "history_note": history_note(model.site.history),
    }
    yield Page(url, "principles.html", page.title, context, source=page.path, searched=True)


def _principle_pages(model: PageModel, p: Principle) -> Iterator[Page]:
    """Every meeting that discussed a principle, a page at a time, when the principles page
    shows only the first of them."""
    meetings = model.indexes.meetings_by_principle.get(p.id, ())
    size = model.site.settings.site.page_size
    if len(meetings) <= size:
        return
    first = urls.principle(p.id)
    label = "Pages of meetings"
    for pager, start, stop in paginate_newest_first(first, len(meetings), size, label):
        at = page_url(first, pager)
        chunk = meetings[start:stop]
        counts = pager.number == 1  # the later pages stay as they are
        # named by its words, as the principles page heads it, not by its id
        heading = paged_heading(Worded(("Meetings on the principle “", Theirs(p.text), "”")), pager)
        context = {
            "principle": p,
            "heading": heading,
            "back": model.link(at, model.site.principles.title, urls.principle_anchor(p.id)),
            "meetings": [model.dated_meeting_link(at, m) for m in chunk],
            "meetings_text": counted(len(meetings), "meeting") if counts else None,
            "pager": pager,
        }
        title = str(heading)
        reads = [pager_key(first), *card_reads(model.site, chunk)]
        if counts:
            reads.append(principle_key(p.id))
        yield Page(at, "principle.html", title, context, reads=frozenset(reads))


# What the browser tests check on every kind of page (tests/test_browser.py), as the statement
# says it: keep the two in step.
TESTED_PAGES = (
    "the home page",
    "a meeting, and one not held yet",
    "the archive and a year of it",
    "the themes and a theme",
    "the action tracker, its filters and closed actions",
    "an action",
    "the decisions register and a decision",
    "the next meeting's agenda pack, on screen and printed",
    "the principles",
    "search, with results",
    "the page that lists the feeds and calendars to follow",
    "lists of many pages",
    "the page for an address not found",
    "this statement",
)


def _accessibility_page(model: PageModel) -> Page:
    config = model.site.settings.site
    contact = config.accessibility.contact or config.feedback_url
    context = {
        "tested_pages": TESTED_PAGES,
        "last_tested": _maybe_date(config.accessibility.last_tested),
        "contact": contact,
        "contact_text": contact.removeprefix("mailto:") if contact else None,
        "search": config.search,
    }
    return Page(
        urls.accessibility(),
        "accessibility.html",
        "Accessibility statement",
        context,
        f"How accessible {config.title} is, how it was tested, and how to report a problem.",
    )


@dataclass(frozen=True)
class Subscription:
    """A feed or calendar as the subscribe page lists it."""

    anchor: str  # its id on the page, which the site's links to it name
    name: Worded  # a theme's feed's names the theme's title
    carries: str  # what it brings, in words
    address: str  # absolute, to copy into a feed reader or calendar app
    # the same as webcal://, which a tap on an iPhone, iPad or Mac opens as a subscription
    # (a calendar's, where the site's address is http or https)
    webcal: str | None = None


def _subscribe_page(model: PageModel) -> Page:
    """What a feed and a calendar subscription are, and each one's address. It shows the
    settings and themes alone, which every page's stamp holds, so it reads no key."""
    site = model.site
    base = site.settings.site.base_url
    feeds = [
        Subscription(
            urls.ALL_MEETINGS,
            Worded(("Every meeting",)),
            "each meeting as it is published",
            base + urls.feed(),
        ),
        Subscription(
            urls.DECISIONS_FEED,
            Worded(("Decisions",)),
            "each decision as it is made, and again if it is replaced",
            base + urls.decisions_feed(),
        ),
        *(
            Subscription(
                urls.theme_subscription(t.slug),
                Worded(("Theme: ", Theirs(t.title), *((" (retired)",) if t.retired else ()))),
                "each meeting on the theme",
                base + urls.theme_feed(t.slug),
            )
            for t in site.themes
        ),
    ]
    calendars = [
        Subscription(
            urls.MEETINGS_CALENDAR,
            Worded(("Meetings",)),
            "each meeting, and the next one once it is set",
            base + urls.meetings_calendar(),
            _webcal(base + urls.meetings_calendar()),
        ),
        Subscription(
            urls.ACTIONS_CALENDAR,
            Worded(("Actions",)),
            "each outstanding action with a due date, as a task due that day",
            base + urls.actions_calendar(),
            _webcal(base + urls.actions_calendar()),
        ),
    ]
    return Page(
        urls.subscribe(),
        "subscribe.html",
        "Feeds and calendars",
        {"feed_subscriptions": feeds, "calendar_subscriptions": calendars},
        f"Follow {site.settings.site.title}'s meetings in a feed reader or a calendar app.",
        reads=frozenset(),
    )


def _webcal(address: str) -> str | None:
    """A calendar's address as a webcal:// link, for an address on the web."""
    scheme, _, rest = address.partition("://")
    return f"webcal://{rest}" if scheme in ("http", "https") else None


@made_at_once
@dataclass(frozen=True)
class NavLink:
    """One of the header's links: `current` when the page is in its section, `here` when the
    page is the one it leads to."""

    text: str
    href: str
    current: bool
    here: bool


_NAV_ENTRIES = (
    ("Meetings", urls.home()),
    ("Themes", urls.themes()),
    ("Actions", urls.actions()),
    ("Decisions", urls.decisions()),
    ("Principles", urls.principles()),
)


def nav_section(page_url: str) -> str | None:
    """The header's target of the section the page at `page_url` is in (None: none marked,
    as on the page not found)."""
    if page_url == urls.not_found():
        return None
    section = page_url.split("/", 1)[0] + "/" if "/" in page_url else ""
    if section in ("meetings/", "page/", urls.archive()):  # the lists of meetings
        return ""
    return section


def site_nav(page_url: str, root: str) -> list[NavLink]:
    section = nav_section(page_url)
    return [
        NavLink(
            text,
            root + target if target else root,
            current=target == section,
            here=target == page_url,
        )
        for text, target in _NAV_ENTRIES
    ]


def _is_content_page(page: Page) -> bool:
    """Meeting, theme and principles pages: the ones written by hand in content/."""
    return page.template in ("meeting.html", "theme.html", "principles.html")


def edit_url(config: SiteConfig, page: Page) -> str | None:
    """Where to edit the page's source in the group's git host (as MkDocs' edit_uri)."""
    if not config.repo_url or not _is_content_page(page):
        return None
    return config.repo_url.rstrip("/") + "/" + config.edit_uri.strip("/") + "/" + page.source


def feedback_url(config: SiteConfig, page: Page) -> str | None:
    """The feedback link with the page's title filled in: a mail subject or an issue title."""
    if not config.feedback_url or not _is_content_page(page):
        return None
    joiner = "&" if "?" in config.feedback_url else "?"
    key = "subject" if config.feedback_url.lower().startswith("mailto:") else "title"
    return f"{config.feedback_url}{joiner}{key}={quote('Feedback on: ' + page.title)}"


# What a page may load: its own site's scripts (no inline script, nor any from elsewhere), the
# search's WebAssembly, images from the web, no plugins; styles inline too (Markdown's table
# alignment is a style attribute).
CONTENT_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def interface_lang(language: str) -> str:
    """The `lang` of nominutes' own words (in English) on a site whose members write in
    `language`: "en" where that is not English, so that a screen reader reads them in an
    English voice; "" (the page's own) where it is."""
    return "" if language.lower().split("-")[0] == "en" else "en"


def members_lang(language: str) -> str:
    """The `lang` that marks the members' own words (titles, text, names) inside the parts
    of a page in nominutes' words, which are marked English (`interface_lang`): `language`
    on a site in another language; "" (nothing to mark) on an English one."""
    return language if interface_lang(language) else ""


def common_context(config: SiteConfig, page: Page) -> dict[str, Any]:
    """What the base template prints on every page."""
    root = page_root(config, page)
    nav = site_nav(page.url, root)
    return {**root_context(config, root), "nav": nav, **_page_part(config, page, root)}


def page_root(config: SiteConfig, page: Page) -> str:
    """The path back to the site's root that the page's links start with."""
    if page.url == urls.not_found():  # served at any depth: use the absolute site path
        return "/" + config.base_url.split("://", 1)[-1].split("/", 1)[-1]
    return urls.root_from(page.url)


def root_context(config: SiteConfig, root: str) -> dict[str, Any]:
    """What the base template prints on every page whose links start with `root`."""
    return {
        "site": config,
        "root": root,
        "og_locale": config.language.replace("-", "_"),  # Open Graph writes en_GB
        "interface_lang": interface_lang(config.language),
        "stylesheet": root + urls.static("style.css"),
        # the group's own, after the default's (`extra_css`)
        "extra_stylesheets": [root + urls.static(quote(path)) for path in config.extra_css],
        "logo": root + urls.static(quote(config.logo)) if config.logo else None,  # (`logo`)
        # shown in its place in dark mode (`logo_dark`)
        "logo_dark": root + urls.static(quote(config.logo_dark)) if config.logo_dark else None,
        "icon": root + urls.static("icon.svg"),  # the tab's and bookmark's icon
        "script": root + urls.static("site.js"),
        # members' raw HTML, where the site allows it, may need what the policy refuses
        "content_policy": None if config.allow_html else CONTENT_POLICY,
        # not on the search page itself, whose own search box is the one to use
        "search_url": root + urls.search() if config.search else None,
        "accessibility_url": root + urls.accessibility(),
        "subscribe_url": root + urls.subscribe(),
    }


def _page_part(config: SiteConfig, page: Page, root: str) -> dict[str, Any]:
    """What the base template prints that `root_context` does not give."""
    feeds = [Link(f"{config.title} – all meetings", root + urls.feed())]
    if page.feed != urls.feed():
        feeds.append(Link(f"{config.title} – {page.title}", root + page.feed))
    part: dict[str, Any] = {
        "page": page,
        "canonical": config.base_url + page.url,
        "feeds": feeds,
        "edit_url": edit_url(config, page),
        "feedback_url": feedback_url(config, page),
    }
    if page.url == urls.search():
        part["search_url"] = None
    return part


class CommonContexts:
    """`common_context` for one build's pages, what is the same for every page at one depth
    (`root_context`) made once for each depth and the header's links once for each section
    and depth, rather than for each page. Made again for a new config (serve keeps its
    environment, and so this, across rebuilds)."""

    def __init__(self) -> None:
        self._config: SiteConfig | None = None
        self._roots: dict[str, dict[str, Any]] = {}
        self._navs: dict[tuple[str, str | None, str], list[NavLink]] = {}

    def of(self, config: SiteConfig, page: Page) -> dict[str, Any]:
        if config is not self._config:
            self._config, self._roots, self._navs = config, {}, {}
        root = page_root(config, page)
        shared = self._roots.get(root)
        if shared is None:
            shared = self._roots[root] = root_context(config, root)
        here = page.url if any(page.url == target for _, target in _NAV_ENTRIES) else ""
        key = (root, nav_section(page.url), here)
        nav = self._navs.get(key)
        if nav is None:
            nav = self._navs[key] = site_nav(page.url, root)
        return {**shared, "nav": nav, **_page_part(config, page, root)}
