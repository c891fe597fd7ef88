#!/usr/bin/env bash
# Install what the tests need into .venv (Python 3.12, chosen by .python-version) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
  || { echo "scripts/test.sh: needs Python >= 3.12 (pyenv reads .python-version); got $("$PYTHON" --version)" >&2; exit 2; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest -n auto -q "$@"
