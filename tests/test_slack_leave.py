"""The bot removed from a Slack channel (or the channel archived) ends its weekly tips.

Slack's ``member_left_channel`` for the bot's own user, ``channel_archive`` and
``group_archive`` become a removed turn (what Teams' removal is: ``Router.bot_removed``), so
the one router ends the channel's subscription at once instead of at the next failed
delivery. Signed requests to the real app, a local Slack Web API, the real
``subscriptions`` table. Payloads follow Slack's documentation (docs.slack.dev/reference/events/).
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

import pytest
import sqlalchemy as sa

from bot.keys import SERVICES_KEY
from bot.slack.conversation import Kind
from bot.slack.translate import event_turn
from bot.storage.schema import subscriptions
from bot.tips.subscriptions import ENDED_REMOVED
from tests.helpers_slack import (  # noqa: F401 - fixtures
    BOT_USER,
    CHANNEL,
    TEACHER,
    TEAM,
    SlackEnv,
    app_mention,
    envelope,
    slack_api_fixture,
    slack_fixture,
)

OTHER_CHANNEL = "C0OTHER42"
PRIVATE_CHANNEL = "G0698JE0H"
ARCHIVER = "U0ARCHIVE1"
RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}

_ts = itertools.count(1)


def _key(channel: str = CHANNEL) -> str:
    return f"slack:{TEAM}:{channel}"



def member_left(user: str = BOT_USER, *, channel: str = CHANNEL, channel_type: str = "C",
                event_id: str | None = None) -> dict[str, Any]:
    """``member_left_channel`` as documented (Slack does not say who removed the member)."""
    return envelope({"type": "member_left_channel", "user": user, "channel": channel,
                      "channel_type": channel_type, "team": TEAM}, event_id)


def archived(kind: str = "channel_archive", *, channel: str = CHANNEL,
             user: str | None = ARCHIVER, event_id: str | None = None) -> dict[str, Any]:
    """``channel_archive`` (with the archiving ``user``) or ``group_archive``."""
    event: dict[str, Any] = {"type": kind, "channel": channel}
    if user is not None:
        event["user"] = user
    return envelope(event, event_id)


def mention_in(channel: str, text: str) -> dict[str, Any]:
    """``app_mention`` at the top level of ``channel``."""
    ts = f"1515449{next(_ts):03d}.000016"
    return envelope({"type": "app_mention", "user": TEACHER, "text": f"<@{BOT_USER}> {text}",
                      "ts": ts, "channel": channel, "event_ts": ts, "team": TEAM})


async def _row(slack: SlackEnv, channel: str = CHANNEL) -> dict[str, Any]:
    """The ``subscriptions`` row of ``channel``, read straight from the table."""
    engine = slack.app[SERVICES_KEY].database.engine
    async with engine.connect() as conn:
        row = (await conn.execute(sa.select(subscriptions).where(
            subscriptions.c.conversation_key == _key(channel)))).first()
    assert row is not None, f"no subscription row for {channel}"
    return dict(row._mapping)


async def _subscribe(slack: SlackEnv, channel: str = CHANNEL) -> None:
    """``@Blendbot tips aan`` in ``channel``; the row must be active."""
    payload = app_mention("tips aan") if channel == CHANNEL else mention_in(channel, "tips aan")
    assert (await slack.event(payload)).status == 200
    row = await _row(slack, channel)
    assert row["active"] and row["ended_reason"] is None and row["ended_at"] is None


def _records(caplog: pytest.LogCaptureFixture, marker: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if marker in r.getMessage()]


# --- translation ---------------------------------------------------------------------------

def _turn(payload: dict[str, Any]) -> Any:
    return event_turn(payload, BOT_USER, 4000)


def test_bot_leaving_is_a_removed_turn() -> None:
    incoming = _turn(member_left())
    assert incoming is not None
    assert incoming.kind is Kind.REMOVED
    turn = incoming.turn
    assert turn.channel == "slack" and turn.address.bot_id == BOT_USER
    assert turn.thread == turn.address.conversation_id == f"{TEAM}:{CHANNEL}"  # no thread
    assert turn.address.is_group and turn.conversation_key == _key()
    assert turn.user_id == BOT_USER  # Slack does not name who removed it
    assert turn.text == "" and turn.value is None


@pytest.mark.parametrize(("payload", "channel", "sender"), [
    (archived(), CHANNEL, ARCHIVER),
    (archived("group_archive", channel=PRIVATE_CHANNEL, user=None), PRIVATE_CHANNEL, BOT_USER),
], ids=["channel_archive", "group_archive-without-user"])
def test_an_archived_channel_is_the_bot_removed(payload: dict[str, Any], channel: str,
                                                sender: str) -> None:
    incoming = _turn(payload)
    assert incoming is not None
    assert incoming.kind is Kind.REMOVED
    assert incoming.turn.thread == f"{TEAM}:{channel}"
    assert incoming.turn.user_id == sender


@pytest.mark.parametrize("payload", [
    member_left(TEACHER), member_left(BOT_USER, channel=""), archived(channel=""),
    archived(channel="D024BE91L"), envelope({"type": "member_left_channel", "channel": CHANNEL}),
], ids=["other-user-leaves", "no-channel", "archive-no-channel", "dm-channel", "no-user"])
def test_events_that_are_not_the_bot_leaving_are_ignored(payload: dict[str, Any]) -> None:
    assert _turn(payload) is None


# --- end to end ----------------------------------------------------------------------------

async def test_bot_removed_from_a_channel_ends_its_tips_silently(slack: SlackEnv) -> None:
    from bot.tips.build import delivery_for
    from bot.tips.proactive import proactive_outbox

    await _subscribe(slack)
    await _subscribe(slack, OTHER_CHANNEL)  # same workspace, the bot stays there
    calls_before = len(slack.api.calls)

    assert (await slack.event(member_left())).status == 200
    assert len(slack.api.calls) == calls_before  # nothing said to a channel we left
    row = await _row(slack)
    assert not row["active"] and row["ended_reason"] == ENDED_REMOVED
    assert row["ended_at"] is not None
    other = await _row(slack, OTHER_CHANNEL)
    assert other["active"] and other["ended_reason"] is None  # not the whole workspace

    summary = await delivery_for(slack.app[SERVICES_KEY], proactive_outbox(slack.app)).run()
    assert summary.sent == 1
    assert [p["channel"] for p in slack.api.posts()[-1:]] == [OTHER_CHANNEL]
    assert all(p["channel"] != CHANNEL for p in slack.api.posts()[calls_before:])


async def test_another_member_leaving_keeps_the_tips(slack: SlackEnv) -> None:
    await _subscribe(slack)
    calls_before = len(slack.api.calls)
    assert (await slack.event(member_left(TEACHER))).status == 200
    assert len(slack.api.calls) == calls_before
    row = await _row(slack)
    assert row["active"] and row["ended_reason"] is None


@pytest.mark.parametrize(("payload", "channel"), [
    (archived(), CHANNEL),
    (archived("group_archive", channel=PRIVATE_CHANNEL, user=None), PRIVATE_CHANNEL),
], ids=["channel_archive", "group_archive"])
async def test_archiving_a_channel_ends_its_tips(slack: SlackEnv, payload: dict[str, Any],
                                                 channel: str) -> None:
    await _subscribe(slack, channel)
    calls_before = len(slack.api.calls)
    assert (await slack.event(payload)).status == 200
    assert len(slack.api.calls) == calls_before
    row = await _row(slack, channel)
    assert not row["active"] and row["ended_reason"] == ENDED_REMOVED


async def test_a_retried_removal_is_handled_once(
        slack: SlackEnv, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    await _subscribe(slack)
    removal = member_left(event_id="Ev0LRETRY01")
    assert (await slack.event(removal)).status == 200
    assert not (await _row(slack))["active"]

    await _subscribe(slack)  # re-added and subscribed again before Slack's retry arrives
    retry = await slack.event(removal, headers=RETRY)
    assert retry.status == 200
    row = await _row(slack)
    assert row["active"] and row["ended_reason"] is None  # the stale retry ended nothing
    assert len(_records(caplog, "event=tips_bot_removed")) == 1
    [duplicate] = _records(caplog, "event=slack_event_duplicate")
    assert "event_id=Ev0LRETRY01" in duplicate and "retry=1" in duplicate
