#!/usr/bin/env bash
# Set up everything (virtual environment, install, data) and open the course in JupyterLab.
# Arguments after the script go to `xborder start` (e.g. --no-browser, --port=8899, --no-lab).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
exec .venv/bin/xborder start "$@"
