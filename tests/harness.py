"""Test harness: a real local Bot Connector stand-in and a real bot server over HTTP.

``ConnectorStandIn`` is an aiohttp server on 127.0.0.1 that answers the Bot Connector REST
calls the SDK makes (send, reply, update, delete, create conversation, members, team
details) and records them. ``BotServer`` runs ``bot.app.create_app`` in an aiohttp
``TestServer`` and posts activities to ``/api/messages`` over HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.schema import Activity

from bot.settings import Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
ACTIVITY_KINDS = ("send", "reply")


def make_settings(tmp_path: Path, cache_dir: Path, **overrides: Any) -> Settings:
    """Test settings: SQLite in ``tmp_path``, no app id; ``.env`` is ignored. The Teams
    adapter is botbuilder unless the test asks for one, or ``BLENDBOT_TEST_TEAMS_SDK=agents``
    is set (for trying a test file on the Agents SDK by hand; tests that bring their own
    botbuilder bot cannot run there)."""
    values: dict[str, Any] = {
        "teams_sdk": os.environ.get("BLENDBOT_TEST_TEAMS_SDK", "botbuilder"),
        "app_id": "", "app_password": "", "app_tenant_id": "", "app_type": "MultiTenant",
        "database_url": f"sqlite:///{tmp_path / 'blendbot.sqlite3'}",
        "cache_dir": cache_dir, "log_texts": False, "insights_token": "", "digicoaches": "",
        "host": "127.0.0.1", "public_url": "http://localhost:3978",
    }
    values.update(overrides)
    return load_settings(_env_file=None, **values)


# ---- tiny bots for testing the pipe --------------------------------------------------------
class EchoBot(ActivityHandler):
    """Replies ``echo: <text>`` to every message."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"echo: {turn_context.activity.text}")


class RecordingBot(ActivityHandler):
    """Remembers every activity it saw; never replies."""

    def __init__(self) -> None:
        self.seen: list[Activity] = []

    async def on_turn(self, turn_context: TurnContext) -> None:
        self.seen.append(turn_context.activity)


class FailingBot(ActivityHandler):
    """Raises inside every turn."""

    async def on_turn(self, turn_context: TurnContext) -> None:
        raise RuntimeError("boom (test)")


# ---- activities ----------------------------------------------------------------------------
def fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.json"))


def load_fixture(name: str) -> dict[str, Any]:
    """A Teams payload by file name, with or without ``.json``, or a unique prefix (``"b"``)."""
    stem = name.removesuffix(".json")
    names = fixture_names()
    matches = [n for n in names if n == stem] or [n for n in names if n.startswith(stem)]
    if len(matches) != 1:
        raise KeyError(f"no single Teams fixture matches {name!r} (have: {', '.join(names)})")
    return json.loads((FIXTURES / f"{matches[0]}.json").read_text(encoding="utf-8"))


def _camel(name: str) -> str:
    if name == "from_":
        return "from"
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def build_activity(
    payload: str | Mapping[str, Any], *, connector_url: str | None = None, **overrides: Any
) -> dict[str, Any]:
    """Fixture name or dict -> activity dict with ``serviceUrl`` and top-level overrides.

    Override keys may be snake_case (``reply_to_id``) or ``from_``; a value of ``None``
    removes the field.
    """
    activity = load_fixture(payload) if isinstance(payload, str) else json.loads(
        json.dumps(payload))
    if connector_url is not None:
        activity["serviceUrl"] = connector_url
    for key, value in overrides.items():
        camel = _camel(key)
        if value is None:
            activity.pop(camel, None)
        else:
            activity[camel] = value
    return activity


@dataclass
class Posted:
    """An HTTP answer, read completely."""

    status: int
    body: bytes
    headers: Mapping[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


# ---- the Bot Connector stand-in ------------------------------------------------------------
@dataclass
class Recorded:
    """One request the SDK made to the connector stand-in."""

    method: str
    path: str
    kind: str  # send | reply | update | delete | create_conversation | members | team | other
    conversation_id: str | None
    activity_id: str | None  # the activity replied to / updated / deleted
    body: Any
    headers: dict[str, str]
    status: int = 200
    new_id: str | None = None

    @property
    def text(self) -> str | None:
        return self.body.get("text") if isinstance(self.body, dict) else None

    @property
    def attachments(self) -> list[dict[str, Any]]:
        if isinstance(self.body, dict):
            return list(self.body.get("attachments") or [])
        return []


@dataclass
class _Scripted:
    status: int
    times: int
    headers: dict[str, str]
    body: Any
    kinds: tuple[str, ...] | None


@dataclass
class ConnectorStandIn:
    """A real HTTP server standing in for the Bot Connector service."""

    requests: list[Recorded] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    team_channels: list[dict[str, Any]] = field(default_factory=list)
    _scripts: list[_Scripted] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _port: int = 0
    _changed: asyncio.Condition | None = None

    async def start(self) -> ConnectorStandIn:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self._changed = asyncio.Condition()
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        """The ``serviceUrl`` to put in activities (ends with a slash, like Teams')."""
        return f"http://127.0.0.1:{self._port}/"

    @property
    def activities(self) -> list[Recorded]:
        """Activities the bot sent (new messages and replies), oldest first."""
        return [r for r in self.requests if r.kind in ACTIVITY_KINDS and r.status < 300]

    @property
    def updates(self) -> list[Recorded]:
        return [r for r in self.requests if r.kind == "update" and r.status < 300]

    def texts(self) -> list[str | None]:
        return [r.text for r in self.activities]

    def clear(self) -> None:
        self.requests.clear()

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        kinds: tuple[str, ...] | None = ACTIVITY_KINDS,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (e.g. 429 + Retry-After).

        ``kinds=None`` matches every request; such requests are recorded with that status.
        """
        self._scripts.append(_Scripted(status, times, dict(headers or {}),
                                       body if body is not None else {"error": {
                                           "code": "Scripted", "message": f"status {status}"}},
                                       kinds))

    async def wait_for(
        self, count: int, timeout: float = 5.0, *, kinds: tuple[str, ...] = ACTIVITY_KINDS
    ) -> list[Recorded]:
        """Wait until at least ``count`` successful requests of ``kinds`` were recorded."""
        assert self._changed is not None, "connector not started"

        def matching() -> list[Recorded]:
            return [r for r in self.requests if r.kind in kinds and r.status < 300]

        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(matching()) >= count), timeout)
            except TimeoutError:
                raise AssertionError(
                    f"connector got {len(matching())} of {count} {'/'.join(kinds)} requests "
                    f"within {timeout}s: {[(r.kind, r.status) for r in self.requests]}"
                ) from None
        return matching()

    # ---- request handling ------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        segments = [unquote(s) for s in request.raw_path.split("?", 1)[0].split("/") if s]
        kind, conversation_id, activity_id = _classify(request.method, segments)
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        record = Recorded(request.method, "/" + "/".join(segments), kind, conversation_id,
                          activity_id, body, dict(request.headers))
        response = self._scripted(kind)
        if response is None:
            response = self._answer(record, segments)
        record.status = response.status
        self.requests.append(record)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return response

    def _scripted(self, kind: str) -> web.Response | None:
        for script in self._scripts:
            if script.kinds is None or kind in script.kinds:
                script.times -= 1
                if script.times <= 0:
                    self._scripts.remove(script)
                return web.json_response(script.body, status=script.status,
                                         headers=script.headers)
        return None

    def _answer(self, record: Recorded, segments: list[str]) -> web.Response:
        if record.kind in ("send", "reply", "update"):
            record.new_id = record.activity_id if record.kind == "update" else (
                f"activity-{next(self._ids)}")
            return web.json_response({"id": record.new_id})
        if record.kind == "delete":
            return web.Response(status=200)
        if record.kind == "create_conversation":
            record.new_id = f"conversation-{next(self._ids)}"
            return web.json_response({"id": record.new_id,
                                      "activityId": f"activity-{next(self._ids)}",
                                      "serviceUrl": self.url})
        if record.kind == "members":
            return self._members(segments)
        if record.kind == "team":
            if segments[-1] == "conversations":
                return web.json_response({"conversations": self.team_channels})
            return web.json_response({"id": segments[2], "name": "Testteam",
                                      "aadGroupId": "00000000-0000-0000-0000-000000000001"})
        return web.json_response({"error": {"code": "NotFound", "message": "unknown"}},
                                 status=404)

    def _members(self, segments: list[str]) -> web.Response:
        if segments[-1] == "pagedmembers":
            return web.json_response({"members": list(self.members.values())})
        if segments[-1] == "members":
            return web.json_response(list(self.members.values()))
        member_id = segments[-1]
        member = self.members.get(member_id) or {
            "id": member_id, "name": "Testdocent",
            "aadObjectId": "00000000-0000-0000-0000-0000000000aa"}
        return web.json_response(member)


def _classify(method: str, segments: list[str]) -> tuple[str, str | None, str | None]:
    if segments[:2] == ["v3", "conversations"]:
        if len(segments) == 2:
            return ("create_conversation" if method == "POST" else "other"), None, None
        conversation_id = segments[2]
        rest = segments[3:]
        if rest[:1] == ["activities"]:
            if len(rest) == 1 and method == "POST":
                return "send", conversation_id, None
            if len(rest) == 2:
                kind = {"POST": "reply", "PUT": "update", "DELETE": "delete"}.get(method, "other")
                return kind, conversation_id, rest[1]
        if rest[:1] in (["members"], ["pagedmembers"]) and method == "GET":
            return "members", conversation_id, None
        return "other", conversation_id, None
    if segments[:2] == ["v3", "teams"] and len(segments) >= 3 and method == "GET":
        return "team", None, None
    return "other", None, None


# ---- the bot over HTTP ---------------------------------------------------------------------
class BotServer:
    """The real aiohttp app on 127.0.0.1, with helpers to talk to it over HTTP."""

    def __init__(self, server: TestServer, connector: ConnectorStandIn) -> None:
        self.server = server
        self.connector = connector
        self.session = aiohttp.ClientSession()

    @property
    def app(self) -> web.Application:
        return self.server.app

    @property
    def url(self) -> str:
        return str(self.server.make_url("/"))

    async def close(self) -> None:
        await self.session.close()
        await self.server.close()

    async def request(self, method: str, path: str, *, data: bytes | str | None = None,
                      headers: Mapping[str, str] | None = None) -> Posted:
        async with self.session.request(method, self.server.make_url(path), data=data,
                                        headers=dict(headers or {})) as response:
            return Posted(response.status, await response.read(), dict(response.headers))

    async def get(self, path: str) -> Posted:
        return await self.request("GET", path)

    async def post_raw(self, body: bytes | str, *, content_type: str | None = "application/json",
                       headers: Mapping[str, str] | None = None) -> Posted:
        """POST any bytes to ``/api/messages`` (no serviceUrl rewriting)."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        return await self.request("POST", "/api/messages", data=body, headers=all_headers)

    async def post_activity(self, payload: str | Mapping[str, Any], *,
                            headers: Mapping[str, str] | None = None,
                            **overrides: Any) -> Posted:
        """POST a Teams fixture (by name) or dict, with ``serviceUrl`` -> the connector."""
        activity = build_activity(payload, connector_url=self.connector.url, **overrides)
        return await self.post_raw(json.dumps(activity), headers=headers)
