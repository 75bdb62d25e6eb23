"""Resolve references between meetings once, into pre-sorted indexes.

An action is raised by the meeting whose entry has a title and updated by later
entries without one; its current state is its last update. Indexes are sorted
here so templates never sort: meetings newest first, actions by id; the tracker's lists
of outstanding actions by due date (most overdue first, undated last) and of closed actions
newest closed first.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from functools import partial
from itertools import accumulate, chain, compress, count, pairwise, repeat
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from generator.content.load import MEETINGS_DIR, Kind, Loaded
from generator.content.model import (
    ActionEntry,
    DecisionEntry,
    DecisionReview,
    History,
    Location,
    Meeting,
    PrincipleChange,
    PrincipleStatus,
    Removal,
    Site,
    Status,
    meeting_order,
    record_as_cached,
)
from generator.content.safeyaml import pasted_characters
from generator.content.validate import referencing_parts
from generator.errors import Problem, closest


class ActionEvent(NamedTuple):
    """An action's state as one meeting left it. (A named tuple, not a frozen dataclass: a
    build makes one per action entry, in a third of the time.)"""

    meeting: Meeting
    entry: ActionEntry
    is_raise: bool
    status: Status
    owners: tuple[str, ...]
    due: date | None
    note: str | None


class Action(NamedTuple):
    """An action with every state the meetings left it in; its current state (the last)
    is worked out once, since every list, page and key reads it. (A named tuple, as
    `ActionEvent`.)"""

    id: str
    title: str
    themes: tuple[str, ...]
    history: tuple[ActionEvent, ...]  # oldest first; history[0] is the raise
    overdue: bool
    status: Status  # the last event's
    owners: tuple[str, ...]  # the last event's
    due: date | None  # the last event's
    # When a done or dropped action was closed: the first meeting of its last run of closed
    # states (None while it is open or in progress).
    closed_on: date | None
    # Where in `history` the latest event with a note is (None: none has one) and the latest
    # event that changed something (0, the raise, when none did): found once, as the action
    # is made, for the many rows, calendars and exports that show them (`noted_and_changed`).
    latest_note_at: int | None
    last_change_at: int

    @property
    def raised_in(self) -> Meeting:
        return self.history[0].meeting

    @property
    def current(self) -> ActionEvent:
        return self.history[-1]

    @property
    def closed_by(self) -> ActionEvent | None:
        """The event that gave a closed action the status it has: the first of its last run
        of that status (a later entry repeating it, as `new meeting` may list it, closes
        nothing); None while it is open or in progress."""
        if self.status.is_active:
            return None
        closed = self.history[-1]
        for event in reversed(self.history):
            if event.status is not self.status:
                break
            closed = event
        return closed

    @property
    def latest_note(self) -> ActionEvent | None:
        """The latest event with a note, if any."""
        at = self.latest_note_at
        return None if at is None else self.history[at]

    @property
    def last_change(self) -> ActionEvent:
        """The latest event that changed something (the raise when none did): an entry left
        as `new meeting` wrote it is no update."""
        return self.history[self.last_change_at]

    @property
    def changes(self) -> tuple[ActionEvent, ...]:
        """The raise and each update that changed something, oldest first: the meetings
        that reported on it (an entry left as `new meeting` wrote it reports nothing)."""
        history = self.history
        if len(history) == 1:
            return history
        for at in range(1, len(history)):
            if history[at].note is None and changes_nothing(history[at - 1], history[at]):
                break
        else:  # (most often: each update has a note)
            return history
        return (history[0], *(e for b, e in pairwise(history) if not changes_nothing(b, e)))

    def state_at(self, meeting: Meeting) -> ActionEvent:
        """The latest event at or before `meeting`."""
        history, at = self.history, meeting_order(meeting)
        if meeting_order(history[-1].meeting) <= at:  # (most often: the last)
            return history[-1]
        state = history[0]
        for event in history:
            if meeting_order(event.meeting) <= at:
                state = event
        return state


def noted_and_changed(history: Sequence[ActionEvent]) -> tuple[int | None, int]:
    """Where in `history` the latest event with a note is (None: none has one), and the
    latest event that changed something (0, the raise, when none did): `Action.latest_note`
    and `Action.last_change`."""
    noted = next((at for at in range(len(history) - 1, -1, -1) if history[at].note), None)
    for at in range(len(history) - 1, 0, -1):
        if not changes_nothing(history[at - 1], history[at]):
            return noted, at
    return noted, 0


def changes_nothing(before: ActionEvent, event: ActionEvent) -> bool:
    """Whether `event`, the update after `before`, only lists the action: no note, and its
    status, owners, due date and themes as they were."""
    entry = event.entry
    return (
        entry.note is None
        and entry.themes is None
        and entry.status in (None, before.status)
        and entry.owners in (None, before.owners)
        and entry.due in (None, before.due)
    )


@dataclass(frozen=True)
class Decision:
    """A decision as the register shows it: made once, in force until a later one replaces it."""

    id: str
    text: str
    themes: tuple[str, ...]  # its entry's, else (none given) its meeting's
    principles: tuple[str, ...]
    meeting: Meeting  # the meeting that made it
    entry: DecisionEntry
    supersedes: str | None  # the id of the decision it replaced
    # the id of the decision that replaced it, or replaces it at a meeting dated after the
    # build date (written ahead): then it stands until that meeting's day (`in_force`)
    superseded_by: str | None
    review: date | None  # when it is to be reviewed: as its latest review set, if any
    due_for_review: bool  # in force, and its review date has passed as of the build date
    reviews: tuple[Reviewed, ...] = ()  # later meetings that reviewed and kept it, oldest first
    # as of the build date: not replaced, or replaced by a meeting not yet held
    in_force: bool = True
    superseded_on: date | None = None  # the day of the meeting that replaced (or replaces) it
    # made at a meeting dated after the build date (agreed ahead): the day it comes into
    # force, that meeting's; None once the meeting is held
    in_force_from: date | None = None

    @property
    def standing(self) -> bool:
        """Whether it is in force as of the build date: not superseded, and its meeting
        held (one agreed ahead is not in force until that meeting's day)."""
        return self.in_force and self.in_force_from is None

    @property
    def last_reviewed(self) -> date | None:
        """The date of the latest meeting that reviewed it and kept it."""
        return self.reviews[-1].meeting.date if self.reviews else None

    def review_at(self, meeting: Meeting) -> date | None:
        """When it was to be reviewed as `meeting` left it (the latest review at or before
        it set the date, or else the meeting that made it)."""
        review = self.entry.review
        for kept in self.reviews:
            if meeting_order(kept.meeting) <= meeting_order(meeting):
                review = kept.entry.review
        return review

    def reviewed_after(self, meeting: Meeting) -> Reviewed | None:
        """The latest review that kept it at a meeting after `meeting`, if any."""
        if self.reviews and meeting_order(self.reviews[-1].meeting) > meeting_order(meeting):
            return self.reviews[-1]
        return None


@dataclass(frozen=True)
class Reviewed:
    """A decision reviewed and kept at a later meeting, as that meeting's entry says."""

    meeting: Meeting
    entry: DecisionReview


@dataclass(frozen=True)
class Reworded:
    """A principle reworded (in git) between two meetings, with the wording its last
    rewording by the later meeting gave it (what it said then, not what it says now) and
    the day of that commit."""

    id: str
    text: str
    date: date


@dataclass(frozen=True)
class Restated:
    """A principle whose status changed (in git) between two meetings, with the status and
    wording its last change by the later meeting gave it, and the day of that commit."""

    id: str
    status: str  # 'suggested', 'agreed' or 'retired'
    text: str
    date: date


# The statuses a principle can be given, in the order "since the last meeting" names them,
# each with the phrase that counts the principles given it.
_RESTATED = (("agreed", "agreed"), ("retired", "retired"), ("suggested", "suggested again"))


def _later(restated: Restated, reworded: Reworded) -> Restated:
    """A principle given a status and reworded at one meeting, in the words and on the day
    of the later of the two changes."""
    if reworded.date > restated.date:
        return replace(restated, text=reworded.text, date=reworded.date)
    return restated


@dataclass(frozen=True)
class SinceLast:
    """What changed at a meeting since the one before it: what its page, feed entry and email
    open with."""

    previous: Meeting | None
    raised: int  # actions raised at the meeting
    closed: int  # actions marked done or dropped at it
    overdue: int  # actions still open or in progress after it, though due before it
    decided: int  # decisions made at it
    superseded: int  # earlier decisions it replaced (or replaces, if `ahead`)
    reworded: tuple[Reworded, ...]  # principles reworded (in git) after the previous meeting
    restated: tuple[Restated, ...] = ()  # principles whose status changed (in git) then, by id
    overdue_reported: int = 0  # of those overdue, the ones updated at it
    reviewed: int = 0  # earlier decisions it reviewed and kept
    # the meeting is dated after the build date: not held yet, so it has left no action
    # overdue yet (`changes` counts none) and replaces its decisions only on its day
    ahead: bool = False
    reopened: int = 0  # actions set open or in progress again at it, once done or dropped
    handed_on: int = 0  # actions an update at it took from an owner (`handed_from`)
    # principles first written (in git) then, suggested (or with no status), in their first
    # words: those first written agreed are among `restated`
    suggested: tuple[Reworded, ...] = ()

    @property
    def reworded_alone(self) -> tuple[Reworded, ...]:
        """The principles reworded whose status did not change too (those that did are
        named once, under `restated_by_status`)."""
        restated = {p.id for p in self.restated}
        return tuple(p for p in self.reworded if p.id not in restated)

    @property
    def restated_by_status(self) -> tuple[tuple[str, tuple[Restated, ...]], ...]:
        """The principles whose status changed, under what each status given says of them
        ("agreed", "retired", "suggested again", or "reworded and agreed" for one reworded
        too, in the words and on the day of its later change; one first suggested is in
        `suggested`), of those some were given."""
        reworded = {p.id: p for p in self.reworded}
        found = []
        for status, said in _RESTATED:
            given = [p for p in self.restated if p.status == status]
            both = tuple(_later(p, reworded[p.id]) for p in given if p.id in reworded)
            found += [
                (f"reworded and {said}", both),
                (said, tuple(p for p in given if p.id not in reworded)),
            ]
        return tuple((said, given) for said, given in found if given)

    @property
    def lines(self) -> tuple[str, ...]:
        """Each change as a short phrase, e.g. '2 actions raised'; none when nothing changed."""
        return tuple(line for _, line in self.changes)

    @property
    def changes(self) -> tuple[tuple[str, str], ...]:
        """Each change as what it counts ('raised', 'closed', 'reopened', 'handed-on',
        'overdue', 'decided', 'superseded', 'reviewed', 'reworded', 'new' for a principle
        first suggested, or a principle's new status) and its phrase
        (see `lines`). A meeting not held yet (`ahead`) counts nothing still overdue after
        it: its day has not come."""
        counts = [
            ("raised", self.raised, "action", "raised"),
            ("closed", self.closed, "action", "closed"),
            ("reopened", self.reopened, "action", "reopened"),
            ("handed-on", self.handed_on, "action", "handed on"),
            ("overdue", 0 if self.ahead else self.overdue, "action", "still overdue"),
            ("decided", self.decided, "decision", "made"),
            (
                "superseded",
                self.superseded,
                "decision",
                "to be superseded" if self.ahead else "superseded",
            ),
            ("reviewed", self.reviewed, "decision", "reviewed"),
            ("reworded", len(self.reworded), "principle", "reworded"),
            ("new", len(self.suggested), "principle", "suggested"),
            *(
                (status, sum(1 for p in self.restated if p.status == status), "principle", what)
                for status, what in _RESTATED
            ),
        ]
        return tuple(
            (kind, f"{count} {noun}{'' if count == 1 else 's'} {what}{self._aside(kind)}")
            for kind, count, noun, what in counts
            if count
        )

    def _aside(self, kind: str) -> str:
        """What follows a change's phrase: for the actions still overdue, how many of them
        the meeting reported on, as its email lists those apart."""
        if kind != "overdue" or not self.overdue_reported:
            return ""
        if self.overdue == 1:
            return " (reported on at this meeting)"
        return f" ({self.overdue_reported} reported on at this meeting)"


@dataclass(frozen=True)
class Elsewhere:
    """What the meetings whose files have errors (and so are not in the site) may raise or
    make once fixed: a reference to one of these ids is not reported as unknown, so the
    other meetings' references can be checked in the same run."""

    texts: frozenset[str] | None = frozenset()  # all they hold; None: one could not be read
    action_ids: frozenset[str] = frozenset()  # written as an action's id (for suggestions)
    decision_ids: frozenset[str] = frozenset()  # written as a decision's id
    # The meetings read without their date (it has an error): where they come among the
    # others is not known, so nothing that depends on it is reported of them.
    undated: frozenset[str] = frozenset()
    # The actions' ids holding a character pasted in that passes for a hyphen or shows nothing
    # (`pasted_characters`), each with the file and line it is written at: an update that
    # names the id as typed is told where it is, not asked if it meant what looks the same.
    pasted_action_ids: tuple[tuple[str, str, int], ...] = ()
    # The meetings left out as drafts (`Site.drafts`): an update naming an action one raises,
    # or a review a decision one makes, is told to publish it.
    drafts: tuple[Meeting, ...] = ()

    def may_define(self, found: str) -> bool:
        return self.texts is None or found in self.texts

    def in_known_order(self, *meetings: Meeting) -> bool:
        """Whether it is known which of `meetings` came first: none is read without its
        date."""
        return not any(meeting.path in self.undated for meeting in meetings)


@dataclass(frozen=True)
class Indexes:
    meetings_newest_first: tuple[Meeting, ...]
    previous: Mapping[str, Meeting | None]
    next: Mapping[str, Meeting | None]
    actions: tuple[Action, ...]
    action_by_id: Mapping[str, Action]
    raised_at: Mapping[str, tuple[Action, ...]]
    # by meeting, its updates that changed something (`Action.changes`), by action id
    updated_at: Mapping[str, tuple[tuple[Action, ActionEvent], ...]]
    # due by the meeting, and updated at it for the first time since it fell due (see `DueAt`)
    reported_back_at: Mapping[str, tuple[Action, ...]]
    meetings_by_theme: Mapping[str, tuple[Meeting, ...]]
    meetings_by_principle: Mapping[str, tuple[Meeting, ...]]
    actions_by_theme: Mapping[str, tuple[Action, ...]]
    actions_by_owner: Mapping[str, tuple[Action, ...]]
    actions_by_status: Mapping[Status, tuple[Action, ...]]  # in the order of their list below
    outstanding: tuple[Action, ...]  # open and in progress, by due date, undated last
    closed: tuple[Action, ...]  # done and dropped, newest closed first
    overdue: tuple[Action, ...]  # the outstanding ones past their due date, most overdue first
    outstanding_by_owner: Mapping[str, tuple[Action, ...]]
    closed_by_owner: Mapping[str, tuple[Action, ...]]
    outstanding_by_theme: Mapping[str, tuple[Action, ...]]
    closed_by_theme: Mapping[str, tuple[Action, ...]]
    since_last: Mapping[str, SinceLast] = field(default_factory=dict)  # by meeting slug
    # Due at the meeting, still active, and not updated at it (see `due_at`).
    not_reported_back_at: Mapping[str, tuple[Action, ...]] = field(default_factory=dict)
    overdue_at: Mapping[str, int] = field(default_factory=dict)  # still overdue after it
    # Decisions: newest meeting first, each meeting's as written; lineage is oldest first.
    decisions: tuple[Decision, ...] = ()
    decision_by_id: Mapping[str, Decision] = field(default_factory=dict)
    decisions_in_force: tuple[Decision, ...] = ()
    decisions_superseded: tuple[Decision, ...] = ()
    decisions_due_for_review: tuple[Decision, ...] = ()  # as of the build date
    decided_at: Mapping[str, tuple[Decision, ...]] = field(default_factory=dict)
    superseded_at: Mapping[str, tuple[Decision, ...]] = field(default_factory=dict)  # replaced
    decisions_by_theme: Mapping[str, tuple[Decision, ...]] = field(default_factory=dict)
    decisions_by_principle: Mapping[str, tuple[Decision, ...]] = field(default_factory=dict)
    lineage: Mapping[str, tuple[Decision, ...]] = field(default_factory=dict)

    def decisions_due_for_review_on(self, day: date) -> tuple[Decision, ...]:
        """Decisions in force whose review date is on or before `day` (e.g. a meeting's date),
        and not replaced by then (by a meeting written ahead, on or before `day`)."""
        return tuple(
            d
            for d in self.decisions_in_force
            if d.review is not None
            and d.review <= day
            and (d.superseded_on is None or d.superseded_on > day)
        )


def kept_at(indexes: Indexes, meeting: Meeting) -> tuple[tuple[Decision, Reviewed], ...]:
    """The decisions `meeting` reviewed and kept, as it lists them (those with no error),
    each with its review there: what its page, feed entry and email show."""
    found = []
    for entry in meeting.reviews:
        decision = indexes.decision_by_id.get(entry.id)
        if decision is not None:
            found += [(decision, kept) for kept in decision.reviews if kept.meeting is meeting]
    return tuple(found)


def listed_unchanged(indexes: Indexes, meeting: Meeting) -> tuple[Action, ...]:
    """The actions `meeting` lists with nothing changed (an entry left as `new meeting`
    wrote it, `changes_nothing`: no update), in the order of its file."""
    found = []
    by_id = indexes.action_by_id
    for entry in meeting.actions:
        action = by_id.get(entry.id)
        if action is None or entry.title is not None:
            continue
        history = action.history
        for at in range(1, len(history)):
            if history[at].entry is entry:
                if changes_nothing(history[at - 1], history[at]):
                    found.append(action)
                break
    return tuple(found)


def crossref(site: Site, elsewhere: Elsewhere | None = None) -> tuple[Indexes, list[Problem]]:
    """The indexes, and the problems in what meetings refer to. With `elsewhere` (what the
    meetings left out of `site` because their files have errors may define once fixed), an
    id that may be defined there is not reported as unknown."""
    meetings = site.meetings  # sorted oldest first by validate
    today, elsewhere = site.settings.build_date, elsewhere or Elsewhere()
    if site.drafts:
        elsewhere = replace(elsewhere, drafts=site.drafts)
    actions, problems = resolve_actions(meetings, today, elsewhere, site.history)
    decisions, decision_problems = resolve_decisions(meetings, today, elsewhere, site.history)
    problems += decision_problems
    by_id = {a.id: a for a in actions}
    outstanding = tuple(sorted((a for a in actions if a.status.is_active), key=_by_due))
    closed = tuple(sorted((a for a in actions if not a.status.is_active), key=_by_closing))
    newest_first = tuple(reversed(meetings))
    decision_by_id = {d.id: d for d in decisions}
    due = due_at(meetings, actions)
    by_principle = _invert(newest_first, "principles")
    return (
        Indexes(
            meetings_newest_first=newest_first,
            previous={m.slug: meetings[i - 1] if i else None for i, m in enumerate(meetings)},
            next={
                m.slug: meetings[i + 1] if i + 1 < len(meetings) else None
                for i, m in enumerate(meetings)
            },
            actions=actions,
            action_by_id=by_id,
            raised_at=_raised_at(meetings, actions),
            updated_at=_updated_at(meetings, actions),
            reported_back_at=due.reported,
            not_reported_back_at=due.not_reported,
            overdue_at=due.overdue,
            meetings_by_theme=_invert(newest_first, "themes"),
            meetings_by_principle=by_principle,
            actions_by_theme=_invert(actions, "themes"),
            actions_by_owner=_invert(actions, "owners"),
            actions_by_status=_by_status(outstanding + closed),
            outstanding=outstanding,
            closed=closed,
            overdue=tuple(a for a in outstanding if a.overdue),
            outstanding_by_owner=_invert(outstanding, "owners"),
            closed_by_owner=_invert(closed, "owners"),
            outstanding_by_theme=_invert(outstanding, "themes"),
            closed_by_theme=_invert(closed, "themes"),
            decisions=decisions,
            decision_by_id=decision_by_id,
            decisions_in_force=tuple(d for d in decisions if d.in_force),
            decisions_superseded=tuple(d for d in decisions if not d.in_force),
            decisions_due_for_review=tuple(d for d in decisions if d.due_for_review),
            decided_at=_by_meeting(meetings, decisions, lambda d: d.meeting.slug),
            superseded_at=_by_meeting(
                meetings,
                tuple(d for d in reversed(decisions) if d.superseded_by),
                lambda d: decision_by_id[d.superseded_by or ""].meeting.slug,
            ),
            decisions_by_theme=_invert(decisions, "themes"),
            decisions_by_principle=_invert(decisions, "principles"),
            lineage={d.id: _lineage(d, decision_by_id) for d in decisions},
            since_last=_since_last(site, actions, decisions, due.overdue, by_principle),
        ),
        problems,
    )


@dataclass(frozen=True)
class Column:
    """One field of some indexes, its records in a row: `ids`, the id of each record in the
    order the field holds them, and `ends`, where the records of each of its entries end (a
    dict's values, a tuple's items; a field that is a record is one entry). Records are what
    `_swapped` takes them to be: neither dicts nor plain tuples."""

    ids: list[int]
    ends: list[int]


Places = Mapping[str, Column]  # by field name: where the records of the indexes sit


def places_of(indexes: Indexes) -> Places:
    """Where the records of `indexes` sit (see `Column`)."""
    return {item.name: _column(getattr(indexes, item.name)) for item in fields(Indexes)}


_LISTS = frozenset({tuple, dict})


def _column(value: object) -> Column:
    kind = type(value)
    if kind is not dict and kind is not tuple:
        return Column([id(value)], [1])
    entries = list(value.values()) if kind is dict else value  # type: ignore[attr-defined]
    kinds = set(map(type, entries))
    if kinds.isdisjoint(_LISTS):  # records
        return Column(list(map(id, entries)), list(range(1, len(entries) + 1)))
    if kinds == {tuple}:
        inner = list(chain.from_iterable(entries))
        kinds = set(map(type, inner))
        if kinds.isdisjoint(_LISTS):  # lists of records
            return Column(list(map(id, inner)), list(accumulate(map(len, entries))))
        records = list(chain.from_iterable(inner))
        if kinds == {tuple} and set(map(type, records)).isdisjoint(_LISTS):  # lists of pairs
            sizes = (sum(map(len, entry)) for entry in entries)
            return Column(list(map(id, records)), list(accumulate(sizes)))
    found = [_records(entry) for entry in entries]
    return Column(list(map(id, chain.from_iterable(found))), list(accumulate(map(len, found))))


def _records(value: object) -> list[object]:
    """The records in `value`, however deep in dicts and tuples."""
    records, looked = [], [value]
    while looked:
        value = looked.pop()
        kind = type(value)
        if kind is tuple:
            looked.extend(reversed(value))  # type: ignore[call-overload]
        elif kind is dict:
            looked.extend(reversed(value.values()))  # type: ignore[attr-defined]
        else:
            records.append(value)
    return records


def with_meeting(
    indexes: Indexes, places: Places, old: Meeting, new: Meeting
) -> tuple[Indexes, Places]:
    """The indexes with `new` in place of `old`, a meeting whose edit left all that `crossref`
    reads of it as it was (its slug, date, themes, principles, and its actions and decisions
    but for their titles, notes and texts, though an update's note is there or not as it
    was): every list keeps its order, and the actions and decisions the meeting names are
    made again around the new record and its entries. Every
    other record is the very same (serve compares by identity), and only the entries that
    hold one are looked into (`places`, the indexes' places; returned for the new ones)."""
    swap: dict[int, object] = {id(old): new}
    slug = old.slug
    entries = dict(zip(map(id, old.actions), new.actions, strict=True))
    # the actions it names (`updated_at` leaves out those whose entry changes nothing)
    by_id = indexes.action_by_id
    named = {id(a): a for a in (by_id.get(e.id) for e in old.actions) if a is not None}
    for action in named.values():
        history, title = [], action.title
        for event in action.history:
            if event.meeting is old:
                entry = entries[id(event.entry)]
                title = entry.title if event.is_raise else title
                swap[id(event)] = event = event._replace(meeting=new, entry=entry, note=entry.note)
            history.append(event)
        noted, changed = noted_and_changed(history)  # (a raise's note may come or go)
        swap[id(action)] = action._replace(
            history=tuple(history), title=title, latest_note_at=noted, last_change_at=changed
        )
    made = dict(zip(map(id, old.decisions), new.decisions, strict=True))
    for decision in indexes.decided_at.get(slug, ()):
        entry = made[id(decision.entry)]
        swap[id(decision)] = replace(decision, meeting=new, entry=entry, text=entry.text)
    following = indexes.next.get(slug)
    if following is not None and following.slug in indexes.since_last:
        since = indexes.since_last[following.slug]
        swap[id(since)] = replace(since, previous=new)
    changed: dict[str, object] = {}
    moved = dict(places)
    for name, column in places.items():
        if swap.keys().isdisjoint(column.ids):
            continue
        hits = list(compress(count(), map(swap.__contains__, column.ids)))
        ids = list(column.ids)
        for at in hits:
            ids[at] = id(swap[ids[at]])
        moved[name] = Column(ids, column.ends)
        held = sorted({bisect_right(column.ends, at) for at in hits})  # the entries holding one
        value = getattr(indexes, name)
        if type(value) is dict:
            keys = list(value)
            changed[name] = {**value, **{keys[i]: _swapped(value[keys[i]], swap) for i in held}}
        elif type(value) is tuple:
            listed = list(value)
            for i in held:
                listed[i] = _swapped(value[i], swap)
            changed[name] = tuple(listed)
        else:
            changed[name] = _swapped(value, swap)
    return replace(indexes, **changed), moved


# --- the indexes as plain values, for the build cache ------------------------------------------

# How each field of `Indexes` is kept (`indexes_to_cache`): made again from the meetings or the
# actions and decisions (`_MADE_AGAIN`), or held as the positions of its records: "actions"
# and "decisions" (tuples of them), "by-meeting", "by-action" and "by-decision" (dicts of
# tuples of meetings, actions or decisions), "by-status", "updates", "counts", "since".
_MADE_AGAIN = frozenset(
    {"meetings_newest_first", "previous", "next", "action_by_id", "decision_by_id"}
)
_KEPT_AS = MappingProxyType(
    {
        "actions": "actions",
        "raised_at": "by-action",
        "updated_at": "updates",
        "reported_back_at": "by-action",
        "meetings_by_theme": "by-meeting",
        "meetings_by_principle": "by-meeting",
        "actions_by_theme": "by-action",
        "actions_by_owner": "by-action",
        "actions_by_status": "by-status",
        "outstanding": "actions",
        "closed": "actions",
        "overdue": "actions",
        "outstanding_by_owner": "by-action",
        "closed_by_owner": "by-action",
        "outstanding_by_theme": "by-action",
        "closed_by_theme": "by-action",
        "since_last": "since",
        "not_reported_back_at": "by-action",
        "overdue_at": "counts",
        "decisions": "decisions",
        "decisions_in_force": "decisions",
        "decisions_superseded": "decisions",
        "decisions_due_for_review": "decisions",
        "decided_at": "by-decision",
        "superseded_at": "by-decision",
        "decisions_by_theme": "by-decision",
        "decisions_by_principle": "by-decision",
        "lineage": "by-decision",
    }
)


def _day(value: date | None) -> int | None:
    return None if value is None else value.toordinal()


def _ordinal(value: int | None) -> date | None:
    return None if value is None else date.fromordinal(value)


def indexes_to_cache(indexes: Indexes, site: Site) -> dict[str, Any]:
    """`indexes`, made by `crossref(site)`, as plain values: each meeting by its place in
    `site.meetings`, each entry by its place in its meeting's, each action and decision by
    its place in `indexes.actions` and `indexes.decisions`; what they copy from an entry
    (an action's title, an update's note, a decision's text) is left to the entry, so that
    `indexes_from_cache` gives `crossref`'s indexes of a site whose meetings differ from
    these only in what they show (`changes.differs_only_in_shown`). The actions are kept as
    columns and each dict as its keys and its values (the keys left out where they are the
    meetings' slugs in order), so that reading them back makes the records with `map` and
    `zip` rather than a loop a record."""
    slugs = [m.slug for m in site.meetings]
    meeting_at = {id(m): at for at, m in enumerate(site.meetings)}
    entry_at: dict[int, int] = {}
    for meeting in site.meetings:
        for entries in (meeting.actions, meeting.decisions, meeting.reviews):
            entry_at.update((id(entry), at) for at, entry in enumerate(entries))
    action_at = {id(a): at for at, a in enumerate(indexes.actions)}
    decision_at = {id(d): at for at, d in enumerate(indexes.decisions)}
    # each action's first event's place among all the actions' events, in order
    first_event = [0, *accumulate(len(a.history) for a in indexes.actions)]
    kept: dict[str, Any] = {}
    for item in fields(Indexes):
        name = item.name
        if name in _MADE_AGAIN:
            continue
        value, kind = getattr(indexes, name), _KEPT_AS[name]  # (a new field: say how it is kept)
        if name == "actions":
            kept[name] = _actions_to_cache(value, meeting_at, entry_at)
        elif name == "decisions":
            kept[name] = [
                [
                    d.id,
                    list(d.themes),
                    list(d.principles),
                    meeting_at[id(d.meeting)],
                    entry_at[id(d.entry)],
                    d.supersedes,
                    d.superseded_by,
                    _day(d.review),
                    d.due_for_review,
                    [[meeting_at[id(r.meeting)], entry_at[id(r.entry)]] for r in d.reviews],
                    d.in_force,
                    _day(d.superseded_on),
                    _day(d.in_force_from),
                ]
                for d in value
            ]
        elif kind in ("actions", "decisions"):
            at = action_at if kind == "actions" else decision_at
            kept[name] = [at[id(record)] for record in value]
        elif kind in ("by-meeting", "by-action", "by-decision"):
            at = {"by-meeting": meeting_at, "by-action": action_at}.get(kind, decision_at)
            kept[name] = _keyed(value, slugs, partial(_places, at))
        elif kind == "by-status":
            kept[name] = [
                [status.value, [action_at[id(a)] for a in actions]]
                for status, actions in value.items()
            ]
        elif kind == "updates":
            kept[name] = _keyed(value, slugs, partial(_events_at, first_event, action_at))
        elif kind == "counts":
            kept[name] = _keyed(value, slugs, int)
        else:
            kept[name] = _keyed(value, slugs, partial(_since_to_cache, meeting_at=meeting_at))
    return kept


def _keyed(value: Mapping[Any, Any], slugs: list[str], encode: Callable[[Any], Any]) -> list[Any]:
    """A dict as [its keys, its values encoded], the keys None where they are `slugs`, the
    meetings' in order (as most of the indexes by meeting have them)."""
    keys = list(value)
    return [None if keys == slugs else keys, [encode(v) for v in value.values()]]


def _places(at: Mapping[int, int], records: Iterable[object]) -> list[int]:
    return [at[id(record)] for record in records]


def _events_at(
    first_event: Sequence[int],
    action_at: Mapping[int, int],
    pairs: Iterable[tuple[Action, ActionEvent]],
) -> list[int]:
    """Each event's place among all the actions' events (as `_actions_to_cache` lists them)."""
    return [first_event[action_at[id(a)]] + _event_at(a, e) for a, e in pairs]


def _event_at(action: Action, event: ActionEvent) -> int:
    return next(at for at, e in enumerate(action.history) if e is event)


def _since_to_cache(since: SinceLast, meeting_at: Mapping[int, int]) -> list[Any]:
    return [
        None if since.previous is None else meeting_at[id(since.previous)],
        since.raised,
        since.closed,
        since.overdue,
        since.decided,
        since.superseded,
        [[p.id, p.text, _day(p.date)] for p in since.reworded],
        [[p.id, p.status, p.text, _day(p.date)] for p in since.restated],
        since.overdue_reported,
        since.reviewed,
        since.ahead,
        since.reopened,
        since.handed_on,
        [[p.id, p.text, _day(p.date)] for p in since.suggested],
    ]


def _actions_to_cache(
    actions: Sequence[Action], meeting_at: Mapping[int, int], entry_at: Mapping[int, int]
) -> dict[str, list[Any]]:
    """The actions as columns: a list for each field of an action, and for each of an event
    one list of all the actions' events in order (`ends`: where each action's end); their
    owners and themes by their place in `lists`, each list of names once; `noted`, an
    action's latest update with a note (None: none has one)."""
    lists: dict[tuple[str, ...], int] = {}
    events = [event for action in actions for event in action.history]
    columns = {
        "id": [a.id for a in actions],
        "themes": [lists.setdefault(a.themes, len(lists)) for a in actions],
        "ends": list(accumulate(len(a.history) for a in actions)),
        "overdue": [a.overdue for a in actions],
        "closed_on": [_day(a.closed_on) for a in actions],
        "meeting": [meeting_at[id(e.meeting)] for e in events],
        "entry": [entry_at[id(e.entry)] for e in events],
        "raise": [e.is_raise for e in events],
        "status": [e.status.value for e in events],
        "owners": [lists.setdefault(e.owners, len(lists)) for e in events],
        "due": [_day(e.due) for e in events],
        # what `noted_and_changed` finds, but for a raise's note, which an edit of what a
        # meeting shows may give or take (an update's is there or not as it was)
        "noted": [a.latest_note_at or None for a in actions],
        "changed": [a.last_change_at for a in actions],
    }
    return {**columns, "lists": [list(names) for names in lists]}


_STATUSES = MappingProxyType({status.value: status for status in Status})
_new_event = partial(tuple.__new__, ActionEvent)  # (an event from a tuple of its fields)
_new_action = partial(tuple.__new__, Action)


def indexes_from_cache(kept: Mapping[str, Any], site: Site) -> Indexes:
    """The indexes `indexes_to_cache` kept, with the records of `site` (see there)."""
    meetings = site.meetings
    slugs = [m.slug for m in meetings]
    actions, events = _actions_from_cache(kept["actions"], meetings)
    decisions = []
    for entry_fields in kept["decisions"]:
        (decision_id, themes, principles, at, entry_at, supersedes, superseded_by) = entry_fields[
            :7
        ]
        review, due, reviews, in_force, superseded_on, in_force_from = entry_fields[7:]
        meeting = meetings[at]
        entry = meeting.decisions[entry_at]
        decisions.append(
            record_as_cached(
                Decision,
                id=decision_id,
                text=entry.text,
                themes=tuple(themes),
                principles=tuple(principles),
                meeting=meeting,
                entry=entry,
                supersedes=supersedes,
                superseded_by=superseded_by,
                review=_ordinal(review),
                due_for_review=bool(due),
                reviews=tuple(
                    record_as_cached(Reviewed, meeting=meetings[m], entry=meetings[m].reviews[e])
                    for m, e in reviews
                ),
                in_force=bool(in_force),
                superseded_on=_ordinal(superseded_on),
                in_force_from=_ordinal(in_force_from),
            )
        )
    made: dict[str, Any] = {}
    tables = {
        "by-meeting": meetings,
        "by-action": actions,
        "by-decision": decisions,
        # each event with its action, by the event's place among all the actions'
        "updates": list(zip(_each_event(actions), events, strict=True)),
    }
    for name, kind in _KEPT_AS.items():
        value = kept[name]
        if name in ("actions", "decisions"):
            continue
        if kind in ("actions", "decisions"):
            table = actions if kind == "actions" else decisions
            made[name] = tuple(map(table.__getitem__, value))
        elif kind in tables:
            keys, places = value
            found = map(tuple, map(map, repeat(tables[kind].__getitem__), places))
            made[name] = dict(zip(slugs if keys is None else keys, found, strict=True))
        elif kind == "by-status":
            made[name] = {_STATUSES[s]: tuple(map(actions.__getitem__, at)) for s, at in value}
        elif kind == "counts":
            keys, counts = value
            made[name] = dict(zip(slugs if keys is None else keys, counts, strict=True))
        else:
            keys, since = value
            found = map(_since_from_cache, since, repeat(meetings))
            made[name] = dict(zip(slugs if keys is None else keys, found, strict=True))
    return Indexes(
        meetings_newest_first=tuple(reversed(meetings)),
        previous=dict(zip(slugs, [None, *meetings][:-1], strict=True)),
        next=dict(zip(slugs, [*meetings, None][1:], strict=True)),
        actions=tuple(actions),
        action_by_id=dict(zip(kept["actions"]["id"], actions, strict=True)),
        decisions=tuple(decisions),
        decision_by_id={d.id: d for d in decisions},
        **made,
    )


def _actions_from_cache(
    kept: Mapping[str, list[Any]], meetings: Sequence[Meeting]
) -> tuple[list[Action], tuple[ActionEvent, ...]]:
    """The actions `_actions_to_cache` kept, with `meetings`' entries, and all their events
    in order: made column by column in C (`map`, `zip`), not in a loop an event."""
    lists = [tuple(names) for names in kept["lists"]]
    days = {d: date.fromordinal(d) for d in {*kept["due"], *kept["closed_on"]} if d is not None}
    met = list(map(meetings.__getitem__, kept["meeting"]))
    entries = list(map(operator.getitem, map(attrgetter("actions"), met), kept["entry"]))
    events = tuple(
        map(
            _new_event,
            zip(
                met,
                entries,
                kept["raise"],
                map(_STATUSES.__getitem__, kept["status"]),
                map(lists.__getitem__, kept["owners"]),
                map(days.get, kept["due"]),
                map(attrgetter("note"), entries),
                strict=True,
            ),
        )
    )
    ends = kept["ends"]
    if (ends[-1] if ends else 0) != len(events):
        raise ValueError("the actions' events do not end where their last ends")
    starts = [0, *ends][:-1]
    histories = list(map(events.__getitem__, map(slice, starts, ends)))
    raises = list(map(entries.__getitem__, starts))
    titles = map(attrgetter("title"), raises)
    last = list(map(operator.itemgetter(-1), histories))
    noted = zip(kept["noted"], map(attrgetter("note"), raises), strict=True)
    actions = list(
        map(
            _new_action,
            zip(
                kept["id"],
                [title or action_id for title, action_id in zip(titles, kept["id"], strict=True)],
                map(lists.__getitem__, kept["themes"]),
                histories,
                kept["overdue"],
                map(attrgetter("status"), last),
                map(attrgetter("owners"), last),
                map(attrgetter("due"), last),
                map(days.get, kept["closed_on"]),
                [(0 if note else None) if at is None else at for at, note in noted],
                kept["changed"],
                strict=True,
            ),
        )
    )
    return actions, events


def _each_event(actions: Sequence[Action]) -> Iterable[Action]:
    """Each action once for each of its events."""
    return chain.from_iterable(map(repeat, actions, map(len, map(attrgetter("history"), actions))))


def _since_from_cache(kept: list[Any], meetings: Sequence[Meeting]) -> SinceLast:
    (previous, raised, closed, overdue, decided, superseded, reworded, restated) = kept[:8]
    overdue_reported, reviewed, ahead, reopened, handed_on, suggested = kept[8:]
    return record_as_cached(
        SinceLast,
        previous=None if previous is None else meetings[previous],
        raised=raised,
        closed=closed,
        overdue=overdue,
        decided=decided,
        superseded=superseded,
        reworded=_principles_from_cache(reworded),
        restated=tuple(
            record_as_cached(Restated, id=i, status=s, text=t, date=date.fromordinal(d))
            for i, s, t, d in restated
        )
        if restated
        else (),
        overdue_reported=overdue_reported,
        reviewed=reviewed,
        ahead=bool(ahead),
        reopened=reopened,
        handed_on=handed_on,
        suggested=_principles_from_cache(suggested),
    )


def _principles_from_cache(kept: list[Any]) -> tuple[Reworded, ...]:
    if not kept:
        return ()
    return tuple(
        record_as_cached(Reworded, id=i, text=t, date=date.fromordinal(d)) for i, t, d in kept
    )


def _swapped(value, swap):  # type: ignore[no-untyped-def]
    """`value` (a record, or dicts and plain tuples of them) with each record in `swap`, by
    identity, replaced; a dict or tuple holding none of them is the very same. Actions and
    their events are named tuples: records, not lists. (`with_meeting` hands it only the
    entries of the indexes that hold one.)"""
    kind = type(value)
    if kind is not dict and kind is not tuple:
        return swap.get(id(value), value)
    items = list(value.values()) if kind is dict else list(value)
    if set(map(type, items)).isdisjoint(_LISTS):  # records: looked through at once
        again = list(items)
        for at in _positions(items, swap):
            again[at] = swap[id(items[at])]
    else:
        again = [_swapped(item, swap) for item in items]
    if all(map(operator.is_, again, items)):
        return value
    return dict(zip(value, again, strict=True)) if kind is dict else tuple(again)


def _positions(records: list, swap: Mapping[int, object]) -> list[int]:
    """Where the records `swap` holds (by identity) are in `records`."""
    ids = list(map(id, records))
    if swap.keys().isdisjoint(ids):
        return []
    return list(compress(count(), map(swap.__contains__, ids)))


def with_appended(indexes: Indexes, site: Site) -> Indexes | None:
    """`crossref(site)`'s indexes, where `site` is that of `indexes` with one meeting added
    after all the others (dated later than the last), every other meeting the very same
    record: worked out from `indexes` and the new meeting alone (serve's new meeting file).
    None when `site` is not so, or when the new meeting refers to anything `crossref` would
    report a problem in (then `crossref` reports it)."""
    new = added_after_last(indexes.meetings_newest_first[::-1], site.meetings)
    if new is None or new.slug in indexes.previous or new.reviews:
        return None  # (a review changes a decision made earlier: `crossref` makes it again)
    today = site.settings.build_date
    actions = _appended_actions(indexes, new, today)
    decisions = _appended_decisions(indexes, new, today)
    if actions is None or decisions is None:
        return None
    return _indexes_appended(indexes, site, *actions, *decisions)


def added_after_last(before: Sequence[Meeting], meetings: Sequence[Meeting]) -> Meeting | None:
    """The meeting `meetings` (oldest first) adds after the last of `before`, dated later,
    if every other meeting is the very same record: all that changed."""
    if len(meetings) < 2 or len(meetings) != len(before) + 1:
        return None
    new = meetings[-1]
    if not meetings[-2].date < new.date:
        return None
    return new if all(map(operator.is_, meetings[:-1], before)) else None


def _appended_actions(
    indexes: Indexes, new: Meeting, today: date
) -> tuple[list[Action], list[Action]] | None:
    """The actions meeting `new` updates, as they were, and those it raises or updates, as
    they are now (both by id); None if one of its entries has a problem."""
    known = indexes.action_by_id
    raised: dict[str, ActionEntry] = {}
    for entry in new.actions:
        if entry.title is not None:
            if entry.id in known or entry.id in raised:
                return None  # raised twice
            raised[entry.id] = entry
    events: dict[str, list[ActionEvent]] = {}
    for entry in new.actions:
        if entry.id in raised:
            if entry is not raised[entry.id]:
                return None  # updated at the meeting that raised it
            events[entry.id] = [_event(new, entry, None)]
        elif entry.id in known:
            history = events.setdefault(entry.id, list(known[entry.id].history))
            history.append(_event(new, entry, history[-1]))
        else:
            return None  # an unknown action
    ids = sorted(events)
    return [known[i] for i in ids if i in known], [
        action_of(i, tuple(events[i]), today) for i in ids
    ]


def _appended_decisions(
    indexes: Indexes, new: Meeting, today: date
) -> tuple[list[Decision], dict[str, Decision]] | None:
    """The decisions meeting `new` makes, as written, and those they replace, as they are
    now (by id); None if one of its entries has a problem."""
    known = indexes.decision_by_id
    ids = [entry.id for entry in new.decisions]
    if len(set(ids)) < len(ids) or not known.keys().isdisjoint(ids):
        return None  # made twice
    successors: dict[str, DecisionEntry] = {}
    for entry in new.decisions:
        target = entry.supersedes
        if target is None:
            continue
        if target not in known or known[target].superseded_by or target in successors:
            return None  # unknown, made at this meeting, or replaced already
        successors[target] = entry
    made = [decision_of(new, e, e.supersedes is not None, None, today) for e in new.decisions]
    replaced = {}
    for target, entry in successors.items():
        old = known[target]
        replaced[target] = decision_of(
            old.meeting, old.entry, bool(old.supersedes), (new, entry), today, old.reviews
        )
    return made, replaced


def _indexes_appended(
    indexes: Indexes,
    site: Site,
    was: list[Action],
    now: list[Action],
    made: list[Decision],
    replaced: dict[str, Decision],
) -> Indexes:
    """`with_appended`'s indexes, from the actions the new meeting updated (`was`, as they
    were) and those it updated or raised (`now`), and the decisions it made and replaced."""
    meetings = site.meetings
    new, last = meetings[-1], meetings[-2]
    by_id = {action.id: action for action in now}
    swap: dict[int, object] = {id(old): by_id[old.id] for old in was}
    swap.update((id(indexes.decision_by_id[i]), d) for i, d in replaced.items())
    updated = [by_id[old.id] for old in was]
    raised = [action for action in now if action.id not in indexes.action_by_id]

    listed = list(indexes.actions)
    for old in was:
        listed[bisect_left(listed, old.id, key=_action_id)] = swap[id(old)]
    for action in raised:
        insort(listed, action, key=_action_id)
    actions = tuple(listed)
    gone_open, come_open = (
        [a for a in was if a.status.is_active],
        [a for a in now if a.status.is_active],
    )
    gone_closed, come_closed = (
        [a for a in was if not a.status.is_active],
        [a for a in now if not a.status.is_active],
    )
    outstanding = _resorted(indexes.outstanding, gone_open, come_open, _by_due)
    closed = _resorted(indexes.closed, gone_closed, come_closed, _by_closing)

    raised_at, updated_at = dict(indexes.raised_at), dict(indexes.updated_at)
    for old in was:
        slug = old.raised_in.slug
        raised_at[slug] = _swapped(raised_at[slug], swap)
        for slug in {event.meeting.slug for event in old.history[1:]}:
            updated_at[slug] = _swapped(updated_at[slug], swap)
    raised_at[new.slug] = _as_listed(new, {id(a.history[0].entry): a for a in raised})
    updated_at[new.slug] = tuple(
        (action, event)
        for old, action in zip(was, updated, strict=True)
        for before, event in pairwise(action.history[len(old.history) - 1 :])
        if not changes_nothing(before, event)
    )

    # Only the new meeting's entries are new: see `_fell_due` (an action's run of meetings
    # that ended with the last one now ends with the new one).
    position = {m.slug: i for i, m in enumerate(meetings)}
    dates = [m.date for m in meetings]
    here = len(meetings) - 1
    steps = [0] * (here + 2)
    reported, missed = dict(indexes.reported_back_at), dict(indexes.not_reported_back_at)
    fell_due: dict[bool, list[Action]] = {True: [], False: []}
    moved = {old.id for old in was}
    for action in [*updated, *(a for a in indexes.outstanding if a.id not in moved)]:
        for at, was_reported in _fell_due(action, position, dates, steps):
            if at == here:
                fell_due[was_reported].append(action)
            elif action.id in moved:
                lists, slug = reported if was_reported else missed, meetings[at].slug
                lists[slug] = _swapped(lists[slug], swap)
    reported[new.slug] = tuple(sorted(fell_due[True], key=_action_id))
    missed[new.slug] = tuple(sorted(fell_due[False], key=_action_id))
    overdue_here = sum(steps[: here + 1])

    # No decision made or replaced: the decisions and the lists of them are the very same.
    same = not made and not replaced
    decisions = indexes.decisions if same else (*made, *_swapped(indexes.decisions, swap))
    decision_by_id = {**{d.id: d for d in made}, **indexes.decision_by_id, **replaced}
    decided_at = dict(indexes.decided_at)
    for decision in replaced.values():
        decided_at[decision.meeting.slug] = _swapped(decided_at[decision.meeting.slug], swap)
    decided_at[new.slug] = tuple(made)
    lineage = {**{d.id: _lineage(d, decision_by_id) for d in made}, **indexes.lineage}
    for target in replaced:
        for member in indexes.lineage[target]:
            lineage[member.id] = _lineage(decision_by_id[member.id], decision_by_id)

    updates_here = [
        (action.history[i - 1], action.history[i])
        for old, action in zip(was, updated, strict=True)
        for i in range(len(old.history), len(action.history))
    ]
    by_principle = _prepended(indexes.meetings_by_principle, "principles", [new])
    principles = _principle_changes_at(site, by_principle)
    reworded, restated, suggested = _principles_since(principles.get(new.slug, ()), last)
    since = SinceLast(
        previous=last,
        raised=len(raised),
        closed=sum(closes(before, event) for before, event in updates_here),
        overdue=overdue_here,
        decided=len(made),
        superseded=sum(1 for d in made if d.supersedes),
        reworded=reworded,
        restated=restated,
        overdue_reported=sum(new.slug in _left_overdue_by(action) for action in updated),
        reviewed=0,  # (`with_appended` leaves a meeting that reviews to `crossref`)
        ahead=new.date > site.settings.build_date,
        reopened=sum(reopens(before, event) for before, event in updates_here),
        handed_on=sum(bool(handed_from(before, event)) for before, event in updates_here),
        suggested=suggested,
    )
    since_last = {**indexes.since_last, new.slug: since}
    for meeting in reversed(meetings[:-1]):  # those of the last's day may credit `new` now
        if meeting.date != last.date:
            break
        kept = since_last[meeting.slug]
        again = _principles_since(principles.get(meeting.slug, ()), kept.previous)
        if again != (kept.reworded, kept.restated, kept.suggested):
            since_last[meeting.slug] = replace(
                kept, reworded=again[0], restated=again[1], suggested=again[2]
            )
    return Indexes(
        meetings_newest_first=(new, *indexes.meetings_newest_first),
        previous={**indexes.previous, new.slug: last},
        next={**indexes.next, last.slug: new, new.slug: None},
        actions=actions,
        action_by_id={a.id: a for a in actions} if raised else {**indexes.action_by_id, **by_id},
        raised_at=raised_at,
        updated_at=updated_at,
        reported_back_at=reported,
        not_reported_back_at=missed,
        overdue_at={**indexes.overdue_at, new.slug: overdue_here},
        meetings_by_theme=_prepended(indexes.meetings_by_theme, "themes", [new]),
        meetings_by_principle=by_principle,
        actions_by_theme=_relisted(indexes.actions_by_theme, "themes", was, now, _action_id),
        actions_by_owner=_relisted(indexes.actions_by_owner, "owners", was, now, _action_id),
        actions_by_status=indexes.actions_by_status
        if outstanding is indexes.outstanding and closed is indexes.closed
        else _by_status(outstanding + closed),
        outstanding=outstanding,
        closed=closed,
        overdue=indexes.overdue
        if outstanding is indexes.outstanding
        else tuple(a for a in outstanding if a.overdue),
        outstanding_by_owner=_relisted(
            indexes.outstanding_by_owner, "owners", gone_open, come_open, _by_due
        ),
        closed_by_owner=_relisted(
            indexes.closed_by_owner, "owners", gone_closed, come_closed, _by_closing
        ),
        outstanding_by_theme=_relisted(
            indexes.outstanding_by_theme, "themes", gone_open, come_open, _by_due
        ),
        closed_by_theme=_relisted(
            indexes.closed_by_theme, "themes", gone_closed, come_closed, _by_closing
        ),
        decisions=decisions,
        decision_by_id=decision_by_id,
        decisions_in_force=indexes.decisions_in_force
        if same
        else tuple(d for d in decisions if d.in_force),
        decisions_superseded=indexes.decisions_superseded
        if same
        else tuple(d for d in decisions if not d.in_force),
        decisions_due_for_review=indexes.decisions_due_for_review
        if same
        else tuple(d for d in decisions if d.due_for_review),
        decided_at=decided_at,
        superseded_at={
            **indexes.superseded_at,
            new.slug: tuple(d for d in reversed(decisions) if d.id in replaced),
        },
        decisions_by_theme=_prepended(
            _swapped_under(indexes.decisions_by_theme, "themes", replaced.values(), swap),
            "themes",
            made,
        ),
        decisions_by_principle=_prepended(
            _swapped_under(indexes.decisions_by_principle, "principles", replaced.values(), swap),
            "principles",
            made,
        ),
        lineage=lineage,
        since_last=since_last,
    )


_action_id = attrgetter("id")


def _resorted(
    items: Sequence[Any], gone: list[Any], come: list[Any], key: Callable[[Any], Any]
) -> tuple[Any, ...]:
    """`items`, sorted by `key` (a key no two share), with `gone` taken out and `come` put in
    (the very same tuple if neither holds any)."""
    if not gone and not come and type(items) is tuple:
        return items
    listed = list(items)
    for item in gone:
        del listed[bisect_left(listed, key(item), key=key)]
    for item in come:
        insort(listed, item, key=key)
    return tuple(listed)


def _relisted(index, attribute, gone, come, key):  # type: ignore[no-untyped-def]
    """`_invert`'s `index` of items sorted by `key`, with the `gone` items taken out and the
    `come` ones put in, under each value of their `attribute`."""
    values = dict.fromkeys(chain.from_iterable(getattr(i, attribute) for i in [*gone, *come]))
    changed = {}
    for value in values:
        changed[value] = _resorted(
            index.get(value, ()),
            [item for item in gone if value in getattr(item, attribute)],
            [item for item in come if value in getattr(item, attribute)],
            key,
        )
    return _merged(index, changed)


def _prepended(index, attribute, items):  # type: ignore[no-untyped-def]
    """`_invert`'s `index` with `items`, in their order, before those it lists under each
    value of their `attribute`."""
    values = dict.fromkeys(chain.from_iterable(getattr(i, attribute) for i in items))
    changed = {
        value: (*(i for i in items if value in getattr(i, attribute)), *index.get(value, ()))
        for value in values
    }
    return _merged(index, changed)


def _swapped_under(index, attribute, items, swap):  # type: ignore[no-untyped-def]
    """`index` with the records in `swap` swapped in the lists under the values of the
    `items`' `attribute` (the values the records are listed under)."""
    changed = {}
    for item in items:
        for value in getattr(item, attribute):
            changed[value] = _swapped(index[value], swap)
    return {**index, **changed}


def _merged(index, changed):  # type: ignore[no-untyped-def]
    """`index` with the lists in `changed`; a value whose list is empty goes, and the values
    stay sorted, as `_invert` gives them."""
    merged = {**index, **changed}
    if all(changed.values()) and index.keys() >= changed.keys():
        return merged  # the same values, in the same order
    return {value: merged[value] for value in sorted(merged) if merged[value]}


def beside_errors(loaded: Loaded, site: Site, failed: Collection[str]) -> tuple[Site, Elsewhere]:
    """What to cross-reference while the files at `failed` have errors (so that their
    references' errors come in the same run): the site's meetings with the failed meetings'
    actions and decisions where those are valid (`validate.referencing_parts`), and what the
    files not read whole may define."""
    parts, read, undated = referencing_parts(loaded, site)
    meetings = sorted([*site.meetings, *parts], key=meeting_order)
    whole = {m.path for m in site.meetings}
    elsewhere = _written_in(loaded, [path for path in failed if path not in whole], read)
    return replace(site, meetings=tuple(meetings)), replace(elsewhere, undated=undated)


def written_beside(
    loaded: Loaded, site: Site, elsewhere: Elsewhere, failed: Collection[str]
) -> frozenset[str] | None:
    """Every text in the front matter of the meeting files at `failed` (those with errors),
    which a warning found beside their errors must not be about: their actions, decisions
    and themes are read in part, or not at all. None when what they hold, or where they come
    among the meetings, is not known: one could not be read, or `site` and `elsewhere` (as
    `beside_errors` made them) do not hold it at its own date, and it is not a draft left
    out."""
    docs = {doc.path: doc for doc in (*loaded.docs, *loaded.misnamed) if doc.path in failed}
    placed = {meeting.path for meeting in site.meetings} - elsewhere.undated
    meetings = []
    for path in failed:
        doc = docs.get(path)
        if doc is None:
            if path.startswith(f"{MEETINGS_DIR}/"):
                return None  # a meeting file that could not be read
            continue
        if doc.kind is not Kind.MEETING:
            continue
        front = doc.front.value
        left_out = isinstance(front, dict) and front.get("draft") is True
        if path not in placed and not (left_out and not site.settings.drafts):
            return None
        meetings.append(path)
    return _written_in(loaded, meetings, {}).texts


def _written_in(
    loaded: Loaded, paths: Collection[str], partly: Mapping[str, Collection[str]]
) -> Elsewhere:
    """What the files at `paths` hold (of those `partly` read, the fields left unread, such
    as an unknown field holding actions, or actions with an error): every text in their
    front matter (the ids their meetings may raise or make once fixed), and the ids written
    as an action's or a decision's. An empty file holds nothing."""
    empty = {problem.path for problem in loaded.problems if problem.of_empty_file}
    paths = [path for path in paths if path not in empty]
    docs = [doc for doc in (*loaded.docs, *loaded.misnamed) if doc.path in paths]
    fronts = [
        _unread(doc.front.value, partly[doc.path]) if doc.path in partly else doc.front.value
        for doc in docs
    ]
    texts: set[str] = set()
    values = list(fronts)
    while values:
        value = values.pop()
        if isinstance(value, str):
            texts.add(value)
        elif isinstance(value, dict):
            values += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            values += value
    return Elsewhere(
        frozenset(texts) if len(docs) == len(paths) else None,
        _ids_under(fronts, "actions"),
        _ids_under(fronts, "decisions"),
        pasted_action_ids=tuple(
            (entry["id"], doc.path, doc.front.position_of(("actions", i, "id")).line)
            for doc, front in zip(docs, fronts, strict=True)
            if isinstance(front, dict) and isinstance(front.get("actions"), list)
            for i, entry in enumerate(front["actions"])
            if isinstance(entry, dict)
            and isinstance(entry.get("id"), str)
            and pasted_characters(entry["id"]) is not None
        ),
    )


def _unread(front: object, read: Collection[str]) -> object:
    """The fields of a meeting's front matter that `referencing_parts` did not read."""
    if not isinstance(front, dict):
        return front
    return {key: value for key, value in front.items() if key not in read}


def _ids_under(fronts: Iterable[object], key: str) -> frozenset[str]:
    """The ids written in the entries listed under `key` (actions or decisions)."""
    found = set()
    for front in fronts:
        listed = front.get(key) if isinstance(front, dict) else None
        for entry in listed if isinstance(listed, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                found.add(entry["id"])
    return frozenset(found)


def _by_due(action: Action) -> tuple[bool, date, str]:
    """Overdue first (the earliest due date is the most overdue), then by due date, then
    the actions with no due date."""
    return (action.due is None, action.due or date.max, action.id)


def _by_closing(action: Action) -> tuple[int, str]:
    closed_on = action.closed_on or date.min
    return (-closed_on.toordinal(), action.id)


def _by_status(actions: tuple[Action, ...]) -> dict[Status, tuple[Action, ...]]:
    found: dict[Status, list[Action]] = {status: [] for status in Status}
    for action in actions:
        found[action.status].append(action)
    return {status: tuple(items) for status, items in found.items()}


def _raised_at(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...]
) -> dict[str, tuple[Action, ...]]:
    """Each meeting's actions raised, in the order its file lists them."""
    by_entry = {id(action.history[0].entry): action for action in actions}
    return {m.slug: _as_listed(m, by_entry) for m in meetings}


def _as_listed(meeting: Meeting, by_entry: Mapping[int, Action]) -> tuple[Action, ...]:
    """The actions of `by_entry` (by the id of the entry raising each) that `meeting` raises,
    in the order of its file."""
    return tuple(by_entry[id(e)] for e in meeting.actions if id(e) in by_entry)


def _updated_at(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...]
) -> dict[str, tuple[tuple[Action, ActionEvent], ...]]:
    """Each meeting's updates that changed something (see `Action.changes`), by action id."""
    found: dict[str, list[tuple[Action, ActionEvent]]] = {m.slug: [] for m in meetings}
    for action in actions:
        for event in action.changes[1:]:
            found[event.meeting.slug].append((action, event))
    return {slug: tuple(items) for slug, items in found.items()}


def _invert(items, attribute):  # type: ignore[no-untyped-def]
    """Each value listed in the items' `attribute` (a tuple), sorted, with the items that
    list it, in their order (an item once, whatever its tuple repeats)."""
    index: dict[str, list] = {}
    listed = attrgetter(attribute)
    for item in items:
        keys = listed(item)
        for key in dict.fromkeys(keys) if len(keys) > 1 else keys:
            found = index.get(key)
            if found is None:
                index[key] = [item]
            else:
                found.append(item)
    return {key: tuple(index[key]) for key in sorted(index)}


@dataclass(frozen=True)
class DueAt:
    """Which actions fell due at which meeting: for each due date an action has had (as the
    meetings before set it), the first meeting on or after it reports back on it, or does not
    (then the first meeting after it that updates the action reports back on it)."""

    # due by the meeting, and updated at it for the first time since it fell due
    reported: Mapping[str, tuple[Action, ...]]
    not_reported: Mapping[str, tuple[Action, ...]]  # due at it, still active, not updated
    overdue: Mapping[str, int]  # active after the meeting, though due before it


def due_at(meetings: tuple[Meeting, ...], actions: tuple[Action, ...]) -> DueAt:
    """Walk each action's states between the meetings that name it (bisecting on dates)."""
    position = {m.slug: i for i, m in enumerate(meetings)}
    dates = [m.date for m in meetings]  # sorted, as meetings are
    reported: dict[str, list[Action]] = {m.slug: [] for m in meetings}
    missed: dict[str, list[Action]] = {m.slug: [] for m in meetings}
    steps = [0] * (len(meetings) + 1)
    for action in actions:
        for at, was_reported in _fell_due(action, position, dates, steps):
            (reported if was_reported else missed)[meetings[at].slug].append(action)
    overdue, running = {}, 0
    for i, meeting in enumerate(meetings):
        running += steps[i]
        overdue[meeting.slug] = running
    return DueAt(
        {slug: tuple(found) for slug, found in reported.items()},
        {slug: tuple(found) for slug, found in missed.items()},
        overdue,
    )


def _fell_due(
    action: Action, position: Mapping[str, int], dates: list[date], steps: list[int]
) -> list[tuple[int, bool]]:
    """Each meeting `action` fell due at (its index in `dates`, the meetings' dates; `position`
    gives each meeting's by slug), oldest first, and whether that meeting reported back on
    it: for each due date it has had, the first meeting on or after it while it stood; and,
    when that meeting did not, the first meeting after it to update the action, which
    reports back on it late. Adds to
    `steps` 1 at the first meeting of each run it was overdue at, and takes 1 away at the
    meeting after the run."""
    count = len(dates)
    events = action.changes  # an entry that changes nothing reports nothing back
    after_raise = action.raised_in.date
    found: list[tuple[int, bool]] = []
    pending = None  # the due date set and not yet fallen due
    for i, event in enumerate(events):
        if not event.status.is_active:
            continue  # closed: due again only once reopened
        if i == 0 or event.due != events[i - 1].due:
            pending = event.due
        start = position[event.meeting.slug] + 1
        following = position[events[i + 1].meeting.slug] if i + 1 < len(events) else count
        if event.due is None:
            continue
        # An update that leaves it past due leaves it overdue at its own meeting.
        late_from = _late_from(event.due, after_raise, start - (i > 0), dates)
        if late_from < following:  # overdue at the meetings until the next update
            steps[late_from] += 1
            steps[following] -= 1
        if pending is None:
            continue
        due = max(start, bisect_left(dates, max(event.due, after_raise + timedelta(days=1))))
        if due < following:
            found.append((due, False))
            if following < count:  # the first meeting since to update it reports back, late
                found.append((following, True))
            pending = None
        elif due == following < count:
            found.append((due, True))
            pending = None
    return found


def _late_from(due: date, after_raise: date, start: int, dates: list[date]) -> int:
    """The first meeting (its index in `dates`, from `start` on) that an action due on `due`
    is still overdue after, if nothing updates it: the first dated after its due date and
    after the meeting that raised it."""
    return max(start, bisect_right(dates, max(due, after_raise)))


def overdue_after(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...], limit: int
) -> dict[str, tuple[Action, ...]]:
    """The first `limit` of the actions each meeting leaves still overdue (those
    `SinceLast.overdue` counts), by meeting slug, by the due date they had then, then by id;
    a meeting with none is left out. One pass over the meetings, keeping those overdue in
    order: the time grows with the meetings and the actions, not with their product."""
    position = {m.slug: i for i, m in enumerate(meetings)}
    runs = overdue_runs(actions, position, [m.date for m in meetings])
    starting: dict[int, list[tuple[date, str]]] = defaultdict(list)
    ending: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for action, due, start, stop in runs:
        starting[start].append((due, action.id))
        ending[stop].append((due, action.id))
    by_id = {action.id: action for action, *_ in runs}
    overdue: list[tuple[date, str]] = []  # at the meeting, in order
    found = {}
    for at, meeting in enumerate(meetings):
        for item in ending.get(at, ()):
            del overdue[bisect_left(overdue, item)]
        for item in starting.get(at, ()):
            insort(overdue, item)
        if overdue:
            found[meeting.slug] = tuple(by_id[i] for _, i in overdue[:limit])
    return found


def overdue_at_last(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...], limit: int
) -> tuple[Action, ...]:
    """`overdue_after`'s entry for the last of `meetings` alone (empty if it leaves none
    overdue): only a run from an action's last event reaches the last meeting, so each
    action's last event is looked at, not its whole history."""
    if not meetings:
        return ()
    dates = [m.date for m in meetings]
    last = len(dates) - 1
    position: dict[str, int] | None = None
    found = []
    for action in actions:
        events = action.history
        event = events[-1] if events else None
        if event is None or not event.status.is_active or event.due is None:
            continue
        after_raise = action.raised_in.date
        if dates[last] <= max(event.due, after_raise):
            continue
        if position is None:
            position = {m.slug: i for i, m in enumerate(meetings)}
        start = position[event.meeting.slug] + 1
        if _late_from(event.due, after_raise, start - (len(events) > 1), dates) <= last:
            found.append((event.due, action.id, action))
    found.sort(key=_due_and_id)
    return tuple(action for _, _, action in found[:limit])


def _due_and_id(item: tuple[date, str, Action]) -> tuple[date, str]:
    return item[0], item[1]


def overdue_runs(
    actions: Iterable[Action], position: Mapping[str, int], dates: list[date]
) -> list[tuple[Action, date, int, int]]:
    """Each run of meetings an action is left overdue at, as (the action, the due date it
    had then, the index of the first meeting in `dates`, the index after the last)."""
    found = []
    for action in actions:
        events = action.history
        after_raise = action.raised_in.date
        for i, event in enumerate(events):
            if not event.status.is_active:
                continue  # closed: overdue again only once reopened
            if event.due is None:
                continue
            following = position[events[i + 1].meeting.slug] if i + 1 < len(events) else len(dates)
            if dates[following - 1] <= max(event.due, after_raise):
                continue  # due after the last meeting before its next update (most actions)
            start = position[event.meeting.slug] + 1
            # An update that leaves it past due leaves it overdue at its own meeting.
            late_from = _late_from(event.due, after_raise, start - (i > 0), dates)
            if late_from < following:
                found.append((action, event.due, late_from, following))
    return found


_NO_HISTORY = History(available=False)


def resolve_actions(
    meetings: tuple[Meeting, ...],
    today: date,
    elsewhere: Elsewhere,
    history: History = _NO_HISTORY,
) -> tuple[tuple[Action, ...], list[Problem]]:
    """Every action, by id, from the meetings that raise and update it; and the problems in
    them (an update to an action no meeting raises names the file git's `history` shows
    taken out that raised it, if one did)."""
    problems: list[Problem] = []
    raises: dict[str, tuple[Meeting, ActionEntry]] = {}
    raised_where: dict[str, int] = {}  # the raising meeting's place in `meetings`, by id
    for at, meeting in enumerate(meetings):
        for entry in meeting.actions:
            if entry.title is None:
                continue
            if entry.id in raises:
                first_meeting, first = raises[entry.id][0], raises[entry.id][1].at
                # Twice in one meeting is reported as such (`validate`), once.
                if first.path != entry.at.path and elsewhere.in_known_order(first_meeting, meeting):
                    own_id = _unused_id(entry.id, meetings, elsewhere)
                    problems.append(
                        _problem(
                            entry,
                            f"action '{entry.id}' was already raised in {first.path} "
                            f"(line {first.line}); to update it, leave out 'title'; or, for a "
                            f"new action, give it its own id (e.g. '{own_id}')",
                        )
                    )
            else:
                raises[entry.id] = (meeting, entry)
                raised_where[entry.id] = at

    updates: Counter[str] | None = None  # how many entries update each id, counted if asked
    events: dict[str, list[ActionEvent]] = defaultdict(list)
    for at, meeting in enumerate(meetings):
        for entry in meeting.actions:
            raise_ = raises.get(entry.id)
            if raise_ is None and elsewhere.may_define(entry.id):
                continue
            if raise_ is None:
                decision = _made_as_decision(meetings, entry.id)
                if decision is not None:
                    problems.append(_problem(entry, _decision_under_actions(*decision)))
                    continue
                removal = history.removed_with("actions", entry.id)
                look_alike = None if removal else _raised_look_alike(entry.id, raises, elsewhere)
                hint = "" if removal else _action_meant(entry.id, [*raises, *elsewhere.action_ids])
                if updates is None:
                    updates = Counter(e.id for m in meetings for e in m.actions if e.title is None)
                drafted = _in_a_draft(meeting, entry.id, "actions", elsewhere.drafts)
                unraised = _unraised(entry, hint, updates[entry.id], removal)
                message = look_alike or drafted or unraised
                problems.append(_problem(entry, message))
                continue
            raised_meeting, raised_entry = raise_
            if entry is raised_entry:
                events[entry.id].append(_event(meeting, entry, None))
            elif raised_entry.at.path == entry.at.path:
                continue  # listed twice in one meeting: `validate` reports it
            elif entry.title is None and at < raised_where[entry.id]:  # (in meeting_order)
                if not elsewhere.in_known_order(meeting, raised_meeting):
                    continue
                problems.append(
                    _problem(
                        entry, _update_before_raise(entry.id, meeting, raised_meeting, raised_entry)
                    )
                )
            elif entry.title is None:
                events[entry.id].append(_event(meeting, entry, events[entry.id][-1]))

    actions = tuple(action_of(i, tuple(events[i]), today) for i in sorted(events))
    return actions, problems


def _chain_ends(replaced_by: Mapping[str, DecisionEntry]) -> dict[str, DecisionEntry]:
    """For each decision superseded, the last of the chain of decisions that superseded it
    (each decision supersedes one made at an earlier meeting, so a chain never loops). Each
    chain is walked once, however many decisions it holds."""
    ends: dict[str, DecisionEntry] = {}
    for start in replaced_by:
        if start in ends:
            continue
        walked, last = {start: None}, replaced_by[start]  # in order, as a dict is
        while last.id not in ends and last.id in replaced_by and last.id not in walked:
            walked[last.id] = None
            last = replaced_by[last.id]
        last = ends.get(last.id, last)
        ends.update(dict.fromkeys(walked, last))
    return ends


def _superseded_twice(
    at: Location,
    target: str,
    replaced_by: Mapping[str, DecisionEntry],
    in_force: Mapping[str, DecisionEntry],
) -> Problem:
    """The error for superseding `target` again, naming the decision now in force in its
    place (`in_force`, from `_chain_ends`): the last of the chain that superseded it."""
    first, last = replaced_by[target], in_force[target]
    said = (
        f"decision '{target}' is already superseded by '{first.id}' in {first.at.path} "
        f"(line {first.at.line})"
    )
    if last is first:
        return _at(at, f"{said}; supersede '{first.id}' instead")
    return _at(
        at,
        f"{said}, and that in turn by a later decision; supersede '{last.id}', the one in "
        f"force ({last.at.path}, line {last.at.line}), instead",
    )


def _made_as_decision(
    meetings: tuple[Meeting, ...], found: str
) -> tuple[Meeting, DecisionEntry] | None:
    """The first meeting that made a decision `found`, and its entry, if one did."""
    for meeting in meetings:
        for entry in meeting.decisions:
            if entry.id == found:
                return meeting, entry
    return None


def _raised_as_action(
    meetings: tuple[Meeting, ...], found: str
) -> tuple[Meeting, ActionEntry] | None:
    """The first meeting that raised an action `found`, and its entry, if one did."""
    for meeting in meetings:
        for entry in meeting.actions:
            if entry.id == found and entry.title is not None:
                return meeting, entry
    return None


def _decision_under_actions(meeting: Meeting, entry: DecisionEntry) -> str:
    """What is wrong with an update under `actions:` naming decision `entry`, not an action."""
    return (
        f"'{entry.id}' is a decision, made on {meeting.date} in {entry.at.path} "
        f"(line {entry.at.line}), not an action: to review it, put it under decisions:"
    )


def _action_under_decisions(meeting: Meeting, entry: ActionEntry) -> str:
    """What is wrong with a review under `decisions:` naming action `entry`, not a decision."""
    return (
        f"'{entry.id}' is an action, raised on {meeting.date} in {entry.at.path} "
        f"(line {entry.at.line}), not a decision: to update or close it, put it under actions:"
    )


def _unused_id(action_id: str, meetings: Iterable[Meeting], elsewhere: Elsewhere) -> str:
    """`action_id` with the first number from 2 that makes an id no action has."""
    taken = {e.id for m in meetings for e in m.actions} | elsewhere.action_ids
    return next(f"{action_id}-{n}" for n in count(2) if f"{action_id}-{n}" not in taken)


_SHORT_ID = 3  # an id this long or shorter is too short for difflib to find one slip in


def _id_meant(value: str, ids: Iterable[str]) -> str:
    """'; did you mean 'x'?' with the id of `ids` spelt most like `value`; for a short id
    (`_SHORT_ID`), the only one a letter from it ('z2': 'z1'); or ''."""
    meant = closest(value, ids, slips=1 if len(value) <= _SHORT_ID else 0)
    return f"; did you mean '{meant}'?" if meant else ""


def _action_meant(action_id: str, raised: Iterable[str]) -> str:
    """'; did you mean 'x'?' with the raised action `_id_meant` finds; else the only one whose
    id starts with the same word ('winter-figures': 'winter-data'), or ''."""
    raised = tuple(raised)
    hint = _id_meant(action_id, raised)
    if hint:
        return hint
    word = action_id.split("-", 1)[0] + "-"
    alike = {other for other in raised if other.startswith(word)}
    return f"; did you mean '{alike.pop()}'?" if len(alike) == 1 else ""


def _raised_look_alike(
    action_id: str, raises: Mapping[str, tuple[Meeting, ActionEntry]], elsewhere: Elsewhere
) -> str | None:
    """What is wrong with an update naming `action_id` where the action it means was raised
    with an id that looks the same but holds a character pasted in that only passes for a
    hyphen, or shows nothing (`self‑assessment`, its hyphens U+2011): where that id is and
    what it holds, as a did-you-mean would suggest a string that looks the same; None if
    no raise has one."""
    written = [(i, raise_.at.path, raise_.at.line) for i, (_, raise_) in raises.items()]
    for raised_id, path, line in (*written, *elsewhere.pasted_action_ids):
        pasted = pasted_characters(raised_id)
        if pasted is not None and pasted[0] == action_id:
            return (
                f"no earlier meeting raised an action '{action_id}': the id of the one raised "
                f"in {path} (line {line}) looks the same, but holds {pasted[1]}; write "
                f"'{action_id}' there"
            )
    return None


def _in_a_draft(meeting: Meeting, target: str, kind: str, drafts: Iterable[Meeting]) -> str | None:
    """What is wrong with `meeting`'s update naming an action (`kind` actions) or its review
    naming a decision (decisions) that only a draft before it raises or makes: that the
    draft is not published; None where no draft does."""
    for draft in drafts:
        if meeting_order(draft) >= meeting_order(meeting):
            continue
        if kind == "actions":
            entry = next((e for e in draft.actions if e.id == target and e.title), None)
            done, noun = "raised an action", "raises it"
        else:
            entry = next((e for e in draft.decisions if e.id == target), None)
            done, noun = "made a decision", "makes it"
        if entry is not None:
            return (
                f"no published meeting {done} '{target}': {entry.at.path} {noun} (line "
                f"{entry.at.line}), but is a draft (draft: true), which is not published; "
                "publish it by deleting its draft: line"
            )
    return None


def _unraised(entry: ActionEntry, hint: str, updates: int, removal: Removal | None) -> str:
    """What is wrong with `entry`, which no meeting raises and `updates` entries update: the
    meeting that raised it was taken out (`removal`, from git), or is gone when more than one
    does, else an entry with no title that names no earlier action (`hint`, a did-you-mean,
    is the action it may have meant)."""
    action_id = entry.id
    if removal is not None:
        gone = _taken_out("raised", removal)
        if updates > 1:
            return (
                f"no meeting raises action '{action_id}', which {updates} updates name: "
                f"{gone}, or give the first update a 'title' to raise it there"
            )
        return (
            f"no earlier meeting raised an action '{action_id}': {gone}, or give this entry a "
            "title to raise it here"
        )
    if updates > 1:
        return (
            f"no meeting raises action '{action_id}', which {updates} updates name: was the "
            "meeting that raised it deleted or renamed? (put it back, or give the first "
            f"update a 'title' to raise it there){hint}"
        )
    return (
        f"no earlier meeting raised an action '{action_id}'{hint} (to raise a new action, "
        "give it a title)"
    )


def _taken_out(done: str, removal: Removal) -> str:
    """Where an action was raised or a decision made (`done`): a meeting's file taken out."""
    return (
        f"it was {done} in {removal.path}, taken out in {removal.commit} on {removal.day}: put "
        f"that file back ({removal.put_back})"
    )


def _update_before_raise(
    action_id: str, meeting: Meeting, raised: Meeting, raise_: ActionEntry
) -> str:
    """What is wrong with an update at `meeting`, which comes before the one that `raised` it."""
    where = raise_.at.path
    if meeting.date < raised.date:
        return (
            f"update to action '{action_id}' is dated {meeting.date}, not after "
            f"it was raised on {raised.date} in {where}"
        )
    if meeting.slot.time is not None:
        return (
            f"update to action '{action_id}' is at {meeting.slot.time:%H:%M}, before it was "
            f"raised at {raised.slot.time:%H:%M} the same day in {where}"
        )
    if raised.slot.time is not None:  # this meeting, with no time, comes first that day
        return (
            f"update to action '{action_id}' is dated {meeting.date}, the day it was raised "
            f"at {raised.slot.time:%H:%M} in {where}, and this meeting has no 'time:'; give it "
            f"one after {raised.slot.time:%H:%M} to say it came after"
        )
    return (
        f"update to action '{action_id}' is dated {meeting.date}, the day it was raised in "
        f"{where}; give both meetings a 'time:' to say which came first"
    )


def action_of(action_id: str, history: tuple[ActionEvent, ...], today: date) -> Action:
    """The action whose events, oldest first, are `history`, as of the build date `today`."""
    current = history[-1]
    active = current.status.is_active
    return Action(  # (its fields in order, as a named tuple is quickest made)
        action_id,
        history[0].entry.title or action_id,  # title
        filed_under(history, len(history) - 1),  # themes
        history,
        active and current.due is not None and current.due < today,  # overdue
        current.status,
        current.owners,
        current.due,
        None if active else _closed_on(history),  # closed_on
        *noted_and_changed(history),  # latest_note_at, last_change_at
    )


def filed_under(history: Sequence[ActionEvent], at: int) -> tuple[str, ...]:
    """The themes an action whose events are `history` is filed under as its event `at`
    left it: those the latest entry up to it that gives `themes` gives (an update may file
    it anew), else, none given, those of the meeting that raised it."""
    for event in reversed(history[: at + 1]):
        if event.entry.themes is not None:
            return event.entry.themes
    return history[0].meeting.themes


def refiled(history: Sequence[ActionEvent], at: int) -> tuple[str, ...] | None:
    """The themes the update `at` of an action's `history` filed it under, when they are not
    those it was filed under before (its page's "Now filed under"); None where they did not
    change (and for the raise)."""
    if at == 0:
        return None
    now = filed_under(history, at)
    return now if now != filed_under(history, at - 1) else None


def refiled_by(action: Action, event: ActionEvent) -> tuple[str, ...] | None:
    """The themes `event`, one of the action's updates, filed it under anew (see `refiled`)."""
    return refiled(action.history, next(i for i, e in enumerate(action.history) if e is event))


def _closed_on(history: tuple[ActionEvent, ...]) -> date:
    """The first meeting of the last run of the status `history` ends with, done or dropped:
    the day it was given the status it has now (an action done, then dropped, was closed
    the day it was dropped; see `Action.closed_by`)."""
    closed = history[-1]
    for event in reversed(history):
        if event.status is not closed.status:
            break
        closed = event
    return closed.meeting.date


def closes(before: ActionEvent | None, event: ActionEvent) -> bool:
    """Whether an update gave the action the closed status it has from then on: marked done
    or dropped while open or in progress at the meeting before, or dropped once done (done
    once dropped). A note on an action already closed, its status as it was, closes
    nothing; a raise, with nothing before it, closes nothing either."""
    return before is not None and not event.status.is_active and event.status is not before.status


def reopens(before: ActionEvent | None, event: ActionEvent) -> bool:
    """Whether an update set the action open or in progress again after it was done or
    dropped at the meeting before."""
    return before is not None and not before.status.is_active and event.status.is_active


def handed_from(before: ActionEvent | None, event: ActionEvent) -> tuple[str, ...]:
    """The owners the action had at the meeting before `event` that `event` left it without:
    those it was handed on from (none for a raise, or an update that kept its owners)."""
    if before is None or event.owners == before.owners:
        return ()
    return tuple(owner for owner in before.owners if owner not in event.owners)


def handed_on_now(action: Action) -> tuple[ActionEvent, tuple[str, ...]] | None:
    """The update that gave `action` the owners it has now, with the owners it took it from,
    if it took it from any (see `handed_from`); None while it has had them since it was
    raised, or that update only added owners."""
    history = action.history
    for at in range(len(history) - 1, 0, -1):
        before, event = history[at - 1], history[at]
        if before.owners != event.owners:
            taken = handed_from(before, event)
            return (event, taken) if taken else None
    return None


def event_before(action: Action, event: ActionEvent) -> ActionEvent | None:
    """The action's state before `event`, one of its events (None before its raise)."""
    found = None
    for earlier in action.history:
        if earlier is event:
            return found
        found = earlier
    raise ValueError(f"not an event of action '{action.id}'")


def _event(meeting: Meeting, entry: ActionEntry, before: ActionEvent | None) -> ActionEvent:
    return ActionEvent(  # (its fields in order, as a named tuple is quickest made)
        meeting,
        entry,
        before is None,  # is_raise
        entry.status or (before.status if before else Status.OPEN),
        entry.owners if entry.owners is not None else (before.owners if before else ()),
        entry.due if entry.due is not None else (before.due if before else None),
        entry.note,
    )


def _problem(entry: ActionEntry, message: str) -> Problem:
    return Problem(entry.at.path, entry.at.line, entry.at.col, message)


def _by_meeting(meetings, items, meeting_of):  # type: ignore[no-untyped-def]
    found: dict[str, list] = {m.slug: [] for m in meetings}
    for item in items:
        found[meeting_of(item)].append(item)
    return {slug: tuple(values) for slug, values in found.items()}


def _meeting_named(target: str, meetings: Iterable[Meeting]) -> str | None:
    """What `supersedes: target` is told when `target` names a meeting (its file's name, with
    or without '.md'), not a decision: the ids of the decisions that meeting made."""
    slug = target.removesuffix(".md")
    meeting = next((m for m in meetings if m.slug == slug), None)
    if meeting is None:
        return None
    ids = [d.id for d in meeting.decisions]
    if not ids:
        return (
            f": '{target}' is a meeting, which made no decision; 'supersedes' names the id "
            "of the decision this one replaces"
        )
    listed = " or ".join(f"'{i}'" for i in ids)
    return (
        f": '{target}' is a meeting, not a decision; 'supersedes' names the id of the "
        f"decision this one replaces: that meeting made {listed}"
    )


def _lineage(decision: Decision, by_id: Mapping[str, Decision]) -> tuple[Decision, ...]:
    """Every decision `decision` replaced and what replaced it, oldest first."""
    chain = [decision]
    while chain[0].supersedes in by_id and len(chain) <= len(by_id):
        chain.insert(0, by_id[chain[0].supersedes])
    while chain[-1].superseded_by in by_id and len(chain) <= len(by_id):
        chain.append(by_id[chain[-1].superseded_by or ""])
    return tuple(chain)


def resolve_decisions(
    meetings: tuple[Meeting, ...],
    today: date,
    elsewhere: Elsewhere,
    history: History = _NO_HISTORY,
) -> tuple[tuple[Decision, ...], list[Problem]]:
    """Every decision, newest first, with what replaced it; and the problems in `supersedes`.

    A decision may replace one made at an earlier meeting, and be replaced once: so the
    replacements form chains, never cycles.
    """
    problems: list[Problem] = []
    made: dict[str, tuple[int, Meeting, DecisionEntry]] = {}
    for position, meeting in enumerate(meetings):
        for entry in meeting.decisions:
            if entry.id in made:
                _, earlier, first = made[entry.id]
                if earlier is not meeting and not elsewhere.in_known_order(earlier, meeting):
                    continue  # which was made first waits for the meetings' dates
                problems.append(_at(entry.at, _made_again(entry, earlier, first, meeting)))
                continue
            made[entry.id] = (position, meeting, entry)

    replaced_by: dict[str, DecisionEntry] = {}
    twice: list[tuple[Location, str]] = []  # where a decision superseded already is, again
    for position, meeting, entry in made.values():
        target = entry.supersedes
        if target is None:
            continue
        at = entry.supersedes_at or entry.at
        if target == entry.id:
            problems.append(
                _at(at, f"decision '{entry.id}' supersedes itself (a cycle); remove 'supersedes'")
            )
            continue
        if target not in made and elsewhere.may_define(target):
            continue
        if target not in made:
            removal = history.removed_with("decisions", target)
            named = [*made, *elsewhere.decision_ids]
            hint = _id_meant(target, (d for d in named if d != entry.id))
            if removal is not None:
                hint = f": {_taken_out('made', removal)}, or remove 'supersedes'"
            elif not hint:
                hint = _meeting_named(target, meetings)
            problems.append(
                _at(
                    at,
                    f"decision '{entry.id}' supersedes unknown decision '{target}'"
                    + (hint or " (no meeting made a decision with that id)"),
                )
            )
            continue
        target_position, target_meeting, target_entry = made[target]
        if target_meeting is not meeting and not elsewhere.in_known_order(target_meeting, meeting):
            continue  # whether it was made earlier waits for the meeting's date
        if target_position >= position:
            if target_entry.supersedes == entry.id:
                why = f"and '{target}' supersedes '{entry.id}': a cycle"
            else:
                when = "at the same meeting" if target_position == position else "later"
                why = f"which is made {when} ({target_entry.at.path}, {target_meeting.date})"
            problems.append(
                _at(
                    at,
                    f"decision '{entry.id}' supersedes '{target}', {why}; a decision can only "
                    "supersede one made at an earlier meeting",
                )
            )
            continue
        if target in replaced_by:
            twice.append((at, target))
            continue
        replaced_by[target] = entry
    in_force = _chain_ends(replaced_by) if twice else {}
    problems += (_superseded_twice(at, target, replaced_by, in_force) for at, target in twice)
    reviews, review_problems = _resolve_reviews(meetings, made, replaced_by, elsewhere, history)
    problems += review_problems

    decisions = []
    newest_first = sorted(made.values(), key=lambda found: -found[0])  # stable: as written
    for _, meeting, entry in newest_first:
        replaced = entry.supersedes in made and replaced_by.get(entry.supersedes) is entry
        by = replaced_by.get(entry.id)
        successor = None if by is None else (made[by.id][1], by)
        kept = tuple(reviews.get(entry.id, ()))
        decisions.append(decision_of(meeting, entry, replaced, successor, today, kept))
    return tuple(decisions), problems


def _made_again(
    entry: DecisionEntry, made_in: Meeting, first: DecisionEntry, meeting: Meeting
) -> str:
    """What is wrong with `entry`, a decision with a text and the id of `first` (made at
    `made_in`): at a later meeting, with `first`'s text copied in, a review was meant."""
    where = f"{first.at.path} (line {first.at.line})"
    if made_in is meeting:
        return f"decision '{entry.id}' was already made in {where}; give this decision its own id"
    review = "to review it, leave out 'text' (a review takes only 'review' and 'note')"
    if entry.text.split() == first.text.split():
        return (
            f"decision '{entry.id}' was made on {made_in.date} in {where}, with this text; "
            f"{review}, or give a new decision its own id"
        )
    return (
        f"decision '{entry.id}' was already made on {made_in.date} in {where}; give this "
        f"decision its own id (with supersedes: {entry.id} if it replaces it), or {review}"
    )


def _resolve_reviews(
    meetings: tuple[Meeting, ...],
    made: Mapping[str, tuple[int, Meeting, DecisionEntry]],
    replaced_by: Mapping[str, DecisionEntry],
    elsewhere: Elsewhere,
    history: History,
) -> tuple[dict[str, list[Reviewed]], list[Problem]]:
    """Each decision's reviews at later meetings, oldest first (by decision id); and the
    problems in them: an unknown decision, one made later, or one superseded by then. (A
    review at the meeting that made the decision is `validate`'s to report.)"""
    reviews: dict[str, list[Reviewed]] = {}
    problems: list[Problem] = []
    for position, meeting in enumerate(meetings):
        for entry in meeting.reviews:
            target = entry.id
            if target not in made:
                if elsewhere.may_define(target):
                    continue
                action = _raised_as_action(meetings, target)
                if action is not None:
                    problems.append(_at(entry.at, _action_under_decisions(*action)))
                elif (removal := history.removed_with("decisions", target)) is not None:
                    problems.append(
                        _at(
                            entry.at,
                            f"decision '{target}' has no 'text', so it records a review, but "
                            f"no meeting made a decision '{target}': "
                            f"{_taken_out('made', removal)}, or remove this review",
                        )
                    )
                elif drafted := _in_a_draft(meeting, target, "decisions", elsewhere.drafts):
                    message = f"decision '{target}' has no 'text', so it records a review, but "
                    problems.append(_at(entry.at, message + drafted))
                else:
                    hint = _id_meant(target, [*made, *elsewhere.decision_ids])
                    problems.append(
                        _at(
                            entry.at,
                            f"decision '{target}' has no 'text', so it records a review, but "
                            f"no meeting made a decision '{target}'{hint} (to make a new "
                            "decision, add its text)",
                        )
                    )
                continue
            made_at, made_in, made_entry = made[target]
            if made_in is meeting or not elsewhere.in_known_order(made_in, meeting):
                continue
            if made_at > position:
                problems.append(
                    _at(
                        entry.at,
                        f"decision '{target}' is made later ({made_entry.at.path}, "
                        f"{made_in.date}); a meeting can only review a decision made at an "
                        "earlier meeting",
                    )
                )
                continue
            successor = replaced_by.get(target)
            if successor is not None and made[successor.id][0] <= position:
                problems.append(
                    _at(
                        entry.at,
                        f"decision '{target}' is already superseded by '{successor.id}' in "
                        f"{successor.at.path} (line {successor.at.line}), so it cannot be "
                        f"reviewed; review '{successor.id}' instead, or remove this entry",
                    )
                )
                continue
            reviews.setdefault(target, []).append(Reviewed(meeting, entry))
    return reviews, problems


def decision_of(
    meeting: Meeting,
    entry: DecisionEntry,
    replaced: bool,
    successor: tuple[Meeting, DecisionEntry] | None,
    today: date,
    reviews: tuple[Reviewed, ...] = (),
) -> Decision:
    """The decision `entry` of `meeting` records, as of the build date `today`: `replaced`,
    whether it replaced the decision its `supersedes` names; `successor`, what replaced it
    and at which meeting (in force still, until that meeting's day, if it is after `today`;
    and `meeting` itself, if after `today`, brings it into force on its day);
    `reviews`, the later meetings that kept it (the latest sets its review date). It is
    on the themes its entry gives, else, none given, on those of `meeting`, as an action is."""
    review = reviews[-1].entry.review if reviews else entry.review
    superseded_on = None if successor is None else successor[0].date
    in_force = superseded_on is None or superseded_on > today
    return Decision(
        id=entry.id,
        text=entry.text,
        themes=meeting.themes if entry.themes is None else entry.themes,
        principles=entry.principles,
        meeting=meeting,
        entry=entry,
        supersedes=entry.supersedes if replaced else None,
        superseded_by=None if successor is None else successor[1].id,
        review=review,
        due_for_review=in_force and review is not None and review <= today,
        reviews=reviews,
        in_force=in_force,
        superseded_on=superseded_on,
        in_force_from=meeting.date if meeting.date > today else None,
    )


def _at(where, message: str) -> Problem:  # type: ignore[no-untyped-def]
    return Problem(where.path, where.line, where.col, message)


def _since_last(
    site: Site,
    actions: tuple[Action, ...],
    decisions: tuple[Decision, ...],
    overdue: Mapping[str, int],
    named: Mapping[str, tuple[Meeting, ...]],
) -> dict[str, SinceLast]:
    meetings = site.meetings
    raised: dict[str, int] = defaultdict(int)
    closed: dict[str, int] = defaultdict(int)
    reopened: dict[str, int] = defaultdict(int)
    handed_on: dict[str, int] = defaultdict(int)
    reported_overdue: dict[str, int] = defaultdict(int)
    for action in actions:
        history = action.history
        raised[history[0].meeting.slug] += 1
        if len(history) == 1:
            continue  # never updated: nothing closed it, or reported on it
        for before, event in pairwise(history):
            if closes(before, event):
                closed[event.meeting.slug] += 1
            elif reopens(before, event):
                reopened[event.meeting.slug] += 1
            if handed_from(before, event):
                handed_on[event.meeting.slug] += 1
        for slug in _left_overdue_by(action):
            reported_overdue[slug] += 1
    decided: dict[str, int] = defaultdict(int)
    superseded: dict[str, int] = defaultdict(int)
    reviewed: dict[str, int] = defaultdict(int)
    for decision in decisions:
        decided[decision.meeting.slug] += 1
        if decision.supersedes:
            superseded[decision.meeting.slug] += 1
        for kept in decision.reviews:
            reviewed[kept.meeting.slug] += 1
    principles = _principle_changes_at(site, named)
    found = {}
    for i, meeting in enumerate(meetings):
        previous = meetings[i - 1] if i else None
        reworded, restated, suggested = _principles_since(
            principles.get(meeting.slug, ()), previous
        )
        found[meeting.slug] = SinceLast(
            previous=previous,
            raised=raised[meeting.slug],
            closed=closed[meeting.slug],
            overdue=overdue.get(meeting.slug, 0),
            decided=decided[meeting.slug],
            superseded=superseded[meeting.slug],
            reworded=reworded,
            restated=restated,
            overdue_reported=reported_overdue[meeting.slug],
            reviewed=reviewed[meeting.slug],
            ahead=meeting.date > site.settings.build_date,
            reopened=reopened[meeting.slug],
            handed_on=handed_on[meeting.slug],
            suggested=suggested,
        )
    return found


def _left_overdue_by(action: Action) -> list[str]:
    """The meetings (by slug) that updated `action` and left it overdue: open or in progress,
    due before the meeting's day (not those whose entry changes nothing: see `changes`)."""
    after_raise, events = action.raised_in.date, action.changes
    found = []
    for i, event in enumerate(events):
        if not event.status.is_active:
            continue  # closed: overdue again only once reopened
        if i + 1 < len(events) and events[i + 1].meeting.slug == event.meeting.slug:
            continue  # the meeting updates it again: that update leaves it as it is
        if i and event.due is not None and max(event.due, after_raise) < event.meeting.date:
            found.append(event.meeting.slug)
    return found


class PrincipleThen(NamedTuple):
    """A principle a meeting (or a decision) names, in the words it had on the meeting's
    day, whether it has been reworded since (its words today are others), and whether it
    has been retired since (retired today, not on the meeting's day)."""

    id: str
    text: str
    reworded_since: bool
    retired_since: bool = False


def principles_as_then(site: Site, meeting: Meeting) -> tuple[PrincipleThen, ...]:
    """The principles `meeting` names that are listed today, each with the words it had on
    the meeting's day (see `principles_worded_on`)."""
    return principles_worded_on(site, meeting.principles, meeting.date)


def principles_worded_on(
    site: Site, principle_ids: Sequence[str], day: date
) -> tuple[PrincipleThen, ...]:
    """The principles of `principle_ids` that are listed today, each with the words it had on
    `day`: its latest wording by then in git's history of principles.md (its first, if it was
    written later), or today's when git has none."""
    if not principle_ids:
        return ()
    today = {p.id: p for p in site.principles.principles}
    changes = site.history.principle_changes
    found = []
    for pid in principle_ids:
        if pid not in today:
            continue
        worded = [c.new for c in changes.get(pid, ()) if c.new is not None]
        by_then = [c.new for c in changes.get(pid, ()) if c.new is not None and c.date <= day]
        then = by_then[-1] if by_then else worded[0] if worded else today[pid].text
        retired = today[pid].status == PrincipleStatus.RETIRED and not _retired_on(
            changes.get(pid, ()), day
        )
        found.append(PrincipleThen(pid, then, then != today[pid].text, retired))
    return tuple(found)


def _retired_on(changes: Sequence[PrincipleChange], day: date) -> bool:
    """Whether git's history of a principle (`changes`, oldest first) shows it retired on
    `day` (its status in the last commit by then that gave one; with none, not)."""
    statuses = [c.new_status for c in changes if c.date <= day and c.new is not None]
    return bool(statuses) and statuses[-1] == PrincipleStatus.RETIRED


WRITE_UP_DAYS = 7  # a rewording this many days after a meeting's write-up is still part of it


def agreed_at(
    day: date, held: Sequence[date], named: Sequence[Meeting], written_up: Mapping[str, date]
) -> Meeting | None:
    """The meeting that agreed a change to a principle committed on `day`: the last meeting
    held by then, when `day` is within WRITE_UP_DAYS of its write-up (its file's, in
    `written_up` by path, or else its day), writing up what it agreed, or the next one held,
    agreeing what was put to it; of both, the nearer (the last, as near); either only if it
    names the principle (among `named`, newest first). `held` is the days meetings were held,
    oldest first."""
    at = bisect_right(held, day)
    before = next((m for m in named if m.date <= day), None)
    since: int | None = None  # days since the last meeting's write-up, when it may have agreed
    if before is not None and at and before.date == held[at - 1]:
        written = max(before.date, written_up.get(before.path, before.date))
        if (day - written).days <= WRITE_UP_DAYS:
            since = (day - written).days
    after = next((m for m in reversed(named) if m.date > day), None)
    put_to = after is not None and at < len(held) and after.date == held[at]
    if put_to and (since is None or (after.date - day).days < since):
        return after
    return before if since is not None else None


def held_days(site: Site) -> list[date]:
    """The days the meetings were held by the build date, oldest first (see `agreed_at`)."""
    today = site.settings.build_date
    return [m.date for m in site.meetings if m.date <= today]


def _principle_changes_at(
    site: Site, named: Mapping[str, tuple[Meeting, ...]]
) -> dict[str, list[tuple[str, PrincipleChange]]]:
    """Each meeting's (by slug) first writings, rewordings and changes of status of principles
    in git, with the principle's id, in the order git made them: those the principles page
    credits to it (`agreed_at`; `named`, the meetings naming each principle, newest first),
    and of those it credits to none, the ones made after the meeting before it, up to its
    day."""
    meetings = site.meetings
    held, dates = held_days(site), [m.date for m in meetings]
    written_up = site.history.written_up
    found: dict[str, list[tuple[str, PrincipleChange]]] = defaultdict(list)
    for pid, changes in site.history.principle_changes.items():
        for change in changes:
            if not (change.reworded or change.status_changed or first_writing(change, changes)):
                continue
            agreed = agreed_at(change.date, held, named.get(pid, ()), written_up)
            if agreed is None:
                at = bisect_left(dates, change.date)
                if not 0 < at < len(meetings):
                    continue
                agreed = meetings[at]
            found[agreed.slug].append((pid, change))
    return found


def first_writing(change: PrincipleChange, changes: Sequence[PrincipleChange]) -> bool:
    """Whether `change`, one of a principle's `changes` in git (oldest first), first wrote it
    after the group's starting set (a principle taken out and written again was written
    before; one in the first version of principles.md was suggested at no meeting)."""
    return (
        change is changes[0]
        and change.old is None
        and change.new is not None
        and not change.in_first_version
    )


def _principles_since(
    changes: Sequence[tuple[str, PrincipleChange]], previous: Meeting | None
) -> tuple[tuple[Reworded, ...], tuple[Restated, ...], tuple[Reworded, ...]]:
    """The principles a meeting's `changes` (see `_principle_changes_at`) reworded, each with
    the wording and day of its last rewording there; those whose status they changed, each
    with its status, wording and day after its last change there (none whose status came back
    to what it was; one first written agreed, agreed); and those they first wrote, suggested
    or with no status, each in its first words with its day. One they first wrote and
    reworded is not among the reworded: it is given in its words after the rewording; one
    they first wrote and then agreed (or retired) is among those given a status alone. By
    id, and none for a first meeting (no `previous`), nor for one without changes (most)."""
    if previous is None or not changes:
        return (), (), ()
    reworded: dict[str, tuple[str, date]] = {}
    was: dict[str, str | None] = {}
    last: dict[str, tuple[str, str, date]] = {}
    suggested: dict[str, tuple[str, date]] = {}
    for pid, change in changes:
        if change.old is None and change.new is not None:  # first written
            if change.new_status in (None, PrincipleStatus.SUGGESTED.value):
                suggested[pid] = (change.new, change.date)
            elif change.new_status == PrincipleStatus.AGREED.value:
                was.setdefault(pid, None)
                last[pid] = (change.new_status, change.new, change.date)
        if change.reworded and change.new is not None:
            reworded[pid] = (change.new, change.date)
        if change.status_changed and change.old_status and change.new_status and change.new:
            was.setdefault(pid, change.old_status)
            last[pid] = (change.new_status, change.new, change.date)
    # One first written there and reworded there too is named once, as first written, in
    # the words and on the day of its last rewording.
    for pid in suggested.keys() & reworded.keys():
        suggested[pid] = reworded.pop(pid)
    for pid in [pid for pid in last.keys() & reworded.keys() if was[pid] is None]:
        last[pid] = (last[pid][0], *reworded.pop(pid))
    # One first written there and given a status there too (agreed, say) is named once,
    # under that status, not also as suggested.
    for pid in [pid for pid in suggested.keys() & last.keys() if last[pid][0] != was[pid]]:
        del suggested[pid]
    return (
        tuple(Reworded(pid, *reworded[pid]) for pid in sorted(reworded)),
        tuple(Restated(pid, *last[pid]) for pid in sorted(last) if last[pid][0] != was[pid]),
        tuple(Reworded(pid, *suggested[pid]) for pid in sorted(suggested)),
    )
