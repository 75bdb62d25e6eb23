"""The build cache in SOURCE/.cache/: reused when nothing changed, never changing the output."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import jinja2
import markupsafe
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.compiler import CodeGenerator

from generator import inputs
from generator.build import build as build_site
from generator.cli import build_options, make_parser
from generator.content.load import (
    Kind,
    document_from_cache,
    document_to_cache,
    load_site,
    parse_document,
)
from generator.content.model import (
    BuildOptions,
    Location,
    Status,
    config_from_cache,
    config_to_cache,
    meeting_from_cache,
    meeting_to_cache,
)
from generator.content.validate import validate
from generator.engine import parallel
from generator.engine.cache import BuildCache, cached_map, value_key
from generator.errors import ContentError
from generator.inputs import BuildResult
from generator.serve.server import DevServer
from generator.site import calendars, exports, render
from generator.site.markup import (
    Fragment,
    Markup,
    feed_edits,
    feed_html,
    fragment_from_cache,
    fragment_to_cache,
)
from generator.site.pages import ActionRow, DateText, Link, MeetingCard
from tests.conftest import (
    BUILD_EPOCH,
    REPO,
    SITES,
    copy_site,
    edit,
    run_cli,
    run_subprocess,
    snapshot,
    synthetic_site,
)

KICK_OFF = "content/meetings/2024-01-15-kick-off.md"
REPORTING_BACK = "content/meetings/2024-02-12-reporting-back.md"


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch):
    """Build `site` into `out` with the command line's options (the cache on unless told
    otherwise); return the build's result."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)

    def run(site: Path, out: Path, *extra: str) -> BuildResult:
        args = make_parser().parse_args(
            ["build", "--source", str(site), "--output", str(out), *extra]
        )
        return build_site(build_options(args, args.output))

    return run


def reused(result: BuildResult) -> dict[str, tuple[int, int]]:
    """Each cache table (and the files kept from the last build): (reused, looked up)."""
    return {name: (hits, total) for name, hits, total in result.cache.reused}


def assert_same_as_without_cache(build, site: Path, tmp_path: Path, name: str) -> None:
    """A build with the cache as it is now equals one that never saw a cache."""
    warm, cold = tmp_path / f"{name}-warm", tmp_path / f"{name}-cold"
    build(site, warm)
    build(site, cold, "--no-cache")
    assert snapshot(warm) == snapshot(cold)


def shard_times(cache: Path) -> dict[str, int]:
    """When each cache file was written (but the records of pages and their readers, of the
    search index and of what the last build read, kept per output folder)."""
    return {
        path.name: path.stat().st_mtime_ns
        for path in cache.glob("*.json")
        if not path.name.startswith(("pages.", "readers.", "search.", "standing."))
    }


def test_a_change_rewrites_only_the_cache_files_that_hold_it(minimal_site, tmp_path, build):
    build(minimal_site, tmp_path / "one")
    before = shard_times(minimal_site / ".cache")
    edit(minimal_site, REPORTING_BACK, "Members reported back", "Members reported")
    build(minimal_site, tmp_path / "two")
    after = shard_times(minimal_site / ".cache")
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten and len(rewritten) < len(after) / 2, rewritten
    assert any(name.startswith("meeting-documents.") for name in rewritten)


def test_second_build_reuses_every_document_and_body(minimal_site: Path, tmp_path: Path, build):
    first = build(minimal_site, tmp_path / "one")
    stored = shard_times(minimal_site / ".cache")
    second = build(minimal_site, tmp_path / "two")
    assert shard_times(minimal_site / ".cache") == stored  # nothing rewritten
    tables = ("documents", "meeting-documents", "validated", "markdown")
    assert [reused(first)[name] for name in tables] == [(0, 4), (0, 4), (0, 3), (0, 6)]
    # the three meetings come back validated: their documents are not read again (the draft,
    # left out of the site, is not kept validated)
    assert [reused(second)[name] for name in tables] == [(4, 4), (1, 1), (3, 3), (6, 6)]
    assert not list((minimal_site / ".cache").glob("calendar.*"))  # calendars are not cached
    assert reused(second)["files"][0] == 0  # another output folder: no file is kept
    assert list((minimal_site / ".cache").glob("documents.*.json"))
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_meeting_dated_ahead_comes_back_validated_and_is_still_warned_of(
    minimal_site, tmp_path, build
):
    """A published meeting dated after the build is warned of by the review, from its record:
    the cache keeps it validated like any other, so another meeting's title edit validates
    that one meeting alone and the warning is still given."""
    draft = "content/meetings/2024-04-08-draft.md"
    edit(minimal_site, draft, "draft: true", "summary: Not held yet.")
    ahead = "date 2024-04-08 is after today (2024-03-11)"
    first = build(minimal_site, tmp_path / "one")
    assert [p.path for p in first.warnings if ahead in p.message] == [draft]
    edit(minimal_site, REPORTING_BACK, "title: Reporting back", "title: Reported back")
    second = build(minimal_site, tmp_path / "one")
    # Only the edited meeting's documents read (as the last build read it, to compare, and
    # as it is now): the three others came back validated, and its last record too.
    assert reused(second)["meeting-documents"] == (1, 2)
    assert reused(second)["validated"] == (4, 5)
    assert [p.path for p in second.warnings if ahead in p.message] == [draft]


def test_a_title_edit_gives_the_spelling_warnings_of_a_build_without_the_cache(
    minimal_site, tmp_path, build
):
    """An owner and an author written two ways in two meetings: after either meeting's
    title is edited, the build that reads the other's record from the cache gives the same
    warnings, in the same order and at the same places, as a build without the cache (a
    cached record that kept its owners' names apart from its actions must still give them)."""
    third = "content/meetings/2024-03-11-third.md"
    edit(
        minimal_site,
        third,
        "themes: [permission-to-engage]",
        "authors: [ada lovelace]\nthemes: [permission-to-engage]\nactions:\n"
        "  - id: third-action\n    title: A third action\n    owner: [Alan, GRACE]",
    )

    def warnings(result: BuildResult) -> list[str]:
        return [f"{p.path}:{p.line}:{p.col}: {p.message}" for p in result.warnings]

    spelt = warnings(build(minimal_site, tmp_path / "out"))
    assert [line for line in spelt if "'GRACE'" in line or "'ada lovelace'" in line] == [
        f"{third}:5:11: author 'ada lovelace' is written 'Ada Lovelace' elsewhere; did you "
        f"mean 'Ada Lovelace' ({KICK_OFF}:4)? write the name the same way everywhere; if they "
        "are one person written two ways in meetings you would rather not edit, add [Ada "
        "Lovelace, ada lovelace] to same_people in site.yml",
        f"{third}:10:19: owner 'GRACE' is written 'Grace' elsewhere ({KICK_OFF}:16); write "
        "the name the same way everywhere, or the tracker lists two people; if they are one "
        "person written two ways in meetings you would rather not edit, add [Grace, GRACE] "
        "to same_people in site.yml",
    ]
    for path, title in ((KICK_OFF, '"Kick-off: first meeting"'), (third, "Third meeting")):
        edit(minimal_site, path, f"title: {title}", "title: Edited")
        result = build(minimal_site, tmp_path / "out")
        assert reused(result)["validated"][0] == 2  # the two others, from the cache
        warm = warnings(result)
        assert warm == warnings(build(minimal_site, tmp_path / f"cold-{title[:4]}", "--no-cache"))
        assert [line for line in warm if "'GRACE'" in line or "'ada lovelace'" in line] == [
            line for line in spelt if "'GRACE'" in line or "'ada lovelace'" in line
        ]


def test_an_edited_body_is_the_only_one_rendered_again(minimal_site, tmp_path, build):
    build(minimal_site, tmp_path / "one")
    edit(minimal_site, REPORTING_BACK, "Everyone brought", "Everybody brought")
    out = build(minimal_site, tmp_path / "two")
    # the edited meeting is read and validated; its front matter changed, its body did not;
    # its last record comes back too, to compare what cross-referencing reads of it (the
    # same: the indexes the last build made are taken)
    expected = {"documents": (4, 4), "meeting-documents": (1, 2), "validated": (3, 4)}
    assert reused(out).items() >= expected.items()
    assert reused(out)["markdown"] == (6, 6)
    edit(minimal_site, REPORTING_BACK, "Members reported back", "The group reported back")
    out = build(minimal_site, tmp_path / "three")
    assert (
        reused(out).items()
        >= {
            "documents": (4, 4),
            "meeting-documents": (1, 2),
            "validated": (3, 4),
            "markdown": (5, 6),
        }.items()
    )
    page = (
        tmp_path / "three" / "meetings" / "2024-02-12-reporting-back" / "index.html"
    ).read_text()
    assert "The group reported back" in page
    assert "Everybody brought an example." in page


@pytest.mark.slow
def test_deleting_the_cache_never_changes_the_output(minimal_site: Path, tmp_path: Path, build):
    build(minimal_site, tmp_path / "warm-up")
    steps = [
        (REPORTING_BACK, "Members reported back", "Members *reported* back"),
        (REPORTING_BACK, "status: done", "status: dropped"),
        ("site.yml", "https://example.org/group/", "https://example.net/minutes/"),
        ("site.yml", "page_size: 2", "page_size: 3"),
    ]
    for number, (relative, old, new) in enumerate(steps):
        edit(minimal_site, relative, old, new)
        assert_same_as_without_cache(build, minimal_site, tmp_path, f"step{number}")
    shutil.rmtree(minimal_site / ".cache")
    assert_same_as_without_cache(build, minimal_site, tmp_path, "deleted")


def test_a_renamed_note_updates_the_links_to_it(minimal_site: Path, tmp_path: Path, build):
    build(minimal_site, tmp_path / "before")
    meetings = minimal_site / "content" / "meetings"
    (meetings / "2024-01-15-kick-off.md").rename(meetings / "2024-01-15-first-meeting.md")
    edit(minimal_site, REPORTING_BACK, "(2024-01-15-kick-off.md)", "(2024-01-15-first-meeting.md)")
    build(minimal_site, tmp_path / "after")
    page = (
        tmp_path / "after" / "meetings" / "2024-02-12-reporting-back" / "index.html"
    ).read_text()
    assert 'href="../2024-01-15-first-meeting/"' in page
    assert_same_as_without_cache(build, minimal_site, tmp_path, "renamed")


def test_a_link_to_a_deleted_note_is_still_an_error(
    minimal_site, tmp_path, build, capsys, monkeypatch
):
    edit(minimal_site, REPORTING_BACK, "actions.", "actions, then [the next](2024-03-11-third.md).")
    build(minimal_site, tmp_path / "before")
    (minimal_site / "content" / "meetings" / "2024-03-11-third.md").unlink()
    result = run_cli(
        ["build", "--source", str(minimal_site), "--output", str(tmp_path / "after")],
        capsys,
        monkeypatch,
    )
    assert result.code == 1
    assert (
        f"{REPORTING_BACK}:14:90: error: link to a note that does not exist: "
        "2024-03-11-third.md" in result.err
    )


def test_a_damaged_cache_is_ignored(minimal_site: Path, tmp_path: Path, build):
    build(minimal_site, tmp_path / "good")
    cache = minimal_site / ".cache"
    for shard in cache.glob("*documents.*.json"):
        shard.write_text("{not json")
    for shard in [*cache.glob("markdown.*.json"), *cache.glob("validated.*.json")]:
        table = json.loads(shard.read_text())
        table["entries"] = {key: ["too", "short"] for key in table["entries"]}
        shard.write_text(json.dumps(table))
    out = build(minimal_site, tmp_path / "after-damage")
    assert (
        reused(out).items()
        >= {
            "documents": (0, 4),
            "meeting-documents": (0, 4),
            "validated": (0, 3),
            "markdown": (0, 6),
        }.items()
    )
    assert snapshot(tmp_path / "good") == snapshot(tmp_path / "after-damage")


def test_no_cache_neither_reads_nor_writes(minimal_site: Path, tmp_path: Path, build):
    out = build(minimal_site, tmp_path / "out", "--no-cache")
    assert not (minimal_site / ".cache").exists()
    assert all(hits == 0 for hits, _ in reused(out).values())


def test_check_reads_the_cache_but_writes_nothing(minimal_site, tmp_path, capsys, monkeypatch):
    result = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert result.code == 0, result.err
    assert not (minimal_site / ".cache").exists()


def test_the_cache_is_ignored_by_git(minimal_site: Path, tmp_path: Path, build):
    build(minimal_site, tmp_path / "out")
    assert (minimal_site / ".cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_themes_hidden_files_and_backups_leave_the_site_standing(minimal_site, tmp_path, build):
    """A build never reads a site theme's hidden files or editors' backups (Finder's
    .DS_Store, `base.html~`), so one appearing leaves the last site standing, every file
    kept; a template edited beside them makes every page again."""
    templates = minimal_site / "themes/default/templates"
    templates.mkdir(parents=True)
    shutil.copy(REPO / "generator/themes/default/templates/404.html", templates / "404.html")
    build(minimal_site, tmp_path / "out")
    assert build(minimal_site, tmp_path / "out").stood
    (minimal_site / "themes/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (templates / "404.html~").write_text("an editor's backup")
    (templates / ".404.html.swp").write_text("vim's swap file")
    assert build(minimal_site, tmp_path / "out").stood
    with (templates / "404.html").open("a") as page:
        page.write("<!-- edited -->\n")
    assert files_kept(build(minimal_site, tmp_path / "out")) == (0, 66)


# --- pages kept from the last build --------------------------------------------------------------

MEETING_EDITS = [
    ("title: Meeting", "title: Renamed meeting"),
    ("status: done", "status: in-progress"),
    ("    owner: Owner", "    owner: New owner"),
    ("themes: [theme", "themes: [theme-39]  # was [theme"),  # the list replaced, not repeated
    ("title: Meeting", 'time: "09:30"\nlocation: Room 2\ntitle: Meeting'),  # the calendar shows it
    ("\n## Section 1", "\nA new paragraph.\n\n## Section 1"),
    ("\n---\n", "\n---\nOpening words. "),  # the first paragraph: the meeting's summary
]


def files_kept(result: BuildResult) -> tuple[int, int]:
    return reused(result)["files"]


@pytest.mark.slow
def test_a_rebuild_keeps_unchanged_pages_and_equals_a_fresh_build(tmp_path: Path, build) -> None:
    site = synthetic_site(tmp_path / "synthetic", 40)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(site, out)
    notes = sorted((site / "content/meetings").iterdir())
    for number, (old, new) in enumerate(MEETING_EDITS * 2):
        note = notes[(number * 7) % (len(notes) - 1)]
        assert old in note.read_text(), (note.name, old)
        note.write_text(note.read_text().replace(old, new, 1))
        kept, total = files_kept(build(site, out))
        assert 0 < kept < total, (number, old)
        build(site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh), (number, note.name, old)
    other_changes = [
        lambda: notes[-1].unlink(),
        lambda: (site / "content/meetings/2000-03-01-extra.md").write_text(
            "---\ntitle: Extra\ndate: 2000-03-01\nthemes: [theme-01]\n---\nMet.\n"
        ),
        # the new last meeting moves after the extra one: the order and the timelines change
        lambda: notes[-2].write_text(
            notes[-2].read_text().replace("date: 2000-02-10", "date: 2000-03-15")
        ),
        lambda: (site / "content/themes/theme-01.md").write_text(
            "---\ntitle: A renamed theme\n---\nWhat it covers.\n"
        ),
        lambda: (site / "site.yml").write_text(
            (site / "site.yml").read_text().replace("Benchmark group", "Renamed group")
        ),
    ]
    for change in other_changes:
        change()
        build(site, out)
        build(site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh)


@pytest.mark.slow
@pytest.mark.parametrize("change", ["title", "body"])
def test_ci_keeps_the_pages_of_the_restored_site(
    tmp_path: Path, build, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A push as the starter's workflow builds it: a fresh clone at the same path (every
    source file new to the disk), the cache and the last site restored from an archive as
    actions/cache makes one (GNU tar, POSIX format), then the build. The pages the change
    does not reach are kept, and the site is the one a build from nothing makes. An edit to
    a body alone, or to a title, is followed there as in place, without listing every page."""
    origin = synthetic_site(tmp_path / "origin", 30, defaults=True)
    checkout = tmp_path / "runner" / "work"  # the same path on every run, as on a runner

    def git(*args: str, cwd: Path = origin) -> None:
        who = ["-c", "user.name=CI", "-c", "user.email=ci@example.org"]
        subprocess.run(["git", *who, *args], cwd=cwd, check=True, capture_output=True)

    def fresh_clone() -> None:
        shutil.rmtree(checkout, ignore_errors=True)
        git("clone", "--quiet", str(origin), str(checkout), cwd=tmp_path)

    # A paper published as it is: a fresh clone finds its bytes as they were.
    (origin / "content/papers").mkdir()
    (origin / "content/papers/brief.txt").write_text("A paper.\n")
    git("add", "--all")
    git("commit", "--quiet", "--message", "A paper")
    fresh_clone()
    build(checkout, checkout / "_site")
    local = tmp_path / "local"  # a member's own clone, rebuilt in place
    git("clone", "--quiet", str(origin), str(local), cwd=tmp_path)
    build(local, local / "_site")
    archive = tmp_path / "cache.tar"
    tar = ["tar", "--posix", "-cf", str(archive), "-C", str(checkout), ".cache", "_site"]
    subprocess.run(tar, check=True)
    note = sorted((origin / "content/meetings").iterdir())[10]
    if change == "title":
        note.write_text(note.read_text().replace("title: ", "title: Renamed ", 1))
    else:
        note.write_text(note.read_text() + "\nA paragraph added after the meeting.\n")
    git("commit", "--quiet", "--all", "--message", f"A meeting's {change} edited")
    git("pull", "--quiet", cwd=local)
    kept_in_place, total = files_kept(build(local, local / "_site"))
    assert 0 < kept_in_place < total
    fresh_clone()
    subprocess.run(["tar", "-xf", str(archive), "-C", str(checkout)], check=True)
    from generator import make as pipeline

    def listed(model):  # type: ignore[no-untyped-def]
        raise AssertionError("every page was listed")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "build_pages", listed)
        assert files_kept(build(checkout, checkout / "_site")) == (kept_in_place, total)
    build(checkout, tmp_path / "fresh", "--no-cache")
    assert snapshot(checkout / "_site") == snapshot(tmp_path / "fresh")


def test_settings_or_templates_changed_keep_no_page(minimal_site: Path, tmp_path: Path, build):
    build(minimal_site, tmp_path / "out")
    assert build(minimal_site, tmp_path / "out").stood  # nothing changed: the site stands
    # A blank line at the end of a note: its file changed, no page did. Only its body
    # changed, so the build follows the edit and keeps every file.
    with (minimal_site / "content/meetings/2024-03-11-third.md").open("a") as note:
        note.write("\n")
    assert files_kept(build(minimal_site, tmp_path / "out")) == (66, 66)
    # A blank line in its front matter: the pages are listed again, and what reads
    # everything is made again (the summaries, the accessibility statement, the sitemap,
    # robots.txt and the theme's static files: ten files), with what reads the meeting (its
    # record notes the lines it was written on, for warnings); the pack, which reads what it
    # shows, is kept.
    edit(minimal_site, "content/meetings/2024-03-11-third.md", "title: ", "\ntitle: ")
    kept, total = files_kept(build(minimal_site, tmp_path / "out"))
    assert total == 66 and kept <= 56
    templates = minimal_site / "themes/default/templates"
    templates.mkdir(parents=True)
    shutil.copy(REPO / "generator/themes/default/templates/404.html", templates / "404.html")
    with (templates / "404.html").open("a") as page:
        page.write("<!-- edited -->\n")
    assert files_kept(build(minimal_site, tmp_path / "out")) == (0, 66)
    assert files_kept(build(minimal_site, tmp_path / "elsewhere")) == (0, 66)


def compiled_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles in this process from now on (a forked
    process appends to its own copy of the list)."""
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


def test_a_template_is_compiled_once_a_process_and_again_when_edited(
    minimal_site, tmp_path, build, monkeypatch
):
    """Builds in one process (serve's full rebuilds, the tests) take the templates an earlier
    build compiled; a template edited since is compiled again, and its edit shows."""
    compiled = compiled_here(monkeypatch)
    build(minimal_site, tmp_path / "one", "--no-cache")
    compiled.clear()
    build(minimal_site, tmp_path / "two", "--no-cache")
    assert compiled == []
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    templates = minimal_site / "themes/default/templates"
    templates.mkdir(parents=True)
    page = (REPO / "generator/themes/default/templates/404.html").read_text()
    (templates / "404.html").write_text(
        page.replace("{% endblock %}", "<p>Edited.</p>\n{% endblock %}")
    )
    build(minimal_site, tmp_path / "three", "--no-cache")
    assert compiled == ["404.html"]
    assert "<p>Edited.</p>" in (tmp_path / "three/404.html").read_text()
    (templates / "404.html").write_text(
        page.replace("{% endblock %}", "<p>Again.</p>\n{% endblock %}")
    )
    compiled.clear()
    build(minimal_site, tmp_path / "four", "--no-cache")
    assert compiled == ["404.html"]
    assert "<p>Again.</p>" in (tmp_path / "four/404.html").read_text()


def test_a_build_takes_its_templates_compiled_in_another_process(
    minimal_site, tmp_path, build, monkeypatch
):
    """A process that has compiled no template yet (the command line's build) has another
    process compile them while it reads the site: it compiles none itself, its pages are the
    same as one process's, and a template that does not compile is reported as it would be."""
    compiled = compiled_here(monkeypatch)

    def fresh_build(out: Path, jobs: str) -> BuildResult:
        render.compiled_templates.cache_clear()  # as in a new process
        compiled.clear()
        return build(minimal_site, out, "--no-cache", "--jobs", jobs)

    fresh_build(tmp_path / "two", "2")
    assert compiled == []
    fresh_build(tmp_path / "one", "1")
    assert "meeting.html" in compiled
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")
    templates = minimal_site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "theme.html").write_text("{% extends 'base.html' %}\n{% block main %}{% if %}")
    reported = []
    for jobs in ("2", "1"):
        with pytest.raises(ContentError) as error:
            fresh_build(tmp_path / f"broken-{jobs}", jobs)
        reported.append([str(problem) for problem in error.value.problems if problem.is_error])
    assert reported[0] == reported[1]
    assert reported[0][0].startswith("themes/default/templates/theme.html:2:")


def test_the_templates_compile_in_another_process_before_the_site_is_read(
    minimal_site, tmp_path, build, monkeypatch
):
    """The process that compiles the templates is forked before the build reads the site's
    files (while the build holds little for the kernel to copy as it goes on), with every
    theme the site could name: the build then compiles none itself with its own theme
    named, and its pages are those of a build in one process."""
    from generator import make

    steps: list[str] = []
    fork, load = make.made_in_fork, make.load_documents
    monkeypatch.setattr(make, "made_in_fork", lambda *a: steps.append("fork") or fork(*a))
    monkeypatch.setattr(
        make, "load_documents", lambda *a, **k: steps.append("load") or load(*a, **k)
    )
    compiled = compiled_here(monkeypatch)
    for name in ("own", "other"):
        templates = minimal_site / "themes" / name / "templates"
        templates.mkdir(parents=True)
        (templates / "404.html").write_text(
            f"{{% extends 'base.html' %}}\n{{% block main %}}<p>The {name} theme.</p>"
            "{% endblock %}\n"
        )
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "site_theme: own\n")
    for jobs in ("2", "1"):
        render.compiled_templates.cache_clear()  # as in a new process
        compiled.clear()
        build(minimal_site, tmp_path / jobs, "--no-cache", "--jobs", jobs)
        if jobs == "2":
            assert steps[:2] == ["fork", "load"]
            assert compiled == []
    assert "<p>The own theme.</p>" in (tmp_path / "2/404.html").read_text()
    assert "404.html" in compiled
    assert snapshot(tmp_path / "2") == snapshot(tmp_path / "1")


def test_a_page_changed_in_the_output_is_rendered_again(minimal_site, tmp_path, build):
    out = tmp_path / "out"
    build(minimal_site, out)
    page = out / "meetings/2024-01-15-kick-off/index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>added by hand</p></body>"))
    build(minimal_site, out)
    assert page.read_bytes() == original


def test_a_body_edit_leaves_the_next_meetings_page_but_a_new_title_reaches_it(
    minimal_site, tmp_path, build
):
    """The page of the meeting after shows "Since <the meeting before>": it reads that
    meeting's title (its card), not its body. With one meeting per list page, the home page
    shows it too."""
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text().replace("page_size: 2", "page_size: 1"))
    out = tmp_path / "out"
    build(minimal_site, out)
    after = out / "meetings/2024-03-11-third/index.html"
    before = after.stat().st_ino
    edit(minimal_site, REPORTING_BACK, "Everyone brought", "Everybody brought")
    build(minimal_site, out)
    assert after.stat().st_ino == before  # kept, not made again
    assert "Since <a" in after.read_text() and "Since <a" in (out / "index.html").read_text()
    edit(minimal_site, REPORTING_BACK, "title: ", "title: Renamed ")
    build(minimal_site, out)
    assert ">Renamed " in after.read_text() and ">Renamed " in (out / "index.html").read_text()
    assert_same_as_without_cache(build, minimal_site, tmp_path, "renamed")


def test_a_new_note_leaves_the_html_of_notes_that_link_to_others(minimal_site, tmp_path, build):
    """A body's HTML reads where the notes it links to are published, and nothing else of
    the other notes: a new meeting renders only its own body."""
    build(minimal_site, tmp_path / "one")
    (minimal_site / "content/meetings/2024-03-25-added.md").write_text(
        "---\ntitle: Added\ndate: 2024-03-25\nthemes: [foi-implications]\n---\n"
        "Back to the [kick-off](2024-01-15-kick-off.md).\n"
    )
    out = build(minimal_site, tmp_path / "two")
    assert reused(out)["markdown"] == (6, 7)
    assert_same_as_without_cache(build, minimal_site, tmp_path, "added")


def test_a_body_linking_to_a_note_no_longer_published_is_made_again(minimal_site, tmp_path, build):
    """Rendered with the draft published (--drafts), the link in the body resolves; without
    it, the same cached body would keep a link to a page that is not there."""
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text() + "Next: [the draft](2024-04-08-draft.md).\n")
    build(minimal_site, tmp_path / "with-drafts", "--drafts")
    with pytest.raises(ContentError) as failed:
        build(minimal_site, tmp_path / "out")
    assert [p.message for p in failed.value.problems if p.is_error] == [
        "link to a note that does not exist: 2024-04-08-draft.md"
    ]


def test_kept_pages_are_linked_from_the_last_build_not_written(minimal_site, tmp_path, build):
    out = tmp_path / "out"
    build(minimal_site, out)
    kept = out / "actions/live-policy-issue/index.html"
    edited = out / "meetings/2024-03-11-third/index.html"
    before = kept.stat().st_ino, edited.stat().st_ino
    edit(minimal_site, "content/meetings/2024-03-11-third.md", "A short", "A very short")
    build(minimal_site, out)
    assert kept.stat().st_ino == before[0]
    assert edited.stat().st_ino != before[1]
    assert b"A very short third meeting." in edited.read_bytes()


FEEDS_CALENDARS_EXPORTS = (
    "feed.xml",
    "themes/foi-implications/feed.xml",
    "themes/permission-to-engage/feed.xml",
    "meetings.ics",
    "actions.ics",
    "actions.json",
    "actions.csv",
)


@pytest.mark.slow
def test_feeds_calendars_and_exports_are_kept_unless_what_they_show_changed(
    minimal_site, tmp_path, build
):
    out, fresh = tmp_path / "out", tmp_path / "fresh"

    def kept_after(change: Callable[[], None]) -> set[str]:
        before = {path: (out / path).stat().st_ino for path in FEEDS_CALENDARS_EXPORTS}
        change()
        build(minimal_site, out)
        build(minimal_site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh)
        return {
            path for path in FEEDS_CALENDARS_EXPORTS if (out / path).stat().st_ino == before[path]
        }

    build(minimal_site, out)
    third = "content/meetings/2024-03-11-third.md"
    # the latest meeting's body (not its summary, which it gives): the feeds that carry it
    # (the meetings calendar reads the meeting for the next date it announces, not its body)
    assert kept_after(lambda: edit(minimal_site, third, "A short", "A very short")) == {
        "themes/foi-implications/feed.xml",
        "actions.ics",
        "actions.json",
        "actions.csv",
        "meetings.ics",
    }
    kick_off = "content/meetings/2024-01-15-kick-off.md"
    # an action's title: the tracker's files, and the feeds of the meetings that name it
    # (the feeds list it where the reporting-back meeting updates it); the meetings calendar
    # shows no action
    assert kept_after(
        lambda: edit(minimal_site, kick_off, "Think of a live", "Think of one live")
    ) == {"meetings.ics"}
    assert b"Think of one live policy issue" in (out / "actions.json").read_bytes()
    # the latest meeting announces the next one: the meetings calendar gains its event
    announced = "next_meeting: 2024-04-22\nsummary:"
    assert "meetings.ics" not in kept_after(
        lambda: edit(minimal_site, third, "summary:", announced)
    )
    assert b"SUMMARY:Next meeting of" in (out / "meetings.ics").read_bytes()
    assert kept_after(lambda: None) == set(FEEDS_CALENDARS_EXPORTS)


def test_rows_and_cards_rendered_once_are_the_same_as_rendered_each_time(
    tmp_path, build, monkeypatch
):
    """Tracker rows are rendered once per arguments and reused on every page that lists
    them; forgetting them after every entry must not change a byte."""
    site = synthetic_site(tmp_path / "site", 40)
    build(site, tmp_path / "reused", "--no-cache", "--jobs", "1")
    remembering = render.RowMemo.__init__

    def forgetful(self, limit: int = 1) -> None:
        remembering(self, limit=1)

    monkeypatch.setattr(render.RowMemo, "__init__", forgetful)
    build(site, tmp_path / "fresh", "--no-cache", "--jobs", "1")
    assert snapshot(tmp_path / "reused") == snapshot(tmp_path / "fresh")


def test_a_card_is_rendered_each_time_and_a_row_once_for_the_same_arguments() -> None:
    """A meeting card is rendered wherever it is shown, none kept (its links go from its
    page); a tracker row whose links start from no one root is rendered once for the same
    arguments at the same depth, and again once the memo has started afresh."""
    environment = _theme_environment()
    card = MeetingCard(
        "<Kick-off>", "../kick-off/", DateText("2024-01-15", "15 January 2024"), "", ()
    )
    other = replace(card, title="Second")
    template = environment.from_string(
        '{% from "_macros.html" import meeting_list %}{{ meeting_list(cards) }}'
    )
    page = template.render(cards=[card, other, card])
    assert page.count("&lt;Kick-off&gt;") == 2 and page.count("Second") == 1
    assert not environment.rows._made and not environment.rows._moved
    row = ActionRow(
        id="write-guidance",
        title="<Write> guidance",
        href="../actions/write-guidance/",
        status=Status.OPEN,
        owners=(Link("Alan", ""),),
        due=None,
        overdue=False,
        raised_at=Link("Kick-off", "../../meetings/2024-01-15-kick-off/"),
        raised_on=DateText("2024-01-15", "15 January 2024"),
        last_update=None,
    )
    table = environment.from_string(
        '{% from "_macros.html" import action_table %}{{ action_table(rows, "Actions") }}'
    )
    page = table.render(rows=[row, replace(row, title="Second", id="second"), row])
    assert page.count("&lt;Write&gt; guidance") == 2 and page.count("Second") == 1
    assert len(environment.rows._made) == 2  # the same row, at the same depth, made once
    environment.rows = render.RowMemo(limit=1)  # past the limit it starts afresh
    assert table.render(rows=[row, replace(row, title="Second", id="second"), row]) == page


def _theme_environment() -> jinja2.Environment:
    return render.ThemeEnvironment(
        loader=jinja2.FileSystemLoader(str(render.BUILTIN_THEME / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def test_a_tracker_row_is_rendered_once_and_moved_to_each_depth() -> None:
    """A row's links all start from the site's root, so the row rendered for one page is
    moved to another's root: byte for byte what rendering it there gives, its text (which
    may hold `href="../`, escaped) untouched."""

    def row(root: str) -> ActionRow:
        return ActionRow(
            id="write-guidance",
            title='Write <guidance> & say href="../x/"',
            href=f"{root}actions/write-guidance/",
            status=Status.IN_PROGRESS,
            owners=(Link("Grace", f"{root}actions/by-owner/grace/"), Link("Alan", "")),
            due=DateText("2024-03-01", "1 March 2024"),
            overdue=True,
            raised_at=Link("Kick-off", f"{root}meetings/2024-01-15-kick-off/"),
            raised_on=DateText("2024-01-15", "15 January 2024"),
            last_update=Link("Second", f"{root}meetings/2024-02-12-second/"),
            latest_note='Draft href="../../y/" is out',
            latest_note_date=DateText("2024-02-12", "12 February 2024"),
        )

    table = '{% from "_macros.html" import action_table %}{{ action_table(rows, "Actions") }}'
    environment = _theme_environment()
    template = environment.from_string(table)
    roots = ["../", "../../../../", "./", "../../"]
    pages = [template.render(rows=[row(root)]) for root in roots]
    assert len(environment.rows._moved) == 1  # rendered once, moved three times
    for root, page in zip(roots, pages, strict=True):
        assert page == _theme_environment().from_string(table).render(rows=[row(root)])
        assert page.count(f'href="{root}') == 4
        assert "say href=&#34;../x/&#34;" in page and "Draft href=&#34;../../y/&#34;" in page
    # A row whose links do not all start from one root is rendered as it is, not moved.
    odd = replace(row("../"), raised_at=Link("Kick-off", "../../meetings/2024-01-15-kick-off/"))
    assert template.render(rows=[odd]) == _theme_environment().from_string(table).render(rows=[odd])
    grace = Link("Grace", "../../actions/by-owner/grace/")
    odd = replace(row("../"), owners=(grace,))
    assert template.render(rows=[odd]) == _theme_environment().from_string(table).render(rows=[odd])
    assert len(environment.rows._moved) == 1
    # A row not updated since it was raised (no last-update link) is moved all the same.
    pages = [template.render(rows=[replace(row(root), last_update=None)]) for root in roots]
    assert len(environment.rows._moved) == 2
    for root, page in zip(roots, pages, strict=True):
        fresh = _theme_environment().from_string(table)
        assert page == fresh.render(rows=[replace(row(root), last_update=None)])
        assert page.count(f'href="{root}') == 3 and "None since raised" in page


def test_a_row_record_shown_again_is_printed_as_its_list_asks() -> None:
    """The very same row record, listed again (a page's model hands every list at one depth
    the same one), is reused only where the list shows it as before: a meeting's list shows
    each action's note at that meeting, the tracker its latest note."""
    row = ActionRow(
        id="write-guidance",
        title="Write guidance",
        href="../actions/write-guidance/",
        status=Status.IN_PROGRESS,
        owners=(Link("Alan", ""),),
        due=None,
        overdue=False,
        raised_at=Link("Kick-off", "../meetings/2024-01-15-kick-off/"),
        raised_on=DateText("2024-01-15", "15 January 2024"),
        last_update=None,
        note="Said at the kick-off",
        latest_note="Said since",
        latest_note_date=DateText("2024-02-12", "12 February 2024"),
    )
    table = (
        '{% from "_macros.html" import action_table %}'
        '{{ action_table(rows, "Actions", show_state_note=noted, id_prefix=prefix) }}'
    )
    environment = _theme_environment()
    template = environment.from_string(table)
    for noted, prefix in [(False, "a"), (True, "a"), (False, "b"), (False, "a")]:
        page = template.render(rows=[row], noted=noted, prefix=prefix)
        fresh = _theme_environment().from_string(table)
        assert page == fresh.render(rows=[row], noted=noted, prefix=prefix)
        assert ("Said at the kick-off" in page) is noted and ("Said since" in page) is not noted
        assert f'id="{prefix}-write-guidance"' in page


PRINTED = st.one_of(
    st.text(),
    st.text().map(markupsafe.Markup),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(PRINTED)
def test_a_value_prints_escaped_as_markupsafe_escapes_it(value: object) -> None:
    """What `{{ value }}` prints in the theme's templates: markupsafe's escape, character
    for character, in text, in an attribute and in a macro's output."""
    assert render.escaped(value) == str(markupsafe.escape(value))
    if type(value) is str:  # the replacements used where markupsafe's speedups are not built
        assert render._replaced(value) == str(markupsafe.escape(value))
    source = (
        '{% macro bold(v) %}<b title="{{ v }}">{{ v }}</b>{% endmacro %}'
        '<p title="{{ value }}">{{ value }}</p>{{ bold(value) }}{{ bold(value) | safe }}'
    )
    plain = jinja2.Environment(autoescape=True).from_string(source)
    assert _theme_environment().from_string(source).render(value=value) == plain.render(value=value)


def test_macros_are_called_as_jinja_calls_them() -> None:
    """A macro called from a theme's template (with keywords, defaults, a caller, extra
    arguments, from a loop or a block, or wrongly) does what Jinja's own context does."""
    source = (
        "{% macro m(a, b=2) %}[{{ a }} {{ b }} {{ varargs }} {{ kwargs }}]{% endmacro %}"
        "{% macro c(x) %}<{{ caller(x) }}>{% endmacro %}"
        "{% macro strict(a) %}{{ a }}{% endmacro %}"
        "{% block body %}{% for i in items %}{{ m(i) }}{{ m(i, b=loop.index) }}"
        "{{ m(i, 3, 4, z='<z>') }}{% call(y) c(i) %}{{ y }} & {{ i }}{% endcall %}"
        "{% endfor %}{% set t = 'block' %}{{ m(t) }}{% endblock %}"
    )
    items = ["<a>", 2, None]
    plain = jinja2.Environment(autoescape=True)
    assert _theme_environment().from_string(source).render(items=items) == plain.from_string(
        source
    ).render(items=items)
    wrong = "{% macro strict(a) %}{{ a }}{% endmacro %}{{ strict(1, b=2) }}"
    with pytest.raises(TypeError, match="macro 'strict' takes no keyword argument 'b'"):
        _theme_environment().from_string(wrong).render()


def test_macros_given_arguments_by_name_are_called_as_jinja_calls_them() -> None:
    """A macro given some arguments in order and others by name, in any order, from a loop,
    a block or the template itself, prints what Jinja's own context prints; given one twice,
    one it has not or too many, it fails as Jinja's fails."""
    source = (
        '{% macro p(a, b=2, c="<c>") %}({{ a }} {{ b }} {{ c }}){% endmacro %}'
        "{% block body %}{% for i in items %}{{ p(i) }}{{ p(i, c=loop.index) }}"
        "{{ p(c=i, a=loop.index) }}{{ p(i, 3) }}{{ p(i, c=none, b=i) }}{% endfor %}"
        "{{ p(a=items) }}{% endblock %}{{ p(1, c=2) }}"
    )
    items = ["<a>", 2, None]
    plain = jinja2.Environment(autoescape=True).from_string(source).render(items=items)
    assert _theme_environment().from_string(source).render(items=items) == plain
    assert "(&lt;a&gt; 2 1)(1 2 &lt;a&gt;)" in plain
    defined = '{% macro p(a, b=2, c="<c>") %}{{ a }}{% endmacro %}'
    for call, said in [
        ("p(1, a=2)", "macro 'p' takes no keyword argument 'a'"),
        ("p(1, d=2)", "macro 'p' takes no keyword argument 'd'"),
        ("p(1, 2, 3, 4)", r"macro 'p' takes not more than 3 argument\(s\)"),
    ]:
        for where in ("{{ %s }}", "{%% for i in [1] %%}{{ %s }}{%% endfor %%}"):
            template = _theme_environment().from_string(defined + where % call)
            with pytest.raises(TypeError, match=said):
                template.render()


def test_templates_with_blocks_print_as_jinja_prints_them() -> None:
    """A theme's templates print what Jinja's own prints where one extends another, fills
    and calls its blocks (`super()`, `self`), includes another (with the context or
    without, one of a list, or one that may be missing), sets a variable from a block of
    text, filters a block or prints before its `extends`."""
    templates = {
        "base.html": (
            "<head>{% block head %}<title>{{ title }}</title>{% endblock %}</head>"
            "{% block main %}base main{% endblock %}|{{ self.head() }}|"
            "{% for i in range(2) %}{% block tail scoped %}{{ i }}{% endblock %}{% endfor %}"
        ),
        "part.html": "[part {{ title }}]",
        "page.html": (
            "{% extends 'base.html' %}{% block head %}{{ super() }}<meta>{% endblock %}"
            "{% block main %}{% set said %}<{{ title }}>{% endset %}{{ said }}"
            "{% filter upper %}up {{ title }}{% endfilter %}{% endblock %}"
            "{% block tail %}({{ super() }} {{ i }}){% endblock %}"
        ),
        "parted.html": (
            "{% extends 'page.html' %}{% block main %}{{ super() }}"
            "{% for i in range(3) %}{{ i }}{% include 'part.html' %}{% endfor %}{% endblock %}"
        ),
        "alone.html": "[alone {{ title | default('none') }}]",
        "apart.html": (
            "{% extends 'page.html' %}{% block main %}<{% include 'alone.html' without context %}"
            "{% for i in range(2) %}{{ i }}{% include 'alone.html' without context %}"
            "{% include 'part.html' %}{% endfor %}"
            "{% include ['gone.html', 'alone.html'] ignore missing without context %}"
            "{% include 'gone.html' ignore missing without context %}>{% endblock %}"
        ),
        "included.html": (
            "top {% include 'alone.html' without context %} {% include 'part.html' %} end"
        ),
        "first.html": "before {{ title }} {% if late %}{% extends 'base.html' %}{% endif %}",
    }
    ours = render.ThemeEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)
    plain = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    for name, values in [
        ("base.html", {"title": "<T>"}),
        ("page.html", {"title": "<T>"}),
        ("parted.html", {"title": "<T>"}),
        ("apart.html", {"title": "<T>"}),
        ("included.html", {"title": "<T>"}),
        ("first.html", {"title": "<T>", "late": True}),
        ("first.html", {"title": "<T>", "late": False}),
    ]:
        page = ours.get_template(name).render(values)
        assert page == plain.get_template(name).render(values)
        assert "&lt;T&gt;" in page
        assert list(ours.get_template(name).generate(values)) != []
    assert ours.get_template("included.html").render(title="<T>") == (
        "top [alone none] [part &lt;T&gt;] end"
    )


def test_a_macro_prints_what_it_includes() -> None:
    """A template included without the context in a macro prints where the macro is called
    (Jinja's own compiler prints the generator it makes of the macro)."""
    templates = {
        "alone.html": "[alone]",
        "page.html": (
            "{% macro m() %}a{% include 'alone.html' without context %}b{% endmacro %}<{{ m() }}>"
        ),
    }
    ours = render.ThemeEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)
    assert ours.get_template("page.html").render() == "<a[alone]b>"


def test_the_pages_read_their_values_fields_as_the_records_give_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the sample site reads each field where its value has it: no look-up
    falls back to Jinja's (an item of that name, else an undefined: two exceptions and a
    record), as a table's caption and region did where the model gave plain text
    (`caption.parts is defined`), and a poll's figures in a dict."""
    from generator.make import assemble_model, page_model, render_bodies
    from generator.site.pages import build_pages

    fell_back: list[tuple[str, str]] = []
    looked_up = jinja2.Environment.getattr

    def getattr_noted(self: jinja2.Environment, obj: object, attribute: str) -> object:
        fell_back.append((type(obj).__name__, attribute))
        return looked_up(self, obj, attribute)

    monkeypatch.setattr(jinja2.Environment, "getattr", getattr_noted)
    options = BuildOptions(REPO, tmp_path / "out", date(2024, 3, 9))
    model = assemble_model(load_site(REPO), options)
    pages_model = page_model(
        model.site, model.indexes, render_bodies(model.site, BuildCache.disabled())
    )
    environment = render.make_environment(model.site)
    pages = list(build_pages(pages_model))
    for page in pages:
        render.render_page(environment, model.site, page)
    assert {"meeting.html", "next.html", "subscribe.html"} <= {page.template for page in pages}
    assert fell_back == []


def test_a_loop_looks_up_the_names_it_reads_once() -> None:
    """A loop whose body reads a name from the context (`members_lang` in the macros) looks
    it up once, not at each step, and prints what Jinja's own compiler prints where loops
    nest, filter, end in `else`, sit in an `{% if %}`'s branches, recur, or set the name
    they read, in a macro, a block or the template itself."""
    templates = {
        "base.html": "{% set top = '<top>' %}{% block main %}{% endblock %}",
        "page.html": (
            "{% extends 'base.html' %}"
            "{% macro names(items) %}{% for i in items %}{% if lang %}<{{ lang }}>{% endif %}"
            "{{ i }}{% for j in items if j != i %}{{ lang }}{{ j }}{% else %}{{ lang }}none"
            "{% endfor %}{% endfor %}{% endmacro %}"
            "{% block main %}{{ names(items) }}{{ names([]) }}|"
            "{% for i in items %}{{ said }}{% set said = i %}{{ said }}{% endfor %}{{ said }}|"
            "{% for i in [] %}{{ lang }}{% else %}{{ lang }} empty{% endfor %}|"
            "{% if lang %}{% for i in items %}{{ lang }}{{ top }}{% endfor %}"
            "{% else %}{% for i in items %}-{{ lang }}{% endfor %}{% endif %}"
            "{% for i in items %}{{ loop.index }}{{ lang }}{{ top }}{% endfor %}|"
            "{% for n in tree recursive %}{{ lang }}{{ n.name }}"
            "{% if n.children %}[{{ loop(n.children) }}]{% endif %}{% endfor %}|"
            "{% for i in items %}{{ gone is defined }}{% endfor %}{% endblock %}"
        ),
    }
    tree = [{"name": "a", "children": [{"name": "b", "children": []}]}]
    for lang in ("<cy>", ""):
        values = {"items": ["x", "<y>"], "lang": lang, "said": "s", "tree": tree}
        ours = render.ThemeEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)
        plain = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
        page = ours.get_template("page.html").render(values)
        assert page == plain.get_template("page.html").render(values)
    assert page.startswith("x&lt;y&gt;&lt;y&gt;x|sxs&lt;y&gt;s| empty|--1&lt;top&gt;")

    looked_up: list[str] = []

    class Counted(render._SharedRowsContext):
        def resolve_or_missing(self, key: str) -> object:
            looked_up.append(key)
            return super().resolve_or_missing(key)

    source = (
        "{% macro names(items) %}{% for i in items %}{% if lang %}<i lang='{{ lang }}'>"
        "{% endif %}{{ i }}{% endfor %}{% endmacro %}{{ names(range(200)) }}"
    )
    for environment, times in [(render.ThemeEnvironment(), 1), (jinja2.Environment(), 200)]:
        environment.context_class = Counted
        looked_up.clear()
        page = environment.from_string(source).render(lang="cy")
        assert page.count("<i lang='cy'>") == 200 and looked_up.count("lang") == times


def test_a_site_is_the_same_escaped_by_jinja_itself(minimal_site, tmp_path, build, monkeypatch):
    """The theme's templates print each value as Jinja's own escape would: every page, with
    a meeting's title full of characters to escape, is the same byte for byte (Jinja's own
    compiler too: ours writes the escape of each printed value in place)."""
    edit(minimal_site, KICK_OFF, '"Kick-off:', '"<Kick> & \'off\' \\"quoted\\":')
    build(minimal_site, tmp_path / "ours", "--no-cache", "--jobs", "1")
    monkeypatch.setattr(render.ThemeEnvironment, "template_class", jinja2.Template)
    monkeypatch.setattr(render.ThemeEnvironment, "code_generator_class", CodeGenerator)
    monkeypatch.setattr(render, "compiled_templates", render.CompiledTemplates)  # none kept
    build(minimal_site, tmp_path / "jinja", "--no-cache", "--jobs", "1")
    assert snapshot(tmp_path / "ours") == snapshot(tmp_path / "jinja")
    page = (tmp_path / "ours" / "meetings" / "2024-01-15-kick-off" / "index.html").read_text()
    assert "<h1>&lt;Kick&gt; &amp; &#39;off&#39; &#34;quoted&#34;: first meeting</h1>" in page


def test_tables_in_the_layout_before_shards_are_removed(minimal_site, tmp_path, build):
    cache = minimal_site / ".cache"
    cache.mkdir()
    (cache / "documents.json").write_text('{"stamp": "old", "entries": {}}')
    build(minimal_site, tmp_path / "out")
    assert not (cache / "documents.json").exists()
    assert list(cache.glob("documents.*.json"))


def test_entries_missing_from_the_cache_are_made_in_workers_in_order() -> None:
    cache = BuildCache.disabled()
    keys = [f"{n:04x}" for n in range(600)]  # enough for two forked workers
    codec = (str.upper, str.lower)
    made = cached_map(cache, "table", keys, lambda i: f"text {i}", codec, jobs=2)
    assert made == [f"text {i}" for i in range(600)]
    again = cached_map(cache, "table", keys, lambda i: "made again", codec, jobs=2)
    assert again == made
    assert cache.report().reused == (("table", 600, 1200),)


def test_a_cached_document_reads_back_exactly() -> None:
    text = (
        "---\ntitle: Numbers\ndate: 2024-01-15\nbig: 99999999999999999999999\n"
        "ratio: 1.5\nlist: [1, 2]\ndone: true\nnothing: ~\n---\nBody \u00e9.\n"
    )
    parsed = parse_document("content/meetings/2024-01-15-numbers.md", Kind.MEETING, text.encode())
    odd = replace(parsed, body="text json can carry and orjson cannot: \ud800")
    for doc in (parsed, odd):
        back = document_from_cache(document_to_cache(doc))
        assert back == doc
        assert back.front.position_of(("ratio",)) == doc.front.position_of(("ratio",))


THIRD = "content/meetings/2024-03-11-third.md"


def test_a_meeting_kept_validated_is_checked_again_when_a_theme_goes(
    minimal_site, tmp_path, capsys, monkeypatch, build
):
    """A meeting comes back from the cache validated only for the same theme files and
    principles: removing a theme it names is still reported, at the line that names it."""
    build(minimal_site, tmp_path / "one")
    (minimal_site / "content/themes/permission-to-engage.md").unlink()
    command = ["build", "--source", str(minimal_site), "--output", str(tmp_path / "two")]
    run = run_cli(command, capsys, monkeypatch)
    assert run.code == 1
    assert f"{THIRD}:5:10: error: unknown theme 'permission-to-engage'" in "\n".join(
        run.problem_lines
    )


def test_a_meeting_kept_validated_is_checked_again_when_a_principle_goes(
    minimal_site, tmp_path, capsys, monkeypatch, build
):
    build(minimal_site, tmp_path / "one")
    edit(minimal_site, "content/principles.md", "id: use-web-data", "id: use-web-evidence")
    command = ["build", "--source", str(minimal_site), "--output", str(tmp_path / "two")]
    run = run_cli(command, capsys, monkeypatch)
    assert run.code == 1
    assert any(
        line.startswith(f"{REPORTING_BACK}:6:") and "unknown principle 'use-web-data'" in line
        for line in run.problem_lines
    ), run.problem_lines


def test_a_validated_meeting_reads_back_from_the_cache_exactly(tmp_path: Path) -> None:
    for site in (REPO, synthetic_site(tmp_path / "synthetic", 30)):
        loaded = load_site(site)
        options = BuildOptions(site, tmp_path / "out", date(2024, 3, 9))
        validated, problems = validate(loaded, options)
        assert validated is not None and validated.meetings and not problems
        for meeting in validated.meetings:
            stored = json.loads(json.dumps(meeting_to_cache(meeting)))
            assert meeting_from_cache(stored) == meeting


def test_a_validated_meeting_keeps_its_places_as_line_and_column(tmp_path: Path) -> None:
    """The cache keeps where each key of a meeting is written (its date, each action's id
    and owners, its decisions) as line and column in the meeting's own file, the path once
    for the whole meeting: a title edit at 10,000 meetings reads 85,000 places back. A
    place in another file keeps its path. Each reads back exactly."""
    site = synthetic_site(tmp_path / "synthetic", 6)
    options = BuildOptions(site, tmp_path / "out", date(2024, 3, 9))
    validated, _ = validate(load_site(site), options)
    assert validated is not None
    meeting = validated.meetings[3]  # a decision, actions raised and updated, with owners
    assert meeting.decisions and all(entry.owners_at for entry in meeting.actions[:2])
    stored = json.dumps(meeting_to_cache(meeting))
    assert stored.count(meeting.path) == 1, stored
    assert meeting_from_cache(json.loads(stored)) == meeting
    elsewhere = replace(meeting, date_at=Location("content/meetings/other.md", 4, 7))
    stored = json.dumps(meeting_to_cache(elsewhere))
    assert stored.count("content/meetings/other.md") == 1
    assert meeting_from_cache(json.loads(stored)) == elsewhere


def test_site_settings_read_back_from_the_last_build_exactly(tmp_path: Path) -> None:
    """A build after a body edit takes site.yml's settings from the last build's record
    (site.yml and the options are unchanged): the sample's email and accessibility settings
    and the minimal site's defaults read back as validated."""
    for site in (REPO, SITES / "minimal"):
        options = BuildOptions(site, tmp_path / "out", date(2024, 3, 9))
        validated, _ = validate(load_site(site), options)
        assert validated is not None
        config = validated.settings.site
        stored = json.loads(json.dumps(config_to_cache(config)))
        assert config_from_cache(stored) == config
    assert config.email is None and config.accessibility.last_tested is None  # the minimal site
    told_apart = replace(config, different_people=(("Dana Kim", "Dan Kim"),))
    assert config_from_cache(json.loads(json.dumps(config_to_cache(told_apart)))) == told_apart
    joined = replace(config, same_people=(("Siân Evans", "Sian Evans"), ("Jo Smith", "Jo Bloggs")))
    assert config_from_cache(json.loads(json.dumps(config_to_cache(joined)))) == joined


def test_serve_leaves_the_validated_meetings_for_the_next_build(minimal_site, tmp_path, build):
    """serve reads documents, not validated meetings, and must not drop those from the cache."""
    build(minimal_site, tmp_path / "one")
    dev = DevServer(BuildOptions(minimal_site, tmp_path / "served", date(2024, 3, 9)), "", 0)
    try:
        assert dev.rebuild()
    finally:
        dev.httpd.server_close()
    dev.cache.save()  # as serve does when it stops
    assert reused(build(minimal_site, tmp_path / "two"))["validated"] == (3, 3)


def test_a_table_let_go_of_is_saved_as_it_would_have_been(tmp_path: Path) -> None:
    """Letting go of a table changes nothing on disk: a shard used whole and unchanged is
    left as it is, one with an entry unused loses it, a new entry is written."""
    first = BuildCache(tmp_path / "let go")
    for key in ("0a", "0b", "1a", "1b"):
        first.put("markdown", key, [f"<p>{key}</p>"])
    first.save()
    shutil.copytree(tmp_path / "let go", tmp_path / "kept")
    for name in ("let go", "kept"):
        cache = BuildCache(tmp_path / name)
        cache.start_build()
        for key in ("0a", "0b", "1a"):
            assert cache.take("markdown", key, list) == [f"<p>{key}</p>"]
        cache.put("markdown", "2a", ["<p>2a</p>"])
        if name == "let go":
            cache.release("markdown")
        cache.save()
        cache.start_build()  # as serve's next full build does: the shard let go is read again
        assert cache.take("markdown", "0b", list) == ["<p>0b</p>"]
        assert cache.take("markdown", "2a", list) == ["<p>2a</p>"]
    files = {name: sorted((tmp_path / name).glob("markdown.*.json")) for name in ("let go", "kept")}
    assert [f.name for f in files["let go"]] == [
        "markdown.0.json",
        "markdown.1.json",
        "markdown.2.json",
    ]
    assert [f.read_bytes() for f in files["let go"]] == [f.read_bytes() for f in files["kept"]]
    shard = json.loads((tmp_path / "let go" / "markdown.1.json").read_bytes())
    assert list(shard["entries"]) == ["1a"]


def test_a_few_entries_added_are_written_beside_their_shard(tmp_path: Path) -> None:
    """A build that adds a few entries to a large shard of a table keyed by content writes
    them in a file beside it, and leaves an entry it did not use there; once those are more
    than a sixteenth of the entries used, the shard is written whole again, without them."""
    keys = [f"0{n:03}" for n in range(64)]
    first = BuildCache(tmp_path)
    for key in keys:
        first.put("validated", key, [key])
    first.save()
    shard = tmp_path / "validated.0.json"
    whole = shard.read_bytes()

    def a_build(used: list[str], added: list[str]) -> BuildCache:
        cache = BuildCache(tmp_path)
        cache.start_build()
        for key in used:
            assert cache.take("validated", key, list) == [key]
        for key in added:
            cache.put("validated", key, [key])
        cache.save()
        return cache

    a_build(keys[1:], ["0new"])  # one entry left unused, one added: 2 of 64
    assert shard.read_bytes() == whole
    beside = json.loads((tmp_path / "validated.0.added.json").read_bytes())["entries"]
    assert beside == {"0new": ["0new"]}
    a_build([*keys, "0new"], ["0two"])  # every entry read back, the one beside it too
    assert shard.read_bytes() == whole
    a_build(keys[:60], ["0new", "0two"])  # 4 unused and 2 added: more than 60 / 16
    assert not (tmp_path / "validated.0.added.json").exists()
    assert list(json.loads(shard.read_bytes())["entries"]) == sorted([*keys[:60], "0new", "0two"])
    last = BuildCache(tmp_path)
    assert [last.take("validated", key, list) for key in ("0new", "0two", keys[63])] == [
        ["0new"],
        ["0two"],
        None,
    ]


def test_an_entry_one_of_serves_builds_put_and_the_next_did_not_use_is_not_saved(tmp_path):
    keys = [f"0{n:03}" for n in range(64)]
    first = BuildCache(tmp_path)
    for key in keys:
        first.put("validated", key, [key])
    first.save()
    cache = BuildCache(tmp_path)  # serve's, which lives from one build to the next
    for put in (True, False):
        cache.start_build()
        for key in keys:
            assert cache.take("validated", key, list) == [key]
        if put:
            cache.put("validated", "0new", ["0new"])
    cache.save()  # as serve does when it stops
    assert BuildCache(tmp_path).take("validated", "0new", list) is None


@pytest.mark.slow
def test_a_title_edit_leaves_the_shards_and_writes_its_meeting_beside_them(tmp_path, build):
    """After one meeting's title changed, of the tables of parsed and validated files only the
    entries of the meeting's file are written (beside their shards), and a build that reads
    them back is the same as one without the cache."""
    site = synthetic_site(tmp_path / "site", 400)
    build(site, tmp_path / "out")
    tables = ("validated", "meeting-documents", "markdown")
    shards = {p.name: p.read_bytes() for t in tables for p in (site / ".cache").glob(f"{t}.?.json")}
    note = sorted((site / "content/meetings").iterdir())[0]
    note.write_text(note.read_text().replace("title: ", "title: Edited ", 1))
    build(site, tmp_path / "out")
    cache = site / ".cache"
    assert {p.name: p.read_bytes() for p in cache.glob("*.?.json") if p.name in shards} == shards
    assert {p.name.split(".")[0] for p in cache.glob("*.added.json")} == {
        "validated",
        "meeting-documents",
    }
    again = build(site, tmp_path / "again")
    assert reused(again)["validated"] == (400, 400)
    assert_same_as_without_cache(build, site, tmp_path, "edited")


def test_serve_builds_again_from_the_tables_its_first_build_let_go_of(
    minimal_site, tmp_path, build
):
    """A build lets go of the tables it has taken all it uses from; serve's next full build
    reads them again."""
    build(minimal_site, tmp_path / "one")
    dev = DevServer(BuildOptions(minimal_site, tmp_path / "served", date(2024, 3, 9)), "", 0)
    try:
        assert dev.rebuild()
        assert dev.rebuild()  # a full build again, with the same cache
    finally:
        dev.httpd.server_close()
    tables = {name: (hits, total) for name, hits, total in dev.cache.report().reused}
    assert tables["meeting-documents"] == (4, 4)
    assert tables["markdown"] == (6, 6)


def _serve_memory(site: Path, output: Path, *, cache: bool) -> tuple[int, int]:
    """What serve's first build of `site` allocated at its peak, and what it still holds."""
    dev = DevServer(BuildOptions(site, output, date(2024, 3, 9), cache=cache), "", 0)
    gc.collect()
    tracemalloc.start()
    try:
        assert dev.rebuild()
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        dev.httpd.server_close()
    return peak, held


@pytest.mark.slow
def test_a_cache_never_makes_serve_hold_more_memory(tmp_path: Path) -> None:
    """The cache's tables are let go once the model and bodies are taken from them, so a
    warm cache costs serve no memory beyond what it holds without one."""
    site = synthetic_site(tmp_path / "site", 60)
    _serve_memory(site, tmp_path / "served", cache=False)  # what the first build loads once
    without = _serve_memory(site, tmp_path / "served", cache=False)
    build_site(BuildOptions(site, tmp_path / "out", date(2024, 3, 9)))
    warm = _serve_memory(site, tmp_path / "served", cache=True)
    assert warm[0] <= without[0], (warm, without)  # at its peak
    assert warm[1] <= without[1], (warm, without)  # once built


DIGEST_VALUES = """
from datetime import date
from pathlib import Path
from generator.content.model import Location, Status
from generator.engine.cache import value_key
values = [
    ("a title", (date(2024, 1, 15), Status.OPEN, None, True), Location("a.md", 3, 5)),
    (Path("refused/by/orjson.md"), "so digested by repr"),
    2**70,
]
print(" ".join(value_key(value) for value in values))
"""


def test_value_keys_are_the_same_in_every_process() -> None:
    """A rebuild compares digests made by another process: no hash seed may reach them."""
    made = [
        subprocess.run(
            [sys.executable, "-c", DIGEST_VALUES],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert made[0] == made[1]
    assert len(set(made[0].split())) == 3


def test_a_date_and_its_text_have_different_keys() -> None:
    assert value_key((date(2024, 1, 15),)) != value_key(("2024-01-15",))
    assert value_key((date(2024, 1, 15),)) == value_key((date(2024, 1, 15),))


def test_an_entry_json_cannot_hold_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("markdown", "a1", ["<p>kept</p>"])
    cache.put("markdown", "a2", ["\ud800 is no UTF-8"])
    cache.save()
    again = BuildCache(tmp_path)
    assert again.take("markdown", "a1", list) == ["<p>kept</p>"]
    assert again.take("markdown", "a2", list) is None


def test_every_page_and_file_says_what_it_reads(tmp_path: Path) -> None:
    """Pages and files declare the keys they read where they are made; only the small pages
    that summarise everything (and the theme's own files) are made on every build, so a new
    page kind that forgets its keys shows up here. The agenda pack reads what it shows."""
    from generator.make import assemble_model, output_reads, page_model, render_bodies
    from generator.site.keys import ALWAYS, updated_key
    from generator.site.pages import build_pages
    from generator.site.render import file_outputs

    options = BuildOptions(REPO / "tests/sites/minimal", tmp_path / "out", date(2024, 3, 9))
    model = assemble_model(load_site(options.source), options)
    bodies = render_bodies(model.site, BuildCache.disabled())
    pages_model = page_model(model.site, model.indexes, bodies)
    pages = list(build_pages(pages_model))
    outputs, _ = file_outputs(pages_model, pages)
    reads = output_reads(pages, outputs)
    everything = sorted(path for path, found in reads.items() if ALWAYS in found)
    assert everything == [
        "404.html",
        "accessibility/index.html",
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
    # the sitemap lists every page, and gives a meeting's the day it was last updated
    assert reads["sitemap.xml"] - {ALWAYS} == {updated_key(m.slug) for m in model.site.meetings}


@pytest.mark.slow
def test_the_markdown_cache_serves_any_base_url(tmp_path: Path) -> None:
    # A preview build (--base-url, as serve's local address) reads every note's HTML from
    # the cache the published build made: the feeds' copy holds no base URL until written.
    site = copy_site("minimal", tmp_path / "out")
    assert run_subprocess(["build", "-q", "--source", str(site)]).code == 0
    preview = "https://preview.example.org/pr-7/"
    args = ["build", "--source", str(site), "--base-url", preview]
    cached = run_subprocess([*args, "-v", "--output", str(tmp_path / "cached")], CI="true")
    assert cached.code == 0, cached.err
    reused = re.search(r"markdown (\d+)/(\d+)", cached.out)
    assert reused is not None and reused.group(1) == reused.group(2), cached.out
    fresh = run_subprocess([*args, "--no-cache", "--output", str(tmp_path / "fresh")])
    assert fresh.code == 0, fresh.err
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "fresh")
    feed = (tmp_path / "cached/feed.xml").read_text()
    assert f"{preview}meetings/2024-01-15-kick-off/" in feed
    assert "\x00" not in feed


def test_the_markdown_cache_holds_a_meetings_feed_html_as_its_link_targets() -> None:
    """A meeting's HTML for feeds differs from its page's HTML only in its links' targets:
    the cache keeps those targets, not a second copy of the HTML, and gives back the same
    feed HTML, whatever differs."""
    body = (
        "See [the kick-off](2024-01-15-kick-off.md#h-notes) and ![a chart](../chart.png),\n"
        "[the principles](../principles.md), [elsewhere](https://example.org/x) and "
        + "a long paragraph of words. "
        * 40
    )
    renderer = Markup(allow_html=False, accelerated=False)
    fragment = renderer.render(
        body,
        source_path="content/meetings/2024-02-12-b.md",
        body_line=6,
        page_url="meetings/2024-02-12-b/",
        note_urls={
            "content/meetings/2024-01-15-kick-off.md": "meetings/2024-01-15-kick-off/",
            "content/principles.md": "principles/",
        },
        for_feeds=True,
    )
    base = "https://example.org/group/"
    feed = feed_html(fragment, base)
    assert f'href="{base}meetings/2024-01-15-kick-off/#h-notes"' in feed
    assert f'href="{base}principles/"' in feed
    assert 'href="../2024-01-15-kick-off/#h-notes"' in fragment.html
    assert feed.count("a long paragraph of words.") == 40
    stored = orjson.dumps(fragment_to_cache(fragment))
    # the HTML and the first paragraph's text, not a second copy of the HTML for feeds
    assert stored.count(b"a long paragraph of words.") == 80
    again = fragment_from_cache(orjson.loads(stored))
    assert again == fragment and feed_html(again, base) == feed
    damaged = orjson.loads(stored)
    damaged[3][0][1] = len(fragment.html) + 10  # an edit past the end of the HTML
    with pytest.raises(ValueError):
        fragment_from_cache(damaged)  # so the cache makes it again
    html = '<p><a href="../x/">x</a></p>'
    assert feed_edits(html, '<p><a href="\x00x/">x</a></p>') == ((12, 17, "\x00x/"),)
    for other in ('<p><a href="\x00x/">y</a></p>', '<p><a href="../x/">x</a><img src="y"></p>'):
        assert Fragment(html, (), feed=feed_edits(html, other)).feed_template == other
    more_quotes = '<p><a href="../x/">x</a><img src="y"></p>'
    assert feed_edits(html, more_quotes) == more_quotes  # kept whole
    assert Fragment(html, ()).feed_template == ""  # a body no feed shows


def test_a_rebuild_makes_again_only_the_changed_parts_of_the_exports_and_calendar(
    tmp_path, build, monkeypatch
):
    """The actions' exports and the meetings calendar are made of a part per action and per
    meeting; a rebuild takes from the cache every part whose action or meeting shows the
    same, and the files equal a build from nothing."""
    site = synthetic_site(tmp_path / "site", 30)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    made: list[str] = []

    def counted(module, name: str, what: Callable[..., str]) -> None:
        original = getattr(module, name)

        def wrapper(*args):
            made.append(what(*args))
            return original(*args)

        monkeypatch.setattr(module, name, wrapper)

    counted(exports, "_action_export", lambda base, refs, titles, action: action.id)
    counted(calendars, "_meeting_event_bytes", lambda site, summaries, host, announced, m: m.slug)

    def rebuilt_parts(change: Callable[[], None]) -> list[str]:
        change()
        made.clear()
        build(site, out)
        found = sorted(made)
        build(site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh)
        return found

    assert len(rebuilt_parts(lambda: None)) == 60 + 30  # the first build makes every part
    tenth = next((site / "content/meetings").glob("*-meeting-10.md")).relative_to(site)

    # an action's title: its part of the exports (the calendar shows no action)
    def action() -> None:
        edit(site, str(tenth), "title: Do thing m00010-a0", "title: Do it")

    assert rebuilt_parts(action) == ["m00010-a0"]
    assert b'"title": "Do it"' in (out / "actions.json").read_bytes()

    # a meeting's title: its event, and the parts of the actions it raised or updated (an
    # action's key holds the titles of the meetings in its history, which its page shows)
    def title() -> None:
        edit(site, str(tenth), "title: Meeting 10", "title: Meeting ten")

    slug = tenth.stem
    assert rebuilt_parts(title) == [slug, "m00009-a0", "m00009-a1", "m00010-a0", "m00010-a1"]
    assert b"SUMMARY:Meeting ten" in (out / "meetings.ics").read_bytes()
    # parts damaged in the cache are made again
    for shard in (site / ".cache").glob("parts-*.json"):
        shard.write_text('{"stamp": "x", "entries": {}}')
    (out / "actions.json").unlink()
    (out / "meetings.ics").unlink()
    assert len(rebuilt_parts(lambda: None)) == 60 + 30


def test_a_damaged_record_of_a_file_or_part_is_made_again(tmp_path, build) -> None:
    """The cache keeps the record of each file written and each part of the exports as the
    plain lists JSON reads back: a record of the wrong shape makes the build make that file
    or part again, never fail, and the site equals a build from nothing."""
    site = synthetic_site(tmp_path / "site", 12)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(site, out)
    cache = site / ".cache"

    def damage(table: str, change: Callable[[dict], None]) -> None:
        """`change` the entry of the table's first shard that holds one (the pages' record
        is one entry, the output folder's; the parts are spread over sixteen)."""
        shards = [s for s in cache.glob(f"{table}.*.json") if json.loads(s.read_text())["entries"]]
        shards.sort()
        stored = json.loads(shards[0].read_text())
        change(next(iter(stored["entries"].values())))
        shards[0].write_text(json.dumps(stored))

    def short_record(manifest: dict) -> None:
        manifest["pages"]["index.html"] = manifest["pages"]["index.html"][:2]

    def bad_part(entry: dict) -> None:
        parts = entry["parts"]
        action = sorted(parts)[0]
        parts[action] = [parts[action][0], 42]  # its key's digest, with no record or row

    damage("pages", short_record)
    damage("parts-action-exports", bad_part)
    tenth = next((site / "content/meetings").glob("*-meeting-10.md")).relative_to(site)
    edit(site, str(tenth), "title: Do thing m00010-a0", "title: Do it")  # the exports show it
    after = build(site, out)
    assert reused(after)["files"][0] == 0  # the record of the files written was not used
    assert b'"title": "Do it"' in (out / "actions.json").read_bytes()
    build(site, fresh, "--no-cache")
    assert snapshot(out) == snapshot(fresh)


def test_a_changed_part_rewrites_only_the_shard_of_the_cache_that_holds_it(tmp_path, build) -> None:
    """The parts of the exports are spread over the shards of their table: an edit that
    changes one action's part rewrites the one shard that holds it, and leaves the others
    as they were (at 10,000 meetings the table is 36 MB), and the exports equal a build
    from nothing."""
    site = synthetic_site(tmp_path / "site", 30)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(site, out)
    cache = site / ".cache"

    def shards() -> dict[str, tuple[int, int]]:
        return {
            path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in cache.glob("parts-action-exports.*.json")
        }

    before = shards()
    assert len(before) == 16  # sixty actions, over sixteen shards
    tenth = next((site / "content/meetings").glob("*-meeting-10.md")).relative_to(site)
    edit(site, str(tenth), "title: Do thing m00010-a0", "title: Do it")
    build(site, out)
    after = shards()
    assert after.keys() == before.keys()
    assert len([name for name in after if after[name] != before[name]]) == 1
    assert b'"title": "Do it"' in (out / "actions.json").read_bytes()
    build(site, fresh, "--no-cache")
    for name in ("actions.json", "actions.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes()


def test_the_cache_keeps_no_shard_that_no_build_will_read(tmp_path, build) -> None:
    """A shard written by another version of nominutes is deleted when the cache is saved,
    and the parts of the exports stay in the same shards (an entry each) when what every
    file reads changes: a restored CI cache does not grow with each upgrade or each change
    of settings."""
    site = synthetic_site(tmp_path / "site", 12)
    out = tmp_path / "out"
    build(site, out)
    cache = site / ".cache"

    def parts_shards() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for shard in sorted(cache.glob("parts-*.json")):
            kind, name, _ = shard.name.split(".")
            found.setdefault(kind, []).append(name)
        return found

    first = parts_shards()
    assert sorted(first) == ["parts-action-exports", "parts-meeting-events"]
    assert all(len(names) <= 16 for names in first.values())
    older = [cache / f"parts-meeting-events.{n}.json" for n in "0123456789abcdef"]
    older = [path for path in older if not path.exists()]
    assert older  # 12 meetings' events do not fill sixteen buckets
    older.append(cache / "a-table-no-longer-kept.3.json")
    for path in older:  # as an older version, which saved the cache last, left them
        path.write_text('{"stamp": "an older nominutes", "entries": {"k": [1, 2]}}')
    (cache / "stamp").write_text("an older nominutes")
    edit(site, "site.yml", "title: Benchmark group", "title: The benchmark group")
    build(site, out)
    assert [path.name for path in older if path.exists()] == []
    assert parts_shards() == first  # the new stamp's parts replaced the last ones
    assert b"The benchmark group" in (out / "index.html").read_bytes()
    fresh = tmp_path / "fresh"
    build(site, fresh, "--no-cache")
    assert snapshot(out) == snapshot(fresh)


def test_a_new_day_makes_again_only_what_shows_the_date_and_equals_a_fresh_build(
    tmp_path, build, monkeypatch
):
    """The build date is a key (`today`): the daily build keeps every page that does not
    show it, and what the passing of time changes (the next meeting's date passed, an action
    overdue, a decision due for review) reaches every page that shows it."""
    site = tmp_path / "sample"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yml", site / "site.yml")
    out, fresh = tmp_path / "out", tmp_path / "fresh"

    def on(day: date) -> None:
        epoch = int(datetime.combine(day, time(12), tzinfo=UTC).timestamp())
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))

    def listed(name: str) -> list[dict]:
        return json.loads((fresh / f"{name}.json").read_text())[name]

    on(date(2013, 9, 20))
    build(site, out)
    # The next meeting's date passes; an action falls overdue (the pages that list it show
    # so); a decision falls due for review (so do the pages that list it); only the date.
    days = {
        date(2013, 10, 20): True,
        date(2013, 12, 20): False,
        date(2014, 7, 1): False,
        date(2014, 7, 2): True,
    }
    for day, only_the_date in days.items():
        before = {p: p.stat().st_ino for p in out.rglob("*.html")}
        on(day)
        kept, total = files_kept(build(site, out))
        build(site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh), day
        again = {p.relative_to(out).as_posix() for p, i in before.items() if p.stat().st_ino != i}
        assert 0 < kept < total, day
        # the meetings' and themes' pages are kept (the lists of themes and principles, as
        # every small page that summarises everything, are made on every build)
        summaries = {"themes/index.html", "principles/index.html"}
        remade = {p for p in again - summaries if p.startswith(("meetings/", "themes/"))}
        assert not remade if only_the_date else remade, day
        actions, decisions = listed("actions"), listed("decisions")
        # an open action's page shows the date, a closed action's does not
        for action in actions:
            page = f"actions/{action['id']}/index.html"
            closed = action["status"] in ("done", "dropped")
            assert (page in again) is not closed, (day, page)
        for decision in decisions:  # one in force shows the date while its review is ahead
            page = f"decisions/{decision['id']}/index.html"
            ahead = (
                decision["status"] == "in-force"
                and decision["review"]
                and not decision["due_for_review"]
            )
            assert page in again if ahead else page not in again or not only_the_date, day
        assert {"index.html", "actions/index.html", "decisions/index.html"} <= again
        as_of = f'datetime="{day.isoformat()}"'
        assert as_of in (out / "actions/index.html").read_text()
        # a list's later pages show no counts (nor the date), and are kept
        later = {
            path
            for path in (p.relative_to(out).as_posix() for p in before)
            if path.startswith(("actions/", "decisions/")) and "/page/" in path
        }
        assert any(path.startswith("decisions/page/") for path in later)
        assert not later & again if only_the_date else True, day
        for path in [*later, "actions/index.html", "decisions/index.html"]:
            lead = re.search(r'<p class="lead[^"]*">(.*?)</p>', (out / path).read_text(), re.S)
            assert (lead is not None and "As of" in lead[1]) is (path not in later), path
    assert "that date has passed" in (out / "index.html").read_text()
    assert any(a["overdue"] for a in listed("actions"))
    assert any(d["due_for_review"] for d in listed("decisions"))


@pytest.mark.parametrize(
    ("right", "misnamed", "error", "renamed_shows"),
    [
        (  # the kick-off's link to ../principles.md, the name to give it, is no error
            "content/principles.md",
            "content/Principles.md",
            "content/Principles.md:1:1: error: the principles file must be named principles.md "
            "to be read (this one is named 'Principles.md'); rename it principles.md",
            (
                "meetings/2024-01-15-kick-off/index.html",
                '<a href="../../principles/">the principles</a>',
            ),
        ),
        (  # the meetings naming 'foi-implications' have no error of their own
            "content/themes/foi-implications.md",
            "content/themes/FOI implications.md",
            "content/themes/FOI implications.md:1:1: error: theme file name 'FOI "
            "implications.md' must be a slug: lower-case letters, digits, hyphens; rename it "
            "foi-implications.md",
            ("themes/foi-implications/index.html", "<h1"),
        ),
    ],
    ids=["principles", "theme"],
)
def test_a_site_built_while_a_file_was_misnamed_is_as_built_once_renamed(
    minimal_site: Path,
    tmp_path: Path,
    build,
    right: str,
    misnamed: str,
    error: str,
    renamed_shows: tuple[str, str],
) -> None:
    """The build with a file saved under a wrong name fails on that one error; renamed as it
    says, the cached site is the one a build that never saw a cache makes."""
    build(minimal_site, tmp_path / "first")
    (minimal_site / right).rename(minimal_site / misnamed)
    with pytest.raises(ContentError) as failed:
        build(minimal_site, tmp_path / "misnamed")
    assert [str(p) for p in failed.value.problems if p.is_error] == [error]
    (minimal_site / misnamed).rename(minimal_site / right)
    build(minimal_site, tmp_path / "renamed")
    page, shows = renamed_shows
    assert shows in (tmp_path / "renamed" / page).read_text()
    assert_same_as_without_cache(build, minimal_site, tmp_path, "renamed")


LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect fill="#00607a"/></svg>'


def test_a_groups_stylesheet_and_extra_css_edited_rebuild_as_a_fresh_build(
    minimal_site: Path, tmp_path: Path, build
) -> None:
    """The setting added, its stylesheet edited, a second one listed, a logo shown and edited,
    and the settings taken out again: each rebuild into the same folder, and a body edit
    followed after one, is the site a build from nothing makes, every page linking the
    stylesheets listed and showing the logo while it is set."""
    static = minimal_site / "themes/default/static"
    static.mkdir(parents=True)
    (static / "brand.css").write_text(":root { --link: #00607a; }\n")
    (static / "print.css").write_text("@media print { nav { display: none; } }\n")
    (static / "logo.svg").write_text(LOGO)
    out = tmp_path / "out"
    build(minimal_site, out)
    settings = minimal_site / "site.yml"
    plain = settings.read_text()
    steps = [
        lambda: settings.write_text(plain + "extra_css: [brand.css]\n"),
        lambda: (static / "brand.css").write_text(":root { --link: #7a0060; }\n"),
        lambda: edit(minimal_site, THIRD, "A short third meeting.", "A longer third meeting."),
        lambda: settings.write_text(plain + "extra_css: [brand.css, print.css]\n"),
        lambda: settings.write_text(plain + "extra_css: [brand.css]\nlogo: logo.svg\n"),
        lambda: (static / "logo.svg").write_text(LOGO.replace("#00607a", "#7a0060")),
        lambda: settings.write_text(plain),
    ]
    linked = [["brand.css"], ["brand.css"], ["brand.css"], ["brand.css", "print.css"]]
    linked += [["brand.css"], ["brand.css"], []]
    for number, (step, sheets) in enumerate(zip(steps, linked, strict=True)):
        step()
        build(minimal_site, out)
        fresh = tmp_path / f"fresh-{number}"
        build(minimal_site, fresh, "--no-cache")
        assert snapshot(out) == snapshot(fresh), number
        page = (out / "meetings/2024-03-11-third/index.html").read_text()
        hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
        assert hrefs == [f"../../static/{name}" for name in ["style.css", *sheets]], number
        assert ('src="../../static/logo.svg"' in page) == (number in (4, 5)), number
    assert (out / "static/brand.css").read_text() == ":root { --link: #7a0060; }\n"


def test_the_record_of_each_file_written_is_its_size_and_time_in_the_output(
    minimal_site: Path, tmp_path: Path, build, monkeypatch
) -> None:
    """The pages are written by the processes that render them, the search index by the
    build's: the cache records each file's size and time as a look at it in the output gives
    them, and the next build keeps every file."""
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)  # pages written in a worker too
    out = tmp_path / "out"
    result = build(minimal_site, out, "--jobs", "2")
    assert len(result.streamed) > 40 and not result.files.keys() & set(result.streamed)
    files = {
        path.relative_to(out).as_posix(): [path.stat().st_size, path.stat().st_mtime_ns]
        for path in out.rglob("*")
        if path.is_file() and path.name != ".nominutes-output"
    }
    assert any(path.startswith("pagefind/") for path in files)  # the search index's too

    def entry(table: str) -> dict:
        (found,) = [
            value
            for shard in sorted((minimal_site / ".cache").glob(f"{table}.*.json"))
            for value in json.loads(shard.read_bytes())["entries"].values()
        ]
        return found

    pages = {path: record[1:] for path, record in entry("pages")["pages"].items()}
    assert pages.keys() >= set(result.streamed)
    assert pages == {path: files[path] for path in pages}
    standing = entry("standing")
    assert {**standing["written"], **standing["index"]} == files
    build(minimal_site, out, "--jobs", "2")  # nothing changed: every file kept as it is
    after = {path: (out / path).stat() for path in files}
    assert {path: [status.st_size, status.st_mtime_ns] for path, status in after.items()} == files


def test_a_cold_build_asks_git_for_the_history_once(tmp_path: Path, build, monkeypatch) -> None:
    """A build that had no history from before it records what it read with the history its
    model read, not git's answer asked again once the pages are made; the next build finds
    nothing changed."""
    site, out = synthetic_site(tmp_path / "site", 6, defaults=True), tmp_path / "out"
    asked: list[Path] = []
    real = inputs.load_history_after

    def counted(source: Path, seen: object) -> object:
        asked.append(source)
        return real(source, seen)

    monkeypatch.setattr(inputs, "load_history_after", counted)
    assert build(site, out).stood == ()
    assert len(asked) == 1
    assert len(build(site, out).stood) > 50
