"""`nominutes upgrade`, as a group's volunteer runs it after moving the site to a new
nominutes: schemas/ written again, the starter's other files compared and left alone, a site
theme's overrides named."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator import __version__
from generator.site.theme_files import BUILTIN_THEME
from tests.conftest import run_cli

OLD_SCHEMA = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "older"}\n'


@pytest.fixture
def site(tmp_path: Path, capsys, monkeypatch) -> Path:
    """A site as `init` wrote it with this version, its title the group's."""
    folder = tmp_path / "our-group"
    assert run_cli(["init", str(folder), "Riverside group"], capsys, monkeypatch).code == 0
    return folder


def test_upgrade_of_a_site_init_wrote_now_changes_nothing(site: Path, capsys, monkeypatch) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    run = run_cli(["upgrade", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        f"schemas/ already holds nominutes {__version__}'s 4 schemas",
        f"the Makefile, CI workflow and the starter's other files are nominutes {__version__}'s",
        "next: nominutes check",
    ]
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_upgrade_writes_the_schemas_again_and_names_the_files_that_differ_without_changing_them(
    site: Path, capsys, monkeypatch
) -> None:
    """An older version's schemas are replaced; the Makefile the group changed, and the
    .gitignore it deleted, are named and left as they are; a theme's template that differs
    from the default's is named with the default's path, one the same as the default's
    with a note that it can go."""
    (site / "schemas/meeting.schema.json").write_text(OLD_SCHEMA)
    (site / "schemas/theme.schema.json").unlink()
    makefile = (site / "Makefile").read_text() + "\npublish: site\n\trsync -a _site/ host:\n"
    (site / "Makefile").write_text(makefile)
    (site / ".gitignore").unlink()
    templates = site / "themes/ours/templates"
    templates.mkdir(parents=True)
    meeting = (BUILTIN_THEME / "templates/meeting.html").read_text()
    (templates / "meeting.html").write_text(meeting.replace("<h1", '<h1 class="ours"', 1))
    (site / "themes/ours/static").mkdir()
    (site / "themes/ours/static/icon.svg").write_bytes(
        (BUILTIN_THEME / "static/icon.svg").read_bytes()
    )
    monkeypatch.chdir(site / "content")  # the site found from inside it, as git finds a repo
    run = run_cli(["upgrade"], capsys, monkeypatch)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        "wrote schemas/meeting.schema.json",
        "wrote schemas/theme.schema.json",
        f"differ from what nominutes {__version__}'s init writes (left as they are: compare, "
        "and copy in what you want; --diff shows how):",
        "  Makefile",
        "  .gitignore (not in the site)",
        "your theme overrides these of the default theme: compare each with this version's, "
        'and bring in what changed (README.md, "Upgrading"):',
        "  themes/ours/templates/meeting.html: this version's is "
        f"{BUILTIN_THEME / 'templates/meeting.html'}",
        "note: themes/ours/static/icon.svg is the same as the default's: delete it to follow "
        "the default",
        "next: nominutes check",
    ]
    for name in ("meeting", "theme", "site", "principles"):
        shipped = (
            Path(__file__).parent.parent / f"generator/schemas/{name}.schema.json"
        ).read_text()
        assert (site / f"schemas/{name}.schema.json").read_text() == shipped
    assert (site / "Makefile").read_text() == makefile
    assert not (site / ".gitignore").exists()

    shown = run_cli(["upgrade", "--diff"], capsys, monkeypatch)
    assert shown.code == 0
    lines = shown.out.splitlines()
    assert lines[0] == f"schemas/ already holds nominutes {__version__}'s 4 schemas"
    assert lines[1].endswith("(left as they are: compare, and copy in what you want):")
    assert "--- Makefile (the site's)" in lines and "+++ Makefile (this version's)" in lines
    assert "-publish: site" in lines and "-\trsync -a _site/ host:" in lines  # its tab kept
    at = lines.index("--- .gitignore (the site's)")
    assert lines[at + 1 : at + 6] == [
        "+++ .gitignore (this version's)",
        "@@ -0,0 +1,3 @@",
        "+.venv/",
        "+_site/",
        "+.cache/",
    ]


def written_by(readme: str, version: str) -> str:
    """The starter's README as an older nominutes, `version`, wrote it: its lines on where
    nominutes comes from name that version."""
    for line in (
        f"`nominutes=={__version__}`",
        f"nominutes@v{__version__}`",
        f"nominutes-{__version__}-py3",
    ):
        assert line in readme
        readme = readme.replace(line, line.replace(__version__, version))
    return readme


def test_a_readme_written_by_an_older_version_differs_only_where_its_text_does(
    site: Path, capsys, monkeypatch
) -> None:
    """The starter's README names the version that wrote it: a site moved to this version
    is not told its README differs for that alone, and when its text does differ, --diff
    shows that change and not the version lines."""
    readme = site / "README.md"
    readme.write_text(written_by(readme.read_text(), "0.0.9"))
    run = run_cli(["upgrade", "--source", str(site)], capsys, monkeypatch)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[1] == (
        f"the Makefile, CI workflow and the starter's other files are nominutes {__version__}'s"
    )
    text = readme.read_text()
    step = "2. **Push this folder to a new GitHub repository**"
    assert step in text
    readme.write_text(text.replace(step, "2. **Push this folder to GitLab**"))
    run = run_cli(["upgrade", "--source", str(site), "--diff"], capsys, monkeypatch)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[1:3] == [
        f"differ from what nominutes {__version__}'s init writes (left as they are: compare, "
        "and copy in what you want):",
        "  README.md",
    ]
    changed = [line for line in lines if line.startswith(("-", "+"))]
    assert changed == [
        "--- README.md (the site's)",
        "+++ README.md (this version's)",
        "-2. **Push this folder to GitLab**, with `main` as its default branch.",
        "+2. **Push this folder to a new GitHub repository**, with `main` as its default branch.",
    ]


def test_upgrade_outside_a_site_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli(["upgrade"], capsys, monkeypatch)
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "error: this folder is not a nominutes site (no site.yml here or above it): cd into "
        "the site, or give --source\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_in_a_site_points_to_upgrade(site: Path, capsys, monkeypatch) -> None:
    run = run_cli(["init", str(site)], capsys, monkeypatch)
    assert run.code == 2
    assert run.err == (
        f"error: {site} already holds a site (its site.yml); init starts a new one. To bring "
        f"this site's schemas/ up to nominutes {__version__}, and see which of its other files "
        f"differ from this version's, run: nominutes upgrade --source {site}\n"
    )


def test_the_starters_make_upgrade_runs_upgrade_after_installing(site: Path) -> None:
    """`make upgrade` installs what requirements.txt names (when it changed) first."""
    outer = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")  # when the tests run under `make test`
    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", "upgrade", "UPGRADE_FLAGS=--diff"],
        cwd=site,
        env={name: value for name, value in os.environ.items() if name not in outer},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert planned[-2:] == [
        "touch .venv/.installed",
        ".venv/bin/nominutes upgrade --source . --diff",
    ]
    assert ".venv/bin/pip install --quiet -r requirements.txt" in planned


@pytest.mark.parametrize("linked", ["schemas/meeting.schema.json", "schemas"])
def test_upgrade_never_writes_through_a_link_in_schemas(
    linked: str, site: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """A schema (or schemas/) linked to a file outside the site, as a pull request can slip
    in: upgrade refuses it with a message and writes no schema, not even one that differs."""
    victim = tmp_path / "victim"
    if linked == "schemas":
        (site / "schemas").rename(victim)
        (victim / "meeting.schema.json").write_text(OLD_SCHEMA)
    else:
        victim.write_text("left alone\n")
        (site / linked).unlink()
    (site / linked).symlink_to(victim)
    (site / "schemas/site.schema.json").write_text(OLD_SCHEMA)
    run = run_cli(["upgrade", "--source", str(site)], capsys, monkeypatch)
    kind = "folder" if linked == "schemas" else "file"
    assert (run.code, run.out) == (2, "")
    assert run.err.strip() == (
        f"error: {linked} is a symbolic link (to {victim}), and nominutes upgrade never writes "
        "through one, which could write over a file outside the site: delete the link (or put "
        f"the {kind} itself in its place) and run it again"
    )
    if linked == "schemas":
        assert (victim / "meeting.schema.json").read_text() == OLD_SCHEMA
    else:
        assert victim.read_text() == "left alone\n"
    assert (site / "schemas/site.schema.json").read_text() == OLD_SCHEMA


@pytest.mark.parametrize(
    ("command", "closed"),
    [(["upgrade"], "stdout"), (["upgrade", "--diff"], "stdout"), (["check"], "stderr")],
    ids=["upgrade-head", "upgrade-diff-head", "check-errors-head"],
)
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "unbuffered"])
def test_a_reader_that_stops_early_ends_the_command_quietly(
    site: Path, command: list[str], closed: str, unbuffered: str
) -> None:
    """`nominutes upgrade | head -1`, or `check 2>&1 | head -1` on a site with problems: the
    reader closes the pipe before the command has written all it has to say, and the command
    ends as git does, by SIGPIPE (a shell's 141), with no traceback."""
    import signal
    import sys

    if closed == "stderr":  # a problem to report: a meeting with no themes
        meetings = site / "content/meetings"
        meeting = next(meetings.glob("*.md"))
        text = meeting.read_text()
        meeting.write_text(text.replace("themes: [", "themes: []\n# was: [", 1))
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", *command, "--source", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
    )
    getattr(child, closed).close()  # before the command has started writing
    other = child.stderr if closed == "stdout" else child.stdout
    said = other.read().decode()
    assert child.wait(timeout=60) == -signal.SIGPIPE
    assert "Traceback" not in said and "BrokenPipeError" not in said, said
    if closed == "stdout":
        assert said == ""
