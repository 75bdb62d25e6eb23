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

from generator.content.load import MAX_FILE_BYTES
from generator.content.model import BuildOptions
from generator.content.safeyaml import MAX_FRONT_MATTER_BYTES
from generator.errors import ContentError
from generator.make import make_site
from generator.site.markup import Markup
from tests.conftest import MISSED_REPORT_BACK, Run, copy_site, edit, run_cli
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
    # footnotes, whose links are named "Footnote 1" and "Back to reference 1"
    "x[^<script>alert(1)</script>]\n\n[^<script>alert(1)</script>]: <img src=x onerror=alert(1)>",
    'x[^a"onmouseover="alert(1)]\n\n[^a"onmouseover="alert(1)]: [y](javascript:alert(1))',
    # bare addresses, which are links as GitHub shows them: never one with a script's scheme
    "javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "JaVaScRiPt://www.example.org/%0aalert(1)",
    "www.example.org/javascript:alert(1)",
    "vbscript://example.org/ data://text/html;base64,PHNjcmlwdD4= file:///etc/passwd",
    'https://example.org/"onmouseover="alert(1) https://example.org/<script>alert(1)</script>',
    "http\\://javascript:alert(1) https:&#x2F;&#x2F;example.org",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_spelling_of_a_script_becomes_active_html(attack: str) -> None:
    html = render_body(attack)
    assert active_problems(html) == [], html


# A link of a scheme a page does not link to, the scheme, and where its error places it.
PROGRAM_LINKS = [
    (
        "[Open the file](search-ms:query=budget&crumb=location:\\\\evil.example\\s)",
        "search-ms",
        1,
        17,
    ),
    ("[Open](ms-word:ofe|u|https://evil.example/budget.docx)", "ms-word", 1, 8),
    ("[Check](ms-msdt:/id%20PCWDiagnostic)", "ms-msdt", 1, 9),
    ("![x](ms-msdt:/id)", "ms-msdt", 1, 6),
    ("<ms-excel:ofv|u|https://evil.example/a.xlsx>", "ms-excel", 1, 2),
    ("[ftp](ftp://files.example/report.pdf)", "ftp", 1, 7),
    ("[ref][r]\n\n[r]: Search-MS:query=x", "Search-MS", 3, 6),
    # a space in the address too: the scheme's error alone, not angle brackets' advice
    ("[Check](ms-msdt:/id PCWDiagnostic now)", "ms-msdt", 1, 9),
    ("[x](msdt:foo bar)", "msdt", 1, 5),
    # the scheme spelt with character references or an escape: where it is written
    ("Budget.\n\nSee [x](&#109;s-msdt:foo).", "ms-msdt", 3, 9),
    ("See [y](ms&#x2D;word&colon;ofe).", "ms-word", 1, 9),
    ("See [z](search\\-ms:query=x).", "search-ms", 1, 9),
]


@pytest.mark.parametrize("accelerated", [True, False], ids=["markdown-it-pyrs", "markdown-it-py"])
@pytest.mark.parametrize(("written", "scheme", "line", "col"), PROGRAM_LINKS)
def test_a_link_of_a_scheme_the_site_does_not_allow_is_shown_as_text(
    written: str, scheme: str, line: int, col: int, accelerated: bool
) -> None:
    """Only http:, https:, mailto: and tel: (the email's schemes too) are links: one that
    opens a program on the reader's computer is the text it was written as, on either engine,
    and an error where its scheme is written."""
    fragment = Markup(allow_html=False, accelerated=accelerated).render(
        written, source_path="content/meetings/x.md", body_line=1, page_url="x/", note_urls={}
    )
    links = [attrs for tag, attrs in parse_html(fragment.html).tags if tag in ("a", "img")]
    hrefs = [a.get("href") or a.get("src") for a in links]
    assert not [h for h in hrefs if h and not h.startswith("https://evil.example/")], fragment
    [problem] = fragment.problems
    assert (problem.line, problem.col) == (line, col), problem
    assert problem.message == (
        f"a link to a '{scheme}:' address is shown as text: pages and emails link only to web "
        "pages (https://), mail (mailto:) and phones (tel:), as another kind could run a script "
        "or open a program on the reader's computer; link to a web page instead, or put the "
        "address in `code` to show it"
    )


def test_web_phone_and_note_links_stay_links() -> None:
    html = render_body("[a](https://example.org/x:y) [b](tel:+441234567890) [c](../principles.md)")
    assert [a["href"] for tag, a in parse_html(html).tags if tag == "a"] == [
        "https://example.org/x:y",
        "tel:+441234567890",
        "../principles.md",
    ]


def test_allow_html_lets_trusted_sites_use_raw_html() -> None:
    html = render_body("<details><summary>More</summary>Text</details>", Markup(allow_html=True))
    assert "<details><summary>More</summary>" in html


def test_heading_ids_are_prefixed_so_they_cannot_clobber_page_globals() -> None:
    html = render_body("## main\n\n## location\n\n## main")
    ids = parse_html(html).ids
    assert ids == {"h-main", "h-location", "h-main-1"}


def _render_seconds(text: str) -> float:
    """The least CPU time of three renderings (the machine is shared)."""
    times = []
    for _ in range(3):
        started = time.process_time()
        render_body(text)
        times.append(time.process_time() - started)
    return min(times)


def test_heading_ids_take_linear_time_for_identical_headings() -> None:
    html = render_body("## same\n\n" * 20_000)
    ids = parse_html(html).ids
    assert len(ids) == 20_000 and "h-same-19999" in ids
    small = _render_seconds("## same\n\n" * 5_000)
    large = _render_seconds("## same\n\n" * 20_000)
    assert large < 8 * small + 0.05, (small, large)  # 4x the headings: about 4x (quadratic: 16x)


PATHOLOGICAL = [
    ("20,000 identical headings", "## same\n\n" * 20_000),
    ("1 MB of '!['", "![" * 500_000),
    ("1 MB of '['", "[" * 1_000_000),
    ("50,000 nested '>'", ">" * 50_000 + " deep"),
    ("5,000-column table", "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "b|" * 5000),
    ("200,000 emphasis openers", "*a " * 200_000),
    ("100,000 unclosed links", "[a](" * 100_000),
    ("many paragraphs of brackets", "\n\n".join(["[" * 1000] * 1000)),
    # Each of these took minutes in the search for links left as text (quadratic in the line).
    ("a link's address of 60,000 spaced words, never closed", "[a](b " + "c " * 60_000),
    ("10,000 links with a space in the address", "[a](b c.pdf)\n\n" * 10_000),
    ("100,000 '[' before one link's '](' ", "[" * 100_000 + "](b c.pdf)"),
    # Each bare address is a link, and each took longer the longer the paragraph.
    ("60,000 bare addresses in a paragraph", "https://a.org/x " * 60_000),
    ("60,000 paragraphs of a bare address", "https://a.org/x\n\n" * 60_000),
    ("250,000 'www.'", "www." * 250_000),
]


@pytest.mark.parametrize("name, text", PATHOLOGICAL)
def test_pathological_markdown_renders_in_bounded_time(name: str, text: str) -> None:
    # Not a timing assertion: a generous ceiling that only an unbounded (quadratic) parse misses.
    started = time.process_time()
    html = render_body(text)
    assert html
    assert time.process_time() - started < 20, name


def test_each_of_many_links_with_a_space_is_reported_where_it_is_written() -> None:
    # Each link's line was looked for in every line after the last one found (quadratic).
    problems = SAFE.render(
        "".join(f"[a](b c{n}.pdf)\n\n" for n in range(5_000)) + "x [a](b d.pdf)\n",
        source_path="content/meetings/x.md",
        body_line=5,
        page_url="meetings/x/",
        note_urls={},
    ).problems
    spaced = [(p.line, p.col) for p in problems if "address has a space" in p.message]
    assert spaced == [(5 + 2 * n, 1) for n in range(5_000)] + [(10_005, 3)]


def test_a_long_run_of_spaces_in_a_front_matter_value_is_explained(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # The line was matched against `(\S.*?)\s*(#.*)?$`, which tried every split of the spaces:
    # 98 s of CPU for this one line of 62,000 spaces.
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    spaces = " " * 62_000
    note.write_text(f"---\ntitle: a: {spaces}b\ndate: 2024-03-11\n---\nBody\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:2:8: error: the value of 'title' contains ': ', "
        f'which YAML reads as a new key; quote the whole value: title: "a: {spaces}b"'
    ]


def test_a_line_of_quotes_in_a_front_matter_value_is_explained(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # The apostrophe check matched `'(.*'.*)'\s*$`, which tried every pair of quotes.
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    value = "'Tom's " + "' " * 30_000 + "x"
    note.write_text(f"---\ntitle: {value}\ndate: 2024-03-11\n---\nBody\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        "content/meetings/2024-03-11-third.md:2:13: error: the value of 'title' goes on after "
        f'its closing quote; quote the whole value: title: "{value}"'
    ]


def test_over_budget_paragraphs_are_text_and_warned(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text() + "\n" + "![" * 30_000 + "\n")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0
    assert [line for line in run.problem_lines if "report back" not in line] == [
        "content/meetings/2024-03-11-third.md:9:1: warning: paragraph has too much Markdown "
        "punctuation to format quickly; it is shown as plain text"
    ]
    strict = run_cli(
        ["build", "--strict", "--source", str(site), "--output", str(tmp_path / "o")],
        capsys,
        monkeypatch,
    )
    assert strict.code == 1
    assert strict.problem_lines[-1].startswith("content/meetings/2024-03-11-third.md:9:1: error: ")


def test_bare_addresses_count_against_the_budget_as_links_do(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Each bare address made a link costs time, as a written link does: a paragraph of
    20,000 is shown as plain text, with the warning; one of 2,000 has its links."""
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    body = note.read_text()
    note.write_text(body + "\n" + "https://a.org/x " * 20_000 + "\n")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0
    assert (
        "content/meetings/2024-03-11-third.md:9:1: warning: paragraph has too much Markdown "
        "punctuation to format quickly; it is shown as plain text" in run.problem_lines
    )
    page = (tmp_path / "o/meetings/2024-03-11-third/index.html").read_text()
    assert page.count('<a href="https://a.org/x">') == 0
    note.write_text(body + "\n" + "https://a.org/x " * 2_000 + "\n")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0
    page = (tmp_path / "o/meetings/2024-03-11-third/index.html").read_text()
    assert page.count('<a href="https://a.org/x">') == 2_000


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


def test_a_meetings_folder_linked_from_elsewhere_in_the_site_is_refused_at_each_note(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Inside the site but outside content/ (README's rule for every file under content/)."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/meetings").rename(site / "archive")
    (site / "content/meetings").symlink_to("../archive", target_is_directory=True)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines[0] == (
        "content/meetings/2024-01-15-kick-off.md:1:1: error: this file is in a linked folder, "
        "at archive/2024-01-15-kick-off.md, outside content/, so it would be read as a note "
        "and published; copy the folder into content/ instead of linking to it"
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
        make_site(_options(scratch_site))
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
    text = text.replace(
        "title: Write guidance on engaging online",
        'title: Plan;=HYPERLINK("http://evil.example/","Open")',
    )
    note.write_text(text)
    reported = "content/meetings/2024-02-12-reporting-back.md"
    edit(site, reported, "note: Everyone", "note: Done; +1 Everyone")
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO((tmp_path / "o/actions.csv").read_text(encoding="utf-8-sig"))
        )
    }
    assert rows["live-policy-issue"]["title"] == '\'=HYPERLINK("http://evil","click")'
    assert rows["live-policy-issue"]["raised_at"] == "'-2+3+cmd|' /C calc'!A0"
    assert rows["write-guidance"]["owners"] == "Grace; '@SUM(1+1); '-Minus; '+1"
    assert rows["write-guidance"]["title"] == 'Plan;\'=HYPERLINK("http://evil.example/","Open")'
    assert rows["live-policy-issue"]["latest_note"] == "Done; '+1 Everyone brought an example."
    exported = json.loads((tmp_path / "o/actions.json").read_text())
    by_id = {action["id"]: action for action in exported["actions"]}
    assert by_id["live-policy-issue"]["title"] == '=HYPERLINK("http://evil","click")'
    assert by_id["write-guidance"]["owners"] == ["Grace", "@SUM(1+1)", "-Minus", "+1"]
    assert by_id["write-guidance"]["title"] == 'Plan;=HYPERLINK("http://evil.example/","Open")'


def test_spreadsheet_formulas_in_decisions_csv_are_shown_as_text(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """As in actions.csv: a decision's text, or the title of the meeting that made it,
    that would start a formula is shown as text; the JSON keeps the exact text."""
    import csv
    import io
    import json

    site = copy_site("minimal", tmp_path / "site")
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "title: Reporting back\n",
        "title: \"@SUM(1+1)*cmd|' /C calc'!A0\"\ndecisions:\n"
        "  - id: publish-summaries\n"
        '    text: \'=HYPERLINK("http://evil.example","decision")\'\n',
    )
    run = run_cli(
        ["build", "--source", str(site), "--output", str(tmp_path / "o")], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    (row,) = csv.DictReader(
        io.StringIO((tmp_path / "o/decisions.csv").read_text(encoding="utf-8-sig"))
    )
    assert row["text"] == '\'=HYPERLINK("http://evil.example","decision")'
    assert row["decided_at"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    (exported,) = json.loads((tmp_path / "o/decisions.json").read_text())["decisions"]
    assert exported["text"] == '=HYPERLINK("http://evil.example","decision")'


def test_a_build_into_an_output_another_build_holds_stops_with_a_message(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from generator.engine.locks import held, output_lock_path
    from tests.conftest import snapshot

    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "out"
    assert run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    before = snapshot(out)
    with held(output_lock_path(out), "held by the test"):
        run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 2
    assert run.err == (
        f"error: another nominutes build is writing to {out} (process {os.getpid()}); "
        "wait for it to finish\n"
    )
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


@pytest.mark.slow
def test_two_builds_into_one_output_never_leave_a_partial_site(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import BUILD_EPOCH, REPO, snapshot, synthetic_site

    site = synthetic_site(tmp_path / "site", 80)
    reference = tmp_path / "reference"
    command = [sys.executable, "-m", "generator", "build", "--quiet", "--no-cache"]
    command += ["--source", str(site)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    done = subprocess.run([*command, "--output", str(reference)], env=env, cwd=REPO, check=False)
    assert done.returncode == 0
    expected = snapshot(reference)
    out = tmp_path / "out"
    for attempt in range(1, 4):  # the second starts while the first renders, or writes
        first = subprocess.Popen(
            [*command, "--output", str(out)], env=env, cwd=REPO, stderr=subprocess.PIPE, text=True
        )
        time.sleep(0.2 * attempt)
        second = subprocess.run(
            [*command, "--output", str(out)], env=env, cwd=REPO, capture_output=True, text=True
        )
        first_err = first.communicate(timeout=120)[1]
        codes = sorted([first.returncode, second.returncode])
        assert codes in ([0, 0], [0, 2]), (first_err, second.stderr)
        for err in (first_err, second.stderr):
            assert "Traceback" not in err
            # (beside the synthetic site's warnings: decisions not reviewed when due)
            err = "".join(line for line in err.splitlines(True) if ": warning: " not in line)
            assert err == "" or "another nominutes build is " in err, err
        assert snapshot(out) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "reference", "site"]


def _build(site: Path, out: Path, capsys, monkeypatch, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli(
        ["build", "--source", str(site), "--output", str(out), *extra], capsys, monkeypatch
    )


def test_an_owner_of_300_characters_builds_and_checks(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    owner = "Someone " + "very " * 60 + "long"
    note.write_text(note.read_text().replace("owner: All members", f"owner: {owner}"))
    check = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert check.code == 0, check.err
    build = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert build.code == 0, build.err
    folders = [p.name for p in (tmp_path / "out/actions/by-owner").iterdir()]
    slug = next(name for name in folders if name.startswith("someone-very"))
    assert len(slug) <= 80
    page = (tmp_path / "out/actions/by-owner" / slug / "index.html").read_text()
    assert owner in page


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_action_shared_by_more_than_twenty_owners_is_refused(
    tmp_path: Path, capsys, monkeypatch, command: str
) -> None:
    # Each owner's lists and the agenda pack name the action's other owners beside it: one
    # line of 5,000 names made 5,000 pages of 5,000 names each, gigabytes from 60 KB.
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    names = ", ".join(f"Member {n}" for n in range(1, 5_001))
    note.write_text(note.read_text().replace("owner: All members", f"owner: [{names}]"))
    run = run_cli([command, "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        "content/meetings/2024-01-15-kick-off.md:11:12: error: action 1 owner: names 5000 "
        "people, and an action has at most 20 owners: for everyone in the group, write "
        "owner: All members"
    ]
    assert not (site / "_site").exists()


def test_an_action_shared_by_twenty_owners_is_on_each_of_their_lists(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    names = ", ".join(f"Member {n}" for n in range(1, 21))
    note.write_text(note.read_text().replace("owner: All members", f"owner: [{names}]"))
    run = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert run.code == 0, run.err
    page = (tmp_path / "out/actions/by-owner/member-20/closed/index.html").read_text()
    assert "Think of a live policy issue" in page


def _site_naming_themes(root: Path, count: int) -> Path:
    """The minimal site with `count` more themes, all named by one meeting, one action it
    raises and one decision it makes."""
    site = copy_site("minimal", root)
    for n in range(count):
        (site / f"content/themes/t{n}.md").write_text(f"---\ntitle: Theme {n}\n---\nT.\n")
    names = ", ".join(f"t{n}" for n in range(count))
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        f"themes: [{names}]\nactions:\n  - {{id: a, title: A, owner: Al, themes: [{names}]}}\n"
        f"decisions:\n  - {{id: d, text: D, themes: [{names}]}}\n",
    )
    return site


def test_a_meeting_naming_more_than_twenty_themes_is_refused(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # Each theme's pages and feed show the meeting, its action and its decision with all their
    # themes: 2,000 themes named at once made 2,000 pages of 2,000 names each (gigabytes).
    site = _site_naming_themes(tmp_path / "site", 25)
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    message = "names 25 themes, and at most 20 may be named: keep the ones it most concerns"
    assert run.problem_lines == [
        f"content/meetings/2024-03-11-third.md:5:9: error: themes: {message}",
        f"content/meetings/2024-03-11-third.md:7:42: error: action 1 themes: {message}",
        f"content/meetings/2024-03-11-third.md:9:30: error: decision 1 themes: {message}",
    ]


def test_a_meeting_naming_twenty_themes_builds(tmp_path: Path, capsys, monkeypatch) -> None:
    site = _site_naming_themes(tmp_path / "site", 20)
    run = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert run.code == 0, run.err
    assert "Theme 19" in (tmp_path / "out/decisions/d/index.html").read_text()


def test_check_finds_the_over_long_action_id_build_fails_on(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-01-15-kick-off.md"
    note.write_text(note.read_text().replace("id: write-guidance", "id: " + "w" * 300))
    check = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    build = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert check.code == build.code == 1
    assert "Traceback" not in check.err + build.err
    assert check.problem_lines == build.problem_lines
    assert "is 300 characters long; an id has at most 100" in build.problem_lines[0]


def test_a_commit_dated_in_the_year_10000_does_not_stop_the_build(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import subprocess

    site = copy_site("minimal", tmp_path / "site")
    settings_file = site / "site.yml"
    settings_file.write_text(settings_file.read_text().replace("history: false", "history: true"))
    git = ["git", "-C", str(site), "-c", "user.name=Ada", "-c", "user.email=ada@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    principles = site / "content/principles.md"
    principles.write_text(principles.read_text().replace("Listen before", "Hear before"))
    far = {"GIT_AUTHOR_DATE": "@253402300800 +0000", "GIT_COMMITTER_DATE": "@253402300800 +0000"}
    subprocess.run(
        [*git, "commit", "-qam", "from the future"], check=True, env={**os.environ, **far}
    )
    run = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert run.code == 0, run.err
    page = (tmp_path / "out/principles/index.html").read_text()
    assert "Hear before you speak." in page  # the wording now
    assert "10000" not in page  # the change dated then is left out


def test_an_output_that_is_a_symbolic_link_is_refused_and_nothing_is_left(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from tests.conftest import snapshot

    site = copy_site("minimal", tmp_path / "site")
    real = tmp_path / "real"
    assert _build(site, real, capsys, monkeypatch).code == 0
    before = snapshot(real)
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):  # and again: nothing stray blocks the next build
        run = _build(site, link, capsys, monkeypatch)
        assert run.code == 2
        assert run.err.startswith(f"error: the output path {link} is a symbolic link; ")
    assert snapshot(real) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real", "site"]
    assert _build(site, real, capsys, monkeypatch).code == 0


def test_an_output_under_a_file_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    site = copy_site("minimal", tmp_path / "site")
    run = _build(site, Path("/dev/null/x"), capsys, monkeypatch)
    assert run.code == 2
    assert run.err == "error: cannot make the output folder /dev/null/x: /dev/null is a file\n"


def test_a_long_new_meeting_title_makes_a_short_file_name(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    title = "A meeting " * 30
    run = run_cli(
        ["new", "meeting", "--source", str(site), "--date", "2024-05-01", "--title", title],
        capsys,
        monkeypatch,
    )
    assert run.code == 0, run.err
    (written,) = (site / "content/meetings").glob("2024-05-01-*.md")
    assert len(written.name) <= 100
    assert (
        f'title: "{title.strip()}"' in written.read_text() or title.strip() in written.read_text()
    )
    assert _build(site, tmp_path / "out", capsys, monkeypatch).code == 0


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_serve_on_an_impossible_port_is_a_usage_error(
    port: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    run = run_cli(["serve", "--source", str(site), "--port", port], capsys, monkeypatch)
    assert run.code == 2
    assert run.err == f"error: --port must be between 1 and 65535, not {port}\n"


def test_serve_on_a_port_in_use_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    import socket

    site = copy_site("minimal", tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_cli(["serve", "--source", str(site), "--port", str(port)], capsys, monkeypatch)
    assert run.code == 2
    assert run.err == (
        f"error: cannot serve at 127.0.0.1:{port}: Address already in use; "
        "choose another --port or --host\n"
    )


def test_search_filter_values_reach_the_index_escaped(tmp_path: Path, capsys, monkeypatch) -> None:
    """Pagefind decodes a filter value once more than a browser and its UI inserts it as HTML:
    after that extra decoding, no value may hold a tag (see test_browser for the real UI)."""
    import html

    site = copy_site("minimal", tmp_path / "site")
    theme = site / "content/themes/foi-implications.md"
    theme.write_text(theme.read_text().replace("FOI implications", '"FOI <img src=x onerror=a()>"'))
    note = site / "content/meetings/2024-01-15-kick-off.md"
    note.write_text(
        note.read_text().replace(
            "next_meeting: 2024-02-12\n",
            "next_meeting: 2024-02-12\ndecisions:\n  - id: publish-summaries\n"
            "    text: We publish summaries\n    themes: [foi-implications]\n",
        )
    )
    assert _build(site, tmp_path / "out", capsys, monkeypatch, "--no-cache").code == 0
    values = []
    for page in sorted((tmp_path / "out").rglob("*.html")):
        for _, attrs in parse_html(page.read_text()).tags:
            if "data-pagefind-filter" in attrs:
                values.append(attrs["data-pagefind-filter"])
    theme_values = [v for v in values if v.startswith("Theme:")]
    assert len(theme_values) >= 4  # the theme page, two meetings and the decision
    for value in values:
        assert ":" in value, value  # a value from the element's text would go in unescaped
        assert "<" not in html.unescape(value), value
    assert html.unescape(html.unescape(theme_values[0])) == "Theme:FOI <img src=x onerror=a()>"


def test_an_action_title_with_line_breaks_stays_a_comment_in_new_meeting(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from generator.content.load import Kind, split_front_matter

    site = copy_site("minimal", tmp_path / "site")
    note = site / "content/meetings/2024-03-11-third.md"
    # (a NEL, "\\x85", is an error: a C1 control character)
    injected = "Check\\ndraft: true\\nnext_meeting: 2099-01-01\\u2028summary: owned\\rx: 1"
    note.write_text(
        note.read_text().replace(
            "themes: [permission-to-engage]\n",
            "themes: [permission-to-engage]\nactions:\n"
            f'  - id: sneaky\n    title: "{injected}"\n    owner: Mallory\n',
        )
    )
    run = run_cli(
        ["new", "meeting", "--source", str(site), "--date", "2024-05-01", "--title", "Next"],
        capsys,
        monkeypatch,
    )
    assert run.code == 0, run.err
    written = site / "content/meetings/2024-05-01-next.md"
    text = written.read_text()
    doc = split_front_matter("x.md", Kind.MEETING, text)
    assert set(doc.front.value) == {
        "title",
        "date",
        "authors",
        "summary",
        "themes",
        "principles",
        "actions",
        "draft",
    }
    assert doc.front.value["summary"] is None  # the scaffold's own empty line, not "owned"
    assert (
        "  - id: sneaky  # Check draft: true next_meeting: 2099-01-01 summary: owned x: 1, Mallory"
        in text.splitlines()
    )


def test_a_line_separator_in_the_next_meeting_s_place_is_kept_in_new_meeting(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # JSON leaves U+2028 and U+2029 as they are, and YAML ends a line at each: the file new
    # meeting wrote did not read ("---" after one is the end of a document).
    from generator.content.load import Kind, split_front_matter

    site = copy_site("minimal", tmp_path / "site")
    written = "Room 4\\u2028---\\u2029title: owned"  # as YAML escapes them
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "themes: [permission-to-engage]\n",
        "themes: [permission-to-engage]\n"
        f'next_meeting: {{date: 2024-05-01, location: "{written}"}}\n',
    )
    run = run_cli(
        ["new", "meeting", "--source", str(site), "--title", "Next\u2028one"],
        capsys,
        monkeypatch,
    )
    assert run.code == 0, run.err
    assert run.out.startswith("wrote "), run.out
    text = (site / run.out.split()[1]).read_text()
    assert f'location: "{written}"' in text.splitlines()
    assert 'title: "Next\\u2028one"' in text.splitlines()
    doc = split_front_matter("x.md", Kind.MEETING, text)
    assert doc.front.value["location"] == "Room 4\u2028---\u2029title: owned"
    assert doc.front.value["title"] == "Next\u2028one"
    check = run_cli(["check", "--source", str(site), "--drafts"], capsys, monkeypatch)
    assert check.code == 0, check.err


def test_control_sequences_in_names_are_printed_as_escapes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    name = "2024-05-01-\x1b[2K\x1b[1Aall good\x1b]52;c;aGk=\x07\u202e.md"
    (site / "content/meetings" / name).write_text("---\ntitle: T\ndate: 2024-05-01\n---\nB\n")
    for command in (["build", "--output", str(tmp_path / "out")], ["check"]):
        run = run_cli([*command, "--source", str(site)], capsys, monkeypatch)
        assert run.code == 1
        assert not any(char in run.err for char in "\x1b\x07\u202e"), repr(run.err)
        shown = "2024-05-01-\\x1b[2K\\x1b[1Aall good\\x1b]52;c;aGk=\\x07\\u202e.md"
        assert f"content/meetings/{shown}:1:1: error: meeting file name '{shown}'" in run.err
    github = run_cli(["check", "--source", str(site), "--format", "github"], capsys, monkeypatch)
    assert "\x1b" not in github.out and "\\x1b[2K" in github.out


def test_a_cache_committed_to_git_is_not_trusted(tmp_path: Path, capsys, monkeypatch) -> None:
    import subprocess

    site = copy_site("minimal", tmp_path / "site")
    assert _build(site, tmp_path / "first", capsys, monkeypatch).code == 0
    poisoned = 0
    for shard in (site / ".cache").glob("markdown.*.json"):
        text = shard.read_text()
        if "We met for the first time." in text:
            shard.write_text(
                text.replace("We met for the first time.", "<script>alert(1)</script>")
            )
            poisoned += 1
    assert poisoned
    git = ["git", "-C", str(site), "-c", "user.name=Eve", "-c", "user.email=eve@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "with a cache"], check=True)
    run = _build(site, tmp_path / "out", capsys, monkeypatch)
    assert run.code == 0, run.err
    cache = site / ".cache"
    assert f"warning: {cache} is tracked by git, so it was not read or written" in run.err
    page = (tmp_path / "out/meetings/2024-01-15-kick-off/index.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "We met for the first time." in page
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""  # the committed cache was not rewritten either


def _site_with_owners(root: Path, count: int) -> Path:
    """The minimal site with one meeting raising `count` actions, each for its own owner."""
    site = copy_site("minimal", root)
    note = site / "content/meetings/2024-03-11-third.md"
    raised = "".join(f"  - id: a{i}\n    title: A{i}\n    owner: O{i}\n" for i in range(count))
    note.write_text(
        note.read_text().replace(
            "themes: [permission-to-engage]\n",
            f"themes: [permission-to-engage]\nactions:\n{raised}",
        )
    )
    return site


@pytest.mark.slow
def test_output_grows_linearly_with_the_number_of_owners(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    sizes = {}
    for count in (40, 160):
        site = _site_with_owners(tmp_path / f"site-{count}", count)
        out = tmp_path / f"out-{count}"
        run = _build(site, out, capsys, monkeypatch, "--no-cache")
        assert run.code == 0, run.err
        sizes[count] = sum(p.stat().st_size for p in (out / "actions").rglob("*") if p.is_file())
    # 4x the owners: about 4x the bytes; a filter list repeated on every owner's page is 16x
    assert sizes[160] < 6 * sizes[40], sizes


# --- files published beside the notes: nothing that runs on the site's own origin ------------

RUNS = "would be published as it is and could run scripts on the site's pages; publish it as a "
RUNS_FIX = "PDF (or an image as PNG or JPEG), or set allow_html: true in site.yml if every writer "


def _errors(run: Run) -> list[str]:
    """The run's errors. Beside them it shows the warnings their errors cannot have caused:
    of the minimal site, its action not reported back, and nothing else."""
    others = [line for line in run.problem_lines if ": error: " not in line]
    assert others == [MISSED_REPORT_BACK]
    return [line for line in run.problem_lines if ": error: " in line]


def _runs(path: str, suffix: str) -> str:
    return f"{path}:1:1: error: a {suffix} file {RUNS}{RUNS_FIX}is trusted"


def _site_with_script_files(tmp_path: Path) -> Path:
    site = copy_site("minimal", tmp_path / "site")
    files = site / "content/files"
    files.mkdir()
    (files / "agenda.html").write_text("<script>alert(document.domain)</script>\n")
    (files / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>\n'
    )
    (files / "agenda.pdf").write_bytes(b"%PDF-1.4\n")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(
        note.read_text() + "\nThe [agenda](../files/agenda.html).\n\n![Chart](../files/evil.svg)\n"
    )
    return site


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_a_browser_would_run_is_refused_by_check_and_build(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """An HTML or SVG file beside the notes would run its script on the site's own origin,
    past `allow_html: false`: each is an error at the file (a note's link to it is not
    reported as well), and nothing is published."""
    site = _site_with_script_files(tmp_path)
    output = tmp_path / "out"
    args = [command, "--source", str(site), "--strict"]
    run = run_cli(
        args + (["--output", str(output)] if command == "build" else []), capsys, monkeypatch
    )
    assert run.code == 1
    assert _errors(run) == [
        _runs("content/files/agenda.html", ".html"),
        _runs("content/files/evil.svg", ".svg"),
    ]
    assert not output.exists()
    assert not (site / "_site").exists()


def test_a_site_that_allows_html_publishes_html_and_svg_files(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = _site_with_script_files(tmp_path)
    settings_file = site / "site.yml"
    settings_file.write_text(settings_file.read_text() + "allow_html: true\n")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert all(": error: " not in line for line in run.problem_lines)
    out = site / "_site"
    assert (out / "files/agenda.html").read_text() == "<script>alert(document.domain)</script>\n"
    assert (out / "files/evil.svg").read_bytes() == (site / "content/files/evil.svg").read_bytes()
    page = (out / "meetings/2024-03-11-third/index.html").read_text()
    assert 'href="../../files/agenda.html"' in page
    # members' raw HTML may need inline script or style: no policy refuses it
    assert "Content-Security-Policy" not in page


# What a file of a kind the site does not publish is told (its start: "a .xsd file").
NOT_PUBLISHED = (
    " is not published, as a browser could open a kind of file not on this list as a page of "
    "the site and run what it holds: documents (.pdf .docx .doc .odt .rtf .txt), spreadsheets "
    "(.xlsx .xls .ods .csv .tsv), slides (.pptx .ppt .odp), images (.png .jpg .jpeg .gif "
    ".webp), sound and video (.mp3 .m4a .mp4 .webm), data (.json .yml .yaml) and archives "
    "(.zip); save it as one of these, zip it, or link to where it lives"
)
XHTML_SCRIPT = (
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
    "<script>alert(document.domain)</script></html>"
)


def test_an_editors_backup_of_a_note_is_told_it_is_one_of_that_note(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """vim's `note.md~` and Emacs's `#note.md#` beside the meeting they back up: each is told
    it is that note's backup, to delete, not a meeting file to rename (which its name taken
    would make a puzzle of merging the two)."""
    site = copy_site("minimal", tmp_path / "site")
    meetings = site / "content/meetings"
    note = meetings / "2024-03-11-third.md"
    (meetings / "2024-03-11-third.md~").write_text(note.read_text())
    (meetings / "#2024-03-11-third.md#").write_text(note.read_text())
    (meetings / "2024-01-01-gone.md~").write_text(note.read_text())
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    told = (
        "error: this is an editor's backup or autosave file{}, which is not published: delete "
        "it (and tell the editor to keep its backups elsewhere)"
    )
    assert [line for line in run.problem_lines if ": error: " in line] == [
        f"content/meetings/#2024-03-11-third.md#:1:1: {told.format(' of 2024-03-11-third.md')}",
        f"content/meetings/2024-01-01-gone.md~:1:1: {told.format('')}",
        f"content/meetings/2024-03-11-third.md~:1:1: {told.format(' of 2024-03-11-third.md')}",
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_of_a_kind_not_listed_is_refused_whatever_its_name(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """GitHub Pages serves `.xsd` and `.rng` (and many another XML kind) as XML, in which
    Chromium runs an XHTML script on the site's own origin: a kind of file not in the list
    of those a group publishes is an error at the file, naming the kinds that are, and
    nothing is published; so is a file with no extension, which a host may serve as a
    page, and an editor's backup, told as that."""
    site = copy_site("minimal", tmp_path / "site")
    files = site / "content/files"
    files.mkdir()
    for name in ("schema.xsd", "grammar.rng", "route.gpx", "formula.mml", "map.kml"):
        (files / name).write_text(XHTML_SCRIPT)
    (files / "notes").write_text("<script>alert(1)</script>\n")
    (files / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (files / "paper.txt~").write_text("an older paper\n")
    (files / "#paper.txt#").write_text("a paper being written\n")
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text() + "\nThe [schema](../files/schema.xsd).\n")
    output = tmp_path / "out"
    args = [command, "--source", str(site)]
    run = run_cli(
        args + (["--output", str(output)] if command == "build" else []), capsys, monkeypatch
    )
    assert run.code == 1
    backup = (
        "error: this is an editor's backup or autosave file, which is not published: delete "
        "it (and tell the editor to keep its backups elsewhere)"
    )
    assert _errors(run) == [
        f"content/files/#paper.txt#:1:1: {backup}",
        f"content/files/formula.mml:1:1: error: a .mml file{NOT_PUBLISHED}",
        f"content/files/grammar.rng:1:1: error: a .rng file{NOT_PUBLISHED}",
        f"content/files/map.kml:1:1: error: a .kml file{NOT_PUBLISHED}",
        "content/files/notes:1:1: error: a file with no extension is not published, as a "
        "browser could open it as a page of the site and run what it holds; the site "
        "publishes documents (.pdf .docx .doc .odt .rtf .txt), spreadsheets (.xlsx .xls .ods "
        ".csv .tsv), slides (.pptx .ppt .odp), images (.png .jpg .jpeg .gif .webp), sound and "
        "video (.mp3 .m4a .mp4 .webm), data (.json .yml .yaml) and archives (.zip): give it "
        "the extension of its kind, zip it, or link to where it lives",
        f"content/files/paper.txt~:1:1: {backup}",
        f"content/files/route.gpx:1:1: error: a .gpx file{NOT_PUBLISHED}",
        f"content/files/schema.xsd:1:1: error: a .xsd file{NOT_PUBLISHED}",
    ]
    assert not output.exists()
    assert not (site / "_site").exists()


def test_each_kind_a_group_publishes_is_published_as_it_is(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Papers, spreadsheets, slides, images, recordings, data and archives, in capitals
    too, are published byte for byte; with allow_html: true any kind is (every writer is
    trusted)."""
    site = copy_site("minimal", tmp_path / "site")
    files = site / "content/files"
    files.mkdir()
    names = [
        *("paper.pdf", "paper.docx", "paper.doc", "paper.odt", "paper.rtf", "notes.txt"),
        *("sums.xlsx", "sums.xls", "sums.ods", "sums.csv", "sums.tsv"),
        *("slides.pptx", "slides.ppt", "slides.odp"),
        *("a.png", "a.jpg", "a.jpeg", "a.gif", "a.webp", "SCAN.JPG", "Minutes.PDF"),
        *("talk.mp3", "talk.m4a", "talk.mp4", "talk.webm"),
        *("data.json", "data.yml", "data.yaml", "all.zip"),
    ]
    for name in names:
        (files / name).write_bytes(f"bytes of {name}\n".encode())
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert sorted(p.name for p in (out / "files").iterdir()) == sorted(names)
    assert all((out / "files" / n).read_bytes() == f"bytes of {n}\n".encode() for n in names)
    (files / "schema.xsd").write_text(XHTML_SCRIPT)
    (site / "site.yml").write_text((site / "site.yml").read_text() + "allow_html: true\n")
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert (out / "files/schema.xsd").read_text() == XHTML_SCRIPT


POLICY = (
    '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; '
    "script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;; style-src &#39;self&#39; "
    "&#39;unsafe-inline&#39;; img-src &#39;self&#39; https: data:; object-src &#39;none&#39;; "
    'base-uri &#39;self&#39;; form-action &#39;self&#39;">'
)


def test_every_page_refuses_inline_and_foreign_scripts_and_carries_none_itself(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Each page's Content-Security-Policy, first in its head, lets only the site's own script
    files run; the pages themselves hold no inline script, which the policy would refuse."""
    site = copy_site("minimal", tmp_path / "site")
    run = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.err
    pages = sorted((site / "_site").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text()
        head = html.split("<head>\n", 1)[1]
        assert head.startswith('<meta charset="utf-8">\n' + POLICY + "\n"), path
        assert re.findall(r"<script(?![^>]* src=)[^>]*>", html) == [], path


def test_a_file_name_that_reads_as_another_or_a_host_s_settings_is_refused(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A name with a character that reorders text ("bidi\u202etxt.exe" shows as
    "bidiexe.txt") or a line end; and `_redirects` or `_headers` at the site's root, which
    Netlify and Cloudflare Pages obey: each an error at the file, the name printed escaped,
    nothing published (and no other error at the same file). In a folder, `_redirects` is
    not a host's settings, but a file with no extension, which is not published either."""
    site = copy_site("minimal", tmp_path / "site")
    files = site / "content/files"
    files.mkdir()
    (files / "bidi\u202etxt.exe").write_bytes(b"MZ")
    (files / "two\nlines.txt").write_text("x")
    (files / "_redirects").write_text("/ https://elsewhere.example/ 302\n")
    (site / "content/_redirects").write_text("/ https://elsewhere.example/ 302\n")
    (site / "content/_headers").write_text("/*\n  Content-Security-Policy: none\n")
    output = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    assert run.code == 1
    hidden = (
        "error: the file's name holds the invisible character U+{}, which can make a name "
        "read as another; rename it with letters, digits, '-' and '.'"
    )
    host = (
        "error: {} at the site's root is a web host's own settings (its redirects or "
        "headers), which a page of the site must not set; move it into a folder, "
        "content/files/ for instance"
    )
    assert sorted(_errors(run)) == sorted(
        [
            f"content/_headers:1:1: {host.format('_headers')}",
            f"content/_redirects:1:1: {host.format('_redirects')}",
            f"content/files/bidi\\u202etxt.exe:1:1: {hidden.format('202E')}",
            f"content/files/two\\x0alines.txt:1:1: {hidden.format('000A')}",
            "content/files/_redirects:1:1: error: a file with no extension is not published, "
            "as a browser could open it as a page of the site and run what it holds; the site "
            "publishes documents (.pdf .docx .doc .odt .rtf .txt), spreadsheets (.xlsx .xls "
            ".ods .csv .tsv), slides (.pptx .ppt .odp), images (.png .jpg .jpeg .gif .webp), "
            "sound and video (.mp3 .m4a .mp4 .webm), data (.json .yml .yaml) and archives "
            "(.zip): give it the extension of its kind, zip it, or link to where it lives",
        ]
    )
    assert not output.exists()


def test_an_address_in_site_yml_holding_a_login_is_refused_without_repeating_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`https://user:password@host/` in base_url, repo_url or feedback_url would be on every
    page (a canonical link, "Edit this page", "Feed back on this"): an error that names the
    host alone, never the login."""
    site = copy_site("minimal", tmp_path / "site")
    settings_file = site / "site.yml"
    settings_file.write_text(
        settings_file.read_text().replace(
            "base_url: https://example.org/group/", "base_url: https://u:pw9@example.org/group/"
        )
        + "repo_url: https://me:s3cret@github.com/ours/site\n"
        + "feedback_url: https://tok3n@forms.example.org/f\n"
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    login = (
        "holds a user name or password before its host, which every page would publish; "
        "remove it (and change the password if it was real)"
    )
    assert run.problem_lines == [
        f"site.yml:3:11: error: base_url: the address of https://example.org {login}",
        f"site.yml:6:11: error: repo_url: the address of https://github.com {login}",
        f"site.yml:7:15: error: feedback_url: the address of https://forms.example.org {login}",
    ]
    for secret in ("pw9", "s3cret", "tok3n"):
        assert secret not in run.out + run.err


def test_files_in_the_search_index_folder_are_refused_with_search_on_or_off(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """content/pagefind/ would be published over Pagefind's index and its JavaScript."""
    from generator.content.load import SEARCH_INDEX_FOLDER
    from generator.engine.search import INDEX_FOLDER

    assert SEARCH_INDEX_FOLDER == INDEX_FOLDER  # the content stage cannot import the engine
    site = copy_site("minimal", tmp_path / "site")
    index = site / "content/pagefind"
    (index / "2026").mkdir(parents=True)
    (index / "2026/pagefind-entry.json").write_text("{}")
    (index / "shards.json").write_text('{"shards": []}')
    message = (
        "error: this file would be published in /pagefind/, the folder of the site's search "
        "index, where it could replace the index's own files; move it out of content/pagefind/, "
        "into content/files/ for instance"
    )
    settings_file = site / "site.yml"
    for search in ("true", "false"):
        settings_file.write_text(
            re.sub(r"(?m)^search: .*\n", "", settings_file.read_text()) + f"search: {search}\n"
        )
        output = tmp_path / f"out-{search}"
        run = run_cli(
            ["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch
        )
        assert run.code == 1
        assert _errors(run) == [
            f"content/pagefind/2026/pagefind-entry.json:1:1: {message}",
            f"content/pagefind/shards.json:1:1: {message}",
        ]
        assert not output.exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_symbolic_link_out_of_content_is_refused(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A link to .git/config (which in CI can hold a token) or to site.yml would publish
    it; a link to another published file of content/ is fine."""
    site = copy_site("minimal", tmp_path / "site")
    (site / ".git").mkdir()
    (site / ".git/config").write_text('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0"\n')
    files = site / "content/files"
    files.mkdir()
    (files / "notes.txt").symlink_to("../../.git/config")
    (files / "settings.txt").symlink_to("../../site.yml")
    (files / "paper.txt").write_text("a paper\n")
    (files / "same-paper.txt").symlink_to("paper.txt")
    output = tmp_path / "out"
    args = [command, "--source", str(site)]
    run = run_cli(
        args + (["--output", str(output)] if command == "build" else []), capsys, monkeypatch
    )
    assert run.code == 1
    fix = "copy the file into content/ instead of linking to it"
    assert _errors(run) == [
        "content/files/notes.txt:1:1: error: this symbolic link points to .git/config, outside "
        f"content/, so that file would be published; {fix}",
        "content/files/settings.txt:1:1: error: this symbolic link points to site.yml, outside "
        f"content/, so that file would be published; {fix}",
    ]
    assert not output.exists()
    (files / "notes.txt").unlink()
    (files / "settings.txt").unlink()
    if command == "build":
        run = run_cli([*args, "--output", str(output)], capsys, monkeypatch)
        assert run.code == 0, run.err
        assert (output / "files/same-paper.txt").read_text() == "a paper\n"


def test_a_folder_under_content_linked_elsewhere_is_refused_and_publishes_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """content/files linked to .git, or to another folder of content/: nothing is published
    through a link to a folder, and each is an error saying to copy the folder in (not a
    link to a missing file at each note that links into it)."""
    site = copy_site("minimal", tmp_path / "site")
    (site / ".git").mkdir()
    (site / ".git/config").write_text('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0"\n')
    (site / "content/papers").mkdir()
    (site / "content/papers/brief.pdf").write_bytes(b"%PDF-1.4\n")
    (site / "content/files").symlink_to("../.git", target_is_directory=True)
    (site / "content/meetings/2024-03-11-third").mkdir()
    (site / "content/meetings/2024-03-11-third/slides").symlink_to(
        "../../papers", target_is_directory=True
    )
    output = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    assert run.code == 1
    fix = "copy the folder into content/ instead of linking to it"
    assert [line for line in run.problem_lines if ": error: " in line] == [
        "content/files:1:1: error: this symbolic link points to the folder .git, and nothing is "
        f"published through a link to a folder; {fix}",
        "content/meetings/2024-03-11-third/slides:1:1: error: this symbolic link points to the "
        f"folder content/papers, and nothing is published through a link to a folder; {fix}",
    ]
    assert not output.exists()


def test_content_itself_linked_to_git_is_one_error_and_publishes_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """content/ linked to .git would publish .git/config, which in CI holds a token."""
    site = copy_site("minimal", tmp_path / "site")
    git = site / ".git"
    (site / "content").rename(git)
    (git / "config").write_text('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0"\n')
    (site / "content").symlink_to(".git", target_is_directory=True)
    output = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    assert run.code == 1
    assert _errors(run) == [
        "content:1:1: error: content/ is a symbolic link (to .git), so whatever is there would "
        "be published; make content/ a folder of its own, with the notes and files in it"
    ]
    assert "c2VjcmV0" not in run.out + run.err
    assert not output.exists()


@pytest.mark.parametrize(
    ("note", "target", "shown"),
    [
        ("content/meetings/2013-11-13-x.md", "../../.git/config", ".git/config"),
        ("content/themes/settings.md", "../../site.yml", "site.yml"),
        ("content/principles.md", "../notes/principles.md", "notes/principles.md"),
    ],
)
def test_a_note_linked_to_a_file_outside_content_is_refused_saying_so(
    note: str, target: str, shown: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """README's rule for a file under content/ holds for a note too: a link to .git/config
    or site.yml is an error saying where it points (not "no front matter"); one to another
    note of content/ is read."""
    site = copy_site("minimal", tmp_path / "site")
    (site / ".git").mkdir()
    (site / ".git/config").write_text('[http]\n\textraheader = "AUTHORIZATION: basic c2VjcmV0"\n')
    (site / "notes").mkdir()
    (site / "content/principles.md").rename(site / "notes/principles.md")
    (site / "content/principles.md").symlink_to("themes/../../notes/principles.md")
    (site / note).unlink(missing_ok=True)
    (site / note).symlink_to(target)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 1
    message = (
        f"{note}:1:1: error: this symbolic link points to {shown}, outside content/, so that "
        "file would be read as a note and published; copy the file into content/ instead of "
        "linking to it"
    )
    assert message in run.problem_lines
    assert "c2VjcmV0" not in run.out + run.err
    site = copy_site("minimal", tmp_path / "another")
    (site / "content/papers").mkdir()
    (site / "content/principles.md").rename(site / "content/papers/agreed.txt")
    (site / "content/principles.md").symlink_to("papers/agreed.txt")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0, run.problem_lines


# --- many actions left overdue over many meetings ----------------------------------------------


def _site_left_overdue(root: Path, meetings: int, actions: int) -> Path:
    """The minimal site's settings with `meetings` meetings a day apart, the first raising
    `actions` actions due the next day, which no meeting updates."""
    site = copy_site("minimal", root)
    folder = site / "content/meetings"
    for old in folder.glob("*.md"):
        old.unlink()
    raised = "".join(
        f"  - {{id: a{i:04d}, title: Action {i}, owner: Grace, due: 2001-01-{2 + i % 20:02d}}}\n"
        for i in range(actions)
    )
    first = date(2001, 1, 1).toordinal()
    for n in range(meetings):
        day = date.fromordinal(first + n)
        listed = f"actions:\n{raised}" if n == 0 else ""
        (folder / f"{day}-m{n}.md").write_text(
            f"---\ntitle: Meeting {n}\ndate: {day}\n{listed}---\nNotes.\n"
        )
    return site


def _overdue_named_seconds(site: Path) -> float:
    """The least CPU time of three namings of the actions each meeting left overdue."""
    from generator.content.crossref import overdue_after
    from generator.content.load import load_site
    from generator.make import assemble_model

    options = BuildOptions(source=site, output=site / "_site", build_date=date(2030, 1, 1))
    model = assemble_model(load_site(site), options)
    times = []
    for _ in range(3):
        started = time.process_time()
        overdue_after(model.site.meetings, model.indexes.actions, 10)
        times.append(time.process_time() - started)
    return min(times)


def test_naming_the_actions_still_overdue_takes_linear_time(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Each meeting names the first ten of the actions still overdue after it and counts the
    rest; with many left overdue over many meetings, that work grows with the meetings and
    the actions, not with their product."""
    site = _site_left_overdue(tmp_path / "site", 30, 14)
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    page = parse_html((out / "meetings/2001-01-30-m29/index.html").read_text())
    named = ", ".join(f"Action {i}" for i in range(10))  # by due date, then by id
    assert f"14 actions still overdue: {named} and 4 more" in " ".join(page.text.split())
    small = _overdue_named_seconds(_site_left_overdue(tmp_path / "small", 500, 200))
    large = _overdue_named_seconds(_site_left_overdue(tmp_path / "large", 2000, 800))
    assert large < 8 * small + 0.1, (small, large)  # 4x each: about 4x (quadratic: 16x)


# --- git's history: what a commit says, published -------------------------------------------


def _commit(site: Path, message: str, when: str, author: str = "Ada Lovelace") -> None:
    import subprocess

    people = {"GIT_AUTHOR_NAME": author, "GIT_COMMITTER_NAME": author}
    emails = {"GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_EMAIL": "ada@example.org"}
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env = {**os.environ, **people, **emails, **dates}
    for args in (["add", "."], ["commit", "-qm", message]):
        subprocess.run(["git", "-C", str(site), *args], check=True, env=env)


def test_no_address_in_git_s_history_of_the_principles_is_published(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A wording of principles.md that held an address (mended in the next commit), an author
    named by an address and a commit message naming one: the pages show none of them. The
    meeting held between the two commits gives the wording before it."""
    import subprocess

    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "history: false", "history: true")
    subprocess.run(["git", "-C", str(site), "init", "-q"], check=True)
    _commit(site, "First notes", "2024-01-10T10:00:00")
    principles = "content/principles.md"
    edit(site, principles, "Listen before you speak.", "Ask ada.lovelace@example.org first.")
    _commit(site, "Say whom to ask", "2024-01-12T10:00:00")
    edit(site, principles, "Ask ada.lovelace@example.org first.", "Listen first.")
    _commit(
        site,
        "Shorter, as grace.hopper@example.org asked",
        "2024-01-20T10:00:00",
        author="ada.lovelace@example.org",
    )
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    published = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"ada.lovelace@" not in published and b"grace.hopper@" not in published
    kick_off = parse_html((out / "meetings/2024-01-15-kick-off/index.html").read_text())
    assert "Listen before you speak (as worded then" in kick_off.text
    page = " ".join(parse_html((out / "principles/index.html").read_text()).text.split())
    assert (
        "Reworded 20 January 2024, after Kick-off: first meeting, by Ada Lovelace: “Shorter, as "
        "Grace Hopper asked” Was: Listen before you speak. Now: Listen first."
    ) in page


# --- a long chain of decisions, superseded again and again -------------------------------------


def _site_with_a_chain(root: Path, length: int) -> Path:
    """`length` meetings, each superseding the decision of the one before, then a meeting
    superseding the first decision `length` times over."""
    site = copy_site("minimal", root)
    folder = site / "content/meetings"
    for old in folder.glob("*.md"):
        old.unlink()
    first = date(2001, 1, 1).toordinal()
    for n in range(length + 1):
        day = date.fromordinal(first + n)
        if n < length:
            replaces = f", supersedes: d{n - 1}" if n else ""
            decisions = f"  - {{id: d{n}, text: Decision {n}{replaces}}}\n"
        else:
            decisions = "".join(
                f"  - {{id: e{i}, text: Again {i}, supersedes: d0}}\n" for i in range(length)
            )
        (folder / f"{day}-m{n}.md").write_text(
            f"---\ntitle: Meeting {n}\ndate: {day}\ndecisions:\n{decisions}---\nNotes.\n"
        )
    return site


def _resolving_seconds(site: Path) -> tuple[float, list[str]]:
    """The least CPU time of three resolutions of the decisions' chains, and the problems."""
    from generator.content.crossref import Elsewhere, resolve_decisions
    from generator.content.load import load_site
    from generator.content.validate import validate

    options = BuildOptions(source=site, output=site / "_site", build_date=date(2030, 1, 1))
    model, _ = validate(load_site(site), options)
    assert model is not None
    times = []
    for _ in range(3):
        started = time.process_time()
        _, problems = resolve_decisions(model.meetings, date(2030, 1, 1), Elsewhere())
        times.append(time.process_time() - started)
    return min(times), [p.message for p in problems]


def test_superseding_a_long_chain_again_and_again_takes_linear_time(tmp_path: Path) -> None:
    """Each decision superseding one already superseded is told the one in force at the end
    of its chain; the chain is walked once, not once for each."""
    small, problems = _resolving_seconds(_site_with_a_chain(tmp_path / "small", 300))
    assert len(problems) == 300
    assert problems[0] == (
        "decision 'd0' is already superseded by 'd1' in content/meetings/2001-01-02-m1.md "
        "(line 5), and that in turn by a later decision; supersede 'd299', the one in force "
        "(content/meetings/2001-10-27-m299.md, line 5), instead"
    )
    large, _ = _resolving_seconds(_site_with_a_chain(tmp_path / "large", 1200))
    assert large < 8 * small + 0.02, (small, large)  # 4x each: about 4x (quadratic: 16x)


# --- what a page shows, not only what the source spells out ------------------------------------


def test_an_address_the_page_would_show_however_it_is_spelt_stops_the_build(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Character references, a percent-encoded mailto:, a domain in another script and
    Moldova's `.md` all publish an address: each is an error where it is written, and nothing
    is published. A file name with an @, a note's `.md` and an @mention are not addresses."""
    site = copy_site("minimal", tmp_path / "site")
    (site / "content/files").mkdir()
    (site / "content/files/slides@2x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "A short third meeting.",
        "Write frank&#64;example.com or judy&commat;example.org, or [Kate](mailto:kate&#64;"
        "example.org).\n\nOr [Liam](mailto:liam%40example.org), hank@bücher.de or "
        "ivan@example.md.\n\nSee [the kick-off](2024-01-15-kick-off.md), "
        "![the slides](../files/slides@2x.png) and @jane.",
    )
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 1
    where = [line.split(": error: ")[0].rsplit(":", 2)[1:] for line in run.error_lines]
    shown = [re.search(r"address (\S+) would", line).group(1) for line in run.error_lines]
    assert list(zip(shown, where, strict=True)) == [
        ("frank@example.com", ["7", "7"]),
        ("judy@example.org", ["7", "32"]),
        ("kate@example.org", ["7", "74"]),
        ("liam@example.org", ["9", "18"]),
        ("hank@bücher.de", ["9", "39"]),
        ("ivan@example.md", ["9", "57"]),
    ]
    assert not out.exists()


def test_git_s_controls_and_addresses_in_any_script_never_reach_the_principles_page(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A commit's author holding a terminal's escape sequence, its message clearing the
    screen, and an author named by an address with a domain in another script: the page shows
    the words, without the controls or the address."""
    import subprocess

    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "history: false", "history: true")
    subprocess.run(["git", "-C", str(site), "init", "-q"], check=True)
    _commit(site, "First notes", "2024-01-10T10:00:00")
    principles = "content/principles.md"
    edit(site, principles, "Listen before you speak.", "Listen, then speak.")
    _commit(site, "Say it \x1b[2Jshorter", "2024-01-12T10:00:00", author="Eve\x1b]0;pwn\x07")
    edit(site, principles, "Listen, then speak.", "Listen first.")
    _commit(site, "Shorter still", "2024-01-20T10:00:00", author="zed@bücher.de")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    html = (out / "principles/index.html").read_text()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", html)
    assert "bücher" not in html
    page = " ".join(parse_html(html).text.split())
    assert "by Eve]0;pwn: “Say it [2Jshorter” Was: Listen before you speak. Now: Listen, " in page
    assert "by Zed: “Shorter still” Was: Listen, then speak. Now: Listen first." in page


SCHEME_ERROR = (
    "a link to a 'ms-msdt:' address is shown as text: pages and emails link only to web pages "
    "(https://), mail (mailto:) and phones (tel:), as another kind could run a script or open a "
    "program on the reader's computer; link to a web page instead, or put the address in `code` "
    "to show it"
)


@pytest.mark.parametrize("allow_html", [False, True], ids=["html-as-text", "allow-html"])
def test_a_writer_s_link_slips_are_each_told_once_where_they_are_written(
    tmp_path: Path, capsys, monkeypatch, allow_html: bool
) -> None:
    """A program's link with a space in its address is the scheme's error alone; one spelt
    with a character reference is told at its own line and column; a link to a note file
    whose name holds an @ is that note's error, not an email address's; Word's pasted tags
    are Word's markup to delete, not a link (with raw HTML allowed too)."""
    site = copy_site("minimal", tmp_path / "site")
    if allow_html:
        edit(site, "site.yml", "history: false", "history: false\nallow_html: true")
    (site / "content/meetings/2024-03-12-notes@v2.md").write_text(
        "---\ntitle: Notes\ndate: 2024-03-12\ndraft: true\n---\nNotes.\n"
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "A short third meeting.",
        "A short third meeting.\n\n"
        "Run [the check](ms-msdt:/id PCWDiagnostic now).\n\n"
        "Or [this one](&#109;s-msdt:foo).\n\n"
        "See [the notes](2024-03-12-notes@v2.md) and "
        "[again](../meetings/2024-03-12-notes@v2.md).\n\n"
        "We met in <st1:place>Leeds</st1:place>.<o:p></o:p>",
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    third = "content/meetings/2024-03-11-third.md"
    suggested = "did you mean 2024-03-12-notes-v2.md?"
    assert run.code == 1
    assert run.problem_lines == [
        MISSED_REPORT_BACK,
        f"{third}:9:17: error: {SCHEME_ERROR}",
        f"{third}:11:15: error: {SCHEME_ERROR}",
        f"{third}:13:17: error: link to a note that does not exist: 2024-03-12-notes@v2.md; "
        + suggested,
        f"{third}:13:53: error: link to a note that does not exist: "
        "../meetings/2024-03-12-notes@v2.md; " + suggested,
        f"{third}:15:11: warning: `<st1:place>`, `</st1:place>`, `<o:p>` and `</o:p>` are "
        "markup left from pasting out of Word, which the page shows as text: delete them, "
        "keeping the words between",
        "content/meetings/2024-03-12-notes@v2.md:1:1: error: meeting file name "
        "'2024-03-12-notes@v2.md' must look like YYYY-MM-DD-short-title.md; rename it "
        "2024-03-12-notes-v2.md",
    ]


def test_a_commit_whose_subject_holds_a_line_separator_keeps_its_change_in_the_history(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A commit subject (and author) holding U+2028, as a message pasted from a web page or
    a phone may: git writes it on one line of its log, and the change stays on the
    principles page, with the subject on one line, and dates the meeting's "Last edited"."""
    import subprocess

    from tests.conftest import epoch_on

    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "history: false", "history: true")
    subprocess.run(["git", "-C", str(site), "init", "-q"], check=True)
    _commit(site, "First notes", "2024-01-10T10:00:00")
    third = "content/meetings/2024-03-11-third.md"
    edit(site, third, "A short third meeting.", "A short third meeting, written up.")
    _commit(site, "Write up the third meeting", "2024-03-11T18:00:00")
    edit(site, "content/principles.md", "Listen before you speak.", "Listen, then speak.")
    edit(site, third, "written up.", "written up and corrected.")
    _commit(site, "Say it\u2028shorter", "2024-03-12T10:00:00", author="Ada\u2028Lovelace")
    out = tmp_path / "out"
    command = ["build", "--source", str(site), "--output", str(out)]
    run = run_cli(command, capsys, monkeypatch, epoch=epoch_on(date(2024, 3, 13)))
    assert run.code == 0, run.err
    html = (out / "principles/index.html").read_text()
    assert "\u2028" not in html
    page = " ".join(parse_html(html).text.split())
    assert (
        "by Ada Lovelace: “Say it shorter” Was: Listen before you speak. Now: Listen, then speak."
        in page
    )
    meeting = " ".join(
        parse_html((out / "meetings/2024-03-11-third/index.html").read_text()).text.split()
    )
    assert "Last edited 12 March 2024" in meeting
