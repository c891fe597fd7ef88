"""Generate the tables of docs/model.md from the code, so the document cannot drift from it.

    python docs/make_tables.py            # print every table
    python docs/make_tables.py --write    # replace the tables between their markers in docs/model.md

Each table sits in model.md between ``<!-- BEGIN name -->`` and ``<!-- END name -->``;
tests/test_docs.py checks that what is pasted there equals what this script generates.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.metrics import SERIES, SUMMARY
from sim.params import LEVERS, MECHANISMS, source_kind, table
from sim.steps import BASCH_ELEMENTS, STEP_NAMES, step_policy

MODEL_MD = Path(__file__).with_name("model.md")


def _cell(x) -> str:
    text = f"{x:g}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)
    return text.replace("|", "\\|").replace("$", "\\$")  # a bare $ would start math on GitHub


def _markdown(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def param_table() -> str:
    """Every parameter of sim.params: group, mechanism, name, default, bounds, unit, meaning, source."""
    rows = [
        [
            r["group"],
            r["mechanism"],
            f"`{r['name']}`",
            r["default"],
            f"[{_cell(r['low'])}, {_cell(r['high'])}]",
            r["unit"],
            r["meaning"],
            r["source"],
        ]
        for r in table()
    ]
    return _markdown(["group", "mechanism", "name", "default", "bounds", "unit", "meaning", "source"], rows)


def param_counts() -> str:
    """How many parameters each group and mechanism has, and what environment values rest on (source_kind)."""
    rows = table()
    kinds = ("published", "calibrated", "judgement")
    env = [r for r in rows if r["group"] == "environment"]
    out = [[g, sum(r["group"] == g for r in rows)] + ["-"] * len(kinds) for g in ("sizes", "levers")]
    for title, group in [(f"environment: {m}", [r for r in env if r["mechanism"] == m]) for m in MECHANISMS] + [
        ("environment (all)", env)
    ]:
        out.append([title, len(group)] + [sum(source_kind(r["source"]) == k for r in group) for k in kinds])
    out.append(["total", len(rows)] + ["-"] * len(kinds))
    return _markdown(["group / mechanism", "parameters"] + list(kinds), out)


def step_table() -> str:
    """The lever presets of steps 1..5 (sim.steps.step_policy), with each lever's Basch element."""
    element = {lever: name.split(" (")[0] for name, levers in BASCH_ELEMENTS.items() for lever in levers}
    presets = [step_policy(k) for k in STEP_NAMES]
    rows = [[f"`{lever}`", element.get(lever, "-")] + [getattr(p, lever) for p in presets] for lever in LEVERS]
    return _markdown(["lever", "Basch element"] + [f"step {k}" for k in STEP_NAMES], rows)


def metric_table() -> str:
    """The metric registry (sim.metrics): monthly series, then per-run summaries."""
    rows = [["series", f"`{k}`", m.unit, m.meaning] for k, m in SERIES.items()]
    rows += [["summary", f"`{k}`", m.unit, m.meaning] for k, m in SUMMARY.items()]
    return _markdown(["kind", "name", "unit", "meaning"], rows)


def rule_numbers() -> str:
    """Numbers the prose quotes that follow from the rules at the default parameters (no simulation)."""
    import numpy as np

    from sim import rules
    from sim.params import Environment, Policy

    env, pol = Environment(), Policy()

    def hazard(loyalty):
        return float(rules.churn_probability(loyalty, env))

    def target(s):
        return float(rules.loyalty_target(s, 0.0, False, env))

    rows = [["monthly churn hazard at loyalty 1 / 0", f"{100 * hazard(1.0):.2f}% / {100 * hazard(0.0):.2f}%"]]
    for s in (0.5, 0.75, 0.8, 1.0):
        rows.append(
            [
                f"loyalty target (no bonds) and its churn hazard at satisfaction {s:g}",
                f"{target(s):.3f}, {100 * hazard(target(s)):.2f}%/month",
            ]
        )
    rows.append(
        [
            "churn, satisfaction 0.75 vs 1 (same customer, no bonds)",
            f"{hazard(target(0.75)) / hazard(target(1.0)):.1f}x",
        ]
    )
    rows.append(
        [
            "monthly Bass innovation / imitation coefficient (bass_p, bass_q per year, a twelfth a month)",
            f"{env.bass_p / 12:.4f} / {env.bass_q / 12:.4f}",
        ]
    )
    rows.append(
        [
            "innovation leads at marketing 0.25 / 1, relative to 0.5",
            " / ".join(
                f"{float(rules.marketing_reach(type('P', (), dict(marketing=m))(), env)):.3f}" for m in (0.25, 1.0)
            ),
        ]
    )
    share = 1.0 - 0.8413447  # below mean - 1 sd of a normal
    rows.append(
        [
            "most frontline staff moved out by misfit removal in a year (full lever)",
            f"about {100 * share * env.misfit_rate * 12:.0f}%",
        ]
    )
    pace = rules.WARMUP_PACE * (24 - rules.WARMUP_SETTLE) + rules.WARMUP_SETTLE
    rows.append(["customer-process months covered by the default 24-month warm-up", f"{pace:g}"])
    fs = np.array([0.1, 0.3, 0.9])
    factor = 1.0 - env.back_office_effect * ((1.0 - fs) - env.back_office_reference)
    rows.append(
        ["problems relative to step 1 at frontline_share 0.1 / 0.3 / 0.9", " / ".join(f"{x:.2f}" for x in factor)]
    )
    rows.append(
        [
            "applicant pool mean orientation; hires at full selectivity (no onboarding)",
            f"{env.hire_orientation:g}; {env.hire_orientation + env.selection_gain * env.hire_orientation_sd:g}",
        ]
    )
    del pol
    return _markdown(["quantity (default parameters)", "value"], rows)


def sector_profiles() -> str:
    """The sector profiles of sim.runs.profiles: each figure with its source."""
    from sim.runs.profiles import SECTORS

    def pct(r):
        return f"{r[0]:.0%}-{r[1]:.0%}"

    shown = {
        "monthly_revenue": lambda p: f"${p.monthly_revenue:,.2f}",
        "customers_per_employee": lambda p: f"{p.customers_per_employee:g}",
        "gross_margin": lambda p: f"{p.gross_margin:.0%}",
        "loaded_wage": lambda p: f"${p.loaded_wage:,.0f}",
        "acquisition_months": lambda p: f"{p.acquisition_months:.2f}",
        "annual_churn": lambda p: pct(p.annual_churn),
        "nps": lambda p: f"{p.nps[0]:+.0f} to {p.nps[1]:+.0f}",
        "staff_turnover": lambda p: pct(p.staff_turnover),
    }
    rows = [[f"`{key}`", p.name, show(p), p.sources[key]] for key, show in shown.items() for p in SECTORS.values()]
    rows += [
        ["typical step", p.name, p.typical_step, "the step whose model churn and NPS sit in the ranges"]
        for p in SECTORS.values()
    ]
    return _markdown(["figure", "sector", "value", "source"], rows)


TABLES = {
    "param-table": param_table,
    "param-counts": param_counts,
    "step-table": step_table,
    "metric-table": metric_table,
    "rule-numbers": rule_numbers,
    "sector-profiles": sector_profiles,
}


def block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- BEGIN {name} -->\n)(.*?)(<!-- END {name} -->)", re.S)


def pasted(text: str, name: str) -> str | None:
    """The table pasted in model.md under its markers, or None when the markers are missing."""
    m = block(name).search(text)
    return m.group(2).rstrip("\n") if m else None


def write(path: Path = MODEL_MD) -> None:
    text = path.read_text()
    for name, make in TABLES.items():
        if pasted(text, name) is None:
            raise SystemExit(f"{path}: markers for {name} not found")
        table = make()
        text = block(name).sub(lambda m, t=table: m.group(1) + t + "\n" + m.group(3), text)
    path.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the tables in docs/model.md in place")
    args = parser.parse_args(argv)
    if args.write:
        write()
    else:
        for name, make in TABLES.items():
            print(f"<!-- {name} -->\n{make()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
