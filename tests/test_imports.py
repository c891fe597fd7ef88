"""Imports flow one way: no cycle in sim/, the core reaches nothing above it, importing the core is light."""

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1] / "sim"
# The core may import only itself, the formulas and the parameters; those two import nothing of sim.
ALLOWED_BELOW = {"sim.core": ("sim.core", "sim.rules", "sim.params"), "sim.rules": (), "sim.params": ()}
# The packages by job: each may use those below it, never these above it (a sibling's command or output).
NOT_ABOVE = {
    "sim.files": ("sim.runs", "sim.whatifs", "sim.sweeps", "sim.calibration", "sim.optimization", "sim.viz", "sim.cli"),
    "sim.runs": ("sim.whatifs", "sim.sweeps", "sim.calibration", "sim.optimization", "sim.viz", "sim.cli"),
    "sim.whatifs": ("sim.sweeps", "sim.calibration", "sim.optimization", "sim.viz", "sim.cli"),
    "sim.format": ("sim.",),
    "sim.stats": ("sim.",),  # leaves: they import nothing of sim
}
# Import cycles still to be removed (none: issue 12 split compare into statistics, wording and command).
KNOWN_CYCLES: set[frozenset] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """What a file imports of sim, anywhere in it (function level too): modules, and (module, name) pairs."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found |= {(target, a.name) for a in node.names}
    return {m for m in found if (m if isinstance(m, str) else m[0]).split(".")[0] == "sim"}


def graph() -> nx.DiGraph:
    modules = {module_name(p): p for p in ROOT.rglob("*.py")}
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        for item in imports_of(path):
            if isinstance(item, tuple):  # `from . import rules` imports a module; `from .x import f`, x
                item = f"{item[0]}.{item[1]}" if f"{item[0]}.{item[1]}" in modules else item[0]
            if item in modules and item != name:
                g.add_edge(name, item)
    return g


def test_no_import_cycle():
    cycles = {frozenset(c) for c in nx.simple_cycles(graph())}
    assert cycles <= KNOWN_CYCLES, sorted(sorted(c) for c in cycles - KNOWN_CYCLES)


def test_no_upward_import():
    bad = []
    for source, target in graph().edges:
        for layer, allowed in ALLOWED_BELOW.items():
            if (source == layer or source.startswith(layer + ".")) and not any(
                target == a or target.startswith(a + ".") for a in allowed
            ):
                bad.append(f"{source} -> {target}")
    assert not bad, bad


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix if prefix.endswith(".") else prefix + ".")


def test_packages_by_job_import_nothing_above_them():
    bad = [
        f"{source} -> {target}"
        for source, target in graph().edges
        for layer, above in NOT_ABOVE.items()
        if _within(source, layer) and any(_within(target, a) for a in above) and not _within(target, layer)
    ]
    assert not bad, bad


def test_walker_sees_the_imports_it_checks():
    g = graph()  # the check above is only as good as the graph: it must see known edges
    assert g.has_edge("sim.core.engine", "sim.rules") and g.has_edge("sim.abm.model", "sim.core")
    assert g.has_edge("sim.whatifs.cli", "sim.whatifs.report") and g.has_edge(
        "sim.whatifs.report", "sim.whatifs.wording"
    )


def test_importing_the_core_loads_no_heavy_library():
    code = "import sys, sim.core; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "sim.core" in loaded
    heavy = {"pandas", "pyarrow", "matplotlib", "mesa", "dask", "distributed", "solara", "SALib"}
    assert not {m.split(".")[0] for m in loaded} & heavy


def test_the_command_line_help_loads_no_model():
    code = "import sys, sim.cli; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    )
    assert not {m for m in loaded if m.split(".")[0] in {"numpy", "pandas", "mesa", "dask", "matplotlib"}}


def test_figures_use_no_pyplot():
    """Figures are drawn on matplotlib.figure.Figure objects: no pyplot state, no backend switch
    (``matplotlib.use`` at import switched off inline figures in Jupyter)."""
    bad = []
    for path in ROOT.rglob("*.py"):
        if module_name(path).startswith("sim.viz"):  # the dashboard draws for Solara
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [f"{node.module}.{a.name}" for a in node.names]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.startswith("matplotlib.pyplot") for n in names):
                bad.append(f"{module_name(path)} imports pyplot")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "use"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "matplotlib"
            ):
                bad.append(f"{module_name(path)} calls matplotlib.use")
    assert not bad, bad


def test_sim_compare_stays_the_function_whatever_imports_first():
    code = "import sim.cli, sim.whatifs.compare, sim; print(callable(sim.compare), sim.compare.__module__)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    assert out == ["True", "sim.whatifs.compare"]


def test_compare_loads_no_sweep_module(tmp_path):
    """`culturesim compare` needs no sweep code (provenance asks git itself, sim.files.provenance)."""
    scenarios = Path(__file__).resolve().parents[1] / "scenarios"
    base = tmp_path / "base.toml"
    base.write_text(
        f'[scenario]\nextends = "{scenarios / "step1_minimize_hassles.toml"}"\nname = "base"\n'
        "replications = 2\nmonths = 4\nwarmup = 2\n[sizes]\nn_employees = 10\nn_customers = 100\n"
        "n_suppliers = 2\n"
    )
    (tmp_path / "what.toml").write_text(
        '[scenario]\nextends = "base.toml"\nname = "what"\n[levers]\nempowerment = 0.9\n'
    )
    code = (
        "import sys; from sim.cli import main; "
        f"rc = main(['compare', {str(base)!r}, {str(tmp_path / 'what.toml')!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--quiet']); print(rc, ' '.join(sorted(m for m in sys.modules if m.startswith('sim'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    rc, loaded = out.splitlines()[-1].split(" ", 1)
    assert rc == "0" and (tmp_path / "out" / "compare.html").is_file()
    assert "sim.whatifs.report" in loaded.split()  # the walk saw the command's modules
    assert not [m for m in loaded.split() if m.startswith("sim.sweeps")]
