"""Database, migrations, SqlStorage (eTag semantics, dialog state) and repositories.

Every test runs on SQLite (a file in tmp_path) and on PostgreSQL (a schema of its own).
"""

from __future__ import annotations

import argparse
import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from botbuilder.core import ConversationState, MessageFactory, StoreItem, TurnContext, UserState
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    Dialog,
    DialogSet,
    DialogTurnStatus,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)

from bot.storage.bf_storage import CorruptStateError, EtagConflictError, SqlStorage
from bot.storage.database import Database, DatabaseURLError, head_revision, normalize_url
from bot.storage.repositories import (
    AnswerEventRepository,
    FeedbackRepository,
    conversation_key,
    user_key,
)
from bot.storage.schema import answer_events, bot_state, feedback, kept_questions, metadata
from bot.storage.state_codec import DEFAULT_ALLOWED_MODULES, StateCodecError
from tests.helpers_db import db_url_fixture, migrated  # noqa: F401 - fixture

ALLOWED = (*DEFAULT_ALLOWED_MODULES, "tests.")


@dataclass
class Lesson:
    """A test-module class stored in state (allowed through ``ALLOWED``)."""

    title: str
    minutes: int


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    async with migrated(db_url) as (db,):
        yield db


@pytest.fixture
def storage(database: Database) -> SqlStorage:
    return SqlStorage(database, allowed_modules=ALLOWED)


@pytest.fixture
def k() -> Any:
    """Unique keys per test (the PostgreSQL schema is shared by the session)."""
    prefix = uuid.uuid4().hex[:8]
    return lambda name: f"{prefix}/{name}"


# ---- database ------------------------------------------------------------------------------
def test_normalize_url() -> None:
    assert normalize_url("sqlite:///blendbot.sqlite3") == "sqlite+aiosqlite:///blendbot.sqlite3"
    assert normalize_url("sqlite:////data/x.db") == "sqlite+aiosqlite:////data/x.db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert normalize_url("postgres://u:p@h:5/db") == "postgresql+asyncpg://u:p@h:5/db"
    assert normalize_url("postgresql+asyncpg://h/db") == "postgresql+asyncpg://h/db"
    with pytest.raises(DatabaseURLError) as err:
        normalize_url("mysql://root:secret@h/db")
    assert "secret" not in str(err.value)
    with pytest.raises(DatabaseURLError):
        normalize_url("blendbot.sqlite3")


def test_schema_name_is_validated() -> None:
    with pytest.raises(DatabaseURLError):
        Database("postgresql://u@127.0.0.1/db", schema='x"; drop table y; --')


async def test_migrations_match_the_schema_module(database: Database) -> None:
    def diff(connection: sa.Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with database.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_migrate_is_idempotent(database: Database) -> None:
    await database.migrate()
    async with database.connect() as conn:
        version = await conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
    assert version == head_revision() is not None


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'p.sqlite3'}")
    try:
        async with db.connect() as conn:
            assert (await conn.scalar(sa.text("PRAGMA journal_mode"))) == "wal"
            assert (await conn.scalar(sa.text("PRAGMA foreign_keys"))) == 1
            assert (await conn.scalar(sa.text("PRAGMA busy_timeout"))) >= 1000
    finally:
        await db.dispose()


async def test_two_replicas_migrating_at_once(pg_url: str) -> None:
    base = pg_url.split("?", 1)[0]
    schema = f"race_{uuid.uuid4().hex[:10]}"
    replicas = [Database(base, schema=schema) for _ in range(3)]
    try:
        await asyncio.gather(*(db.migrate() for db in replicas))
        async with replicas[0].connect() as conn:
            versions = (await conn.execute(sa.text("SELECT version_num FROM alembic_version")))
            assert [row[0] for row in versions] == [head_revision()]
            tables = await conn.scalar(sa.text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema})
            assert tables == len(metadata.tables) + 1
    finally:
        async with replicas[0].begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        for db in replicas:
            await db.dispose()


# ---- SqlStorage: Bot Framework semantics ---------------------------------------------------
async def test_read_unknown_and_argument_checks(storage: SqlStorage, k: Any) -> None:
    assert await storage.read([k("unknown")]) == {}
    assert await storage.read([]) == {}
    with pytest.raises(ValueError, match="Keys are required when reading"):
        await storage.read(None)
    with pytest.raises(ValueError, match="Changes are required when writing"):
        await storage.write(None)
    await storage.write({})
    await storage.write([])  # the SDK's base tests do this
    await storage.delete([k("unknown")])


async def test_create_read_and_etag(storage: SqlStorage, database: Database, k: Any) -> None:
    await storage.write({k("poco"): {"id": 1}, k("item"): {"id": 2, "e_tag": "*"}})
    items = await storage.read({k("poco"): None, k("item"): None}.keys())
    assert items[k("poco")]["id"] == 1
    assert items[k("item")]["id"] == 2
    assert isinstance(items[k("item")]["e_tag"], str) and items[k("item")]["e_tag"] != "*"
    async with database.connect() as conn:
        document = await conn.scalar(
            sa.select(bot_state.c.document).where(bot_state.c.key == k("item")))
    assert "e_tag" not in document


async def test_etag_conflict_star_none_and_empty(storage: SqlStorage, k: Any) -> None:
    key = k("counter")
    await storage.write({key: {"count": 1}})
    first = (await storage.read([key]))[key]
    stale = dict(first)

    first["count"] = 2
    await storage.write({key: first})  # matching eTag: written
    assert (await storage.read([key]))[key]["count"] == 2
    assert first["e_tag"] == stale["e_tag"], "the caller's object is not modified"

    stale["count"] = 99
    with pytest.raises(EtagConflictError):
        await storage.write({key: stale})
    assert (await storage.read([key]))[key]["count"] == 2

    await storage.write({key: {**stale, "e_tag": "*", "count": 100}})
    assert (await storage.read([key]))[key]["count"] == 100
    await storage.write({key: {**stale, "e_tag": None, "count": 101}})
    assert (await storage.read([key]))[key]["count"] == 101

    with pytest.raises(ValueError, match="etag missing"):
        await storage.write({key: {**stale, "e_tag": "", "count": 0}})
    assert (await storage.read([key]))[key]["count"] == 101


async def test_a_conflict_writes_nothing_of_the_batch(storage: SqlStorage, k: Any) -> None:
    await storage.write({k("a"): {"v": 1}, k("b"): {"v": 1}})
    loaded = await storage.read([k("a"), k("b")])
    await storage.write({k("b"): {"v": 2}})  # b changes behind our back
    loaded[k("a")]["v"] = 10
    loaded[k("b")]["v"] = 10
    with pytest.raises(EtagConflictError):
        await storage.write(loaded)
    again = await storage.read([k("a"), k("b")])
    assert (again[k("a")]["v"], again[k("b")]["v"]) == (1, 2)


async def test_write_with_etag_recreates_a_deleted_row(storage: SqlStorage, k: Any) -> None:
    key = k("gone")
    await storage.write({key: {"v": 1}})
    loaded = (await storage.read([key]))[key]
    await storage.delete([key])
    loaded["v"] = 2
    await storage.write({key: loaded})
    assert (await storage.read([key]))[key]["v"] == 2


async def test_concurrent_writers_only_one_wins(db_url: str, k: Any) -> None:
    """Two replicas (two engines) write the same eTag at the same moment."""
    replicas = [Database(db_url), Database(db_url)]
    try:
        await replicas[0].migrate()
        stores = [SqlStorage(db) for db in replicas]
        key = k("race")
        await stores[0].write({key: {"n": 0}})
        for round_ in range(5):
            snapshots = [(await s.read([key]))[key] for s in stores]
            assert snapshots[0]["e_tag"] == snapshots[1]["e_tag"]
            for i, snap in enumerate(snapshots):
                snap["n"] = round_ * 10 + i
            results = await asyncio.gather(
                *(s.write({key: snap}) for s, snap in zip(stores, snapshots, strict=True)),
                return_exceptions=True)
            errors = [r for r in results if isinstance(r, Exception)]
            assert len(errors) == 1 and isinstance(errors[0], EtagConflictError), results
            winner = results.index(None)
            assert (await stores[0].read([key]))[key]["n"] == round_ * 10 + winner
    finally:
        for db in replicas:
            await db.dispose()


async def test_delete_and_batches(storage: SqlStorage, k: Any) -> None:
    keys = [k(f"batch{i}") for i in range(3)]
    await storage.write({key: {"count": i * 10} for i, key in enumerate(keys)})
    assert [v["count"] for v in (await storage.read(keys)).values()] == [0, 10, 20]
    await storage.delete([keys[0], k("never-there")])
    assert sorted(await storage.read(keys)) == sorted(keys[1:])
    await storage.delete(keys)
    assert await storage.read(keys) == {}


@pytest.mark.parametrize("name", ['!@#$%^&*()_+??><":QASD~`', "ünï/cødé 🎓", "x" * 1500])
async def test_odd_keys(storage: SqlStorage, k: Any, name: str) -> None:
    await storage.write({k(name): {"id": 1}})
    assert (await storage.read([k(name)]))[k(name)]["id"] == 1


async def test_values_round_trip(storage: SqlStorage, k: Any) -> None:
    value = {
        "text": "nul\x00 en \ud800 los surrogaat, emoji 🎓",
        "numbers": [1, 2.5, float("inf"), -0.0, 10**30],
        "tuple": (1, "a"), "set": {3}, "int_keys": {1: "een", "$t": "dollar"},
        "when": datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        "lesson": Lesson("Flipped classroom", 45),
        "nested": {"deep": [[{"x": None, "ok": True}]]},
    }
    await storage.write({k("v"): value})
    back = (await storage.read([k("v")]))[k("v")]
    back.pop("e_tag")
    assert back == value


async def test_store_item_objects_get_an_etag_attribute(storage: SqlStorage, k: Any) -> None:
    await storage.write({k("si"): StoreItem(counter=1, e_tag="*")})
    item = (await storage.read([k("si")]))[k("si")]
    assert isinstance(item, StoreItem)
    assert item.counter == 1 and item.e_tag not in (None, "*")
    item.counter = 2
    await storage.write({k("si"): item})
    item.counter = 3  # its eTag is stale now
    with pytest.raises(EtagConflictError):
        await storage.write({k("si"): item})


async def test_unknown_classes_are_refused(storage: SqlStorage, database: Database,
                                           k: Any) -> None:
    with pytest.raises(StateCodecError):
        await SqlStorage(database).write({k("bad"): {"lesson": Lesson("x", 1)}})
    with pytest.raises(StateCodecError):
        await storage.write({k("bad"): {"x": argparse.Namespace(x=1)}})
    assert await storage.read([k("bad")]) == {}

    async with database.begin() as conn:
        await conn.execute(sa.insert(bot_state).values(
            key=k("evil"), etag="1", updated_at=datetime.now(UTC),
            document='{"x": {"$t": "object", "cls": "subprocess:Popen", "attrs": {}}}'))
        await conn.execute(sa.insert(bot_state).values(
            key=k("junk"), etag="1", updated_at=datetime.now(UTC), document="{not json"))
    for name in ("evil", "junk"):
        with pytest.raises(CorruptStateError):
            await storage.read([k(name)])


# ---- dialog state through the storage, with restarts ---------------------------------------
async def test_dialog_state_survives_restarts_between_turns(
    db_url: str, database: Database, k: Any
) -> None:
    """The SDK's waterfall + TextPrompt storage test, reopening the database every turn."""
    channel = k("chan")

    async def validator(prompt: PromptValidatorContext) -> bool:
        if len(prompt.recognized.value) > 3:
            await prompt.context.send_activity(
                f"Gelukt na {prompt.options.number_of_attempts} pogingen!")
            return True
        await prompt.context.send_activity(
            f"Langer dan 3 tekens graag. {prompt.options.number_of_attempts}")
        return False

    async def step_1(step: WaterfallStepContext) -> DialogTurnStatus:
        step.values["lesson"] = Lesson("Blended week", 90)
        await step.context.send_activity("stap1")
        return Dialog.end_of_turn

    async def step_2(step: WaterfallStepContext) -> Any:
        return await step.prompt(TextPrompt.__name__, PromptOptions(
            prompt=MessageFactory.text("Hoe heet je?"), validations={"min": 3}))

    async def step_3(step: WaterfallStepContext) -> DialogTurnStatus:
        lesson = step.values["lesson"]
        await step.context.send_activity(f"stap3 {step.result} {lesson.title} {lesson.minutes}")
        return Dialog.end_of_turn

    async def turn(context: TurnContext) -> None:
        context.activity.channel_id = channel
        db = Database(db_url)  # a "restart": new engine, new storage, new state objects
        try:
            convo = ConversationState(SqlStorage(db, allowed_modules=ALLOWED))
            dialogs = DialogSet(convo.create_property("DialogState"))
            dialogs.add(WaterfallDialog(WaterfallDialog.__name__, [step_1, step_2, step_3]))
            dialogs.add(TextPrompt(TextPrompt.__name__, validator))
            dc = await dialogs.create_context(context)
            await dc.continue_dialog()
            if not context.responded:
                await dc.begin_dialog(WaterfallDialog.__name__)
            await convo.save_changes(context)
        finally:
            await db.dispose()

    flow = TestAdapter(turn)
    step = await flow.send("hallo")
    step = await step.assert_reply("stap1")
    step = await step.send("hallo")
    step = await step.assert_reply("Hoe heet je?")
    step = await step.send("jo")
    step = await step.assert_reply("Langer dan 3 tekens graag. 0")
    step = await step.send("jo")
    step = await step.assert_reply("Langer dan 3 tekens graag. 1")
    step = await step.send("Kyle")
    step = await step.assert_reply("Gelukt na 2 pogingen!")
    await step.assert_reply("stap3 Kyle Blended week 90")


async def test_state_survives_closing_and_reopening(db_url: str, k: Any) -> None:
    key = k("persist")
    db = Database(db_url)
    await db.migrate()
    await SqlStorage(db).write({key: {"tips": True, "when": datetime(2026, 1, 5, tzinfo=UTC)}})
    etag = (await SqlStorage(db).read([key]))[key]["e_tag"]
    await db.dispose()

    reopened = Database(db_url)
    try:
        await reopened.migrate()
        item = (await SqlStorage(reopened).read([key]))[key]
        assert item == {"tips": True, "when": datetime(2026, 1, 5, tzinfo=UTC), "e_tag": etag}
    finally:
        await reopened.dispose()


async def test_user_and_conversation_state_objects(storage: SqlStorage, k: Any) -> None:
    """The SDK's own state classes still work on our storage (a school's own extension)."""
    user_state = UserState(storage)
    convo_state = ConversationState(storage)
    prefs = user_state.create_property("prefs")
    last = convo_state.create_property("last_card")
    channel = k("c")

    async def turn(context: TurnContext) -> None:
        context.activity.channel_id = channel
        current = await prefs.get(context, lambda: {"turns": 0})
        current["turns"] += 1
        await prefs.set(context, current)
        await last.set(context, context.activity.text)
        await context.send_activity(f"{current['turns']} {await last.get(context)}")
        await user_state.save_changes(context)
        await convo_state.save_changes(context)

    flow = TestAdapter(turn)
    step = await (await flow.send("een")).assert_reply("1 een")
    await (await step.send("twee")).assert_reply("2 twee")


# ---- repositories --------------------------------------------------------------------------
def test_user_key_is_a_stable_pseudonym() -> None:
    key = user_key("msteams", "29:abc")
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == user_key("msteams", "29:abc")
    assert key != user_key("slack", "29:abc")
    assert "29:abc" not in key
    assert conversation_key("msteams", "19:x") == conversation_key("msteams", "19:x")
    assert conversation_key("msteams", "19:x") != conversation_key("msteams", "19:y")


async def test_feedback_once_per_user_activity_and_card(database: Database, k: Any) -> None:
    repo = FeedbackRepository(database)
    user = user_key("msteams", k("user"))
    common = {"user_key": user, "conversation_key": conversation_key("msteams", "c"),
              "confidence": 0.8}
    assert await repo.record(card_id="mis-video", helpful=True, activity_id="a1", **common)
    assert not await repo.record(card_id="mis-video", helpful=False, activity_id="a1", **common)
    assert await repo.record(card_id="def-niveaus", helpful=False, activity_id="a1", **common)
    assert await repo.record(card_id="mis-video", helpful=False, activity_id="a2", **common)
    assert await repo.record(card_id="mis-video", helpful=True, activity_id=None, **common)
    async with database.connect() as conn:
        rows = (await conn.execute(sa.select(feedback.c.card_id, feedback.c.helpful,
                                             feedback.c.created_at)
                                   .where(feedback.c.user_key == user))).all()
    assert len(rows) == 4
    assert rows[0].helpful is True, "the first answer counts; the duplicate did not overwrite"
    assert all(r.created_at.tzinfo is not None for r in rows)


async def test_answer_events_and_kept_questions(database: Database, k: Any) -> None:
    repo = AnswerEventRepository(database)
    user = user_key("msteams", k("teacher"))
    await repo.record(user_key=user, team_id=None, channel="msteams", intent="scenario",
                      verdict="blended", card_id="def-blended-leren", confidence=0.91,
                      unsure=False)
    await repo.keep_question(user_key=user, text="Is dit\x00 blended? \ud83c", card_id=None,
                             reason="unsure")
    with pytest.raises(ValueError):
        await repo.keep_question(user_key=user, text="x", card_id=None, reason="zomaar")
    async with database.connect() as conn:
        event = (await conn.execute(sa.select(answer_events)
                                    .where(answer_events.c.user_key == user))).one()
        kept = (await conn.execute(sa.select(kept_questions.c.text)
                                   .where(kept_questions.c.user_key == user))).scalars().all()
    assert (event.intent, event.verdict, event.unsure) == ("scenario", "blended", False)
    assert kept[0].startswith("Is dit blended?")


async def test_purge_older_than_deletes_only_expired_texts(database: Database, k: Any) -> None:
    repo = AnswerEventRepository(database)
    user = user_key("msteams", k("old"))
    await repo.keep_question(user_key=user, text="nieuw", card_id=None, reason="unsure")
    async with database.begin() as conn:
        await conn.execute(sa.insert(kept_questions).values(
            user_key=user, text="oud", card_id="mis-video", reason="niet_behulpzaam",
            created_at=datetime.now(UTC) - timedelta(days=91)))
    removed = await repo.purge_older_than(90)
    assert removed >= 1
    async with database.connect() as conn:
        left = (await conn.execute(sa.select(kept_questions.c.text)
                                   .where(kept_questions.c.user_key == user))).scalars().all()
    assert left == ["nieuw"]
    with pytest.raises(ValueError):
        await repo.purge_older_than(-1)
