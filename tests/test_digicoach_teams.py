"""DigiCoach features through the Teams protocol: real Teams JSON posted over HTTP to the app,
replies captured by the local Bot Connector stand-in, data checked in the SQLite file."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer
from PIL import Image

from bot.app import create_app
from bot.privacy import USER_TABLES
from bot.services import open_services
from bot.settings import load_settings
from bot.storage import schema
from bot.storage.repositories import user_key
from classifier import load_classifier
from knowledge.loader import load_knowledge
from tests.harness import BotServer, ConnectorStandIn, load_fixture
from tests.helpers_digicoach import insert, seed_known_events

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol

PUBLIC_URL = "https://blendbot.example.nl"
QUERY = load_fixture("d")  # composeExtension/query from the Teams docs
COACH_AAD = QUERY["from"]["aadObjectId"]  # Larry Jin is our DigiCoach
TEACHER = {"id": "29:teacher-1", "name": "Docent", "aadObjectId": "0000-teacher"}


@pytest.fixture(scope="module")
def knowledge_and_classifier(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    kb = load_knowledge()
    return kb, load_classifier(kb, tmp_path_factory.mktemp("model-cache"))


@pytest.fixture
async def server(tmp_path: Path, knowledge_and_classifier: tuple[Any, Any], teams_sdk: str
                 ) -> AsyncIterator[BotServer]:
    kb, clf = knowledge_and_classifier
    settings = load_settings(
        app_id="", teams_sdk=teams_sdk,
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}", public_url=PUBLIC_URL,
        digicoaches=f"{COACH_AAD}, 29:another-coach", insights_token="tok", retention_days=30)
    connector = await ConnectorStandIn().start()
    async with open_services(settings, knowledge=kb, classifier=clf) as services:
        test_server = TestServer(create_app(settings, services=services), host="127.0.0.1")
        await test_server.start_server()
        bot = BotServer(test_server, connector)
        bot.services = services  # type: ignore[attr-defined]
        try:
            yield bot
        finally:
            await bot.close()
            await connector.close()


def _query(text: str | None, command: str = "searchCards", **options: int) -> dict[str, Any]:
    activity = load_fixture("d")
    activity["value"]["commandId"] = command
    if text is None:  # Teams' initial run: no typed text at all
        activity["value"]["parameters"] = [{"name": "initialRun", "value": "true"}]
    else:
        activity["value"]["parameters"][0]["value"] = text
    activity["value"]["queryOptions"].update(options)
    return activity


async def _search(server: BotServer, text: str | None, **kwargs: Any) -> dict[str, Any]:
    posted = await server.post_activity(_query(text, **kwargs))
    assert posted.status == 200, posted.text
    result = posted.json()["composeExtension"]
    assert result["type"] == "result"
    assert result["attachmentLayout"] == "list"
    return result


# ---- messaging extension -----------------------------------------------------------------

async def test_search_hybride_returns_the_hybride_card_first(server: BotServer) -> None:
    result = await _search(server, "hybride")
    first = result["attachments"][0]
    assert first["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert first["preview"]["contentType"] == "application/vnd.microsoft.card.thumbnail"
    assert first["preview"]["content"]["title"] == '"Blended is hybride leren"'
    assert first["preview"]["content"]["text"].startswith("Nee. Zit een deel van de groep")
    card = first["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    texts = " ".join(b.get("text", "") for b in _blocks(card))
    assert "Denk aan een blender" in texts  # the full card, not only the summary
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Lees de hele kaart",
                                "url": f"{PUBLIC_URL}/kaarten/mis-hybride"}]
    assert server.connector.activities == []  # the answer is the invoke response only


async def test_search_with_a_whole_question(server: BotServer) -> None:
    result = await _search(server, "Wat is blended leren eigenlijk precies?")
    ids = [a["content"]["actions"][0]["url"].rsplit("/", 1)[1] for a in result["attachments"]]
    assert ids[0] == "def-blended-leren"
    assert len(ids) == len(set(ids)) <= 10


async def test_search_without_a_match_gives_an_empty_list(server: BotServer) -> None:
    result = await _search(server, "xyzzy qwerty")
    assert result["attachments"] == []
    assert "text" not in result


async def test_empty_query_shows_the_most_asked_cards(server: BotServer) -> None:
    await seed_known_events(server.services.database, datetime.now(UTC))  # type: ignore[attr-defined]
    for text in (None, ""):
        result = await _search(server, text, count=4)
        urls = [a["content"]["actions"][0]["url"] for a in result["attachments"]]
        assert len(urls) == 4
        assert urls[:3] == [f"{PUBLIC_URL}/kaarten/{i}"
                            for i in ("mis-hybride", "def-blended-leren", "mis-video")]


async def test_empty_query_without_history_falls_back_to_core_cards(server: BotServer) -> None:
    result = await _search(server, None)
    urls = [a["content"]["actions"][0]["url"] for a in result["attachments"]]
    assert len(urls) == 10
    assert all("/kaarten/def-" in u for u in urls)  # definitions first


async def test_unknown_command_gives_an_empty_result(server: BotServer) -> None:
    result = await _search(server, "hybride", command="searchCmd")
    assert result["attachments"] == []


# ---- role checks and insights ------------------------------------------------------------

def _personal(text: str, sender: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    activity = load_fixture("b")
    activity["text"] = text
    activity.pop("attachments", None)
    if sender is not None:
        activity["from"] = sender
    activity.update(extra)
    return activity


def _blocks(card: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for element in card.get("body", []):
        out.append(element)
        out.extend(_blocks({"body": element.get("items", [])}))
    return out


async def test_teacher_asking_overzicht_is_refused_without_data(server: BotServer) -> None:
    await seed_known_events(server.services.database, datetime.now(UTC))  # type: ignore[attr-defined]
    posted = await server.post_activity(_personal("overzicht", TEACHER))
    assert posted.status == 200
    (sent,) = await server.connector.wait_for(1)
    assert sent.text is not None and "alleen voor DigiCoaches" in sent.text
    assert sent.attachments == []
    assert "hybride" not in str(sent.body).lower()


async def test_digicoach_gets_insights_card_with_chart(server: BotServer) -> None:
    await seed_known_events(server.services.database, datetime.now(UTC))  # type: ignore[attr-defined]
    coach = {"id": "29:coach", "name": "Coach", "aadObjectId": COACH_AAD}
    await server.post_activity(_personal("overzicht", coach))
    (sent,) = await server.connector.wait_for(1)
    card = sent.attachments[0]["content"]
    texts = " ".join(b.get("text", "") for b in _blocks(card))
    assert "10 antwoorden, waarvan 40% met twijfel" in texts
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    assert facts[0] == {"title": '"Blended is hybride leren"', "value": "7× (2 met twijfel)"}
    image = next(b for b in card["body"] if b["type"] == "Image")
    assert image["url"].startswith("data:image/png;base64,")
    png = Image.open(io.BytesIO(base64.b64decode(image["url"].split(",", 1)[1])))
    assert png.format == "PNG" and png.width <= 400
    assert "Feedback: 2 behulpzaam, 2 niet behulpzaam." in texts
    assert "1 team(s)" in texts
    assert card["actions"][0]["url"] == f"{PUBLIC_URL}/insights"


async def test_digicoach_by_teams_user_id(server: BotServer) -> None:
    await server.post_activity(_personal("overzicht", {"id": "29:another-coach", "name": "X"}))
    (sent,) = await server.connector.wait_for(1)
    assert sent.attachments and "Wat vragen docenten?" in str(sent.attachments[0])


async def test_insights_not_shown_in_a_team_channel(server: BotServer) -> None:
    activity = load_fixture("a")
    activity["text"] = "<at>ridotest</at> overzicht"
    activity["from"]["aadObjectId"] = COACH_AAD
    await server.post_activity(activity)
    (sent,) = await server.connector.wait_for(1)
    assert sent.attachments == []
    assert "persoonlijke chat" in (sent.text or "")


# ---- vergeet mij -------------------------------------------------------------------------

async def _rows(server: BotServer, table: sa.Table, key: str) -> int:
    db = server.services.database  # type: ignore[attr-defined]
    async with db.connect() as conn:
        column = table.c.user_key if "user_key" in table.c else table.c.created_by
        return len((await conn.execute(sa.select(column).where(column == key))).all())


async def test_vergeet_mij_asks_first_then_deletes_everything(server: BotServer) -> None:
    db = server.services.database  # type: ignore[attr-defined]
    activity = _personal("vergeet mij")
    channel, user_id = activity["channelId"], activity["from"]["id"]
    key = user_key(channel, user_id)
    now = datetime.now(UTC)
    await insert(db, schema.answer_events, [
        {"created_at": now, "user_key": key, "team_id": None, "channel": channel,
         "intent": "question", "verdict": None, "card_id": "mis-hybride", "confidence": 0.9,
         "unsure": False}])
    await insert(db, schema.feedback, [
        {"created_at": now, "user_key": key, "conversation_key": "c", "card_id": "mis-hybride",
         "confidence": 0.9, "helpful": False, "activity_id": "1"}])
    await insert(db, schema.kept_questions, [
        {"created_at": now, "user_key": key, "text": "mijn vraag", "card_id": None,
         "reason": "unsure"}])
    await insert(db, schema.feedback_comments, [
        {"created_at": now, "user_key": key, "card_id": "mis-hybride",
         "text": "mijn opmerking na 👎"}])
    await insert(db, schema.readiness_results, [
        {"created_at": now, "user_key": key, "team_id": "t", "answers": {}, "levels": {}}])
    conversation_id = activity["conversation"]["id"]
    await insert(db, schema.bot_state, [
        {"key": f"{channel}/users/{user_id}", "document": "{}", "etag": "1", "updated_at": now},
        {"key": f"{channel}/conversations/{conversation_id}", "document": "{}", "etag": "1",
         "updated_at": now},
        {"key": f"{channel}/users/someone-else", "document": "{}", "etag": "1",
         "updated_at": now}])
    personal_ref = {"v": 1, "channel": channel, "conversation_id": conversation_id,
                    "conversation_type": "personal", "user_id": user_id}
    # a team address that (unlike the ones we write) still names the user
    team_ref = {"v": 1, "channel": channel, "conversation_id": "19:team",
                "conversation_type": "channel", "user_id": user_id}
    await insert(db, schema.subscriptions, [
        {"conversation_key": f"{channel}:{conversation_id}", "channel": channel,
         "reference": personal_ref, "created_by": key, "created_at": now},
        {"conversation_key": f"{channel}:19:team", "channel": channel,
         "reference": team_ref, "team_id": "team-x", "created_by": key, "created_at": now}])
    other = user_key(channel, "someone-else")
    await insert(db, schema.answer_events, [
        {"created_at": now, "user_key": other, "team_id": None, "channel": channel,
         "intent": "question", "verdict": None, "card_id": "mis-video", "confidence": 0.9,
         "unsure": False}])

    await server.post_activity(activity)
    (ask,) = await server.connector.wait_for(1)
    card = ask.attachments[0]["content"]
    assert "Dit kan niet ongedaan worden" in str(card)
    yes, no = card["actions"]
    assert (yes["title"], no["title"]) == ("Ja, verwijder", "Nee")
    for table in USER_TABLES:  # nothing deleted before the confirmation
        assert await _rows(server, table, key) == 1

    server.connector.clear()
    await server.post_activity(_personal("", value=no["data"]))
    (kept,) = await server.connector.wait_for(1)
    assert "niets verwijderd" in (kept.text or "")
    assert await _rows(server, schema.answer_events, key) == 1

    server.connector.clear()
    await server.post_activity(_personal("", value=yes["data"]))
    (done,) = await server.connector.wait_for(1)
    assert done.text is not None and done.text.startswith("Klaar. Ik heb alles over jou")
    assert "1 antwoord" in done.text and "1 tip-abonnement" in done.text
    assert "1 bewaarde opmerking" in done.text
    for table in USER_TABLES:
        assert await _rows(server, table, key) == 0, table.name
    async with db.connect() as conn:
        state_keys = {r[0] for r in await conn.execute(sa.select(schema.bot_state.c.key))}
        subs = (await conn.execute(sa.select(schema.subscriptions))).all()
    assert state_keys == {f"{channel}/users/someone-else"}
    (team_sub,) = subs  # the team keeps its tips, without a link to the user
    assert team_sub.created_by is None and "user_id" not in team_sub.reference
    assert team_sub.reference["channel"] == channel
    assert await _rows(server, schema.answer_events, other) == 1  # others untouched


# ---- "Deel" on answer cards --------------------------------------------------------------

async def test_answer_card_has_a_deel_link_to_the_public_page(server: BotServer) -> None:
    await server.post_activity(_personal("Wat is blended leren?", TEACHER))
    (sent,) = await server.connector.wait_for(1)
    card = sent.attachments[0]["content"]
    share = [a for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    assert share == [{"type": "Action.OpenUrl", "title": "Deel",
                      "url": f"{PUBLIC_URL}/kaarten/def-blended-leren"}]
    page = await server.get("/kaarten/def-blended-leren")  # the link's page, served by the app
    assert page.status == 200 and "<h1>" in page.text
