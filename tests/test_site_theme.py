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
