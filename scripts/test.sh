#!/usr/bin/env bash
# Install what the tests need into .venv (Python 3.12, chosen by .python-version) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
  || { echo "scripts/test.sh: needs Python >= 3.12 (pyenv reads .python-version); got $("$PYTHON" --version)" >&2; exit 2; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# The dashboard's browser test drives the system Chromium (Playwright's own download is not used).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; } >/dev/null 2>&1 \
    || echo "scripts/test.sh: warning: could not install chromium; the browser test will be skipped" >&2
fi
# Lint, format check and type check (scripts/lint.sh; rules in pyproject.toml) before the tests.
bash scripts/lint.sh
# Compile the core once (numba caches it), so the test workers load it instead of each compiling it.
.venv/bin/python -c 'from sim.core import backend; print("core backend:", backend.current())'
exec .venv/bin/python -m pytest -n auto -q "$@"
