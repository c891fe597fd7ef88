"""What a what-if file needs from ``extends``: levers, environment, sizes and schedule overrides."""

import pytest

from sim.cli import main
from sim.runs.scenario import ScenarioError, load
from sim.steps import step_policy

BASE = """[scenario]
name = "base"
question = "the base's question"
step = 2
months = 36
replications = 5
[levers]
training = 0.9
[environment]
wage = 2500
[sizes]
n_employees = 40
[[schedule]]
month = 12
step = 4
"""


@pytest.fixture
def base(tmp_path):
    (tmp_path / "base.toml").write_text(BASE)
    return tmp_path


def test_child_overrides_levers_environment_and_keeps_the_rest(base):
    (base / "child.toml").write_text(
        '[scenario]\nextends = "base.toml"\nquestion = "what if?"\n'
        "[levers]\nempowerment = 0.7\n[environment]\ncommunity_bond = 0.0\n"
    )
    child = load(base / "child.toml")
    first = child.schedule.target_at(0)
    assert first.training == 0.9 and first.empowerment == 0.7  # inherited + overridden
    assert first.voice_of_customer == step_policy(2).voice_of_customer  # the base's step preset
    assert child.env.wage == 2500 and child.env.community_bond == 0.0
    assert child.sizes.n_employees == 40 and child.months == 36 and child.replications == 5
    assert [p.month for p in child.schedule.phases] == [0, 12]  # the base's schedule
    assert child.schedule.target_at(12).reward_cs_share == step_policy(4).reward_cs_share
    assert child.name == "child" and child.question == "what if?"


def test_child_replaces_or_drops_the_schedule(base):
    (base / "fast.toml").write_text(
        '[scenario]\nextends = "base.toml"\n[[schedule]]\nmonth = 3\nstep = 3\n[[schedule]]\nmonth = 6\nstep = 5\n'
    )
    fast = load(base / "fast.toml")
    assert [p.month for p in fast.schedule.phases] == [0, 3, 6]
    assert fast.schedule.target_at(6).empowerment == step_policy(5).empowerment
    (base / "still.toml").write_text('schedule = []\n[scenario]\nextends = "base.toml"\n')
    still = load(base / "still.toml")
    assert [p.month for p in still.schedule.phases] == [0] and still.schedule.target_at(30).training == 0.9


def test_child_question_is_not_inherited(base):
    (base / "plain.toml").write_text('[scenario]\nextends = "base.toml"\n')
    assert load(base / "plain.toml").question == ""


def test_an_error_in_the_base_names_the_base_file(base, capsys):
    (base / "bad_base.toml").write_text("[levers]\ntraining = 1.5\n")
    (base / "child.toml").write_text('[scenario]\nextends = "bad_base.toml"\n[levers]\nempowerment = 0.2\n')
    with pytest.raises(ScenarioError, match=r"bad_base\.toml: levers\.training: must be in"):
        load(base / "child.toml")
    assert main(["run", str(base / "child.toml"), "--out", str(base / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "bad_base.toml: levers.training" in err and "child.toml" not in err
    assert not (base / "out").exists()
