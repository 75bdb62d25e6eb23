"""How the content changed, from git: the wording of each principle over time, and when each
content file was last edited and on how many days (a commit that only renames a file is no
edit).

This reads the repository's committed history (not the working tree). A site that is not a git
checkout, or a shallow clone, simply has less to show, and the pages say so.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.content.addresses import addresses_in, name_for
from generator.content.load import PRINCIPLES_FILE, Kind, LoadError, split_front_matter
from generator.content.model import History, PrincipleChange

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
    """When each content file was last edited, as git's log gave it at `commit` for the
    site at `prefix` in its repository: what `load_history_after` asks git for again only
    for the commits made since."""

    commit: str
    prefix: str
    last_edited: Mapping[str, date]
    edit_days: Mapping[str, int]
    renamed_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


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
    shallow = (_git(source, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    head = None if shallow else (_git(source, "rev-parse", "-q", "--verify", "HEAD") or None)
    head = head.strip() if head else None
    edits = None
    if shallow:  # its first commit seems to add every file: when one was edited is unknown
        edits = Edits({}, {}, {})
    elif seen is not None and head is not None and seen.prefix == prefix:
        edits = _last_edited_since(source, prefix, seen, head)
    if edits is None:
        whole = _edits(source, prefix)
        edits = Edits(whole.last_edited, whole.edit_days, whole.renamed_from) if whole else None
        edits = edits or Edits({}, {}, {})
    history = History(
        available=True,
        shallow=shallow,
        principle_changes=_principle_changes(source, prefix + PRINCIPLES_FILE),
        last_edited=edits.last_edited,
        edit_days=edits.edit_days,
        renamed_from=edits.renamed_from,
    )
    seen_now = (
        EditsSeen(head, prefix, edits.last_edited, edits.edit_days, edits.renamed_from)
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
    for line in reversed(log.splitlines()):
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
    for day, author, subject, read in _versions(source, repo_path):
        current = _published(read, previous)
        for pid in sorted(set(previous) | set(current)):
            old, new = previous.get(pid, (None, None)), current.get(pid, (None, None))
            if old != new:
                change = PrincipleChange(
                    day, _named(author), old[0], new[0], _named(subject), old[1], new[1]
                )
                changes.setdefault(pid, []).append(change)
        previous = current
    return {pid: tuple(found) for pid, found in sorted(changes.items())}


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
    suggests (jane.smith@… by Jane Smith), as pages never show an address."""
    for start, address in reversed(list(addresses_in(text))):
        text = text[:start] + (name_for(address) or "someone") + text[start + len(address) :]
    return text


def _last_edited_since(source: Path, prefix: str, seen: EditsSeen, head: str) -> Edits | None:
    """The edits at `head` from those `seen` and the commits since, if they follow it in a
    line, rename no file and are dated no earlier than the edits before to the same file
    (None otherwise: a merge, a rewritten history, a commit git no longer has, a rename,
    whose file's earlier edits are under its old name, or a commit dated back)."""
    if head == seen.commit:
        return Edits(dict(seen.last_edited), dict(seen.edit_days), dict(seen.renamed_from))
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
    since = _edits(source, prefix, f"{seen.commit}..{head}")
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
    return Edits(found, counts, renamed)


@dataclass(frozen=True)
class Edits:
    """When each content file was last edited and on how many days, and the names it had
    before (oldest first), by its path now."""

    last_edited: dict[str, date]
    edit_days: dict[str, int]
    renamed_from: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class LoggedEdits:
    """The edits of some commits, by each file's path now: when each file was last edited
    and the days it was, where a commit that only renames a file (git's `R100`) is not an
    edit, and the file's edits before it are followed under its old name. `added`: the
    files a commit added (what is before it under that name is another file's);
    `renamed_from`: the names each file had before, oldest first."""

    last_edited: dict[str, date]
    days: dict[str, set[date]]
    added: frozenset[str]
    renamed_from: dict[str, tuple[str, ...]]

    @property
    def edit_days(self) -> dict[str, int]:
        return {path: len(days) for path, days in self.days.items()}


def _edits(source: Path, prefix: str, commits: str = "HEAD") -> LoggedEdits | None:
    """The edits to the content files in `commits`, from one `git log` with rename
    detection (`-M`); None when `commits` is a range that renames a file."""
    content = f":/{prefix}content"
    # (file names as they are, not quoted and escaped as git writes names outside ASCII)
    log = _git(
        source,
        *("-c", "core.quotePath=false", "log", "-M", "--format=%x00%as", "--name-status"),
        *(commits, "--", content),
    )
    found: dict[str, date] = {}
    days: dict[str, set[date]] = {}
    now_named: dict[str, str] = {}  # a file's name before a rename -> its name today
    added: set[str] = set()
    former: dict[str, list[str]] = {}  # a file's path now -> its names before, newest first
    day: date | None = None
    for line in (log or "").splitlines():
        if line.startswith("\x00"):
            day = _day(line[1:])
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
        if status != "R100":  # a rename with no change to the file is no edit
            found.setdefault(path, day)
            days.setdefault(path, set()).add(day)
        if status.startswith("R"):
            now_named[names[0]] = current
            former.setdefault(path, []).append(names[0][len(prefix) :])
        elif status.startswith("A"):
            added.add(path)
    renamed = {path: tuple(reversed(names)) for path, names in sorted(former.items())}
    return LoggedEdits(found, days, frozenset(added), renamed)
