#!/usr/bin/env bash
# Creates .venv with a Python 3.10, installs the pinned dependencies and builds the spaCy pipeline.
# Idempotent: a stamp file records what was installed, so a second run with the same
# requirements does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"
SPACY_DIR=.spacy/en_backspasm

want="$(cat requirements.txt requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f "$SPACY_DIR/meta.json" ]; then
  exit 0
fi

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  python="$(scripts/find_python.sh)"
  echo "==> creating $VENV with $python"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
fi

echo "==> installing pinned dependencies (first time: about 2-5 minutes)"
"$VENV/bin/python" -m pip install --quiet --upgrade "pip==24.2" "setuptools==70.3.0" "wheel==0.44.0"
"$VENV/bin/python" -m pip install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt

echo "==> building the spaCy pipeline in $SPACY_DIR"
"$VENV/bin/python" scripts/build_spacy_model.py "$SPACY_DIR"

echo "$want" > "$STAMP"
echo "==> install done"
