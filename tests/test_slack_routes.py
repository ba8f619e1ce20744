"""POST /api/slack: signatures, replays, url_verification, acknowledgement, retry dedupe."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.render import actions
from bot.settings import Settings
from bot.slack.dedupe import SlackEventLog
from bot.slack.verify import SlackVerifier, Verdict
from bot.storage.database import Database
from tests.helpers_slack import (  # noqa: F401 - fixtures
    DM_CHANNEL,
    QUESTION,
    SECRET,
    SlackEnv,
    app_mention,
    block_actions,
    direct_message,
    form_body,
    json_body,
    settle,
    signed,
    slack_api_fixture,
    slack_fixture,
    url_verification,
)

# --- verification --------------------------------------------------------------------------

def test_verifier_accepts_slack_signature_and_rejects_tampering() -> None:
    verifier = SlackVerifier(SECRET)
    body = json_body(url_verification())
    assert verifier.check(body, signed(body)) is Verdict.OK
    assert verifier.check(body + b" ", signed(body)) is Verdict.BAD_SIGNATURE
    assert verifier.check(body, signed(body, secret="other-secret")) is Verdict.BAD_SIGNATURE
    assert verifier.check(body, {}) is Verdict.MISSING
    bad_stamp = {**signed(body), "X-Slack-Request-Timestamp": "gisteren"}
    assert verifier.check(body, bad_stamp) is Verdict.MISSING


def test_verifier_rejects_requests_older_than_five_minutes() -> None:
    now = 1_700_000_000
    verifier = SlackVerifier(SECRET, now=lambda: float(now))
    body = b'{"type":"event_callback"}'
    assert verifier.check(body, signed(body, timestamp=now - 299)) is Verdict.OK
    assert verifier.check(body, signed(body, timestamp=now - 301)) is Verdict.STALE
    assert verifier.check(body, signed(body, timestamp=now + 301)) is Verdict.STALE


# --- the route -----------------------------------------------------------------------------

async def test_url_verification_answers_the_challenge(slack: SlackEnv) -> None:
    response = await slack.post(json_body(url_verification()))
    assert response.status == 200
    assert json.loads(response.body) == {
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_bad_signature_is_401_and_nothing_happens(slack: SlackEnv) -> None:
    body = json_body(direct_message(QUESTION))
    response = await slack.post(body, sign=False, headers=signed(body, secret="wrong"))
    assert response.status == 401
    unsigned = await slack.post(body, sign=False)
    assert unsigned.status == 401
    await settle(slack.app)
    assert slack.api.calls == []


async def test_old_timestamp_is_401_even_with_a_valid_signature(slack: SlackEnv) -> None:
    body = json_body(direct_message(QUESTION))
    old = int(time.time()) - 6 * 60
    response = await slack.post(body, sign=False, headers=signed(body, timestamp=old))
    assert response.status == 401
    await settle(slack.app)
    assert slack.api.calls == []


async def test_unreadable_body_with_good_signature_is_400(slack: SlackEnv) -> None:
    response = await slack.post(b"{not json")
    assert response.status == 400
    form = await slack.post(b"payload=%7Bbroken", content_type="application/x-www-form-urlencoded")
    assert form.status == 400


async def test_retried_event_is_acknowledged_but_answered_once(slack: SlackEnv) -> None:
    payload = direct_message(QUESTION, event_id="Ev0RETRY0001")
    first = await slack.event(payload)
    retry = await slack.event(payload, headers={"X-Slack-Retry-Num": "1",
                                                "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status == 200 and retry.status == 200
    assert len(slack.api.posts()) == 1
    assert slack.api.posts()[0]["channel"] == DM_CHANNEL


async def test_events_are_acknowledged_before_the_turn_runs(slack: SlackEnv) -> None:
    response = await slack.post(json_body(app_mention(QUESTION)))
    assert response.status == 200 and response.body == b""
    await settle(slack.app)
    assert len(slack.api.posts()) == 1


async def test_route_is_off_without_slack_settings(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings) -> None:
    server = await make_bot_server(settings=settings.model_copy(update={"tip_schedule": "off"}))
    body = json_body(url_verification())
    response = await server.request("POST", "/api/slack", data=body,
                                    headers={"Content-Type": "application/json", **signed(body)})
    assert response.status in (404, 405)


# --- dedupe across replicas ----------------------------------------------------------------

async def _dedupe_across_replicas(url: str) -> None:
    one, two = Database(url), Database(url)
    try:
        await one.migrate()
        await two.migrate()
        assert await SlackEventLog(one).first_time("Ev-shared-1") is True
        assert await SlackEventLog(two).first_time("Ev-shared-1") is False
        assert await SlackEventLog(two).first_time("Ev-shared-2") is True
    finally:
        await one.dispose()
        await two.dispose()


async def test_dedupe_holds_across_replicas_on_sqlite(settings: Settings) -> None:
    await _dedupe_across_replicas(settings.database_url)


async def test_dedupe_holds_across_replicas_on_postgresql(pg_url: str) -> None:
    await _dedupe_across_replicas(pg_url)


async def test_old_event_ids_are_pruned(settings: Settings) -> None:
    from datetime import UTC, datetime, timedelta

    db = Database(settings.database_url)
    try:
        await db.migrate()
        log = SlackEventLog(db)
        now = datetime(2025, 11, 24, 9, 0, tzinfo=UTC)
        await log.first_time("Ev-old", now=now - timedelta(days=2))
        await log.first_time("Ev-new", now=now)
        assert await log.prune(now) == 1
        assert await log.first_time("Ev-old", now=now) is True
        assert await log.first_time("Ev-new", now=now) is False
    finally:
        await db.dispose()


async def test_a_replayed_signed_click_runs_once(slack: SlackEnv) -> None:
    """A captured click, replayed with its own valid signature inside the five minutes."""
    body = form_body(block_actions(actions.help_()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
    statuses = []
    for _ in range(3):
        response = await slack.server.request("POST", "/api/slack", data=body, headers=headers)
        statuses.append(response.status)
        await settle(slack.app)
    assert statuses == [200, 200, 200]  # acknowledged, so Slack shows no error
    assert len(slack.api.posts()) == 1  # but the click ran once
    # A new click on the same button (Slack gives it a new trigger_id) runs again.
    again = block_actions(actions.help_())
    again["trigger_id"] = "943038858992.49467158547.0000000000000000000000000000000a"
    again["actions"][0]["action_ts"] = "1581136399.000001"
    await slack.click(again)
    assert len(slack.api.posts()) == 2
