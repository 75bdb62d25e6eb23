"""Turn loaded documents into typed records, collecting every problem.

Each file is checked against its schema (pydantic); errors are mapped back to
the line and column of the offending value. Then references between files
that do not depend on meeting order are checked: theme and principle ids.
Action histories are resolved later, by crossref.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, time
from email.utils import getaddresses
from functools import cache
from importlib import resources
from itertools import pairwise
from operator import is_
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from generator.content.addresses import addresses_in
from generator.content.date_words import day_as, title_day
from generator.content.load import (
    THEMES_DIR,
    Kind,
    Loaded,
    SourceDoc,
    content_file_problems,
    name_claimed,
    name_taken,
    names_meant,
    theme_slug_meant,
)
from generator.content.model import (
    MEETING_FILE,
    SMTP_URL_VARIABLE,
    THEME_FILE,
    AccessibilitySettings,
    ActionEntry,
    BuildOptions,
    DecisionEntry,
    DecisionReview,
    EmailSettings,
    Location,
    Meeting,
    Poll,
    PollOption,
    Principle,
    PrinciplesPage,
    PrincipleStatus,
    Removal,
    Settings,
    Site,
    SiteConfig,
    Slot,
    Status,
    Theme,
    meeting_order,
    slug_of,
)
from generator.content.safeyaml import (
    CURLY_QUOTES,
    WHOLE_NUMBER,
    NameQuoted,
    Path_,
    Position,
    curly_pair,
    dash_missing_message,
    name_quoted,
    pasted_bullet,
    pasted_characters,
    straight_quoted,
)
from generator.content.safeyaml import parse as parse_yaml
from generator.content.schema import (
    MAX_ID_LENGTH,
    STATUSES,
    ActionFront,
    DecisionFront,
    EmailFront,
    MeetingFront,
    PrincipleFront,
    PrinciplesFront,
    SiteSettings,
    ThemeFront,
    free_id,
    is_valid_id,
    meeting_date_meant,
    not_an_id,
)
from generator.errors import Problem, Severity, closest, did_you_mean, letters_apart

# A meeting file's name that starts with its date (its parts apart by '-', '_' or ' ').
_DATED_NAME = re.compile(
    r"^(\d{4})[-_ ](\d{1,2})[-_ ](\d{1,2})[-_ ]*(.*?)(?:\.md)?$", re.IGNORECASE
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _title_slug(doc: SourceDoc) -> str:
    """The slug of the note's `title:` ('' without one)."""
    title = doc.front.value.get("title") if isinstance(doc.front.value, dict) else None
    return slug_of(title) if isinstance(title, str) else ""


def _meeting_file_name_for(name: str, dated: Any) -> str:
    """The meeting file name that `name` was surely meant to be: its date padded (or the
    front matter's `dated`, when the name has none), the rest in lower case with hyphens."""
    found = _DATED_NAME.match(name)
    if found is not None:
        year, month, day, rest = found.groups()
        day_text = f"{year}-{int(month):02d}-{int(day):02d}"
    elif isinstance(dated, str) and _ISO_DATE.match(dated):
        day_text, rest = dated, name.removesuffix(".md")
    else:
        return ""
    return f"{day_text}-{slug_of(rest) or 'meeting'}.md"


Front = TypeVar("Front", bound=BaseModel)


def validate(
    loaded: Loaded,
    options: BuildOptions,
    unchanged: Mapping[str, Meeting] | None = None,
    renamed_themes: Mapping[str, str] | None = None,
    removed_themes: Mapping[str, Removal] | None = None,
) -> tuple[Site | None, list[Problem]]:
    """Build the Site from loaded documents; the Site is None when settings are unusable.

    `unchanged` holds meetings already validated, without a problem, from the very same
    documents and with the same themes and principles (serve passes its last build's): they
    are taken as they are. `renamed_themes` (a theme's slug before git renamed its file ->
    its slug now) names, for a meeting that still gives an old slug, the one to write;
    `removed_themes` (a slug whose theme file git shows taken out -> its deletion), how to
    put it back.
    """
    unchanged = unchanged or {}
    problems: list[Problem] = list(loaded.problems)
    by_kind = _by_kind(loaded)

    for doc in loaded.docs:
        problems += curly_quoted(doc) + comments_for_values(doc)
        problems += [Problem(doc.path, at.line, at.col, text) for text, at in doc.front.errors]
    settings = _settings(by_kind[Kind.SETTINGS], options, problems)
    principles = _principles(by_kind[Kind.PRINCIPLES], problems)
    present = _present(loaded)
    names = _names_claimed(loaded, present)
    themes = [t for d in by_kind[Kind.THEME] if (t := _theme(d, present, names, problems))]
    theme_ids, principle_ids = _known_ids(by_kind, loaded.misnamed_principles)
    claims = former_slugs_claimed(by_kind[Kind.THEME])
    problems += _claims_checked(by_kind[Kind.THEME], theme_ids)
    known = (
        theme_ids | set(claims),
        principle_ids,
        renamed_themes or {},
        removed_themes or {},
        _themes_misnamed(problems),
    )
    taken = _IdsTaken(loaded)
    catalogue = _named(by_kind[Kind.THEME], known[0], principle_ids)

    @cache  # read only for a name written as an email address
    def people() -> NamesWritten:
        return names_written(by_kind[Kind.MEETING], loaded.validated)

    def written_like(name: str) -> str | None:
        return people().like(name)

    meetings = [
        m
        for d in by_kind[Kind.MEETING]
        if (
            m := unchanged.get(d.path)
            or _meeting(d, known, present, names, problems, taken, written_like, catalogue)
        )
    ] + list(loaded.validated)
    if claims:  # a former slug stands for the theme that claims it
        meetings = [_filed_now(m, claims) for m in meetings]
    joined = {} if settings is None else shown_names(settings.site.same_people)
    written = _names_written(meetings) if joined else frozenset()
    if joined:  # each way a person's name is written stands for the name the site shows
        meetings = [as_shown(m, joined) for m in meetings]

    allow_html = None if settings is None else settings.site.allow_html
    told = {problem.path for problem in loaded.problems}
    problems += content_file_problems(options.source, loaded.files, allow_html, told)
    if settings is None:
        return None, problems
    ordered = sorted(meetings, key=meeting_order)  # (drafts among them) sorted once
    published = [m for m in ordered if settings.drafts or not m.draft]
    told_apart = settings.site.different_people
    failed = any(p.is_error for p in problems)
    if not failed:  # beside errors, see `owners_beside_errors`
        problems += _owner_spellings(published, told_apart)
    problems += author_spellings(published, told_apart)
    # (the owners in a file with errors are not read: a name there is not stale)
    if told_apart and not failed:
        owners = {_folded(name) for m in meetings for a in m.actions for name in a.owners or ()}
        owners |= {key for key, name in joined.items() if _folded(name) in owners}
        problems += _different_people_listed(by_kind[Kind.SETTINGS][0], owners)
    if joined and not failed:
        problems += _same_people_unwritten(by_kind[Kind.SETTINGS][0], written)
    copies = _copies(published)  # told once, as a copy, not as two meetings on one day
    problems += _same_date_and_title(copies, published)
    problems += _same_date_and_time(ordered, copies) + _same_day_without_times(published, copies)
    site = Site(
        settings=settings,
        meetings=tuple(published),
        themes=tuple(sorted(themes, key=lambda t: t.slug)),
        principles=principles,
        files=loaded.files,
        drafts=tuple(m for m in meetings if m.draft and not settings.drafts),
    )
    return site, problems


class ValidatedAlone(NamedTuple):
    """A meeting document validated on its own (`validate_alone`)."""

    published: tuple[Meeting, ...]  # the meeting, or none for a draft
    problems: tuple[Problem, ...]  # those found in the document


def validate_alone(
    doc: SourceDoc, docs: Iterable[SourceDoc], options: BuildOptions
) -> ValidatedAlone | None:
    """The meeting document `doc` validated on its own, beside the settings, themes and
    principles among `docs`. None when the settings are unusable."""
    others = tuple(d for d in docs if d.kind is not Kind.MEETING)
    site, problems = validate(Loaded((*others, doc), ()), options)
    if site is None:
        return None
    return ValidatedAlone(site.meetings, tuple(p for p in problems if p.path == doc.path))


def owners_beside_errors(loaded: Loaded, site: Site, failed: Collection[str]) -> list[Problem]:
    """The warnings about owners' names (`_owner_spellings`) while the files at `failed`
    have errors, so that they come in the same run: among `site`'s meetings, which hold the
    actions of the failed meetings as far as they could be read (`crossref.beside_errors`).
    Where a failed meeting's owners were not all read, a warning about a name that a text
    of its front matter comes within two letters of waits for the next run: once read, that
    text may be the usual spelling, or the name meant."""
    drafts = site.settings.drafts
    parts = {meeting.path: meeting for meeting in site.meetings if meeting.path in failed}
    unread: set[str] = set()
    for doc in meetings_written(loaded):
        front = doc.front.value
        if doc.path not in failed or not isinstance(front, dict):
            continue
        if front.get("draft") is True and not drafts:
            continue  # a draft left out: its owners are not counted once fixed either
        part = parts.get(doc.path)
        if part is None or not _owners_all_read(front, part):
            unread |= {_folded(text) for text in _texts(front)}
    joined = shown_names(site.settings.site.same_people)
    meetings = [as_shown(m, joined) for m in site.meetings] if joined else site.meetings
    return _owner_spellings(meetings, site.settings.site.different_people, unread)


def _owners_all_read(front: Mapping[str, Any], meeting: Meeting) -> bool:
    """Whether `meeting`, read from `front` in part, holds every owner `front` names: its
    keys are all a meeting's, its actions all written as actions are, each owner read."""
    if not front.keys() <= MeetingFront.model_fields.keys():
        return False
    actions = front.get("actions") or []
    fields = ActionFront.model_fields.keys()
    if not isinstance(actions, list) or len(actions) != len(meeting.actions):
        return False
    if not all(isinstance(entry, dict) and entry.keys() <= fields for entry in actions):
        return False
    written = sorted(_folded(text) for entry in actions for text in _texts(entry.get("owner")))
    read = sorted(_folded(name) for entry in meeting.actions for name in entry.owners or ())
    return written == read


def _texts(value: object) -> list[str]:
    """Every text in `value`, a part of the front matter (its keys too)."""
    found, values = [], [value]
    while values:
        value = values.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            values += [*value.keys(), *value.values()]
        elif isinstance(value, list):
            values += value
    return found


def _owner_spellings(
    meetings: Sequence[Meeting],
    different_people: Iterable[Iterable[str]],
    unread: Set[str] = frozenset(),
) -> list[Problem]:
    """A warning at each owner written another way elsewhere (in other case, spacing,
    punctuation or accents), or a letter or two away from another owner's name that
    `different_people` (site.yml) does not name beside it: the tracker would list two
    people. The way most actions write a name is taken as meant. `meetings` are in
    `meeting_order`; the names are counted in one pass, and where each is written is found
    only for a name warned of. None about a name (folded) within two letters of one of
    `unread` (see `owners_beside_errors`)."""
    counts: dict[str, int] = {}  # name -> the owners' lists naming it, in order of first use
    for meeting in meetings:
        for entry in meeting.actions:
            for name in entry.owners or ():
                counts[name] = counts.get(name, 0) + 1
    uses: dict[str, dict[str, int]] = {}  # key -> spelling -> uses, in order of first use
    for name, used in counts.items():
        uses.setdefault(_folded(name), {})[name] = used
    places = _OwnerPlaces(meetings)
    found = []
    for key, spellings in uses.items():
        if len(spellings) < 2 or _near_unread(key, unread):
            continue
        usual = _usual(spellings)
        first = places.of(usual)[0]
        for name in spellings:
            if name == usual:
                continue
            found += [
                Problem(
                    at.path,
                    at.line,
                    at.col,
                    f"owner '{name}' is written '{usual}' elsewhere ({first.path}:"
                    f"{first.line}); write the name the same way everywhere, or the tracker "
                    f"lists two people{_joining(usual, name, '; ')}",
                    Severity.WARNING,
                )
                for at in places.of(name)
            ]
    two_people = {
        frozenset((_folded(one), _folded(other)))
        for names in different_people
        for one in names
        for other in names
    }
    return found + _owner_near_misses(uses, two_people, places, unread)


def _near_unread(key: str, unread: Set[str]) -> bool:
    """Whether the name `key` (folded) is within two letters of one of `unread`."""
    return any(abs(len(key) - len(text)) <= 2 and letters_apart(key, text) <= 2 for text in unread)


def author_spellings(
    meetings: Sequence[Meeting], different_people: Iterable[Iterable[str]]
) -> list[Problem]:
    """A warning at each author's name that `meetings` (in `meeting_order`) write another
    way (in other case, spacing, punctuation or accents), or that is a letter or two from
    another name they write more (unless `different_people` names the two): most often a
    slip, 'Sian' for 'Siân'. An action's owner's spelling comes first, as the tracker lists
    owners; then the way most meetings write an author's name (of two names a letter apart
    written as often, neither is taken as meant)."""
    # Each spelling is counted first, then folded once (a site writes a few names often).
    author_uses: dict[str, int] = {}  # spelling -> uses, in order of first use
    owner_uses: dict[str, int] = {}
    for meeting in meetings:
        for name in meeting.authors:
            author_uses[name] = author_uses.get(name, 0) + 1
        for entry in meeting.actions:
            for name in entry.owners or ():
                owner_uses[name] = owner_uses.get(name, 0) + 1
    if not author_uses:
        return []
    owners: dict[str, dict[str, int]] = {}  # key -> spelling -> uses, in order of first use
    for name, uses in owner_uses.items():
        owners.setdefault(_folded(name), {})[name] = uses
    authors: dict[str, dict[str, int]] = {}
    for name, uses in author_uses.items():
        authors.setdefault(_folded(name), {})[name] = uses
    known = {**authors, **owners}  # an owner's spellings before an author's
    # owners' names first, then the names written more
    rank = {key: (key in owners, sum(known[key].values())) for key in known}
    two_people = {
        frozenset((_folded(one), _folded(other)))
        for names in different_people
        for one in names
        for other in names
    }
    meant: dict[str, tuple[str, str]] = {}  # an author's name -> the name meant, and how
    # Names a letter or two apart lose the same letters to a name both become: only those
    # are compared (see `_owner_near_misses`).
    becomes: dict[tuple[str, str], list[str]] = {}
    if any(key not in owners for key in authors):
        for key in known:
            for shorter in _letters_dropped(key, _apart(key)):
                becomes.setdefault((_digits(key), shorter), []).append(key)
    for key, spellings in authors.items():
        usual = _usual(known[key])
        for name in spellings:
            if name != usual:
                meant[name] = (usual, "is written '{usual}' elsewhere")
        if key in owners:
            continue
        alike = {
            other
            for shorter in _letters_dropped(key, _apart(key))
            for other in becomes[(_digits(key), shorter)]
        }
        near = [
            (apart, tuple(-n for n in rank[other]), other)
            for other in sorted(alike)
            if rank[other] > rank[key]
            and abs(len(key) - len(other)) <= _apart(min(key, other, key=len))
            and frozenset((key, other)) not in two_people
            and (apart := letters_apart(key, other)) <= _apart(min(key, other, key=len))
        ]
        if near:
            apart, _, other = min(near)
            letters = "one letter" if apart == 1 else "two letters"
            whose = "an owner's" if other in owners else "another author's"
            for name in spellings:
                meant.setdefault(name, (_usual(known[other]), f"is {letters} from {whose} name"))
    if not meant:
        return []
    places = _OwnerPlaces(meetings)
    found = []
    for meeting in meetings:
        written = [Location(meeting.path, *at) for at in meeting.authors_at]
        written = written or [meeting.date_at] * len(meeting.authors)
        for name, at in zip(meeting.authors, written, strict=True):
            if name not in meant:
                continue
            usual, how = meant[name]
            first = places.of(usual)[0] if _folded(usual) in owners else _author_at(meetings, usual)
            found.append(
                Problem(
                    at.path,
                    at.line,
                    at.col,
                    f"author '{name}' {how.format(usual=usual)}; did you mean '{usual}' "
                    f"({first.path}:{first.line})? write the name the same way everywhere"
                    + _joining(usual, name, "; "),
                    Severity.WARNING,
                )
            )
    return found


def _author_at(meetings: Sequence[Meeting], name: str) -> Location:
    """Where `name` is first written as an author among `meetings`, which name it."""
    meeting = next(m for m in meetings if name in m.authors)
    at = meeting.authors_at[meeting.authors.index(name)] if meeting.authors_at else None
    return Location(meeting.path, *at) if at else meeting.date_at


@dataclass(frozen=True)
class NamesWritten:
    """The people the meetings' files name, as the site writes each: `owners` and then
    `authors`, a name folded (`_folded`) -> the way most write it."""

    owners: Mapping[str, str]
    authors: Mapping[str, str]

    def like(self, name: str) -> str | None:
        """The way the site writes a name that `name` (made from an email address) loosely
        is: the same letters (`Tom Obrien`, `Tom O'Brien`), else the same words, each whole
        or its initial (`T Obrien`), else one a letter or two from it; an owner's first,
        and None when none, or more than one, is."""
        for known in (self.owners, self.authors):
            if _folded(name) in known:
                return known[_folded(name)]
            words = [_folded(word) for word in name.split()]
            found = {spelling for spelling in known.values() if _initials_of(words, spelling)}
            if len(found) == 1:
                return found.pop()
            key = _folded(name)
            near = {
                spelling
                for other, spelling in known.items()
                if abs(len(key) - len(other)) <= _apart(min(key, other, key=len))
                and letters_apart(key, other) <= _apart(min(key, other, key=len))
            }
            if len(near) == 1:
                return near.pop()
        return None


def _initials_of(words: Sequence[str], spelling: str) -> bool:
    """Whether `words` (folded) are the words of `spelling`, each whole or its initial, one
    at least whole."""
    theirs = [_folded(word) for word in spelling.split()]
    return (
        len(words) == len(theirs)
        and all(
            ours == whole or (len(ours) == 1 and whole.startswith(ours))
            for ours, whole in zip(words, theirs, strict=True)
        )
        and any(len(ours) > 1 for ours in words)
    )


def names_written(docs: Iterable[SourceDoc], meetings: Iterable[Meeting]) -> NamesWritten:
    """The names the front matter of `docs` (meetings' files) and `meetings` (validated
    before) give as owners and authors, but those holding an email address."""
    owners: dict[str, int] = {}
    authors: dict[str, int] = {}
    for doc in docs:
        front = doc.front.value
        if not isinstance(front, dict):
            continue
        actions = front.get("actions")
        for entry in actions if isinstance(actions, list) else ():
            for name in _listed(entry.get("owner") if isinstance(entry, dict) else None):
                owners[name] = owners.get(name, 0) + 1
        for name in _listed(front.get("authors")):
            authors[name] = authors.get(name, 0) + 1
    for meeting in meetings:
        for action in meeting.actions:
            for name in action.owners or ():
                owners[name] = owners.get(name, 0) + 1
        for name in meeting.authors:
            authors[name] = authors.get(name, 0) + 1
    return NamesWritten(_usual_by_name(owners), _usual_by_name(authors))


def _listed(value: object) -> list[str]:
    """The names `value` (one name, or a list) gives, but those holding an email address."""
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [
        name.strip()
        for name in names
        if isinstance(name, str) and name.strip() and next(addresses_in(name), None) is None
    ]


def _usual_by_name(uses: Mapping[str, int]) -> Mapping[str, str]:
    """Each name of `uses` (spelling -> uses) folded -> the way most write it."""
    spellings: dict[str, dict[str, int]] = {}
    for name, used in uses.items():
        spellings.setdefault(_folded(name), {})[name] = used
    return MappingProxyType({key: _usual(by_name) for key, by_name in spellings.items()})


class _OwnerPlaces:
    """Where each owner's name is written among `meetings`, in order: found in one pass the
    first time a warning asks (most builds warn of none)."""

    def __init__(self, meetings: Sequence[Meeting]) -> None:
        self._meetings = meetings
        self._found: dict[str, list[Location]] | None = None

    def of(self, name: str) -> list[Location]:
        if self._found is None:
            self._found = {}
            for meeting in self._meetings:
                for entry in meeting.actions:
                    owners = entry.owners or ()
                    at, path = entry.at, entry.at.path
                    places = [Location(path, *where) for where in entry.owners_at]
                    for owner, place in zip(owners, places or [at] * len(owners), strict=True):
                        self._found.setdefault(owner, []).append(place)
        return self._found[name]


def _different_people_listed(settings: SourceDoc, owners: Set[str]) -> list[Problem]:
    """A warning at each group of `different_people` (site.yml) that names the people of a
    group above it, each name listed twice in its group, and each name that is no action's
    owner (of `owners`, each `_folded`): a group left with fewer than two owners is stale."""
    groups = settings.front.value.get("different_people") or ()
    found: list[Problem] = []
    seen: dict[frozenset[str], tuple[int, str]] = {}  # the names folded -> the line, written
    for n, group in enumerate(groups):
        place = ("different_people", n)
        written = "[" + ", ".join(group) + "]"
        line = settings.front.position_of(place).line
        names: dict[str, int] = {}  # each name folded -> its place in the group, first listed
        for i, name in enumerate(group):
            names.setdefault(_folded(name), i)
        first_line, first = seen.setdefault(frozenset(names), (line, written))
        if first_line != line and len(names) > 1:
            as_written = "" if first == written else f", as {first}"
            message = f"different_people: {written} is listed twice (first on line {first_line}"
            found.append(_warning_at(settings, place, f"{message}{as_written}); remove one"))
            continue
        for i, name in enumerate(group):
            earlier = names[_folded(name)]
            if earlier == i:
                continue
            earlier_line = settings.front.position_of((*place, earlier)).line
            where = "" if earlier_line == line else f" (first on line {earlier_line})"
            fix = "remove one" if len(names) > 1 else "it names no one else: remove the group"
            message = f"different_people: {name!r} is listed twice in {written}{where}; {fix}"
            found.append(_warning_at(settings, (*place, i), message))
        if len(names) < 2:
            continue
        stale = [group[i] for key, i in names.items() if key not in owners]
        if len(names) - len(stale) >= 2:
            found += [
                _warning_at(
                    settings,
                    (*place, group.index(name)),
                    f"different_people: {name!r} names no owner of any action: remove it",
                )
                for name in stale
            ]
        elif len(stale) == len(names):
            message = f"different_people: {written} names no owner of any action: remove it"
            found.append(_warning_at(settings, place, message))
        elif stale:
            kept = next(group[i] for key, i in names.items() if key in owners)
            missing = " or ".join(repr(name) for name in stale)
            message = (
                f"different_people: {written} names one owner of an action ({kept!r}; no "
                f"action's owner is {missing}), so it keeps no two apart: remove it"
            )
            found.append(_warning_at(settings, place, message))
    return found


def shown_names(same_people: Iterable[Sequence[str]]) -> dict[str, str]:
    """Each name `same_people` (site.yml) joins, `_folded`, with the name the site shows for
    the person: the first of its group."""
    joined: dict[str, str] = {}
    for names in same_people:
        for name in names:
            joined.setdefault(_folded(name), names[0])
    return joined


def as_shown(meeting: Meeting, joined: Mapping[str, str]) -> Meeting:
    """`meeting` with each owner and author `joined` (`shown_names`) names as the site shows
    them, each once in its list: the very same record when it names none otherwise."""

    def shown(
        names: tuple[str, ...], places: tuple[tuple[int, int], ...]
    ) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
        named = tuple(joined.get(_folded(name), name) for name in names)
        if named == names:
            return names, places
        first = list(dict.fromkeys(named).keys())
        kept = [named.index(name) for name in first]
        return tuple(first), tuple(places[i] for i in kept) if places else places

    authors, authors_at = shown(meeting.authors, meeting.authors_at)
    actions = []
    for entry in meeting.actions:
        if entry.owners is None:
            actions.append(entry)
            continue
        owners, owners_at = shown(entry.owners, entry.owners_at)
        same = owners is entry.owners
        actions.append(entry if same else replace(entry, owners=owners, owners_at=owners_at))
    if authors is meeting.authors and all(map(is_, actions, meeting.actions)):
        return meeting
    return replace(meeting, authors=authors, authors_at=authors_at, actions=tuple(actions))


def _names_written(meetings: Iterable[Meeting]) -> frozenset[str]:
    """Every owner's and author's name `meetings` write, `_folded`."""
    return frozenset(
        _folded(name)
        for meeting in meetings
        for name in (*meeting.authors, *(n for a in meeting.actions for n in a.owners or ()))
    )


def _same_people_unwritten(settings: SourceDoc, written: Set[str]) -> list[Problem]:
    """A warning at each name of a group of `same_people` (site.yml) but its first (the name
    shown, which no meeting need write) that no meeting writes as an owner or author (of
    `written`, each `_folded`); at the whole group when it joins none of those."""
    groups = settings.front.value.get("same_people")
    found: list[Problem] = []
    for n, group in enumerate(groups if isinstance(groups, list) else ()):
        place = ("same_people", n)
        unwritten = [i for i, name in enumerate(group) if i and _folded(name) not in written]
        if len(unwritten) < len(group) - 1:
            found += [
                _warning_at(
                    settings,
                    (*place, i),
                    f"same_people: no meeting writes {group[i]!r} as an owner or author: remove it",
                )
                for i in unwritten
            ]
            continue
        others = " or ".join(repr(group[i]) for i in unwritten)
        message = (
            f"same_people: [{', '.join(group)}] joins no name a meeting writes to "
            f"{group[0]!r} (no meeting writes {others} as an owner or author): remove it"
        )
        found.append(_warning_at(settings, place, message))
    return found


def _same_people_mistakes(settings: SourceDoc, front: SiteSettings) -> list[Problem]:
    """An error at each group of `same_people` (site.yml) that names one person only once
    its names listed twice are left out (a warning at each of those), at each name that a
    group above it names too, and at each group joining two names that a group of
    `different_people` lists as two people."""
    if not isinstance(settings.front.value.get("same_people"), list):
        return []  # (written under a misnamed key, which is an error of its own)
    found: list[Problem] = []
    first: dict[str, tuple[int, str]] = {}  # a name folded -> its group's line, the name
    for n, group in enumerate(front.same_people):
        place = ("same_people", n)
        line = settings.front.position_of(place).line
        written = "[" + ", ".join(group) + "]"
        listed: dict[str, int] = {}
        for i, name in enumerate(group):
            if listed.setdefault(name, i) != i:
                message = f"same_people: {name!r} is listed twice in {written}; remove one"
                found.append(_warning_at(settings, (*place, i), message))
        if len(listed) < 2:
            message = (
                f"same_people: {written} names one person; list with {group[0]!r} the other "
                "ways meetings write their name, e.g. [Siân Evans, Sian Evans]"
            )
            found.append(_error_at(settings, place, message))
            continue
        for i, name in enumerate(group):
            other_line, other = first.setdefault(_folded(name), (line, name))
            if other_line == line:
                continue
            as_written = "" if other == name else f" as {other!r}"
            message = (
                f"same_people: {name!r} is in the group on line {other_line} too{as_written}; "
                "a name is one person's: join the two groups, or remove it from one"
            )
            found.append(_error_at(settings, (*place, i), message))
    found += _joined_and_told_apart(settings, front)
    return found


def _joined_and_told_apart(settings: SourceDoc, front: SiteSettings) -> list[Problem]:
    """An error at each group of `same_people` that joins two names a group of
    `different_people` lists as two people."""
    found = []
    apart = [
        (n, {_folded(name): name for name in group})
        for n, group in enumerate(front.different_people)
    ]
    for n, group in enumerate(front.same_people):
        joined = {_folded(name): name for name in group}
        for m, names in apart:
            both = [name for key, name in joined.items() if key in names]
            if len(both) < 2:
                continue
            line = settings.front.position_of(("different_people", m)).line
            named = " and ".join(repr(name) for name in both)
            message = (
                f"same_people: [{', '.join(group)}] says {named} are one person, and "
                f"different_people (line {line}) that they are two: remove them from the "
                "one that is wrong"
            )
            found.append(_error_at(settings, ("same_people", n), message))
    return found


def _joining(usual: str, name: str, before: str) -> str:
    """How a warning about an owner's or author's `name` written beside `usual` ends, after
    `before`: how to join the two without editing meetings (nothing for a doubled space,
    never meant)."""
    if " ".join(name.split()) == usual:
        return ""
    return (
        f"{before}if they are one person written two ways in meetings you would rather not "
        f"edit, add [{usual}, {name}] to same_people in site.yml"
    )


def _folded(name: str) -> str:
    """A name as compared with others: its letters and digits, in one case, unaccented (a
    name with no letter or digit as it is written)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum()) or name


def _usual(spellings: Mapping[str, int]) -> str:
    """The way most actions write a name (`spellings`: how many write each) with no doubled
    space and not all in lower case (neither is how anyone writes their name), then the
    first written."""
    return max(
        spellings,
        key=lambda name: (" ".join(name.split()) == name, not name.islower(), spellings[name]),
    )


_APART = ((9, 2), (6, 1))  # names this long or longer, folded, may be this many letters apart
_LONGEST = 40  # and no longer: a longer name is compared only letter for letter


def _owner_near_misses(
    uses: Mapping[str, Mapping[str, int]],
    two_people: Set[frozenset[str]],
    places: _OwnerPlaces,
    unread: Set[str] = frozenset(),
) -> list[Problem]:
    """A warning at each use of a name (folded, `_folded`) one or two letters away from a
    name more actions use (or as many, first used earlier): most often a slip, though two
    people may have names that close ('Dana Kim', 'Dan Kim'), which `two_people` holds."""
    # the more actions use a name, and the earlier (`uses` is in order of first use), the
    # likelier it is meant
    rank = {key: (sum(by_name.values()), -n) for n, (key, by_name) in enumerate(uses.items())}
    # Names a letter or two apart lose the same letters to a name both become: only those
    # are compared (comparing every two would take seconds with thousands of owners).
    becomes: dict[tuple[str, str], list[str]] = {}
    for key in uses:
        for shorter in _letters_dropped(key, _apart(key)):
            becomes.setdefault((_digits(key), shorter), []).append(key)
    found = []
    for key, by_name in uses.items():
        near = []
        alike = {
            other
            for shorter in _letters_dropped(key, _apart(key))
            for other in becomes[(_digits(key), shorter)]
        }
        for other in alike:
            allowed = _apart(min(key, other, key=len))
            if rank[other] <= rank[key] or abs(len(key) - len(other)) > allowed:
                continue
            if frozenset((key, other)) in two_people:
                continue
            apart = letters_apart(key, other)
            if apart <= allowed:
                near.append((apart, tuple(-n for n in rank[other]), other))
        if not near:
            continue
        apart, _, meant = min(near)
        if _near_unread(key, unread) or _near_unread(meant, unread):
            continue
        usual = _usual(uses[meant])
        first = places.of(usual)[0]
        letters = "one letter" if apart == 1 else "two letters"
        found += [
            Problem(
                at.path,
                at.line,
                at.col,
                f"owner '{name}' is {letters} from another owner's name; did you mean "
                f"'{usual}' ({first.path}:{first.line})? write the name the same way "
                "everywhere, or the tracker lists two people; if they are two people, add "
                f"them to different_people in site.yml{_joining(usual, name, '; ')}",
                Severity.WARNING,
            )
            for name in by_name
            for at in places.of(name)
        ]
    return found


def _apart(key: str) -> int:
    """How many letters a name may be from another of its length or longer, for a slip."""
    if len(key) > _LONGEST:
        return 0
    return next((most for length, most in _APART if len(key) >= length), 0)


def _letters_dropped(word: str, most: int) -> set[str]:
    """`word` with any `most` of its letters or fewer left out."""
    found = {word}
    for _ in range(most):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found


def _digits(name: str) -> str:
    """The digits in a name: 'Owner 1' and 'Owner 2' are two people, not a slip."""
    return "".join(ch for ch in name if ch.isdigit())


def _copies(published: Sequence[Meeting]) -> dict[str, Meeting]:
    """Each published meeting (in `meeting_order`) with the date, title (in any case and
    spacing) and time (or none) of one before it, by its path, with that one: most often a
    file copied to start a new meeting (as GitHub's web editor does) and not yet changed,
    which publishes one meeting twice."""
    first: dict[tuple[date, str, time | None], Meeting] = {}
    found = {}
    for meeting in published:
        key = (meeting.date, " ".join(meeting.title.casefold().split()), meeting.slot.time)
        other = first.setdefault(key, meeting)
        if other is not meeting:
            found[meeting.path] = other
    return found


def _same_date_and_title(
    copies: Mapping[str, Meeting], published: Sequence[Meeting]
) -> list[Problem]:
    """A warning at the `date:` of each meeting of `copies` (see `_copies`), naming the other."""
    found = []
    for meeting in published:
        other = copies.get(meeting.path)
        if other is None:
            continue
        at, day = meeting.date_at, meeting.date
        found.append(
            Problem(
                at.path,
                at.line,
                at.col,
                f"this meeting and {other.path} have the same date ({day.day} {day:%B %Y}) "
                f"and title ('{other.title}'): if one is a copy of the other (a file copied "
                "to start a new meeting), give it the new meeting's date and title, and "
                "rename its file to match, or delete it; if they are two meetings, give each "
                "a title of its own",
                Severity.WARNING,
            )
        )
    return found


def _same_date_and_time(meetings: Iterable[Meeting], copies: Set[str]) -> list[Problem]:
    """A warning at the `date:` of each meeting (drafts among them, all in `meeting_order`)
    held on the same day at the same time as one before it: most often a meeting summarised
    twice, or a slip in a date or time; not one of `copies` (by path, told as a copy)."""
    first: dict[tuple[date, time], Meeting] = {}
    found = []
    for meeting in meetings:
        held = meeting.slot.time
        if held is None:
            continue
        other = first.setdefault((meeting.date, held), meeting)
        if other is meeting or meeting.path in copies:
            continue
        at, day = meeting.date_at, meeting.date
        draft = " (a draft)" if other.draft else ""
        found.append(
            Problem(
                at.path,
                at.line,
                at.col,
                f"another meeting, {other.path}{draft}, is on {day.day} {day:%B %Y} at "
                f"{held:%H:%M}; give one a different time, or merge them if they are one "
                "meeting",
                Severity.WARNING,
            )
        )
    return found


def _same_day_without_times(published: Sequence[Meeting], copies: Set[str]) -> list[Problem]:
    """A warning at the `date:` of each published meeting (in `meeting_order`) held on the
    same day as the one before it, neither with a `time:`: which came first (for "Since the
    last meeting", the lists, an action raised at one and updated at the other) is then
    taken from their files' names, which no one wrote as an order; not one of `copies` (by
    path, told as a copy)."""
    found = []
    for before, meeting in pairwise(published):
        untimed = meeting.slot.time is None and before.slot.time is None
        if meeting.date != before.date or not untimed or meeting.path in copies:
            continue
        at, day = meeting.date_at, meeting.date
        found.append(
            Problem(
                at.path,
                at.line,
                at.col,
                f"another meeting, {before.path}, is on {day.day} {day:%B %Y}, and neither "
                "has a 'time:', so which came first is taken from the files' names (that one, "
                "then this one); give both meetings a 'time:' (time: \"14:00\", on the 24-hour "
                "clock) to say the order they were held in",
                Severity.WARNING,
            )
        )
    return found


def _present(loaded: Loaded) -> frozenset[str]:
    """The paths of the notes `loaded` found: those read, and those that could not be."""
    return frozenset(
        {d.path for d in loaded.docs}
        | {m.path for m in loaded.validated}
        | {p.path for p in loaded.problems}
    )


class _Claims(NamedTuple):
    """The names misnamed notes are told to take (`_names_claimed`)."""

    # the path each is told to take, which no note has: by the first told to take it
    by: Mapping[str, str]
    # the name a theme or meeting file is told it may take instead, when the path meant
    # for it is another note's or another misnamed note's (by the file's path)
    instead: Mapping[str, str]


_NO_CLAIMS = _Claims(MappingProxyType({}), MappingProxyType({}))


def _names_claimed(loaded: Loaded, present: Set[str]) -> _Claims:
    """The names misnamed notes are told to take, in order: those not named '.md' (`load`
    told them), then the theme and meeting files misnamed, each in its folder's order. A
    later file meant to have a name another has, or another is told to take, is told a
    name of its own that none has or is told (`_free_name`)."""
    by: dict[str, str] = {}
    for problem in loaded.problems:
        if problem.rename_to and problem.rename_to not in present:
            by.setdefault(problem.rename_to, problem.path)
        if problem.offered:
            by.setdefault(problem.offered, problem.path)
    instead: dict[str, str] = {}
    by_kind = _by_kind(loaded)
    for doc, meant, stems in [
        *((d, _theme_name_meant(d), _theme_stems) for d in by_kind[Kind.THEME]),
        *((d, _meeting_name_meant(d), _meeting_stems) for d in by_kind[Kind.MEETING]),
    ]:
        if meant is None:
            continue
        folder = meant.rpartition("/")[0]
        if meant in present or by.setdefault(meant, doc.path) != doc.path:
            other = _free_name(folder, stems(doc), present | by.keys())
            by[f"{folder}/{other}"], instead[doc.path] = doc.path, other
    return _Claims(MappingProxyType(by), MappingProxyType(instead))


def _theme_stems(doc: SourceDoc) -> list[str]:
    """The names (less '.md') a misnamed theme file may take when the one meant is not
    free: its title's slug, else the slug of its name, with '-2', ... after it."""
    slug = theme_slug_meant(doc.path.rsplit("/", 1)[-1].removesuffix(".md"))
    return [t for t in (_title_slug(doc), slug) if t]


def _meeting_stems(doc: SourceDoc) -> list[str]:
    """The names (less '.md') a misnamed meeting file may take when the one meant is not
    free: its day with its title's slug, else the name meant, with '-2', ... after it."""
    meant = (_meeting_name_meant(doc) or "").rpartition("/")[2]
    titled = _title_slug(doc)
    return [s for s in (f"{meant[:10]}-{titled}" if titled else "", meant[:-3]) if s]


def _theme_name_meant(doc: SourceDoc) -> str | None:
    """The path a theme file misnamed is told to take (None: well named, or none known)."""
    name = doc.path.rsplit("/", 1)[-1]
    if THEME_FILE.match(name):
        return None
    slug = theme_slug_meant(name.removesuffix(".md"))
    return f"{THEMES_DIR}/{slug}.md" if slug else None


def _meeting_name_meant(doc: SourceDoc) -> str | None:
    """The path a meeting file misnamed is told to take (None: well named, or none known)."""
    folder, _, name = doc.path.rpartition("/")
    if MEETING_FILE.match(name):
        return None
    dated = doc.front.value.get("date") if isinstance(doc.front.value, dict) else None
    meant = _meeting_file_name_for(name, dated)
    return f"{folder}/{meant}" if meant else None


def _name_not_free(
    path: str, meant: str | None, present: Set[str], claims: _Claims, kind: str
) -> str:
    """What the misnamed theme or meeting file at `path` (a `kind`) is told when the path
    `meant` for it is another note's (of `present`), or another misnamed note is told to
    take it."""
    assert meant is not None
    if meant in present:
        return name_taken(meant, kind, claims.instead[path])
    return name_claimed(meant, claims.by[meant], kind, claims.instead[path])


def _free_name(folder: str, stems: Iterable[str], present: Set[str]) -> str:
    """The first of `stems` (names less '.md') no note in `folder` has, else the last with
    '-2', '-3', ... after it: a name of its own to suggest for a note."""
    tried = list(stems)
    for stem in [*tried, *(f"{tried[-1]}-{n}" for n in range(2, len(present) + 3))]:
        if f"{folder}/{stem}.md" not in present:
            return f"{stem}.md"
    raise AssertionError("unreachable: more names were tried than there are notes")


# The key that makes an entry of a meeting's list a new record, not a reference to one.
_NEW_RECORD = MappingProxyType({"decisions": "text", "actions": "title"})


class _IdsTaken(Mapping[str, frozenset[str]]):
    """`_ids_taken` of `loaded`, by list, gathered when an id is first asked for (only a
    message suggesting an id asks, and a warm build reads all but a few meetings already
    validated)."""

    def __init__(self, loaded: Loaded) -> None:
        self._loaded = loaded
        self._found: Mapping[str, frozenset[str]] | None = None

    def __getitem__(self, kind: str) -> frozenset[str]:
        if self._found is None:
            self._found = _ids_taken(self._loaded)
        return self._found[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(_NEW_RECORD)

    def __len__(self) -> int:
        return len(_NEW_RECORD)


def _ids_taken(loaded: Loaded) -> Mapping[str, frozenset[str]]:
    """The ids each list of the meetings' files (`_NEW_RECORD`'s) names, as written: what
    the id suggested for a new decision or action must not be."""
    taken: dict[str, set[str]] = {kind: set() for kind in _NEW_RECORD}
    for doc in meetings_written(loaded):
        front = doc.front.value if isinstance(doc.front.value, dict) else {}
        for kind, ids in taken.items():
            listed = front.get(kind)
            for entry in listed if isinstance(listed, list) else ():
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    ids.add(entry["id"])
    for meeting in loaded.validated:
        taken["decisions"].update(d.id for d in meeting.decisions)
        taken["decisions"].update(r.id for r in meeting.reviews)
        taken["actions"].update(a.id for a in meeting.actions)
    return MappingProxyType({kind: frozenset(ids) for kind, ids in taken.items()})


def _free_id_message(
    detail: Any,
    path: Path_,
    front: Any,
    taken: Mapping[str, Set[str]],
    suggested: Mapping[str, set[str]],
) -> str | None:
    """What is said of a new decision's or action's id that is no id, suggesting one no
    other of its kind has (`taken`) nor was suggested for another (`suggested`, which the
    suggestion joins); None for any other problem."""
    if detail["type"] != "value_error" or len(path) != 3 or path[2] != "id":
        return None
    kind, index = path[0], path[1]
    listed = front.get(kind) if isinstance(front, dict) and kind in _NEW_RECORD else None
    entry = listed[index] if isinstance(listed, list) and isinstance(index, int) else None
    if not isinstance(entry, dict) or _NEW_RECORD[kind] not in entry:
        return None
    value = entry.get("id")
    if not isinstance(value, str) or len(value) > MAX_ID_LENGTH or is_valid_id(value):
        return None
    suggestion = free_id(value, taken[kind] | suggested[kind])
    suggested[kind].add(suggestion)
    return f"{_field_name(path)}: {not_an_id(value, suggestion)}"


def _by_kind(loaded: Loaded) -> dict[Kind, list[SourceDoc]]:
    by_kind: dict[Kind, list[SourceDoc]] = {kind: [] for kind in Kind}
    for doc in loaded.docs:
        by_kind[doc.kind].append(doc)
    return by_kind


def _known_ids(
    by_kind: Mapping[Kind, list[SourceDoc]], misnamed_principles: tuple[SourceDoc, ...] | None
) -> tuple[set[str], set[str] | None]:
    """The theme ids (from the theme files' names) and principle ids a meeting may name: with
    no principles file, those of one saved under another name (its one error says to rename
    it), or none to check if that cannot be read."""
    theme_files = (d.path.rsplit("/", 1)[-1] for d in by_kind[Kind.THEME])
    theme_ids = {m.group(1) for name in theme_files if (m := THEME_FILE.match(name))}
    if by_kind[Kind.PRINCIPLES] or misnamed_principles == ():
        return theme_ids, _raw_principle_ids(by_kind[Kind.PRINCIPLES])
    if misnamed_principles is None:
        return theme_ids, None
    ids = [_raw_principle_ids([doc]) for doc in misnamed_principles]
    return theme_ids, None if None in ids else set().union(*ids)


def _formerly_written(doc: SourceDoc) -> list[tuple[int, str]]:
    """The slugs a theme file's `formerly:` lists, as written (one slug alone too), with
    each one's place in the list; none that is no slug (its own error says so)."""
    front = doc.front.value if isinstance(doc.front.value, dict) else {}
    value = front.get("formerly")
    listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [(i, v) for i, v in enumerate(listed) if isinstance(v, str) and is_valid_id(v)]


def _theme_slug(doc: SourceDoc) -> str | None:
    found = THEME_FILE.match(doc.path.rpartition("/")[2])
    return found.group(1) if found else None


def former_slugs_claimed(docs: Iterable[SourceDoc]) -> dict[str, str]:
    """Each slug a theme file's `formerly:` lists, with the slug of the theme that claims it
    (the first file's, by path, where two claim one: the second's error says so), read from
    the front matter as written, so that a meeting naming it is not told it is unknown
    while its theme file has an error of its own; none that is a theme's slug now."""
    docs = sorted(docs, key=lambda d: d.path)
    now = {slug for doc in docs if (slug := _theme_slug(doc))}
    found: dict[str, str] = {}
    for doc in docs:
        slug = _theme_slug(doc)
        if slug is None:
            continue
        for _, former in _formerly_written(doc):
            if former not in now:  # (one still a theme's is an error: it stays that theme)
                found.setdefault(former, slug)
    return found


def _claims_checked(docs: Iterable[SourceDoc], theme_ids: Set[str]) -> list[Problem]:
    """An error at each slug a theme's `formerly:` lists that is still a theme's file, the
    theme's own, or in another theme's `formerly:` too (a former slug leads to one theme)."""
    problems = []
    claimed: dict[str, tuple[str, int]] = {}  # a former slug -> the file and line claiming it
    for doc in sorted(docs, key=lambda d: d.path):
        slug = _theme_slug(doc)
        if slug is None:
            continue
        listed: set[str] = set()
        for i, former in _formerly_written(doc):
            where = doc.front.position_of(("formerly", i))
            if isinstance(doc.front.value.get("formerly"), str):
                where = doc.front.position_of(("formerly",))
            if former in listed:
                message = f"'{former}' is listed twice in formerly; remove one"
            elif former == slug:
                message = (
                    f"'{former}' is this theme's own slug (its file's name): formerly lists "
                    "the slugs it had before or took in; take it out"
                )
            elif former in LIST_PAGES_SLUGS:
                message = (
                    f"'{former}' cannot be a former slug: its addresses (themes/{former}/, "
                    f"actions/by-theme/{former}/, decisions/by-theme/{former}/) are those of "
                    "the lists of themes' later pages; take it out of formerly, and name this "
                    "theme's slug in the meetings' themes"
                )
            elif former in theme_ids:
                message = (
                    f"'{former}' is still {THEMES_DIR}/{former}.md: retire it "
                    "('retired: true') or delete it, or take it out of formerly"
                )
            elif former in claimed:
                other, line = claimed[former]
                message = (
                    f"'{former}' is in the formerly list of {other} too (line {line}): a "
                    "former slug leads to one theme; take it out of one of them"
                )
            else:
                message = ""
            listed.add(former)
            if message:
                problems.append(Problem(doc.path, where.line, where.col, message))
            else:
                claimed[former] = (doc.path, where.line)
    return problems


def _filed_now(meeting: Meeting, claims: Mapping[str, str]) -> Meeting:
    """`meeting` with each former slug its themes (its own, its actions' and decisions')
    name given as the slug of the theme claiming it (`claims`), each theme once."""

    def now(themes: tuple[str, ...]) -> tuple[str, ...]:
        if claims.keys().isdisjoint(themes):
            return themes
        return tuple(dict.fromkeys(claims.get(slug, slug) for slug in themes))

    actions = tuple(
        a if a.themes is None or now(a.themes) is a.themes else replace(a, themes=now(a.themes))
        for a in meeting.actions
    )
    decisions = tuple(
        d if d.themes is None or now(d.themes) is d.themes else replace(d, themes=now(d.themes))
        for d in meeting.decisions
    )
    themes = now(meeting.themes)
    if (
        themes is meeting.themes
        and all(map(is_, actions, meeting.actions))
        and all(map(is_, decisions, meeting.decisions))
    ):
        return meeting
    return replace(meeting, themes=themes, actions=actions, decisions=decisions)


def _themes_misnamed(problems: Iterable[Problem]) -> frozenset[str]:
    """The slugs of the theme files saved under another name ('FOI implications.md'), as the
    error of each in `problems` says to rename it: a meeting naming one is not told it is
    unknown, as renaming the file answers that."""
    meant = (path.rpartition("/") for path in names_meant(problems).values())
    return frozenset(
        found.group(1)
        for folder, _, name in meant
        if folder == THEMES_DIR and (found := THEME_FILE.match(name))
    )


# What cross-referencing reads of a meeting's front matter.
REFERENCING = ("title", "date", "draft", "actions", "decisions")
# The fields of an action or decision that cross-referencing does not read: a failed meeting
# is read again without them, so that an entry's references are checked beside an error in,
# say, its status. An unknown field stays, so a misnamed key is not read as left out.
_UNREFERENCED = MappingProxyType(
    {
        "actions": frozenset({"owner", "due", "status", "themes", "note"}),
        "decisions": frozenset({"themes", "principles", "review"}),
    }
)
# A failed meeting whose actions (or decisions) are wrong themselves is read without them, so
# that the references of the other are still checked in the same run. Each reading: the
# fields read, and whether its entries are read without the fields above.
_READINGS = (
    (REFERENCING, False),
    (REFERENCING, True),
    (("title", "date", "draft", "decisions"), False),
    (("title", "date", "draft", "actions"), False),
)


# The date a meeting whose own date has an error is read with, to check its references:
# where it comes among the meetings is then unknown (see `crossref.Elsewhere.undated`).
_STAND_IN_DATE = "2000-01-01"


def referencing_parts(
    loaded: Loaded, site: Site
) -> tuple[tuple[Meeting, ...], dict[str, tuple[str, ...]], frozenset[str]]:
    """The meetings whose front matter failed validation (so are not in `site`), read again
    from the fields cross-referencing reads alone, where those are valid: so the references
    of their actions and decisions are checked in the same run as their other errors. With
    them, the fields each was read from, and the meetings read with a stand-in for a date
    that has an error (or is missing)."""
    included = {m.path for m in site.meetings}
    present = _present(loaded)
    claims = _names_claimed(loaded, present)
    found = []
    read: dict[str, tuple[str, ...]] = {}
    undated = set()
    for doc in meetings_written(loaded):
        front = doc.front.value
        if doc.path in included or not isinstance(front, dict):
            continue
        if not isinstance(front.get("draft", False), bool):  # its own error: read as published
            front = {key: value for key, value in front.items() if key != "draft"}
        name = _name_meant(doc, present, claims)
        if name is None:
            continue
        reading = _referencing_reading(doc, front, name)
        if reading is None:
            reading = _referencing_reading(doc, {**front, "date": _STAND_IN_DATE}, name)
            undated.add(doc.path)
        if reading is None:
            continue
        meeting, fields = reading
        if site.settings.drafts or not meeting.draft:
            found.append(meeting)
            read[doc.path] = fields
    return tuple(found), read, frozenset(undated & read.keys())


def meetings_written(loaded: Loaded) -> list[SourceDoc]:
    """The documents of the meeting files, those not read for their name's ending too."""
    return [*_by_kind(loaded)[Kind.MEETING], *loaded.misnamed]


def _name_meant(doc: SourceDoc, present: Set[str], claims: _Claims) -> str | None:
    """The name of the meeting file `doc`, or the one it is surely meant to have (as the
    error about its name says, `_meeting_file_name_for`); None when that is not known, or
    is another note's of `present`, or another misnamed note is told to take it (`claims`:
    the error says to make the two one, or name it anew)."""
    name = doc.path.rsplit("/", 1)[-1]
    if MEETING_FILE.match(name):
        return name
    dated = doc.front.value.get("date") if isinstance(doc.front.value, dict) else None
    meant = _meeting_file_name_for(name, dated)
    path = f"{doc.path.rpartition('/')[0]}/{meant}"
    return meant if meant and path not in present and claims.by.get(path) == doc.path else None


def _referencing_reading(
    doc: SourceDoc, front: dict[str, Any], name: str
) -> tuple[Meeting, tuple[str, ...]] | None:
    """The meeting `front` gives, from the first of `_READINGS` that is valid, with the
    fields it was read from: each reading as written, else without the actions and decisions
    that have no id."""
    unnamed = _without_unnamed(doc, front)
    for fields, pared in _READINGS:
        for read, written in ((doc, front), unnamed):
            kept = {key: value for key, value in written.items() if key in fields}
            if pared:
                kept = {key: _pared(key, value) for key, value in kept.items()}
            problems: list[Problem] = []
            written = replace(read, front=replace(read.front, value=kept))
            meeting = _meeting_read(written, problems, name)
            if meeting is not None and not any(p.is_error for p in problems):
                return meeting, fields
    return None


def _without_unnamed(doc: SourceDoc, front: dict[str, Any]) -> tuple[SourceDoc, dict[str, Any]]:
    """`doc` and `front` without the actions and decisions that have no id (nothing can
    refer to them), the positions of those after them moved up to their new places."""
    written = dict(front)
    moved: dict[tuple[str | int, ...], int] = {}  # (list, old index) -> new index
    lists = set()
    for key in ("actions", "decisions"):
        listed = front.get(key)
        if not isinstance(listed, list):
            continue
        lists.add(key)
        named = [i for i, e in enumerate(listed) if isinstance(e, dict) and "id" in e]
        written[key] = [listed[i] for i in named]
        moved.update({(key, old): new for new, old in enumerate(named)})

    def at(table: Mapping[Path_, Position]) -> dict[Path_, Position]:
        found = {}
        for path, where in table.items():
            if len(path) < 2 or path[0] not in lists:
                found[path] = where
            elif path[:2] in moved:
                found[(path[0], moved[path[:2]], *path[2:])] = where
        return found

    positions, key_positions = at(doc.front.positions), at(doc.front.key_positions)
    return replace(
        doc, front=replace(doc.front, positions=positions, key_positions=key_positions)
    ), written


def _pared(field: str, value: Any) -> Any:
    """A field of the front matter with each of its entries (if it lists actions or
    decisions) written without the fields cross-referencing does not read."""
    left_out = _UNREFERENCED.get(field)
    if left_out is None or not isinstance(value, list):
        return value
    return [
        {key: part for key, part in entry.items() if key not in left_out}
        if isinstance(entry, dict)
        else entry
        for entry in value
    ]


def curly_quoted(doc: SourceDoc) -> list[Problem]:
    """A warning for each value written between curly quotes: YAML keeps them as text, so
    the page would show them."""
    found = []
    for path in doc.front.curly:
        value = doc.front.value
        for part in path:
            value = value[part]
        key = f"{path[-1]}: " if isinstance(path[-1], str) else ""
        inside = (
            f"is inside {curly_pair(value[0])}, which are not quote marks to YAML, so the page "
            "shows them"
            if value[-1] in CURLY_QUOTES
            else f"opens with {value[0]}, which is not a quote mark to YAML, so the page shows "
            f"it and the {value[-1]} after"
        )
        found.append(
            _warning_at(
                doc,
                path,
                f"{_field_name(path)} {inside}; use straight quotes: {key}{straight_quoted(value)}",
            )
        )
    return found


def taken_out_unknown(settings: SourceDoc, site: Site) -> list[Problem]:
    """A warning at each name in site.yml's `taken_out_for_good` that is no meeting file git's
    history shows taken out (none without the history): its page would stay."""
    if not site.history.available or site.history.shallow:
        return []
    names = settings.front.value.get("taken_out_for_good")
    removed = {
        name.removesuffix(".md")
        for folder, _, name in (path.rpartition("/") for path in site.history.removed)
        if folder == "content/meetings"
    }
    found = []
    for i, name in enumerate(names if isinstance(names, list) else []):
        if not isinstance(name, str) or name in removed:
            continue
        hint = did_you_mean(name, removed) or (
            f": give a meeting file's name without '.md' (such as '{min(removed)}'), or remove it"
            if removed
            else ": no meeting file was taken out; remove it"
        )
        message = f"taken_out_for_good: '{name}' is no meeting file taken out in git{hint}"
        found.append(_warning_at(settings, ("taken_out_for_good", i), message))
    return found


def _warning_at(doc: SourceDoc, place: Path_, message: str) -> Problem:
    """A warning at the value at `place` in `doc`'s front matter."""
    where = doc.front.position_of(place)
    return Problem(doc.path, where.line, where.col, message, Severity.WARNING)


def _error_at(doc: SourceDoc, place: Path_, message: str) -> Problem:
    """An error at the value at `place` in `doc`'s front matter."""
    where = doc.front.position_of(place)
    return Problem(doc.path, where.line, where.col, message)


# Words people write for a field, which no spelling check would find.
_MEANT = MappingProxyType(
    {
        "decision": "text",
        "description": ("text", "summary"),  # a decision's words; a theme's or meeting's
        **dict.fromkeys(("name", "heading", "subject"), "title"),
        **dict.fromkeys(("tasks", "todo", "todos", "action_points", "follow_ups"), "actions"),
        **dict.fromkeys(("agreed", "decided", "outcomes", "resolutions"), "decisions"),
        **dict.fromkeys(("tags", "topics", "subjects"), "themes"),
        **dict.fromkeys(("venue", "room", "place", "where"), "location"),
        **dict.fromkeys(("next", "next_date", "next_meeting_date"), "next_meeting"),
        **dict.fromkeys(("writer", "writers", "written_by"), "authors"),
        **dict.fromkeys(("abstract", "excerpt", "intro"), "summary"),
        **dict.fromkeys(("deadline", "due_date", "by_when"), "due"),
        **dict.fromkeys(("assignee", "assigned_to", "who", "lead"), "owner"),
        **dict.fromkeys(("state", "progress"), "status"),
        **dict.fromkeys(("start", "start_time", "starts"), "time"),
        **dict.fromkeys(("finish", "end_time", "ends"), "end"),
        **dict.fromkeys(
            ("replace", "replaces", "replaced", "supersede", "overrides", "instead_of"),
            "supersedes",
        ),
        **dict.fromkeys(("review_date", "review_on", "revisit", "revisit_by"), "review"),
    }
)


@dataclass(frozen=True)
class _Renamed:
    """Front matter with each misnamed key given the name it was meant to have."""

    value: Any
    written: Mapping[Path_, str]  # the path to each renamed key -> the key as written

    def as_written(self, path: Path_) -> Path_:
        """`path` with each renamed key as the file has it (to find its position)."""
        return tuple(
            self.written.get(tuple(path[: end + 1]), part) for end, part in enumerate(path)
        )


def _meant_keys(model: type[BaseModel], value: Any) -> _Renamed:
    """`value` with each unknown key renamed to the field it was surely meant to be (one
    spelt like it, or a word people use for it, that its mapping does not have already), in
    nested mappings and lists of mappings too: so the value is checked as well."""
    written: dict[Path_, str] = {}

    def mend(model: type[BaseModel], data: Any, path: Path_) -> Any:
        if not isinstance(data, dict):
            return data
        fields = _fields_by_key(model)
        mended: dict[str, Any] = {}
        for key, item in data.items():
            name = key
            if key not in fields:
                named = _MEANT.get(key, ())
                named = (named,) if isinstance(named, str) else named
                meant = next((n for n in named if n in fields), None) or closest(key, fields)
                if meant is not None and meant not in data and meant not in mended:
                    name = meant
                    written[(*path, name)] = key
            inner = fields.get(name)
            if inner is not None and isinstance(item, list):
                item = [mend(inner, part, (*path, name, i)) for i, part in enumerate(item)]
            elif inner is not None:
                item = mend(inner, item, (*path, name))
            mended[name] = item
        return mended

    return _Renamed(mend(model, value, ()), written)


@cache
def _fields_by_key(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """A model's fields by the key the front matter gives each (`from` for `from_`), each
    with the model of the mappings it holds (None for a plain value)."""
    return {
        field.alias or name: _inner_model(field.annotation)
        for name, field in model.model_fields.items()
    }


def comments_for_values(doc: SourceDoc) -> list[Problem]:
    """A warning for each value written as `#3 …` or `#budget`: after a space, YAML reads a
    '#' as the start of a comment, so the value is empty (a comment written as one, `# …`,
    is taken as meant)."""
    found = []
    for path, comment in doc.front.comments.items():
        if len(comment) < 2 or comment[1].isspace() or not isinstance(path[-1], str):
            continue
        message = (
            f"'{comment}' after {_field_name(path)} is a comment to YAML (a '#' after a space "
            f"starts one), so {_field_name(path)} is empty; to keep it as the value, quote it: "
            f"{path[-1]}: {straight_quoted(comment)}"
        )
        found.append(_warning_at(doc, path, message))
    return found


def problems_from(
    error: ValidationError,
    doc: SourceDoc,
    renamed: _Renamed | None = None,
    taken: Mapping[str, Set[str]] | None = None,
    catalogue: _Named | None = None,
) -> list[Problem]:
    """Map pydantic's errors to file positions and plain-language messages. `taken`: the
    ids the records of each list of a meeting's file already have, which the id suggested
    for a new one is not (nor another suggested in the same file); `catalogue`: the themes and
    principles there are, for themes or principles written as words, not a list."""
    renamed = renamed or _Renamed(doc.front.value, {})
    suggested: dict[str, set[str]] = {kind: set() for kind in taken or ()}
    flat = _flat_groups(renamed.value)
    problems = []
    for detail in error.errors(include_url=False):
        path = _data_path(renamed.value, detail["loc"])
        kind = detail["type"]
        if kind == "list_type" and len(path) == 2 and path[0] in flat:
            if path[1] == 0:  # one error, at the setting's line, for a flat list's names
                where = doc.front.position_of(path[:1])
                key = doc.front.position_of(path[:1], key=True)
                where = where if where.line == key.line else key
                problems.append(Problem(doc.path, where.line, where.col, flat[str(path[0])]))
            continue
        if kind == "missing" and _words_under_another_name(error, path, renamed.value):
            continue  # the unknown field's message says where they go
        is_key = kind == "extra_forbidden"
        where = doc.front.position_of(renamed.as_written(path), key=is_key)
        cut = None
        if kind == "extra_forbidden" and detail.get("input") is None:
            cut = _comma_cut_value(path, renamed.value, doc, set(_known_fields(error, path)))
        if cut == "":  # a later piece of a value a comma cut, which the first's message gives
            continue
        message = _first_entry_message(detail, path, error, where) or _message(detail, path, error)
        words = _listed_words(detail, path, error) if catalogue is not None else None
        if words is not None and catalogue is not None and path[-1] in ("themes", "principles"):
            message = _ids_in_words(_field_name(path), str(path[-1]), words, catalogue) or message
        if kind == "value_error":
            message = _listed_id_told(message, path, detail.get("input"), catalogue)
        message = cut or _address_read_as_key(detail, path, doc) or message
        message = _decision_given_status(detail, path, renamed.value) or message
        if taken is not None and not cut:
            message = _free_id_message(detail, path, renamed.value, taken, suggested) or message
        problems.append(Problem(doc.path, where.line, where.col, message))
    return problems


def _words_under_another_name(error: ValidationError, path: Path_, value: Any) -> bool:
    """Whether the missing field at `path` is a principle's `text:`, written under another
    name its entry has (`title:`)."""
    if path[-1:] != ("text",) or _parent_model(error, path) is not PrincipleFront:
        return False
    entry = value
    for step in path[:-1]:
        entry = entry[step] if isinstance(entry, (dict, list)) else None
    return isinstance(entry, dict) and any(name in entry for name in _WORDS_NAMED)


def _comma_cut_value(path: Path_, value: Any, doc: SourceDoc, known: Set[str]) -> str | None:
    """For an unknown field with no value, at `path` in the front matter `value`, that is
    the rest of a value a comma cut short in a one-line `{…}` (`next_meeting: {date:
    2027-01-14, location: Room 4.12, 1 Victoria Street}`), the field as it must be written,
    its whole value in quotes; "" for the later pieces of that value, which the first one's
    message gives. `known` holds the fields the mapping may have."""
    parent = value
    for step in path[:-1]:
        in_list = isinstance(parent, list) and isinstance(step, int) and step < len(parent)
        if not (in_list or (isinstance(parent, dict) and step in parent)):
            return None
        parent = parent[step]
    if not isinstance(parent, dict) or path[-1] not in parent or parent[path[-1]] is not None:
        return None
    keys = list(parent)
    first = keys.index(path[-1])
    while first > 0 and keys[first - 1] not in known and parent[keys[first - 1]] is None:
        first -= 1
    if first == 0:
        return None
    field, cut = keys[first - 1], parent[keys[first - 1]]
    one_line = (
        doc.front.position_of((*path[:-1], field)).line
        == doc.front.position_of(path, key=True).line
    )
    if not isinstance(cut, str) or not one_line:
        return None
    if keys[first] != path[-1]:
        return ""
    pieces = [cut]
    for key in keys[first:]:
        if key in known or parent[key] is not None:
            break
        pieces.append(str(key))
    whole = ", ".join(pieces)
    return (
        f"unknown field '{path[-1]}': in a one-line {{…}} a comma ends a value, so {field} "
        f"was read as '{cut}' and the rest as fields of their own; put a value holding a "
        f"comma in quotes: {field}: {straight_quoted(whole)}"
    )


def _address_read_as_key(detail: Any, path: Path_, doc: SourceDoc) -> str | None:
    """For an address in the email settings' list that YAML read as a key, its name ending in
    ': ' (`to: [Policy: Team <team@example.org>]`), the item as it must be written."""
    given = detail.get("input")
    is_item = len(path) == 3 and path[0] == "email" and isinstance(path[2], int)
    if not is_item or not isinstance(given, dict):
        return None
    addressed = _item_quoted(given)
    if addressed is None:
        return None
    items = doc.front.value["email"][path[1]]
    key = doc.front.position_of(path[:2], key=True)
    if doc.front.position_of(path).line == key.line:  # a list in brackets, on the key's line
        listed = ", ".join(_flow_item(item) or _quoted_value(item) for item in items)
        fix = f"{path[1]}: [{listed}]"
    else:
        fix = f"- {addressed.value}"
    [(name, rest)] = given.items()
    return (
        f"{_field_name(path)}: '{name}: {rest}' contains ': ', which YAML reads as a key, and "
        "mail reads a colon in a name as the start of a group of addresses"
        f"{addressed.also_wrong}; put the name in double quotes and the whole item in single "
        f"quotes{addressed.also_done}: {fix}"
    )


def _decision_given_status(detail: Any, path: Path_, value: Any) -> str | None:
    """For a status no action has (`status: revoked`) on an entry under `decisions:`, how a
    decision is reversed: a later decision that supersedes it."""
    given = detail.get("input")
    is_status = len(path) == 3 and path[0] == "decisions" and path[2] == "status"
    if detail["type"] != "extra_forbidden" or not is_status or given in STATUSES:
        return None
    entry = value["decisions"][path[1]]
    named = entry.get("id") if isinstance(entry.get("id"), str) else None
    supersedes = f"supersedes: {named}" if named else "supersedes: and its id"
    return (
        f"unknown field 'status': a decision has no status; to reverse or replace it, record "
        f"a new decision, with its own id and text, and {supersedes}; to keep it, give it a "
        "later review: date"
    )


def _item_quoted(item: Any) -> NameQuoted | None:
    """A list's item that YAML read as a key, a name and an address (`{'Policy': 'Team
    <team@example.org>'}`), quoted as YAML and mail both read it; None for any other."""
    if not isinstance(item, dict) or len(item) != 1:
        return None
    [(name, rest)] = item.items()
    return name_quoted(f"{name}: {rest}", any_address=True) if isinstance(rest, str) else None


def _quoted_value(item: Any) -> str:
    """An item of a list in brackets that YAML read as a key, as it must be written (or
    quoted whole, when it is no name and address: its own error says what it is)."""
    addressed = _item_quoted(item)
    if addressed is not None:
        return addressed.value
    if isinstance(item, dict):
        written = ", ".join(f"{key}: {value}" for key, value in item.items())
    else:  # a list or mapping in the list, or a value no text (its own error names it)
        written = str(item)
    return "'" + written.replace("'", "''") + "'"


def _flow_item(item: Any) -> str | None:
    """A text item of a list in brackets, or a true or false, as written there (quoted unless
    plain); None for an item that YAML read as a key (`_address_read_as_key` writes it)."""
    if isinstance(item, bool):  # its own error says to write an address there
        return str(item).lower()
    if not isinstance(item, str):
        return None
    if re.fullmatch(r"[\w.@+-]+", item):
        return item
    return "'" + item.replace("'", "''") + "'"


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Keep only the parts of pydantic's location that name keys or indexes in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str):
            path.append(part)  # a missing or extra key
            break
    return tuple(path)


def _field_name(path: tuple[str | int, ...]) -> str:
    """A place in the front matter as people count: ('actions', 2, 'status') is
    'action 3 status', ('email', 'to', 0) is 'email.to item 1'."""
    name = ""
    for part in path:
        if isinstance(part, int):
            head, dot, last = name.rpartition(".")
            name = f"{head}{dot}{_one_of(last) if last else 'item'} {part + 1}"
        elif not name:
            name = part
        else:
            name += f" {part}" if name[-1].isdigit() else f".{part}"
    return name or "front matter"


def _one_of(key: str) -> str:
    """What one item of the list `key` is called: actions -> action, categories -> category."""
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else f"{key} item"


def _known_fields(error: ValidationError, path: tuple[str | int, ...]) -> list[str]:
    model = _parent_model(error, path)
    return list(_fields_by_key(model)) if model else []


_ACTIONS_ALONE = ("status", "owner", "due")  # an action's update has them, a decision never
_DECISIONS_ALONE = ("review", "supersedes")  # a decision has them, an action never
# What a writer calls an entry's words, for the field that holds them ('text:' or 'title:').
_WORDS_NAMED = ("title", "text", "decision", "action", "description", "summary", "words")
# What a writer calls why a principle changed, which its commit message says.
_REASONS_NAMED = ("reason", "why", "note", "notes", "comment", "change", "changed", "rationale")
# What a writer calls when a principle was added or agreed, which its commits say.
_DATES_NAMED = frozenset(
    (
        *("added", "added_on", "date", "date_added", "dated", "since", "from", "when"),
        *("created", "introduced", "adopted", "agreed_on", "suggested_on", "retired_on"),
        *("agreed", "suggested", "retired"),
    )
)


def _in_the_other_list(error: ValidationError, path: tuple[str | int, ...]) -> str:
    """Where a field of the other kind of entry (an action's under `decisions:`, or a
    decision's under `actions:`) says the entry belongs, or ""."""
    model, name = _parent_model(error, path), str(path[-1])
    if model is DecisionFront and name in _ACTIONS_ALONE:
        return f": a decision has no '{name}'; to update or close an action, put it under actions:"
    if model is ActionFront and name in _DECISIONS_ALONE:
        return f": an action has no '{name}'; to review a decision, put it under decisions:"
    if model is PrincipleFront and name in _REASONS_NAMED:
        return (
            ": say why a principle changed in the commit message when you commit the change "
            "(its history on the principles page shows it)"
        )
    if model is DecisionFront and name in _WORDS_NAMED:
        return ": a decision's words go under 'text:'; write text: in its place"
    if model is PrincipleFront and name in _WORDS_NAMED:
        return ": a principle's words go under 'text:'; write text: in its place"
    if model is ActionFront and name in _WORDS_NAMED:
        return ": an action's words go under 'title:'; write title: in its place"
    return ""


# What a writer calls who came to a meeting, which a summary does not record.
_ATTENDANCE_NAMED = frozenset(
    ("attendees", "attendance", "attended", "present", "apologies", "participants", "members")
)
# What a writer calls the mail server's parts, which only the environment holds.
_SERVER_NAMED = frozenset(
    ("smtp", "smtp_url", "smtp_server", "smtp_host", "server", "host", "port", "user")
) | frozenset(("username", "login", "password", "pass", "secret", "smtp_password"))
_FIELDS_LISTED_UP_TO = 16  # site.yml's fields are more than a message should list


def _fields_there(error: ValidationError, path: tuple[str | int, ...], known: list[str]) -> str:
    """The end of an unknown field's message when no field's name is close and no other
    name for one (`_MEANT`): what the mapping's fields are, and, for a principle's date,
    where the site finds it."""
    name = str(path[-1]).lower()
    if _parent_model(error, path) is MeetingFront and name in _ATTENDANCE_NAMED:
        return (
            ": a summary names only who wrote it, under authors:; if the group records who "
            "came, say so in the text below the front matter"
        )
    if _parent_model(error, path) is EmailFront and name in _SERVER_NAMED:
        return (
            ": the mail server, its user and password are never written in a file (site.yml "
            f"is public): delete it here, and set {SMTP_URL_VARIABLE} to "
            "smtps://USER:PASSWORD@HOST:465 in the environment (a secret in CI; the README's "
            "email section says how); if a password was committed here, change it"
        )
    listed = ""
    if known and len(known) <= _FIELDS_LISTED_UP_TO:
        listed = f" (the fields here are {', '.join(known)})"
    if _parent_model(error, path) is PrincipleFront and name in _DATES_NAMED:
        status = name.removesuffix("_on")
        marked = (
            f"; to mark it {status}, write status: {status} in its place"
            if status in ("agreed", "suggested", "retired")
            else ""
        )
        return (
            f"{listed}: a principle is given no date; the principles page's history shows "
            f"when each was added and changed, from the commits that did it, so remove this "
            f"line{marked}"
        )
    return listed


def _parent_model(error: ValidationError, path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping that holds the field at `path`."""
    model: Any = _model_for(error.title)
    for part in path[:-1]:
        if isinstance(part, int) or model is None:
            continue
        model = _fields_by_key(model).get(part)
    return model


_SYNTAX = frozenset(":#[]{}'\"&*!|>%@`")  # a text holding one would need quotes in a list


def _plain_list(error: ValidationError, path: tuple[str | int, ...]) -> bool:
    """Whether the field at `path` lists plain values (names, ids), not mappings."""
    if not path or isinstance(path[-1], int):
        return False
    fields = _fields_by_key(model) if (model := _parent_model(error, path)) else {}
    return str(path[-1]) in fields and fields[str(path[-1])] is None


def _listed_words(
    detail: Any, path: tuple[str | int, ...], error: ValidationError
) -> list[str] | None:
    """The items of a plain list (names, ids) written as one line of words separated by
    commas (`themes: scenarios, digital confidence`), where a list was due, names by "and"
    or ";" too, as a sentence lists them (`authors: Jane Smith and Sam Lee`); else None."""
    given = detail.get("input")
    if detail["type"] != "list_type" or not isinstance(given, str):
        return None
    if not _plain_list(error, path) or set(given) & _SYNTAX:
        return None
    ids = path[-1] in ("themes", "principles")  # a theme's title may hold "and"
    items = (_ITEMS_APART if ids else _NAMES_APART).split(given)
    return [item.strip() for item in items if item.strip()]


_ITEMS_APART = re.compile(r",")
_NAMES_APART = re.compile(r",(?:\s*(?:and|&)\s+)?|;|\s+(?:and|&)\s+")


class _Named(NamedTuple):
    """The themes and principles a meeting may name: the id of each by the slug of its id
    and of its title (a theme's), and the ids to list for words that name none (principles
    None where content/principles.md cannot be read)."""

    themes: Mapping[str, str]
    theme_ids: tuple[str, ...]
    principles: Mapping[str, str] | None
    principle_ids: tuple[str, ...]


def _named(
    theme_docs: Iterable[SourceDoc], theme_ids: Set[str], principle_ids: Set[str] | None
) -> _Named:
    """The themes (their files', and slugs a theme claims as `formerly`) and principles a
    meeting may name, each by its id and a theme by its title too."""
    themes = {slug_of(tid): tid for tid in theme_ids}
    for doc in theme_docs:
        match = THEME_FILE.match(doc.path.rsplit("/", 1)[-1])
        title = doc.front.value.get("title") if isinstance(doc.front.value, dict) else None
        if match and isinstance(title, str) and slug_of(title):
            themes.setdefault(slug_of(title), match.group(1))
    files = {THEME_FILE.match(d.path.rsplit("/", 1)[-1]) for d in theme_docs}
    listed = sorted(m.group(1) for m in files if m)
    return _Named(
        MappingProxyType(themes),
        tuple(listed),
        None if principle_ids is None else MappingProxyType({slug_of(p): p for p in principle_ids}),
        tuple(sorted(principle_ids or ())),
    )


_IDS_LISTED = 12  # the most ids a message lists of the themes (or principles) there are


def _said_together(words: Sequence[str]) -> str:
    """ "'a'", "'a' and 'b'", "'a', 'b' and 'c'"."""
    quoted = [repr(word) for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _ids_in_words(field: str, key: str, words: Sequence[str], named: _Named) -> str | None:
    """The message for `themes: scenarios, digital confidence` (`key` themes or
    principles): the list to write, of the ids of the words that name one (a theme by its
    id or its title), and which there are, for the words that name none. None where the
    principles cannot be read."""
    theme = key == "themes"
    by_name = named.themes if theme else named.principles
    if by_name is None:
        return None
    noun = "theme" if theme else "principle"
    found: list[str] = []
    unnamed: list[str] = []
    for word in words:
        meant = by_name.get(slug_of(word))
        if meant is None:
            unnamed.append(word)
        elif meant not in found:
            found.append(meant)
    if not unnamed:
        return f"{field} must be a list: write it in brackets, [{', '.join(found)}]"
    write = (
        f"write it in brackets, [{', '.join(found)}]"
        if found
        else f"write in brackets the ids of the {noun}s it concerns"
    )
    names = "names" if len(unnamed) == 1 else "name"
    none = f"{_said_together(unnamed)} {names} no {noun}"
    return f"{field} must be a list: {write}; {none}: {_there_are(key, unnamed[0], named)}"


def _there_are(key: str, word: str, named: _Named) -> str:
    """Which themes (`key` themes) or principles there are, and how to start one `word`
    names: "the one theme is getting-started (to start a new theme, run …)"."""
    theme = key == "themes"
    noun = "theme" if theme else "principle"
    ids = named.theme_ids if theme else named.principle_ids
    shown = list(ids[:_IDS_LISTED])
    where = "content/themes/" if theme else "content/principles.md"
    if len(ids) > _IDS_LISTED:
        shown.append(f"{len(ids) - _IDS_LISTED} more (see {where})")
    if not ids:
        there = f"there is no {noun} yet"
    elif len(ids) == 1:
        there = f"the one {noun} is {ids[0]}"
    else:
        there = f"the {noun}s are {', '.join(shown[:-1])} and {shown[-1]}"
    first = word[:1].upper() + word[1:]
    start = (
        f'to start a new theme, run nominutes new theme "{first}"'
        if theme
        else f"to cite a new principle, add it to {where} with its text"
    )
    return f"{there} ({start})"


def _listed_id_told(message: str, path: Path_, given: Any, named: _Named | None) -> str:
    """The message for an invalid id in a meeting's themes or principles: a word naming
    one (a theme's title) told its id; one naming none yet (`Scenarios`) told which there
    are, and how to start one."""
    key = path[0] if len(path) == 2 and isinstance(path[1], int) else None
    if named is None or key not in ("themes", "principles") or not isinstance(given, str):
        return message
    by_name = named.themes if key == "themes" else named.principles
    slug = slug_of(given)
    if by_name is None or not slug or not message.endswith(f"; try '{slug}'"):
        return message
    noun = "theme" if key == "themes" else "principle"
    if (meant := by_name.get(slug, slug)) != slug:  # a theme's title: its id differs
        return message.replace(f"; try '{slug}'", f"; write its id, '{meant}'")
    if slug in by_name:
        return message
    words = " ".join(given.replace("-", " ").split())
    return f"{message}, though no {noun} has that id yet: {_there_are(str(key), words, named)}"


def _model_for(title: str) -> type[BaseModel] | None:
    models: dict[str, type[BaseModel]] = {
        m.__name__: m for m in (MeetingFront, ThemeFront, PrinciplesFront, SiteSettings)
    }
    return models.get(title)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def _first_entry_message(
    detail: Any, path: tuple[str | int, ...], error: ValidationError, where: Position
) -> str | None:
    """For a list of mappings given one mapping of its entries' fields (`actions:` over
    `  id: a` and `  title: …`, lined up), the '-' its entry lacks: two columns before its
    keys, or where its first key is if they are less than 4 in (the lines below then go 2
    further in)."""
    given = detail.get("input")
    if detail["type"] != "list_type" or not isinstance(given, dict) or not given:
        return None
    fields = _fields_by_key(model) if (model := _parent_model(error, path)) else {}
    entry = fields.get(str(path[-1])) if path else None
    if entry is None or not set(given) <= set(entry.model_fields):
        return None
    key, value = next(iter(given.items()))
    if not isinstance(value, str):
        return None
    written = f"{key}: {value}"
    keys_at = where.col - 1
    dash = keys_at - 2 if keys_at >= 4 else keys_at
    message = dash_missing_message(written, f"{' ' * dash}- {written}", str(path[-1]), None)
    if dash == keys_at and len(given) > 1:
        message += f", and indent the lines below it 2 spaces more, under '{key}:'"
    return message


# Words an id made from an action's title or a decision's text leaves out.
_SMALL_WORDS = frozenset(
    "a an and are as at be by for from in is it of on or our should that the their this to "  # noqa: SIM905
    "we will with".split()
)


def _id_suggested(entry: Any) -> str:
    """', such as 'use-scenarios-test-each'': an id made from the first words of the
    entry's title or text that say something, or '' when it has neither."""
    words = entry.get("title") or entry.get("text") if isinstance(entry, dict) else None
    if not isinstance(words, str):
        return ""
    kept = [word for word in slug_of(words).split("-") if word and word not in _SMALL_WORDS]
    return f", such as '{'-'.join(kept[:4])}'" if kept else ""


def _words_alone(field: str, kind: str, words: str) -> str:
    """The error for an entry under `actions:` or `decisions:` written as its words alone
    (`- We meet monthly.`), as minutes list them: how to write it as an entry."""
    key = "text" if kind == "decisions" else "title"
    made = _id_suggested({key: words}).removeprefix(", such as ").strip("'") or "short-name"
    what = "a decision needs an id" if key == "text" else "an action needs an id"
    message = (
        f"{field} is written as its words alone, '{words}'; {what} and its {key}, each on a "
        f"line of its own: '- id: {made}' and, under it, lined up with 'id:', "
        f"'{key}: {words}'"
    )
    if kind == "actions":
        message += ", then 'owner:' and 'due:' under that"
    return message


def _message(detail: Any, path: tuple[str | int, ...], error: ValidationError) -> str:
    kind, field = detail["type"], _field_name(path)
    if kind == "missing":
        if len(path) == 1:
            return f"'{path[-1]}' is required"
        owner = _field_name(path[:-1])  # 'action 2', 'email'
        if path[-1] == "id":
            return (
                f"{owner} has no 'id': give it one, a short name in lower-case letters, "
                f"digits and hyphens{_id_suggested(detail.get('input'))}"
            )
        return f"{owner} has no '{path[-1]}'; add it"
    if kind == "extra_forbidden":
        name = str(path[-1])
        known = _known_fields(error, path)
        hint = did_you_mean(name, known) or _in_the_other_list(error, path)
        return f"unknown field '{name}'{hint or _fields_there(error, path, known)}"
    if kind == "value_error":
        return f"{field}: {detail['msg'].removeprefix('Value error, ')}"
    if kind == "string_too_short":
        return f"{field} is empty"
    if kind == "too_short" and path[:1] == ("different_people",) and len(path) == 2:
        named = "no one" if detail["ctx"]["actual_length"] == 0 else "one person"
        return (
            f"{field} names {named}; list together two or more people whose names are close, "
            "e.g. [Dana Kim, Dan Kim]"
        )
    if kind == "too_short" and path[:1] == ("same_people",) and len(path) == 2:
        named = "no one" if detail["ctx"]["actual_length"] == 0 else "one name"
        return (
            f"{field} names {named}; list together the ways meetings write one person's "
            "name, the one to show first, e.g. [Siân Evans, Sian Evans]"
        )
    if kind == "too_short":
        return f"{field} is empty; list at least one"
    if kind == "list_type" and path[-1:] == ("owner",) and isinstance(detail.get("input"), bool):
        return _read_as_yes_or_no(field, detail["input"], path)
    if kind == "list_type" and path[:1] == ("different_people",):
        if len(path) == 1:
            return _groups_message("different_people", "different_people: [[Dana Kim, Dan Kim]]")
        return f"{field} must list two or more people in brackets, e.g. [Dana Kim, Dan Kim]"
    if kind == "list_type" and path[:1] == ("same_people",):
        if len(path) == 1:
            return _groups_message("same_people", "same_people: [[Siân Evans, Sian Evans]]")
        return (
            f"{field} must list two or more ways of writing one name in brackets, e.g. "
            "[Siân Evans, Sian Evans]"
        )
    if kind == "list_type":
        items = _listed_words(detail, path, error)
        if items is not None:
            if path[-1] in ("themes", "principles"):  # ids: 'digital confidence' is one slug
                items = [slug_of(item) or item for item in items]
            return f"{field} must be a list: write it in brackets, [{', '.join(items)}]"
        given = detail.get("input")
        if isinstance(given, dict) and given and (typed := pasted_bullet(str(next(iter(given))))):
            mended, words = typed
            value = next(iter(given.values()))
            shown = (
                mended if value is None or isinstance(value, dict | list) else f"{mended}: {value}"
            )
            return (
                f"{field} must be a list: its item starts with {words}, which YAML does not "
                f"read as a list's '-'; type '-' in its place: {shown}"
            )
        return f"{field} must be a list, e.g. [first, second]"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        words = detail.get("input")
        if len(path) == 2 and path[0] in ("actions", "decisions") and isinstance(words, str):
            return _words_alone(field, str(path[0]), words)
        return f"{field} must be a mapping of 'key: value' lines"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = detail["ctx"].get("ge", detail["ctx"].get("le"))
        return (
            f"{field} must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
        )
    if kind == "string_type":
        if detail.get("input") is None:
            return f"{field} is empty"
        if isinstance(detail.get("input"), bool):
            return _read_as_yes_or_no(field, detail["input"], path)
        given = detail.get("input")
        if isinstance(given, dict) and len(given) == 1:  # `[Sophie, Facilitator: Tom]`
            key, value = next(iter(given.items()))
            if isinstance(key, str) and isinstance(value, str | None):
                words = f"{key}: {value}" if value is not None else f"{key}:"
                return (
                    f"{field} '{words}' is read as 'key: value', as it holds ': '; "
                    f"quote it: {straight_quoted(words)}"
                )
        return f"{field} must be text, not a list or mapping"
    if kind in ("bool_parsing", "bool_type") and path == ("draft",):
        return _draft_message(detail.get("input"))
    if kind in ("bool_parsing", "bool_type"):
        return f"{field} must be true or false{_unquoted_bool(detail.get('input'), path)}"
    if kind in ("int_parsing", "int_type"):
        given = detail.get("input")
        if isinstance(given, str) and WHOLE_NUMBER.fullmatch(given):  # quoted, as it is text
            return (
                f"{field} must be a whole number, not the text {straight_quoted(given)}: "
                f"write {path[-1]}: {given} (no quotes)"
            )
        return f"{field} must be a whole number{_in_figures(given, path)}"
    return f"{field}: {detail['msg']}"


# What each group of `same_people` and `different_people` (site.yml) holds.
_GROUPS_OF = MappingProxyType(
    {
        "same_people": "the ways one person's name is written",
        "different_people": "people whose names are close",
    }
)


def _groups_message(key: str, fixed: str) -> str:
    """`same_people` or `different_people` not written as a list of groups, and `fixed`, the
    setting written as one."""
    return f"{key} must be a list of groups of {_GROUPS_OF[key]}, each group in brackets: {fixed}"


def _flat_groups(value: Any) -> dict[str, str]:
    """For `same_people` or `different_people` (site.yml) written as one flat list of names
    (`same_people: [A, B]`), the one message that stands for each name's: the names written,
    as one group in brackets."""
    found = {}
    for key in _GROUPS_OF:
        names = value.get(key) if isinstance(value, dict) else None
        if isinstance(names, list) and len(names) > 1 and all(isinstance(n, str) for n in names):
            group = ", ".join(_flow_name(name) for name in names)
            found[key] = _groups_message(key, f"write {key}: [[{group}]]")
    return found


def _flow_name(name: str) -> str:
    """A name as an item of a list in brackets: as it is, or in quotes where YAML would not
    read it so (a comma, a bracket or a '#' in it, or a mark it may not start with)."""
    plain = re.fullmatch(r"[^\W\d_][^,\[\]{}#:\"]*", name) and name == name.strip()
    if plain and name.lower() not in _READ_AS_OTHER:
        return name
    return straight_quoted(name)


# Words YAML reads as true, false or nothing, not as the name written.
_READ_AS_OTHER = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null"})


def _read_as_yes_or_no(field: str, given: bool, path: tuple[str | int, ...]) -> str:
    """For text written `true` or `false` (in any case), which YAML reads as yes or no: how
    to quote it to keep it as the words written."""
    word = "true" if given else "false"
    quoted = f'{path[-1]}: "{word}"' if isinstance(path[-1], str) else f'"{word}"'
    return (
        f"{field} is written {word}, which YAML reads as yes or no rather than as text: to "
        f"keep the word, quote it, {quoted}"
    )


def _in_figures(given: Any, path: tuple[str | int, ...]) -> str:
    """How to write as a whole number the text given for one (`12.5`, `twelve`)."""
    if not isinstance(given, str) or not path:
        return ""
    shown, key, word = straight_quoted(given), path[-1], given.strip().lower()
    if word in _NUMBER_WORDS:
        return f", not {shown}: write it in figures, {key}: {_NUMBER_WORDS.index(word)}"
    try:
        near = int(float(given))
    except (ValueError, OverflowError):
        return f", not {shown}: write it in figures, e.g. {key}: 12"
    return f", not {shown}: write a whole number, e.g. {key}: {near}"


_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


_SAID_TRUE = frozenset({"yes", "y", "on", "1"})
_SAID_FALSE = frozenset({"no", "n", "off", "0"})


def _unquoted_bool(given: Any, path: tuple[str | int, ...]) -> str:
    """How to write as true or false the text given for one (`'false'`, `no`, `1`)."""
    if not isinstance(given, str) or not path:
        return ""
    if given in ("true", "false", "True", "False", "TRUE", "FALSE"):  # quoted, as it is text
        quoted = straight_quoted(given)
        return f", not the text {quoted}: write {path[-1]}: {given.lower()} (no quotes)"
    meant = (
        "true" if given.lower() in _SAID_TRUE else "false" if given.lower() in _SAID_FALSE else None
    )
    return f", not {straight_quoted(given)}: write {path[-1]}: {meant}" if meant else ""


def _draft_message(given: Any) -> str:
    """What to write for a meeting's `draft:` given as something other than true or false."""
    shown = f", not {straight_quoted(given)}" if isinstance(given, str) else ""
    return (
        f"draft must be true or false{shown}: write draft: true (no quotes) to keep the "
        "meeting unpublished, or remove the line to publish it"
    )


def _numbers_as_written(doc: SourceDoc, model: type[BaseModel]) -> SourceDoc:
    """`doc` with each whole number written unquoted read as a number (safeyaml keeps it as
    text) where `model` wants one, so that a field wanting a number refuses a quoted "5"."""
    if not isinstance(doc.front.value, dict) or not doc.front.whole_numbers:
        return doc
    value = doc.front.value
    for path in doc.front.whole_numbers:
        if _wants_number(model, path):
            value = _with_number(value, path)
    return replace(doc, front=replace(doc.front, value=value))


def _wants_number(model: type[BaseModel], path: Path_) -> bool:
    """Whether the field at `path` takes a whole number: a misnamed key is taken as the key it
    is most like, as its value is checked as that key's."""
    held: type[BaseModel] | None = model
    for index, part in enumerate(path):
        if isinstance(part, int):
            continue
        fields = {field.alias or name: field for name, field in held.model_fields.items()}
        key = part if part in fields else closest(part, fields)
        if key is None:
            return False
        if index == len(path) - 1:
            return fields[key].annotation is int
        held = _inner_model(fields[key].annotation)
        if held is None:
            return False
    return False


def _with_number(value: Any, path: Path_) -> Any:
    """`value` (mappings and lists) with the text at `path` read as a whole number, if it is
    there (a reading of some fields alone may not hold it)."""
    if not path:
        return int(value) if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value) else value
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _with_number(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and head < len(value):
        return [_with_number(item, rest) if at == head else item for at, item in enumerate(value)]
    return value


def parse_front(
    model: type[Front],
    doc: SourceDoc,
    problems: list[Problem],
    context: dict | None = None,
    taken: Mapping[str, Set[str]] | None = None,
    catalogue: _Named | None = None,
) -> Front | None:
    """`doc`'s front matter as `model`, or None with its problems in `problems` (`taken`,
    `catalogue`: see `problems_from`)."""
    if not isinstance(doc.front.value, dict):
        got = "list" if isinstance(doc.front.value, list) else "single value"
        what = doc.path if doc.kind is Kind.SETTINGS else "front matter"
        where = doc.front.position_of(())
        problems.append(
            Problem(
                doc.path,
                where.line,
                where.col,
                f"{what} must be a mapping of 'key: value' lines, not a {got}",
            )
        )
        return None
    doc = _numbers_as_written(doc, model)
    try:
        return model.model_validate(doc.front.value, context=context)
    except ValidationError as error:
        failed = error
    # A misnamed key is an error, and its value is checked as the key it was meant to be.
    unknown = any(detail["type"] == "extra_forbidden" for detail in failed.errors())
    renamed = _meant_keys(model, doc.front.value) if unknown else None
    if renamed is None or not renamed.written:
        problems.extend(problems_from(failed, doc, taken=taken, catalogue=catalogue))
        return None
    for path, key in renamed.written.items():
        written = renamed.as_written(path)
        where = doc.front.position_of(written, key=True)
        cut = _comma_cut_value(written, doc.front.value, doc, set())  # `not three` as `note`
        if cut == "":
            continue
        pasted = pasted_characters(key)
        if pasted is not None and pasted[0].strip() == path[-1]:
            cut = cut or f"unknown field '{key}': it holds {pasted[1]}; write '{path[-1]}:'"
        message = cut or f"unknown field '{key}'; did you mean '{path[-1]}'?"
        problems.append(Problem(doc.path, where.line, where.col, message))
    try:
        return model.model_validate(renamed.value, context=context)
    except ValidationError as error:
        problems.extend(problems_from(error, doc, renamed, taken, catalogue))
        return None


def _settings(
    docs: list[SourceDoc], options: BuildOptions, problems: list[Problem]
) -> Settings | None:
    if not docs:
        return None
    front = parse_front(SiteSettings, docs[0], problems)
    if front is None:
        return None
    problems += _starter_placeholders(docs[0]) + _repeated_addresses(docs[0])
    problems += _members_addresses(docs[0])
    problems += _same_people_mistakes(docs[0], front)
    base_url = options.base_url or front.base_url
    config = SiteConfig(
        title=front.title,
        description=front.description,
        base_url=_with_slash(base_url),
        language=front.language,
        page_size=front.page_size,
        actions_page_size=front.actions_page_size,
        site_theme=front.site_theme,
        repo_url=front.repo_url,
        edit_uri=front.edit_uri,
        feedback_url=front.feedback_url,
        allow_html=front.allow_html,
        keep_in_output=tuple(front.keep_in_output),
        overdue_grace_days=front.overdue_grace_days,
        search=front.search,
        history=front.history,
        timezone=front.timezone,
        email=EmailSettings(
            tuple(front.email.to),
            front.email.from_,
            front.email.reply_to,
            front.email.subject_prefix,
            tuple(front.email.bcc),
            tuple(front.email.unsubscribe),
        )
        if front.email
        else None,
        accessibility=AccessibilitySettings(
            front.accessibility.contact, front.accessibility.last_tested
        ),
        different_people=tuple(tuple(names) for names in front.different_people),
        same_people=tuple(tuple(names) for names in front.same_people),
        taken_out_for_good=tuple(front.taken_out_for_good),
        former_base_url=_with_slash(front.former_base_url) if front.former_base_url else None,
        extra_css=tuple(front.extra_css),
        logo=front.logo,
        logo_dark=front.logo_dark,
    )
    return Settings(
        site=config,
        source=options.source,
        output=options.output,
        build_date=options.day_in(config.timezone),
        drafts=options.drafts,
        strict=options.strict,
        jobs=options.jobs,
        preview=options.preview,
    )


def _with_slash(url: str) -> str:
    """An address of a site, ending in `/` as the pages' links expect."""
    return url if url.endswith("/") else url + "/"


PLACEHOLDER_SETTINGS = ("title", "base_url", "repo_url", "feedback_url")


def _starter_site_yml() -> str:
    """The site.yml `init` writes (package data of the scaffold, read as text)."""
    return (
        resources.files("generator").joinpath("scaffold", "starter", "site.yml").read_text("utf-8")
    )


@cache
def starter_placeholders() -> Mapping[str, str]:
    """The example values `init` writes into site.yml, which a group must replace."""
    values = parse_yaml(_starter_site_yml()).value
    return MappingProxyType({key: values[key] for key in PLACEHOLDER_SETTINGS if key in values})


@cache
def starter_timezone() -> str | None:
    """The time zone `init` writes into site.yml (None: it names none)."""
    zone = parse_yaml(_starter_site_yml()).value.get("timezone")
    return zone if isinstance(zone, str) else None


@cache
def _starter_email() -> Mapping[str, Any]:
    """The email settings `init` writes into site.yml, commented out, as they read with
    each line's '# ' deleted."""
    lines = _starter_site_yml().splitlines()
    block = "\n".join(line.removeprefix("# ") for line in lines[lines.index("# email:") :])
    return MappingProxyType(parse_yaml(block).value["email"])


@cache
def starter_addresses() -> frozenset[str]:
    """The example addresses of the email settings `init` writes into site.yml, commented
    out, which a group that sends email must replace."""
    email = _starter_email()
    listed = [*email.get("to", []), *email.get("bcc", []), email["from"]]
    return frozenset(address.lower() for _, address in getaddresses(listed))


@cache
def starter_unsubscribe() -> frozenset[str]:
    """The example `unsubscribe` address (a page) of the email settings `init` writes into
    site.yml, commented out, which a group that sets it must replace."""
    given = _starter_email().get("unsubscribe", [])
    return frozenset(given if isinstance(given, list) else [given])


def _example_addresses(doc: SourceDoc) -> list[Problem]:
    """A warning for each of the email settings' addresses still the starter's example."""
    found = []
    for place, value in _email_values(doc, ("from", "to", "bcc")):
        for _, address in getaddresses([value]):
            if address.lower() not in starter_addresses():
                continue
            found.append(
                _warning_at(
                    doc,
                    place,
                    f"email {place[1]}: {address!r} is still the example address that init "
                    "wrote; set it to your group's own (see the README's first steps)",
                )
            )
    for place, value in _email_values(doc, ("unsubscribe",)):
        if value.strip() in starter_unsubscribe():
            found.append(
                _warning_at(
                    doc,
                    place,
                    f"email unsubscribe: {value.strip()!r} is still the example address that "
                    "init wrote; set it to where members leave your group's list (its page, "
                    "or its request address as mailto:…), or delete the line",
                )
            )
    return found


def _repeated_addresses(doc: SourceDoc) -> list[Problem]:
    """A warning for an address listed again under the email settings' `to` or `bcc` (a line
    YAML read as mended, its address perhaps the message's example, is not compared)."""
    found: list[Problem] = []
    first: dict[str, tuple[Path_, int]] = {}  # address -> where it is first listed
    mended = {at.line for _, at in doc.front.errors}
    for place, value in _email_values(doc, ("to", "bcc")):
        line = doc.front.position_of(place).line
        if line in mended:
            continue
        for _, address in getaddresses([value]):
            seen, seen_line = first.setdefault(address.lower(), (place, line))
            if seen != place:
                found.append(
                    _warning_at(
                        doc,
                        place,
                        f"email {place[1]}: {address!r} is listed already (under "
                        f"{seen[1]}, line {seen_line}); it is sent one copy: list it once",
                    )
                )
    return found


# As many addresses under `to` and `bcc` as a group's list address and one or two others (a
# secretary, observers) would not reach: members' own, by the look of it.
_MEMBERS_LISTED = 3


def _members_addresses(doc: SourceDoc) -> list[Problem]:
    """A warning at `to` (or `bcc`) when site.yml lists so many addresses that they look like
    members' own: the repository shows them to anyone, and `to` to every member."""
    listed = {
        address.lower(): place[:2]
        for place, value in reversed(_email_values(doc, ("to", "bcc")))
        for _, address in getaddresses([value])
        if "@" in address and address.lower() not in starter_addresses()
    }
    if len(listed) < _MEMBERS_LISTED:
        return []
    first = min(listed.values(), key=lambda place: doc.front.position_of(place).line)
    return [
        _warning_at(
            doc,
            first,
            f"email: site.yml lists {len(listed)} addresses under to and bcc; if they are "
            "members' own, anyone can read them in the repository (public on GitHub Pages, "
            "history and all), and under to each member sees the others': send to the "
            "group's list address, or put members' addresses in the NOMINUTES_EMAIL_BCC "
            "secret instead (see the README's email section)",
        )
    ]


def _email_values(doc: SourceDoc, keys: Iterable[str]) -> list[tuple[Path_, str]]:
    """The texts under `keys` of the email settings (one value, or each of a list's), each
    with its place in the front matter."""
    email = doc.front.value.get("email")
    if not isinstance(email, dict):
        return []
    found: list[tuple[Path_, object]] = []
    for key in keys:
        values = email.get(key)
        if isinstance(values, list):
            found += [(("email", key, index), value) for index, value in enumerate(values)]
        else:
            found.append((("email", key), values))
    return [(place, value) for place, value in found if isinstance(value, str)]


def _starter_placeholders(doc: SourceDoc) -> list[Problem]:
    """A warning for each setting still holding the starter's example value."""
    front = doc.front.value
    found = _example_addresses(doc)
    for key, example in starter_placeholders().items():
        if front.get(key) == example:
            found.append(
                _warning_at(
                    doc,
                    (key,),
                    f"{key} is still the example {example!r} that init wrote; set it to "
                    "your group's own (see the README's first steps)",
                )
            )
    return found


def address_moved(doc: SourceDoc, before: str, config: SiteConfig) -> Problem | None:
    """An advisory warning at site.yml's `doc` `base_url` when, no `former_base_url` set, the
    feeds', calendars' and email's ids are made from another address than the last build's
    (`before`): what subscribers will see, and the setting that keeps them. None when they
    are not, or when either address is a preview's on this computer (or the starter's
    example), to which no one subscribed."""
    return _moved_from(doc, before, config.id_base_url, config.former_base_url is not None)


def address_moved_beside_errors(doc: SourceDoc, before: str) -> Problem | None:
    """`address_moved` for a build that failed, with site.yml's addresses read from `doc`
    (None when site.yml has an error of its own): the move is said before the site is
    published from the new address, while `former_base_url` can still keep the ids."""
    front = parse_front(SiteSettings, doc, [])
    if front is None:
        return None
    now = _with_slash(front.former_base_url or front.base_url)
    return _moved_from(doc, before, now, front.former_base_url is not None)


def _moved_from(doc: SourceDoc, before: str, now: str, former_set: bool) -> Problem | None:
    """The warning of `address_moved`, the ids' address being `now`."""
    if former_set or now == before or _unpublished(before) or _unpublished(now):
        return None  # (a former address set is the group's choice: a build never doubts it)
    message = (
        f"the site's address moved from {before} to {now} since the site was last built: "
        "feed readers will show every meeting and decision as new again, calendar apps will "
        "show every meeting and action twice, and members' mail filters on the group's emails "
        f"will stop matching; to keep them as they were, add 'former_base_url: {before}' to "
        "site.yml"
    )
    return replace(_warning_at(doc, ("base_url",), message), advisory=True)


def _unpublished(url: str) -> bool:
    """Whether `url` is no published site's: this computer's (a preview) or the starter's
    example."""
    host = (urlsplit(url).hostname or "").lower()
    on_this_computer = host in ("localhost", "::1", "0.0.0.0") or host.startswith("127.")
    return (
        on_this_computer
        or host.endswith(".localhost")
        or url == starter_placeholders().get("base_url")
    )


def _owners_with_commas(doc: SourceDoc) -> list[Problem]:
    """A warning for an owner written with a comma, which is one owner to YAML: most often
    two people meant as a list."""
    found = []
    for index, action in _items(doc.front.value, "actions"):
        owner = action.get("owner") if isinstance(action, dict) else None
        if isinstance(owner, str) and "," in owner:
            names = ", ".join(name.strip() for name in owner.split(",") if name.strip())
            found.append(
                _warning_at(
                    doc,
                    ("actions", index, "owner"),
                    f"owner '{owner}' is one owner with a comma in the name; for several "
                    f"owners write a list: owner: [{names}]",
                )
            )
        elif isinstance(owner, str) and (names := _two_names_joined(owner)):
            found.append(
                _warning_at(
                    doc,
                    ("actions", index, "owner"),
                    f"owner '{owner}' is one owner, with one list of actions; if these are "
                    f"different people, write a list: owner: [{', '.join(names)}]",
                )
            )
    return found


def _names_joined_in_lists(doc: SourceDoc) -> list[Problem]:
    """A warning for a name in brackets that is people joined by 'and' (`authors: [Jane
    Smith and Sam Lee]`, an action's `owner: [Priya and Tom]`), which a list takes as one
    person: the list with each of them apart, as `authors: Jane Smith and Sam Lee` is told."""
    front = doc.front.value
    lists: list[tuple[Path_, Any]] = [(("authors",), front.get("authors"))]
    lists += (
        (("actions", index, "owner"), action.get("owner"))
        for index, action in _items(front, "actions")
        if isinstance(action, dict)
    )
    found = []
    for place, names in lists:
        if not isinstance(names, list):
            continue
        apart = [_two_names_joined(n) if isinstance(n, str) else [] for n in names]
        key = str(place[-1])
        for index, joined in enumerate(apart):
            if not joined:
                continue
            listed = ", ".join(
                ", ".join(split or [str(name)]) for name, split in zip(names, apart, strict=True)
            )
            person = "author" if key == "authors" else "owner"
            found.append(
                _warning_at(
                    doc,
                    (*place, index),
                    f"{person} '{names[index]}' is one {person} to the list; if these are "
                    f"different people, write each apart: {key}: [{listed}]",
                )
            )
    return found


_JOINED = re.compile(r"\s+(?:and|&)\s+")


def _two_names_joined(owner: str) -> list[str]:
    """The names in an owner written as people joined by 'and' or '&' ('Priya and Tom',
    'Priya Shah & Tom'), each a name of one to three capitalised words; [] for any other,
    such as 'Policy and strategy team'."""
    names = [name.strip() for name in _JOINED.split(owner.strip())]
    if len(names) < 2:
        return []
    is_name = all(
        0 < len(name.split()) <= 3 and all(word[:1].isupper() for word in name.split())
        for name in names
    )
    return names if is_name else []


def _action_fields_left_empty(doc: SourceDoc) -> list[Problem]:
    """A warning for an action's `owner:` that names no one (`owner: [ ]`, which shows it as
    Unassigned on no owner's list, or nothing after the colon, which sets nothing), and for
    a `due:` with nothing after it, which sets nothing either."""
    found = []
    for index, action in _items(doc.front.value, "actions"):
        if not isinstance(action, dict):
            continue
        name = action.get("id")
        owner = action.get("owner")
        if "owner" in action and _names_no_one(owner):
            what = (
                "'owner:' with no name, which sets nothing"
                if owner is None
                else "an owner list that names no one, so it shows as Unassigned, on no "
                "owner's list"
            )
            found.append(
                _warning_at(
                    doc,
                    ("actions", index, "owner"),
                    f"action '{name}' has {what}; name who will do it, or write owner: All members",
                )
            )
        for said in _owners_saying_no_one(owner):
            found.append(
                _warning_at(
                    doc,
                    ("actions", index, "owner"),
                    f"action '{name}' has owner: {said}, which a reader of the site cannot "
                    "tell who is; " + _OWNER_WORDS[said.lower()],
                )
            )
        if "due" in action and action["due"] in (None, ""):
            found.append(
                _warning_at(
                    doc,
                    ("actions", index, "due"),
                    f"action '{name}' has 'due:' with no date, which sets nothing; write "
                    "the date it is due by, as YYYY-MM-DD, or delete the line",
                )
            )
    return found


_NAME_IT = "name who will do it (owner: Priya Shah), or write owner: All members"
_NOT_AGREED = "leave owner: out until it is agreed (it shows as Unassigned), then name them"
# An owner a member writes for themself, the room or no one yet, and what to write instead.
_OWNER_WORDS = MappingProxyType(
    dict.fromkeys(("me", "i", "myself", "us", "we", "you", "someone", "anyone"), _NAME_IT)
    | dict.fromkeys(("everyone", "all", "everybody", "the group", "group", "team"), _NAME_IT)
    | dict.fromkeys(
        ("tbc", "tbd", "tba", "?", "??", "n/a", "none", "nobody", "unknown"), _NOT_AGREED
    )
)


def _owners_saying_no_one(owner: Any) -> list[str]:
    """Each name of an action's `owner:` (one, or a list) that is a word in place of a name:
    'me', 'TBC'."""
    names = owner if isinstance(owner, list) else [owner]
    return [
        name.strip()
        for name in names
        if isinstance(name, str) and name.strip().lower() in _OWNER_WORDS
    ]


_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^\s)>]+)>?\s*\)")
# The fields of an action and a decision shown as plain text on every page, feed and email.
_PLAIN_FIELDS = (
    ("actions", "title"),
    ("actions", "note"),
    ("decisions", "text"),
    ("decisions", "note"),
)


def _links_in_entries(doc: SourceDoc) -> list[Problem]:
    """A warning for a Markdown link written in an action's or a decision's words or note,
    which show as plain text everywhere, so the link shows as written, brackets and all."""
    found = []
    for key, field in _PLAIN_FIELDS:
        for index, entry in _items(doc.front.value, key):
            text = entry.get(field) if isinstance(entry, dict) else None
            link = _MARKDOWN_LINK.search(text) if isinstance(text, str) else None
            if link is None:
                continue
            words, address = link.groups()
            kind = key.removesuffix("s")
            found.append(
                _warning_at(
                    doc,
                    (key, index, field),
                    f"{kind} {index + 1} {field}: the link [{words}]({address}) shows as written, "
                    f"brackets and all: a{'n' if kind == 'action' else ''} {kind}'s {field} is "
                    f"plain text; write the words alone and the address after them ({words}: "
                    f"{address}), or put the link in the summary below the front matter",
                )
            )
    return found


def _names_no_one(owner: object) -> bool:
    names = owner if isinstance(owner, list) else [owner]
    return all(name is None or (isinstance(name, str) and not name.strip()) for name in names)


def _raw_principle_ids(docs: list[SourceDoc]) -> set[str] | None:
    """Principle ids as written, even if principles.md has other errors (no cascades).

    None when the list itself is unreadable: then references cannot be checked.
    """
    front = docs[0].front.value if docs and isinstance(docs[0].front.value, dict) else {}
    if docs and not isinstance(front.get("principles", []), list):
        return None
    return {
        item["id"]
        for _, item in _items(front, "principles")
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _principles(docs: list[SourceDoc], problems: list[Problem]) -> PrinciplesPage:
    empty = PrinciplesPage("content/principles.md", "Principles", (), "", 1)
    if not docs:
        return empty
    doc = docs[0]
    problems += _duplicate_principles(doc)
    front = parse_front(PrinciplesFront, doc, problems)
    if front is None:
        return replace(empty, body=doc.body, body_line=doc.body_line)
    principles = tuple(
        Principle(p.id, p.text, PrincipleStatus(p.status) if p.status else None)
        for p in front.principles
    )
    return PrinciplesPage(doc.path, front.title, principles, doc.body, doc.body_line)


def _duplicate_principles(doc: SourceDoc) -> list[Problem]:
    """An error for each principle id given again, read from the front matter as written
    (so it is told beside the file's other errors)."""
    front = doc.front.value if isinstance(doc.front.value, dict) else {}
    problems = []
    first_line: dict[str, int] = {}
    for index, item in _items(front, "principles"):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        at = doc.front.position_of(("principles", index, "id"))
        if item["id"] in first_line:
            problems.append(
                Problem(
                    doc.path,
                    at.line,
                    at.col,
                    f"duplicate principle id '{item['id']}' (first on line "
                    f"{first_line[item['id']]}): give this principle an id of its own, or, "
                    "if the two are one principle, merge them into one entry",
                )
            )
        first_line.setdefault(item["id"], at.line)
    return problems


# The folder a list's later pages are in (themes/page/2/, and themes/page/ listing them; the
# same under actions/by-theme/ and decisions/by-theme/): no theme's slug, which would give
# its pages those addresses, and one would overwrite the other once its list has more than
# one page.
LIST_PAGES_SLUGS = ("page",)


def _slug_of_list_pages(doc: SourceDoc, present: Set[str]) -> Problem:
    """The error at a theme file whose name is one of `LIST_PAGES_SLUGS`, with a name to
    give it (its title's slug, if free among `present`)."""
    name = doc.path.rsplit("/", 1)[-1]
    slug = name.removesuffix(".md")
    titled = _title_slug(doc)
    free = titled and titled not in LIST_PAGES_SLUGS
    rename_to = f"{THEMES_DIR}/{titled}.md" if free else None
    if rename_to in present:
        rename_to = None
    fix = f"rename it {titled}.md" if rename_to else "rename it after what the theme is about"
    return Problem(
        doc.path,
        1,
        1,
        f"theme file name '{name}' takes the address of the themes list's later pages "
        f"(themes/{slug}/2/, and themes/{slug}/ listing them; the tracker's and the "
        f"register's lists of themes have theirs at actions/by-theme/{slug}/ and "
        f"decisions/by-theme/{slug}/): once a list of themes has more than one page, one "
        f"would overwrite the other; {fix}, and name the new slug in the meetings' themes "
        f"('formerly: [{slug}]' cannot keep the old address: it is the lists')",
        rename_to=rename_to,
    )


def _theme(
    doc: SourceDoc, present: Set[str], claims: _Claims, problems: list[Problem]
) -> Theme | None:
    """The theme `doc` holds, None when it has an error; its problems go to `problems`. A
    file misnamed is told the name to give it, or, when a note of `present` has that name
    or another misnamed note is told to take it (`claims`), what to do instead."""
    name = doc.path.rsplit("/", 1)[-1]
    match = THEME_FILE.match(name)
    if not match:
        slug = theme_slug_meant(name.removesuffix(".md"))
        rename_to = f"{THEMES_DIR}/{slug}.md" if slug else None
        fix = f"; rename it {slug}.md" if slug else ""
        if doc.path in claims.instead:
            fix = _name_not_free(doc.path, rename_to, present, claims, "theme")
        message = f"theme file name '{name}' must be a slug: lower-case letters, digits, hyphens"
        problems.append(Problem(doc.path, 1, 1, message + fix, rename_to=rename_to))
    if match and match.group(1) in LIST_PAGES_SLUGS:
        problems.append(_slug_of_list_pages(doc, present))
        match = None
    front = parse_front(ThemeFront, doc, problems)
    if front is None or not match:
        return None
    return Theme(
        match.group(1),
        doc.path,
        front.title,
        front.summary,
        doc.body,
        doc.body_line,
        front.retired,
        tuple(front.formerly),
        _key_at(doc, "title"),
    )


def _meeting(
    doc: SourceDoc,
    known: tuple[set[str], set[str] | None, Mapping[str, str], Mapping[str, Removal], Set[str]],
    present: Set[str],
    claims: _Claims,
    problems: list[Problem],
    taken: Mapping[str, Set[str]] | None = None,
    written_like: Callable[[str], str | None] | None = None,
    catalogue: _Named | None = None,
) -> Meeting | None:
    """The meeting `doc` holds, None when it has an error; its problems go to `problems`.
    What needs no other field to be right (the ids it names, each action listed once) is
    checked whatever else is wrong. `present`: the notes' paths, and `claims`, the names
    misnamed notes are told to take, which a misnamed file's error does not tell it to
    take; `taken`: see `problems_from`; `written_like`: the way the site writes a name like
    one made from an email address (`NamesWritten.like`); `catalogue`: see `problems_from`."""
    problems += check_references(doc, *known)
    meeting = _meeting_read(
        doc,
        problems,
        present=present,
        claims=claims,
        taken=taken,
        written_like=written_like,
        catalogue=catalogue,
    )
    if meeting is not None:
        problems += _duplicate_actions(doc, ((a.id, a.at) for a in meeting.actions))
    else:
        problems += _duplicate_actions(doc, _written_action_ids(doc))
    return meeting


def _meeting_read(
    doc: SourceDoc,
    problems: list[Problem],
    name: str | None = None,
    present: Set[str] = frozenset(),
    claims: _Claims = _NO_CLAIMS,
    taken: Mapping[str, Set[str]] | None = None,
    written_like: Callable[[str], str | None] | None = None,
    catalogue: _Named | None = None,
) -> Meeting | None:
    """The meeting `doc` holds, from its file name (or `name`, for one misnamed) and front
    matter alone. A file misnamed is told the name to give it, or, when a note of
    `present` has that name or another misnamed note is told to take it (`claims`), what to
    do instead."""
    name = name or doc.path.rsplit("/", 1)[-1]
    match = MEETING_FILE.match(name)
    if not match:
        dated = doc.front.value.get("date") if isinstance(doc.front.value, dict) else None
        meant = _meeting_file_name_for(name, dated)
        folder = doc.path.rpartition("/")[0]
        rename_to = f"{folder}/{meant}" if meant else None
        fix = f"; rename it {meant}" if meant else ""
        if doc.path in claims.instead:
            fix = _name_not_free(doc.path, rename_to, present, claims, "meeting")
        message = f"meeting file name '{name}' must look like YYYY-MM-DD-short-title.md{fix}"
        problems.append(Problem(doc.path, 1, 1, message, rename_to=rename_to))
    named = _date_named(name)
    context = {
        "held": _held(doc, named),
        "announced": _announced(doc),
        "named": named,
        "written_like": written_like,
    }
    front = parse_front(MeetingFront, doc, problems, context, taken, catalogue)
    if front is None:
        problems += _dates_beside_errors(doc)
        return None
    decisions, reviews = _decisions_and_reviews(doc, front.decisions)
    problems += _dates_checked(doc, front, decisions, reviews)
    problems += _review_entries_checked(doc, front.decisions, decisions, reviews)
    if not match:
        return None
    actions = tuple(_action(doc, index, a) for index, a in enumerate(front.actions))
    problems += _owners_with_commas(doc)
    problems += _names_joined_in_lists(doc)
    problems += _action_fields_left_empty(doc)
    problems += _links_in_entries(doc)
    slot = Slot(front.time, front.end, front.location)
    announced = front.next_meeting
    next_slot = Slot(announced.time, announced.end, announced.location) if announced else Slot()
    poll = front.self_assessment
    return Meeting(
        slug=name.removesuffix(".md"),
        path=doc.path,
        title=front.title,
        date=front.date,
        authors=tuple(front.authors),
        summary=front.summary,
        categories=tuple(front.categories),
        themes=tuple(front.themes),
        principles=tuple(front.principles),
        actions=actions,
        next_meeting=announced.date if announced else None,
        draft=front.draft,
        self_assessment=Poll(
            poll.question, tuple(PollOption(o.key, o.label, o.count) for o in poll.options)
        )
        if poll
        else None,
        body=doc.body,
        body_line=doc.body_line,
        date_at=_location(doc, ("date",)),
        decisions=decisions,
        slot=slot,
        next_slot=next_slot,
        reviews=reviews,
        decisions_at=_key_at(doc, "decisions"),
        authors_at=tuple(
            (where.line, where.col)
            for where in (doc.front.position_of(("authors", n)) for n in range(len(front.authors)))
        ),
        themes_at=_key_at(doc, "themes"),
        title_at=_key_at(doc, "title"),
        principles_at=_key_at(doc, "principles"),
    )


def _key_at(doc: SourceDoc, key: str) -> Location | None:
    """Where the front matter's top-level `key` is written, if it is."""
    return _location(doc, (key,), key=True) if (key,) in doc.front.key_positions else None


def _dates_checked(
    doc: SourceDoc,
    front: MeetingFront,
    decisions: Iterable[DecisionEntry],
    reviews: Iterable[DecisionReview] = (),
) -> list[Problem]:
    """What is wrong with the times and dates a meeting gives, each beside its date: its
    file name's date, its end, the next meeting's, each decision's review, and each next review
    of a decision it reviewed."""
    announced = front.next_meeting
    next_slot = Slot(announced.time, announced.end, announced.location) if announced else Slot()
    found = _file_name_date(doc, front.date, front.title)
    found += _title_day(doc, front.title, front.date)
    found += _check_slot(doc, (), Slot(front.time, front.end))
    found += _check_slot(doc, ("next_meeting",), next_slot)
    if announced and announced.date <= front.date:
        found.append(_next_meeting_not_after(doc, announced.date, front.date))
    found += (
        _review_before_decided(d, front.date)
        for d in decisions
        if d.review is not None and d.review < front.date
    )
    found += (
        _at(
            r.review_at or r.at,
            f"decision '{r.id}' is reviewed here with its next review on {r.review}, before "
            f"this meeting ({front.date}); give a later date, or remove 'review' if no "
            "further review is due",
        )
        for r in reviews
        if r.review is not None and r.review < front.date
    )
    return found


def _at(where: Location, message: str) -> Problem:
    return Problem(where.path, where.line, where.col, message)


def _decisions_and_reviews(
    doc: SourceDoc, entries: Iterable[Any]
) -> tuple[tuple[DecisionEntry, ...], tuple[DecisionReview, ...]]:
    """The decisions a meeting's `decisions:` makes (each entry with a text), and those of
    earlier meetings it reviews and keeps (each entry without)."""
    made, reviews = [], []
    for index, entry in enumerate(entries):
        if entry.text is not None:
            made.append(_decision(doc, index, entry))
        else:
            reviews.append(_review(doc, index, entry))
    return tuple(made), tuple(reviews)


def _review_entries_checked(
    doc: SourceDoc,
    entries: list[Any],
    made: tuple[DecisionEntry, ...],
    reviews: tuple[DecisionReview, ...],
) -> list[Problem]:
    """What a meeting's file alone shows wrong with its reviews: a decision's fields on an
    entry without a text, a note on one with a text, a decision reviewed twice, or reviewed
    at the meeting that made it."""
    found = []
    for index, entry in enumerate(entries):
        if entry.text is None:
            found += (
                _at(
                    _location(doc, ("decisions", index, key)),
                    f"decision '{entry.id}' has no text, so it records a review of an "
                    f"earlier meeting's decision, which takes only 'review' and 'note'; give "
                    f"it a text to make a new decision, or remove '{key}'",
                )
                for key in ("themes", "principles", "supersedes")
                if key in entry.model_fields_set
            )
        elif entry.note is not None:
            found.append(
                _at(
                    _location(doc, ("decisions", index, "note")),
                    f"decision '{entry.id}' has a text and a 'note': a note is for a review "
                    "of an earlier meeting's decision (an entry with no text); to review "
                    "one, leave out 'text'; to make a new decision, say it in the text or "
                    "the summary and remove 'note'",
                )
            )
    made_at = {d.id: d.at for d in made}
    reviewed: dict[str, Location] = {}
    for review in reviews:
        if review.id in made_at:
            found.append(
                _at(
                    review.at,
                    f"decision '{review.id}' is made at this meeting (line "
                    f"{made_at[review.id].line}), so it cannot be reviewed at it; remove this "
                    "entry, or give the decision its own 'review' date",
                )
            )
        elif review.id in reviewed:
            found.append(
                _at(
                    review.at,
                    f"decision '{review.id}' is reviewed twice at this meeting (first at line "
                    f"{reviewed[review.id].line}); remove one",
                )
            )
        else:
            reviewed[review.id] = review.at
    return found


def _date_named(name: str) -> date | None:
    """The date a meeting file's name starts with, if it is a real one."""
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


def _held(doc: SourceDoc, named: date | None) -> date | None:
    """The meeting's date (what its actions' due dates follow and are reckoned from), or,
    written wrong, the date its error suggests (see `meeting_date_meant`)."""
    written = doc.front.value.get("date") if isinstance(doc.front.value, dict) else None
    return meeting_date_meant(written, named)


def _announced(doc: SourceDoc) -> date | None:
    """The next meeting's date as the front matter gives it (`next_meeting`, a date or a
    mapping's, a time after it or not), which a due date written "next meeting" means; None
    where there is none to read."""
    front = doc.front.value if isinstance(doc.front.value, dict) else {}
    given = front.get("next_meeting")
    given = given.get("date") if isinstance(given, dict) else given
    if isinstance(given, date):
        return given
    found = re.match(r"\d{4}-\d{2}-\d{2}", given.strip()) if isinstance(given, str) else None
    try:
        return date.fromisoformat(found.group()) if found else None
    except ValueError:
        return None


def _dates_beside_errors(doc: SourceDoc) -> list[Problem]:
    """`_dates_checked` for a meeting whose front matter has an error elsewhere: of the
    fields it reads, those that are valid (every error in one run)."""
    front = doc.front.value
    if not isinstance(front, dict):
        return []
    read = _dated_fields_read(front)
    if read is None:
        return []
    decisions, reviews = [], []
    for index, entry in _items(front, "decisions"):
        try:
            written = DecisionFront.model_validate(entry)
        except ValidationError:
            continue
        if written.text is None:
            reviews.append(_review(doc, index, written))
        else:
            decisions.append(_decision(doc, index, written))
    return _dates_checked(doc, read, decisions, reviews)


def _dated_fields_read(front: dict) -> MeetingFront | None:
    """The fields `_dates_checked` reads, those that are valid: the date, which the others
    need; the title; the end unless its start is wrong; the next meeting's date alone when
    the rest of it is wrong."""
    fields = {"title": "-", "date": front.get("date")}
    if not _valid_front(fields):
        return None
    if isinstance(front.get("title"), str) and _valid_front({**fields, "title": front["title"]}):
        fields["title"] = front["title"]
    if "time" in front and _valid_front({**fields, "time": front["time"]}):
        fields["time"] = front["time"]
    start_read = "time" in fields or "time" not in front
    if "end" in front and start_read and _valid_front({**fields, "end": front["end"]}):
        fields["end"] = front["end"]
    announced = front.get("next_meeting")
    alone = {"date": announced.get("date")} if isinstance(announced, dict) else None
    for candidate in (announced, alone):
        if candidate is not None and _valid_front({**fields, "next_meeting": candidate}):
            fields["next_meeting"] = candidate
            break
    return MeetingFront.model_validate(fields)


def _valid_front(fields: dict) -> bool:
    try:
        MeetingFront.model_validate(fields)
    except ValidationError:
        return False
    return True


def _file_name_date(doc: SourceDoc, held: date, title: str) -> list[Problem]:
    """A date that is not the one in the file's name: one of the two is a slip. A name
    made from a title that ends in the day (`new meeting`'s "Meeting on 4 March 2024") is
    given the meeting's day there too, as the title is told to (`_title_day`)."""
    name = doc.path.rsplit("/", 1)[-1]
    named = MEETING_FILE.match(name)
    if named is None:
        return []
    rest = named[2]
    said = title_day(title)
    untitled = _untitled_name(rest, title)
    if untitled:
        rest = slug_of(title)
    if named[1] == held.isoformat():
        return [_name_before_title(doc, name, f"{named[1]}-{rest}.md")] if untitled else []
    if said and said[0] != held and slug_of(title) == rest:
        rest = slug_of(_day_in_title(title, said, held))
    renamed = f"{held.isoformat()}-{rest}.md"
    return [
        _warning_at(
            doc,
            ("date",),
            f"date {held} differs from the date in the file name ({named[1]}); rename the "
            f"file {renamed}, or correct the date",
        )
    ]


def _untitled_name(rest: str, title: str) -> bool:
    """Whether a meeting file's name after its date is the one `new meeting` gives a meeting
    with no title ("meeting-on-16-november-2026") while its title is now another's, not a
    day's: its page's address would keep the placeholder."""
    if not rest.startswith("meeting-on-") or title_day(title) is not None:
        return False
    placeholder = title_day("Meeting on " + rest.removeprefix("meeting-on-").replace("-", " "))
    return placeholder is not None and slug_of(title) not in ("", rest)


def _name_before_title(doc: SourceDoc, name: str, renamed: str) -> Problem:
    return _warning_at(
        doc,
        ("title",),
        f"the file's name, {name}, is the one `new meeting` gave it before it had a title, "
        f"and its page's address is made from it: rename the file {renamed}",
    )


def _title_day(doc: SourceDoc, title: str, held: date) -> list[Problem]:
    """A title that ends in a day other than the meeting's ("Meeting on 4 March 2024", as
    `new meeting` writes one, kept when its date was changed): one of the two is a slip."""
    named = title_day(title)
    if named is None or named[0] == held:
        return []
    day = named[0]
    mended = _day_in_title(title, named, held)
    plain = ": " not in mended and " #" not in mended and mended[:1].isalnum()
    return [
        _warning_at(
            doc,
            ("title",),
            f"the title names {day_as(day, 'dm')}, but the meeting's date is "
            f"{day_as(held, 'dm')}; write its day in the title, title: "
            f"{mended if plain else straight_quoted(mended)}, or correct "
            "the date",
        )
    ]


def _day_in_title(title: str, named: tuple[date, str, str], held: date) -> str:
    """`title` naming `held` where it names another day (`named`, from `title_day`), in
    the form it was written in."""
    _, words, form = named
    start = title.rindex(words)
    return title[:start] + day_as(held, form) + title[start + len(words) :]


def _review_before_decided(d: DecisionEntry, held: date) -> Problem:
    where = d.review_at or d.at
    return Problem(
        where.path,
        where.line,
        where.col,
        f"decision '{d.id}' is to be reviewed on {d.review}, before the meeting that made "
        f"it ({held}); check the review date",
        Severity.WARNING,
    )


def _check_slot(doc: SourceDoc, within: tuple[str, ...], slot: Slot) -> list[Problem]:
    """An end needs a start, and comes after it."""
    if slot.end is None:
        return []
    name = ".".join((*within, "end"))
    where = doc.front.position_of((*within, "end"))
    if slot.time is None:
        message = f"{name} is given without 'time'; add the start time, e.g. time: 14:00"
    elif slot.end <= slot.time:
        start, end = slot.time.isoformat("minutes"), slot.end.isoformat("minutes")
        message = (
            f"{name} {end} is not after the start time {start}; "
            "a meeting must end after it starts (times are on the 24-hour clock)"
        )
    else:
        return []
    return [Problem(doc.path, where.line, where.col, message)]


def _next_meeting_not_after(doc: SourceDoc, announced: date, held: date) -> Problem:
    """A next meeting announced for the day of this one or before it: a slip in the date."""
    where = doc.front.position_of(("next_meeting", "date"))
    when = "this meeting's own date" if announced == held else f"before this meeting ({held})"
    return Problem(
        doc.path,
        where.line,
        where.col,
        f"next_meeting {announced} is {when}; give the date of the meeting after it, or remove "
        "next_meeting until it is known",
    )


def _location(doc: SourceDoc, path: tuple[str | int, ...], *, key: bool = False) -> Location:
    where = doc.front.position_of(path, key=key)
    return Location(doc.path, where.line, where.col)


def _action(doc: SourceDoc, index: int, front: Any) -> ActionEntry:
    where = doc.front.position_of(("actions", index, "id"))
    owners = range(len(front.owner or ()))
    places = [doc.front.position_of(("actions", index, "owner", n)) for n in owners]
    return ActionEntry(
        id=front.id,
        title=front.title,
        owners=tuple(front.owner) if front.owner is not None else None,
        due=front.due,
        status=Status(front.status) if front.status else None,
        themes=tuple(front.themes) if front.themes is not None else None,
        note=front.note,
        at=Location(doc.path, where.line, where.col),
        owners_at=tuple((place.line, place.col) for place in places),
    )


def _decision(doc: SourceDoc, index: int, front: Any) -> DecisionEntry:
    def at(key: str) -> Location:
        return _location(doc, ("decisions", index, key))

    return DecisionEntry(
        id=front.id,
        text=front.text,
        themes=tuple(front.themes) if front.themes is not None else None,
        principles=tuple(front.principles),
        supersedes=front.supersedes,
        review=front.review,
        at=at("id"),
        supersedes_at=at("supersedes") if front.supersedes else None,
        review_at=at("review") if front.review else None,
    )


def _review(doc: SourceDoc, index: int, front: Any) -> DecisionReview:
    return DecisionReview(
        id=front.id,
        review=front.review,
        note=front.note,
        at=_location(doc, ("decisions", index, "id")),
        review_at=_location(doc, ("decisions", index, "review")) if front.review else None,
    )


def _written_action_ids(doc: SourceDoc) -> list[tuple[str, Location]]:
    """Each action's id as the front matter has it, with where it is written (for a meeting
    whose front matter has an error elsewhere)."""
    front = doc.front.value if isinstance(doc.front.value, dict) else {}
    return [
        (action["id"], _location(doc, ("actions", index, "id")))
        for index, action in _items(front, "actions")
        if isinstance(action, dict) and isinstance(action.get("id"), str)
    ]


def _duplicate_actions(doc: SourceDoc, actions: Iterable[tuple[str, Location]]) -> list[Problem]:
    """An error for each action id listed again in the same meeting."""
    problems = []
    first_line: dict[str, int] = {}
    for action_id, at in actions:
        if action_id in first_line:
            problems.append(
                Problem(
                    doc.path,
                    at.line,
                    at.col,
                    f"action '{action_id}' is listed twice in this meeting "
                    f"(first on line {first_line[action_id]}); merge the two entries",
                )
            )
        first_line.setdefault(action_id, at.line)
    return problems


def check_references(
    doc: SourceDoc,
    theme_ids: set[str],
    principle_ids: set[str] | None,
    renamed_themes: Mapping[str, str],
    removed_themes: Mapping[str, Removal],
    misnamed_themes: Set[str] = frozenset(),
) -> list[Problem]:
    """Every theme and principle id a meeting, its actions or its decisions name must exist,
    and be named once in its list (a renamed theme's old slug is unknown, with its new one
    to write; a theme whose file was taken out, with how to put it back). A theme whose file
    is saved under another name (`misnamed_themes`: the slugs their errors give them) is
    not unknown: that file's error says the name to give it.

    Reads the raw front matter, so references are checked even when another
    field of the same file is wrong.
    """
    front = doc.front.value if isinstance(doc.front.value, dict) else {}
    refs: list[tuple[tuple[str | int, ...], Any, set[str], str]] = []
    refs += [(("themes", i), v, theme_ids, "theme") for i, v in _items(front, "themes")]
    if principle_ids is not None:
        refs += [
            (("principles", i), v, principle_ids, "principle")
            for i, v in _items(front, "principles")
        ]
    actions = front.get("actions")
    for a, action in enumerate(actions if isinstance(actions, list) else []):
        if isinstance(action, dict):
            refs += [
                (("actions", a, "themes", i), v, theme_ids, "theme")
                for i, v in _items(action, "themes")
            ]
    decisions = front.get("decisions")
    for d, decision in enumerate(decisions if isinstance(decisions, list) else []):
        if isinstance(decision, dict):
            refs += [
                (("decisions", d, "themes", i), v, theme_ids, "theme")
                for i, v in _items(decision, "themes")
            ]
            if principle_ids is not None:
                refs += [
                    (("decisions", d, "principles", i), v, principle_ids, "principle")
                    for i, v in _items(decision, "principles")
                ]
    problems = []
    listed: dict[tuple[str | int, ...], set[str]] = {}  # each list's ids so far
    for path, value, known, noun in refs:
        if isinstance(value, str) and value in listed.setdefault(path[:-1], set()):
            where = doc.front.position_of(path)
            message = f"{noun} '{value}' is listed twice here; remove one"
            problems.append(Problem(doc.path, where.line, where.col, message))
            continue
        if isinstance(value, str):
            listed[path[:-1]].add(value)
        # An id written wrongly ('Getting started') is reported as such, with its fix.
        if not isinstance(value, str) or value in known or not is_valid_id(value):
            continue
        if noun == "theme" and value in misnamed_themes:
            continue
        where = doc.front.position_of(path)
        defined_in = "content/themes/" if noun == "theme" else "content/principles.md"
        if noun == "theme" and value in renamed_themes:
            now = renamed_themes[value]
            hint = (
                f": it was renamed '{now}' ({defined_in}{now}.md); write '{now}' instead, or "
                f"add 'formerly: [{value}]' to that file to keep the meetings as they are"
            )
        elif noun == "theme" and value in removed_themes:
            gone = removed_themes[value]
            added = [
                path
                for path in gone.added_beside
                if path.rpartition("/")[2].removesuffix(".md") in known
            ]
            took = (
                f", in the commit that added {' and '.join(added)}: if "
                + ("that theme" if len(added) == 1 else "one of those")
                + f" took its place, add 'formerly: [{value}]' to "
                + ("it" if len(added) == 1 else "its file")
                if added
                else f"; if another theme took its place, add 'formerly: [{value}]' to that "
                "theme's file"
            )
            hint = (
                f": it was taken out in {gone.commit} on {gone.day} ({gone.path}){took}; to keep "
                f"the meetings that name it under it, put it back with 'retired: true' "
                f"({gone.put_back}, then add that line); or take '{value}' out of this list"
            )
        else:
            spelt = misnamed_themes if noun == "theme" else ()
            hint = _hint(value, known, defined_in, spelt, doc)
        problems.append(Problem(doc.path, where.line, where.col, f"unknown {noun} '{value}'{hint}"))
    return problems


def _theme_title(name: str, doc: SourceDoc) -> str:
    """A title for a theme a meeting names (`foi-requests`): its name's words, the first
    capitalised, each written as the meeting's file writes it where that has a capital
    past its first letter (FOI, GitHub), which no sentence's start explains."""
    text = "\n".join([*_texts(doc.front.value), doc.body])
    words = []
    for word in name.split("-"):
        found = re.finditer(rf"(?<![\w-]){word}(?![\w-])", text, re.IGNORECASE)
        written = next((m[0] for m in found if any(c.isupper() for c in m[0][1:])), None)
        words.append(written or word)
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def _items(mapping: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    value = mapping.get(key)
    return list(enumerate(value)) if isinstance(value, list) else []


_THEME_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a name `new theme` makes from its title


def _hint(
    value: str, known: set[str], defined_in: str, misnamed: Iterable[str], doc: SourceDoc
) -> str:
    """How to mend an unknown id: the id it is likely a slip for (of those `known`, and the
    `misnamed` themes' slugs), or where to define it, after a theme's file as an example,
    or with the command that makes a theme, titled as the meeting `doc` writes its words."""
    hint = did_you_mean(value, {*known, *misnamed})
    if hint:
        return hint
    if defined_in.endswith("/"):
        like = f" (as in {defined_in}{min(known)}.md)" if known else ""
        run = ""
        if _THEME_NAME.fullmatch(value):
            run = f', or run nominutes new theme "{_theme_title(value, doc)}"'
        return (
            f": there is no {defined_in}{value}.md; to start a new theme, add it with a "
            f"'title:' line{like}{run}"
        )
    return (
        f": it is not in {defined_in}; add it there with its text to cite it (if it was taken "
        "out, put it back with 'status: retired': the meetings that cite it keep it; if its "
        "id was changed, change it back, and reword only its text)"
    )
