"""Checkpoints of an iterative search (calibration waves, optimiser generations), for resuming.

One ``gen-NNNNN.npz`` per finished generation (its arrays: the points and what the core said
about them), written atomically, with its SHA-256 in ``checkpoint.json``. Re-running the same
job replays the saved generations instead of simulating them again: the search is a
deterministic function of its seed and of these arrays, so a resumed run ends exactly where an
uninterrupted one does. A folder holding another job is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from .output import atomic_write
from ..runs.scenario import ScenarioError

MANIFEST = "checkpoint.json"


class CheckpointError(ScenarioError):
    """An output folder that cannot be used as asked (one line: the folder and what to do)."""


def identity(settings: dict) -> str:
    """A short hash of everything that determines the job's results."""
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Checkpoints:
    def __init__(self, folder: str | Path, job: str, settings: dict):
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST
        self.manifest = {"job": job, "identity": identity(settings), "settings": settings, "generations": {}}
        if self.path.exists():
            try:
                old = json.loads(self.path.read_text())
            except (OSError, json.JSONDecodeError) as exc:
                raise CheckpointError(f"{self.path}: unreadable checkpoint ({exc}); delete the folder or use another --out") from None
            if old.get("job") != job or old.get("identity") != self.manifest["identity"]:
                raise CheckpointError(f"{self.path}: this folder holds another {old.get('job', '?')} job "
                                      "(different data, scenario or settings); use another --out or delete the folder")
            self.manifest = old

    def _save(self) -> None:
        text = json.dumps(self.manifest, indent=1, default=str)
        atomic_write(self.path, lambda p: p.write_text(text))

    def file(self, gen: int) -> Path:
        return self.folder / "checkpoints" / f"gen-{gen:05d}.npz"

    def load(self, gen: int) -> dict[str, np.ndarray] | None:
        """The arrays of a finished generation, or None (missing or not matching its checksum)."""
        entry = self.manifest["generations"].get(str(gen))
        path = self.file(gen)
        if not entry or not path.is_file():
            return None
        data = path.read_bytes()
        if _sha(data) != entry["sha256"]:
            return None
        with np.load(io.BytesIO(data)) as z:
            return {k: z[k] for k in z.files}

    def save(self, gen: int, arrays: dict[str, np.ndarray], runs: int) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        data = buffer.getvalue()
        atomic_write(self.file(gen), lambda p: p.write_bytes(data))
        self.manifest["generations"][str(gen)] = {"sha256": _sha(data), "model_runs": int(runs)}
        self._save()

    @property
    def done(self) -> int:
        return len(self.manifest["generations"])

    def runs(self) -> int:
        return sum(g["model_runs"] for g in self.manifest["generations"].values())


def saved_generations(folder: str | Path) -> int:
    """How many generations a folder's checkpoint holds (0 if none or unreadable)."""
    try:
        return len(json.loads((Path(folder) / MANIFEST).read_text())["generations"])
    except (OSError, ValueError, KeyError):
        return 0
