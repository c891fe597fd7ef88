"""The README's layout section names every package and top-level module of sim/, and nothing that is gone."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)

ROOT = Path(__file__).resolve().parents[1]


def listed(readme: str) -> set[str]:
    """The sim/ entries at the start of the lines of the README's layout block."""
    section = readme[readme.index("## Layout") :]
    block = section[section.index("```") + 3 :]
    block = block[: block.index("```")]
    return set(re.findall(r"^(sim/\w+(?:\.py|/))\s", block, flags=re.MULTILINE))


def in_tree() -> set[str]:
    sim = ROOT / "sim"
    modules = {f"sim/{p.name}" for p in sim.glob("*.py") if p.name != "__init__.py"}
    packages = {f"sim/{p.name}/" for p in sim.iterdir() if (p / "__init__.py").is_file()}
    return modules | packages


def test_readme_layout_lists_every_package_and_module():
    entries = listed((ROOT / "README.md").read_text(encoding="utf-8"))
    assert sorted(in_tree() - entries) == [], "in sim/ but not in the README's layout section"
    assert sorted(entries - in_tree()) == [], "in the README's layout section but not in sim/"


def test_the_layout_check_can_fail():
    readme = "## Layout\n\n```\nsim/params.py   x\nsim/gone.py   y\nsim/core/   z\n```\n"
    assert listed(readme) == {"sim/params.py", "sim/gone.py", "sim/core/"}
    assert "sim/gone.py" not in in_tree() and "sim/rules.py" in in_tree() - listed(readme)


def test_test_modules_share_helpers_through_support_not_each_other():
    """A helper used by several test modules lives in tests/support.py (fixtures in conftest.py):
    no test module imports another test module or conftest."""
    import ast

    bad = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.rsplit(".", 1)[-1]
                if last.startswith("test_") or last == "conftest":
                    bad.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert bad == []
