"""The build: see what changed since the last build into the output, make what that needs,
index it for search and swap it into the output folder.

When nothing the last build read has changed, its site stands; when only meetings' bodies
changed, the new bodies are put into the files that show them (`splice_body_edits`). Only
otherwise is the whole pipeline imported and run (`make.make_site`): a build that keeps its
site starts without it.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING

from generator.content.load import (
    SETTINGS_FILE,
    Kind,
    LoadError,
    SourceDoc,
    marked_drafts,
    parse_document,
    read_document,
    same_front_matter,
)
from generator.content.model import (
    BuildOptions,
    History,
    SiteConfig,
    config_from_cache,
    config_to_cache,
    is_placeholder,
)
from generator.engine import reuse
from generator.engine.cache import CACHE_DIR, CACHE_LOCK, MEETING_DOCUMENTS, BuildCache
from generator.engine.collector import records_kept
from generator.engine.locks import held, output_lock_path
from generator.engine.parallel import answer_in_fork, threads_keep_up
from generator.engine.reuse import SIZE, Standing
from generator.engine.search import (
    IndexUpdate,
    LastIndex,
    PageFacts,
    last_index,
    page_facts,
    pagefind_executable,
    record_index,
    update_index,
)
from generator.engine.write import (
    Deletions,
    NewSite,
    check_output_dir,
    stage_update,
    write_site,
)
from generator.errors import ContentError, Problem, in_order
from generator.inputs import (
    DRAFTS_NOTED,
    BodyEdits,
    BuildResult,
    HistoryAsked,
    InputState,
    MeetingEdits,
    PagesMade,
    Progress,
    Sources,
    cache_report,
    document_entry,
    document_or_problems,
    find_sources,
    history_of,
    input_state,
    open_cache,
    quiet,
)
from generator.site import urls
from generator.site.keys import meeting_key
from generator.site.markup import (
    BodyRenderer,
    BodySource,
    body_heading,
    check_body_links,
    feed_html,
    ids_in,
)
from generator.site.theme_files import THEMES_FOLDER

if TYPE_CHECKING:
    from generator.site.linkcheck import PageScan

SEARCH_MISSING = (
    "note: search is on in site.yml but pagefind is not installed "
    "(pip install 'pagefind[bin]'); the site was built without a search index"
)
TRACKED_CACHE = (
    "warning: {cache} is tracked by git, so it was not read or written: a cache is made by "
    "each machine and never committed (git rm -r --cached {cache}; add it to .gitignore)"
)


def check(options: BuildOptions) -> list[Problem]:
    """Every error and warning, including broken links in the rendered pages; writes nothing."""
    from generator.make import BuildHooks, make_site
    from generator.site.linkcheck import check_page_links

    def found(asked: BuildOptions) -> list[Problem]:
        scanned = _PagesScanned()
        try:
            result = make_site(
                asked,
                cache=open_cache(asked),  # read, never saved
                sink=scanned,
                hooks=BuildHooks(pages_made=scanned.made, streamed_facts=scanned.facts),
            )
        except ContentError as error:
            return list(error.problems)
        scanned.add(result.files)
        files = {*result.files, *result.streamed}
        return [*result.warnings, *check_page_links(scanned.scans, files, result.sources)]

    relaxed = replace(options, strict=False)
    problems = found(relaxed)
    drafts = frozenset() if options.drafts else marked_drafts(options.source)
    if drafts:
        # The errors a draft will have once published (an action or decision it names that
        # is not there, a broken link), seen while it is written, as warnings that fail
        # nothing: a draft may name what is still being written. Its warnings wait for
        # --drafts: `new meeting` writes each open action as a draft leaves it, a warning.
        shown = set(problems)
        problems += [
            problem.in_a_draft()
            for problem in found(replace(relaxed, drafts=True))
            if problem.is_error and problem.path in drafts and problem not in shown
        ]
    return in_order(problems)


class _PagesScanned:
    """`check`'s sink: it keeps no page (`read` gives None: a page a note's #anchor leads
    to is rendered again), only what the check of links reads of each, found in the process
    that rendered it (`facts`): so the site is never all in memory at once, and the pages
    are read in parallel."""

    def __init__(self) -> None:
        from generator.site.linkcheck import PageScanner  # with lxml, only when checking

        self._scanner = PageScanner()
        self.scans: dict[str, PageScan] = {}

    def start(self) -> None:
        self.scans.clear()

    def write(self, relative: str, data: bytes) -> None:
        pass  # what the check needs of it is in its facts

    def read(self, relative: str) -> None:
        return None

    def facts(self, config: SiteConfig, path: str, page: bytes) -> PageScan | None:
        return self._scanner.scan(page) if path.endswith(".html") else None

    def made(self, config: SiteConfig, made: PagesMade) -> None:
        self.scans.update((path, scan) for path, scan in made.facts.items() if scan)
        self.add(made.made)

    def add(self, files: Mapping[str, bytes]) -> None:
        """The pages among `files`, made in this process."""
        for path, data in files.items():
            if path.endswith(".html") and path not in self.scans:
                self.scans[path] = self._scanner.scan(data)


def build(options: BuildOptions, progress: Progress = quiet) -> BuildResult:
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
        deletions = Deletions()  # the folders the build is done with, deleted beside it
        try:
            return _build(options, progress, deletions)
        finally:
            deletions.wait()


def _search_index(
    pages: PagesMade,
    options: BuildOptions,
    last: LastIndex | None,
    new_site: NewSite,
    executable: Path,
    language: str,
    edited: BodyEdits | MeetingEdits | None,
    discard: Callable[[Path], None],
    launching: Callable[[], None] = lambda: None,
) -> IndexUpdate:
    """The search index of the new site: kept from the output when no indexed page changed.
    After edits to meetings, the index files are taken as the last build recorded them: the
    caller throws the index away unless `reuse.as_written` finds them so. `launching` is
    called as the first Pagefind starts, or when none will. A new site's index files are
    written into it shard by shard, as Pagefind makes them; each Pagefind's scratch folder
    is given to `discard`."""
    return update_index(
        pages.made,
        pages.streamed,
        pages.kept,
        new_site.path,
        options.output.absolute(),
        last,
        executable,
        language,
        edited.last_build.index if edited is not None else None,
        pages.facts,
        launching,
        new_site.write_all if new_site.begun else None,
        discard,
    )


class _IndexAside:
    """The search index, made in a thread of its own from the moment `make_site` has made
    the pages (`start`), while it makes the other files: Pagefind then runs on another core.
    `start` returns once Pagefind has started: the thread's work before (reading what the
    pages are, laying out the shards' pages for Pagefind) is slowed by this thread computing
    beside it, and would hold Pagefind back.

    `result` is the index (None when search is off or Pagefind is missing: then `executable`
    is None); `settle` waits for the thread, whatever happened, so that no Pagefind outlives
    the build.
    """

    def __init__(
        self,
        options: BuildOptions,
        cache: BuildCache,
        new_site: NewSite,
        edited: BodyEdits | MeetingEdits | None,
        as_written: Future[bool] | None,
        deletions: Deletions,
    ) -> None:
        self._options, self._cache, self._new_site = options, cache, new_site
        self._edited, self._as_written, self._deletions = edited, as_written, deletions
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._indexing: Future[IndexUpdate] | None = None
        self._quick_switches = ExitStack()
        self.executable: Path | None = None

    def start(self, config: SiteConfig, pages: PagesMade) -> None:
        self.executable = pagefind_executable() if config.search else None
        if self.executable is None:
            return
        edited = self._edited
        if edited is not None and not (self._as_written is not None and self._as_written.result()):
            edited = None  # the last site was changed since: its pages were not followed
        last = last_index(self._cache, self._options.output.absolute())  # here: not in a thread
        launched = Event()
        self._indexing = self._pool.submit(
            _search_index,
            pages,
            self._options,
            last,
            self._new_site,
            self.executable,
            config.language,
            edited,
            self._deletions.delete,
            launched.set,
        )
        self._indexing.add_done_callback(lambda _: launched.set())  # also if it failed first
        launched.wait()
        # The thread reads Pagefind's files back one by one while this one makes the feeds:
        # at Python's default it waited up to 5 ms for its lock after each file.
        self._quick_switches.enter_context(threads_keep_up())

    @staticmethod
    def facts(config: SiteConfig, path: str, page: bytes) -> PageFacts | None:
        """What the index needs of a page written straight into the new site, found in the
        process that rendered it (`make_site`'s `streamed_facts`): else the index would
        read every page back before Pagefind could start."""
        return page_facts(path, page) if config.search else None

    def result(self) -> IndexUpdate | None:
        return self._indexing.result() if self._indexing is not None else None

    def settle(self) -> None:
        if self._indexing is not None:
            wait([self._indexing])  # its error, if any, is raised by `result`
        self._quick_switches.close()
        self._pool.shutdown()


def _build(options: BuildOptions, progress: Progress, deletions: Deletions) -> BuildResult:
    cache = open_cache(options)
    cache.start_build()
    # The last build's records, read from the cache, live until the build ends: no cycle
    # collection scans them (see `engine.collector`).
    with records_kept():
        last: Standing | None = None
        if cache.directory is not None:
            last = reuse.last_standing(options.output, cache)
        # Whether the last site is as written (a stat of each of its files) is found in
        # another process while the sources are found and compared, on another core.
        as_written: Future[bool] | None = None
        if last is not None:
            as_written = _as_written_in_background(last, options.output)
        # git's history, which the last build read, is asked for in a thread while the
        # files are found (a stat of each): after the fork above, before any other.
        asked = None
        if cache.directory is not None and last is not None and last.history:
            asked = HistoryAsked(options.source, cache)
        sources = find_sources(options.source, cache)
        stood, inputs, edited = None, _Inputs(None, None), None
        if cache.directory is not None:
            stood, inputs, edited = _compare_with_last_build(
                options, sources, last, as_written, asked, cache
            )
    if stood is not None:
        cache.save()  # the files' records, if a file was touched but not changed
        return stood
    new_site = NewSite(options.output)  # filled as pages render, when none is kept
    state = None  # what the build read (`_state_read`), once worked out
    last_output = options.output if options.cache else None
    staged = None
    try:
        result, search, executable = None, None, None
        if isinstance(edited, BodyEdits) and as_written is not None and inputs.state is not None:
            # bodies alone edited: put into the last site's pages, without the model
            spliced = _splice_and_index(
                options, sources, inputs.state, edited, cache, new_site, as_written, deletions
            )
            if spliced is not None:
                result, search, executable = spliced
        if result is None:
            from generator.make import BuildHooks, make_site  # the pipeline, only when needed

            aside = _IndexAside(options, cache, new_site, edited, as_written, deletions)
            try:
                hooks = BuildHooks(
                    progress,
                    # asked when the model is made, by which time the other process has answered
                    edits_hold=as_written.result if as_written is not None else None,
                    found_as_written=_marker_if_as_written(last, as_written),
                    pages_made=aside.start,
                    streamed_facts=aside.facts,
                )
                result = make_site(
                    options,
                    cache,
                    hooks=hooks,
                    last_output=last_output,
                    sink=new_site,
                    sources=sources,
                    history=inputs.history,
                    edited=edited,
                )
                if aside.executable is not None:  # written while Pagefind indexes
                    if new_site.begun:
                        new_site.write_all(result.files)
                        new_site.find(result.streamed)  # the pages, to record after the swap
                    staged = stage_update(result.files, options.output, new_site, result.kept)
                    # the content's tables too (their entries stand whatever happens to the
                    # site): the output's records are saved once it is written
                    cache.save()
                # what the build read, worked out while Pagefind indexes
                state = _state_read(options, sources, inputs, result, cache)
            finally:
                aside.settle()
            search, executable = aside.result(), aside.executable
        assert result.config is not None
        files, kept = result.files, result.kept
        if search:
            files = {**files, **search.files}
            kept = kept | frozenset(search.kept)
        written_before = result.plan.written_before if result.plan else None
        carry_over = result.config.keep_in_output
        write_site(
            files,
            options.output,
            carry_over,
            kept,
            new_site,
            written_before,
            staged,
            deletions.delete,
        )
    except BaseException as error:
        new_site.discard()
        if staged is not None:
            staged.discard()
        if isinstance(error, ContentError) and (moved := _moved_beside_errors(last, options)):
            raise ContentError([*error.problems, *moved]) from None
        raise
    manifest, index = None, {}
    found = _found_as_written(new_site, result.config.keep_in_output)
    if result.plan:
        index_files = [*search.files, *search.kept] if search else []
        manifest = reuse.record(result.plan, options.output, cache, index_files, found)
    if search:
        index = record_index(search, options.output, cache, found)
    notes = result.notes
    if options.cache and cache.directory is None:
        notes += (TRACKED_CACHE.format(cache=options.source / CACHE_DIR),)
    if result.config.search and not executable:
        notes += (SEARCH_MISSING,)
    result = replace(
        result, notes=notes, records=(*result.records, cache, last, sources, inputs, edited)
    )
    shows_history = result.config.history
    if state is None:
        state = _state_read(options, sources, inputs, result, cache)
    if manifest is not None and state is not None and (index or not search):
        written = {path: record[SIZE:] for path, record in manifest.pages.items()}
        index_files = {path: (size, mtime) for path, (size, mtime) in index.items()}
        config = config_to_cache(result.config)
        standing = Standing(
            state.digest,
            state.files,
            shows_history,
            written,
            index_files,
            result.warnings,
            notes,
            config,
            ids_from=_ids_from(last, result.config, options),
        )
        reuse.record_standing(standing, options.output, cache)
    cache.save()
    # Said by each build that writes the site with ids from a new address, until one has
    # recorded it: the next, which finds that address recorded, is not a move.
    moved = _moved(last, result.config, options)
    if moved:
        result = replace(result, warnings=tuple(in_order([*result.warnings, *moved])))
    return result


def _ids_from(last: Standing | None, config: SiteConfig, options: BuildOptions) -> str | None:
    """The address the ids of the site built from site.yml's own `base_url` are made from:
    this build's, unless it was given --base-url (a preview at another address, such as a
    staging copy), which leaves the last build's as it was."""
    if options.base_url is None:
        return config.id_base_url
    return last.ids_from if last is not None else None


def _moved(last: Standing | None, config: SiteConfig, options: BuildOptions) -> list[Problem]:
    """A warning when the feeds', calendars' and email's ids are made from another address
    than those of the last site written from site.yml's own address (see
    `validate.address_moved`); none for a build given --base-url, a preview, not a move."""
    before = last.ids_from if last is not None else None
    if options.base_url is not None or before is None or before == config.id_base_url:
        return []
    from generator.content.validate import address_moved  # seldom needed: not on every build

    try:
        doc = read_document(options.source, SETTINGS_FILE, Kind.SETTINGS)
    except LoadError:  # (read by this build a moment ago: gone since, say nothing)
        return []
    found = address_moved(doc, before, config)
    return [found] if found is not None else []


def _moved_beside_errors(last: Standing | None, options: BuildOptions) -> list[Problem]:
    """`_moved` for a build that failed, which publishes nothing: the move is said beside its
    errors (and again by the next build, until one publishes the site)."""
    before = last.ids_from if last is not None else None
    if options.base_url is not None or before is None:
        return []
    from generator.content.validate import address_moved_beside_errors

    try:
        doc = read_document(options.source, SETTINGS_FILE, Kind.SETTINGS)
    except LoadError:
        return []
    found = address_moved_beside_errors(doc, before)
    return [found] if found is not None else []


# --- when nothing changed, or only meetings' bodies ---------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    history: History | None  # git's history, when `state` includes it
    state: InputState | None  # see `input_state`
    timezone: str | None = None  # the site's, as the last build read site.yml


def _compare_with_last_build(
    options: BuildOptions,
    sources: Sources,
    last: Standing | None,
    as_written: Future[bool] | None,
    asked: HistoryAsked | None,
    cache: BuildCache,
) -> tuple[BuildResult | None, _Inputs, BodyEdits | MeetingEdits | None]:
    """The `last` build's report, when nothing it read has changed and its site is as it left
    it (the site stands, and nothing is read but each source file's status); what this
    build reads, taken before it reads it; and the meeting files whose bodies alone changed
    since the last build, when nothing else did (`BodyEdits`), or else the meeting files
    edited otherwise (`MeetingEdits`, see `_meetings_edited`), each followed if `as_written`
    finds its site as it wrote it (the caller's check). `asked`: git's history, when the last
    build read it."""
    history = asked.answer() if asked is not None else None
    timezone = last.config.get("timezone") if last is not None and last.config else None
    inputs = _Inputs(history, input_state(options, sources, history, timezone), timezone)
    state = inputs.state
    if last is None or as_written is None or state is None or state.digest != last.inputs:
        return None, inputs, None
    if state.files == last.files and reuse.marked(last, options.output):
        if as_written.result():
            stood = BuildResult(
                None, {}, last.warnings, notes=last.notes, stood=tuple(last.written)
            )
            return stood, inputs, None
        return None, inputs, None
    edited = _bodies_edited(last, state, sources, cache)
    if edited:
        return None, inputs, BodyEdits(frozenset(edited), last, _documents(edited))
    documents = _meetings_edited(last, state, sources)
    if documents:
        return None, inputs, MeetingEdits(documents, last)
    return None, inputs, None


def _meetings_edited(last: Standing, state: InputState, sources: Sources) -> dict[str, str]:
    """The meeting files changed since the last build, when they are all that changed of
    what it read (no file added or removed), each with the key of its document as that
    build read it; else none."""
    if state.files.keys() != last.files.keys():
        return {}
    meetings = {path for path, kind in sources.found if kind is Kind.MEETING}
    edited: dict[str, str] = {}
    for path, seen in state.files.items():
        before = last.files[path]
        if seen == before:
            continue
        if path not in meetings or not isinstance(before, str):
            return {}
        edited[path] = before.partition(" ")[0]
    return edited


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
    edited: dict[str, tuple[SourceDoc, SourceDoc] | None] = {}
    for path, key_before in _meetings_edited(last, state, sources).items():
        if state.files[path].partition(" ")[0] == key_before:  # committed since, as it was
            edited[path] = None
            continue
        data = sources.keys.read.get(path)
        if data is None:
            return {}
        old = cache.take(MEETING_DOCUMENTS, key_before, document_or_problems)
        try:
            new = parse_document(path, Kind.MEETING, data)
        except LoadError:
            return {}
        if not isinstance(old, SourceDoc) or not same_front_matter(old, new):
            return {}
        edited[path] = (old, new)
    return edited


def _state_read(
    options: BuildOptions,
    sources: Sources,
    inputs: _Inputs,
    result: BuildResult,
    cache: BuildCache,
) -> InputState | None:
    """What the build read (see `input_state`): what was read before it, unless site.yml now
    shows git's history and did not, or the other way round, or gives another time zone than
    the last build's (or there was none): the build's day is the day in it. git's history is
    the one the model read, when it read one (a cold build's)."""
    assert result.config is not None
    shows_history, timezone = result.config.history, result.config.timezone
    if (inputs.history is not None) == shows_history and inputs.timezone == timezone:
        return inputs.state
    history = inputs.history
    if (history is not None) != shows_history:
        history = None
        if shows_history:
            history = result.history
            if history is None:
                history = history_of(options.source, cache)
    return input_state(options, sources, history, timezone)


def _found_as_written(
    new_site: NewSite, carry_over: tuple[str, ...]
) -> Mapping[str, tuple[int, int]]:
    """The size and time of each file looked at in the new site before it was swapped in,
    but those under the names site.yml carries over, which may have replaced them."""
    return {
        path: status
        for path, status in new_site.found.items()
        if path.split("/", 1)[0] not in carry_over
    }


def _splice_and_index(
    options: BuildOptions,
    sources: Sources,
    state: InputState,
    edited: BodyEdits,
    cache: BuildCache,
    new_site: NewSite,
    as_written: Future[bool],
    deletions: Deletions,
) -> tuple[BuildResult, IndexUpdate | None, Path | None] | None:
    """The site after edits to meetings' bodies (`splice_body_edits`), with its search index
    and the Pagefind that made it; None unless the splice holds and every file the last
    build wrote is as it was written (`as_written`, found in a process of its own since the
    build started, and awaited while Pagefind indexes the edited meetings' shards: a changed
    site throws the index away)."""
    result = splice_body_edits(options, sources, state, edited, cache)
    if result is None:
        return None
    assert result.config is not None
    executable = pagefind_executable() if result.config.search else None
    if executable is None:
        return (result, None, None) if as_written.result() else None
    with ThreadPoolExecutor(max_workers=1) as pool:
        pages = PagesMade(result.files, result.streamed, result.kept)
        last = last_index(cache, options.output.absolute())
        language = result.config.language
        indexing = pool.submit(
            _search_index,
            pages,
            options,
            last,
            new_site,
            executable,
            language,
            edited,
            deletions.delete,
        )
        if not as_written.result():
            indexing.cancel()
            wait([indexing])  # its error, if any, is not this build's: it follows the model
            return None
        return result, indexing.result(), executable


def _as_written_in_background(last: Standing, output: Path) -> Future[bool]:
    """`reuse.as_written(last, output)`, found in a process of its own."""
    return answer_in_fork(lambda: reuse.as_written(last, output))


def _marker_if_as_written(
    last: Standing | None, as_written: Future[bool] | None
) -> Callable[[], tuple[int, ...] | None] | None:
    """The last build's marker, asked for when the plan needs it, if that build's files
    were all found as written (`as_written`), for the plan to keep them without a second
    look."""
    if last is None or as_written is None:
        return None
    return lambda: last.marker if as_written.result() else None


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
    built-in templates (a site theme's own could show the body in other ways; its static
    files, such as `extra_css`'s stylesheets, show none), no other file
    recorded as reading the meeting, the day git last saw each file edited (so its count of days)
    the same, both bodies free of problems with the same first paragraph (the summary lists
    show, unless the meeting gives its own), the same ids (other notes' #anchors) and both or
    neither opening with a "Discussion" heading of their own, the new body's links good, and
    the old body's HTML in each file exactly once."""
    last = edited.last_build
    if edited.paths != edited.documents.keys():
        return None
    manifest = reuse.last_manifest(options.output, cache)
    if manifest is None or manifest.marker != last.marker:
        return None
    if last.config is None:
        return None
    config = config_from_cache(dict(last.config))  # site.yml and the options are as they were
    if (options.source / THEMES_FOLDER / config.site_theme / "templates").exists():
        return None  # (a theme of static files alone, extra_css's or a logo, shows no body)
    note_urls = _published_notes(sources, manifest.pages)
    meetings = [path for path, kind in sources.found if kind is Kind.MEETING]
    renderer = BodyRenderer(config.allow_html, note_urls, (p for p in meetings if p in note_urls))
    output, base = options.output, config.base_url
    outputs = {*manifest.pages, *manifest.others}

    def written_page(written: str) -> bytes:  # a page as the last build wrote it
        return (output / written).read_bytes()

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
            return None  # its page shows the day it was last edited, its event the days
        old_doc, new_doc = edited.documents[path]
        if is_placeholder(old_doc.body) or is_placeholder(new_doc.body):
            return None  # the warning about `new meeting`'s placeholder comes or goes
        title = _title_of(new_doc)  # (the front matter, its title too, is as it was)
        old = renderer.render(BodySource(path, old_doc.body, old_doc.body_line, url, title))
        new = renderer.render(BodySource(path, new_doc.body, new_doc.body_line, url, title))
        if old.problems or new.problems:
            return None
        if old.first_paragraph != new.first_paragraph and not _own_summary(new_doc):
            return None  # the summary the lists, feeds and calendars show
        if ids_in(old.html.encode()) != ids_in(new.html.encode()):
            return None
        if body_heading(old.html) != body_heading(new.html):
            return None  # the page's and the feeds' own heading over the body changes
        if check_body_links({path: new}, outputs, sources.published.keys, note_urls, written_page):
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
        cache.put(MEETING_DOCUMENTS, str(sources.keys.keys[path]), document_entry(new_doc))
    cache.keep_read(MEETING_DOCUMENTS)
    plan = reuse.splice_plan(manifest, output, made, changed)
    pages = {urls.output_file(note_urls[path]): path for path in edited.paths}
    sources_of = {page: path for page, path in pages.items() if page in made}
    return BuildResult(
        config,
        made,
        last.warnings,
        sources_of,
        notes=tuple(note for note in last.notes if note.startswith(DRAFTS_NOTED)),
        cache=cache_report(cache, plan),
        plan=plan,
    )


def _title_of(doc: SourceDoc) -> str:
    """A meeting's title as its front matter gives it ("" for none), which its page shows
    over its body (see `BodySource`)."""
    front = doc.front.value
    title = front.get("title") if isinstance(front, dict) else None
    return title if isinstance(title, str) else ""


def _own_summary(doc: SourceDoc) -> bool:
    """Whether a meeting's front matter gives its summary (else its body's first paragraph
    is the summary that lists show)."""
    front = doc.front.value
    summary = front.get("summary") if isinstance(front, dict) else None
    return isinstance(summary, str) and bool(summary.strip())


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
