"""Calibration that guides: the data's units (monthly rates) checked, a prior that cuts the data off
flagged with the --fit to try, the series the model cannot reach named, --check's plan and estimate,
--scale, and a Ctrl-C message that names only folders that exist."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.calibration import DataError, calibrate
from sim.calibration.data import (
    MAX_MONTHLY_RATE,
    check_rates,
    from_frame,
    monthly,
    read,
)
from sim.calibration.fit import CalibrationError, prior_edge, scaled_scenario
from sim.calibration.synthetic import observe
from sim.cli import main
from sim.params import Sizes
from sim.runs.batched import schedule_from
from sim.runs.scenario import Scenario
from sim.steps import step_policy

ORG = Scenario(
    "edge org",
    schedule=schedule_from([(0, step_policy(2))]),
    sizes=Sizes(n_employees=50, n_customers=1000, n_suppliers=3),
    months=36,
)
TINY = Scenario(
    "tiny",
    schedule=schedule_from([(0, step_policy(2))]),
    sizes=Sizes(n_employees=10, n_customers=200, n_suppliers=3),
    months=24,
)


def _churn_file(tmp_path, value):
    path = tmp_path / "data.csv"
    pd.DataFrame({"month": range(12), "series": "churn_rate", "value": value}).to_csv(path, index=False)
    return path


def test_an_annual_churn_given_as_monthly_is_refused_with_the_conversion(tmp_path, capsys):
    path = _churn_file(tmp_path, 0.14)
    with pytest.raises(
        DataError,
        match=r"churn_rate: read as monthly rates, the median 0.14 would lose 84% a year. "
        r"If they are annual, add --rates-per year \(0.14 a year is 0.01249 a month\)",
    ):
        read(path)
    scenario = tmp_path / "org.toml"
    scenario.write_text("[scenario]\nstep = 2\n")
    out = tmp_path / "out"
    assert main(["calibrate", str(path), "--scenario", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--rates-per year" in err[0] and not out.exists()
    assert read(_churn_file(tmp_path, MAX_MONTHLY_RATE / 2)).notes == ()  # a plausible monthly value passes


def test_rates_per_year_converts_with_a_note_and_month_accepts():
    frame = pd.DataFrame({"month": [0, 1], "series": "churn_rate", "value": [0.14, 0.2], "sd": [0.01, 0.0]})
    converted = check_rates(from_frame(frame, "d.csv"), "year")
    _, v, sd = converted.series["churn_rate"]
    assert v == pytest.approx([1 - 0.86 ** (1 / 12), 1 - 0.8 ** (1 / 12)])
    assert ((1 - v[0]) ** 12) == pytest.approx(0.86)  # compounds back to the annual rate
    assert sd[0] == pytest.approx(0.01 * (monthly(0.1401) - monthly(0.1399)) / 0.0002, rel=1e-3)
    assert len(converted.notes) == 1 and "converted from annual to monthly" in converted.notes[0]
    assert check_rates(from_frame(frame, "d.csv"), "month").series["churn_rate"][1].tolist() == [0.14, 0.2]


def test_prior_edge_rule():
    assert prior_edge("quit_base", 0.035, 0.07, 0.0355, 0.039, 0.042) == ("lower", "--fit quit_base=0:0.07")
    assert prior_edge("quit_base", 0.02, 0.04, 0.03, 0.037, 0.0395) == ("upper", "--fit quit_base=0.02:0.06")
    assert prior_edge("quit_base", 0.02, 0.04, 0.025, 0.03, 0.035) == ("", "")  # inside
    assert prior_edge("quit_base", 0.02, 0.04, 0.0201, 0.03, 0.0399) == ("", "")  # both edges: not identified
    assert prior_edge("quit_base", 0.02, 0.04, 0.025, 0.03, 0.0399) == ("", "")  # touches, but centred inside
    assert prior_edge("quit_base", 0.0, 0.04, 0.0001, 0.005, 0.01)[1].startswith("(none: 0 is the parameter's lowest")


def test_a_parameter_pressing_on_its_prior_edge_is_flagged_with_the_fit_to_try():
    q = ORG.env.quit_base
    data = observe(ORG, {"quit_base": 0.6 * q}, months=36)  # the truth lies below the range searched
    cal = calibrate(data, ORG, fit=[f"quit_base={q:.4g}:{2 * q:.4g}"], points=30, replications=4, waves=2, seed=1)
    row = cal.intervals().set_index("parameter").loc["quit_base"]
    assert row.prior_edge == "lower" and row.try_fit == f"--fit quit_base=0:{2 * q:.4g}"
    line = next(m for m in cal.messages() if m.startswith("quit_base"))
    assert "CUT OFF BY ITS RANGE" in line and row.try_fit in line and "narrower" not in line
    # and a range that holds the truth is not flagged
    fair = calibrate(
        data, ORG, fit=[f"quit_base={0.3 * q:.4g}:{1.2 * q:.4g}"], points=30, replications=4, waves=2, seed=1
    )
    assert fair.intervals()["prior_edge"].iloc[0] == ""


def test_diagnostics_name_the_series_the_model_cannot_reach():
    data = observe(TINY, {}, months=24)
    data.loc[data.series == "churn_rate", "value"] = 0.09  # three times what a step-2 organization loses
    observed = check_rates(from_frame(data, "d.csv"), "month")
    with pytest.raises(
        CalibrationError, match=r"out of the model's reach: churn_rate level \(observed 0.09, simulated"
    ):
        calibrate(observed, TINY, fit=["market_standard"], points=12, replications=2, waves=1, seed=1)


def test_check_prints_plan_and_estimate_and_writes_nothing(tmp_path, capsys):
    scenario = tmp_path / "tiny.toml"
    scenario.write_text("[scenario]\nstep = 2\nmonths = 24\n[sizes]\nn_employees = 10\nn_customers = 200\n")
    data = tmp_path / "data.csv"
    observe(TINY, {}, months=24).to_csv(data, index=False)
    out = tmp_path / "out"
    assert (
        main(
            [
                "calibrate",
                str(data),
                "--scenario",
                str(scenario),
                "--out",
                str(out),
                "--check",
                "--points",
                "50",
                "--waves",
                "3",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "at most 3 waves x 50 parameter sets x 6 replications = 900 model runs" in printed
    assert "estimated run time: about" in printed and "churn_rate, 22 months; unit: per month" in printed
    assert "nothing was run or written (--check)" in printed and not out.exists()


def test_scale_runs_a_smaller_organization_against_data_scaled_to_match():
    org = Scenario("big", schedule=ORG.schedule, sizes=Sizes(n_employees=600, n_customers=12000, n_suppliers=5))
    small = scaled_scenario(org, 0.1)
    assert (small.sizes.n_employees, small.sizes.n_customers, small.sizes.n_suppliers) == (60, 1200, 5)
    assert small.env == org.env and small.schedule == org.schedule
    data = observe(TINY, {}, months=24)
    cal = calibrate(
        data, scaled_scenario(TINY, 1.0), fit=["market_standard"], points=12, replications=2, waves=1, seed=1
    )
    big = Scenario(
        "tiny x2", schedule=TINY.schedule, sizes=Sizes(n_employees=20, n_customers=400, n_suppliers=3), months=24
    )
    doubled = data.copy()
    money = doubled.series.isin(["active_customers", "revenue", "profit"])
    doubled.loc[money, "value"] *= 2
    doubled.loc[money, "sd"] *= 2
    halved = calibrate(doubled, big, fit=["market_standard"], points=12, replications=2, waves=1, seed=1, scale=0.5)
    assert halved.scale == 0.5 and halved.fitted_scenario().sizes == big.sizes  # the fitted file: full size
    _, v, _ = halved.observed.series["active_customers"]
    np.testing.assert_allclose(v, cal.observed.series["active_customers"][1])  # the data scaled back to match
    np.testing.assert_allclose(halved.plausible["market_standard"], cal.plausible["market_standard"])
    assert any(n.startswith("scale 0.5: active_customers") for n in halved.messages())
    with pytest.raises(CalibrationError, match="--scale 0.01: gives n_employees = 0, below its least 8"):
        scaled_scenario(TINY, 0.01)


def test_ctrl_c_before_any_wave_names_no_folder_that_does_not_exist(tmp_path):
    from sim.errors import Interrupted
    from sim.files.resumable import run_with_progress

    def stop(progress):
        raise KeyboardInterrupt

    out = tmp_path / "never"
    with pytest.raises(Interrupted) as caught:
        run_with_progress(stop, total=3, unit="wave", desc="x", quiet=True, out=out)
    assert str(out) not in str(caught.value) and "0 finished wave(s), nothing saved" in str(caught.value)
    out.mkdir()
    with pytest.raises(Interrupted) as caught:
        run_with_progress(stop, total=3, unit="wave", desc="x", quiet=True, out=out)
    assert f"nothing saved in {out}" in str(caught.value)
