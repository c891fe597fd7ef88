"""`culturesim init` writes an [organization] scenario from flags or questions; bad values are one line."""

from __future__ import annotations

import io

import pytest

from sim.cli import main
from sim.runs.organization import derive
from sim.runs.scenario import load

INSURER = [
    "--sector",
    "insurance",
    "--customers",
    "40000",
    "--employees",
    "600",
    "--margin",
    "45",
    "--annual-churn",
    "0.14",
    "--nps",
    "15",
    "--staff-turnover",
    "0.125",
]


class NotATerminal(io.StringIO):
    def isatty(self):
        return False


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_init_from_flags_writes_a_file_that_loads_to_the_derived_organization(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", NotATerminal(""))
    path = tmp_path / "insurer.toml"
    assert main(["init", str(path), *INSURER]) == 0
    s = load(path)
    assert s.organization.sector == "insurance" and s.organization.monthly_margin == 45.0
    assert s.schedule.phases[0].policy == load(path).schedule.phases[0].policy
    sizes, env = derive(s.organization)
    assert s.organization.step == 2
    assert s.sizes.n_customers == sizes["n_customers"] and s.env.value_mean == env["value_mean"]
    assert "step 2" in capsys.readouterr().out and "step = 2" in path.read_text()


@pytest.mark.parametrize(
    "flags, expected",
    [
        (["--customers", "40000"], "--employees (employees): missing"),
        (
            ["--customers", "40000", "--employees", "600", "--annual-churn", "1.4"],
            "--annual-churn (annual_churn): must be in",
        ),
        (["--customers", "40000", "--employees", "600", "--sector", "insurence"], "did you mean 'insurance'"),
        (["--customers", "forty", "--employees", "600"], "--customers: invalid int value"),
        (["--customers", "40000", "--employees", "600", "--nps", "150"], "--nps (nps): must be in [-100.0, 100.0]"),
    ],
)
def test_init_refuses_bad_values_in_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys, flags, expected):
    monkeypatch.setattr("sys.stdin", NotATerminal(""))
    path = tmp_path / "org.toml"
    assert main(["init", str(path), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_init_never_replaces_a_file_without_force(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", NotATerminal(""))
    path = tmp_path / "org.toml"
    path.write_text("mine\n")
    assert main(["init", str(path), *INSURER]) == 2
    assert path.read_text() == "mine\n" and "--force" in capsys.readouterr().err
    assert main(["init", str(path), *INSURER, "--force"]) == 0 and load(path).organization is not None


def test_init_asks_when_stdin_is_a_terminal(tmp_path, monkeypatch):
    answers = iter(["telecom", "12000", "30", "", "0.2", "10", ""])
    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    path = tmp_path / "asked.toml"
    assert main(["init", str(path)]) == 0
    org = load(path).organization
    assert (org.sector, org.customers, org.employees, org.annual_churn, org.nps) == ("telecom", 12000, 30, 0.2, 10.0)
    assert org.monthly_margin is None
