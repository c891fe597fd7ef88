"""The vectorised engine: state arrays batched over scenarios. No Mesa, plots, files or Dask here."""

from .batch import Batch, concat, make_batch, scenarios_per_batch
from .simulate import simulate
from .state import State, init_state

__all__ = ["Batch", "State", "concat", "init_state", "make_batch", "scenarios_per_batch", "simulate"]
