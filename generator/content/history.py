"""How the content changed, from git: the wording of each principle over time, and when each
meeting summary was last edited.

This reads the repository's committed history (not the working tree). A site that is not a git
checkout, or a shallow clone, simply has less to show, and the pages say so.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content.addresses import addresses_in, name_for
from generator.content.load import PRINCIPLES_FILE, Kind, LoadError, split_front_matter
from generator.content.model import History, WordingChange

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
    if seen is not None and head is not None and seen.prefix == prefix:
        last_edited = _last_edited_since(source, prefix, seen, head)
    else:
        last_edited = None
    if last_edited is None:
        last_edited = _last_edited(source, prefix)
    history = History(
        available=True,
        shallow=shallow,
        principle_changes=_principle_changes(source, prefix + PRINCIPLES_FILE),
        last_edited=last_edited,
    )
    return history, EditsSeen(head, prefix, last_edited) if head else None


def _versions(source: Path, repo_path: str) -> list[tuple[date, str, str, dict[str, str]]]:
    """Each committed version of principles.md, oldest first: (date, author, the commit's
    subject line, {id: text})."""
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


def _principles_in(text: str) -> dict[str, str]:
    try:
        doc = split_front_matter(PRINCIPLES_FILE, Kind.PRINCIPLES, text)
    except LoadError:  # a version that could not be read shows no principles
        return {}
    items = doc.front.value.get("principles") if isinstance(doc.front.value, dict) else None
    return {
        str(item["id"]): str(item["text"])
        for item in items or []
        if isinstance(item, dict) and "id" in item and "text" in item
    }


def _principle_changes(source: Path, repo_path: str) -> dict[str, tuple[WordingChange, ...]]:
    changes: dict[str, list[WordingChange]] = {}
    previous: dict[str, str] = {}
    for day, author, subject, read in _versions(source, repo_path):
        current = _published(read, previous)
        for pid in sorted(set(previous) | set(current)):
            old, new = previous.get(pid), current.get(pid)
            if old != new:
                change = WordingChange(day, _named(author), old, new, _named(subject))
                changes.setdefault(pid, []).append(change)
        previous = current
    return {pid: tuple(found) for pid, found in sorted(changes.items())}


def _published(read: Mapping[str, str], previous: Mapping[str, str]) -> dict[str, str]:
    """A version's wordings as pages may show them: one holding an email address (which
    today's principles.md could not hold) is taken as the wording before it, if any."""
    found = {}
    for pid, text in read.items():
        if next(addresses_in(text), None) is None:
            found[pid] = text
        elif pid in previous:
            found[pid] = previous[pid]
    return found


def _named(text: str) -> str:
    """A commit's author or message with each email address in it replaced by the name it
    suggests (jane.smith@… by Jane Smith), as pages never show an address."""
    for start, address in reversed(list(addresses_in(text))):
        text = text[:start] + (name_for(address) or "someone") + text[start + len(address) :]
    return text


def _last_edited_since(
    source: Path, prefix: str, seen: EditsSeen, head: str
) -> dict[str, date] | None:
    """The dates at `head` from those `seen` and the commits since, if they follow it in a
    line (None otherwise: a merge, a rewritten history, a commit git no longer has)."""
    if head == seen.commit:
        return dict(seen.last_edited)
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
    found = _last_edited(source, prefix, f"{seen.commit}..{head}")
    for path, day in seen.last_edited.items():
        found.setdefault(path, day)
    return found


def _last_edited(source: Path, prefix: str, commits: str = "HEAD") -> dict[str, date]:
    log = _git(
        source, "log", "--format=%x00%as", "--name-only", commits, "--", f":/{prefix}content"
    )
    log = log or ""
    found: dict[str, date] = {}
    day: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            day = _day(line[1:])
        elif line and day and line.startswith(prefix):
            found.setdefault(line[len(prefix) :], day)
    return found
