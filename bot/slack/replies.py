"""Slack's way back: :class:`~bot.core.replies.Replies` in a turn, an
:class:`~bot.core.outbox.Outbox` for proactive posts (weekly tips, "stuur tip").

A turn's replies go to the turn's thread; a proactive post goes to the top level of the
address's conversation (an address has no thread), so a weekly tip is a new post.
"""

from __future__ import annotations

from bot.core.address import Address
from bot.render.views import View
from bot.slack.conversation import SlackConversation
from bot.slack.outgoing import SlackPoster
from bot.tips.throttle import SendError

NOT_CONFIGURED = "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)"


class SlackReplies:
    """Posts a turn's views in its thread; a tapped message is updated with ``chat.update``."""

    shows_cards = True

    def __init__(self, poster: SlackPoster, where: SlackConversation,
                 reply_to_id: str | None = None) -> None:
        self.poster = poster
        self.where = where
        self.reply_to_id = reply_to_id
        self.sent = 0
        """Messages posted in this turn (an update of an earlier one does not count)."""

    async def send(self, view: View) -> str | None:
        ts = await self.poster.post(self.where, view)
        self.sent += 1
        return ts

    async def update(self, message_id: str, view: View) -> None:
        await self.poster.update(self.where, message_id, view)

    async def replace_tapped(self, view: View) -> bool:
        if not self.reply_to_id:
            return False
        await self.update(self.reply_to_id, view)
        return True


class SlackOutbox:
    """Posts a view at the top level of a Slack address's conversation."""

    def __init__(self, poster: SlackPoster) -> None:
        self.poster = poster

    async def post(self, address: Address, view: View) -> None:
        await self.poster.post(SlackConversation.parse(address.conversation_id), view)


class SlackNotConfigured:
    """Stands in for Slack when it is not configured: each post fails with a clear reason
    (the delivery tries that subscription again next run)."""

    async def post(self, address: Address, view: View) -> None:
        raise SendError(-1, NOT_CONFIGURED)
