# Shared set-up of start.sh and test.sh (sourced, not run): a virtual environment in .venv with
# the course installed. Re-running is cheap: it reinstalls only when pyproject.toml changed.
# Needs Python 3.11 or newer with the venv module; says what to do when something is missing.
# XB_EXTRAS (e.g. "test", set by test.sh) names optional dependency groups to install as well.

xb_fail() { printf '\n✗ %s\n' "$1" >&2; exit 1; }

xb_find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

xb_setup() {
  local py stamp want
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
    py=$(xb_find_python) || xb_fail "Python 3.11 or newer was not found. 需要 Python 3.11 或更新版本。
  Debian/Ubuntu: sudo apt-get install python3 python3-venv   macOS: brew install python@3.12
  Or point PYTHON at an interpreter: PYTHON=/path/to/python3.12 $0"
    "$py" -c 'import venv, ensurepip' 2>/dev/null || xb_fail "$py has no working venv/ensurepip module. 缺少 venv 模块。
  Debian/Ubuntu: sudo apt-get install python3-venv (or python3.11-venv)"
    echo "→ creating the virtual environment .venv with $py"
    rm -rf .venv
    "$py" -m venv .venv || xb_fail "could not create .venv with $py"
  fi
  stamp=.venv/.xborder-installed
  want=$(.venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
  have=$(cat "$stamp" 2>/dev/null || true)
  # the stamp is "<hash of pyproject.toml> <extras>": an install with the test extra also serves start.sh
  if [ "${have%% *}" != "$want" ] || { [ -n "${XB_EXTRAS:-}" ] && [ "${have#* }" != "$XB_EXTRAS" ]; } ||
     ! .venv/bin/python -c 'import xborder_grader, xborder_data' 2>/dev/null; then
    echo "→ installing the course and its dependencies into .venv (first time: about a minute)"
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install --quiet -e ".${XB_EXTRAS:+[$XB_EXTRAS]}" ||
      xb_fail "pip could not install the course. 安装失败。Check the network connection to the package index, then run again."
    echo "$want ${XB_EXTRAS:-}" > "$stamp"
  fi
}

xb_setup
