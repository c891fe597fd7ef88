"""What a strategist can rely on in a policy search: today's programme cost, and which levers matter.

*Programme cost* is the monthly spending the levers drive, in three parts a strategist tells apart
(``COST_PARTS``): culture programmes (training, rewards, recognition, the communication/vision/
scorecard programmes, community), service time (frontline time with customers and recoveries)
and marketing (campaigns and acquisition), plus the cost of change while levers move. A budget
below what today's policy already costs asks where to cut, not what to add; ``optimize`` refuses it
and says what today costs.

*Near-optimal policies*: the NPV surface is flat along several levers, so one best point is not an
answer. Around the recommendation, each lever is moved alone over a grid of its range (``GRID``
values, every tenth of it; the others at the recommendation's values): a *line* per lever, the
recommendation's own value one of its points. Every point is simulated on the same fresh draws. A
point is *near-optimal* when it meets the limits (budget, minimum loyalty) and its NPV is not
clearly below the best point of its line (the highest mean NPV within the limits) by more than the
smallest difference that matters (``MARGIN``, the what-if comparisons' own $100,000): the
one-sided 95% lower bound of the best's paired NPV lead is at most that. Loyalty counts through
the limits, and the advice names where loyalty is highest when it differs by more than 0.01
(``MARGIN``) across the near-optimal values.
Why this reference and margin: judged against the recommendation itself, with no margin, common
random numbers make a shortfall of 0.001 "clearly worse", every lever comes out pinned to the
recommendation's own value, and that value, where the search happened to stop, differs from seed to
seed (issue 20: 3 of 10 ranges did not overlap). Loyalty judged against a reference point failed
the same way: along a flat NPV line, which point is the best is chance, and its loyalty moved the
verdicts (training free for one seed, pinned above 0.2 for the other). Against the line's best
NPV, with a margin, the set converges as draws grow to the values within a margin of the best,
which does not depend on the search's seed. A lever whose grid is near-optimal throughout is
*free*; otherwise it is *pinned* to the range the near-optimal points span ("keep training above
0.6"). The draws depend on the base scenario, not on the search's seed, so two searches are judged
on the same draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..metrics import SUMMARY
from ..params import LEVERS, spec
from ..stats import mean_ci
from .problem import Draws, outcomes, split_costs

GRID = 11  # values tried per lever, evenly over its range (every tenth of it)
PROFILE_SEED_OFFSET = 104_729  # the profile's draws: fresh, and the same for every search of one base
CONFIDENCE = 0.95  # one-sided: "not clearly worse" than the recommendation
# A shortfall smaller than this does not matter (the what-if comparisons' smallest effects, sim.metrics)
MARGIN: dict[str, float] = {k: SUMMARY[m].smallest or 0.0 for k, m in (("npv", "npv"), ("loyalty", "mean_loyalty"))}


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
    one row per point of each lever's line (the grid and the recommendation's own value) with its
    mean NPV/loyalty/cost, its line's best's paired lead over it, and whether it is near-optimal."""
    space, x = opt.space, opt.X[opt.recommended_index]
    variants, rows = [x], [("recommended", np.nan, 0, True)]
    for i, lever in enumerate(space.levers, start=1):
        lo, hi = space.bounds[i]
        rows.append((lever, float(x[i]), 0, True))  # the recommendation is a point of every line
        for v in np.linspace(lo, hi, GRID):
            y = x.copy()
            y[i] = v
            variants.append(y)
            rows.append((lever, float(v), len(variants) - 1, False))
    plausible = pd.DataFrame(opt.settings["plausible"]) if opt.settings.get("plausible") else None
    draws = Draws.make(space.base, replications, space.base.seed + PROFILE_SEED_OFFSET, plausible, opt.settings["sets"])
    res = outcomes(space, np.vstack(variants), draws)
    frame = pd.DataFrame(rows, columns=["lever", "value", "variant", "is_recommendation"])
    frame = judge(frame, {k: v[frame["variant"].to_numpy()] for k, v in res.items()}, opt.budget, opt.min_loyalty)
    frame.attrs["draws"] = draws.n
    return frame


def judge(frame: pd.DataFrame, res: dict[str, np.ndarray], budget, min_loyalty) -> pd.DataFrame:
    """Add to ``frame`` (one row per point, grouped in lines by its ``lever`` column; ``res``: each
    row's (rows, draws) outcomes) the means, the verdict on the limits and, per line, the paired
    lead of the line's best (the highest mean NPV within the limits) over each point with its lower
    bound (loyalty's for information); a point is near-optimal when it meets the limits and the NPV
    bound is at most ``MARGIN``. The best of the line, not the recommendation, is the reference, so
    where the search stopped along a lever does not move the range."""
    frame["npv"], frame["loyalty"], frame["programme_cost"] = (res[k].mean(axis=1) for k in ("npv", "loyalty", "cost"))
    ok = np.ones(len(frame), dtype=bool)
    if budget is not None:
        ok &= frame["programme_cost"].to_numpy() <= budget
    if min_loyalty is not None:
        ok &= frame["loyalty"].to_numpy() >= min_loyalty
    frame["meets_limits"] = ok
    for k in ("npv", "loyalty"):
        frame[f"{k}_lead"], frame[f"{k}_lead_low"] = 0.0, 0.0
    for _, line in frame.groupby("lever", sort=False):
        rows = line.index.to_numpy()
        npv = frame.loc[rows, "npv"].where(frame.loc[rows, "meets_limits"], -np.inf)
        best = int(npv.idxmax()) if np.isfinite(npv.max()) else int(frame.loc[rows, "npv"].idxmax())
        for k in ("npv", "loyalty"):
            frame.loc[rows, f"{k}_lead"], frame.loc[rows, f"{k}_lead_low"] = lead_bound(res[k][best] - res[k][rows])
    frame["near_optimal"] = ok & (frame["npv_lead_low"] <= MARGIN["npv"])
    return frame


def lead_bound(lead: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of (variants, draws) paired leads: the mean and its one-sided lower ``CONFIDENCE``
    bound (the lower end of the two-sided interval at 2 x ``CONFIDENCE`` - 1, ``sim.stats``; minus
    infinity from one draw); a bound above ``MARGIN`` means the variant is clearly worse."""
    rows = np.array([mean_ci(row, 2 * CONFIDENCE - 1)[:2] for row in lead]).reshape(-1, 2)
    return rows[:, 0], np.nan_to_num(rows[:, 1], nan=-np.inf)


def lever_ranges(opt, table: pd.DataFrame) -> pd.DataFrame:
    """Per searched lever: the recommendation's value, the near-optimal range, pinned or free, advice."""
    x = opt.X[opt.recommended_index]
    rows = []
    for i, lever in enumerate(opt.space.levers, start=1):
        lo, hi = opt.space.bounds[i]
        g = table[(table["lever"] == lever)]
        good = g.loc[g["near_optimal"], "value"].to_numpy()
        low, high = (float(good.min()), float(good.max())) if len(good) else (np.nan, np.nan)
        free = bool(g.loc[~g["is_recommendation"], "near_optimal"].all())
        if not len(good):
            advice = f"{lever}: no value tried meets the limits (the others at the recommendation's)"
        elif free:
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
        near = g[g["near_optimal"]]
        if len(near) and "loyalty" in near and near["loyalty"].max() - near["loyalty"].min() > MARGIN["loyalty"]:
            advice += f"; loyalty highest at {near.loc[near['loyalty'].idxmax(), 'value']:.2f}"
        if len(good) and not g.loc[g["is_recommendation"], "near_optimal"].all():
            advice += f"; the recommendation's {x[i]:.2f} is clearly worse (the search stopped short along it)"
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
