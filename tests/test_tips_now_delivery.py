"""``TipDelivery.deliver_now`` next to the weekly run: real connector stand-in, real databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.settings import DeliverySettings
from bot.storage.database import Database
from bot.storage.schema import deliveries
from bot.tips.delivery import TipDelivery
from bot.tips.rotation import Audience, rotation_for
from bot.tips.subscriptions import SubscriptionRepository
from knowledge.loader import load_knowledge
from tests.helpers_tips import (  # noqa: F401 - fixtures
    ConnectorStandIn,
    Scripted,
    connector_fixture,
    make_adapter,
    make_outbox,
    teams_address,
    tips_db_fixture,
)

CARDS = load_knowledge().cards
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FAST = DeliverySettings(backoff_initial=0.01, backoff_max=0.05, jitter=0.01, attempts=2)
KEY = "msteams:19:chan0@thread.tacv2"


def delivery(db: Database, at: datetime = MONDAY) -> TipDelivery:
    return TipDelivery(db.engine, make_outbox(), CARDS, "https://blendbot.test",
                       settings=FAST, clock=lambda: at)


async def channel(db: Database, url: str):  # noqa: ANN201
    repo = SubscriptionRepository(db.engine)
    await repo.subscribe(teams_address(0, url, channel=True), tenant_id="tenant-a")
    return await repo.get(KEY)


async def rows(db: Database) -> list[dict[str, object]]:
    async with db.connect() as conn:
        return [dict(r._mapping) for r in (await conn.execute(select(deliveries))).all()]


async def test_the_weekly_run_leaves_a_fresh_now_claim_alone_and_takes_over_a_stale_one(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    sub = await channel(tips_db, connector.url)
    connector.fail("19:chan0@thread.tacv2", Scripted(502), Scripted(502))
    assert (await delivery(tips_db).deliver_now(sub)).outcome == "failed"
    async with tips_db.begin() as conn:  # as if that sender were still busy (or died)
        await conn.execute(update(deliveries).values(status="pending"))
    (row,) = await rows(tips_db)
    assert str(row["claimed_by"]).startswith("now:")

    fresh = await delivery(tips_db, MONDAY + timedelta(seconds=30)).run()
    assert fresh.sent == 0 and connector.sent == []
    stale = await delivery(tips_db, MONDAY + timedelta(minutes=5)).run()
    assert stale.sent == 1 and len(connector.sent) == 1
    (row,) = await rows(tips_db)
    assert row["status"] == "sent" and row["attempts"] == 2


async def test_busy_while_the_weekly_run_is_sending_there(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    sub = await channel(tips_db, connector.url)
    async with tips_db.begin() as conn:
        await conn.execute(deliveries.insert().values(
            subscription_id=sub.id, period="2026-W48", tip_id="tip-leerdoelen",
            status="pending", attempts=1, claimed_by="host:1:run", claimed_at=MONDAY))
    result = await delivery(tips_db, MONDAY + timedelta(seconds=5)).deliver_now(sub)
    assert result.outcome == "busy" and connector.sent == []


async def test_a_failed_weekly_delivery_is_finished_with_the_same_tip(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    sub = await channel(tips_db, connector.url)
    cycle = rotation_for(Audience.GROUP, CARDS)
    connector.fail("19:chan0@thread.tacv2", *[Scripted(502)] * FAST.attempts)
    assert (await delivery(tips_db).run()).failed_total == 1
    result = await delivery(tips_db, MONDAY + timedelta(hours=1)).deliver_now(sub)
    assert (result.outcome, result.item.key if result.item else None) == ("sent", cycle[0].key)
    (row,) = await rows(tips_db)
    assert (row["status"], row["tip_id"], row["attempts"]) == ("sent", cycle[0].key, 2)
    assert len(connector.sent) == 1


async def test_a_removed_bot_ends_the_subscription(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    sub = await channel(tips_db, connector.url)
    connector.fail("19:chan0@thread.tacv2", Scripted(403))
    assert (await delivery(tips_db).deliver_now(sub)).outcome == "ended"
    gone = await SubscriptionRepository(tips_db.engine).get(KEY)
    assert gone is not None and not gone.active
