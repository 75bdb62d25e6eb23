"""What each key stands for (see `keys`), and which keys an edit changed.

A rebuild compares a digest of each key's value with the last build's (`key_values`); serve
compares two versions of the model (`changed_keys`). Either way, only the pages and files that
read a changed key are made again; the tests check that this gives the same files as a build
from nothing. Themes, principles and settings are not keys: an edit to them makes everything
again (see `render.site_stamp`). The build date is one (`today`): a new day makes again only
what shows it or changed with it (an action overdue now, a decision due for review).
"""

from __future__ import annotations

from collections.abc import Collection, Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import date
from operator import attrgetter, is_

from generator.content.agenda import latest_met
from generator.content.crossref import (
    Action,
    ActionEvent,
    Decision,
    SinceLast,
    event_before,
    listed_unchanged,
    overdue_runs,
    principles_as_then,
    principles_worded_on,
    refiled_by,
)
from generator.content.dated import dated_by_latest, last_updated
from generator.content.model import Meeting, announced_at, awaits_summary
from generator.site import urls
from generator.site.keys import (
    ACTIONS,
    ALWAYS,
    DECISION_THEMES,
    DECISIONS,
    LATEST,
    MONTHS,
    NEXT,
    ORDER,
    OWNERS,
    TODAY,
    action_key,
    action_list_key,
    card_key,
    decision_key,
    event_key,
    meeting_key,
    overdue_key,
    principle_key,
    theme_actions_key,
    theme_decisions_key,
    theme_key,
    updated_key,
)
from generator.site.pages import PageModel, owner_entries, pager_values, year_values

# A meeting's record but its Markdown: pages show the body as HTML, which is compared instead.
_RECORD = attrgetter(*(f.name for f in fields(Meeting) if f.name != "body"))


def changed_keys(old: PageModel, new: PageModel) -> set[str]:
    """The keys whose values differ between two versions of the model.

    Serve compares a version assembled after an edit with the last one, in which the
    meetings not edited are the very same records: a key that only edited meetings, or the
    actions and decisions they name, can change is compared for those alone.
    """
    changed = {ALWAYS}
    order_before, order_after = _order(old), _order(new)
    if order_before != order_after:
        changed.add(ORDER)
    if _months(old) != _months(new):
        changed.add(MONTHS)
    before, after = year_values(old), year_values(new)
    changed.update(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    if old.site.settings.build_date != new.site.settings.build_date:
        changed.add(TODAY)
    if old.next_ahead != new.next_ahead:
        changed.add(NEXT)
    if _latest(old) != _latest(new):
        changed.add(LATEST)
    edited = _edited_meetings(old, new)
    summarised = _summaries_changed(old, new)
    # An action is made from the meetings that name it: only those of edited meetings can differ.
    candidates = _actions_named_at(old, edited) | _actions_named_at(new, edited)
    candidates |= _actions_naming_owners_moved(old, new)
    reordered = order_before != order_after
    reached = _meetings_reached(old, new, edited | summarised, candidates, reordered)
    old_by_slug = {m.slug: m for m in old.site.meetings}
    new_by_slug = {m.slug: m for m in new.site.meetings}
    changed.update(
        meeting_key(slug)
        for slug in reached
        if _meeting_value(old, old_by_slug, slug) != _meeting_value(new, new_by_slug, slug)
    )
    changed.update(_overdue_changed(old, new))
    cards = edited | summarised
    before, after = _card_values(old, cards), _card_values(new, cards)
    changed.update(card_key(slug) for slug in cards if before.get(slug) != after.get(slug))
    # a meeting's event is the one the meetings that announced its day made: reached by theirs
    days = _days_of(old, edited) | _days_of(new, edited)
    events = cards | _announcement_reach(old, edited, days) | _announcement_reach(new, edited, days)
    redated = _redated(old, new)
    events |= redated
    before, after = _calendar_event_values(old, events), _calendar_event_values(new, events)
    changed.update(event_key(slug) for slug in events if before.get(slug) != after.get(slug))
    updated = cards | redated
    before, after = _updated_values(old, updated), _updated_values(new, updated)
    changed.update(updated_key(slug) for slug in updated if before.get(slug) != after.get(slug))
    old_actions, new_actions = _action_values(old, candidates), _action_values(new, candidates)
    changed.update(
        action_key(action_id)
        for action_id in candidates
        if old_actions.get(action_id) != new_actions.get(action_id)
    )
    if _tracker_changed(old, new, candidates) or old.owner_urls.count != new.owner_urls.count:
        changed.add(ACTIONS)
    if owner_entries(old) != owner_entries(new):
        changed.add(OWNERS)
    before, after = _changed_action_lists(old, new)
    changed.update(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    for key, values, lists in (
        (theme_key, _theme_values, ("meetings_by_theme",)),
        (theme_actions_key, _theme_action_values, _THEME_ACTIONS),
        (theme_decisions_key, _theme_decision_values, ("decisions_by_theme",)),
        (principle_key, _principle_values, ("meetings_by_principle",)),
    ):
        # A value is made from its entries of these lists: the very same ones, the same value.
        only = entries_differ(old, new, lists) if old.site.themes == new.site.themes else None
        before, after = values(old, only), values(new, only)
        changed.update(
            key(name)
            for name in before.keys() | after.keys()
            if before.get(name) != after.get(name)
        )
    before, after = pager_values(old), pager_values(new)
    changed.update(key for key, pages in after.items() if before.get(key) != pages)
    old_decisions, new_decisions = old.indexes.decisions, new.indexes.decisions
    # The very same decisions in the same order have the same places (see `_decision_value`).
    if not _the_very_same(old_decisions, new_decisions) and _decisions_value(
        old
    ) != _decisions_value(new):
        changed.add(DECISIONS)
    if tuple(old.indexes.decisions_by_theme) != tuple(new.indexes.decisions_by_theme):
        changed.add(DECISION_THEMES)
    before = {d.id: d for d in old_decisions}
    after = {d.id: d for d in new_decisions}
    # git's history gives the words of the principles a decision cites, at its meeting
    reworded = old.site.history is not new.site.history
    changed.update(
        decision_key(i)
        for i in before.keys() | after.keys()
        if ((b := before.get(i)) is not (a := after.get(i)) or reworded)
        and (b is None or a is None or _decision_value(old, b) != _decision_value(new, a))
    )
    return changed


def _latest(model: PageModel) -> str | None:
    """What the `latest` key stands for: the slug of the latest meeting held, if one is."""
    latest = latest_met(model.site)
    return None if latest is None else latest.slug


def _redated(old: PageModel, new: PageModel) -> set[str]:
    """The meetings whose day last updated (`dated.last_updated`) may have moved though
    neither they nor git's history did: every one on a new build date (an edit dated after
    it counts from its day), or else, when the latest meeting held changed, those dated by
    its day (`dated.dated_by_latest`), the last of the meetings (those dated ahead)."""
    if old.site.settings.build_date != new.site.settings.build_date:
        return {m.slug for m in new.site.meetings}
    if _latest(old) == _latest(new):
        return set()
    found = set()
    for model in (old, new):
        site = model.site
        for meeting in reversed(site.meetings):
            if meeting.date <= site.settings.build_date:
                break
            if dated_by_latest(site, meeting):
                found.add(meeting.slug)
    return found


def _the_very_same(before: Sequence[object], after: Sequence[object]) -> bool:
    """Whether two lists hold the very same objects in the same order."""
    return len(before) == len(after) and all(map(is_, before, after))


def _meetings_reached(
    old: PageModel, new: PageModel, edited: set[str], actions: set[str], reordered: bool
) -> set[str]:
    """The meetings whose key can have changed (see `_meeting_values`): those edited (or
    whose summary changed); those that name an action an edited meeting names (its title
    and states) or replace a decision an edited meeting made (its text); and those whose
    meetings before and after, body, last edit or "since the last meeting" differ (the very
    same objects are the same)."""
    reached = set(edited)
    for model in (old, new):
        idx = model.indexes
        by_id = idx.action_by_id
        reached.update(e.meeting.slug for i in actions if i in by_id for e in by_id[i].history)
        made = {d.id for slug in edited for d in idx.decided_at.get(slug, ())}
        if made:
            reached.update(
                slug
                for slug, replaced in idx.superseded_at.items()
                if any(d.id in made for d in replaced)
            )
    if reordered:  # the meetings whose neighbours changed
        before, after = old.indexes, new.indexes
        reached.update(
            slug
            for m in new.site.meetings
            if (
                before.previous.get(slug := m.slug) is not after.previous.get(slug)
                or before.next.get(slug) is not after.next.get(slug)
            )
            and _neighbours(old, slug) != _neighbours(new, slug)
        )
    if old.site.history is not new.site.history:
        reached.update(m.slug for m in new.site.meetings)
    # a meeting published ahead with the body `new meeting` wrote shows it from its day
    before, after = old.site.settings.build_date, new.site.settings.build_date
    if before != after:  # (the same day: the same for every meeting)
        reached.update(
            m.slug
            for m in new.site.meetings
            if awaits_summary(m, before) is not awaits_summary(m, after)
        )
    old_bodies, new_bodies = old.bodies, new.bodies
    old_since, new_since = old.indexes.since_last, new.indexes.since_last
    for meeting in new.site.meetings:
        slug, path = meeting.slug, meeting.path
        if old_bodies.get(path) is not new_bodies[path] or (
            (since := old_since.get(slug)) is not (now := new_since.get(slug))
            and _since(since) != _since(now)
        ):
            reached.add(slug)
    return reached


def _neighbours(model: PageModel, slug: str) -> tuple[str | None, str | None]:
    previous, following = model.indexes.previous.get(slug), model.indexes.next.get(slug)
    return (previous.slug if previous else None, following.slug if following else None)


# What pages show of "since the last meeting": its counts and the principles reworded (the
# meeting before is shown by its title and link, which its card key stands for), and whether
# the meeting is held yet (`ahead`: until its day, it counts nothing still overdue).
_SINCE = attrgetter(*(f.name for f in fields(SinceLast) if f.name != "previous"))


def _since(since: SinceLast | None) -> Hashable:
    return None if since is None else _SINCE(since)


def _overdue_values(model: PageModel) -> dict[str, Hashable]:
    """What each meeting's `overdue` key stands for: the ids and titles of the actions
    still overdue that its "since the last meeting" names."""
    named = model.overdue_named
    return {overdue_key(m.slug): _named(named.get(m.slug, ())) for m in model.site.meetings}


def _overdue_changed(old: PageModel, new: PageModel) -> set[str]:
    """The `overdue` keys whose values differ (see `_overdue_values`): a meeting's in one
    model only, or one that names overdue actions in either model, named differently; a
    meeting that names none in either has the same empty value in both."""
    before, after = old.overdue_named, new.overdue_named
    slugs = {m.slug for m in old.site.meetings} ^ {m.slug for m in new.site.meetings}
    slugs.update(
        slug
        for slug in before.keys() | after.keys()
        if _named(before.get(slug, ())) != _named(after.get(slug, ()))
    )
    return {overdue_key(slug) for slug in slugs}


def _named(actions: tuple[Action, ...]) -> tuple[tuple[str, str], ...]:
    """What a meeting's `overdue` key shows of the actions it names: their ids and titles."""
    return tuple((a.id, a.title) for a in actions)


def _summaries_changed(old: PageModel, new: PageModel) -> set[str]:
    """The meetings whose summary differs, or that are in one model only."""
    return {slug for slug, _ in old.summaries.items() ^ new.summaries.items()}


def _meeting_value(model: PageModel, meetings: Mapping[str, Meeting], slug: str) -> Hashable:
    meeting = meetings.get(slug)
    return None if meeting is None else _meeting_value_of(model, meeting)


def _tracker_changed(old: PageModel, new: PageModel, actions: set[str]) -> bool:
    """Whether what the tracker is made from changed: the actions and their order, and the
    state of those that edited meetings name (the others' histories are as they were)."""
    before_all, after_all = old.indexes.actions, new.indexes.actions
    if not _the_very_same(before_all, after_all) and (
        len(before_all) != len(after_all)  # (an action added or removed)
        or [a.id for a in before_all] != [a.id for a in after_all]
    ):
        return True
    before, after = old.indexes.action_by_id, new.indexes.action_by_id
    return any(
        _tracker_row(before[i]) != _tracker_row(after[i])
        for i in actions
        if i in before and i in after
    )


def key_values(model: PageModel) -> dict[str, Hashable]:
    """Every key with what it stands for (a build compares their digests with the last one's)."""
    values: dict[str, Hashable] = {
        ORDER: tuple(_order(model)),
        MONTHS: _months(model),
        ACTIONS: tuple(_tracker_counts(model)),
        OWNERS: tuple(owner_entries(model)),
        DECISIONS: _decisions_value(model),
        DECISION_THEMES: tuple(model.indexes.decisions_by_theme),
        TODAY: model.site.settings.build_date,
        NEXT: model.next_ahead,
        LATEST: _latest(model),
    }
    values.update((meeting_key(slug), v) for slug, v in _meeting_values(model).items())
    values.update((card_key(slug), v) for slug, v in _card_values(model).items())
    values.update((event_key(slug), v) for slug, v in _calendar_event_values(model).items())
    values.update((updated_key(slug), v) for slug, v in _updated_values(model).items())
    values.update(_overdue_values(model))
    values.update(pager_values(model))
    values.update(year_values(model))
    values.update((theme_key(slug), v) for slug, v in _theme_values(model).items())
    values.update((theme_actions_key(s), v) for s, v in _theme_action_values(model).items())
    values.update(_action_list_values(model))
    values.update((theme_decisions_key(s), v) for s, v in _theme_decision_values(model).items())
    values.update((principle_key(p), v) for p, v in _principle_values(model).items())
    values.update((decision_key(i), v) for i, v in _decision_values(model).items())
    every_action = set(model.indexes.action_by_id)
    values.update((action_key(i), v) for i, v in _action_values(model, every_action).items())
    return values


def body_key_values(model: PageModel, slugs: Collection[str]) -> dict[str, Hashable]:
    """The keys an edit to these meetings' bodies alone can reach (each one's own, and its
    card and event, which show a summary taken from the body, and the day it was last
    updated, as a commit moves it), with what they stand for."""
    meetings = [m for m in model.site.meetings if m.slug in slugs]
    values: dict[str, Hashable] = {
        meeting_key(m.slug): _meeting_value_of(model, m) for m in meetings
    }
    values.update((card_key(slug), v) for slug, v in _card_values(model, slugs).items())
    events = _calendar_event_values(model, {*slugs, *_announcement_reach(model, slugs)})
    values.update((event_key(slug), v) for slug, v in events.items())
    values.update((updated_key(slug), v) for slug, v in _updated_values(model, slugs).items())
    return values


def shown_key_values(model: PageModel, slugs: Collection[str]) -> dict[str, Hashable]:
    """The keys an edit to what these meetings show alone can reach (a title, a summary, a
    time, an action's title or note, a decision's text: their own keys and cards, the actions
    they name and the meetings that name those, the decisions they made and the meetings that
    replaced those, and the actions each meeting names as still overdue), with what they stand
    for."""
    values = body_key_values(model, slugs)
    idx = model.indexes
    named = _actions_named_at(model, set(slugs))
    values.update((action_key(i), v) for i, v in _action_values(model, named).items())
    made = [d for s in slugs for d in idx.decided_at.get(s, ())]
    values.update((decision_key(d.id), _decision_value(model, d)) for d in made)
    by_id, decision_by_id = idx.action_by_id, idx.decision_by_id
    reached = {e.meeting.slug for i in named if i in by_id for e in by_id[i].history}
    reached.update(decision_by_id[d.superseded_by].meeting.slug for d in made if d.superseded_by)
    values.update(
        (meeting_key(m.slug), _meeting_value_of(model, m))
        for m in model.site.meetings
        if m.slug in reached and m.slug not in slugs
    )
    if _ever_overdue(model, named):  # (else no meeting names one of them as overdue)
        values.update(_overdue_values(model))
    return values


def _ever_overdue(model: PageModel, ids: Collection[str]) -> bool:
    """Whether any of the actions `ids` is left overdue at some meeting (see `overdue_runs`):
    only a meeting that names one as overdue can show its title changed."""
    by_id = model.indexes.action_by_id
    actions = [by_id[i] for i in ids if i in by_id]
    if not actions:
        return False
    meetings = model.site.meetings
    position = {m.slug: i for i, m in enumerate(meetings)}
    return bool(overdue_runs(actions, position, [m.date for m in meetings]))


# What a meeting shows of itself, and no more: an edit to these alone (and to the titles and
# notes of its actions and the texts of its decisions) changes neither which pages there are,
# nor what each reads, nor the indexes but for the records themselves. (Whether an update has
# a note is more: an entry with none may change nothing, `crossref.changes_nothing`.)
_SHOWN = ("title", "summary", "authors", "authors_at", "categories", "slot", "self_assessment")


def differs_only_in_shown(old: Meeting, new: Meeting) -> bool:
    """Whether `new` is `old` but for what it shows (a raise stays a raise: it has a title)."""
    if len(old.actions) != len(new.actions) or len(old.decisions) != len(new.decisions):
        return False
    if new.reviews:  # the decisions it reviewed show its title and date: made again whole
        return False
    kept = {name: getattr(old, name) for name in _SHOWN}
    if replace(new, **kept, actions=old.actions, decisions=old.decisions) != old:
        return False
    for before, after in zip(old.actions, new.actions, strict=True):
        if (before.title is None) != (after.title is None):
            return False
        if before.title is None and (before.note is None) != (after.note is None):
            return False  # an update that may have changed nothing now does, or the reverse
        if replace(after, title=before.title, note=before.note) != before:
            return False
    return all(
        replace(after, text=before.text) == before
        for before, after in zip(old.decisions, new.decisions, strict=True)
    )


def keeps_its_place(old: Meeting, new: Meeting, meetings: Iterable[Meeting]) -> bool:
    """Whether `new` comes where `old` came among `meetings`: its time orders it only among
    the other meetings on its day."""
    if new.slot.time == old.slot.time:
        return True
    return not any(m.date == old.date and m.path != old.path for m in meetings)


def placed_as(new: Meeting, old: Meeting) -> Meeting:
    """`new` with where its body, title, date, `themes:`, `principles:`, `decisions:`, actions
    and decisions are written taken from `old`, to compare what the two say, not where (`new`
    itself if they hold different entries)."""
    if len(new.actions) != len(old.actions) or len(new.decisions) != len(old.decisions):
        return new
    actions = (
        replace(a, at=b.at, owners_at=b.owners_at)
        for a, b in zip(new.actions, old.actions, strict=True)
    )
    decisions = (
        replace(d, at=e.at, supersedes_at=e.supersedes_at, review_at=e.review_at)
        for d, e in zip(new.decisions, old.decisions, strict=True)
    )
    return replace(
        new,
        body_line=old.body_line,
        date_at=old.date_at,
        decisions_at=old.decisions_at,
        themes_at=old.themes_at,
        title_at=old.title_at,
        principles_at=old.principles_at,
        actions=tuple(actions),
        decisions=tuple(decisions),
    )


def followed_keys(model: PageModel) -> tuple[frozenset[str], frozenset[str]]:
    """The keys whose readers a build records, so that the next can follow an edit to
    meetings' bodies (each meeting's key, event and day last updated) or to what they show
    (also their cards, the actions and decisions, and `always`) without listing every page:
    those that `body_key_values` and `shown_key_values` give."""
    idx = model.indexes
    shown = [ALWAYS, *(card_key(m.slug) for m in model.site.meetings)]
    shown += (action_key(a.id) for a in idx.actions)
    shown += (decision_key(d.id) for d in idx.decisions)
    meetings = [meeting_key(m.slug) for m in model.site.meetings]
    meetings += (event_key(m.slug) for m in model.site.meetings)
    meetings += (updated_key(m.slug) for m in model.site.meetings)
    return frozenset(meetings), frozenset(shown)


def _tracker_counts(model: PageModel) -> list[Hashable]:
    """What the tracker's filters, counts and orders are made from (with how many names the
    list of owners gives, which its "Owners" filter counts)."""
    return [model.owner_urls.count, *(_tracker_row(a) for a in model.indexes.actions)]


def _tracker_row(a: Action) -> Hashable:
    return (a.id, a.status, a.owners, a.themes, a.due, a.overdue, a.closed_on)


# The lists an owner's list key is made from (see `_action_list_values`).
_OWNER_ACTIONS = ("actions_by_owner", "outstanding_by_owner", "closed_by_owner")


def _action_list_values(
    model: PageModel, owners: Container[str] | None = None, themes: Container[str] | None = None
) -> dict[str, Hashable]:
    """What each owner's and theme's `action-list` key stands for: how many owners
    (`OwnerUrls.count`) and themes the tracker lists, its outstanding actions in order with
    their status and whether each is overdue (its overdue list and counts), its closed ones
    in order with their status, and an owner's actions handed on (their number, which the
    summary gives); of the owners and themes `owners` and `themes` name, if given."""
    idx = model.indexes
    browse = (model.owner_urls.count, len(idx.actions_by_theme))
    handed_on = model.handed_on
    found: dict[str, Hashable] = {}
    for names, outstanding, closed, only, url in (
        (idx.actions_by_owner, idx.outstanding_by_owner, idx.closed_by_owner, owners, None),
        (idx.actions_by_theme, idx.outstanding_by_theme, idx.closed_by_theme, themes, ""),
    ):
        for name in names:
            if only is not None and name not in only:
                continue
            found[
                action_list_key(
                    model.owner_urls.url(name) if url is None else urls.actions_by_theme(name)
                )
            ] = (
                name,
                browse,
                tuple((a.id, a.status, a.overdue) for a in outstanding.get(name, ())),
                tuple((a.id, a.status) for a in closed.get(name, ())),
                tuple(row.action.id for row in handed_on.get(name, ())) if url is None else (),
            )
    return found


def _changed_action_lists(
    old: PageModel, new: PageModel
) -> tuple[dict[str, Hashable], dict[str, Hashable]]:
    """The `action-list` values of the owners and themes whose entries in the indexes are not
    the very same objects in `old` and `new` (all of them when the tracker's number of owners
    or themes, or the owners' URLs, differ), in each."""
    before, after = old.indexes, new.indexes
    if (
        len(before.actions_by_owner) != len(after.actions_by_owner)
        or len(before.actions_by_theme) != len(after.actions_by_theme)
        or old.owner_urls != new.owner_urls
    ):
        return _action_list_values(old), _action_list_values(new)
    owners = entries_differ(old, new, _OWNER_ACTIONS)
    themes = entries_differ(old, new, _THEME_ACTIONS)
    return _action_list_values(old, owners, themes), _action_list_values(new, owners, themes)


def _months(model: PageModel) -> Hashable:
    """What the `months` key stands for: the months in which the group met, in order."""
    return model.months


# The lists a theme's actions key is made from (see `_theme_action_values`).
_THEME_ACTIONS = ("actions_by_theme", "outstanding_by_theme", "closed_by_theme")


def entries_differ(old: PageModel, new: PageModel, lists: Iterable[str]) -> set[str]:
    """The names (theme slugs, principle ids) whose entries in these lists of the indexes
    are not the very same objects in `old` and `new`."""
    found: set[str] = set()
    for name in lists:
        before, after = getattr(old.indexes, name), getattr(new.indexes, name)
        found.update(k for k in before.keys() | after.keys() if before.get(k) is not after.get(k))
    return found


def _theme_values(model: PageModel, only: Container[str] | None = None) -> dict[str, Hashable]:
    """What a theme key stands for: which meetings are on the theme, newest first, with the
    month of each (the theme's timeline marks those); of the themes `only` names, if given."""
    found = model.indexes.meetings_by_theme
    return {
        t.slug: tuple((m.slug, m.date.year, m.date.month) for m in found.get(t.slug, ()))
        for t in model.site.themes
        if only is None or t.slug in only
    }


def _theme_action_values(
    model: PageModel, only: Container[str] | None = None
) -> dict[str, Hashable]:
    """What a theme's actions key stands for: whether it has actions, its outstanding ones
    in order, and how many are closed; of the themes `only` names, if given."""
    idx = model.indexes
    return {
        t.slug: (
            t.slug in idx.actions_by_theme,
            tuple(a.id for a in idx.outstanding_by_theme.get(t.slug, ())),
            len(idx.closed_by_theme.get(t.slug, ())),
        )
        for t in model.site.themes
        if only is None or t.slug in only
    }


def _theme_decision_values(
    model: PageModel, only: Container[str] | None = None
) -> dict[str, Hashable]:
    """What a theme's decisions key stands for: its decisions in force in order, and how many
    decisions it has (a theme with no decision has none); of the themes `only` names."""
    return {
        slug: (tuple(d.id for d in found if d.in_force), len(found))
        for slug, found in model.indexes.decisions_by_theme.items()
        if only is None or slug in only
    }


def _principle_values(model: PageModel, only: Container[str] | None = None) -> dict[str, Hashable]:
    """What a principle key stands for: which meetings discussed it, newest first; of the
    principles `only` names, if given."""
    return {
        pid: tuple(m.slug for m in found)
        for pid, found in model.indexes.meetings_by_principle.items()
        if only is None or pid in only
    }


def _decision_values(model: PageModel) -> dict[str, Hashable]:
    """What each decision's key stands for (see `_decision_value`)."""
    return {d.id: _decision_value(model, d) for d in model.indexes.decisions}


def _decision_value(model: PageModel, d: Decision) -> Hashable:
    """What a decision's key stands for: all that its row, its page and its feed entry show
    of it (its text, its meeting and that meeting's authors, what it replaced and was
    replaced by, its review, the meetings that reviewed it and what they said, and the
    principles it cites in the words they had at its meeting), so that a page showing some
    decisions is made again when one of those changes, not when any decision does."""
    reviews = tuple(
        (r.meeting.slug, r.meeting.title, r.meeting.date, r.entry.review, r.entry.note)
        for r in d.reviews
    )
    cited = principles_worded_on(model.site, d.principles, d.meeting.date)
    return (_register_place(d), d.text, d.meeting.title, d.meeting.authors, reviews, cited)


def _decisions_value(model: PageModel) -> Hashable:
    """What the `decisions` key stands for: every decision's place in the register (all that
    pages and files show of it but its text and its meeting's title)."""
    return tuple(_register_place(d) for d in model.indexes.decisions)


def _register_place(d: Decision) -> Hashable:
    return (
        d.id,
        d.themes,
        d.principles,
        d.meeting.slug,
        d.meeting.date,
        d.supersedes,
        d.superseded_by,
        d.in_force,  # until the day of the meeting that replaces it
        d.in_force_from,  # agreed ahead: from its meeting's day
        d.review,
        d.due_for_review,
        d.last_reviewed,
    )


def _order(model: PageModel) -> list[str]:
    return [m.slug for m in model.indexes.meetings_newest_first]


def _meeting_values(model: PageModel) -> dict[str, Hashable]:
    """What a meeting's key stands for: everything any page shows of it (but the meeting
    after it: see `_meeting_value_of`)."""
    return {meeting.slug: _meeting_value_of(model, meeting) for meeting in model.site.meetings}


def _meeting_value_of(model: PageModel, meeting: Meeting) -> Hashable:
    """What a meeting's key stands for (see `_meeting_values`). Not the meeting after it,
    which its page alone shows, reading that meeting's card: a meeting added after it
    changes what the page reads, so that the page is made again, and leaves its feed
    entries, which show nothing of it, and the feeds that carry them as they were."""
    idx = model.indexes
    previous = idx.previous[meeting.slug]
    return (
        _RECORD(meeting),
        model.bodies[meeting.path].digest,  # its HTML
        model.summaries[meeting.slug],
        # its text, or that its summary is to come (published ahead, as `new meeting` wrote it)
        awaits_summary(meeting, model.site.settings.build_date),
        previous.slug if previous else None,  # its "since the last meeting"
        model.site.history.last_edited.get(meeting.path),
        model.site.history.page_edited(meeting),  # its "Last edited"
        model.site.history.first_slug(meeting),  # its feed entries' id
        model.site.history.first_added.get(meeting.path),  # its feed entries' `published`
        _since(idx.since_last.get(meeting.slug)),  # shown by its title: see its card
        _named_at(model, meeting),
        principles_as_then(model.site, meeting),  # in the words they had then
    )


def _named_at(model: PageModel, meeting: Meeting) -> Hashable:
    """The titles and states of the actions a meeting names (with the status and owners each
    update found, which say whether it reopened it or handed it on; and those it lists with
    nothing changed, whether each is due by it), and the texts of the decisions it made and
    replaced: what its feed entries list."""
    idx, slug = model.indexes, meeting.slug
    replaced = idx.superseded_at.get(slug, ())
    due = {a.id for a in idx.not_reported_back_at.get(slug, ())}
    return (
        tuple(a.title for a in idx.raised_at.get(slug, ())),
        tuple(
            (a.id, a.title, e.status, e.owners, _found(event_before(a, e)), refiled_by(a, e))
            for a, e in idx.updated_at.get(slug, ())
        ),
        tuple((a.id, a.title, a.id in due) for a in listed_unchanged(idx, meeting)),
        tuple((d.id, d.text) for d in (*idx.decided_at.get(slug, ()), *replaced)),
    )


def _found(before: ActionEvent | None) -> Hashable:
    """The status and owners an update found an action with."""
    return None if before is None else (before.status, before.owners)


def _card_values(model: PageModel, slugs: Collection[str] | None = None) -> dict[str, Hashable]:
    """What a card key stands for (of every meeting, or of `slugs`): what lists and links
    show of a meeting (its title, date, summary, themes, time and place)."""
    return {
        m.slug: (m.title, m.date, model.summaries[m.slug], m.themes, m.slot)
        for m in model.site.meetings
        if slugs is None or m.slug in slugs
    }


def _updated_values(model: PageModel, slugs: Collection[str] | None = None) -> dict[str, Hashable]:
    """What an updated key stands for (of every meeting, or of `slugs`): the day the meeting
    was last updated (`dated.last_updated`)."""
    site = model.site
    return {
        m.slug: last_updated(site, m) for m in site.meetings if slugs is None or m.slug in slugs
    }


def _calendar_event_values(
    model: PageModel, slugs: Collection[str] | None = None
) -> dict[str, Hashable]:
    """What an event key stands for (of every meeting, or of `slugs`): what the meeting's
    calendar event shows."""
    history = model.site.history
    announced = announced_at(model.site.meetings)
    return {
        m.slug: (
            m.title,
            m.date,
            model.summaries[m.slug],
            m.slot,
            history.last_edited.get(m.path),
            history.edit_days.get(m.path),
            history.first_slug(m),  # its UID
            last_updated(model.site, m),  # its DTSTAMP
            # the next meeting's event, while it stands (its UID: the day first announced)
            (m.next_meeting, m.next_slot, history.first_announced.get(m.path)),
            # the meetings that announced it: its UID and SEQUENCE then
            tuple(
                (
                    a.path,
                    a.next_meeting,
                    history.edit_days.get(a.path),
                    history.first_announced.get(a.path),
                )
                for a in announced.get(m.slug, ())
            ),
        )
        for m in model.site.meetings
        if slugs is None or m.slug in slugs
    }


def _announcement_reach(
    model: PageModel, slugs: Collection[str], days: Collection[date] = ()
) -> set[str]:
    """The meetings whose events an edit to the meetings `slugs` (held, in this version of
    the model or the other, on `days` too) can change besides their own: those held on their
    days or on the days they announced (the first of a day takes an announcement), and each
    that took an announcement, on its day or postponed (`announced_at`), made by one of them
    or standing on one of their days."""
    meetings = model.site.meetings
    on = {*days, *_days_of(model, slugs)}
    reached = {m.slug for m in meetings if m.date in on}
    taken = announced_at(meetings)
    for meeting in meetings:
        announcing = taken.get(meeting.slug)
        if announcing and (
            any(a.slug in slugs for a in announcing)
            or any(announcing[0].date <= day <= meeting.date for day in on)
        ):
            reached.add(meeting.slug)
    return reached


def _days_of(model: PageModel, slugs: Collection[str]) -> set[date]:
    """The days the meetings `slugs` are held on, and those they announce."""
    meetings = (m for m in model.site.meetings if m.slug in slugs)
    return {d for m in meetings for d in (m.date, m.next_meeting) if d}


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
        e.entry.themes,  # an update that files it anew says so in its history
    )


def _edited_meetings(old: PageModel, new: PageModel) -> set[str]:
    """The slugs of meetings added, removed or changed in any way (a meeting not edited is
    usually the very same record, which is not compared field by field)."""
    before_all, after_all = old.site.meetings, new.site.meetings
    if _the_very_same(before_all, after_all[: len(before_all)]):  # meetings added after
        return {m.slug for m in after_all[len(before_all) :]}
    kept = set(map(id, before_all)) & set(map(id, after_all))
    before = {m.slug: m for m in old.site.meetings if id(m) not in kept}
    after = {m.slug: m for m in new.site.meetings if id(m) not in kept}
    return {slug for slug in before.keys() | after.keys() if before.get(slug) != after.get(slug)}


def _actions_named_at(model: PageModel, slugs: set[str]) -> set[str]:
    """The ids of the actions the meetings `slugs` list: those that changed nothing too
    (`updated_at` leaves them out), which the actions' histories hold."""
    if not slugs:
        return set()
    return {e.id for m in model.site.meetings if m.slug in slugs for e in m.actions}


def _actions_naming_owners_moved(old: PageModel, new: PageModel) -> set[str]:
    """The actions whose history names an owner whose list of actions came, went or moved
    address (another name written alike took it): where the name leads changed, though no
    meeting naming the action was edited."""
    before, after = old.owner_urls, new.owner_urls
    names = {*before.by_name, *before.former_by_name, *after.by_name, *after.former_by_name}
    moved = {name for name in names if before.slug(name) != after.slug(name)}
    if not moved:
        return set()
    return {
        action.id
        for model in (old, new)
        for action in model.indexes.actions
        if any(owner in moved for event in action.history for owner in event.owners)
    }


def _action_values(model: PageModel, ids: set[str]) -> dict[str, Hashable]:
    """What the keys of actions `ids` stand for (with where each owner named in an action's
    history leads: the list of an owner's actions comes and goes with their actions, and its
    address may change when another owner's name is written alike)."""
    by_id = model.indexes.action_by_id
    slug = model.owner_urls.slug
    return {
        a.id: (
            a.title,
            a.themes,
            a.overdue,
            tuple([_event_value(e) for e in a.history]),
            tuple([slug(o) for e in a.history for o in e.owners]),
        )
        for a in (by_id[i] for i in ids if i in by_id)
    }
