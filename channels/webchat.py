"""Serves the demo clinic page with the chat widget: `python -m channels.webchat`.

Routes (loopback by default):
- `/`: web/index.html, the demo clinic page, with the emergency number filled in.
- `/static/...`: web/static (the page's CSS and clinic-chat.js, the widget set-up and banner).
- `/vendor/rasa-webchat.js`: the widget's prebuilt bundle from web/node_modules (installed by
  `make install` with `npm ci`), without its Google Fonts import, so the page loads nothing from
  third parties.
- `/chat-config.json`: where the page finds the Rasa server, the emergency number, the urgency
  levels and every text it shows (from domain/channels.yml, through `channels.wording`).

Settings (environment): WEBCHAT_HOST (127.0.0.1), WEBCHAT_PORT (8080), WEBCHAT_SOCKET_URL (the
Rasa server as the browser reaches it; default http://127.0.0.1:$RASA_PORT), EMERGENCY_NUMBER,
CLINIC_CHAT_TITLE.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Sequence
from urllib.parse import urlsplit

from aiohttp import web

from channels.common import emergency_number
from channels.wording import widget_texts
from clinic import log_privacy

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
BUNDLE = Path("node_modules") / "rasa-webchat" / "lib" / "index.js"
_FONT_IMPORT = re.compile(rb"@import url\(https://fonts\.googleapis\.com/[^)]*\);")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def chat_config(env: Mapping[str, str]) -> Dict[str, Any]:
    """Builds the configuration the page reads at start.

    Args:
        env: Environment variables.

    Returns:
        socketUrl, socketPath, emergencyNumber, title, subtitle, storage, and the wording:
        urgencies (most pressing first), alerts (urgency -> headline, detail) and texts.
    """
    rasa_port = env.get("RASA_PORT", "5005")
    number = emergency_number(env)
    wording = widget_texts(number)
    return {
        "socketUrl": env.get("WEBCHAT_SOCKET_URL") or f"http://127.0.0.1:{rasa_port}",
        "socketPath": "/socket.io/",
        "emergencyNumber": number,
        "title": env.get("CLINIC_CHAT_TITLE") or wording["texts"]["title"],
        "subtitle": wording["texts"]["subtitle"],
        "storage": "local",
        **wording,
    }


def content_security_policy(socket_url: str) -> str:
    """Returns the page's Content-Security-Policy: own scripts only, chat to the Rasa server.

    Args:
        socket_url: The Rasa server's URL as the browser reaches it.

    Returns:
        The header value.
    """
    parts = urlsplit(socket_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # The widget bundle injects its stylesheet as <style> elements.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"connect-src 'self' {origin} {ws_scheme}://{parts.netloc}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def load_bundle(web_dir: Path = WEB_DIR) -> bytes:
    """Reads the widget bundle, without its third-party font import.

    Args:
        web_dir: The web/ folder.

    Returns:
        The JavaScript.

    Raises:
        FileNotFoundError: When `npm ci` has not been run in web/ (`make install` does it).
    """
    path = web_dir / BUNDLE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: run `make install` (it runs `npm ci` in web/; needs Node and npm)."
        )
    return _FONT_IMPORT.sub(b"", path.read_bytes())


def render_index(number: str, web_dir: Path = WEB_DIR) -> bytes:
    """Returns the demo page with the emergency number filled in (also for pages without script).

    Args:
        number: The emergency number.
        web_dir: The web/ folder.

    Returns:
        The page's HTML: `{{emergency_number}}` and `{{emergency_tel}}` (the number for a `tel:`
        link) replaced, HTML-escaped.
    """
    page = (web_dir / "index.html").read_text(encoding="utf-8")
    tel = re.sub(r"[^0-9+]", "", number)
    page = page.replace("{{emergency_number}}", html.escape(number))
    return page.replace("{{emergency_tel}}", html.escape(tel)).encode("utf-8")


def create_app(env: Optional[Mapping[str, str]] = None, web_dir: Path = WEB_DIR) -> web.Application:
    """Creates the page server.

    Args:
        env: Environment variables (default `os.environ`).
        web_dir: The web/ folder.

    Returns:
        The aiohttp application.
    """
    env = os.environ if env is None else env
    config = chat_config(env)
    bundle = load_bundle(web_dir)
    csp = content_security_policy(config["socketUrl"])
    page = render_index(config["emergencyNumber"], web_dir)

    @web.middleware
    async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        resp = await handler(request)
        resp.headers["Content-Security-Policy"] = csp
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return resp

    async def index(_: web.Request) -> web.StreamResponse:
        return web.Response(
            body=page,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    async def vendor(_: web.Request) -> web.StreamResponse:
        return web.Response(
            body=bundle,
            content_type="application/javascript",
            charset="utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    async def config_json(_: web.Request) -> web.StreamResponse:
        return web.json_response(config, headers={"Cache-Control": "no-store"})

    async def health(_: web.Request) -> web.StreamResponse:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[security_headers])
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    app.router.add_get("/vendor/rasa-webchat.js", vendor)
    app.router.add_get("/chat-config.json", config_json)
    app.router.add_get("/healthz", health)
    app.router.add_static("/static/", web_dir / "static", show_index=False, follow_symlinks=False)
    return app


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the page server.

    Args:
        argv: Arguments after the program name (default: the command line).

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEBCHAT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEBCHAT_PORT", "8080")))
    parser.add_argument(
        "--print-config",
        action="store_true",
        help="print /chat-config.json (for a clinic website that embeds the widget) and exit",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.print_config:
        print(json.dumps(chat_config(os.environ), ensure_ascii=False, indent=2))
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    log_privacy.install()
    try:
        app = create_app()
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    logger.info("Chat settings for the page: %s", json.dumps(chat_config(os.environ)))
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
