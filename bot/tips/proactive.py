"""The outbox the weekly tips post through, on every channel.

A stored address knows its channel; a :class:`~bot.core.outbox.ChannelOutbox` posts a Slack
address through Slack's Web API (``bot.slack.replies.SlackOutbox``) and every other address
through Bot Framework (``continue_conversation`` on the CloudAdapter). Without Slack
settings, Slack subscriptions fail with a clear reason (and are tried again by the next run).
The app (the scheduler) and ``blendbot tips send`` both build their outbox here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

from bot.channels.botframework_adapter import close_adapter, create_adapter
from bot.channels.botframework_outbox import AdapterOutbox
from bot.core.outbox import ChannelOutbox, Outbox
from bot.keys import ADAPTER_KEY, AGENTS_KEY, SERVICES_KEY, SLACK_KEY
from bot.slack.conversation import CHANNEL as SLACK
from bot.slack.outgoing import SlackPoster, web_client
from bot.slack.replies import SlackNotConfigured, SlackOutbox

if TYPE_CHECKING:
    from bot.settings import Settings


def channel_outbox(bot_framework: Outbox, slack: Outbox | None) -> ChannelOutbox:
    """Slack addresses to ``slack``, everything else to ``bot_framework``."""
    return ChannelOutbox(bot_framework, {SLACK: slack or SlackNotConfigured()})


def proactive_outbox(app: web.Application) -> ChannelOutbox:
    """The running app's outbox: its Teams adapter (the Agents SDK's when
    BLENDBOT_TEAMS_SDK=agents, else botbuilder's CloudAdapter), plus its Slack channel when
    configured."""
    slack, agents = app.get(SLACK_KEY), app.get(AGENTS_KEY)
    teams: Outbox = (agents.outbox if agents is not None else
                     AdapterOutbox(app[ADAPTER_KEY], app[SERVICES_KEY].settings.app_id))
    return channel_outbox(teams, slack.outbox if slack is not None else None)


@asynccontextmanager
async def open_proactive_outbox(settings: Settings) -> AsyncIterator[ChannelOutbox]:
    """The same outbox without the app (``blendbot tips send``), built from ``settings``:
    the CloudAdapter, plus a Slack Web API client when Slack is configured."""
    adapter = create_adapter(settings)
    try:
        bot_framework: Outbox = AdapterOutbox(adapter, settings.app_id)
        if settings.teams_sdk == "agents":
            from bot.agents.endpoint import agents_outbox

            bot_framework = agents_outbox(settings)
        if not settings.slack_enabled:
            yield channel_outbox(bot_framework, None)
            return
        async with aiohttp.ClientSession() as session:
            client = web_client(settings.slack_bot_token, settings.slack_api_url, session)
            yield channel_outbox(bot_framework, SlackOutbox(SlackPoster(client)))
    finally:
        await close_adapter(adapter)
