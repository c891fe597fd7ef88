"""Checkpoints of an iterative search (calibration waves, optimiser generations), for resuming.

One ``gen-NNNNN.npz`` per finished generation (its arrays: the points and what the core said
about them), written atomically, with its SHA-256 in ``checkpoint.json``. Re-running the same
job replays the saved generations instead of simulating them again: the search is a
deterministic function of its seed and of these arrays, so a resumed run ends exactly where an
uninterrupted one does. A folder holding another job, or a damaged ``checkpoint.json``, is
refused in one line; the job holds the folder's lock (``sim.files.locks``) while it lives, so a
second job into the same folder is refused too. The checksummed folder itself (write whole, record,
verify, lock) is shared with the sweep store: sim/files/store.py ``ChecksummedFolder``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from ..errors import InputError, quote
from . import checksum
from .store import ChecksummedFolder

MANIFEST = "checkpoint.json"


class CheckpointError(InputError):
    """An output folder that cannot be used as asked (one line: the folder and what to do)."""


def identity(settings: dict) -> str:
    """A short hash of everything that determines the job's results."""
    return checksum.identity(settings, 16)


class Checkpoints(ChecksummedFolder):
    """The checkpoint folder of one calibration or optimisation job (``settings``: what determines it)."""

    MANIFEST = MANIFEST
    UNITS = "generations"
    _lock = None

    def __init__(self, folder: str | Path, job: str, settings: dict):
        super().__init__(folder)
        self.path = self.manifest_path
        self.manifest = {"job": job, "identity": identity(settings), "settings": settings, "generations": {}}
        old = read_manifest(self.path)
        if old is not None:
            if old["job"] != job or old["identity"] != self.manifest["identity"]:
                raise CheckpointError(
                    f"{self.path}: this folder holds another {quote(str(old['job']), 20)[1:-1]} job "
                    "(different data, scenario or settings); use another --out or delete the folder"
                )
            self.manifest = old
        self.lock(job)

    __del__ = ChecksummedFolder.close  # release the folder when the object goes away

    def file(self, gen: int) -> Path:
        return self.folder / "checkpoints" / f"gen-{gen:05d}.npz"

    def load(self, gen: int) -> dict[str, np.ndarray] | None:
        """The arrays of a finished generation, or None (missing or not matching its checksum)."""
        data = self.verified_bytes(gen, self.file(gen))
        if data is None:
            return None
        with np.load(io.BytesIO(data)) as z:
            return {k: z[k] for k in z.files}

    def save(self, gen: int, arrays: dict[str, np.ndarray], runs: int) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)  # type: ignore[arg-type]    # numpy's stub reads **kwds as allow_pickle
        data = buffer.getvalue()
        self.write_unit(
            gen, self.file(gen), lambda p: p.write_bytes(data), lambda sha: {"sha256": sha, "model_runs": int(runs)}
        )

    @property
    def done(self) -> int:
        return len(self.manifest["generations"])

    def runs(self) -> int:
        return sum(g["model_runs"] for g in self.manifest["generations"].values())


def read_manifest(path: Path) -> dict | None:
    """A folder's checkpoint manifest, None when there is none; one line when it is damaged."""
    if not path.exists():
        return None
    try:
        if path.stat().st_size > 10**8:
            raise ValueError("too big")
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise CheckpointError(
            f"{path}: unreadable checkpoint ({quote(str(exc), 80)[1:-1]}); delete the folder or use another --out"
        ) from None
    ok = (
        isinstance(old, dict)
        and isinstance(old.get("job"), str)
        and isinstance(old.get("identity"), str)
        and isinstance(old.get("generations"), dict)
        and all(
            isinstance(g, dict) and isinstance(g.get("sha256"), str) and isinstance(g.get("model_runs"), int)
            for g in old["generations"].values()
        )
    )
    if not ok:
        raise CheckpointError(
            f"{path}: damaged checkpoint (not the manifest this program writes); delete the folder or use another --out"
        )
    return old


def saved_generations(folder: str | Path) -> int:
    """How many generations a folder's checkpoint holds (0 if none or unreadable)."""
    try:
        return len(json.loads((Path(folder) / MANIFEST).read_text())["generations"])
    except (OSError, ValueError, KeyError):
        return 0
