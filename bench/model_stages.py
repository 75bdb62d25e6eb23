"""Time the stages a front-matter edit runs over the whole model, in one process.

Run with the nominutes environment's Python: `python bench/model_stages.py SITE --runs 7`.
The build date is `--date YYYY-MM-DD`, else SOURCE_DATE_EPOCH's, else today, as a build
takes it: give one so that runs on different days compare. The model is assembled once, as
a warm build does (parsed and validated files and rendered
Markdown from SITE's build cache, which a build of SITE fills); then each stage is run
`--runs` times on it and the least CPU time of each is printed as JSON, [[stage, seconds],
...]. The CPU time of one process, least of several, moves far less with a busy machine than
the wall time of a whole build: run it for the code before and after a change, alternating
(see CONTRIBUTING.md), to see what the change saves.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from generator.cli import build_date
from generator.content.crossref import crossref
from generator.content.model import BuildOptions
from generator.engine.collector import collect_cycles_less_often
from generator.inputs import open_cache
from generator.make import assemble_model, find_sources, load_documents, page_model, render_bodies
from generator.site.changes import key_values
from generator.site.pages import Page, PageModel, build_pages
from generator.site.render import file_outputs, unique_pages


def least_cpu(stage: Callable[[], Any], runs: int) -> float:
    """The least CPU time of `runs` runs of `stage` (what it returns is let go each time)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        stage()
        times.append(time.process_time() - started)
    return min(times)


def warm_model(source: Path, day: date | None = None) -> tuple[PageModel, list[Page]]:
    """The model and its pages, as a warm build of `source` dated `day` assembles them from
    its cache (None: the day a build would take, `cli.build_date`)."""
    collect_cycles_less_often()  # as the command line does
    options = BuildOptions(source, source / "_site", day or build_date(), jobs=1)
    cache = open_cache(options)
    cache.start_build()
    read = load_documents(source, cache, 1, sources=find_sources(source, cache))
    model = assemble_model(read.loaded, options)
    pages_model = page_model(model.site, model.indexes, render_bodies(model.site, cache))
    pages, _ = unique_pages(build_pages(pages_model))
    return pages_model, pages


def measure(source: Path, runs: int, day: date | None = None) -> list[list[Any]]:
    pages_model, pages = warm_model(source, day)
    site = pages_model.site
    stages: list[tuple[str, Callable[[], Any]]] = [
        ("cross-reference actions", lambda: crossref(site)),
        ("list the pages and what each reads", lambda: unique_pages(build_pages(pages_model))),
        ("list the other files", lambda: file_outputs(pages_model, pages)),
        ("what each key stands for", lambda: key_values(pages_model)),
    ]
    return [[label, least_cpu(stage, runs)] for label, stage in stages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    add_date_option(parser)
    args = parser.parse_args()
    print(json.dumps(measure(args.source.resolve(), args.runs, args.date)))


def add_date_option(parser: argparse.ArgumentParser) -> None:
    """`--date YYYY-MM-DD`, the build date (shared with bench/page_kinds.py)."""
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        help="the build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's, else today)",
    )


if __name__ == "__main__":
    main()
