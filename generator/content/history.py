"""How the content changed, from git: the wording of each principle over time, when each
content file was last edited and on how many days, and when each meeting's was written up
(a commit that only renames a file is no
edit, nor one whose only change to a meeting's file is a renamed theme's new slug given for its
old one, or a slug a theme's `formerly:` lists given for that theme's, or the reverse), which
files were taken out, when and in which commit (with the ids of the
actions and decisions a meeting's last version raised and made), and the day a meeting's file
first announced for the next meeting, when a commit moved it (`_first_announced`).

This reads the repository's committed history (not the working tree, but for the theme
files' `formerly:` lists, `claimed_slugs`, which say how to read it). A site that is not a git
checkout, or a shallow clone, simply has less to show, and the pages say so.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path

from generator.content.addresses import addresses_in, name_for
from generator.content.load import (
    MEETINGS_DIR,
    PRINCIPLES_FILE,
    THEMES_DIR,
    Kind,
    LoadError,
    split_front_matter,
)
from generator.content.model import (
    MEETING_FILE,
    THEME_FILE,
    History,
    PrincipleChange,
    Removal,
    is_starter_example,
)

NO_HISTORY = History(available=False)


def _git(repo: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def git_folder(source: Path) -> Path | None:
    """The git folder of the repository `source` is in (where a commit is recorded), or None
    when it is in none."""
    found = _git(source, "rev-parse", "--absolute-git-dir")
    return Path(found.strip()) if found and found.strip() else None


@dataclass(frozen=True)
class EditsSeen:
    """When each content file was last edited (and each meeting's written up), as git's log
    gave it at `commit` for the site at `prefix` in its repository: what `load_history_after`
    asks git for again only for the commits made since."""

    commit: str
    prefix: str
    last_edited: Mapping[str, date]
    edit_days: Mapping[str, int]
    renamed_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    written_up: Mapping[str, date] = field(default_factory=dict)
    removed: Mapping[str, Removal] = field(default_factory=dict)
    first_announced: Mapping[str, date] = field(default_factory=dict)
    # the former slugs the theme files claimed (`claimed_slugs`) when these edits were read
    claims: Mapping[str, str] = field(default_factory=dict)
    first_added: Mapping[str, date] = field(default_factory=dict)


def claimed_slugs(source: Path) -> dict[str, str]:
    """Each slug a theme file's `formerly:` lists in the working tree, with that theme's slug
    (the first file's, by name, where two claim one; none that is a theme's slug now)."""
    folder = source / THEMES_DIR
    try:
        paths = sorted(p for p in folder.iterdir() if THEME_FILE.match(p.name) and p.is_file())
    except OSError:
        return {}
    now = {path.name.removesuffix(".md") for path in paths}
    found: dict[str, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "formerly" not in text:
            continue
        try:
            front = split_front_matter(f"{THEMES_DIR}/{path.name}", Kind.THEME, text).front
        except LoadError:
            continue
        listed = front.value.get("formerly") if isinstance(front.value, dict) else None
        listed = [listed] if isinstance(listed, str) else listed
        for slug in listed if isinstance(listed, list) else []:
            if isinstance(slug, str) and THEME_FILE.match(f"{slug}.md") and slug not in now:
                found.setdefault(slug, path.name.removesuffix(".md"))
    return found


def load_history(source: Path) -> History:
    """The site's history from git; NO_HISTORY when `source` is not inside a git checkout."""
    return load_history_after(source, None)[0]


def load_history_after(source: Path, seen: EditsSeen | None) -> tuple[History, EditsSeen | None]:
    """The site's history, and what to give the next call (None when there is no commit, or
    the clone is shallow). Of git's log of the content files, only the commits made since
    `seen` are read, when they follow it in a line (no merge): git's log shows them first,
    so the dates are the ones a whole log gives."""
    prefix = _git(source, "rev-parse", "--show-prefix")
    if prefix is None:
        return NO_HISTORY, None
    prefix = prefix.strip()
    claims = claimed_slugs(source)
    shallow = (_git(source, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    head = None if shallow else (_git(source, "rev-parse", "-q", "--verify", "HEAD") or None)
    head = head.strip() if head else None
    edits = None
    if shallow:  # its first commit seems to add every file: when one was edited is unknown
        edits = Edits({}, {}, {}, {}, {}, {}, {})
    elif seen is not None and head is not None and (seen.prefix, seen.claims) == (prefix, claims):
        edits = _last_edited_since(source, prefix, seen, head)
    if edits is None:
        whole = _edits(source, prefix, claims=claims)
        edits = (
            Edits(
                whole.last_edited,
                whole.edit_days,
                whole.renamed_from,
                _written_up(whole.days),
                _removals(source, prefix, whole.removed, whole.added_in),
                _first_announced(source, prefix, whole.versions, {}, None),
                _first_added(whole.days),
            )
            if whole
            else Edits({}, {}, {}, {}, {}, {}, {})
        )
    history = History(
        available=True,
        shallow=shallow,
        principle_changes=_principle_changes(source, prefix + PRINCIPLES_FILE),
        last_edited=edits.last_edited,
        edit_days=edits.edit_days,
        renamed_from=edits.renamed_from,
        written_up=edits.written_up,
        removed=edits.removed,
        first_announced=edits.first_announced,
        first_added=edits.first_added,
    )
    seen_now = (
        EditsSeen(
            head,
            prefix,
            edits.last_edited,
            edits.edit_days,
            edits.renamed_from,
            edits.written_up,
            edits.removed,
            edits.first_announced,
            claims,
            edits.first_added,
        )
        if head
        else None
    )
    return history, seen_now


Worded = tuple[str, str | None]  # a principle's text and status in one version of the file


def _versions(source: Path, repo_path: str) -> list[tuple[date, str, str, dict[str, Worded]]]:
    """Each committed version of principles.md, oldest first: (date, author, the commit's
    subject line, {id: (text, status)})."""
    log = _git(source, "log", "--format=%H%x00%an%x00%as%x00%s", "--", f":/{repo_path}") or ""
    versions = []
    for line in reversed(_lines(log)):
        fields = line.split("\x00")
        if len(fields) != 4:
            continue
        commit, author, day, subject = fields
        when = _day(day)
        if when is None:
            continue  # a commit dated where a date cannot go (year 10000): its change is left out
        text = _git(source, "show", f"{commit}:{repo_path}")
        versions.append((when, author, subject, _principles_in(text or "")))
    return versions


def _lines(log: str) -> list[str]:
    """The lines of git's output, split at its line feeds alone: an author, a subject or a
    file's name may hold any other character `str.splitlines` takes for a line's end (U+2028,
    U+2029, NEL, a form feed), which would cut its commit's line in two and lose the change."""
    return [line for line in log.split("\n") if line]


def _day(text: str) -> date | None:
    """A commit's YYYY-MM-DD date; None for one Python cannot hold (git allows year 10000)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _principles_in(text: str) -> dict[str, Worded]:
    try:
        doc = split_front_matter(PRINCIPLES_FILE, Kind.PRINCIPLES, text)
    except LoadError:  # a version that could not be read shows no principles
        return {}
    items = doc.front.value.get("principles") if isinstance(doc.front.value, dict) else None
    return {
        str(item["id"]): (str(item["text"]), _status(item.get("status")))
        for item in items or []
        if isinstance(item, dict) and "id" in item and "text" in item
    }


def _status(value: object) -> str | None:
    """A version's status of a principle, as its page names it; None if it gave none it could."""
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _principle_changes(source: Path, repo_path: str) -> dict[str, tuple[PrincipleChange, ...]]:
    changes: dict[str, list[PrincipleChange]] = {}
    previous: dict[str, Worded] = {}
    started = False  # a version before listed principles
    for day, author, subject, read in _versions(source, repo_path):
        current = _published(read, previous)
        for pid in sorted(set(previous) | set(current)):
            old, new = previous.get(pid, (None, None)), current.get(pid, (None, None))
            if old != new:
                change = PrincipleChange(
                    day,
                    _named(author),
                    old[0],
                    new[0],
                    _named(subject),
                    old[1],
                    new[1],
                    in_first_version=not started,
                )
                changes.setdefault(pid, []).append(change)
        previous, started = current, started or bool(current)
    return {pid: tuple(found) for pid, found in sorted(changes.items())}


# What a commit's author or message may hold that a page must not show: controls (an escape
# sequence, a bell: a reader copying the text into a terminal runs them) and the marks that
# reorder text (see `safeyaml.REORDERING_MARK`), which no file read can hold.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The line breaks a subject line may hold but a page shows it without (it is one line).
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _published(read: Mapping[str, Worded], previous: Mapping[str, Worded]) -> dict[str, Worded]:
    """A version's wordings as pages may show them: one holding an email address (which
    today's principles.md could not hold) is taken as the wording before it, if any."""
    found = {}
    for pid, (text, status) in read.items():
        if next(addresses_in(text), None) is None:
            found[pid] = (text, status)
        elif pid in previous:
            found[pid] = (previous[pid][0], status)
    return found


def _named(text: str) -> str:
    """A commit's author or message with each email address in it replaced by the name it
    suggests (jane.smith@… by Jane Smith), as pages never show an address, and its controls
    taken out."""
    text = _UNSHOWN.sub("", _LINE_BREAKS.sub(" ", text))
    for start, address in reversed(list(addresses_in(text))):
        text = text[:start] + (name_for(address) or "someone") + text[start + len(address) :]
    return text


def _last_edited_since(source: Path, prefix: str, seen: EditsSeen, head: str) -> Edits | None:
    """The edits at `head` from those `seen` and the commits since, if they follow it in a
    line, rename no file and are dated no earlier than the edits before to the same file
    (None otherwise: a merge, a rewritten history, a commit git no longer has, a rename,
    whose file's earlier edits are under its old name, or a commit dated back)."""
    if head == seen.commit:
        return Edits(
            dict(seen.last_edited),
            dict(seen.edit_days),
            dict(seen.renamed_from),
            dict(seen.written_up),
            dict(seen.removed),
            dict(seen.first_announced),
            dict(seen.first_added),
        )
    listed = _git(source, "rev-list", "--parents", f"{seen.commit}..{head}")
    if not listed:
        return None
    expected = head
    for line in listed.splitlines():
        commit, *parents = line.split()
        if commit != expected or len(parents) != 1:
            return None
        expected = parents[0]
    if expected != seen.commit:
        return None
    since = _edits(source, prefix, f"{seen.commit}..{head}", seen.renamed_from, seen.claims)
    if since is None:
        return None
    found = dict(since.last_edited)
    counts = {path: len(days) for path, days in since.days.items()}
    for path, day in seen.last_edited.items():
        if path in since.added:  # (a file added since is not the one of that name before)
            continue
        days = since.days.get(path, set())
        if days and min(days) < day:
            return None
        found.setdefault(path, day)
        counts[path] = len(days - {day}) + seen.edit_days.get(path, 0)
    renamed = {path: names for path, names in seen.renamed_from.items() if path not in since.added}
    # (the days since are no earlier than those before: a day written up before stays)
    written = {path: day for path, day in seen.written_up.items() if path not in since.added}
    for path, day in _written_up(since.days).items():
        written.setdefault(path, day)
    removed = {path: r for path, r in seen.removed.items() if path not in since.added}
    removed.update(_removals(source, prefix, since.removed, since.added_in))
    before = {
        path: day
        for path, day in seen.first_announced.items()
        if path not in since.added and path not in since.removed
    }
    announced = _first_announced(source, prefix, since.versions, before, seen.commit)
    added = {path: day for path, day in seen.first_added.items() if path not in since.added}
    for path, day in _first_added(since.days).items():
        added.setdefault(path, day)
    return Edits(found, counts, renamed, written, dict(sorted(removed.items())), announced, added)


def _written_up(days: Mapping[str, set[date]]) -> dict[str, date]:
    """The day each meeting's file was written up, of those edited on `days` (by path): the
    first it was edited on or after the meeting's date (the one in its name)."""
    found = {}
    for path, edited in days.items():
        folder, _, name = path.rpartition("/")
        named = MEETING_FILE.match(name) if folder == MEETINGS_DIR else None
        held = _day(named.group(1)) if named else None
        after = sorted(day for day in edited if held and day >= held)
        if after:
            found[path] = after[0]
    return found


def _first_added(days: Mapping[str, set[date]]) -> dict[str, date]:
    """The day git first saw each meeting's file, of those edited on `days` (by path): the
    commit that added it, under any name it had."""
    return {path: min(edited) for path, edited in days.items() if _is_meeting_file(path)}


@dataclass(frozen=True)
class Edits:
    """When each content file was last edited and on how many days, and the names it had
    before (oldest first), by its path now; the day each meeting's file was written up
    (`_written_up`), the day it first announced, where a commit moved that
    (`_first_announced`), and the day it was added (`_first_added`)."""

    last_edited: dict[str, date]
    edit_days: dict[str, int]
    renamed_from: dict[str, tuple[str, ...]]
    written_up: dict[str, date]
    removed: dict[str, Removal]
    first_announced: dict[str, date]
    first_added: dict[str, date]


@dataclass(frozen=True)
class LoggedEdits:
    """The edits of some commits, by each file's path now: when each file was last edited
    and the days it was, where a commit that only renames a file (git's `R100`), or only
    gives a renamed theme's new slug in a meeting's file, or a claimed slug's theme
    (`_slugs_renamed_only`), is not an edit, and the file's edits before it are followed
    under its old name. `added`: the files a commit added (what is before it under that name
    is another file's);
    `renamed_from`: the names each file had before, oldest first; `added_in`: the commit
    that added each file added; `removed`: the files
    whose last change was their deletion, with the commit (in full and as git abbreviates
    it) and its day; `versions`: each meeting file's versions the commits made, newest first,
    as (commit, its name then)."""

    last_edited: dict[str, date]
    days: dict[str, set[date]]
    added: frozenset[str]
    renamed_from: dict[str, tuple[str, ...]]
    removed: dict[str, tuple[str, str, date]] = field(default_factory=dict)
    versions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    added_in: dict[str, str] = field(default_factory=dict)  # each file added: the commit

    @property
    def edit_days(self) -> dict[str, int]:
        return {path: len(days) for path, days in self.days.items()}


def _edits(
    source: Path,
    prefix: str,
    commits: str = "HEAD",
    renamed_before: Mapping[str, tuple[str, ...]] | None = None,
    claims: Mapping[str, str] | None = None,
) -> LoggedEdits | None:
    """The edits to the content files in `commits`, from one `git log` with rename
    detection (`-M`); None when `commits` is a range that renames a file. `renamed_before`:
    the names each file had before `commits` (see `LoggedEdits.renamed_from`); `claims`,
    the slugs the theme files' `formerly:` lists, with each one's theme (`claimed_slugs`)."""
    content = f":/{prefix}content"
    # (file names as they are, not quoted and escaped as git writes names outside ASCII)
    log = _git(
        source,
        *("-c", "core.quotePath=false", "log", "-M", "--format=%x00%as%x00%H%x00%h"),
        "--name-status",
        *(commits, "--", content),
    )
    lines = _lines(log or "")
    edits = _logged(lines, prefix, commits, frozenset())
    if edits is None:
        return None
    renamed = {**(renamed_before or {}), **edits.renamed_from}
    slugs_now = {old: new for new, old in _theme_slugs_then(renamed).items()}
    slugs_now.update(claims or {})
    if not slugs_now:
        return edits
    return _logged(lines, prefix, commits, _slugs_renamed_only(source, lines, prefix, slugs_now))


def _logged(
    lines: Sequence[str], prefix: str, commits: str, no_edit: frozenset[tuple[str, str]]
) -> LoggedEdits | None:
    """The edits `_edits` reads from git's log, `lines`, where a change in `no_edit` (a
    commit and the file's name in it) is none."""
    found: dict[str, date] = {}
    days: dict[str, set[date]] = {}
    now_named: dict[str, str] = {}  # a file's name before a rename -> its name today
    added: set[str] = set()
    added_in: dict[str, str] = {}  # a file's path now -> the commit that added it
    former: dict[str, list[str]] = {}  # a file's path now -> its names before, newest first
    removed: dict[str, tuple[str, str, date]] = {}
    versions: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()  # the files a later commit changed (git's log comes newest first)
    day: date | None = None
    commit = short = ""
    for line in lines:
        if line.startswith("\x00"):
            day_text, commit, short = [*line[1:].split("\x00"), "", ""][:3]
            day = _day(day_text)
            continue
        status, *names = line.split("\t")
        if not (day and names and all(name.startswith(prefix) for name in names)):
            continue
        if status.startswith("R") and commits != "HEAD":
            return None
        renamed_or_added = status[0] in "RA"  # (before it, that name is another file's)
        current = (now_named.pop if renamed_or_added else now_named.get)(names[-1], names[-1])
        path = current[len(prefix) :]
        if path in added:
            continue  # an older file of the same name
        if status == "D" and path not in seen:
            removed[path] = (commit, short, day)
        elif status != "D" and _is_meeting_file(path):
            versions.setdefault(path, []).append((commit, names[-1]))
        seen.add(path)
        # a rename with no change to the file is no edit, nor a renamed theme's slug changed
        if status != "R100" and (commit, names[-1]) not in no_edit:
            found.setdefault(path, day)
            days.setdefault(path, set()).add(day)
        if status.startswith("R"):
            now_named[names[0]] = current
            former.setdefault(path, []).append(names[0][len(prefix) :])
        elif status.startswith("A"):
            added.add(path)
            added_in[path] = commit
    renamed = {path: tuple(reversed(names)) for path, names in sorted(former.items())}
    return LoggedEdits(
        found, days, frozenset(added), renamed, dict(sorted(removed.items())), versions, added_in
    )


def _theme_slugs_then(renamed: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Each slug a theme's file was renamed to in git, with the slug it had before (a slug
    more than one file was renamed to is left out: which one a meeting meant is unknown)."""
    before: dict[str, set[str]] = {}
    for path, names in renamed.items():
        chain = [name.removeprefix(f"{THEMES_DIR}/") for name in (*names, path)]
        for old, new in pairwise(chain):
            if THEME_FILE.match(old) and THEME_FILE.match(new):
                before.setdefault(new.removesuffix(".md"), set()).add(old.removesuffix(".md"))
    return {new: olds.pop() for new, olds in before.items() if len(olds) == 1}


def _slugs_renamed_only(
    source: Path, lines: Sequence[str], prefix: str, slugs_now: Mapping[str, str]
) -> frozenset[tuple[str, str]]:
    """The changes to meeting files in git's log, `lines` (a commit and the file's name in
    it), whose only change is a slug given for another that stands for the same theme
    (`slugs_now`: a slug before a rename, or one a `formerly:` lists, with the slug it
    stands for) in a `themes:` list: the file before the commit and the file at it are the
    same with each such slug given as the theme's now."""
    folder = f"{prefix}{MEETINGS_DIR}/"
    changed = []  # (commit, name before, name at the commit)
    commit = ""
    for line in lines:
        if line.startswith("\x00"):
            commit = line[1:].split("\x00")[1]
            continue
        status, *names = line.split("\t")
        if names and names[-1].startswith(folder) and status[:1] in ("M", "R") and status != "R100":
            changed.append((commit, names[0], names[-1]))
    if not changed:
        return frozenset()
    asked = "".join(f"{c}^:{old}\n{c}:{new}\n" for c, old, new in changed)
    texts = _blobs(source, asked, len(changed) * 2)
    return frozenset(
        (commit, new)
        for (commit, old, new), before, after in zip(changed, texts[::2], texts[1::2], strict=True)
        if before is not None
        and after is not None
        and after != before
        and (now := _slugs_as_now(new, after, slugs_now)) is not None
        and now == _slugs_as_now(old, before, slugs_now)
    )


def _blobs(source: Path, asked: str, count: int) -> list[str | None]:
    """The text of each file git's `cat-file --batch` is asked for, one a line (None for one
    it does not have, or all of them if git cannot be run)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(source), "cat-file", "--batch"],
            input=asked.encode(),
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return [None] * count
    out, at, found = done.stdout, 0, []
    while at < len(out) and len(found) < count:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")  # "SHA TYPE SIZE", then the object; or "NAME missing"
        at = end + 1
        if len(header) != 3 or not header[2].isdigit() or header[1] == b"missing":
            found.append(None)
            continue
        size = int(header[2])
        text = out[at : at + size].decode("utf-8", errors="replace")
        found.append(text if header[1] == b"blob" else None)
        at += size + 1
    return found + [None] * (count - len(found))


def _slug_now(slug: str, slugs_now: Mapping[str, str]) -> str:
    """The slug `slug` stands for now, through renames one after another."""
    seen = {slug}
    while slug in slugs_now and slugs_now[slug] not in seen:
        slug = slugs_now[slug]
        seen.add(slug)
    return slug


def _slugs_as_now(path: str, text: str, slugs_now: Mapping[str, str]) -> str | None:
    """The meeting file `text` with each theme its `themes:` lists (the meeting's, its
    actions' and decisions') given by the slug it stands for now (None if unreadable)."""
    try:
        front = split_front_matter(path, Kind.MEETING, text).front
    except LoadError:
        return None
    value = front.value if isinstance(front.value, dict) else {}
    lists: list[tuple[tuple[str | int, ...], object]] = [(("themes",), value.get("themes"))]
    for key in ("actions", "decisions"):
        entries = value.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                lists.append(((key, i, "themes"), entry.get("themes")))
    lines = text.splitlines(keepends=True)
    places = []  # (line, column, slug) of each slug that stands for another now
    for where, slugs in lists:
        for i, slug in enumerate(slugs if isinstance(slugs, list) else []):
            if isinstance(slug, str) and slug in slugs_now:
                line, col = front.position_of((*where, i))
                places.append((line, col, slug))
    for line, col, slug in sorted(places, reverse=True):  # (from the end of each line)
        written = lines[line - 1]
        start = col if written[col - 1 : col] in ("'", '"') else col - 1
        if written[start : start + len(slug)] != slug:
            return None
        now = _slug_now(slug, slugs_now)
        lines[line - 1] = written[:start] + now + written[start + len(slug) :]
    return "".join(lines)


def _removals(
    source: Path,
    prefix: str,
    removed: Mapping[str, tuple[str, str, date]],
    added_in: Mapping[str, str],
) -> dict[str, Removal]:
    """Each file taken out (`LoggedEdits.removed`), with what a meeting's last version
    raised and made, read from git (a version that cannot be read raised nothing), and of
    a theme's, the theme files the same commit added (`added_in`: the commit that added
    each file)."""
    meetings = [
        (path, commit) for path, (commit, _, _) in removed.items() if _is_meeting_file(path)
    ]
    asked = "".join(f"{commit}^:{prefix}{path}\n" for path, commit in meetings)
    texts = dict(
        zip((path for path, _ in meetings), _blobs(source, asked, len(meetings)), strict=True)
    )
    found = {}
    for path, (_, short, day) in removed.items():
        actions, decisions, draft = _entries_in(path, texts.get(path))
        beside = ()
        if path.startswith(f"{THEMES_DIR}/"):
            commit = removed[path][0]
            beside = tuple(
                sorted(
                    added
                    for added, by in added_in.items()
                    if by == commit and added.rpartition("/")[0] == THEMES_DIR
                )
            )
        found[path] = Removal(path, short, day, actions, decisions, draft, beside)
    return found


def _entries_in(path: str, text: str | None) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The ids of the actions a meeting's file `text` raises and the decisions it makes, and
    whether it is a draft, or the example `init` wrote, its text unchanged, which was never
    the group's summary (nothing, for a file that is not one or cannot be read)."""
    if text is None:
        return (), (), False
    try:
        doc = split_front_matter(path, Kind.MEETING, text)
    except LoadError:
        return (), (), False
    front = doc.front
    value = front.value if isinstance(front.value, dict) else {}
    found: list[tuple[str, ...]] = []
    for key, made_by in (("actions", "title"), ("decisions", "text")):
        entries = value.get(key)
        found.append(
            tuple(
                entry["id"]
                for entry in (entries if isinstance(entries, list) else [])
                if isinstance(entry, dict)
                and isinstance(entry.get("id"), str)
                and entry.get(made_by)
            )
        )
    return found[0], found[1], value.get("draft") is True or is_starter_example(doc.body)


def _is_meeting_file(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == MEETINGS_DIR and MEETING_FILE.match(name) is not None


def _first_announced(
    source: Path,
    prefix: str,
    versions: Mapping[str, Sequence[tuple[str, str]]],
    before: Mapping[str, date],
    seen: str | None,
) -> dict[str, date]:
    """The day each meeting's file first announced for the next meeting (its `next_meeting`,
    after its own date), in the versions since it last announced none, where its last
    version announces another (a date moved in place): the day its calendar event's UID
    keeps. `versions`: those of some commits, newest first (`LoggedEdits.versions`); `before`:
    this for the files at commit `seen`, whose version there is read too for a file it does
    not hold (None: `versions` are every commit's). Only a file with two versions or more
    is read, all of them in one call to git."""
    asked: list[tuple[str, list[tuple[str, str]]]] = []
    for path, made in versions.items():
        chain = list(reversed(made))  # oldest first
        if seen is not None and path not in before:
            chain.insert(0, (seen, prefix + path))
        if len(chain) > 1 or path in before:
            asked.append((path, chain))
    found = {path: day for path, day in before.items() if path not in versions}
    wanted = [f"{commit}:{name}\n" for _, chain in asked for commit, name in chain]
    texts = iter(_blobs(source, "".join(wanted), len(wanted)) if wanted else [])
    for path, chain in asked:
        # the first day of the versions announcing one since the last announcing none, and
        # the day the last announces (before: a day that first day is not)
        first, last = before.get(path), None
        for _, name in chain:
            read, day = _announced_in(name, next(texts))
            if read:  # (a version that cannot be read, or was not there, says nothing)
                first, last = (first or day, day) if day else (None, None)
        if first is not None and first != last:
            found[path] = first
    return dict(sorted(found.items()))


def _announced_in(path: str, text: str | None) -> tuple[bool, date | None]:
    """Whether the meeting file `text` could be read, and the day it announces for the next
    meeting: its `next_meeting` (a date, or a mapping's `date`) when after its own `date`."""
    if text is None:
        return False, None
    if "next_meeting" not in text:
        return True, None
    try:
        front = split_front_matter(path, Kind.MEETING, text).front
    except LoadError:
        return False, None
    value = front.value if isinstance(front.value, dict) else {}
    announced = value.get("next_meeting")
    if isinstance(announced, dict):
        announced = announced.get("date")
    held, day = _written_day(value.get("date")), _written_day(announced)
    if held is None:
        return False, None
    return True, day if day is not None and day > held else None


def _written_day(value: object) -> date | None:
    """A date as front matter gives it (YYYY-MM-DD), or None."""
    return _day(value) if isinstance(value, str) else value if isinstance(value, date) else None
