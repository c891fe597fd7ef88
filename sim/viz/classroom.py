"""The model the dashboard runs: CultureModel with a start step, a transition plan and a typed-in seed.

Why a subclass and not CultureModel itself: the dashboard (sim/viz/inputs.py ``build``) rebuilds
the model from every input at once. CultureModel takes ``step`` *or* ``schedule`` (not both), applies a lever
given by name to every phase of a plan, and wants an int seed; a class needs a start step *and* a
plan, lever sliders that only count when asked, and a seed typed into a text box.
"""

from __future__ import annotations

from ..abm.setup import parse_schedule
from ..model import CultureModel
from ..params import LEVERS
from ..steps import STEP_NAMES, step_policy

CUSTOM = "custom plan (typed below)"


def _every(months: int):
    return lambda start: [(i * months, s) for i, s in enumerate(range(start, 6))]


# Plans relative to the start step: name -> start step -> [(month, step), ...].
PLANS = {
    "stay at the start step": lambda start: [(0, start)],
    "one step up every 6 months (1 -> 5 in 2 years)": _every(6),
    "one step up every 12 months": _every(12),
    "jump to step 5 at month 12": lambda start: [(0, start)] + ([(12, 5)] if start < 5 else []),
    "fall back to step 1 at month 24": lambda start: [(0, start)] + ([(24, 1)] if start > 1 else []),
}


def plan_pairs(step: int, plan: str, custom_plan: str, months: int) -> list[tuple[int, int]]:
    """The (month, step) phases of a plan that start within the run."""
    if plan == CUSTOM:
        step_of = {step_policy(k): k for k in STEP_NAMES}
        pairs = [(p.month, step_of[p.policy]) for p in parse_schedule(custom_plan).phases]  # validated
    elif plan in PLANS:
        if int(step) not in STEP_NAMES:
            raise ValueError(f"step: must be one of 1..5, got {step!r}")
        pairs = PLANS[plan](int(step))
    else:
        raise ValueError(f"plan: must be one of {', '.join([*PLANS, CUSTOM])}, got {plan!r}")
    return [(m, s) for m, s in pairs if m < months]


def seed_from_text(text) -> int:
    """A seed typed into a text box (or already an int)."""
    try:
        seed = int(str(text).strip())
    except ValueError:
        raise ValueError(f"Seed: expected a whole number >= 0, got {text!r}") from None
    if seed < 0:
        raise ValueError(f"Seed: expected a whole number >= 0, got {text!r}")
    return seed


class ClassroomModel(CultureModel):
    """CultureModel driven by the dashboard's inputs.

    ``step``: the culture step at month 0; ``plan``: a name of ``PLANS`` or ``CUSTOM`` (then
    ``custom_plan`` is "month:step, ..." text); ``override_levers``: when False, lever keywords
    are ignored and the plan's presets rule; when True they hold through every phase.
    ``mode``: "vectorised" by default: the same months as agents mode (same random streams) at about
    a tenth of the cost, with every agent kept in sync for the agents view (sim/abm/sync.py).
    Agent-level data is not collected: the dashboard draws the agents themselves.
    """

    def __init__(
        self,
        *,
        step=1,
        plan="stay at the start step",
        custom_plan="0:1, 12:3, 24:5",
        override_levers=False,
        rng=1,
        months=60,
        n_employees=40,
        n_customers=800,
        mode="vectorised",
        **overrides,
    ):
        pairs = plan_pairs(step, plan, custom_plan, int(months))
        if not override_levers:
            overrides = {k: v for k, v in overrides.items() if k not in LEVERS}
        super().__init__(
            schedule=pairs,
            rng=seed_from_text(rng),
            months=int(months),
            n_employees=int(n_employees),
            n_customers=int(n_customers),
            mode=mode,
            agent_data=False,
            **overrides,
        )
        self.plan = pairs
        self.overridden = sorted(k for k in overrides if k in LEVERS)

    def target_step(self) -> int:
        """The step the plan aims at this month."""
        return [s for m, s in self.plan if m <= max(min(self.month, self.months - 1), 0)][-1]

    def next_change(self) -> tuple[int, int] | None:
        """(month, step) of the plan's next phase, if any."""
        later = [(m, s) for m, s in self.plan if m > self.month]
        return later[0] if later else None
