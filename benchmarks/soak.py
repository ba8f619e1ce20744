"""Soak: a real ``blendbot serve`` under steady load for minutes, hostile bodies mixed in.

Starts ``python -m bot.cli serve`` on 127.0.0.1 (SQLite in a temporary directory, no app id)
and a Bot Connector stand-in in another process, then posts ``--messages`` Teams messages
at an even pace over ``--seconds`` across ``--conversations`` conversations (one message at
a time per conversation, as people type). Every ``--hostile-every``-th body is hostile
(deep JSON, a 250 KB ``<at>`` text, broken JSON, a foreign or userinfo ``serviceUrl``, an
oversized body, a wrong content type), each with the status it must get. ``/healthz`` is
polled throughout.

Reports non-2xx answers to valid messages (goal 0), hostile bodies that did not get their
status, p50/p99 latency, the slowest ``/healthz``, and the server's RSS growth from the end
of the warm-up (the baseline of this run) to the end (goal: under 10 MB), with the RSS over
the run so that a plateau can be told from a leak.

    .venv/bin/python benchmarks/soak.py                      # 20,000 messages in 5 minutes
    .venv/bin/python benchmarks/soak.py --messages 200 --seconds 10   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.endpoint import (  # noqa: E402
    FIXTURE,
    QUESTIONS,
    connector_count,
    free_port,
    run_connector,
    wait_healthy,
)

RSS_GOAL_MB = 10.0
MAX_IN_FLIGHT = 64


def rss_mb(pid: int) -> float:
    """Resident set size of ``pid`` in MB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@dataclass(frozen=True)
class Body:
    data: bytes
    content_type: str
    expect: int  # the status it must get (valid messages: 200)
    kind: str
    conversation: int


def _activity(base: dict[str, Any], number: int, conversation: int, connector_url: str,
              text: str) -> dict[str, Any]:
    activity = dict(base)
    activity["id"] = f"soak-{number}"
    activity["serviceUrl"] = connector_url
    activity["text"] = text
    activity["conversation"] = {"conversationType": "personal", "id": f"a:soak-{conversation}"}
    activity["from"] = dict(base["from"], id=f"29:soak-user-{conversation}")
    return activity


def hostile(base: dict[str, Any], number: int, conversation: int,
            connector_url: str) -> Body:
    """The ``number``-th hostile body, cycling through the kinds."""
    def activity(**changes: Any) -> dict[str, Any]:
        return {**_activity(base, number, conversation, connector_url, "hallo"), **changes}

    kinds: list[tuple[str, bytes, str, int]] = [
        ("deep_json", b"[" * 20_000 + b"]" * 20_000, "application/json", 400),
        ("at_flood", json.dumps(activity(text="<at>" * 62_000)).encode(), "application/json",
         200),
        ("broken_json", b'{"type": "message", "text": ', "application/json", 400),
        ("foreign_service_url", json.dumps(activity(serviceUrl="https://relay.invalid/")
                                           ).encode(), "application/json", 400),
        ("userinfo_service_url", json.dumps(activity(serviceUrl=connector_url.replace(
            "http://", "http://user:pw@"))).encode(), "application/json", 400),
        ("oversized", json.dumps(activity(text="x" * 300_000)).encode(), "application/json",
         413),
        ("wrong_content_type", b"type=message", "application/x-www-form-urlencoded", 415),
    ]
    kind, data, content_type, expect = kinds[number % len(kinds)]
    return Body(data, content_type, expect, kind, conversation)


def plan(messages: int, conversations: int, hostile_every: int,
         connector_url: str) -> list[Body]:
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = [json.loads(line)["text"] for line in QUESTIONS.read_text("utf-8").splitlines()
             if line.strip()]
    bodies = []
    for number in range(messages):
        conversation = number % conversations
        if hostile_every and number % hostile_every == hostile_every - 1:
            bodies.append(hostile(base, number // hostile_every, conversation, connector_url))
            continue
        activity = _activity(base, number, conversation, connector_url,
                             texts[number % len(texts)])
        bodies.append(Body(json.dumps(activity).encode(), "application/json", 200, "valid",
                           conversation))
    return bodies


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    valid_non_2xx: Counter[int] = field(default_factory=Counter)
    hostile_seen: Counter[str] = field(default_factory=Counter)
    hostile_wrong: Counter[str] = field(default_factory=Counter)
    hostile_slowest: float = 0.0
    healthz_slowest: float = 0.0


async def run_load(base_url: str, bodies: list[Body], seconds: float, conversations: int,
                   tally: Tally) -> None:
    import aiohttp

    locks = [asyncio.Lock() for _ in range(conversations)]
    gate = asyncio.Semaphore(MAX_IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
            timeout=timeout, connector=aiohttp.TCPConnector(limit=MAX_IN_FLIGHT + 4)) as session:

        async def send(body: Body) -> None:
            async with locks[body.conversation], gate:
                started = time.perf_counter()
                async with session.post(f"{base_url}/api/messages", data=body.data,
                                        headers={"Content-Type": body.content_type}) as answer:
                    await answer.read()
                    status = answer.status
                took = time.perf_counter() - started
            if body.kind == "valid":
                tally.latencies.append(took)
                if not 200 <= status < 300:
                    tally.valid_non_2xx[status] += 1
            else:
                tally.hostile_seen[body.kind] += 1
                tally.hostile_slowest = max(tally.hostile_slowest, took)
                if status != body.expect:
                    tally.hostile_wrong[f"{body.kind}:{status}"] += 1

        stop = asyncio.Event()

        async def probe() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                async with session.get(f"{base_url}/healthz") as answer:
                    await answer.read()
                tally.healthz_slowest = max(tally.healthz_slowest, time.perf_counter() - started)
                await asyncio.sleep(0.25)

        prober = asyncio.create_task(probe())
        tasks = []
        start = time.monotonic()
        interval = seconds / max(1, len(bodies))
        for number, body in enumerate(bodies):
            delay = start + number * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(body)))
        await asyncio.gather(*tasks)
        stop.set()
        await prober


def start_server(port: int, workdir: Path, cache_dir: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BLENDBOT_", "Microsoft", "SLACK_"))}
    env.update({"PYTHONPATH": str(ROOT), "BLENDBOT_DATABASE_URL":
                f"sqlite:///{workdir / 'soak.sqlite3'}", "BLENDBOT_CACHE_DIR": str(cache_dir),
                "BLENDBOT_TIP_SCHEDULE": "off", "BLENDBOT_LOG_LEVEL": "WARNING"})
    log = open(workdir / "blendbot.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(2)  # SIGINT: a clean shutdown
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def report(args: argparse.Namespace, tally: Tally, rss: dict[str, float], replies: int,
           elapsed: float) -> None:
    latencies = sorted(tally.latencies)
    valid = len(latencies)
    hostile_total = sum(tally.hostile_seen.values())
    non_2xx = sum(tally.valid_non_2xx.values())
    wrong = sum(tally.hostile_wrong.values())
    growth = rss["end"] - rss["baseline"]
    p99 = latencies[min(valid - 1, int(valid * 0.99))] if valid else 0.0
    print(f"\nsoak: {valid + hostile_total} messages in {elapsed:.0f} s across "
          f"{args.conversations} conversations against `blendbot serve` on 127.0.0.1")
    print(f"valid messages: {valid}, non-2xx (valid): {non_2xx} "
          f"{dict(tally.valid_non_2xx) if non_2xx else ''}".rstrip())
    print(f"latency (valid): p50 {1000 * statistics.median(latencies) if valid else 0:.1f} ms, "
          f"p99 {1000 * p99:.1f} ms, max {1000 * (latencies[-1] if valid else 0):.1f} ms")
    print(f"hostile bodies: {hostile_total} ({', '.join(f'{k} {v}' for k, v in sorted(tally.hostile_seen.items()))}); "  # noqa: E501
          f"not answered as expected: {wrong} {dict(tally.hostile_wrong) if wrong else ''}"
          .rstrip())
    print(f"slowest hostile answer: {1000 * tally.hostile_slowest:.0f} ms; "
          f"slowest /healthz: {1000 * tally.healthz_slowest:.0f} ms")
    print(f"replies at the connector: {replies}")
    print(f"server RSS: {rss['baseline']:.1f} MB after warm-up (baseline), {rss['end']:.1f} MB "
          f"at the end, peak {rss['peak']:.1f} MB; growth {growth:+.1f} MB")
    print(f"goals: non-2xx (valid) 0: {'ok' if non_2xx == 0 else 'MISSED'}; hostile bodies "
          f"answered as expected: {'ok' if wrong == 0 else 'MISSED'}; RSS growth "
          f"< {RSS_GOAL_MB:.0f} MB: {'ok' if growth < RSS_GOAL_MB else 'MISSED'}")


async def soak(args: argparse.Namespace, port: int, connector_port: int,
               server: subprocess.Popen[bytes]) -> None:
    import aiohttp

    base_url = f"http://127.0.0.1:{port}"
    connector_url = f"http://127.0.0.1:{connector_port}/"
    async with aiohttp.ClientSession() as session:
        await wait_healthy(session, f"{base_url}/healthz", timeout=600)
    warmup = plan(args.warmup, args.conversations, 0, connector_url)
    await run_load(base_url, warmup, max(1.0, args.warmup / 100), args.conversations, Tally())
    rss = {"baseline": rss_mb(server.pid)}
    rss["peak"] = rss["baseline"]
    replies_before = await connector_count(connector_port)
    tally = Tally()
    timeline: list[float] = []
    bodies = plan(args.messages, args.conversations, args.hostile_every, connector_url)

    async def sample_rss() -> None:
        while True:
            now = rss_mb(server.pid)
            rss["peak"] = max(rss["peak"], now)
            timeline.append(now)
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample_rss())
    started = time.monotonic()
    try:
        await run_load(base_url, bodies, args.seconds, args.conversations, tally)
    finally:
        sampler.cancel()
    elapsed = time.monotonic() - started
    await asyncio.sleep(1.0)  # let the last replies land
    rss["end"] = rss_mb(server.pid)
    rss["peak"] = max(rss["peak"], rss["end"])
    replies = await connector_count(connector_port) - replies_before
    report(args, tally, rss, replies, elapsed)
    tenths = [timeline[len(timeline) * n // 10] for n in range(10)] if timeline else []
    print("RSS over the run (MB, every tenth): " + " ".join(f"{v:.1f}" for v in tenths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--hostile-every", type=int, default=500,
                        help="every N-th body is hostile (0: none)")
    parser.add_argument("--warmup", type=int, default=2000,
                        help="valid messages before the RSS baseline is taken (caches such as "
                             "SQLite's page cache per pooled connection fill during the first "
                             "few thousand; 400 gave +12.8 MB, 3000 gave +2.3 MB, flat)")
    parser.add_argument("--cache-dir", default=str(ROOT / ".blendbot-cache"),
                        help="classifier cache (trained on first use)")
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    connector_port, port = free_port(), free_port()
    connector = ctx.Process(target=run_connector, args=(connector_port,), daemon=True)
    connector.start()
    with tempfile.TemporaryDirectory(prefix="blendbot-soak-") as tmp:
        server = start_server(port, Path(tmp), Path(args.cache_dir))
        try:
            asyncio.run(soak(args, port, connector_port, server))
        finally:
            stop_server(server)
            connector.terminate()
            connector.join(10)


if __name__ == "__main__":
    main()
