"""A rebuild follows the change, not the site: unchanged source files are not read, and the
output folder is not walked for stale files (the last build's list of files says them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import BUILD_EPOCH, REPO, copy_site, snapshot

# Builds the site in a fresh process and reports what it opened under content/ and which
# folders it listed under the output, as Python's audit events see them.
WATCHED_BUILD = """
import json, sys
from pathlib import Path
source, output = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
opened, listed = [], []
def watch(event, args):
    if event == "open" and isinstance(args[0], str) and "/content/" in args[0]:
        opened.append(args[0])
    if event == "os.scandir" and args and str(args[0]).startswith(str(output)):
        listed.append(str(args[0]))
sys.addaudithook(watch)
from generator.cli import main
code = main(["build", "-q", "--source", str(source), "--output", str(output)])
print(json.dumps({"code": code, "opened": opened, "listed": listed}))
"""


def watched_build(site: Path, out: Path) -> dict:
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_BUILD, str(site), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def age(site: Path) -> None:
    """Date every source file a minute back, as files checked out a while ago are."""
    past = time.time() - 60
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_a_rebuild_reads_no_unchanged_file_and_walks_no_output(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    first = watched_build(site, out)
    assert any(path.endswith(".md") for path in first["opened"])
    again = watched_build(site, out)
    assert again["code"] == 0
    assert [path for path in again["opened"] if "/meetings/" in path] == []
    assert again["listed"] == []  # the output folder is not walked
    # An edit is seen, and only the edited file is read.
    note = site / "content/meetings/2024-03-11-third.md"
    note.write_text(note.read_text().replace("title: ", "title: Edited ", 1))
    edited = watched_build(site, out)
    assert [path for path in edited["opened"] if "/meetings/" in path] == [str(note.resolve())]
    fresh = tmp_path / "fresh"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "-q",
            "--no-cache",
            "--source",
            str(site),
            "--output",
            str(fresh),
        ],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONPATH": str(REPO)},
    )
    assert snapshot(out, without_search_index=True) == snapshot(fresh, without_search_index=True)


def test_a_file_put_beside_the_pages_by_hand_is_removed(tmp_path: Path) -> None:
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    watched_build(site, out)
    (out / "stray.html").write_text("not ours")
    rebuilt = watched_build(site, out)
    assert rebuilt["listed"]  # the folder changed since the last build: it is walked
    assert not (out / "stray.html").exists()
    assert watched_build(site, out)["listed"] == []


def test_a_file_changed_just_after_it_was_read_is_read_again(tmp_path: Path) -> None:
    """A file written less than two seconds before a build is not recorded: an edit in the
    same tick of the clock that kept its size would otherwise go unseen."""
    site, out = copy_site("minimal", tmp_path / "site"), tmp_path / "out"
    age(site)
    note = site / "content/meetings/2024-03-11-third.md"
    # Saved "just now" as the build sees it, however slow the machine: a time ahead of its
    # clock is always within the two seconds.
    ahead = time.time_ns() + 3600 * 10**9
    os.utime(note, ns=(ahead, ahead))
    watched_build(site, out)
    saved = note.stat()
    note.write_text(note.read_text().replace("Third meeting", "Fifth meeting"))
    os.utime(note, ns=(saved.st_atime_ns, saved.st_mtime_ns))  # the same time, the same size
    assert note.stat().st_size == saved.st_size
    watched_build(site, out)
    assert "Fifth meeting" in (out / "meetings/2024-03-11-third/index.html").read_text()
