"""Papers, slides and images published beside the notes, and every kind of link a note can
hold, built under a sub-path as GitHub Pages serves a project site."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pytest

from generator.site import linkcheck, markup
from tests.conftest import REPO, STRICT_NOTE, run_cli, synthetic_site

SUB_PATH = "https://example.org/group/solar/"
PDF = b"%PDF-1.4\n% a small paper\n"
PNG = b"\x89PNG\r\n\x1a\n a small chart"
NOTE = "content/meetings/2024-03-11-third.md"


@pytest.fixture
def site_with_files(minimal_site: Path) -> Path:
    (minimal_site / "content/files").mkdir()
    (minimal_site / "content/files/survey.pdf").write_bytes(PDF)
    (minimal_site / "content/meetings/2024-03-11-third").mkdir()
    (minimal_site / "content/meetings/2024-03-11-third/roofs.png").write_bytes(PNG)
    (minimal_site / "content/.hidden-notes.txt").write_text("not published")
    # 'write-guidance' falls due after the third meeting, so its report-back is not missed here
    kick_off = minimal_site / "content/meetings/2024-01-15-kick-off.md"
    kick_off.write_text(kick_off.read_text().replace("due: 2024-03-01", "due: 2024-04-01"))
    note = minimal_site / NOTE
    note.write_text(
        note.read_text()
        + "\nThe [roof survey](../files/survey.pdf) and the chart:\n\n"
        + "![Roofs by size](2024-03-11-third/roofs.png)\n\n"
        + "The [tracker](../../actions/) and [kick-off](2024-01-15-kick-off.md).\n"
    )
    return minimal_site


def _build(site: Path, capsys, monkeypatch, *extra: str):  # type: ignore[no-untyped-def]
    args = ["build", "--source", str(site), "--base-url", SUB_PATH, *extra]
    return run_cli(args, capsys, monkeypatch)


def with_engine(monkeypatch: pytest.MonkeyPatch, accelerated: bool) -> None:
    """Render with markdown-it-pyrs where it renders alike (`accelerated`), else without."""
    if not accelerated:
        monkeypatch.setattr(markup, "load_accelerator", lambda **_: None)


def problems_then_page(  # type: ignore[no-untyped-def]
    site: Path, capsys, monkeypatch, slipped: str, mended: str
) -> tuple[list[str], str]:
    """The third meeting's text with `slipped` after it, built from nothing with `--strict`,
    which stops: its problem lines (each a warning that --strict makes an error, which its
    line says, left off here); then with `mended` after it instead, which builds: the
    meeting's page."""
    note = site / NOTE
    text = note.read_text()
    note.write_text(text + slipped)
    run = _build(site, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 1, run.err
    assert all(line.endswith(STRICT_NOTE) for line in run.problem_lines), run.problem_lines
    problems = [line.removesuffix(STRICT_NOTE) for line in run.problem_lines]
    note.write_text(text + mended)
    run = _build(site, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    return problems, (site / "_site/meetings/2024-03-11-third/index.html").read_text()


def test_files_are_published_at_their_path_and_linked_under_a_sub_path(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    run = _build(site_with_files, capsys, monkeypatch, "--strict")
    assert run.code == 0, run.err
    out = site_with_files / "_site"
    assert (out / "files/survey.pdf").read_bytes() == PDF
    assert (out / "meetings/2024-03-11-third/roofs.png").read_bytes() == PNG
    assert not (out / ".hidden-notes.txt").exists()
    page_url = SUB_PATH + "meetings/2024-03-11-third/"
    html = (out / "meetings/2024-03-11-third/index.html").read_text()
    page = html5lib.parse(html, namespaceHTMLElements=False)
    hrefs = {a.text: a.get("href") for a in page.iter("a") if a.text}
    assert hrefs["roof survey"] == "../../files/survey.pdf"
    assert urljoin(page_url, hrefs["roof survey"]) == SUB_PATH + "files/survey.pdf"
    assert urljoin(page_url, hrefs["tracker"]) == SUB_PATH + "actions/"
    assert urljoin(page_url, hrefs["kick-off"]) == SUB_PATH + "meetings/2024-01-15-kick-off/"
    [image] = [img for img in page.iter("img") if img.get("alt") == "Roofs by size"]
    assert image.get("src") == "roofs.png"
    assert urljoin(page_url, image.get("src")) == page_url + "roofs.png"
    # The feed carries the same links, absolute from the sub-path.
    feed = (out / "feed.xml").read_text()
    assert f"{SUB_PATH}files/survey.pdf" in feed
    assert f"{SUB_PATH}meetings/2024-03-11-third/roofs.png" in feed


def test_a_file_named_with_spaces_is_linked_as_a_browser_reads_it(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    """A file uploaded as "Group photo.png" (GitHub keeps the name): written without angle
    brackets, the link is text on the page, so it is an error at the link with the fixes;
    written with them, or with each space as %20, the page links the file with its space or
    '%' escaped. Prose in brackets and code are left alone."""
    files = site_with_files / "content/files"
    for name in ("Group photo.png", "100% agreed.pdf"):
        (files / name).write_bytes(PNG if name.endswith(".png") else PDF)
    note = site_with_files / NOTE
    text = note.read_text()
    note.write_text(
        text
        + "\n![Group photo](../files/Group photo.png) and [draft](not yet agreed).\n\n"
        + "`[code](../files/a b.pdf)`\n\n[the vote](../files/100% agreed.pdf)\n"
    )
    run = _build(site_with_files, capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        f"{NOTE}:15:1: error: this link's address has a space in it, so the page shows it as "
        "text: put the address in angle brackets, ![Group photo](<../files/Group photo.png>), "
        "or write each space as %20, ![Group photo](../files/Group%20photo.png), or rename the "
        "file without spaces",
        # %20 beside the name's own '%' would mislead: the brackets, or a new name
        f"{NOTE}:19:1: error: this link's address has a space in it, so the page shows it as "
        "text: put the address in angle brackets, [the vote](<../files/100% agreed.pdf>), or "
        "rename the file without spaces",
    ]
    note.write_text(
        text
        + "\n![Group photo](<../files/Group photo.png>) and "
        + "[the vote](<../files/100% agreed.pdf>) and "
        + "[the photo](../files/Group%20photo.png).\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--strict")
    assert run.code == 0, run.err
    out = site_with_files / "_site"
    page = html5lib.parse(
        (out / "meetings/2024-03-11-third/index.html").read_text(), namespaceHTMLElements=False
    )
    [image] = [img for img in page.iter("img") if img.get("alt") == "Group photo"]
    assert image.get("src") == "../../files/Group%20photo.png"
    [photo] = [a for a in page.iter("a") if a.text == "the photo"]
    assert photo.get("href") == "../../files/Group%20photo.png"
    [vote] = [a for a in page.iter("a") if a.text == "the vote"]
    assert vote.get("href") == "../../files/100%25%20agreed.pdf"
    page_url = SUB_PATH + "meetings/2024-03-11-third/"
    assert urljoin(page_url, vote.get("href")) == SUB_PATH + "files/100%25%20agreed.pdf"
    assert (out / "files/100% agreed.pdf").read_bytes() == PDF
    assert "files/Group%20photo.png" in (out / "feed.xml").read_text()


def test_a_file_named_with_spaces_is_suggested_as_a_link_can_be_written(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    """A file uploaded as "Group photo.png", linked by a name a letter off or from the site's
    root: the name suggested is written as a link to it can be (in angle brackets, '#' as
    %23), so that pasted between the link's brackets it builds, and links the file."""
    for name in ("Group photo.png", "notes#2.pdf"):
        (site_with_files / "content/files" / name).write_bytes(PNG)
    note = site_with_files / NOTE
    text = note.read_text()
    note.write_text(
        text
        + "\n[a](<../files/Group foto.png>), ![b](../files/group%20photo.png), "
        + "[c](/files/Group%20photo.png), [d](../files/notes%233.pdf)\n"
    )
    run = _build(site_with_files, capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        f"{NOTE}:15:6: error: link to a file that does not exist: ../files/Group%20foto.png "
        "(no content/files/Group foto.png); did you mean <../files/Group photo.png>?",
        f"{NOTE}:15:38: error: link to a file that does not exist: ../files/group%20photo.png "
        "(no content/files/group photo.png); did you mean <../files/Group photo.png>?",
        f"{NOTE}:15:71: warning: link /files/Group%20photo.png starts at the site's root, so "
        "it breaks when the site is published under a sub-path (as GitHub Pages project sites "
        "are); link the file by its path from this note: <../files/Group photo.png>",
        f"{NOTE}:15:102: error: link to a file that does not exist: ../files/notes%233.pdf "
        "(no content/files/notes#3.pdf); did you mean ../files/notes%232.pdf?",
    ]
    # Each pasted as suggested links the file.
    note.write_text(text + "\n[a](<../files/Group photo.png>), [d](../files/notes%232.pdf)\n")
    run = _build(site_with_files, capsys, monkeypatch, "--strict")
    assert run.code == 0, run.err
    page = html5lib.parse(
        (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text(),
        namespaceHTMLElements=False,
    )
    hrefs = {a.text: a.get("href") for a in page.iter("a")}
    assert hrefs["a"] == "../../files/Group%20photo.png"
    assert hrefs["d"] == "../../files/notes%232.pdf"


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_web_address_or_emphasised_text_with_a_space_is_the_same_error(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A web address with a space in it (whose start alone the page makes a link of, the
    rest and the brackets text) and a link whose text is in emphasis are left as text like
    any other spaced link: the same error where each is written, with either engine; a web
    address's other fix is %20 (its file's name is not the writer's), and one written from
    `www.` is fixed with the scheme a link to it needs."""
    if not accelerated:
        monkeypatch.setattr(markup, "load_accelerator", lambda **_: None)
    note = site_with_files / NOTE
    text = note.read_text()
    note.write_text(
        text
        + "\nSee [report](https://example.org/a b) and [the plan](www.example.org/p q).\n\n"
        + "And [*x*](a b.png), [**y**](a b.png) too.\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache")
    assert run.code == 1
    spaced = "this link's address has a space in it, so the page shows it as text: "
    assert run.problem_lines == [
        f"{NOTE}:15:5: error: {spaced}put the address in angle brackets, "
        "[report](<https://example.org/a b>), or write each space as %20, "
        "[report](https://example.org/a%20b)",
        f"{NOTE}:15:43: error: {spaced}put the address in angle brackets, "
        "[the plan](<https://www.example.org/p q>), or write each space as %20, "
        "[the plan](https://www.example.org/p%20q)",
        f"{NOTE}:17:5: error: {spaced}put the address in angle brackets, [*x*](<a b.png>), "
        "or write each space as %20, [*x*](a%20b.png), or rename the file without spaces",
        f"{NOTE}:17:21: error: {spaced}put the address in angle brackets, "
        "[**y**](<a b.png>), or write each space as %20, [**y**](a%20b.png), or rename the "
        "file without spaces",
    ]
    # Either fix is a link to the address, with its space escaped.
    (site_with_files / "content/meetings/2024-03-11-third/a b.png").write_bytes(PNG)
    note.write_text(
        text
        + "\nSee [report](<https://example.org/a b>) and [the plan](https://www.example.org/p%20q)."
        + "\n\nAnd [*x*](<2024-03-11-third/a b.png>).\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    page = html5lib.parse(
        (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text(),
        namespaceHTMLElements=False,
    )
    hrefs = {"".join(a.itertext()): a.get("href") for a in page.iter("a")}
    assert hrefs["report"] == "https://example.org/a%20b"
    assert hrefs["the plan"] == "https://www.example.org/p%20q"
    assert hrefs["x"] == "a%20b.png"


@pytest.mark.parametrize("accelerated", [True, False])
def test_an_address_with_a_space_and_emphasis_in_it_is_the_same_error(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A file named `a *b* c.pdf`: the page shows its address as text with 'b' in italics,
    `a b c.pdf`, which is not what was written. It was let through with no error; it is the
    spaced link's error at the link, with the address as written in the fixes, and either
    fix links the file."""
    if not accelerated:
        monkeypatch.setattr(markup, "load_accelerator", lambda **_: None)
    files = site_with_files / "content/files"
    (files / "a *b* c.pdf").write_bytes(PDF)
    (files / "my _best_ photo.png").write_bytes(PNG)
    note = site_with_files / NOTE
    text = note.read_text()
    note.write_text(
        text + "\n[Paper](../files/a *b* c.pdf) and ![Us](../files/my _best_ photo.png).\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache")
    assert run.code == 1
    spaced = "this link's address has a space in it, so the page shows it as text: "
    assert run.problem_lines == [
        f"{NOTE}:15:1: error: {spaced}put the address in angle brackets, "
        "[Paper](<../files/a *b* c.pdf>), or write each space as %20, "
        "[Paper](../files/a%20*b*%20c.pdf)",
        f"{NOTE}:15:35: error: {spaced}put the address in angle brackets, "
        "![Us](<../files/my _best_ photo.png>), or write each space as %20, "
        "![Us](../files/my%20_best_%20photo.png)",
    ]
    note.write_text(
        text + "\n[Paper](<../files/a *b* c.pdf>) and ![Us](../files/my%20_best_%20photo.png).\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    page = html5lib.parse(
        (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text(),
        namespaceHTMLElements=False,
    )
    hrefs = {"".join(a.itertext()): a.get("href") for a in page.iter("a")}
    assert unquote(hrefs["Paper"]) == "../../files/a *b* c.pdf"
    [image] = [img for img in page.iter("img") if img.get("alt") == "Us"]
    assert unquote(image.get("src")) == "../../files/my _best_ photo.png"


def test_a_file_removed_is_an_error_at_the_link_even_from_the_cache(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    assert _build(site_with_files, capsys, monkeypatch).code == 0
    before = (site_with_files / "_site/index.html").read_bytes()
    (site_with_files / "content/files/survey.pdf").unlink()
    run = _build(site_with_files, capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        f"{NOTE}:9:19: error: link to a file that does not exist: ../files/survey.pdf "
        "(no content/files/survey.pdf)"
    ]
    assert (site_with_files / "_site/index.html").read_bytes() == before
    assert (site_with_files / "_site/files/survey.pdf").read_bytes() == PDF  # left as it was


def test_a_link_to_a_hidden_file_says_it_is_not_published_and_to_rename_it(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    """A file whose name, or a folder's it is in, starts with a dot is there but never
    published: the link's error says so, not that the file does not exist."""
    (site_with_files / "content/files/.draft.pdf").write_bytes(PDF)
    (site_with_files / "content/meetings/..pdf").write_bytes(PDF)
    (site_with_files / "content/.private").mkdir()
    (site_with_files / "content/.private/paper.pdf").write_bytes(PDF)
    note = site_with_files / NOTE
    note.write_text(
        note.read_text()
        + "\n[Draft](../files/.draft.pdf), [two dots](..pdf), [private](../.private/paper.pdf)\n"
    )
    run = run_cli(["check", "--source", str(site_with_files)], capsys, monkeypatch)
    assert run.code == 1
    not_published = "files whose names start with a dot are never published; rename"
    assert run.problem_lines == [
        f"{NOTE}:15:9: error: link to a file that is not published: ../files/.draft.pdf "
        f"({not_published} content/files/.draft.pdf so that its name does not start with one, "
        "and link to the new name)",
        f"{NOTE}:15:42: error: link to a file that is not published: ..pdf ({not_published} "
        "content/meetings/..pdf so that its name does not start with one, and link to the new "
        "name)",
        f"{NOTE}:15:60: error: link to a file that is not published: ../.private/paper.pdf "
        "(files in a folder whose name starts with a dot are never published; rename "
        "content/.private/ so that its name does not start with one, and link to the new name)",
    ]


def test_an_image_without_alt_text_is_a_warning(site_with_files: Path, capsys, monkeypatch):
    note = site_with_files / NOTE
    note.write_text(note.read_text().replace("![Roofs by size]", "![ ]"))
    run = _build(site_with_files, capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        f"{NOTE}:11:6: warning: image 2024-03-11-third/roofs.png has no alt text: say what it "
        "shows between the brackets, ![like this](...), for readers who cannot see it"
    ]
    assert _build(site_with_files, capsys, monkeypatch, "--strict").code == 1


def test_a_link_from_the_root_is_a_warning_that_names_the_file_to_link(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    note = site_with_files / NOTE
    note.write_text(
        note.read_text()
        + "\nSee [the kick-off](/meetings/2024-01-15-kick-off/) and "
        + "[the survey](/files/survey.pdf)."
    )
    run = _build(site_with_files, capsys, monkeypatch)
    assert run.code == 0
    assert run.problem_lines == [
        f"{NOTE}:15:20: warning: link /meetings/2024-01-15-kick-off/ starts at the site's root, "
        "so it breaks when the site is published under a sub-path (as GitHub Pages project "
        "sites are); link the note by its file: 2024-01-15-kick-off.md",
        f"{NOTE}:15:69: warning: link /files/survey.pdf starts at the site's root, so it breaks "
        "when the site is published under a sub-path (as GitHub Pages project sites are); link "
        "the file by its path from this note: ../files/survey.pdf",
    ]
    check = run_cli(["check", "--source", str(site_with_files)], capsys, monkeypatch)
    assert check.problem_lines == run.problem_lines


# --- check: every link and #anchor in the rendered pages -------------------------------------


def test_the_page_scan_reads_every_page_as_the_standard_parser_does(
    built_sample: Path, built_minimal: Path
) -> None:
    parser = linkcheck.page_parser()
    pages = {page: page.read_bytes() for page in built_sample.rglob("*.html")}
    pages.update((page, page.read_bytes()) for page in built_minimal.rglob("*.html"))
    assert len(pages) > 80
    # And HTML as a site theme might write it.
    for number, written in enumerate(TRICKY):
        pages[Path(f"tricky-{number}")] = (
            f"<!doctype html><html><body>{written}</body></html>".encode()
        )
    for page, data in pages.items():
        standard = linkcheck.StandardScan()
        standard.feed(data.decode("utf-8"))
        scan = linkcheck._scan(data, parser)
        assert (scan.links, scan.ids) == (standard.links, standard.ids), page
    assert (linkcheck._scan(b"", parser).links, linkcheck._scan(b" ", parser).ids) == ([], set())


def test_a_page_too_deep_or_too_long_for_libxml2_is_still_read_whole() -> None:
    """libxml2 stops reading a page nested over 2,048 deep (a note's raw HTML could be), and
    by default at a text of 10 MB: every link is still found, before and after."""
    parser = linkcheck.page_parser()
    for middle in (
        b"<div>" * 3000 + b'<a href="in/" id="in">i</a>' + b"</div>" * 3000,
        b"<p>" + b"word " * 2_500_000 + b'</p><a href="in/" id="in">i</a>',
    ):
        page = b'<html><body><a href="before/">b</a>' + middle + b'<a href="after/">a</a>'
        scan = linkcheck._scan(page + b"</body></html>", parser)
        assert (scan.links, scan.ids) == (["before/", "in/", "after/"], {"in"})


def _target_as_it_was(page: str, link: str) -> tuple[str, str] | None:
    """Where a link leads, as the check worked it out link by link: the reference."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("/"):
        return None
    if not parts.path:
        return page, parts.fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or joined == ".":
        joined = "index.html" if joined == "." else f"{joined}/index.html"
    return joined, parts.fragment


def test_each_link_leads_where_it_did_when_worked_out_link_by_link(built_sample: Path) -> None:
    """Links are read once for every page they are on: each still leads to the same file
    (or out of the site), from pages at every depth."""
    parser = linkcheck.page_parser()
    links = {
        "",
        "#top",
        "./",
        ".",
        "..",
        "../",
        "../..",
        "../../../../../x/",
        "a/./b/../c",
        "x/../../y/",
        "%2Fetc/",
        "a%20b.pdf#p",
        "../?q=1#f",
        "https://example.org/",
        "//example.org/x",
        "/rooted/",
        "mailto:a@example.org",
        "?q",
        "../x/..",
        "./#h",
    }
    for page in built_sample.rglob("*.html"):
        links.update(linkcheck._scan(page.read_bytes(), parser).links)
    pages = ["index.html", "404.html", "meetings/x/index.html", "a/b/c/d/index.html", "p.html"]
    for page in pages:
        for link in sorted(links):
            way = linkcheck._way(link)
            if way is None or isinstance(way, str):
                now = way if way is None else (page, way)
            else:
                now = (linkcheck._target(page.split("/")[:-1], way), way.fragment)
            before = _target_as_it_was(page, link)
            if before is not None and before[0].startswith(".."):
                before = ("..", before[1])  # out of the site, which is all the check asks
            assert now == before, (page, link)


TRICKY = [
    "<A HREF='../x/' ID=Top>x</A><IMG SRC=../a.png alt=''>",
    '<a href="?q=1&amp;r=2#h-caf&eacute;">a</a><a name="old">b</a><a href="">empty</a>',
    '<!-- <a href="../commented/"> --><script>var s = "<a href=../scripted/>";</script>',
    '<style>a[href="x"] { color: red }</style><script src="../s.js"></script>',
    '<svg><title id="chart-title">t</title><a href="#chart-title">c</a></svg>',
    '<p id="">no id</p><link rel="icon" href="../icon.svg"><picture><source src="v.webm">',
    '<table><tr><td><a href="x/">in a table</a></td></tr></table><p><div id="d">a div</div>',
    "<a href='#un&quot;quoted' id=x&amp;y>q</a><br/><hr/><input id=field>",
]


def test_check_reads_each_page_where_it_renders_as_it_would_read_the_built_site(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`check` keeps no page: each is read for its links and ids in the process that renders
    it (here two, the site being large enough to share), and a page a note's #anchor leads
    to is rendered again. What it finds is what reading the built site's pages finds."""
    site = synthetic_site(tmp_path / "site", 110)
    notes = sorted((site / "content/meetings").glob("*.md"))
    assert len(notes) == 110
    linked = notes[3].stem
    notes[7].write_text(
        notes[7].read_text()
        + f"\n[there]({linked}.md#h-section-2) and [not there]({linked}.md#h-section-9)\n"
    )
    templates = site / "themes/own/templates"
    templates.mkdir(parents=True)
    default = (REPO / "generator/themes/default/templates/action.html").read_text()
    assert default.endswith("\n{% endblock %}\n")
    links = '<a href="../nowhere/">Gone</a> <a href="../#nowhere">Home</a> <a href="#top">Up</a>'
    (templates / "action.html").write_text(
        default.removesuffix("{% endblock %}\n") + links + "\n{% endblock %}\n"
    )
    settings = site / "site.yml"
    settings.write_text(settings.read_text() + "site_theme: own\n")
    runs = [
        run_cli(["check", "--source", str(site), "--jobs", jobs], capsys, monkeypatch)
        for jobs in ("2", "1")
    ]
    assert runs[0].problem_lines == runs[1].problem_lines
    lines = notes[7].read_text().splitlines()
    where = f"{len(lines)}:{lines[-1].index(f'{linked}.md#h-section-9') + 1}"  # its address
    assert [line for line in runs[0].problem_lines if ": error: " in line] == [
        f"content/meetings/{notes[7].name}:{where}: error: "
        f"{linked}.md has no anchor #h-section-9; did you mean #h-section-3?"
    ]
    # With the note mended, the pages' links are checked: the theme's on each action's page.
    notes[7].write_text(notes[7].read_text().replace("#h-section-9", "#h-section-1"))
    runs = [
        run_cli(["check", "--source", str(site), "--jobs", jobs], capsys, monkeypatch)
        for jobs in ("2", "1")
    ]
    assert runs[0].problem_lines == runs[1].problem_lines
    # The site built, its pages read back from the disk as check read them before.
    output = tmp_path / "out"
    build = run_cli(["build", "--source", str(site), "--output", str(output)], capsys, monkeypatch)
    assert build.code == 0
    files = {path.relative_to(output).as_posix(): path for path in output.rglob("*")}
    parser = linkcheck.page_parser()
    pages = {
        path: linkcheck._scan(file.read_bytes(), parser)
        for path, file in files.items()
        if path.endswith(".html")
    }
    assert len(pages) > 2 * 200  # enough for check to share the pages between two processes
    read_back = [p.message for p in linkcheck.check_page_links(pages, files, {})]
    assert len(read_back) == 110 * 2 * 3  # two actions a meeting, three broken links each
    check = runs[0]
    found = [line.split(": error: ")[1] for line in check.problem_lines if ": error: " in line]
    assert sorted(found) == sorted(read_back)


def test_check_finds_a_themes_broken_link_and_missing_anchor(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A site theme's template is checked as the notes are: a link to a page that is not
    there and to an #anchor that is not, but not what a comment or a script holds."""
    templates = minimal_site / "themes/own/templates"
    templates.mkdir(parents=True)
    default = (REPO / "generator/themes/default/templates/accessibility.html").read_text()
    (templates / "accessibility.html").write_text(
        default.replace(
            "<h1>{{ page.title }}</h1>",
            '<a href="../actions/nowhere/">Gone</a> '
            '<a href="../decisions/#nowhere">Nowhere</a> <a href="#h-how&#45;we">Here</a>'
            '<h2 id="h-how-we">How</h2><!-- <a href="../commented/">x</a> -->'
            "<script>const a = '<a href=../scripted/>';</script><h1>{{ page.title }}</h1>",
            1,
        )
    )
    settings = minimal_site / "site.yml"
    settings.write_text(settings.read_text() + "site_theme: own\n")
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    assert run.code == 1
    assert [line for line in run.problem_lines if "accessibility" in line] == [
        "(generated) accessibility/index.html:1:1: error: broken link on "
        "/accessibility/index.html: ../actions/nowhere/",
        "(generated) accessibility/index.html:1:1: error: link on /accessibility/index.html "
        "to a missing anchor: ../decisions/#nowhere",
    ]


def test_a_missing_anchor_is_told_only_the_anchors_a_link_can_reach(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """A page's `<meta name="viewport">` and `<meta name="description">` are no anchors: a
    link to #viewport is an error, and #descriptions is not told to mean #description."""
    third = minimal_site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text()
        + "\n[view](2024-02-12-reporting-back.md#viewport) "
        + "[said](2024-02-12-reporting-back.md#descriptions)\n"
    )
    run = run_cli(["check", "--source", str(minimal_site)], capsys, monkeypatch)
    anchors = (
        "#since-heading, #discussion-heading, #topics-heading, #reported-heading, #updates-heading"
    )
    assert run.code == 1
    assert [line for line in run.problem_lines if ": error: " in line] == [
        "content/meetings/2024-03-11-third.md:9:8: error: 2024-02-12-reporting-back.md has no "
        f"anchor #viewport; its anchors: {anchors}",
        "content/meetings/2024-03-11-third.md:9:54: error: 2024-02-12-reporting-back.md has no "
        f"anchor #descriptions; its anchors: {anchors}",
    ]


BARE = "https://www.gov.wales/some/long/path.pdf"


def test_a_bare_web_address_is_a_link_as_github_shows_it(
    minimal_site: Path, capsys, monkeypatch
) -> None:
    """On the meeting's page and in the feed, as GitHub's preview (what a member writing in
    the web editor sees) makes it: `https://` and `www.` addresses are links; a script's
    scheme, a name with a dot (a note's file name) and an address in code are not."""
    note = minimal_site / "content/meetings/2024-03-11-third.md"
    note.write_text(
        note.read_text() + f"\nSee {BARE}, or www.example.org/guide.\n\n"
        "Not links: javascript:alert(1), javascript://example.org/%0aalert(1), notes.md, "
        "`https://example.org/code`.\n"
    )
    run = _build(minimal_site, capsys, monkeypatch, "--strict")
    assert run.code == 0, run.err
    html = (minimal_site / "_site/meetings/2024-03-11-third/index.html").read_text()
    page = html5lib.parse(html, namespaceHTMLElements=False)
    links = {a.text: a.get("href") for a in page.iter("a") if a.text}
    assert links[BARE] == BARE
    assert links["www.example.org/guide"] == "http://www.example.org/guide"
    assert f'<p>See <a href="{BARE}">{BARE}</a>, or ' in html
    assert (
        "Not links: javascript:alert(1), javascript://example.org/%0aalert(1), notes.md, " in html
    )
    assert "<code>https://example.org/code</code>" in html
    assert not [href for href in links.values() if href and "javascript" in href]
    feed = (minimal_site / "_site/feed.xml").read_text()
    assert f'&lt;a href="{BARE}"&gt;{BARE}&lt;/a&gt;' in feed


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_heading_with_no_space_after_its_hashes_is_a_warning_at_its_line(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`#Discussion`, typed in the web editor as a heading, is shown as text, '#' and all,
    and nothing said so: a warning at the line, with either engine, that `--strict` stops
    at; one in code, or `#1 priority`, is left alone, and the heading mended is one."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\n#Discussion\n\n##Next steps\n\n```\n#code\n```\n\n#1 priority was the budget.\n",
        "\n# Discussion\n\n## Next steps\n",
    )
    assert problems == [
        f"{NOTE}:15:1: error: '#Discussion' is shown as text, not as a heading: put a "
        "space after the '#': # Discussion",
        f"{NOTE}:17:1: error: '##Next steps' is shown as text, not as a heading: put a "
        "space after the '##': ## Next steps",
    ]
    assert ">Next steps</h" in page


def advice_then_page(  # type: ignore[no-untyped-def]
    site: Path, capsys, monkeypatch, written: str
) -> tuple[list[str], str]:
    """The third meeting's text with `written` after it, built from nothing with `--strict`,
    which publishes all the same: its problem lines, and the meeting's page."""
    note = site / NOTE
    note.write_text(note.read_text() + written)
    run = _build(site, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    return run.problem_lines, (site / "_site/meetings/2024-03-11-third/index.html").read_text()


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_heading_that_skips_a_level_is_advice_at_its_line(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`####` under `##`, or a text's first heading written `####` (under the page's h1, or
    an h2 of its own such as "Since the last meeting"), leaves a gap in the headings a
    screen reader lists by level: a warning at the line, with either engine, giving the
    '#'s to write, that even `--strict` does not stop at (the page reads as written); a
    heading in code, or one level down at a time, is left alone."""
    with_engine(monkeypatch, accelerated)
    problems, page = advice_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\n#### Results\n\nText.\n\n```\n##### not a heading\n```\n\n## Costs\n\n"
        "#### Damp\n\n### Mould\n\n#### Walls\n",
    )
    assert problems == [
        f"{NOTE}:15:1: warning: heading '#### Results' skips a level as the text's first "
        "heading: a screen reader lists a page's headings by level, and finds none between; "
        "write it ## Results",
        f"{NOTE}:25:1: warning: heading '#### Damp' skips a level after '## Costs': a "
        "screen reader lists a page's headings by level, and finds none between; write it "
        "### Damp",
    ]
    assert '<h4 id="h-damp">Damp</h4>' in page


def test_a_heading_under_a_texts_own_first_level_is_told_the_hashes_it_needs(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    """In a text with a `#` heading, whose headings the page shows one level down, `####`
    after `#` is told to be `##`; `##` after it is no gap."""
    problems, _ = advice_then_page(
        site_with_files, capsys, monkeypatch, "\n# Survey\n\n#### Damp\n\n## Mould\n"
    )
    assert problems == [
        f"{NOTE}:17:1: warning: heading '#### Damp' skips a level after '# Survey': a screen "
        "reader lists a page's headings by level, and finds none between; write it ## Damp"
    ]


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_link_whose_words_say_nothing_is_advice_at_its_line(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`[here](…)` or `[Click here](…)`: a screen reader's list of the page's links reads
    'here' alone: a warning at the link, with either engine, that `--strict` does not stop at;
    an image's words, a link in code and a link that names its target are left alone."""
    with_engine(monkeypatch, accelerated)
    problems, page = advice_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nThe slides are [here](../files/survey.pdf).\n\n![here](2024-03-11-third/roofs.png)\n\n"
        "```\n[here](../files/survey.pdf)\n```\n\n[Click here.](../files/survey.pdf) and "
        "[the survey](../files/survey.pdf).\n",
    )
    assert problems == [
        f"{NOTE}:15:16: warning: the link 'here' says nothing of where it leads: a screen "
        "reader lists a page's links by their words alone; link the words that say it "
        "(`the [workshop's slides](…)`, not `the slides [here](…)`)",
        f"{NOTE}:23:1: warning: the link 'Click here.' says nothing of where it leads: a "
        "screen reader lists a page's links by their words alone; link the words that say it "
        "(`the [workshop's slides](…)`, not `the slides [Click here.](…)`)",
    ]
    assert 'slides are <a href="../../files/survey.pdf" ' in page  # shown as written
    assert ">here</a>.</p>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_paragraph_indented_with_a_tab_is_a_warning_that_it_is_shown_as_code(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A paragraph typed after a tab (or four spaces) in the web editor, or pasted with its
    indent, was shown as code, in a box of typewriter text, on the page and indented in the
    email, and nothing said so: a warning at its line, with either engine, that `--strict`
    stops at; code between fences, an indented line of code, and a list item's second
    paragraph are left alone, and the paragraph without its indent is a paragraph."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\n# Survey\n\tMost replies were about damp & mould.\n\nJane said:\n\n"
        + "    “We should write to every resident before the council meets in January.”\n\n"
        + "```\n    fenced code\n```\n\n- an item\n\n    its second paragraph\n\nRun:\n\n"
        + "    nominutes build --strict\n",
        "\n# Survey\nMost replies were about damp & mould.\n",
    )
    assert problems == [
        f"{NOTE}:16:1: error: 'Most replies were about damp & mould.' is shown as code, "
        "in a box of typewriter text, because its line starts with a tab or 4 spaces: "
        "remove them; to show code, put a line of ``` before it and after it",
        f"{NOTE}:20:1: error: '“We should write to every resident…' is shown as "
        "code, in a box of typewriter text, because its line starts with a tab or 4 "
        "spaces: remove them; to show code, put a line of ``` before it and after it",
    ]
    assert "<p>Most replies were about damp &amp; mould.</p>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_list_pasted_with_its_bullet_characters_is_a_warning_to_start_items_with_a_dash(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A list copied from a word processor keeps its bullets as characters (`• Damp`):
    the page showed one paragraph, "• Damp • Repairs…" run together, and nothing said so. A
    warning at each item, with either engine, with the line as a list item is written; a
    bullet in code or in the middle of a sentence is left alone, and the list mended is a
    list."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nWe heard about:\n• Damp and mould in the flats above the shops on the high street"
        + "\n  ◦ Repairs\n\n```\n• in code\n```\n\nCosts · time · people.\n",
        "\nWe heard about:\n\n- Damp\n  - Repairs\n",
    )
    assert problems == [
        f"{NOTE}:16:1: error: '• Damp and mould in the flats above the…' is shown as "
        "text run on with the lines next to it, not as a list: start each item with "
        "'- ' in place of '•': - Damp and mould in the flats above the shops on the high "
        "street",
        f"{NOTE}:17:3: error: '◦ Repairs' is shown as text run on with the lines next "
        "to it, not as a list: start each item with '- ' in place of '◦':   - Repairs",
    ]
    assert "<li>Damp\n<ul>\n<li>Repairs</li>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_table_with_no_line_of_dashes_under_its_first_row_is_a_warning_to_add_one(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A table typed without the line of dashes under its first row (`| Scenario | Owner |`
    then `| Rural firm | Mike |`) was shown as a paragraph, bars and all, and nothing said so.
    A warning at its first row, with either engine, giving the line to add; a table with the
    line, and rows in code, are left alone; the table mended is a table."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\n| Scenario | Owner | Due |\n| Rural firm | Mike | May |\n| City firm | Ann | June |\n"
        + "\n```\n| in | code |\n| no | table |\n```\n",
        "\n| Scenario | Owner | Due |\n| --- | --- | --- |\n| Rural firm | Mike | May |\n",
    )
    assert problems == [
        f"{NOTE}:15:1: error: '| Scenario | Owner | Due |' and the lines under it are shown as "
        "text, bars and all, not as a table: a table needs a line of dashes under its first "
        "row; add | --- | --- | --- | as the next line",
    ]
    assert "<th>Scenario</th>" in page
    assert "<td>Rural firm</td>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_html_typed_or_pasted_into_a_note_is_a_warning_giving_the_markdown_to_write(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """An image dropped into GitHub's editor is written `<img … src="…">`, which a site
    without `allow_html` shows as text, and nothing said so. A warning at each line with
    HTML outside code, with either engine, giving the image or link as Markdown; HTML in
    code, or spelt with character references, is left alone; the image mended is an image."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        '\n<img width="600" alt="Whiteboard" src="https://github.com/user-attachments/assets/'
        'a1b2">\n\nRead <a href="https://example.org/paper">the paper</a>.\n\n'
        "First line<br>second line, and <u>this</u>.\n\n"
        '<script async src="https://platform.example.org/widgets.js"></script>\n\n'
        "`<br>` in code, and &lt;br&gt; spelt out.\n",
        "\n![Whiteboard](../files/survey.pdf)\n",
    )
    assert problems == [
        f"{NOTE}:15:1: error: `<img>` is HTML, which this site shows as text: write the "
        "image in Markdown: ![Whiteboard](https://github.com/user-attachments/assets/a1b2)",
        f"{NOTE}:17:6: error: `<a>` is HTML, which this site shows as text: write the "
        "link in Markdown: [the words it links](https://example.org/paper)",
        f"{NOTE}:19:11: error: `<br>` is HTML, which this site shows as text: end the line "
        "with a backslash (\\) to break it there, or leave a blank line",
        f"{NOTE}:21:1: error: `<script>` is HTML, which this site shows as text: a page "
        "never runs a script, a form or a frame from a note: delete it, and link to what it "
        "shows instead: [the words it links](https://…)",
    ]
    assert '<img src="../../files/survey.pdf" alt="Whiteboard"' in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_an_html_comment_is_a_warning_that_the_page_would_publish_it(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`<!-- … -->`, a note to the other writers that GitHub's preview hides, was published
    as text and nothing said so. A warning at each comment outside code, with either engine,
    on one line or over several; one in code, or spelt with character references, is left
    alone; with the comments deleted the page holds neither."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nWe agreed. <!-- Sam: check with Priya first -->\n\n"
        "<!--\nNot sure about scenario 2\n-->\n\n"
        "`<!-- in code -->` and &lt;!-- spelt out.\n",
        "\nWe agreed.\n\n`<!-- in code -->` and &lt;!-- spelt out.\n",
    )
    fix = (
        "is an HTML comment, which this site shows as text: it is not hidden as GitHub's "
        "preview hides it, so the page would publish it; delete it, and keep notes for the "
        "other writers out of the summary"
    )
    assert problems == [
        f"{NOTE}:15:12: error: `<!-- … -->` {fix}",
        f"{NOTE}:17:1: error: `<!-- … -->` {fix}",
    ]
    assert "Sam: check" not in page and "scenario 2" not in page
    assert "<code>&lt;!-- in code --&gt;</code> and &lt;!-- spelt out." in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_bold_with_a_space_inside_its_asterisks_is_a_warning_giving_it_as_written(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`**Budget **agreed` or `** Note:** later`, a space typed just inside the asterisks,
    showed the asterisks and no bold, and nothing said so: a warning at each, with either
    engine, with the bold as it is to be written; bold written right, and asterisks in code,
    are left alone, and the bold mended is bold."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nThe **Budget **agreed for **2025**.\n\n** Note:** it is late, `a ** b **`.\n",
        "\nThe **Budget** agreed for **2025**.\n\n**Note:** it is late.\n",
    )
    assert problems == [
        f"{NOTE}:15:5: error: '**Budget **' is shown with its asterisks, not in bold: '**' "
        "goes right against the words it holds: **Budget**",
        f"{NOTE}:17:1: error: '** Note:**' is shown with its asterisks, not in bold: '**' "
        "goes right against the words it holds: **Note:**",
    ]
    assert "<strong>Budget</strong> agreed" in page and "<strong>Note:</strong>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_link_with_a_space_before_its_address_or_no_closing_bracket_is_a_warning(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`[the survey] (../files/survey.pdf)`, a space typed between the brackets, and
    `[the survey](../files/survey.pdf.`, its ')' left out, were shown as text, brackets and
    all, and nothing said so: a warning at each, with the link as it is to be written, with
    either engine; prose in brackets (`[sic] (see below)`) and code are left alone, and the
    links mended are links."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nSee [the survey] (../files/survey.pdf), ![Roofs]  (2024-03-11-third/roofs.png)\n"
        + "and [the survey](../files/survey.pdf.\n\n"
        + "He said [sic] (see below) and `[code] (a/b.pdf)`; [1] (2024).\n",
        "\nSee [the survey](../files/survey.pdf), ![Roofs](2024-03-11-third/roofs.png)\n"
        "and [the survey](../files/survey.pdf).\n",
    )
    assert problems == [
        f"{NOTE}:15:5: error: '[the survey] (../files/survey.pdf)' is shown as text, not "
        "as a link, because of the space between ']' and '(': write "
        "[the survey](../files/survey.pdf)",
        f"{NOTE}:15:41: error: '![Roofs]  (2024-03-11-third/roofs.png)' is shown as text, "
        "not as an image, because of the space between ']' and '(': write "
        "![Roofs](2024-03-11-third/roofs.png)",
        f"{NOTE}:16:5: error: '[the survey](../files/survey.pdf.' is shown as text, not as "
        "a link, because it has no closing ')': write [the survey](../files/survey.pdf).",
    ]
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    assert [a.get("href") for a in tree.iter("a") if a.text == "the survey"] == [
        "../../files/survey.pdf"
    ] * 2


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_first_level_heading_in_a_text_sits_under_the_pages_own_and_is_linked_to(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """`# Budget` written in a meeting's text made a second `<h1>` on its page, with no
    anchor, so a link to it failed: a text that uses `#` has each of its headings one level
    down, its top level beside the page's "Discussion", each with its anchor; a text that
    starts at `##` is as it was."""
    with_engine(monkeypatch, accelerated)
    note = site_with_files / NOTE
    note.write_text(
        note.read_text() + "\n# Budget\n\nLine by line.\n\n## Costs\n\nUp.\n\n#### Detail\n"
    )
    other = site_with_files / "content/meetings/2024-02-12-reporting-back.md"
    other.write_text(
        other.read_text()
        + "\n## Next steps\n\nSee [the budget](2024-03-11-third.md#h-budget) and "
        + "[its costs](2024-03-11-third.md#h-costs).\n"
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    page = (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text()
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    assert [h.text for h in tree.iter("h1")] == ["Third meeting"]
    assert '<h2 id="h-budget">Budget</h2>' in page
    assert '<h3 id="h-costs">Costs</h3>' in page
    assert '<h5 id="h-detail">Detail</h5>' in page
    before = (site_with_files / "_site/meetings/2024-02-12-reporting-back/index.html").read_text()
    assert '<h2 id="h-next-steps">Next steps</h2>' in before
    feed = (site_with_files / "_site/feed.xml").read_text()
    assert '&lt;h2 id="h-budget"&gt;Budget&lt;/h2&gt;' in feed and "&lt;h1" not in feed


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_paragraph_after_a_list_indented_with_a_tab_is_a_warning_that_it_joins_the_item(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A paragraph typed after a list with a tab before it was shown inside the list's last
    item, every item spaced out, and nothing said so: a warning at its line, with either
    engine, giving the line to write; a list whose items each have paragraphs of their own
    (meant so) and an item's paragraph indented with spaces are left alone, and the
    paragraph without its tab follows the list."""
    with_engine(monkeypatch, accelerated)
    problems, page = problems_then_page(
        site_with_files,
        capsys,
        monkeypatch,
        "\nWe heard about:\n\n- Damp\n- Repairs\n\n\tWe agreed to write to the council.\n\n"
        + "Steps:\n\n1. Ask\n\n\tAsk the residents first.\n\n2. Write\n\n"
        + "\tThen write to the council.\n\nAlso:\n\n- Heating\n\n  Its cost is up again.\n",
        "\nWe heard about:\n\n- Damp\n- Repairs\n\nWe agreed to write to the council.\n",
    )
    assert problems == [
        f"{NOTE}:20:1: error: 'We agreed to write to the council.' is shown as part of the "
        "list item above it, because its line starts with a tab: to show it after the list, "
        "remove the tab: We agreed to write to the council.",
    ]
    assert "<li>Repairs</li>\n</ul>\n<p>We agreed to write to the council.</p>" in page


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_text_s_first_heading_repeating_the_title_is_advice_at_its_line(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A meeting's text opening `# Third meeting` shows its title twice, its page's heading
    and the text's one under it: a warning at the heading's line, with either engine, saying
    to remove it, that `--strict` does not stop at (the page reads as written); the same
    words later in the text, or a first heading with other words, are the text's own."""
    with_engine(monkeypatch, accelerated)
    note = site_with_files / NOTE
    written = note.read_text()
    note.write_text(
        written.replace("A short third meeting.", "# Third meeting\n\nA short third meeting.")
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    assert run.problem_lines == [
        f"{NOTE}:7:1: warning: the text's first heading '# Third meeting' repeats the title "
        "its page already shows above it, so a reader sees it twice: remove this line"
    ]
    page = (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text()
    assert page.count(">Third meeting</h") == 2  # as written, until the line is removed
    for own in ("# Our third meeting\n\n", "Opening words.\n\n# Third meeting\n\n"):
        note.write_text(written.replace("A short third meeting.", f"{own}A short third meeting."))
        run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
        assert run.code == 0, run.err
        assert run.problem_lines == [], own
    # The same words with other punctuation, case or an emoji still repeat it.
    note.write_text(
        written.replace("title: Third meeting", "title: Third meeting 🎉").replace(
            "A short third meeting.", "# THIRD MEETING!\n\nA short third meeting."
        )
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    assert run.problem_lines == [
        f"{NOTE}:7:1: warning: the text's first heading '# THIRD MEETING!' repeats the title "
        "its page already shows above it, so a reader sees it twice: remove this line"
    ]


def test_a_list_under_an_actions_or_decisions_heading_is_advice_that_it_is_not_followed(
    site_with_files: Path, capsys, monkeypatch
) -> None:
    """A group used to minutes writes `## Actions` and a list in the text: it reads as
    written, but the tracker follows only front matter's actions (and the register lists
    only its decisions), so an advisory warning at the heading says how to write one; a
    heading over words, and one in fenced code, are the text's own."""
    note = site_with_files / NOTE
    written = note.read_text()
    note.write_text(
        written.replace(
            "A short third meeting.",
            "A short third meeting.\n\n## Actions\n\n- Priya to send the results\n\n"
            "### Decisions made:\n1. Keep the scenarios short\n\n## Next steps\n\nWe meet "
            "again in May.\n\n```\n## Actions\n- an example\n```",
        )
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    assert run.problem_lines == [
        f"{NOTE}:9:1: warning: the list under '## Actions' is the text's own: the action "
        "tracker follows only the actions in the front matter; to follow one until it is "
        "done, write it under actions: with '- id:', 'title:', 'owner:' and 'due:'",
        f"{NOTE}:13:1: warning: the list under '### Decisions made:' is the text's own: the "
        "decisions register lists only the decisions in the front matter; to record one, "
        "write it under decisions: with '- id:' and 'text:'",
    ]
    page = (site_with_files / "_site/meetings/2024-03-11-third/index.html").read_text()
    assert "<li>Priya to send the results</li>" in page  # as written


@pytest.mark.parametrize("accelerated", [True, False])
def test_a_summary_taken_from_a_paragraph_with_an_image_reads_its_alt_text(
    site_with_files: Path, capsys, monkeypatch, accelerated: bool
) -> None:
    """A meeting with no `summary:` is summed up by its first paragraph; an image in it is
    read by its alt text where it stands, not left out ("the chart and ."), with either
    engine, on the home page's card and in the feed."""
    with_engine(monkeypatch, accelerated)
    note = site_with_files / NOTE
    note.write_text(
        note.read_text()
        .replace("summary: The third meeting, on permission.\n", "")
        .replace(
            "A short third meeting.",
            "We looked at the survey and ![a chart of roofs by size](2024-03-11-third/roofs.png)"
            " & its *gaps*.",
        )
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache")
    assert run.code == 0, run.err
    home = (site_with_files / "_site/index.html").read_text()
    assert "<p>We looked at the survey and a chart of roofs by size &amp; its gaps.</p>" in home
    feed = (site_with_files / "_site/feed.xml").read_text()
    assert "We looked at the survey and a chart of roofs by size &amp; its gaps." in feed


@pytest.mark.parametrize(
    "heading",
    [
        "# **Third** meeting",
        "# Third *meeting*",
        "## _Third meeting_",
        "# `Third` meeting",
        "# [Third](../themes/permission-to-engage.md) meeting",
        "# Third&nbsp;meeting",
        "**Third meeting**\n===============",
    ],
)
def test_a_first_heading_repeating_the_title_in_bold_code_or_a_link_is_told_too(
    site_with_files: Path, capsys, monkeypatch, heading: str
) -> None:
    """The title's words marked up in the heading (bold, emphasis, code, a link, a character
    reference) are still the title a reader sees twice: the same warning at its line."""
    note = site_with_files / NOTE
    note.write_text(
        note.read_text().replace("A short third meeting.", f"{heading}\n\nA short third meeting.")
    )
    run = _build(site_with_files, capsys, monkeypatch, "--no-cache", "--strict")
    assert run.code == 0, run.err
    first = heading.split("\n")[0]
    underlined = "(underlined) " if "\n" in heading else ""
    remove = "it and the line under it" if underlined else "this line"
    assert run.problem_lines == [
        f"{NOTE}:7:1: warning: the text's first heading '{first}' {underlined}repeats the "
        f"title its page already shows above it, so a reader sees it twice: remove {remove}"
    ]
