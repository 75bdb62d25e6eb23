"""The pipeline, in one direction: discover and load, assemble the model (validate,
cross-reference, review), render, write.

The stages are pure functions in `content` and `site`. This module alone decides what comes
from the build cache (`cached_map`), which files are kept from the last build (`reuse`) and
where pages go as they render (straight into the new site folder, from the workers).
"""

from __future__ import annotations

import html
import os
import posixpath
import stat
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from generator.content.crossref import Indexes, beside_errors, crossref
from generator.content.history import load_history
from generator.content.load import (
    PRINCIPLES_FILE,
    SETTINGS_FILE,
    Kind,
    Loaded,
    LoadError,
    SourceDoc,
    content_files,
    discover,
    document_from_cache,
    document_to_cache,
    folders_inside,
    parse_document,
    read_bytes_inside,
    read_document,
    same_front_matter,
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
from generator.content.review import review
from generator.content.validate import site_settings, validate
from generator.engine import reuse
from generator.engine.cache import (
    CACHE_DIR,
    CACHE_LOCK,
    DOCUMENTS,
    MARKDOWN,
    MEETING_DOCUMENTS,
    PARTS,
    VALIDATED,
    BuildCache,
    CacheReport,
    cached_map,
    content_key,
    tracked_by_git,
    value_key,
)
from generator.engine.locks import held, output_lock_path
from generator.engine.parallel import map_indexed
from generator.engine.reuse import Plan, Standing
from generator.engine.search import IndexUpdate, pagefind_executable, record_index, update_index
from generator.engine.write import NewSite, check_output_dir, write_site
from generator.errors import ContentError, Problem, Severity, raise_if_errors
from generator.site import urls
from generator.site.changes import body_key_values, key_values
from generator.site.keys import FileOutput, PartsCodec, meeting_key
from generator.site.linkcheck import check_links as check_page_links
from generator.site.markup import (
    Fragment,
    check_body_links,
    feed_html,
    fragment_from_cache,
    fragment_to_cache,
)
from generator.site.pages import Page, PageModel, build_pages, pages_at
from generator.site.render import (
    BUILTIN_THEME,
    THEMES_FOLDER,
    BodyRenderer,
    BodySource,
    body_sources,
    check_links,
    file_outputs,
    ids_in,
    links_before_the_site,
    make_environment,
    render_page,
    site_stamp,
    summaries,
    unique_pages,
)

Progress = Callable[[int, int], None]
SEARCH_MISSING = (
    "note: search is on in site.yml but pagefind is not installed "
    "(pip install 'pagefind[bin]'); the site was built without a search index"
)
TRACKED_CACHE = (
    "warning: {cache} is tracked by git, so it was not read or written: a cache is made by "
    "each machine and never committed (git rm -r --cached {cache}; add it to .gitignore)"
)


def _quiet(done: int, total: int) -> None:
    """No progress report."""


# --- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """The site as the group wrote it, cross-referenced, with every warning found so far."""

    site: Site
    indexes: Indexes
    warnings: tuple[Problem, ...]
    warned_files: frozenset[str] = frozenset()  # files with a warning from validation


def assemble_model(
    loaded: Loaded,
    options: BuildOptions,
    unchanged: Mapping[str, Meeting] | None = None,
    history: History | None = None,
) -> Model:
    """Validate, add git's history, cross-reference and review: the one way the model is
    made (build, serve, `new meeting` and email). Raises ContentError listing every error.

    `unchanged` are meetings already validated from the same documents (see `validate`);
    `history`, when given, is used instead of asking git again (when site.yml shows it)."""
    site, problems = validate(loaded, options, unchanged)
    if site is None:  # site.yml missing or unusable: validate reported it as an error
        raise ContentError(problems)
    failed = {p.path for p in problems if p.is_error}
    if failed:  # the references are checked too: every error in one run
        _, more = crossref(*beside_errors(loaded, site, failed))
        raise ContentError([*problems, *more])
    warned = frozenset(p.path for p in problems)
    if site.settings.site.history:
        site = replace(
            site, history=history if history is not None else load_history(options.source)
        )
    indexes, more = crossref(site)
    problems += more + urls.check_collisions(site, indexes)
    raise_if_errors(problems)
    problems += review(site, indexes)
    return Model(site, indexes, tuple(problems), warned)


# --- loading, with the cache --------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    loaded: Loaded
    meeting_keys: Mapping[str, str]  # path -> the key its validated meeting is stored under


def _reference_context(source: Path, found: Sequence[tuple[str, Kind]]) -> str:
    """What a meeting's validation reads besides its own file: which theme files exist and
    the principles file (for the ids a meeting may name)."""
    parts: list[str | bytes] = [path for path, kind in found if kind is Kind.THEME]
    try:
        parts += ["principles", read_bytes_inside(source, PRINCIPLES_FILE)]
    except LoadError:
        parts += ["no principles"]
    return content_key(*parts)


@dataclass(frozen=True)
class Sources:
    """The files that make up the site, each with its key (see `source_keys`)."""

    found: Sequence[tuple[str, Kind]]
    problems: tuple[Problem, ...]  # found while looking for them (no site.yml)
    keys: _SourceKeys
    published: _SourceKeys  # the content files published as they are, keyed the same way


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

    codec = (_document_entry, _document_or_problems)
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
    loaded = Loaded(tuple(docs), tuple(problems), tuple(meetings), tuple(sources.published.keys))
    return _Read(loaded, meeting_keys)


SOURCES = "sources"
PUBLISHED = "published"  # the kind `source_keys` gives a content file published as it is
_RACY_NS = 2_000_000_000  # a file changed this soon before it was recorded is read again


@dataclass(frozen=True)
class _SourceKeys:
    keys: Mapping[str, str | Problem]  # path -> its key, or why it cannot be read
    read: Mapping[str, bytes]  # the files read to find their key


def source_keys(
    source: Path, found: Sequence[tuple[str, str]], cache: BuildCache, *, published: bool = False
) -> _SourceKeys:
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
    for relative, kind in found:
        try:
            status = os.stat(source / relative, follow_symlinks=False)
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
    return _SourceKeys(keys, read)


def _source_records(entry: object) -> dict[str, list[int | str]]:
    if not isinstance(entry, dict):
        raise TypeError("not a table of files")
    return entry


def _document_entry(result: SourceDoc | tuple[Problem, ...]) -> object:
    if isinstance(result, tuple):
        return [[p.path, p.line, p.col, p.message] for p in result]
    return document_to_cache(result)


def _document_or_problems(entry: object) -> SourceDoc | tuple[Problem, ...]:
    if isinstance(entry, list):
        return tuple(Problem(str(p), int(ln), int(c), str(m)) for p, ln, c, m in entry)
    if not isinstance(entry, str):
        raise TypeError("not a document")
    return document_from_cache(entry)


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
    site: Site, cache: BuildCache, sources: list[BodySource] | None = None
) -> dict[str, Fragment]:
    """Each content file's body (or just `sources`) as HTML, from the cache when the body,
    its page and everything its links point at are unchanged."""
    sources = body_sources(site) if sources is None else sources
    renderer = BodyRenderer.for_site(site)
    keys = [content_key(MARKDOWN, *renderer.inputs(source)) for source in sources]

    def current(entry: object) -> Fragment:
        """The cached HTML, unless a note it links to has moved (then it is made again)."""
        fragment = fragment_from_cache(entry)  # type: ignore[arg-type]
        if not renderer.links_current(fragment):
            raise ValueError("a note it links to is published elsewhere now")
        return fragment

    codec = (fragment_to_cache, current)
    made = cached_map(
        cache, MARKDOWN, keys, lambda i: renderer.render(sources[i]), codec, site.settings.jobs
    )
    return {source.path: fragment for source, fragment in zip(sources, made, strict=True)}


def page_model(site: Site, indexes: Indexes, bodies: Mapping[str, Fragment]) -> PageModel:
    return PageModel(site, indexes, bodies, summaries(site, bodies), urls.owner_urls(indexes))


def output_reads(pages: Iterable[Page], outputs: Iterable[FileOutput]) -> dict[str, frozenset[str]]:
    """Each output path with the keys it reads."""
    reads = {urls.output_file(page.url): page.reads for page in pages}
    reads.update((out.path, out.reads) for out in outputs)
    return reads


Parts = Mapping[str, Mapping[str, object]]  # output path -> its parts by key (see FileOutput)


@dataclass(frozen=True)
class StoredParts:
    """The parts of files (see `FileOutput.codec`) kept in the cache from one build to the
    next. A part is stored under its key's digest and the stamp of what every file reads
    (see `reuse`): a part whose key has the same value is the same part."""

    cache: BuildCache
    digests: Mapping[str, str]  # key -> digest of its value now
    stamp: str

    def part(self, codec: PartsCodec, key: str, make: Callable[[], object]) -> object:
        digest = self.digests.get(key)
        if digest is None:
            return make()
        table = f"{PARTS}-{codec.name}"
        entry = content_key(self.stamp, key, digest)
        found = self.cache.take(table, entry, codec.from_json)
        if found is None:
            found = make()
            self.cache.put(table, entry, codec.to_json(found))
        return found


def make_files(
    outputs: Iterable[FileOutput],
    problems: list[Problem],
    last_parts: Parts | None = None,
    changed: Collection[str] = (),
    stored: StoredParts | None = None,
) -> tuple[dict[str, bytes], dict[str, dict[str, object]]]:
    """Each output made (a content file that cannot be read is a problem), and the parts of
    those made of parts. With `last_parts` (serve), a part whose key is not `changed` is
    taken from the last update instead of being made again; with `stored` (a build), a
    part is taken from the cache when its key has the value it had when it was stored."""
    files: dict[str, bytes] = {}
    made_parts: dict[str, dict[str, object]] = {}
    shared: dict[tuple[str, str], object] = {}  # the parts of files made of the same parts
    for out in outputs:
        try:
            if out.parts is None or out.join is None:
                files[out.path] = out.make()
                continue
            if last_parts is not None:
                before = last_parts.get(out.path, {})
                parts = {
                    key: before[key] if key in before and key not in changed else make()
                    for key, make in out.parts.items()
                }
            elif stored is not None and out.codec is not None:
                name = out.codec.name
                for key, make in out.parts.items():
                    if (name, key) not in shared:
                        shared[name, key] = stored.part(out.codec, key, make)
                parts = {key: shared[name, key] for key in out.parts}
            else:
                files[out.path] = out.make()
                continue
            files[out.path] = out.join(list(parts.values()))
            made_parts[out.path] = parts
        except ContentError as error:
            problems += error.problems
    return files, made_parts


@dataclass(frozen=True)
class BodyEdits:
    """The meeting files whose bodies alone changed since the last build into the output,
    when nothing else it read did (see `_bodies_edited`)."""

    paths: frozenset[str]
    last_build: Standing
    # Each edited file's document as the last build read it and as it is now (none for a
    # file committed again as it was).
    documents: Mapping[str, tuple[SourceDoc, SourceDoc]] = field(default_factory=dict)


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
    stale = plan.stale
    outputs, _ = file_outputs(model, (), only=stale)
    outputs = [out for out in outputs if out.path in stale]
    pages = pages_at(model, stale - {out.path for out in outputs})
    if len(pages) + len(outputs) != len(stale):  # the last build's list was not this one's
        return None
    return pages, outputs, plan


def splice_body_edits(
    options: BuildOptions,
    sources: Sources,
    state: InputState,
    edited: BodyEdits,
    cache: BuildCache,
) -> BuildResult | None:
    """The site after edits to meetings' bodies, made without the model: each meeting's
    page and the feeds that carry it as the last build wrote them, with the new body's HTML
    in place of the old. Everything else the last build read is as it was (the caller
    checked), so its warnings stand, and no other file shows a body (the home page and the
    meetings calendar read the latest meeting for what changed since the one before and the
    next date it announces).

    None, and the build follows the edits through the model, unless every check holds: the
    built-in templates (a site's own could show the body in other ways), no other file
    recorded as reading the meeting, the day git last saw each file edited the same, both
    bodies free of problems with the same first paragraph (the summary lists show) and the
    same ids (other notes' #anchors), the new body's links good, and the old body's HTML in
    each file exactly once."""
    last = edited.last_build
    if edited.paths != edited.documents.keys() or (options.source / THEMES_FOLDER).exists():
        return None
    manifest = reuse.last_manifest(options.output, cache)
    if manifest is None or manifest.marker != last.marker:
        return None
    try:
        settings_doc = read_document(options.source.resolve(), SETTINGS_FILE, Kind.SETTINGS)
    except LoadError:
        return None
    settings = site_settings(settings_doc, options)
    if settings is None:
        return None
    note_urls = _published_notes(sources, manifest.pages)
    meetings = [path for path, kind in sources.found if kind is Kind.MEETING]
    renderer = BodyRenderer(
        settings.site.allow_html, note_urls, (p for p in meetings if p in note_urls)
    )
    output, base = options.output, settings.site.base_url
    outputs = [*manifest.pages, *manifest.others]

    def ids_on_page(written: str) -> set[str]:  # a page as the last build wrote it
        return ids_in((output / written).read_bytes())

    made: dict[str, bytes] = {}
    changed: list[str] = []
    for path in sorted(edited.paths):
        url = note_urls.get(path)
        slug = posixpath.basename(path).removesuffix(".md")
        page = urls.output_file(url) if url else ""
        readers = manifest.readers.get(meeting_key(slug))
        if url is None or not isinstance(readers, list) or page not in readers:
            return None
        feeds = [r for r in readers if r == urls.feed() or r.endswith("/" + urls.feed())]
        if not set(readers) <= {page, *feeds, *_SHOW_NO_BODY}:
            return None
        if last.files[path].partition(" ")[2] != state.files[path].partition(" ")[2]:
            return None  # its page shows the day it was last edited
        old_doc, new_doc = edited.documents[path]
        old = renderer.render(BodySource(path, old_doc.body, old_doc.body_line, url))
        new = renderer.render(BodySource(path, new_doc.body, new_doc.body_line, url))
        if old.problems or new.problems or old.first_paragraph != new.first_paragraph:
            return None
        if ids_in(old.html.encode()) != ids_in(new.html.encode()):
            return None
        if check_body_links({path: new}, outputs, sources.published.keys, note_urls, ids_on_page):
            return None
        old_feed, new_feed = (html.escape(feed_html(f, base), quote=False) for f in (old, new))
        if old.html == new.html and old_feed == new_feed:
            continue  # the same HTML (a blank line added): its files are kept as they are
        replaced = [(page, old.html, new.html), *((feed, old_feed, new_feed) for feed in feeds)]
        for where, before, after in replaced:
            data = made[where] if where in made else (output / where).read_bytes()
            if data.count(before.encode()) != 1:
                return None
            made[where] = data.replace(before.encode(), after.encode())
        changed.append(meeting_key(slug))
    for path, (_, new_doc) in edited.documents.items():  # for the next body edit to compare
        cache.put(MEETING_DOCUMENTS, str(sources.keys.keys[path]), _document_entry(new_doc))
    cache.keep_read(MEETING_DOCUMENTS)
    plan = reuse.splice_plan(manifest, output, made, changed)
    pages = {urls.output_file(note_urls[path]): path for path in edited.paths}
    sources_of = {page: path for page, path in pages.items() if page in made}
    return BuildResult(
        settings.site,
        made,
        last.warnings,
        sources_of,
        cache=_report(cache, plan),
        plan=plan,
    )


# Files that read the latest meeting's key but show no body (see `splice_body_edits`).
_SHOW_NO_BODY = frozenset([urls.output_file(urls.home()), urls.meetings_calendar()])


def _published_notes(sources: Sources, pages: Collection[str]) -> dict[str, str]:
    """Where each note is published (as `urls.source_urls` gives it), by path, found from
    the files and the pages the last build wrote: a draft has no page."""
    found = {}
    for path, kind in sources.found:
        name = posixpath.basename(path).removesuffix(".md")
        if kind is Kind.MEETING:
            url = urls.meeting(name)
        elif kind is Kind.THEME:
            url = urls.theme(name)
        elif kind is Kind.PRINCIPLES:
            url = urls.principles()
        else:
            continue
        if urls.output_file(url) in pages:
            found[path] = url
    return found


class PageSink(Protocol):
    """Where pages go as they render: `start` runs in this process, `write` in whichever
    process rendered the page (see `engine.write.NewSite`)."""

    def start(self) -> None: ...

    def write(self, relative: str, data: bytes) -> None: ...

    def read(self, relative: str) -> bytes: ...


# --- the build ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What serve keeps of a build to update it quickly."""

    docs: Mapping[str, SourceDoc]  # those validated again (`documents_read_again`), by path
    model: PageModel
    pages: tuple[Page, ...]
    reads: Mapping[str, frozenset[str]]  # each output path with the keys it read


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


def make_site(
    options: BuildOptions,
    progress: Progress = _quiet,
    cache: BuildCache | None = None,
    *,
    for_serve: bool = False,
    last_output: Path | None = None,
    sink: PageSink | None = None,
    sources: Sources | None = None,
    history: History | None = None,
    edited: BodyEdits | None = None,
) -> BuildResult:
    """Everything up to the output: raises ContentError listing every problem.

    Parsed documents, validated meetings and rendered Markdown come from `cache` and are
    added to it; the caller saves it. With `last_output`, the files the last build into it
    made from the same inputs are kept (see `reuse`). Pages go to `sink` as they render
    when none is kept. `for_serve` adds the snapshot serve updates from. `sources` are the
    site's files, when the caller found them after starting the build's use of the cache;
    `history`, git's history if the caller already asked for it. `edited`, the meeting
    files whose bodies alone changed since the last build into `last_output`, when nothing
    else it read did (the build then follows them, see `follow_body_edits`).
    """
    cache = cache or BuildCache.disabled()
    if sources is None:
        cache.start_build()
        sources = find_sources(options.source, cache)
    read = load_documents(
        options.source, cache, options.jobs, validated=not for_serve, sources=sources
    )
    # What memory holds of a table is let go as soon as all this build uses is taken from it.
    cache.release(DOCUMENTS)
    cache.release(MEETING_DOCUMENTS)
    try:
        model = assemble_model(read.loaded, options, history=history)
    except ContentError as error:  # every error in one run: the bodies' links too
        unread = unread_bodies(options.source, read.loaded.problems, drafts=options.drafts)
        more = links_before_the_site(read.loaded, drafts=options.drafts, unread=unread)
        raise ContentError([*error.problems, *more]) from None
    remember_validated(cache, read, model)
    cache.release(VALIDATED)
    warned = {p.path for p in model.warnings}
    docs = documents_read_again(read.loaded.docs, model.site, warned) if for_serve else {}
    del read  # the documents are let go before rendering, to keep memory down
    site, indexes = model.site, model.indexes
    problems = list(model.warnings)
    bodies = render_bodies(site, cache)
    cache.release(MARKDOWN)
    problems += [p for fragment in bodies.values() for p in fragment.problems]
    pages_model = page_model(site, indexes, bodies)
    followed = None
    if edited is not None and last_output is not None:
        followed = follow_body_edits(pages_model, edited, last_output, cache)
    plan = None
    if followed is not None:
        pages, outputs, plan = followed
    else:
        pages, more = unique_pages(build_pages(pages_model))
        outputs, collisions = file_outputs(pages_model, pages)
        problems += more + collisions
        reads = output_reads(pages, outputs)
        if last_output is not None:
            keys = {key: value_key(value) for key, value in key_values(pages_model).items()}
            stamp = site_stamp(site, bodies)
            meetings = frozenset(meeting_key(m.slug) for m in site.meetings)
            plan = reuse.plan(reads, keys, stamp, last_output, cache, meetings)
    kept = plan.kept if plan else {}
    environment = make_environment(site)
    wanted = [page for page in pages if urls.output_file(page.url) not in kept]
    stream = sink if sink is not None and not kept else None
    if stream is not None:
        stream.start()

    def render_one(index: int) -> bytes | None:
        data = render_page(environment, site, wanted[index])
        if stream is None:
            return data
        stream.write(urls.output_file(wanted[index].url), data)
        return None

    rendered = map_indexed(
        render_one, len(wanted), site.settings.jobs, lambda done: progress(done, len(wanted))
    )
    files: dict[str, bytes] = {}
    streamed = []
    for page, data in zip(wanted, rendered, strict=True):
        if data is None:
            streamed.append(urls.output_file(page.url))
        else:
            files[urls.output_file(page.url)] = data
    stored = StoredParts(cache, plan.keys, plan.stamp) if plan else None
    made, _ = make_files((out for out in outputs if out.path not in kept), problems, stored=stored)
    files.update(made)

    def page_bytes(path: str) -> bytes:
        if path in files:
            return files[path]
        if stream is not None:
            return stream.read(path)
        assert last_output is not None  # a page neither made nor streamed was kept
        return (last_output / path).read_bytes()

    problems += check_links(site, bodies, {*files, *streamed, *kept}, page_bytes)
    raise_if_errors(problems)
    if any(p.fails(strict=options.strict) for p in problems):
        raise ContentError(
            replace(p, severity=Severity.ERROR) if p.fails(strict=True) else p for p in problems
        )
    sources = {urls.output_file(p.url): p.source for p in pages if p.source}
    snapshot = None
    if for_serve:
        assert followed is None  # serve's first build lists every page
        snapshot = Snapshot(docs, pages_model, tuple(pages), reads)
    return BuildResult(
        site.settings.site,
        dict(sorted(files.items())),
        tuple(problems),
        sources,
        cache=_report(cache, plan),
        plan=plan,
        streamed=tuple(streamed),
        snapshot=snapshot,
    )


def _report(cache: BuildCache, plan: Plan | None) -> CacheReport:
    """What the cache gave: its tables, and the files (pages, feeds, calendars and exports)
    kept from the last build."""
    found = {entry[0]: entry for entry in cache.report().reused}
    names = (DOCUMENTS, MEETING_DOCUMENTS, VALIDATED, MARKDOWN)
    names += tuple(sorted(name for name in found if name.startswith(f"{PARTS}-")))
    tables = tuple(found[name] for name in names if name in found)
    if plan:
        tables += (("files", len(plan.kept), len(plan.page_keys)),)
    return CacheReport(tables)


def check(options: BuildOptions) -> list[Problem]:
    """Every error and warning, including broken links in the rendered pages; writes nothing."""
    relaxed = replace(options, strict=False)
    try:
        result = make_site(relaxed, cache=open_cache(options))  # read, never saved
    except ContentError as error:
        return list(error.problems)
    return sorted([*result.warnings, *check_page_links(result.files, result.sources)])


def build(options: BuildOptions, progress: Progress = _quiet) -> BuildResult:
    """Render the site, index it for search, and swap it into the output directory.

    The build holds a lock on the output folder and on the cache, so a second build into
    either stops at once with OutputError (and never takes the first's folders for a
    crash's leftovers)."""
    check_output_dir(options.source, options.output)
    with ExitStack() as locks:
        busy = f"another nominutes build is writing to {options.output}"
        locks.enter_context(held(output_lock_path(options.output), busy))
        if options.cache:
            cache_dir = options.source / CACHE_DIR
            busy = f"another nominutes build is using the cache in {cache_dir}"
            locks.enter_context(held(cache_dir / CACHE_LOCK, busy))
        return _build(options, progress)


def _search_index(
    result: BuildResult,
    options: BuildOptions,
    cache: BuildCache,
    new_site: NewSite,
    executable: Path,
) -> IndexUpdate:
    """The search index of the new site: kept from the output when no indexed page changed."""
    return update_index(
        result.files,
        result.streamed,
        result.kept,
        new_site.path,
        options.output.absolute(),
        cache,
        executable,
        result.config.language,
    )


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    cache = open_cache(options)
    cache.start_build()
    sources = find_sources(options.source, cache)
    inputs: _Inputs = _Inputs(None, None)
    edited = None
    if cache.directory is not None:
        stood, inputs, edited = _compare_with_last_build(options, sources, cache)
        if stood is not None:
            cache.save()  # the files' records, if a file was touched but not changed
            return stood
    new_site = NewSite(options.output)  # filled as pages render, when none is kept
    last_output = options.output if options.cache else None
    try:
        result = None
        if edited is not None and inputs.state is not None:
            result = splice_body_edits(options, sources, inputs.state, edited, cache)
        if result is None:
            result = make_site(
                options,
                progress,
                cache,
                last_output=last_output,
                sink=new_site,
                sources=sources,
                history=inputs.history,
                edited=edited,
            )
        assert result.config is not None
        executable = pagefind_executable() if result.config.search else None
        search = _search_index(result, options, cache, new_site, executable) if executable else None
        files, kept = result.files, result.kept
        if search:
            files = {**files, **search.files}
            kept = kept | frozenset(search.kept)
        written_before = result.plan.written_before if result.plan else None
        carry_over = result.config.keep_in_output
        write_site(files, options.output, carry_over, kept, new_site, written_before)
    except BaseException:
        new_site.discard()
        raise
    manifest, index = None, {}
    if result.plan:
        index_files = [*search.files, *search.kept] if search else []
        manifest = reuse.record(result.plan, options.output, cache, index_files)
    if search:
        index = record_index(search, options.output, cache)
    notes = result.notes
    if options.cache and cache.directory is None:
        notes += (TRACKED_CACHE.format(cache=options.source / CACHE_DIR),)
    if result.config.search and not executable:
        notes += (SEARCH_MISSING,)
    result = replace(result, notes=notes)
    shows_history = result.config.history
    # What was read before the build, unless site.yml now shows git's history and did not,
    # or the other way round.
    state = inputs.state
    if (inputs.history is not None) != shows_history:
        history = load_history(options.source) if shows_history else None
        state = input_state(options, sources, history)
    if manifest is not None and state is not None and (index or not search):
        written = {path: (r.size, r.mtime_ns) for path, r in manifest.pages.items()}
        index_files = {path: (size, mtime) for path, (size, mtime) in index.items()}
        standing = Standing(
            state.digest, state.files, shows_history, written, index_files, result.warnings, notes
        )
        reuse.record_standing(standing, options.output, cache)
    cache.save()
    return result


# --- when nothing changed, or only meetings' bodies ---------------------------------------------


@dataclass(frozen=True)
class InputState:
    """What a build reads, as the next build compares it (see `input_state`)."""

    digest: str  # everything but the source files
    files: Mapping[str, str]  # each source file's key, and the day git last saw it edited


@dataclass(frozen=True)
class _Inputs:
    history: History | None  # git's history, when `state` includes it
    state: InputState | None  # see `input_state`


def _compare_with_last_build(
    options: BuildOptions, sources: Sources, cache: BuildCache
) -> tuple[BuildResult | None, _Inputs, BodyEdits | None]:
    """The last build's report, when nothing it read has changed and its site is as it left
    it (the site stands, and nothing is read but each source file's status); what this
    build reads, taken before it reads it; and the meeting files whose bodies alone changed
    since the last build, when nothing else did and its site is as it wrote it."""
    last = reuse.last_standing(options.output, cache)
    history = load_history(options.source) if last is not None and last.history else None
    inputs = _Inputs(history, input_state(options, sources, history))
    state = inputs.state
    if last is None or state is None or state.digest != last.inputs:
        return None, inputs, None
    if state.files == last.files and reuse.marked(last, options.output):
        if reuse.as_written(last, options.output):
            stood = BuildResult(
                None, {}, last.warnings, notes=last.notes, stood=tuple(last.written)
            )
            return stood, inputs, None
        return None, inputs, None
    edited = _bodies_edited(last, state, sources, cache)
    if edited and reuse.as_written(last, options.output):
        return None, inputs, BodyEdits(frozenset(edited), last, _documents(edited))
    return None, inputs, None


def _documents(
    edited: Mapping[str, tuple[SourceDoc, SourceDoc] | None],
) -> dict[str, tuple[SourceDoc, SourceDoc]]:
    return {path: docs for path, docs in edited.items() if docs is not None}


def _bodies_edited(
    last: Standing, state: InputState, sources: Sources, cache: BuildCache
) -> dict[str, tuple[SourceDoc, SourceDoc] | None]:
    """The meeting files changed since the last build, when they are all that changed of
    what it read (no file added or removed) and each one's front matter is exactly as that
    build read it (its document then is taken from the cache); else none. Each comes with
    its document as that build read it and as it is now. A meeting file whose bytes are the
    same but not the day git last saw it edited counts as edited (with no documents)."""
    if state.files.keys() != last.files.keys():
        return {}
    meetings = {path for path, kind in sources.found if kind is Kind.MEETING}
    edited: dict[str, tuple[SourceDoc, SourceDoc] | None] = {}
    for path, seen in state.files.items():
        before = last.files[path]
        if seen == before:
            continue
        if path not in meetings or not isinstance(before, str):
            return {}
        key_before = before.partition(" ")[0]
        if seen.partition(" ")[0] == key_before:  # committed since, as it was
            edited[path] = None
            continue
        data = sources.keys.read.get(path)
        if data is None:
            return {}
        old = cache.take(MEETING_DOCUMENTS, key_before, _document_or_problems)
        try:
            new = parse_document(path, Kind.MEETING, data)
        except LoadError:
            return {}
        if not isinstance(old, SourceDoc) or not same_front_matter(old, new):
            return {}
        edited[path] = (old, new)
    return edited


def input_state(
    options: BuildOptions, sources: Sources, history: History | None
) -> InputState | None:
    """What a build reads: each source file's key (with the day git's `history` last saw it
    edited), and a digest of the rest: the options and build date, the published content
    files' keys (by their bytes, as the source files', so that a fresh clone in CI finds
    them unchanged) and the theme's files, the rest of git's history and the search tool.
    None when a file cannot be read."""
    if sources.problems:
        return None
    source = options.source.resolve()
    edited_on = history.last_edited if history is not None else {}
    files: dict[str, str] = {}
    for relative, _ in sources.found:
        key = sources.keys.keys[relative]
        if isinstance(key, Problem):
            return None
        day = edited_on.get(relative)
        files[relative] = f"{key} {day.isoformat()}" if day else key
    where = replace(options, source=source, output=options.output.resolve(), jobs=1)
    parts: list[str | bytes] = ["inputs", repr(where)]
    for relative, key in sources.published.keys.items():  # published as they are
        if isinstance(key, Problem):
            return None
        parts += [relative, key]
    for folder in (source / THEMES_FOLDER, BUILTIN_THEME):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [path.as_posix(), path.read_bytes()]
    if history is not None:
        rest = {path: day for path, day in edited_on.items() if path not in files}
        parts.append(value_key(replace(history, last_edited=rest)))
    executable = pagefind_executable()
    if executable is not None:
        status = executable.stat()
        parts += [str(executable), f"{status.st_size} {status.st_mtime_ns}"]
    return InputState(content_key(*parts), files)
