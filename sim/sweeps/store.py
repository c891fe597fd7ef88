"""The sweep folder: Parquet part files (one per finished batch), a JSON manifest, resume.

Layout::

    DIR/manifest.json         spec, code version, design checksum, seeds, per-batch file, rows, sha256, seconds
    DIR/parts/part-00012.parquet
    DIR/series_long.parquet   monthly series in long form (run, month, metric, value), written at the end
                              by sim.sweeps.sweep (read the runs themselves from DIR/parts/*.parquet)

A part is written to a temporary file and renamed into place; only then is its SHA-256 recorded
in the manifest (also written atomically). A part whose checksum is missing or wrong (killed
between rename and manifest, truncated, corrupted) counts as not done: it is recomputed, and it
is never read as data. A folder holding a different experiment is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..output import atomic_write
from ..scenario import ScenarioError

MANIFEST = "manifest.json"
FORMAT = 1
KEYS = ("run", "point", "replication", "seed")


class SweepError(ScenarioError):
    """A sweep folder that cannot be used as asked: one line naming the folder and what to do."""


@dataclass
class SweepTable:
    """Every run of a sweep: ``runs`` (run, point, replication, seed, parameters, scalar outputs)
    and ``series`` (output -> (runs, months) arrays), in run order."""
    runs: pd.DataFrame
    series: dict[str, np.ndarray]
    manifest: dict

    @property
    def parameters(self) -> list[str]:
        return list(self.manifest["problem"]["names"])

    @property
    def outputs(self) -> list[str]:
        return [c for c in self.runs.columns if c not in KEYS and c not in self.parameters]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version() -> dict:
    """The package version and, when run from a git checkout, its commit (and whether it had edits)."""
    try:
        version = metadata.version("culturesim")
    except metadata.PackageNotFoundError:
        version = "unknown"
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
                                    capture_output=True, text=True, timeout=10).stdout.strip()) if commit else None
    except (OSError, subprocess.SubprocessError):
        commit, dirty = None, None
    return {"package": version, "git_commit": commit, "git_dirty": dirty}


def batch_table(keys: dict[str, np.ndarray], params: dict[str, np.ndarray], outputs: dict[str, np.ndarray]) -> pa.Table:
    """One part as an Arrow table: scalar columns, and series as fixed-size lists (one per run)."""
    columns = {**{k: pa.array(v) for k, v in keys.items()}, **{k: pa.array(v) for k, v in params.items()}}
    for name, values in outputs.items():
        if values.ndim == 1:
            columns[name] = pa.array(values)
        else:
            flat = pa.array(np.ascontiguousarray(values).reshape(-1))
            columns[name] = pa.FixedSizeListArray.from_arrays(flat, values.shape[1])
    return pa.table(columns)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Store:
    """One sweep folder. ``open`` claims or checks it; ``done`` says which batches are safely on disk."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.manifest_path = self.folder / MANIFEST
        self.manifest: dict = {}

    def open(self, manifest: dict) -> None:
        """Start a new sweep here, or resume the same one; refuse a folder holding another experiment."""
        if self.manifest_path.exists():
            try:
                old = json.loads(self.manifest_path.read_text())
            except (OSError, json.JSONDecodeError) as exc:
                raise SweepError(f"{self.manifest_path}: unreadable manifest ({exc}); delete the folder or use another --out") from None
            if old.get("identity") != manifest["identity"]:
                raise SweepError(f"{self.manifest_path}: this folder holds a different experiment "
                                 f"({old.get('name', '?')!r} from {old.get('spec_file', '?')}); "
                                 "use another --out or delete the folder")
            old.setdefault("resumed", []).append({"at": _now(), "code": manifest["code"]})
            self.manifest = old
            for stale in (self.folder / "parts").glob(".part-*.tmp"):     # left by a kill mid-write
                stale.unlink()
        elif self.folder.exists() and any(self.folder.iterdir()):
            raise SweepError(f"{self.folder}: folder is not empty and has no {MANIFEST}; use another --out")
        else:
            self.manifest = {**manifest, "format": FORMAT, "started": _now(), "batches": {}}
        self._save()

    def _save(self) -> None:
        text = json.dumps(self.manifest, indent=1, sort_keys=False)
        atomic_write(self.manifest_path, lambda p: p.write_text(text))

    def part_path(self, batch: int) -> Path:
        return self.folder / "parts" / f"part-{batch:05d}.parquet"

    def is_done(self, batch: int) -> bool:
        """A batch is done when its part exists and matches the checksum the manifest recorded."""
        entry = self.manifest.get("batches", {}).get(str(batch))
        path = self.part_path(batch)
        return bool(entry) and path.is_file() and sha256(path) == entry["sha256"]

    def write_part(self, batch: int, rows: tuple[int, int], table: pa.Table, seconds: float, worker: str) -> None:
        path = atomic_write(self.part_path(batch), lambda p: pq.write_table(table, p))
        self.manifest["batches"][str(batch)] = {"file": str(path.relative_to(self.folder)), "rows": list(rows),
                                                "sha256": sha256(path), "seconds": round(seconds, 4),
                                                "executor": worker, "finished": _now()}
        self._save()

    def finish(self, seconds: float) -> None:
        self.read()                     # every part verified before the sweep is called finished
        self.manifest["finished"] = _now()
        self.manifest.setdefault("wall_seconds", []).append(round(seconds, 3))
        self._save()

    def read(self) -> pa.Table:
        """Every part, checked against its checksum and its expected rows, in run order."""
        parts = []
        for b in range(self.manifest["n_batches"]):
            entry = self.manifest["batches"].get(str(b))
            path = self.part_path(b)
            if entry is None or not path.is_file():
                raise SweepError(f"{self.folder}: batch {b} of {self.manifest['n_batches']} is not done; "
                                 "re-run the sweep command to finish it")
            if sha256(path) != entry["sha256"]:
                raise SweepError(f"{path}: checksum mismatch (corrupted or half-written); "
                                 "re-run the sweep command to recompute it")
            part = pq.read_table(path)
            lo, hi = entry["rows"]
            if not np.array_equal(part.column("run").to_numpy(), np.arange(lo, hi)):
                raise SweepError(f"{path}: holds the wrong runs; re-run the sweep command")
            parts.append(part)
        return pa.concat_tables(parts)


def load_table(folder: str | Path) -> SweepTable:
    """The table of a finished sweep folder (every part verified; a bad part is an error, never data)."""
    store = Store(folder)
    if not store.manifest_path.is_file():
        raise SweepError(f"{folder}: no {MANIFEST}; not a sweep folder")
    store.manifest = json.loads(store.manifest_path.read_text())
    table = store.read()
    runs, series = {}, {}
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        if pa.types.is_fixed_size_list(column.type):
            series[name] = column.flatten().to_numpy().reshape(len(column), column.type.list_size)
        else:
            runs[name] = column.to_numpy()
    return SweepTable(pd.DataFrame(runs), series, store.manifest)
