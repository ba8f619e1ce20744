"""One delivery run: this week's tip to every active subscription that has not had it yet.

Exactly-once as far as a database can make it:
1. Only the holder of the ``weekly-tips`` job lock sends (other replicas return at once).
   The lock dies with its holder (``bot.tips.locks``): a rerun after a crash takes over.
2. Before sending, a ``pending`` delivery row is inserted (UNIQUE per subscription and week)
   or an unfinished row is re-claimed with a compare-and-swap on ``claimed_by``.
3. After the connector accepted the message, the row becomes ``sent`` and the subscription's
   rotation moves on, in one transaction.
A run that dies between 2 and 3 leaves ``pending`` rows; the next run (which holds the lock,
so no one else is sending) sends those again: at most the messages in flight are repeated.

``deliver_now`` (a DigiCoach's "stuur tip") sends one conversation's tip outside the run,
through the same claim/send/finish steps. It does not take the job lock (that would make a
Monday run that starts at the same moment skip the whole week); instead its claims carry the
owner prefix ``now:``, and the run leaves such a ``pending`` row alone while it is younger than
``lock_ttl`` (after that the sender is presumed dead and the run takes over, as above).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, not_, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from bot.core import address as addresses
from bot.core.address import AddressError
from bot.core.outbox import Outbox
from bot.metrics import Metrics
from bot.render.views import Tip
from bot.settings import DeliverySettings
from bot.storage.schema import deliveries, subscriptions
from bot.tips.delivery_types import (
    ENDED,
    FAILED,
    LOCK_NAME,
    NOW_OWNER_PREFIX,
    PENDING,
    SENT,
    DeliverySummary,
    Due,
    Event,
    NowResult,
    default_owner,
    failure_reason,
    send_error,
)
from bot.tips.locks import JobLock
from bot.tips.rotation import TipItem, audience_for, period_key, tip_by_key, tip_for
from bot.tips.subscriptions import (
    ENDED_REMOVED,
    Subscription,
    as_utc,
    utcnow,
)
from bot.tips.throttle import KeyedLimiter, SendError, Sleep, wait_retry_after
from knowledge.models import Card

log = logging.getLogger(__name__)

T = TypeVar("T")


class TipDelivery:
    """Sends this week's tips through an :class:`~bot.core.outbox.Outbox`."""

    def __init__(
        self, engine: AsyncEngine, outbox: Outbox,
        cards: Mapping[str, Card], public_url: str, *,
        settings: DeliverySettings | None = None, timezone: str = "Europe/Amsterdam",
        owner: str | None = None, sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
        progress: Callable[[Event], None] | None = None, metrics: Metrics | None = None,
    ) -> None:
        self.engine = engine
        self.metrics = metrics or Metrics()
        self.outbox = outbox
        self.cards = cards
        self.public_url = public_url
        self.settings = settings or DeliverySettings()
        self.timezone = timezone
        self.owner = owner or default_owner()
        self.sleep = sleep
        self.clock = clock
        self.progress = progress
        s = self.settings
        self.tenants = KeyedLimiter(s.tenant_rate, s.tenant_burst, monotonic)
        self.conversations = KeyedLimiter(s.conversation_rate, s.conversation_burst, monotonic)
        self.lock = JobLock(engine, LOCK_NAME, self.owner, timedelta(seconds=s.lock_ttl), clock)
        # SQLite has one writer at a time: queue our own writes instead of meeting
        # "database is locked" under concurrency. PostgreSQL needs no such thing.
        self._sqlite_writes = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    async def _transaction(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction, retried briefly when the database is busy."""
        async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(OperationalError), stop=stop_after_attempt(4),
                wait=wait_exponential_jitter(initial=0.05, max=1.0), reraise=True):
            with attempt:
                if self._sqlite_writes is None:
                    async with self.engine.begin() as conn:
                        return await work(conn)
                async with self._sqlite_writes, self.engine.begin() as conn:
                    return await work(conn)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- the run ---------------------------------------------------------------------------

    async def run(self, *, now: datetime | None = None, dry_run: bool = False,
                  lock_wait: float = 0.0) -> DeliverySummary:
        """One run; ``lock_wait`` seconds to wait for a just-killed holder's lock to free."""
        period = period_key(now or self.clock(), self.timezone)
        summary = DeliverySummary(period=period, dry_run=dry_run)
        started = time.monotonic()
        if dry_run:
            await self._plan(summary)
        elif await self.lock.acquire(wait=lock_wait):
            try:
                await self._deliver(summary)
            finally:
                await asyncio.shield(self.lock.release())
        else:
            holder = await self.lock.holder()
            summary.locked_by = holder[0] if holder else "unknown"
        summary.seconds = time.monotonic() - started
        log.info("tips_run period=%s dry_run=%s sent=%d failed=%d skipped=%d ended=%d "
                 "locked_by=%s seconds=%.2f", period, dry_run, summary.sent,
                 summary.failed_total, summary.skipped_total, summary.ended,
                 summary.locked_by, summary.seconds)
        return summary

    async def _deliver(self, summary: DeliverySummary) -> None:
        lost = asyncio.Event()
        queue: asyncio.Queue[Due | None] = asyncio.Queue(maxsize=self.settings.concurrency * 2)
        heartbeat = asyncio.create_task(self._heartbeat(lost))
        workers = [asyncio.create_task(self._worker(queue, summary, lost))
                   for _ in range(self.settings.concurrency)]
        try:
            async for due in self._due(summary.period):
                if lost.is_set():
                    break
                await queue.put(due)
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for task in (*workers, heartbeat):
                task.cancel()
            await asyncio.gather(*workers, heartbeat, return_exceptions=True)
        if lost.is_set():
            summary.failed["lock verloren: run gestopt, de volgende run gaat verder"] += 1

    async def _heartbeat(self, lost: asyncio.Event) -> None:
        while True:
            await asyncio.sleep(self.settings.lock_ttl / 3)
            if not await self.lock.renew():
                log.warning("tips_lock_lost owner=%s", self.owner)
                lost.set()
                return

    async def _worker(self, queue: asyncio.Queue[Due | None], summary: DeliverySummary,
                      lost: asyncio.Event) -> None:
        while (due := await queue.get()) is not None:
            if lost.is_set():
                continue
            try:
                event = await self._deliver_one(due, summary.period)
            except SQLAlchemyError as exc:  # the next run picks this one up again
                log.warning("tips_db_error conversation=%s error=%s", due.conversation_key,
                            type(exc).__name__)
                event = Event("failed", due.conversation_key, due.tip_id or "?",
                              f"databasefout ({type(exc).__name__})")
            self.metrics.tip_delivery(event.outcome)
            self._count(summary, event)

    def _count(self, summary: DeliverySummary, event: Event) -> None:
        if event.outcome == "sent":
            summary.sent += 1
        elif event.outcome == "ended":
            summary.ended += 1
        elif event.outcome == "failed":
            summary.failed[event.reason] += 1
        elif event.outcome == "skipped":
            summary.skipped[event.reason] += 1
        if self.progress is not None:
            self.progress(event)

    # -- selecting and claiming ------------------------------------------------------------

    async def _due(self, period: str):  # type: ignore[no-untyped-def]
        """Active subscriptions without a finished delivery this period, in pages by id."""
        s, d = subscriptions, deliveries
        cutoff = self.clock() - timedelta(seconds=self.settings.lock_ttl)
        sending_now = and_(d.c.status == PENDING, d.c.claimed_by.like(f"{NOW_OWNER_PREFIX}%"),
                           d.c.claimed_at > cutoff)  # a deliver_now in progress
        after = 0
        while True:
            query = (
                select(s.c.id, s.c.conversation_key, s.c.tenant_id, s.c.rotation, s.c.reference,
                       d.c.id.label("delivery_id"), d.c.status, d.c.tip_id, d.c.attempts,
                       d.c.claimed_by)
                .select_from(s.outerjoin(d, and_(d.c.subscription_id == s.c.id,
                                                 d.c.period == period)))
                .where(s.c.active, s.c.id > after,
                       or_(d.c.id.is_(None),
                           and_(d.c.status.in_((PENDING, FAILED)), not_(sending_now))))
                .order_by(s.c.id).limit(self.settings.page_size))
            async with self.engine.connect() as conn:
                rows = (await conn.execute(query)).all()
            for r in rows:
                yield Due(r.id, r.conversation_key, r.tenant_id, r.rotation or 0, r.reference,
                           r.delivery_id, r.status, r.tip_id, r.attempts or 0, r.claimed_by)
            if len(rows) < self.settings.page_size:
                return
            after = rows[-1].id

    def _item_for(self, due: Due) -> TipItem:
        if due.tip_id:  # an unfinished delivery: same tip again
            return tip_by_key(due.tip_id, self.cards)
        try:
            address = addresses.from_json(due.reference)
            audience = audience_for(address.conversation_type, address.is_group)
        except AddressError:  # the send fails on it below, with its reason
            audience = audience_for(None, None)
        return tip_for(due.rotation, audience, self.cards)

    async def _claim(self, due: Due, item: TipItem, period: str, owner: str | None = None
                     ) -> bool:
        claim = {"status": PENDING, "claimed_by": owner or self.owner,
                 "claimed_at": self.clock()}

        async def work(conn: AsyncConnection) -> bool:
            if due.delivery_id is None:
                await conn.execute(deliveries.insert().values(
                    subscription_id=due.subscription_id, period=period, tip_id=item.key,
                    attempts=1, **claim))
                return True
            owner_was = (deliveries.c.claimed_by.is_(None) if due.claimed_by is None
                         else deliveries.c.claimed_by == due.claimed_by)
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.id == due.delivery_id,
                       deliveries.c.status == due.status, owner_was)
                .values(attempts=deliveries.c.attempts + 1, **claim))
            return result.rowcount == 1

        try:
            return await self._transaction(work)
        except IntegrityError:  # another run inserted the row first
            return False

    # -- sending ---------------------------------------------------------------------------

    async def _deliver_one(self, due: Due, period: str) -> Event:
        key = due.conversation_key
        try:
            item = self._item_for(due)
        except (LookupError, ValueError) as exc:
            return Event("skipped", key, due.tip_id or "?", f"unknown tip: {exc}")
        if due.attempts >= self.settings.max_claims:
            return Event("skipped", key, item.key, "tried too often")
        if not await self._claim(due, item, period):
            return Event("skipped", key, item.key, "already claimed by another run")
        try:
            await self._send_with_retries(due, item)
        except SendError as error:
            if error.gone:
                await self._finish(due, period, ENDED, error.reason, end_subscription=True)
                return Event("ended", key, item.key, f"bot verwijderd ({error.status})")
            await self._finish(due, period, FAILED, error.reason)
            return Event("failed", key, item.key, failure_reason(error))
        await self._finish(due, period, SENT, None)
        return Event("sent", key, item.key)

    async def _send_with_retries(self, due: Due, item: TipItem) -> None:
        s = self.settings
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, SendError) and e.transient),
            stop=stop_after_attempt(s.attempts),
            wait=wait_retry_after(s.backoff_initial, s.backoff_max, s.jitter),
            sleep=self.sleep, reraise=True)
        async for attempt in retrying:
            with attempt:
                await self._send_once(due, item)

    async def _send_once(self, due: Due, item: TipItem) -> None:
        tenant = self.tenants.bucket(due.tenant_id or "-")
        await tenant.acquire(self.sleep)
        await self.conversations.bucket(due.conversation_key).acquire(self.sleep)
        failure: list[BaseException] = []
        try:
            address = addresses.from_json(due.reference)
        except AddressError as exc:
            log.warning("event=tip_address_unreadable conversation=%s reason=%r",
                        due.conversation_key, str(exc))
            raise SendError(-1, f"stored address unreadable: {exc}") from exc
        try:
            async with asyncio.timeout(self.settings.send_timeout):
                await self.outbox.post(address, Tip(item, self.public_url))
        except Exception as exc:  # noqa: BLE001 - e.g. a timeout, a refusal, an address no
            failure.append(exc)  # adapter can use: one failed delivery, never a crashed run
        if failure:
            error = send_error(failure[0])
            if error.status == 429 and error.retry_after:
                tenant.pause(error.retry_after)  # hold the whole tenant back, not one sender
            log.info("tip_send_error conversation=%s status=%s", due.conversation_key,
                     error.status)
            raise error

    async def _finish(self, due: Due, period: str, status: str, error: str | None, *,
                      end_subscription: bool = False) -> None:
        now = self.clock()
        values: dict[str, Any] = {"status": status, "last_error": error}
        if status == SENT:
            values["sent_at"] = now

        async def work(conn: AsyncConnection) -> None:
            result = await conn.execute(
                update(deliveries)
                .where(deliveries.c.subscription_id == due.subscription_id,
                       deliveries.c.period == period, deliveries.c.status != SENT)
                .values(**values))
            if status == SENT and result.rowcount == 1:
                await conn.execute(update(subscriptions)
                                   .where(subscriptions.c.id == due.subscription_id)
                                   .values(rotation=subscriptions.c.rotation + 1))
            if end_subscription:
                await conn.execute(update(subscriptions)
                                   .where(subscriptions.c.id == due.subscription_id,
                                          subscriptions.c.active)
                                   .values(active=False, ended_at=now,
                                           ended_reason=f"{ENDED_REMOVED} ({error})"))

        await self._transaction(work)

    # -- one conversation now (a DigiCoach's "stuur tip") ----------------------------------

    async def deliver_now(self, subscription: Subscription, *, now: datetime | None = None
                          ) -> NowResult:
        """Send ``subscription``'s tip now, through the same claim/send/finish steps as a run.

        No tip sent there this week yet: this week's tip, recorded as this week's delivery,
        so the weekly run skips the conversation. Already sent this week: the next item of
        the rotation as an extra (the rotation moves on; there is one delivery row a week).
        """
        period = period_key(now or self.clock(), self.timezone)
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(deliveries).where(
                deliveries.c.subscription_id == subscription.id,
                deliveries.c.period == period))).first()
        due = Due(subscription.id, subscription.conversation_key, subscription.tenant_id,
                   subscription.rotation, subscription.address.to_json(),
                   row.id if row else None, row.status if row else None,
                   row.tip_id if row else None, row.attempts if row else 0,
                   row.claimed_by if row else None)
        if row is not None and row.status == SENT:
            return await self._send_extra(replace(due, delivery_id=None, tip_id=None))
        if row is not None and row.status == PENDING and await self._in_progress(row):
            return NowResult("busy")
        try:
            item = self._item_for(due)
        except (LookupError, ValueError) as exc:
            return NowResult("failed", None, f"tip onbekend: {exc}")
        if not await self._claim(due, item, period, NOW_OWNER_PREFIX + self.owner):
            return NowResult("busy", item)
        try:
            await self._send_with_retries(due, item)
        except SendError as error:
            await self._finish(due, period, ENDED if error.gone else FAILED, error.reason,
                               end_subscription=error.gone)
            return NowResult("ended" if error.gone else "failed", item, failure_reason(error))
        await self._finish(due, period, SENT, None)
        log.info("tip_now conversation=%s tip=%s period=%s", due.conversation_key, item.key,
                 period)
        return NowResult("sent", item)

    async def _in_progress(self, row: Any) -> bool:
        """A pending row someone may still be sending: fresh, or the weekly run is on."""
        claimed = as_utc(row.claimed_at)
        fresh = claimed is not None and claimed > self.clock() - timedelta(
            seconds=self.settings.lock_ttl)
        return fresh or await self.lock.holder() is not None

    async def _send_extra(self, due: Due) -> NowResult:
        """This week's tip is out already: send the next item and move the rotation on."""
        try:
            item = self._item_for(due)  # the item at ``rotation``
            await self._send_with_retries(due, item)
        except (LookupError, ValueError) as exc:
            return NowResult("failed", None, f"tip onbekend: {exc}")
        except SendError as error:
            return NowResult("failed", item, failure_reason(error))

        async def work(conn: AsyncConnection) -> None:  # compare-and-swap: one step per send
            await conn.execute(update(subscriptions)
                               .where(subscriptions.c.id == due.subscription_id,
                                      subscriptions.c.rotation == due.rotation)
                               .values(rotation=due.rotation + 1))

        await self._transaction(work)
        log.info("tip_now_extra conversation=%s tip=%s", due.conversation_key, item.key)
        return NowResult("extra", item)

    # -- dry run ---------------------------------------------------------------------------

    async def _plan(self, summary: DeliverySummary) -> None:
        async for due in self._due(summary.period):
            try:
                item = self._item_for(due)
            except (LookupError, ValueError) as exc:
                self._count(summary, Event("skipped", due.conversation_key, "?", str(exc)))
                continue
            summary.planned.append((due.conversation_key, item.key))
            if self.progress is not None:
                self.progress(Event("planned", due.conversation_key, item.key))

