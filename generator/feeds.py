"""Atom feeds: every meeting at /feed.xml, and each theme's meetings at /themes/SLUG/feed.xml.

Every date comes from the content (a meeting's date), never the clock, so a rebuild of the same
notes gives the same bytes and feed readers see no false updates.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from generator import urls
from generator.crossref import Indexes
from generator.markup import Fragment
from generator.model import Meeting, Site

GENERATOR = "nominutes"
FEED_SIZE = 50  # the newest meetings; older ones are on the site and in meetings.ics
EPOCH = date(1970, 1, 1)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def feed_files(
    site: Site,
    indexes: Indexes,
    bodies: Mapping[str, Fragment],
    summaries: Mapping[str, str],
    showing: str | None = None,
    leave_out: Container[str] = (),
) -> dict[str, bytes]:
    """`bodies` are the rendered meeting bodies (with absolute links), by source path.

    With `showing` (a meeting's slug), only the feeds that carry that meeting are made;
    feeds in `leave_out` (kept from the last build) are not made.
    """
    files = {}
    for spec in _feeds(site, indexes):
        if spec.path in leave_out:
            continue
        if showing is None or any(m.slug == showing for m in spec.meetings):
            entries = [
                _Entry(m, summaries[m.slug], bodies[m.path].absolute_html) for m in spec.meetings
            ]
            files[spec.path] = _feed(site, spec.title, spec.path, spec.page_url, entries)
    return files


def feed_meetings(site: Site, indexes: Indexes) -> dict[str, Sequence[Meeting]]:
    """Each feed's output path with the meetings it carries, newest first."""
    return {spec.path: spec.meetings for spec in _feeds(site, indexes)}


@dataclass(frozen=True)
class _FeedSpec:
    path: str
    title: str
    page_url: str
    meetings: Sequence[Meeting]  # newest first, at most FEED_SIZE


def _feeds(site: Site, indexes: Indexes) -> Iterator[_FeedSpec]:
    title = site.settings.site.title
    yield _FeedSpec(urls.feed(), title, urls.home(), indexes.meetings_newest_first[:FEED_SIZE])
    for theme in site.themes:
        meetings = indexes.meetings_by_theme.get(theme.slug, ())
        yield _FeedSpec(
            urls.theme_feed(theme.slug),
            f"{title}: {theme.title}",
            urls.theme(theme.slug),
            meetings[:FEED_SIZE],
        )


@dataclass(frozen=True)
class _Entry:
    meeting: Meeting
    summary: str
    content: str


def _feed(site: Site, title: str, feed_url: str, page_url: str, entries: list[_Entry]) -> bytes:
    config = site.settings.site
    base = config.base_url
    from feedgen.feed import (
        FeedGenerator,
    )  # imported when a feed is made: a rebuild seldom makes one

    feed = FeedGenerator()
    feed.id(base + feed_url)
    feed.title(title)
    feed.subtitle(config.description or title)
    feed.link(href=base + page_url, rel="alternate")
    feed.link(href=base + feed_url, rel="self")
    feed.language(config.language)
    feed.generator(GENERATOR)
    feed.updated(_moment(entries[0].meeting.date if entries else EPOCH))
    titles = {t.slug: t.title for t in site.themes}
    for item in reversed(entries):  # feedgen prepends entries: add oldest first
        meeting = item.meeting
        url = base + urls.meeting(meeting.slug)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(meeting.title)
        entry.link(href=url, rel="alternate")
        entry.published(_moment(meeting.date))
        entry.updated(_moment(meeting.date))
        for author in meeting.authors or (config.title,):
            entry.author({"name": author})
        for label in (*meeting.categories, *(titles[s] for s in meeting.themes if s in titles)):
            entry.category(term=label)
        entry.summary(item.summary)
        entry.content(item.content, type="html")
    return feed.atom_str(pretty=True)
