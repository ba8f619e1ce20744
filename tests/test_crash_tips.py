"""A ``tips send`` killed with SIGKILL halfway loses nobody (issue 14, point 5).

Real ``blendbot tips send`` processes against a Bot Connector stand-in that counts every
delivery, on a SQLite file and on a PostgreSQL schema:

- killed halfway and rerun at once (two replicas' reruns at the same moment), everyone gets
  the tip, with at most the 8 messages that were in flight repeated;
- a rerun that meets a live sender exits non-zero and says so;
- a replica that is running finishes the interrupted week by itself within seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.services import open_services
from bot.settings import DeliverySettings, load_settings
from bot.storage.database import Database
from bot.tips.delivery_types import LOCK_NAME
from bot.tips.locks import JobLock
from tests.helpers_crash import (
    LIVE_SENDER,
    CrashRun,
    crash_and_rerun,
    crash_database,
    finished,
    kill_halfway,
    sender_env,
    start_sender,
    subscribe_many,
)
from tests.helpers_tips import PG_URL, ConnectorStandIn, _postgres_reachable, serve_app

TOTAL = 200
IN_FLIGHT = 8  # BLENDBOT_TIP_CONCURRENCY of the senders


@pytest.fixture(name="crash_url", params=["sqlite", "postgresql"])
async def crash_url_fixture(request: pytest.FixtureRequest, tmp_path: Path
                            ) -> AsyncIterator[tuple[str, str]]:
    if request.param == "postgresql" and not await _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL}")
    async with crash_database(request.param, tmp_path) as url:
        yield request.param, url


async def test_killed_halfway_and_rerun_at_once_reaches_everyone(
        crash_url: tuple[str, str], tmp_path: Path) -> None:
    backend, url = crash_url
    run = await crash_and_rerun(backend, url, tmp_path, total=TOTAL, reruns=2)

    assert run.killed_returncode == -9 and run.before_kill < TOTAL
    assert run.reached == TOTAL, (run.reached, [r.output for r in run.reruns])
    assert run.repeats <= IN_FLIGHT, run.repeats
    for rerun in run.reruns:  # finished the week, or met the live one and said so
        assert rerun.returncode == 0 or (rerun.returncode == 1 and LIVE_SENDER in rerun.output), \
            rerun.output
    assert any(r.returncode == 0 and " sent, " in r.output for r in run.reruns)


async def test_a_rerun_that_meets_a_live_sender_exits_non_zero_and_says_so(
        crash_url: tuple[str, str], tmp_path: Path) -> None:
    _backend, url = crash_url
    connector = ConnectorStandIn()
    await connector.start()
    db = Database(url)
    try:
        await subscribe_many(url, connector.url, 3)
        live = JobLock(db.engine, LOCK_NAME, "host:42:alive", timedelta(minutes=2))
        assert await live.acquire()
        try:
            result = await finished(await start_sender(sender_env(url, tenant_rate=40),
                                                       tmp_path))
        finally:
            await live.release()
    finally:
        await db.dispose()
        await connector.stop()
    assert result.returncode == 1, result.output
    assert "host:42:alive" in result.output and LIVE_SENDER in result.output
    assert connector.sent == []


async def test_a_running_replica_finishes_an_interrupted_week_by_itself(
        crash_url: tuple[str, str], tmp_path: Path, kb: Any, classifier_model: Any) -> None:
    _backend, url = crash_url
    total = 60
    connector = ConnectorStandIn(latency=0.05)
    await connector.start()
    settings = load_settings(
        _env_file=None, database_url=url, app_id="", cache_dir=tmp_path / "cache",
        tip_schedule="0 9 * * 1",
        tip_delivery=DeliverySettings(catch_up_interval=0.5, tenant_rate=100))
    try:
        await subscribe_many(url, connector.url, total)
        async with open_services(settings, knowledge=kb, classifier=classifier_model) as services, \
                serve_app(settings, services):
            run_info = CrashRun("app", total)
            env = sender_env(url, tenant_rate=15)
            await kill_halfway(connector, env, tmp_path, total, run_info)
            deadline = time.monotonic() + 60
            while len({c for c, _ in connector.sent}) < total and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
    finally:
        await connector.stop()
    convs = [c for c, _ in connector.sent]
    assert run_info.killed_returncode == -9 and run_info.before_kill < total
    assert len(set(convs)) == total
    assert len(convs) - len(set(convs)) <= IN_FLIGHT
