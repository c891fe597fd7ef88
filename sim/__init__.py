"""culturesim: how a customer-focused culture forms and what it does to loyalty, churn and profit."""

from .compare import compare  # sim.compare([...]): what-if comparison, paired by seed

__all__ = ["compare"]
