"""What the optimiser found, for a strategist: validation on fresh draws, the front, the summary, files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..files.checkpoints import identity
from ..files.output import atomic_write, write_table
from ..format import format_values, money
from ..params import LEVERS
from ..runs.batched import schedule_from
from ..runs.scenario_write import write_scenario
from ..steps import STEP_NAMES
from .problem import COST_PARTS, Draws, outcomes
from .robust import GRID, MARGIN, cost_words, lever_ranges, profile

VALIDATION_SEED_OFFSET = 7919  # fresh seeds for the validation: the search's own draws flatter its choice


def validate(opt, replications: int = 16) -> pd.DataFrame:
    """Re-simulate today's policy, the five presets (adopted from month 1) and the recommendation on
    fresh draws, as one batch; one row per candidate x draw."""
    space = opt.space
    names = ["today's policy"] + [f"step {k}" for k in STEP_NAMES] + ["recommended"]
    X = np.vstack([space.point(k) for k in range(len(STEP_NAMES) + 1)] + [opt.X[opt.recommended_index]])
    seed = opt.settings["seed"] + VALIDATION_SEED_OFFSET
    plausible = pd.DataFrame(opt.settings["plausible"]) if opt.settings.get("plausible") else None
    draws = Draws.make(space.base, replications, seed, plausible, opt.settings["sets"])
    res = outcomes(space, X, draws, parts=True)
    rows = [
        dict(
            candidate=n,
            draw=d,
            npv=res["npv"][i, d],
            loyalty=res["loyalty"][i, d],
            programme_cost=res["cost"][i, d],
            **{f"cost_{p.replace(' ', '_')}": res[p][i, d] for p in COST_PARTS},
        )
        for i, n in enumerate(names)
        for d in range(draws.n)
    ]
    return pd.DataFrame(rows)


def _interval(x: np.ndarray) -> tuple[float, float, float]:
    lo, hi = np.quantile(x, [0.05, 0.95])
    return float(x.mean()), float(lo), float(hi)


def comparison(opt) -> pd.DataFrame:
    """Per candidate: means with 90% intervals over draws, and the recommendation's paired NPV gain."""
    v = opt.validation
    rec = v[v.candidate == "recommended"].set_index("draw")
    rows = []
    for name, g in v.groupby("candidate", sort=False):
        g = g.set_index("draw")
        gain = rec["npv"] - g["npv"]
        row = dict(candidate=name)
        for col in ("npv", "loyalty", "programme_cost"):
            row[col], row[f"{col}_low_90"], row[f"{col}_high_90"] = _interval(g[col].to_numpy())
        for part in COST_PARTS:
            col = f"cost_{part.replace(' ', '_')}"
            if col in g:
                row[col] = float(g[col].mean())
        row["feasible"] = feasible(opt, row["programme_cost"], row["loyalty"])
        row["gain_of_recommended"], row["gain_low_90"], row["gain_high_90"] = _interval(gain.to_numpy())
        row["gain_share_positive"] = float((gain > 0).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def feasible(opt, cost: float, loyalty: float) -> bool:
    return (opt.budget is None or cost <= opt.budget) and (opt.min_loyalty is None or loyalty >= opt.min_loyalty)


def best_preset(table: pd.DataFrame) -> pd.Series:
    presets = table[table.candidate.str.startswith("step ")]
    ok = presets[presets.feasible]
    return (ok if len(ok) else presets).sort_values("npv").iloc[-1]


def recommended_scenario(opt):
    x = opt.X[opt.recommended_index]
    s = opt.space.base
    return dataclasses.replace(
        s,
        name=f"{s.name}: recommended policy",
        path="",
        question="What the optimiser recommends adopting from month 1",
        schedule=schedule_from(opt.space.phases(x)),
    )


def summary_text(opt, table: pd.DataFrame) -> str:
    """Plain language: what the recommendation changes and what it is worth, with intervals."""
    space, x = opt.space, opt.X[opt.recommended_index]
    today, goal = space.today, space.target(x)
    changed = [
        (k, getattr(today, k), getattr(goal, k)) for k in LEVERS if abs(getattr(goal, k) - getattr(today, k)) >= 0.005
    ]
    rec = table[table.candidate == "recommended"].iloc[0]
    base = table[table.candidate == "today's policy"].iloc[0]
    preset = best_preset(table)
    phases = space.phases(x)
    lines = []
    if not opt.evaluated["feasible"].any():
        lines.append("NO CANDIDATE MEETS THE LIMITS: the recommendation below is the one that misses them least.")
    how = (
        "from month 1"
        if len(phases) <= 2
        else (f"in {len(phases) - 1} stages at months " + ", ".join(str(m) for m, _ in phases[1:]))
    )
    lines.append(f"Recommended: start from {space.describe(x)} and adopt it {how}.")
    template = space.template(x[0])
    tuned = [
        (k, getattr(template, k), getattr(goal, k))
        for k in space.levers
        if abs(getattr(goal, k) - getattr(template, k)) >= 0.005
    ]
    if not changed:
        lines.append("It keeps today's policy: no change pays better under the limits.")
    elif template != today:
        lines.append(
            f"That moves {len(changed)} levers from today's levels to the preset's"
            + (
                ", except these, set differently from the preset: "
                + "; ".join(f"{k} {b:.2f} (preset {a:.2f})" for k, a, b in tuned)
                if tuned
                else ""
            )
            + "."
        )
    else:
        lines.append(
            "It changes, from today's levels: " + "; ".join(f"{k} {a:.2f} -> {b:.2f}" for k, a, b in changed) + "."
        )
    limits = []
    if opt.budget is not None:
        limits.append(f"programme cost <= {opt.budget:,.0f} $/month")
    if opt.min_loyalty is not None:
        limits.append(f"loyalty >= {opt.min_loyalty:.2f}")
    n = len(opt.validation[opt.validation.candidate == "recommended"])
    lines.append(
        f"Judged on {n} fresh draws (replications{' x plausible parameter sets' if opt.settings.get('plausible') else ''}), "
        f"over {space.base.months} months{', under ' + ' and '.join(limits) if limits else ''}; intervals are 90% over draws:"
    )
    npv, npv_low, npv_high = format_values("$", rec.npv, rec.npv_low_90, rec.npv_high_90)
    lines.append(
        f"  NPV {npv} ({npv_low} to {npv_high}); "
        f"loyalty {rec.loyalty:.3f} ({rec.loyalty_low_90:.3f} to {rec.loyalty_high_90:.3f}); "
        f"programme cost {rec.programme_cost:,.0f} $/month."
    )
    gain, low, high = format_values("$", base.gain_of_recommended, base.gain_low_90, base.gain_high_90, signed=True)
    lines.append(
        f"  Against today's policy: NPV {gain} ({low} to {high}), better in {base.gain_share_positive:.0%} of draws."
    )
    if not limits:
        which = "the best step preset"
    elif preset.feasible:
        which = "the best step preset that meets the limits"
    else:
        which = "the best step preset, though none meets the limits"
    gain, low, high = format_values(
        "$", preset.gain_of_recommended, preset.gain_low_90, preset.gain_high_90, signed=True
    )
    lines.append(
        f"  Against {which} ({preset.candidate}, adopted from month 1): NPV {gain} ({low} to {high}), "
        f"better in {preset.gain_share_positive:.0%} of draws."
    )
    lines.append(
        f"Search: NSGA-II, {opt.generations} generations, {opt.model_runs:,} model runs "
        f"(+ {len(opt.validation):,} for this validation); {int(opt.evaluated.on_front.sum())} policies on the front."
    )
    return "\n".join(lines) + "\n"


def guidance_text(opt, table: pd.DataFrame) -> str:
    """What a strategist can rely on beyond the one recommended point: today's programme cost and the
    recommendation's, split into parts; the near-optimal range of each lever (pinned or free); and
    the recommendation's business case against today's policy."""
    lines = []
    if opt.today:
        lines.append(
            f"Today's programme cost: {cost_words(opt.today)} (programme cost: the monthly spending the "
            "levers drive, means over the horizon)."
        )
    rec = table[table.candidate == "recommended"].iloc[0]
    parts = {p: float(rec[f"cost_{p.replace(' ', '_')}"]) for p in COST_PARTS if f"cost_{p.replace(' ', '_')}" in rec}
    if parts:
        lines.append(f"Programme cost of the recommendation: {cost_words({'total': rec.programme_cost, **parts})}.")
    if opt.profile is not None:
        ranges = lever_ranges(opt, opt.profile)
        pinned, free = ranges[ranges.pinned], ranges[~ranges.pinned]
        lines.append(
            f"Near-optimal policies (each lever moved alone over {GRID} "
            f"values, the others at the recommendation's below, judged on {opt.profile.attrs.get('draws', '?')} "
            "fresh draws: within the limits and with NPV not clearly below the lever's best value's by more "
            f"than {money(MARGIN['npv'])}):"
        )
        lines += [f"  {a}" for a in pinned["advice"]] + [f"  {a}" for a in free["advice"]]
    if opt.business:
        lines += opt.business
    return "\n".join(lines) + "\n"


def business_lines(opt, replications: int) -> list[str]:
    """The recommendation against today's policy as a business summary (cost of change, low point,
    break-even, NPV, return), from paired runs of the two scenario files on fresh seeds."""
    from ..runs.runner import run
    from ..whatifs.business import business_summary, lever_costs
    from ..whatifs.summary import business_lines as words

    base, rec = opt.space.base, recommended_scenario(opt)
    if rec.schedule == base.schedule:
        return []
    scenarios = [base, rec]
    seed = opt.settings["seed"] + VALIDATION_SEED_OFFSET
    b = business_summary(run(scenarios, replications, seed, base.months), scenarios)[0]
    lines = words(b, lever_costs(base, rec))
    return [
        "The recommendation against today's policy, as a business case (the scenario file's own environment):",
        *("  " + line.strip() for line in lines[1:]),
    ]


def front_figure(opt, table: pd.DataFrame | None = None) -> Figure:
    """NPV against loyalty and against programme cost: every candidate, the front, the presets."""
    ev = opt.evaluated
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    axes = fig.subplots(1, 2)
    presets = ev.iloc[: len(STEP_NAMES) + 1]
    for ax, col, label in (
        (axes[0], "loyalty", "loyalty (mean, last 12 months)"),
        (axes[1], "programme_cost", "programme cost ($/month)"),
    ):
        ax.scatter(ev[col], ev["npv"] / 1e6, s=6, c="0.75", label="evaluated")
        ax.scatter(
            ev.loc[~ev.feasible, col], ev.loc[~ev.feasible, "npv"] / 1e6, s=6, c="mistyrose", label="breaks a limit"
        )
        f = opt.front
        ax.scatter(f[col], f["npv"] / 1e6, s=18, c="C0", label="front")
        for i, row in presets.iterrows():
            ax.scatter(row[col], row["npv"] / 1e6, marker="s", s=30, c="C3" if i else "k")
            ax.annotate(
                "today" if i == 0 else f"step {i}",
                (row[col], row["npv"] / 1e6),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
        r = ev.loc[opt.recommended_index]
        ax.scatter(r[col], r["npv"] / 1e6, marker="*", s=150, c="gold", edgecolors="k", label="recommended")
        ax.set_xlabel(label)
        ax.set_ylabel("NPV ($M)")
    if opt.min_loyalty is not None:
        axes[0].axvline(opt.min_loyalty, color="C3", lw=0.8, ls="--")
    if opt.budget is not None:
        axes[1].axvline(opt.budget, color="C3", lw=0.8, ls="--")
    axes[0].legend(fontsize=7)
    fig.suptitle(f"{opt.space.base.name}: trade-offs found by the search (means over the search's draws)", fontsize=10)
    return fig


def write(opt, out: Path) -> list[Path]:
    from ..files.provenance import record

    out.mkdir(parents=True, exist_ok=True)
    if opt.validation is None:
        opt.validation = validate(opt, opt.settings.get("validate", 16))
    if opt.profile is None:
        opt.profile = profile(opt, opt.settings.get("validate", 16))
    if opt.business is None:
        opt.business = business_lines(opt, opt.settings.get("validate", 16))
    table = comparison(opt)
    text = guidance_text(opt, table) + summary_text(opt, table)
    files = [
        write_table(opt.front, out / "front.csv"),
        write_table(opt.evaluated, out / "evaluated.csv"),
        write_table(table, out / "comparison.csv"),
        write_table(lever_ranges(opt, opt.profile), out / "near_optimal.csv"),
        write_table(opt.profile, out / "profile.csv"),
        write_scenario(
            recommended_scenario(opt),
            out / "recommended.toml",
            "Recommended by `culturesim optimize`; compare it with the base:\n"
            f"culturesim compare {opt.space.base.path or 'BASE.toml'} {out / 'recommended.toml'}",
        ),
        atomic_write(out / "front.png", lambda p: front_figure(opt).savefig(p, dpi=110, format="png")),
        atomic_write(out / "summary.txt", lambda p: p.write_text(text)),
    ]
    provenance = dict(
        job="optimize",
        method="NSGA-II (pymoo), vectorised problem, archive front",
        identity=identity(opt.settings),
        scenario=opt.space.base.path or opt.space.base.name,
        model_runs=opt.model_runs,
        validation_runs=len(opt.validation),
        generations=opt.generations,
        settings={k: v for k, v in opt.settings.items() if k not in ("scenario", "plausible")},
        calibrated=bool(opt.settings.get("plausible")),
        code=record(seed=opt.settings.get("seed")),
    )
    files.append(
        atomic_write(out / "provenance.json", lambda p: p.write_text(json.dumps(provenance, indent=1, default=str)))
    )
    return files
