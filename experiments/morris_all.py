"""Morris screening over every parameter (levers, environment and the coefficients of the rules)
at culture steps 1, 3 and 5: which numbers drive NPV, loyalty, NPS and churn (issue 22).

    PYTHONPATH=$PWD python experiments/morris_all.py            # simulate, write runs, table, figure
    PYTHONPATH=$PWD python experiments/morris_all.py --tables   # redo table and figure from the stored runs

Ranges: every environment parameter from half to one and a half times its default, within its
bounds (full bounds where the default is 0): the calibration's default prior
(``sim.calibration.history.default_prior``); every lever the step's preset plus or minus a fifth
of its range, within bounds. SALib Morris, ``TRAJECTORIES`` trajectories of ``LEVELS`` levels,
each point one run of ``sim.sweeps.ModelFunction`` (common random numbers: every run has the
same seed) at 40 employees / 800 customer slots (the default 1 : 20), 48 months after a 24-month
warm-up. Writes the per-run outputs (``RUNS``), the figure (``FIGURE``) and the top-10 tables
into docs/validation.md between ``<!-- BEGIN morris-all -->`` and ``<!-- END morris-all -->``;
tests/test_morris_all.py checks that the tables follow from the runs and the runs from the code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calibration.history import default_prior
from sim.params import ENVIRONMENT, LEVER_RANGE, LEVERS, Sizes, group_of, source_kind, spec
from sim.runs.scenario import load
from sim.sweeps import ModelFunction

ROOT = Path(__file__).resolve().parents[1]
STEPS = {1: "step1_minimize_hassles.toml", 3: "step3_link_employees_with_users.toml", 5: "step5_customer_culture.toml"}
OUTPUTS = {"npv": "NPV", "mean_loyalty": "loyalty", "nps": "NPS", "annual_churn": "annual churn"}
NAMES = tuple(LEVERS) + tuple(ENVIRONMENT)
TRAJECTORIES, LEVELS, SEED = 16, 4, 1
#: the coefficients that were literals in sim/rules.py before issue 22 (marked * in the tables; the NPS
#: mapping's three replace its two cut-offs)
RULE_COEFFICIENTS = (
    "culture_target_base",
    "culture_target_vision",
    "culture_target_goals",
    "communication_floor",
    "communication_weight",
    "selection_gain",
    "selection_narrowing",
    "onboarding_gain",
    "hire_skill_low",
    "hire_skill_width",
    "hire_engagement",
    "misfit_rate",
    "misfit_below",
    "engagement_recognition",
    "engagement_empowerment",
    "engagement_rewards",
    "engagement_scorecard",
    "engagement_overload",
    "engagement_cost_focus",
    "individual_precision_base",
    "individual_precision_scorecard",
    "team_precision_base",
    "team_precision_scorecard",
    "effort_base",
    "effort_incentive",
    "aim_base",
    "aim_goals",
    "aim_cs_reward",
    "measure_noise",
    "overload_max",
    "capability_skill",
    "capability_orientation",
    "capability_effort",
    "values_noise_cut",
    "service_time_base",
    "cost_focus_time_cut",
    "targeting_high",
    "targeting_low",
    "time_saturation",
    "back_office_reference",
    "unreliable_problems",
    "cost_focus_problems",
    "heard_base",
    "heard_voc",
    "fix_base",
    "fix_empowered",
    "dedicated_after",
    "new_satisfaction",
    "arrival_spread",
    "relationship_maturity",
    "bond_max",
    "recommend_at_zero",
    "recommend_at_one",
    "recommend_spread",
    "community_join",
    "community_leave_base",
    "community_leave_unsupported",
    "fit_voc",
    "fit_benchmarking",
    "initial_state_low",
    "initial_state_width",
    "initial_tenure_max",
    "initial_supplier_spread",
    "wom_imitation",
    "supplier_own_base",
    "supplier_own_commitment",
    "selected_commitment_low",
    "selected_commitment_width",
)
SIZES = Sizes(n_employees=40, n_customers=800, n_suppliers=10)
MONTHS, WARMUP = 48, 24
LEVER_REACH = 0.2  # levers vary by this share of their range around the preset
TOP = 10
RUNS = ROOT / "docs" / "morris_all_runs.csv.gz"
FIGURE = ROOT / "docs" / "figures" / "morris_all.png"
VALIDATION_MD = ROOT / "docs" / "validation.md"
MARKERS = ("<!-- BEGIN morris-all -->\n", "<!-- END morris-all -->")


def scenario(step: int):
    return load(ROOT / "scenarios" / STEPS[step])


def ranges(step: int) -> list[list[float]]:
    """The screened range of every parameter around the step's scenario (see the module docstring)."""
    base = scenario(step)
    preset = base.schedule.lever_path(1)
    out = []
    for name in NAMES:
        if group_of(name) == "environment":
            out.append(list(default_prior(base, name)))
        else:
            lo, hi = spec("levers", name)["bounds"]
            v, reach = float(preset[name][0]), LEVER_REACH * LEVER_RANGE[name]
            out.append([max(lo, v - reach), min(hi, v + reach)])
    return out


def problem(step: int) -> dict:
    return {"num_vars": len(NAMES), "names": list(NAMES), "bounds": ranges(step)}


def design(step: int) -> np.ndarray:
    from SALib.sample import morris

    return morris.sample(problem(step), TRAJECTORIES, num_levels=LEVELS, seed=SEED)


def model(step: int) -> ModelFunction:
    return ModelFunction(scenario(step), NAMES, tuple(OUTPUTS), months=MONTHS, warmup=WARMUP, sizes=SIZES, seed=SEED)


def simulate(step: int, rows: slice = slice(None)) -> pd.DataFrame:
    """The outputs of the design's ``rows`` at ``step``, one row per run."""
    X = design(step)
    index = np.arange(len(X))[rows]
    frame = pd.DataFrame(model(step)(X[index]), columns=list(OUTPUTS))
    frame.insert(0, "run", index)
    frame.insert(0, "step", step)
    return frame


def indices(runs: pd.DataFrame) -> pd.DataFrame:
    """Morris mu* (and its 95% bootstrap half-width) and sigma per step, output and parameter."""
    from SALib.analyze import morris

    rows = []
    for step in STEPS:
        part = runs[runs.step == step].sort_values("run")
        X = design(step)
        for output in OUTPUTS:
            res = morris.analyze(
                problem(step), X, part[output].to_numpy(), num_levels=LEVELS, num_resamples=200, seed=SEED
            )
            for i, name in enumerate(NAMES):
                rows.append(
                    dict(
                        step=step,
                        output=output,
                        name=name,
                        mu_star=res["mu_star"][i],
                        mu_star_conf=res["mu_star_conf"][i],
                        sigma=res["sigma"][i],
                    )
                )
    return pd.DataFrame(rows)


def kind(name: str) -> str:
    """'lever', or what the environment value rests on: published, calibrated, judgement."""
    return "lever" if group_of(name) == "levers" else source_kind(spec("environment", name)["source"])


SHORT = {"lever": "L", "published": "P", "calibrated": "C", "judgement": "J"}


def top(ix: pd.DataFrame, step: int, output: str, n: int = TOP) -> pd.DataFrame:
    part = ix[(ix.step == step) & (ix.output == output)]
    return part.sort_values(["mu_star", "name"], ascending=[False, True]).head(n)


def tables(ix: pd.DataFrame) -> str:
    """One markdown table per output: the top parameters at each step, mu* relative to the top one."""
    blocks = []
    for output, label in OUTPUTS.items():
        cols = {}
        for step in STEPS:
            t = top(ix, step, output)
            first = t.mu_star.iloc[0]
            cols[step] = [
                f"`{r.name}`{'*' if r.name in RULE_COEFFICIENTS else ''} {SHORT[kind(r.name)]} {r.mu_star / first:.2f}"
                for r in t.itertuples()
            ]
        lines = [
            f"**{label}** (`{output}`; mu* of the top parameter: "
            + ", ".join(f"step {s} {_number(top(ix, s, output).mu_star.iloc[0], output)}" for s in STEPS)
            + ")",
            "",
            "| rank | " + " | ".join(f"step {s}" for s in STEPS) + " |",
            "|---|" + "---|" * len(STEPS),
        ]
        lines += [f"| {i + 1} | " + " | ".join(cols[s][i] for s in STEPS) + " |" for i in range(TOP)]
        blocks.append("\n".join(lines))
    blocks.append(nps_mapping(ix))
    return "\n\n".join(blocks)


def nps_mapping(ix: pd.DataFrame) -> str:
    """The NPS mapping's influence on NPS: mu* (NPS points over the screened range, and per 0.1 of a
    0-10 answer on average) and rank among all parameters."""
    lines = [
        "**NPS mapping** (satisfaction -> 0-10 recommend answer; mu* on NPS in points over the screened "
        "range, its average per 0.1 of an answer point, and the rank among all parameters)",
        "",
        "| step | " + " | ".join(f"`{n}` {ranges_text(n)}" for n in NPS_MAPPING) + " |",
        "|---|" + "---|" * len(NPS_MAPPING),
    ]
    for step in STEPS:
        part = ix[(ix.step == step) & (ix.output == "nps")].sort_values(["mu_star", "name"], ascending=[False, True])
        order = list(part.name)
        bounds = dict(zip(NAMES, ranges(step)))
        cells = []
        for n in NPS_MAPPING:
            mu = float(part.set_index("name").mu_star[n])
            per = mu * 0.1 / (bounds[n][1] - bounds[n][0])
            cells.append(f"{mu:.1f} ({per:.1f} per 0.1), rank {order.index(n) + 1}")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


NPS_MAPPING = ("recommend_at_zero", "recommend_at_one", "recommend_spread")


def ranges_text(name: str) -> str:
    lo, hi = ranges(1)[NAMES.index(name)]
    return f"[{lo:g}, {hi:g}]"


def _number(x: float, output: str) -> str:
    return f"${x / 1e6:.2f}M" if output == "npv" else f"{x:.3g}"


def pasted(text: str) -> str | None:
    m = re.search(re.escape(MARKERS[0]) + r"(.*?)" + re.escape(MARKERS[1]), text, re.S)
    return m.group(1).rstrip("\n") if m else None


def write_tables(ix: pd.DataFrame) -> None:
    text = VALIDATION_MD.read_text()
    if pasted(text) is None:
        raise SystemExit(f"{VALIDATION_MD}: markers {MARKERS[0].strip()} / {MARKERS[1]} not found")
    start = text.index(MARKERS[0]) + len(MARKERS[0])
    VALIDATION_MD.write_text(text[:start] + tables(ix) + "\n" + text[text.index(MARKERS[1]) :])


def figure(ix: pd.DataFrame) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"lever": "tab:blue", "published": "tab:green", "calibrated": "tab:olive", "judgement": "tab:red"}
    fig, axes = plt.subplots(len(OUTPUTS), len(STEPS), figsize=(15, 16), constrained_layout=True)
    for i, (output, label) in enumerate(OUTPUTS.items()):
        for j, step in enumerate(STEPS):
            t = top(ix, step, output)[::-1]
            ax = axes[i, j]
            ax.barh(t.name, t.mu_star, xerr=t.mu_star_conf, color=[colours[kind(n)] for n in t.name])
            ax.set_title(f"{label}, step {step}", fontsize=10)
            ax.tick_params(labelsize=8)
            ax.set_xlabel("Morris mu*" + (" ($)" if output == "npv" else ""), fontsize=8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    fig.legend(handles, list(colours), loc="lower center", ncol=4, bbox_to_anchor=(0.5, -0.02))
    fig.suptitle(
        f"Morris screening of all {len(NAMES)} parameters ({TRAJECTORIES} trajectories, "
        f"{SIZES.n_employees} employees / {SIZES.n_customers} slots, {MONTHS} months)"
    )
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURE, dpi=90, bbox_inches="tight")
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", action="store_true", help="only redo the table and figure from the stored runs")
    args = parser.parse_args(argv)
    if not args.tables:
        runs = pd.concat([simulate(step) for step in STEPS], ignore_index=True)
        runs.to_csv(RUNS, index=False, float_format="%.17g")
    runs = pd.read_csv(RUNS)
    ix = indices(runs)
    write_tables(ix)
    figure(ix)
    print(tables(ix))
    return 0


if __name__ == "__main__":
    sys.exit(main())
