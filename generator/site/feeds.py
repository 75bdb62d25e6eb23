"""Atom feeds: every meeting at /feed.xml, each theme's meetings at /themes/SLUG/feed.xml, and
the decisions at /decisions/feed.xml.

Every date comes from the content and the build date (a meeting's date, the day git first and
last saw its file, the latest meeting held), never the clock, so a rebuild of the same notes on
the same day gives the same bytes and feed readers see no false updates; no entry is dated
after the build date (`dated`: the calendar and the sitemap date them so too). A meeting's
entry id is the address it was first published at (git's first name of its file), so a
renamed file is still one entry; and the feeds' and entries' ids are made from
`former_base_url`, where set, so a site that moved to a new address is still the same feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from html import escape

from generator.content.agenda import latest_met
from generator.content.crossref import (
    Action,
    ActionEvent,
    Decision,
    Indexes,
    event_before,
    handed_from,
    kept_at,
    listed_unchanged,
    refiled_by,
    reopens,
)
from generator.content.dated import dated_by_latest, published_and_updated
from generator.content.model import Meeting, Site, awaits_summary
from generator.site import urls
from generator.site.keys import DECISIONS, LATEST, FileOutput, decision_key, meeting_key
from generator.site.markup import Fragment, body_heading, feed_html, footnotes_in_english
from generator.site.pages import (
    SUMMARY_TO_COME,
    decision_reads,
    interface_lang,
    listed_as,
    long_date,
    members_lang,
    superseded_since,
    when_against,
)
from generator.site.wording import apart_from_stop, full_stop, quoted, sentence

GENERATOR = "nominutes"
FEED_SIZE = 50  # the newest meetings; older ones are on the site and in meetings.ics
EPOCH = date(1970, 1, 1)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def feed_outputs(
    site: Site, indexes: Indexes, bodies: Mapping[str, Fragment], summaries: Mapping[str, str]
) -> list[FileOutput]:
    """Every feed, reading the meetings it carries (`bodies` are the rendered meeting bodies,
    with absolute links, by source path)."""
    found = [
        FileOutput(
            spec.path,
            frozenset(
                [
                    # the day a meeting published ahead was, without git's (`dated`):
                    # read only by a feed that carries one, so a meeting held leaves the rest
                    *([LATEST] if any(dated_by_latest(site, m) for m in spec.meetings) else []),
                    *(meeting_key(m.slug) for m in spec.meetings),
                    # the decisions the meetings reviewed, shown by their text (and those
                    # that replaced them since, by theirs)
                    *(
                        key
                        for m in spec.meetings
                        for key in decision_reads([d for d, _ in kept_at(indexes, m)])
                    ),
                ]
            ),
            partial(_meetings_feed, site, indexes, bodies, summaries, spec),
        )
        for spec in _feeds(site, indexes)
    ]
    # A theme's feed is written at the address of each slug it had before too, as it is:
    # a reader subscribed there goes on getting its meetings (its link to itself names the
    # address now, which a feed reader may move the subscription to).
    by_path = {out.path: out for out in found}
    found += [
        FileOutput(urls.theme_feed(old), now.reads, now.make)
        for old, slug in site.former_theme_slugs().items()
        if (now := by_path.get(urls.theme_feed(slug))) is not None
    ]
    decisions = partial(_decisions_feed, site, indexes)
    every = frozenset([DECISIONS, *(decision_key(d.id) for d in indexes.decisions)])
    found.append(FileOutput(urls.decisions_feed(), every, decisions))
    return found


def _meetings_feed(
    site: Site,
    indexes: Indexes,
    bodies: Mapping[str, Fragment],
    summaries: Mapping[str, str],
    spec: _FeedSpec,
) -> bytes:
    entries = [
        _Entry(m, summaries[m.slug], entry_html(site, indexes, m, bodies[m.path]))
        for m in spec.meetings
    ]
    return _feed(site, spec.title, spec.path, spec.page_url, entries)


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
class _Marks:
    """The `lang` attributes of an entry's HTML on a site in another language than English,
    as its pages mark them (`pages.interface_lang`): `own` on each part in nominutes' own
    (English) words, `theirs` on the members' words among them (a title, a name, a note);
    both "" on an English site, whose entries carry none."""

    own: str
    theirs: str

    @classmethod
    def of(cls, language: str) -> _Marks:
        own, theirs = interface_lang(language), members_lang(language)
        return cls(
            f' lang="{escape(own)}"' if own else "", f' lang="{escape(theirs)}"' if theirs else ""
        )


def entry_html(site: Site, indexes: Indexes, meeting: Meeting, body: Fragment) -> str:
    """A meeting's entry: what changed since the meeting before (with the principles
    suggested, reworded, agreed or retired, in the words they were given then), its summary (under a
    heading of its own after that, unless it opens with its own "Discussion"), then the
    decisions it made and reviewed and the actions it raised, updated and listed with nothing
    changed (each as its page lists it), linked to their pages. A meeting published ahead
    with the body `new meeting` wrote says its summary is to come, as its page does. On a
    site in another language, nominutes' words are marked English and the members' among
    them the site's language, as on its pages (`_Marks`)."""
    base = site.settings.site.base_url
    marks = _Marks.of(site.settings.site.language)
    own, theirs = marks.own, marks.theirs
    awaiting = awaits_summary(meeting, site.settings.build_date)
    parts = []
    since = indexes.since_last.get(meeting.slug)
    if since and since.previous and since.lines:
        items = "".join(f"<li>{escape(line)}</li>" for line in since.lines)
        listed = {p.id for p in site.principles.principles}

        def changed(pid: str, text: str, day: date) -> str:
            """A principle changed, in its words then (in quotes, as more words follow them),
            with when git saw the change."""
            href = escape(base + urls.principle_anchor(pid))
            link = f'“<a href="{href}"{theirs}>{escape(text)}</a>”'
            return f"{link} ({long_date(day).text}, {when_against(day, meeting.date)} this meeting)"

        reworded = "; ".join(
            changed(p.id, p.text, p.date) for p in since.reworded_alone if p.id in listed
        )
        suggested = "; ".join(
            changed(p.id, p.text, p.date) for p in since.suggested if p.id in listed
        )
        restated = "".join(
            f"<p{own}>{escape(status.capitalize())}: {'; '.join(links)}</p>"
            for status, given in since.restated_by_status
            if (links := [changed(p.id, p.text, p.date) for p in given if p.id in listed])
        )
        parts.append(
            f"<h2{own}>Since the last meeting</h2><ul{own}>{items}</ul>"
            + (f"<p{own}>Suggested: {suggested}</p>" if suggested else "")
            + (f"<p{own}>Reworded: {reworded}</p>" if reworded else "")
            + restated
            + (
                f"<h2>{heading}</h2>"
                if not awaiting and (heading := body_heading(body.html))
                else ""
            )
        )
    if awaiting:
        parts.append(f"<p{own}>{escape(SUMMARY_TO_COME)}</p>")
    else:  # its footnotes' words, nominutes', marked English as the rest of its own
        text = feed_html(body, base)
        parts.append(footnotes_in_english(text) if own else text)
    decided = indexes.decided_at.get(meeting.slug, ())
    if decided:
        items = "".join(_decided(base, indexes, d, theirs) for d in decided)
        parts.append(f"<h2{own}>Decided</h2><ul{own}>{items}</ul>")
    reviewed = kept_at(indexes, meeting)
    if reviewed:
        items = "".join(
            f'<li><a href="{escape(base + urls.decision(d.id))}"{theirs}>'
            f"{escape(apart_from_stop(d.text)[0])}</a> "
            f"(kept{_kept_since(base, indexes, d, kept.entry.review, theirs)})"
            f"{apart_from_stop(d.text)[1]}"
            + (f"<p{theirs}>{escape(kept.entry.note)}</p>" if kept.entry.note else "")
            + "</li>"
            for d, kept in reviewed
        )
        parts.append(f"<h2{own}>Decisions reviewed</h2><ul{own}>{items}</ul>")
    titles = {t.slug: t.title for t in site.themes}
    named = [
        *((a, "raised") for a in indexes.raised_at.get(meeting.slug, ())),
        *((a, _updated(a, e, titles, theirs)) for a, e in indexes.updated_at.get(meeting.slug, ())),
    ]
    due = {a.id for a in indexes.not_reported_back_at.get(meeting.slug, ())}
    ahead = meeting.date > site.settings.build_date  # (its key's "since" says so)
    named += [
        (a, escape(listed_as(a.id in due, ahead).lower()))
        for a in listed_unchanged(indexes, meeting)
    ]
    if named:
        # An action's title that ends in its own stop has it after the brackets, as a
        # decision's words have ("Write up the scenarios (raised).").
        items = "".join(
            f'<li><a href="{escape(base + urls.action(a.id))}"{theirs}>'
            f"{escape(apart_from_stop(a.title)[0])}</a> ({what}){apart_from_stop(a.title)[1]}</li>"
            for a, what in named
        )
        parts.append(f"<h2{own}>Actions</h2><ul{own}>{items}</ul>")
    return "\n".join(parts)


def _decided(base: str, indexes: Indexes, decision: Decision, theirs: str) -> str:
    """A decision a meeting's entry lists as made there, linked (HTML): one that replaced
    an earlier one says so before its own full stop, as the email says it ("We meet weekly
    (replaces: We meet every two weeks)."). `theirs`: the `lang` attribute of the members'
    words (see `_Marks`)."""
    href = escape(base + urls.decision(decision.id))
    replacing = _replacing(base, indexes, decision, theirs)
    words, closing = apart_from_stop(decision.text) if replacing else (decision.text, "")
    return f'<li><a href="{href}"{theirs}>{escape(words)}</a>{replacing}{closing}</li>'


def _replacing(base: str, indexes: Indexes, decision: Decision, theirs: str) -> str:
    """What a meeting's entry says after a decision it made that replaced an earlier one, as
    the email says it: " (replaces: …)", the replaced words without their full stop, or,
    its meeting not yet held, " (will replace … on 4 March 2024)"; "" for one that replaced
    none. `theirs`: the `lang` attribute of the members' words (see `_Marks`)."""
    replaced = indexes.decision_by_id.get(decision.supersedes or "")
    if replaced is None:
        return ""
    href = escape(base + urls.decision(replaced.id))
    link = f'<a href="{href}"{theirs}>{escape(apart_from_stop(replaced.text)[0])}</a>'
    if decision.in_force_from is not None:
        return f" (will replace {link} on {long_date(decision.in_force_from).text})"
    return f" (replaces: {link})"


def _updated(action: Action, event: ActionEvent, titles: Mapping[str, str], theirs: str) -> str:
    """What a meeting's entry says an update did, as its page's tables show it (HTML): the
    status it left the action in ("reopened", once done or dropped), whose it was before, if
    it handed it on ("in progress; handed on from Kwame Asante to Siân Evans"), and the
    themes it filed it under, if it filed it anew, as the action's page says ("done; now
    filed under Permission to engage"); the names and titles marked with `theirs`, the
    `lang` attribute of the members' words (see `_Marks`)."""

    def named(names: Iterable[str]) -> str:
        said = escape(", ".join(names))
        return f"<span{theirs}>{said}</span>" if theirs else said

    before = event_before(action, event)
    said = "reopened" if reopens(before, event) else escape(event.status.label.lower())
    taken = handed_from(before, event)
    if taken:
        to = f"to {named(event.owners)}" if event.owners else "with no owner now"
        said += f"; handed on from {named(taken)} {to}"
    themes = refiled_by(action, event)
    if themes is not None:
        filed = named(titles.get(slug, slug) for slug in themes) if themes else "no theme"
        said += f"; now filed under {filed}"
    return said


@dataclass(frozen=True)
class _Entry:
    meeting: Meeting
    summary: str
    content: str


def _new_feed(site: Site, title: str, feed_url: str, page_url: str, updated: date):  # type: ignore[no-untyped-def]
    config = site.settings.site
    base = config.base_url
    from feedgen.feed import (
        FeedGenerator,
    )  # imported when a feed is made: a rebuild seldom makes one

    feed = FeedGenerator()
    feed.id(config.id_base_url + feed_url)  # the address it moved from, if it moved
    feed.title(title)
    feed.subtitle(config.description or title)
    feed.link(href=base + page_url, rel="alternate")
    feed.link(href=base + feed_url, rel="self")
    feed.language(config.language)
    feed.generator(GENERATOR)
    feed.updated(_moment(updated))
    return feed


def _decisions_feed(site: Site, indexes: Indexes) -> bytes:
    """The newest decisions, each published on the date of the meeting that made it and
    updated on the date of the meeting that superseded it, if one has."""
    base = site.settings.site.base_url
    shown: tuple[Decision, ...] = indexes.decisions[:FEED_SIZE]
    title = f"{site.settings.site.title}: decisions"
    marks = _Marks.of(site.settings.site.language)
    entries = [_DecisionEntry.of(base, indexes, d, marks) for d in shown]
    updated = max((e.updated for e in entries), default=EPOCH)
    feed = _new_feed(site, title, urls.decisions_feed(), urls.decisions(), updated)
    titles = {t.slug: t.title for t in site.themes}
    for item in reversed(entries):  # feedgen prepends entries: add oldest first
        decision = item.decision
        _add_entry(
            feed,
            url=base + urls.decision(decision.id),
            first_url=site.settings.site.id_base_url + urls.decision(decision.id),
            title=decision.text,
            published=decision.meeting.date,
            updated=item.updated,
            authors=decision.meeting.authors or (site.settings.site.title,),
            categories=[titles[slug] for slug in decision.themes if slug in titles],
            summary=item.summary,
            content=item.content,
        )
    return feed.atom_str(pretty=True)


def _add_entry(  # type: ignore[no-untyped-def]
    feed,
    *,
    url: str,
    title: str,
    published: date,
    updated: date,
    authors: Iterable[str],
    categories: Iterable[str],
    summary: str,
    content: str,
    first_url: str | None = None,
) -> None:
    """An entry at the start of `feed` (feedgen's `add_entry`), whose id is the `url` it was
    first published at (`first_url`, if not `url`: under its first name, or at the address
    the site moved from); its `content` is HTML."""
    entry = feed.add_entry()
    entry.id(first_url or url)
    entry.title(title)
    entry.link(href=url, rel="alternate")
    entry.published(_moment(published))
    entry.updated(_moment(updated))
    for author in authors:
        entry.author({"name": author})
    for label in categories:
        entry.category(term=label)
    entry.summary(summary)
    entry.content(content, type="html")


@dataclass(frozen=True)
class _DecisionEntry:
    """What a decision's feed entry says of it: where and when it was made (and, its
    meeting not yet held, that it is in force from that day), what it replaced (will
    replace), when it is to be reviewed, each review that kept it since, and what
    superseded it, where and when (then its `updated` date); in plain words (`summary`) and
    as HTML with links (`content`), whose words are marked as a meeting's entry's are
    (`_Marks`)."""

    decision: Decision
    updated: date
    summary: str
    content: str

    @classmethod
    def of(cls, base: str, indexes: Indexes, decision: Decision, marks: _Marks) -> _DecisionEntry:
        own, theirs = marks.own, marks.theirs

        def link(text: str, url: str) -> str:
            return f'<a href="{escape(base + url)}"{theirs}>{escape(text)}</a>'

        meeting = decision.meeting
        made = long_date(meeting.date).text
        # the meetings named in quotes in the plain words, as the email and calendars name
        # them: "Decided at “Reporting back, and permission to engage” on 10 July 2013."
        words = [f"Decided at {quoted(meeting.title)} on {made}."]
        html = [f"Decided at {link(meeting.title, urls.meeting(meeting.slug))} on {made}."]
        ahead = decision.in_force_from is not None  # its meeting not yet held
        if ahead:
            words.append(f"Agreed ahead; in force from {made}.")
            html.append(f"Agreed ahead; in force from {made}.")
        if decision.supersedes:
            replaced = indexes.decision_by_id[decision.supersedes]
            if ahead:
                words.append(f"It will replace “{replaced.text}” on {made}.")
                html.append(
                    f"It will replace “{link(replaced.text, urls.decision(replaced.id))}” on "
                    f"{made}."
                )
            else:
                # in quotes, as "Superseded by “…”" and the will-replace line name a decision,
                # a sentence of its own whether or not its words end in a full stop
                words.append(f"It replaces {sentence(quoted(replaced.text))}")
                html.append(
                    f"It replaces {link(replaced.text, urls.decision(replaced.id))}"
                    + full_stop(replaced.text)
                )
        if decision.in_force and decision.review and not decision.reviews:
            # as its page says it: the review date its meeting set (a review since says its own)
            by = f"To be reviewed by {long_date(decision.review).text}."
            words.append(by)
            html.append(by)
        updated = meeting.date
        for review in decision.reviews:
            at, updated = review.meeting, review.meeting.date
            when = long_date(at.date).text
            kept = f"Reviewed and kept at {{}}, {when}" + _next_review(review.entry.review)
            words.append(kept.format(quoted(at.title)))
            html.append(kept.format(link(at.title, urls.meeting(at.slug))))
        if decision.superseded_by:
            successor = indexes.decision_by_id[decision.superseded_by]
            at, updated = successor.meeting, successor.meeting.date
            when = long_date(at.date).text
            said = "Superseded" if not decision.in_force else "To be superseded"  # written ahead
            words.append(f"{said} by “{successor.text}” at {quoted(at.title)}, {when}.")
            html.append(
                f"{said} by “{link(successor.text, urls.decision(successor.id))}” "
                f"at {link(at.title, urls.meeting(at.slug))}, {when}."
            )
        return cls(
            decision,
            updated,
            " ".join(words),
            "".join(f"<p{own}>{line}</p>" for line in html),
        )


def _kept_until(review: date | None) -> str:
    """What a meeting's entry says after "kept" of a decision it reviewed."""
    if review is None:
        return "; no further review set"
    return f"; to be reviewed again by {long_date(review).text}"


def _kept_since(
    base: str, indexes: Indexes, decision: Decision, review: date | None, theirs: str
) -> str:
    """What a meeting's entry says after "kept" of a decision it reviewed, as its page says
    it: what became of it since, once a later decision has replaced it ("; superseded since
    by … at Replacing, 10 March 2024", linked), else when it is to be reviewed again (HTML;
    `theirs`, the `lang` attribute of the members' words, see `_Marks`)."""
    successor = superseded_since(indexes, decision.id)
    if successor is None:
        return escape(_kept_until(review))
    at = successor.meeting
    return (
        f'; superseded since by “<a href="{escape(base + urls.decision(successor.id))}"{theirs}>'
        f"{escape(successor.text)}</a>” at "
        f'<a href="{escape(base + urls.meeting(at.slug))}"{theirs}>{escape(at.title)}</a>, '
        f"{long_date(at.date).text}"
    )


def _next_review(review: date | None) -> str:
    """How a review's entry ends: when the decision is to be reviewed again."""
    return _kept_until(review) + "."


def _feed(site: Site, title: str, feed_url: str, page_url: str, entries: list[_Entry]) -> bytes:
    config = site.settings.site
    base = config.base_url
    latest = latest_met(site)
    dates = {
        item.meeting.slug: published_and_updated(site, item.meeting, latest) for item in entries
    }
    updated = max((at for _, at in dates.values()), default=EPOCH)
    feed = _new_feed(site, title, feed_url, page_url, updated)
    titles = {t.slug: t.title for t in site.themes}
    for item in reversed(entries):  # feedgen prepends entries: add oldest first
        meeting = item.meeting
        _add_entry(
            feed,
            url=base + urls.meeting(meeting.slug),
            first_url=config.id_base_url + urls.meeting(site.history.first_slug(meeting)),
            title=meeting.title,
            published=dates[meeting.slug][0],
            updated=dates[meeting.slug][1],
            authors=meeting.authors or (config.title,),
            categories=[*meeting.categories, *(titles[s] for s in meeting.themes if s in titles)],
            summary=item.summary,
            content=item.content,
        )
    return feed.atom_str(pretty=True)
