"""What each lever is worth and what it rests on (issue 22): docs/model.md 4.3's generated table.

Every lever has the environment parameters its formulas read listed, each one real; the table
pasted in docs/model.md is what experiments/lever_values.py gives now (slow: 424 runs); every
lever worth more than a tenth of the step 1 -> 5 gain is named in the text below the table.
"""

from pathlib import Path

import pytest

from sim.params import ENVIRONMENT, LEVERS

from ..support import load_script

SCRIPT = Path(__file__).resolve().parents[2] / "experiments" / "lever_values.py"


lever_values = load_script(SCRIPT)


def test_every_lever_names_the_parameters_its_value_rests_on():
    assert set(lever_values.EFFECTS) == set(LEVERS)
    named = {n for names in lever_values.EFFECTS.values() for n in names}
    assert named <= set(ENVIRONMENT), named - set(ENVIRONMENT)
    rules = (SCRIPT.parents[1] / "sim" / "rules.py").read_text() + (
        SCRIPT.parents[1] / "sim" / "core" / "finance.py"
    ).read_text()
    assert all(f"env.{n}" in rules for n in named)  # each is read by a formula


def test_the_levers_worth_a_large_share_are_explained_in_the_docs():
    pasted = lever_values.pasted()
    assert pasted, "lever-values markers missing in docs/model.md"
    text = lever_values.MODEL_MD.read_text()
    explained = text[text.index("<!-- END lever-values -->") :].split("### ")[0]
    for line in pasted.splitlines():
        if "**!**" in line:
            lever = line.split("`")[1]
            assert f"`{lever}`" in explained, f"{lever} is worth a large share of the ladder: say why in docs/model.md"


@pytest.mark.slow
def test_the_pasted_table_is_what_the_code_gives():
    assert lever_values.pasted() == lever_values.table(), (
        "docs/model.md lever-values table is stale: run `PYTHONPATH=$PWD python experiments/lever_values.py --write`"
    )
