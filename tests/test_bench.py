"""The benchmark's stage tables name functions of the pipeline by module and name: each must
still be there, or `make bench` stops after its timed runs."""

from __future__ import annotations

import importlib
import sys

import pytest

from tests.conftest import REPO


@pytest.fixture
def bench_modules(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    for name in ("stages", "serve_edit"):
        sys.modules.pop(name, None)
    yield importlib.import_module("stages"), importlib.import_module("serve_edit")
    for name in ("stages", "serve_edit"):
        sys.modules.pop(name, None)


def test_every_stage_the_bench_times_is_a_function_of_the_pipeline(bench_modules) -> None:
    stages, serve_edit = bench_modules
    for owner, name, label in [*stages.STAGES, *serve_edit.FRONT_MATTER_STAGES]:
        assert callable(getattr(owner, name, None)), f"{owner.__name__}.{name} ({label})"
