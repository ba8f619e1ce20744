"""Privacy promises about the short-term question memory (issue 14, point 7).

Real Teams JSON over HTTP to the app, replies at the connector stand-in, data checked in the
SQLite file (and its -wal file, byte by byte):

- "vergeet mij" in a team channel removes the questions that teacher asked there from the
  channel's memory (and leaves a colleague's), and no byte of them stays in the db files;
- expired questions are purged from conversations nobody returns to: on a schedule and at
  start-up, not only when the conversation is read again.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.channels.botframework_adapter import CONFLICT_NOTICE
from bot.logging_setup import configure_logging
from bot.memory import PROPERTY
from bot.memory_purge import purge_expired_questions
from bot.retention import purge_memory_once
from bot.services import open_services
from bot.settings import load_settings
from bot.storage import schema
from bot.storage.database import Database
from tests.harness import BotServer, ConnectorStandIn, load_fixture

TEACHER_A = {"id": "29:teacher-a", "name": "Docent A", "aadObjectId": "0000-aaaa"}
TEACHER_B = {"id": "29:teacher-b", "name": "Docent B", "aadObjectId": "0000-bbbb"}
QUESTION = ("Mijn les {marker}: studenten kijken thuis een video en bespreken die daarna "
            "samen in de klas. Is dat blended?")


def _settings(tmp_path: Path) -> Any:
    return load_settings(_env_file=None, app_id="", cache_dir=tmp_path / "cache",
                         database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
                         tip_schedule="off")


@pytest.fixture
async def server(tmp_path: Path, kb: Any, classifier_model: Any) -> AsyncIterator[BotServer]:
    settings = _settings(tmp_path)
    connector = await ConnectorStandIn().start()
    async with open_services(settings, knowledge=kb, classifier=classifier_model) as services:
        test_server = TestServer(create_app(settings, services=services), host="127.0.0.1")
        await test_server.start_server()
        bot = BotServer(test_server, connector)
        bot.services = services  # type: ignore[attr-defined]
        try:
            yield bot
        finally:
            await bot.close()
            await connector.close()


def _channel(text: str, sender: dict[str, str], **extra: Any) -> dict[str, Any]:
    activity = load_fixture("a")
    activity["text"] = f"<at>ridotest</at> {text}" if text else ""
    activity["id"] = uuid.uuid4().hex[:12]
    activity["from"] = sender
    activity.pop("attachments", None)
    activity.update(extra)
    return activity


def _state_key(activity: dict[str, Any]) -> str:
    return f"{activity['channelId']}/conversations/{activity['conversation']['id']}"


async def _document(db: Database, key: str) -> str:
    async with db.connect() as conn:
        return (await conn.execute(sa.select(schema.bot_state.c.document)
                                   .where(schema.bot_state.c.key == key))).scalar_one()


def _db_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("bot.sqlite3*")))


async def test_vergeet_mij_in_a_channel_removes_that_teachers_questions_to_the_last_byte(
        server: BotServer, tmp_path: Path) -> None:
    db: Database = server.services.database  # type: ignore[attr-defined]
    mine, theirs = (f"Zebra{uuid.uuid4().hex[:8]}" for _ in range(2))
    await server.post_activity(_channel(QUESTION.format(marker=mine), TEACHER_A))
    await server.post_activity(_channel(QUESTION.format(marker=theirs), TEACHER_B))
    await server.connector.wait_for(2)
    key = _state_key(_channel("", TEACHER_A))
    document = await _document(db, key)
    assert mine in document and theirs in document  # both remembered, for follow-ups
    assert mine.encode() in _db_bytes(tmp_path)

    wal_before = (tmp_path / "bot.sqlite3-wal").stat().st_size
    server.connector.clear()
    await server.post_activity(_channel("vergeet mij", TEACHER_A))
    (ask,) = await server.connector.wait_for(1)
    yes, _no = ask.attachments[0]["content"]["actions"]
    server.connector.clear()
    await server.post_activity(_channel("", TEACHER_A, value=yes["data"]))
    (done,) = await server.connector.wait_for(1)
    assert (done.text or "").startswith("Klaar."), done.text
    assert CONFLICT_NOTICE not in server.connector.texts()

    document = await _document(db, key)
    assert mine not in document and theirs in document  # the colleague's question stays
    assert mine.encode() not in _db_bytes(tmp_path)  # not in the db file, nor in its -wal
    # The forget checkpointed and truncated the -wal; what it holds now is only the turn's
    # save after the forget (the purged row), so it is far smaller than before.
    assert (tmp_path / "bot.sqlite3-wal").stat().st_size < wal_before / 2


async def test_expired_questions_are_purged_without_anyone_returning(
        server: BotServer) -> None:
    db: Database = server.services.database  # type: ignore[attr-defined]
    marker = f"Zebra{uuid.uuid4().hex[:8]}"
    activity = _channel(QUESTION.format(marker=marker), TEACHER_A)
    await server.post_activity(activity)
    await server.connector.wait_for(1)
    key = _state_key(activity)

    later = datetime.now(UTC)
    assert await purge_expired_questions(db.engine, later + timedelta(hours=23)) == 0
    before = json.loads(await _document(db, key))
    assert marker in json.dumps(before)
    assert await purge_expired_questions(db.engine, later + timedelta(hours=25)) == 1
    after = json.loads(await _document(db, key))
    assert marker not in json.dumps(after)
    before[PROPERTY]["questions"] = {}
    assert after == before  # the rest of the state (dialogs, welcome) is untouched

    # The conversation goes on normally afterwards (the row's eTag changed under the app).
    server.connector.clear()
    await server.post_activity(_channel(QUESTION.format(marker="Zebra-next"), TEACHER_A))
    (reply,) = await server.connector.wait_for(1)
    assert reply.text != CONFLICT_NOTICE and "Zebra-next" in await _document(db, key)


async def test_the_app_purges_expired_questions_at_start_up_and_on_schedule(
        tmp_path: Path, kb: Any, classifier_model: Any) -> None:
    settings = _settings(tmp_path)
    old = (datetime.now(UTC) - timedelta(hours=30)).isoformat()
    fresh = datetime.now(UTC).isoformat()
    memo = {"text": "oude vraag Zebra-old", "at": old, "classification": {}, "asker": "k"}
    state = {PROPERTY: {"questions": {"aaaa": memo,
                                      "bbbb": {**memo, "text": "nieuw Zebra-new", "at": fresh}}}}
    database = Database(settings.database_url)
    await database.migrate()
    async with database.begin() as conn:
        await conn.execute(sa.insert(schema.bot_state).values(
            key="msteams/conversations/19:old@thread.tacv2", document=json.dumps(state),
            etag="e1", updated_at=datetime.now(UTC) - timedelta(hours=30)))
    try:
        async with open_services(settings, knowledge=kb, classifier=classifier_model,
                                 database=database) as services:
            test_server = TestServer(create_app(settings, services=services), host="127.0.0.1")
            await test_server.start_server()  # start-up runs the retention jobs
            try:
                document = await _document(database, "msteams/conversations/19:old@thread.tacv2")
                assert "Zebra-old" not in document and "Zebra-new" in document
                assert await purge_memory_once(services) == 0  # the hourly job: nothing left
            finally:
                await test_server.close()
    finally:
        await database.dispose()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


async def test_at_debug_no_driver_logs_the_message_text_or_user_id(
        tmp_path: Path, kb: Any, classifier_model: Any) -> None:
    settings = _settings(tmp_path).model_copy(update={"log_level": "DEBUG"})
    connector = await ConnectorStandIn().start()
    collect, written = _Collect(), io.StringIO()
    root = logging.getLogger()
    level = root.level
    configure_logging(settings, stream=written)  # as ``blendbot serve`` does, before the app
    root.addHandler(collect)
    marker = f"Zebra{uuid.uuid4().hex[:8]}"
    user_id = f"29:user-{uuid.uuid4().hex[:10]}"
    try:
        async with open_services(settings, knowledge=kb, classifier=classifier_model) as services:
            test_server = TestServer(create_app(settings, services=services), host="127.0.0.1")
            await test_server.start_server()
            bot = BotServer(test_server, connector)
            try:
                await bot.post_activity(_channel(QUESTION.format(marker=marker),
                                                 {**TEACHER_A, "id": user_id}))
                await connector.wait_for(1)
                assert marker in await _document(services.database,
                                                 _state_key(_channel("", TEACHER_A)))
            finally:
                await bot.close()
    finally:
        root.removeHandler(collect)
        for handler in [h for h in root.handlers if h.get_name() == "blendbot"]:
            root.removeHandler(handler)
        root.setLevel(level)
        await connector.close()
    assert any(line.startswith("bot.") for line in collect.lines)  # DEBUG was on
    leaked = [line[:160] for line in [*collect.lines, *written.getvalue().splitlines()]
              if marker in line or user_id in line]
    assert leaked == []
