""""Vergeet mij": delete everything stored about one user, in one transaction.

Rows are found by ``user_key`` (the pseudonymous sha256 id). Bot Framework state is found by
its storage keys (the user's own state, and the state of their personal chat), which the
caller computes from the turn; questions the user asked in shared conversations (channels,
group chats) are removed from those conversations' short-term memory. Weekly-tip
subscriptions of a personal chat are deleted with their deliveries; a team or group-chat
subscription the user started keeps running for the others, but loses the link to the user
(``created_by`` and the stored user in its reference).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core import address as addresses
from bot.core.address import AddressError
from bot.memory_purge import forget_asker
from bot.storage import schema
from bot.storage.database import checkpoint_wal

USER_TABLES = (
    schema.feedback,
    schema.answer_events,
    schema.kept_questions,
    schema.feedback_comments,
    schema.readiness_results,
)


@dataclass(frozen=True, slots=True)
class Subject:
    """Who to forget."""

    user_key: str
    state_keys: tuple[str, ...] = ()
    """``bot_state`` keys that hold only this user's data."""
    personal_conversation_key: str | None = None
    """``subscriptions.conversation_key`` of the user's personal chat with the bot, if known."""


def _is_personal(stored: Any) -> bool:
    """Is a stored subscription address (or a pre-0006 reference) a personal chat?"""
    try:
        address = addresses.from_json(stored)
    except AddressError:
        return False
    return not address.is_group_conversation


async def _forget_subscriptions(conn: AsyncConnection, subject: Subject) -> tuple[int, int, int]:
    """(subscriptions deleted, deliveries deleted, group subscriptions unlinked)."""
    s, d = schema.subscriptions, schema.deliveries
    match = s.c.created_by == subject.user_key
    if subject.personal_conversation_key:
        match = or_(match, s.c.conversation_key == subject.personal_conversation_key)
    rows = (await conn.execute(select(s.c.id, s.c.reference, s.c.conversation_key)
                               .where(match))).all()
    personal = [r.id for r in rows
                if _is_personal(r.reference)
                or r.conversation_key == subject.personal_conversation_key]
    unlinked = 0
    for row in rows:
        if row.id in personal:
            continue
        reference = dict(row.reference) if isinstance(row.reference, dict) else row.reference
        if isinstance(reference, dict):
            reference.pop("user_id", None)  # never kept for a group; an old reference's user
            reference.pop("user", None)
        await conn.execute(update(s).where(s.c.id == row.id)
                           .values(created_by=None, reference=reference))
        unlinked += 1
    deliveries = subscriptions = 0
    if personal:
        deliveries = (await conn.execute(
            delete(d).where(d.c.subscription_id.in_(personal)))).rowcount or 0
        subscriptions = (await conn.execute(
            delete(s).where(s.c.id.in_(personal)))).rowcount or 0
    return subscriptions, deliveries, unlinked


async def forget_user(engine: AsyncEngine, subject: Subject) -> dict[str, int]:
    """Delete the user's data; returns the number of rows removed (or unlinked) per table."""
    counts: dict[str, int] = {}
    async with engine.begin() as conn:
        for table in USER_TABLES:
            result = await conn.execute(
                delete(table).where(table.c.user_key == subject.user_key))
            counts[table.name] = int(result.rowcount or 0)
        keys = _unique(subject.state_keys)
        state = 0
        if keys:
            result = await conn.execute(
                delete(schema.bot_state).where(schema.bot_state.c.key.in_(keys)))
            state = int(result.rowcount or 0)
        counts["bot_state"] = state
        # Questions the user asked in team channels and group chats (shared conversations).
        counts["remembered_questions"] = await forget_asker(conn, subject.user_key)
        subs, deliveries, unlinked = await _forget_subscriptions(conn, subject)
        counts["subscriptions"] = subs
        counts["deliveries"] = deliveries
        counts["subscriptions_unlinked"] = unlinked
    await checkpoint_wal(engine)  # SQLite: no copy of the deleted rows left in the -wal file
    return counts


async def stored_rows(engine: AsyncEngine, subject: Subject) -> int:
    """How many rows still hold this user's data (0 after ``forget_user``)."""
    total = 0
    async with engine.connect() as conn:
        for table in USER_TABLES:
            total += len((await conn.execute(
                select(table.c.id).where(table.c.user_key == subject.user_key))).all())
        if subject.state_keys:
            total += len((await conn.execute(select(schema.bot_state.c.key).where(
                schema.bot_state.c.key.in_(_unique(subject.state_keys))))).all())
        total += len((await conn.execute(select(schema.subscriptions.c.id).where(
            schema.subscriptions.c.created_by == subject.user_key))).all())
    return total


def _unique(keys: Iterable[str]) -> list[str]:
    return sorted({k for k in keys if k})
