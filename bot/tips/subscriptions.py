"""Who gets the weekly tip: a repository over the ``subscriptions`` table.

A subscription is one conversation (a personal chat, a group chat or a team channel), keyed by
``<channel id>:<conversation id>``. Its :class:`~bot.core.address.Address` is stored as JSON,
without the thread suffix (``;messageid=``) or a message id, so that a tip is a new post, not
a reply in an old thread. (Versions before migration 0006 stored a Bot Framework
``ConversationReference`` there; the migration converted those.)
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core import address as addresses
from bot.core.address import Address
from bot.storage.schema import subscriptions
from bot.tips.rotation import Audience, audience_for

ENDED_UNSUBSCRIBED = "afgemeld"
ENDED_REMOVED = "bot verwijderd"


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def conversation_key(address: Address) -> str:
    return address.key


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    conversation_key: str
    channel: str
    address: Address
    tenant_id: str | None
    team_id: str | None
    active: bool
    rotation: int
    created_at: datetime | None
    ended_at: datetime | None
    ended_reason: str | None

    @property
    def audience(self) -> Audience:
        return audience_for(self.address.conversation_type, self.address.is_group)


def _row_to_subscription(row: Any) -> Subscription:
    m = row._mapping
    return Subscription(
        id=m["id"], conversation_key=m["conversation_key"], channel=m["channel"],
        address=addresses.from_json(m["reference"]), tenant_id=m["tenant_id"],
        team_id=m["team_id"], active=bool(m["active"]), rotation=m["rotation"] or 0,
        created_at=as_utc(m["created_at"]), ended_at=as_utc(m["ended_at"]),
        ended_reason=m["ended_reason"],
    )


class SubscriptionRepository:
    """Subscribe, unsubscribe, look up, refresh and end subscriptions."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def get(self, key: str) -> Subscription | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(subscriptions).where(subscriptions.c.conversation_key == key)
            )).first()
        return _row_to_subscription(row) if row else None

    async def by_id(self, subscription_id: int) -> Subscription | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(subscriptions).where(subscriptions.c.id == subscription_id)
            )).first()
        return _row_to_subscription(row) if row else None

    async def subscribe(
        self, address: Address, *, tenant_id: str | None = None,
        team_id: str | None = None, created_by: str | None = None,
    ) -> tuple[Subscription, bool]:
        """Start (or restart) tips for a conversation; returns (subscription, was active).

        ``created_by`` is the last one who said "tips aan": a restart links the subscription
        to them, so their "vergeet mij" finds it.
        """
        key = address.key
        values = {"reference": address.to_json(), "tenant_id": tenant_id,
                  "team_id": team_id, "created_by": created_by, "active": True,
                  "ended_at": None, "ended_reason": None}
        before = await self.get(key)
        if before is None:
            try:
                async with self.engine.begin() as conn:
                    await conn.execute(subscriptions.insert().values(
                        conversation_key=key, channel=address.channel,
                        rotation=0, created_at=utcnow(), **values))
            except IntegrityError:  # a concurrent "tips aan" in the same conversation
                before = await self.get(key)
        if before is not None:
            async with self.engine.begin() as conn:
                await conn.execute(update(subscriptions)
                                   .where(subscriptions.c.conversation_key == key)
                                   .values(**values))
        after = await self.get(key)
        assert after is not None
        return after, bool(before and before.active)

    async def end(self, key: str, reason: str) -> bool:
        """Stop tips for a conversation; False when it had no active subscription."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.conversation_key == key, subscriptions.c.active)
                .values(active=False, ended_at=utcnow(), ended_reason=reason))
        return result.rowcount > 0

    async def unsubscribe(self, key: str) -> bool:
        return await self.end(key, ENDED_UNSUBSCRIBED)

    async def end_team(self, team_id: str, reason: str = ENDED_REMOVED) -> int:
        """The bot left a team: end the subscriptions of all its channels."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.team_id == team_id, subscriptions.c.active)
                .values(active=False, ended_at=utcnow(), ended_reason=reason))
        return result.rowcount

    async def stored_service_url(self, key: str) -> str | None:
        async with self.engine.connect() as conn:
            data = (await conn.execute(
                select(subscriptions.c.reference)
                .where(subscriptions.c.conversation_key == key)
            )).scalar_one_or_none()
        return addresses.from_json(data).service_url if data is not None else None

    async def replace_address(self, address: Address) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.conversation_key == address.key)
                .values(reference=address.to_json()))
        return result.rowcount > 0


class ReferenceRefresher:
    """Keep stored addresses current (Teams may move a conversation to another serviceUrl).

    Remembers the last serviceUrl seen per conversation, so an ordinary message costs a dict
    lookup; the database is read once per conversation per process, and written only when
    the serviceUrl really changed.
    """

    def __init__(self, repository: SubscriptionRepository, max_entries: int = 50_000) -> None:
        self.repository = repository
        self.max_entries = max_entries
        self._seen: OrderedDict[str, str] = OrderedDict()

    def remember(self, key: str, service_url: str) -> None:
        self._seen[key] = service_url
        self._seen.move_to_end(key)
        while len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)

    async def observe(self, address: Address) -> bool:
        """Returns True when a stored address was updated."""
        service_url = address.service_url
        if not service_url or not address.conversation_id:
            return False
        key = address.key
        if self._seen.get(key) == service_url:
            return False
        stored = await self.repository.stored_service_url(key)
        changed = stored is not None and stored != service_url
        if changed:
            await self.repository.replace_address(address)
        self.remember(key, service_url)
        return changed
