"""docs/model.md section 7 and the channel table of docs/validation.md are what
experiments/calibration_table.py makes from the code now (it reruns the experiments: about 15 s)."""

from pathlib import Path

import pytest

from ..support import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script():
    return load_script(ROOT / "experiments" / "calibration_table.py")


def test_calibration_markers_are_in_place():
    ct = _script()
    for path, tables in ((ct.MODEL_MD, ct.TABLES), (ct.VALIDATION_MD, ct.VALIDATION_TABLES)):
        for name in tables:
            assert ct.pasted(path.read_text(), name), f"{path}: table {name} missing or empty"


@pytest.mark.parametrize("name", ["calibration-targets", "calibration-steps", "channel-table"])
def test_pasted_calibration_table_matches_the_code(name):
    ct = _script()
    path, make = (
        (ct.VALIDATION_MD, ct.VALIDATION_TABLES[name])
        if name in ct.VALIDATION_TABLES
        else (ct.MODEL_MD, ct.TABLES[name])
    )
    assert ct.pasted(path.read_text(), name) == make(), (
        f"{path} table {name} is stale: run `PYTHONPATH=$PWD python experiments/calibration_table.py --write`"
    )
