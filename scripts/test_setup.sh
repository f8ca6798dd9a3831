#!/usr/bin/env bash
# Test prerequisites that are not Python or npm packages: Debian's Chromium, which the widget
# tests drive headless through Playwright (Playwright's own browser download is not used).
# Idempotent and quiet: does nothing when Chromium is there. Set CHROMIUM_PATH to use another
# Chromium binary.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $CHROMIUM not found and apt-get is not available: install Chromium and set" \
    "CHROMIUM_PATH to its binary" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "error: Chromium is missing and installing it needs root: run" \
      "'sudo apt-get install chromium' once" >&2
    exit 1
  fi
fi

echo "==> installing Chromium for the widget tests (apt-get, first time only)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "error: could not install Chromium" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "error: Chromium installed but $CHROMIUM is missing; set CHROMIUM_PATH" >&2
  exit 1
fi
