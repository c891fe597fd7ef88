"""Every number in sim/rules.py is a named parameter or a definition (issue 22).

A modelling coefficient belongs in ``sim.params.Environment`` (bounds, unit, meaning, source,
mechanism), where ``culturesim params`` lists it and sweeps and calibration can vary it. What
may stay a literal in a formula: 0, 1 and 12 (months in a year), 0.5 (a half: the centre of a
uniform draw, a mean of two, the reference engagement and marketing) and 2 as the exponent of
a square. Module-level constants are allowed only when they are definitions or numerical
devices, listed here with the reason.
"""

import ast
from pathlib import Path

import pytest
from scipy.special import ndtri

from sim import rules

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)

RULES = Path(rules.__file__)
LITERALS = {0, 1, 0.5, 12}
DEFINITIONS = {
    "SQRT12": "1/sd of a uniform on [0, 1)",
    "TINY": "guards a division or log against zero",
    "LOG_FLOOR": "guards the log of zero revenue",
    "TOP_20_Z": "defines the high-value segment (top 20%)",
    "BOTTOM_40_Z": "defines the low-value segment (bottom 40%)",
    "LOW_VALUE": "segment code",
    "MID_VALUE": "segment code",
    "HIGH_VALUE": "segment code",
    "WARMUP_PACE": "numerical device: speeds the start of the warm-up (docs/model.md 3)",
    "WARMUP_SETTLE": "numerical device: months of normal pace at the end of the warm-up",
    "WARMUP_PACED": "numerical device: months at the start of a warm-up that run paced",
    "WARMUP_SETTLED": "numerical device: months at the end of a long warm-up that run at normal pace",
    "PROMOTER_ANSWER": "NPS's definition: promoters answer 9-10 of 0-10 (Reichheld 2003)",
    "DETRACTOR_ANSWER": "NPS's definition: detractors answer 0-6 of 0-10",
}


def _numbers(node):
    """(value, line) of every numeric literal under ``node``, except the 2 of a square."""
    squares = {
        id(n.right)
        for n in ast.walk(node)
        if isinstance(n, ast.BinOp)
        and isinstance(n.op, ast.Pow)
        and isinstance(n.right, ast.Constant)
        and n.right.value == 2
    }
    for n in ast.walk(node):
        if (
            isinstance(n, ast.Constant)
            and isinstance(n.value, (int, float))
            and not isinstance(n.value, bool)
            and id(n) not in squares
        ):
            yield n.value, n.lineno


def unnamed_numbers(source: str) -> list[str]:
    """'line: value' of each number in a function of ``source`` that is neither allowed nor named."""
    tree = ast.parse(source)
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    return [f"{line}: {value!r}" for f in functions for value, line in _numbers(f) if value not in LITERALS]


def module_constants(source: str) -> set[str]:
    """Names bound to numbers at module level."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(True for _ in _numbers(node.value)):
            for target in node.targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def test_no_unnamed_number_in_a_formula():
    assert unnamed_numbers(RULES.read_text()) == []


def test_module_constants_are_only_definitions():
    assert module_constants(RULES.read_text()) == set(DEFINITIONS)


def test_the_check_catches_a_coefficient():
    # the checks themselves can fail: a bare coefficient, and a new module constant
    source = "def capability(skill, env):\n    return 0.35 * skill + env.x ** 2 + 0.5 * skill ** 3\n"
    assert unnamed_numbers(source) == ["2: 0.35", "2: 3"]
    assert module_constants("GAIN = 1.0\nA, B = 0, 2\nname = 'x'\n") == {"GAIN", "A", "B"}


def test_segment_thresholds_are_the_normal_quantiles_they_name():
    # kept to four decimals as calibrated (the full ndtri values would move a few customers' segments)
    assert abs(rules.TOP_20_Z - ndtri(0.8)) < 5e-5
    assert abs(rules.BOTTOM_40_Z - ndtri(0.4)) < 5e-5
