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
# The key of the web chat's session proofs (channels/socketio_session.py): one per run unless
# set, so a Rasa server restarted by the supervisor still resumes the widget's conversations.
if [ -z "${WEBCHAT_SESSION_SECRET:-}" ]; then
  WEBCHAT_SESSION_SECRET="$("$BIN/python" -c 'import secrets; print(secrets.token_hex(32))')"
fi
export WEBCHAT_SESSION_SECRET

# True/false settings are read by the one parser the servers use (clinic/env.py).
env_bool() { "$BIN/python" -m clinic.env bool "$1" "$2"; }

# This instance's run files (supervisor config and socket, effective credentials): one folder per
# Rasa port, so two instances from one checkout never overwrite each other's.
RUN_DIR="$PWD/.run/instance-$RASA_PORT"
mkdir -p -m 700 "$RUN_DIR"
export RUN_DIR

# Effective credentials: credentials.yml plus each optional channel (credentials/*.yml) whose
# variables are set. Secrets stay ${VAR} references; Rasa reads them from the environment.
"$BIN/python" scripts/build_credentials.py --out "$RUN_DIR/credentials.yml"

WEBCHAT=false
web_note="  The demo page is off (WEBCHAT_ENABLED=false)."
if [ "$(env_bool WEBCHAT_ENABLED true)" = true ]; then
  if [ -f web/node_modules/rasa-webchat/lib/index.js ]; then
    WEBCHAT=true
    web_note="  Demo clinic page with the chat widget: http://127.0.0.1:$WEBCHAT_PORT/"
  else
    web_note="  The demo page is off: the widget is not installed (make install needs npm)."
  fi
fi
RASA=true
[ "${1:-}" = "shell" ] && RASA=false

# supervisord (PyPI `supervisor`) runs every server and restarts the one that dies, so the Rasa
# server keeps answering (emergency advice included) while the action server comes back.
# `make health` asks it, and the case database, how everything is.
"$BIN/python" scripts/supervisor_config.py --run-dir "$RUN_DIR" --python "$PWD/$BIN/python" \
  --model "$MODEL" --rasa "$RASA" --webchat "$WEBCHAT" > "$RUN_DIR/supervisord.conf"
"$BIN/supervisord" -c "$RUN_DIR/supervisord.conf" &
supervisor_pid=$!
cleanup() { kill "$supervisor_pid" 2>/dev/null || true; wait "$supervisor_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() {  # url, name, seconds
  for _ in $(seq "$3"); do
    if "$BIN/python" -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$supervisor_pid" 2>/dev/null; then
      echo "error: the supervisor stopped (see its messages above)" >&2
      exit 1
    fi
    sleep 1
  done
  echo "error: $2 did not start within $3 s (see its messages above; make health)" >&2
  exit 1
}

wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "the action server" 60
if [ "$RASA" = false ]; then
  "$BIN/rasa" shell --model "$MODEL" --endpoints endpoints.yml --interface 127.0.0.1 --port "$RASA_PORT"
  exit 0
fi
if [ "$WEBCHAT" = true ]; then
  wait_for "http://127.0.0.1:$WEBCHAT_PORT/healthz" "the demo page server" 30
fi
wait_for "http://127.0.0.1:$RASA_PORT/" "the Rasa server" 180

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
  How every server is (restarted when one dies), and the doctor's notifications: make health
MSG
wait "$supervisor_pid"
