"""Write new content for the user: the next meeting's file, a theme's, or a whole new site.

`new meeting` lists every action open before its date as an update to report back on, so
reporting back is the default, and the decisions due for review by then as comments that
record a review. Nothing here overwrites an existing file, nor writes through a symbolic
link.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import metadata, resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from generator import __version__
from generator.content.agenda import (
    held_next,
    moved_from,
    next_meeting,
    published_ahead,
    reviews_by,
)
from generator.content.crossref import Action, ActionEvent, Indexes
from generator.content.load import MEETINGS_DIR, THEMES_DIR, load_site, marked_drafts
from generator.content.model import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_THEME_BODY,
    BuildOptions,
    Meeting,
    Site,
    announces,
    day_at,
    is_placeholder,
)
from generator.content.review import FAR_AHEAD
from generator.content.schema import parse_date
from generator.content.validate import starter_placeholders, starter_timezone
from generator.errors import ContentError, Problem, printable
from generator.make import assemble_model
from generator.site.pages import long_date
from generator.site.urls import slugify
from generator.site.wording import apart_from_stop


class ScaffoldError(Exception):
    """The request cannot be carried out (bad date, file exists, folder not empty)."""


def refuse_links(root: Path, relative: str, command: str) -> None:
    """Raise ScaffoldError when the file at `relative` under `root`, or a folder on the way
    to it, is a symbolic link (a broken one too): `command` never writes through one, which
    a pull request could point at a file outside the site."""
    path = root
    for part in PurePosixPath(relative).parts:
        path = path / part
        if path.is_symlink():
            shown = path.relative_to(root).as_posix()
            kind = "folder" if path.is_dir() else "file"
            raise ScaffoldError(
                f"{shown} is a symbolic link (to {os.readlink(path)}), and nominutes {command} "
                "never writes through one, which could write over a file outside the site: "
                f"delete the link (or put the {kind} itself in its place) and run it again"
            )


def _yaml(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (JSON strings are valid YAML; the
    line breaks JSON leaves as they are, U+2028 and U+2029, end a line to YAML: escaped)."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'-]*", value) and not value.endswith(" ")
    is_keyword = value.lower() in {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
    if plain and not is_keyword:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _comment(text: str) -> str:
    """Text for a YAML comment: on one line, whatever line breaks (YAML's too: NEL, U+2028)
    or control characters it holds, so nothing in it becomes a key of the scaffold."""
    return printable(" ".join(text.split()))


def _parse_date(text: str, today: date) -> date:
    """--date, read as front matter's dates are, with the same messages (`today` the
    example for one written in words)."""
    try:
        return parse_date(text, example=f", e.g. {today.isoformat()}, today's date")
    except ValueError as error:
        raise ScaffoldError(f"--date: {error}") from None


def _load(
    source: Path, today: date, *, drafts: bool = False, built_at: datetime | None = None
) -> tuple[Site, Indexes, tuple[Problem, ...]]:
    """The site, and with `drafts` the drafts' errors as `check` shows them: warnings (the
    site is then read as published, without the drafts)."""
    options = BuildOptions(
        source=source.resolve(),
        output=source / "_site",
        build_date=today,
        drafts=drafts,
        built_at=built_at,
    )
    try:
        model = assemble_model(load_site(options.source), options)
    except ContentError as error:
        errors = [p for p in error.problems if p.is_error]
        if not drafts or not {p.path for p in errors} <= marked_drafts(options.source):
            raise
        site, indexes, _ = _load(source, today, built_at=built_at)
        return site, indexes, tuple(p.in_a_draft() for p in errors)
    return model.site, model.indexes, ()


@dataclass(frozen=True)
class Dated:
    """The day `new meeting` dates a meeting when not given `--date`, with a note to the
    writer when that may not be the day they meant; or the meeting already published for
    it (`taken`), whose file is the one to edit, and why it is (`why`)."""

    day: date
    note: str | None = None
    taken: Meeting | None = None
    why: str = ""


def next_meeting_date(site: Site, today: date) -> Dated:
    """The next meeting announced; the meeting published ahead that holds it (see
    `agenda.held_next`), on that day or postponed, whose file is there to edit (`taken`);
    else the latest meeting held, while it is not written up (see `not_written_up`), whose
    file that is too; else today (but always after the latest held: tomorrow, when it was
    today), with a note saying so and how to give it another day, or when the announced day
    has passed (the meeting may have been held on another). A meeting published ahead
    that is the next with none announced (`agenda.published_ahead`) has not met: until its
    day, the new meeting is another, today's."""
    latest, announced, _ = next_meeting(site)
    if latest is None:
        return Dated(today)
    holder = held_next(site)
    if holder is not None:
        moved = moved_from(site)
        since = f" (moved from {long_date(moved).text})" if moved else ""
        why = f"the next meeting, published ahead of its day{since}"
        return Dated(holder.date, taken=holder, why=why)
    if published_ahead(site) is not None:  # its own day, not one announced
        announced = None
    if announced is not None and announced < today:
        return Dated(
            announced,
            f"it is dated {announced.isoformat()}, the day announced for the next meeting "
            f"({long_date(announced).text}), which has passed; if the meeting was held on "
            "another day, change date: in the file, and the date in its file name",
        )
    if announced is not None:
        return Dated(announced)
    if why := not_written_up(site, latest):
        return Dated(latest.date, taken=latest, why=f"the latest meeting, {why}")
    # how to give it another day: for a meeting to come, announcing it as the site shows it
    other_day = (
        "delete it and run again with --date YYYY-MM-DD, or write next_meeting: YYYY-MM-DD "
        f"in {latest.path} (the site then shows that day as the next meeting's) and run again"
    )
    if today > latest.date:
        return Dated(
            today,
            f"no next_meeting was announced, so it is dated today, {today.isoformat()} (the "
            f"latest meeting was on {latest.date.isoformat()}); if it meets, or met, on "
            f"another day, {other_day}",
        )
    after = latest.date + timedelta(days=1)
    return Dated(
        after,
        f"no next_meeting was announced and the latest meeting is today's "
        f"({latest.date.isoformat()}), so this one is dated tomorrow, {after.isoformat()}, "
        f"to be given its day; if it meets on another day, {other_day}",
    )


def not_written_up(site: Site, meeting: Meeting) -> str:
    """Why `meeting`, held, is not written up yet, "" if it may be: its text is still the
    line `new meeting` wrote, or git last saw its file edited before its day (an agenda
    published ahead; a write-up not committed yet is not seen)."""
    if is_placeholder(meeting.body):
        return f"not written up yet (its text is still '{PLACEHOLDER_BODY}')"
    edited = site.history.last_edited.get(meeting.path)
    if edited is not None and edited < meeting.date:
        return (
            f"not written up yet (git last saw it edited on {edited.isoformat()}, before its "
            "day: an agenda published ahead; commit its write-up, if it has one)"
        )
    return ""


MODELINE = "# yaml-language-server: $schema=../../schemas/meeting.schema.json"


def open_after(indexes: Indexes, through: date) -> list[tuple[Action, ActionEvent]]:
    """Each action raised before `through` and still open after the meetings held by then,
    that day's included, with its state as the last of them left it (a meeting written for
    an earlier day than the latest reports on what was open then; a second meeting on a
    day, which comes first until given a time, not on what that day's first one raised)."""
    found = []
    for action in indexes.actions:
        before = [event for event in action.history if event.meeting.date <= through]
        if before and before[0].meeting.date < through and before[-1].status.is_active:
            found.append((action, before[-1]))
    return found


def meeting_text(
    when: date,
    title: str,
    latest: Meeting | None,
    indexes: Indexes,
    retired: Collection[str] = (),
    announcer: Meeting | None = None,
    today: date | None = None,
) -> str:
    """A new meeting's file; the themes of `latest` it suggests leave out those `retired`;
    the time and place `announcer` (the latest meeting before it to announce a next one)
    gave, if it announced this day; `today`, the build date, says whether its agenda may be
    published ahead of it."""
    lines = [
        "---",
        MODELINE,
        f"title: {_yaml(title)}",
        f"date: {when.isoformat()}",
    ]
    # When and where, as announced for this date.
    slot = announcer.next_slot if announcer and announcer.next_meeting == when else None
    if slot and slot.time:
        lines.append(f'time: "{slot.time.isoformat("minutes")}"')
    if slot and slot.end:
        lines.append(f'end: "{slot.end.isoformat("minutes")}"')
    if slot and slot.location:
        lines.append(f"location: {_yaml(slot.location)}")
    if latest and latest.date == when:
        # A meeting with no time comes first on its day: say what this one must follow.
        if latest.slot.time:
            began = latest.slot.time.isoformat("minutes")
            ask = f"after {began}, when {latest.title} began, to come after it"
        else:
            ask = f"{latest.title} has no time, so comes first that day; this one follows it"
        lines.append(f'# time: "HH:MM"  # {_comment(ask)}')
    lines.append("authors: []")
    lines.append("summary:  # one or two sentences for the home page and feeds")
    suggested = [slug for slug in latest.themes if slug not in retired] if latest else []
    if suggested:
        lines.append(f"# themes at the previous meeting: {', '.join(suggested)}")
    lines += ["themes: []", "principles: []"]
    active = open_after(indexes, when)
    new_action = [
        "# A new action: '- id:', 'title:', 'owner:', 'due:'; a decision, under 'decisions:',",
        "# '- id:' and 'text:'. Each is on this meeting's themes unless it lists its own.",
    ]
    if active:
        lines += [
            "# Report back on each open action: set its status or write a note; to hand it on,",
            "# give it a new 'owner:' or 'due:'. One not discussed: remove it, or, if it is due,",
            "# note: Not discussed; carried to the next meeting (one left as is gets a warning).",
            *new_action,
            "actions:",
        ]
        for action, state in active:
            owners = f", {' and '.join(state.owners)}" if state.owners else ""
            due = f", due {state.due.isoformat()}" if state.due else ""
            lines += [
                f"  - id: {action.id}  # {_comment(action.title + owners + due)}",
                f"    status: {state.status.value}  # open | in-progress | done | dropped",
                "    note:",
            ]
    else:
        lines += [*new_action, "actions: []"]
    lines += _reviews_due(indexes, when)
    lines += [
        "# next_meeting: YYYY-MM-DD",
        f"draft: true  # a draft is not published: {_publish_when(when, today)}",
        "---",
        "",
        PLACEHOLDER_BODY,
        "",
    ]
    return "\n".join(lines)


def _publish_when(when: date, today: date | None) -> str:
    """When to delete a new meeting's `draft: true`: once its summary is agreed, or, for
    one up to four weeks ahead, before its day too, to publish its agenda."""
    if today is None or not today < when <= today + FAR_AHEAD:
        return "delete this line when the summary is agreed"
    return (
        "delete this line to publish it as its agenda before its day (up to four weeks "
        "ahead), or when the summary is agreed"
    )


def _reviews_due(indexes: Indexes, when: date) -> list[str]:
    """The decisions made before `when` and due for review by then, as comments: the lines
    that record a review that keeps one, to uncomment; the longest overdue first, as the
    agenda pack lists them."""
    due = [d for d in reviews_by(indexes, when) if d.meeting.date < when]
    if not due:
        return []
    lines = [
        "# Decisions due for review by this meeting. To record that it reviewed one and kept",
        "# it, uncomment its lines (and 'decisions:'); leave 'review:' empty if no further",
        "# review is due.",
        "# decisions:",
    ]
    for decision in due:
        when_due = decision.review.isoformat() if decision.review else ""
        words, stop = apart_from_stop(_comment(decision.text))
        lines += [
            f"#   - id: {decision.id}  # {words} (review due {when_due}){stop}",
            "#     review:  # when to review it again, YYYY-MM-DD",
            "#     note:",
        ]
    return lines


_APOSTROPHES = str.maketrans("", "", "'’")


def file_slug(title: str) -> str:
    """A new note's file name from its title, apostrophes left out ("Let's meet" ->
    `lets-meet`, not `let-s-meet`)."""
    return slugify(title.translate(_APOSTROPHES))


@dataclass(frozen=True)
class Written:
    """The meeting file `new meeting` wrote, a note to the writer on its date when that may
    not be the one they meant, and the drafts' errors it read past, as warnings."""

    path: Path
    note: str | None
    warnings: tuple[Problem, ...]


def new_meeting(
    source: Path,
    *,
    when: str | None,
    title: str | None,
    today: date,
    built_at: datetime | None = None,
) -> Written:
    """Write content/meetings/DATE-SLUG.md for the next meeting. A day that has a meeting
    gets a second one only when `when` names it, following that day's meeting (a draft
    too). Today is the day `built_at` falls on in the site's time zone, if it is given."""
    folder = source / MEETINGS_DIR
    refuse_links(source, MEETINGS_DIR, "new meeting")
    named = _parse_date(when, today) if when else None
    held_that_day = named is not None and any(folder.glob(f"{named.isoformat()}-*.md"))
    site, indexes, warnings = _load(source, today, drafts=held_that_day, built_at=built_at)
    build_date = site.settings.build_date  # today in the site's time zone
    dated = Dated(named) if named else next_meeting_date(site, build_date)
    meeting_date, note = dated.day, dated.note
    if dated.taken is not None:  # the meeting it is for has its file: that one to edit
        day = meeting_date.isoformat()
        raise ScaffoldError(
            f"{source / dated.taken.path} already exists for {day}, {dated.why}: edit it, or "
            f"give --date for a meeting on another day (--date {day} for a second meeting "
            "that day)"
        )
    title = (title or f"Meeting on {long_date(meeting_date).text}").strip()
    path = folder / f"{meeting_date.isoformat()}-{file_slug(title)}.md"
    refuse_links(source, path.relative_to(source).as_posix(), "new meeting")
    if path.exists():
        raise ScaffoldError(f"{path} already exists; choose another --title or --date")
    same_day = sorted(folder.glob(f"{meeting_date.isoformat()}-*.md"))
    if same_day and not when:
        day = meeting_date.isoformat()
        raise ScaffoldError(
            f"{same_day[0]} already exists for {day}: edit it, or give --date for a meeting "
            f"on another day (--date {day} for a second meeting that day)"
        )
    before = [m for m in site.meetings if m.date <= meeting_date]
    latest = before[-1] if before else None  # the meeting before this one
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        retired = {theme.slug for theme in site.themes if theme.retired}
        # whose time and place it takes, unless a meeting that day came first
        announcer = next((m for m in reversed(before) if announces(m)), None)
        if latest and latest.date == meeting_date:
            announcer = None
        text = meeting_text(meeting_date, title, latest, indexes, retired, announcer, build_date)
        file.write(text)
    return Written(path, note, warnings)


STARTER_THEME = "content/themes/getting-started.md"  # the starter's theme, the model of a new one


def new_theme(source: Path, *, title: str, name: str | None = None) -> Path:
    """Write content/themes/SLUG.md for a new theme, SLUG being `name` or made from the
    title; returns its path."""
    title = title.strip()
    slug = file_slug(title)
    if not title or not slug:
        raise ScaffoldError("the title must have a letter or digit in it")
    if name is not None:
        if not name or file_slug(name) != name:
            written = file_slug(name)
            fix = f": write it as {written}" if written else ""
            raise ScaffoldError(
                f"--name '{name}' is not a theme's name as meetings list it (small letters, "
                f"digits and hyphens){fix}"
            )
        slug = name
    path = source / THEMES_DIR / f"{slug}.md"
    refuse_links(source, f"{THEMES_DIR}/{slug}.md", "new theme")
    if path.exists():
        raise ScaffoldError(f"{path} already exists: the theme '{slug}' is there to edit")
    starter = resources.files("generator.scaffold").joinpath("starter", STARTER_THEME)
    text = re.sub(
        r"(?m)^title: .*$", lambda _: f"title: {_yaml(title)}", starter.read_text("utf-8")
    )
    text = re.sub(r"(?m)^summary: .*$", "summary:  # one sentence: what the theme covers", text)
    front_matter = text[: text.index("\n---\n", 4) + 5]  # the starter's body is an example
    text = f"{front_matter}{PLACEHOLDER_THEME_BODY}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
    return path


REQUIREMENTS = "requirements.txt"
WHEELS_DIR = "wheels"


@dataclass(frozen=True)
class Requirement:
    """Where the new site's nominutes comes from: requirements.txt's line, a wheel file to
    copy into the site's wheels/ folder for that line to name, and what init says of it."""

    line: str
    wheel: Path | None = None
    note: str | None = None


def installed_from(direct_url: str | None) -> Requirement:
    """The requirement that installs the nominutes running now, from its installer's record
    of where it came from (`direct_url.json`, PEP 610; None when it came from a package
    index or --find-links): that release from the index, the same wheel file, or the same
    git commit. A folder, or an address holding a password, cannot be named for CI: the
    release is named and init says so. With no record (installed from an index, or from a
    folder of wheels given to pip's --find-links, which pip does not tell apart), init says
    where the release named will come from, and how to name a wheel file instead."""
    pinned = Requirement(f"nominutes=={__version__}")
    if direct_url is None:
        wheel = f"nominutes-{__version__}-py3-none-any.whl"
        return Requirement(
            pinned.line,
            note=f"requirements.txt names the release nominutes=={__version__}, which pip "
            "installs from the package index; if you installed nominutes from a wheel file "
            f"or with --find-links, copy {wheel} into {WHEELS_DIR}/ and name it instead: "
            f'./{WHEELS_DIR}/{wheel} (README.md, "Where nominutes comes from")',
        )
    try:
        record = json.loads(direct_url)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return pinned
    address = urlsplit(url)
    elsewhere = (
        f"requirements.txt names the release nominutes=={__version__} from the package "
        'index; if it is not there, change that line (README.md, "Where nominutes comes '
        'from")'
    )
    if address.password or address.username not in (None, "git"):  # git@: no secret
        return Requirement(
            pinned.line, note=f"nominutes came from an address with a login: {elsewhere}"
        )
    if "vcs_info" in record and record["vcs_info"].get("vcs") == "git":
        commit = record["vcs_info"].get("commit_id", "")
        return Requirement(
            f"nominutes @ git+{url}@{commit}" if commit else f"nominutes @ git+{url}"
        )
    if "archive_info" in record and address.scheme == "file":
        wheel = Path(unquote(address.path))
        if wheel.suffix == ".whl" and wheel.is_file():
            return Requirement(
                f"./{WHEELS_DIR}/{wheel.name}",
                wheel,
                f"requirements.txt installs nominutes from {WHEELS_DIR}/{wheel.name}, a copy of "
                "the wheel it was installed from: commit it with the site, or name a release "
                'instead (README.md, "Where nominutes comes from")',
            )
        return Requirement(
            pinned.line, note=f"nominutes came from a file no longer there: {elsewhere}"
        )
    if "archive_info" in record and address.scheme in ("http", "https"):
        return Requirement(f"nominutes @ {url}")
    return Requirement(pinned.line, note=f"nominutes was installed from a folder: {elsewhere}")


def running_requirement() -> Requirement:
    """`installed_from` for the nominutes installed here (the release, when it is not)."""
    try:
        direct_url = metadata.distribution("nominutes").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct_url = None
    return installed_from(direct_url)


STARTER_README_HEADING = "Our policy group's meeting summaries"
# Marks that Markdown reads in a heading's text (a `#` at its end would close it).
_MARKDOWN_MARKS = re.compile(r"([\\`*_\[\]<>#~&!|])")


def markdown_text(text: str) -> str:
    """`text` for a line of Markdown that shows it as written: each mark escaped."""
    return _MARKDOWN_MARKS.sub(r"\\\1", text)


# Starter files written byte for byte, not templates (the example's diagram).
_BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".pdf")


def starter_files(
    today: date, requirement: Requirement | None = None, version: str = __version__
) -> dict[str, str | bytes]:
    """The files `init` writes, from the templates shipped in generator/scaffold/starter/
    (an image as it is); requirements.txt names `requirement` (else the release running
    now), and the README's lines on where nominutes comes from name `version`."""
    starter = resources.files("generator.scaffold").joinpath("starter")
    files: dict[str, str | bytes] = {}
    for relative in sorted(_walk(starter)):
        if relative.endswith(_BINARY_SUFFIXES):
            files[relative] = starter.joinpath(relative).read_bytes()
            continue
        text = starter.joinpath(relative).read_text(encoding="utf-8")
        if relative == REQUIREMENTS and requirement is not None:
            text = text.replace("nominutes=={version}", requirement.line)
        name = relative.replace("{date}", today.isoformat()).replace("dot-", ".")
        review = today.replace(year=today.year + 1, day=min(today.day, 28))
        files[name] = (
            text.replace("{date}", today.isoformat())
            .replace("{review}", review.isoformat())
            .replace("{version}", version)
        )
    for name in ("meeting", "theme", "principles", "site"):
        schema = resources.files("generator").joinpath("schemas", f"{name}.schema.json")
        files[f"schemas/{name}.schema.json"] = schema.read_text(encoding="utf-8")
    return files


def _walk(folder, prefix: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found += _walk(entry, f"{prefix}{entry.name}/")
        elif not entry.name.startswith("."):
            found.append(f"{prefix}{entry.name}")
    return found


def starter_day(moment: datetime) -> date:
    """The day `moment` falls on where the site `init` writes meets (in the time zone its
    site.yml names), as every command run in it then takes today (`BuildOptions.day_in`)."""
    return day_at(moment, starter_timezone())


def init_site(
    directory: Path,
    *,
    today: date,
    requirement: Requirement | None = None,
    title: str | None = None,
) -> list[Path]:
    """Create a new site in `directory`, which must not exist, be empty, or be a repository
    made first (`.git`, perhaps with files such as a LICENSE that the starter does not have),
    whose requirements.txt names `requirement` (with its wheel copied into wheels/), and whose
    site.yml and README heading have `title` in place of the example's."""
    files = starter_files(today, requirement)
    held = sorted(e.name for e in directory.iterdir()) if directory.is_dir() else []
    if "site.yml" in held:
        raise ScaffoldError(
            f"{directory} already holds a site (its site.yml); init starts a new one. To bring "
            f"this site's schemas/ up to nominutes {__version__}, and see which of its other "
            f"files differ from this version's, run: nominutes upgrade --source {directory}"
        )
    if directory.exists() and (not directory.is_dir() or (held and ".git" not in held)):
        raise ScaffoldError(
            f"{directory} is not empty; init only writes into an empty folder "
            "(or a repository's, made first with git init or cloned)"
        )
    starter = {PurePosixPath(relative).parts[0] for relative in [*files, WHEELS_DIR]}
    clashes = [name for name in held if name in starter]
    if clashes:
        named = " and ".join([", ".join(clashes[:-1]), clashes[-1]] if clashes[1:] else clashes)
        raise ScaffoldError(
            f"{directory} already holds {named}, which init writes; init never overwrites: "
            f"move {'it' if len(clashes) == 1 else 'them'} aside (git mv {clashes[0]} "
            f"{clashes[0]}.before) and run init again"
        )
    if title is not None:
        title = " ".join(title.split())
        if not any(ch.isalnum() for ch in title):
            raise ScaffoldError("the title must have a letter or digit in it")
        example = f"title: {starter_placeholders()['title']}\n"
        files["site.yml"] = str(files["site.yml"]).replace(
            example, f"title: {json.dumps(title, ensure_ascii=False)}\n", 1
        )
        files["README.md"] = str(files["README.md"]).replace(
            f"# {STARTER_README_HEADING}\n", f"# {markdown_text(title)}\n", 1
        )
    written = []
    for relative, content in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            with path.open("xb") as binary:
                binary.write(content)
        else:
            with path.open("x", encoding="utf-8") as file:
                file.write(content)
        written.append(path)
    if requirement is not None and requirement.wheel is not None:
        path = directory / WHEELS_DIR / requirement.wheel.name
        path.parent.mkdir()
        shutil.copyfile(requirement.wheel, path)
        written.append(path)
    return written
