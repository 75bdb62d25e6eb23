"""The engine's processes: a check answered in a forked process while the build goes on."""

from __future__ import annotations

import multiprocessing
import sys

from generator.engine.parallel import answer_in_fork


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
