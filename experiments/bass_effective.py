"""The acquisition curve the model gives, against the Bass curve its parameters name (issue 22).

    PYTHONPATH=$PWD python experiments/bass_effective.py          # print the table
    PYTHONPATH=$PWD python experiments/bass_effective.py --write  # and paste it into docs/model.md 5.16

With churn off (``churn_floor`` = ``churn_ceiling`` = 0), no customers at the start, no warm-up
and a market no larger than the capacity (so capacity never binds), the share of the market won
by month t is the model's cumulative adoption curve. The Bass (1969) closed form with the stated
``bass_p``, ``bass_q`` (per year) is what the parameter names promise: the model follows it when its
modifiers are neutral (``wom_imitation`` = 0, ``marketing_elasticity`` = 0); with the culture's word
of mouth on, a least-squares Bass fit gives the q it behaves like (p unchanged at marketing 0.5).
``tests/test_bass_effective.py`` checks both and that the table in docs/model.md is what the model
gives now.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import curve_fit

from sim.params import Environment, Sizes
from sim.steps import Schedule, step_policy
from sim.validation.common import environment, paired_runs

MODEL_MD = Path(__file__).resolve().parents[1] / "docs" / "model.md"
MARKERS = ("<!-- BEGIN bass-effective -->\n", "<!-- END bass-effective -->")
STEPS = (1, 3, 5)
SIZES = Sizes(n_employees=40, n_customers=800, n_suppliers=10)
MONTHS, REPLICATIONS = 120, 4
SHOWN_YEARS = (1, 2, 5, 10)


def bass(t, p, q):
    """Bass's cumulative adoption share at time t (years) for innovation p and imitation q (per year)."""
    e = np.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + q / p * e)


def measure(neutral: bool = False, **env_overrides) -> dict[int, np.ndarray]:
    """Step -> the model's cumulative adoption share at the end of each month (mean over replications).

    ``neutral``: the modifiers of p and q switched off (the stated Bass curve is then the promise).
    """
    off = dict(wom_imitation=0.0, marketing_elasticity=0.0) if neutral else {}
    env = environment(
        churn_floor=0.0, churn_ceiling=0.0, initial_share=0.0, market_potential=1.0, **off, **env_overrides
    )
    out = paired_runs(
        [Schedule.constant(step_policy(k)) for k in STEPS], REPLICATIONS, env, sizes=SIZES, months=MONTHS, warmup=0
    )
    potential = env.market_potential * SIZES.n_customers
    return {k: out["active_customers"][i].mean(axis=0) / potential for i, k in enumerate(STEPS)}


def promised(env: Environment = Environment()) -> np.ndarray:
    """The stated Bass curve at the end of each month."""
    return bass((np.arange(MONTHS) + 1) / 12.0, env.bass_p, env.bass_q)


def fit(curve: np.ndarray, env: Environment = Environment()) -> tuple[float, float]:
    """Least-squares Bass p and q (per year) of a cumulative adoption curve."""
    t = (np.arange(MONTHS) + 1) / 12.0
    p, q = curve_fit(bass, t, curve, p0=(env.bass_p, max(env.bass_q, 0.01)), bounds=([1e-6, 0.0], [5.0, 5.0]))[0]
    return float(p), float(q)


def table(neutral: dict[int, np.ndarray], culture: dict[int, np.ndarray]) -> str:
    stated = Environment()
    bass_curve = promised(stated)
    head = ["", "Bass, stated p and q"]
    head += [f"step {k}, modifiers neutral" for k in STEPS] + [f"step {k}, word of mouth on" for k in STEPS]
    curves = [neutral[k] for k in STEPS] + [culture[k] for k in STEPS]
    rows = [
        [f"share of the market won by year {y}", f"{bass_curve[12 * y - 1]:.2f}"]
        + [f"{c[12 * y - 1]:.2f}" for c in curves]
        for y in SHOWN_YEARS
    ]
    rows.append(
        ["largest distance from the stated Bass curve", "0"] + [f"{np.max(np.abs(bass_curve - c)):.2f}" for c in curves]
    )
    fits = [fit(c, stated) for c in curves]
    rows.append(
        ["Bass p, q (per year) that fit the model's curve", f"{stated.bass_p:g}, {stated.bass_q:g}"]
        + [f"{p:.2f}, {q:.3f}" for p, q in fits]
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def pasted(text: str) -> str | None:
    m = re.search(re.escape(MARKERS[0]) + r"(.*?)" + re.escape(MARKERS[1]), text, re.S)
    return m.group(1).rstrip("\n") if m else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="paste the table into docs/model.md")
    args = parser.parse_args(argv)
    made = table(measure(neutral=True), measure())
    print(made)
    if args.write:
        text = MODEL_MD.read_text()
        if pasted(text) is None:
            raise SystemExit(f"{MODEL_MD}: markers {MARKERS[0].strip()} / {MARKERS[1]} not found")
        start = text.index(MARKERS[0]) + len(MARKERS[0])
        MODEL_MD.write_text(text[:start] + made + "\n" + text[text.index(MARKERS[1]) :])
    return 0


if __name__ == "__main__":
    sys.exit(main())
