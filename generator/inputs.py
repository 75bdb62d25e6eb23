"""What a build reads and what it makes: the site's source files found (a stat of each) with
their keys, what the next build compares of them (`input_state`), and the record every way of
building returns (`BuildResult`).

Nothing here imports what validates, cross-references or renders, so a build that keeps its
site (nothing changed, or only meetings' bodies) starts without the rest of the pipeline
(`make`).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.content.history import EditsSeen, load_history_after
from generator.content.load import (
    Kind,
    LoadError,
    SourceDoc,
    content_files,
    discover,
    document_from_cache,
    document_to_cache,
    folders_inside,
    read_bytes_inside,
)
from generator.content.model import BuildOptions, History, Removal, SiteConfig
from generator.engine.cache import (
    DOCUMENTS,
    MARKDOWN,
    MEETING_DOCUMENTS,
    PARTS,
    VALIDATED,
    BuildCache,
    CacheReport,
    content_key,
    tracked_by_git,
    value_key,
)
from generator.engine.reuse import Plan, Standing
from generator.engine.search import pagefind_executable, pagefind_version
from generator.errors import Problem
from generator.site.theme_files import BUILTIN_THEME, THEMES_FOLDER, left_out

if TYPE_CHECKING:
    import jinja2

    from generator.content.review import Reviewed
    from generator.site.pages import Page, PageModel

Progress = Callable[[int, int], None]


def quiet(done: int, total: int) -> None:
    """No progress report."""


# --- the source files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    """The files that make up the site, each with its key (see `source_keys`)."""

    found: Sequence[tuple[str, Kind]]
    problems: tuple[Problem, ...]  # found while looking for them (no site.yml)
    keys: SourceKeys
    published: SourceKeys  # the content files published as they are, keyed the same way


def find_sources(source: Path, cache: BuildCache) -> Sources:
    """Every file of the site with its key: a stat of each, and a read of those changed."""
    source = source.resolve()
    problems: list[Problem] = []
    found = discover(source, problems)
    published = [(path, PUBLISHED) for path in content_files(source)]
    return Sources(
        found,
        tuple(problems),
        source_keys(source, found, cache),
        source_keys(source, published, cache, published=True),
    )


SOURCES = "sources"
PUBLISHED = "published"  # the kind `source_keys` gives a content file published as it is
_RACY_NS = 2_000_000_000  # a file changed this soon before it was recorded is read again


@dataclass(frozen=True)
class SourceKeys:
    keys: Mapping[str, str | Problem]  # path -> its key, or why it cannot be read
    read: Mapping[str, bytes]  # the files read to find their key


def source_keys(
    source: Path, found: Sequence[tuple[str, str]], cache: BuildCache, *, published: bool = False
) -> SourceKeys:
    """Each found file's key (a hash of its kind, path and bytes), or why it cannot be read,
    and the bytes of the files it read (not of `published` content files, which the build
    copies as they are and may be large; their records are kept apart).

    A file whose size, modification time and inode are as the last build recorded them is
    not read again: its key is the recorded one (as git's index does, a file changed within
    two seconds of being recorded is read again, since its time may not show the change)."""
    entry = content_key(SOURCES, str(source), PUBLISHED if published else "")
    last = cache.take(SOURCES, entry, _source_records) or {}
    keys: dict[str, str | Problem] = {}
    read: dict[str, bytes] = {}
    records: dict[str, list[int | str]] = {}
    recorded_at = time.time_ns()
    checked = folders_inside(source)
    folder = f"{source}/"  # joined as text: a Path per file costs more than its stat
    for relative, kind in found:
        try:
            status = os.stat(folder + relative, follow_symlinks=False)
        except OSError:
            status = None
        seen: list[int | str] = []
        if status is not None and stat.S_ISREG(status.st_mode):
            seen = [status.st_size, status.st_mtime_ns, status.st_ino]
            record = last.get(relative)
            if record is not None and record[:3] == seen and isinstance(record[4], str):
                keys[relative] = record[4]
                records[relative] = record
                continue
        try:
            in_checked = relative.rpartition("/")[0] in checked
            data = read_bytes_inside(source, relative, folder_checked=in_checked)
        except LoadError as error:
            keys[relative] = error.problem
            continue
        if not published:
            read[relative] = data
        key = keys[relative] = content_key(DOCUMENTS, kind, relative, data)
        if seen and recorded_at - status.st_mtime_ns > _RACY_NS:
            records[relative] = [*seen, recorded_at, key]
    if records != last:
        cache.put(SOURCES, entry, records)
    else:
        cache.retain(SOURCES, entry)
    return SourceKeys(keys, read)


def _source_records(entry: object) -> dict[str, list[int | str]]:
    if not isinstance(entry, dict):
        raise TypeError("not a table of files")
    return entry


def document_entry(result: SourceDoc | tuple[Problem, ...]) -> object:
    if isinstance(result, tuple):
        return [[p.path, p.line, p.col, p.message, p.of_empty_file] for p in result]
    return document_to_cache(result)


def document_or_problems(entry: object) -> SourceDoc | tuple[Problem, ...]:
    if isinstance(entry, list):
        return tuple(
            Problem(str(p), int(ln), int(c), str(m), of_empty_file=bool(empty))
            for p, ln, c, m, empty in entry
        )
    if not isinstance(entry, str):
        raise TypeError("not a document")
    return document_from_cache(entry)


# --- what the next build compares ------------------------------------------------------------


@dataclass(frozen=True)
class InputState:
    """What a build reads, as the next build compares it (see `input_state`)."""

    digest: str  # everything but the source files
    # each source file's key, with the day git last saw it edited and on how many days it was
    files: Mapping[str, str]


def input_state(
    options: BuildOptions, sources: Sources, history: History | None, timezone: str | None
) -> InputState | None:
    """What a build reads: each source file's key (with the day git's `history` last saw it
    edited, the number of days it was, the day a meeting's was written up, the day it first
    announced, if moved, and the day it was added), and a digest of the rest: the options and
    build date, the published content files' keys (by their bytes, as the source files', so that
    a fresh clone in CI finds them unchanged) and the theme's files (by their names in their
    folders, so that the same code installed elsewhere finds them unchanged), the rest of git's
    history and the search tool. None when a file cannot be read. The build's moment counts only
    as the day it falls on in the site's `timezone` (as site.yml, whose key `files` holds, gives
    it), so that a build later that day finds nothing changed."""
    if sources.problems:
        return None
    source = options.source.resolve()
    edited_on = history.last_edited if history is not None else {}
    edit_days = history.edit_days if history is not None else {}
    written_up = history.written_up if history is not None else {}
    announced = history.first_announced if history is not None else {}
    added = history.first_added if history is not None else {}
    files: dict[str, str] = {}
    for relative, _ in sources.found:
        key = sources.keys.keys[relative]
        if isinstance(key, Problem):
            return None
        day, written = edited_on.get(relative), written_up.get(relative)
        first = announced.get(relative)
        seen = (
            f"{day} {edit_days.get(relative, 0)} {written} {first} {added.get(relative)}"
            if day
            else None
        )
        files[relative] = f"{key} {seen}" if seen else key
    where = replace(
        options,
        source=source,
        output=options.output.resolve(),
        jobs=1,
        build_date=options.day_in(timezone),
        built_at=None,
    )
    parts: list[str | bytes] = ["inputs", repr(where)]
    for relative, key in sources.published.keys.items():  # published as they are
        if isinstance(key, Problem):
            return None
        parts += [relative, key]
    # Each theme file by its name in its folder, not by where the folder is: the same code
    # installed elsewhere finds nothing changed.
    for which, folder in (("own", source / THEMES_FOLDER), ("built-in", BUILTIN_THEME)):
        for path in [folder, *sorted(folder.rglob("*"))]:
            name = f"{which} {path.relative_to(folder).as_posix()}"
            if path.is_symlink():  # an error in a site theme (`theme_links`), a folder too
                parts += [name, "a link to", os.readlink(path)]
            elif path.is_file() and not left_out(path.relative_to(folder)):
                parts += [name, path.read_bytes()]
    if history is not None:
        rest = {path: day for path, day in edited_on.items() if path not in files}
        counts = {path: count for path, count in edit_days.items() if path not in files}
        written = {path: day for path, day in written_up.items() if path not in files}
        firsts = {path: day for path, day in announced.items() if path not in files}
        history_rest = replace(
            history,
            last_edited=rest,
            edit_days=counts,
            written_up=written,
            first_announced=firsts,
            first_added={path: day for path, day in added.items() if path not in files},
        )
        parts.append(value_key(history_rest))
    executable = pagefind_executable()
    if executable is not None:  # by its name, size and version: not where it is installed
        size = executable.stat().st_size
        parts += [executable.name, f"{size} {pagefind_version()}"]
    return InputState(content_key(*parts), files)


HISTORY = "history"  # the cache's table of what git's log gave the last build


def history_of(source: Path, cache: BuildCache) -> History:
    """git's history of the site, with git's log read only for the commits made since the
    last build asked (see `load_history_after`)."""
    return HistoryAsked(source, cache).answer()


class HistoryAsked:
    """git's history of the site (`history_of`), asked in a thread of its own from the moment
    this is made, while the caller goes on (a warm build finds the files meanwhile): `answer`
    waits for it. The cache is read and written in the caller's thread alone."""

    def __init__(self, source: Path, cache: BuildCache) -> None:
        self._cache = cache
        self._entry = content_key(HISTORY, str(source.resolve()))
        self._seen = cache.take(HISTORY, self._entry, _edits_seen)
        pool = ThreadPoolExecutor(max_workers=1)
        self._asked = pool.submit(load_history_after, source, self._seen)
        pool.shutdown(wait=False)

    def answer(self) -> History:
        history, now = self._asked.result()
        if now is not None and now != self._seen:  # (an entry taken is kept for the next build)
            edited = {path: day.isoformat() for path, day in now.last_edited.items()}
            entry = {"commit": now.commit, "prefix": now.prefix, "edited": edited}
            entry["edit_days"] = dict(now.edit_days)
            entry["renamed_from"] = {path: list(names) for path, names in now.renamed_from.items()}
            entry["written_up"] = {path: day.isoformat() for path, day in now.written_up.items()}
            entry["removed"] = {
                path: [
                    r.commit,
                    r.day.isoformat(),
                    list(r.actions),
                    list(r.decisions),
                    r.draft,
                    list(r.added_beside),
                ]
                for path, r in now.removed.items()
            }
            entry["first_announced"] = {
                path: day.isoformat() for path, day in now.first_announced.items()
            }
            entry["claims"] = dict(now.claims)
            entry["first_added"] = {path: day.isoformat() for path, day in now.first_added.items()}
            self._cache.put(HISTORY, self._entry, entry)
        return history


def _edits_seen(entry: dict[str, Any]) -> EditsSeen:
    edited = {str(path): date.fromisoformat(day) for path, day in entry["edited"].items()}
    days = {str(path): int(count) for path, count in entry["edit_days"].items()}
    renamed = {
        str(path): tuple(str(name) for name in names)
        for path, names in entry["renamed_from"].items()
    }
    written = {str(path): date.fromisoformat(day) for path, day in entry["written_up"].items()}
    removed = {
        str(path): Removal(
            str(path),
            str(commit),
            date.fromisoformat(day),
            tuple(str(i) for i in actions),
            tuple(str(i) for i in decisions),
            bool(draft),
            tuple(str(p) for p in (beside[0] if beside else ())),
        )
        for path, (commit, day, actions, decisions, draft, *beside) in entry["removed"].items()
    }
    announced = {
        str(path): date.fromisoformat(day) for path, day in entry["first_announced"].items()
    }
    return EditsSeen(
        str(entry["commit"]),
        str(entry["prefix"]),
        edited,
        days,
        renamed,
        written,
        removed,
        announced,
        {str(old): str(slug) for old, slug in entry.get("claims", {}).items()},
        {str(path): date.fromisoformat(day) for path, day in entry["first_added"].items()},
    )


@dataclass(frozen=True)
class BodyEdits:
    """The meeting files whose bodies alone changed since the last build into the output,
    when nothing else it read did (see `_bodies_edited`)."""

    paths: frozenset[str]
    last_build: Standing
    # Each edited file's document as the last build read it and as it is now (none for a
    # file committed again as it was).
    documents: Mapping[str, tuple[SourceDoc, SourceDoc]] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingEdits:
    """The meeting files edited since the last build into the output, some in their front
    matter, when nothing else it read changed (see `_meetings_edited`). The build follows
    them when they change only what the meetings show (see `follow_shown_edits`)."""

    documents: Mapping[str, str]  # path -> the key of its document as that build read it
    last_build: Standing


# --- what a build made ---------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What serve keeps of a build to update it quickly."""

    docs: Mapping[str, SourceDoc]  # those validated again (`documents_read_again`), by path
    model: PageModel
    pages: tuple[Page, ...]
    reads: Mapping[str, frozenset[str]]  # each output path with the keys it read
    # The parts of the files made of parts (see `FileOutput`), by output path and key, so
    # that the first update makes again only those whose key it changed.
    parts: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # The templates the pages were rendered with, compiled, for serve to render its updates.
    environment: jinja2.Environment | None = None
    review: Reviewed | None = None  # each record's warnings, for serve's next update's review
    # The pages a template of the site's own theme left without search's mark, by output
    # path, with the template (see `make.lacks_mark`), for serve's updates to follow.
    unmarked: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PagesMade:
    """The new site's pages, once all are made: rendered (`made`), written into the new
    site as they rendered (`streamed`); and every file kept as the last build wrote it
    (`kept`, the pages among them too, which the index holds as before)."""

    made: Mapping[str, bytes]
    streamed: tuple[str, ...]
    kept: Collection[str]
    # What the caller asked to know of each streamed page, found where it rendered (see
    # `make_site`'s `streamed_facts`), by path; empty when it asked nothing.
    facts: Mapping[str, Any] = field(default_factory=dict)


DRAFTS_NOTED = "note: drafts not published: "
DRAFTS_HINT = "`nominutes serve --drafts` previews drafts"  # said by build and serve
_DRAFTS_NAMED = 3  # the drafts a note names; the rest it counts


def drafts_noted(paths: Iterable[str]) -> tuple[str, ...]:
    """The note a build gives of the meetings it left out as drafts (`Site.drafts`), so that
    a draft is not taken for a page that failed to appear; none when there are none."""
    paths = sorted(paths)
    if not paths:
        return ()
    named = ", ".join(paths[:_DRAFTS_NAMED])
    if len(paths) > _DRAFTS_NAMED:
        named += f" and {len(paths) - _DRAFTS_NAMED} more"
    return (
        f"{DRAFTS_NOTED}{named} (draft: true); to publish one, delete its draft: line "
        f"({DRAFTS_HINT})",
    )


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the files not yet written, the pages already streamed into the new
    site, the files kept from the last build, and what to tell the writer."""

    config: SiteConfig | None  # site.yml's settings (None when the last build stood)
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]
    sources: dict[str, str] = field(default_factory=dict)  # output path -> content file
    notes: tuple[str, ...] = ()
    cache: CacheReport = field(default_factory=CacheReport)
    plan: Plan | None = None  # files kept from the last build (their bytes are not in `files`)
    streamed: tuple[str, ...] = ()  # pages written into the new site as they rendered
    snapshot: Snapshot | None = None  # for serve, when asked
    # When nothing the last build read had changed: every file of its site, all left as it was.
    stood: tuple[str, ...] = ()
    history: History | None = None  # git's history as the model read it, when site.yml shows it
    # The build's records (its model, the cache's tables, the last build's), handed back
    # unfreed: freeing millions of records one by one takes a tenth of a second at 10,000
    # meetings, and `cli.run` ends the process without it.
    records: tuple[object, ...] = field(default=(), repr=False, compare=False)

    @property
    def written(self) -> tuple[str, ...]:
        """Every file in the new site: made now, streamed, kept, or left as it stood."""
        return (*self.files, *self.streamed, *self.kept, *self.stood)

    @property
    def kept(self) -> frozenset[str]:
        return frozenset(self.plan.kept) if self.plan else frozenset()


def open_cache(options: BuildOptions) -> BuildCache:
    """The source's cache; none with --no-cache or when git tracks it (see `tracked_by_git`)."""
    if not options.cache or tracked_by_git(options.source):
        return BuildCache.disabled()
    return BuildCache.for_source(options.source)


def cache_report(cache: BuildCache, plan: Plan | None) -> CacheReport:
    """What the cache gave: its tables, and the files (pages, feeds, calendars and exports)
    kept from the last build."""
    found = {entry[0]: entry for entry in cache.report().reused}
    names = (DOCUMENTS, MEETING_DOCUMENTS, VALIDATED, MARKDOWN)
    names += tuple(sorted(name for name in found if name.startswith(f"{PARTS}-")))
    tables = tuple(found[name] for name in names if name in found)
    if plan:
        tables += (("files", len(plan.kept), len(plan.page_keys)),)
    return CacheReport(tables)
