"""Everyday conversation driven the way Teams drives it: real payloads over HTTP to the app,
replies at the local Bot Connector stand-in, data checked in the SQLite file.

Typed yes/no to "vergeet mij", thanks and annoyance, "wat klopt er niet?" after 👎 (kept only
with consent, shown to DigiCoaches, removed by "vergeet mij"), "tip" for every teacher.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.render import conversation_wording as cw
from bot.render import tip_cards, wording
from bot.settings import Settings
from bot.storage.repositories import user_key
from tests.harness import BotServer, Recorded, load_fixture
from tests.helpers_cards import card_text

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

AC = "application/vnd.microsoft.card.adaptive"
PERSONAL = load_fixture("b")
TEACHER_AAD = PERSONAL["from"]["aadObjectId"]
KEY = user_key("msteams", PERSONAL["from"]["id"])
KAHOOT = "Ik gebruik Kahoot in de les om te oefenen, is dat blended?"
COMMENT = "Mijn studenten doen daarna thuis ook een online opdracht"


def shown(record: Recorded) -> str:
    """What a teacher sees of one reply: its text, or the text of its card."""
    cards = [a["content"] for a in record.attachments if a["contentType"] == AC]
    return "\n".join([record.text or "", *(card_text(c) for c in cards)])


def buttons(record: Recorded) -> dict[str, dict[str, Any]]:
    cards = [a["content"] for a in record.attachments if a["contentType"] == AC]
    return {a["title"]: a["data"] for c in cards for a in c.get("actions", [])
            if a["type"] == "Action.Execute"}


async def say(bot: BotServer, text: str | None = None, **overrides: Any) -> list[Recorded]:
    """Post one personal-chat message (or button value) and return the bot's replies."""
    before = len(bot.connector.activities)
    posted = await bot.post_activity("b", text=text, **overrides)
    assert posted.status == 200, posted.text
    return bot.connector.activities[before:]


def count(settings: Settings, table: str, key: str = KEY) -> int:
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(Path(path)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE user_key = ?",  # noqa: S608
                            (key,)).fetchone()[0]


def comments(settings: Settings) -> list[tuple[str, str | None, str]]:
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(Path(path)) as conn:
        return conn.execute("SELECT user_key, card_id, text FROM feedback_comments").fetchall()


async def thumbs_down(bot: BotServer) -> list[Recorded]:
    """Ask a question, click 👎 on the answer; returns the replies to the click."""
    [answer] = await say(bot, KAHOOT)
    data = buttons(answer)["👎 Niet behulpzaam"]
    return await say(bot, value=data, reply_to_id=answer.new_id)


# --- vergeet mij: a typed yes or no ----------------------------------------------------------


@pytest.mark.parametrize("yes", ["ja", "Ja graag", "doe maar", "ok", "jaa, verwijder maar"])
async def test_typed_yes_to_vergeet_mij_deletes(bot_server: BotServer, settings: Settings,
                                                yes: str) -> None:
    await say(bot_server, KAHOOT)  # one answer event stored under the teacher's key
    assert count(settings, "answer_events") == 1
    [ask] = await say(bot_server, "vergeet mij")
    assert "Dit kan niet ongedaan worden" in shown(ask)
    [done] = await say(bot_server, yes)
    assert done.text.startswith("Klaar. Ik heb alles over jou verwijderd")
    assert count(settings, "answer_events") == 0


@pytest.mark.parametrize("no", ["nee", "Nee, liever niet", "laat maar"])
async def test_typed_no_to_vergeet_mij_keeps_everything(bot_server: BotServer,
                                                        settings: Settings, no: str) -> None:
    await say(bot_server, KAHOOT)
    await say(bot_server, "vergeet mij")
    [kept] = await say(bot_server, no)
    assert kept.text == "Goed, ik heb niets verwijderd."
    assert count(settings, "answer_events") == 1
    # The question is closed: a later "ja" is not a confirmation any more.
    [later] = await say(bot_server, "ja")
    assert "verwijderd" not in shown(later)
    assert count(settings, "answer_events") >= 1  # (the lone "ja" is just a message now)


async def test_something_else_after_vergeet_mij_is_answered_and_deletes_nothing(
        bot_server: BotServer, settings: Settings) -> None:
    await say(bot_server, "vergeet mij")
    [answer] = await say(bot_server, KAHOOT)
    assert "Nog niet blended." in shown(answer)
    assert count(settings, "answer_events") == 1
    [later] = await say(bot_server, "ja")
    assert "verwijderd" not in shown(later)


# --- thanks and annoyance --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["dank je wel, top", "Dank je, dit helpt echt", "thanks",
                                  "super bedankt", "Top, dit is echt duidelijk!"])
async def test_thanks_gets_glad_and_what_else(bot_server: BotServer, settings: Settings,
                                              text: str) -> None:
    [reply] = await say(bot_server, text)
    assert reply.text == cw.THANKS
    assert wording.OFF_TOPIC not in shown(reply)
    assert count(settings, "answer_events") == 0  # not classified


@pytest.mark.parametrize("text", ["je snapt er niks van", "Wat een onzin!",
                                  "dit slaat nergens op", "Je snapt er echt helemaal niks van"])
async def test_annoyance_gets_sorry_and_how_to_go_on(bot_server: BotServer,
                                                     text: str) -> None:
    [reply] = await say(bot_server, text)
    assert reply.text == cw.ANNOYED
    assert "Sorry" in reply.text and "👎" in reply.text and "DigiCoach" in reply.text


async def test_a_lesson_that_says_bedankt_is_still_answered(bot_server: BotServer) -> None:
    [reply] = await say(bot_server, "Bedankt alvast! Mijn studenten kijken thuis een "
                                    "kennisclip en oefenen daarna in de les. Is dat blended?")
    assert reply.text != cw.THANKS
    assert reply.attachments  # the answer card


# --- after 👎: "wat klopt er niet?" ---------------------------------------------------------


async def test_thumbs_down_asks_what_was_wrong_and_keeps_it_only_with_consent(
        make_bot_server: Any, settings: Settings) -> None:
    coach = settings.model_copy(update={"digicoaches": TEACHER_AAD})
    bot = await make_bot_server(settings=coach)
    replies = await thumbs_down(bot)
    assert [r.kind for r in replies][-1] == "reply"
    question = replies[-1]
    assert cw.WHAT_WAS_WRONG in shown(question)
    assert list(buttons(question)) == [cw.SKIP_BUTTON]

    [consent] = await say(bot, COMMENT)
    assert cw.KEEP_ASK.format(days=coach.retention_days) in shown(consent)
    assert list(buttons(consent)) == [cw.KEEP_YES_BUTTON, cw.KEEP_NO_BUTTON]
    assert comments(coach) == []  # nothing kept before the teacher agrees

    [kept] = await say(bot, "ja graag")
    assert kept.text == cw.KEPT
    [(key, card_id, text)] = comments(coach)
    assert (key, card_id, text) == (KEY, "mis-ict-inzet", COMMENT)
    assert PERSONAL["from"]["id"] not in key  # pseudonymous

    # Shown where DigiCoaches review kept questions.
    [insights] = await say(bot, "overzicht")
    assert COMMENT in shown(insights)

    # ... and removed by "vergeet mij".
    await say(bot, "vergeet mij")
    [done] = await say(bot, "ja")
    assert "1 bewaarde opmerking" in done.text
    assert comments(coach) == []


async def test_no_consent_keeps_nothing(bot_server: BotServer, settings: Settings) -> None:
    await thumbs_down(bot_server)
    await say(bot_server, COMMENT)
    [reply] = await say(bot_server, "nee")
    assert reply.text == cw.NOT_KEPT
    assert comments(settings) == []


async def test_consent_by_button(bot_server: BotServer, settings: Settings) -> None:
    await thumbs_down(bot_server)
    [consent] = await say(bot_server, COMMENT)
    [reply] = await say(bot_server, value=buttons(consent)[cw.KEEP_YES_BUTTON])
    assert reply.text == cw.KEPT
    assert [t for _, _, t in comments(settings)] == [COMMENT]
    # A second tap on an old consent button keeps nothing twice.
    [again] = await say(bot_server, value=buttons(consent)[cw.KEEP_YES_BUTTON])
    assert again.text == cw.KEEP_EXPIRED
    assert len(comments(settings)) == 1


async def test_the_question_after_thumbs_down_is_optional(bot_server: BotServer,
                                                          settings: Settings) -> None:
    replies = await thumbs_down(bot_server)
    [skipped] = await say(bot_server, value=buttons(replies[-1])[cw.SKIP_BUTTON])
    assert skipped.text == cw.SKIPPED
    await thumbs_down(bot_server)
    [answer] = await say(bot_server, "Wat is hybride leren?")  # a new question instead
    assert "hybride" in shown(answer).lower() and cw.KEEP_YES_BUTTON not in buttons(answer)
    assert comments(settings) == []


async def test_thumbs_up_asks_nothing(bot_server: BotServer) -> None:
    [answer] = await say(bot_server, KAHOOT)
    replies = await say(bot_server, value=buttons(answer)["👍 Behulpzaam"],
                        reply_to_id=answer.new_id)
    assert all(cw.WHAT_WAS_WRONG not in shown(r) for r in replies)


# --- "tip" for every teacher -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["tip", "Geef me een tip", "tip van de week?"])
async def test_any_teacher_gets_this_weeks_tip(bot_server: BotServer, settings: Settings,
                                               text: str) -> None:
    intro, tip = await say(bot_server, text)
    assert intro.text == cw.TIP_NOW_INTRO
    content = shown(tip)
    assert "van de week" in content and cw.TIP_SUBSCRIBE_HINT in content
    assert tip_cards.FOOTER not in content and tip_cards.UNSUBSCRIBE not in buttons(tip)
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(Path(path)) as conn:
        assert conn.execute("SELECT count(*) FROM subscriptions").fetchone() == (0,)
    # The same tip for the same week.
    _, again = await say(bot_server, "tip")
    assert shown(again) == content
