"""Time the calendars alone: both made for a synthetic site of N meetings, median of 3.

    .venv/bin/python bench/calendars.py 10000 /tmp/calendars [--times] [--runs 3]

The site is written (once) by bench/synth.py, with `--times` given times, places and a time
zone too (`with_times_and_places`); it is loaded, validated and its Markdown rendered for the
summaries, then only the making of the calendars is timed. Prints the median and each run.
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
from generator.site.calendars import calendar_outputs
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
    options = BuildOptions(root, root / "_site", date(2026, 1, 1))
    site, problems = validate(load_site(root), options)
    assert site is not None, problems
    indexes, _ = crossref(site)
    summary_of = summaries(site, render_bodies(site))
    seconds = []
    for _ in range(args.runs):
        started = time.perf_counter()
        files = {o.path: o.make() for o in calendar_outputs(site, indexes, summary_of)}
        seconds.append(time.perf_counter() - started)
    sizes = ", ".join(f"{name} {len(data):,} bytes" for name, data in sorted(files.items()))
    print(f"{len(site.meetings)} meetings ({sizes})")
    print(f"calendars: median {statistics.median(seconds):.3f} s of", end=" ")
    print(", ".join(f"{s:.3f}" for s in seconds))


if __name__ == "__main__":
    main()
