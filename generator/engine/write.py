"""Writing the new site into the output directory (`reuse` only reads it, to see which files
are still as the last build wrote them).

The new site is written to a temporary directory beside the target and swapped
in only when complete, so a failed build leaves the published site as it was.
An existing output directory is replaced only if it carries our marker file:
we never delete a folder we did not make.

When most pages are unchanged since the last build (see `reuse`), rewriting tens of
thousands of folders would cost more than the build: the site is then updated in place
instead, each file atomically, with what it replaces or removes kept in an undo folder
beside it. Any failure puts every file back; so does the next build after a crash.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

from generator.errors import OutputError

MARKER = ".nominutes-output"
# Deleting a big old site costs seconds: above this many files it is left to a background
# process once the new site is in place.
BACKGROUND_DELETE_FILES = 5000
MARKER_TEXT = b"Built by nominutes. This whole directory is replaced on every build.\n"


class Deletions:
    """Folders a build no longer needs (Pagefind's scratch folders, the undo folder of an
    update in place), each deleted in a thread beside the work the build still has: its
    records and the cache's save. `wait` returns once all are gone."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def delete(self, folder: Path) -> None:
        thread = threading.Thread(target=shutil.rmtree, args=(folder, True))
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        while self._threads:
            self._threads.pop().join()


def delete_now(folder: Path) -> None:
    """Delete `folder` before going on (what `Deletions.delete` does in a thread)."""
    shutil.rmtree(folder, ignore_errors=True)


def check_output_dir(source: Path, output: Path) -> None:
    """Refuse an output directory whose replacement would destroy something, or that
    cannot be made."""
    if output.is_symlink():
        raise OutputError(
            f"the output path {output} is a symbolic link; a build replaces the folder, "
            f"so give the folder it points to ({output.resolve()}) as --output"
        )
    _check_can_make(output)
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


def _check_can_make(output: Path) -> None:
    """The nearest existing folder above `output` must be a folder we can write in."""
    for parent in output.absolute().parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise OutputError(f"cannot make the output folder {output}: {parent} is a file")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(
                    f"cannot make the output folder {output}: {parent} is not writable"
                )
            return


def _old_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.old")


def recover_interrupted_swap(output: Path, keep: Path | None = None) -> None:
    """Undo a swap a crash interrupted, and drop half-written builds (but `keep`, this
    build's own staged files)."""
    old = _old_path(output)
    if old.is_dir() and not output.exists():
        os.rename(old, output)
    elif old.is_dir():
        shutil.rmtree(old)
    if not output.parent.is_dir():
        return
    for undo in sorted(output.parent.glob(f".{output.name}.undo-*")):
        if output.is_dir():
            _roll_back(output, undo)
        else:
            _discard(undo)
    if output.parent.is_dir():
        for stale in output.parent.glob(f".{output.name}.new-*"):
            if stale != keep:
                shutil.rmtree(stale, ignore_errors=True)
        # An old site still being deleted (by the last build's detached process, which the
        # next build may start before it ends, or one stopped part-way): deleted the same
        # way, so that this build does not wait for it.
        for stale in output.parent.glob(f".{output.name}.trash-*"):
            _delete_detached(stale)


class NewSite:
    """A new site folder beside the output, filled with pages while others still render.

    A cold build renders its pages in worker processes; each worker writes the pages it
    renders straight into this folder, so the disk is busy while they work and the pages
    never travel between processes. The build's process then writes the other files and
    each shard's search index into it while Pagefind indexes the rest (`write_all`).
    Nothing touches the output itself: `write_site(..., started=...)` writes what is left
    and swaps the folder in, and a failed build `discard()`s it (one a crash leaves is
    removed by the next build).
    """

    def __init__(self, output: Path) -> None:
        self.output = output.absolute()
        self._root: Path | None = None
        self._written: set[str] = set()  # by `write_all`, in this process
        self._found: dict[str, tuple[int, int]] = {}  # path -> (size, time), see `found`

    def start(self) -> None:
        """Make the folder (before workers are forked: they all write into it)."""
        if self._root is None:
            recover_interrupted_swap(self.output)
            self._root = _make_staging(self.output)

    def write(self, relative: str, data: bytes) -> None:
        """Write one file; safe in any process (folders are made as needed)."""
        if self._root is None:
            raise RuntimeError("NewSite.write before start")
        _write_file(self._root, relative, data, set())

    def write_all(self, files: Mapping[str, bytes]) -> None:
        """Write `files` now, in any thread of the build's process, and `find` them;
        `write_site` leaves them out of what it writes."""
        if self._root is None:
            raise RuntimeError("NewSite.write_all before start")
        made: set[str] = set()  # not `_write_files`, which bench/stages.py times after Pagefind
        for relative, data in files.items():
            _write_file(self._root, relative, data, made)
        self._written.update(files)
        self.find(files)

    def written(self, relative: str) -> bool:
        """Whether `write_all` wrote the file."""
        return relative in self._written

    def find(self, paths: Iterable[str]) -> None:
        """Note the size and time of each of `paths` written into the folder (a path not in
        it is left out), in any thread, so that the build records them without a look at
        each once the folder is swapped in: the swap renames the folder, not its files."""
        if self._root is None:
            raise RuntimeError("NewSite.find before start")
        root = str(self._root)
        for path in paths:
            try:
                status = os.stat(os.path.join(root, _inside(path)), follow_symlinks=False)
            except OSError:
                continue
            self._found[path] = (status.st_size, status.st_mtime_ns)

    @property
    def found(self) -> Mapping[str, tuple[int, int]]:
        """Each file `find` noted, with its size and time as written."""
        return self._found

    def path(self, relative: str) -> Path:
        """Where a file written into the new site is."""
        if self._root is None:
            raise RuntimeError("NewSite.path before start")
        return self._root / _inside(relative)

    def read(self, relative: str) -> bytes:
        """A file written into the folder (to check #anchors on a streamed page)."""
        if self._root is None:
            raise RuntimeError("NewSite.read before start")
        return self.path(relative).read_bytes()

    def discard(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    @property
    def begun(self) -> bool:
        """Whether pages were written into the folder (`start`)."""
        return self._root is not None

    def hand_over(self) -> Path | None:
        """The folder (None if never started): `write_site` owns it from then on."""
        root, self._root = self._root, None
        return root


def _make_staging(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    os.chmod(staging, 0o755)
    return staging


class StagedFiles:
    """Files written to disk before the update in place publishes them: each into a folder
    beside the output (named as a new site's is, so that the next build deletes one a crash
    left), from which `write_site` renames it into place. A build stages the files it made
    while Pagefind indexes, instead of writing them after: the output is not touched."""

    def __init__(self, output: Path, files: Mapping[str, bytes]) -> None:
        self.folder = _make_staging(output)
        self._staged: dict[str, tuple[bytes, str]] = {}  # clean path -> (its bytes, file)
        try:
            for number, (relative, data) in enumerate(files.items()):
                path = os.path.join(self.folder, str(number))
                with open(path, "wb") as file:
                    file.write(data)
                os.chmod(path, 0o644)
                self._staged[_inside(relative)] = (data, path)
        except BaseException:
            self.discard()
            raise

    def take(self, relative: str, data: bytes) -> str | None:
        """The file staged with `data` for `relative` (the caller renames it), or None."""
        staged = self._staged.pop(relative, None)
        return staged[1] if staged is not None and staged[0] is data else None

    def discard(self) -> None:
        """Delete what was not taken (safe to call more than once)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def stage_update(
    files: Mapping[str, bytes],
    output: Path,
    started: NewSite,
    unchanged: Collection[str],
) -> StagedFiles | None:
    """`files` staged (see `StagedFiles`) where `write_site` will update `output` in place,
    as it does when some files are kept and no page was rendered into a new site; else None.
    Nothing else beside the output is touched: Pagefind may be working there (where the
    system has no folder in memory), and what a crash left is put right by `write_site`."""
    output = output.absolute()
    if started.begun or not unchanged or not (output / MARKER).is_file():
        return None
    return StagedFiles(output, files)


def write_site(
    files: Mapping[str, bytes],
    output: Path,
    carry_over: tuple[str, ...] = (),
    unchanged: Iterable[str] = (),
    started: NewSite | None = None,
    written_before: Collection[str] | None = None,
    staged: StagedFiles | None = None,
    discard: Callable[[Path], None] = delete_now,
) -> None:
    """Write `files` (relative path -> bytes) as the new contents of `output`.

    The `unchanged` files are taken from the current `output` as they are (hard-linked, so
    the current site stays whole until the swap); the names in `carry_over` (site.yml's
    `keep_in_output`) are moved over as they are. `started` is a new site folder that
    already holds the pages rendered into it (they are not in `files`). `written_before`,
    every file the last build wrote into `output`, spares the update in place a walk of the
    folder for files no longer made. `staged` (`stage_update`) holds files already written
    beside the output, for the update in place to rename into it; it is discarded after.
    An update in place gives its undo folder, once done, to `discard`.
    """
    try:
        _write_site(files, output, carry_over, unchanged, started, written_before, staged, discard)
    finally:
        if staged is not None:
            staged.discard()


def _write_site(
    files: Mapping[str, bytes],
    output: Path,
    carry_over: tuple[str, ...],
    unchanged: Iterable[str],
    started: NewSite | None,
    written_before: Collection[str] | None,
    staged: StagedFiles | None,
    discard: Callable[[Path], None],
) -> None:
    output = output.absolute()
    unchanged = tuple(unchanged)
    staging = started.hand_over() if started else None
    if staging is not None and started is not None:  # what was written into it already
        files = {path: data for path, data in files.items() if not started.written(path)}
    if staging is None:
        recover_interrupted_swap(output, keep=staged.folder if staged else None)
        if unchanged and (output / MARKER).is_file():
            try:
                _update_in_place(
                    files, output, unchanged, carry_over, written_before, staged, discard
                )
                return
            except OSError:
                pass  # everything was put back: write the whole site beside it instead
        staging = _make_staging(output)
    try:
        made = _write_files(staging, files)
        _link_files(output, staging, unchanged, made)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        _carry_over(output, staging, carry_over)
        many = len(files) + len(unchanged) > BACKGROUND_DELETE_FILES
        _swap(staging, output, in_background=many)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _inside(relative: str) -> str:
    """The path, normalised; an error if it would leave the output directory."""
    if _already_clean(relative):
        return relative
    clean = os.path.normpath(relative)
    if os.path.isabs(clean) or clean == ".." or clean.startswith("../"):
        raise OutputError(f"refusing to write outside the output directory: {relative}")
    return clean


def _already_clean(relative: str) -> bool:
    """Whether normalising leaves the path as it is, inside the folder (as the paths a build
    makes are): relative, with no empty, '.' or '..' part. Others are normalised."""
    return (
        relative != ""
        and relative[0] != "/"
        and relative[-1] != "/"
        and ".." not in relative
        and "//" not in relative
        and "./" not in relative
        and relative != "."
        and not relative.endswith("/.")
    )


def _all_inside(paths: Collection[str]) -> Collection[str]:
    """The paths normalised, as `_inside` does each; when every one is already clean (as
    the paths a build records are), that is found with one look at them all together."""
    joined = "\n" + "\n".join(paths) + "\n"
    if paths and not any(
        part in joined for part in ("\n\n", "\n/", "/\n", "..", "//", "./", "\n.\n", "/.\n")
    ):
        return paths
    return [_inside(path) for path in paths]


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
        _write_file(root, relative, data, made)
    return made


def _write_file(root: Path, relative: str, data: bytes, made: set[str]) -> None:
    clean = _inside(relative)
    _make_folder(root, clean, made)
    (root / clean).write_bytes(data)


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


def _carry_over(output: Path, staging: Path, carry_over: tuple[str, ...]) -> None:
    """Copy the entries site.yml carries over (such as .git or CNAME) into the new build."""
    for name in carry_over:
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
    _delete_detached(trash)


def _delete_detached(folder: Path) -> None:
    """Delete `folder` in a process of its own, which holds a lock on it while it works (the
    lock is taken here and handed to it), unless one already does: a build that starts while
    the last one's old site is still being deleted leaves that to the process deleting it."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return  # gone already
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # being deleted
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", folder],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=(handle,),  # the lock, held until the process ends
        )
    finally:
        os.close(handle)


_JOURNAL = "added"  # in the undo folder: the files the update creates, one per line
_BACKUPS = "files"  # in the undo folder: what the update replaced or removed


def _update_in_place(
    files: Mapping[str, bytes],
    output: Path,
    unchanged: tuple[str, ...],
    carry_over: tuple[str, ...],
    written_before: Collection[str] | None = None,
    staged: StagedFiles | None = None,
    discard: Callable[[Path], None] = delete_now,
) -> None:
    """Make `output` hold exactly `files`, the `unchanged` files and the entries carried over
    (the files no longer made are those of `written_before`, else of a walk of the folder);
    a file `staged` is renamed into place, not written; the undo folder, once the update is
    done, is given to `discard`."""
    writes = {_inside(path): data for path, data in files.items()}
    gone = None if written_before is None else _all_inside(written_before)
    # The files kept were written before: their paths are among those just looked at.
    known = gone is not None and set(gone).issuperset(unchanged)
    wanted = {*writes, *(unchanged if known else _all_inside(unchanged)), MARKER}
    if gone is None:
        stale = [path for path in _files_in(output, carry_over) if path not in wanted]
    else:
        stale = [path for path in gone if path not in wanted and os.path.lexists(output / path)]
    added = [path for path in writes if not os.path.lexists(output / path)]
    undo = Path(tempfile.mkdtemp(prefix=f".{output.name}.undo-", dir=output.parent))
    try:
        (undo / _JOURNAL).write_text("".join(f"{path}\n" for path in added), encoding="utf-8")
        for path, data in writes.items():
            if os.path.lexists(output / path):
                _put_aside(output, undo, path, _hard_link)
            ready = staged.take(path, data) if staged is not None else None
            if ready is None or not _renamed(ready, output / path):
                _replace(output / path, data)
        for path in stale:
            _put_aside(output, undo, path, os.rename)
            _remove_empty_folders(output, path)
    except BaseException:
        _roll_back(output, undo)
        raise
    _discard(undo, discard)
    _replace(output / MARKER, MARKER_TEXT)  # a new time: the folder is as this build left it


def _files_in(output: Path, carry_over: tuple[str, ...]) -> list[str]:
    """Every file under `output` (relative paths), but not the entries carried over.

    We never write symbolic links, and writing through one could leave the output folder:
    if there is one, the update in place gives way to writing a new site.
    """
    found: list[str] = []
    pending = [("", str(output))]
    while pending:
        relative, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not relative and entry.name in carry_over:
                    continue
                if entry.is_symlink():
                    raise FileExistsError(f"symbolic link in the output: {entry.path}")
                if entry.is_dir():
                    pending.append((relative + entry.name + "/", entry.path))
                else:
                    found.append(relative + entry.name)
    return found


def _hard_link(source: Path, link: Path) -> None:
    os.link(source, link, follow_symlinks=False)


def _put_aside(output: Path, undo: Path, path: str, how: Callable[[Path, Path], None]) -> None:
    backup = undo / _BACKUPS / path
    backup.parent.mkdir(parents=True, exist_ok=True)
    how(output / path, backup)


def _replace(target: Path, data: bytes) -> None:
    """Write `target` atomically: a temporary file beside it, renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _renamed(ready: str, target: Path) -> bool:
    """Whether the file at `ready` now stands at `target` (not where the output is a file
    system of its own, which a rename cannot reach)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(ready, target)
    except OSError:
        return False
    return True


def _remove_empty_folders(output: Path, path: str) -> None:
    folder = (output / path).parent
    while folder != output:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _roll_back(output: Path, undo: Path) -> None:
    """Put back what an update in place changed, from its undo folder, and discard it."""
    journal = undo / _JOURNAL
    if journal.is_file():
        for path in journal.read_text(encoding="utf-8").splitlines():
            (output / path).unlink(missing_ok=True)
            _remove_empty_folders(output, path)
    backups = undo / _BACKUPS
    for folder, _, names in os.walk(backups):
        for name in names:
            path = Path(folder, name).relative_to(backups)
            (output / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(folder, name), output / path)
    _discard(undo)


def _discard(undo: Path, delete: Callable[[Path], None] = delete_now) -> None:
    """Delete the undo folder (by `delete`); renamed first, so a crash part-way cannot undo
    anything."""
    trash = undo.with_name(undo.name.replace(".undo-", ".trash-", 1))
    os.rename(undo, trash)
    delete(trash)
