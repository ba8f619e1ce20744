"""Fixtures for the DigiCoach tests: a migrated database (SQLite file or PostgreSQL schema)
and a known set of stored events."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage import schema
from bot.storage.database import Database

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


async def _postgres_reachable() -> bool:
    import asyncpg

    try:
        conn = await asyncpg.connect(POSTGRES_URL.replace("postgresql", "postgres"), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database: a SQLite file, and the real PostgreSQL in a throw-away schema."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'digicoach.sqlite3'}")
        await db.migrate()
        yield db
        await db.dispose()
        return
    if not await _postgres_reachable():
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is not reachable")
    name = f"t_digicoach_{secrets.token_hex(6)}"
    db = Database(POSTGRES_URL, schema=name)
    await db.migrate()
    try:
        yield db
    finally:
        async with db.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        await db.dispose()


_now = [NOW]


def at(days_ago: float) -> datetime:
    return _now[0] - timedelta(days=days_ago)


def answer(user: str, card: str | None, *, unsure: bool = False, days_ago: float = 1,
           team: str | None = "team-a") -> dict[str, object]:
    return {"created_at": at(days_ago), "user_key": user, "team_id": team, "channel": "msteams",
            "intent": "question", "verdict": None, "card_id": card,
            "confidence": 0.4 if unsure else 0.9, "unsure": unsure}


def readiness(user: str, team: str | None, levels: dict[str, int | None],
              days_ago: float = 2) -> dict[str, object]:
    return {"created_at": at(days_ago), "user_key": user, "team_id": team,
            "answers": {k: v for k, v in levels.items()}, "levels": levels}


async def insert(db: Database, table: sa.Table, rows: list[dict[str, object]]) -> None:
    async with db.begin() as conn:
        await conn.execute(table.insert(), rows)


async def seed_known_events(db: Database, now: datetime = NOW) -> None:
    """The fixed data set the insights tests count on (see the expected numbers there).

    Times are relative to ``now`` (the fixed ``NOW`` unless a test needs the real clock).
    """
    _now[0] = now
    answers = (
        [answer(f"u{i}", "mis-hybride") for i in range(5)]
        + [answer("u1", "mis-hybride", unsure=True), answer("u2", "mis-hybride", unsure=True)]
        + [answer("u3", "def-blended-leren"), answer("u4", "def-blended-leren", unsure=True)]
        + [answer("u5", None, unsure=True)]  # unsure, no card shown
        + [answer("u6", "mis-video", days_ago=40)]  # outside a 30-day period
    )
    await insert(db, schema.answer_events, answers)
    feedback = [
        {"created_at": at(1), "user_key": f"u{i}", "conversation_key": "c", "card_id": card,
         "confidence": 0.9, "helpful": helpful, "activity_id": f"a{i}"}
        for i, (card, helpful) in enumerate([
            ("mis-hybride", True), ("mis-hybride", True), ("mis-hybride", False),
            ("def-blended-leren", False)])
    ]
    feedback.append({"created_at": at(50), "user_key": "u9", "conversation_key": "c",
                     "card_id": "mis-hybride", "confidence": 0.9, "helpful": False,
                     "activity_id": "old"})
    await insert(db, schema.feedback, feedback)
    team_a = [readiness(f"a{i}", "team-a", {"interactie": 2 + i % 2, "delen": 1}) for i in range(5)]
    # a0 did the check again later: only the latest counts (4 instead of 2).
    team_a.append(readiness("a0", "team-a", {"interactie": 4, "delen": None}, days_ago=1))
    team_b = [readiness(f"b{i}", "team-b", {"interactie": 4}) for i in range(4)]  # only four
    await insert(db, schema.readiness_results, team_a + team_b)
    await insert(db, schema.kept_questions, [
        {"created_at": at(1), "user_key": "u5", "text": "Is een podcast <b>blended</b>?",
         "card_id": None, "reason": "unsure"},
        {"created_at": at(3), "user_key": "u2", "text": "Wat is hybride precies?",
         "card_id": "mis-hybride", "reason": "niet_behulpzaam"},
        {"created_at": at(100), "user_key": "u2", "text": "Oude vraag", "card_id": None,
         "reason": "unsure"},
    ])
