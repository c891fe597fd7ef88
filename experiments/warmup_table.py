"""How long a warm-up the recorded months need to be stationary over 40 years (issue 22).

    PYTHONPATH=$PWD python experiments/warmup_table.py            # print the table
    PYTHONPATH=$PWD python experiments/warmup_table.py --write    # paste it into docs/model.md (section 3)

For each warm-up of ``WARMUPS``: ``sim.validation.baseline.stationarity`` with the 40-year test's
settings (64 replications, first vs last 60 of 480 recorded months, every step preset), the drift of
customers and monthly profit, and whether all five tolerances hold (``checks.stationarity``). The
table sits in docs/model.md between ``<!-- BEGIN warmup-table -->`` and ``<!-- END warmup-table -->``;
tests/validation/test_stationarity.py checks that it is what this script makes of the code now.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sim.runs.scenario import Scenario
from sim.validation import baseline, checks

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
MARKERS = ("<!-- BEGIN warmup-table -->\n", "<!-- END warmup-table -->")
WARMUPS = (24, 60, 120, 180, 240)
REPS, MONTHS, WINDOW = 64, 480, 60
CUSTOMERS, PROFIT = 0.02, 0.05  # the 40-year test's tolerances (loyalty, NPS and churn: checks' defaults)


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


def pasted(text: str) -> str | None:
    m = re.search(re.escape(MARKERS[0]) + r"(.*?)" + re.escape(MARKERS[1]), text, re.S)
    return m.group(1).rstrip("\n") if m else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="paste the table into docs/model.md")
    made = table()
    if not parser.parse_args().write:
        print(made)
        return
    text = MODEL_MD.read_text()
    if pasted(text) is None:
        raise SystemExit(f"{MODEL_MD}: markers {MARKERS[0].strip()} / {MARKERS[1]} not found")
    start = text.index(MARKERS[0]) + len(MARKERS[0])
    MODEL_MD.write_text(text[:start] + made + "\n" + text[text.index(MARKERS[1]) :])


if __name__ == "__main__":
    main()
