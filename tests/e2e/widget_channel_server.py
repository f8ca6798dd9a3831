"""The web chat connector alone, with an echo bot instead of the assistant (no model, fast start).

`python -m tests.e2e.widget_channel_server --port P` serves the real
`channels.socketio.ClinicSocketIOInput` on 127.0.0.1 (Socket.IO at `/socket.io/`), built from the
environment like the Rasa server builds it (WEBCHAT_ORIGINS, WEBCHAT_SESSION_SECRET). Every
message is answered with `ECHO_PREFIX + text` through the channel's own output, i.e. to the
conversation's room, as the assistant's replies are. Test routes:
- `GET /healthz`: `ok` once it listens;
- `GET /_test/received`: the messages the bot got, `[{"conversation_id": ..., "text": ...}]`.
"""

from __future__ import annotations

import argparse
from typing import Dict, List, Optional, Sequence

from rasa.core.channels.channel import UserMessage
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.socketio import ClinicSocketIOInput

ECHO_PREFIX = "echo: "
RECEIVED_PATH = "/_test/received"


def build_app() -> Sanic:
    """The Sanic app with the web chat channel and the echo bot."""
    app = Sanic("widget-channel-test")
    received: List[Dict[str, str]] = []

    async def echo(message: UserMessage) -> None:
        received.append({"conversation_id": str(message.sender_id), "text": str(message.text)})
        await message.output_channel.send_text_message(
            str(message.sender_id), ECHO_PREFIX + str(message.text)
        )

    channel = ClinicSocketIOInput.from_credentials({"session_persistence": True})
    app.blueprint(channel.blueprint(echo), url_prefix="/webhooks/socketio")

    @app.get("/healthz")
    async def healthz(_: Request) -> HTTPResponse:
        return response.text("ok")

    @app.get(RECEIVED_PATH)
    async def messages(_: Request) -> HTTPResponse:
        return response.json(received)

    return app


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Serves until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    build_app().run(host="127.0.0.1", port=args.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
