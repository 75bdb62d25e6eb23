"""Atom feeds: every meeting at /feed.xml, and each theme's meetings at /themes/SLUG/feed.xml.

Every date comes from the content (a meeting's date), never the clock, so a rebuild of the same
notes gives the same bytes and feed readers see no false updates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from generator import urls
from generator.crossref import Indexes
from generator.markup import Markup
from generator.model import Meeting, Site

GENERATOR = "nominutes"
EPOCH = date(1970, 1, 1)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def feed_files(site: Site, indexes: Indexes) -> dict[str, bytes]:
    files = {
        urls.feed(): _feed(
            site, site.settings.site.title, urls.feed(), urls.home(), indexes.meetings_newest_first
        )
    }
    for theme in site.themes:
        meetings = indexes.meetings_by_theme.get(theme.slug, ())
        title = f"{site.settings.site.title}: {theme.title}"
        files[urls.theme_feed(theme.slug)] = _feed(
            site, title, urls.theme_feed(theme.slug), urls.theme(theme.slug), meetings
        )
    return files


def _feed(
    site: Site, title: str, feed_url: str, page_url: str, meetings: tuple[Meeting, ...]
) -> bytes:
    config = site.settings.site
    base = config.base_url
    feed = FeedGenerator()
    feed.id(base + feed_url)
    feed.title(title)
    feed.subtitle(config.description or title)
    feed.link(href=base + page_url, rel="alternate")
    feed.link(href=base + feed_url, rel="self")
    feed.language(config.language)
    feed.generator(GENERATOR)
    feed.updated(_moment(meetings[0].date if meetings else EPOCH))
    titles = {t.slug: t.title for t in site.themes}
    plain = Markup(allow_html=False)
    markup = Markup(allow_html=config.allow_html)
    note_urls = urls.source_urls(site)
    for meeting in reversed(meetings):  # feedgen prepends entries: add oldest first
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
        entry.summary(meeting.summary or plain.first_paragraph(meeting.body))
        body = markup.render(
            meeting.body,
            source_path=meeting.path,
            body_line=meeting.body_line,
            page_url=urls.meeting(meeting.slug),
            note_urls=note_urls,
            absolute_base=base,
        )
        entry.content(body.html, type="html")
    return feed.atom_str(pretty=True)
