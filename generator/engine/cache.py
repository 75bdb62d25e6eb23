"""The build cache in SOURCE/.cache/: parsed documents, validated meetings, rendered Markdown,
the parts of the files made of parts and the pages last written, by content hash.

Entries are keyed by a hash of everything they depend on (file bytes, or a body with the
settings that shape its HTML; a rendered body also records where the notes it links to were
published, which the pipeline checks when it takes it) and stored under a stamp of the
generator's own code and the libraries that parse and render, so upgrading either starts
afresh. Each table is split in sixteen shards, read only when a key in them is looked up; of
the shards it read, a build saves only the entries it used (the others stay as they are until
a build reads them), so the cache does not outgrow the site; a shard written by other code is
deleted. A few entries added to a shard of a table keyed by content are written beside it,
and a few left unused stay in it, until the shard is next written whole (`_save_shard`).
Deleting the cache never changes the output; a damaged or unwritable cache is ignored.
Tables are JSON, not pickle: a cache restored in CI or committed by mistake can hold wrong
data but never code.

Lookups happen in forked workers (see `parallel`): they ask `has()` of the tables the parent
`read()` before the fork and send back only the key of a hit, which the parent then `take()`s
(and makes again if the entry turns out to be damaged).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import orjson

from generator import __version__
from generator.engine.parallel import map_indexed

CACHE_DIR = ".cache"
CACHE_LOCK = "lock"  # held by a build while it reads and writes the cache (see `locks`)
DOCUMENTS = "documents"  # site.yml, the principles and the themes, parsed
MEETING_DOCUMENTS = "meeting-documents"  # meetings, parsed (a warm build seldom reads them)
VALIDATED = "validated"
MARKDOWN = "markdown"
MARKDOWN_HTML = "markdown-html"  # a meeting's body's HTML, under its key in MARKDOWN (`markup`)
PARTS = "parts"  # a table per kind of part of a file, "parts-<kind>" (see make.StoredParts)
INDEXES = "indexes"  # the last build's cross-referenced indexes (make.KeptIndexes)
UNMARKED = "unmarked"  # the pages a site theme's template left without search's mark (make)
_FORMAT = 3
SHARDS = tuple("0123456789abcdef")
# Tables keyed by everything an entry is made from, so that an entry never goes stale under
# its key: a build that adds a few entries to a shard of one writes them in a file beside it
# (`_ADDED`), rather than the whole shard again.
_KEYED_BY_CONTENT = frozenset({DOCUMENTS, MEETING_DOCUMENTS, VALIDATED, MARKDOWN, MARKDOWN_HTML})
_ADDED = "added"  # the file beside a shard: TABLE.SHARD.added.json
# A shard is written whole again once the entries beside it and those it holds unused
# number more than this share of the entries used.
_WHOLE_AGAIN_PAST = 1 / 16
T = TypeVar("T")
# Libraries whose output the cache keeps (parsed YAML, HTML): a new version of any of them,
# or markdown-it-pyrs installed or removed, starts the cache afresh.
_LIBRARIES = (
    "markdown-it-py",
    "markdown-it-pyrs",
    "linkify-it-py",  # which bare addresses become links
    "mdit-py-plugins",
    "pyyaml",
    "pydantic",
    "jinja2",
    "markupsafe",
)


def content_key(*parts: str | bytes) -> str:
    """A hash of the parts, unambiguous however they are split."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def kept_as_text(value: object) -> orjson.Fragment:
    """`value` as the JSON text its table's file will hold: a large entry `put` so is held
    in memory until the save as that one text, not as its many objects."""
    return orjson.Fragment(orjson.dumps(value))


def value_key(value: object) -> str:
    """A hash of a plain value: tuples, records, dates, enums and text (a dependency key's
    value, or the facts a cached text is made from), written by orjson (dates as their repr,
    so that a date never reads as text); what it refuses is hashed by repr. Never `hash()`:
    its seed differs from process to process."""
    try:
        data = b"j" + orjson.dumps(
            value, default=_date_repr, option=orjson.OPT_PASSTHROUGH_DATETIME
        )
    except TypeError:
        data = b"r" + repr(value).encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_WRITTEN_BY_REPR = frozenset({date, datetime, time})


def _date_repr(value: object) -> str:
    if type(value) in _WRITTEN_BY_REPR:
        return repr(value)
    raise TypeError(f"{type(value).__name__} is not written as JSON")


@cache
def code_stamp() -> str:
    """The generator's version, its own source code, and the versions of what it parses with."""
    package = Path(__file__).parent.parent
    parts: list[str | bytes] = [str(_FORMAT), __version__]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in _LIBRARIES:
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "?"]
    return content_key(*parts)


@dataclass(frozen=True)
class CacheReport:
    """How many entries of each table a build reused."""

    reused: tuple[tuple[str, int, int], ...] = ()  # (table, reused, looked up)

    def __str__(self) -> str:
        return ", ".join(f"{name} {hits}/{total}" for name, hits, total in self.reused)


def _header() -> bytes:
    """How a shard written by this code begins."""
    return b'{"stamp": ' + _dumps(code_stamp()) + b', "entries": {'


def _write_table(file: BinaryIO, entries: dict[str, Any]) -> None:
    """{"stamp": ..., "entries": {...}}, an entry at a time (one dump of everything would be
    a second copy of the table in memory), by orjson."""
    file.write(_header())
    for number, key in enumerate(sorted(entries)):
        file.write(b", " if number else b"")
        file.write(_dumps(key) + b": " + _dumps(entries[key]))
    file.write(b"}}\n")


def _dumps(value: Any) -> bytes:
    """JSON; null for what orjson refuses (text that is not UTF-8: no build makes it, and
    an entry read back as null is made again)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return b"null"


def _shard(key: str) -> str:
    """Which file of its table an entry is kept in: a table is split in sixteen, so that a
    build that changed a few entries rewrites only the files that hold them."""
    return key[:1] if key[:1] in SHARDS else "0"


def tracked_by_git(source: Path) -> bool:
    """Whether git tracks anything in SOURCE/.cache. A committed cache came with the
    repository, so it is data anyone with commit rights could have edited (HTML past
    `allow_html: false`, for one) rather than what this machine made."""
    if not (source / CACHE_DIR).exists():
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(source), "ls-files", "-z", "--", CACHE_DIR],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and bool(done.stdout)


class BuildCache:
    """Tables of {key: JSON value}, read lazily from disk a shard at a time, let go of once
    a build has taken what it uses from them (`release`), and saved after a good build."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._shards: dict[str, dict[str, dict[str, Any]]] = {}  # table -> shard read -> entries
        self._used: dict[str, dict[str, Any]] = {}
        self._counts: dict[str, list[int]] = {}
        self._on_disk: dict[str, dict[str, set[str]]] = {}  # table -> shard read -> keys
        self._dirty: dict[str, set[str]] = {}  # table -> shards with entries put
        self._put: dict[str, set[str]] = {}  # table -> keys put since the last save
        self._beside: dict[str, dict[str, set[str]]] = {}  # table -> shard read -> keys added
        self._retained: dict[str, dict[str, list[str]]] = {}  # table -> shard not read -> keys
        self._released: dict[str, dict[str, set[str]]] = {}  # table -> shard let go -> keys used

    @classmethod
    def disabled(cls) -> BuildCache:
        """A cache that remembers within one build only and never touches the disk."""
        return cls(None)

    @classmethod
    def for_source(cls, source: Path) -> BuildCache:
        return cls(source / CACHE_DIR)

    def read(self, table: str) -> None:
        """Read a whole table now, before workers are forked: they inherit it rather than
        each reading it from disk again."""
        for shard in SHARDS:
            self._entries(table, shard)

    def has(self, table: str, key: str) -> bool:
        return key in self._entries(table, _shard(key))

    def take(self, table: str, key: str, decode: Callable[[Any], T]) -> T | None:
        """The decoded entry, counted as reused; None if it is missing or damaged (the caller
        then makes it again and `put`s it)."""
        value = self._entries(table, _shard(key)).get(key)
        if value is None:
            return None
        try:
            decoded = decode(value)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None
        self._used[table][key] = value
        self._counts[table][0] += 1
        self._counts[table][1] += 1
        return decoded

    def retain(self, table: str, key: str) -> None:
        """Keep an entry for the next build without using it now (if there is one). A shard
        this build never reads is not read for this: its file is left as it is."""
        shard = _shard(key)
        if shard not in self._shards.get(table, {}):
            self._retained.setdefault(table, {}).setdefault(shard, []).append(key)
            return
        value = self._shards[table][shard].get(key)
        if value is not None:
            self._used[table][key] = value

    def put(self, table: str, key: str, value: Any) -> None:
        shard = _shard(key)
        self._entries(table, shard)[key] = value
        self._used[table][key] = value
        self._counts[table][1] += 1
        self._dirty[table].add(shard)
        self._put[table].add(key)

    def keep_read(self, table: str) -> None:
        """Count every entry of the table's shards read so far as used, so that saving
        rewrites them whole (a build that used few of their entries but added some)."""
        for entries in self._shards.get(table, {}).values():
            self._used[table].update(entries)

    def release(self, table: str) -> None:
        """Let go of what memory holds of a table once this build has taken all it uses from
        it: the entries it did not use, and each shard whose file holds just the entries used
        (the save would leave it as it is). A shard let go of is read again when asked for."""
        shards = self._shards.get(table, {})
        used = self._used.get(table, {})
        keys_used: dict[str, set[str]] = {shard: set() for shard in shards}
        for key in used:
            keys_used[_shard(key)].add(key)
        for shard, keys in keys_used.items():
            if shard not in self._dirty[table] and keys == self._on_disk[table][shard]:
                del shards[shard]
                for key in keys:
                    del used[key]
                self._released.setdefault(table, {})[shard] = keys
            else:
                entries = shards[shard]
                for key in entries.keys() - keys:
                    del entries[key]

    def start_build(self) -> None:
        """Forget which entries were used (a long-lived cache, as in `serve`)."""
        self._used = {table: {} for table in self._shards}
        self._counts = {table: [0, 0] for table in self._shards}
        self._retained = {}
        self._released = {}

    def report(self) -> CacheReport:
        return CacheReport(tuple((t, c[0], c[1]) for t, c in sorted(self._counts.items())))

    def save(self) -> None:
        """Keep what this build used of the shards it read (the others are left as they
        are); write each shard atomically; never fail the build."""
        if self.directory is None:
            return
        try:
            self._write_tables()
        except OSError:
            return

    def _write_tables(self) -> None:
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# the nominutes build cache: safe to delete\n*\n")
        for old in self.directory.glob("*.json"):
            if old.name.count(".") == 1:  # a whole table in one file: the layout before format 3
                old.unlink(missing_ok=True)
        written: set[Path] = set()
        for table, entries in sorted(self._used.items()):
            by_shard: dict[str, dict[str, Any]] = {shard: {} for shard in self._shards[table]}
            for key, value in entries.items():
                by_shard[_shard(key)][key] = value
            put: dict[str, set[str]] = {shard: set() for shard in by_shard}
            for key in self._put[table]:
                put.get(_shard(key), set()).add(key)
            on_disk = self._on_disk[table]
            for shard, shard_entries in by_shard.items():
                if shard in self._dirty[table] or shard_entries.keys() != on_disk[shard]:
                    written.add(self._save_shard(table, shard, shard_entries, put[shard]))
            self._dirty[table].clear()
            self._put[table].clear()
        self._remove_stale(written)

    def _save_shard(self, table: str, shard: str, entries: dict[str, Any], put: set[str]) -> Path:
        """Write a shard whose entries used changed (`put`, those put since the last save):
        of a table keyed by content, only the entries added since it was written whole,
        beside it, while they and the entries it holds unused are few; else the whole
        shard. The file written."""
        on_disk, beside = self._on_disk[table], self._beside[table]
        if table in _KEYED_BY_CONTENT:
            put = put & entries.keys()  # (serve's next build may not use what one put)
            added = {key: entries[key] for key in (beside[shard] & entries.keys()) | put}
            unused = on_disk[shard] - entries.keys()
            if len(added) + len(unused) <= _WHOLE_AGAIN_PAST * len(entries):
                if put:
                    self._write_shard(table, shard, added, _ADDED)
                    on_disk[shard] = (on_disk[shard] - beside[shard]) | added.keys()
                    beside[shard] = set(added)
                    return self._file(table, shard, _ADDED)
                return self._file(table, shard)  # only entries left unused: kept, for now
        self._write_shard(table, shard, entries)
        self._file(table, shard, _ADDED).unlink(missing_ok=True)  # (all in the shard now)
        on_disk[shard] = set(entries)
        beside[shard] = set()
        return self._file(table, shard)

    def _remove_stale(self, written: set[Path]) -> None:
        """Delete each shard written by other code (another version of nominutes or of a
        library it parses with): no build of this code can use it, and a shard that no build
        reads again would otherwise stay on disk, and in CI's restored cache, for good. The
        shards are looked at only when the cache was last saved by other code (the file
        `stamp` says which): after that, every shard is this code's or gone."""
        assert self.directory is not None
        marker = self.directory / "stamp"
        try:
            if marker.read_text() == code_stamp():
                return
        except OSError:
            pass
        current = _header()
        for path in self.directory.glob("*.*.json"):
            if path in written:
                continue
            try:
                with path.open("rb") as file:
                    stale = file.read(len(current)) != current
                if stale:
                    path.unlink()
            except OSError:
                continue
        marker.write_text(code_stamp())

    def _write_shard(self, table: str, shard: str, entries: dict[str, Any], part: str = "") -> None:
        """Write one shard (or the entries added `beside` it) atomically (a shard with no
        entries is removed)."""
        assert self.directory is not None
        if not entries:
            self._file(table, shard, part).unlink(missing_ok=True)
            return
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{table}.")
        try:
            with os.fdopen(handle, "wb") as file:
                _write_table(file, entries)
            os.replace(temporary, self._file(table, shard, part))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _file(self, table: str, shard: str, part: str = "") -> Path:
        """A shard's file, or (`part` `_ADDED`) that of the entries added beside it."""
        assert self.directory is not None
        return self.directory / f"{table}.{shard}{'.' + part if part else ''}.json"

    def _entries(self, table: str, shard: str) -> dict[str, Any]:
        """The entries of one shard of a table, read from disk the first time."""
        if table not in self._shards:
            self._shards[table] = {}
            self._on_disk[table] = {}
            self._dirty[table] = set()
            self._put[table] = set()
            self._beside[table] = {}
            self._used[table] = {}
            self._counts[table] = [0, 0]
        shards = self._shards[table]
        if shard not in shards:
            entries = shards[shard] = self._read(table, shard)
            added = self._read(table, shard, _ADDED) if table in _KEYED_BY_CONTENT else {}
            entries.update(added)
            self._beside[table][shard] = set(added)
            self._on_disk[table][shard] = set(entries)
            for key in self._released.get(table, {}).pop(shard, ()):  # used before it was let go
                if key in entries:
                    self._used[table][key] = entries[key]
            for key in self._retained.get(table, {}).pop(shard, ()):
                self.retain(table, key)
        return shards[shard]

    def _read(self, table: str, shard: str, part: str = "") -> dict[str, Any]:
        if self.directory is None:
            return {}
        try:
            stored = orjson.loads(self._file(table, shard, part).read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("stamp") != code_stamp():
            return {}
        entries = stored.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {key: value for key, value in entries.items() if _shard(key) == shard}


R = TypeVar("R")


def cached_map(
    cache: BuildCache,
    table: str,
    keys: Sequence[str],
    make: Callable[[int], R],
    codec: tuple[Callable[[R], Any], Callable[[Any], R]],
    jobs: int,
) -> list[R]:
    """[make(0), ..., make(n - 1)], each taken from `table` when it holds `keys[i]`; those
    missing are made in up to `jobs` forked processes and stored. `codec` turns a result
    into the JSON value stored, and back. A damaged entry is made again."""
    encode, decode = codec
    if not keys:
        return []
    # Each key's shard is read here, before the workers fork: they inherit them.
    missing = [index for index, key in enumerate(keys) if not cache.has(table, key)]
    made_now = map_indexed(lambda i: make(missing[i]), len(missing), jobs)
    made = dict(zip(missing, made_now, strict=True))
    results = []
    for index, key in enumerate(keys):
        result = made.get(index)
        if result is None:
            result = cache.take(table, key, decode)
        if result is None:
            result = made[index] = make(index)
        if index in made:
            cache.put(table, key, encode(result))
        results.append(result)
    return results
