"""The typed ``web.AppKey``s of the aiohttp app, in one module that imports no other of ours.

Route modules, the tip scheduler and the Slack channel read what the app built from here,
so none of them has to import the composition root (``bot.app``) back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from botbuilder.core import Bot
    from botbuilder.integration.aiohttp import CloudAdapter

    from bot.agents.endpoint import AgentsEndpoint
    from bot.metrics import Metrics
    from bot.service_urls import ServiceUrlPolicy
    from bot.services import BotServices
    from bot.settings import Settings
    from bot.slack.channel import SlackChannel

SETTINGS_KEY: web.AppKey[Settings] = web.AppKey("settings")
SERVICES_KEY: web.AppKey[BotServices] = web.AppKey("services")
ADAPTER_KEY: web.AppKey[CloudAdapter] = web.AppKey("adapter")
BOT_KEY: web.AppKey[Bot] = web.AppKey("bot")
POLICY_KEY: web.AppKey[ServiceUrlPolicy] = web.AppKey("service_url_policy")
METRICS_KEY: web.AppKey[Metrics] = web.AppKey("metrics")
SLACK_KEY: web.AppKey[SlackChannel] = web.AppKey("slack")
#: Set when BLENDBOT_TEAMS_SDK=agents: /api/messages runs on the Microsoft 365 Agents SDK.
AGENTS_KEY: web.AppKey[AgentsEndpoint] = web.AppKey("agents_endpoint")
