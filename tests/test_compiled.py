"""The compiled core gives the numpy core's numbers: counts identical, real values within 1e-9.

Every step preset, the step 1 -> 5 transition and 20 random corners of the lever and
environment bounds run through both backends over 84 months; the draws are the same bits;
without numba the core falls back to numpy with one line on stderr. Nothing here is timed.
"""

import ast
import inspect
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from sim.core import PHASES, backend, make_batch, simulate
from sim.core.rng import DECISIONS, uniforms
from sim.params import ENVIRONMENT, Environment, Policy, Sizes, problem, spec
from sim.steps import Phase, Schedule, step_policy

pytest.importorskip("numba")

COUNTS = (
    "active_customers",
    "acquired",
    "churned",
    "quits",
    "misfits_removed",
    "hires",
    "cumulative_acquired",
    "cumulative_churned",
)
SIZES = Sizes(n_employees=16, n_customers=150, n_suppliers=3)


def corners(n, rng):
    """n scenarios at random corners of the levers' bounds, with environment values drawn within theirs."""
    prob = problem()
    envs, schedules = [], []
    for _ in range(n):
        levers = {k: float(lo if rng.random() < 0.5 else hi) for k, (lo, hi) in zip(prob["names"], prob["bounds"])}
        levers["team_size"] = float(round(levers["team_size"]))
        schedules.append(Schedule.constant(Policy(**levers)))
        drawn = {}
        for k in rng.choice(ENVIRONMENT, size=8, replace=False):
            lo, hi = spec("environment", k)["bounds"]
            drawn[k] = float(rng.uniform(lo, hi))
        envs.append(Environment(**drawn))
    return envs, schedules


def both(batch):
    with backend.using("numpy"):
        reference = simulate(batch)
    with backend.using("compiled"):
        compiled = simulate(batch)
    return reference, compiled


def assert_same(reference, compiled):
    assert reference.keys() == compiled.keys()
    for k, a in reference.items():
        b = compiled[k]
        if k in COUNTS:
            np.testing.assert_array_equal(b, a, err_msg=k)
        else:
            scale = np.maximum(np.abs(a), np.nanmax(np.abs(a), axis=1, keepdims=True) * 1e-6)
            assert np.all((np.abs(a - b) <= 1e-9 * scale) | (np.isnan(a) & np.isnan(b))), k


def test_the_backend_is_compiled_by_default_and_numpy_on_request(monkeypatch):
    monkeypatch.delenv(backend.ENV_VAR, raising=False)
    assert backend.current() == "compiled"
    monkeypatch.setenv(backend.ENV_VAR, "numpy")
    assert backend.current() == "numpy"
    with backend.using("compiled"):
        assert backend.current() == "compiled"
    with pytest.raises(ValueError):
        backend.use("fortran")


def test_compiled_draws_are_the_numpy_streams():
    from numba import njit

    from sim.core.compiled.draws import stream_key, uniform

    @njit
    def draws(seeds, decision, month, n):
        out = np.empty((seeds.size, n))
        for i in range(seeds.size):
            key = stream_key(seeds[i], decision, month)
            for j in range(n):
                out[i, j] = uniform(key, j)
        return out

    seeds = np.array([0, 1, 12345, 2**63 - 7], dtype=np.uint64)
    for name in ("churn", "init_customer_assign", "new_assign"):
        for month in (-31, -1, 0, 83):
            np.testing.assert_array_equal(draws(seeds, DECISIONS[name], month, 257), uniforms(seeds, name, month, 257))


def test_every_step_and_a_transition_give_the_same_numbers_for_84_months():
    schedules = [Schedule.constant(step_policy(k)) for k in range(1, 6)]
    schedules.append(
        Schedule((Phase(0, step_policy(1)),) + tuple(Phase(6 * (k - 1), step_policy(k)) for k in range(2, 6)))
    )
    seeds = [3, 4, 5, 6, 7, 8]
    assert_same(*both(make_batch([Environment()] * 6, schedules, seeds, SIZES, months=84, warmup=12)))


def test_twenty_random_corners_give_the_same_numbers():
    rng = np.random.default_rng(18)
    envs, schedules = corners(20, rng)
    seeds = rng.integers(0, 2**62, size=20)
    assert_same(*both(make_batch(envs, schedules, seeds, SIZES, months=48, warmup=12)))


def test_the_state_is_the_same_after_the_months():
    batch = make_batch(
        [Environment()] * 2, [Schedule.constant(step_policy(k)) for k in (2, 4)], [1, 2], SIZES, months=24, warmup=6
    )
    kept = {}
    for name in backend.NAMES:
        with backend.using(name):
            simulate(batch, on_state=lambda st, m, name=name: kept.__setitem__(name, st) if m == 23 else None)
    a, b = kept["numpy"], kept["compiled"]
    active = a.active  # an empty slot's numbers are never read (overwritten on arrival)
    np.testing.assert_array_equal(b.active, a.active)
    for field in ("start", "orientation", "skill", "engagement", "reliability", "commitment", "fit"):
        np.testing.assert_allclose(getattr(b, field), getattr(a, field), rtol=1e-9, atol=1e-12, err_msg=field)
    for field in (
        "segment",
        "employee",
        "employee_start",
        "member",
        "joined",
        "value",
        "satisfaction",
        "loyalty",
        "expectation",
        "relationship",
    ):
        np.testing.assert_allclose(
            getattr(b, field)[active], getattr(a, field)[active], rtol=1e-9, atol=1e-12, err_msg=field
        )


def test_the_compiled_month_calls_the_phases_in_order():
    from sim.core.compiled import month

    source = textwrap.dedent(inspect.getsource(month.one_month))
    marked = [line.strip()[2:].split(":")[0] for line in source.splitlines() if line.strip().startswith("# ")]
    assert marked == list(PHASES)
    called = [
        n.func.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    ]
    assert [c for c in called if c in PHASES] == [
        "move_policy",
        "organise",
        "prepare_employees",
        "serve_customers",
        "review_employees",
        "review_suppliers",
        "customers_come_and_go",
    ]


def test_without_numba_the_numpy_core_runs_and_one_line_says_so(tmp_path):
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['numba'] = None\n")
    code = (
        "from sim.core import make_batch, simulate, backend\nfrom sim.params import Environment, Sizes\n"
        "from sim.steps import Schedule, step_policy\n"
        "b = make_batch([Environment()], [Schedule.constant(step_policy(2))], [1], Sizes(12, 80, 3), 3, 1)\n"
        "simulate(b); simulate(b); print(backend.current())\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path)] + sys.path), CULTURESIM_BACKEND="")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "numpy"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "running the numpy core" in lines[0]


def test_the_command_line_chooses_the_backend(monkeypatch, capsys):
    from sim.cli import main

    monkeypatch.setenv(backend.ENV_VAR, "")
    assert main(["--backend", "numpy", "steps"]) == 0
    assert os.environ[backend.ENV_VAR] == "numpy" and backend.current() == "numpy"  # sweep workers inherit it
    assert "Step 1" in capsys.readouterr().out


def test_non_whole_exponents_give_the_same_numbers():
    """Exponents that are not whole numbers take the exp-and-log path of ``rules.power`` (whole ones are products)."""
    envs = [
        Environment(loyalty_convexity=2.5, churn_exponent=3.7),
        Environment(loyalty_convexity=1.0, churn_exponent=0.4),
    ]
    schedules = [Schedule.constant(step_policy(k)) for k in (2, 4)]
    assert_same(*both(make_batch(envs, schedules, [1, 2], SIZES, months=36, warmup=12)))


def test_compiled_exp_log_and_power_are_numpys_within_a_few_units_in_the_last_place():
    """exp and log within 2 units in the last place, powers within 64 (1.4e-14; the cores agree within 1e-9)."""
    import numba

    from sim import rules
    from sim.core.compiled import jit

    @numba.njit
    def compiled(x, y):
        out = np.empty((4, x.size))
        for i in range(x.size):
            out[0, i] = rules.exp(x[i])
            out[1, i] = jit._log(abs(x[i]))
            out[2, i] = rules.power(abs(x[i]) / 30.0, y[i])
            out[3, i] = rules.power(abs(x[i]) / 30.0, np.int64(y[i])) if y[i] == np.floor(y[i]) else out[2, i]
        return out

    rng = np.random.default_rng(5)
    special = [0.0, -0.0, 700.0, 709.7, 710.0, -745.0, -800.0, 1e-310, np.nan, np.inf, -np.inf]
    x = np.concatenate([rng.uniform(-40.0, 40.0, 20_000), rng.uniform(-745.0, 709.0, 2_000), special])
    y = rng.choice([0.0, 1.0, 2.0, 3.0, 6.0, 8.0, 0.4, 2.5, 3.7, 5.9], size=x.size)
    got = compiled(x, y)
    with np.errstate(all="ignore"):
        wanted = [np.exp(x), np.log(np.abs(x)), (np.abs(x) / 30.0) ** y, (np.abs(x) / 30.0) ** y]
    for name, a, b, ulps in zip(("exp", "log", "power", "whole power"), got, wanted, (2, 2, 64, 64)):
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=name)
        np.testing.assert_array_equal(np.isinf(a), np.isinf(b), err_msg=name)
        normal = np.isfinite(b) & (np.abs(b) >= np.finfo(float).tiny)
        np.testing.assert_allclose(a[normal], b[normal], rtol=ulps * 2.0**-52, atol=0, err_msg=name)
        subnormal = np.abs(b) < np.finfo(float).tiny  # units of 5e-324 there
        np.testing.assert_allclose(a[subnormal], b[subnormal], rtol=0, atol=ulps * 5e-324, err_msg=name)


def test_two_threads_give_the_golden_numbers():
    """The test processes run numba on one thread (tests/__init__.py); the default is one per core, so
    the parallel kernel is checked here: the golden cases with two threads, against the stored series."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, NUMBA_NUM_THREADS="2", CULTURESIM_BACKEND="compiled")
    code = "import numba; from tests import golden; print(numba.config.NUMBA_NUM_THREADS, golden.differences(golden.load(), golden.compute()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "[]"], done.stdout
