"""A rebuild follows the change, not the site: unchanged source files are not read, and the
output folder is not walked for stale files (the last build's list of files says them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import (
    BUILD_EPOCH,
    REPO,
    Run,
    copy_site,
    edit,
    epoch_on,
    git,
    run_subprocess,
    snapshot,
    synthetic_site,
)
from tests.test_search_index import indexed_pages

# Builds the site in a fresh process and reports what it opened under content/ and which
# folders it listed under the output, as Python's audit events see them.
WATCHED_BUILD = """
import json, sys
from pathlib import Path
source, output = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
opened, listed = [], []
def watch(event, args):
    if event == "open" and isinstance(args[0], str) and str(source) in args[0]:
        opened.append(args[0])  # content files and the cache
    if event == "os.scandir" and args and str(args[0]).startswith(str(output)):
        listed.append(str(args[0]))
sys.addaudithook(watch)
from generator.cli import main
code = main(["build", "-q", "--source", str(source), "--output", str(output)])
print(json.dumps({"code": code, "opened": opened, "listed": listed}))
"""


def watched_build(site: Path, out: Path) -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_BUILD, str(site), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def age(site: Path) -> None:
    """Date every source file a minute back, as files checked out a while ago are."""
    past = time.time() - 60
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_a_rebuild_reads_no_unchanged_file_and_walks_no_output(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    first = watched_build(site, out)
    assert any(path.endswith(".md") for path in first["opened"])
    again = watched_build(site, out)
    assert again["code"] == 0
    assert [path for path in again["opened"] if "/meetings/" in path] == []
    assert again["listed"] == []  # the output folder is not walked
    # An edit is seen, and only the edited file is read; of the parsed meetings in the cache,
    # only the shards that could hold the edited file's (as it is now, and as the last
    # build read it, to see whether only its body changed) and that of the meeting with a
    # warning (validated again each time, to warn again) are read (each with the file of
    # entries added beside it), not all sixteen.
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text().replace("title: ", "title: Edited ", 1))
    edited = watched_build(site, out)
    assert [path for path in edited["opened"] if "/meetings/" in path] == [str(note.resolve())]
    shards = {
        Path(path).name.removesuffix(".added.json").removesuffix(".json")
        for path in edited["opened"]
        if Path(path).name.startswith("meeting-documents.")
    }
    assert len(shards) <= 3, shards
    fresh = tmp_path / "fresh"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "-q",
            "--no-cache",
            "--source",
            str(site),
            "--output",
            str(fresh),
        ],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(REPO)},
    )
    assert snapshot(out) == snapshot(fresh)


@pytest.mark.slow
def test_a_file_put_beside_the_pages_by_hand_is_removed(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    watched_build(site, out)
    (out / "stray.html").write_text("not ours")
    rebuilt = watched_build(site, out)
    assert rebuilt["listed"]  # the folder changed since the last build: it is walked
    assert not (out / "stray.html").exists()
    assert watched_build(site, out)["listed"] == []


def test_a_file_changed_just_after_it_was_read_is_read_again(tmp_path: Path) -> None:
    """A file written less than two seconds before a build is not recorded: an edit in the
    same tick of the clock that kept its size would otherwise go unseen."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    note = site / "content/meetings/2024-03-11-third.md"
    # Saved "just now" as the build sees it, however slow the machine: a time ahead of its
    # clock is always within the two seconds.
    ahead = time.time_ns() + 3600 * 10**9
    os.utime(note, ns=(ahead, ahead))
    watched_build(site, out)
    saved = note.stat()
    note.write_text(note.read_text().replace("Third meeting", "Fifth meeting"))
    os.utime(note, ns=(saved.st_atime_ns, saved.st_mtime_ns))  # the same time, the same size
    assert note.stat().st_size == saved.st_size
    watched_build(site, out)
    assert "Fifth meeting" in (out / "meetings/2024-03-11-third/index.html").read_text()


# --- a build that changed nothing -------------------------------------------------------------


def file_states(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file under `folder` with its inode, size and modification time."""
    return {
        path.relative_to(folder).as_posix(): (s.st_ino, s.st_size, s.st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and (s := path.stat())
    }


def build_cli(site: Path, out: Path, *more: str, epoch: str = BUILD_EPOCH) -> Run:
    return run_subprocess(
        ["build", "--source", str(site), "--output", str(out), *more], SOURCE_DATE_EPOCH=epoch
    )


def fresh_build(site: Path, out: Path, *more: str, epoch: str = BUILD_EPOCH) -> dict[str, str]:
    assert build_cli(site, out, "--no-cache", *more, epoch=epoch).code == 0
    return snapshot(out)


def with_a_warning(site: Path) -> None:
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text().replace("themes: [permission-to-engage]\n", "", 1))


def test_a_build_that_changed_nothing_leaves_the_site_and_says_so(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    with_a_warning(site)
    (site / "content/papers").mkdir()  # published as it is: not read again either
    (site / "content/papers/brief.txt").write_text("A paper.\n")
    age(site)
    first = build_cli(site, out)
    assert first.code == 0, first.err
    warned = first.problem_lines
    assert warned and "lists no themes" in warned[0]
    written = file_states(out)
    again = build_cli(site, out)
    assert again.code == 0
    # The same warnings, and a message that nothing was made again.
    assert again.problem_lines == warned
    assert "nothing changed since the last build" in again.out
    assert f"{out} stands as it was" in again.out
    assert file_states(out) == written  # not a file touched, the marker neither
    watched = watched_build(site, out)
    content = str(site / "content")
    assert [path for path in watched["opened"] if path.startswith(content)] == []
    assert watched["listed"] == []
    # With --strict the warning fails the build, as it did before.
    strict = build_cli(site, out, "--strict")
    assert strict.code == 1 and "lists no themes" in strict.err


def change_a_template(site: Path) -> None:
    own = site / "themes/own/templates"
    own.mkdir(parents=True)
    (own / "base.html").write_text(
        (REPO / "generator/themes/default/templates/base.html")
        .read_text()
        .replace("<body", "<body data-own", 1)
    )
    settings = site / "site.yml"
    settings.write_text(settings.read_text() + "site_theme: own\n")


def change_the_template_again(site: Path) -> None:
    base = site / "themes/own/templates/base.html"
    base.write_text(base.read_text().replace("data-own", "data-own-again", 1))


def replace_a_published_file(site: Path) -> None:
    paper = site / "content/papers/brief.txt"
    paper.write_text("second version\n")


def put_a_file_in_the_output(out: Path) -> None:
    (out / "stray.html").write_text("not ours")


@pytest.mark.parametrize(
    "change",
    [
        "template",
        *(
            pytest.param(change, marks=pytest.mark.slow)
            for change in ("published file", "build date", "drafts", "output touched")
        ),
    ],
)
def test_any_change_to_what_a_build_reads_builds_again(tmp_path: Path, change: str) -> None:
    """Each input the last build read, changed alone, makes the next build make the site
    again, equal to a build from nothing."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    (site / "content/papers").mkdir()
    (site / "content/papers/brief.txt").write_text("first version\n")
    if change == "template":
        change_a_template(site)
    age(site)
    assert build_cli(site, out).code == 0
    epoch, more = BUILD_EPOCH, ()
    if change == "template":
        change_the_template_again(site)
    elif change == "published file":
        replace_a_published_file(site)
        past = time.time() - 30
        os.utime(site / "content/papers/brief.txt", (past, past))
    elif change == "build date":
        epoch = str(int(BUILD_EPOCH) + 40 * 86400)
    elif change == "drafts":
        more = ("--drafts",)
    else:
        put_a_file_in_the_output(out)
    rebuilt = build_cli(site, out, *more, epoch=epoch)
    assert rebuilt.code == 0, rebuilt.err
    assert "nothing changed" not in rebuilt.out
    expected = fresh_build(site, tmp_path / "fresh", *more, epoch=epoch)
    assert snapshot(out) == expected
    assert "nothing changed" in build_cli(site, out, *more, epoch=epoch).out


def test_a_template_edited_while_a_build_runs_is_seen_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a build read is recorded as it was when the build began: an edit made while it
    ran is not taken for what it built."""
    from generator import make as pipeline
    from generator.cli import main

    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    change_a_template(site)
    age(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    make_site = pipeline.make_site

    def edited_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = make_site(*args, **kwargs)
        change_the_template_again(site)
        return result

    monkeypatch.setattr(pipeline, "make_site", edited_meanwhile)
    assert main(["build", "-q", "--source", str(site), "--output", str(out)]) == 0
    assert "data-own-again" not in (out / "index.html").read_text()
    monkeypatch.setattr(pipeline, "make_site", make_site)
    assert main(["build", "-q", "--source", str(site), "--output", str(out)]) == 0
    assert "data-own-again" in (out / "index.html").read_text()


@pytest.mark.slow
def test_a_commit_that_changes_only_git_history_builds_again(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    git(site, "init", "-q")
    commit_all(site, "first", "2024-01-16T10:00:00")  # the kick-off's write-up
    with (site / KICK_OFF).open("a") as note:
        note.write("\nA correction.\n")
    commit_all(site, "a correction", "2024-01-20T10:00:00")
    age(site)
    assert build_cli(site, out).code == 0
    page = out / "meetings/2024-01-15-kick-off/index.html"
    assert "20 January 2024" in page.read_text()
    git(site, "commit", "-q", "--amend", "--no-edit", "--date", "2024-02-25T10:00:00")
    rebuilt = build_cli(site, out)
    assert "nothing changed" not in rebuilt.out
    assert "25 February 2024" in page.read_text()
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def commit_all(site: Path, message: str, when: str) -> None:
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", message, "--date", when)


# --- edits to meetings' bodies alone ----------------------------------------------------------

KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
THIRD = "content/meetings/2024-03-11-third.md"


def build_here(site: Path, out: Path) -> int:
    from generator.cli import main

    return main(["build", "-q", "--source", str(site), "--output", str(out)])


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The minimal site copied and built in this process on the build date: the site and
    its output."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    assert build_here(site, out) == 0
    return site, out


def built_again_without_the_page_list(
    site: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *, anywhere: bool = True
) -> None:
    """Build `site` into `out` again, where listing every page fails (see `no_page_list`)."""
    with monkeypatch.context() as patched:
        no_page_list(patched, anywhere=anywhere)
        assert build_here(site, out) == 0


def no_page_list(monkeypatch: pytest.MonkeyPatch, *, anywhere: bool = True) -> None:
    """Make listing every page fail: in the build, and (`anywhere`) where a page other than
    a meeting's is looked for."""
    from generator import make as pipeline
    from generator.site import pages

    def listed(model):  # type: ignore[no-untyped-def]
        raise AssertionError("every page was listed")

    monkeypatch.setattr(pipeline, "build_pages", listed)
    if anywhere:
        monkeypatch.setattr(pages, "build_pages", listed)


def remade(before: dict[str, tuple[int, int, int]], out: Path) -> set[str]:
    """The pages and files written again since `before` (but the search index and the
    output's marker, which every build rewrites)."""
    after = file_states(out)
    return {
        path
        for path, state in after.items()
        if before.get(path) != state and not path.startswith(("pagefind/", ".nominutes"))
    }


def test_an_edit_to_a_body_alone_makes_again_only_what_shows_that_meeting(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When only meetings' bodies changed since the last build, the build makes again the
    pages and feeds that show those meetings, without listing every page; the site equals a
    build from nothing."""
    site, out = built
    before = file_states(out)
    with (site / KICK_OFF).open("a") as note:  # its first paragraph, its summary, stays
        note.write("\nA paragraph added after the meeting.\n")
    built_again_without_the_page_list(site, out, monkeypatch)
    page = "meetings/2024-01-15-kick-off/index.html"
    assert "A paragraph added after the meeting." in (out / page).read_text()
    made = remade(before, out)
    assert page in made and all(p == page or p.endswith(".xml") for p in made), made
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # The latest meeting shows on the home page too: it is found first among the pages
    # (with a site theme's own templates, the edit is not put into the files directly).
    (site / "themes/default/templates").mkdir(parents=True)
    assert build_here(site, out) == 0
    edit(site, THIRD, "A short third meeting.", "A short third meeting, well attended.")
    before = file_states(out)
    built_again_without_the_page_list(site, out, monkeypatch, anywhere=False)
    assert "index.html" in remade(before, out)
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def test_a_body_edit_that_changes_a_summary_lists_every_page(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting with no `summary:` is summed up by its body's first paragraph, which every
    list of meetings shows: an edit to it makes again what shows the meeting's card."""
    site, out = built
    edit(site, KICK_OFF, "We met for the first time.", "We met for the very first time.")
    assert build_here(site, out) == 0
    for listed in ("page/2/index.html", "themes/foi-implications/index.html"):
        assert "We met for the very first time." in (out / listed).read_text()
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


@pytest.mark.slow
def test_a_body_edit_committed_on_a_later_day_shows_the_new_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    git(site, "init", "-q")
    commit_all(site, "first", "2024-01-20T10:00:00")
    assert build_here(site, out) == 0
    page = out / "meetings/2024-01-15-kick-off/index.html"
    assert "Last edited" not in page.read_text()  # its write-up, after the meeting
    with (site / KICK_OFF).open("a") as note:
        note.write("\nA paragraph added after the meeting.\n")
    commit_all(site, "an addition", "2024-02-25T10:00:00")
    age(site)  # recorded as read: the next build does not read it again
    built_again_without_the_page_list(site, out, monkeypatch)
    assert "25 February 2024" in page.read_text()
    assert sitemap_lastmod(out, "meetings/2024-01-15-kick-off/") == "2024-02-25"
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # The same commit made on another day: the file's bytes are as they were.
    git(site, "commit", "-q", "--amend", "--no-edit", "--date", "2024-03-01T10:00:00")
    built_again_without_the_page_list(site, out, monkeypatch)
    assert "1 March 2024" in page.read_text()
    assert sitemap_lastmod(out, "meetings/2024-01-15-kick-off/") == "2024-03-01"
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def sitemap_lastmod(out: Path, page: str) -> str:
    """The `lastmod` the sitemap in `out` gives the page at `page` (under the minimal site's
    address)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    found = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in root.findall("s:url", ns)
    }
    return found[f"https://example.org/group/{page}"]


AFTER_THE_COMMITS = "1712707200"  # 2024-04-10


@pytest.mark.slow
def test_a_title_edit_committed_after_the_meeting_moves_its_sitemap_lastmod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A correction committed after the meeting dates the meeting's sitemap entry on the day
    of the commit, as its feed entry, in a build that follows the edit as in one from
    nothing; a commit of another meeting's file leaves the entry as it was. (Built after the
    commits: none dates a page after its build.)"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER_THE_COMMITS)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    git(site, "init", "-q")
    commit_all(site, "first", "2024-01-20T10:00:00")
    assert build_here(site, out) == 0
    assert sitemap_lastmod(out, "meetings/2024-03-11-third/") == "2024-03-11"
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    commit_all(site, "a new title", "2024-04-02T10:00:00")
    age(site)
    built_again_without_the_page_list(site, out, monkeypatch)
    assert sitemap_lastmod(out, "meetings/2024-02-12-reporting-back/") == "2024-04-02"
    assert sitemap_lastmod(out, "meetings/2024-03-11-third/") == "2024-03-11"
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh", epoch=AFTER_THE_COMMITS)
    before = file_states(out)
    edit(site, THIRD, "title: ", "title: The ")  # the sitemap's other entries stay
    commit_all(site, "another title", "2024-04-03T10:00:00")
    age(site)
    built_again_without_the_page_list(site, out, monkeypatch)
    assert "sitemap.xml" in remade(before, out)
    assert sitemap_lastmod(out, "meetings/2024-02-12-reporting-back/") == "2024-04-02"
    assert sitemap_lastmod(out, "meetings/2024-03-11-third/") == "2024-04-03"
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh", epoch=AFTER_THE_COMMITS)


@pytest.mark.parametrize(
    ("appended", "error"),
    [
        (
            "See [the next one](2024-02-13-reporting-back.md).",
            f"{KICK_OFF}:27:20: error: link to a note that does not exist: "
            "2024-02-13-reporting-back.md; did you mean 2024-02-12-reporting-back.md?",
        ),
        (  # a member's address: the body edit is spliced without the model, yet checked
            "Ask Ada (ada.lovelace@example.gov.uk) for the slides.",
            f"{KICK_OFF}:27:10: error: email address ada.lovelace@example.gov.uk would be "
            "published, and pages never show one: remove it and name the person, or point "
            "readers to the site's feedback link",
        ),
    ],
    ids=["broken-link", "email-address"],
)
def test_a_body_edit_with_an_error_fails_and_leaves_the_site(
    tmp_path: Path, appended: str, error: str
) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    assert build_cli(site, out).code == 0
    before = file_states(out)
    with (site / KICK_OFF).open("a") as note:
        note.write(f"\n{appended}\n")
    failed = build_cli(site, out)
    assert failed.code == 1
    assert failed.problem_lines[0] == error
    assert [line for line in failed.problem_lines if ": error: " in line] == [error]
    assert file_states(out) == before
    assert appended[:12] not in (out / "meetings/2024-01-15-kick-off/index.html").read_text()


# --- a body edit that only the meeting's own page shows ----------------------------------------


def went_through_the_model(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A list that gains an entry each time a build goes through the model."""
    from generator import make as pipeline

    calls: list[bool] = []
    make_site = pipeline.make_site

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(True)
        return make_site(*args, **kwargs)

    monkeypatch.setattr(pipeline, "make_site", counted)
    return calls


def append(note: Path, text: str) -> None:
    with note.open("a") as file:
        file.write(text)


@pytest.mark.slow
@pytest.mark.parametrize("defaults", [False, True], ids=["search-off", "defaults"])
def test_a_body_edit_is_put_into_the_pages_and_feeds_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defaults: bool
) -> None:
    """An edit to a meeting's body alone (first paragraph and ids as they were) makes its
    page and the feeds that carry it again from the last build's, without the model, and
    re-indexes its year for search; the site equals a build from nothing. An edit that may
    reach further goes through the model."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = synthetic_site(tmp_path / "site", 60, defaults=defaults), tmp_path / "out"
    assert build_here(site, out) == 0
    meetings = sorted((site / "content/meetings").iterdir())
    note = meetings[3]  # an old meeting: in the feeds of its themes, not the site's
    page = f"meetings/{note.stem}/index.html"

    def rebuilt(text: str) -> tuple[set[str], bool]:
        """The files made again after `text` is appended, and whether the model was used."""
        before = file_states(out)
        append(note, text)
        if defaults:  # committed the day the last commit was (its page shows that day)
            commit_all(site, "an edit", "2026-01-01T12:00:00Z")
        with monkeypatch.context() as patched:
            calls = went_through_the_model(patched)
            assert build_here(site, out) == 0
        assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
        return remade(before, out), bool(calls)

    def spliced(made: set[str]) -> bool:
        return page in made and all(p == page or p.endswith("feed.xml") for p in made)

    # twice in a row: the document of the edit before is kept, to compare with
    made, through_model = rebuilt("\nA paragraph added after the meeting.\n")
    assert spliced(made) and len(made) > 1 and not through_model, made
    made, through_model = rebuilt("\nAnd *another* one, with <angle> & ampersand.\n")
    assert spliced(made) and not through_model, made
    assert "And <em>another</em> one" in (out / page).read_text()
    feed = next(path for path in made if path.endswith("feed.xml"))
    assert "And &lt;em&gt;another&lt;/em&gt; one" in (out / feed).read_text()
    if defaults:  # the search index holds the page as it is now
        assert "And another one" in indexed_pages(out)[f"/meetings/{note.stem}/"]
    # a new heading is a new id another note may link to
    assert rebuilt("\n## Afterwards\n\nMore.\n")[1]
    assert 'id="h-afterwards"' in (out / page).read_text()
    # a link to another meeting's page: checked against the pages
    made, through_model = rebuilt(f"\nSee [the later one]({meetings[5].name}).\n")
    assert spliced(made) and not through_model
    # the latest meeting: the site's feed too; the home page shows no body
    note, page = meetings[-1], f"meetings/{meetings[-1].stem}/index.html"
    made, through_model = rebuilt("\nA paragraph added after the latest meeting.\n")
    assert spliced(made) and "feed.xml" in made and not through_model, made
    # a first paragraph changed: the summary every list shows
    edit(site, f"content/meetings/{note.name}", "\n---\n", "\n---\nA new first paragraph.\n\n", 1)
    made, through_model = rebuilt("")
    assert through_model and "index.html" in made
    # a meeting with a summary of its own: the lists show that, not the first paragraph
    edit(site, f"content/meetings/{note.name}", "\n---\n", "\nsummary: Its own summary.\n---\n", 1)
    assert rebuilt("")[1]  # front matter changed
    edit(site, f"content/meetings/{note.name}", "A new first paragraph.", "Another first one.", 1)
    made, through_model = rebuilt("")
    assert spliced(made) and not through_model, made
    assert "Another first one." in (out / page).read_text()


def test_a_body_edit_on_a_site_with_its_own_stylesheet_and_logo_is_put_into_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site theme of static files alone (`extra_css`'s stylesheet, the `logo`) leaves the
    built-in templates showing the bodies: a body edit is put into the page and feeds that
    show it without the model, and the site equals a build from nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    static = site / "themes/default/static"
    static.mkdir(parents=True)
    (static / "brand.css").write_text(":root { --link: #00607a; }\n")
    (static / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    append(site / "site.yml", "extra_css: [brand.css]\nlogo: logo.svg\n")
    assert build_here(site, out) == 0
    page = "meetings/2024-03-11-third/index.html"
    before = file_states(out)
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.", "A third one.")
    with monkeypatch.context() as patched:
        calls = went_through_the_model(patched)
        assert build_here(site, out) == 0
    made = remade(before, out)
    assert not calls and page in made, made
    assert all(path == page or path.endswith("feed.xml") for path in made), made
    html = (out / page).read_text()
    assert "A third one." in html and 'href="../../static/brand.css"' in html
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


@pytest.mark.parametrize(
    "defaults",
    [False, pytest.param(True, marks=pytest.mark.slow)],
    ids=["search-off", "defaults"],
)
def test_a_body_edit_after_a_page_was_changed_by_hand_makes_that_page_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defaults: bool
) -> None:
    """The body edit is spliced in (and its year indexed) while every other file of the
    last site is looked at: one changed by hand since throws the splice and its index away,
    and the build goes through the model, which makes that page again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = synthetic_site(tmp_path / "site", 60, defaults=defaults), tmp_path / "out"
    assert build_here(site, out) == 0
    meetings = sorted((site / "content/meetings").iterdir())
    other = out / f"meetings/{meetings[7].stem}/index.html"
    original = other.read_bytes()
    other.write_bytes(original.replace(b"</main>", b"<p>Added by hand.</p></main>"))
    append(meetings[3], "\nA paragraph added after the meeting.\n")
    if defaults:
        commit_all(site, "an edit", "2026-01-01T12:00:00Z")
    with monkeypatch.context() as patched:
        calls = went_through_the_model(patched)
        assert build_here(site, out) == 0
    assert calls and other.read_bytes() == original
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    if defaults:
        page = indexed_pages(out)[f"/meetings/{meetings[3].stem}/"]
        assert "A paragraph added after the meeting." in page


def test_a_broken_link_in_a_body_edit_fails_and_leaves_the_site_as_it_was(
    tmp_path: Path,
) -> None:
    site, out = synthetic_site(tmp_path / "site", 60), tmp_path / "out"
    note = sorted((site / "content/meetings").iterdir())[3]
    assert build_cli(site, out).code == 0
    before = file_states(out)
    lines = len(note.read_text().splitlines())
    append(note, "\nSee [the next one](2000-01-32-nothing.md) and [this](#nowhere).\n")
    failed = build_cli(site, out)
    assert failed.code == 1
    where = f"content/meetings/{note.name}:{lines + 2}"
    # (the synthetic site's decisions not reviewed when due are warnings beside these)
    assert [line for line in failed.problem_lines if ": error: " in line] == [
        f"{where}:20: error: link to a note that does not exist: 2000-01-32-nothing.md",
        f"{where}:54: error: this page has no anchor #nowhere; its anchors: #since-heading, "
        "#discussion-heading, #h-section-1, #h-section-2, #h-section-3, #topics-heading, "
        "#decided-heading, #reported-heading, …",
    ]
    assert file_states(out) == before


# --- edits to what meetings show of themselves ------------------------------------------------

REPORTING_BACK = "content/meetings/2024-02-12-reporting-back.md"


def listed_every_page(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A list that gains an entry each time the build lists every page."""
    from generator import make as pipeline

    calls: list[bool] = []
    build_pages = pipeline.build_pages

    def counted(model):  # type: ignore[no-untyped-def]
        calls.append(True)
        return build_pages(model)

    monkeypatch.setattr(pipeline, "build_pages", counted)
    return calls


def test_a_new_title_makes_again_only_what_shows_the_meeting(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit to what a meeting shows of itself (its title here) changes neither which
    pages there are nor what each reads: the build makes again what reads the meeting's
    keys (and what reads everything), found from what the last build recorded, without
    listing every page; the site equals a build from nothing."""
    site, out = built
    # a body edit first, put into the pages without the model: the meeting's record as
    # that build read it is its document's, validated again
    append(site / REPORTING_BACK, "\nA paragraph added after the meeting.\n")
    assert build_here(site, out) == 0
    before = file_states(out)
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    built_again_without_the_page_list(site, out, monkeypatch)
    made = remade(before, out)
    page = "meetings/2024-02-12-reporting-back/index.html"
    assert "Reporting back on actions" in (out / page).read_text()
    # its page, the meetings before and after it (their links), the lists and feeds that
    # show it, the pages of the actions it updated (their histories), the calendar
    assert {page, "index.html", "meetings/2024-03-11-third/index.html", "meetings.ics"} <= made
    assert "actions/live-policy-issue/index.html" in made
    # the second page of the home page's list, the register and the sitemap do not show it
    assert made.isdisjoint({"page/2/index.html", "decisions/index.html", "sitemap.xml"}), made
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # a meeting with a warning (the cache keeps no record of it) is followed as well
    edit(site, THIRD, "title: ", "title: The ")
    built_again_without_the_page_list(site, out, monkeypatch)
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def cross_referenced(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A list that gains an entry each time the build cross-references every meeting."""
    from generator import make as pipeline

    calls: list[bool] = []
    crossref = pipeline.crossref

    def counted(site, elsewhere=None):  # type: ignore[no-untyped-def]
        calls.append(True)
        return crossref(site, elsewhere)

    monkeypatch.setattr(pipeline, "crossref", counted)
    return calls


MEETING_MONTHLY = """decisions:
  - id: meet-monthly
    text: We meet once a month.
next_meeting: 2024-02-12
"""
MEETING_FORTNIGHTLY = """decisions:
  - id: meet-fortnightly
    text: We meet every two weeks.
    supersedes: meet-monthly
---
"""


def test_title_edits_take_the_last_builds_indexes_and_equal_a_build_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit to what meetings show of themselves (a title, an action's title, a decision's
    text, an update's note; after a body edit put into the pages, too) leaves what
    cross-referencing found as it was: the build takes the indexes the last build that
    cross-referenced made from the cache, with the meetings as they are now, instead of
    cross-referencing every meeting again. An edit to more (a theme added, an action
    closed) cross-references again. After each edit the site is byte for byte a build's
    from nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    edit(site, KICK_OFF, "next_meeting: 2024-02-12\n", MEETING_MONTHLY)
    edit(site, REPORTING_BACK, "---\nMembers", MEETING_FORTNIGHTLY + "Members")
    calls = cross_referenced(monkeypatch)
    assert build_here(site, out) == 0
    assert calls == [True]
    edits = [
        ([(REPORTING_BACK, "Members reported", "All members reported")], False),  # put in pages
        ([(REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")], False),
        (
            [
                (KICK_OFF, "first meeting", "our first meeting"),
                (KICK_OFF, "a live policy issue", "a live policy question"),
                (KICK_OFF, "once a month.", "monthly."),
                (REPORTING_BACK, "every two weeks.", "fortnightly."),
            ],
            False,
        ),
        (
            [
                (
                    THIRD,
                    "themes: [permission-to-engage]",
                    "themes: [permission-to-engage, foi-implications]",
                )
            ],
            True,
        ),
        ([(REPORTING_BACK, "status: in-progress", "status: done")], True),
        ([(THIRD, "title: ", "title: The ")], False),  # a meeting with a warning
        ([(REPORTING_BACK, "Everyone brought", "Each member brought")], False),  # a note
    ]
    for number, (changes, again) in enumerate(edits):
        for path, old, new in changes:
            edit(site, path, old, new)
        calls.clear()
        assert build_here(site, out) == 0
        assert calls == ([True] if again else []), number
        assert snapshot(out) == fresh_build(site, tmp_path / f"fresh-{number}"), number
    assert "Each member brought" in (out / "actions/live-policy-issue/index.html").read_text()


def test_a_new_title_leaves_actions_json_which_shows_no_title_as_it_was(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meeting's new title reaches the actions it raised or updated (their pages show it),
    but actions.json names a meeting by its slug, date and address alone: its records come
    out the same, so the file is left as written (it is tens of megabytes on a large site),
    while actions.csv, whose rows show the meeting's title, is made again. An action's own
    new title makes actions.json again. The site equals a build from nothing each time."""
    site, out = built
    before = file_states(out)
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    built_again_without_the_page_list(site, out, monkeypatch)
    made = remade(before, out)
    assert {"actions/live-policy-issue/index.html", "actions.csv"} <= made, made
    assert "actions.json" not in made
    assert "Reporting back on actions" in (out / "actions.csv").read_text(encoding="utf-8-sig")
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # an action's title: its record in actions.json shows it
    before = file_states(out)
    edit(site, KICK_OFF, "title: Write guidance on", "title: Write the guidance on")
    assert build_here(site, out) == 0
    assert "actions.json" in remade(before, out)
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh2")


def test_a_new_title_of_an_earlier_meeting_leaves_the_page_of_the_meeting_published_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page of a meeting published ahead of its day says whether it is the next meeting:
    it reads which meeting that is, not every earlier meeting's date and title, so a new
    title of the first meeting leaves it as it was (and a site of many meetings, with some
    published ahead, lists each page's few keys); the site equals a build from nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # 11 March 2024
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    ahead = "meetings/2024-03-25-ahead/index.html"
    (site / "content/meetings/2024-03-25-ahead.md").write_text(
        "---\ntitle: Ahead\ndate: 2024-03-25\nthemes: [foi-implications]\n---\nAgenda.\n"
    )
    assert build_here(site, out) == 0
    assert "This is the next meeting" in (out / ahead).read_text()
    before = file_states(out)
    edit(site, KICK_OFF, '"Kick-off:', '"The kick-off:')
    assert build_here(site, out) == 0
    made = remade(before, out)
    assert "meetings/2024-01-15-kick-off/index.html" in made and ahead not in made, made
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


# The minimal site makes no decision: the meeting reporting back makes one, for its text.
DECIDED = "decisions:\n  - id: guide\n    text: Publish a guide\n    themes: [foi-implications]\n"


def test_an_action_closed_on_one_theme_makes_again_that_themes_page_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A theme's first page lists its outstanding actions, counts its closed ones and marks
    on its timeline the months the group met: an action closed on one theme makes that
    theme's page again, and a meeting added in a month already met in, its themes' pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    edit(site, "site.yml", "page_size: 2", "page_size: 1")
    assert build_here(site, out) == 0
    before = file_states(out)
    edit(site, THIRD, "themes: [permission-to-engage]\n", THIRD_CLOSES_WRITE_GUIDANCE)
    assert build_here(site, out) == 0
    made = remade(before, out)
    page = (out / "themes/permission-to-engage/index.html").read_text()
    assert "No outstanding actions on this theme." in page
    assert "Closed actions on Permission to engage (1)" in page
    assert "themes/permission-to-engage/index.html" in made
    assert "themes/foi-implications/index.html" not in made, made
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # A meeting added in a month the group met in already leaves the other theme's page.
    before = file_states(out)
    (site / "content/meetings/2024-01-20-extra.md").write_text(
        "---\ntitle: Extra\ndate: 2024-01-20\nthemes: [permission-to-engage]\n---\nMet.\n"
    )
    assert build_here(site, out) == 0
    made = remade(before, out)
    assert "themes/permission-to-engage/index.html" in made
    assert "themes/foi-implications/index.html" not in made, made
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    # A meeting on a theme's second page moved to another month the group met in: the
    # theme's timeline on its first page marks February, no longer January.
    edit(site, KICK_OFF, "date: 2024-01-15", "date: 2024-02-01")
    assert build_here(site, out) == 0
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def test_an_action_falling_overdue_makes_again_only_its_owners_and_themes_lists(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action reopened past its due date is overdue on its owner's and its theme's lists:
    those lists are made again, and every other owner's and theme's lists (Grace's overdue
    action among them) are kept as written; the site equals a build from nothing."""
    site, out = built
    before = file_states(out)
    edit(site, REPORTING_BACK, "status: done", "status: in-progress")
    assert build_here(site, out) == 0
    made = remade(before, out)
    reopened = (out / "actions/by-owner/all-members/overdue/index.html").read_text()
    assert "Think of a live policy issue" in reopened
    assert {
        "actions/by-owner/all-members/overdue/index.html",
        "actions/by-theme/foi-implications/overdue/index.html",
        "actions/by-status/overdue/index.html",
    } <= made
    kept = {
        f"actions/{scope}/{which}index.html"
        for scope in ("by-owner/grace", "by-owner/alan", "by-theme/permission-to-engage")
        for which in ("", "overdue/", "closed/")
    }
    assert (
        "Write guidance on engaging online"
        in (out / "actions/by-owner/grace/overdue/index.html").read_text()
    )
    assert made.isdisjoint(kept), made & kept
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


THIRD_CLOSES_WRITE_GUIDANCE = """themes: [permission-to-engage]
actions:
  - id: write-guidance
    status: done
"""


@pytest.mark.parametrize(
    "old, new",
    [
        ("title: Reporting back", "title: Reporting back\nsummary: What members had done."),
        ("authors: [Ada Lovelace]", "authors: [Ada Lovelace, Alan Turing]"),
        ("title: Reporting back", 'time: "09:30"\nlocation: Room 2\ntitle: Reporting back'),
        ("note: Everyone brought an example.", "note: Everyone brought two examples."),
        ("text: Publish a guide", "text: Publish a short guide"),
    ],
    ids=["summary", "authors", "time-and-place", "action-note", "decision-text"],
)
def test_each_edit_to_what_a_meeting_shows_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    edit(site, REPORTING_BACK, "---\nMembers", DECIDED + "---\nMembers")
    assert build_here(site, out) == 0
    edit(site, REPORTING_BACK, old, new)
    built_again_without_the_page_list(site, out, monkeypatch)
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def test_a_new_title_of_the_meeting_that_handed_an_action_on_reaches_its_owner_s_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reporting back gives write-guidance, Grace's and Alan's, to Alan alone while Grace
    keeps an action of her own (raised at the kick-off): the meeting's new title, followed
    without listing every page, reaches the "Handed on" list on Grace's page as a build from
    nothing has it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    edit(
        site,
        REPORTING_BACK,
        "    status: in-progress\n",
        "    status: in-progress\n    owner: Alan\n",
    )
    own = "actions:\n  - id: book-room\n    title: Book a room\n    owner: Grace\n"
    edit(site, KICK_OFF, "actions:\n", own)
    assert build_here(site, out) == 0
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    built_again_without_the_page_list(site, out, monkeypatch)
    grace = (out / "actions/by-owner/grace/index.html").read_text()
    assert ">Reporting back on actions</a> (<time" in grace.split('id="handed-on"')[1]
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


@pytest.mark.parametrize(
    "old, new",
    [
        ("status: done", "status: in-progress"),  # the tracker's counts and lists change
        ("title: Reporting back", "title: Reporting back\nnext_meeting: 2024-03-12"),
    ],
    ids=["status", "next-meeting"],
)
def test_an_edit_to_more_than_a_meeting_shows_lists_every_page(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    site, out = built
    edit(site, REPORTING_BACK, old, new)
    with monkeypatch.context() as patched:
        listed = listed_every_page(patched)
        assert build_here(site, out) == 0
    assert listed
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def test_a_new_title_after_a_page_was_changed_by_hand_makes_that_page_again(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last build's record of who reads what is followed only when every file of its
    site is as it wrote it: else every page is listed, and one changed by hand made again."""
    site, out = built
    other = out / "decisions/index.html"
    original = other.read_bytes()
    other.write_bytes(original.replace(b"</main>", b"<p>Added by hand.</p></main>"))
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    with monkeypatch.context() as patched:
        listed = listed_every_page(patched)
        assert build_here(site, out) == 0
    assert listed and other.read_bytes() == original
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def stat_of_kept_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that gains each file the plan looks at itself (a stat) before keeping it."""
    from generator.engine import reuse

    looked: list[str] = []
    unchanged_file = reuse._unchanged_file

    def counted(path, record):  # type: ignore[no-untyped-def]
        looked.append(path)
        return unchanged_file(path, record)

    monkeypatch.setattr(reuse, "_unchanged_file", counted)
    return looked


def add_meeting(site: Path, day: str) -> None:
    (site / f"content/meetings/{day}-added.md").write_text(
        f"---\ntitle: Added on {day}\ndate: {day}\nthemes: [foi-implications]\n---\nAdded.\n"
    )


@pytest.mark.slow
def test_a_meeting_added_keeps_the_files_found_as_written_and_makes_one_changed_by_hand(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new meeting file takes the build through every page, and those that read nothing
    it changed are kept. Every file the last build wrote was found as written (in another
    process, from the start), so the plan looks at none again; when one was changed by hand,
    it looks at each, and makes that one again."""
    site, out = built
    kept = out / "actions/write-guidance/index.html"
    first = kept.stat().st_ino
    add_meeting(site, "2024-03-04")
    with monkeypatch.context() as patched:
        looked = stat_of_kept_files(patched)
        assert build_here(site, out) == 0
    assert looked == [] and kept.stat().st_ino == first
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")
    original = kept.read_bytes()
    kept.write_bytes(original.replace(b"</main>", b"<p>Added by hand.</p></main>"))
    add_meeting(site, "2024-03-05")
    with monkeypatch.context() as patched:
        looked = stat_of_kept_files(patched)
        assert build_here(site, out) == 0
    assert str(kept) in looked and kept.read_bytes() == original
    assert snapshot(out) == fresh_build(site, tmp_path / "again")


def test_a_damaged_record_of_readers_lists_every_page(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readers a title edit is followed by are recorded by place in a list of outputs:
    a place past its end (a damaged cache) makes the build list every page instead."""
    site, out = built
    [record] = (site / ".cache").glob("readers.*.json")
    table = json.loads(record.read_text())
    for entry in table["entries"].values():
        entry["outputs"] = entry["outputs"][:1]
    record.write_text(json.dumps(table))
    edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
    with monkeypatch.context() as patched:
        listed = listed_every_page(patched)
        assert build_here(site, out) == 0
    assert listed
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def test_the_day_a_meeting_is_held_leaves_the_feeds_of_other_themes_with_meetings_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed entry of a meeting published ahead, in a file git has seen, is dated by its
    commit: the latest meeting held is read only where git has not seen one. So on the day
    the third meeting (permission to engage) is held, the feed of FOI implications, which
    carries a meeting further ahead, is kept as it was; the site equals a build from nothing."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    (site / "content/meetings/2024-04-08-ahead.md").write_text(
        "---\ntitle: Further ahead\ndate: 2024-04-08\nthemes: [foi-implications]\n---\nAgenda.\n"
    )
    git(site, "init", "-q")
    commit_all(site, "first", "2024-03-01T10:00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_on(date(2024, 3, 10)))
    assert build_here(site, out) == 0
    before = file_states(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_on(date(2024, 3, 12)))
    assert build_here(site, out) == 0
    made = remade(before, out)
    assert "themes/permission-to-engage/feed.xml" in made  # the third, now held
    assert "themes/foi-implications/feed.xml" not in made
    epoch = epoch_on(date(2024, 3, 12))
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh", epoch=epoch)


# What each build after the first writes again (as c47934d4 wrote them): a meeting read back
# from the cache in any other form must give the same pages' keys, and so the same sets.
TITLE_EDIT_WRITES = frozenset(
    [
        "404.html",
        "accessibility/index.html",
        "actions.csv",
        "actions.ics",
        "actions/by-owner/alan/index.html",
        "actions/by-owner/alan/overdue/index.html",
        "actions/by-owner/all-members/closed/index.html",
        "actions/by-owner/grace/index.html",
        "actions/by-owner/grace/overdue/index.html",
        "actions/by-status/done/index.html",
        "actions/by-status/in-progress/index.html",
        "actions/by-status/overdue/index.html",
        "actions/by-theme/foi-implications/closed/index.html",
        "actions/by-theme/permission-to-engage/index.html",
        "actions/by-theme/permission-to-engage/overdue/index.html",
        "actions/closed/index.html",
        "actions/index.html",
        "actions/live-policy-issue/index.html",
        "actions/write-guidance/index.html",
        "archive/2024/index.html",
        "feed.xml",
        "index.html",
        "meetings.ics",
        "meetings/2024-01-15-kick-off/index.html",
        "meetings/2024-02-12-reporting-back/index.html",
        "meetings/2024-03-11-third/index.html",
        "next/index.html",
        "principles/index.html",
        "search/index.html",
        "themes/foi-implications/feed.xml",
        "themes/foi-implications/index.html",
        "themes/index.html",
        "themes/permission-to-engage/feed.xml",
        "themes/permission-to-engage/index.html",
    ]
)
NEW_DECISION_WRITES = frozenset(
    [
        "404.html",
        "accessibility/index.html",
        "decisions.csv",
        "decisions.json",
        "decisions/by-status/due-for-review/index.html",
        "decisions/by-status/index.html",
        "decisions/by-status/superseded/index.html",
        "decisions/by-theme/index.html",
        "decisions/by-theme/permission-to-engage/index.html",
        "decisions/feed.xml",
        "decisions/index.html",
        "decisions/third-decision/index.html",
        "feed.xml",
        "index.html",
        "meetings.ics",
        "meetings/2024-03-11-third/index.html",
        "next/index.html",
        "principles/index.html",
        "robots.txt",
        "search/index.html",
        "sitemap.xml",
        "static/icon.svg",
        "static/search.js",
        "static/site.js",
        "static/style.css",
        "themes/index.html",
        "themes/permission-to-engage/feed.xml",
        "themes/permission-to-engage/index.html",
    ]
)
NEXT_DAY_WRITES = frozenset(
    [
        "404.html",
        "accessibility/index.html",
        "actions.json",
        "actions/by-owner/alan/closed/index.html",
        "actions/by-owner/alan/index.html",
        "actions/by-owner/alan/overdue/index.html",
        "actions/by-owner/all-members/closed/index.html",
        "actions/by-owner/all-members/index.html",
        "actions/by-owner/all-members/overdue/index.html",
        "actions/by-owner/grace/closed/index.html",
        "actions/by-owner/grace/index.html",
        "actions/by-owner/grace/overdue/index.html",
        "actions/by-status/done/index.html",
        "actions/by-status/dropped/index.html",
        "actions/by-status/in-progress/index.html",
        "actions/by-status/index.html",
        "actions/by-status/open/index.html",
        "actions/by-status/overdue/index.html",
        "actions/by-theme/foi-implications/closed/index.html",
        "actions/by-theme/foi-implications/index.html",
        "actions/by-theme/foi-implications/overdue/index.html",
        "actions/by-theme/permission-to-engage/closed/index.html",
        "actions/by-theme/permission-to-engage/index.html",
        "actions/by-theme/permission-to-engage/overdue/index.html",
        "actions/closed/index.html",
        "actions/index.html",
        "actions/write-guidance/index.html",
        "decisions.json",
        "decisions/by-status/due-for-review/index.html",
        "decisions/by-status/index.html",
        "decisions/by-status/superseded/index.html",
        "decisions/by-theme/permission-to-engage/index.html",
        "decisions/index.html",
        "index.html",
        "next/index.html",
        "principles/index.html",
        "robots.txt",
        "search/index.html",
        "sitemap.xml",
        "static/icon.svg",
        "static/search.js",
        "static/site.js",
        "static/style.css",
        "themes/index.html",
    ]
)


def test_warm_builds_write_the_files_they_wrote_when_every_record_was_validated(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meetings a warm build did not read again come back from the cache, and the pages'
    keys made from them are those of the same meetings validated: after a title edit
    (followed from the last build's keys), a decision added (every page listed and each key
    compared) and the next day, the build writes again exactly these files, and the site is
    a fresh build's."""
    site, out = built
    found = []
    edits = [
        (REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions"),
        (THIRD, "themes: [permission-to-engage]\n", THIRD_DECIDES),
        None,  # the next day
    ]
    for number, change in enumerate(edits):
        epoch = BUILD_EPOCH if number < 2 else str(int(BUILD_EPOCH) + 86400)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        before = file_states(out)
        if change is not None:
            edit(site, *change)
        assert build_here(site, out) == 0
        found.append(remade(before, out))
        assert snapshot(out) == fresh_build(site, tmp_path / f"fresh-{number}", epoch=epoch)
    assert found == [TITLE_EDIT_WRITES, NEW_DECISION_WRITES, NEXT_DAY_WRITES]


THIRD_DECIDES = """themes: [permission-to-engage]
decisions:
  - id: third-decision
    text: We decide at the third meeting.
"""


def test_a_build_later_the_same_day_where_the_group_is_finds_nothing_changed(
    tmp_path: Path,
) -> None:
    """A build's moment counts as the day it falls on in the site's time zone: a build ten
    hours after the last, the same day in Auckland, changed nothing and says so (and follows
    a body edit); one an hour later, the next day there, makes the site again as of that day."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    settings = site / "site.yml"
    settings.write_text(settings.read_text() + "timezone: Pacific/Auckland\n")
    age(site)
    moment = int(epoch_on(date(2024, 3, 11))) - 12 * 3600  # 00:00 UTC: 13:00 in Auckland
    first = build_cli(site, out, epoch=str(moment + 1800))
    assert first.code == 0, first.err
    later = build_cli(site, out, epoch=str(moment + 10 * 3600 + 1800))  # 23:30 there
    assert later.code == 0, later.err
    assert "nothing changed since the last build" in later.out
    edit(site, "content/meetings/2024-03-11-third.md", "A short third", "A short, quiet third")
    body = build_cli(site, out, epoch=str(moment + 10 * 3600 + 2400))
    assert body.code == 0, body.err
    assert "kept from the last build" in body.out
    next_day = build_cli(site, out, epoch=str(moment + 11 * 3600 + 1800))  # 00:30 there
    assert next_day.code == 0, next_day.err
    assert "nothing changed" not in next_day.out
    tracker = (out / "actions/index.html").read_text()
    assert 'As of <time datetime="2024-03-12">' in tracker


def test_every_build_names_the_drafts_it_left_out_and_a_drafts_build_none(tmp_path: Path) -> None:
    """So that a draft is not taken for a page that failed to appear, a build says which
    meetings it left out as drafts and how to publish one: a full build, a build that
    follows a body edit and one that changed nothing alike; with --drafts, none."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    noted = (
        "note: drafts not published: content/meetings/2024-04-08-draft.md (draft: true); to "
        "publish one, delete its draft: line (`nominutes serve --drafts` previews drafts)"
    )
    first = build_cli(site, out)
    edit(site, "content/meetings/2024-03-11-third.md", "A short third", "A short, quiet third")
    body = build_cli(site, out)
    same = build_cli(site, out)
    assert "kept from the last build" in body.out
    assert "nothing changed since the last build" in same.out
    for run in (first, body, same):
        assert run.code == 0, run.err
        assert noted in run.err.splitlines()
    drafts = build_cli(site, tmp_path / "with-drafts", "--drafts")
    assert drafts.code == 0, drafts.err
    assert "drafts not published" not in drafts.err


def test_a_new_title_of_an_action_left_overdue_reaches_the_meetings_that_name_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write-guidance, due before the third meeting and not done by then, is named there as
    still overdue: its new title, written where it was raised, shows there as a build from
    nothing shows it (a title edit of actions never overdue gives no meeting's overdue key)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    assert build_here(site, out) == 0
    third = out / "meetings/2024-03-11-third/index.html"
    assert "Write guidance on engaging online" in third.read_text()
    new = "title: Write guidance on engaging people online"
    edit(site, KICK_OFF, "title: Write guidance on engaging online", new)
    assert build_here(site, out) == 0
    assert "Write guidance on engaging people online" in third.read_text()
    assert snapshot(out) == fresh_build(site, tmp_path / "fresh")


def code_elsewhere(folder: Path) -> Path:
    """nominutes' package copied into `folder`, as the same code installed in another place
    (CI's fresh virtual environment, a new Python) has it: `python -m generator` run from
    `folder` imports this copy."""
    shutil.copytree(
        REPO / "generator", folder / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return folder


def build_with(code: Path, site: Path, out: Path, *more: str) -> Run:
    done = run_subprocess(["build", "--source", str(site), "--output", str(out), *more], code)
    assert done.code == 0, done.err
    return done


def test_the_same_code_installed_elsewhere_finds_nothing_changed(tmp_path: Path) -> None:
    """What a page's key holds of the templates and code is their contents and their names
    in their folder, not where they are installed: the same code run from another folder
    finds nothing changed and touches no file; a template changed there makes the pages
    again, as a build from nothing with it makes them."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    build_with(REPO, site, out)
    written = file_states(out)
    elsewhere = code_elsewhere(tmp_path / "elsewhere")
    again = build_with(elsewhere, site, out)
    assert "nothing changed since the last build" in again.out
    assert file_states(out) == written
    base = elsewhere / "generator/themes/default/templates/base.html"
    base.write_text(base.read_text().replace("<body", "<body data-moved", 1))
    changed = build_with(elsewhere, site, out)
    assert "nothing changed" not in changed.out
    pages = sorted(out.rglob("*.html"))
    assert pages and all("<body data-moved" in page.read_text() for page in pages)
    build_with(elsewhere, site, tmp_path / "fresh", "--no-cache")
    assert snapshot(out) == snapshot(tmp_path / "fresh")


@pytest.mark.slow
def test_a_title_edit_built_by_the_same_code_elsewhere_makes_again_what_it_makes_here(
    tmp_path: Path,
) -> None:
    """A build that goes through the model (a title edit) with the code installed in another
    folder keeps the pages the edit leaves: it makes again exactly the files the code where
    the last build ran makes again, not every page."""
    elsewhere = code_elsewhere(tmp_path / "elsewhere")
    made = []
    for name, code in (("here", REPO), ("elsewhere", elsewhere)):
        site, out = copy_site("minimal", tmp_path / f"site-{name}"), tmp_path / f"out-{name}"
        age(site)
        build_with(REPO, site, out)
        before = file_states(out)
        edit(site, REPORTING_BACK, "title: Reporting back", "title: Reporting back on actions")
        build_with(code, site, out)
        made.append(remade(before, out))
        assert snapshot(out) == fresh_build(site, tmp_path / f"fresh-{name}")
    here, there = made
    assert "meetings/2024-02-12-reporting-back/index.html" in here
    assert there == here
    assert "decisions/index.html" not in there
