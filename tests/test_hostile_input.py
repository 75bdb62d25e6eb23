"""Hostile or broken input: unsafe Markdown, huge files, and random bytes.

The site is public and content is pasted in from emails and documents, so no
spelling of a script link may become active HTML, rendering stays fast on
pathological text, and no input ever produces a traceback.
"""

from __future__ import annotations

import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import render
from generator.errors import ContentError
from generator.load import MAX_FILE_BYTES
from generator.markup import Markup
from generator.model import BuildOptions
from generator.safeyaml import MAX_FRONT_MATTER_BYTES
from tests.conftest import copy_site, run_cli
from tests.htmlpage import parse_html

SAFE = Markup(allow_html=False)
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|file|livescript):", re.I)


def render_body(text: str, markup: Markup = SAFE) -> str:
    return markup.render(
        text,
        source_path="content/meetings/x.md",
        body_line=1,
        page_url="meetings/x/",
        note_urls={},
    ).html


def active_problems(html: str) -> list[str]:
    """Anything in `html` a browser would run: script tags, handlers, script-capable URLs."""
    found = []
    for tag, attrs in parse_html(html).tags:
        if tag in ("script", "iframe", "object", "embed", "style"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag} {name}=")
            cleaned = re.sub(r"[\x00-\x20]", "", value)
            if name in ("href", "src", "action", "formaction") and DANGEROUS_SCHEME.match(cleaned):
                found.append(f"{tag} {name}={value}")
    return found


ATTACKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](jav&#x61;script:alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](java&#09;script:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: JaVaScRiPt:alert(1) 'title'",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](javascript:alert(1))",
    "[x](file:///etc/passwd)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](\njavascript:alert(1))",
    "[<script>x</script>](https://example.org)",
    "`<script>` and ```\n<script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_spelling_of_a_script_becomes_active_html(attack: str) -> None:
    html = render_body(attack)
    assert active_problems(html) == [], html


def test_allow_html_lets_trusted_sites_use_raw_html() -> None:
    html = render_body("<details><summary>More</summary>Text</details>", Markup(allow_html=True))
    assert "<details><summary>More</summary>" in html


def test_heading_ids_are_prefixed_so_they_cannot_clobber_page_globals() -> None:
    html = render_body("## main\n\n## location\n\n## main")
    ids = parse_html(html).ids
    assert ids == {"h-main", "h-location", "h-main-1"}


@pytest.mark.parametrize(
    "name, text",
    [
        ("1 MB of '!['", "![" * 500_000),
        ("1 MB of '['", "[" * 1_000_000),
        ("50,000 nested '>'", ">" * 50_000 + " deep"),
        ("5,000-column table", "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "b|" * 5000),
        ("200,000 emphasis openers", "*a " * 200_000),
        ("100,000 unclosed links", "[a](" * 100_000),
        ("many paragraphs of brackets", "\n\n".join(["[" * 1000] * 1000)),
    ],
)
def test_pathological_markdown_renders_in_bounded_time(name: str, text: str) -> None:
    # Not a timing assertion: a generous ceiling that only an unbounded (quadratic) parse misses.
    started = time.process_time()
    html = render_body(text)
    assert html
    assert time.process_time() - started < 20, name


def test_over_budget_paragraphs_are_text_and_warned(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text() + "\n" + "![" * 30_000 + "\n")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:9:1: warning: paragraph has too much Markdown "
        "punctuation to format quickly; it is shown as plain text"
    ]
    strict = run_cli(
        ["build", "--strict", "--source", str(site), "--output", str(tmp_path / "o")],
        capsys,
        monkeypatch,
    )
    assert strict.code == 1
    assert strict.problem_lines[0].startswith("content/meetings/2024-03-11-third.md:9:1: error: ")


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text() + "x" * MAX_FILE_BYTES)
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.problem_lines == [
        f"content/meetings/2024-03-11-third.md:1:1: error: file is {note.stat().st_size:,} bytes; "
        f"the limit is {MAX_FILE_BYTES:,}"
    ]


def test_a_meetings_folder_linked_from_outside_the_site_is_refused(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    (site / "content/meetings").rename(elsewhere)
    (site / "content/meetings").symlink_to(elsewhere, target_is_directory=True)
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.problem_lines[0] == (
        "content/meetings/2024-01-15-kick-off.md:1:1: error: symbolic link points outside "
        f"the site: {elsewhere.resolve() / '2024-01-15-kick-off.md'}"
    )


def test_a_pipe_among_the_notes_is_refused_without_waiting(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    os.mkfifo(site / "content/meetings/2024-05-01-pipe.md")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.problem_lines == [
        "content/meetings/2024-05-01-pipe.md:1:1: error: not a regular file"
    ]


def test_front_matter_over_the_size_cap_is_refused(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    padding = "".join(f"# comment line {i}\n" for i in range(MAX_FRONT_MATTER_BYTES // 16))
    note.write_text(f"---\ntitle: Third\n{padding}date: 2024-03-11\n---\nBody\n")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 1
    assert len(run.problem_lines) == 1
    assert run.problem_lines[0].startswith(
        "content/meetings/2024-03-11-third.md:2:1: error: front matter is "
    )
    assert f"the limit is {MAX_FRONT_MATTER_BYTES:,}" in run.problem_lines[0]


def test_deep_nesting_never_crashes_the_process(tmp_path: Path) -> None:
    from tests.conftest import run_subprocess

    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text("---\ntitle: Third\ndate: 2024-03-11\nx: " + "[" * 60_000 + "\n---\nB\n")
    run = run_subprocess(["build", "--source", str(site)])
    assert run.code == 1  # never 139 (segfault)
    assert "front matter is nested 60000 levels deep; the limit is 16" in run.err


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_renders_without_error_or_active_html(text: str) -> None:
    html = render_body(text)
    assert "<script" not in html.lower()
    assert active_problems(html) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[",
                "]",
                "(",
                ")",
                "<",
                ">",
                "!",
                "javascript:",
                "JaVaScRiPt:",
                "&#106;",
                "&#x3a;",
                "data:",
                "vbscript:",
                "\n",
                " ",
                "\t",
                "x",
                "script",
                "onerror=",
                '"',
                "'",
                "`",
                "[r]: ",
                "\\",
                "&",
                ";",
                "#",
                "*",
                "|",
                "-",
                "=",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_link_like_fragments_never_become_script_links(text: str) -> None:
    assert active_problems(render_body(text)) == []


def _options(site: Path) -> BuildOptions:
    return BuildOptions(source=site, output=site / "_site", build_date=date(2024, 3, 9))


@pytest.fixture(scope="module")
def scratch_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site("minimal", tmp_path_factory.mktemp("fuzz") / "site")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: ("---\n" + t + "\n---\nBody\n").encode("utf-8")),
        st.text(max_size=300).map(lambda t: ("---\ntitle: T\ndate: 2024-03-11\n" + t).encode()),
    )
)
def test_any_bytes_as_a_content_file_build_or_report_our_error(
    scratch_site: Path, data: bytes
) -> None:
    note = scratch_site / "content/meetings/2024-03-11-third.md"
    note.write_bytes(data)
    try:
        render(_options(scratch_site))
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert (scratch_site / problem.path).exists()


def test_spreadsheet_formulas_in_actions_csv_are_shown_as_text(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import csv
    import io
    import json

    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    text = note.read_text()
    text = text.replace('title: "Kick-off: first meeting"', "title: \"-2+3+cmd|' /C calc'!A0\"")
    text = text.replace(
        "title: Think of a live policy issue", 'title: \'=HYPERLINK("http://evil","click")\''
    )
    text = text.replace("owner: [Grace, Alan]", 'owner: [Grace, "@SUM(1+1)", "-Minus", "+1"]')
    note.write_text(text)
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO((tmp_path / "o/actions.csv").read_text()))
    }
    assert rows["live-policy-issue"]["title"] == '\'=HYPERLINK("http://evil","click")'
    assert rows["live-policy-issue"]["raised_at"] == "'-2+3+cmd|' /C calc'!A0"
    assert rows["write-guidance"]["owners"] == "Grace; '@SUM(1+1); '-Minus; '+1"
    assert rows["write-guidance"]["title"] == "Write guidance on engaging online"
    exported = json.loads((tmp_path / "o/actions.json").read_text())
    by_id = {action["id"]: action for action in exported["actions"]}
    assert by_id["live-policy-issue"]["title"] == '=HYPERLINK("http://evil","click")'
    assert by_id["write-guidance"]["owners"] == ["Grace", "@SUM(1+1)", "-Minus", "+1"]
