"""A group's own look (`site_theme`), and a volunteer's mistakes in it: each is reported where
it was made, and none publishes pages with their content missing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.content.model import BuildOptions
from generator.make import make_site
from generator.serve.server import DevServer
from tests.conftest import REPO, copy_site, edit, run_cli, strictly
from tests.htmlpage import read_page

DEFAULT = REPO / "generator/themes/default/templates"


def own_theme(tmp_path: Path, name: str = "dfpg") -> tuple[Path, Path]:
    """The minimal site with `site_theme: NAME` and an empty themes/NAME/ (the site, the
    theme's folder)."""
    site = copy_site("minimal", tmp_path / "site")
    folder = site / "themes" / name
    (folder / "templates").mkdir(parents=True)
    edit(site, "site.yml", "page_size: 2\n", f"page_size: 2\nsite_theme: {name}\n")
    return site, folder


def theme_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("themes/")]


def theme_errors(lines: list[str]) -> list[str]:
    return [line for line in theme_lines(lines) if ": error: " in line]


@pytest.mark.parametrize("written", ["themes/dfpg", "themes/dfpg/", "./themes/dfpg", "dfpg/"])
def test_a_site_theme_written_as_its_folders_path_is_told_the_name_to_write(
    tmp_path: Path, capsys, monkeypatch, written: str
) -> None:
    site, _ = own_theme(tmp_path)
    edit(site, "site.yml", "site_theme: dfpg\n", f"site_theme: {written}\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            f"site.yml:5:13: error: site_theme: '{written}' is a path: site_theme is the name "
            "of a folder in themes/; write 'dfpg'"
        ],
    )


def test_a_themes_hidden_files_and_editors_backups_are_not_published(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    static = folder / "static"
    (static / "img/.thumbnails").mkdir(parents=True)
    (static / "brand.css").write_text("main { color: navy; }\n")
    (static / "img/logo.png").write_bytes(b"\x89PNG logo")
    for left in [
        ".DS_Store",
        "brand.css~",
        ".brand.css.swp",
        "brand.css.swp",
        "#brand.css#",
        "img/.thumbnails/logo.png",
        "img/.DS_Store",
    ]:
        (static / left).write_text("not for readers")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    published = sorted(p.relative_to(out / "static").as_posix() for p in out.rglob("static/**/*"))
    assert published == [
        "brand.css",
        "icon.svg",
        "img",
        "img/logo.png",
        "search.js",
        "site.js",
        "style.css",
    ]
    assert (out / "static/brand.css").read_text() == "main { color: navy; }\n"


LINKED = (
    "error: this is a symbolic link (to {}), and a theme's files are published or run as they "
    "are, so it would publish or run what it points to; put the {} itself here instead of a "
    "link to it"
)
TOKEN = 'extraheader = "AUTHORIZATION: basic c2VjcmV0"'


def _site_with_a_token(tmp_path: Path, name: str = "default") -> tuple[Path, Path]:
    """The minimal site with `site_theme: NAME`, an empty themes/NAME/, and a .git/config
    holding a token as actions/checkout leaves it."""
    site, folder = own_theme(tmp_path, name)
    (site / ".git").mkdir()
    (site / ".git/config").write_text(f"[http]\n\t{TOKEN}\n")
    return site, folder


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_themes_static_folder_linked_to_git_is_an_error_and_publishes_nothing(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """`static` linked to .git would publish .git/config, which in CI holds the checkout's
    token: an error at the link, and nothing is written."""
    site, folder = _site_with_a_token(tmp_path)
    (folder / "static").symlink_to("../../.git", target_is_directory=True)
    out = tmp_path / "out"
    extra = ["--output", str(out)] if command == "build" else []
    run = run_cli([command, "--source", str(site), *extra], capsys, monkeypatch)
    assert run.code == 1
    assert theme_errors(run.problem_lines) == [
        f"themes/default/static:1:1: {LINKED.format('../../.git', 'folder')}"
    ]
    assert "c2VjcmV0" not in run.out + run.err
    assert not out.exists()


def test_a_link_anywhere_in_a_site_theme_is_an_error_at_it_and_no_template_reads_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A template linked to a file outside (Jinja would render what it holds into a page), a
    static file or folder linked to one inside the site, a theme's folder linked: each an
    error at the link, and no other error about what it points to; a hidden link (Emacs's
    lock) is never read, and is no error."""
    site, folder = _site_with_a_token(tmp_path, "ours")
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "templates/base.html").symlink_to(outside)
    (folder / "templates/.#meeting.html").symlink_to("someone@host.1234")
    (folder / "static/img").mkdir(parents=True)
    (folder / "static/img/logo.png").symlink_to("../../../../site.yml")
    (folder / "static/fonts").symlink_to("../../../.git", target_is_directory=True)
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 1
    assert theme_errors(run.problem_lines) == [
        f"themes/ours/static/fonts:1:1: {LINKED.format('../../../.git', 'folder')}",
        f"themes/ours/static/img/logo.png:1:1: {LINKED.format('../../../../site.yml', 'file')}",
        f"themes/ours/templates/base.html:1:1: {LINKED.format(outside, 'file')}",
    ]
    assert "root:" not in run.out + run.err
    assert not out.exists()
    # the theme's folder itself, linked to one inside the site
    theme = site / "themes/ours"
    theme.rename(site / "ours")
    theme.symlink_to("../ours", target_is_directory=True)
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 1
    assert theme_errors(run.problem_lines) == [
        f"themes/ours:1:1: {LINKED.format('../ours', 'folder')}"
    ]


def test_a_link_put_in_a_theme_after_a_build_is_an_error_though_nothing_else_changed(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The build that finds nothing changed since the last one (its site stands) sees a
    link added to the theme: the link is an error, not a site standing as it was."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710115200")  # 11 March 2024
    site, folder = _site_with_a_token(tmp_path)
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsearch: false\n")
    out = tmp_path / "out"
    build = ["build", "--source", str(site), "--output", str(out)]
    assert run_cli(build, capsys, monkeypatch).code == 0
    assert run_cli(build, capsys, monkeypatch).out.startswith("nothing changed")
    (folder / "static").symlink_to("../../.git", target_is_directory=True)
    run = run_cli(build, capsys, monkeypatch)
    assert run.code == 1
    assert theme_errors(run.problem_lines) == [
        f"themes/default/static:1:1: {LINKED.format('../../.git', 'folder')}"
    ]
    assert not (out / "static/config").exists()


def test_every_file_beside_a_themes_templates_and_static_is_a_warning_saying_where_it_goes(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    for path in [
        "brand.css",
        "img/logo.png",
        "partials/banner.html",
        "email.txt",
        "css/style.css",  # the built-in one's name: it takes that one's place
        "copied/static/print.css",
        # never published nor used, and not the group's pages: no warning
        ".DS_Store",
        "brand.css~",
        ".git/HEAD",
        "README.md",
    ]:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text("x\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert run.code == 0
    moves = [
        ("brand.css", "static/brand.css"),
        ("copied/static/print.css", "static/print.css"),
        ("css/style.css", "static/style.css"),
        ("email.txt", "templates/email.txt"),
        ("img/logo.png", "static/img/logo.png"),
        ("partials/banner.html", "templates/partials/banner.html"),
    ]
    assert theme_lines(run.problem_lines) == [
        f"themes/dfpg/{put}:1:1: warning: themes/dfpg/{put} is not used: move it to "
        f"themes/dfpg/{goes}"
        for put, goes in moves
    ]
    out = tmp_path / "out"
    run = run_cli(
        ["build", "--strict", "--source", str(site), "--output", str(out)], capsys, monkeypatch
    )
    assert run.code == 1
    assert "themes/dfpg/brand.css:1:1: error: themes/dfpg/brand.css is not used" in run.err
    assert not out.exists()


def default_with(name: str, after: str, added: str) -> tuple[str, int]:
    """The built-in template `name` with the line `added` put after the first line holding
    `after`, and the number of the line added."""
    lines = (DEFAULT / name).read_text().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if after in line) + 1
    lines.insert(at, added + "\n")
    return "".join(lines), at + 1


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_comment_left_open_in_a_template_is_an_error_where_it_opens_and_nothing_is_published(
    tmp_path: Path, capsys, monkeypatch, command: str
) -> None:
    """Jinja would take everything up to the default's own comment further down as the
    comment: every meeting page without its title, date or text."""
    site, folder = own_theme(tmp_path)
    text, line = default_with("meeting.html", "{% block main %}", "  {# old header removed")
    (folder / "templates/meeting.html").write_text(text)
    closes = next(n for n, row in enumerate(text.splitlines(), 1) if n > line and "{#" in row)
    out = tmp_path / "out"
    args = [command, "--strict", "--source", str(site)]
    args += ["--output", str(out)] if command == "build" else []
    run = run_cli(args, capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (
        1,
        [
            f"themes/dfpg/templates/meeting.html:{line}:3: error: this comment is not closed "
            f"before the next `{{#` at line {closes}: close it with `#}}`"
        ],
    )
    assert not out.exists()


def test_a_comment_never_closed_is_an_error_where_it_opens(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "templates/principles.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>Ours</p>\n<p>{# to do</p>\n'
        "{% endblock %}\n"
    )
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_errors(run.problem_lines)) == (
        1,
        [
            "themes/dfpg/templates/principles.html:4:4: error: this comment is not closed: "
            "close it with `#}`"
        ],
    )


def test_a_block_the_base_template_does_not_have_is_an_error_naming_the_one_meant(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Its content would be shown nowhere: every theme page's <main> empty."""
    site, folder = own_theme(tmp_path)
    text = (DEFAULT / "theme.html").read_text()
    (folder / "templates/theme.html").write_text(
        text.replace("{% block main %}", "{% block content %}")
    )
    line = text.splitlines().index("{% block main %}") + 1
    out = tmp_path / "out"
    args = ["build", "--strict", "--source", str(site), "--output", str(out)]
    run = run_cli(args, capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (
        1,
        [
            f"themes/dfpg/templates/theme.html:{line}:1: error: base.html has no block "
            "'content': did you mean 'main'?"
        ],
    )
    assert not out.exists()


def test_blocks_are_looked_for_up_the_whole_chain_of_templates_extended(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A site's own base.html may add blocks, and its own page template fill them; a block
    none of them has is an error, at its line in the template that fills it."""
    site, folder = own_theme(tmp_path)
    templates = folder / "templates"
    base = (DEFAULT / "base.html").read_text()
    assert "{% block main %}{% endblock %}" in base
    (templates / "base.html").write_text(
        base.replace("{% block main %}", "{% block banner %}{% endblock %}{% block main %}")
    )
    (templates / "page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{% block inner %}{% endblock %}{% endblock %}\n'
    )
    (templates / "principles.html").write_text(
        '{% extends "page.html" %}\n{% block banner %}<p>Our banner</p>{% endblock %}\n'
        "{% block inner %}<p>Our principles</p>{% endblock %}\n"
    )
    (templates / "decision.html").write_text(
        '{% extends "page.html" %}\n\n  {%- block baner %}<p>Our banner</p>{% endblock %}\n'
        "{% block article %}<p>Our decision</p>{% endblock %}\n"
    )
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert (run.code, theme_errors(run.problem_lines)) == (
        1,
        [
            "themes/dfpg/templates/decision.html:3:3: error: page.html has no block 'baner': "
            "did you mean 'banner'?",
            "themes/dfpg/templates/decision.html:4:1: error: page.html has no block 'article', "
            "so nothing in it is shown: use one of its blocks, 'banner', 'head', 'inner', "
            "'main' or 'scripts'",
        ],
    )
    (templates / "decision.html").unlink()
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    principles = (out / "principles/index.html").read_text()
    assert '<main id="main" class="wrap" tabindex="-1">\n<p>Our banner</p>' in principles
    assert "<p>Our principles</p>" in principles


def test_a_block_taken_away_from_a_sites_own_base_template_is_an_error_naming_the_pages_it_empties(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The built-in templates fill `main`: every page but the site's own would be empty."""
    site, folder = own_theme(tmp_path)
    base = (DEFAULT / "base.html").read_text()
    (folder / "templates/base.html").write_text(
        base.replace("{% block main %}{% endblock %}", "{% block content %}{% endblock %}")
    )
    filling = sorted(p.name for p in DEFAULT.glob("*.html") if "{% block main %}" in p.read_text())
    # (base.html among them, which has the block and extends none)
    assert filling[:3] == ["404.html", "accessibility.html", "action.html"]
    out = tmp_path / "out"
    args = ["build", "--source", str(site), "--output", str(out)]
    run = run_cli(args, capsys, monkeypatch)
    assert (run.code, theme_errors(run.problem_lines)) == (
        1,
        [
            "themes/dfpg/templates/base.html:1:1: error: base.html has no block 'main', which "
            f"the built-in 404.html, accessibility.html, action.html and {len(filling) - 4} "
            "more fill, so those "
            "pages would show nothing of theirs: put back {% block main %}{% endblock %} where "
            "it goes"
        ],
    )
    assert not out.exists()


MARKED = '<article class="meeting" data-pagefind-body'


def meeting_with_its_mark_in_a_comment(folder: Path) -> tuple[int, int]:
    """A copy of the built-in meeting.html whose marked element was put in a comment and
    written again without the mark: where the mark is (line, column)."""
    text = (DEFAULT / "meeting.html").read_text()
    assert text.count(MARKED) == 1
    line = text[: text.index(MARKED)].count("\n") + 1
    (folder / "templates/meeting.html").write_text(
        text.replace(MARKED, '{# <article data-pagefind-body> #}\n<article class="meeting"')
    )
    return line, len("{# <article ") + 1


def unmarked_meetings(folder: Path) -> str:
    line, column = meeting_with_its_mark_in_a_comment(folder)
    return (
        f"themes/dfpg/templates/meeting.html:{line}:{column}: warning: 3 meeting pages "
        "(/meetings/2024-01-15-kick-off/ and 2 more) have no data-pagefind-body, so search "
        "leaves them out: the element that has it here does not show on them (it is in a "
        "comment, or in a block or an `{% if %}` that does not show)"
    )


def test_pages_a_template_left_without_the_search_mark_it_writes_are_a_warning_at_the_mark(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The template's text has the mark, but not what it renders: the warning comes from
    the pages, in every build, however many of them it keeps from the last."""
    site, folder = own_theme(tmp_path)
    warning = unmarked_meetings(folder)
    out = tmp_path / "out"
    build = ["build", "--source", str(site), "--output", str(out)]
    run = run_cli(build, capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [warning])
    assert "data-pagefind-body" not in (out / "meetings/2024-01-15-kick-off/index.html").read_text()
    edit(site, "content/meetings/2024-03-11-third.md", "title: Third meeting", "title: Third")
    run = run_cli(build, capsys, monkeypatch)
    assert "kept from the last build" in run.out
    assert (run.code, theme_lines(run.problem_lines)) == (0, [warning])
    run = run_cli([*build, "--strict"], capsys, monkeypatch)
    assert (run.code, theme_errors(run.problem_lines)) == (1, [strictly(warning)])
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [warning])


def test_the_built_in_templates_copied_into_a_theme_leave_no_page_search_indexes_unmarked(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Only the pages search indexes must carry the mark: a theme's later pages and the
    tracker's other lists do not, as with the built-in theme."""
    site, folder = own_theme(tmp_path)
    edit(site, "site.yml", "page_size: 2\n", "page_size: 1\n")  # a theme's second page
    for name in ["meeting.html", "theme.html", "decision.html", "principles.html", "actions.html"]:
        (folder / "templates" / name).write_text((DEFAULT / name).read_text())
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [])
    assert (out / "themes/permission-to-engage/page/2/index.html").is_file()
    unmarked = [
        path.relative_to(out).as_posix()
        for path in sorted(out.rglob("*.html"))
        if "data-pagefind-body" not in path.read_text()
    ]
    assert "themes/permission-to-engage/page/2/index.html" in unmarked
    assert "actions/index.html" in unmarked


def test_serve_keeps_the_warning_of_pages_left_without_the_search_mark_after_an_update(
    tmp_path: Path,
) -> None:
    site, folder = own_theme(tmp_path)
    warning = unmarked_meetings(folder)
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        assert warning in dev.warnings
        added = "content/meetings/2024-03-25-fourth.md"
        (site / added).write_text(
            "---\ntitle: Fourth meeting\ndate: 2024-03-25\nthemes: [permission-to-engage]\n"
            "---\nA fourth.\n"
        )
        assert dev.rebuild({added}) and dev.last_rebuild == "incremental"
        full = make_site(replace(dev.options, cache=False))
        assert dev.files == full.files
        assert dev.warnings == [str(p) for p in full.warnings]
        four = warning.replace("3 meeting pages", "4 meeting pages").replace("2 more", "3 more")
        assert four in dev.warnings
    finally:
        dev.httpd.server_close()


@pytest.mark.parametrize(
    "old, new",
    [
        ("title: Third meeting", "title: Hidden"),  # what the meeting shows of itself
        ("A short third meeting.", "Hidden."),  # its text
    ],
)
def test_serve_warns_as_a_full_build_when_an_edit_takes_a_pages_search_mark_away(
    tmp_path: Path, old: str, new: str
) -> None:
    site, folder = own_theme(tmp_path)
    text = (DEFAULT / "meeting.html").read_text()
    shown = (
        '<article class="meeting"{% if meeting.title != "Hidden" and "Hidden" not in body %}'
        " data-pagefind-body{% endif %}"
    )
    (folder / "templates/meeting.html").write_text(
        text.replace('<article class="meeting" data-pagefind-body', shown)
    )
    dev = DevServer(BuildOptions(site, site / "_site", date(2024, 3, 11)), "127.0.0.1", 0)
    try:
        assert dev.rebuild()
        assert not theme_lines(dev.warnings)
        third = "content/meetings/2024-03-11-third.md"
        edit(site, third, old, new)
        assert dev.rebuild({third})
        full = make_site(replace(dev.options, cache=False))
        assert dev.files == full.files
        assert dev.warnings == [str(p) for p in full.warnings]
        assert theme_lines(dev.warnings) == [
            "themes/dfpg/templates/meeting.html:4:85: warning: the meeting page "
            "/meetings/2024-03-11-third/ has no data-pagefind-body, so search leaves it out: "
            "the element that has it here does not show on it (it is in a comment, or in a "
            "block or an `{% if %}` that does not show)"
        ]
    finally:
        dev.httpd.server_close()


# --- the group's own stylesheets (`extra_css`) -------------------------------------------------


# A brand's link colour for each colour scheme.
BRAND_BOTH = (
    ":root { --link: #00607a; }\n"
    "@media screen and (prefers-color-scheme: dark) { :root { --link: #7fd0e3; } }\n"
)


def every_page_built(site: Path, out: Path, capsys, monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Each page of `site` built into `out` with no warning about the theme, the search page
    and 404 among them, with the path back to the site's root its links start from."""
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert not theme_lines(run.problem_lines)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert "search/index.html" in pages and "404.html" in pages
    return [
        (page, "/group/" if page == "404.html" else "../" * page.count("/") or "./")
        for page in pages
    ]


def stylesheets(out: Path, page: str) -> list[str]:
    """The stylesheets a built page links, in order."""
    return [link["href"] for link in read_page(out, page).find_all("link", rel="stylesheet")]


def test_extra_css_links_the_groups_stylesheets_after_the_default_on_every_page(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """With no site theme of its own, the group's stylesheets go in themes/default/static/;
    every page, the search page and the 404 page (served at any depth) among them, links
    them after the default one, each from that page's depth."""
    site = copy_site("minimal", tmp_path / "site")
    static = site / "themes/default/static"
    (static / "css").mkdir(parents=True)
    (static / "brand.css").write_text(BRAND_BOTH)
    (static / "css/print.css").write_text("@media print { nav { display: none; } }\n")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css, css/print.css]\n")
    out = tmp_path / "out"
    for page, depth in every_page_built(site, out, capsys, monkeypatch):
        assert stylesheets(out, page) == [
            f"{depth}static/style.css",
            f"{depth}static/brand.css",
            f"{depth}static/css/print.css",
        ], page
    assert (out / "static/brand.css").read_text() == BRAND_BOTH
    assert (out / "static/css/print.css").is_file()


def test_without_extra_css_a_page_links_the_default_stylesheet_alone(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(BRAND_BOTH)
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert stylesheets(out, "actions/index.html") == ["../static/style.css"]


def test_a_stylesheet_extra_css_names_that_is_not_in_the_theme_is_an_error_at_its_item(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(BRAND_BOTH)
    (folder / "static/brnd.css~").write_text("an editor's backup\n")
    (folder / "static/print.css").symlink_to(folder / "static/brand.css")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css, brnd.css, print.css, fonts.css]\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            "site.yml:7:24: error: extra_css item 2: there is no themes/dfpg/static/brnd.css; "
            "did you mean 'brand.css'?",
            "site.yml:7:45: error: extra_css item 4: there is no themes/dfpg/static/fonts.css; "
            "it has 'brand.css'",
            # a link is an error at the link, not again at the setting naming it
            "themes/dfpg/static/print.css:1:1: error: this is a symbolic link (to "
            f"{folder / 'static/brand.css'}), and a theme's files are published or run as they "
            "are, so it would publish or run what it points to; put the file itself here instead "
            "of a link to it",
        ],
    )
    assert not out.exists()


def test_a_stylesheet_of_extra_css_with_no_theme_folder_says_where_to_save_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (
        1,
        [
            "site.yml:6:13: error: extra_css item 1: there is no "
            "themes/default/static/brand.css: save it there"
        ],
    )


def test_a_themes_own_head_that_does_not_link_extra_css_is_a_warning_at_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A copy of base.html made before `extra_css` (or a page with a head of its own) would
    leave its pages without the group's stylesheets: a warning at its `<head>`; a copy that
    links them as the default does is not warned of."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(BRAND_BOTH)
    base = (DEFAULT / "base.html").read_text()
    old = base.replace(
        '{% for href in extra_stylesheets %}\n<link rel="stylesheet" href="{{ href }}">\n'
        "{% endfor %}\n",
        "",
    )
    assert old != base
    (folder / "templates/base.html").write_text(old)
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0
    assert theme_lines(run.problem_lines) == [
        "themes/dfpg/templates/base.html:3:1: warning: this <head> does not link the "
        "stylesheets of extra_css in site.yml, so its pages would go without them: after its "
        'stylesheet\'s <link>, add {% for href in extra_stylesheets %}<link rel="stylesheet" '
        'href="{{ href }}">{% endfor %}, as the default base.html has it'
    ]
    assert stylesheets(out, "actions/index.html") == ["../static/style.css"]
    (folder / "templates/base.html").write_text(base)
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert not theme_lines(run.problem_lines)
    assert stylesheets(out, "actions/index.html") == [
        "../static/style.css",
        "../static/brand.css",
    ]


# A brand set once, as a volunteer's first brand.css: its light colours reach dark mode.
BRAND_ONCE = """/* Our colours */
:root {
  --link: #00607a;
  --panel: #e8f3f6;
  --focus: #ffbf47;
}
"""
LINK_ONCE = (
    "themes/dfpg/static/brand.css:3:3: warning: --link: #00607a is not set again for dark "
    "mode, so dark mode keeps it, where --link on --bg (#101314) has a contrast of 2.6:1, "
    "below the 4.5:1 text needs; set it again for dark mode, after it: @media "
    "screen and (prefers-color-scheme: dark) { :root { --link: #5293a5; } }"
)
PANEL_ONCE = (
    "themes/dfpg/static/brand.css:4:3: warning: --panel: #e8f3f6 is not set again for dark "
    "mode, so dark mode keeps it, where --text (#f3f2f1) on --panel has a contrast of 1:1, "
    "below the 4.5:1 text needs; set it again for dark mode, after it: @media "
    "screen and (prefers-color-scheme: dark) { :root { --panel: #202222; } }"
)


def test_a_brand_colour_set_once_that_dark_mode_cannot_read_is_a_warning_at_its_line(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A brand colour set once, outside `@media (prefers-color-scheme: dark)`, holds in dark
    mode too: a link colour for a light page on dark mode's dark page, a light panel under
    dark mode's light text. Each is a warning at its line in the stylesheet, with the
    contrast dark mode would have and a colour of its hue to set for dark mode, which, set
    as it says, leaves nothing to warn of; the site is published either way. The focus
    colour, read on its own dark text in both, is not warned of."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(BRAND_ONCE)
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [LINK_ONCE, PANEL_ONCE])
    assert (out / "static/brand.css").read_text() == BRAND_ONCE
    fixes = [line.split("after it: ")[1] for line in (LINK_ONCE, PANEL_ONCE)]
    (folder / "static/brand.css").write_text(BRAND_ONCE + "\n".join(fixes) + "\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [])


def test_the_readmes_brand_stylesheet_has_no_colour_to_warn_of(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from tests.test_browser import readme_brand

    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    css, setting = readme_brand()
    (folder / "static/brand.css").write_text(css)
    with (site / "site.yml").open("a") as settings:
        settings.write(setting)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (0, [])


def test_the_readmes_example_of_a_colour_set_once_is_the_warning_the_build_gives(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("lands on the dark one:\n\n```\n", 1)[1].split("```", 1)[0]
    site, folder = own_theme(tmp_path, "ours")
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(":root {\n  --link: #00607a;\n}\n")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert theme_lines(run.problem_lines) == [" ".join(shown.split("\n")).strip()]


def test_a_dark_colour_overridden_by_one_set_after_it_and_a_light_one_too_faint_are_warnings(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Dark mode's colour written before the one set for both, which then wins in dark mode
    too, says to move it; a colour too faint on light mode's page says so, with a darker
    one; each at its place, across the group's stylesheets in the order extra_css links
    them, whatever the case, comments or spacing; a print stylesheet is not looked at."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(
        "@media (prefers-color-scheme: dark) { :root { --link: #7fd0e3; } }\n"
        "html { --link: #00607A; } /* the group's blue */\n"
        "@media print { :root { --link: #000; } }\n"
    )
    (folder / "static/more.css").write_text(":root {\n  --muted:#999 !important;\n}\n")
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css, more.css]\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (
        0,
        [
            "themes/dfpg/static/brand.css:1:1: warning: @media (prefers-color-scheme: dark) "
            "holds on paper too: a page printed from a device in dark mode takes its colours, "
            "light text on a white sheet; write: @media screen and (prefers-color-scheme: dark)",
            "themes/dfpg/static/brand.css:2:8: warning: --link: #00607A comes after its dark "
            "mode colour (line 1), so dark mode takes this one, where --link on --panel "
            "(#1d2325) has a contrast of 2.2:1, below the 4.5:1 text needs: move the @media "
            "screen and (prefers-color-scheme: dark) block below this",
            "themes/dfpg/static/more.css:2:3: warning: --muted: #999 !important leaves --muted "
            "on --panel (#f3f2f1) in light mode with a contrast of 2.5:1, below the 4.5:1 text "
            "needs: choose a darker colour, such as #6e6e6e",
        ],
    )


def test_a_dark_mode_block_that_does_not_say_screen_is_a_warning_that_it_prints_too(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A group's dark-mode block written `@media (prefers-color-scheme: dark)` holds when a
    page is printed from a device in dark mode (light text on white paper): a warning at it
    giving the block's first line with `screen and`; written so, or saying print, or setting
    no property, it is not warned of. The site is published either way."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    dark = "{ :root { --link: #7fd0e3; } }"
    (folder / "static/brand.css").write_text(
        ":root { --link: #00607a; }\n"
        f"/* dark */ @MEDIA  (prefers-color-scheme: dark) and (min-width: 30em) {dark}\n"
        f"@media all and (prefers-color-scheme:dark) {dark}\n"
        "@media (prefers-color-scheme: dark) { a { text-decoration: underline; } }\n"
        f"@media not print and (prefers-color-scheme: dark) {dark}\n"
        f"@media screen and (prefers-color-scheme: dark) {dark}\n"
    )
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    warned = "holds on paper too: a page printed from a device in dark mode takes its colours, "
    assert (run.code, theme_lines(run.problem_lines)) == (
        0,
        [
            "themes/dfpg/static/brand.css:2:12: warning: @media (prefers-color-scheme: dark) "
            f"and (min-width: 30em) {warned}light text on a white sheet; write: @media screen "
            "and (prefers-color-scheme: dark) and (min-width: 30em)",
            "themes/dfpg/static/brand.css:3:1: warning: @media all and "
            f"(prefers-color-scheme:dark) {warned}light text on a white sheet; write: @media "
            "screen and (prefers-color-scheme:dark)",
        ],
    )
    assert (out / "index.html").is_file()


def test_a_brand_colour_given_by_its_name_or_as_hsl_is_checked_as_one_given_as_hex(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A volunteer's brand.css names its colours (`teal`) or gives them as hsl(): each is
    checked for contrast as #rrggbb is, in its words; a value that is no colour (`inherit`)
    is passed over."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/brand.css").write_text(
        ":root {\n  --link: Teal;\n  --muted: hsl(0deg 0% 60% / 1);\n  --text: inherit;\n}\n"
        "@media screen and (prefers-color-scheme: dark) {\n"
        "  :root { --link: hsl(180, 60%, 70%); --muted: silver; }\n}\n"
    )
    with (site / "site.yml").open("a") as settings:
        settings.write("extra_css: [brand.css]\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, theme_lines(run.problem_lines)) == (
        0,
        [
            "themes/dfpg/static/brand.css:2:3: warning: --link: Teal leaves --link on --panel "
            "(#f3f2f1) in light mode with a contrast of 4.2:1, below the 4.5:1 text needs: "
            "choose a darker colour, such as #007b7b",
            "themes/dfpg/static/brand.css:3:3: warning: --muted: hsl(0deg 0% 60% / 1) leaves "
            "--muted on --panel (#f3f2f1) in light mode with a contrast of 2.5:1, below the "
            "4.5:1 text needs: choose a darker colour, such as #6e6e6e",
        ],
    )


# --- the group's logo (`logo`) ------------------------------------------------------------------

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
    '<circle cx="20" cy="20" r="18" fill="#00607a"/></svg>\n'
)


def test_logo_shows_before_the_groups_name_in_every_pages_header(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The logo is in the header's link to the home page, before the group's name, from each
    page's depth, with empty alt text: the name beside it says what the link is."""
    site, folder = own_theme(tmp_path)
    (folder / "static/brand").mkdir(parents=True)
    (folder / "static/brand/logo.svg").write_text(LOGO_SVG)
    with (site / "site.yml").open("a") as settings:
        settings.write("logo: brand/logo.svg\n")
    out = tmp_path / "out"
    for page, depth in every_page_built(site, out, capsys, monkeypatch):
        html = (out / page).read_text()
        home = "/group/" if page == "404.html" else depth
        assert (
            f'<a class="site-title" href="{home}"><img class="site-logo" '
            f'src="{depth}static/brand/logo.svg" alt="">Minimal group</a>'
        ) in html, page
    assert (out / "static/brand/logo.svg").read_text() == LOGO_SVG


LOGO_DARK_SVG = LOGO_SVG.replace("#00607a", "#7fd0e3")


def test_logo_dark_is_the_logo_a_dark_mode_reader_is_shown_in_every_pages_header(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """`logo_dark` is a source of the header's picture for dark mode, the `logo` the image
    every other reader is shown, each from the page's depth."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir(parents=True)
    (folder / "static/logo.svg").write_text(LOGO_SVG)
    (folder / "static/logo-dark.svg").write_text(LOGO_DARK_SVG)
    with (site / "site.yml").open("a") as settings:
        settings.write("logo: logo.svg\nlogo_dark: logo-dark.svg\n")
    out = tmp_path / "out"
    for page, depth in every_page_built(site, out, capsys, monkeypatch):
        html = (out / page).read_text()
        home = "/group/" if page == "404.html" else depth
        assert (
            f'<a class="site-title" href="{home}"><picture><source srcset="{depth}static/'
            'logo-dark.svg" media="screen and (prefers-color-scheme: dark)"><img class="site-logo" '
            f'src="{depth}static/logo.svg" alt=""></picture>Minimal group</a>'
        ) in html, page
    assert (out / "static/logo-dark.svg").read_text() == LOGO_DARK_SVG


@pytest.mark.parametrize(
    ("written", "told"),
    [
        (
            "logo: logo.svg\nlogo_dark: logo-drak.svg",
            "site.yml:8:12: error: logo_dark: there is no themes/dfpg/static/logo-drak.svg; did "
            "you mean 'logo-dark.svg'?",
        ),
        (
            "logo: logo.svg\nlogo_dark: https://example.org/logo-dark.svg",
            "site.yml:8:12: error: logo_dark: 'https://example.org/logo-dark.svg' is a web "
            "address: logo_dark takes a file of the site's own; save it in the site theme's "
            "static/ folder and write its name, such as logo-dark.png",
        ),
        (
            "logo: logo.svg\nlogo_dark: logo-dark.css",
            "site.yml:8:12: error: logo_dark: 'logo-dark.css' is not an image: logo_dark takes a "
            "file ending .svg, .png, .jpg, .jpeg, .gif, .webp, .avif in the site theme's static/ "
            "folder, such as logo-dark.png",
        ),
        (
            "logo_dark: logo-dark.svg",
            "site.yml:7:12: error: logo_dark is the logo dark mode shows in place of logo, and "
            "there is no logo: add logo: with the one light mode shows (or write logo: instead, "
            "for one logo in both)",
        ),
        (
            "logo: logo.svg\nlogo-dark: logo-dark.svg",
            "site.yml:8:1: error: unknown field 'logo-dark'; did you mean 'logo_dark'?",
        ),
    ],
)
def test_a_dark_logo_that_is_not_an_image_of_the_theme_or_has_no_logo_is_an_error_at_it(
    written: str, told: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/logo.svg").write_text(LOGO_SVG)
    (folder / "static/logo-dark.svg").write_text(LOGO_DARK_SVG)
    with (site / "site.yml").open("a") as settings:
        settings.write(f"{written}\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (1, [told])


def test_without_a_logo_the_header_shows_the_groups_name_alone(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site = copy_site("minimal", tmp_path / "site")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0, run.err
    html = (out / "actions/index.html").read_text()
    assert '<a class="site-title" href="../">Minimal group</a>' in html
    assert "site-logo" not in html


@pytest.mark.parametrize(
    ("written", "told"),
    [
        (
            "logo.png",
            "site.yml:7:7: error: logo: there is no themes/dfpg/static/logo.png; did you mean "
            "'logo.svg'?",
        ),
        (
            "crest.png",
            "site.yml:7:7: error: logo: there is no themes/dfpg/static/crest.png; it has "
            "'logo.svg'",
        ),
        (
            "https://example.org/logo.png",
            "site.yml:7:7: error: logo: 'https://example.org/logo.png' is a web address: logo "
            "takes a file of the site's own; save it in the site theme's static/ folder and "
            "write its name, such as logo.png",
        ),
        (
            "logo.pdf",
            "site.yml:7:7: error: logo: 'logo.pdf' is not an image: logo takes a file ending "
            ".svg, .png, .jpg, .jpeg, .gif, .webp, .avif in the site theme's static/ folder, "
            "such as logo.png",
        ),
        (
            "/static/logo.svg",
            "site.yml:7:7: error: logo: '/static/logo.svg' is an absolute path: write the "
            "file's path from the site theme's static/ folder, 'logo.svg'",
        ),
        (
            "[logo.svg]",
            "site.yml:7:7: error: logo must be text, not a list or mapping",
        ),
    ],
)
def test_a_logo_that_is_not_an_image_of_the_theme_is_an_error_at_it(
    written: str, told: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/logo.svg").write_text(LOGO_SVG)
    (folder / "static/brand.css").write_text(BRAND_BOTH)
    with (site / "site.yml").open("a") as settings:
        settings.write(f"logo: {written}\n")
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.problem_lines) == (1, [told])


def test_a_themes_own_header_that_does_not_show_the_logo_is_a_warning_at_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/logo.svg").write_text(LOGO_SVG)
    base = (DEFAULT / "base.html").read_text()
    shown = base[base.index("{% if logo %}") : base.index("{{ site.title }}</a>")]
    assert '<img class="site-logo" src="{{ logo }}" alt="">' in shown
    (folder / "templates/base.html").write_text(base.replace(shown, ""))
    with (site / "site.yml").open("a") as settings:
        settings.write("logo: logo.svg\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0
    at = base.splitlines().index('<header class="site-header">') + 1
    assert theme_lines(run.problem_lines) == [
        f"themes/dfpg/templates/base.html:{at}:1: warning: this <header> does not show the "
        "logo of site.yml, so its pages would go without it: before the site's name, add "
        '{% if logo %}<img class="site-logo" src="{{ logo }}" alt="">{% endif %}, as the '
        "default base.html has it (with logo_dark's <picture> around the <img>)"
    ]
    assert "site-logo" not in (out / "actions/index.html").read_text()


def test_a_themes_own_header_that_shows_the_logo_but_not_dark_modes_is_a_warning_at_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A copy of base.html made before `logo_dark` shows the light logo in dark mode too: a
    warning at its `<header>` saying what to put around the image, which, done, ends it."""
    site, folder = own_theme(tmp_path)
    (folder / "static").mkdir()
    (folder / "static/logo.svg").write_text(LOGO_SVG)
    (folder / "static/logo-dark.svg").write_text(LOGO_DARK_SVG)
    base = (DEFAULT / "base.html").read_text()
    shown = base[base.index("{% if logo %}") : base.index("{{ site.title }}</a>")]
    older = '{% if logo %}<img class="site-logo" src="{{ logo }}" alt="">{% endif %}'
    (folder / "templates/base.html").write_text(base.replace(shown, older))
    with (site / "site.yml").open("a") as settings:
        settings.write("logo: logo.svg\nlogo_dark: logo-dark.svg\n")
    out = tmp_path / "out"
    run = run_cli(["build", "--source", str(site), "--output", str(out)], capsys, monkeypatch)
    assert run.code == 0
    at = base.splitlines().index('<header class="site-header">') + 1
    assert theme_lines(run.problem_lines) == [
        f"themes/dfpg/templates/base.html:{at}:1: warning: this <header> shows the logo of "
        "site.yml but not dark mode's (logo_dark), so dark mode shows the light one: before "
        'its <img class="site-logo" …>, add {% if logo_dark %}<picture><source srcset="{{ '
        'logo_dark }}" media="screen and (prefers-color-scheme: dark)">{% endif %}, and after '
        "it {% if logo_dark %}</picture>{% endif %}, as the default base.html has it"
    ]
    assert "<picture>" not in (out / "actions/index.html").read_text()
    (folder / "templates/base.html").write_text(base)
    run = run_cli(["check", "--source", str(site)], capsys, monkeypatch)
    assert theme_lines(run.problem_lines) == []
