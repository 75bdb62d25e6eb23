"""The pipeline, top to bottom: load, validate, cross-reference, render, write."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content.crossref import crossref
from generator.content.history import load_history
from generator.content.load import SourceDoc, load_site
from generator.content.model import BuildOptions
from generator.content.review import review
from generator.content.validate import remember_meetings, validate
from generator.engine.cache import (
    CACHE_DIR,
    CACHE_LOCK,
    DOCUMENTS,
    MARKDOWN,
    VALIDATED,
    BuildCache,
    CacheReport,
    tracked_by_git,
)
from generator.engine.locks import held, output_lock_path
from generator.engine.write import NewSite, check_output_dir, write_site
from generator.errors import ContentError, Problem, Severity, raise_if_errors
from generator.site.linkcheck import check_links
from generator.site.pages import Views
from generator.site.render import PageSink, render_site
from generator.site.reuse import Plan
from generator.site.reuse import record as record_pages
from generator.site.search import IndexUpdate, pagefind_executable, record_index, update_index
from generator.site.urls import check_collisions

Progress = Callable[[int, int], None]
SEARCH_MISSING = (
    "note: search is on in site.yml but pagefind is not installed "
    "(pip install 'pagefind[bin]'); the site was built without a search index"
)


def _quiet(done: int, total: int) -> None:
    """No progress report."""


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]
    keep_in_output: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    search: bool = False
    language: str = "en"  # what Pagefind is told the pages' language is
    notes: tuple[str, ...] = ()
    cache: CacheReport = field(default_factory=CacheReport)
    docs: tuple[SourceDoc, ...] = ()  # as loaded, for serve's quick updates
    views: Views | None = None
    plan: Plan | None = None  # files kept from the last build (their bytes are not in `files`)
    streamed: tuple[str, ...] = ()  # pages written into the new site as they rendered

    @property
    def written(self) -> tuple[str, ...]:
        """Every file in the new site: made now, streamed, or kept."""
        return (*self.files, *self.streamed, *self.kept)

    @property
    def kept(self) -> frozenset[str]:
        return frozenset(self.plan.kept) if self.plan else frozenset()


TRACKED_CACHE = (
    "warning: {cache} is tracked by git, so it was not read or written: a cache is made by "
    "each machine and never committed (git rm -r --cached {cache}; add it to .gitignore)"
)


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
    with_documents: bool = False,
    reuse_output: bool = False,
    sink: PageSink | None = None,
) -> BuildResult:
    """Everything up to the output: raises ContentError listing every problem.

    Parsed documents and rendered Markdown are reused from `cache` and added to it; the
    caller saves it. `with_documents` returns the loaded files too (serve compares edits with
    them); otherwise they are let go before rendering, to keep memory down.
    `reuse_output` leaves out the pages that the last build into the output directory made
    from the same inputs (see `reuse`). Pages go to `sink` as they are rendered, when
    none is kept (see `render_site`).
    """
    cache = cache or BuildCache.disabled()
    cache.start_build()
    loaded = load_site(options.source, options.jobs, cache, validated=not with_documents)
    site, problems = validate(loaded, options)
    docs = loaded.docs if with_documents else ()
    raise_if_errors(problems)
    if site is None:  # site.yml missing: validate reported it as an error
        raise ContentError(problems)
    remember_meetings(cache, site, loaded, problems)
    del loaded
    if site.settings.site.history:
        site = replace(site, history=load_history(options.source))
    indexes, action_problems = crossref(site)
    problems += action_problems + check_collisions(site, indexes)
    raise_if_errors(problems)
    problems += review(site, indexes)
    last_output = options.output if reuse_output else None
    rendered = render_site(site, indexes, progress, cache, last_output, sink)
    problems += rendered.problems
    raise_if_errors(problems)
    if any(p.fails(strict=options.strict) for p in problems):
        raise ContentError(
            replace(p, severity=Severity.ERROR) if p.fails(strict=True) else p for p in problems
        )
    return BuildResult(
        rendered.files,
        tuple(problems),
        site.settings.site.keep_in_output,
        rendered.sources,
        site.settings.site.search,
        site.settings.site.language,
        cache=_report(cache, rendered.plan),
        docs=docs,
        views=rendered.views,
        plan=rendered.plan,
        streamed=rendered.streamed,
    )


def _report(cache: BuildCache, plan: Plan | None) -> CacheReport:
    """What the cache gave: its tables, and the files (pages, feeds, calendars and exports)
    kept from the last build."""
    found = {entry[0]: entry for entry in cache.report().reused}
    tables = tuple(found[name] for name in (DOCUMENTS, VALIDATED, MARKDOWN) if name in found)
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
    return sorted([*result.warnings, *check_links(result.files, result.sources)])


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
        result.language,
    )


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    cache = open_cache(options)
    new_site = NewSite(options.output)  # filled as pages render, when none is kept
    try:
        result = make_site(options, progress, cache, reuse_output=options.cache, sink=new_site)
        executable = pagefind_executable() if result.search else None
        search = _search_index(result, options, cache, new_site, executable) if executable else None
        files, kept = result.files, result.kept
        if search:
            files = {**files, **search.files}
            kept = kept | frozenset(search.kept)
        write_site(files, options.output, result.keep_in_output, None, kept, new_site)
    except BaseException:
        new_site.discard()
        raise
    if result.plan:
        record_pages(result.plan, options.output, cache)
    if search:
        record_index(search, options.output, cache)
    cache.save()
    notes = result.notes
    if options.cache and cache.directory is None:
        notes += (TRACKED_CACHE.format(cache=options.source / CACHE_DIR),)
    if result.search and not executable:
        notes += (SEARCH_MISSING,)
    return replace(result, notes=notes)
