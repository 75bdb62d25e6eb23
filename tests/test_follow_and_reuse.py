"""Following the group and reusing its data: feeds, calendars, exports, search, links, history.

Every check parses what the build wrote, with the parser a reader's tool would use.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time
from pathlib import Path

import feedparser
import icalendar
import lxml.html
import pytest

from generator import build as build_module
from generator.content import history
from generator.content.history import load_history
from tests.conftest import (
    BUILD_EPOCH,
    REPO,
    SITES,
    copy_site,
    edit,
    epoch_on,
    run_cli,
    run_subprocess,
    snapshot,
)
from tests.htmlpage import read_page
from tests.test_search_index import indexed_pages

BASE = "https://example.org/group/"


# --- feeds -------------------------------------------------------------------------------------


def test_site_feed_lists_meetings_newest_first_with_content_dates(built_minimal: Path) -> None:
    feed = feedparser.parse((built_minimal / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Minimal group"
    assert feed.feed.updated == "2024-03-11T00:00:00+00:00"  # the newest meeting, not the clock
    links = [e.link for e in feed.entries]
    assert links == [
        BASE + "meetings/2024-03-11-third/",
        BASE + "meetings/2024-02-12-reporting-back/",
        BASE + "meetings/2024-01-15-kick-off/",
    ]
    assert [e.id for e in feed.entries] == links  # stable ids: the page's address
    kick_off = feed.entries[-1]
    assert kick_off.updated == "2024-01-15T00:00:00+00:00"
    assert kick_off.author == "Ada Lovelace"
    assert {t.term for t in kick_off.tags} == {"Capability", "FOI implications"}
    assert kick_off.summary == "We met for the first time."
    content = kick_off.content[0].value
    assert f'href="{BASE}principles/"' in content  # note links made absolute for feed readers
    assert feed.entries[0].author == "Minimal group"  # no authors: the group


def test_a_feed_entry_s_table_carries_none_of_the_page_s_scroll_region(tmp_path: Path) -> None:
    """A table in a meeting's text scrolls in a region the keyboard can focus on its page; in
    the feeds it is a plain table in a plain wrapper: no role, name or tab stop meant for the
    site's pages."""
    site = copy_site("minimal", tmp_path / "site")
    with (site / "content/meetings/2024-01-15-kick-off.md").open("a") as note:
        note.write("\n| Who | What |\n| --- | --- |\n| Ada | Notes |\n")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    output = site / "_site"
    page = (output / "meetings/2024-01-15-kick-off/index.html").read_text()
    region = '<div class="table-scroll" role="region" aria-label="Table: Who, What" tabindex="0">'
    assert region + "\n<table>" in page
    for feed in ("feed.xml", "themes/foi-implications/feed.xml"):
        data = (output / feed).read_bytes()
        assert b'&lt;div class="table-scroll"&gt;\n&lt;table&gt;' in data, feed
        assert b"tabindex" not in data and b"region" not in data and b"aria-" not in data, feed
        entry = feedparser.parse(data).entries[-1].content[0].value
        assert '<div class="table-scroll">\n<table>\n<thead>\n<tr>\n<th>Who</th>' in entry


AHEAD = "content/meetings/2024-03-25-next.md"


def _with_meeting_ahead(site: Path) -> None:
    (site / AHEAD).write_text(
        "---\ntitle: Next meeting\ndate: 2024-03-25\nthemes: [permission-to-engage]\n---\nAgenda.\n"
    )


def _ahead_in_git(tmp_path: Path) -> Path:
    """The minimal site in git since 1 March, with the meeting written ahead committed on
    13 March and edited on the 14th."""
    site = _site_in_git(tmp_path, "2024-03-01T10:00:00")
    _with_meeting_ahead(site)
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "Next meeting's agenda", when="2024-03-13T10:00:00")
    edit(site, AHEAD, "Agenda.", "Agenda, with papers.")
    _git(site, "commit", "-q", "-am", "Papers", when="2024-03-14T10:00:00")
    return site


def _built_in_march(
    site: Path, output: Path, day: int, capsys: pytest.CaptureFixture[str], monkeypatch
) -> Path:
    """`site` built into `output` on `day` March 2024."""
    args = ["build", "--source", str(site), "--output", str(output)]
    assert run_cli(args, capsys, monkeypatch, epoch_on(date(2024, 3, day))).code == 0
    return output


def _entry_dates(output: Path, slug: str) -> tuple[str, str]:
    root = ET.fromstring((output / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in root.iter(f"{atom}entry"):
        link = entry.find(f"{atom}link")
        if link is not None and link.get("href") == f"{BASE}meetings/{slug}/":
            return entry.findtext(f"{atom}published", ""), entry.findtext(f"{atom}updated", "")
    raise AssertionError(f"no entry for {slug}")


def test_a_meeting_published_ahead_is_dated_in_the_feed_no_later_than_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without git's history, a meeting written ahead (25 March, built on the 15th) is dated
    the day of the latest meeting held (11 March), not its own day, nor the build's, which
    would move its entry every day: built on the 16th, the feed is the same bytes."""
    site = copy_site("minimal", tmp_path / "site")
    _with_meeting_ahead(site)
    made = []
    for day in (15, 15, 16):
        output = _built_in_march(site, tmp_path / f"out-{len(made)}", day, capsys, monkeypatch)
        made.append((output / "feed.xml").read_bytes())
    assert _entry_dates(output, "2024-03-25-next") == (
        "2024-03-11T00:00:00+00:00",
        "2024-03-11T00:00:00+00:00",
    )
    assert _entry_dates(output, "2024-03-11-third")[0] == "2024-03-11T00:00:00+00:00"
    feed = ET.fromstring(made[0])
    assert feed.findtext("{http://www.w3.org/2005/Atom}updated") == "2024-03-11T00:00:00+00:00"
    assert made[0] == made[1] == made[2]


def test_a_meeting_published_ahead_is_dated_in_the_feed_by_the_commit_that_added_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With git's history, a meeting written ahead is published on the day git first saw
    its file (13 March) and updated on the day of its last edit (14 March), as long as
    that is not after the build date; a meeting written up after its day keeps its day."""
    site = _ahead_in_git(tmp_path)
    made = []
    for day in (13, 15, 15):
        output = _built_in_march(site, tmp_path / f"out-{len(made)}", day, capsys, monkeypatch)
        made.append((output / "feed.xml").read_bytes())
        if day == 13:  # the edit of the 14th is after the build date: not yet updated
            assert _entry_dates(output, "2024-03-25-next") == (
                "2024-03-13T00:00:00+00:00",
                "2024-03-13T00:00:00+00:00",
            )
    assert _entry_dates(output, "2024-03-25-next") == (
        "2024-03-13T00:00:00+00:00",
        "2024-03-14T00:00:00+00:00",
    )
    assert _entry_dates(output, "2024-01-15-kick-off") == (
        "2024-01-15T00:00:00+00:00",
        "2024-03-01T00:00:00+00:00",
    )
    assert made[1] == made[2]


def _event_dates(output: Path, slug: str) -> tuple[datetime, datetime | None]:
    """The DTSTAMP and LAST-MODIFIED (None if none) of a meeting's event, as icalendar reads
    the meetings calendar."""
    calendar = icalendar.Calendar.from_ical((output / "meetings.ics").read_bytes())
    for event in calendar.walk("VEVENT"):
        if str(event["URL"]) == f"{BASE}meetings/{slug}/":
            modified = event.get("LAST-MODIFIED")
            return event["DTSTAMP"].dt, modified.dt if modified is not None else None
    raise AssertionError(f"no event for {slug}")


def _lastmod(output: Path, slug: str) -> str:
    """The sitemap's `lastmod` of a meeting's page."""
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for url in ET.fromstring((output / "sitemap.xml").read_bytes()).iter(f"{space}url"):
        if url.findtext(f"{space}loc") == f"{BASE}meetings/{slug}/":
            return url.findtext(f"{space}lastmod", "")
    raise AssertionError(f"no sitemap entry for {slug}")


def _midnight(day: int) -> datetime:
    return datetime(2024, 3, day, tzinfo=UTC)


def test_a_meeting_published_ahead_is_dated_in_the_calendar_and_sitemap_as_in_the_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without git's history, a meeting written ahead (25 March, built on the 15th and 16th)
    is stamped in the calendar and dated in the sitemap on the day of the latest meeting held
    (11 March), as its feed entry is: not its own day, after the build date, nor the build's,
    which would change both files every day."""
    site = copy_site("minimal", tmp_path / "site")
    _with_meeting_ahead(site)
    made = []
    for day in (15, 16):
        output = _built_in_march(site, tmp_path / f"out-{day}", day, capsys, monkeypatch)
        assert _event_dates(output, "2024-03-25-next") == (_midnight(11), None)
        assert _lastmod(output, "2024-03-25-next") == "2024-03-11"
        assert _entry_dates(output, "2024-03-25-next")[1] == "2024-03-11T00:00:00+00:00"
        assert _event_dates(output, "2024-03-11-third") == (_midnight(11), None)
        made.append([(output / name).read_bytes() for name in ("meetings.ics", "sitemap.xml")])
    assert made[0] == made[1]


def test_a_meeting_published_ahead_is_dated_in_the_calendar_and_sitemap_by_its_commits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With git's history, a meeting written ahead (committed on 13 March, edited on the
    14th) is stamped in the calendar, last modified and dated in the sitemap on the day of
    its last edit up to the build date, as its feed entry is updated: built on the 13th, the
    edit of the 14th is not yet there."""
    site = _ahead_in_git(tmp_path)
    for day, updated in ((13, 13), (15, 14)):
        output = _built_in_march(site, tmp_path / f"out-{day}", day, capsys, monkeypatch)
        stamp = _midnight(updated)
        assert _event_dates(output, "2024-03-25-next") == (stamp, stamp)
        assert _lastmod(output, "2024-03-25-next") == f"2024-03-{updated}"
        assert _entry_dates(output, "2024-03-25-next")[1] == f"2024-03-{updated}T00:00:00+00:00"
    # a meeting held, written up after its day, keeps the day of its write-up
    assert _event_dates(output, "2024-01-15-kick-off") == (_midnight(1), _midnight(1))
    assert _lastmod(output, "2024-01-15-kick-off") == "2024-03-01"


def test_each_theme_has_a_feed_of_its_own_meetings(built_minimal: Path) -> None:
    feed = feedparser.parse((built_minimal / "themes/foi-implications/feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [
        BASE + "meetings/2024-02-12-reporting-back/",
        BASE + "meetings/2024-01-15-kick-off/",
    ]
    page = read_page(built_minimal, "themes/foi-implications/index.html")
    assert "Follow this theme" in page.text
    assert page.find_all("a", href="../../subscribe/#theme-foi-implications")
    alternates = [a["href"] for a in page.find_all("link", rel="alternate")]
    assert alternates == ["../../feed.xml", "../../themes/foi-implications/feed.xml"]
    meeting = read_page(built_minimal, "meetings/2024-01-15-kick-off/index.html")
    assert [a["href"] for a in meeting.find_all("link", rel="alternate")] == ["../../feed.xml"]


def test_the_subscribe_page_says_what_feeds_and_calendars_are_with_each_address(
    built_minimal: Path,
) -> None:
    page = read_page(built_minimal, "subscribe/index.html")
    assert "A feed is a list of the newest meetings that a feed reader" in page.text
    assert "A calendar subscription adds the group's dates to your calendar app" in page.text
    listed = {
        "all-meetings": "Every meeting Brings each meeting as it is published. "
        f"Address: {BASE}feed.xml",
        "decisions-feed": f"Address: {BASE}decisions/feed.xml",
        "theme-foi-implications": f"Theme: FOI implications Brings each meeting on the theme. "
        f"Address: {BASE}themes/foi-implications/feed.xml",
        "theme-permission-to-engage": f"Address: {BASE}themes/permission-to-engage/feed.xml",
        "meetings-calendar": f"Address: {BASE}meetings.ics",
        "actions-calendar": f"Address: {BASE}actions.ics",
    }
    assert set(listed) <= page.ids
    for text in listed.values():
        assert text in page.text
    for address in ("feed.xml", "decisions/feed.xml", "meetings.ics", "actions.ics"):
        assert (built_minimal / address).is_file()
    assert f"<loc>{BASE}subscribe/</loc>" in (built_minimal / "sitemap.xml").read_text()
    # a calendar opens as a subscription with a tap on an iPhone, iPad or Mac; a feed has no
    # such link (webcal is for calendars)
    host = BASE.split("://", 1)[1]
    assert [a["href"] for a in page.find_all("a", **{"class": "webcal"})] == [
        f"webcal://{host}meetings.ics",
        f"webcal://{host}actions.ics",
    ]
    assert f"Address: {BASE}actions.ics Subscribe to actions in Calendar" in page.text


@pytest.mark.parametrize(
    "path, text, href",
    [
        ("index.html", "Atom feed", "subscribe/#all-meetings"),
        ("decisions/index.html", "Atom feed of decisions", "../subscribe/#decisions-feed"),
        ("themes/foi-implications/index.html", "Follow this theme", None),
        ("actions/index.html", "Follow every meeting by feed or calendar", "../subscribe/"),
        ("404.html", "Follow every meeting by feed or calendar", "/group/subscribe/"),
    ],
)
def test_a_visible_feed_link_leads_to_the_subscribe_page_not_the_xml(
    built_minimal: Path, path: str, text: str, href: str | None
) -> None:
    """A reader who taps a feed link on a phone gets a page in words, never raw XML; the
    page's <link rel="alternate"> still names the feed itself for feed readers."""
    html = (built_minimal / path).read_text()
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)
    assert not [link for link in links if link[0].endswith(".xml")], links
    if href:
        assert (href, text) in links
    assert '<link rel="alternate" type="application/atom+xml"' in html


def test_a_visible_calendar_link_leads_to_the_subscribe_page_not_the_file(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Tapped on a phone, an .ics address downloads a file or adds its events once; the
    subscribe page says how to subscribe, so the calendar stays up to date."""
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(
        note.read_text().replace("date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-08")
    )
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    for path, text, href in [
        ("index.html", "meetings calendar", "subscribe/#meetings-calendar"),
        ("actions/index.html", "calendar of actions", "../subscribe/#actions-calendar"),
        (
            "actions/by-theme/permission-to-engage/index.html",
            "calendar of actions",
            "../../../subscribe/#actions-calendar",
        ),
        (
            "next/index.html",
            "Add the group's meetings to your calendar",
            "../subscribe/#meetings-calendar",
        ),
    ]:
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', (site / "_site" / path).read_text())
        assert (href, text) in links
        assert not [link for link in links if link[0].endswith(".ics")], links


# --- calendars ---------------------------------------------------------------------------------


def test_meetings_calendar_has_every_meeting_and_the_next_one(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(
        note.read_text().replace("date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-08")
    )
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Kick-off: first meeting",
        "Reporting back",
        "Third meeting",
        "Next meeting of Minimal group",
    ]
    assert [e.decoded("dtstart").isoformat() for e in events] == [
        "2024-01-15",
        "2024-02-12",
        "2024-03-11",
        "2024-04-08",
    ]
    uids = [str(e["uid"]) for e in events]
    assert uids[0] == "meeting-2024-01-15-kick-off@example.org/group"
    assert len(set(uids)) == len(uids)
    assert str(events[0]["url"]) == BASE + "meetings/2024-01-15-kick-off/"


@pytest.mark.parametrize("name", ["meetings.ics", "actions.ics"])
def test_calendars_are_written_as_icalendar_writes_a_whole_calendar(
    name: str, built_minimal: Path
) -> None:
    """Events are made one by one and put together: the bytes are icalendar's own."""
    data = (built_minimal / name).read_bytes()
    assert data.count(b"BEGIN:") >= 2
    assert icalendar.Calendar.from_ical(data).to_ical() == data


def test_actions_calendar_has_open_actions_and_those_the_latest_meeting_ticked_off(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings/2024-03-11-third.md").unlink()  # 12 February's is the latest
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    calendar = icalendar.Calendar.from_ical((site / "_site/actions.ics").read_bytes())
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert list(todos) == [
        "action-live-policy-issue@example.org/group",
        "action-write-guidance@example.org/group",
    ]
    todo = todos["action-write-guidance@example.org/group"]
    assert todo.decoded("due").isoformat() == "2024-03-01"
    assert str(todo["status"]) == "IN-PROCESS"
    assert "completed" not in todo
    assert "Grace, Alan" in str(todo["description"])
    done = todos["action-live-policy-issue@example.org/group"]  # done at the meeting of 12 February
    assert str(done["status"]) == "COMPLETED"
    assert done.decoded("completed").isoformat() == "2024-02-12T00:00:00+00:00"
    # Once a later meeting is published, the done action leaves the calendar.
    (site / "content/meetings/2024-03-11-third.md").write_text(
        (SITES / "minimal/content/meetings/2024-03-11-third.md").read_text()
    )
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    calendar = icalendar.Calendar.from_ical((site / "_site/actions.ics").read_bytes())
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert list(todos) == ["action-write-guidance@example.org/group"]


def test_actions_calendar_keeps_what_the_latest_meeting_held_closed_beside_one_ahead(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """On 11 March the third meeting closes write-guidance; a meeting published ahead for 8
    April has not met, so the calendar still ticks it off, and it leaves once 8 April has
    met (a rebuild then equals a fresh build)."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "---\nA short", "actions:\n  - {id: write-guidance, status: done}\n---\nA short"
        )
    )
    ahead = site / "content/meetings/2024-04-08-draft.md"
    ahead.write_text(ahead.read_text().replace("draft: true\n", ""))

    def todos(epoch: str, out: str) -> dict[str, icalendar.Component]:
        args = ["build", "--source", str(site), "--output", str(tmp_path / out)]
        assert run_cli(args, capsys, monkeypatch, epoch=epoch).code == 0
        calendar = icalendar.Calendar.from_ical((tmp_path / out / "actions.ics").read_bytes())
        return {str(t["uid"]).split("@")[0]: t for t in calendar.walk("VTODO")}

    done = todos(BUILD_EPOCH, "out")["action-write-guidance"]
    assert str(done["status"]) == "COMPLETED"
    assert done.decoded("completed").isoformat() == "2024-03-11T00:00:00+00:00"
    on_the_day = "1712534400"  # 8 April 2024
    assert "action-write-guidance" not in todos(on_the_day, "out")
    todos(on_the_day, "fresh")
    assert (tmp_path / "out/actions.ics").read_bytes() == (
        tmp_path / "fresh/actions.ics"
    ).read_bytes()


# --- exports -----------------------------------------------------------------------------------


def test_actions_json_is_written_as_one_json_dumps_would(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """orjson writes it; the text is json.dumps's own, escapes and all."""
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    tricky = r'title: "Think of a \"live\" \\ issue\t– é 😀"'  # a tab, quotes, a backslash
    note.write_text(note.read_text().replace("title: Think of a live policy issue", tricky))
    settings = site / "site.yml"  # the records are put in the list after it is written
    settings.write_text(
        re.sub(r"(?m)^title: .*$", """title: 'The "actions": [] group'""", settings.read_text())
    )
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    text = (site / "_site/actions.json").read_text()
    document = json.loads(text)
    assert len(document["actions"]) == 2 and document["site"] == 'The "actions": [] group'
    assert '"live" \\ issue' in document["actions"][0]["title"] + document["actions"][1]["title"]
    assert text == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_actions_json_without_actions_is_an_empty_list(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    for note in (site / "content/meetings").iterdir():
        text = note.read_text()
        front, body = text.split("\n---\n", 1)
        front = front.split("\nactions:")[0].split("\nnext_meeting:")[0]
        note.write_text(front + "\n---\n" + body)
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    text = (site / "_site/actions.json").read_text()
    assert json.loads(text)["actions"] == []
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_actions_json_has_state_and_whole_history(built_minimal: Path) -> None:
    data = json.loads((built_minimal / "actions.json").read_text())
    assert data["generated"] == "2024-03-11"
    assert [a["id"] for a in data["actions"]] == ["live-policy-issue", "write-guidance"]
    guidance = data["actions"][1]
    assert guidance["status"] == "in-progress" and guidance["overdue"] is True
    assert guidance["owners"] == ["Grace", "Alan"]
    assert guidance["raised_at"]["url"] == BASE + "meetings/2024-01-15-kick-off/"
    assert [(h["kind"], h["meeting"], h["status"]) for h in guidance["history"]] == [
        ("raised", "2024-01-15-kick-off", "open"),
        ("updated", "2024-02-12-reporting-back", "in-progress"),
    ]
    assert all(h["url"].startswith(BASE + "meetings/") for h in guidance["history"])


def test_actions_csv_opens_as_a_spreadsheet(built_minimal: Path) -> None:
    with (built_minimal / "actions.csv").open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows == [
        [
            "id",
            "title",
            "status",
            "owners",
            "due",
            "overdue",
            "themes",
            "theme_titles",
            "raised_at",
            "raised_on",
            "last_update",
            "last_updated_on",
            "latest_note",
            "latest_note_on",
            "url",
            "closed",
        ],
        [
            "live-policy-issue",
            "Think of a live policy issue",
            "done",
            "All members",
            "2024-02-12",
            "no",
            "foi-implications",
            "FOI implications",
            "Kick-off: first meeting",
            "2024-01-15",
            "Reporting back",
            "2024-02-12",
            "Everyone brought an example.",
            "2024-02-12",
            BASE + "actions/live-policy-issue/",
            "2024-02-12",
        ],
        [
            "write-guidance",
            "Write guidance on engaging online",
            "in-progress",
            "Grace; Alan",
            "2024-03-01",
            "yes",
            "permission-to-engage",
            "Permission to engage",
            "Kick-off: first meeting",
            "2024-01-15",
            "Reporting back",
            "2024-02-12",
            "",
            "",
            BASE + "actions/write-guidance/",
            "",
        ],
    ]


def test_the_csv_exports_open_in_excel_with_welsh_names_intact(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Excel on Windows, opening a CSV file by double-click, reads it as UTF-8 only when it
    starts with a byte-order mark (else "Siân" shows as "SiÃ¢n"); Python reads it back, mark
    left out, with utf-8-sig."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "owner: [Grace, Alan]",
        "owner: [Siân Llywelyn-Ffransis, Alan]",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "actions:",
        "decisions:\n  - id: ask-sian\n    text: Siân asks Cyngor Gwynedd.\nactions:",
    )
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    for name, column, cell in (
        ("actions.csv", "owners", "Siân Llywelyn-Ffransis; Alan"),
        ("decisions.csv", "text", "Siân asks Cyngor Gwynedd."),
    ):
        data = (site / "_site" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbfid,"), name
        assert cell.encode("utf-8") in data
        with (site / "_site" / name).open(newline="", encoding="utf-8-sig") as file:
            rows = list(csv.DictReader(file))
        assert next(iter(rows[0])) == "id"
        assert cell in [row[column] for row in rows], name


def test_the_exports_say_when_each_action_closed_and_what_each_entry_did(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An action done, one dropped, one reopened after it was done and one open: the CSV's
    last column and the JSON's `closed` give the day of the meeting that closed each (empty
    while open, and again once reopened), and each history entry says what it did, as the
    site names it."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting:",
        "  - id: drop-me\n    title: A thing dropped\n    owner: Ada\n"
        "  - id: come-back\n    title: A thing reopened\n    owner: Ada\n"
        "next_meeting:",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n"
        "  - id: drop-me\n    status: dropped\n"
        "  - id: come-back\n    status: done\n    owner: Ada\n",
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\n"
        "actions:\n  - id: come-back\n    status: open\n    owner: Grace\n",
    )
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    data = (site / "_site/actions.csv").read_bytes()
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",url,closed")
    # one row per action; their ids first, the closing day last
    assert [(line.split(",")[0], line.rsplit(",", 1)[1]) for line in lines[1:]] == [
        ("come-back", ""),  # reopened at the third meeting: open again
        ("drop-me", "2024-02-12"),
        ("live-policy-issue", "2024-02-12"),
        ("write-guidance", ""),
    ]
    assert (
        b"\ndrop-me,A thing dropped,dropped,Ada,,no,foi-implications,FOI implications,"
        b"Kick-off: first meeting,2024-01-15,"
        b"Reporting back,2024-02-12,,,https://example.org/group/actions/drop-me/,2024-02-12\n"
        in data
    )
    document = json.loads((site / "_site/actions.json").read_text())
    found = {a["id"]: a for a in document["actions"]}
    assert {i: a["closed"] for i, a in found.items()} == {
        "come-back": None,
        "drop-me": "2024-02-12",
        "live-policy-issue": "2024-02-12",
        "write-guidance": None,
    }
    changes = {i: [(h["kind"], h["changes"]) for h in a["history"]] for i, a in found.items()}
    assert changes == {
        "come-back": [
            ("raised", ["raised"]),
            ("updated", ["done"]),
            ("updated", ["reopened", "handed-on"]),  # from Ada to Grace
        ],
        "drop-me": [("raised", ["raised"]), ("updated", ["dropped"])],
        "live-policy-issue": [("raised", ["raised"]), ("updated", ["done"])],
        "write-guidance": [("raised", ["raised"]), ("updated", ["updated"])],
    }
    text = (site / "_site/actions.json").read_text()
    assert '"closed": "2024-02-12",\n' in text and '"closed": null,\n' in text
    assert '"changes": [\n            "reopened",\n            "handed-on"\n          ],' in text


@pytest.mark.parametrize("name", ["actions.csv", "decisions.csv"])
def test_the_readme_lists_each_csv_files_columns_as_the_file_has_them(
    name: str, built_minimal: Path
) -> None:
    """The README's list of a CSV file's columns is its header row, in order, so the two
    cannot drift apart."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(
        rf"`/{re.escape(name)}` has one row per .*?columns, in order:(.*?)\.", readme, re.S
    )
    assert found, f"README.md lists no columns of {name}"
    listed = re.findall(r"`([a-z_]+)`", found[1])
    with (built_minimal / name).open(newline="", encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert listed == header


# --- search ------------------------------------------------------------------------------------


def test_search_index_is_built_after_the_pages(built_minimal: Path) -> None:
    shards = json.loads((built_minimal / "pagefind/shards.json").read_text())
    assert shards == ["2024"]  # a site this small is one shard, the meetings of 2024 first
    count = 0
    for shard in shards:
        entry = json.loads((built_minimal / "pagefind" / shard / "pagefind-entry.json").read_text())
        count += entry["languages"]["en"]["page_count"]
    assert count == 9  # meetings, themes, principles, the owners' actions
    assert (built_minimal / "pagefind/2024/pagefind-ui.js").is_file()
    assert 'data-index="../pagefind/"' in (built_minimal / "search/index.html").read_text()
    page = read_page(built_minimal, "index.html")
    form = page.find_all("form", role="search")
    assert form and form[0]["action"] == "./search/"
    search = read_page(built_minimal, "search/index.html")
    assert "Search" in search.text
    assert not search.find_all("form", role="search")  # its one search box is Pagefind's


def test_search_can_be_switched_off(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write("search: false\n")
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    assert not (site / "_site/pagefind").exists()
    assert not (site / "_site/search").exists()
    assert not read_page(site / "_site", "index.html").find_all("form", role="search")


def test_a_missing_pagefind_is_reported_once_and_the_build_carries_on(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(build_module, "pagefind_executable", lambda: None)
    site = copy_site("minimal", tmp_path / "site")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.err.count("pagefind is not installed") == 1
    assert (site / "_site/index.html").is_file()


# --- edit and feed back, sitemap, metadata -----------------------------------------------------


def test_content_pages_link_to_their_source_and_to_feedback(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write(
            "repo_url: https://github.com/example/group\n"
            "feedback_url: https://github.com/example/group/issues/new?template=feedback.yml\n"
        )
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    out = site / "_site"
    meeting = read_page(out, "meetings/2024-01-15-kick-off/index.html")
    assert meeting.find_all(
        "a",
        href="https://github.com/example/group/edit/main/content/meetings/2024-01-15-kick-off.md",
    )
    assert meeting.find_all(
        "a",
        href="https://github.com/example/group/issues/new?template=feedback.yml"
        "&title=Feedback%20on%3A%20Kick-off%3A%20first%20meeting",
    )
    assert "Edit this page" in read_page(out, "themes/foi-implications/index.html").text
    assert "Feed back on this" in read_page(out, "principles/index.html").text
    assert "Edit this page" not in read_page(out, "actions/index.html").text


def test_mail_feedback_fills_in_the_subject(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write("feedback_url: mailto:group@example.org\n")
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    page = read_page(site / "_site", "themes/foi-implications/index.html")
    assert page.find_all(
        "a", href="mailto:group@example.org?subject=Feedback%20on%3A%20FOI%20implications"
    )


def test_sitemap_robots_canonical_and_open_graph(built_minimal: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((built_minimal / "sitemap.xml").read_bytes())
    entries = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root}
    assert BASE + "meetings/2024-01-15-kick-off/" in entries
    assert entries[BASE + "meetings/2024-01-15-kick-off/"].text == "2024-01-15"
    assert entries[BASE + "actions/write-guidance/"].text == "2024-02-12"
    assert BASE + "404.html" not in entries
    assert all(loc.startswith(BASE) for loc in entries)
    robots = (built_minimal / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    page = read_page(built_minimal, "meetings/2024-01-15-kick-off/index.html")
    assert page.find_all("link", rel="canonical")[0]["href"] == (
        BASE + "meetings/2024-01-15-kick-off/"
    )
    assert page.find_all("meta", property="og:title")[0]["content"] == "Kick-off: first meeting"
    assert page.find_all("meta", property="og:type")[0]["content"] == "article"
    assert page.find_all("meta", name="twitter:card")


# --- how views changed -------------------------------------------------------------------------


def _git(repo: Path, *args: str, when: str = "2024-01-01T12:00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _site_in_git(tmp_path: Path, when: str) -> Path:
    """The minimal site showing git's history, its files committed first at `when`."""
    site = copy_site("minimal", tmp_path / "site")
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "First notes", when=when)
    return site


def _git_site(tmp_path: Path) -> Path:
    site = _site_in_git(tmp_path, "2024-01-16T10:00:00")
    principles = site / "content/principles.md"
    principles.write_text(
        principles.read_text().replace(
            "Listen before you speak.", "Listen first; speak once you understand."
        )
    )
    _git(site, "commit", "-q", "-am", "Reword listen-first", when="2024-02-13T10:00:00")
    return site


def _principles_in_git(tmp_path: Path, suggested: bool = False) -> Path:
    """The minimal site with no meetings, showing git's history, its principles (listen-first
    only `suggested`, if so) committed on 10 January 2026."""
    site = copy_site("minimal", tmp_path / "site")
    for meeting in (site / "content/meetings").iterdir():
        meeting.unlink()
    edit(site, "site.yml", "history: false", "history: true")
    if suggested:
        edit(
            site,
            "content/principles.md",
            "    text: Listen",
            "    status: suggested\n    text: Listen",
        )
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "principle v1", when="2026-01-10T18:00:00")
    return site


def _meeting(site: Path, name: str, day: str, principles: str = "[listen-first]") -> None:
    """Meeting `name` on `day`, naming `principles`, written up and committed that evening."""
    (site / f"content/meetings/{day}-{name}.md").write_text(
        f"---\ntitle: Meeting {name}\ndate: {day}\nauthors: [Ada Lovelace]\n"
        f"themes: [foi-implications]\nprinciples: {principles}\n---\nBody.\n"
    )
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", f"meeting {name}", when=f"{day}T18:00:00")


def _change(site: Path, before: str, after: str, message: str, day: str) -> None:
    """principles.md with `before` written as `after`, committed as `message` on `day`'s
    evening."""
    edit(site, "content/principles.md", before, after)
    _git(site, "commit", "-q", "-am", message, when=f"{day}T18:00:00")


def test_principles_page_shows_how_the_wording_changed(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = read_page(site / "_site", "principles/index.html")
    text = page.text
    # one rewording (its first writing is not a change), with its commit message and the
    # latest meeting by then that named the principle
    assert "How it changed (1 change)" in text
    assert (
        "Reworded 13 February 2024, after Reporting back, by Ada Lovelace: “Reword listen-first” "
        "Was: Listen before you speak. Now: Listen first; speak once you understand."
    ) in text
    assert "First written 16 January 2024 by Ada Lovelace." in text
    # never reworded: no count of changes at all
    assert "First written 16 January 2024 by Ada Lovelace; never reworded." in text
    assert text.count("How it changed") == 1
    assert "No edit history is available" not in text
    meeting = read_page(site / "_site", "meetings/2024-01-15-kick-off/index.html")
    assert "Last edited" not in meeting.text  # written up on 16 January, the day after it


def test_a_rewording_committed_before_a_meeting_is_agreed_at_that_meeting(
    tmp_path: Path,
) -> None:
    """A rewording committed after a meeting that did not name the principle, and first
    before the next that does, is credited to that next meeting, not to an earlier one that
    agreed the wording before; one committed after a meeting that named it, to that one."""
    site = _site_in_git(tmp_path, "2024-01-10T10:00:00")
    edit(site, "content/meetings/2024-02-12-reporting-back.md", "[listen-first, ", "[")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes:",
        "principles: [listen-first]\nthemes:",
    )
    _git(site, "commit", "-q", "-am", "Third names listen-first", when="2024-01-10T11:00:00")
    principles = site / "content/principles.md"
    for before, after, message, when in [
        ("Listen before you speak.", "Listen first.", "Shorter", "2024-01-16T10:00:00"),
        ("Listen first.", "Listen first, always.", "Always", "2024-03-10T10:00:00"),
    ]:
        edit(site, "content/principles.md", before, after)
        _git(site, "commit", "-q", "-am", message, when=when)
    assert principles.read_text().count("Listen first, always.") == 1
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = read_page(site / "_site", "principles/index.html").text
    assert "Reworded 10 March 2024, before Third meeting, by Ada Lovelace: “Always” Was:" in page
    assert (
        "Reworded 16 January 2024, after Kick-off: first meeting, by Ada Lovelace: “Shorter”"
        in page
    )


def test_a_rewording_weeks_after_a_meeting_is_agreed_at_the_next_meeting_held(
    tmp_path: Path,
) -> None:
    """A rewording committed weeks after a meeting's write-up is credited to the next meeting
    held, if it names the principle, not to that meeting, which agreed the wording before;
    within a week of both, to the nearer."""
    site = _principles_in_git(tmp_path)
    _meeting(site, "a", "2026-02-01")
    _change(
        site, "Listen before you speak.", "Listen, version two.", "reword before b", "2026-02-28"
    )
    _meeting(site, "b", "2026-03-01")
    _meeting(site, "c", "2026-04-01", "[]")
    _change(site, "Listen, version two.", "Listen, version three.", "reword after c", "2026-04-02")
    _meeting(site, "d", "2026-05-01")
    # weekly: a rewording the day before a meeting is put to it, not to the one six days before
    _meeting(site, "e", "2026-05-11")
    _change(site, "Listen, version three.", "Listen, version four.", "reword for f", "2026-05-17")
    _meeting(site, "f", "2026-05-18")
    built = run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH="1779451200")
    assert built.code == 0, built.err
    page = read_page(site / "_site", "principles/index.html").text
    assert (
        "Reworded 17 May 2026, before Meeting f, by Ada Lovelace: “reword for f” "
        "Was: Listen, version three. Now: Listen, version four. "
        "Reworded 2 April 2026, before Meeting d, by Ada Lovelace: “reword after c” "
        "Was: Listen, version two. Now: Listen, version three. "
        "Reworded 28 February 2026, before Meeting b, by Ada Lovelace: “reword before b” "
        "Was: Listen before you speak. Now: Listen, version two."
    ) in page


def test_a_meeting_s_rewordings_since_the_last_are_those_the_principles_page_credits_to_it(
    tmp_path: Path,
) -> None:
    """A rewording and an agreement committed days after a meeting's write-up are that
    meeting's, on the principles page and in its own "Since the last meeting" (page and feed),
    not the next meeting's, though made after its day; one weeks after, the next one's."""
    site = _principles_in_git(tmp_path, suggested=True)
    _meeting(site, "a", "2026-02-01")
    _meeting(site, "b", "2026-03-01")
    _change(site, "Listen before you speak.", "Listen, version two.", "b's wording", "2026-03-03")
    _change(site, "status: suggested", "status: agreed", "b agreed it", "2026-03-04")
    _meeting(site, "c", "2026-04-01")
    _change(site, "Listen, version two.", "Listen, version three.", "put to d", "2026-04-20")
    _meeting(site, "d", "2026-05-01")
    built = run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH="1779451200")
    assert built.code == 0, built.err
    output = site / "_site"
    page = read_page(output, "principles/index.html").text
    assert (
        "Reworded 20 April 2026, before Meeting d, by Ada Lovelace: “put to d” "
        "Was: Listen, version two. Now: Listen, version three. "
        "Agreed 4 March 2026, after Meeting b, by Ada Lovelace: “b agreed it” "
        "Status: was Suggested → now Agreed "
        "Reworded 3 March 2026, after Meeting b, by Ada Lovelace: “b's wording” "
        "Was: Listen before you speak. Now: Listen, version two."
    ) in page

    def since(name: str, day: str) -> str:
        html = (output / f"meetings/{day}-{name}/index.html").read_text()
        start = html.find('id="since-heading"')  # none: nothing changed since the last
        return "" if start < 0 else html[start : html.index("</section>", start)]

    link = '<a href="../../principles/#principle-listen-first">'
    b, c, d = since("b", "2026-03-01"), since("c", "2026-04-01"), since("d", "2026-05-01")
    assert "<li>1 principle reworded</li>" in b and "<li>1 principle agreed</li>" in b
    # reworded and agreed there: named once, in the words and on the day of the later change
    assert (
        f"<p>Reworded and agreed: “{link}Listen, version two.</a>”"
        ' (<time datetime="2026-03-04">4 March 2026</time>, after this meeting)</p>'
    ) in b
    assert "<p>Reworded:" not in b and "<p>Agreed:" not in b
    assert "principle" not in c
    assert (
        f"<p>Reworded: “{link}Listen, version three.</a>”"
        ' (<time datetime="2026-04-20">20 April 2026</time>, before this meeting)</p>'
    ) in d
    assert "agreed" not in d.lower()
    entries = {e.title: e.content[0].value for e in feedparser.parse(output / "feed.xml").entries}
    assert "<p>Reworded and agreed: " in entries["Meeting b"]
    assert "Reworded:" not in entries["Meeting b"] and "Agreed:" not in entries["Meeting b"]
    assert "principle" not in entries["Meeting c"]


def test_a_rewording_still_suggested_is_dated_against_the_meeting_not_called_agreed(
    tmp_path: Path,
) -> None:
    """A suggested principle reworded a week before the meeting that names it: the
    principles page and that meeting's "Since the last meeting" say when it was reworded,
    before the meeting, and never that the meeting agreed it (git cannot know that)."""
    site = copy_site("minimal", tmp_path / "site")
    for meeting in (site / "content/meetings").iterdir():
        meeting.unlink()
    edit(site, "site.yml", "history: false", "history: true")
    edit(
        site, "content/principles.md", "    text: Listen", "    status: suggested\n    text: Listen"
    )
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "principle v1", when="2026-09-01T18:00:00")
    for name, day in (("Open data clinic", "2026-09-24"), ("Bus data and ethics", "2026-10-22")):
        (site / f"content/meetings/{day}-m.md").write_text(
            f"---\ntitle: {name}\ndate: {day}\nthemes: [foi-implications]\n"
            "principles: [listen-first]\n---\nBody.\n"
        )
        if day == "2026-10-22":
            edit(site, "content/principles.md", "Listen before you speak.", "Listen first.")
            _git(
                site,
                "commit",
                "-q",
                "-am",
                "Reword for the bus meeting",
                when="2026-10-15T18:00:00",
            )
        _git(site, "add", ".")
        _git(site, "commit", "-q", "-m", name, when=f"{day}T18:00:00")
    built = run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH="1793016000")
    assert built.code == 0, built.err
    output = site / "_site"
    page = read_page(output, "principles/index.html")
    text = " ".join(page.text.split())
    assert (
        "Reworded 15 October 2026, before Bus data and ethics, by Ada Lovelace: "
        "“Reword for the bus meeting” Was: Listen before you speak. Now: Listen first."
    ) in text
    assert "agreed" not in text.lower()
    assert "Suggested" in text
    html = (output / "meetings/2026-10-22-m/index.html").read_text()
    start = html.index('id="since-heading"')
    since = html[start : html.index("</section>", start)]
    assert (
        '<p>Reworded: “<a href="../../principles/#principle-listen-first">Listen first.</a>”'
        ' (<time datetime="2026-10-15">15 October 2026</time>, before this meeting)</p>'
    ) in since
    assert "agreed" not in since.lower()


def test_a_principle_s_change_of_status_is_in_its_history_beside_its_rewordings(
    tmp_path: Path,
) -> None:
    """Agreeing a suggested principle (its `status` changed in principles.md) is a change the
    principles page lists, as a rewording is; one only ever given a status for the first time
    reads "never reworded" still, and one agreed no longer does (its changes are listed)."""
    site = _git_site(tmp_path)  # listen-first reworded on 13 February
    principles = site / "content/principles.md"
    text = principles.read_text()
    text = text.replace("text: Listen first;", "status: suggested\n    text: Listen first;")
    text = text.replace("text: Use the data", "status: suggested\n    text: Use the data")
    principles.write_text(text)
    _git(site, "commit", "-q", "-am", "Mark both suggested", when="2024-02-20T10:00:00")
    principles.write_text(text.replace("status: suggested", "status: agreed"))
    _git(site, "commit", "-q", "-am", "Both agreed", when="2024-03-12T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = read_page(site / "_site", "principles/index.html").text
    listen, web = page.split("Use the data the web already holds.", 1)
    assert "How it changed (2 changes)" in listen
    assert (  # the Third meeting, the day before, did not name it: no meeting agreed it
        "Agreed 12 March 2024 by Ada Lovelace: “Both agreed” "
        "Status: was Suggested → now Agreed "
        "Reworded 13 February 2024, after Reporting back, by Ada Lovelace: “Reword listen-first”"
    ) in listen
    assert "never reworded" not in listen
    assert "First written 16 January 2024 by Ada Lovelace." in web
    assert "never reworded" not in web and "How it changed (1 change)" in web
    assert "Status: was Suggested → now Agreed" in web and "Was:" not in web


def test_each_principle_s_how_it_changed_is_named_for_its_principle(tmp_path: Path) -> None:
    """A screen reader's list of the principles page's controls tells apart each principle's
    "How it changed (1 change)": its name ends with the principle's words, its heading's
    (aria-labelledby, the toggle's own words first), which the page shows once."""
    site = _git_site(tmp_path)  # listen-first reworded on 13 February
    principles = site / "content/principles.md"
    text = principles.read_text().replace(
        "text: Use the data", "status: suggested\n    text: Use the data"
    )
    principles.write_text(text)
    _git(site, "commit", "-q", "-am", "Suggest use-web-data", when="2024-02-20T10:00:00")
    principles.write_text(text.replace("status: suggested", "status: agreed"))
    _git(site, "commit", "-q", "-am", "Agree use-web-data", when="2024-03-12T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = lxml.html.parse(site / "_site/principles/index.html").getroot()

    def name(element: lxml.html.HtmlElement) -> str:
        parts = element.get("aria-labelledby", "").split() or [None]
        words = [(page.get_element_by_id(i) if i else element).text_content() for i in parts]
        return " ".join(" ".join(words).split())

    assert [name(s) for s in page.xpath("//summary")] == [
        "How it changed (1 change) Listen first; speak once you understand.",
        "How it changed (1 change) Use the data the web already holds.",
    ]
    assert [s.text_content() for s in page.xpath("//summary")] == ["How it changed (1 change)"] * 2


def test_a_meeting_names_the_principles_agreed_or_retired_since_the_last(
    tmp_path: Path,
) -> None:
    """A principle agreed after the kick-off and another retired after the second meeting (their
    `status` changed in principles.md): each meeting's "Since the last meeting", on its page
    and in its feed entry, counts and names them; one agreed and suggested again in the same
    time is no change."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "history: false", "history: true")
    principles = site / "content/principles.md"
    text = principles.read_text().replace("    text:", "    status: suggested\n    text:")
    principles.write_text(text)
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "First notes", when="2024-01-10T10:00:00")
    listen, web = "Listen before you speak.", "Use the data the web already holds."
    text = text.replace(f"suggested\n    text: {listen}", f"agreed\n    text: {listen}")
    principles.write_text(text)
    # over a week after the kick-off: the principles page credits it to the next meeting held
    _git(site, "commit", "-q", "-am", "Agreed", when="2024-01-30T10:00:00")
    principles.write_text(text.replace("suggested", "retired"))
    _git(site, "commit", "-q", "-am", "Retired", when="2024-02-20T10:00:00")
    principles.write_text(text.replace("suggested", "retired").replace("agreed", "suggested"))
    _git(site, "commit", "-q", "-am", "Back", when="2024-02-21T10:00:00")
    principles.write_text(text.replace("suggested", "retired"))
    _git(site, "commit", "-q", "-am", "Agreed again", when="2024-02-22T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    output = site / "_site"

    def since(slug: str) -> str:
        html = (output / f"meetings/{slug}/index.html").read_text()
        start = html.index('id="since-heading"')
        return html[start : html.index("</section>", start)]

    middle, last = since("2024-02-12-reporting-back"), since("2024-03-11-third")
    link = '<a href="../../principles/#principle-'
    assert "<li>1 principle agreed</li>" in middle
    assert (
        f'<p>Agreed: “{link}listen-first">{listen}</a>”'
        ' (<time datetime="2024-01-30">30 January 2024</time>, before this meeting)</p>'
    ) in middle
    assert "Retired" not in middle and "retired" not in middle
    assert "<li>1 principle retired</li>" in last
    assert (
        f'<p>Retired: “{link}use-web-data">{web}</a>”'
        ' (<time datetime="2024-02-20">20 February 2024</time>, before this meeting)</p>'
    ) in last
    assert "agreed" not in last.lower() and "suggested" not in last.lower()
    entries = {e.title: e.content[0].value for e in feedparser.parse(output / "feed.xml").entries}
    href = f"{BASE}principles/#principle-"
    assert "<li>1 principle agreed</li>" in entries["Reporting back"]
    assert (
        f'<p>Agreed: “<a href="{href}listen-first">{listen}</a>”'
        " (30 January 2024, before this meeting)</p>"
    ) in entries["Reporting back"]
    assert (
        f'<p>Retired: “<a href="{href}use-web-data">{web}</a>”'
        " (20 February 2024, before this meeting)</p>"
    ) in entries["Third meeting"]


def test_a_site_in_a_folder_named_outside_ascii_shows_when_its_meetings_were_edited(
    tmp_path: Path,
) -> None:
    """git writes such a name quoted and escaped ("Comit\\303\\251/…") unless told not to."""
    repo = tmp_path / "repo"
    site = copy_site("minimal", repo / "Comité")
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First notes", when="2024-01-16T10:00:00")
    with (site / "content/meetings/2024-01-15-kick-off.md").open("a") as note:
        note.write("\nA correction.\n")
    _git(repo, "commit", "-q", "-am", "Corrected", when="2024-01-20T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    meeting = read_page(site / "_site", "meetings/2024-01-15-kick-off/index.html")
    assert "Last edited 20 January 2024" in meeting.text


def test_search_leaves_out_who_wrote_a_page_where_it_met_and_how_its_wording_changed(
    tmp_path: Path,
) -> None:
    """An excerpt is what a page says: never its furniture, such as one principle's "never
    reworded" run into the next principle's words."""
    site = _git_site(tmp_path)
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "date: 2024-01-15\n",
        "date: 2024-01-15\nlocation: https://meet.example.org/kick-off\n",
    )
    _git(site, "commit", "-q", "-am", "Add the call", when="2024-02-14T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    indexed = indexed_pages(site / "_site")
    meeting = indexed["/meetings/2024-01-15-kick-off/"]
    assert "We met for the first time." in meeting
    assert "Think of a live policy issue" in meeting  # its actions
    for furniture in ("join the call", "Written by", "Ada Lovelace", "last edited"):
        assert furniture not in meeting
    principles = indexed["/principles/"]
    assert "Listen first; speak once you understand." in principles
    assert "Use the data the web already holds." in principles
    for furniture in ("First written", "never reworded", "Reword listen-first", "Was:"):
        assert furniture not in principles
    # its earlier wording alone, which search finds under the principle it was
    assert "15 January 2024. Listen before you speak. Use the data" in principles


def test_a_fault_reading_the_principles_history_is_raised_not_taken_for_a_file_git_cannot_read(
    tmp_path: Path, monkeypatch
) -> None:
    """A commit whose principles.md has no front matter is read as holding no principles; a
    fault in the reading itself, not in the file, is raised."""
    site = _git_site(tmp_path)
    principles = site / "content/principles.md"
    principles.write_text("Listen first.\n")
    _git(site, "commit", "-q", "-am", "Broken", when="2024-03-01T10:00:00")
    last = load_history(site).principle_changes["listen-first"][-1]
    assert (last.message, last.new) == ("Broken", None)

    def fault(*args: object) -> None:
        raise RuntimeError("a fault")

    monkeypatch.setattr(history, "split_front_matter", fault)
    with pytest.raises(RuntimeError, match="a fault"):
        load_history(site)


def _touched(output: Path, slug: str) -> str:
    """The list of a meeting's page under "Principles touched"."""
    html = (output / f"meetings/{slug}/index.html").read_text()
    start = html.index("<h3>Principles touched</h3>")
    return html[start : html.index("</ul>", start)]


def test_a_meeting_lists_the_principles_it_touched_in_the_words_they_had_then(
    tmp_path: Path,
) -> None:
    """Reworded after the kick-off and again after the second meeting: each meeting's
    "Principles touched" gives the wording git had on its day, saying it has been reworded
    since, linked to the principle as the principles page has it today; a principle never
    reworded says nothing more."""
    site = _site_in_git(tmp_path, "2024-01-10T10:00:00")
    first, second = "Listen first.", "Listen first; speak once you understand."
    edit(site, "content/principles.md", "Listen before you speak.", first)
    _git(site, "commit", "-q", "-am", "Shorter", when="2024-01-20T10:00:00")
    edit(site, "content/principles.md", first, second)
    _git(site, "commit", "-q", "-am", "Say when to speak", when="2024-02-20T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    output = site / "_site"

    link = '<a href="../../principles/#principle-listen-first">'
    since = "</a> (as worded then; reworded since).</li>"
    assert f"{link}Listen before you speak{since}" in _touched(output, "2024-01-15-kick-off")
    assert f"{link}Listen first{since}" in _touched(output, "2024-02-12-reporting-back")
    never = '<a href="../../principles/#principle-use-web-data">Use the data the web already holds.'
    assert f"{never}</a></li>" in _touched(output, "2024-02-12-reporting-back")
    principles = (output / "principles/index.html").read_text()
    assert 'id="principle-listen-first"' in principles and second in principles


def test_a_meeting_marks_a_principle_it_touched_that_was_retired_since(tmp_path: Path) -> None:
    """Retired after the second meeting: both meetings that touched it say it was retired
    since (the kick-off's, reworded since too); a meeting after its retirement that still
    names it says nothing more."""
    site = _site_in_git(tmp_path, "2024-01-10T10:00:00")
    edit(site, "content/principles.md", "Listen before you speak.", "Listen first.")
    _git(site, "commit", "-q", "-am", "Shorter", when="2024-01-20T10:00:00")
    edit(site, "content/principles.md", "Listen first.", "Listen first.\n    status: retired")
    _git(site, "commit", "-q", "-am", "Retire listen-first", when="2024-02-20T10:00:00")
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nprinciples: [listen-first]\n",
    )
    _git(site, "commit", "-q", "-am", "Third names it", when="2024-03-11T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    output = site / "_site"

    link = '<a href="../../principles/#principle-listen-first">'
    assert (
        f"{link}Listen before you speak</a> (as worded then; reworded and retired since).</li>"
        in _touched(output, "2024-01-15-kick-off")
    )
    reporting = _touched(output, "2024-02-12-reporting-back")
    assert f"{link}Listen first</a> (retired since).</li>" in reporting
    assert f"{link}Listen first.</a></li>" in _touched(output, "2024-03-11-third")


def test_a_meeting_after_a_principle_was_retired_that_cites_it_is_warned_of(
    tmp_path: Path,
) -> None:
    """Git dates the principle's retirement (12 February): the meeting after it that still
    cites it is warned of at its `principles:`, the day named; the one before it that cites
    it is not, nor is the one on the day the commit retired it (held before it, perhaps)."""
    site = _site_in_git(tmp_path, "2024-01-10T10:00:00")
    edit(site, "content/principles.md", "speak.", "speak.\n    status: retired")
    _git(site, "commit", "-q", "-am", "Retire listen-first", when="2024-02-12T18:00:00")
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nprinciples: [listen-first]\n",
    )
    _git(site, "commit", "-q", "-am", "Third names it", when="2024-03-11T10:00:00")
    run = run_subprocess(["check", "--source", str(site)])

    assert run.code == 0
    retired = [line for line in run.problem_lines if "retired" in line]
    assert retired == [
        f"{third}:6:1: warning: principle 'listen-first' is retired ('status: retired' in "
        "content/principles.md), on 12 February 2024, before this meeting on 11 March 2024: "
        "take 'listen-first' out of this list, or cite a principle the group holds now (a "
        "meeting held before it was retired may still cite it)"
    ]


def test_a_decision_cites_principles_in_the_words_they_had_at_its_meeting(
    tmp_path: Path,
) -> None:
    """Reworded after the kick-off and again after the second meeting: a decision's
    "Principles it cites" gives each in the words git had on its meeting's day, saying it
    has been reworded since, as its meeting's page does; a principle never reworded says
    nothing more. A commit that only moves a rewording to before the meeting (git's history
    alone changed) makes the page again, as a build from nothing does."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "history: false", "history: true")
    edit(
        site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting: 2024-02-12\n",
        "next_meeting: 2024-02-12\ndecisions:\n  - id: listen-in-meetings\n"
        "    text: We hear everyone out.\n    principles: [listen-first]\n",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "principles: [listen-first, use-web-data]\n",
        "principles: [listen-first, use-web-data]\ndecisions:\n  - id: web-first\n"
        "    text: We look on the web first.\n    principles: [listen-first, use-web-data]\n",
    )
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "First notes", when="2024-01-10T10:00:00")
    first, second = "Listen first.", "Listen first; speak once you understand."
    edit(site, "content/principles.md", "Listen before you speak.", first)
    _git(site, "commit", "-q", "-am", "Shorter", when="2024-01-20T10:00:00")
    edit(site, "content/principles.md", first, second)
    _git(site, "commit", "-q", "-am", "Say when to speak", when="2024-02-20T10:00:00")
    output = tmp_path / "out"
    build = ["build", "--source", str(site), "--output", str(output)]
    assert run_subprocess(build).code == 0

    def cited(decision: str) -> str:
        html = (output / f"decisions/{decision}/index.html").read_text()
        start = html.index("<h2>Principles it cites</h2>")
        return html[start : html.index("</ul>", start)]

    link = '<a href="../../principles/#principle-listen-first">'
    since = "</a> (as worded then; reworded since).</li>"
    assert f"{link}Listen before you speak{since}" in cited("listen-in-meetings")
    assert f"{link}Listen first{since}" in cited("web-first")
    never = '<a href="../../principles/#principle-use-web-data">Use the data the web already holds.'
    assert f"{never}</a></li>" in cited("web-first")
    assert second not in cited("listen-in-meetings") + cited("web-first")

    # the second rewording dated before the second meeting: git's history alone changed
    moved = "2024-02-01T10:00:00"
    _git(site, "commit", "-q", "--amend", "--no-edit", "--date", moved, when=moved)
    assert run_subprocess(build).code == 0
    assert f"{link}{second}</a></li>" in cited("web-first")
    assert f"{link}Listen before you speak{since}" in cited("listen-in-meetings")
    fresh = tmp_path / "fresh"
    assert run_subprocess([*build[:-1], str(fresh), "--no-cache"]).code == 0
    assert snapshot(output) == snapshot(fresh)


def test_a_meeting_shows_a_principle_reworded_since_the_last_in_the_words_it_was_given_then(
    tmp_path: Path,
) -> None:
    """Reworded twice, between each of three meetings: each meeting's "Since the last
    meeting" (its page and its feed entry) gives the wording of the rewording before it, not
    today's."""
    site = _site_in_git(tmp_path, "2024-01-10T10:00:00")
    principles = site / "content/principles.md"
    first, second = "Listen first.", "Listen first; speak once you understand."
    edit(site, "content/principles.md", "Listen before you speak.", first)
    # over a week after the kick-off: the principles page credits it to the next meeting held
    _git(site, "commit", "-q", "-am", "Shorter", when="2024-01-30T10:00:00")
    edit(site, "content/principles.md", first, second)
    _git(site, "commit", "-q", "-am", "Say when to speak", when="2024-02-20T10:00:00")
    assert second in principles.read_text()
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    output = site / "_site"
    link = '<a href="../../principles/#principle-listen-first">'

    def since(slug: str) -> str:
        html = (output / f"meetings/{slug}/index.html").read_text()
        start = html.index('id="since-heading"')
        return html[start : html.index("</section>", start)]

    middle, last = since("2024-02-12-reporting-back"), since("2024-03-11-third")
    assert "<li>1 principle reworded</li>" in middle
    assert (
        f"<p>Reworded: “{link}{first}</a>”"
        ' (<time datetime="2024-01-30">30 January 2024</time>, before this meeting)</p>'
    ) in middle
    assert "<li>1 principle reworded</li>" in last
    assert (
        f"<p>Reworded: “{link}{second}</a>”"
        ' (<time datetime="2024-02-20">20 February 2024</time>, before this meeting)</p>'
    ) in last
    # the home page opens with the latest meeting's
    assert (
        f'Reworded: “<a href="principles/#principle-listen-first">{second}</a>”'
        in (output / "index.html").read_text()
    )
    entries = {e.title: e.content[0].value for e in feedparser.parse(output / "feed.xml").entries}
    href = f"{BASE}principles/#principle-listen-first"
    assert (
        f'<p>Reworded: “<a href="{href}">{first}</a>” (30 January 2024, before this meeting)</p>'
    ) in entries["Reporting back"]
    assert (
        f'<p>Reworded: “<a href="{href}">{second}</a>” (20 February 2024, before this meeting)</p>'
    ) in entries["Third meeting"]
    # the principles page gives both, newest first
    text = read_page(output, "principles/index.html").text
    assert f"Was: {first} Now: {second}" in text
    assert f"Was: Listen before you speak. Now: {first}" in text


def _last_edited(output: Path) -> dict[str, str]:
    """Each meeting page's "Last edited" line."""
    found = {}
    for page in sorted(output.glob("meetings/*/index.html")):
        line = re.search(r"Last edited [^<]*<time[^>]*>([^<]*)</time>", page.read_text())
        found[page.parent.name] = line.group(1) if line else ""
    return found


@pytest.mark.slow
def test_git_is_asked_for_the_commits_since_the_last_build_and_gives_a_whole_logs_dates(
    tmp_path: Path,
) -> None:
    """The build keeps what git's log gave it and asks only for the commits made since, when
    they follow in a line; after a merge or a rewritten history it reads the whole log. Each
    build's dates are checked against a build without the cache."""
    site = _git_site(tmp_path)
    kick_off, reporting = "2024-01-15-kick-off", "2024-02-12-reporting-back"

    def build_both() -> dict[str, str]:
        assert run_subprocess(["build", "--source", str(site)]).code == 0
        fresh = tmp_path / "fresh"
        done = run_subprocess(
            ["build", "--source", str(site), "--output", str(fresh), "--no-cache"]
        )
        assert done.code == 0
        assert _last_edited(site / "_site") == _last_edited(fresh)
        return _last_edited(site / "_site")

    def edit_and_commit(slug: str, words: str, when: str) -> None:
        with (site / f"content/meetings/{slug}.md").open("a") as note:
            note.write(f"\n{words}\n")
        _git(site, "commit", "-q", "-am", words, when=when)

    assert build_both()[kick_off] == ""  # written up the day after it
    # Two commits in a line: the meeting edited takes the newer date, the others keep theirs.
    edit_and_commit(kick_off, "Added in March.", "2024-03-05T10:00:00")
    edit_and_commit(kick_off, "Added later in March.", "2024-03-07T10:00:00")
    dates = build_both()  # the reporting meeting, written before it, shows no edit
    assert (dates[kick_off], dates[reporting]) == ("7 March 2024", "")
    # A branch from before, with an older edit to the same meeting, merged: git's log shows
    # the newer commit of the two sides first, so the date stays (the commits since the last
    # build hold only the older one).
    _git(site, "checkout", "-q", "-b", "side", "HEAD~1")
    edit(site, f"content/meetings/{kick_off}.md", 'title: "', 'title: "Retitled ', 1)
    _git(site, "commit", "-q", "-am", "An older idea", when="2024-03-06T10:00:00")
    _git(site, "checkout", "-q", "main")
    _git(site, "merge", "-q", "side", "-m", "Merge side", when="2024-03-08T10:00:00")
    assert "Retitled" in (site / f"content/meetings/{kick_off}.md").read_text()
    assert build_both()[kick_off] == "7 March 2024"
    # The last commit rewritten with another date: the build reads the whole log again.
    edit_and_commit(kick_off, "Corrected.", "2024-03-09T10:00:00")
    assert build_both()[kick_off] == "9 March 2024"
    later = "2024-03-12T10:00:00"
    _git(site, "commit", "-q", "--amend", "--date", later, "-m", "Corrected, later", when=later)
    assert build_both()[kick_off] == "12 March 2024"


def test_a_renamed_meeting_keeps_the_day_it_was_last_edited(tmp_path: Path) -> None:
    """A `git mv` of a meeting's file is no edit: its page keeps the day of the last commit
    that changed the file, with the cache (which reads the whole log again after a rename) and
    without; an edit after it moves the day."""
    site = _git_site(tmp_path)
    third, renamed = "2024-03-11-third", "2024-03-11-permission"

    def last_edited() -> str:
        assert run_subprocess(["build", "--source", str(site)]).code == 0
        fresh = tmp_path / "fresh"
        fresh_build = ["build", "--source", str(site), "--output", str(fresh), "--no-cache"]
        assert run_subprocess(fresh_build).code == 0
        assert _last_edited(site / "_site") == _last_edited(fresh)
        return _last_edited(site / "_site")[renamed]

    meetings = "content/meetings"
    for words, when in [("Written up.", "2024-03-12T10:00:00"), ("Fixed.", "2024-03-20T10:00:00")]:
        with (site / f"{meetings}/{third}.md").open("a") as note:
            note.write(f"\n{words}\n")
        _git(site, "commit", "-q", "-am", words, when=when)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    _git(site, "mv", f"{meetings}/{third}.md", f"{meetings}/{renamed}.md")
    _git(site, "commit", "-q", "-m", "A better name", when="2024-05-01T10:00:00")
    assert last_edited() == "20 March 2024"  # corrected after its write-up of 12 March
    with (site / f"{meetings}/{renamed}.md").open("a") as note:
        note.write("\nA correction.\n")
    _git(site, "commit", "-q", "-am", "Corrected", when="2024-06-01T10:00:00")
    assert last_edited() == "1 June 2024"


def test_a_corrected_meeting_is_updated_in_the_feeds_on_the_day_of_its_last_edit(
    tmp_path: Path,
) -> None:
    """A feed entry's `updated` is the day git last saw the meeting's file edited, never
    earlier than the meeting, as its calendar event's DTSTAMP is; its id stays. Without git's
    history, it is the meeting's date."""
    site = _git_site(tmp_path)  # its files first committed on 16 January 2024
    with (site / "content/meetings/2024-03-11-third.md").open("a") as note:
        note.write("\nA correction.\n")
    _git(site, "commit", "-q", "-am", "Corrected", when="2024-06-01T10:00:00")
    # (built that day: no entry is updated after the build date)
    june = epoch_on(date(2024, 6, 1))
    assert run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH=june).code == 0
    feed = (site / "_site/feed.xml").read_text()
    third = f"<id>{BASE}meetings/2024-03-11-third/</id>\n    <title>Third meeting</title>"
    assert f"{third}\n    <updated>2024-06-01T00:00:00+00:00</updated>" in feed
    updated = {e.id: e.updated for e in feedparser.parse(feed).entries}
    assert updated == {
        f"{BASE}meetings/2024-03-11-third/": "2024-06-01T00:00:00+00:00",
        f"{BASE}meetings/2024-02-12-reporting-back/": "2024-02-12T00:00:00+00:00",
        f"{BASE}meetings/2024-01-15-kick-off/": "2024-01-16T00:00:00+00:00",
    }
    assert "<updated>2024-06-01T00:00:00+00:00</updated>" in feed.split("<entry>")[0]
    sitemap = (site / "_site/sitemap.xml").read_text()
    assert f"{BASE}meetings/2024-03-11-third/</loc><lastmod>2024-06-01</lastmod>" in sitemap
    assert f"{BASE}meetings/2024-02-12-reporting-back/</loc><lastmod>2024-02-12<" in sitemap
    calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
    stamps = {str(e["url"]): e.decoded("dtstamp").isoformat() for e in calendar.walk("VEVENT")}
    assert stamps == updated
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: true", "history: false"))
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    entries = feedparser.parse(site / "_site/feed.xml").entries
    assert {e.id: e.updated for e in entries}[f"{BASE}meetings/2024-03-11-third/"] == (
        "2024-03-11T00:00:00+00:00"
    )


def test_a_meetings_page_says_it_was_edited_only_after_the_meeting_as_its_feed_entry_does(
    tmp_path: Path,
) -> None:
    """A summary written as an agenda before its meeting says no "Last edited" (its feed entry
    is dated the meeting's day), never a day before the meeting it records; one edited after
    its write-up gives the day."""
    site = _git_site(tmp_path)  # its files first committed on 16 January 2024
    for words, when in [("Written up.", "2024-03-11T18:00:00"), ("Fixed.", "2024-06-01T10:00:00")]:
        with (site / "content/meetings/2024-03-11-third.md").open("a") as note:
            note.write(f"\n{words}\n")
        _git(site, "commit", "-q", "-am", words, when=when)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert _last_edited(site / "_site") == {
        "2024-01-15-kick-off": "",  # first committed the day after it: its write-up
        "2024-02-12-reporting-back": "",  # written on 16 January, before it: no edit shown
        "2024-03-11-third": "1 June 2024",
    }
    page = (site / "_site/meetings/2024-02-12-reporting-back/index.html").read_text()
    assert "Last edited" not in page and "Written by" in page
    page = (site / "_site/meetings/2024-03-11-third/index.html").read_text()
    assert 'Last edited <time datetime="2024-06-01">1 June 2024</time>' in page


def _site_written_up_by_meeting(tmp_path: Path) -> Path:
    """The minimal site in git, each meeting's file first committed on its own: the kick-off
    (15 January) on 16 January, with the rest of the site; reporting back (12 February) on
    13 February; the third meeting (11 March) as its agenda on 1 March."""
    site = copy_site("minimal", tmp_path / "site")
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    meetings = "content/meetings"
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", ".")
    _git(site, "reset", "-q", "--", f"{meetings}/2024-02-12-reporting-back.md")
    _git(site, "reset", "-q", "--", f"{meetings}/2024-03-11-third.md")
    _git(site, "commit", "-q", "-m", "Kick-off", when="2024-01-16T10:00:00")
    _git(site, "add", f"{meetings}/2024-02-12-reporting-back.md")
    _git(site, "commit", "-q", "-m", "Reporting back", when="2024-02-13T10:00:00")
    _git(site, "add", f"{meetings}/2024-03-11-third.md")
    _git(site, "commit", "-q", "-m", "Agenda", when="2024-03-01T10:00:00")
    return site


def test_a_summary_s_first_write_up_after_its_meeting_is_no_correction(tmp_path: Path) -> None:
    """A summary first committed the day after its meeting, or written up then over its
    agenda, shows no "Last edited"; a correction after its write-up shows the correction's
    day. Its feed entry and sitemap entry are dated the write-up, as the day it appeared."""
    site = _site_written_up_by_meeting(tmp_path)
    third = site / "content/meetings/2024-03-11-third.md"
    with third.open("a") as note:
        note.write("\nWhat we agreed.\n")
    _git(site, "commit", "-q", "-am", "Third written up", when="2024-03-12T10:00:00")
    with (site / "content/meetings/2024-02-12-reporting-back.md").open("a") as note:
        note.write("\nA correction.\n")
    _git(site, "commit", "-q", "-am", "Corrected", when="2024-02-20T10:00:00")
    # (built that day: no entry is updated after the build date)
    day_after = epoch_on(date(2024, 3, 12))
    assert run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH=day_after).code == 0
    assert _last_edited(site / "_site") == {
        "2024-01-15-kick-off": "",  # first committed the day after
        "2024-02-12-reporting-back": "20 February 2024",  # corrected a week after
        "2024-03-11-third": "",  # its agenda before, written up the day after
    }
    page = (site / "_site/meetings/2024-02-12-reporting-back/index.html").read_text()
    assert 'Last edited <time datetime="2024-02-20">20 February 2024</time>' in page
    updated = {e.id: e.updated for e in feedparser.parse(site / "_site/feed.xml").entries}
    assert updated[f"{BASE}meetings/2024-03-11-third/"] == "2024-03-12T00:00:00+00:00"
    sitemap = (site / "_site/sitemap.xml").read_text()
    assert f"{BASE}meetings/2024-03-11-third/</loc><lastmod>2024-03-12</lastmod>" in sitemap


@pytest.mark.slow
def test_a_write_up_followed_since_the_last_build_is_the_whole_logs(tmp_path: Path) -> None:
    """Builds that follow git's log from the last one (the agenda, its write-up, then a
    correction, each built) make the very bytes of a build that reads the whole log."""
    site = _site_written_up_by_meeting(tmp_path)
    third = site / "content/meetings/2024-03-11-third.md"

    def built() -> dict[str, str]:
        assert run_subprocess(["build", "--source", str(site)]).code == 0
        fresh = tmp_path / "fresh"
        whole = ["build", "--source", str(site), "--output", str(fresh), "--no-cache"]
        assert run_subprocess(whole).code == 0
        assert snapshot(site / "_site") == snapshot(fresh)
        return _last_edited(site / "_site")

    assert built()["2024-03-11-third"] == ""
    with third.open("a") as note:
        note.write("\nWhat we agreed.\n")
    _git(site, "commit", "-q", "-am", "Written up", when="2024-03-12T10:00:00")
    assert built()["2024-03-11-third"] == ""
    with third.open("a") as note:
        note.write("\nA correction.\n")
    _git(site, "commit", "-q", "-am", "Corrected", when="2024-03-19T10:00:00")
    assert built()["2024-03-11-third"] == "19 March 2024"


def test_a_meeting_moved_in_git_is_a_newer_version_of_its_calendar_event(tmp_path: Path) -> None:
    """With git's history shown, a meeting's event has the day its file was last edited as
    DTSTAMP (never before the meeting) and LAST-MODIFIED, and a SEQUENCE that grows with each
    day on which commits edit the file after the first; a rename is no edit."""
    site = _git_site(tmp_path)  # its files first committed on 16 January 2024
    note = "content/meetings/2024-03-11-third.md"
    edit(site, note, "date: 2024-03-11", "date: 2024-03-11\ntime: '10:00'\nlocation: Room 1")
    _git(site, "commit", "-q", "-am", "The time", when="2024-03-01T10:00:00")
    edit(site, note, "Room 1", "Room 2")
    _git(site, "commit", "-q", "-am", "Moved", when="2024-03-05T10:00:00")
    edit(site, note, "Room 2", "Room 3")
    _git(site, "commit", "-q", "-am", "Moved again", when="2024-03-05T16:00:00")
    _git(site, "mv", note, "content/meetings/2024-03-11-permission.md")
    _git(site, "commit", "-q", "-m", "Renamed", when="2024-04-01T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    third = events["meeting-2024-03-11-third"]  # its UID as first published
    assert str(third["location"]) == "Room 3"
    assert third["sequence"] == 2
    assert third.decoded("last-modified").isoformat() == "2024-03-05T00:00:00+00:00"
    assert third.decoded("dtstamp").isoformat() == "2024-03-11T00:00:00+00:00"
    kick_off = events["meeting-2024-01-15-kick-off"]
    assert kick_off["sequence"] == 0
    assert kick_off.decoded("last-modified").isoformat() == "2024-01-16T00:00:00+00:00"
    assert kick_off.decoded("dtstamp").isoformat() == "2024-01-16T00:00:00+00:00"


def test_a_meeting_written_up_on_its_day_is_no_correction_but_a_newer_calendar_event(
    tmp_path: Path,
) -> None:
    """A file committed beforehand as the agenda and written up on the meeting's day shows
    no "Last edited", and its feed entry and sitemap entry keep the meeting's date; its
    calendar event is a newer version (SEQUENCE 1, LAST-MODIFIED the day), as after any
    edit, so a calendar app that holds the agenda's takes the written-up one."""
    site = _git_site(tmp_path)  # the third meeting's file committed on 16 January 2024
    with (site / "content/meetings/2024-03-11-third.md").open("a") as note:
        note.write("\nWhat we agreed.\n")
    _git(site, "commit", "-q", "-am", "Written up", when="2024-03-11T18:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert _last_edited(site / "_site")["2024-03-11-third"] == ""
    updated = {e.id: e.updated for e in feedparser.parse(site / "_site/feed.xml").entries}
    assert updated[f"{BASE}meetings/2024-03-11-third/"] == "2024-03-11T00:00:00+00:00"
    sitemap = (site / "_site/sitemap.xml").read_text()
    assert f"{BASE}meetings/2024-03-11-third/</loc><lastmod>2024-03-11</lastmod>" in sitemap
    calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
    [third] = [e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Third meeting"]
    assert third["sequence"] == 1
    assert third.decoded("last-modified").isoformat() == "2024-03-11T00:00:00+00:00"
    assert third.decoded("dtstamp").isoformat() == "2024-03-11T00:00:00+00:00"


def test_the_next_meeting_announced_again_is_a_newer_version_of_its_event(tmp_path: Path) -> None:
    """The third meeting announces 8 April at 14:00; a fourth, added later, announces it as
    a whole day: calendar apps take the new event as newer (a higher SEQUENCE)."""
    site = _git_site(tmp_path)
    note = "content/meetings/2024-03-11-third.md"
    announced = "date: 2024-03-11\nnext_meeting: {date: 2024-04-08, time: '14:00'}"
    edit(site, note, "date: 2024-03-11", announced)
    _git(site, "commit", "-q", "-am", "Next meeting", when="2024-03-12T10:00:00")

    def next_event() -> icalendar.Event:
        # built on 27 March, when the fourth has met (a meeting dated ahead announces nothing)
        built = run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH="1711555200")
        assert built.code == 0
        calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
        found = [e for e in calendar.walk("VEVENT") if str(e["url"]) == f"{BASE}next/"]
        assert [str(e["uid"]) for e in found] == ["next-meeting-2024-04-08@example.org/group"]
        return found[0]

    first = next_event()
    assert first.decoded("dtstart").time() == time(14, 0)
    (site / "content/meetings/2024-03-25-fourth.md").write_text(
        "---\ntitle: Fourth\ndate: 2024-03-25\nthemes: [permission-to-engage]\n"
        "next_meeting: 2024-04-08\n---\nMet.\n"
    )
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "Fourth", when="2024-03-26T10:00:00")
    again = next_event()
    assert again.decoded("dtstart") == date(2024, 4, 8)
    assert again["sequence"] > first["sequence"]


def test_the_next_meeting_published_updates_its_announced_event_in_place(tmp_path: Path) -> None:
    """The meeting held on the day the latest meeting announced keeps the announced event's
    UID, with a higher SEQUENCE, so a calendar shows it once; a correction of the announcing
    meeting raises it again, in a rebuild that follows the edit as in one from nothing."""
    site = _git_site(tmp_path)
    note = "content/meetings/2024-03-11-third.md"
    announced = "date: 2024-03-11\nnext_meeting: {date: 2024-04-08, time: '14:00'}"
    edit(site, note, "date: 2024-03-11", announced)
    _git(site, "commit", "-q", "-am", "Next meeting", when="2024-03-12T10:00:00")

    def events_on(day: date) -> list[icalendar.Event]:
        assert run_subprocess(["build", "--source", str(site)]).code == 0
        calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
        starts = [(e, e.decoded("dtstart")) for e in calendar.walk("VEVENT")]
        return [e for e, at in starts if (at.date() if isinstance(at, datetime) else at) == day]

    [announcement] = events_on(date(2024, 4, 8))
    assert str(announcement["uid"]) == "next-meeting-2024-04-08@example.org/group"
    assert str(announcement["summary"]) == "Next meeting of Minimal group"
    (site / "content/meetings/2024-04-08-fourth.md").write_text(
        "---\ntitle: Fourth\ndate: 2024-04-08\ntime: '14:00'\n"
        "themes: [permission-to-engage]\n---\nMet.\n"
    )
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "Fourth", when="2024-04-09T10:00:00")
    [held] = events_on(date(2024, 4, 8))
    assert str(held["uid"]) == "next-meeting-2024-04-08@example.org/group"
    assert str(held["summary"]) == "Fourth"
    assert str(held["url"]) == f"{BASE}meetings/2024-04-08-fourth/"
    assert held["sequence"] > announcement["sequence"]
    with (site / note).open("a") as body:
        body.write("\nA correction.\n")
    _git(site, "commit", "-q", "-am", "Corrected", when="2024-05-01T10:00:00")
    [corrected] = events_on(date(2024, 4, 8))
    assert corrected["sequence"] == held["sequence"] + 1
    fresh = tmp_path / "fresh"
    built = run_subprocess(["build", "--source", str(site), "--output", str(fresh), "--no-cache"])
    assert built.code == 0
    assert (fresh / "meetings.ics").read_bytes() == (site / "_site/meetings.ics").read_bytes()


def test_a_next_meeting_moved_in_place_keeps_its_calendar_event(tmp_path: Path) -> None:
    """The third meeting announces 8 April; its date changed in the same file to 15 April and
    committed, the announced event keeps the UID of 8 April with a higher SEQUENCE, on 15
    April (so a subscriber's app moves the event it holds), and the home page and the pack say
    it moved from 8 April; the meeting then held on 15 April keeps that UID too. Each build
    (its history and pages taken from the last) is the very bytes of one from nothing."""
    site = _git_site(tmp_path)
    note = "content/meetings/2024-03-11-third.md"
    announced = "date: 2024-03-11\nnext_meeting: {date: 2024-04-08, time: '14:00'}"
    edit(site, note, "date: 2024-03-11", announced)
    _git(site, "commit", "-q", "-am", "Next meeting", when="2024-03-12T10:00:00")

    def events(url: str) -> list[icalendar.Event]:
        built = run_subprocess(["build", "--source", str(site)], SOURCE_DATE_EPOCH="1711555200")
        assert built.code == 0
        fresh = tmp_path / "fresh"
        whole = ["build", "--source", str(site), "--output", str(fresh), "--no-cache"]
        assert run_subprocess(whole, SOURCE_DATE_EPOCH="1711555200").code == 0
        assert snapshot(site / "_site") == snapshot(fresh)
        calendar = icalendar.Calendar.from_ical((site / "_site/meetings.ics").read_bytes())
        return [e for e in calendar.walk("VEVENT") if str(e["url"]) == f"{BASE}{url}"]

    [first] = events("next/")
    assert str(first["uid"]) == "next-meeting-2024-04-08@example.org/group"
    edit(site, note, "date: 2024-04-08", "date: 2024-04-15")
    _git(site, "commit", "-q", "-am", "The next meeting moved", when="2024-03-20T10:00:00")
    [moved] = events("next/")
    assert str(moved["uid"]) == "next-meeting-2024-04-08@example.org/group"
    assert moved.decoded("dtstart") == datetime(2024, 4, 15, 14, 0)
    assert moved["sequence"] > first["sequence"]
    for page in ("index.html", "next/index.html"):
        said = read_page(site / "_site", page).text
        assert "15 April 2024" in said and "moved from 8 April 2024" in said
    (site / "content/meetings/2024-04-15-fourth.md").write_text(
        "---\ntitle: Fourth\ndate: 2024-04-15\ntime: '14:00'\n"
        "themes: [permission-to-engage]\n---\nMet.\n"
    )
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "Fourth", when="2024-04-16T10:00:00")
    [held] = events("meetings/2024-04-15-fourth/")
    assert str(held["uid"]) == "next-meeting-2024-04-08@example.org/group"
    assert held["sequence"] > moved["sequence"]


def test_a_next_meeting_moved_and_built_before_it_is_committed_takes_the_first_day_s_uid(
    tmp_path: Path,
) -> None:
    """The third meeting's announcement of 8 April, moved to 15 April and built before it is
    committed, has the UID of 15 April (git has no record of the move yet); committed the same
    day (the file's bytes and its days of edits as the last build read them), the rebuild
    gives it the UID of 8 April, as a build from nothing does."""
    site = _git_site(tmp_path)
    note = "content/meetings/2024-03-11-third.md"
    edit(site, note, "date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-08")
    _git(site, "commit", "-q", "-am", "Announced", when="2024-03-12T10:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    edit(site, note, "next_meeting: 2024-04-08", "next_meeting: 2024-04-15")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert b"UID:next-meeting-2024-04-15@" in (site / "_site/meetings.ics").read_bytes()
    _git(site, "commit", "-q", "-am", "Moved", when="2024-03-12T16:00:00")
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    assert b"UID:next-meeting-2024-04-08@" in (site / "_site/meetings.ics").read_bytes()
    fresh = tmp_path / "fresh"
    whole = ["build", "--source", str(site), "--output", str(fresh), "--no-cache"]
    assert run_subprocess(whole).code == 0
    assert snapshot(site / "_site") == snapshot(fresh)


def test_the_day_first_announced_read_from_the_last_build_s_history_is_the_whole_log_s(
    tmp_path: Path,
) -> None:
    """The third meeting's announcement moved twice, taken out, given again and moved: after
    each commit, git's history read on from the last build's is the history read whole, and
    the day first announced is the first since the file last announced none."""
    site = _git_site(tmp_path)
    note = "content/meetings/2024-03-11-third.md"
    edit(site, note, "date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-08")
    _git(site, "commit", "-q", "-am", "Announced", when="2024-03-12T10:00:00")
    seen = history.load_history_after(site, None)[1]
    steps = [
        ("2024-04-08", "2024-04-15", date(2024, 4, 8)),
        ("2024-04-15", "2024-04-22", date(2024, 4, 8)),
        ("\nnext_meeting: 2024-04-22", "", None),
        ("date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-29", None),
        ("2024-04-29", "2024-05-06", date(2024, 4, 29)),
    ]
    for day, (old, new, first) in enumerate(steps, start=13):
        edit(site, note, old, new)
        _git(site, "commit", "-q", "-am", "Changed", when=f"2024-03-{day}T10:00:00")
        following, seen = history.load_history_after(site, seen)
        assert following == history.load_history(site)
        assert following.first_announced.get(note) == first


def test_without_git_the_pages_say_no_history_is_available(built_minimal: Path) -> None:
    assert "No edit history is available" in read_page(built_minimal, "principles/index.html").text


def test_a_shallow_clone_says_its_history_is_incomplete(tmp_path: Path) -> None:
    site = _git_site(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{site}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert run_subprocess(["build", "--source", str(clone)]).code == 0
    assert (
        "The edit history is incomplete" in read_page(clone / "_site", "principles/index.html").text
    )
    # Its one commit seems to add every file: no edit is dated by it, so a push to a host
    # that clones shallow does not mark every meeting edited that day.
    meeting = read_page(clone / "_site", "meetings/2024-01-15-kick-off/index.html")
    assert "Last edited" not in meeting.text
    feed = (clone / "_site/feed.xml").read_text()
    assert "<updated>2024-01-15T00:00:00+00:00</updated>" in feed
    assert "2024-01-16" not in feed
    calendar = (clone / "_site/meetings.ics").read_text()
    assert "LAST-MODIFIED" not in calendar
    assert "DTSTAMP:20240115T000000Z" in calendar
