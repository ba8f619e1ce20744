"""Finished checks: store them per user, show the result card, serve the radar chart.

Used by the readiness dialog (at the end of a check), by the "mijn resultaat" command and by
the ``GET /charts/readiness/<id>.png`` route.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.core.session import Session
from bot.render import radar
from bot.render.readiness_cards import LEGEND, NO_RESULT, ResultView
from bot.render.views import Notice
from bot.storage.readiness_repo import ReadinessRepo, StoredResult
from knowledge.loader import KnowledgeBase
from knowledge.readiness_model import DIMENSION_IDS, Readiness

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

#: Largest PNG inlined as a data URI. Teams rejects bot messages over about 28 KB, and the
#: result card's text and buttons take about 5 KB: 16 000 bytes are ~21 400 base64 chars.
MAX_INLINE_PNG = 16_000
CHART_PATH = "/charts/readiness/{id}.png"
_EXTRAS_KEY = "readiness_results"
#: Channels whose images must be fetched by URL.
URL_ONLY_CHANNELS = frozenset({"slack"})


def chart_key(result: StoredResult, secret: bytes) -> str:
    """Stable key for a result's chart URL: an HMAC with the server's secret, so it cannot
    be computed from the result id and user id (both visible to colleagues)."""
    if not secret:
        raise ValueError("chart_key needs the server secret")
    message = f"{result.id}:{result.user_key}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:24]


def identify(session: Session) -> tuple[str, str | None]:
    """(user_key, team id or None) of this turn."""
    from bot.answers import identity

    return identity(session.turn)[0], session.turn.team_id


class ReadinessResults:
    """Everything about finished checks; no dialog state here."""

    def __init__(self, knowledge: KnowledgeBase, repo: ReadinessRepo, public_url: str,
                 secret: bytes) -> None:
        if knowledge.readiness is None:
            raise ValueError("the knowledge base has no readiness.yaml")
        if not secret:
            raise ValueError("ReadinessResults needs the server secret for chart URLs")
        self.secret = secret
        self.readiness: Readiness = knowledge.readiness
        self.repo = repo
        self.public_url = public_url.rstrip("/")
        linked = {c for d in self.readiness.dimensions for c in d.cards}
        self.titles = {c: knowledge.card(c).title for c in linked if c in knowledge}

    async def finish(self, session: Session,
                     answers: Mapping[str, int | None]) -> StoredResult:
        """Store a completed check and show its result (with the change since last time)."""
        user_key, team_id = identify(session)
        before = await self.repo.latest(user_key, limit=1)
        stored = await self.repo.save(user_key, team_id, answers)
        known = sum(1 for d in DIMENSION_IDS if answers.get(d) is not None)
        log.info("event=readiness_finished result_id=%s known=%d unknown=%d repeat=%s",
                 stored.id, known, len(DIMENSION_IDS) - known, bool(before))
        await self._send(session, stored, before[0] if before else None)
        return stored

    async def show_latest(self, session: Session) -> bool:
        """Show the user's latest result again; False (and a hint) when there is none."""
        user_key, _ = identify(session)
        latest = await self.repo.latest(user_key, limit=2)
        if not latest:
            await session.replies.send(Notice(NO_RESULT))
            return False
        await self._send(session, latest[0], latest[1] if len(latest) > 1 else None)
        return True

    async def chart_png(self, result: StoredResult) -> bytes:
        previous = await self.repo.previous(result)
        return await self._render(result, previous)

    async def chart_for(self, result_id: int, key: str) -> bytes | None:
        """The chart of a stored result, or None when the id or key is wrong."""
        result = await self.repo.get(result_id)
        expected = chart_key(result, self.secret).encode() if result is not None else b""
        # bytes, not str: compare_digest refuses non-ASCII strings (a ?k=é must be a 404)
        if result is None or not hmac.compare_digest(expected, key.encode(errors="replace")):
            return None
        return await self.chart_png(result)

    async def _render(self, result: StoredResult, previous: StoredResult | None) -> bytes:
        labels = [d.short_label for d in self.readiness.dimensions]
        levels = [result.answers.get(d) for d in DIMENSION_IDS]
        before = [previous.answers.get(d) for d in DIMENSION_IDS] if previous else None
        return await asyncio.to_thread(radar.radar_png, labels, levels, before, legend=LEGEND)

    def _chart_url(self, result: StoredResult, png: bytes, channel: str | None) -> str:
        """A data URI when small enough (no public URL needed, nothing to leak); else, and
        on Slack (no data URIs there), the keyed URL that ``blendbot serve`` answers."""
        if len(png) <= MAX_INLINE_PNG and channel not in URL_ONLY_CHANNELS:
            return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        path = CHART_PATH.format(id=result.id)
        return f"{self.public_url}{path}?k={chart_key(result, self.secret)}"

    async def _send(self, session: Session, result: StoredResult,
                    previous: StoredResult | None) -> None:
        channel = session.turn.channel
        chart_url = None
        if session.replies.shows_cards:
            png = await self._render(result, previous)
            chart_url = self._chart_url(result, png, channel)
        view = ResultView(
            readiness=self.readiness, answers=result.answers, created_at=result.created_at,
            card_titles=self.titles, chart_url=chart_url,
            previous=previous.answers if previous else None,
            previous_at=previous.created_at if previous else None,
        )
        await session.replies.send(view)


def results_for(services: BotServices) -> ReadinessResults | None:
    """The services' one ReadinessResults (made on first use); None without readiness.yaml."""
    found = services.extras.get(_EXTRAS_KEY)
    if found is None and services.knowledge.readiness is not None:
        found = ReadinessResults(services.knowledge, ReadinessRepo(services.database),
                                 services.settings.public_url, services.chart_secret)
        services.extras[_EXTRAS_KEY] = found
    return found
