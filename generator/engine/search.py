"""Full-text search with Pagefind, indexed from the finished pages before they are published.

Only the pages search shows are indexed: those whose template marks their text with
`data-pagefind-body` (meetings, decisions, principles, each theme's first page and each
owner's outstanding actions). They are
copied (or linked) into a folder of their own for Pagefind, so it never reads the other
pages. (Pagefind's Python API would take them without a folder, but it waits a tenth of a
second for each page's reply: minutes for a large site.) That folder, and the index Pagefind
writes, are in the system's folder in memory where it has one (`MEMORY_FOLDER`): Pagefind
reads and writes hundreds of small files a shard, several times quicker there than on a
disk. Else, or when that fails (a full folder), they are beside the output.

The index is split into shards, each a Pagefind bundle of its own under `pagefind/<shard>/`,
of whole years of meetings (by the date their URL starts with; a decision goes with the year
of the meeting that made it, by the date its search metadata gives), the other pages after
the newest year: consecutive years, oldest first, until a shard holds `SHARD_PAGES` pages
(see `shard_names`). A large site gets a shard a year or so, so that an edit re-indexes about
a year's pages; a small one a shard or two, so that its search page asks for a few files, not
a few for every year. `pagefind/shards.json` lists them; the search page loads the first as
its main bundle and merges the others at query time (Pagefind UI's `mergeIndex`). Each
bundle is put in one order as it is read back (`pagefind_files.in_one_order`), so the same
pages give the same bytes.

After a build the cache records (table "search", one entry per output directory) a digest
and the period of each indexed page, and the size and modification time of each index file
written, shard by shard. A shard none of whose pages changed, and whose files are still as
written, is kept as it is; Pagefind runs again only for the shards whose pages changed.

Pagefind ships as a binary inside the PyPI package `pagefind[bin]`; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.engine.cache import BuildCache, content_key
from generator.engine.pagefind_files import in_one_order
from generator.engine.write import delete_now

SEARCH = "search"
INDEX_FOLDER = "pagefind"
SHARDS_FILE = f"{INDEX_FOLDER}/shards.json"
UNDATED = "pages"  # the period of the pages filed under no year (themes, principles)
OWNERS = "actions"  # the period of the owners' lists of actions, which change day by day
_OWNER_PAGE = re.compile(r"actions/by-owner/[^/]+/index\.html$")
SHARD_PAGES = 400  # pages a shard gathers before the next begins: Pagefind's second or so
INDEXED_MARK = b"data-pagefind-body"
_MEETING_YEAR = re.compile(r"meetings/(\d{4})-\d\d-\d\d")
_META_YEAR = re.compile(rb'data-pagefind-meta="[^"]*\bdate:[^,"]*?\b(\d{4})\b')
# A page's own word for the year search files it under, before its date (a superseded
# decision's page: the year of the decision in force at the end of its line)
_SEARCH_YEAR = re.compile(rb'data-search-year="(\d{4})"')
# Pagefind's other front-ends, which the search page never loads: left out of every shard
_UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.js")
_FORMAT = 6  # bump when the index made of the same pages changes (how, or its order)
MEMORY_FOLDER = Path("/dev/shm")  # Linux's folder in memory (tmpfs), where there is one
_SCRATCH = "nominutes-search-"  # a scratch folder's name there, before its output's digest
PAGEFIND_TIMEOUT = 600  # seconds one shard may take (a year of daily meetings takes about one)


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


def period_of(path: str, page: bytes = b"") -> str:
    """The year search files the page at `path` under: its meeting's (from its URL), else
    the one its `data-search-year` gives, else that of the date its search metadata gives (a
    decision's, of the meeting that made it), else `OWNERS` for an owner's actions, else
    `UNDATED`.

    A decision's page gives the year of the decision in force at the end of its line: a
    superseded decision is indexed in the same shard as the decision that replaced it, as
    Pagefind ranks each shard's results by its own pages' word counts (a word rare in a large
    shard of old meetings scores higher there), and the one in force is to come first."""
    if found := _MEETING_YEAR.match(path):
        return found.group(1)
    if _OWNER_PAGE.match(path):
        return OWNERS
    if found := _SEARCH_YEAR.search(page):
        return found.group(1).decode()
    if found := _META_YEAR.search(page):
        return found.group(1).decode()
    return UNDATED


PageFacts = tuple[str, str]  # what the index needs of a page: its digest and its period


def page_facts(path: str, page: bytes) -> PageFacts | None:
    """The digest and period of the page at `path`, if search indexes it."""
    if not path.endswith(".html") or INDEXED_MARK not in page:
        return None
    return _digest(page), period_of(path, page)


def shard_names(counts: Mapping[str, int]) -> dict[str, str]:
    """Each period's shard, given how many pages each period has: the years oldest first,
    then `UNDATED`, gathered until a shard holds `SHARD_PAGES` pages, each shard named after
    its first period; then `OWNERS`, a shard of its own unless the whole site fits in one
    (its pages show the build date, and the daily build re-indexes it alone). Pages added to
    the newest year, as a group's meetings are, or edits that add none, leave every other
    shard as it was; a page added to or taken from an earlier year can move the later
    shards' bounds, once."""
    names: dict[str, str] = {}
    gathered: list[str] = []
    size = 0
    one_shard = sum(counts.values()) < SHARD_PAGES
    order = sorted(counts, key=lambda period: (period == OWNERS, period == UNDATED, period))
    for period in order:
        if period == OWNERS and gathered and not one_shard:
            names.update(dict.fromkeys(gathered, gathered[0]))
            gathered, size = [], 0
        gathered.append(period)
        size += counts[period]
        if size >= SHARD_PAGES:
            names.update(dict.fromkeys(gathered, gathered[0]))
            gathered, size = [], 0
    if gathered:
        names.update(dict.fromkeys(gathered, gathered[0]))
    return names


@dataclass(frozen=True)
class LastShard:
    """What one shard indexed in the last build, and the index files it wrote."""

    pages: Mapping[str, str]  # page path -> digest of its HTML
    files: Mapping[str, tuple[int, int]]  # index file path -> (size, mtime_ns)


@dataclass(frozen=True)
class LastIndex:
    """What the last build into one output directory indexed, shard by shard."""

    stamp: str
    shards: Mapping[str, LastShard]
    periods: Mapping[str, str]  # page path -> its period (see `period_of`)
    listing: tuple[int, int]  # pagefind/shards.json as written: (size, mtime_ns)

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> LastIndex:
        shards = {
            str(name): LastShard(
                {str(p): str(d) for p, d in shard["pages"].items()},
                {str(p): (int(s), int(t)) for p, (s, t) in shard["files"].items()},
            )
            for name, shard in entry["shards"].items()
        }
        periods = {str(path): str(period) for path, period in entry["periods"].items()}
        if any(path not in periods for shard in shards.values() for path in shard.pages):
            raise KeyError("a page indexed with no period")  # damaged: indexed afresh
        size, mtime = entry["listing"]
        return cls(str(entry["stamp"]), shards, periods, (int(size), int(mtime)))


@dataclass(frozen=True)
class IndexUpdate:
    """The index files this build writes (`files`) or keeps from the output (`kept`, each with
    its size and time, found as the last build wrote it)."""

    stamp: str
    shards: Mapping[str, Mapping[str, str]]  # shard -> page path -> digest
    periods: Mapping[str, str]  # page path -> its period
    files: Mapping[str, bytes]
    kept: Mapping[str, tuple[int, int]]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _entry_key(output: Path) -> str:
    return content_key(SEARCH, str(output.resolve()))


def pagefind_version() -> str:
    """The version of Pagefind installed ("?" if none is)."""
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "?"


def _stamp(language: str) -> str:
    return content_key(str(_FORMAT), pagefind_version(), language)


def _listing(shards: Iterable[str]) -> bytes:
    """pagefind/shards.json: the shards, oldest first (those of undated pages and of the
    owners' actions alone last)."""
    names = sorted(shards, key=lambda name: (name == OWNERS, name == UNDATED, name))
    return (json.dumps(names) + "\n").encode()


def last_index(cache: BuildCache, output: Path) -> LastIndex | None:
    """What the last build into `output` indexed, as the cache recorded it; None if none
    did, or the record is damaged (the index is then made again)."""
    return cache.take(SEARCH, _entry_key(output), LastIndex.from_cache)


def update_index(
    made: Mapping[str, bytes],
    streamed: Iterable[str],
    kept: Iterable[str],
    streamed_file: Callable[[str], Path],
    output: Path,
    last: LastIndex | None,
    executable: Path,
    language: str,
    found_as_written: Mapping[str, Sequence[int]] | None = None,
    streamed_facts: Mapping[str, PageFacts | None] | None = None,
    launching: Callable[[], None] = lambda: None,
    shard_made: Callable[[Mapping[str, bytes]], None] | None = None,
    discard: Callable[[Path], None] = delete_now,
) -> IndexUpdate:
    """The search index for the new site: each shard kept from `output` when none of its
    pages changed, else made again by Pagefind from that shard's pages.

    `made` are the pages rendered now, `streamed` those written straight into the new site
    (at `streamed_file(path)`), `kept` those kept as they are in `output`; `last`, what
    the last build into `output` indexed (`last_index`); `found_as_written`, the index
    files (with their size and time) that this build has already found in `output` as the
    last build recorded them, which need no second look; `streamed_facts`, each streamed
    page's `page_facts` as the process that rendered it found them (a page not in it is
    read back from its file); `launching`, called as the first Pagefind starts, or when none
    will; `shard_made`, told each shard's new files as soon as Pagefind has made them, while
    it indexes the next shards (they are in the update's `files` too); `discard`, given
    each Pagefind's scratch folder once its index is read back.
    """
    stamp = _stamp(language)
    if last is not None and last.stamp != stamp:
        last = None
    last_shards = last.shards if last is not None else {}
    last_digests = (
        {path: d for shard in last.shards.values() for path, d in shard.pages.items()}
        if last is not None
        else {}
    )
    # Each page's bytes or file, where it is not the one in `output` (a kept page).
    html: dict[str, bytes | Path] = {}
    indexed: dict[str, tuple[str, str]] = {}  # page -> (digest, period)

    def add(path: str, digest: str, period: str, page: bytes | Path | None = None) -> None:
        indexed[path] = (digest, period)
        if page is not None:
            html[path] = page

    for path, data in made.items():
        if facts := page_facts(path, data):
            add(path, *facts, data)
    found = streamed_facts or {}
    for path in streamed:
        if path in found:
            facts = found[path]
        elif path.endswith(".html"):
            facts = page_facts(path, streamed_file(path).read_bytes())
        else:
            continue
        if facts is not None:
            add(path, *facts, streamed_file(path))
    for path in kept:
        if not path.endswith(".html"):
            continue
        if last is not None:  # kept pages are byte-identical to the last build's
            if path in last_digests:
                add(path, last_digests[path], last.periods[path])
        else:
            data = (output / path).read_bytes()
            if INDEXED_MARK in data:
                add(path, _digest(data), period_of(path, data))

    shard_of = shard_names(Counter(period for _, period in indexed.values()))
    pages: dict[str, dict[str, str]] = {}  # shard -> page -> digest
    for path, (digest, period) in indexed.items():
        pages.setdefault(shard_of[period], {})[path] = digest
    periods = {path: period for path, (_, period) in sorted(indexed.items())}

    def shard_html(shard: str) -> dict[str, bytes | Path]:
        return {path: html.get(path) or output / path for path in pages[shard]}

    kept_files: dict[str, tuple[int, int]] = {}
    stale: list[str] = []
    for shard, shard_pages in sorted(pages.items()):
        before = last_shards.get(shard)
        if (
            before is not None
            and before.pages == shard_pages
            and (
                _found_as_recorded(found_as_written, before.files)
                or _still_as_written(output, before.files)
            )
        ):
            kept_files.update(before.files)
        else:
            stale.append(shard)
    files: dict[str, bytes] = {}
    if stale:
        remove_leftovers(output)
    else:
        launching()
    with ThreadPoolExecutor(max_workers=min(len(stale), os.cpu_count() or 1) or 1) as pool:
        runs = pool.map(
            lambda s: run_pagefind(
                shard_html(s), executable, language, output, s, launching, discard
            ),
            stale,
        )
        for shard, made_files in zip(stale, runs, strict=True):
            before = last_shards.get(shard)
            new: dict[str, bytes] = {}
            for path, data in made_files.items():
                if (
                    before is not None
                    and path in before.files
                    and _same_file(output / path, before.files[path], data)
                ):
                    kept_files[path] = before.files[path]
                else:
                    new[path] = data
            files.update(new)
            if shard_made is not None:
                shard_made(new)
    listing = _listing(pages)
    if last is not None and _same_file(output / SHARDS_FILE, last.listing, listing):
        kept_files[SHARDS_FILE] = last.listing
    else:
        files[SHARDS_FILE] = listing
    kept_in_order = dict(sorted(kept_files.items()))
    return IndexUpdate(stamp, pages, periods, files, kept_in_order)


def _found_as_recorded(
    found: Mapping[str, Sequence[int]] | None, files: Mapping[str, tuple[int, int]]
) -> bool:
    """Whether every one of `files` is among those `found` as written, with the same size
    and time."""
    if found is None or not files:
        return False
    for path, (size, mtime) in files.items():
        seen = found.get(path)
        if seen is None or len(seen) != 2 or seen[0] != size or seen[1] != mtime:
            return False
    return True


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
    pages: Mapping[str, bytes | Path],
    executable: Path,
    language: str,
    output: Path,
    shard: str,
    launching: Callable[[], None] = lambda: None,
    discard: Callable[[Path], None] = delete_now,
) -> dict[str, bytes]:
    """Pagefind's index of `pages` (path in the site: its bytes, or the file holding them),
    as files under pagefind/<shard>/, less the front-ends the search page never loads.

    Pagefind works in a scratch folder in memory (see `memory_folder`), named after `output`,
    so that the next build into it deletes one a crash left (`remove_leftovers`); failing
    that, beside `output`, named as a new site is, so the next build deletes that too.

    Pagefind names index files after the language it reads from each page's `lang`; it is
    told the site's language (a checked BCP 47 tag) instead, so no page can choose a path.
    `launching` is called once the pages are laid out, as Pagefind starts; the scratch
    folder in memory is given to `discard` once the index is read back (one beside `output`
    is deleted then: a build's update in place deletes what it finds there).
    """
    memory = memory_folder()
    if memory is not None:
        try:
            scratch = tempfile.mkdtemp(prefix=_scratch_prefix(output), dir=memory)
            return _index_in(
                Path(scratch), pages, executable, language, shard, launching, discard, link=False
            )
        except (OSError, SearchError):
            pass  # a folder in memory that is full: beside the output, as without one
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix=f".{output.name}.new-search-", dir=output.parent)
    return _index_in(
        Path(scratch), pages, executable, language, shard, launching, delete_now, link=True
    )


def memory_folder() -> Path | None:
    """The system's folder in memory, if it has one this build may write into."""
    folder = MEMORY_FOLDER
    return folder if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK) else None


def _scratch_prefix(output: Path) -> str:
    return _SCRATCH + content_key(str(output.resolve()))[:16] + "-"


def remove_leftovers(output: Path) -> None:
    """Delete the scratch folders in memory that a build into `output` left when it crashed:
    the caller holds the output's lock, so no other build is using one. Only this user's
    folders are deleted, never a link."""
    memory = memory_folder()
    if memory is None:
        return
    for leftover in memory.glob(_scratch_prefix(output) + "*"):
        try:
            status = os.lstat(leftover)
        except OSError:
            continue
        if stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid():
            shutil.rmtree(leftover, ignore_errors=True)


def _index_in(
    scratch: Path,
    pages: Mapping[str, bytes | Path],
    executable: Path,
    language: str,
    shard: str,
    launching: Callable[[], None],
    discard: Callable[[Path], None],
    *,
    link: bool,
) -> dict[str, bytes]:
    """Pagefind run over `pages` laid out in `scratch` (linked where `link`, else copied),
    its index read back; `scratch` is given to `discard` after."""
    try:
        site, index = scratch / "site", scratch / "index"
        _lay_out(pages, str(site), link=link)
        command = [str(executable), "--site", str(site), "--output-path", str(index)]
        launching()
        try:
            done = subprocess.run(
                [*command, "--quiet", "--force-language", language],
                capture_output=True,
                text=True,
                timeout=PAGEFIND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SearchError(f"pagefind ran for over {PAGEFIND_TIMEOUT} seconds") from None
        except OSError as error:  # its binary cannot be run here
            raise SearchError(f"pagefind could not run: {error.strerror or error}") from None
        if done.returncode != 0:
            raise SearchError(f"pagefind failed: {(done.stderr or done.stdout).strip()[:500]}")
        bundle = in_one_order(
            {
                path.relative_to(index).as_posix(): path.read_bytes()
                for path in sorted(index.rglob("*"))
                if path.is_file() and not path.name.startswith(_UNUSED)
            }
        )
        return {f"{INDEX_FOLDER}/{shard}/{path}": data for path, data in sorted(bundle.items())}
    finally:
        discard(scratch)


def _lay_out(pages: Mapping[str, bytes | Path], site: str, *, link: bool) -> None:
    """The pages at their paths under `site`: their files hard-linked (where `link`) or
    copied, or their bytes. (With `os` and each folder made once: quicker than Path's way
    for each page.)"""
    made = {""}
    os.mkdir(site)
    # Last first: a folder in memory lists its files newest first, so Pagefind finds them in
    # order and numbers them as `in_one_order` would (elsewhere, it renumbers them).
    for path, page in sorted(pages.items(), reverse=True):
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(os.path.join(site, folder), exist_ok=True)
            made.add(folder)
        target = os.path.join(site, path)
        if not isinstance(page, Path):
            with open(target, "wb") as file:
                file.write(page)
        elif not (link and _linked(page, target)):
            shutil.copyfile(page, target, follow_symlinks=False)


def _linked(page: Path, target: str) -> bool:
    try:
        os.link(page, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def record_index(
    update: IndexUpdate,
    output: Path,
    cache: BuildCache,
    found: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, list[int]]:
    """Remember the index as written into `output`, for the next build to keep; returns each
    index file's size and time as written (none if a file is missing). The kept files were
    found as the last build recorded them, and the writing left them be; `found`, the size
    and time of the files already looked at as written (the rest are looked at now)."""
    folder = str(output)
    written = {path: [size, mtime] for path, (size, mtime) in update.kept.items()}
    found = found or {}
    for path in update.files:
        if path in found:
            written[path] = list(found[path])
            continue
        try:
            status = os.stat(os.path.join(folder, path), follow_symlinks=False)
        except OSError:
            return {}  # not as written: the next build indexes again
        written[path] = [status.st_size, status.st_mtime_ns]
    written = dict(sorted(written.items()))
    shards: dict[str, dict[str, Any]] = {
        name: {"pages": dict(pages), "files": {}} for name, pages in update.shards.items()
    }
    for path, record in written.items():
        if path != SHARDS_FILE:
            shards[path.split("/")[1]]["files"][path] = record
    entry = {
        "stamp": update.stamp,
        "shards": shards,
        "periods": dict(update.periods),
        "listing": written[SHARDS_FILE],
    }
    cache.put(SEARCH, _entry_key(output), entry)
    return written
