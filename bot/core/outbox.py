"""Proactive sends: a view posted to an :class:`~bot.core.address.Address` outside any turn.

The weekly tips and "stuur tip" post through an ``Outbox``; each channel implements it
(``bot.channels.botframework_outbox`` for Teams, Web Chat and Slack through their adapters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.core.address import Address
    from bot.render.views import View


class Outbox(Protocol):
    async def post(self, address: Address, view: View) -> None:
        """Post ``view`` as a new message in the conversation at ``address``.

        Raises what the channel raised when it refused or could not be reached; the caller
        classifies it (``bot.tips.delivery_types.send_error``).
        """
        ...


@dataclass
class CollectingOutbox:
    """Keeps what was posted, for tests."""

    posted: list[tuple[Address, View]] = field(default_factory=list)

    async def post(self, address: Address, view: View) -> None:
        self.posted.append((address, view))
