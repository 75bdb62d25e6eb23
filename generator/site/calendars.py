"""Calendars: every meeting (and the next one announced) and every open action with a due date.

UIDs are stable, so calendar apps update events instead of duplicating them, and DTSTAMP comes
from the content or the build date, never the clock, so output is reproducible.

A meeting with a `time` is a timed event in the site's `timezone` (with its VTIMEZONE, so any
calendar app places it right), or at local "floating" time when site.yml names none; a meeting
without one is an all-day event.

Each event is made by the icalendar library on its own; the calendar is its header, the
events, and its end, exactly as icalendar would write the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, tzinfo
from functools import partial
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.content.crossref import Indexes
from generator.content.model import Site, SiteConfig, Slot, Status
from generator.site import urls
from generator.site.keys import ACTIONS, ORDER, FileOutput, action_keys, card_key, meeting_key

PRODID = "-//nominutes//EN"
MEETINGS_CALENDAR = "meetings.ics"
ACTIONS_CALENDAR = "actions.ics"
_END = b"END:VCALENDAR\r\n"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _when(day: date, slot: Slot, zone: tzinfo | None) -> tuple[Property, ...]:
    """DTSTART (and DTEND, LOCATION) of an event on `day` held at `slot`."""
    if slot.time is None:
        found: tuple[Property, ...] = (("dtstart", day),)
    else:
        found = (("dtstart", datetime.combine(day, slot.time, tzinfo=zone)),)
        if slot.end is not None:
            found += (("dtend", datetime.combine(day, slot.end, tzinfo=zone)),)
    if slot.location:
        found += (("location", slot.location),)
    return found


def _zone(config: SiteConfig) -> ZoneInfo | None:
    return ZoneInfo(config.timezone) if config.timezone else None


def _timezone(zone: ZoneInfo, days: list[date]) -> bytes:
    """The VTIMEZONE of `zone`, covering the years of `days`."""
    import icalendar

    first, last = date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)
    return icalendar.Timezone.from_tzinfo(zone, zone.key, first, last).to_ical()


def _calendar(name: str, components: Iterable[bytes]) -> bytes:
    import icalendar  # imported when a calendar is made: a rebuild seldom makes one

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    return head[: -len(_END)] + b"".join(components) + _END


def calendar_outputs(
    site: Site, indexes: Indexes, summaries: Mapping[str, str]
) -> list[FileOutput]:
    """Both calendars. The meetings calendar shows what cards show, and the next meeting the
    latest one announces; the actions calendar shows every action."""
    latest = [meeting_key(m.slug) for m in site.meetings[-1:]]
    meetings = frozenset([ORDER, *(card_key(m.slug) for m in site.meetings), *latest])
    actions = frozenset([ACTIONS, *action_keys(a.id for a in indexes.actions)])
    return [
        FileOutput(MEETINGS_CALENDAR, meetings, partial(meetings_calendar, site, summaries)),
        FileOutput(ACTIONS_CALENDAR, actions, partial(actions_calendar, site, indexes)),
    ]


Property = tuple[str, str | date | datetime]
Component = tuple[str, tuple[Property, ...]]  # "Event" or "Todo", and its properties


def _components(wanted: list[Component]) -> list[bytes]:
    """Each event or to-do as icalendar writes it."""
    import icalendar

    made = []
    for kind, properties in wanted:
        component = getattr(icalendar, kind)()
        for name, value in properties:
            component.add(name, value)
        made.append(component.to_ical())
    return made


def meetings_calendar(site: Site, summaries: Mapping[str, str]) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    zone = _zone(config)
    events: list[Component] = [
        (
            "Event",
            (
                ("uid", f"meeting-{meeting.slug}@{host}"),
                ("dtstamp", _stamp(meeting.date)),
                *_when(meeting.date, meeting.slot, zone),
                ("summary", meeting.title),
                ("description", summaries[meeting.slug]),
                ("url", config.base_url + urls.meeting(meeting.slug)),
            ),
        )
        for meeting in site.meetings
    ]
    timed = [m.date for m in site.meetings if m.slot.time is not None]
    latest = site.meetings[-1] if site.meetings else None
    if latest and latest.next_meeting and latest.next_meeting > latest.date:
        if latest.next_slot.time is not None:
            timed.append(latest.next_meeting)
        events.append(
            (
                "Event",
                (
                    ("uid", f"next-meeting-{latest.next_meeting.isoformat()}@{host}"),
                    ("dtstamp", _stamp(latest.date)),
                    *_when(latest.next_meeting, latest.next_slot, zone),
                    ("summary", f"Next meeting of {config.title}"),
                    ("description", f"Announced at {latest.title}."),
                    ("url", config.base_url + urls.next_meeting()),  # its agenda pack
                ),
            )
        )
    made = _components(events)
    if zone is not None and timed:
        made.insert(0, _timezone(zone, timed))
    return _calendar(f"{config.title}: meetings", made)


def _owners(owners: tuple[str, ...]) -> str:
    return ", ".join(owners) or "unassigned"


def actions_calendar(site: Site, indexes: Indexes) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    todos: list[Component] = [
        (
            "Todo",
            (
                ("uid", f"action-{action.id}@{host}"),
                ("dtstamp", _stamp(action.current.meeting.date)),
                ("due", action.due),
                ("summary", action.title),
                (
                    "status",
                    "IN-PROCESS" if action.status is Status.IN_PROGRESS else "NEEDS-ACTION",
                ),
                (
                    "description",
                    f"Owner: {_owners(action.owners)}. Raised at {action.raised_in.title}.",
                ),
                ("url", config.base_url + urls.action(action.id)),
            ),
        )
        for action in indexes.actions
        if action.status.is_active and action.due is not None
    ]
    made = _components(todos)
    return _calendar(f"{config.title}: open actions", made)
