"""Scheduled deletion of texts the bot keeps.

- kept question texts after ``settings.retention_days``: at start-up and then daily;
- the short-term question memory of conversations (``bot.memory``, at most 24 hours): at
  start-up and then hourly, so a memo is gone at most an hour after it expired, also in a
  conversation nobody returns to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.insights import purge_expired
from bot.memory_purge import purge_expired_questions
from bot.storage.database import checkpoint_wal

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 24 * 60 * 60
MEMORY_INTERVAL_SECONDS = 60 * 60


async def purge_once(services: Any) -> int:
    """One purge; a database hiccup is logged, never fatal (the next day tries again)."""
    days = services.settings.retention_days
    try:
        removed = await purge_expired(services.database.engine, days)
    except (OSError, SQLAlchemyError) as exc:
        log.warning("event=retention_purge_failed error=%s", type(exc).__name__)
        return 0
    log.info("event=retention_purge removed=%d retention_days=%d", removed, days)
    return removed


async def purge_memory_once(services: Any) -> int:
    """Drop expired remembered questions; a database hiccup is logged, never fatal."""
    try:
        removed = await purge_expired_questions(services.database.engine)
        if removed:
            await checkpoint_wal(services.database.engine)  # no copies left in the -wal file
    except (OSError, SQLAlchemyError) as exc:
        log.warning("event=memory_purge_failed error=%s", type(exc).__name__)
        return 0
    log.info("event=memory_purge removed=%d", removed)
    return removed


def retention_ctx(services_key: web.AppKey[Any]) -> Callable[[web.Application],
                                                              AsyncIterator[None]]:
    """An aiohttp ``cleanup_ctx`` (after the services one): purge now, then periodically."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        services = app[services_key]
        await purge_once(services)
        await purge_memory_once(services)

        async def every(seconds: float, purge: Callable[[Any], Any]) -> None:
            while True:
                await asyncio.sleep(seconds)
                await purge(services)

        tasks = [asyncio.create_task(every(INTERVAL_SECONDS, purge_once),
                                     name="blendbot-retention"),
                 asyncio.create_task(every(MEMORY_INTERVAL_SECONDS, purge_memory_once),
                                     name="blendbot-memory-purge")]
        yield
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    return ctx
