"""Rate limits and retries for proactive sends.

Teams allows a bot about 7 messages per second in one conversation and 50 requests per
second per app per tenant; above that it answers 429 with ``Retry-After``. Microsoft asks
bots to also retry 412, 502 and 504, with exponential backoff and random jitter.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

from tenacity import wait_exponential_jitter
from tenacity.wait import wait_base

TRANSIENT_STATUSES = frozenset({412, 429, 502, 503, 504})
GONE_STATUSES = frozenset({403, 404})

Sleep = Callable[[float], Awaitable[None]]


class SendError(Exception):
    """A failed send with the connector's HTTP status (0 when there was no response)."""

    def __init__(self, status: int, reason: str, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {reason}".strip())
        self.status = status
        self.reason = reason
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        return self.status in TRANSIENT_STATUSES or self.status == 0

    @property
    def gone(self) -> bool:
        """The bot was removed from the conversation (or the conversation no longer exists)."""
        return self.status in GONE_STATUSES


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class wait_retry_after(wait_base):  # noqa: N801 - tenacity's naming style
    """Wait what the server asked for (plus jitter), else exponential backoff with jitter."""

    def __init__(self, initial: float = 1.0, maximum: float = 60.0, jitter: float = 1.0,
                 retry_after_max: float = 600.0) -> None:
        self.fallback = wait_exponential_jitter(initial=initial, max=maximum, jitter=jitter)
        self.retry_after_max = retry_after_max
        self.jitter = jitter

    def __call__(self, retry_state) -> float:  # type: ignore[no-untyped-def]
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        if isinstance(error, SendError) and error.retry_after is not None:
            return min(error.retry_after, self.retry_after_max) + random.uniform(0, self.jitter)
        return self.fallback(retry_state)


class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` saved up; ``pause`` honours a 429."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Hold every sender on this bucket back for ``seconds`` (a 429's Retry-After)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._tokens = min(self._tokens, 0.0)

    async def acquire(self, sleep: Sleep = asyncio.sleep) -> None:
        async with self._lock:  # waiters queue up in order
            while True:
                now = self._clock()
                if now < self._paused_until:
                    await sleep(self._paused_until - now)
                    continue
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await sleep((1 - self._tokens) / self.rate)


class KeyedLimiter:
    """One token bucket per key (tenant or conversation), created on first use."""

    def __init__(self, rate: float, burst: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, TokenBucket] = {}

    def bucket(self, key: str) -> TokenBucket:
        found = self._buckets.get(key)
        if found is None:
            found = self._buckets[key] = TokenBucket(self.rate, self.burst, self.clock)
        return found

    async def acquire(self, key: str) -> None:
        await self.bucket(key).acquire()
