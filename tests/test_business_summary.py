"""The business summary of compare (cost of change, low point, break-even, NPV, return) and the board report.

The low point and break-even month are recomputed here from the long series file with pandas, as a
strategist would, and must equal what compare printed and wrote.
"""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.whatifs.business import NOT_WITHIN, break_even_month
from sim.whatifs.charts import CHART_PX, STYLES, _style
from sim.whatifs.summary import money

ROOT = Path(__file__).resolve().parents[1]
README_WHATIF = ("step1_minimize_hassles.toml", "whatif_move_up_now.toml")
TEAM_SWITCH = ("base_teams_of_4.toml", "whatif_switch_to_team_rewards_4.toml")


def _compare(tmp_path, files, *extra):
    out = tmp_path / "out"
    argv = [
        "compare",
        *(str(ROOT / "scenarios" / f) for f in files),
        "--replications",
        "3",
        "--out",
        str(out),
        "--quiet",
        *extra,
    ]
    assert main(argv) == 0
    return out


def _from_long_series(out):
    """Per what-if, from compare_series_long.parquet alone: the mean cumulative paired difference of
    discounted profit, its low point and month, the break-even month of the mean and of each replication."""
    runs = pd.read_csv(out / "compare_replications.csv")[["run", "scenario", "seed"]]
    long = pd.read_parquet(out / "compare_series_long.parquet", columns=["run", "month", "metric", "value"])
    cum = long[long["metric"] == "cumulative_discounted_profit"].merge(runs, on="run")
    change = long[long["metric"] == "cost_change"].merge(runs, on="run")
    base = runs["scenario"].iloc[0]
    found = {}
    for name in runs["scenario"].unique()[1:]:
        wide = cum.pivot_table(index=["seed", "month"], columns="scenario", values="value")
        diff = (wide[name] - wide[base]).unstack("seed")  # months x seeds
        mean = diff.mean(axis=1)

        def payback(series):  # last month below zero, plus one
            below = series[series < 0]
            if series.iloc[-1] < 0:
                return None
            return 0 if below.empty else int(below.index.max()) + 1

        per_rep = sorted(m if m is not None else np.inf for m in (payback(diff[s]) for s in diff.columns))
        costs = change.pivot_table(index=["seed", "month"], columns="scenario", values="value")
        found[name] = dict(
            low=min(mean.min(), 0.0),
            low_month=int(mean.idxmin()) if mean.min() < 0 else 0,
            break_even=payback(mean),
            low_rep=per_rep[0],
            high_rep=per_rep[-1],
            npv=float(diff.iloc[-1].mean()),
            cost=float((costs[name] - costs[base]).groupby("seed").sum().mean()),
        )
    return found


@pytest.mark.parametrize("files", [README_WHATIF, TEAM_SWITCH], ids=["readme_move_up", "team_reward_switch"])
def test_low_point_and_break_even_equal_what_the_long_series_give(tmp_path, capsys, files):
    out = _compare(tmp_path, files)
    printed = capsys.readouterr().out
    table = pd.read_csv(out / "compare_summary.csv")
    for name, want in _from_long_series(out).items():
        row = table.set_index("scenario").loc[name]
        assert row["low_point"] == pytest.approx(want["low"], rel=1e-9)
        assert row["low_month"] == want["low_month"]
        assert want["low"] < 0  # both what-ifs dip below the base first
        if want["break_even"] is None:  # the mean never gets back ahead (the team switch, 3 replications)
            assert pd.isna(row["break_even"]) and "break-even:            not within the horizon" in printed
        else:
            assert row["break_even"] == want["break_even"]
            assert f"break-even:            month {want['break_even']} " in printed
        for got, rep in ((row["break_even_low"], want["low_rep"]), (row["break_even_high"], want["high_rep"])):
            assert pd.isna(got) if np.isinf(rep) else got == rep  # 3 replications; none: not within the horizon
        assert row["npv_difference"] == pytest.approx(want["npv"], rel=1e-9)
        assert row["cost_of_change"] == pytest.approx(want["cost"], rel=1e-9) and row["cost_of_change"] > 0
        assert "x 100 employees x" in printed and "$3,000 per employee per unit of lever movement" in printed
    # the business summary comes before the statistics detail
    assert (
        printed.index("Business summary") < printed.index("Statistics detail") < printed.index("Multiple comparisons")
    )


def test_not_within_the_horizon_when_it_never_pays_back(tmp_path, capsys):
    out = _compare(tmp_path, README_WHATIF, "--months", "24")  # the low point is near month 22: no payback
    printed = capsys.readouterr().out
    row = pd.read_csv(out / "compare_summary.csv").iloc[0]
    want = next(iter(_from_long_series(out).values()))
    assert want["break_even"] is None and pd.isna(row["break_even"]) and row["npv_difference"] < 0
    assert f"break-even:            {NOT_WITHIN} of 24 months" in printed
    assert "it does not pay back within the horizon" in (out / "compare.html").read_text(encoding="utf-8")


def test_break_even_month_is_the_first_month_it_stays_ahead():
    assert break_even_month(np.array([-1.0, -2.0, 1.0, -0.5, 0.5, 2.0])) == 4  # a dip after crossing counts
    assert break_even_month(np.array([-1.0, -2.0, -0.1])) is None
    assert break_even_month(np.array([0.0, 1.0, 2.0])) == 0


def _svg_font_px(svg: str) -> list[float]:
    """Every text's size in CSS pixels when the SVG is drawn CHART_PX wide."""
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))
    return [float(px) * CHART_PX / width for px in re.findall(r"font-size: ?([0-9.]+)px", svg)]


def test_board_report_has_the_question_a_paragraph_no_path_or_seed_and_large_chart_text(tmp_path):
    out = _compare(tmp_path, TEAM_SWITCH, "--board", "--seed", "424242")
    html = (out / "compare.html").read_text(encoding="utf-8")
    facts = json.loads((out / "compare_provenance.json").read_text(encoding="utf-8"))
    seeds = pd.read_csv(out / "compare_replications.csv")["seed"].astype(str).unique()
    assert "<h1>What if teams of 4 switch from individual to team rewards now, paying the cost of change?</h1>" in html
    summary = pd.read_csv(out / "compare_summary.csv").iloc[0]
    paragraph = re.search(r'<p class="summary">(.*?)</p>', html, re.DOTALL).group(1)
    pays = (
        "it does not pay back within the horizon"
        if pd.isna(summary["break_even"])
        else f"it pays back in month {summary['break_even']}"
    )
    assert paragraph.startswith(f"Changing costs {money(summary['cost_of_change'])} ") and pays in paragraph
    assert 0.25e6 < summary["cost_of_change"] < 0.35e6  # team_reward_weight 0 -> 1 at $3,000 x about 100 staff
    for secret in [str(tmp_path), str(ROOT), ".toml", "424242", *seeds]:
        assert secret not in html, secret
    assert facts["base seed"] == "424242" and all(s in facts["replication seeds"] for s in seeds)
    assert "whatif_switch_to_team_rewards_4.toml" in facts["scenario files"]
    assert "seed" not in html.lower()
    charts = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert len(charts) == 2
    sizes = [px for svg in charts for px in _svg_font_px(svg)]
    assert len(sizes) > 20 and min(sizes) >= 14.0, min(sizes)
    assert f"max-width:{CHART_PX}px" in html and "max-width:72rem" in html  # shown CHART_PX wide at 1,400 px


def test_full_report_keeps_its_provenance(tmp_path):
    out = _compare(tmp_path, TEAM_SWITCH, "--seed", "424242")
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "<dt>base seed</dt><dd>424242</dd>" in html and "whatif_switch_to_team_rewards_4.toml" in html


def test_each_scenario_line_has_its_own_style_and_markers_on_other_months():
    styles = [_style(i, 60) for i in range(len(STYLES))]
    assert len({(str(s["ls"]), s["marker"]) for s in styles}) == len(STYLES)
    assert len({s["markevery"][0] for s in styles[:3]}) == 3  # markers of the first three never coincide


def test_readme_quotes_the_business_summary():
    """The README's business numbers are what the code gives at the files' replications."""
    from sim.runs.runner import as_scenario, run
    from sim.whatifs.business import business_summary, lever_costs
    from sim.whatifs.summary import money

    readme = " ".join((ROOT / "README.md").read_text().replace("**", "").split())
    for files, replications in ((README_WHATIF, 20), (TEAM_SWITCH, 32)):
        scenarios = [as_scenario(ROOT / "scenarios" / f) for f in files]
        b = business_summary(run(scenarios, replications, scenarios[0].seed, 60), scenarios)[0]
        assert f"{money(-b.low_point)} behind" in readme and f"month {b.low_month}" in readme
        assert f"breaks even in month {b.break_even}" in readme and f"costs {money(b.cost_of_change)}" in readme
        if b.paid_back_share == 1.0:
            units = sum(c.units for c in lever_costs(*scenarios))
            assert (
                f"month {b.break_even_low} to month {b.break_even_high}" in readme
                and f"x {units:.2f} units" in readme
                and f"${b.return_on_change:,.2f} net per $1" in readme
            )
        else:
            assert f"{b.paid_back_share:.0%} of the {replications} replications pay back" in readme
