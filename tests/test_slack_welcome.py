"""The Slack welcome: the bot added to a channel, or a teacher opening its DM, is greeted once.

Slack's ``member_joined_channel`` (for the bot's own user) and ``app_home_opened`` (Messages
tab) become a welcome turn (what Teams' install is: ``Router.welcome``), so the one router's
welcome (once per conversation) serves Slack. Signed requests to the real app, a local Slack
Web API. Payloads follow Slack's documentation (docs.slack.dev/reference/events/...).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.render import actions, wording
from bot.slack.conversation import Kind
from bot.slack.translate import event_turn
from tests.helpers_slack import (  # noqa: F401 - fixtures
    BOT_USER,
    CHANNEL,
    DM_CHANNEL,
    QUESTION,
    TEACHER,
    TEAM,
    SlackEnv,
    buttons,
    direct_message,
    envelope,
    slack_api_fixture,
    slack_fixture,
    texts,
)

INVITER = "U0G9QF9C6"



def member_joined(user: str = BOT_USER, *, channel: str = CHANNEL, channel_type: str = "C",
                  inviter: str | None = INVITER, event_id: str | None = None
                  ) -> dict[str, Any]:
    """``member_joined_channel`` as documented (``inviter`` absent when nobody invited)."""
    event: dict[str, Any] = {"type": "member_joined_channel", "user": user, "channel": channel,
                             "channel_type": channel_type, "team": TEAM}
    if inviter is not None:
        event["inviter"] = inviter
    return envelope(event, event_id)


def home_opened(tab: str = "messages", *, user: str = TEACHER, channel: str = DM_CHANNEL,
                event_id: str | None = None) -> dict[str, Any]:
    """``app_home_opened``; the Home tab carries its published ``view``."""
    event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": channel,
                             "event_ts": "1515449522.000016", "tab": tab}
    if tab == "home":
        event["view"] = {"id": "VPASKP233", "team_id": TEAM, "type": "home", "blocks": [],
                         "private_metadata": "", "callback_id": "", "hash": "1231232323.1",
                         "app_id": "A0PNCHHK2", "bot_id": "B0LAN0Z89"}
    return envelope(event, event_id)


def _assert_welcome(post: dict[str, Any], channel: str) -> None:
    assert post["channel"] == channel
    assert "thread_ts" not in post  # a top-level post, not a thread
    assert wording.WELCOME_TITLE in texts(post["blocks"])
    assert post["text"]  # notification fallback
    assert buttons(post["blocks"]) == [(wording.START_CHECK, actions.start_check()),
                                       (wording.TIPS_ON_BUTTON, actions.tips_on())]


# --- translation ---------------------------------------------------------------------------

def _turn(payload: dict[str, Any]) -> Any:
    return event_turn(payload, BOT_USER, 4000)


def test_bot_joining_is_a_welcome_turn() -> None:
    incoming = _turn(member_joined())
    assert incoming is not None
    assert incoming.kind is Kind.WELCOME
    turn = incoming.turn
    assert turn.channel == "slack" and turn.address.bot_id == BOT_USER
    assert turn.thread == turn.address.conversation_id == f"{TEAM}:{CHANNEL}"  # no thread
    assert turn.address.is_group and turn.user_id == INVITER
    uninvited = _turn(member_joined(inviter=None))
    assert uninvited is not None and uninvited.turn.user_id == BOT_USER  # never empty


def test_opening_the_messages_tab_is_a_personal_welcome_turn() -> None:
    incoming = _turn(home_opened())
    assert incoming is not None
    assert incoming.kind is Kind.WELCOME
    turn = incoming.turn
    assert turn.thread == f"{TEAM}:{DM_CHANNEL}"
    assert turn.address.conversation_type == "personal" and not turn.address.is_group
    assert turn.user_id == turn.address.user_id == TEACHER


@pytest.mark.parametrize("payload", [
    member_joined(TEACHER), home_opened("home"), home_opened(tab="about"),
    member_joined(BOT_USER, channel=""), home_opened(user=""),
], ids=["other-user-joins", "home-tab", "unknown-tab", "no-channel", "no-user"])
def test_events_that_are_not_the_bot_arriving_are_ignored(payload: dict[str, Any]) -> None:
    assert _turn(payload) is None


# --- end to end ----------------------------------------------------------------------------

async def test_bot_added_to_a_channel_welcomes_once_at_top_level(slack: SlackEnv) -> None:
    first = await slack.event(member_joined())
    assert first.status == 200
    [post] = slack.api.posts()
    _assert_welcome(post, CHANNEL)
    await slack.event(member_joined(inviter=None))  # added again (e.g. removed and re-added)
    assert len(slack.api.posts()) == 1


async def test_bot_added_to_a_private_channel_welcomes_there(slack: SlackEnv) -> None:
    await slack.event(member_joined(channel="G0698JE0H", channel_type="G"))
    [post] = slack.api.posts()
    _assert_welcome(post, "G0698JE0H")


async def test_another_member_joining_gets_nothing(slack: SlackEnv) -> None:
    response = await slack.event(member_joined(TEACHER))
    assert response.status == 200
    assert slack.api.calls == []


async def test_opening_the_dm_welcomes_once(slack: SlackEnv) -> None:
    await slack.event(home_opened())
    [post] = slack.api.posts()
    _assert_welcome(post, DM_CHANNEL)
    await slack.event(home_opened())
    assert len(slack.api.posts()) == 1


async def test_each_teachers_dm_gets_its_own_welcome(slack: SlackEnv) -> None:
    await slack.event(home_opened())
    await slack.event(home_opened(user="U0OTHER01", channel="D0OTHER01"))
    assert [p["channel"] for p in slack.api.posts()] == [DM_CHANNEL, "D0OTHER01"]


async def test_home_tab_gets_nothing(slack: SlackEnv) -> None:
    response = await slack.event(home_opened("home"))
    assert response.status == 200
    assert slack.api.calls == []


async def test_after_the_welcome_a_question_in_the_dm_is_answered(slack: SlackEnv) -> None:
    await slack.event(home_opened())
    await slack.event(direct_message(QUESTION))
    welcome, answer = slack.api.posts()
    assert wording.WELCOME_TITLE in texts(welcome["blocks"])
    assert wording.WELCOME_TITLE not in texts(answer["blocks"])
    assert answer["blocks"][0]["type"] == "header"  # the answer card


async def test_retried_welcome_events_are_handled_once(
        slack: SlackEnv, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.routes")
    retry_headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    for payload in (member_joined(event_id="Ev0WRETRY01"), home_opened(event_id="Ev0WRETRY02")):
        first = await slack.event(payload)
        retry = await slack.event(payload, headers=retry_headers)
        assert first.status == 200 and retry.status == 200
    assert [p["channel"] for p in slack.api.posts()] == [CHANNEL, DM_CHANNEL]
    duplicates = [r.getMessage() for r in caplog.records
                  if "event=slack_event_duplicate" in r.getMessage()]
    assert len(duplicates) == 2
    assert "event_id=Ev0WRETRY01" in duplicates[0] and "event_id=Ev0WRETRY02" in duplicates[1]
