"""One job per output folder: ``DIR/.lock``, an OS file lock held while a job writes there.

Sweeps, calibrations and optimisations take it before writing; a second job into the same
folder is refused in one line instead of mixing its files with the first's. The OS frees the
lock when the holder exits, even when it is killed, so a crash never leaves a folder locked.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..errors import InputError

LOCK = ".lock"


class FolderLocked(InputError):
    """Another job holds the folder's lock."""


def lock_folder(folder: str | Path, job: str = "job") -> int:
    """Hold ``folder/.lock`` (creating the folder); the open descriptor, to be closed by ``unlock``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise FolderLocked(
            f"{folder}: another {job} is writing into this folder (it holds {LOCK}); "
            "wait for it to finish or use another --out"
        ) from None
    return fd


def unlock(fd: int | None) -> None:
    """Release a lock taken by ``lock_folder`` (the file stays; it is harmless)."""
    if fd is not None:
        os.close(fd)
