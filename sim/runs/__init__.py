"""Runs: scenario files, overrides, the runner, results, plots and the `run` command."""
