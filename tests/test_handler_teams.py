"""BlendBot driven the way Teams drives it: real payloads over HTTP, replies at the connector."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.render import conversation_wording, wording
from bot.settings import Settings
from tests.harness import BotServer, ConnectorStandIn, Recorded, load_fixture
from tests.helpers_cards import card_text

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

AC = "application/vnd.microsoft.card.adaptive"
KAHOOT = "Ik gebruik Kahoot in de les om te oefenen, is dat blended?"
PERSONAL = load_fixture("b")["conversation"]["id"]


def card(record: Recorded) -> dict[str, Any]:
    [attachment] = [a for a in record.attachments if a["contentType"] == AC]
    return attachment["content"]


def buttons(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["title"]: a["data"] for a in content.get("actions", [])
            if a["type"] == "Action.Execute"}


def rows(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(Path(path)) as conn:
        return conn.execute(sql).fetchall()


async def ask(bot_server: BotServer, text: str | None, fixture: str | dict[str, Any] = "b",
              **overrides: Any) -> Recorded:
    """Post a message and return the bot's one reply."""
    before = len(bot_server.connector.activities)
    posted = await bot_server.post_activity(fixture, text=text, **overrides)
    assert posted.status == 200, posted.text
    replies = bot_server.connector.activities[before:]
    assert len(replies) == 1, [r.text for r in replies]
    return replies[0]


async def test_personal_message_gets_one_answer_card(
    bot_server: BotServer, connector: ConnectorStandIn, settings: Settings
) -> None:
    reply = await ask(bot_server, KAHOOT)
    assert reply.kind == "reply" and reply.conversation_id == PERSONAL
    assert reply.activity_id == load_fixture("b")["id"]
    content = card(reply)
    assert content["version"] == "1.5"
    shown = card_text(content)
    assert "Nog niet blended." in shown
    assert '"Blended is ICT of een online tool gebruiken"' in shown
    assert "Bron: " not in shown  # answer first ...
    [more] = [a["card"] for a in content["actions"] if a["type"] == "Action.ShowCard"]
    details = card_text(more)  # ... the card's explanation on request
    assert "**Synchroon:**" in details and "**Asynchroon:**" in details and "Bron: " in details
    assert {"👍 Behulpzaam", "👎 Niet behulpzaam"} <= set(buttons(content))
    events = rows(settings, "SELECT channel, intent, verdict, card_id, unsure FROM answer_events")
    assert events == [("msteams", "scenario", "niet_blended", "mis-ict-inzet", 0)]
    assert rows(settings, "SELECT count(*) FROM kept_questions") == [(0,)]


async def test_channel_mention_is_stripped_and_reply_goes_to_the_thread(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    channel = load_fixture("a")
    reply = await ask(bot_server, "<at>ridotest</at> help", fixture="a")
    assert reply.conversation_id == channel["conversation"]["id"]  # keeps ;messageid=
    assert ";messageid=1759881511856" in reply.conversation_id
    assert reply.activity_id == channel["id"]
    assert wording.HELP_TITLE in card_text(card(reply))  # "help" only matches once stripped


async def test_channel_message_without_mention_is_ignored(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    posted = await bot_server.post_activity("a", text="help", entities=[])
    assert posted.status == 200
    assert connector.activities == []


async def test_group_chat_without_mention_is_ignored_with_mention_answered(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    group = load_fixture("a")
    group["conversation"] = {"id": "19:groepschat@thread.v2", "conversationType": "groupChat",
                             "isGroup": True}
    group.pop("channelData")
    assert (await bot_server.post_activity(group, text="help", entities=[])).status == 200
    assert connector.activities == []
    reply = await ask(bot_server, "<at>ridotest</at> hulp", fixture=group)
    assert reply.conversation_id == "19:groepschat@thread.v2"
    assert wording.HELP_TITLE in card_text(card(reply))


async def test_a_teacher_joining_the_team_gets_no_welcome_and_no_lookup(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    await bot_server.post_activity("c", members_added=[{"id": "29:nieuwe-docent"}])
    assert connector.requests == []


async def test_mention_only_gets_a_greeting(bot_server: BotServer) -> None:
    reply = await ask(bot_server, "<at>ridotest</at>", fixture="a")
    assert reply.text == wording.GREETING


async def test_added_to_team_welcomes_once(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    team = load_fixture("c")
    assert (await bot_server.post_activity("c")).status == 200
    [welcome] = connector.activities
    assert welcome.conversation_id == team["conversation"]["id"]
    shown = card_text(card(welcome))
    assert wording.WELCOME_TITLE in shown and "Typ: **check**" in shown
    assert "Typ: **tips aan**" in shown
    await bot_server.post_activity("c")
    await bot_server.post_activity("c", type="installationUpdate", action="add",
                                   members_added=None)
    assert len(connector.activities) == 1


async def test_installation_in_a_personal_chat_welcomes_once(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    install = {"type": "installationUpdate", "action": "add", "text": None,
               "textFormat": None, "attachments": None, "entities": None}
    await bot_server.post_activity("b", **install)
    bot_added = {"type": "conversationUpdate", "text": None,
                 "membersAdded": [load_fixture("b")["recipient"]]}
    await bot_server.post_activity("b", **bot_added)
    [welcome] = connector.activities
    assert welcome.conversation_id == PERSONAL and wording.WELCOME_TITLE in card_text(card(welcome))


@pytest.mark.parametrize(("text", "expected"), [
    ("help", wording.HELP_TITLE),
    ("Wat kun je?", wording.HELP_TITLE),
    ("hulp", wording.HELP_TITLE),
])
async def test_help(bot_server: BotServer, text: str, expected: str) -> None:
    assert expected in card_text(card(await ask(bot_server, text)))


@pytest.mark.parametrize(("text", "expected"), [
    ("Hoi!", wording.GREETING),
    ("bedankt!", conversation_wording.THANKS),
    ("Wat voor weer wordt het morgen in Utrecht?", wording.OFF_TOPIC),
    ("", wording.ONLY_TEXT),
    ("vergeet mij", None),  # reserved: another helper's, or "komt binnenkort"
])
async def test_short_texts(bot_server: BotServer, text: str, expected: str | None) -> None:
    reply = await ask(bot_server, text)
    if expected is not None:
        assert reply.text == expected
    else:
        assert reply.text or reply.attachments


async def test_attachment_without_text_and_huge_text(bot_server: BotServer) -> None:
    image = [{"contentType": "image/png", "contentUrl": "https://example.invalid/x.png"}]
    reply = await ask(bot_server, None, attachments=image)
    assert reply.text == wording.ONLY_TEXT
    before = len(bot_server.connector.activities)
    await bot_server.post_activity("b", text=KAHOOT + " " + "en nog meer uitleg " * 2000)
    replies = bot_server.connector.activities[before:]
    assert replies[0].text == wording.TOO_LONG
    assert len(replies) == 2 and replies[1].attachments


async def submit(bot_server: BotServer, value: Any, **overrides: Any) -> list[Recorded]:
    """A card button press as Teams sends it (fixture e: message with value and replyToId)."""
    before = len(bot_server.connector.requests)
    overrides.setdefault("text", None)
    posted = await bot_server.post_activity("e", value=value, **overrides)
    assert posted.status == 200, posted.text
    return bot_server.connector.requests[before:]


async def test_feedback_is_stored_once_and_the_card_updated(
    bot_server: BotServer, connector: ConnectorStandIn, settings: Settings
) -> None:
    answer = await ask(bot_server, KAHOOT, fixture="e", value=None)
    data = buttons(card(answer))["👎 Niet behulpzaam"]
    assert data["action"] == "feedback" and data["helpful"] is False
    requests = await submit(bot_server, data, reply_to_id=answer.new_id)
    [update] = [r for r in requests if r.kind == "update"]
    assert update.activity_id == answer.new_id and update.method == "PUT"
    assert update.conversation_id == load_fixture("e")["conversation"]["id"]
    updated = card(update)
    assert wording.FEEDBACK_THANKS in card_text(updated)
    assert not any(d["action"] == "feedback" for d in buttons(updated).values())
    assert "Nog niet blended." in card_text(updated)  # the answer itself stays
    # 👎 then asks one optional question (see tests/test_conversation_teams.py).
    [question] = [r for r in requests if r.kind in ("send", "reply")]
    assert conversation_wording.WHAT_WAS_WRONG in card_text(card(question))
    assert list(buttons(card(question))) == [conversation_wording.SKIP_BUTTON]
    stored = rows(settings, "SELECT card_id, helpful, confidence, activity_id FROM feedback")
    assert stored == [("mis-ict-inzet", 0, data["confidence"], answer.new_id)]
    assert rows(settings, "SELECT reason, text, card_id FROM kept_questions") == [
        ("niet_behulpzaam", KAHOOT, "mis-ict-inzet")]

    again = await submit(bot_server, data, reply_to_id=answer.new_id)
    assert [r.text for r in again if r.kind in ("send", "reply")] == [wording.FEEDBACK_ALREADY]
    assert not [r for r in again if r.kind == "update"]
    assert len(rows(settings, "SELECT * FROM feedback")) == 1


async def test_show_card_button(bot_server: BotServer) -> None:
    [reply] = await submit(bot_server, {"action": "show_card", "card": "mis-hybride"})
    content = card(reply)
    assert '"Blended is hybride leren"' in card_text(content)
    assert "👍 Behulpzaam" in buttons(content)


@pytest.mark.parametrize("value", [
    {"property": "propertyValue"},  # fixture e's own value, without its text
    {"action": "bestaat-niet"},
    {"action": "show_card", "card": "geen-kaart"},
    {"action": "feedback", "card": "mis-video"},  # no helpful
    {"action": ["lijst"]},
    "alleen tekst",
])
async def test_unknown_or_malformed_buttons(bot_server: BotServer, value: Any) -> None:
    replies = [r for r in await submit(bot_server, value) if r.kind in ("send", "reply")]
    assert [r.text for r in replies] == [wording.UNKNOWN_BUTTON]


async def test_value_with_action_wins_over_text(bot_server: BotServer) -> None:
    replies = await submit(bot_server, {"action": "help"},
                           text="User just clicked the MessageBack button")
    assert wording.HELP_TITLE in card_text(card(replies[0]))


async def test_unsure_text_gets_one_follow_up_with_buttons(
    bot_server: BotServer, settings: Settings
) -> None:
    text = "Ik geef les."
    follow_up = await ask(bot_server, text, fixture="e", value=None)
    content = card(follow_up)
    choices = buttons(content)
    assert choices and all(d["action"] == "follow_up" for d in choices.values())
    assert wording.FOLLOW_UP_INTRO in card_text(content)
    assert rows(settings, "SELECT reason, text FROM kept_questions") == [("unsure", text)]
    assert rows(settings, "SELECT unsure FROM answer_events") == [(1,)]
    no = choices.get("Nee")
    assert no is not None, f"expected a yes/no question, got {list(choices)}"
    [answer] = [r for r in await submit(bot_server, no) if r.kind in ("send", "reply")]
    shown = card_text(card(answer))
    assert "Nog niet blended." in shown  # a missing physical/online part or coherence decides
    assert "✗" in shown


async def test_follow_up_from_an_unknown_question_is_expired(bot_server: BotServer) -> None:
    value = {"action": "follow_up", "key": "online", "answer": "ja", "ref": "deadbeef"}
    [reply] = [r for r in await submit(bot_server, value) if r.kind in ("send", "reply")]
    assert reply.text == wording.FOLLOW_UP_EXPIRED


async def test_action_execute_invoke_returns_a_card(
    bot_server: BotServer, connector: ConnectorStandIn
) -> None:
    posted = await bot_server.post_activity("f")  # data {"feedback": ...}: not our button
    assert posted.status == 200
    body = posted.json()  # a text-only reply keeps the clicked card: a message response
    assert body == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                    "value": wording.UNKNOWN_BUTTON}
    assert connector.activities == []  # the answer is in the invoke response itself

    execute = load_fixture("f")
    execute["value"]["action"]["data"] = {"action": "show_card", "card": "def-interactie"}
    body = (await bot_server.post_activity(execute)).json()
    assert body["type"] == AC and "Vormen van interactie" in card_text(body["value"])
    assert "👍 Behulpzaam" in buttons(body["value"])


async def test_action_execute_feedback_returns_the_updated_card(
    bot_server: BotServer, connector: ConnectorStandIn, settings: Settings
) -> None:
    execute = load_fixture("f")
    execute["value"]["action"]["data"] = {
        "action": "feedback", "card": "mis-video", "helpful": True, "confidence": 0.7}
    body = (await bot_server.post_activity(execute)).json()
    assert wording.FEEDBACK_THANKS in card_text(body["value"])
    assert rows(settings, "SELECT card_id, helpful, activity_id FROM feedback") == [
        ("mis-video", 1, execute["replyToId"])]
    assert connector.activities == [] and connector.updates == []


async def test_a_colleagues_thumbs_down_keeps_no_text_of_someone_elses_question(
    bot_server: BotServer, connector: ConnectorStandIn, settings: Settings
) -> None:
    """In a channel anyone can click; only the asker's own 👎 may keep the asker's text."""
    answer = await ask(bot_server, KAHOOT, fixture="e", value=None)
    data = buttons(card(answer))["👎 Niet behulpzaam"]
    colleague = {"id": "29:colleague-in-the-same-channel", "name": "Collega"}
    requests = await submit(bot_server, data, reply_to_id=answer.new_id, from_=colleague)
    assert [r for r in requests if r.kind == "update"]  # the feedback itself counts
    assert len(rows(settings, "SELECT * FROM feedback")) == 1
    assert rows(settings, "SELECT count(*) FROM kept_questions") == [(0,)]

    await submit(bot_server, data, reply_to_id=answer.new_id)  # the asker's own 👎
    kept = rows(settings, "SELECT user_key, text FROM kept_questions")
    asker = rows(settings, "SELECT user_key FROM feedback ORDER BY id DESC LIMIT 1")[0][0]
    assert kept == [(asker, KAHOOT)]


@pytest.mark.parametrize("confidence", [10**400, float("nan"), "0.9", -3])
async def test_feedback_with_a_strange_confidence_is_stored_without_crashing(
    bot_server: BotServer, connector: ConnectorStandIn, settings: Settings, confidence: Any
) -> None:
    value = {"action": "feedback", "card": "mis-video", "helpful": True,
             "confidence": confidence}
    requests = await submit(bot_server, value, reply_to_id="1575667808184")
    assert all("Sorry, er ging iets mis" not in (r.text or "") for r in requests)
    assert [r for r in requests if r.kind == "update"]  # the card got its thank-you
    expected = 0.0 if confidence == -3 else None
    assert rows(settings, "SELECT card_id, helpful, confidence FROM feedback") == [
        ("mis-video", 1, expected)]
