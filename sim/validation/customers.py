"""Customer-level facts: convex satisfaction -> loyalty (2), losing one's employee (3), rising
expectations (4), unequal customers (5). Per-customer data come from State via ``on_state``."""

from __future__ import annotations

import numpy as np

from .. import rules
from ..core import monthly_rate, simulate
from ..metrics import clv
from ..params import Policy, replace
from ..steps import Phase, Schedule, step_policy
from .common import Recorder, by_schedule, correlation, environment, paired_batch, paired_runs, same_customer

SATISFACTION_SCALE = np.array([0.0, 0.2, 0.4, 0.6, 0.8, 1.0 + 1e-9])  # 1..5 points, 5 = "totally satisfied"


def churn_by_satisfaction(reps: int = 4, months: int = 36, **env_overrides) -> dict:
    """Next-month churn of customers by their satisfaction on a 5-point scale, pooled over steps 1..5."""
    rec = Recorder("satisfaction", "active", "joined")
    paired_runs(
        [Schedule.constant(step_policy(k)) for k in range(1, 6)],
        reps,
        environment(**env_overrides),
        months=months,
        on_state=rec,
    )
    sat, active, joined = rec["satisfaction"], rec["active"], rec["joined"]
    level = np.digitize(sat[:-1], SATISFACTION_SCALE)  # 1..5
    stayed = np.stack([same_customer(joined, active, t, 1) for t in range(months - 1)])
    at_risk = active[:-1]
    customers = np.array([(at_risk & (level == p)).sum() for p in range(1, 6)])
    churned = np.array([(at_risk & (level == p) & ~stayed).sum() for p in range(1, 6)])
    rate = churned / np.maximum(customers, 1)
    return dict(points=np.arange(1, 6), customers=customers, churn=rate, ratio_4_to_5=rate[3] / rate[4])


def lost_employee(
    reps: int = 8, months: int = 48, horizon: int = 6, policy: Policy | None = None, **env_overrides
) -> dict:
    """Customers whose dedicated employee has just left vs customers in a relationship whose employee stayed.

    At the end of month t, a customer with a relationship of ``dedicated_after``+ months whose
    employee's slot now holds someone else will notice the loss in month t + 1. Compare the
    satisfaction change from t to t + 1 and churn within ``horizon`` months, against customers
    with equally long relationships whose employee stayed (the matched controls).
    """
    policy = policy or replace(step_policy(3), relationship_continuity=0.9)
    rec = Recorder("satisfaction", "active", "joined", "relationship", "employee", "employee_start", "start")
    env = environment(**env_overrides)
    paired_runs([Schedule.constant(policy)], reps, env, months=months, on_state=rec)
    sat, active, joined = rec["satisfaction"], rec["active"], rec["joined"]
    rel, emp, emp_start, start = rec["relationship"], rec["employee"], rec["employee_start"], rec["start"]
    groups: dict[bool, dict[str, list[np.ndarray]]] = {
        lost: dict(before=[], after=[], churn=[]) for lost in (True, False)
    }
    for t in range(months - horizon):
        holder = np.take_along_axis(start[t], emp[t], axis=1)
        dedicated = active[t] & rules.dedicated(rel[t], env)
        left = holder != emp_start[t]
        still = same_customer(joined, active, t, 1)
        stays = same_customer(joined, active, t, horizon)
        for lost in (True, False):
            pick = dedicated & (left == lost)
            groups[lost]["before"].append(sat[t][pick])
            groups[lost]["after"].append(sat[t + 1][pick & still])
            groups[lost]["churn"].append(~stays[pick])
    out: dict = {}
    for lost, name in ((True, "lost"), (False, "kept")):
        before, after = np.concatenate(groups[lost]["before"]), np.concatenate(groups[lost]["after"])
        churn = np.concatenate(groups[lost]["churn"])
        out[name] = dict(
            n=len(before),
            satisfied_before=float((before >= 0.5).mean()),
            satisfied_after=float((after >= 0.5).mean()),
            satisfaction_before=float(before.mean()),
            satisfaction_after=float(after.mean()),
            churn=float(churn.mean()),
        )
    out["drop_gap"] = (out["lost"]["satisfaction_after"] - out["lost"]["satisfaction_before"]) - (
        out["kept"]["satisfaction_after"] - out["kept"]["satisfaction_before"]
    )
    out["churn_ratio"] = out["lost"]["churn"] / out["kept"]["churn"]
    out["horizon"] = horizon
    return out


QUICK_CHANGE = dict(adoption_speed=0.5)  # the one-off improvement is made within a few months


def expectation_treadmill(reps: int = 8, months: int = 72, improve_at: int = 12, **env_overrides) -> dict:
    """Satisfaction after a one-off improvement and after continued improvements, minus a paired control.

    One-off: at ``improve_at`` the organization raises service spend and training once.
    Continued: the same first move, then another improvement every 12 months. Changes are
    adopted quickly (``QUICK_CHANGE``) unless ``adoption_speed`` is given.
    """
    env_overrides = {**QUICK_CHANGE, **env_overrides}
    base = step_policy(2)
    moves = [
        dict(service_spend=0.6, training=0.8),
        dict(supplier_collaboration=0.7, voice_of_customer=0.9),
        dict(empowerment=0.8, values_clarity=0.8),
        dict(service_spend=0.9, communication=0.8),
    ]
    first = replace(base, **moves[0])
    steps, policy = [Phase(0, base), Phase(improve_at, first)], first
    for i, move in enumerate(moves[1:], start=1):
        policy = replace(policy, **move)
        steps.append(Phase(improve_at + 12 * i, policy))
    schedules = [Schedule.constant(base), Schedule((Phase(0, base), Phase(improve_at, first))), Schedule(tuple(steps))]
    out = paired_runs(schedules, reps, environment(**env_overrides), months=months)
    gain = {
        k: (out[k][1:] - out[k][0]).mean(axis=1) for k in ("mean_satisfaction", "service_quality", "mean_expectation")
    }
    sat = gain["mean_satisfaction"]
    peak = sat[0].max()
    final = sat[:, -6:].mean(axis=1)
    return dict(
        gain=gain,
        improve_at=improve_at,
        peak=peak,
        peak_month=int(sat[0].argmax()),
        final_once=final[0],
        final_continued=final[1],
        faded_share=1.0 - final[0] / peak,
        quality_final_once=gain["service_quality"][0, -6:].mean(),
    )


def customer_economics(state, env, month: int) -> dict:
    """Per-customer monthly profit contribution and CLV from State (rules' formulas, env as (S, 1) columns)."""
    pol = state.policy
    nf = rules.frontline_count(pol, state.employed.sum(axis=1, keepdims=True))
    over = rules.overload(state.active.sum(axis=1, keepdims=True) / nf, env)
    contribution = rules.spend(
        state.value, state.loyalty, env
    ) * env.gross_margin - env.service_cost * rules.service_time(state.segment, over, pol, env)
    r = 1.0 - rules.churn_probability(state.loyalty, env)
    return dict(
        profit=contribution,
        clv=clv(contribution, r, monthly_rate(env.discount_rate)),
        loyalty=state.loyalty,
        tenure=month - state.joined,
        segment=state.segment,
        active=state.active,
    )


def unequal_customers(reps: int = 8, months: int = 48, **env_overrides) -> dict:
    """Reinartz & Kumar: loyalty vs profitability across customers; serving low-value customers;
    targeting service on high-value ones. Paired by seed."""
    env = environment(**env_overrides)
    base = step_policy(3)
    schedules = [
        Schedule.constant(p) for p in (base, replace(base, service_spend=0.8), replace(base, segment_targeting=0.8))
    ]
    batch = paired_batch(schedules, reps, env, months=months)
    columns, final = batch.env_view(), {}

    def keep_last(state, month):
        if month == months - 1:
            final.update(customer_economics(state, columns, month))

    npv = by_schedule(simulate(batch, on_state=keep_last), len(schedules))["cumulative_discounted_profit"][..., -1]
    c = by_schedule(final, len(schedules))  # name -> (policy, rep, customers)
    act, clv, seg = c["active"], c["clv"], c["segment"]
    base_act = act[0]
    in_segment = act[:, :, None, :] & (seg[:, :, None, :] == np.arange(3)[None, None, :, None])
    counts = in_segment.sum(axis=3)
    segment_clv = np.where(
        counts > 0, (clv[:, :, None, :] * in_segment).sum(axis=3) / np.maximum(counts, 1), np.nan
    ).transpose(0, 2, 1)  # (policy, segment, rep); NaN: empty
    loyalty, profit, tenure = c["loyalty"][0][base_act], c["profit"][0][base_act], c["tenure"][0][base_act]
    return dict(
        loyalty=loyalty,
        profit=profit,
        tenure=tenure,
        r_loyalty_profit=correlation(loyalty, profit),
        r_tenure_profit=correlation(tenure, profit),
        segment_clv=segment_clv.mean(axis=2),
        spend_low_clv_change=(segment_clv[1, 0] - segment_clv[0, 0]).mean(),
        spend_mean_clv_change=(clv[1][act[1]].mean() - clv[0][act[0]].mean()),
        targeting_npv_gain=npv[2] - npv[0],
        spend_npv_gain=npv[1] - npv[0],
    )
