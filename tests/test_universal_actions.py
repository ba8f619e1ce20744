"""Universal Actions: every card button is ``Action.Execute``, answered in place.

Driven as Teams drives it: the button JSON taken from a card the bot sent, posted back inside
a real ``adaptiveCard/action`` invoke (fixture f) over HTTP; the invoke response is read as
Teams reads it, and the stored effect is checked in the bot's SQLite file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.render import conversation_wording, wording
from bot.render import readiness_cards as rc
from bot.settings import Settings
from dialogs.answers import ANSWER
from tests.harness import BotServer, Recorded, load_fixture
from tests.helpers_cards import card_text
from tests.test_readiness_dialog import stored_answers

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

AC = "application/vnd.microsoft.card.adaptive"
KAHOOT = "Ik gebruik Kahoot in de les om te oefenen, is dat blended?"
INVOKE = load_fixture("f")


def rows(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(Path(settings.database_url.removeprefix("sqlite:///"))) as conn:
        return conn.execute(sql).fetchall()


def executes(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute on a card, body ActionSets first, as Teams would post them."""
    found: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item.get("type") == "ActionSet":
                found.extend(a for a in item["actions"] if a["type"] == "Action.Execute")
            walk(item.get("items", []))

    walk(content.get("body", []))
    return found + [a for a in content.get("actions", []) if a["type"] == "Action.Execute"]


def button(content: dict[str, Any], title: str) -> dict[str, Any]:
    [action] = [a for a in executes(content) if a["title"] == title]
    return action


def card(record: Recorded) -> dict[str, Any]:
    [attachment] = [a for a in record.attachments if a["contentType"] == AC]
    return attachment["content"]


async def click(server: BotServer, action: dict[str, Any], reply_to_id: str | None
                ) -> tuple[dict[str, Any], list[Recorded]]:
    """Post the invoke Teams sends for a tap on ``action``; the response and new messages."""
    invoke = json.loads(json.dumps(INVOKE))
    invoke["value"]["action"] = action
    if reply_to_id:
        invoke["replyToId"] = reply_to_id
    before = len(server.connector.activities)
    posted = await server.post_activity(invoke)
    assert posted.status == 200, posted.text
    return posted.json(), server.connector.activities[before:]


async def ask(server: BotServer, text: str) -> Recorded:
    """A typed question in the invoke's own personal chat, by the same teacher."""
    before = len(server.connector.activities)
    posted = await server.post_activity("b", text=text, conversation=INVOKE["conversation"],
                                        from_=INVOKE["from"])
    assert posted.status == 200, posted.text
    [answer] = server.connector.activities[before:]
    return answer


def test_every_button_is_execute_with_its_action_as_verb() -> None:
    from bot.render import adaptive
    from bot.render.views import Help

    actions = executes(adaptive.render(Help()))
    assert actions and all(a["verb"] == a["data"]["action"] for a in actions)


async def test_thumbs_up_updates_the_answer_card_in_place(
    bot_server: BotServer, settings: Settings
) -> None:
    answer = await ask(bot_server, KAHOOT)
    thumbs_up = button(card(answer), "👍 Behulpzaam")
    assert thumbs_up["verb"] == "feedback" and thumbs_up["data"]["helpful"] is True
    body, sent = await click(bot_server, thumbs_up, answer.new_id)
    assert body["statusCode"] == 200 and body["type"] == AC
    updated = body["value"]
    assert updated["type"] == "AdaptiveCard"
    assert wording.FEEDBACK_THANKS in card_text(updated)
    assert "Nog niet blended." in card_text(updated)  # the answer itself stays
    assert not [a for a in executes(updated) if a["verb"] == "feedback"]
    assert sent == [] and bot_server.connector.updates == []  # no second call needed
    assert rows(settings, "SELECT card_id, helpful, activity_id FROM feedback") == [
        ("mis-ict-inzet", 1, answer.new_id)]

    again, sent = await click(bot_server, thumbs_up, answer.new_id)  # the card stays as is
    assert again == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                     "value": wording.FEEDBACK_ALREADY}
    assert sent == [] and len(rows(settings, "SELECT * FROM feedback")) == 1


async def test_thumbs_down_replaces_the_card_and_asks_in_a_message_of_its_own(
    bot_server: BotServer, settings: Settings
) -> None:
    answer = await ask(bot_server, KAHOOT)
    body, sent = await click(bot_server, button(card(answer), "👎 Niet behulpzaam"),
                             answer.new_id)
    assert body["type"] == AC and wording.FEEDBACK_THANKS in card_text(body["value"])
    assert conversation_wording.WHAT_WAS_WRONG not in card_text(body["value"])
    [question] = sent  # the follow-up question is not merged into the answer card
    assert conversation_wording.WHAT_WAS_WRONG in card_text(card(question))
    assert rows(settings, "SELECT helpful FROM feedback") == [(0,)]


async def test_a_readiness_check_by_execute_answers_each_question_in_place(
    bot_server: BotServer, settings: Settings, kb: Any
) -> None:
    answer = await ask(bot_server, "help")
    start = button(card(answer), next(a["title"] for a in executes(card(answer))
                                      if a["verb"] == "start_check"))
    body, sent = await click(bot_server, start, answer.new_id)
    assert body["type"] == AC and sent == []
    question = body["value"]
    levels = [1, 2, 3, 4] * 3
    for index, level in enumerate(levels):
        dim = kb.readiness.dimensions[index]
        assert f"Vraag {index + 1} van 12" in card_text(question) and dim.question in card_text(
            question)
        [tap] = [a for a in executes(question)
                 if a["verb"] == ANSWER and a["data"].get("level") == level]
        body, sent = await click(bot_server, tap, "1:question-card")
        assert body["statusCode"] == 200 and body["type"] == AC, (index, body)
        question = body["value"]
        if index < len(levels) - 1:
            assert f"Vraag {index + 2} van 12" in card_text(question)  # the state advanced
            assert sent == [] and bot_server.connector.updates == []
    result = card_text(question)  # the result replaced the last question card
    assert rc.RESULT_TITLE in result and rc.STEPS_HEADING in result and " van 12 · " not in result
    assert any(a["verb"] == "start_check" for a in executes(question))
    assert stored_answers(settings) == [dict(zip([d.id for d in kb.readiness.dimensions],
                                                 levels, strict=True))]


async def test_an_old_action_submit_message_still_works(
    bot_server: BotServer, settings: Settings
) -> None:
    """Cards sent before Universal Actions post a message with ``value``; still understood."""
    answer = await ask(bot_server, KAHOOT)
    data = button(card(answer), "👍 Behulpzaam")["data"]
    before = len(bot_server.connector.requests)
    posted = await bot_server.post_activity(
        "e", text=None, value=data, reply_to_id=answer.new_id,
        conversation=INVOKE["conversation"], from_=INVOKE["from"])
    assert posted.status == 200
    [update] = [r for r in bot_server.connector.requests[before:] if r.kind == "update"]
    assert update.activity_id == answer.new_id
    assert wording.FEEDBACK_THANKS in card_text(card(update))
    assert rows(settings, "SELECT card_id, helpful FROM feedback") == [("mis-ict-inzet", 1)]
