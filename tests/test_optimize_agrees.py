"""A policy search that agrees with itself: today's programme cost stated and split, a budget below
it refused, and two searches with different seeds giving the same pinned levers and overlapping
near-optimal ranges."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.cli import main
from sim.optimization import OptimizeError, optimize
from sim.optimization.problem import COST_PARTS, PROGRAMME_COSTS, Draws, Space, outcomes
from sim.optimization.report import write
from sim.optimization.robust import lever_ranges, today_costs
from sim.params import Sizes
from sim.runs.scenario import Scenario

SIZES = Sizes(n_employees=10, n_customers=200, n_suppliers=3)
BASE = Scenario.from_step(2, name="small org", sizes=SIZES, months=36)
LEVERS = ("training", "empowerment", "community_programs", "team_reward_weight")
SMALL = dict(population=12, generations=4, replications=3, validate=8)


def test_programme_cost_is_split_into_parts_that_add_up():
    assert sorted(k for keys in COST_PARTS.values() for k in keys) == sorted(PROGRAMME_COSTS)
    space, draws = Space(BASE, LEVERS), Draws.make(BASE, 3, 1)
    today = today_costs(space, draws)
    total = outcomes(space, space.point(0)[None, :], draws)["cost"].mean()
    assert today["total"] == pytest.approx(total) and today["total"] == pytest.approx(
        sum(v for k, v in today.items() if k != "total")
    )
    assert today["culture programmes"] > 0 and today["service time"] > 0 and today["marketing"] > 0


def test_a_budget_below_todays_programme_cost_is_refused_and_explained(tmp_path, capsys):
    today = today_costs(Space(BASE, LEVERS), Draws.make(BASE, 3, 1))
    below = 0.8 * today["total"]
    with pytest.raises(
        OptimizeError,
        match=f"--budget {below:,.0f}: below today's programme cost, "
        f"{today['total']:,.0f} \\$/month \\(culture programmes",
    ):
        optimize(BASE, below, None, LEVERS, **SMALL, seed=1)
    scenario = tmp_path / "small.toml"
    scenario.write_text(
        "[scenario]\nstep = 2\nmonths = 36\n[sizes]\nn_employees = 10\nn_customers = 200\nn_suppliers = 3\n"
    )
    out = tmp_path / "out"
    argv = [
        "optimize",
        str(scenario),
        "--levers",
        *LEVERS,
        "--population",
        "12",
        "--generations",
        "4",
        "--replications",
        "3",
        "--out",
        str(out),
        "--quiet",
    ]
    assert main([*argv, "--budget", "1000"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "below today's programme cost" in err[0] and "service time" in err[0] and not out.exists()
    assert main([*argv, "--budget", "1000", "--check"]) == 2  # --check refuses it too
    assert main([*argv, "--check"]) == 0
    printed = capsys.readouterr().out
    assert "today's programme cost: " in printed and "estimated run time: about" in printed and not out.exists()


def test_two_seeds_give_the_same_pinned_levers_and_overlapping_ranges(tmp_path):
    ranges = []
    for seed in (1, 2):
        opt = optimize(BASE, None, None, LEVERS, **SMALL, seed=seed)
        write(opt, tmp_path / f"seed{seed}")
        r = pd.read_csv(tmp_path / f"seed{seed}" / "near_optimal.csv").set_index("lever")
        text = (tmp_path / f"seed{seed}" / "summary.txt").read_text()
        assert text.startswith("Today's programme cost: ") and "Near-optimal policies" in text
        assert "break-even:" in text and "cost of change:" in text  # the business case
        for lever in LEVERS:
            assert r.loc[lever, "advice"] in text
            assert r.loc[lever, "near_optimal_low"] <= r.loc[lever, "recommended"] <= r.loc[lever, "near_optimal_high"]
        ranges.append(r)
    a, b = ranges
    assert a["pinned"].to_dict() == b["pinned"].to_dict()
    for lever in LEVERS:
        assert a.loc[lever, "near_optimal_low"] <= b.loc[lever, "near_optimal_high"], lever
        assert b.loc[lever, "near_optimal_low"] <= a.loc[lever, "near_optimal_high"], lever


def test_lever_ranges_say_pinned_or_free():
    class Opt:
        space = Space(BASE, ("training", "empowerment"))
        X = space.point(2, {"training": 0.4, "empowerment": 0.9})[None, :]
        recommended_index = 0

    table = pd.DataFrame(
        dict(
            lever=["recommended"] + ["training"] * 5 + ["empowerment"] * 5,
            value=[float("nan")] + [0, 0.25, 0.5, 0.75, 1] * 2,
            near_optimal=[True, False, True, True, False, False] + [True] * 5,
        )
    )
    r = lever_ranges(Opt, table).set_index("lever")
    assert r.loc["training", "advice"] == "training: pinned: keep it between 0.25 and 0.50"
    assert r.loc["empowerment", "advice"].startswith("empowerment: free") and not r.loc["empowerment", "pinned"]
