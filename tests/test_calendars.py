"""The calendars are written line by line, without an icalendar object per event: their bytes
are the bytes icalendar's own objects make of the same calendar, and icalendar reads every
event and to-do back with what the site says.

The reference below makes each calendar the way a program using icalendar would: a Calendar
holding an Event (or Todo) per item and the site's VTIMEZONE, written by `to_ical()`.
"""

from __future__ import annotations

import importlib.util
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator.content.crossref import Action, Indexes, crossref
from generator.content.load import load_site
from generator.content.model import BuildOptions, Meeting, Site, Slot, Status
from generator.content.validate import validate
from generator.errors import Severity
from generator.site import urls
from generator.site.calendars import ACTIONS_CALENDAR, MEETINGS_CALENDAR, calendar_outputs
from generator.site.render import render_bodies, summaries
from tests.conftest import REPO, SITES, copy_site, run_cli

_spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
assert _spec and _spec.loader
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)


# --- the reference: icalendar objects -----------------------------------------------------------


def _when(component: icalendar.Component, day: date, slot: Slot, zone: ZoneInfo | None) -> None:
    if slot.time is None:
        component.add("dtstart", day)
    else:
        component.add("dtstart", datetime.combine(day, slot.time, tzinfo=zone))
        if slot.end is not None:
            component.add("dtend", datetime.combine(day, slot.end, tzinfo=zone))
    if slot.location:
        component.add("location", slot.location)


def _stamp(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("UTC"))


def _stamped(site: Site, meeting: Meeting) -> datetime:
    """A meeting's DTSTAMP without git's history: its day, or, dated after the build date,
    the day of the latest meeting held (the build date if none is), as its feed entry's."""
    today = site.settings.build_date
    held = [m.date for m in site.meetings if m.date <= today]
    return _stamp(meeting.date if meeting.date <= today else held[-1] if held else today)


_TODO_STATUS = {
    Status.OPEN: "NEEDS-ACTION",
    Status.IN_PROGRESS: "IN-PROCESS",
    Status.DONE: "COMPLETED",
    Status.DROPPED: "CANCELLED",
}


def _closing(action: Action) -> Meeting:
    """The meeting that gave a closed action the status it has: the first of the entries
    since the last that gave it another (a later one repeating it closes nothing)."""
    given = [e for e in action.history if e.status is not action.status]
    return action.history[action.history.index(given[-1]) + 1 if given else 0].meeting


def _listed(site: Site, action: Action) -> bool:
    """Whether the actions calendar lists the action: open, or closed at the latest meeting
    held by the build date or at one dated after it."""
    held = [m for m in site.meetings if m.date <= site.settings.build_date]
    if action.status.is_active or not held:
        return True
    return site.meetings.index(_closing(action)) >= site.meetings.index(held[-1])


def _announced_day(site: Site, meeting: Meeting) -> date | None:
    """The day of the next meeting `meeting` holds: its own if it is the first of its day and
    one was announced for it, or (postponed) the day the latest meeting before it to announce
    one announced, when that is before its own, no meeting is held on it and the meetings
    between are dated before it."""
    if next(m for m in site.meetings if m.date == meeting.date) is meeting and any(
        m.next_meeting == meeting.date and m.date < meeting.date for m in site.meetings
    ):
        return meeting.date
    before = site.meetings[: site.meetings.index(meeting)]
    announcer = _announcer(before)
    if announcer is None or announcer.next_meeting is None:
        return None
    day = announcer.next_meeting
    held = any(m.date == day for m in site.meetings)
    between = before[before.index(announcer) + 1 :]
    return day if day < meeting.date and not held and all(m.date < day for m in between) else None


def _announcer(meetings: list[Meeting]) -> Meeting | None:
    """The latest of `meetings` to announce a next meeting after itself."""
    return next((m for m in reversed(meetings) if m.next_meeting and m.next_meeting > m.date), None)


def _announcing(site: Site, meeting: Meeting) -> list[Meeting]:
    """The meetings that announced the next meeting `meeting` holds."""
    day = _announced_day(site, meeting)
    return [m for m in site.meetings if m.next_meeting == day and m.date < (day or m.date)]


def _uid(site: Site, meeting: Meeting) -> str:
    """The meeting's event's UID, but its host: the next meeting's, if it was announced."""
    day = _announced_day(site, meeting)
    return f"next-meeting-{day.isoformat()}" if day else f"meeting-{meeting.slug}"


def reference(site: Site, indexes: Indexes, summary_of: dict[str, str]) -> dict[str, bytes]:
    config = site.settings.site
    address = urlsplit(config.base_url)  # the host, and the path of a site not at its root
    host = (address.hostname or "nominutes") + address.path.rstrip("/")
    zone = ZoneInfo(config.timezone) if config.timezone else None

    def calendar(name: str) -> icalendar.Calendar:
        made = icalendar.Calendar()
        made.add("prodid", "-//nominutes//EN")
        made.add("version", "2.0")
        made.add("x-wr-calname", name)
        made.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        made.add("x-published-ttl", "PT6H")
        return made

    meetings = calendar(f"{config.title}: meetings")
    events = []
    timed = []
    for meeting in site.meetings:
        event = icalendar.Event()
        event.add("uid", f"{_uid(site, meeting)}@{host}")
        event.add("dtstamp", _stamped(site, meeting))
        event.add("sequence", len(_announcing(site, meeting)))  # one more than announced
        _when(event, meeting.date, meeting.slot, zone)
        event.add("summary", meeting.title)
        event.add("description", summary_of[meeting.slug])
        event.add("url", config.base_url + urls.meeting(meeting.slug))
        events.append(event)
        if meeting.slot.time is not None:
            timed.append(meeting.date)
    latest = _announcer(list(site.meetings))
    if latest and latest.next_meeting and latest.next_meeting > site.meetings[-1].date:
        event = icalendar.Event()
        event.add("uid", f"next-meeting-{latest.next_meeting.isoformat()}@{host}")
        event.add("dtstamp", _stamp(latest.date))
        event.add("sequence", 0)
        _when(event, latest.next_meeting, latest.next_slot, zone)
        event.add("summary", f"Next meeting of {config.title}")
        event.add("description", f"Announced at “{latest.title}”.")
        event.add("url", config.base_url + urls.next_meeting())
        events.append(event)
        if latest.next_slot.time is not None:
            timed.append(latest.next_meeting)
    if zone is not None and timed:
        first, last = date(min(timed).year, 1, 1), date(max(timed).year + 1, 1, 1)
        meetings.add_component(icalendar.Timezone.from_tzinfo(zone, zone.key, first, last))
    for event in events:
        meetings.add_component(event)

    actions = calendar(f"{config.title}: actions")
    for action in indexes.actions:
        if action.due is None or not _listed(site, action):
            continue
        todo = icalendar.Todo()
        todo.add("uid", f"action-{action.id}@{host}")
        todo.add("dtstamp", _stamp(action.current.meeting.date))
        todo.add("due", action.due)
        todo.add("summary", action.title)
        todo.add("status", _TODO_STATUS[action.status])
        if action.status is Status.DONE:
            todo.add("completed", _stamp(_closing(action).date))
        owners = ", ".join(action.owners) or "Unassigned"
        label = "Owners" if len(action.owners) > 1 else "Owner"
        noted = next((e for e in reversed(action.history) if e.note), None)
        raised = action.raised_in
        said = (
            f"{label}: {owners}. Raised at “{raised.title}”, {raised.date.day} {raised.date:%B %Y}."
        )
        if noted is not None:
            on = noted.meeting.date
            said += f" Latest note, {on.day} {on:%B %Y}: {noted.note}"
        todo.add("description", said)
        todo.add("url", config.base_url + urls.action(action.id))
        actions.add_component(todo)
    return {MEETINGS_CALENDAR: meetings.to_ical(), ACTIONS_CALENDAR: actions.to_ical()}


# --- the sites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    site: Site
    indexes: Indexes
    summaries: dict[str, str]


def model(source: Path) -> Model | None:
    """The site as a build sees it before rendering; None if it has errors (it does not build)."""
    options = BuildOptions(source, source / "_site", date(2024, 3, 9))
    site, problems = validate(load_site(source), options)
    if site is None or any(p.severity is Severity.ERROR for p in problems):
        return None
    indexes, more = crossref(site)
    if any(p.severity is Severity.ERROR for p in more):
        return None
    bodies = render_bodies(site)
    return Model(site, indexes, summaries(site, bodies))


TEST_SITES = sorted(p.parent for p in SITES.rglob("site.yml"))
HOSTILE = ["a", "Z", "é", "会", "\U0001f4c5", "\\", "^", ",", ";", ":", "N", "n", " ", '"']


def hostile_site(root: Path, count: int) -> Path:
    """The synthetic site with random titles, places and summaries made of what folding and
    escaping must handle (multi-octet characters, backslashes, carets, `\\N`, line breaks),
    of every length around the fold, so each lands on every position of a fold; half of them
    all ASCII."""
    synth.write_nominutes(root, count)
    (root / "site.yml").write_text((root / "site.yml").read_text() + "timezone: Asia/Kolkata\n")
    rng = random.Random(22)

    def text(length: int, ascii: bool) -> str:
        pool = [c for c in HOSTILE if c.isascii() or not ascii]
        made = "".join(rng.choice([*pool, "\n"]) for _ in range(length)).strip()
        return json.dumps("x" + made + "x", ensure_ascii=False)  # a YAML double-quoted string

    for index, note in enumerate(sorted((root / "content/meetings").glob("*.md"))):
        ascii = index % 2 == 0
        front = (
            f"title: {text(40 + index % 90, ascii)}\nsummary: {text(60 + index % 120, ascii)}\n"
            f"location: {text(30 + index % 70, ascii)}\n"
            f'time: "{index % 24:02d}:{index % 60:02d}"\n'
        )
        head, rest = note.read_text().split("\ntitle: ", 1)
        note.write_text(f"{head}\n{front}{rest.split(chr(10), 1)[1]}")
    return root


def calendars(site: Site, indexes: Indexes, summary_of: dict[str, str]) -> dict[str, bytes]:
    """Both calendars as a build writes them."""
    return {made.path: made.make() for made in calendar_outputs(site, indexes, summary_of)}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Model]:
    """The sample site, every test site that builds, the synthetic site with times and places
    in each zone (and floating), and the synthetic site with hostile text."""
    found: dict[str, Model | None] = {"sample": model(REPO)}
    for source in TEST_SITES:
        found[source.relative_to(SITES).as_posix()] = model(source)
    for zone in synth.CALENDAR_ZONES:
        root = tmp_path_factory.mktemp("synthetic") / "site"
        synth.write_nominutes(root, 240)
        synth.with_times_and_places(root, zone)
        found[f"synthetic, {zone or 'floating'}"] = model(root)
    found["hostile"] = model(hostile_site(tmp_path_factory.mktemp("hostile") / "site", 180))
    built = {name: m for name, m in found.items() if m is not None}
    for name in ("sample", "minimal", "hostile", *(n for n in found if n.startswith("synth"))):
        assert name in built, f"{name} does not build"
    return built


def test_calendars_are_the_bytes_icalendar_objects_make(models: dict[str, Model]) -> None:
    timed = 0
    for name, m in models.items():
        made = calendars(m.site, m.indexes, m.summaries)
        assert made == reference(m.site, m.indexes, m.summaries), name
        timed += made[MEETINGS_CALENDAR].count(b"BEGIN:VTIMEZONE")
    # what the comparison covered: zones, folds, escapes, to-dos
    assert timed >= 4
    whole = b"".join(
        data for m in models.values() for data in calendars(m.site, m.indexes, m.summaries).values()
    )
    for needle in (b"\\,", b"\\;", b"\\\\", b"\\n", b"\r\n ", b"TZID=", b"T180000Z", b"VTODO"):
        assert needle in whole, needle


def _as_read(text: str) -> str:
    """A text as a calendar app reads it back: icalendar writes a written `\\N` and CR as
    line breaks."""
    return text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def _expected_start(day: date, at, zone: ZoneInfo | None):
    if at is None:
        return day
    return datetime.combine(day, at, tzinfo=zone)


def test_every_event_and_to_do_reads_back_with_what_the_site_says(
    models: dict[str, Model],
) -> None:
    for name, m in models.items():
        config = m.site.settings.site
        zone = ZoneInfo(config.timezone) if config.timezone else None
        files = calendars(m.site, m.indexes, m.summaries)
        calendar = icalendar.Calendar.from_ical(files[MEETINGS_CALENDAR])
        assert str(calendar["x-wr-calname"]) == f"{config.title}: meetings", name
        # subscribed apps fetch it again every six hours, Outlook by its own property
        assert calendar["refresh-interval"].dt == timedelta(hours=6), name
        assert calendar["refresh-interval"].params["VALUE"] == "DURATION", name
        assert str(calendar["x-published-ttl"]) == "PT6H", name
        events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
        meetings = {_uid(m.site, meeting): meeting for meeting in m.site.meetings}
        assert meetings.keys() <= events.keys(), name
        for uid, meeting in meetings.items():
            event = events[uid]
            assert str(event["summary"]) == _as_read(meeting.title), (name, uid)
            assert str(event["description"]) == _as_read(m.summaries[meeting.slug]), (name, uid)
            assert str(event["url"]) == config.base_url + urls.meeting(meeting.slug)
            assert event.decoded("dtstamp") == _stamped(m.site, meeting), (name, uid)
            start = event.decoded("dtstart")
            assert start == _expected_start(meeting.date, meeting.slot.time, zone), (name, uid)
            if zone is not None and meeting.slot.time is not None:
                assert start.utcoffset() == zone.utcoffset(start.replace(tzinfo=None))
            if meeting.slot.time is not None and meeting.slot.end is not None:
                assert event.decoded("dtend") == _expected_start(
                    meeting.date, meeting.slot.end, zone
                )
            else:
                assert "dtend" not in event
            if meeting.slot.location:
                assert str(event["location"]) == _as_read(meeting.slot.location), (name, uid)
            else:
                assert "location" not in event
        latest = _announcer(list(m.site.meetings))
        extra = events.keys() - meetings.keys()
        if latest and latest.next_meeting and latest.next_meeting > m.site.meetings[-1].date:
            assert extra == {f"next-meeting-{latest.next_meeting.isoformat()}"}, name
            (following,) = (events[uid] for uid in extra)
            expected = _expected_start(latest.next_meeting, latest.next_slot.time, zone)
            assert following.decoded("dtstart") == expected
        else:
            assert not extra, name

        todos = icalendar.Calendar.from_ical(files[ACTIONS_CALENDAR]).walk("VTODO")
        due = [a for a in m.indexes.actions if a.due is not None and _listed(m.site, a)]
        assert [str(t["uid"]).split("@")[0] for t in todos] == [f"action-{a.id}" for a in due]
        for todo, action in zip(todos, due, strict=True):
            assert str(todo["summary"]) == _as_read(action.title)
            assert todo.decoded("due") == action.due
            assert str(todo["url"]) == config.base_url + urls.action(action.id)
            assert str(todo["status"]) == _TODO_STATUS[action.status]
            raised = action.raised_in
            assert f"Raised at “{_as_read(raised.title)}”, {raised.date.day} " in str(
                todo["description"]
            )


def test_a_to_do_gives_the_action_s_latest_note_as_the_tracker_does(
    models: dict[str, Model],
) -> None:
    """The sample site's draft note, overdue: a calendar app shows who has it, where it was
    raised and what was last said of it, with the day, as the tracker's row does; an action
    with no note says nothing of one. The meeting that raised it is named in quotes, with its
    day, as the email names it, so that a title with a comma reads as one."""
    m = models["sample"]
    todos = {
        str(todo["uid"]).split("@")[0]: str(todo["description"])
        for todo in icalendar.Calendar.from_ical(
            calendars(m.site, m.indexes, m.summaries)[ACTIONS_CALENDAR]
        ).walk("VTODO")
    }
    assert todos["action-permission-guidance"] == (
        "Owners: Beccy, Mike. Raised at “Reporting back, and permission to engage”, "
        "10 July 2013. "
        "Latest note, 11 September 2013: A first draft is with the digital team."
    )
    assert todos["action-strategy-action-14"] == (
        "Owner: Digital team. Raised at “The departmental digital strategies”, 11 September 2013."
    )


def test_a_to_do_with_no_owner_is_unassigned_as_on_the_action_s_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "themes:", "actions:\n  - id: write-guidance\n    owner: []\nthemes:", 1
        )
    )
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    todos = icalendar.Calendar.from_ical((out / ACTIONS_CALENDAR).read_bytes()).walk("VTODO")
    [todo] = [t for t in todos if str(t["uid"]).startswith("action-write-guidance@")]
    assert str(todo["description"]) == (
        "Owner: Unassigned. Raised at “Kick-off: first meeting”, 15 January 2024."
    )
    page = (out / "actions/write-guidance/index.html").read_text()
    assert "Unassigned" in page


def test_every_folded_line_fits_in_75_octets_and_never_splits_a_character(
    models: dict[str, Model],
) -> None:
    for m in models.values():
        for data in calendars(m.site, m.indexes, m.summaries).values():
            lines = data.split(b"\r\n")
            assert lines[-1] == b""
            for line in lines[:-1]:
                assert len(line) <= 75
                line.decode("utf-8")  # a fold inside a character would not decode
                assert b"\n" not in line and b"\r" not in line


def _done_entry(note: Path, action: str) -> None:
    """Add `- id: action` with `status: done` to the actions of the meeting at `note`."""
    head, body = note.read_text().removeprefix("---\n").split("---\n", 1)
    entry = f"  - id: {action}\n    status: done\n"
    head = (
        head.replace("actions:\n", f"actions:\n{entry}")
        if "actions:" in head
        else (f"{head}actions:\n{entry}")
    )
    note.write_text(f"---\n{head}---\n{body}")


@pytest.mark.parametrize(
    ("action", "repeated_in", "completed"),
    [
        # closed at the latest meeting (the third), listed again by one written up ahead
        ("write-guidance", "2024-03-25-ahead", date(2024, 3, 11)),
        # closed at an earlier meeting (reporting back), listed again by the latest
        ("live-policy-issue", "2024-03-11-third", None),
    ],
)
def test_a_closed_action_is_completed_on_the_day_of_the_meeting_that_closed_it(
    action: str,
    repeated_in: str,
    completed: date | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A later entry repeating `status: done` (as `new meeting` may list it) moved the to-do's
    COMPLETED day to its meeting's, and kept listing an action closed before the latest
    meeting: the day is the closing meeting's, and actions.ics is the same bytes as without
    the repeated entry."""
    site = copy_site("minimal", tmp_path / "site")
    meetings = site / "content/meetings"
    _done_entry(meetings / "2024-03-11-third.md", "write-guidance")
    (meetings / "2024-03-25-ahead.md").write_text(
        "---\ntitle: Ahead\ndate: 2024-03-25\nthemes: [permission-to-engage]\n---\nAhead.\n"
    )

    def actions_ics(name: str) -> bytes:
        out = tmp_path / name
        run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
        assert run.code == 0, run.err
        return (out / ACTIONS_CALENDAR).read_bytes()

    without = actions_ics("without")
    _done_entry(meetings / f"{repeated_in}.md", action)
    repeated = actions_ics("with")
    todos = {
        str(todo["uid"]).split("@")[0]: todo
        for todo in icalendar.Calendar.from_ical(repeated).walk("VTODO")
    }
    if completed is None:
        assert f"action-{action}" not in todos
    else:
        todo = todos[f"action-{action}"]
        assert str(todo["status"]) == "COMPLETED"
        assert todo.decoded("completed") == datetime(2024, 3, 11, tzinfo=UTC)
    assert repeated == without
