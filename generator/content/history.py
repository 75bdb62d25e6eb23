"""How the content changed, from git: the wording of each principle over time, and when each
meeting summary was last edited.

This reads the repository's committed history (not the working tree). A site that is not a git
checkout, or a shallow clone, simply has less to show, and the pages say so.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from generator.content.load import PRINCIPLES_FILE, Kind, split_front_matter
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


def load_history(source: Path) -> History:
    """The site's history from git; NO_HISTORY when `source` is not inside a git checkout."""
    prefix = _git(source, "rev-parse", "--show-prefix")
    if prefix is None:
        return NO_HISTORY
    prefix = prefix.strip()
    shallow = (_git(source, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    return History(
        available=True,
        shallow=shallow,
        principle_changes=_principle_changes(source, prefix + PRINCIPLES_FILE),
        last_edited=_last_edited(source, prefix),
    )


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
    except Exception:
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
    for day, author, subject, current in _versions(source, repo_path):
        for pid in sorted(set(previous) | set(current)):
            old, new = previous.get(pid), current.get(pid)
            if old != new:
                change = WordingChange(day, author, old, new, subject)
                changes.setdefault(pid, []).append(change)
        previous = current
    return {pid: tuple(found) for pid, found in sorted(changes.items())}


def _last_edited(source: Path, prefix: str) -> dict[str, date]:
    log = _git(source, "log", "--format=%x00%as", "--name-only", "--", f":/{prefix}content") or ""
    found: dict[str, date] = {}
    day: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            day = _day(line[1:])
        elif line and day and line.startswith(prefix):
            found.setdefault(line[len(prefix) :], day)
    return found
