"""The editing loop: check, new meeting, init, the JSON Schemas and the CI workflow."""

from __future__ import annotations

import html
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from markdown_it import MarkdownIt

from generator.cli import main
from generator.content.addresses import person_problem
from generator.content.load import marked_drafts
from generator.content.safeyaml import parse as parse_yaml
from generator.content.schema import SiteSettings, json_schemas, with_settings_table
from generator.errors import LATER
from tests.conftest import (
    MISSED_REPORT_BACK,
    REPO,
    SITES,
    copy_site,
    epoch_on,
    git,
    run_cli,
    run_subprocess,
    strictly,
)
from tests.htmlpage import read_page


def _meeting(site: Path, name: str = "2024-03-11-third.md") -> Path:
    return site / "content/meetings" / name


# --- check -------------------------------------------------------------------------------------


def test_check_passes_a_good_site_and_writes_nothing(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0
    # only an advisory warning: an action due by the third meeting that it does not update
    assert run.err.strip().splitlines() == [MISSED_REPORT_BACK, "0 error(s), 1 warning(s)"]
    assert not (minimal_site / "_site").exists()


DRAFT = "content/meetings/2024-04-08-draft.md"


def test_check_shows_what_a_draft_will_get_wrong_once_published(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A member writing the next meeting as a draft runs `make check`: what will stop the
    build once the draft is published (an action or decision it names that is not there, a
    broken link) shows now, where it is, as a warning that fails nothing (a draft may name
    what is still being written); the draft's own warnings wait for --drafts."""
    kick_off = _meeting(minimal_site, "2024-01-15-kick-off.md")  # the site's one warning, gone
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-04-01"))
    (minimal_site / DRAFT).write_text(
        "---\n"
        "title: Not yet agreed\n"
        "date: 2024-04-08\n"
        "actions:\n"
        "  - id: write-guidance\n"
        "    status: in-progress\n"  # as `new meeting` lists it: a warning, once published
        "  - id: write-guidanse\n"
        "    status: done\n"
        "decisions:\n"
        "  - id: try-it\n"
        "    text: We try it.\n"
        "    supersedes: no-such-decision\n"
        "draft: True  # until it is agreed\n"
        "---\n"
        "As [last time](2024-03-11-thrid.md).\n"
    )
    expected = [
        f"{DRAFT}:7:9: warning: {LATER}no earlier meeting raised an action 'write-guidanse'; "
        "did you mean 'write-guidance'? (to raise a new action, give it a title)",
        f"{DRAFT}:12:17: warning: {LATER}decision 'try-it' supersedes unknown decision "
        "'no-such-decision' (no meeting made a decision with that id)",
        f"{DRAFT}:15:16: warning: {LATER}link to a note that does not exist: "
        "2024-03-11-thrid.md; did you mean 2024-03-11-third.md?",
    ]
    for strict in ([], ["--strict"]):
        run = run_cli(["check", "--source", str(minimal_site), *strict], capsys, monkeypatch)
        assert run.problem_lines == expected
        assert run.code == 0
    github = run_cli(
        ["check", "--source", str(minimal_site), "--strict", "--format", "github"],
        capsys,
        monkeypatch,
    )
    assert f"::warning file={DRAFT},line=15,col=16::{LATER}link to a note that" in github.out
    assert "::error" not in github.out
    # As published (--drafts), each is an error, with the draft's warnings beside them.
    published = run_cli(["check", "--drafts", "--source", str(minimal_site)], capsys, monkeypatch)
    assert published.code == 1
    errors = [line for line in published.problem_lines if ": error: " in line]
    assert errors == [line.replace(f": warning: {LATER}", ": error: ") for line in expected]
    # The build leaves the draft out, and publishes.
    build = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert build.code == 0, build.err
    assert LATER not in build.err
    assert not (minimal_site / "_site/meetings/2024-04-08-draft").exists()
    # Mended, the draft has only a warning of its own, which waits for --drafts.
    text = (minimal_site / DRAFT).read_text()
    (minimal_site / DRAFT).write_text(
        text[: text.index("  - id: write-guidanse")] + "draft: true\n---\n"
    )
    assert (
        run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch).problem_lines == []
    )
    published = run_cli(["check", "--drafts", "--source", str(minimal_site)], capsys, monkeypatch)
    no_themes = (
        f"{DRAFT}:3:1: warning: meeting lists no themes, so no theme's page shows it; add a "
        "line there naming the themes it discussed, each by its file's name in "
        "content/themes/ without '.md': `themes: [budget, open-data]`"
    )
    # Before its day (8 April) the listed action is its agenda's, and its themes may not be
    # known yet; from then on, it lists none, the action is not updated and it has no summary.
    assert published.problem_lines == []
    drafts = ["check", "--drafts", "--source", str(minimal_site)]
    published = run_cli(drafts, capsys, monkeypatch, epoch=epoch_on(date(2024, 4, 8)))
    assert published.problem_lines == [
        no_themes,
        f"{DRAFT}:5:9: warning: action 'write-guidance' is listed but nothing about it changed; "
        "set its status or write a note (it was due by 1 April 2024: if the meeting did not get "
        "to it, say so: note: Not discussed; carried to the next meeting)",
        f"{DRAFT}:9:1: warning: the meeting has no summary: nothing follows its front matter, "
        "so its page has no text; write what the group discussed, decided and took away here, "
        "below the closing '---'",
    ]


def test_drafts_are_found_by_their_front_matter_line(minimal_site: Path) -> None:
    """As a member writes it: in any letter case YAML reads as true, with a comment, with
    Windows line endings; not `draft: false`, and not a body that says "draft: true"."""
    folder = minimal_site / "content/meetings"
    (folder / "2024-04-09-windows.md").write_bytes(
        b"---\r\ntitle: Windows\r\ndate: 2024-04-09\r\ndraft: TRUE\r\n---\r\nText.\r\n"
    )
    (folder / "2024-04-10-said.md").write_text(
        "---\ntitle: Said\ndate: 2024-04-10\ndraft: false\n---\ndraft: true\n"
    )
    assert marked_drafts(minimal_site) == {
        "content/meetings/2024-04-08-draft.md",
        "content/meetings/2024-04-09-windows.md",
    }


def test_a_drafts_error_of_its_own_stays_an_error(minimal_site: Path, capsys, monkeypatch) -> None:
    """What validating the draft's file alone finds fails `check` as before, and is not
    shown twice."""
    path = minimal_site / DRAFT
    path.write_text(path.read_text().replace("draft: true", "draft: true\nthemes: [foi]"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert [line for line in run.problem_lines if DRAFT in line] == [
        f"{DRAFT}:5:10: error: unknown theme 'foi': there is no content/themes/foi.md; to start "
        "a new theme, add it with a 'title:' line (as in content/themes/foi-implications.md), "
        'or run nominutes new theme "Foi"'
    ]


def test_a_meeting_dated_a_year_ahead_is_a_warning_that_fails_strict_with_the_date_meant(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    # A slip in the year: more than four weeks ahead, a warning that --strict stops at (CI's
    # build does not publish it), naming the date meant; a plain build publishes it.
    third = _meeting(minimal_site)
    third.write_text(
        third.read_text().replace(
            "---\nA short", "actions:\n  - id: write-guidance\n    status: done\n---\nA short"
        )
    )
    slip = _meeting(minimal_site, "2025-03-04-planning.md")
    slip.write_text(
        "---\ntitle: Planning\ndate: 2025-03-04\nthemes: [permission-to-engage]\n---\nWe planned.\n"
    )
    warned = (
        "content/meetings/2025-03-04-planning.md:3:7: warning: dated 4 March 2025, a year after "
        "today (11 March 2024): did you mean 2024-03-04? If so, correct the date and rename the "
        "file 2024-03-04-planning.md; a meeting is published once it has met, or at most four "
        "weeks before its day: for one further off, write draft: true until then"
    )
    failed = strictly(warned)
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (1, [failed])
    build = run_cli(["build", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (1, [failed])
    assert not (minimal_site / "_site").exists()
    build = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (0, [warned])
    # It has its page and is listed, but the latest meeting is the latest held by the build
    # date, whose changes the home page shows; published, it is the next meeting, however
    # far ahead, as the list below says too.
    assert (minimal_site / "_site/meetings/2025-03-04-planning/index.html").exists()
    home = read_page(minimal_site / "_site", "index.html")
    assert "Latest meeting Third meeting, 11 March 2024" in home.text
    assert "What changed at Third meeting" in home.text
    assert "Next meeting 4 March 2025 (agenda pack), published ahead: Planning" in home.text
    assert home.links.count("meetings/2025-03-04-planning/") == 2  # the glance and the list

    slip.write_text(slip.read_text().replace("date: 2025-03-04", "date: 2025-03-04\ndraft: true"))
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [])


def test_a_meeting_dated_a_day_ahead_is_a_warning_that_strict_lets_through(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Written up before the day it is to meet, closing an action: warned however few days
    ahead, with the fix, and never stopping publishing (only time made it so)."""
    ahead = _meeting(minimal_site, "2024-03-12-workshop.md")
    ahead.write_text(
        "---\ntitle: Workshop review\ndate: 2024-03-12\nthemes: [permission-to-engage]\n"
        "actions:\n  - id: write-guidance\n    status: done\n---\nWe reviewed.\n"
    )
    run = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        0,
        [
            "content/meetings/2024-03-12-workshop.md:3:7: warning: date 2024-03-12 is after "
            "today (2024-03-11), so the meeting is published ahead of its day, as an agenda may "
            "be up to four weeks before it: write up what it did once it has met, or correct the "
            "date if it met on another day"
        ],
    )


def test_an_action_set_open_again_with_no_note_is_a_warning(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A meeting file `new meeting` wrote while an action was open, published after a meeting
    closed it, would reopen it without a word."""
    third = _meeting(minimal_site)
    reopened = "actions:\n  - id: live-policy-issue\n    status: open\n    note:\n---\nA short"
    third.write_text(third.read_text().replace("---\nA short", reopened))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (
        "content/meetings/2024-03-11-third.md:7:9: warning: action 'live-policy-issue' was done "
        "at the meeting of 2024-02-12 and is open again here, with no note; if it was reopened, "
        "say why in its note, or remove it from this meeting"
    ) in run.problem_lines
    third.write_text(
        third.read_text().replace("    note:\n", "    note: The example fell through.\n")
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert not [line for line in run.problem_lines if "live-policy-issue" in line]


@pytest.mark.parametrize(
    ("update", "cleared"),
    [
        ("status: done", True),
        ("status: dropped", True),
        ("due: 2024-04-01", True),
        ("note: Still drafting.", False),
        ("status: in-progress", False),
    ],
)
def test_a_long_overdue_actions_warning_says_what_clears_it(
    minimal_site: Path, capsys, monkeypatch, update: str, cleared: bool
) -> None:
    """The warning's advice is true: at the next meeting, the action closed or given a new
    due date clears it; a note, or its status again, leaves it overdue."""
    kick_off = _meeting(minimal_site, "2024-01-15-kick-off.md")
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-01-20"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert [line for line in run.problem_lines if "overdue" in line] == [
        "content/meetings/2024-02-12-reporting-back.md:11:9: warning: action 'write-guidance' is "
        "in-progress and 51 days overdue (more than overdue_grace_days: 28); at the next "
        "meeting, under actions:, `- id: write-guidance` with `status: done` or `dropped`, or "
        "a new `due:` date"
    ]
    third = _meeting(minimal_site)
    third.write_text(
        third.read_text().replace(
            "themes: [permission-to-engage]\n",
            f"themes: [permission-to-engage]\nactions:\n  - id: write-guidance\n    {update}\n",
        )
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    overdue = [line for line in run.problem_lines if "days overdue" in line]
    assert overdue == [] if cleared else len(overdue) == 1


def test_check_reports_warnings_and_strict_makes_them_fail(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    note = _meeting(minimal_site)
    # Dated ahead, with no themes: a meeting is not told to list them before its day.
    note.write_text(
        note.read_text()
        .replace("date: 2024-03-11", "date: 2024-03-12")
        .replace("themes: [permission-to-engage]\n", "")
    )
    (minimal_site / "content/themes/unused.md").write_text("---\ntitle: Unused\n---\nx\n")
    kick_off = _meeting(minimal_site, "2024-01-15-kick-off.md")
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-01-01"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-01-15-kick-off.md:14:9: warning: action 'write-guidance' is due "
        "2024-01-01, before the meeting that raised it (2024-01-15)",
        "content/meetings/2024-02-12-reporting-back.md:11:9: warning: action 'write-guidance' is "
        "in-progress and 70 days overdue (more than overdue_grace_days: 28); at the next "
        "meeting, under actions:, `- id: write-guidance` with `status: done` or `dropped`, or "
        "a new `due:` date",
        "content/meetings/2024-03-11-third.md:3:7: warning: date 2024-03-12 differs from the "
        "date in the file name (2024-03-11); rename the file 2024-03-12-third.md, or correct "
        "the date",
        "content/meetings/2024-03-11-third.md:3:7: warning: date 2024-03-12 is after today "
        "(2024-03-11), so the meeting is published ahead of its day, as an agenda may be up to "
        "four weeks before it: write up what it did once it has met, or correct the date if it "
        "met on another day",
        "content/themes/unused.md:2:1: warning: no meeting discusses theme 'unused'; add it to "
        "a meeting's themes",
    ]
    strict = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert strict.code == 1
    # What fails the run is labelled and counted an error; the overdue action and the date
    # ahead, which only time made, stay warnings.
    failing = [strictly(line) for line in run.problem_lines]
    failing[1], failing[3] = run.problem_lines[1], run.problem_lines[3]
    assert strict.problem_lines == failing
    assert strict.err.splitlines()[-1] == "3 error(s), 2 warning(s)"
    build = run_cli(["build", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert build.code == 1 and not (minimal_site / "_site").exists()
    assert build.problem_lines == failing


def test_a_warning_strict_stops_at_says_it_is_a_warning_made_an_error(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """What README and `new meeting` call a warning is one without --strict; with it, the
    line is an error that says so, and the run fails (exit 1) with every problem in it."""
    (minimal_site / "content/themes/unused.md").write_text("---\ntitle: Unused\n---\nx\n")
    plain = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert (plain.code, plain.problem_lines) == (
        0,
        [
            MISSED_REPORT_BACK,
            "content/themes/unused.md:2:1: warning: no meeting discusses theme 'unused'; add "
            "it to a meeting's themes",
        ],
    )
    failed = [
        MISSED_REPORT_BACK,  # advisory: a warning still
        "content/themes/unused.md:2:1: error: no meeting discusses theme 'unused'; add it to a "
        "meeting's themes (a warning; --strict makes it an error)",
    ]
    for command in ("check", "build"):
        strict = run_cli([command, "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
        assert (strict.code, strict.problem_lines) == (1, failed), command
    assert strict.err.splitlines()[-1] == "1 error(s); nothing was written"


def test_check_finds_a_broken_anchor_but_not_links_in_code(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    note = _meeting(minimal_site)
    note.write_text(
        note.read_text()
        + "\n[missing section](#h-nowhere) and [fine](#h-notes)\n\n## Notes\n\n"
        + "`[in code](#h-ignored)`\n\n```\n[in a block](../nowhere/)\n```\n"
    )
    expected = [
        "content/meetings/2024-03-11-third.md:9:19: error: this page has no anchor #h-nowhere; "
        "did you mean #h-notes?"
    ]
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    errors = [line for line in run.problem_lines if ": error: " in line]
    assert (run.code, errors) == (1, expected)
    build = run_cli(["build", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    errors = [line for line in build.problem_lines if ": error: " in line]
    assert (build.code, errors) == (1, expected)
    assert not (minimal_site / "_site").exists()


def test_check_github_format_annotates_the_diff(minimal_site: Path, capsys, monkeypatch) -> None:
    note = _meeting(minimal_site)
    note.write_text(note.read_text().replace("[permission-to-engage]", "[permision-to-engage]"))
    run = run_cli(
        ["check", "--format", "github", "--source", str(minimal_site)], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.out.splitlines() == [
        "::error file=content/meetings/2024-03-11-third.md,line=5,col=10::unknown theme "
        "'permision-to-engage'; did you mean 'permission-to-engage'?"
    ]


def _many_problems(site: Path, errors: int, warnings: int) -> None:
    """`errors` unknown themes in the third meeting, and `warnings` meetings without themes."""
    note = _meeting(site)
    themes = ", ".join(f"theme-{n:02d}" for n in range(errors))
    note.write_text(re.sub(r"(?m)^themes: .*$", f"themes: [{themes}]", note.read_text()))
    for n in range(warnings):
        extra = _meeting(site, f"2024-02-{n + 13:02d}-extra.md")
        extra.write_text(f"---\ntitle: Extra {n}\ndate: 2024-02-{n + 13:02d}\n---\nText.\n")


def test_github_format_says_what_github_does_not_show_and_logs_it_all(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """GitHub shows ten error annotations of a step and ten warnings, and drops the rest
    without a word: a last annotation says how many more there are, and the job's log
    lists every problem with its file and line, as `check` writes them."""
    _many_problems(minimal_site, errors=13, warnings=11)
    args = ["check", "--source", str(minimal_site)]
    text = run_cli(args, capsys, monkeypatch)
    assert text.err.splitlines()[-1] == "13 error(s), 11 warning(s)"
    github = run_cli([*args, "--format", "github"], capsys, monkeypatch)
    assert github.code == 1
    lines = github.out.splitlines()
    annotations = [line for line in lines if line.startswith(("::error ", "::warning "))]
    assert [line.split(" ", 1)[0] for line in annotations] == [
        "::error" if ": error: " in line else "::warning" for line in text.problem_lines
    ]
    start = lines.index(
        "::group::Every problem, with its file and line: 13 error(s), 11 warning(s)"
    )
    assert lines[start + 1 : -2] == text.problem_lines
    assert lines[-2:] == [
        "::endgroup::",
        "::notice::3 more errors and 1 more warning than GitHub shows here: see the job's log, "
        "where every problem is listed with its file and line",
    ]

    # As many as GitHub shows: only the annotations, once each.
    _many_problems(minimal_site, errors=10, warnings=10)
    (minimal_site / "content/meetings/2024-02-23-extra.md").unlink()
    shown = run_cli([*args, "--format", "github"], capsys, monkeypatch)
    kinds = [line.split(" ", 1)[0] for line in shown.out.splitlines()]
    assert (len(kinds), kinds.count("::error"), kinds.count("::warning")) == (20, 10, 10)


def test_build_github_format_annotates_a_push_straight_to_main(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """CI's build of main annotates the commit, as the check of a pull request does: an
    edit in GitHub's web editor is pointed at the line, not just a red run."""
    out = minimal_site / "_site"
    args = ["build", "--strict", "--format", "github", "--source", str(minimal_site)]
    built = run_cli([*args, "--output", str(out)], capsys, monkeypatch)
    assert built.code == 0, built.err
    advice = "with a note saying so: note: Not discussed; carried to the next meeting"
    assert [line for line in built.out.splitlines() if line.startswith("::")] == [
        "::warning file=content/meetings/2024-03-11-third.md,line=3,col=7::action "
        "'write-guidance' was due by 1 March 2024; this meeting does not report back on it "
        "(add '- id: write-guidance' with its status under actions; if the meeting did not get "
        f"to it, {advice})"
    ]
    assert built.problem_lines == []  # not written twice, as text too
    note = _meeting(minimal_site)
    note.write_text(note.read_text().replace("[permission-to-engage]", "[permision-to-engage]"))
    failed = run_cli([*args, "--output", str(out)], capsys, monkeypatch)
    assert failed.code == 1
    assert failed.out.splitlines() == [
        "::error file=content/meetings/2024-03-11-third.md,line=5,col=10::unknown theme "
        "'permision-to-engage'; did you mean 'permission-to-engage'?"
    ]
    assert failed.err.splitlines() == ["1 error(s); nothing was written"]


def test_build_json_format_writes_only_json(minimal_site: Path, capsys, monkeypatch) -> None:
    (minimal_site / "content/themes/unused.md").write_text("---\ntitle: Unused\n---\nx\n")
    args = ["build", "--strict", "--format", "json", "--source", str(minimal_site)]
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 1
    found = json.loads(run.out)
    assert found["ok"] is False
    assert [(p["path"], p["severity"]) for p in found["problems"]] == [
        ("content/meetings/2024-03-11-third.md", "warning"),  # advisory: it fails nothing
        ("content/themes/unused.md", "error"),
    ]
    (minimal_site / "content/themes/unused.md").unlink()
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 0, run.err
    assert json.loads(run.out)["ok"] is True
    assert (minimal_site / "_site/index.html").is_file()


def test_check_json_format_is_machine_readable(minimal_site: Path, capsys, monkeypatch) -> None:
    note = _meeting(minimal_site)
    note.write_text(note.read_text().replace("date: 2024-03-11", "date: 2024-02-30"))
    run = run_cli(["check", "--format", "json", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert json.loads(run.out) == {
        "ok": False,
        "problems": [
            {
                "path": "content/meetings/2024-03-11-third.md",
                "line": 3,
                "col": 7,
                "severity": "error",
                "message": "date: '2024-02-30' is not a real date: February 2024 has 29 days",
            }
        ],
    }


# --- new meeting -------------------------------------------------------------------------------


def test_new_meeting_lists_every_open_action_to_report_back(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    run = run_cli(
        ["new", "meeting", "--source", str(minimal_site), "--title", "April: guidance review"],
        capsys,
        monkeypatch,
    )
    assert run.code == 0
    # The latest meeting announced no next meeting and is on the build date (11 March):
    # the default date is tomorrow.
    path = _meeting(minimal_site, "2024-03-12-april-guidance-review.md")
    assert run.out.splitlines()[0] == f"wrote {path}"
    text = path.read_text()
    assert 'title: "April: guidance review"' in text
    assert "# themes at the previous meeting: permission-to-engage" in text
    assert (
        "  - id: write-guidance  # Write guidance on engaging online, Grace and Alan, due "
        "2024-03-01\n"
    ) in text
    assert "    status: in-progress" in text
    assert "live-policy-issue" not in text  # done actions are not listed
    # handing an action on, and a new action's themes, are asked for where they are written
    assert (
        "# give it a new 'owner:' or 'due:'. One not discussed: remove it, or, if it is due,\n"
        "# note: Not discussed; carried to the next meeting (one left as is gets a warning).\n"
    ) in text
    assert (
        "# A new action: '- id:', 'title:', 'owner:', 'due:'; a decision, under 'decisions:',\n"
        "# '- id:' and 'text:'. Each is on this meeting's themes unless it lists its own.\n"
        "actions:\n"
    ) in text
    lines = text.splitlines()
    assert lines[:2] == ["---", "# yaml-language-server: $schema=../../schemas/meeting.schema.json"]
    assert "summary:  # one or two sentences for the home page and feeds" in lines
    assert (
        "draft: true  # a draft is not published: delete this line to publish it as its agenda "
        "before its day (up to four weeks ahead), or when the summary is agreed"
    ) in lines
    build = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert build.code == 0, build.err  # the scaffold is valid as written
    assert not (minimal_site / "_site/meetings/2024-03-12-april-guidance-review").exists()
    # Left as written, the listed action is not an empty "Updated" entry: it is named, once
    # the meeting's day (12 March) has come; before it, it is the meeting's agenda.
    check = ["check", "--drafts", "--source", str(minimal_site)]
    drafts = run_cli(check, capsys, monkeypatch)
    assert drafts.code == 0
    assert "nothing about it changed" not in drafts.err
    on_its_day = epoch_on(date(2024, 3, 12))
    drafts = run_cli(check, capsys, monkeypatch, epoch=on_its_day)
    assert drafts.code == 0
    assert (
        "content/meetings/2024-03-12-april-guidance-review.md:16:9: warning: action "
        "'write-guidance' is listed but nothing about it changed; set its status or write a "
        "note (it was due by 1 March 2024: if the meeting did not get to it, say so: note: Not "
        "discussed; carried to the next meeting)"
    ) in drafts.problem_lines
    path.write_text(text.replace("    note:\n", "    note: First draft shared.\n"))
    drafts = run_cli(check, capsys, monkeypatch, epoch=on_its_day)
    assert "nothing about it changed" not in drafts.err


@pytest.mark.parametrize("ahead", [1, 28], ids=["tomorrow", "four weeks ahead"])
def test_a_new_meeting_s_agenda_may_be_published_ahead_of_its_day_as_its_file_and_check_say(
    ahead: int, minimal_site: Path, capsys, monkeypatch
) -> None:
    """`new meeting` for a day up to four weeks ahead says its agenda may be published before
    it; done as it says (its `draft:` line deleted, the rest as it was written: its themes
    not known yet, `themes: []`), the strict check passes, telling it, as the README has it,
    to write the meeting up once it has met, not to make it a draft. A meeting dated today is
    told to wait for its summary."""
    from datetime import timedelta

    day = date(2024, 3, 11) + timedelta(days=ahead)
    source = ["--source", str(minimal_site)]
    run = run_cli(
        ["new", "meeting", *source, "--date", day.isoformat(), "Plan"], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    path = _meeting(minimal_site, f"{day}-plan.md")
    text = path.read_text()
    draft = (
        "draft: true  # a draft is not published: delete this line to publish it as its agenda "
        "before its day (up to four weeks ahead), or when the summary is agreed\n"
    )
    assert draft in text
    assert "themes: []\n" in text
    path.write_text(text.replace(draft, ""))
    check = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (
        0,
        [
            f"content/meetings/{day}-plan.md:4:7: warning: date {day} is after today "
            "(2024-03-11), so the meeting is published ahead of its day, as an agenda may be up "
            "to four weeks before it: write up what it did once it has met, or correct the date "
            "if it met on another day",
        ],
    )
    today = run_cli(
        ["new", "meeting", *source, "--date", "2024-03-11", "Late"], capsys, monkeypatch
    )
    assert today.code == 0, today.err
    assert (
        "draft: true  # a draft is not published: delete this line when the summary is agreed\n"
        in _meeting(minimal_site, "2024-03-11-late.md").read_text()
    )


def test_new_meeting_again_says_the_file_exists_and_makes_no_second(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    first = run_cli(["new", "meeting", "--source", str(minimal_site)], capsys, monkeypatch)
    assert first.code == 0
    path = _meeting(minimal_site, "2024-03-12-meeting-on-12-march-2024.md")
    again = run_cli(
        ["new", "meeting", "--source", str(minimal_site), "--title", "Other"], capsys, monkeypatch
    )
    assert again.code == 2
    assert again.err.strip() == (
        f"error: {path} already exists for 2024-03-12: edit it, or give --date for a meeting "
        "on another day (--date 2024-03-12 for a second meeting that day)"
    )
    assert sorted(p.name for p in path.parent.glob("2024-03-12-*")) == [path.name]


PLACEHOLDER_WARNING = (
    "warning: the summary is still 'What the group discussed.', which `nominutes new meeting` "
    "wrote; write what the group discussed, decided and took away"
)


def test_a_summary_left_as_new_meeting_wrote_it_is_a_warning_until_it_is_written(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Published with `new meeting`'s placeholder body, a meeting is warned about at that line
    from its day on (so CI's --strict build fails); once the body is written the warning is
    gone, in a build that follows the body edit alone (cache and last site kept) and in
    serve."""
    from datetime import date

    from generator.content.model import BuildOptions
    from generator.serve.server import DevServer

    source = ["--source", str(minimal_site)]
    assert run_cli(["new", "meeting", *source, "Guidance review"], capsys, monkeypatch).code == 0
    path = _meeting(minimal_site, "2024-03-12-guidance-review.md")
    # its summary written, its body not: the lists show the summary, the page the body
    text = re.sub(r"(?m)^draft: true.*\n", "", path.read_text())
    text = re.sub(r"(?m)^summary: .*$", "summary: A look at the guidance.", text)
    path.write_text(text)
    line = text.splitlines().index("What the group discussed.") + 1
    warning = f"content/meetings/{path.name}:{line}:1: {PLACEHOLDER_WARNING}"

    on_its_day = epoch_on(date(2024, 3, 12))
    built = run_cli(["build", *source], capsys, monkeypatch, epoch=on_its_day)
    assert built.code == 0 and warning in built.problem_lines, built.err
    strict = run_cli(["build", "--strict", *source], capsys, monkeypatch, epoch=on_its_day)
    assert strict.code == 1
    assert strictly(warning) in strict.problem_lines
    options = BuildOptions(minimal_site, minimal_site / "_site", date(2024, 3, 12))
    dev = DevServer(options, "127.0.0.1", 0)
    try:
        assert dev.rebuild() and warning in dev.warnings

        path.write_text(text.replace("What the group discussed.", "We read the guidance again."))
        assert dev.rebuild({f"content/meetings/{path.name}"})
        assert not any("What the group discussed." in w for w in dev.warnings), dev.warnings
        page = dev.files[f"meetings/{path.stem}/index.html"].decode()
        assert "We read the guidance again." in page
    finally:
        dev.httpd.server_close()
    capsys.readouterr()  # what serve printed
    again = run_cli(["build", *source], capsys, monkeypatch, epoch=on_its_day)
    assert again.code == 0
    assert "What the group discussed." not in again.err
    assert (
        "We read the guidance again."
        in read_page(minimal_site / "_site", f"meetings/{path.stem}/index.html").text
    )


def test_the_title_may_be_given_on_its_own_as_people_type_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """`nominutes new meeting "Title"` and `nominutes new theme "Title"` do what
    `--title "Title"` does; a theme without a title, or two different titles, are told how."""
    source = ["--source", str(minimal_site)]
    meeting = run_cli(["new", "meeting", *source, "Scenarios: a first look"], capsys, monkeypatch)
    assert meeting.code == 0, meeting.err
    path = _meeting(minimal_site, "2024-03-12-scenarios-a-first-look.md")
    assert meeting.out.splitlines()[0] == f"wrote {path}"
    assert 'title: "Scenarios: a first look"' in path.read_text()

    theme = run_cli(["new", "theme", *source, "Digital confidence"], capsys, monkeypatch)
    assert theme.code == 0, theme.err
    assert (
        "title: Digital confidence\n"
        in (minimal_site / "content/themes/digital-confidence.md").read_text()
    )

    both = run_cli(["new", "theme", *source, "Data", "--title", "Other"], capsys, monkeypatch)
    assert (both.code, both.err.strip()) == (
        2,
        "error: two titles: 'Data' and --title 'Other'; give one",
    )
    none = run_cli(["new", "theme", *source], capsys, monkeypatch)
    assert (none.code, none.err.strip()) == (
        2,
        'error: a theme needs a title: nominutes new theme "Digital confidence"',
    )
    blank = run_cli(["new", "theme", *source, "  "], capsys, monkeypatch)
    assert (blank.code, blank.err.strip()) == (
        2,
        "error: the title must have a letter or digit in it",
    )
    assert sorted(p.name for p in (minimal_site / "content/themes").iterdir()) == sorted(
        [*(p.name for p in (SITES / "minimal/content/themes").iterdir()), "digital-confidence.md"]
    )


def test_a_meeting_naming_a_theme_not_yet_made_is_mended_by_the_command_its_error_names(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A member lists `themes: [digital-skills]` before the theme exists: the error names the
    command that makes it, and running that command (its title's words unquoted, as people
    type them) lets the site build; `--name` gives a theme a shorter name than its title's."""
    source = ["--source", str(minimal_site)]
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace("[permission-to-engage]", "[digital-skills, skills]")
    )
    checked = run_cli(["check", *source], capsys, monkeypatch)
    assert checked.code == 1
    assert checked.problem_lines[:2] == [
        "content/meetings/2024-03-11-third.md:5:10: error: unknown theme 'digital-skills': "
        "there is no content/themes/digital-skills.md; to start a new theme, add it with a "
        "'title:' line (as in content/themes/foi-implications.md), or run nominutes new "
        'theme "Digital skills"',
        "content/meetings/2024-03-11-third.md:5:26: error: unknown theme 'skills': there is "
        "no content/themes/skills.md; to start a new theme, add it with a 'title:' line (as "
        'in content/themes/foi-implications.md), or run nominutes new theme "Skills"',
    ]
    made = run_cli(["new", "theme", *source, "Digital", "skills"], capsys, monkeypatch)
    assert made.code == 0, made.err
    assert (
        "title: Digital skills\n" in (minimal_site / "content/themes/digital-skills.md").read_text()
    )
    named = run_cli(
        ["new", "theme", *source, "Skills for the future", "--name", "skills"], capsys, monkeypatch
    )
    assert named.out.splitlines()[-1] == "next: list it in a meeting's themes: [skills]"
    assert (
        "title: Skills for the future\n" in (minimal_site / "content/themes/skills.md").read_text()
    )
    bad = run_cli(["new", "theme", *source, "Data", "--name", "Data Sharing"], capsys, monkeypatch)
    assert (bad.code, bad.err.strip()) == (
        2,
        "error: --name 'Data Sharing' is not a theme's name as meetings list it (small "
        "letters, digits and hyphens): write it as data-sharing",
    )
    assert not (minimal_site / "content/themes/data-sharing.md").exists()
    assert run_cli(["check", *source], capsys, monkeypatch).code == 0


def test_a_theme_not_yet_made_is_titled_with_the_capitals_its_meeting_writes_its_words_in(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A meeting that names `themes: [foi-requests, gds-and-github]` and writes "FOI", "GDS"
    and "GitHub" in its text is told to make "FOI requests" and "GDS and GitHub", not "Foi
    requests": the command makes the theme under the name the meeting lists, titled as the
    group writes it, and the site builds with that title on the theme's page."""
    source = ["--source", str(minimal_site)]
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text()
        .replace("[permission-to-engage]", "[foi-requests, gds-and-github]")
        .replace("A short third meeting.", "FOI requests came in; GDS moved its code to GitHub.")
    )
    checked = run_cli(["check", *source], capsys, monkeypatch)
    assert [line.rpartition(", or run ")[2] for line in checked.problem_lines] == [
        'nominutes new theme "FOI requests"',
        'nominutes new theme "GDS and GitHub"',
    ]
    for title in ("FOI requests", "GDS and GitHub"):
        assert run_cli(["new", "theme", *source, title], capsys, monkeypatch).code == 0
    out = minimal_site / "_site"
    assert run_cli(["build", *source, "--output", str(out)], capsys, monkeypatch).code == 0
    assert ">FOI requests</h1>" in (out / "themes/foi-requests/index.html").read_text()


def test_new_theme_writes_a_theme_the_site_builds_with(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    args = ["new", "theme", "--source", str(minimal_site), "--title", "Digital confidence: tools"]
    made = run_cli(args, capsys, monkeypatch)
    path = minimal_site / "content/themes/digital-confidence-tools.md"
    assert made.code == 0, made.err
    assert made.out.splitlines() == [
        f"wrote {path}",
        "next: list it in a meeting's themes: [digital-confidence-tools]",
    ]
    assert 'title: "Digital confidence: tools"\n' in path.read_text()  # quoted: it has ': '
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace("[permission-to-engage]", "[digital-confidence-tools]")
    )
    built = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert built.code == 0, built.err
    page = read_page(minimal_site / "_site", "themes/digital-confidence-tools/index.html")
    assert "Digital confidence: tools" in page.text and "Third meeting" in page.text
    # Its description is there to be written: published as it is, it is a warning (the
    # starter's theme, an example, is not), which --strict fails on.
    placeholder = (
        f"{path.relative_to(minimal_site)}:6:1: warning: the theme's description is still the "
        "one `nominutes new theme` wrote; say why the theme matters and the questions the "
        "group keeps coming back to"
    )
    assert placeholder in built.err.splitlines()
    strict = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    failing = strictly(placeholder)  # as --strict counts it
    assert strict.code == 1 and failing in strict.err.splitlines()
    path.write_text(path.read_text().replace("Describe the theme here", "Tools we use. Describe"))
    written = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert written.code == 0 and "theme's description" not in written.err, written.err
    again = run_cli(args, capsys, monkeypatch)
    assert again.code == 2
    assert again.err.strip() == (
        f"error: {path} already exists: the theme 'digital-confidence-tools' is there to edit"
    )


LINK_REFUSED = (
    "error: {} is a symbolic link (to {}), and nominutes {} never writes through one, which "
    "could write over a file outside the site: delete the link (or put the {} itself in its "
    "place) and run it again"
)


@pytest.mark.parametrize("broken", [True, False])
def test_new_theme_where_a_link_is_refuses_it_and_writes_nothing(
    broken: bool, minimal_site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A link in the new theme's place, broken or to a file outside the site: a message,
    not a traceback, and the file it points to is left as it was (none is made)."""
    victim = tmp_path / "victim.txt"
    if not broken:
        victim.write_text("left alone\n")
    link = minimal_site / "content/themes/new-theme.md"
    link.symlink_to(victim)
    run = run_cli(["new", "theme", "--source", str(minimal_site), "New theme"], capsys, monkeypatch)
    assert (run.code, run.out) == (2, "")
    assert run.err.strip() == LINK_REFUSED.format(
        "content/themes/new-theme.md", victim, "new theme", "file"
    )
    assert link.is_symlink()
    assert victim.exists() is not broken and (broken or victim.read_text() == "left alone\n")


def test_new_meeting_into_a_linked_folder_refuses_it_and_writes_nothing(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """content/meetings linked to a folder (one of content/, whose notes a build reads): the
    new file would be written wherever the link points. (A note linked outside the site is
    an error of the site, which `new meeting` reads first.)"""
    args = ["new", "meeting", "--source", str(minimal_site), "--date", "2024-05-01"]
    meetings = minimal_site / "content/meetings"
    meetings.rename(minimal_site / "content/held")
    meetings.symlink_to("held", target_is_directory=True)
    run = run_cli([*args, "--title", "Next"], capsys, monkeypatch)
    assert (run.code, run.out) == (2, "")
    assert run.err.strip() == LINK_REFUSED.format(
        "content/meetings", "held", "new meeting", "folder"
    )
    assert sorted(p.name for p in (minimal_site / "content/held").iterdir()) == sorted(
        p.name for p in (SITES / "minimal/content/meetings").iterdir()
    )


def _a_morning_meeting_that_raised_an_action(site: Path) -> list[str]:
    """The third meeting at 10:00, raising 'visit-farm'; `new meeting` for its day."""
    third = _meeting(site)
    raised = 'time: "10:00"\nactions:\n  - {id: visit-farm, title: Visit the farm, owner: Ada}\n'
    third.write_text(third.read_text().replace("summary:", raised + "summary:"))
    return ["new", "meeting", "--source", str(site), "--date", "2024-03-11"]


def test_new_meeting_with_the_date_of_a_meeting_writes_a_second_one_that_day(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    args = _a_morning_meeting_that_raised_an_action(minimal_site)
    run = run_cli([*args, "--title", "Afternoon visit"], capsys, monkeypatch)
    assert run.code == 0, run.err
    path = _meeting(minimal_site, "2024-03-11-afternoon-visit.md")
    assert run.out.splitlines()[0] == f"wrote {path}"
    text = path.read_text()
    # The writer is told to give a time after the morning's, as a meeting without one would
    # come first that day; so the morning's action, which it would come before, is left out.
    assert (
        'date: 2024-03-11\n# time: "HH:MM"  # after 10:00, when Third meeting began, to come '
        "after it\n"
    ) in text
    assert "visit-farm" not in text
    check = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert check.code == 0, check.err
    assert "visit-farm" not in check.err


def test_a_third_meeting_on_a_day_reads_past_a_drafts_errors_as_check_does(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    args = _a_morning_meeting_that_raised_an_action(minimal_site)
    assert run_cli([*args, "--title", "Afternoon"], capsys, monkeypatch).code == 0
    afternoon = _meeting(minimal_site, "2024-03-11-afternoon.md")
    # The secretary reports back on the morning's action, but gives no time yet.
    afternoon.write_text(
        afternoon.read_text().replace(
            "actions:\n", "actions:\n  - id: visit-farm\n    note: Booked.\n", 1
        )
    )
    message = (
        "content/meetings/2024-03-11-afternoon.md:17:9: warning: an error once this draft is "
        "published: update to action 'visit-farm' is dated 2024-03-11, the day it was raised "
        "at 10:00 in content/meetings/2024-03-11-third.md, and this meeting has no 'time:'; "
        "give it one after 10:00 to say it came after"
    )
    check = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert check.code == 0 and message in check.problem_lines
    run = run_cli([*args, "--title", "Evening"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.problem_lines == [message]
    assert _meeting(minimal_site, "2024-03-11-evening.md").exists()


def test_a_second_meeting_after_one_with_no_time_is_asked_for_a_time(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    args = ["new", "meeting", "--source", str(minimal_site), "--date", "2024-03-11"]
    run = run_cli([*args, "--title", "Afternoon visit"], capsys, monkeypatch)
    assert run.code == 0, run.err
    text = _meeting(minimal_site, "2024-03-11-afternoon-visit.md").read_text()
    assert (
        'date: 2024-03-11\n# time: "HH:MM"  # Third meeting has no time, so comes first that '
        "day; this one follows it\n"
    ) in text


def test_a_second_meeting_after_a_draft_follows_the_draft_rather_than_copying_its_time(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    third = _meeting(minimal_site)
    announced = 'next_meeting: {date: 2024-03-18, time: "14:00"}\n'
    third.write_text(third.read_text().replace("summary:", announced + "summary:"))
    args = ["new", "meeting", "--source", str(minimal_site)]
    first = run_cli(args, capsys, monkeypatch)
    assert first.code == 0, first.err
    drafted = _meeting(minimal_site, "2024-03-18-meeting-on-18-march-2024.md").read_text()
    assert 'time: "14:00"\n' in drafted and "draft: true" in drafted
    second = run_cli([*args, "--date", "2024-03-18", "--title", "Evening"], capsys, monkeypatch)
    assert second.code == 0, second.err
    text = _meeting(minimal_site, "2024-03-18-evening.md").read_text()
    assert (
        'date: 2024-03-18\n# time: "HH:MM"  # after 14:00, when Meeting on 18 March 2024 '
        "began, to come after it\n"
    ) in text
    assert 'time: "14:00"' not in text.replace('# time: "HH:MM"', "")


def test_a_new_meeting_s_title_kept_when_its_date_is_changed_is_told_the_day_to_name(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """`new meeting` titles a meeting by its day ("Meeting on 12 March 2024"); a writer who
    then changes its date is told the title (and the file's name, made from it) still names
    the day it was made for, and what to write; a title that names its own day, or another
    day after other words ("Planning for 1 April 2025"), is no slip."""
    args = ["new", "meeting", "--source", str(minimal_site)]
    assert run_cli(args, capsys, monkeypatch).code == 0
    made = _meeting(minimal_site, "2024-03-12-meeting-on-12-march-2024.md")
    text = made.read_text().replace("draft: true\n", "")
    made.write_text(text.replace("date: 2024-03-12\n", "date: 2024-03-19\n"))
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0
    where = "content/meetings/2024-03-12-meeting-on-12-march-2024.md"
    assert [
        line
        for line in run.problem_lines
        if line.startswith(f"{where}:3:") or line.startswith(f"{where}:4:")
    ] == [
        f"{where}:3:8: warning: the title names 12 March 2024, but the meeting's date is 19 "
        "March 2024; write its day in the title, title: Meeting on 19 March 2024, or correct "
        "the date",
        f"{where}:4:7: warning: date 2024-03-19 differs from the date in the file name "
        "(2024-03-12); rename the file 2024-03-19-meeting-on-19-march-2024.md, or correct the "
        "date",
    ]
    made.write_text(
        text.replace("title: Meeting on 12 March 2024", "title: Planning for 1 April 2025")
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert not [line for line in run.problem_lines if "title names" in line]


def test_new_meeting_slugs_are_ascii(minimal_site: Path, capsys, monkeypatch) -> None:
    args = ["new", "meeting", "--source", str(minimal_site), "--title", "Café Straße: Łódź"]
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 0
    assert _meeting(minimal_site, "2024-03-12-cafe-strasse-lodz.md").is_file()
    # no next meeting was announced and the latest is today's: it says how it dated it, and
    # how to give it its day, as one to come, not one held
    assert run.out.splitlines()[1] == (
        "note: no next_meeting was announced and the latest meeting is today's (2024-03-11), "
        "so this one is dated tomorrow, 2024-03-12, to be given its day; if it meets on "
        "another day, delete it and run again with --date YYYY-MM-DD, or write next_meeting: "
        "YYYY-MM-DD in content/meetings/2024-03-11-third.md (the site then shows that day as "
        "the next meeting's) and run again"
    )
    # an apostrophe, typed or curly, joins its word rather than cutting it in two
    title = ["--date", "2024-03-19", "--title", "Let's hear the group’s view"]
    assert run_cli([*args[:4], *title], capsys, monkeypatch).code == 0
    assert _meeting(minimal_site, "2024-03-19-lets-hear-the-groups-view.md").is_file()


def test_new_meeting_dated_tomorrow_takes_its_day_as_its_note_says(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """The latest meeting is today's and announced none: `new meeting` dates the next one
    tomorrow and says how to give it its day. Done as the note says (the file deleted, the
    day written as next_meeting: in today's meeting), it is dated that day, with no note, and
    the home page names that day as the next meeting's."""
    args = ["new", "meeting", "--source", str(minimal_site)]
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 0, run.err
    tomorrow = _meeting(minimal_site, "2024-03-12-meeting-on-12-march-2024.md")
    assert run.out.splitlines()[0] == f"wrote {tomorrow}"
    assert "dated tomorrow, 2024-03-12" in run.out
    latest = re.search(r"write next_meeting: YYYY-MM-DD in (\S+)", run.out)
    assert latest is not None and latest[1] == "content/meetings/2024-03-11-third.md"
    tomorrow.unlink()
    third = minimal_site / latest[1]
    third.write_text(third.read_text().replace("summary:", "next_meeting: 2024-04-15\nsummary:"))
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 0, run.err
    april = _meeting(minimal_site, "2024-04-15-meeting-on-15-april-2024.md")
    assert run.out.splitlines()[0] == f"wrote {april}"
    assert "note:" not in run.out  # dated as announced (its next: line is on its name)
    assert run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch).code == 0
    home = (minimal_site / "_site/index.html").read_text()
    assert '<time datetime="2024-04-15">15 April 2024</time>' in home


def test_new_meeting_defaults_to_the_announced_next_meeting(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yml").write_text((REPO / "site.yml").read_text())
    import shutil

    shutil.copytree(REPO / "content", site / "content")
    for late in ["2013-09-11-departmental-digital-strategies.md", "2013-10-09-draft-agenda.md"]:
        (site / "content/meetings" / late).unlink()
    args = ["new", "meeting", "--source", str(site)]
    run = run_cli(args, capsys, monkeypatch, epoch="1378036800")  # 1 September 2013
    assert run.code == 0, run.err
    assert (site / "content/meetings/2013-09-11-meeting-on-11-september-2013.md").is_file()
    assert "note:" not in run.out  # the announced date, still ahead, needs no word


def test_new_meeting_on_an_announced_day_that_has_passed_says_to_change_it_if_met_later(
    minimal_site, capsys, monkeypatch
):
    """The third meeting announced 8 April, 14:00 in Room 1; an extra meeting on 25 March
    announced nothing. On 13 April, with no meeting on the 8th, the new meeting is dated
    8 April with the announced time and place, and a note says that day has passed."""
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    announced = "next_meeting: {date: 2024-04-08, time: '14:00', location: Room 1}\n"
    third.write_text(third.read_text().replace("summary:", announced + "summary:"))
    meetings = minimal_site / "content/meetings"
    (meetings / "2024-03-25-extra.md").write_text(
        "---\ntitle: Extra\ndate: 2024-03-25\n---\nMet.\n"
    )
    (meetings / "2024-04-08-draft.md").unlink()
    args = ["new", "meeting", "--source", str(minimal_site), "--title", "Late one"]
    run = run_cli(args, capsys, monkeypatch, epoch="1712966400")  # 13 April 2024
    assert run.code == 0, run.err
    assert run.out.splitlines()[1] == (
        "note: it is dated 2024-04-08, the day announced for the next meeting (8 April 2024), "
        "which has passed; if the meeting was held on another day, change date: in the file, "
        "and the date in its file name"
    )
    text = (meetings / "2024-04-08-late-one.md").read_text()
    assert 'date: 2024-04-08\ntime: "14:00"\nlocation: Room 1\n' in text


def test_new_meeting_takes_the_announced_time_and_place(minimal_site, capsys, monkeypatch):
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    announced = "next_meeting: {date: 2024-04-22, time: '14:00', location: 'Room 4.12: east'}\n"
    third.write_text(third.read_text().replace("summary:", announced + "summary:"))
    run = run_cli(["new", "meeting", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    text = (minimal_site / "content/meetings/2024-04-22-meeting-on-22-april-2024.md").read_text()
    assert 'date: 2024-04-22\ntime: "14:00"\nlocation: "Room 4.12: east"\n' in text
    assert run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch).code == 0


def test_new_meeting_goes_by_the_latest_meeting_held_not_one_published_ahead(
    minimal_site, capsys, monkeypatch
):
    """On 20 March, after the third meeting (11 March, announcing none), a meeting published
    ahead for 8 April, announcing 13 May, has not met: the new meeting is today's."""
    ahead = minimal_site / "content/meetings/2024-04-08-draft.md"
    ahead.write_text(
        ahead.read_text().replace("draft: true", "next_meeting: 2024-05-13\nsummary: Agenda.")
    )
    args = ["new", "meeting", "--source", str(minimal_site)]
    run = run_cli(args, capsys, monkeypatch, epoch="1710892800")  # 20 March 2024
    assert run.code == 0, run.err
    assert (minimal_site / "content/meetings/2024-03-20-meeting-on-20-march-2024.md").is_file()
    assert not list((minimal_site / "content/meetings").glob("2024-05-13-*"))


def test_new_meeting_from_the_announced_day_names_the_file_published_for_it_to_write_up(
    minimal_site, capsys, monkeypatch
):
    """The third meeting announced 8 April; `new meeting` wrote that meeting's file, published
    ahead as its agenda. From 8 April that is the meeting to write up: `new meeting` names its
    file and writes none (not one for 9 April, or today), until it is written up; then the
    new meeting is today's."""
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    announced = "next_meeting: {date: 2024-04-08, time: '14:00', location: Room 1}\n"
    third.write_text(third.read_text().replace("summary:", announced + "summary:"))
    (minimal_site / "content/meetings/2024-04-08-draft.md").unlink()
    args = ["new", "meeting", "--source", str(minimal_site), "--title", "April"]
    assert run_cli(args, capsys, monkeypatch).code == 0
    april = _meeting(minimal_site, "2024-04-08-april.md")
    april.write_text(re.sub(r"(?m)^draft: true.*\n", "", april.read_text()))  # its agenda
    for day in (date(2024, 4, 8), date(2024, 4, 10)):
        run = run_cli(args[:4], capsys, monkeypatch, epoch=epoch_on(day))
        assert run.code == 2, run.out
        assert run.err.strip() == (
            f"error: {april} already exists for 2024-04-08, the latest meeting, not written "
            "up yet (its text is still 'What the group discussed.'): edit it, or give --date "
            "for a meeting on another day (--date 2024-04-08 for a second meeting that day)"
        )
        assert sorted(p.name for p in april.parent.glob("2024-04-*")) == [april.name]
    april.write_text(april.read_text().replace("What the group discussed.", "We met."))
    run = run_cli(args[:4], capsys, monkeypatch, epoch=epoch_on(date(2024, 4, 10)))
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        f"wrote {april.parent / '2024-04-10-meeting-on-10-april-2024.md'}",
        "note: no next_meeting was announced, so it is dated today, 2024-04-10 (the latest "
        "meeting was on 2024-04-08); if it meets, or met, on another day, delete it and run "
        "again with --date YYYY-MM-DD, or write next_meeting: YYYY-MM-DD in "
        "content/meetings/2024-04-08-april.md (the site then shows that day as the next "
        "meeting's) and run again",
        "next: when you give it a title, rename the file to match (2024-04-10-budget-review.md "
        'for "Budget review") before it is published: its name is its page\'s address',
    ]


def test_new_meeting_names_the_postponed_meeting_s_file_published_ahead_until_written_up(
    minimal_site, capsys, monkeypatch
):
    """The third meeting announced 8 April; the meeting that holds it is published ahead for
    15 April (postponed), its agenda committed to git on 12 March. Before its day `new
    meeting` names that file, the next meeting's, moved from 8 April; from its day, as git
    last saw it edited before then, the latest meeting's, not written up; written up and
    committed, the new meeting is today's."""
    site = minimal_site
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text().replace("summary:", "next_meeting: 2024-04-08\nsummary:"))
    (site / "content/meetings/2024-04-08-draft.md").unlink()
    april = _meeting(site, "2024-04-15-april.md")
    april.write_text("---\ntitle: April\ndate: 2024-04-15\n---\n## Agenda\n\n1. The FAQ\n")
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "Agenda for April", "--date=2024-03-12T10:00:00")
    args = ["new", "meeting", "--source", str(site)]
    again = "give --date for a meeting on another day (--date 2024-04-15 for a second meeting"
    run = run_cli(args, capsys, monkeypatch, epoch=epoch_on(date(2024, 4, 9)))
    assert run.code == 2, run.out
    assert run.err.strip() == (
        f"error: {april} already exists for 2024-04-15, the next meeting, published ahead of "
        f"its day (moved from 8 April 2024): edit it, or {again} that day)"
    )
    run = run_cli(args, capsys, monkeypatch, epoch=epoch_on(date(2024, 4, 16)))
    assert run.code == 2, run.out
    assert run.err.strip() == (
        f"error: {april} already exists for 2024-04-15, the latest meeting, not written up "
        "yet (git last saw it edited on 2024-03-12, before its day: an agenda published "
        f"ahead; commit its write-up, if it has one): edit it, or {again} that day)"
    )
    assert sorted(p.name for p in april.parent.glob("2024-04-*")) == [april.name]
    april.write_text(april.read_text() + "\nWe met, and agreed the FAQ.\n")
    git(site, "commit", "-q", "-am", "April written up", "--date=2024-04-15T18:00:00")
    run = run_cli(args, capsys, monkeypatch, epoch=epoch_on(date(2024, 4, 16)))
    assert run.code == 0, run.err
    assert _meeting(site, "2024-04-16-meeting-on-16-april-2024.md").is_file()


def test_new_meeting_never_overwrites(minimal_site: Path, capsys, monkeypatch) -> None:
    args = [
        "new",
        "meeting",
        "--source",
        str(minimal_site),
        "--date",
        "2024-05-01",
        "--title",
        "May",
    ]
    assert run_cli(args, capsys, monkeypatch).code == 0
    path = _meeting(minimal_site, "2024-05-01-may.md")
    path.write_text(path.read_text() + "\nWork in progress.\n")
    before = path.read_text()
    again = run_cli(args, capsys, monkeypatch)
    assert again.code == 2 and "already exists" in again.err
    assert path.read_text() == before


def test_new_meeting_rejects_a_bad_date(minimal_site: Path, capsys, monkeypatch) -> None:
    run = run_cli(
        ["new", "meeting", "--source", str(minimal_site), "--date", "next week"],
        capsys,
        monkeypatch,
    )
    assert run.code == 2
    assert run.err.strip() == (
        "error: --date: 'next week' is not a date; write it as YYYY-MM-DD, e.g. 2024-03-11, "
        "today's date"
    )


def test_new_meeting_gives_a_date_the_messages_front_matter_gives(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    args = ["new", "meeting", "--source", str(minimal_site), "--date", "2026-13-01", "X"]
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 2
    assert run.err.strip() == (
        "error: --date: '2026-13-01' is not a real date; did you mean 2026-01-13, 13 January "
        "2026? dates are YYYY-MM-DD"
    )


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (
            ["new", "meeting", "--titel", "Foo"],
            "usage: nominutes new meeting [-h]",
            "nominutes new meeting: error: unknown option '--titel'; did you mean '--title'?",
        ),
        (
            ["email", "--meting", "2024-01-15-kick-off"],
            "usage: nominutes email [-h]",
            "nominutes email: error: unknown option '--meting'; did you mean '--meeting'?",
        ),
        (
            ["build", "--jbs=2"],
            "usage: nominutes build [-h]",
            "nominutes build: error: unknown option '--jbs'; did you mean '--jobs'?",
        ),
        (
            ["--verson"],
            "usage: nominutes [-h]",
            "nominutes: error: unknown option '--verson'; did you mean '--version'?",
        ),
    ],
)
def test_a_mistyped_option_is_named_with_the_one_meant_and_the_commands_usage(
    args: list[str], usage: str, message: str, minimal_site: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(minimal_site)
    with pytest.raises(SystemExit) as exit_:
        run_cli(args, capsys, monkeypatch)
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[0].startswith(usage)
    assert lines[-1] == message


# --- init --------------------------------------------------------------------------------------


def test_init_takes_the_group_s_name_as_the_title_of_every_page(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`init DIR "name"`, as people type it: the title is the group's, quoted as YAML needs,
    and no longer the example `check` warns of."""
    site = tmp_path / "group"
    run = run_cli(["init", str(site), 'Net zero: "schools"  group'], capsys, monkeypatch)
    assert run.code == 0, run.err
    title = (site / "site.yml").read_text().splitlines()[1]
    assert title == 'title: "Net zero: \\"schools\\" group"'
    check = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert not [line for line in check.problem_lines if "title" in line]
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    index = (site / "_site/index.html").read_text()
    assert "<title>Net zero: &#34;schools&#34; group</title>" in index
    empty = run_cli(["init", str(tmp_path / "other"), " - "], capsys, monkeypatch)
    assert empty.code == 2 and "the title must have a letter or digit in it" in empty.err
    assert not (tmp_path / "other").exists()


def test_init_with_no_folder_starts_the_site_in_the_folder_it_is_run_in(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`mkdir our-group && cd our-group && nominutes init`, as the help's "in an empty folder"
    reads: the site is written here, and `next:` says to build, not to change folder; in a
    folder that already holds a site, it says so and writes nothing."""
    site = tmp_path / "our-group"
    site.mkdir()
    monkeypatch.chdir(site)
    run = run_cli(["init"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert (site / "site.yml").is_file() and (site / "content/principles.md").is_file()
    assert run.out.splitlines()[-1] == "next: nominutes build"
    again = run_cli(["init"], capsys, monkeypatch)
    assert again.code == 2
    assert "already holds a site (its site.yml); init starts a new one" in again.err


def test_init_dates_the_starter_meeting_by_the_sites_day_not_utcs(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """At 23:30 UTC on 30 June it is already 1 July in the starter's time zone (Europe/London,
    in summer time), the day every other command takes as today: the starter meeting is dated
    1 July, and the site built then shows it as the latest meeting, held today."""
    site = tmp_path / "group"
    late = "1719790200"  # 2024-06-30 23:30 UTC: 00:30 on 1 July in London
    run = run_cli(["init", str(site)], capsys, monkeypatch, epoch=late)
    assert run.code == 0, run.err
    assert "timezone: Europe/London\n" in (site / "site.yml").read_text()
    [meeting] = (site / "content/meetings").iterdir()
    assert meeting.name == "2024-07-01-first-meeting.md"
    assert "\ndate: 2024-07-01\n" in meeting.read_text()
    built = run_cli(["build", "--source", str(site)], capsys, monkeypatch, epoch=late)
    assert built.code == 0, built.err
    home = read_page(site / "_site", "index.html").text
    assert "Latest meeting First meeting, 1 July 2024" in home


@pytest.mark.slow
def test_init_creates_a_site_that_builds_and_checks_clean(tmp_path: Path) -> None:
    site = tmp_path / "group"
    run = run_subprocess(["init", str(site)])
    assert run.code == 0, run.err
    for name in [
        "site.yml",
        "Makefile",
        "README.md",
        ".github/workflows/site.yml",
        "content/principles.md",
        "content/themes/getting-started.md",
        "content/meetings/2024-03-11-first-meeting.md",
        "schemas/meeting.schema.json",
    ]:
        assert (site / name).is_file(), name
    assert (site / "requirements.txt").read_text().splitlines()[-1] == "nominutes==0.1.0"
    check = run_subprocess(["check", "--source", str(site)])
    assert check.code == 0
    # Until the group sets its own, the example meeting and settings are named (and --strict
    # fails).
    assert check.problem_lines == [
        "content/meetings/2024-03-11-first-meeting.md:18:1: warning: this is still the "
        "example meeting `nominutes init` wrote, which would be published as the group's "
        "first meeting: delete the file, or write your own summary in its place (see the "
        "README's first steps)",
        "site.yml:2:8: warning: title is still the example 'Our policy group' that init wrote; "
        "set it to your group's own (see the README's first steps)",
        "site.yml:4:11: warning: base_url is still the example "
        "'https://example.github.io/our-group/' that init wrote; set it to your group's own "
        "(see the README's first steps)",
        "site.yml:7:11: warning: repo_url is still the example "
        "'https://github.com/example/our-group' that init wrote; set it to your group's own "
        "(see the README's first steps)",
        "site.yml:8:15: warning: feedback_url is still the example "
        "'mailto:our-group@example.gov.uk' that init wrote; set it to your group's own "
        "(see the README's first steps)",
    ]
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    page = (site / "_site/meetings/2024-03-11-first-meeting/index.html").read_text()
    # The example embeds a small image, published beside the notes at the same path.
    assert (
        '<img src="../../files/how-we-publish.png" alt="Meet, write the summary, publish it"'
        in page
    )
    # The example's action takes its meeting's theme: the tracker lists it there.
    by_theme = (site / "_site/actions/by-theme/index.html").read_text()
    assert '<a href="getting-started/">Getting started</a>: 1 outstanding' in by_theme
    image = (site / "_site/files/how-we-publish.png").read_bytes()
    starter = REPO / "generator/scaffold/starter/content/files/how-we-publish.png"
    assert image == starter.read_bytes()
    settings = site / "site.yml"
    settings.write_text(
        settings.read_text()
        .replace("title: Our policy group", "title: Solar policy group")
        .replace("example.github.io/our-group", "solar-group.github.io/notes")
        .replace("github.com/example/our-group", "github.com/solar-group/notes")
        .replace("our-group@example.gov.uk", "solar@councils.example.org")
    )
    example = site / "content/meetings/2024-03-11-first-meeting.md"
    strict = run_subprocess(["check", "--strict", "--source", str(site)])
    assert strict.code == 1  # the example meeting, still as init wrote it
    where = [line.split(": ")[0] for line in strict.problem_lines]
    assert where == ["content/meetings/2024-03-11-first-meeting.md:18:1"]
    example.write_text(example.read_text().replace("A few paragraphs on", "Paragraphs on"))
    strict = run_subprocess(["check", "--strict", "--source", str(site)])
    assert (strict.code, strict.problem_lines) == (0, [])


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    run = run_subprocess(["init", str(tmp_path)])
    assert run.code == 2 and "not empty" in run.err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_writes_into_a_repository_made_first(tmp_path: Path, capsys, monkeypatch) -> None:
    """`mkdir group && cd group && git init && nominutes init . "..."`: the folder holds
    only .git, which init leaves as it is; anything else there is still refused."""
    site = tmp_path / "group"
    site.mkdir()
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    head = (site / ".git/HEAD").read_bytes()
    monkeypatch.chdir(site)
    run = run_cli(["init", ".", "Riverside Council Digital Policy Group"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == "next: nominutes build"  # no `cd .` first
    assert (site / ".git/HEAD").read_bytes() == head
    assert (site / "site.yml").is_file() and (site / ".gitignore").is_file()
    loose = tmp_path / "loose"  # a folder of other things, not a repository
    loose.mkdir()
    (loose / "notes.txt").write_text("keep me\n")
    refused = run_cli(["init", str(loose)], capsys, monkeypatch)
    assert refused.code == 2
    assert refused.err.splitlines()[-1] == (
        f"error: {loose} is not empty; init only writes into an empty folder "
        "(or a repository's, made first with git init or cloned)"
    )
    assert [p.name for p in loose.iterdir()] == ["notes.txt"]


def test_init_writes_into_a_repository_github_made_once_its_readme_is_aside(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A repository made on GitHub with a README, a .gitignore and a licence, then cloned:
    init names the files it would overwrite, writes nothing, and once they are moved aside
    writes the site beside the licence."""
    site = tmp_path / "group"
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    for name, text in [("README.md", "# group\n"), (".gitignore", "*.pyc\n"), ("LICENSE", "MIT\n")]:
        (site / name).write_text(text)
    refused = run_cli(["init", str(site)], capsys, monkeypatch)
    assert refused.code == 2
    assert refused.err.splitlines()[-1] == (
        f"error: {site} already holds .gitignore and README.md, which init writes; init never "
        "overwrites: move them aside (git mv .gitignore .gitignore.before) and run init again"
    )
    assert sorted(p.name for p in site.iterdir()) == [".git", ".gitignore", "LICENSE", "README.md"]
    (site / "README.md").rename(site / "README-github.md")
    (site / ".gitignore").unlink()
    run = run_cli(["init", str(site), "Riverside group"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert (site / "LICENSE").read_text() == "MIT\n"
    assert (site / "README.md").read_text().startswith("# Riverside group\n")


@pytest.mark.parametrize(
    "title",
    ["Riverside Council Digital Policy Group", "Net *zero* #1 [draft] <b>A & B</b> _x_ `y` #"],
)
def test_init_heads_the_groups_readme_with_its_title_as_written(
    title: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site = tmp_path / "group"
    assert run_cli(["init", str(site), title], capsys, monkeypatch).code == 0
    readme = (site / "README.md").read_text()
    heading = readme.splitlines()[0]
    assert heading.startswith("# ") and "policy group's meeting summaries" not in readme
    # As GitHub shows it (CommonMark): the heading reads exactly the title.
    shown = MarkdownIt("commonmark").render(heading)
    assert shown == f"<h1>{html.escape(title, quote=False)}</h1>\n"


def test_init_s_readme_tells_members_in_github_s_web_editor_how_to_write_a_meeting(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A section for members who only use github.com: start from the last meeting or the
    template, the file's name and folder, where the actions to report back on are, the
    check's annotations and what to do when it fails. Its template, pasted as it says into
    the site init wrote, passes the publishing check, as a draft and once published; the
    error it quotes is the one check gives."""
    from datetime import date

    from generator.scaffold.create import init_site

    site = tmp_path / "group"
    init_site(site, today=date(2025, 3, 1), title="Riverside group")
    readme = (site / "README.md").read_text()
    section = readme.split("\n## Writing in GitHub's web editor\n", 1)[1].split("\n## ", 1)[0]
    words = " ".join(section.split())
    for told in (
        "**Copy raw file**",
        "**Add file → Create new file**",
        "**3. Name the file** `YYYY-MM-DD-title.md`",
        "in `content/meetings/`",
        "The site's `/next/` page",
        "the site's `/actions/` page (the action tracker)",
        "**Create a new branch for this commit and start a pull request**",
        "in the **Files changed** tab under the line it is about",
        "**When the check fails (a red cross):**",
    ):
        assert told in words
    settings = site / "site.yml"
    settings.write_text(
        settings.read_text()
        .replace("https://example.github.io/our-group/", "https://example.org/group/")
        .replace("https://github.com/example/our-group", "https://github.com/riverside/notes")
        .replace("mailto:our-group@example.gov.uk", "mailto:feedback@example.org")
    )
    [example] = (site / "content/meetings").iterdir()  # rewritten, as its first steps say
    example.write_text(example.read_text().split("\n---\n")[0] + "\n---\nWe met.\n")
    template = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    note = site / "content/meetings/2025-03-12-housing-targets.md"  # as the README names it
    note.write_text(template)
    on_20_march = "1742472000"
    check = ["check", "--source", str(site), "--strict"]
    run = run_cli(check, capsys, monkeypatch, on_20_march)
    assert (run.code, run.err) == (0, "0 error(s), 0 warning(s)\n")
    note.write_text(template.replace("draft: true\n", ""))  # agreed: published
    run = run_cli(check, capsys, monkeypatch, on_20_march)
    assert (run.code, run.err) == (0, "0 error(s), 0 warning(s)\n")
    note.write_text(template.replace("status: done", "status: finished"))
    run = run_cli(check, capsys, monkeypatch, on_20_march)
    said = run.err.split(": error: ", 1)[1].split("\n", 1)[0]
    assert run.code == 1 and said.startswith("action 1 status: 'finished' is not a status")
    assert f"`{said}`" in words


# --- JSON Schema -------------------------------------------------------------------------------


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings (YAML 1.2)."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front_matter(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n")[1], Loader=_EditorLoader)


def _validator(name: str) -> jsonschema.Validator:
    schema = json.loads((REPO / "generator/schemas" / f"{name}.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_shipped_schemas_are_generated_from_the_model() -> None:
    for name, text in json_schemas().items():
        assert (REPO / "generator/schemas" / name).read_text() == text, (
            f"{name} is stale: run `make schemas`"
        )


def test_readme_settings_table_lists_every_setting_of_the_model() -> None:
    readme = (REPO / "README.md").read_text()
    assert with_settings_table(readme) == readme, "the settings table is stale: run `make schemas`"
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    listed = [row.split("`")[1] for row in rows if "settings table" not in row]
    assert set(SiteSettings.model_fields) <= set(listed)
    assert "| `page_size` | `10` | Meetings on each page" in readme
    assert "| `accessibility` | none | For the accessibility statement" in readme


def test_the_readme_names_exactly_the_variables_each_template_gets(tmp_path: Path) -> None:
    """The table under "The look" against what the sample site's pages are given, and the
    sentence before it against what every page is given."""
    from datetime import date

    from generator.build import BuildOptions
    from generator.content.load import load_site
    from generator.engine.cache import BuildCache
    from generator.make import assemble_model, page_model, render_bodies
    from generator.site.pages import build_pages, common_context

    readme = (REPO / "README.md").read_text()
    head = "| Template | Its own variables, beside every page's |"
    table = readme.split(head, 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    named = {row.split("`")[1]: set(re.findall(r"`(\w+)`", row.split("|")[2])) for row in table}
    options = BuildOptions(REPO, tmp_path / "out", date(2026, 12, 5))
    model = assemble_model(load_site(options.source), options)
    pages_model = page_model(
        model.site, model.indexes, render_bodies(model.site, BuildCache.disabled())
    )
    given: dict[str, set[str]] = {}
    for page in build_pages(pages_model):
        given.setdefault(page.template, set()).update(page.make_context())
    assert {t: named.get(t) for t in given} == given
    templates = REPO / "generator/themes/default/templates"
    pages = {p.name for p in templates.glob("*.html")} - {"base.html", "_macros.html", "email.html"}
    assert set(named) == pages
    paragraph = readme.split(head, 1)[0].rstrip().rsplit("\n\n", 1)[1]
    common = common_context(model.site.settings.site, page)
    assert {name for name in common if f"`{name}`" not in paragraph} == set()


def _records_given(value: object) -> dict[str, list[str]]:
    """Each record in `value` (the variables of a page) and in the records it holds, by what
    an error calls it, with the names an error lists of it."""
    from generator.site.render import template_names

    found: dict[str, list[str]] = {}
    seen: set[int] = set()
    waiting = [value]
    while waiting:
        value = waiting.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if type(value).__module__.startswith("generator."):
            names = template_names(value)
            what = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(value).__name__).lower()
            found.setdefault(what, names)
            waiting += [getattr(value, name) for name in names]
        elif isinstance(value, list | tuple | set | frozenset):
            waiting += value
        elif isinstance(value, dict):
            waiting += value.values()
    return found


def test_the_readme_names_what_each_record_gives_as_an_error_lists_it(tmp_path: Path) -> None:
    """The table of records under "The look" against the records the sample site's pages
    are given, each with the names an error about a name it lacks lists: its own, not where
    a value is written (`body_line`) nor the page's plumbing (`reads`)."""
    from datetime import date

    from generator.build import BuildOptions
    from generator.content.load import load_site
    from generator.engine.cache import BuildCache
    from generator.make import assemble_model, page_model, render_bodies
    from generator.site.pages import build_pages, common_context

    readme = (REPO / "README.md").read_text()
    head = "| Record | What it gives |"
    table = readme.split(head, 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    named = {row.split(" | ")[0].strip("| "): re.findall(r"`(\w+)`", row) for row in table}
    options = BuildOptions(REPO, tmp_path / "out", date(2026, 12, 5))
    model = assemble_model(load_site(options.source), options)
    pages_model = page_model(
        model.site, model.indexes, render_bodies(model.site, BuildCache.disabled())
    )
    given: dict[str, list[str]] = {}
    for page in build_pages(pages_model):
        context = {**common_context(model.site.settings.site, page), **page.make_context()}
        for what, names in _records_given(list(context.values())).items():
            given.setdefault(what, names)
    assert named == dict(sorted(given.items()))
    assert named["page"] == ["description", "kind", "title", "url"]
    assert "body_line" not in named["meeting"] and "title" in named["meeting"]


def test_the_readme_s_example_meeting_and_anchor_link_pass_check_strict(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Written as the README shows them, beside the themes, principles and earlier decision
    they name, and a later meeting that links to the README's #anchor example."""
    section = (REPO / "README.md").read_text().split("## Writing a meeting summary")[1]
    example = section.split("```markdown\n")[1].split("```\n")[0]
    found = re.search(r"`(2013-06-12-first-working-group\.md#[a-z0-9-]+)`", section)
    assert found, "the README gives no #anchor example"
    site = tmp_path / "site"
    notes = site / "content"
    (notes / "meetings").mkdir(parents=True)
    (notes / "themes").mkdir()
    (site / "site.yml").write_text((SITES / "minimal/site.yml").read_text())
    (notes / "principles.md").write_text(
        "---\ntitle: Our principles\nprinciples:\n  - {id: listen-first, text: Listen.}\n"
        "  - {id: work-better, text: Work better.}\n---\nOurs.\n"
    )
    for slug in ("value-of-online-engagement", "foi-implications"):
        (notes / f"themes/{slug}.md").write_text(f"---\ntitle: {slug}\n---\nWhy it matters.\n")
    (notes / "meetings/2013-05-01-start.md").write_text(
        "---\ntitle: Start\ndate: 2013-05-01\nthemes: [foi-implications]\ndecisions:\n"
        "  - {id: older-decision, text: We issue minutes.}\n---\nWe began.\n"
    )
    (notes / "meetings/2013-06-12-first-working-group.md").write_text(example)
    (notes / "meetings/2013-07-10-second.md").write_text(
        "---\ntitle: Second\ndate: 2013-07-10\nthemes: [value-of-online-engagement]\n"
        "actions:\n  - {id: live-policy-issue, status: done}\n---\n"
        f"Each brought one, as [agreed]({found.group(1)}).\n"
    )
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (0, [])


def test_the_site_schema_describes_each_setting_as_the_readme_s_table_does() -> None:
    """So an editor shows what a setting means where it is written."""
    schema = json.loads((REPO / "generator/schemas/site.schema.json").read_text())
    readme = (REPO / "README.md").read_text()
    table = readme.split("<!-- settings table:")[1].split("<!-- end of settings table -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    told = {row.split("`")[1]: row.split(" | ")[2].removesuffix(" |") for row in rows}
    described = {name: field["description"] for name, field in schema["properties"].items()}
    assert described == {name: told[name] for name in schema["properties"]}
    assert described["page_size"].startswith("Meetings on each page of a list of meetings")


@pytest.mark.parametrize("root", [REPO, SITES / "minimal"])
def test_sample_content_is_valid_against_the_schemas(root: Path) -> None:
    for path in sorted((root / "content/meetings").glob("*.md")):
        _validator("meeting").validate(_front_matter(path))
    for path in sorted((root / "content/themes").glob("*.md")):
        _validator("theme").validate(_front_matter(path))
    _validator("principles").validate(_front_matter(root / "content/principles.md"))
    _validator("site").validate(yaml.load((root / "site.yml").read_text(), Loader=_EditorLoader))


def test_schema_rejects_what_the_loader_rejects() -> None:
    bad = {"title": "T", "date": "2024-01-01", "actions": [{"id": "Bad_Id", "status": "no"}]}
    errors = list(_validator("meeting").iter_errors(bad))
    assert len(errors) == 2


@pytest.mark.parametrize(
    "name",
    [
        "Jane Smith",
        "@jsmith",
        "Jane Smith <jane.smith@example.gov.uk>",
        "bob@example.org",
        "Sam (sam@digital.example.co.uk)",
        "Policy team",
        "Siân Evans (siân@bücher.example)",
        "Olga <olga@почта.рф>",
        "Zoë Ødegaard",
        "Dafydd ap Gwilym @dafydd",
    ],
)
def test_an_editor_flags_an_address_where_the_build_does(name: str) -> None:
    """The schema's rule for a name (authors, an action's owner) is the build's."""
    validator = _validator("meeting")
    flagged = [
        list(validator.iter_errors(front))
        for front in (
            {"title": "T", "date": "2024-01-01", "authors": [name]},
            {"title": "T", "date": "2024-01-01", "actions": [{"id": "a", "owner": name}]},
            {"title": "T", "date": "2024-01-01", "actions": [{"id": "a", "owner": [name]}]},
        )
    ]
    assert [bool(errors) for errors in flagged] == [person_problem(name) is not None] * 3


# --- CI workflow and pre-commit ----------------------------------------------------------------


def _make_targets() -> dict[str, str]:
    makefile = (REPO / "Makefile").read_text()
    return {
        m.group(1): m.group(2) for m in re.finditer(r"^([a-z]+):.*\n((?:\t.*\n)+)", makefile, re.M)
    }


def test_workflow_checks_pull_requests_and_publishes_main_daily() -> None:
    text = (REPO / ".github/workflows/site.yml").read_text()
    workflow = parse_yaml(text).value  # our strict reader: `on` stays a string key
    assert set(workflow["on"]) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"]
    jobs = workflow["jobs"]
    runs = {
        name: [s["run"] for s in job.get("steps", []) if "run" in s] for name, job in jobs.items()
    }
    assert runs["check"] == ['make check CHECK_FLAGS="--strict --format github"']
    assert runs["build"] == ['make site BUILD_FLAGS="--strict --format github"']
    uses = [s.get("uses", "") for job in jobs.values() for s in job.get("steps", [])]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    checkout = next(
        s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == "0"  # full history, for "how views changed"
    cache = next(
        s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")
    )
    assert cache["with"]["path"].split() == [".cache", "_site"]  # warm rebuilds keep pages
    targets = _make_targets()
    assert "nominutes check --source . $(CHECK_FLAGS)" in targets["check"]
    assert "nominutes build --source . --output _site $(BUILD_FLAGS)" in targets["site"]


def test_a_run_on_main_is_never_cancelled_and_a_pull_request_s_older_run_is() -> None:
    """A push's run cancelled by the next push, or by the daily run, before its email job
    would never send its meetings, and a deployment cut short is against GitHub's advice."""
    workflow = parse_yaml((REPO / ".github/workflows/site.yml").read_text()).value
    concurrency = workflow["concurrency"]
    assert concurrency["group"] == "pages-${{ github.ref }}"
    expression = re.fullmatch(
        r"\$\{\{ github\.event_name == '([a-z_]+)' \}\}", concurrency["cancel-in-progress"]
    )
    assert expression, concurrency["cancel-in-progress"]
    cancels = {event: event == expression.group(1) for event in workflow["on"]}
    assert cancels == {
        "pull_request": True,
        "push": False,
        "schedule": False,
        "workflow_dispatch": False,
    }
    assert all("concurrency" not in job for job in workflow["jobs"].values())


def test_init_writes_the_same_workflow_as_this_repository() -> None:
    starter = REPO / "generator/scaffold/starter/dot-github/workflows/site.yml"
    assert starter.read_text() == (REPO / ".github/workflows/site.yml").read_text()


def test_pre_commit_hook_runs_check() -> None:
    hooks = parse_yaml((REPO / ".pre-commit-hooks.yaml").read_text()).value
    assert hooks[0]["id"] == "nominutes-check"
    assert hooks[0]["entry"] == "nominutes check"
    assert hooks[0]["pass_filenames"] is False


# --- progress and quiet ------------------------------------------------------------------------


def test_build_in_ci_prints_plain_progress_and_a_closing_line(
    minimal_source: Path, tmp_path: Path
) -> None:
    run = run_subprocess(
        ["build", "--source", str(minimal_source), "--output", str(tmp_path / "o")], CI="true"
    )
    lines = run.out.splitlines()
    assert lines[0] == "rendered 50/50 pages"
    assert re.fullmatch(r"wrote 50 pages \(\d+ files\) to .+/o in \d+\.\d\ds", lines[-1])
    assert "\x1b[" not in run.out  # no terminal control codes in a CI log


@pytest.mark.slow
def test_short_quiet_flags_and_the_cache_line_only_when_verbose(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    plain = run_subprocess(["build", "--source", str(site)], CI="true")
    assert plain.code == 0 and "cache" not in plain.out
    verbose = run_subprocess(["build", "-v", "--source", str(site)], CI="true")
    assert "nothing changed since the last build" in verbose.out  # nothing to reuse
    with (site / "content/meetings/2024-03-11-third.md").open("a") as note:
        note.write("One more line.\n")
    verbose = run_subprocess(["build", "-v", "--source", str(site)], CI="true")
    assert "reused from the cache: " in verbose.out and "files " in verbose.out
    assert run_subprocess(["build", "-q", "--source", str(site)]).out == ""
    check = run_subprocess(["check", "--quiet", "--source", str(site)])
    assert (check.code, check.out, check.err) == (0, "", MISSED_REPORT_BACK + "\n")
    (site / "content/themes/unused.md").write_text("---\ntitle: Unused\n---\nx\n")
    check = run_subprocess(["check", "-q", "--source", str(site)])
    assert (check.code, check.out) == (0, "")
    assert check.err.splitlines() == [
        MISSED_REPORT_BACK,
        "content/themes/unused.md:2:1: warning: no meeting discusses theme 'unused'; add it to "
        "a meeting's themes",
    ]


@pytest.mark.slow
def test_commands_run_inside_content_find_the_site_above(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    inside = site / "content/meetings"
    built = run_subprocess(["build", "-q"], cwd=inside)
    assert built.code == 0, built.err
    assert (site / "_site/index.html").is_file()
    assert not (inside / "_site").exists()
    assert run_subprocess(["check", "-q"], cwd=inside).code == 0
    made = run_subprocess(["new", "meeting", "--date", "2024-04-01"], cwd=site / "content")
    assert made.code == 0, made.err
    assert (inside / "2024-04-01-meeting-on-1-april-2024.md").is_file()
    with (site / "site.yml").open("a") as settings:
        settings.write("email: {to: [group@example.org], from: Group <noreply@example.org>}\n")
    mailed = run_subprocess(
        ["email", "--meeting", "2024-03-11-third", "--dry-run", str(tmp_path / "mail")], cwd=inside
    )
    assert mailed.code == 0, mailed.err
    assert (tmp_path / "mail/2024-03-11-third.eml").is_file()
    nowhere = run_subprocess(["check"], cwd=tmp_path)
    assert (nowhere.code, nowhere.err) == (1, NOT_A_SITE + "\n")


NOT_A_SITE = (
    "error: this folder is not a nominutes site (no site.yml here or above it): cd into the "
    "site, or give --source"
)


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check", "--format", "json"],
        ["serve", "--port", "0"],
        ["new", "meeting"],
        ["new", "theme", "Budget"],
        ["email", "--meeting", "x", "--dry-run", "mail"],
    ],
)
def test_every_command_outside_a_site_says_so_plainly_and_does_nothing(
    command: list[str], tmp_path: Path, capsys, monkeypatch
) -> None:
    def served(*args: object, **kwargs: object) -> int:
        raise AssertionError("serve started outside a site")

    monkeypatch.setattr("generator.serve.server.serve", served)
    monkeypatch.chdir(tmp_path)
    run = run_cli(command, capsys, monkeypatch)
    assert (run.code, run.out, run.err) == (1, "", NOT_A_SITE + "\n")
    assert list(tmp_path.iterdir()) == []
    given = run_cli([*command, "--source", str(tmp_path)], capsys, monkeypatch)
    assert (given.code, given.err) == (
        1,
        f"error: --source {tmp_path} is not a nominutes site (no site.yml in it): give "
        "--source the site's folder\n",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["serve"],
        ["new", "meeting"],
        ["email", "--meeting", "x", "--dry-run", "mail"],
    ],
)
def test_a_source_folder_that_does_not_exist_says_so(
    tmp_path: Path, capsys, monkeypatch, command: list[str]
) -> None:
    missing = tmp_path / "nonexist"
    run = run_cli([*command, "--source", str(missing)], capsys, monkeypatch)
    assert (run.code, run.err) == (2, f"error: --source: no such folder: {missing}\n")
    assert not missing.exists()


def test_quiet_build_prints_only_problems(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    quiet = run_subprocess(["build", "--quiet", "--source", str(site)])
    assert quiet.code == 0 and quiet.out == "" and quiet.err == MISSED_REPORT_BACK + "\n"
    note = _meeting(site)
    note.write_text(note.read_text().replace("title: Third meeting", "title: ''"))
    failing = run_subprocess(["build", "--quiet", "--source", str(site)])
    assert failing.code == 1 and failing.out == ""
    assert failing.err.splitlines()[0] == (
        "content/meetings/2024-03-11-third.md:2:8: error: title is empty"
    )


def test_a_meeting_written_for_an_earlier_day_reports_on_what_was_open_then(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A group writing up a meeting it held before its latest one (catching up on its
    history) gets the actions open before that day, as the meeting before left them: never
    one raised later, which the build would reject."""

    def written_for(day: str, name: str) -> str:
        command = ["new", "meeting", "--source", str(minimal_site), "--date", day]
        run = run_cli(command, capsys, monkeypatch)
        assert run.code == 0, run.err
        note = _meeting(minimal_site, f"{day}-{name}.md")
        note.write_text(note.read_text().replace("draft: true", "draft: false"))  # published
        return note.read_text()

    text = written_for("2024-02-01", "meeting-on-1-february-2024")
    assert "# themes at the previous meeting: foi-implications" in text
    assert (
        "  - id: live-policy-issue  # Think of a live policy issue, All members, due 2024-02-12\n"
    ) in text
    assert (
        "  - id: write-guidance  # Write guidance on engaging online, Grace and Alan, due "
        "2024-03-01\n"
    ) in text
    assert "    status: in-progress" not in text  # as the kick-off left it: open
    text = written_for("2024-01-01", "meeting-on-1-january-2024")
    assert "actions: []" in text and "themes at the previous meeting" not in text
    build = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert build.code == 0, build.err  # published as written: no update before its raise


def _help(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    """A command's --help, its lines joined as one."""
    with pytest.raises(SystemExit) as leaving:
        main([*command, "--help"])
    assert leaving.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_the_help_says_each_default_and_names_init_s_folder_as_the_readme_does(capsys) -> None:
    assert "(default: text)" in _help(capsys, "check")
    assert (
        "YYYY-MM-DD (default: the latest meeting's next_meeting, else today, or tomorrow when "
        "the latest meeting is today's)"
    ) in _help(capsys, "new", "meeting")
    init = _help(capsys, "init")
    assert "usage: nominutes init [-h] [DIR] [TITLE]" in init
    assert "DIR an empty or new folder" in init
    serve = _help(capsys, "serve")
    assert "(default: 127.0.0.1, this machine alone)" in serve
    assert "--port PORT the port to serve on (default: 8000)" in serve


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_jobs_fewer_than_one_is_a_usage_error_naming_what_it_takes(
    jobs: str, minimal_site: Path, capsys
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--source", str(minimal_site), "--jobs", jobs])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"nominutes build: error: argument --jobs: must be a whole number, 1 or more, not '{jobs}'"
    )
    assert not (minimal_site / "_site").exists()


def test_new_meeting_suggests_no_retired_theme(minimal_site: Path, capsys, monkeypatch) -> None:
    theme = minimal_site / "content/themes/permission-to-engage.md"
    theme.write_text(theme.read_text().replace("title:", "retired: true\ntitle:"))
    run = run_cli(["new", "meeting", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    text = _meeting(minimal_site, "2024-03-12-meeting-on-12-march-2024.md").read_text()
    assert "permission-to-engage" not in text
    assert "themes: []" in text
