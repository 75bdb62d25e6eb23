"""Run a pure, indexed task across processes, in order, on machines that can fork.

The pipeline's heavy steps (reading files, rendering Markdown, rendering pages) are pure
functions of data the parent already holds. Forked workers inherit that data, so only
results travel back. Small jobs, and platforms without fork, run in the calling process;
either way the results are the same list in the same order, so output stays byte-identical.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MIN_ITEMS_PER_WORKER = 200
SERIAL_CHUNK = 500  # items between progress reports when working alone

# The task of the pool being run. Set just before the fork so that workers inherit it (a
# closure over the parent's data cannot be pickled), and cleared right after.
_task: Callable[[int], Any] | None = None


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    return [_task(index) for index in range(*bounds)]


def collect_cycles_less_often() -> None:
    """Let Python's cycle collector run a hundred times less often, as mypy does.

    A build holds millions of small records that live until it ends and form almost no
    reference cycles, yet the default thresholds scan them again every few thousand
    allocations: a quarter of a warm rebuild's time at 10,000 meetings, for the same peak
    memory. Reference counting still frees everything at once, as before.
    """
    gc.set_threshold(200_000, 30, 30)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def map_indexed(
    task: Callable[[int], T],
    count: int,
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """[task(0), ..., task(count - 1)], computed by up to `jobs` forked processes.

    `progress(done)` is told as chunks finish. One pool serves the whole list: forking a
    large parent again and again costs more than the work it spreads.
    """
    workers = min(jobs, count // MIN_ITEMS_PER_WORKER)
    parallel = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    chunks = workers * 8 if parallel else max(1, count // SERIAL_CHUNK)
    step = max(1, -(-count // chunks))
    bounds = [(start, min(start + step, count)) for start in range(0, count, step)]
    results: list[T] = []
    if not parallel:
        for start, end in bounds:
            results += [task(index) for index in range(start, end)]
            if progress:
                progress(end)
        return results
    global _task
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk in pool.imap(_run_range, bounds, chunksize=1):
                results += chunk
                if progress:
                    progress(len(results))
    finally:
        _task = None
    return results
