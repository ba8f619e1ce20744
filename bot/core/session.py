"""One turn in progress, as every feature gets it: what came in, the way back, the state.

The channel edge makes a :class:`Session` per turn: the :class:`~bot.core.turn.Turn` it read
from its platform's event, the :class:`~bot.core.replies.Replies` that answer there, and the
conversation's :class:`~bot.core.state.ConversationData`, loaded before the turn and saved
after it. Features take a session and never a platform type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bot.core.outbox import Outbox
from bot.core.replies import Replies
from bot.core.state import ConversationData
from bot.core.turn import Turn


@dataclass(slots=True)
class Session:
    turn: Turn
    replies: Replies
    state: ConversationData
    outbox: Outbox | None = None
    """Messages to other conversations ("stuur tip"), where the channel can post them."""

    def with_turn(self, **changes: Any) -> Session:
        """The same session for a turn read differently (a Universal Action's data)."""
        return Session(replace(self.turn, **changes), self.replies, self.state, self.outbox)
