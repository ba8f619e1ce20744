"""Answer each Slack event once, even when Slack retries it or another replica got it.

Slack re-sends an event (``X-Slack-Retry-Num``) when it did not see a 200 within three
seconds; every delivery carries the same ``event_id``. The first replica to insert the id
into ``slack_events`` handles the event; the primary key turns every later insert away.

Button clicks (``block_actions``) carry no event id and Slack never retries them, but a
captured signed request can be replayed within the five minutes the signature is accepted.
A click is recorded under the hash of its signed body (:func:`click_id`): Slack gives every
real click its own ``trigger_id`` and ``action_ts``, so only a replay has the same body.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.storage.database import Database
from bot.storage.schema import slack_events, utcnow

log = logging.getLogger(__name__)

#: Slack retries for about an hour at most; a day is plenty.
KEEP = timedelta(days=1)
PRUNE_EVERY = 500


def click_id(body: bytes) -> str:
    """The ``slack_events`` key of an interactive payload: a hash of its signed body."""
    return "click:" + hashlib.sha256(body).hexdigest()


class SlackEventLog:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._since_prune = 0

    async def first_time(self, event_id: str, now: datetime | None = None) -> bool:
        """Record ``event_id``; False when it was recorded before (a retry or a duplicate)."""
        now = now or utcnow()
        try:
            async with self.database.begin() as conn:
                await conn.execute(sa.insert(slack_events).values(event_id=event_id,
                                                                  received_at=now))
        except IntegrityError:
            return False
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            await self.prune(now)
        return True

    async def prune(self, now: datetime | None = None) -> int:
        cutoff = (now or utcnow()) - KEEP
        async with self.database.begin() as conn:
            result = await conn.execute(
                sa.delete(slack_events).where(slack_events.c.received_at < cutoff))
        log.info("event=slack_events_pruned rows=%d", result.rowcount or 0)
        return result.rowcount or 0
