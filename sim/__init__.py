"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit.

``sim.compare([...])`` is the what-if comparison, paired by seed; ``sim.calibrate(data, scenario)``
fits an organization to its own monthly data; ``sim.optimize(scenario)`` searches the policy that
pays best under a budget. They are imported on first use (PEP 562), so ``import sim.core`` loads
no pandas, plots or Mesa.
"""

import sys
import types

__all__ = ["calibrate", "compare", "optimize"]
_LAZY = {"compare": ".compare", "calibrate": ".calibration", "optimize": ".optimization"}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module
        function = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = function
        return function
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Keeps ``sim.compare`` the function when the submodule of that name is first imported
    (the import system would set the package attribute to the module)."""

    def __setattr__(self, name, value):
        if name == "compare" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
