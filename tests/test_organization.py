"""An organization described in business terms (issue 19): derivation, scenario table, sector profiles.

The model is size-free, so the sector and insurer checks run at a reduced scale (same customers
per employee) to stay fast on a loaded 2-core machine.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.params import Environment, Sizes
from sim.runs.organization import Organization, derive, typical
from sim.runs.profiles import SECTORS, STEP_LADDER, closest_step
from sim.runs.runner import run
from sim.runs.scenario import Scenario, ScenarioError, load

from .support import load_script


def scenario_of(org: Organization, step: int, name: str = "org") -> Scenario:
    sizes, env = derive(dataclasses.replace(org, step=step))
    return Scenario.from_step(
        step, name=name, sizes=dataclasses.replace(Sizes(), **sizes), env=dataclasses.replace(Environment(), **env)
    )


def measured(scenario: Scenario, replications: int = 8) -> dict[str, float]:
    results = run([scenario], replications=replications, seed=1, months=60)
    summary, s = results.summary(), results.series
    active = s["active_customers"][:, -12:]
    return dict(
        churn=summary.annual_churn.mean(),
        nps=summary.nps.mean(),
        staff_turnover=summary.employee_turnover.mean(),
        customers=active.mean(),
        margin=((s["revenue"][:, -12:] - s["cost_goods"][:, -12:]) / active).mean(),
        profit_share=s["profit"][:, -12:].sum() / s["revenue"][:, -12:].sum(),
        fill=s["active_customers"].mean() / scenario.sizes.n_customers,
        revenue_factor=(s["revenue"][:, -12:] / active).mean() / scenario.env.value_mean,
    )


def test_the_default_b2b_firm_derives_todays_defaults_exactly():
    sizes, env = derive(typical("b2b_services"))
    assert dataclasses.replace(Sizes(), **sizes) == Sizes()
    assert dataclasses.replace(Environment(), **env) == Environment()
    assert {
        "value_mean",
        "wage",
        "supplier_fee",
        "marketing_budget",
        "service_cost",
        "acquisition_cost",
        "recovery_cost",
        "community_cost",
        "comfortable_load",
    } <= set(env)


def test_margin_and_revenue_together_give_the_gross_margin():
    org = Organization(sector="telecom", customers=5000, employees=10, monthly_revenue=60.0, monthly_margin=33.0)
    assert derive(org)[1]["gross_margin"] == 0.55
    with pytest.raises(ValueError, match="monthly_margin: must be at most monthly_revenue"):
        Organization(customers=100, employees=10, monthly_revenue=30.0, monthly_margin=33.0)


def test_other_sectors_get_their_own_ratios():
    b2b = derive(typical("b2b_services"))[1]
    insurer = derive(typical("insurance"))[1]
    assert insurer["gross_margin"] == SECTORS["insurance"].gross_margin != b2b["gross_margin"]
    assert insurer["acquisition_cost"] / insurer["value_mean"] == pytest.approx(4.0, rel=1e-3)
    assert insurer["comfortable_load"] > 10 * b2b["comfortable_load"]  # hundreds of policies per employee


@pytest.mark.parametrize("step", sorted(STEP_LADDER))
def test_the_step_ladder_lookup_is_what_the_model_gives(step):
    """profiles.STEP_LADDER was measured on the model; it must move when the model does."""
    m = measured(Scenario.from_step(step, sizes=Sizes(n_employees=25, n_customers=500)))
    rung = STEP_LADDER[step]
    assert m["fill"] == pytest.approx(rung.fill, abs=0.02)
    assert m["revenue_factor"] == pytest.approx(rung.revenue_factor, rel=0.02)
    assert m["churn"] == pytest.approx(rung.annual_churn, rel=0.1)
    assert m["nps"] == pytest.approx(rung.nps, abs=4.0)
    assert m["staff_turnover"] == pytest.approx(rung.staff_turnover, rel=0.1)


@pytest.mark.parametrize("name", sorted(SECTORS))
def test_each_sector_profiles_typical_firm_is_profitable_and_inside_its_published_ranges(name):
    p = SECTORS[name]
    org = dataclasses.replace(typical(name), employees=25, customers=round(25 * p.customers_per_employee))
    m = measured(scenario_of(org, p.typical_step, name))
    assert m["profit_share"] > 0, m
    assert p.annual_churn[0] <= m["churn"] <= p.annual_churn[1], m
    assert p.nps[0] <= m["nps"] <= p.nps[1], m
    assert p.staff_turnover[0] <= m["staff_turnover"] <= p.staff_turnover[1], m
    assert m["customers"] == pytest.approx(org.customers, rel=0.1), m
    assert set(p.sources) >= {
        "annual_churn",
        "nps",
        "staff_turnover",
        "gross_margin",
        "loaded_wage",
        "monthly_revenue",
        "customers_per_employee",
        "acquisition_months",
    }


def insurer(scale: int = 1) -> Organization:
    """The regional insurer of issue 19: 600 staff, 40,000 customers, $45 margin a month,
    churn about 14% a year, NPS about +15, staff turnover 10-15% a year."""
    return Organization(
        sector="insurance",
        customers=40_000 // scale,
        employees=600 // scale,
        monthly_margin=45.0,
        annual_churn=0.14,
        nps=15.0,
        annual_staff_turnover=0.125,
    )


def test_the_insurer_as_a_profile_gives_a_baseline_within_20_percent_of_its_figures():
    org = insurer(scale=20)
    step = org.today_step()
    assert step == 2 == closest_step(org.annual_churn, org.nps)
    m = measured(scenario_of(org, step))
    assert m["churn"] == pytest.approx(0.14, rel=0.2)
    assert m["nps"] == pytest.approx(15.0, rel=0.2)
    assert m["staff_turnover"] == pytest.approx(0.125, rel=0.2)
    assert m["margin"] == pytest.approx(45.0, rel=0.2)
    assert m["customers"] == pytest.approx(org.customers, rel=0.2)
    assert m["profit_share"] < 0  # 600 staff at $6,500 cost more than 40,000 x $45 of margin
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    assert (
        "comes out at step 2 with churn, NPS, staff turnover and margin within 20% of its figures, and with a loss"
        in readme
    )


def write(tmp_path, text: str, name: str = "org.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_organization_table_derives_sizes_and_costs_and_explicit_values_win(tmp_path):
    path = write(
        tmp_path,
        '[scenario]\nstep = 2\n[organization]\nsector = "insurance"\ncustomers = 40000\n'
        "employees = 600\nmonthly_margin = 45\n[environment]\nwage = 5000\n[sizes]\nn_suppliers = 20\n",
    )
    s = load(path)
    sizes, env = derive(s.organization)
    assert (s.sizes.n_customers, s.sizes.n_employees, s.sizes.n_suppliers) == (sizes["n_customers"], 600, 20)
    assert s.env.value_mean == env["value_mean"] and s.env.supplier_fee == env["supplier_fee"]
    assert s.env.wage == 5000 != env["wage"]
    child = write(tmp_path, '[scenario]\nextends = "org.toml"\n[organization]\nemployees = 300\n', "child.toml")
    assert load(child).sizes.n_employees == 300 and load(child).organization.sector == "insurance"


@pytest.mark.parametrize(
    "table, expected",
    [
        ("customers = -5\nemployees = 10", "organization.customers: must be in [1, 10,000,000]"),
        ("customers = 100", "organization.employees: missing"),
        ('customers = 100\nemployees = 10\nsector = "insurace"', "did you mean 'insurance'"),
        (
            "customers = 100\nemployees = 10\nchurn_rate = 0.14",
            "annual_churn, the share of customers lost per year (a monthly churn of 0.14 is 84% a year)",
        ),
        ("customers = 100\nemployees = 10\nannual_churn = 1.4", "organization.annual_churn: must be in [0.0, 0.95]"),
        ("customers = 100\nemployees = 10\nmarket_size = 50", "market_size: must be at least customers"),
        ('customers = 100\nemployees = "ten"', "organization.employees: must be a whole number"),
        ("customers = 100\nemployees = 10\nmargin = 4", "did you mean 'monthly_margin'"),
        ("customers = 50000\nemployees = 10", "customers/employees: gives environment.comfortable_load"),
        ("customers = 400000\nemployees = 6000", "scale customers and employees down together"),
    ],
)
def test_a_bad_organization_is_one_line_naming_file_key_and_what_is_allowed(tmp_path, table, expected):
    path = write(tmp_path, f"[organization]\n{table}\n")
    with pytest.raises(ScenarioError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path)) and expected in message, message


def test_closest_step_reads_churn_and_nps():
    assert closest_step(None, None) == 1
    assert closest_step(0.25, -30) == 1
    assert closest_step(0.04, 75) == 5
    assert closest_step(0.14, 15) == 2
    assert np.isfinite(closest_step(0.0, None))
    assert Organization(customers=100, employees=10, sector="insurance").today_step() == 2  # the sector's typical
    assert Organization(customers=100, employees=10, sector="insurance", nps=70).today_step() == 5
    assert Organization(customers=100, employees=10, sector="insurance", step=3).today_step() == 3


@pytest.mark.slow
def test_the_sector_ladder_table_is_what_the_code_gives():
    """docs/model.md 4.4: regenerate with `PYTHONPATH=$PWD python -m experiments.sector_ladder --write`."""
    from pathlib import Path

    sector_ladder = load_script(Path(__file__).resolve().parents[1] / "experiments" / "sector_ladder.py")
    assert sector_ladder.pasted() == sector_ladder.table()


def test_a_what_if_that_changes_step_keeps_the_organizations_sizes_and_environment(tmp_path):
    base = write(
        tmp_path,
        '[scenario]\nstep = 2\n[organization]\nsector = "telecom"\ncustomers = 5000\n'
        "employees = 10\nannual_churn = 0.2\n",
        "base.toml",
    )
    what_if = write(tmp_path, '[scenario]\nextends = "base.toml"\nstep = 5\n', "five.toml")
    a, b = load(base), load(what_if)
    assert (a.sizes, a.env) == (b.sizes, b.env) and a.schedule != b.schedule


def test_a_scenario_written_back_keeps_its_organization_and_reads_to_the_same_scenario(tmp_path):
    from sim.runs.scenario_write import write_scenario

    org = Organization(sector="hospitality", customers=3000, employees=40, annual_churn=0.3, nps=20)
    s = Scenario.from_organization(org, name="hotel")
    s = dataclasses.replace(s, env=dataclasses.replace(s.env, wage=Environment().wage, quit_base=0.02))
    back = load(write_scenario(s, tmp_path / "hotel.toml"))
    assert (back.env, back.sizes, back.schedule) == (s.env, s.sizes, s.schedule)
    assert back.organization == dataclasses.replace(org, step=2)
