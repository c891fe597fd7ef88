"""Sector profiles: what a typical organization of a sector looks like, with a source for each figure.

An ``[organization]`` table (``sim.runs.organization``) describes a firm in business terms; its
sector profile supplies what the firm does not say (gross margin, loaded wage, how costs compare
with revenue and wages) and the published ranges a baseline is checked against
(``sim.runs.plausibility``). ``b2b_services`` is the model's own defaults: deriving its typical
organization gives ``Sizes()`` and ``Environment()`` exactly, so no preset changes.

Sources are what the author recalled of published benchmarks: each is marked "as recalled, not
checked" unless it is the model's own default or a judgement. Replace them with your own figures
(every one can be given in the scenario file).

``STEP_LADDER`` is measured on the model (default environment, 1/4 scale, 8 replications, 60
months after warm-up); ``tests/test_organization.py`` re-measures it and fails when the model moves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rung:
    """What the model gives at one culture step with the default environment (stationary)."""

    fill: float  # active customers / customer slots
    revenue_factor: float  # revenue per active customer / value_mean
    annual_churn: float
    nps: float
    staff_turnover: float  # leavers / headcount per year


STEP_LADDER: dict[int, Rung] = {
    1: Rung(0.376, 1.0510, 0.231, -23.3, 0.570),
    2: Rung(0.542, 1.1394, 0.138, 14.0, 0.540),
    3: Rung(0.673, 1.2304, 0.100, 28.7, 0.471),
    4: Rung(0.826, 1.2636, 0.055, 44.8, 0.350),
    5: Rung(0.910, 1.2899, 0.032, 61.6, 0.302),
}


@dataclass(frozen=True)
class Sector:
    """A sector's typical organization and published ranges; ``sources`` names where each came from."""

    name: str
    monthly_revenue: float  # $ per active customer per month, typical
    customers_per_employee: float  # active customers per employee (all staff), typical
    gross_margin: float  # share of revenue left after cost of goods (claims, network, food)
    loaded_wage: float  # $ per employee per month, with benefits and payroll taxes
    acquisition_months: float  # cost of winning one customer, in months of value_mean
    annual_churn: tuple[float, float]
    nps: tuple[float, float]
    staff_turnover: tuple[float, float]  # leavers / headcount per year
    typical_step: int  # the culture step whose churn and NPS sit inside the ranges
    sources: dict[str, str]


RECALLED = "as recalled, not checked"

SECTORS: dict[str, Sector] = {
    "b2b_services": Sector(
        name="B2B services (the model's defaults)",
        monthly_revenue=1261.2,
        customers_per_employee=7.52,
        gross_margin=0.65,
        loaded_wage=3000.0,
        acquisition_months=2000.0 / 1200.0,
        annual_churn=(0.03, 0.35),
        nps=(-40.0, 80.0),
        staff_turnover=(0.30, 0.65),
        typical_step=1,
        sources={
            "monthly_revenue": "model default value_mean 1,200 $/month x the step-1 revenue factor",
            "customers_per_employee": "model default: 2,000 slots x step-1 fill 0.376 / 100 employees",
            "gross_margin": "model default (services)",
            "loaded_wage": "model default",
            "acquisition_months": "model default acquisition_cost 2,000 $ (B2B CAC payback 5-15 months of margin, "
            f"{RECALLED})",
            "annual_churn": f"B2B services and SaaS annual customer churn about 5-25%, up to 35% for small clients "
            f"({RECALLED}); the model's step ladder spans 4-23%",
            "nps": f"B2B NPS benchmarks from about -40 (laggards) to +80 (leaders) ({RECALLED})",
            "staff_turnover": f"BLS JOLTS total separations, professional and business services, about 3-5% a "
            f"month ({RECALLED})",
        },
    ),
    "insurance": Sector(
        name="Retail banking and insurance",
        monthly_revenue=130.0,
        customers_per_employee=400.0,
        gross_margin=0.35,
        loaded_wage=6500.0,
        acquisition_months=4.0,
        annual_churn=(0.08, 0.20),
        nps=(0.0, 50.0),
        staff_turnover=(0.08, 0.18),
        typical_step=2,
        sources={
            "monthly_revenue": f"US auto plus home premium about 1,500 $ a year per household ({RECALLED})",
            "customers_per_employee": f"judgement: large US carriers hold 500-1,500 policies per employee ({RECALLED})",
            "gross_margin": f"property and casualty loss ratio about 60-70% of premium ({RECALLED})",
            "loaded_wage": f"insurance carriers' mean pay about 75-90 k$ a year plus about 30% benefits ({RECALLED})",
            "acquisition_months": f"cost to acquire a personal-lines policy about 400-600 $ ({RECALLED})",
            "annual_churn": f"US auto insurance retention about 80-90%, bank current-account attrition 10-15% "
            f"a year ({RECALLED})",
            "nps": f"insurers and retail banks, NPS about +10 to +40 ({RECALLED})",
            "staff_turnover": f"insurance industry employee turnover about 10-15% a year ({RECALLED}; issue 19)",
        },
    ),
    "telecom": Sector(
        name="Telecom subscription",
        monthly_revenue=50.0,
        customers_per_employee=500.0,
        gross_margin=0.55,
        loaded_wage=6000.0,
        acquisition_months=8.0,
        annual_churn=(0.10, 0.45),
        nps=(-20.0, 40.0),
        staff_turnover=(0.15, 0.45),
        typical_step=2,
        sources={
            "monthly_revenue": f"US postpaid phone ARPU about 45-55 $ a month ({RECALLED})",
            "customers_per_employee": f"judgement: national carriers serve about 1,000 subscribers per employee, "
            f"a regional operator fewer ({RECALLED})",
            "gross_margin": f"telecom gross margins about 50-60% ({RECALLED})",
            "loaded_wage": f"telecom mean pay about 70 k$ a year plus benefits ({RECALLED})",
            "acquisition_months": f"subscriber acquisition cost about 300-500 $, 6-10 months of ARPU ({RECALLED})",
            "annual_churn": f"postpaid churn about 0.8-1.2% a month, prepaid 3-5% a month ({RECALLED})",
            "nps": f"telecom operators, NPS about -20 to +40 ({RECALLED})",
            "staff_turnover": f"telecom and contact-centre staff turnover about 15-45% a year ({RECALLED})",
        },
    ),
    "hospitality": Sector(
        name="Hospitality (hotels and restaurants, repeat guests)",
        monthly_revenue=120.0,
        customers_per_employee=80.0,
        gross_margin=0.70,
        loaded_wage=3200.0,
        acquisition_months=1.0,
        annual_churn=(0.20, 0.60),
        nps=(0.0, 60.0),
        staff_turnover=(0.55, 0.85),
        typical_step=2,
        sources={
            "monthly_revenue": "judgement: a repeat guest spending about 1,400 $ a year",
            "customers_per_employee": f"judgement: revenue about 9-10 k$ per employee-month, labour about a third "
            f"of revenue ({RECALLED})",
            "gross_margin": f"hotel rooms departmental margin about 70-75% ({RECALLED})",
            "loaded_wage": f"accommodation and food services mean pay about 30-35 k$ a year plus benefits ({RECALLED})",
            "acquisition_months": "judgement: a guest is won by an offer worth about one month's spend",
            "annual_churn": f"hotel guest retention commonly reported below 70% a year ({RECALLED})",
            "nps": f"hotel chains, NPS about +10 to +55 ({RECALLED})",
            "staff_turnover": f"BLS JOLTS accommodation and food services total separations about 5-7% a month "
            f"({RECALLED})",
        },
    ),
}


def sector(name: str) -> Sector:
    """The profile of a sector (KeyError for an unknown name)."""
    return SECTORS[name]


def closest_step(annual_churn: float | None, nps: float | None) -> int:
    """The culture step whose model churn and NPS are nearest a firm's (1 with neither given).

    Churn is compared on a log scale (4% vs 8% is as far as 10% vs 20%), NPS in units of 20 points.
    """
    import math

    if annual_churn is None and nps is None:
        return 1

    def distance(rung: Rung) -> float:
        d = 0.0
        if annual_churn is not None:
            d += (math.log(max(annual_churn, 1e-3) / rung.annual_churn) / math.log(2.0)) ** 2
        if nps is not None:
            d += ((nps - rung.nps) / 20.0) ** 2
        return d

    return min(STEP_LADDER, key=lambda step: distance(STEP_LADDER[step]))
