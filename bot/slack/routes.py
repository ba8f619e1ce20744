"""``POST /api/slack``: Events API deliveries and interactivity (button clicks).

Every request's signature and timestamp are checked on the raw body first (401 otherwise,
nothing read further). ``url_verification`` gets its challenge back; events and clicks are
acknowledged with an empty 200 at once and handled in a background task
(``bot.slack.channel``: a turn on the app's router, the one its bot runs on). A retried event
(same ``event_id``, ``X-Slack-Retry-Num``) is acknowledged but not handled again, and so is
a replayed click (the same signed body again, ``bot.slack.dedupe.click_id``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web

from bot.keys import BOT_KEY, SERVICES_KEY, SLACK_KEY
from bot.logging_setup import kv
from bot.router import Router
from bot.safe_json import loads_bounded
from bot.slack.channel import SlackChannel
from bot.slack.dedupe import SlackEventLog, click_id
from bot.slack.outgoing import web_client
from bot.slack.verify import SlackVerifier, Verdict

log = logging.getLogger(__name__)

PATH = "/api/slack"


def _problem(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _read(body: bytes, content_type: str) -> dict[str, Any] | None:
    """The JSON object of an event, or of an interactive ``payload=`` form field."""
    try:
        text = body.decode("utf-8")
        if content_type == "application/x-www-form-urlencoded":
            fields = parse_qs(text, max_num_fields=20)
            text = (fields.get("payload") or [""])[0]
        data = loads_bounded(text)  # TooDeepError is a ValueError: 400 before any recursion
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


async def slack_endpoint(request: web.Request) -> web.StreamResponse:
    channel = request.app[SLACK_KEY]
    body = await request.read()  # aiohttp answers 413 beyond client_max_size
    verdict = channel.verifier.check(body, request.headers)
    if verdict is not Verdict.OK:
        log.warning("event=slack_rejected status=401 %s", kv(reason=verdict.value))
        return _problem(401, "invalid or stale Slack signature")
    data = _read(body, request.content_type)
    if data is None:
        log.warning("event=slack_rejected status=400 reason=unreadable_body")
        return _problem(400, "body is not a Slack payload")
    kind = data.get("type")
    if kind == "url_verification":
        return web.json_response({"challenge": str(data.get("challenge", ""))})
    if kind == "event_callback":
        event_id = data.get("event_id")
        retry = request.headers.get("X-Slack-Retry-Num")
        if not isinstance(event_id, str) or not event_id:
            return _problem(400, "event without event_id")
        if not await channel.events.first_time(event_id):
            log.info("event=slack_event_duplicate %s", kv(
                event_id=event_id, retry=retry, reason=request.headers.get(
                    "X-Slack-Retry-Reason")))
            return web.Response(status=200)
        log.info("event=slack_event %s", kv(
            event_id=event_id, type=(data.get("event") or {}).get("type"), retry=retry))
        channel.spawn(channel.handle_event(data))
    elif kind == "block_actions":
        if not await channel.events.first_time(click_id(body)):  # a replayed signed click
            log.warning("event=slack_action_duplicate status=200")
            return web.Response(status=200)
        channel.spawn(channel.handle_action(data))
    else:
        log.info("event=slack_payload_ignored %s", kv(type=kind))
    return web.Response(status=200)


def router_of(app: web.Application) -> Router:
    """The app's router (the one its bot runs on, so both channels share its dialogs)."""
    router = getattr(app.get(BOT_KEY), "router", None)
    return router if isinstance(router, Router) else Router(app[SERVICES_KEY])


async def slack_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: build the Slack channel after the services; drain its turns on exit."""
    services = app[SERVICES_KEY]
    settings = services.settings
    async with aiohttp.ClientSession() as session:
        client = web_client(settings.slack_bot_token, settings.slack_api_url, session)
        channel = SlackChannel(services, router_of(app), client,
                               SlackEventLog(services.database),
                               SlackVerifier(settings.slack_signing_secret))
        app[SLACK_KEY] = channel
        log.info("event=slack_enabled path=%s", PATH)
        try:
            yield
        finally:
            await channel.close()


def add_routes(app: web.Application, enabled: bool) -> None:
    """Register ``/api/slack`` (and its lifecycle) when Slack is configured."""
    if not enabled:
        return
    app.router.add_post(PATH, slack_endpoint)
    app.cleanup_ctx.append(slack_ctx)
