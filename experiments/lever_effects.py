"""Issue 22's three doubtful levers at steps 1, 3 and 5: their proximate outcome and what reaches loyalty.

Each lever moved alone from its lower to its upper bound around the step preset (36 months, last 12
averaged, 50 employees / 1,000 slots, 8 replications paired by seed: ``sim.validation.levers``).
docs/model.md 4.3 quotes it. Run: ``python experiments/lever_effects.py``.
"""

from __future__ import annotations

import numpy as np

from sim.validation import levers

OUTCOMES = {
    "misfit_removal": ("frontline_orientation", "skill", "lost_employee", "service_quality", "mean_loyalty"),
    "team_reward_weight": ("help", "effort", "mean_loyalty"),
    "team_size": ("effort", "help", "mean_loyalty"),
}


def main() -> None:
    rows = [dict(lever=k, outcome=o, signs={}) for k, outcomes in OUTCOMES.items() for o in outcomes]
    effects = levers.lever_effects(rows, steps=(1, 3, 5), reps=8)
    print("| step | lever | outcome | mean change | sd over replications |")
    print("|---|---|---|---|---|")
    for (lever, outcome, step), d in sorted(effects.items(), key=lambda x: (x[0][2], x[0][0])):
        print(f"| {step} | {lever} | {outcome} | {np.mean(d):+.4f} | {np.std(d):.4f} |")


if __name__ == "__main__":
    main()
