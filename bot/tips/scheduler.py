"""``blendbot serve`` sends the weekly tips on a cron schedule (APScheduler 3).

Default: Monday 09:00 Europe/Amsterdam (``BLENDBOT_TIP_SCHEDULE="0 9 * * 1"``). Every replica
runs the scheduler; the job lock in the delivery makes sure only one of them sends. At start-up
and then every few minutes (``BLENDBOT_TIP_CATCH_UP_INTERVAL``, default 180 s) a replica checks
whether this week's run was interrupted (a dead sender's lock row, unfinished delivery rows)
and, if so, finishes it: a crash or deploy during the Monday run costs minutes, not a week.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

JOB_ID = "weekly-tips"
CATCH_UP_JOB_ID = f"{JOB_ID}-check"
_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


class ScheduleError(ValueError):
    """BLENDBOT_TIP_SCHEDULE is not a five-field cron expression."""


_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NUMERIC_DAYS = re.compile(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?")


def cron_weekdays(field: str) -> str:
    """Crontab day-of-week (0 or 7 = Sunday) as APScheduler 3 names.

    APScheduler 3's ``CronTrigger.from_crontab`` passes the numbers through, but it counts
    0 as Monday: "0 9 * * 1" would fire on Tuesdays. Names mean the same in both.
    """
    if field in ("*", "?"):
        return "*"
    names: list[str] = []
    for part in field.lower().split(","):
        match = _NUMERIC_DAYS.fullmatch(part)
        if match is None:
            names.append(part)  # names ("mon-fri") mean the same in APScheduler
            continue
        span, step = match.group(1), int(match.group(2) or 1)
        if span == "*":
            low, high = 0, 6
        else:
            first, _, last = span.partition("-")
            low = int(first)
            high = int(last) if last else (6 if match.group(2) else low)
        if not 0 <= low <= high <= 7 or step < 1:
            raise ValueError(f"day of week '{part}' is out of range 0-7")
        names.extend(_CRON_DAYS[day % 7] for day in range(low, high + 1, step))
    return ",".join(dict.fromkeys(names))


def parse_schedule(expression: str, timezone: str) -> CronTrigger:
    """A crontab line with crontab's weekday numbers (unlike ``CronTrigger.from_crontab``)."""
    try:
        fields = expression.split()
        if len(fields) != 5:
            raise ValueError(f"expected 5 fields, got {len(fields)}")
        minute, hour, day, month, weekday = fields
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=cron_weekdays(weekday), timezone=ZoneInfo(timezone))
    except (ValueError, KeyError) as exc:
        raise ScheduleError(
            f"BLENDBOT_TIP_SCHEDULE '{expression}' is not a valid cron line "
            f"(five fields, for example '0 9 * * 1'): {exc}") from exc


def next_send_time(expression: str, timezone: str, now: datetime | None = None) -> datetime:
    """When the schedule fires next after ``now`` (aware, in the schedule's time zone)."""
    zone = ZoneInfo(timezone)
    now = (now or datetime.now(zone)).astimezone(zone)
    fire = parse_schedule(expression, timezone).get_next_fire_time(None, now)
    if fire is None:  # pragma: no cover - a crontab always fires again
        raise ScheduleError(f"BLENDBOT_TIP_SCHEDULE '{expression}' never fires again")
    return fire


def dutch_moment(moment: datetime) -> str:
    """'maandag 24 november om 09:00'."""
    return (f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} "
            f"om {moment:%H:%M}")


class TipScheduler:
    """Runs ``run()`` on the cron schedule; one run at a time, cancelled on shutdown."""

    def __init__(self, expression: str, timezone: str, run: Callable[[], Awaitable[Any]], *,
                 interrupted: Callable[[], Awaitable[bool]] | None = None,
                 catch_up_interval: float = 180.0) -> None:
        self.trigger = parse_schedule(expression, timezone)
        self.expression = expression
        self.timezone = timezone
        self._run = run
        self._interrupted = interrupted
        self.catch_up_interval = catch_up_interval
        self._task: asyncio.Task[Any] | None = None
        self._checks: set[asyncio.Task[Any]] = set()
        self.scheduler = AsyncIOScheduler(timezone=ZoneInfo(timezone))

    async def _job(self) -> None:
        if self._task is not None and not self._task.done():
            log.info("event=tips_run_skipped reason=still_running")
            return
        self._task = asyncio.ensure_future(self._run())
        try:
            await asyncio.shield(self._task)
        except Exception:
            log.exception("event=tips_run_failed")

    async def _check(self) -> None:
        """Start a run when this week's was interrupted (cheap when it was not)."""
        if self._interrupted is None or (self._task is not None and not self._task.done()):
            return
        task = asyncio.current_task()
        if task is not None:
            self._checks.add(task)  # shutdown cancels a check that is still querying
        try:
            interrupted = await self._interrupted()
        except Exception:  # e.g. the database is down: the next check tries again
            log.warning("event=tips_catch_up_check_failed", exc_info=True)
            return
        finally:
            self._checks.discard(task)  # type: ignore[arg-type]
        if interrupted:
            log.info("event=tips_catch_up reason=interrupted_run")
            self.run_soon()

    def start(self) -> None:
        self.scheduler.add_job(self._job, self.trigger, id=JOB_ID, coalesce=True,
                               max_instances=1, misfire_grace_time=3600,
                               replace_existing=True)
        if self._interrupted is not None:
            self.scheduler.add_job(self._check, IntervalTrigger(seconds=self.catch_up_interval),
                                   id=CATCH_UP_JOB_ID, coalesce=True, max_instances=1,
                                   replace_existing=True)
        self.scheduler.start()
        log.info("event=tips_scheduler_started schedule=%r next=%s", self.expression,
                 self.next_run_time())

    def run_soon(self) -> None:
        """One extra run now (catch-up after an interrupted run)."""
        self.scheduler.add_job(self._job, id=f"{JOB_ID}-catch-up", replace_existing=True)

    def check_soon(self) -> None:
        """One interrupted-run check now (at start-up), besides the periodic ones."""
        self.scheduler.add_job(self._check, id=f"{JOB_ID}-check-now", replace_existing=True)

    def next_run_time(self) -> datetime | None:
        job = self.scheduler.get_job(JOB_ID) if self.scheduler.running else None
        if job is not None and job.next_run_time is not None:
            return job.next_run_time
        return next_send_time(self.expression, self.timezone)

    async def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for check in list(self._checks):
            check.cancel()
        await asyncio.gather(*self._checks, return_exceptions=True)
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
