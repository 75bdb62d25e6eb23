"""Keeping files from the last build: a rebuild makes only the pages and files whose inputs
changed.

After a build, the cache records (table "pages", one entry per output directory): a stamp of
everything every page reads (the theme's files, the settings, themes and principles), a digest
of each key's value (the parts of the model pages read, see `site.keys`), and for each output
the digest of its set of keys and the size and modification time of the file written. The next
build into the same directory keeps a file when the stamp is the same, it reads the same set of
keys, each of them has a value and none changed, and the file is still exactly as written (same
size and modification time: the writer leaves a kept file where it is, or hard-links it into a
new site folder). Any doubt means making it again.

When no input changed at all (`Standing`: every source file, the theme's files, the options,
the build date, git's history and the search tool as the last build found them, and the output
folder as it left it), the next build keeps the whole site without listing a page: it only
reports again what the last one reported.

The manifest also records which outputs read each of the keys the pipeline follows (a
meeting's, which an edit to its body alone reaches): when only such keys can have changed,
`follow` keeps every other file without listing the pages and what each reads.

Deleting the cache, or the output directory, only makes the next build render everything.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.engine.cache import BuildCache, content_key
from generator.engine.write import MARKER
from generator.errors import Problem, Severity

PAGES = "pages"
READERS = "readers"  # the outputs that read each key followed apart (see `plan`)
STANDING = "standing"


# A file's record as the cache keeps it: [digest of its set of keys, size, mtime_ns]. The
# lists read back are used as they are (made into an object each, they would slow every
# warm build); a damaged one only fails to match.
PageRecord = Sequence[Any]
KEYS, SIZE, MTIME = 0, 1, 2


@dataclass(frozen=True)
class Manifest:
    """What one build into one output directory rendered its pages from."""

    stamp: str
    keys: Mapping[str, str]  # dependency key -> digest of its value
    pages: Mapping[str, PageRecord]  # output path -> record
    others: tuple[str, ...]  # the other files written (the search index)
    marker: tuple[int, ...]  # the output folder's state once written (see `_marker`)
    readers: Mapping[str, Sequence[str]]  # a followed key -> the outputs that read it
    # A digest of which outputs there were and what each read, when the pages were last
    # listed: the readers kept apart (see `plan`) are that listing's.
    listing: str

    def to_cache(self) -> dict[str, Any]:
        return {
            "stamp": self.stamp,
            "keys": dict(self.keys),
            "pages": self.pages,
            "others": list(self.others),
            "marker": list(self.marker),
            "readers": dict(self.readers),
            "listing": self.listing,
        }

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> Manifest:
        pages = entry["pages"]
        if not isinstance(pages, dict) or not all(
            type(record) is list and len(record) == 3 for record in pages.values()
        ):
            raise TypeError("not a table of records")
        keys = entry["keys"]
        if not isinstance(keys, dict):
            raise TypeError("keys is not a table")
        others = tuple(str(path) for path in entry["others"])
        marker = tuple(int(number) for number in entry["marker"])
        readers = entry["readers"]
        if not isinstance(readers, dict):
            raise TypeError("readers is not a table")
        stamp, listing = str(entry["stamp"]), str(entry["listing"])
        return cls(stamp, keys, pages, others, marker, readers, listing)


@dataclass(frozen=True)
class Plan:
    """Which pages this build takes from the last one, and what to record once written."""

    kept: Mapping[str, PageRecord]  # output path -> the last build's record of the file
    stamp: str
    keys: Mapping[str, str]
    page_keys: Mapping[str, str]  # output path -> digest of its set of keys
    # Every file the last build wrote into the output, when the output is as it left it
    # (the writer then removes the stale ones without walking the folder); else None.
    written_before: frozenset[str] | None = None
    readers: Mapping[str, Sequence[str]] = field(default_factory=dict)  # see `Manifest`
    listing: str = ""  # see `Manifest`
    # The outputs that read each key followed apart, when the pages were listed (see `plan`);
    # None leaves those recorded by the build that last listed them.
    readers_apart: Mapping[str, Sequence[str]] | None = None
    # What the last build into the output recorded (see `Manifest`): each key's digest then,
    # and each file's record (see `still_standing`).
    last_keys: Mapping[str, str] = field(default_factory=dict)
    last_pages: Mapping[str, PageRecord] = field(default_factory=dict)

    @property
    def stale(self) -> frozenset[str]:
        """The outputs to make again."""
        return frozenset(self.page_keys.keys() - self.kept.keys())

    def changed(self, keys: Iterable[str]) -> list[str]:
        """Those of `keys` whose value is not known to be the one the last build recorded."""
        now, then = self.keys, self.last_keys
        return [key for key in keys if key not in now or then.get(key) != now[key]]

    def still_standing(self, output: Path, path: str) -> Plan | None:
        """The plan with the output `path` kept after all, as the last build into `output`
        wrote it, if it read the same keys then and its file is as that build recorded it:
        for a caller that found nothing the file shows has changed. Else None."""
        record = self.last_pages.get(path)
        if (
            record is None
            or record[KEYS] != self.page_keys.get(path)
            or not _unchanged_file(os.path.join(str(output), path), record)
        ):
            return None
        return replace(self, kept={**self.kept, path: record})


def _set_digest(keys: Iterable[str]) -> str:
    """A digest of a page's set of keys (keys are slugs and ids: never a newline)."""
    return hashlib.blake2b("\n".join(sorted(keys)).encode(), digest_size=16).hexdigest()


def _entry_key(output: Path) -> str:
    return content_key(PAGES, str(output.resolve()))


def _readers(reads: Mapping[str, frozenset[str]], keys: frozenset[str]) -> dict[str, list[str]]:
    """The outputs that read each of `keys`."""
    readers: dict[str, list[str]] = {key: [] for key in keys}
    for path, found in reads.items():
        for key in found & keys:
            readers[key].append(path)
    return readers


def _listing(page_keys: Mapping[str, str]) -> str:
    """A digest of the outputs and the digest of what each reads (see `Manifest.listing`)."""
    digest = hashlib.blake2b(digest_size=16)
    for path, keys in sorted(page_keys.items()):
        digest.update(f"{path}\n{keys}\n".encode())
    return digest.hexdigest()


def plan(
    reads: Mapping[str, frozenset[str]],
    keys: Mapping[str, str],
    stamp: str,
    output: Path,
    cache: BuildCache,
    followed: frozenset[str] = frozenset(),
    followed_apart: frozenset[str] = frozenset(),
    found_as_written: Callable[[], tuple[int, ...] | None] | None = None,
) -> Plan:
    """Which outputs (`reads`: each output path with the keys it reads) can be kept from the
    last build into `output`, given each key's digest now (`keys`). A key without a digest
    (`always`) is never unchanged. The outputs that read each `followed` key are recorded
    for the next build (see `follow`), with its list of files; those of each
    `followed_apart` key in a table of their own, read only by a build that asks for them.

    A file is kept only as its last build wrote it: each is looked at (a stat), unless
    `found_as_written` gives that build's marker (the caller found every file it wrote as
    written, see `as_written`)."""
    page_keys = {path: _set_digest(found) for path, found in reads.items()}
    readers, apart = _readers(reads, followed), _readers(reads, followed_apart)
    last = cache.take(PAGES, _entry_key(output), Manifest.from_cache)
    kept: dict[str, PageRecord] = {}
    written_before = None
    if last is not None and _marker(output) == last.marker:
        written_before = frozenset([*last.pages, *last.others])
    if last is not None and last.stamp == stamp:
        same = {k for k, digest in keys.items() if last.keys.get(k) == digest}
        folder = str(output)
        as_written = found_as_written is not None and found_as_written() == last.marker
        for path, found in reads.items():
            record = last.pages.get(path)
            if (
                record is not None
                and record[KEYS] == page_keys[path]
                and found <= same
                and (as_written or _unchanged_file(os.path.join(folder, path), record))
            ):
                kept[path] = record
    listing = _listing(page_keys)
    last_keys, last_pages = (last.keys, last.pages) if last is not None else ({}, {})
    return Plan(
        kept,
        stamp,
        dict(keys),
        page_keys,
        written_before,
        readers,
        listing,
        apart,
        last_keys if last is not None and last.stamp == stamp else {},
        last_pages,
    )


def follow(
    digests: Mapping[str, str],
    stamp: str,
    output: Path,
    cache: BuildCache,
    last_build: Standing,
    also: str | None = None,
    spared: Callable[[set[str]], Collection[str]] | None = None,
) -> Plan | None:
    """The plan when, of everything the `last_build` into `output` read, only the keys of
    `digests` (each with its digest now) may have changed, and its files are as it wrote
    them (the caller checked): the outputs that read a key whose digest changed, or the key
    `also`, are made again, but those `spared` (given the outputs reached) keeps unless a
    changed key reached them; every other
    file is kept, with no page listed. With `also` or `spared`, the readers kept apart are
    read too (see `plan`). None when the stamp differs, the files recorded are not that
    build's, or a key changed that it recorded no readers for."""
    last = cache.take(PAGES, _entry_key(output), Manifest.from_cache)
    if last is None or last.stamp != stamp or last.marker != last_build.marker:
        return None
    apart = None
    if also is not None or spared is not None:
        apart = cache.take(READERS, _entry_key(output), ReadersApart.from_cache)
        if apart is None or apart.listing != last.listing:
            return None
    changed = [key for key, digest in digests.items() if last.keys.get(key) != digest]
    reached: list[set[str]] = []  # by the changed keys, then by `also`
    for keys in (changed, [] if also is None else [also]):
        found: set[str] = set()
        for key in keys:
            readers = last.readers.get(key)
            if readers is None and apart is not None:
                readers = apart.of(key)
            if not isinstance(readers, list):
                return None
            found.update(readers)
        reached.append(found)
    stale = reached[0] | reached[1]
    if spared is not None:
        stale.difference_update(spared(stale) - reached[0])
    kept = {path: record for path, record in last.pages.items() if path not in stale}
    page_keys = {path: record[KEYS] for path, record in last.pages.items()}
    written_before = None
    if _marker(output) == last.marker:
        written_before = frozenset([*last.pages, *last.others])
    keys = {**last.keys, **digests}
    return Plan(
        kept,
        stamp,
        keys,
        page_keys,
        written_before,
        last.readers,
        last.listing,
        last_keys=last.keys,
        last_pages=last.pages,
    )


@dataclass(frozen=True)
class ReadersApart:
    """The outputs that read each key followed apart, as the build that last listed the
    pages recorded them: each output by its place in `outputs` (a third of the text that
    writing each path out takes)."""

    listing: str  # see `Manifest`
    outputs: Sequence[str]
    readers: Mapping[str, Sequence[int]]

    @classmethod
    def recorded(cls, listing: str, readers: Mapping[str, Sequence[str]]) -> ReadersApart:
        outputs = sorted({path for paths in readers.values() for path in paths})
        place = {path: i for i, path in enumerate(outputs)}
        return cls(listing, outputs, {k: [place[p] for p in v] for k, v in readers.items()})

    def to_cache(self) -> dict[str, Any]:
        return {"listing": self.listing, "outputs": self.outputs, "readers": self.readers}

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> ReadersApart:
        outputs, readers = entry["outputs"], entry["readers"]
        if not isinstance(outputs, list) or not isinstance(readers, dict):
            raise TypeError("not a table of readers")
        return cls(str(entry["listing"]), outputs, readers)

    def of(self, key: str) -> list[str] | None:
        """The outputs that read `key` (None if none were recorded, or the record is damaged)."""
        places = self.readers.get(key)
        if not isinstance(places, list):
            return None
        count = len(self.outputs)
        if not all(type(i) is int and 0 <= i < count for i in places):
            return None
        found = [self.outputs[i] for i in places]
        return found if all(isinstance(path, str) for path in found) else None


def last_manifest(output: Path, cache: BuildCache) -> Manifest | None:
    """What the last build into `output` rendered its pages from."""
    return cache.take(PAGES, _entry_key(output), Manifest.from_cache)


def splice_plan(
    last: Manifest, output: Path, made: Collection[str], changed: Collection[str]
) -> Plan:
    """The plan of a build that made again only the outputs `made`, after a change that
    only the `changed` keys stand for, without working out their digests: they are left
    out, so the next build makes again what reads them."""
    kept = {path: record for path, record in last.pages.items() if path not in made}
    page_keys = {path: record[KEYS] for path, record in last.pages.items()}
    written_before = None
    if _marker(output) == last.marker:
        written_before = frozenset([*last.pages, *last.others])
    keys = {key: digest for key, digest in last.keys.items() if key not in changed}
    return Plan(kept, last.stamp, keys, page_keys, written_before, last.readers, last.listing)


def _marker(output: Path) -> tuple[int, ...] | None:
    """The inode and modification time of the output's marker, which every build rewrites,
    and the time of the output folder itself, which changes when a file is put in or taken
    out of it (files put into its subfolders by hand are not seen)."""
    try:
        status = os.stat(output / MARKER, follow_symlinks=False)
        folder = os.stat(output, follow_symlinks=False)
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns, folder.st_mtime_ns


def _unchanged_file(path: str, record: PageRecord) -> bool:
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_size == record[SIZE]
        and status.st_mtime_ns == record[MTIME]
    )


def record(
    plan: Plan,
    output: Path,
    cache: BuildCache,
    others: Iterable[str] = (),
    found: Mapping[str, tuple[int, int]] | None = None,
) -> Manifest | None:
    """Remember the files as written into `output`, for the next build to keep (the kept
    files were not touched: their records stay); `others` are the rest it wrote; `found`,
    the size and time of those already looked at as written (the rest are looked at now).
    Returns what it recorded (None when the output's marker is missing)."""
    pages = dict(plan.kept)
    folder = str(output)
    found = found or {}
    for path, keys in plan.page_keys.items():
        if path in pages:
            continue
        if path in found:
            pages[path] = [keys, *found[path]]
            continue
        try:
            status = os.stat(os.path.join(folder, path), follow_symlinks=False)
        except OSError:
            continue
        pages[path] = [keys, status.st_size, status.st_mtime_ns]
    marker = _marker(output)
    if marker is None:
        return None
    others = tuple(sorted(others))
    manifest = Manifest(plan.stamp, plan.keys, pages, others, marker, plan.readers, plan.listing)
    cache.put(PAGES, _entry_key(output), manifest.to_cache())
    if plan.readers_apart is not None:
        apart = ReadersApart.recorded(plan.listing, plan.readers_apart)
        cache.put(READERS, _entry_key(output), apart.to_cache())
    return manifest


@dataclass(frozen=True)
class Standing:
    """What a build found and reported, for the next build into the same folder to see that
    nothing changed (see `last_standing`), or only the bodies of some meetings (see `follow`)."""

    inputs: str  # a digest of everything the build read but the source files
    files: Mapping[str, str]  # each source file's key (and the day git last saw it edited)
    history: bool  # whether it read git's history
    # Every file of the site, and of its search index, with its size and time as written.
    written: Mapping[str, Sequence[int]]
    index: Mapping[str, Sequence[int]]
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...]
    # site.yml's settings as the build read them (plain values: see `model.config_to_cache`)
    config: Mapping[str, Any] | None = None
    marker: tuple[int, ...] = ()  # the output folder's state once written
    # The address the ids of the site written from site.yml's own `base_url` were made from
    # (its `former_base_url`, else its `base_url`): this build's, or, for a build given
    # --base-url (a preview at another address, no move), the last one's.
    ids_from: str | None = None

    def to_cache(self) -> dict[str, Any]:
        warnings = [
            [p.path, p.line, p.col, p.message, p.severity.value, p.advisory] for p in self.warnings
        ]
        return {
            "inputs": self.inputs,
            "files": dict(self.files),
            "history": self.history,
            "written": self.written,  # [size, time] lists or pairs: both JSON arrays
            "index": self.index,
            "warnings": warnings,
            "notes": list(self.notes),
            "config": self.config,
            "marker": list(self.marker),
            "ids_from": self.ids_from,
        }

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> Standing:
        warnings = tuple(
            Problem(str(path), int(line), int(col), str(text), Severity(kind), bool(advisory))
            for path, line, col, text, kind, advisory in entry["warnings"]
        )
        files = entry["files"]
        if not isinstance(files, dict):
            raise TypeError("not a table of files")
        return cls(
            str(entry["inputs"]),
            files,
            bool(entry["history"]),
            _statuses(entry["written"]),
            _statuses(entry["index"]),
            warnings,
            tuple(str(note) for note in entry["notes"]),
            entry["config"],
            tuple(int(number) for number in entry["marker"]),
            entry["ids_from"] if isinstance(entry.get("ids_from"), str) else None,
        )


def _statuses(entry: object) -> Mapping[str, Sequence[int]]:
    """Each file's [size, time], as stored (checked as they are used, in `as_written`)."""
    if not isinstance(entry, dict):
        raise TypeError("not a table of files")
    return entry


def last_standing(output: Path, cache: BuildCache) -> Standing | None:
    """What the last build into `output` read and reported."""
    return cache.take(STANDING, _entry_key(output), Standing.from_cache)


def marked(last: Standing, output: Path) -> bool:
    """Whether the output folder's marker is as the last build left it (no other build
    wrote into it since, and no file was put into it or taken out by hand)."""
    return _marker(output) == last.marker


def as_written(last: Standing, output: Path) -> bool:
    """Whether every file the last build wrote into `output` is as it was written (a stat of
    each)."""
    prefix = f"{output}/"  # the paths are the build's own, relative and with "/"
    regular = stat.S_ISREG
    try:
        for files in (last.written, last.index):
            for path, record in files.items():
                status = os.stat(prefix + path, follow_symlinks=False)
                if (
                    status.st_size != record[0]
                    or status.st_mtime_ns != record[1]
                    or not regular(status.st_mode)
                ):
                    return False
    except (OSError, TypeError, IndexError, KeyError):  # a file gone, or a damaged record
        return False
    return True


def record_standing(standing: Standing, output: Path, cache: BuildCache) -> None:
    """Remember this build's inputs and report with the output folder as written."""
    marker = _marker(output)
    if marker is not None:
        cache.put(STANDING, _entry_key(output), {**standing.to_cache(), "marker": list(marker)})
