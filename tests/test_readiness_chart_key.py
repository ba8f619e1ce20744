"""The readiness chart URL key: an HMAC with a random server secret kept in the database.

Result ids are sequential and Teams/Slack user ids are visible to colleagues, so a key made
from those alone could be computed by anyone; these tests fetch charts over HTTP from the real
app, on SQLite and PostgreSQL, and check that replicas on one database agree on the secret.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from bot.keys import SERVICES_KEY
from bot.services import open_services
from bot.settings import Settings
from bot.storage import schema
from bot.storage.readiness_repo import ReadinessRepo, StoredResult
from bot.storage.secrets import CHART_KEY_SECRET, app_secret
from dialogs.results import chart_key
from knowledge.readiness_model import DIMENSION_IDS
from tests.harness import BotServer, make_settings
from tests.helpers_db import db_url_fixture, migrated  # noqa: F401 - fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
AC = "application/vnd.microsoft.card.adaptive"


def teams_user_key(fixture: str) -> str:
    """The pseudonymous key of the fixture's sender: sha256("msteams:<user id>")."""
    data = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    return hashlib.sha256(f"msteams:{data['from']['id']}".encode()).hexdigest()


def old_key(result_id: int, user_key: str) -> str:
    """The key as it used to be computed: HMAC keyed with the (guessable) user key."""
    message = f"{result_id}:{user_key}".encode()
    return hmac.new(user_key.encode(), message, hashlib.sha256).hexdigest()[:24]


def image_urls(body: Any) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Image" and isinstance(node.get("url"), str):
                found.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body)
    return found


@pytest.fixture
def db_settings(db_url: str, tmp_path: Path, classifier_cache_dir: Path) -> Settings:
    return make_settings(tmp_path, classifier_cache_dir, database_url=db_url)


async def store_result(server: BotServer, user_key: str) -> StoredResult:
    services = server.app[SERVICES_KEY]
    answers = {d: (i % 4) + 1 for i, d in enumerate(DIMENSION_IDS)}
    return await ReadinessRepo(services.database).save(user_key, None, answers)


async def test_a_key_computed_from_ids_is_refused_and_the_served_key_works(
    make_bot_server: Callable[..., Awaitable[BotServer]], db_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Teams would get a data URI for a small chart; force the URL so the card carries the key.
    monkeypatch.setattr("dialogs.results.MAX_INLINE_PNG", 0)
    server = await make_bot_server(settings=db_settings)
    user_key = teams_user_key("b_personal_chat_message.json")
    result = await store_result(server, user_key)

    guessed = old_key(result.id, user_key)
    refused = await server.get(f"/charts/readiness/{result.id}.png?k={guessed}")
    assert refused.status == 404

    server.connector.clear()
    assert (await server.post_activity("b", text="mijn resultaat")).status == 200
    [reply] = await server.connector.wait_for(1)
    [url] = [u for u in image_urls(reply.body) if "/charts/readiness/" in u]
    parts = urlsplit(url)
    assert parts.path == f"/charts/readiness/{result.id}.png"
    served_key = parts.query.removeprefix("k=")
    assert served_key != guessed
    ok = await server.get(f"{parts.path}?{parts.query}")
    assert ok.status == 200 and ok.headers["Content-Type"] == "image/png"
    assert ok.body.startswith(b"\x89PNG")


async def test_keys_are_per_result_and_user_and_odd_keys_are_404(
    make_bot_server: Callable[..., Awaitable[BotServer]], settings: Settings,
) -> None:
    server = await make_bot_server(settings=settings)
    secret = server.app[SERVICES_KEY].chart_secret
    first = await store_result(server, "a" * 64)
    second = await store_result(server, "b" * 64)
    key_first = chart_key(first, secret)
    assert key_first != chart_key(second, secret)
    assert (await server.get(f"/charts/readiness/{first.id}.png?k={key_first}")).status == 200
    for path in (f"/charts/readiness/{second.id}.png?k={key_first}",
                 f"/charts/readiness/{first.id}.png?k=%C3%A9%C3%A9",  # non-ASCII: 404, not 500
                 f"/charts/readiness/{first.id}.png?k={key_first[:-1]}"):
        assert (await server.get(path)).status == 404, path


def test_chart_key_needs_a_secret() -> None:
    result = StoredResult(1, None, "u" * 64, None, {})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        chart_key(result, b"")
    assert chart_key(result, b"one") != chart_key(result, b"two")


async def test_replicas_on_one_database_share_the_secret(
    db_url: str, tmp_path: Path, classifier_cache_dir: Path, kb: Any, classifier_model: Any,
) -> None:
    async with migrated(db_url, 2) as (one, two):
        # two replicas asking at the same moment: one insert wins, both read it
        first, second = await asyncio.gather(app_secret(one, "race"), app_secret(two, "race"))
        assert first == second and len(first) == 64
        async with one.connect() as conn:
            rows = (await conn.execute(sa.select(schema.app_secrets.c.value).where(
                schema.app_secrets.c.name == "race"))).all()
        assert len(rows) == 1

    settings = make_settings(tmp_path, classifier_cache_dir, database_url=db_url)
    async with (open_services(settings, knowledge=kb, classifier=classifier_model) as a,
                open_services(settings, knowledge=kb, classifier=classifier_model) as b):
        assert a.chart_secret and a.chart_secret == b.chart_secret
        result = StoredResult(7, None, "u" * 64, None, {})  # type: ignore[arg-type]
        assert chart_key(result, a.chart_secret) == chart_key(result, b.chart_secret)
    async with open_services(settings, knowledge=kb, classifier=classifier_model) as again:
        assert again.chart_secret == a.chart_secret  # stable across restarts


async def test_each_database_gets_its_own_random_secret(tmp_path: Path) -> None:
    secrets = []
    for name in ("one", "two"):
        async with migrated(f"sqlite:///{tmp_path / name}.sqlite3") as [db]:
            secrets.append(await app_secret(db, CHART_KEY_SECRET))
    assert secrets[0] != secrets[1]

