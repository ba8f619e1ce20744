"""A team channel's tip subscription keeps no teacher's raw Teams id or name, so "vergeet mij"
leaves no trace of them; the weekly tip still reaches the channel.

Real Teams activity JSON is posted to the real app over HTTP (SQLite and PostgreSQL); the
replies and the tip go to a local Bot Connector stand-in.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa
from alembic import command

from bot.services import open_services
from bot.settings import load_settings
from bot.storage import schema
from bot.storage.database import Database, _alembic_config
from bot.tips.build import delivery_for
from bot.tips.subscriptions import SubscriptionRepository
from tests.helpers_tips import (  # noqa: F401 - fixtures
    ConnectorStandIn,
    connector_fixture,
    make_adapter,
    make_outbox,
    serve_app,
    tips_db_fixture,
)

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
CHANNEL_CONV = "19:6848757105754c8981c67612732d9aa7@thread.tacv2"
CHANNEL_KEY = f"msteams:{CHANNEL_CONV}"
TEACHER_B = {"id": "29:1teacherB-raw-teams-id-xyz", "name": "Bea Bakker",
             "aadObjectId": "bbbbbbbb-0000-4000-8000-bbbbbbbbbbbb"}


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


#: The fixture's sender, with a name that is not also part of the bot's name ("ridotest").
TEACHER_A = dict(fixture("a_channel_message_with_mention.json")["from"], name="Anna Aalders")


def key_of(teacher: dict[str, str]) -> str:
    return hashlib.sha256(f"msteams:{teacher['id']}".encode()).hexdigest()


def traces(teacher: dict[str, str]) -> list[str]:
    """Everything that would identify the teacher: raw ids, name, pseudonymous key."""
    return [teacher["id"], teacher["name"], teacher["aadObjectId"], key_of(teacher)]


def channel_activity(service_url: str, teacher: dict[str, str], *, text: str | None = None,
                     value: dict[str, Any] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(fixture("a_channel_message_with_mention.json"))
    data["serviceUrl"] = service_url
    data["from"] = dict(teacher)
    if text is not None:
        data["text"] = data["text"].replace("reply to thread", text)
    if value is not None:
        data["text"], data["value"] = "", value
    return data


class Bot:
    def __init__(self, base: str, session: aiohttp.ClientSession, services: Any) -> None:
        self.base = base
        self.session = session
        self.services = services

    async def post(self, body: dict[str, Any]) -> int:
        async with self.session.post(f"{self.base}/api/messages", json=body) as response:
            return response.status


@pytest.fixture
async def bot(tips_db: Database, tmp_path: Path, kb: Any,
              classifier_model: Any) -> AsyncIterator[Bot]:
    settings = load_settings(_env_file=None, tip_schedule="off", cache_dir=tmp_path / "cache",
                             app_id="", app_password="", public_url="http://localhost:3978")
    async with (
        open_services(settings, knowledge=kb, classifier=classifier_model,
                      database=tips_db) as services,
        serve_app(settings, services) as (base, session),
    ):
        yield Bot(base, session, services)


async def subscription_rows(db: Database) -> list[str]:
    """Every subscription row as text (all columns), for searching ids and names in it."""
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(schema.subscriptions))).all()
    return [json.dumps(dict(r._mapping), default=str, ensure_ascii=False) for r in rows]


async def stored_reference(db: Database) -> dict[str, Any]:
    async with db.connect() as conn:
        data = (await conn.execute(sa.select(schema.subscriptions.c.reference).where(
            schema.subscriptions.c.conversation_key == CHANNEL_KEY))).scalar_one()
    return json.loads(data) if isinstance(data, str) else data


async def test_channel_reference_holds_no_teacher_and_forget_leaves_no_trace(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    assert await bot.post(channel_activity(connector.url, TEACHER_A, text="tips aan")) == 200
    reference = await stored_reference(tips_db)
    assert "user_id" not in reference
    assert reference["conversation_id"] == CHANNEL_CONV and reference["bot_id"]
    [row] = await subscription_rows(tips_db)
    assert TEACHER_A["id"] not in row and TEACHER_A["name"] not in row
    assert key_of(TEACHER_A) in row  # created_by: the link "vergeet mij" uses

    # B speaks after Teams moved the conversation to another connector: the reference is
    # rewritten, still user-less
    elsewhere = ConnectorStandIn()
    moved = await elsewhere.start()
    try:
        await moved_channel_flow(bot, elsewhere, tips_db, moved)
    finally:
        await elsewhere.stop()


async def moved_channel_flow(bot: Bot, connector: ConnectorStandIn, tips_db: Database,
                             moved: str) -> None:
    assert await bot.post(channel_activity(moved, TEACHER_B, text="hoi")) == 200
    reference = await stored_reference(tips_db)
    assert reference["service_url"] == moved and "user_id" not in reference
    [row] = await subscription_rows(tips_db)
    for trace in [*traces(TEACHER_A)[:3], *traces(TEACHER_B)]:
        assert trace not in row, trace

    # B says "tips aan" again: the subscription is now linked to B, not to A
    assert await bot.post(channel_activity(moved, TEACHER_B, text="tips aan")) == 200
    [row] = await subscription_rows(tips_db)
    assert key_of(TEACHER_B) in row and key_of(TEACHER_A) not in row

    for teacher in (TEACHER_B, TEACHER_A):
        forget = channel_activity(moved, teacher, value={"action": "forget", "confirm": True})
        assert await bot.post(forget) == 200
    rows = await subscription_rows(tips_db)
    assert len(rows) == 1
    for trace in traces(TEACHER_A) + traces(TEACHER_B):
        assert trace not in rows[0], trace
    subscription = await SubscriptionRepository(tips_db.engine).get(CHANNEL_KEY)
    assert subscription is not None and subscription.active  # the others keep their tips

    # the weekly tip still reaches the channel with a user-less reference
    before = len(connector.sent_to(CHANNEL_CONV))
    summary = await delivery_for(bot.services, make_outbox()).run()
    assert summary.sent == 1
    [tip] = connector.sent_to(CHANNEL_CONV)[before:]
    assert tip["attachments"] and not tip.get("replyToId")


async def test_a_personal_chat_keeps_its_user_for_the_one_to_one_conversation(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    personal = fixture("b_personal_chat_message.json")
    personal.update(serviceUrl=connector.url, text="tips aan")
    assert await bot.post(personal) == 200
    async with tips_db.connect() as conn:
        data = (await conn.execute(sa.select(schema.subscriptions.c.reference))).scalar_one()
    reference = json.loads(data) if isinstance(data, str) else data
    assert reference["user_id"] == personal["from"]["id"]
    forget = dict(personal, text="", value={"action": "forget", "confirm": True})
    assert await bot.post(forget) == 200
    assert await subscription_rows(tips_db) == []  # deleted with the user


async def test_upgrade_strips_users_from_existing_group_references(tmp_path: Path) -> None:
    """Rows written by older versions lose their stored channel user on migration."""
    db = Database(f"sqlite:///{tmp_path / 'legacy.sqlite3'}")

    def upgrade_to(revision: str) -> Any:
        def run(connection: sa.Connection) -> None:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return run

    user = {"id": TEACHER_A["id"], "name": TEACHER_A["name"],
            "aadObjectId": TEACHER_A["aadObjectId"]}
    group = {"channelId": "msteams", "user": user, "bot": {"id": "28:bot"},
             "conversation": {"id": CHANNEL_CONV, "conversationType": "channel",
                              "isGroup": True}}
    personal = {"channelId": "msteams", "user": user, "bot": {"id": "28:bot"},
                "conversation": {"id": "a:personal", "conversationType": "personal"}}
    try:
        async with db.engine.connect() as conn:
            await conn.run_sync(upgrade_to("0003_app_secrets"))
            await conn.commit()
        async with db.begin() as conn:
            for key, ref in (("g", group), ("p", personal)):
                await conn.execute(schema.subscriptions.insert().values(
                    conversation_key=key, channel="msteams", reference=ref))
        await db.migrate()
        async with db.connect() as conn:
            refs = dict((await conn.execute(sa.select(
                schema.subscriptions.c.conversation_key, schema.subscriptions.c.reference))).all())
        # (0006 then turned both into addresses, which keep only a personal chat's user id)
        assert "user_id" not in refs["g"] and refs["g"]["conversation_id"] == CHANNEL_CONV
        assert refs["p"]["user_id"] == user["id"] and TEACHER_A["name"] not in str(refs)
    finally:
        await db.dispose()
