"""Warnings: content that is valid but probably not what the group meant.

They never stop a build unless `--strict` is given (as CI does); advisory warnings never do:
what only the passing of time produces (an action long overdue, the entries an agenda
published ahead left as `new meeting` wrote them once its day has passed), and what a meeting
truthfully did not do, which its page shows (a report-back or a review it did not get to).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, compress, pairwise, repeat
from operator import is_, itemgetter
from typing import Any, cast

from generator.content.crossref import Action, Decision, Indexes, changes_nothing
from generator.content.model import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_THEME_BODY,
    Location,
    Meeting,
    PrincipleChange,
    PrincipleStatus,
    Site,
    Theme,
    is_placeholder,
    is_starter_example,
)
from generator.errors import Problem, Severity, closest, in_order


def review(site: Site, indexes: Indexes) -> list[Problem]:
    return reviewed(site, indexes).warnings


# Each record's warnings, by the record's identity: (the record, its warnings).
Found = dict[int, tuple[Any, tuple[Problem, ...]]]


@dataclass(frozen=True)
class Reviewed:
    """The warnings of a site, and those of each of its meetings and actions, by
    the record's identity, so that the next review (serve's next update) looks again only at
    records that are not the very same objects (`reviewed`)."""

    warnings: list[Problem]
    today: date | None = None  # the build date and the grace the records were reviewed with
    grace: int | None = None
    edited: Mapping[str, date] | None = None  # and the day git last saw each file edited
    meetings: Found = field(default_factory=dict)
    actions: Found = field(default_factory=dict)
    not_reported: Found = field(default_factory=dict)  # by the identity of the list


def reviewed(site: Site, indexes: Indexes, last: Reviewed | None = None) -> Reviewed:
    """The warnings of `site`. A meeting or action that is the very same record as
    one `last` reviewed, under the same build date, settings and git history of the files
    edited, has the warnings it had then (each check looks at one record alone, and at
    nothing that changes while it is the same object); so has a meeting whose list of actions
    not reported back is the very same."""
    today, grace = site.settings.build_date, site.settings.site.overdue_grace_days
    edited = site.history.last_edited
    if (
        last is None
        or last.today != today
        or last.grace != grace
        or (last.edited is not edited and last.edited != edited)
    ):
        last = Reviewed([])
    meetings = _each(site.meetings, last.meetings, lambda m: _meeting_warnings(site, m))
    actions = _each(indexes.actions, last.actions, lambda a: _action_warnings(site, a))
    missed = indexes.not_reported_back_at
    not_reported: Found = {}
    for meeting in site.meetings:
        listed = missed.get(meeting.slug, ())
        if not listed:
            continue
        kept = last.not_reported.get(id(listed))
        if kept is not None and kept[0][0] is meeting:
            not_reported[id(listed)] = kept
        else:
            not_reported[id(listed)] = (
                (meeting, listed),
                _not_reported_back(meeting, listed, today),
            )
    warnings = _unused_themes(site, indexes)
    warnings += _retired_named(site)
    warnings += _reviews_missed(site, indexes)
    warnings += chain.from_iterable(map(_placeholder_theme, site.themes))
    for found in (meetings, actions, not_reported):
        warnings += chain.from_iterable(map(itemgetter(1), found.values()))
    return Reviewed(in_order(warnings), today, grace, edited, meetings, actions, not_reported)


def review_beside_errors(
    site: Site, indexes: Indexes, failed: Collection[str], written: frozenset[str] | None
) -> list[Problem]:
    """The warnings that the errors in the files at `failed` cannot have caused, so that they
    show in the same run as the errors (`site` and `indexes` as cross-referenced beside them).
    Those of each meeting and theme without errors, looked at alone; and, when `written`
    holds all that the meetings with errors say (see `crossref.written_beside`; None: not
    known), those across the meetings about actions and decisions they do not name, and
    themes they do not name or come close to naming (`themes: [transport-dta]`)."""
    found = [
        *chain.from_iterable(_meeting_warnings(site, meeting) for meeting in site.meetings),
        *chain.from_iterable(map(_placeholder_theme, site.themes)),
        *_retired_named(site),
    ]
    if written is not None:
        actions = [action for action in indexes.actions if action.id not in written]
        found += chain.from_iterable(_action_warnings(site, action) for action in actions)
        found += _unused_themes(
            site,
            indexes,
            lambda slug: slug not in written and closest(slug, written) is None,
        )
        found += _reviews_missed(site, indexes, lambda decision: decision.id not in written)
        for meeting in site.meetings:
            listed = indexes.not_reported_back_at.get(meeting.slug, ())
            named = [action for action in listed if action.id not in written]
            found += _not_reported_back(meeting, named, site.settings.build_date)
    return in_order(problem for problem in found if problem.path not in failed)


def _each(
    records: Sequence[Any],
    last: Mapping[int, tuple[Any, tuple[Problem, ...]]],
    check: Callable[[Any], Iterable[Problem]],
) -> Found:
    """Each record's warnings: `last`'s for the very same record (`last` holds its records,
    so a record whose id it has is the one it reviewed), else `check`'s."""
    ids = list(map(id, records))
    kept = list(map(last.get, ids))
    found: Found = dict(zip(ids, kept, strict=True))
    for record in compress(records, map(is_, kept, repeat(None))):  # not reviewed yet
        found[id(record)] = (record, tuple(check(record)))
    return found


def _meeting_warnings(site: Site, meeting: Meeting) -> list[Problem]:
    """What is probably amiss in one meeting, looked at alone."""
    return [
        *_without_themes(site, meeting),
        *_placeholder_body(site, meeting),
        *_no_summary(site, meeting),
        *_starter_example(meeting),
        *_dated_after_today(site, meeting),
    ]


def _action_warnings(site: Site, action: Action) -> list[Problem]:
    """What is probably amiss in one action's history, looked at alone."""
    return [
        *_due_before_raised(action),
        *_without_owner(action),
        *_long_overdue(site, action),
        *_updates_to_look_at(site, action),
    ]


def _warning(at: Location, message: str, *, advisory: bool = False) -> Problem:
    return Problem(at.path, at.line, at.col, message, Severity.WARNING, advisory=advisory)


def _due_before_raised(action: Action) -> list[Problem]:
    raised = action.history[0]
    if not raised.due or not raised.due < raised.meeting.date:
        return []
    return [
        _warning(
            raised.entry.at,
            f"action '{action.id}' is due {raised.due}, before the meeting that "
            f"raised it ({raised.meeting.date})",
        )
    ]


def _without_owner(action: Action) -> list[Problem]:
    """A warning for an action no meeting gave an `owner:` (one that names no one is warned
    about at its line by `validate`)."""
    if action.owners or any(event.entry.owners is not None for event in action.history):
        return []
    return [
        _warning(
            action.history[0].entry.at,
            f"action '{action.id}' has no owner, so it shows as Unassigned, on no owner's "
            "list; name who will do it: add owner: Name, or owner: All members",
        )
    ]


def _long_overdue(site: Site, action: Action) -> list[Problem]:
    grace = site.settings.site.overdue_grace_days
    today = site.settings.build_date
    if not (action.overdue and action.due and today - action.due > timedelta(days=grace)):
        return []
    days = (today - action.due).days
    return [
        _warning(
            action.current.entry.at,
            f"action '{action.id}' is {action.status.value} and {days} days overdue "
            f"(more than overdue_grace_days: {grace}); at the next meeting, under actions:, "
            f"`- id: {action.id}` with `status: done` or `dropped`, or a new `due:` date",
            advisory=True,
        )
    ]


def _unused_themes(
    site: Site, indexes: Indexes, known: Callable[[str], bool] = lambda slug: True
) -> list[Problem]:
    """A warning for each theme no meeting discusses (of those whose slug is `known`), at its
    `title:`."""
    return [
        _warning(
            theme.title_at or Location(theme.path, 1, 1),
            f"no meeting discusses theme '{theme.slug}'; add it to a meeting's themes",
        )
        for theme in site.themes
        if theme.slug not in indexes.meetings_by_theme and known(theme.slug)
    ]


def _retired_named(site: Site) -> list[Problem]:
    """A warning at each meeting's `themes:` or `principles:` (or decision's id) naming a
    theme or principle retired before the meeting's day: one not held yet (`_held`) naming
    one retired today, or one dated after the day git's history shows a principle retired.
    A theme's retirement is not dated (its file's history is not read for it), so a meeting
    held by today naming one is left alone: it may have been held before. (It looks across
    the files: made every time.)"""
    today = site.settings.build_date
    themes = {theme.slug: theme for theme in site.themes if theme.retired}
    principles = {
        p.id: _retired_since(site.history.principle_changes.get(p.id, ()))
        for p in site.principles.principles
        if p.status is PrincipleStatus.RETIRED
    }
    if not themes and not principles:
        return []
    found = []
    for meeting in site.meetings:
        ahead = _held(meeting, today) is None
        day = f"{meeting.date.day} {meeting.date:%B %Y}"
        if ahead:
            where = meeting.themes_at or meeting.date_at
            for slug in (slug for slug in meeting.themes if slug in themes):
                found.append(
                    _warning(
                        where,
                        f"theme '{slug}' is retired ('retired: true' in {themes[slug].path}), "
                        f"and this meeting is not held until {day}: take '{slug}' out of this "
                        "list, and name the themes the group discusses now (a meeting held "
                        "before the theme was retired may still name it)",
                    )
                )
        cited = [(meeting.principles, meeting.principles_at or meeting.date_at, "this list")]
        cited += [
            (d.principles, d.at, f"the principles of decision '{d.id}'") for d in meeting.decisions
        ]
        for ids, where, listed in cited:
            for pid in ids:
                if pid not in principles:
                    continue
                since = principles[pid]
                if since is not None and since < meeting.date:
                    when = f"on {since.day} {since:%B %Y}, before this meeting on {day}"
                elif ahead:
                    when = f"and this meeting is not held until {day}"
                else:
                    continue
                found.append(
                    _warning(
                        where,
                        f"principle '{pid}' is retired ('status: retired' in "
                        f"{site.principles.path}), {when}: take '{pid}' out of {listed}, or cite a "
                        "principle the group holds now (a meeting held before it was retired "
                        "may still cite it)",
                    )
                )
    return found


def _retired_since(changes: Sequence[PrincipleChange]) -> date | None:
    """The day git's history of a principle (`changes`, oldest first) shows it last given
    'retired' after another status (or none); None if its history never retires it."""
    since = None
    for change in changes:
        if change.new is None:
            continue
        if change.new_status != PrincipleStatus.RETIRED:
            since = None
        elif since is None:
            since = change.date
    return since


def _reviews_missed(
    site: Site, indexes: Indexes, known: Callable[[Decision], bool] = lambda decision: True
) -> list[Problem]:
    """A decision no meeting supersedes (held, or written ahead: that meeting will see to
    it) that fell due for review at a meeting (the first on or after the
    review date its latest review, or its own meeting, gave it) that neither reviews nor
    supersedes it, at that meeting's `decisions:` (its `date:` when it has none); not once a
    later meeting has reviewed it, which makes the omission moot, nor while that meeting has
    not been held (`_held`); of the decisions `known`. (It looks across the meetings: made
    every time.)"""
    position = {m.slug: i for i, m in enumerate(site.meetings)}
    dates = [m.date for m in site.meetings]
    today = site.settings.build_date
    found = []
    for decision in filter(known, indexes.decisions):
        last = decision.reviews[-1] if decision.reviews else None
        review = last.entry.review if last else decision.review
        if decision.superseded_by is not None or review is None:
            continue
        start = position[(last.meeting if last else decision.meeting).slug] + 1
        due = max(start, bisect_left(dates, review))
        if due == len(dates):
            continue  # no meeting on or after it yet
        meeting = site.meetings[due]
        held = _held(meeting, today)
        if held is None or held < review:
            continue  # not held yet, or due by it only for a slip in its date
        where = "" if meeting.decisions_at else "under a new `decisions:` line, "
        found.append(
            _warning(
                meeting.decisions_at or meeting.date_at,
                f"decision '{decision.id}' was due for review by {review.day} {review:%B %Y}; "
                f"this meeting neither reviews nor supersedes it: {where}record a review that "
                f"keeps it (- id: {decision.id}, with review: a later date), or a decision that "
                "supersedes it; if the meeting did not get to it, leave it: this clears once "
                "a later meeting reviews or supersedes it",
                advisory=True,
            )
        )
    return found


def _without_themes(site: Site, meeting: Meeting) -> list[Problem]:
    """A meeting with no themes, once its day has come (`_held`: an agenda published ahead
    of its day may not know them yet); advisory while git last saw its file edited before
    that day (`_agenda_not_written_up`)."""
    if meeting.themes:
        return []
    held = _held(meeting, site.settings.build_date)
    if held is None:
        return []
    if meeting.themes_at:
        at, fix = meeting.themes_at, "write there the themes it discussed"
    else:
        line = meeting.title_at.line + 1 if meeting.title_at else 1
        at, fix = Location(meeting.path, line, 1), "add a line there naming the themes it discussed"
    return [
        _warning(
            at,
            f"meeting lists no themes, so no theme's page shows it; {fix}, each by its file's "
            "name in content/themes/ without '.md': `themes: [budget, open-data]`",
            advisory=_agenda_not_written_up(site, meeting, held),
        )
    ]


def _placeholder_body(site: Site, meeting: Meeting) -> list[Problem]:
    """The body `new meeting` wrote, once the meeting's day has come (`_held`: an agenda
    published ahead of its day has no summary yet); advisory while git last saw its file
    edited before that day (`_agenda_not_written_up`)."""
    if not is_placeholder(meeting.body):
        return []
    held = _held(meeting, site.settings.build_date)
    if held is None:
        return []
    blank_lines = meeting.body[: len(meeting.body) - len(meeting.body.lstrip())]
    return [
        _warning(
            Location(meeting.path, meeting.body_line + blank_lines.count("\n"), 1),
            f"the summary is still '{PLACEHOLDER_BODY}', which `nominutes new meeting` "
            "wrote; write what the group discussed, decided and took away",
            advisory=_agenda_not_written_up(site, meeting, held),
        )
    ]


def _no_summary(site: Site, meeting: Meeting) -> list[Problem]:
    """A meeting with nothing after its front matter (or only blank lines), once its day has
    come (`_held`: an agenda published ahead of its day has no summary yet), at the line to
    start writing on; advisory while git last saw its file edited before that day
    (`_agenda_not_written_up`)."""
    if meeting.body.strip():
        return []
    held = _held(meeting, site.settings.build_date)
    if held is None:
        return []
    return [
        _warning(
            Location(meeting.path, meeting.body_line, 1),
            "the meeting has no summary: nothing follows its front matter, so its page has "
            "no text; write what the group discussed, decided and took away here, below the "
            "closing '---'",
            advisory=_agenda_not_written_up(site, meeting, held),
        )
    ]


def _starter_example(meeting: Meeting) -> list[Problem]:
    """The example meeting `init` wrote, its text unchanged: the group's first published
    meeting, unless it is deleted or rewritten (the README's first steps)."""
    if not is_starter_example(meeting.body):
        return []
    return [
        _warning(
            Location(meeting.path, meeting.body_line, 1),
            "this is still the example meeting `nominutes init` wrote, which would be "
            "published as the group's first meeting: delete the file, or write your own "
            "summary in its place (see the README's first steps)",
        )
    ]


def _agenda_not_written_up(site: Site, meeting: Meeting, held: date) -> bool:
    """Whether git last saw `meeting`'s file edited before `held`, the day it was held: an
    agenda published ahead and not written up since, whose warnings the day's passing alone
    brought (advisory, so the daily strict build keeps publishing)."""
    last_edit = site.history.last_edited.get(meeting.path)
    return last_edit is not None and last_edit < held


def _placeholder_theme(theme: Theme) -> list[Problem]:
    if theme.body.strip() != PLACEHOLDER_THEME_BODY:
        return []
    blank_lines = theme.body[: len(theme.body) - len(theme.body.lstrip())]
    return [
        _warning(
            Location(theme.path, theme.body_line + blank_lines.count("\n"), 1),
            "the theme's description is still the one `nominutes new theme` wrote; say why "
            "the theme matters and the questions the group keeps coming back to",
        )
    ]


# How far ahead of the build date a meeting may be published without failing --strict: a
# meeting's summary is written after it meets, and a page put up before its day is for the
# meeting coming up (a monthly group's next). A date further ahead is most often a slip of
# the year or the month, which would announce it as the next meeting on the home page.
FAR_AHEAD = timedelta(days=28)
# the note of an action a meeting did not get to, as the warnings suggest it
NOT_DISCUSSED = "note: Not discussed; carried to the next meeting"


def _dated_after_today(site: Site, meeting: Meeting) -> list[Problem]:
    """A meeting dated after the build date is published ahead of its day (listed, and in
    the feeds): as its agenda may be, up to `FAR_AHEAD` before it (an advisory warning, to
    write it up once it has met), or, further ahead, most often by a slip in the year or the
    month (a warning, with the date likely meant)."""
    today = site.settings.build_date
    if not meeting.date > today or meeting.draft:
        return []
    if meeting.date - today > FAR_AHEAD:
        return [_warning(meeting.date_at, _far_ahead(meeting, today))]
    return [
        _warning(
            meeting.date_at,
            f"date {meeting.date} is after today ({today}), so the meeting is published "
            "ahead of its day, as an agenda may be up to four weeks before it: write up what "
            "it did once it has met, or correct the date if it met on another day",
            advisory=True,
        )
    ]


def _far_ahead(meeting: Meeting, today: date) -> str:
    """What is said of a meeting dated more than `FAR_AHEAD` after `today`, in words, with
    the date a slip of the year or the month likely meant."""
    held = meeting.date
    said = (
        f"dated {held.day} {held:%B %Y}, {_how_far(held - today)} after today "
        f"({today.day} {today:%B %Y})"
    )
    rule = (
        "a meeting is published once it has met, or at most four weeks before its day: for "
        "one further off, write draft: true until then"
    )
    meant = _date_meant(held, today)
    if meant is None:
        return f"{said}: correct the date; {rule}"
    name = meeting.path.rpartition("/")[2]
    renamed = ""
    if name.startswith(held.isoformat()):
        renamed = f" and rename the file {meant.isoformat()}{name[len(held.isoformat()) :]}"
    return f"{said}: did you mean {meant}? If so, correct the date{renamed}; {rule}"


def _held(meeting: Meeting, today: date) -> date | None:
    """The day `meeting` was held, as far as `today` knows: its date, or, for one dated far
    ahead by a slip, the date meant (`_slip_meant`); None when that is after `today`. A
    meeting not held yet has done nothing yet: it is warned of no report-back or review it
    did not record (once held, it is)."""
    held = _slip_meant(meeting, today) or meeting.date
    return held if held <= today else None


def _slip_meant(meeting: Meeting, today: date) -> date | None:
    """The date a meeting dated more than `FAR_AHEAD` after `today` by a slip of the year or
    the month most likely stands for (as its warning says); None for any other."""
    if meeting.draft or meeting.date - today <= FAR_AHEAD:
        return None
    return _date_meant(meeting.date, today)


def _how_far(ahead: timedelta) -> str:
    """ "40 days", "3 months", "a year": how far a date is ahead, in words."""
    days = ahead.days
    if days < 56:
        return f"{days} days"
    if days < 335:
        return f"{round(days / 30.44)} months"
    years = round(days / 365.25)
    return "a year" if years == 1 else f"{years} years"


def _date_meant(held: date, today: date) -> date | None:
    """The date a slip of one in the year or the month of `held` most likely stands for, as
    a summary is written up soon after its meeting: of the year before and the month before,
    the nearer to `today` that is neither more than `FAR_AHEAD` after it nor more than 90 days
    before it; None when neither is."""
    meant = []
    for year, month in ((held.year - 1, held.month), _month_before(held)):
        try:
            candidate = held.replace(year=year, month=month)
        except ValueError:  # 29 February, or a 31st the month before does not have
            continue
        if today - timedelta(days=90) <= candidate <= today + FAR_AHEAD:
            meant.append(candidate)
    return min(meant, key=lambda candidate: abs(candidate - today), default=None)


def _month_before(held: date) -> tuple[int, int]:
    return (held.year, held.month - 1) if held.month > 1 else (held.year - 1, 12)


def _updates_to_look_at(site: Site, action: Action) -> list[Problem]:
    """An action listed at a later meeting with nothing new (as `new meeting` lists it), once
    that meeting has been held (`_held`: before, the entry is its agenda's); or closed at one
    meeting and set open again at a later one with no note (most often a meeting file `new
    meeting` wrote before the action was closed), held or not: the action is open again from
    then on. One look at each update finds both (an update that changes nothing reopens
    nothing)."""
    today = site.settings.build_date
    found = []
    for before, event in pairwise(action.history):
        entry = event.entry
        status = entry.status
        if changes_nothing(before, event):
            held = _held(event.meeting, today)
            if held is None:
                continue  # the agenda of a meeting not held yet: nothing has changed yet
            found.append(
                _warning(
                    entry.at,
                    f"action '{action.id}' is listed but nothing about it changed; set its "
                    f"status or write a note{_when_not_discussed(before.due, held)}",
                    advisory=_agenda_not_written_up(site, event.meeting, held),
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


def _when_not_discussed(due: date | None, held: date) -> str:
    """What to do with an action listed unchanged at a meeting held on `held` that did not
    get to it: while it is not due, remove it; once due, say so in a note, as the warning
    of one due and left out (`_not_reported_back`) asks."""
    if due is None or due > held:
        return ", or remove it from this meeting"
    return (
        f" (it was due by {due.day} {due:%B %Y}: if the meeting did not get to it, say so: "
        f"{NOT_DISCUSSED})"
    )


def _not_reported_back(meeting: Meeting, actions: Iterable[Action], today: date) -> list[Problem]:
    """An action due by a meeting that the meeting does not update (the first on or after its
    due date), at that meeting's date; not once a later meeting has updated it, nor when the
    meeting lists it with nothing changed (`_updates_to_look_at` warns of that entry), nor
    while the meeting has not been held (`_held`), nor, at a meeting dated far ahead by a
    slip (`_far_ahead` names the date meant), one due after the date meant: the slip alone
    made it due by the meeting."""
    if _held(meeting, today) is None:
        return []
    meant = _slip_meant(meeting, today)
    found = []
    for action in actions:
        state = action.state_at(meeting)
        if state is not action.current:
            continue  # a later meeting reported on it: the omission is moot
        if state.meeting is meeting:
            continue  # listed, left as `new meeting` wrote it: warned of where it is written
        due = cast(date, state.due)  # set: it fell due by a due date, which no update clears
        if meant is not None and due > meant:
            continue
        found.append(
            _warning(
                meeting.date_at,
                f"action '{action.id}' was due by {due.day} {due:%B %Y}; this meeting does "
                f"not report back on it (add '- id: {action.id}' with its status under "
                f"actions; if the meeting did not get to it, with a note saying so: "
                f"{NOT_DISCUSSED})",
                advisory=True,
            )
        )
    return found
