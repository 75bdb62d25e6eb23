"""The typed, immutable records the pipeline passes down.

`validate` builds these from the loaded files; `crossref` adds the indexes.
Nothing here imports the rest of the package.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

R = TypeVar("R")


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"

    # Open or in progress: a member's own attribute, set as it is made, since
    # cross-referencing asks it of every action entry (a property cost a call each time).
    is_active: bool

    def __init__(self, value: str) -> None:
        self.is_active = value in ("open", "in-progress")

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    col: int


# Where `nominutes email` finds its server, user and password: never in a file.
SMTP_URL_VARIABLE = "NOMINUTES_SMTP_URL"


@dataclass(frozen=True)
class EmailSettings:
    """site.yml `email`: the group's list and the sender (the server is never in a file)."""

    to: tuple[str, ...]
    sender: str
    reply_to: str | None = None
    subject_prefix: str = ""
    bcc: tuple[str, ...] = ()  # sent it, shown in no message
    unsubscribe: tuple[str, ...] = ()  # where a member leaves the list (List-Unsubscribe)


@dataclass(frozen=True)
class AccessibilitySettings:
    """site.yml `accessibility`: who to tell about a problem, and when the site was tested."""

    contact: str | None = None
    last_tested: date | None = None


# What `logo` may name: images a browser shows in an <img> (an SVG there runs no script).
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
STYLESHEET_SUFFIXES = (".css",)  # what `extra_css` may name


# Beside letters, digits and "_.-~", what a Message-ID's right-hand side (RFC 5322's atext)
# and a UID may hold of a site's path: "/" and the rest of atext but "%" (which escapes the others).
_ID_SAFE = "/!#$&'*+=?^`{|}"


@dataclass(frozen=True)
class SiteConfig:
    """What site.yml says (see schema.SiteSettings for defaults and rules)."""

    title: str
    description: str
    base_url: str
    language: str
    page_size: int  # meetings per page of a list
    actions_page_size: int  # actions (or owners, or themes) per page of the tracker
    site_theme: str
    repo_url: str | None
    edit_uri: str
    feedback_url: str | None
    allow_html: bool
    keep_in_output: tuple[str, ...]
    overdue_grace_days: int
    search: bool
    history: bool
    timezone: str | None = None  # an IANA name; None: clock times are local (floating)
    email: EmailSettings | None = None
    accessibility: AccessibilitySettings = AccessibilitySettings()
    # each a group of owners' names that are different people, however close
    different_people: tuple[tuple[str, ...], ...] = ()
    # each a group of the ways meetings write one person's name, the first the one shown
    same_people: tuple[tuple[str, ...], ...] = ()
    # the slugs of meetings taken out in git that leave no page at their old addresses
    taken_out_for_good: tuple[str, ...] = ()
    # the address the site was published at before it moved, whose ids it keeps
    former_base_url: str | None = None
    # the group's own stylesheets, by their paths in the site theme's static/ folder
    extra_css: tuple[str, ...] = ()
    # the group's logo, by its path in the site theme's static/ folder
    logo: str | None = None
    # the logo dark mode shows in its place, by its path there too
    logo_dark: str | None = None

    @property
    def id_base_url(self) -> str:
        """The address the ids of feeds (and their entries) are made from: the one the site
        moved from (`former_base_url`), so that readers see no entry again, else `base_url`."""
        return self.former_base_url or self.base_url

    @property
    def id_host(self) -> str:
        """The host of `id_base_url`, which ends the email's List-Id (after the group's name)."""
        return urlsplit(self.id_base_url).hostname or "nominutes"

    @property
    def id_site(self) -> str:
        """What ends the calendars' UIDs and the email's Message-ID: `id_host`, and after it
        the path of `id_base_url` where it has one (`org.github.io/group-a`), so that two
        groups' sites on one host give ids of their own; a site at its host's root has the
        host alone, as it always had. Characters a Message-ID may not hold are %-escaped."""
        path = unquote(urlsplit(self.id_base_url).path).strip("/")
        return f"{self.id_host}/{quote(path, safe=_ID_SAFE)}" if path else self.id_host


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for."""

    source: Path
    output: Path
    build_date: date  # the build date when `built_at` is not given (see `day_in`)
    drafts: bool = False
    strict: bool = False
    base_url: str | None = None
    jobs: int = 1  # processes for the heavy steps
    cache: bool = True  # reuse and update SOURCE/.cache/
    preview: bool = False  # made by `serve`, which builds no search index
    built_at: datetime | None = None  # the moment of the build (None: on `build_date`)

    def day_in(self, timezone: str | None) -> date:
        """The build date: the day `built_at` falls on in the site's `timezone` (UTC without
        one), else `build_date`."""
        if self.built_at is None:
            return self.build_date
        return day_at(self.built_at, timezone)


def day_at(moment: datetime, timezone: str | None) -> date:
    """The day `moment` falls on in `timezone` (UTC without one): a site's today."""
    return moment.astimezone(ZoneInfo(timezone) if timezone else UTC).date()


@dataclass(frozen=True)
class Settings:
    """The one settings object: site.yml plus how this build was asked for."""

    site: SiteConfig
    source: Path
    output: Path
    build_date: date
    drafts: bool = False
    strict: bool = False
    jobs: int = 1
    preview: bool = False  # served by `serve`: no search index


@dataclass(frozen=True)
class ActionEntry:
    """An action as one meeting names it: a raise (has a title) or an update."""

    id: str
    title: str | None
    owners: tuple[str, ...] | None
    due: date | None
    status: Status | None
    themes: tuple[str, ...] | None
    note: str | None
    at: Location  # where the id is written
    # where each of `owners` is written in `at`'s file, as (line, column) (none: at `at`)
    owners_at: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class DecisionEntry:
    """A decision as the meeting that made it records it."""

    id: str
    text: str
    themes: tuple[str, ...] | None  # None: not given, so the meeting's
    principles: tuple[str, ...]
    supersedes: str | None
    review: date | None
    at: Location  # where the id is written
    supersedes_at: Location | None = None  # where `supersedes` is written
    review_at: Location | None = None  # where `review` is written


@dataclass(frozen=True)
class DecisionReview:
    """A later meeting's review of a decision, which it kept (a `decisions:` entry with no
    text): `review`, when to look at it again (None: no further review is due)."""

    id: str
    review: date | None
    note: str | None
    at: Location  # where the id is written
    review_at: Location | None = None  # where `review` is written


@dataclass(frozen=True)
class PollOption:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Poll:
    question: str
    options: tuple[PollOption, ...]


@dataclass(frozen=True)
class Slot:
    """When and where a meeting is held, beyond its date: each part as written, or None."""

    time: time | None = None
    end: time | None = None
    location: str | None = None


# The body `nominutes new meeting` writes, for the writer to replace (a warning until then).
PLACEHOLDER_BODY = "What the group discussed."


def meeting_order(meeting: Meeting) -> tuple[date, bool, time, str, str]:
    """Where a meeting comes among the others: by date, on one day a meeting without a time
    before those with one, then by time, then by slug (and path)."""
    held = meeting.slot.time
    return (meeting.date, held is not None, held or time.min, meeting.slug, meeting.path)


def is_placeholder(body: str) -> bool:
    """Whether a meeting's body is still the one `new meeting` wrote."""
    return body.strip() == PLACEHOLDER_BODY


def awaits_summary(meeting: Meeting, today: date) -> bool:
    """Whether a meeting is published ahead of its day (dated after `today`, the build date)
    with the body `new meeting` wrote: its summary is written once it has met, so until then
    it has no text to show (from its day, `review` warns of the placeholder)."""
    return meeting.date > today and is_placeholder(meeting.body)


# The text of the example meeting `nominutes init` writes (its starter's
# content/meetings/{date}-first-meeting.md), which the group deletes or rewrites.
STARTER_EXAMPLE_BODY = (
    "A few paragraphs on what was discussed. Link to other notes by their file names, such as\n"
    "[our principles](../principles.md).\n"
    "\n"
    "Papers, slides and images go anywhere under `content/` and are published at the same path;"
    " link\n"
    "or show one by its path from this note, and say what an image shows in its brackets:\n"
    "\n"
    "![Meet, write the summary, publish it](../files/how-we-publish.png)"
)


def is_starter_example(body: str) -> bool:
    """Whether a meeting's body is still that of the example `init` wrote."""
    return body.strip() == STARTER_EXAMPLE_BODY


# The description `nominutes new theme` writes, for the writer to replace (a warning until then).
PLACEHOLDER_THEME_BODY = (
    "Describe the theme here: why it matters and the questions the group keeps coming back to."
)


@dataclass(frozen=True)
class Meeting:
    slug: str
    path: str
    title: str
    date: date
    authors: tuple[str, ...]
    summary: str | None
    categories: tuple[str, ...]
    themes: tuple[str, ...]
    principles: tuple[str, ...]
    actions: tuple[ActionEntry, ...]
    next_meeting: date | None
    draft: bool
    self_assessment: Poll | None
    body: str
    body_line: int
    date_at: Location  # where the date is written, for warnings about it
    decisions: tuple[DecisionEntry, ...] = ()
    slot: Slot = Slot()  # its time, end and location
    next_slot: Slot = Slot()  # the time, end and location given with next_meeting
    reviews: tuple[DecisionReview, ...] = ()  # earlier meetings' decisions it reviewed
    # where its `decisions:` key is written (None: not written), for warnings
    decisions_at: Location | None = None
    authors_at: tuple[tuple[int, int], ...] = ()  # where each author is written (line, col)
    # where its `themes:`, `title:` and `principles:` keys are written (None: not written,
    # or not known), for warnings about them
    themes_at: Location | None = None
    title_at: Location | None = None
    principles_at: Location | None = None


@dataclass(frozen=True)
class Theme:
    slug: str
    path: str
    title: str
    summary: str | None
    body: str
    body_line: int
    retired: bool = False  # kept for its meetings; no longer one to discuss
    # the slugs it was known by before or took in (`formerly:`), as written
    formerly: tuple[str, ...] = ()
    # where its `title:` key is written (None: not known), for the warning that no meeting
    # discusses it
    title_at: Location | None = None


class PrincipleStatus(StrEnum):
    SUGGESTED = "suggested"
    AGREED = "agreed"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Principle:
    id: str
    text: str
    status: PrincipleStatus | None = None


@dataclass(frozen=True)
class PrinciplesPage:
    path: str
    title: str
    principles: tuple[Principle, ...]
    body: str
    body_line: int


@dataclass(frozen=True)
class PrincipleChange:
    """One commit's change to one principle's wording or status: None as old text means it was
    added, as new text that it was removed; a status is None where the file gave none."""

    date: date
    author: str
    old: str | None
    new: str | None
    message: str = ""  # the commit's subject line
    old_status: str | None = None
    new_status: str | None = None
    # made by the first version of principles.md that listed principles: the group's
    # starting set, suggested at no meeting
    in_first_version: bool = False

    @property
    def reworded(self) -> bool:
        return self.old is not None and self.new is not None and self.old != self.new

    @property
    def status_changed(self) -> bool:
        """Its status changed, where the file gave one before and after."""
        return (
            self.old is not None
            and self.new is not None
            and None not in (self.old_status, self.new_status)
            and self.old_status != self.new_status
        )


# A meeting's file name (its date, then a slug) and a theme's (a slug).
MEETING_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
THEME_FILE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
# Letters that do not decompose into a plain letter and an accent, as a slug writes them.
_PLAIN_FORMS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")
# Apostrophes, typed or curly: a slug leaves them out, as a person writes 'dafydds-notes'.
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc")


def plain_letters(text: str) -> str:
    """`text` in lower case, each accented letter as its plain one ('Llŷr' -> 'llyr', 'Æ' ->
    'ae', 'Straße' -> 'strasse'); a letter with no plain form (a Greek one) as it is."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_PLAIN_FORMS))
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


def slug_of(text: str) -> str:
    """`text` as a slug (an id, a theme's file name) written in plain letters: lower-case
    letters and digits, apostrophes left out, a hyphen for each run of anything else ('Ask
    Siân' -> 'ask-sian', "Dafydd's notes" -> 'dafydds-notes', 'FOI (draft)' -> 'foi-draft');
    '' when no letter or digit is left."""
    return _NOT_IN_SLUG.sub("-", plain_letters(text.translate(_APOSTROPHES))).strip("-")


@dataclass(frozen=True)
class Removal:
    """A content file git's history shows deleted (not renamed), and not added again since:
    the commit that took it out (as git abbreviates it) and that commit's day; of a
    meeting's, what its last version raised and made, and whether it was a draft."""

    path: str
    commit: str
    day: date
    actions: tuple[str, ...] = ()  # the ids of the actions it raised (with a title)
    decisions: tuple[str, ...] = ()  # the ids of the decisions it made (with a text)
    draft: bool = False  # or `init`'s example, still its text: never the group's summary
    # of a theme's file: the theme files the same commit added (one may have taken its place)
    added_beside: tuple[str, ...] = ()

    @property
    def put_back(self) -> str:
        """The git command that puts the file back as it was before it was taken out."""
        return f"git checkout {self.commit}^ -- {self.path}"


@dataclass(frozen=True)
class History:
    """What git says about the content; `available` is False outside a git checkout."""

    available: bool
    shallow: bool = False
    principle_changes: dict[str, tuple[PrincipleChange, ...]] = field(default_factory=dict)
    last_edited: dict[str, date] = field(default_factory=dict)  # content path -> date
    edit_days: dict[str, int] = field(default_factory=dict)  # content path -> days it was edited
    # content path -> the paths git's renames say the file had before, oldest first
    renamed_from: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # meeting file's content path -> the day it was written up: the first it was edited on
    # or after the meeting's day (before it, the file was the agenda)
    written_up: dict[str, date] = field(default_factory=dict)
    # content path -> its deletion, for each file git's history shows taken out
    removed: dict[str, Removal] = field(default_factory=dict)
    # meeting file's content path -> the day it first announced for the next meeting, where
    # a commit since moved that day in the file (see `first_announced_day`)
    first_announced: dict[str, date] = field(default_factory=dict)
    # meeting file's content path -> the day git first saw it (the commit that added it)
    first_added: dict[str, date] = field(default_factory=dict)

    def removed_with(self, kind: str, entry_id: str) -> Removal | None:
        """The meeting file taken out last that raised the action (`kind` "actions") or made
        the decision ("decisions") `entry_id`, if one did."""
        found = [r for r in self.removed.values() if entry_id in getattr(r, kind)]
        return max(found, key=lambda r: (r.day, r.path), default=None)

    def removed_themes(self, paths: Iterable[str]) -> dict[str, Removal]:
        """Each slug a theme file taken out had, that none of the files at `paths` has now,
        with its deletion."""
        now = {path.rpartition("/")[2] for path in paths}
        found = {}
        for path, removal in sorted(self.removed.items()):
            folder, _, name = path.rpartition("/")
            if folder == "content/themes" and THEME_FILE.match(name) and name not in now:
                found[name.removesuffix(".md")] = removal
        return found

    def former_slugs(self, path: str) -> tuple[str, ...]:
        """The slugs the meeting or theme file at `path` had before git's renames of it, oldest
        first: the names it had in its folder that were a meeting's or theme's file name."""
        folder, _, name = path.rpartition("/")
        named = MEETING_FILE if MEETING_FILE.match(name) else THEME_FILE
        return tuple(
            old.removesuffix(".md")
            for was, _, old in (p.rpartition("/") for p in self.renamed_from.get(path, ()))
            if was == folder and named.match(old)
        )

    def renamed_slugs(self, paths: Iterable[str]) -> dict[str, str]:
        """Each slug the meeting or theme files at `paths` had before git's renames of them,
        that no file of them has now and only one had, with the slug that file has now."""
        renamed = self.renamed_from
        if not renamed:  # (most sites: no file renamed)
            return {}
        paths = list(paths)
        if not any(path in renamed for path in paths):
            return {}
        now = {path.rpartition("/")[2].removesuffix(".md"): path for path in paths}
        formers = {  # (only a file git renamed had a slug before)
            slug: set(self.former_slugs(path)) for slug, path in now.items() if path in renamed
        }
        claimed = Counter(old for found in formers.values() for old in found)
        return {
            old: slug
            for slug, found in formers.items()
            for old in sorted(found)
            if old not in now and claimed[old] == 1
        }

    def renamed_files(self, paths: Iterable[str]) -> dict[str, str]:
        """Each path the files at `paths` had before git's renames of them, that no file of
        them has now and only one had, with the path that file has now."""
        now = set(paths)
        renamed = {path: set(self.renamed_from[path]) for path in now if path in self.renamed_from}
        claimed = Counter(old for found in renamed.values() for old in found)
        return {
            old: path
            for path in sorted(renamed)
            for old in sorted(renamed[path])
            if old not in now and claimed[old] == 1
        }

    def taken_out_notes(self, paths: Iterable[str]) -> dict[str, Removal]:
        """Each note (a Markdown file) taken out that is none of the files at `paths` now,
        with its deletion."""
        now = set(paths)
        return {
            path: r for path, r in self.removed.items() if path.endswith(".md") and path not in now
        }

    def first_slug(self, meeting: Meeting) -> str:
        """The slug `meeting` was first published under (its file's first name in git), which
        its feed entries' ids, its calendar event's UID and its email's Message-ID keep."""
        return (*self.former_slugs(meeting.path), meeting.slug)[0]

    def first_announced_day(self, meeting: Meeting) -> date | None:
        """The day `meeting` first announced for the next meeting, whose UID the announced
        event keeps: the day its file gave first in git, when a commit moved it in place
        since (unless it had announced none in between), or the day it gives."""
        if meeting.next_meeting is None:
            return None
        first = self.first_announced.get(meeting.path)
        return first if first is not None and first > meeting.date else meeting.next_meeting

    def page_edited(self, meeting: Meeting) -> date | None:
        """The day `meeting`'s page says it was last edited: its file's last edit, when that
        came after the day it was written up (a summary is as it was written up, whether on
        the meeting's day or later, over an agenda or not, and says no edit)."""
        edited = self.last_edited.get(meeting.path)
        written = self.written_up.get(meeting.path)
        return edited if edited and written and edited > written else None


def announced_at(meetings: Sequence[Meeting]) -> dict[str, tuple[Meeting, ...]]:
    """Each meeting that holds the next meeting earlier ones announced, by slug, with those
    meetings in order (see `announcements`)."""
    return announcements(meetings)[0]


def announcements(
    meetings: Sequence[Meeting],
) -> tuple[dict[str, tuple[Meeting, ...]], dict[str, tuple[Meeting, ...]]]:
    """The meetings that hold an announced next meeting, and those that announce one, by
    slug, each with the meetings (in `meeting_order`) that announced that next meeting, up to
    itself for an announcing one. An announcement is held by the first of `meetings` held on
    or after its day (on that day, or postponed). It stands through extra meetings dated
    before its day that announce nothing; one that announces a day (the same or another)
    moves it there, and is one of the meetings that announced it."""
    held: dict[str, tuple[Meeting, ...]] = {}
    made: dict[str, tuple[Meeting, ...]] = {}
    announcing: tuple[Meeting, ...] = ()
    day: date | None = None
    for meeting in meetings:
        if day is not None and meeting.date >= day:
            held[meeting.slug] = announcing
            announcing, day = (), None
        if meeting.next_meeting is not None and meeting.next_meeting > meeting.date:
            announcing, day = (*announcing, meeting), meeting.next_meeting
            made[meeting.slug] = announcing
    return held, made


def announces(meeting: Meeting) -> bool:
    """Whether a meeting announces a next one (after itself)."""
    return meeting.next_meeting is not None and meeting.next_meeting > meeting.date


@dataclass(frozen=True)
class Site:
    """Everything validated, before cross-referencing. Meetings are in `meeting_order`."""

    settings: Settings
    meetings: tuple[Meeting, ...]
    themes: tuple[Theme, ...]
    principles: PrinciplesPage
    history: History = History(available=False)
    # Files under content/ that are not notes (papers, slides, images), published at the
    # same path without `content/`: 'content/files/survey.pdf'.
    files: tuple[str, ...] = ()
    # The meetings left out as drafts (none with --drafts): an update naming an action
    # one raised is told to publish it.
    drafts: tuple[Meeting, ...] = ()

    @cached_property
    def announcing(self) -> tuple[int, ...]:
        """Where in `meetings` those that announce a next meeting (`announces`) are, in
        order: found once for the site, not each time the next meeting is looked for."""
        return tuple(i for i, meeting in enumerate(self.meetings) if announces(meeting))

    def former_theme_slugs(self) -> dict[str, str]:
        """Each slug a theme had before or took in, that no theme has now, with the theme's
        slug now: those its `formerly:` lists, and those git's renames of its file gave it
        (a `formerly:` names the theme meant where git's guess differs)."""
        found = self.history.renamed_slugs(t.path for t in self.themes)
        found.update((old, t.slug) for t in self.themes for old in t.formerly)
        return dict(sorted(found.items()))


# A validated meeting as the build cache keeps it (plain JSON values). Numbers that could be
# large are kept as text: JSON readers may turn integers past 64 bits into floats.


def config_to_cache(config: SiteConfig) -> dict[str, Any]:
    """site.yml's settings as plain JSON values (`config_from_cache` reads them back)."""
    entry = asdict(config)
    tested = config.accessibility.last_tested
    entry["accessibility"]["last_tested"] = tested.isoformat() if tested else None
    return entry


def config_from_cache(entry: dict[str, Any]) -> SiteConfig:
    email, accessibility = entry["email"], entry["accessibility"]
    tested = accessibility["last_tested"]
    return SiteConfig(
        **{
            **entry,
            "keep_in_output": tuple(entry["keep_in_output"]),
            "different_people": tuple(tuple(names) for names in entry["different_people"]),
            "same_people": tuple(tuple(names) for names in entry["same_people"]),
            "taken_out_for_good": tuple(entry["taken_out_for_good"]),
            "extra_css": tuple(entry["extra_css"]),
            "email": EmailSettings(
                **{
                    **email,
                    "to": tuple(email["to"]),
                    "bcc": tuple(email["bcc"]),
                    "unsubscribe": tuple(email.get("unsubscribe", ())),
                }
            )
            if email
            else None,
            "accessibility": AccessibilitySettings(
                accessibility["contact"], date.fromisoformat(tested) if tested else None
            ),
        }
    )


def meeting_to_cache(meeting: Meeting) -> list[Any]:
    poll = meeting.self_assessment
    path = meeting.path  # where its places are, unless one says another file

    def place(location: Location) -> list[Any]:
        return _location_to_cache(location, path)

    return [
        meeting.slug,
        path,
        meeting.title,
        meeting.date.isoformat(),
        list(meeting.authors),
        meeting.summary,
        list(meeting.categories),
        list(meeting.themes),
        list(meeting.principles),
        [_entry_to_cache(entry, place) for entry in meeting.actions],
        _iso(meeting.next_meeting),
        meeting.draft,
        [poll.question, [[o.key, o.label, str(o.count)] for o in poll.options]] if poll else None,
        meeting.body,
        str(meeting.body_line),
        place(meeting.date_at),
        [_decision_to_cache(entry, place) for entry in meeting.decisions],
        _slot_to_cache(meeting.slot),
        _slot_to_cache(meeting.next_slot),
        [_review_to_cache(entry, place) for entry in meeting.reviews],
        place(meeting.decisions_at) if meeting.decisions_at else None,
        [[line, col] for line, col in meeting.authors_at],
        place(meeting.themes_at) if meeting.themes_at else None,
        place(meeting.title_at) if meeting.title_at else None,
        place(meeting.principles_at) if meeting.principles_at else None,
    ]


_new = object.__new__
_setattr = object.__setattr__


def record_as_cached(record_type: type[R], **fields: Any) -> R:
    """A record as it was cached, made without its `__init__`: its fields were checked when
    it was first made, and a frozen dataclass's `__init__` sets each field through
    `object.__setattr__`, which is most of the time of decoding a meeting that way."""
    record = _new(record_type)
    _setattr(record, "__dict__", fields)  # (a new dict each call: the record's own)
    return record


def meeting_from_cache(entry: list[Any]) -> Meeting:
    (slug, path, title, day, authors, summary, categories, themes, principles, actions) = entry[:10]
    next_meeting, draft, poll, body, body_line, date_at, decisions, slot, next_slot = entry[10:19]
    reviews, decisions_at, authors_at, themes_at, title_at, principles_at = entry[19:25]
    path = str(path)

    def place(entry: list[Any]) -> Location:
        return _location_from_cache(entry, path)

    return record_as_cached(
        Meeting,
        slug=str(slug),
        path=path,
        title=str(title),
        date=date.fromisoformat(day),
        authors=_texts(authors),
        summary=None if summary is None else str(summary),
        categories=_texts(categories),
        themes=_texts(themes),
        principles=_texts(principles),
        actions=tuple([_entry_from_cache(action, place) for action in actions]),
        next_meeting=_date(next_meeting),
        draft=bool(draft),
        self_assessment=Poll(
            str(poll[0]), tuple(PollOption(str(k), str(lb), int(c)) for k, lb, c in poll[1])
        )
        if poll is not None
        else None,
        body=str(body),
        body_line=int(body_line),
        date_at=place(date_at),
        decisions=tuple([_decision_from_cache(decision, place) for decision in decisions]),
        slot=_slot_from_cache(slot),
        next_slot=_slot_from_cache(next_slot),
        reviews=tuple([_review_from_cache(review, place) for review in reviews]),
        decisions_at=place(decisions_at) if decisions_at else None,
        authors_at=tuple([(int(line), int(col)) for line, col in authors_at]),
        themes_at=place(themes_at) if themes_at else None,
        title_at=place(title_at) if title_at else None,
        principles_at=place(principles_at) if principles_at else None,
    )


def _slot_to_cache(slot: Slot) -> list[str | None]:
    return [_clock(slot.time), _clock(slot.end), slot.location]


_NO_SLOT = Slot()


def _slot_from_cache(entry: list[str | None]) -> Slot:
    start, end, location = entry
    if start is None and end is None and location is None:
        return _NO_SLOT  # most meetings' next_slot: one record for all (records are immutable)
    return Slot(
        None if start is None else time.fromisoformat(start),
        None if end is None else time.fromisoformat(end),
        None if location is None else str(location),
    )


def _clock(value: time | None) -> str | None:
    return None if value is None else value.isoformat("minutes")


Place = Callable[[Location], list[Any]]  # a location as its meeting's cache entry holds it
Placed = Callable[[list[Any]], Location]  # and back


def _entry_to_cache(entry: ActionEntry, place: Place) -> list[Any]:
    return [
        entry.id,
        entry.title,
        None if entry.owners is None else list(entry.owners),
        _iso(entry.due),
        None if entry.status is None else entry.status.value,
        None if entry.themes is None else list(entry.themes),
        entry.note,
        place(entry.at),
        [[line, col] for line, col in entry.owners_at],
    ]


# each status by its value: quicker to look up than calling `Status`
_STATUSES = MappingProxyType({status.value: status for status in Status})


def _entry_from_cache(entry: list[Any], place: Placed) -> ActionEntry:
    action_id, title, owners, due, status, themes, note, at, owners_at = entry
    return record_as_cached(
        ActionEntry,
        id=str(action_id),
        title=None if title is None else str(title),
        owners=None if owners is None else _texts(owners),
        due=_date(due),
        status=None if status is None else _STATUSES[status],
        themes=None if themes is None else _texts(themes),
        note=None if note is None else str(note),
        at=place(at),
        owners_at=tuple([(int(line), int(col)) for line, col in owners_at]),
    )


def _decision_to_cache(entry: DecisionEntry, place: Place) -> list[Any]:
    return [
        entry.id,
        entry.text,
        None if entry.themes is None else list(entry.themes),
        list(entry.principles),
        entry.supersedes,
        _iso(entry.review),
        place(entry.at),
        None if entry.supersedes_at is None else place(entry.supersedes_at),
        None if entry.review_at is None else place(entry.review_at),
    ]


def _decision_from_cache(entry: list[Any], place: Placed) -> DecisionEntry:
    decision_id, text, themes, principles, supersedes, review, at, supersedes_at, review_at = entry
    return record_as_cached(
        DecisionEntry,
        id=str(decision_id),
        text=str(text),
        themes=None if themes is None else _texts(themes),
        principles=_texts(principles),
        supersedes=None if supersedes is None else str(supersedes),
        review=_date(review),
        at=place(at),
        supersedes_at=None if supersedes_at is None else place(supersedes_at),
        review_at=None if review_at is None else place(review_at),
    )


def _location_to_cache(location: Location, path: str) -> list[Any]:
    """[line, column] in the file at `path` (its meeting's), else [its path, line, column]."""
    if location.path == path:
        return [location.line, location.col]
    return [location.path, location.line, location.col]


def _location_from_cache(entry: list[Any], path: str) -> Location:
    if len(entry) == 3:
        path = str(entry[0])
    return record_as_cached(Location, path=path, line=int(entry[-2]), col=int(entry[-1]))


def _texts(items: list[Any]) -> tuple[str, ...]:
    return tuple(map(str, items))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _review_to_cache(entry: DecisionReview, place: Place) -> list[Any]:
    return [
        entry.id,
        _iso(entry.review),
        entry.note,
        place(entry.at),
        None if entry.review_at is None else place(entry.review_at),
    ]


def _review_from_cache(entry: list[Any], place: Placed) -> DecisionReview:
    decision_id, review, note, at, review_at = entry
    return record_as_cached(
        DecisionReview,
        id=str(decision_id),
        review=_date(review),
        note=None if note is None else str(note),
        at=place(at),
        review_at=None if review_at is None else place(review_at),
    )
