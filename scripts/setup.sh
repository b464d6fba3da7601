# Shared set-up of start.sh and test.sh (sourced, not run): a virtual environment in .venv with
# the course installed, plus the extras of pyproject.toml named in XB_EXTRAS (comma-separated).
# Re-running is cheap: it reinstalls only when pyproject.toml changed or an extra is missing.
# Needs Python 3.11 or newer with the venv module; says what to do when something is missing.

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
  local py stamp want have have_extras extras missing extra wanted=${XB_EXTRAS:-}
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
  # the stamp holds the hash of pyproject.toml (line 1) and the extras installed with it (line 2)
  stamp=.venv/.xborder-installed
  want=$(cat pyproject.toml | .venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')
  have=$(sed -n 1p "$stamp" 2>/dev/null || true)
  have_extras=$(sed -n 2p "$stamp" 2>/dev/null || true)
  [ "$have" = "$want" ] || have_extras=""
  extras=$have_extras
  missing=""
  for extra in ${wanted//,/ }; do
    case ",$have_extras," in *",$extra,"*) ;; *) missing="$missing $extra"; extras="${extras:+$extras,}$extra" ;; esac
  done
  if [ "$have" != "$want" ] || [ -n "$missing" ] || ! .venv/bin/python -c 'import xborder_grader, xborder_data' 2>/dev/null; then
    echo "→ installing the course and its dependencies into .venv (first time: about a minute)"
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}" ||
      xb_fail "pip could not install the course. 安装失败。Check the network connection to the package index, then run again."
    printf '%s\n%s\n' "$want" "$extras" > "$stamp"
  fi
}

xb_setup
