"""Test helpers for weekly tips: a Bot Connector stand-in, databases, an adapter.

``ConnectorStandIn`` is a real aiohttp server on 127.0.0.1 that accepts what botbuilder's
ConnectorClient posts (``/v3/conversations/<id>/activities[/<reply id>]``), records every
accepted activity, answers scripted statuses (429 with Retry-After, 403 ...) and can throttle
like Teams (per conversation and per tenant), answering 429 + Retry-After when exceeded.
The benchmark (benchmarks/broadcast.py) uses the same stand-in.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bot.channels.botframework_outbox import AdapterOutbox
from bot.core.address import Address
from bot.storage.database import Database

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class Scripted:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class ConnectorStandIn:
    """A local Bot Connector: records activities, scripted failures, Teams-like throttling."""

    def __init__(self, *, throttle: bool = False, conversation_limit: tuple[int, float] = (7, 1.0),
                 tenant_limit: tuple[int, float] = (50, 1.0), latency: float = 0.0,
                 retry_after: str = "1") -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.attempts: defaultdict[str, int] = defaultdict(int)
        self.paths: list[str] = []
        self.throttled = 0
        self.script: defaultdict[str, deque[Scripted]] = defaultdict(deque)
        self.throttle = throttle
        self.conversation_limit = conversation_limit
        self.tenant_limit = tenant_limit
        self.latency = latency
        self.retry_after = retry_after
        self.on_accept: Any = None
        self._windows: defaultdict[str, deque[float]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conv}/activities", self._post)
        app.router.add_post("/v3/conversations/{conv}/activities/{reply}", self._post)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, conversation_id: str, *statuses: Scripted) -> None:
        """The next requests for this conversation get these answers, then success."""
        self.script[conversation_id].extend(statuses)

    def _over(self, key: str, limit: tuple[int, float], now: float) -> bool:
        count, window = limit
        stamps = self._windows[key]
        while stamps and now - stamps[0] >= window:
            stamps.popleft()
        if len(stamps) >= count:
            return True
        stamps.append(now)
        return False

    async def _post(self, request: web.Request) -> web.Response:
        conv = request.match_info["conv"]
        self.paths.append(request.path)
        body = await request.json()
        self.attempts[conv] += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.script[conv]:
            answer = self.script[conv].popleft()
            return web.json_response({"error": {"code": str(answer.status)}},
                                     status=answer.status, headers=answer.headers)
        if self.throttle:
            now = time.monotonic()
            conversation = body.get("conversation") or {}
            tenant = conversation.get("tenantId") or conversation.get("tenantID") or "-"
            if (self._over(f"t:{tenant}", self.tenant_limit, now)
                    or self._over(f"c:{conv}", self.conversation_limit, now)):
                self.throttled += 1
                return web.json_response({"error": {"code": "Throttled"}}, status=429,
                                         headers={"Retry-After": self.retry_after})
        self.sent.append((conv, body))
        if self.on_accept is not None:
            self.on_accept(conv)
        return web.json_response({"id": uuid.uuid4().hex})

    def sent_to(self, conversation_id: str) -> list[dict[str, Any]]:
        return [body for conv, body in self.sent if conv == conversation_id]


def make_adapter() -> CloudAdapter:
    """A CloudAdapter without credentials (local development mode: no token requests)."""

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    return CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))


def make_outbox() -> AdapterOutbox:
    """Proactive posts through :func:`make_adapter`, as the app's tips go out."""
    return AdapterOutbox(make_adapter(), "")


def teams_address(n: int, service_url: str, *, tenant: str = "tenant-a", channel: bool = False
                  ) -> Address:
    """A Teams conversation address like the ones the handler stores."""
    conv_id = f"19:chan{n}@thread.tacv2" if channel else f"a:personal-{n}"
    return Address(
        channel="msteams", conversation_id=conv_id, service_url=service_url,
        tenant_id=tenant, conversation_type="channel" if channel else "personal",
        is_group=channel, bot_id="28:bot", bot_name="Blendbot", user_id=f"29:user-{n}")


async def open_database(kind: str, tmp_path: Any) -> Database:
    """A migrated database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'tips.sqlite3'}")
    else:
        db = Database(PG_URL, schema=f"tips_{uuid.uuid4().hex[:12]}")
    await db.migrate()
    return db


async def drop_database(db: Database) -> None:
    if db.is_postgres and db.schema:
        from sqlalchemy import text

        async with db.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{db.schema}" CASCADE'))
    await db.dispose()


async def _postgres_reachable() -> bool:
    try:
        import asyncpg

        conn = await asyncio.wait_for(asyncpg.connect(PG_URL), 3)
        await conn.close()
        return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(name="tips_db", params=["sqlite", "postgresql"])
async def tips_db_fixture(request: pytest.FixtureRequest, tmp_path: Any) -> AsyncIterator[Database]:
    if request.param == "postgresql" and not await _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL}")
    db = await open_database(request.param, tmp_path)
    try:
        yield db
    finally:
        await drop_database(db)


@pytest.fixture(name="connector")
async def connector_fixture() -> AsyncIterator[ConnectorStandIn]:
    stand_in = ConnectorStandIn()
    await stand_in.start()
    try:
        yield stand_in
    finally:
        await stand_in.stop()


@asynccontextmanager
async def serve_app(
    settings: Any, services: Any
) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    """The real app (``create_app``) on a free 127.0.0.1 port: (base URL, client session)."""
    from bot.app import create_app

    runner = web.AppRunner(create_app(settings, services=services))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        async with aiohttp.ClientSession() as session:
            yield f"http://127.0.0.1:{runner.addresses[0][1]}", session
    finally:
        await runner.cleanup()
