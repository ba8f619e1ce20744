"""Test helpers for the Slack channel.

- ``SlackApiStandIn``: a real aiohttp server on 127.0.0.1 in place of ``https://slack.com/api/``
  (``SLACK_API_URL``). It records ``chat.postMessage`` / ``chat.update`` / ``chat.delete``
  calls, answers ``auth.test`` with the bot user, and can be scripted to fail.
- ``signed(body, secret)``: the headers Slack sends (``v0`` HMAC-SHA256 signature).
- Payload builders in the shapes of Slack's documentation (api.slack.com / docs.slack.dev):
  ``url_verification``, ``event_callback`` with ``message.im`` and ``app_mention`` (with
  ``thread_ts``), and the ``block_actions`` interaction payload (form field ``payload=``).
- Fixtures ``slack_api`` (the stand-in) and ``slack`` (a ``SlackEnv``: the real app with Slack
  on); import ``slack_api_fixture, slack_fixture`` with ``# noqa: F401``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
TEAM = "T061EG9R6"
BOT_USER = "U0LAN0Z89"
BOT_ID = "B0LAN0Z89"
TEACHER = "U061F7AUR"
DM_CHANNEL = "D024BE91L"
CHANNEL = "C0LAN2Q65"
QUESTION = "Mijn studenten kijken thuis een video en bespreken die daarna samen in de les."


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str


class SlackApiStandIn:
    """Records Web API calls; ``ts`` values count up like Slack's."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, deque[tuple[int, dict[str, Any], dict[str, str]]]] = {}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    def fail_next(self, method: str, status: int, body: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
        self.failures.setdefault(method, deque()).append((status, body, headers or {}))

    def posts(self, method: str = "chat.postMessage") -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            args = await request.json()
        else:
            args = dict(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if method != "auth.test":
            self.calls.append(Call(method, args, token))
        queued = self.failures.get(method)
        if queued:
            status, body, headers = queued.popleft()
            return web.json_response(body, status=status, headers=headers)
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID,
                                      "team_id": TEAM, "user": "blendbot"})
        ts = args.get("ts") or f"{1700000000 + next(self._ts)}.000100"
        return web.json_response({"ok": True, "channel": args.get("channel"), "ts": ts,
                                  "message": {"text": args.get("text", "")}})

    async def start(self) -> SlackApiStandIn:
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/api/"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def signed(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest.hexdigest()}"}


def json_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


def form_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


_event_ids = itertools.count(1)


def url_verification() -> dict[str, Any]:
    return {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification"}


def envelope(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """An ``event_callback`` as Slack posts it, with a fresh ``event_id`` unless given."""
    return {
        "token": "one-long-verification-token", "team_id": TEAM, "api_app_id": "A0PNCHHK2",
        "event": event, "type": "event_callback",
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True,
                            "is_enterprise_install": False}],
        "event_id": event_id or f"Ev0PV52K{next(_event_ids):04d}",
        "event_time": 1355517523,
    }


def direct_message(text: str, *, ts: str = "1355517523.000005",
                   event_id: str | None = None) -> dict[str, Any]:
    """``message.im`` as in Slack's documentation."""
    return envelope({"type": "message", "channel": DM_CHANNEL, "user": TEACHER, "text": text,
                      "ts": ts, "event_ts": ts, "channel_type": "im"}, event_id)


def app_mention(text: str, *, ts: str = "1515449522.000016",
                thread_ts: str | None = "1515449483.000108",
                event_id: str | None = None) -> dict[str, Any]:
    """``app_mention`` in a channel, inside a thread (``thread_ts``) unless None."""
    event = {"type": "app_mention", "user": TEACHER, "text": f"<@{BOT_USER}> {text}",
             "ts": ts, "channel": CHANNEL, "event_ts": ts, "team": TEAM}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return envelope(event, event_id)


def block_actions(value: dict[str, Any] | str, *, channel: str = DM_CHANNEL,
                  message_ts: str = "1581136311.002000",
                  thread_ts: str | None = None) -> dict[str, Any]:
    """The ``block_actions`` interaction payload of a button click."""
    container: dict[str, Any] = {"type": "message", "message_ts": message_ts,
                                 "channel_id": channel, "is_ephemeral": False}
    message: dict[str, Any] = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID,
                               "ts": message_ts, "text": "Blendbot", "blocks": []}
    if thread_ts:
        container["thread_ts"] = thread_ts
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "school"},
        "user": {"id": TEACHER, "username": "docent", "name": "docent", "team_id": TEAM},
        "api_app_id": "A0PNCHHK2", "token": "m4Q8xY7jIYRbwM0W7u7utV30",
        "container": container,
        "trigger_id": "943038858992.49467158547.dde0a43e507f40a8a487834aa77a6bce",
        "channel": {"id": channel, "name": "directmessage" if channel[0] == "D" else "docenten"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/T061EG9R6/943059145717/xEl65bpIwt34",
        "actions": [{
            "action_id": "blendbot:x:0", "block_id": "VlQco",
            "text": {"type": "plain_text", "text": "Knop", "emoji": True},
            "value": value if isinstance(value, str) else json.dumps(value),
            "type": "button", "action_ts": "1581136322.437582",
        }],
    }


async def settle(app: web.Application) -> None:
    """Wait until the Slack channel has finished every background turn."""
    from bot.keys import SLACK_KEY

    channel = app[SLACK_KEY]
    while channel.tasks:
        await asyncio.gather(*list(channel.tasks), return_exceptions=True)


@dataclass
class SlackEnv:
    """The real app with Slack on, the Web API stand-in, and a way to POST signed bodies."""

    server: Any  # tests.harness.BotServer
    api: SlackApiStandIn

    @property
    def app(self) -> web.Application:
        return self.server.app

    async def post(self, body: bytes, *, content_type: str = "application/json",
                   headers: dict[str, str] | None = None, sign: bool = True) -> Any:
        all_headers = {"Content-Type": content_type, **(signed(body) if sign else {}),
                       **(headers or {})}
        return await self.server.request("POST", "/api/slack", data=body, headers=all_headers)

    async def event(self, payload: dict[str, Any], **kwargs: Any) -> Any:
        response = await self.post(json_body(payload), **kwargs)
        await settle(self.app)
        return response

    async def click(self, payload: dict[str, Any]) -> Any:
        response = await self.post(form_body(payload),
                                   content_type="application/x-www-form-urlencoded")
        await settle(self.app)
        return response


def slack_settings(base: Any, api_url: str, **overrides: Any) -> Any:
    """``base`` settings with Slack configured against the stand-in (tips schedule off)."""
    values = {"slack_bot_token": TOKEN, "slack_signing_secret": SECRET,
              "slack_api_url": api_url, "tip_schedule": "off", **overrides}
    return base.model_copy(update=values)


def buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(label, submit value) of every value button in ``blocks``."""
    return [(element["text"]["text"], json.loads(element["value"]))
            for block in blocks if block["type"] == "actions"
            for element in block["elements"] if "value" in element]


def texts(blocks: list[dict[str, Any]]) -> str:
    """All visible text of ``blocks``, one line per text object."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            lines.append(block["text"]["text"])
        for element in block.get("elements", []):
            if isinstance(element.get("text"), str):
                lines.append(element["text"])
            elif isinstance(element.get("text"), dict):
                lines.append(element["text"]["text"])
    return "\n".join(lines)


@pytest.fixture(name="slack_api")
async def slack_api_fixture() -> AsyncIterator[SlackApiStandIn]:
    stand_in = await SlackApiStandIn().start()
    yield stand_in
    await stand_in.close()


@pytest.fixture(name="slack")
async def slack_fixture(make_bot_server: Callable[..., Awaitable[Any]], settings: Any,
                        slack_api: SlackApiStandIn) -> SlackEnv:
    """The real app with Slack configured against ``slack_api``."""
    server = await make_bot_server(settings=slack_settings(settings, slack_api.url))
    return SlackEnv(server, slack_api)
