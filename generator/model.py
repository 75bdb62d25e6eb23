"""The typed, immutable records the pipeline passes down.

`validate` builds these from the loaded files; `crossref` adds the indexes.
Nothing here imports the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_active(self) -> bool:
        return self in (Status.OPEN, Status.IN_PROGRESS)


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class SiteConfig:
    """What site.yml says (see schema.SiteSettings for defaults and rules)."""

    title: str
    description: str
    base_url: str
    language: str
    page_size: int
    site_theme: str
    repo_url: str | None
    edit_uri: str
    feedback_url: str | None
    allow_html: bool
    keep_in_output: tuple[str, ...]
    overdue_grace_days: int
    search: bool
    history: bool


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for."""

    source: Path
    output: Path
    build_date: date
    drafts: bool = False
    strict: bool = False
    base_url: str | None = None
    jobs: int = 1  # processes for the heavy steps
    cache: bool = True  # reuse and update SOURCE/.cache/


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


@dataclass(frozen=True)
class Theme:
    slug: str
    path: str
    title: str
    summary: str | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Principle:
    id: str
    text: str


@dataclass(frozen=True)
class PrinciplesPage:
    path: str
    title: str
    principles: tuple[Principle, ...]
    body: str
    body_line: int


@dataclass(frozen=True)
class WordingChange:
    """One commit's change to one principle: None as old text means it was added."""

    date: date
    author: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class History:
    """What git says about the content; `available` is False outside a git checkout."""

    available: bool
    shallow: bool = False
    principle_changes: dict[str, tuple[WordingChange, ...]] = field(default_factory=dict)
    last_edited: dict[str, date] = field(default_factory=dict)  # content path -> date


@dataclass(frozen=True)
class Site:
    """Everything validated, before cross-referencing. Meetings are sorted by (date, slug)."""

    settings: Settings
    meetings: tuple[Meeting, ...]
    themes: tuple[Theme, ...]
    principles: PrinciplesPage
    history: History = History(available=False)
