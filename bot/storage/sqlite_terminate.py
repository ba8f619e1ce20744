"""Terminate an aiosqlite connection by stopping its worker, without waiting in the task.

SQLAlchemy terminates a pooled connection when a task is cancelled in the middle of a query
(a shutdown, a timeout). For aiosqlite it first tries a graceful ``close()`` under
``asyncio.shield`` and, when that wait is cancelled too, stops the worker thread. The shielded
``close()`` keeps running, asks the stopped thread for a second stop and waits for it forever:
the event loop can then never close (a shutdown, or a test's teardown, hangs). Seen with
SQLAlchemy 2.1 and aiosqlite 0.22.1.

For SQLite the graceful path buys nothing: ``stop()`` already queues the close behind the
query in flight, and SQLite rolls back what was not committed. So terminate is that one
``stop()``; ``Database.dispose()`` waits (bounded) until the stopped workers have closed their
files, so the loop is not closed under a worker that still has to report back.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.engine import Dialect

#: How long dispose() waits for workers still finishing a cancelled query.
STOP_WAIT_SECONDS = 10.0


class WorkerStops:
    """The stops of terminated connections' workers that have not finished yet."""

    def __init__(self) -> None:
        self._pending: set[asyncio.Future[Any]] = set()

    def terminate(self, dbapi_connection: Any) -> None:
        """``Dialect.do_terminate`` for aiosqlite: stop the worker (queued after its work)."""
        future = dbapi_connection._connection.stop()  # the aiosqlite Connection
        if future is not None and not future.done():
            self._pending.add(future)
            future.add_done_callback(self._pending.discard)

    async def wait(self, timeout: float = STOP_WAIT_SECONDS) -> int:
        """Wait for the pending stops; returns how many did not finish within ``timeout``."""
        pending = set(self._pending)
        if not pending:
            return 0
        _done, late = await asyncio.wait(pending, timeout=timeout)
        return len(late)


def terminate_without_waiting(dialect: Dialect) -> WorkerStops:
    """Make ``dialect`` (aiosqlite) terminate connections by stopping their worker only."""
    stops = WorkerStops()
    dialect.do_terminate = stops.terminate  # type: ignore[method-assign]
    return stops
