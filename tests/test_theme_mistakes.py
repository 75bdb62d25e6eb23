"""A site theme's template mistakes, as a volunteer makes them: each an error at the
volunteer's own file, line and column, in their words, every one in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, edit, run_cli

DEFAULT = REPO / "generator/themes/default/templates"
THEME = "themes/dfpg"


def default_with(name: str, old: str, new: str) -> str:
    """The default theme's template `name` with `old` (there once) made `new`."""
    text = (DEFAULT / name).read_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, part: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if part in line)


@pytest.fixture
def dfpg(tmp_path: Path) -> Path:
    """The minimal site with its own look, `site_theme: dfpg`, yet to be given templates."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsite_theme: dfpg\n")
    (site / THEME / "templates").mkdir(parents=True)
    return site


def write(site: Path, path: str, text: str) -> None:
    (site / THEME / path).parent.mkdir(parents=True, exist_ok=True)
    (site / THEME / path).write_text(text)


def build(site: Path, capsys, monkeypatch, *extra: str):
    out = site.parent / "out"
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out), *extra], capsys, monkeypatch
    )
    assert run.code == 1, run.out + run.err
    assert not out.exists()  # nothing published
    return run


def test_every_template_mistake_is_shown_in_one_run_each_once(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """Not only the first page's: a mistake in meeting.html fails every meeting's page, and
    is shown once, at the first of them."""
    meeting = default_with("meeting.html", "<h1>{{ meeting.title }}</h1>", "<h1>{{ 1/0 }}</h1>")
    write(dfpg, "templates/meeting.html", meeting)
    themes = '{% extends "base.html" %}\n{% block main %}\n<p>{{ }}</p>\n{% endblock %}\n'
    write(dfpg, "templates/themes.html", themes)
    at = line_of(meeting, "{{ 1/0 }}")
    run = build(dfpg, capsys, monkeypatch, "--jobs", "2")
    assert run.error_lines == [
        f"{THEME}/templates/meeting.html:{at}:{meeting.splitlines()[at - 1].index('{{') + 1}: "
        "error: template error while rendering /meetings/2024-01-15-kick-off/: division by zero",
        f"{THEME}/templates/themes.html:3:4: error: template error while rendering /themes/: "
        "Expected an expression, got 'end of print statement'",
    ]
