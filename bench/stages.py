"""Where a build's time goes: run `nominutes build ARGS...` with a timer on each pipeline stage.

Run with the nominutes environment's Python: `python bench/stages.py [--cpu] build ARGS...`.
Prints JSON: [[stage, seconds], ...] in the order the stages first finished (a stage called
more than once is summed). Stages nest (make_site includes everything up to writing). With
`--cpu`, each row is [stage, seconds, processor seconds]: the user and system time the stage
took of this process (all its threads) and of the processes it waited for to end (the page
workers, Pagefind, git), which a busy machine moves far less than the wall time. A child's time
counts where it is waited for: a worker's in the stage that closes the pool. `instrument` is
shared with bench/serve_edit.py.
"""

from __future__ import annotations

import functools
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from generator import build, inputs, make
from generator.cli import main
from generator.engine import cache, reuse, search, write

Stage = tuple[Any, str, str]  # (module or class, function name, label)

STAGES: list[Stage] = [
    (build, "find_sources", "find the files (a stat of each)"),
    (make, "find_sources", "find the files (a stat of each)"),
    (build, "_compare_with_last_build", "see whether anything changed"),
    (build, "splice_body_edits", "put a body edit into its pages and feeds (no model)"),
    (make, "load_documents", "load and parse files"),
    (make, "validate", "validate front matter"),
    (build, "history_of", "ask git for the history"),
    (inputs.HistoryAsked, "answer", "wait for git's history (asked in a thread from the start)"),
    (make, "history_of", "ask git for the history"),
    (make.KeptIndexes, "take", "the last build's indexes, read back"),
    (make, "crossref", "cross-reference actions"),
    (make.KeptIndexes, "put", "keep the indexes for the next build"),
    (make, "reviewed", "warnings"),
    (make, "render_bodies", "Markdown"),
    (make, "follow_body_edits", "follow an edit to bodies alone (no page listed)"),
    (make, "records_before", "the edited meetings' records as the last build read them"),
    (make, "follow_shown_edits", "follow an edit to what meetings show (no page listed)"),
    (make, "unique_pages", "list the pages and what each reads"),
    (make, "file_outputs", "list the other files"),
    (make, "key_values", "what each key stands for"),
    (reuse, "plan", "decide which files to keep"),
    (make, "map_indexed", "pages (Jinja, in workers)"),
    (make, "make_files", "feeds, calendars, exports, sitemap"),
    (make, "check_links", "check the links in notes"),
    (make, "make_site", "everything but writing"),
    (build, "update_index", "search index (kept, or made again)"),
    (search, "run_pagefind", "Pagefind"),
    (write, "_write_files", "write files (a new site)"),
    (write, "_swap", "swap in, delete the old site"),
    (write, "_update_in_place", "update the site in place"),
    (reuse, "record", "record the files written"),
    (build, "record_index", "record the search index"),
    (cache.BuildCache, "save", "save the cache"),
]


def processor_time() -> float:
    """The user and system time of this process and of its children that have ended and
    been waited for, in seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable[..., Any], label: str, seen: list[list[Any]]) -> Callable[..., Any]:
    """`function`, its wall and processor time put into `seen` as [label, seconds, cpu]."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, used = time.perf_counter(), processor_time()
        try:
            return function(*args, **kwargs)
        finally:
            seen.append([label, time.perf_counter() - started, processor_time() - used])

    return wrapper


def instrument(stages: list[Stage]) -> list[list[Any]]:
    """Put a timer on each stage; the list it returns fills as they run."""
    seen: list[list[Any]] = []
    for owner, name, label in stages:
        setattr(owner, name, timed(getattr(owner, name), label, seen))
    return seen


WAITED = "wait for the check that the last site is as written (in another process)"


def time_the_waits(seen: list[list[Any]]) -> None:
    """Time the build's waits for its check that the last site is as written: the check runs
    in a process of its own, beside the stages above, so its time is the wait."""
    start_check = build._as_written_in_background

    def started(*args: Any) -> Any:
        answer = start_check(*args)
        timed_result = timed(answer.result, WAITED, seen)
        answer.result = timed_result  # type: ignore[method-assign]
        return answer

    build._as_written_in_background = started  # type: ignore[assignment]


def summed(seen: list[list[Any]], cpu: bool = False) -> list[list[Any]]:
    """Each stage once, its calls added up, in the order it first finished: [label, seconds],
    or with `cpu` [label, seconds, processor seconds]."""
    totals: dict[str, list[float]] = {}
    for label, seconds, used in seen:
        total = totals.setdefault(label, [0.0, 0.0])
        total[0] += seconds
        total[1] += used
    return [[label, wall, used] if cpu else [label, wall] for label, (wall, used) in totals.items()]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    cpu = arguments[:1] == ["--cpu"]
    seen = instrument(STAGES)
    time_the_waits(seen)
    started, used = time.perf_counter(), processor_time()
    code = main(arguments[1:] if cpu else arguments)
    seen.append(["whole build", time.perf_counter() - started, processor_time() - used])
    print(json.dumps(summed(seen, cpu)))
    sys.exit(code)
