"""Which page reads which part of the model, and which parts an edit changed.

serve and rebuilds use this to re-render only the pages an edit reaches. Each page depends on
keys: `meeting:SLUG` (the meeting's record, HTML body, summary, neighbours, last edit, summary of
changes since the meeting before, and the actions and decisions it names: what its own page
and feed entries show), `card:SLUG` (its title, date, summary and themes: what lists and links
show of it), `action:ID` (the action's title, themes, history and the titles and dates of the
meetings in it), `order` (which meetings there are, newest first), `dates` (every meeting's
date, which the theme timelines draw) and `actions` (which actions there are, in order, with
their statuses, owners, themes, due and closing dates: what every tracker page counts and
sorts by), `theme:SLUG` and `principle:ID` (which meetings are on the theme or discussed
the principle, newest first: which of them each of its pages shows), `decisions` (every
decision with the title and date of the meeting that made it, what replaced it and whether it
is due for review: what the register, decision pages and the decisions' files show). A page
that depends on
`always` is rendered every time (small pages that summarise everything). Themes, principles
and settings are not keys: serve builds everything after an edit to those files, and a build
keeps no page (see `incremental` and `reuse`).

The feeds, calendars and exports have keys too (`file_dependencies`): a rebuild keeps them
when none of theirs changed, as it keeps pages.

The map mirrors `pages.build_pages` and the files' makers; the tests check that an update or
rebuild made with it gives the same files as a build from nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import fields
from operator import attrgetter

from generator.content.crossref import Action, ActionEvent
from generator.content.model import Meeting
from generator.site import urls
from generator.site.calendars import ACTIONS_CALENDAR, MEETINGS_CALENDAR
from generator.site.exports import ACTIONS_CSV, ACTIONS_JSON, DECISIONS_CSV, DECISIONS_JSON
from generator.site.feeds import feed_meetings
from generator.site.pages import Views, action_lists, page_url, paginate, register_chunks

ALWAYS = "always"
ORDER = "order"
DATES = "dates"
ACTIONS = "actions"
DECISIONS = "decisions"
# A meeting's record but its Markdown: pages show the body as HTML, which is compared instead.
_RECORD = attrgetter(*(f.name for f in fields(Meeting) if f.name != "body"))


def meeting_key(slug: str) -> str:
    return f"meeting:{slug}"


def card_key(slug: str) -> str:
    return f"card:{slug}"


def action_key(action_id: str) -> str:
    return f"action:{action_id}"


def theme_key(slug: str) -> str:
    return f"theme:{slug}"


def principle_key(principle_id: str) -> str:
    return f"principle:{principle_id}"


def page_dependencies(views: Views) -> dict[str, frozenset[str]]:
    """Every page's URL (as in `pages.build_pages`) with the keys it reads."""
    return dict(_dependencies(views))


def _dependencies(views: Views) -> Iterator[tuple[str, frozenset[str]]]:
    site, idx = views.site, views.indexes
    meetings = idx.meetings_newest_first
    size = site.settings.site.page_size
    for number in range(1, max(1, -(-len(meetings) // size)) + 1):
        chunk = meetings[(number - 1) * size : number * size]
        keys = [ORDER, *(card_key(m.slug) for m in chunk)]
        if number == 1 and meetings:  # it opens with the latest meeting's summary of changes
            keys.append(meeting_key(meetings[0].slug))
        yield urls.home(number), frozenset(keys)
    for meeting in site.meetings:
        yield urls.meeting(meeting.slug), _meeting_page_keys(views, meeting.slug)
    size = site.settings.site.actions_page_size
    for pager, _ in paginate(urls.themes(), len(site.themes), size, ""):
        yield page_url(urls.themes(), pager), frozenset([ALWAYS])
    for theme in site.themes:
        yield from _theme_page_keys(views, theme.slug)
    for found in action_lists(views):
        for pager, start in paginate(found.url, len(found.actions), size, ""):
            chunk = found.actions[start : start + size]
            yield page_url(found.url, pager), frozenset([ACTIONS, *_action_keys(chunk)])
    for first, count in (
        (urls.owners(), len(idx.actions_by_owner)),
        (urls.tracker_themes(), len(idx.actions_by_theme)),
    ):
        for pager, _ in paginate(first, count, size, ""):
            yield page_url(first, pager), frozenset([ACTIONS])
    for action in idx.actions:
        yield urls.action(action.id), frozenset([action_key(action.id)])
    for url, *_ in register_chunks(views):
        yield url, frozenset([DECISIONS])
    for decision in idx.decisions:
        yield urls.decision(decision.id), frozenset([DECISIONS])
    yield urls.principles(), frozenset([ALWAYS])
    for principle in site.principles.principles:
        meetings = idx.meetings_by_principle.get(principle.id, ())
        if len(meetings) <= site.settings.site.page_size:
            continue
        first = urls.principle(principle.id)
        for pager, start in paginate(first, len(meetings), site.settings.site.page_size, ""):
            chunk = meetings[start : start + site.settings.site.page_size]
            keys = [principle_key(principle.id), *(card_key(m.slug) for m in chunk)]
            yield page_url(first, pager), frozenset(keys)
    yield urls.next_meeting(), frozenset([ALWAYS])  # the pack: small, and depends on the date
    if site.settings.site.search:
        yield urls.search(), frozenset([ALWAYS])
    yield urls.not_found(), frozenset([ALWAYS])


def file_dependencies(views: Views) -> dict[str, frozenset[str]]:
    """The feeds, calendars and exports (by output path) with the keys each reads.

    A feed shows its meetings whole; which meetings it carries is its set of keys (a change
    to that set is a change to the file). The meetings calendar shows what cards show, and
    the next meeting the latest one announces. The action calendar and exports show every
    action."""
    site, idx = views.site, views.indexes
    found = {
        path: frozenset(meeting_key(m.slug) for m in shown)
        for path, shown in feed_meetings(site, idx).items()
    }
    latest = [meeting_key(m.slug) for m in site.meetings[-1:]]
    cards = (card_key(m.slug) for m in site.meetings)
    found[MEETINGS_CALENDAR] = frozenset([ORDER, *cards, *latest])
    every_action = frozenset([ACTIONS, *_action_keys(idx.actions)])
    for path in (ACTIONS_CALENDAR, ACTIONS_JSON, ACTIONS_CSV):
        found[path] = every_action
    for path in (DECISIONS_JSON, DECISIONS_CSV, urls.decisions_feed()):
        found[path] = frozenset([DECISIONS])
    return found


def _action_keys(actions: tuple[Action, ...]) -> Iterator[str]:
    return (action_key(a.id) for a in actions)


def _theme_page_keys(views: Views, slug: str) -> Iterator[tuple[str, frozenset[str]]]:
    """A theme's pages: the first shows its timeline, latest meetings and outstanding
    actions; the others older meetings. Which meeting is on which page is `theme_key`."""
    idx, settings = views.indexes, views.site.settings.site
    meetings = idx.meetings_by_theme.get(slug, ())
    size = settings.page_size
    first_url = urls.theme(slug)
    for pager, start in paginate(first_url, len(meetings), size, ""):
        keys = [theme_key(slug), *(card_key(m.slug) for m in meetings[start : start + size])]
        if pager.number == 1:
            keys.append(DATES)
            keys.append(ACTIONS)
            shown = idx.outstanding_by_theme.get(slug, ())[: settings.actions_page_size]
            keys += _action_keys(shown)
            if slug in idx.decisions_by_theme:
                keys.append(DECISIONS)
        yield page_url(first_url, pager), frozenset(keys)


def _meeting_page_keys(views: Views, slug: str) -> frozenset[str]:
    idx = views.indexes
    neighbours = (idx.previous[slug], idx.next[slug])
    keys = [meeting_key(slug), *(card_key(m.slug) for m in neighbours if m)]
    keys += _action_keys(idx.raised_at[slug])
    keys += (action_key(a.id) for a, _ in idx.updated_at[slug])
    keys += _action_keys(idx.reported_back_at[slug])
    keys += _action_keys(idx.not_reported_back_at.get(slug, ()))
    if idx.decided_at.get(slug) or idx.superseded_at.get(slug):
        keys.append(DECISIONS)
    return frozenset(keys)


def changed_keys(old: Views, new: Views) -> set[str]:
    """The keys whose values differ between two versions of the model."""
    changed = {ALWAYS}
    if _order(old) != _order(new):
        changed.add(ORDER)
    if [m.date for m in old.site.meetings] != [m.date for m in new.site.meetings]:
        changed.add(DATES)
    for key, values in ((meeting_key, _meeting_values), (card_key, _card_values)):
        before, after = values(old), values(new)
        changed.update(
            key(slug)
            for slug in before.keys() | after.keys()
            if before.get(slug) != after.get(slug)
        )
    # An action is made from the meetings that name it: only those of edited meetings can differ.
    edited = _edited_meetings(old, new)
    candidates = _actions_named_at(old, edited) | _actions_named_at(new, edited)
    old_actions, new_actions = _action_values(old, candidates), _action_values(new, candidates)
    changed.update(
        action_key(action_id)
        for action_id in candidates
        if old_actions.get(action_id) != new_actions.get(action_id)
    )
    if _tracker_counts(old) != _tracker_counts(new):
        changed.add(ACTIONS)
    for key, values in ((theme_key, _theme_values), (principle_key, _principle_values)):
        before, after = values(old), values(new)
        changed.update(
            key(name)
            for name in before.keys() | after.keys()
            if before.get(name) != after.get(name)
        )
    if _decisions_value(old) != _decisions_value(new):
        changed.add(DECISIONS)
    return changed


def key_values(views: Views) -> dict[str, Hashable]:
    """Every key with what it stands for (a build compares their digests with the last one's)."""
    values: dict[str, Hashable] = {
        ORDER: tuple(_order(views)),
        DATES: tuple(m.date for m in views.site.meetings),
        ACTIONS: tuple(_tracker_counts(views)),
        DECISIONS: _decisions_value(views),
    }
    values.update((meeting_key(slug), v) for slug, v in _meeting_values(views).items())
    values.update((card_key(slug), v) for slug, v in _card_values(views).items())
    values.update((theme_key(slug), v) for slug, v in _theme_values(views).items())
    values.update((principle_key(p), v) for p, v in _principle_values(views).items())
    every_action = set(views.indexes.action_by_id)
    values.update((action_key(i), v) for i, v in _action_values(views, every_action).items())
    return values


def _tracker_counts(views: Views) -> list[Hashable]:
    """What the tracker's filters, counts and orders are made from."""
    return [
        (a.id, a.status, a.owners, a.themes, a.due, a.overdue, a.closed_on)
        for a in views.indexes.actions
    ]


def _theme_values(views: Views) -> dict[str, Hashable]:
    """What a theme key stands for: which meetings are on the theme, newest first."""
    return {
        slug: tuple(m.slug for m in found)
        for slug, found in views.indexes.meetings_by_theme.items()
    }


def _principle_values(views: Views) -> dict[str, Hashable]:
    """What a principle key stands for: which meetings discussed it, newest first."""
    return {
        pid: tuple(m.slug for m in found)
        for pid, found in views.indexes.meetings_by_principle.items()
    }


def _decisions_value(views: Views) -> Hashable:
    """What the `decisions` key stands for: every decision as any page or file shows it."""
    return tuple(
        (
            d.id,
            d.text,
            d.themes,
            d.principles,
            d.meeting.slug,
            d.meeting.title,
            d.meeting.date,
            d.supersedes,
            d.superseded_by,
            d.review,
            d.due_for_review,
        )
        for d in views.indexes.decisions
    )


def _order(views: Views) -> list[str]:
    return [m.slug for m in views.indexes.meetings_newest_first]


def _meeting_values(views: Views) -> dict[str, Hashable]:
    """What a meeting's key stands for: everything any page shows of it."""
    idx, edited = views.indexes, views.site.history.last_edited
    found: dict[str, Hashable] = {}
    for meeting in views.site.meetings:
        previous, following = idx.previous[meeting.slug], idx.next[meeting.slug]
        found[meeting.slug] = (
            _RECORD(meeting),
            views.bodies[meeting.path].html,
            views.summaries[meeting.slug],
            previous.slug if previous else None,
            following.slug if following else None,
            edited.get(meeting.path),
            idx.since_last.get(meeting.slug),
            _named_at(views, meeting.slug),
        )
    return found


def _named_at(views: Views, slug: str) -> Hashable:
    """The titles and states of the actions a meeting names, and the texts of the decisions
    it made and replaced: what its feed entries list."""
    idx = views.indexes
    replaced = idx.superseded_at.get(slug, ())
    return (
        tuple(a.title for a in idx.raised_at.get(slug, ())),
        tuple((a.id, a.title, e.status) for a, e in idx.updated_at.get(slug, ())),
        tuple((d.id, d.text) for d in (*idx.decided_at.get(slug, ()), *replaced)),
    )


def _card_values(views: Views) -> dict[str, Hashable]:
    """What a card key stands for: what lists and links show of a meeting (and the
    meetings calendar: its time and place)."""
    return {
        m.slug: (m.title, m.date, views.summaries[m.slug], m.themes, m.slot)
        for m in views.site.meetings
    }


def _event_value(e: ActionEvent) -> Hashable:
    meeting = e.meeting
    return (
        meeting.slug,
        meeting.title,
        meeting.date,
        e.is_raise,
        e.status,
        e.owners,
        e.due,
        e.note,
    )


def _edited_meetings(old: Views, new: Views) -> set[str]:
    """The slugs of meetings added, removed or changed in any way."""
    before = {m.slug: m for m in old.site.meetings}
    after = {m.slug: m for m in new.site.meetings}
    return {slug for slug in before.keys() | after.keys() if before.get(slug) != after.get(slug)}


def _actions_named_at(views: Views, slugs: set[str]) -> set[str]:
    idx = views.indexes
    found = {a.id for slug in slugs for a in idx.raised_at.get(slug, ())}
    return found | {a.id for slug in slugs for a, _ in idx.updated_at.get(slug, ())}


def _action_values(views: Views, ids: set[str]) -> dict[str, Hashable]:
    """What the keys of actions `ids` stand for."""
    by_id = views.indexes.action_by_id
    return {
        a.id: (
            a.title,
            a.themes,
            a.overdue,
            tuple(_event_value(e) for e in a.history),
        )
        for a in (by_id[i] for i in ids if i in by_id)
    }
