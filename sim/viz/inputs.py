"""The dashboard's settings: every control, what it accepts, and how a typed or URL value is checked.

One table (``CONTROLS``) serves the sidebar, the URL (``?step=3&seed=7&compare=1``) and the tests,
so a value is checked the same way wherever it comes from. A refused value raises ValueError with
a message written for a class ("Seed: a whole number from 0 to 4294967295, got 'abc'"); the page
shows it beside the control and keeps the last good value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .classroom import CUSTOM, PLANS, ClassroomModel, plan_pairs

B_REWARDS = ("as its plan says", "individuals (0)", "teams (1)")
MAX_TEXT = 200  # characters in any value: a plan or a number never needs more


def excerpt(text: str) -> str:
    """A value as quoted back in a message: escaped, and cut short if long."""
    return repr(text) if len(text) <= 40 else f"{text[:30]!r}... ({len(text):,} characters)"


@dataclass(frozen=True)
class Control:
    key: str
    label: str
    kind: str  # "choice", "int", "float", "bool", "text"
    default: object
    choices: tuple = ()
    lo: float = 0.0
    hi: float = 1.0
    step: float = 1.0
    help: str = ""  # the hover explanation, in plain words

    def parse(self, raw) -> object:
        """The value ``raw`` (typed, or text from the URL) stands for; ValueError with a readable message."""
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(f"{self.label}: at most {MAX_TEXT} characters; got {len(text):,}")
        if self.kind == "choice":
            for c in self.choices:
                if text == str(c):
                    return c
            raise ValueError(f"{self.label}: one of {', '.join(map(str, self.choices))}; got {excerpt(text)}")
        if self.kind == "bool":
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{self.label}: yes or no (1 or 0); got {excerpt(text)}")
        if self.kind == "text":
            return text
        number = self._number(text)
        if not self.lo <= number <= self.hi:
            raise ValueError(f"{self.label}: {self._allowed()}; got {excerpt(text)}")
        return number

    def _number(self, text: str):
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{self.label}: {self._allowed()}; got {excerpt(text)}") from None
        if not math.isfinite(value) or (self.kind == "int" and value != int(value)):  # inf, NaN, 2.5
            raise ValueError(f"{self.label}: {self._allowed()}; got {excerpt(text)}")
        return int(value) if self.kind == "int" else value

    def _allowed(self) -> str:
        kind = "a whole number" if self.kind == "int" else "a number"
        lo, hi = (int(self.lo), int(self.hi)) if self.kind == "int" else (self.lo, self.hi)
        return f"{kind} from {lo} to {hi}"


def _lever(key: str, label: str, default: float, help: str) -> Control:
    return Control(key, label, "float", default, lo=0.0, hi=1.0, step=0.05, help=help)


PLAN_CHOICES = (*PLANS, CUSTOM)
CONTROLS = {
    c.key: c
    for c in (
        Control(
            "step",
            "Culture step at month 0",
            "choice",
            1,
            choices=(1, 2, 3, 4, 5),
            help="Where organization A starts: 1 minimize hassles ... 5 a customer-focused culture.",
        ),
        Control(
            "plan",
            "Plan",
            "choice",
            "one step up every 6 months (1 -> 5 in 2 years)",
            choices=PLAN_CHOICES,
            help="How A moves between steps over the months; the custom plan box shows the plan in force.",
        ),
        Control(
            "custom_plan",
            "Custom plan (month:step, ...)",
            "text",
            "0:1, 12:3, 24:5",
            help="The plan in force as month:step pairs. Type your own, e.g. 0:1, 12:3, 24:5, and press Enter.",
        ),
        Control(
            "compare",
            "Compare with a second organization (B)",
            "bool",
            False,
            help="B runs beside A on the same seed: whatever differs is caused by the plan, not by luck.",
        ),
        Control(
            "plan_b",
            "Plan of organization B",
            "choice",
            "stay at the start step",
            choices=PLAN_CHOICES,
            help="How B moves between steps (it starts at the same step as A).",
        ),
        Control(
            "reward_b",
            "How organization B rewards staff",
            "choice",
            B_REWARDS[0],
            choices=B_REWARDS,
            help="Pay and recognition for individuals or for teams, whatever B's plan says.",
        ),
        Control(
            "seed",
            "Seed",
            "int",
            1,
            lo=0,
            hi=2**32 - 1,
            help="The luck: which customers come and go. Same seed, same luck; try 2, 3, 4 to see chance.",
        ),
        Control("months", "Months", "int", 60, lo=12, hi=120, step=12, help="How long the run lasts."),
        Control(
            "n_employees", "Employees", "int", 40, lo=16, hi=120, step=8, help="Staff, front office and back office."
        ),
        Control(
            "n_customers",
            "Customer capacity",
            "int",
            800,
            lo=200,
            hi=2000,
            step=100,
            help="The most customers the organization could have at once (about 20 per employee pays).",
        ),
        Control(
            "hold_levers",
            "Hold the levers below (else the plan moves them)",
            "bool",
            False,
            help="Ticked: the four levers keep the values you set. Unticked: they show where the plan is now.",
        ),
        _lever(
            "team_reward_weight",
            "Rewards for teams (0 individuals, 1 teams)",
            0.0,
            "How much pay and recognition go to teams rather than to individuals.",
        ),
        _lever(
            "empowerment",
            "Freedom of staff to solve customers' problems",
            0.1,
            "How far customer-facing staff may fix a problem themselves, without asking a manager.",
        ),
        _lever(
            "service_spend",
            "Time and money for serving customers",
            0.25,
            "Staff time and budget set aside for serving customers well (it costs money every month).",
        ),
        _lever("training", "Service training", 0.2, "How much staff are trained to serve customers."),
        Control(
            "pace",
            "Play: seconds per month",
            "float",
            0.5,
            lo=0.1,
            hi=3.0,
            step=0.1,
            help="Play's speed. On a busy computer Play skips months rather than falling behind.",
        ),
        Control(
            "agents_every",
            "While playing, redraw the agents every N months",
            "int",
            1,
            lo=1,
            hi=12,
            help="Drawing the employees and customers takes longest: draw them less often on a slow computer.",
        ),
        Control(
            "autoscale",
            "Fit the plots' y-axes to this run",
            "bool",
            False,
            help="Unticked: every seed of an exercise shares the same axes, so screens can be compared.",
        ),
        Control(
            "projector",
            "Projector mode (large plots first)",
            "bool",
            False,
            help="Plots above the agents, two per row, large letters: for a projector at 1280x720.",
        ),
    )
}
LEVER_KEYS = ("team_reward_weight", "empowerment", "service_spend", "training")
# Settings that define the organizations: a change restarts the run at month 0.
MODEL_KEYS = (
    "step",
    "plan",
    "custom_plan",
    "compare",
    "plan_b",
    "reward_b",
    "seed",
    "months",
    "n_employees",
    "n_customers",
    "hold_levers",
    *LEVER_KEYS,
)


def defaults() -> dict:
    return {k: c.default for k, c in CONTROLS.items()}


def check(values: dict) -> None:
    """The custom plan's text is checked whichever plan is chosen, so a typo shows at once."""
    try:
        plan_pairs(values["step"], CUSTOM, values["custom_plan"], values["months"])
    except ValueError as e:
        raise ValueError(f"Custom plan: {_plain(e)}") from None


def build(values: dict) -> list[ClassroomModel]:
    """Organization A, and B when comparing: same seed and size, B differs only in plan and reward."""
    common = {k: values[k] for k in ("step", "custom_plan", "months", "n_employees", "n_customers")}
    held = {k: values[k] for k in LEVER_KEYS} if values["hold_levers"] else {}
    models = [ClassroomModel(plan=values["plan"], rng=values["seed"], override_levers=bool(held), **held, **common)]
    if values["compare"]:
        held_b = dict(held)
        if values["reward_b"] != B_REWARDS[0]:
            held_b["team_reward_weight"] = float(B_REWARDS.index(values["reward_b"]) - 1)
        models.append(
            ClassroomModel(plan=values["plan_b"], rng=values["seed"], override_levers=bool(held_b), **held_b, **common)
        )
    return models


def _plain(e: ValueError) -> str:
    """The model's message without its keyword prefix ("schedule: ...")."""
    text = str(e)
    return text.split(": ", 1)[1] if text.split(": ", 1)[0] in ("schedule", "step") else text


def from_url(query: str | None) -> tuple[dict, dict[str, str]]:
    """Settings from a URL query string: (values, messages by control key; "" for unknown names)."""
    values, errors = defaults(), {}
    for key, raw in parse_qsl(query or "", keep_blank_values=True):
        control = CONTROLS.get(key)
        if control is None:
            errors[""] = f"Unknown setting {excerpt(key)} in the address ignored; known: {', '.join(CONTROLS)}"
            continue
        try:
            values[key] = control.parse(raw)
        except ValueError as e:
            errors[key] = f"From the address: {e}. Kept {control.default}."
    try:
        check(values)
    except ValueError as e:
        errors["custom_plan"] = f"From the address: {e}. Kept {CONTROLS['custom_plan'].default!r}."
        values["custom_plan"] = CONTROLS["custom_plan"].default
    return values, errors


# The links of docs/teaching.md (tests/test_viz_teaching.py keeps the two the same): the server prepares
# their organizations ahead (sim/viz/spare.py), so a class opening them gets its page at once.
GUIDE_LINKS = {
    "1. the J-curve": "compare=1&plan=one%20step%20up%20every%2012%20months&plan_b=stay%20at%20the%20start%20step"
    "&projector=1",
    "2. noise": "compare=1&plan=one%20step%20up%20every%2012%20months&plan_b=one%20step%20up%20every%2012%20months"
    "&projector=1",
    "3. big bang": "compare=1&plan=jump%20to%20step%205%20at%20month%2012"
    "&plan_b=one%20step%20up%20every%206%20months%20(1%20-%3E%205%20in%202%20years)&projector=1",
}
