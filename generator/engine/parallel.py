"""Run a pure, indexed task across processes, in order, on machines that can fork.

The pipeline's heavy steps (reading files, rendering Markdown, rendering pages) are pure
functions of data the parent already holds. The parent works on them beside forked helpers,
which inherit that data, so only results travel back. Small jobs, and platforms without
fork, run in the calling process alone; either way the results are the same list in the same
order, so output stays byte-identical.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MIN_ITEMS_PER_WORKER = 200
SERIAL_CHUNK = 500  # items between progress reports when working alone
# How often Python hands its lock between threads while a thread waits on the system call by
# call beside one that computes (its default is 5 ms): see `threads_keep_up`.
QUICK_SWITCH_INTERVAL = 0.0001


MAX_DEFAULT_JOBS = 8  # processes a build uses unless told (--jobs): one per core, up to this


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_JOBS))


def map_indexed(
    task: Callable[[int], T],
    count: int,
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """[task(0), ..., task(count - 1)], computed by up to `jobs` processes: this one and
    forked helpers.

    `progress(done)` is told as chunks finish. One set of helpers serves the whole list:
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
    """Run the chunks in this process and `workers - 1` forked helpers, in order.

    Each process takes the next chunk from a shared counter whenever it is free. The parent
    works too rather than wait: a helper's share of the parent's memory becomes its own copy
    as it writes the reference counts of what it reads, so each helper fewer is that much
    less memory. The task reaches each helper through the fork itself (a closure over the
    parent's data cannot be pickled); only results, or an error, come back.
    """
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()  # what the parent printed is not printed again by a helper
    sys.stderr.flush()
    with threads_keep_up():  # the threads that read what helpers send
        return _run_forked(context, task, bounds, workers, progress)


def _run_forked(
    context: Any,
    task: Callable[[int], T],
    bounds: list[tuple[int, int]],
    workers: int,
    progress: Callable[[int], None] | None,
) -> list[T]:
    """`_map_forked`'s work, once the threads that read what helpers send keep up."""
    chunks = _Chunks(context.Value("i", 0), len(bounds))
    results: list[list[T] | None] = [None] * len(bounds)
    errors: dict[int, BaseException] = {}
    helpers: list[tuple[multiprocessing.process.BaseProcess, Any]] = []
    readers: list[threading.Thread] = []
    try:
        for _ in range(workers - 1):
            receive, send = context.Pipe(duplex=False)
            helper = context.Process(target=_help, args=(task, bounds, chunks, send), daemon=True)
            helper.start()
            send.close()
            helpers.append((helper, receive))
        for _, receive in helpers:
            reader = threading.Thread(target=_collect, args=(receive, results, errors))
            reader.start()
            readers.append(reader)
        for index in iter(chunks.take, None):
            try:
                results[index] = [task(i) for i in range(*bounds[index])]
            except BaseException as error:  # the others stop after the chunk they are on
                errors[index] = error
                chunks.stop()
                break
            if progress:
                progress(sum(len(done) for done in results if done is not None))
        for reader in readers:
            reader.join()
    finally:
        chunks.stop()
        for helper, receive in helpers:
            if any(reader.is_alive() for reader in readers):  # the parent itself failed
                helper.terminate()
            helper.join()
            receive.close()
    if errors:
        raise errors[min(errors)]
    if any(done is None for done in results):
        raise RuntimeError("a worker process ended before it finished its share of the work")
    found = [item for done in results for item in done or ()]
    if progress:
        progress(len(found))
    return found


@contextmanager
def threads_keep_up() -> Iterator[None]:
    """Python's lock changes threads every tenth of a millisecond while the block runs, not
    every 5 ms: a thread that needs it back after each system call (reading a helper's
    results from a pipe that holds 64 KiB, copying files one by one) otherwise waits up to
    5 ms each time while another thread computes. At the default, a forked helper spent most
    of its time waiting for its pipe to be read."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, QUICK_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


class _Chunks:
    """The chunks' numbers, handed out once each across processes (a counter shared by the
    fork)."""

    def __init__(self, counter: Any, count: int) -> None:
        self.counter, self.count = counter, count

    def take(self) -> int | None:
        with self.counter.get_lock():
            index = self.counter.value
            if index >= self.count:
                return None
            self.counter.value = index + 1
            return index

    def stop(self) -> None:
        with self.counter.get_lock():
            self.counter.value = self.count


def _help(
    task: Callable[[int], Any], bounds: list[tuple[int, int]], chunks: _Chunks, send: Any
) -> None:
    """In a helper: work through chunks until none is left, sending each one's results (or
    its error, after which it stops) as (index, results, error)."""
    for index in iter(chunks.take, None):
        try:
            send.send((index, [task(i) for i in range(*bounds[index])], None))
        except BaseException as error:
            chunks.stop()
            send.send((index, None, _picklable(error)))
            break
    send.close()


def _picklable(error: BaseException) -> BaseException:
    """The error itself if it can travel between processes, else a RuntimeError saying it."""
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _collect(receive: Any, results: list[Any], errors: dict[int, BaseException]) -> None:
    """In a thread of the parent: store what one helper sends until it is done (or gone)."""
    while True:
        try:
            index, done, error = receive.recv()
        except (EOFError, OSError):
            return
        if error is not None:
            errors[index] = error
        else:
            results[index] = done


def answer_in_fork(question: Callable[[], bool]) -> Future[bool]:
    """`question()`, answered in a forked process while this one goes on (see
    `made_in_fork`); an OSError in it, or a child that dies, answers False."""
    return made_in_fork(lambda: bool(question()), False)


def made_in_fork(make: Callable[[], T], otherwise: T) -> Future[T]:
    """`make()`, made in a forked process while this one goes on: for a check made of
    system calls (a stat of each of thousands of files), or Python work this process would
    otherwise wait for. In a thread, each step would wait for the build's own thread to
    hand back Python's lock. Only the result comes back, pickled. An OSError in `make` (a
    file gone, a folder not readable), or a child that dies, gives `otherwise`; any other
    error is a fault, which the future raises. Where fork is missing, a thread makes it."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(_made, make, otherwise)
        pool.shutdown(wait=False)
        return future
    made: Future[T] = Future()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: make it, send it, and leave at once (nothing of the parent's runs)
        try:
            os.close(read_end)
            try:
                sent: tuple[object, BaseException | None] = (_made(make, otherwise), None)
            except Exception as error:
                sent = (None, _picklable(error))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(sent))
        finally:
            os._exit(0)
    os.close(write_end)

    def wait_for_it() -> None:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                sent = pipe.read()
        finally:
            os.waitpid(pid, 0)
        try:
            value, error = pickle.loads(sent)
        except Exception:  # nothing sent: the child died
            made.set_result(otherwise)
            return
        if error is not None:
            made.set_exception(error)
        else:
            made.set_result(value)

    threading.Thread(target=wait_for_it, daemon=True).start()
    return made


def _made(make: Callable[[], T], otherwise: T) -> T:
    """`make()`, or `otherwise` if a system call in it fails."""
    try:
        return make()
    except OSError:
        return otherwise
