"""Readiness results per user, with a date, in the ``readiness_results`` table.

``answers`` keeps what the teacher chose per dimension (1-4 or ``"weet_niet"``); ``levels``
keeps only the scored levels (dimension -> 1..4), which is what team averages read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import schema
from bot.storage.database import Database
from knowledge.readiness_model import DIMENSION_IDS

UNKNOWN = "weet_niet"


@dataclass(frozen=True, slots=True)
class StoredResult:
    id: int
    created_at: datetime
    user_key: str
    team_id: str | None
    answers: dict[str, int | None]
    """Dimension -> level 1..4, None for 'weet ik niet' (and for anything unreadable)."""


def encode_answers(answers: Mapping[str, int | None]) -> dict[str, int | str]:
    return {d: answers[d] if answers.get(d) is not None else UNKNOWN  # type: ignore[misc]
            for d in DIMENSION_IDS if d in answers}


def decode_answers(raw: Any) -> dict[str, int | None]:
    """Tolerant of old or odd rows: unknown keys are dropped, bad values become None."""
    data = raw if isinstance(raw, Mapping) else {}
    result: dict[str, int | None] = {}
    for dim in DIMENSION_IDS:
        value = data.get(dim)
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4
        result[dim] = value if ok else None
    return result


class ReadinessRepo:
    def __init__(self, database: Database) -> None:
        self._engine: AsyncEngine = database.engine

    async def save(self, user_key: str, team_id: str | None,
                   answers: Mapping[str, int | None]) -> StoredResult:
        """Store one finished check and return it with its id and date."""
        levels = {d: v for d, v in answers.items() if d in DIMENSION_IDS and v is not None}
        t = schema.readiness_results
        created = schema.utcnow()
        async with self._engine.begin() as conn:
            result = await conn.execute(
                t.insert().values(created_at=created, user_key=user_key, team_id=team_id,
                                  answers=encode_answers(answers), levels=levels)
                .returning(t.c.id)
            )
            new_id = int(result.scalar_one())
        return StoredResult(new_id, created, user_key, team_id, decode_answers(answers))

    async def latest(self, user_key: str, limit: int = 2) -> list[StoredResult]:
        """The user's most recent results, newest first."""
        t = schema.readiness_results
        query = (sa.select(t).where(t.c.user_key == user_key)
                 .order_by(t.c.id.desc()).limit(limit))
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_row(r) for r in rows]

    async def get(self, result_id: int) -> StoredResult | None:
        t = schema.readiness_results
        async with self._engine.connect() as conn:
            row = (await conn.execute(sa.select(t).where(t.c.id == result_id))).mappings().first()
        return _row(row) if row is not None else None

    async def previous(self, result: StoredResult) -> StoredResult | None:
        """The user's result just before ``result`` (ids only grow, so 'before' = lower id)."""
        t = schema.readiness_results
        query = (sa.select(t)
                 .where(t.c.user_key == result.user_key, t.c.id < result.id)
                 .order_by(t.c.id.desc()).limit(1))
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _row(row) if row is not None else None


def _row(row: Mapping[str, Any]) -> StoredResult:
    return StoredResult(int(row["id"]), row["created_at"], row["user_key"], row["team_id"],
                        decode_answers(row["answers"]))
