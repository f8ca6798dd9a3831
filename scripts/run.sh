#!/usr/bin/env bash
# Starts the action server and the Rasa server on loopback and prints how to chat.
#   scripts/run.sh         servers in the foreground (Ctrl-C stops both)
#   scripts/run.sh shell   chat in the terminal instead of serving HTTP
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then
  set -a; . ./.env; set +a
fi
BIN=.venv/bin
MODEL=models/backspasm.tar.gz
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() {  # url, name, seconds
  for _ in $(seq "$3"); do
    if "$BIN/python" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "error: $2 did not start within $3 s" >&2
  exit 1
}

# The action server listens on loopback only (rasa-sdk reads SANIC_HOST).
SANIC_HOST=127.0.0.1 "$BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "the action server" 60

if [ "${1:-}" = "shell" ]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

"$BIN/rasa" run --model "$MODEL" --interface 127.0.0.1 --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml &
pids+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/" "the Rasa server" 180

cat <<MSG

The assistant is running (Ctrl-C stops it).
  Chat over REST:
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' \\
         -d '{"sender": "me", "message": "How do I use ice for a back spasm?"}'
  Chat in the terminal instead: make shell
MSG
wait -n "${pids[@]}"
