"""docs/model.md must keep up with the code: every parameter, rule and random decision is named
in it, and its generated tables equal what docs/make_tables.py makes from the code now."""

import inspect
import re
from pathlib import Path

import pytest

import sim.rules
from sim.core.rng import DECISIONS
from sim.params import table

from .support import load_script

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)

DOCS = Path(__file__).resolve().parents[1] / "docs"


make_tables = load_script(DOCS / "make_tables.py")


def _prose() -> str:
    """model.md without its generated tables, with LaTeX-escaped underscores unescaped."""
    text = (DOCS / "model.md").read_text()
    for name in make_tables.TABLES:
        text = make_tables.block(name).sub("", text)
    return text.replace("\\_", "_")


def _missing(names) -> list[str]:
    prose = _prose()
    return [n for n in names if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", prose)]


def public_rules() -> list[str]:
    """Public functions and constants defined in sim/rules.py."""
    names = [
        n
        for n, f in inspect.getmembers(sim.rules, inspect.isfunction)
        if not n.startswith("_") and f.__module__ == "sim.rules"
    ]
    return names + [n for n in vars(sim.rules) if n.isupper() and not n.startswith("_")]


def test_every_parameter_is_described_outside_the_table():
    assert _missing([row["name"] for row in table()]) == []


def test_every_public_rule_is_described():
    names = public_rules()
    assert "churn_probability" in names and "TOP_20_Z" in names  # the lookup itself works
    assert _missing(names) == []


def test_every_random_decision_is_described():
    assert _missing(list(DECISIONS)) == []


@pytest.mark.parametrize("name", sorted(make_tables.TABLES))
def test_pasted_table_matches_the_code(name):
    pasted = make_tables.pasted((DOCS / "model.md").read_text(), name)
    assert pasted is not None, f"markers of {name} missing in docs/model.md"
    assert pasted == make_tables.TABLES[name](), (
        f"docs/model.md table {name} is stale: run `PYTHONPATH=$PWD python docs/make_tables.py --write`"
    )
