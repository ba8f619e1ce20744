"""The readiness check as a conversation, through the Teams protocol: "help", a free-text
answer, a blended question with a typed "ja"/"nee" to "verder gaan?", "opnieuw beginnen?"
answered by typing, and "stop" still cancelling."""

from __future__ import annotations

from typing import Any

from bot.render import readiness_cards as rc
from bot.settings import Settings
from tests.harness import BotServer
from tests.test_readiness_dialog import (
    BLENDED_QUESTION,
    question_number,
    rows,
    say,
    stored_answers,
    tap,
    texts,
)


async def _in_check_at_question_three(bot: BotServer) -> None:
    [first] = await say(bot, "check")
    assert question_number(first) == 1
    await tap(bot, 0, 2)
    await tap(bot, 1, 3)


async def test_help_inside_the_check_explains_and_asks_the_same_question_again(
        bot_server: BotServer) -> None:
    await _in_check_at_question_three(bot_server)
    for text in ("help", "Help!", "wat kun je"):
        [reply] = await say(bot_server, text)
        shown = texts(reply)
        assert rc.NOTES["help"] in shown and "Dat antwoord herkende ik niet" not in shown
        assert "**stop**" in rc.NOTES["help"] and "**terug**" in rc.NOTES["help"]
        assert question_number(reply) == 3
    [fourth] = await tap(bot_server, 2, 1)  # and the check goes on
    assert question_number(fourth) == 4


async def test_free_text_that_is_no_option_gets_the_options_of_the_same_question(
        bot_server: BotServer, settings: Settings) -> None:
    await _in_check_at_question_three(bot_server)
    [reply] = await say(bot_server, "we hebben daar in ons team nog weinig over afgesproken")
    assert question_number(reply) == 3 and rc.NOTES["free_text"] in texts(reply)
    assert "1 Verkennen" in str(reply.attachments)  # the options are there again
    assert rows(settings, "SELECT count(*) FROM answer_events") == [(0,)]  # not classified
    [fourth] = await say(bot_server, "2")
    assert question_number(fourth) == 4


async def test_a_question_then_typed_ja_continues_and_nee_pauses(
        bot_server: BotServer, settings: Settings) -> None:
    await _in_check_at_question_three(bot_server)
    answer, prompt = await say(bot_server, BLENDED_QUESTION, expect=2)
    assert question_number(answer) is None and question_number(prompt) == 3
    assert rc.NOTES["continue"] in texts(prompt)
    [go_on] = await say(bot_server, "ja graag")
    assert question_number(go_on) == 3 and rc.NOTES["go_on"] in texts(go_on)

    await say(bot_server, "Wat is hybride leren?", expect=2)
    [paused] = await say(bot_server, "nee")
    assert texts(paused) == rc.PAUSED and question_number(paused) is None
    [back] = await say(bot_server, "ja")  # "typ ja om verder te gaan"
    assert question_number(back) == 3
    [fourth] = await tap(bot_server, 2, 4)
    assert question_number(fourth) == 4


async def test_opnieuw_beginnen_answered_by_typing(bot_server: BotServer) -> None:
    await _in_check_at_question_three(bot_server)
    [resume] = await say(bot_server, "check")  # "... Liever opnieuw beginnen? Typ opnieuw."
    assert question_number(resume) == 3 and rc.NOTES["resume"] in texts(resume)
    [kept] = await say(bot_server, "nee")
    assert question_number(kept) == 3 and rc.NOTES["go_on"] in texts(kept)
    await say(bot_server, "check")
    [fresh] = await say(bot_server, "ja")
    assert question_number(fresh) == 1 and rc.NOTES["restart"] in texts(fresh)


async def test_ja_to_a_level_question_is_not_an_answer(bot_server: BotServer) -> None:
    await _in_check_at_question_three(bot_server)
    [reply] = await say(bot_server, "ja")
    assert question_number(reply) == 3 and rc.NOTES["yes_no"] in texts(reply)


async def test_stop_still_cancels(bot_server: BotServer, settings: Settings) -> None:
    await _in_check_at_question_three(bot_server)
    [stopped] = await say(bot_server, "stop")
    assert texts(stopped) == rc.STOPPED
    assert stored_answers(settings) == []
    [after] = await say(bot_server, "help")
    assert question_number(after) is None  # no longer in the check


async def test_vergeet_mij_inside_the_check_takes_a_typed_ja(
        bot_server: BotServer, settings: Settings) -> None:
    await _in_check_at_question_three(bot_server)
    replies: list[Any] = await say(bot_server, "vergeet mij", expect=2)
    assert "Dit kan niet ongedaan worden" in str(replies[0].attachments)
    [done] = await say(bot_server, "ja")
    assert (done.text or "").startswith("Klaar.")
