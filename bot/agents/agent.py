"""Blendbot as an Agents SDK agent: ``on_turn`` reads the activity as protocol JSON, runs
the turn on its conversation state and maps Teams' kinds of turn onto the router.

- a message (typed or a tapped ``Action.Submit``) → ``Router.on_message``;
- ``adaptiveCard/action`` (Universal Actions) → the same submit; the invoke response is the
  card that replaces the tapped one (or, for a reply of texts only, a message response);
- ``composeExtension/query`` → the compose-box search;
- the bot added or installed → the welcome; removed or uninstalled → ``bot_removed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.agents.replies import AgentReplies, to_activity
from bot.channels.teams_compose import compose_response
from bot.core.session import Session
from bot.core.state import ConversationData
from bot.digicoach.search import on_query
from bot.render import adaptive, wording
from bot.router import Router
from bot.storage.conversation_store import conversation_state_key
from bot.storage.turn_state import run_turn_with_state
from bot.tips import turns as tips
from bot.wire import incoming, outgoing

if TYPE_CHECKING:
    from bot.core.outbox import Outbox
    from bot.services import BotServices

ADD_ACTIONS = frozenset({"add", "add-upgrade"})
REMOVE_ACTIONS = frozenset({"remove", "remove-upgrade"})


def state_key(data: dict[str, Any]) -> str:
    """The conversation-state key of an activity's thread (as ``state_key_of`` a turn)."""
    return conversation_state_key(data.get("channelId") or "",
                                  (data.get("conversation") or {}).get("id") or "")


def activity_json(activity: Activity) -> dict[str, Any]:
    return activity.model_dump(mode="json", by_alias=True, exclude_none=True)


async def send_invoke_response(context: TurnContext, status: int, body: Any) -> None:
    await context.send_activity(Activity(type="invokeResponse",
                                         value={"status": status, "body": body}))


class BlendAgent:
    """The Agents SDK face of :class:`~bot.router.Router`."""

    def __init__(self, services: BotServices, router: Router | None = None,
                 outbox: Outbox | None = None) -> None:
        self.services = services
        self.router = router or Router(services)
        self.outbox = outbox

    async def on_turn(self, context: TurnContext) -> None:
        data = activity_json(context.activity)
        await tips.observe(self.services, incoming.address_of(data))
        key = state_key(data)

        async def with_state(state: ConversationData) -> None:
            await self._dispatch(context, data, state)

        await run_turn_with_state(self.services.conversations, key, with_state,
                                  lambda: context.responded)

    def _session(self, context: TurnContext, data: dict[str, Any],
                 state: ConversationData) -> tuple[Session, AgentReplies]:
        turn = incoming.turn_of(data, self.services.settings.max_text_chars)
        replies = AgentReplies(context, turn.channel, turn.reply_to_id, invoked=turn.invoked)
        return Session(turn, replies, state, self.outbox), replies

    async def _dispatch(self, context: TurnContext, data: dict[str, Any],
                        state: ConversationData) -> None:
        kind, name = data.get("type"), data.get("name")
        session, replies = self._session(context, data, state)
        if kind == "message":
            if session.turn.value is None and not incoming.addressed_to_bot(data):
                return  # a channel message for someone else
            await self.router.on_message(session)
        elif kind == "invoke" and name == "adaptiveCard/action":
            problem = incoming.execute_problem(data)
            if problem is not None:  # as botbuilder answers it: the request is the problem
                await send_invoke_response(context, 400, problem)
                return
            await self._universal_action(context, session.with_turn(
                value=incoming.execute_value(data)), replies)
        elif kind == "invoke" and name == "composeExtension/query":
            found = await on_query(self.services, data.get("value"))
            await send_invoke_response(context, 200, compose_response(found))
        elif kind == "conversationUpdate":
            if incoming.includes_bot(data.get("membersAdded"), data):
                await self.router.welcome(session)
            if incoming.includes_bot(data.get("membersRemoved"), data):
                await self.router.bot_removed(session)
        elif kind == "installationUpdate" and data.get("action") in ADD_ACTIONS:
            await self.router.welcome(session)
        elif kind == "installationUpdate" and data.get("action") in REMOVE_ACTIONS:
            await self.router.bot_removed(session)

    async def _universal_action(self, context: TurnContext, session: Session,
                                replies: AgentReplies) -> None:
        """The tap as a submit; the response replaces the tapped card (as on botbuilder:
        the card a feature replaced it by, else the reply's first card with its preface)."""
        value = dict(session.turn.value or {})
        await self.router.on_submit(session, value)
        card, rest = replies.replaced, replies.captured
        if card is None:
            card, rest = outgoing.card_reply(replies.captured)
        if card is None:  # only texts: shown to the one who tapped, the card stays
            said = "\n\n".join(m["text"] for m in replies.captured if m.get("text"))
            await send_invoke_response(context, 200, {
                "statusCode": 200, "type": outgoing.MESSAGE_RESPONSE,
                "value": said or wording.DONE})
            return
        for message in rest:
            await context.send_activity(to_activity(message))
        await send_invoke_response(context, 200, {
            "statusCode": 200, "type": adaptive.CONTENT_TYPE, "value": card})
