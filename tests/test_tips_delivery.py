"""The delivery run against a real connector stand-in and real databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.settings import DeliverySettings
from bot.storage.database import Database
from bot.storage.schema import deliveries, job_locks, subscriptions
from bot.tips.delivery import TipDelivery
from bot.tips.locks import JobLock
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
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam, week 48
FAST = DeliverySettings(backoff_initial=0.01, backoff_max=0.05, jitter=0.01, concurrency=4,
                        tenant_rate=1000, tenant_burst=100, conversation_rate=100)


def delivery(db: Database, **kwargs: object) -> TipDelivery:
    kwargs.setdefault("settings", FAST)
    return TipDelivery(db.engine, make_outbox(), CARDS, "https://blendbot.test",
                       **kwargs)  # type: ignore[arg-type]


async def subscribe(db: Database, url: str, count: int, **kwargs: object) -> None:
    repo = SubscriptionRepository(db.engine)
    for n in range(count):
        await repo.subscribe(teams_address(n, url, **kwargs), tenant_id="tenant-a")  # type: ignore[arg-type]


async def delivery_rows(db: Database) -> list[dict[str, object]]:
    async with db.connect() as conn:
        rows = (await conn.execute(select(deliveries).order_by(deliveries.c.id))).all()
    return [dict(r._mapping) for r in rows]


def card_title(body: dict) -> str:
    return body["attachments"][0]["content"]["body"][1]["text"]


async def test_everyone_gets_this_weeks_tip_once_and_a_second_run_sends_nothing(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 6)
    first = await delivery(tips_db).run(now=MONDAY)
    assert (first.sent, first.failed_total, first.period) == (6, 0, "2026-W48")
    assert sorted(conv for conv, _ in connector.sent) == sorted(f"a:personal-{n}" for n in range(6))
    # A new post (send_to_conversation), not a reply to the continuation event.
    assert all(path.endswith("/activities") for path in connector.paths)
    first_tip = rotation_for(Audience.PERSONAL, CARDS)[0]
    assert card_title(connector.sent[0][1]) == f"**{first_tip.card.title}**"

    again = await delivery(tips_db).run(now=MONDAY + timedelta(days=2))
    assert (again.sent, len(connector.sent)) == (0, 6)
    rows = await delivery_rows(tips_db)
    assert {r["status"] for r in rows} == {"sent"} and len(rows) == 6


async def test_next_week_brings_the_next_tip_in_the_rotation(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 1, channel=True)
    cycle = rotation_for(Audience.GROUP, CARDS)
    for week in range(3):
        summary = await delivery(tips_db).run(now=MONDAY + timedelta(weeks=week))
        assert summary.sent == 1
    assert [r["tip_id"] for r in await delivery_rows(tips_db)] == [i.key for i in cycle[:3]]
    stelling = connector.sent[1][1]["attachments"][0]["content"]["body"]
    assert stelling[0]["text"].endswith("Stelling van de week")
    assert stelling[1]["text"] == f"**{cycle[1].stelling}**"


async def test_unsubscribed_conversations_get_nothing(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 3)
    repo = SubscriptionRepository(tips_db.engine)
    assert await repo.unsubscribe("msteams:a:personal-1")
    summary = await delivery(tips_db).run(now=MONDAY)
    assert summary.sent == 2
    assert connector.sent_to("a:personal-1") == []


@pytest.mark.parametrize("status", [403, 404])
async def test_a_removed_bot_ends_the_subscription(
        tips_db: Database, connector: ConnectorStandIn, status: int) -> None:
    await subscribe(tips_db, connector.url, 3)
    connector.fail("a:personal-2", Scripted(status))
    summary = await delivery(tips_db).run(now=MONDAY)
    assert (summary.sent, summary.ended) == (2, 1)
    assert connector.attempts["a:personal-2"] == 1  # never retried
    gone = await SubscriptionRepository(tips_db.engine).get("msteams:a:personal-2")
    assert gone is not None and not gone.active and "verwijderd" in (gone.ended_reason or "")
    next_week = await delivery(tips_db).run(now=MONDAY + timedelta(weeks=1))
    assert next_week.sent == 2 and connector.attempts["a:personal-2"] == 1


async def test_429_waits_for_retry_after_then_delivers_once(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 2)
    connector.fail("a:personal-0", Scripted(429, {"Retry-After": "7"}),
                   Scripted(429, {"Retry-After": "3"}))
    waits: list[float] = []
    fake_time = [0.0]

    async def record(seconds: float) -> None:  # time passes only for the rate limiters
        waits.append(seconds)
        fake_time[0] += seconds
        await asyncio.sleep(0)

    run = delivery(tips_db, sleep=record, monotonic=lambda: fake_time[0])
    summary = await run.run(now=MONDAY)
    assert summary.sent == 2
    assert connector.attempts["a:personal-0"] == 3 and len(connector.sent_to("a:personal-0")) == 1
    jitter = FAST.jitter
    assert any(7 <= w <= 7 + jitter for w in waits), waits
    assert any(3 <= w <= 3 + jitter for w in waits), waits
    rows = {r["subscription_id"]: r for r in await delivery_rows(tips_db)}
    assert sorted(r["status"] for r in rows.values()) == ["sent", "sent"]


@pytest.mark.parametrize("status", [412, 502, 504])
async def test_transient_errors_are_retried(
        tips_db: Database, connector: ConnectorStandIn, status: int) -> None:
    await subscribe(tips_db, connector.url, 1)
    connector.fail("a:personal-0", Scripted(status), Scripted(status))
    summary = await delivery(tips_db).run(now=MONDAY)
    assert summary.sent == 1 and connector.attempts["a:personal-0"] == 3


async def test_a_failure_that_outlasts_the_retries_is_picked_up_by_the_next_run(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 2)
    connector.fail("a:personal-1", *[Scripted(502)] * FAST.attempts)
    first = await delivery(tips_db).run(now=MONDAY)
    assert first.sent == 1 and first.failed_total == 1
    assert "502" in next(iter(first.failed))
    second = await delivery(tips_db).run(now=MONDAY)
    assert second.sent == 1
    assert len(connector.sent_to("a:personal-1")) == 1
    rows = await delivery_rows(tips_db)
    assert [r["status"] for r in rows] == ["sent", "sent"]
    assert max(r["attempts"] for r in rows) == 2  # claimed by two runs


async def test_a_run_killed_halfway_loses_nobody_and_repeats_only_messages_in_flight(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    total = 40
    await subscribe(tips_db, connector.url, total)
    run = asyncio.create_task(delivery(tips_db).run(now=MONDAY))
    connector.on_accept = lambda _conv: len(connector.sent) == 15 and run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    delivered_before = len(connector.sent)
    assert delivered_before < total
    connector.on_accept = None

    resumed = await delivery(tips_db).run(now=MONDAY)
    convs = [conv for conv, _ in connector.sent]
    assert set(convs) == {f"a:personal-{n}" for n in range(total)}  # nobody lost
    duplicates = len(convs) - len(set(convs))
    assert duplicates <= FAST.concurrency  # at most the sends that were in flight
    assert resumed.sent == total - delivered_before + duplicates
    assert {r["status"] for r in await delivery_rows(tips_db)} == {"sent"}


async def test_a_dead_holders_lock_is_taken_over_at_once_a_live_one_is_respected(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 2)
    # A holder that died a moment ago: its row has not expired, but nobody holds the lock.
    async with tips_db.begin() as conn:
        await conn.execute(job_locks.insert().values(
            name="weekly-tips", owner="host:1:dead", expires_at=MONDAY + timedelta(minutes=5)))
    summary = await delivery(tips_db, clock=lambda: MONDAY).run()
    assert (summary.sent, summary.locked_by) == (2, None)

    alive = JobLock(tips_db.engine, "weekly-tips", "host:2:alive", timedelta(minutes=2),
                    lambda: MONDAY)
    assert await alive.acquire()
    try:
        await subscribe(tips_db, connector.url, 3)
        blocked = await delivery(tips_db, clock=lambda: MONDAY).run()
        assert (blocked.sent, blocked.locked_by) == (0, "host:2:alive")
        assert (await alive.holder() or ("",))[0] == "host:2:alive"
    finally:
        await alive.release()
    assert await alive.holder() is None


async def test_two_replicas_at_once_send_each_tip_exactly_once(
        tips_db: Database, connector: ConnectorStandIn, tmp_path: object) -> None:
    total = 30
    await subscribe(tips_db, connector.url, total)
    other = Database(str(tips_db.url.render_as_string(hide_password=False)),
                     schema=tips_db.schema)
    try:
        runs = await asyncio.gather(delivery(tips_db).run(now=MONDAY),
                                    delivery(other).run(now=MONDAY))
    finally:
        await other.dispose()
    assert sum(r.sent for r in runs) == total
    convs = [conv for conv, _ in connector.sent]
    assert len(convs) == len(set(convs)) == total
    rows = await delivery_rows(tips_db)
    assert len(rows) == total and {r["status"] for r in rows} == {"sent"}


async def test_dry_run_plans_without_sending_or_claiming(
        tips_db: Database, connector: ConnectorStandIn) -> None:
    await subscribe(tips_db, connector.url, 2)
    await subscribe(tips_db, connector.url, 1, channel=True)
    summary = await delivery(tips_db).run(now=MONDAY, dry_run=True)
    assert sorted(summary.planned) == sorted([
        ("msteams:a:personal-0", "tip-leerdoelen"), ("msteams:a:personal-1", "tip-leerdoelen"),
        ("msteams:19:chan0@thread.tacv2", "tip-leerdoelen")])
    assert connector.sent == [] and await delivery_rows(tips_db) == []
    async with tips_db.connect() as conn:
        rotations = (await conn.execute(select(subscriptions.c.rotation))).scalars().all()
    assert set(rotations) == {0}
