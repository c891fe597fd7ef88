"""``from sim.model import CultureModel``: the Mesa model, which lives in sim/abm."""

from .abm import MODES, CultureModel, Customer, Employee, Supplier

__all__ = ["MODES", "CultureModel", "Customer", "Employee", "Supplier"]
