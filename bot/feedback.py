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

from botbuilder.core import TurnContext
from botbuilder.schema import ActivityTypes

from bot.answers import UPDATED_CARD, identity
from bot.channels import botframework_reply as reply
from bot.channels.botframework_reply import send
from bot.logging_setup import kv
from bot.render import adaptive, wording
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
                 on_not_helpful: Callable[[TurnContext, str], Awaitable[None]] | None = None
                 ) -> None:
        self.answers = answers
        self.services = answers.services
        self.on_not_helpful = on_not_helpful
        """Called with the card id after a stored 👎 (the optional "wat klopt er niet?")."""

    async def on_feedback(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        """Store 👍/👎 once per card message and replace the buttons by a thank-you."""
        answers = self.answers
        card, helpful = answers._card(value.get("card")), value.get("helpful")
        confidence = value.get("confidence")
        if card is None or not isinstance(helpful, bool):
            await send(turn_context, Notice(wording.UNKNOWN_BUTTON))
            return
        confidence = _unit_interval(confidence)
        activity = turn_context.activity
        user, conversation = identity(turn_context)
        stored = await self.services.feedback.record(
            user_key=user, conversation_key=conversation, card_id=card.id,
            confidence=confidence, helpful=helpful, activity_id=activity.reply_to_id)
        log.info("event=feedback %s", kv(card=card.id, helpful=helpful, stored=stored))
        if not stored:
            await send(turn_context, Notice(wording.FEEDBACK_ALREADY))
            return
        memo = await answers.memory.recall(turn_context, value.get("ref"))
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
        if activity.type == ActivityTypes.invoke:  # Action.Execute: the response replaces it
            turn_context.turn_state[UPDATED_CARD] = adaptive.render(updated)
        elif activity.reply_to_id and reply.supports_update(activity.channel_id):
            message = reply.to_activity(updated, activity.channel_id)
            message.id = activity.reply_to_id
            await turn_context.update_activity(message)
        else:
            await send(turn_context, Notice(wording.FEEDBACK_THANKS))
        if not helpful and self.on_not_helpful is not None:
            await self.on_not_helpful(turn_context, card.id)
