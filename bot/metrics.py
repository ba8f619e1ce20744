"""Operational metrics in Prometheus text format; the one module that calls prometheus_client.

Each app (and each ``blendbot chat`` or CLI run) gets its own :class:`Metrics` with its own
``CollectorRegistry``, so several apps in one process never share or clash over a global
registry. Features reach it through :func:`metrics_of` and call one method per event.

Labels are protocol values only: a route's canonical path (``/charts/readiness/{result_id}.png``,
never the URL asked for), an HTTP method and status, an intent, verdict, follow-up question
key, reply kind, tip outcome or exception class name. Every label value passes
:func:`_token` (lower-case words, short) or an allow-list, so no message text, user id,
conversation id or team id can become a label, and a client cannot grow the series count.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.services import BotServices
    from classifier.types import Classification

#: ``BotServices.extras`` key of the running app's metrics.
EXTRAS_KEY = "metrics"
CONTENT_TYPE = CONTENT_TYPE_LATEST
#: Route label of a request that matched no route (aiohttp's own 404/405).
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: Outcomes of one tip delivery: the weekly run's (``Event``) and "stuur tip"'s (``NowResult``).
TIP_OUTCOMES = ("sent", "failed", "ended", "skipped", "busy", "extra")
TIP_TRIGGERS = ("weekly", "now")
#: Request latency buckets (seconds): a turn with a Connector round trip takes 0.05-2 s.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_TOKEN = re.compile(r"[a-z][a-z_-]{0,31}")
_CLASS_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")


def _token(value: object, default: str = "other") -> str:
    """A label value from code (``"scenario"``, ``"kies-kaart"``); anything else: default."""
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else default


class Metrics:
    """The counters and histograms of one app, in its own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "blendbot_http_requests", "HTTP requests answered, by route, method and status.",
            ("route", "method", "status"), registry=r)
        self.latency = Histogram(
            "blendbot_http_request_duration_seconds",
            "Time from request to response, by route, method and status.",
            ("route", "method", "status"), buckets=LATENCY_BUCKETS, registry=r)
        self.turns = Counter(
            "blendbot_turns", "Questions classified and answered, by intent and verdict.",
            ("intent", "verdict"), registry=r)
        self.unsure = Counter(
            "blendbot_unsure_turns",
            "Questions the classifier was unsure about, by intent "
            "(unsure share: this / blendbot_turns_total).", ("intent",), registry=r)
        self.follow_ups_asked = Counter(
            "blendbot_follow_ups_asked", "Follow-up questions asked, by question.",
            ("question",), registry=r)
        self.follow_ups_answered = Counter(
            "blendbot_follow_ups_answered",
            "Replies to follow-up questions, by kind (yes, no, unknown, text, insist, choice).",
            ("reply",), registry=r)
        self.readiness_started = Counter(
            "blendbot_readiness_checks_started", "Readiness checks started.", registry=r)
        self.readiness_finished = Counter(
            "blendbot_readiness_checks_finished",
            "Readiness checks answered to the end (a result was stored).", registry=r)
        self.tips = Counter(
            "blendbot_tip_deliveries",
            "Tip deliveries, by trigger (weekly run, a DigiCoach's 'stuur tip') and outcome.",
            ("trigger", "outcome"), registry=r)
        for outcome in TIP_OUTCOMES[:4]:
            self.tips.labels("weekly", outcome)
        self.database_errors = Counter(
            "blendbot_database_errors",
            "Errors raised by the database driver, by exception class "
            "(IntegrityError includes expected unique-key races).", ("error",), registry=r)

    # -- events ------------------------------------------------------------------------------

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        labels = (route, method if method in METHODS else "other", str(status))
        self.requests.labels(*labels).inc()
        self.latency.labels(*labels).observe(seconds)

    def turn(self, c: Classification) -> None:
        intent = _token(c.intent)
        self.turns.labels(intent, _token(c.verdict, "none")).inc()
        if c.unsure:
            self.unsure.labels(intent).inc()

    def follow_up_asked(self, question: str) -> None:
        self.follow_ups_asked.labels(_token(question)).inc()

    def follow_up_answered(self, reply: str) -> None:
        self.follow_ups_answered.labels(_token(reply)).inc()

    def readiness_check_started(self) -> None:
        self.readiness_started.inc()

    def readiness_check_finished(self) -> None:
        self.readiness_finished.inc()

    def tip_delivery(self, outcome: str, trigger: str = "weekly") -> None:
        self.tips.labels(trigger if trigger in TIP_TRIGGERS else "other",
                         outcome if outcome in TIP_OUTCOMES else "other").inc()

    def database_error(self, error: BaseException) -> None:
        name = type(error).__name__
        self.database_errors.labels(name if _CLASS_NAME.fullmatch(name) else "other").inc()

    def watch_database(self, engine: AsyncEngine) -> Callable[[], None]:
        """Count every driver error of ``engine``; returns the function that stops it."""
        from sqlalchemy import event

        def on_error(context: Any) -> None:
            self.database_error(context.sqlalchemy_exception or context.original_exception)

        event.listen(engine.sync_engine, "handle_error", on_error)
        return lambda: event.remove(engine.sync_engine, "handle_error", on_error)

    def render(self) -> bytes:
        """The exposition text (``CONTENT_TYPE``)."""
        return generate_latest(self.registry)


def metrics_of(services: BotServices) -> Metrics:
    """The metrics of the app these services run in (a private set outside an app)."""
    metrics = services.extras.get(EXTRAS_KEY)
    if not isinstance(metrics, Metrics):
        metrics = services.extras[EXTRAS_KEY] = Metrics()
    return metrics


# -- access ----------------------------------------------------------------------------------

#: Headers a reverse proxy adds: a relayed request is not a local one, whatever its peer.
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def access_status(mode: str, remote: str | None, headers: Mapping[str, str]) -> int | None:
    """Why this request may not read the metrics (an HTTP status), or None when it may.

    ``mode`` is the validated ``BLENDBOT_METRICS``: ``off`` (404), ``loopback`` (404 unless
    the peer is 127.0.0.1 / ::1 and no proxy relayed it) or ``token:<secret>`` (401 unless
    ``Authorization: Bearer <secret>``, compared in constant time).
    """
    if mode == "off":
        return 404
    if mode == "loopback":
        relayed = any(name in headers for name in PROXY_HEADERS)
        return None if _is_loopback(remote) and not relayed else 404
    secret = mode.removeprefix("token:")
    scheme, _, given = headers.get("Authorization", "").partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), secret.encode())
    return None if ok else 401


def _is_loopback(remote: str | None) -> bool:
    try:
        address = ipaddress.ip_address(remote or "")
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback
