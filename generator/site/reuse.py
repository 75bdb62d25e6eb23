"""Keeping pages from the last build: a rebuild renders only the pages whose inputs changed
(and makes only the feeds, calendars and exports whose inputs changed).

After a build, the cache records (table "pages", one entry per output directory): a stamp of
everything every page reads (the generator's code, the theme's files, the settings, themes and
principles), a digest of each dependency key's value (see `dependencies`), and for each page
the digest of its set of keys and the size and modification time of the file written. The next
build into the same directory keeps a page when the stamp is the same, its keys are the same
set, none of their values changed, and its file is still exactly as written (same size and
modification time: the writer leaves a kept file where it is, or hard-links it into a new site
folder). Any doubt means rendering.

Deleting the cache, or the output directory, only makes the next build render everything.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.content.model import Site
from generator.engine.cache import BuildCache, content_key, value_key
from generator.site.dependencies import ALWAYS, file_dependencies, key_values, page_dependencies
from generator.site.pages import Page, Views
from generator.site.urls import output_file

PAGES = "pages"


@dataclass(frozen=True)
class PageRecord:
    keys: str  # digest of the page's set of dependency keys
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Manifest:
    """What one build into one output directory rendered its pages from."""

    stamp: str
    keys: Mapping[str, str]  # dependency key -> digest of its value
    pages: Mapping[str, PageRecord]  # output path -> record

    def to_cache(self) -> dict[str, Any]:
        pages = {p: [r.keys, r.size, r.mtime_ns] for p, r in self.pages.items()}
        return {"stamp": self.stamp, "keys": dict(self.keys), "pages": pages}

    @classmethod
    def from_cache(cls, entry: dict[str, Any]) -> Manifest:
        pages = {p: PageRecord(str(k), int(s), int(t)) for p, (k, s, t) in entry["pages"].items()}
        keys = entry["keys"]
        if not isinstance(keys, dict):
            raise TypeError("keys is not a table")
        return cls(str(entry["stamp"]), keys, pages)


@dataclass(frozen=True)
class Plan:
    """Which pages this build takes from the last one, and what to record once written."""

    kept: Mapping[str, PageRecord]  # output path -> the last build's record of the file
    stamp: str
    keys: Mapping[str, str]
    page_keys: Mapping[str, str]  # output path -> digest of its set of keys


def _set_digest(keys: Iterable[str]) -> str:
    """A digest of a page's set of keys (keys are slugs and ids: never a newline)."""
    return hashlib.blake2b("\n".join(sorted(keys)).encode(), digest_size=16).hexdigest()


def site_stamp(site: Site, theme_files: Iterable[Path], shared_html: Iterable[str]) -> str:
    """Everything that every page may read and that is not a dependency key: the settings,
    themes and principles (`shared_html`: their bodies) and the theme's files."""
    settings = replace(site.settings, jobs=1)  # how many processes never changes a page
    parts: list[str | bytes] = [repr(settings), repr(site.themes), repr(site.principles)]
    parts += shared_html
    for path in theme_files:
        parts += [path.as_posix(), path.read_bytes()]
    return content_key(*parts)


def _entry_key(output: Path) -> str:
    return content_key(PAGES, str(output.resolve()))


def plan(views: Views, pages: list[Page], stamp: str, output: Path, cache: BuildCache) -> Plan:
    """Decide which of `pages`, feeds, calendars and exports can be kept from the last build
    into `output`."""
    keys = {key: value_key(value) for key, value in key_values(views).items()}
    by_url = page_dependencies(views)
    dependencies = {output_file(p.url): by_url.get(p.url, frozenset([ALWAYS])) for p in pages}
    dependencies.update(file_dependencies(views))
    page_keys = {path: _set_digest(found) for path, found in dependencies.items()}
    last = cache.take(PAGES, _entry_key(output), Manifest.from_cache)
    kept: dict[str, PageRecord] = {}
    if last is not None and last.stamp == stamp:
        changed = {k for k in keys.keys() | last.keys.keys() if keys.get(k) != last.keys.get(k)}
        changed.add(ALWAYS)
        folder = str(output)
        for path, found in dependencies.items():
            record = last.pages.get(path)
            if (
                record is not None
                and record.keys == page_keys[path]
                and found.isdisjoint(changed)
                and _unchanged_file(os.path.join(folder, path), record)
            ):
                kept[path] = record
    return Plan(kept, stamp, keys, page_keys)


def _unchanged_file(path: str, record: PageRecord) -> bool:
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (
        stat.S_ISREG(status.st_mode)
        and status.st_size == record.size
        and status.st_mtime_ns == record.mtime_ns
    )


def record(plan: Plan, output: Path, cache: BuildCache) -> None:
    """Remember the pages as written into `output`, for the next build to keep (the kept
    files were not touched: their records stay)."""
    pages = dict(plan.kept)
    folder = str(output)
    for path, keys in plan.page_keys.items():
        if path in pages:
            continue
        try:
            status = os.stat(os.path.join(folder, path), follow_symlinks=False)
        except OSError:
            continue
        pages[path] = PageRecord(keys, status.st_size, status.st_mtime_ns)
    manifest = Manifest(plan.stamp, plan.keys, pages)
    cache.put(PAGES, _entry_key(output), manifest.to_cache())
