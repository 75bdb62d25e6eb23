"""The days a meeting is dated by where readers follow the site: the day it was published and
the day it was last updated, which its feed entries, its calendar event (DTSTAMP) and its
page's entry in the sitemap (`lastmod`) all give. Neither is ever after the build date, so a
meeting published ahead of its day is not dated by that day, and both come from the content,
git's history and the build date alone, never the clock."""

from __future__ import annotations

from datetime import date

from generator.content.agenda import latest_met
from generator.content.model import Meeting, Site


def dated_by_latest(site: Site, meeting: Meeting) -> bool:
    """Whether a meeting is published on the latest meeting held's day (`published_and_updated`):
    dated after the build date, in a file git has not seen by then."""
    today = site.settings.build_date
    added = site.history.first_added.get(meeting.path)
    return meeting.date > today and (added is None or added > today)


def published_and_updated(
    site: Site, meeting: Meeting, latest: Meeting | None
) -> tuple[date, date]:
    """When a meeting was published and last updated (`latest`: the latest meeting held by
    the build date). Published is the day it was announced: its own day, or the day git
    first saw its file if earlier (written ahead). A file git has not seen (no history, or
    not committed yet, or only after the build date) and dated after the build date takes
    the latest meeting's day: the build date itself would move its dates every day until
    the meeting, and a group announces its next meeting at or after the last one (on a site
    with no meeting held yet, the build date is all there is). Updated is the latest of
    that, its day once held (it no longer awaits its summary) and the day git last saw its
    file edited: of these, none after the build date."""
    today = site.settings.build_date
    added = site.history.first_added.get(meeting.path)
    if dated_by_latest(site, meeting):
        published = latest.date if latest is not None else today
    elif added is not None and added <= today:
        published = min(meeting.date, added)
    else:
        published = meeting.date
    edited = site.history.last_edited.get(meeting.path)
    since = [day for day in (meeting.date, edited) if day is not None and day <= today]
    return published, max([published, *since])


def last_updated(site: Site, meeting: Meeting) -> date:
    """The day a meeting was last updated (see `published_and_updated`)."""
    latest = latest_met(site) if dated_by_latest(site, meeting) else None
    return published_and_updated(site, meeting, latest)[1]
