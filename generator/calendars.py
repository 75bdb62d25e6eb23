"""Calendars: every meeting (and the next one announced) and every open action with a due date.

UIDs are stable, so calendar apps update events instead of duplicating them, and DTSTAMP comes
from the content or the build date, never the clock, so output is reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Todo

from generator import urls
from generator.crossref import Indexes
from generator.model import Site, Status

PRODID = "-//nominutes//EN"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_files(site: Site, indexes: Indexes, summaries: Mapping[str, str]) -> dict[str, bytes]:
    return {
        "meetings.ics": meetings_calendar(site, summaries),
        "actions.ics": actions_calendar(site, indexes),
    }


def meetings_calendar(site: Site, summaries: Mapping[str, str]) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    calendar = _calendar(f"{config.title}: meetings")
    for meeting in site.meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.slug}@{host}")
        event.add("dtstamp", _stamp(meeting.date))
        event.add("dtstart", meeting.date)
        event.add("summary", meeting.title)
        event.add("description", summaries[meeting.slug])
        event.add("url", config.base_url + urls.meeting(meeting.slug))
        calendar.add_component(event)
    latest = site.meetings[-1] if site.meetings else None
    if latest and latest.next_meeting and latest.next_meeting > latest.date:
        event = Event()
        event.add("uid", f"next-meeting-{latest.next_meeting.isoformat()}@{host}")
        event.add("dtstamp", _stamp(latest.date))
        event.add("dtstart", latest.next_meeting)
        event.add("summary", f"Next meeting of {config.title}")
        event.add("description", f"Announced at {latest.title}.")
        event.add("url", config.base_url + urls.meeting(latest.slug))
        calendar.add_component(event)
    return calendar.to_ical()


def actions_calendar(site: Site, indexes: Indexes) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    calendar = _calendar(f"{config.title}: open actions")
    for action in indexes.actions:
        if not action.status.is_active or action.due is None:
            continue
        todo = Todo()
        todo.add("uid", f"action-{action.id}@{host}")
        todo.add("dtstamp", _stamp(action.current.meeting.date))
        todo.add("due", action.due)
        todo.add("summary", action.title)
        todo.add("status", "IN-PROCESS" if action.status is Status.IN_PROGRESS else "NEEDS-ACTION")
        owners = ", ".join(action.owners) or "unassigned"
        todo.add("description", f"Owner: {owners}. Raised at {action.raised_in.title}.")
        todo.add("url", config.base_url + urls.action(action.id))
        calendar.add_component(todo)
    return calendar.to_ical()
