"""Deeply nested JSON is a 400 (not a RecursionError 500), and every response says nosniff."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.safe_json import MAX_JSON_DEPTH, TooDeepError, loads_bounded, nesting_depth
from tests.harness import BotServer, build_activity, make_settings
from tests.helpers_auth import APP_ID
from tests.helpers_slack import (  # noqa: F401 - fixtures
    SlackEnv,
    direct_message,
    json_body,
    slack_api_fixture,
    slack_fixture,
)

#: Run once per Teams adapter (botbuilder, Agents SDK): see tests/conftest.py.
pytestmark = pytest.mark.teams_protocol


def _deep(depth: int, opener: str = "[") -> str:
    closer = {"[": "]", "{": "}"}[opener]
    inner = '"x"' if opener == "[" else ""
    return (opener if opener == "[" else '{"a":') * depth + inner + (
        closer if opener == "[" else "}") * depth


def _activity_with(value: str) -> str:
    activity = json.dumps(build_activity("b_personal_chat_message",
                                         connector_url="http://127.0.0.1:9/"))
    return activity[:-1] + f', "value": {value}}}'


@pytest.mark.parametrize("body", [
    _deep(10_000), _deep(10_000, "{"), _activity_with(_deep(5_000)),
    _activity_with(_deep(MAX_JSON_DEPTH + 1)),
])
async def test_deep_json_is_400_unsigned(bot_server: BotServer, body: str) -> None:
    answer = await bot_server.post_raw(body)
    assert answer.status == 400
    assert "nested" in answer.json()["error"]
    assert bot_server.connector.requests == []


async def test_deep_json_is_400_in_auth_mode(make_bot_server: Any, tmp_path: Any,
                                             classifier_cache_dir: Any) -> None:
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             app_password="not-a-real-secret")
    server = await make_bot_server(settings=settings)
    answer = await server.post_raw(_deep(10_000), headers={"Authorization": "Bearer x.y.z"})
    assert answer.status == 400


async def test_json_within_the_limit_is_still_answered(bot_server: BotServer) -> None:
    activity = build_activity("b_personal_chat_message", connector_url=bot_server.connector.url,
                              channel_data={"deep": json.loads(_deep(MAX_JSON_DEPTH - 4))})
    answer = await bot_server.post_raw(json.dumps(activity))
    assert answer.status == 200
    await bot_server.connector.wait_for(1)


async def test_deep_slack_payload_is_400(slack: SlackEnv) -> None:
    event = direct_message("hallo")
    body = json.dumps(event)[:-1] + f', "extra": {_deep(10_000)}}}'
    response = await slack.post(body.encode())
    assert response.status == 400


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab'),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=3), inner,
                                      max_size=3), max_leaves=30))
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_nesting_depth_counts_only_brackets_outside_strings(value: Any) -> None:
    def depth(item: Any) -> int:
        if isinstance(item, list):
            return 1 + max((depth(x) for x in item), default=0)
        if isinstance(item, dict):
            return 1 + max((depth(x) for x in item.values()), default=0)
        return 0

    text = json.dumps(value)
    assert nesting_depth(text, limit=0) >= min(depth(value), 1)
    assert nesting_depth(text, limit=10_000) == depth(value)
    assert loads_bounded(text) == value


def test_loads_bounded_refuses_before_recursing() -> None:
    with pytest.raises(TooDeepError):
        loads_bounded(_deep(100_000))


# ---- X-Content-Type-Options ----------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/healthz"), ("GET", "/nergens"), ("GET", "/api/messages"),
    ("POST", "/healthz"), ("GET", "/charts/readiness/1.png?k=wrong"),
])
async def test_every_response_says_nosniff(bot_server: BotServer, method: str,
                                           path: str) -> None:
    answer = await bot_server.request(method, path)
    assert answer.headers.get("X-Content-Type-Options") == "nosniff", answer.status


async def test_message_answers_say_nosniff(bot_server: BotServer) -> None:
    for answer in (await bot_server.post_activity("b_personal_chat_message"),
                   await bot_server.post_raw("{broken")):
        assert answer.headers.get("X-Content-Type-Options") == "nosniff"


async def test_chart_png_says_nosniff(bot_server: BotServer) -> None:
    from bot.keys import SERVICES_KEY
    from bot.storage.readiness_repo import ReadinessRepo
    from dialogs.results import chart_key
    from knowledge.readiness_model import DIMENSION_IDS

    services = bot_server.app[SERVICES_KEY]
    result = await ReadinessRepo(services.database).save(
        "0" * 64, None, {d: (i % 4) + 1 for i, d in enumerate(DIMENSION_IDS)})
    key = chart_key(result, services.chart_secret)
    answer = await bot_server.get(f"/charts/readiness/{result.id}.png?k={key}")
    assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
