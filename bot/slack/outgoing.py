"""Slack messages on their way out: a view as Block Kit, posted or updated with the Web API.

Every view has its own Block Kit (``bot.render.slack``); the text that goes with the blocks
is the view's plain text, for notifications and screen readers. ``chat.postMessage`` posts
in the conversation's thread (none at the top level); ``chat.update`` replaces a message,
so the feedback buttons turn into a thank-you on the same message, as in Teams. A Web API
failure is raised as the :class:`~bot.tips.throttle.SendError` the tips delivery classifies.
"""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.render import text
from bot.render.slack import Block, fallback_text, render
from bot.render.views import View
from bot.slack.conversation import SlackConversation
from bot.tips.throttle import SendError, parse_retry_after

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


def message_for(view: View) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of ``view``: a notice without buttons is its sections only."""
    return fallback_text(text.render(view).text), render(view)


def web_client(token: str, api_url: str, session: aiohttp.ClientSession) -> AsyncWebClient:
    base = api_url if api_url.endswith("/") else f"{api_url}/"
    return AsyncWebClient(token=token, base_url=base, session=session)


class SlackPoster:
    """Posts and updates views through one Web API client."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, where: SlackConversation, view: View) -> str | None:
        """Post ``view`` in ``where`` (its thread, if any); the new message's ts."""
        fallback, blocks = message_for(view)
        try:
            result = await self.client.chat_postMessage(
                channel=where.channel, thread_ts=where.thread_ts, text=fallback or " ",
                blocks=blocks or None, unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            raise send_error(exc) from exc
        log.info("event=slack_posted channel=%s threaded=%s blocks=%d",
                 where.channel, where.thread_ts is not None, len(blocks))
        return str(result.get("ts") or "") or None

    async def update(self, where: SlackConversation, ts: str, view: View) -> None:
        """Replace the message ``ts`` in ``where``'s channel by ``view``."""
        fallback, blocks = message_for(view)
        try:
            await self.client.chat_update(channel=where.channel, ts=ts, text=fallback or " ",
                                          blocks=blocks)
        except SlackApiError as exc:
            raise send_error(exc) from exc
