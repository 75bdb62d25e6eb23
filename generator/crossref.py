"""Resolve references between meetings once, into pre-sorted indexes.

An action is raised by the meeting whose entry has a title and updated by later
entries without one; its current state is its last update. Indexes are sorted
here so templates never sort: meetings newest first, actions by id; the tracker's lists
of outstanding actions by due date (most overdue first, undated last) and of closed actions
newest closed first.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from generator.errors import Problem, did_you_mean
from generator.model import ActionEntry, Meeting, Site, Status


@dataclass(frozen=True)
class ActionEvent:
    """An action's state as one meeting left it."""

    meeting: Meeting
    entry: ActionEntry
    is_raise: bool
    status: Status
    owners: tuple[str, ...]
    due: date | None
    note: str | None


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    themes: tuple[str, ...]
    history: tuple[ActionEvent, ...]  # oldest first; history[0] is the raise
    overdue: bool

    @property
    def raised_in(self) -> Meeting:
        return self.history[0].meeting

    @property
    def current(self) -> ActionEvent:
        return self.history[-1]

    @property
    def status(self) -> Status:
        return self.current.status

    @property
    def owners(self) -> tuple[str, ...]:
        return self.current.owners

    @property
    def due(self) -> date | None:
        return self.current.due

    @property
    def closed_on(self) -> date | None:
        """When a done or dropped action was closed: the first meeting of its last run of
        closed states (None while it is open or in progress)."""
        if self.status.is_active:
            return None
        closed = self.current
        for event in reversed(self.history):
            if event.status.is_active:
                break
            closed = event
        return closed.meeting.date

    @property
    def latest_note(self) -> ActionEvent | None:
        """The latest event with a note, if any."""
        return next((e for e in reversed(self.history) if e.note), None)

    def state_at(self, meeting: Meeting) -> ActionEvent:
        """The latest event at or before `meeting`."""
        state = self.history[0]
        for event in self.history:
            if (event.meeting.date, event.meeting.slug) <= (meeting.date, meeting.slug):
                state = event
        return state


@dataclass(frozen=True)
class Indexes:
    meetings_newest_first: tuple[Meeting, ...]
    previous: Mapping[str, Meeting | None]
    next: Mapping[str, Meeting | None]
    actions: tuple[Action, ...]
    action_by_id: Mapping[str, Action]
    raised_at: Mapping[str, tuple[Action, ...]]
    updated_at: Mapping[str, tuple[tuple[Action, ActionEvent], ...]]
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


def crossref(site: Site) -> tuple[Indexes, list[Problem]]:
    meetings = site.meetings  # sorted oldest first by validate
    actions, problems = resolve_actions(meetings, site.settings.build_date)
    by_id = {a.id: a for a in actions}
    outstanding = tuple(sorted((a for a in actions if a.status.is_active), key=_by_due))
    closed = tuple(sorted((a for a in actions if not a.status.is_active), key=_by_closing))
    newest_first = tuple(reversed(meetings))
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
            reported_back_at=_reported_back(meetings, actions),
            meetings_by_theme=_invert(newest_first, lambda m: m.themes),
            meetings_by_principle=_invert(newest_first, lambda m: m.principles),
            actions_by_theme=_invert(actions, lambda a: a.themes),
            actions_by_owner=_invert(actions, lambda a: a.owners),
            actions_by_status={
                status: tuple(a for a in (outstanding + closed) if a.status is status)
                for status in Status
            },
            outstanding=outstanding,
            closed=closed,
            overdue=tuple(a for a in outstanding if a.overdue),
            outstanding_by_owner=_invert(outstanding, lambda a: a.owners),
            closed_by_owner=_invert(closed, lambda a: a.owners),
            outstanding_by_theme=_invert(outstanding, lambda a: a.themes),
            closed_by_theme=_invert(closed, lambda a: a.themes),
        ),
        problems,
    )


def _by_due(action: Action) -> tuple[bool, date, str]:
    """Overdue first (the earliest due date is the most overdue), then by due date, then
    the actions with no due date."""
    return (action.due is None, action.due or date.max, action.id)


def _by_closing(action: Action) -> tuple[int, str]:
    closed_on = action.closed_on or date.min
    return (-closed_on.toordinal(), action.id)


def _raised_at(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...]
) -> dict[str, tuple[Action, ...]]:
    found: dict[str, list[Action]] = {m.slug: [] for m in meetings}
    for action in actions:
        found[action.raised_in.slug].append(action)
    return {slug: tuple(items) for slug, items in found.items()}


def _updated_at(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...]
) -> dict[str, tuple[tuple[Action, ActionEvent], ...]]:
    found: dict[str, list[tuple[Action, ActionEvent]]] = {m.slug: [] for m in meetings}
    for action in actions:
        for event in action.history[1:]:
            found[event.meeting.slug].append((action, event))
    return {slug: tuple(items) for slug, items in found.items()}


def _invert(items, keys):  # type: ignore[no-untyped-def]
    index: dict[str, list] = defaultdict(list)
    for item in items:
        for key in dict.fromkeys(keys(item)):
            index[key].append(item)
    return {key: tuple(index[key]) for key in sorted(index)}


def _reported_back(
    meetings: tuple[Meeting, ...], actions: tuple[Action, ...]
) -> dict[str, tuple[Action, ...]]:
    """Each action with a due date is reported back at the first meeting on or after it."""
    reported: dict[str, list[Action]] = {m.slug: [] for m in meetings}
    dates = [m.date for m in meetings]  # sorted, as meetings are
    for action in actions:
        due = action.history[0].due
        if due is None:
            continue
        # The first meeting on or after the due date, and after the meeting that raised it.
        index = bisect_left(dates, max(due, action.raised_in.date + timedelta(days=1)))
        if index < len(meetings):
            reported[meetings[index].slug].append(action)
    return {slug: tuple(found) for slug, found in reported.items()}


def resolve_actions(
    meetings: tuple[Meeting, ...], today: date
) -> tuple[tuple[Action, ...], list[Problem]]:
    problems: list[Problem] = []
    raises: dict[str, tuple[Meeting, ActionEntry]] = {}
    for meeting in meetings:
        for entry in meeting.actions:
            if entry.title is None:
                continue
            if entry.id in raises:
                first = raises[entry.id][1].at
                problems.append(
                    _problem(
                        entry,
                        f"action '{entry.id}' was already raised in {first.path} "
                        f"(line {first.line}); to update it, leave out 'title'",
                    )
                )
            else:
                raises[entry.id] = (meeting, entry)

    events: dict[str, list[ActionEvent]] = defaultdict(list)
    for meeting in meetings:
        for entry in meeting.actions:
            raise_ = raises.get(entry.id)
            if raise_ is None:
                hint = did_you_mean(entry.id, raises)
                problems.append(
                    _problem(
                        entry,
                        f"unknown action '{entry.id}'{hint} "
                        "(a new action needs a 'title'; an update needs an action "
                        "raised at an earlier meeting)"
                        if hint
                        else f"new action '{entry.id}' has no title "
                        "(an update must name an action raised at an earlier meeting)",
                    )
                )
                continue
            raised_meeting, raised_entry = raise_
            if entry is raised_entry:
                events[entry.id].append(_event(meeting, entry, None))
            elif entry.title is None and meeting.date <= raised_meeting.date:
                problems.append(
                    _problem(
                        entry,
                        f"update to action '{entry.id}' is dated {meeting.date}, not after "
                        f"it was raised on {raised_meeting.date} in {raised_entry.at.path}",
                    )
                )
            elif entry.title is None:
                events[entry.id].append(_event(meeting, entry, events[entry.id][-1]))

    actions = []
    for action_id in sorted(events):
        history = tuple(events[action_id])
        raised = history[0].entry
        current = history[-1]
        actions.append(
            Action(
                id=action_id,
                title=raised.title or action_id,
                themes=raised.themes or (),
                history=history,
                overdue=current.status.is_active
                and current.due is not None
                and current.due < today,
            )
        )
    return tuple(actions), problems


def _event(meeting: Meeting, entry: ActionEntry, before: ActionEvent | None) -> ActionEvent:
    return ActionEvent(
        meeting=meeting,
        entry=entry,
        is_raise=before is None,
        status=entry.status or (before.status if before else Status.OPEN),
        owners=entry.owners if entry.owners is not None else (before.owners if before else ()),
        due=entry.due if entry.due is not None else (before.due if before else None),
        note=entry.note,
    )


def _problem(entry: ActionEntry, message: str) -> Problem:
    return Problem(entry.at.path, entry.at.line, entry.at.col, message)
