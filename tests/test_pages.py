"""What a reader gets: the pages of a small site, read back as HTML."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import html5lib
import lxml.etree
import lxml.html
import pytest

from generator.content.load import load_site
from generator.content.model import BuildOptions
from generator.engine.cache import BuildCache
from generator.make import assemble_model, page_model, render_bodies
from generator.site import urls
from generator.site.pages import CommonContexts, build_pages, common_context
from generator.site.render import make_environment, render_page
from tests.conftest import STRICT_NOTE, edit, run_cli, snapshot, synthetic_site
from tests.htmlpage import ParsedPage, broken_links, parse_html, read_page, text_by_language

KICK_OFF = "meetings/2024-01-15-kick-off/index.html"
REPORTING = "meetings/2024-02-12-reporting-back/index.html"
GRACE = "actions/by-owner/grace/"  # Grace's list of actions


def test_every_page_kind_is_written(built_minimal: Path) -> None:
    for page in [
        "index.html",
        "page/2/index.html",
        KICK_OFF,
        REPORTING,
        "meetings/2024-03-11-third/index.html",
        "themes/index.html",
        "themes/foi-implications/index.html",
        "actions/index.html",
        "actions/live-policy-issue/index.html",
        "actions/by-status/open/index.html",
        "actions/by-owner/all-members/index.html",
        "actions/by-theme/permission-to-engage/index.html",
        "principles/index.html",
        "404.html",
        "static/style.css",
    ]:
        assert (built_minimal / page).is_file(), page


def test_every_page_names_the_sites_icon(built_minimal: Path) -> None:
    """Browser tabs and bookmarks show the theme's icon, and no browser asks for a
    /favicon.ico the site does not have (a 404 on every first visit)."""
    for relative in ["index.html", KICK_OFF, "actions/by-owner/all-members/index.html", "404.html"]:
        [icon] = read_page(built_minimal, relative).find_all("link", rel="icon")
        assert icon["type"] == "image/svg+xml", relative
        href = icon["href"]
        if relative == "404.html":  # served at any depth: the site's absolute path
            assert href == "/group/static/icon.svg"
            target = built_minimal / "static/icon.svg"
        else:
            target = (built_minimal / relative).parent / href
        assert target.resolve() == (built_minimal / "static/icon.svg").resolve(), relative
    assert (built_minimal / "static/icon.svg").read_bytes().startswith(b"<svg ")


def test_drafts_are_not_published(built_minimal: Path) -> None:
    assert not (built_minimal / "meetings/2024-04-08-draft").exists()
    index = read_page(built_minimal, "index.html")
    assert "Not yet agreed" not in index.text


def test_index_is_newest_first_and_paginated(built_minimal: Path) -> None:
    first = read_page(built_minimal, "index.html")
    second = read_page(built_minimal, "page/2/index.html")
    # (the "at a glance" box links the latest meeting first, then the list)
    links = [a["href"] for a in first.find_all("a") if "meetings/" in a.get("href", "")]
    titles = list(dict.fromkeys(links))
    assert titles[:2] == [
        "meetings/2024-03-11-third/",
        "meetings/2024-02-12-reporting-back/",
    ]
    assert "Kick-off: first meeting" in second.text
    assert "Kick-off: first meeting" not in first.text
    assert first.find_all("a", rel="next")[0]["href"] == "page/2/"
    assert second.find_all("a", rel="prev")[0]["href"] == "../../"
    assert "The third meeting, on permission." in first.text  # summary from front matter


def test_a_new_meeting_leaves_the_later_pages_of_a_list_as_they_were(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A list of meetings, newest first, holds the newest on its first page, what is left
    over on its second and the rest from the oldest: a new meeting changes only the first two
    pages, so a link to a later page keeps showing the same meetings."""
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text().replace("page_size: 2", "page_size: 3"))

    def add(day: str) -> None:
        (minimal_site / f"content/meetings/{day}-weekly.md").write_text(
            f"---\ntitle: Weekly on {day}\ndate: {day}\nthemes: [foi-implications]\n---\nMet.\n"
        )

    for day in ("2024-03-18", "2024-03-25", "2024-04-01", "2024-04-15", "2024-04-22"):
        add(day)  # 8 meetings (pages of 3, 2 and 3), 7 on the theme (3, 1 and 3)
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    later = ["page/3/index.html", "themes/foi-implications/page/3/index.html"]
    before = {page: ((out / page).read_bytes(), (out / page).stat().st_mtime_ns) for page in later}
    second = (out / "page/2/index.html").read_text()
    assert "Weekly on 2024-03-25" in second and "Weekly on 2024-03-18" in second
    assert "Weekly on 2024-04-01" not in second and "Third meeting" not in second
    home_last = read_page(out, "page/3/index.html")
    for title in ("Third meeting", "Reporting back", "Kick-off: first meeting"):
        assert title in home_last.text
    assert "Page 3 of 3" in home_last.text
    theme_last = (out / "themes/foi-implications/page/3/index.html").read_text()
    # no count of the theme's meetings, which a new one would change
    assert 'id="timeline-heading">Older meetings on this theme</h2>' in theme_last

    add("2024-04-29")
    assert run_cli(build, capsys, monkeypatch).code == 0
    after = {page: ((out / page).read_bytes(), (out / page).stat().st_mtime_ns) for page in later}
    assert after == before  # neither changed nor written again
    assert "Weekly on 2024-04-01" in (out / "page/2/index.html").read_text()
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(minimal_site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_a_new_meeting_leaves_the_later_pages_of_the_closed_actions_as_they_were(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The tracker's counts are on each list's first page; a closed list, newest closed
    first, is cut as a list of meetings is: a meeting that closes one action and raises
    another leaves the later pages of the closed actions as they were."""
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "actions_page_size: 2\n")
    days = ["2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27", "2024-06-03", "2024-06-10"]

    def add(n: int) -> None:  # raises chain-n, and closes the one the meeting before raised
        closes = f"  - id: chain-{n - 1}\n    status: done\n" if n > 1 else ""
        (minimal_site / f"content/meetings/{days[n - 1]}-chain.md").write_text(
            f"---\ntitle: Chain {n}\ndate: {days[n - 1]}\nactions:\n{closes}"
            f"  - id: chain-{n}\n    title: Link {n}\n    owner: Grace\n    due: {days[n]}\n"
            "---\nMet.\n"
        )

    for n in range(1, 6):
        add(n)  # five closed actions: pages of 2, 1 and 2
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    last = out / "actions/closed/page/3/index.html"
    before = (last.read_bytes(), last.stat().st_mtime_ns)
    page = read_page(out, "actions/closed/page/3/index.html")
    assert "Link 1" in page.text and "Page 3 of 3" in page.text
    # where a reader landing there is: the days its actions were closed, which only they
    # change (a count of the whole list would change with each action closed)
    heading = "Actions closed 12 February to 13 May 2024, latest closed first (page 3 of 3)"
    assert f'<h2 id="list-heading">{heading}</h2>' in last.read_text()
    first = (out / "actions/closed/index.html").read_text()
    assert '<h2 id="list-heading">5 actions, latest closed first (page 1 of 3)</h2>' in first
    assert "outstanding," not in page.text  # the counts are on the first page
    assert "Closed (5)" in read_page(out, "actions/closed/index.html").text
    # the filter chosen is marked on every page of its list, as the page itself on its first
    assert '<a href="../../" aria-current="true">Closed</a>' in last.read_text()
    assert '<a href="./" aria-current="page">Closed (5)</a>' in first

    days.append("2024-06-17")
    add(6)
    assert run_cli(build, capsys, monkeypatch).code == 0
    assert (last.read_bytes(), last.stat().st_mtime_ns) == before
    assert "Closed (6)" in read_page(out, "actions/closed/index.html").text
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(minimal_site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_a_later_page_of_outstanding_actions_says_which_of_them_it_holds(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A reader landing on page 2 of the outstanding actions sees which they are ("Actions 3
    to 4"), numbers only its own actions change: an action raised due after them all leaves
    the page as it was (a count of the list would not)."""
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "actions_page_size: 2\n")

    def raise_actions(day: str, dues: list[str]) -> None:
        listed = "".join(
            f"  - id: task-{due}\n    title: Task due {due}\n    owner: Grace\n    due: {due}\n"
            for due in dues
        )
        (minimal_site / f"content/meetings/{day}-tasks.md").write_text(
            f"---\ntitle: Tasks {day}\ndate: {day}\nactions:\n{listed}---\nMet.\n"
        )

    raise_actions("2024-03-04", ["2024-04-01", "2024-04-08", "2024-04-15", "2024-04-22"])
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    second = out / "actions/page/2/index.html"
    heading = "Actions 3 to 4, earliest due first (page 2 of 3)"
    assert f'<h2 id="list-heading">{heading}</h2>' in second.read_text()
    assert "Task due 2024-04-08" in read_page(out, "actions/page/2/index.html").text
    last = read_page(out, "actions/page/3/index.html")
    assert "Actions 5 to 5, earliest due first (page 3 of 3)" not in last.text
    assert "Action 5, earliest due first (page 3 of 3)" in last.text
    before = (second.read_bytes(), second.stat().st_mtime_ns)

    raise_actions("2024-03-05", ["2024-05-06"])
    assert run_cli(build, capsys, monkeypatch).code == 0
    assert (second.read_bytes(), second.stat().st_mtime_ns) == before
    last = read_page(out, "actions/page/3/index.html")
    assert "Actions 5 to 6, earliest due first (page 3 of 3)" in last.text
    fresh = tmp_path / "fresh"
    command = ["build", "--no-cache", "--source", str(minimal_site), "--output", str(fresh)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)


def test_a_later_tracker_page_s_heading_and_title_say_which_page_it_is(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Page 3 of the outstanding actions is headed, and titled, "Outstanding actions, page 3
    of 3", as a later page of the meetings or the themes is, so that a reader with many tabs
    or a screen reader's list of headings tells it from the first; so are an owner's list and
    the list of owners. The first pages keep their heading alone."""
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "actions_page_size: 2\n")
    listed = "".join(
        f"  - {{id: task-{n}, title: Task {n}, owner: Grace, due: 2024-04-0{n}}}\n"
        for n in range(1, 5)
    )
    listed += "  - {id: task-5, title: Task 5, owner: Hedy, due: 2024-04-05}\n"
    (minimal_site / "content/meetings/2024-03-04-tasks.md").write_text(
        f"---\ntitle: Tasks\ndate: 2024-03-04\nactions:\n{listed}---\nMet.\n"
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    for path, heading in (
        ("actions/page/3/index.html", "Outstanding actions, page 3 of 3"),
        ("actions/by-owner/grace/page/2/index.html", "Outstanding actions for Grace, page 2 of 3"),
        ("actions/by-owner/page/2/index.html", "Actions by owner, page 2 of 2"),
        ("actions/index.html", "Outstanding actions"),
        ("actions/by-owner/grace/index.html", "Outstanding actions for Grace"),
        ("actions/by-owner/index.html", "Actions by owner"),
    ):
        page = lxml.html.fromstring((out / path).read_text())
        assert [" ".join(h.text_content().split()) for h in page.iter("h1")] == [heading], path
        assert page.findtext(".//title") == f"{heading} – Minimal group", path


def test_meeting_page_shows_everything_about_the_meeting(built_minimal: Path) -> None:
    page = read_page(built_minimal, KICK_OFF)
    assert page.find_all("h1") and "Kick-off: first meeting" in page.text
    assert "15 January 2024" in page.text
    assert "Written by Ada Lovelace" in page.text
    assert "Categories: Capability" in page.text
    hrefs = page.links
    assert "../../themes/foi-implications/" in hrefs
    assert "../../principles/#principle-listen-first" in hrefs
    assert "../../actions/live-policy-issue/" in hrefs
    assert "../../actions/write-guidance/" in hrefs
    assert "../2024-02-12-reporting-back/" in hrefs  # next meeting
    # Markdown links to other notes by file name became links to their pages.
    assert "../../principles/" in hrefs
    assert "12 February 2024" in page.text  # next_meeting
    assert "h-what-we-discussed" in page.ids


def test_a_meeting_s_summary_line_is_under_its_title_as_its_email_opens(
    built_minimal: Path,
) -> None:
    html = (built_minimal / "meetings/2024-03-11-third/index.html").read_text()
    header = html.split("<article", 1)[1].split("</header>", 1)[0]
    assert '<p class="standfirst">The third meeting, on permission.</p>' in header
    assert "A short third meeting." in html  # and its text below
    # a meeting with no summary line opens with its text, shown once
    kick_off = (built_minimal / KICK_OFF).read_text().split("<article", 1)[1]
    assert "standfirst" not in kick_off and kick_off.count("We met for the first time.") == 1


def test_reported_back_shows_actions_due_at_the_meeting(built_minimal: Path) -> None:
    page = read_page(built_minimal, REPORTING)
    text = page.text
    assert "Reported back" in text
    assert "Everyone brought an example." in text
    assert "Actions updated" in text
    assert "../2024-01-15-kick-off/" in page.links  # previous meeting + body link


def test_since_the_last_meeting_names_the_actions_still_overdue(built_minimal: Path) -> None:
    for page, root in [("meetings/2024-03-11-third/index.html", "../../"), ("index.html", "")]:
        since = read_page(built_minimal, page)
        assert "1 action still overdue: Write guidance on engaging online" in since.text, page
        assert f"{root}actions/write-guidance/" in since.links


def test_since_the_last_meeting_counts_an_action_reported_on_and_still_overdue(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """An action the meeting reported on, still in progress past its due date, is among
    those still overdue (as its badge and the email say), counted apart."""
    third = "content/meetings/2024-03-11-third.md"
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n  - id: draft-faq\n    title: Draft the FAQ\n"
        "    owner: Alan\n    due: 2024-03-04\n",
    )
    edit(
        minimal_site,
        third,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - id: write-guidance\n"
        "    status: in-progress\n    note: Half written.\n",
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    said = (
        "2 actions still overdue (1 reported on at this meeting): Write guidance on "
        "engaging online, Draft the FAQ"  # by due date
    )
    for page in ["meetings/2024-03-11-third/index.html", "index.html"]:
        assert said in " ".join(read_page(out, page).text.split()), page
    entry = (out / "feed.xml").read_text().split("<entry>")[1]  # the third meeting's
    assert "2 actions still overdue (1 reported on at this meeting)" in entry

    edit(minimal_site, third, "    note: Half written.\n", "    due: 2024-03-25\n")
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = " ".join(read_page(out, "meetings/2024-03-11-third/index.html").text.split())
    assert "1 action still overdue: Draft the FAQ" in page  # given a new date, not overdue


def test_tracker_lists_outstanding_actions_with_state_and_marks_overdue(
    built_minimal: Path,
) -> None:
    page = read_page(built_minimal, "actions/index.html")
    text = page.text
    assert "As of 11 March 2024: 1 outstanding, 1 overdue, 1 closed." in text
    rows = page.find_all("tr")
    assert len(rows) == 2  # header + the one outstanding action (the done one is closed)
    # write-guidance was due 2024-03-01, still in progress on 2024-03-11: overdue.
    overdue = page.find_all("tr", id="action-write-guidance", **{"class": "overdue"})
    assert overdue
    assert "Overdue" in text
    assert not page.find_all("tr", id="action-live-policy-issue")
    assert "Outstanding (1)" in text and "Overdue (1)" in text and "Closed (1)" in text
    assert "Done (1)" in text and "In progress (1)" in text and "Open (0)" in text
    assert "by-owner/" in page.links and "closed/" in page.links
    closed = read_page(built_minimal, "actions/closed/index.html")
    assert closed.find_all("tr", id="action-live-policy-issue")
    assert "Closed" in [t for t in closed.text.split() if t == "Closed"]


def test_the_trackers_actions_have_a_heading_that_names_them_once(built_minimal: Path) -> None:
    """A heading over the list says how many actions and in what order, and names its
    table (no caption says it again; the table's region is named by its columns, not by the
    heading read just before); on a phone a link leads past the filters to it. The count of
    the list one is on is text, the others links."""
    tracker = (built_minimal / "actions/index.html").read_text()
    heading = '<h2 id="list-heading">1 action, earliest due first</h2>'
    skip = tracker.index('href="#list-heading">Skip the filters to the actions</a>')
    assert skip < tracker.index('<nav class="filters"') < tracker.index(heading)
    columns = "Table: Action, Status, Owner, Due, Raised at, Last update"
    assert f'<div class="table-scroll" role="region" aria-label="{columns}"' in tracker
    assert '<table class="actions" role="table" aria-labelledby="list-heading">' in tracker
    assert "<caption" not in tracker
    page = read_page(built_minimal, "actions/index.html")
    assert "As of 11 March 2024: 1 outstanding, 1 overdue, 1 closed." in page.text
    summary = tracker.split('<p class="lead summary">')[1].split("</p>")[0]
    assert "1 outstanding</a>" not in summary and 'href="closed/">1 closed</a>' in summary
    closed = (built_minimal / "actions/closed/index.html").read_text()
    assert '<h2 id="list-heading">1 action, latest closed first</h2>' in closed
    summary = closed.split('<p class="lead summary">')[1].split("</p>")[0]
    assert 'href="../">1 outstanding</a>' in summary and "1 closed</a>" not in summary


def test_a_themes_outstanding_actions_are_named_once_by_their_heading(
    built_minimal: Path,
) -> None:
    """A theme page's "Outstanding actions" heading names their table (no section's region
    around it, no caption, and the table's scroll region named by its columns), as the
    tracker's does: a screen reader reads the name once."""
    html = (built_minimal / "themes/permission-to-engage/index.html").read_text()
    start = html.index('<h2 id="theme-actions-heading">Outstanding actions</h2>')
    section = html[html.rindex("<section", 0, start) : html.index("</section>", start)]
    assert section.startswith("<section>\n")
    columns = "Table: Action, Status, Owner, Due, Raised at, Last update"
    assert f'<div class="table-scroll" role="region" aria-label="{columns}"' in section
    assert '<table class="actions" role="table" aria-labelledby="theme-actions-heading">' in (
        section
    )
    assert html.count('aria-labelledby="theme-actions-heading"') == 1
    assert "<caption" not in section and "Outstanding actions on this theme" not in html
    assert 'id="action-' in section  # the actions are there


def _row(html: str, row_id: str) -> ParsedPage:
    """The table row of that id, read back alone."""
    start = html.index(f'<tr id="{row_id}"')
    return parse_html(html[start : html.index("</tr>", start) + len("</tr>")])


def test_an_action_never_updated_links_its_meeting_once(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A row whose last update is the raise itself says so in words, rather than link the
    meeting it was raised at a second time (two identical links in a screen reader's list
    of links), on every page that lists it, at every depth; actions.csv leaves its last update
    empty, as the page says none; actions.json's stable shape keeps the meeting."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - id: draft-faq\n"
        "    title: Draft an FAQ\n    owner: Grace\n    themes: [permission-to-engage]\n",
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    for page, root in [
        ("actions/index.html", "../"),
        ("actions/by-owner/grace/index.html", "../../../"),
        ("themes/permission-to-engage/index.html", "../../"),
    ]:
        html = (out / page).read_text()
        row = _row(html, "action-draft-faq")
        owner = [] if page.startswith("actions/by-owner/grace/") else [f"{root}{GRACE}"]
        third = f"{root}meetings/2024-03-11-third/"
        assert row.links == [f"{root}actions/draft-faq/", *owner, third]
        assert row.text.endswith("Third meeting, 11 March 2024 None since raised"), page
        updated = _row(html, "action-write-guidance")
        assert updated.links == [
            f"{root}actions/write-guidance/",
            *owner,
            f"{root}actions/by-owner/alan/",
            f"{root}meetings/2024-01-15-kick-off/",
            f"{root}meetings/2024-02-12-reporting-back/",
        ]
        assert updated.text.endswith("Kick-off: first meeting, 15 January 2024 Reporting back")
    with (out / "actions.csv").open(newline="", encoding="utf-8-sig") as file:
        [faq] = [row for row in csv.DictReader(file) if row["id"] == "draft-faq"]
    assert (faq["last_update"], faq["last_updated_on"]) == ("", "")
    [exported] = [
        a
        for a in json.loads((out / "actions.json").read_text())["actions"]
        if a["id"] == "draft-faq"
    ]
    assert exported["last_update"]["meeting"] == "2024-03-11-third"


def test_the_tracker_and_an_owners_lists_date_the_meeting_that_raised_each_action(
    built_minimal: Path,
) -> None:
    """Every list of actions gives under "Raised at" the meeting and its day, as the agenda
    pack does, at every depth (a row is rendered once and moved to each page's root)."""
    for page, root, row_id in [
        ("actions/index.html", "../", "action-write-guidance"),
        ("actions/closed/index.html", "../../", "action-live-policy-issue"),
        ("actions/by-owner/grace/index.html", "../../../", "action-write-guidance"),
        (
            "actions/by-owner/all-members/closed/index.html",
            "../../../../",
            "action-live-policy-issue",
        ),
        ("themes/permission-to-engage/index.html", "../../", "action-write-guidance"),
    ]:
        html = (built_minimal / page).read_text()
        row = html[html.index(f'<tr id="{row_id}"') :]
        cell = row[row.index('<td role="cell" data-label="Raised at">') : row.index("</tr>")]
        assert cell.startswith(
            f'<td role="cell" data-label="Raised at"><a href="{root}meetings/2024-01-15-kick-off/">'
            'Kick-off: first meeting</a>, <time datetime="2024-01-15">15 January 2024</time></td>'
        ), page


def test_a_meeting_page_s_tables_date_the_meeting_that_raised_each_action(
    built_minimal: Path,
) -> None:
    """A meeting page's "Raised at" gives the meeting and its day, as the tracker's does: in
    its actions reported back, its other updates and those due that it did not report on."""
    raised_at = (
        '<td data-label="Raised at" data-pagefind-ignore><a href="../2024-01-15-kick-off/">'
        'Kick-off: first meeting</a>, <time datetime="2024-01-15">15 January 2024</time></td>'
    )
    for page, row_id in [
        (REPORTING, "reported-live-policy-issue"),
        (REPORTING, "updated-write-guidance"),
        ("meetings/2024-03-11-third/index.html", "not-reported-write-guidance"),
    ]:
        html = (built_minimal / page).read_text()
        row = html[html.index(f'<tr id="{row_id}"') :]
        cell = row[row.index('<td data-label="Raised at"') : row.index("</tr>")]
        assert cell.strip() == raised_at, (page, row_id)


def test_a_principles_own_pages_date_the_meetings_that_discussed_it(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """With one meeting a page, listen-first's two meetings are on pages of their own, each
    dated, as the principles page dates them."""
    edit(minimal_site, "site.yml", "page_size: 2", "page_size: 1")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    first = (out / "principles/listen-first/index.html").read_text()
    assert (
        '<li><a href="../../meetings/2024-02-12-reporting-back/">Reporting back</a>, '
        '<time datetime="2024-02-12">12 February 2024</time></li>'
    ) in first
    second = (out / "principles/listen-first/page/2/index.html").read_text()
    assert (
        '<li><a href="../../../../meetings/2024-01-15-kick-off/">Kick-off: first meeting</a>, '
        '<time datetime="2024-01-15">15 January 2024</time></li>'
    ) in second


def test_a_principles_own_pages_are_headed_with_its_words_not_its_id(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A principle's pages of meetings are headed with its words, as the principles page heads
    it, and not its id (nor again below); a later page says which it is. On a Welsh site the
    words are read in Welsh inside nominutes' English."""
    edit(minimal_site, "site.yml", "page_size: 2", "page_size: 1")
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    words = '<span lang="cy">Listen before you speak.</span>'
    first = (out / "principles/listen-first/index.html").read_text()
    assert f'<h1 lang="en">Meetings on the principle “{words}”</h1>' in first
    assert "<title>Meetings on the principle “Listen before you speak.” – Minimal group" in first
    assert "listen-first</h1>" not in first
    assert "<blockquote" not in first  # the heading gives its words: not said twice
    second = (out / "principles/listen-first/page/2/index.html").read_text()
    assert f'<h1 lang="en">Meetings on the principle “{words}”, page 2 of 2</h1>' in second
    assert "<title>Meetings on the principle “Listen before you speak.”, page 2 of 2" in second


def test_each_principles_link_to_its_meetings_is_named_for_it(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A screen reader's list of the principles page's links tells apart each principle's
    "Every meeting that discussed it": its name ends with the principle's words, its
    heading's (aria-labelledby, the link's own words first)."""
    edit(minimal_site, "site.yml", "page_size: 2", "page_size: 1")
    edit(minimal_site, "content/meetings/2024-01-15-kick-off.md", "[listen-first]",
         "[listen-first, use-web-data]")  # fmt: skip
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = lxml.html.parse(out / "principles/index.html").getroot()

    def name(link: lxml.html.HtmlElement) -> str:
        parts = link.get("aria-labelledby", "").split() or [None]
        words = [(page.get_element_by_id(i) if i else link).text_content() for i in parts]
        return " ".join(" ".join(words).split())

    links = page.xpath("//a[starts-with(normalize-space(), 'Every meeting that discussed it')]")
    headings = page.xpath("//h2[@class='principle']")
    assert [name(link) for link in links] == [
        f"Every meeting that discussed it (2) {' '.join(h.text_content().split())}"
        for h in headings
    ]


def test_an_action_listed_with_nothing_changed_is_no_update(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """An entry left as `new meeting` wrote it (warned of) is not the action's last update:
    the tracker, the theme pages and the exports keep the meeting that changed something."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - id: write-guidance\n"
        "    status: in-progress\n    note:\n",
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch)
    assert run.code == 0
    assert (
        "content/meetings/2024-03-11-third.md:7:9: warning: action 'write-guidance' is listed "
        "but nothing about it changed; set its status or write a note (it was due by 1 March "
        "2024: if the meeting did not get to it, say so: note: Not discussed; carried to the "
        "next meeting)"
    ) in run.problem_lines
    for page in ("actions/index.html", "themes/permission-to-engage/index.html"):
        row = _row((out / page).read_text(), "action-write-guidance")
        assert row.text.endswith("Kick-off: first meeting, 15 January 2024 Reporting back"), page
    with (out / "actions.csv").open(newline="", encoding="utf-8-sig") as file:
        [guidance] = [row for row in csv.DictReader(file) if row["id"] == "write-guidance"]
    assert guidance["last_updated_on"] == "2024-02-12"
    [exported] = [
        a
        for a in json.loads((out / "actions.json").read_text())["actions"]
        if a["id"] == "write-guidance"
    ]
    assert exported["last_update"] == {
        "meeting": "2024-02-12-reporting-back",
        "date": "2024-02-12",  # not the day it was raised, nor of the entry that changed nothing
        "url": "https://example.org/group/meetings/2024-02-12-reporting-back/",
    }


def test_tracker_filters_are_pages_that_need_no_javascript(built_minimal: Path) -> None:
    done = read_page(built_minimal, "actions/by-status/done/index.html")
    assert "Think of a live policy issue" in done.text
    assert "Write guidance on engaging online" not in done.text
    owner = read_page(built_minimal, "actions/by-owner/grace/index.html")
    assert "Write guidance on engaging online" in owner.text
    owners = read_page(built_minimal, "actions/by-owner/index.html")
    assert "grace/" in owners.links and "all-members/closed/" in owners.links
    tracker = (built_minimal / "actions/index.html").read_text()
    assert tracker.count("<script") == 1  # base.html's file, for pages opened from a file
    assert '<script src="../static/site.js"></script>' in tracker


def test_a_filtered_list_counts_its_own_actions_by_status(built_minimal: Path) -> None:
    """An owner's or theme's list counts that owner's or theme's actions, in its summary and
    by status alike; the whole tracker's lists say they count all actions."""
    closed = read_page(built_minimal, "actions/by-owner/all-members/closed/index.html")
    assert "As of 11 March 2024: 0 outstanding, 0 overdue, 1 closed." in closed.text
    assert "Actions for All members by status: Done: 1" in closed.text
    assert "In progress: 1" not in closed.text
    theme = read_page(built_minimal, "actions/by-theme/permission-to-engage/index.html")
    assert "Actions on Permission to engage by status: In progress: 1" in theme.text
    assert "Done: 1" not in theme.text
    tracker = read_page(built_minimal, "actions/index.html")
    assert "All actions by status: In progress: 1 Done: 1" in tracker.text


def test_an_owners_list_filters_count_that_owners_actions(built_minimal: Path) -> None:
    """An owner's filters by status count their actions; those with no list of the
    owner's lead nowhere rather than to the whole tracker's, which counts more."""
    html = (built_minimal / "actions/by-owner/grace/index.html").read_text()
    filters = html[html.index("<h3>By status</h3>") : html.index("<h3>By owner or theme</h3>")]
    assert '<a href="./" aria-current="page">Outstanding (1)</a>' in filters
    assert '<a href="overdue/">Overdue (1)</a>' in filters
    assert "<li>In progress (1)</li>" in filters
    assert "<li>Done (0)</li>" in filters  # the whole tracker has one done
    assert "<li>Closed (0)</li>" in filters  # none: text, not a link to an empty list
    assert "by-status" not in filters
    tracker = (built_minimal / "actions/index.html").read_text()
    assert '<a href="by-status/done/">Done (1)</a>' in tracker


def test_an_owners_and_a_themes_overdue_count_leads_to_their_overdue_actions(
    built_minimal: Path,
) -> None:
    """ "Overdue (N)" and "N overdue" on an owner's or a theme's lists lead to a list of that
    owner's or theme's overdue actions alone, whose own filter is the current page."""
    for folder, whose in [
        ("actions/by-owner/grace/", "for Grace"),
        ("actions/by-theme/permission-to-engage/", "on Permission to engage"),
    ]:
        for page in ("", "closed/"):
            html = (built_minimal / folder / page / "index.html").read_text()
            to = "overdue/" if not page else "../overdue/"
            assert f'<a href="{to}">Overdue (1)</a>' in html, page
            assert f'<a href="{to}">1 overdue</a>' in html, page
        overdue = read_page(built_minimal, f"{folder}overdue/index.html")
        rows = [row.get("id") for row in overdue.find_all("tr") if row.get("id")]
        assert rows == ["action-write-guidance"]
        html = (built_minimal / folder / "overdue/index.html").read_text()
        assert f"<h1>Overdue actions {whose}</h1>" in html
        assert '<a href="./" aria-current="page">Overdue (1)</a>' in html
        assert '<a href="../">Outstanding (1)</a>' in html
    # one with no overdue action: an empty list, not a dead link, though none leads to it
    html = (built_minimal / "actions/by-owner/all-members/index.html").read_text()
    assert "<li>Overdue (0)</li>" in html
    empty = read_page(built_minimal, "actions/by-owner/all-members/overdue/index.html")
    assert "No actions here." in empty.text


def test_action_page_has_its_history(built_minimal: Path) -> None:
    page = read_page(built_minimal, "actions/live-policy-issue/index.html")
    text = page.text
    assert text.index("Kick-off: first meeting") < text.index("Reporting back")
    assert "Raised" in text and "Updated" in text
    assert "Everyone brought an example." in text
    # the link back to the tracker names what it lists: a closed action's leads to the
    # closed actions, an outstanding one's to the outstanding actions
    html = (built_minimal / "actions/live-policy-issue/index.html").read_text()
    assert '<a href="../closed/">All closed actions</a>' in html
    assert "All actions" not in text and "All outstanding actions" not in text
    html = (built_minimal / "actions/write-guidance/index.html").read_text()
    assert '<a href="../">All outstanding actions</a>' in html
    assert "<h1>Outstanding actions</h1>" in (built_minimal / "actions/index.html").read_text()


def test_an_owner_written_another_way_is_a_warning_at_each_odd_spelling(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'grace' beside 'Grace' would be two people in the tracker, sharing one address: a
    warning at the name in the owner list, naming where the usual spelling is written."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: ask-legal, title: Ask legal about FOI, owner: [grace], due: 2024-04-01}\n",
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert (
        "content/meetings/2024-03-11-third.md:7:57: error: owner 'grace' is written 'Grace' "
        "elsewhere (content/meetings/2024-01-15-kick-off.md:16); write the name the same way "
        "everywhere, or the tracker lists two people; if they are one person written two ways "
        "in meetings you would rather not edit, add [Grace, grace] to same_people in site.yml"
        + STRICT_NOTE
    ) in run.problem_lines
    assert not any("'Grace' is written" in line for line in run.problem_lines)


def test_an_owner_a_letter_or_two_from_another_is_a_warning_at_its_owner_line(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'Alex Morgn' beside 'Alex Morgan' (a slip in the web editor) would be a second person
    in the tracker: a warning at the slip's owner line, naming where the name is written."""
    edit(
        minimal_site,
        "content/meetings/2024-01-15-kick-off.md",
        "owner: All members",
        "owner: Alex Morgan",
    )
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - id: live-policy-issue\n    status: in-progress\n    owner: Alex Morgn\n"
        "  - id: ask-legal\n    title: Ask legal about FOI\n    owner: [Grace, Alx Morgen]\n",
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    meant = (
        "did you mean 'Alex Morgan' (content/meetings/2024-01-15-kick-off.md:11)? write the "
        "name the same way everywhere, or the tracker lists two people; if they are two "
        "people, add them to different_people in site.yml; if they are one person written "
        "two ways in meetings you would rather not edit, add [Alex Morgan, {}] to same_people "
        "in site.yml"
    )
    third = "content/meetings/2024-03-11-third.md"
    assert [line for line in run.problem_lines if "owner" in line] == [
        f"{third}:9:12: warning: owner 'Alex Morgn' is one letter from another owner's name; "
        + meant.format("Alex Morgn"),
        f"{third}:12:20: warning: owner 'Alx Morgen' is two letters from another owner's name; "
        + meant.format("Alx Morgen"),
    ]
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1


def owners(site: Path, kick_off: str, *raised: tuple[str, str, str]) -> None:
    """The kick-off's actions owned by `kick_off`; the third meeting closes write-guidance and
    raises an action for each (id, title, owner), from line 8, due 1 April 2024."""
    edit(site, "content/meetings/2024-01-15-kick-off.md", "[Grace, Alan]", kick_off)
    actions = "".join(
        f"  - {{id: {action}, title: {title}, owner: {owner}, due: 2024-04-01}}\n"
        for action, title, owner in raised
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n  - {id: write-guidance, status: done}\n"
        + actions,
    )


def test_two_people_with_close_names_are_told_apart_by_different_people_in_site_yml(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'Dan Kim' a letter from 'Dana Kim' is warned of, and the warning says how to say they
    are two people; once site.yml's different_people names them together, check --strict
    passes."""
    owners(
        minimal_site,
        "Dana Kim",
        ("ask-legal", "Ask legal about FOI", "Dana Kim"),
        ("ask-press", "Ask the press office", "Dan Kim"),
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:9:57: error: owner 'Dan Kim' is one letter from "
        "another owner's name; did you mean 'Dana Kim' "
        "(content/meetings/2024-01-15-kick-off.md:16)? write the name the same way everywhere, "
        "or the tracker lists two people; if they are two people, add them to different_people "
        "in site.yml; if they are one person written two ways in meetings you would rather not "
        "edit, add [Dana Kim, Dan Kim] to same_people in site.yml" + STRICT_NOTE
    ]
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write("different_people:\n  - [Dana Kim, Dan Kim]\n")
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.problem_lines == []


def test_a_group_of_different_people_listed_again_or_naming_no_owner_is_a_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A group of different_people that repeats one above it, a name listed twice in its
    group, or a name no action's owner has (left after the action went) keeps no one apart:
    a warning at its line in site.yml, which --strict makes fail. A group left with one
    owner or none is to go as a whole."""
    owners(
        minimal_site,
        "Dana Kim",
        ("ask-press", "Ask the press office", "Dan Kim"),
        ("ask-legal", "Ask legal about FOI", "Don Kim"),
    )
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write(
            "different_people:\n"
            "  - [Dana Kim, Dan Kim, Don Kim]\n"  # line 7
            "  - [Dan Kim, Dana Kim, Don Kim]\n"
            "  - [Dan Kim, Don Kim, Dan Kim]\n"
            "  - [Dana Kim, Dan Kim, Daniel Kim]\n"  # line 10
            "  - [Nobody Here, Nobody]\n"
            "  - [Dana Kim, Dana Kimm]\n"
        )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert [line for line in run.problem_lines if line.startswith("site.yml")] == [
        "site.yml:8:5: warning: different_people: [Dan Kim, Dana Kim, Don Kim] is listed twice "
        "(first on line 7, as [Dana Kim, Dan Kim, Don Kim]); remove one",
        "site.yml:9:24: warning: different_people: 'Dan Kim' is listed twice in "
        "[Dan Kim, Don Kim, Dan Kim]; remove one",
        "site.yml:10:25: warning: different_people: 'Daniel Kim' names no owner of any action: "
        "remove it",
        "site.yml:11:5: warning: different_people: [Nobody Here, Nobody] names no owner of any "
        "action: remove it",
        "site.yml:12:5: warning: different_people: [Dana Kim, Dana Kimm] names one owner of an "
        "action ('Dana Kim'; no action's owner is 'Dana Kimm'), so it keeps no two apart: "
        "remove it",
    ]
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert "site.yml:11:5: error: different_people: [Nobody Here, Nobody] names" in run.err
    # a meeting with an error is not read: its owners are not taken for gone
    edit(minimal_site, "content/meetings/2024-03-11-third.md", "status: done", "status: dun")
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert not any("names no owner" in line for line in run.problem_lines)


def test_each_entry_of_different_people_names_two_people_or_more(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write("different_people:\n  - [Dana Kim]\n  - []\n")
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    hint = "list together two or more people whose names are close, e.g. [Dana Kim, Dan Kim]"
    assert run.problem_lines == [
        f"site.yml:7:5: error: different_people item 1 names one person; {hint}",
        f"site.yml:8:5: error: different_people item 2 names no one; {hint}",
    ]


@pytest.mark.parametrize(
    "written, message",
    [
        (
            "different_people: Dana Kim\n",
            "site.yml:6:19: error: different_people must be a list of groups of people whose "
            "names are close, each group in brackets: different_people: [[Dana Kim, Dan Kim]]",
        ),
        (
            "different_people: [Dana Kim, Dan Kim]\n",
            "site.yml:6:19: error: different_people must be a list of groups of people whose "
            "names are close, each group in brackets: write different_people: "
            "[[Dana Kim, Dan Kim]]",
        ),
        (
            "different_people:\n  - Dana Kim\n  - Dan Kim\n  - Dan Kimm\n",
            "site.yml:6:1: error: different_people must be a list of groups of people whose "
            "names are close, each group in brackets: write different_people: "
            "[[Dana Kim, Dan Kim, Dan Kimm]]",
        ),
    ],
)
def test_different_people_written_flat_says_the_whole_form(
    minimal_site: Path, capsys, monkeypatch, written: str, message: str
) -> None:
    """One error for the setting, not one for each name of a flat list, at the setting's
    line; followed literally, it gives a file with no error: no round of fixes."""
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write(written)
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (1, [message])
    fixed = message.split("write ")[-1] if "write " in message else None
    if fixed:
        (minimal_site / "site.yml").write_text(
            (minimal_site / "site.yml").read_text().replace(written, fixed + "\n")
        )
        run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
        assert run.code == 0, run.err  # its names are owners of no action: a warning


def test_a_name_written_as_often_two_ways_is_meant_as_written_without_a_doubled_space(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'Alex  Morgan' first and twice, 'Alex Morgan' after and once: the name meant is 'Alex
    Morgan' (a doubled space is never meant), both for the doubled space and for the slip
    'Alex Morgn'."""
    owners(
        minimal_site,
        "Alex  Morgan",
        ("ask-legal", "Ask legal about FOI", "Alex Morgan"),
        ("ask-press", "Ask the press office", "Alex Morgn"),
        ("ask-web", "Ask the web team", "Alex  Morgan"),
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    doubled = (
        "warning: owner 'Alex  Morgan' is written 'Alex Morgan' elsewhere "
        "(content/meetings/2024-03-11-third.md:8); write the name the same way everywhere, or "
        "the tracker lists two people"
    )
    assert run.problem_lines == [
        f"content/meetings/2024-01-15-kick-off.md:16:12: {doubled}",
        "content/meetings/2024-03-11-third.md:9:57: warning: owner 'Alex Morgn' is one letter "
        "from another owner's name; did you mean 'Alex Morgan' "
        "(content/meetings/2024-03-11-third.md:8)? write the name the same way everywhere, or "
        "the tracker lists two people; if they are two people, add them to different_people in "
        "site.yml; if they are one person written two ways in meetings you would rather not "
        "edit, add [Alex Morgan, Alex Morgn] to same_people in site.yml",
        f"content/meetings/2024-03-11-third.md:10:51: {doubled}",
    ]


def test_a_name_written_as_often_in_lower_case_and_as_a_name_is_meant_as_a_name(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'sam patel' first, 'Sam Patel' after, once each: the warning is at the lower-case one
    (no one writes their name in lower case), naming 'Sam Patel' as meant."""
    owners(minimal_site, "sam patel", ("ask-legal", "Ask legal about FOI", "Sam Patel"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.problem_lines == [
        "content/meetings/2024-01-15-kick-off.md:16:12: warning: owner 'sam patel' is written "
        "'Sam Patel' elsewhere (content/meetings/2024-03-11-third.md:8); write the name the same "
        "way everywhere, or the tracker lists two people; if they are one person written two "
        "ways in meetings you would rather not edit, add [Sam Patel, sam patel] to same_people "
        "in site.yml"
    ]


def test_close_names_of_two_people_are_warned_of_only_when_a_letter_or_two_apart(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """'Sam Lee' and 'Sam Li' (two letters apart in a short name), 'Owner 1' and 'Owner 2'
    (numbered) and 'Grace' and 'Grade' (a letter apart in names of five) are taken for
    different people."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: a, title: A, owner: [Sam Lee, Owner 1, Grade]}\n"
        "  - {id: b, title: B, owner: [Sam Li, Owner 2]}\n",
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert not any("owner" in line for line in run.problem_lines), run.problem_lines


def test_owners_written_with_no_letter_or_digit_are_not_taken_for_one_another(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Names compared by their letters and digits: two with none ('?' and '—') are not one
    name written two ways."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: ask-legal, title: Ask legal about FOI, owner: '?', due: 2024-04-01}\n"
        "  - {id: ask-press, title: Ask the press office, owner: '—', due: 2024-04-01}\n",
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert not any("is written" in line for line in run.problem_lines), run.problem_lines


def test_theme_pages(built_minimal: Path) -> None:
    index = read_page(built_minimal, "themes/index.html")
    assert "FOI implications" in index.text
    assert "2 meetings (FOI implications) · 0 outstanding actions" in index.text
    theme = read_page(built_minimal, "themes/permission-to-engage/index.html")
    text = theme.text
    meetings = text[text.index("Meetings on this theme") :]
    assert meetings.index("Third meeting") < meetings.index("Reporting back")  # newest first
    # outstanding actions come first, with links to the theme's lists in the tracker
    assert text.index("Write guidance on engaging online") < text.index("Meetings on this theme")
    assert "../../actions/by-theme/permission-to-engage/" in theme.links
    foi = read_page(built_minimal, "themes/foi-implications/index.html")
    assert "../../actions/by-theme/foi-implications/closed/" in foi.links


def test_a_theme_s_timeline_marks_where_each_year_begins_and_says_what_it_shows_of_it(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """FOI implications came up in May 2022, November 2023 and in two of the three months
    the group met in 2024: its timeline, from May 2022 to March 2024 (22 months between its
    first tick and its last), has a line through the Januaries of 2023 and 2024, where their
    ticks are (the group met in neither), and under it the years, labelled there (2022 where
    the strip begins), each saying to a screen reader what the strip shows of it and in which
    months. On a strip 8em wide (a phone's,
    with the text twice its size) 2022 and 2024 fit, 2023's label between them from 18em."""
    for day in ("2022-05-09", "2023-11-13"):
        (minimal_site / f"content/meetings/{day}-earlier.md").write_text(
            f"---\ntitle: Earlier\ndate: {day}\nthemes: [foi-implications]\n---\nText.\n"
        )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    html = (out / "themes/foi-implications/index.html").read_text()
    # 8 + 584 * 8 / 22 and 8 + 584 * 20 / 22, rounded as the ticks are, of the picture's 600
    assert '<path d="M220 0v30M539 0v30" class="timeline-year"' in html
    marks = html[html.index("<ol class=") : html.index("</ol>") + len("</ol>")]
    assert marks == (
        '<ol class="timeline-years" aria-label="Years on the timeline">\n'
        '    <li class="timeline-year-always" style="--at: 0.00%">2022<span class="visually-'
        'hidden">: on this theme in the one month the group met (May)</span></li>\n'
        '    <li class="timeline-year-narrow" style="--at: 36.67%">2023<span class="visually-'
        'hidden">: on this theme in the one month the group met (November)</span></li>\n'
        '    <li class="timeline-year-always" style="--at: 89.83%">2024<span class="visually-'
        'hidden">: on this theme in 2 of the 3 months the group met (January and February)'
        "</span></li>\n"
        "  </ol>"
    )


def test_a_screen_reader_hears_which_theme_each_of_the_themes_pages_counts_is_of(
    built_minimal: Path,
) -> None:
    """In a screen reader's list of links, each theme's "2 meetings" and "1 outstanding
    action" name the theme they count (as the owners' list names its owner), so no two links
    of the page share a name and lead to different places."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring((built_minimal / "themes/index.html").read_text())
    main = tree.find(".//main")
    leads: dict[str, set[str]] = {}
    for a in main.iter("a"):
        leads.setdefault(" ".join(a.text_content().split()), set()).add(a.get("href"))
    assert {name: hrefs for name, hrefs in leads.items() if len(hrefs) > 1} == {}
    assert "2 meetings (Permission to engage)" in leads
    assert "1 outstanding action (Permission to engage)" in leads


def test_the_themes_pages_counts_lead_to_the_lists_they_count(built_minimal: Path) -> None:
    """Each theme's "2 meetings" leads to the list of them on its page, and "1 outstanding
    action" to its list in the tracker; a count of none leads nowhere, with no list to show."""
    html = (built_minimal / "themes/index.html").read_text()
    assert (
        '<p class="meta"><a href="permission-to-engage/#timeline-heading">2 meetings<span '
        'class="visually-hidden"> (Permission to engage)</span></a> ·&nbsp;<a href="../actions/'
        'by-theme/permission-to-engage/">1 outstanding action<span class="visually-hidden"> '
        "(Permission to engage)</span></a></p>"
    ) in html
    assert (
        '<p class="meta"><a href="foi-implications/#timeline-heading">2 meetings<span '
        'class="visually-hidden"> (FOI implications)</span></a> ·&nbsp;0 outstanding actions</p>'
    ) in html
    assert (
        'id="timeline-heading">Meetings on this theme (2)'
        in (built_minimal / "themes/permission-to-engage/index.html").read_text()
    )
    tracker = read_page(built_minimal, "actions/by-theme/permission-to-engage/index.html")
    assert "Write guidance on engaging online" in tracker.text


def test_principles_page_links_meetings_that_discussed_each(built_minimal: Path) -> None:
    page = read_page(built_minimal, "principles/index.html")
    assert {"principle-listen-first", "principle-use-web-data"} <= page.ids
    assert "These are suggested and will change." in page.text
    assert "../meetings/2024-01-15-kick-off/" in page.links


# A link whose words count none: "Closed (0)", "0 closed", "0 overdue".
_COUNT_OF_NONE = re.compile(r"\(0\)|(?<![\d,.])\b0 [a-z]")


def links_counting_none(site: Path) -> list[str]:
    """Every link of every page of `site` whose words count none, with its page (but a
    filter's link to the page it is on, marked so)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for link in lxml.html.fromstring(page.read_bytes()).iter("a"):
            if link.get("aria-current") == "page":
                continue
            words = " ".join(link.text_content().split())
            if _COUNT_OF_NONE.search(words):
                found.append(f"{page.relative_to(site)}: {words}")
    return found


def test_a_count_of_none_is_text_not_a_link_to_an_empty_list(
    built_minimal: Path, minimal_site: Path, capsys, monkeypatch
) -> None:
    """No page of any kind links a count of none (the owners' and the themes' "0 closed", the
    tracker's filters and summary, the register's filter, the home page's glance): each is
    text, as the themes page and a theme's page have it; a count of some stays a link, and a
    filter stays the link marking the page it is on."""
    assert links_counting_none(built_minimal) == []
    owners = (built_minimal / "actions/by-owner/index.html").read_text()
    assert '<li><a href="grace/">Grace</a>: 1 outstanding ·&nbsp;0 closed</li>' in owners
    themes = (built_minimal / "actions/by-theme/index.html").read_text()
    assert "1 outstanding ·&nbsp;0 closed</li>" in themes
    grace = (built_minimal / "actions/by-owner/grace/index.html").read_text()
    assert "<li>Closed (0)</li>" in grace
    assert ", 0 closed.</p>" in grace  # the summary
    assert '<li><a href="overdue/">Overdue (1)</a></li>' in grace
    # every action done: the home page's glance, the tracker's counts of none as text
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "status: in-progress",
        "status: done",
    )
    out = minimal_site / "_site"
    argv = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(argv, capsys, monkeypatch).code == 0
    assert links_counting_none(out) == []
    home = (out / "index.html").read_text()
    assert "<dd>0 outstanding, 0 overdue</dd>" in home
    tracker = (out / "actions/index.html").read_text()
    assert ": 0 outstanding, 0 overdue, " in tracker
    assert "<li>Overdue (0)</li>" in tracker


def test_each_principle_is_a_heading_at_its_anchor(built_minimal: Path) -> None:
    """A screen reader moves from principle to principle by heading: one h2 per principle, in
    order, its words, first in its list item, with the id the links to it name (and search's
    results: Pagefind makes a result of each heading with an id)."""
    document = html5lib.parse(
        (built_minimal / "principles/index.html").read_text(), namespaceHTMLElements=False
    )
    [main] = document.iter("main")
    assert [h.tag for h in main.iter() if h.tag in ("h1", "h2", "h3")] == ["h1", "h2", "h2"]
    items = document.findall(".//ol[@class='principles']/li")
    assert [(li[0].get("id"), li[0].tag, li[0].text) for li in items] == [
        ("principle-listen-first", "h2", "Listen before you speak."),
        ("principle-use-web-data", "h2", "Use the data the web already holds."),
    ]
    meeting = read_page(built_minimal, KICK_OFF)
    assert "../../principles/#principle-listen-first" in meeting.links


def test_principles_page_dates_the_meetings_that_discussed_each(built_minimal: Path) -> None:
    text = read_page(built_minimal, "principles/index.html").text
    assert (
        "Discussed at: Reporting back, 12 February 2024 Kick-off: first meeting, 15 January 2024"
    ) in text


def test_a_retired_principle_comes_after_the_others_under_a_heading_at_its_anchor(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The numbered list holds the principles the group works by; a retired one follows
    under "Retired principles", still a heading (a level down) with its anchor, which links
    to it name."""
    edit(
        minimal_site,
        "content/principles.md",
        "  - id: listen-first\n",
        "  - id: listen-first\n    status: retired\n",
    )
    out = minimal_site / "_site"
    run = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    document = html5lib.parse(
        (out / "principles/index.html").read_text(), namespaceHTMLElements=False
    )
    [main] = document.iter("main")
    headings = [(h.tag, h.get("id"), h.text) for h in main.iter() if h.tag in ("h2", "h3")]
    assert headings == [
        ("h2", "principle-use-web-data", "Use the data the web already holds."),
        ("h2", "retired-principles", "Retired principles"),
        ("h3", "principle-listen-first", "Listen before you speak."),
    ]
    numbered = document.findall(".//ol[@class='principles']/li")
    assert [li[0].get("id") for li in numbered] == ["principle-use-web-data"]
    meeting = read_page(out, KICK_OFF)
    assert "../../principles/#principle-listen-first" in meeting.links


def test_pages_are_accessible_landmarks(built_minimal: Path) -> None:
    for name in ["index.html", KICK_OFF, "actions/index.html", "404.html"]:
        page = read_page(built_minimal, name)
        assert len(page.find_all("h1")) == 1, name
        assert page.find_all("main", id="main"), name
        assert page.find_all("a", href="#main"), name
        assert page.find_all("html", lang="en"), name


def test_every_internal_link_resolves(built_minimal: Path) -> None:
    assert broken_links(built_minimal) == []


def test_home_page_answers_the_first_questions(built_minimal: Path) -> None:
    page = read_page(built_minimal, "index.html")
    text = " ".join(page.text.split())
    assert "Latest meeting Third meeting, 11 March 2024" in text
    assert "Next meeting Not announced yet" in text
    assert "Actions 1 outstanding, 1 overdue" in text
    assert "actions/" in page.links and "actions/by-status/overdue/" in page.links
    assert "Latest meeting" not in read_page(built_minimal, "page/2/index.html").text


def test_accessibility_statement_is_built_from_settings_and_linked_from_every_page(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    with (minimal_site / "site.yml").open("a") as settings:
        settings.write(
            "accessibility:\n  contact: mailto:access@example.org\n  last_tested: 2024-03-01\n"
        )
    out = tmp_path / "out"
    args = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(args, capsys, monkeypatch).code == 0
    statement = read_page(out, "accessibility/index.html")
    text = " ".join(statement.text.split())
    assert "WCAG) version 2.2 at level AA" in text
    assert "last tested on 1 March 2024" in text
    assert "mailto:access@example.org" in statement.links
    assert "axe-core" in text and "phone widths (320 and 390 pixels)" in text
    assert "best practices" in text and "title is bold text with a link, not a heading" in text
    # what was tested is pages: the feeds and calendars are not, and are said not to be
    html = (out / "accessibility/index.html").read_text()
    tested = html[html.index("The pages tested are:") : html.index("Automated checks")]
    assert "<li>the page that lists the feeds and calendars to follow</li>" in tested
    assert "<li>the feeds and calendars</li>" not in tested
    assert "The feeds and calendars themselves are files that a feed reader or calendar app" in text
    assert "not pages of this site: these tests do not cover them." in text
    for path in out.rglob("*.html"):
        if "pagefind" in path.parts:
            continue
        links = read_page(out, path.relative_to(out).as_posix()).links
        assert any(link.endswith("accessibility/") for link in links), path


def test_an_owners_name_leads_to_their_actions_wherever_an_action_shows_it(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """On an action's page, in the tracker, on meeting pages and in the agenda pack an owner's
    name links to their list of actions, and an earlier owner with no action now to their
    page that says who has each now; "Unassigned" and the owner on their own list are text. A
    rebuild after the handover that leaves an owner with no action makes the same pages as a
    fresh build."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    kick_off_file = "content/meetings/2024-01-15-kick-off.md"
    edit(minimal_site, kick_off_file, "owner: All members", "owner: Alan")
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: done\n",
        "    status: done\n    owner: Grace\n",
    )
    first = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(first, capsys, monkeypatch).code == 0
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nnext_meeting: 2024-04-08\nactions:\n"
        "  - id: ask-legal\n    title: Ask legal\n    owner: [ ]\n"
        "  - id: write-guidance\n    owner: Grace\n    due: 2024-04-01\n",
    )
    for folder in (out, fresh):
        build = ["build", "--source", str(minimal_site), "--output", str(folder)]
        assert run_cli(build, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)

    grace = '<a href="../../actions/by-owner/grace/">Grace</a>'
    action = (out / "actions/write-guidance/index.html").read_text()
    assert f"<dt>Owner</dt><dd>{grace}</dd>" in action
    # Alan has no action left: his name leads to the page that says who has each now
    alan = '<a href="../../actions/by-owner/alan/">Alan</a>'
    assert f"Owners: {grace}, {alan}" in action  # (more than one)
    handed_over = (out / "actions/live-policy-issue/index.html").read_text()
    assert f"Owner: {alan}" in handed_over and f"Owner: {grace}" in handed_over
    # the meetings' tables: whose it was then, and now; whose it was before it was handed on
    kick_off = (out / KICK_OFF).read_text()
    assert f'"Owners">{grace}, {alan}<p class="owners-now">Now {grace}</p></td>' in kick_off
    reporting = (out / REPORTING).read_text()
    assert f'"Owner">{grace}<p class="handed-on">Handed on from {alan}</p></td>' in reporting
    tracker = (out / "actions/index.html").read_text()
    assert (
        '"Owner"><a href="../actions/by-owner/grace/">Grace</a>'
        '<p class="handed-on">Handed on from Alan, 11 March 2024</p></td>'
    ) in tracker
    assert '"Owner">Unassigned</td>' in tracker
    pack = (out / "next/index.html").read_text()
    assert (
        '<h3><span class="named"><a href="../actions/by-owner/grace/">Grace</a></span></h3>' in pack
    )
    own_list = (out / "actions/by-owner/grace/index.html").read_text()
    assert '"Owner">Grace<p class="handed-on">Handed on from Alan, 11 March 2024</p></td>' in (
        own_list
    )
    assert 'href="../../../actions/by-owner/grace/"' not in own_list
    # Alan's list is a page saying his actions went to others, for a link to it already sent
    alan = (out / "actions/by-owner/alan/index.html").read_text()
    assert "Alan has no actions now: 2 actions were given to someone else." in alan
    assert broken_links(out) == []


def test_a_theme_pages_tags_name_its_own_theme_without_linking_to_itself(
    built_minimal: Path,
) -> None:
    """On a theme's page, its meetings' and decisions' tags show that theme as text (a link
    to the page the reader is on leads nowhere) and the other themes as links."""
    html = (built_minimal / "themes/foi-implications/index.html").read_text()
    assert 'href="./"' not in html
    assert '<span class="tag">FOI implications</span>' in html
    assert '<a class="tag" href="../permission-to-engage/">Permission to engage</a>' in html
    other = (built_minimal / "themes/permission-to-engage/index.html").read_text()
    assert '<a class="tag" href="../foi-implications/">FOI implications</a>' in other


def test_a_body_opening_with_its_own_discussion_heading_gets_no_second_one(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """After "Since the last meeting" a meeting's text is headed "Discussion", unless the
    writer opens it with that heading (in any case): then the page and its feed entry have
    the writer's alone. Text before the writer's heading is headed "Summary", so that it is
    not read as part of what changed and no "Discussion" shows twice. A later body edit that
    moves text before the heading makes the page and feed as a build from nothing does."""
    reporting = "content/meetings/2024-02-12-reporting-back.md"
    edit(minimal_site, reporting, "title: Reporting back\n", "title: Reporting back\nsummary: S.\n")
    edit(minimal_site, reporting, "Members reported", "## DISCUSSION\n\nMembers reported")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = (out / REPORTING).read_text()
    assert 'id="since-heading"' in page and 'id="discussion-heading"' not in page
    assert page.count(">DISCUSSION</h2>") == 1 and page.count(">Discussion</h2>") == 0
    entry = (out / "feed.xml").read_text().split("<entry>")[2]  # newest first: the second
    assert "Reporting back" in entry
    assert entry.count("DISCUSSION&lt;/h2&gt;") == 1 and "Discussion&lt;/h2&gt;" not in entry

    edit(minimal_site, reporting, "## DISCUSSION", "We met online.\n\n## DISCUSSION")
    assert run_cli(build, capsys, monkeypatch).code == 0
    fresh_build = ["build", "--source", str(minimal_site), "--output", str(fresh), "--no-cache"]
    assert run_cli(fresh_build, capsys, monkeypatch).code == 0
    assert snapshot(out) == snapshot(fresh)
    page = (out / REPORTING).read_text()
    assert page.index('<h2 id="summary-heading">Summary</h2>') < page.index("We met online")
    assert page.index("We met online") < page.index(">DISCUSSION</h2>")
    assert page.count(">DISCUSSION</h2>") == 1 and page.count(">Discussion</h2>") == 0
    entry = (out / "feed.xml").read_text().split("<entry>")[2]
    assert entry.index("Summary&lt;/h2&gt;") < entry.index("We met online")
    assert entry.count("DISCUSSION&lt;/h2&gt;") == 1 and "Discussion&lt;/h2&gt;" not in entry


def test_a_meeting_s_page_names_the_later_meeting_that_closed_an_action_it_raised(
    built_minimal: Path,
) -> None:
    """Raised at the kick-off and reported done at the meeting after it: the kick-off's
    page says where it was done, the meeting linked, in a cell a screen reader reads alone
    ("Status now: Done at Reporting back, 12 February 2024"); an action still open says
    only its status now."""
    html = (built_minimal / KICK_OFF).read_text()
    row = html.split('id="raised-live-policy-issue"')[1].split("</tr>")[0]
    cell = row.split('data-label="Status now"')[1].split("</td>")[0]
    assert cell == (
        ' data-pagefind-ignore><span class="badge badge-done">Done</span> at '
        '<a href="../2024-02-12-reporting-back/">Reporting back</a>, '
        '<time datetime="2024-02-12">12 February 2024</time>'
    )
    assert "Done at Reporting back, 12 February 2024" in read_page(built_minimal, KICK_OFF).text
    open_row = html.split('id="raised-write-guidance"')[1].split("</tr>")[0]
    assert "</span> at <a" not in open_row


def test_actions_raised_are_listed_in_the_order_the_meeting_s_file_gives_them(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The secretary's order, not the ids' (which readers never see): on the meeting's page
    and its feed entry. (The tracker keeps its own order, by due date.)"""
    live = (
        "  - id: live-policy-issue\n    title: Think of a live policy issue\n"
        "    owner: All members\n    due: 2024-02-12\n    themes: [foi-implications]\n"
    )
    kick_off = "content/meetings/2024-01-15-kick-off.md"
    edit(minimal_site, kick_off, live, "")
    edit(minimal_site, kick_off, "next_meeting:", f"{live}next_meeting:")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    raised = (out / KICK_OFF).read_text().split('id="raised-heading"')[1]
    # its heading says it once: the table's caption, which says it again, is for screen readers
    caption = '<caption class="visually-hidden" data-pagefind-ignore>Actions raised at this meeting'
    assert caption in raised
    # the region: its section and its columns, not the caption
    region = 'role="region" aria-label="Actions raised. Table: Action, Status then, Status now, '
    assert region + 'Owner, Due"' in raised
    assert raised.index("Write guidance on engaging") < raised.index("Think of a live policy")
    entry = (out / "feed.xml").read_text().split("<entry>")[-1]  # newest first: the kick-off
    assert entry.index("Write guidance on engaging") < entry.index("Think of a live policy")


def test_a_retired_theme_keeps_its_page_and_meetings_and_leaves_the_agenda_pack(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    theme = minimal_site / "content/themes/foi-implications.md"
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    quiet = '<li><a href="../themes/foi-implications/">FOI implications</a>: last discussed'
    assert quiet in (out / "next/index.html").read_text()
    theme.write_text(theme.read_text().replace("title:", "retired: true\ntitle:"))
    assert run_cli(build, capsys, monkeypatch).code == 0
    assert "FOI implications" not in (out / "next/index.html").read_text()
    themes = read_page(out, "themes/index.html")
    assert "Retired 2 meetings (FOI implications) · 0 outstanding actions" in themes.text
    assert themes.text.count("Retired") == 1
    assert themes.text.index("Permission to engage") < themes.text.index("FOI implications")
    page = read_page(out, "themes/foi-implications/index.html")
    assert "Retired The group no longer discusses this theme" in page.text
    assert "../../meetings/2024-01-15-kick-off/" in page.links
    assert "FOI implications" in read_page(out, "meetings/2024-01-15-kick-off/index.html").text


def test_a_retired_theme_is_marked_retired_in_the_trackers_the_registers_and_searchs_filters(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A reader choosing a theme to filter by sees which one the group no longer discusses;
    its closed actions, its decisions and its meetings stay a choice away."""
    theme = minimal_site / "content/themes/foi-implications.md"
    theme.write_text(theme.read_text().replace("title:", "retired: true\ntitle:"))
    edit(
        minimal_site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting: 2024-02-12\n",
        "next_meeting: 2024-02-12\ndecisions:\n  - id: answer-foi-quickly\n"
        "    text: We answer FOI requests quickly\n    themes: [foi-implications]\n",
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    tracker = read_page(out, "actions/by-theme/index.html")
    assert "FOI implications (retired): 0 outstanding · 1 closed" in tracker.text
    assert "Permission to engage: 1 outstanding" in tracker.text
    register = (out / "decisions/index.html").read_text()
    assert (
        '<a href="by-theme/foi-implications/"><span class="visually-hidden">Decisions on </span>'
        "FOI implications (retired) (1)</a>"
    ) in register
    meeting = (out / "meetings/2024-02-12-reporting-back/index.html").read_text()
    assert 'data-pagefind-filter="Theme:FOI implications (retired)">FOI implications</a>' in meeting
    assert 'data-pagefind-filter="Theme:Permission to engage">Permission to engage</a>' in meeting
    page = (out / "themes/foi-implications/index.html").read_text()
    assert '<h1 data-pagefind-filter="Theme:FOI implications (retired)"' in page


def test_a_theme_s_later_page_says_which_page_it_is_in_its_heading(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A theme's later page of meetings says which page it is in its `<h1>`, as in its
    `<title>` (and as the tracker's later pages do); its search filter stays the theme's
    title alone. On a Welsh site the title is read in Welsh, the page's number in English."""
    edit(minimal_site, "site.yml", "page_size: 2", "page_size: 1")
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    filed = 'data-pagefind-filter="Theme:FOI implications"'
    first = (out / "themes/foi-implications/index.html").read_text()
    assert (
        f'<h1 {filed} data-pagefind-weight="10"><span lang="cy">FOI implications</span></h1>'
    ) in first
    second = (out / "themes/foi-implications/page/2/index.html").read_text()
    assert f'<h1 {filed}><span lang="cy">FOI implications</span>, page 2 of 2</h1>' in second
    assert "<title>FOI implications, page 2 of 2 – Minimal group</title>" in second
    [heading] = lxml.html.fromstring(second).xpath("//h1")
    assert next(e.get("lang") for e in heading.iterancestors() if e.get("lang")) == "en"
    # Its meetings' tags name the theme as text, as on its first page: no link back to it.
    tags = lxml.html.fromstring(second).xpath("//main//*[@class='tag']")
    assert [(tag.tag, tag.text_content()) for tag in tags] == [("span", "FOI implications")]


NAMED_TABLE = (
    "A short third meeting.\n\nTable: Votes on the options\n"
    "| Option | Votes |\n| --- | --- |\n| Publish | 5 |\n"
)


def test_a_table_in_a_meetings_text_is_named_by_the_table_line_its_writer_puts_over_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A line "Table: Votes on the options" over a table in a meeting's text is the table's
    caption, shown over it: a screen reader names the table by it (its scroll region keeps
    its name, "Table:" and the columns). A page with no table is as it was."""
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    before = (out / "meetings/2024-01-15-kick-off/index.html").read_bytes()
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "A short third meeting.\n",
        NAMED_TABLE,
    )
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = lxml.html.fromstring((out / "meetings/2024-03-11-third/index.html").read_text())
    (table,) = page.xpath("//main//table[.//td = 'Publish']")
    assert table.getparent().get("aria-label") == "Table: Option, Votes"  # as it was
    assert table[0].tag == "caption" and table[0].text == "Votes on the options"
    assert not page.xpath("//main//p[starts-with(., 'Table:')]")
    assert (out / "meetings/2024-01-15-kick-off/index.html").read_bytes() == before


WELSH_FOOTNOTE = "Cyfarfod byr.[^1]\n\n[^1]: Troednodyn y cadeirydd.\n"


def read_in(element: lxml.html.HtmlElement) -> str:
    """The language a screen reader reads `element` (and its name) in: the `lang` of it or of
    the nearest element around it that has one."""
    return next(e.get("lang") for e in [element, *element.iterancestors()] if e.get("lang"))


def test_on_a_welsh_site_the_footnotes_words_nominutes_gives_are_read_in_english(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a site with `language: cy` the heading "Footnotes" a screen reader hears and the
    footnote links' names ("Footnote 1", "Back to reference 1") are marked English, on the
    meeting's page and in its feed entry; the writer's footnote stays Welsh. An English site's
    footnotes are as they were."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "A short third meeting.\n",
        WELSH_FOOTNOTE,
    )
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    english = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert '<a aria-label="Footnote 1" href="#fn1" id="fnref1">[1]</a>' in english
    assert '<h2 class="visually-hidden" data-pagefind-ignore>Footnotes</h2>' in english
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = lxml.html.fromstring((out / "meetings/2024-03-11-third/index.html").read_text())
    (notes,) = page.xpath("//section[@class='footnotes']")
    (heading,) = notes.xpath("./h2")
    assert (heading.text, read_in(heading)) == ("Footnotes", "en")
    named = {link.get("aria-label"): read_in(link) for link in page.xpath("//a[@aria-label]")}
    assert named["Footnote 1"] == named["Back to reference 1"] == "en"
    (note,) = notes.xpath(".//li/p")
    assert (note.text.strip(), read_in(note)) == ("Troednodyn y cadeirydd.", "cy")
    (said,) = page.xpath("//p[starts-with(., 'Cyfarfod byr.')]")
    assert read_in(said) == "cy"
    entry = (out / "feed.xml").read_text().split("<entry>")[1]  # the third meeting's
    assert '&lt;a lang="en" aria-label="Footnote 1" href="#fn1"' in entry
    assert '&lt;a lang="en" aria-label="Back to reference 1" href="#fnref1"' in entry
    assert '&lt;h2 lang="en" class="visually-hidden" data-pagefind-ignore&gt;Footnotes' in entry


def test_a_theme_retired_is_strictly_true_or_false(minimal_site: Path, capsys, monkeypatch) -> None:
    theme = minimal_site / "content/themes/foi-implications.md"
    theme.write_text(theme.read_text().replace("title:", "retired: yes\ntitle:"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    errors = [line for line in run.problem_lines if ": error: " in line]
    assert errors[0].startswith("content/themes/foi-implications.md:2:10: error:")


def _region_names(html: str) -> list[tuple[str, str]]:
    """Each region's accessible name (its aria-label, or the text of what aria-labelledby
    points at) beside the text of the heading just before it in the page."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)

    def text(element) -> str:  # type: ignore[no-untyped-def]
        return " ".join(element.text_content().split())

    found = []
    for region in tree.xpath("//*[@role='region']"):
        label = region.get("aria-label")
        if label is None:
            ids = region.get("aria-labelledby", "").split()
            label = " ".join(text(tree.get_element_by_id(i)) for i in ids)
        before = region.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")
        found.append((" ".join(label.split()), text(before[0]) if before else ""))
    return found


def test_no_table_region_is_named_by_the_heading_just_before_it(built_sample: Path) -> None:
    """A table's scroll region says something the heading before it has not just said (a
    screen reader reads the heading, then the region's name): an action table's, its columns
    (the heading or a caption names the table itself), after its section's heading where
    another region on the page may have the same columns."""
    repeated, regions = [], 0
    for page in sorted(built_sample.rglob("*.html")):
        for name, heading in _region_names(page.read_text(encoding="utf-8")):
            regions += 1
            assert name, page
            if name == heading:
                repeated.append((str(page.relative_to(built_sample)), name))
    assert regions > 20
    assert repeated == []
    meeting = (built_sample / "meetings/2013-06-12-first-working-group/index.html").read_text()
    columns = "Actions raised. Table: Action, Status then, Status now, Owner, Due"
    assert (columns, "Actions raised") in _region_names(meeting)
    tracker = (built_sample / "actions/index.html").read_text()
    columns = "Table: Action, Status, Owner, Due, Raised at, Last update"
    assert _region_names(tracker)[0][0] == columns


def test_each_table_region_on_a_page_has_a_name_no_other_on_it_has(built_sample: Path) -> None:
    """A reader moving from landmark to landmark, who has heard no heading, can tell the
    regions of a page's tables apart by their names: the agenda pack's owners' tables, and a
    meeting's tables of actions reported back and updated, which have the same columns."""
    alike = {}
    for page in sorted(built_sample.rglob("*.html")):
        names = [name for name, _ in _region_names(page.read_text(encoding="utf-8"))]
        if len(set(names)) < len(names):
            alike[str(page.relative_to(built_sample))] = names
    assert alike == {}
    pack = (built_sample / "next/index.html").read_text(encoding="utf-8")
    assert [name for name, _ in _region_names(pack)] == [
        "Due from Beccy. Table: Action, Status, Due, Raised at",
        "Due from Mike. Table: Action, Status, Due, Raised at",
    ]
    meeting = built_sample / "meetings/2013-09-11-departmental-digital-strategies/index.html"
    columns = "Table: Action, Status then, Status now, Owner, Due"
    assert _region_names(meeting.read_text(encoding="utf-8")) == [
        (f"Reported back. {columns}, Raised at", "Reported back"),
        (f"Actions raised. {columns}", "Actions raised"),
        (f"Actions updated. {columns}, Raised at", "Actions updated"),
    ]


def test_an_action_with_no_themes_of_its_own_is_on_the_themes_of_the_meeting_that_raised_it(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Theme pages, the themes page's counts, the tracker's lists by theme and the exports
    agree: an action raised with no `themes:` takes its meeting's; its own (an empty list
    too) still win."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - id: ask-comms\n    title: Ask the comms team what we may post\n    owner: Grace\n"
        "  - id: book-room\n    title: Book a room for April\n    owner: Alan\n    themes: []\n",
    )
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    theme = read_page(out, "themes/permission-to-engage/index.html")
    assert "../../actions/ask-comms/" in theme.links
    assert "../../actions/book-room/" not in theme.links
    themes = read_page(out, "themes/index.html")
    assert (
        "2 meetings (Permission to engage) · 2 outstanding actions (Permission to engage)"
        in themes.text
    )
    listed = read_page(out, "actions/by-theme/permission-to-engage/index.html")
    assert "../../../actions/ask-comms/" in listed.links
    action = read_page(out, "actions/ask-comms/index.html")
    assert "../../themes/permission-to-engage/" in action.links
    exported = {a["id"]: a for a in json.loads((out / "actions.json").read_text())["actions"]}
    assert exported["ask-comms"]["themes"] == ["permission-to-engage"]
    assert exported["book-room"]["themes"] == []


def test_the_headers_link_to_a_section_is_read_as_the_current_page_only_on_that_page(
    built_minimal: Path,
) -> None:
    """A screen reader hears "current page" on the header's "Actions" on the tracker itself,
    and "current" (the section it is in) on an action's page or a filtered list, where
    following the link leads elsewhere: so too "Meetings" on a meeting's page."""

    def marked(path: str) -> list[tuple[str, str]]:
        links = read_page(built_minimal, path).find_all("a")
        return [(a["href"], a["aria-current"]) for a in links if "aria-current" in a]

    assert marked("index.html") == [("./", "page")]
    # the tracker's filters mark the list shown as the page (they lead to it)
    assert marked("actions/index.html") == [("../actions/", "page"), ("./", "page")]
    assert marked("actions/by-status/open/index.html") == [
        ("../../../actions/", "true"),
        ("./", "page"),
    ]
    assert marked("actions/write-guidance/index.html") == [("../../actions/", "true")]
    assert marked("meetings/2024-01-15-kick-off/index.html") == [("../../", "true")]
    assert marked("decisions/index.html") == [("../decisions/", "page"), ("./", "page")]
    assert marked("themes/foi-implications/index.html") == [("../../themes/", "true")]


def test_a_principle_on_the_agenda_of_a_meeting_not_held_yet_says_so(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """On 7 April 2024 the principles page lists the meeting of 8 April, published ahead with
    its agenda, among those that discussed a principle, saying it is not held yet (as the
    lists of meetings do), not as though it had discussed it; so does the principle's page of
    every meeting that discussed it. From its day they say nothing of it (the second build,
    which keeps the pages that did not change, makes both again)."""
    draft = "content/meetings/2024-04-08-draft.md"
    edit(minimal_site, draft, "draft: true", "principles: [listen-first]")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    for epoch, said in (("1712487600", " (upcoming: not held yet)"), ("1712577600", "")):
        assert run_cli(build, capsys, monkeypatch, epoch).code == 0
        listed = f"Not yet agreed, 8 April 2024{said} Reporting back, 12 February 2024"
        assert listed in read_page(out, "principles/index.html").text
        assert listed in read_page(out, "principles/listen-first/index.html").text


def test_a_body_opening_with_a_heading_of_its_own_gets_no_empty_discussion_heading(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """An agenda written ahead that opens with "## Agenda" is headed by it alone: no
    "Discussion" heading with nothing under it comes first, on the page or in its feed entry,
    for a screen reader moving by heading to land on. A body opening with a lesser heading
    still has "Discussion" over it, to keep it apart from what changed."""
    reporting = "content/meetings/2024-02-12-reporting-back.md"
    edit(minimal_site, reporting, "Members reported", "## Agenda\n\n1. Reports\n\nMembers reported")
    out = tmp_path / "out"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = (out / REPORTING).read_text()
    assert 'id="since-heading"' in page and ">Discussion</h2>" not in page
    assert page.index('id="since-heading"') < page.index(">Agenda</h2>")
    entry = (out / "feed.xml").read_text().split("<entry>")[2]
    assert "Reporting back" in entry and "Discussion&lt;/h2&gt;" not in entry
    assert "Agenda&lt;/h2&gt;" in entry

    edit(minimal_site, reporting, "## Agenda", "### Agenda")
    assert run_cli(build, capsys, monkeypatch).code == 0
    page = (out / REPORTING).read_text()
    assert page.index('<h2 id="discussion-heading">Discussion</h2>') < page.index(">Agenda</h3>")


def test_a_themes_empty_action_list_is_named_with_its_count_not_linked(
    built_minimal: Path,
) -> None:
    """A theme's page names the tracker's lists of its actions with their counts, and links
    only those with something in them: a link to an empty list leads a reader nowhere."""
    foi = read_page(built_minimal, "themes/foi-implications/index.html")
    engage = read_page(built_minimal, "themes/permission-to-engage/index.html")
    assert "Outstanding actions on FOI implications in the tracker (0)" in foi.text
    assert not foi.find_all("a", href="../../actions/by-theme/foi-implications/")
    assert foi.find_all("a", href="../../actions/by-theme/foi-implications/closed/")
    assert "Closed actions on Permission to engage (0)" in engage.text
    assert not engage.find_all("a", href="../../actions/by-theme/permission-to-engage/closed/")
    assert engage.find_all("a", href="../../actions/by-theme/permission-to-engage/")


@pytest.mark.parametrize("language", ["cy", "en-GB"])
def test_the_generators_own_words_are_read_as_english_on_a_site_in_another_language(
    language: str, minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site (`language: cy`) the header's links, the search box and the footer's
    links, nominutes' own words, are marked English, so that a screen reader does not read
    them in a Welsh voice; the group's own words (its site's title and description, a
    meeting's title and text) are read in Welsh. On an English site nothing is marked but
    the page."""
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + f"language: {language}\n")
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    page = out / "meetings/2024-02-12-reporting-back/index.html"
    said = text_by_language(page)
    english = "en" if language == "cy" else language
    for words in (
        "Skip to main content",
        "Meetings",
        "Actions",
        "Search",
        "Follow every meeting by feed or calendar",
        "Accessibility statement",
    ):
        assert said[words] == english, words
    for words in ("Minimal group", "A small site the tests build.", "Reporting back"):
        assert said[words] == language, words
    assert said["Members reported back on the"] == language  # its text
    if language != "cy":
        assert page.read_text().count(" lang=") == 1  # the page's alone


def _feed_entries(feed: bytes) -> dict[str, str]:
    """Each entry's HTML content in an Atom `feed`, by its title, inside an element with
    the feed's `xml:lang`, as a feed reader that honours it shows the entry."""
    atom = "{http://www.w3.org/2005/Atom}"
    root = lxml.etree.fromstring(feed)
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return {
        entry.findtext(
            f"{atom}title"
        ): f'<div lang="{language}">{entry.findtext(f"{atom}content")}</div>'
        for entry in root.iter(f"{atom}entry")
    }


def test_nominutes_words_in_the_feeds_entries_are_read_as_english_and_the_members_as_welsh(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site a meeting's feed entry and a decision's mark nominutes' own words
    English, as its pages do ("Since the last meeting", "Decided", "Actions", "Decided at"),
    and the members' among them Welsh (a decision's words, an action's title, a meeting's
    title, an owner's name); its text stays Welsh. On an English site nothing is marked."""
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "actions:\n",
        "decisions:\n  - {id: notes-not-minutes, text: Nodiadau nid cofnodion}\nactions:\n",
    )
    edit(  # handed on: the names in nominutes' words
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n    owner: Siân\n",
    )
    out = minimal_site / "_site"
    command = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(command, capsys, monkeypatch).code == 0
    english = _feed_entries((out / "feed.xml").read_bytes())["Reporting back"]
    assert " lang=" not in english.removeprefix('<div lang="en">')
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    assert run_cli(command, capsys, monkeypatch).code == 0
    entry = _feed_entries((out / "feed.xml").read_bytes())["Reporting back"]
    said = text_by_language(entry)
    for words in ("Since the last meeting", "Decided", "Actions"):
        assert said.get(words) == "en", words
    for words in (
        "Nodiadau nid cofnodion",
        "Think of a live policy issue",
        "Write guidance on engaging online",
        "Siân",
        "Members reported back on the",
    ):
        assert said.get(words) == "cy", words
    decision = _feed_entries((out / "decisions/feed.xml").read_bytes())["Nodiadau nid cofnodion"]
    said = text_by_language(decision)
    assert said.get("Decided at") == "en"
    assert said.get("Reporting back") == "cy"


def test_nominutes_words_inside_pages_are_read_as_english_and_the_members_as_welsh(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site the headings, labels, table headers, status words and dates that
    nominutes writes inside a meeting's, a theme's, the tracker's and a decision's page are
    marked English; the members' titles, text, notes, names and theme titles stay Welsh."""
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "actions:\n",
        "decisions:\n  - {id: notes-not-minutes, text: Nodiadau nid cofnodion}\nactions:\n",
    )
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    pages = {
        "meeting": (
            "meetings/2024-02-12-reporting-back/index.html",
            [
                "Since the last meeting",
                "Themes and principles",
                "Decided",
                "Reported back",
                "Action",
                "Status then",
                "Owner",
                "Due",
                "Done",
                "1 March 2024",
                "Previous meeting:",
            ],
            [
                "Reporting back",
                "Think of a live policy issue",
                "Everyone brought an example.",
                "Ada Lovelace",
                "Grace",
                "FOI implications",
                "Listen before you speak.",
                "Nodiadau nid cofnodion",
                "Kick-off: first meeting",
            ],
        ),
        "theme": (
            "themes/foi-implications/index.html",
            ["Follow this theme", "Decisions in force", "Outstanding actions", "Decided at"],
            [
                "FOI implications",
                "Does engaging online bring more FOI requests?",
                "What engaging online means for freedom of information.",
                "Nodiadau nid cofnodion",
                "Reporting back",
                "Kick-off: first meeting",
                "Permission to engage",
            ],
        ),
        "tracker": (
            "actions/index.html",
            [
                "Outstanding actions",
                "Filter",
                "By status",
                "Action",
                "Status",
                "Raised at",
                "In progress",
                "15 January 2024",
                "Reuse this data:",
            ],
            ["Write guidance on engaging online", "Grace", "Alan", "Kick-off: first meeting"],
        ),
        "decision": (
            "decisions/notes-not-minutes/index.html",
            ["Decision", "Decided at", "12 February 2024", "In force"],
            ["Nodiadau nid cofnodion", "Reporting back"],
        ),
    }
    for kind, (path, english, welsh) in pages.items():
        said = text_by_language(out / path)
        for words in english:
            assert said.get(words) == "en", (kind, words)
        for words in welsh:
            assert said.get(words) == "cy", (kind, words)


def test_a_theme_s_title_and_an_owner_s_name_in_nominutes_headings_are_read_as_welsh(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site, where nominutes' words name a member's (the tracker's "Outstanding
    actions on …" and "… for Grace", the register's "Decisions on …", a theme page's links
    to them and its line on the slugs it was filed under), those are marked Welsh inside
    the English; a page's `<title>`, which cannot hold markup, keeps the words as they are."""
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\nactions_page_size: 1\n")
    welsh = "Goblygiadau rhyddid gwybodaeth"
    edit(
        minimal_site,
        "content/themes/foi-implications.md",
        "title: FOI implications",
        (f"title: {welsh}\nformerly: [foi, rhyddid]"),
    )
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "actions:\n",
        "decisions:\n  - {id: notes-not-minutes, text: Nodiadau nid cofnodion}\nactions:\n"
        "  - {id: book-room, title: Book the room, owner: Grace, due: 2024-04-01}\n",
    )
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    theirs = f'<span lang="cy">{welsh}</span>'
    theme = (out / "themes/foi-implications/index.html").read_text()
    assert (
        '<p class="meta">Meetings once filed under <span lang="cy">foi</span> and '
        '<span lang="cy">rhyddid</span> are listed here too.</p>'
    ) in theme
    assert f">Every decision on {theirs} (1)</a>" in theme
    assert f">Outstanding actions on {theirs} in the tracker (" in theme
    assert f">Closed actions on {theirs} (" in theme
    tracker = (out / "actions/by-theme/foi-implications/closed/index.html").read_text()
    assert f'<h1 lang="en">Closed actions on {theirs}</h1>' in tracker
    assert f"<p>Actions on {theirs} by status: " in tracker
    assert f"<title>Closed actions on {welsh} – Minimal group</title>" in tracker
    owner = (out / "actions/by-owner/grace/page/2/index.html").read_text()
    assert (
        '<h1 lang="en">Outstanding actions for <span lang="cy">Grace</span>, page 2 of 2</h1>'
    ) in owner
    register = (out / "decisions/by-theme/foi-implications/index.html").read_text()
    assert f'<h1 lang="en">Decisions on {theirs}</h1>' in register


def test_an_owner_s_name_in_nominutes_lines_about_handing_on_and_due_is_read_as_welsh(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site an owner's name inside nominutes' English is marked Welsh: a former
    owner's page ("Actions for …", "… has no actions now"), a tracker row's "Handed on from
    …", an owner's "1 action … held was handed on", the agenda pack's "Due from …"; and so
    is a theme's title in its feed's name on the page of feeds and calendars."""
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    edit(
        minimal_site,
        "content/meetings/2024-01-15-kick-off.md",
        "next_meeting:",
        "  - {id: book-room, title: Book the room, owner: Alan, due: 2024-04-01}\nnext_meeting:",
    )
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: done\n",
        "    status: done\n    owner: Grace\n",
    )
    edit(
        minimal_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n    owner: Grace\n",
    )
    edit(minimal_site, "content/meetings/2024-03-11-third.md", "themes: [permission-to-engage]\n",
         "themes: [permission-to-engage]\nnext_meeting: 2024-04-08\n")  # fmt: skip
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    former = (out / "actions/by-owner/all-members/index.html").read_text()
    assert '<h1 lang="en">Actions for <span lang="cy">All members</span></h1>' in former
    assert (
        '<p lang="en"><span lang="cy">All members</span> has no actions now: 1 action was given '
        "to someone else.</p>"
    ) in former
    assert "<title>Actions for All members – Minimal group</title>" in former
    handed = 'Handed on from <span lang="cy">Alan</span>, 12 February 2024'
    tracker = (out / "actions/index.html").read_text()
    assert f'<p class="handed-on">{handed}</p>' in tracker
    alan = (out / "actions/by-owner/alan/index.html").read_text()
    assert (
        '<p lang="en">1 action <span lang="cy">Alan</span> held was handed on; who has it now, '
        "and since when:</p>"
    ) in alan
    pack = (out / "next/index.html").read_text()
    assert 'Due from <span lang="cy">Grace</span></caption>' in pack
    assert 'aria-label="Due from Grace. Table: Action, Status, Due, Raised at"' in pack
    feeds = (out / "subscribe/index.html").read_text()
    assert (
        '<dt id="theme-foi-implications">Theme: <span lang="cy">FOI implications</span></dt>'
    ) in feeds
    assert '<dt id="all-meetings">Every meeting</dt>' in feeds


def test_the_tracker_s_lists_of_owners_and_themes_read_nominutes_words_as_english(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site the pages listing the tracker's owners and themes mark their heading,
    counts and links in nominutes' words English, and each owner's name and theme's title
    Welsh, as the tracker's own pages do."""
    site_yml = minimal_site / "site.yml"
    site_yml.write_text(site_yml.read_text() + "language: cy\n")
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    for path, theirs in (
        ("actions/by-owner/index.html", ["Grace", "Alan", "All members"]),
        ("actions/by-theme/index.html", ["FOI implications"]),
    ):
        said = text_by_language(out / path)
        heading = "Actions by owner" if "owner" in path else "Actions by theme"
        for words in (heading, "All outstanding actions"):
            assert said.get(words) == "en", (path, words)
        assert '<ul class="filter-list" lang="en">' in (out / path).read_text()  # its counts
        for words in theirs:
            assert said.get(words) == "cy", (path, words)


def test_the_home_and_themes_pages_headings_and_a_former_owners_last_line_are_read_as_english(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On a Welsh site the home page's and the themes page's headings ("Meetings", "Themes",
    and a later page's "…, page 2 of 3"), nominutes' words, are marked English, as every
    other page's are; so is a former owner's page's "See the action tracker"."""
    edit(
        minimal_site,
        "site.yml",
        "page_size: 2\n",
        "page_size: 1\nactions_page_size: 1\nlanguage: cy\n",
    )
    edit(minimal_site, "content/meetings/2024-02-12-reporting-back.md", "    status: done\n",
         "    status: done\n    owner: Grace\n")  # fmt: skip
    out = minimal_site / "_site"
    built = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(out)], capsys, monkeypatch
    )
    assert built.code == 0, built.err
    for path, heading in (
        ("index.html", "Meetings"),
        ("page/3/index.html", "Meetings, page 3 of 3"),
        ("themes/index.html", "Themes"),
        ("themes/page/2/index.html", "Themes, page 2 of 2"),
    ):
        assert f'<h1 lang="en">{heading}</h1>' in (out / path).read_text(), path
        assert text_by_language(out / path)[heading] == "en", path
    former = text_by_language(out / "actions/by-owner/all-members/index.html")
    assert (former["See"], former["the action tracker"]) == ("en", "en")


def test_one_environment_shows_each_site_yml_s_title_and_logo(tmp_path: Path) -> None:
    """serve keeps its Jinja environment from one build to the next, and the environment
    keeps the base template's values shared by the pages at one depth (`CommonContexts`):
    a page rendered after site.yml changed shows the new title and logo, at every depth."""
    source = synthetic_site(tmp_path / "site", 3)
    options = BuildOptions(source, tmp_path / "out", date(2000, 2, 1))
    assembled = assemble_model(load_site(source), options)
    model = page_model(
        assembled.site, assembled.indexes, render_bodies(assembled.site, BuildCache.disabled())
    )
    site = model.site
    environment = make_environment(site)
    shown = {page.url: page for page in build_pages(model)}
    home, theme = shown[""], next(page for url, page in shown.items() if url.startswith("themes/"))
    before = {page.url: render_page(environment, site, page).decode() for page in (home, theme)}
    config = replace(site.settings.site, title="The renamed group", logo="renamed.svg")
    renamed = replace(site, settings=replace(site.settings, site=config))
    for page in (home, theme):
        made = render_page(environment, renamed, page).decode()
        assert "The renamed group" in made and "The renamed group" not in before[page.url]
        assert f'src="{urls.root_from(page.url)}static/renamed.svg"' in made


def test_the_base_template_s_values_made_once_per_depth_are_each_page_s_own(
    tmp_path: Path,
) -> None:
    """`CommonContexts` gives every page what `common_context` makes for it alone (the
    page not found's absolute root and each section's current link included)."""
    source = synthetic_site(tmp_path / "site", 12)
    options = BuildOptions(source, tmp_path / "out", date(2000, 2, 1))
    assembled = assemble_model(load_site(source), options)
    model = page_model(
        assembled.site, assembled.indexes, render_bodies(assembled.site, BuildCache.disabled())
    )
    config, shared = model.site.settings.site, CommonContexts()
    every = list(build_pages(model))
    assert {"404.html", "actions/", "themes/", ""} <= {page.url for page in every}
    for page in every:
        assert shared.of(config, page) == common_context(config, page), page.url


def test_every_paginated_list_s_links_say_which_page_they_lead_to_and_mark_the_current(
    tmp_path, capsys, monkeypatch
):
    """On every list cut into pages (meetings, themes, a theme's and a principle's meetings,
    the tracker's lists, the register's; the archive's years in test_archive), "Previous
    page" and "Next page" (or "Newer meetings", "Older meetings") say which page they lead
    to, in words a screen reader reads and a sighted reader sees ("Previous page (2 of 5)",
    "Older meetings (page 4 of 5)"), and the page's own place is marked as the current."""
    site = synthetic_site(tmp_path / "site", 30)
    edit(site, "site.yml", "page_size: 10", "page_size: 2\nactions_page_size: 2")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    folders = set()
    for path in sorted(out.rglob("index.html")):
        tree = lxml.html.parse(str(path))
        for nav in tree.xpath("//nav[starts-with(@aria-label, 'Pages of')]"):
            (current,) = nav.xpath("./span")
            assert current.get("aria-current") == "page"
            number, total = map(int, re.fullmatch(r"Page (\d+) of (\d+)", current.text).groups())
            for link in nav.xpath("./a"):
                words = link.text_content()
                to = number - 1 if link.get("rel") == "prev" else number + 1
                assert re.fullmatch(rf"[A-Z][a-z]+ [a-z]+ \((page )?{to} of {total}\)", words)
                assert ("(page " in words) == ("meetings" in words), words
                target = lxml.html.parse(str((path.parent / link.get("href")) / "index.html"))
                there = target.xpath("//nav[@class='pager']/span[@aria-current='page']")
                assert [s.text for s in there] == [f"Page {to} of {total}"], words
            folders.add(path.relative_to(out).parts[0])
    assert {"page", "themes", "principles", "actions", "decisions"} <= folders
    home = read_page(out, "page/2/index.html").text
    assert "Newer meetings (page 1 of 15) Page 2 of 15 Older meetings (page 3 of 15)" in home
