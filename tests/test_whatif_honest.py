"""Honest what-ifs: cost-of-change labels, verdicts with magnitude, the report's changes and provenance,
--set/--set-env, --months cutting off a schedule, --version and help text."""

import argparse
import math

import pandas as pd
import pytest

import sim
from sim.cli import main, parser
from sim.runs.scenario import Scenario, load
from sim.whatifs.changes import ALWAYS, COST_OF_CHANGE, MIXED, kind
from sim.whatifs.stats import BETTER, NEGLIGIBLE, UNCLEAR, WORSE, effect

from .support import ROOT, SCENARIOS, small_file, step2_vs_step3


def _three_files(tmp_path):
    """A small base, a lever-only what-if and a what-if that switches the same lever at month 3."""
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    always = tmp_path / "always.toml"
    always.write_text(f'[scenario]\nextends = "{base.name}"\n[levers]\nempowerment = 0.9\n')
    switch = tmp_path / "switch.toml"
    switch.write_text(
        f'[scenario]\nextends = "{base.name}"\n[[schedule]]\nmonth = 3\nlevers = {{ empowerment = 0.9 }}\n'
    )
    return base, always, switch


def test_lever_only_and_scheduled_whatifs_get_their_labels_in_terminal_csv_and_html(tmp_path, capsys):
    base, always, switch = _three_files(tmp_path)
    assert kind(load(base), load(always)) == ALWAYS and kind(load(base), load(switch)) == COST_OF_CHANGE
    both = tmp_path / "both.toml"  # starts elsewhere and changes later: only the later change is costed
    both.write_text(f'[scenario]\nextends = "{always.name}"\n[[schedule]]\nmonth = 3\nlevers = {{ training = 0.9 }}\n')
    assert kind(load(base), load(both)) == MIXED
    out = tmp_path / "out"
    assert (
        main(["compare", str(base), str(always), str(switch), "--replications", "3", "--out", str(out), "--quiet"]) == 0
    )
    printed = capsys.readouterr().out
    assert f"always: {ALWAYS}" in printed and f"switch: {COST_OF_CHANGE}" in printed
    assert f"always [{ALWAYS}]: " in printed and f"switch [{COST_OF_CHANGE}]: " in printed  # verdict lines
    table = pd.read_csv(out / "compare.csv").drop_duplicates("scenario").set_index("scenario")["comparison"]
    assert table.to_dict() == {"base": "base", "always": ALWAYS, "switch": COST_OF_CHANGE}
    html = (out / "compare.html").read_text(encoding="utf-8")
    sections = [part.split("<h2>")[0] for part in html.split("<h3>")]
    always_html = next(s for s in sections if s.startswith("always "))
    switch_html = next(s for s in sections if s.startswith("switch "))
    assert ALWAYS in always_html and COST_OF_CHANGE not in always_html
    assert COST_OF_CHANGE in switch_html and ALWAYS not in switch_html


def test_effect_rules_negligible_below_the_smallest_effect_even_when_clear():
    assert effect(0.005, 0.002, 0.008, +1, smallest=0.01) == NEGLIGIBLE  # clear, but too small to matter
    assert effect(-0.02, -0.03, -0.01, +1, smallest=0.01) == WORSE
    assert effect(-0.02, -0.03, -0.01, -1, smallest=0.01) == BETTER  # lower is better
    assert effect(0.02, -0.01, 0.05, +1, smallest=0.01) == UNCLEAR  # includes zero, reaches past 0.01
    assert effect(0.001, -0.004, 0.006, +1, smallest=0.01) == NEGLIGIBLE  # whole interval within +-0.01
    assert effect(0.5, math.nan, math.nan, +1, smallest=0.01) == UNCLEAR  # one replication: no interval


def test_the_smallest_effect_that_matters_decides_between_negligible_and_better():
    runs = step2_vs_step3()
    big = sim.compare(runs, replications=8, smallest={"npv": 1e9}).set_index(["scenario", "outcome"]).loc["step3"]
    assert big.loc["npv", "diff_low"] > 0  # the interval excludes zero...
    assert big.loc["npv", "effect"] == NEGLIGIBLE  # ...but the difference is too small
    assert (
        "negligible on NPV (" in big["verdict"].iloc[0]
        and "under the $1,000.00M that matters" in big["verdict"].iloc[0]
    )
    small = sim.compare(runs, replications=8, smallest={"npv": 0.0}).set_index(["scenario", "outcome"]).loc["step3"]
    row = small.loc["npv"]
    assert row["effect"] == BETTER
    size = f"+${row['diff_mean'] / 1e6:,.2f}M, 95% CI +${row['diff_low'] / 1e6:,.2f}M..+${row['diff_high'] / 1e6:,.2f}M"
    assert f"better on NPV ({size})" in row["verdict"]
    for outcome in small.index:  # every outcome has size and interval
        assert f"{small.loc[outcome, 'label']} (" in row["verdict"] and "95% CI" in row["verdict"]
    with pytest.raises(ValueError, match="unknown outcome"):
        sim.compare(runs, replications=2, smallest={"nvp": 1.0})


def test_report_lists_changed_levers_schedule_and_provenance(tmp_path):
    base, _, switch = _three_files(tmp_path)
    out = tmp_path / "out"
    argv = ["compare", str(base), str(switch), "--replications", "3", "--seed", "5", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "What each what-if changes against the base" in html
    section = html[html.index("What each what-if changes against the base") :]
    row = section[section.index("<code>empowerment</code>") - 200 : section.index("<code>empowerment</code>") + 300]
    assert "from month 3" in row and "Authority of frontline staff" in row and "<td>0.9</td>" in row
    assert (
        "from month 3: aims at its own levers" in html and "from the start (warm-up included): aims at step 2" in html
    )
    for key in ("package", "git commit", "command", "date", "python", "base seed", "replication seeds"):
        assert f"<dt>{key}</dt>" in html, key
    assert "<dd>culturesim " in html and "<dd>5</dd>" in html
    assert f"culturesim compare {base} {switch} --replications 3" in html
    assert "$" in html and "NPV over the horizon ($, discounted)" in html and "npv (" not in html


def _summary(folder, stem):
    frame = pd.read_csv(folder / f"{stem}_summary.csv")
    return frame.drop(columns=["scenario"])


def test_set_gives_the_same_numbers_as_the_equivalent_file(tmp_path, capsys):
    base, always, switch = _three_files(tmp_path)
    assert main(["run", str(always), "--replications", "2", "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert (
        main(
            [
                "run",
                str(base),
                "--set",
                "empowerment=0.9",
                "--replications",
                "2",
                "--out",
                str(tmp_path / "b"),
                "--quiet",
            ]
        )
        == 0
    )
    a, b = _summary(tmp_path / "a", "always"), _summary(tmp_path / "b", "base")
    pd.testing.assert_frame_equal(a, b)
    plain = _summary(tmp_path / "a", "always")
    assert main(["run", str(base), "--replications", "2", "--out", str(tmp_path / "c"), "--quiet"]) == 0
    assert not _summary(tmp_path / "c", "base")["npv"].equals(plain["npv"])  # the flag did something
    # compare: --set with --from-month is the scheduled file
    for name, extra in (("file", [str(switch)]), ("flag", ["--set", "empowerment=0.9", "--from-month", "3"])):
        assert (
            main(["compare", str(base), *extra, "--replications", "3", "--out", str(tmp_path / name), "--quiet"]) == 0
        )
    printed = capsys.readouterr().out
    assert f"base with empowerment=0.9 from month 3: {COST_OF_CHANGE}" in printed
    file, flag = (pd.read_csv(tmp_path / n / "compare.csv").query("scenario != 'base'") for n in ("file", "flag"))
    numbers = ["mean", "ci_low", "ci_high", "diff_mean", "diff_low", "diff_high", "effect", "comparison"]
    pd.testing.assert_frame_equal(file[numbers].reset_index(drop=True), flag[numbers].reset_index(drop=True))


def test_set_env_gives_the_same_numbers_as_the_equivalent_file(tmp_path):
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    env = tmp_path / "env.toml"
    env.write_text(f'[scenario]\nextends = "{base.name}"\n[environment]\nchange_cost = 9000\n')
    assert main(["run", str(env), "--replications", "2", "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert (
        main(
            [
                "run",
                str(base),
                "--set-env",
                "change_cost=9000",
                "--replications",
                "2",
                "--out",
                str(tmp_path / "b"),
                "--quiet",
            ]
        )
        == 0
    )
    pd.testing.assert_frame_equal(_summary(tmp_path / "a", "env"), _summary(tmp_path / "b", "base"))


BAD_FLAGS = {
    "misspelt lever": (["--set", "empowerement=0.5"], "did you mean 'empowerment'?"),
    "env given as lever": (["--set", "change_cost=5"], "is an environment parameter; use --set-env"),
    "out of bounds": (["--set", "empowerment=2"], "empowerment must be in [0.0, 1.0]"),
    "not a number": (["--set", "empowerment=lots"], "must be a number"),
    "misspelt env": (["--set-env", "chnage_cost=5"], "did you mean 'change_cost'?"),
    "bad smallest": (["--smallest", "nvp=5"], "did you mean 'npv'?"),
}


@pytest.mark.parametrize("case", sorted(BAD_FLAGS))
def test_bad_flags_are_one_line_with_a_suggestion_and_nothing_runs(case, tmp_path, capsys):
    flags, expected = BAD_FLAGS[case]
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    out = tmp_path / "out"
    command = ["compare", str(base)] if case != "bad smallest" else ["compare", str(base), "--set", "training=0.5"]
    assert main([*command, *flags, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err, err
    assert not out.exists()


@pytest.mark.parametrize("command", ["compare", "run"])
def test_months_cutting_off_a_scheduled_change_is_an_error(command, tmp_path, capsys):
    base, _, switch = _three_files(tmp_path)
    out = tmp_path / "out"
    args = ["compare", str(base), str(switch)] if command == "compare" else ["run", str(switch)]
    assert main([*args, "--months", "3", "--replications", "2", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "switch.toml" in err and "month 3 is cut off by --months 3" in err, err
    assert not out.exists()
    assert main([*args, "--months", "4", "--replications", "2", "--out", str(out), "--quiet"]) == 0


def test_version_and_help_on_every_argument(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip().startswith("culturesim 0.")
    missing = []
    top = parser()
    subparsers = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction) and not (action.help or "").strip():
                missing.append(f"{name} {action.dest}")
    assert not missing, missing


def test_the_readme_first_question_is_labelled_honestly_with_its_measured_numbers():
    """The README's first command: staying at step 1 against moving up from step 1 now (cost included),
    with the organization that always was at step 5 as the long-run potential; its numbers are these."""
    from sim.whatifs.wording import difference_words

    files = [
        SCENARIOS / n for n in ("step1_minimize_hassles.toml", "whatif_move_up_now.toml", "step5_customer_culture.toml")
    ]
    base, move, always = (load(f) for f in files)
    assert kind(base, move) == COST_OF_CHANGE and kind(base, always) == ALWAYS
    assert kind(base, Scenario.from_step(1, name="same")) != COST_OF_CHANGE
    readme = (ROOT / "README.md").read_text()
    assert "culturesim compare " + " ".join(f"scenarios/{f.name}" for f in files) in readme
    frame = sim.compare(files)  # the files' own 20 replications
    npv = frame[frame["outcome"] == "npv"].set_index("scenario")
    moving, potential = npv.loc[move.name], npv.loc[always.name]
    assert moving["comparison"] == COST_OF_CHANGE and potential["comparison"] == ALWAYS
    text = " ".join(readme.replace("**", "").split())
    assert difference_words(moving) in text and difference_words(potential) in text
    assert moving["diff_mean"] < potential["diff_mean"]  # the cost of change is in the numbers


def test_report_and_wording_do_not_import_the_command():
    """The compare <-> report cycle is gone: the report needs the words, not the command."""
    import subprocess
    import sys

    code = (
        "import sys, sim.whatifs.report, sim.whatifs.wording, sim.whatifs.compare; "
        "assert 'sim.whatifs.cli' not in sys.modules, sorted(m for m in sys.modules if m.startswith('sim'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
