"""Database fixtures for tests that run on SQLite and on the real PostgreSQL alike.

- ``db_url`` (parametrized ``sqlite`` / ``postgresql``): a SQLite file in ``tmp_path``, or the
  session's PostgreSQL schema (conftest's ``pg_url``, which skips when it is unreachable).
- ``migrated(url, count)``: ``count`` engines on one database (as replicas have), each
  migrated, disposed afterwards.
- ``replicas``: ``migrated(db_url, 2)`` as a fixture.

Import the fixtures (``db_url_fixture``, ``replicas_fixture``) into a test module with
``# noqa: F401``; pytest knows them as ``db_url`` and ``replicas``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.storage.database import Database

BACKENDS = ("sqlite", "postgresql")


def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database URL for ``request.param`` (one of :data:`BACKENDS`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("pg_url")


@asynccontextmanager
async def migrated(url: str, count: int = 1) -> AsyncIterator[list[Database]]:
    """``count`` separate engines on ``url``, migrated one after the other."""
    dbs = [Database(url) for _ in range(count)]
    try:
        for db in dbs:
            await db.migrate()
        yield dbs
    finally:
        for db in dbs:
            await db.dispose()


@pytest.fixture(name="db_url", params=BACKENDS)
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_url(request, tmp_path)


@pytest.fixture(name="replicas")
async def replicas_fixture(db_url: str) -> AsyncIterator[list[Database]]:
    """Two engines on one migrated database, as two replicas have."""
    async with migrated(db_url, 2) as dbs:
        yield dbs
