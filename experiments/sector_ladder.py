"""The step ladder of each sector profile's typical organization (docs/model.md, "Sector profiles").

Each sector's typical firm (25 employees: a quarter of the 100 of ``typical``, the model is
size-free) is derived at its sector's typical step with ``sim.runs.organization.derive``; every
culture step is then simulated on those sizes and that environment
for 60 months after warm-up, 8 replications, seed 1; outcomes are over the last 12 months (NPV
over the 60 months). ``python -m experiments.sector_ladder`` prints the Markdown table that
docs/model.md holds between its ``sector-ladder`` markers (``--write`` replaces it there);
tests/test_organization.py checks it.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

from sim.params import Environment, Sizes
from sim.runs.organization import derive, typical
from sim.runs.profiles import SECTORS
from sim.runs.runner import run
from sim.runs.scenario import Scenario

EMPLOYEES = 25
MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
MARKERS = re.compile(r"(<!-- BEGIN sector-ladder -->\n)(.*?)(<!-- END sector-ladder -->)", re.S)


def rows():
    for name, profile in SECTORS.items():
        org = dataclasses.replace(
            typical(name), employees=EMPLOYEES, customers=round(EMPLOYEES * profile.customers_per_employee)
        )
        sizes, env = derive(org)  # the firm today, at its sector's typical step
        for step in range(1, 6):  # ... and every step as a what-if on the same firm
            s = Scenario.from_step(
                step,
                name=f"{name} {step}",
                sizes=dataclasses.replace(Sizes(), **sizes),
                env=dataclasses.replace(Environment(), **env),
            )
            r = run([s], replications=8, seed=1, months=60)
            m, series = r.summary().mean(numeric_only=True), r.series
            revenue = series["revenue"][:, -12:].sum()
            yield [
                name,
                step,
                f"{m.annual_churn:.1%}",
                f"{m.nps:+.0f}",
                f"{m.mean_loyalty:.2f}",
                f"{m.employee_turnover:.0%}",
                f"{m.customers:,.0f}",
                f"{sizes['n_customers']:,}",
                f"{series['workload'][:, -12:].mean():,.0f} / {env['comfortable_load']:,.0f}",
                f"{series['profit'][:, -12:].sum() / revenue:.1%}",
                f"{m.npv / 1e6:,.2f}",
            ]


HEADER = [
    "sector",
    "step",
    "annual churn",
    "NPS",
    "loyalty",
    "staff turnover",
    "customers (end)",
    "slots",
    "workload / comfortable",
    "profit / revenue",
    "NPV (M dollars)",
]


def table() -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows()]
    return "\n".join(lines)


def write(path: Path = MODEL_MD) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(MARKERS.sub(lambda m: m.group(1) + table() + "\n" + m.group(3), text), encoding="utf-8")


def pasted(path: Path = MODEL_MD) -> str:
    return MARKERS.search(path.read_text(encoding="utf-8")).group(2).rstrip("\n")


if __name__ == "__main__":
    write() if "--write" in sys.argv else print(table())
