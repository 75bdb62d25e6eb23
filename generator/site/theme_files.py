"""Where a site's templates and static files come from: its own theme, then the built-in one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem, Severity, did_you_mean

if TYPE_CHECKING:
    from generator.content.load import SourceDoc
    from generator.content.model import Site

BUILTIN_THEME = Path(__file__).parent.parent / "themes" / "default"
THEMES_FOLDER = "themes"  # a site's own themes (templates and static files), by name


def theme_dirs(site: Site) -> list[Path]:
    """The site's own theme first, then the built-in default."""
    own = site.settings.source / THEMES_FOLDER / site.settings.site.site_theme
    dirs = [own] if own.is_dir() else []
    if not own.is_dir() or own.resolve() != BUILTIN_THEME.resolve():
        dirs.append(BUILTIN_THEME)
    return dirs


def theme_problems(source: Path, settings: SourceDoc, name: str) -> list[Problem]:
    """A `site_theme` with no folder of its name (an error at the setting), and each file of
    the theme named like a built-in template or static file but outside the folder it must
    be in to be used (a warning saying where it goes)."""
    themes = source / THEMES_FOLDER
    folder = themes / name
    if name == BUILTIN_THEME.name and not folder.is_dir():
        return []
    if not folder.is_dir():
        where = settings.front.position_of(("site_theme",))
        others = sorted(p.name for p in themes.iterdir() if p.is_dir()) if themes.is_dir() else []
        message = (
            f"site_theme: there is no folder {THEMES_FOLDER}/{name}/ in the site; create it, "
            f"with its templates in {THEMES_FOLDER}/{name}/templates/{did_you_mean(name, others)}"
        )
        return [Problem(settings.path, where.line, where.col, message)]
    problems = []
    for kind in ("templates", "static"):
        known = {p.name for p in (BUILTIN_THEME / kind).iterdir()}
        for path in sorted(folder.rglob("*")):
            inside = path.relative_to(folder).parts
            if path.name in known and path.is_file() and inside[0] not in ("templates", "static"):
                shown = f"{THEMES_FOLDER}/{name}/{'/'.join(inside)}"
                message = (
                    f"{shown} is not used: move it to {THEMES_FOLDER}/{name}/{kind}/{path.name}"
                )
                problems.append(Problem(shown, 1, 1, message, Severity.WARNING))
    return problems
