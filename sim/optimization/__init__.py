"""Optimisation: the best policy, or path of step changes, under a budget and a minimum loyalty."""

from .search import Optimization, OptimizeError, optimize

__all__ = ["Optimization", "OptimizeError", "optimize"]
