"""Design methods, one module each (as in SALib): adding a method is one module and one line below.

Every method module defines the same few things:

- ``check(design) -> (key, why) | None``: the method's own rules on the [design] table of a spec;
- ``points(design, parameters) -> int``: the number of design points, without sampling;
- ``sample(design, problem, parameters) -> X``: the (points, d) design matrix, seeded by ``design.seed``;
- ``analyze(problem, design, X, y, seed, num_resamples) -> rows`` of tidy indices (index, parameter,
  parameter2, value, conf), or ``analyze = None`` for a design without indices (the grid's mean outputs);
- ``headline``: the index that ranks inputs and colours the heat maps over time (None without indices);
- ``figures``: extra figures, {file name: function of sim.sweeps.plots drawing it from the indices};
- ``takes_values``: whether parameters take grid values or levels instead of a distribution.

SALib is imported inside the functions, so that loading a spec (and `culturesim --help`) stays quick.
"""

from __future__ import annotations

from . import fast, grid, latin, morris, random, sobol

METHODS = {"grid": grid, "random": random, "latin": latin, "sobol": sobol, "morris": morris, "fast": fast}


def get(name: str):
    """The method called ``name``; a ValueError for an unknown one."""
    if name not in METHODS:
        raise ValueError(f"unknown design method {name!r}")
    return METHODS[name]
