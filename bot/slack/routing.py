"""One adapter for proactive messages on every channel (weekly tips).

A stored conversation reference knows its channel; ``ChannelRouter.continue_conversation``
hands it to the adapter of that channel (Slack references to the Slack adapter, everything
else to the Bot Framework CloudAdapter). Turns themselves always run on the target adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference, ResourceResponse


class ChannelRouter(BotAdapter):
    def __init__(self, default: BotAdapter, by_channel: Mapping[str, BotAdapter]) -> None:
        super().__init__()
        self.default = default
        self.by_channel = dict(by_channel)

    def adapter_for(self, channel_id: str | None) -> BotAdapter:
        return self.by_channel.get(channel_id or "", self.default)

    async def continue_conversation(self, reference: ConversationReference, callback: Callable,
                                    bot_id: str | None = None, claims_identity: Any = None,
                                    audience: str | None = None) -> Any:
        adapter = self.adapter_for(reference.channel_id)
        return await adapter.continue_conversation(reference, callback, bot_id,
                                                   claims_identity, audience)

    async def send_activities(self, context: TurnContext,
                              activities: list[Activity]) -> list[ResourceResponse]:
        return await self.adapter_for(context.activity.channel_id).send_activities(
            context, activities)

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        return await self.adapter_for(context.activity.channel_id).update_activity(
            context, activity)

    async def delete_activity(self, context: TurnContext,
                              reference: ConversationReference) -> Any:
        return await self.adapter_for(context.activity.channel_id).delete_activity(
            context, reference)


def proactive_adapter(app: web.Application) -> BotAdapter:
    """The adapter tips should use: the CloudAdapter, plus Slack when it is configured."""
    from bot.app import ADAPTER_KEY
    from bot.slack.routes import SLACK_KEY
    from bot.slack.translate import CHANNEL

    default = app[ADAPTER_KEY]
    slack = app.get(SLACK_KEY)
    return ChannelRouter(default, {CHANNEL: slack.adapter}) if slack is not None else default
