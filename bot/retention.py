"""Delete kept question texts after ``settings.retention_days``: at start-up and then daily."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.insights import purge_expired

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 24 * 60 * 60


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


def retention_ctx(services_key: web.AppKey[Any]) -> Callable[[web.Application],
                                                              AsyncIterator[None]]:
    """An aiohttp ``cleanup_ctx`` (after the services one): purge now, then every day."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        services = app[services_key]
        await purge_once(services)

        async def daily() -> None:
            while True:
                await asyncio.sleep(INTERVAL_SECONDS)
                await purge_once(services)

        task = asyncio.create_task(daily(), name="blendbot-retention")
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return ctx
