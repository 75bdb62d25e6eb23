"""Shared helpers: build a site as a user would and read back what it wrote."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from generator.cli import main
from generator.content.model import Meeting

# The generated tests draw the same examples on every run, so a test run (and CI) is
# repeatable; `HYPOTHESIS_PROFILE=explore make test` draws new ones each run, to look for more.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

TESTS = Path(__file__).parent
REPO = TESTS.parent
SITES = TESTS / "sites"
# Builds in tests are pinned to this date (2024-03-11, the minimal site's latest meeting) so
# "overdue" and "as of" are stable.
BUILD_EPOCH = "1710172800"


def epoch_on(day: date) -> str:
    """The build date `day`, as SOURCE_DATE_EPOCH gives it (its noon, in UTC)."""
    return str(int(datetime.combine(day, time(12), tzinfo=UTC).timestamp()))


# What ends the line of a warning that --strict made an error.
STRICT_NOTE = " (a warning; --strict makes it an error)"


def strictly(warned: str) -> str:
    """A warning's line as --strict prints it: an error that says it was a warning."""
    return warned.replace(": warning: ", ": error: ", 1) + STRICT_NOTE


# The minimal site's one warning at that date: an advisory one, which never fails --strict.
MISSED_REPORT_BACK = (
    "content/meetings/2024-03-11-third.md:3:7: warning: action 'write-guidance' was due by "
    "1 March 2024; this meeting does not report back on it (add '- id: write-guidance' with its "
    "status under actions; if the meeting did not get to it, with a note saying so: note: Not "
    "discussed; carried to the next meeting)"
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def problem_lines(self) -> list[str]:
        return [
            line for line in self.err.splitlines() if ": error: " in line or ": warning: " in line
        ]

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.problem_lines if ": error: " in line]


def run_cli(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    epoch: str = BUILD_EPOCH,
) -> Run:
    """Run the command line in-process (fast), with the build date pinned."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code = main(args)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def run_subprocess(args: list[str], cwd: Path | None = None, **env: str) -> Run:
    """Run `python -m generator` in a child process, exactly as CI would."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, **env}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_site(name: str, destination: Path) -> Path:
    shutil.copytree(
        SITES / name, destination, symlinks=True, ignore=shutil.ignore_patterns(".cache")
    )
    return destination


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory`, its search index's too, with a hash of its bytes."""
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def minimal_site(tmp_path: Path) -> Path:
    return copy_site("minimal", tmp_path / "site")


@pytest.fixture(scope="session")
def minimal_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the minimal site for tests that build it as it is. Each test process has
    its own, so no two processes share a build cache (and tests/sites/ stays untouched)."""
    return copy_site("minimal", tmp_path_factory.mktemp("minimal-source") / "site")


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory, minimal_source: Path) -> Path:
    """The minimal site built once, for tests that only read pages."""
    out = tmp_path_factory.mktemp("minimal") / "_site"
    result = run_subprocess(["build", "--source", str(minimal_source), "--output", str(out)])
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample site, built once (without a cache: a test leaves nothing
    in the checkout)."""
    out = tmp_path_factory.mktemp("sample") / "_site"
    command = ["build", "--no-cache", "--source", str(REPO), "--output", str(out)]
    result = run_subprocess(command)
    assert result.code == 0, result.err
    return out


def synthetic_site(destination: Path, count: int, *, defaults: bool = False) -> Path:
    """The benchmark's synthetic site (bench/synth.py), small: themes, owners and actions
    raised and updated across meetings, in several pages of lists. With `defaults`, search
    and history on, committed to a new git repository."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    synth.write_nominutes(destination, count, defaults=defaults)
    return destination


def edit(site: Path, relative: str, old: str, new: str, count: int = -1) -> None:
    """Replace `old` (which must be there) by `new` in a file of `site`: every time, or the
    first `count` times."""
    path = site / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count))


def git(site: Path, *args: str) -> str:
    """Run git in `site` as a test user, with no system or user configuration."""
    done = subprocess.run(
        ["git", "-C", str(site), *args],
        check=True,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(site),
            "PATH": "/usr/bin:/bin",
        },
    )
    return done.stdout.strip()


def shown_otherwise(meeting: Meeting) -> Meeting:
    """`meeting` changed only in what it shows of itself: its title, summary, its actions'
    titles and notes (an update's note, not whether it has one: one with none may change
    nothing), its decisions' texts."""
    return replace(
        meeting,
        title=f"{meeting.title}, renamed",
        summary="Renamed.",
        actions=tuple(
            replace(
                e,
                title=e.title and f"{e.title}, renamed",
                note="Noted." if e.title is not None or e.note is not None else None,
            )
            for e in meeting.actions
        ),
        decisions=tuple(replace(d, text=f"{d.text}, reworded") for d in meeting.decisions),
    )
