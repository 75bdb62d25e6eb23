"""Whole pages compared with known-good copies, so any change to the HTML is seen and reviewed.

After an intended change, regenerate the copies with `make golden` and review the diff in git.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "meeting.html": "meetings/2024-01-15-kick-off/index.html",
    "tracker.html": "actions/index.html",
    "action.html": "actions/write-guidance/index.html",
    "theme.html": "themes/permission-to-engage/index.html",
    "principles.html": "principles/index.html",
    "index-page-2.html": "page/2/index.html",
}


@pytest.mark.parametrize("golden, page", sorted(PAGES.items()))
def test_page_matches_golden_copy(golden: str, page: str, built_minimal: Path) -> None:
    actual = (built_minimal / page).read_text(encoding="utf-8")
    expected_file = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/golden/{golden}",
            f"built {page}",
        )
    )
    assert not diff, f"page differs from its golden copy (run `make golden` if intended):\n{diff}"


# The exports a spreadsheet opens, compared byte for byte (a byte-order mark included).
EXPORTS = ("actions.csv", "decisions.csv")


@pytest.mark.parametrize("name", EXPORTS)
def test_export_matches_golden_copy(name: str, built_minimal: Path) -> None:
    actual = (built_minimal / name).read_bytes()
    expected_file = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_bytes(actual)
    assert actual == expected_file.read_bytes(), (
        f"{name} differs from tests/golden/{name} (run `make golden` if intended)"
    )
