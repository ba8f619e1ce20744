"""A named lock with an expiry in the ``job_locks`` table: only one replica runs a job.

Taking the lock is one INSERT, or one conditional UPDATE of an expired (or our own) row, so
the database decides who wins on SQLite and PostgreSQL alike. The holder renews it while it
works; a holder that dies loses it when ``expires_at`` passes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.schema import job_locks
from bot.tips.subscriptions import as_utc, utcnow


class JobLock:
    def __init__(self, engine: AsyncEngine, name: str, owner: str, ttl: timedelta,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.name = name
        self.owner = owner
        self.ttl = ttl
        self.clock = clock

    async def acquire(self) -> bool:
        now = self.clock()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(job_locks.insert().values(
                    name=self.name, owner=self.owner, expires_at=now + self.ttl))
            return True
        except IntegrityError:
            pass
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(job_locks)
                .where(job_locks.c.name == self.name,
                       or_(job_locks.c.expires_at < now, job_locks.c.owner == self.owner))
                .values(owner=self.owner, expires_at=now + self.ttl))
        return result.rowcount == 1

    async def renew(self) -> bool:
        """Extend our lock; False means we lost it (it expired and someone else took it)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(job_locks)
                .where(job_locks.c.name == self.name, job_locks.c.owner == self.owner)
                .values(expires_at=self.clock() + self.ttl))
        return result.rowcount == 1

    async def release(self) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(job_locks).where(
                job_locks.c.name == self.name, job_locks.c.owner == self.owner))

    async def holder(self) -> tuple[str, datetime] | None:
        """(owner, expires at) of a lock that has not expired, else None."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(job_locks.c.owner, job_locks.c.expires_at)
                .where(job_locks.c.name == self.name))).first()
        if row is None:
            return None
        expires = as_utc(row.expires_at)
        return (row.owner, expires) if expires and expires > self.clock() else None
