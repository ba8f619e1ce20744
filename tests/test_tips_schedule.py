"""The tip schedule: crontab semantics, Amsterdam time, and the APScheduler job."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.tips.scheduler import (
    ScheduleError,
    TipScheduler,
    cron_weekdays,
    dutch_moment,
    next_send_time,
)

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(("field", "names"), [
    ("1", "mon"), ("0", "sun"), ("7", "sun"), ("1-5", "mon,tue,wed,thu,fri"),
    ("*/2", "sun,tue,thu,sat"), ("mon", "mon"), ("1,3", "mon,wed"), ("*", "*"),
])
def test_crontab_weekday_numbers_mean_what_cron_means(field: str, names: str) -> None:
    assert cron_weekdays(field) == names


@pytest.mark.parametrize(("now", "expected"), [
    # Default: Monday 09:00 Amsterdam. After this Monday's send the next is a week later.
    (datetime(2026, 11, 23, 9, 30, tzinfo=AMS), datetime(2026, 11, 30, 9, 0, tzinfo=AMS)),
    (datetime(2026, 11, 23, 8, 59, tzinfo=AMS), datetime(2026, 11, 23, 9, 0, tzinfo=AMS)),
    # Across the switch to summer time (29 March 2026) it stays 09:00 local.
    (datetime(2026, 3, 27, 12, 0, tzinfo=AMS), datetime(2026, 3, 30, 9, 0, tzinfo=AMS)),
])
def test_default_schedule_is_monday_nine_in_amsterdam(now: datetime, expected: datetime) -> None:
    found = next_send_time("0 9 * * 1", "Europe/Amsterdam", now)
    assert found == expected and found.utcoffset() == expected.utcoffset()
    assert found.weekday() == 0


def test_schedule_is_configurable_and_bad_ones_are_refused_in_dutch() -> None:
    now = datetime(2026, 11, 23, 9, 30, tzinfo=AMS)
    assert next_send_time("30 7 * * 5", "Europe/Amsterdam", now) == datetime(
        2026, 11, 27, 7, 30, tzinfo=AMS)
    for bad in ("elke maandag", "0 9 * *", "0 25 * * 1", "0 9 * * 9"):
        with pytest.raises(ScheduleError, match="not a valid cron line"):
            next_send_time(bad, "Europe/Amsterdam", now)


def test_dutch_moment() -> None:
    assert dutch_moment(datetime(2026, 11, 30, 9, 0, tzinfo=AMS)) == "maandag 30 november om 09:00"


async def test_scheduler_runs_the_job_and_shutdown_cancels_a_running_run() -> None:
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def run() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    scheduler = TipScheduler("0 9 * * 1", "Europe/Amsterdam", run)
    scheduler.start()
    upcoming = scheduler.next_run_time()
    assert upcoming is not None and upcoming.weekday() == 0 and upcoming.hour == 9
    scheduler.run_soon()
    await asyncio.wait_for(started.wait(), 10)
    await scheduler.shutdown()
    assert cancelled.is_set()
    assert not scheduler.scheduler.running
