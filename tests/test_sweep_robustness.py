"""Damaged runs and folders: a killed pool worker is retried, a killed driver leaves no worker, a
deleted or truncated manifest is rebuilt from verified parts, a lock keeps a second sweep out, a
full disk and an unreachable scheduler end with exit 74 and one line."""

import contextlib
import errno
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from sim.cli import main
from sim.sweeps import load_table
from sim.sweeps.executors import InProcess, Processes
from sim.sweeps.spec import DesignSpec
from sim.sweeps.store import Store
from sim.sweeps.sweep import sweep_function

from .support import assert_same_table, sweep_spec, write_spec


class DiesOnce:
    """A picklable f(X) whose first call in a pool worker kills that worker (SIGKILL)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self, X):
        if multiprocessing.parent_process() is not None and not os.path.exists(self.marker):
            Path(self.marker).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return {"sum": X.sum(axis=1), "prod": X.prod(axis=1)}


def run_cli(argv, cwd=None) -> tuple[int, str]:
    err = io.StringIO()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
    finally:
        os.chdir(old)
    return code, err.getvalue()


def test_a_killed_pool_worker_is_retried_and_the_table_is_identical(tmp_path):
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [1, 2]]}
    design = DesignSpec("latin", n=40, seed=3)
    f = DiesOnce(str(tmp_path / "died"))
    reference = sweep_function(f, problem, design, tmp_path / "ref", executor=InProcess(), progress=False)
    with Processes(2) as pool:
        table = sweep_function(f, problem, design, tmp_path / "pool", executor=pool, progress=False)
        assert pool.restarts == 1 and (tmp_path / "died").exists()
    assert_same_table(reference, table)


def workers_of(pid: int) -> list[psutil.Process]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "resource_tracker" not in " ".join(c.cmdline())]


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_killing_the_driver_leaves_no_worker_after_5_seconds(tmp_path):
    spec = sweep_spec(tmp_path)
    driver = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "sweep",
            str(spec),
            "--executor",
            "processes",
            "--workers",
            "2",
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    parts = tmp_path / "out" / "parts"  # workers are computing once a part is written
    while not (parts.is_dir() and any(parts.glob("part-*.parquet"))) and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = workers_of(driver.pid)
    assert len(workers) >= 2 and driver.poll() is None
    driver.kill()
    driver.wait()
    gone = time.monotonic() + 5  # the workers' watch notices within 0.2 s; wait for that, 5 s at most
    while any(alive(w) for w in workers) and time.monotonic() < gone:
        time.sleep(0.05)
    left = [w.pid for w in workers if alive(w)]
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_deleted_or_truncated_manifest_is_rebuilt_from_verified_parts(tmp_path):
    spec = write_spec(tmp_path)
    out = tmp_path / "sweep"
    assert run_cli(["sweep", str(spec), "--out", str(out), "--quiet"])[0] == 0
    reference = load_table(out)
    parts = sorted((out / "parts").glob("part-*.parquet"))
    for damage in ("delete", "truncate"):
        manifest = out / "manifest.json"
        if damage == "delete":
            manifest.unlink()
        else:
            manifest.write_text(manifest.read_text()[:100])
        parts[3].unlink()
        parts[5].write_bytes(parts[5].read_bytes()[:50])  # a damaged part does not verify
        kept = {p: p.stat().st_mtime_ns for p in parts if p not in (parts[3], parts[5])}
        assert run_cli(["analyze", str(out)])[0] == 2  # refused, not guessed
        code, err = run_cli(["sweep", str(spec), "--out", str(out), "--quiet"])
        assert code == 0, err
        table = load_table(out)
        assert "rebuilt" in table.manifest
        assert {p: p.stat().st_mtime_ns for p in kept} == kept  # verified parts were not recomputed
        recomputed = [b for b, e in table.manifest["batches"].items() if e["executor"] != "rebuilt"]
        assert sorted(recomputed) == ["3", "5"]
        assert_same_table(reference, table)


def test_a_manifest_with_unknown_design_keys_or_no_batch_count_is_refused_in_one_line(tmp_path):
    import json

    spec = write_spec(tmp_path)
    out = tmp_path / "sweep"
    assert run_cli(["sweep", str(spec), "--out", str(out), "--quiet"])[0] == 0
    good = json.loads((out / "manifest.json").read_text())
    for damaged in (
        {**good, "design": {**good["design"], "bogus": 1}},
        {k: v for k, v in good.items() if k != "n_batches"},
    ):
        (out / "manifest.json").write_text(json.dumps(damaged))
        code, err = run_cli(["analyze", str(out)])
        assert code == 2 and "damaged or incomplete manifest" in err and len(err.strip().splitlines()) == 1, err


def test_a_second_sweep_into_a_locked_folder_is_refused(tmp_path):
    spec = write_spec(tmp_path)
    out = tmp_path / "sweep"
    holder = Store(out)
    holder.lock()
    try:
        code, err = run_cli(["sweep", str(spec), "--out", str(out), "--quiet"])
    finally:
        holder.close()
    assert code == 2 and len(err.splitlines()) == 1 and "another sweep is writing" in err
    assert run_cli(["sweep", str(spec), "--out", str(out), "--quiet"])[0] == 0


def test_two_sweeps_started_into_one_empty_folder_never_both_write(tmp_path):
    a = sweep_spec(tmp_path)
    b = write_spec(tmp_path, name="other.toml")
    out = tmp_path / "shared"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "sweep", str(s), "--out", str(out), "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in (a, b)
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, err in results if code == 2)
    assert len(loser.splitlines()) == 1 and ("another sweep" in loser or "different experiment" in loser)
    assert len(load_table(out).runs) > 0


def test_a_full_disk_ends_with_exit_74_and_resumes(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    spec = write_spec(tmp_path)
    real, calls = pq.write_table, []

    def fill_up(table, where, *a, **k):
        calls.append(where)
        if len(calls) > 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(table, where, *a, **k)

    monkeypatch.setattr(pq, "write_table", fill_up)
    code, err = run_cli(["sweep", str(spec), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 74 and len(err.splitlines()) == 1 and "4 of 16 batches saved" in err and "resume" in err, err
    monkeypatch.setattr(pq, "write_table", real)
    assert run_cli(["sweep", str(spec), "--out", str(tmp_path / "out"), "--quiet"])[0] == 0
    assert run_cli(["sweep", str(spec), "--out", str(tmp_path / "whole"), "--quiet"])[0] == 0
    assert_same_table(load_table(tmp_path / "out"), load_table(tmp_path / "whole"))


def test_an_unreachable_scheduler_is_an_environment_failure(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("sim.limits.CONNECT_SECONDS", 1)  # the refusal is the same; the wait 1 s, not 5
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, err = run_cli(
        [
            "sweep",
            str(write_spec(tmp_path)),
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ]
    )
    assert code == 74 and len(err.splitlines()) == 1 and "cannot reach" in err, err
    assert not (tmp_path / "out").exists()


def test_plot_titles_are_not_mathtext_and_csv_cells_are_safe(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[scenario]\nname = "=HYPERLINK(1) costs $5 and $x^$"\nmonths = 6\nwarmup = 1\nreplications = 2\n'
        "[sizes]\nn_employees = 16\nn_customers = 60\nn_suppliers = 2\n"
    )
    code, err = run_cli(["run", str(path), "--quiet", "--out", str(tmp_path / "out")])
    assert code == 0, err
    assert (tmp_path / "out" / "s.png").stat().st_size > 0
    text = (tmp_path / "out" / "s_summary.csv").read_text()
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_a_file_named_dots_does_not_write_into_the_current_folder(tmp_path):
    (tmp_path / "...toml").write_text(
        "[scenario]\nmonths = 6\nwarmup = 1\nreplications = 2\n"
        "[sizes]\nn_employees = 16\nn_customers = 60\nn_suppliers = 2\n"
    )
    code, err = run_cli(["run", "...toml", "--quiet"], cwd=tmp_path)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["...toml", "out"]
    assert np.all([p.parent.parent == tmp_path / "out" for p in (tmp_path / "out").rglob("*.csv")])
