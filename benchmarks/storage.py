"""State storage throughput (SQLite vs PostgreSQL) and the bot as two replicas on PostgreSQL.

Part 1, ``SqlStorage`` directly, ``--tasks`` concurrent tasks on a ~1 KB state document:
reads/s (random keys), writes/s (overwrites, eTag ``*``) and turn cycles/s (read, then a
write that checks the eTag: what every turn does).

Part 2, ``POST /api/messages`` end to end: ``blendbot serve`` subprocesses, replies going to
a local Bot Connector stand-in (another process), ``--clients`` concurrent clients with one
conversation each. Variants: one replica on SQLite, one on PostgreSQL, and two replicas on
one PostgreSQL schema behind a round-robin client (message i of every client goes to
replica i mod 2, so consecutive turns of one conversation land on different replicas).

    .venv/bin/python benchmarks/storage.py            # both parts
    .venv/bin/python benchmarks/storage.py --part storage --ops 5000

PostgreSQL: ``--pg-url`` (default postgresql://postgres@127.0.0.1:5432/test); a throw-away
schema is created and dropped. Without PostgreSQL its rows are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
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
    run_connector,
    wait_healthy,
)

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
KEYS = 200


# ---- part 1: SqlStorage ------------------------------------------------------------------
def _document(i: int) -> dict[str, Any]:
    """About the size of a real conversation state (a few remembered questions)."""
    memo = {"text": "Is een flipped classroom blended? " * 3, "at": "2026-03-16T09:00:00+00:00",
            "classification": {"intent": "answer", "card": "flipped_classroom",
                               "confidence": 0.82, "alternatives": []}}
    return {"BlendbotConversation": {"welcomed": True,
                                     "questions": {f"q{j}": memo for j in range(3)}},
            "n": i}


async def _timed(tasks: int, ops: int, op: Any) -> float:
    """Run ``ops`` calls of ``op(i)`` over ``tasks`` workers; returns ops per second."""
    counter = iter(range(ops))

    async def worker() -> None:
        for i in counter:
            await op(i)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    return ops / (time.perf_counter() - start)


async def storage_figures(url: str, tasks: int, ops: int) -> dict[str, float]:
    from bot.storage.bf_storage import SqlStorage
    from bot.storage.database import Database

    db = Database(url)
    await db.migrate()
    store = SqlStorage(db)
    prefix = uuid.uuid4().hex[:8]
    keys = [f"bench/{prefix}/{i}" for i in range(KEYS)]
    try:
        for start in range(0, KEYS, 50):
            await store.write({k: _document(i) for i, k in enumerate(keys[start:start + 50])})

        async def read(_: int) -> None:
            await store.read([random.choice(keys)])

        async def write(i: int) -> None:
            await store.write({random.choice(keys): {**_document(i), "e_tag": "*"}})

        async def cycle(i: int) -> None:
            key = keys[i % KEYS]  # tasks < KEYS, so cycles rarely share a key at once
            item = (await store.read([key]))[key]
            item["n"] = i
            await store.write({key: item})

        return {"reads/s": await _timed(tasks, ops, read),
                "writes/s": await _timed(tasks, ops, write),
                "cycles/s": await _timed(tasks, ops // 2, cycle)}
    finally:
        await store.delete(keys)
        await db.dispose()


# ---- part 2: the endpoint ----------------------------------------------------------------
def start_serve(port: int, database_url: str, workdir: Path, name: str) -> subprocess.Popen:
    env = {**os.environ, "BLENDBOT_DATABASE_URL": database_url, "BLENDBOT_PORT": str(port),
           "BLENDBOT_HOST": "127.0.0.1", "BLENDBOT_CACHE_DIR": str(workdir / "cache"),
           "BLENDBOT_TIP_SCHEDULE": "off", "MicrosoftAppId": "", "MicrosoftAppPassword": ""}
    log = open(workdir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([str(Path(sys.executable).with_name("blendbot")), "serve"],
                            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)


async def round_robin(ports: list[int], connector_port: int, messages: int, clients: int,
                      warmup: int, texts: list[str]) -> dict[str, float]:
    import aiohttp

    bases = [f"http://127.0.0.1:{p}" for p in ports]
    connector_url = f"http://127.0.0.1:{connector_port}/"
    per_client = max(1, messages // clients)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients + 5)) as s:
        for base in bases:
            await wait_healthy(s, f"{base}/healthz")
        latencies: list[float] = []
        failures = 0

        async def client(bodies: list[bytes], record: bool) -> None:
            nonlocal failures
            for i, body in enumerate(bodies):
                start = time.perf_counter()
                async with s.post(f"{bases[i % len(bases)]}/api/messages", data=body,
                                  headers={"Content-Type": "application/json"}) as response:
                    await response.read()
                    failures += response.status >= 300
                if record:
                    latencies.append(time.perf_counter() - start)

        run_id = random.randrange(10**6)
        warm = [activities(run_id + 1000 + c, max(1, warmup // clients), connector_url, texts,
                           "warm")
                for c in range(clients)]
        await asyncio.gather(*(client(w, False) for w in warm))
        before = await connector_count(connector_port)
        bodies = [activities(run_id + c, per_client, connector_url, texts, "run")
                  for c in range(clients)]
        started = time.perf_counter()
        await asyncio.gather(*(client(b, True) for b in bodies))
        elapsed = time.perf_counter() - started
        replies = await connector_count(connector_port) - before
    latencies.sort()
    total = len(latencies)
    return {"msg/s": total / elapsed, "p50 ms": 1000 * statistics.median(latencies),
            "p99 ms": 1000 * latencies[min(total - 1, int(total * 0.99))],
            "failed": failures, "replies": replies, "messages": total}


def endpoint_figures(variants: dict[str, tuple[str, int]], args: argparse.Namespace,
                     workdir: Path) -> dict[str, dict[str, float]]:
    import multiprocessing as mp

    texts = [json.loads(line)["text"] for line in QUESTIONS.read_text("utf-8").splitlines()
             if line.strip()]
    connector_port = free_port()
    connector = mp.get_context("spawn").Process(target=run_connector, args=(connector_port,),
                                                daemon=True)
    connector.start()
    results: dict[str, dict[str, float]] = {}
    try:
        for name, (url, replicas) in variants.items():
            ports = [free_port() for _ in range(replicas)]
            procs = [start_serve(p, url, workdir, f"{name}-{i}") for i, p in enumerate(ports)]
            try:
                results[name] = asyncio.run(round_robin(
                    ports, connector_port, args.messages, args.clients, args.warmup, texts))
            finally:
                for proc in procs:
                    proc.terminate()
                    proc.wait(15)
            logs = "".join((workdir / f"{name}-{i}.log").read_text("utf-8", "replace")
                           for i in range(replicas))
            results[name]["conflicts"] = logs.count("event=state_conflict")
    finally:
        connector.terminate()
    return results


# ---- main --------------------------------------------------------------------------------
async def _pg_schema(base: str, sql: str) -> bool:
    try:
        import asyncpg

        conn = await asyncpg.connect(base, timeout=5)
    except Exception as exc:  # noqa: BLE001 - any reason means: no PostgreSQL rows
        print(f"PostgreSQL not usable at {base}: {type(exc).__name__}: {exc}")
        return False
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("storage", "endpoint", "both"), default="both")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--ops", type=int, default=4000, help="storage operations per figure")
    parser.add_argument("--tasks", type=int, default=16, help="concurrent storage tasks")
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    pg = asyncio.run(_pg_schema(args.pg_url, f'CREATE SCHEMA "{schema}"'))
    pg_url = f"{args.pg_url}?schema={schema}"
    try:
        with tempfile.TemporaryDirectory(prefix="blendbot-storage-bench-") as tmp:
            workdir = Path(tmp)
            urls = {"sqlite": f"sqlite:///{workdir / 'state.sqlite3'}"}
            if pg:
                urls["postgresql"] = pg_url
            if args.part in ("storage", "both"):
                print(f"\nSqlStorage, {args.tasks} concurrent tasks, {args.ops} ops per figure, "
                      f"~1 KB documents\n")
                print(f"{'backend':<12} {'reads/s':>9} {'writes/s':>9} {'cycles/s':>9}")
                for name, url in urls.items():
                    r = asyncio.run(storage_figures(url, args.tasks, args.ops))
                    print(f"{name:<12} {r['reads/s']:9.0f} {r['writes/s']:9.0f} "
                          f"{r['cycles/s']:9.0f}")
            if args.part in ("endpoint", "both"):
                variants = {"1x sqlite": (f"sqlite:///{workdir / 'bot.sqlite3'}", 1)}
                if pg:
                    variants["1x postgres"] = (pg_url, 1)
                    variants["2x postgres"] = (pg_url, 2)
                results = endpoint_figures(variants, args, workdir)
                print(f"\nPOST /api/messages (blendbot serve), {args.clients} clients, "
                      f"{args.messages} messages per variant (after {args.warmup} warm-up)\n")
                print(f"{'variant':<12} {'msg/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'failed':>7} "
                      f"{'replies':>8} {'conflicts':>9}")
                for name, r in results.items():
                    print(f"{name:<12} {r['msg/s']:7.1f} {r['p50 ms']:7.1f} {r['p99 ms']:7.1f} "
                          f"{int(r['failed']):7d} {int(r['replies']):8d} "
                          f"{int(r['conflicts']):9d}")
    finally:
        if pg:
            asyncio.run(_pg_schema(args.pg_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
