"""Repositories not covered on both back-ends elsewhere, on SQLite and PostgreSQL alike.

Each test uses two engines on the same database, as two replicas do. (Covered elsewhere on
both: SqlStorage and feedback/events in test_storage, readiness in test_readiness_repo,
insights in test_digicoach_insights, tip delivery and locks in test_tips_delivery.)
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import sqlalchemy as sa

from bot import privacy
from bot.slack.dedupe import SlackEventLog
from bot.storage.bf_storage import SqlStorage
from bot.storage.database import Database
from bot.storage.readiness_repo import ReadinessRepo
from bot.storage.repositories import AnswerEventRepository, FeedbackRepository, user_key
from bot.storage.schema import deliveries, subscriptions, utcnow
from bot.tips.subscriptions import SubscriptionRepository, conversation_key
from tests.helpers_db import db_url_fixture, replicas_fixture  # noqa: F401 - fixtures
from tests.helpers_tips import teams_address


def _n() -> int:
    """A number for unique conversation ids (the PostgreSQL schema lives for the session)."""
    return uuid.uuid4().int % 10**9


async def test_subscribe_at_once_on_two_replicas_gives_one_subscription(
        replicas: list[Database]) -> None:
    repos = [SubscriptionRepository(db.engine) for db in replicas]
    ref = teams_address(_n(), "https://smba.example/emea/", channel=True)
    results = await asyncio.gather(*(repo.subscribe(ref, team_id="team-x") for repo in repos))
    assert results[0][0].id == results[1][0].id
    async with replicas[0].connect() as conn:
        rows = (await conn.execute(sa.select(subscriptions.c.id).where(
            subscriptions.c.conversation_key == conversation_key(ref)))).all()
    assert len(rows) == 1

    moved = ref.with_service_url("https://smba.example/amer/")
    assert await repos[1].replace_address(moved) is True
    assert await repos[0].stored_service_url(conversation_key(ref)) == (
        "https://smba.example/amer/")
    assert await repos[0].end_team("team-x") == 1
    assert (await repos[1].get(conversation_key(ref))).active is False
    assert await repos[1].end_team("team-x") == 0


async def test_forget_user_removes_every_row_of_that_user_only(
        replicas: list[Database]) -> None:
    one, two = replicas
    n = _n()
    me, other = user_key("msteams", f"29:me-{n}"), user_key("msteams", f"29:other-{n}")
    for who in (me, other):
        await FeedbackRepository(one).record(user_key=who, conversation_key="c", card_id="x",
                                             confidence=0.5, helpful=False, activity_id="a1")
        await AnswerEventRepository(two).record(user_key=who, team_id=None, channel="msteams",
                                                intent="answer", verdict=None, card_id="x",
                                                confidence=0.9, unsure=True)
        await AnswerEventRepository(one).keep_question(user_key=who, text="Is dit blended?",
                                                       card_id=None, reason="unsure")
        await ReadinessRepo(two).save(who, "team-x", {})
    state_key = f"msteams/users/me-{n}"
    await SqlStorage(one).write({state_key: {"naam": "x"}})
    subs = SubscriptionRepository(two.engine)
    personal, _ = await subs.subscribe(teams_address(n, "https://smba.example/"), created_by=me)
    group, _ = await subs.subscribe(teams_address(n, "https://smba.example/", channel=True),
                                    created_by=me)
    async with one.begin() as conn:
        await conn.execute(sa.insert(deliveries).values(
            subscription_id=personal.id, period="2026-W12", tip_id="t1", status="sent",
            sent_at=utcnow()))

    subject = privacy.Subject(user_key=me, state_keys=(state_key,),
                              personal_conversation_key=personal.conversation_key)
    counts = await privacy.forget_user(two.engine, subject)
    assert counts["subscriptions"] == 1 and counts["deliveries"] == 1
    assert counts["subscriptions_unlinked"] == 1 and counts["bot_state"] == 1
    assert await privacy.stored_rows(one.engine, subject) == 0
    assert await SqlStorage(one).read([state_key]) == {}
    async with one.connect() as conn:
        row = (await conn.execute(sa.select(subscriptions).where(
            subscriptions.c.id == group.id))).mappings().one()
    assert row["active"] and row["created_by"] is None and "user" not in row["reference"]
    assert await subs.by_id(personal.id) is None
    assert await privacy.stored_rows(one.engine, privacy.Subject(user_key=other)) == 4


async def test_slack_event_ids_are_taken_once_across_replicas(
        replicas: list[Database]) -> None:
    logs = [SlackEventLog(db) for db in replicas]
    event_id = f"Ev-{uuid.uuid4().hex[:10]}"
    results = await asyncio.gather(*(logs[i % 2].first_time(event_id) for i in range(8)))
    assert results.count(True) == 1

    now = utcnow()
    old = f"Ev-old-{uuid.uuid4().hex[:8]}"
    await logs[0].first_time(old, now=now - timedelta(days=3))
    assert await logs[1].prune(now) >= 1
    assert await logs[1].first_time(old, now=now) is True
    assert await logs[0].first_time(event_id, now=now) is False
