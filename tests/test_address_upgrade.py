"""Subscriptions keep our own addresses; a database written before that keeps working.

``fixtures/state/tips_and_check_0005.sqlite3`` was written over HTTP by the code before
addresses (commit f7c0f04, schema 0005; see ``fixtures/state/record_0005.py``): "tips aan" in
the personal chat of Teams fixture ``b`` and in the channel of fixture ``a``, then "check"
and a typed "3" in the personal chat. Its subscriptions hold serialized Bot Framework
``ConversationReference``s; migration 0006 turns them into addresses at start-up.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core import address as addresses
from bot.core.address import Address, AddressError
from bot.keys import SERVICES_KEY
from bot.settings import Settings
from bot.tips.build import delivery_for
from tests.harness import BotServer, ConnectorStandIn, build_activity
from tests.helpers_tips import make_outbox
from tests.test_readiness_dialog import question_number, say, texts

RECORDED = Path(__file__).parent / "fixtures" / "state" / "tips_and_check_0005.sqlite3"
CHANNEL_CONV = "19:6848757105754c8981c67612732d9aa7@thread.tacv2"


def _db_path(settings: Settings) -> Path:
    return Path(settings.database_url.removeprefix("sqlite:///"))


def _install_recorded(settings: Settings, service_url: str) -> None:
    """Put the recorded database where the app looks; point its references at our stand-in
    (Teams' serviceUrl is per deployment; nothing else in the rows is touched)."""
    path = _db_path(settings)
    shutil.copyfile(RECORDED, path)
    with sqlite3.connect(path) as conn:
        for row_id, text in conn.execute("SELECT id, reference FROM subscriptions").fetchall():
            reference = json.loads(text)
            assert "v" not in reference and "serviceUrl" in reference  # the old format
            reference["serviceUrl"] = service_url
            conn.execute("UPDATE subscriptions SET reference = ? WHERE id = ?",
                         (json.dumps(reference), row_id))


def _stored(settings: Settings) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(_db_path(settings)) as conn:
        return {key: json.loads(text) for key, text in
                conn.execute("SELECT conversation_key, reference FROM subscriptions")}


async def test_a_database_from_before_addresses_keeps_its_tips_and_its_check(
        settings: Settings, connector: ConnectorStandIn,
        make_bot_server: Callable[..., Awaitable[BotServer]]) -> None:
    personal = build_activity("b")
    _install_recorded(settings, connector.url)
    server = await make_bot_server()  # start-up migrates the database

    stored = _stored(settings)
    assert set(stored) == {f"msteams:{personal['conversation']['id']}", f"msteams:{CHANNEL_CONV}"}
    for address in stored.values():
        assert address["v"] == 1 and address["channel"] == "msteams"
    channel = stored[f"msteams:{CHANNEL_CONV}"]
    assert channel["conversation_id"] == CHANNEL_CONV and "user_id" not in channel
    assert channel["tenant_id"] == "50612dbb-0237-4969-b378-8d42590f9c00"
    mine = stored[f"msteams:{personal['conversation']['id']}"]
    assert mine["user_id"] == personal["from"]["id"] and mine["conversation_type"] == "personal"
    assert "Megan Bowen" not in json.dumps(stored)  # an address keeps no names of people

    # the weekly run reaches both conversations, each as a new post
    summary = await delivery_for(server.app[SERVICES_KEY], make_outbox()).run()
    assert summary.sent == 2
    sent = {r.conversation_id: r for r in server.connector.activities if r.kind == "send"}
    assert set(sent) == {personal["conversation"]["id"], CHANNEL_CONV}
    assert all(r.attachments for r in sent.values())

    # the readiness check stored before the upgrade (question 1 answered) goes on: the typed
    # answer to question 2 brings question 3
    [reply] = await say(server, "4")
    assert question_number(reply) == 3

    # "tips uit" still finds the channel's subscription by its key
    channel_msg = build_activity("a")
    channel_msg["text"] = channel_msg["text"].replace("reply to thread", "tips uit")
    before = len(server.connector.activities)
    assert (await server.post_activity(channel_msg)).status == 200
    [off] = server.connector.activities[before:]
    assert "afgemeld" in texts(off)
    with sqlite3.connect(_db_path(settings)) as conn:
        active = dict(conn.execute("SELECT conversation_key, active FROM subscriptions"))
    assert active == {f"msteams:{CHANNEL_CONV}": 0, f"msteams:{personal['conversation']['id']}": 1}


async def test_the_migration_goes_back_to_references_on_a_downgrade(
        settings: Settings, tmp_path: Path) -> None:
    from alembic import command

    from bot.storage.database import Database, _alembic_config

    _install_recorded(settings, "https://smba.trafficmanager.net/emea/")
    with sqlite3.connect(_db_path(settings)) as conn:
        before = dict(conn.execute("SELECT conversation_key, reference FROM subscriptions"))
    db = Database(settings.database_url)

    def run(revision: str, up: bool) -> Callable[[Any], None]:
        def go(connection: Any) -> None:
            config = _alembic_config()
            config.attributes["connection"] = connection
            (command.upgrade if up else command.downgrade)(config, revision)
        return go

    try:
        async with db.engine.connect() as conn:
            await conn.run_sync(run("0006_subscription_addresses", True))
            await conn.commit()
        assert all(a["v"] == 1 for a in _stored(settings).values())
        async with db.engine.connect() as conn:
            await conn.run_sync(run("0005_feedback_comments", False))
            await conn.commit()
    finally:
        await db.dispose()
    after = _stored(settings)
    for key, text in before.items():
        old, back = json.loads(text), after[key]
        assert addresses.from_reference_json(back) == addresses.from_reference_json(old)
        assert back["conversation"]["id"] == old["conversation"]["id"]
        assert back["serviceUrl"] == old["serviceUrl"]


# --- the Address type itself -----------------------------------------------------------------

def test_an_address_drops_the_thread_suffix_and_a_group_user() -> None:
    channel = Address("msteams", f"{CHANNEL_CONV};messageid=1759881511856",
                      conversation_type="channel", user_id="29:someone")
    assert channel.conversation_id == CHANNEL_CONV and channel.user_id is None
    assert channel.key == f"msteams:{CHANNEL_CONV}"
    personal = Address("msteams", "a:1", conversation_type="personal", user_id="29:me")
    assert personal.user_id == "29:me" and not personal.is_group_conversation


def test_an_address_round_trips_through_json() -> None:
    address = Address("slack", "C123:1700000000.0001", service_url=None, tenant_id="T1",
                      is_group=True, bot_id="B1", locale="nl-NL")
    data = address.to_json()
    assert data["v"] == 1 and "service_url" not in data
    assert addresses.from_json(json.dumps(data)) == address


@pytest.mark.parametrize("stored", [
    "not json", "[1, 2]", {"v": 1, "channel": "msteams"}, {"v": 2, "channel": "x",
                                                           "conversation_id": "y"},
    {"v": 1, "channel": "msteams", "conversation_id": {"id": "x"}},
    {"conversation": {"id": "a:1"}},  # an old reference without its channel
])
def test_an_unreadable_address_is_an_address_error(stored: Any) -> None:
    with pytest.raises(AddressError):
        addresses.from_json(stored)
