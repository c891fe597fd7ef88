"""The vectorised engine: state arrays batched over scenarios. No Mesa, plots, files, pandas or Dask here.

The public, stepwise API (what the Mesa layer, validation and sweeps use):
``make_batch``/``init_state`` build a batch and its state; ``step`` runs one month through
``PHASES`` with the chosen backend (sim/core/backend.py: numpy, or compiled by numba; ``run_month``
runs any implementation of them); ``simulate`` runs a whole batch (``simulate_in_chunks`` within a memory budget);
``customer_metrics``/``close_books``/``accumulate`` measure a month; ``monthly_finance`` its
books (``Books``: what it reads; sim/core/records.py: what the phases hand each other); ``Groups``
sums over groups per scenario (sim/core/reductions.py: the month's reductions, shared with the agents mode); ``uniforms``/``derive_seeds`` the random streams.
"""

from . import backend
from .backend import step
from .batch import Batch, concat, make_batch, scenarios_per_batch
from .engine import Organisation
from .finance import discount_factor, monthly_finance, monthly_rate
from .measure import CUMULATIVE, accumulate, close_books, customer_metrics
from .phases import PHASES, run_month
from .records import Books, Counts, EndOfMonth
from .reductions import Groups
from .rng import derive_seeds, uniforms, uniforms_at
from .simulate import simulate, simulate_in_chunks
from .state import State, init_state

__all__ = [
    "CUMULATIVE",
    "PHASES",
    "Batch",
    "Books",
    "Counts",
    "EndOfMonth",
    "backend",
    "Groups",
    "Organisation",
    "State",
    "accumulate",
    "close_books",
    "concat",
    "customer_metrics",
    "derive_seeds",
    "discount_factor",
    "init_state",
    "make_batch",
    "monthly_finance",
    "monthly_rate",
    "run_month",
    "scenarios_per_batch",
    "simulate",
    "simulate_in_chunks",
    "step",
    "uniforms",
    "uniforms_at",
]
