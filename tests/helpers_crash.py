"""``blendbot tips send`` as a real process that is killed with SIGKILL halfway.

The subscribers' conversations live at a local Bot Connector stand-in that counts every
accepted delivery; the sender is a real subprocess (``blendbot tips send``) on a SQLite file
or a PostgreSQL schema. Used by tests/test_crash_tips.py and benchmarks/tips_crash.py.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from bot.storage.database import Database
from bot.tips.subscriptions import SubscriptionRepository
from tests.helpers_tips import PG_URL, ConnectorStandIn, teams_address

STEP_TIMEOUT = 180.0
LIVE_SENDER = "still running"


@dataclass
class Sender:
    """One finished ``tips send`` process."""

    returncode: int
    output: str


@dataclass
class CrashRun:
    backend: str
    total: int
    before_kill: int = 0
    killed_returncode: int | None = None
    reruns: list[Sender] = field(default_factory=list)
    per_conversation: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def reached(self) -> int:
        return len(self.per_conversation)

    @property
    def repeats(self) -> int:
        return sum(self.per_conversation.values()) - self.reached


def sender_env(db_url: str, *, tenant_rate: float) -> dict[str, str]:
    """The environment of a sender: this database, development mode, nothing inherited."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BLENDBOT_", "Microsoft", "SLACK_"))}
    env.update(BLENDBOT_DATABASE_URL=db_url, MicrosoftAppId="", MicrosoftAppPassword="",
               BLENDBOT_PUBLIC_URL="https://blendbot.test",
               BLENDBOT_TIP_TENANT_RATE=str(tenant_rate), BLENDBOT_TIP_TENANT_BURST="5",
               BLENDBOT_TIP_CONCURRENCY="8")
    return env


async def start_sender(env: dict[str, str], workdir: Path) -> asyncio.subprocess.Process:
    """``blendbot tips send`` in ``workdir`` (so no developer's .env is read)."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from bot.cli import main; main()", "tips", "send",
        cwd=workdir, env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)


async def finished(process: asyncio.subprocess.Process) -> Sender:
    try:
        out, _ = await asyncio.wait_for(process.communicate(), STEP_TIMEOUT)
    except TimeoutError:
        process.kill()
        out, _ = await process.communicate()
    return Sender(process.returncode if process.returncode is not None else -1,
                  out.decode("utf-8", "replace"))


@asynccontextmanager
async def crash_database(backend: str, workdir: Path) -> AsyncIterator[str]:
    """A fresh database URL (SQLite file, or a PostgreSQL schema dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'crash.sqlite3'}"
        return
    schema = f"crash_{uuid.uuid4().hex[:12]}"
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        db = Database(PG_URL)
        try:
            async with db.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            await db.dispose()


async def subscribe_many(db_url: str, connector_url: str, total: int) -> None:
    db = Database(db_url)
    try:
        await db.migrate()
        repo = SubscriptionRepository(db.engine)
        for n in range(total):
            await repo.subscribe(teams_address(n, connector_url), tenant_id="tenant-a")
    finally:
        await db.dispose()


async def kill_halfway(connector: ConnectorStandIn, env: dict[str, str], workdir: Path,
                       total: int, run: CrashRun) -> None:
    """Start a sender and SIGKILL it once half of the conversations got their tip."""
    first = await start_sender(env, workdir)
    killed = asyncio.Event()

    def on_accept(_conversation: str) -> None:
        if len(connector.sent) >= total // 2 and not killed.is_set():
            os.kill(first.pid, signal.SIGKILL)
            killed.set()

    connector.on_accept = on_accept
    result = await finished(first)
    connector.on_accept = None
    run.before_kill = len(connector.sent)
    run.killed_returncode = result.returncode
    if not killed.is_set():
        raise AssertionError(f"the sender ended before it was killed: {result.output}")


async def crash_and_rerun(backend: str, db_url: str, workdir: Path, *, total: int = 200,
                          reruns: int = 2, tenant_rate: float = 15.0,
                          latency: float = 0.05) -> CrashRun:
    """Kill a sender halfway, then start ``reruns`` senders at once (replicas' reruns)."""
    connector = ConnectorStandIn(latency=latency)
    await connector.start()
    run = CrashRun(backend, total)
    started = time.monotonic()
    try:
        await subscribe_many(db_url, connector.url, total)
        env = sender_env(db_url, tenant_rate=tenant_rate)
        await kill_halfway(connector, env, workdir, total, run)
        processes = [await start_sender(env, workdir) for _ in range(reruns)]
        run.reruns = list(await asyncio.gather(*(finished(p) for p in processes)))
        run.per_conversation = Counter(conv for conv, _ in connector.sent)
    finally:
        await connector.stop()
    run.seconds = time.monotonic() - started
    return run
