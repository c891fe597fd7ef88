"""Fact 9, team rewards: more help and less spread, but free-riding grows with team size."""

from sim.validation import checks, workforce


def test_team_rewards_pay_in_small_teams_only():
    r = workforce.team_rewards()
    assert not checks.team_rewards(r), checks.team_rewards(r)


def test_team_rewards_pay_at_every_size_when_peers_monitor_any_team():
    problems = checks.team_rewards(workforce.team_rewards(reps=8, team_monitoring=30.0))
    assert any("NPV does not turn" in p for p in problems), problems


def test_no_help_without_helping():
    problems = checks.team_rewards(workforce.team_rewards(reps=8, helping=0.0))
    assert any("do not raise help" in p for p in problems), problems
