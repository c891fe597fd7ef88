"""The README's worked example: calibrate the example organization, then optimise its policy.

Runs what the two commands below run (same defaults), into out/worked_example/, and prints the
lines the README quotes. The data set is SYNTHETIC (experiments/example_organization.py).

    culturesim calibrate experiments/example_organization.csv --scenario scenarios/example_organization.toml --out out/worked_example/calibrate
    culturesim optimize out/worked_example/calibrate/example_organization_calibrated.toml --budget B --min-loyalty L --out out/worked_example/optimize

B and L are set from today's policy: a budget of today's programme cost + 25%, and today's loyalty;
the default organization is also optimised with no limits.

    OMP_NUM_THREADS=1 PYTHONPATH=. python experiments/worked_example.py [--readme]   (--readme: rewrite the README's block)
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

from sim.calibration import calibrate
from sim.optimization import optimize
from sim.optimization.problem import programme_cost
from sim.runs.runner import run
from sim.runs.scenario import load

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "worked_example"


def limits(scenario) -> tuple[float, float]:
    """Budget: today's programme cost + 25%, rounded to $1,000; minimum loyalty: today's, rounded down to 0.01."""
    res = run(scenario, replications=8)
    cost = float(programme_cost(res.series).mean())
    loyalty = float(res.summary()["mean_loyalty"].mean())
    return round(1.25 * cost, -3), math.floor(100 * loyalty) / 100


def lines() -> list[str]:
    """The worked example's result lines, as the README quotes them (from scratch: no resume)."""
    shutil.rmtree(OUT, ignore_errors=True)
    out = []
    cal = calibrate(
        ROOT / "experiments" / "example_organization.csv",
        ROOT / "scenarios" / "example_organization.toml",
        out=OUT / "calibrate",
    )
    truth = json.loads((ROOT / "experiments" / "example_organization_truth.json").read_text())["values"]
    out.append(
        f"calibration: {cal.model_runs:,} model runs, {len(cal.waves)} waves, {len(cal.plausible)} plausible sets"
    )
    for r in cal.intervals().itertuples():
        out.append(
            f"  {r.parameter}: true {truth[r.parameter]:.4g}; 90% interval {r.low_90:.4g} to {r.high_90:.4g} "
            f"(prior {r.prior_low:.4g} to {r.prior_high:.4g}, {1 / r.width_vs_prior:.1f}x narrower): {r.verdict}"
        )
    fitted = OUT / "calibrate" / "example_organization_calibrated.toml"
    default = ROOT / "scenarios" / "example_organization.toml"
    for name, scenario, limited in (
        ("calibrated organization", fitted, True),
        ("default step-2 organization", default, True),
        ("default step-2 organization, no limits", default, False),
    ):
        budget, loyalty = limits(load(scenario)) if limited else (None, None)
        folder = OUT / (
            "optimize_"
            + name.replace("default step-2 organization", "default")
            .replace(", no limits", "_free")
            .replace("calibrated organization", "calibrated")
        )
        opt = optimize(scenario, budget, loyalty, out=folder)
        where = f" (budget {budget:,.0f} $/month, min loyalty {loyalty:.2f})" if limited else ""
        out.append(f"optimisation, {name}{where}:")
        out += ["  " + line for line in opt.summary().splitlines()]
    return out


START, END = "<!-- worked-example:start -->", "<!-- worked-example:end -->"


def update_readme(text: list[str]) -> None:
    """Put the lines between the README's worked-example markers."""
    path = ROOT / "README.md"
    readme = path.read_text()
    head, rest = readme.split(START)
    _, tail = rest.split(END)
    path.write_text(head + START + "\n```\n" + "\n".join(text) + "\n```\n" + END + tail)


if __name__ == "__main__":
    result = lines()
    print("\n".join(result))
    if "--readme" in sys.argv:
        update_readme(result)
