"""The only code that touches the output directory.

The new site is written to a temporary directory beside the target and swapped
in only when complete, so a failed build leaves the published site as it was.
An existing output directory is replaced only if it carries our marker file:
we never delete a folder we did not make.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.errors import OutputError

MARKER = ".nominutes-output"
# Deleting a big old site costs seconds (a few hundred microseconds per file on ext4): above
# this many files it is left to a background process once the new site is in place.
BACKGROUND_DELETE_FILES = 5000
MARKER_TEXT = b"Built by nominutes. This whole directory is replaced on every build.\n"


def check_output_dir(source: Path, output: Path) -> None:
    """Refuse an output directory whose replacement would destroy something."""
    source, output = source.resolve(), output.resolve()
    if output == Path(output.anchor) or output == Path.home().resolve():
        raise OutputError(f"refusing to use {output} as the output directory")
    if output == source or source.is_relative_to(output):
        raise OutputError(
            f"the output directory {output} would contain the site's source; "
            "choose a folder inside it, such as _site"
        )
    if output.is_relative_to(source / "content") or output.is_relative_to(source / "themes"):
        raise OutputError(f"the output directory {output} is inside the site's source files")
    if output.exists() and not output.is_dir():
        raise OutputError(f"the output path {output} is a file, not a directory")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(
            f"{output} is not empty and was not made by nominutes ({MARKER} is missing); "
            "refusing to replace it: empty it or choose another --output"
        )


def _old_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.old")


def recover_interrupted_swap(output: Path) -> None:
    """Undo a swap a crash interrupted, and drop half-written builds."""
    old = _old_path(output)
    if old.is_dir() and not output.exists():
        os.rename(old, output)
    elif old.is_dir():
        shutil.rmtree(old)
    if output.parent.is_dir():
        for pattern in (f".{output.name}.new-*", f".{output.name}.trash-*"):
            for stale in output.parent.glob(pattern):
                shutil.rmtree(stale, ignore_errors=True)


def write_site(
    files: Mapping[str, bytes],
    output: Path,
    keep: tuple[str, ...] = (),
    finish: Callable[[Path], None] | None = None,
    unchanged: Iterable[str] = (),
) -> None:
    """Write `files` (relative path -> bytes) as the new contents of `output`.

    The `unchanged` files are taken from the current `output` as they are (hard-linked, so
    the current site stays whole until the swap). `finish` runs on the complete new site
    before it is swapped in (the search index).
    """
    output = output.absolute()
    recover_interrupted_swap(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        made = _write_files(staging, files)
        _link_files(output, staging, unchanged, made)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish:
            finish(staging)
        _carry_over(output, staging, keep)
        _swap(staging, output, in_background=len(files) > BACKGROUND_DELETE_FILES)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _inside(relative: str) -> str:
    """The path, normalised; an error if it would leave the output directory."""
    clean = os.path.normpath(relative)
    if os.path.isabs(clean) or clean == ".." or clean.startswith("../"):
        raise OutputError(f"refusing to write outside the output directory: {relative}")
    return clean


def _make_folder(root: Path, clean: str, made: set[str]) -> None:
    folder = os.path.dirname(clean)
    if folder and folder not in made:
        os.makedirs(root / folder, exist_ok=True)
        made.add(folder)


def _write_files(root: Path, files: Mapping[str, bytes]) -> set[str]:
    """Write every file under `root`, a fresh directory with no links in it, so a path that
    stays inside lexically stays inside (no per-file realpath). Returns the folders made."""
    made: set[str] = set()
    for relative, data in files.items():
        clean = _inside(relative)
        _make_folder(root, clean, made)
        (root / clean).write_bytes(data)
    staging_mode = 0o755
    os.chmod(root, staging_mode)
    return made


def _link_files(output: Path, root: Path, unchanged: Iterable[str], made: set[str]) -> None:
    """Hard-link each unchanged file from the current site into the new one (a copy where
    the file system has no hard links)."""
    for relative in unchanged:
        clean = _inside(relative)
        _make_folder(root, clean, made)
        try:
            os.link(output / clean, root / clean, follow_symlinks=False)
        except OSError:
            shutil.copyfile(output / clean, root / clean, follow_symlinks=False)


def _carry_over(output: Path, staging: Path, keep: tuple[str, ...]) -> None:
    """Copy the entries a setting asks to keep (such as .git or CNAME) into the new build."""
    for name in keep:
        existing = output / name
        if existing.is_symlink() or not existing.exists():
            continue
        if existing.is_dir():
            shutil.copytree(existing, staging / name, symlinks=True, dirs_exist_ok=True)
        else:
            shutil.copy2(existing, staging / name)


def _swap(staging: Path, output: Path, *, in_background: bool = False) -> None:
    """Put the new site in place with two renames, then delete the old one."""
    old = _old_path(output)
    if output.exists():
        os.rename(output, old)
    os.rename(staging, output)
    if not old.exists():
        return
    if in_background:
        delete_in_background(old)
    else:
        shutil.rmtree(old)


def delete_in_background(folder: Path) -> None:
    """Rename `folder` out of the way and delete it in a detached process.

    If that process is stopped part-way, the next build deletes what is left.
    """
    trash = folder.with_name(
        f"{folder.name.removesuffix('.old')}.trash-{os.getpid()}-{time.monotonic_ns()}"
    )
    os.rename(folder, trash)
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", trash],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
