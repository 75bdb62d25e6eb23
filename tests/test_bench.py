"""The benchmark's stage tables name functions of the pipeline by module and name: each must
still be there, or `make bench` stops after its timed runs."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from tests.conftest import BUILD_EPOCH, REPO, run_subprocess, synthetic_site


@pytest.fixture
def bench_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    for name in ("stages", "serve_edit"):
        sys.modules.pop(name, None)
    yield importlib.import_module("stages"), importlib.import_module("serve_edit")
    for name in ("stages", "serve_edit"):
        sys.modules.pop(name, None)


def test_every_stage_the_bench_times_is_a_function_of_the_pipeline(bench_modules) -> None:
    stages, serve_edit = bench_modules
    for owner, name, label in [*stages.STAGES, *serve_edit.FRONT_MATTER_STAGES]:
        assert callable(getattr(owner, name, None)), f"{owner.__name__}.{name} ({label})"


def test_the_model_stages_are_timed_on_a_site_as_a_warm_build_reads_it(tmp_path, monkeypatch):
    """bench/model_stages.py (CONTRIBUTING's side-by-side measure) runs on a built site and
    times each whole-model stage."""
    site = synthetic_site(tmp_path / "site", 30)
    assert run_subprocess(["build", "--source", str(site)]).code == 0  # fills the cache
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("model_stages", None)
    timed = importlib.import_module("model_stages").measure(site, runs=2)
    assert [label for label, _ in timed] == [
        "cross-reference actions",
        "list the pages and what each reads",
        "list the other files",
        "what each key stands for",
    ]
    assert all(isinstance(seconds, float) and 0 <= seconds < 60 for _, seconds in timed)


def test_each_kind_of_page_is_timed_on_a_site_as_a_warm_build_reads_it(tmp_path, monkeypatch):
    """bench/page_kinds.py renders every page of a built site, once, and sums each
    template's time, pages and bytes."""
    site = synthetic_site(tmp_path / "site", 30)
    assert run_subprocess(["build", "--source", str(site)]).code == 0  # fills the cache
    built = sum(1 for _ in (site / "_site").rglob("*.html"))
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("page_kinds", None)
    timed = importlib.import_module("page_kinds").measure(site)
    kinds = {row[0]: row for row in timed}
    assert {"meeting.html", "action.html", "actions.html", "index.html"} <= kinds.keys()
    assert sum(row[1] for row in timed) == built  # every page, once
    assert kinds["meeting.html"][1] == 30 and kinds["action.html"][1] == 60
    assert [row[2] for row in timed] == sorted((row[2] for row in timed), reverse=True)
    assert all(row[3] >= 0 and row[4] > 1 for row in timed)  # a page is over a kilobyte


def test_the_bench_takes_its_build_date_as_told_so_runs_on_different_days_compare(
    tmp_path, monkeypatch
) -> None:
    """bench/page_kinds.py and bench/model_stages.py date the model `--date`, else as a
    build does, SOURCE_DATE_EPOCH's day (else today)."""
    site = synthetic_site(tmp_path / "site", 5)
    assert run_subprocess(["build", "--source", str(site)]).code == 0  # fills the cache
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("model_stages", None)
    model_stages = importlib.import_module("model_stages")
    pages_model, _ = model_stages.warm_model(site, date(2031, 2, 3))
    assert pages_model.site.settings.build_date == date(2031, 2, 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2030, 5, 6, tzinfo=UTC).timestamp())))
    pages_model, _ = model_stages.warm_model(site)
    assert pages_model.site.settings.build_date == date(2030, 5, 6)
    parser = argparse.ArgumentParser()
    model_stages.add_date_option(parser)
    assert parser.parse_args(["--date", "2029-12-31"]).date == date(2029, 12, 31)
    assert parser.parse_args([]).date is None


@pytest.mark.slow
def test_the_build_stages_processor_time_is_given_beside_their_wall_time(tmp_path) -> None:
    """`bench/stages.py --cpu build ...` gives each stage's processor time (this process's
    and the workers' it waited for) beside its wall time, so that nobody edits it to
    profile on processor time; without `--cpu`, the rows `make bench` reads, as before."""
    site = synthetic_site(tmp_path / "site", 30)
    command = [sys.executable, str(REPO / "bench/stages.py")]
    build = ["build", "--source", str(site), "-q", "--no-cache", "--jobs", "2"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    done = subprocess.run(
        [*command, "--cpu", *build], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    rows = {row[0]: row[1:] for row in json.loads(done.stdout)}
    assert all(len(row) == 2 for row in rows.values())
    wall, used = rows["whole build"]
    assert used > 0 and 0 < wall < 60
    assert 0 < rows["pages (Jinja, in workers)"][1] <= used
    done = subprocess.run([*command, *build], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert all(len(row) == 2 for row in json.loads(done.stdout))  # [stage, seconds]


@pytest.mark.slow
def test_the_wait_for_the_check_of_the_last_site_is_timed(tmp_path) -> None:
    """The check that the last site is as written runs in another process, so bench/stages.py
    times the build's wait for it, the row its account of a body edit reads."""
    site = synthetic_site(tmp_path / "site", 30)
    assert run_subprocess(["build", "--source", str(site)]).code == 0
    meeting = sorted((site / "content/meetings").glob("*.md"))[10]
    meeting.write_text(meeting.read_text() + "\nOne more line.\n")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/stages.py"), "build", "--source", str(site), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    timed = dict(json.loads(done.stdout))
    assert "put a body edit into its pages and feeds (no model)" in timed
    waited = "wait for the check that the last site is as written (in another process)"
    assert 0 <= timed[waited] < 60
    assert waited in (REPO / "bench/run.py").read_text()  # the label its account reads


@pytest.mark.slow
def test_serve_is_timed_after_each_edit_a_member_makes(tmp_path) -> None:
    """bench/serve_edit.py times serve after a body edit, a title edit, a new meeting file, a
    group's new meeting (themes, actions raised and reported done) and a draft saved, each
    by serve's quick path, as `make bench` reads them."""
    site = synthetic_site(tmp_path / "site", 30)
    meetings = list((site / "content/meetings").iterdir())
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/serve_edit.py"), str(site), "--runs", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    results = report["results"]
    edits = ["body edit", "front-matter edit", "new meeting file", "a group's new meeting"]
    for name in [*edits, "draft saved"]:
        assert [kind for _, kind in results[name]] == ["incremental", "incremental"], name
        # each rebuild's CPU time too, which a busy machine moves less than its wall time
        assert len(report["cpu"][name]) == 2 and all(0 < s < 60 for s in report["cpu"][name])
        # and until the open pages are told to reload (a new meeting's feeds follow)
        to_reload = report["cpu to reload"][name]
        assert all(0 < s <= whole for s, whole in zip(to_reload, report["cpu"][name], strict=True))
    first, second = sorted((site / "content/meetings").glob("*-a-group-meeting.md"))
    assert "  - id: g0-a0\n    status: done" in second.read_text()  # the first one's action
    # dated as a group's next meetings are: the first of the months after the last meeting
    last = max(p.name[:10] for p in meetings if p.name[:4].isdigit())
    assert last < f"{first.name[:7]}-01" == first.name[:10] < second.name[:10]
    warned = [line for line in done.stderr.splitlines() if "a-group-meeting.md" in line]
    # as a group writes one: no warning but that it is dated after the bench's today
    assert all("after today" in line for line in warned), warned


# A parent holding 80 MiB forks a child that shares them and makes 40 MiB of its own.
SHARING = """
import os, time
held = bytearray(b"p") * (80 * 1024 * 1024)
child = os.fork()
if child == 0:
    own = bytearray(b"c") * (40 * 1024 * 1024)
    time.sleep(1.5)
    os._exit(0)
os.waitpid(child, 0)
"""


def test_the_whole_builds_memory_counts_what_a_fork_shares_once(monkeypatch) -> None:
    """The bench's peak of all a build's processes adds up each one's proportional share:
    the child's own 40 MiB count, the 80 MiB it shares with its parent count once (their
    resident sizes summed would count them twice, 200 MiB and more)."""
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("run", None)
    run = importlib.import_module("run")
    process = subprocess.Popen([sys.executable, "-c", SHARING])
    peak_mib = run.whole_build_peak_kib(process, every=0.02) / 1024
    assert process.returncode == 0
    assert 118 <= peak_mib <= 170, peak_mib
