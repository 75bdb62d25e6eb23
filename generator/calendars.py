"""Calendars: every meeting (and the next one announced) and every open action with a due date.

UIDs are stable, so calendar apps update events instead of duplicating them, and DTSTAMP comes
from the content or the build date, never the clock, so output is reproducible.

Each event is made by the icalendar library on its own and kept in the build cache (folding
lines is most of the cost, and few events change between builds); the calendar is its header,
the events, and its end, exactly as icalendar would write the whole.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

from generator import urls
from generator.cache import CALENDAR, BuildCache, value_key
from generator.crossref import Indexes
from generator.model import Site, Status

PRODID = "-//nominutes//EN"
MEETINGS_CALENDAR = "meetings.ics"
ACTIONS_CALENDAR = "actions.ics"
_END = b"END:VCALENDAR\r\n"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _calendar(name: str, components: Iterable[bytes]) -> bytes:
    import icalendar  # imported when a calendar is made: a rebuild seldom makes one

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    return head[: -len(_END)] + b"".join(components) + _END


def calendar_files(
    site: Site,
    indexes: Indexes,
    summaries: Mapping[str, str],
    cache: BuildCache,
    leave_out: Container[str] = (),
) -> dict[str, bytes]:
    """Both calendars, but those in `leave_out` (kept from the last build)."""
    files = {}
    if MEETINGS_CALENDAR not in leave_out:
        files[MEETINGS_CALENDAR] = meetings_calendar(site, summaries, cache)
    if ACTIONS_CALENDAR not in leave_out:
        files[ACTIONS_CALENDAR] = actions_calendar(site, indexes, cache)
    return files


Property = tuple[str, str | date | datetime]
Component = tuple[str, tuple[Property, ...]]  # "Event" or "Todo", and its properties


def _components(cache: BuildCache, wanted: list[Component], jobs: int) -> list[bytes]:
    """Each event or to-do as icalendar writes it: from the cache when it was made before,
    the rest made in `jobs` processes."""

    def make(index: int) -> str:
        import icalendar

        kind, properties = wanted[index]
        component = getattr(icalendar, kind)()
        for name, value in properties:
            component.add(name, value)
        return component.to_ical().decode("utf-8")

    texts = cache.texts(CALENDAR, [value_key(c) for c in wanted], make, jobs)
    return [text.encode("utf-8") for text in texts]


def meetings_calendar(site: Site, summaries: Mapping[str, str], cache: BuildCache) -> bytes:
    config = site.settings.site
    host = urlsplit(config.base_url).hostname or "nominutes"
    events: list[Component] = [
        (
            "Event",
            (
                ("uid", f"meeting-{meeting.slug}@{host}"),
                ("dtstamp", _stamp(meeting.date)),
                ("dtstart", meeting.date),
                ("summary", meeting.title),
                ("description", summaries[meeting.slug]),
                ("url", config.base_url + urls.meeting(meeting.slug)),
            ),
        )
        for meeting in site.meetings
    ]
    latest = site.meetings[-1] if site.meetings else None
    if latest and latest.next_meeting and latest.next_meeting > latest.date:
        events.append(
            (
                "Event",
                (
                    ("uid", f"next-meeting-{latest.next_meeting.isoformat()}@{host}"),
                    ("dtstamp", _stamp(latest.date)),
                    ("dtstart", latest.next_meeting),
                    ("summary", f"Next meeting of {config.title}"),
                    ("description", f"Announced at {latest.title}."),
                    ("url", config.base_url + urls.meeting(latest.slug)),
                ),
            )
        )
    made = _components(cache, events, site.settings.jobs)
    return _calendar(f"{config.title}: meetings", made)


def _owners(owners: tuple[str, ...]) -> str:
    return ", ".join(owners) or "unassigned"


def actions_calendar(site: Site, indexes: Indexes, cache: BuildCache) -> bytes:
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
    made = _components(cache, todos, site.settings.jobs)
    return _calendar(f"{config.title}: open actions", made)
