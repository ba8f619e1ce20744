"""Several replicas on one database, and a database that goes away and comes back (issue 5).

- Two apps (two engines, as two replicas) get the activities of one conversation at once:
  every turn is either applied or clearly failed (a Dutch notice), never silently lost.
- PostgreSQL connections killed by the server: the next turn is answered normally.
- PostgreSQL unreachable (a proxy that stops, as a restarting server): the turn gets the
  Dutch apology with HTTP 200, and once the proxy is back the bot answers again by itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot.channels.botframework_adapter import APOLOGY, CONFLICT_NOTICE
from bot.keys import SERVICES_KEY
from bot.storage.conversation_locks import locks_for
from bot.storage.database import Database
from tests.conftest import PG_BASE_URL
from tests.harness import BotServer, ConnectorStandIn, make_settings
from tests.helpers_db import db_url_fixture  # noqa: F401 - fixture
from tests.helpers_replicas import COUNTER, QUIET, CounterBot, TcpProxy, conversation_message

TURNS = 8


async def _replica(make_bot_server: Callable[..., Awaitable[BotServer]], tmp_path: Path,
                   cache_dir: Path, url: str, **overrides: Any) -> BotServer:
    settings = make_settings(tmp_path, cache_dir, database_url=url)
    return await make_bot_server(settings=settings, bot_factory=CounterBot, **overrides)


async def _counter(server: BotServer, conversation_id: str) -> int:
    services = server.app[SERVICES_KEY]
    key = f"msteams/conversations/{conversation_id}"
    state = (await services.storage.read([key])).get(key) or {}
    return int(state.get(COUNTER, 0))


def _texts_per_turn(connector: ConnectorStandIn, ids: list[str]) -> dict[str, list[str]]:
    return {i: [r.text for r in connector.activities if r.activity_id == i] for i in ids}


async def _post_all(replicas: list[BotServer], conversation_id: str,
                    texts: list[str]) -> list[str]:
    """Post the texts at once, alternating replicas; every answer must be 200."""
    activities = [conversation_message(conversation_id, text) for text in texts]
    posted = await asyncio.gather(*(
        replicas[i % len(replicas)].post_raw(json.dumps(
            {**a, "serviceUrl": replicas[0].connector.url}))
        for i, a in enumerate(activities)))
    assert [p.status for p in posted] == [200] * len(texts)
    return [a["id"] for a in activities]


async def test_concurrent_turns_on_two_replicas_are_applied_or_clearly_failed(
        make_bot_server: Callable[..., Awaitable[BotServer]], connector: ConnectorStandIn,
        db_url: str, tmp_path: Path, classifier_cache_dir: Path) -> None:
    replicas = [await _replica(make_bot_server, tmp_path, classifier_cache_dir, db_url)
                for _ in range(2)]
    conversation = f"a:replicas-{uuid.uuid4().hex[:10]}"
    ids = await _post_all(replicas, conversation, [f"vraag {i}" for i in range(TURNS)])

    applied: list[int] = []
    failed = 0
    for turn_id, texts in _texts_per_turn(connector, ids).items():
        assert len(texts) in (1, 2) and texts[0].startswith("teller "), (turn_id, texts)
        if len(texts) == 1:
            applied.append(int(texts[0].split()[1]))
        else:
            assert texts[1] == CONFLICT_NOTICE
            failed += 1
    # The applied turns form one serial history 1..n, and the state holds exactly n.
    assert sorted(applied) == list(range(1, len(applied) + 1))
    assert await _counter(replicas[1], conversation) == len(applied)
    assert failed >= 1, "no turns overlapped: the test did not test the conflict path"
    assert len(applied) + failed == TURNS


async def test_conflicting_turn_that_sent_nothing_is_rerun_on_fresh_state(
        make_bot_server: Callable[..., Awaitable[BotServer]], connector: ConnectorStandIn,
        db_url: str, tmp_path: Path, classifier_cache_dir: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    replicas = [await _replica(make_bot_server, tmp_path, classifier_cache_dir, db_url)
                for _ in range(2)]
    conversation = f"a:quiet-{uuid.uuid4().hex[:10]}"
    caplog.set_level(logging.WARNING, logger="bot.storage.turn_state")
    ids = await _post_all(replicas, conversation, [f"{QUIET} {i}" for i in range(4)])

    per_turn = _texts_per_turn(connector, ids)
    apologised = [i for i, texts in per_turn.items() if texts == [APOLOGY]]
    assert all(texts in ([], [APOLOGY]) for texts in per_turn.values()), per_turn
    assert await _counter(replicas[0], conversation) == len(ids) - len(apologised)
    assert "action=retry" in caplog.text
    # One more turn after the storm counts on top of everything that was applied.
    before = await _counter(replicas[0], conversation)
    await _post_all(replicas[:1], conversation, ["nog eentje"])
    assert connector.texts()[-1] == f"teller {before + 1}"


# ---- losing the database connection (PostgreSQL only) ----------------------------------
def _tag_connections(database: Database, tag: str) -> None:
    """Give every connection of this engine an application_name we can find on the server."""

    @event.listens_for(database.engine.sync_engine, "do_connect")
    def _name(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        cparams.setdefault("server_settings", {})["application_name"] = tag


async def _terminate_backends(tag: str) -> int:
    admin = await asyncpg.connect(PG_BASE_URL, timeout=5)
    try:
        return len(await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = $1 AND pid <> pg_backend_pid()", tag))
    finally:
        await admin.close()


async def test_killed_connections_cost_nothing(
        make_bot_server: Callable[..., Awaitable[BotServer]], connector: ConnectorStandIn,
        pg_url: str, tmp_path: Path, classifier_cache_dir: Path) -> None:
    tag = f"blendbot-test-{uuid.uuid4().hex[:8]}"
    database = Database(pg_url)
    _tag_connections(database, tag)
    try:
        server = await _replica(make_bot_server, tmp_path, classifier_cache_dir, pg_url,
                                database=database)
        conversation = f"a:killed-{uuid.uuid4().hex[:10]}"
        await _post_all([server], conversation, ["een"])
        assert await _terminate_backends(tag) >= 1
        await _post_all([server], conversation, ["twee"])
        assert connector.texts() == ["teller 1", "teller 2"]
    finally:
        await database.dispose()


async def test_unreachable_database_gets_an_apology_and_recovers(
        make_bot_server: Callable[..., Awaitable[BotServer]], connector: ConnectorStandIn,
        pg_url: str, tmp_path: Path, classifier_cache_dir: Path) -> None:
    target = make_url(PG_BASE_URL)
    proxy = await TcpProxy(target.host or "127.0.0.1", target.port or 5432).start()
    proxied = make_url(pg_url).set(port=proxy.port).render_as_string(hide_password=False)
    try:
        server = await _replica(make_bot_server, tmp_path, classifier_cache_dir, proxied)
        conversation = f"a:restart-{uuid.uuid4().hex[:10]}"
        await _post_all([server], conversation, ["een"])

        await proxy.stop()  # the database server goes down
        await _post_all([server], conversation, ["twee"])  # 200, not 500
        assert connector.texts() == ["teller 1", APOLOGY]
        assert (await server.get("/healthz")).status == 200  # the process itself is fine

        await proxy.start()  # and comes back: no restart of the bot needed
        await _post_all([server], conversation, ["drie"])
        assert connector.texts() == ["teller 1", APOLOGY, "teller 2"]
    finally:
        await proxy.stop()


# ---- one replica: turns of one conversation take turns ----------------------------------
async def test_concurrent_turns_on_one_replica_are_all_applied_without_a_note(
        make_bot_server: Callable[..., Awaitable[BotServer]], connector: ConnectorStandIn,
        db_url: str, tmp_path: Path, classifier_cache_dir: Path) -> None:
    server = await _replica(make_bot_server, tmp_path, classifier_cache_dir, db_url)
    conversation = f"a:double-tap-{uuid.uuid4().hex[:10]}"
    other = f"a:other-{uuid.uuid4().hex[:10]}"
    ids, other_ids = await asyncio.gather(
        _post_all([server], conversation, [f"vraag {i}" for i in range(TURNS)]),
        _post_all([server], other, ["een", "twee"]))

    per_turn = _texts_per_turn(connector, ids)
    assert CONFLICT_NOTICE not in connector.texts() and APOLOGY not in connector.texts()
    assert all(len(texts) == 1 for texts in per_turn.values()), per_turn
    # Every turn was applied, one after the other: 1..TURNS, and the state holds TURNS.
    assert sorted(int(texts[0].split()[1]) for texts in per_turn.values()) == list(
        range(1, TURNS + 1))
    assert await _counter(server, conversation) == TURNS
    assert await _counter(server, other) == 2  # another conversation was not held up wrongly
    services = server.app[SERVICES_KEY]
    assert len(locks_for(services.storage)) == 0  # no lock is kept for an idle conversation
