"""Stylized facts of the literature, measured on simulation output.

One place for the experiments and statistics behind docs/validation.md: the tests in
tests/validation/ assert on these numbers, experiments/validation_figures.py plots them,
so the two cannot drift apart. Each fact function takes ``env`` overrides so a test can
switch a mechanism off and check that the fact then disappears.
"""
