"""The site made from its model: load and validate every file, cross-reference, render the
Markdown, list every page with what it reads, and make the pages and files the last build's
cannot stand for (`make_site`). The build (`build`) imports this only when it must.

The stages are pure functions in `content` and `site`. This module decides what comes from
the build cache (`cached_map`, `render_bodies`), which files are kept from the last build
(`reuse`) and where pages go as they render (straight into the new site folder, from the
workers).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from generator.content.crossref import (
    Indexes,
    beside_errors,
    crossref,
    indexes_from_cache,
    indexes_to_cache,
    with_appended,
    written_beside,
)
from generator.content.history import load_history
from generator.content.load import (
    PRINCIPLES_FILE,
    SETTINGS_FILE,
    Kind,
    Loaded,
    LoadError,
    SourceDoc,
    misnamed_meetings,
    misnamed_principles,
    parse_document,
    read_bytes_inside,
    unread_bodies,
)
from generator.content.model import (
    BuildOptions,
    History,
    Meeting,
    Site,
    SiteConfig,
    meeting_from_cache,
)
from generator.content.model import meeting_to_cache as meeting_entry
from generator.content.review import Reviewed, review_beside_errors, reviewed
from generator.content.schema import SiteSettings
from generator.content.validate import (
    owners_beside_errors,
    parse_front,
    taken_out_unknown,
    validate,
    validate_alone,
)
from generator.engine import reuse
from generator.engine.cache import (
    DOCUMENTS,
    INDEXES,
    MARKDOWN,
    MARKDOWN_HTML,
    MEETING_DOCUMENTS,
    PARTS,
    SHARDS,
    UNMARKED,
    VALIDATED,
    BuildCache,
    cached_map,
    content_key,
    kept_as_text,
    value_key,
)
from generator.engine.collector import records_kept
from generator.engine.parallel import made_in_fork, map_indexed
from generator.engine.reuse import Plan
from generator.engine.search import INDEXED_MARK
from generator.errors import ContentError, Problem, in_order, raise_if_errors
from generator.inputs import (
    BodyEdits,
    BuildResult,
    MeetingEdits,
    PagesMade,
    Progress,
    Snapshot,
    Sources,
    cache_report,
    document_entry,
    document_or_problems,
    drafts_noted,
    find_sources,
    history_of,
    quiet,
)
from generator.site import urls
from generator.site.brand_colours import brand_colour_problems
from generator.site.changes import (
    body_key_values,
    differs_only_in_shown,
    followed_keys,
    keeps_its_place,
    key_values,
    placed_as,
    shown_key_values,
)
from generator.site.keys import ALWAYS, FileOutput, PartsCodec
from generator.site.markup import (
    BodyRenderer,
    BodySource,
    FeedEdits,
    Fragment,
    fragment_from_cache,
    fragment_to_cache,
    html_from_cache,
    html_read,
    html_to_cache,
)
from generator.site.pages import Page, PageModel, build_pages, pages_at
from generator.site.render import (
    body_sources,
    check_links,
    compile_templates,
    compiled_templates,
    each_mistake_once,
    file_outputs,
    links_before_the_site,
    make_environment,
    render_page,
    site_stamp,
    summaries,
    unique_pages,
)
from generator.site.sitemap import SITEMAP, sitemap_with
from generator.site.theme_files import (
    THEMES_FOLDER,
    every_theme,
    marks_to_check,
    static_settings_problems,
    theme_problems,
    unmarked_problems,
)
from generator.site.theme_templates import template_problems

# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """The site as the group wrote it, cross-referenced, with every warning found so far."""

    site: Site
    indexes: Indexes
    warnings: tuple[Problem, ...]
    warned_files: frozenset[str] = frozenset()  # files with a warning from validation
    review: Reviewed | None = None  # the review's warnings, each record's (see `reviewed`)


@dataclass(frozen=True)
class KeptIndexes:
    """The indexes the last build that cross-referenced made, kept in the cache (table
    INDEXES, one entry) with what `crossref` read to make them: each meeting's document, by
    its key, in order; what their validation read beside them (`_Read.context`); the build
    date; and git's history of the principles and of when each meeting was written up. A
    build that finds the same, but for a few meetings whose documents changed only in what
    they show or in their bodies (`changes.differs_only_in_shown`, against their records as
    validated from the documents the entry names), decodes them with its own meetings'
    records (`indexes_from_cache`) instead of cross-referencing every meeting again."""

    cache: BuildCache
    read: _Read
    options: BuildOptions
    # records validated already (`records_before`) from the documents `known_as` names
    known: Mapping[str, Meeting]
    known_as: Mapping[str, str]

    def take(self, site: Site) -> Indexes | None:
        found = self.cache.take(INDEXES, _KEPT_KEY, _itself)
        paths = [m.path for m in site.meetings]
        if not isinstance(found, dict) or found.get("read") != self._reads(site):
            return None
        documents_before = found.get("documents")
        if found.get("meetings") != paths or not isinstance(documents_before, list):
            return None
        if len(documents_before) != len(paths):
            return None
        documents = self.read.documents
        changed = {
            path: before
            for path, before in zip(paths, documents_before, strict=True)
            if documents.get(path) != before
        }
        if len(changed) > _FEW_CHANGED:
            return None
        before = {p: self.known[p] for p, d in changed.items() if self.known_as.get(p) == d}
        unknown = {path: document for path, document in changed.items() if path not in before}
        if unknown:
            before |= records_before(unknown, self.read, self.options, self.cache)
        meetings = {m.path: m for m in site.meetings}
        if len(before) != len(changed):
            return None
        if not all(_crossrefs_alike(old, meetings[p], site) for p, old in before.items()):
            return None
        try:
            indexes = indexes_from_cache(found["indexes"], site)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None
        if changed:  # what the next build compares its documents with
            now = [documents[path] for path in paths]
            entry = {**found, "documents": now, "indexes": kept_as_text(found["indexes"])}
            self.cache.put(INDEXES, _KEPT_KEY, entry)
        return indexes

    def put(self, site: Site, indexes: Indexes) -> None:
        paths = [m.path for m in site.meetings]
        if all(path in self.read.documents for path in paths):
            kept = {
                "read": self._reads(site),
                "meetings": paths,
                "documents": [self.read.documents[path] for path in paths],
                "indexes": kept_as_text(indexes_to_cache(indexes, site)),
            }
            self.cache.put(INDEXES, _KEPT_KEY, kept)

    def _reads(self, site: Site) -> str:
        """A key of what `crossref(site)` reads beside the meetings' documents."""
        history = site.history
        principles = value_key((history.principle_changes, history.written_up))
        day = site.settings.build_date.isoformat()
        return content_key(INDEXES, self.read.context, day, principles)


_KEPT_KEY = content_key(INDEXES)  # the table's one entry
_FEW_CHANGED = 64  # more meetings changed since: cross-referenced again rather than compared


def _crossrefs_alike(old: Meeting, new: Meeting, site: Site) -> bool:
    """Whether `crossref` reads the same of `new` as of `old` (its records aside): only what
    it shows of itself or its body differs, and its time keeps its place among the
    meetings of its day."""
    if new.slug != old.slug:
        return False
    new = replace(new, body=old.body)
    return differs_only_in_shown(old, placed_as(new, old)) and keeps_its_place(
        old, new, site.meetings
    )


def assemble_model(
    loaded: Loaded,
    options: BuildOptions,
    unchanged: Mapping[str, Meeting] | None = None,
    history: History | Callable[[], History] | None = None,
    before: Indexes | None = None,
    last_review: Reviewed | None = None,
    kept: KeptIndexes | None = None,
) -> Model:
    """Validate, add git's history, cross-reference and review: the one way the model is
    made (build, serve, `new meeting` and email). Raises ContentError listing every error.

    `unchanged` are meetings already validated from the same documents (see `validate`);
    `history`, when given (or the way to ask git for it), is used when site.yml shows it;
    `before`, the indexes of the site as it was, followed when one meeting was added after
    the others (`with_appended`) instead of cross-referencing every meeting again;
    `last_review`, the review of the site as it was, whose records' warnings stand for the
    very same records' (`reviewed`); `kept`, the indexes the last build kept, read back
    instead of cross-referencing when the site allows (`KeptIndexes`), and kept for the next
    build when it cross-references."""
    site, problems = validate(loaded, options, unchanged)
    if site is None:  # site.yml missing or unusable: validate reported it as an error
        raise ContentError(problems)
    shows_history = site.settings.site.history
    if shows_history and any(p.is_error for p in problems):
        # An unknown theme may be one git renamed (say which slug to write instead) or took
        # out (say how to put it back).
        history = _history_now(history, options)
        renamed = history.renamed_slugs(t.path for t in site.themes)
        removed = history.removed_themes(t.path for t in site.themes)
        if renamed or removed:  # (the same site: only the messages change)
            problems = validate(loaded, options, unchanged, renamed, removed)[1]
    settings = next(doc for doc in loaded.docs if doc.kind is Kind.SETTINGS)
    theme = site.settings.site.site_theme
    problems += theme_problems(options.source, settings, theme, site.settings.site.search)
    problems += static_settings_problems(options.source, settings, site.settings.site)
    problems += brand_colour_problems(options.source, theme, site.settings.site.extra_css)
    problems += template_problems(options.source, theme)
    failed = {p.path for p in problems if p.is_error}
    if failed:  # the references are checked too, and what can be known beside: all in one run
        if shows_history:  # (the files taken out that raised an action or made a decision)
            site = replace(site, history=_history_now(history, options))
        beside, elsewhere = beside_errors(loaded, site, failed)
        indexes, more = crossref(beside, elsewhere)
        more += urls.reserved_ids(indexes)
        if settings.path in failed:  # a misspelt setting may be the grace a warning uses
            warnings = []
        else:
            # An error in the references leaves the indexes short: only what looks at one
            # meeting or theme alone can be known then.
            crossed = any(p.is_error for p in more)
            written = None if crossed else written_beside(loaded, beside, elsewhere, failed)
            # (validate warned of them already where only a theme file has an error)
            shown = set(problems)
            owners = [p for p in owners_beside_errors(loaded, beside, failed) if p not in shown]
            failed |= {p.path for p in more if p.is_error}
            warnings = [*review_beside_errors(beside, indexes, failed, written), *owners]
        raise ContentError([*problems, *more, *warnings])
    warned = frozenset(p.path for p in problems)
    if shows_history:
        site = replace(site, history=_history_now(history, options))
        problems += taken_out_unknown(settings, site)
    followed = None if before is None else with_appended(before, site)
    if followed is None and kept is not None:
        followed = kept.take(site)
    indexes, more = (followed, []) if followed is not None else crossref(site)
    if kept is not None and followed is None and not more:
        kept.put(site, indexes)
    more += urls.reserved_ids(indexes)
    if any(p.is_error for p in more):  # a reference: the warnings it cannot have caused too
        wrong = {p.path for p in more if p.is_error}
        raise ContentError([*problems, *more, *review_beside_errors(site, indexes, wrong, None)])
    problems += more
    raise_if_errors(problems)
    found = reviewed(site, indexes, last_review)
    problems += found.warnings
    return Model(site, indexes, tuple(problems), warned, found)


def _history_if_shown(
    loaded: Loaded, history: History | Callable[[], History] | None, options: BuildOptions
) -> History | None:
    """git's history, when site.yml can be read and shows it."""
    settings = next((doc for doc in loaded.docs if doc.kind is Kind.SETTINGS), None)
    front = None if settings is None else parse_front(SiteSettings, settings, [])
    return _history_now(history, options) if front is not None and front.history else None


def _history_now(history: History | Callable[[], History] | None, options: BuildOptions) -> History:
    """git's history as given, asked for, or read now."""
    if history is None:
        return load_history(options.source)
    return history() if callable(history) else history


# --- loading, with the cache --------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    loaded: Loaded
    meeting_keys: Mapping[str, str]  # path -> the key its validated meeting is stored under
    documents: Mapping[str, str]  # a meeting's path -> the key of its document
    context: str  # what validation reads besides a meeting's own file (`_reference_context`)


def _reference_context(source: Path, found: Sequence[tuple[str, Kind]]) -> str:
    """What a meeting's validation reads besides its own file: which theme files exist, the
    former slugs they claim (the whole of each theme file that says `formerly`), the
    principles file (for the ids a meeting may name) and the names site.yml joins (the whole
    of it when it says `same_people`)."""
    parts: list[str | bytes] = []
    try:
        settings = read_bytes_inside(source, SETTINGS_FILE)
    except LoadError:
        settings = b""  # (its error stops the build)
    if b"same_people" in settings:
        parts += ["same people", settings]
    for path in (path for path, kind in found if kind is Kind.THEME):
        parts.append(path)
        try:
            data = read_bytes_inside(source, path)
        except LoadError:
            continue  # (its error stops the build)
        if b"formerly" in data:
            parts.append(data)
    try:
        parts += ["principles", read_bytes_inside(source, PRINCIPLES_FILE)]
    except LoadError:
        parts += ["no principles"]
    return content_key(*parts)


def load_documents(
    source: Path,
    cache: BuildCache,
    jobs: int,
    *,
    validated: bool = True,
    sources: Sources | None = None,
) -> _Read:
    """Every file of the site (`sources`, found now if not given), parsed, with parsed
    documents taken from the cache.

    With `validated`, a meeting the cache holds already validated (from the same bytes,
    theme files and principles) comes back as that record instead of a document, so a warm
    build neither decodes nor validates it again. serve, which compares edits with the
    documents, asks for every document."""
    source = source.resolve()
    sources = sources or find_sources(source, cache)
    problems = list(sources.problems)
    found, known = sources.found, sources.keys
    context = _reference_context(source, found) if validated else ""
    keys: dict[int, str] = {}
    meeting_keys: dict[str, str] = {}
    documents: dict[str, str] = {}
    meetings: list[Meeting] = []
    if context:  # a table read but not used would be emptied when the cache is saved
        cache.read(VALIDATED)
    for index, (relative, kind) in enumerate(found):
        key = known.keys[relative]
        if isinstance(key, Problem):
            problems.append(key)
            continue
        keys[index] = key
        if not (context and kind is Kind.MEETING):
            continue
        documents[relative] = key
        meeting_key = meeting_keys[relative] = content_key(VALIDATED, key, context)
        meeting = cache.take(VALIDATED, meeting_key, meeting_from_cache)
        if meeting is not None:
            cache.retain(MEETING_DOCUMENTS, key)  # serve reads the documents
            meetings.append(meeting)
            del keys[index]
    wanted = list(keys)

    def parse(i: int) -> SourceDoc | tuple[Problem, ...]:
        relative, kind = found[wanted[i]]
        try:
            data = known.read.get(relative) or read_bytes_inside(source, relative)
            return parse_document(relative, kind, data)
        except LoadError as error:
            return error.problems

    codec = (document_entry, document_or_problems)
    parsed: list[SourceDoc | tuple[Problem, ...]] = []
    for table, of_meetings in ((DOCUMENTS, False), (MEETING_DOCUMENTS, True)):
        at = [
            i for i, index in enumerate(wanted) if (found[index][1] is Kind.MEETING) is of_meetings
        ]
        table_keys = [keys[wanted[i]] for i in at]
        parsed += cached_map(cache, table, table_keys, lambda j, at=at: parse(at[j]), codec, jobs)
    docs = []
    for result in parsed:
        if isinstance(result, tuple):
            problems += result
        else:
            docs.append(result)
    loaded = Loaded(
        tuple(docs),
        tuple(problems),
        tuple(meetings),
        tuple(sources.published.keys),
        misnamed_meetings(source, problems),
        misnamed_principles(source, problems),
    )
    return _Read(loaded, meeting_keys, documents, context)


def documents_read_again(
    docs: Iterable[SourceDoc], site: Site, warned: Collection[str]
) -> dict[str, SourceDoc]:
    """The documents serve's updates validate again, by path: all but those of published
    meetings named by no warning in `warned` (their validated records stand in for them)."""
    published = {m.path: m for m in site.meetings}
    return {
        doc.path: doc
        for doc in docs
        if doc.kind is not Kind.MEETING
        or doc.path in warned
        or doc.path not in published
        or published[doc.path].body != doc.body
    }


def remember_validated(cache: BuildCache, read: _Read, model: Model) -> None:
    """Keep the meetings validated in this build for the next, but those with warnings
    (validated again each time, to warn again)."""
    taken = {m.path for m in read.loaded.validated}
    for meeting in model.site.meetings:
        key = read.meeting_keys.get(meeting.path)
        if key and meeting.path not in taken and meeting.path not in model.warned_files:
            cache.put(VALIDATED, key, meeting_entry(meeting))


# --- rendering, with the cache ------------------------------------------------------------------


def render_bodies(
    site: Site,
    cache: BuildCache,
    sources: list[BodySource] | None = None,
    *,
    html_when_read: bool = False,
) -> dict[str, Fragment]:
    """Each content file's body (or just `sources`) as HTML, from the cache when the body,
    its page and everything its links point at are unchanged. A meeting's body's HTML is
    stored apart (see `markup.fragment_to_cache`): with `html_when_read` (a build that
    follows an edit, and makes few pages), a cached one is read when a page or file asks."""
    sources = body_sources(site) if sources is None else sources
    renderer = BodyRenderer.for_site(site)
    keys = [content_key(MARKDOWN, *renderer.inputs(source)) for source in sources]
    meetings = {m.path for m in site.meetings}
    # Each key's shard is read here, before the workers fork: they inherit them.
    missing = [index for index, key in enumerate(keys) if not cache.has(MARKDOWN, key)]
    fresh = map_indexed(
        lambda i: renderer.render(sources[missing[i]]), len(missing), site.settings.jobs
    )
    made = dict(zip(missing, fresh, strict=True))

    def store(index: int, fragment: Fragment) -> None:
        apart = sources[index].path in meetings
        cache.put(MARKDOWN, keys[index], fragment_to_cache(fragment, apart))
        if apart:
            cache.put(MARKDOWN_HTML, keys[index], html_to_cache(fragment))

    def html_of(index: int) -> tuple[str, FeedEdits]:
        """The HTML stored apart, or made again (and stored) if that entry is missing."""
        found = cache.take(MARKDOWN_HTML, keys[index], html_from_cache)
        if found is None:
            fragment = renderer.render(sources[index])
            store(index, fragment)
            found = fragment.html, fragment.feed
        return found

    def current(index: int, entry: list[Any]) -> Fragment:
        """The cached body, unless a note it links to has moved (then it is made again)."""
        fragment = fragment_from_cache(entry, partial(html_of, index), html_when_read)
        if not renderer.links_current(fragment):
            raise ValueError("a note it links to is published elsewhere now")
        return fragment

    bodies = {}
    for index, (source, key) in enumerate(zip(sources, keys, strict=True)):
        fragment = made.get(index)
        if fragment is None:
            fragment = cache.take(MARKDOWN, key, partial(current, index))
            if fragment is not None and source.path in meetings:
                cache.retain(MARKDOWN_HTML, key)  # (kept for the next build, read or not)
        if fragment is None:
            fragment = made[index] = renderer.render(source)
        if index in made:
            store(index, fragment)
        bodies[source.path] = fragment
    return bodies


def page_model(site: Site, indexes: Indexes, bodies: Mapping[str, Fragment]) -> PageModel:
    return PageModel(site, indexes, bodies, summaries(site, bodies), urls.owner_urls(indexes))


def output_reads(pages: Iterable[Page], outputs: Iterable[FileOutput]) -> dict[str, frozenset[str]]:
    """Each output path with the keys it reads."""
    reads = {urls.output_file(page.url): page.reads for page in pages}
    reads.update((out.path, out.reads) for out in outputs)
    return reads


Parts = Mapping[str, Mapping[str, object]]  # output path -> its parts by key (see FileOutput)


class StoredParts:
    """The parts of files (see `FileOutput.codec`) kept in the cache from one build to the
    next: a table per kind of part, its parts spread over sixteen entries (a part's by a
    checksum of its key), one in each shard of the table, each entry holding the stamp of
    what every file reads (see `reuse`) and its parts by key, with the digest each key's
    value had when the part was made. A part whose key has the same digest now, under the
    same stamp, is the same part. An edit that changes a few parts rewrites the shards that
    hold them, not the whole table (the actions' exports of a large site are tens of
    megabytes). (Not an entry a part: hashing an entry's key for each part costs more than
    the parts save; and entries named by their shard, not by the stamp, so that a new stamp
    replaces the last entries instead of leaving them in other shards of the cache.)"""

    def __init__(self, cache: BuildCache, digests: Mapping[str, str], stamp: str) -> None:
        self.cache = cache
        self.digests = digests  # key -> digest of its value now
        self.stamp = stamp
        entry = content_key(PARTS)
        self._entries = [shard + entry[1:] for shard in SHARDS]  # a bucket's, in its shard
        # codec -> bucket -> {key: [digest, JSON]}: as stored, and of the parts taken or made
        self._stored: dict[str, dict[int, Mapping[str, object]]] = {}
        self._used: dict[str, dict[int, dict[str, object]]] = {}
        self._made: set[tuple[str, int]] = set()  # (codec, bucket) with parts made

    def part(
        self, codec: PartsCodec, key: str, make: Callable[[Any], object], source: object
    ) -> object:
        """The part of `key`: as stored, if its key's value is as it was, else `make(source)`."""
        digest = self.digests.get(key)
        if digest is None:
            return make(source)
        bucket = zlib.crc32(key.encode()) % len(self._entries)
        stored = self._stored.setdefault(codec.name, {})
        if bucket not in stored:
            table = f"{PARTS}-{codec.name}"
            taken = self.cache.take(table, self._entries[bucket], _parts_table)
            stored[bucket] = taken[1] if taken and taken[0] == self.stamp else {}
        used = self._used.setdefault(codec.name, {}).setdefault(bucket, {})
        found = stored[bucket].get(key)
        if type(found) is list and len(found) == 2 and found[0] == digest:
            try:
                part = codec.from_json(found[1])
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                pass
            else:
                used[key] = found
                return part
        part = make(source)
        used[key] = [digest, codec.to_json(part)]
        self._made.add((codec.name, bucket))
        return part

    def before(self, codec: PartsCodec, key: str, digest: str) -> object | None:
        """The part of `key` as stored when its key's digest was `digest` (the last build's),
        among the buckets `part` has read; None if it is not."""
        bucket = zlib.crc32(key.encode()) % len(self._entries)
        found = self._stored.get(codec.name, {}).get(bucket, {}).get(key)
        if type(found) is not list or len(found) != 2 or found[0] != digest:
            return None
        try:
            return codec.from_json(found[1])
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None

    def save(self) -> None:
        """Store each bucket of parts this build took or made (the cache writes them when
        the build succeeds), unless it took them all as they were."""
        for name, buckets in self._used.items():
            for bucket, used in buckets.items():
                if (name, bucket) in self._made or used.keys() != self._stored[name][bucket].keys():
                    parts = {"stamp": self.stamp, "parts": used}
                    self.cache.put(f"{PARTS}-{name}", self._entries[bucket], parts)


def _parts_table(entry: object) -> tuple[object, Mapping[str, object]]:
    """(the stamp, the parts by key) of a kind's entry."""
    if not isinstance(entry, dict) or not isinstance(entry.get("parts"), dict):
        raise TypeError("not a table of parts")
    return entry.get("stamp"), entry["parts"]


def _itself(part: object) -> object:
    return part


def make_files(
    outputs: Iterable[FileOutput],
    problems: list[Problem],
    last_parts: Parts | None = None,
    changed: Collection[str] = (),
    stored: StoredParts | None = None,
    last_files: LastFiles | None = None,
) -> tuple[dict[str, bytes], dict[str, dict[str, object]], Plan | None]:
    """Each output made (a content file that cannot be read is a problem), and the parts of
    those made of parts. With `last_parts` (serve: empty for its full build, whose parts
    every update then starts from), a part whose key is not `changed` is taken from the last
    update instead of being made again, and a file none of whose parts changed, nor any other
    key it reads, is not made (the last update's stands, unless it `joins_more` than its
    parts and one was made again); with `stored` (a build), a part is
    taken from the cache when its key has the value it had when it was stored, and with
    `last_files` too, a file whose changed parts show what they showed in the last build's file,
    nothing else it reads having changed, is not made: that file stands, and the plan returned
    (else `last_files`'s, or None) keeps it. Files made of the same parts (the same codec) share
    each part, made once."""
    plan = last_files.plan if last_files is not None else None
    files: dict[str, bytes] = {}
    made_parts: dict[str, dict[str, object]] = {}
    shared: dict[tuple[str, str], object] = {}  # the parts of files made of the same parts

    def part(
        codec: PartsCodec | None, make: Callable[[Any], object], key: str, source: object
    ) -> object:
        """The part, made once for all the files made of the same parts (the same codec)."""
        if codec is None:
            return make(source)
        if (codec.name, key) not in shared:
            made = stored.part(codec, key, make, source) if stored else make(source)
            shared[codec.name, key] = made
        return shared[codec.name, key]

    for out in outputs:
        try:
            make = out.make_part
            if out.parts is None or out.join is None or make is None:
                files[out.path] = out.make()
                continue
            if last_parts is not None:
                before = last_parts.get(out.path, {})
                if list(before) == list(out.parts):  # the same parts: the changed made again
                    parts = dict(before)
                    again = parts.keys() & changed
                    shows = out.shows or _itself
                    for key in again:
                        parts[key] = part(out.codec, make, key, out.parts[key])
                    if (
                        out.path in last_parts
                        and not (again and out.joins_more)
                        and all(shows(parts[key]) == shows(before[key]) for key in again)
                        and all(key in parts for key in changed if key in out.reads)
                    ):  # nothing it shows changed: the last update's file stands
                        made_parts[out.path] = parts
                        continue
                else:
                    parts = {
                        key: before[key]
                        if key in before and key not in changed
                        else part(out.codec, make, key, source)
                        for key, source in out.parts.items()
                    }
            elif stored is not None and out.codec is not None:
                parts = {
                    key: part(out.codec, make, key, source) for key, source in out.parts.items()
                }
                if (
                    last_files is not None
                    and plan is not None
                    and _shows_as_before(out, parts, stored, plan)
                    and (kept := plan.still_standing(last_files.output, out.path)) is not None
                ):
                    plan = kept
                    continue
            else:
                files[out.path] = out.make()
                continue
            files[out.path] = out.join(list(parts.values()))
            made_parts[out.path] = parts
        except ContentError as error:
            problems += error.problems
    if stored is not None:
        stored.save()
    return files, made_parts, plan


@dataclass(frozen=True)
class LastFiles:
    """The last build's files made of parts, to keep those whose changed parts show what
    they showed (see `make_files`): its plan, and the output it wrote them into."""

    plan: Plan
    output: Path


def _shows_as_before(
    out: FileOutput, parts: Mapping[str, object], stored: StoredParts, plan: Plan
) -> bool:
    """Whether each key `out` reads whose value changed since the last build is one of its
    parts, stored as that build made it and showing in the file what the part made now
    shows (so the file, joined again, would be the same bytes)."""
    if out.joins_more or out.codec is None or out.parts is None:
        return False
    shows = out.shows or _itself
    for key in plan.changed(out.reads):
        digest = plan.last_keys.get(key)
        if key not in out.parts or digest is None:
            return False
        before = stored.before(out.codec, key, digest)
        if before is None or shows(before) != shows(parts[key]):
            return False
    return True


def follow_body_edits(
    model: PageModel, edited: BodyEdits, output: Path, cache: BuildCache
) -> tuple[list[Page], list[FileOutput], Plan] | None:
    """The pages and files to make again after the `edited` bodies, with the plan that
    keeps the rest, found without listing every page: only the meetings' own keys can have
    changed, and the last build recorded which outputs read each. None when more may have
    changed (a summary taken from a body's first paragraph shows on every list: the build
    then lists every page and compares every key)."""
    slugs = {m.slug for m in model.site.meetings if m.path in edited.paths}
    digests = {key: value_key(value) for key, value in body_key_values(model, slugs).items()}
    stamp = site_stamp(model.site, model.bodies)
    plan = reuse.follow(digests, stamp, output, cache, edited.last_build)
    if plan is None:
        return None
    return _stale_outputs(model, plan, file_outputs(model, (), only=plan.stale)[0], output)


def records_before(
    documents: Mapping[str, str], read: _Read, options: BuildOptions, cache: BuildCache
) -> dict[str, Meeting]:
    """The records of meetings as validated from earlier `documents` (path -> the key of
    the document, as the last build read it): from the cache, or (when that build did not
    validate it, as after a body edit put into the pages, or kept no record of it, as of a
    meeting with a warning) the document, validated again on its own. None at all if one
    of them cannot be had."""
    found = {}
    for path, document in documents.items():
        key = content_key(VALIDATED, document, read.context)  # as `load_documents` stores it
        record = cache.take(VALIDATED, key, meeting_from_cache)
        if record is None:
            doc = cache.take(MEETING_DOCUMENTS, document, document_or_problems)
            if not isinstance(doc, SourceDoc):
                return {}
            alone = validate_alone(doc, read.loaded.docs, options)
            if (
                alone is None
                or len(alone.published) != 1
                or any(p.is_error for p in alone.problems)
            ):
                return {}
            record = alone.published[0]
        found[path] = record
    return found


def follow_shown_edits(
    model: PageModel,
    edited: MeetingEdits,
    before: Mapping[str, Meeting],
    output: Path,
    cache: BuildCache,
) -> tuple[list[Page], list[FileOutput], Plan] | None:
    """The pages and files to make again after edits to what the `edited` meetings show of
    themselves (a title, a summary, a time; see `changes.differs_only_in_shown`), with the
    plan that keeps the rest, found without listing every page: those edits change neither
    which pages there are nor what each reads, only the keys `shown_key_values` gives, and
    the last build recorded which outputs read each. What reads everything is made again
    (but the files made of the pages, or copied: the same pages list the same). None when
    more may have changed; `before` holds each meeting's record as the last build made it."""
    meetings = {m.path: m for m in model.site.meetings}
    slugs = set()
    for path, old in before.items():
        new = meetings.get(path)
        if new is None or new.slug != old.slug:
            return None  # a draft now, or renamed
        if not differs_only_in_shown(old, placed_as(new, old)):
            return None
        if not keeps_its_place(old, new, model.site.meetings):
            return None  # its time moved it among the meetings of its day
        slugs.add(new.slug)
    digests = {key: value_key(value) for key, value in shown_key_values(model, slugs).items()}
    stamp = site_stamp(model.site, model.bodies)

    reached: list[FileOutput] = []  # the files, not pages, among the outputs reached

    def spared(stale: Collection[str]) -> set[str]:
        reached.extend(file_outputs(model, (), only=stale)[0])
        published = {urls.published_file(path) for path in model.site.files}
        return published | {out.path for out in reached if ALWAYS in out.reads}

    plan = reuse.follow(digests, stamp, output, cache, edited.last_build, ALWAYS, spared)
    if plan is None:
        return None
    return _stale_outputs(model, plan, reached, output)


def _stale_outputs(
    model: PageModel, plan: Plan, reached: Iterable[FileOutput], output: Path
) -> tuple[list[Page], list[FileOutput], Plan] | None:
    """The pages and files `plan` makes again (its files among `reached`), with the plan;
    None when they are not what the last build listed. The sitemap, made from every page,
    is the last build's in `output` with the entries of the pages made again written anew."""
    stale = plan.stale
    outputs = [out for out in reached if out.path in stale]
    pages = pages_at(model, stale - {out.path for out in outputs})
    for at, out in enumerate(outputs):
        if out.path == SITEMAP:  # listed from no page
            try:
                before = (output / SITEMAP).read_bytes()
            except OSError:
                return None
            made = partial(sitemap_with, model.site.settings.site, before, pages)
            outputs[at] = replace(out, make=made)
    if len(pages) + len(outputs) != len(stale):  # the last build's list was not this one's
        return None
    return pages, outputs, plan


class Streamed(NamedTuple):
    """A page written into the new site where it rendered, and what the caller asked to know
    of it (`BuildHooks.streamed_facts`); whether it lacks search's mark (`lacks_mark`)."""

    facts: object
    unmarked: bool = False


def lacks_mark(page: Page, data: bytes, checked: Collection[str]) -> bool:
    """Whether `page`, which search indexes, was rendered by a template of the site's own
    theme among those `checked` (`marks_to_check`) without search's mark."""
    return page.searched and page.template in checked and INDEXED_MARK not in data


def _unmarked_kept(
    cache: BuildCache, output: Path, plan: Plan, made: Mapping[str, str]
) -> dict[str, str]:
    """Every page of the site without search's mark that a template of the site's own theme
    should have given it (see `lacks_mark`), by path, with its template: those `made` now,
    and those kept from the last build as it recorded them (kept pages were made from the
    same templates: the stamp is the same); recorded in turn for the next build."""
    key = content_key(UNMARKED, str(output.resolve()))
    last = cache.take(UNMARKED, key, _unmarked_entry)
    found = {}
    if last is not None and last[0] == plan.stamp:
        found = {path: template for path, template in last[1].items() if path in plan.kept}
    found.update(made)
    cache.put(UNMARKED, key, {"stamp": plan.stamp, "pages": dict(sorted(found.items()))})
    return found


def _unmarked_entry(entry: object) -> tuple[str, dict[str, str]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("pages"), dict):
        raise TypeError("not a record of pages")
    return str(entry["stamp"]), {str(p): str(t) for p, t in entry["pages"].items()}


class Failed(NamedTuple):
    """A page its template could not render, and the template's mistakes."""

    problems: tuple[Problem, ...]


def _compiled_aside(options: BuildOptions) -> Future[dict[str, bytes]] | None:
    """The templates of every theme the site could name (`every_theme`) compiled in a
    process of its own (`compile_templates`), when this process has compiled none yet (the
    command line's build; not serve's rebuilds) and may use more than one. Forked before
    the documents are read, while this process holds little: a fork once the model is made
    had the kernel copy each page of it the build then wrote (a reference count is a
    write), slowing the first pass over the meetings."""
    if options.jobs < 2 or len(compiled_templates()):
        return None

    def compile_every_theme() -> dict[str, bytes]:  # (a folder not readable: none compiled)
        return compile_templates(every_theme(options.source))

    return made_in_fork(compile_every_theme, {})


class PageSink(Protocol):
    """Where pages go as they render: `start` runs in this process, `write` in whichever
    process rendered the page (see `engine.write.NewSite`)."""

    def start(self) -> None: ...

    def write(self, relative: str, data: bytes) -> None: ...

    def read(self, relative: str) -> bytes | None:
        """A page written, to check the #anchors notes link to on it (None if not kept)."""


@dataclass(frozen=True)
class BuildHooks:
    """What `make_site` tells its caller, or asks it, as the build goes.

    `progress(done, total)` as pages render. `edits_hold()`, asked only when edits could be
    followed: whether every file the last build wrote is as written. `found_as_written()`,
    when it gives the marker of the last build into the output, says every file that build
    wrote is as written (see `reuse.plan`). `pages_made(config, pages)` is told the pages as
    soon as all are made, before the other files (the build starts its search index then),
    with `streamed_facts(config, path, page)` of each page streamed to the sink, found in the
    process that rendered it (what the index needs, without reading the page back).
    """

    progress: Progress = quiet
    edits_hold: Callable[[], bool] | None = None
    found_as_written: Callable[[], tuple[int, ...] | None] | None = None
    pages_made: Callable[[SiteConfig, PagesMade], None] | None = None
    streamed_facts: Callable[[SiteConfig, str, bytes], object] | None = None


NO_HOOKS = BuildHooks()


def make_site(
    options: BuildOptions,
    cache: BuildCache | None = None,
    *,
    hooks: BuildHooks = NO_HOOKS,
    for_serve: bool = False,
    last_output: Path | None = None,
    sink: PageSink | None = None,
    sources: Sources | None = None,
    history: History | None = None,
    edited: BodyEdits | MeetingEdits | None = None,
) -> BuildResult:
    """Everything up to the output: raises ContentError listing every problem.

    Parsed documents, validated meetings and rendered Markdown come from `cache` and are
    added to it; the caller saves it. With `last_output`, the files the last build into it
    made from the same inputs are kept (see `reuse`). Pages go to `sink` as they render
    when none is kept. `for_serve` adds the snapshot serve updates from. `sources` are the
    site's files, when the caller found them after starting the build's use of the cache;
    `history`, git's history if the caller already asked for it. `edited`, the meeting
    files whose bodies alone changed since the last build into `last_output`, when nothing
    else it read did (the build then follows them, see `follow_body_edits`), or the meeting
    files edited otherwise (followed when they change only what the meetings show, see
    `follow_shown_edits`), if `hooks.edits_hold` says every file that build wrote is as
    written. `hooks`: what the caller is told and asked as the build goes (`BuildHooks`).
    """
    with records_kept():  # the model and plan live until the build ends
        templates = _compiled_aside(options)  # on another core, while the files are read
        cache = cache or BuildCache.disabled()
        if sources is None:
            cache.start_build()
            sources = find_sources(options.source, cache)
        read = load_documents(
            options.source, cache, options.jobs, validated=not for_serve, sources=sources
        )
        shown_before = None
        if isinstance(edited, MeetingEdits):  # taken before the validated records are let go
            shown_before = records_before(edited.documents, read, options, cache)
        # What memory holds of a table is let go as soon as all this build uses is taken from it.
        cache.release(DOCUMENTS)
        cache.release(MEETING_DOCUMENTS)
        try:
            # asked for once, by the model or by the bodies' links beside its errors
            once = functools.cache(partial(history_of, options.source, cache))
            asked = history if history is not None else once
            # (serve keeps its own; a build without a cache would keep them for nothing)
            keeps = cache.directory is not None and not for_serve
            known_as = edited.documents if shown_before else {}
            kept = (
                KeptIndexes(cache, read, options, shown_before or {}, known_as) if keeps else None
            )
            model = assemble_model(read.loaded, options, history=asked, kept=kept)
        except ContentError as error:  # every error in one run: the bodies' links too
            unread = unread_bodies(options.source, read.loaded.problems, drafts=options.drafts)
            shown = _history_if_shown(read.loaded, asked, options)
            more = links_before_the_site(
                read.loaded,
                drafts=options.drafts,
                unread=unread,
                history=shown,
                told=error.problems,
                own_templates=any((options.source / THEMES_FOLDER).glob("*/templates")),
            )
            raise ContentError([*error.problems, *more]) from None
        remember_validated(cache, read, model)
        warned = {p.path for p in model.warnings}
        docs = documents_read_again(read.loaded.docs, model.site, warned) if for_serve else {}
        del read, kept  # the documents are let go before rendering, to keep memory down
        site, indexes = model.site, model.indexes
        problems = list(model.warnings)
        # an edit the build follows (below) makes few pages: the bodies' HTML is read for those
        follows = last_output is not None and (isinstance(edited, BodyEdits) or bool(shown_before))
        bodies = render_bodies(site, cache, html_when_read=follows)
        problems += [p for fragment in bodies.values() for p in fragment.problems]
        pages_model = page_model(site, indexes, bodies)
        followed = None
        if edited is not None and hooks.edits_hold is not None and not hooks.edits_hold():
            edited = None  # the last site was changed since: its pages are not followed
        if isinstance(edited, BodyEdits) and last_output is not None:
            followed = follow_body_edits(pages_model, edited, last_output, cache)
        elif isinstance(edited, MeetingEdits) and shown_before and last_output is not None:
            followed = follow_shown_edits(pages_model, edited, shown_before, last_output, cache)
        plan = None
        if followed is not None:
            pages, outputs, plan = followed
        else:
            # Every page listed, and most made: what memory holds of the tables this build
            # has taken all it uses from is let go first. (A followed edit makes few pages
            # and lets go of nothing: freeing the tables would cost it more than it holds.)
            html_read(bodies.values())  # (all read now: the page workers share them)
            cache.release(VALIDATED)
            cache.release(MARKDOWN)
            cache.release(MARKDOWN_HTML)
            pages, more = unique_pages(build_pages(pages_model))
            outputs, collisions = file_outputs(pages_model, pages)
            problems += more + collisions
            reads = output_reads(pages, outputs)
            if last_output is not None:
                keys = {key: value_key(value) for key, value in key_values(pages_model).items()}
                stamp = site_stamp(site, bodies)
                meetings, shown = followed_keys(pages_model)
                plan = reuse.plan(
                    reads, keys, stamp, last_output, cache, meetings, shown, hooks.found_as_written
                )
    kept = plan.kept if plan else {}
    if templates is not None:
        compiled_templates().add(templates.result())
    environment = make_environment(site)
    checked = marks_to_check(site)
    wanted = [page for page in pages if urls.output_file(page.url) not in kept]
    stream = sink if sink is not None and not kept else None
    if stream is not None:
        stream.start()

    def render_one(index: int) -> bytes | Streamed | Failed:
        try:
            data = render_page(environment, site, wanted[index])
        except ContentError as error:  # a template's mistake: the other pages still render
            return Failed(error.problems)
        if stream is None:
            return data
        path = urls.output_file(wanted[index].url)
        stream.write(path, data)
        facts = hooks.streamed_facts
        unmarked = lacks_mark(wanted[index], data, checked)
        return Streamed(facts(site.settings.site, path, data) if facts else None, unmarked)

    rendered = map_indexed(
        render_one, len(wanted), site.settings.jobs, lambda done: hooks.progress(done, len(wanted))
    )
    failed = [problem for data in rendered if isinstance(data, Failed) for problem in data.problems]
    if failed:  # every template mistake in one run, each once
        raise ContentError([*problems, *each_mistake_once(failed)])
    files: dict[str, bytes] = {}
    streamed: dict[str, object] = {}  # path -> its facts
    unmarked: dict[str, str] = {}  # path -> its template (see `lacks_mark`)
    for page, data in zip(wanted, rendered, strict=True):
        assert not isinstance(data, Failed)
        path = urls.output_file(page.url)
        if isinstance(data, Streamed):
            streamed[path] = data.facts
            lacks = data.unmarked
        else:
            files[path] = data
            lacks = lacks_mark(page, data, checked)
        if lacks:
            unmarked[path] = page.template
    if checked and plan is not None and last_output is not None:
        unmarked = _unmarked_kept(cache, last_output, plan, unmarked)
    problems += unmarked_problems(site, unmarked)
    if hooks.pages_made is not None:
        facts = streamed if hooks.streamed_facts else {}
        made = PagesMade(dict(files), tuple(streamed), frozenset(kept), facts)
        hooks.pages_made(site.settings.site, made)
    stored = StoredParts(cache, plan.keys, plan.stamp) if plan else None
    made, parts, plan = make_files(
        (out for out in outputs if out.path not in kept),
        problems,
        last_parts={} if for_serve else None,  # every part made, and kept for serve's updates
        stored=stored,
        last_files=LastFiles(plan, last_output) if plan and last_output else None,
    )
    files.update(made)
    kept = plan.kept if plan else {}

    def page_bytes(path: str) -> bytes:
        if path in files:
            return files[path]
        if stream is not None:
            data = stream.read(path)
            if data is not None:
                return data
            # A sink that keeps no page (`check`'s): the page a note links to an #anchor on
            # is rendered again.
            if not streamed_at:
                streamed_at.update((urls.output_file(page.url), page) for page in wanted)
            return render_page(environment, site, streamed_at[path])
        assert last_output is not None  # a page neither made nor streamed was kept
        return (last_output / path).read_bytes()

    streamed_at: dict[str, Page] = {}
    problems += check_links(site, bodies, {*files, *streamed, *kept}, page_bytes)
    raise_if_errors(problems)
    if any(p.fails(strict=options.strict) for p in problems):
        raise ContentError(
            p.strictly() if not p.is_error and p.fails(strict=True) else p for p in problems
        )
    page_sources = {urls.output_file(p.url): p.source for p in pages if p.source}
    snapshot = None
    if for_serve:
        assert followed is None  # serve's first build lists every page
        snapshot = Snapshot(
            docs, pages_model, tuple(pages), reads, parts, environment, model.review, unmarked
        )
    return BuildResult(
        site.settings.site,
        dict(sorted(files.items())),
        tuple(in_order(problems)),
        page_sources,
        cache=cache_report(cache, plan),
        plan=plan,
        streamed=tuple(streamed),
        snapshot=snapshot,
        notes=drafts_noted(m.path for m in site.drafts),
        history=site.history if site.settings.site.history else None,
        # Handed back after a followed edit, which made few pages: a build that made them all
        # lets its model go before the cache is saved, which needs the room.
        records=(model, bodies, pages_model, pages, outputs) if followed is not None else (),
    )
