"""Bounds on the work: extends chains read each file once, lever paths are arrays, large runs
print their memory estimate first, and small sweeps are still cut for every worker."""

import contextlib
import io

import numpy as np

from sim.runs import scenario as scenario_module
from sim.cli import main
from sim.steps import Schedule, step_policy
from sim.sweeps.sweep import MIN_BATCHES, batch_size_for


def test_an_extends_chain_reads_each_file_once(tmp_path, monkeypatch):
    depth = 30                               # 2^31 reads before: each base was re-read recursively
    (tmp_path / f"c{depth}.toml").write_text("[scenario]\nstep = 2\n")
    for i in range(depth - 1, -1, -1):
        (tmp_path / f"c{i}.toml").write_text(f'[scenario]\nextends = "c{i + 1}.toml"\n[levers]\ntraining = 0.{i % 9 + 1}\n')
    reads = []
    real = scenario_module.read_toml
    monkeypatch.setattr(scenario_module, "read_toml", lambda path, *a, **k: reads.append(path) or real(path, *a, **k))
    loaded = scenario_module.load(tmp_path / "c0.toml")
    assert len(reads) == depth + 1 and len(set(reads)) == depth + 1
    assert loaded.schedule.phases[0].policy.training == 0.1


def test_lever_path_is_arrays_shared_by_replications():
    schedule = Schedule.constant(step_policy(3))
    path = schedule.lever_path(1200)
    assert all(isinstance(v, np.ndarray) and v.shape == (1200,) and not v.flags.writeable for v in path.values())
    assert schedule.lever_path(1200)["training"] is path["training"]        # cached, not rebuilt per replication


def test_a_large_run_prints_its_memory_estimate_and_a_too_large_one_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[scenario]\nmonths = 600\nreplications = 2000\n")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["run", str(path), "--check", "--out", str(tmp_path / "o")]) == 0
        assert main(["run", str(path), "--check", "--replications", "100000", "--out", str(tmp_path / "o")]) == 2
    assert "2,000 runs x 600 months: about 921.6 MB of results in memory" in out.getvalue()
    assert "over the budget" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_small_sweeps_are_cut_into_enough_batches_for_every_worker():
    assert batch_size_for(80, 256) == 5 and batch_size_for(80, 3) == 3 and batch_size_for(5, 256) == 1
    assert batch_size_for(10 ** 6, 256) == 256
    assert MIN_BATCHES >= 16


def test_the_sweep_table_records_the_clipped_values_simulated(tmp_path):
    from sim.sweeps import load_spec, run_spec
    from .sweeps_support import write_spec
    spec = load_spec(write_spec(tmp_path, design='method = "latin"\nn = 12',
                                parameters='wage = { dist = "lognorm", bounds = [9, 2] }\nteam_size = {}'))
    table = run_spec(spec, tmp_path / "out", progress=False)
    wage = table.runs["wage"].to_numpy()
    assert np.isfinite(wage).all() and wage.max() == 2e4 and (wage <= 2e4).all()     # e^(9 + 2z) clipped to 2e4
    assert (table.runs["team_size"] == np.rint(table.runs["team_size"])).all()
    assert np.isfinite(table.runs[list(spec.summary)].to_numpy()).all()
