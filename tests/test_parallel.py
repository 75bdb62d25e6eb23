"""The engine's processes: a check answered in a forked process while the build goes on, and
work spread over this process and forked helpers."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest

from generator.engine.parallel import (
    MAX_DEFAULT_JOBS,
    QUICK_SWITCH_INTERVAL,
    answer_in_fork,
    made_in_fork,
    map_indexed,
)


def _fails() -> bool:
    raise OSError("the disk went away")


def test_a_check_in_another_process_answers_yes_no_or_no_when_it_fails(capfd) -> None:
    print("said once", end="")  # held in this process's buffer while it forks
    answers = [answer_in_fork(lambda: True), answer_in_fork(lambda: False), answer_in_fork(_fails)]
    assert [answer.result(timeout=30) for answer in answers] == [True, False, False]
    sys.stdout.flush()
    assert capfd.readouterr().out == "said once"  # the children wrote nothing of it


def test_without_fork_a_thread_answers_the_same(monkeypatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    answers = [answer_in_fork(lambda: True), answer_in_fork(lambda: False), answer_in_fork(_fails)]
    assert [answer.result(timeout=30) for answer in answers] == [True, False, False]


def _dies() -> dict[str, bytes]:
    os._exit(3)  # as a child killed part-way: it sends nothing


def test_a_value_made_in_another_process_comes_back_or_else_what_the_caller_gave() -> None:
    parent = os.getpid()
    made = [
        made_in_fork(lambda: {"pid": str(os.getpid()).encode(), "big": b"x" * 200_000}, {}),
        made_in_fork(_fails, {"failed": b""}),
        made_in_fork(_dies, {"died": b""}),
    ]
    first, failed, died = (future.result(timeout=30) for future in made)
    assert int(first["pid"]) != parent and first["big"] == b"x" * 200_000  # more than a pipe holds
    assert failed == {"failed": b""}
    assert died == {"died": b""}


def test_without_fork_a_thread_makes_the_same(monkeypatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    made = [made_in_fork(lambda: [os.getpid()], []), made_in_fork(_fails, [0])]
    assert [future.result(timeout=30) for future in made] == [[os.getpid()], [0]]


def _has_a_bug() -> bool:
    raise KeyError("a fault in the check itself")


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in a thread"])
def test_a_fault_in_what_is_made_aside_is_raised_not_taken_for_a_no(monkeypatch, fork) -> None:
    """Only a failing system call gives the caller's fallback: a fault (a bug in the check)
    would otherwise silently make every build a full one."""
    if not fork:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with pytest.raises(KeyError, match="a fault in the check itself"):
        answer_in_fork(_has_a_bug).result(timeout=30)
    with pytest.raises(KeyError):
        made_in_fork(_has_a_bug, False).result(timeout=30)


# --- map_indexed: the parent works beside its forked helpers -------------------------------


# By process and flag (each test's own): ten seconds after that process first waited for it.
_GIVE_UP_AT: dict[tuple[int, str], float] = {}


def _wait_for(flag) -> None:  # type: ignore[no-untyped-def]
    deadline = _GIVE_UP_AT.setdefault((os.getpid(), str(flag)), time.monotonic() + 10)
    while not flag.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_the_parent_works_beside_one_helper_and_the_results_stay_in_order(tmp_path) -> None:
    """With two jobs, two processes render: this one and a single forked helper (each
    helper is a copy of the parent's memory, so one fewer is that much less)."""
    parent = os.getpid()
    begun = {True: tmp_path / "the parent has begun", False: tmp_path / "a helper has begun"}

    def pid_of(index: int) -> tuple[int, int]:
        # Each waits for the other to begin, so both take part however quick the task.
        here = os.getpid() == parent
        begun[here].touch()
        _wait_for(begun[not here])
        return index, os.getpid()

    seen: list[int] = []
    results = map_indexed(pid_of, 2_000, jobs=2, progress=seen.append)
    assert [index for index, _ in results] == list(range(2_000))
    pids = {pid for _, pid in results}
    assert parent in pids
    assert len(pids) == 2
    assert seen == sorted(seen) and seen[-1] == 2_000


def in_the_helper_first(flag, then):  # type: ignore[no-untyped-def]
    """A task that runs `then(index)` in the helper, and in the parent only once the helper
    has begun (so the helper has work to do, however slow it is to start)."""
    parent = os.getpid()

    def task(index: int) -> int:
        if os.getpid() != parent:
            flag.touch()
            then(index)
        _wait_for(flag)
        return index

    return task


def _wrong(index: int) -> None:
    raise ValueError(f"item {index} is wrong")


def test_an_error_in_a_helper_reaches_the_caller(tmp_path) -> None:
    task = in_the_helper_first(tmp_path / "begun", _wrong)
    with pytest.raises(ValueError, match=r"item \d+ is wrong"):
        map_indexed(task, 2_000, jobs=2)


def test_an_error_in_the_parent_reaches_the_caller_and_stops_the_helpers() -> None:
    def fails_at_the_start(index: int) -> int:
        if index == 0:
            raise KeyError("the first item")
        return index

    with pytest.raises(KeyError, match="the first item"):
        map_indexed(fails_at_the_start, 2_000, jobs=2)
    assert multiprocessing.active_children() == []


def _die(index: int) -> None:
    os._exit(3)


def test_a_helper_that_dies_is_an_error_not_a_hang(tmp_path) -> None:
    task = in_the_helper_first(tmp_path / "begun", _die)
    with pytest.raises(RuntimeError, match="a worker process ended"):
        map_indexed(task, 2_000, jobs=2)


def test_threads_change_often_while_helpers_send_and_as_before_after(tmp_path) -> None:
    """The parent's threads that read what helpers send get Python's lock back every tenth
    of a millisecond while the parent works (at the default 5 ms a helper waited on a full
    pipe), and the interval is what it was once the work is done, or has failed."""
    before = sys.getswitchinterval()
    parent = os.getpid()

    def interval_and_page(index: int) -> tuple[float | None, bytes]:
        here = sys.getswitchinterval() if os.getpid() == parent else None
        return here, bytes(20_000)  # results larger than a pipe holds

    results = map_indexed(interval_and_page, 2_000, jobs=2)
    intervals = [interval for interval, _ in results if interval is not None]
    assert intervals and intervals == pytest.approx([QUICK_SWITCH_INTERVAL] * len(intervals))
    assert all(len(page) == 20_000 for _, page in results)
    assert sys.getswitchinterval() == before
    with pytest.raises(ValueError, match=r"item \d+ is wrong"):
        map_indexed(in_the_helper_first(tmp_path / "begun", _wrong), 2_000, jobs=2)
    assert sys.getswitchinterval() == before


def test_the_help_for_jobs_says_the_default_the_build_takes() -> None:
    from generator.cli import make_parser

    for command in ("build", "check"):
        usage = make_parser()._subparsers._group_actions[0].choices[command].format_help()
        assert f"default: one per core, at most {MAX_DEFAULT_JOBS})" in " ".join(usage.split())
