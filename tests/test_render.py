"""Renderers: Adaptive Card 1.5 JSON and plain text from the same views, same buttons."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from bot.render import actions, adaptive, reply, text, wording
from bot.render.views import Answer, FollowUp, Help, Notice, Welcome, choices
from classifier.types import Alternative, Classification
from knowledge.loader import KnowledgeBase, load_knowledge
from tests.helpers_cards import card_text

#: The part of the Adaptive Card 1.5 schema our cards use, strict about what we rely on.
_TEXT_BLOCK = {
    "type": "object",
    "required": ["type", "text", "wrap"],
    "properties": {"type": {"const": "TextBlock"}, "text": {"type": "string", "minLength": 1},
                   "wrap": {"const": True},
                   "size": {"enum": ["Small", "Default", "Medium", "Large", "ExtraLarge"]},
                   "weight": {"enum": ["Lighter", "Default", "Bolder"]},
                   "color": {"enum": ["Default", "Dark", "Light", "Accent", "Good", "Warning",
                                      "Attention"]},
                   "isSubtle": {"type": "boolean"},
                   "spacing": {"enum": ["None", "Small", "Default", "Medium", "Large"]}},
    "additionalProperties": False,
}
_FACT_SET = {
    "type": "object", "required": ["type", "facts"],
    "properties": {"type": {"const": "FactSet"}, "facts": {"type": "array"}},
}
_CONTAINER = {
    "type": "object", "required": ["type", "items"],
    "properties": {"type": {"const": "Container"},
                   "items": {"type": "array", "items": {"$ref": "#/$defs/element"}},
                   "style": {"enum": ["default", "emphasis", "good", "attention", "warning",
                                      "accent"]},
                   "spacing": {"enum": ["None", "Small", "Default", "Medium", "Large"]}},
    "additionalProperties": False,
}
AC_SUBSET_SCHEMA: dict[str, Any] = {
    "$defs": {"element": {"oneOf": [_TEXT_BLOCK, _FACT_SET, _CONTAINER]}},
    "type": "object",
    "required": ["type", "$schema", "version", "body"],
    "properties": {
        "type": {"const": "AdaptiveCard"},
        "$schema": {"const": "http://adaptivecards.io/schemas/adaptive-card.json"},
        "version": {"const": "1.5"},
        "body": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/element"}},
        "actions": {"type": "array", "items": {
            "type": "object", "required": ["type", "title", "data"],
            "properties": {"type": {"const": "Action.Submit"},
                           "title": {"type": "string", "minLength": 1},
                           "data": {"type": "object", "required": ["action"]}},
            "additionalProperties": False}},
    },
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def buttons(card: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(a["title"], a["data"]) for a in card.get("actions", [])]


def scenario(card: str, verdict: str, **signals: bool | None) -> Classification:
    base = {"fysiek": None, "online": None, "samenhang": None, "interactie": None,
            "gelijktijdig_gesplitst": None}
    return Classification(
        text="(niet gebruikt)", intent="scenario", verdict=verdict, card=card, confidence=0.82,
        alternatives=(Alternative("def-blended-leren", 0.31), Alternative("mis-ict-inzet", 0.1)),
        signals={**base, **signals})


def test_answer_card_for_a_misconception_has_everything(kb: KnowledgeBase) -> None:
    card = kb.card("mis-video")
    view = Answer(card=card, classification=scenario("mis-video", "niet_blended", online=True,
                                                     fysiek=True, samenhang=False),
                  alternative=kb.card("def-blended-leren"), ref="abc123")
    json_card = adaptive.render(view)
    jsonschema.validate(json_card, AC_SUBSET_SCHEMA)
    shown = card_text(json_card)
    assert "Nog niet blended." in shown
    assert wording.SAW_HEADING in shown and wording.MISSING_HEADING in shown
    assert f"✓ {wording.SIGNAL_LABEL['online']}" in shown
    assert f"✓ {wording.SIGNAL_LABEL['fysiek']}" in shown
    assert f"✗ {wording.SIGNAL_LABEL['samenhang']}" in shown
    assert f"? {wording.SIGNAL_LABEL['interactie']}" in shown
    for part in (card.title, card.summary, card.body, card.example.synchroon,
                 card.example.asynchroon, card.verdict_hint):
        assert part in shown
    assert "**Synchroon:**" in shown and "**Asynchroon:**" in shown
    assert "Bron: " + "; ".join(card.sources) in shown
    assert buttons(json_card) == [
        ("Bedoelde je: Wat is blended leren?",
         {"action": "show_card", "card": "def-blended-leren", "ref": "abc123"}),
        ("👍 Behulpzaam", {"action": "feedback", "card": "mis-video", "helpful": True,
                          "confidence": 0.82, "ref": "abc123"}),
        ("👎 Niet behulpzaam", {"action": "feedback", "card": "mis-video", "helpful": False,
                               "confidence": 0.82, "ref": "abc123"}),
        ("Start de readiness check", {"action": "start_check"}),
    ]


def test_blended_verdict_and_split_group_warning(kb: KnowledgeBase) -> None:
    view = Answer(card=kb.card("def-blended-leren"),
                  classification=scenario("def-blended-leren", "blended", fysiek=True,
                                          online=True, samenhang=True, interactie=True,
                                          gelijktijdig_gesplitst=True))
    shown = card_text(adaptive.render(view))
    assert "Ja, dit is blended." in shown
    assert wording.SPLIT_WARNING in shown
    assert wording.MISSING_HEADING not in shown  # nothing missing
    assert wording.WHY_NOT_YET not in shown  # only misconceptions have a verdict hint


def test_a_question_gets_no_verdict_and_a_plain_card_no_why(kb: KnowledgeBase) -> None:
    question = Classification(text="", intent="question", verdict=None,
                              card="def-synchroon-asynchroon", confidence=0.9)
    for view in (Answer(card=kb.card("def-synchroon-asynchroon"), classification=question),
                 Answer(card=kb.card("def-synchroon-asynchroon"))):
        json_card = adaptive.render(view)
        jsonschema.validate(json_card, AC_SUBSET_SCHEMA)
        shown = card_text(json_card)
        assert not any(v in shown for v in wording.VERDICT.values())
        assert wording.SAW_HEADING not in shown
        assert kb.card("def-synchroon-asynchroon").example.asynchroon in shown


def test_feedback_given_replaces_the_feedback_buttons(kb: KnowledgeBase) -> None:
    view = Answer(card=kb.card("mis-hybride"), ref="r", feedback_given=True)
    json_card = adaptive.render(view)
    assert wording.FEEDBACK_THANKS in card_text(json_card)
    assert [data["action"] for _, data in buttons(json_card)] == ["start_check"]


def test_follow_up_cards(kb: KnowledgeBase) -> None:
    yes_no = adaptive.render(FollowUp(key="online", ref="r1"))
    jsonschema.validate(yes_no, AC_SUBSET_SCHEMA)
    assert "Doen je studenten ook iets online dat aansluit op de les?" in card_text(yes_no)
    assert buttons(yes_no) == [
        ("Ja", {"action": "follow_up", "key": "online", "answer": "ja", "ref": "r1"}),
        ("Nee", {"action": "follow_up", "key": "online", "answer": "nee", "ref": "r1"}),
        ("Weet ik niet", {"action": "follow_up", "key": "online", "answer": "weet_niet",
                          "ref": "r1"}),
    ]
    candidates = (kb.card("mis-video"), kb.card("def-blended-leren"))
    choose = adaptive.render(FollowUp(key="kies-kaart", ref="r2", candidates=candidates))
    jsonschema.validate(choose, AC_SUBSET_SCHEMA)
    assert wording.FOLLOW_UP_CHOOSE in card_text(choose)
    assert [(t, d["answer"]) for t, d in buttons(choose)] == [
        ('Bedoel je: "Blended is video in het onderwijs"?', "mis-video"),
        ("Bedoel je: Wat is blended leren?", "def-blended-leren"),
        ("Geen van deze", "geen"),
    ]


def test_welcome_and_help(kb: KnowledgeBase) -> None:
    welcome = adaptive.render(Welcome())
    jsonschema.validate(welcome, AC_SUBSET_SCHEMA)
    shown = card_text(welcome)
    assert "Typ: **check**" in shown and "Typ: **tips aan**" in shown
    assert len(wording.EXAMPLE_QUESTIONS) == 2
    assert all(q in shown for q in wording.EXAMPLE_QUESTIONS)
    assert [d["action"] for _, d in buttons(welcome)] == ["start_check", "tips_on"]
    help_card = adaptive.render(Help())
    jsonschema.validate(help_card, AC_SUBSET_SCHEMA)
    assert "**tips aan**" in card_text(help_card) and "**vergeet mij**" in card_text(help_card)


@pytest.mark.parametrize("make_view", [
    lambda kb: Answer(card=kb.card("mis-video"), alternative=kb.card("def-blended-leren"),
                      classification=scenario("mis-video", "niet_blended", online=True),
                      ref="q1"),
    lambda kb: FollowUp(key="samenhang", ref="q2"),
    lambda kb: FollowUp(key="kies-kaart", ref="q3",
                        candidates=(kb.card("mis-hybride"), kb.card("mis-afstandsleren"))),
    lambda kb: Welcome(),
    lambda kb: Help(),
    lambda kb: Notice("Kies maar.", ((wording.START_CHECK, actions.start_check()),)),
])
def test_text_renderer_has_the_same_content_and_buttons(kb: KnowledgeBase, make_view) -> None:
    view = make_view(kb)
    json_card = adaptive.render(view)
    rendered = text.render(view)
    assert rendered.choices == buttons(json_card) == choices(view)
    for block in card_text(json_card).splitlines():
        words = block.replace("**", "").replace("- ", "").strip()
        if words and block != wording.HOW_MENTION:  # @mentions are for Teams only
            assert words in rendered.text.replace("**", ""), words
    numbered = text.format_choices(rendered.choices)
    assert numbered.splitlines()[0] == f"1. {rendered.choices[0][0]}"
    assert len(numbered.splitlines()) == len(rendered.choices)


def test_text_answer_reads_as_plain_markdown(kb: KnowledgeBase) -> None:
    card = kb.card("mis-ict-inzet")
    rendered = text.render(Answer(card=card, classification=scenario(
        "mis-ict-inzet", "niet_blended", fysiek=True, online=True),
        alternative=kb.card("mis-video")))
    assert rendered.text.startswith("🟠 **Nog niet blended.**")
    assert f"- Synchroon: {card.example.synchroon}" in rendered.text
    assert f"- Asynchroon: {card.example.asynchroon}" in rendered.text
    assert rendered.text.rstrip().endswith("; ".join(card.sources))
    assert [v["action"] for _, v in rendered.choices] == [
        "show_card", "feedback", "feedback", "start_check"]


def test_reply_picks_cards_or_text_per_channel(kb: KnowledgeBase) -> None:
    view = FollowUp(key="online", ref="r9")
    teams = reply.to_activity(view, "msteams")
    assert teams.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"
    assert reply.card_of(teams) == adaptive.render(view)
    terminal = reply.to_activity(view, "terminal")
    assert terminal.attachments is None
    assert [(a.title, a.value) for a in terminal.suggested_actions.actions] == choices(view)
    plain = reply.to_activity(Notice("Hallo"), "msteams")
    assert plain.text == "Hallo" and not plain.attachments


def test_merge_cards_keeps_bodies_in_order_and_last_buttons(kb: KnowledgeBase) -> None:
    first = reply.to_activity(Notice(wording.FEEDBACK_THANKS), "msteams")
    second = reply.to_activity(FollowUp(key="online", ref="r"), "msteams")
    merged = reply.merge_cards([first, second])
    jsonschema.validate(merged, AC_SUBSET_SCHEMA)
    lines = card_text(merged).splitlines()
    assert lines[0] == wording.FEEDBACK_THANKS and wording.FOLLOW_UP_QUESTION["online"] in lines
    assert [t for t, _ in buttons(merged)] == ["Ja", "Nee", "Weet ik niet"]
    assert card_text(reply.merge_cards([])) == wording.DONE


def test_signal_lines_follow_display_order_and_skip_unknown_names() -> None:
    saw, missing = wording.signal_lines({"interactie": True, "fysiek": True, "online": False,
                                         "alleen_tool": True})
    assert saw == [f"✓ {wording.SIGNAL_LABEL['fysiek']}",
                   f"✓ {wording.SIGNAL_LABEL['interactie']}"]
    assert missing == [f"✗ {wording.SIGNAL_LABEL['online']}"]
    assert wording.pattern_notes({"gelijktijdig_gesplitst": False}, "mis-hybride") == []


def test_pattern_note_names_what_was_seen_only_on_its_own_card() -> None:
    signals = {"alleen_opname": True, "gelijktijdig_gesplitst": None}
    video_note = wording.PATTERN_NOTES["alleen_opname"][1]
    assert wording.pattern_notes(signals, "mis-video") == [video_note]
    assert wording.pattern_notes(signals, "def-blended-leren") == []
    split = {"gelijktijdig_gesplitst": True, "alleen_opname": True}
    assert wording.pattern_notes(split, "mis-hybride") == [wording.SPLIT_WARNING]
