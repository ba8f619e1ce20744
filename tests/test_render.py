"""Renderers: Adaptive Card 1.5 JSON and plain text from the same views, same buttons."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from bot.channels import botframework_reply as reply
from bot.render import actions, adaptive, text, wording
from bot.render.views import Answer, Details, FollowUp, Help, Notice, Welcome, choices
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
            "type": "object", "required": ["type", "title", "verb", "data"],
            "properties": {"type": {"const": "Action.Execute"},
                           "verb": {"type": "string", "minLength": 1},
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
    """The submit buttons of a card (ShowCard and OpenUrl have no submit value)."""
    return [(a["title"], a["data"]) for a in card.get("actions", [])
            if a["type"] == "Action.Execute"]


def show_card(card: dict[str, Any]) -> dict[str, Any]:
    [more] = [a for a in card["actions"] if a["type"] == "Action.ShowCard"]
    assert more["title"] == wording.MORE_BUTTON
    return more["card"]


def validate(card: dict[str, Any]) -> None:
    """The subset schema, for the card and for what its ShowCard opens."""
    extra = [a for a in card.get("actions", []) if a["type"] != "Action.Execute"]
    plain = {**card, "actions": buttons(card) and [
        a for a in card["actions"] if a["type"] == "Action.Execute"]}
    if not plain["actions"]:
        plain.pop("actions")
    jsonschema.validate(plain, AC_SUBSET_SCHEMA)
    for action in extra:
        assert action["type"] in ("Action.ShowCard", "Action.OpenUrl"), action
        if action["type"] == "Action.ShowCard":
            jsonschema.validate({**action["card"], "$schema": adaptive.SCHEMA},
                                AC_SUBSET_SCHEMA)


EVIDENCE = {"fysiek": "in de les", "online": "in de ELO", "samenhang": "daarna",
            "interactie": "in groepjes", "gelijktijdig_gesplitst": "tegelijk online"}


def scenario(card: str, verdict: str, **signals: bool | None) -> Classification:
    """A scenario whose evidence is there exactly for the signals that are stated."""
    base = {"fysiek": None, "online": None, "samenhang": None, "interactie": None,
            "gelijktijdig_gesplitst": None}
    values = {**base, **signals}
    return Classification(
        text="(niet gebruikt)", intent="scenario", verdict=verdict, card=card, confidence=0.82,
        alternatives=(Alternative("def-blended-leren", 0.31), Alternative("mis-ict-inzet", 0.1)),
        signals=values,
        evidence={k: (EVIDENCE[k] if v is not None else None) for k, v in values.items()},
        missing=tuple(k for k in ("fysiek", "online", "samenhang", "interactie")
                      if values[k] is None))


def test_lesson_answer_is_short_and_the_card_is_behind_lees_meer(kb: KnowledgeBase) -> None:
    card = kb.card("mis-video")
    view = Answer(card=card, classification=scenario("mis-video", "niet_blended", online=True,
                                                     fysiek=True, samenhang=False),
                  alternative=kb.card("def-interactie"), ref="abc123",
                  next_step=kb.card("tip-verbind"))
    json_card = adaptive.render(view)
    validate(json_card)
    shown = card_text(json_card)
    assert shown.splitlines()[0] == "🟠 Nog niet blended."
    assert '✓ fysiek deel: “in de les”' in shown
    assert '✓ online deel: “in de ELO”' in shown
    assert '✗ samenhang: “daarna”' in shown
    assert "Nog onbekend:** interactie" in shown
    assert "✓ interactie" not in shown  # nobody said it
    assert f"{wording.NEXT_STEP_LABEL}** {wording.NEXT_STEP['samenhang']}" in shown
    for hidden in (card.body, card.example.synchroon, card.verdict_hint, "Bron: "):
        assert hidden not in shown
    more = card_text(show_card(json_card))
    for part in (card.title, card.summary, card.body, card.example.synchroon,
                 card.example.asynchroon, card.verdict_hint):
        assert part in more
    assert "Bron: " + "; ".join(card.sources) in more
    assert buttons(json_card) == [
        ("Tip: Verbind online en offline",
         {"action": "show_card", "card": "tip-verbind", "ref": "abc123"}),
        ("Bedoelde je: Vormen van interactie?",
         {"action": "show_card", "card": "def-interactie", "ref": "abc123"}),
        ("👍 Behulpzaam", {"action": "feedback", "card": "mis-video", "helpful": True,
                          "confidence": 0.82, "ref": "abc123"}),
        ("👎 Niet behulpzaam", {"action": "feedback", "card": "mis-video", "helpful": False,
                               "confidence": 0.82, "ref": "abc123"}),
    ]


def test_answered_criteria_say_they_came_from_the_answer(kb: KnowledgeBase) -> None:
    c = replace(scenario("def-blended-leren", "blended", fysiek=True, online=True,
                         samenhang=True),
                answered=("samenhang",), missing=())
    c = replace(c, evidence={**c.evidence, "samenhang": None})
    view = Answer(card=kb.card("def-blended-leren"), classification=c,
                  quotes={"samenhang": "ja dat bouwt op elkaar voort"})
    shown = card_text(adaptive.render(view))
    assert "✓ samenhang, uit je antwoord “ja dat bouwt op elkaar voort”" in shown
    assert wording.UNKNOWN_LABEL not in shown


def test_blended_verdict_and_split_group_warning(kb: KnowledgeBase) -> None:
    view = Answer(card=kb.card("def-blended-leren"),
                  classification=scenario("def-blended-leren", "blended", fysiek=True,
                                          online=True, samenhang=True, interactie=True,
                                          gelijktijdig_gesplitst=True))
    json_card = adaptive.render(view)
    shown = card_text(json_card)
    assert "Ja, dit is blended." in shown
    assert wording.SPLIT_WARNING in shown
    assert wording.UNKNOWN_LABEL not in shown  # nothing missing
    assert wording.WHY_NOT_YET not in card_text(show_card(json_card))


def test_a_belief_is_named_a_misconception_without_a_checklist(kb: KnowledgeBase) -> None:
    card = kb.card("mis-bezuiniging")
    belief = Classification(text="blended is toch een bezuiniging?", intent="scenario",
                            verdict="niet_blended", card=card.id, confidence=0.7,
                            signals={"fysiek": None, "online": None, "samenhang": None,
                                     "interactie": None, "bezuiniging": True},
                            evidence={"fysiek": None, "online": None})
    view = Answer(card=card, classification=belief, ref="r")
    assert view.mode == "belief" and view.verdict is None
    json_card = adaptive.render(view)
    shown = card_text(json_card)
    assert shown.splitlines()[0] == f"💡 {wording.MISCONCEPTION_HEADING}"
    assert card.title in shown and card.stellingen[0] in shown
    assert card.summary.removeprefix("Nee.").strip() in shown
    for absent in (wording.SAW_LABEL, wording.UNKNOWN_LABEL, "Nog niet blended",
                   wording.NEXT_STEP_LABEL, "Omdat "):
        assert absent not in shown


def test_a_question_gets_no_verdict_and_a_plain_card_no_why(kb: KnowledgeBase) -> None:
    question = Classification(text="", intent="question", verdict=None,
                              card="def-synchroon-asynchroon", confidence=0.9)
    card = kb.card("def-synchroon-asynchroon")
    for view in (Answer(card=card, classification=question), Answer(card=card)):
        json_card = adaptive.render(view)
        validate(json_card)
        shown = card_text(json_card)
        assert not any(v in shown for v in wording.VERDICT.values())
        assert wording.SAW_LABEL not in shown
        assert shown.splitlines()[:2] == [card.title, card.summary]
        assert card.example.asynchroon in card_text(show_card(json_card))


def test_feedback_given_replaces_the_feedback_buttons(kb: KnowledgeBase) -> None:
    view = Answer(card=kb.card("mis-hybride"), ref="r", feedback_given=True)
    json_card = adaptive.render(view)
    assert wording.FEEDBACK_THANKS in card_text(json_card)
    assert [data["action"] for _, data in buttons(json_card)] == []
    assert show_card(json_card)  # "Lees meer" stays


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
    lambda kb: Answer(card=kb.card("mis-video"), alternative=kb.card("def-interactie"),
                      classification=scenario("mis-video", "niet_blended", online=True),
                      ref="q1", next_step=kb.card("tip-begin-klein")),
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
    more = [c for c in rendered.choices if c[1]["action"] == actions.MORE]
    assert [c for c in rendered.choices if c not in more] == buttons(json_card) == choices(view)
    assert bool(more) == isinstance(view, Answer)  # "Lees meer": ShowCard in Teams
    for block in card_text(json_card).splitlines():
        words = block.replace("**", "").replace("- ", "").strip()
        if words and block != wording.HOW_MENTION:  # @mentions are for Teams only
            assert words in rendered.text.replace("**", ""), words
    numbered = text.format_choices(rendered.choices)
    assert numbered.splitlines()[0] == f"1. {rendered.choices[0][0]}"
    assert len(numbered.splitlines()) == len(rendered.choices)


def test_text_answer_reads_as_plain_markdown_with_meer(kb: KnowledgeBase) -> None:
    card = kb.card("mis-ict-inzet")
    view = Answer(card=card, classification=scenario(
        "mis-ict-inzet", "niet_blended", fysiek=True, online=True),
        alternative=kb.card("mis-video"), ref="r", next_step=kb.card("tip-verbind"))
    rendered = text.render(view)
    assert rendered.text.startswith("**🟠 Nog niet blended.**")
    assert wording.MORE_HINT in rendered.text
    assert card.example.synchroon not in rendered.text
    assert [v["action"] for _, v in rendered.choices] == [
        "more", "show_card", "show_card", "feedback", "feedback"]
    details = text.render(Details(card=card, text="", lesson=True)).text
    assert f"**Synchroon:** {card.example.synchroon}" in details
    assert f"**Asynchroon:** {card.example.asynchroon}" in details
    assert wording.why_not_yet(card.verdict_hint or "") in details
    assert details.rstrip().endswith("; ".join(card.sources))


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


def test_card_reply_replaces_with_the_first_card_and_sends_the_rest(kb: KnowledgeBase) -> None:
    """An Action.Execute reply: a leading text joins the first card, later cards stay apart."""
    note = reply.to_activity(Notice(wording.FEEDBACK_THANKS), "msteams")
    first = reply.to_activity(FollowUp(key="online", ref="r"), "msteams")
    second = reply.to_activity(Help(), "msteams")
    card, rest = reply.card_reply([note, first, second])
    assert card is not None
    jsonschema.validate(card, AC_SUBSET_SCHEMA)
    lines = card_text(card).splitlines()
    assert lines[0] == wording.FEEDBACK_THANKS and wording.FOLLOW_UP_QUESTION["online"] in lines
    assert wording.HELP_TITLE not in lines
    assert [t for t, _ in buttons(card)] == ["Ja", "Nee", "Weet ik niet"]
    assert rest == [second]
    assert reply.card_reply([note]) == (None, [note])
    assert reply.card_reply([]) == (None, [])


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
