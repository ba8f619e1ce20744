"""The values a delivery run works with: tunables, outcomes, and what is due.

Kept apart from ``bot.tips.delivery`` so the run itself reads as the claim/send/finish steps.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bot.tips.rotation import TipItem
from bot.tips.throttle import SendError, parse_retry_after

LOCK_NAME = "weekly-tips"
PENDING, SENT, FAILED, ENDED = "pending", "sent", "failed", "ended"
#: Owner prefix of claims made by ``deliver_now`` (the weekly run leaves fresh ones alone).
NOW_OWNER_PREFIX = "now:"


@dataclass
class DeliverySummary:
    period: str
    dry_run: bool = False
    sent: int = 0
    ended: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    planned: list[tuple[str, str]] = field(default_factory=list)
    locked_by: str | None = None
    seconds: float = 0.0

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass(frozen=True, slots=True)
class Event:
    """One delivery outcome, for progress lines."""

    outcome: str  # sent | failed | ended | skipped | planned
    conversation_key: str
    tip_id: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class NowResult:
    """What ``deliver_now`` did.

    ``sent``: this week's tip, recorded as this week's delivery; ``extra``: this week's tip
    had already gone out, so the next one in the rotation was sent (and the rotation moved
    on); ``busy``: a send for this conversation is in progress; ``failed`` / ``ended``: as in
    the run (``ended``: the bot is no longer in the conversation).
    """

    outcome: str
    item: TipItem | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Due:
    subscription_id: int
    conversation_key: str
    tenant_id: str | None
    rotation: int
    reference: Any
    delivery_id: int | None
    status: str | None
    tip_id: str | None
    attempts: int
    claimed_by: str | None


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def send_error(exc: BaseException) -> SendError:
    """The connector's failure as a SendError (status 0: no HTTP answer at all)."""
    if isinstance(exc, SendError):
        return exc
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if isinstance(status, int):
        headers = getattr(response, "headers", None) or {}
        retry_after = parse_retry_after(headers.get("Retry-After"))
        return SendError(status, f"HTTP {status}", retry_after)
    if isinstance(exc, OSError | TimeoutError) or type(exc).__module__.startswith("aiohttp"):
        return SendError(0, f"connection: {type(exc).__name__}")
    return SendError(-1, f"error: {type(exc).__name__}")


def failure_reason(error: SendError) -> str:
    if error.status == 0:
        return f"no connection ({error.reason}), not even after retrying"
    if error.transient:
        return f"{error.reason}, not even after retrying"
    return error.reason
