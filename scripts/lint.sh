#!/usr/bin/env bash
# Lint, format check and type check: what CI runs beside the tests (rules in pyproject.toml).
# README.md and CONTRIBUTING.md: the formatter checks their Python snippets as it does docs/*.md.
# Uses the tools of the active environment (pip install -e '.[test]'), or .venv's when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-$( [ -x .venv/bin/ruff ] && echo .venv/bin/ || true )}"
status=0
"${BIN}ruff" check --output-format concise sim tests benchmarks experiments docs || status=1
"${BIN}ruff" format --check --output-format concise sim tests benchmarks experiments docs README.md CONTRIBUTING.md || status=1
"${BIN}mypy" sim || status=1
exit $status
