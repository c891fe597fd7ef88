"""A policy search that agrees with itself: today's programme cost stated and split, a budget below
it refused, and two searches with different seeds giving the same pinned levers and overlapping
near-optimal ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.optimization import OptimizeError, optimize
from sim.optimization.problem import COST_PARTS, PROGRAMME_COSTS, Draws, Space, outcomes
from sim.optimization.report import write
from sim.optimization.robust import judge, lever_ranges, today_costs
from sim.params import Sizes
from sim.runs.scenario import Scenario
from sim.stats import mean_ci

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
            inside = (
                r.loc[lever, "near_optimal_low"] <= r.loc[lever, "recommended"] <= r.loc[lever, "near_optimal_high"]
            )
            # a recommendation outside its lever's range is one the search left clearly worse: the advice says so
            assert inside or "the search stopped short along it" in r.loc[lever, "advice"], r.loc[lever, "advice"]
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
            lever=["recommended"] + ["training"] * 6 + ["empowerment"] * 6,
            value=[float("nan"), 0.4, 0, 0.25, 0.5, 0.75, 1] + [0.9, 0, 0.25, 0.5, 0.75, 1],
            is_recommendation=[True] + [True] + [False] * 5 + [True] + [False] * 5,
            near_optimal=[True, True, False, True, True, False, False] + [True] * 6,
        )
    )
    r = lever_ranges(Opt, table).set_index("lever")
    assert r.loc["training", "advice"] == "training: pinned: keep it between 0.25 and 0.50"
    assert r.loc["empowerment", "advice"].startswith("empowerment: free") and not r.loc["empowerment", "pinned"]
    table.loc[1, "near_optimal"] = False  # the recommendation's own value is clearly worse than its line's best
    r = lever_ranges(Opt, table).set_index("lever")
    assert r.loc["training", "advice"] == (
        "training: pinned: keep it between 0.25 and 0.50; the recommendation's 0.40 is clearly worse (the "
        "search stopped short along it)"
    )
    table.loc[table.lever == "empowerment", "near_optimal"] = False  # nothing on the line meets the limits
    r = lever_ranges(Opt, table).set_index("lever")
    assert r.loc["empowerment", "advice"].startswith("empowerment: no value tried meets the limits")


def test_near_optimal_means_npv_within_what_matters_of_the_lines_best_not_merely_indistinguishable():
    rng = np.random.default_rng(5)
    draws = 64
    noise = rng.normal(0, 1, draws)  # common random numbers: the same noise in every point
    # one line, four points: the best; a certain loss of $50k (tiny, within what matters) with 0.05 less
    # loyalty; a certain loss of $300k; an uncertain loss of $150k (its lower bound is under $100k)
    spread = rng.normal(0, 1, draws)
    spread = 6e5 * (spread - spread.mean()) / spread.std(ddof=1)  # the uncertain point's own noise: sd $600k
    npv = 1e7 + 1e6 * noise + np.array([[0], [-5e4], [-3e5], [-1.5e5]]) + np.outer([0, 0, 0, 1], spread)
    loyalty = 0.6 + 0.01 * noise + np.array([[0], [-0.05], [0], [0]])
    cost = np.full((4, draws), 1e5) + np.array([[0], [0], [0], [5e4]])
    frame = pd.DataFrame(dict(lever=["training"] * 4, value=[0.5, 0.6, 0.9, 0.0]))
    verdict = judge(frame.copy(), dict(npv=npv, loyalty=loyalty, cost=cost), None, None)
    assert verdict["near_optimal"].tolist() == [True, True, False, True]
    assert verdict.loc[1, "npv_lead_low"] > 0  # clearly lower NPV, yet by less than $100k: near-optimal
    assert verdict.loc[1, "loyalty_lead_low"] > 0.01  # loyalty counts through the limits, not the verdict
    verdict = judge(frame.copy(), dict(npv=npv, loyalty=loyalty, cost=cost), None, 0.58)
    assert verdict["near_optimal"].tolist() == [True, False, False, True] and not verdict.loc[1, "meets_limits"]
    # the reference is the line's best, not its first point
    verdict = judge(
        frame.iloc[::-1].reset_index(drop=True), dict(npv=npv[::-1], loyalty=loyalty[::-1], cost=cost[::-1]), None, None
    )
    assert verdict["near_optimal"].tolist() == [True, False, True, True]
    # a budget excludes the expensive point, and the best is chosen within the limits
    verdict = judge(frame.copy(), dict(npv=npv, loyalty=loyalty, cost=cost), 1.2e5, None)
    assert verdict["near_optimal"].tolist() == [True, True, False, False] and not verdict.loc[3, "meets_limits"]
    # the bound is sim.stats' t interval: a one-sided 95% bound is the lower end of the two-sided 90% one
    lead = npv[0] - npv[3]
    assert verdict.loc[3, "npv_lead_low"] == pytest.approx(mean_ci(lead, 0.90)[1])
