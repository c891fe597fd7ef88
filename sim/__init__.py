"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit.

``sim.compare([...])`` is the what-if comparison, paired by seed. It is imported on first use
(PEP 562), so ``import sim.core`` loads no pandas, plots or Mesa.
"""

import sys
import types

__all__ = ["compare"]


def __getattr__(name):
    if name == "compare":
        from .compare import compare
        globals()["compare"] = compare
        return compare
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


class _Package(types.ModuleType):
    """Keeps ``sim.compare`` the function when the submodule of that name is first imported
    (the import system would set the package attribute to the module)."""

    def __setattr__(self, name, value):
        if name == "compare" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
