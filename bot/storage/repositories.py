"""Small async repositories (SQLAlchemy Core) for feedback, answer events and kept questions.

Users are stored as a *pseudonymous* ``user_key``: the sha256 of ``channel:user id``. It is
not anonymous (whoever knows the id can recompute the key, which is exactly what "vergeet
mij" needs), but the raw Teams/Slack id never lands in these tables.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.storage.database import Database
from bot.storage.schema import KEPT_REASONS, answer_events, feedback, kept_questions, utcnow

#: Kept question texts are cut to this length (the classifier never needs more).
MAX_KEPT_TEXT_CHARS = 4000
_INSERT_EVENT = sa.insert(answer_events)  # built once: one per answered question


def _sha256(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def user_key(channel_id: str, user_id: str) -> str:
    """Pseudonymous key of a user: sha256 hex of ``channel_id:user_id``."""
    return _sha256(channel_id or "", user_id or "")


def conversation_key(channel_id: str, conversation_id: str) -> str:
    """Pseudonymous key of a conversation: sha256 hex of ``channel_id:conversation_id``."""
    return _sha256(channel_id or "", conversation_id or "")


def dialect_insert(database: Database, table: sa.Table) -> Any:
    """``INSERT`` with ``on_conflict_do_nothing`` / ``_do_update`` for the current dialect."""
    if database.is_postgres:
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


class FeedbackRepository:
    """"Was dit behulpzaam?" answers, one per user, activity and card."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def record(
        self,
        *,
        user_key: str,
        conversation_key: str,
        card_id: str,
        confidence: float | None,
        helpful: bool,
        activity_id: str | None,
    ) -> bool:
        """Store the feedback; False when this user already rated this activity and card.

        Without an ``activity_id`` duplicates cannot be detected (SQL NULLs are distinct),
        so every such call is stored.
        """
        stmt = (
            dialect_insert(self.database, feedback)
            .values(
                created_at=utcnow(),
                user_key=user_key,
                conversation_key=conversation_key,
                card_id=card_id,
                confidence=confidence,
                helpful=bool(helpful),
                activity_id=activity_id,
            )
            .on_conflict_do_nothing(index_elements=["user_key", "activity_id", "card_id"])
        )
        async with self.database.begin() as conn:
            result = await conn.execute(stmt)
        return result.rowcount == 1


def _insert_one(conn: Connection, stmt: Any, row: dict[str, Any]) -> None:
    conn.execute(stmt, row)


class AnswerEventRepository:
    """One row per answered message (for insights) and the few question texts we keep."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def record(
        self,
        *,
        user_key: str,
        team_id: str | None,
        channel: str,
        intent: str,
        verdict: str | None,
        card_id: str | None,
        confidence: float,
        unsure: bool,
    ) -> None:
        row = {"created_at": utcnow(), "user_key": user_key, "team_id": team_id,
               "channel": channel, "intent": intent, "verdict": verdict, "card_id": card_id,
               "confidence": float(confidence), "unsure": bool(unsure)}
        await self.database.run_write(lambda conn: _insert_one(conn, _INSERT_EVENT, row))

    async def keep_question(
        self, *, user_key: str, text: str, card_id: str | None, reason: str
    ) -> None:
        """Keep a question text (``reason`` 'unsure' or 'niet_behulpzaam') for retraining."""
        if reason not in KEPT_REASONS:
            raise ValueError(f"reason must be one of {', '.join(KEPT_REASONS)}")
        async with self.database.begin() as conn:
            await conn.execute(
                sa.insert(kept_questions).values(
                    created_at=utcnow(),
                    user_key=user_key,
                    text=_storable(text)[:MAX_KEPT_TEXT_CHARS],
                    card_id=card_id,
                    reason=reason,
                )
            )

    async def purge_older_than(self, days: int) -> int:
        """Delete kept questions older than ``days``; returns how many were deleted."""
        if days < 0:
            raise ValueError("days must be >= 0")
        cutoff = utcnow() - timedelta(days=days)
        async with self.database.begin() as conn:
            result = await conn.execute(
                sa.delete(kept_questions).where(kept_questions.c.created_at < cutoff)
            )
        return int(result.rowcount or 0)


def _storable(text: str) -> str:
    """Text both databases accept: no NUL (PostgreSQL) and no lone surrogates (UTF-8)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
