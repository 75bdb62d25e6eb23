"""Where a site's templates and static files come from: its own theme, then the built-in one."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator.content.model import LOGO_SUFFIXES, STYLESHEET_SUFFIXES
from generator.errors import Problem, Severity, closest, did_you_mean

if TYPE_CHECKING:
    from generator.content.load import SourceDoc
    from generator.content.model import Site, SiteConfig

BUILTIN_THEME = Path(__file__).parent.parent / "themes" / "default"
THEMES_FOLDER = "themes"  # a site's own themes (templates and static files), by name
SEARCH_BODY = "data-pagefind-body"  # what marks the part of a page that search indexes
_PAGE_NOUNS = MappingProxyType(  # a page of each, as a warning names it
    {
        "meeting.html": "meeting page",
        "theme.html": "theme page",
        "decision.html": "decision page",
        "principles.html": "principles page",
        "actions.html": "member's action list",
    }
)
_PARTS = ("templates", "static")  # a theme's folders; anything beside them is not used
_TEMPLATE_SUFFIXES = (".html", ".txt")  # the files that go in templates/ (email.txt too)
_THEME_NOTES = ("README", "LICENSE", "LICENCE", "COPYING")  # a theme's own notes, at its top
_INDEXED = MappingProxyType(  # the pages each built-in template makes, as a warning names them
    {
        "meeting.html": "meeting pages",
        "theme.html": "theme pages",
        "decision.html": "decision pages",
        "principles.html": "the principles page",
        "actions.html": "the action lists",
    }
)


def left_out(relative: Path) -> bool:
    """Whether a theme's file at `relative` (inside the theme's folder) is never published nor
    used: a hidden file or one in a hidden folder (`.DS_Store`, vim's `.style.css.swp`), as
    in content/, or an editor's backup or swap file (`style.css~`, `style.css.swp`, Emacs's
    `#style.css#`)."""
    name = relative.name
    return (
        any(part.startswith(".") for part in relative.parts)
        or name.endswith(("~", ".swp", ".swo"))
        or (name.startswith("#") and name.endswith("#"))
    )


def theme_dirs(site: Site) -> list[Path]:
    """The site's own theme first, then the built-in default."""
    own = site.settings.source / THEMES_FOLDER / site.settings.site.site_theme
    dirs = [own] if own.is_dir() else []
    if not own.is_dir() or own.resolve() != BUILTIN_THEME.resolve():
        dirs.append(BUILTIN_THEME)
    return dirs


def static_files(dirs: list[Path]) -> dict[str, Path]:
    """The static files the themes in `dirs` publish (the first theme's win), by their path
    in static/: not hidden files, editors' backups (`left_out`) or symbolic links, nor
    through a static/ folder that is one (an error: `theme_links`)."""
    found: dict[str, Path] = {}
    for directory in reversed(dirs):
        static = directory / "static"
        if not static.is_dir() or static.is_symlink():
            continue
        for path in sorted(static.rglob("*")):
            relative = path.relative_to(static)
            if path.is_file() and not path.is_symlink() and not left_out(relative):
                found[relative.as_posix()] = path
    return found


def static_settings_problems(
    source: Path, settings: SourceDoc, config: SiteConfig
) -> list[Problem]:
    """Each file of the site theme's static/ folder that `extra_css`, `logo` or `logo_dark`
    names and that the folder does not publish (an error at its place, with the name meant
    among the theme's own files of that kind), a `logo_dark` with no `logo` (an error at it),
    and each template of the site theme that would leave them out: one with a `<head>` of
    its own that does not link the stylesheets, or a `<header>` that does not show the logo,
    or shows it but not dark mode's (a warning at it)."""
    named = [
        (("extra_css", at), path, STYLESHEET_SUFFIXES) for at, path in enumerate(config.extra_css)
    ]
    named += [(("logo",), config.logo, LOGO_SUFFIXES)] if config.logo else []
    named += [(("logo_dark",), config.logo_dark, LOGO_SUFFIXES)] if config.logo_dark else []
    if not named:
        return []
    name = config.site_theme
    own = source / THEMES_FOLDER / name
    dirs = [own] if own.resolve() == BUILTIN_THEME.resolve() else [own, BUILTIN_THEME]
    published = static_files(dirs)
    theirs = list(static_files([own]))
    folder = f"{THEMES_FOLDER}/{name}/static/"
    problems = []
    if config.logo_dark and not config.logo:
        place = settings.front.position_of(("logo_dark",))
        problems.append(Problem(settings.path, place.line, place.col, _DARK_LOGO_ALONE))
    for where, path, suffixes in named:
        if path in published or (own / "static" / path).is_symlink():
            continue  # a link is an error of its own, at the link (`theme_links`)
        place = settings.front.position_of(where)
        alike = [p for p in theirs if p.lower().endswith(suffixes)]  # files of its kind
        stems = {p.rsplit(".", 1)[0]: p for p in alike}  # by name: logo.svg for logo.png
        close = closest(path.rsplit(".", 1)[0], stems)
        meant = f"; did you mean '{stems[close]}'?" if close else ""
        if not meant:
            meant = f"; it has {', '.join(repr(p) for p in alike)}" if alike else ": save it there"
        setting = f"extra_css item {where[1] + 1}" if len(where) > 1 else where[0]
        message = f"{setting}: there is no {folder}{path}{meant}"
        problems.append(Problem(settings.path, place.line, place.col, message))
    leaving_out = [  # (the tag, what shows the setting's files, the setting, the fix)
        ("<head", "extra_stylesheets", config.extra_css, _LINK_STYLESHEETS),
        ("<header", "logo", config.logo, _SHOW_LOGO),
        ("<header", "logo_dark", config.logo and config.logo_dark, _SHOW_DARK_LOGO),
    ]
    for template in sorted((own / "templates").rglob("*.html")):
        if template.name.startswith("email.") or not template.is_file():
            continue
        text = template.read_text(encoding="utf-8", errors="replace")
        shown = f"{THEMES_FOLDER}/{name}/templates/{template.relative_to(own / 'templates')}"
        for tag, variable, setting, fix in leaving_out:
            at = _tag_at(text, tag)
            if not setting or at < 0 or variable in text:
                continue
            if variable == "logo_dark" and "logo" not in text:
                continue  # the logo itself is missing: that warning says how to show it
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            problems.append(Problem(shown, line, column, fix, Severity.WARNING))
    return problems


_LINK_STYLESHEETS = (
    "this <head> does not link the stylesheets of extra_css in site.yml, so its pages would go "
    "without them: after its stylesheet's <link>, add {% for href in extra_stylesheets %}"
    '<link rel="stylesheet" href="{{ href }}">{% endfor %}, as the default base.html has it'
)
_SHOW_LOGO = (
    "this <header> does not show the logo of site.yml, so its pages would go without it: "
    'before the site\'s name, add {% if logo %}<img class="site-logo" src="{{ logo }}" '
    'alt="">{% endif %}, as the default base.html has it (with logo_dark\'s <picture> '
    "around the <img>)"
)


_SHOW_DARK_LOGO = (
    "this <header> shows the logo of site.yml but not dark mode's (logo_dark), so dark mode "
    'shows the light one: before its <img class="site-logo" …>, add {% if logo_dark %}'
    '<picture><source srcset="{{ logo_dark }}" media="screen and (prefers-color-scheme: dark)">'
    "{% endif %}, and after it {% if logo_dark %}</picture>{% endif %}, as the default "
    "base.html has it"
)
_DARK_LOGO_ALONE = (
    "logo_dark is the logo dark mode shows in place of logo, and there is no logo: add logo: "
    "with the one light mode shows (or write logo: instead, for one logo in both)"
)


def _tag_at(text: str, tag: str) -> int:
    """Where `tag` (`<head`, `<header`) opens in a template's `text`, whatever its case;
    -1 if nowhere."""
    found = re.search(re.escape(tag) + r"[\s>]", text, re.IGNORECASE)
    return found.start() if found else -1


def every_theme(source: Path) -> list[Path]:
    """Every theme the site at `source` could name in site.yml's `site_theme`, found before
    site.yml is read: each folder in its themes/ (by name), then the built-in one."""
    themes = source / THEMES_FOLDER
    own = sorted(p for p in themes.iterdir() if p.is_dir()) if themes.is_dir() else []
    return [*own, BUILTIN_THEME]


def theme_problems(
    source: Path, settings: SourceDoc, name: str, search: bool = True
) -> list[Problem]:
    """A symbolic link in the theme (`theme_links`: then nothing else is looked at), a
    `site_theme` with no folder of its name (an error at the setting), and each file of
    the theme outside its templates/ and static/ folders, which is not used (a warning
    saying where it goes), but hidden files, editors' backups and the theme's own README or
    LICENSE; with `search`, each template of the theme that leaves out the search index's
    mark the built-in one of its name has (a warning)."""
    themes = source / THEMES_FOLDER
    folder = themes / name
    if links := theme_links(source, name):
        return links  # what the theme holds is not looked at through them
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
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in _PARTS or not path.is_file() or left_out(relative):
            continue
        if len(relative.parts) == 1 and relative.name.upper().startswith(_THEME_NOTES):
            continue
        shown = f"{THEMES_FOLDER}/{name}/{relative.as_posix()}"
        moved = f"{THEMES_FOLDER}/{name}/{_place_of(relative)}"
        message = f"{shown} is not used: move it to {moved}"
        problems.append(Problem(shown, 1, 1, message, Severity.WARNING))
    if search:
        problems += _unindexed_templates(folder, f"{THEMES_FOLDER}/{name}/templates")
    return problems


def theme_links(source: Path, name: str) -> list[Problem]:
    """An error at each symbolic link in the site's theme `name` (themes/ and the theme's
    folder themselves included), but hidden files and editors' backups, which are never read
    (Emacs keeps a lock as a link): a theme's static files are published and its templates
    run as they are, so a link would publish what it points to (`static` linked to .git
    publishes its config, which in CI can hold a token)."""
    themes = source / THEMES_FOLDER
    for path in (themes, themes / name):
        if path.is_symlink():
            return [_link_problem(source, path)]
    if not (themes / name).is_dir():
        return []
    problems = []
    for where, subfolders, names in os.walk(themes / name):  # (not into a linked folder)
        folder = Path(where)
        subfolders[:] = sorted(n for n in subfolders if not left_out(Path(n)))
        for entry in sorted([*subfolders, *names]):
            path = folder / entry
            if not left_out(path.relative_to(themes / name)) and path.is_symlink():
                problems.append(_link_problem(source, path))
    return sorted(problems, key=lambda problem: problem.path)


def _link_problem(source: Path, path: Path) -> Problem:
    what = "folder" if path.is_dir() else "file"
    message = (
        f"this is a symbolic link (to {os.readlink(path)}), and a theme's files are published "
        "or run as they are, so it would publish or run what it points to; put the "
        f"{what} itself here instead of a link to it"
    )
    return Problem(path.relative_to(source).as_posix(), 1, 1, message)


def _place_of(relative: Path) -> str:
    """Where in its theme a file put at `relative` outside templates/ and static/ goes: the
    folder of its kind (templates for .html and .txt, else static), under its name if a
    built-in file has it (it overrides that one), else where it was (`partials/x.html` to
    templates/partials/x.html), from the `templates` or `static` folder it was put in, if
    one (`ours/static/logo.png` to static/logo.png)."""
    parts = relative.parts
    for at, part in enumerate(parts[:-1]):
        if part in _PARTS:
            return "/".join(parts[at:])
    for kind in _PARTS:
        if (BUILTIN_THEME / kind / relative.name).is_file():
            return f"{kind}/{relative.name}"
    kind = "templates" if relative.suffix.lower() in _TEMPLATE_SUFFIXES else "static"
    return f"{kind}/{relative.as_posix()}"


def _unindexed_templates(folder: Path, shown: str) -> list[Problem]:
    """A warning for each template of the theme in `folder` whose built-in namesake marks
    what search indexes (data-pagefind-body) and which does not."""
    problems = []
    for default in sorted((BUILTIN_THEME / "templates").glob("*.html")):
        own = folder / "templates" / default.name
        if (
            own.is_file()
            and SEARCH_BODY in default.read_text(encoding="utf-8")
            and SEARCH_BODY not in own.read_text(encoding="utf-8", errors="replace")
        ):
            pages = _INDEXED.get(default.name, f"the pages of {default.name}")
            message = (
                f"{shown}/{default.name} has no {SEARCH_BODY}, so search leaves out "
                f"{pages}: copy the attributes of the element that has it in the "
                f"default {default.name}"
            )
            problems.append(Problem(f"{shown}/{default.name}", 1, 1, message, Severity.WARNING))
    return problems


def marks_to_check(site: Site) -> frozenset[str]:
    """The templates of the site's own theme, among those whose pages search indexes, that
    write data-pagefind-body (one that does not is warned of before any page renders, see
    `theme_problems`): each page they make must show it (`unmarked_problems`). None when
    search is off."""
    dirs = theme_dirs(site)
    if not site.settings.site.search or len(dirs) < 2:
        return frozenset()
    own = dirs[0] / "templates"
    return frozenset(
        name
        for name in _INDEXED
        if (own / name).is_file()
        and SEARCH_BODY in (own / name).read_text(encoding="utf-8", errors="replace")
    )


def unmarked_problems(site: Site, unmarked: Mapping[str, str]) -> list[Problem]:
    """A warning for each template of `marks_to_check` that made pages without the mark its
    text has (`unmarked`: each such page's output path, with its template), at the mark:
    it is where the pages do not show it (in a comment, a block or an `{% if %}`)."""
    by_template: dict[str, list[str]] = {}
    for path, template in sorted(unmarked.items()):
        by_template.setdefault(template, []).append("/" + path.removesuffix("index.html"))
    own = theme_dirs(site)[0] / "templates"
    shown = f"{THEMES_FOLDER}/{site.settings.site.site_theme}/templates"
    problems = []
    for template, pages in sorted(by_template.items()):
        try:
            text = (own / template).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        at = max(text.find(SEARCH_BODY), 0)
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        noun = _PAGE_NOUNS[template]
        if len(pages) == 1:
            which, them = f"the {noun} {pages[0]} has", "it"
        else:
            which = f"{len(pages)} {noun}s ({pages[0]} and {len(pages) - 1} more) have"
            them = "them"
        message = (
            f"{which} no {SEARCH_BODY}, so search leaves {them} out: the element that has it "
            f"here does not show on {them} (it is in a comment, or in a block or an "
            "`{% if %}` that does not show)"
        )
        problems.append(Problem(f"{shown}/{template}", line, column, message, Severity.WARNING))
    return problems
