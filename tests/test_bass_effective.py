"""Acquisition follows its stated Bass parameters (issue 22): with churn off and capacity never
binding, cumulative adoption is within 0.05 of the market of the Bass closed form when the
modifiers are neutral; the culture's word of mouth moves q the way docs/model.md 5.16 says; the
table there is what the model gives now (experiments/bass_effective.py)."""

from pathlib import Path

import numpy as np
import pytest

from sim.params import Environment, replace
from sim.rules import word_of_mouth

from .support import load_script

SCRIPT = Path(__file__).resolve().parents[1] / "experiments" / "bass_effective.py"
bass_effective = load_script(SCRIPT)


def test_the_closed_form_is_bass():
    t = np.array([0.0, 1.0, 50.0])
    assert np.allclose(bass_effective.bass(t, 0.3, 0.0), 1.0 - np.exp(-0.3 * t))  # pure innovation
    assert bass_effective.bass(t, 0.3, 0.38)[0] == 0.0 and abs(bass_effective.bass(t, 0.3, 0.38)[2] - 1.0) < 1e-9


@pytest.mark.parametrize("p, q", [(None, None), (0.3, 0.38), (0.03, 0.38)])
def test_adoption_follows_the_stated_bass_curve_when_its_modifiers_are_neutral(p, q):
    # the defaults, and Sultan, Farley & Lehmann's mean q with a high and their mean p
    stated = Environment() if p is None else replace(Environment(), bass_p=p, bass_q=q)
    curves = bass_effective.measure(neutral=True, bass_p=stated.bass_p, bass_q=stated.bass_q)
    promised = bass_effective.promised(stated)
    for k, curve in curves.items():
        assert np.max(np.abs(curve - promised)) < 0.05, (k, np.max(np.abs(curve - promised)))


def test_word_of_mouth_is_a_modifier_on_q_neutral_when_the_base_is_balanced():
    env = Environment()
    assert word_of_mouth(100, 30, 30, env) == 1.0  # as many promoters as detractors: the stated q
    assert word_of_mouth(100, 80, 5, env) > 1.0 > word_of_mouth(100, 10, 50, env) >= 0.0
    assert word_of_mouth(100, 0, 100, replace(env, wom_imitation=2.0)) == 0.0  # never below 0
    assert word_of_mouth(100, 80, 5, replace(env, wom_imitation=0.0)) == 1.0  # the switch


def test_the_table_in_the_docs_is_what_the_model_gives():
    neutral, culture = bass_effective.measure(neutral=True), bass_effective.measure()
    made = bass_effective.table(neutral, culture)
    assert bass_effective.pasted(bass_effective.MODEL_MD.read_text()) == made, (
        "docs/model.md 5.16 is stale: run `PYTHONPATH=$PWD python experiments/bass_effective.py --write`"
    )
    # what the prose says of it: word of mouth lowers q at step 1 (more detractors than promoters)
    # and raises it at step 5, while p stays the stated one
    stated = Environment()
    (p1, q1), (p5, q5) = bass_effective.fit(culture[1]), bass_effective.fit(culture[5])
    assert q1 < stated.bass_q < q5
    assert abs(p1 - stated.bass_p) < 0.02 and abs(p5 - stated.bass_p) < 0.02
    for k in bass_effective.STEPS:
        assert np.all(np.diff(culture[k]) >= -1e-12)  # churn off: adoption only grows
