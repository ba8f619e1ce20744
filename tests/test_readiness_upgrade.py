"""Upgrading from the botbuilder-dialogs check, and a server that never imports it.

The fixtures in tests/fixtures/state/ are conversation-state documents exactly as the
former code (commit 8b736e8: ``ComponentDialog`` + ``WaterfallDialog`` under the property
``"DialogState"``) stored them in ``bot_state``, recorded over HTTP with this module's
helpers against that code: ``waterfall_check_after_3_answers.json`` after "check" and taps of
levels 3, 0 (weet ik niet) and 2 on questions 1-3 in the personal chat of Teams fixture
``b``; ``waterfall_no_dialog.json`` after "help" in the same chat (every conversation had
such an empty stack). Each file maps the ``bot_state`` key to the decoded JSON document.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.keys import SERVICES_KEY
from bot.render import readiness_cards as rc
from bot.render import wording
from bot.settings import Settings
from bot.storage.schema import bot_state
from dialogs.readiness import STATE_PROPERTY
from knowledge.readiness_model import DIMENSION_IDS
from tests.harness import BotServer, build_activity
from tests.test_readiness_dialog import question_number, say, stored_answers, tap, texts

ROOT = Path(__file__).resolve().parents[1]
STATES = Path(__file__).parent / "fixtures" / "state"
LEGACY = "DialogState"


def _key() -> str:
    return f"msteams/conversations/{build_activity('b')['conversation']['id']}"


async def _store(server: BotServer, name: str) -> str:
    """Put a recorded document in ``bot_state`` as the former code left it; its key."""
    [(key, document)] = json.loads((STATES / name).read_text("utf-8")).items()
    assert key == _key(), "the Teams fixture b changed its conversation id"
    async with server.app[SERVICES_KEY].database.begin() as conn:
        await conn.execute(sa.insert(bot_state).values(
            key=key, document=json.dumps(document), etag="recorded", updated_at=sa.func.now()))
    return key


async def _document(server: BotServer, key: str) -> dict[str, Any]:
    async with server.app[SERVICES_KEY].database.connect() as conn:
        text = (await conn.execute(sa.select(bot_state.c.document)
                                   .where(bot_state.c.key == key))).scalar_one()
    return json.loads(text)


async def test_a_check_stored_by_the_waterfall_goes_on_after_the_upgrade(
        bot_server: BotServer, settings: Settings) -> None:
    key = await _store(bot_server, "waterfall_check_after_3_answers.json")

    [resumed] = await say(bot_server, "check")  # "check" inside a check: where was I?
    assert question_number(resumed) == 4
    document = await _document(bot_server, key)
    assert LEGACY not in document  # converted on first read, the old property dropped
    assert document[STATE_PROPERTY]["index"] == 3
    assert document[STATE_PROPERTY]["answers"] == {
        "flexibiliteit": 3, "interactie": None, "ontwerpproces": 2}

    [back] = await say(bot_server, "terug")
    assert question_number(back) == 3
    assert rc.EARLIER_CHOICE.format(choice="Toepassen") in texts(back)  # the earlier 2
    [reply] = await tap(bot_server, 2, 4)  # change question 3, then answer the rest
    assert question_number(reply) == 4
    for index in range(3, 12):
        [reply] = await tap(bot_server, index, 1)
    assert rc.RESULT_TITLE in texts(reply)
    assert stored_answers(settings) == [dict(zip(
        DIMENSION_IDS, [3, None, 4] + [1] * 9, strict=True))]
    assert STATE_PROPERTY not in await _document(bot_server, key)


async def test_a_conversation_without_a_check_drops_the_old_dialog_state(
        bot_server: BotServer) -> None:
    key = await _store(bot_server, "waterfall_no_dialog.json")
    [reply] = await say(bot_server, "2")  # not in a check: a number is no answer
    assert question_number(reply) is None
    document = await _document(bot_server, key)
    assert LEGACY not in document and STATE_PROPERTY not in document
    [first] = await say(bot_server, "check")
    assert question_number(first) == 1 and rc.INTRO in texts(first)


async def test_a_stopped_upgraded_check_is_over(bot_server: BotServer) -> None:
    key = await _store(bot_server, "waterfall_check_after_3_answers.json")
    [stopped] = await say(bot_server, "stop")
    assert texts(stopped) == rc.STOPPED
    assert {LEGACY, STATE_PROPERTY}.isdisjoint(await _document(bot_server, key))
    [help_] = await say(bot_server, "help")
    assert wording.HELP_TITLE in texts(help_)


_SERVER_TURN = textwrap.dedent("""
    import asyncio, json, sys
    from pathlib import Path
    from aiohttp.test_utils import TestServer
    from bot.app import create_app
    from tests.harness import BotServer, ConnectorStandIn, make_settings

    async def main(tmp: str, cache: str, legacy: str) -> None:
        connector = await ConnectorStandIn().start()
        server = TestServer(create_app(make_settings(Path(tmp), Path(cache))),
                            host="127.0.0.1")
        await server.start_server()
        bot = BotServer(server, connector)
        try:
            if legacy:  # a check the former code stored, taken over by this one
                import sqlalchemy as sa
                from bot.keys import SERVICES_KEY
                from bot.storage.schema import bot_state
                [(key, document)] = json.loads(Path(legacy).read_text("utf-8")).items()
                async with server.app[SERVICES_KEY].database.begin() as conn:
                    await conn.execute(sa.insert(bot_state).values(
                        key=key, document=json.dumps(document), etag="recorded",
                        updated_at=sa.func.now()))
            statuses = [(await bot.post_activity("b", text=text)).status
                        for text in ("check", "2")]
            replies = [r.text or json.dumps(r.attachments) for r in connector.activities]
        finally:
            await bot.close()
            await connector.close()
        print(json.dumps({"statuses": statuses, "replies": replies,
                          "dialogs": sorted(m for m in sys.modules
                                            if m.startswith("botbuilder.dialogs"))}))

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
""")


def test_the_server_runs_a_check_without_botbuilder_dialogs(
        tmp_path: Path, classifier_cache_dir: Path, classifier_model: Any) -> None:
    """The whole app with default settings (SQLite in tmp) in a fresh interpreter."""
    outcome = _server_turns(tmp_path, classifier_cache_dir, legacy=None)
    assert outcome["statuses"] == [200, 200]
    assert len(outcome["replies"]) == 2
    assert "Vraag 1 van 12" in outcome["replies"][0]
    assert "Vraag 2 van 12" in outcome["replies"][1]  # the typed "2" was read as an answer
    assert outcome["dialogs"] == []


def _server_turns(tmp_path: Path, cache: Path, legacy: Path | None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _SERVER_TURN, str(tmp_path), str(cache), str(legacy or "")],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_taking_over_a_stored_waterfall_check_does_not_load_botbuilder_dialogs(
        tmp_path: Path, classifier_cache_dir: Path, classifier_model: Any) -> None:
    outcome = _server_turns(tmp_path, classifier_cache_dir,
                            legacy=STATES / "waterfall_check_after_3_answers.json")
    assert outcome["statuses"] == [200, 200]
    assert "Vraag 4 van 12" in outcome["replies"][0]  # the old check goes on where it was
    assert "Vraag 5 van 12" in outcome["replies"][1]
    assert outcome["dialogs"] == []


def test_the_codec_rebuilds_sdk_dialog_state_unless_told_to_read_it_as_data() -> None:
    from bot.storage.state_codec import StateCodec

    [document] = json.loads((STATES / "waterfall_check_after_3_answers.json")
                            .read_text("utf-8")).values()
    rebuilt = StateCodec().from_jsonable(document)[LEGACY]
    assert type(rebuilt).__name__ == "DialogState"  # a generic Bot Framework storage
    plain = StateCodec(legacy_as_dict=True).from_jsonable(document)[LEGACY]
    assert isinstance(plain, dict) and plain["_dialog_stack"][0]["id"] == "readiness"


def test_legacy_options_are_read_from_the_decoded_stack_only() -> None:
    from bot.storage.state_codec import StateCodec
    from dialogs.legacy import legacy_options

    [document] = json.loads((STATES / "waterfall_check_after_3_answers.json")
                            .read_text("utf-8")).values()
    decoded = StateCodec().from_jsonable(document)[LEGACY]
    options = legacy_options(decoded)
    assert options is not None and options["index"] == 3 and options["note"] is None
    assert options["answers"] == {"flexibiliteit": 3, "interactie": None, "ontwerpproces": 2}
    [(_, empty)] = json.loads((STATES / "waterfall_no_dialog.json").read_text("utf-8")).items()
    assert legacy_options(StateCodec().from_jsonable(empty)[LEGACY]) is None
    plain = _plain(document[LEGACY])  # as a codec that decodes SDK objects to dicts gives
    assert plain["_dialog_stack"][0]["id"] == "readiness"
    assert legacy_options(plain) == options
    other = {"_dialog_stack": [{"id": "other", "state": {"dialogs": decoded}}]}
    for junk in (None, "x", {"_dialog_stack": "nope"}, other,
                 {"_dialog_stack": [{"id": "readiness", "state": None}]}):
        assert legacy_options(junk) is None


def _plain(data: Any) -> Any:
    """A stored document with every tagged object replaced by its attributes."""
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if not isinstance(data, dict):
        return data
    if data.get("$t") == "object":
        return _plain(data["attrs"])
    return {k: _plain(v) for k, v in data.items()}
