"""Hot-path units on a SQLite file run inline and never make the event loop wait for a lock;
state documents of plain JSON skip the codec, anything else still goes through it."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.state import ConversationData
from bot.storage.bf_storage import SqlStorage
from bot.storage.conversation_store import ConversationStore, conversation_state_key
from bot.storage.database import Database
from bot.storage.repositories import AnswerEventRepository
from bot.storage.schema import answer_events, bot_state
from tests.helpers_db import db_url_fixture, migrated  # noqa: F401 - fixture


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'inline.sqlite3'}"


def _key() -> str:
    return conversation_state_key("msteams", f"a:{uuid.uuid4().hex}")


async def _ticks_while(task: asyncio.Task[object], seconds: float) -> int:
    """How often the loop ran another coroutine during ``seconds`` while ``task`` waits."""
    ticks = 0
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
        ticks += 1
    assert not task.done(), "the write went through while another process held the lock"
    return ticks


async def test_a_write_waits_for_another_process_lock_without_blocking_the_loop(
        sqlite_url: str, tmp_path: Path) -> None:
    async with migrated(sqlite_url) as (db,):
        store = ConversationStore(SqlStorage(db))
        key = _key()
        other = sqlite3.connect(tmp_path / "inline.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        data = await store.load(key)  # WAL: a reader does not wait for the writer
        data.set("memo", {"n": 1})
        task = asyncio.ensure_future(store.save(key, data))
        ticks = await _ticks_while(task, 0.3)
        other.execute("COMMIT")
        await asyncio.wait_for(task, 10)
        other.close()
        assert ticks >= 10, "the event loop was blocked while the write waited"
        assert (await store.load(key)).to_document() == {"memo": {"n": 1}}


async def test_a_write_that_meets_the_lock_keeps_nothing_of_its_first_try(
        sqlite_url: str, tmp_path: Path) -> None:
    async with migrated(sqlite_url) as (db,):
        other = sqlite3.connect(tmp_path / "inline.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        runs: list[int] = []

        def unit(conn: sa.Connection) -> None:
            runs.append(1)
            conn.execute(sa.insert(answer_events).values(
                created_at=sa.func.now(), user_key="u", team_id=None, channel="msteams",
                intent="scenario", verdict=None, card_id=None, confidence=0.5, unsure=False))

        task = asyncio.ensure_future(db.run_write(unit))
        await _ticks_while(task, 0.1)
        other.execute("COMMIT")
        other.close()
        await asyncio.wait_for(task, 10)
        async with db.connect() as conn:
            count = (await conn.execute(sa.select(sa.func.count()).select_from(
                answer_events))).scalar_one()
        assert len(runs) == 2 and count == 1


async def test_answer_events_and_state_are_written_on_both_backends(db_url: str) -> None:
    async with migrated(db_url) as (db,):
        await AnswerEventRepository(db).record(
            user_key="u1", team_id="t1", channel="msteams", intent="scenario",
            verdict="blended", card_id="def-blended-leren", confidence=0.9, unsure=False)
        store = ConversationStore(SqlStorage(db))
        key = _key()
        data = await store.load(key)
        data.set("memo", {"tekst": "één les", "n": [1, 2.5, None, True]})
        await store.save(key, data)
        async with db.connect() as conn:
            events = (await conn.execute(
                sa.select(answer_events.c.user_key, answer_events.c.verdict)
                .where(answer_events.c.user_key == "u1"))).all()
            document = (await conn.execute(sa.select(bot_state.c.document)
                                           .where(bot_state.c.key == key))).scalar_one()
        assert [tuple(e) for e in events] == [("u1", "blended")]
        assert '"$t"' not in document, "plain JSON is stored as it is"
        assert (await store.load(key)).to_document() == {
            "memo": {"tekst": "één les", "n": [1, 2.5, None, True]}}


async def test_a_part_that_is_not_plain_json_is_still_stored_whole(db_url: str) -> None:
    async with migrated(db_url) as (db,):
        store = ConversationStore(SqlStorage(db))
        key = _key()
        data = await store.load(key)
        data.set("seen", {"ids": {"a", "b"}, "pair": (1, 2)})
        await store.save(key, data)
        again = await store.load(key)
        assert again.get("seen") == {"ids": {"a", "b"}, "pair": (1, 2)}
        assert not again.changed


async def test_an_in_memory_database_keeps_the_async_path() -> None:
    db = Database("sqlite://")
    try:
        await db.migrate()
        assert await db.run_read(lambda conn: conn.execute(sa.select(sa.literal(7))).scalar()) == 7
        store = ConversationStore(SqlStorage(db))
        key = _key()
        data = ConversationData()
        data.set("memo", {"n": 2})
        await store.save(key, data)
        assert (await store.load(key)).to_document() == {"memo": {"n": 2}}
    finally:
        await db.dispose()
