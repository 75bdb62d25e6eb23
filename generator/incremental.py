"""Quick updates for `serve`: when only meeting bodies changed, re-render only what shows them.

A meeting's body appears on its own page and, with absolute links, in the feeds that carry the
meeting. Anything else (front matter, the first paragraph a summary is taken from, a link
problem, a file added or removed, a template or site.yml) can touch any page, so
`update_bodies` returns None and serve makes a full build (which the cache keeps quick).
The tests check that both ways give the same files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator import urls
from generator.cache import BuildCache
from generator.feeds import feed_files
from generator.load import Kind, LoadError, SourceDoc, read_document
from generator.model import Meeting
from generator.pages import Views, meeting_page
from generator.render import BodySource, render_bodies, render_page


@dataclass(frozen=True)
class LastBuild:
    """What serve keeps of its last good build."""

    docs: Mapping[str, SourceDoc]  # by source path
    files: Mapping[str, bytes]  # by output path
    views: Views
    environment: jinja2.Environment


@dataclass(frozen=True)
class Update:
    build: LastBuild
    written: tuple[str, ...]  # output paths whose bytes changed


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
        views = _with_new_body(views, meeting, doc, cache)
        if views is None:
            return None
        for path, data in _files_showing(views, meeting, last.environment).items():
            if files.get(path) != data:
                files[path] = data
                written.add(path)
    return Update(LastBuild(docs, files, views, last.environment), tuple(sorted(written)))


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
    views: Views, meeting: Meeting, doc: SourceDoc, cache: BuildCache
) -> Views | None:
    """The views with the meeting's new body, unless that changes more than its page."""
    page_url = urls.meeting(meeting.slug)
    wanted = [BodySource(doc.path, doc.body, doc.body_line, page_url)]
    fragment = render_bodies(views.site, cache, wanted)[doc.path]
    before = views.bodies[doc.path]
    if fragment.problems or before.problems:
        return None  # a full build reports them where they belong
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
