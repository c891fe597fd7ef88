"""The sweep folder: Parquet part files (one per finished batch), a JSON manifest, resume.

Layout::

    DIR/manifest.json         spec, code version, design checksum, seeds, per-batch file, rows, sha256,
                              wall seconds and CPU seconds
    DIR/parts/part-00012.parquet
    DIR/series_long.parquet   monthly series in long form (run, month, metric, value), written at the end
                              by sim.sweeps.sweep (read the runs themselves from DIR/parts/*.parquet)

A part is written to a temporary file and renamed into place; only then is its SHA-256 recorded
in the manifest (also written atomically). A part whose checksum is missing or wrong (killed
between rename and manifest, truncated, corrupted) counts as not done: it is recomputed, and it
is never read as data. A folder holding a different experiment is refused.

Each part also carries the folder's identity and its batch number in its Parquet metadata, so a
deleted or damaged manifest is rebuilt from the parts that verify (readable, same identity, the
expected runs); only the missing batches are recomputed. ``DIR/.lock`` (an OS file lock, released
when the process ends, even by a kill) keeps a second sweep from writing into the same folder.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError, quote
from ..files import checksum
from ..files.locks import LOCK, FolderLocked  # one lock for every job that writes a folder
from ..files.store import ChecksummedFolder
from .spec import DesignSpec

MANIFEST = "manifest.json"
FORMAT = 1
KEYS = ("run", "point", "replication", "seed")
META_IDENTITY, META_BATCH = b"culturesim.identity", b"culturesim.batch"


class SweepError(InputError):
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


def _typed(name: str, values: np.ndarray) -> np.ndarray:
    """A parameter's column: whole numbers as integers for an integer parameter (team_size), else as given."""
    from ..params import group_of, spec

    try:
        integer = spec(group_of(name), name)["integer"]
    except KeyError:  # a generic function's own parameter
        return values
    values = np.asarray(values)
    return values.astype(np.int64) if integer and np.all(values == np.rint(values)) else values


def batch_table(
    keys: dict[str, np.ndarray],
    params: dict[str, np.ndarray],
    outputs: dict[str, np.ndarray],
    identity: str = "",
    batch: int = -1,
) -> pa.Table:
    """One part as an Arrow table: scalar columns, and series as fixed-size lists (one per run);
    its metadata names the sweep identity and batch, so a lost manifest can be rebuilt."""
    columns = {**{k: pa.array(v) for k, v in keys.items()}, **{k: pa.array(_typed(k, v)) for k, v in params.items()}}
    for name, values in outputs.items():
        if values.ndim == 1:
            columns[name] = pa.array(values)
        else:
            flat = pa.array(np.ascontiguousarray(values).reshape(-1))
            columns[name] = pa.FixedSizeListArray.from_arrays(flat, values.shape[1])
    return pa.table(columns).replace_schema_metadata(
        {META_IDENTITY: identity.encode(), META_BATCH: str(batch).encode()}
    )


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class Store(ChecksummedFolder):
    """One sweep folder. ``open`` claims or checks it; ``is_done`` says which batches are safely on disk.

    The checksummed folder (write whole, record, verify, lock) is sim/files/store.py's, shared with
    the searches' checkpoints; rebuilding a lost manifest from the parts is the sweep's own."""

    MANIFEST = MANIFEST
    UNITS = "batches"

    def lock(self, job: str = "sweep") -> None:
        """Hold DIR/.lock for this process (refuse if another sweep holds it); the OS frees it on exit."""
        try:
            super().lock(job)
        except FolderLocked as exc:
            raise SweepError(str(exc)) from None

    def _read_manifest(self) -> dict | None:
        """The manifest if it is whole and well-formed, else None (deleted, truncated, damaged)."""
        try:
            old = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        ok = (
            isinstance(old, dict)
            and isinstance(old.get("batches"), dict)
            and isinstance(old.get("identity"), str)
            and isinstance(old.get("n_batches"), int)
        )
        return old if ok else None

    def rebuild(self, manifest: dict, rows: list[tuple[int, int]]) -> dict:
        """A fresh manifest holding every part that verifies: readable Parquet, this sweep's identity,
        its batch number and exactly its runs. Other parts are left to be recomputed."""
        fresh = {**manifest, "format": FORMAT, "started": _now(), "batches": {}, "rebuilt": _now()}
        for b, (lo, hi) in enumerate(rows):
            path = self.part_path(b)
            if not path.is_file():
                continue
            try:
                meta = pq.read_schema(path).metadata or {}
                if meta.get(META_IDENTITY) != manifest["identity"].encode() or meta.get(META_BATCH) != str(b).encode():
                    continue
                runs = pq.read_table(path, columns=["run"]).column("run").to_numpy()
            except (OSError, pa.ArrowException, ValueError, KeyError):
                continue
            if np.array_equal(runs, np.arange(lo, hi)):
                fresh["batches"][str(b)] = {
                    "file": str(path.relative_to(self.folder)),
                    "rows": [lo, hi],
                    "sha256": checksum.of_file(path),
                    "seconds": None,
                    "executor": "rebuilt",
                    "finished": _now(),
                }
        return fresh

    def open(self, manifest: dict, rows: list[tuple[int, int]] | None = None) -> None:
        """Start a new sweep here, or resume the same one; refuse a folder holding another experiment.

        Takes the folder's lock first. A missing or damaged manifest beside part files is rebuilt
        from the parts that verify (``rows``: each batch's run range)."""
        if self._foreign() and not (self.folder / LOCK).exists():  # someone else's files: refuse untouched
            raise SweepError(f"{self.folder}: folder is not empty and has no {MANIFEST}; use another --out")
        self.lock()  # a sweep still setting the folder up holds it: refused here, by name
        try:
            if self._foreign():
                raise SweepError(f"{self.folder}: folder is not empty and has no {MANIFEST}; use another --out")
            fresh_folder = not self.manifest_path.exists() and not (self.folder / "parts").is_dir()
            self._open(manifest, rows, fresh_folder)
        except BaseException:
            self.close()
            raise

    def _foreign(self) -> bool:
        """Files here, but neither a manifest nor parts: not a sweep folder."""
        fresh_folder = not self.manifest_path.exists() and not (self.folder / "parts").is_dir()
        return fresh_folder and self.folder.is_dir() and any(p.name != LOCK for p in self.folder.iterdir())

    def _open(self, manifest: dict, rows, fresh_folder: bool) -> None:
        if fresh_folder:
            self.manifest = {**manifest, "format": FORMAT, "started": _now(), "batches": {}}
        elif (old := self._read_manifest()) is None:
            if rows is None:
                raise SweepError(
                    f"{self.manifest_path}: missing or damaged manifest; re-run the sweep command "
                    "to rebuild it from the parts"
                )
            self.manifest = self.rebuild(manifest, rows)
            if not self.manifest["batches"] and any((self.folder / "parts").glob("part-*.parquet")):
                raise SweepError(
                    f"{self.folder}: no {MANIFEST} and none of its parts belongs to this experiment; use another --out"
                )
        elif old.get("identity") != manifest["identity"]:
            raise SweepError(
                f"{self.manifest_path}: this folder holds a different experiment "
                f"({quote(str(old.get('name', '?')))} from {quote(str(old.get('spec_file', '?')), 200)}); "
                "use another --out or delete the folder"
            )
        else:
            old.setdefault("resumed", []).append({"at": _now(), "code": manifest["code"]})
            self.manifest = old
        for stale in (self.folder / "parts").glob(".part-*.tmp"):  # left by a kill mid-write
            stale.unlink()
        self.save_manifest()

    def part_path(self, batch: int) -> Path:
        return self.folder / "parts" / f"part-{batch:05d}.parquet"

    def is_done(self, batch: int) -> bool:
        """A batch is done when its part exists and matches the checksum the manifest recorded."""
        path = self.part_path(batch)
        if path.exists() and not path.is_file():
            raise SweepError(f"{path}: is not a file (a folder?); remove it and re-run the sweep command")
        return self.verified(batch, path)

    def write_part(self, batch: int, rows: tuple[int, int], table: pa.Table, seconds, worker: str) -> None:
        """``seconds``: the batch's wall seconds, or (wall, CPU seconds of the thread that computed it)."""
        wall, cpu = seconds if isinstance(seconds, tuple) else (seconds, None)
        path = self.part_path(batch)
        self.write_unit(
            batch,
            path,
            lambda p: pq.write_table(table, p),
            lambda sha: {
                "file": str(path.relative_to(self.folder)),
                "rows": list(rows),
                "sha256": sha,
                "seconds": round(wall, 4),
                "cpu_seconds": None if cpu is None else round(cpu, 4),
                "executor": worker,
                "finished": _now(),
            },
        )

    def finish(self, seconds: float) -> None:
        self.read()  # every part verified before the sweep is called finished
        self.manifest["finished"] = _now()
        self.manifest.setdefault("wall_seconds", []).append(round(seconds, 3))
        self.save_manifest()

    def read(self) -> pa.Table:
        """Every part, checked against its checksum and its expected rows, in run order."""
        parts = []
        for b in range(self.manifest["n_batches"]):
            entry = self.manifest["batches"].get(str(b))
            path = self.part_path(b)
            if path.exists() and not path.is_file():
                raise SweepError(f"{path}: is not a file (a folder?); remove it and re-run the sweep command")
            if not isinstance(entry, dict) or not path.is_file():
                raise SweepError(
                    f"{self.folder}: batch {b} of {self.manifest['n_batches']} is not done; "
                    "re-run the sweep command to finish it"
                )
            if checksum.of_file(path) != entry.get("sha256"):
                raise SweepError(
                    f"{path}: checksum mismatch (corrupted or half-written); re-run the sweep command to recompute it"
                )
            try:
                part = pq.read_table(path)
                lo, hi = entry["rows"]
                runs = part.column("run").to_numpy()
            except (OSError, pa.ArrowException, ValueError, KeyError, TypeError):
                raise SweepError(f"{path}: unreadable part; re-run the sweep command to recompute it") from None
            if not np.array_equal(runs, np.arange(lo, hi)):
                raise SweepError(f"{path}: holds the wrong runs; re-run the sweep command")
            parts.append(part.replace_schema_metadata(None))
        return pa.concat_tables(parts)


_DESIGN_KEYS = {f.name for f in fields(DesignSpec)}


def load_table(folder: str | Path) -> SweepTable:
    """The table of a finished sweep folder (every part verified; a bad part is an error, never data)."""
    store = Store(folder)
    where = quote(str(folder), 200)[1:-1]
    if not store.folder.is_dir():
        raise SweepError(f"{where}: not a folder (give the --out folder of a sweep)")
    if not store.manifest_path.is_file():
        raise SweepError(
            f"{where}: no {MANIFEST}; not a sweep folder (or it was deleted: re-run the sweep "
            "command with this --out to rebuild it from the parts)"
        )
    manifest = store._read_manifest()
    needed = (
        isinstance(manifest, dict)
        and isinstance(manifest.get("problem"), dict)
        and isinstance(manifest.get("design"), dict)
        and isinstance(manifest["problem"].get("names"), list)
        and isinstance(manifest.get("n_batches"), int)
        and set(manifest["design"]) <= _DESIGN_KEYS
    )
    if not needed or manifest is None or manifest["n_batches"] < 0:
        raise SweepError(
            f"{where}/{MANIFEST}: damaged or incomplete manifest; re-run the sweep command with this "
            "--out to rebuild it from the parts"
        )
    store.manifest = manifest
    table = store.read()
    runs, series = {}, {}
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        if pa.types.is_fixed_size_list(column.type):
            series[name] = column.flatten().to_numpy().reshape(len(column), column.type.list_size)
        else:
            runs[name] = column.to_numpy()
    return SweepTable(pd.DataFrame(runs), series, store.manifest)
