"""The 👍/👎 buttons under an answer card: store the vote once and thank the teacher.

Split from ``bot.answers`` so that answering and feedback can change independently. Only the
asker's own 👎 keeps their question text (under their pseudonymous key, so "vergeet mij"
finds it).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.answers import identity
from bot.core.session import Session
from bot.logging_setup import kv
from bot.render import wording
from bot.render.views import Notice

if TYPE_CHECKING:
    from bot.answers import Answerer

log = logging.getLogger(__name__)


def _unit_interval(value: object) -> float | None:
    """A button's confidence clamped to [0, 1]; anything else (huge ints, NaN, text) is None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return min(max(number, 0.0), 1.0) if math.isfinite(number) else None


class Feedback:
    """Handles the feedback buttons; uses the answerer for cards and conversation memory."""

    def __init__(self, answers: Answerer,
                 on_not_helpful: Callable[[Session, str], Awaitable[None]] | None = None
                 ) -> None:
        self.answers = answers
        self.services = answers.services
        self.on_not_helpful = on_not_helpful
        """Called with the card id after a stored 👎 (the optional "wat klopt er niet?")."""

    async def on_feedback(self, session: Session, value: dict[str, Any]) -> None:
        """Store 👍/👎 once per card message and replace the buttons by a thank-you."""
        answers = self.answers
        card, helpful = answers._card(value.get("card")), value.get("helpful")
        confidence = value.get("confidence")
        if card is None or not isinstance(helpful, bool):
            await session.replies.send(Notice(wording.UNKNOWN_BUTTON))
            return
        confidence = _unit_interval(confidence)
        user, conversation = identity(session.turn)
        stored = await self.services.feedback.record(
            user_key=user, conversation_key=conversation, card_id=card.id,
            confidence=confidence, helpful=helpful, activity_id=session.turn.reply_to_id)
        log.info("event=feedback %s", kv(card=card.id, helpful=helpful, stored=stored))
        if not stored:
            await session.replies.send(Notice(wording.FEEDBACK_ALREADY))
            return
        memo = answers.memory.recall(session.state, value.get("ref"))
        # Only the asker's own 👎 keeps their text (under their key, so "vergeet mij" finds
        # it); a colleague clicking in a channel must not file someone else's question.
        if not helpful and memo is not None and memo.asker == user:
            await self.services.events.keep_question(
                user_key=user, text=memo.text, card_id=card.id, reason="niet_behulpzaam")
        c = memo.result() if memo is not None else None
        shown = c if c is not None and c.card == card.id else None
        updated = answers.answer_view(
            card, shown, value.get("ref"), feedback_given=True, score=confidence,
            quotes=memo.quotes if memo is not None and shown is not None else None)
        # The card gets its thank-you instead of the buttons (an Action.Execute: in the
        # invoke response); a text channel gets the thank-you as a message.
        if not await session.replies.replace_tapped(updated):
            await session.replies.send(Notice(wording.FEEDBACK_THANKS))
        if not helpful and self.on_not_helpful is not None:
            await self.on_not_helpful(session, card.id)
