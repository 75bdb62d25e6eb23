"""Calendars: every meeting (and the next one announced) and every open action with a due date.

UIDs are stable, so calendar apps update events instead of duplicating them, and DTSTAMP comes
from the content or the build date, never the clock, so output is reproducible.

Each event is made by the icalendar library on its own and kept in the build cache (folding
lines is most of the cost, and few events change between builds); the calendar is its header,
the events, and its end, exactly as icalendar would write the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Todo

from generator import urls
from generator.cache import CALENDAR, BuildCache, content_key
from generator.crossref import Indexes
from generator.model import Site, Status

PRODID = "-//nominutes//EN"
_END = b"END:VCALENDAR\r\n"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _calendar(name: str, components: Iterable[bytes]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    return head[: -len(_END)] + b"".join(components) + _END


def calendar_files(
    site: Site, indexes: Indexes, summaries: Mapping[str, str], cache: BuildCache
) -> dict[str, bytes]:
    return {
        "meetings.ics": meetings_calendar(site, summaries, cache),
        "actions.ics": actions_calendar(site, indexes, cache),
    }


def _cached(cache: BuildCache, make: Callable[..., bytes], *fields: str | date) -> bytes:
    """`make(*fields)`, from the cache when these fields were made into a component before."""
    parts = [make.__name__, *(str(f) for f in fields)]
    text = cache.text(CALENDAR, content_key(*parts), lambda: make(*fields).decode("utf-8"))
    return text.encode("utf-8")


def _event(uid: str, stamp: date, start: date, summary: str, description: str, url: str) -> bytes:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _stamp(stamp))
    event.add("dtstart", start)
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    return event.to_ical()


def meetings_calendar(site: Site, summaries: Mapping[str, str], cache: BuildCache) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    events = [
        _cached(
            cache,
            _event,
            f"meeting-{meeting.slug}@{host}",
            meeting.date,
            meeting.date,
            meeting.title,
            summaries[meeting.slug],
            config.base_url + urls.meeting(meeting.slug),
        )
        for meeting in site.meetings
    ]
    latest = site.meetings[-1] if site.meetings else None
    if latest and latest.next_meeting and latest.next_meeting > latest.date:
        events.append(
            _cached(
                cache,
                _event,
                f"next-meeting-{latest.next_meeting.isoformat()}@{host}",
                latest.date,
                latest.next_meeting,
                f"Next meeting of {config.title}",
                f"Announced at {latest.title}.",
                config.base_url + urls.meeting(latest.slug),
            )
        )
    return _calendar(f"{config.title}: meetings", events)


def _todo(
    uid: str, stamp: date, due: date, summary: str, status: str, description: str, url: str
) -> bytes:
    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", _stamp(stamp))
    todo.add("due", due)
    todo.add("summary", summary)
    todo.add("status", status)
    todo.add("description", description)
    todo.add("url", url)
    return todo.to_ical()


def _owners(owners: tuple[str, ...]) -> str:
    return ", ".join(owners) or "unassigned"


def actions_calendar(site: Site, indexes: Indexes, cache: BuildCache) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    todos = [
        _cached(
            cache,
            _todo,
            f"action-{action.id}@{host}",
            action.current.meeting.date,
            action.due,
            action.title,
            "IN-PROCESS" if action.status is Status.IN_PROGRESS else "NEEDS-ACTION",
            f"Owner: {_owners(action.owners)}. Raised at {action.raised_in.title}.",
            config.base_url + urls.action(action.id),
        )
        for action in indexes.actions
        if action.status.is_active and action.due is not None
    ]
    return _calendar(f"{config.title}: open actions", todos)
