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
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

MIN_ITEMS_PER_WORKER = 200
SERIAL_CHUNK = 500  # items between progress reports when working alone


def collect_cycles_less_often() -> None:
    """Let Python's cycle collector run a hundred times less often, as mypy does.

    A build holds millions of small records that live until it ends and form almost no
    reference cycles, yet the default thresholds scan them again every few thousand
    allocations, for the same peak memory. Reference counting still frees everything at
    once, as before.
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

    `progress(done)` is told as chunks finish. One set of workers serves the whole list:
    forking a large parent again and again costs more than the work it spreads.
    """
    workers = min(jobs, count // MIN_ITEMS_PER_WORKER)
    parallel = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    chunks = workers * 8 if parallel else max(1, count // SERIAL_CHUNK)
    step = max(1, -(-count // chunks))
    bounds = [(start, min(start + step, count)) for start in range(0, count, step)]
    if parallel:
        return _map_forked(task, bounds, workers, progress)
    results: list[T] = []
    for start, end in bounds:
        results += [task(index) for index in range(start, end)]
        if progress:
            progress(end)
    return results


def _map_forked(
    task: Callable[[int], T],
    bounds: list[tuple[int, int]],
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[T]:
    """Run the chunks in a pool of `workers` forked processes, in order. The task reaches
    each worker through the fork itself (a closure over the parent's data cannot be
    pickled); only chunk bounds go out and results, or the first error, come back."""
    results: list[T] = []
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_receive_task, initargs=(task,)) as pool:
        for chunk in pool.imap(_run_range, bounds, chunksize=1):
            results += chunk
            if progress:
                progress(len(results))
    return results


def _receive_task(task: Callable[[int], Any]) -> None:
    """In a new worker: keep the task on the worker's own process object (nothing is kept
    in this module, and the parent's process object is never touched)."""
    multiprocessing.current_process().task = task  # type: ignore[attr-defined]


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    task = multiprocessing.current_process().task  # type: ignore[attr-defined]
    return [task(index) for index in range(*bounds)]


def answer_in_fork(question: Callable[[], bool]) -> Future[bool]:
    """`question()`, answered in a forked process while this one goes on. For a check made
    of system calls (a stat of each of thousands of files): in a thread, each call would
    wait for the build's own thread to hand back Python's lock. An error in the question,
    or a child that dies, answers False. Where fork is missing, a thread answers."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(_answered, question)
        pool.shutdown(wait=False)
        return future
    answer: Future[bool] = Future()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, and leave at once (nothing of the parent's is run)
        said = b"0"
        try:
            os.close(read_end)
            said = b"1" if _answered(question) else b"0"
        finally:
            os.write(write_end, said)
            os._exit(0)
    os.close(write_end)

    def wait_for_the_answer() -> None:
        try:
            said = os.read(read_end, 1)
        finally:
            os.close(read_end)
            os.waitpid(pid, 0)
        answer.set_result(said == b"1")

    threading.Thread(target=wait_for_the_answer, daemon=True).start()
    return answer


def _answered(question: Callable[[], bool]) -> bool:
    """`question()`, or False if it fails."""
    try:
        return bool(question())
    except Exception:
        return False
