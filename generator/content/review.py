"""Warnings: content that is valid but probably not what the group meant.

They never stop a build unless `--strict` is given (as CI does); warnings that only the
passing of time produces (an action long overdue) never do.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from generator.content.crossref import Indexes
from generator.content.model import PLACEHOLDER_BODY, Location, Site, is_placeholder
from generator.errors import Problem, Severity, in_order


def review(site: Site, indexes: Indexes) -> list[Problem]:
    return in_order(
        _due_before_raised(indexes)
        + _long_overdue(site, indexes)
        + _unused_themes(site, indexes)
        + _meetings_without_themes(site)
        + _placeholder_bodies(site)
        + _file_name_dates(site)
        + _dated_after_today(site)
        + _updates_to_look_at(indexes)
        + _review_before_decided(indexes)
        + _not_reported_back(site, indexes)
    )


def _warning(at: Location, message: str, *, from_time: bool = False) -> Problem:
    return Problem(at.path, at.line, at.col, message, Severity.WARNING, from_time=from_time)


def _due_before_raised(indexes: Indexes) -> list[Problem]:
    found = []
    for action in indexes.actions:
        raised = action.history[0]
        if raised.due and raised.due < raised.meeting.date:
            found.append(
                _warning(
                    raised.entry.at,
                    f"action '{action.id}' is due {raised.due}, before the meeting that "
                    f"raised it ({raised.meeting.date})",
                )
            )
    return found


def _long_overdue(site: Site, indexes: Indexes) -> list[Problem]:
    grace = site.settings.site.overdue_grace_days
    today = site.settings.build_date
    found = []
    for action in indexes.actions:
        if action.overdue and action.due and today - action.due > timedelta(days=grace):
            days = (today - action.due).days
            found.append(
                _warning(
                    action.current.entry.at,
                    f"action '{action.id}' is {action.status.value} and {days} days overdue "
                    f"(more than overdue_grace_days: {grace}); update its status or due date",
                    from_time=True,
                )
            )
    return found


def _unused_themes(site: Site, indexes: Indexes) -> list[Problem]:
    return [
        _warning(
            Location(theme.path, 1, 1),
            f"no meeting discusses theme '{theme.slug}'; add it to a meeting's themes",
        )
        for theme in site.themes
        if theme.slug not in indexes.meetings_by_theme
    ]


def _meetings_without_themes(site: Site) -> list[Problem]:
    return [
        _warning(
            Location(m.path, 1, 1),
            "meeting lists no themes; add `themes: [...]` so it appears on theme pages",
        )
        for m in site.meetings
        if not m.themes
    ]


def _placeholder_bodies(site: Site) -> list[Problem]:
    found = []
    for meeting in site.meetings:
        if is_placeholder(meeting.body):
            blank_lines = meeting.body[: len(meeting.body) - len(meeting.body.lstrip())]
            found.append(
                _warning(
                    Location(meeting.path, meeting.body_line + blank_lines.count("\n"), 1),
                    f"the summary is still '{PLACEHOLDER_BODY}', which `nominutes new meeting` "
                    "wrote; write what the group discussed, decided and took away",
                )
            )
    return found


def _file_name_dates(site: Site) -> list[Problem]:
    return [
        _warning(
            m.date_at,
            f"date {m.date} differs from the date in the file name ({m.slug[:10]})",
        )
        for m in site.meetings
        if m.slug[:10] != m.date.isoformat()
    ]


_A_WEEK = timedelta(days=7)


def _dated_after_today(site: Site) -> list[Problem]:
    """A meeting dated more than a week after the build date is published as if it had met
    (and is the home page's latest): most often a slip in the year or the month."""
    today = site.settings.build_date
    return [
        _warning(
            m.date_at,
            f"date {m.date} is more than a week after today ({today}), yet the meeting is "
            "published as if it had met; check the year and month, or keep it `draft: true` "
            "until it has met",
            from_time=True,
        )
        for m in site.meetings
        if m.date > today + _A_WEEK and not m.draft
    ]


def _updates_to_look_at(indexes: Indexes) -> list[Problem]:
    """An action listed at a later meeting with nothing new (as `new meeting` lists it); or
    closed at one meeting and set open again at a later one with no note (most often a
    meeting file `new meeting` wrote before the action was closed). One look at each update
    finds both (an update that changes nothing reopens nothing)."""
    found = []
    for action in indexes.actions:
        for before, event in pairwise(action.history):
            entry = event.entry
            status = entry.status
            if (
                entry.note is None
                and entry.themes is None
                and status in (None, before.status)
                and entry.owners in (None, before.owners)
                and entry.due in (None, before.due)
            ):
                found.append(
                    _warning(
                        entry.at,
                        f"action '{action.id}' is listed but nothing about it changed; set its "
                        "status or write a note, or remove it from this meeting",
                    )
                )
            elif (
                status is not None
                and status.is_active
                and not before.status.is_active
                and not entry.note
            ):
                found.append(
                    _warning(
                        entry.at,
                        f"action '{action.id}' was {before.status.value} at the meeting of "
                        f"{before.meeting.date} and is {status.value} again here, with no "
                        "note; if it was reopened, say why in its note, or remove it from "
                        "this meeting",
                    )
                )
    return found


def _review_before_decided(indexes: Indexes) -> list[Problem]:
    return [
        _warning(
            d.entry.review_at or d.entry.at,
            f"decision '{d.id}' is to be reviewed on {d.review}, before the meeting that made "
            f"it ({d.meeting.date}); check the review date",
        )
        for d in reversed(indexes.decisions)
        if d.review is not None and d.review < d.meeting.date
    ]


def _not_reported_back(site: Site, indexes: Indexes) -> list[Problem]:
    """An action due by a meeting that the meeting does not update (the first on or after its
    due date), at that meeting's date."""
    found = []
    for meeting in site.meetings:
        for action in indexes.not_reported_back_at.get(meeting.slug, ()):
            due = action.state_at(meeting).due
            when = f"{due.day} {due:%B %Y}" if due else "this meeting"
            found.append(
                _warning(
                    meeting.date_at,
                    f"action '{action.id}' was due by {when}; this meeting does not report "
                    f"back on it (add '- id: {action.id}' with its status under actions)",
                )
            )
    return found
