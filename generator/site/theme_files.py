"""Where a site's templates and static files come from: its own theme, then the built-in one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
