"""markdown-it-pyrs renders bodies exactly as markdown-it-py does, or leaves them to it.

Every note of the sample site, the test sites and a synthetic bench site, the hostile
catalogue and generated Markdown are rendered both ways; the fragments (HTML, the feed's HTML,
first paragraph, problems, recorded links and their positions) must be identical; and whole
sites built with and without the accelerator must be identical byte for byte.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build as build_site
from generator.cli import build_options, make_parser
from generator.content.load import Kind, LoadError, split_front_matter
from generator.site import markup
from generator.site.markup import Fragment, Markup
from tests.conftest import BUILD_EPOCH, REPO, SITES, copy_site, snapshot, synthetic_site
from tests.test_hostile_input import ATTACKS, PATHOLOGICAL

pytest.importorskip(
    "markdown_it_pyrs",
    reason="markdown-it-pyrs is not installed: pip install 'nominutes[fast]' (or '.[dev]')",
)


class Note:
    def __init__(self, path: str, body: str, body_line: int) -> None:
        self.path, self.body, self.body_line = path, body, body_line

    @property
    def page_url(self) -> str:
        return page_url(self.path)


def page_url(path: str) -> str:
    """Where a note is published (as the site does: meetings/x/, themes/x/, principles/)."""
    stem = path.removeprefix("content/").removesuffix(".md")
    return f"{stem}/"


def notes_in(root: Path) -> Iterator[Note]:
    """Each Markdown file's body under `root`, as the loader splits it (the whole file when its
    front matter is broken)."""
    for file in sorted(root.rglob("*.md")):
        if not file.is_file():
            continue
        relative = file.relative_to(root).as_posix()
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        try:
            doc = split_front_matter(relative, Kind.MEETING, text)
            yield Note(relative, doc.body, doc.body_line)
        except LoadError:
            yield Note(relative, text, 1)


def site_roots() -> list[Path]:
    roots = [REPO, *sorted(p for p in SITES.glob("*") if (p / "content").is_dir())]
    roots += sorted(p for p in (SITES / "errors").glob("*") if p.is_dir())
    return roots


def render_both(
    note: Note, note_urls: dict[str, str], *, allow_html: bool
) -> tuple[Fragment, Fragment | None]:
    """markdown-it-py's fragment, and the accelerator's (None when it leaves the note)."""
    reference = Markup(allow_html=allow_html, accelerated=False)
    fast = Markup(allow_html=allow_html)
    arguments = dict(
        source_path=note.path,
        body_line=note.body_line,
        page_url=note.page_url,
        note_urls=note_urls,
        for_feeds=note.path.startswith("content/meetings/"),
    )
    expected = reference.render(note.body, **arguments)
    accelerator = fast._accelerator
    assert accelerator is not None
    got = accelerator.render(
        note.body,
        note.body.split("\n"),
        note.path,
        note.body_line,
        note.page_url,
        note_urls,
        arguments["for_feeds"],
        {},
    )
    assert fast.render(note.body, **arguments) == expected  # either way, the same fragment
    return expected, got


def compare(notes: list[Note], *, allow_html: bool) -> tuple[int, list[str]]:
    """How many notes the accelerator rendered; each must equal markdown-it-py's fragment."""
    note_urls = {note.path: note.page_url for note in notes if note.path.startswith("content/")}
    accelerated = 0
    left = []
    for note in notes:
        expected, got = render_both(note, note_urls, allow_html=allow_html)
        if got is None:
            left.append(note.path)
            continue
        accelerated += 1
        assert got == expected, note.path
    return accelerated, left


@pytest.mark.parametrize("allow_html", [False, True])
def test_sample_and_test_sites_render_identically(allow_html: bool) -> None:
    total = accelerated = 0
    for root in site_roots():
        notes = list(notes_in(root / "content")) if root == REPO else list(notes_in(root))
        done, _ = compare(notes, allow_html=allow_html)
        total += len(notes)
        accelerated += done
    assert total > 100
    # a few notes use footnotes, raw HTML or other constructs left to markdown-it-py
    assert accelerated > total // 2, (accelerated, total)


@pytest.mark.slow
def test_sites_built_with_and_without_the_accelerator_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    sample = tmp_path / "sample"
    shutil.copytree(REPO / "content", sample / "content")
    shutil.copy(REPO / "site.yml", sample / "site.yml")
    sites = [sample, copy_site("minimal", tmp_path / "minimal")]
    sites.append(synthetic_site(tmp_path / "bench", 60))
    for site in sites:
        outputs = []
        for accelerated in (True, False):
            with monkeypatch.context() as patched:
                if not accelerated:
                    patched.setattr(markup, "load_accelerator", lambda **_: None)
                out = tmp_path / f"{site.name}-{accelerated}"
                arguments = ["build", "--no-cache", "--source", str(site), "--output", str(out)]
                args = make_parser().parse_args(arguments)
                build_site(build_options(args, args.output))
            outputs.append(snapshot(out))
        fast, reference = outputs
        assert len(fast) > 20
        assert fast == reference, site.name


def test_the_bench_site_renders_identically_and_every_meeting_is_accelerated(
    tmp_path: Path,
) -> None:
    site = synthetic_site(tmp_path / "site", 300)
    notes = list(notes_in(site))
    accelerated, left = compare(notes, allow_html=False)
    assert len(notes) == 300 + 40 + 1
    assert left == []
    assert accelerated == len(notes)


@pytest.mark.parametrize("text", ATTACKS)
@pytest.mark.parametrize("allow_html", [False, True])
def test_attacks_render_identically(text: str, allow_html: bool) -> None:
    render_both(Note("content/meetings/x.md", text, 5), {}, allow_html=allow_html)


@pytest.mark.parametrize("name, text", PATHOLOGICAL)
def test_pathological_input_renders_identically(name: str, text: str) -> None:
    expected, got = render_both(Note("content/meetings/x.md", text, 5), {}, allow_html=False)
    assert got is None or got == expected, name


# Found by the generated tests below: a code span over a line break, spaces around it;
# an address ending in '::'.
FOUND = ["`  \n`", "text `a  \n  b` more\n", "``  \n``\n", "x [a](a:::)", "[b](a:b::)\n"]


@pytest.mark.parametrize("text", FOUND)
def test_what_the_generated_tests_found_renders_identically(text: str) -> None:
    render_both(Note("content/meetings/x.md", text, 5), {}, allow_html=False)


# Bare addresses, which markdown-it-py makes links of (as GitHub's preview does) and
# markdown-it.rs leaves as text: the accelerator leaves such a body to markdown-it-py, and
# renders one whose addresses are all in links or code.
BARE = [
    ("See https://www.gov.wales/a/b.pdf, then", False),
    ("www.example.org/guide", False),
    ("HTTP://EXAMPLE.ORG", False),
    ("[x](https://a.org) and https://b.org", False),
    ("- item\n  > quoted https://a.org/x", False),
    ("| a | b |\n|---|---|\n| https://a.org | x |\n", False),
    ("# Heading https://a.org\n", False),
    ("[x](https://a.org/y) and `https://b.org`", True),
    ("<https://c.org> and [y](https://d.org)", True),
    ("![alt](https://a.org/i.png) notes.md x@y", True),
    ("```\nhttps://a.org\n```\n", True),
]


@pytest.mark.parametrize(("text", "accelerated"), BARE)
def test_bare_addresses_render_identically_as_links(text: str, accelerated: bool) -> None:
    expected, got = render_both(Note("content/meetings/x.md", text, 5), {}, allow_html=False)
    assert (got is not None) == accelerated
    assert got is None or got == expected
    # each bare address a link, besides those written as links
    assert accelerated or expected.html.count("<a href") > text.count("](")


TWO_POLLS = (
    "First poll:\n\n| Option | Votes |\n| --- | --- |\n| A | 3 |\n\n"
    "Second poll:\n\n| Option |  Votes |\n| --- | --- |\n| B | 4 |\n\n"
    "| Other | Thing |\n| --- | --- |\n| x | y |\n"
)


def test_a_notes_tables_of_the_same_columns_have_regions_named_apart_either_way() -> None:
    """A reader moving by landmarks tells two polls with the same columns apart: the second
    one's region is numbered, by markdown-it-py and markdown-it.rs alike."""
    expected, got = render_both(Note("content/meetings/x.md", TWO_POLLS, 5), {}, allow_html=False)
    assert got == expected
    assert re.findall(r'role="region" aria-label="([^"]*)"', expected.html) == [
        "Table: Option, Votes",
        "Table: Option, Votes (2)",
        "Table: Other, Thing",
    ]


NAMED_TABLES = (
    "Table: Votes on the *three* options\n| Option | Votes |\n| --- | --- |\n| A | 3 |\n\n"
    "Table: Second poll\n\n| Option | Votes |\n| --- | --- |\n| B | 4 |\n\n"
    "A paragraph.\n\n| Other | Thing |\n| --- | --- |\n| x | y |\n\n"
    "Table:\n\n| Bare | Name |\n| --- | --- |\n| z | w |\n"
)


def test_a_table_the_writer_names_in_a_paragraph_before_it_is_captioned_either_way() -> None:
    """A paragraph "Table: …" just before a table (with or without a blank line between)
    becomes the table's caption, which names it for a screen reader (its region keeps its
    name, the table's columns);
    a table after another paragraph, or after "Table:" alone, is as it was. markdown-it-py
    and markdown-it.rs alike, and the feed's HTML the same."""
    note = Note("content/meetings/x.md", NAMED_TABLES, 5)
    expected, got = render_both(note, {}, allow_html=False)  # a meeting's: with its feed
    assert got == expected
    html = expected.html
    assert re.findall(r"<table>\n(?:<caption>(.*?)</caption>\n)?<thead>", html) == [
        "Votes on the <em>three</em> options",
        "Second poll",
        "",
        "",
    ]
    assert re.findall(r'role="region" aria-label="([^"]*)"', html) == [
        "Table: Option, Votes",
        "Table: Option, Votes (2)",
        "Table: Other, Thing",
        "Table: Bare, Name",
    ]
    assert "<p>Table: " not in html and "<p>A paragraph.</p>" in html and "<p>Table:</p>" in html
    assert "<caption>Second poll</caption>" in expected.feed_template


CONSTRUCTS = [
    "# Title\n",
    "## Same\n",
    "### `code` & <x>\n",
    "Setext\n===\n",
    "text ",
    "*em* ",
    "**strong** ",
    "~~gone~~ ",
    "`code` ",
    "[note](other.md) ",
    "[anchor](other.md#h-x) ",
    "[here](#h-same) ",
    "[file](report.pdf) ",
    "[page](../../actions/) ",
    "[root](/meetings/) ",
    "[web](https://example.org/a?b=1&c=2) ",
    "[missing](gone.md) ",
    "<https://example.org> ",
    "![chart](chart.png) ",
    "![](blank.png) ",
    "![ ](space.png) ",
    "[![logo](logo.png)](https://example.org) ",
    "[ref][r] ",
    "\n\n[r]: other.md 'Title'\n\n",
    "\n",
    "\n\n",
    "  \n",
    "\\\n",
    "- item ",
    "\n- ",
    "\n  - nested ",
    "1. first ",
    "\n2. second ",
    "> quote ",
    "\n> ",
    "\n\n```\nfenced [x](y)\n```\n\n",
    "\n\n    indented\n\n",
    "\n\n| a | b |\n|---|:-:|\n| [c](other.md) | d |\n\n",
    "\n\n---\n\n",
    "&amp; &copy; ",
    "\\* \\[ ",
    "é ü ",
    "\t",
    "[",
    "]",
    "(",
    ")",
    "*",
    "_",
    "<",
    ">",
    "!",
    "#",
    "|",
    "-",
    "`",
    '"',
]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CONSTRUCTS), max_size=30).map("".join))
def test_generated_markdown_renders_identically(text: str) -> None:
    notes = {"content/meetings/other.md": "meetings/other/"}
    for allow_html in (False, True):
        expected, got = render_both(
            Note("content/meetings/x.md", text, 7), notes, allow_html=allow_html
        )
        assert got is None or got == expected


LINES = [
    "# Heading [a](other.md)",
    "## Same",
    "## Same `x`",
    "### *Em* and **strong** ~~s~~",
    "#### [x](#h-same)",
    "Para with [a](other.md) and [b](other.md#h-same) and ![c](c.png).",
    "Second line [d](report.pdf)  ",
    'lazy [e](https://x.org/é?a=1&b=2 "t")',
    "- item [a](other.md)",
    "- item two ![](x.png)",
    "  - nested [b](../themes/t.md)",
    "    - deeper [c](other.md)",
    "1. one [x](y/)",
    "2. two",
    "   continued [z](/root/)",
    "> quote [q](other.md)",
    "> > deeper [r](r.md)",
    "> - in quote",
    "",
    "",
    "```",
    "code [no](link)",
    "    indented",
    "| a | [b](other.md) |",
    "|---|---|",
    "| `c` | ![d](e.png) |",
    "Setext",
    "======",
    "---",
    "[ref]: other.md#h-x",
    "Use [ref] and [text][ref].",
    "* star [s](s.md)",
    "\t- tab item [t](../themes/t.md)",
    "- ```",
    "  fenced in item",
    "  ```",
    "- [![img](i.png)](other.md)",
    "**bold [link](other.md)**",
    "<https://auto.example/x>",
    "<mail@example.org>",
    'text & more < > "quoted"',
    "[a](<with space.md>)",
    "[a](%C3%A9.md)",
    "[dup](other.md) [dup](other.md)",
    "![ ](sp.png)",
    "![![x](y.png)](z.png)",
    "`a` [b](c) `d`",
    "## a ![i](i.png) b",
    "### Heading ##",
    "5) five",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=20).map("\n".join), st.booleans())
def test_generated_documents_render_identically(text: str, allow_html: bool) -> None:
    notes = {"content/meetings/other.md": "meetings/other/", "content/themes/t.md": "themes/t/"}
    expected, got = render_both(
        Note("content/meetings/x.md", text, 7), notes, allow_html=allow_html
    )
    assert got is None or got == expected


URL_PARTS = [*"abc.md/#?=&% ü'\"()<>[]\\`*_:@+-", "%41", "%C3%BC", "..", "../", "xn--"]
URL_PARTS += ["http://", "HTTPS://", "mailto:", "www.", "ü.de", "&amp;", "\\(", "\\\\"]
LINK_FORMS = [
    "[{label}]({url})",
    "![{label}]({url})",
    "[{label}](<{url}>)",
    '[{label}]({url} "t")',
    "<{url}>",
    "[{label}][r]\n\n[r]: {url}",
    "## [{label}]({url})\n",
    "- [{label}]({url})\n  - x",
    "| a |\n|---|\n| [{label}]({url}) |",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(URL_PARTS), max_size=8).map("".join),
    st.sampled_from(["a", "", " ", "*b*", "`c`", "![i](j)"]),
    st.sampled_from(LINK_FORMS),
    st.sampled_from(["", "\n", " y"]),
)
def test_generated_links_render_identically(url: str, label: str, form: str, end: str) -> None:
    text = "x " + form.format(label=label, url=url) + end
    notes = {"content/meetings/other.md": "meetings/other/", "content/b.md": "b/"}
    for allow_html in (False, True):
        expected, got = render_both(
            Note("content/meetings/x.md", text, 7), notes, allow_html=allow_html
        )
        assert got is None or got == expected
