"""What-if comparisons: paired differences, verdicts, the compare command and its report."""

import importlib
import io
import tomllib
from html import escape

import matplotlib.colors
import matplotlib.image
import numpy as np
import pandas as pd
import pytest

import sim
from sim.cli import main
from sim.params import Environment, replace
from sim.runs.runner import run
from sim.runs.scenario import Scenario, load
from sim.steps import Schedule, step_policy
from sim.whatifs.compare import OUTCOMES, prepare

from .support import ROOT, SCENARIOS, SMALL, small_file, step2_vs_step3


def _team_size_pair(peer_influence: float) -> list[Scenario]:
    """Step 2 (no team pay) in teams of 4 and of 16.

    Team size reaches the engine through three doors only (sim/core/engine.py): the team mean
    orientation in socialization (times environment.peer_influence), the team incentive and the
    team performance (both times team_reward_weight) and helping (times helping x
    team_reward_weight). With no team pay and no peer influence every door is multiplied by zero.
    """
    env = replace(Environment(), peer_influence=peer_influence)
    assert step_policy(2).team_reward_weight == 0.0
    return [
        Scenario(
            f"teams of {k}",
            env=env,
            sizes=SMALL,
            warmup=6,
            months=18,
            schedule=Schedule.constant(replace(step_policy(2), team_size=k)),
        )
        for k in (4, 16)
    ]


def test_a_lever_without_effect_gives_exact_zeros_and_no_clear_difference():
    ticks = []
    frame = sim.compare(_team_size_pair(peer_influence=0.0), replications=6, progress=ticks.append)
    assert sum(ticks) == 2 * 6 * 18  # the progress bar's total: org-months
    what_if = frame[frame["scenario"] == "teams of 16"]
    assert list(what_if["outcome"]) == list(OUTCOMES)
    assert (what_if[["diff_mean", "diff_low", "diff_high"]] == 0.0).all().all()
    assert (what_if["effect"] == "negligible").all()  # an interval of exactly zero is within any smallest effect
    verdict = what_if["verdict"].iloc[0]
    assert verdict.startswith(
        "teams of 16 [compares organizations that always worked this way]: "
        "negligible on NPV (+$0.0k, 95% CI +$0.0k..+$0.0k; under the $0.10M that matters)"
    )
    assert "better" not in verdict and "worse" not in verdict
    results = run(_team_size_pair(peer_influence=0.0), replications=6)
    four, sixteen = results.scenario("teams of 4").series, results.scenario("teams of 16").series
    assert all(np.array_equal(four[k], sixteen[k]) for k in four)  # every month, every metric


def test_the_same_lever_has_an_effect_once_peers_influence_each_other():
    """The control of the test above: team size is wired in, so the zeros there are not trivial."""
    frame = sim.compare(_team_size_pair(peer_influence=0.3), replications=6)
    what_if = frame[frame["scenario"] == "teams of 16"].set_index("outcome")
    assert what_if.loc["culture_strength", "diff_mean"] != 0.0 and what_if.loc["npv", "diff_mean"] != 0.0


def test_interval_of_a_difference_shrinks_with_replications():
    few, many = (
        sim.compare(step2_vs_step3(), replications=n).set_index(["scenario", "outcome"]).loc["step3"] for n in (8, 32)
    )
    width_few, width_many = few["diff_high"] - few["diff_low"], many["diff_high"] - many["diff_low"]
    assert (width_many < width_few).all(), pd.concat([width_few, width_many], axis=1)
    assert width_many["npv"] < 0.7 * width_few["npv"]  # about 1/2 expected: sqrt(8/32) x t(31)/t(7)


def test_direction_of_each_outcome_decides_better_or_worse():
    frame = sim.compare(step2_vs_step3(), replications=8).set_index(["scenario", "outcome"]).loc["step3"]
    # step 3 keeps customers better: churn goes down (lower is better) and loyalty up
    assert frame.loc["annual_churn", "diff_high"] < 0 and frame.loc["annual_churn", "effect"] == "better"
    assert frame.loc["mean_loyalty", "diff_low"] > 0 and frame.loc["mean_loyalty", "effect"] == "better"
    assert "better on NPV" in frame["verdict"].iloc[0] and "churn" in frame["verdict"].iloc[0]


def test_the_differences_are_paired_by_seed():
    scenarios = step2_vs_step3()
    frame = sim.compare(scenarios, replications=5).set_index(["scenario", "outcome"])
    summary = run(scenarios, replications=5).summary()
    a, b = (summary[summary["scenario"] == n]["npv"].to_numpy() for n in ("step2", "step3"))
    d = b - a
    half = (frame.loc[("step3", "npv"), "diff_high"] - frame.loc[("step3", "npv"), "diff_low"]) / 2
    assert frame.loc[("step3", "npv"), "diff_mean"] == pytest.approx(d.mean())
    assert half == pytest.approx(2.7764451 * d.std(ddof=1) / np.sqrt(5))  # t(0.975, 4) x paired sd / sqrt n


def test_team_rewards_help_small_teams_and_hurt_large_ones():
    """The shipped what-if pairs: teams of 4 gain from team pay, teams of 16 lose (free-riding).
    Switching teams of 4 now pays the cost of change, so it gains less than having always had team
    pay; the README quotes these numbers and their direction."""
    from sim.whatifs.wording import difference_words

    npv = {}
    for k in (4, 16):
        files = [SCENARIOS / f"base_teams_of_{k}.toml", SCENARIOS / f"whatif_reward_teams_of_{k}.toml"]
        if k == 4:
            files.append(SCENARIOS / "whatif_switch_to_team_rewards_4.toml")
        frame = sim.compare(files, replications=32)
        rows = frame[frame["effect"] != "baseline"].set_index(["scenario", "outcome"])
        npv[k] = frame[(frame["outcome"] == "npv") & (frame["effect"] != "baseline")].iloc[0]
        if k == 4:
            switch = rows.loc[load(files[2]).name]
            readme = " ".join((ROOT / "README.md").read_text().replace("**", "").split())
            assert switch.loc["npv", "comparison"] == "includes the cost of change"
            assert switch.loc["npv", "diff_mean"] < npv[4]["diff_mean"]  # the cost of change is in it
            assert f"{switch.loc['npv', 'effect']} on NPV ({difference_words(switch.loc['npv'])})" in readme
            assert f"final-year profit ({difference_words(switch.loc['final_year_profit'])})" in readme
            assert f"better on NPV ({difference_words(npv[4])})" in readme
    assert npv[4]["diff_low"] > 0 and npv[4]["effect"] == "better" and "better on NPV" in npv[4]["verdict"]
    assert npv[16]["diff_high"] < 0 and npv[16]["effect"] == "worse" and "worse on NPV" in npv[16]["verdict"]


def test_every_whatif_file_asks_a_question_and_pairs_with_its_base():
    files = sorted(SCENARIOS.glob("whatif_*.toml"))
    assert len(files) >= 10
    for f in files:
        what_if = load(f)
        assert what_if.question.strip() and "\n" not in what_if.question, f
        extends = tomllib.loads(f.read_text())["scenario"]["extends"]
        scenarios, *_ = prepare([SCENARIOS / extends, f])  # same sizes and warm-up: pairable
        assert scenarios[0].schedule != what_if.schedule or scenarios[0].env != what_if.env, f


def _png_is_a_real_figure(png: bytes, colours: list[str]):
    """A PNG of reasonable size, not uniform, with lines drawn in each scenario's colour."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
    pixels = matplotlib.image.imread(io.BytesIO(png))[..., :3]
    rgb = np.round(pixels * 255).astype(np.uint32)  # 8-bit channels as one integer: a 1-D unique, not rows
    assert pixels.std() > 0.05 and len(np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])) > 50
    for colour in colours:
        near = np.abs(pixels - np.array(matplotlib.colors.to_rgb(colour))).max(axis=-1) < 0.02
        assert near.mean() > 1e-3, f"no line drawn in {colour}"


def test_compare_command_writes_table_figures_and_a_self_contained_report(tmp_path, capsys):
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    other = small_file(
        tmp_path,
        "other",
        "whatif_empower_front_line.toml",
        "[levers]\nempowerment = 0.9\n",
        head='question = "What if the front line gets <even> more authority?"\n',
    )
    out = tmp_path / "out"
    assert (
        main(["compare", str(base), str(other), "--replications", "4", "--seed", "7", "--out", str(out), "--quiet"])
        == 0
    )
    printed = capsys.readouterr().out
    table = pd.read_csv(out / "compare.csv")
    assert len(table) == 2 * len(OUTCOMES) and table["replications"].eq(4).all()
    verdicts = table.drop_duplicates("scenario")["verdict"].tolist()
    assert verdicts[0] == "base: the baseline every other scenario is compared with"
    assert (
        verdicts[1].startswith("other [compares organizations that always worked this way]: ")
        and "NPV (" in verdicts[1]
    )
    html = (out / "compare.html").read_text(encoding="utf-8")
    for line in verdicts:
        assert line in printed and escape(line) in html
    assert "What if the front line gets &lt;even&gt; more authority?" in html
    seeds = pd.read_csv(out / "compare_replications.csv").query("scenario == 'base'")["seed"]
    assert "<dt>base seed</dt><dd>7</dd>" in html and all(str(s) in html for s in seeds)
    assert html.count("<svg") == 2 and "<script" not in html and 'src="http' not in html  # charts inline, no fetch
    levels, differences = (out / "compare.png").read_bytes(), (out / "compare_difference.png").read_bytes()
    _png_is_a_real_figure(levels, ["C0", "C1"])  # base and what-if
    _png_is_a_real_figure(differences, ["C1"])  # what-if minus base


BAD = {
    "unknown lever": ("[levers]\ntraining_budget = 0.5\n", "levers.training_budget"),
    "out of bounds": ("[levers]\nempowerment = 2\n", "levers.empowerment: must be in"),
    "other sizes": ("[sizes]\nn_employees = 30\n", "sizes: must equal the base's"),
    "same name": ('name = "dup"\n', "scenario.name: 'dup' is also the name of"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_naming_file_and_key_and_nothing_runs(case, tmp_path, capsys, monkeypatch):
    text, expected = BAD[case]
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml", head='name = "dup"\n')
    good = small_file(tmp_path, "good", "whatif_empower_front_line.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text(f'[scenario]\nextends = "{base.name}"\n{text}')
    module = importlib.import_module("sim.whatifs.cli")
    monkeypatch.setattr(module, "run", lambda *a, **k: pytest.fail("ran before every file was checked"))
    out = tmp_path / "out"
    assert main(["compare", str(base), str(good), str(bad), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "bad.toml" in err and expected in err, err
    assert "Traceback" not in err and not out.exists()


def test_missing_file_is_one_line_and_nothing_written(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            [
                "compare",
                str(SCENARIOS / "step2_managing_discontent.toml"),
                str(tmp_path / "absent.toml"),
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "absent.toml" in err and not out.exists()
