"""Benchmarks this assistant against the `rasa init` default bot, in one run, over REST.

For each bot: training time (`rasa train --force`), then the Rasa server is started on
loopback (this bot with its production launcher, `python -m channels.server`, the init bot with
`rasa run`) and sent the same realistic patient messages: one first message as soon as the
server answers (what the first patient after a restart waits), then by 1 user, then by 20
concurrent users. Reports latencies, messages per second, and the server's peak memory (VmHWM of
the Rasa process, children included), then a table with ratios (this bot / init bot).
This is a benchmark, not a test: it asserts nothing and is run by `make bench`.

Usage: python scripts/bench.py [--messages 120] [--users 20] [--per-user 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_nlu_holdout import HOLDOUT, load_holdout

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


@dataclass
class Result:
    """Figures for one bot."""

    name: str
    train_seconds: float = 0.0
    first_reply_seconds: float = 0.0
    latencies: Dict[str, List[float]] = field(default_factory=dict)
    throughput: Dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0


def free_port() -> int:
    """Returns a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def train(project: Path, out: Path, extra: List[str]) -> float:
    """Trains a bot from scratch and returns the wall-clock seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [
            str(BIN / "rasa"),
            "train",
            "--force",
            "--out",
            str(out),
            "--fixed-model-name",
            "bench",
            *extra,
        ],
        cwd=project,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


async def wait_ready(url: str, seconds: float = 180) -> None:
    """Waits until the server answers."""
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


async def user(
    session: aiohttp.ClientSession, url: str, sender: str, texts: List[str]
) -> List[float]:
    """One simulated patient: sends messages one after the other, returns latencies (s)."""
    latencies = []
    for text in texts:
        started = time.perf_counter()
        async with session.post(
            url, json={"sender": sender, "message": text}, timeout=aiohttp.ClientTimeout(total=60)
        ) as resp:
            await resp.read()
            resp.raise_for_status()
        latencies.append(time.perf_counter() - started)
    return latencies


async def first_reply(url: str, text: str) -> float:
    """Seconds to answer one message of a new conversation (the server's first one)."""
    async with aiohttp.ClientSession() as session:
        return (await user(session, url, "first", [text]))[0]


async def load(url: str, texts: List[str], users: int, per_user: int, tag: str) -> tuple:
    """Runs `users` concurrent patients; returns (latencies, messages per second)."""
    async with aiohttp.ClientSession() as session:
        # Warm-up, not measured: first model call, first session start.
        await user(session, url, f"warmup-{tag}", texts[:3])
        started = time.perf_counter()
        batches = await asyncio.gather(
            *(
                user(
                    session,
                    url,
                    f"{tag}-{i}",
                    [texts[(i * per_user + j) % len(texts)] for j in range(per_user)],
                )
                for i in range(users)
            )
        )
        elapsed = time.perf_counter() - started
    latencies = [x for batch in batches for x in batch]
    return latencies, len(latencies) / elapsed


def start(
    cmd: List[str], cwd: Path, extra_env: Optional[Dict[str, str]] = None
) -> subprocess.Popen:
    """Starts a server process in its own process group."""
    return subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**ENV, **(extra_env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    """Stops a server process group."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def measure(
    result: Result,
    project: Path,
    model: Path,
    texts: List[str],
    args: argparse.Namespace,
    ours: bool,
) -> None:
    """Serves one trained bot and runs the first-message, 1-user and N-user loads on it.

    Our bot runs as `make run` runs it (action server and locked-down launcher); the init bot
    with plain `rasa run` and no action server, as `rasa init` sets it up.
    """
    port = free_port()
    procs = []
    endpoints: List[str] = []
    rasa_env: Dict[str, str] = {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    if ours:
        action_port = free_port()
        # The secret the action server requires from the Rasa server (endpoints.yml's token).
        action_token = secrets.token_urlsafe(32)
        procs.append(
            start(
                [
                    str(BIN / "python"),
                    "-m",
                    "channels.action_server",
                    "--actions",
                    "actions",
                    "--port",
                    str(action_port),
                ],
                project,
                {
                    "SANIC_HOST": "127.0.0.1",
                    "ACTION_SERVER_TOKEN": action_token,
                    # Benchmark cases go to a scratch database and reach no doctor.
                    "ESCALATION_DB_URL": f"sqlite:///{scratch / 'escalations.db'}",
                    "ESCALATION_WEBHOOK_URL": "",
                    "SLACK_ESCALATION_TOKEN": "",
                    "SLACK_ESCALATION_CHANNEL": "",
                },
            )
        )
        # The project's endpoints.yml reads the action server's URL from the environment.
        endpoints = ["--endpoints", str(project / "endpoints.yml")]
        rasa_env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{action_port}/webhook"
        rasa_env["ACTION_SERVER_TOKEN"] = action_token
        # ... and its tracker store's: the benchmark's conversations go to a scratch database.
        rasa_env["TRACKER_STORE_URL"] = f"sqlite:///{scratch / 'conversations.db'}"
        asyncio.run(wait_ready(f"http://127.0.0.1:{action_port}/health"))
    launcher = [str(BIN / "python"), "-m", "channels.server"] if ours else [str(BIN / "rasa")]
    rasa = start(
        [
            *launcher,
            "run",
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            *endpoints,
        ],
        project,
        rasa_env,
    )
    procs.append(rasa)
    try:
        asyncio.run(wait_ready(f"http://127.0.0.1:{port}/"))
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        result.first_reply_seconds = asyncio.run(first_reply(url, texts[0]))
        lat1, tput1 = asyncio.run(load(url, texts, 1, args.messages, "one"))
        latn, tputn = asyncio.run(load(url, texts, args.users, args.per_user, "many"))
        result.latencies = {"1": lat1, str(args.users): latn}
        result.throughput = {"1": tput1, str(args.users): tputn}
        result.peak_mb = peak_rss_mb(rasa.pid)
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(scratch, ignore_errors=True)


def pct(values: List[float], q: float) -> float:
    """The q-quantile of values, in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(ours: Result, init: Result, users: int) -> str:
    """Formats the comparison table (Markdown)."""
    rows = [
        ("Training time (s)", ours.train_seconds, init.train_seconds),
        (
            "First reply after start (ms)",
            1000 * ours.first_reply_seconds,
            1000 * init.first_reply_seconds,
        ),
    ]
    for n in ("1", str(users)):
        rows += [
            (
                f"Median latency, {n} user(s) (ms)",
                1000 * statistics.median(ours.latencies[n]),
                1000 * statistics.median(init.latencies[n]),
            ),
            (
                f"p95 latency, {n} user(s) (ms)",
                pct(ours.latencies[n], 0.95),
                pct(init.latencies[n], 0.95),
            ),
            (f"Messages/s, {n} user(s)", ours.throughput[n], init.throughput[n]),
        ]
    rows.append(("Rasa server peak memory (MB)", ours.peak_mb, init.peak_mb))
    lines = ["| measure | this bot | rasa init bot | ratio (this / init) |", "|---|---|---|---|"]
    lines += [f"| {name} | {a:.1f} | {b:.1f} | {a / b:.2f} |" for name, a, b in rows]
    return "\n".join(lines)


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=120, help="messages sent by 1 user")
    parser.add_argument("--users", type=int, default=20, help="concurrent users")
    parser.add_argument("--per-user", type=int, default=10, help="messages per concurrent user")
    args = parser.parse_args()
    texts = [text for text, _ in load_holdout(ROOT / HOLDOUT)]

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp_path = Path(tmp)
        init_dir = tmp_path / "init_bot"
        init_dir.mkdir()  # rasa init wants the folder to exist
        print("creating the rasa init bot ...", flush=True)
        subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(init_dir)],
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(init_dir / "models", ignore_errors=True)

        init, ours = Result("rasa init"), Result("this bot")
        print("training the rasa init bot ...", flush=True)
        init.train_seconds = train(init_dir, tmp_path / "init_models", [])
        print("training this bot ...", flush=True)
        ours.train_seconds = train(ROOT, tmp_path / "our_models", ["--domain", "domain"])

        print("serving and loading the rasa init bot ...", flush=True)
        measure(init, init_dir, tmp_path / "init_models" / "bench.tar.gz", texts, args, False)
        print("serving and loading this bot ...", flush=True)
        measure(ours, ROOT, tmp_path / "our_models" / "bench.tar.gz", texts, args, True)

    print()
    print(report(ours, init, args.users))
    return 0


if __name__ == "__main__":
    sys.exit(main())
