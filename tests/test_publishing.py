"""A group's site as `init` writes it, published by its own workflow: the commands in its
YAML, run as CI runs them, on a site whose actions have gone long overdue."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.scaffold.create import init_site
from tests.conftest import BUILD_EPOCH, run_cli

SITE_SETTINGS = """\
title: Solar schools group
base_url: https://solar-group.github.io/notes/
repo_url: https://github.com/solar-group/notes
feedback_url: mailto:solar@councils.example.org
"""
OVERDUE_MEETING = """\
---
title: Kick-off
date: 2024-01-10
themes: [getting-started]
actions:
  - id: survey-roofs
    title: Survey the roofs of the eight schools
    owner: Priya
    due: 2024-01-20
---
We met.
"""


def workflow_commands(site: Path) -> dict[str, list[str]]:
    """The `run:` steps of each job of the site's own workflow."""
    workflow = yaml.safe_load((site / ".github/workflows/site.yml").read_text())
    return {
        name: [step["run"] for step in job.get("steps", []) if "run" in step]
        for name, job in workflow["jobs"].items()
    }


@pytest.fixture
def group_site(tmp_path: Path) -> Path:
    """A starter site whose .venv already holds this nominutes (as the Makefile would
    install it), with its settings filled in and an action 50 days overdue."""
    site = tmp_path / "notes"
    init_site(site, today=date(2024, 1, 10))
    (site / "site.yml").write_text(SITE_SETTINGS)
    for old in (site / "content/meetings").iterdir():
        old.unlink()
    (site / "content/meetings/2024-01-10-kick-off.md").write_text(OVERDUE_MEETING)
    bin_dir = site / ".venv/bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / "nominutes"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m generator "$@"\n')
    launcher.chmod(0o755)
    stamp = site / ".venv/.installed"
    stamp.touch()
    os.utime(stamp, (2e9, 2e9))  # newer than requirements.txt: make installs nothing
    return site


def run_step(command: str, site: Path) -> subprocess.CompletedProcess[str]:
    repo = Path(__file__).parent.parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "CI": "true", "PYTHONPATH": str(repo)}
    return subprocess.run(
        command, shell=True, cwd=site, env=env, capture_output=True, text=True, timeout=300
    )


def annotations(run: subprocess.CompletedProcess[str]) -> list[str]:
    """The GitHub annotations in a step's output (make also echoes the command it runs)."""
    return [line for line in run.stdout.splitlines() if line.startswith("::")]


def test_long_overdue_actions_never_stop_publishing_but_content_warnings_do(
    group_site: Path,
) -> None:
    commands = workflow_commands(group_site)
    [check], [build] = commands["check"], commands["build"]

    # Only time is against the site: the pull request passes and main publishes.
    overdue = (
        "::warning file=content/meetings/2024-01-10-kick-off.md,line=6,col=9::action "
        "'survey-roofs' is open and 51 days overdue (more than overdue_grace_days: 28); "
        "at the next meeting, under actions:, `- id: survey-roofs` with `status: done` or "
        "`dropped`, or a new `due:` date"
    )
    passed = run_step(check, group_site)
    assert passed.returncode == 0, passed.stderr
    assert annotations(passed) == [overdue]
    # A push straight to main (GitHub's web editor) is annotated by the build alike.
    published = run_step(build, group_site)
    assert published.returncode == 0, published.stderr
    assert (group_site / "_site/actions/survey-roofs/index.html").is_file()
    assert annotations(published) == [overdue]

    # A content warning (a theme no meeting discusses) fails both, the same way.
    (group_site / "content/themes/unused.md").write_text("---\ntitle: Unused\n---\nx\n")
    failed = run_step(check, group_site)
    assert failed.returncode != 0
    assert annotations(failed)[-1] == (
        "::error file=content/themes/unused.md,line=2,col=1::no meeting discusses theme "
        "'unused'; add it to a meeting's themes"
    )
    assert annotations(failed)[0].startswith("::warning ")  # the overdue action
    before = (group_site / "_site/index.html").read_bytes()
    stopped = run_step(build, group_site)
    assert stopped.returncode != 0
    assert (
        annotations(stopped)
        == annotations(failed)
        == [
            overdue,
            "::error file=content/themes/unused.md,line=2,col=1::no meeting discusses theme "
            "'unused'; add it to a meeting's themes",
        ]
    )
    assert "1 error(s); nothing was written" in stopped.stderr
    assert (group_site / "_site/index.html").read_bytes() == before


def test_strict_never_fails_on_time_alone(group_site: Path, capsys, monkeypatch) -> None:
    for command in (["check", "--strict"], ["build", "--strict", "--quiet"]):
        run = run_cli([*command, "--source", str(group_site)], capsys, monkeypatch)
        assert run.code == 0, run.err
        assert run.problem_lines == [
            "content/meetings/2024-01-10-kick-off.md:6:9: warning: action 'survey-roofs' is "
            "open and 51 days overdue (more than overdue_grace_days: 28); at the next meeting, "
            "under actions:, `- id: survey-roofs` with `status: done` or `dropped`, or a new "
            "`due:` date"
        ]
