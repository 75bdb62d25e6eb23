"""Page URLs, the files pages are written to, and links between pages and notes.

The feeds, calendars and exports name their own files (`feeds`, `calendars`, `exports`).

URLs here are relative to the site root and end in '/' for pages ('' is the
home page). A page links to another with `relative(from_url, to_url)`, so the
site works under any sub-path of `base_url` and needs no server rewrites.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.content.model import plain_letters
from generator.errors import Problem

if TYPE_CHECKING:  # types only: a build that keeps its site imports no stage
    from generator.content.crossref import Indexes
    from generator.content.model import Site, Status

# The schemes a link on the site or in the email may have (an address with none, relative to
# the page, is a link too): the web, a mail address and a phone number. Any other, such as
# javascript:, or search-ms: and ms-msdt:, which open programs on the reader's computer, is
# shown as the text it was written as.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*(?=:)", re.IGNORECASE)


def linkable(url: str) -> bool:
    """Whether `url` may be a link's address: one with no scheme, or one in LINK_SCHEMES."""
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group().lower() in LINK_SCHEMES


# Pages under /actions/ that are not actions; an action may not take these ids.
FILTER_SEGMENTS = ("by-status", "by-owner", "by-theme", "closed", "page")
OVERDUE = "overdue"  # the filter of overdue actions, beside the statuses


def paged(first: str, page: int) -> str:
    """Page `page` of a list whose first page is at `first` (later pages are below it)."""
    return first if page == 1 else f"{first}page/{page}/"


def first_page(url: str) -> str:
    """The first page of the list whose page is at `url` (`url` itself if no later page of
    a list is there: see `paged`)."""
    rest, _, number = url.removesuffix("/").rpartition("/")
    if not number.isdigit() or not (rest == "page" or rest.endswith("/page")):
        return url
    return rest.removesuffix("page")


def paged_neighbours(page: int, total: int) -> tuple[str | None, str | None]:
    """The links from page `page` of a list of `total` pages to the page before it and the
    page after it, as `relative` gives them (every later page is a folder `page/N/` under
    the first), worked out without it: a large site has thousands of such pages."""
    before = None if page == 1 else "../../" if page == 2 else f"../{page - 1}/"
    after = None if page == total else "page/2/" if page == 1 else f"../{page + 1}/"
    return before, after


# Pages under /decisions/ that are not decisions.
DECISION_SEGMENTS = ("by-theme", "by-status", "page")
# The register's lists by status: the decisions due for review, and those superseded.
DUE_FOR_REVIEW, SUPERSEDED = "due-for-review", "superseded"


def home(page: int = 1) -> str:
    return paged("", page)


def meeting(slug: str) -> str:
    return f"meetings/{slug}/"


def meeting_slug(output: str) -> str | None:
    """The slug of the meeting whose page is the file `output`, if it is a meeting's page."""
    slug = output.removeprefix("meetings/").removesuffix("/index.html")
    return slug if "/" not in slug and output_file(meeting(slug)) == output else None


def archive() -> str:
    """The archive: the years in which the group met, each with its count of meetings."""
    return "archive/"


def archive_year(year: int) -> str:
    """A year's meetings in the archive, by month (its later pages below it: `paged`): under
    archive/, apart from the meetings' own pages."""
    return f"archive/{year}/"


def themes() -> str:
    return "themes/"


def theme(slug: str) -> str:
    return f"themes/{slug}/"


def actions() -> str:
    return "actions/"


def action(action_id: str) -> str:
    return f"actions/{action_id}/"


def closed_actions() -> str:
    return "actions/closed/"


def actions_by_status(status: Status | str) -> str:
    """A status's list, or the overdue actions' (`OVERDUE`)."""
    return f"actions/by-status/{status}/"


def statuses() -> str:
    """The tracker's lists by status, listed."""
    return "actions/by-status/"


def meetings() -> str:
    """The folder of the meetings' pages, which leads to the archive."""
    return "meetings/"


def pages_folder(first: str) -> str:
    """The folder of a list's later pages (see `paged`), which leads to its first."""
    return f"{first}page/"


def owners() -> str:
    return "actions/by-owner/"


def actions_by_theme(slug: str) -> str:
    return f"actions/by-theme/{slug}/"


def tracker_themes() -> str:
    return "actions/by-theme/"


def closed(list_url: str) -> str:
    """The closed actions of an owner's or a theme's list."""
    return f"{list_url}closed/"


def overdue(list_url: str) -> str:
    """The overdue actions of an owner's or a theme's list."""
    return f"{list_url}overdue/"


def decisions(page: int = 1) -> str:
    return "decisions/" if page == 1 else f"decisions/page/{page}/"


def decisions_by_theme(slug: str, page: int = 1) -> str:
    first = f"decisions/by-theme/{slug}/"
    return first if page == 1 else f"{first}page/{page}/"


def decisions_by_status(status: str) -> str:
    """The register's list of the decisions due for review (`DUE_FOR_REVIEW`) or superseded
    (`SUPERSEDED`)."""
    return f"decisions/by-status/{status}/"


def decisions_by_status_index() -> str:
    """The register's lists by status, listed."""
    return "decisions/by-status/"


def decisions_themes() -> str:
    """The register's lists by theme, listed."""
    return "decisions/by-theme/"


def decision(decision_id: str) -> str:
    return f"decisions/{decision_id}/"


def decisions_feed() -> str:
    return "decisions/feed.xml"


def next_meeting() -> str:
    return "next/"


def principles() -> str:
    return "principles/"


def principle(principle_id: str) -> str:
    """The list of every meeting that discussed a principle."""
    return f"principles/{principle_id}/"


def principle_anchor(principle_id: str) -> str:
    return f"principles/#principle-{principle_id}"


def feed() -> str:
    return "feed.xml"


def theme_feed(slug: str) -> str:
    return f"themes/{slug}/feed.xml"


def meetings_calendar() -> str:
    return "meetings.ics"


def actions_calendar() -> str:
    return "actions.ics"


def subscribe() -> str:
    """The page that says what a feed and a calendar subscription are, with their addresses."""
    return "subscribe/"


# Each feed's and calendar's place on the subscribe page (`subscription`).
ALL_MEETINGS = "all-meetings"
DECISIONS_FEED = "decisions-feed"
MEETINGS_CALENDAR = "meetings-calendar"
ACTIONS_CALENDAR = "actions-calendar"


def theme_subscription(slug: str) -> str:
    return f"theme-{slug}"


def subscription(anchor: str) -> str:
    """One feed or calendar on the subscribe page."""
    return f"{subscribe()}#{anchor}"


def accessibility() -> str:
    return "accessibility/"


def search() -> str:
    return "search/"


def not_found() -> str:
    return "404.html"


def static(name: str) -> str:
    return f"static/{name}"


def published_file(path: str) -> str:
    """Where a content file published as it is lands in the site (`content/x.pdf`: `x.pdf`)."""
    return path.removeprefix("content/")


def output_file(url: str) -> str:
    """The file that serves `url`: pages are directories with an index.html."""
    return url if url.endswith((".html", ".xml", ".css", ".js")) else f"{url}index.html"


def root_from(url: str) -> str:
    """The relative path from the page at `url` back to the site root ('' or '../..')."""
    depth = url.count("/")
    return "../" * depth if depth else "./"


def relative(from_url: str, to_url: str) -> str:
    """The shortest link from the page at `from_url` to `to_url` (both relative to the root):
    up to the folder the two share, then down. Made from the strings as they are, folder by
    folder, with nothing split or kept (half a million links at 10,000 meetings)."""
    cut = from_url.rfind("/") + 1
    here = from_url[:cut]  # the page's folder: 'meetings/a/' ('' at the root)
    if to_url.startswith(here):  # in that folder or below it
        rest = to_url[cut:]
        if rest[:1] in ("", "#"):
            return f"./{rest}"
        return rest if rest[0] != "/" else _long_way(from_url, to_url)  # ('a//b': no page's)
    shared = here.find("/") + 1
    if not to_url.startswith(here[:shared]):  # no folder in common
        return "../" * here.count("/") + to_url
    while True:  # the folders the two share after the first (a fragment holds none)
        end = here.find("/", shared) + 1
        if not to_url.startswith(here[shared:end], shared):
            break
        shared = end
    return "../" * here.count("/", shared) + to_url[shared:]


def _long_way(from_url: str, to_url: str) -> str:
    """`relative` folder by folder, where an address has an empty folder's name in it."""
    target, hash_, fragment = to_url.partition("#")
    from_dirs = from_url.split("/")[:-1]  # 'a/b/' -> ['a', 'b']; 'x.html' -> []
    to_parts = target.split("/")
    to_dirs, leaf = to_parts[:-1], to_parts[-1]
    common = 0
    while common < min(len(from_dirs), len(to_dirs)) and from_dirs[common] == to_dirs[common]:
        common += 1
    path = "/".join([".."] * (len(from_dirs) - common) + to_dirs[common:])
    if leaf:
        return (f"{path}/{leaf}" if path else leaf) + hash_ + fragment
    return (f"{path}/" if path else "./") + hash_ + fragment


MAX_SLUG_LENGTH = 80  # a slug names a folder; file systems allow 255 bytes


def slugify(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens (`Café talks` -> `cafe-talks`), at most
    MAX_SLUG_LENGTH characters. A character with no plain letter (`’`, a Greek letter) is
    left out, not made a hyphen as `model.slug_of` makes it: the addresses already published
    (an owner's page) stay as they were."""
    ascii_text = plain_letters(text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_SLUG_LENGTH]
    return slug.rstrip("-") or "x"


@dataclass(frozen=True)
class OwnerUrls:
    """Owner names mapped to unique slugs (two names that slugify alike get -2, -3...): those
    of the owners now (`by_name`), and after them those of the names an action had as an
    owner before but none has now (`former_by_name`), whose page says who has each now."""

    by_name: dict[str, str]
    former_by_name: dict[str, str] = field(default_factory=dict)

    def url(self, owner: str) -> str:
        return f"actions/by-owner/{self.by_name[owner]}/"

    def slug(self, name: str) -> str | None:
        """The slug of the page of a name, an owner's now or a former owner's; None: none."""
        return self.by_name.get(name) or self.former_by_name.get(name)

    def former_url(self, name: str) -> str:
        """The page of a name no action has as an owner now, which says who has each."""
        return f"actions/by-owner/{self.former_by_name[name]}/"

    @property
    def count(self) -> int:
        """How many names the list of owners gives: the owners' now and the former ones'."""
        return len(self.by_name) + len(self.former_by_name)


def owner_urls(indexes: Indexes) -> OwnerUrls:
    taken: dict[str, str] = {"page": ""}  # an owner list's later pages are at page/N/
    by_name = _slugs(indexes.actions_by_owner, taken)
    named = {name for action in indexes.actions for e in action.history for name in e.owners}
    return OwnerUrls(by_name, _slugs(named.difference(by_name), taken))


def _slugs(names: Iterable[str], taken: dict[str, str]) -> dict[str, str]:
    """Each name's slug, in the order of the names sorted, none of those in `taken` (to which
    each is added)."""
    by_name: dict[str, str] = {}
    for name in sorted(names):
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken[slug] = name
        by_name[name] = slug
    return by_name


def source_urls(site: Site) -> dict[str, str]:
    """Each content file's page, for links written as `[text](other-note.md)`; a link to
    the file of a slug a theme's `formerly:` lists leads to that theme's page."""
    found = {m.path: meeting(m.slug) for m in site.meetings}
    found.update({t.path: theme(t.slug) for t in site.themes})
    found.update(
        {
            f"{t.path.rpartition('/')[0]}/{old}.md": theme(t.slug)
            for t in site.themes
            for old in t.formerly
        }
    )
    found[site.principles.path] = principles()
    return found


def resolve_note_link(from_path: str, target: str) -> str:
    """The content path a relative Markdown link points at, e.g. '../themes/x.md'."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))


def reserved_ids(indexes: Indexes) -> list[Problem]:
    """An error for each action or decision id that would take the address of one of the
    tracker's or the register's own pages."""
    problems = []
    for action in indexes.actions:
        if action.id in FILTER_SEGMENTS:
            at = action.history[0].entry.at  # an id is its raise's
            message = (
                f"action id '{action.id}' is reserved for the tracker's filter pages; "
                "choose another id"
            )
            problems.append(Problem(at.path, at.line, at.col, message))
    for decision in indexes.decisions:
        if decision.id in DECISION_SEGMENTS:
            at = decision.entry.at
            message = (
                f"decision id '{decision.id}' is reserved for the register's own pages; "
                "choose another id"
            )
            problems.append(Problem(at.path, at.line, at.col, message))
    return problems
