"""The aiohttp app over real HTTP: status codes, authentication, replies at the connector."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.channels.botframework_adapter import APOLOGY
from bot.keys import SERVICES_KEY
from bot.storage.schema import bot_state
from tests.harness import BotServer, FailingBot, RecordingBot, build_activity, make_settings
from tests.helpers_auth import (
    APP_ID,
    BAD_AUTH_CASES,
    bad_auth_header,
    key_endpoint,
    new_key,
    token,
)


async def state_rows(server: BotServer) -> list[Any]:
    async with server.app[SERVICES_KEY].database.connect() as conn:
        return (await conn.execute(sa.select(bot_state.c.key, bot_state.c.document))).all()


# ---- health ----------------------------------------------------------------------------------
async def test_healthz_reports_loaded_cards(bot_server: BotServer, kb: Any) -> None:
    answer = await bot_server.get("/healthz")
    assert answer.status == 200
    assert answer.json() == {"status": "ok", "cards": len(kb.cards)}


async def test_healthz_is_503_without_a_model(services: Any, settings: Any) -> None:
    app = create_app(settings, services=replace(services, classifier=None),
                     bot_factory=lambda s: RecordingBot())
    async with TestServer(app, host="127.0.0.1") as server:
        import aiohttp

        async with aiohttp.ClientSession() as session, session.get(
                server.make_url("/healthz")) as response:
            assert response.status == 503
            assert (await response.json())["status"] != "ok"


async def test_app_loads_everything_itself(settings: Any, classifier_model: Any) -> None:
    """Without ready services the app loads knowledge, classifier and database at start-up."""
    async with TestServer(create_app(settings), host="127.0.0.1") as server:
        import aiohttp

        async with aiohttp.ClientSession() as session, session.get(
                server.make_url("/healthz")) as response:
            assert response.status == 200
            assert (await response.json())["cards"] > 0


# ---- requests that are the problem -----------------------------------------------------------
@pytest.mark.parametrize("body", [b"{", b"not json", b"\xff\xfe\x00", b""])
async def test_broken_json_is_400(bot_server: BotServer, body: bytes) -> None:
    answer = await bot_server.post_raw(body)
    assert answer.status == 400
    assert bot_server.connector.requests == []


@pytest.mark.parametrize("body", ["[]", "42", '"message"', "{}", '{"type": ""}', '{"type": 7}'])
async def test_json_that_is_not_an_activity_is_400(bot_server: BotServer, body: str) -> None:
    answer = await bot_server.post_raw(body)
    assert answer.status == 400


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          None])
async def test_non_json_content_type_is_415(bot_server: BotServer,
                                            content_type: str | None) -> None:
    body = json.dumps(build_activity("b_personal_chat_message"))
    answer = await bot_server.post_raw(body, content_type=content_type)
    assert answer.status == 415
    assert bot_server.connector.requests == []


async def test_huge_body_is_413(bot_server: BotServer, settings: Any) -> None:
    activity = build_activity("b_personal_chat_message", connector_url=bot_server.connector.url,
                              text="x" * (settings.max_body_bytes + 1000))
    answer = await bot_server.post_raw(json.dumps(activity))
    assert answer.status == 413
    assert bot_server.connector.requests == []


async def test_missing_service_url_is_400(post_activity: Any, bot_server: BotServer) -> None:
    answer = await post_activity("b_personal_chat_message", service_url="javascript:alert(1)")
    assert answer.status == 400
    assert bot_server.connector.requests == []


# ---- conversations -------------------------------------------------------------------------
async def test_personal_message_gets_a_reply_at_the_connector(post_activity: Any,
                                                              bot_server: BotServer) -> None:
    incoming = build_activity("b_personal_chat_message")
    answer = await post_activity("b_personal_chat_message",
                                 text="Is een online quiz na een fysieke les blended?")
    assert answer.status == 200
    replies = await bot_server.connector.wait_for(1)
    first = replies[0]
    assert first.kind == "reply"
    assert first.conversation_id == incoming["conversation"]["id"]
    assert first.activity_id == incoming["id"]
    assert first.body["type"] == "message"
    assert first.text != APOLOGY
    assert first.text or first.attachments


async def test_channel_mention_gets_a_reply(post_activity: Any, bot_server: BotServer) -> None:
    answer = await post_activity("a_channel_message_with_mention")
    assert answer.status == 200
    replies = await bot_server.connector.wait_for(1)
    assert replies[0].conversation_id.startswith("19:6848757105754c8981c67612732d9aa7")
    assert replies[0].text != APOLOGY


@pytest.mark.parametrize("fixture", ["c_conversation_update", "d_invoke", "f_adaptive_card"])
async def test_other_teams_payloads_never_5xx(post_activity: Any, fixture: str) -> None:
    answer = await post_activity(fixture)
    assert 200 <= answer.status < 300


async def test_unknown_invoke_is_200_not_501(post_activity: Any) -> None:
    answer = await post_activity("d_invoke_compose_extension_query", name="no/suchInvoke")
    assert answer.status == 200


async def test_malformed_card_action_gets_the_sdk_error_card(post_activity: Any) -> None:
    """botbuilder's own 400 answer for a bad Action.Execute reaches Teams (SDK bug fixed)."""
    answer = await post_activity("f_adaptive_card_action_execute_invoke",
                                 value={"action": {"type": "Action.Submit"}})
    assert answer.status == 400  # the SDK's answer: the request is the problem
    body = answer.json()
    assert body["statusCode"] == 400
    assert body["type"] == "application/vnd.microsoft.error"
    assert body["value"]["code"] == "NotSupported"


@pytest.mark.parametrize("field", ["conversation", "channelId"])
async def test_activity_without_conversation_or_channel_is_400(
    post_activity: Any, bot_server: BotServer, field: str
) -> None:
    answer = await post_activity("b_personal_chat_message", **{field: None})
    assert answer.status == 400
    assert bot_server.connector.requests == []


async def test_turn_error_apologises_in_dutch_and_answers_200(make_bot_server: Any) -> None:
    server = await make_bot_server(bot_factory=lambda services: FailingBot())
    answer = await server.post_activity("b_personal_chat_message")
    assert answer.status == 200
    replies = await server.connector.wait_for(1)
    assert [r.text for r in replies] == [APOLOGY]


async def test_connector_refusing_the_reply_still_gives_200(bot_server: BotServer,
                                                            post_activity: Any) -> None:
    bot_server.connector.fail_next(403, times=5)
    answer = await post_activity("b_personal_chat_message", text="wat is blended leren?")
    assert answer.status == 200
    assert all(r.status == 403 for r in bot_server.connector.requests)
    assert bot_server.connector.requests, "the bot should have tried to answer"


async def test_corrupt_state_is_cleared_and_the_next_message_works(
    bot_server: BotServer, post_activity: Any
) -> None:
    incoming = build_activity("b_personal_chat_message")
    key = f"msteams/conversations/{incoming['conversation']['id']}"
    async with bot_server.app[SERVICES_KEY].database.begin() as conn:
        await conn.execute(sa.insert(bot_state).values(
            key=key, document='{"DialogState": {"$t": "object", "cls": "os:system"}}',
            etag="x", updated_at=sa.func.now()))

    first = await post_activity("b_personal_chat_message", text="wat is blended leren?")
    assert first.status == 200
    assert bot_server.connector.texts() == [APOLOGY]
    rows = dict(await state_rows(bot_server))
    assert "os:system" not in rows.get(key, "")

    bot_server.connector.clear()
    second = await post_activity("b_personal_chat_message", text="wat is blended leren?")
    assert second.status == 200
    replies = await bot_server.connector.wait_for(1)
    assert APOLOGY not in [r.text for r in replies]


# ---- adapter internals that must not change what goes over the wire -------------------------
def test_fast_serializer_writes_exactly_what_msrest_writes() -> None:
    from botbuilder.schema import Activity, Attachment, ChannelAccount, ConversationAccount
    from msrest.serialization import Serializer

    from bot.channels.botframework_adapter import _FastSerializer

    card = {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "TextBlock", "text": "Is dit blended? \u2014 ja", "wrap": True, "n": 3.5},
        {"type": "ActionSet", "actions": [{"type": "Action.Submit", "data": {
            "action": "feedback", "helpful": False, "scores": [1, 2, None]}}]}]}
    activity = Activity(
        type="message", text="hoi", conversation=ConversationAccount(id="a:1"),
        recipient=ChannelAccount(id="29:x"),
        attachments=[Attachment(content_type="application/vnd.microsoft.card.adaptive",
                                content=card)],
        channel_data={"notification": {"alert": True}, "when": datetime(2026, 1, 5, 9, 0)},
        value={"nan": float("nan"), "nested": [{"k": "v"}]})
    deps = {k: v for k, v in vars(__import__("botbuilder.schema").schema).items()
            if isinstance(v, type)}
    stock = Serializer(deps).body(activity, "Activity")
    fast = _FastSerializer(deps).body(activity, "Activity")
    assert json.dumps(fast, sort_keys=True, default=str) == json.dumps(
        stock, sort_keys=True, default=str)
    assert fast["channelData"]["when"] == stock["channelData"]["when"]  # took msrest's path


# ---- authentication ------------------------------------------------------------------------
@pytest.fixture
def signing() -> Iterator[dict[str, Any]]:
    trusted, other = new_key(), new_key()
    with key_endpoint(trusted):
        yield {"trusted": trusted, "other": other}


@pytest.fixture
async def secured(make_bot_server: Any, tmp_path: Any, classifier_cache_dir: Any,
                  signing: dict[str, Any]) -> tuple[BotServer, RecordingBot]:
    recorder = RecordingBot()
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             app_password="not-a-real-secret")
    server = await make_bot_server(settings=settings, bot_factory=lambda services: recorder)
    return server, recorder


async def test_valid_token_is_accepted(secured: tuple[BotServer, RecordingBot],
                                       signing: dict[str, Any]) -> None:
    server, recorder = secured
    good = token(signing["trusted"], server.connector.url)
    answer = await server.post_activity("b_personal_chat_message",
                                        headers={"Authorization": f"Bearer {good}"})
    assert answer.status == 200
    assert len(recorder.seen) == 1


@pytest.mark.parametrize("case", BAD_AUTH_CASES)
async def test_bad_authentication_is_401_and_nothing_is_processed(
    secured: tuple[BotServer, RecordingBot], signing: dict[str, Any], case: str
) -> None:
    server, recorder = secured
    url = server.connector.url
    header = bad_auth_header(case, signing, url)
    answer = await server.post_activity("b_personal_chat_message",
                                        headers={"Authorization": header} if header else None)
    assert answer.status == 401
    assert recorder.seen == []
    assert server.connector.requests == []
    assert await state_rows(server) == []


# ---- `blendbot serve` ----------------------------------------------------------------------
REPO = Path(__file__).resolve().parents[1]


def _cli_env(tmp_path: Path, cache_dir: Path, pythonpath: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BLENDBOT_", "Microsoft", "SLACK_"))}
    env.update({"PYTHONPATH": pythonpath, "BLENDBOT_CACHE_DIR": str(cache_dir),
                "BLENDBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                "BLENDBOT_TIP_SCHEDULE": "off", **extra})
    return env


def _serve(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", *args], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_refuses_a_broken_knowledge_base(tmp_path: Path,
                                               classifier_cache_dir: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(REPO / "knowledge", broken / "knowledge",
                    ignore=shutil.ignore_patterns("__pycache__"))
    card = next((broken / "knowledge" / "cards").glob("*.yaml"))
    card.write_text("id: [dit is geen\n  geldige: yaml\n", encoding="utf-8")
    env = _cli_env(tmp_path, classifier_cache_dir, f"{broken}{os.pathsep}{REPO}")
    process = _serve(tmp_path, env, "--port", "39781")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert f"{card.name}:" in stderr
    assert "cannot start" in stderr
    assert "Traceback" not in stderr


def test_serve_refuses_an_unknown_database(tmp_path: Path, classifier_cache_dir: Path) -> None:
    env = _cli_env(tmp_path, classifier_cache_dir, str(REPO),
                   BLENDBOT_DATABASE_URL="mysql://root:geheim@db/blendbot")
    process = _serve(tmp_path, env)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "database URL" in stderr and "mysql" in stderr
    assert "geheim" not in stderr and "Traceback" not in stderr


def test_serve_answers_healthz_and_stops_on_sigint(tmp_path: Path, classifier_cache_dir: Path,
                                                    classifier_model: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _cli_env(tmp_path, classifier_cache_dir, str(REPO))
    process = _serve(tmp_path, env, "--host", "127.0.0.1", "--port", str(port))
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.3)
        assert health is not None and health["status"] == "ok" and health["cards"] > 0
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "level=WARNING logger=bot.app event=authentication_disabled" in stderr
