"""The same sweep through every executor gives the same table, bit for bit."""

import numpy as np
import pytest

from sim.cli import main
from sim.sweeps import load_spec, load_table, run_spec
from sim.sweeps.executors import Dask, InProcess

from .support import assert_same_table, write_spec

distributed = pytest.importorskip("distributed")


def test_inprocess_processes_and_dask_cluster_give_identical_tables(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    reference = run_spec(spec, tmp_path / "inprocess", executor=InProcess(), progress=False)
    # 80 runs, batch_size 6, cut to 5 so that 16 batches spread over any pool (sim.sweeps.sweep.MIN_BATCHES)
    assert len(reference.runs) == 8 * (3 + 2) * 2 and reference.manifest["n_batches"] == 16
    assert np.isfinite(reference.runs["npv"]).all() and reference.runs["npv"].std() > 0
    assert (
        main(
            [
                "sweep",
                spec.path,
                "--executor",
                "processes",
                "--workers",
                "2",
                "--out",
                str(tmp_path / "processes"),
                "--quiet",
            ]
        )
        == 0
    )
    by_processes = load_table(tmp_path / "processes")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client, Dask(client=client) as executor:
            assert executor.workers == 2
            by_dask = run_spec(spec, tmp_path / "dask", executor=executor, progress=False)
            workers = {e["executor"] for e in by_dask.manifest["batches"].values()}
        assert (
            main(
                [
                    "sweep",
                    spec.path,
                    "--scheduler",
                    cluster.scheduler_address,  # the same cluster by address
                    "--out",
                    str(tmp_path / "address"),
                    "--quiet",
                ]
            )
            == 0
        )
    finally:
        cluster.close()
    assert workers == {"dask"}
    assert_same_table(reference, by_processes)
    assert_same_table(reference, by_dask)
    assert_same_table(reference, load_table(tmp_path / "address"))
    assert (
        main(["sweep", spec.path, "--workers", "2", "--out", str(tmp_path / "own"), "--quiet"]) == 0
    )  # own LocalCluster
    assert_same_table(reference, load_table(tmp_path / "own"))
    assert {e["executor"] for e in by_processes.manifest["batches"].values()} == {"processes"}


def test_rows_do_not_depend_on_batch_size(tmp_path):
    a = run_spec(load_spec(write_spec(tmp_path, batch_size=80)), tmp_path / "a", progress=False)
    b = run_spec(load_spec(write_spec(tmp_path, batch_size=3, name="b.toml")), tmp_path / "b", progress=False)
    assert a.manifest["n_batches"] == 16 and b.manifest["n_batches"] == 27  # a small sweep still gets 16
    assert_same_table(a, b)


def test_pool_workers_share_the_cores_among_the_compiled_cores_threads():
    """workers x numba threads never exceeds the cores (numba alone would start one thread per core in each)."""
    import os

    from sim.sweeps.executors import numba_threads

    cores = os.cpu_count() or 1
    assert numba_threads(1) == cores
    for workers in (1, 2, 3, cores, 2 * cores):
        assert numba_threads(workers) >= 1
        assert workers * numba_threads(workers) <= max(cores, workers)


def test_the_sweep_command_draws_its_design_once(tmp_path, monkeypatch):
    """The command checks the design before any writing and runs that same design (it drew it twice)."""
    import sim.sweeps.sweep as sweep

    drawn = []
    real = sweep.make_design
    monkeypatch.setattr(sweep, "make_design", lambda *a, **kw: drawn.append(1) or real(*a, **kw))
    spec = write_spec(tmp_path)
    assert main(["sweep", str(spec), "--out", str(tmp_path / "once"), "--quiet"]) == 0
    assert len(drawn) == 1
    assert_same_table(load_table(tmp_path / "once"), run_spec(load_spec(spec), tmp_path / "again", progress=False))


def test_a_dask_executor_that_cannot_start_leaves_the_signal_handlers_as_they_were(monkeypatch):
    """In a notebook, a failed Dask(...) must not leave its Ctrl-C/SIGTERM/SIGHUP wrappers installed."""
    import signal
    import socket

    from sim.errors import EnvironmentFailure

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr("sim.limits.CONNECT_SECONDS", 1)
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = [signal.getsignal(s) for s in handled]
    with pytest.raises(EnvironmentFailure, match="cannot reach"):
        Dask(scheduler=f"tcp://127.0.0.1:{port}")
    assert [signal.getsignal(s) for s in handled] == before
