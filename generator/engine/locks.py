"""One build at a time into an output folder, and into a cache.

A build holds an exclusive lock (`flock`) on a small file beside what it writes. The kernel
lets go of it when the process ends, however it ends, so a build killed with -9 never
blocks the next one; the file itself is removed when the build is done.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.errors import OutputError


def output_lock_path(output: Path) -> Path:
    """The lock file beside the output folder (its name matches none of the temporary
    folders a build makes and recovery removes)."""
    return output.with_name(f".{output.name}.lock")


@contextmanager
def held(lock: Path, busy: str) -> Iterator[None]:
    """Hold the lock at `lock` for the duration; OutputError(busy + holder) if another
    process holds it (the caller does not wait)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode("ascii", "replace").strip()
            os.close(handle)
            process = f" (process {holder})" if holder.isdigit() else ""
            raise OutputError(f"{busy}{process}; wait for it to finish") from None
        except BaseException:
            os.close(handle)
            raise
        # The file may have been removed by the holder we waited on: lock the one in place.
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        mine = os.fstat(handle)
        if current and (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
            break
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with suppress(OSError):
            os.unlink(lock)
        os.close(handle)
