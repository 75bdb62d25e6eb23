"""`make bench`: time nominutes against Hugo and Pelican on the same synthetic notes.

For each size it generates the corpus (bench/synth.py), then runs, alternating so that noise
on this shared machine spreads evenly: nominutes cold (no output, no cache), nominutes warm
(one meeting changed since the previous build), Hugo cold and Pelican cold. It reports medians,
min-max, peak memory and ratios to Hugo, and writes bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402


@dataclass
class Series:
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

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


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and the child's peak resident memory (KiB), via wait4's rusage."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{error[-2000:]}")
    return elapsed, usage.ru_maxrss


def bench_size(count: int, runs: int, args: argparse.Namespace, root: Path) -> dict[str, Series]:
    kinds = ["nominutes", "hugo"] + (["pelican"] if count <= args.pelican_max else [])
    synth.main_for(count, root, kinds)
    site = root / "nominutes"
    nominutes = [
        args.nominutes,
        "build",
        "--quiet",
        "--source",
        str(site),
        "--output",
        str(root / "out-nominutes"),
    ]
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
    results = {
        name: Series() for name in ("nominutes cold", "nominutes warm", "hugo cold", "pelican cold")
    }
    changed = next((site / "content/meetings").iterdir())
    for run in range(runs):
        shutil.rmtree(root / "out-nominutes", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        results["nominutes cold"].add(*timed(nominutes, site))
        with changed.open("a") as note:
            note.write(f"\nAn edit for run {run}.\n")
        results["nominutes warm"].add(*timed(nominutes, site))
        shutil.rmtree(root / "out-hugo", ignore_errors=True)
        shutil.rmtree(root / "hugo/resources", ignore_errors=True)
        results["hugo cold"].add(*timed(hugo, root / "hugo"))
        if "pelican" in kinds:
            shutil.rmtree(root / "out-pelican", ignore_errors=True)
            shutil.rmtree(root / "pelican/__pycache__", ignore_errors=True)
            results["pelican cold"].add(*timed(pelican, root / "pelican"))
        print(f"  {count}: run {run + 1}/{runs} done", flush=True)
    return results


def ratio(series: Series, hugo: Series) -> str:
    if not series.seconds or not hugo.seconds:
        return "–"
    return f"{statistics.median(series.seconds) / statistics.median(hugo.seconds):.2f}×"


def report(all_results: dict[int, dict[str, Series]], runs: int) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(tz=UTC):%Y-%m-%d} on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}), {runs} alternating runs "
        "each; times are wall-clock medians with min–max, and peak resident memory.",
        "",
        "| meetings | build | time | vs Hugo cold |",
        "|---:|---|---|---:|",
    ]
    for count, results in all_results.items():
        hugo = results["hugo cold"]
        for name, series in results.items():
            lines.append(f"| {count:,} | {name} | {series.summary()} | {ratio(series, hugo)} |")
    lines.append("")
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
    all_results = {}
    with tempfile.TemporaryDirectory(prefix="nominutes-bench-") as scratch:
        for count in (int(s) for s in args.sizes.split(",")):
            print(f"benchmarking {count} meetings", flush=True)
            all_results[count] = bench_size(count, args.runs, args, Path(scratch) / str(count))
    text = report(all_results, args.runs)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
