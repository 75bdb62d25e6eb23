"""Where a build's time goes: run `nominutes build ARGS...` with a timer on each pipeline stage.

Run with the nominutes environment's Python. Prints JSON: [[stage, seconds], ...] in the order
the stages finished. Stages nest (render_site includes the Markdown and page steps).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from generator import build, cache, render, reuse, write
from generator.cli import main

STAGES: list[tuple[Any, str, str]] = [
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
    (write, "_write_files", "write files (a new site)"),
    (write, "_swap", "swap in, delete the old site"),
    (write, "_update_in_place", "update the site in place"),
    (build, "record_pages", "record the pages written"),
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


if __name__ == "__main__":
    seen: list[list[Any]] = []
    for owner, name, label in STAGES:
        setattr(owner, name, timed(getattr(owner, name), label, seen))
    started = time.perf_counter()
    code = main(sys.argv[1:])
    seen.append(["whole build", time.perf_counter() - started])
    # render_site calls map_indexed for Markdown too: keep the page rendering only.
    pages = [entry for entry in seen if entry[0] == "pages (Jinja, in workers)"]
    if len(pages) > 1:
        seen = [entry for entry in seen if entry not in pages[:-1]]
    print(json.dumps(seen))
    sys.exit(code)
