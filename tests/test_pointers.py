"""Every pointer to code in the docs and in sim/'s docstrings names something that exists.

A pointer is a file path (``sim/core/finance.py``), a path with a name (``sim/core/finance.py:monthly_finance``)
or a dotted name (``sim.runs.runner.run``, or ``rules.adopt`` / ``engine.move_policy`` with a module's own
short name). Names are looked up in the source (top-level and class-level definitions and assignments),
without importing anything. A dotted name whose first part is neither ``sim`` nor the short name of one
of sim/'s modules (``scipy.stats``), or is a table of scenario and spec files (``scenario.step``), is
not a pointer into this repository.
"""

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.without_core  # text and tables only: no wait for the compiled core (conftest)

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "sim"
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "notebooks").glob("*.ipynb")),
]
# tables of scenario and spec files: `scenario.step` or `levers.training` is a key of a file, not code
FILE_TABLES = {
    "scenario",
    "levers",
    "environment",
    "sizes",
    "schedule",
    "organization",
    "experiment",
    "design",
    "parameters",
    "outputs",
}
FILE_TYPES = {"csv", "json", "toml", "png", "html", "parquet", "py", "md", "txt", "ipynb", "lock"}

PATH = re.compile(
    r"(?<![\w/.-])((?:sim|docs|tests|benchmarks|experiments|scripts|notebooks|scenarios)/[\w./-]*\w)"
    r"(?![\w*<{])(?::([A-Za-z_]\w*))?"
)
DOTTED = re.compile(r"(?<![\w./-])((?:sim\.)?[a-z_][a-z_0-9]*(?:\.[A-Za-z_]\w*)+)(?![\w/-])")
CODE = re.compile(r"``?([^`\n]+)``?")


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module and package of sim/."""
    out = {}
    for path in SIM.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


@cache
def defined(path: Path) -> frozenset[str]:
    """Names defined at module level and in classes (functions, classes, assignments, imports), and the
    names a package imports on first use (the strings of its ``__all__`` and of its lazy tables)."""
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if path.name == "__init__.py":
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple, ast.Dict)):
                items = node.value.keys if isinstance(node.value, ast.Dict) else node.value.elts
                names |= {k.value for k in items if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
                if isinstance(target, ast.Attribute):
                    names.add(target.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return frozenset(names)


def resolve_dotted(name: str, modules: dict[str, Path]) -> bool | None:
    """True/False for a pointer into sim/ that exists or not; None when it is not one."""
    parts = name.split(".")
    if parts[-1] in FILE_TYPES or parts[0] in FILE_TABLES:  # a file name such as compare.csv, a file's key
        return None
    if parts[0] == "sim":
        candidates = [name]
    else:
        short = {m for m in modules if m.rsplit(".", 1)[-1] == parts[0]}
        if not short:
            return None
        candidates = [f"{m}.{'.'.join(parts[1:])}" for m in short]
    for candidate in candidates:
        bits = candidate.split(".")
        for cut in range(len(bits), 0, -1):  # the longest module prefix, then names in it
            module = ".".join(bits[:cut])
            if module in modules:
                rest = bits[cut:]
                if (
                    not rest
                    or rest[0] in defined(modules[module])
                    or (modules[module].name == "__init__.py" and f"{module}.{rest[0]}" in modules)
                ):
                    return True
                break
    return False


def pointers(text: str) -> list[str]:
    """The pointers in a text: paths anywhere, dotted names inside `code` marks."""
    found = [m.group(0) for m in PATH.finditer(text)]
    for code in CODE.finditer(text):
        found += [m.group(1) for m in DOTTED.finditer(code.group(1))]
    return found


def bad(text: str, where: str, modules: dict[str, Path]) -> list[str]:
    out = []
    for pointer in pointers(text):
        m = PATH.fullmatch(pointer)
        if m:
            path = ROOT / m.group(1).rstrip(".")
            if "*" in pointer or "<" in pointer:
                continue
            if not path.exists():
                out.append(f"{where}: {pointer}: no such file")
            elif m.group(2) and path.suffix == ".py" and m.group(2) not in defined(path):
                out.append(f"{where}: {pointer}: {m.group(2)} is not defined there")
        elif resolve_dotted(pointer.removesuffix("()"), modules) is False:
            out.append(f"{where}: {pointer}: no such module or name in sim/")
    return out


def docstrings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in [tree, *ast.walk(tree)]:
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            text = ast.get_docstring(node, clean=False)
            if text:
                out.append((getattr(node, "lineno", 1), text))
    return out


def document_text(path: Path) -> str:
    """A document's text; for a notebook, its cells' sources."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return text


def all_bad() -> list[str]:
    modules = module_files()
    out = []
    for doc in DOCUMENTS:
        if doc.exists():
            out += bad(document_text(doc), str(doc.relative_to(ROOT)), modules)
    for path in sorted(SIM.rglob("*.py")):
        for line, text in docstrings(path):
            out += bad(text, f"{path.relative_to(ROOT)}:{line}", modules)
    return sorted(set(out))


def test_every_pointer_names_something_that_exists():
    assert all_bad() == []


def test_the_check_catches_planted_bad_pointers():
    modules = module_files()
    text = (
        "See `sim/core/finance.py:monthly_finance`, `rules.adopt`, ``sim.runs.runner.run`` and sim/metrics.py; "
        "but `sim/core/finance.py:no_such_function`, `engine._metrics`, ``sim.runs.runner.gone``, "
        "sim/model_sync.py and `scipy.stats.ttest_rel` (not ours)."
    )
    assert sorted(bad(text, "planted", modules)) == [
        "planted: engine._metrics: no such module or name in sim/",
        "planted: sim.runs.runner.gone: no such module or name in sim/",
        "planted: sim/core/finance.py:no_such_function: no_such_function is not defined there",
        "planted: sim/model_sync.py: no such file",
    ]


def test_no_pointer_leaves_the_repository():
    """No absolute path or parent-folder path to files outside the repository."""
    outside = re.compile(r"(?<![\w.])(?:/home/|/Users/|/work/|\.\./\.\./)")
    found = [f"{doc.relative_to(ROOT)}" for doc in DOCUMENTS if doc.exists() and outside.search(document_text(doc))]
    assert found == []
