"""`nominutes email`: a newly published meeting's message, to the group's list.

Which meetings: one named by its slug, or those that became sendable between a git commit and
HEAD (published, and met by the time of the commit: added, turned from draft, or reached by
their day and hour), so CI, which passes its last successful run's, sends each meeting once
however often it runs (again after a run that failed part way). A meeting that has not met
(`met_at`: dated after today, or later today) is never sent: `--new-since` sends it on the
first push after it has met.
Several sendable at once (past meetings brought in) make one message: the newest in full,
listing the others.
Each message is `multipart/alternative`, plain text and simple HTML made from the site's
`email.txt` and `email.html` templates, with links absolute from `base_url`; each carries its
meeting's text (`site.mail_body`). Every message is built before the first is sent. The server
comes from NOMINUTES_SMTP_URL in the environment, never from a file, and its password is never
shown. NOMINUTES_EMAIL_TO and NOMINUTES_EMAIL_BCC, where set, give the recipients instead of
site.yml's `to` and `bcc`, so members' addresses stay out of a public repository: they are
counted in the output, never named.
"""

from __future__ import annotations

import base64
import hashlib
import re
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from email import headerregistry
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from pydantic import TypeAdapter, ValidationError

from generator.content.agenda import (
    announced_next,
    announcement,
    due_by_as_left,
    handed_over,
    held_next,
    moved_from,
    next_meeting,
    overdue_on_the_day,
    published_ahead,
    reviews_by_as_left,
    since_last,
)
from generator.content.crossref import (
    Action,
    ActionEvent,
    Decision,
    Indexes,
    Reviewed,
    event_before,
    handed_from,
    kept_at,
    refiled_by,
)
from generator.content.load import (
    MEETINGS_DIR,
    SETTINGS_FILE,
    Kind,
    LoadError,
    load_site,
    parse_document,
)
from generator.content.model import (
    SMTP_URL_VARIABLE,
    BuildOptions,
    EmailSettings,
    Meeting,
    Site,
    Slot,
    day_at,
)
from generator.content.schema import Address
from generator.content.validate import starter_addresses, starter_unsubscribe
from generator.errors import ContentError, Problem, did_you_mean, printable, raise_if_errors
from generator.make import assemble_model
from generator.site import urls
from generator.site.mail_body import QUOTED, WIDTH, mail_body
from generator.site.markup import Fragment, footnotes_in_english
from generator.site.pages import (
    DateText,
    Page,
    counted,
    feedback_url,
    how_long,
    interface_lang,
    long_date,
    members_lang,
    schedule,
    when_against,
)
from generator.site.people import UNASSIGNED, owner_label
from generator.site.render import (
    ThemeUndefined,
    raised_in_template,
    render_bodies,
    summary_of,
    template_mistake,
)
from generator.site.theme_files import theme_dirs
from generator.site.urls import slugify
from generator.site.wording import apart_from_stop, full_stop, quoted

# Each, where set, instead of site.yml's `to` or `bcc`: addresses kept out of the repository.
RECIPIENT_VARIABLES = MappingProxyType({"to": "NOMINUTES_EMAIL_TO", "bcc": "NOMINUTES_EMAIL_BCC"})
SCHEMES = MappingProxyType({"smtps": 465, "smtp+starttls": 587})
TIMEOUT = 30  # seconds to wait for the server
WRONG_SCHEMES = ("smtp", "http", "https", "mailto", "submission", "submissions", "ssmtp")
# Headers fold only past RFC 5322's limit of a line, so a subject stays on its line; the
# parts' quoted-printable lines are wrapped under SMTP's 78 before this applies.
HEADERS_UNFOLDED = SMTP.clone(max_line_length=998)
ENCODE_RESERVED = (
    "Percent-encode these characters in the user name and password: / as %2F, # as %23, "
    "? as %3F, @ as %40, : as %3A"
)


ADDRESS = TypeAdapter(Address)


class MailError(Exception):
    """The messages cannot be made or sent: exit 1 with this message (never a password)."""


# --- the server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpServer:
    """Where to send, from NOMINUTES_SMTP_URL."""

    scheme: str  # smtps (TLS from the start) or smtp+starttls
    host: str
    port: int
    user: str | None
    password: str | None = None

    def __repr__(self) -> str:  # never the password, even in a traceback
        return f"SmtpServer({self.shown()})"

    def shown(self) -> str:
        """The URL without its password, the user name as `user_shown` gives it."""
        who = f", as user '{self.user_shown}'" if self.user else ""
        return f"{self.scheme}://{self.host}:{self.port}{who}"

    @property
    def user_shown(self) -> str:
        """The user name as messages show it (see `shown_user`): never whole, as they go to
        CI logs that anyone may read, and a login is often a member's email address."""
        return shown_user(self.user or "")


def shown_user(user: str) -> str:
    """`user`, an SMTP login, with enough shown to recognise it and no more: an email
    address's first letter and domain (`s…@example.org`), else a name's first two letters
    (`se…`); none of one of two letters or fewer."""
    local, at, domain = user.rpartition("@")
    if at and local and domain:
        return f"{local[0]}…@{domain}"
    return f"{user[:2]}…" if len(user) > 2 else "…"


def smtp_server(url: str) -> SmtpServer:
    """Read `smtps://user:password@host:465` or `smtp+starttls://user:password@host:587`.
    Errors never echo the URL past its scheme: a misread URL can put the password anywhere."""
    written, slashes, rest = url.strip().partition("://")
    scheme = written.lower()
    if not slashes or scheme not in SCHEMES:
        named = f", not {scheme}://" if slashes and scheme in WRONG_SCHEMES else ""
        raise MailError(
            f"{SMTP_URL_VARIABLE} must start with smtps:// or smtp+starttls://{named}; "
            "mail is only sent over TLS"
        )
    end = min((rest.find(c) for c in "/?#" if c in rest), default=len(rest))
    authority, after = rest[:end], rest[end:]  # as a URL reader splits them
    if "@" in after:  # an unencoded / ? or # in the password ends the server's part early
        raise MailError(
            f"{SMTP_URL_VARIABLE} cannot be read: its password (or user name) holds a "
            f"character that URLs reserve. {ENCODE_RESERVED}"
        )
    if after not in ("", "/"):
        raise MailError(
            f"{SMTP_URL_VARIABLE} has something after the server and port: write it as "
            f"{scheme}://USER:PASSWORD@HOST:PORT, with nothing after. {ENCODE_RESERVED}"
        )
    try:
        parts: SplitResult | None = urlsplit(f"{scheme}://{authority}")
        port = parts.port
    except ValueError:  # not a number, out of range, or an unmatched [ or ]
        parts, port = None, 0
    if parts is None or port == 0:
        raise MailError(
            f"{SMTP_URL_VARIABLE} is not a URL with a valid port: write "
            f"{scheme}://USER:PASSWORD@HOST:{SCHEMES[scheme]} (a port from 1 to 65535). "
            f"{ENCODE_RESERVED}"
        )
    if not parts.hostname:
        raise MailError(f"{SMTP_URL_VARIABLE} names no server, e.g. smtps://user:pass@host:465")
    return SmtpServer(
        scheme=scheme,
        host=parts.hostname,
        port=port or SCHEMES[scheme],
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )


# --- which meetings -----------------------------------------------------------------------------


def load_model(
    source: Path, today: date, built_at: datetime | None = None
) -> tuple[Site, Indexes, dict[str, Fragment]]:
    """The published site as a build at `built_at` sees it (its build date the day that
    falls on in the site's time zone; without it, `today`), and each note's body as its
    page shows it."""
    options = BuildOptions(
        source=source.resolve(), output=source / "_site", build_date=today, built_at=built_at
    )
    model = assemble_model(load_site(options.source), options)
    site, indexes = model.site, model.indexes
    bodies = render_bodies(site)
    raise_if_errors(p for fragment in bodies.values() for p in fragment.problems)
    return site, indexes, bodies


def meeting_by_slug(site: Site, slug: str) -> Meeting:
    """The published meeting `slug` names, or the one meeting held on the date it is (a
    MailError saying which it may mean when it names none)."""
    for meeting in site.meetings:
        if meeting.slug == slug:
            return meeting
    that_day = [m for m in site.meetings if m.slug[:10] == slug[:10]]
    a_date = slug == slug[:10]
    if a_date and len(that_day) == 1:
        return that_day[0]
    if a_date and that_day:
        slugs = ", ".join(m.slug for m in that_day)
        hint = f"; that day has {len(that_day)} meetings: give one of {slugs}"
    elif len(that_day) == 1:  # a slip in the title (2026-09-02-kickoff)
        hint = f"; did you mean '{that_day[0].slug}'?"
    else:
        hint = did_you_mean(slug, [m.slug for m in site.meetings])
    raise MailError(f"no published meeting '{slug}' in {MEETINGS_DIR}/{hint}")


def _git(source: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(source), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise MailError("--new-since needs git, which is not installed") from None
    if done.returncode != 0:
        raise MailError(f"git {args[0]} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def first_push(ref: str) -> bool:
    """Whether `ref` is the commit GitHub gives as the one before a branch's first push
    (0000…): there is none."""
    return ref.strip("0") == ""


@dataclass(frozen=True)
class Published:
    """What `--new-since` sends: the meetings that became sendable since a commit, and those
    published that are not sendable yet, as of `day`."""

    meetings: list[Meeting]
    ahead: list[Meeting]
    at: datetime  # HEAD's commit's time, or now if earlier


def published_since(source: Path, ref: str, site: Site, now: datetime) -> Published:
    """The meetings that became sendable where HEAD's history last met commit `ref`'s: at
    `ref` itself when HEAD descends from it, nothing when `ref` descends from HEAD (a run again
    for an older commit sends nothing twice).

    A meeting is sendable at a commit when its file there is published (not a draft) and it
    had met when the commit was made (`met_at`; for HEAD, by `now` if that is earlier): so the
    run for each push sends what that push made sendable, a meeting published before it meets
    (another day, or later the same day) is sent by the first push after it has met, and no
    meeting is sent twice, whichever runs failed or how long after its push each ran."""
    if first_push(ref):  # CI gives 0000… as the commit before the first push
        return Published([], [], now)  # nothing was published before, nor is announced
    if ref.startswith("-"):
        raise MailError(f"--new-since takes a commit, not '{ref}'")
    try:
        _git(source, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except MailError:
        raise MailError(
            f"--new-since: no commit '{ref}' in this repository's history: in a shallow "
            "clone, fetch the whole history (fetch-depth: 0); if the history was rewritten "
            "(a force-push), send the meetings it published with --meeting SLUG"
        ) from None
    try:
        base = _git(source, "merge-base", ref, "HEAD").strip()
    except MailError:
        raise MailError(
            f"--new-since: commit '{ref}' shares no history with HEAD; "
            "send the meetings to announce with --meeting SLUG"
        ) from None
    timezone = site.settings.site.timezone
    at = min(now, _commit_time(source, "HEAD"))
    then = _commit_time(source, base)
    old_path = _paths_then(source, base)
    found, ahead = [], []
    for meeting in site.meetings:
        if meeting.draft or meeting.path not in old_path:
            continue
        met = met_at(meeting.date, meeting.slot, timezone)
        if met > at:
            ahead.append(meeting)
            continue
        before = old_path[meeting.path]
        if before is None:
            found.append(meeting)
        elif before == _UNCHANGED:
            if met > then:
                found.append(meeting)
        elif not _sendable_then(source, base, before, then, timezone):
            found.append(meeting)
    return Published(found, ahead, at)


_UNCHANGED = "\0"  # a meeting's file as it is at HEAD (see `_paths_then`)


def _paths_then(source: Path, base: str) -> dict[str, str | None]:
    """Each meeting file at HEAD, by its path, with its path at commit `base` (`_UNCHANGED`
    when it is the same file there; None when it was added since)."""
    changed = _git(
        source,
        "diff",
        "--relative",
        "--name-status",
        "-z",
        "--find-renames",
        base,
        "HEAD",
        "--",
        MEETINGS_DIR,
    ).split("\0")
    tracked = _git(source, "ls-tree", "-r", "-z", "--name-only", base, "--", MEETINGS_DIR)
    paths: dict[str, str | None] = dict.fromkeys(filter(None, tracked.split("\0")), _UNCHANGED)
    index = 0
    while index < len(changed) - 1:
        status = changed[index]
        if status.startswith(("R", "C")):
            paths[changed[index + 2]] = changed[index + 1]
            index += 3
        else:
            paths[changed[index + 1]] = None if status == "A" else changed[index + 1]
            index += 2
    return paths


def _commit_time(source: Path, commit: str) -> datetime:
    """When `commit` was made (its committer's time)."""
    seconds = int(_git(source, "show", "-s", "--format=%ct", commit, "--").strip())
    return datetime.fromtimestamp(seconds, UTC)


def met_at(day: date, slot: Slot, timezone: str | None) -> datetime:
    """When a meeting on `day` has met, in the site's time zone (UTC without one, as its
    build date): at its `end`, else its `time`; with neither, from the start of its day."""
    return datetime.combine(
        day, slot.end or slot.time or time(0), ZoneInfo(timezone) if timezone else UTC
    )


def _clock(moment: datetime, timezone: str | None) -> str:
    """`moment`'s time of day in the site's time zone, as a meeting's is written: "14:00"."""
    return moment.astimezone(ZoneInfo(timezone) if timezone else UTC).strftime("%H:%M")


def _meets_today(meeting: Meeting, now: datetime, timezone: str | None) -> str:
    """ "meets today (11 March 2024) from 14:00 to 16:00, and it is 12:30 now" """
    return (
        f"meeting {meeting.slug} meets today ({long_date(meeting.date).text}) "
        f"{_hours(meeting.slot)}, and it is {_clock(now, timezone)} now"
    )


def _hours(slot: Slot) -> str:
    """ "from 14:00 to 16:00", or "at 14:00" without an end."""
    return f"from {slot.time:%H:%M} to {slot.end:%H:%M}" if slot.end else f"at {slot.time:%H:%M}"


def _once_met(slot: Slot) -> str:
    """When a meeting with a time has met: "after 16:00, when it ends", or "after 14:00,
    when it starts" without an end."""
    if slot.end:
        return f"after {slot.end:%H:%M}, when it ends"
    return f"after {slot.time:%H:%M}, when it starts"


def not_yet_met(meeting: Meeting, now: datetime, timezone: str | None) -> str | None:
    """Why `--meeting` does not send `meeting` at `now`, when it has not met (`met_at`): it is
    dated after today, or later today; the fix is to run the same command again once it has."""
    if met_at(meeting.date, meeting.slot, timezone) <= now:
        return None
    today = day_at(now, timezone)
    if meeting.date == today:
        return (
            f"{_meets_today(meeting, now, timezone)}: a meeting's summary is sent once it has "
            f"met; run this command again {_once_met(meeting.slot)} (or correct its time if it "
            "is not when it meets)"
        )
    return (
        f"meeting {meeting.slug} is dated {long_date(meeting.date).text}, after today "
        f"({long_date(today).text}): a meeting's summary is sent once it has met; correct "
        "its date, or run this command again on its day"
    )


def _git_answer(source: Path, *args: str) -> str | None:
    """What git says, or None where it cannot say (no git, not a checkout, no upstream)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(source), *args], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return None
    return done.stdout if done.returncode == 0 else None


def not_published_yet(source: Path, meetings: Sequence[Meeting]) -> list[str]:
    """Why each of `meetings` is not on the published site as its message gives it, in a git
    checkout: its file not committed, changed since, or committed and not pushed to the
    branch's upstream. A message sent then links members to a page that is not there, or
    says what it does not. Outside a git checkout (or with no upstream) git cannot say."""
    if _git_answer(source, "rev-parse", "--is-inside-work-tree") is None:
        return []
    upstream = _git_answer(source, "rev-parse", "--abbrev-ref", "--verify", "--quiet", "@{u}")
    why = []
    for meeting in meetings:
        status = _git_answer(source, "status", "--porcelain", "--", meeting.path) or ""
        todo = "commit it and push"
        if status.startswith("??"):
            state = (
                "is not committed: the published site has no page for it, so the message's "
                "links would lead nowhere"
            )
        elif status.strip():
            state = (
                "has changes not committed: the message would say what its page on the "
                "published site does not"
            )
        elif upstream and _git_answer(
            source, "log", "--format=%h", f"{upstream.strip()}..HEAD", "--", meeting.path
        ):
            state = (
                f"has commits not pushed to {upstream.strip()}: the published site does not "
                "have them yet, so the message would say what its page does not (or link to "
                "a page not there)"
            )
            todo = "push it"
        else:
            continue
        why.append(
            f"{meeting.path} {state}; {todo}, and send it once the site is published "
            "(--dry-run DIR writes the message to read before then)"
        )
    return why


def not_sent_yet(meeting: Meeting, at: datetime, now: datetime, timezone: str | None) -> str:
    """Why `--new-since` does not send `meeting`, which had not met (`met_at`) by `at`
    (`now`, or HEAD's commit's time if earlier), and when it is sent."""
    today, day = day_at(now, timezone), day_at(at, timezone)
    if meeting.date == today and met_at(meeting.date, meeting.slot, timezone) > now:
        return (
            f"{_meets_today(meeting, now, timezone)}: a meeting's summary is sent once it has "
            f"met, so the first push {_once_met(meeting.slot)}, sends it (correct its time if "
            "it is not when it meets)"
        )
    if meeting.date == day:  # later that day than HEAD's commit
        return (
            f"meeting {meeting.slug} met on {long_date(day).text} {_hours(meeting.slot)}, "
            f"after HEAD was committed ({_clock(at, timezone)} that day), so a run for that "
            "commit does not send it: the next push sends it"
        )
    if meeting.date > today:
        hours = f" ({_once_met(meeting.slot)})" if meeting.slot.time else ""
        return (
            f"meeting {meeting.slug} is dated {long_date(meeting.date).text}, after today "
            f"({long_date(today).text}): a meeting's summary is sent once it has met, so the "
            f"first push on or after its day{hours} sends it (correct its date if it is not "
            "the day it meets)"
        )
    return (
        f"meeting {meeting.slug} is dated {long_date(meeting.date).text}, after the day HEAD "
        f"was committed ({long_date(day).text}), so a run for that commit does not send it: "
        "the next push sends it"
    )


def _sendable_then(
    source: Path, commit: str, path: str, then: datetime, timezone: str | None
) -> bool:
    """Whether the meeting file at `path` was sendable at `commit`, made at `then`: published
    (not a draft) and met by then (`met_at`, by its date, time and end there). A file that
    cannot be read there was (it is not sent again)."""
    try:
        text = _git(source, "show", f"{commit}:./{path}")
        front = parse_document(path, Kind.MEETING, text.encode("utf-8")).front.value
    except (MailError, LoadError):
        return True
    if not isinstance(front, dict):
        return True
    try:
        if "draft" in front and TypeAdapter(bool).validate_python(front["draft"]):
            return False
    except ValidationError:
        pass
    try:
        day = TypeAdapter(date).validate_python(front.get("date"))
    except ValidationError:
        return True
    hours = []
    for key in ("time", "end"):
        try:
            hours.append(TypeAdapter(time | None).validate_python(front.get(key)))
        except ValidationError:
            hours.append(None)  # as a meeting without one: met from the start of its day
    return met_at(day, Slot(*hours), timezone) <= then


# --- the messages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailLink:
    text: str
    href: str  # absolute

    @property
    def stop(self) -> str:
        """The full stop a sentence ending in this link needs: "" after its text's own '.',
        '?' or '!' (see `wording.full_stop`), as a page's `Link`."""
        return full_stop(self.text)


@dataclass(frozen=True)
class MailAction:
    title: str
    href: str
    owners: str
    due: DateText | None
    status: str  # as the meeting left it
    now: str | None  # the status now, when a later meeting changed it
    overdue: bool  # on the meeting's day, as it left it (one raised there past due too)
    note: str | None
    # In the list of actions due at the next meeting, as the agenda pack lists them: how long
    # before the meeting an overdue one was due ("5 weeks"), and the meeting that raised it,
    # with its date; its owners each say since when they have had it, when a later meeting
    # gave it to them.
    due_before: str = ""
    raised: str = ""
    # the owners the meeting's own update took it from, e.g. "Kwame Asante" ("" for none)
    handed_from: str = ""
    owner_label: str = "Owner"  # "Owners" before more than one name
    # `owners`, `handed_from` and `raised` for the plain-text part: each name and date one
    # unit of its wrapping (see KEPT_TOGETHER)
    owners_text: str = ""
    handed_from_text: str = ""
    raised_text: str = ""
    # the themes the meeting's own update filed it under anew, by title ("no theme" for
    # none), as the action's page says; "" where it did not
    filed_under: str = ""


@dataclass(frozen=True)
class MailPrincipleChange:
    """A principle reworded or given a status, in the words it was given, with the day of
    the change in git and whether it came before or after the meeting, as its page says."""

    text: str
    href: str  # absolute
    date: DateText
    when: str  # "before", "on the day of" or "after" (the meeting)


@dataclass(frozen=True)
class MailRestated:
    """The principles given one status since the meeting before, e.g. "agreed"."""

    status: str
    principles: tuple[MailPrincipleChange, ...]


@dataclass(frozen=True)
class MailKept:
    """A review that kept a decision: on what day, and when it is to be reviewed next."""

    on: DateText
    next_review: DateText | None  # None: no further review set


@dataclass(frozen=True)
class MailSuperseded:
    """The decision that replaced one, and the date of the meeting that made it."""

    by: MailLink
    on: DateText


@dataclass(frozen=True)
class MailDecision:
    """A decision as an email names it; one that replaced another is said "`words`
    (replaces: `supersedes`)`closing`", its own full stop after the brackets, as a sentence
    has it, and the replaced words without theirs ("We meet monthly (replaces: We meet
    weekly)."), as one due for review is ("We keep notes (to be reviewed by 1 June 2024).");
    words with no stop of their own are given one where a sentence on it follows."""

    text: str
    href: str
    review: DateText | None  # as the message's meeting left it
    supersedes: MailLink | None
    later: MailKept | None  # the latest review since the message's meeting, if any
    superseded: MailSuperseded | None  # as of the build date: by what, and when
    # replaced at a meeting dated after the build date: in force until then
    to_be_superseded: MailSuperseded | None = None
    words: str = ""  # `text`, less the full stop `closing` that ends it
    closing: str = ""


@dataclass(frozen=True)
class MailReview:
    """A decision the message's meeting reviewed and kept, as its page's "Decisions
    reviewed" shows it."""

    decision: MailDecision
    kept: MailKept
    note: str | None


@dataclass(frozen=True)
class MailListed:
    """A meeting published with the message's own, listed rather than given in full."""

    meeting: MailLink
    on: DateText
    summary: str  # its `summary:` line, or ""


@dataclass(frozen=True)
class Outgoing:
    """One message, ready to send or write: `name` is the meeting's slug."""

    name: str
    subject: str
    message: EmailMessage
    recipients: tuple[str, ...]  # `to` and `bcc`, each address once
    # each address from the environment (lower case) -> how a message names it, never itself
    unnamed: Mapping[str, str]
    # the options that send it again, when it lists other meetings: "--new-since REF"
    again: str | None = None

    def as_bytes(self) -> bytes:
        return self.message.as_bytes()


def _kept(review: Reviewed) -> MailKept:
    next_review = review.entry.review
    return MailKept(long_date(review.meeting.date), long_date(next_review) if next_review else None)


# Joins the words of a name or a date in the plain-text part, so that wrapping its lines
# (which breaks at spaces alone) never splits one ("1 April / 2024"); a space once wrapped.
KEPT_TOGETHER = "\x1f"


def kept_together(words: str) -> str:
    """`words` (a name, a date) as one unit for the plain-text part's wrapping."""
    return words.replace(" ", KEPT_TOGETHER)


# A date as the email gives it ("1 April 2024"), which `wrap` keeps on one line.
_LONG_DATE = re.compile(
    r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) (\d{4})\b"
)


def wrap(text: str, indent: str = "") -> str:
    """The `wrap` filter of any `email.txt`: each line of `text` after the first begun with
    `indent` (a note's "  " under its item). Its lines are wrapped as the part is written
    (`flowed`), never inside a name or a date (the names of the prepared `…_text` values,
    a `unit`, a date as the email writes it), a hyphenated word or an address."""
    return f"\n{indent}".join(text.split("\n"))


def flowed(text: str, width: int = WIDTH) -> str:
    """The plain-text part as RFC 3676's format=flowed writes it: each line of `text` (a
    paragraph, a list's item, a line of code) wrapped at its spaces into lines of `width`
    (72) characters or fewer, each but the last ending in a space, a soft break, so that a
    mail app that honours it joins them again to fit its screen, and one that does not shows
    them as they are; a line begun with a space, '>' or "From " stuffed with a space; a
    quote's lines (QUOTED, from `mail_body`) begun with a '>' for each level. Never broken
    inside a name or a date (`kept_together`) or a word: an address longer than `width` runs
    on alone; but the line that begins a signature, "-- "."""
    written = []
    for line in text.split("\n"):
        if line == SIGNATURE:  # the footer's separator, which is not a soft break
            written.append(line)
            continue
        content = line.lstrip(QUOTED)
        depth = len(line) - len(content)
        # (a quote within a list's item, which a flowed quote cannot be, as plain text)
        content = content.replace(QUOTED, "> ")
        content = _LONG_DATE.sub(lambda day: KEPT_TOGETHER.join(day.groups()), content)
        quote = ">" * depth + " " if depth else ""
        for part in _soft_lines(content.rstrip(" \t"), width - len(quote)):
            if depth:
                written.append((quote + part) if part else quote.rstrip(" "))
            else:
                written.append(f" {part}" if _needs_stuffing(part) else part)
    return "\n".join(written).replace(KEPT_TOGETHER, " ")


# The line before the footer, which mail apps take for a signature's start: they set what
# follows apart, and leave it out of a reply (RFC 3676, 4.3).
SIGNATURE = "-- "


def _needs_stuffing(line: str) -> bool:
    """Whether a line of a flowed part is begun with a space (RFC 3676, 4.4): one that
    begins with one, or with what a reader takes for a quote or an mbox's "From " line."""
    return line.startswith((" ", ">", "From "))


def _soft_lines(line: str, width: int) -> list[str]:
    """`line` broken after its spaces into lines of `width` or fewer, a stuffing space and
    the space that ends each but the last counted; a word longer runs on alone."""
    parts: list[str] = []
    current = ""
    for chunk in re.findall(r" *[^ ]+ *", line):
        room = width - _needs_stuffing(current or chunk)
        if current and len(current) + len(chunk) > room:
            parts.append(current)
            current = chunk
        else:
            current += chunk
    return [*parts, current]


def _names(names: Sequence[str], kept: bool = False) -> str:
    """ "Grace, Alan Turing"; `kept`: each name one unit of the plain-text part."""
    return ", ".join(kept_together(name) if kept else name for name in names)


def _owners(owners: tuple[str, ...], kept: bool = False) -> str:
    return _names(owners, kept) if owners else UNASSIGNED


def _owners_since(action: Action, meeting: Meeting, kept: bool = False) -> str:
    """The owners `meeting` left `action` with, each given it by a later meeting than the one
    that raised it saying since when, and whose it was: "Siân (since 5 March 2025; before,
    Kwame)"; `kept`: each name and date one unit of the plain-text part."""
    unit = kept_together if kept else str
    owners = action.state_at(meeting).owners
    said = []
    for owner in owners:
        given = handed_over(action, meeting, owner)
        if given is None:
            said.append(unit(owner))
            continue
        before = f"; before, {_names(given.before, kept)}" if given.before else ""
        said.append(f"{unit(owner)} (since {unit(long_date(given.at.date).text)}{before})")
    return ", ".join(said) if said else UNASSIGNED


class _Composer:
    def __init__(self, site: Site, indexes: Indexes, bodies: Mapping[str, Fragment]) -> None:
        self.site, self.indexes, self.bodies = site, indexes, bodies
        self.config = site.settings.site
        self.base = self.config.base_url
        self.announcer = announcement(site)  # whose next meeting the agenda pack is
        # with none standing, the meeting published ahead that is the next (its own pack)
        self.ahead = published_ahead(site)
        # while an announcement stands, the next meeting as the pack has it: the day and slot
        # it now stands on (held later by the meeting published ahead, say), and the day it
        # moved from, if it moved
        self.standing = next_meeting(site)[1:]
        self.moved_from = moved_from(site)
        # the meeting published ahead that holds it, on its day or postponed
        self.held_by = held_next(site)
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(str(d / "templates")) for d in theme_dirs(site)]
            ),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
            undefined=ThemeUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["unit"] = kept_together
        # the HTML part's own words marked English on a site in another language (as pages)
        self.env.globals["interface_lang"] = interface_lang(self.config.language)
        self.env.globals["members_lang"] = members_lang(self.config.language)
        self.env.filters["wrap"] = wrap

    def action(self, action: Action, meeting: Meeting, due_next: bool = False) -> MailAction:
        """`action` as `meeting` left it; `due_next`: in the list of those due at the next
        meeting, with what the agenda pack says of it."""
        state = action.state_at(meeting)
        overdue = overdue_on_the_day(action, meeting)
        raised = action.raised_in
        # its update at `meeting` (the list of those due next says since when, as the pack)
        here = state.meeting is meeting and not state.is_raise and not due_next
        taken = handed_from(event_before(action, state), state) if here else ()
        return MailAction(
            title=action.title,
            href=self.base + urls.action(action.id),
            owners=_owners_since(action, meeting) if due_next else _owners(state.owners),
            owners_text=_owners_since(action, meeting, kept=True)
            if due_next
            else _owners(state.owners, kept=True),
            due=long_date(state.due) if state.due else None,
            status=state.status.label,
            now=None if action.status is state.status else action.status.label,
            overdue=overdue,
            note=state.note,
            due_before=how_long(state.due, meeting.date)
            if due_next and overdue and state.due
            else "",
            raised=self.raised_at(raised, meeting, kept=False) if due_next else "",
            handed_from=", ".join(taken),
            owner_label=owner_label(len(state.owners)),
            raised_text=self.raised_at(raised, meeting, kept=True) if due_next else "",
            handed_from_text=_names(taken, kept=True),
            filed_under=self.filed_under(action, state) if here else "",
        )

    @staticmethod
    def raised_at(raised: Meeting, meeting: Meeting, *, kept: bool) -> str:
        """The meeting that raised an action, after "Raised at": "this meeting" for the
        email's own, which it names at its top, else its title quoted and its day (`kept`:
        the day one unit, for the plain-text part's lines)."""
        if raised is meeting:
            return "this meeting"
        day = long_date(raised.date).text
        return f"{quoted(raised.title)}, {kept_together(day) if kept else day}"

    def filed_under(self, action: Action, update: ActionEvent) -> str:
        """The titles of the themes `update` filed `action` under anew ("no theme" for
        none); "" where it did not."""
        themes = refiled_by(action, update)
        if themes is None:
            return ""
        titles = {theme.slug: theme.title for theme in self.site.themes}
        return ", ".join(titles.get(slug, slug) for slug in themes) or "no theme"

    def decision(self, decision: Decision, meeting: Meeting) -> MailDecision:
        """`decision` as `meeting` left it, with the review that kept it since, if any,
        and the decision that replaced it, if one has by the build date (or replaces it at
        a meeting written ahead, on that meeting's day)."""
        replaced = self.indexes.decision_by_id.get(decision.supersedes or "")
        successor = self.indexes.decision_by_id.get(decision.superseded_by or "")
        review = decision.review_at(meeting)
        later = decision.reviewed_after(meeting)
        replacing = (
            MailSuperseded(
                MailLink(successor.text, self.base + urls.decision(successor.id)),
                long_date(successor.meeting.date),
            )
            if successor
            else None
        )
        words, closing = apart_from_stop(decision.text)
        superseded = None if decision.in_force else replacing
        to_be_superseded = replacing if decision.in_force else None
        if later or superseded or to_be_superseded:  # a sentence follows: end this one
            closing = closing or full_stop(words)
        return MailDecision(
            text=decision.text,
            href=self.base + urls.decision(decision.id),
            review=long_date(review) if review else None,
            supersedes=MailLink(
                apart_from_stop(replaced.text)[0], self.base + urls.decision(replaced.id)
            )
            if replaced
            else None,
            later=_kept(later) if later else None,
            superseded=superseded,
            to_be_superseded=to_be_superseded,
            words=words,
            closing=closing,
        )

    def reviewed(self, meeting: Meeting) -> list[MailReview]:
        return [
            MailReview(self.decision(d, meeting), _kept(kept), kept.entry.note)
            for d, kept in kept_at(self.indexes, meeting)
        ]

    def principle_change(
        self, meeting: Meeting, pid: str, text: str, day: date
    ) -> MailPrincipleChange:
        return MailPrincipleChange(
            text,
            self.base + urls.principle_anchor(pid),
            long_date(day),
            when_against(day, meeting.date),
        )

    def reworded(self, meeting: Meeting, first: bool = False) -> list[MailPrincipleChange]:
        """The principles reworded (in git) since the meeting before (`first`: first
        written, suggested), in the words they were given then, with the day of each change,
        as the meeting's page lists them."""
        since = self.indexes.since_last.get(meeting.slug)
        listed = {p.id for p in self.site.principles.principles}
        found = () if since is None else since.suggested if first else since.reworded_alone
        return [
            self.principle_change(meeting, p.id, p.text, p.date) for p in found if p.id in listed
        ]

    def restated(self, meeting: Meeting) -> list[MailRestated]:
        """The principles agreed, retired or suggested again (in git) since the meeting
        before, in the words they had then, as the meeting's page lists them."""
        since = self.indexes.since_last.get(meeting.slug)
        listed = {p.id for p in self.site.principles.principles}
        found = []
        for status, given in since.restated_by_status if since is not None else ():
            links = tuple(
                self.principle_change(meeting, p.id, p.text, p.date)
                for p in given
                if p.id in listed
            )
            if links:
                found.append(MailRestated(status, links))
        return found

    def context(self, meeting: Meeting) -> dict[str, Any]:
        idx, config = self.indexes, self.config
        since = since_last(idx, meeting)
        following = idx.next.get(meeting.slug)
        day = (
            meeting.next_meeting
            if meeting.next_meeting and meeting.next_meeting > meeting.date
            else None
        )
        # Announcing none, its next meeting is the one after it, if published ahead of its day
        # as the site's next (`published_ahead`): its own date, time and place.
        ahead = self.ahead if day is None and following and following is self.ahead else None
        # Nor can it announce one on its own day: the meeting after it in the list that day
        # (an afternoon meeting after a morning workshop) is its next.
        later_that_day = (
            following if day is None and following and following.date == meeting.date else None
        )
        given = ahead or later_that_day
        day, slot = (given.date, given.slot) if given else (day, meeting.next_slot)
        # its announcement standing, the day /next/ gives ("moved from" the first, if it moved)
        standing = self.announcer is meeting
        day, slot = self.standing if standing else (day, slot)
        # The meeting after it, published ahead of its day and dated before the day it
        # announced (brought forward, or one more held first), is the one the group holds
        # next: its own day. (One that has met since is an extra meeting, as on its page.)
        today = self.site.settings.build_date
        announced = day
        sooner = (
            following
            if day and following and meeting.date < following.date < day and following.date > today
            else None
        )
        if sooner is not None:
            day, slot = sooner.date, sooner.slot
        # a catch-up email's next meeting has met since (one published ahead has not): the
        # meeting that held this one's announcement, if one did, else the meeting after it
        holder = (found := announced_next(self.site, meeting)) and found.held_by
        held = holder or following
        held = held if held and held.date <= today else None
        # held on another day than this email gives (postponed): it says so
        moved = ""
        if held is not None and held is holder and day is not None and held.date != day:
            moved = f", moved from {long_date(day).text}"
        page = Page(urls.meeting(meeting.slug), "meeting.html", meeting.title)
        listed = {a.id for a in (*since.not_reported, *since.unchanged)}
        return {
            "site": config,
            "site_url": self.base,
            "meeting": MailLink(meeting.title, self.base + urls.meeting(meeting.slug)),
            "schedule": schedule(meeting.date, meeting.slot, config.timezone),
            # its own summary: one made from the text would say its first paragraph twice
            "summary": meeting.summary or "",
            # what an inbox shows under the subject, hidden in the message: the summary, as
            # the site's feeds and cards give it (its text's first paragraph without one)
            "preview": summary_of(meeting, self.bodies[meeting.path], today),
            "text": mail_body(
                footnotes_in_english(self.bodies[meeting.path].html)
                if interface_lang(config.language)
                else self.bodies[meeting.path].html,
                self.base + urls.meeting(meeting.slug),
            ),
            "authors": ", ".join(meeting.authors),
            "authors_text": _names(meeting.authors, kept=True),
            "previous": MailLink(
                since.previous.title, self.base + urls.meeting(since.previous.slug)
            )
            if since.previous
            else None,
            "previous_date": long_date(since.previous.date).text if since.previous else "",
            "closed": [self.action(a, meeting) for a in since.closed],
            "progressed": [self.action(a, meeting) for a in since.progressed],
            "reopened": [self.action(a, meeting) for a in since.reopened],
            "noted": [self.action(a, meeting) for a in since.noted],
            "not_reported": [self.action(a, meeting) for a in since.not_reported],
            "unchanged": [self.action(a, meeting) for a in since.unchanged],
            # each action once: one due or listed is said overdue where it is listed
            "overdue": [self.action(a, meeting) for a in since.overdue if a.id not in listed],
            "reworded": self.reworded(meeting),
            "suggested": self.reworded(meeting, first=True),
            "restated": self.restated(meeting),
            "decisions": [self.decision(d, meeting) for d in idx.decided_at.get(meeting.slug, ())],
            "reviewed": self.reviewed(meeting),
            "raised": [self.action(a, meeting) for a in idx.raised_at.get(meeting.slug, ())],
            "next": schedule(day, slot, config.timezone) if day else None,
            "next_moved_from": long_date(self.moved_from)
            if standing and self.moved_from and not sooner
            else None,
            # the day it announced, when the group meets before it (`sooner`)
            "next_announced": long_date(announced) if sooner and announced else None,
            # a catch-up email's next meeting has met since: the meeting after this one
            # quoted, as "Since “…”", the quotes outside its link: a title with a comma
            # reads as one; then its day ("15 April 2024, moved from 8 April 2024")
            "next_held": MailLink(held.title, self.base + urls.meeting(held.slug))
            if day and held
            else None,
            "next_held_on": f"{long_date(held.date).text}{moved}" if day and held else "",
            # the next meeting, published ahead of its day: its page, with its agenda (the
            # next with none announced, or holding this meeting's announcement that stands)
            "next_ahead": MailLink(shown.title, self.base + urls.meeting(shown.slug))
            if (shown := sooner or ahead or (self.held_by if standing else None))
            else None,
            # as this meeting left them, those overdue at it first
            "due_next": (
                [self.action(a, meeting, due_next=True) for a in due_by_as_left(idx, meeting, day)]
                if day
                else []
            ),
            # as this meeting left them: a catch-up email's list is the one sent then
            "review_next": (
                [self.decision(d, meeting) for d in reviews_by_as_left(idx, meeting, day)]
                if day
                else []
            ),
            # The agenda pack is the site's next meeting's: a catch-up email links it, as
            # the meeting's page does, only while this meeting's announcement stands.
            # So too while the meeting after it, published ahead, is the next.
            "next_pack": self.base + urls.next_meeting()
            if (self.announcer is meeting or ahead) and not sooner
            else None,
            "tracker": self.base + urls.actions(),
            "feedback": feedback_url(config, page),
        }

    def listed(self, meeting: Meeting) -> MailListed:
        return MailListed(
            MailLink(meeting.title, self.base + urls.meeting(meeting.slug)),
            long_date(meeting.date),
            meeting.summary or "",
        )

    def compose(
        self,
        meeting: Meeting,
        addressed: Addressing,
        sent: datetime,
        earlier: Sequence[Meeting] = (),
        again: str | None = None,
    ) -> Outgoing:
        """`meeting`'s message, listing `earlier` (newest first) as published with it."""
        email = addressed.email
        context = self.context(meeting)
        context["earlier"] = [self.listed(m) for m in earlier]
        context["earlier_count"] = counted(len(earlier), "earlier meeting")
        context["unsubscribe"] = leaving(email)
        subject = f"{email.subject_prefix}{meeting.title} ({long_date(meeting.date).text})"
        if earlier:
            subject += f" and {counted(len(earlier), 'earlier meeting')}"
        subject = " ".join(subject.split())  # one line: a header holds no line break
        context["subject"] = subject
        try:
            text = flowed(self.env.get_template("email.txt").render(context))
            html = self.env.get_template("email.html").render(context)
        except Exception as error:
            site = self.site
            if not isinstance(error, jinja2.TemplateError) and not raised_in_template(site, error):
                raise
            mistake = template_mistake(site, error, "email.txt", context)
            message = f"template error while writing the email of meeting {meeting.slug}: "
            problem = Problem(mistake.path, mistake.line, mistake.col, message + mistake.text)
            raise ContentError([problem]) from None
        host = self.config.id_host  # the address it moved from, if it moved
        site_id = self.config.id_site  # and its path there, if it has one
        message = EmailMessage(policy=SMTP)
        message["Subject"] = subject
        message["From"] = header_address(email.sender)
        message["To"] = tuple(header_address(written) for written in email.to)
        if email.reply_to:
            message["Reply-To"] = header_address(email.reply_to)
        message["Date"] = format_datetime(sent)
        # (the slug it was first published under, as its calendar event's UID)
        message["Message-ID"] = f"<meeting-{self.site.history.first_slug(meeting)}@{site_id}>"
        group = " ".join(self.config.title.split())  # one line, as the subject
        message["List-Id"] = formataddr((group, f"{slugify(group)}.{host}"))
        message["List-Archive"] = f"<{self.base}>"
        if email.unsubscribe:  # else the group's list adds its own
            message["List-Unsubscribe"] = ", ".join(f"<{url}>" for url in email.unsubscribe)
        # quoted-printable keeps each soft break's space at a line's end (as "=20")
        message.set_content(text, cte="quoted-printable", params={"format": "flowed"})
        message.add_alternative(html, subtype="html", cte="quoted-printable")
        # A boundary from the content, not chance: a dry run writes the same bytes each time.
        digest = hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:24]
        message.set_boundary(f"=_nominutes_{digest}")
        message.policy = HEADERS_UNFOLDED  # as it is written and sent
        return Outgoing(meeting.slug, subject, message, recipients(email), addressed.unnamed, again)


def leaving(email: EmailSettings) -> list[MailLink]:
    """How a member leaves the list, as the footer links it: "Leave this list", or, given a
    page and a request address, "Leave this list on the web" and "… by email"."""
    if len(email.unsubscribe) == 1:
        return [MailLink("Leave this list", email.unsubscribe[0])]
    return [
        MailLink(
            "Leave this list by email"
            if url.lower().startswith("mailto:")
            else "Leave this list on the web",
            url,
        )
        for url in email.unsubscribe
    ]


def header_address(written: str) -> headerregistry.Address:
    """An address of site.yml's email settings as a header writes it, its name quoted where
    it holds a character (a parenthesis, a colon) that mail reads otherwise unquoted."""
    name, address = parseaddr(written)
    return headerregistry.Address(display_name=name, addr_spec=address)


def recipients(email: EmailSettings) -> tuple[str, ...]:
    """Every address of `to` and `bcc` once (compared without regard to case)."""
    found: dict[str, str] = {}
    for _, address in getaddresses([*email.to, *email.bcc]):
        found.setdefault(address.lower(), address)
    return tuple(found.values())


@dataclass(frozen=True)
class Addressing:
    """The email settings a run uses: site.yml's, with `to` or `bcc` from the environment
    where a variable of RECIPIENT_VARIABLES is set."""

    email: EmailSettings
    # each address from the environment (lower case) -> how a message names it, never itself
    unnamed: Mapping[str, str]
    told: tuple[str, ...]  # what the run says of those: how many, and in place of what


def split_addresses(text: str) -> list[str]:
    """The addresses in `text`, separated by commas, semicolons or line breaks (not within
    a name in double quotes)."""
    items, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char in ",;\r\n" and not quoted:
            items.append(current)
            current = ""
        else:
            current += char
    return [item.strip() for item in [*items, current] if item.strip()]


def _unshown_problem(message: str) -> str:
    """What is wrong with an address, from its check's `message`, without the address."""
    if "line break" in message:
        return "holds a control character"
    if "quote the name" in message:
        return (
            "has a name holding a character mail reads otherwise (a colon, say): put the "
            'name in double quotes, "Name: one" <name@example.org>'
        )
    return "is not an email address"


# site.yml's email settings as `init` writes them, commented out: `# email:`.
_COMMENTED_OUT = re.compile(r"^#[ \t]*email:[ \t]*(?:#.*)?$", re.MULTILINE)


def commented_out_at(source: Path) -> int | None:
    """The line of the site.yml of `source` where its email settings start, commented out
    (`# email:`, as `init` writes them), when they are; else None."""
    settings = (source / SETTINGS_FILE).read_text(encoding="utf-8", errors="replace")
    found = _COMMENTED_OUT.search(settings)
    return None if found is None else settings.count("\n", 0, found.start()) + 1


def addressing(
    site: Site, environ: Mapping[str, str], commented_out: int | None = None
) -> Addressing:
    """site.yml's email settings, with `to` and `bcc` each taken instead from its variable
    in `environ` where that is set (not empty). Raises MailError when there are no settings
    (saying so of those `commented_out` from that line), no `to`, or a variable holds what is
    not an address (named by its place, never shown)."""
    email = site.settings.site.email
    if email is None and commented_out is not None:
        raise MailError(
            f"site.yml has no email settings: they are commented out, from line "
            f"{commented_out} ('# email:'); delete the '# ' at the start of that line and of "
            "each line of the settings under it"
        )
    if email is None:
        variables = [v for v in RECIPIENT_VARIABLES.values() if split_addresses(environ.get(v, ""))]
        if variables:  # the recipients are given; who the mail is from is not
            raise MailError(
                f"site.yml has no email settings: {' and '.join(variables)} "
                f"{'give' if len(variables) > 1 else 'gives'} the recipients, and site.yml "
                "says who the mail is from; add, for example:\n"
                "email:\n  from: Policy group <noreply@example.org>"
            )
        raise MailError(
            "site.yml has no email settings; add, for example:\n"
            "email:\n  to: [policy-group@example.org]\n  from: Policy group <noreply@example.org>"
        )
    given: dict[str, tuple[str, ...]] = {}
    unnamed: dict[str, str] = {}
    told, wrong = [], []
    for field, variable in RECIPIENT_VARIABLES.items():
        items = split_addresses(environ.get(variable, ""))
        if not items:
            continue
        for number, item in enumerate(items, 1):
            try:
                ADDRESS.validate_python(item)
            except ValidationError as error:
                why = _unshown_problem(error.errors()[0]["msg"])
                wrong.append(
                    f"address {number} of {len(items)} in {variable} {why} (not shown: the "
                    "variable's addresses are kept out of output); write each as "
                    "name@example.org or Name <name@example.org>, separated by commas or "
                    "new lines"
                )
                continue
            for _, address in getaddresses([item]):
                unnamed.setdefault(address.lower(), f"address {number} of {variable}")
        given[field] = tuple(items)
        count = f"{len(items)} address{'' if len(items) == 1 else 'es'}"
        replaced = f", instead of site.yml's {field}" if getattr(email, field) else ""
        told.append(f"{variable} gives {count} for {field} (not shown here){replaced}")
    if wrong:  # one error a line, as the command line prints them
        raise MailError("\nerror: ".join(wrong))
    email = replace(email, **given)
    if not email.to:
        raise MailError(
            f"site.yml's email settings have no `to`, and {RECIPIENT_VARIABLES['to']} is not "
            "set: add your group's list address, `to: [policy-group@example.org]`, or set "
            f"{RECIPIENT_VARIABLES['to']} (a secret in CI) to it"
        )
    return Addressing(email, MappingProxyType(unnamed), tuple(told))


def compose_all(
    site: Site,
    indexes: Indexes,
    bodies: Mapping[str, Fragment],
    meetings: Sequence[Meeting],
    sent: datetime,
    addressed: Addressing,
    together_since: str | None = None,
) -> list[Outgoing]:
    """Every message, made before any is sent, to the addresses of `addressed`: one for each
    meeting, or, with `together_since` (the commit of `--new-since`), one for them all, the
    newest in full listing the others. Raises ContentError at a mistake in an email template."""
    composer = _Composer(site, indexes, bodies)
    messages = []
    if together_since is not None and len(meetings) > 1:
        *earlier, newest = meetings  # in meeting order
        made = [(newest, earlier[::-1], f"--new-since {together_since}")]
    else:
        made = [(meeting, [], None) for meeting in meetings]
    for meeting, listed, again in made:
        messages.append(composer.compose(meeting, addressed, sent, listed, again))
    return messages


def given_addresses(written: Sequence[str]) -> tuple[str, ...]:
    """The addresses given with `--to`, each once. Raises MailError naming every one that
    is not an address."""
    wrong = []
    for text in written:
        try:
            ADDRESS.validate_python(text)
        except ValidationError as error:
            problem = error.errors()[0]["msg"].removeprefix("Value error, ")
            wrong.append(printable(f"--to {problem}"))  # a line break in it shown, not made
    if wrong:  # one error a line, as the command line prints them
        raise MailError("\nerror: ".join(wrong))
    found: dict[str, str] = {}
    for _, address in getaddresses(list(written)):
        found.setdefault(address.lower(), address)
    return tuple(found.values())


def only_to(messages: Sequence[Outgoing], addresses: tuple[str, ...]) -> list[Outgoing]:
    """The messages, the very same, sent to `addresses` instead of site.yml's."""
    return [
        replace(outgoing, recipients=addresses, unnamed=MappingProxyType({}))
        for outgoing in messages
    ]


def refuse_example_addresses(addressed: Addressing) -> None:
    """Raises MailError when the email settings still hold an address `init` wrote as an
    example (a recipient's, the sender's, or where to unsubscribe): checked before sending,
    never for a dry run."""
    email = addressed.email
    for _, address in getaddresses([*email.to, *email.bcc, email.sender]):
        if address.lower() in starter_addresses():
            where = addressed.unnamed.get(address.lower())
            raise MailError(
                f"{where} is {address!r}, the example address that init wrote in site.yml: "
                "set your group's own before sending"
                if where
                else f"site.yml's email settings still hold {address!r}, the example address "
                "that init wrote: set your group's own before sending (--dry-run DIR writes "
                "the messages without sending them)"
            )
    for page in email.unsubscribe:
        if str(page) in starter_unsubscribe():
            raise MailError(
                f"site.yml's email unsubscribe is still {str(page)!r}, the example address "
                "that init wrote: set where members leave your group's list, or delete the "
                "line, before sending (--dry-run DIR writes the messages without sending them)"
            )


def write_messages(messages: Sequence[Outgoing], folder: Path) -> list[Path]:
    """Each message as FOLDER/SLUG.eml (a dry run)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for outgoing in messages:
        path = folder / f"{outgoing.name}.eml"
        path.write_bytes(outgoing.as_bytes())
        written.append(path)
    return written


# --- sending ------------------------------------------------------------------------------------


# A secret this long is taken out wherever it appears; a shorter one, whose letters ordinary
# words may hold, only where it stands whole (so that a password "a" garbles no "mailbox").
WHOLE_ONLY = 8


def _scrub(text: str, server: SmtpServer) -> str:
    """`text`, a server's or library's words, with the password taken out, as written or as
    a login sends it, should they echo it, and the user name shown as `shown_user` shows it.
    Only such text is scrubbed: messages are written from the server's host, port and user
    name as shown, never from the URL's password."""
    if server.user:
        for written in (server.user, base64.b64encode(server.user.encode()).decode()):
            text = re.sub(_occurrence(written), lambda _: server.user_shown, text)
    if not server.password:
        return text
    plain = f"\0{server.user or ''}\0{server.password}".encode()
    for secret in (
        server.password,
        quote(server.password, safe=""),
        base64.b64encode(server.password.encode()).decode(),
        base64.b64encode(plain).decode(),
    ):
        text = re.sub(_occurrence(secret), "***", text)
    return text


def _occurrence(secret: str) -> str:
    """A pattern of `secret` where it appears as itself: anywhere when it is long, else not
    within a longer word."""
    if len(secret) >= WHOLE_ONLY:
        return re.escape(secret)
    before = r"(?<!\w)" if re.match(r"\w", secret[0]) else ""
    after = r"(?!\w)" if re.match(r"\w", secret[-1]) else ""
    return f"{before}{re.escape(secret)}{after}"


def _reply_text(reply: bytes | str, server: SmtpServer) -> str:
    """A server's reply on one line (a reply of several lines joined by spaces), with the
    password taken out."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(_scrub(text, server).split())


def _refused(
    refused: Mapping[str, tuple[int, bytes]],
    server: SmtpServer,
    sent: Sequence[Outgoing],
    unnamed: Mapping[str, str],
) -> str:
    """What to say when the server refused some addresses and took the others: one from the
    environment (in `unnamed`) named by its place there, and taken out of the server's reply;
    where to correct each (site.yml, or the variable that gave it), and the command that then
    sends each message sent to it alone."""
    reasons = []
    for address, (code, reply) in sorted(refused.items()):
        said = _reply_text(reply, server)
        for hidden in unnamed:
            said = re.sub(re.escape(hidden), "(not shown)", said, flags=re.IGNORECASE)
        reasons.append(f"{unnamed.get(address.lower(), address)} ({code} {said})")
    # "address 2 of NOMINUTES_EMAIL_BCC" -> its variable; an address of site.yml's, site.yml
    places = {
        unnamed[a.lower()].rsplit(" of ", 1)[1]
        if a.lower() in unnamed
        else "site.yml's email settings"
        for a in refused
    }
    where = " and ".join(sorted(places, key=lambda place: not place.startswith("site.yml")))
    one = len(refused) == 1
    correct = f"correct {'the address' if one else 'those addresses'} in {where}"
    if not sent:
        return (
            f"the SMTP server at {server.host}:{server.port} refused {', '.join(reasons)}; "
            f"nothing was sent: {correct}"
        )
    subjects = ", ".join(repr(outgoing.subject) for outgoing in sent)
    alone = "it alone" if one else "each alone"
    if len(sent) == 1:
        then = f"then send the meeting to {alone} with --meeting {sent[0].name} --to ADDRESS"
    else:
        commands = ", ".join(f"--meeting {outgoing.name} --to ADDRESS" for outgoing in sent)
        then = f"then send each meeting to {alone}: {commands}"
    return (
        f"the SMTP server at {server.host}:{server.port} refused {', '.join(reasons)}; every "
        f"other address was sent {subjects}: {correct}, {then}"
    )


def _timed_out(error: BaseException) -> bool:
    """Whether `error` is a wait for the server that ran out (smtplib reports a reply that
    never came as the connection closed, the timeout as its cause)."""
    return isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)


def _not_sent(unsent: Sequence[Outgoing], arrived: str) -> str:
    """The advice to send each meeting of `unsent` (the one being sent when it failed
    first) by itself, so that none already sent is sent twice; a message listing several
    meetings, as it was made."""
    if unsent[0].again:  # one message for several meetings: sent again as it was made
        return f"send it again with {unsent[0].again}{arrived}"
    first, *after = (outgoing.name for outgoing in unsent)
    return f"send each meeting not sent with --meeting SLUG: {', '.join([first + arrived, *after])}"


def _unreachable(error: OSError, where: str) -> str:
    """What to say when the connection to the server at `where` failed, in words rather than
    the system's error number."""
    if isinstance(error, ConnectionRefusedError):
        why = "it refused the connection (nothing listens on that port)"
        check = (
            f"check the port in {SMTP_URL_VARIABLE} (usually 465 for smtps://, 587 for "
            "smtp+starttls://) and that the server is running"
        )
    elif isinstance(error, socket.gaierror):
        why = "no server has that name (or this machine has no network to look it up)"
        check = f"check the server's name in {SMTP_URL_VARIABLE}"
    else:
        said = (error.strerror or type(error).__name__).rstrip(".")
        why = f"the connection failed ({said[:1].lower()}{said[1:]})"
        check = (
            f"check the server's name and port in {SMTP_URL_VARIABLE}, and that the network "
            "(a firewall) lets this machine reach it"
        )
    return f"could not reach the SMTP server at {where}: {why}; nothing was sent: {check}"


# What each step of `send_messages` is called in a message.
STEPS = MappingProxyType(
    {
        "greeting": "the connection",
        "EHLO": "the hello (EHLO)",
        "STARTTLS": "STARTTLS",
        "login": "the login (AUTH)",
    }
)


def _dropped(error: BaseException) -> bool:
    """Whether `error` is the server, or the network, ending the connection it had opened
    (smtplib reports a connection closed or reset as a disconnection, the reset as its cause)."""
    return isinstance(error, smtplib.SMTPServerDisconnected) or (
        isinstance(error, ConnectionError) and not isinstance(error, ConnectionRefusedError)
    )


def _ended(
    error: BaseException,
    waiting: str,
    server: SmtpServer,
    sent: Sequence[str],
    unsent: Sequence[Outgoing],
) -> str:
    """What to say when the connection, once open, was closed or reset at step `waiting`
    (see `send_messages`), in words rather than the system's error number."""
    where = f"the SMTP server at {server.host}:{server.port}"
    if isinstance(error, ConnectionResetError) or isinstance(
        error.__context__, ConnectionResetError
    ):
        how = f"the connection to {where} was reset (by the server, or the network between)"
    else:
        how = f"{where} closed the connection"
    if waiting == "sending":
        done = f"already sent: {', '.join(sent)}" if sent else "nothing was sent before it"
        return (
            f"{how} while it was sent '{unsent[0].subject}', which may not have arrived; "
            f"{done}: check the server's limits (on how many messages it takes, how large, "
            f"how often) and the network, then {_not_sent(unsent, ' (if it did not arrive)')}"
        )
    if waiting == "login":
        return (
            f"{how} at the login (AUTH) for user '{server.user_shown}'; nothing was sent: "
            f"check the user and password, and the scheme and port, in {SMTP_URL_VARIABLE}"
        )
    step = "before its greeting" if waiting == "greeting" else f"at {STEPS[waiting]}"
    return (
        f"{how} {step}; nothing was sent: check the port and the scheme in "
        f"{SMTP_URL_VARIABLE} (smtps:// takes TLS from the start, usually on port 465; "
        "smtp+starttls:// asks for it, usually on port 587)"
    )


def _no_answer(
    waiting: str,
    server: SmtpServer,
    timeout: float,
    sent: Sequence[str],
    unsent: Sequence[Outgoing],
) -> str:
    """What to say when the server stopped answering at step `waiting` (see `send_messages`)."""
    where = f"the SMTP server at {server.host}:{server.port}"
    within = f"within {timeout:g} s"
    check = (
        f"check the port and the scheme in {SMTP_URL_VARIABLE} (smtps:// takes TLS from the "
        "start, usually on port 465; smtp+starttls:// asks for it, usually on port 587)"
    )
    if waiting == "connection":
        return (
            f"could not reach {where}: it did not answer the connection {within}; nothing was "
            f"sent: check the server's name and port in {SMTP_URL_VARIABLE}, and that the "
            "network (a firewall) lets this machine reach it"
        )
    if waiting == "TLS":
        return (
            f"{where} took the connection but did not complete the TLS handshake {within}; "
            f"nothing was sent: {check}"
        )
    if waiting == "greeting":
        return (
            f"{where} took the connection but sent no greeting {within}; nothing was sent: {check}"
        )
    if waiting == "EHLO":
        return f"{where} did not answer the hello (EHLO) {within}; nothing was sent: {check}"
    if waiting == "STARTTLS":
        return f"{where} did not complete STARTTLS {within}; nothing was sent: {check}"
    if waiting == "login":
        return (
            f"{where} did not answer the login (AUTH) for user '{server.user_shown}' {within}; "
            "nothing was sent: check the user, the port and the scheme (smtps:// or "
            f"smtp+starttls://) in {SMTP_URL_VARIABLE}"
        )
    done = f"already sent: {', '.join(sent)}" if sent else "nothing was sent before it"
    return (
        f"{where} stopped answering {within} while it was sent '{unsent[0].subject}', which "
        f"may not have arrived; {done}: once the server answers, "
        f"{_not_sent(unsent, ' (if it did not arrive)')}"
    )


def _rejected(
    error: smtplib.SMTPResponseException,
    waiting: str,
    server: SmtpServer,
    sent: Sequence[str],
    unsent: Sequence[Outgoing],
) -> str:
    """What to say when the server answered step `waiting` with an error code: the code and
    its text in words (for good, a 5xx; for now, a 4xx), and what to check."""
    where = f"the SMTP server at {server.host}:{server.port}"
    reply = error.smtp_error if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
    said = f"{error.smtp_code} {_reply_text(reply, server)}".strip()
    for_now = 400 <= error.smtp_code < 500
    if waiting != "sending":
        check = (
            "try again once it takes mail"
            if for_now
            else f"check what it says, and the scheme and port in {SMTP_URL_VARIABLE}"
        )
        return f"{where} refused {STEPS[waiting]} ({said}); nothing was sent: {check}"
    done = f"already sent: {', '.join(sent)}" if sent else "nothing was sent before it"
    when = "for now" if for_now else "for good"
    subject = unsent[0].subject
    if isinstance(error, smtplib.SMTPSenderRefused):
        sender = error.sender.decode() if isinstance(error.sender, bytes) else error.sender
        what = f"refused the sender {sender} of '{subject}' {when} ({said})"
        who = f"user '{server.user_shown}' may send" if server.user else "the server takes mail"
        check = f"check that {who} from the address of `from` in site.yml's email settings"
    else:
        what = f"rejected the message '{subject}' {when} ({said})"
        check = "check what it says (a limit on a message's size, or a rule against spam, say)"
    # a refusal for now needs nothing mended: the server may take it later
    advice = "once it takes mail again," if for_now else f"{check}, then"
    return f"{where} {what}; {done}: {advice} {_not_sent(unsent, '')}"


def _login(connection: smtplib.SMTP, server: SmtpServer) -> None:
    """Log in as the server's user: as smtplib does for a user and password in ASCII; else in
    UTF-8 (as RFC 4616 has PLAIN do, and servers take LOGIN's too), which smtplib cannot
    send (it stops with a UnicodeEncodeError)."""
    user, password = server.user or "", server.password or ""
    if user.isascii() and password.isascii():
        connection.login(user, password)
        return
    connection.ehlo_or_helo_if_needed()
    if not connection.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("no AUTH")
    offered = connection.esmtp_features["auth"].upper().split()

    def encoded(text: str) -> str:
        return base64.b64encode(text.encode()).decode("ascii")

    if "PLAIN" in offered:
        code, reply = connection.docmd("AUTH", "PLAIN " + encoded(f"\0{user}\0{password}"))
    elif "LOGIN" in offered:
        code, reply = connection.docmd("AUTH", "LOGIN " + encoded(user))
        if code == 334:
            code, reply = connection.docmd(encoded(password))
    else:
        raise MailError(
            f"the SMTP server at {server.host}:{server.port} offers no login that takes a password "
            "written in letters beyond ASCII (it offers neither AUTH PLAIN nor AUTH LOGIN); "
            f"set a password of ASCII letters, digits and punctuation, and give it in "
            f"{SMTP_URL_VARIABLE}"
        )
    if code not in (235, 503):  # 503: already logged in
        raise smtplib.SMTPAuthenticationError(code, reply)


def send_messages(
    messages: Sequence[Outgoing], server: SmtpServer, *, timeout: float | None = None
) -> list[str]:
    """Send every message over one connection, waiting `timeout` seconds (TIMEOUT when
    None) for each answer of the server; returns their subjects. Raises MailError (naming
    the step a server stopped answering at, and what was sent before a failure)."""
    timeout = TIMEOUT if timeout is None else timeout
    sent: list[str] = []
    delivered: list[Outgoing] = []  # the messages of `sent`, for a refusal's advice
    context = ssl.create_default_context()
    where = f"{server.host}:{server.port}"
    waiting = "greeting"  # the step the server is to answer next
    unsent: Sequence[Outgoing] = messages  # from the one being sent on
    try:
        if server.scheme == "smtps":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with connection:
            if server.scheme == "smtp+starttls":
                waiting = "EHLO"
                connection.ehlo()
                if not connection.has_extn("starttls"):
                    raise MailError(
                        f"the SMTP server at {where} does not offer STARTTLS; "
                        "use smtps:// if it takes TLS from the start"
                    )
                waiting = "STARTTLS"
                connection.starttls(context=context)
                waiting = "EHLO"
                connection.ehlo()
            if server.user:
                waiting = "login"
                _login(connection, server)
            refused: dict[str, tuple[int, bytes]] = {}
            unnamed: dict[str, str] = {}
            waiting = "sending"
            for position, outgoing in enumerate(messages):
                unsent = messages[position:]
                unnamed |= outgoing.unnamed
                try:
                    refused |= connection.send_message(
                        outgoing.message, to_addrs=list(outgoing.recipients)
                    )
                except smtplib.SMTPRecipientsRefused as error:  # every one of them
                    refused |= error.recipients
                    continue
                sent.append(outgoing.subject)
                delivered.append(outgoing)
            if refused:
                raise MailError(_refused(refused, server, delivered, unnamed))
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(
            f"the SMTP server at {where} refused the login for user '{server.user_shown}' "
            f"({error.smtp_code}); check the user and password in {SMTP_URL_VARIABLE}"
        ) from None
    except smtplib.SMTPResponseException as error:  # a step answered with an error code
        raise MailError(_rejected(error, waiting, server, sent, unsent)) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(
            f"the SMTP server at {where} does not accept a login here; "
            "check the scheme (smtps:// or smtp+starttls://) and the port"
        ) from None
    except ssl.SSLCertVerificationError as error:
        raise MailError(
            f"the SMTP server at {where} presented a certificate that cannot be trusted "
            f"({error.verify_message}); a private CA can be given in SSL_CERT_FILE"
        ) from None
    except (ssl.SSLError, smtplib.SMTPException, OSError) as error:
        if _timed_out(error):
            if waiting == "greeting" and not isinstance(error, smtplib.SMTPServerDisconnected):
                # Not a reply that never came: the connection, or smtps's TLS handshake
                # (Python's own timeout of a handshake says so).
                waiting = "TLS" if "handshake" in str(error) else "connection"
            raise MailError(_no_answer(waiting, server, timeout, sent, unsent)) from None
        if _dropped(error):
            raise MailError(_ended(error, waiting, server, sent, unsent)) from None
        reason = _scrub(str(error) or type(error).__name__, server)
        if (
            not sent
            and isinstance(error, OSError | socket.timeout)
            and not isinstance(error, smtplib.SMTPException)
        ):
            raise MailError(_unreachable(error, where)) from None
        done = f"; already sent: {', '.join(sent)}" if sent else "; nothing was sent"
        then = f": {_not_sent(unsent, '')}" if waiting == "sending" else ""
        raise MailError(f"sending through {where} failed: {reason}{done}{then}") from None
    return sent
