"""The catalogue of bad content: each case is a folder under tests/sites/errors/.

A case holds only the files that differ from tests/sites/minimal (and an
optional `remove.txt` listing files to delete), plus `expected.txt`: the exact
problem lines the build must print. Every case must exit 1 and leave the
previously published site byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator import make
from generator.content import validate
from generator.content.load import Kind, LoadError, SourceDoc, parse_document
from generator.errors import ContentError, Problem, Severity, in_order
from generator.inputs import document_entry, document_or_problems
from tests.conftest import SITES, STRICT_NOTE, copy_site, edit, run_cli, snapshot, strictly
from tests.htmlpage import read_page

CASES = sorted(p.name for p in (SITES / "errors").iterdir() if p.is_dir())
SPECIAL = {"expected.txt", "remove.txt", "README.md"}


def prepare_case(name: str, root: Path) -> Path:
    site = copy_site("minimal", root / "site")
    case = SITES / "errors" / name
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        target = site / relative
        if path.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(path), target)
        elif path.is_file() and relative.as_posix() not in SPECIAL:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text().split():
            (site / line).unlink()
    return site


@pytest.fixture(scope="module")
def published(built_minimal: Path) -> Path:
    return built_minimal


@pytest.mark.parametrize("name", CASES)
def test_bad_content_is_reported_and_nothing_is_lost(
    name: str, tmp_path: Path, published: Path, capsys, monkeypatch
) -> None:
    site = prepare_case(name, tmp_path)
    output = tmp_path / "out"
    shutil.copytree(published, output)
    before = snapshot(output)

    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)

    expected = (SITES / "errors" / name / "expected.txt").read_text().splitlines()
    assert run.problem_lines == expected
    assert run.code == 1
    assert "Traceback" not in run.err
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no temp folder left


UNINDENTED_LIST_CASES = [
    "an-entry-without-its-dash-after-an-unindented-list",
    "an-entry-and-its-keys-without-the-dash-after-an-unindented-list",
    "an-entry-and-its-due-date-without-the-dash-after-an-unindented-list",
    "an-entry-with-its-due-date-first-without-the-dash-after-an-unindented-list",
    "an-update-without-its-dash-after-an-unindented-list",
    "an-entry-and-its-themes-without-the-dash-after-an-unindented-list",
    "an-entry-written-title-first-without-the-dash-after-an-unindented-list",
]


@pytest.mark.parametrize("name", UNINDENTED_LIST_CASES)
def test_an_entry_without_its_dash_in_an_unindented_list_is_one_error_at_check(
    name: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """`check` says to start the entry with '- ' (and indent its keys written at the list's
    column under it), not that a key is unknown or given twice, beside the file's other
    errors."""
    site = prepare_case(name, tmp_path)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    expected = (SITES / "errors" / name / "expected.txt").read_text().splitlines()
    assert run.code == 1
    assert run.problem_lines == expected
    assert not any("duplicate key" in line or "unknown field" in line for line in expected)


_DASH_TOLD = re.compile(r":(\d+):1: error: '[^']*' looks like .*?: start it with '- '.*")
_INDENT_TOLD = re.compile(r"'(\w+):'( \(with its '- ' lines\))?")


def _written_as_told(text: str, messages: list[str]) -> str:
    """`text` mended word for word as `messages` say: '- ' before the line each names, and
    each key it names after it (and its '- ' lines, when it says so) 2 spaces further in."""
    lines = text.split("\n")
    for message in messages:
        start = int(_DASH_TOLD.search(message).group(1)) - 1
        lines[start] = "- " + lines[start]
        told = message.partition(", and indent ")[2]
        for key, with_dashes in _INDENT_TOLD.findall(told):
            at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(f"{key}:"))
            lines[at] = "  " + lines[at]
            while with_dashes and lines[at + 1].startswith("- "):
                at += 1
                lines[at] = "  " + lines[at]
    return "\n".join(lines)


@pytest.mark.parametrize("name", UNINDENTED_LIST_CASES)
def test_an_entry_written_as_its_message_says_leaves_the_files_other_errors(
    name: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Doing what the message says, and no more, mends the entry: the file's other errors
    are all that is left."""
    site = prepare_case(name, tmp_path)
    expected = (SITES / "errors" / name / "expected.txt").read_text().splitlines()
    told = [line for line in expected if _DASH_TOLD.search(line)]
    meeting = site / "content" / "meetings" / "2024-03-11-third.md"
    meeting.write_text(_written_as_told(meeting.read_text(), told))
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    errors = [line for line in run.problem_lines if ": error: " in line]
    assert told
    assert errors == [line for line in expected if line not in told]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (  # the meeting's title given again after the list, with no action's keys under it
            "title: Third meeting again\nlocation: Room 4B\n",
            "content/meetings/2024-03-11-third.md:10:1: error: duplicate key 'title' (first "
            "given on line 2); remove one of them",
        ),
        (  # an action's key the meeting has too, given again, but no action's id after it
            "themes: [permission-to-engage]\nowner: Aisha Khan\n",
            "content/meetings/2024-03-11-third.md:10:1: error: duplicate key 'themes' (first "
            "given on line 5); remove one of them",
        ),
    ],
)
def test_a_key_given_again_after_an_unindented_list_is_a_duplicate_without_the_entrys_id(
    after: str, expected: str, minimal_site: Path, capsys, monkeypatch
) -> None:
    """A meeting's own key written twice after a list whose dashes are at its column is not
    read as the list's next entry unless the entry's first key (`id:`) comes after it."""
    edit(
        minimal_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "- id: draft-guidance\n  title: Draft the guidance\n  owner: Sam Patel\n" + after,
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines[0] == expected


def test_the_catalogue_is_not_empty() -> None:
    assert len(CASES) >= 40


@pytest.fixture
def warning_free_site(minimal_site: Path) -> Path:
    """The minimal site without its one warning (an action's report-back missed)."""
    edit(
        minimal_site,
        "content/meetings/2024-01-15-kick-off.md",
        "due: 2024-03-01",
        "due: 2024-04-01",
    )
    return minimal_site


def test_an_owner_of_several_names_in_one_is_a_warning_that_writes_the_list(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """'Priya, Sam' or 'Priya Shah and Tom' would be one owner with one list of actions; a
    list is none, and a team's name is left alone."""
    edit(
        warning_free_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - id: ask-legal\n    title: Ask legal\n    owner: Priya, Sam\n"
        "  - {id: ask-press, title: Ask the press office, owner: [Priya, Sam]}\n"
        "  - id: ask-board\n    title: Ask the board\n    owner: Priya Shah and Tom\n"
        "  - id: ask-panel\n    title: Ask the panel\n    owner: Sam & Kwame Asante\n"
        "  - id: ask-team\n    title: Ask the team\n    owner: Policy and strategy team\n",
    )
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    one_list = "owner, with one list of actions; if these are different people, write a list"
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:9:12: warning: owner 'Priya, Sam' is one owner "
        "with a comma in the name; for several owners write a list: owner: [Priya, Sam]",
        "content/meetings/2024-03-11-third.md:13:12: warning: owner 'Priya Shah and Tom' is one "
        f"{one_list}: owner: [Priya Shah, Tom]",
        "content/meetings/2024-03-11-third.md:16:12: warning: owner 'Sam & Kwame Asante' is one "
        f"{one_list}: owner: [Sam, Kwame Asante]",
    ]
    tracker = (warning_free_site / "_site/actions/by-owner/index.html").read_text()
    assert "Priya Shah and Tom" in tracker


def test_names_joined_by_and_in_brackets_are_a_warning_that_writes_them_apart(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """`authors: [Jane Smith and Sam Lee]` is one author to the list, as `authors: Jane
    Smith and Sam Lee` is a sentence, not a list: a warning at the name writes the list with
    each person apart (an owner's list too); a team's name in a list is left alone."""
    edit(
        warning_free_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "authors: [Jane Smith and Sam Lee]\nthemes: [permission-to-engage]\nactions:\n"
        "  - {id: ask-legal, title: Ask legal, owner: [Priya & Tom, Kwame Asante]}\n"
        "  - {id: ask-team, title: Ask the team, owner: [Policy and strategy team]}\n",
    )
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:5:11: warning: author 'Jane Smith and Sam Lee' is "
        "one author to the list; if these are different people, write each apart: authors: "
        "[Jane Smith, Sam Lee]",
        "content/meetings/2024-03-11-third.md:8:47: warning: owner 'Priya & Tom' is one owner "
        "to the list; if these are different people, write each apart: owner: [Priya, Tom, "
        "Kwame Asante]",
    ]
    strict = run_cli(["check", "--strict", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert strict.code == 1


def test_an_owner_or_due_date_left_empty_is_a_warning_that_says_what_to_write(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """`owner: [ ]` names no one; the agenda pack lists the action under "No owner named"
    (not under a person called Unassigned). A `due:` with nothing after it sets nothing."""
    edit(
        warning_free_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nnext_meeting: 2024-04-08\nactions:\n"
        "  - id: ask-legal\n    title: Ask legal\n    owner: [ ]\n    due: 2024-03-25\n"
        "  - id: write-guidance\n    due:\n    note: Nearly there.\n",
    )
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:10:12: warning: action 'ask-legal' has an owner "
        "list that names no one, so it shows as Unassigned, on no owner's list; name who will "
        "do it, or write owner: All members",
        "content/meetings/2024-03-11-third.md:13:9: warning: action 'write-guidance' has 'due:' "
        "with no date, which sets nothing; write the date it is due by, as YYYY-MM-DD, or "
        "delete the line",
    ]
    pack = read_page(warning_free_site / "_site", "next/index.html")
    assert "No owner named" in pack.text and "Due, no owner named" in pack.text
    assert "Unassigned" not in pack.text


def test_an_owner_written_as_me_or_tbc_is_a_warning_that_says_who_to_name(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """`owner: me` (or Everyone) is no one a reader of the site can tell; `TBC` in a list is
    someone not agreed yet: a warning at the owner's line says what to write, which
    `--strict` fails on; a name that holds such a word (`Comms team`) is a name."""
    edit(
        warning_free_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - id: ask-legal\n    title: Ask legal\n    owner: me\n    due: 2024-03-25\n"
        "  - id: book-a-room\n    title: Book a room\n    owner: [Alan, TBC]\n"
        "    due: 2024-03-25\n"
        "  - id: ask-comms\n    title: Ask comms\n    owner: Comms team\n    due: 2024-03-25\n",
    )
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:9:12: warning: action 'ask-legal' has owner: me, "
        "which a reader of the site cannot tell who is; name who will do it (owner: Priya "
        "Shah), or write owner: All members",
        "content/meetings/2024-03-11-third.md:13:12: warning: action 'book-a-room' has owner: "
        "TBC, which a reader of the site cannot tell who is; leave owner: out until it is "
        "agreed (it shows as Unassigned), then name them",
    ]
    run = run_cli(["build", "--strict", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 1


def test_an_action_raised_with_no_owner_is_a_warning_that_says_who_to_name(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """An action no meeting gives an owner shows as Unassigned: a warning at its raise says
    so, which `check --strict` fails on; one whose update names an owner is not warned about."""
    edit(
        warning_free_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n"
        "  - id: a3-book-a-room\n    title: Book a room\n    due: 2024-03-11\n"
        "  - id: a3-ask-legal\n    title: Ask legal\n    due: 2024-03-11\n",
    )
    edit(
        warning_free_site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\nactions:\n"
        "  - {id: a3-book-a-room, status: done}\n"
        "  - {id: a3-ask-legal, owner: Priya, status: done}\n",
    )
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-02-12-reporting-back.md:13:9: warning: action 'a3-book-a-room' "
        "has no "
        "owner, so it shows as Unassigned, on no owner's list; name who will do it: add "
        "owner: Name, or owner: All members",
    ]
    page = read_page(warning_free_site / "_site", "actions/a3-book-a-room/index.html")
    assert "Unassigned" in page.text
    strict = run_cli(["check", "--strict", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert strict.code == 1
    assert strict.problem_lines == [strictly(run.problem_lines[0])]


def test_two_meetings_on_one_day_at_one_time_are_a_warning_at_the_second(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """A meeting on the same day at the same time as another, published or a draft, is a
    warning at its `date:` naming the other, which `check --strict` fails on; both still get
    their pages. At another time it is no warning."""
    meetings = warning_free_site / "content/meetings"
    third = "content/meetings/2024-03-11-third.md"
    edit(warning_free_site, third, "date: 2024-03-11\n", "date: 2024-03-11\ntime: '10:00'\n")
    (meetings / "2024-03-11-third-again.md").write_text(
        "---\ntitle: Third meeting again\ndate: 2024-03-11\ntime: '10:00'\n"
        "themes: [permission-to-engage]\n---\nThe same meeting, written up twice.\n"
    )
    edit(
        warning_free_site,
        "content/meetings/2024-02-12-reporting-back.md",
        "date: 2024-02-12\n",
        "date: 2024-02-12\ntime: '18:00'\n",
    )
    draft = meetings / "2024-02-12-a-draft.md"
    draft.write_text("---\ntitle: A draft\ndate: 2024-02-12\ntime: '18:00'\ndraft: true\n---\nX\n")
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-02-12-reporting-back.md:3:7: warning: another meeting, "
        "content/meetings/2024-02-12-a-draft.md (a draft), is on 12 February 2024 at 18:00; "
        "give one a different time, or merge them if they are one meeting",
        "content/meetings/2024-03-11-third-again.md:3:7: warning: another meeting, "
        "content/meetings/2024-03-11-third.md, is on 11 March 2024 at 10:00; give one "
        "a different time, or merge them if they are one meeting",
    ]
    site = warning_free_site / "_site/meetings"
    assert (site / "2024-03-11-third/index.html").exists()
    assert (site / "2024-03-11-third-again/index.html").exists()
    strict = run_cli(["check", "--strict", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert strict.code == 1
    assert strict.problem_lines == [strictly(p) for p in run.problem_lines]
    edit(warning_free_site, third, "time: '10:00'", "time: '14:00'")
    draft.write_text(draft.read_text().replace("time: '18:00'", "time: '9:00'"))
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0 and run.problem_lines == []


def test_curly_quotes_that_parse_are_a_warning_at_each_value(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    minimal_site = warning_free_site
    third = "content/meetings/2024-03-11-third.md"
    edit(minimal_site, third, "title: Third meeting", "title: “School solar”")
    edit(
        minimal_site, third, "summary: The third meeting, on permission.", "summary: ‘Eight roofs’"
    )
    run = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:2:8: warning: title is inside “ ”, which are not "
        'quote marks to YAML, so the page shows them; use straight quotes: title: "School solar"',
        "content/meetings/2024-03-11-third.md:4:10: warning: summary is inside ‘ ’, which are "
        "not quote marks to YAML, so the page shows them; use straight quotes: "
        'summary: "Eight roofs"',
    ]
    # The warning is given again on the next build, when the cache holds the file.
    again = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
    assert again.problem_lines == run.problem_lines
    strict = run_cli(["check", "--strict", "--source", str(minimal_site)], capsys, monkeypatch)
    assert strict.code == 1


def test_a_curly_quote_closed_with_a_straight_one_is_a_warning_with_the_value_to_write(
    warning_free_site: Path, capsys, monkeypatch
) -> None:
    """A phone opens the quote curly, a keyboard closes it straight: YAML reads both as the
    value's text, and the page would show them."""
    third = "content/meetings/2024-03-11-third.md"
    edit(warning_free_site, third, "title: Third meeting", 'title: “School solar"')
    run = run_cli(["build", "--source", str(warning_free_site)], capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:2:8: warning: title opens with “, which is not a "
        'quote mark to YAML, so the page shows it and the " after; use straight quotes: '
        'title: "School solar"'
    ]


def test_problems_are_put_in_the_order_they_compare_in() -> None:
    """`in_order`, which every run's problems are printed in, sorts them as comparing them
    does: by file, line, column, message and severity (the time they come from aside)."""
    rng = random.Random(7)
    problems = [
        Problem(
            rng.choice(["a.md", "b.md", "content/a.md"]),
            rng.randint(1, 3),
            rng.randint(1, 3),
            rng.choice(["x", "y", "did you mean 'done'?"]),
            rng.choice(list(Severity)),
            advisory=rng.random() < 0.5,
        )
        for _ in range(400)
    ]
    found = in_order(problems)
    assert all(a is b for a, b in zip(found, sorted(problems), strict=True))
    assert found != problems


def test_an_error_from_a_worker_process_keeps_its_problems() -> None:
    """A ContentError crosses between processes (pickled) as the problems it carries."""
    error = ContentError([Problem("b.md", 2, 1, "later"), Problem("a.md", 1, 1, "first")])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ContentError
    assert again.problems == error.problems and str(again) == str(error)


def test_an_empty_meeting_file_hides_no_other_meetings_unknown_reference(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An empty file defines nothing, so another meeting's reference to an unknown decision
    or action is still an error, with its suggestion, in the same run as the empty file's."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "---\n",
        "---\ndecisions:\n  - id: meet-fortnightly\n    text: We meet every two weeks.\n",
        count=1,
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\ndecisions:\n  - id: meet-monthly\n"
        "    text: We meet monthly.\n    supersedes: meet-fortnigtly\n",
    )
    (site / "content/meetings/2024-03-20-extra.md").write_text("")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    errors = [line for line in run.problem_lines if ": error: " in line]
    assert errors[0].startswith("content/meetings/2024-03-11-third.md:")
    assert "supersedes unknown decision 'meet-fortnigtly'" in errors[0]
    assert "did you mean 'meet-fortnightly'?" in errors[0]
    assert errors[1] == (
        "content/meetings/2024-03-20-extra.md:1:1: error: the file is empty: write a '---' "
        "line, then YAML, then '---' (`nominutes new meeting` writes one to fill in)"
    )
    assert len(errors) == 2


def test_an_empty_meeting_file_is_known_by_its_error_not_its_words(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Which file was empty, and so defines nothing another meeting may wait for, was read
    back out of the words of its error: reworded, the error would have hidden another
    meeting's unknown decision. The error says it is an empty file's, whatever its words, and
    keeps saying so in the cache (where serve leaves it for the next build)."""
    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\ndecisions:\n  - id: meet-monthly\n"
        "    text: We meet monthly.\n    supersedes: meet-fortnightly\n",
    )
    (site / "content/meetings/2024-03-20-extra.md").write_text("")

    def reworded(relative: str, kind: Kind, data: bytes) -> SourceDoc:
        try:
            return parse_document(relative, kind, data)
        except LoadError as error:
            error.problems = tuple(replace(p, message="nothing here") for p in error.problems)
            raise

    monkeypatch.setattr(make, "parse_document", reworded)
    build = ["build", "--source", str(site), "--output", str(tmp_path / "out")]
    run = run_cli(build, capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            "content/meetings/2024-03-11-third.md:9:17: error: decision 'meet-monthly' "
            "supersedes unknown decision 'meet-fortnightly' (no meeting made a decision "
            "with that id)",
            "content/meetings/2024-03-20-extra.md:1:1: error: nothing here",
        ],
    )
    with pytest.raises(LoadError) as raised:
        parse_document("content/meetings/2024-03-20-extra.md", Kind.MEETING, b"\n")
    stored = json.loads(json.dumps(document_entry(raised.value.problems)))
    assert [p.of_empty_file for p in document_or_problems(stored)] == [True]


# --- warnings beside an error ------------------------------------------------------------------

THIRD = "content/meetings/2024-03-11-third.md"
WEEKLY_WARNINGS = [
    "content/meetings/2024-03-04-weekly.md:3:1: error: meeting lists no themes, so no "
    "theme's page shows it; add a line there naming the themes it discussed, each by its "
    "file's name in content/themes/ without '.md': `themes: [budget, open-data]`" + STRICT_NOTE,
    "content/meetings/2024-03-04-weekly.md:5:1: error: the summary is still 'What the group "
    "discussed.', which `nominutes new meeting` wrote; write what the group discussed, decided "
    "and took away" + STRICT_NOTE,
]
UNUSED = (
    "content/themes/unused.md:2:1: error: no meeting discusses theme 'unused'; add it to a "
    "meeting's themes" + STRICT_NOTE
)
MAY_2024 = "1714521600"  # 1 May 2024: the action the third meeting closes long overdue


def _site_with_warnings_elsewhere(site: Path) -> Path:
    """The minimal site with three warnings in files of their own, and a theme only the third
    meeting discusses, which closes the action due before it (so an earlier meeting's missed
    report-back is moot)."""
    themes, meetings = site / "content/themes", site / "content/meetings"
    (themes / "transport-data.md").write_text("---\ntitle: Transport data\n---\nBuses.\n")
    (themes / "unused.md").write_text("---\ntitle: Unused\n---\nNo one discusses it.\n")
    (meetings / "2024-03-04-weekly.md").write_text(
        "---\ntitle: Weekly\ndate: 2024-03-04\n---\nWhat the group discussed.\n"
    )
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]",
        "themes: [permission-to-engage, transport-data]\nactions:\n"
        "  - id: write-guidance\n    status: done",
    )
    return site


def test_an_error_shows_beside_it_the_warnings_it_cannot_have_caused(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """One error (a theme misspelt, a status too) does not hide the other files' warnings:
    `check --strict` shows in one run every warning that stays once it is mended, and none
    that only the error made (the theme it names is not warned of as discussed by no
    meeting, nor the action it closes as not reported back at the meeting before)."""
    site = _site_with_warnings_elsewhere(minimal_site)
    strict = ["check", "--strict", "--source", str(site)]
    mended = run_cli(strict, capsys, monkeypatch, MAY_2024)
    assert mended.problem_lines == [*WEEKLY_WARNINGS, UNUSED]
    edit(site, THIRD, "transport-data]", "transport-dta]")
    edit(site, THIRD, "status: done", "status: dun")
    broken = run_cli(strict, capsys, monkeypatch, MAY_2024)
    assert broken.code == 1
    assert broken.problem_lines == [
        *WEEKLY_WARNINGS,
        f"{THIRD}:5:32: error: unknown theme 'transport-dta'; did you mean 'transport-data'?",
        f"{THIRD}:8:13: error: action 1 status: 'dun' is not a status; did you mean 'done'? "
        "(use one of: open, in-progress, done, dropped)",
        UNUSED,
    ]
    assert broken.err.splitlines()[-1] == "5 error(s), 0 warning(s)"
    build = ["build", "--source", str(site), "--output", str(site / "_site")]
    built = run_cli(build, capsys, monkeypatch, MAY_2024)
    assert built.problem_lines == [
        line
        if line.startswith(THIRD)
        else line.replace(": error: ", ": warning: ").removesuffix(STRICT_NOTE)
        for line in broken.problem_lines
    ]
    # A strict build shows the warnings that would fail it as errors, as check does.
    strict_build = run_cli([*build, "--strict"], capsys, monkeypatch, MAY_2024)
    assert strict_build.problem_lines == broken.problem_lines
    assert strict_build.err.splitlines()[-1] == "5 error(s); nothing was written"


def test_a_meeting_that_cannot_be_read_leaves_only_the_warnings_of_files_alone(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """Where a meeting with an error comes, and what it names, are not known when its front
    matter cannot be read: the warnings that look across meetings wait for it to be mended;
    those of each other file, looked at alone, are shown."""
    site = _site_with_warnings_elsewhere(minimal_site)
    edit(site, THIRD, "title: Third meeting", "title: [Third meeting")
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch, MAY_2024)
    assert run.code == 1
    errors = [line for line in run.problem_lines if line.startswith(THIRD)]
    assert errors and all(": error: " in line for line in errors)
    assert [line for line in run.problem_lines if line not in errors] == WEEKLY_WARNINGS


def test_ids_written_as_their_messages_suggest_are_each_a_record_s_own(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """New decisions and an action written with ids that are no ids, each suggested the id
    its words make unless another decision (or action) has it, or was suggested it first:
    written as suggested, every id is its own and the site checks clean; the update of an
    action already raised is suggested that action's id."""
    name = "a-new-decision-id-whose-slug-another-decision-has"
    site = prepare_case(name, tmp_path)
    told = run_cli(["check", "--source", str(site)], capsys, monkeypatch).error_lines
    assert len(told) == 5
    meeting = site / "content/meetings/2024-03-11-third.md"
    lines = meeting.read_text().split("\n")
    for message in told:
        line = int(message.split(":")[1]) - 1
        written, suggested = re.search(r"id: '([^']*)' .*; try '([^']*)'$", message).groups()
        assert lines[line] == f"  - id: {written}"
        lines[line] = f"  - id: {suggested}"
    meeting.write_text("\n".join(lines))
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.error_lines) == (0, []), run.err


def test_a_new_decision_s_id_suggested_after_an_edit_is_none_an_unedited_meeting_has(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A meeting edited after a build writes a new decision's id as no id: the id suggested
    is not one another meeting's decision has, though the build after the edit takes that
    meeting as the last build validated it (from the cache), without reading its file."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings/2024-02-01-decided.md").write_text(
        "---\ntitle: Decided\ndate: 2024-02-01\nthemes: [foi-implications]\ndecisions:\n"
        "  - id: meet-monthly\n    text: We meet once a month.\n---\nBody.\n"
    )
    build = ["build", "--source", str(site), "--output", str(tmp_path / "out")]
    assert run_cli(build, capsys, monkeypatch).code == 0
    edit(
        site,
        THIRD,
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\ndecisions:\n  - id: Meet Monthly\n"
        "    text: We meet on the first Monday of each month.\n",
    )
    run = run_cli(build, capsys, monkeypatch)
    assert run.code == 1
    assert [re.sub(r".*; ", "", line) for line in run.error_lines] == ["try 'meet-monthly-2'"]
    assert run.error_lines[0].startswith(f"{THIRD}:7:")


def test_misnamed_notes_renamed_as_their_messages_say_are_each_a_note_of_its_own(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Two meeting files (and two themes, and two notes not named '.md') that are meant to
    have one name: the first is told to take it, the second that it cannot (the first is
    to be renamed so) and a name of its own, which no other note has or is told to take; one
    whose name gives no date is told the name with its front matter's date: each renamed as
    told, the site builds, with every meeting and theme of the nine."""
    site = prepare_case("misnamed-notes-meant-to-have-one-name", tmp_path)
    told = run_cli(["check", "--source", str(site)], capsys, monkeypatch).error_lines
    assert len(told) == 9
    names = []
    for message in told:
        path = message.split(":1:1: ", 1)[0]
        name = re.search(r"(?:rename it|rename this one) ([^ ,]+\.md)", message).group(1)
        names.append(name)
        (site / path).rename(site / path.rpartition("/")[0] / name)
    assert len(set(names)) == 9
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert (run.code, run.error_lines) == (0, []), run.err
    for name in names:
        slug = name.removesuffix(".md")
        folder = "themes" if slug.startswith("digital") else "meetings"
        assert (out / folder / slug / "index.html").exists()


def test_a_theme_named_page_is_an_error_before_its_page_and_the_lists_pages_clash(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A theme file `page.md` gives the theme the address of the themes list's later pages:
    an error at its file with the name to give it, on a site whose lists have one page as on
    one whose lists have more; without that check, the themes list's page listing its later
    pages and the theme's page would both be published at /themes/page/."""
    (minimal_site / "content/themes/page.md").write_text("---\ntitle: Page layout\n---\nText.\n")
    edit(minimal_site, "content/meetings/2024-03-11-third.md", "engage]", "engage, page]")
    told = (
        "content/themes/page.md:1:1: error: theme file name 'page.md' takes the address of "
        "the themes list's later pages (themes/page/2/, and themes/page/ listing them;"
    )

    def problems() -> list[str]:
        run = run_cli(["build", "--source", str(minimal_site)], capsys, monkeypatch)
        assert run.code == 1
        return [line for line in run.problem_lines if ": error: " in line]

    one_page = problems()
    assert len(one_page) == 1 and one_page[0].startswith(told)
    assert "rename it page-layout.md" in one_page[0]
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "actions_page_size: 1\n")
    assert problems() == one_page  # not the clash the check stands before

    monkeypatch.setattr(validate, "LIST_PAGES_SLUGS", ())
    assert problems() == [
        "content/themes/page.md:1:1: error: a generated page and content/themes/page.md would "
        "both be published at /themes/page/; rename one of them"
    ]
