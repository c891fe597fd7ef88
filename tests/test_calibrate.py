"""Calibration: parameter recovery from synthetic data, a parameter the data cannot inform,
checkpoints and resume, the fitted scenario file, and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.calibration import DataError, calibrate
from sim.calibration.data import from_frame, read
from sim.calibration.report import PLAUSIBLE_SUFFIX, fit_figure, pairs_figure
from sim.calibration.synthetic import observe
from sim.files.checkpoints import CheckpointError
from sim.params import Sizes
from sim.runs.batched import policy_with, schedule_from
from sim.runs.scenario import Scenario, load
from sim.steps import step_policy

# A small step-2 organization (20 customer slots per employee, as the finances assume) with no
# community programme: community_bond then has nothing to act on, so no data can inform it.
SIZES = Sizes(n_employees=50, n_customers=1000, n_suppliers=5)
POLICY = policy_with(step_policy(2), {"community_programs": 0.0})
BASE = Scenario("test org", schedule=schedule_from([(0, POLICY)]), sizes=SIZES, months=36)
FACTORS = {"quit_base": 1.2, "churn_ceiling": 0.85, "value_mean": 1.1, "market_standard": 0.9}
IDENTIFIABLE = list(FACTORS)
NARROWER = 1.5  # identifiable parameters: 90% interval at least this many times narrower than the prior


def truth(scenario=BASE, factors=FACTORS):
    return {k: getattr(scenario.env, k) * f for k, f in factors.items()}


@pytest.fixture(scope="module")
def fitted():
    data = observe(BASE, {**truth(), "community_bond": BASE.env.community_bond * 1.2}, months=36)
    return calibrate(data, BASE, fit=[*IDENTIFIABLE, "community_bond"], points=80, replications=6, waves=4, seed=3)


def test_recovery_true_values_inside_90_intervals_and_narrower_than_prior(fitted):
    iv = fitted.intervals().set_index("parameter")
    for name, value in truth().items():
        row = iv.loc[name]
        assert row.low_90 <= value <= row.high_90, (name, value, row.low_90, row.high_90)
        assert row.width_vs_prior <= 1 / NARROWER, (name, row.width_vs_prior)
        assert row.verdict == "identified"


def test_parameter_the_data_cannot_inform_is_reported_not_identified():
    small = Scenario(
        "small org", schedule=BASE.schedule, sizes=Sizes(n_employees=15, n_customers=300, n_suppliers=5), months=36
    )
    data = observe(
        small,
        {"market_standard": small.env.market_standard * 0.9, "community_bond": small.env.community_bond * 1.2},
        months=36,
    )
    cal = calibrate(data, small, fit=["market_standard", "community_bond"], points=60, replications=4, waves=3, seed=1)
    iv = cal.intervals().set_index("parameter")
    assert iv.loc["community_bond", "verdict"].startswith("not identified")
    assert iv.loc["market_standard", "verdict"] == "identified"
    message = [m for m in cal.messages() if m.startswith("community_bond")][0]
    assert "NOT IDENTIFIED" in message


def test_outputs_figures_and_fitted_scenario(fitted, tmp_path):
    assert isinstance(fit_figure(fitted), Figure) and isinstance(pairs_figure(fitted), Figure)
    files = fitted.write(tmp_path)
    assert all(f.is_file() for f in files)
    toml = tmp_path / "organization_calibrated.toml"
    scenario = load(toml)
    assert scenario.env == fitted.fitted_scenario().env
    assert scenario.schedule == BASE.schedule and scenario.sizes == BASE.sizes
    beside = pd.read_csv(tmp_path / ("organization_calibrated" + PLAUSIBLE_SUFFIX))
    assert len(beside) == len(fitted.plausible) and set(fitted.names) <= set(beside.columns)
    # the best set is one of the plausible sets, and the band of the fit figure comes from them
    assert fitted.plausible["implausibility"].max() <= fitted.cut
    assert fitted.curves["nps"].shape[0] == len(fitted.plausible)


TINY = Scenario(
    "tiny",
    schedule=schedule_from([(0, step_policy(2))]),
    sizes=Sizes(n_employees=10, n_customers=200, n_suppliers=3),
    months=24,
)


def _tiny_data():
    return observe(TINY, truth(TINY), months=24)


def test_interrupt_and_resume_give_the_same_plausible_sets(tmp_path):
    kw = dict(fit=["quit_base", "market_standard"], points=30, replications=4, waves=3, seed=2)
    whole = calibrate(_tiny_data(), TINY, out=tmp_path / "whole", **kw)
    waves_seen = []

    def stop_after_first_wave(label, fraction):
        if label.startswith("wave"):
            waves_seen.append(label)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        calibrate(_tiny_data(), TINY, out=tmp_path / "cut", progress=stop_after_first_wave, **kw)
    assert (tmp_path / "cut" / "checkpoints" / "gen-00000.npz").is_file()
    resumed = calibrate(_tiny_data(), TINY, out=tmp_path / "cut", **kw)
    pd.testing.assert_frame_equal(whole.plausible, resumed.plausible)
    assert resumed.model_runs == whole.model_runs
    with pytest.raises(CheckpointError, match="another calibrate job"):
        calibrate(_tiny_data(), TINY, out=tmp_path / "cut", **{**kw, "seed": 9})


def test_data_file_checks(tmp_path):
    good = pd.DataFrame({"month": [0, 1, 3], "series": ["nps", "nps", "revenue"], "value": [1.0, 2.0, 3.0]})
    obs = from_frame(good)
    assert obs.months == 4 and list(obs.series["nps"][0]) == [0, 1]
    cases = {
        "series": ("bogus", "series 'bogus': unknown"),
        "month": (-1, "month: must be a whole number"),
        "value": (float("nan"), "value: must be a finite number"),
    }
    for col, (bad, message) in cases.items():
        frame = good.copy()
        frame.loc[1, col] = bad
        path = tmp_path / f"bad_{col}.csv"
        frame.to_csv(path, index=False)
        with pytest.raises(DataError, match=message) as err:
            read(path)
        assert str(path) in str(err.value) and "row 3" in str(err.value)
    dup = pd.concat([good, good.iloc[[0]]])
    with pytest.raises(DataError, match="given twice"):
        from_frame(dup)
    with pytest.raises(DataError, match="column 'month' missing"):
        from_frame(good.drop(columns="month"))


def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    """In this process (the real-process path of bad input: tests/test_bad_input_corpus.py)."""
    from sim.cli import main

    data = tmp_path / "d.csv"
    pd.DataFrame({"month": [0], "series": ["nps"], "value": [1.0]}).to_csv(data, index=False)
    base = "scenarios/step2_managing_discontent.toml"
    cases = [
        ([str(data), "--scenario", base, "--fit", "nonsense"], "--fit nonsense: unknown environment parameter"),
        ([str(data), "--scenario", base, "--fit", "quit_base=0.5:0.1"], "range must be LOW:HIGH"),
        ([str(tmp_path / "missing.csv"), "--scenario", base], "file not found"),
    ]
    for args, message in cases:
        out = tmp_path / "out"
        code = main(["calibrate", *args, "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2, err
        assert message in err and len(err.strip().splitlines()) == 1
        assert not out.exists()


def test_default_fit_follows_the_observed_series():
    from sim.calibration.history import default_fit

    obs = from_frame(pd.DataFrame({"month": [0, 0], "series": ["employee_turnover", "nps"], "value": [0.03, 10.0]}))
    assert default_fit(obs) == ["quit_base", "market_standard"]
