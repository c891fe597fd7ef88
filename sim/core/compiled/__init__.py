"""The compiled core: the month of sim/core/phases.py as numba kernels (issue 18).

Loaded only by sim/core/backend.py, on the first month run with the compiled backend, so that
``import sim.core`` never imports numba. jit.py compiles sim/rules.py and the random streams
from their source; people.py and customers.py are the phases of one scenario; month.py runs
them in order for every scenario; step.py is the core's ``step`` around it.
"""
