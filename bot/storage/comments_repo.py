"""Comments after 👎, kept with the teacher's consent for DigiCoach review.

Stored like kept questions: under the pseudonymous ``user_key`` (so "vergeet mij" finds
them), cut to a sane length, and deleted after ``settings.retention_days``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.repositories import MAX_KEPT_TEXT_CHARS, _storable
from bot.storage.schema import feedback_comments, utcnow

#: A comment is one or two sentences; anything longer is cut.
MAX_COMMENT_CHARS = min(1000, MAX_KEPT_TEXT_CHARS)


@dataclass(frozen=True, slots=True)
class FeedbackComment:
    created_at: datetime
    card_id: str | None
    text: str


async def keep_comment(engine: AsyncEngine, *, user_key: str, card_id: str | None,
                       text: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(sa.insert(feedback_comments).values(
            created_at=utcnow(), user_key=user_key, card_id=card_id,
            text=_storable(text)[:MAX_COMMENT_CHARS]))


async def recent_comments(conn: AsyncConnection, where: sa.ColumnElement[bool] | None = None,
                          limit: int = 50) -> list[FeedbackComment]:
    """Newest first; ``where`` narrows by ``feedback_comments.c.created_at`` (a period)."""
    t = feedback_comments
    query = sa.select(t.c.created_at, t.c.card_id, t.c.text).order_by(
        t.c.created_at.desc()).limit(limit)
    if where is not None:
        query = query.where(where)
    return [FeedbackComment(r[0], r[1], r[2]) for r in await conn.execute(query)]


async def purge_comments(conn: AsyncConnection, cutoff: datetime) -> int:
    """Delete comments older than ``cutoff``; returns how many went."""
    t = feedback_comments
    result = await conn.execute(sa.delete(t).where(t.c.created_at < cutoff))
    return int(result.rowcount or 0)
