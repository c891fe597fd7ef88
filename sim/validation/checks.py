"""The published claims as checks: each returns the list of ways a result falls short ([] = the fact holds).

Thresholds are the claims of docs/validation.md. Tests assert that the list is empty at the
defaults and non-empty with the mechanism switched off; the figure script prints both.
"""

from __future__ import annotations

import numpy as np

from ..stats import mean_ci


def service_profit_chain(r) -> list[str]:
    out = []
    if not 0.20 <= r["r_satisfaction"] <= 0.45:
        out.append(f"r(engagement, satisfaction) = {r['r_satisfaction']:.3f}, not in .20-.45")
    if not 0.05 <= r["r_profit"] <= 0.30:
        out.append(f"r(engagement, profit) = {r['r_profit']:.3f}, not in .05-.30")
    if not r["r_profit"] < r["r_satisfaction"]:
        out.append("engagement relates to profit no more weakly than to satisfaction")
    if not r["mediated_share"] >= 0.5:
        out.append(f"quality mediates only {r['mediated_share']:.0%} of engagement -> satisfaction")
    return out


def convex_loyalty(r) -> list[str]:
    out = []
    if not r["ratio_4_to_5"] >= 2.5:
        out.append(f"'satisfied' (4/5) churn only {r['ratio_4_to_5']:.2f}x that of 'totally satisfied' (5/5)")
    if not np.all(np.diff(r["churn"][1:]) < 0):
        out.append(f"churn does not fall with satisfaction: {r['churn']}")
    return out


def lost_employee(r) -> list[str]:
    out = []
    if not r["drop_gap"] <= -0.05:
        out.append(f"satisfaction change, lost minus kept: {r['drop_gap']:.3f} (want <= -0.05)")
    if not r["churn_ratio"] >= 1.1:
        out.append(f"churn within {r['horizon']} months, lost / kept: {r['churn_ratio']:.2f} (want >= 1.1)")
    if not r["lost"]["n"] >= 1000:
        out.append(f"only {r['lost']['n']} customers lost their employee")
    return out


def rising_expectations(r) -> list[str]:
    out = []
    if not r["peak"] >= 0.02:
        out.append(f"the improvement hardly lifts satisfaction: peak gain {r['peak']:.3f}")
    if not r["faded_share"] >= 0.2:
        out.append(f"the one-off gain fades by only {r['faded_share']:.0%} from its peak")
    if not r["final_continued"] >= r["peak"]:
        out.append("continued improvement does not keep satisfaction at the one-off's peak")
    return out


def unequal_customers(r) -> list[str]:
    out = []
    if not abs(r["r_loyalty_profit"]) < 0.3:
        out.append(f"loyalty and customer profit are strongly related: r = {r['r_loyalty_profit']:.2f}")
    if not abs(r["r_tenure_profit"]) < 0.3:
        out.append(f"tenure and customer profit are strongly related: r = {r['r_tenure_profit']:.2f}")
    if not r["spend_low_clv_change"] < 0:
        out.append(f"more service on low-value customers does not lower their CLV ({r['spend_low_clv_change']:.0f})")
    if not mean_ci(r["targeting_npv_gain"])[1] > 0:
        out.append(
            f"targeting high-value customers does not clearly raise NPV (mean {r['targeting_npv_gain'].mean():.0f})"
        )
    return out


def culture_turnover(r) -> list[str]:
    out, pool = [], r["pool"]
    held = r[("with", "high")]
    if not abs(held["drift_last_year"]) < 0.015:
        out.append(
            f"no equilibrium under high turnover: strength moved {held['drift_last_year']:+.3f} in the last year"
        )
    if not held["end"] >= pool + 0.15:
        out.append(f"socialization does not hold the culture above the pool ({held['end']:.2f} vs {pool:.2f})")
    diluted, slow = r[("without", "high")], r[("without", "low")]
    if not diluted["end"] <= pool + 0.05:
        out.append(f"without socialization high turnover does not dilute to the pool ({diluted['end']:.2f})")
    if not slow["end"] - diluted["end"] >= 0.05:
        out.append("without socialization dilution does not grow with turnover")
    return out


def selective_hiring(r) -> list[str]:
    if not (np.all(np.diff(r["spread"]) < 0) and r["spread"][-1] <= 0.8 * r["spread"][0]):
        return [f"selective hiring does not narrow the spread of orientation: {np.round(r['spread'], 4)}"]
    return []


def retention_leverage(r) -> list[str]:
    out = []
    if not 3.0 <= r["pct_retention"] <= 7.0:
        out.append(f"1% better annual retention moves firm value {r['pct_retention']:+.2f}%, not 3-7%")
    if not 0.0 < r["pct_acquisition"] < 0.5:
        out.append(f"1% lower acquisition cost moves firm value {r['pct_acquisition']:+.3f}%, not in (0, 0.5)%")
    return out


def leverage_ladder(
    levs,
    ratio=(3.0, 7.0),
    ratio_steps=(2, 3, 4, 5),
    acquisition_below: float = 0.5,
    margin: str = "contribution",
) -> list[str]:
    """Gupta, Lehmann & Stuart (2004) at every step: retention worth 3-7x margin (about 5% vs 1%) at
    ``ratio_steps``, and 1% lower acquisition cost worth less than 0.5% of firm value at every step.
    ``margin``: "contribution" (their margin: each customer's net of the costs that follow customers)
    or "margin" (gross margin)."""
    out = []
    for k, r in levs.items():
        x = r[f"retention_to_{margin}"]
        if k in ratio_steps and not ratio[0] <= x <= ratio[1]:
            out.append(
                f"step {k}: retention worth {x:.2f}x {margin} "
                f"({r['pct_retention']:+.2f}% vs {r[f'pct_{margin}']:+.2f}%), not {ratio[0]:g}-{ratio[1]:g}x"
            )
        if not 0.0 < r["pct_acquisition"] < acquisition_below:
            out.append(
                f"step {k}: 1% lower acquisition cost moves firm value {r['pct_acquisition']:+.3f}%, not in (0, 0.5)%"
            )
    return out


def ladder_magnitudes(r) -> list[str]:
    """NPS and churn of the step presets in the ranges real firms show (issue #10)."""
    out = []
    nps, annual = r["nps"], r["annual_churn"]
    if not -35.0 <= nps[0] <= 0.0:
        out.append(f"step-1 NPS {nps[0]:+.1f}, not in [-35, 0]")
    if not 40.0 <= nps[4] <= 80.0:
        out.append(f"step-5 NPS {nps[4]:+.1f}, not in [+40, +80]")
    if not 0.20 <= annual[0] <= 0.35:
        out.append(f"step-1 annual churn {annual[0]:.1%}, not in 20-35%")
    if not annual[4] < 0.10:
        out.append(f"step-5 annual churn {annual[4]:.1%}, not below 10%")
    return out


def employee_channel(r, at_least: float = 1 / 3) -> list[str]:
    removed = r["removed"]["employees/culture"]["mean_loyalty"]
    if not removed >= at_least:
        return [f"switching off the employee channel removes only {removed:.0%} of the step-1 -> 5 loyalty gain"]
    return []


def ladder(r) -> list[str]:
    loyalty, churn = r["loyalty"].mean(axis=1), r["churn"].mean(axis=1)
    out = []
    if not np.all(np.diff(loyalty) > 0):
        out.append(f"loyalty does not rise step by step: {np.round(loyalty, 3)}")
    if not np.all(np.diff(churn) < 0):
        out.append(f"churn does not fall step by step: {np.round(churn, 4)}")
    return out


def hump(r) -> list[str]:
    spends, npv = r["spend"], r["npv"]  # npv: (spend, replication)
    best = int(np.argmax(npv.mean(axis=1)))
    if not 0 < best < len(spends) - 1:
        return [f"optimum at the edge: spend {spends[best]}"]
    # the optimum beats both ends, paired by seed, with the 95% interval of the difference above 0
    return [
        f"optimum not clearly above spend {spends[end]}" for end in (0, -1) if mean_ci(npv[best] - npv[end])[1] <= 0
    ]


def j_curve(r) -> list[str]:
    diff, at = r["diff"], r["move_at"]  # paired by seed: (replication, month)
    out = []
    if not (r["dip"].mean() < 0 and np.all(r["dip"] < 0)):
        out.append(f"no dip after the move (mean {r['dip'].mean():.0f}/month)")
    if not (r["recovery"].mean() > 0 and np.all(r["recovery"] > 0)):
        out.append(f"no recovery by the last year (mean {r['recovery'].mean():.0f}/month)")
    if np.any(diff[:, :at] != 0.0):
        out.append("paths differ before the move")
    return out


def team_rewards(r) -> list[str]:
    out = []
    help_gain, spread = r["help_gain"].mean(axis=1), r["spread_change"].mean(axis=1)
    effort, npv = r["effort_change"].mean(axis=1), r["npv_gain"].mean(axis=1)
    if not np.all(help_gain > 0):
        out.append(f"team rewards do not raise help: {np.round(help_gain, 4)}")
    if not np.all(spread < 0):
        out.append(f"team rewards do not lower the within-team spread of capability: {np.round(spread, 4)}")
    if not effort[-1] < effort[0]:
        out.append(f"free-riding does not grow with team size (effort change {np.round(effort, 4)})")
    small, large = npv[r["team_sizes"] <= 4], npv[r["team_sizes"] >= 8]
    if not (np.all(small > 0) and np.all(large < 0)):
        out.append(
            f"team-minus-individual NPV does not turn from + (small teams) to - (large): {np.round(npv / 1e6, 2)}M"
        )
    return out


def lever_signs(effects, rows, none_below: float = 0.005) -> list[str]:
    """Each lever moves its proximate outcome the documented way in every replication ('0': within none_below;
    '.': not checked at that step, the table's "how" says why)."""
    out = []
    for row in rows:
        for step, sign in row["signs"].items():
            if sign == ".":
                continue
            d = np.asarray(effects[(row["lever"], row["outcome"], step)])
            ok = {"+": np.all(d > 0), "-": np.all(d < 0), "0": abs(d.mean()) < none_below}[sign]
            if not ok:
                out.append(
                    f"step {step}: {row['lever']} low -> high moves {row['outcome']} by {d.mean():+.4g} "
                    f"(replications {np.round(d, 4)}), documented {sign}"
                )
    return out


def stationarity(
    r, loyalty: float = 0.02, nps: float = 3.0, churn: float = 0.01, customers=None, profit=None
) -> list[str]:
    """Late-run means within the tolerances of early-run means, at every step: loyalty, NPS and annual
    churn in their units; customers and profit (when given) relative to their early means."""
    out = []
    e, l_ = r["early"], r["late"]
    checks = [(key, tol, False) for key, tol in (("loyalty", loyalty), ("nps", nps), ("annual_churn", churn))]
    checks += [(key, tol, True) for key, tol in (("customers", customers), ("profit", profit)) if tol is not None]
    for key, tol, relative in checks:
        drift = l_[key] / e[key] - 1.0 if relative else l_[key] - e[key]
        for step, d in enumerate(drift, start=1):
            if not abs(d) <= tol:
                out.append(
                    f"step {step}: {key} moves {d:+.3f}{' (relative)' if relative else ''} from months "
                    f"{r['early_months']} to {r['late_months']} (tolerance {tol})"
                )
    return out


def size_free(r, tolerance: float = 0.05) -> list[str]:
    out = []
    for step, rel in zip(r["steps"], r["relative"]):
        for f, x in zip(r["scales"], rel):
            if not abs(x) <= tolerance:
                out.append(f"step {step}: NPV per slot at {f:g}x the default size differs by {x:+.1%}")
    return out
