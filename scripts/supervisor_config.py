"""Writes the supervisord configuration `scripts/run.sh` runs the servers under.

supervisord (PyPI `supervisor`) starts the action server, the delivery worker, the demo page
server and the Rasa server, and restarts whichever dies. So a crash of the action server does not
take the Rasa server down with it: patients keep getting answers, emergency advice included,
while it comes back. Every program inherits the launcher's environment (ports, secrets, database
URLs); the file itself holds no secret. Its control socket is in the instance's run folder,
readable by its owner only; `make health` (`scripts/health.py`) asks it how each program is.

Usage: python scripts/supervisor_config.py --run-dir DIR --python PY --model M > supervisord.conf
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import Dict, Final, List, Optional, Sequence, Tuple

ROOT: Final = Path(__file__).resolve().parents[1]
#: Program names, in start order (supervisord's `priority`); `make health` reports them.
ACTIONS: Final = "actions"
WORKER: Final = "worker"
WEBCHAT: Final = "webchat"
RASA: Final = "rasa"
PROGRAMS: Final = (ACTIONS, WORKER, WEBCHAT, RASA)
#: Seconds a program must stay up to count as started, and restarts tried before giving up
#: (supervisord waits 1, 2, 3... s between them). A program that dies later is always restarted.
START_SECONDS: Final = {ACTIONS: 2, WORKER: 2, WEBCHAT: 2, RASA: 5}
START_RETRIES: Final = 10
SOCKET_NAME: Final = "supervisor.sock"


def _quote(value: str) -> str:
    """Escapes `%` for supervisord's string interpolation."""
    return value.replace("%", "%%")


def commands(
    python: str, model: str, run_dir: Path, env: Dict[str, str], rasa: bool, webchat: bool
) -> List[Tuple[str, List[str]]]:
    """The programs to run and their command lines, in start order.

    Args:
        python: The virtualenv's interpreter.
        model: The trained model's path.
        run_dir: The instance's run folder (effective credentials).
        env: The launcher's environment (ports).
        rasa: Whether to run the Rasa server (not for `make shell`).
        webchat: Whether to run the demo page server.

    Returns:
        (program name, argv) pairs.
    """
    programs: List[Tuple[str, List[str]]] = [
        (
            ACTIONS,
            [
                python,
                "-m",
                "channels.action_server",
                "--actions",
                "actions",
                "--port",
                env["ACTIONS_PORT"],
            ],
        ),
        (WORKER, [python, "-m", "escalation.worker"]),
    ]
    if webchat:
        programs.append(
            (
                WEBCHAT,
                [
                    python,
                    "-m",
                    "channels.webchat",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    env["WEBCHAT_PORT"],
                ],
            )
        )
    if rasa:
        programs.append(
            (
                RASA,
                [
                    *(python, "-m", "channels.server", "run", "--model", model),
                    *("--interface", "127.0.0.1", "--port", env["RASA_PORT"]),
                    *("--credentials", str(run_dir / "credentials.yml")),
                    *("--endpoints", "endpoints.yml"),
                ],
            )
        )
    return programs


def render(run_dir: Path, programs: Sequence[Tuple[str, List[str]]]) -> str:
    """The configuration file's text.

    Args:
        run_dir: The instance's run folder (socket, pid file, supervisord's own log).
        programs: (program name, argv) pairs, in start order.

    Returns:
        The INI text.
    """
    here = _quote(str(run_dir))
    lines = [
        "; Written by scripts/supervisor_config.py for scripts/run.sh: do not edit.",
        "[supervisord]",
        "nodaemon=true",
        f"logfile={here}/supervisord.log",
        "logfile_maxbytes=1MB",
        "logfile_backups=2",
        f"pidfile={here}/supervisord.pid",
        f"childlogdir={here}",
        "",
        "[unix_http_server]",
        f"file={here}/{SOCKET_NAME}",
        "chmod=0700",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{here}/{SOCKET_NAME}",
    ]
    for priority, (name, argv) in enumerate(programs, start=1):
        lines += [
            "",
            f"[program:{name}]",
            f"command={_quote(shlex.join(argv))}",
            f"directory={_quote(str(ROOT))}",
            f"priority={priority * 10}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={START_SECONDS[name]}",
            f"startretries={START_RETRIES}",
            "stopsignal=TERM",
            "stopwaitsecs=15",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            "stdout_logfile=/dev/stdout",
            "stdout_logfile_maxbytes=0",
        ]
        if name == ACTIONS:
            # rasa-sdk listens on 0.0.0.0 by default; only the Rasa server here calls it.
            lines.append('environment=SANIC_HOST="127.0.0.1"')
    return "\n".join(lines) + "\n"


def _flag(value: str) -> bool:
    return value.strip().lower() == "true"


def main(argv: Optional[List[str]] = None) -> int:
    """Prints the configuration for the current environment.

    Args:
        argv: Command-line arguments (defaults to `sys.argv[1:]`).

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rasa", default="true", help="run the Rasa server (true/false)")
    parser.add_argument("--webchat", default="true", help="run the demo page (true/false)")
    args = parser.parse_args(argv)
    env = {name: os.environ.get(name, "") for name in ("ACTIONS_PORT", "RASA_PORT", "WEBCHAT_PORT")}
    missing = [name for name, value in env.items() if not value]
    if missing:
        print(f"error: {', '.join(missing)} not set (scripts/run.sh sets them)", file=sys.stderr)
        return 2
    programs = commands(
        args.python, args.model, args.run_dir, env, _flag(args.rasa), _flag(args.webchat)
    )
    sys.stdout.write(render(args.run_dir.resolve(), programs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
