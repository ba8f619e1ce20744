"""Readiness results per user with a date, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import schema
from bot.storage.database import Database
from bot.storage.readiness_repo import ReadinessRepo, decode_answers, encode_answers
from knowledge.readiness_model import DIMENSION_IDS

FIRST = dict(zip(DIMENSION_IDS, [1, 2, None, 4, 1, 2, 3, None, 1, 2, 3, 4], strict=True))
SECOND = dict.fromkeys(DIMENSION_IDS, 3) | {"delen": None}


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    url = (f"sqlite:///{tmp_path / 'repo.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    db = Database(url)
    await db.migrate()
    yield db
    await db.dispose()


async def test_save_latest_previous_and_get(database: Database) -> None:
    repo = ReadinessRepo(database)
    user, other = f"user-{uuid.uuid4().hex}", f"user-{uuid.uuid4().hex}"
    assert await repo.latest(user) == []
    first = await repo.save(user, "team-1", FIRST)
    await repo.save(other, None, SECOND)
    second = await repo.save(user, "team-1", SECOND)
    assert second.id > first.id and second.created_at >= first.created_at
    assert second.created_at.tzinfo is not None

    latest = await repo.latest(user)
    assert [r.id for r in latest] == [second.id, first.id]
    assert latest[0].answers == SECOND and latest[1].answers == FIRST
    assert latest[1].team_id == "team-1"
    assert await repo.previous(second) == latest[1]
    assert await repo.previous(first) is None
    assert await repo.get(first.id) == latest[1]
    assert await repo.get(10**15) is None


async def test_levels_hold_only_scored_dimensions(database: Database) -> None:
    repo = ReadinessRepo(database)
    stored = await repo.save(f"user-{uuid.uuid4().hex}", None, FIRST)
    t = schema.readiness_results
    async with database.connect() as conn:
        row = (await conn.execute(t.select().where(t.c.id == stored.id))).mappings().one()
    assert row["levels"] == {d: v for d, v in FIRST.items() if v is not None}
    assert row["answers"]["ontwerpproces"] == "weet_niet"
    assert row["answers"]["flexibiliteit"] == 1


def test_encode_decode_round_trip_and_odd_rows() -> None:
    assert decode_answers(encode_answers(FIRST)) == FIRST
    odd = decode_answers({"flexibiliteit": "3", "interactie": 9, "delen": True, "x": 1})
    assert set(odd) == set(DIMENSION_IDS) and all(v is None for v in odd.values())
    assert decode_answers("not a mapping") == dict.fromkeys(DIMENSION_IDS)
