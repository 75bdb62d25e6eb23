"""The output: reproducible bytes, atomic replacement, and a site that works under a sub-path."""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.engine import parallel, write
from generator.errors import OutputError
from generator.site import pages
from tests.conftest import (
    REPO,
    SITES,
    copy_site,
    edit,
    run_cli,
    run_subprocess,
    snapshot,
    synthetic_site,
)
from tests.htmlpage import is_internal, parse_html, read_page


@pytest.mark.slow
def test_same_input_gives_byte_identical_output_across_hash_seeds(
    minimal_source: Path, tmp_path: Path
) -> None:
    source = minimal_source
    one = run_subprocess(
        ["build", "--source", str(source), "--output", str(tmp_path / "a")], PYTHONHASHSEED="1"
    )
    two = run_subprocess(
        ["build", "--source", str(source), "--output", str(tmp_path / "b")],
        PYTHONHASHSEED="4242",
        TZ="Pacific/Auckland",
    )
    assert one.code == two.code == 0, one.err + two.err
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_build_date_comes_from_source_date_epoch(minimal_source: Path, tmp_path: Path) -> None:
    run = run_subprocess(
        ["build", "--source", str(minimal_source), "--output", str(tmp_path / "out")],
        SOURCE_DATE_EPOCH="1893456000",
    )  # 2030-01-01
    assert run.code == 0
    assert "As of 1 January 2030" in read_page(tmp_path / "out", "actions/index.html").text


def test_exit_codes_and_messages_from_a_real_process(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    ok = run_subprocess(["build", "--source", str(site)])
    assert ok.code == 0 and "wrote" in ok.out
    assert (site / "_site/index.html").is_file()
    usage = run_subprocess(["build", "--no-such-flag"])
    assert usage.code == 2
    assert usage.err.splitlines()[-1] == "nominutes build: error: unknown option '--no-such-flag'"
    meeting = site / "content/meetings/2024-03-11-third.md"
    meeting.write_text(meeting.read_text().replace("date: 2024-03-11", "date: 2024-03-32"))
    bad = run_subprocess(["build", "--source", str(site)])
    assert bad.code == 1
    assert bad.err.splitlines()[0] == (
        "content/meetings/2024-03-11-third.md:3:7: error: date: '2024-03-32' is not a real "
        "date: March 2024 has 31 days"
    )
    assert "Traceback" not in bad.err


def test_python_m_generator_and_console_script_agree(tmp_path: Path) -> None:
    run = run_subprocess(["--version"])
    assert run.code == 0 and run.out.startswith("nominutes ")


def test_drafts_flag_publishes_drafts(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    out = tmp_path / "out"
    run = run_cli(
        ["build", "--source", str(minimal_source), "--output", str(out), "--drafts"],
        capsys,
        monkeypatch,
    )
    assert run.code == 0
    assert "Not yet agreed" in (out / "meetings/2024-04-08-draft/index.html").read_text()


def test_base_url_flag_overrides_site_yml(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    out = tmp_path / "out"
    args = [
        "build",
        "--source",
        str(minimal_source),
        "--output",
        str(out),
        "--base-url",
        "https://policy.example/x",
    ]
    assert run_cli(args, capsys, monkeypatch).code == 0
    assert 'href="https://policy.example/x/themes/"' in (out / "themes/index.html").read_text()


@pytest.mark.parametrize("where", ["source", "parent", "content", "root"])
def test_dangerous_output_directories_are_refused(
    where: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    output = {
        "source": site,
        "parent": tmp_path,
        "content": site / "content/out",
        "root": Path("/"),
    }[where]
    before = snapshot(site)
    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    assert run.code == 2
    assert run.err.startswith("error: ")
    assert snapshot(site) == before


def test_a_folder_not_made_by_us_is_not_replaced(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    output = tmp_path / "precious"
    output.mkdir()
    (output / "thesis.docx").write_text("years of work")
    run = run_cli(
        ["build", "--source", str(minimal_source), "--output", str(output)], capsys, monkeypatch
    )
    assert run.code == 2 and "not made by nominutes" in run.err
    assert (output / "thesis.docx").read_text() == "years of work"


def test_rebuild_replaces_our_own_output_and_keeps_listed_files(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write("keep_in_output: [CNAME]\n")
    out = tmp_path / "out"
    assert (
        run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch).code
        == 0
    )
    (out / "CNAME").write_text("policy.example\n")
    (out / "stale.html").write_text("old")
    assert (
        run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch).code
        == 0
    )
    assert (out / "CNAME").read_text() == "policy.example\n"
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_a_failing_writer_leaves_the_previous_site(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli(
            ["build", "--source", str(minimal_source), "--output", str(out)], capsys, monkeypatch
        ).code
        == 0
    )
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def fail_after_five(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fail_after_five)
    with pytest.raises(OSError):
        write.write_site({f"p{i}.html": b"x" for i in range(10)}, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize(
    "name",
    [
        "../escape.html",
        "/etc/escape.html",
        "a/../../escape.html",
        "./../escape.html",
        "a/./../../escape.html",
        "//escape.html",
        "a/b/../../..",
    ],
)
def test_the_writer_refuses_paths_that_leave_the_output(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="refusing to write outside the output directory"):
        write.write_site({"index.html": b"ok", name: b"bad"}, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_path_that_stays_inside_is_written_where_it_leads(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write.write_site({"index.html": b"ok", "a/./b/../c.html": b"c", "d//e.html": b"e"}, out)
    assert (out / "a/c.html").read_bytes() == b"c"
    assert (out / "d/e.html").read_bytes() == b"e"


def test_a_big_old_site_is_deleted_in_the_background(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(write, "BACKGROUND_DELETE_FILES", 1)
    out = tmp_path / "out"
    write.write_site({"index.html": b"first", "a/index.html": b"a"}, out)
    write.write_site({"index.html": b"second", "b/index.html": b"b"}, out)
    assert (out / "index.html").read_bytes() == b"second"
    assert not (out / "a").exists()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) > 1:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_what_a_stopped_background_delete_left_is_removed_next_time(tmp_path: Path) -> None:
    """In the background too: the next build may start while the last one's old site is
    still being deleted, and does not wait for it."""
    out = tmp_path / "out"
    write.write_site({"index.html": b"first"}, out)
    (tmp_path / ".out.trash-1-2" / "a").mkdir(parents=True)
    write.write_site({"index.html": b"second"}, out)
    assert (out / "index.html").read_bytes() == b"second"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) > 1:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_old_site_already_being_deleted_is_left_to_the_process_deleting_it(
    tmp_path: Path,
) -> None:
    """A build that starts while the last one's old site is still being deleted starts no
    second deletion of it (two would contend for the disk while the build works)."""
    out = tmp_path / "out"
    write.write_site({"index.html": b"first"}, out)
    trash = tmp_path / ".out.trash-1-2"
    (trash / "a").mkdir(parents=True)
    handle = os.open(trash, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the deleting process holds it
        write.write_site({"index.html": b"second"}, out)
        time.sleep(1.0)  # time enough for a deletion started by the build
        assert (trash / "a").is_dir()
    finally:
        os.close(handle)
    write.write_site({"index.html": b"third"}, out)  # stopped part-way: deleted again
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and trash.exists():
        time.sleep(0.05)
    assert not trash.exists()


def test_a_crash_during_the_swap_is_recovered_next_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write.write_site({"index.html": b"first"}, out)
    out.rename(tmp_path / ".out.old")  # the crash: old moved aside, new not yet in place
    write.recover_interrupted_swap(out)
    assert (out / "index.html").read_bytes() == b"first"
    write.write_site({"index.html": b"second"}, out)
    assert (out / "index.html").read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_template_error_leaves_the_previous_site(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "out"
    assert (
        run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch).code
        == 0
    )
    before = snapshot(out)
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "theme.html").write_text("{{ no_such_value }}")
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 1
    assert run.error_lines == [
        "themes/default/templates/theme.html:1:4: error: template error while rendering "
        "/themes/foi-implications/: 'no_such_value' is undefined; the template is given "
        "'accessibility_url', 'actions', 'body', 'canonical', 'closed', 'content_policy', "
        "'decisions', 'decisions_heading', 'edit_url', 'extra_stylesheets', 'feedback_url', "
        "'feeds', 'first', 'follow', 'formerly', 'heading', 'icon', 'interface_lang', 'logo', "
        "'logo_dark', 'meeting_count', 'meetings', 'nav', 'og_locale', 'outstanding', "
        "'page', 'pager', 'register', 'root', 'script', 'search_filter', 'search_url', 'site', "
        "'stylesheet', 'subscribe_url', 'theme', 'timeline', 'timeline_width'"
    ]
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.*"))  # the pages written before the error are gone


def test_a_warm_build_says_how_much_it_made_again(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    command = ["build", "--source", str(site), "--output", str(tmp_path / "out")]
    first = run_cli(command, capsys, monkeypatch).out.splitlines()[-1]
    meeting = site / "content/meetings/2024-02-12-reporting-back.md"
    meeting.write_text(meeting.read_text().replace("Everyone brought", "Everybody brought"))
    second = run_cli(command, capsys, monkeypatch).out.splitlines()[-1]
    whole = re.fullmatch(r"wrote (\d+) pages \((\d+) files\) to .+/out in \d+\.\d\ds", first)
    assert whole, first
    pages, files = whole.groups()
    again = re.fullmatch(
        rf"wrote {pages} pages \({files} files\) to .+/out in \d+\.\d\ds "
        r"\((\d+) made again, (\d+) kept from the last build\)",
        second,
    )
    assert again, second
    made, kept = map(int, again.groups())
    assert made + kept == int(files) and 0 < made < kept  # the meeting's page, its feeds...


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            "<h1>{{ page.title.nope }}</h1>",
            "3:19: error: template error while rendering "
            "/principles/: 'str object' has no attribute 'nope'",
        ),
        (
            "<h1>{{ page.title | nosuchfilter }}</h1>",
            "3:21: error: template error while "
            "rendering /principles/: No filter named 'nosuchfilter'.",
        ),
        (
            "<h1>{{ page.title }</h1>",
            "3:19: error: template error while rendering /principles/: unexpected '}'",
        ),
        (
            "<h1>{{ page.title + 1 }}</h1>",
            "3:5: error: template error while rendering /principles/: "
            'can only concatenate str (not "int") to str',
        ),
        (
            "<p>{{ 1/0 }}</p>",
            "3:4: error: template error while rendering /principles/: division by zero",
        ),
        (
            '<p>{% include "missing.html" %}</p>',
            "3:16: error: template error while rendering /principles/: template "
            "'missing.html' not found in themes/default/templates/ and the built-in "
            "theme's templates",
        ),
    ],
)
def test_a_template_error_names_its_line_and_column(
    tmp_path: Path, capsys, monkeypatch, line: str, error: str
) -> None:
    """In a block of a template that extends another, at the name the message quotes."""
    site = copy_site("minimal", tmp_path / "site")
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "principles.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n' + line + "\n{% endblock %}\n"
    )
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "out")], capsys, monkeypatch
    )
    assert (run.code, run.error_lines) == (
        1,
        ["themes/default/templates/principles.html:" + error],
    )


def test_a_template_outside_its_theme_s_templates_folder_is_a_warning_saying_where_it_goes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    (site / "themes/flat").mkdir(parents=True)
    (site / "themes/flat/meeting.html").write_text("OVERRIDDEN")
    (site / "themes/flat/icon.svg").write_text("<svg/>")
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsite_theme: flat\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0
    assert [line for line in run.problem_lines if line.startswith("themes/")] == [
        "themes/flat/icon.svg:1:1: warning: themes/flat/icon.svg is not used: move it to "
        "themes/flat/static/icon.svg",
        "themes/flat/meeting.html:1:1: warning: themes/flat/meeting.html is not used: move it "
        "to themes/flat/templates/meeting.html",
    ]


def test_a_template_that_leaves_out_the_search_mark_is_a_warning_naming_the_pages_search_loses(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    templates = site / "themes/ours/templates"
    templates.mkdir(parents=True)
    default = REPO / "generator/themes/default/templates"
    meeting = (default / "meeting.html").read_text()
    (templates / "meeting.html").write_text(meeting.replace(" data-pagefind-body", ""))
    (templates / "principles.html").write_text((default / "principles.html").read_text())
    (templates / "index.html").write_text((default / "index.html").read_text())
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsite_theme: ours\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0
    assert [line for line in run.problem_lines if line.startswith("themes/")] == [
        "themes/ours/templates/meeting.html:1:1: warning: themes/ours/templates/meeting.html has "
        "no data-pagefind-body, so search leaves out meeting pages: copy the attributes of the "
        "element that has it in the default meeting.html"
    ]
    edit(site, "site.yml", "site_theme: ours\n", "site_theme: ours\nsearch: false\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert [line for line in run.problem_lines if line.startswith("themes/")] == []


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_mistake_a_template_makes_as_it_runs_is_an_error_at_its_line_in_every_worker(
    tmp_path: Path, capsys, monkeypatch, command: str
) -> None:
    """Not a Python traceback: the template's place, from the worker that rendered it."""
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)  # a worker for each page or so
    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "out"
    assert run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    before = snapshot(out)
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    meeting = REPO / "generator/themes/default/templates/meeting.html"
    lines = meeting.read_text().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if "{% block main %}" in line) + 1
    lines.insert(at, "<p>{{ meeting.date.strftime() }}</p>\n")
    (templates / "meeting.html").write_text("".join(lines))
    args = [command, "--source", str(site), "--jobs", "2"]
    args += ["--output", str(out)] if command == "build" else []
    run = run_cli(args, capsys, monkeypatch)
    assert run.code == 1
    assert "Traceback" not in run.err
    shown = {line.split(" while rendering ")[0] for line in run.error_lines}
    assert shown == {f"themes/default/templates/meeting.html:{at + 1}:4: error: template error"}
    assert run.error_lines[0].endswith("/: strftime() missing required argument 'format' (pos 1)")
    assert snapshot(out) == before


def test_a_fault_in_nominutes_own_code_a_template_calls_keeps_its_traceback(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Not reported as the theme's mistake: the template only called it."""
    site = copy_site("minimal", tmp_path / "site")

    def broken(self) -> str:
        raise RuntimeError("a fault in nominutes")

    monkeypatch.setattr(pages.ThemeCard, "meetings_text", property(broken))
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="a fault in nominutes"):
        run_cli(
            ["build", "--source", str(site), "--output", str(out), "--jobs", "1"],
            capsys,
            monkeypatch,
        )
    assert not out.exists()


@pytest.mark.slow
def test_pages_written_as_workers_render_them_make_the_same_site(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """In a build that keeps no page, the workers write the pages they render into the new
    site; it is the same as one process's, and a failure part-way leaves nothing behind."""
    site = synthetic_site(tmp_path / "site", 150)  # enough pages for two workers
    reports = []

    def build(out: Path, *extra: str) -> int:
        command = ["build", "--source", str(site), "--output", str(out), "--no-cache", *extra]
        result = run_cli(command, capsys, monkeypatch)
        if result.code == 0:
            reports.append(result.out.splitlines()[-1].split(" to ")[0])
        return result.code

    assert build(tmp_path / "two", "--jobs", "2") == 0
    assert build(tmp_path / "one", "--jobs", "1") == 0
    before = snapshot(tmp_path / "two")
    assert before == snapshot(tmp_path / "one")
    pages = sum(path.endswith(".html") for path in before)
    files = len(before) - 1  # not the marker that says the folder is a build's
    assert ".nominutes-output" in before
    assert reports == [f"wrote {pages} pages ({files} files)"] * 2
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "principles.html").write_text("{{ no_such_value }}")  # among the last pages
    assert build(tmp_path / "two", "--jobs", "2") == 1
    assert snapshot(tmp_path / "two") == before
    assert not list(tmp_path.glob(".two.*"))


def test_a_site_can_override_one_template(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text("custom not found for {{ site.title }}")
    out = tmp_path / "out"
    assert (
        run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch).code
        == 0
    )
    assert (out / "404.html").read_text() == "custom not found for Minimal group"
    assert "<h1>Themes</h1>" in (out / "themes/index.html").read_text()  # others still built in


def test_a_site_theme_overriding_the_macros_needs_no_caching_contract(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A theme's own _macros.html, imported with the page's context, shows each page's own
    values in its rows: rows are reused only from the built-in theme's macros."""
    site = copy_site("minimal", tmp_path / "site")
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    builtin = REPO / "generator/themes/default/templates"
    macros = (builtin / "_macros.html").read_text()
    row = "{{ row.title }}</a>"
    assert row in macros
    (templates / "_macros.html").write_text(
        macros.replace(row, row + "{% if heading is defined %} on {{ heading }}{% endif %}")
    )
    tracker = (builtin / "actions.html").read_text()
    (templates / "actions.html").write_text(
        re.sub(r'({% from "_macros.html" import [^%]*?) %}', r"\1 with context %}", tracker)
    )
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out), "--jobs", "1"]
    assert run_cli(command, capsys, monkeypatch).code == 0
    for folder, heading in [
        ("actions/by-status/in-progress", "In progress actions"),
        ("actions/by-owner/grace", "Outstanding actions for Grace"),
        ("actions/by-owner/alan", "Outstanding actions for Alan"),
    ]:
        text = read_page(out, f"{folder}/index.html").text
        assert f"on {heading}" in text, folder


@pytest.fixture
def served_under_subpath(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> Iterator[str]:
    """The minimal site built for https://example.org/group/ and served at /group/."""
    root = tmp_path / "www"
    root.mkdir()
    out = root / "group"
    assert (
        run_cli(
            ["build", "--source", str(minimal_source), "--output", str(out)], capsys, monkeypatch
        ).code
        == 0
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/group/"
    server.shutdown()
    server.server_close()


def test_every_link_works_when_the_site_lives_under_a_sub_path(served_under_subpath: str) -> None:
    start = served_under_subpath
    seen: set[str] = set()
    queue = [start, start + "404.html"]
    failures = []
    while queue and len(seen) < 500:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            failures.append(f"{url}: {error.code}")
            continue
        if kind != "text/html":
            continue
        for link in parse_html(body).links:
            if not is_internal(link):
                continue
            target = urljoin(url, link).split("#")[0]
            if not urlsplit(target).path.startswith("/group/"):
                failures.append(f"{url}: {link} leaves the sub-path")
            elif target not in seen:
                queue.append(target)
    assert failures == []
    assert len(seen) > 20


def test_the_home_folder_is_refused(
    minimal_source: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    run = run_cli(["build", "--source", str(minimal_source), "--output", "~"], capsys, monkeypatch)
    assert run.code == 2
    assert run.err.startswith("error: refusing to use")
    assert list(home.iterdir()) == []


def test_two_notes_claiming_one_url_are_an_error_naming_both(monkeypatch) -> None:
    from generator import make as pipeline
    from generator.site import pages
    from generator.site.pages import Page

    real = pages.build_pages

    def with_clash(views):  # type: ignore[no-untyped-def]
        built = list(real(views))
        clash = next(p for p in built if p.source.endswith("2024-03-11-third.md"))
        yield from built
        yield Page(clash.url, clash.template, "Clash", clash.context, "", "content/themes/x.md")

    monkeypatch.setattr(pipeline, "build_pages", with_clash)
    from datetime import date

    from generator.content.model import BuildOptions
    from generator.errors import ContentError
    from generator.make import make_site

    options = BuildOptions(SITES / "minimal", SITES / "minimal/_site", date(2024, 3, 9))
    with pytest.raises(ContentError) as caught:
        make_site(options)
    assert [str(p) for p in caught.value.problems if p.is_error] == [
        "content/themes/x.md:1:1: error: content/themes/x.md and "
        "content/meetings/2024-03-11-third.md would both be published at "
        "/meetings/2024-03-11-third/; rename one of them"
    ]


# --- updates in place (most pages kept from the last build) -------------------------------------


def contents(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != write.MARKER
    }


def first_site(out: Path) -> dict[str, str]:
    write.write_site({"index.html": b"1", "a/index.html": b"a", "b/c/index.html": b"b"}, out)
    (out / "hand-made.html").write_text("not ours")
    return snapshot(out)


def test_an_update_in_place_writes_changes_and_removes_what_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first_site(out)
    (out / "CNAME").write_text("policy.example\n")
    kept_inode = (out / "a/index.html").stat().st_ino
    new = {"index.html": b"2", "d/index.html": b"d"}
    write.write_site(new, out, carry_over=("CNAME",), unchanged=["a/index.html"])
    assert contents(out) == {
        "CNAME": b"policy.example\n",
        "a/index.html": b"a",
        "d/index.html": b"d",
        "index.html": b"2",
    }
    assert (out / "a/index.html").stat().st_ino == kept_inode  # not written again
    assert not (out / "b").exists()  # emptied folders go too
    assert (out / write.MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("name", ["../outside.html", "a/../../outside.html", str(Path("/tmp"))])
def test_an_update_in_place_refuses_a_recorded_path_that_leaves_the_output(
    tmp_path: Path, name: str
) -> None:
    """The files the last build wrote come from the cache, which CI restores: one that names
    a path outside the output is refused, and nothing outside is touched."""
    out = tmp_path / "out"
    first_site(out)
    outside = tmp_path / "outside.html"
    outside.write_text("mine")
    with pytest.raises(OutputError, match="refusing to write outside the output directory"):
        write.write_site(
            {"index.html": b"2"},
            out,
            unchanged=["a/index.html"],
            written_before=["b/c/index.html", name],
        )
    assert outside.read_text() == "mine"
    assert (out / "b/c/index.html").is_file()  # the update stopped before it removed anything


def test_an_update_in_place_reads_recorded_paths_as_they_lead(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first_site(out)
    recorded = ["index.html", "a/./index.html", "b/c//index.html"]
    write.write_site({"index.html": b"2"}, out, unchanged=["a/index.html"], written_before=recorded)
    assert contents(out) == {
        "a/index.html": b"a",
        "hand-made.html": b"not ours",
        "index.html": b"2",
    }


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_update_in_place_puts_every_file_back(
    tmp_path: Path, monkeypatch, failure: BaseException
) -> None:
    out = tmp_path / "out"
    before = first_site(out)
    real = write._replace

    def fail_on_the_second(target: Path, data: bytes) -> None:
        if target.name == "index.html" and target.parent.name == "e":
            raise failure
        real(target, data)

    monkeypatch.setattr(write, "_replace", fail_on_the_second)
    monkeypatch.setattr(Path, "write_bytes", lambda self, data: (_ for _ in ()).throw(failure))
    new = {"index.html": b"2", "d/index.html": b"d", "e/index.html": b"e"}
    with pytest.raises(type(failure)):
        write.write_site(new, out, unchanged=["a/index.html"])
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_update_in_place_a_crash_interrupted_is_undone_next_time(
    tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    before = first_site(out)
    real = write._replace

    def crash_on_the_second(target: Path, data: bytes) -> None:
        if target.parent.name == "e":
            raise KeyboardInterrupt  # the process stops: nothing is put back
        real(target, data)

    with monkeypatch.context() as patched:
        patched.setattr(write, "_replace", crash_on_the_second)
        patched.setattr(write, "_roll_back", lambda output, undo: None)
        with pytest.raises(KeyboardInterrupt):
            new = {"index.html": b"2", "d/index.html": b"d", "e/index.html": b"e"}
            write.write_site(new, out, unchanged=["a/index.html"])
    assert (out / "index.html").read_bytes() == b"2"  # half updated
    write.recover_interrupted_swap(out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_staged_for_an_update_in_place_are_renamed_into_it(tmp_path: Path) -> None:
    """A build writes the files it made beside the output while Pagefind indexes; the update
    in place then renames each into place, and until then the site is as it was."""
    out = tmp_path / "out"
    before = first_site(out)
    new = {"index.html": b"2", "d/index.html": b"d"}
    staged = write.stage_update(new, out, write.NewSite(out), ["a/index.html"])
    assert staged is not None
    assert snapshot(out) == before
    (folder,) = tmp_path.glob(".out.new-*")  # named as a new site's, which recovery deletes
    inodes = {path.read_bytes(): path.stat().st_ino for path in folder.iterdir()}
    write.write_site(new, out, unchanged=["a/index.html"], staged=staged)
    assert contents(out) == {"a/index.html": b"a", "d/index.html": b"d", "index.html": b"2"}
    for name, data in new.items():
        status = (out / name).stat()
        assert status.st_ino == inodes[data], f"{name} was written again, not renamed"
        assert status.st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_staged_files_are_written_where_they_cannot_be_renamed(tmp_path: Path, monkeypatch) -> None:
    """An output folder that is a file system of its own (a volume) cannot take a rename from
    beside it: its files are written in it, as without staging."""
    out = tmp_path / "out"
    first_site(out)
    new = {"index.html": b"2", "d/index.html": b"d"}
    staged = write.stage_update(new, out, write.NewSite(out), ["a/index.html"])
    (folder,) = tmp_path.glob(".out.new-*")
    real = os.replace

    def across_file_systems(source, target) -> None:  # type: ignore[no-untyped-def]
        if Path(source).parent == folder:
            raise OSError(18, "Invalid cross-device link")
        real(source, target)

    monkeypatch.setattr(write.os, "replace", across_file_systems)
    write.write_site(new, out, unchanged=["a/index.html"], staged=staged)
    assert contents(out) == {"a/index.html": b"a", "d/index.html": b"d", "index.html": b"2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_staged_by_a_build_that_stopped_are_removed_next_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = first_site(out)
    write.stage_update({"index.html": b"2"}, out, write.NewSite(out), ["a/index.html"])
    write.recover_interrupted_swap(out)  # what the next build does first
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_staging_leaves_alone_what_else_is_beside_the_output(tmp_path: Path) -> None:
    """Where the system has no folder in memory, Pagefind works beside the output while the
    files are staged: staging touches nothing but its own folder, and the update in place,
    once Pagefind is done, puts right what a crash left but keeps the files it renames."""
    out = tmp_path / "out"
    first_site(out)
    pagefind_at_work = tmp_path / ".out.new-search-abc123" / "site" / "meetings"
    pagefind_at_work.mkdir(parents=True)
    new = {"index.html": b"2"}
    staged = write.stage_update(new, out, write.NewSite(out), ["a/index.html"])
    assert staged is not None
    assert pagefind_at_work.is_dir()
    write.write_site(new, out, unchanged=["a/index.html"], staged=staged)
    assert (out / "index.html").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the leftover too


def test_nothing_is_staged_where_the_site_is_not_updated_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first_site(out)
    rendered_into_a_new_site = write.NewSite(out)
    rendered_into_a_new_site.start()
    files = {"index.html": b"2"}
    assert write.stage_update(files, out, rendered_into_a_new_site, ["a/index.html"]) is None
    rendered_into_a_new_site.discard()
    assert write.stage_update(files, out, write.NewSite(out), []) is None  # nothing kept
    assert write.stage_update(files, tmp_path / "new", write.NewSite(out), ["a"]) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_link_in_the_output_is_never_written_through(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    first_site(out)
    elsewhere.mkdir()
    (out / "d").symlink_to(elsewhere, target_is_directory=True)
    write.write_site({"index.html": b"2", "d/index.html": b"d"}, out, unchanged=["a/index.html"])
    assert list(elsewhere.iterdir()) == []
    assert not (out / "d").is_symlink()
    assert contents(out) == {"a/index.html": b"a", "d/index.html": b"d", "index.html": b"2"}
