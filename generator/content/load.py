"""Discover the site's files and split each into front matter and body.

The loader reads files in sorted order, decodes them strictly, and parses front
matter with `safeyaml` so every value keeps its file position. It does not
validate: a file it cannot read becomes a Problem and the rest still load.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from generator.content.model import Meeting, slug_of
from generator.content.safeyaml import (
    CONTROL_CHARACTER,
    ListEntries,
    Position,
    StoredPositions,
    YamlDocument,
    YamlError,
    control_character_message,
    no_lists,
    parse,
    straight_quoted,
)
from generator.errors import Problem, closest

MAX_FILE_BYTES = 2 * 1024 * 1024
SETTINGS_FILE = "site.yml"
CONTENT_DIR = "content"
MEETINGS_DIR = "content/meetings"
THEMES_DIR = "content/themes"
PRINCIPLES_FILE = "content/principles.md"

_FENCES = ("---",)
_CLOSERS = ("---", "...")


class Kind(StrEnum):
    SETTINGS = "settings"
    MEETING = "meeting"
    THEME = "theme"
    PRINCIPLES = "principles"


def _meeting_lists() -> Mapping[str, ListEntries]:
    """What the entries of a meeting's lists may hold, from their formats (imported only
    when an entry written without its '-' needs them: a rebuild imports no format)."""
    from generator.content.schema import ActionFront, DecisionFront

    return {
        "actions": ListEntries(frozenset(ActionFront.model_fields), frozenset({"title"})),
        "decisions": ListEntries(frozenset(DecisionFront.model_fields), frozenset({"text"})),
    }


@dataclass(frozen=True)
class SourceDoc:
    """One file as read: its front matter (with positions) and its Markdown body."""

    path: str  # relative to the source root, with '/' separators
    kind: Kind
    front: YamlDocument
    body: str
    body_line: int  # file line (1-based) on which the body starts


def same_front_matter(first: SourceDoc, second: SourceDoc) -> bool:
    """Whether two versions of a file differ in their body alone: the same front matter, read
    at the same positions (warnings name them), and the body starting on the same line."""
    return (first.front, first.body_line) == (second.front, second.body_line)


@dataclass(frozen=True)
class Loaded:
    docs: tuple[SourceDoc, ...]
    problems: tuple[Problem, ...]
    # Meetings already validated from the very same files, in place of their documents
    # (`validate` takes them as they are; the pipeline takes them from its cache).
    validated: tuple[Meeting, ...] = ()
    files: tuple[str, ...] = ()  # content files that are not notes (see `content_files`)
    # The meeting files whose name keeps them from being read (`2024-05-01-x.MD`), parsed
    # only to know what they hold beside that error (see `misnamed_meetings`).
    misnamed: tuple[SourceDoc, ...] = ()
    # The principles file saved under another name or in another folder, parsed (see
    # `misnamed_principles`); None when one is there but cannot be read or parsed.
    misnamed_principles: tuple[SourceDoc, ...] | None = ()


def load_site(source: Path) -> Loaded:
    """Read and parse site.yml and every content file under `source`."""
    source = source.resolve()
    problems: list[Problem] = []
    found = discover(source, problems)
    docs = []
    for (relative, kind), data in zip(found, read_sources(source, found), strict=True):
        try:
            if isinstance(data, Problem):
                raise LoadError(data.path, data.line, data.col, data.message)
            docs.append(parse_document(relative, kind, data))
        except LoadError as error:
            problems += error.problems
    return Loaded(
        tuple(docs),
        tuple(problems),
        files=content_files(source),
        misnamed=misnamed_meetings(source, problems),
        misnamed_principles=misnamed_principles(source, problems),
    )


def read_sources(source: Path, found: Sequence[tuple[str, Kind]]) -> list[bytes | Problem]:
    """Each found file's bytes, or the problem that stops it being read (`source` resolved)."""
    checked = folders_inside(source)
    read: list[bytes | Problem] = []
    for relative, _ in found:
        try:
            in_checked = relative.rpartition("/")[0] in checked
            read.append(read_bytes_inside(source, relative, folder_checked=in_checked))
        except LoadError as error:
            read.append(error.problem)
    return read


def content_files(source: Path) -> tuple[str, ...]:
    """Every file under content/ that is not a note (`.md`) nor hidden, in sorted order:
    papers, slides and images, published at the same path. A symbolic link to a folder is
    one too (but meetings/ and themes/, whose notes are read through it), and content/ is
    the one file when it is a link: nothing is published through one, and
    `content_file_problems` says so."""
    root = source / CONTENT_DIR
    if os.path.islink(root):
        return (CONTENT_DIR,)
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(folder).relative_to(source).as_posix()
        found += [
            f"{relative}/{name}"
            for name in names
            if not name.startswith(".") and not name.endswith(".md")
        ]
        found += [
            path
            for name in subfolders
            if (path := f"{relative}/{name}") not in (MEETINGS_DIR, THEMES_DIR)
            and os.path.islink(f"{folder}/{name}")
        ]
    return tuple(sorted(found))


# The search index's folder in the published site (engine.search's INDEX_FOLDER: the engine
# and the content stage import nothing of each other, so a test keeps the two the same).
SEARCH_INDEX_FOLDER = "pagefind"
# Files a browser runs as a document or a script on the site's own origin when they are
# published as they are: HTML, SVG and XML (which can hold scripts), XSLT and JavaScript.
ACTIVE_SUFFIXES = frozenset(
    (
        ".html",
        ".htm",
        ".xhtml",
        ".xht",
        ".shtml",
        ".mht",
        ".mhtml",
        ".svg",
        ".svgz",
        ".xml",
        ".xsl",
        ".xslt",
        ".rss",
        ".atom",
        ".rdf",
        ".js",
        ".mjs",
        ".cjs",
    )
)
# The kinds of file a group publishes beside its notes, by what a writer calls them: each is
# shown by a browser as a document, an image, a sound or a video, or downloaded, and never run
# as a page. A file of any other kind is an error unless `allow_html` (a browser may run one
# not listed as a page of the site: XML can hold a script under any name, `.xsd` or `.rng`).
PUBLISHED_KINDS = MappingProxyType(
    {
        "documents": (".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt"),
        "spreadsheets": (".xlsx", ".xls", ".ods", ".csv", ".tsv"),
        "slides": (".pptx", ".ppt", ".odp"),
        "images": (".png", ".jpg", ".jpeg", ".gif", ".webp"),
        "sound and video": (".mp3", ".m4a", ".mp4", ".webm"),
        "data": (".json", ".yml", ".yaml"),
        "archives": (".zip",),
    }
)
_PUBLISHED_SUFFIXES = frozenset(suffix for kind in PUBLISHED_KINDS.values() for suffix in kind)


# Characters a file's name must not hold: controls, line ends and the marks that reorder text
# (U+202E shows "bidi\u202etxt.exe" as "bidiexe.txt"), so a name reads as what it is.
_HIDDEN_IN_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Files a web host reads as its own settings when they are at the site's root (Netlify's and
# Cloudflare Pages' redirects and headers): a page could be sent elsewhere, or lose a header.
HOST_SETTINGS = frozenset({"_redirects", "_headers", "_routes.json", "netlify.toml", "vercel.json"})


def content_file_problems(
    source: Path, files: Iterable[str], allow_html: bool | None, told: Container[str] = ()
) -> list[Problem]:
    """An error for each content file that must not be published as it is: one a browser
    would run as a page or a script, or of a kind not in `PUBLISHED_KINDS` (unless
    `allow_html`; None when site.yml could not be read, when this is not looked at; the kind
    of a file `told` of already, such as a note not named '.md', is not), one in the search
    index's folder, one whose name holds an invisible character, a web host's settings file
    at the site's root, and a symbolic link whose target is not a published file of content/
    itself. A file has one error of its kind at most."""
    problems: list[Problem] = []
    for relative in files:
        found_before = len(problems)
        name = relative.rpartition("/")[2]
        if found := _HIDDEN_IN_NAME.search(relative):
            problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    f"the file's name holds the invisible character U+{ord(found.group()):04X}, "
                    "which can make a name read as another; rename it with letters, digits, "
                    "'-' and '.'",
                )
            )
        if relative.removeprefix(f"{CONTENT_DIR}/") in HOST_SETTINGS:
            problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    f"{name} at the site's root is a web host's own settings (its redirects or "
                    "headers), which a page of the site must not set; move it into a folder, "
                    "content/files/ for instance",
                )
            )
        suffix = name[name.rfind(".") :] if "." in name.lstrip(".") else ""
        if allow_html is False and suffix.lower() in ACTIVE_SUFFIXES:
            problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    f"a {suffix} file would be published as it is and could run scripts on "
                    "the site's pages; publish it as a PDF (or an image as PNG or JPEG), or "
                    "set allow_html: true in site.yml if every writer is trusted",
                )
            )
        index = f"{CONTENT_DIR}/{SEARCH_INDEX_FOLDER}"
        if relative == index or relative.startswith(f"{index}/"):
            problems.append(
                Problem(
                    relative,
                    1,
                    1,
                    f"this file would be published in /{SEARCH_INDEX_FOLDER}/, the folder of "
                    "the site's search index, where it could replace the index's own files; "
                    f"move it out of {index}/, into content/files/ for instance",
                )
            )
        if os.path.islink(source / relative) and (message := _link_problem(source, relative)):
            problems.append(Problem(relative, 1, 1, message))
        if (
            allow_html is False
            and len(problems) == found_before
            and relative not in told
            and suffix.lower() not in _PUBLISHED_SUFFIXES
        ):
            problems.append(Problem(relative, 1, 1, _kind_not_published(name, suffix)))
    return problems


def _is_backup(name: str) -> bool:
    """Whether a file named `name` is an editor's backup or autosave (`note.md~`, Emacs's
    `#note.md#`)."""
    return name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def _backup_message(of: str = "") -> str:
    """The error of an editor's backup, of the file named `of` beside it if it is there."""
    return (
        f"this is an editor's backup or autosave file{f' of {of}' if of else ''}, which is not "
        "published: delete it (and tell the editor to keep its backups elsewhere)"
    )


def _kind_not_published(name: str, suffix: str) -> str:
    """The error of a content file of a kind not in `PUBLISHED_KINDS` (`suffix`: its
    extension, '' for none), naming the kinds that are; of an editor's backup (`note.md~`,
    Emacs's `#note.md#`), saying what it is."""
    if _is_backup(name):
        return _backup_message()
    kinds = [f"{kind} ({' '.join(suffixes)})" for kind, suffixes in PUBLISHED_KINDS.items()]
    listed = f"{', '.join(kinds[:-1])} and {kinds[-1]}"
    if not suffix:
        return (
            "a file with no extension is not published, as a browser could open it as a page "
            f"of the site and run what it holds; the site publishes {listed}: give it the "
            "extension of its kind, zip it, or link to where it lives"
        )
    return (
        f"a {suffix} file is not published, as a browser could open a kind of file not on "
        f"this list as a page of the site and run what it holds: {listed}; save it as one "
        "of these, zip it, or link to where it lives"
    )


def _link_problem(source: Path, relative: str) -> str:
    """What is wrong with the symbolic link at `relative` under content/ (or content/
    itself): empty when it points to a file of content/ that is published (not hidden)."""
    fix = "copy the file into content/ instead of linking to it"
    try:
        real = (source / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return f"this symbolic link is broken or loops, so nothing can be published; {fix}"
    root = source.resolve()
    content = (root / CONTENT_DIR).resolve()
    where = real.relative_to(root).as_posix() if real.is_relative_to(root) else str(real)
    if relative == CONTENT_DIR:
        return (
            f"content/ is a symbolic link (to {where}), so whatever is there would be "
            "published; make content/ a folder of its own, with the notes and files in it"
        )
    if real.is_dir():
        return (
            f"this symbolic link points to the folder {where}, and nothing is published "
            "through a link to a folder; copy the folder into content/ instead of linking to it"
        )
    if not real.is_relative_to(content):
        return (
            f"this symbolic link points to {where}, outside content/, so that file would be "
            f"published; {fix}"
        )
    if any(part.startswith(".") for part in real.relative_to(content).parts):
        return (
            f"this symbolic link points to {where}, a hidden file, which is never published; "
            "link to a file whose name does not start with '.', or copy the file into "
            "content/ instead of linking to it"
        )
    return ""


def read_content_file(source: Path, relative: str) -> bytes:
    """A content file's bytes, refusing one whose real path is outside the site."""
    path = source / relative
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise LoadError(
            relative, 1, 1, "cannot read this file (a broken or looping link?)"
        ) from None
    if not real.is_relative_to(source.resolve()):
        raise LoadError(relative, 1, 1, f"symbolic link points outside the site: {real}")
    if not real.is_file():
        raise LoadError(relative, 1, 1, "not a regular file")
    try:
        return real.read_bytes()
    except OSError as error:
        raise LoadError(relative, 1, 1, f"cannot read: {error.strerror}") from None


def document_to_cache(doc: SourceDoc) -> str:
    """A SourceDoc as one JSON text (one string per file keeps the cache small in memory),
    by orjson; json writes what it refuses (see `_decode`)."""
    front = doc.front
    entry = [
        doc.path,
        doc.kind.value,
        front.value,
        [[list(path), p.line, p.col] for path, p in front.positions.items()],
        [[list(path), p.line, p.col] for path, p in front.key_positions.items()],
        doc.body,
        doc.body_line,
        [list(path) for path in front.curly],
        [list(path) for path in front.whole_numbers],
        [[message, at.line, at.col] for message, at in front.errors],
        [[list(path), text] for path, text in front.comments.items()],
    ]
    try:
        return orjson.dumps(entry).decode("utf-8")
    except TypeError:
        return json.dumps(entry, ensure_ascii=False)


def document_from_cache(entry: str) -> SourceDoc:
    (
        path,
        kind,
        value,
        positions,
        key_positions,
        body,
        body_line,
        curly,
        whole_numbers,
        errors,
        comments,
    ) = _decode(entry)
    front = YamlDocument(
        value,
        StoredPositions(positions),
        StoredPositions(key_positions),
        curly=tuple(tuple(at) for at in curly),
        whole_numbers=tuple(tuple(at) for at in whole_numbers),
        errors=tuple(
            (str(message), Position(int(line), int(col))) for message, line, col in errors
        ),
        comments={tuple(at): str(text) for at, text in comments},
    )
    return SourceDoc(str(path), Kind(kind), front, str(body), int(body_line))


def _decode(entry: str) -> Any:
    """orjson reads an entry in half the time json does, and exactly: front matter values
    are text, True, False or None (see `safeyaml`). What it refuses, json reads."""
    try:
        return orjson.loads(entry)
    except orjson.JSONDecodeError:
        return json.loads(entry)


def no_settings_problem() -> Problem:
    """The error of a folder with no site.yml."""
    return Problem(
        SETTINGS_FILE,
        1,
        1,
        f"no {SETTINGS_FILE}: this folder is not a nominutes site (point --source at one)",
    )


def discover(source: Path, problems: list[Problem]) -> list[tuple[str, Kind]]:
    """The files that make up the site, in a fixed order, each with its kind."""
    found: list[tuple[str, Kind]] = []
    if (source / SETTINGS_FILE).is_file():
        found.append((SETTINGS_FILE, Kind.SETTINGS))
    else:
        problems.append(no_settings_problem())
    if (source / PRINCIPLES_FILE).exists() or (source / PRINCIPLES_FILE).is_symlink():
        found.append((PRINCIPLES_FILE, Kind.PRINCIPLES))
    misplaced = _principles_misplaced(source)  # the principles file, saved as another
    problems += [_principles_misplaced_problem(source, relative) for relative in misplaced]
    problems += _principles_as_yaml(source)
    nested: list[str] = []  # folders inside meetings/ and themes/, whose notes are not read
    claimed: dict[str, str] = {}  # the path each note not named '.md' is told to take: by whom
    for folder, kind in ((THEMES_DIR, Kind.THEME), (MEETINGS_DIR, Kind.MEETING)):
        directory = source / folder
        if not directory.is_dir():
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            relative = f"{folder}/{entry.name}"
            if relative in misplaced:
                continue
            if entry.name.endswith(".md"):
                found.append((relative, kind))
            elif entry.name.lower().endswith(_NOTE_SUFFIXES):
                problems.append(_misnamed_note(source, relative, f"a {kind.value} file", claimed))
            elif entry.is_dir(follow_symlinks=False):
                nested.append(relative)
            elif entry.is_file() and (
                problem := _note_not_named_md(source, relative, kind.value, claimed)
            ):
                problems.append(problem)
    problems += [p for p in _misnamed_principles(source) if p.path not in misplaced]
    problems += [
        _unread_note(source, path, claimed)
        for path in _notes_not_read(source, nested)
        if path not in misplaced
    ]
    problems += _meetings_beside_the_settings(source)
    return found


# A meeting's file name: what `new meeting` writes, YYYY-MM-DD-short-title.md.
_MEETING_FILE = re.compile(r"\d{4}-\d{2}-\d{2}-[^/]+\.md", re.IGNORECASE)


def _meetings_beside_the_settings(source: Path) -> list[Problem]:
    """An error for each file named as a meeting beside site.yml (GitHub's web editor adds a
    file to the folder it shows, the repository's top at first), which no build reads."""
    found = []
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        if entry.is_file() and _MEETING_FILE.fullmatch(entry.name):
            meant = f"{MEETINGS_DIR}/{entry.name}"
            taken = (source / meant).exists()
            message = f"a meeting beside {SETTINGS_FILE} is not read: move the file into " + (
                f"{MEETINGS_DIR}/ (which has a file of that name: keep one of the two)"
                if taken
                else f"{MEETINGS_DIR}/"
            )
            found.append(Problem(entry.name, 1, 1, message, rename_to=None if taken else meant))
    return found


# What else people name a Markdown file: read as a note only when it ends in ".md" exactly.
_NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
# What a note saved as plain text ends in (or a name with no extension at all): GitHub's web
# editor saves a file under the name typed, so a note named without '.md' is published as it is.
_TEXT_SUFFIXES = ("", ".txt", ".text")
# Files that may start with a '---' line without being a note: a YAML document starts so.
_DATA_SUFFIXES = (".yml", ".yaml")


def _suffix(name: str) -> str:
    """The file's extension with its dot ('' for none; a name's leading '.' is none)."""
    stem = name.lstrip(".")
    return stem[stem.rfind(".") :] if "." in stem else ""


def _note_not_named_md(
    source: Path, relative: str, kind: str, claimed: dict[str, str]
) -> Problem | None:
    """The error of a file in content/meetings/ or content/themes/, not ending in '.md', that
    is plainly a note: named as plain text (or with no extension), or starting with front
    matter. A paper or an image is not one; a plain-text file with no front matter may be a
    file to publish as it is, which the message says goes in a folder."""
    folder, _, name = relative.rpartition("/")
    if _is_backup(name):
        note = name.removesuffix("~").strip("#")
        return Problem(
            relative, 1, 1, _backup_message(note if _is_there(source, f"{folder}/{note}") else "")
        )
    suffix = _suffix(name).lower()
    as_text = suffix in _TEXT_SUFFIXES
    if not as_text and suffix in _DATA_SUFFIXES:
        return None
    fronted = _starts_with_front_matter(source / relative)
    if not (as_text or fronted):
        return None
    problem = _misnamed_note(source, relative, f"a {kind} file", claimed)
    if fronted:
        return problem
    return replace(
        problem,
        message=f"{problem.message}; or, if it is a file to publish as it is, not a {kind}, "
        "move it into a folder (content/files/, say)",
    )


def _starts_with_front_matter(path: Path) -> bool:
    """Whether the file at `path` opens with a '---' line closed by another (its first 64
    KiB read; one that cannot be read, or is not text, does not)."""
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024)
        text = head.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    return _front_matter_bounds(lines) is not None


_DATE_FIELD = re.compile(r"^date:[ \t]*['\"]?(\d{4}-\d{2}-\d{2})\b", re.MULTILINE)


def _front_matter_date(path: Path) -> str | None:
    """The `date:` (YYYY-MM-DD) a note's front matter gives, read from its first 64 KiB."""
    try:
        with path.open("rb") as file:
            head = file.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    found = _DATE_FIELD.search(head.replace("\r\n", "\n"))
    return found.group(1) if found else None


def _stem(name: str) -> str:
    """`name` without its extension (and a `.md` before it: `notes.md.txt`, `notes`)."""
    stem = name[: len(name) - len(_suffix(name))]
    return stem[:-3] if stem.lower().endswith(".md") else stem


def _misnamed_note(
    source: Path,
    relative: str,
    what: str,
    claimed: dict[str, str] | None = None,
) -> Problem:
    """The error of a note not named '.md' (`what`: "a meeting file"), with the name to give
    it (a meeting's with the date its front matter gives, where its name has none), or, when
    a file under `source` has that name already, or a note before it in `claimed` is told to
    take it, what to do instead: `claimed` gains its own."""
    name = relative.rpartition("/")[2]
    suffix = _suffix(name)
    stem = _stem(name)
    ends = f"ends in '{suffix}'" if suffix else "has no extension"
    folder = relative.rpartition("/")[0]
    if folder == THEMES_DIR:
        stem = theme_slug_meant(stem) or stem
    elif folder == MEETINGS_DIR and not _MEETING_FILE.match(f"{stem}.md"):
        dated = _front_matter_date(source / relative)  # `Notes.markdown`: 2026-12-14-notes.md
        stem = f"{dated}-{slug_of(stem) or 'meeting'}" if dated else stem
    meant = f"{folder}/{stem}.md"
    message = f"{what} must end in '.md' to be read (this one {ends})"
    claimed = {} if claimed is None else claimed
    kind = _KINDS.get(folder, "principles")
    offer = _offer_another(source, relative, meant, kind, claimed, moved=False)
    if offer is None:
        return Problem(relative, 1, 1, f"{message}; rename it {stem}.md", rename_to=meant)
    fix, offered = offer
    return Problem(relative, 1, 1, message + fix, rename_to=meant, offered=offered)


def _offer_another(
    source: Path, relative: str, meant: str, kind: str, claimed: dict[str, str], *, moved: bool
) -> tuple[str, str] | None:
    """When the path `meant` a misnamed note (`relative`) should take is a file's already, or
    a note before it in `claimed` is told to take it: what it is told instead, and the free
    path offered it (which `claimed` gains); else None, and `claimed` gains `meant`."""
    if not (_is_there(source, meant) or meant in claimed):
        claimed[meant] = relative
        return None
    folder, _, name = meant.rpartition("/")
    other = _free_name(source, folder, name.removesuffix(".md"), claimed)
    offered = f"{folder}/{other}"
    claimed[offered] = relative
    if _is_there(source, meant):
        return name_taken(meant, kind, other, moved=moved), offered
    return name_claimed(meant, claimed[meant], kind, other, moved=moved), offered


def _free_name(source: Path, folder: str, stem: str, claimed: Container[str] = ()) -> str:
    """The first of `stem`-2.md, `stem`-3.md... that `folder` does not hold, by its name,
    and no other note is told to take (`claimed`)."""
    others = (f"{folder}/{stem}-{n}.md" for n in itertools.count(2))
    free = (other for other in others if not _is_there(source, other) and other not in claimed)
    return next(free).rpartition("/")[2]


def _is_there(source: Path, relative: str) -> bool:
    return (source / relative).exists() or (source / relative).is_symlink()


# What a note in each folder is, as a message names it.
_KINDS = MappingProxyType({MEETINGS_DIR: "meeting", THEMES_DIR: "theme"})


def name_taken(taken: str, kind: str, other: str, *, moved: bool = False) -> str:
    """What a note (a `kind`: "theme") is told when the name its error would give it, the
    path `taken`, is another note's already: the two may be one note written twice, to be
    made one; else it needs a name of its own (`other`, say). What
    follows the error's first words, from '; ' (for a note to be `moved` into `taken`'s
    folder, from ': ')."""
    folder, _, name = taken.rpartition("/")
    if moved:
        cannot = f": it cannot be moved into {folder}/ itself, as {taken} is there already"
        own = f"move this one there as {other}, or under another name of its own"
    else:
        cannot = f"; it cannot be renamed {name}, as {taken} is there already"
        own = f"rename this one {other}, or another name of its own"
    if kind == "principles":
        return f"{cannot}: copy what this one adds into that one, and delete this one"
    return (
        f"{cannot}: if the two files are the same {kind}, copy what this one adds into that "
        f"one and delete this one; if not, {own}"
    )


def name_claimed(meant: str, claimed_by: str, kind: str, other: str, *, moved: bool = False) -> str:
    """What a misnamed note (a `kind`: "meeting") is told when the path `meant` for it is
    the one another misnamed note, at `claimed_by`, is told to take: what follows the
    error's first words, from '; ' (for a note to be `moved` into `meant`'s folder, from
    ': ')."""
    name, told = meant.rpartition("/")[2], claimed_by.rpartition("/")[2]
    if moved:
        folder = meant.rpartition("/")[0]
        cannot = (
            f": it cannot be moved into {folder}/ itself as {name}, as {told} is to be named so"
        )
        own = f"move this one there as {other}, or under another name of its own"
    else:
        cannot = f"; it cannot be renamed {name}, as {told} is to be renamed so"
        own = f"rename this one {other}, or another name of its own"
    return (
        f"{cannot}: if the two files are the same {kind}, copy what this one adds into that "
        f"one and delete this one; if not, {own}"
    )


def theme_slug_meant(stem: str) -> str | None:
    """The slug a theme file named `stem` (less its extension) is surely meant to have: in
    plain lower-case letters, with a hyphen for each run of anything else ('FOI
    implications', 'foi_implications' are 'foi-implications'; 'Café' is 'cafe', 'FOI
    (draft)' is 'foi-draft'); None when no letter or digit is left."""
    return slug_of(stem) or None


def misnamed_meetings(source: Path, problems: Iterable[Problem]) -> tuple[SourceDoc, ...]:
    """The meeting files `discover` did not read for their name's ending (`.MD`,
    `.markdown`: a problem of `problems` is at each), parsed: what they hold is known beside
    that error, so that the warnings they cannot have caused come in the same run. One that
    cannot be read or parsed is left out (it holds what it may)."""
    found = []
    for path in sorted({problem.path for problem in problems}):
        folder, _, name = path.rpartition("/")
        if folder != MEETINGS_DIR or name.endswith(".md") or name.startswith("."):
            continue
        if not name.lower().endswith(_NOTE_SUFFIXES):
            continue
        try:
            found.append(parse_document(path, Kind.MEETING, read_bytes_inside(source, path)))
        except LoadError:
            continue
    return tuple(found)


def _misnamed_principles(source: Path) -> list[Problem]:
    """The error of the principles saved as content/principles with no extension, or as
    plain text (content/principles.markdown is a note not read, told where notes go)."""
    return [
        _misnamed_note(source, relative, "the principles file")
        for suffix in _TEXT_SUFFIXES
        if (source / (relative := f"{CONTENT_DIR}/principles{suffix}")).is_file()
    ]


# What a writer may have named the principles file, but for its case and extension.
_PRINCIPLES_STEMS = ("principles", "principle")
# How the error of the principles file saved as another, or in another folder, begins.
PRINCIPLES_MISPLACED = "the principles file must "
# A theme's front matter that lists principles: the principles file, saved in themes/.
_LISTS_PRINCIPLES = re.compile(rb"^principles[ \t]*:", re.MULTILINE)


def _principles_misplaced(source: Path) -> list[str]:
    """With no content/principles.md, the files under content/ that are it saved under
    another name (`Principles.md`, `principle.md`, `principles.MD`, `principles.txt`) or in
    another folder: named so, but for case and extension (in themes/, only one that lists
    principles, as a theme about principles does not)."""
    if (source / PRINCIPLES_FILE).exists() or (source / PRINCIPLES_FILE).is_symlink():
        return []
    found = []
    for where, subfolders, names in os.walk(source / CONTENT_DIR):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(where).relative_to(source).as_posix()
        for name in sorted(names):
            suffix = _suffix(name)
            stem = name[: len(name) - len(suffix)].lower()
            if stem not in _PRINCIPLES_STEMS:
                continue
            if suffix.lower() not in (*_NOTE_SUFFIXES, *_TEXT_SUFFIXES):
                continue
            if relative == THEMES_DIR and not _lists_principles(source / relative / name):
                continue
            found.append(f"{relative}/{name}")
    return found


def _lists_principles(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return _LISTS_PRINCIPLES.search(file.read(64 * 1024)) is not None
    except OSError:
        return False


def _principles_misplaced_problem(source: Path, relative: str) -> Problem:
    """The one error of the principles file saved as `relative`, with the name to give it."""
    folder, _, name = relative.rpartition("/")
    if folder != CONTENT_DIR:
        message = (
            f"{PRINCIPLES_MISPLACED}be {PRINCIPLES_FILE} to be read (this one is in {folder}/); "
            f"move it there"
        )
    elif _suffix(name).lower() in _TEXT_SUFFIXES:
        return _misnamed_note(source, relative, "the principles file")
    else:
        message = (
            f"{PRINCIPLES_MISPLACED}be named principles.md to be read (this one is named "
            f"'{name}'); rename it principles.md"
        )
    return Problem(relative, 1, 1, message, rename_to=PRINCIPLES_FILE)


def _principles_as_yaml(source: Path) -> list[Problem]:
    """With no content/principles.md, the error of the principles written as YAML alone
    (content/principles.yml or .yaml), which is published as a plain file: what it holds is
    principles.md's front matter."""
    if (source / PRINCIPLES_FILE).exists() or (source / PRINCIPLES_FILE).is_symlink():
        return []
    return [
        Problem(
            relative,
            1,
            1,
            _principles_as_yaml_message(source / relative),
            rename_to=PRINCIPLES_FILE,
        )
        for suffix in _DATA_SUFFIXES
        if (source / (relative := f"{CONTENT_DIR}/principles{suffix}")).is_file()
    ]


def _principles_as_yaml_message(path: Path) -> str:
    """What to do with the YAML file at `path` to make it principles.md: rename it, and put
    the '---' lines it lacks around its lines, the first and last of which are shown."""
    try:
        text = path.read_bytes()[: 64 * 1024].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    lines = [line.rstrip() for line in text.removeprefix("\ufeff").splitlines() if line.strip()]
    opened = bool(lines) and lines[0] == "---"
    closed = opened and len(lines) > 1 and lines[-1] in _CLOSERS
    held = lines[1 if opened else 0 : -1 if closed else None]
    fix = "rename it principles.md"
    if held and not opened:
        fix += (
            f", put a '---' line above its first line ('{_shown(held[0])}') and another after "
            f"its last ('{_shown(held[-1])}')"
        )
    elif held and not closed:
        fix += f", and put a '---' line after its last ('{_shown(held[-1])}')"
    return (
        f"{PRINCIPLES_MISPLACED}be {PRINCIPLES_FILE}, with the principles as its front matter "
        f"between '---' lines (this one is YAML alone, named '{path.name}'): {fix}"
    )


def _shown(line: str) -> str:
    """A line of a file as a message quotes it: up to 60 characters."""
    return line if len(line) <= 60 else f"{line[:59]}…"


def _as_note(relative: str, data: bytes) -> bytes:
    """The principles written as YAML alone (content/principles.yml), as the note they are
    meant to be: between '---' lines (any other file as it is)."""
    if _suffix(relative).lower() not in _DATA_SUFFIXES:
        return data
    lines = data.decode("utf-8", "replace").splitlines()
    opened = bool(lines) and lines[0].strip() == "---"
    body = "\n".join(lines[1:] if opened else lines)
    return f"---\n{body}\n---\n".encode()


def misnamed_principles(source: Path, problems: Iterable[Problem]) -> tuple[SourceDoc, ...] | None:
    """The principles files `discover` did not read for their name or folder (a problem of
    `problems` is at each), parsed: the principles they define are not told unknown at the
    meetings that cite them, as renaming the file answers those. None if one cannot be read
    or parsed (what it defines is not known)."""
    found = []
    for path in sorted({p.path for p in problems if p.rename_to == PRINCIPLES_FILE}):
        try:
            data = _as_note(path, read_bytes_inside(source, path))
            found.append(parse_document(path, Kind.PRINCIPLES, data))
        except LoadError:
            return None
    return tuple(found)


def names_meant(problems: Iterable[Problem]) -> dict[str, str]:
    """The notes whose name or folder keeps them from being read, each with the path their
    error tells the writer to give them (content/Principles.md -> content/principles.md)."""
    return {p.path: p.rename_to for p in problems if p.is_error and p.rename_to is not None}


def _notes_not_read(source: Path, nested: list[str]) -> list[str]:
    """Markdown files under content/ that no build reads: beside principles.md, in the
    `nested` folders under meetings/ or themes/, or in any other folder (a README.md outside
    meetings/ and themes/, which GitHub shows to people browsing the folder, excepted).
    meetings/ and themes/ themselves are not listed again: `discover` has looked in them."""
    root = source / CONTENT_DIR
    found: list[str] = []
    folders = list(nested)
    entries = sorted(os.scandir(root), key=lambda e: e.name) if root.is_dir() else []
    for entry in entries:
        path = f"{CONTENT_DIR}/{entry.name}"
        if entry.name.startswith(".") or path in (MEETINGS_DIR, THEMES_DIR):
            continue
        if entry.is_dir(follow_symlinks=False):
            folders.append(path)
        elif _not_read(entry.name, path, in_notes=False):
            found.append(path)
    for folder in folders:
        in_notes = folder.startswith((f"{MEETINGS_DIR}/", f"{THEMES_DIR}/"))
        for where, subfolders, names in os.walk(source / folder):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            relative = Path(where).relative_to(source).as_posix()
            found += [
                f"{relative}/{name}"
                for name in sorted(names)
                if _not_read(name, f"{relative}/{name}", in_notes)
            ]
    return sorted(found)


def _not_read(name: str, path: str, in_notes: bool) -> bool:
    return (
        name.lower().endswith(_NOTE_SUFFIXES)
        and not name.startswith(".")
        and path != PRINCIPLES_FILE
        and (in_notes or name.lower() != "readme.md")
    )


def _unread_note(source: Path, relative: str, claimed: dict[str, str]) -> Problem:
    """The error of a note under content/ that no build reads. One in a folder under
    meetings/ or themes/ is told to move into that folder itself (a theme, by the slug its
    name makes), by the path its error gives it: a meeting naming the theme is not told it
    is unknown, as moving the file answers that (unless a file has that path already, or a
    note before it in `claimed` is told to take it: `claimed` gains its own)."""
    for folder, kind in _KINDS.items():
        if not relative.startswith(f"{folder}/"):
            continue
        name = relative.rpartition("/")[2]
        stem = name[: len(name) - len(_suffix(name))]
        if kind == "theme":
            stem = theme_slug_meant(stem) or stem
        meant = f"{folder}/{stem}.md"
        message = f"a {kind} in a folder under {folder}/ is not read"
        offer = _offer_another(source, relative, meant, kind, claimed, moved=True)
        if offer is None:
            moved = f", as {stem}.md" if f"{stem}.md" != name else ""
            message += f": move the file into {folder}/ itself{moved}"
            return Problem(relative, 1, 1, message, rename_to=meant)
        fix, offered = offer
        return Problem(relative, 1, 1, message + fix, rename_to=meant, offered=offered)
    folder, _, name = relative.rpartition("/")[0].partition("/")[2].partition("/")
    file_name = relative.rpartition("/")[2]
    if not folder and _MEETING_FILE.fullmatch(file_name):  # content/2026-12-14-budget.md
        meant = f"{MEETINGS_DIR}/{file_name}"
        if not (source / meant).exists():
            message = (
                f"a meeting in {CONTENT_DIR}/ itself is not read: move it into {MEETINGS_DIR}/"
            )
            return Problem(relative, 1, 1, message, rename_to=meant)
    kinds = {kind.rpartition("/")[2]: kind for kind in _KINDS}
    meant = closest(folder, kinds) if folder and not name else None  # `content/meeting/`
    moved = (
        f"content/{folder}/ is no folder nominutes reads: move it into {kinds[meant]}/; "
        if meant
        else ""
    )
    message = (
        f"this note is not read: {moved}a meeting goes in content/meetings/ (named "
        "YYYY-MM-DD-short-title.md), a theme in content/themes/, the principles in "
        "content/principles.md"
    )
    return Problem(relative, 1, 1, message)


class LoadError(Exception):
    """A file that cannot be read: its first problem, and any found after it (`problems`)."""

    def __init__(
        self,
        path: str,
        line: int,
        col: int,
        message: str,
        also: Iterable[Problem] = (),
        *,
        of_empty_file: bool = False,
    ) -> None:
        super().__init__(message)
        self.problem = Problem(path, line, col, message, of_empty_file=of_empty_file)
        self.problems = (self.problem, *also)


def read_document(source: Path, relative: str, kind: Kind) -> SourceDoc:
    return parse_document(relative, kind, read_bytes_inside(source, relative))


def parse_document(relative: str, kind: Kind, data: bytes) -> SourceDoc:
    text = decode(relative, data)
    if kind is Kind.SETTINGS:
        return SourceDoc(relative, kind, parse_yaml(relative, text, 1, relative), "", 1)
    return split_front_matter(relative, kind, text)


def read_bytes_inside(source: Path, relative: str, *, folder_checked: bool = False) -> bytes:
    """Read a file, refusing symlinks that leave the source tree (or, for a note, content/:
    README's rule for every file under it), loops and huge files.

    `source` must be resolved already (it is checked against every file's real path).
    With `folder_checked` (the file's folder is known to be inside the site), a plain file
    is read without resolving its path (fewer system calls per file).
    """
    path = source / relative
    if folder_checked:
        data = _read_plain_file(str(path))
        if data is not None:
            return data
    try:
        real = path.resolve(strict=True)
    except RuntimeError:
        raise LoadError(relative, 1, 1, "symbolic link loop") from None
    except OSError as error:
        message = "broken symbolic link" if path.is_symlink() else f"cannot read: {error.strerror}"
        raise LoadError(relative, 1, 1, message) from None
    if not real.is_relative_to(source):
        raise LoadError(relative, 1, 1, f"symbolic link points outside the site: {real}")
    if relative.startswith(f"{CONTENT_DIR}/") and not _inside_content(source, real):
        where = real.relative_to(source).as_posix()
        if path.is_symlink():
            message = f"this symbolic link points to {where}, outside content/, so that file"
            fix = "file"
        else:
            message = f"this file is in a linked folder, at {where}, outside content/, so it"
            fix = "folder"
        raise LoadError(
            relative,
            1,
            1,
            f"{message} would be read as a note and published; copy the {fix} into content/ "
            "instead of linking to it",
        )
    if not real.is_file():
        raise LoadError(relative, 1, 1, "not a regular file")
    size = real.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LoadError(relative, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        return real.read_bytes()
    except OSError as error:
        raise LoadError(relative, 1, 1, f"cannot read: {error.strerror}") from None


def folders_inside(source: Path) -> set[str]:
    """The folders of notes whose real path is inside content/ (`source` resolved): a plain
    file in one is read without resolving its path (see `read_bytes_inside`)."""
    return {folder for folder in (THEMES_DIR, MEETINGS_DIR) if _folder_inside(source, folder)}


def _folder_inside(source: Path, folder: str) -> bool:
    try:
        return _inside_content(source, (source / folder).resolve(strict=True))
    except (OSError, RuntimeError):
        return False


def _inside_content(source: Path, real: Path) -> bool:
    """Whether the real path `real` is in content/ (`source` resolved; where content/ is a
    link, an error of its own, in what it points to)."""
    return real.is_relative_to((source / CONTENT_DIR).resolve())


# Open for reading, never following a link and never waiting on a pipe (POSIX only).
_PLAIN_OPEN = (
    os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    if all(hasattr(os, flag) for flag in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC"))
    else None
)


def _read_plain_file(path: str) -> bytes | None:
    """The bytes of a regular file that is not a symbolic link and not too big; None for
    anything else (the careful way then reads it, or says what is wrong)."""
    if _PLAIN_OPEN is None:  # a system without these flags takes the careful way
        return None
    try:
        handle = os.open(path, _PLAIN_OPEN)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return None
        chunks = []
        while chunk := os.read(handle, max(status.st_size, 1 << 16)):
            chunks.append(chunk)
        data = b"".join(chunks)
        return data if len(data) <= MAX_FILE_BYTES else None
    except OSError:
        return None
    finally:
        os.close(handle)


def _saved_as(data: bytes, byte: int) -> str:
    """How to save as UTF-8 a file that is not: what it was saved as, where that is plain
    (UTF-16, Notepad's "Unicode"; Windows-1252, its "ANSI" and Word's plain text), and what
    the byte stands for there."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return (
            "; it was saved as UTF-16 (Notepad's 'Unicode'): save it again with the encoding UTF-8"
        )
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "; save it as UTF-8"
    meant = bytes([byte]).decode("cp1252")
    return (
        f"; it reads as Windows-1252 (Notepad's 'ANSI', or Word's plain text), where it is "
        f"'{meant}': save it again with the encoding UTF-8"
    )


def decode(relative: str, data: bytes) -> str:
    """UTF-8 (a BOM is dropped), with CRLF and CR line ends made LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        byte = data[error.start]
        raise LoadError(
            relative, line, col, f"file is not UTF-8 (byte 0x{byte:02x}){_saved_as(data, byte)}"
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LoadError(relative, line, 1, "file contains a NUL character; is it binary?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if found := CONTROL_CHARACTER.search(text):
        before = text[: found.start()]
        line = before.count("\n") + 1
        col = found.start() - (before.rfind("\n") + 1) + 1
        more = len(CONTROL_CHARACTER.findall(text)) - 1
        also = f" (and {more} more in this file)" if more else ""
        raise LoadError(relative, line, col, control_character_message(found.group()) + also)
    return text


def parse_yaml(
    relative: str,
    text: str,
    first_line: int,
    what: str = "front matter",
    lists: Callable[[], Mapping[str, ListEntries]] = no_lists,
) -> YamlDocument:
    try:
        return parse(text, first_line, what=what, lists=lists)
    except YamlError as error:
        also = (Problem(relative, at.line, at.col, text) for text, at in error.also)
        where = error.position
        raise LoadError(relative, where.line, where.col, error.message, also) from None


_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")


def _first_text_line(lines: list[str], start: int, end: int) -> int | None:
    """The first line between `start` and `end` that reads as Markdown, not YAML: a front
    matter left open runs into the body, up to the body's first `---` rule."""
    for number in range(start, end):
        line = lines[number]
        if line[:1].isalnum() and not _YAML_KEY.match(line):
            return number
    return None


# `draft: true` as a line of front matter (`true` as `safeyaml` reads it).
_DRAFT_LINE = re.compile(r"^draft:[ \t]*(?:true|True|TRUE)[ \t]*(#.*)?\r?$", re.MULTILINE)


def marked_drafts(source: Path) -> frozenset[str]:
    """The meeting files whose front matter has the line `draft: true`, read as lines, not
    parsed (a file that cannot be read is not one)."""
    found = set()
    for path, kind in discover(source, []):
        if kind is not Kind.MEETING:
            continue
        try:
            lines = decode(path, read_bytes_inside(source, path)).split("\n")
        except (LoadError, OSError):
            continue
        bounds = _front_matter_bounds(lines)
        if bounds is not None and _DRAFT_LINE.search("\n".join(lines[bounds[0] + 1 : bounds[1]])):
            found.add(path)
    return frozenset(found)


def unread_bodies(
    source: Path, problems: Sequence[Problem], *, drafts: bool
) -> tuple[tuple[str, str, int], ...]:
    """The bodies of the notes whose front matter could not be read, as (path, body, the
    line it starts on), where its '---' lines still show where the body is: so that their
    links are checked in the same run. Drafts are left out unless `drafts`."""
    found = []
    for path in sorted({p.path for p in problems if p.path.startswith(f"{CONTENT_DIR}/")}):
        if not path.endswith(".md"):
            continue
        try:
            text = decode(path, read_bytes_inside(source, path))
        except (LoadError, OSError):
            continue
        lines = text.split("\n")
        bounds = _front_matter_bounds(lines)
        if bounds is None or _first_text_line(lines, bounds[0] + 1, bounds[1]) is not None:
            continue  # no front matter, or one left open: where the body starts is not known
        start, end = bounds
        if not drafts and _DRAFT_LINE.search("\n".join(lines[start + 1 : end])):
            continue
        found.append((path, "\n".join(lines[end + 1 :]), end + 2))
    return tuple(found)


def _front_matter_bounds(lines: list[str]) -> tuple[int, int] | None:
    """The indexes of the lines that open and close the front matter, if both are there."""
    start = _first_filled(lines)
    if start == len(lines) or lines[start].rstrip() not in _FENCES:
        return None
    end = _closing_line(lines, start)
    return None if end is None else (start, end)


def _first_filled(lines: list[str]) -> int:
    """The index of the first line that is not blank (front matter may follow blank lines)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _closing_line(lines: list[str], start: int) -> int | None:
    return next(
        (end for end in range(start + 1, len(lines)) if lines[end].rstrip() in _CLOSERS), None
    )


def _past_comments(lines: list[str], start: int) -> int:
    """The index of the first line from `start` that is neither blank nor a YAML comment (a
    file `init` or `new` wrote has one above its first field), or of the last line."""
    while start < len(lines) - 1 and (not lines[start].strip() or lines[start].startswith("#")):
        start += 1
    return start


def _never_closed(relative: str, lines: list[str], start: int) -> LoadError:
    """The error for front matter opened on line `start` (an index) with no '---' after it,
    saying where the closing line goes when the lines up to the first line of Markdown text
    read as front matter."""
    opened = f"front matter opened on line {start + 1} is never closed with a '---' line"
    prose = _first_text_line(lines, start + 1, len(lines))
    before = len(lines) if prose is None else prose
    filled = [n for n in range(start + 1, before) if lines[n].strip() and lines[n][0] != "#"]
    if not filled or not _reads_as_front_matter(lines[start + 1 : filled[-1] + 1]):
        return LoadError(relative, start + 1, 1, opened)
    last = filled[-1]
    text = next((n for n in range(last + 1, len(lines)) if lines[n].strip()), None)
    where = "before the Markdown text" if text is not None else "at the end of the file"
    shown = lines[last].strip()
    if " #" in shown and not set("'\"") & set(shown):
        shown = shown.partition(" #")[0].rstrip()  # the comment left out
    message = f"{opened}: add one after line {last + 1} ('{shown}'), {where}"
    return LoadError(relative, start + 1 if text is None else text + 1, 1, message)


# A field of words left empty on its line (`summary:`, a comment after it or not), whose
# words a writer may put on the line under it.
# With YAML's `|` or `>` after it, its words go on the lines under it, indented.
_WORDS_KEY_ALONE = re.compile(r"^(title|summary|location):[ \t]*([|>][-+]?)?[ \t]*(?:#.*)?$")


def _value_below_its_key(lines: list[str], prose: int, end: int) -> str | None:
    """The error for words written on the lines under `title:`, `summary:` or `location:`,
    unindented (`summary:` then `We agreed our first piece of work.`), which YAML does not
    read as its value: what to write on the key's line. None when the line above the text
    at `prose` (an index) is not such a key."""
    key = _WORDS_KEY_ALONE.match(lines[prose - 1])
    if key is None:
        return None
    after = prose
    while after < end and lines[after][:1].isalnum() and not _YAML_KEY.match(lines[after]):
        after += 1
    words = " ".join(line.strip() for line in lines[prose:after])
    value = words if _plain_value(words) else straight_quoted(words)
    first = lines[prose].strip()
    if key[2]:  # `summary: |` then unindented lines
        return (
            f"'{first}' is on the line under '{key[1]}: {key[2]}', which reads only the lines "
            f"indented under it: indent each line of it two spaces, or write it on one line, "
            f"after the colon: {key[1]}: {value}"
        )
    return (
        f"'{first}' is on the line under '{key[1]}:', where YAML does not read it as its "
        f"value: write it on that line, after the colon: {key[1]}: {value}"
    )


def _reads_as_front_matter(lines: list[str]) -> bool:
    """Whether `lines` are YAML fields, read without a slip."""
    try:
        front = parse("\n".join(lines) + "\n")
    except YamlError:
        return False
    return isinstance(front.value, dict) and not front.errors


# A field of TOML front matter, `title = "Budget"`, as Hugo and Zola write it between '+++'.
_TOML_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*=\s*(\S.*)$")


def _toml_front_matter(lines: list[str], start: int) -> str:
    """The error for front matter written in TOML between '+++' lines (`title = "Budget"`),
    which nominutes does not read: what to write instead, from its first field."""
    message = (
        "this front matter, between '+++' lines, is TOML; nominutes reads YAML front matter "
        "between '---' lines: change both '+++' lines to '---' and write each field with a "
        "colon, not '='"
    )
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() == "+++":
            break
        field = _TOML_FIELD.match(lines[index].strip())
        if field:
            before, after = lines[index].strip(), f"{field[1]}: {field[2].strip()}"
            return f"{message}: '{after}' for line {index + 1}'s '{before}'"
    return message


# The dashes a writer or their editor's autocorrect may type for a '-' of a '---' line.
_DASHES = MappingProxyType(
    {
        "-": "",
        "\u2010": "a hyphen (U+2010)",
        "\u2011": "a non-breaking hyphen (U+2011)",
        "\u2012": "a figure dash (U+2012)",
        "\u2013": "an en dash (U+2013)",
        "\u2014": "an em dash (U+2014)",
        "\u2015": "a horizontal bar (U+2015)",
        "\u2212": "a minus sign (U+2212)",
    }
)


def _fence_slip(line: str) -> bool:
    """Whether an unindented line of dashes alone is a '---' line mistyped: two hyphens, four
    or more, or dashes that autocorrect made of hyphens (`—-`)."""
    line = line.rstrip()
    if line in _CLOSERS or not line or not set(line) <= _DASHES.keys():
        return False
    return len(line) > 1 or line != "-"


def _fence_slip_message(line: str, role: str) -> str:
    """The error for a `---` line typed otherwise, which is to open or close the front
    matter (`role`): what was typed, and what to type."""
    shown = line.rstrip()
    message = (
        f"'{shown}' is meant to {role} the front matter, which only a line of three hyphens "
        "does: write '---' in its place"
    )
    dashes = [_DASHES[mark] for mark in dict.fromkeys(shown) if _DASHES[mark]]
    if dashes:
        message += (
            f" (it holds {' and '.join(dashes)}, which a phone or word processor types in "
            "place of '--')"
        )
    return message


def _closing_or_slip(lines: list[str], start: int) -> int | None:
    """The index of the line closing the front matter opened at `start`: a '---' (or '...')
    line, or one of dashes mistyped (`--`, `—-`) with no line of Markdown text above it."""
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in _CLOSERS:
            return end
        if _fence_slip(lines[end]) and _first_text_line(lines, start + 1, end) is None:
            return end
    return None


_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-")


def _front_matter_to_add(relative: str, kind: Kind, first: str) -> str:
    """For a meeting or theme written as text alone: the lines to put above it, its title
    taken from its first line (`Data sharing`, `# Data sharing`), a meeting's date from its
    file's name."""
    title = first.strip().lstrip("#").strip()
    if not title or len(title) > 80:
        return f" (`nominutes new {kind.value}` writes one to fill in)"
    shown = title if _plain_value(title) else straight_quoted(title)
    fields = [f"title: {shown}"]
    dated = _DATED_NAME.match(relative.rsplit("/", 1)[-1])
    if kind is Kind.MEETING and dated:
        fields.append(f"date: {dated.group(1)}")
    lines = ", ".join(f"`{line}`" for line in ("---", *fields, "---"))
    if first.lstrip().startswith("#"):  # its heading becomes its title
        return f"; for this {kind.value}, write these lines in place of its heading: {lines}"
    return f"; for this {kind.value}, put these lines above its first line: {lines}"


def _plain_value(text: str) -> bool:
    """Whether YAML reads `text` as the same words unquoted."""
    special = text[0] in "[]{}&*!|>'\"%@`,?-" or text.endswith(":")
    return ": " not in text and " #" not in text and not special


def split_front_matter(relative: str, kind: Kind, text: str) -> SourceDoc:
    """Split `---` front matter from the body; blank lines before it are allowed. A '---'
    line mistyped (`--`, `----`, `—-`) is an error at it, and read as the line it stands for,
    so that the file's other errors come in the same run."""
    lines = text.split("\n")
    start = _first_filled(lines)
    slipped = []
    if start < len(lines) and _fence_slip(lines[start]) and _closing_or_slip(lines, start):
        slipped.append((start, _fence_slip_message(lines[start], "open")))
    elif start == len(lines) or lines[start].rstrip() not in _FENCES:
        message = "no front matter: the file must start with a '---' line, then YAML, then '---'"
        empty = start == len(lines)
        if empty:
            message = "the file is empty: write a '---' line, then YAML, then '---'"
            if kind in (Kind.MEETING, Kind.THEME):
                message += f" (`nominutes new {kind.value}` writes one to fill in)"
        elif lines[start].rstrip() == "+++":
            message = _toml_front_matter(lines, start)
        elif _fence_slip(lines[start]):
            message = _fence_slip_message(lines[start], "open")
        elif _YAML_KEY.match(lines[_past_comments(lines, start)]):
            first = lines[start].strip()
            message = f"the front matter has no '---' line above it: put one above '{first}'"
            if _closing_line(lines, start - 1) is None:
                message += ", and another after its last field"
        elif kind in (Kind.MEETING, Kind.THEME):
            message += _front_matter_to_add(relative, kind, lines[start])
        raise LoadError(relative, 1 if empty else start + 1, 1, message, of_empty_file=empty)
    end = _closing_or_slip(lines, start)
    if end is None:
        raise _never_closed(relative, lines, start)
    if _fence_slip(lines[end]):
        slipped.append((end, _fence_slip_message(lines[end], "close")))
    fences = [Problem(relative, index + 1, 1, message) for index, message in slipped]
    yaml_text = "\n".join(lines[start + 1 : end]) + "\n"
    try:
        lists = _meeting_lists if kind is Kind.MEETING else no_lists
        front = parse_yaml(relative, yaml_text, start + 2, lists=lists)
    except LoadError as error:
        prose = _first_text_line(lines, start + 1, end)
        if prose is None:
            if fences:
                first = fences[0]
                also = (*fences[1:], *error.problems)
                raise LoadError(relative, first.line, first.col, first.message, also) from None
            raise
        below = _value_below_its_key(lines, prose, end)
        raise LoadError(
            relative,
            prose + 1,
            1,
            below
            or f"front matter opened on line {start + 1} is not closed before this text: add "
            f"a '---' line after the last field (the '---' on line {end + 1} was read as its "
            "end)",
        ) from None
    if front.value is None:
        front = YamlDocument({}, {(): Position(start + 2, 1)}, {})
    if slipped:
        mistyped = tuple((message, Position(index + 1, 1)) for index, message in slipped)
        front = replace(front, errors=mistyped + tuple(front.errors))
    body = "\n".join(lines[end + 1 :])
    return SourceDoc(relative, kind, front, body, end + 2)
