"""The README's worked example quotes what experiments/worked_example.py prints on the code as it is.

Slow (several minutes: a full calibration and two optimisations at 1,000 customer slots), so
excluded from the default suite; the fast versions of the same checks are tests/test_calibrate.py
and tests/test_optimize.py.
"""

from pathlib import Path

import pytest

from .support import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_readme_quotes_the_worked_example():
    module = load_script(ROOT / "experiments" / "worked_example.py")
    readme = (ROOT / "README.md").read_text()
    missing = [line for line in module.lines() if line.strip() not in readme]
    assert missing == []
