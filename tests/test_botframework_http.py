"""The Bot Connector client's replies go out on aiohttp as msrest's requests sender sent them:
the credentials' bearer token (none without an app id), retries on 408/429/5xx with
Retry-After, and nothing more for other failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botframework.connector.auth import MicrosoftAppCredentials

from tests.harness import BotServer, make_settings
from tests.helpers_auth import APP_ID, key_endpoint, new_key, token


def _replies(server: BotServer) -> list[Any]:
    return [r for r in server.connector.requests if r.kind in ("reply", "send")]


async def test_without_an_app_id_no_token_goes_out(bot_server: BotServer) -> None:
    answer = await bot_server.post_activity("b_personal_chat_message")
    assert answer.status == 200
    [reply] = await bot_server.connector.wait_for(1)
    assert "authorization" not in {k.lower() for k in reply.headers}
    assert reply.body["type"] == "message" and reply.body["attachments"]


@pytest.fixture
def signing() -> Iterator[Any]:
    trusted = new_key()
    with key_endpoint(trusted):
        yield trusted


async def test_with_credentials_the_reply_carries_their_token(
        make_bot_server: Any, tmp_path: Any, classifier_cache_dir: Any, signing: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    handed_out: list[str] = []

    def get_access_token(self: MicrosoftAppCredentials, force_refresh: bool = False) -> str:
        handed_out.append(self.microsoft_app_id)
        return "token-for-the-connector"

    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", get_access_token)
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             app_password="not-a-real-secret")
    server = await make_bot_server(settings=settings)
    good = token(signing, server.connector.url)
    answer = await server.post_activity("b_personal_chat_message",
                                        headers={"Authorization": f"Bearer {good}"})
    assert answer.status == 200
    [reply] = await server.connector.wait_for(1)
    assert reply.headers.get("Authorization") == "Bearer token-for-the-connector"
    assert set(handed_out) == {APP_ID}


@pytest.mark.parametrize("status", [429, 503, 408])
async def test_a_transient_failure_is_retried_until_the_reply_is_taken(
        bot_server: BotServer, status: int) -> None:
    bot_server.connector.fail_next(status, times=2, headers={"Retry-After": "0"})
    answer = await bot_server.post_activity("b_personal_chat_message")
    assert answer.status == 200
    await bot_server.connector.wait_for(1)
    assert [r.status for r in _replies(bot_server)] == [status, status, 200]
    bodies = [r.body for r in _replies(bot_server)]
    assert bodies[0] == bodies[2], "the retry sends the same reply"


async def test_a_refusal_is_not_retried(bot_server: BotServer) -> None:
    bot_server.connector.fail_next(403, times=1)
    answer = await bot_server.post_activity("b_personal_chat_message")
    assert answer.status == 200  # the failure is logged, the channel gets no 5xx
    assert [r.status for r in _replies(bot_server)][:1] == [403]
    assert len([r for r in _replies(bot_server) if r.status == 403]) == 1


async def test_a_connector_that_keeps_failing_gets_four_tries(bot_server: BotServer) -> None:
    bot_server.connector.fail_next(500, times=4, headers={"Retry-After": "0"})
    answer = await bot_server.post_activity("b_personal_chat_message")
    assert answer.status == 200
    assert [r.status for r in _replies(bot_server)][:4] == [500] * 4
