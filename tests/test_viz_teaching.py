"""The classroom exercises of docs/teaching.md: what students should observe, on the dashboard's own models."""

import numpy as np
import pytest

from sim.steps import step_policy
from sim.viz.inputs import build, defaults

CLIMB, STAY = "one step up every 12 months", "stay at the start step"


def play(months=60, **settings):
    models = build({**defaults(), "compare": True, **settings})
    for _ in range(months):
        for m in models:
            m.step()
    return models, [m.datacollector.get_model_vars_dataframe() for m in models]


def mean(df, series, start, stop):
    return float(df[series].iloc[start:stop].mean())


@pytest.fixture(scope="module")
def climb_vs_stay():
    return play(plan=CLIMB, plan_b=STAY)[1]


def test_exercise_1_climbing_pays_later_j_curve(climb_vs_stay):
    a, b = climb_vs_stay
    assert mean(a, "profit", 12, 36) < mean(b, "profit", 12, 36)  # the change is paid first
    for series in ("mean_loyalty", "nps", "engagement"):
        assert mean(a, series, 36, 60) > mean(b, series, 36, 60) + 0.05 * (100 if series == "nps" else 1)
    assert mean(a, "churn_rate", 36, 60) < 0.5 * mean(b, "churn_rate", 36, 60)
    assert mean(a, "profit", 48, 60) > 2 * mean(b, "profit", 48, 60)  # far above by year 5
    # staying at step 1 stands still: a constant policy gives a level baseline (issue 10)
    assert abs(mean(b, "mean_loyalty", 48, 60) - mean(b, "mean_loyalty", 0, 12)) < 0.02
    assert abs(mean(b, "nps", 48, 60) - mean(b, "nps", 0, 12)) < 5


def test_exercise_2_same_seed_same_plan_is_identical_and_seeds_vary_less_than_policy(climb_vs_stay):
    _, (a, b) = play(months=24, plan=CLIMB, plan_b=CLIMB)
    assert a.equals(b)
    runs = {seed: play(plan=CLIMB, plan_b=STAY, seed=seed, n_employees=40)[1] for seed in (2, 3)}
    runs[1] = climb_vs_stay
    profits = [runs[s][0]["profit"] for s in (1, 2, 3)]
    assert not profits[0].equals(profits[1])  # another seed, other zig-zags
    for a, _ in runs.values():  # the same shape
        assert mean(a, "profit", 12, 36) < mean(a, "profit", 0, 12) < mean(a, "profit", 48, 60)
    loyalty_a = [mean(runs[s][0], "mean_loyalty", 48, 60) for s in runs]
    gaps = [mean(runs[s][0], "mean_loyalty", 48, 60) - mean(runs[s][1], "mean_loyalty", 48, 60) for s in runs]
    assert min(gaps) > 3 * np.ptp(loyalty_a)  # policy >> noise


def test_exercise_3_a_jump_costs_more_and_culture_lags_the_levers():
    _, (a, b) = play(plan="jump to step 5 at month 12", plan_b="one step up every 6 months (1 -> 5 in 2 years)")
    assert a["profit"].iloc[12:18].min() < b["profit"].min()
    assert mean(a, "mean_loyalty", 18, 24) > mean(b, "mean_loyalty", 18, 24)
    assert mean(a, "culture_strength", 18, 24) > mean(b, "culture_strength", 18, 24)
    assert abs(mean(a, "mean_loyalty", 48, 60) - mean(b, "mean_loyalty", 48, 60)) < 0.05
    # a year after the jump A's levers have gone most of the way to step 5; its culture much less of its way
    jumped = build({**defaults(), "plan": "jump to step 5 at month 12"})[0]
    start = jumped.policy.training
    for _ in range(24):
        jumped.step()
    levers_done = (jumped.policy.training - start) / (step_policy(5).training - start)
    culture = a["culture_strength"]
    culture_done = (culture.iloc[23] - culture.iloc[0]) / (culture.iloc[59] - culture.iloc[0])
    assert levers_done > 0.8 and culture_done < levers_done - 0.2


def test_every_link_in_the_teaching_guide_opens_its_exercise_without_a_refused_value():
    import re
    from pathlib import Path

    from sim.viz.inputs import from_url

    text = (Path(__file__).resolve().parents[1] / "docs" / "teaching.md").read_text()
    links = re.findall(r"http://127\.0\.0\.1:8765/\?(\S+?)`", text)
    assert len(links) == 3
    for query in links:
        values, errors = from_url(query)
        assert errors == {} and values["compare"] is True, query


def test_the_guides_links_are_the_ones_the_server_prepares_and_its_glossary_explains_the_screen():
    import re
    from pathlib import Path

    from sim.steps import PRACTICES
    from sim.viz.figures import PANELS
    from sim.viz.inputs import GUIDE_LINKS
    from sim.viz.panel import PLAIN_LEVERS, plain

    text = (Path(__file__).resolve().parents[1] / "docs" / "teaching.md").read_text()
    links = re.findall(r"Link: `http://127\.0\.0\.1:8765/\?([^`]*)`", text)
    assert links == list(GUIDE_LINKS.values())  # prepared at start, in projector mode
    glossary = " ".join(text.split("## Glossary", 1)[1].lower().replace("*", "").split())
    for words in PLAIN_LEVERS.values():
        assert words in glossary, words
    for panel in PANELS:
        assert panel.title.split(" (")[0].lower() in glossary, panel.title
    assert not any(re.search(r"\bCS\b", plain(p.name)) for p in PRACTICES)  # spelled out on screen


def test_the_step_panel_and_the_glossary_explain_the_default_organizations_falling_headcount():
    """A teacher projecting the default plan must be able to explain why 40 staff become about 26: the step
    panel says it each month (fixed at steps 1-2; from step 3 following the customers, with the staff they
    need by the model's own rule), and the glossary's numbers are the default organization's."""
    import re
    from pathlib import Path

    from sim.viz.panel import step_text

    text = " ".join((Path(__file__).resolve().parents[1] / "docs" / "teaching.md").read_text().split())
    said = re.search(
        r"a (\d+)-person organization serving about (\d+) customers shrinks to about (\d+) by month (\d+)", text
    )
    start, customers, shrunk, month = map(int, said.groups())
    model = build(defaults())[0]
    for k in range(1, month + 1):
        model.step()
        panel = step_text(model)
        staff = int(model.latest["headcount"])
        if model.policy.staffing_to_demand == 0:
            assert f"Staff: {staff}, a fixed number: everyone who leaves is replaced." in panel, k
        else:
            assert f"Staff: {staff} ({start} at month 0). Staff numbers follow the customers" in panel, k
            aim = int(panel.split("aims at ")[1].split(" staff")[0])
            # above its aim it replaces no one (the headcount never rises), below it hires
            if staff > aim:
                assert "no one who leaves is replaced" in panel, k
    df = model.datacollector.get_model_vars_dataframe()
    assert start == defaults()["n_employees"] and df["headcount"].iloc[0] == start
    assert abs(int(model.latest["headcount"]) - shrunk) <= 1, model.latest["headcount"]
    assert abs(df["active_customers"].iloc[:12].mean() - customers) <= 0.05 * customers
    assert (np.diff(df["headcount"].to_numpy()) <= 0).all()  # falls by leavers not replaced, no hiring spree
