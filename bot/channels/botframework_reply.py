"""A view as the Bot Framework activity botbuilder sends: the protocol message that
:mod:`bot.wire.outgoing` writes (cards for Teams, Web Chat and the Emulator; Markdown with
``messageBack`` suggested actions for text-only channels), as an ``Activity``. Both Teams
adapters send exactly the same messages because they share that one writer.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.render.views import View
from bot.wire import outgoing
from bot.wire.outgoing import TEXT_CHANNELS, shows_cards

__all__ = ["TEXT_CHANNELS", "card_of", "card_reply", "send", "supports_cards",
           "supports_update", "to_activity"]


def supports_cards(channel_id: str | None) -> bool:
    return shows_cards(channel_id)


def supports_update(channel_id: str | None) -> bool:
    return shows_cards(channel_id)


def to_activity(view: View, channel_id: str | None) -> Activity:
    """The outgoing message activity for ``view`` on ``channel_id``."""
    return Activity.deserialize(outgoing.message_json(view, channel_id))


def card_of(activity: Activity) -> dict | None:
    """The Adaptive Card content of an outgoing activity, if it has one."""
    return outgoing.card_of(activity.serialize())


async def send(turn_context: TurnContext, view: View) -> None:
    """Send ``view`` in this turn, rendered for the turn's channel."""
    await turn_context.send_activity(to_activity(view, turn_context.activity.channel_id))


def card_reply(messages: list[Activity]) -> tuple[dict[str, Any] | None, list[Activity]]:
    """:func:`bot.wire.outgoing.card_reply` over activities: the card that replaces the
    clicked one, and the activities still to send (the same objects, in order)."""
    wire = [m.serialize() for m in messages]
    card, rest = outgoing.card_reply(wire)
    by_id = {id(w): m for w, m in zip(wire, messages, strict=True)}
    return card, [by_id[id(w)] for w in rest]
