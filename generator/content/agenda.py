"""What the next meeting has to get through, from the notes so far: the agenda pack.

The next meeting is the one announced (`next_meeting`) by the latest meeting held by the build
date to announce one, until a meeting is held on or after its day; when no announcement
stands, it is the earliest meeting published ahead of its day, however far ahead (see
`published_ahead`). Its pack holds the agenda written in the body of the meeting
published ahead that is or holds it, or else of the one that announced it (see
`markup.agenda_section`), the
actions due for report-back by then, the decisions due for review by then, the open actions with
no due date, and the themes the group has gone longest without discussing. The email sent after
a meeting lists the actions due at the meeting after it the same way (`due_by`), and the decisions
due for review then as that meeting left them (`reviews_by_as_left`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.content.crossref import (
    Action,
    Decision,
    Indexes,
    closes,
    event_before,
    listed_unchanged,
    reopens,
)
from generator.content.model import (
    Meeting,
    Site,
    Slot,
    Theme,
    announced_at,
    announcements,
    announces,
    meeting_order,
)


@dataclass(frozen=True)
class OwnerDue:
    """One owner's actions due for report-back, overdue first, then by due date."""

    owner: str | None  # None: the actions no owner is named for
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class HandedOver:
    """Since when an owner has had an action a later meeting gave them, and who had it
    before (those no longer its owners; none when they were added beside them)."""

    at: Meeting  # the meeting whose update gave it to them
    before: tuple[str, ...]


def handed_over(action: Action, meeting: Meeting, owner: str) -> HandedOver | None:
    """How `owner` came to have `action` as `meeting` left it: the update that made them an
    owner for good (since when they have had it without a break); None when they have had it
    since it was raised, or do not have it."""
    events = [e for e in action.history if meeting_order(e.meeting) <= meeting_order(meeting)]
    if not events or owner not in events[-1].owners:
        return None
    start = len(events) - 1
    while start > 0 and owner in events[start - 1].owners:
        start -= 1
    if start == 0:
        return None
    now = events[-1].owners
    return HandedOver(
        events[start].meeting, tuple(o for o in events[start - 1].owners if o not in now)
    )


@dataclass(frozen=True)
class QuietTheme:
    """A theme and the latest meeting that discussed it (None: never discussed)."""

    theme: Theme
    last: Meeting | None


@dataclass(frozen=True)
class Agenda:
    """The next meeting and what is due at it; `day` is None when none is announced nor
    published ahead."""

    latest: Meeting | None  # the latest held by the build date: the actions as it left them
    announced_at: Meeting | None  # the meeting whose next_meeting stands (see `announcement`)
    day: date | None
    moved_from: date | None  # the day first announced, when it stands on another (`moved_from`)
    slot: Slot
    # due for report-back by `day`, as `latest` left them: overdue first (`overdue_as_left`),
    # then by due date
    due: tuple[Action, ...]
    # `due`, under each owner: owners by their first action (the most overdue, or the
    # soonest due), then by name
    by_owner: tuple[OwnerDue, ...]
    reviews: tuple[Decision, ...]  # in force, due for review by `day` (or by the build date),
    # the longest overdue first
    undated: tuple[Action, ...]  # open or in progress, with no due date
    quiet_themes: tuple[QuietTheme, ...]  # longest undiscussed first
    # the meeting published ahead that is the next, when no announcement stands
    published_ahead: Meeting | None
    # the meeting published ahead that holds the one announced, on its day or postponed
    # (`held_next`), while the announcement stands
    held_by: Meeting | None = None
    # the meeting published ahead before the day announced (`brought_forward`), which is
    # the next in its place, and that day
    brought_forward: Meeting | None = None
    announced_day: date | None = None


QUIET_THEMES = 5  # how many of the longest-undiscussed themes the pack lists


def latest_met(site: Site) -> Meeting | None:
    """The latest meeting dated on or before the build date: a meeting dated ahead (written
    in advance, or a slip in its date) has not met yet."""
    held = bisect_right(site.meetings, site.settings.build_date, key=lambda m: m.date)
    return site.meetings[held - 1] if held else None


def announcement(site: Site) -> Meeting | None:
    """The meeting whose next_meeting stands: the latest held by the build date to announce
    one, if its day is after the latest meeting held. An announcement stands until a meeting
    is held on or after its day, or a later meeting announces another day."""
    meetings, announcing = site.meetings, site.announcing
    held = bisect_right(meetings, site.settings.build_date, key=lambda m: m.date)
    before = bisect_left(announcing, held)  # those announcing among the meetings held
    if not before:
        return None
    announcer, latest = meetings[announcing[before - 1]], meetings[held - 1]
    day = announcer.next_meeting
    return announcer if day is not None and day > latest.date else None


def published_ahead(site: Site) -> Meeting | None:
    """The next meeting when no announcement stands (see `announcement`): the earliest
    meeting published ahead of its day (dated after the build date, not a draft), however
    far ahead, whose own date, time and place are the next meeting's; None while an
    announcement stands. One dated more than four weeks ahead is warned of (see
    `review.FAR_AHEAD`) and, published, is the next meeting all the same, as the lists of
    meetings show it."""
    after = bisect_right(site.meetings, site.settings.build_date, key=lambda m: m.date)
    if after == len(site.meetings) or announcement(site) is not None:
        return None
    return next((m for m in site.meetings[after:] if not m.draft), None)


def next_meeting(site: Site) -> tuple[Meeting | None, date | None, Slot]:
    """The latest meeting held by the build date, and the date and slot of the next meeting
    if one is announced (see `announcement`): those of the meeting published ahead that
    holds it (on that day or postponed, see `announced_at`), its slot if it gives one, as
    the calendar has them; with no announcement standing, those of the earliest meeting
    published ahead (see `published_ahead`), if there is one."""
    latest, announcer = latest_met(site), announcement(site)
    if announcer is None or announcer.next_meeting is None:
        ahead = published_ahead(site)
        return (latest, ahead.date, ahead.slot) if ahead else (latest, None, Slot())
    holding = held_next(site)
    if holding is not None:
        slot = holding.slot if holding.slot != Slot() else announcer.next_slot
        return latest, holding.date, slot
    return latest, announcer.next_meeting, announcer.next_slot


def brought_forward(site: Site) -> Meeting | None:
    """The earliest meeting published ahead of its day (not a draft) while an announcement
    stands, when it is dated before the day the next meeting stands on (see `next_meeting`):
    brought forward, or one more put in first, it is the one the group holds next, as the
    announcing meeting's email gives it; None otherwise."""
    after = bisect_right(site.meetings, site.settings.build_date, key=lambda m: m.date)
    if after == len(site.meetings) or announcement(site) is None:
        return None
    first = next((m for m in site.meetings[after:] if not m.draft), None)
    day = next_meeting(site)[1]
    return first if first is not None and day is not None and first.date < day else None


def moved_from(site: Site) -> date | None:
    """The day the next meeting was first announced for, when it now stands on another (see
    `next_meeting`): moved by a later meeting announcing another day before it met, or held,
    postponed, after it by the meeting published ahead, or moved in place in the announcing
    file, as git's history shows (`History.first_announced_day`); None when it has not moved,
    or none is announced."""
    announcer = announcement(site)
    if announcer is None:
        return None
    first = site.history.first_announced_day(announcements(site.meetings)[1][announcer.slug][0])
    day = next_meeting(site)[1]
    return first if first is not None and day is not None and first != day else None


def held_next(site: Site) -> Meeting | None:
    """The meeting published ahead that holds the next meeting announced (see
    `announcement` and `announced_at`), if there is one."""
    after = bisect_right(site.meetings, site.settings.build_date, key=lambda m: m.date)
    announcer = announcement(site)
    if announcer is None or after == len(site.meetings):
        return None
    announced = announced_at(site.meetings)
    return next((m for m in site.meetings[after:] if announcer in announced.get(m.slug, ())), None)


@dataclass(frozen=True)
class Announced:
    """The next meeting a meeting announced, where it stands (see `announced_next`)."""

    day: date
    slot: Slot
    moved_from: date | None  # the day first announced, when it stands (or met) on another
    held_by: Meeting | None  # the meeting that holds it: published ahead, or held since


def announced_next(site: Site, meeting: Meeting) -> Announced | None:
    """The next meeting `meeting` announced (None if it announced none), where it stands:
    while its announcement stands, where the agenda pack has it (`next_meeting`, moved from
    `moved_from`, held by `held_next`); once a meeting holds it (on its day or postponed,
    `announced_at`), that meeting's day and slot (the announced slot if it gives none),
    moved from the day first announced (`History.first_announced_day`) if that is another;
    moved since by a later meeting announcing another day, the day it gave. It reads only
    the meetings near it, not every one (a page each announcing meeting has calls it)."""
    day = meeting.next_meeting
    if not announces(meeting) or day is None:
        return None
    if meeting is announcement(site):
        _, standing, slot = next_meeting(site)
        assert standing is not None  # an announcement stands
        return Announced(standing, slot, moved_from(site), held_next(site))
    meetings = site.meetings
    at = bisect_left(meetings, meeting_order(meeting), key=meeting_order)
    holder = None
    for later in meetings[at + 1 :]:  # the first held on or after its day holds it
        if later.date >= day:
            holder = later
            break
        if announces(later):  # moved by a later announcement, before it was held
            break
    if holder is None:
        return Announced(day, meeting.next_slot, None, None)
    slot = holder.slot if holder.slot != Slot() else meeting.next_slot
    first = site.history.first_announced_day(_announced_first(meetings, at))
    moved = first if first is not None and first != holder.date else None
    return Announced(holder.date, slot, moved, holder)


def _announced_first(meetings: Sequence[Meeting], at: int) -> Meeting:
    """The first of the meetings that announced the next meeting `meetings[at]` announced
    (see `announcements`): going back, each meeting to announce one before it did, while it
    announced a day after that one's (no meeting held its announcement before it)."""
    first = meetings[at]
    for back in range(at - 1, -1, -1):
        earlier = meetings[back]
        if announces(earlier):
            if earlier.next_meeting is None or earlier.next_meeting <= first.date:
                break
            first = earlier
    return first


def overdue_as_left(action: Action, meeting: Meeting, today: date) -> bool:
    """Whether `action`, as `meeting` left it, is overdue on `today` (the build date): open or
    in progress, and due before it. A meeting dated ahead that updates it has not met yet."""
    state = action.state_at(meeting)
    return state.status.is_active and state.due is not None and state.due < today


def due_by(indexes: Indexes, meeting: Meeting, day: date, today: date) -> tuple[Action, ...]:
    """Actions open or in progress after `meeting` and due on or before `day`: those
    overdue on `today` (the build date) first, then by due date and id."""
    found = []
    for action in indexes.actions:
        state = action.state_at(meeting)
        if state.status.is_active and state.due is not None and state.due <= day:
            found.append(action)
    return tuple(
        sorted(
            found,
            key=lambda a: (
                not overdue_as_left(a, meeting, today),
                a.state_at(meeting).due,
                a.id,
            ),
        )
    )


def due_by_as_left(indexes: Indexes, meeting: Meeting, day: date) -> tuple[Action, ...]:
    """`due_by`, those overdue on `meeting`'s day first (see `overdue_on_the_day`), then by
    due date and id: the order its email gives them in, whenever it is sent."""
    return tuple(
        sorted(
            due_by(indexes, meeting, day, day),
            key=lambda a: (not overdue_on_the_day(a, meeting), a.state_at(meeting).due, a.id),
        )
    )


def reviews_by(indexes: Indexes, day: date | None) -> tuple[Decision, ...]:
    """Decisions in force due for review on or before `day` (None: by the build date), the
    longest overdue first."""
    due = indexes.decisions_due_for_review_on(day) if day else indexes.decisions_due_for_review
    return tuple(sorted(due, key=lambda d: d.review or date.min))


def reviews_by_as_left(indexes: Indexes, meeting: Meeting, day: date) -> tuple[Decision, ...]:
    """Decisions in force after `meeting` whose review date, as `meeting` left it, is on or
    before `day`, the longest overdue first: reviews since `meeting` move none in or out."""
    after = meeting_order(meeting)
    due = []
    for decision in indexes.decisions:  # newest first, as the register lists them
        successor = indexes.decision_by_id.get(decision.superseded_by or "")
        if meeting_order(decision.meeting) > after or (
            successor is not None and meeting_order(successor.meeting) <= after
        ):
            continue  # made since, or superseded by then
        review = decision.review_at(meeting)
        if review is not None and review <= day:
            due.append((review, decision))
    return tuple(decision for _, decision in sorted(due, key=lambda found: found[0]))


def _by_owner(actions: tuple[Action, ...], meeting: Meeting, today: date) -> tuple[OwnerDue, ...]:
    groups: dict[str | None, list[Action]] = {}
    for action in actions:  # already overdue first, then by due date
        for owner in action.state_at(meeting).owners or (None,):
            groups.setdefault(owner, []).append(action)

    def first(owner: str | None) -> tuple[bool, date, bool, str]:
        action = groups[owner][0]  # the most overdue, or the soonest due
        due = action.state_at(meeting).due or date.max
        late = overdue_as_left(action, meeting, today)
        return (not late, due, owner is None, (owner or "").casefold())

    order = sorted(groups, key=first)
    return tuple(OwnerDue(owner, tuple(groups[owner])) for owner in order)


def quiet_themes(site: Site, indexes: Indexes, limit: int = QUIET_THEMES) -> tuple[QuietTheme, ...]:
    """Themes by the date they were last discussed, never-discussed and oldest first; not
    those the latest meeting held by the build date (or one dated after it) discussed, nor
    retired ones."""
    latest = latest_met(site)
    found = []
    for theme in site.themes:
        if theme.retired:
            continue
        meetings = indexes.meetings_by_theme.get(theme.slug, ())  # newest first
        if meetings and latest and meeting_order(meetings[0]) >= meeting_order(latest):
            continue
        found.append(QuietTheme(theme, meetings[0] if meetings else None))
    found.sort(
        key=lambda q: (q.last is not None, q.last.date if q.last else date.min, q.theme.slug)
    )
    return tuple(found[:limit])


def agenda(site: Site, indexes: Indexes) -> Agenda:
    latest, day, slot = next_meeting(site)
    sooner = brought_forward(site)
    announced, day, slot = (day, sooner.date, sooner.slot) if sooner else (None, day, slot)
    today = site.settings.build_date
    due = due_by(indexes, latest, day, today) if latest and day else ()
    undated = tuple(a for a in indexes.actions if a.status.is_active and a.due is None)
    return Agenda(
        latest=latest,
        announced_at=announcement(site) if day else None,
        day=day,
        moved_from=None if sooner else moved_from(site),
        slot=slot,
        due=due,
        by_owner=_by_owner(due, latest, today) if latest else (),
        reviews=reviews_by(indexes, day),
        undated=undated,
        quiet_themes=quiet_themes(site, indexes),
        published_ahead=published_ahead(site),
        held_by=held_next(site),
        brought_forward=sooner,
        announced_day=announced,
    )


@dataclass(frozen=True)
class SinceLast:
    """What a meeting recorded about the actions since the meeting before it: the actions
    its page counts (see `crossref.SinceLast`), for the email to list."""

    previous: Meeting | None
    closed: tuple[Action, ...]  # marked done or dropped at the meeting
    # updated at the meeting and still open or in progress (not reopened there)
    progressed: tuple[Action, ...]
    noted: tuple[Action, ...]  # updated at the meeting, already done or dropped before it
    overdue: tuple[Action, ...]  # not reported on, still open after it, though due before it
    not_reported: tuple[Action, ...]  # due at it, still active, not updated at it
    # the others it lists with nothing changed (`crossref.listed_unchanged`), as in its file
    unchanged: tuple[Action, ...] = ()
    reopened: tuple[Action, ...] = ()  # set open or in progress at it, once done or dropped


def overdue_on_the_day(action: Action, meeting: Meeting) -> bool:
    """Whether `action`, as `meeting` left it, was overdue on its day: open or in progress,
    and due before it (one raised there already past its due date too, as the agenda pack,
    which counts from the build date, marks it)."""
    state = action.state_at(meeting)
    return state.status.is_active and state.due is not None and state.due < meeting.date


def overdue_at_meeting(action: Action, meeting: Meeting) -> bool:
    """Whether `action` was overdue at `meeting`, as its page counts "still overdue":
    overdue on its day (see `overdue_on_the_day`) and raised at an earlier one."""
    return overdue_on_the_day(action, meeting) and action.raised_in.date < meeting.date


def since_last(indexes: Indexes, meeting: Meeting) -> SinceLast:
    reported = indexes.updated_at.get(meeting.slug, ())
    updated = [action for action, _ in reported]
    before = [event_before(a, e) for a, e in reported]
    closing = [closes(b, e) for b, (_, e) in zip(before, reported, strict=True)]
    reopening = {id(a) for b, (a, e) in zip(before, reported, strict=True) if reopens(b, e)}
    overdue = [a for a in indexes.actions if a not in updated and overdue_at_meeting(a, meeting)]
    missed = indexes.not_reported_back_at.get(meeting.slug, ())
    due = {a.id for a in missed}
    return SinceLast(
        previous=indexes.previous.get(meeting.slug),
        closed=tuple(a for (a, _), shut in zip(reported, closing, strict=True) if shut),
        progressed=tuple(a for a, e in reported if e.status.is_active and id(a) not in reopening),
        noted=tuple(
            a
            for (a, e), shut in zip(reported, closing, strict=True)
            if not e.status.is_active and not shut
        ),
        overdue=tuple(sorted(overdue, key=lambda a: (a.state_at(meeting).due, a.id))),
        not_reported=missed,
        unchanged=tuple(a for a in listed_unchanged(indexes, meeting) if a.id not in due),
        reopened=tuple(a for a, _ in reported if id(a) in reopening),
    )
