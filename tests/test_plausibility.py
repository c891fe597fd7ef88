"""Plausibility warnings and horizon notes (issue 19): they fire where the issue found a problem,
and not on any shipped scenario."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.params import Environment, Sizes
from sim.runs.horizon import notes
from sim.runs.plausibility import _outside_ranges, report, unchecked, warnings
from sim.runs.profiles import SECTORS
from sim.runs.runner import run
from sim.runs.scenario import Scenario, load
from sim.steps import Phase, Schedule, step_policy

SCENARIOS = sorted((Path(__file__).parent.parent / "scenarios").glob("*.toml"))


def first_try(scale: int = 20) -> Scenario:
    """Issue 19's insurer, first try: n_employees = 600, n_customers = 40,000, a revenue per customer
    for a $45 margin (value_mean = 45 / 0.65), every other parameter at its default. The model is
    size-free, so it runs at 1/20 scale (30 employees, 2,000 slots)."""
    return Scenario.from_step(
        1,
        name="insurer, first try",
        sizes=Sizes(n_employees=600 // scale, n_customers=40_000 // scale),
        env=dataclasses.replace(Environment(), value_mean=45 / 0.65),
    )


def test_the_insurers_first_try_is_warned_of_its_loss_workload_and_staff_turnover():
    s = first_try()
    lines = warnings(s, run([s], replications=4))
    text = "\n".join(lines)
    assert any("makes a loss" in line and "wage" in line and "value_mean" in line for line in lines), text
    assert any("comfortable_load" in line and "n_employees" in line for line in lines), text
    assert any("staff turnover" in line and "quit_base" in line for line in lines), text
    assert all("\n" not in line for line in lines)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_no_shipped_scenario_triggers_a_warning(path):
    s = load(path)
    assert warnings(s, run([s], replications=4)) == []


def test_a_monthly_churn_typed_as_yearly_is_named(tmp_path):
    s = Scenario.from_step(
        2, env=dataclasses.replace(Environment(), churn_ceiling=0.14), sizes=Sizes(n_employees=25, n_customers=500)
    )
    lines = warnings(s, run([s], replications=2))
    assert any("churn_ceiling 0.14 is a MONTHLY rate (84% a year" in line for line in lines), lines


def test_an_organization_whose_figures_need_another_step_is_told_which(tmp_path):
    path = tmp_path / "ins.toml"
    path.write_text(
        '[scenario]\nstep = 1\n[organization]\nsector = "insurance"\ncustomers = 2000\nemployees = 30\n'
        "monthly_margin = 45\nnps = 15\nannual_churn = 0.14\n",
        encoding="utf-8",
    )
    s = load(path)
    lines = warnings(s, run([s], replications=2))
    assert any("organization.nps +15" in line and "match step 2" in line for line in lines), lines


MOVE_UP = ["scenarios/step1_minimize_hassles.toml", "scenarios/whatif_move_up_now.toml"]


def test_moving_up_is_marked_unsettled_at_60_months_and_settled_at_240():
    """Issue 19: at month 60 the move-up what-if sits above the organization that always worked at
    step 5 (loyalty +0.048); the gap is gone by year 20."""
    base, move = (load(Path(__file__).parent.parent / p) for p in MOVE_UP)
    at_60 = notes([base, move], replications=6, seed=1, months=60)
    assert len(at_60) == 1 and move.name in at_60[0] and "loyalty" in at_60[0] and "--months 240" in at_60[0]
    assert notes([base, move], replications=6, seed=1, months=240) == []
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text().split())
    assert "60 months after a 24-month warm-up" in readme and "suggests `--months 240`" in readme


def test_compare_prints_the_horizon_note_and_run_prints_warnings(tmp_path, capsys):
    root = Path(__file__).parent.parent
    code = main(
        ["compare", *(str(root / p) for p in MOVE_UP), "--replications", "3", "--quiet", "--out", str(tmp_path / "cmp")]
    )
    out = capsys.readouterr().out
    assert code == 0 and "note: Move up from step 1 now" in out and "has not settled at month 60" in out
    assert "has not settled at month 60" in (tmp_path / "cmp" / "compare.html").read_text(encoding="utf-8")
    record = json.loads((tmp_path / "cmp" / "compare_provenance.json").read_text(encoding="utf-8"))
    assert record["simulation seconds"] > 0  # what benchmarks/end_to_end.py reports as the simulation's time
    path = tmp_path / "first.toml"
    path.write_text(
        "[scenario]\nreplications = 2\n[sizes]\nn_employees = 30\nn_customers = 2000\n"
        "[environment]\nvalue_mean = 69.23\n",
        encoding="utf-8",
    )
    code = main(["run", str(path), "--quiet", "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert code == 0 and "warning: " in err and "makes a loss" in err


def planned(s: Scenario, month: int) -> Scenario:
    """The scenario moving from its step to the next at ``month``: a plan on a schedule."""
    now = s.schedule.phases[0].policy
    nxt = next(k for k in range(1, 5) if step_policy(k) == now) + 1
    return dataclasses.replace(s, schedule=Schedule((Phase(0, now), Phase(month, step_policy(nxt)))))


def test_a_scheduled_plan_is_judged_on_its_final_year_once_its_last_change_has_settled():
    """A plan is held to the sector's churn and turnover ranges when its final year starts
    ``settle_months`` after its last change; before that a note says it was not checked."""
    s = planned(first_try(), month=1)
    results = run([s], replications=4)
    assert any("staff turnover" in line and "quit_base" in line for line in warnings(s, results))
    assert unchecked(s, results) == []

    late = planned(first_try(), month=40)
    results = run([late], replications=4)
    assert not any("staff turnover" in line or "customer churn" in line for line in warnings(late, results))
    (line,) = unchecked(late, results)
    assert "not checked" in line and "month 40" in line and "final year starts in month 48" in line, line
    assert "--months 76" in line
    stream = io.StringIO()
    report(late, results, stream)
    assert "note: " + line in stream.getvalue()


def test_a_rate_at_the_edge_of_a_range_is_not_called_outside_it():
    """B2B churn's published floor is 3% a year: four replications averaging 2.95% are the floor within
    noise (the move-up what-if's final year at 60 months); 2.5% is below it, as is staff turnover of 75%
    against a 65% ceiling (the insurer's first try)."""
    sector = SECTORS["b2b_services"]

    def lines(churn, turnover):
        return _outside_ranges(pd.DataFrame({"annual_churn": churn, "employee_turnover": turnover}), sector, "")

    assert lines([0.028, 0.031, 0.029, 0.030], [0.4] * 4) == []
    (line,) = lines([0.024, 0.026, 0.025, 0.025], [0.4] * 4)
    assert line.startswith("customer churn 2.5% a year is outside the published range") and "3%-35%" in line
    (line,) = lines([0.05] * 4, [0.7, 0.8, 0.75, 0.75])
    assert line.startswith("staff turnover 75.0% a year is outside the published range") and "30%-65%" in line


def test_a_compared_scenario_that_is_the_settled_counterpart_is_not_simulated_again(monkeypatch):
    """compare's README command holds step 5 beside the move up to step 5: step 5 is the move's settled
    counterpart (same environment, policy, sizes, seeds), so its runs serve the note: the same note, no run."""
    import sim.runs.runner as runner

    root = Path(__file__).parent.parent
    base, move, step5 = (load(root / p) for p in [*MOVE_UP, "scenarios/step5_customer_culture.toml"])
    simulated = []
    real = runner.run

    def counting(scenarios, *args, **kw):
        simulated.extend(s.name for s in scenarios)
        return real(scenarios, *args, **kw)

    monkeypatch.setattr(runner, "run", counting)
    alone = notes([base, move], 6, 1, 60, real([base, move], 6, 1, 60))
    assert simulated == [f"{move.name} [settled]"]  # without step 5 in the comparison: simulated
    simulated.clear()
    beside = notes([base, move, step5], 6, 1, 60, real([base, move, step5], 6, 1, 60))
    assert simulated == [] and beside == alone and len(alone) == 1 and "loyalty" in alone[0]
    simulated.clear()
    other_seeds = notes([base, move, step5], 6, 2, 60, real([base, move, step5], 6, 1, 60))  # not the same runs
    assert simulated == [f"{move.name} [settled]"] and len(other_seeds) <= 1
