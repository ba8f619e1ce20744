"""Question and result cards: valid Adaptive Card 1.5 subsets, and the same buttons as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jsonschema
import pytest

from bot.channels.botframework_reply import to_activity
from bot.render import readiness_cards as rc
from bot.render import slack
from bot.render.radar import radar_png
from dialogs.answers import ANSWER, BACK, STOP, parse_reply
from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.readiness_model import DIMENSION_IDS

_SPACING = {"enum": ["None", "Small", "Default", "Medium", "Large"]}
_TEXT_BLOCK = {
    "type": "object", "required": ["type", "text", "wrap"],
    "properties": {"type": {"const": "TextBlock"}, "text": {"type": "string", "minLength": 1},
                   "wrap": {"const": True},
                   "size": {"enum": ["Small", "Default", "Medium", "Large"]},
                   "weight": {"enum": ["Default", "Bolder"]},
                   "color": {"enum": ["Default", "Attention"]},
                   "isSubtle": {"type": "boolean"}, "spacing": _SPACING},
    "additionalProperties": False,
}
_SUBMIT = {
    "type": "object", "required": ["type", "title", "verb", "data"],
    "properties": {"type": {"const": "Action.Execute"},
                   "verb": {"type": "string", "minLength": 1},
                   "title": {"type": "string", "minLength": 1, "maxLength": 40},
                   "data": {"type": "object", "required": ["action"]}},
    "additionalProperties": False,
}
_ACTION_SET = {
    "type": "object", "required": ["type", "actions"],
    "properties": {"type": {"const": "ActionSet"},
                   "actions": {"type": "array", "minItems": 1, "maxItems": 6, "items": _SUBMIT}},
    "additionalProperties": False,
}
_FACT_SET = {
    "type": "object", "required": ["type", "facts"],
    "properties": {"type": {"const": "FactSet"}, "facts": {"type": "array", "items": {
        "type": "object", "required": ["title", "value"], "additionalProperties": False,
        "properties": {"title": {"type": "string"}, "value": {"type": "string"}}}}},
    "additionalProperties": False,
}
_IMAGE = {
    "type": "object", "required": ["type", "url", "altText"],
    "properties": {"type": {"const": "Image"}, "url": {"type": "string",
                                                        "pattern": "^(data:image/png;base64,|https?://)"},
                   "altText": {"type": "string", "minLength": 1},
                   "size": {"const": "Stretch"}, "horizontalAlignment": {"const": "Center"}},
    "additionalProperties": False,
}
_CONTAINER = {
    "type": "object", "required": ["type", "items"],
    "properties": {"type": {"const": "Container"},
                   "items": {"type": "array", "items": {"$ref": "#/$defs/element"}},
                   "style": {"enum": ["emphasis", "accent"]}, "spacing": _SPACING},
    "additionalProperties": False,
}
CARD_SCHEMA: dict[str, Any] = {
    "$defs": {"element": {"oneOf": [_TEXT_BLOCK, _FACT_SET, _CONTAINER, _ACTION_SET, _IMAGE]}},
    "type": "object", "required": ["type", "$schema", "version", "body"],
    "properties": {
        "type": {"const": "AdaptiveCard"},
        "$schema": {"const": "http://adaptivecards.io/schemas/adaptive-card.json"},
        "version": {"const": "1.5"},
        "body": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/element"}},
        "actions": {"type": "array", "maxItems": 6, "items": _SUBMIT},
    },
    "additionalProperties": False,
}
NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


@cache
def _kb() -> KnowledgeBase:
    return load_knowledge()


def titles() -> dict[str, str]:
    kb = _kb()
    return {c: kb.card(c).title for d in kb.readiness.dimensions for c in d.cards}


def view(answers: dict[str, int | None], previous: dict[str, int | None] | None = None,
         chart: bool = True) -> rc.ResultView:
    readiness = _kb().readiness
    url = None
    if chart:
        import base64

        png = radar_png([d.short_label for d in readiness.dimensions],
                        [answers[d] for d in DIMENSION_IDS],
                        [previous[d] for d in DIMENSION_IDS] if previous else None)
        url = "data:image/png;base64," + base64.b64encode(png).decode()
    return rc.ResultView(readiness, answers, NOW, titles(), url, previous,
                         datetime(2026, 1, 10, tzinfo=UTC) if previous else None)


@pytest.mark.parametrize("index", range(12))
@pytest.mark.parametrize("note", [None, "intro", "invalid", "stale", "back", "resume",
                                  "continue", "restart", "first"])
def test_question_cards_are_valid(index: int, note: str | None) -> None:
    readiness = _kb().readiness
    card = rc.question_card(rc.ReadinessQuestion(readiness, index, note, earlier=2,
                                                 has_earlier=note == "back"))
    jsonschema.validate(card, CARD_SCHEMA)
    texts = json.dumps(card, ensure_ascii=False)
    assert f"Vraag {index + 1} van 12" in texts
    for option in readiness.dimensions[index].options:
        assert option in texts
    assert ("Je koos eerder: Toepassen." in texts) == (note == "back")


@pytest.mark.parametrize("index", range(12))
@pytest.mark.parametrize(("level", "label"), [(2, "Toepassen"), (4, "Verankerd"),
                                              (None, "Weet ik niet")])
def test_answered_cards_are_valid_and_have_no_buttons(index: int, level: int | None,
                                                      label: str) -> None:
    readiness = _kb().readiness
    dim = readiness.dimensions[index]
    card = rc.answered_card(rc.ReadinessAnswered(readiness, index, level))
    jsonschema.validate(card, CARD_SCHEMA)
    assert "actions" not in card and all(e["type"] == "TextBlock" for e in card["body"])
    assert card["body"][0]["text"] == (
        f"Vraag {index + 1} van 12 · {dim.label} — jouw antwoord: {label}")
    assert card["body"][1]["text"] == dim.question
    text = to_activity(rc.ReadinessAnswered(readiness, index, level), "terminal")
    assert text.attachments is None and not text.suggested_actions
    assert f"jouw antwoord: {label}" in text.text and dim.question in text.text


def test_question_buttons_are_the_numbered_choices_of_the_text_version() -> None:
    readiness = _kb().readiness
    card = rc.question_card(rc.ReadinessQuestion(readiness, 4))
    [action_set] = [e for e in card["body"] if e["type"] == "ActionSet"]
    card_values = [a["data"] for a in action_set["actions"]] + [a["data"] for a in
                                                                 card["actions"]]
    text_values = [value for _, value in rc.question_choices(readiness, 4, long=True)]
    assert card_values == text_values
    dim = DIMENSION_IDS[4]
    assert card_values[:5] == [{"action": ANSWER, "dimension": dim, "level": n}
                               for n in (1, 2, 3, 4, 0)]
    assert card_values[5:] == [{"action": BACK}, {"action": STOP}]
    # Typing the number of a choice means the same as tapping it.
    for number, value in enumerate(text_values, 1):
        typed = parse_reply(readiness, dim, str(number))
        tapped = parse_reply(readiness, dim, None, value)
        assert typed == tapped


def test_question_text_activity_has_numbered_suggested_actions() -> None:
    activity = to_activity(rc.ReadinessQuestion(_kb().readiness, 0, "intro"), "terminal")
    assert activity.attachments in (None, [])
    assert activity.text.startswith(rc.INTRO)
    labels = [a.title for a in activity.suggested_actions.actions]
    assert labels[0].startswith("Verkennen: ") and labels[4:] == ["Weet ik niet", "← Terug",
                                                                  "Stop"]
    card_activity = to_activity(rc.ReadinessQuestion(_kb().readiness, 0), "msteams")
    assert card_activity.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"


@pytest.mark.parametrize("answers", [
    dict.fromkeys(DIMENSION_IDS, 2),
    dict.fromkeys(DIMENSION_IDS),
    dict.fromkeys(DIMENSION_IDS, 4),
    dict(zip(DIMENSION_IDS, [1, None, 2, None, 3, None, 4, None, 1, None, 2, None],
             strict=True)),
], ids=["all-two", "all-unknown", "all-anchored", "alternating"])
def test_result_cards_are_valid_and_small(answers: dict[str, int | None]) -> None:
    previous = dict.fromkeys(DIMENSION_IDS, 1)
    for v in (view(answers), view(answers, previous)):
        card = rc.result_card(v)
        jsonschema.validate(card, CARD_SCHEMA)
        assert len(json.dumps(card).encode()) < 26 * 1024
        shown = json.dumps(card, ensure_ascii=False)
        assert "Ingevuld op 4 mei 2026" in shown
        assert ("Sinds je vorige check (10 januari 2026)" in shown) == (v.previous is not None)


def test_result_buttons_link_each_card_once() -> None:
    # Financiering and faciliteiten both link tip-gebruik-wat-er-is and advies-faciliteiten.
    answers = dict.fromkeys(DIMENSION_IDS, 4) | {"financiering": 1, "faciliteiten": 1}
    card = rc.result_card(view(answers, chart=False))
    shown = [a["data"]["card"] for e in card["body"] if e["type"] == "ActionSet"
             for a in e["actions"]]
    assert shown == ["tip-gebruik-wat-er-is", "advies-faciliteiten"]
    assert not any(e["type"] == "Image" for e in card["body"])


def test_result_text_has_bars_steps_and_buttons() -> None:
    answers = dict.fromkeys(DIMENSION_IDS, 3) | {"interactie": None, "delen": 1}
    rendered = rc.result_text(view(answers, dict.fromkeys(DIMENSION_IDS, 2), chart=False))
    text, choices = rendered.text, rendered.choices
    assert "- ●●●○ Flexibiliteit: Duidelijk plan" in text
    assert "- ???? Interactie: Weet ik niet" in text
    assert "- ●○○○ Delen en community: Verkennen" in text
    assert "**1. Delen en community.**" in text and "Sinds je vorige check" in text
    assert choices[-1] == (rc.AGAIN_BUTTON, {"action": "start_check"})
    assert all(v["action"] == "show_card" for _, v in choices[:-1])


def _slack_buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("index", [0, 7, 11])
def test_slack_question_has_the_same_buttons_and_unique_action_ids(index: int) -> None:
    readiness = _kb().readiness
    blocks = slack.render(rc.ReadinessQuestion(readiness, index, "back", earlier=3,
                                               has_earlier=True))
    values = [json.loads(e["value"]) for e in _slack_buttons(blocks)]
    assert values == [v for _, v in rc.question_choices(readiness, index, long=False)]
    ids = [e["action_id"] for e in _slack_buttons(blocks)]
    assert len(ids) == len(set(ids))
    shown = json.dumps(blocks, ensure_ascii=False)
    assert f"Vraag {index + 1} van 12" in shown and "Je koos eerder: Duidelijk plan." in shown
    assert "3. Duidelijk plan* ✓" in shown  # the earlier answer is marked (Slack bold)
    for option in readiness.dimensions[index].options:
        assert option in shown


def test_slack_result_shows_steps_buttons_and_a_linked_chart() -> None:
    answers = dict.fromkeys(DIMENSION_IDS, 4) | {"financiering": 1, "faciliteiten": 1}
    chart = "https://blendbot.test/charts/readiness/7.png?k=abc"
    result = rc.ResultView(_kb().readiness, answers, NOW, titles(), chart)
    blocks = slack.render(result)
    assert blocks[0] == slack.header(rc.RESULT_TITLE) and len(blocks) <= slack.MAX_BLOCKS
    assert {"type": "image", "image_url": chart, "alt_text": rc.CHART_ALT} in blocks
    values = [json.loads(e["value"]) for e in _slack_buttons(blocks)]
    assert [v.get("card") for v in values[:-1]] == ["tip-gebruik-wat-er-is",
                                                    "advies-faciliteiten"]
    assert values[-1] == {"action": "start_check"}
    inline = rc.ResultView(_kb().readiness, answers, NOW, titles(), "data:image/png;base64,AA")
    assert not any(b["type"] == "image" for b in slack.render(inline))  # Slack needs a URL


def test_slack_answered_question_has_no_buttons() -> None:
    blocks = slack.render(rc.ReadinessAnswered(_kb().readiness, 2, None))
    assert not _slack_buttons(blocks) and "jouw antwoord: Weet ik niet" in json.dumps(
        blocks, ensure_ascii=False)
