"""An answered question card turns into a button-free summary, as feedback cards do.

Teams: real activity JSON over HTTP to the app, the PUT update and the replies captured at
the local Bot Connector stand-in. Slack: the local Web API stand-in records ``chat.update``.
The terminal has nothing to update and must simply go on.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest

from bot.render import readiness_cards as rc
from bot.settings import Settings
from dialogs.answers import ANSWER, BACK
from knowledge.readiness_model import DIMENSION_IDS
from tests.harness import BotServer, Recorded, load_fixture
from tests.helpers_slack import (  # noqa: F401 - fixtures
    DM_CHANNEL,
    SlackEnv,
    block_actions,
    buttons,
    slack_api_fixture,
    slack_fixture,
)
from tests.helpers_slack import texts as slack_texts
from tests.test_readiness_dialog import (
    card,
    elements,
    question_number,
    say,
    stored_answers,
    submits,
    texts,
)

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

FLEX_QUESTION_START = "Vraag 1 van 12 · Flexibiliteit"


def tap_value(index: int, level: int) -> dict[str, Any]:
    return {"action": ANSWER, "dimension": DIMENSION_IDS[index], "level": level}


async def tap_card(server: BotServer, question: Recorded, index: int, level: int,
                   fixture: str | dict[str, Any] = "b", expect: int | None = 1
                   ) -> list[Recorded]:
    """Tap an answer button on the message ``question`` (Teams sends its id as replyToId)."""
    return await say(server, None, tap_value(index, level), expect=expect, fixture=fixture,
                     reply_to_id=question.new_id)


def updates_since(server: BotServer, before: int) -> list[Recorded]:
    return [r for r in server.connector.requests[before:] if r.kind == "update"]


def assert_answered(update: Recorded, question: Recorded, kb: Any, index: int,
                    choice: str) -> None:
    content = card(update)
    assert update.method == "PUT" and update.activity_id == question.new_id
    assert update.conversation_id == load_fixture("b")["conversation"]["id"]
    assert "actions" not in content and submits(content) == []
    assert not [e for e in elements(content) if e["type"] == "ActionSet"]
    shown = texts(update)
    dim = kb.readiness.dimensions[index]
    assert f"Vraag {index + 1} van 12 · {dim.label} — jouw antwoord: {choice}" in shown
    assert dim.question in shown
    assert dim.option(1) not in shown  # compact: the four practices are gone


# --- Teams -----------------------------------------------------------------------------------


async def test_a_tap_updates_the_question_card_and_sends_the_next_question(
    bot_server: BotServer, kb: Any
) -> None:
    [first] = await say(bot_server, "check")
    assert FLEX_QUESTION_START in texts(first) and submits(card(first))
    before = len(bot_server.connector.requests)
    [second] = await tap_card(bot_server, first, 0, 2)
    [update] = updates_since(bot_server, before)
    assert_answered(update, first, kb, 0, "Toepassen")
    assert question_number(second) == 2 and second.kind in ("send", "reply")
    assert second.new_id != first.new_id and len(submits(card(second))) == 7
    order = [r.kind for r in bot_server.connector.requests[before:]]
    assert order.index("update") < order.index(second.kind)  # summary first, then the next


async def test_weet_ik_niet_is_shown_as_the_choice(bot_server: BotServer, kb: Any) -> None:
    [first] = await say(bot_server, "check")
    before = len(bot_server.connector.requests)
    await tap_card(bot_server, first, 0, 0)
    [update] = updates_since(bot_server, before)
    assert_answered(update, first, kb, 0, "Weet ik niet")


async def test_a_full_check_by_taps_leaves_only_summaries_and_the_result(
    bot_server: BotServer, kb: Any, settings: Settings
) -> None:
    [question] = await say(bot_server, "check")
    levels = [1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2]
    asked: list[Recorded] = []
    for index, level in enumerate(levels):
        asked.append(question)
        [question] = await tap_card(bot_server, question, index, level)
    result = question
    assert rc.RESULT_TITLE in texts(result)
    updates = bot_server.connector.updates
    assert [u.activity_id for u in updates] == [q.new_id for q in asked]
    for index, (update, level) in enumerate(zip(updates, levels, strict=True)):
        assert_answered(update, asked[index], kb, index, rc.level_name(kb.readiness, level))
    assert stored_answers(settings) == [
        dict(zip(DIMENSION_IDS, [v or None for v in levels], strict=True))]

    # The result card stays as it is, whatever is tapped on it.
    before = len(bot_server.connector.requests)
    show = next(v for _, v in submits(card(result)) if v["action"] == "show_card")
    await say(bot_server, None, show, reply_to_id=result.new_id)
    [again] = await say(bot_server, None, {"action": "start_check"}, reply_to_id=result.new_id)
    assert question_number(again) == 1
    assert updates_since(bot_server, before) == []


async def test_a_typed_answer_updates_nothing(bot_server: BotServer) -> None:
    await say(bot_server, "check")
    before = len(bot_server.connector.requests)
    [second] = await say(bot_server, "toepassen")
    assert question_number(second) == 2
    assert updates_since(bot_server, before) == []


async def test_back_resends_the_previous_question_with_buttons_and_updates_nothing(
    bot_server: BotServer, kb: Any, settings: Settings
) -> None:
    [first] = await say(bot_server, "check")
    [second] = await tap_card(bot_server, first, 0, 3)
    before = len(bot_server.connector.requests)
    [back] = await say(bot_server, "terug")
    assert question_number(back) == 1 and len(submits(card(back))) == 7
    assert "Je koos eerder: Duidelijk plan." in texts(back)
    [back_button] = await say(bot_server, None, {"action": BACK}, reply_to_id=back.new_id)
    assert rc.NOTES["first"] in texts(back_button)
    assert updates_since(bot_server, before) == []  # 'terug' is not an answer
    # Answering the re-sent question updates that card, not the first one.
    [again] = await tap_card(bot_server, back_button, 0, 1)
    [update] = updates_since(bot_server, before)
    assert_answered(update, back_button, kb, 0, "Verkennen")
    assert question_number(again) == 2 and second.new_id != again.new_id


async def test_a_colleagues_tap_updates_nothing(bot_server: BotServer) -> None:
    owner = load_fixture("a")
    colleague = load_fixture("a")
    colleague["from"] = {"id": "29:collega", "name": "Collega"}
    [first] = await say(bot_server, "<at>ridotest</at> check", fixture=owner)
    before = len(bot_server.connector.requests)
    [other] = await tap_card(bot_server, first, 0, 4, fixture=colleague)
    assert other.text == rc.OTHER_USER
    assert updates_since(bot_server, before) == []
    [second] = await tap_card(bot_server, first, 0, 2, fixture=owner)
    assert question_number(second) == 2
    [update] = updates_since(bot_server, before)
    assert update.activity_id == first.new_id


@pytest.mark.parametrize("status", [500, 404, 403])
async def test_a_failing_update_does_not_stop_the_check(
    bot_server: BotServer, settings: Settings, kb: Any, status: int,
    caplog: pytest.LogCaptureFixture
) -> None:
    """404/403 fail at once; a 500 is retried (botbuilder: by our aiohttp sender, as msrest
    did; the Agents SDK adapter: by its own retry) until it gives up. Either way the
    teacher gets the next question and the check goes on."""
    [first] = await say(bot_server, "check")
    attempts = 4 if status >= 500 else 1  # one try + three retries on 5xx
    bot_server.connector.fail_next(status, kinds=("update",), times=attempts)
    before = len(bot_server.connector.requests)
    with caplog.at_level(logging.WARNING, logger="dialogs.readiness"):
        [second] = await tap_card(bot_server, first, 0, 2)
    assert question_number(second) == 2 and len(submits(card(second))) == 7
    tried = updates_since(bot_server, before)
    assert [(r.status, r.activity_id) for r in tried] == [(status, first.new_id)] * attempts
    [line] = [r.getMessage() for r in caplog.records
              if "event=readiness_card_update_failed" in r.getMessage()]
    assert "index=0" in line and "channel=msteams" in line
    assert f"status={status}" in line
    assert kb.readiness.dimensions[0].question not in line and "Toepassen" not in line
    # The connector is back: the next tap is taken and its card updated.
    [third] = await tap_card(bot_server, second, 1, 4)
    assert question_number(third) == 3
    assert bot_server.connector.updates[-1].activity_id == second.new_id
    for index in range(2, 12):
        await say(bot_server, None, tap_value(index, 1))
    assert stored_answers(settings)[0]["flexibiliteit"] == 2
    assert stored_answers(settings)[0][DIMENSION_IDS[1]] == 4


# --- Slack -----------------------------------------------------------------------------------


async def test_slack_tap_updates_the_message_with_chat_update(slack: SlackEnv, kb: Any) -> None:
    await slack.click(block_actions({"action": "start_check"}))
    first = slack.api.posts()[-1]
    first_ts = "1700000001.000100"
    level_two = next(v for _, v in buttons(first["blocks"]) if v.get("level") == 2)
    assert (await slack.click(block_actions(level_two, message_ts=first_ts))).status == 200
    [update] = slack.api.posts("chat.update")
    assert update["ts"] == first_ts and update["channel"] == DM_CHANNEL
    shown = slack_texts(update["blocks"])
    assert "Vraag 1 van 12 · Flexibiliteit — jouw antwoord: Toepassen" in shown
    assert kb.readiness.dimensions[0].question in shown
    assert buttons(update["blocks"]) == []
    second = slack.api.posts()[-1]
    assert "Vraag 2 van 12" in slack_texts(second["blocks"]) and buttons(second["blocks"])


async def test_slack_update_failure_does_not_stop_the_check(slack: SlackEnv) -> None:
    await slack.click(block_actions({"action": "start_check"}))
    slack.api.fail_next("chat.update", 200, {"ok": False, "error": "message_not_found"})
    await slack.click(block_actions(tap_value(0, 3), message_ts="1700000001.000100"))
    assert len(slack.api.posts("chat.update")) == 1  # tried once, failed
    second = slack.api.posts()[-1]
    assert "Vraag 2 van 12" in slack_texts(second["blocks"])
    await slack.click(block_actions(tap_value(1, 3), message_ts="1700000002.000100"))
    assert "Vraag 3 van 12" in slack_texts(slack.api.posts()[-1]["blocks"])
    assert len(slack.api.posts("chat.update")) == 2


# --- terminal --------------------------------------------------------------------------------


async def test_terminal_choices_go_on_without_an_update(services: Any) -> None:
    from bot.router import Router
    from bot.terminal import TerminalChat, TerminalReplies

    out = io.StringIO()
    chat = TerminalChat(Router(services), TerminalReplies(out), "docent")
    await chat.line("check")
    await chat.line("2")  # a numbered choice: value + reply_to_id, but nothing to update
    shown = out.getvalue()
    assert "Vraag 2 van 12" in shown and "jouw antwoord" not in shown
    assert shown.count("Vraag 1 van 12") == 1
