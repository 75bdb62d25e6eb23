"""Full-text search with Pagefind, indexed from the finished pages before they are published.

Pagefind ships as a binary inside the PyPI package `pagefind[bin]`; nothing is downloaded.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


class SearchError(Exception):
    """Pagefind ran but failed: the build stops, so a broken index is never published."""


def pagefind_executable() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except (FileNotFoundError, OSError):
        return None


def index_for_search(site_dir: Path, executable: Path, language: str = "en") -> None:
    """Write Pagefind's index into site_dir/pagefind/.

    Pagefind names index files after the language it reads from each page's `lang`; it is
    told the site's language (a checked BCP 47 tag) instead, so no page can choose a path.
    """
    done = subprocess.run(
        [str(executable), "--site", str(site_dir), "--quiet", "--force-language", language],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SearchError(f"pagefind failed: {(done.stderr or done.stdout).strip()[:500]}")
