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

from pydantic import BaseModel, ValidationError

from bot.core.state import ConversationData

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

    def ask(self, state: ConversationData, kind: str, user: str, **data: Any) -> None:
        question = PendingQuestion(kind=kind, user=user, at=datetime.now(UTC), data=data)
        state.set(PROPERTY, question.model_dump(mode="json"))

    def peek(self, state: ConversationData, user: str) -> PendingQuestion | None:
        """The open question if it was put to ``user`` and is still fresh."""
        raw = state.get(PROPERTY)
        if not isinstance(raw, dict):
            return None
        try:
            question = PendingQuestion.model_validate(raw)
        except ValidationError:
            state.delete(PROPERTY)
            return None
        if datetime.now(UTC) - question.at > MAX_AGE:
            state.delete(PROPERTY)
            return None
        return question if question.user == user else None

    def take(self, state: ConversationData, user: str) -> PendingQuestion | None:
        """Like ``peek``, and close the question (a colleague's stays open)."""
        question = self.peek(state, user)
        if question is not None:
            state.delete(PROPERTY)
        return question

    def close(self, state: ConversationData, user: str) -> None:
        self.take(state, user)
