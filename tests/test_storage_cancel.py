"""A query cancelled twice (a shutdown while it is being torn down) leaves no task behind.

Before the fix, SQLAlchemy's shielded graceful close of the aiosqlite connection waited
forever for a worker thread that had already been stopped, so the event loop could never
close: a hung shutdown, and the rare hang of the test suite at a test's teardown.
The scenario runs on a private loop in a daemon thread, so a regression fails this test
instead of hanging the run.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.database import Database

#: Long enough (~1 s) to still be running when the task is cancelled.
SLOW_QUERY = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
              "WHERE x < 3000000) SELECT count(*) FROM c")
SETTLE_SECONDS = 15.0
THREAD_EXIT_SECONDS = 0.5  # far below the ~1 s the cancelled query still runs


def _sqlite_workers() -> int:
    return sum("_connection_worker_thread" in t.name for t in threading.enumerate())


async def _cancel_twice_mid_query(path: Path) -> list[str]:
    workers_before = _sqlite_workers()
    database = Database(f"sqlite:///{path}")
    async with database.connect() as conn:  # a warm pooled connection
        await conn.execute(text("SELECT 1"))

    async def query() -> None:
        async with database.connect() as conn:
            await conn.execute(text(SLOW_QUERY))

    task = asyncio.create_task(query())
    await asyncio.sleep(0.1)
    task.cancel()
    await asyncio.sleep(0)  # the pool is now tearing the connection down
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    others = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}
    if others:
        await asyncio.wait(others, timeout=SETTLE_SECONDS)
    left = sorted(repr(t.get_coro()) for t in others if not t.done())
    await database.dispose()
    # dispose() waits until every stopped worker has reported back; a worker thread may
    # take a moment more to return after its last report, far less than the query
    deadline = time.monotonic() + THREAD_EXIT_SECONDS
    while _sqlite_workers() > workers_before and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if _sqlite_workers() > workers_before:
        left.append("an aiosqlite worker thread still running after dispose()")
    return left


def _run_detached(path: Path) -> list[str] | None:
    """The scenario's leftover tasks, or None when it did not even return."""
    result: list[list[str]] = []

    def target() -> None:
        loop = asyncio.new_event_loop()
        left = loop.run_until_complete(_cancel_twice_mid_query(path))
        result.append(left)
        if not left:
            loop.close()  # a loop with a stuck task is abandoned, not closed (that hangs)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(SETTLE_SECONDS * 2)
    return result[0] if result else None


@pytest.mark.parametrize("round_", range(3))
def test_cancelled_query_leaves_no_task_behind(tmp_path: Path, round_: int) -> None:
    left = _run_detached(tmp_path / f"cancel{round_}.sqlite3")
    assert left == [], f"tasks still pending after the cancelled query: {left}"
