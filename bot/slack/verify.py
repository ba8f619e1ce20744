"""Check that a request really comes from Slack, and is fresh.

Slack signs ``v0:<timestamp>:<raw body>`` with the app's signing secret (HMAC-SHA256).
``slack_sdk.signature.SignatureVerifier`` compares in constant time and refuses timestamps
more than five minutes away from now (replays). We add the checks it leaves to the caller:
a missing or non-numeric timestamp is simply invalid, never an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from enum import StrEnum

from slack_sdk.signature import Clock, SignatureVerifier

#: Slack's own limit: requests older (or newer) than this are replays.
MAX_AGE_SECONDS = 5 * 60


class Verdict(StrEnum):
    OK = "ok"
    MISSING = "missing"
    STALE = "stale"
    BAD_SIGNATURE = "bad_signature"


class _Clock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


class SlackVerifier:
    """``check(body, headers)`` tells whether a request is authentic and fresh."""

    def __init__(self, signing_secret: str, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._verifier = SignatureVerifier(signing_secret, clock=_Clock(now))

    def check(self, body: bytes, headers: Mapping[str, str]) -> Verdict:
        timestamp = headers.get("X-Slack-Request-Timestamp")
        signature = headers.get("X-Slack-Signature")
        if not timestamp or not signature:
            return Verdict.MISSING
        try:
            stamp = int(timestamp)
        except ValueError:
            return Verdict.MISSING
        if abs(self._now() - stamp) > MAX_AGE_SECONDS:
            return Verdict.STALE
        if not self._verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
            return Verdict.BAD_SIGNATURE
        return Verdict.OK
