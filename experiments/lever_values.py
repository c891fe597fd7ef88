"""What each lever is worth, and what that worth rests on (issue 22): docs/model.md 4.3.

    PYTHONPATH=$PWD python experiments/lever_values.py            # print the table
    PYTHONPATH=$PWD python experiments/lever_values.py --write    # paste it into docs/model.md

Each lever is moved alone from its lower to its upper bound around the step-1 and the step-5
preset (everything else the preset); the table gives the NPV difference (60 months after the
24-month warm-up, 50 employees / 1,000 slots, 4 replications paired by seed, scaled to the
default 2,000 slots), its share of the step 1 -> 5 NPV gain, and what the lever's effect sizes
and cost rest on: the source kind of every environment parameter its formulas read (P published,
C calibrated, J judgement; ``EFFECTS``, read from sim/rules.py and sim/core/finance.py). Between
the ``lever-values`` markers of docs/model.md; tests/validation/test_lever_values.py checks it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sim.params import LEVERS, Sizes, replace, source_kind, spec
from sim.steps import Schedule, step_policy
from sim.validation.common import paired_runs

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
MARKERS = re.compile(r"(<!-- BEGIN lever-values -->\n)(.*?)(<!-- END lever-values -->)", re.S)
SIZES = Sizes(n_employees=50, n_customers=1000, n_suppliers=5)
SCALE = 2.0  # to the default 2,000 slots (money is size-free per slot: tests/validation/test_size_free.py)
REPS, MONTHS, STEPS = 4, 60, (1, 5)
LARGE = 0.10  # a lever worth more than this share of the step 1 -> 5 gain is flagged

#: the environment parameters each lever's formulas read (its effect sizes and its cost)
EFFECTS: dict[str, tuple[str, ...]] = {
    "cost_focus": ("cost_focus_time_cut", "cost_focus_problems", "engagement_cost_focus", "hassle_effect"),
    "frontline_share": ("back_office_effect", "back_office_reference"),
    "voice_of_customer": ("heard_base", "heard_voc", "fit_learning", "fit_voc", "programme_cost"),
    "service_scorecard": (
        "individual_precision_scorecard",
        "team_precision_scorecard",
        "engagement_scorecard",
        "programme_cost",
    ),
    "satisfaction_goals": ("aim_goals", "culture_target_goals", "programme_cost"),
    "competitor_benchmarking": ("fit_learning", "fit_benchmarking", "programme_cost"),
    "training": ("learn_rate", "training_cost"),
    "onboarding": ("onboarding_gain", "onboarding_cost"),
    "hiring_selectivity": ("selection_gain", "selection_narrowing", "hire_cost"),
    "communication": ("communication_weight", "communication_floor", "programme_cost"),
    "vision_clarity": ("culture_target_vision", "programme_cost"),
    "values_clarity": ("values_noise_cut", "programme_cost"),
    "recognition": ("engagement_recognition", "recognition_cost"),
    "reward_intensity": ("engagement_rewards", "reward_pool"),
    "team_reward_weight": ("helping",),
    "reward_cs_share": ("aim_cs_reward",),
    "empowerment": ("fix_empowered", "engagement_empowerment"),
    "relationship_continuity": ("relationship_bond", "relationship_maturity", "dedicated_after"),
    "segment_targeting": ("targeting_high", "targeting_low"),
    "service_spend": ("service_time_base", "time_saturation", "time_effect", "service_cost"),
    "community_programs": ("community_join", "community_bond", "community_cost", "programme_cost"),
    "supplier_collaboration": ("supplier_learning", "supplier_premium"),
    "supplier_selection": ("supplier_turnover", "supplier_premium"),
    "misfit_removal": ("misfit_rate", "hire_cost"),
    "marketing": ("marketing_elasticity", "marketing_budget", "acquisition_cost"),
    "team_size": ("helping", "team_monitoring"),
    "staffing_to_demand": ("staffing_load", "comfortable_load", "wage", "hire_cost"),
    "layoffs": ("staffing_band", "layoff_engagement_drop", "severance_months", "separation_cost"),
}
KIND = {"published": "P", "calibrated": "C", "judgement": "J"}


def rests_on(lever: str) -> str:
    return ", ".join(f"`{n}` {KIND[source_kind(spec('environment', n)['source'])]}" for n in EFFECTS[lever])


def measure(reps: int = REPS) -> dict:
    """NPV at each lever's bounds around each step's preset: (step, lever) -> (reps,) differences, and the
    step 1 -> 5 gain (reps,)."""
    schedules, keys = [], []
    for step in STEPS:
        for lever in LEVERS:
            lo, hi = spec("levers", lever)["bounds"]
            for value in (lo, hi):
                schedules.append(Schedule.constant(replace(step_policy(step), **{lever: value})))
                keys.append((step, lever))
    schedules += [Schedule.constant(step_policy(k)) for k in STEPS]
    npv = paired_runs(schedules, reps, sizes=SIZES, months=MONTHS)["cumulative_discounted_profit"][:, :, -1] * SCALE
    diffs = {key: npv[2 * i + 1] - npv[2 * i] for i, key in enumerate(keys[::2])}
    return dict(diffs=diffs, ladder=npv[-1] - npv[-2])


def table(m: dict | None = None) -> str:
    m = m or measure()
    gain = float(m["ladder"].mean())
    lines = [
        f"Step 1 -> 5 NPV gain: ${gain / 1e6:.2f}M (60 months, default size).",
        "",
        "| lever | step 1: NPV low -> high | share of the 1 -> 5 gain | step 5: NPV low -> high "
        "| share | effect sizes and cost rest on |",
        "|---|---|---|---|---|---|",
    ]
    for lever in LEVERS:
        cells = []
        for step in STEPS:
            d = m["diffs"][(step, lever)]
            share = d.mean() / gain
            flag = " **!**" if abs(share) > LARGE else ""
            cells += [f"{d.mean() / 1e6:+.2f}M", f"{share:+.0%}{flag}"]
        lines.append(f"| `{lever}` | " + " | ".join(cells) + f" | {rests_on(lever)} |")
    return "\n".join(lines)


def pasted() -> str | None:
    found = MARKERS.search(MODEL_MD.read_text())
    return found.group(2).rstrip("\n") if found else None


def write() -> None:
    text = MODEL_MD.read_text()
    if not MARKERS.search(text):
        raise SystemExit(f"{MODEL_MD}: lever-values markers not found")
    MODEL_MD.write_text(MARKERS.sub(lambda g: g.group(1) + table() + "\n" + g.group(3), text))


if __name__ == "__main__":
    write() if "--write" in sys.argv else print(table())
    sys.exit(0)
