#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter; Rasa Open Source 3.6 runs on Python 3.8-3.10 only.
# Looks at $PYTHON, then python3.10 on PATH, then pyenv's 3.10 installs. Exits 1 with a clear
# message when there is none.
set -euo pipefail

is_py310() {
  [ -n "$1" ] && [ -x "$(command -v "$1" 2>/dev/null)" ] &&
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null
}

candidates=("${PYTHON:-}" python3.10)
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if command -v pyenv >/dev/null 2>&1; then
  pyenv_root="$(pyenv root)"
fi
for dir in "$pyenv_root"/versions/3.10*; do
  [ -d "$dir" ] && candidates+=("$dir/bin/python3.10")
done

for candidate in "${candidates[@]}"; do
  if is_py310 "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done

cat >&2 <<'MSG'
error: no Python 3.10 found.
Rasa Open Source 3.6 needs Python 3.8-3.10 and this project is pinned to 3.10.
Install one, for example:
  - Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv
  - pyenv:         pyenv install 3.10.13
or point PYTHON at one: make run PYTHON=/path/to/python3.10
MSG
exit 1
