"""GET /metrics: Prometheus text that counts real turns, leaks no text or id, and is guarded."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text as sql

from bot.keys import SERVICES_KEY
from bot.metrics import access_status, metrics_of
from tests.harness import BotServer, build_activity, make_settings

LESSON = ("Mijn studenten bekijken thuis een kennisclip in Moodle en in de les op school "
          "oefenen ze daarna samen met wat ze zagen. Zeldzaamwoordxq, is dit blended?")
NAMES = ("blendbot_http_requests", "blendbot_http_request_duration_seconds", "blendbot_turns",
         "blendbot_unsure_turns", "blendbot_follow_ups_asked", "blendbot_follow_ups_answered",
         "blendbot_readiness_checks_started", "blendbot_readiness_checks_finished",
         "blendbot_tip_deliveries", "blendbot_database_errors")


async def _scrape(server: BotServer) -> tuple[str, dict[tuple[str, frozenset], float]]:
    answer = await server.get("/metrics")
    assert answer.status == 200, answer.status
    assert answer.headers["Content-Type"].startswith("text/plain")
    body = answer.body.decode()
    samples = {(s.name, frozenset(s.labels.items())): s.value
               for family in text_string_to_metric_families(body) for s in family.samples}
    return body, samples


def _value(samples: dict[tuple[str, frozenset], float], name: str, **labels: str) -> float:
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def test_every_metric_is_exposed(bot_server: BotServer) -> None:
    body, _ = await _scrape(bot_server)
    families = {family.name for family in text_string_to_metric_families(body)}
    assert set(NAMES) <= families, set(NAMES) - families


async def test_a_teams_turn_moves_the_counts_and_leaks_nothing(bot_server: BotServer) -> None:
    activity = build_activity("b_personal_chat_message", connector_url=bot_server.connector.url,
                              text=LESSON)
    _, before = await _scrape(bot_server)
    assert (await bot_server.post_activity(activity)).status == 200
    await bot_server.connector.wait_for(1)
    body, after = await _scrape(bot_server)

    turns = _value(after, "blendbot_turns_total", intent="scenario")
    assert turns == _value(before, "blendbot_turns_total", intent="scenario") + 1
    assert _value(after, "blendbot_http_requests_total", route="/api/messages",
                  status="200") >= 1
    assert _value(after, "blendbot_http_requests_total", route="/metrics") >= 1
    for secret in ("Zeldzaamwoordxq", "kennisclip", activity["from"]["id"],
                   activity["conversation"]["id"], activity["recipient"]["id"]):
        assert secret not in body, secret


async def test_a_readiness_check_counts_as_started(bot_server: BotServer) -> None:
    _, before = await _scrape(bot_server)
    await bot_server.post_activity("b_personal_chat_message", text="check")
    await bot_server.connector.wait_for(1)
    _, after = await _scrape(bot_server)
    assert (_value(after, "blendbot_readiness_checks_started_total")
            == _value(before, "blendbot_readiness_checks_started_total") + 1)


async def test_a_database_error_is_counted_by_class(bot_server: BotServer) -> None:
    services = bot_server.app[SERVICES_KEY]
    with pytest.raises(Exception):  # noqa: B017 - any driver error; the counter is the point
        async with services.database.engine.connect() as conn:
            await conn.execute(sql("SELECT * FROM no_such_table"))
    _, samples = await _scrape(bot_server)
    assert _value(samples, "blendbot_database_errors_total") >= 1


async def test_an_unknown_path_is_one_series_not_one_per_url(bot_server: BotServer) -> None:
    for path in ("/a1b2c3", "/dfe-987", "/teacher@school.nl"):
        await bot_server.get(path)
    body, samples = await _scrape(bot_server)
    assert _value(samples, "blendbot_http_requests_total", route="unmatched") >= 3
    assert "a1b2c3" not in body and "school.nl" not in body


async def test_two_apps_keep_their_own_counts(make_bot_server: Any) -> None:
    first, second = await make_bot_server(), await make_bot_server()
    await first.post_activity("b_personal_chat_message", text=LESSON)
    await first.connector.wait_for(1)
    _, one = await _scrape(first)
    _, two = await _scrape(second)
    assert _value(one, "blendbot_turns_total") >= 1
    assert _value(two, "blendbot_turns_total") == 0
    assert metrics_of(first.app[SERVICES_KEY]) is not metrics_of(second.app[SERVICES_KEY])


# ---- access ---------------------------------------------------------------------------------
async def test_loopback_mode_refuses_a_relayed_request(bot_server: BotServer) -> None:
    answer = await bot_server.request("GET", "/metrics",
                                      headers={"X-Forwarded-For": "198.51.100.7"})
    assert answer.status == 404


@pytest.mark.parametrize(("mode", "remote", "headers", "expected"), [
    ("loopback", "127.0.0.1", {}, None),
    ("loopback", "::1", {}, None),
    ("loopback", "192.0.2.1", {}, 404),
    ("loopback", None, {}, 404),
    ("off", "127.0.0.1", {}, 404),
    ("token:s3cret-value", "192.0.2.1", {}, 401),
    ("token:s3cret-value", "192.0.2.1", {"Authorization": "Bearer wrong"}, 401),
    ("token:s3cret-value", "192.0.2.1", {"Authorization": "Bearer s3cret-value"}, None),
])
def test_access_rules(mode: str, remote: str | None, headers: dict[str, str],
                      expected: int | None) -> None:
    assert access_status(mode, remote, headers) == expected


async def test_token_mode_over_http(make_bot_server: Any, tmp_path: Any,
                                    classifier_cache_dir: Any) -> None:
    settings = make_settings(tmp_path, classifier_cache_dir, metrics="token:s3cret-value")
    server = await make_bot_server(settings=settings)
    assert (await server.get("/metrics")).status == 401
    wrong = await server.request("GET", "/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status == 401
    right = await server.request("GET", "/metrics",
                                 headers={"Authorization": "Bearer s3cret-value"})
    assert right.status == 200 and b"blendbot_turns_total" in right.body


async def test_off_mode_has_no_route(make_bot_server: Any, tmp_path: Any,
                                     classifier_cache_dir: Any) -> None:
    settings = make_settings(tmp_path, classifier_cache_dir, metrics="off")
    server = await make_bot_server(settings=settings)
    assert (await server.get("/metrics")).status == 404


def test_a_mistyped_setting_is_refused_without_echoing_it(tmp_path: Any,
                                                          classifier_cache_dir: Any) -> None:
    with pytest.raises(ValueError) as caught:
        make_settings(tmp_path, classifier_cache_dir, metrics="tokn:hunter2")
    assert "hunter2" not in str(caught.value)
