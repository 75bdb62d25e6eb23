"""The package as a new group meets it: built with `python -m build`, a starter from
`nominutes init`, whose own Makefile installs the wheel into a fresh virtual environment and
builds; then the installed `nominutes init`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from tests.conftest import REPO

# Files that are not Python but that the package needs at run time.
DATA_FOLDERS = ("generator/themes", "generator/schemas", "generator/scaffold/starter")


def _data_files() -> list[str]:
    return sorted(
        path.relative_to(REPO).as_posix()
        for folder in DATA_FOLDERS
        for path in (REPO / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _run(command: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_data_folders_hold_real_files_not_links() -> None:
    for folder in DATA_FOLDERS:
        assert not (REPO / folder).is_symlink(), folder
        links = [p for p in (REPO / folder).rglob("*") if p.is_symlink()]
        assert links == [], links


@pytest.mark.slow
def test_the_built_wheel_installs_and_its_starter_site_builds_and_checks(tmp_path: Path) -> None:
    # Build from a copy of what the package is made of, so the checkout is left as it was.
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "Makefile"):
        shutil.copyfile(REPO / name, project / name)
    shutil.copytree(
        REPO / "generator",
        project / "generator",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    # `make dist`, as a developer makes a release, with this Python's tools; a file left in a
    # build/ folder by an earlier build of a tree that has since dropped it stays out.
    stale = project / "build/lib/generator/scaffold/starter/content/files/stale.svg"
    stale.parent.mkdir(parents=True)
    stale.write_text("<svg/>")
    tools = Path(sys.executable).parent
    _run(["make", "-o", ".venv/.installed", "dist", f"BIN={tools}"], project)
    dist = project / "dist"
    wheel = dist / f"nominutes-{__version__}-py3-none-any.whl"
    sdist = dist / f"nominutes-{__version__}.tar.gz"
    # So does a wheel built straight from the folder, as `pip install FOLDER` builds it (the
    # README's install from a folder), after one built before a starter file was deleted.
    deleted = project / "generator/scaffold/starter/content/files/deleted.svg"
    deleted.write_text("<svg/>")
    for folder in ("before", "after"):
        _run([tools / "python", "-m", "build", "--wheel", "--outdir", tmp_path / folder], project)
        deleted.unlink(missing_ok=True)
    with zipfile.ZipFile(tmp_path / "before" / wheel.name) as archive:
        assert [name for name in archive.namelist() if name.endswith("deleted.svg")] != []
    with zipfile.ZipFile(tmp_path / "after" / wheel.name) as archive:
        assert [name for name in archive.namelist() if name.endswith("deleted.svg")] == []
        assert [name for name in _data_files() if name not in archive.namelist()] == []

    wanted = _data_files()
    assert "generator/themes/default/templates/meeting.html" in wanted
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: info for info in archive.infolist()}
        assert [name for name in wanted if name not in entries] == []
        assert not [name for name in entries if name.endswith("stale.svg")]
        assert [
            name for name, info in entries.items() if stat.S_ISLNK(info.external_attr >> 16)
        ] == []
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if "/" in m.name}
        assert [name for name in wanted if name not in members] == []
        assert [m.name for m in members.values() if m.issym() or m.islnk()] == []

    # The starter as the checkout writes it; its own Makefile then makes its own .venv from
    # requirements.txt, with the wheel folder served as a package index would serve it (one
    # fresh install: the wheel and every dependency), and builds.
    init = _run([sys.executable, "-m", "generator", "init", "our-group"], tmp_path)
    site = tmp_path / "our-group"
    assert f"wrote {Path('our-group') / 'requirements.txt'}" in init.stdout
    pin = [line for line in (site / "requirements.txt").read_text().splitlines() if line[:1] != "#"]
    assert pin == [f"nominutes=={__version__}"]
    starter = _files_of(site)
    made = _run(["make", "site"], site, PIP_FIND_LINKS=str(dist))
    installed = site / ".venv/bin/nominutes"
    assert installed.exists()
    assert "wrote " in made.stdout
    index = (site / "_site/index.html").read_text(encoding="utf-8")
    assert "First meeting" in index
    checked = _run(["make", "check"], site, PIP_FIND_LINKS=str(dist))
    assert "0 error(s)" in checked.stderr

    # The installed wheel's `nominutes init` writes the very same starter. pip, finding the
    # wheel through --find-links (PIP_FIND_LINKS), kept no record of where it came from: init
    # says where the release it names comes from, and how to name the wheel instead.
    (tmp_path / "again").mkdir()
    again = _run([installed, "init", "our-group"], tmp_path / "again")
    assert _files_of(tmp_path / "again/our-group") == starter
    assert again.stdout.splitlines()[-2:] == [
        f"note: requirements.txt names the release nominutes=={__version__}, which pip "
        "installs from the package index; if you installed nominutes from a wheel file or "
        f"with --find-links, copy {wheel.name} into wheels/ and name it instead: "
        f'./wheels/{wheel.name} (README.md, "Where nominutes comes from")',
        "next: cd our-group && nominutes build",
    ]

    # Installed from the wheel file itself (no package index holds this release), init
    # names that wheel, copied into the site, so the site's own `make site` installs the
    # same nominutes with no index or --find-links that has it.
    _run([sys.executable, "-m", "venv", tmp_path / "from-file"], tmp_path)
    _run([tmp_path / "from-file/bin/pip", "install", "--quiet", wheel], tmp_path)
    (tmp_path / "file").mkdir()
    init = _run([tmp_path / "from-file/bin/nominutes", "init", "my group"], tmp_path / "file")
    site = tmp_path / "file/my group"
    assert (site / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    pin = [line for line in (site / "requirements.txt").read_text().splitlines() if line[:1] != "#"]
    assert pin == [f"./wheels/{wheel.name}"]
    assert init.stdout.splitlines()[-2:] == [
        f"note: requirements.txt installs nominutes from wheels/{wheel.name}, a copy of the "
        "wheel it was installed from: commit it with the site, or name a release instead "
        '(README.md, "Where nominutes comes from")',
        "next: cd 'my group' && nominutes build",
    ]
    made = _run(["make", "site"], site, PIP_FIND_LINKS="")
    assert "wrote " in made.stdout


def _files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_init_says_where_a_release_it_names_comes_from_when_pip_kept_no_record(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Installed from a package index or with --find-links, nominutes has no record of where
    it came from: requirements.txt names the release, and init says that pip will look for
    it in the package index, and how to name a wheel file instead."""
    from generator.scaffold import create
    from tests.conftest import run_cli

    class Installed:
        def read_text(self, name: str) -> str | None:
            return None

    monkeypatch.setattr(create.metadata, "distribution", lambda name: Installed())
    done = run_cli(["init", str(tmp_path / "site")], capsys, monkeypatch)
    assert done.code == 0, done.err
    written = (tmp_path / "site/requirements.txt").read_text().splitlines()
    assert [text for text in written if text[:1] != "#"] == [f"nominutes=={__version__}"]
    wheel = f"nominutes-{__version__}-py3-none-any.whl"
    assert [text for text in done.out.splitlines() if text.startswith("note: ")] == [
        f"note: requirements.txt names the release nominutes=={__version__}, which pip "
        "installs from the package index; if you installed nominutes from a wheel file or "
        f"with --find-links, copy {wheel} into wheels/ and name it instead: ./wheels/{wheel} "
        '(README.md, "Where nominutes comes from")'
    ]


@pytest.mark.parametrize(
    ("direct_url", "line", "note"),
    [
        (
            '{"url": "https://github.com/ours/nominutes.git", "vcs_info": {"vcs": "git", '
            '"commit_id": "0123abc"}}',
            "nominutes @ git+https://github.com/ours/nominutes.git@0123abc",
            None,
        ),
        (
            '{"url": "ssh://git@github.com/ours/nominutes.git", "vcs_info": {"vcs": "git", '
            '"commit_id": "0123abc"}}',
            "nominutes @ git+ssh://git@github.com/ours/nominutes.git@0123abc",
            None,
        ),
        (
            '{"url": "https://files.example.org/nominutes-0.1.0-py3-none-any.whl", '
            '"archive_info": {}}',
            "nominutes @ https://files.example.org/nominutes-0.1.0-py3-none-any.whl",
            None,
        ),
        (
            '{"url": "https://me:s3cret@files.example.org/n.whl", "archive_info": {}}',
            f"nominutes=={__version__}",
            "nominutes came from an address with a login",
        ),
        (
            '{"url": "file:///gone/nominutes-0.1.0-py3-none-any.whl", "archive_info": {}}',
            f"nominutes=={__version__}",
            "nominutes came from a file no longer there",
        ),
        (
            '{"url": "file:///home/me/nominutes", "dir_info": {"editable": true}}',
            f"nominutes=={__version__}",
            "nominutes was installed from a folder",
        ),
    ],
)
def test_init_names_the_nominutes_it_was_installed_as(
    direct_url: str | None, line: str, note: str | None, tmp_path: Path, capsys, monkeypatch
) -> None:
    """requirements.txt installs what runs now: the release from the index, the same git
    commit or download; a folder, a lost file or an address with a password cannot be
    named for CI, and init says to change the line (the password never printed)."""
    from generator.scaffold import create
    from tests.conftest import run_cli

    class Installed:
        def read_text(self, name: str) -> str | None:
            return direct_url if name == "direct_url.json" else None

    monkeypatch.setattr(create.metadata, "distribution", lambda name: Installed())
    done = run_cli(["init", str(tmp_path / "site")], capsys, monkeypatch)
    assert done.code == 0, done.err
    written = (tmp_path / "site/requirements.txt").read_text().splitlines()
    assert [text for text in written if text[:1] != "#"] == [line]
    notes = [text for text in done.out.splitlines() if text.startswith("note: ")]
    if note is None:
        assert notes == []
    else:
        assert len(notes) == 1 and notes[0].startswith(f"note: {note}: requirements.txt names")
        assert notes[0].endswith(
            f"the release nominutes=={__version__} from the package index; if it is not "
            'there, change that line (README.md, "Where nominutes comes from")'
        )
    assert "s3cret" not in done.out + done.err
    assert not (tmp_path / "site/wheels").exists()
