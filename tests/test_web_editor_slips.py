"""Slips of a group that writes only in GitHub's web editor, whose one feedback is the
workflow's `check --strict` and `build --strict`: each is told at its file, in its words,
with the fix, before anything is published."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.content import schema
from generator.content.load import names_meant
from generator.content.model import BuildOptions
from generator.errors import ContentError
from generator.make import make_site
from tests.conftest import MISSED_REPORT_BACK, STRICT_NOTE, copy_site, run_cli, strictly

NOTES = "---\ntitle: {title}\ndate: {date}\nthemes: [{themes}]\n---\n{title} met.\n"


def meeting(
    site: Path, name: str, date: str, title: str = "Notes", themes: str = "foi-implications"
) -> None:
    text = NOTES.format(title=title, date=date, themes=themes)
    (site / "content/meetings" / name).write_text(text)


# --- a note saved without '.md' -----------------------------------------------------------------


def test_a_meeting_or_theme_saved_without_md_is_an_error_with_the_name_to_give_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Saved with no extension or as .txt, a note was published as a raw copy of its
    Markdown, and check and build said 0 errors: each is an error naming the name to give it,
    in both, and nothing is published."""
    site = copy_site("minimal", tmp_path / "site")
    meeting(site, "2024-02-20-notes", "2024-02-20")
    meeting(site, "2024-02-21-notes.txt", "2024-02-21", themes="budget, roads")
    (site / "content/themes/budget").write_text("---\ntitle: Budget\n---\nMoney.\n")
    (site / "content/themes/roads.txt").write_text("---\ntitle: Roads\n---\nRoads.\n")
    (site / "content/themes/rail.yaml.txt").write_text("Rail, in a text file.\n")
    (site / "content/principles.md").rename(site / "content/principles.txt")
    expected = [
        "content/meetings/2024-02-20-notes:1:1: error: a meeting file must end in '.md' to be "
        "read (this one has no extension); rename it 2024-02-20-notes.md",
        "content/meetings/2024-02-21-notes.txt:1:1: error: a meeting file must end in '.md' to "
        "be read (this one ends in '.txt'); rename it 2024-02-21-notes.md",
        "content/principles.txt:1:1: error: the principles file must end in '.md' to be read "
        "(this one ends in '.txt'); rename it principles.md",
        "content/themes/budget:1:1: error: a theme file must end in '.md' to be read (this one "
        "has no extension); rename it budget.md",
        "content/themes/rail.yaml.txt:1:1: error: a theme file must end in '.md' to be read "
        "(this one ends in '.txt'); rename it rail-yaml.md; or, if it is a file to publish as "
        "it is, not a theme, move it into a folder (content/files/, say)",
        "content/themes/roads.txt:1:1: error: a theme file must end in '.md' to be read (this "
        "one ends in '.txt'); rename it roads.md",
    ]
    source = ["--source", str(site)]
    check = run_cli(["check", "--strict", "--format", "text", *source], capsys, monkeypatch)
    # (the principles the meetings cite are unknown while their file is not read)
    assert (check.code, [line for line in check.problem_lines if ".md:" not in line]) == (
        1,
        expected,
    )
    output = tmp_path / "out"
    build = run_cli(["build", "--strict", *source, "--output", str(output)], capsys, monkeypatch)
    assert (build.code, [line for line in build.problem_lines if ".md:" not in line]) == (
        1,
        expected,
    )
    assert not output.exists()
    github = run_cli(["check", "--strict", "--format", "github", *source], capsys, monkeypatch)
    assert (
        "::error file=content/meetings/2024-02-20-notes,line=1,col=1::a meeting file must end "
        "in '.md' to be read (this one has no extension); rename it 2024-02-20-notes.md"
    ) in github.out.splitlines()

    # renamed as told, each is read as a note and has its page
    (site / "content/themes/rail.yaml.txt").unlink()
    for old in expected[:2] + expected[3:4] + expected[5:]:
        path = old.partition(":")[0]
        new = old.rpartition("rename it ")[2]
        (site / path).rename((site / path).parent / new)
    (site / "content/principles.txt").rename(site / "content/principles.md")
    build = run_cli(["build", "--strict", *source, "--output", str(output)], capsys, monkeypatch)
    assert build.code == 0, build.err
    for page in ("meetings/2024-02-20-notes", "meetings/2024-02-21-notes", "themes/budget"):
        assert (output / page / "index.html").is_file()
    assert not (output / "meetings/2024-02-20-notes").is_file()
    assert not (output / "meetings/2024-02-21-notes.txt").exists()


def test_a_file_beside_the_notes_that_is_not_a_note_is_still_published(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An image or a paper in content/meetings/ or themes/, a meeting's text file in its own
    folder, a YAML file (which may start with '---'): published as they are, with no error."""
    site = copy_site("minimal", tmp_path / "site")
    files = {
        "content/meetings/roofs.png": b"\x89PNG\r\n\x1a\n",
        "content/meetings/survey.pdf": b"%PDF-1.4\n",
        "content/meetings/2024-03-11-third/transcript.txt": b"Everyone spoke.\n",
        "content/themes/budget.yml": b"---\ntotal: 3\n---\n",
        "content/files/notes.txt": b"---\nnot: a note\n---\n",
    }
    for relative, data in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
    output = tmp_path / "out"
    args = ["build", "--strict", "--source", str(site), "--output", str(output)]
    build = run_cli(args, capsys, monkeypatch)
    assert build.code == 0, build.err
    assert [line for line in build.problem_lines if ": error: " in line] == []
    for relative, data in files.items():
        assert (output / relative.removeprefix("content/")).read_bytes() == data


# --- a meeting dated far ahead ------------------------------------------------------------------


def test_a_meeting_dated_more_than_four_weeks_ahead_fails_strict_with_the_date_meant(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A slip of the month (12 April for 12 March, 32 days after the build date of 11 March)
    stops the strict check and build, as a pull request's annotation names it with the date
    meant; four weeks ahead (8 April), the meeting written ahead is an advisory warning that
    publishes."""
    site = copy_site("minimal", tmp_path / "site")
    meeting(site, "2024-04-12-workshop.md", "2024-04-12", "Workshop")
    meeting(site, "2024-04-08-review.md", "2024-04-08", "Review")
    message = (
        "dated 12 April 2024, 32 days after today (11 March 2024): did you mean 2024-03-12? "
        "If so, correct the date and rename the file 2024-03-12-workshop.md; a meeting is "
        "published once it has met, or at most four weeks before its day: for one further "
        "off, write draft: true until then"
    )
    ahead = (
        "content/meetings/2024-04-08-review.md:3:7: warning: date 2024-04-08 is after today "
        "(2024-03-11), so the meeting is published ahead of its day, as an agenda may be up to "
        "four weeks before it: write up what it did once it has met, or correct the date if it "
        "met on another day"
    )
    source = ["--source", str(site)]
    check = run_cli(["check", "--strict", "--format", "github", *source], capsys, monkeypatch)
    assert check.code == 1
    annotations = [line for line in check.out.splitlines() if line.startswith("::")]
    assert annotations[1:] == [
        "::warning file=content/meetings/2024-04-08-review.md,line=3,col=7::"
        + ahead.partition(": warning: ")[2],
        f"::error file=content/meetings/2024-04-12-workshop.md,line=3,col=7::{message}",
    ]
    output = tmp_path / "out"
    build = run_cli(["build", *source, "--output", str(output)], capsys, monkeypatch)
    assert build.code == 0, build.err
    assert build.problem_lines == [
        MISSED_REPORT_BACK,
        ahead,
        f"content/meetings/2024-04-12-workshop.md:3:7: warning: {message}",
    ]
    # moved to the day meant, it is a meeting a day ahead: published by the strict build
    (site / "content/meetings/2024-04-12-workshop.md").unlink()
    meeting(site, "2024-03-12-workshop.md", "2024-03-12", "Workshop")
    build = run_cli(["build", "--strict", *source, "--output", str(output)], capsys, monkeypatch)
    assert build.code == 0, build.err
    assert (output / "meetings/2024-03-12-workshop/index.html").is_file()


def test_the_starter_readme_says_which_builds_a_meeting_far_ahead_stops(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The README `init` writes says a meeting more than four weeks ahead stops the check of
    a pull request and the publishing build, which run with the workflow's flags, and that
    `make site` (no flags) only warns: so each of them does."""
    from generator.scaffold.create import init_site

    site = tmp_path / "notes"
    init_site(site, today=date(2024, 3, 1), title="Riverside policy group")
    readme = " ".join((site / "README.md").read_text().split())
    assert (
        "A meeting dated more than four weeks after today fails a pull request's check and "
        'stops the site publishing (both run with `--strict`, see "Publishing"; `make site` on '
        "your own machine only warns of it)"
    ) in readme
    settings = site / "site.yml"  # the group's own feedback address, as its first steps say
    settings.write_text(settings.read_text().replace("example", "riverside"))
    [example] = (site / "content/meetings").iterdir()  # rewritten, as its first steps say too
    example.write_text(example.read_text().split("\n---\n")[0] + "\n---\nWe met.\n")
    meeting(site, "2024-04-12-workshop.md", "2024-04-12", "Workshop", "getting-started")
    far = "content/meetings/2024-04-12-workshop.md:3:7: {}: dated 12 April 2024, 32 days after"
    workflow = (site / ".github/workflows/site.yml").read_text()
    check_flags = re.search(r'make check CHECK_FLAGS="([^"]*)"', workflow)
    build_flags = re.search(r'make site BUILD_FLAGS="([^"]*)"', workflow)
    assert check_flags and build_flags
    source = ["--source", str(site)]
    check = run_cli(["check", *source, *check_flags[1].split()], capsys, monkeypatch)
    assert check.code == 1
    errors = [line for line in check.out.splitlines() if line.startswith("::error ")]
    assert errors == [
        "::error file=content/meetings/2024-04-12-workshop.md,line=3,col=7::dated 12 April "
        "2024, 32 days after today (11 March 2024): did you mean 2024-03-12? If so, correct the "
        "date and rename the file 2024-03-12-workshop.md; a meeting is published once it has "
        "met, or at most four weeks before its day: for one further off, write draft: true "
        "until then"
    ]
    out = ["--output", str(tmp_path / "out")]
    published = run_cli(["build", *source, *out, *build_flags[1].split()], capsys, monkeypatch)
    assert published.code == 1
    assert not (tmp_path / "out").exists()
    local = run_cli(["build", *source, *out], capsys, monkeypatch)  # `make site`: no flags
    assert local.code == 0, local.err
    assert any(line.startswith(far.format("warning")) for line in local.problem_lines)
    assert (tmp_path / "out/meetings/2024-04-12-workshop/index.html").is_file()


def test_a_meeting_far_ahead_with_no_slip_in_sight_is_told_to_correct_its_date_or_wait(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    meeting(site, "2024-09-30-autumn.md", "2024-09-30", "Autumn")
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            MISSED_REPORT_BACK,
            "content/meetings/2024-09-30-autumn.md:3:7: error: dated 30 September 2024, 7 "
            "months after today (11 March 2024): correct the date; a meeting is published once "
            "it has met, or at most four weeks before its day: for one further off, write "
            "draft: true until then" + STRICT_NOTE,
        ],
    )


# --- two meetings on one day --------------------------------------------------------------------


def test_two_meetings_on_one_day_with_no_time_are_a_warning_at_the_second(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Their order would come from their files' names, which no rule states: a warning (it
    fails --strict) at the second, saying to give both a time; a time on one alone orders
    them as the README says (the one without first), with no warning."""
    site = copy_site("minimal", tmp_path / "site")
    meeting(site, "2024-02-20-afternoon.md", "2024-02-20", "Afternoon")
    meeting(site, "2024-02-20-morning.md", "2024-02-20", "Morning")
    warned = (
        "content/meetings/2024-02-20-morning.md:3:7: warning: another meeting, "
        "content/meetings/2024-02-20-afternoon.md, is on 20 February 2024, and neither has a "
        "'time:', so which came first is taken from the files' names (that one, then this "
        "one); give both meetings a 'time:' (time: \"14:00\", on the 24-hour clock) to say "
        "the order they were held in"
    )
    source = ["--source", str(site)]
    check = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (
        1,
        [strictly(warned), MISSED_REPORT_BACK],
    )
    output = tmp_path / "out"
    build = run_cli(["build", *source, "--output", str(output)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (0, [warned, MISSED_REPORT_BACK])

    morning = site / "content/meetings/2024-02-20-morning.md"
    morning.write_text(
        morning.read_text().replace("date: 2024-02-20", 'date: 2024-02-20\ntime: "09:30"')
    )
    afternoon = site / "content/meetings/2024-02-20-afternoon.md"
    afternoon.write_text(
        afternoon.read_text().replace("date: 2024-02-20", 'date: 2024-02-20\ntime: "14:00"')
    )
    build = run_cli(["build", "--strict", *source, "--output", str(output)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (0, [MISSED_REPORT_BACK])
    listed = (output / "feed.xml").read_text()
    assert listed.index("<title>Afternoon</title>") < listed.index("<title>Morning</title>")

    # a time on one alone: the one without comes first, as the README says
    morning.write_text(morning.read_text().replace('time: "09:30"\n', ""))
    check = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (0, [MISSED_REPORT_BACK])


# --- a quote left open in a list ----------------------------------------------------------------

OPEN_QUOTES_IN_LISTS = {
    # written: (column, the message after 'error: ')
    'themes: ["foi-implications, permission-to-engage]': (
        9,
        "the quote opened before 'foi-implications' is not closed, and a quote holds one "
        'item, not several; quote each item: themes: ["foi-implications", '
        '"permission-to-engage"], or leave the quotes out: themes: [foi-implications, '
        "permission-to-engage]",
    ),
    "themes: ['foi-implications, permission-to-engage]  # both": (
        9,
        "the quote opened before 'foi-implications' is not closed, and a quote holds one "
        "item, not several; quote each item: themes: ['foi-implications', "
        "'permission-to-engage'], or leave the quotes out: themes: [foi-implications, "
        "permission-to-engage]",
    ),
    'themes: [foi-implications, "permission-to-engage]': (
        27,
        "the quoted item 'permission-to-engage' has no closing \"; close it: themes: "
        '[foi-implications, "permission-to-engage"], or leave the quotes out: themes: '
        "[foi-implications, permission-to-engage]",
    ),
    'themes: ["foi-implications]': (
        9,
        "the quoted item 'foi-implications' has no closing \"; close it: themes: "
        '["foi-implications"], or leave the quotes out: themes: [foi-implications]',
    ),
    'themes: ["foi-implications, permission-to-engage"]': (
        9,
        "theme 1: 'foi-implications, permission-to-engage' is 2 ids in one item; make each an "
        "item of its own: [foi-implications, permission-to-engage]",
    ),
}


@pytest.mark.parametrize("written", OPEN_QUOTES_IN_LISTS)
def test_a_quote_left_open_in_a_list_is_one_error_whose_fixes_both_work(
    written: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """`themes: ["a, b]` was told to write `["a, b]"`, still wrong, and drew two errors more:
    it is one error, beside the file's others, whose two fixes (each item quoted, or no
    quotes) each pass the strict check."""
    site = copy_site("minimal", tmp_path / "site")
    notes = site / "content/meetings/2024-03-11-third.md"
    text = notes.read_text().replace("themes: [permission-to-engage]", written)
    notes.write_text(text.replace("date: 2024-03-11", "date: 2024-03-11\nnext_meeting: 2024-04-31"))
    # (the meeting, not read, is not told of the action it does not report back on)
    column, message = OPEN_QUOTES_IN_LISTS[written]
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            "content/meetings/2024-03-11-third.md:4:15: error: next_meeting: '2024-04-31' is "
            "not a real date: April 2024 has 30 days",
            f"content/meetings/2024-03-11-third.md:6:{column + 1}: error: {message}",
        ],
    )
    fixes = re.findall(r"(\[[^\]]*\])(?:,|$)", message)
    assert len(fixes) == (1 if "ids in one item" in message else 2)
    for fix in fixes:
        notes.write_text(text.replace(written.split("  #")[0], f"themes: {fix}"))
        run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
        assert (run.code, run.problem_lines) == (0, [MISSED_REPORT_BACK]), fix


# --- the principles file saved under another name -----------------------------------------------

MISNAMED_PRINCIPLES = {
    "content/Principles.md": "the principles file must be named principles.md to be read (this "
    "one is named 'Principles.md'); rename it principles.md",
    "content/principle.md": "the principles file must be named principles.md to be read (this "
    "one is named 'principle.md'); rename it principles.md",
    "content/principles.MD": "the principles file must be named principles.md to be read (this "
    "one is named 'principles.MD'); rename it principles.md",
    "content/principles.txt": "the principles file must end in '.md' to be read (this one ends "
    "in '.txt'); rename it principles.md",
    "content/themes/principles.md": "the principles file must be content/principles.md to be "
    "read (this one is in content/themes/); move it there",
    "content/meetings/principles.md": "the principles file must be content/principles.md to be "
    "read (this one is in content/meetings/); move it there",
}


@pytest.mark.parametrize("saved_as", MISNAMED_PRINCIPLES)
def test_the_principles_file_saved_under_another_name_is_one_error_not_one_per_citation(
    saved_as: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Each meeting citing a principle was told it is unknown, beside the misnamed file's own
    error (or none at all, in themes/ or meetings/): the one error says the name to give it;
    a principle the file does not define either is still unknown; moved as told, the site
    checks."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/principles.md").rename(site / saved_as)
    meeting(site, "2024-02-20-extra.md", "2024-02-20", "Extra")
    extra = site / "content/meetings/2024-02-20-extra.md"
    extra.write_text(extra.read_text().replace("themes:", "principles: [be-brief]\nthemes:"))
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    # (the first meeting's link to ../principles.md, the name to give the file, is no error)
    assert (run.code, sorted(run.problem_lines)) == (  # (in the order of the files' paths)
        1,
        sorted(
            [
                "content/meetings/2024-02-20-extra.md:4:14: error: unknown principle "
                "'be-brief': it is not in content/principles.md; add it there with its text to "
                "cite it (if it was taken out, put it back with 'status: retired': the meetings "
                "that cite it keep it; if its id was changed, change it back, and reword only "
                "its text)",
                f"{saved_as}:1:1: error: {MISNAMED_PRINCIPLES[saved_as]}",
                # (held back while a file in meetings/ is not read, as for any)
                *([] if saved_as.startswith("content/meetings/") else [MISSED_REPORT_BACK]),
            ]
        ),
    )
    (site / saved_as).rename(site / "content/principles.md")
    extra.unlink()
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [MISSED_REPORT_BACK])


@pytest.mark.parametrize("suffix", [".yml", ".yaml"])
def test_the_principles_written_as_a_yaml_file_are_an_error_saying_how_to_make_it_the_file(
    suffix: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """content/principles.yml (the principles as YAML, no '---' lines) was no error: it was
    published as a plain file and the site had no principles. It is one error, naming its
    first and last lines and where the '---' lines go; the principles it defines are not
    told unknown at the meetings citing them; made as told, the site checks."""
    site = copy_site("minimal", tmp_path / "site")
    principles = site / "content/principles.md"
    written = site / f"content/principles{suffix}"
    written.write_text(principles.read_text().split("---\n")[1])  # the front matter alone
    principles.unlink()
    meeting(site, "2024-02-20-extra.md", "2024-02-20", "Extra")
    extra = site / "content/meetings/2024-02-20-extra.md"
    cited = "principles: [listen-first, be-brief]\nthemes:"
    extra.write_text(extra.read_text().replace("themes:", cited))
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            "content/meetings/2024-02-20-extra.md:4:28: error: unknown principle 'be-brief': it "
            "is not in content/principles.md; add it there with its text to cite it (if it was "
            "taken out, put it back with 'status: retired': the meetings that cite it keep it; "
            "if its id was changed, change it back, and reword only its text)",
            MISSED_REPORT_BACK,
            f"content/principles{suffix}:1:1: error: the principles file must be "
            "content/principles.md, with the principles as its front matter between '---' lines "
            f"(this one is YAML alone, named 'principles{suffix}'): rename it principles.md, put "
            "a '---' line above its first line ('title: Our principles') and another after its "
            "last ('    text: Use the data the web already holds.')",
        ],
    )
    principles.write_text(f"---\n{written.read_text()}---\n")
    written.unlink()
    extra.unlink()
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [MISSED_REPORT_BACK])


MISNAMED_NOTES = {
    "content/themes/foi-implications.md": (
        "content/themes/FOI-implications.md",
        "content/themes/FOI-implications.md:1:1: error: theme file name 'FOI-implications.md' "
        "must be a slug: lower-case letters, digits, hyphens; rename it foi-implications.md",
    ),
    "content/meetings/2024-02-12-reporting-back.md": (
        "content/meetings/2024-02-12-Reporting-back.md",
        "content/meetings/2024-02-12-Reporting-back.md:1:1: error: meeting file name "
        "'2024-02-12-Reporting-back.md' must look like YYYY-MM-DD-short-title.md; rename it "
        "2024-02-12-reporting-back.md",
    ),
    "content/meetings/2024-01-15-kick-off.md": (
        "content/meetings/2024-01-15-kick-off.MD",
        "content/meetings/2024-01-15-kick-off.MD:1:1: error: a meeting file must end in '.md' "
        "to be read (this one ends in '.MD'); rename it 2024-01-15-kick-off.md",
    ),
}


@pytest.mark.parametrize("note", MISNAMED_NOTES)
def test_a_link_to_the_name_a_misnamed_note_is_told_to_take_is_not_told_to_take_the_wrong_one(
    note: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A link to a theme or meeting by its right name, while its file is misnamed, was told
    'did you mean' the wrong name (or that the note does not exist): the file's error, with
    the name to give it, is the one told; a link to the wrong name is told the right one."""
    site = copy_site("minimal", tmp_path / "site")
    saved_as, error = MISNAMED_NOTES[note]
    (site / note).rename(site / saved_as)
    right, wrong = (Path(path).name for path in (note, saved_as))
    folder = "../themes/" if "/themes/" in note else ""
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(f"{third.read_text()}\n[right]({folder}{right}) [wrong]({folder}{wrong})\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    errors = [line for line in run.problem_lines if ": error: " in line and "unknown" not in line]
    wrong_link = (
        "content/meetings/2024-03-11-third.md:9:{col}: error: link to a note that does not "
        f"exist: {folder}{wrong}; did you mean {folder}{right}?"
    ).format(col=19 + len(folder) + len(right))
    # (a link to x.MD is one to a file, not a note: the file's own error stands for it)
    told = [error, wrong_link] if wrong.endswith(".md") else [error]
    assert (run.code, errors) == (1, sorted(told))


# A theme saved under another name than its slug, as a member types it in GitHub's web
# editor: each with the words of its one error.
MISNAMED_THEMES = {
    "FOI-implications.md": "theme file name 'FOI-implications.md' must be a slug: lower-case "
    "letters, digits, hyphens; rename it foi-implications.md",
    "foi_implications.md": "theme file name 'foi_implications.md' must be a slug: lower-case "
    "letters, digits, hyphens; rename it foi-implications.md",
    "FOI implications.md": "theme file name 'FOI implications.md' must be a slug: lower-case "
    "letters, digits, hyphens; rename it foi-implications.md",
    "FOI-implications.MD": "a theme file must end in '.md' to be read (this one ends in '.MD'); "
    "rename it foi-implications.md",
    "foi implications": "a theme file must end in '.md' to be read (this one has no "
    "extension); rename it foi-implications.md",
}


@pytest.mark.parametrize("saved_as", MISNAMED_THEMES)
def test_a_theme_saved_under_another_name_is_one_error_with_its_name_not_one_per_meeting(
    saved_as: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Saved as 'FOI-implications.md', 'foi_implications.md' or 'FOI implications.md', the
    theme drew an 'unknown theme' error at each meeting naming it (and a link to it was told
    'did you mean' the wrong name), where the mistake is not: the theme's file has the one
    error, naming the name to give it; a theme no file defines is still unknown; renamed as
    told, the site checks."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/themes/foi-implications.md").rename(site / "content/themes" / saved_as)
    meeting(site, "2024-02-20-extra.md", "2024-02-20", "Extra", "foi-implications, budget")
    source = ["--source", str(site)]
    run = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    # (the kick-off's link to ../themes/foi-implications.md, the name to give it, is no error)
    assert (run.code, run.problem_lines) == (
        1,
        [
            "content/meetings/2024-02-20-extra.md:4:28: error: unknown theme 'budget': there "
            "is no content/themes/budget.md; to start a new theme, add it with a 'title:' line "
            '(as in content/themes/permission-to-engage.md), or run nominutes new theme "Budget"',
            MISSED_REPORT_BACK,
            f"content/themes/{saved_as}:1:1: error: {MISNAMED_THEMES[saved_as]}",
        ],
    )
    (site / "content/themes" / saved_as).rename(site / "content/themes/foi-implications.md")
    (site / "content/meetings/2024-02-20-extra.md").unlink()
    run = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [MISSED_REPORT_BACK])


# A theme saved under a name written with accents or other marks (a Welsh-speaking group's),
# with the plain-letter name its one error gives and that the meeting names.
THEMES_IN_THE_WRITERS_WORDS = {
    "café.md": (
        "cafe",
        "theme file name 'café.md' must be a slug: lower-case letters, "
        "digits, hyphens; rename it cafe.md",
    ),
    "FOI (draft).md": (
        "foi-draft",
        "theme file name 'FOI (draft).md' must be a slug: "
        "lower-case letters, digits, hyphens; rename it foi-draft.md",
    ),
    "Llŷr a Siân.md": (
        "llyr-a-sian",
        "theme file name 'Llŷr a Siân.md' must be a slug: "
        "lower-case letters, digits, hyphens; rename it llyr-a-sian.md",
    ),
    "Straße, Æsop, Øre, Łódź.md": (
        "strasse-aesop-ore-lodz",
        "theme file name 'Straße, Æsop, Øre, Łódź.md' must be a slug: lower-case letters, "
        "digits, hyphens; rename it strasse-aesop-ore-lodz.md",
    ),
    "Café.txt": (
        "cafe",
        "a theme file must end in '.md' to be read (this one ends in '.txt'); rename it cafe.md",
    ),
}


@pytest.mark.parametrize("saved_as", THEMES_IN_THE_WRITERS_WORDS)
def test_a_theme_named_with_accents_is_told_its_plain_letter_name_and_no_meeting_is_told_more(
    saved_as: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Saved as 'café.md' or 'FOI (draft).md', a theme was told only that its name must be a
    slug, with no name to give it, and each meeting naming 'cafe' that the theme is unknown:
    the file's one error names the plain-letter name, which the meetings may name; renamed as
    told, the site checks."""
    site = copy_site("minimal", tmp_path / "site")
    slug, error = THEMES_IN_THE_WRITERS_WORDS[saved_as]
    (site / "content/themes" / saved_as).write_text("---\ntitle: Ein thema\n---\nNotes.\n")
    meeting(site, "2024-02-20-extra.md", "2024-02-20", "Extra", slug)
    source = ["--source", str(site)]
    run = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    expected = [MISSED_REPORT_BACK, f"content/themes/{saved_as}:1:1: error: {error}"]
    assert (run.code, run.problem_lines) == (1, expected)
    (site / "content/themes" / saved_as).rename(site / f"content/themes/{slug}.md")
    run = run_cli(["check", "--strict", *source], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (0, [MISSED_REPORT_BACK])


def test_a_meeting_file_named_with_accents_is_told_its_plain_letter_name(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A meeting saved as '2024-02-20-siân.md' was told to rename it '2024-02-20-si-n.md':
    the name it is told keeps the writer's words, in plain letters."""
    site = copy_site("minimal", tmp_path / "site")
    meeting(site, "2024-02-20-cyfarfod-siân.md", "2024-02-20", "Cyfarfod Siân")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "out")], capsys, monkeypatch
    )
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            "content/meetings/2024-02-20-cyfarfod-siân.md:1:1: error: meeting file name "
            "'2024-02-20-cyfarfod-siân.md' must look like YYYY-MM-DD-short-title.md; rename it "
            "2024-02-20-cyfarfod-sian.md"
        ],
    )


MISNAMED_EVERY_WAY = {
    **{
        saved_as: ("content/principles.md", error)
        for saved_as, error in MISNAMED_PRINCIPLES.items()
    },
    **{
        saved_as: (note, error.partition(": error: ")[2])
        for note, (saved_as, error) in MISNAMED_NOTES.items()
    },
}


@pytest.mark.parametrize("saved_as", MISNAMED_EVERY_WAY)
def test_the_name_a_misnamed_note_is_told_to_take_is_read_from_its_error_not_its_words(
    saved_as: str, tmp_path: Path
) -> None:
    """Which note a misnamed file is, and so which links and references wait for its rename,
    was read back out of the words of its error: reworded, the error would have left every
    link to the note told it does not exist. The error carries the name it tells the writer
    to give the file, which its words say."""
    site = copy_site("minimal", tmp_path / "site")
    note, message = MISNAMED_EVERY_WAY[saved_as]
    (site / note).rename(site / saved_as)
    with pytest.raises(ContentError) as raised:
        make_site(BuildOptions(site, tmp_path / "out", date(2024, 3, 11), cache=False))
    told = [problem for problem in raised.value.problems if problem.path == saved_as]
    assert [problem.message for problem in told] == [message]
    reworded = [replace(problem, message="reworded") for problem in raised.value.problems]
    assert names_meant(reworded) == {saved_as: note}


# --- a meeting dated a year ahead by a slip, and the actions due before it -----------------------

THIRD_WITH_ACTIONS = """---
title: Third meeting
date: 2024-03-11
themes: [permission-to-engage]
actions:
  - id: book-a-room
    title: Book a room
    owner: Grace
    due: 2024-03-15
  - id: send-the-survey
    title: Send the survey
    owner: Alan
    due: 2024-04-01
---
A short third meeting.
"""


def not_reported(path: str, action: str, due: str) -> str:
    return (
        f"{path}:3:7: warning: action '{action}' was due by {due}; this meeting does not "
        f"report back on it (add '- id: {action}' with its status under actions; if the "
        "meeting did not get to it, with a note saying so: note: Not discussed; carried to "
        "the next meeting)"
    )


def test_a_meeting_a_year_ahead_by_a_slip_is_not_told_of_actions_due_only_by_the_wrong_date(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Dated 18 March 2025 for 18 March 2024 (the build date 20 March 2024), a meeting was
    told it does not report back on an action due 1 April 2024, due by it only for the wrong
    year: that is left out beside the warning naming the date meant (an action due by the
    date meant, 15 March, is still told), and with the date corrected it does not come.
    Before the date meant (on 11 March), the meeting has not met: it is told of neither."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings/2024-03-11-third.md").write_text(THIRD_WITH_ACTIONS)
    meeting(site, "2025-03-18-review.md", "2025-03-18", "Review", "permission-to-engage")
    slipped = "content/meetings/2025-03-18-review.md"
    source = ["--source", str(site)]
    output = tmp_path / "out"
    after = "1710892800"  # 20 March 2024, after the date meant
    build = run_cli(["build", *source, "--output", str(output)], capsys, monkeypatch, after)
    assert (build.code, build.problem_lines) == (
        0,
        [
            MISSED_REPORT_BACK,
            not_reported(slipped, "book-a-room", "15 March 2024"),
            f"{slipped}:3:7: warning: dated 18 March 2025, a year after today (20 March 2024): "
            "did you mean 2024-03-18? If so, correct the date and rename the file "
            "2024-03-18-review.md; a meeting is published once it has met, or at most four "
            "weeks before its day: for one further off, write draft: true until then",
        ],
    )
    strict = run_cli(["check", "--strict", *source], capsys, monkeypatch, after)
    assert strict.code == 1
    assert not any("send-the-survey" in line for line in strict.problem_lines)
    before = run_cli(["check", *source], capsys, monkeypatch)  # 11 March
    assert [line for line in before.problem_lines if line.startswith(slipped)] == [
        f"{slipped}:3:7: warning: dated 18 March 2025, a year after today (11 March 2024): "
        "did you mean 2024-03-18? If so, correct the date and rename the file "
        "2024-03-18-review.md; a meeting is published once it has met, or at most four "
        "weeks before its day: for one further off, write draft: true until then",
    ]

    (site / slipped).unlink()
    meeting(site, "2024-03-18-review.md", "2024-03-18", "Review", "permission-to-engage")
    fixed = "content/meetings/2024-03-18-review.md"
    build = run_cli(["build", *source, "--output", str(output)], capsys, monkeypatch, after)
    assert (build.code, build.problem_lines) == (
        0,
        [MISSED_REPORT_BACK, not_reported(fixed, "book-a-room", "15 March 2024")],
    )
    build = run_cli(["build", *source, "--output", str(output)], capsys, monkeypatch)
    assert (build.code, build.problem_lines) == (
        0,
        [
            MISSED_REPORT_BACK,
            f"{fixed}:3:7: warning: date 2024-03-18 is after today (2024-03-11), so the meeting "
            "is published ahead of its day, as an agenda may be up to four weeks before it: "
            "write up what it did once it has met, or correct the date if it met on another day",
        ],
    )


def test_a_meeting_a_year_ahead_by_a_slip_is_not_told_of_a_review_due_only_by_the_wrong_date(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """As for an action: dated 18 March 2025 for 18 March 2024 (the build date 20 March
    2024), a meeting is not told it neither reviews nor supersedes a decision due for review
    on 1 April 2024, due by it only for the wrong year; one due on 15 March, by the date
    meant, it is told."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "---\nA short",
            "decisions:\n  - id: book-rooms\n    text: We book rooms a month ahead.\n"
            "    review: 2024-04-01\n  - id: share-notes\n    text: We share notes.\n"
            "    review: 2024-03-15\n---\nA short",
        )
    )
    meeting(site, "2025-03-18-review.md", "2025-03-18", "Review", "permission-to-engage")
    after = "1710892800"  # 20 March 2024, after the date meant
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch, after)
    assert [line for line in run.problem_lines if "was due for review" in line] == [
        "content/meetings/2025-03-18-review.md:3:7: warning: decision 'share-notes' was due "
        "for review by 15 March 2024; this meeting neither reviews nor supersedes it: under a "
        "new `decisions:` line, record a review that keeps it (- id: share-notes, with "
        "review: a later date), or a decision that supersedes it; if the meeting did not get "
        "to it, leave it: this clears once a later meeting reviews or supersedes it"
    ]


# --- a meeting that lists no themes -------------------------------------------------------------


def test_a_meeting_that_lists_no_themes_is_told_at_its_themes_line_or_where_one_goes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Told at line 1, a writer in the web editor looked at the '---' line: the warning
    points at `themes: []`, or, with no `themes:` line, at the line after the title, where
    one goes, and says what to write there; `--strict` stops at it."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text().replace("themes: [permission-to-engage]\n", ""))
    second = site / "content/meetings/2024-02-12-reporting-back.md"
    second.write_text(
        second.read_text().replace("themes: [foi-implications, permission-to-engage]", "themes: []")
    )
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert [line for line in run.problem_lines if "no themes" in line] == [
        "content/meetings/2024-02-12-reporting-back.md:5:1: error: meeting lists no themes, so "
        "no theme's page shows it; write there the themes it discussed, each by its file's name "
        "in content/themes/ without '.md': `themes: [budget, open-data]`" + STRICT_NOTE,
        "content/meetings/2024-03-11-third.md:3:1: error: meeting lists no themes, so no "
        "theme's page shows it; add a line there naming the themes it discussed, each by its "
        "file's name in content/themes/ without '.md': `themes: [budget, open-data]`" + STRICT_NOTE,
    ]


def test_a_theme_no_meeting_discusses_is_told_at_its_title_line(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Told at line 1, a writer in the web editor looked at the '---' line: the warning
    points at the theme's `title:`, wherever it is written, and `--strict` stops at it."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/themes/housing.md").write_text(
        "---\n# Housing: added after the spring survey\nsummary: Homes.\ntitle: Housing\n"
        "---\nWhere people live.\n"
    )
    run = run_cli(["check", "--strict", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert [line for line in run.problem_lines if "no meeting discusses" in line] == [
        "content/themes/housing.md:4:1: error: no meeting discusses theme 'housing'; add it to "
        "a meeting's themes" + STRICT_NOTE
    ]


# --- misnamed notes of different kinds told names of their own ----------------------------------


def test_misnamed_notes_of_every_kind_are_each_offered_a_name_no_other_is_offered(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A theme saved with no extension, one as `.MD`, one named `Budget.md` and one in a
    folder, all meant to be budget.md (and meetings so): the first is told the name, each
    other a name of its own. Two were told `budget-2.md` (one misnamed `.MD`, one not a
    slug), and the one in a folder to move in as budget.md, which another was told to take."""
    site = copy_site("minimal", tmp_path / "site")
    theme = "---\ntitle: Budget\n---\nMoney.\n"
    notes = "---\ntitle: Notes\ndate: 2024-02-20\nthemes: [foi-implications]\n---\nMet.\n"
    for name, text in [
        ("themes/budget", theme),
        ("themes/budget.MD", theme),
        ("themes/Budget.md", theme),
        ("themes/old/budget.md", theme),
        ("meetings/2024-02-20-notes", notes),
        ("meetings/2024-02-20-notes.MD", notes),
        ("meetings/2024-02-20 Notes.md", notes),
        ("meetings/2024/2024-02-20-notes.md", notes),
    ]:
        path = site / "content" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    same = "if the two files are the same {}, copy what this one adds into that one and delete "
    assert [line for line in run.problem_lines if ": error: " in line] == [
        "content/meetings/2024-02-20 Notes.md:1:1: error: meeting file name '2024-02-20 Notes.md' "
        "must look like YYYY-MM-DD-short-title.md; it cannot be renamed 2024-02-20-notes.md, as "
        f"2024-02-20-notes is to be renamed so: {same.format('meeting')}this one; if not, "
        "rename this one 2024-02-20-notes-4.md, or another name of its own",
        "content/meetings/2024-02-20-notes:1:1: error: a meeting file must end in '.md' to be "
        "read (this one has no extension); rename it 2024-02-20-notes.md",
        "content/meetings/2024-02-20-notes.MD:1:1: error: a meeting file must end in '.md' to be "
        "read (this one ends in '.MD'); it cannot be renamed 2024-02-20-notes.md, as "
        f"2024-02-20-notes is to be renamed so: {same.format('meeting')}this one; if not, "
        "rename this one 2024-02-20-notes-2.md, or another name of its own",
        "content/meetings/2024/2024-02-20-notes.md:1:1: error: a meeting in a folder under "
        "content/meetings/ is not read: it cannot be moved into content/meetings/ itself as "
        "2024-02-20-notes.md, as 2024-02-20-notes is to be named so: "
        f"{same.format('meeting')}this one; if not, move this one there as "
        "2024-02-20-notes-3.md, or under another name of its own",
        "content/themes/Budget.md:1:1: error: theme file name 'Budget.md' must be a slug: "
        "lower-case letters, digits, hyphens; it cannot be renamed budget.md, as budget is to "
        f"be renamed so: {same.format('theme')}this one; if not, rename this one budget-4.md, "
        "or another name of its own",
        "content/themes/budget:1:1: error: a theme file must end in '.md' to be read (this one "
        "has no extension); rename it budget.md",
        "content/themes/budget.MD:1:1: error: a theme file must end in '.md' to be read (this "
        "one ends in '.MD'); it cannot be renamed budget.md, as budget is to be renamed so: "
        f"{same.format('theme')}this one; if not, rename this one budget-2.md, or another name "
        "of its own",
        "content/themes/old/budget.md:1:1: error: a theme in a folder under content/themes/ is "
        "not read: it cannot be moved into content/themes/ itself as budget.md, as budget is to "
        f"be named so: {same.format('theme')}this one; if not, move this one there as "
        "budget-3.md, or under another name of its own",
    ]


# --- a value starting with one of YAML's marks ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "read_as"),
    [
        (
            "*Important* budget decisions",
            "a reference to another value (an alias), not as emphasis",
        ),
        ("**Budget** agreed", "a reference to another value (an alias), not as emphasis"),
        ("@Ann to send the slides", "a mark of its own, which no value may start with"),
        (
            "`nominutes check` runs on each change",
            "a mark of its own, which no value may start with",
        ),
        ("> Quoted from the chair", "the start of text on the lines below, not as a quotation"),
        # read by YAML without an error, as an anchor, an alias or a tag, which were refused
        # with no fix ("YAML anchors (&name) are not allowed in front matter")
        ("&s budget notes", "a name for the value (an anchor)"),
        ("*draft", "a reference to another value (an alias)"),
        ("!important budget notes", "a type for the value (a tag)"),
    ],
)
def test_a_value_starting_with_a_yaml_mark_is_told_to_be_quoted_and_the_rest_is_read_on(
    tmp_path: Path, capsys, monkeypatch, value: str, read_as: str
) -> None:
    """Markdown's emphasis, a mention or code at the start of a summary was YAML's own
    words ("did not find expected alphabetic or numeric character while scanning an
    alias"): it is told which mark and how to quote it, and the front matter is read on as
    if quoted, so a field misspelt below comes in the same run."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "summary: The third meeting, on permission.", f"summary: {value}\nthemse: [x]"
        )
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    mark = value[0]
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            f"content/meetings/2024-03-11-third.md:4:10: error: the value of 'summary' starts "
            f"with '{mark}', which YAML reads as {read_as}; quote the whole value: "
            f'summary: "{value}"',
            "content/meetings/2024-03-11-third.md:5:1: error: unknown field 'themse'; did you "
            "mean 'themes'?",
        ],
    )


def test_a_text_value_starting_with_a_bracket_is_one_error_saying_to_quote_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`summary: [Draft] budget` was two errors, the second telling the writer to keep
    'budget' as a comment and that a summary must be text: it is one, saying to quote the
    whole value, and the front matter is read on as quoted (a field misspelt below comes in
    the same run). A list's key (`themes: [a] for now`) is still told to remove the rest."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "summary: The third meeting, on permission.", "summary: [Draft] budget\nthemse: [x]"
        )
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            "content/meetings/2024-03-11-third.md:4:10: error: the value of 'summary' starts "
            "with '[', which YAML reads as the start of a list; quote the whole value: "
            'summary: "[Draft] budget"',
            "content/meetings/2024-03-11-third.md:5:1: error: unknown field 'themse'; did you "
            "mean 'themes'?",
        ],
    )


# --- a decision superseding a meeting -----------------------------------------------------------


def test_a_decision_superseding_a_meeting_is_told_the_ids_that_meeting_decided(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`supersedes: 2024-01-15-kick-off`, the meeting's name copied from its page's address,
    was told no meeting made a decision with that id: it is told it names a meeting, and the
    decisions that meeting made, to choose from."""
    site = copy_site("minimal", tmp_path / "site")
    kick_off = site / "content/meetings/2024-01-15-kick-off.md"
    kick_off.write_text(
        kick_off.read_text().replace(
            "next_meeting:",
            "decisions:\n  - id: meet-monthly\n    text: We meet monthly.\n"
            "  - id: notes-public\n    text: Notes are public.\nnext_meeting:",
        )
    )
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "---\nA short",
            "decisions:\n  - id: meet-weekly\n    text: We meet weekly.\n"
            "    supersedes: 2024-01-15-kick-off\n---\nA short",
        )
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            "content/meetings/2024-03-11-third.md:9:17: error: decision 'meet-weekly' "
            "supersedes unknown decision '2024-01-15-kick-off': '2024-01-15-kick-off' is a "
            "meeting, not a decision; 'supersedes' names the id of the decision this one "
            "replaces: that meeting made 'meet-monthly' or 'notes-public'"
        ],
    )


# --- a meeting's date written month first ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("3/11/2024", "2024-03-11 for 11 March 2024, the date in the file's name"),
        ("3.11.2024", "2024-03-11 for 11 March 2024, the date in the file's name"),
        ("11/3/2024", "2024-03-11 for 11 March 2024"),
    ],
)
def test_a_meeting_date_written_month_first_is_told_the_date_in_its_file_s_name(
    tmp_path: Path, capsys, monkeypatch, written: str, told: str
) -> None:
    """`date: 3/11/2024` in 2024-03-11-third.md, written month first, was told to write
    2024-11-03 (3 November), the day-first reading: the file's name says which was meant."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text().replace("date: 2024-03-11", f"date: {written}"))
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            f"content/meetings/2024-03-11-third.md:3:7: error: date: '{written}' is not a date; "
            f"write it as YYYY-MM-DD: {told}"
        ],
    )


# --- every prose key's value may start with '[' ---------------------------------------------


def _prose_keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    """The keys of `model` and the models under it whose values are `schema.Prose`."""
    keys = set()
    unions = (typing.Union, types.UnionType)
    for name, hint in typing.get_type_hints(model, include_extras=True).items():
        inner = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else None
        if typing.get_origin(inner) in unions:  # `Annotated[Prose | None, …]`
            hint = inner
        union = typing.get_origin(hint) in unions
        for arg in typing.get_args(hint) if union else (hint,):
            keys |= {name} if arg is schema.Prose else set()
            base = typing.get_args(arg)[0] if typing.get_origin(arg) is typing.Annotated else arg
            for inner in typing.get_args(base) if typing.get_origin(base) is list else (base,):
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    seen.add(inner)
                    keys |= _prose_keys(inner, seen)
    return keys


def test_every_prose_key_of_a_meeting_starting_with_a_bracket_is_told_to_quote_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Each key whose value is prose in the schema (a meeting's and what it holds: a
    self-assessment option's `key` too) is told, at its value, to quote a value starting
    with '[' ("[Draft] budget"), once, not that it must be text and that the rest goes
    after the list. The keys are read from the schema, so one added there is tried here."""
    keys = _prose_keys(schema.MeetingFront, set())
    assert {"title", "summary", "location", "text", "note", "question", "key", "label"} <= keys
    site = copy_site("minimal", tmp_path / "site")
    lines = {
        "title": "title: [T] title",
        "summary": "summary: [S] summary",
        "location": "location: [L] room",
        "actions": "actions:\n  - id: a1\n    title: [A] act\n    owner: Sam\n    note: [N] n",
        "decisions": "decisions:\n  - id: d1\n    text: [X] decided",
        "next_meeting": "next_meeting:\n  date: 2024-04-08\n  location: [M] room",
        "self_assessment": "self_assessment:\n  question: [Q] how\n  options:\n"
        "    - key: [K] a\n      label: [B] not yet\n      count: 3",
    }
    note = site / "content/meetings/2024-03-11-third.md"
    front = "\n".join(["date: 2024-03-11", "themes: [foi-implications]", *lines.values()])
    note.write_text(f"---\n{front}\n---\nBody.\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    errors = [line for line in run.problem_lines if ": error: " in line]
    told = [re.search(r"the value of '(\w+)' starts with '\['", line) for line in errors]
    assert run.code == 1 and all(told), errors
    bracketed = sum(line.count(": [") for line in lines.values())
    assert {found.group(1) for found in told if found} == keys and len(told) == bracketed


@pytest.mark.parametrize(
    ("written", "told"),
    [
        # a word that says the action is not done is never told 'done' for its spelling
        ("not done", "; did you mean 'open'?"),
        ("Undone", "; did you mean 'open'?"),
        ("incomplete", "; did you mean 'open'?"),
        ("not finished", ""),
        ("unfinished", "; did you mean 'open'?"),
        ("blocked", "; did you mean 'open'?"),
        ("on hold", "; did you mean 'open'?"),
        ("agreed", "; did you mean 'open'?"),
        # at work on it, not done
        ("doing", "; did you mean 'in-progress'?"),
        ("Underway", "; did you mean 'in-progress'?"),
        ("in hand", "; did you mean 'in-progress'?"),
        # slips still are told the status
        ("in-progess", "; did you mean 'in-progress'?"),
        ("Done", "; did you mean 'done'?"),
        ("not needed", "; did you mean 'dropped'?"),
    ],
)
def test_an_action_status_in_other_words_is_told_the_status_they_mean(
    tmp_path: Path, capsys, monkeypatch, written: str, told: str
) -> None:
    """`status: not done` (or `incomplete`, `doing`, `blocked`) was told "did you mean
    'done'?", which a member would take and close an action that is still open: a word that
    says a status is not so is never told that status, and the words for an action under
    way, or waiting, are told the status they mean."""
    site = copy_site("minimal", tmp_path / "site")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "---\nA short", f"actions:\n  - id: write-guidance\n    status: {written}\n---\nA short"
        )
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, [line for line in run.problem_lines if ": error: " in line]) == (
        1,
        [
            f"content/meetings/2024-03-11-third.md:8:13: error: action 1 status: '{written}' is "
            f"not a status{told} (use one of: open, in-progress, done, dropped)"
            if told
            else f"content/meetings/2024-03-11-third.md:8:13: error: action 1 status: "
            f"'{written}' is not a status; use one of: open, in-progress, done, dropped"
        ],
    )


def test_a_markdown_link_in_an_action_note_or_a_decision_is_a_warning_saying_how_to_write_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An action's note and a decision's text are plain text on every page, feed and email:
    a link written in Markdown there shows brackets and all, which the writer is told (a
    warning: the site still publishes), with the words and the address to write instead."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings/2024-04-01-links.md").write_text(
        "---\ntitle: Links\ndate: 2024-04-01\nthemes: [foi-implications]\nactions:\n"
        "  - id: write-guidance\n    status: done\n"
        "    note: Published, see [the guidance](https://example.org/guidance).\n"
        "decisions:\n  - id: link-the-guidance\n"
        "    text: We point people to [the guidance](https://example.org/guidance).\n"
        "---\nWe met.\n"
    )
    output = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    told = [line for line in run.problem_lines if "shows as written" in line]
    assert run.code == 0
    assert told == [
        "content/meetings/2024-04-01-links.md:8:11: warning: action 1 note: the link "
        "[the guidance](https://example.org/guidance) shows as written, brackets and all: an "
        "action's note is plain text; write the words alone and the address after them (the "
        "guidance: https://example.org/guidance), or put the link in the summary below the "
        "front matter",
        "content/meetings/2024-04-01-links.md:11:11: warning: decision 1 text: the link "
        "[the guidance](https://example.org/guidance) shows as written, brackets and all: a "
        "decision's text is plain text; write the words alone and the address after them (the "
        "guidance: https://example.org/guidance), or put the link in the summary below the "
        "front matter",
    ]
    page = (output / "meetings/2024-04-01-links/index.html").read_text()
    assert "Published, see [the guidance](https://example.org/guidance)." in page
