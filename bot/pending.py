"""The one question the bot is waiting for a typed answer to (outside any dialog).

When the bot asks something with buttons ("Weet je het zeker?" after "vergeet mij", "Wat klopt
er niet?" after 👎, "Mag ik dit bewaren?"), a teacher may just as well type the answer. The
question is remembered in conversation state, together with who was asked (in a channel
only that teacher's reply counts) and when (an answer hours later is a new message).
``take`` hands it out once: whatever the reply is, the question is then closed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from pydantic import BaseModel, ValidationError

PROPERTY = "BlendbotPending"
MAX_AGE = timedelta(minutes=30)

#: Kinds of pending questions.
FORGET = "forget"
"""Confirm "vergeet mij"; answered by yes/no."""
WHAT_WAS_WRONG = "what_was_wrong"
"""Optional free text after 👎; ``data`` holds the card id."""
KEEP_COMMENT = "keep_comment"
"""May the comment be kept? ``data`` holds the card id and the comment text."""


class PendingQuestion(BaseModel):
    kind: str
    user: str
    at: datetime
    data: dict[str, Any] = {}


class Pending:
    """Remember, read and close the pending question of a conversation."""

    def __init__(self, conversation_state: ConversationState) -> None:
        self.property = conversation_state.create_property(PROPERTY)

    async def ask(self, turn_context: TurnContext, kind: str, user: str,
                  **data: Any) -> None:
        question = PendingQuestion(kind=kind, user=user, at=datetime.now(UTC), data=data)
        await self.property.set(turn_context, question.model_dump(mode="json"))

    async def peek(self, turn_context: TurnContext, user: str) -> PendingQuestion | None:
        """The open question if it was put to ``user`` and is still fresh."""
        raw = await self.property.get(turn_context, None)
        if not isinstance(raw, dict):
            return None
        try:
            question = PendingQuestion.model_validate(raw)
        except ValidationError:
            await self.property.delete(turn_context)
            return None
        if datetime.now(UTC) - question.at > MAX_AGE:
            await self.property.delete(turn_context)
            return None
        return question if question.user == user else None

    async def take(self, turn_context: TurnContext, user: str) -> PendingQuestion | None:
        """Like ``peek``, and close the question (a colleague's stays open)."""
        question = await self.peek(turn_context, user)
        if question is not None:
            await self.property.delete(turn_context)
        return question

    async def close(self, turn_context: TurnContext, user: str) -> None:
        await self.take(turn_context, user)
