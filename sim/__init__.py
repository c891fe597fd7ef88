"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit.

``sim.compare([...])`` is the what-if comparison, paired by seed; ``sim.calibrate(data, scenario)``
fits an organization to its own monthly data; ``sim.optimize(scenario)`` searches the policy that
pays best under a budget; ``sim.Organization(customers=..., employees=..., sector=...)`` describes a
firm in business terms (``sim.runs.scenario.Scenario.from_organization`` makes it a scenario). They
are imported on first use (PEP 562), so ``import sim.core`` loads
no pandas, plots or Mesa.
"""

__all__ = ["calibrate", "compare", "optimize", "Organization"]
_LAZY = {
    "compare": ".whatifs.compare",
    "calibrate": ".calibration",
    "optimize": ".optimization",
    "Organization": ".runs.organization",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        function = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = function
        return function
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
