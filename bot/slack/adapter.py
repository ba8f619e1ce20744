"""A thin Bot Framework adapter for Slack: Slack events in, Web API calls out.

Incoming Events API messages and ``block_actions`` clicks become message activities on the
``slack`` channel (``bot.slack.translate``), so the one ``BlendBot`` handler serves them; the
bot joining a channel or a teacher opening its DM become a conversationUpdate (the welcome).
Outgoing message activities are posted with ``chat.postMessage`` in the thread they belong
to (Block Kit from ``bot.render.slack``); ``update_activity`` is ``chat.update``, so the
feedback buttons turn into a thank-you on the same message, as in Teams.
``continue_conversation`` (from ``BotAdapter``) lets weekly tips reach Slack conversations.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import aiohttp
from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference, ResourceResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.outgoing import blocks_for
from bot.slack.translate import Address
from bot.tips.throttle import SendError, parse_retry_after

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

#: Slack error codes that mean: this conversation is gone for us (end tip subscriptions).
GONE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived",
                         "account_inactive", "user_disabled", "cannot_dm_bot",
                         "team_access_not_granted", "token_revoked", "invalid_auth"})


def send_error(error: SlackApiError) -> SendError:
    """A Web API failure as the ``SendError`` the tips delivery understands."""
    code = str(error.response.get("error", "unknown")) if error.response else "unknown"
    status = getattr(error.response, "status_code", 0) or 0
    if status == 429 or code == "ratelimited":
        headers = getattr(error.response, "headers", None) or {}
        retry = headers.get("Retry-After") or headers.get("retry-after")
        return SendError(429, f"slack {code}", parse_retry_after(retry))
    if code in GONE_ERRORS:
        return SendError(404, f"slack {code}")
    return SendError(status if status >= 400 else 400, f"slack {code}")


class SlackAdapter(BotAdapter):
    """Posts a turn's replies to Slack through the Web API."""

    def __init__(self, client: AsyncWebClient,
                 on_turn_error: Callable[[TurnContext, Exception], Awaitable[None]] | None = None
                 ) -> None:
        super().__init__(on_turn_error)
        self.client = client

    async def process_activity(self, activity: Activity,
                               logic: Callable[[TurnContext], Awaitable[None]]) -> None:
        """Run one turn for an activity built by ``bot.slack.translate``."""
        await self.run_pipeline(TurnContext(self, activity), logic)

    async def send_activities(self, context: TurnContext,
                              activities: list[Activity]) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for activity in activities:
            if activity.type != ActivityTypes.message:  # typing, delay, traces: nothing to post
                responses.append(ResourceResponse(id=""))
                continue
            address = Address.parse(activity.conversation.id if activity.conversation else "")
            text, blocks = blocks_for(activity)
            try:
                result = await self.client.chat_postMessage(
                    channel=address.channel, thread_ts=address.thread_ts, text=text or " ",
                    blocks=blocks or None, unfurl_links=False, unfurl_media=False)
            except SlackApiError as exc:
                raise send_error(exc) from exc
            ts = str(result.get("ts") or "")
            log.info("event=slack_posted channel=%s threaded=%s blocks=%d",
                     address.channel, address.thread_ts is not None, len(blocks))
            responses.append(ResourceResponse(id=ts))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        address = Address.parse(activity.conversation.id if activity.conversation else "")
        text, blocks = blocks_for(activity)
        try:
            await self.client.chat_update(channel=address.channel, ts=activity.id,
                                          text=text or " ", blocks=blocks)
        except SlackApiError as exc:
            raise send_error(exc) from exc
        return ResourceResponse(id=activity.id)

    async def delete_activity(self, context: TurnContext,
                              reference: ConversationReference) -> None:
        address = Address.parse(reference.conversation.id if reference.conversation else "")
        try:
            await self.client.chat_delete(channel=address.channel, ts=reference.activity_id)
        except SlackApiError as exc:
            raise send_error(exc) from exc


def web_client(token: str, api_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    base = api_url if api_url.endswith("/") else f"{api_url}/"
    return AsyncWebClient(token=token, base_url=base, session=session)


def slack_adapter(settings: Settings, session: aiohttp.ClientSession,
                  on_turn_error: Any = None) -> SlackAdapter:
    """The Slack adapter from settings (the app's, and ``blendbot tips send``'s)."""
    client = web_client(settings.slack_bot_token, settings.slack_api_url, session)
    return SlackAdapter(client, on_turn_error)
