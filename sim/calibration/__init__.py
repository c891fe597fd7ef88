"""Calibration: fit an organization's environment to its own monthly data, with honest uncertainty."""

from .data import OBSERVABLE, DataError, Observed, read
from .fit import Calibration, CalibrationError, calibrate

__all__ = ["OBSERVABLE", "Calibration", "CalibrationError", "DataError", "Observed", "calibrate", "read"]
