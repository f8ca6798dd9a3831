"""`make health`: how each server of an instance is, and whether the doctor's notifications flow.

Reports, without any patient data:
- each program supervisord runs for the instance (`scripts/run.sh`): state, pid, uptime;
- each server's own health URL (the Rasa server, the action server, the demo page);
- the delivery backlog: notifications not yet delivered, by target, the oldest one's age and case.

Exit status 0 when every program runs, every server answers and no notification has waited
longer than `ESCALATION_STRANDED_SECONDS` (300 by default); 1 otherwise, so a monitor can call
it. Settings come from the environment (`make health` reads `.env` first, like `make run`).
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.request
import xmlrpc.client
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clinic.settings import Settings, get_settings  # noqa: E402
from scripts.supervisor_config import SOCKET_NAME  # noqa: E402

HTTP_TIMEOUT = 3.0


def program_states(run_dir: Path) -> Optional[List[Dict[str, Any]]]:
    """Each program's state from the instance's supervisord, or None when it is not running.

    Args:
        run_dir: The instance's run folder (`.run/instance-<RASA_PORT>`).

    Returns:
        supervisord's process infos (`name`, `statename`, `pid`, `description`), or None.
    """
    from supervisor.xmlrpc import SupervisorTransport

    socket = run_dir / SOCKET_NAME
    if not socket.exists():
        return None
    transport = SupervisorTransport(None, None, f"unix://{socket}")
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)
    try:
        return list(proxy.supervisor.getAllProcessInfo())
    except (OSError, xmlrpc.client.Error):
        return None


def http_ok(url: str) -> bool:
    """Whether `url` answers 200 within a few seconds."""
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as reply:
            return bool(reply.status == 200)
    except (OSError, ValueError):
        return False


def backlog(settings: Settings) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The delivery backlog from the case database, or the reason it could not be read."""
    from escalation.db import StoreError
    from escalation.service import store_from_settings

    store = store_from_settings(settings)
    try:
        return store.backlog(), None
    except StoreError as error:
        return None, str(error)
    finally:
        store.dispose()


def report(run_dir: Path, settings: Settings) -> Tuple[List[str], bool]:
    """The report's lines and whether everything is healthy."""
    lines: List[str] = []
    healthy = True
    states = program_states(run_dir)
    if states is None:
        lines.append(f"supervisor: not running ({run_dir / SOCKET_NAME} absent or silent)")
        healthy = False
    else:
        for info in states:
            running = info["statename"] == "RUNNING"
            healthy &= running
            lines.append(f"{info['name']:<9} {info['statename']:<9} {info['description']}")
    ports = {
        name: os.environ.get(name, default)
        for name, default in (
            ("RASA_PORT", "5005"),
            ("ACTIONS_PORT", "5055"),
            ("WEBCHAT_PORT", "8080"),
        )
    }
    urls = {
        "rasa": f"http://127.0.0.1:{ports['RASA_PORT']}/",
        "actions": f"http://127.0.0.1:{ports['ACTIONS_PORT']}/health",
    }
    if states is None or any(info["name"] == "webchat" for info in states):
        urls["webchat"] = f"http://127.0.0.1:{ports['WEBCHAT_PORT']}/healthz"
    for name, url in urls.items():
        answers = http_ok(url)
        healthy &= answers
        lines.append(f"{name:<9} {'answers' if answers else 'NO ANSWER'} at {url}")
    waiting, error = backlog(settings)
    if waiting is None:
        lines.append(f"deliveries: case database unreadable ({error})")
        return lines, False
    oldest = waiting["oldest_seconds"]
    if not waiting["pending"]:
        lines.append("deliveries: none waiting")
    else:
        stranded = oldest is not None and oldest >= settings.escalation_stranded_seconds
        healthy &= not stranded
        lines.append(
            f"deliveries: {waiting['pending']} waiting {waiting['by_target']}, oldest "
            f"{oldest or 0:.0f} s (case {waiting['oldest_case']})"
            + (" STRANDED: is the worker running? are the targets up?" if stranded else "")
        )
    return lines, healthy


def main(argv: Optional[List[str]] = None) -> int:
    """Prints the report; exit status 0 when healthy.

    Args:
        argv: Command-line arguments (defaults to `sys.argv[1:]`).

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=ROOT / ".run" / f"instance-{os.environ.get('RASA_PORT', '5005')}",
    )
    args = parser.parse_args(argv)
    lines, healthy = report(args.run_dir, get_settings())
    print("\n".join(lines))
    print("healthy" if healthy else "NOT HEALTHY")
    return 0 if healthy else 1


if __name__ == "__main__":
    raise SystemExit(main())
