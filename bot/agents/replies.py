""":class:`~bot.core.replies.Replies` over an Agents SDK ``TurnContext``.

In a Universal Action (``adaptiveCard/action`` invoke) the messages are kept instead of sent:
the invoke response carries the card that replaces the tapped one (see ``bot.agents.agent``).
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from bot.render import adaptive
from bot.render.views import View
from bot.wire import outgoing


def to_activity(message: dict[str, Any]) -> Activity:
    return Activity.model_validate(message)


def _transient(error: BaseException) -> bool:
    """A connector answer worth trying again: 429 or a server error (the SDK's client does
    not retry; botbuilder's msrest client retries these three times)."""
    status = getattr(error, "status", None)
    return isinstance(status, int) and (status == 429 or status >= 500)


#: One try and three retries on a transient failure, then the failure goes to the caller.
_retried = retry(retry=retry_if_exception(_transient), stop=stop_after_attempt(4),
                 wait=wait_exponential(multiplier=0.2, max=2), reraise=True)


@_retried
async def _send(context: TurnContext, activity: Activity) -> Any:
    return await context.send_activity(activity)


@_retried
async def _update(context: TurnContext, activity: Activity) -> Any:
    return await context.update_activity(activity)


class AgentReplies:
    def __init__(self, context: TurnContext, channel: str | None, reply_to_id: str | None, *,
                 invoked: bool = False) -> None:
        self.context = context
        self.channel = channel
        self.reply_to_id = reply_to_id
        self.invoked = invoked
        self.captured: list[dict[str, Any]] = []
        """The messages of an invoke turn, not sent yet."""
        self.replaced: dict[str, Any] | None = None
        """The card a feature put in place of the tapped one (an invoke turn)."""

    @property
    def shows_cards(self) -> bool:
        return outgoing.shows_cards(self.channel)

    async def send(self, view: View) -> str | None:
        message = outgoing.message_json(view, self.channel)
        if self.invoked:
            self.captured.append(message)
            return None
        response = await _send(self.context, to_activity(message))
        return response.id if response is not None else None

    async def update(self, message_id: str, view: View) -> None:
        activity = to_activity(outgoing.message_json(view, self.channel))
        activity.id = message_id
        await _update(self.context, activity)

    async def replace_tapped(self, view: View) -> bool:
        if self.invoked:
            self.replaced = adaptive.render(view)
            return True
        if not self.reply_to_id or not self.shows_cards:
            return False
        await self.update(self.reply_to_id, view)
        return True
