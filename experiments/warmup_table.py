"""How long a warm-up the recorded months need to be stationary over 40 years, and what the default
one does to a 60-month NPV (issue 22).

    PYTHONPATH=$PWD python experiments/warmup_table.py            # print the tables
    PYTHONPATH=$PWD python experiments/warmup_table.py --write    # paste them into docs/model.md (section 3)

``table``: for each warm-up of ``WARMUPS``, ``sim.validation.baseline.stationarity`` with the 40-year
test's settings (64 replications, first vs last 60 of 480 recorded months, every step preset), the
drift of customers and monthly profit, and whether all five tolerances hold (``checks.stationarity``).
``npv_table``: each step preset's 60-month NPV at the default sizes after the default warm-up and
after a settled one (``SETTLED``), 32 paired replications. The tables sit in docs/model.md between
``<!-- BEGIN warmup-table -->`` / ``<!-- END warmup-table -->`` and the same markers of
``warmup-npv``; tests/validation/test_stationarity.py checks that they are what this script makes of
the code now.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sim.params import Sizes
from sim.runs.scenario import Scenario
from sim.steps import Schedule, step_policy
from sim.validation import baseline, checks
from sim.validation.common import paired_runs

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
MARKERS = ("<!-- BEGIN warmup-table -->\n", "<!-- END warmup-table -->")
NPV_MARKERS = ("<!-- BEGIN warmup-npv -->\n", "<!-- END warmup-npv -->")
WARMUPS = (24, 60, 120, 180, 240)
REPS, MONTHS, WINDOW = 64, 480, 60
CUSTOMERS, PROFIT = 0.02, 0.05  # the 40-year test's tolerances (loyalty, NPS and churn: checks' defaults)
SETTLED, NPV_REPS, NPV_MONTHS = 240, 32, 60


def row(warmup: int) -> str:
    r = baseline.stationarity(
        reps=REPS, months=MONTHS, early=(0, WINDOW), late=(MONTHS - WINDOW, MONTHS), warmup=warmup
    )
    customers = r["late"]["customers"] / r["early"]["customers"] - 1.0
    profit = r["late"]["profit"] / r["early"]["profit"] - 1.0
    within = not checks.stationarity(r, customers=CUSTOMERS, profit=PROFIT)
    name = f"{warmup} months" + (" (default)" if warmup == Scenario.warmup else "")
    cells = (
        " / ".join(f"{100 * x:+.1f}" for x in customers) + "%",
        " / ".join(f"{100 * x:+.0f}" for x in profit) + "%",
        "yes" if within else "no",
    )
    return f"| {name} | " + " | ".join(cells) + " |"


def table() -> str:
    lines = ["| warm-up | customers | monthly profit | within all five tolerances |", "|---|---|---|---|"]
    return "\n".join(lines + [row(w) for w in WARMUPS])


def npv_table() -> str:
    steps = range(1, 6)
    npv = {}
    for warmup in (Scenario.warmup, SETTLED):
        schedules = [Schedule.constant(step_policy(k)) for k in steps]
        out = paired_runs(schedules, NPV_REPS, sizes=Sizes(), months=NPV_MONTHS, warmup=warmup)
        npv[warmup] = out["cumulative_discounted_profit"][:, :, -1].mean(axis=1)
    lines = [
        "| 60-month NPV | " + " | ".join(f"step {k}" for k in steps) + " |",
        "|---|" + "---|" * len(steps),
        f"| after {Scenario.warmup} months (default) | "
        + " | ".join(f"${x / 1e6:.2f}M" for x in npv[Scenario.warmup])
        + " |",
        f"| after {SETTLED} months | " + " | ".join(f"${x / 1e6:.2f}M" for x in npv[SETTLED]) + " |",
        "| settled against default | "
        + " | ".join(f"{100 * (b / a - 1):+.0f}%" for a, b in zip(npv[Scenario.warmup], npv[SETTLED]))
        + " |",
    ]
    return "\n".join(lines)


def pasted(text: str, markers: tuple[str, str] = MARKERS) -> str | None:
    m = re.search(re.escape(markers[0]) + r"(.*?)" + re.escape(markers[1]), text, re.S)
    return m.group(1).rstrip("\n") if m else None


def paste(text: str, markers: tuple[str, str], made: str) -> str:
    if pasted(text, markers) is None:
        raise SystemExit(f"{MODEL_MD}: markers {markers[0].strip()} / {markers[1]} not found")
    start = text.index(markers[0]) + len(markers[0])
    return text[:start] + made + "\n" + text[text.index(markers[1]) :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="paste the table into docs/model.md")
    made, npv = table(), npv_table()
    if not parser.parse_args().write:
        print(made + "\n\n" + npv)
        return
    MODEL_MD.write_text(paste(paste(MODEL_MD.read_text(), MARKERS, made), NPV_MARKERS, npv))


if __name__ == "__main__":
    main()
