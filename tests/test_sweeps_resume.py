"""A killed sweep resumes to the table of an uninterrupted run; bad parts are recomputed, never read."""

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.sweeps import SweepError, load_spec, load_table, run_spec

from .support import ROOT, assert_same_table, write_spec


def _cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_part_way_then_rerun_gives_the_uninterrupted_table(tmp_path):
    spec_path = write_spec(
        tmp_path, design='method = "sobol"\nn = 32\ncalc_second_order = false', batch_size=4, replications=1
    )  # 160 runs in 40 parts
    reference = run_spec(load_spec(spec_path), tmp_path / "reference", progress=False)
    out = tmp_path / "killed"
    proc = _cli("sweep", str(spec_path), "--out", str(out), "--quiet")
    deadline = time.monotonic() + 120
    while len(list((out / "parts").glob("part-*.parquet"))) < 3:
        assert proc.poll() is None, "the sweep ended before it could be killed part-way"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    manifest = json.loads((out / "manifest.json").read_text())
    finished = manifest["batches"]
    assert 0 < len(finished) < 40 and "finished" not in manifest
    with pytest.raises(SweepError, match="not done"):
        load_table(out)  # an unfinished folder is not a table
    before = {b: (out / e["file"]).stat().st_mtime_ns for b, e in finished.items()}

    rerun = _cli("sweep", str(spec_path), "--out", str(out), "--quiet")
    assert rerun.wait(timeout=300) == 0
    resumed = load_table(out)
    assert_same_table(reference, resumed)
    assert {b: (out / e["file"]).stat().st_mtime_ns for b, e in finished.items()} == before  # skipped, not redone
    assert len(resumed.manifest["resumed"]) == 1


def test_corrupted_and_half_written_parts_are_recomputed_never_read(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "sweep"
    reference = run_spec(spec, out, progress=False)
    parts = sorted((out / "parts").glob("part-*.parquet"))
    # part 1: a valid Parquet file with wrong numbers (silent corruption)
    table = pq.read_table(parts[1])
    table = table.set_column(
        table.column_names.index("npv"), "npv", pq.read_table(parts[2]).column("npv")[: table.num_rows]
    )
    pq.write_table(table, parts[1])
    # part 2: truncated, as if the disk filled up while writing
    parts[2].write_bytes(parts[2].read_bytes()[:200])
    # part 3: renamed into place but killed before the manifest recorded it
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["batches"]["3"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SweepError, match="checksum mismatch"):
        load_table(out)
    assert main(["sweep", str(spec.path), "--out", str(out), "--quiet"]) == 0
    repaired = load_table(out)
    assert_same_table(reference, repaired)
    assert all(e["sha256"] for e in repaired.manifest["batches"].values())


def test_a_different_spec_in_the_same_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", str(write_spec(tmp_path)), "--out", str(out), "--quiet"]) == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    other = write_spec(tmp_path, replications=3, name="other.toml")
    assert main(["sweep", str(other), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "different experiment" in err and "manifest.json" in err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
