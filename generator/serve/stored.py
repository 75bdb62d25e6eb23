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
    them. Like the rest of the model, a SiteFiles is never changed: an update makes another.
    """

    def __init__(
        self,
        compressed: Mapping[str, bytes] | None = None,
        made: Mapping[str, bytes] | None = None,
    ) -> None:
        self._compressed: dict[str, bytes] = dict(compressed or {})
        self._made: dict[str, bytes] = dict(made or {})  # as made; not in _compressed

    def __getitem__(self, path: str) -> bytes:
        made = self._made.get(path)
        return decompress(self._compressed[path]) if made is None else made

    def __contains__(self, path: object) -> bool:
        return path in self._compressed or path in self._made

    def __iter__(self) -> Iterator[str]:
        yield from self._compressed
        yield from self._made

    def __len__(self) -> int:
        return len(self._compressed) + len(self._made)

    def gzipped(self, path: str) -> bytes:
        """The file as a gzip stream, as sent with `Content-Encoding: gzip`."""
        made = self._made.get(path)
        return self._compressed[path] if made is None else compress(made)

    def _same(self, path: str, data: bytes) -> bool:
        """Whether the file at `path` holds `data` (a gzip stream ends with its length, so a
        file whose length changed is not decompressed)."""
        made = self._made.get(path)
        if made is not None:
            return made == data
        packed = self._compressed.get(path)
        if packed is None or int.from_bytes(packed[-4:], "little") != len(data) & 0xFFFFFFFF:
            return False
        return decompress(packed) == data

    def updated(
        self, made: Mapping[str, bytes], gone: Iterable[str] = ()
    ) -> tuple[SiteFiles, set[str]]:
        """The files with `made` (new bytes, not compressed) in place and `gone` removed, and
        the paths whose bytes changed (or that were removed)."""
        changed = set(gone)
        changed.update(path for path, data in made.items() if not self._same(path, data))
        compressed = {p: b for p, b in self._compressed.items() if p not in changed}
        kept = {p: b for p, b in self._made.items() if p not in changed}
        kept.update((path, made[path]) for path in changed if path in made)
        return SiteFiles(compressed, kept), changed


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
