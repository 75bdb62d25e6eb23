"""Calendars: every meeting (and the next one announced) and every open action with a due date
(with those the latest meeting closed).

UIDs are stable, so calendar apps update events instead of duplicating them (a meeting's is made
from the slug it was first published under, so a renamed file keeps its event, and each ends
with the host of `former_base_url`, where set, so a site that moved keeps them, and its path,
for a site not at its host's root: `SiteConfig.id_site`), and DTSTAMP comes
from the content, never the clock, so output is reproducible. An event's DTSTAMP is the day
its meeting was last updated, as its feed entries date it (`dated`: never after the build
date, so a meeting published ahead is not stamped with its own day; RFC 5545 3.8.7.2: when the
event was last revised); with git's history shown, its LAST-MODIFIED is the day its file was
last edited, but never after its DTSTAMP, and its SEQUENCE the number of days on which
commits edited the file after the first, so that a calendar app takes a corrected time or
place as newer (RFC 5545 3.8.7): the agenda's changes before the meeting and its write-up on
the day count too, though its page and feed entry date only an edit after the meeting's day (a
correction);
the next meeting's counts the days of every meeting's file that announced it, so that a
later meeting announcing it again raises it too. An extra meeting before its day that announces
another day moves it there: it keeps the UID the first announcement gave (see `announcements`).
The meeting then held on that day (the first of the day), or, postponed, the first held after
the announcement, keeps the announced event's UID, with a SEQUENCE one more than the
announcement's and its own, so calendar apps update (or move) the announced event in place
rather than show it twice. A `next_meeting` moved in place (its date changed in the same
file) keeps the UID of the day the file first gave, when git's history shows it
(`History.first_announced_day`); without it, the UID follows the day.
A commit on the day of the last edit changes neither, so a body edit committed that day that
leaves the meeting's summary as it was leaves the calendar as it was.

A meeting with a `time` is a timed event in the site's `timezone` (with its VTIMEZONE, so any
calendar app places it right), or at local "floating" time when site.yml names none; a meeting
without one is an all-day event.

The lines are written here, byte for byte as the icalendar library writes the same calendar
(its property order, TEXT escaping and line folding): making an icalendar object per event
costs more than all the rest. icalendar makes the VTIMEZONE block and names the zone, once
per calendar; the tests parse every calendar back with it and compare the bytes with its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

from generator.content.agenda import announcement, latest_met
from generator.content.crossref import Action, Indexes
from generator.content.dated import last_updated
from generator.content.model import (
    Meeting,
    Site,
    Slot,
    Status,
    announced_at,
    announcements,
    meeting_order,
)
from generator.site import urls
from generator.site.keys import (
    ACTIONS,
    LATEST,
    ORDER,
    TODAY,
    FileOutput,
    PartsCodec,
    action_keys,
    event_keys,
    meeting_key,
)
from generator.site.people import owner_label, owner_names
from generator.site.wording import quoted, sentence

PRODID = "-//nominutes//EN"
REFRESH = "PT6H"  # see `_calendar`
MEETINGS_CALENDAR = "meetings.ics"
ACTIONS_CALENDAR = "actions.ics"
CALENDARS = frozenset([MEETINGS_CALENDAR, ACTIONS_CALENDAR])
_FOLD = 75  # octets a content line is folded at, as icalendar folds


def calendar_outputs(
    site: Site, indexes: Indexes, summaries: Mapping[str, str]
) -> list[FileOutput]:
    """Both calendars. The meetings calendar shows each meeting's event, and the next meeting
    announced (see `announcement`: each meeting's event key stands for its announcement too);
    the actions calendar shows every action, a to-do each (a part per action, which serve's
    updates join: a build makes the file whole)."""
    latest = [meeting_key(m.slug) for m in (latest_met(site),) if m]
    # which meeting that is waits on the build date while one is dated ahead of it
    ahead = [TODAY] if site.meetings and site.meetings[-1].date > site.settings.build_date else []
    events = event_keys(m.slug for m in site.meetings)
    meetings = frozenset([ORDER, *events, *latest, *ahead])
    # (the latest meeting held: the actions calendar lists the actions it closed, and none
    # closed before it; each action's key gives the meeting that closed it and its date)
    todos = action_keys(a.id for a in indexes.actions)
    actions = frozenset([ACTIONS, LATEST, *todos])
    whole = partial(meetings_calendar, site, summaries)
    if site.settings.site.timezone:  # each timed event depends on every meeting's day
        calendar = FileOutput(MEETINGS_CALENDAR, meetings, whole)
    else:  # a part per meeting: its event
        id_site = site.settings.site.id_site
        announced = announced_at(site.meetings)
        event = partial(_meeting_event_bytes, site, summaries, id_site, announced)
        parts = dict(zip(events, site.meetings, strict=True))
        join = partial(_meetings_calendar_of, site, id_site, announced)
        calendar = FileOutput(
            MEETINGS_CALENDAR,
            meetings,
            whole,
            parts=parts,
            make_part=event,
            join=join,
            codec=MEETING_EVENTS,
            joins_more=True,  # the next meeting announced, if its event stands
        )
    todo_list = FileOutput(
        ACTIONS_CALENDAR,
        actions,
        partial(actions_calendar, site, indexes),
        parts=dict(zip(todos, indexes.actions, strict=True)),
        make_part=partial(_todo_bytes, site),
        join=partial(_actions_calendar_of, site, indexes),
        # (not kept between builds: a build makes the file whole; serve's updates join it)
        joins_more=True,  # which closed actions it lists: those the latest meeting closed
    )
    return [calendar, todo_list]


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (RFC 5545 3.3.11): backslash, semicolon,
    comma and line breaks; icalendar first reads a written `\\N` as a line break."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    """A content line folded as icalendar folds it: each part under 75 octets, never inside
    a UTF-8 character, and never just after a backslash or caret (the part then ends one
    character sooner, so an escape stays whole)."""
    data = line.encode("utf-8")
    if len(data) < _FOLD:
        return data
    parts = []
    start = 0
    while len(data) - start >= _FOLD:
        end = start + _FOLD - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: end before it
            end -= 1
        if data[end - 1] in b"\\^" and end - start > 1:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


@dataclass(frozen=True)
class _Clock:
    """How a time of day is written: the parameters before its value and the mark after it
    (`;TZID=Europe/London` and nothing, or nothing and `Z` for UTC, or nothing for floating
    time)."""

    parameters: str = ""
    suffix: str = ""


def _timezone(zone: ZoneInfo, days: list[date]) -> tuple[bytes, _Clock]:
    """The VTIMEZONE of `zone` covering the years of `days`, and how its times are written,
    both from icalendar (imported only for a calendar with timed events in a zone)."""
    import icalendar

    first, last = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    block = icalendar.Timezone.from_tzinfo(zone, zone.key, first, last).to_ical()
    sample = icalendar.vDatetime(datetime.combine(first, time(12, 0), tzinfo=zone))
    parameters = sample.params.to_ical().decode("utf-8")
    clock = _Clock(f";{parameters}" if parameters else "", "Z" if sample.is_utc() else "")
    return block, clock


def _stamp(day: date) -> str:
    """DTSTAMP: midnight UTC of `day`."""
    return "DTSTAMP:" + _utc_midnight(day)


def _utc_midnight(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}T000000Z"


def _day(name: str, day: date) -> str:
    return f"{name};VALUE=DATE:{day.year:04}{day.month:02}{day.day:02}"


def _moment(name: str, day: date, at: time, clock: _Clock) -> str:
    return (
        f"{name}{clock.parameters}:{day.year:04}{day.month:02}{day.day:02}"
        f"T{at.hour:02}{at.minute:02}{at.second:02}{clock.suffix}"
    )


@dataclass(frozen=True)
class _Event:
    """What a VEVENT says."""

    uid: str
    stamp: date
    day: date
    slot: Slot
    summary: str
    description: str
    url: str
    sequence: int = 0
    modified: date | None = None


def _event(event: _Event, clock: _Clock) -> list[str]:
    """The VEVENT's lines, unfolded, in icalendar's order: SUMMARY, DTSTART, DTEND, DTSTAMP,
    UID, SEQUENCE, then the rest by name."""
    slot = event.slot
    lines = ["BEGIN:VEVENT", "SUMMARY:" + _text(event.summary)]
    if slot.time is None:
        lines.append(_day("DTSTART", event.day))
    else:
        lines.append(_moment("DTSTART", event.day, slot.time, clock))
        if slot.end is not None:
            lines.append(_moment("DTEND", event.day, slot.end, clock))
    lines += [
        _stamp(event.stamp),
        "UID:" + _text(event.uid),
        f"SEQUENCE:{event.sequence}",
        "DESCRIPTION:" + _text(event.description),
    ]
    if event.modified is not None:
        lines.append("LAST-MODIFIED:" + _utc_midnight(event.modified))
    if slot.location:
        lines.append("LOCATION:" + _text(slot.location))
    lines += ["URL:" + event.url, "END:VEVENT"]
    return lines


def _calendar(name: str, lines: list[str], zone: bytes = b"", written: bytes = b"") -> bytes:
    """The VCALENDAR: its name, the `zone` block (written already), then `lines`, folded,
    each ended by CRLF, and `written` (lines folded already). The name is written as
    icalendar writes an X- property, unescaped (a line break, which icalendar refuses, as
    `\\n`)."""
    calname = name.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + _text(PRODID),
        "X-WR-CALNAME:" + calname,
        # How often a subscribed app should fetch the calendar again (RFC 7986, and Outlook's
        # own name for it): a meeting moved at a push reaches subscribers within hours.
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    return b"".join(
        [
            *(_fold(line) + b"\r\n" for line in head),
            zone,
            *(_fold(line) + b"\r\n" for line in lines),
            written,
            b"END:VCALENDAR\r\n",
        ]
    )


def meetings_calendar(site: Site, summaries: Mapping[str, str]) -> bytes:
    config = site.settings.site
    id_site = config.id_site
    announced = announced_at(site.meetings)
    events = [
        _meeting_event(site, summaries, id_site, announced, meeting) for meeting in site.meetings
    ]
    events += _next_meeting_event(site, id_site, announced)
    timed = [event.day for event in events if event.slot.time is not None]
    block, clock = b"", _Clock()
    if config.timezone and timed:
        block, clock = _timezone(ZoneInfo(config.timezone), timed)
    lines = [line for event in events for line in _event(event, clock)]
    return _calendar(f"{config.title}: meetings", lines, block)


def _meeting_event(
    site: Site,
    summaries: Mapping[str, str],
    id_site: str,
    announced: Mapping[str, Sequence[Meeting]],
    meeting: Meeting,
) -> _Event:
    """The meeting's event, its UID ending with `id_site` (`SiteConfig.id_site`): the next
    meeting's that earlier meetings announced, updated in place (its UID, with a higher
    SEQUENCE), if they announced its day (`announced`, see `announced_at`)."""
    edited, sequence = _last_edit_and_sequence(site, meeting)
    stamp = last_updated(site, meeting)
    uid = f"meeting-{site.history.first_slug(meeting)}@{id_site}"  # as first published
    announcing = announced.get(meeting.slug)
    if announcing:  # the day the first of them first announced: the event moved from there
        uid = _announced_uid(
            site.history.first_announced_day(announcing[0]) or meeting.date, id_site
        )
        sequence += _announced_sequence(site, announcing) + 1
    return _Event(
        uid,
        stamp,
        meeting.date,
        meeting.slot,
        meeting.title,
        summaries[meeting.slug],
        site.settings.site.base_url + urls.meeting(meeting.slug),
        sequence,
        min(edited, stamp) if edited else None,
    )


def _last_edit_and_sequence(site: Site, meeting: Meeting) -> tuple[date | None, int]:
    """The day git last saw the meeting's file edited (None without git's history), and the
    number of days it was edited after the first."""
    history = site.history
    return history.last_edited.get(meeting.path), max(history.edit_days.get(meeting.path, 1) - 1, 0)


def _next_meeting_event(
    site: Site, id_site: str, announced: Mapping[str, Sequence[Meeting]]
) -> list[_Event]:
    """The next meeting announced (see `announcement`), if no meeting holding it is published
    yet (one dated ahead, on that day or postponed, has the announced UID: `announced`, see
    `announced_at`)."""
    announcer = announcement(site)
    # An announcement taken out (the next meeting cancelled, its date to be set) leaves no
    # event, rather than one with STATUS:CANCELLED: a subscribed calendar is a copy of the
    # file, and every app drops an event the file no longer holds on its next refresh, while
    # a cancelled one would have to stay in the file for as long as some app has not
    # refreshed, and the content no longer says what was announced (git's history, which a
    # site may not show, is the only record of it).
    if announcer is None or announcer.next_meeting is None:
        return []
    if any(announcer in announcing for announcing in announced.values()):
        return []
    config = site.settings.site
    edited, _ = _last_edit_and_sequence(site, announcer)  # its announcement's
    stamp = last_updated(site, announcer)
    day = announcer.next_meeting
    announcing = announcements(site.meetings)[1][announcer.slug]
    return [
        _Event(
            # moved from the day the first of them first announced
            _announced_uid(site.history.first_announced_day(announcing[0]) or day, id_site),
            stamp,
            day,
            announcer.next_slot,
            f"Next meeting of {config.title}",
            sentence(f"Announced at {quoted(announcer.title)}"),
            config.base_url + urls.next_meeting(),  # its agenda pack
            _announced_sequence(site, announcing),
            min(edited, stamp) if edited else None,
        )
    ]


def _announced_uid(day: date, id_site: str) -> str:
    """The UID of the next meeting first announced for `day`, which it keeps when a later
    announcement moves it to another day, and the meeting holding it keeps too."""
    return f"next-meeting-{day.isoformat()}@{id_site}"


def _announced_sequence(site: Site, announcing: Sequence[Meeting]) -> int:
    """The next meeting's SEQUENCE: the days on which the files of the meetings `announcing`
    its day were edited, less one, so that a later meeting announcing it again (at another
    time or place, perhaps) raises it, as an edit to the announcing file does."""
    days = site.history.edit_days
    return max(sum(days.get(m.path, 1) for m in announcing) - 1, 0)


def _meeting_event_bytes(
    site: Site,
    summaries: Mapping[str, str],
    id_site: str,
    announced: Mapping[str, Sequence[Meeting]],
    meeting: Meeting,
) -> bytes:
    """A meeting's event as the calendar writes it, in a site with no time zone."""
    event = _meeting_event(site, summaries, id_site, announced, meeting)
    return _folded(_event(event, _Clock()))


def _event_to_json(event: bytes) -> str:
    return event.decode("utf-8")


def _event_from_json(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("an event is text")
    return text.encode("utf-8")


# A meeting's event, kept between builds as its text (the calendar is written in UTF-8).
MEETING_EVENTS = PartsCodec("meeting-events", _event_to_json, _event_from_json)


def _meetings_calendar_of(
    site: Site, id_site: str, announced: Mapping[str, Sequence[Meeting]], events: list[bytes]
) -> bytes:
    """The meetings calendar of a site with no time zone, from its meetings' events."""
    following = _next_meeting_event(site, id_site, announced)
    written = [_folded(_event(event, _Clock())) for event in following]
    name = f"{site.settings.site.title}: meetings"
    return _calendar(name, [], b"", b"".join([*events, *written]))


def _folded(lines: list[str]) -> bytes:
    return b"".join(_fold(line) + b"\r\n" for line in lines)


def actions_calendar(site: Site, indexes: Indexes) -> bytes:
    """Every open action with a due date, and those the latest meeting held by the build date
    (or one published ahead) closed, ticked off or cancelled until the next meeting (a
    subscriber's app then lets them go): the calendar does not grow with every action a
    group ever closed."""
    latest = latest_met(site)
    todos = [_todo_bytes(site, action) for action in indexes.actions if _listed(action, latest)]
    return _calendar(f"{site.settings.site.title}: actions", [], b"", b"".join(todos))


def _actions_calendar_of(site: Site, indexes: Indexes, todos: list[bytes]) -> bytes:
    """The actions calendar from each action's to-do (`_todo_bytes`), in the order of
    `indexes.actions`: those of the actions it lists."""
    latest = latest_met(site)
    listed = [todo for a, todo in zip(indexes.actions, todos, strict=True) if _listed(a, latest)]
    return _calendar(f"{site.settings.site.title}: actions", [], b"", b"".join(listed))


def _listed(action: Action, latest: Meeting | None) -> bool:
    """Whether the actions calendar lists the action (see `actions_calendar`), given the
    latest meeting held."""
    closed_by = action.closed_by
    return action.due is not None and not (
        closed_by is not None and latest is not None and _before(closed_by.meeting, latest)
    )


def _todo_bytes(site: Site, action: Action) -> bytes:
    """An action's to-do in the actions calendar, its lines folded (b"" with no due date)."""
    if action.due is None:
        return b""
    config = site.settings.site
    closed_by = action.closed_by
    owners = f"{owner_label(len(action.owners))}: {owner_names(action.owners)}"
    raised = action.raised_in  # named as the email names it: “…”, 10 July 2013
    raised_at = f"{quoted(raised.title)}, {raised.date.day} {raised.date:%B %Y}"
    description = f"{owners}. Raised at {raised_at}.{_latest_note(action)}"
    lines = ["BEGIN:VTODO"]  # icalendar writes a VTODO's properties by name
    if action.status is Status.DONE and closed_by is not None:
        lines.append("COMPLETED:" + _utc_midnight(closed_by.meeting.date))
    lines += [
        "DESCRIPTION:" + _text(description),
        _stamp(action.last_change.meeting.date),  # not an entry that changed nothing
        _day("DUE", action.due),
        "STATUS:" + _todo_status(action.status),
        "SUMMARY:" + _text(action.title),
        "UID:" + _text(f"action-{action.id}@{config.id_site}"),
        "URL:" + config.base_url + urls.action(action.id),
        "END:VTODO",
    ]
    return _folded(lines)


def _latest_note(action: Action) -> str:
    """What a to-do's description ends with: the action's latest note, with the day of the
    meeting that wrote it, as the tracker shows it (" Latest note, 11 September 2013: A
    first draft is with the digital team."); "" for none."""
    latest = action.latest_note
    if latest is None or not latest.note:
        return ""
    day = latest.meeting.date
    return f" Latest note, {day.day} {day:%B %Y}: {latest.note}"


def _before(meeting: Meeting, other: Meeting) -> bool:
    """Whether `meeting` comes before `other` in `meeting_order` (by date first: quick)."""
    return meeting.date < other.date or (
        meeting.date == other.date and meeting_order(meeting) < meeting_order(other)
    )


def _todo_status(status: Status) -> str:
    """An action's status as a to-do's STATUS (RFC 5545 3.8.1.11): a closed action is ticked
    off (done, with the day of the meeting that closed it as COMPLETED) or cancelled."""
    if status is Status.DONE:
        return "COMPLETED"
    if status is Status.DROPPED:
        return "CANCELLED"
    return "IN-PROCESS" if status is Status.IN_PROGRESS else "NEEDS-ACTION"
