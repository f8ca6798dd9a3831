"""Chat channels of the clinic assistant and the launchers that keep the servers locked down.

Connectors (referenced from the credentials files as `channels.<module>.<Class>`):
- `channels.socketio.ClinicSocketIOInput`: the website widget, origins restricted, sessions bound
  to their browser (`socketio_session`).
- `channels.telegram.SecureTelegramInput`: Telegram, webhook secret token checked.
- `channels.slack.SecureSlackInput`: Slack, signatures checked, retries answered once.

Shared by the connectors: `common` (marker, text cleaning, duplicate filter), `webhook` (request
handling of the Telegram and Slack webhooks), `wording` (the patient-facing wording, from
domain/channels.yml); `telegram_output` and `slack_output` are the connectors' output sides.

Launchers (started by scripts/run.sh):
- `python -m channels.server run ...`: `rasa run` with the HTTP API off unless asked for (and then
  only with a token or JWT), and a `/` that does not tell the version.
- `python -m channels.action_server ...`: the action server on loopback, with error replies that do
  not echo the conversation.
- `python -m channels.webchat`: the demo clinic page with the chat widget, on loopback.

Changes to Rasa's own code are all in `patches` (refused on other Rasa versions).

Nothing here reads a secret from a file: secrets come from environment variables only.
"""
