"""Shared fixtures. Bigger helpers live in tests/harness.py.

- ``settings``: SQLite file in tmp_path, no app id (authentication off), classifier cache
  shared for the session.
- ``kb`` / ``classifier_model``: the real knowledge base and classifier, loaded once.
- ``services``: ``BotServices`` on ``settings`` with the shared kb and classifier.
- ``connector``: a real local Bot Connector stand-in (``harness.ConnectorStandIn``).
- ``make_bot_server(settings=..., bot_factory=..., **service_overrides)`` -> ``BotServer``;
  ``bot_server`` is the default one with the real BlendBot; ``post_activity`` is its
  ``post_activity(payload_or_fixture_name, *, headers=None, **overrides)``.
- ``pg_url``: PostgreSQL URL with a unique ``?schema=`` for this test session (skips when
  PostgreSQL is not reachable).
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

import tests.loop_close_watch  # noqa: F401 - reports a loop that cannot close
from bot.settings import Settings
from classifier.matching import Lexicon
from tests.harness import BotServer, ConnectorStandIn, make_settings

PG_BASE_URL = os.environ.get("BLENDBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def classifier_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("classifier-cache")


TEAMS_SDKS = ("botbuilder", "agents")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``teams_protocol`` run once per Teams adapter (botbuilder, Agents SDK)."""
    if ("teams_sdk" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("teams_protocol") is not None):
        metafunc.parametrize("teams_sdk", TEAMS_SDKS, indirect=True)


@pytest.fixture
def teams_sdk(request: pytest.FixtureRequest) -> str:
    """The Teams adapter of this test: a ``teams_protocol`` test gets both in turn, any
    other the one ``BLENDBOT_TEST_TEAMS_SDK`` names (botbuilder by default)."""
    return getattr(request, "param", None) or os.environ.get(
        "BLENDBOT_TEST_TEAMS_SDK", "botbuilder")


@pytest.fixture
def settings(tmp_path: Path, classifier_cache_dir: Path, teams_sdk: str) -> Settings:
    return make_settings(tmp_path, classifier_cache_dir, teams_sdk=teams_sdk)


@pytest.fixture(scope="session")
def kb() -> Any:
    from knowledge.loader import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def classifier_model(kb: Any, classifier_cache_dir: Path) -> Any:
    from classifier import load_classifier

    return load_classifier(kb, classifier_cache_dir)


@pytest.fixture
async def services(settings: Settings, kb: Any, classifier_model: Any) -> AsyncIterator[Any]:
    from bot.services import open_services

    async with open_services(settings, knowledge=kb, classifier=classifier_model) as ready:
        yield ready


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    stand_in = await ConnectorStandIn().start()
    yield stand_in
    await stand_in.close()


@pytest.fixture
async def make_bot_server(
    settings: Settings, connector: ConnectorStandIn, kb: Any, classifier_model: Any
) -> AsyncIterator[Callable[..., Awaitable[BotServer]]]:
    from bot.app import create_app
    from bot.services import open_services

    async with AsyncExitStack() as stack:

        async def make(*, settings: Settings = settings, bot_factory: Any = None,
                       **service_overrides: Any) -> BotServer:
            service_overrides.setdefault("knowledge", kb)
            service_overrides.setdefault("classifier", classifier_model)
            ready = await stack.enter_async_context(open_services(settings, **service_overrides))
            app = create_app(settings, services=ready, bot_factory=bot_factory)
            server = TestServer(app, host="127.0.0.1")
            await server.start_server()
            handle = BotServer(server, connector)
            stack.push_async_callback(handle.close)
            return handle

        yield make


@pytest.fixture
async def bot_server(make_bot_server: Callable[..., Awaitable[BotServer]]) -> BotServer:
    return await make_bot_server()


@pytest.fixture
def post_activity(bot_server: BotServer) -> Callable[..., Awaitable[Any]]:
    return bot_server.post_activity


def _run_in_thread(coro_factory: Callable[[], Awaitable[Any]]) -> Any:
    """Run a coroutine on a private loop, whatever loop the caller is in."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # re-raised in the caller
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


async def _pg_execute(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_BASE_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        _run_in_thread(lambda: _pg_execute(f'CREATE SCHEMA "{schema}"'))
    except (OSError, TimeoutError, ImportError) as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_BASE_URL}: {type(exc).__name__}: {exc}")
    except Exception as exc:  # e.g. asyncpg.InvalidCatalogNameError: database missing
        pytest.skip(f"PostgreSQL not usable at {PG_BASE_URL}: {type(exc).__name__}: {exc}")
    yield f"{PG_BASE_URL}?schema={schema}"
    _run_in_thread(lambda: _pg_execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def lex() -> Lexicon:
    """One compiled lexicon for the rule-layer tests (compiling costs milliseconds, and
    the tests only read it)."""
    return Lexicon()
