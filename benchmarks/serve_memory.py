"""Memory of a real ``blendbot serve`` process: first start (no artifact) and warm start.

Starts ``blendbot serve`` on a free loopback port with SQLite in a temporary directory and
a fresh, empty cache dir, so the first start must fit the model (in a child process); the
second start loads the artifact the first one left. Each time it posts ``--messages``
Teams message activities to ``/api/messages`` (replies go to a local Bot Connector
stand-in) and reads VmRSS / VmHWM from ``/proc/<pid>/status``.

Target: RSS after 1000 messages at most 150 MB, on the first start as well as warm.

    .venv/bin/python benchmarks/serve_memory.py [--messages 1000] [--clients 4]
    .venv/bin/python benchmarks/serve_memory.py --root OTHER_CHECKOUT   # same figures there

Linux only (``/proc``). Everything it starts is stopped when it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from endpoint import (  # noqa: E402  (benchmarks/endpoint.py: shared load-test parts)
    QUESTIONS,
    activities,
    connector_count,
    free_port,
    post_all,
    run_connector,
    wait_healthy,
)

TARGET_MB = 150.0
START_TIMEOUT_S = 300.0


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def loaded(pid: int, names: tuple[str, ...] = ("sklearn", "scipy")) -> list[str]:
    """Which of these packages have an extension module mapped into the process."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in names if f"/{name}/" in maps]


def start_server(root: Path, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(root),
        "BLENDBOT_CACHE_DIR": str(workdir / "cache"),
        "BLENDBOT_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "BLENDBOT_TIP_SCHEDULE": "off", "BLENDBOT_LOG_LEVEL": "WARNING",
        "MicrosoftAppId": "", "MicrosoftAppPassword": "",
    }
    log = (workdir / "serve.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def one_run(root: Path, workdir: Path, connector_port: int, messages: int,
                  clients: int, texts: list[str], label: str) -> dict[str, Any]:
    import aiohttp

    port = free_port()
    started = time.perf_counter()
    server = start_server(root, workdir, port)
    try:
        async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=clients + 5)) as session:
            try:
                await asyncio.wait_for(
                    wait_healthy(session, f"http://127.0.0.1:{port}/healthz", START_TIMEOUT_S),
                    START_TIMEOUT_S + 10)
            except (TimeoutError, SystemExit):
                tail = (workdir / "serve.log").read_text(errors="replace")[-1500:]
                raise SystemExit(f"blendbot serve did not start ({label}):\n{tail}") from None
            ready_s = time.perf_counter() - started
            at_start = memory_mb(server.pid)
            connector_url = f"http://127.0.0.1:{connector_port}/"
            per_client = max(1, messages // clients)
            bodies = [activities(c, per_client, connector_url, texts, label)
                      for c in range(clients)]
            replies_before = await connector_count(connector_port)
            t0 = time.perf_counter()
            latencies, failures = await post_all(
                session, f"http://127.0.0.1:{port}/api/messages", bodies)
            seconds = time.perf_counter() - t0
            replies = await connector_count(connector_port) - replies_before
            after = memory_mb(server.pid)
            scientific = loaded(server.pid)
    finally:
        stop(server)
    return {"label": label, "ready_s": ready_s, "rss_start": at_start["VmRSS"],
            "rss_after": after["VmRSS"], "hwm": after["VmHWM"], "messages": len(latencies),
            "failures": failures, "replies": replies, "msg_per_s": len(latencies) / seconds,
            "scientific": scientific}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="source tree whose 'blendbot serve' is measured (default: this one)")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        raise SystemExit("needs /proc (Linux)")
    texts = [json.loads(line)["text"] for line in QUESTIONS.read_text("utf-8").splitlines()
             if line.strip()]

    ctx = mp.get_context("spawn")
    connector_port = free_port()
    connector = ctx.Process(target=run_connector, args=(connector_port,), daemon=True)
    connector.start()
    try:
        with tempfile.TemporaryDirectory(prefix="blendbot-serve-mem-") as tmp:
            workdir = Path(tmp)
            runs = [asyncio.run(one_run(args.root.resolve(), workdir, connector_port,
                                        args.messages, args.clients, texts, label))
                    for label in ("first start", "warm start")]
    finally:
        connector.terminate()
        connector.join(10)

    print(f"\nblendbot serve ({args.root}), {args.messages} Teams messages per start, "
          f"{args.clients} concurrent clients\n")
    print(f"{'start':<12} {'ready s':>8} {'RSS start':>10} {'RSS after':>10} {'peak':>8} "
          f"{'msg/s':>7} {'failed':>7} {'replies':>8}  sklearn/scipy loaded")
    for r in runs:
        print(f"{r['label']:<12} {r['ready_s']:8.1f} {r['rss_start']:8.0f}MB "
              f"{r['rss_after']:8.0f}MB {r['hwm']:6.0f}MB {r['msg_per_s']:7.1f} "
              f"{r['failures']:7d} {r['replies']:8d}  {', '.join(r['scientific']) or 'no'}")
    ok = all(r["rss_after"] <= TARGET_MB for r in runs)
    print(f"\ntarget: RSS after {args.messages} messages <= {TARGET_MB:.0f} MB on both starts: "
          f"{'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
