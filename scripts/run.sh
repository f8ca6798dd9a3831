#!/usr/bin/env bash
# Starts the action server, the Rasa server and the demo clinic page, all on loopback, and prints
# how to chat.
#   scripts/run.sh         servers in the foreground (Ctrl-C stops them)
#   scripts/run.sh shell   chat in the terminal instead of serving HTTP
# Settings come from the environment or .env (see .env.example); docs/channels.md and
# docs/security.md explain them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then
  set -a; . ./.env; set +a
fi
BIN=.venv/bin
MODEL=models/backspasm.tar.gz
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
WEBCHAT_PORT="${WEBCHAT_PORT:-8080}"
# endpoints.yml reads the action server's URL from here (Rasa refuses to start without it).
ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}"
# Pages allowed to open the web chat (scheme://host[:port], comma-separated) and the Rasa server's
# address as the browser sees it. The defaults fit the demo page on this machine.
WEBCHAT_ORIGINS="${WEBCHAT_ORIGINS:-http://127.0.0.1:$WEBCHAT_PORT,http://localhost:$WEBCHAT_PORT}"
WEBCHAT_SOCKET_URL="${WEBCHAT_SOCKET_URL:-http://127.0.0.1:$RASA_PORT}"
export RASA_PORT ACTIONS_PORT WEBCHAT_PORT ACTION_SERVER_URL WEBCHAT_ORIGINS WEBCHAT_SOCKET_URL
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# Conversations (endpoints.yml's tracker_store): a SQLite file of this instance (one per Rasa
# port, so two instances from one checkout do not share one) unless TRACKER_STORE_URL names a
# database (postgresql://...). Readable by its owner only: it holds what patients wrote.
TRACKER_STORE_PATH="${TRACKER_STORE_PATH:-var/instance-$RASA_PORT/conversations.db}"
if [ -z "${TRACKER_STORE_URL:-}" ]; then
  case "$TRACKER_STORE_PATH" in /*) ;; *) TRACKER_STORE_PATH="$PWD/$TRACKER_STORE_PATH" ;; esac
  mkdir -p -m 700 "$(dirname "$TRACKER_STORE_PATH")"
  (umask 077 && touch "$TRACKER_STORE_PATH")
  TRACKER_STORE_URL="sqlite:///$TRACKER_STORE_PATH"
fi
export TRACKER_STORE_PATH TRACKER_STORE_URL
# The secret shared by the Rasa server and the action server (endpoints.yml's action endpoint
# token): the action server refuses every call without it. A new random one per run unless set.
if [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  ACTION_SERVER_TOKEN="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
fi
export ACTION_SERVER_TOKEN

# True/false settings are read by the one parser the servers use (clinic/env.py).
env_bool() { "$BIN/python" -m clinic.env bool "$1" "$2"; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() {  # url, name, seconds, pid of the server
  for _ in $(seq "$3"); do
    if "$BIN/python" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$4" 2>/dev/null; then
      echo "error: $2 stopped (see its messages above)" >&2
      exit 1
    fi
    sleep 1
  done
  echo "error: $2 did not start within $3 s" >&2
  exit 1
}

# The action server listens on loopback only, and its error replies do not echo the conversation.
SANIC_HOST=127.0.0.1 "$BIN/python" -m channels.action_server --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "the action server" 60 "$!"

# The escalation delivery worker: sends the doctor's notifications still pending (targets down,
# action server restarted), with retries, and purges cases past their retention.
"$BIN/python" -m escalation.worker &
pids+=($!)

if [ "${1:-}" = "shell" ]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints endpoints.yml --interface 127.0.0.1 --port "$RASA_PORT"
  exit 0
fi

# Effective credentials: credentials.yml plus each optional channel (credentials/*.yml) whose
# variables are set. Secrets stay ${VAR} references; Rasa reads them from the environment.
mkdir -p .run
"$BIN/python" scripts/build_credentials.py --out .run/credentials.yml

# channels.server is `rasa run` locked down: no HTTP API unless RASA_ENABLE_API=true (and then
# only with RASA_API_TOKEN or RASA_JWT_SECRET), and `/` does not tell the version.
"$BIN/python" -m channels.server run --model "$MODEL" --interface 127.0.0.1 --port "$RASA_PORT" \
  --credentials .run/credentials.yml --endpoints endpoints.yml &
rasa_pid=$!
pids+=($rasa_pid)

web_note="  The demo page is off (WEBCHAT_ENABLED=false)."
if [ "$(env_bool WEBCHAT_ENABLED true)" = true ]; then
  if [ -f web/node_modules/rasa-webchat/lib/index.js ]; then
    "$BIN/python" -m channels.webchat --host 127.0.0.1 --port "$WEBCHAT_PORT" &
    pids+=($!)
    wait_for "http://127.0.0.1:$WEBCHAT_PORT/healthz" "the demo page server" 30 "$!"
    web_note="  Demo clinic page with the chat widget: http://127.0.0.1:$WEBCHAT_PORT/"
  else
    web_note="  The demo page is off: the widget is not installed (make install needs npm)."
  fi
fi
wait_for "http://127.0.0.1:$RASA_PORT/" "the Rasa server" 180 "$rasa_pid"

api_note="  Rasa HTTP API: off (RASA_ENABLE_API=true with RASA_API_TOKEN turns it on)."
if [ "$(env_bool RASA_ENABLE_API false)" = true ]; then
  api_note="  Rasa HTTP API: on, token or JWT required (docs/security.md)."
fi

cat <<MSG

The assistant is running (Ctrl-C stops it).
$web_note
$api_note
  Chat over REST (trusted integrations on this machine only):
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' \\
         -d '{"sender": "me", "message": "How do I use ice for a back spasm?"}'
  Chat in the terminal instead: make shell
MSG
wait -n "${pids[@]}"
