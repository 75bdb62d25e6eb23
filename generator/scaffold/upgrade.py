"""`nominutes upgrade`: a site brought up to the nominutes installed now.

The files `init` wrote that a group never edits (the JSON Schemas in schemas/) are written
again, never through a symbolic link; the starter's other files that run the site (its
Makefile, CI workflow, .gitignore, requirements.txt and README) are compared with what this
version's `init` would write and only named when they differ, never overwritten, as a group
may have changed them; and each template or static file a site theme overrides is named
with this version's default to compare it with.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import __version__
from generator.scaffold.create import Requirement, refuse_links, starter_files
from generator.site.theme_files import BUILTIN_THEME, THEMES_FOLDER

SCHEMAS_DIR = "schemas"
# The starter's files that run the site rather than hold its content, compared, in this order.
STARTER_MACHINERY = (
    "Makefile",
    ".github/workflows/site.yml",
    ".gitignore",
    "requirements.txt",
    "README.md",
)


@dataclass(frozen=True)
class Differing:
    """A starter file as the site has it (None: not there) and as this version writes it."""

    path: str
    held: str | None
    written: str

    def diff(self) -> str:
        """The changes that would make the site's file this version's, as `diff -u` shows them."""
        return "".join(
            difflib.unified_diff(
                (self.held or "").splitlines(keepends=True),
                self.written.splitlines(keepends=True),
                f"{self.path} (the site's)",
                f"{self.path} (this version's)",
            )
        )


@dataclass(frozen=True)
class Override:
    """A site theme's file in place of the default's of that name."""

    path: str  # in the site, e.g. themes/ours/templates/meeting.html
    default: Path  # this version's file it overrides
    same: bool  # whether it is still byte for byte the default's


@dataclass(frozen=True)
class Upgraded:
    """What `upgrade_site` did and found."""

    refreshed: tuple[str, ...]  # schemas written again (they differed, or were not there)
    schemas: tuple[str, ...]  # every schema this version writes
    differing: tuple[Differing, ...]
    overrides: tuple[Override, ...]


def upgrade_site(source: Path, *, today: date, requirement: Requirement | None) -> Upgraded:
    """Write this version's schemas into `source`/schemas/ where they differ, and find the
    starter's other files that differ from this version's (`requirement` names the
    nominutes in requirements.txt, as for `init`) and the site themes' overrides."""
    files = starter_files(today, requirement)
    schemas = sorted(name for name in files if name.startswith(f"{SCHEMAS_DIR}/"))
    for name in schemas:  # none is written while one is a link
        refuse_links(source, name, "upgrade")
    refreshed = []
    for name in schemas:
        path = source / name
        content = str(files[name])
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_not_through_a_link(path, content)
            refreshed.append(name)
    differing = []
    for name in STARTER_MACHINERY:
        path = source / name
        held = path.read_text(encoding="utf-8") if path.is_file() else None
        written = str(files[name])
        if name == "README.md" and held is not None:
            written = _readme_as_held(held, today, requirement)
        if held != written:
            differing.append(Differing(name, held, written))
    return Upgraded(tuple(refreshed), tuple(schemas), tuple(differing), _overrides(source))


_VERSION_MARK = "\x00version\x00"  # where the starter's README names a version


def _readme_as_held(held: str, today: date, requirement: Requirement | None) -> str:
    """This version's README as `init` would write it for the site that holds `held`: headed
    with the group's name, and naming the version `held` names in its lines on where
    nominutes comes from (the one that wrote the site), so that only a change to its text
    makes it differ, not the release it was written by."""
    marked = str(starter_files(today, requirement, _VERSION_MARK)["README.md"])
    version = _version_named(held, marked) or __version__
    return _headed_as(held, marked.replace(_VERSION_MARK, version))


def _version_named(held: str, marked: str) -> str | None:
    """The version `held` names on the first of `marked`'s lines that name one (at
    `_VERSION_MARK`), when it has that line, the same version at each mark; else None."""
    for line in marked.splitlines():
        if _VERSION_MARK not in line:
            continue
        first, *rest = line.split(_VERSION_MARK)
        pattern = re.escape(first) + r"(?P<v>[\w.+!-]+)"
        pattern += "".join(re.escape(part) + r"(?P=v)" for part in rest[:-1])
        found = re.search(f"^{pattern}{re.escape(rest[-1])}$", held, re.MULTILINE)
        if found:
            return found["v"]
    return None


def _write_not_through_a_link(path: Path, text: str) -> None:
    """Write `text` to `path`, refusing (OSError) a link put there since it was looked at."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as file:
        file.write(text)


def _headed_as(held: str, written: str) -> str:
    """`written` with the first line of `held` when both start with a heading."""
    first, _, rest = written.partition("\n")
    own = held.partition("\n")[0]
    return f"{own}\n{rest}" if first.startswith("# ") and own.startswith("# ") else written


def _overrides(source: Path) -> tuple[Override, ...]:
    """Each file in a site theme's templates/ or static/ named like one of the default's."""
    found = []
    themes = source / THEMES_FOLDER
    for theme in sorted(p for p in themes.iterdir() if p.is_dir()) if themes.is_dir() else []:
        for kind in ("templates", "static"):
            for default in sorted((BUILTIN_THEME / kind).iterdir()):
                own = theme / kind / default.name
                if own.is_file():
                    same = own.read_bytes() == default.read_bytes()
                    found.append(Override(own.relative_to(source).as_posix(), default, same))
    return tuple(found)
