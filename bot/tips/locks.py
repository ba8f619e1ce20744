"""A named job lock that lives exactly as long as its holder: only one sender at a time.

The exclusion itself is bound to the holder's process, so a holder that is killed (even with
``kill -9``) loses it at once and a rerun can take over without waiting for an expiry:

- PostgreSQL: a session-level ``pg_try_advisory_lock`` on a dedicated connection kept open
  for the run (the server drops it when that connection closes);
- SQLite file: an ``flock`` on a lock file next to the database (the kernel drops it when
  the process exits);
- in-memory SQLite (or a platform without ``flock``): only the expiring row below; the
  database cannot outlive the process anyway.

The ``job_locks`` row says *who* holds the lock (for "... is already sending") and
is renewed while the holder works; a row whose holder is gone marks an interrupted run.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.schema import job_locks
from bot.tips.subscriptions import as_utc, utcnow

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


class LivenessGuard(Protocol):
    """The part of the lock that dies with its holder."""

    async def try_acquire(self) -> bool: ...
    async def alive(self) -> bool: ...
    async def release(self) -> None: ...
    async def is_free(self) -> bool: ...


class AdvisoryGuard:
    """``pg_try_advisory_lock`` on a connection of its own, held until release."""

    def __init__(self, engine: AsyncEngine, name: str) -> None:
        self.engine = engine
        self.name = name
        self._conn: AsyncConnection | None = None

    async def _key(self, conn: AsyncConnection) -> int:
        # Advisory locks are per database: a replica set in another schema is another lock.
        schema = (await conn.execute(text("SELECT current_schema()"))).scalar_one()
        digest = hashlib.sha256(f"blendbot:{schema}:{self.name}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    async def _autocommit(self) -> AsyncConnection:
        conn = await self.engine.connect()
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn

    async def try_acquire(self) -> bool:
        conn = await self._autocommit()
        try:
            key = await self._key(conn)
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                      {"k": key})).scalar_one()
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def alive(self) -> bool:
        if self._conn is None:
            return False
        try:
            async with asyncio.timeout(10):
                await self._conn.execute(text("SELECT 1"))
            return True
        except (SQLAlchemyError, OSError, TimeoutError):
            return False  # the session (and with it the lock) is gone

    async def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            await conn.execute(text("SELECT pg_advisory_unlock_all()"))
            await conn.close()
        except (SQLAlchemyError, OSError):
            await conn.invalidate()  # closing the session frees the lock as well

    async def is_free(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            key = await self._key(conn)
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                      {"k": key})).scalar_one()
            if got:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        return bool(got)


class FileGuard:
    """An exclusive ``flock`` on ``path``; the kernel releases it when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _try(self) -> int | None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    async def try_acquire(self) -> bool:
        self._fd = self._try()
        return self._fd is not None

    async def alive(self) -> bool:
        return self._fd is not None

    async def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the flock

    async def is_free(self) -> bool:
        fd = self._try()  # a second open file description conflicts even in this process
        if fd is None:
            return False
        os.close(fd)
        return True


def guard_for(engine: AsyncEngine, name: str) -> LivenessGuard | None:
    """The liveness guard that fits the engine's database, or None (row expiry only)."""
    if engine.dialect.name == "postgresql":
        return AdvisoryGuard(engine, name)
    database = engine.url.database or ""
    if fcntl is None or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return FileGuard(Path(database).expanduser().with_name(f"{Path(database).name}.{name}.lock"))


class JobLock:
    def __init__(self, engine: AsyncEngine, name: str, owner: str, ttl: timedelta,
                 clock: Callable[[], datetime] = utcnow,
                 guard: LivenessGuard | None | bool = True) -> None:
        self.engine = engine
        self.name = name
        self.owner = owner
        self.ttl = ttl
        self.clock = clock
        self.guard = guard_for(engine, name) if guard is True else (guard or None)

    async def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock; keep trying for ``wait`` seconds (a killed holder's session may
        take a moment to end on the server)."""
        deadline = asyncio.get_running_loop().time() + wait
        while not await self._acquire_once():
            if asyncio.get_running_loop().time() >= deadline:
                return False
            await asyncio.sleep(0.2)
        return True

    async def _acquire_once(self) -> bool:
        if self.guard is None:
            return await self._take_row(only_if_expired=True)
        if not await self.guard.try_acquire():
            return False
        try:
            await self._take_row(only_if_expired=False)  # any old row's holder is gone
        except BaseException:
            await self.guard.release()
            raise
        return True

    async def _take_row(self, *, only_if_expired: bool) -> bool:
        now = self.clock()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(job_locks.insert().values(
                    name=self.name, owner=self.owner, expires_at=now + self.ttl))
            return True
        except IntegrityError:
            pass
        condition = [job_locks.c.name == self.name]
        if only_if_expired:
            condition.append(or_(job_locks.c.expires_at < now, job_locks.c.owner == self.owner))
        async with self.engine.begin() as conn:
            result = await conn.execute(update(job_locks).where(*condition)
                                        .values(owner=self.owner, expires_at=now + self.ttl))
        return result.rowcount == 1

    async def renew(self) -> bool:
        """Extend our lock; False means we lost it (our session died, or it expired and
        someone else took it)."""
        if self.guard is not None and not await self.guard.alive():
            return False
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(job_locks)
                .where(job_locks.c.name == self.name, job_locks.c.owner == self.owner)
                .values(expires_at=self.clock() + self.ttl))
        return self.guard is not None or result.rowcount == 1

    async def release(self) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(delete(job_locks).where(
                    job_locks.c.name == self.name, job_locks.c.owner == self.owner))
        finally:
            if self.guard is not None:
                await self.guard.release()

    async def _row(self) -> tuple[str, datetime | None] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(job_locks.c.owner, job_locks.c.expires_at)
                .where(job_locks.c.name == self.name))).first()
        return None if row is None else (row.owner, as_utc(row.expires_at))

    async def holder(self) -> tuple[str, datetime] | None:
        """(owner, expires at) of a live holder, else None."""
        row = await self._row()
        if self.guard is not None:
            if await self.guard.is_free():
                return None
            owner, expires = row if row else ("unknown", None)
            return owner, expires or self.clock() + self.ttl
        if row is None or row[1] is None or row[1] <= self.clock():
            return None
        return row[0], row[1]

    async def abandoned(self) -> str | None:
        """The owner of a lock row whose holder is gone (its run was interrupted), else None."""
        row = await self._row()
        if row is None:
            return None
        if self.guard is not None:
            return row[0] if await self.guard.is_free() else None
        return row[0] if row[1] is None or row[1] <= self.clock() else None
