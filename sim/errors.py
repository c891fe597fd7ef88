"""One error hierarchy for the command line: each kind of failure has its exit status and one line.

``InputError`` (exit 2) is bad input: a file, a key or a flag; nothing was computed or written.
``EnvironmentFailure`` (exit 74, EX_IOERR) is the machine, not the input: a full disk, an
unreachable scheduler. ``Interrupted`` (exit 130) is Ctrl-C. The last two say what was saved and
how to resume. ``InputError`` is a ``ValueError``, so library callers that catch ``ValueError``
keep working. Programming mistakes in Python calls (a wrong type or shape) stay plain
``ValueError``/``TypeError``.

The kinds of bad input, each beside the code that reads it::

    InputError
        FlagError          a command-line flag (here)
        ScenarioError      a scenario file (sim.runs.scenario)
        SpecError          an experiment spec (sim.sweeps.spec)
        DataError          an organization's data file (sim.calibration.data)
        SweepError         a sweep folder (sim.sweeps.store)
        CheckpointError    a calibrate/optimize output folder (sim.files.checkpoints)
        CalibrationError   a calibration that cannot go on as asked (sim.calibration.fit)
        OptimizeError      an optimisation request (sim.optimization.search)
    EnvironmentFailure, Interrupted
"""

from __future__ import annotations

import difflib

from .limits import QUOTE_CHARS


class CulturesimError(Exception):
    """Base of every error the command line reports as one line."""

    exit_code = 1


class InputError(CulturesimError, ValueError):
    """Bad input (file, key, flag or folder): one line naming it and what is allowed."""

    exit_code = 2


class FlagError(InputError):
    """A bad command-line flag: one line naming the flag and what is allowed."""


class EnvironmentFailure(CulturesimError):
    """The environment failed (disk full, scheduler unreachable); the line says what was saved."""

    exit_code = 74


class Interrupted(CulturesimError):
    """Ctrl-C: the line says what was saved and how to resume."""

    exit_code = 130


def did_you_mean(word, allowed) -> str:
    """' (did you mean 'x'?)' for a misspelt name (difflib's closest, cutoff 0.6), or ''."""
    if not isinstance(word, str) or len(word) > 200:
        return ""
    close = difflib.get_close_matches(word, sorted(allowed), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def quote(text, limit: int = QUOTE_CHARS) -> str:
    """User text made safe for a one-line message: repr-style escapes (no control characters,
    no newlines, no ANSI codes) and cut to ``limit`` characters with the full length noted."""
    text = str(text)
    cut = len(text) > limit
    body = text[:limit].encode("unicode_escape").decode("ascii")
    body = body.replace("'", "\\'")
    return f"'{body}'" + (f"... ({len(text):,} characters)" if cut else "")


def show(value, limit: int = QUOTE_CHARS) -> str:
    """A value as in a message: strings quoted safely, other values by repr, cut when long."""
    if isinstance(value, str):
        return quote(value, limit)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64 * 8:
        return f"an integer of {value.bit_length():,} bits"  # repr would refuse (> 4,300 digits)
    text = repr(value)
    if len(text) > limit:
        return text[:limit] + f"... ({len(text):,} characters)"
    return text
