"""When and where meetings are held: pages show it, meetings.ics has timed events in the
site's time zone, and a calendar parser reads the file back as a calendar app would."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import copy_site, edit, run_cli, snapshot
from tests.htmlpage import read_page

LONDON = ZoneInfo("Europe/London")


def timed_site(root: Path, timezone: str | None = "Europe/London") -> Path:
    """The minimal site with the kick-off held at a time and place, the third meeting on a
    call, and the next meeting announced with its time and room."""
    site = copy_site("minimal", root / "site")
    if timezone:
        (site / "site.yml").write_text((site / "site.yml").read_text() + f"timezone: {timezone}\n")
    kick_off = "content/meetings/2024-01-15-kick-off.md"
    edit(site, kick_off, "date: 2024-01-15\n", "date: 2024-01-15\ntime: 14:00\nend: '15:30'\n")
    edit(site, kick_off, "authors:", "location: Room 4.12, 1 Victoria Street\nauthors:")
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "date: 2024-03-11\n",
        "date: 2024-03-11\ntime: '9:30'\nlocation: https://meet.example.org/group\n"
        "next_meeting:\n  date: 2024-04-08\n  time: '10:00'\n  end: '11:00'\n"
        "  location: Room 1\n",
    )
    return site


def build(site: Path, out: Path, capsys, monkeypatch, *extra: str) -> None:
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out), *extra], capsys, monkeypatch
    )
    assert run.code == 0, run.err


def events(out: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_timed_meetings_are_events_in_the_sites_time_zone(tmp_path, capsys, monkeypatch):
    site = timed_site(tmp_path)
    build(site, tmp_path / "out", capsys, monkeypatch)
    calendar = icalendar.Calendar.from_ical((tmp_path / "out/meetings.ics").read_bytes())
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    found = events(tmp_path / "out")
    kick_off = found["meeting-2024-01-15-kick-off"]
    assert kick_off.decoded("DTSTART") == datetime(2024, 1, 15, 14, 0, tzinfo=LONDON)
    assert kick_off["DTSTART"].params["TZID"] == "Europe/London"
    assert kick_off.decoded("DTEND") == datetime(2024, 1, 15, 15, 30, tzinfo=LONDON)
    assert str(kick_off["LOCATION"]) == "Room 4.12, 1 Victoria Street"
    assert str(kick_off["URL"]) == "https://example.org/group/meetings/2024-01-15-kick-off/"
    # a meeting with no time stays an all-day event, with no place
    reporting = found["next-meeting-2024-02-12"]  # the kick-off announced it: its event kept
    assert reporting.decoded("DTSTART") == date(2024, 2, 12)
    assert "LOCATION" not in reporting and "DTEND" not in reporting
    third = found["meeting-2024-03-11-third"]
    assert third.decoded("DTSTART") == datetime(2024, 3, 11, 9, 30, tzinfo=LONDON)
    assert str(third["LOCATION"]) == "https://meet.example.org/group"
    # the next meeting, as the latest one announced it
    upcoming = found["next-meeting-2024-04-08"]
    assert upcoming.decoded("DTSTART") == datetime(2024, 4, 8, 10, 0, tzinfo=LONDON)
    assert upcoming.decoded("DTEND") == datetime(2024, 4, 8, 11, 0, tzinfo=LONDON)
    assert str(upcoming["LOCATION"]) == "Room 1"
    assert str(upcoming["URL"]) == "https://example.org/group/next/"  # its agenda pack
    # British Summer Time: the VTIMEZONE places 10:00 on 8 April at 09:00 UTC
    assert upcoming.decoded("DTSTART").astimezone(ZoneInfo("UTC")).hour == 9


def test_without_a_time_zone_times_are_local(tmp_path, capsys, monkeypatch):
    site = timed_site(tmp_path, timezone=None)
    build(site, tmp_path / "out", capsys, monkeypatch)
    calendar = icalendar.Calendar.from_ical((tmp_path / "out/meetings.ics").read_bytes())
    assert calendar.walk("VTIMEZONE") == []
    start = events(tmp_path / "out")["meeting-2024-01-15-kick-off"].decoded("DTSTART")
    assert start == datetime(2024, 1, 15, 14, 0) and start.tzinfo is None


def test_calendars_are_byte_identical_between_builds(tmp_path, capsys, monkeypatch):
    site = timed_site(tmp_path)
    build(site, tmp_path / "one", capsys, monkeypatch)
    build(site, tmp_path / "two", capsys, monkeypatch)  # from the cache
    build(site, tmp_path / "three", capsys, monkeypatch, "--no-cache")
    calendars = [(tmp_path / n / "meetings.ics").read_bytes() for n in ("one", "two", "three")]
    assert calendars[0] == calendars[1] == calendars[2]


def test_a_changed_time_or_place_remakes_the_calendar_as_a_fresh_build(
    tmp_path, capsys, monkeypatch
):
    site = timed_site(tmp_path)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(site, out, capsys, monkeypatch)
    edit(site, "content/meetings/2024-01-15-kick-off.md", "Room 4.12", "Room 6.01")
    edit(site, "content/meetings/2024-03-11-third.md", "time: '10:00'", "time: '10:15'")
    build(site, out, capsys, monkeypatch)
    build(site, fresh, capsys, monkeypatch, "--no-cache")
    assert snapshot(out) == snapshot(fresh)
    found = events(out)
    assert str(found["meeting-2024-01-15-kick-off"]["LOCATION"]).startswith("Room 6.01")
    assert found["next-meeting-2024-04-08"].decoded("DTSTART").time() == time(10, 15)
    page = read_page(out, "meetings/2024-01-15-kick-off/index.html")
    assert "Room 6.01, 1 Victoria Street" in page.text


def test_pages_show_the_time_and_place(tmp_path, capsys, monkeypatch):
    """Each time is followed by the zone's abbreviation on its day, as a reader in the UK
    expects: GMT in winter, BST in summer (the next meeting, after the clocks go forward)."""
    site = timed_site(tmp_path)
    build(site, tmp_path / "out", capsys, monkeypatch)
    kick_off = read_page(tmp_path / "out", "meetings/2024-01-15-kick-off/index.html")
    assert "15 January 2024, 14:00 to 15:30 GMT, Room 4.12, 1 Victoria Street" in kick_off.text
    assert kick_off.find_all("time", datetime="2024-01-15T14:00")
    third = read_page(tmp_path / "out", "meetings/2024-03-11-third/index.html")
    assert "11 March 2024, 09:30 GMT, join the call" in third.text
    assert "https://meet.example.org/group" in third.links
    assert "Next meeting: 8 April 2024, 10:00 to 11:00 BST, Room 1" in third.text
    assert "Europe/London" not in kick_off.text + third.text


def test_a_zone_with_no_abbreviation_but_an_offset_is_shown_by_its_name(
    tmp_path, capsys, monkeypatch
):
    """Istanbul's zone names its time "+03", which says less than "Europe/Istanbul": the
    page gives the name."""
    site = timed_site(tmp_path, timezone="Europe/Istanbul")
    build(site, tmp_path / "out", capsys, monkeypatch)
    kick_off = read_page(tmp_path / "out", "meetings/2024-01-15-kick-off/index.html")
    assert "15 January 2024, 14:00 to 15:30 (Europe/Istanbul), Room 4.12" in kick_off.text
    assert "+03" not in kick_off.text


def test_a_meeting_across_the_clocks_going_back_gives_each_time_its_zone(
    tmp_path, capsys, monkeypatch
):
    """On 27 October 2024 the UK's clocks go back at 02:00 BST: a meeting from 00:30 to 03:00
    starts in BST and ends in GMT."""
    site = timed_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  date: 2024-04-08\n  time: '10:00'\n  end: '11:00'",
        "  date: 2024-10-27\n  time: '00:30'\n  end: '03:00'",
    )
    build(site, tmp_path / "out", capsys, monkeypatch)
    third = read_page(tmp_path / "out", "meetings/2024-03-11-third/index.html")
    assert "Next meeting: 27 October 2024, 00:30 BST to 03:00 GMT, Room 1" in third.text


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("time: 25:00", "time: '25:00' is not a time"),
        ("time: 14:00\nend: 14:00", "end 14:00 is not after the start time 14:00"),
        ("end: 14:00", "end is given without 'time'"),
        ("next_meeting: {date: 2024-04-08, time: 9.30}", "next_meeting.time: '9.30' is not a time"),
        ("next_meeting: {date: 2024-04-08, room: 1}", "unknown field 'room'"),
    ],
)
def test_bad_times_are_errors_at_their_line(front, message, tmp_path, capsys, monkeypatch):
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "content/meetings/2024-03-11-third.md", "summary:", f"{front}\nsummary:")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    line = len(front.splitlines()) + 3  # the last line added, after '---', title and date
    assert [p for p in run.problem_lines if message in p] == [
        p
        for p in run.problem_lines
        if p.startswith(f"content/meetings/2024-03-11-third.md:{line}:")
    ]
    assert any(message in p for p in run.problem_lines)


@pytest.mark.parametrize(
    ("front", "col", "fix"),
    [
        (
            "next_meeting: {date: 2024-04-08, location: Room 4.12, 1 Victoria Street, London}",
            55,
            'location: "Room 4.12, 1 Victoria Street, London"',
        ),
        (
            "actions:\n  - {id: ask-legal, title: Ask legal, then report back, owner: Grace}",
            39,
            'title: "Ask legal, then report back"',
        ),
        (
            "decisions:\n"
            "  - {id: one-tool, text: We trial one tool, not three, review: 2024-06-01}",
            45,
            'text: "We trial one tool, not three"',
        ),
    ],
)
def test_a_value_a_comma_cut_short_in_a_one_line_mapping_is_told_to_be_quoted(
    front, col, fix, tmp_path, capsys, monkeypatch
):
    """A place written with commas in a one-line {…} (as the next meeting is often given):
    YAML ends the value at the first comma and reads the rest as fields. The one error, at
    the first piece, says so and gives the line with the whole value in quotes."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "content/meetings/2024-03-11-third.md", "summary:", f"{front}\nsummary:")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    line = len(front.splitlines()) + 3  # the last line added, after '---', title and date
    field, cut = fix.split(": ", 1)
    piece = cut.strip('"').split(", ")[1]
    assert run.problem_lines == [
        f"content/meetings/2024-03-11-third.md:{line}:{col}: error: unknown field '{piece}': in "
        f"a one-line {{…}} a comma ends a value, so {field} was read as "
        f"'{cut.strip(chr(34)).split(', ')[0]}' and the rest as fields of their own; put a "
        f"value holding a comma in quotes: {fix}"
    ]


def same_day_site(root: Path) -> Path:
    """The minimal site with a board meeting at 15:00 on the day of the third meeting, which
    is held at 10:00 and raises an action the board updates; the board's file name sorts
    first."""
    site = copy_site("minimal", root / "site")
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "date: 2024-03-11\n",
        "date: 2024-03-11\ntime: '10:00'\nactions:\n  - id: audit\n    title: Audit the data\n"
        "    owner: Ada\n    due: 2024-03-11\n",
    )
    (site / "content/meetings/2024-03-11-a-board.md").write_text(
        "---\ntitle: Board\ndate: 2024-03-11\ntime: '15:00'\nactions:\n"
        "  - id: audit\n    status: done\n---\nThe board met after the workshop.\n"
    )
    return site


def test_meetings_on_one_day_come_in_the_order_of_their_times(tmp_path, capsys, monkeypatch):
    site = same_day_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, capsys, monkeypatch)
    board = read_page(out, "meetings/2024-03-11-a-board/index.html")
    assert "Since the last meeting Since Third meeting on 11 March 2024:" in board.text
    home = read_page(out, "index.html").text
    assert home.index("Board") < home.index("Third meeting")  # newest first
    calendar = (out / "meetings.ics").read_text()
    assert calendar.index("2024-03-11-third") < calendar.index("2024-03-11-a-board")
    action = read_page(out, "actions/audit/index.html").text
    assert "Done" in action and "Board" in action


def test_a_meeting_without_a_time_comes_first_on_its_day(tmp_path, capsys, monkeypatch):
    site = same_day_site(tmp_path)
    edit(site, "content/meetings/2024-03-11-third.md", "time: '10:00'\n", "")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0 and "audit" not in run.err  # the board, at 15:00, comes after
    edit(site, "content/meetings/2024-03-11-a-board.md", "time: '15:00'\n", "")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "date: 2024-03-11\n",
        "date: 2024-03-11\ntime: '10:00'\n",
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert (
        "2024-03-11-a-board.md:5:9: error: update to action 'audit' is dated 2024-03-11, the "
        "day it was raised at 10:00 in content/meetings/2024-03-11-third.md, and this meeting "
        "has no 'time:'; give it one after 10:00 to say it came after"
    ) in run.err
    edit(site, "content/meetings/2024-03-11-third.md", "time: '10:00'\n", "")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert (
        "2024-03-11-a-board.md:5:9: error: update to action 'audit' is dated 2024-03-11, the "
        "day it was raised in content/meetings/2024-03-11-third.md; give both meetings a "
        "'time:' to say which came first"
    ) in run.err


def test_an_update_before_its_raise_on_the_same_day_says_so(tmp_path, capsys, monkeypatch):
    site = same_day_site(tmp_path)
    edit(site, "content/meetings/2024-03-11-a-board.md", "time: '15:00'", "time: '09:00'")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert (
        "2024-03-11-a-board.md:6:9: error: update to action 'audit' is at 09:00, before it was "
        "raised at 10:00 the same day in content/meetings/2024-03-11-third.md"
    ) in run.err


@pytest.mark.parametrize(
    ("epoch", "upcoming", "warning"),
    [
        ("1712487600", True, True),  # 7 April 2024 11:00 UTC: 23:00 on the 7th in Auckland
        ("1712520000", False, False),  # 7 April 2024 20:00 UTC: 08:00 on the 8th in Auckland
    ],
)
def test_the_build_date_is_the_day_in_the_sites_time_zone(
    epoch, upcoming, warning, tmp_path, capsys, monkeypatch
):
    """A meeting dated 8 April, in a site in Pacific/Auckland, has been held once it is the
    8th there, though still the 7th in UTC."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "site.yml").write_text((site / "site.yml").read_text() + "timezone: Pacific/Auckland\n")
    edit(site, "content/meetings/2024-04-08-draft.md", "draft: true", "summary: We met.")
    out = tmp_path / "out"
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch, epoch
    )
    assert run.code == 0, run.err
    home = read_page(out, "index.html").text
    assert ("8 April 2024 (upcoming: not held yet)" in home) is upcoming
    check = run_cli(["check", "--source", str(site)], capsys, monkeypatch, epoch)
    assert check.code == 0, check.err
    said = "date 2024-04-08 is after today (2024-04-07)" in check.out + check.err
    assert said is warning


def test_new_meeting_is_dated_today_in_the_sites_time_zone(tmp_path, capsys, monkeypatch):
    """At 20:00 UTC on 7 April 2024 it is already the 8th in Auckland."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "site.yml").write_text((site / "site.yml").read_text() + "timezone: Pacific/Auckland\n")
    (site / "content/meetings/2024-04-08-draft.md").unlink()
    args = ["new", "meeting", "--source", str(site), "--title", "Today"]
    run = run_cli(args, capsys, monkeypatch, "1712520000")
    assert run.code == 0, run.err
    assert (site / "content/meetings/2024-04-08-today.md").is_file()


@pytest.mark.parametrize("written", ["14:00", "14:00:00", "2pm"])
def test_a_meeting_date_written_with_its_time_is_told_to_give_the_time_its_own_line(
    written, tmp_path, capsys, monkeypatch
) -> None:
    """`date: 2024-03-11 14:00`, as README's table says, whatever the clock's form (a time
    on the hour kept its minutes: once read as seconds to drop, `14:00` was told only that it
    is not a date)."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "date: 2024-03-11",
        f"date: 2024-03-11 {written}",
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.error_lines == [
        f"content/meetings/2024-03-11-third.md:3:7: error: date: '2024-03-11 {written}' holds a "
        'time; write the date alone, 2024-03-11, and the time on a line of its own: time: "14:00"'
    ]
