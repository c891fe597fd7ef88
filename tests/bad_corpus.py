"""Generator of the bad-input corpus: scenario files, specs, flag sets and damaged sweep folders
that must each give exit 2, exactly one line on stderr, no traceback, nothing written, in < 5 s.

``build(root)`` writes the input files under ``root/in`` and returns the cases (name, argv).
``check(case, root)`` runs one case in-process through ``sim.cli.main`` and says what was wrong.
Run ``python -m tests.bad_corpus`` to print the pass rate (used for the before/after counts).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = "[sizes]\nn_employees = 24\nn_customers = 150\nn_suppliers = 4\n"
HEAD = "[scenario]\nstep = 3\nmonths = 12\nreplications = 2\nwarmup = 3\n"
VALID = HEAD + SIZES
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@dataclass(frozen=True)
class Case:
    kind: str  # "scenario", "spec/flags" or "surfaces" (calibrate, optimize, discover, --set, time)
    name: str
    argv: tuple[str, ...]


def _scenario_texts() -> dict[str, str | bytes]:
    """Bad scenario files by name (text or raw bytes)."""
    t: dict[str, str | bytes] = {}
    # --- not TOML / not text -----------------------------------------------------------
    t["syntax_unclosed"] = "[scenario\nstep = 3\n"
    t["syntax_bad_string"] = '[scenario]\nname = "abc\n'
    t["syntax_duplicate_key"] = "[scenario]\nstep = 3\nstep = 4\n"
    t["syntax_duplicate_table"] = "[levers]\ntraining = 0.5\n[levers]\ntraining = 0.4\n"
    t["syntax_no_value"] = "[scenario]\nstep =\n"
    t["syntax_bare_words"] = "this is not toml at all\n"
    t["binary_random"] = bytes(range(256)) * 4
    t["binary_png"] = PNG
    t["utf16_bom"] = VALID.encode("utf-16")
    t["latin1"] = ('[scenario]\nname = "caf\xe9"\n').encode("latin-1")
    t["nul_bytes"] = b"[scenario]\x00\nstep = 3\n"
    t["deep_array_1000"] = "[levers]\ntraining = " + "[" * 1000 + "]" * 1000 + "\n"
    t["deep_array_5000"] = "[scenario]\npractices = " + "[" * 5000 + "]" * 5000 + "\n"
    t["deep_inline_table"] = "[levers]\ntraining = " + "{a = " * 800 + "1" + "}" * 800 + "\n"
    t["int_4301_digits"] = "[scenario]\nseed = " + "9" * 4301 + "\n"
    t["int_100000_digits"] = "[scenario]\nmonths = " + "1" * 100000 + "\n"
    # --- tables and keys -------------------------------------------------------------------
    t["unknown_table"] = VALID + "[leverz]\ntraining = 0.5\n"
    t["unknown_table_misspelt_env"] = VALID + "[enviroment]\ndiscount_rate = 0.1\n"
    t["unknown_scenario_key"] = HEAD + 'nmae = "x"\n'
    t["misspelt_replications"] = "[scenario]\nreplication = 3\n"
    t["misspelt_lever"] = VALID + "[levers]\ntrainng = 0.5\n"
    t["misspelt_env"] = VALID + "[environment]\ndiscount_rat = 0.1\n"
    t["misspelt_size"] = "[sizes]\nn_customer = 300\n"
    t["unknown_phase_key"] = VALID + "[[schedule]]\nmonth = 3\nstep = 4\nlevel = 2\n"
    t["levers_not_table"] = "levers = 3\n"
    t["scenario_not_table"] = 'scenario = "x"\n'
    t["sizes_not_table"] = "sizes = [1, 2]\n"
    t["environment_array_of_tables"] = "[[environment]]\ndiscount_rate = 0.1\n"
    t["ansi_key"] = VALID + '[levers]\n"\x1b[31mred\x1b[0m" = 0.5\n'
    t["newline_key"] = VALID + '[levers]\n"line1\\nline2\\rline3" = 0.5\n'
    t["megabyte_key"] = VALID + "[levers]\n" + "k" * 999_000 + " = 0.5\n"
    t["too_big_file"] = VALID + ("# padding\n" * 120_000)
    t["ansi_practice"] = HEAD + 'practices = ["\x1b[2J\\u0007bell"]\n'
    # --- wrong types -----------------------------------------------------------------------
    t["step_string"] = '[scenario]\nstep = "3"\n'
    t["step_float"] = "[scenario]\nstep = 3.0\n"
    t["step_bool"] = "[scenario]\nstep = true\n"
    t["months_float"] = "[scenario]\nmonths = 1.5\n"
    t["months_string"] = '[scenario]\nmonths = "60"\n'
    t["months_array"] = "[scenario]\nmonths = [60]\n"
    t["months_table"] = "[scenario]\nmonths = {a = 1}\n"
    t["months_date"] = "[scenario]\nmonths = 1979-05-27\n"
    t["seed_bool"] = "[scenario]\nseed = true\n"
    t["seed_float"] = "[scenario]\nseed = 1.0\n"
    t["replications_string"] = '[scenario]\nreplications = "many"\n'
    t["name_int"] = "[scenario]\nname = 5\n"
    t["name_array"] = '[scenario]\nname = ["a"]\n'
    t["question_table"] = "[scenario]\nquestion = {q = 1}\n"
    t["description_int"] = "[scenario]\ndescription = 1\n"
    t["practices_string"] = '[scenario]\npractices = "key8_misfits"\n'
    t["practices_ints"] = "[scenario]\npractices = [1, 2]\n"
    t["practices_nested"] = '[scenario]\npractices = [["key8_misfits"]]\n'
    t["practice_unknown"] = '[scenario]\npractices = ["key9_nothing"]\n'
    t["practice_misspelt"] = '[scenario]\npractices = ["key8_misfit"]\n'
    t["lever_string"] = '[levers]\ntraining = "high"\n'
    t["lever_bool"] = "[levers]\ntraining = true\n"
    t["lever_array"] = "[levers]\ntraining = [0.5]\n"
    t["lever_table"] = "[levers]\ntraining = {value = 0.5}\n"
    t["lever_date"] = "[levers]\ntraining = 07:32:00\n"
    t["env_string"] = '[environment]\ndiscount_rate = "10%"\n'
    t["env_array"] = "[environment]\ndiscount_rate = [0.1]\n"
    t["size_float"] = "[sizes]\nn_customers = 300.5\n"
    t["size_string"] = '[sizes]\nn_customers = "300"\n'
    t["schedule_string"] = 'schedule = "later"\n'
    t["schedule_ints"] = "schedule = [1, 2]\n"
    t["schedule_month_string"] = VALID + '[[schedule]]\nmonth = "3"\nstep = 4\n'
    t["schedule_levers_not_table"] = VALID + "[[schedule]]\nmonth = 3\nlevers = 0.5\n"
    t["schedule_practices_string"] = VALID + '[[schedule]]\nmonth = 3\npractices = "x"\n'
    t["extends_int"] = "[scenario]\nextends = 5\n"
    t["extends_array"] = '[scenario]\nextends = ["a.toml"]\n'
    # --- out of bounds ------------------------------------------------------------------
    for key, value in [
        ("step", 0),
        ("step", 6),
        ("step", -1),
        ("months", 0),
        ("months", 1201),
        ("months", -5),
        ("months", 10**9),
        ("seed", -1),
        ("seed", 2**63),
        ("replications", 0),
        ("replications", 100001),
        ("replications", -3),
        ("warmup", -1),
        ("warmup", 601),
    ]:
        t[f"{key}_{value}".replace("-", "minus")] = f"[scenario]\n{key} = {value}\n"
    t["seed_2_64"] = "[scenario]\nseed = 18446744073709551616\n"
    for key, value in [
        ("training", -0.1),
        ("training", 1.1),
        ("team_size", 1),
        ("team_size", 31),
        ("team_size", 8.5),
        ("frontline_share", 0.05),
        ("marketing", 1e300),
    ]:
        t[f"lever_{key}_{value}".replace("-", "minus")] = f"[levers]\n{key} = {value}\n"
    for key, value in [
        ("discount_rate", -0.01),
        ("discount_rate", 0.6),
        ("wage", -1.0),
        ("adoption_speed", 0.0),
        ("quit_base", 2.0),
    ]:
        t[f"env_{key}_{value}".replace("-", "minus")] = f"[environment]\n{key} = {value}\n"
    for key, value in [
        ("n_customers", 49),
        ("n_customers", 200001),
        ("n_employees", 7),
        ("n_employees", 0),
        ("n_suppliers", 0),
        ("n_suppliers", 501),
    ]:
        t[f"size_{key}_{value}"] = f"[sizes]\n{key} = {value}\n"
    # --- NaN and infinity ------------------------------------------------------------------
    for group, key in [
        ("levers", "training"),
        ("levers", "team_size"),
        ("environment", "discount_rate"),
        ("environment", "wage"),
        ("sizes", "n_customers"),
        ("sizes", "n_employees"),
    ]:
        for v in ("nan", "inf", "-inf"):
            t[f"{key}_{v.replace('-', 'minus')}"] = f"[{group}]\n{key} = {v}\n"
    t["months_nan"] = "[scenario]\nmonths = nan\n"
    t["seed_inf"] = "[scenario]\nseed = inf\n"
    t["replications_inf"] = "[scenario]\nreplications = inf\n"
    t["lever_1e400"] = "[levers]\ntraining = 1e400\n"
    t["schedule_month_nan"] = VALID + "[[schedule]]\nmonth = nan\nstep = 4\n"
    # --- schedules -----------------------------------------------------------------------
    t["schedule_month_missing"] = VALID + "[[schedule]]\nstep = 4\n"
    t["schedule_out_of_order"] = VALID + "[[schedule]]\nmonth = 6\nstep = 4\n[[schedule]]\nmonth = 3\nstep = 5\n"
    t["schedule_same_month"] = VALID + "[[schedule]]\nmonth = 3\nstep = 4\n[[schedule]]\nmonth = 3\nstep = 5\n"
    t["schedule_month_zero"] = VALID + "[[schedule]]\nmonth = 0\nstep = 4\n"
    t["schedule_after_end"] = VALID + "[[schedule]]\nmonth = 12\nstep = 4\n"
    t["schedule_month_huge"] = VALID + "[[schedule]]\nmonth = 99999999999\nstep = 4\n"
    t["schedule_step_bad"] = VALID + "[[schedule]]\nmonth = 3\nstep = 9\n"
    t["schedule_lever_bad"] = VALID + "[[schedule]]\nmonth = 3\n[schedule.levers]\ntraining = 2.0\n"
    t["schedule_lever_misspelt"] = VALID + "[[schedule]]\nmonth = 3\n[schedule.levers]\ntrainin = 0.2\n"
    t["schedule_practice_unknown"] = VALID + '[[schedule]]\nmonth = 3\npractices = ["nope"]\n'
    # --- too much work for the memory budget (every value within its own bounds) ----------
    t["memory_reps_months"] = "[scenario]\nreplications = 100000\nmonths = 1200\n"
    t["memory_big_sizes"] = (
        "[scenario]\nreplications = 100000\nmonths = 600\n[sizes]\nn_customers = 200000\nn_employees = 5000\n"
    )
    return t


def _extends_cases(folder: Path) -> dict[str, Path]:
    """Bad ``extends`` chains (files written into ``folder``)."""
    out = {}

    def write(name, text):
        p = folder / name
        p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text, encoding="utf-8")
        return p

    write("picture.png", PNG)
    write("binary.bin", bytes(range(256)))
    write("bad_base.toml", "[levers]\ntraining = 7\n")
    (folder / "a_directory.toml").mkdir(exist_ok=True)
    out["extends_missing"] = write("ext_missing.toml", '[scenario]\nextends = "nowhere.toml"\n')
    out["extends_self"] = write("ext_self.toml", '[scenario]\nextends = "ext_self.toml"\n')
    write("ext_cycle_b.toml", '[scenario]\nextends = "ext_cycle_a.toml"\n')
    out["extends_cycle"] = write("ext_cycle_a.toml", '[scenario]\nextends = "ext_cycle_b.toml"\n')
    out["extends_png"] = write("ext_png.toml", '[scenario]\nextends = "picture.png"\n')
    out["extends_binary"] = write("ext_bin.toml", '[scenario]\nextends = "binary.bin"\n')
    out["extends_directory"] = write("ext_dir.toml", '[scenario]\nextends = "a_directory.toml"\n')
    out["extends_empty_name"] = write("ext_empty.toml", '[scenario]\nextends = ""\n')
    out["extends_bad_base"] = write("ext_bad_base.toml", '[scenario]\nextends = "bad_base.toml"\n')
    out["extends_dev_zero"] = write("ext_zero.toml", '[scenario]\nextends = "/dev/zero"\n')
    out["extends_nul_char"] = write("ext_nul.toml", '[scenario]\nextends = "a\\u0000b.toml"\n')
    # a chain deeper than allowed (each file extends the next; the last has an error too)
    depth = 40
    write(f"chain_{depth}.toml", "[scenario]\nstep = 2\n")
    for i in range(depth - 1, -1, -1):
        write(f"chain_{i}.toml", f'[scenario]\nextends = "chain_{i + 1}.toml"\n[levers]\ntraining = 0.{i % 9 + 1}\n')
    out["extends_chain_40"] = folder / "chain_0.toml"
    return out


def _spec(scenario: Path, body: str, head: str = "") -> str:
    """A spec text with the given body after a valid [experiment] head."""
    return (
        f'[experiment]\nscenario = "{scenario}"\nmonths = 12\nwarmup = 3\nreplications = 1\n{head}'
        f"[sizes]\nn_employees = 24\nn_customers = 150\nn_suppliers = 4\n{body}"
    )


GOOD_DESIGN = '[design]\nmethod = "latin"\nn = 4\n'
GOOD_PARAMS = "[parameters]\ncost_focus = {}\n"
GOOD_OUT = '[outputs]\nsummary = ["npv"]\n'


def _spec_texts(scenario: Path) -> dict[str, str | bytes]:
    s: dict[str, str | bytes] = {}

    def spec(design=GOOD_DESIGN, params=GOOD_PARAMS, outputs=GOOD_OUT, head=""):
        return _spec(scenario, design + params + outputs, head)

    s["spec_syntax"] = "[experiment\n"
    s["spec_binary"] = PNG
    s["spec_utf16"] = spec().encode("utf-16")
    s["spec_deep"] = "[experiment]\nvary_all = " + "[" * 3000 + "]" * 3000 + "\n"
    s["spec_unknown_table"] = spec() + "[paramters]\nx = {}\n"
    s["spec_unknown_experiment_key"] = spec(head="replicatons = 3\n")
    s["spec_missing_scenario"] = "[experiment]\nmonths = 12\n" + GOOD_DESIGN + GOOD_PARAMS + GOOD_OUT
    s["spec_scenario_missing_file"] = spec().replace(str(scenario), str(scenario.parent / "nope.toml"))
    s["spec_scenario_int"] = "[experiment]\nscenario = 3\n" + GOOD_DESIGN + GOOD_PARAMS + GOOD_OUT
    s["spec_months_0"] = spec(head="").replace("months = 12", "months = 0")
    s["spec_months_nan"] = spec().replace("months = 12", "months = nan")
    s["spec_replications_10001"] = spec().replace("replications = 1", "replications = 10001")
    s["spec_seed_2_64"] = spec(head="seed = 18446744073709551616\n")
    s["spec_batch_size_0"] = spec(head="batch_size = 0\n")
    s["spec_memory_nan"] = spec(head="memory_budget = nan\n")
    s["spec_memory_1e20"] = spec(head="memory_budget = 1e20\n")
    s["spec_vary_all_bad"] = spec(head='vary_all = ["leverz"]\n', params="")
    s["spec_vary_all_ints"] = spec(head="vary_all = [1]\n", params="")
    s["spec_vary_all_string"] = spec(head='vary_all = "levers"\n', params="")
    s["spec_no_parameters"] = spec(params="")
    s["spec_param_unknown"] = spec(params="[parameters]\ncost_focs = {}\n")
    s["spec_param_not_table"] = spec(params="[parameters]\ncost_focus = 3\n")
    s["spec_param_unknown_key"] = spec(params="[parameters]\ncost_focus = { bound = [0, 1] }\n")
    s["spec_param_is_size"] = spec(params="[parameters]\nn_customers = {}\n")
    s["spec_dist_list"] = spec(params="[parameters]\ncost_focus = { dist = [1] }\n")
    s["spec_dist_unknown"] = spec(params='[parameters]\ncost_focus = { dist = "gauss", bounds = [0, 1] }\n')
    s["spec_dist_int"] = spec(params="[parameters]\ncost_focus = { dist = 3 }\n")
    s["spec_bounds_nan"] = spec(params='[parameters]\ncost_focus = { dist = "norm", bounds = [nan, 0.1] }\n')
    s["spec_bounds_inf"] = spec(params='[parameters]\ncost_focus = { dist = "norm", bounds = [0.5, inf] }\n')
    s["spec_bounds_unif_inf"] = spec(params="[parameters]\ncost_focus = { bounds = [0, inf] }\n")
    s["spec_bounds_order"] = spec(params="[parameters]\ncost_focus = { bounds = [0.8, 0.2] }\n")
    s["spec_bounds_outside"] = spec(params="[parameters]\ncost_focus = { bounds = [-1, 2] }\n")
    s["spec_bounds_count"] = spec(params='[parameters]\ncost_focus = { dist = "triang", bounds = [0, 1] }\n')
    s["spec_bounds_strings"] = spec(params='[parameters]\ncost_focus = { bounds = ["a", "b"] }\n')
    s["spec_bounds_empty"] = spec(params="[parameters]\ncost_focus = { bounds = [] }\n")
    s["spec_norm_no_bounds"] = spec(params='[parameters]\ncost_focus = { dist = "norm" }\n')
    s["spec_norm_sd_zero"] = spec(params='[parameters]\ncost_focus = { dist = "norm", bounds = [0.5, 0] }\n')
    s["spec_norm_sd_negative"] = spec(params='[parameters]\ncost_focus = { dist = "norm", bounds = [0.5, -1] }\n')
    s["spec_lognorm_sd_negative"] = spec(params='[parameters]\nwage = { dist = "lognorm", bounds = [8, -1] }\n')
    s["spec_lognorm_huge"] = spec(params='[parameters]\nwage = { dist = "lognorm", bounds = [700, 1] }\n')
    s["spec_triang_peak_outside"] = spec(params='[parameters]\ncost_focus = { dist = "triang", bounds = [0, 1, 2] }\n')
    s["spec_truncnorm_sd_zero"] = spec(
        params='[parameters]\ncost_focus = { dist = "truncnorm", bounds = [0, 1, 0.5, 0] }\n'
    )
    s["spec_values_not_grid"] = spec(params="[parameters]\ncost_focus = { values = [0.1] }\n")
    s["spec_method_unknown"] = spec(design='[design]\nmethod = "montecarlo"\nn = 4\n')
    s["spec_method_missing"] = spec(design="[design]\nn = 4\n")
    s["spec_method_list"] = spec(design='[design]\nmethod = ["sobol"]\nn = 4\n')
    s["spec_design_key_misspelt"] = spec(design='[design]\nmethod = "latin"\nsamples = 4\n')
    s["spec_n_zero"] = spec(design='[design]\nmethod = "latin"\nn = 0\n')
    s["spec_n_negative"] = spec(design='[design]\nmethod = "random"\nn = -4\n')
    s["spec_n_float"] = spec(design='[design]\nmethod = "latin"\nn = 4.5\n')
    s["spec_n_inf"] = spec(design='[design]\nmethod = "latin"\nn = inf\n')
    s["spec_sobol_2_40"] = spec(design=f'[design]\nmethod = "sobol"\nn = {2**40}\n')
    s["spec_sobol_not_power"] = spec(design='[design]\nmethod = "sobol"\nn = 6\n')
    s["spec_random_huge"] = spec(design='[design]\nmethod = "random"\nn = 1000000000\n')
    s["spec_grid_huge"] = spec(
        design='[design]\nmethod = "grid"\nlevels = 1000\n',
        params="[parameters]\ncost_focus = {}\ntraining = {}\nempowerment = {}\nmarketing = {}\n",
    )
    s["spec_grid_levels_0"] = spec(
        design='[design]\nmethod = "grid"\n', params="[parameters]\ncost_focus = { levels = 0 }\n"
    )
    s["spec_grid_values_nan"] = spec(
        design='[design]\nmethod = "grid"\n', params="[parameters]\ncost_focus = { values = [nan] }\n"
    )
    s["spec_grid_values_empty"] = spec(
        design='[design]\nmethod = "grid"\n', params="[parameters]\ncost_focus = { values = [] }\n"
    )
    s["spec_grid_values_outside"] = spec(
        design='[design]\nmethod = "grid"\n', params="[parameters]\ncost_focus = { values = [2] }\n"
    )
    s["spec_grid_dist"] = spec(
        design='[design]\nmethod = "grid"\n',
        params='[parameters]\ncost_focus = { dist = "norm", bounds = [0.5, 0.1] }\n',
    )
    s["spec_morris_odd_levels"] = spec(design='[design]\nmethod = "morris"\nn = 4\nnum_levels = 3\n')
    s["spec_morris_one"] = spec(design='[design]\nmethod = "morris"\nn = 1\n')
    s["spec_fast_m_negative"] = spec(design='[design]\nmethod = "fast"\nn = 65\nM = -1\n')
    s["spec_fast_m_zero"] = spec(design='[design]\nmethod = "fast"\nn = 65\nM = 0\n')
    s["spec_fast_n_small"] = spec(design='[design]\nmethod = "fast"\nn = 10\n')
    s["spec_outputs_unknown"] = spec(outputs='[outputs]\nsummary = ["npvv"]\n')
    s["spec_outputs_empty"] = spec(outputs="[outputs]\nsummary = []\n")
    s["spec_outputs_ints"] = spec(outputs="[outputs]\nsummary = [1]\n")
    s["spec_outputs_string"] = spec(outputs='[outputs]\nsummary = "npv"\n')
    s["spec_series_unknown"] = spec(outputs='[outputs]\nseries = ["loyalty"]\n')
    s["spec_sizes_bad"] = spec().replace("n_customers = 150", "n_customers = 1")
    s["spec_sizes_nan"] = spec().replace("n_customers = 150", "n_customers = nan")
    s["spec_ansi_name"] = spec(params='[parameters]\n"\x1b[31mx" = {}\n')
    return s


def build(root: Path) -> list[Case]:
    """Write every input under root/in and return the cases (argv lists with absolute paths)."""
    inp = root / "in"
    inp.mkdir(parents=True, exist_ok=True)
    (root / "work").mkdir(exist_ok=True)
    # imports are not the case's time: load what the commands load before their checks
    import sim.calibration.fit  # noqa: F401
    import sim.cli  # noqa: F401
    import sim.files.output  # noqa: F401
    import sim.optimization.search  # noqa: F401
    import sim.runs.horizon  # noqa: F401
    import sim.runs.plausibility  # noqa: F401
    import sim.runs.plots  # noqa: F401
    import sim.runs.runner  # noqa: F401
    import sim.sweeps.spec  # noqa: F401
    import sim.sweeps.store  # noqa: F401
    import sim.whatifs.cli  # noqa: F401

    cases: list[Case] = []
    valid = inp / "valid.toml"
    valid.write_text(VALID)
    for name, text in _scenario_texts().items():
        p = inp / f"{name}.toml"
        p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text, encoding="utf-8")
        cases.append(Case("scenario", name, ("run", str(p), "--quiet")))
    for name, p in _extends_cases(inp).items():
        cases.append(Case("scenario", name, ("run", str(p), "--quiet")))
    # the same bad files through compare (as base and as what-if)
    for name in ("syntax_unclosed", "misspelt_lever", "training_nan", "binary_png", "deep_array_5000"):
        cases.append(
            Case("scenario", f"compare_whatif_{name}", ("compare", str(valid), str(inp / f"{name}.toml"), "--quiet"))
        )
    cases.append(
        Case("scenario", "compare_base_deep", ("compare", str(inp / "deep_array_1000.toml"), str(valid), "--quiet"))
    )
    cases.append(Case("scenario", "missing_file", ("run", str(inp / "no_such_file.toml"))))
    cases.append(Case("scenario", "directory_as_file", ("run", str(inp / "a_directory.toml"))))
    cases.append(Case("scenario", "dev_zero", ("run", "/dev/zero")))
    os.mkfifo(inp / "fifo.toml") if not (inp / "fifo.toml").exists() else None
    cases.append(Case("scenario", "fifo", ("run", str(inp / "fifo.toml"))))

    # ---- specs --------------------------------------------------------------------------
    base = inp / "spec_base.toml"
    base.write_text(VALID)
    for name, text in _spec_texts(base).items():
        p = inp / f"{name}.toml"
        p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text, encoding="utf-8")
        cases.append(Case("spec/flags", name, ("sweep", str(p), "--quiet", "--out", str(root / "sweep_out"))))
    good_spec = inp / "good_spec.toml"
    good_spec.write_text(_spec(base, GOOD_DESIGN + GOOD_PARAMS + GOOD_OUT))

    # ---- flags --------------------------------------------------------------------------
    a_file = inp / "a_file.txt"
    a_file.write_text("not a folder\n")
    run = ("run", str(valid), "--quiet")
    flag_sets = {
        "run_months_0": ["--months", "0"],
        "run_months_1201": ["--months", "1201"],
        "run_months_1e9": ["--months", "1000000000"],
        "run_months_5000": ["--months", "5000"],
        "run_months_float": ["--months", "1.5"],
        "run_months_word": ["--months", "ten"],
        "run_seed_minus": ["--seed", "-1"],
        "run_seed_2_63": ["--seed", str(2**63)],
        "run_seed_2_64": ["--seed", str(2**64)],
        "run_seed_huge": ["--seed", "9" * 5000],
        "run_replications_0": ["--replications", "0"],
        "run_replications_100001": ["--replications", "100001"],
        "run_replications_memory": ["--replications", "100000", "--months", "1200"],
        "run_format_xml": ["--format", "xml"],
        "run_unknown_flag": ["--fast"],
        "run_out_is_file": ["--out", str(a_file)],
        "run_out_under_file": ["--out", str(a_file / "sub")],
        "run_out_unwritable": ["--out", "/proc/1/culturesim_out"],
        "run_months_missing_value": ["--months"],
    }
    for name, extra in flag_sets.items():
        cases.append(Case("spec/flags", name, (*run, *extra)))
    cases += [
        Case("spec/flags", "no_command", ()),
        Case("spec/flags", "unknown_command", ("simulate", str(valid))),
        Case("spec/flags", "run_no_file", ("run",)),
        Case("spec/flags", "compare_one_file", ("compare", str(valid), "--quiet")),
        Case("spec/flags", "compare_months_0", ("compare", str(valid), str(valid), "--months", "0")),
        Case("spec/flags", "compare_same_file", ("compare", str(valid), str(valid), "--quiet")),
        Case("spec/flags", "compare_out_is_file", ("compare", str(valid), str(base), "--out", str(a_file), "--quiet")),
        Case("spec/flags", "compare_memory", ("compare", str(inp / "memory_reps_months.toml"), str(valid), "--quiet")),
        Case("spec/flags", "compare_seed_2_64", ("compare", str(valid), str(base), "--seed", str(2**64))),
    ]
    sweep = ("sweep", str(good_spec), "--quiet")
    for name, extra in {
        "sweep_workers_0": ["--workers", "0"],
        "sweep_workers_huge": ["--workers", "100000"],
        "sweep_executor_bad": ["--executor", "threads"],
        "sweep_scheduler_bad": ["--scheduler", "not an address"],
        "sweep_scheduler_with_processes": ["--scheduler", "tcp://127.0.0.1:1", "--executor", "processes"],
        "sweep_out_is_file": ["--out", str(a_file)],
        "sweep_out_unwritable": ["--out", "/proc/1/culturesim_sweep"],
        "sweep_both_workers_scheduler": ["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
    }.items():
        cases.append(Case("spec/flags", name, (*sweep, *extra)))
    cases.append(Case("spec/flags", "sweep_missing_spec", ("sweep", str(inp / "nope_spec.toml"))))

    # ---- analyze: flags and damaged folders ---------------------------------------------
    folders = _damaged_folders(inp)
    for name, folder in folders.items():
        cases.append(Case("spec/flags", f"analyze_{name}", ("analyze", str(folder))))
    cases += [
        Case("spec/flags", "analyze_resamples_0", ("analyze", str(folders["manifest_truncated"]), "--resamples", "0")),
        Case(
            "spec/flags",
            "analyze_resamples_minus",
            ("analyze", str(folders["manifest_truncated"]), "--resamples", "-5"),
        ),
        Case("spec/flags", "analyze_every_0", ("analyze", str(folders["manifest_truncated"]), "--every", "0")),
        Case("spec/flags", "analyze_missing_folder", ("analyze", str(inp / "no_such_folder"))),
        Case("spec/flags", "analyze_file", ("analyze", str(a_file))),
    ]
    cases += _surface_cases(root, inp, valid, good_spec)
    return cases


def _data_csv(rows: dict[str, float], months: int = 12) -> str:
    """A tidy calibration CSV: every series in ``rows`` at every month."""
    lines = ["month,series,value,sd"]
    for m in range(months):
        lines += [f"{m},{name},{value},0" for name, value in rows.items()]
    return "\n".join(lines) + "\n"


GOOD_DATA = {"churn_rate": 0.02, "employee_turnover": 0.02}


def _surface_cases(root: Path, inp: Path, valid: Path, good_spec: Path) -> list[Case]:
    """calibrate, optimize, discover, --set and the run-time budget (issue 23): bad data values,
    numeric flags (NaN, inf, huge), work beyond the limits, damaged checkpoints and plausible sets."""
    cases: list[Case] = []
    good = inp / "data_good.csv"
    good.write_text(_data_csv(GOOD_DATA))

    def data(name, text):
        p = inp / f"data_{name}.csv"
        p.write_bytes(text) if isinstance(text, bytes) else p.write_text(text)
        return p

    bad_values = {
        "negative_customers": ("active_customers", -5),
        "churn_above_1": ("churn_rate", 1.5),
        "churn_negative": ("churn_rate", -0.1),
        "nps_300": ("nps", 300),
        "satisfaction_5": ("mean_satisfaction", 5),
        "turnover_negative": ("employee_turnover", -0.02),
        "revenue_1e308": ("revenue", 1e308),
        "profit_minus_1e308": ("profit", -1e308),
    }
    cal = ("calibrate", "--scenario", str(valid), "--quiet")
    for name, (series, value) in bad_values.items():
        text = _data_csv(GOOD_DATA) + f"5,{series},{value},0\n"
        cases.append(Case("surfaces", f"cal_data_{name}", (cal[0], str(data(name, text)), *cal[1:])))
    text = _data_csv(GOOD_DATA).replace("\n3,churn_rate,0.02,0\n", "\n3,churn_rate,0.02,1e308\n")
    cases.append(Case("surfaces", "cal_data_sd_1e308", (cal[0], str(data("sd_1e308", text)), *cal[1:])))
    text = _data_csv(GOOD_DATA) + "4,password=hunter2-" + "x" * 500 + ",0.1,0\n"
    cases.append(Case("surfaces", "cal_data_secret_series", (cal[0], str(data("secret", text)), *cal[1:])))
    big = data("too_big", "month,series,value,sd\n0,churn_rate," + "1" * 11_000_000 + ",0\n")
    cases.append(Case("surfaces", "cal_data_too_big", (cal[0], str(big), *cal[1:])))
    cal_good = (cal[0], str(good), *cal[1:])
    for name, extra in {
        "fit_empty_range": ["--fit", "quit_base=0.01:0.01"],
        "fit_too_narrow": ["--fit", "quit_base=0.01:0.0100000000001"],
        "fit_nan_range": ["--fit", "quit_base=nan:0.02"],
        "discrepancy_inf": ["--discrepancy", "inf"],
        "discrepancy_nan": ["--discrepancy", "nan"],
        "discrepancy_negative": ["--discrepancy", "-0.1"],
        "discount_rate_nan": ["--set-env", "discount_rate=nan"],
        "discount_rate_inf": ["--set-env", "discount_rate=inf"],
        "discount_rate_negative": ["--set-env", "discount_rate=-0.1"],
        "replications_100000": ["--replications", "100000"],
        "replications_100000_check": ["--replications", "100000", "--check"],
        "points_1e9": ["--points", "1000000000"],
        "waves_1e6": ["--waves", "1000000"],
        "seed_minus": ["--seed", "-1"],
    }.items():
        cases.append(Case("surfaces", f"cal_{name}", (*cal_good, *extra)))
    damaged = root / "in" / "cal_damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "checkpoint.json").write_text("[]")
    cases.append(
        Case(
            "surfaces",
            "cal_checkpoint_list",
            ("calibrate", str(good), "--scenario", str(valid), "--quiet", "--out", str(damaged)),
        )
    )

    # ---- optimize ------------------------------------------------------------------------
    opt = ("optimize", str(valid), "--quiet")
    for name, extra in {
        "budget_inf": ["--budget", "inf"],
        "budget_nan": ["--budget", "nan"],
        "budget_1e308": ["--budget", "1e308"],
        "min_loyalty_nan": ["--min-loyalty", "nan"],
        "validate_0": ["--validate", "0"],
        "validate_minus_1": ["--validate", "-1"],
        "validate_1e7": ["--validate", "10000000"],
        "population_1e8": ["--population", "100000000"],
        "population_1e8_check": ["--population", "100000000", "--check"],
        "generations_1e9": ["--generations", "1000000000"],
        "sets_0": ["--sets", "0"],
    }.items():
        cases.append(Case("surfaces", f"opt_{name}", (*opt, *extra)))
    for name, text in {
        "nan": "quit_base,implausibility,weight\nnan,1.0,1.0\n",
        "junk": PNG + bytes(range(256)),
        "out_of_bounds": "quit_base,implausibility,weight\n7.5,1.0,1.0\n",
        "empty": "quit_base,implausibility,weight\n",
        "weights_zero": "quit_base,implausibility,weight\n0.01,1.0,0\n",
        "unknown_column": "quit_bse,implausibility,weight\n0.01,1.0,1.0\n",
    }.items():
        scenario = inp / f"plausible_{name}_calibrated.toml"
        scenario.write_text(VALID)
        beside = inp / f"plausible_{name}_calibrated.plausible.csv"
        beside.write_bytes(text) if isinstance(text, bytes) else beside.write_text(text)
        cases.append(Case("surfaces", f"opt_plausible_{name}", ("optimize", str(scenario), "--quiet")))
    damaged = root / "in" / "opt_damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "checkpoint.json").write_text("[]")
    cases.append(Case("surfaces", "opt_checkpoint_list", ("optimize", str(valid), "--quiet", "--out", str(damaged))))

    # ---- --set / --set-env on run and compare -------------------------------------------
    for value in ("inf", "nan", "1e400", "2.5", "-inf"):
        tag = value.replace("-", "minus").replace(".", "_")
        cases.append(
            Case("surfaces", f"run_set_team_size_{tag}", ("run", str(valid), "--quiet", "--set", f"team_size={value}"))
        )
    cases.append(
        Case("surfaces", "compare_set_team_size_inf", ("compare", str(valid), "--quiet", "--set", "team_size=inf"))
    )
    cases.append(Case("surfaces", "run_set_env_wage_1e400", ("run", str(valid), "--quiet", "--set-env", "wage=1e400")))

    # ---- scenario files the project could not read back ---------------------------------
    hexa = inp / "int_hex_5000_digits.toml"
    hexa.write_text("[scenario]\nseed = 0x" + "f" * 5000 + "\n")
    cases.append(Case("surfaces", "int_hex_5000_digits", ("run", str(hexa), "--quiet")))
    secret = inp / "secret.txt"
    secret.write_text('password = "hunter2"\n')
    ext = inp / "ext_secret.toml"
    ext.write_text('[scenario]\nextends = "secret.txt"\n')
    cases.append(Case("surfaces", "extends_secret_file", ("run", str(ext), "--quiet")))

    # ---- the run-time budget --------------------------------------------------------------
    huge = inp / "time_huge.toml"
    huge.write_text(
        "[scenario]\nmonths = 1200\nwarmup = 600\nreplications = 4340\n"
        "[sizes]\nn_customers = 200000\nn_employees = 5000\n"
    )
    cases.append(Case("surfaces", "run_time_13_days", ("run", str(huge), "--quiet")))
    cases.append(Case("surfaces", "compare_time_huge", ("compare", str(huge), str(valid), "--quiet")))
    hot = inp / "spec_time_huge.toml"
    hot.write_text(
        _spec(huge, '[design]\nmethod = "random"\nn = 2000000\n' + GOOD_PARAMS + GOOD_OUT)
        .replace("months = 12\nwarmup = 3\n", "months = 1200\nwarmup = 600\n")
        .replace("n_employees = 24\nn_customers = 150", "n_employees = 5000\nn_customers = 200000")
    )
    cases.append(Case("surfaces", "sweep_time_16_cpu_years", ("sweep", str(hot), "--quiet")))
    cases.append(Case("surfaces", "sweep_workers_256", ("sweep", str(good_spec), "--quiet", "--workers", "256")))

    # ---- discover on a finished sweep ---------------------------------------------------------
    finished = inp / "finished_sweep"
    if not (finished / "manifest.json").exists():
        from sim.cli import main as cli

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert cli(["sweep", str(good_spec), "--quiet", "--out", str(finished)]) == 0
    for name, extra in {
        "below_nan": ["--output", "npv", "--below", "nan"],
        "above_inf": ["--output", "npv", "--above", "inf"],
        "below_minus_inf": ["--output", "npv", "--below", "-inf"],
        "density_nan": ["--output", "npv", "--below", "0", "--density", "nan"],
        "output_bogus": ["--output", "bogus", "--below", "0"],
    }.items():
        cases.append(Case("surfaces", f"discover_{name}", ("discover", str(finished), *extra)))
    own = ("calibrate", "optimize", "run", "compare", "sweep")  # each case its own --out: no case sees another's folder
    return [
        c
        if c.argv[0] not in own or "--out" in c.argv
        else Case(c.kind, c.name, (*c.argv, "--out", str(root / "outs" / c.name)))
        for c in cases
    ]


def _damaged_folders(inp: Path) -> dict[str, Path]:
    """Sweep folders whose manifest or parts are damaged (no real sweep needed)."""
    out = {}
    manifest = {
        "name": "x",
        "n_batches": 1,
        "batches": {"0": {"file": "parts/part-00000.parquet", "rows": [0, 2], "sha256": "0" * 64}},
        "problem": {"names": ["cost_focus"]},
        "design": {"method": "latin"},
    }

    def folder(name, text=None, part_dir=False):
        d = inp / f"sweep_{name}"
        d.mkdir(exist_ok=True)
        if text is not None:
            (d / "manifest.json").write_text(text)
        if part_dir:
            (d / "parts" / "part-00000.parquet").mkdir(parents=True, exist_ok=True)
        out[name] = d
        return d

    folder("empty_folder")
    folder("manifest_empty", "")
    folder("manifest_truncated", json.dumps(manifest)[:40])
    folder("manifest_list", "[]")
    folder("manifest_incomplete", json.dumps({"name": "x"}))
    folder("manifest_wrong_types", json.dumps({**manifest, "n_batches": "one", "batches": []}))
    folder("manifest_binary", PNG.decode("latin-1"))
    folder("part_is_directory", json.dumps(manifest), part_dir=True)
    folder("part_missing", json.dumps(manifest))
    return out


def _snapshot(root: Path) -> dict[str, float]:
    return {str(p): p.lstat().st_mtime for p in root.rglob("*")}


SECONDS: dict[str, float] = {}  # case name -> seconds to its one-line refusal (the last check)


class _Timeout(Exception):
    pass


def run_case(case: Case, root: Path, limit: float = 5.0) -> tuple[int | None, str, float, str]:
    """Run one case in-process in ``root/work``: (exit status, stderr, seconds, exception name)."""
    from sim.cli import main

    work = root / "work"
    work.mkdir(exist_ok=True)
    err, outbuf = io.StringIO(), io.StringIO()
    old = os.getcwd()
    code, exc_name = None, ""

    def alarm(*_):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, limit * 2)
    start = time.perf_counter()
    try:
        os.chdir(work)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(outbuf):
            code = main(list(case.argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except _Timeout:
        exc_name = "timeout"
    except BaseException as exc:  # noqa: BLE001 - a corpus case must never raise
        exc_name = type(exc).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(old)
    return code, err.getvalue(), time.perf_counter() - start, exc_name


def check(case: Case, root: Path, limit: float = 5.0) -> str:
    """'' when the case behaves (exit 2, one stderr line, no traceback, nothing written, fast), else why not."""
    before = _snapshot(root)
    code, err, seconds, exc_name = run_case(case, root, limit)
    SECONDS[case.name] = seconds
    after = _snapshot(root)
    written = sorted(set(after) - set(before)) + sorted(
        p for p in before if p in after and after[p] != before[p] and not p.endswith("/work")
    )
    lines = err.splitlines()
    problems = []
    if exc_name:
        problems.append(f"raised {exc_name}")
    if code != 2:
        problems.append(f"exit {code}")
    if len(lines) != 1:
        problems.append(f"{len(lines)} stderr lines")
    if "Traceback" in err:
        problems.append("traceback")
    if written:
        problems.append(f"wrote {written[:2]}")
    if seconds >= limit:
        problems.append(f"{seconds:.1f} s")
    return "; ".join(problems)


def main(argv: list[str] | None = None) -> int:
    """Print PASS/FAIL per case (from case ``--start N`` on) and the pass counts."""
    import argparse
    import tempfile

    opts = argparse.ArgumentParser()
    opts.add_argument("--start", type=int, default=0)
    opts.add_argument("--kind", default=None, help="only the cases of this kind (scenario, spec/flags, surfaces)")
    given = opts.parse_args(argv)
    start = given.start
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = build(root)
        results = {}
        for i, case in enumerate(cases[start:], start):
            if given.kind and case.kind != given.kind:
                continue
            results[case] = check(case, root)
            print(
                f"{i} {'FAIL' if results[case] else 'PASS'} {case.kind} {case.name}: {results[case]}",
                file=sys.__stdout__,
                flush=True,
            )
        for kind in ("scenario", "spec/flags", "surfaces"):
            mine = [c for c in cases if c.kind == kind and c in results]
            ok = sum(1 for c in mine if not results[c])
            print(f"{kind}: {ok}/{len(mine)} pass", file=sys.__stdout__)
        slowest = sorted(SECONDS.items(), key=lambda kv: -kv[1])[:3]
        print(
            "slowest: " + ", ".join(f"{name} {s:.2f} s" for name, s in slowest) + f" (load {os.getloadavg()[0]:.1f})",
            file=sys.__stdout__,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
