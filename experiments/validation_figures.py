"""Re-create the figures and numbers of docs/validation.md.

    PYTHONPATH=. python experiments/validation_figures.py [--only 1,4] [--out docs/figures]

For each fact: run the experiment at the defaults and with its mechanism switched off
(the same functions and checks as tests/validation), draw one PNG, and write every number
to validation_numbers.json. Facts already drawn are skipped unless --force (resumable).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

from sim.files.output import atomic_write  # noqa: E402
from sim.params import Environment  # noqa: E402
from sim.validation import chain, checks, customers, workforce  # noqa: E402


def plot_chain(ax, r, off):
    u = r["units"]
    ax[0].scatter(u["engagement"], u["mean_satisfaction"], s=6, alpha=0.5)
    ax[0].set(
        xlabel="unit engagement",
        ylabel="unit satisfaction",
        title=f"r = {r['r_satisfaction']:.2f}; quality mediates {r['mediated_share']:.0%}",
    )
    ax[1].scatter(u["engagement"], u["profit"] / 1e6, s=6, alpha=0.5, color="tab:green")
    ax[1].set(xlabel="unit engagement", ylabel="annual profit ($M)", title=f"r = {r['r_profit']:.2f}")


def plot_convex(ax, r, off):
    for res, label in ((r, "defaults"), (off, "loyalty_convexity = 1")):
        ax[0].plot(res["points"], 100 * res["churn"], "o-", label=label)
    ax[0].set(
        xlabel="satisfaction (5-point scale)",
        ylabel="churn next month (%)",
        title=f"4 vs 5: {r['ratio_4_to_5']:.1f}x (off: {off['ratio_4_to_5']:.1f}x)",
    )
    ax[0].legend()
    ax[1].bar(r["points"], r["customers"] / r["customers"].sum())
    ax[1].set(xlabel="satisfaction (5-point scale)", ylabel="share of customer-months")


def plot_lost(ax, r, off):
    labels = ["kept\nbefore", "kept\nafter", "lost\nbefore", "lost\nafter"]
    vals = [
        r["kept"]["satisfied_before"],
        r["kept"]["satisfied_after"],
        r["lost"]["satisfied_before"],
        r["lost"]["satisfied_after"],
    ]
    ax[0].bar(labels, 100 * np.array(vals), color=["tab:blue", "tab:blue", "tab:red", "tab:red"])
    ax[0].set(ylabel="% satisfied (>= 0.5)", title="customers whose dedicated employee left vs stayed")
    groups = ["defaults", "lost_employee_drop = 0"]
    x = np.arange(2)
    ax[1].bar(x - 0.2, [100 * r["kept"]["churn"], 100 * off["kept"]["churn"]], 0.4, label="employee stayed")
    ax[1].bar(x + 0.2, [100 * r["lost"]["churn"], 100 * off["lost"]["churn"]], 0.4, label="employee left")
    ax[1].set(xticks=x, xticklabels=groups, ylabel=f"churn within {r['horizon']} months (%)")
    ax[1].legend()


def plot_expectations(ax, r, off):
    months = np.arange(r["gain"]["mean_satisfaction"].shape[1])
    ax[0].plot(months, r["gain"]["mean_satisfaction"][0], label="one-off improvement")
    ax[0].plot(months, r["gain"]["mean_satisfaction"][1], label="continued improvement")
    ax[0].plot(months, off["gain"]["mean_satisfaction"][0], "--", label="one-off, expectation_speed = 0")
    ax[0].axvline(r["improve_at"], color="grey", lw=0.5)
    ax[0].set(
        xlabel="month", ylabel="satisfaction gain vs no change", title=f"one-off gain fades {r['faded_share']:.0%}"
    )
    ax[0].legend(fontsize=8)
    ax[1].plot(months, r["gain"]["service_quality"][0], label="quality (one-off)")
    ax[1].plot(months, r["gain"]["mean_expectation"][0], label="expectation (one-off)")
    ax[1].set(xlabel="month", ylabel="gain vs no change")
    ax[1].legend(fontsize=8)


def plot_unequal(ax, r, off):
    ax[0].scatter(r["loyalty"][::5], r["profit"][::5], s=3, alpha=0.3)
    ax[0].set(
        yscale="symlog",
        xlabel="customer loyalty",
        ylabel="monthly profit contribution ($)",
        title=f"r(loyalty, profit) = {r['r_loyalty_profit']:.2f}; tenure {r['r_tenure_profit']:.2f}",
    )
    clv = r["segment_clv"]
    x = np.arange(3)
    for i, label in enumerate(("step 3", "service_spend 0.8", "segment_targeting 0.8")):
        ax[1].bar(x + 0.27 * (i - 1), clv[i] / clv[0], 0.27, label=label)
    ax[1].set(
        xticks=x,
        xticklabels=["low value", "mid", "high (top 20%)"],
        ylabel="mean CLV / step-3 CLV",
        ylim=(0.6, 1.15),
        title=f"targeting NPV gain {r['targeting_npv_gain'].mean() / 1e6:+.2f}M",
    )
    ax[1].legend(fontsize=8)


def plot_culture(ax, r, off):
    spread = workforce.selective_hiring_spread()
    for (social, level), s in r["strength"].items():
        ax[0].plot(s, "-" if social == "with" else "--", label=f"{social} socialization, {level} turnover")
    ax[0].axhline(r["pool"], color="grey", lw=0.5)
    ax[0].set(xlabel="month (selective hiring stops at month 1)", ylabel="culture strength (mean orientation)")
    ax[0].legend(fontsize=7)
    ax[1].plot(spread["selectivity"], spread["spread"], "o-")
    ax[1].set(xlabel="hiring selectivity", ylabel="spread of orientation (sd)")
    return dict(
        spread=spread,
        spread_problems=checks.selective_hiring(spread),
        spread_off_problems=checks.selective_hiring(workforce.selective_hiring_spread(hire_orientation_sd=0.0)),
    )


def plot_retention(ax, r, off):
    labels = ["retention +1%", "contribution +1%", "gross margin +1%", "acquisition cost -1%"]
    ax[0].bar(labels, [r["pct_retention"], r["pct_contribution"], r["pct_margin"], r["pct_acquisition"]])
    ax[0].tick_params(axis="x", labelsize=7)
    ax[0].axhspan(3, 7, color="tab:green", alpha=0.15, label="Gupta et al. 2004: retention 3-7%")
    ax[0].set(
        ylabel=f"change in {r['months']}-month NPV (%)",
        title=f"step {r['step']}, annual retention {r['annual_retention']:.2f}",
    )
    ax[0].legend(fontsize=8)
    ax[1].bar(
        ["retention +1%", "acquisition cost -1%"],
        [off["gain_retention"].mean() / 1e3, off["gain_acquisition"].mean() / 1e3],
        color="tab:grey",
    )
    ax[1].set(ylabel="change in NPV ($k)", title="value_mean = 0 (customers bring no margin)")


def plot_ladder(ax, r, off):
    spend, j = chain.spend_curve(), chain.j_curve()
    ax[0].plot(range(1, 6), r["loyalty"].mean(axis=1), "o-", label="loyalty")
    ax[0].plot(range(1, 6), r["annual_churn"], "s-", label="annual churn")
    ax[0].plot(range(1, 6), off["loyalty"].mean(axis=1), "o--", color="grey", label="loyalty, mechanisms off")
    ax[0].set(xlabel="culture step", title="ladder")
    ax[0].legend(fontsize=8)
    ax[1].plot(spend["spend"], spend["npv"].mean(axis=1) / 1e6, "o-")
    ax[1].set(xlabel="service spend (step 1)", ylabel="5-year NPV ($M)", title="interior optimum")
    ax[2].plot(j["diff"].mean(axis=0) / 1e3)
    ax[2].axhline(0, color="grey", lw=0.5)
    ax[2].axvline(j["move_at"], color="grey", lw=0.5)
    ax[2].set(xlabel="month", ylabel="profit, move 2->4 minus stay ($k/month)", title="J-curve")
    return dict(
        spend_best=float(spend["spend"][int(np.argmax(spend["npv"].mean(axis=1)))]),
        hump_problems=checks.hump(spend),
        j_problems=checks.j_curve(j),
        j_dip=float(j["dip"].mean()),
        j_recovery=float(j["recovery"].mean()),
        hump_off_problems=checks.hump(chain.spend_curve(env=Environment(service_cost=0.0))),
        j_off_problems=checks.j_curve(chain.j_curve(env=Environment(**chain.UP_FRONT_COSTS_OFF))),
    )


def plot_teams(ax, r, off):
    n = r["team_sizes"]
    ax[0].plot(n, r["npv_gain"].mean(axis=1) / 1e6, "o-", label="defaults")
    ax[0].plot(n, off["npv_gain"].mean(axis=1) / 1e6, "o--", label="team_monitoring = 30")
    ax[0].axhline(0, color="grey", lw=0.5)
    ax[0].set(xlabel="team size", ylabel="NPV, team minus individual rewards ($M)")
    ax[0].legend(fontsize=8)
    ax[1].plot(n, r["help_gain"].mean(axis=1), "o-", label="help")
    ax[1].plot(n, r["spread_change"].mean(axis=1), "s-", label="within-team spread of capability")
    ax[1].plot(n, r["effort_change"].mean(axis=1), "^-", label="aimed effort (free-riding < 0)")
    ax[1].axhline(0, color="grey", lw=0.5)
    ax[1].set(xlabel="team size", ylabel="team minus individual")
    ax[1].legend(fontsize=8)


# key: (title, experiment, check, switch-off overrides, plot, panels)
FACTS = {
    1: (
        "Service-profit chain",
        chain.service_profit_chain,
        checks.service_profit_chain,
        dict(engagement_effect=0.0),
        plot_chain,
        2,
    ),
    2: (
        "Satisfaction -> loyalty is convex",
        customers.churn_by_satisfaction,
        checks.convex_loyalty,
        dict(loyalty_convexity=1.0),
        plot_convex,
        2,
    ),
    3: (
        "Losing one's employee hurts",
        customers.lost_employee,
        checks.lost_employee,
        dict(lost_employee_drop=0.0),
        plot_lost,
        2,
    ),
    4: (
        "Expectations rise",
        customers.expectation_treadmill,
        checks.rising_expectations,
        dict(expectation_speed=0.0),
        plot_expectations,
        2,
    ),
    5: (
        "Not all customers are equal",
        customers.unequal_customers,
        checks.unequal_customers,
        dict(value_sigma=0.0),
        plot_unequal,
        2,
    ),
    6: (
        "Culture transmission",
        workforce.culture_under_turnover,
        checks.culture_turnover,
        dict(socialization=0.0),
        plot_culture,
        2,
    ),
    7: (
        "Retention leverage",
        chain.retention_leverage,
        checks.retention_leverage,
        dict(value_mean=0.0),
        plot_retention,
        2,
    ),
    8: (
        "Culture ladder and its cost",
        lambda **kw: chain.ladder(env=Environment(**kw)),
        checks.ladder,
        chain.LADDER_OFF,
        plot_ladder,
        3,
    ),
    9: ("Team rewards", workforce.team_rewards, checks.team_rewards, dict(team_monitoring=30.0), plot_teams, 2),
}


def numbers(r) -> dict:
    """The scalar results of an experiment, for the JSON record."""
    out = {}
    for k, v in r.items():
        key = "/".join(k) if isinstance(k, tuple) else k
        if isinstance(v, dict):
            if all(np.ndim(x) == 0 for x in v.values()):
                out[key] = {a: float(b) for a, b in v.items()}
        elif np.ndim(v) == 0:
            out[key] = float(v)
        elif np.ndim(v) == 1 and len(v) <= 10:
            out[key] = [float(x) for x in v]
        elif np.ndim(v) == 2 and v.shape[0] <= 10 and v.shape[1] <= 3:  # a small table, e.g. (policy, segment)
            out[key] = [[float(x) for x in row] for row in v]
        elif np.ndim(v) == 2 and v.shape[0] <= 10 and v.shape[1] <= 32:  # (condition, replication): the mean
            out[key] = [float(x) for x in np.mean(v, axis=1)]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/figures")
    ap.add_argument("--only", default="", help="comma-separated fact numbers (default: all)")
    ap.add_argument("--force", action="store_true", help="redo facts whose figure exists")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    record_path = out / "validation_numbers.json"
    record = json.loads(record_path.read_text()) if record_path.exists() else {}
    todo = [int(k) for k in args.only.split(",")] if args.only else list(FACTS)
    for key in tqdm(todo, desc="facts"):
        title, run, check, off, plot, panels = FACTS[key]
        png = out / f"validation_{key}.png"
        if png.exists() and str(key) in record and not args.force:
            continue
        r, r_off = run(), run(**off)
        fig, ax = plt.subplots(1, panels, figsize=(5.2 * panels, 4))
        extra = plot(ax, r, r_off) or {}
        fig.suptitle(f"Fact {key}: {title}")
        fig.tight_layout()
        atomic_write(png, lambda p: fig.savefig(p, dpi=90, format="png"))  # noqa: B023 - called at once
        plt.close(fig)
        record[str(key)] = dict(
            title=title,
            defaults=numbers(r),
            problems=check(r),
            switched_off=off,
            off=numbers(r_off),
            off_problems=check(r_off),
            extra={k: (numbers(v) if isinstance(v, dict) else v) for k, v in extra.items()},
        )
        atomic_write(record_path, lambda p: Path(p).write_text(json.dumps(record, indent=1, default=float)))
    for key in todo:
        rec = record[str(key)]
        print(
            f"fact {key} ({rec['title']}): {'holds' if not rec['problems'] else rec['problems']}; "
            f"off {rec['switched_off']}: {rec['off_problems'] or 'STILL HOLDS'}"
        )


if __name__ == "__main__":
    main()
