"""A group's own look (`site_theme`), and a volunteer's mistakes in it: each is reported where
it was made, and none publishes pages with their content missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, edit, run_cli

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
