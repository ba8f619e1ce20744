"""One Slack turn on the router, inside its conversation's state, like ``bot.terminal``.

The turn's thread has its own state row (``slack/conversations/<team>:<channel>[;messageid=
<ts>]``), loaded before and saved after the router's step under its eTag
(:func:`~bot.storage.turn_state.run_turn_with_state`). A failing turn is logged without any
teacher text; a message turn gets the same Dutch apology as on Teams, a turn whose answer went
out before another replica changed the state gets the conflict notice, and a state row that
made the turn fail (``is_corrupt_state``) is deleted, so the next turn starts afresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.core.outbox import Outbox
from bot.core.session import Session
from bot.core.state import ConversationData
from bot.render.views import Notice
from bot.slack.conversation import CHANNEL, Kind, SlackTurn
from bot.slack.outgoing import SlackPoster
from bot.slack.replies import SlackReplies
from bot.storage.conversation_store import state_key_of
from bot.storage.turn_state import run_turn_with_state
from bot.tips import turns as tips
from bot.turn_errors import APOLOGY, handle_turn_failure

if TYPE_CHECKING:
    from bot.router import Router
    from bot.services import BotServices


Step = Callable[[Session], Awaitable[None]]


class SlackTurns:
    """Runs Slack turns on ``router``; replies through ``poster``, proactive posts
    ("stuur tip") through ``outbox``."""

    def __init__(self, services: BotServices, router: Router, poster: SlackPoster,
                 outbox: Outbox | None = None) -> None:
        self.services = services
        self.router = router
        self.poster = poster
        self.outbox = outbox

    def step(self, kind: Kind) -> Step:
        if kind is Kind.WELCOME:
            return self.router.welcome
        if kind is Kind.REMOVED:
            return self.router.bot_removed
        return self.router.on_message

    async def run(self, incoming: SlackTurn) -> None:
        """Run the turn; a failure is handled here (logged, apologised for), never raised."""
        turn = incoming.turn
        replies = SlackReplies(self.poster, incoming.where, turn.reply_to_id)
        key = state_key_of(turn)
        step = self.step(incoming.kind)

        async def with_state(state: ConversationData) -> None:
            await step(Session(turn, replies, state, self.outbox))

        try:
            await tips.observe(self.services, turn.address)  # a look-up unless it moved
            await run_turn_with_state(self.services.conversations, key, with_state,
                                      lambda: replies.sent > 0)
        except Exception as error:
            await self.failed(incoming, replies, key, error)

    async def failed(self, incoming: SlackTurn, replies: SlackReplies, key: str,
                     error: Exception) -> None:
        """Log (no texts), repair a corrupt state, and tell the teacher in Dutch."""

        async def say(text: str) -> None:
            await replies.send(Notice(text))

        async def apologise() -> None:
            if incoming.kind is Kind.MESSAGE:  # a welcome or a removal gets no apology
                await say(APOLOGY)

        await handle_turn_failure(
            error, responded=replies.sent > 0, conversations=self.services.conversations,
            state_key=key, say=say, apologise=apologise,
            turn=incoming.kind.value, channel=CHANNEL)
