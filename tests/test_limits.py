"""Bounds on the work: extends chains read each file once, lever paths are arrays, large runs
print their memory estimate first, and small sweeps are still cut for every worker; work over the
run-time limit is refused (``--allow-long`` waives it), the memory budget holds (peak measured),
workers are capped by the cores, one job per folder, and written scenarios read back."""

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.runs import scenario as scenario_module
from sim.steps import Schedule, step_policy
from sim.sweeps.sweep import MIN_BATCHES, batch_size_for

ROOT = Path(__file__).resolve().parents[1]


def test_an_extends_chain_reads_each_file_once(tmp_path, monkeypatch):
    depth = 30  # 2^31 reads before: each base was re-read recursively
    (tmp_path / f"c{depth}.toml").write_text("[scenario]\nstep = 2\n")
    for i in range(depth - 1, -1, -1):
        (tmp_path / f"c{i}.toml").write_text(
            f'[scenario]\nextends = "c{i + 1}.toml"\n[levers]\ntraining = 0.{i % 9 + 1}\n'
        )
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
    assert schedule.lever_path(1200)["training"] is path["training"]  # cached, not rebuilt per replication


def test_a_large_run_prints_its_memory_estimate_and_a_too_large_one_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[scenario]\nmonths = 600\nreplications = 2000\n")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["run", str(path), "--check", "--out", str(tmp_path / "o")]) == 0
        assert main(["run", str(path), "--check", "--replications", "100000", "--out", str(tmp_path / "o")]) == 2
    assert "2,000 runs x 600 months: about 3.1 GB of memory (budget 4.0 GB)" in out.getvalue()
    assert "over the budget" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_small_sweeps_are_cut_into_enough_batches_for_every_worker():
    assert batch_size_for(80, 256) == 5 and batch_size_for(80, 3) == 3 and batch_size_for(5, 256) == 1
    assert batch_size_for(10**6, 256) == 256
    assert MIN_BATCHES >= 16


def test_the_sweep_table_records_the_clipped_values_simulated(tmp_path):
    from sim.sweeps import load_spec, run_spec

    from .support import write_spec

    spec = load_spec(
        write_spec(
            tmp_path,
            design='method = "latin"\nn = 12',
            parameters='wage = { dist = "lognorm", bounds = [9, 2] }\nteam_size = {}',
        )
    )
    table = run_spec(spec, tmp_path / "out", progress=False)
    wage = table.runs["wage"].to_numpy()
    assert np.isfinite(wage).all() and wage.max() == 2e4 and (wage <= 2e4).all()  # e^(9 + 2z) clipped to 2e4
    assert (table.runs["team_size"] == np.rint(table.runs["team_size"])).all()
    assert np.isfinite(table.runs[list(spec.summary)].to_numpy()).all()


# ---- issue 23: run time budgeted, work limits, memory that holds, one job per folder ------------

TINY = (
    '[scenario]\nname = "{name}"\nstep = 2\nmonths = 12\nwarmup = 3\nreplications = 2\n'
    "[sizes]\nn_employees = 10\nn_customers = 120\nn_suppliers = 3\n"
)


def _tiny(tmp_path, name="tiny"):
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.format(name=name))
    return path


def _data(tmp_path, scenario):
    from sim.calibration.synthetic import observe
    from sim.runs.scenario import load

    path = tmp_path / "data.csv"
    observe(load(scenario), {}, months=12).to_csv(path, index=False)  # the base's own numbers: plausible
    return path


def _main(argv) -> tuple[int, str, str, float]:
    import time

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


def test_unbounded_work_is_refused_by_check_and_by_the_command_naming_the_limit_and_the_flag(tmp_path):
    import sim.calibration.fit  # noqa: E401,F401 - imports are not the refusal's time

    asks = [
        ["optimize", str(ROOT / "scenarios" / "example_organization.toml"), "--population", "100000000"],
        [
            "calibrate",
            str(ROOT / "experiments" / "example_organization.csv"),
            "--scenario",
            str(ROOT / "scenarios" / "example_organization.toml"),
            "--replications",
            "100000",
        ],
    ]
    for argv in asks:
        for check in ([], ["--check"]):
            code, out, err, seconds = _main([*argv, *check, "--quiet", "--out", str(tmp_path / "o")])
            assert code == 2 and len(err.splitlines()) == 1, err
            assert "over the run-time limit of 24.0 h (CULTURESIM_MAX_HOURS)" in err and "--allow-long" in err, err
            assert seconds < 5, (argv, seconds)
    assert not (tmp_path / "o").exists()
    # waived, the same work is still bounded by the memory budget (a generation must fit in memory)
    code, _, err, _ = _main([*asks[0], "--allow-long", "--check", "--out", str(tmp_path / "o")])
    assert code == 2 and "over the budget" in err and "CULTURESIM_MEMORY" in err, err


def test_a_run_over_the_time_limit_is_refused_and_allow_long_waives_it(tmp_path, monkeypatch):
    path = tmp_path / "long.toml"
    path.write_text(
        "[scenario]\nmonths = 1200\nwarmup = 600\nreplications = 100\n"
        "[sizes]\nn_customers = 200000\nn_employees = 5000\n"
    )
    monkeypatch.setenv("CULTURESIM_MAX_HOURS", "0.5")
    code, _, err, seconds = _main(["run", str(path), "--out", str(tmp_path / "o")])
    assert code == 2 and seconds < 5 and len(err.splitlines()) == 1, err
    assert "180,000 organization-months of 205,010 agents would take about 1.0 h" in err, err
    assert "run-time limit of 30.0 min (CULTURESIM_MAX_HOURS)" in err and "--allow-long" in err, err
    code, out, err, _ = _main(["run", str(path), "--check", "--allow-long", "--out", str(tmp_path / "o")])
    assert code == 0 and "about 1.0 h of simulation (estimate; limit 30.0 min, waived by --allow-long)" in out, err
    assert not (tmp_path / "o").exists()


def test_workers_are_capped_by_the_cores(tmp_path):
    import os

    from .support import write_spec

    spec = write_spec(tmp_path, design='method = "latin"\nn = 4', parameters="cost_focus = {}")
    code, _, err, _ = _main(
        ["sweep", str(spec), "--workers", str((os.cpu_count() or 1) + 1), "--out", str(tmp_path / "o")]
    )
    assert code == 2 and f"at most {os.cpu_count()} (this machine's cores)" in err and "--scheduler" in err, err
    assert not (tmp_path / "o").exists()


PEAK = """
import resource, subprocess, sys
code = subprocess.run([sys.executable, "-m", "sim.cli", *sys.argv[1:]], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
"""


@pytest.mark.slow
def test_the_memory_budget_holds_for_the_largest_run_accepted(tmp_path):
    import os
    import subprocess
    import sys

    from sim import limits

    budget, months = 5e8, 600
    env = {**os.environ, "CULTURESIM_MEMORY": str(budget), "PYTHONPATH": str(ROOT)}
    path = tmp_path / "big.toml"
    path.write_text("[scenario]\nwarmup = 0\n[sizes]\nn_employees = 8\nn_customers = 50\nn_suppliers = 1\n")
    chunk = min(1e9, limits.CHUNK_SHARE * budget)
    reps = int((budget - limits.PROCESS_BYTES - chunk) // (limits.BYTES_PER_SCENARIO_MONTH * months))
    base = [sys.executable, "-m", "sim.cli", "run", str(path), "--months", str(months), "--check"]
    assert subprocess.run([*base, "--replications", str(reps + 1)], env=env, capture_output=True).returncode == 2
    assert subprocess.run([*base, "--replications", str(reps)], env=env, capture_output=True).returncode == 0
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK,
            "run",
            str(path),
            "--months",
            str(months),
            "--replications",
            str(reps),
            "--quiet",
            "--out",
            str(tmp_path / "o"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    code, peak = map(int, proc.stdout.split())
    assert code == 0, proc.stderr
    assert peak <= 1.2 * budget, f"{reps} x {months}: peak {peak / 1e9:.2f} GB over 1.2 x {budget / 1e9} GB"


def test_two_calibrations_into_one_folder_the_second_is_refused(tmp_path):
    import fcntl
    import os
    import signal
    import subprocess
    import sys
    import time

    scenario = _tiny(tmp_path)
    data = _data(tmp_path, scenario)
    out = tmp_path / "res"
    argv = ["calibrate", str(data), "--scenario", str(scenario), "--out", str(out), "--quiet"]
    first = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *argv, "--points", "4000", "--replications", "8"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and first.poll() is None:  # wait until the first holds the lock
            if (out / ".lock").exists():
                fd = os.open(out / ".lock", os.O_RDWR)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(fd, fcntl.LOCK_UN)
                except BlockingIOError:
                    break
                finally:
                    os.close(fd)
            time.sleep(0.05)
        assert first.poll() is None
        before = sorted(out.rglob("*"))
        code, _, err, _ = _main([*argv, "--seed", "2"])
        assert code == 2 and len(err.splitlines()) == 1, err
        assert "another calibrate is writing into this folder" in err, err
        assert sorted(out.rglob("*")) == before
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=60)


def test_a_name_with_control_characters_round_trips_through_calibrate_and_optimize(tmp_path):
    from sim.runs.scenario import load

    name = 'north\nstar\r\x1b[31mred\x7f "q" \\'
    scenario = _tiny(
        tmp_path,
        name.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\x1b", "\\u001b")
        .replace("\x7f", "\\u007f"),
    )
    assert load(scenario).name == name
    data = _data(tmp_path, scenario)
    code, out, err, _ = _main(
        [
            "calibrate",
            str(data),
            "--scenario",
            str(scenario),
            "--points",
            "20",
            "--replications",
            "4",
            "--waves",
            "1",
            "--out",
            str(tmp_path / "cal"),
            "--quiet",
        ]
    )
    assert code == 0, err
    fitted = tmp_path / "cal" / "tiny_calibrated.toml"
    assert load(fitted).name == f"{name} (calibrated)"
    assert "\x1b" not in out and "\x7f" not in out
    code, out, err, _ = _main(
        [
            "optimize",
            str(fitted),
            "--population",
            "6",
            "--generations",
            "1",
            "--replications",
            "1",
            "--sets",
            "1",
            "--validate",
            "1",
            "--out",
            str(tmp_path / "opt"),
            "--quiet",
        ]
    )
    assert code == 0, err
    assert load(tmp_path / "opt" / "recommended.toml").name.startswith(name)
    assert "\x1b" not in out and "\x7f" not in out
