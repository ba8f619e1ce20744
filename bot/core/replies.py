"""The way back: a feature answers a :class:`~bot.core.turn.Turn` through a ``Replies``.

Each channel adapter implements it by rendering the view for its target (Adaptive Card,
Block Kit, text). :class:`CollectingReplies` keeps the views, for tests and for callers that
want to look at an answer before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.render.views import View


class Replies(Protocol):
    #: The channel shows cards (images, buttons) and can replace a tapped card.
    shows_cards: bool

    async def send(self, view: View) -> str | None:
        """Show ``view`` in the turn's conversation; the id of the sent message, if known."""
        ...

    async def update(self, message_id: str, view: View) -> None:
        """Replace an earlier sent message (a card after a tap) by ``view``."""
        ...

    async def replace_tapped(self, view: View) -> bool:
        """Show ``view`` instead of the card whose button started this turn; False when the
        channel cannot (a text channel, or no card was tapped)."""
        ...


@dataclass
class CollectingReplies:
    """Keeps what a feature answered, in order, instead of sending it."""

    sent: list[View] = field(default_factory=list)
    updated: list[tuple[str, View]] = field(default_factory=list)
    replaced: list[View] = field(default_factory=list)
    shows_cards: bool = True

    async def send(self, view: View) -> str | None:
        self.sent.append(view)
        return f"collected-{len(self.sent)}"

    async def update(self, message_id: str, view: View) -> None:
        self.updated.append((message_id, view))

    async def replace_tapped(self, view: View) -> bool:
        if not self.shows_cards:
            return False
        self.replaced.append(view)
        return True
