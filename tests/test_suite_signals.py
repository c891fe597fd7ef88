"""The suite's processes take Ctrl-C as a terminal's foreground command does, however they were started.

A non-interactive shell starts a background command (``pytest ... &`` in a script) with SIGINT ignored;
Python keeps an inherited SIG_IGN, and every child inherits it, so the Ctrl-C tests' commands would never
see the signal. tests/conftest.py puts Python's handler back (``pytest_configure``).
"""

import os
import shlex
import signal
import subprocess
import sys

import pytest

from .support import ROOT

pytestmark = pytest.mark.without_core  # no month run: no wait for the compiled core (conftest)


def test_this_test_process_does_not_ignore_ctrl_c():
    assert signal.getsignal(signal.SIGINT) != signal.SIG_IGN


def test_a_suite_started_in_the_background_by_a_script_still_handles_ctrl_c():
    probe = f"{__name__.replace('.', '/')}.py::test_this_test_process_does_not_ignore_ctrl_c"
    pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly", "-p", "no:cacheprovider"]
    command = " ".join(shlex.quote(a) for a in [*pytest_cmd, probe])
    shell = subprocess.run(  # '&' in a non-interactive shell: the command starts with SIGINT ignored
        ["bash", "-c", f"{command} & wait $!"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert shell.returncode == 0, shell.stdout + shell.stderr
