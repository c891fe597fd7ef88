"""The checksummed resumable folder every long job writes: sweeps, calibration and optimisation.

A job's folder holds its finished units of work (a sweep's batches, a search's generations), each
a file written whole (``sim.files.output.atomic_write``) and only then recorded, with its SHA-256,
in the folder's JSON manifest (also written atomically). A unit whose file is missing, or whose
checksum is missing or wrong, counts as not done: it is recomputed, never read as data. The
job holds the folder's lock (``sim.files.locks``) while it runs, so a second job into the same
folder is refused.

What differs between the jobs stays in their subclasses, because it differs: a sweep's units are
Parquet parts that name their sweep in their own metadata, so a lost manifest is rebuilt from them
(sim/sweeps/store.py ``Store``); a search's are small ``.npz`` generations replayed in order, whose
manifest is refused in one line when damaged (sim/files/checkpoints.py ``Checkpoints``). The
manifests' names and keys are those each wrote before this base existed, so old folders resume.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from . import checksum
from .locks import lock_folder, unlock
from .output import atomic_write


class ChecksummedFolder:
    """A job's folder: a manifest (``MANIFEST``) whose ``UNITS`` entry maps each finished unit to its
    file's record, ``{"sha256": ..., ...}``."""

    MANIFEST = "manifest.json"
    UNITS = "units"

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.manifest_path = self.folder / self.MANIFEST
        self.manifest: dict = {}
        self._lock: int | None = None

    def lock(self, job: str) -> None:
        """Hold the folder's lock for this process (``FolderLocked`` if another job holds it)."""
        self._lock = lock_folder(self.folder, job)

    def close(self) -> None:
        """Release the folder's lock (the OS also releases it when the process ends, even by a kill)."""
        unlock(self._lock)
        self._lock = None

    def save_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=1, default=str)
        atomic_write(self.manifest_path, lambda p: p.write_text(text))

    def record(self, unit: int) -> dict | None:
        """The manifest's record of a finished unit, or None."""
        entry = self.manifest.get(self.UNITS, {}).get(str(unit))
        return entry if isinstance(entry, dict) else None

    def verified(self, unit: int, path: Path) -> bool:
        """The unit's file is there and has the checksum its record says (read in blocks)."""
        entry = self.record(unit)
        return entry is not None and path.is_file() and checksum.of_file(path) == entry.get("sha256")

    def verified_bytes(self, unit: int, path: Path) -> bytes | None:
        """The unit's file, read once and checked against its record; None if missing or not matching."""
        entry = self.record(unit)
        if entry is None or not path.is_file():
            return None
        data = path.read_bytes()
        return data if checksum.of_bytes(data) == entry.get("sha256") else None

    def write_unit(self, unit: int, path: Path, write: Callable[[Path], object], entry: Callable[[str], dict]) -> Path:
        """Write the unit's file whole, then record it: ``entry(sha256)`` is its record in the manifest."""
        path = atomic_write(path, write)
        self.manifest.setdefault(self.UNITS, {})[str(unit)] = entry(checksum.of_file(path))
        self.save_manifest()
        return path
