"""The neutral Turn that the Bot Framework edge builds from real Teams activities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from botbuilder.schema import Activity

from bot.channels.botframework_turn import turn_of
from bot.core.replies import CollectingReplies
from bot.core.turn import Scope, Turn
from bot.render.views import Notice
from bot.storage.repositories import user_key

TEAMS = Path(__file__).parent / "fixtures" / "teams"


def _activity(name: str, **changes: Any) -> Activity:
    data = json.loads((TEAMS / f"{name}.json").read_text("utf-8"))
    data.update(changes)
    return Activity().deserialize(data)


def test_a_channel_mention_is_a_channel_turn_without_the_mention_or_thread() -> None:
    turn = turn_of(_activity("a_channel_message_with_mention"), 2000)
    assert turn.scope is Scope.CHANNEL and turn.mentioned
    assert turn.text == "reply to thread"
    assert turn.address.conversation_id == "19:6848757105754c8981c67612732d9aa7@thread.tacv2"
    assert turn.team_id == "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2"
    assert turn.tenant_id == "50612dbb-0237-4969-b378-8d42590f9c00"
    assert turn.directory_id == "b15a9416-0ad3-4172-9210-7beb711d3f70"
    assert turn.address.user_id is None  # a channel address keeps nobody
    assert turn.user_id is not None  # the turn itself knows who spoke


def test_a_personal_chat_turn_keeps_its_user_and_matches_the_stored_user_key() -> None:
    activity = _activity("b_personal_chat_message")
    turn = turn_of(activity, 2000)
    assert turn.scope is Scope.PERSONAL and not turn.mentioned
    assert turn.address.user_id == activity.from_property.id == turn.user_id
    assert turn.tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47"  # from channelData
    assert turn.user_key == user_key("msteams", activity.from_property.id)
    assert turn.value is None and turn.conversation_key == f"msteams:{activity.conversation.id}"


def test_a_card_submit_carries_its_value_and_the_message_it_came_from() -> None:
    turn = turn_of(_activity("e_card_submit_message_with_value", text="",
                             value={"action": "more", "card": "def-blended-leren"}), 2000)
    assert turn.value == {"action": "more", "card": "def-blended-leren"}
    assert turn.reply_to_id == "1575667808184"


def test_text_is_cut_to_the_limit() -> None:
    turn = turn_of(_activity("b_personal_chat_message", text="woord " * 1000), 50)
    assert len(turn.text) <= 50 and turn.text.startswith("woord woord")


def test_a_group_chat_is_a_group_scope() -> None:
    activity = _activity("b_personal_chat_message")
    activity.conversation.conversation_type = "groupChat"
    activity.conversation.is_group = True
    turn = turn_of(activity, 2000)
    assert turn.scope is Scope.GROUP and turn.address.user_id is None


async def test_collecting_replies_keep_views_in_order() -> None:
    replies = CollectingReplies()
    first = await replies.send(Notice("een"))
    await replies.send(Notice("twee"))
    await replies.update(first or "", Notice("drie"))
    assert [v.text for v in replies.sent] == ["een", "twee"]  # type: ignore[union-attr]
    assert replies.updated[0][0] == first


def test_a_turn_needs_no_platform_type() -> None:
    from bot.core.address import Address

    turn = Turn(Address("terminal", "local"), text="hoi", user_id="docent")
    assert turn.scope is Scope.PERSONAL and turn.user_key == user_key("terminal", "docent")
