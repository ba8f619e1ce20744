"""Wire the weekly tips into the aiohttp app (scheduler start/stop) and build a delivery."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web
from sqlalchemy import and_, or_, select

from bot.keys import SERVICES_KEY
from bot.services import StartupError
from bot.storage.schema import deliveries
from bot.tips.build import delivery_for
from bot.tips.delivery_types import FAILED, LOCK_NAME, PENDING
from bot.tips.locks import JobLock
from bot.tips.proactive import proactive_outbox
from bot.tips.rotation import period_key
from bot.tips.scheduler import ScheduleError, TipScheduler
from bot.tips.subscriptions import utcnow
from bot.tips.turns import tips_of

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

#: BLENDBOT_TIP_SCHEDULE values that switch the schedule off (e.g. when a cron job sends).
SCHEDULE_OFF = frozenset({"", "off", "uit", "none"})


async def interrupted_run(services: BotServices) -> bool:
    """Did this week's run stop before it finished?

    Yes when a sender's lock row is left while its holder is gone (killed between two
    claims leaves no unfinished row), or when delivery rows are unfinished and may be tried
    again (pending, or failed fewer than ``max_claims`` times).
    """
    settings = services.settings
    lock = JobLock(services.database.engine, LOCK_NAME, "check",
                   timedelta(seconds=settings.tip_delivery.lock_ttl))
    if await lock.abandoned() is not None:
        return True
    period = period_key(utcnow(), settings.tip_timezone)
    d = deliveries
    async with services.database.connect() as conn:
        row = (await conn.execute(
            select(d.c.id)
            .where(d.c.period == period,
                   or_(d.c.status == PENDING,
                       and_(d.c.status == FAILED,
                            d.c.attempts < settings.tip_delivery.max_claims)))
            .limit(1))).first()
    return row is not None


async def tips_ctx(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: start the tip scheduler after the services, stop it before them."""
    services = app[SERVICES_KEY]
    settings = services.settings
    if settings.tip_schedule.strip().lower() in SCHEDULE_OFF:
        log.info("event=tips_scheduler_off")
        yield
        return

    async def run() -> None:
        await delivery_for(services, proactive_outbox(app)).run()

    try:
        scheduler = TipScheduler(
            settings.tip_schedule, settings.tip_timezone, run,
            interrupted=lambda: interrupted_run(services),
            catch_up_interval=settings.tip_delivery.catch_up_interval)
    except ScheduleError as exc:
        raise StartupError(str(exc)) from exc
    tips_of(services).scheduler = scheduler
    scheduler.start()
    scheduler.check_soon()  # a run interrupted by our own restart: finish it now
    try:
        yield
    finally:
        await scheduler.shutdown()
        tips_of(services).scheduler = None
