"""The Mesa layer: CultureModel, its agents, its setup from keywords, and the core's mirror."""

from .agents import Customer, Employee, Supplier
from .model import MODES, CultureModel

__all__ = ["MODES", "CultureModel", "Customer", "Employee", "Supplier"]
