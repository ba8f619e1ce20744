"""A hanging or failing signing-key endpoint must not freeze the server.

The SDK fetched the issuer's keys with a blocking ``requests.get`` without timeout on the
event loop: while the endpoint hung, every endpoint of the server hung with it. Now a
request whose token cannot be checked gets 503 (``Retry-After``) within the fetch timeout,
``/healthz`` and other requests go on, and once the endpoint recovers the keys are used.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.channels import botframework_keys as auth_keys
from tests.harness import BotServer, RecordingBot, make_settings
from tests.helpers_auth import APP_ID, KeyEndpoint, key_endpoint, new_key, token

STALL = 2.0  # a stall detector (the hang lasts 20 s), not a performance target


@pytest.fixture
def trusted() -> Any:
    return new_key()


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_keys, "FETCH_TIMEOUT", 1.0)
    monkeypatch.setattr(auth_keys, "RETRY_AFTER_FAILURE", 0.5)


@pytest.fixture
def hanging(trusted: Any, short_timeouts: None) -> Iterator[KeyEndpoint]:
    with key_endpoint(trusted) as endpoint:
        endpoint.mode = "hang"
        yield endpoint


@pytest.fixture
async def secured(make_bot_server: Any, tmp_path: Any,
                  classifier_cache_dir: Any) -> tuple[BotServer, RecordingBot]:
    recorder = RecordingBot()
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             app_password="not-a-real-secret")
    server = await make_bot_server(settings=settings, bot_factory=lambda services: recorder)
    return server, recorder


async def _post(server: BotServer, key: Any, **kwargs: Any) -> Any:
    bearer = token(key, server.connector.url, **kwargs)
    return await server.post_activity("b_personal_chat_message",
                                      headers={"Authorization": f"Bearer {bearer}"})


async def _slowest_healthz(server: BotServer, seconds: float) -> float:
    slowest, until = 0.0, time.monotonic() + seconds
    while time.monotonic() < until:
        started = time.perf_counter()
        assert (await server.get("/healthz")).status == 200
        slowest = max(slowest, time.perf_counter() - started)
        await asyncio.sleep(0.05)
    return slowest


async def test_hanging_key_endpoint_gives_503_and_freezes_nothing(
        secured: tuple[BotServer, RecordingBot], hanging: KeyEndpoint, trusted: Any) -> None:
    server, recorder = secured
    waiting = [asyncio.create_task(_post(server, trusted)) for _ in range(5)]
    await asyncio.sleep(0.1)
    slowest = await _slowest_healthz(server, 1.5)
    answers = await asyncio.wait_for(asyncio.gather(*waiting), timeout=10)
    assert slowest < STALL, f"/healthz waited {slowest:.1f} s behind the key fetch"
    assert [a.status for a in answers] == [503] * 5
    assert all(a.headers.get("Retry-After") for a in answers)
    assert hanging.hits == 1  # one fetch for all five requests, not one each
    assert recorder.seen == [] and server.connector.requests == []


async def test_keys_are_used_once_the_endpoint_recovers_and_kept_when_it_hangs(
        secured: tuple[BotServer, RecordingBot], hanging: KeyEndpoint, trusted: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    server, recorder = secured
    assert (await _post(server, trusted)).status == 503
    hanging.mode = "ok"
    await asyncio.sleep(0.6)  # past RETRY_AFTER_FAILURE
    assert (await _post(server, trusted)).status == 200
    assert len(recorder.seen) == 1

    hanging.mode = "hang"  # and the keys are due for a refresh: it runs in the background
    monkeypatch.setattr(auth_keys, "REFRESH_AFTER", 0.0)
    started = time.perf_counter()
    answers = [await _post(server, trusted) for _ in range(3)]
    assert [a.status for a in answers] == [200] * 3
    assert time.perf_counter() - started < STALL
    assert len(recorder.seen) == 4

    hanging.mode = "error"  # a failing refresh is not retried by every request
    monkeypatch.setattr(auth_keys, "RETRY_AFTER_FAILURE", 60.0)
    before = hanging.hits
    await asyncio.sleep(1.1)  # the hanging background fetch has given up by now
    answers = [await _post(server, trusted) for _ in range(3)]
    assert [a.status for a in answers] == [200] * 3
    assert hanging.hits - before <= 1
    assert len(recorder.seen) == 7


async def test_failing_key_endpoint_gives_503_never_500(
        secured: tuple[BotServer, RecordingBot], trusted: Any, short_timeouts: None) -> None:
    server, recorder = secured
    with key_endpoint(trusted) as endpoint:
        endpoint.mode = "error"
        first = await _post(server, trusted)
        assert first.status == 503
        assert (await server.get("/healthz")).status == 200
        endpoint.mode = "ok"
        await asyncio.sleep(0.6)
        assert (await _post(server, trusted)).status == 200
    assert len(recorder.seen) == 1


async def test_unknown_key_id_is_401_and_refreshes_at_most_once(
        secured: tuple[BotServer, RecordingBot], trusted: Any, short_timeouts: None) -> None:
    server, recorder = secured
    with key_endpoint(trusted) as endpoint:
        assert (await _post(server, trusted)).status == 200
        fetches = endpoint.hits
        forged = [await _post(server, new_key(), kid=f"kid-{n}") for n in range(5)]
        assert [a.status for a in forged] == [401] * 5
        assert endpoint.hits == fetches  # no fetch per forged key id
    assert len(recorder.seen) == 1
