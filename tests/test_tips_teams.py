"""Tips through the Teams protocol: real activity JSON posted to the real app over HTTP.

The replies go to a local connector stand-in (the activities' serviceUrl points at it).
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.services import open_services
from bot.settings import load_settings
from bot.storage.database import Database
from bot.tips.subscriptions import SubscriptionRepository
from tests.helpers_tips import (  # noqa: F401 - fixtures
    ConnectorStandIn,
    connector_fixture,
    serve_app,
    tips_db_fixture,
)

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
PERSONAL_KEY = ("msteams:a:17I0kl9EkpE1O9PH5TWrzrLNwnWWcfrU7QZjKR0WSfOpzbfcAg2IaydGElSo10tVr4C7"
                "Fc6GtieTJX663WuJCc1uA83n4CSrHSgGBj5XNYLcVlJAs2ZX8DbYBPck201w-")
CHANNEL_KEY = "msteams:19:6848757105754c8981c67612732d9aa7@thread.tacv2"


def activity(name: str, service_url: str, **changes: Any) -> dict[str, Any]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    data["serviceUrl"] = service_url
    data.update(changes)
    return data


class Bot:
    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base = base
        self.session = session

    async def post(self, body: dict[str, Any]) -> int:
        async with self.session.post(f"{self.base}/api/messages", json=body) as response:
            return response.status


@pytest.fixture
async def bot(tips_db: Database, connector: ConnectorStandIn, tmp_path: Path, kb: Any,
              classifier_model: Any, teams_sdk: str) -> AsyncIterator[Bot]:
    """The real app on 127.0.0.1 (classifier and knowledge from conftest's session cache)."""
    settings = load_settings(tip_schedule="off", cache_dir=tmp_path / "cache",
                             teams_sdk=teams_sdk)
    async with (
        open_services(settings, knowledge=kb, classifier=classifier_model,
                      database=tips_db) as services,
        serve_app(settings, services) as (base, session),
    ):
        yield Bot(base, session)


def last_text(connector: ConnectorStandIn) -> str:
    body = connector.sent[-1][1]
    if body.get("attachments"):
        return json.dumps(body["attachments"][0]["content"], ensure_ascii=False)
    return body.get("text") or ""


async def test_tips_on_status_off_in_a_personal_chat(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    repo = SubscriptionRepository(tips_db.engine)
    msg = activity("b_personal_chat_message.json", connector.url, text="tips aan")
    assert await bot.post(msg) == 200
    assert "vanaf nu elke week" in last_text(connector)
    sub = await repo.get(PERSONAL_KEY)
    assert sub is not None and sub.active
    assert sub.tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert sub.address.service_url == connector.url

    assert await bot.post(activity("b_personal_chat_message.json", connector.url,
                                   text="tips")) == 200
    assert "staan hier aan" in last_text(connector)

    off = activity("b_personal_chat_message.json", connector.url, text="",
                   value={"action": "tips_off"})
    assert await bot.post(off) == 200
    assert "afgemeld" in last_text(connector)
    assert not (await repo.get(PERSONAL_KEY)).active  # type: ignore[union-attr]

    assert await bot.post(activity("b_personal_chat_message.json", connector.url,
                                   text="tips")) == 200
    assert "staan hier uit" in last_text(connector)


async def test_a_channel_is_subscribed_by_whoever_says_it_there(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    msg = activity("a_channel_message_with_mention.json", connector.url)
    msg["text"] = msg["text"].replace("reply to thread", "tips aan")
    assert await bot.post(msg) == 200
    assert "Dit kanaal krijgt" in last_text(connector)
    sub = await SubscriptionRepository(tips_db.engine).get(CHANNEL_KEY)
    assert sub is not None and sub.active
    # stored without the thread suffix, so a tip is a new post in the channel
    assert sub.address.conversation_id == CHANNEL_KEY.removeprefix("msteams:")
    assert sub.address.key == CHANNEL_KEY
    assert sub.team_id == "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2"


async def test_a_new_service_url_is_stored_on_the_next_activity(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    await bot.post(activity("b_personal_chat_message.json", connector.url, text="tips aan"))
    moved = connector.url + "emea/"
    # any activity will do; this one is a plain question the bot answers
    await bot.post(activity("b_personal_chat_message.json", moved, text="hoi"))
    sub = await SubscriptionRepository(tips_db.engine).get(PERSONAL_KEY)
    assert sub is not None and sub.address.service_url == moved


async def test_installation_removed_ends_the_subscription(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    await bot.post(activity("b_personal_chat_message.json", connector.url, text="tips aan"))
    removal = copy.deepcopy(activity("b_personal_chat_message.json", connector.url))
    for key in ("text", "attachments", "textFormat"):
        removal.pop(key, None)
    removal.update(type="installationUpdate", action="remove")
    sent_before = len(connector.sent)
    assert await bot.post(removal) == 200
    sub = await SubscriptionRepository(tips_db.engine).get(PERSONAL_KEY)
    assert sub is not None and not sub.active and sub.ended_reason == "bot verwijderd"
    assert len(connector.sent) == sent_before  # nothing said to a conversation we left


async def test_bot_removed_from_team_ends_its_channel_subscriptions(
        bot: Bot, connector: ConnectorStandIn, tips_db: Database) -> None:
    msg = activity("a_channel_message_with_mention.json", connector.url)
    msg["text"] = msg["text"].replace("reply to thread", "tips aan")
    await bot.post(msg)
    team = msg["channelData"]["team"]["id"]
    removed = {
        "type": "conversationUpdate", "channelId": "msteams", "serviceUrl": connector.url,
        "id": "f:removed", "membersRemoved": [{"id": msg["recipient"]["id"]}],
        "from": msg["from"], "recipient": msg["recipient"],
        "conversation": {"isGroup": True, "conversationType": "channel", "id": team},
        "channelData": {"team": {"id": team}, "eventType": "teamMemberRemoved",
                        "tenant": msg["channelData"]["tenant"]},
    }
    assert await bot.post(removed) == 200
    sub = await SubscriptionRepository(tips_db.engine).get(CHANNEL_KEY)
    assert sub is not None and not sub.active
