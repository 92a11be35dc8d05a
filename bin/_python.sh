# Sourced by bin/run and bin/test: finds Python 3.12+ and makes .venv with
# the pinned dependencies. Re-installs only when pyproject.toml or
# constraints.txt change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    local root; root="$(pyenv root)"
    for v in $(ls -1 "$root/versions" 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.|$)' | sort -rV); do
      candidates+=("$root/versions/$v/bin/python3")
    done
  fi
  for c in "${candidates[@]}"; do
    local path; path="$(command -v "$c" 2>/dev/null || true)"
    if [ -n "$path" ] && python_ok "$path"; then echo "$path"; return 0; fi
  done
  return 1
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    local py
    if ! py="$(find_python)"; then
      cat >&2 <<MSG
Supervision Desk needs Python 3.12 or newer, and none was found
(looked at \$PYTHON, python3.13, python3.12, python3 and pyenv's versions).
Install one, for example:
  Debian/Ubuntu:  apt-get install python3.12 python3.12-venv   (or python3.13)
  pyenv:          pyenv install 3.12
  macOS:          brew install python@3.12
then run this command again (or point PYTHON at it: PYTHON=/path/to/python3.12 $0).
MSG
      exit 1
    fi
    echo "Creating .venv with $py ($("$py" --version))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed"
  local want; want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installing dependencies into .venv (pinned by constraints.txt)..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>/dev/null
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -c "$ROOT/constraints.txt" -e "$ROOT[dev]"
    echo "$want" > "$stamp"
  fi
}
