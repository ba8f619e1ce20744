"""DigiCoach role, the insights card, "stuur tip" and "vergeet mij", as called by the handler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from bot import insights, privacy
from bot.core.outbox import Outbox
from bot.core.replies import Replies
from bot.core.session import Session
from bot.core.turn import Scope, Turn
from bot.digicoach import wording as w
from bot.pending import Pending
from bot.render.views import InsightsReport, Notice
from bot.storage.conversation_store import state_key_of, user_state_key
from bot.storage.repositories import user_key
from bot.tips.turns import tip_now

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

FORGET_ACTION = "forget"


def is_digicoach(digicoach_ids: frozenset[str], turn: Turn) -> bool:
    """By Entra ID object id (Teams) or by the channel's own user id (Teams, Slack, terminal)."""
    if not digicoach_ids:
        return False
    return any(i and i in digicoach_ids for i in (turn.directory_id, turn.user_id))


class DigiCoach:
    """The handler's entry points for "overzicht", "stuur tip" and "vergeet mij"."""

    def __init__(self, services: BotServices) -> None:
        self.services = services

    async def insights(self, turn: Turn, replies: Replies,
                       days: int = insights.DEFAULT_DAYS) -> None:
        if not is_digicoach(self.services.settings.digicoach_ids, turn):
            log.info("event=insights_refused")
            await replies.send(Notice(w.NOT_A_DIGICOACH))
            return
        if turn.scope is not Scope.PERSONAL:
            await replies.send(Notice(w.INSIGHTS_ONLY_PERSONAL))
            return
        data = await insights.collect(self.services.database.engine,
                                      insights.Period.last_days(days))
        titles = {card_id: card.title for card_id, card in self.services.knowledge.cards.items()}
        settings = self.services.settings
        page = f"{settings.public_url.rstrip('/')}/insights" if settings.insights_token else None
        log.info("event=insights_shown answers=%d", data.total_answers)
        await replies.send(InsightsReport(data, titles, days, page))

    async def tip_now(self, turn: Turn, replies: Replies, outbox: Outbox) -> None:
        """ "stuur tip": a DigiCoach sends this team conversation's tip now."""
        if not is_digicoach(self.services.settings.digicoach_ids, turn):
            log.info("event=tip_now_refused")
            await replies.send(Notice(w.TIP_NOW_NOT_A_DIGICOACH))
            return
        if turn.scope is Scope.PERSONAL:
            await replies.send(Notice(w.TIP_NOW_ONLY_IN_TEAM))
            return
        await tip_now(self.services, turn, replies, outbox)

    async def forget_ask(self, session: Session) -> None:
        buttons = ((w.FORGET_YES, {"action": FORGET_ACTION, "confirm": True}),
                   (w.FORGET_NO, {"action": FORGET_ACTION, "confirm": False}))
        await session.replies.send(Notice(w.FORGET_ASK, buttons=buttons))

    async def forget_answer(self, session: Session, value: dict[str, Any]) -> None:
        if value.get("confirm") is not True:
            await session.replies.send(Notice(w.FORGET_KEPT))
            return
        try:
            counts = await self.forget(session)
        except (OSError, SQLAlchemyError) as exc:
            log.error("event=forget_failed error=%s", type(exc).__name__)
            await session.replies.send(Notice(w.FORGET_FAILED))
            return
        details = w.forget_details(counts)
        await session.replies.send(Notice(
            w.FORGET_DONE.format(details=details) if details else w.FORGET_NOTHING))

    async def forget(self, session: Session) -> dict[str, int]:
        """Delete everything about the user of this turn; returns counts per table."""
        turn = session.turn
        # Rows of Bot Framework's UserState from earlier versions (nothing writes them now).
        keys = [user_state_key(turn.channel, turn.user_id or "")]
        personal_key = None
        if turn.scope is Scope.PERSONAL:
            keys.append(state_key_of(turn))
            personal_key = f"{turn.channel}:{turn.thread}"
        subject = privacy.Subject(user_key=user_key(turn.channel, turn.user_id or ""),
                                  state_keys=tuple(keys),
                                  personal_conversation_key=personal_key)
        counts = await privacy.forget_user(self.services.database.engine, subject)
        if personal_key is not None:  # the row is gone: nothing of this turn's copy is kept
            session.state.replace(None, None)
        else:
            # A shared conversation: forget_user rewrote its stored row (this teacher's
            # questions are gone from it). Carry on from that row, not from the copy this
            # turn read before, or saving the turn would lose an eTag race against ourselves.
            await self.services.conversations.reload(state_key_of(turn), session.state)
            Pending().close(session.state, subject.user_key)
        log.info("event=forget_done %s", " ".join(f"{k}={v}" for k, v in counts.items()))
        return counts
