"""Issue 13 through the Teams protocol: short answers, Lees meer, and the follow-up talk.

Every conversation here is real activity JSON posted over HTTP to the running app; the
replies are caught at the local connector stand-in. Typed answers are plain messages,
taps are message activities with the button's submit value, as Teams sends them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.render import actions, wording
from bot.settings import Settings
from knowledge.taxonomy import BLENDED_CARD_ID, MISCONCEPTION_IDS
from tests.harness import BotServer, Recorded
from tests.helpers_cards import card_text
from tests.helpers_words import adaptive_visible, words

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

AC = "application/vnd.microsoft.card.adaptive"
MAX_FIRST_VIEW = 120

BLENDED = ("Studenten kijken thuis een kennisclip in de ELO en maken er een online quiz bij. "
           "In de les bouwen we daarop voort: ze oefenen in groepjes met de casus.")
NOT_BLENDED = "Ik gebruik het digibord en Kahoot in de les om te oefenen. Is dat blended?"
VAGUE = "bij bouwkunde doen we ook wat online"
BELIEF = "blended is toch gewoon een verkapte bezuiniging?"
CONCEPT = "Wat is het verschil tussen synchroon en asynchroon leren?"
INSIST = "dit klopt echt niet, mijn les is wel degelijk blended"


def card(record: Recorded) -> dict[str, Any]:
    [attachment] = [a for a in record.attachments if a["contentType"] == AC]
    return attachment["content"]


def submits(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["title"]: a["data"] for a in content.get("actions", [])
            if a["type"] == "Action.Execute"}


def more_card(content: dict[str, Any]) -> dict[str, Any]:
    [more] = [a for a in content["actions"] if a["type"] == "Action.ShowCard"]
    assert more["title"] == wording.MORE_BUTTON
    return more["card"]


async def say(bot_server: BotServer, text: str) -> dict[str, Any]:
    """A typed message in the personal chat; the bot's one reply card."""
    before = len(bot_server.connector.activities)
    posted = await bot_server.post_activity("b", text=text)
    assert posted.status == 200, posted.text
    replies = bot_server.connector.activities[before:]
    assert len(replies) == 1, [r.text for r in replies]
    assert replies[0].attachments, replies[0].text
    return card(replies[0])


async def tap(bot_server: BotServer, value: dict[str, Any]) -> dict[str, Any]:
    """A button press as Teams sends it: a message with the submit value and no text."""
    before = len(bot_server.connector.activities)
    posted = await bot_server.post_activity("b", text=None, value=value)
    assert posted.status == 200, posted.text
    [reply] = bot_server.connector.activities[before:]
    return card(reply)


def is_question(content: dict[str, Any]) -> bool:
    shown = card_text(content)
    return wording.FOLLOW_UP_INTRO in shown or wording.FOLLOW_UP_NEXT in shown


def question_key(content: dict[str, Any]) -> str:
    keys = {d.get("key") for d in submits(content).values() if d["action"] == "follow_up"}
    assert len(keys) == 1, keys
    return keys.pop()


# --- answer first -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "verdict"), [
    (BLENDED, "blended"), (NOT_BLENDED, "niet_blended")])
async def test_first_view_is_short_and_lees_meer_has_the_card(
        bot_server: BotServer, text: str, verdict: str) -> None:
    content = await say(bot_server, text)
    shown = card_text(content)
    assert shown.splitlines()[0].endswith(wording.VERDICT[verdict])
    assert words(adaptive_visible(content)) <= MAX_FIRST_VIEW, adaptive_visible(content)
    assert "\u201c" in shown  # the teacher's own words, quoted
    assert wording.NEXT_STEP_LABEL in shown
    tip = [d for label, d in submits(content).items() if label.startswith("Tip: ")]
    assert tip and tip[0]["card"].startswith("tip-")
    details = card_text(more_card(content))
    assert wording.SYNC_LABEL in details and wording.SOURCE_PREFIX in details
    assert wording.SOURCE_PREFIX not in shown


async def test_the_tip_button_opens_the_tip_and_lees_meer_also_works_as_a_submit(
        bot_server: BotServer) -> None:
    content = await say(bot_server, NOT_BLENDED)
    tip = next(d for label, d in submits(content).items() if label.startswith("Tip: "))
    tip_card = await tap(bot_server, tip)
    assert card_text(tip_card).splitlines()[0].startswith(
        next(t for t in submits(content) if t.startswith("Tip: ")).removeprefix("Tip: "))
    ref = next(d["ref"] for d in submits(content).values() if "ref" in d)
    details = await tap(bot_server, actions.more(tip["card"], ref))
    assert wording.SOURCE_PREFIX in card_text(details)


async def test_a_typed_meer_opens_the_last_answer(bot_server: BotServer) -> None:
    await say(bot_server, NOT_BLENDED)
    details = card_text(await say(bot_server, "meer"))
    assert wording.EXAMPLES_HEADING in details and wording.SOURCE_PREFIX in details
    assert wording.WHY_NOT_YET in details  # a described lesson: why it is not yet a blend


# --- beliefs and questions ---------------------------------------------------------------------

async def test_a_belief_is_answered_as_a_misconception(bot_server: BotServer) -> None:
    content = await say(bot_server, BELIEF)
    shown = card_text(content)
    assert wording.MISCONCEPTION_HEADING in shown
    assert '"Blended is een verkapte bezuiniging"' in shown
    assert wording.DISCUSS_LABEL in shown
    for absent in (wording.SAW_LABEL, wording.UNKNOWN_LABEL, *wording.VERDICT.values(),
                   "Omdat een deel van je groep"):
        assert absent not in shown
    assert words(adaptive_visible(content)) <= MAX_FIRST_VIEW


async def test_a_concept_question_gets_the_concept(bot_server: BotServer) -> None:
    content = await say(bot_server, CONCEPT)
    shown = card_text(content)
    assert shown.splitlines()[0] == "Synchroon en asynchroon leren"
    assert not any(v in shown for v in wording.VERDICT.values())
    assert wording.SAW_LABEL not in shown and not is_question(content)
    assert wording.EXAMPLES_HEADING in card_text(more_card(content))


async def test_a_vague_lesson_gets_a_question_about_the_lesson(bot_server: BotServer) -> None:
    content = await say(bot_server, VAGUE)
    assert is_question(content)
    assert wording.FOLLOW_UP_CHOOSE not in card_text(content)
    assert question_key(content) in ("fysiek", "samenhang", "interactie")
    assert {"Ja", "Nee", "Weet ik niet"} <= set(submits(content))


# --- the follow-up ----------------------------------------------------------------------------

async def complete(bot_server: BotServer, first: dict[str, Any], replies: dict[str, str],
                   limit: int = 4) -> tuple[dict[str, Any], list[str]]:
    """Answer each question by typing ``replies[key]``; the final card and the keys asked."""
    content, asked = first, []
    while is_question(content):
        assert len(asked) < limit, asked
        key = question_key(content)
        asked.append(key)
        content = await say(bot_server, replies[key])
    return content, asked


async def test_a_vague_lesson_completed_by_typed_answers_is_blended(
        bot_server: BotServer) -> None:
    typed = {"fysiek": "ja, in de werkplaats oefenen ze in tweetallen",
             "samenhang": "ja dat bouwt op elkaar voort",
             "interactie": "klopt", "online": "ja"}
    final, asked = await complete(bot_server, await say(bot_server, VAGUE), typed)
    shown = card_text(final)
    assert shown.splitlines()[0] == f"✅ {wording.VERDICT['blended']}", shown
    assert asked[0] == "fysiek" and len(asked) <= 3
    assert f"{wording.FROM_ANSWER} \u201cja dat bouwt op elkaar voort\u201d" in shown
    assert_nothing_unsaid(shown)


def assert_nothing_unsaid(shown: str) -> None:
    """Every criterion marked as seen or absent quotes the text or the teacher's answer."""
    marked = [line for line in shown.splitlines() if line.startswith(("- ✓", "- ✗"))]
    assert marked
    for line in marked:
        assert "\u201c" in line or wording.FROM_ANSWER in line, line


async def test_typed_no_gives_not_blended_with_what_came_from_the_answer(
        bot_server: BotServer) -> None:
    first = await say(bot_server, VAGUE)
    typed = {"fysiek": "ja, in de les", "samenhang": "nee hoor, dat staat los van elkaar",
             "interactie": "weet ik niet", "online": "ja"}
    final, asked = await complete(bot_server, first, typed)
    shown = card_text(final)
    assert "samenhang" in asked
    assert shown.splitlines()[0] == f"🟠 {wording.VERDICT['niet_blended']}", shown
    assert f"✗ samenhang, {wording.FROM_ANSWER}" in shown
    assert wording.NEXT_STEP["samenhang"] in shown


async def test_buttons_complete_the_analysis_too(bot_server: BotServer) -> None:
    content = await say(bot_server, VAGUE)
    asked = []
    while is_question(content):
        asked.append(question_key(content))
        assert len(asked) <= 3
        content = await tap(bot_server, submits(content)["Ja"])
    shown = card_text(content)
    assert shown.splitlines()[0] == f"✅ {wording.VERDICT['blended']}", shown
    assert f"✓ samenhang, {wording.FROM_ANSWER}" in shown
    assert_nothing_unsaid(shown)


async def test_in_a_channel_the_typed_answer_of_the_asker_continues_the_follow_up(
        bot_server: BotServer) -> None:
    async def mention(text: str) -> dict[str, Any]:
        before = len(bot_server.connector.activities)
        posted = await bot_server.post_activity("a", text=f"<at>ridotest</at> {text}")
        assert posted.status == 200
        [reply] = bot_server.connector.activities[before:]
        return card(reply)

    content = await mention(VAGUE)
    assert question_key(content) == "fysiek"
    content = await mention("ja, in het praktijklokaal")
    assert is_question(content) and question_key(content) == "samenhang"
    final = card_text(await mention("klopt, dat bouwt op elkaar voort"))
    assert final.splitlines()[0] == f"✅ {wording.VERDICT['blended']}", final


async def test_free_text_is_analysed_with_the_original_description(
        bot_server: BotServer) -> None:
    first = await say(bot_server, VAGUE)
    assert question_key(first) == "fysiek"
    after = await say(bot_server, "In de werkplaats bespreken we daarna in groepjes wat ze "
                                  "online hebben voorbereid.")
    final, _ = await complete(bot_server, after, {
        "samenhang": "ja", "interactie": "ja", "online": "ja", "fysiek": "ja"})
    shown = card_text(final)
    assert shown.splitlines()[0] == f"✅ {wording.VERDICT['blended']}", shown
    assert "\u201cwerkplaats" in shown or "\u201cIn de werkplaats" in shown, shown


async def test_at_most_three_questions_then_the_best_answer(bot_server: BotServer) -> None:
    content = await say(bot_server, "Ik geef les.")
    replies = ["weet ik niet", "geen idee", "weet niet", "weet ik niet"]
    asked = 0
    while is_question(content):
        content = await say(bot_server, replies[asked])
        asked += 1
    assert asked == 3
    shown = card_text(content)
    assert shown.splitlines()[0] == f"❔ {wording.VERDICT['onduidelijk']}"
    assert wording.UNKNOWN_LABEL in shown and wording.STILL_UNKNOWN_NOTE in shown
    assert words(adaptive_visible(content)) <= MAX_FIRST_VIEW, adaptive_visible(content)


async def test_insisting_without_new_facts_keeps_the_verdict(bot_server: BotServer) -> None:
    answer = await say(bot_server, NOT_BLENDED)
    assert card_text(answer).startswith("🟠")
    explained = await say(bot_server, INSIST)
    shown = card_text(explained)
    assert wording.INSIST_INTRO in shown and is_question(explained)
    assert "\u201c" in shown  # what the verdict rests on, in the teacher's words
    assert wording.VERDICT["blended"] not in shown
    again = await say(bot_server, "dat zeg ik toch, het is gewoon blended")
    assert wording.VERDICT["blended"] not in card_text(again)


async def test_a_typed_answer_survives_a_restart(
        make_bot_server: Callable[..., Awaitable[BotServer]], settings: Settings) -> None:
    first = await make_bot_server(settings=settings)
    question = await say(first, VAGUE)
    assert question_key(question) == "fysiek"
    second = await make_bot_server(settings=settings)
    content = await say(second, "ja, in de werkplaats")
    assert is_question(content) or card_text(content).startswith(("✅", "🟠", "❔"))
    assert wording.OFF_TOPIC not in card_text(content)


# --- alternatives -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [BLENDED, NOT_BLENDED, BELIEF,
                                  "In de les leg ik uit en online zit de helft tegelijk mee."])
async def test_alternatives_never_contradict_the_verdict(bot_server: BotServer,
                                                         text: str) -> None:
    content = await say(bot_server, text)
    first = card_text(content).splitlines()[0]
    offered = [d["card"] for label, d in submits(content).items()
               if label.startswith("Bedoelde je")]
    if first.endswith(wording.VERDICT["blended"]):
        assert not set(offered) & MISCONCEPTION_IDS
    if first.endswith(wording.VERDICT["niet_blended"]) or wording.MISCONCEPTION_HEADING in first:
        assert BLENDED_CARD_ID not in offered
