"""Proactive sends: a view posted to an :class:`~bot.core.address.Address` outside any turn.

The weekly tips and "stuur tip" post through an ``Outbox``; each channel implements it
(``bot.channels.botframework_outbox`` for Teams and Web Chat, ``bot.slack.replies`` for
Slack). A :class:`ChannelOutbox` posts every address through its own channel's outbox.
"""

from __future__ import annotations

from collections.abc import Mapping
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


class ChannelOutbox:
    """Posts each address through the outbox of its channel, ``default`` for the others."""

    def __init__(self, default: Outbox, by_channel: Mapping[str, Outbox]) -> None:
        self.default = default
        self.by_channel = dict(by_channel)

    def outbox_for(self, channel: str) -> Outbox:
        return self.by_channel.get(channel, self.default)

    async def post(self, address: Address, view: View) -> None:
        await self.outbox_for(address.channel).post(address, view)
