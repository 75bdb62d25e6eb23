"""Where a build's time goes: run `nominutes build ARGS...` with a timer on each pipeline stage.

Run with the nominutes environment's Python. Prints JSON: [[stage, seconds], ...] in the order
the stages first finished (a stage called more than once is summed). Stages nest (render_site
includes the Markdown and page steps). `instrument` is shared with bench/serve_edit.py.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from generator import build
from generator.cli import main
from generator.engine import cache, write
from generator.site import render, reuse, search

Stage = tuple[Any, str, str]  # (module or class, function name, label)

STAGES: list[Stage] = [
    (build, "load_site", "load and parse files"),
    (build, "validate", "validate front matter"),
    (build, "crossref", "cross-reference actions"),
    (build, "review", "warnings"),
    (render, "render_bodies", "Markdown"),
    (render, "map_indexed", "pages (Jinja, in workers)"),
    (render, "feed_files", "Atom feeds"),
    (render, "calendar_files", "iCalendar files"),
    (render, "export_files", "JSON and CSV exports"),
    (reuse, "plan", "decide which pages to keep"),
    (build, "render_site", "render, all of it"),
    (build, "update_index", "search index (kept, or made again)"),
    (search, "run_pagefind", "Pagefind"),
    (write, "_write_files", "write files (a new site)"),
    (write, "_swap", "swap in, delete the old site"),
    (write, "_update_in_place", "update the site in place"),
    (build, "record_pages", "record the pages written"),
    (build, "record_index", "record the search index"),
    (cache.BuildCache, "save", "save the cache"),
]


def timed(function: Callable[..., Any], label: str, seen: list[list[Any]]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seen.append([label, time.perf_counter() - started])

    return wrapper


def instrument(stages: list[Stage]) -> list[list[Any]]:
    """Put a timer on each stage; the list it returns fills as they run."""
    seen: list[list[Any]] = []
    for owner, name, label in stages:
        setattr(owner, name, timed(getattr(owner, name), label, seen))
    return seen


def summed(seen: list[list[Any]]) -> list[list[Any]]:
    """Each stage once, its calls added up, in the order it first finished."""
    totals: dict[str, float] = {}
    for label, seconds in seen:
        totals[label] = totals.get(label, 0.0) + seconds
    return [[label, seconds] for label, seconds in totals.items()]


if __name__ == "__main__":
    seen = instrument(STAGES)
    started = time.perf_counter()
    code = main(sys.argv[1:])
    seen.append(["whole build", time.perf_counter() - started])
    # render_site calls map_indexed for Markdown too (and a cold build to read files): keep
    # the page rendering only, its last call.
    pages = [entry for entry in seen if entry[0] == "pages (Jinja, in workers)"]
    seen = [entry for entry in seen if entry not in pages[:-1]]
    print(json.dumps(summed(seen)))
    sys.exit(code)
