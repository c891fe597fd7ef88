"""Optimisation: on a small problem the optimiser's policy is at least as good on NPV as every
culture-step preset under the same limits and its front dominates them; interrupt and resume give
the same front; the recommendation is a scenario file; bad input is refused."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sim.optimization import OptimizeError, optimize
from sim.optimization.problem import PROGRAMME_COSTS, START, Space
from sim.params import Sizes
from sim.runs.batched import schedule_from
from sim.runs.runner import run
from sim.runs.scenario import Scenario, load
from sim.steps import STEP_NAMES, step_policy

SIZES = Sizes(n_employees=10, n_customers=200, n_suppliers=3)
BASE = Scenario.from_step(2, name="small org", sizes=SIZES, months=36)
LEVERS = ["training", "empowerment", "community_programs", "team_reward_weight"]
REPS, SEED = 3, 4


def preset_outcomes() -> pd.DataFrame:
    """Each step preset adopted from month 1, simulated through the ordinary runner (same seeds)."""
    today = BASE.schedule.phases[0].policy
    scenarios = [
        Scenario(
            f"step {k}",
            schedule=schedule_from([(0, today), (START, step_policy(k))] if k != 2 else [(0, today)]),
            sizes=SIZES,
            months=BASE.months,
        )
        for k in STEP_NAMES
    ]
    res = run(scenarios, replications=REPS, seed=SEED)
    summary = res.summary()
    cost = sum(res.series[k] for k in PROGRAMME_COSTS if k in res.series).mean(axis=1)
    summary["programme_cost"] = cost
    return summary.groupby("scenario", sort=False)[["npv", "mean_loyalty", "programme_cost"]].mean()


@pytest.fixture(scope="module")
def searched():
    presets = preset_outcomes()
    budget = float(presets["programme_cost"].median())  # some presets cost too much
    min_loyalty = float(presets["mean_loyalty"].min()) + 0.01  # the weakest preset is not loyal enough
    opt = optimize(
        BASE, budget, min_loyalty, LEVERS, population=12, generations=4, replications=REPS, seed=SEED, validate=4
    )
    return opt, presets, budget, min_loyalty


def test_optimiser_beats_every_preset_under_the_same_limits_and_its_front_dominates_them(searched):
    opt, presets, budget, min_loyalty = searched
    ok = presets[(presets.programme_cost <= budget) & (presets.mean_loyalty >= min_loyalty)]
    assert 0 < len(ok) < len(presets)  # the limits bind: not every preset is allowed
    best = opt.evaluated.loc[opt.recommended_index]
    assert best.feasible and best.programme_cost <= budget and best.loyalty >= min_loyalty
    assert best.npv >= ok["npv"].max() - 1e-6 * abs(ok["npv"].max())
    front = opt.front
    assert front.feasible.all()
    for name, p in ok.iterrows():
        dominated = (
            (front.npv >= p.npv - 1e-6 * abs(p.npv))
            & (front.loyalty >= p.mean_loyalty - 1e-9)
            & (front.programme_cost <= p.programme_cost + 1e-6 * p.programme_cost)
        )
        assert dominated.any(), name


def test_recommendation_is_a_scenario_file_and_the_summary_has_intervals(searched, tmp_path):
    opt = searched[0]
    files = opt.write(tmp_path)
    assert all(f.is_file() for f in files)
    rec = load(tmp_path / "recommended.toml")
    x = opt.X[opt.recommended_index]
    assert rec.schedule.phases[0].policy == BASE.schedule.phases[0].policy  # the warm-up runs under today's policy
    assert rec.schedule.target_at(BASE.months - 1) == opt.space.target(x)
    text = (tmp_path / "summary.txt").read_text()
    assert "Against today's policy: NPV" in text and " to " in text
    table = pd.read_csv(tmp_path / "comparison.csv")
    assert {"today's policy", "recommended", *(f"step {k}" for k in STEP_NAMES)} == set(table.candidate)
    assert (table.npv_low_90 <= table.npv).all() and (table.npv <= table.npv_high_90).all()


def test_interrupt_and_resume_give_the_same_front(tmp_path):
    kw = dict(levers=["training", "empowerment"], population=8, generations=3, replications=2, seed=7)
    small = Scenario.from_step(2, sizes=Sizes(n_employees=5, n_customers=100, n_suppliers=2), months=24)
    whole = optimize(small, out=tmp_path / "whole", **kw)

    def stop_after_two(label, fraction):
        if label.startswith("generation 2"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        optimize(small, out=tmp_path / "cut", progress=stop_after_two, **kw)
    resumed = optimize(small, out=tmp_path / "cut", **kw)
    pd.testing.assert_frame_equal(whole.front, resumed.front)
    pd.testing.assert_frame_equal(
        pd.read_csv(tmp_path / "whole" / "front.csv"), pd.read_csv(tmp_path / "cut" / "front.csv")
    )


def test_schedule_stages_the_move_and_pays_for_it():
    space = Space(BASE, ("training",), schedule=True)
    x = space.point(5, stages=3, interval=6)
    months = [m for m, _ in space.phases(x)]
    assert months == [0, START, START + 6, START + 12]
    assert space.phases(x)[-1][1] == step_policy(5)
    res = run(
        [Scenario("staged", schedule=schedule_from(space.phases(x)), sizes=SIZES, months=BASE.months)],
        replications=1,
        seed=1,
    )
    assert res.series["cost_change"][0, START] > 0 and res.series["cost_change"][0, 0] == 0


def test_bad_input_is_refused_with_one_line(tmp_path, capsys):
    from sim.cli import main

    with pytest.raises(OptimizeError, match="--levers nonsense: unknown lever"):
        optimize(BASE, levers=["nonsense"])
    with pytest.raises(OptimizeError, match="--min-loyalty: must be in"):
        optimize(BASE, min_loyalty=2.0)
    out = tmp_path / "o"  # the command, in this process (the real-process path: tests/test_bad_input_corpus.py)
    code = main(["optimize", "scenarios/step2_managing_discontent.toml", "--levers", "nonsense", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "nonsense" in err
    assert not out.exists()


def test_ctrl_c_says_what_was_saved_and_exits_130(tmp_path):
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(
        "[scenario]\nstep = 2\nmonths = 24\n[sizes]\nn_employees = 8\nn_customers = 160\nn_suppliers = 2\n"
    )
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "sim.cli",
        "optimize",
        str(scenario),
        "--levers",
        "training",
        "--population",
        "8",
        "--generations",
        "40",
        "--replications",
        "2",
        "--out",
        str(out),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not (out / "checkpoint.json").exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    lines = [x for x in stderr.strip().splitlines() if x.startswith("culturesim:")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    line = lines[0]
    assert line.startswith("culturesim: error: interrupted (Ctrl-C): ") and str(out) in line and "resume" in line
    saved = int(line.split("(Ctrl-C): ")[1].split()[0])
    assert saved >= 1 and len(list((out / "checkpoints").glob("gen-*.npz"))) == saved


def test_a_calibrated_scenario_brings_its_plausible_sets(tmp_path):
    from sim.calibration.report import PLAUSIBLE_SUFFIX
    from sim.optimization.problem import Draws
    from sim.optimization.search import load_plausible
    from sim.runs.scenario_write import write_scenario

    path = write_scenario(BASE, tmp_path / "org_calibrated.toml")
    sets = pd.DataFrame({"quit_base": [0.02, 0.03, 0.04], "implausibility": [1.0, 2.0, 2.5], "weight": [0.5, 0.5, 0.0]})
    sets.to_csv(tmp_path / ("org_calibrated" + PLAUSIBLE_SUFFIX), index=False)
    found = load_plausible(load(path))
    pd.testing.assert_frame_equal(found, sets)
    draws = Draws.make(BASE, replications=2, seed=1, plausible=found, sets=3)
    assert sorted({e.quit_base for e in draws.envs}) == [0.02, 0.03]  # a zero-weight set is never drawn
    assert draws.n == 4 and len(set(draws.seeds)) == 2  # the same seeds for every set
