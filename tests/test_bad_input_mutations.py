"""Hypothesis mutates valid scenario files and specs: whatever comes out, `--check` either accepts it
(exit 0, nothing on stderr) or refuses it with exit 2 and one line; never a traceback, never a
file written. In-process through sim.cli.main, so 500 examples stay fast."""

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main

from .bad_corpus import GOOD_DESIGN, GOOD_OUT, GOOD_PARAMS, VALID, _spec

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [VALID] + [p.read_text() for p in sorted((ROOT / "scenarios").glob("*.toml"))[:6]]
TOKENS = [
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-1",
    "0",
    "3.5",
    "2",
    "99999999999999999999",
    '"x"',
    "[",
    "]",
    "{",
    "}",
    "=",
    "\n",
    "[[schedule]]",
    "\x1b[31m",
    "\x00",
    "true",
    "[levers]",
    "extends",
    '"',
    "#",
    "\\",
    "é",
    "[" * 300,
    "month = 1",
    "step = 9",
    "team_size = 1e9",
    "months = 1200\nreplications = 100000",
]


@st.composite
def mutated(draw):
    kind = draw(st.sampled_from(["scenario", "scenario", "spec"]))
    text = draw(st.sampled_from(SCENARIOS)) if kind == "scenario" else None
    if kind == "spec":
        text = _spec(Path("BASE"), GOOD_DESIGN + GOOD_PARAMS + GOOD_OUT)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace_number", "duplicate_line", "random_text"]))
        i = draw(st.integers(0, len(text)))
        if op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)) :]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif op == "replace_number":
            digits = [j for j, c in enumerate(text) if c.isdigit()]
            if digits:
                j = draw(st.sampled_from(digits))
                text = text[:j] + draw(st.sampled_from(TOKENS)) + text[j + 1 :]
        elif op == "duplicate_line":
            lines = text.splitlines(keepends=True)
            if lines:
                k = draw(st.integers(0, len(lines) - 1))
                lines.insert(k, lines[k])
                text = "".join(lines)
        else:
            text = text[:i] + draw(st.text(max_size=12)) + text[i:]
    return kind, text


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_mutated_inputs_are_accepted_or_refused_in_one_line(case):
    kind, text = case
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base.toml"
        base.write_text(VALID)
        path = tmp / "input.toml"
        path.write_bytes(text.replace("BASE", str(base)).encode("utf-8", "surrogatepass"))
        work = tmp / "work"
        work.mkdir()
        before = sorted(tmp.rglob("*"))
        argv = (
            ["run", str(path), "--check"]
            if kind == "scenario"
            else ["sweep", str(path), "--check", "--out", str(work / "sweep")]
        )
        err, out = io.StringIO(), io.StringIO()
        old = os.getcwd()
        try:
            os.chdir(work)
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                code = main(argv)
        finally:
            os.chdir(old)
        err = err.getvalue()
        assert sorted(tmp.rglob("*")) == before
        assert "Traceback" not in err
        assert (code == 0 and err == "") or (code == 2 and len(err.splitlines()) == 1), (code, err)
