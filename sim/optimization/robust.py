"""What a strategist can rely on in a policy search: today's programme cost, and which levers matter.

*Programme cost* is the monthly spending the levers drive, in three parts a strategist tells apart
(``COST_PARTS``): culture programmes (training, rewards, recognition, the communication/vision/
scorecard programmes, community), service time (frontline time with customers and recoveries)
and marketing (campaigns and acquisition), plus the cost of change while levers move. A budget
below what today's policy already costs asks where to cut, not what to add; ``optimize`` refuses it
and says what today costs.

*Near-optimal policies*: the NPV surface is flat along several levers, so one best point is not an
answer. Around the recommendation, each lever is moved alone over a grid of its range (the others
at the recommendation's values) and every variant is simulated on the same fresh draws as the
recommendation. A variant is *near-optimal* when it meets the limits and its paired NPV difference
from the recommendation is not clearly negative (the one-sided 95% bound reaches zero) and neither
is its loyalty's. A lever whose near-optimal values cover its whole grid is *free*; otherwise it is
*pinned* to the range they span ("keep training above 0.6"). The draws depend on the base scenario,
not on the search's seed, so two searches are judged on the same draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..params import LEVERS, spec
from .problem import Draws, outcomes, split_costs

GRID = 5  # values tried per lever, evenly over its range
PROFILE_SEED_OFFSET = 104_729  # the profile's draws: fresh, and the same for every search of one base
CONFIDENCE = 0.95  # one-sided: "not clearly worse" than the recommendation


def today_costs(space, draws: Draws) -> dict[str, float]:
    """Today's policy's programme cost and its parts, means over ``draws`` ($/month)."""
    from ..runs.batched import schedule_from, simulate_rows

    schedule = schedule_from(space.phases(space.point(0)))
    series = simulate_rows(space.base, draws.envs, [schedule] * draws.n, draws.seeds, space.base.months)
    parts = {k: float(v.mean()) for k, v in split_costs(series).items()}
    return {"total": sum(parts.values()), **parts}


def cost_words(costs: dict[str, float]) -> str:
    """'98,213 $/month (culture programmes 60,000; service time 30,000; marketing 8,000; cost of change 213)'."""
    parts = "; ".join(f"{k} {v:,.0f}" for k, v in costs.items() if k != "total")
    return f"{costs['total']:,.0f} $/month ({parts})"


def profile(opt, replications: int) -> pd.DataFrame:
    """Each searched lever moved alone over ``GRID`` values around the recommendation, on fresh draws:
    one row per variant with its lever, value, mean NPV/loyalty/cost and whether it is near-optimal."""
    space, x = opt.space, opt.X[opt.recommended_index]
    variants, rows = [x], [("recommended", np.nan)]
    for i, lever in enumerate(space.levers, start=1):
        lo, hi = space.bounds[i]
        for v in np.linspace(lo, hi, GRID):
            y = x.copy()
            y[i] = v
            variants.append(y)
            rows.append((lever, float(v)))
    plausible = pd.DataFrame(opt.settings["plausible"]) if opt.settings.get("plausible") else None
    draws = Draws.make(space.base, replications, space.base.seed + PROFILE_SEED_OFFSET, plausible, opt.settings["sets"])
    res = outcomes(space, np.vstack(variants), draws)
    frame = pd.DataFrame(rows, columns=["lever", "value"])
    frame["npv"], frame["loyalty"], frame["programme_cost"] = (res[k].mean(axis=1) for k in ("npv", "loyalty", "cost"))
    for k in ("npv", "loyalty"):  # the recommendation's paired lead over each variant
        frame[f"{k}_lead"], frame[f"{k}_lead_low"] = lead_bound(res[k][0] - res[k])
    ok = np.ones(len(frame), dtype=bool)
    if opt.budget is not None:
        ok &= frame["programme_cost"].to_numpy() <= opt.budget
    if opt.min_loyalty is not None:
        ok &= frame["loyalty"].to_numpy() >= opt.min_loyalty
    frame["meets_limits"] = ok
    frame["near_optimal"] = ok & (frame["npv_lead_low"] <= 0) & (frame["loyalty_lead_low"] <= 0)
    frame.loc[0, "near_optimal"] = True
    frame.attrs["draws"] = draws.n
    return frame


def lead_bound(lead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of (variants, draws) paired leads: the mean and its one-sided lower ``CONFIDENCE``
    bound; a bound above zero means the variant is clearly worse than the recommendation."""
    n = lead.shape[1]
    mean = lead.mean(axis=1)
    se = lead.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.full(len(mean), np.inf)
    return mean, mean - stats.t.ppf(CONFIDENCE, max(n - 1, 1)) * se


def lever_ranges(opt, table: pd.DataFrame) -> pd.DataFrame:
    """Per searched lever: the recommendation's value, the near-optimal range, pinned or free, advice."""
    x = opt.X[opt.recommended_index]
    rows = []
    for i, lever in enumerate(opt.space.levers, start=1):
        lo, hi = opt.space.bounds[i]
        g = table[(table["lever"] == lever)]
        good = np.append(g.loc[g["near_optimal"], "value"].to_numpy(), x[i])
        low, high = float(good.min()), float(good.max())
        free = bool(g["near_optimal"].all())
        if free:
            advice = f"{lever}: free (anywhere from {lo:g} to {hi:g} is near-optimal)"
        elif high - low < 1e-9:
            advice = (
                f"{lever}: pinned: keep it at {low:.2f} (every other value tried is clearly worse or breaks a limit)"
            )
        elif low <= lo + 1e-9:
            advice = f"{lever}: pinned: keep it at or below {high:.2f}"
        elif high >= hi - 1e-9:
            advice = f"{lever}: pinned: keep it at or above {low:.2f}"
        else:
            advice = f"{lever}: pinned: keep it between {low:.2f} and {high:.2f}"
        rows.append(
            dict(
                lever=lever,
                recommended=float(x[i]),
                near_optimal_low=low,
                near_optimal_high=high,
                pinned=not free,
                advice=advice,
                unit=spec("levers", lever)["unit"] if lever in LEVERS else "",
            )
        )
    return pd.DataFrame(rows)
