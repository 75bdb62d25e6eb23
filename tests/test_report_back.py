"""Report-back over a year: each due date an action has had falls due at a meeting, and a
missed report-back stops being a warning once a later meeting has reported on the action."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import pytest

from tests.conftest import STRICT_NOTE, edit, epoch_on, git, run_cli, snapshot
from tests.htmlpage import parse_html, read_page

KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
REPORTING = "content/meetings/2024-02-12-reporting-back.md"
THIRD = "content/meetings/2024-03-11-third.md"
NOT_DISCUSSED = "note: Not discussed; carried to the next meeting"
MISSED_AT_THIRD = (
    f"{THIRD}:3:7: warning: action 'write-guidance' was due by 1 March 2024; this meeting "
    "does not report back on it (add '- id: write-guidance' with its status under actions; "
    f"if the meeting did not get to it, with a note saying so: {NOT_DISCUSSED})"
)
MISSED_AT_REPORTING = (
    f"{REPORTING}:3:7: warning: action 'write-guidance' was due by 12 February 2024; this "
    "meeting does not report back on it (add '- id: write-guidance' with its status under "
    f"actions; if the meeting did not get to it, with a note saying so: {NOT_DISCUSSED})"
)


def _build(site: Path, capsys, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    out = site / "_site"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    return out


def _due_then_moved(site: Path) -> None:
    """write-guidance falls due at the second meeting, which reports on it and moves its due
    date to 1 March: it falls due again at the third."""
    edit(site, KICK_OFF, "due: 2024-03-01", "due: 2024-02-12")
    edit(site, REPORTING, "status: in-progress\n", "status: in-progress\n    due: 2024-03-01\n")


def test_a_moved_due_date_falls_due_at_the_first_meeting_on_or_after_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    _due_then_moved(minimal_site)
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.problem_lines == [MISSED_AT_THIRD]
    third = read_page(
        _build(minimal_site, capsys, monkeypatch), "meetings/2024-03-11-third/index.html"
    )
    assert "Due, not reported back" in third.text
    assert "not-reported-write-guidance" in third.ids


def test_a_report_on_a_moved_due_date_is_reported_back(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    _due_then_moved(minimal_site)
    edit(
        minimal_site,
        THIRD,
        "themes:",
        "actions:\n  - id: write-guidance\n    note: Drafted.\nthemes:",
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.problem_lines == []
    out = _build(minimal_site, capsys, monkeypatch)
    second = read_page(out, "meetings/2024-02-12-reporting-back/index.html")
    assert "reported-write-guidance" in second.ids
    third = read_page(out, "meetings/2024-03-11-third/index.html")
    assert "reported-write-guidance" in third.ids
    assert "updated-write-guidance" not in third.ids
    assert "Actions updated" not in third.text


def _missed_at_the_second_meeting(site: Path) -> None:
    edit(site, KICK_OFF, "due: 2024-03-01", "due: 2024-02-12")
    edit(site, REPORTING, "  - id: write-guidance\n    status: in-progress\n", "")


def test_a_missed_report_back_warns_while_nothing_since_has_reported_on_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A meeting that did not get to an action due is warned of, and the site still
    publishes under --strict (as CI builds it): its page says so truthfully."""
    _missed_at_the_second_meeting(minimal_site)
    strict = ["check", "--strict", "--source", str(minimal_site)]
    run = run_cli(strict, capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [MISSED_AT_REPORTING])
    out = minimal_site / "_site"
    build = ["build", "--strict", "--source", str(minimal_site), "--output", str(out)]
    built = run_cli(build, capsys, monkeypatch)
    assert (built.code, built.problem_lines) == (0, [MISSED_AT_REPORTING])
    second = read_page(out, "meetings/2024-02-12-reporting-back/index.html")
    assert "Due, not reported back" in second.text
    assert "not-reported-write-guidance" in second.ids


def test_a_note_that_the_meeting_did_not_get_to_an_action_clears_the_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The way the warning gives to clear it honestly does clear it, and the meeting's page
    shows the note."""
    _missed_at_the_second_meeting(minimal_site)
    edit(
        minimal_site,
        REPORTING,
        "actions:\n",
        f"actions:\n  - id: write-guidance\n    {NOT_DISCUSSED}\n",
        count=1,
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [])
    second = read_page(
        _build(minimal_site, capsys, monkeypatch), "meetings/2024-02-12-reporting-back/index.html"
    )
    assert "reported-write-guidance" in second.ids
    assert "Not discussed; carried to the next meeting" in second.text


def test_a_missed_report_back_stops_blocking_once_a_later_meeting_reports_on_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    _missed_at_the_second_meeting(minimal_site)
    edit(
        minimal_site,
        THIRD,
        "themes:",
        "actions:\n  - id: write-guidance\n    status: done\nthemes:",
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [])
    # the page still says what happened at the meeting
    second = read_page(
        _build(minimal_site, capsys, monkeypatch), "meetings/2024-02-12-reporting-back/index.html"
    )
    assert "not-reported-write-guidance" in second.ids


LISTED_AT_THIRD = (
    f"{THIRD}:6:9: warning: action 'write-guidance' is listed but nothing about it changed; "
    "set its status or write a note, or remove it from this meeting"
)


@pytest.mark.parametrize(
    ("due", "due_cell"),
    [
        ("", "—"),
        ("    due: 2024-06-03\n", '<time datetime="2024-06-03">3 June 2024</time>'),
    ],
    ids=["no due date", "due after the meeting"],
)
def test_an_action_listed_with_nothing_changed_and_not_due_is_on_the_meeting_s_page(
    due: str, due_cell: str, minimal_site: Path, capsys, monkeypatch
) -> None:
    """Write-guidance, with no due date (or one after the third meeting), listed at the third
    with nothing changed, as `new meeting` writes it: the warning says it is listed but
    nothing about it changed, and the meeting's page shows it so, where a reader of that
    meeting looks for its actions, as it shows one listed so and due by it under "Due, not
    reported back"."""
    edit(minimal_site, KICK_OFF, "    due: 2024-03-01\n", "")
    edit(minimal_site, REPORTING, "    status: in-progress\n", "    status: in-progress\n" + due)
    edit(minimal_site, THIRD, "themes:", "actions:\n  - id: write-guidance\nthemes:")
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.problem_lines == [LISTED_AT_THIRD]
    out = _build(minimal_site, capsys, monkeypatch)
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    start = html.index('<section>\n    <h2 id="unchanged-heading">')
    assert html[start : html.index("</section>", start)] == (
        '<section>\n    <h2 id="unchanged-heading">Listed, nothing changed</h2>\n'
        '    <div class="table-scroll" role="region" aria-label="Listed, nothing changed. '
        'Table: Action, Status then, Status now, Owner, Due, Raised at" tabindex="0">\n'
        '<table class="actions">\n'
        "  <caption data-pagefind-ignore>Actions this meeting lists with nothing about them "
        "changed: no new status, note, owner or due date</caption>\n"
        "  <thead data-pagefind-ignore>\n"
        '    <tr><th scope="col">Action</th><th scope="col">Status then</th><th scope="col">'
        'Status now</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">'
        "Raised at</th></tr>\n"
        "  </thead>\n"
        "  <tbody>\n"
        '    <tr id="unchanged-write-guidance">\n'
        '      <th scope="row"><div class="row-title"><a href="../../actions/write-guidance/">'
        "Write guidance on engaging online</a></div></th>\n"
        '      <td data-label="Status then" data-pagefind-ignore><span class="badge '
        'badge-in-progress">In progress</span></td>\n'
        '      <td data-label="Status now" data-pagefind-ignore>Still in progress</td>\n'
        '      <td data-label="Owners"><a href="../../actions/by-owner/grace/">Grace</a>, '
        '<a href="../../actions/by-owner/alan/">Alan</a></td>\n'
        f'      <td data-label="Due" data-pagefind-ignore>{due_cell}</td>\n'
        '      <td data-label="Raised at" data-pagefind-ignore><a href="../2024-01-15-kick-off/">'
        'Kick-off: first meeting</a>, <time datetime="2024-01-15">15 January 2024</time></td>\n'
        "    </tr>\n"
        "  </tbody>\n"
        "</table>\n"
        "</div>\n\n  "
    )
    assert "Due, not reported back" not in html and "Actions updated" not in html


def test_an_action_listed_with_nothing_changed_and_due_is_shown_once_as_not_reported_back(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Listed so and due by the meeting, it is under "Due, not reported back" alone."""
    edit(minimal_site, THIRD, "themes:", "actions:\n  - id: write-guidance\nthemes:")
    third = (
        _build(minimal_site, capsys, monkeypatch) / "meetings/2024-03-11-third/index.html"
    ).read_text()
    assert 'id="not-reported-write-guidance"' in third
    assert "unchanged-" not in third and "Listed, nothing changed" not in third


def test_an_action_due_and_listed_with_nothing_changed_is_told_the_note_not_removal(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Write-guidance, due by the third meeting (1 March) and listed there as `new meeting`
    writes it: the warning asks for the note that says the meeting did not get to it, as the
    warning of one removed does, rather than its removal (which that warning then follows);
    writing that note, as it says, clears it."""
    edit(minimal_site, THIRD, "themes:", "actions:\n  - id: write-guidance\n    note:\nthemes:")
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.problem_lines == [
        f"{THIRD}:6:9: warning: action 'write-guidance' is listed but nothing about it "
        "changed; set its status or write a note (it was due by 1 March 2024: if the meeting "
        f"did not get to it, say so: {NOT_DISCUSSED})"
    ]
    edit(minimal_site, THIRD, "    note:\n", f"    {NOT_DISCUSSED}\n")
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [])


THIRD_PAGE = "meetings/2024-03-11-third/index.html"
RAISED_AT_THIRD = "actions:\n  - id: book-room\n    title: Book a room\n    owner: Ada\nthemes:"
DUE_AT_THIRD = (
    '<h2 id="not-reported-heading">Due at this meeting</h2>',
    "<caption data-pagefind-ignore>Actions due by this meeting, which has not met yet</caption>",
)
MISSED_AT_THIRD_PAGE = (
    '<h2 id="not-reported-heading">Due, not reported back</h2>',
    "<caption data-pagefind-ignore>Actions due by this meeting that it did not update</caption>",
)


# A build before the third meeting's day (11 March), the day before, and on it (`held`).
AROUND_THE_THIRD_S_DAY = pytest.mark.parametrize(
    ("day", "held"),
    [(date(2024, 3, 5), False), (date(2024, 3, 10), False), (date(2024, 3, 11), True)],
    ids=["six days before", "the day before", "its day"],
)


def _third_s_feed_entry(out: Path) -> str:
    feed = (out / "feed.xml").read_text()
    return re.search(r"<entry>\s*<id>[^<]*2024-03-11-third/</id>.*?</entry>", feed, re.S)[0]


@AROUND_THE_THIRD_S_DAY
def test_a_meeting_not_held_yet_shows_what_is_due_at_it_and_nothing_still_overdue(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting (11 March), published ahead with an action it raises: before its
    day its page lists write-guidance (due 1 March) as due at it, not as missed, and its
    "Since the last meeting" and feed entry count nothing "still overdue" as of its day; from
    its day on, they say what it did not do, as of any meeting held."""
    edit(minimal_site, THIRD, "themes:", RAISED_AT_THIRD)
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
    assert run.code == 0, run.err
    assert any("does not report back" in line for line in run.problem_lines) is held
    html = (out / THIRD_PAGE).read_text()
    page = parse_html(html)
    assert 'id="not-reported-write-guidance"' in html
    since = page.text.split("Since the last meeting", 1)[1].split("Discussion", 1)[0]
    entry = _third_s_feed_entry(out)
    if held:
        assert all(part in html for part in MISSED_AT_THIRD_PAGE)
        assert since == (
            " Since Reporting back on 12 February 2024: 1 action raised 1 action still overdue: "
            "Write guidance on engaging online "
        )
        assert "1 action still overdue" in entry
    else:
        assert all(part in html for part in DUE_AT_THIRD)
        assert "Due, not reported back" not in html and "did not update" not in html
        assert since == " Since Reporting back on 12 February 2024: 1 action raised "
        assert "1 action raised" in entry and "overdue" not in entry


@pytest.mark.slow
def test_a_meeting_s_page_is_made_again_the_day_it_is_held_as_a_build_from_nothing(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Built every day from six days before the third meeting to the day after it, with the
    cache: each day's site is byte for byte a build from nothing's that day (`--no-cache`),
    and the third's page turns from what is due at it to what it did not report back on, on
    its day."""
    edit(minimal_site, THIRD, "themes:", RAISED_AT_THIRD)
    out = minimal_site / "_site"
    for day in (date(2024, 3, 5), date(2024, 3, 10), date(2024, 3, 11), date(2024, 3, 12)):
        build = ["build", "-q", "--source", str(minimal_site), "--output", str(out)]
        assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
        fresh = tmp_path / f"fresh-{day}"
        build = [*build[:-1], str(fresh), "--no-cache"]
        assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
        assert snapshot(out) == snapshot(fresh), day
        html = (out / THIRD_PAGE).read_text()
        shown = MISSED_AT_THIRD_PAGE if day >= date(2024, 3, 11) else DUE_AT_THIRD
        assert all(part in html for part in shown), day


AGENDA_AT_THIRD = (
    "actions:\n  - id: write-guidance\n    status: in-progress\n    note:\n"
    "  - id: live-policy-issue\n    status: open\n    note:\nthemes:"
)


def as_warning(failed: str) -> str:
    """A line --strict prints as an error, as a warning where --strict does not stop at it."""
    return failed.replace(": error: ", ": warning: ", 1).removesuffix(STRICT_NOTE)


LISTED_ON_THE_AGENDA = (
    f"{THIRD}:6:9: error: action 'write-guidance' is listed but nothing about it changed; "
    "set its status or write a note, or remove it from this meeting" + STRICT_NOTE
)
REOPENED_ON_THE_AGENDA = (
    f"{THIRD}:9:9: error: action 'live-policy-issue' was done at the meeting of 2024-02-12 "
    "and is open again here, with no note; if it was reopened, say why in its note, or remove "
    "it from this meeting" + STRICT_NOTE
)


@AROUND_THE_THIRD_S_DAY
def test_an_agenda_written_ahead_is_not_told_its_entries_change_nothing_until_its_day(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting published ahead as its agenda, listing write-guidance as `new
    meeting` writes it: nothing about it has changed before the meeting, so the strict build
    does not stop at it until the meeting's day (as for one written up after it, git not
    saying otherwise); live-policy-issue, done at the second meeting and listed open with no
    note, is open again on the tracker from the day the file is published: told every day."""
    edit(
        minimal_site,
        REPORTING,
        "status: in-progress\n",
        "status: in-progress\n    due: 2024-04-01\n",
    )
    edit(minimal_site, THIRD, "themes:", AGENDA_AT_THIRD)
    out = minimal_site / "_site"
    build = ["build", "--strict", "--source", str(minimal_site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
    assert run.code == 1
    errors = [LISTED_ON_THE_AGENDA] if held else []
    assert run.error_lines == [*errors, REOPENED_ON_THE_AGENDA]
    edit(
        minimal_site, THIRD, "    status: open\n    note:\n", "    status: open\n    note: Again.\n"
    )
    run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
    assert (run.code, run.error_lines) == ((1, errors) if held else (0, []))


def test_an_agenda_git_saw_written_before_its_day_is_told_of_what_it_left_without_stopping(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The agenda committed on 4 March, before the third meeting's day: the day after it,
    its entry left as written is told of, but the strict daily build still publishes (only
    the day's passing brought it); once git sees the file edited on or after its day, written
    up, the entry left so stops the strict build, as for any summary."""
    edit(minimal_site, "site.yml", "history: false", "history: true")
    edit(
        minimal_site,
        REPORTING,
        "status: in-progress\n",
        "status: in-progress\n    due: 2024-04-01\n",
    )
    agenda = "actions:\n  - id: write-guidance\n    status: in-progress\n    note:\nthemes:"
    edit(minimal_site, THIRD, "themes:", agenda)
    git(minimal_site, "init", "-q", "-b", "main")
    git(minimal_site, "add", ".")
    git(minimal_site, "commit", "-q", "-m", "Agenda", "--date", "2024-03-04T12:00:00Z")
    out = minimal_site / "_site"
    build = ["build", "--strict", "--source", str(minimal_site), "--output", str(out)]
    day_after = epoch_on(date(2024, 3, 12))
    run = run_cli(build, capsys, monkeypatch, epoch=day_after)
    warned = as_warning(LISTED_ON_THE_AGENDA)
    assert (run.code, run.problem_lines) == (0, [warned])
    assert (out / THIRD_PAGE).exists()
    edit(minimal_site, THIRD, "A short third meeting.", "We met.")
    git(minimal_site, "commit", "-q", "-am", "Written up", "--date", "2024-03-12T09:00:00Z")
    run = run_cli(build, capsys, monkeypatch, epoch=day_after)
    assert (run.code, run.problem_lines) == (1, [LISTED_ON_THE_AGENDA])


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'<section>\n    <h2 id="{heading_id}">')
    return html[start : html.index("</section>", start)]


ASK_LEGAL = "  - id: ask-legal\n    title: Ask legal\n    owner: Ada\n    due: 2024-05-01\n"


def _agenda_ahead(site: Path, *listed: str) -> None:
    """ask-legal raised at the second meeting (due in May); the third lists `listed` (of
    write-guidance, due by it, and ask-legal) as `new meeting` writes them: its agenda."""
    edit(site, REPORTING, "    status: in-progress\n", "    status: in-progress\n" + ASK_LEGAL)
    statuses = {"write-guidance": "in-progress", "ask-legal": "open"}
    entries = "".join(f"  - id: {a}\n    status: {statuses[a]}\n    note:\n" for a in listed)
    edit(site, THIRD, "themes:", f"actions:\n{entries}themes:")


@pytest.mark.parametrize(
    ("day", "held"),
    [(date(2024, 3, 5), False), (date(2024, 3, 11), True)],
    ids=["six days before", "its day"],
)
def test_a_meeting_not_held_yet_shows_the_actions_due_and_listed_as_they_are_now(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting published ahead as its agenda, listing ask-legal as `new meeting`
    writes it, with write-guidance due by it: before its day, each table shows one "Status
    now" column, as of the build date (write-guidance overdue since 1 March), and the agenda's
    heading; from its day on, the status the meeting left each in beside the status now."""
    _agenda_ahead(minimal_site, "ask-legal")
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
    html = (out / THIRD_PAGE).read_text()
    due, unchanged = _section(html, "not-reported-heading"), _section(html, "unchanged-heading")
    if held:
        assert '<h2 id="unchanged-heading">Listed, nothing changed</h2>' in unchanged
        for table in (due, unchanged):
            assert ". Table: Action, Status then, Status now, Owner, Due, " in table
            assert '<th scope="col">Status then</th><th scope="col">Status now</th>' in table
        assert "Still in progress" in due and "Still open" in unchanged
        return
    assert due == (
        '<section>\n    <h2 id="not-reported-heading">Due at this meeting</h2>\n'
        '    <div class="table-scroll" role="region" aria-label="Due at this meeting. Table: '
        'Action, Status now, Owner, Due, Raised at" tabindex="0">\n'
        '<table class="actions">\n'
        "  <caption data-pagefind-ignore>Actions due by this meeting, which has not met yet"
        "</caption>\n"
        "  <thead data-pagefind-ignore>\n"
        '    <tr><th scope="col">Action</th><th scope="col">Status now</th><th scope="col">'
        'Owner</th><th scope="col">Due</th><th scope="col">Raised at</th></tr>\n'
        "  </thead>\n"
        "  <tbody>\n"
        '    <tr id="not-reported-write-guidance" class="overdue">\n'
        '      <th scope="row"><div class="row-title"><a href="../../actions/write-guidance/">'
        "Write guidance on engaging online</a></div></th>\n"
        '      <td data-label="Status now" data-pagefind-ignore><span class="badge '
        'badge-in-progress">In progress</span> <span class="badge badge-overdue">Overdue</span>'
        "</td>\n"
        '      <td data-label="Owners"><a href="../../actions/by-owner/grace/">Grace</a>, '
        '<a href="../../actions/by-owner/alan/">Alan</a></td>\n'
        '      <td data-label="Due" data-pagefind-ignore><time datetime="2024-03-01">1 March '
        "2024</time></td>\n"
        '      <td data-label="Raised at" data-pagefind-ignore><a href="../2024-01-15-kick-off/">'
        'Kick-off: first meeting</a>, <time datetime="2024-01-15">15 January 2024</time></td>\n'
        "    </tr>\n"
        "  </tbody>\n"
        "</table>\n"
        "</div>\n\n  "
    )
    assert unchanged.startswith(
        '<section>\n    <h2 id="unchanged-heading">Listed for this meeting</h2>\n'
        '    <div class="table-scroll" role="region" aria-label="Listed for this meeting. '
        'Table: Action, Status now, Owner, Due, Raised at" tabindex="0">\n'
        '<table class="actions">\n'
        "  <caption data-pagefind-ignore>Actions this meeting lists, which has not met yet"
        "</caption>\n"
    )
    assert (
        '<td data-label="Status now" data-pagefind-ignore><span class="badge badge-open">Open'
        "</span></td>\n"
    ) in unchanged
    assert "Status then" not in html and "Still " not in html


UPDATED_AHEAD = (
    "actions:\n  - id: write-guidance\n    status: done\n    note: Published on the wiki.\n"
    "  - id: live-policy-issue\n    due: 2024-05-01\n    note: One more example.\nthemes:"
)


@pytest.mark.parametrize(
    ("day", "held"),
    [(date(2024, 3, 5), False), (date(2024, 3, 11), True)],
    ids=["six days before", "its day"],
)
def test_a_meeting_not_held_yet_shows_the_updates_its_file_makes_as_they_are_now(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting's file, published before its day, says write-guidance (due by it)
    is done and gives live-policy-issue a new due date: until its day, neither table says
    "Reported back" or "Actions updated", nor gives a "Status then" it has not left them in:
    each shows the status now, as its page's other tables do; from its day on, both."""
    edit(minimal_site, THIRD, "themes:", UPDATED_AHEAD)
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
    html = (out / THIRD_PAGE).read_text()
    reported, updated = _section(html, "reported-heading"), _section(html, "updates-heading")
    if held:
        assert '<h2 id="reported-heading">Reported back</h2>' in reported
        assert '<h2 id="updates-heading">Actions updated</h2>' in updated
        assert "Other updates made at this meeting</caption>" in updated
        for table in (reported, updated):
            assert '<th scope="col">Status then</th><th scope="col">Status now</th>' in table
        assert (
            '<p class="note">Published on the wiki.</p></th>\n'
            '      <td data-label="Status then" data-pagefind-ignore><span class="badge '
            'badge-done">Done</span> at this meeting</td>\n'
            '      <td data-label="Status now" data-pagefind-ignore>Still done</td>'
        ) in reported
        return
    assert '<h2 id="reported-heading">To report back</h2>' in reported
    assert (
        "<caption data-pagefind-ignore>Updates written ahead on actions due by this meeting, "
        "which has not met yet</caption>"
    ) in reported
    assert '<h2 id="updates-heading">Updates written ahead</h2>' in updated
    assert (
        "<caption data-pagefind-ignore>Updates written for this meeting, which has not met "
        "yet</caption>"
    ) in updated
    for table, heading in ((reported, "To report back"), (updated, "Updates written ahead")):
        assert f'aria-label="{heading}. Table: Action, Status now, Owner, Due, Raised at"' in table
        assert '<th scope="col">Action</th><th scope="col">Status now</th>' in table
    assert "Status then" not in html and "Still " not in html
    assert "Reported back" not in html and "Actions updated" not in html
    done = '<td data-label="Status now" data-pagefind-ignore><span class="badge badge-done">Done'
    assert f'<p class="note">Published on the wiki.</p></th>\n      {done}' in reported
    assert f'<p class="note">One more example.</p></th>\n      {done}' in updated
    assert '<time datetime="2024-05-01">1 May 2024</time>' in updated


@pytest.mark.parametrize(
    ("day", "held"),
    [(date(2024, 3, 5), False), (date(2024, 3, 11), True)],
    ids=["six days before", "its day"],
)
def test_a_meeting_not_held_yet_names_its_themes_and_principles_to_discuss(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting published ahead as its agenda: until its day, its page lists its
    themes and principles as those it is to discuss, not as discussed and touched; from
    its day on, as discussed and touched."""
    edit(minimal_site, THIRD, "themes:", "principles: [listen-first]\nthemes:")
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
    html = (out / THIRD_PAGE).read_text()
    topics = html[html.index('<h2 id="topics-heading">') :]
    headings = re.findall(r"<h3>([^<]*)</h3>", topics[: topics.index("</section>")])
    if held:
        assert headings == ["Themes discussed", "Principles touched"]
    else:
        assert headings == ["Themes to discuss", "Principles to discuss"]


@pytest.mark.parametrize(
    ("day", "due", "listed"),
    [
        (date(2024, 3, 5), "due at this meeting", "listed for this meeting"),
        (date(2024, 3, 11), "due, not reported back", "listed, nothing changed"),
    ],
    ids=["six days before", "its day"],
)
def test_a_meeting_s_feed_entry_lists_the_actions_it_lists_with_nothing_changed_as_its_page(
    day: date, due: str, listed: str, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting lists write-guidance (due by it) and ask-legal (due in May) as `new
    meeting` writes them: its entry in the feed names both, each under the words of the
    heading its page lists it under, before the meeting's day and from it on."""
    _agenda_ahead(minimal_site, "write-guidance", "ask-legal")
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    [entry] = [e for e in feed.entries if e.link.endswith("/meetings/2024-03-11-third/")]
    actions = entry.content[0].value.split("<h2>Actions</h2>", 1)[1]
    base = "https://example.org/group/actions/"
    assert actions == (
        f'<ul><li><a href="{base}write-guidance/">Write guidance on engaging online</a> '
        f'({due})</li><li><a href="{base}ask-legal/">Ask legal</a> ({listed})</li></ul>'
    )
    page = (out / THIRD_PAGE).read_text()
    assert f">{due.capitalize()}</h2>" in page and f">{listed.capitalize()}</h2>" in page


@pytest.mark.slow
def test_an_agenda_s_page_feed_and_warnings_turn_on_its_day_as_a_build_from_nothing(
    minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The third meeting's agenda (write-guidance, due by it, and ask-legal, listed as `new
    meeting` writes them), built every day from six days before its day to the day after,
    with the cache: each day's site is byte for byte a build from nothing's that day
    (`--no-cache`), and its page, feed entry and warnings turn from the agenda's to what the
    meeting did not do on its day."""
    _agenda_ahead(minimal_site, "write-guidance", "ask-legal")
    out = minimal_site / "_site"
    for day in (date(2024, 3, 5), date(2024, 3, 10), date(2024, 3, 11), date(2024, 3, 12)):
        build = ["build", "--source", str(minimal_site), "--output", str(out)]
        run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
        assert run.code == 0, day
        fresh = tmp_path / f"fresh-{day}"
        build = [*build[:-1], str(fresh), "--no-cache"]
        assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
        assert snapshot(out) == snapshot(fresh), day
        held = day >= date(2024, 3, 11)
        unchanged = [line for line in run.problem_lines if "nothing about it changed" in line]
        assert len(unchanged) == (2 if held else 0), day
        html = (out / THIRD_PAGE).read_text()
        feed = _third_s_feed_entry(out)
        words = ("Listed, nothing changed", "Due, not reported back", "Status then")
        if not held:
            words = ("Listed for this meeting", "Due at this meeting", "Status now")
        assert all(word in html for word in words), day
        assert f"({words[0].lower()})" in feed and f"({words[1].lower()})" in feed, day


PLACEHOLDER_AT_THIRD = (
    f"{THIRD}:7:1: error: the summary is still 'What the group discussed.', which `nominutes "
    "new meeting` wrote; write what the group discussed, decided and took away" + STRICT_NOTE
)


def _ahead_of(day: date) -> str:
    """The advisory warning of the third meeting published ahead of its day, on `day`."""
    return (
        f"{THIRD}:3:7: warning: date 2024-03-11 is after today ({day}), so the meeting is "
        "published ahead of its day, as an agenda may be up to four weeks before it: write up "
        "what it did once it has met, or correct the date if it met on another day"
    )


NO_THEMES_AT_THIRD = (
    f"{THIRD}:5:1: error: meeting lists no themes, so no theme's page shows it; write there "
    "the themes it discussed, each by its file's name in content/themes/ without '.md': "
    "`themes: [budget, open-data]`" + STRICT_NOTE
)
# What an agenda published ahead leaves as `new meeting` wrote it, and is told of from its
# day on: its summary's placeholder line, or its themes (`themes: []`).
LEFT_UNWRITTEN = pytest.mark.parametrize(
    ("written", "left", "problem"),
    [
        ("A short third meeting.", "What the group discussed.", PLACEHOLDER_AT_THIRD),
        ("themes: [permission-to-engage]", "themes: []", NO_THEMES_AT_THIRD),
    ],
    ids=["summary", "themes"],
)


@LEFT_UNWRITTEN
@AROUND_THE_THIRD_S_DAY
def test_an_agenda_is_told_what_it_left_unwritten_only_from_its_day(
    day: date, held: bool, written, left, problem, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The third meeting published ahead as its agenda, its body still the line `new meeting`
    wrote, or its themes not known yet: a meeting not held yet has neither to write, so the
    strict build publishes it; from its day on, what is left so stops the strict build, as
    for any meeting (git not saying the file was written before its day)."""
    edit(minimal_site, THIRD, written, left)
    out = minimal_site / "_site"
    build = ["build", "--strict", "--source", str(minimal_site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
    if held:
        assert run.code == 1
        assert sorted(run.problem_lines) == sorted([MISSED_AT_THIRD, problem])
    else:
        assert (run.code, run.problem_lines) == (0, [_ahead_of(day)])
        assert (out / THIRD_PAGE).exists()


@LEFT_UNWRITTEN
def test_an_agenda_git_saw_written_before_its_day_is_told_what_it_left_without_stopping(
    written, left, problem, minimal_site: Path, capsys, monkeypatch
) -> None:
    """The agenda committed on 4 March with its summary or themes left as `new meeting`
    wrote them: on the day after the meeting, that is told of, but the strict daily build
    publishes (only the day's passing brought it); once git sees the file edited on or after
    its day with them left so, the strict build stops at it."""
    edit(minimal_site, "site.yml", "history: false", "history: true")
    edit(minimal_site, THIRD, written, left)
    git(minimal_site, "init", "-q", "-b", "main")
    git(minimal_site, "add", ".")
    git(minimal_site, "commit", "-q", "-m", "Agenda", "--date", "2024-03-04T12:00:00Z")
    out = minimal_site / "_site"
    build = ["build", "--strict", "--source", str(minimal_site), "--output", str(out)]
    day_after = epoch_on(date(2024, 3, 12))
    run = run_cli(build, capsys, monkeypatch, epoch=day_after)
    warned = as_warning(problem)
    assert run.code == 0
    assert sorted(run.problem_lines) == sorted([MISSED_AT_THIRD, warned])
    assert (out / THIRD_PAGE).exists()
    edit(minimal_site, THIRD, "summary: The third", "summary: Our third")
    git(minimal_site, "commit", "-q", "-am", "Summary line", "--date", "2024-03-12T09:00:00Z")
    run = run_cli(build, capsys, monkeypatch, epoch=day_after)
    assert run.code == 1
    assert sorted(run.problem_lines) == sorted([MISSED_AT_THIRD, problem])


SUMMARY_TO_COME = "This meeting has not met yet: its summary is written after it."


def _placeholder_agenda(site: Path, own_summary: bool = False) -> None:
    """The third meeting (11 March) published ahead as `new meeting` writes it: its body the
    placeholder line, and no summary of its own unless `own_summary`."""
    edit(site, THIRD, "A short third meeting.", "What the group discussed.")
    if not own_summary:
        edit(site, THIRD, "summary: The third meeting, on permission.\n", "")


@AROUND_THE_THIRD_S_DAY
def test_an_agenda_s_placeholder_summary_is_shown_only_from_its_day(
    day: date, held: bool, minimal_site: Path, capsys, monkeypatch
) -> None:
    """Before its day, the third meeting's page says its summary is written after it, with
    no "Discussion" over the placeholder line, and neither its card on the home page and its
    theme's, nor its feed entry or calendar event, gives that line as its text; from its day
    on the line is its text everywhere, and warned of, as for any meeting."""
    _placeholder_agenda(minimal_site)
    out = minimal_site / "_site"
    build = ["build", "--source", str(minimal_site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch, epoch=epoch_on(day))
    assert run.code == 0, run.err
    placeholder = "What the group discussed."
    assert any(placeholder in line for line in run.problem_lines) is held
    page = read_page(out, THIRD_PAGE)
    home = read_page(out, "index.html").text
    theme = read_page(out, "themes/permission-to-engage/index.html").text
    entry = _third_s_feed_entry(out)
    calendar = (out / "meetings.ics").read_text().replace("\r\n ", "")
    event = calendar.split("SUMMARY:Third meeting", 1)[1].split("END:VEVENT", 1)[0]
    if held:
        assert f"Discussion {placeholder}" in page.text
        assert SUMMARY_TO_COME not in page.text
        assert f"Third meeting 11 March 2024 {placeholder}" in home
        assert f"{placeholder}" in theme and placeholder in entry and placeholder in event
    else:
        assert f"{SUMMARY_TO_COME} " in page.text and "discussion-heading" not in page.ids
        # (what the page says of its text, not its text: no search finds the meeting by it)
        notice = f'<p class="notice" data-pagefind-ignore>{SUMMARY_TO_COME}</p>'
        assert notice in (out / THIRD_PAGE).read_text()
        assert placeholder not in page.text
        assert "Third meeting 11 March 2024 (upcoming: not held yet)" in home
        assert placeholder not in home and placeholder not in theme
        assert f"<p>{SUMMARY_TO_COME}</p>" in html.unescape(entry)
        assert placeholder not in html.unescape(entry) and placeholder not in event


@pytest.mark.slow
@pytest.mark.parametrize("own_summary", [False, True], ids=["no summary", "its own summary"])
def test_an_agenda_s_placeholder_turns_into_its_text_on_its_day_as_a_build_from_nothing(
    own_summary: bool, minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The third meeting published ahead with the placeholder body (and no summary, or one of
    its own), built every day from six days before its day to the day after, with the cache:
    each day's site is byte for byte a build from nothing's, and its page and feed entry say
    the summary is to come until its day, and show the line from then."""
    _placeholder_agenda(minimal_site, own_summary)
    out = minimal_site / "_site"
    for day in (date(2024, 3, 5), date(2024, 3, 10), date(2024, 3, 11), date(2024, 3, 12)):
        build = ["build", "-q", "--source", str(minimal_site), "--output", str(out)]
        assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
        fresh = tmp_path / f"fresh-{day}"
        build = [*build[:-1], str(fresh), "--no-cache"]
        assert run_cli(build, capsys, monkeypatch, epoch=epoch_on(day)).code == 0
        assert snapshot(out) == snapshot(fresh), day
        held = day >= date(2024, 3, 11)
        shown = "What the group discussed." if held else SUMMARY_TO_COME
        assert shown in (out / THIRD_PAGE).read_text(), day
        assert shown in html.unescape(_third_s_feed_entry(out)), day


def _status_cells(out: Path, meeting_slug: str, row_id: str) -> dict[str, str]:
    """A meeting page's row's status cells, each by its label, in the words a screen
    reader reads when it reads the cell alone (after the column's heading)."""
    page = lxml.html.fromstring((out / f"meetings/{meeting_slug}/index.html").read_text())
    [row] = page.xpath(f"//tr[@id='{row_id}']")
    return {
        cell.get("data-label"): " ".join(cell.text_content().split())
        for cell in row.xpath("td[starts-with(@data-label, 'Status')]")
    }


def test_an_action_closed_at_a_meeting_reads_closed_at_it_and_still_closed_since(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Raised at the kick-off, live-policy-issue is reported done at the next meeting, and
    the third notes it again: the meeting that closed it says so, and no page says its
    status is "Unchanged" (unchanged since when? the meeting changed it)."""
    edit(
        minimal_site,
        THIRD,
        "themes:",
        "actions:\n  - id: live-policy-issue\n    note: Examples shared on the wiki.\nthemes:",
    )
    out = _build(minimal_site, capsys, monkeypatch)
    assert _status_cells(out, "2024-01-15-kick-off", "raised-live-policy-issue") == {
        "Status then": "Open",
        "Status now": "Done at Reporting back, 12 February 2024",  # the meeting linked
    }
    assert _status_cells(out, "2024-02-12-reporting-back", "reported-live-policy-issue") == {
        "Status then": "Done at this meeting",
        "Status now": "Still done",
    }
    # closed before it, the third meeting only noted it
    assert _status_cells(out, "2024-03-11-third", "updated-live-policy-issue") == {
        "Status then": "Done",
        "Status now": "Still done",
    }
    for page in out.glob("meetings/*/index.html"):
        assert "Unchanged" not in page.read_text(), page
