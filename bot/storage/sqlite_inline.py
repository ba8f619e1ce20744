"""Short SQLite units of work run on the event loop's own thread, never waiting for a lock.

Why: through aiosqlite every DB-API call (cursor, execute, fetch, close, commit, rollback)
is a round trip to a worker thread; reading one conversation-state row took six of them and
about 1.3 ms of CPU, more than classifying the teacher's text. The same read on a plain
``sqlite3`` connection in the calling thread takes under 0.1 ms. A message turn does three
such units (read the state, record the answer event, write the state), so they run here.

What keeps this from blocking the event loop:

- the connection's busy timeout is 0: a unit that meets another writer's lock fails at once
  with :class:`Busy` instead of sleeping, and the caller runs it again the ordinary way
  (aiosqlite, which may wait); writers of this process already take turns on an asyncio
  lock, so that happens only when another process writes;
- WAL mode with ``synchronous=NORMAL``: a commit appends to the WAL without an fsync, and
  readers never wait for writers;
- a unit is a few statements on indexed keys: no scans, no network.

Only for a database file: an in-memory database is private to one connection, so it keeps
the async path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import OperationalError

T = TypeVar("T")


class Busy(Exception):
    """Another connection holds the lock the unit needs; run it the waiting way instead."""


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text


class InlineSqlite:
    """A synchronous engine on the same database file, for units that must not wait.

    Its one connection stays open between units (they run one at a time, on the event
    loop's thread): checking a connection out of the pool and resetting it on return cost
    more than the unit's own statement. A read ends with a rollback, so the next unit sees
    what other connections committed meanwhile; a connection that failed is replaced."""

    def __init__(self, async_url: URL) -> None:
        self.engine = sa.create_engine(async_url.set(drivername="sqlite+pysqlite"),
                                       connect_args={"timeout": 0, "check_same_thread": False})
        event.listen(self.engine, "connect", _pragmas)
        self._conn: Connection | None = None

    def run(self, unit: Callable[[Connection], T], *, write: bool) -> T:
        """``unit(connection)`` in one transaction (committed when ``write``); :class:`Busy`
        when SQLite reports a lock, with nothing of the unit kept."""
        conn = self._conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._conn = self.engine.connect()
        try:
            if write:
                with conn.begin():
                    return unit(conn)
            try:
                return unit(conn)
            finally:
                conn.rollback()
        except OperationalError as error:
            self._forget_if_broken(conn)
            if _is_busy(error):
                raise Busy() from error
            raise
        except BaseException:
            self._forget_if_broken(conn)
            raise

    def _forget_if_broken(self, conn: Connection) -> None:
        """Close the connection unless it is idle and usable (a failed unit rolled back)."""
        if conn.closed or conn.invalidated or conn.in_transaction():
            self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                conn.close()

    def dispose(self) -> None:
        self._close()
        self.engine.dispose()
