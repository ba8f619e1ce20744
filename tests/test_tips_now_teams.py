"""A DigiCoach's "stuur tip" through the Teams protocol: real activity JSON posted to the real
app over HTTP, replies and tips at the local connector stand-in, delivery rows in the database
(SQLite file and PostgreSQL schema)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.services import BotServices, open_services
from bot.settings import load_settings
from bot.storage.database import Database
from bot.storage.schema import deliveries
from bot.tips.delivery import TipDelivery
from bot.tips.rotation import Audience, period_key, rotation_for
from bot.tips.subscriptions import SubscriptionRepository, utcnow
from tests.helpers_tips import (  # noqa: F401 - fixtures
    ConnectorStandIn,
    connector_fixture,
    make_adapter,
    make_outbox,
    serve_app,
    tips_db_fixture,
)

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
CHANNEL_ID = "19:6848757105754c8981c67612732d9aa7@thread.tacv2"
CHANNEL_KEY = f"msteams:{CHANNEL_ID}"
COACH_AAD = "b15a9416-0ad3-4172-9210-7beb711d3f70"  # "rido" in the channel fixture
TEACHER = {"id": "29:teacher-1", "name": "Docent", "aadObjectId": "0000-teacher"}


def channel_message(text: str, service_url: str, sender: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
    """The Teams channel fixture (an @mention in a thread) with another text and sender."""
    data = json.loads((FIXTURES / "a_channel_message_with_mention.json").read_text("utf-8"))
    data["serviceUrl"] = service_url
    data["text"] = data["text"].replace("reply to thread", text)
    data.pop("attachments", None)  # the HTML copy of the old text
    if sender is not None:
        data["from"] = sender
    return data


def personal_message(text: str, service_url: str, sender: dict[str, Any]) -> dict[str, Any]:
    data = json.loads((FIXTURES / "b_personal_chat_message.json").read_text("utf-8"))
    data.update(serviceUrl=service_url, text=text, **{"from": sender})
    data.pop("attachments", None)
    return data


@dataclass
class Running:
    base: str
    session: aiohttp.ClientSession
    services: BotServices
    connector: ConnectorStandIn
    coach: dict[str, Any]

    async def post(self, body: dict[str, Any]) -> None:
        async with self.session.post(f"{self.base}/api/messages", json=body) as response:
            assert response.status == 200, await response.text()

    def replies(self) -> list[dict[str, Any]]:
        """Answers in the thread the message came from (not new posts)."""
        return [body for conv, body in self.connector.sent if ";messageid=" in conv]

    def posts(self) -> list[dict[str, Any]]:
        """New posts in the channel itself: the tips."""
        return self.connector.sent_to(CHANNEL_ID)


@pytest.fixture
async def running(tips_db: Database, connector: ConnectorStandIn, tmp_path: Path, kb: Any,
                  classifier_model: Any, teams_sdk: str) -> AsyncIterator[Running]:
    settings = load_settings(tip_schedule="off", cache_dir=tmp_path / "cache", teams_sdk=teams_sdk,
                             digicoaches=f"{COACH_AAD}, 29:another-coach", app_id="")
    async with open_services(settings, knowledge=kb, classifier=classifier_model,
                             database=tips_db) as services:
        coach = json.loads((FIXTURES / "a_channel_message_with_mention.json")
                           .read_text("utf-8"))["from"]
        async with serve_app(settings, services) as (base, session):
            yield Running(base, session, services, connector, coach)


async def delivery_rows(db: Database) -> list[dict[str, Any]]:
    async with db.connect() as conn:
        rows = (await conn.execute(select(deliveries).order_by(deliveries.c.id))).all()
    return [dict(r._mapping) for r in rows]


def card_text(body: dict[str, Any]) -> str:
    return json.dumps(body["attachments"][0]["content"], ensure_ascii=False)


async def test_digicoach_sends_the_tip_now_and_the_weekly_run_skips_the_channel(
        running: Running, tips_db: Database, kb: Any) -> None:
    url = running.connector.url
    await running.post(channel_message("tips aan", url, TEACHER))  # a teacher subscribed it
    await running.post(personal_message("tips aan", url, TEACHER))  # and her own chat
    assert running.posts() == []

    await running.post(channel_message("stuur tip", url, running.coach))
    first = rotation_for(Audience.GROUP, kb.cards)[0]
    (tip,) = running.posts()  # a new post in the channel, not a reply in the thread
    assert "Tip van de week" in card_text(tip) and first.card.title in card_text(tip)
    confirmation = running.replies()[-1]
    assert confirmation["text"].startswith("Verstuurd: de tip van deze week staat nu hier")
    (row,) = await delivery_rows(tips_db)
    assert (row["status"], row["tip_id"]) == ("sent", first.key)
    assert row["period"] == period_key(utcnow())
    subscription = await SubscriptionRepository(tips_db.engine).get(CHANNEL_KEY)
    assert subscription is not None and subscription.rotation == 1

    weekly = TipDelivery(tips_db.engine, make_outbox(), kb.cards, "https://x.test")
    summary = await weekly.run()
    assert summary.sent == 1  # only the personal chat; the channel had this week's tip
    assert len(running.posts()) == 1
    assert {r["status"] for r in await delivery_rows(tips_db)} == {"sent"}


async def test_asking_again_the_same_week_sends_the_next_tip_as_an_extra(
        running: Running, tips_db: Database, kb: Any) -> None:
    url = running.connector.url
    await running.post(channel_message("tips aan", url, running.coach))
    await running.post(channel_message("stuur tip", url, running.coach))
    await running.post(channel_message("Stuur de tip nu!", url, running.coach))
    cycle = rotation_for(Audience.GROUP, kb.cards)
    first, second = running.posts()
    assert cycle[0].card.title in card_text(first)
    assert "Stelling van de week" in card_text(second)  # groups: a stelling every other week
    texts = [block.get("text") for block in second["attachments"][0]["content"]["body"]]
    assert f"**{cycle[1].stelling}**" in texts
    assert running.replies()[-1]["text"].startswith("De tip van deze week was hier al verstuurd")
    rows = await delivery_rows(tips_db)
    assert [r["tip_id"] for r in rows] == [cycle[0].key]  # one delivery row per week
    subscription = await SubscriptionRepository(tips_db.engine).get(CHANNEL_KEY)
    assert subscription is not None and subscription.rotation == 2


async def test_a_teacher_is_refused_and_nothing_is_sent(
        running: Running, tips_db: Database) -> None:
    url = running.connector.url
    await running.post(channel_message("tips aan", url, TEACHER))
    await running.post(channel_message("stuur tip", url, TEACHER))
    refusal = running.replies()[-1]
    assert "alleen een DigiCoach" in refusal["text"]
    assert not refusal.get("attachments")
    assert running.posts() == []
    assert await delivery_rows(tips_db) == []


async def test_an_unsubscribed_channel_gets_guidance_and_no_tip(
        running: Running, tips_db: Database) -> None:
    await running.post(channel_message("tip nu", running.connector.url, running.coach))
    answer = running.replies()[-1]
    content = json.dumps(answer, ensure_ascii=False)
    assert "nog geen wekelijkse tips" in content and "tips aan" in content
    assert "tips_on" in content  # a button that subscribes
    assert running.posts() == []
    assert await delivery_rows(tips_db) == []


async def test_in_a_personal_chat_the_coach_is_told_to_ask_in_the_team(
        running: Running, tips_db: Database) -> None:
    url = running.connector.url
    coach = {"id": "29:another-coach", "name": "Coach"}
    await running.post(personal_message("tips aan", url, coach))
    await running.post(personal_message("stuur tip", url, coach))
    answer = running.connector.sent[-1][1]
    assert "in het kanaal" in answer["text"]
    assert len(running.connector.sent) == 2  # the "tips aan" answer and this one, no tip
    assert await delivery_rows(tips_db) == []
