"""Every notebook runs top to bottom in a real kernel and shows the figures it promises.

The kernel keeps its own backend (ipykernel's inline one, as in JupyterLab): MPLBACKEND is
removed, so a module that switched to Agg at import, or a figure never shown, would leave a
notebook without its pictures and fail here. Each notebook says how many figures it shows in
its metadata (``culturesim.figures``); the educator's and researcher's promise at least one.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def run(path: Path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_its_figures(path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = run(path)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert outputs and not any(o.output_type == "error" for o in outputs)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    promised = nb.metadata.get("culturesim", {}).get("figures")
    assert promised is not None, f"{path.name}: say in its metadata how many figures it shows (culturesim.figures)"
    assert len(images) >= promised, f"{path.name}: {len(images)} figures shown, {promised} promised"
    assert not any(
        "<Figure size" in str(o.get("data", {}).get("text/plain", "")) and "image/png" not in o.get("data", {})
        for o in outputs
    ), f"{path.name}: a figure printed as text, not drawn"


def test_there_is_a_notebook_per_audience_and_the_teaching_ones_promise_figures():
    assert {"strategist", "educator", "researcher"} <= {p.stem for p in NOTEBOOKS}
    promised = {
        p.stem: nbformat.read(p, as_version=4).metadata.get("culturesim", {}).get("figures", 0) for p in NOTEBOOKS
    }
    assert promised["educator"] >= 2 and promised["researcher"] >= 1 and promised["strategist"] >= 3
