"""One way to write numbers (sim.format) and one metric registry (sim.metrics) the other tables derive from."""

import math

import pytest

from sim.calibration.data import OBSERVABLE
from sim.format import format_values, money
from sim.metrics import SERIES, SUMMARY
from sim.whatifs.stats import OUTCOMES, SMALLEST_EFFECT
from sim.whatifs.wording import NAMES

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)


@pytest.mark.parametrize(
    "value, signed, text",
    [
        (12_613_128.965, False, "$12.61M"),
        (-250_000.0, False, "-$0.25M"),
        (42_460.0, False, "$42.5k"),
        (99_999.0, False, "$100.0k"),
        (100_000.0, True, "+$0.10M"),
        (-4.0, False, "$0.0k"),  # no "-$0.0k"
        (0.0, True, "+$0.0k"),
        (math.nan, False, "n/a"),
        (-math.inf, True, "n/a"),
    ],
)
def test_money_is_written_one_way(value, signed, text):
    assert money(value, signed=signed) == text


def test_values_shown_together_share_one_scale():
    assert format_values("$", 95_000.0, 80_000.0, 1_200_000.0) == ["$0.10M", "$0.08M", "$1.20M"]
    assert format_values("$/month", 5_000.0, -20_000.0, signed=True) == ["+$5.0k", "-$20.0k"]
    assert format_values("points", 12.345, signed=True) == ["+12.35"]
    assert format_values("0..1", 0.123456, math.nan) == ["0.1235", "n/a"]


def test_outcomes_names_and_observables_come_from_the_metric_registry():
    assert list(OUTCOMES) == [
        "npv",
        "final_year_profit",
        "annual_churn",
        "mean_loyalty",
        "nps",
        "engagement",
        "culture_strength",
    ]
    for name, (label, better) in OUTCOMES.items():
        metric = SUMMARY[name]
        assert label == metric.label and better == metric.better in (-1, +1) and metric.words
        assert SMALLEST_EFFECT[name] == metric.smallest >= 0
    assert OUTCOMES["annual_churn"][1] == -1 and SMALLEST_EFFECT["npv"] == 100_000.0
    assert NAMES == {n: m.words for n, m in SUMMARY.items()} and all(NAMES.values())
    assert set(OBSERVABLE) == {
        "active_customers",
        "churn_rate",
        "nps",
        "mean_satisfaction",
        "employee_turnover",
        "revenue",
        "profit",
    }
    assert all(OBSERVABLE[n] == SERIES[n].observable for n in OBSERVABLE)
