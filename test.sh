#!/usr/bin/env bash
# Set up everything and run the whole test suite (units, data, notebooks, nbgrader end to end,
# quality gate). Arguments go to pytest, e.g. ./test.sh -m "not slow" for the fast loop.
set -euo pipefail
cd "$(dirname "$0")"
XB_EXTRAS=test,hub,scale  # the test tools (pytest, nbval, Playwright), a real JupyterHub (tests/test_hub.py),
# Dask and the PostgreSQL driver (tests/engine/test_postgres.py, tests/engine/test_dask.py)
source scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
