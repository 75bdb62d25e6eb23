"""When Python's cycle collector runs.

A build holds millions of small records that live until it ends and form almost no
reference cycles; rendering its pages leaves some. By default the collector would scan the
records again and again as they are made, for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def collect_cycles_less_often() -> None:
    """Let the collector run far less often, as mypy does. Reference counting still frees
    everything at once, as before."""
    gc.set_threshold(200_000, 30, 30)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused while the block runs: what it makes is scanned after, if at all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def records_kept() -> Iterator[None]:
    """The collector paused while the block makes records that live on (a build's model and
    its plan), and all that then lives frozen (`gc.freeze`), so no later collection scans
    it again. What the block left in cycles stays until `collect_all` or the process ends."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def collect_recent() -> None:
    """Every reference cycle nothing uses, among what is not frozen."""
    gc.collect()


def collect_all() -> None:
    """Every reference cycle nothing uses collected, those frozen with records too."""
    gc.unfreeze()
    gc.collect()


def collect_and_freeze() -> None:
    """What is left in cycles collected, and all that lives frozen: a process that goes on
    (serve) then scans only what it makes after."""
    gc.collect()
    gc.freeze()
