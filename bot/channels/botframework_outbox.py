"""The Bot Framework :class:`~bot.core.outbox.Outbox`: ``continue_conversation`` on an adapter.

The adapter is the app's own (a turn's, or the CloudAdapter the weekly tips post through:
``bot.tips.proactive`` sends Slack addresses to Slack's own outbox instead), so a tip goes
out the way that channel's replies do.
"""

from __future__ import annotations

from botbuilder.core import BotAdapter, TurnContext

from bot.channels.botframework_address import reference_of
from bot.channels.botframework_reply import to_activity
from bot.core.address import Address
from bot.render.views import View


class AdapterOutbox:
    def __init__(self, adapter: BotAdapter, bot_app_id: str) -> None:
        self.adapter = adapter
        self.bot_app_id = bot_app_id

    async def post(self, address: Address, view: View) -> None:
        activity = to_activity(view, address.channel)
        failure: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            context.activity.id = None  # a new post, not a reply to the continuation event
            try:
                await context.send_activity(activity)
            except Exception as exc:  # noqa: BLE001 - re-raised below, outside the adapter
                failure.append(exc)

        await self.adapter.continue_conversation(reference_of(address), callback,
                                                 self.bot_app_id)
        if failure:
            raise failure[0]
