"""A real SIGINT (Ctrl-C) to a child process during run, compare and sweep: exit 130, one line
naming what was saved, no traceback; the resumed sweep's table (parts and long series) is byte-identical to an
uninterrupted one."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sim.cli import main

from .support import sweep_spec

ROOT = Path(__file__).resolve().parents[1]
# Long enough (about 25 s of simulation on a quiet machine, 2 s on the compiled core was not) that the
# signal, sent as soon as progress shows, always lands mid-run; an interrupted run costs only its start.
SCENARIO = (
    "[scenario]\nmonths = 240\nwarmup = 2\nreplications = 2000\n"
    "[sizes]\nn_employees = 24\nn_customers = 150\nn_suppliers = 4\n"
)


def interrupt(argv, cwd, ready, sig=signal.SIGINT, timings=None) -> tuple[int, str]:
    """Start the command, wait until ``ready()`` (or progress shows), send ``sig``, return (status, stderr);
    ``timings`` (a list) receives the seconds from the signal to the exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *argv],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # the child gets Ctrl-C's default disposition, as from a terminal, even from a suite started in the
    # background (tests/conftest.py: pytest_configure)
    chunks = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: proc.stderr.read(1), b"")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not ready(b"".join(chunks)) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, b"".join(chunks).decode()
    sent = time.monotonic()
    proc.send_signal(sig)
    status = proc.wait(timeout=60)
    if timings is not None:
        timings.append(time.monotonic() - sent)
    reader.join(timeout=10)
    return status, b"".join(chunks).decode(errors="replace")


def final_lines(err: str) -> list[str]:
    """stderr lines that are not progress-bar redraws."""
    return [line for line in err.replace("\r", "\n").splitlines() if line.startswith("culturesim:")]


def test_ctrl_c_during_run_says_nothing_was_written(tmp_path):
    (tmp_path / "s.toml").write_text(SCENARIO)
    status, err = interrupt(["run", "s.toml", "--out", "res"], tmp_path, lambda e: b"org-month" in e and b"%|" in e)
    assert status == 130 and "Traceback" not in err, err
    lines = final_lines(err)
    assert len(lines) == 1 and "interrupted (Ctrl-C)" in lines[0] and "nothing was written" in lines[0], err
    assert not (tmp_path / "res").exists()


def test_ctrl_c_during_compare(tmp_path):
    (tmp_path / "a.toml").write_text(SCENARIO)
    (tmp_path / "b.toml").write_text(SCENARIO.replace("[scenario]\n", "[scenario]\nstep = 4\n"))
    status, err = interrupt(
        ["compare", "a.toml", "b.toml", "--out", "res"], tmp_path, lambda e: b"org-month" in e and b"%|" in e
    )
    assert status == 130 and "Traceback" not in err, err
    lines = final_lines(err)
    assert len(lines) == 1 and "interrupted (Ctrl-C)" in lines[0] and "re-run" in lines[0], err
    assert "during the simulation; nothing was written" in lines[0], err
    assert not (tmp_path / "res").exists()


def test_ctrl_c_during_sweep_then_resume_is_byte_identical(tmp_path):
    spec = sweep_spec(tmp_path)
    spec.write_text(spec.read_text().replace("months = 36", "months = 240"))  # long enough to cut mid-way
    parts = tmp_path / "cut" / "parts"
    status, err = interrupt(
        ["sweep", str(spec), "--out", "cut"], tmp_path, lambda e: parts.is_dir() and any(parts.glob("part-*.parquet"))
    )
    assert status == 130 and "Traceback" not in err, err
    lines = final_lines(err)
    assert len(lines) == 1 and "batches saved in cut" in lines[0] and "to resume" in lines[0], err
    assert "finished" not in json.loads((tmp_path / "cut" / "manifest.json").read_text())  # top level: not done
    saved = len(list(parts.glob("part-*.parquet")))
    assert 1 <= saved < 16
    old = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert main(["sweep", str(spec), "--out", "cut", "--quiet"]) == 0
        assert main(["sweep", str(spec), "--out", "whole", "--quiet"]) == 0
    finally:
        os.chdir(old)
    table = [p.relative_to(tmp_path / "whole") for p in sorted((tmp_path / "whole").rglob("*.parquet"))]
    assert len(table) == 17  # 16 parts and the long series
    for name in table:  # the table, file by file, byte-identical
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name


def test_ctrl_c_during_calibrate_says_what_was_saved(tmp_path):
    from sim.calibration.synthetic import observe
    from sim.runs.scenario import load

    scenario = tmp_path / "tiny.toml"
    scenario.write_text(
        "[scenario]\nstep = 2\nmonths = 24\n[sizes]\nn_employees = 10\nn_customers = 200\nn_suppliers = 3\n"
    )
    env = load(scenario).env
    truth = {"quit_base": 1.2 * env.quit_base, "market_standard": 0.9 * env.market_standard}
    observe(load(scenario), truth, months=24).to_csv(tmp_path / "data.csv", index=False)
    status, err = interrupt(
        [
            "calibrate",
            "data.csv",
            "--scenario",
            "tiny.toml",
            "--fit",
            "quit_base",
            "market_standard",
            "--points",
            "1500",  # long enough that the signal, sent when the bar shows, lands before the end
            "--replications",
            "8",
            "--out",
            "res",
        ],
        tmp_path,
        lambda e: b"waves" in e,
    )
    assert status == 130 and "Traceback" not in err, err
    lines = final_lines(err)
    assert len(lines) == 1 and lines[0].startswith("culturesim: error: interrupted (Ctrl-C): "), err
    assert "res" in lines[0] and "resume" in lines[0], err
    saved = int(lines[0].split("(Ctrl-C): ")[1].split()[0])
    assert len(list((tmp_path / "res" / "checkpoints").glob("gen-*.npz"))) == saved
    assert not list((tmp_path / "res").glob("*.csv")), "an interrupted calibration wrote results"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_end_a_command_as_ctrl_c_does(tmp_path, sig):
    spec = sweep_spec(tmp_path)
    spec.write_text(spec.read_text().replace("months = 36", "months = 240"))  # long enough to cut mid-way
    parts = tmp_path / "cut" / "parts"
    status, err = interrupt(
        ["sweep", str(spec), "--out", "cut"],
        tmp_path,
        lambda e: parts.is_dir() and any(parts.glob("part-*.parquet")),
        sig=sig,
    )
    assert status == 130 and "Traceback" not in err, err
    lines = final_lines(err)
    assert len(lines) == 1 and "batches saved in cut" in lines[0] and "to resume" in lines[0], err


@pytest.mark.slow
def test_ctrl_c_to_a_dask_sweep_at_any_moment_exits_130_within_2_s_and_resumes_identically(tmp_path):
    spec = sweep_spec(tmp_path)
    old = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert main(["sweep", str(spec), "--out", "whole", "--quiet"]) == 0
    finally:
        os.chdir(old)
    started = []

    def parts_at_least(folder, n):
        parts = tmp_path / folder / "parts"
        return lambda e: parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= n

    def after_one_second(e):
        started.append(time.monotonic()) if not started else None
        return time.monotonic() - started[0] >= 1.0

    moments = {"early": after_one_second, "middle": parts_at_least("middle", 6), "late": parts_at_least("late", 14)}
    for folder, ready in moments.items():
        timings = []
        status, err = interrupt(
            ["sweep", str(spec), "--workers", "2", "--out", folder], tmp_path, ready, timings=timings
        )
        assert status == 130, (folder, err)
        assert timings[0] <= 2.0, (folder, timings)
        assert "Traceback" not in err and "WARNING" not in err and "Error" not in err.replace("error:", ""), err
        lines = final_lines(err)
        assert len(lines) == 1 and "interrupted (Ctrl-C)" in lines[0], (folder, err)
        if folder != "early":
            assert f"batches saved in {folder}" in lines[0] and "to resume" in lines[0], err
        again = ["sweep", str(spec), "--out", folder, "--quiet"] + (["--workers", "2"] if folder == "middle" else [])
        try:
            os.chdir(tmp_path)
            assert main(again) == 0, folder
        finally:
            os.chdir(old)
        table = sorted(p.relative_to(tmp_path / "whole") for p in (tmp_path / "whole").rglob("*.parquet"))
        assert len(table) == 17
        for name in table:
            assert (tmp_path / folder / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), (folder, name)
