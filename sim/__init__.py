"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit."""

from .calibration import calibrate  # sim.calibrate(data, scenario): fit an organization to its data
from .compare import compare  # sim.compare([...]): what-if comparison, paired by seed
from .optimization import optimize  # sim.optimize(scenario): the best policy under a budget

__all__ = ["calibrate", "compare", "optimize"]
