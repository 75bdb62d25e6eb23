"""Render the model to files, {output path: bytes}: pages, static files, feeds, calendars,
exports and the sitemap.

Markdown bodies go through `markup` (link problems are collected; bodies the cache holds are
reused), pages through Jinja with autoescape and StrictUndefined. Files the last build made
from the same inputs are left out when asked (see `reuse`). A site overrides any template or
static file by putting one of the same name in themes/NAME/.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import jinja2

from generator.content.crossref import Indexes
from generator.content.load import LoadError, read_content_file
from generator.content.model import Site
from generator.engine.cache import MARKDOWN, BuildCache, content_key
from generator.engine.parallel import map_indexed
from generator.errors import ContentError, Problem
from generator.site import reuse, urls
from generator.site.calendars import calendar_files
from generator.site.exports import export_files
from generator.site.feeds import feed_files
from generator.site.markup import (
    Fragment,
    Markup,
    check_body_links,
    fragment_from_cache,
    fragment_to_cache,
)
from generator.site.pages import ActionRow, MeetingCard, Page, Views, build_pages, common_context
from generator.site.reuse import Plan
from generator.site.sitemap import sitemap_files

BUILTIN_THEME = Path(__file__).parent.parent / "themes" / "default"


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]
    problems: tuple[Problem, ...]
    sources: dict[str, str]  # output path -> the content file it was made from
    views: Views  # the model the pages were made from (serve keeps it for quick updates)
    plan: Plan | None = None  # the files kept from the last build, when asked to keep any
    streamed: tuple[str, ...] = ()  # pages written by the sink as they rendered (not in files)


class PageSink(Protocol):
    """Where pages go as they render (see `render_site`): `start` runs in this process,
    `write` in whichever process rendered the page."""

    def start(self) -> None: ...

    def write(self, relative: str, data: bytes) -> None: ...

    def read(self, relative: str) -> bytes: ...


def theme_dirs(site: Site) -> list[Path]:
    """The site's own theme first, then the built-in default."""
    own = site.settings.source / "themes" / site.settings.site.site_theme
    dirs = [own] if own.is_dir() else []
    if not own.is_dir() or own.resolve() != BUILTIN_THEME.resolve():
        dirs.append(BUILTIN_THEME)
    return dirs


def make_environment(site: Site) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(d / "templates")) for d in theme_dirs(site)]
    )
    return ThemeEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build (serve makes a new one when a template changes):
        # checking each template file's time on every page is a system call per page.
        auto_reload=False,
    )


# The built-in theme's macros whose output depends only on their arguments, each with the
# record it shows when that record appears on many pages: a tracker row (an action is on the
# tracker, its filters and its themes' pages) and a meeting card (on the home and theme pages).
SHARED_ROWS: dict[str, type] = {"action_row": ActionRow, "meeting_card": MeetingCard}
_MACROS_FILE = BUILTIN_THEME / "templates" / "_macros.html"


class RowMemo:
    """Each shared row rendered once per process for the same arguments, and reused.

    Only the built-in theme's macros are reused: a site theme that overrides `_macros.html`
    has its rows rendered every time, so a template never needs to know about this. The
    memory is bounded: past `limit` entries it starts afresh.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self._limit = limit
        self._made: dict[tuple[object, ...], object] = {}
        self._builtin: dict[object, bool] = {}  # macro code -> from the built-in theme

    def covers(self, macro: jinja2.runtime.Macro, args: tuple[object, ...]) -> bool:
        shown = SHARED_ROWS.get(macro.name)
        if shown is None or not args or type(args[0]) is not shown:
            return False
        code = macro._func.__code__
        builtin = self._builtin.get(code)
        if builtin is None:
            builtin = self._builtin[code] = (
                Path(code.co_filename).resolve() == _MACROS_FILE.resolve()
            )
        return builtin

    def render(
        self, macro: jinja2.runtime.Macro, args: tuple[object, ...], make: Callable[[], object]
    ) -> object:
        key = (macro.name, *args)
        made = self._made.get(key)
        if made is None:
            made = make()
            if len(self._made) >= self._limit:
                self._made.clear()
            self._made[key] = made
        return made


class _SharedRowsContext(jinja2.runtime.Context):
    """A template context that takes shared rows from the environment's `RowMemo`."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, jinja2.runtime.Macro) and __obj.name in SHARED_ROWS:
            memo: RowMemo = __self.environment.rows  # type: ignore[attr-defined]
            if memo.covers(__obj, args) and kwargs.keys() <= {"_loop_vars", "_block_vars"}:
                return memo.render(__obj, args, partial(super().call, __obj, *args, **kwargs))
        return super().call(__obj, *args, **kwargs)


class ThemeEnvironment(jinja2.Environment):
    """Jinja, with the built-in theme's shared rows rendered once (see `RowMemo`)."""

    context_class = _SharedRowsContext

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.rows = RowMemo()


@dataclass(frozen=True)
class BodySource:
    """A Markdown body and the page it is shown on."""

    path: str
    body: str
    body_line: int
    page_url: str


def body_sources(site: Site) -> list[BodySource]:
    found = [BodySource(m.path, m.body, m.body_line, urls.meeting(m.slug)) for m in site.meetings]
    found += [BodySource(t.path, t.body, t.body_line, urls.theme(t.slug)) for t in site.themes]
    p = site.principles
    found.append(BodySource(p.path, p.body, p.body_line, urls.principles()))
    return found


def render_bodies(
    site: Site, cache: BuildCache, sources: list[BodySource] | None = None
) -> dict[str, Fragment]:
    """Each content file's body (or just `sources`) as HTML for the page that shows it, reused
    from the cache when the body, its page and everything its links point at are unchanged."""
    sources = body_sources(site) if sources is None else sources
    markup = Markup(allow_html=site.settings.site.allow_html)
    note_urls = urls.source_urls(site)
    base = site.settings.site.base_url
    meeting_paths = {m.path for m in site.meetings}
    html_setting = "html" if site.settings.site.allow_html else "safe"
    # A body that links to notes by file name depends on where every note is published.
    links_key = content_key("\n".join(f"{path}\t{url}" for path, url in sorted(note_urls.items())))

    def key_of(source: BodySource) -> str:
        absolute_base = base if source.path in meeting_paths else ""
        return content_key(
            MARKDOWN,
            source.path,
            str(source.body_line),
            source.page_url,
            html_setting,
            absolute_base,
            links_key if ".md" in source.body else "",
            source.body,
        )

    def render_body(source: BodySource) -> Fragment:
        return markup.render(
            source.body,
            source_path=source.path,
            body_line=source.body_line,
            page_url=source.page_url,
            note_urls=note_urls,
            absolute_base=base if source.path in meeting_paths else None,
        )

    # Keys are cheap: made here, so that a warm build forks no workers to find its hits.
    keys = [key_of(source) for source in sources]
    missing = [index for index, key in enumerate(keys) if not cache.has(MARKDOWN, key)]
    made = map_indexed(lambda i: render_body(sources[missing[i]]), len(missing), site.settings.jobs)
    rendered: dict[int, Fragment] = dict(zip(missing, made, strict=True))
    bodies: dict[str, Fragment] = {}
    for index, (source, key) in enumerate(zip(sources, keys, strict=True)):
        fragment = rendered.get(index) or cache.take(MARKDOWN, key, fragment_from_cache)
        if fragment is None:  # a damaged cache entry
            fragment = rendered[index] = render_body(source)
        if index in rendered:
            cache.put(MARKDOWN, key, fragment_to_cache(fragment))
        bodies[source.path] = fragment
    return bodies


def summaries(site: Site, bodies: dict[str, Fragment]) -> dict[str, str]:
    """Each meeting's summary: its own, else the first paragraph of its body."""
    return {m.slug: m.summary or bodies[m.path].first_paragraph for m in site.meetings}


def _no_progress(done: int, total: int) -> None:
    """The default progress report: none."""


def render_site(
    site: Site,
    indexes: Indexes,
    progress: Callable[[int, int], None] = _no_progress,
    cache: BuildCache | None = None,
    last_output: Path | None = None,
    sink: PageSink | None = None,
) -> Rendered:
    """Every output file; `progress(done, total)` is told after each page.

    With `last_output` (the output directory), pages, feeds, calendars and exports whose inputs
    are as in the last build there are not made: `plan.kept` lists them, for the writer to
    take from there.
    When no page is kept, each page is written to `sink` as soon as it is rendered, by the
    worker that rendered it, and left out of `files`: a cold build's pages then never travel
    back to this process, and the workers write while others render.
    """
    cache = cache or BuildCache.disabled()
    bodies = render_bodies(site, cache)
    problems = [p for fragment in bodies.values() for p in fragment.problems]
    summary_of = summaries(site, bodies)
    views = Views(site, indexes, bodies, summary_of, urls.owner_urls(indexes))
    env = make_environment(site)
    files: dict[str, bytes] = {}
    made_by: dict[str, Page] = {}
    pages = []
    for page in build_pages(views):
        path = urls.output_file(page.url)
        if path in made_by:
            problems.append(url_collision(made_by[path], page))
            continue
        made_by[path] = page
        pages.append(page)
    plan = None
    if last_output is not None:
        plan = reuse.plan(views, pages, _stamp(site, bodies), last_output, cache)
    wanted = [p for p in pages if urls.output_file(p.url) not in plan.kept] if plan else pages
    stream = sink if sink is not None and not (plan and plan.kept) else None
    if stream is not None:
        stream.start()

    def render_one(index: int) -> bytes | None:
        data = render_page(env, site, wanted[index])
        if stream is None:
            return data
        stream.write(urls.output_file(wanted[index].url), data)
        return None

    rendered = map_indexed(
        render_one, len(wanted), site.settings.jobs, lambda done: progress(done, len(wanted))
    )
    streamed = []
    for page, data in zip(wanted, rendered, strict=True):
        if data is None:
            streamed.append(urls.output_file(page.url))
        else:
            files[urls.output_file(page.url)] = data
    files.update(static_files(site))
    files.update(sitemap_files(site.settings.site, pages))
    kept = plan.kept if plan else {}
    files.update(feed_files(site, indexes, bodies, summary_of, leave_out=kept))
    files.update(calendar_files(site, indexes, summary_of, kept))
    files.update(export_files(site, indexes, kept))
    problems += publish_content_files(site, files, {*made_by, *kept})

    def page_bytes(path: str) -> bytes:
        if path in files:
            return files[path]
        if stream is not None:
            return stream.read(path)
        assert last_output is not None  # a page neither made nor streamed was kept
        return (last_output / path).read_bytes()

    outputs = {*files, *streamed, *kept}
    problems += check_body_links(
        bodies, outputs, site.files, urls.source_urls(site), lambda path: ids_in(page_bytes(path))
    )
    sources = {path: page.source for path, page in made_by.items() if page.source}
    return Rendered(
        dict(sorted(files.items())), tuple(problems), sources, views, plan, tuple(streamed)
    )


def publish_content_files(site: Site, files: dict[str, bytes], pages: set[str]) -> list[Problem]:
    """Add each content file that is not a note to `files`, at its path without `content/`;
    problems for one that cannot be read or would replace a page or file the site makes."""
    problems = []
    for path in site.files:
        published = path.removeprefix("content/")
        if published in files or published in pages:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"{path} would be published at /{published}, where the site puts one of "
                    "its own pages or files; move or rename it",
                )
            )
            continue
        try:
            files[published] = read_content_file(site.settings.source, path)
        except LoadError as error:
            problems.append(error.problem)
    return problems


_ID = re.compile(rb"""\s(?:id|name)=["']([^"']+)["']""")


def ids_in(page: bytes) -> set[str]:
    """The ids (and `<a name>`s) on a page, which #anchors can reach."""
    return {html.unescape(found.decode("utf-8", "replace")) for found in _ID.findall(page)}


def _stamp(site: Site, bodies: dict[str, Fragment]) -> str:
    theme_files = sorted(
        path for directory in theme_dirs(site) for path in directory.rglob("*") if path.is_file()
    )
    shared = [bodies[t.path].html for t in site.themes] + [bodies[site.principles.path].html]
    return reuse.site_stamp(site, theme_files, shared)


def url_collision(first: Page, second: Page) -> Problem:
    where = second.source or first.source or "site.yml"
    return Problem(
        where,
        1,
        1,
        f"{second.source or 'a generated page'} and {first.source or 'a generated page'} "
        f"would both be published at /{first.url}; rename one of them",
    )


def render_page(env: jinja2.Environment, site: Site, page: Page) -> bytes:
    context = {**common_context(site.settings.site, page), **page.make_context()}
    try:
        return env.get_template(page.template).render(context).encode("utf-8")
    except jinja2.TemplateError as error:
        raise ContentError([template_problem(site, page, error)]) from None


def template_problem(site: Site, page: Page, error: jinja2.TemplateError) -> Problem:
    """A template mistake, reported against the template file like a content error."""
    name = getattr(error, "name", None) or page.template
    line = getattr(error, "lineno", None) or 1
    where = next(
        (d / "templates" / name for d in theme_dirs(site) if (d / "templates" / name).is_file()),
        Path(name),
    )
    try:
        shown = where.resolve().relative_to(site.settings.source.resolve()).as_posix()
    except ValueError:
        shown = where.as_posix()
    return Problem(shown, line, 1, f"template error while rendering /{page.url}: {error.message}")


def static_files(site: Site) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for directory in reversed(theme_dirs(site)):  # the site's own theme wins
        static = directory / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[urls.static(path.relative_to(static).as_posix())] = path.read_bytes()
    return files
