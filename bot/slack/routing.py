"""One adapter for proactive messages on every channel (weekly tips).

A stored conversation reference knows its channel; ``ChannelRouter.continue_conversation``
hands it to the adapter of that channel (Slack references to the Slack adapter, everything
else to the Bot Framework CloudAdapter). Turns themselves always run on the target adapter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference, ResourceResponse

from bot.channels.botframework_adapter import close_adapter, create_adapter
from bot.keys import ADAPTER_KEY, SLACK_KEY
from bot.slack.adapter import slack_adapter
from bot.slack.translate import CHANNEL
from bot.tips.throttle import SendError

if TYPE_CHECKING:
    from bot.settings import Settings


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


class SlackNotConfigured(BotAdapter):
    """Stands in for Slack when it is not configured: each send fails with a clear reason."""

    async def continue_conversation(self, *args: Any, **kwargs: Any) -> Any:
        raise SendError(-1, "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)")

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> Any:
        return await self.continue_conversation()

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        return await self.continue_conversation()

    async def delete_activity(self, context: TurnContext,
                              reference: ConversationReference) -> Any:
        return await self.continue_conversation()


def proactive_router(default: BotAdapter, slack: BotAdapter | None) -> BotAdapter:
    """The sender for tips: Slack references to ``slack``, everything else to ``default``.

    The app and ``blendbot tips send`` both build their sender here. Without Slack settings,
    Slack subscriptions fail with a clear reason (and are tried again by the next run).
    """
    return ChannelRouter(default, {CHANNEL: slack or SlackNotConfigured()})


def proactive_adapter(app: web.Application) -> BotAdapter:
    """The running app's sender: its CloudAdapter, plus its Slack adapter when configured."""
    slack = app.get(SLACK_KEY)
    return proactive_router(app[ADAPTER_KEY], slack.adapter if slack is not None else None)


@asynccontextmanager
async def open_proactive_adapter(settings: Settings) -> AsyncIterator[BotAdapter]:
    """The same sender without the app (``blendbot tips send``), built from ``settings``:
    the CloudAdapter, plus a Slack adapter when Slack is configured (as for the app)."""
    default = create_adapter(settings)
    try:
        if not settings.slack_enabled:
            yield proactive_router(default, None)
            return
        async with aiohttp.ClientSession() as session:
            yield proactive_router(default, slack_adapter(settings, session))
    finally:
        await close_adapter(default)
