"""Full-text search with Pagefind, indexed from the finished pages before they are published.

Only the pages search shows are indexed: those whose template marks their text with
`data-pagefind-body` (meetings, decisions, principles and each theme's first page). They are
linked (or written) into a folder of their own for Pagefind, so it never reads the other
pages. (Pagefind's Python API would take them without a folder, but it waits a tenth of a
second for each page's reply: minutes for a large site.)

After a build the cache records (table "search", one entry per output directory) a digest
of each indexed page and the size and modification time of each index file written; when no
indexed page changed and the index files are still as written, the next build keeps them as
they are instead of running Pagefind again.

Pagefind ships as a binary inside the PyPI package `pagefind[bin]`; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.engine.cache import BuildCache, content_key

SEARCH = "search"
INDEX_FOLDER = "pagefind"
INDEXED_MARK = b"data-pagefind-body"
_FORMAT = 1  # bump when the way pages are handed to Pagefind changes


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


@dataclass(frozen=True)
class LastIndex:
    """What the last build into one output directory indexed, and the index files it wrote."""

    stamp: str
    pages: Mapping[str, str]  # page path -> digest of its HTML
    files: Mapping[str, tuple[int, int]]  # index file path -> (size, mtime_ns)

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> LastIndex:
        pages = {str(p): str(d) for p, d in entry["pages"].items()}
        files = {str(p): (int(s), int(t)) for p, (s, t) in entry["files"].items()}
        return cls(str(entry["stamp"]), pages, files)


@dataclass(frozen=True)
class IndexUpdate:
    """The index files this build writes (`files`) or keeps from the output (`kept`)."""

    stamp: str
    pages: Mapping[str, str]
    files: Mapping[str, bytes]
    kept: tuple[str, ...]

    @property
    def reindexed(self) -> bool:
        return bool(self.files)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _entry_key(output: Path) -> str:
    return content_key(SEARCH, str(output.resolve()))


def _stamp(language: str) -> str:
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "?"
    return content_key(str(_FORMAT), version, language)


def update_index(
    made: Mapping[str, bytes],
    streamed: Iterable[str],
    kept: Iterable[str],
    streamed_file: Callable[[str], Path],
    output: Path,
    cache: BuildCache,
    executable: Path,
    language: str,
) -> IndexUpdate:
    """The search index for the new site: kept from `output` when no indexed page changed,
    else made again by Pagefind from every indexed page.

    `made` are the pages rendered now, `streamed` those written straight into the new site
    (at `streamed_file(path)`), `kept` those kept as they are in `output`.
    """
    stamp = _stamp(language)
    last = cache.take(SEARCH, _entry_key(output), LastIndex.from_cache)
    if last is not None and last.stamp != stamp:
        last = None
    html: dict[str, bytes | Path] = {}  # the page's bytes, or the file that holds them
    pages: dict[str, str] = {}
    for path, data in made.items():
        if path.endswith(".html") and INDEXED_MARK in data:
            html[path], pages[path] = data, _digest(data)
    for path in streamed:
        if path.endswith(".html"):
            data = streamed_file(path).read_bytes()
            if INDEXED_MARK in data:
                html[path], pages[path] = streamed_file(path), _digest(data)
    for path in kept:
        if not path.endswith(".html"):
            continue
        if last is not None:  # kept pages are byte-identical to the last build's
            if path in last.pages:
                html[path], pages[path] = output / path, last.pages[path]
        else:
            data = (output / path).read_bytes()
            if INDEXED_MARK in data:
                html[path], pages[path] = output / path, _digest(data)
    if last is not None and last.pages == pages and _still_as_written(output, last.files):
        return IndexUpdate(stamp, pages, {}, tuple(last.files))
    files = run_pagefind(html, executable, language, output)
    if last is not None:
        unchanged = tuple(
            path
            for path, data in files.items()
            if path in last.files and _same_file(output / path, last.files[path], data)
        )
        files = {path: data for path, data in files.items() if path not in unchanged}
        return IndexUpdate(stamp, pages, files, unchanged)
    return IndexUpdate(stamp, pages, files, ())


def _still_as_written(output: Path, files: Mapping[str, tuple[int, int]]) -> bool:
    folder = str(output)
    return bool(files) and all(
        _stat_matches(os.path.join(folder, path), record) for path, record in files.items()
    )


def _stat_matches(path: str, record: tuple[int, int]) -> bool:
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and (status.st_size, status.st_mtime_ns) == record


def _same_file(path: Path, record: tuple[int, int], data: bytes) -> bool:
    return record[0] == len(data) and _stat_matches(str(path), record) and path.read_bytes() == data


def run_pagefind(
    pages: Mapping[str, bytes | Path], executable: Path, language: str, output: Path
) -> dict[str, bytes]:
    """Pagefind's index of `pages` (path in the site: its bytes, or the file holding them),
    as files under pagefind/. The pages are hard-linked (or written) into a scratch folder
    beside `output`, named as a new site is, so the next build deletes one a crash left.

    Pagefind names index files after the language it reads from each page's `lang`; it is
    told the site's language (a checked BCP 47 tag) instead, so no page can choose a path.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-search-", dir=output.parent))
    try:
        site, index = scratch / "site", scratch / "index"
        for path, page in pages.items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(page, Path):
                try:
                    os.link(page, target, follow_symlinks=False)
                except OSError:
                    shutil.copyfile(page, target, follow_symlinks=False)
            else:
                target.write_bytes(page)
        command = [str(executable), "--site", str(site), "--output-path", str(index)]
        done = subprocess.run(
            [*command, "--quiet", "--force-language", language],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise SearchError(f"pagefind failed: {(done.stderr or done.stdout).strip()[:500]}")
        return {
            f"{INDEX_FOLDER}/{path.relative_to(index).as_posix()}": path.read_bytes()
            for path in sorted(index.rglob("*"))
            if path.is_file()
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def record_index(update: IndexUpdate, output: Path, cache: BuildCache) -> None:
    """Remember the index as written into `output`, for the next build to keep."""
    folder = str(output)
    files: dict[str, list[int]] = {}
    for path in (*update.files, *update.kept):
        try:
            status = os.stat(os.path.join(folder, path), follow_symlinks=False)
        except OSError:
            return  # not as written: the next build indexes again
        files[path] = [status.st_size, status.st_mtime_ns]
    entry = {"stamp": update.stamp, "pages": dict(update.pages), "files": files}
    cache.put(SEARCH, _entry_key(output), entry)
