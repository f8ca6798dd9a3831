"""Chat channels of the clinic assistant and the launchers that keep the servers locked down.

Connectors (referenced from the credentials files as `channels.<module>.<Class>`):
- `channels.socketio.ClinicSocketIOInput`: the website widget, origins restricted.
- `channels.telegram.SecureTelegramInput`: Telegram, webhook secret token checked.
- `channels.slack.SecureSlackInput`: Slack, signatures checked, retries answered once.

Launchers (started by scripts/run.sh):
- `python -m channels.server run ...`: `rasa run` with the HTTP API off unless asked for (and then
  only with a token or JWT), and a `/` that does not tell the version.
- `python -m channels.action_server ...`: the action server on loopback, with error replies that do
  not echo the conversation.
- `python -m channels.webchat`: the demo clinic page with the chat widget, on loopback.

Nothing here reads a secret from a file: secrets come from environment variables only.
"""
