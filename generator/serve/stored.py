"""The site's files as serve holds them in memory: each one gzip-compressed.

A preview of a large site is mostly its files' bytes, and HTML, feeds and exports shrink to
a fifth when compressed, so serve keeps each file compressed (always the same way, so the
same bytes compress to the same bytes and an update compares compressed files to see what
changed). A request that accepts gzip is answered with the stored bytes as they are; any
other request, and every page serve decorates, gets them decompressed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping

# zlib's quickest level: a page made again is compressed on every update, and level 6 or 9
# saves only a few percent more.
LEVEL = 1
_GZIP = 31  # zlib's wbits for the gzip format, with no name and no time in its header


def compress(data: bytes) -> bytes:
    return zlib.compress(data, LEVEL, wbits=_GZIP)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data, wbits=_GZIP)


class SiteFiles(Mapping[str, bytes]):
    """The site's files by output path, held compressed; reading one decompresses it."""

    def __init__(self, compressed: Mapping[str, bytes] | None = None) -> None:
        self._compressed: dict[str, bytes] = dict(compressed or {})

    def __getitem__(self, path: str) -> bytes:
        return decompress(self._compressed[path])

    def __contains__(self, path: object) -> bool:
        return path in self._compressed

    def __iter__(self) -> Iterator[str]:
        return iter(self._compressed)

    def __len__(self) -> int:
        return len(self._compressed)

    def gzipped(self, path: str) -> bytes:
        """The file as stored: a gzip stream, as sent with `Content-Encoding: gzip`."""
        return self._compressed[path]

    def updated(
        self, made: Mapping[str, bytes], gone: Iterable[str] = ()
    ) -> tuple[SiteFiles, set[str]]:
        """The files with `made` (new bytes, not compressed) in place and `gone` removed, and
        the paths whose bytes changed (or that were removed)."""
        files = dict(self._compressed)
        changed = set(gone)
        for path in changed:
            files.pop(path, None)
        for path, data in made.items():
            packed = compress(data)
            if files.get(path) != packed:
                files[path] = packed
                changed.add(path)
        return SiteFiles(files), changed


class CompressingSink:
    """Where a build for serve puts its pages as they render (`build.PageSink`): compressed
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
