"""The readiness check driven the way Teams drives it: real payloads over HTTP to the app,
replies captured at the local Bot Connector stand-in, results in a real SQLite file."""

from __future__ import annotations

import base64
import io
import json
import re
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from PIL import Image

from bot.render import readiness_cards as rc
from bot.render.radar import SIZE_PX
from bot.settings import Settings
from bot.storage.readiness_repo import StoredResult, decode_answers
from dialogs.answers import ANSWER, BACK, STOP
from dialogs.results import chart_key
from knowledge.readiness_model import DIMENSION_IDS
from tests.harness import BotServer, ConnectorStandIn, Recorded, load_fixture, make_settings

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

AC = "application/vnd.microsoft.card.adaptive"
QUESTION = re.compile(r"Vraag (\d+) van 12")
BLENDED_QUESTION = "Ik laat studenten thuis een kennisclip kijken en in de les oefenen ze " \
                   "ermee. Is dat blended?"


# --- helpers ---------------------------------------------------------------------------------


def card(record: Recorded) -> dict[str, Any]:
    [attachment] = [a for a in record.attachments if a["contentType"] == AC]
    return attachment["content"]


def elements(content: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            out.append(item)
            walk(item.get("items", []))

    walk(content["body"])
    return out


def texts(record: Recorded) -> str:
    if not any(a["contentType"] == AC for a in record.attachments):
        return record.text or ""
    return "\n".join(e["text"] for e in elements(card(record)) if e["type"] == "TextBlock")


def submits(content: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every Action.Execute on the card (body ActionSets first, then the card actions)."""
    found = [(a["title"], a["data"]) for e in elements(content) if e["type"] == "ActionSet"
             for a in e["actions"]]
    return found + [(a["title"], a["data"]) for a in content.get("actions", [])]


def question_number(record: Recorded) -> int | None:
    match = QUESTION.search(texts(record))
    return int(match.group(1)) if match else None


def rows(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(Path(path)) as conn:
        return conn.execute(sql).fetchall()


def stored_answers(settings: Settings) -> list[dict[str, int | None]]:
    return [decode_answers(json.loads(a)) for (a,) in
            rows(settings, "SELECT answers FROM readiness_results ORDER BY id")]


async def say(server: BotServer, text: str | None = None, value: Any = None,
              expect: int | None = 1, fixture: str | dict[str, Any] = "b",
              **extra: Any) -> list[Recorded]:
    """Post a personal-chat message (text or a card submit) and return the bot's replies;
    ``extra`` are more activity fields (``reply_to_id=...`` for a tap on a card)."""
    before = len(server.connector.activities)
    overrides: dict[str, Any] = {"text": text, **extra}
    if value is not None:
        overrides["value"] = value
    posted = await server.post_activity(fixture, **overrides)
    assert posted.status == 200, posted.text
    replies = server.connector.activities[before:]
    if expect is not None:
        assert len(replies) == expect, [texts(r)[:80] for r in replies]
    return replies


async def tap(server: BotServer, dimension_index: int, level: int,
              fixture: str | dict[str, Any] = "b") -> list[Recorded]:
    """Tap an answer button of question ``dimension_index`` (level 0 = weet ik niet)."""
    value = {"action": ANSWER, "dimension": DIMENSION_IDS[dimension_index], "level": level}
    return await say(server, None, value, fixture=fixture)


async def run_check(server: BotServer, levels: list[int]) -> Recorded:
    """Start a check and tap all twelve answers; returns the result message."""
    [first] = await say(server, "check")
    assert question_number(first) == 1
    for index, level in enumerate(levels):
        [reply] = await tap(server, index, level)
        if index < 11:
            assert question_number(reply) == index + 2
    return reply


@asynccontextmanager
async def running_bot(settings: Settings, connector: ConnectorStandIn, kb: Any,
                      classifier: Any) -> AsyncIterator[BotServer]:
    """The whole app with its own services; everything is closed on exit (a real restart)."""
    from bot.app import create_app
    from bot.services import open_services

    async with open_services(settings, knowledge=kb, classifier=classifier) as services:
        server = TestServer(create_app(settings, services=services), host="127.0.0.1")
        await server.start_server()
        handle = BotServer(server, connector)
        try:
            yield handle
        finally:
            await handle.close()


MIXED = [3, 2, 4, 0, 1, 1, 2, 0, 1, 2, 3, 4]


# --- the full run ----------------------------------------------------------------------------


async def test_full_check_through_teams_gives_result_card_with_chart(
    bot_server: BotServer, settings: Settings, kb: Any
) -> None:
    [first] = await say(bot_server, "start de check")
    shown = texts(first)
    assert "Vraag 1 van 12 · Flexibiliteit" in shown and rc.INTRO in shown
    question = card(first)
    assert question["version"] == "1.5"
    titles = [title for title, _ in submits(question)]
    assert titles == ["1 Verkennen", "2 Toepassen", "3 Duidelijk plan", "4 Verankerd",
                      "Weet ik niet", "← Terug", "Stop"]
    for option in kb.readiness.dimension("flexibiliteit").options:
        assert option in shown

    result = await run_check(bot_server, MIXED)
    content = card(result)
    shown = texts(result)
    assert rc.RESULT_TITLE in shown and "Ingevuld op " in shown
    assert "Bij 2 vragen koos je 'weet ik niet' (studentervaring en professionalisering)" in shown
    assert "**Je eigen onderwijs**: rond duidelijk plan (3,0)" in shown
    facts = {f["title"]: f["value"] for e in elements(content) if e["type"] == "FactSet"
             for f in e["facts"]}
    assert len(facts) == 12
    assert facts["Flexibiliteit"] == "Duidelijk plan" and facts["Studentervaring"] == "Weet ik niet"
    assert facts["Ondersteuning"] == "Verkennen" and facts["Faciliteiten"] == "Verankerd"

    # The radar chart is inlined as a PNG data URI.
    [image] = [e for e in elements(content) if e["type"] == "Image"]
    assert image["url"].startswith("data:image/png;base64,") and image["altText"]
    png = base64.b64decode(image["url"].split(",", 1)[1])
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.format == "PNG" and picture.size == (SIZE_PX, SIZE_PX)
    assert len(json.dumps(result.body).encode()) < 28 * 1024  # Teams' message size limit

    # Next steps for the weakest dimensions, each with a tip or advice card button.
    assert rc.STEPS_HEADING in shown
    assert "**1. Ondersteuning.**" in shown and "**2. Visie en strategie.**" in shown
    assert "**3. Kwaliteitszorg.**" in shown
    card_buttons = [data["card"] for _, data in submits(content) if data["action"] == "show_card"]
    assert card_buttons and all(c.startswith(("tip-", "advies-")) for c in card_buttons)
    assert ("Check opnieuw doen", {"action": "start_check"}) in submits(content)

    assert stored_answers(settings) == [
        dict(zip(DIMENSION_IDS, [v or None for v in MIXED], strict=True))]
    [(levels,)] = rows(settings, "SELECT levels FROM readiness_results")
    assert json.loads(levels) == {d: v for d, v in zip(DIMENSION_IDS, MIXED, strict=True) if v}


async def test_a_next_step_button_shows_its_card(bot_server: BotServer, kb: Any) -> None:
    result = await run_check(bot_server, [4] * 11 + [1])
    [(_, value)] = [(t, d) for t, d in submits(card(result)) if d["action"] == "show_card"][:1]
    [shown] = await say(bot_server, None, value)
    assert kb.card(value["card"]).title in texts(shown)
    assert value["card"] in kb.readiness.dimension("faciliteiten").cards


async def test_starting_again_after_finishing_starts_a_new_check_and_shows_change(
    bot_server: BotServer, settings: Settings
) -> None:
    await run_check(bot_server, [2] * 12)
    [first] = await say(bot_server, None, {"action": "start_check"})  # the result card button
    assert question_number(first) == 1
    levels = [3, 2, 2, 2, 3, 2, 2, 2, 2, 2, 1, 0]
    for index, level in enumerate(levels):
        [reply] = await tap(bot_server, index, level)
    shown = texts(reply)
    assert "Sinds je vorige check (" in shown
    assert "verder bij flexibiliteit en ondersteuning" in shown
    assert "een stap terug bij financiering" in shown
    assert "nu 'weet ik niet' bij faciliteiten" in shown
    assert len(stored_answers(settings)) == 2


async def test_my_result_shows_the_latest_again(
    bot_server: BotServer, settings: Settings
) -> None:
    [none_yet] = await say(bot_server, "mijn resultaat")
    assert none_yet.text == rc.NO_RESULT
    await run_check(bot_server, [1] * 12)
    result = await run_check(bot_server, MIXED)
    [again] = await say(bot_server, "mijn resultaat")
    assert texts(again) == texts(result)
    assert "Sinds je vorige check" in texts(again)
    assert len(stored_answers(settings)) == 2  # showing stores nothing


# --- resume, stop, back ----------------------------------------------------------------------


async def test_resume_after_restart_between_two_answers(
    settings: Settings, connector: ConnectorStandIn, kb: Any, classifier_model: Any
) -> None:
    async with running_bot(settings, connector, kb, classifier_model) as first_app:
        await say(first_app, "check")
        for index in range(5):
            await tap(first_app, index, 2)
    # A new app, new services, new storage objects: only the SQLite file is the same.
    async with running_bot(settings, connector, kb, classifier_model) as second_app:
        [back] = await say(second_app, "check")
        assert question_number(back) == 6
        assert rc.NOTES["resume"] in texts(back)
    async with running_bot(settings, connector, kb, classifier_model) as third_app:
        [seventh] = await say(third_app, "weet niet")
        assert question_number(seventh) == 7
        for index in range(6, 12):
            [reply] = await tap(third_app, index, 3)
    assert rc.RESULT_TITLE in texts(reply)
    assert stored_answers(settings) == [
        dict(zip(DIMENSION_IDS, [2] * 5 + [None] + [3] * 6, strict=True))]


async def test_resume_after_restart_on_postgresql(
    pg_url: str, tmp_path: Path, classifier_cache_dir: Path, connector: ConnectorStandIn,
    kb: Any, classifier_model: Any
) -> None:
    """The same on PostgreSQL, as its own teacher in its own chat (the schema is shared)."""
    settings = make_settings(tmp_path, classifier_cache_dir, database_url=pg_url)
    teacher = load_fixture("b")
    teacher["from"]["id"] = f"29:{uuid.uuid4().hex}"
    teacher["conversation"]["id"] = f"a:{uuid.uuid4().hex}"
    async with running_bot(settings, connector, kb, classifier_model) as first_app:
        await say(first_app, "check", fixture=teacher)
        for index in range(5):
            await tap(first_app, index, 1, fixture=teacher)
    async with running_bot(settings, connector, kb, classifier_model) as second_app:
        [sixth] = await say(second_app, "2", fixture=teacher)
        assert question_number(sixth) == 7
        for index in range(6, 12):
            [reply] = await tap(second_app, index, 4, fixture=teacher)
        assert rc.RESULT_TITLE in texts(reply)
        [again] = await say(second_app, "mijn resultaat", fixture=teacher)
    assert texts(again) == texts(reply)


async def test_stop_cancels_and_stores_nothing(
    bot_server: BotServer, settings: Settings
) -> None:
    await say(bot_server, "check")
    await tap(bot_server, 0, 2)
    [stopped] = await say(bot_server, "stop")
    assert stopped.text == rc.STOPPED
    [after] = await say(bot_server, BLENDED_QUESTION)  # no longer in the check
    assert question_number(after) is None and "blended" in texts(after).lower()
    assert stored_answers(settings) == []
    [fresh] = await say(bot_server, "check")
    assert question_number(fresh) == 1


async def test_stop_button(bot_server: BotServer) -> None:
    await say(bot_server, "scan")
    [stopped] = await say(bot_server, None, {"action": STOP})
    assert stopped.text == rc.STOPPED


async def test_back_goes_one_question_back_and_shows_the_earlier_choice(
    bot_server: BotServer, settings: Settings
) -> None:
    await say(bot_server, "readiness check")
    await tap(bot_server, 0, 3)
    [back] = await say(bot_server, "terug")
    assert question_number(back) == 1
    assert "Je koos eerder: Duidelijk plan." in texts(back)
    assert "**3. Duidelijk plan** ✓" in texts(back)
    [first_again] = await say(bot_server, None, {"action": BACK})
    assert question_number(first_again) == 1 and rc.NOTES["first"] in texts(first_again)
    await tap(bot_server, 0, 1)
    for index in range(1, 12):
        await tap(bot_server, index, 4)
    assert stored_answers(settings)[0]["flexibiliteit"] == 1


# --- what teachers type ----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "level"), [("2", 2), ("toepassen", 2), ("weet niet", None),
                                              ("toepasen", 2), ("Duidelijk plan", 3), ("5", None),
                                              ("verankert", 4)])
async def test_typed_answers(bot_server: BotServer, settings: Settings, typed: str,
                             level: int | None) -> None:
    await say(bot_server, "check")
    [second] = await say(bot_server, typed)
    assert question_number(second) == 2
    for index in range(1, 12):
        await tap(bot_server, index, 1)
    assert stored_answers(settings)[0]["flexibiliteit"] == level


@pytest.mark.parametrize("bad", [
    {"text": "banaan"}, {"text": "8"}, {"text": "tussen toepassen en plan"},
    {"value": {"action": ANSWER, "dimension": "flexibiliteit", "level": 9}},
    {"value": {"action": ANSWER, "dimension": "flexibiliteit", "level": "veel"}},
    {"value": {"action": ANSWER, "dimension": "flexibiliteit"}, "unknown": True},
    {"value": {"action": "iets-onbekends"}},
    {"value": ["geen", "object"]},
    {"text": "x" * 5000},
])
async def test_invalid_answers_repeat_the_question_with_a_hint(
    bot_server: BotServer, settings: Settings, bad: dict[str, Any]
) -> None:
    await say(bot_server, "check")
    again = (await say(bot_server, bad.get("text"), bad.get("value")))[0]
    if bad.get("unknown"):  # an answer button without a level is 'weet ik niet'
        assert question_number(again) == 2
        return
    assert question_number(again) == 1
    assert rc.NOTES["invalid"] in texts(again)
    [ok] = await tap(bot_server, 0, 2)
    assert question_number(ok) == 2


async def test_an_old_button_does_not_answer_the_current_question(bot_server: BotServer) -> None:
    await say(bot_server, "check")
    await tap(bot_server, 0, 2)
    [stale] = await tap(bot_server, 0, 4)  # the card of question 1, tapped again
    assert question_number(stale) == 2 and rc.NOTES["stale"] in texts(stale)


async def test_blended_question_halfway_is_answered_and_the_check_continues(
    bot_server: BotServer, settings: Settings
) -> None:
    await say(bot_server, "check")
    for index in range(3):
        await tap(bot_server, index, 2)
    answer, prompt = await say(bot_server, BLENDED_QUESTION, expect=2)
    assert question_number(answer) is None
    assert "blended" in texts(answer).lower()
    assert question_number(prompt) == 4 and rc.NOTES["continue"] in texts(prompt)
    [fifth] = await tap(bot_server, 3, 4)
    assert question_number(fifth) == 5


async def test_my_result_halfway_shows_it_and_continues(bot_server: BotServer) -> None:
    await run_check(bot_server, [2] * 12)
    await say(bot_server, "check")
    result, prompt = await say(bot_server, "mijn resultaat", expect=2)
    assert rc.RESULT_TITLE in texts(result)
    assert question_number(prompt) == 1


async def test_restart_halfway_clears_the_answers(
    bot_server: BotServer, settings: Settings
) -> None:
    await say(bot_server, "check")
    for index in range(4):
        await tap(bot_server, index, 4)
    [first] = await say(bot_server, "opnieuw")
    assert question_number(first) == 1 and rc.NOTES["restart"] in texts(first)
    for index in range(12):
        await tap(bot_server, index, 1)
    assert stored_answers(settings) == [dict.fromkeys(DIMENSION_IDS, 1)]


# --- the chart URL ---------------------------------------------------------------------------


async def test_chart_route_needs_the_right_key(
    bot_server: BotServer, settings: Settings
) -> None:
    await run_check(bot_server, MIXED)
    [(result_id, user_key)] = rows(settings, "SELECT id, user_key FROM readiness_results")
    from bot.keys import SERVICES_KEY

    secret = bot_server.app[SERVICES_KEY].chart_secret
    key = chart_key(StoredResult(result_id, None, user_key, None, {}),  # type: ignore[arg-type]
                    secret)
    ok = await bot_server.get(f"/charts/readiness/{result_id}.png?k={key}")
    assert ok.status == 200 and ok.headers["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(ok.body)) as picture:
        assert picture.size == (SIZE_PX, SIZE_PX)
    for path in (f"/charts/readiness/{result_id}.png", f"/charts/readiness/{result_id}.png?k=x",
                 f"/charts/readiness/{result_id + 1}.png?k={key}",
                 "/charts/readiness/99999999999999999999999.png?k=x"):
        assert (await bot_server.get(path)).status == 404, path


# --- the terminal chat (numbered choices) ----------------------------------------------------


async def test_terminal_chat_numbers_the_same_buttons(services: Any, settings: Settings) -> None:
    from bot.router import Router
    from bot.terminal import TerminalChat, TerminalReplies

    out = io.StringIO()
    chat = TerminalChat(Router(services), TerminalReplies(out), "docent")
    await chat.line("check")
    first = out.getvalue()
    assert "Vraag 1 van 12 · Flexibiliteit" in first
    assert "1. Verkennen: Iedereen volgt hetzelfde rooster" in first
    assert "5. Weet ik niet\n6. ← Terug\n7. Stop" in first
    await chat.line("2")  # choice 2: Toepassen
    await chat.line("5")  # choice 5: weet ik niet
    await chat.line("6")  # choice 6: terug, to question 2
    assert out.getvalue().count("Vraag 2 van 12") == 2
    await chat.line("toepasen")  # typed, with a typo
    for _ in range(10):
        await chat.line("4")
    shown = out.getvalue()
    assert "Jouw readiness check" in shown
    assert "- ●●○○ Flexibiliteit: Toepassen" in shown and "- ●●●● Faciliteiten: Verankerd" in shown
    assert stored_answers(settings) == [
        dict(zip(DIMENSION_IDS, [2, 2] + [4] * 10, strict=True))]


async def test_in_a_channel_thread_the_check_belongs_to_who_started_it(
    bot_server: BotServer, settings: Settings
) -> None:
    owner = load_fixture("a")
    colleague = load_fixture("a")
    colleague["from"] = {"id": "29:collega", "name": "Collega"}
    [first] = await say(bot_server, "<at>ridotest</at> check", fixture=owner)
    assert question_number(first) == 1
    [other] = await say(bot_server, "<at>ridotest</at> 2", fixture=colleague)
    assert other.text == rc.OTHER_USER
    value = {"action": ANSWER, "dimension": DIMENSION_IDS[0], "level": 4}
    [other] = await say(bot_server, None, value, fixture=colleague)
    assert other.text == rc.OTHER_USER
    [answer] = await say(bot_server, f"<at>ridotest</at> {BLENDED_QUESTION}", fixture=colleague)
    assert question_number(answer) is None and "blended" in texts(answer).lower()
    [second] = await say(bot_server, "<at>ridotest</at> 3", fixture=owner)
    assert question_number(second) == 2
    for index in range(1, 12):
        await tap(bot_server, index, 2, fixture=owner)
    assert stored_answers(settings)[0]["flexibiliteit"] == 3
    [(team_id,)] = rows(settings, "SELECT team_id FROM readiness_results")
    assert team_id == owner["channelData"]["team"]["id"]


async def test_a_chart_too_big_to_inline_is_served_by_url(
    bot_server: BotServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dialogs.results

    monkeypatch.setattr(dialogs.results, "MAX_INLINE_PNG", 100)
    result = await run_check(bot_server, MIXED)
    [image] = [e for e in elements(card(result)) if e["type"] == "Image"]
    prefix = "http://localhost:3978/charts/readiness/"
    assert image["url"].startswith(prefix) and "?k=" in image["url"]
    served = await bot_server.get("/charts/readiness/" + image["url"].removeprefix(prefix))
    assert served.status == 200 and served.body.startswith(b"\x89PNG")
