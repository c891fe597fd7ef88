"""The calibration tables of docs/model.md section 7 (measured on the code as it is).

    PYTHONPATH=. python experiments/calibration_table.py            # print both tables
    PYTHONPATH=. python experiments/calibration_table.py --write    # paste them into docs/model.md
                                                                     # (and the channel table into docs/validation.md)

Targets: the same experiments and checks as tests/validation (sim.validation); the leverages of
Gupta, Lehmann & Stuart (2004) at every step (``chain.leverages``). Steps: default
parameters and sizes, constant step presets after the 24-month warm-up, 60 recorded months, base
seed 1, 10 replications; summary over the last 12 months; mean +- sd over replications.
tests/validation/test_calibration_table.py checks that what is pasted equals what this makes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"

STEP_ROWS = [
    ("annual_churn", "`annual_churn`", lambda m, s: f"{100 * m:.1f}% ± {100 * s:.1f}"),
    ("mean_loyalty", "`mean_loyalty`", lambda m, s: f"{m:.3f} ± {s:.3f}"),
    ("mean_satisfaction", "`mean_satisfaction`", lambda m, s: f"{m:.3f} ± {s:.3f}"),
    ("nps", "`nps`", lambda m, s: f"{m:+.1f} ± {s:.1f}"),
    ("employee_turnover", "`employee_turnover` (per year)", lambda m, s: f"{m:.3f} ± {s:.3f}"),
    ("engagement", "`engagement`", lambda m, s: f"{m:.3f}"),
    ("culture_strength", "`culture_strength`", lambda m, s: f"{m:.3f}"),
    ("customers", "`customers` (end)", lambda m, s: f"{m:,.0f} ± {s:,.0f}"),
    ("clv", "`clv` (\\$)", lambda m, s: f"{m:,.0f} ± {s:,.0f}"),
    ("npv", "`npv` (\\$ million, 60 months)", lambda m, s: f"{m / 1e6:.2f} ± {s / 1e6:.2f}"),
]


def step_table() -> str:
    from sim.runs.runner import run
    from sim.runs.scenario import Scenario

    summary = run([Scenario.from_step(k) for k in range(1, 6)], replications=10).summary()
    stats = summary.groupby("scenario", sort=False)
    mean, sd = stats.mean(numeric_only=True), stats.std(numeric_only=True)
    lines = ["| metric (last 12 months) | step 1 | step 2 | step 3 | step 4 | step 5 |", "|---|---|---|---|---|---|"]
    for key, label, fmt in STEP_ROWS:
        lines.append(f"| {label} | " + " | ".join(fmt(mean.loc[s, key], sd.loc[s, key]) for s in mean.index) + " |")
    return "\n".join(lines)


def target_table() -> str:
    from sim.validation import baseline, chain

    lad = chain.ladder()
    lev = chain.retention_leverage()
    levs = chain.leverages()
    ch = chain.channel_shares()
    st = baseline.stationarity()
    size = baseline.npv_per_slot(reps=64)  # step 1 is a thin margin: many replications
    drift = {k: np.max(np.abs(st["late"][k] - st["early"][k])) for k in ("loyalty", "nps", "annual_churn")}
    rows = [
        (
            "NPS, step 1",
            "-35 to 0",
            "industry averages rarely below 0, laggards about -30 (issue #10) [S]",
            f"{lad['nps'][0]:+.1f}",
        ),
        ("NPS, step 5", "+40 to +80", "service leaders (issue #10) [S]", f"{lad['nps'][4]:+.1f}"),
        (
            "annual customer churn, step 1",
            "20-35%",
            "mobile churn 2-3%/month (literature notes) [S]",
            f"{100 * lad['annual_churn'][0]:.1f}%",
        ),
        (
            "annual customer churn, step 5",
            "below 10%",
            "US postpaid under 1%/month (literature notes) [S]",
            f"{100 * lad['annual_churn'][4]:.1f}%",
        ),
        (
            "loyalty up, churn down at every step",
            "yes",
            "the culture ladder (seed 000)",
            "yes"
            if np.all(np.diff(lad["loyalty"].mean(axis=1)) > 0) and np.all(np.diff(lad["annual_churn"]) < 0)
            else "no",
        ),
        (
            "firm value from 1% better annual retention, step 3",
            "3-7% (about 5%)",
            "Gupta, Lehmann & Stuart 2004, JMR 41(1) [V abstract]",
            f"{lev['pct_retention']:+.2f}% (240 months)",
        ),
        *[
            (
                f"retention : margin (firm value from 1% better retention / 1% more contribution per customer), "
                f"step {k}",
                "3-7x (about 5x)" if k > 1 else "none (a thin margin)",
                "Gupta, Lehmann & Stuart 2004: 5% vs 1%, retention 3-7% across firms [V abstract]; their margin "
                "net of the costs of serving, as their margin elasticity of about 1 implies (section 7)",
                f"{r['retention_to_contribution']:.2f}x ({r['pct_retention']:+.2f}% / {r['pct_contribution']:+.2f}%)"
                + (
                    f" (not met: slots {r['capacity_filled']:.0%} full, below)"
                    if k > 1 and not 3.0 <= r["retention_to_contribution"] <= 7.0
                    else ""
                ),
            )
            for k, r in levs.items()
        ],
        (
            "Gupta et al.'s ratio at the model's retention and horizon (1 + r/(1 + i - r), 20 years), steps 1-5",
            "none (the formula the model departs from)",
            "Gupta, Lehmann & Stuart 2004; Gupta & Lehmann 2003 (i = 10%)",
            " / ".join(f"{r['gupta_ratio']:.1f}x" for r in levs.values()),
        ),
        (
            "share of the market won / of the slots filled (leverage runs), steps 1-5",
            "no target",
            "why the ratio falls short of the formula's (section 7, 'The value of retention')",
            "; ".join(f"{r['market_won']:.0%} / {r['capacity_filled']:.0%}" for r in levs.values()),
        ),
        (
            "retention : gross margin (1% better gross margin instead), steps 1 / 2 / 3 / 4 / 5",
            "not Gupta et al.'s margin",
            "shown for comparison: gross margin is before the costs of serving",
            " / ".join(f"{r['retention_to_margin']:.2f}x" for r in levs.values()),
        ),
        (
            "firm value from 1% lower acquisition cost, steps 1 / 2 / 3 / 4 / 5",
            "below 0.5% (about 0.1%)",
            "Gupta, Lehmann & Stuart 2004",
            " / ".join(f"{r['pct_acquisition']:+.3f}%" for r in levs.values()),
        ),
        (
            "NPV step 5 / step 1 (60 months, default sizes)",
            "no published bound",
            "Reichheld & Sasser 1990 (5 points more retention, 25-85% more profit) is the nearest [S]",
            f"{lad['npv'][4].mean() / lad['npv'][0].mean():.1f}x",
        ),
        (
            "step-1 -> 5 loyalty gain removed by switching off employees/culture",
            "at least a third",
            "service-profit chain, each link modest (Harter et al. 2002; Brown & Lam 2008)",
            f"{ch['removed']['employees/culture']['mean_loyalty']:.0%}",
        ),
        (
            "drift of loyalty / NPS / annual churn, months 180-240 vs 0-60, worst step",
            "0.02 / 3 / 1 point",
            "stationary baselines (issue #10)",
            f"{drift['loyalty']:.3f} / {drift['nps']:.1f} / {100 * drift['annual_churn']:.1f}",
        ),
        (
            "NPV per slot at half and double size vs default, worst step",
            "within 5%",
            "size-free economics (issue #10)",
            f"{100 * np.max(np.abs(size['relative'])):.1f}%",
        ),
    ]
    lines = ["| quantity | target | source | model |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def channel_table() -> str:
    """docs/validation.md: share of the step-1 -> 5 gain removed by switching off each channel."""
    from sim.validation import chain

    r = chain.channel_shares()
    lv = r["levels"]
    lines = [
        "| channel switched off | switches | loyalty gain removed | NPS gain removed | fall of log churn removed |",
        "|---|---|---|---|---|",
        f"| none (defaults): step 1 -> 5 | - | loyalty {lv['mean_loyalty'][0, 0]:.3f} -> {lv['mean_loyalty'][0, 1]:.3f} "
        f"| NPS {lv['nps'][0, 0]:+.1f} -> {lv['nps'][0, 1]:+.1f} "
        f"| churn {100 * lv['churn_rate'][0, 0]:.2f} -> {100 * lv['churn_rate'][0, 1]:.2f}%/month |",
    ]
    for name, off in chain.CHANNELS.items():
        rem = r["removed"][name]
        switches = ", ".join(f"`{k}`" for k in off)
        lines.append(
            f"| {name} | {switches} = 0 | {rem['mean_loyalty']:.0%} | {rem['nps']:.0%} | {rem['log_churn']:.0%} |"
        )
    return "\n".join(lines)


TABLES = {"calibration-targets": target_table, "calibration-steps": step_table}
VALIDATION_TABLES = {"channel-table": channel_table}
VALIDATION_MD = MODEL_MD.with_name("validation.md")


def block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- BEGIN {name} -->\n)(.*?)(<!-- END {name} -->)", re.S)


def pasted(text: str, name: str) -> str | None:
    m = block(name).search(text)
    return m.group(2).rstrip("\n") if m else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="paste the tables into docs/model.md")
    args = ap.parse_args(argv)
    for path, tables in ((MODEL_MD, TABLES), (VALIDATION_MD, VALIDATION_TABLES)):
        made = {name: make() for name, make in tables.items()}
        if not args.write:
            for name, table in made.items():
                print(f"<!-- {name} -->\n{table}\n")
            continue
        text = path.read_text()
        for name, table in made.items():
            if pasted(text, name) is None:
                raise SystemExit(f"{path}: markers for {name} not found")
            text = block(name).sub(lambda m, t=table: m.group(1) + t + "\n" + m.group(3), text)
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
