"""The only code that touches the output directory.

The new site is written to a temporary directory beside the target and swapped
in only when complete, so a failed build leaves the published site as it was.
An existing output directory is replaced only if it carries our marker file:
we never delete a folder we did not make.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from generator.errors import OutputError

MARKER = ".nominutes-output"
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
        for stale in output.parent.glob(f".{output.name}.new-*"):
            shutil.rmtree(stale, ignore_errors=True)


def write_site(
    files: Mapping[str, bytes],
    output: Path,
    keep: tuple[str, ...] = (),
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Write `files` (relative path -> bytes) as the new contents of `output`.

    `finish` runs on the complete new site before it is swapped in (the search index).
    """
    output = output.absolute()
    recover_interrupted_swap(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        _write_files(staging, files)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish:
            finish(staging)
        _carry_over(output, staging, keep)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write every file under `root`, a fresh directory with no links in it, so a path that
    stays inside lexically stays inside (no per-file realpath)."""
    made: set[str] = set()
    for relative, data in files.items():
        clean = os.path.normpath(relative)
        if os.path.isabs(clean) or clean == ".." or clean.startswith("../"):
            raise OutputError(f"refusing to write outside the output directory: {relative}")
        folder = os.path.dirname(clean)
        if folder and folder not in made:
            os.makedirs(root / folder, exist_ok=True)
            made.add(folder)
        (root / clean).write_bytes(data)
    staging_mode = 0o755
    os.chmod(root, staging_mode)


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


def _swap(staging: Path, output: Path) -> None:
    old = _old_path(output)
    if output.exists():
        os.rename(output, old)
    os.rename(staging, output)
    if old.exists():
        shutil.rmtree(old)
