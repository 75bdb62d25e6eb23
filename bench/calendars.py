"""Time the calendars alone: `calendar_files` on a synthetic site of N meetings, median of runs.

    .venv/bin/python bench/calendars.py 10000 /tmp/calendars [--times] [--runs 3]

The site is written (once) by bench/synth.py, with `--times` given times, places and a time
zone too (`with_times_and_places`); it is loaded, validated and its Markdown rendered for the
summaries, then only `calendar_files` is timed. Prints the median and each run, in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

import synth  # bench/synth.py, beside this script

from generator.content.crossref import crossref
from generator.content.load import load_site
from generator.content.model import BuildOptions
from generator.content.validate import validate
from generator.engine.cache import BuildCache
from generator.site.calendars import calendar_files
from generator.site.render import render_bodies, summaries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--times", action="store_true", help="times, places and a time zone")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = args.destination / ("with-times" if args.times else "plain") / str(args.count)
    if not root.exists():
        synth.write_nominutes(root, args.count)
        if args.times:
            synth.with_times_and_places(root)
    options = BuildOptions(root, root / "_site", date(2026, 1, 1), jobs=2, cache=False)
    site, problems = validate(load_site(root, options.jobs), options)
    assert site is not None, problems
    indexes, _ = crossref(site)
    summary_of = summaries(site, render_bodies(site, BuildCache.disabled()))
    seconds = []
    for _ in range(args.runs):
        started = time.perf_counter()
        files = calendar_files(site, indexes, summary_of)
        seconds.append(time.perf_counter() - started)
    sizes = ", ".join(f"{name} {len(data):,} bytes" for name, data in sorted(files.items()))
    print(f"{len(site.meetings)} meetings ({sizes})")
    print(f"calendar_files: median {statistics.median(seconds):.3f} s of", end=" ")
    print(", ".join(f"{s:.3f}" for s in seconds))


if __name__ == "__main__":
    main()
