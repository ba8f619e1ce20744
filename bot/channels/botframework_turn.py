"""A Bot Framework turn as our own :class:`~bot.core.turn.Turn`, and views sent back on it."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount

from bot.channels import botframework_incoming as incoming
from bot.channels.botframework_address import address_for, team_of
from bot.channels.botframework_reply import to_activity
from bot.core.turn import Turn
from bot.render import adaptive
from bot.render.views import View
from bot.storage.conversation_store import conversation_state_key
from bot.wire.outgoing import shows_cards

#: turn_state key under which ``replace_tapped`` leaves the card of an Action.Execute reply.
UPDATED_CARD = "blendbot.updated_card"


def state_key(activity: Activity) -> str:
    """The conversation-state key of the activity's thread (as ``state_key_of`` a turn)."""
    return conversation_state_key(activity.channel_id or "",
                                  activity.conversation.id if activity.conversation else "")


def turn_of(activity: Activity, max_chars: int) -> Turn:
    """The neutral turn of ``activity``: text without the bot mention, cut to ``max_chars``."""
    read = incoming.read_text(activity, max_chars)
    user = activity.from_property or ChannelAccount()
    value = incoming.submit_value(activity)
    return Turn(
        address=address_for(activity),
        text=read.text,
        value=value,
        user_id=user.id or None,
        user_name=user.name or None,
        directory_id=getattr(user, "aad_object_id", None) or None,
        team_id=team_of(activity),
        mentioned=read.mentioned,
        reply_to_id=activity.reply_to_id or None,
        thread_id=(activity.conversation.id or None) if activity.conversation else None,
        invoked=activity.type == ActivityTypes.invoke,
        truncated=read.truncated,
    )


class ContextReplies:
    """:class:`~bot.core.replies.Replies` over a Bot Framework ``TurnContext``."""

    def __init__(self, turn_context: TurnContext) -> None:
        self.turn_context = turn_context

    @property
    def channel(self) -> str | None:
        return self.turn_context.activity.channel_id

    @property
    def shows_cards(self) -> bool:
        return shows_cards(self.channel)

    async def send(self, view: View) -> str | None:
        response = await self.turn_context.send_activity(to_activity(view, self.channel))
        return response.id if response is not None else None

    async def update(self, message_id: str, view: View) -> None:
        activity = to_activity(view, self.channel)
        activity.id = message_id
        await self.turn_context.update_activity(activity)

    async def replace_tapped(self, view: View) -> bool:
        activity = self.turn_context.activity
        if activity.type == ActivityTypes.invoke:  # the invoke response carries the card
            self.turn_context.turn_state[UPDATED_CARD] = adaptive.render(view)
            return True
        if not activity.reply_to_id or not self.shows_cards:
            return False
        await self.update(activity.reply_to_id, view)
        return True
