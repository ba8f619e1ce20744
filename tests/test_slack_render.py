"""Block Kit from the same views as the Adaptive Cards: same content, same submit values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.render import actions, adaptive, slack, wording
from bot.render import readiness_cards as rc
from bot.render.views import (
    Answer,
    Details,
    FollowUp,
    Help,
    Notice,
    Tip,
    Welcome,
    choices,
    more_choice,
)
from bot.slack import outgoing
from bot.slack.conversation import Kind, SlackConversation
from bot.slack.translate import action_turn, event_turn, plain_text
from bot.tips.rotation import Audience, tip_for
from classifier.types import Classification
from tests.helpers_slack import BOT_USER, CHANNEL, TEAM, app_mention, block_actions, buttons

MARKS = {"fysiek": True, "online": True, "samenhang": None, "interactie": False}


def _views(kb: Any) -> list[Any]:
    card = kb.card(next(iter(kb.cards)))
    scenario = Classification(text="", intent="scenario", verdict="blended", card=card.id,
                              confidence=0.8, signals=MARKS)
    other = kb.card(list(kb.cards)[1])
    return [Answer(card=card, ref="r1"), Answer(card=card, classification=scenario, ref="r2",
                                               alternative=other),
            Answer(card=card, ref="r3", feedback_given=True), FollowUp(key="online", ref="r4"),
            FollowUp(key="kies-kaart", ref="r5", candidates=(card, other)), Welcome(), Help(),
            Notice("Klaar!", buttons=(("Wat kun je?", {"action": "help"}),))]


def test_every_view_has_the_same_buttons_as_its_adaptive_card(kb: Any) -> None:
    for view in _views(kb):
        blocks = slack.render(view)
        more = [more_choice(view)] if isinstance(view, Answer) else []  # a ShowCard in Teams
        assert buttons(blocks) == more + choices(view)
        card_buttons = [(a["title"], a["data"]) for a in adaptive.render(view).get("actions", [])
                        if a["type"] == "Action.Execute"]
        assert buttons(blocks) == more + card_buttons
        ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert len(ids) == len(set(ids))


def test_answer_blocks_show_verdict_first_and_the_card_on_request(kb: Any) -> None:
    view = _views(kb)[1]
    blocks = slack.render(view)
    assert blocks[0] == slack.header(f"✅ {wording.VERDICT['blended']}")
    shown = json.dumps(blocks, ensure_ascii=False)
    assert wording.SAW_LABEL in shown and wording.UNKNOWN_LABEL in shown
    assert "✓ fysiek deel" in shown and "✗ interactie" in shown
    assert view.card.body not in shown and wording.SOURCE_PREFIX not in shown
    assert buttons(blocks)[0] == (wording.MORE_BUTTON, actions.more(view.card.id, "r2"))
    details = slack.render(Details(card=view.card))
    assert details[0] == slack.header(view.card.title)
    context = [b for b in details if b["type"] == "context"]
    assert any(wording.SOURCE_PREFIX in json.dumps(c, ensure_ascii=False) for c in context)


def test_markdown_becomes_slack_mrkdwn_and_control_characters_are_escaped() -> None:
    assert slack.mrkdwn("**Let op** <b> & co\n- een\n- twee") == \
        "*Let op* &lt;b&gt; &amp; co\n• een\n• twee"
    assert slack.mrkdwn("[de kaart](https://x.nl/k)") == "<https://x.nl/k|de kaart>"


def test_block_kit_limits_are_respected() -> None:
    long = ("Een lange alinea over blended leren. " * 60 + "\n\n") * 5
    blocks = slack.render(Notice(long, buttons=(("x" * 200, {"action": "help"}),)))
    assert all(len(b["text"]["text"]) <= slack.MAX_SECTION for b in blocks
               if b["type"] == "section")
    assert len([b for b in blocks if b["type"] == "section"]) > 1
    assert len(blocks[-1]["elements"][0]["text"]["text"]) <= slack.MAX_BUTTON_TEXT
    assert len(slack.header("h" * 400)["text"]["text"]) <= slack.MAX_HEADER
    text = "\n\n".join(["x" * 2999] * 80)
    many = slack.render(Notice(text, buttons=(("a", {"action": "help"}),)))
    assert len(many) == slack.MAX_BLOCKS and many[-1]["type"] == "actions"


def test_a_slack_message_carries_the_views_blocks_and_its_text(kb: Any) -> None:
    view = Welcome()
    text, blocks = outgoing.message_for(view)
    assert blocks == slack.render(view) and wording.WELCOME_TITLE in text


def test_a_notice_without_buttons_is_its_text_in_sections_only() -> None:
    text, blocks = outgoing.message_for(Notice("**Let op** & dank"))
    assert text == slack.fallback_text("**Let op** & dank") == "*Let op* &amp; dank"
    assert blocks == slack.sections("**Let op** & dank")
    assert all(b["type"] != "actions" for b in blocks)


@pytest.mark.parametrize("make", [
    lambda kb: Welcome(), lambda kb: Help(),
    lambda kb: Notice("Kies", (("Ja", {"action": "help"}),)),
    lambda kb: Tip(tip_for(0, Audience.GROUP, kb.cards), "https://x.nl"),
    lambda kb: rc.ReadinessQuestion(kb.readiness, 3, "intro"),
    lambda kb: rc.ReadinessAnswered(kb.readiness, 3, 2),
], ids=["welcome", "help", "notice", "tip", "question", "answered"])
def test_every_view_reaches_slack_as_its_own_blocks(kb: Any, make: Any) -> None:
    view = make(kb)
    text, blocks = outgoing.message_for(view)
    # rendered for Slack, never an Adaptive Card converted
    assert blocks == slack.render(view) and blocks and text


def test_event_translation_to_our_turn() -> None:
    incoming = event_turn(app_mention("is dit <https://x.nl|blended>?"), BOT_USER, 4000)
    assert incoming is not None and incoming.kind is Kind.MESSAGE
    turn = incoming.turn
    assert turn.channel == "slack" and turn.user_id == "U061F7AUR"
    assert turn.address.bot_id == BOT_USER
    assert turn.address.conversation_type == "channel"
    assert incoming.where == SlackConversation(TEAM, CHANNEL, "1515449483.000108")
    assert turn.text == "is dit blended?" and turn.mentioned  # the mention taken out
    assert plain_text("<@U999> en <#C1|docenten> <!here>", BOT_USER) == "@iemand en #docenten @here"


def test_click_translation_carries_the_submit_value() -> None:
    value = {"action": "feedback", "card": "x", "helpful": True, "confidence": 0.7, "ref": "r"}
    incoming = action_turn(block_actions(value, message_ts="1.2"), BOT_USER)
    assert incoming is not None and incoming.kind is Kind.MESSAGE
    assert incoming.turn.value == value and incoming.turn.reply_to_id == "1.2"
    assert incoming.turn.address.conversation_type == "personal"


@pytest.mark.parametrize("conversation_id", ["T1", "", ";messageid=1"])
def test_address_rejects_foreign_conversation_ids(conversation_id: str) -> None:
    with pytest.raises(ValueError):
        SlackConversation.parse(conversation_id)
