"""No NaN or inf for any parameter set within bounds (hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.core import make_batch, simulate
from sim.params import ENVIRONMENT, LEVERS, Environment, Policy, Sizes, spec
from sim.steps import Phase, Schedule


def _values(group, names):
    def draw(name):
        lo, hi = spec(group, name)["bounds"]
        if spec(group, name)["integer"]:
            return st.integers(int(lo), int(hi)).map(float)
        return st.one_of(st.just(float(lo)), st.just(float(hi)), st.floats(lo, hi))

    return st.fixed_dictionaries({n: draw(n) for n in names})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    env=_values("environment", ENVIRONMENT),
    first=_values("levers", LEVERS),
    later=_values("levers", LEVERS),
    n_customers=st.integers(50, 200),
    n_employees=st.integers(8, 30),
    n_suppliers=st.integers(1, 5),
    seed=st.integers(0, 2**63 - 1),
)
def test_no_nan_or_inf_within_bounds(env, first, later, n_customers, n_employees, n_suppliers, seed):
    schedule = Schedule((Phase(0, Policy(**first)), Phase(4, Policy(**later))))
    sizes = Sizes(n_employees=n_employees, n_customers=n_customers, n_suppliers=n_suppliers)
    out = simulate(make_batch([Environment(**env)], [schedule], [seed], sizes, months=8, warmup=2))
    for k, v in out.items():
        assert np.all(np.isfinite(v)), f"{k} is not finite"
