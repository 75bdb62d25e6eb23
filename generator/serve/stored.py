"""The site's files as serve holds them in memory: gzip-compressed.

A preview of a large site is mostly its files' bytes, and HTML, feeds and exports shrink to
a fifth when compressed, so serve keeps the files a build made compressed (always the same
way, so the same bytes compress to the same bytes). A request that accepts gzip is answered
with the stored bytes as they are; any other request, and every page serve decorates, gets
them decompressed. The files an update made are held as made (see `SiteFiles`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping

# zlib's quickest level: level 6 or 9 saves only a few percent more.
LEVEL = 1
_GZIP = 31  # zlib's wbits for the gzip format, with no name and no time in its header


def compress(data: bytes) -> bytes:
    return zlib.compress(data, LEVEL, wbits=_GZIP)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data, wbits=_GZIP)


class SiteFiles(Mapping[str, bytes]):
    """The site's files by output path, held compressed; reading one decompresses it.

    The files an update made are held as made, and compressed only when a browser asks for
    one gzipped (seldom: HTML pages are sent decorated, and the large exports an edit makes
    again are rarely fetched while previewing), so an update does not wait on compressing
    them. Like the rest of the model, a SiteFiles is never changed: an update makes another,
    which shares the compressed files of the full build (never changed either) and hides
    those it made again or removed, so that an update's cost follows the files it made.
    """

    def __init__(
        self,
        compressed: dict[str, bytes] | None = None,
        made: Mapping[str, bytes] | None = None,
        gone: frozenset[str] = frozenset(),
    ) -> None:
        self._compressed: dict[str, bytes] = {} if compressed is None else compressed
        self._made: dict[str, bytes] = dict(made or {})  # as made; before any in _compressed
        self._gone = gone  # of _compressed, the files no longer in the site and not made
        shadowed = sum(1 for path in self._made if path in self._compressed)
        self._count = len(self._compressed) - len(gone) - shadowed + len(self._made)

    def _packed(self, path: str) -> bytes | None:
        """The file as the full build stored it, if it is still the site's and not made since."""
        return None if path in self._gone else self._compressed.get(path)

    def __getitem__(self, path: str) -> bytes:
        made = self._made.get(path)
        if made is not None:
            return made
        packed = self._packed(path)
        if packed is None:
            raise KeyError(path)
        return decompress(packed)

    def __contains__(self, path: object) -> bool:
        return path in self._made or (path in self._compressed and path not in self._gone)

    def __iter__(self) -> Iterator[str]:
        made, gone = self._made, self._gone
        yield from (path for path in self._compressed if path not in made and path not in gone)
        yield from made

    def __len__(self) -> int:
        return self._count

    def gzipped(self, path: str) -> bytes:
        """The file as a gzip stream, as sent with `Content-Encoding: gzip`."""
        made = self._made.get(path)
        if made is not None:
            return compress(made)
        packed = self._packed(path)
        if packed is None:
            raise KeyError(path)
        return packed

    def _same(self, path: str, data: bytes) -> bool:
        """Whether the file at `path` holds `data` (a gzip stream ends with the CRC-32 and the
        length of what it holds, so a file whose bytes changed is seldom decompressed)."""
        made = self._made.get(path)
        if made is not None:
            return made == data
        packed = self._packed(path)
        if packed is None or int.from_bytes(packed[-4:], "little") != len(data) & 0xFFFFFFFF:
            return False
        if int.from_bytes(packed[-8:-4], "little") != zlib.crc32(data):
            return False
        return decompress(packed) == data

    def updated(
        self, made: Mapping[str, bytes], gone: Iterable[str] = ()
    ) -> tuple[SiteFiles, set[str]]:
        """The files with `made` (new bytes, not compressed) in place and `gone` removed, and
        the paths whose bytes changed (or that were removed)."""
        changed = set(gone)
        changed.update(path for path, data in made.items() if not self._same(path, data))
        kept = {p: b for p, b in self._made.items() if p not in changed}
        kept.update((path, made[path]) for path in changed if path in made)
        removed = self._gone.union(path for path in changed if path in self._compressed)
        return SiteFiles(self._compressed, kept, removed - kept.keys()), changed


class CompressingSink:
    """Where a build for serve puts its pages as they render (`make.PageSink`): compressed
    at once, so the whole site is never in memory uncompressed. Pages must be rendered in
    this process (serve builds with one)."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}

    def start(self) -> None:
        self.pages.clear()

    def write(self, relative: str, data: bytes) -> None:
        self.pages[relative] = compress(data)

    def read(self, relative: str) -> bytes:
        return decompress(self.pages[relative])
