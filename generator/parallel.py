"""Run a pure, indexed task across processes, in order, on machines that can fork.

The pipeline's heavy steps (reading files, rendering Markdown, rendering pages) are pure
functions of data the parent already holds. Forked workers inherit that data, so only
results travel back. Small jobs, and platforms without fork, run in the calling process;
either way the results are the same list in the same order, so output stays byte-identical.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MIN_ITEMS_PER_WORKER = 200

# The task of the pool being run. Set just before the fork so that workers inherit it (a
# closure over the parent's data cannot be pickled), and cleared right after.
_task: Callable[[int], Any] | None = None


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    assert _task is not None
    return [_task(index) for index in range(*bounds)]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def map_indexed(task: Callable[[int], T], count: int, jobs: int) -> list[T]:
    """[task(0), ..., task(count - 1)], computed by up to `jobs` forked processes."""
    workers = min(jobs, count // MIN_ITEMS_PER_WORKER)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(index) for index in range(count)]
    chunks = workers * 4  # several chunks per worker even out uneven page sizes
    step = -(-count // chunks)
    bounds = [(start, min(start + step, count)) for start in range(0, count, step)]
    global _task
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_range, bounds, chunksize=1)
    finally:
        _task = None
    return [item for chunk in results for item in chunk]
