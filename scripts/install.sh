#!/usr/bin/env bash
# Creates .venv with a Python 3.10, installs the pinned dependencies, builds the spaCy pipeline,
# and installs the website chat widget (web/, `npm ci` from its lock file).
# Idempotent: stamp files record what was installed, so a second run with the same
# requirements and lock file does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"
SPACY_DIR=.spacy/en_backspasm
WEB_STAMP=web/node_modules/.installed
WEB_BUNDLE=web/node_modules/rasa-webchat/lib/index.js

install_python() {
  local want
  want="$(cat requirements.txt requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f "$SPACY_DIR/meta.json" ]; then
    return 0
  fi

  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
    local python
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
}

# The website widget: rasa-webchat's prebuilt bundle from the npm registry, pinned by
# web/package-lock.json, served by channels/webchat.py (never fetched from a CDN at run time).
install_web() {
  local want
  want="$(cat web/package.json web/package-lock.json | sha256sum | cut -d' ' -f1)"
  if [ -f "$WEB_STAMP" ] && [ "$(cat "$WEB_STAMP")" = "$want" ] && [ -f "$WEB_BUNDLE" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "warning: npm not found: the website chat widget is not installed (install Node.js 18+" \
      "and run make install again); the other channels work without it" >&2
    return 0
  fi
  echo "==> installing the website chat widget (npm ci in web/)"
  # web/.npmrc: no install scripts, no peer dependencies, no audit or funding messages.
  (cd web && npm ci --loglevel=error --no-audit --no-fund --ignore-scripts >/dev/null)
  echo "$want" > "$WEB_STAMP"
}

install_python
install_web
