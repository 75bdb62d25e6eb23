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
    # Build from a copy of what the package is made of, so the checkout is left as it was
    # (setuptools writes egg-info beside the sources).
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, project / name)
    shutil.copytree(
        REPO / "generator",
        project / "generator",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--outdir", dist, project], tmp_path)
    wheel = dist / f"nominutes-{__version__}-py3-none-any.whl"
    sdist = dist / f"nominutes-{__version__}.tar.gz"

    wanted = _data_files()
    assert "generator/themes/default/templates/meeting.html" in wanted
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: info for info in archive.infolist()}
        assert [name for name in wanted if name not in entries] == []
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

    # The installed wheel's `nominutes init` writes the very same starter.
    (tmp_path / "again").mkdir()
    _run([installed, "init", "our-group"], tmp_path / "again")
    assert _files_of(tmp_path / "again/our-group") == starter


def _files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
