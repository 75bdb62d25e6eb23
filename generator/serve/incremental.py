"""Quick updates for `serve`: re-render only the pages an edit to meeting files reaches.

Two ways, tried in turn. When only meeting bodies changed, `update_bodies` re-renders each
meeting's page and the feeds that carry it. When meeting files changed in any other way (front
matter, a file added or removed), `update_meetings` validates and cross-references the whole
model again (quick, and it finds every error) and re-renders the pages whose inputs changed,
using the map in `dependencies`. An edit to a theme, the principles, site.yml or a template,
or one with a problem to report, returns None: serve then makes a full build (which the cache
keeps quick) that reports every problem where it belongs. The tests check that each way gives
the same files as a full build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from generator.content.crossref import crossref
from generator.content.load import MEETINGS_DIR, Kind, Loaded, LoadError, SourceDoc, read_document
from generator.content.model import BuildOptions, Meeting, Site
from generator.content.review import review
from generator.content.validate import validate
from generator.engine.cache import BuildCache
from generator.errors import Problem
from generator.site import urls
from generator.site.calendars import calendar_files
from generator.site.dependencies import (
    ALWAYS,
    action_key,
    changed_keys,
    file_dependencies,
    page_dependencies,
)
from generator.site.exports import ActionExport, export_files
from generator.site.feeds import feed_files
from generator.site.markup import Fragment, check_body_links
from generator.site.pages import ActionRow, Page, Views, build_pages, meeting_page
from generator.site.render import (
    BodySource,
    body_sources,
    ids_in,
    render_bodies,
    render_page,
    summaries,
)
from generator.site.sitemap import sitemap_files


@dataclass(frozen=True)
class LastBuild:
    """What serve keeps of its last good build."""

    docs: Mapping[str, SourceDoc]  # by source path
    files: Mapping[str, bytes]  # by output path
    views: Views
    environment: jinja2.Environment
    # Each page's dependency keys, once an update has worked them out (a body edit keeps them).
    dependencies: Mapping[str, frozenset[str]] | None = None
    # Each action as the exports show it, by id, once an update has made them.
    exported: Mapping[str, ActionExport] = field(default_factory=dict)

    def page_dependencies(self) -> Mapping[str, frozenset[str]]:
        return self.dependencies or page_dependencies(self.views)


@dataclass(frozen=True)
class Update:
    build: LastBuild
    written: tuple[str, ...]  # output paths whose bytes changed
    # Every warning of the updated site; None when the edit cannot have changed them.
    warnings: tuple[Problem, ...] | None = None


def update_bodies(
    last: LastBuild, source: Path, changed: Iterable[str], cache: BuildCache
) -> Update | None:
    """The site after edits to the bodies of `changed` meetings, or None if more changed."""
    edited = _edited_bodies(last, source, set(changed))
    if edited is None:
        return None
    meetings = {m.path: m for m in last.views.site.meetings}
    views, docs, files = last.views, dict(last.docs), dict(last.files)
    written: set[str] = set()
    for doc in edited:
        docs[doc.path] = doc
        meeting = meetings.get(doc.path)
        if meeting is None:  # a draft, which this build leaves out
            continue
        views = _with_new_body(views, meeting, doc, cache, files)
        if views is None:
            return None
        for path, data in _files_showing(views, meeting, last.environment).items():
            if files.get(path) != data:
                files[path] = data
                written.add(path)
    kept = LastBuild(docs, files, views, last.environment, last.dependencies, last.exported)
    return Update(kept, tuple(sorted(written)))


def _edited_bodies(last: LastBuild, source: Path, changed: set[str]) -> list[SourceDoc] | None:
    """The changed meeting files whose front matter is exactly as before (None otherwise)."""
    edited = []
    for path in sorted(changed):
        old = last.docs.get(path)
        if old is None or old.kind is not Kind.MEETING:
            return None
        try:
            doc = read_document(source.resolve(), path, Kind.MEETING)
        except LoadError:
            return None
        if doc.front != old.front or doc.body_line != old.body_line:
            return None
        if doc.body != old.body:
            edited.append(doc)
    return edited


def _with_new_body(
    views: Views, meeting: Meeting, doc: SourceDoc, cache: BuildCache, files: Mapping[str, bytes]
) -> Views | None:
    """The views with the meeting's new body, unless that changes more than its page or one
    of its links is wrong (then a full build reports it)."""
    page_url = urls.meeting(meeting.slug)
    wanted = [BodySource(doc.path, doc.body, doc.body_line, page_url)]
    fragment = render_bodies(views.site, cache, wanted)[doc.path]
    before = views.bodies[doc.path]
    if fragment.problems or before.problems:
        return None  # a full build reports them where they belong
    if ids_in(fragment.html.encode()) != ids_in(before.html.encode()):
        return None  # another note may link to a heading of this one
    if _link_problems(views.site, {doc.path: fragment}, files):
        return None
    if meeting.summary is None and fragment.first_paragraph != before.first_paragraph:
        return None  # the summary shows on lists, calendars and feeds
    return replace(views, bodies={**views.bodies, doc.path: fragment})


def _files_showing(
    views: Views, meeting: Meeting, environment: jinja2.Environment
) -> dict[str, bytes]:
    page = meeting_page(views, meeting)
    files = {urls.output_file(page.url): render_page(environment, views.site, page)}
    files.update(feed_files(views.site, views.indexes, views.bodies, views.summaries, meeting.slug))
    return files


def update_meetings(
    last: LastBuild, options: BuildOptions, changed: Iterable[str], cache: BuildCache
) -> Update | None:
    """The site after any edits to meeting files, or None if other files changed or there is
    a problem to report (a full build reports it)."""
    docs = _reloaded_meetings(last, options.source, set(changed))
    if docs is None:
        return None
    validated = _validated(last, options, docs)
    if validated is None:
        return None
    site, problems = validated
    indexes, more = crossref(site)
    problems += more + urls.check_collisions(site, indexes)
    bodies = _bodies(last.views, site, cache)
    if bodies is None or any(p.is_error for p in problems):
        return None
    owner_urls = urls.owner_urls(indexes)
    views = Views(site, indexes, bodies, summaries(site, bodies), owner_urls, rows={})
    dependencies = page_dependencies(views)
    rerendered = _rerendered(last, views, dependencies, cache)
    if rerendered is None:
        return None
    files, exported = rerendered
    link_problems = _link_problems(site, bodies, files)
    if any(p.is_error for p in link_problems):
        return None
    problems += link_problems
    written = {p for p in files.keys() | last.files.keys() if files.get(p) != last.files.get(p)}
    kept = LastBuild(docs, files, views, last.environment, dependencies, exported)
    warnings = sorted([*problems, *review(site, indexes)])
    warnings += [p for fragment in bodies.values() for p in fragment.problems]
    return Update(kept, tuple(sorted(written)), tuple(warnings))


def _link_problems(
    site: Site, bodies: Mapping[str, Fragment], files: Mapping[str, bytes]
) -> list[Problem]:
    """What `check_body_links` finds in `bodies`, with `files` the whole site."""

    def ids_of(path: str) -> set[str]:
        return ids_in(files[path])

    return check_body_links(bodies, files, site.files, urls.source_urls(site), ids_of)


def _is_meeting_file(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == MEETINGS_DIR and name.endswith(".md") and not name.startswith(".")


def _reloaded_meetings(
    last: LastBuild, source: Path, changed: set[str]
) -> dict[str, SourceDoc] | None:
    """The documents with the changed meeting files read again (None for any other file)."""
    if not changed or not all(_is_meeting_file(path) for path in changed):
        return None
    docs = dict(last.docs)
    for path in sorted(changed):
        if not (source / path).is_file():
            docs.pop(path, None)
            continue
        try:
            docs[path] = read_document(source.resolve(), path, Kind.MEETING)
        except LoadError:
            return None
    others = [doc for doc in docs.values() if doc.kind is not Kind.MEETING]
    meetings = sorted((doc for doc in docs.values() if doc.kind is Kind.MEETING), key=_path)
    return {doc.path: doc for doc in [*others, *meetings]}


def _path(doc: SourceDoc) -> str:
    return doc.path


def _validated(
    last: LastBuild, options: BuildOptions, docs: dict[str, SourceDoc]
) -> tuple[Site, list[Problem]] | None:
    """The site and its warnings; None when it has an error."""
    site, problems = validate(Loaded(tuple(docs.values()), ()), options, _unchanged(last, docs))
    if site is None or any(p.is_error for p in problems):
        return None
    # Git's view and the content files are as they were (an edit to either rebuilds all).
    same = replace(site, history=last.views.site.history, files=last.views.site.files)
    return same, problems


def _unchanged(last: LastBuild, docs: Mapping[str, SourceDoc]) -> dict[str, Meeting]:
    """The last build's meetings whose files were not read again. A body edit keeps the
    meeting's old Markdown in its record (only its HTML is new), so those are left out."""
    return {
        m.path: m
        for m in last.views.site.meetings
        if docs.get(m.path) is last.docs.get(m.path) and docs[m.path].body == m.body
    }


def _bodies(before: Views, site: Site, cache: BuildCache) -> dict[str, Fragment] | None:
    """Every body as HTML: the old HTML where the body and what its links point at are the
    same, the rest rendered again (None if that finds a problem)."""
    old_sources = {source.path: source for source in body_sources(before.site)}
    same_links = urls.source_urls(before.site) == urls.source_urls(site)
    bodies: dict[str, Fragment] = {}
    again: list[BodySource] = []
    for source in body_sources(site):
        if old_sources.get(source.path) == source and (same_links or ".md" not in source.body):
            bodies[source.path] = before.bodies[source.path]
        else:
            again.append(source)
    fresh = render_bodies(site, cache, again) if again else {}
    if any(fragment.problems for fragment in fresh.values()):
        return None
    return {**bodies, **fresh}


def _rerendered(
    last: LastBuild, views: Views, after: Mapping[str, frozenset[str]], cache: BuildCache
) -> tuple[dict[str, bytes], dict[str, ActionExport]] | None:
    """The files, with the pages an edit reached rendered again, and the actions as exported
    (None if two pages collide). `after` is each page's dependency keys in `views`."""
    before = last.page_dependencies()
    changed = changed_keys(last.views, views)
    if views.rows is not None:
        views.rows.update(_rows_unchanged(last.views, changed))
    files = dict(last.files)
    for url in before.keys() - after.keys():
        files.pop(urls.output_file(url), None)
    pages: list[Page] = []
    for page in build_pages(views):
        path = urls.output_file(page.url)
        reads_changed = not changed.isdisjoint(after.get(page.url, (ALWAYS,))) or not (
            changed.isdisjoint(before.get(page.url, ()))
        )
        if path not in last.files or reads_changed:
            files[path] = render_page(last.environment, views.site, page)
        pages.append(page)
    if len({urls.output_file(p.url) for p in pages}) != len(pages):
        return None
    site, indexes = views.site, views.indexes
    files.update(sitemap_files(site.settings.site, pages))
    unreached = _unreached(last, views, changed)
    files.update(feed_files(site, indexes, views.bodies, views.summaries, leave_out=unreached))
    files.update(calendar_files(site, indexes, views.summaries, unreached))
    # An action's export shows only the action: those the edit did not change are kept.
    exported = {i: e for i, e in last.exported.items() if action_key(i) not in changed}
    files.update(export_files(site, indexes, unreached, exported))
    return files, exported


def _rows_unchanged(before: Views, changed: set[str]) -> dict[tuple[str, str], ActionRow]:
    """The last update's tracker rows whose action did not change (a row shows nothing else,
    so it is not made again)."""
    rows = before.rows or {}
    return {key: row for key, row in rows.items() if action_key(key[1]) not in changed}


def _unreached(last: LastBuild, views: Views, changed: set[str]) -> set[str]:
    """The feeds, calendars and exports that show nothing an edit changed."""
    before, after = file_dependencies(last.views), file_dependencies(views)
    return {
        path
        for path, keys in after.items()
        if path in last.files and before.get(path) == keys and keys.isdisjoint(changed)
    }
