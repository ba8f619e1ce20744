"""Blendbot on Bot Framework (botbuilder): activities in, the router's views out.

Only translates: each turn's state is loaded and saved around the SDK's routing
(``on_turn``), an activity becomes a :class:`~bot.core.session.Session` for
:class:`~bot.router.Router`, and Teams' own kinds of turn (Universal Actions, install and
removal, compose-box search) are mapped onto the router's few entry points. The same
handler serves Teams and Web Chat (Slack has its own channel adapter, ``bot.slack``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
)
from botbuilder.schema.teams import TeamInfo

from bot.channels import botframework_incoming as incoming
from bot.channels import botframework_reply as reply
from bot.channels.botframework_address import address_for
from bot.channels.botframework_outbox import AdapterOutbox
from bot.channels.botframework_turn import UPDATED_CARD, ContextReplies, state_key, turn_of
from bot.channels.teams_compose import compose_response
from bot.core.session import Session
from bot.core.state import ConversationData
from bot.digicoach.search import on_query
from bot.render import adaptive, wording
from bot.router import Router
from bot.storage.turn_state import run_turn_with_state
from bot.tips import turns as tips
from bot.wire import incoming as wire_incoming
from bot.wire import outgoing

if TYPE_CHECKING:
    from bot.services import BotServices

#: turn_state key of the conversation state loaded for the turn.
STATE = "blendbot.state"


class MessageInvokeResponse(AdaptiveCardInvokeResponse):
    """An invoke response whose value is a text: botbuilder types ``value`` as an object
    (a dict), which msrest cannot serialize from a string."""

    _attribute_map = {**AdaptiveCardInvokeResponse._attribute_map,
                      "value": {"key": "value", "type": "str"}}


def execute_value(invoke_value: AdaptiveCardInvokeValue) -> dict[str, Any]:
    """The submit value of an Action.Execute (:func:`bot.wire.incoming.execute_value`)."""
    return wire_incoming.execute_value({"value": {"action": invoke_value.action}})


class BlendBot(TeamsActivityHandler):
    """The Bot Framework face of :class:`~bot.router.Router`."""

    def __init__(self, services: BotServices, router: Router | None = None) -> None:
        super().__init__()
        self.services = services
        self.router = router or Router(services)

    def session(self, turn_context: TurnContext) -> Session:
        """This turn as features see it: our own Turn, replies through the context, and the
        conversation state ``on_turn`` loaded."""
        state = turn_context.turn_state.get(STATE)
        return Session(
            turn=turn_of(turn_context.activity, self.services.settings.max_text_chars),
            replies=ContextReplies(turn_context),
            state=state if isinstance(state, ConversationData) else ConversationData(),
            outbox=AdapterOutbox(turn_context.adapter, self.services.settings.app_id))

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        await tips.observe(self.services, address_for(activity))  # a look-up unless it moved

        async def with_state(state: ConversationData) -> None:
            turn_context.turn_state[STATE] = state
            await super(BlendBot, self).on_turn(turn_context)

        # Saves state; on an eTag conflict (another replica) reruns or fails clearly.
        await run_turn_with_state(self.services.conversations, state_key(activity), with_state,
                                  lambda: turn_context.responded)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        session = self.session(turn_context)
        if session.turn.value is None and not incoming.addressed_to_bot(turn_context.activity):
            return  # a channel message for someone else
        await self.router.on_message(session)

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """Action.Execute: handled as the same submit; the response replaces the clicked card.

        The card is the one a feature replaced the tapped card by (feedback), else the
        first card of the reply (the next readiness question, the result); other messages
        are sent as usual (``reply.card_reply``). A reply of texts only (a colleague tapping
        someone's check, feedback given twice) keeps the clicked card: the texts go back as a
        message response, which Teams shows to the clicker alone.
        """
        captured: list[Activity] = []

        async def capture(_context: TurnContext, outgoing: list, next_send: Any) -> None:
            if capturing:  # keep the messages for the card; the channel ignores traces
                captured.extend(a for a in outgoing if a.type == ActivityTypes.message)
                outgoing[:] = [Activity(type=ActivityTypes.trace, name="blendbot.in_card")
                               if a.type == ActivityTypes.message else a for a in outgoing]
            await next_send()

        value = execute_value(invoke_value)
        session = self.session(turn_context).with_turn(value=value)
        capturing = True
        turn_context.on_send_activities(capture)
        await self.router.on_submit(session, value)
        capturing = False
        card = turn_context.turn_state.get(UPDATED_CARD)
        rest = captured
        if card is None:
            card, rest = reply.card_reply(captured)
        if card is None:  # only texts: shown to the one who clicked, the card stays
            said = "\n\n".join(m.text for m in captured if m.text)
            return MessageInvokeResponse(status_code=200, type=outgoing.MESSAGE_RESPONSE,
                                         value=said or wording.DONE)
        if rest:
            await turn_context.send_activities(rest)
        return AdaptiveCardInvokeResponse(status_code=200, type=adaptive.CONTENT_TYPE,
                                          value=card)

    async def on_teams_members_added_dispatch(  # no member look-ups: only the bot matters
        self, members_added: list[ChannelAccount], team_info: TeamInfo,
        turn_context: TurnContext,
    ) -> None:
        await self.on_members_added_activity(members_added, turn_context)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        if _includes_bot(members_added, turn_context):
            await self.router.welcome(self.session(turn_context))

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self.router.welcome(self.session(turn_context))

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self.router.bot_removed(self.session(turn_context))

    async def on_teams_members_removed(
        self, teams_members_removed: list, team_info: TeamInfo, turn_context: TurnContext
    ) -> None:
        await self.on_members_removed_activity(teams_members_removed, turn_context)

    async def on_members_removed_activity(
        self, members_removed: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        if _includes_bot(members_removed, turn_context):
            await self.router.bot_removed(self.session(turn_context))

    async def on_invoke_activity(self, turn_context: TurnContext) -> Any:
        """Compose-box search gets the raw value: the SDK's own deserialization raises on
        malformed queries, and a DigiCoach should get the most-asked cards instead."""
        if turn_context.activity.name == "composeExtension/query":
            found = await on_query(self.services, turn_context.activity.value)
            return InvokeResponse(status=200, body=compose_response(found))
        return await super().on_invoke_activity(turn_context)


def _includes_bot(members: list[ChannelAccount], turn_context: TurnContext) -> bool:
    bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
    return bool(bot_id) and any(member.id == bot_id for member in members or [])


class WatchedBot:
    """Remembers whether the turn started, to tell request errors from turn errors."""

    __slots__ = ("bot", "started")

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.started = False

    async def on_turn(self, context: TurnContext) -> None:
        self.started = True
        await self.bot.on_turn(context)
