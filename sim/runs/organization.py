"""An organization described in business terms, and the model parameters it implies.

A strategist knows customers, headcount, margin per customer, wages and today's churn; the model
wants customer slots, ``value_mean``, per-slot fees and a comfortable workload. ``derive`` turns
the first into the second:

- customer slots = customers / the fill the model reaches at today's culture step
  (``profiles.STEP_LADDER``), so the simulated firm keeps about the customers it has today;
- ``value_mean`` = revenue per active customer / the step's revenue factor (loyal customers buy
  more); revenue = margin / the sector's gross margin when only a margin is given; with both,
  ``gross_margin`` = margin / revenue;
- every cost per customer or per slot (suppliers, marketing, service, recovery, community,
  acquisition) keeps the default firm's ratio to ``value_mean`` (acquisition: the sector's months
  of value); every cost per employee (training, recognition, programmes, hiring, onboarding,
  separation, change) keeps its ratio to the wage;
- ``comfortable_load`` keeps the default firm's 30 customers per frontline employee at 20 slots
  per employee: today's staffing is taken as the sector's normal workload (the model cannot know
  better until staffing is part of it, docs/model.md 4.6);
- today's annual churn and staff turnover, when given (else the sector's typical ones, the
  geometric middle of its published range; the model's own for b2b_services), scale
  ``churn_ceiling`` and ``quit_base`` by target / the step's model value, and the fill follows
  the churn (``_fill``).

The figures describe the organization at the culture step it is at today (``step``, or the step
whose model churn and NPS are nearest its own, or the sector's typical step); a scenario may simulate another step on the
same derived sizes and environment (a what-if). The default firm (``typical("b2b_services")``,
step 1) derives to ``Sizes()`` and ``Environment()`` exactly. Explicit ``[sizes]`` and
``[environment]`` values in a scenario win.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from ..core.finance import PER_EMPLOYEE_PRICES
from ..errors import InputError, did_you_mean, quote, show
from ..params import Environment, Sizes, spec
from .profiles import SECTORS, STEP_LADDER, closest_step
from .profiles import sector as sector_profile

DEFAULT_ENV = Environment()
DEFAULT_SIZES = Sizes()
SLOTS_PER_EMPLOYEE = DEFAULT_SIZES.n_customers / DEFAULT_SIZES.n_employees
PER_VALUE = ("supplier_fee", "marketing_budget", "service_cost", "recovery_cost", "community_cost", "capacity_cost")
PER_WAGE = PER_EMPLOYEE_PRICES  # scaled with the firm's wage

# numeric key -> (low, high, meaning): what a firm's figure can mean, not the model's bounds
BOUNDS: dict[str, tuple[float, float, str]] = {
    "customers": (1, 10_000_000, "active customers today"),
    "employees": (1, 1_000_000, "headcount today"),
    "monthly_revenue": (0.01, 1e6, "$ revenue per active customer per month"),
    "monthly_margin": (0.01, 1e6, "$ gross margin (revenue - cost of goods) per active customer per month"),
    "loaded_wage": (1.0, 1e5, "$ per employee per month with benefits and payroll taxes"),
    "market_size": (1, 100_000_000, "customers the organization could win (reachable market)"),
    "annual_churn": (0.0, 0.95, "share of customers lost per YEAR (not per month)"),
    "nps": (-100.0, 100.0, "net promoter score today, points"),
    "annual_staff_turnover": (0.0, 3.0, "leavers / headcount per YEAR"),
    "step": (
        1,
        5,
        "the culture step the organization is at today (default: the nearest its annual_churn and nps, "
        "else the sector's typical step)",
    ),
}
KEYS = ("sector", *BOUNDS)
MONTHLY_NAMES = {"churn_rate", "monthly_churn", "churn"}


@dataclass(frozen=True)
class Organization:
    """A firm in its own terms; every optional figure falls back on its sector's typical value."""

    customers: int
    employees: int
    sector: str = "b2b_services"
    monthly_revenue: float | None = None
    monthly_margin: float | None = None
    loaded_wage: float | None = None
    market_size: int | None = None
    annual_churn: float | None = None
    nps: float | None = None
    annual_staff_turnover: float | None = None
    step: int | None = None

    def __post_init__(self):
        problem = check(self.__dict__)
        if problem:
            raise InputError(f"organization.{problem}")

    @property
    def profile(self):
        return sector_profile(self.sector)

    def today_step(self) -> int:
        """The culture step the figures describe: given, or the one whose model churn and NPS are
        nearest, or (with neither) the sector's typical step."""
        if self.step is not None:
            return self.step
        if self.annual_churn is None and self.nps is None:
            return self.profile.typical_step
        return closest_step(self.annual_churn, self.nps)

    def revenue(self) -> float:
        """Revenue per active customer per month (given, from the margin, or the sector's)."""
        if self.monthly_revenue is not None:
            return float(self.monthly_revenue)
        if self.monthly_margin is not None:
            return self.monthly_margin / self.profile.gross_margin
        return self.profile.monthly_revenue


def typical(sector: str) -> Organization:
    """A sector's typical organization at the default firm's size (100 employees)."""
    p = sector_profile(sector)
    return Organization(
        customers=round(100 * p.customers_per_employee), employees=100, sector=sector, step=p.typical_step
    )


def check(values: dict) -> str | None:
    """'key: why' for the first bad value of an organization table, or None."""
    for key, value in values.items():
        if key in MONTHLY_NAMES:
            hint = ""
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
                hint = f" (a monthly churn of {value:g} is {1 - (1 - value) ** 12:.0%} a year)"
            return (
                f"{key}: give annual_churn, the share of customers lost per year{hint}; "
                "the organization table takes yearly rates only"
            )
        if key not in KEYS:
            return f"{quote(key)[1:-1]}: unknown key{did_you_mean(key, KEYS)}; allowed: {', '.join(KEYS)}"
        if value is None:
            if key in ("customers", "employees"):
                return f"{key}: missing; {BOUNDS[key][2]}, a whole number"
            continue
        if key == "sector":
            if value not in SECTORS:
                return (
                    f"sector: unknown sector {show(value)}{did_you_mean(value, SECTORS)}; allowed: {', '.join(SECTORS)}"
                )
            continue
        lo, hi, meaning = BOUNDS[key]
        whole = isinstance(lo, int)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not float(value).is_integer()):
            kind = "a whole number" if whole else "a number"
            return f"{key}: must be {kind} in [{lo:,}, {hi:,}] ({meaning}), got {show(value)}"
        if not (math.isfinite(value) and lo <= value <= hi):
            return f"{key}: must be in [{lo:,}, {hi:,}] ({meaning}), got {show(value)}"
    if "customers" not in values or "employees" not in values:
        missing = "customers" if "customers" not in values else "employees"
        return f"{missing}: missing; {BOUNDS[missing][2]}, a whole number"
    margin, revenue = values.get("monthly_margin"), values.get("monthly_revenue")
    if margin is not None and revenue is not None and margin > revenue:
        return f"monthly_margin: must be at most monthly_revenue ({revenue:g}), got {margin:g}"
    market = values.get("market_size")
    if market is not None and market < values["customers"]:
        return f"market_size: must be at least customers ({values['customers']:,}), got {market:,}"
    return None


def from_table(raw: dict) -> Organization:
    """An Organization from a TOML table; InputError 'key: why' for a bad one."""
    problem = check(raw)
    if problem:
        raise InputError(problem)
    return Organization(**raw)


def _cents(x: float) -> float:
    return round(float(x), 2)


def derive(org: Organization) -> tuple[dict, dict]:
    """(sizes, environment) values implied by the organization at the step it is at today.

    They do not depend on the step a scenario simulates, so a what-if that extends the
    organization's file and changes step runs on the same sizes and environment as its base.
    InputError 'key: why' when the result is outside what the model can simulate.
    """
    rung, profile = STEP_LADDER[org.today_step()], org.profile
    churn = org.annual_churn
    if churn is None and org.sector != "b2b_services":
        churn = math.sqrt(profile.annual_churn[0] * profile.annual_churn[1])
    slots = round(org.customers / _fill(rung, churn))
    sizes = {"n_customers": slots, "n_employees": int(org.employees)}
    value = _cents(org.revenue() / rung.revenue_factor)
    wage = _cents(org.loaded_wage if org.loaded_wage is not None else profile.loaded_wage)
    gross_margin = profile.gross_margin
    if org.monthly_margin is not None and org.monthly_revenue is not None:
        gross_margin = round(org.monthly_margin / org.monthly_revenue, 4)
    env = {
        "value_mean": value,
        "wage": wage,
        "gross_margin": gross_margin,
        "acquisition_cost": _cents(value * profile.acquisition_months),
        "comfortable_load": round(DEFAULT_ENV.comfortable_load * slots / org.employees / SLOTS_PER_EMPLOYEE, 2),
    }
    env.update({k: _cents(value * getattr(DEFAULT_ENV, k) / DEFAULT_ENV.value_mean) for k in PER_VALUE})
    env.update({k: _cents(wage * getattr(DEFAULT_ENV, k) / DEFAULT_ENV.wage) for k in PER_WAGE})
    if org.market_size is not None:
        env["market_potential"] = round(org.market_size / slots, 4)
    turnover = org.annual_staff_turnover
    if turnover is None and org.sector != "b2b_services":
        turnover = math.sqrt(profile.staff_turnover[0] * profile.staff_turnover[1])
    if turnover is not None:
        env["quit_base"] = round(DEFAULT_ENV.quit_base * turnover / rung.staff_turnover, 5)
    if churn is not None:
        env["churn_ceiling"] = round(DEFAULT_ENV.churn_ceiling * _monthly(churn) / _monthly(rung.annual_churn), 5)
    _check_derived(org, sizes, env)
    return sizes, env


def _fill(rung, annual_churn: float | None) -> float:
    """The step's fill, moved for a churn other than the step's: in a steady state the monthly
    adoption a of the market not yet won, (k - fill) a, equals churn c fill (k = market_potential,
    the market per slot), so fill = k a / (a + c) with the step's a (rules.acquisition_expected)."""
    if annual_churn is None:
        return rung.fill
    k = DEFAULT_ENV.market_potential
    a = _monthly(rung.annual_churn) * rung.fill / (k - rung.fill)
    return k * a / (a + _monthly(annual_churn))


def _monthly(annual: float) -> float:
    return 1.0 - (1.0 - annual) ** (1.0 / 12.0)


# which organization figures to change when a derived parameter is out of the model's bounds
CAUSE = {
    "n_customers": "customers",
    "n_employees": "employees",
    "comfortable_load": "customers/employees",
    "value_mean": "monthly_revenue or monthly_margin",
    "wage": "loaded_wage",
    "quit_base": "annual_staff_turnover",
    "churn_ceiling": "annual_churn",
    "market_potential": "market_size",
}


def _check_derived(org: Organization, sizes: dict, env: dict) -> None:
    for group, values in (("sizes", sizes), ("environment", env)):
        for key, value in values.items():
            lo, hi = spec(group, key)["bounds"]
            if not lo <= value <= hi:
                cause = CAUSE.get(key, "monthly_revenue or loaded_wage")
                if group == "sizes":
                    raise InputError(
                        f"{cause}: gives {group}.{key} = {value:,}, outside [{lo:,}, {hi:,}]; the model is "
                        "size-free: scale customers and employees down together (or describe one region)"
                    )
                raise InputError(
                    f"{cause}: gives {group}.{key} = {value:,.6g}, outside what the model "
                    f"simulates [{lo:,}, {hi:,}]; change the organization's figures or set "
                    f"{group}.{key} yourself"
                )


def field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Organization))
