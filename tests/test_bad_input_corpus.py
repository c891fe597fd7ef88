"""Every bad input of the generated corpus (tests/bad_corpus.py): exit 2, exactly one stderr line,
no traceback, nothing written, each case in under 5 s; and a few of them in a real subprocess."""

import subprocess
import sys

import pytest

from . import bad_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return root, bad_corpus.build(root)


def test_corpus_is_big_enough_and_covers_every_class(corpus):
    _, cases = corpus
    scenario = [c for c in cases if c.kind == "scenario"]
    flags = [c for c in cases if c.kind == "spec/flags"]
    surfaces = [c for c in cases if c.kind == "surfaces"]
    assert len(scenario) >= 120 and len(flags) >= 60 and len(surfaces) >= 60
    names = " ".join(c.name for c in cases)
    for word in (
        "syntax",
        "binary",
        "utf16",
        "deep",
        "digits",
        "misspelt",
        "nan",
        "inf",
        "extends_chain",
        "extends_cycle",
        "extends_png",
        "memory",
        "ansi",
        "megabyte",
        "dev_zero",
        "fifo",
        "spec_bounds_nan",
        "spec_dist_list",
        "sobol_2_40",
        "grid_huge",
        "seed_2_64",
        "out_is_file",
        "out_unwritable",
        "resamples_0",
        "manifest_truncated",
        "manifest_list",
        "part_is_directory",
        "fast_m_negative",
        "cal_data_negative_customers",
        "churn_above_1",
        "nps_300",
        "satisfaction_5",
        "turnover_negative",
        "fit_empty_range",
        "fit_too_narrow",
        "sd_1e308",
        "revenue_1e308",
        "discrepancy_inf",
        "budget_inf",
        "validate_0",
        "validate_minus_1",
        "validate_1e7",
        "population_1e8",
        "generations_1e9",
        "replications_100000",
        "points_1e9",
        "waves_1e6",
        "data_too_big",
        "plausible_nan",
        "plausible_junk",
        "plausible_out_of_bounds",
        "checkpoint_list",
        "team_size_inf",
        "team_size_1e400",
        "hex_5000",
        "extends_secret",
        "time_13_days",
        "16_cpu_years",
        "workers_256",
        "discover_below_nan",
        "output_bogus",
        "secret_series",
    ):
        assert word in names, word


def test_every_bad_input_gives_one_line_and_exit_2(corpus):
    root, cases = corpus
    failures = {c.name: why for c in cases if (why := bad_corpus.check(c, root))}
    assert failures == {}


@pytest.mark.parametrize("name", ["binary_png", "spec_bounds_nan", "analyze_manifest_truncated"])
def test_some_bad_inputs_in_a_real_process(corpus, name):
    root, cases = corpus
    case = next(c for c in cases if c.name == name)
    before = sorted(p for p in root.rglob("*"))
    proc = subprocess.run(
        [sys.executable, "-m", "sim.cli", *case.argv], cwd=root / "work", capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("culturesim: error: ")
    assert sorted(p for p in root.rglob("*")) == before


def test_messages_escape_control_characters_and_cut_long_text(corpus):
    root, cases = corpus
    for name, forbidden in (("ansi_key", "\x1b"), ("newline_key", "\r"), ("ansi_practice", "\x07")):
        case = next(c for c in cases if c.name == name)
        _, err, _, _ = bad_corpus.run_case(case, root)
        assert forbidden not in err and "\\x1b" in err or "\\r" in err or "\\x07" in err, err
    case = next(c for c in cases if c.name == "megabyte_key")
    _, err, _, _ = bad_corpus.run_case(case, root)
    assert len(err) < 1000 and "999,000 characters" in err


def test_misspelt_names_get_a_suggestion(corpus):
    root, cases = corpus
    for name, suggestion in (
        ("misspelt_lever", "'training'"),
        ("misspelt_replications", "'replications'"),
        ("unknown_table_misspelt_env", "'environment'"),
        ("practice_misspelt", "'key8_misfits'"),
        ("spec_param_unknown", "'cost_focus'"),
        ("spec_unknown_experiment_key", "'replications'"),
        ("spec_design_key_misspelt", None),
    ):
        case = next(c for c in cases if c.name == name)
        _, err, _, _ = bad_corpus.run_case(case, root)
        if suggestion:
            assert f"did you mean {suggestion}" in err, err


def test_clearer_messages(corpus):
    root, cases = corpus
    expect = {
        "schedule_out_of_order": "month order",
        "spec_fast_m_negative": "design.M: must be in [1, 1000]",
        "months_float": "must be an integer",
        "memory_reps_months": "over the budget",
        "extends_chain_40": "deeper than 32",
        "run_months_5000": "[1, 1,200]",
    }
    for name, text in expect.items():
        case = next(c for c in cases if c.name == name)
        _, err, _, _ = bad_corpus.run_case(case, root)
        assert text in err, err


def test_data_errors_name_row_column_and_what_is_allowed_and_quote_little(corpus):
    root, cases = corpus
    expect = {
        "cal_data_churn_above_1": "row 26: value: must be a finite number in [0, 1] for churn_rate, got 1.5",
        "cal_data_nps_300": "in [-100, 100] for nps",
        "cal_data_negative_customers": "in [0, 1e+09]",
        "cal_data_sd_1e308": "row 8: sd: churn_rate needs a number in [0, 1]",
        "cal_fit_empty_range": "LOW < HIGH",
        "cal_fit_too_narrow": "narrower than the parameter's resolution",
        "opt_plausible_nan": "row 2, column quit_base: must be a finite number",
        "opt_plausible_out_of_bounds": "column quit_base: must be in",
        "opt_validate_0": "--validate: must be >= 1",
        "opt_budget_inf": "--budget: must be a finite number",
        "cal_checkpoint_list": "damaged checkpoint",
        "run_set_team_size_1e400": "team_size must be a finite number in [2, 30]",
        "int_hex_5000_digits": "an integer of 20,000 bits",
        "discover_below_nan": "--below: must be a finite number",
        "discover_output_bogus": "allowed: npv",
        "cal_data_too_big": "at most 10,000,000 allowed",
    }
    for name, text in expect.items():
        case = next(c for c in cases if c.name == name)
        _, err, _, _ = bad_corpus.run_case(case, root)
        assert text in err, (name, err)
    case = next(c for c in cases if c.name == "cal_data_secret_series")
    _, err, _, _ = bad_corpus.run_case(case, root)
    assert "hunter2-" in err and "x" * 100 not in err and "characters)" in err and len(err) < 500, err
    case = next(c for c in cases if c.name == "extends_secret_file")
    _, err, _, _ = bad_corpus.run_case(case, root)
    assert "hunter2" not in err and "password" not in err and "ending in .toml" in err, err


def test_discover_refuses_a_bogus_output_before_loading_pandas_or_ema(corpus):
    root, cases = corpus
    case = next(c for c in cases if c.name == "discover_output_bogus")
    probe = (
        "import sys; from sim.cli import main; code = main(sys.argv[1:]); "
        "print(code, 'pandas' in sys.modules, 'ema_workbench' in sys.modules, 'SALib' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, *case.argv], cwd=root / "work", capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.split() == ["2", "False", "False", "False"], proc.stdout + proc.stderr
    assert "--output 'bogus': not a summary output of this sweep" in proc.stderr


def test_control_characters_in_a_name_are_escaped_on_stdout_and_an_out_link_is_reported(tmp_path):
    import contextlib
    import io

    from sim.cli import main

    path = tmp_path / "ansi.toml"
    path.write_text('[scenario]\nname = "red \\u001b[31mALERT\\u001b[0m\\u0007 \\u007f"\n' + bad_corpus.SIZES)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", str(path), "--check", "--out", str(tmp_path / "link")]) == 0
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x7f" not in text, text
    assert "red \\x1b[31mALERT\\x1b[0m\\x07 \\x7f: valid" in text, text
    assert f"is a link to '{tmp_path / 'elsewhere'}'; writing there" in text, text
