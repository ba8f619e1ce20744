"""Purging the short-term question memory (``bot.memory``) where it is stored.

A conversation's remembered questions (text, classification and, in channels, who asked)
live in its Bot Framework conversation state in ``bot_state``. ``ConversationMemory`` drops
old ones only when that conversation is read again; these functions work on the stored rows
directly, so that the promises of docs/PRIVACY.md hold for conversations nobody returns to:

- :func:`purge_expired_questions`: every memo older than ``MAX_AGE`` (run on a schedule by
  ``bot.retention``);
- :func:`forget_asker`: every memo a user asked, in any conversation ("vergeet mij").

A row is rewritten with a compare-and-swap on its eTag, so a turn that saves the same state
at the same moment is never overwritten: it meets a changed eTag (the usual policy of
``bot.storage.turn_state``), and a purge that loses the race tries that row again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.memory import MAX_AGE, PROPERTY
from bot.storage.schema import bot_state, utcnow

_PAGE = 200
_ATTEMPTS = 3

Drop = Callable[[dict[str, Any]], bool]


def _memo_time(memo: Any) -> datetime | None:
    try:
        at = datetime.fromisoformat(memo["at"])
    except (TypeError, KeyError, ValueError):
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _without(document: str, drop: Drop) -> tuple[str, int] | None:
    """The document with the dropped memos removed and how many, or None when unchanged."""
    try:
        data = json.loads(document)
        questions = data[PROPERTY]["questions"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(questions, dict):
        return None
    doomed = [ref for ref, memo in questions.items() if not isinstance(memo, dict) or drop(memo)]
    if not doomed:
        return None
    for ref in doomed:
        del questions[ref]
    # The same encoding as SqlStorage writes (plain JSON: the memo part holds no tagged objects).
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")), len(doomed)


async def _rewrite(conn: AsyncConnection, key: str, drop: Drop) -> int:
    """Drop memos from one row (compare-and-swap on the eTag, retried); memos removed."""
    for _ in range(_ATTEMPTS):
        row = (await conn.execute(sa.select(bot_state.c.document, bot_state.c.etag)
                                  .where(bot_state.c.key == key))).first()
        changed = _without(row.document, drop) if row is not None else None
        if changed is None:
            return 0
        document, removed = changed
        result = await conn.execute(
            sa.update(bot_state)
            .where(bot_state.c.key == key, bot_state.c.etag == row.etag)
            .values(document=document, etag=uuid.uuid4().hex, updated_at=utcnow()))
        if result.rowcount == 1:
            return removed
    return 0  # a busy conversation: its own next read drops expired memos, the next run too


async def _purge(engine: AsyncEngine, drop: Drop, contains: str,
                 conn: AsyncConnection | None = None) -> int:
    """Rewrite every state row whose document contains ``contains`` (a cheap prefilter)."""
    removed, after = 0, ""
    while True:
        query = (sa.select(bot_state.c.key)
                 .where(bot_state.c.key > after, bot_state.c.document.contains(contains))
                 .order_by(bot_state.c.key).limit(_PAGE))
        if conn is not None:
            keys = (await conn.execute(query)).scalars().all()
            for key in keys:
                removed += await _rewrite(conn, key, drop)
        else:
            async with engine.connect() as reader:
                keys = (await reader.execute(query)).scalars().all()
            for key in keys:
                async with engine.begin() as writer:
                    removed += await _rewrite(writer, key, drop)
        if len(keys) < _PAGE:
            return removed
        after = keys[-1]


async def purge_expired_questions(engine: AsyncEngine, now: datetime | None = None) -> int:
    """Remove remembered questions older than ``MAX_AGE`` from every conversation state."""
    cutoff = (now or datetime.now(UTC)) - MAX_AGE

    def expired(memo: dict[str, Any]) -> bool:
        at = _memo_time(memo)
        return at is None or at < cutoff

    return await _purge(engine, expired, f'"{PROPERTY}"')


async def forget_asker(conn: AsyncConnection, user_key: str) -> int:
    """Remove every remembered question ``user_key`` asked (inside the caller's transaction)."""
    if not user_key:
        return 0

    def asked_by(memo: dict[str, Any]) -> bool:
        return memo.get("asker") == user_key

    return await _purge(conn.engine, asked_by, user_key, conn=conn)  # type: ignore[arg-type]
