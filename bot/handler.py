"""Blendbot's activity handler: it routes each turn, other modules do the work.

Extension points:
- a command: one entry in ``bot.commands.COMMANDS`` + one ``async def cmd_<name>(turn_context)``;
- a button: a submit value ``{"action": <name>, ...}`` + ``async def submit_<name>(turn_context,
  value)``, or map the action to a command in ``SUBMIT_COMMANDS``;
- a dialog (several turns, like the readiness check): an object with ``id`` and
  ``active`` / ``begin`` / ``reply`` (see :class:`Dialog`; its state lives in conversation
  state, which ``on_turn`` saves every turn), returned from ``default_dialogs`` (or passed to
  ``bot.add_dialog``); start it with ``begin_dialog``. ``self.handle_text`` answers a text as
  outside any dialog. An active dialog gets every typed message and every button without a
  ``submit_<name>`` method.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
)
from botbuilder.schema.teams import TeamInfo

from bot.answers import UPDATED_CARD, Answerer
from bot.channels import botframework_incoming as incoming
from bot.channels import botframework_reply as reply
from bot.channels.botframework_address import address_for
from bot.channels.botframework_outbox import AdapterOutbox
from bot.channels.botframework_reply import send
from bot.channels.botframework_turn import ContextReplies, turn_of
from bot.channels.teams_compose import compose_response
from bot.commands import match_command
from bot.conversation import Conversation
from bot.core.turn import Turn
from bot.digicoach.coach import DigiCoach
from bot.digicoach.search import on_query
from bot.feedback import Feedback
from bot.render import actions, adaptive, wording
from bot.render.views import Help, Notice, Welcome
from bot.storage.turn_state import run_turn_with_state
from bot.tips import turns as tips
from dialogs.readiness import readiness_dialog
from dialogs.results import results_for

if TYPE_CHECKING:

    from bot.services import BotServices

READINESS_DIALOG = "readiness"
#: Invoke response type that keeps the clicked card and shows a short message.
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
#: Buttons that do what a typed command does.
SUBMIT_COMMANDS: dict[str, str] = {
    actions.START_CHECK: "check", actions.TIPS_ON: "tips_on", actions.HELP: "help",
    "tips_off": "tips_off", "tips_status": "tips_status"}


class MessageInvokeResponse(AdaptiveCardInvokeResponse):
    """An invoke response whose value is a text: botbuilder types ``value`` as an object
    (a dict), which msrest cannot serialize from a string."""

    _attribute_map = {**AdaptiveCardInvokeResponse._attribute_map,
                      "value": {"key": "value", "type": "str"}}


class Dialog(Protocol):
    """A conversation of several turns whose state is in conversation state."""

    id: str

    async def active(self, turn_context: TurnContext) -> bool:
        """Whether this conversation is in the dialog (it waits for a reply)."""
        ...

    async def begin(self, turn_context: TurnContext) -> None: ...

    async def reply(self, turn_context: TurnContext) -> None:
        """Continue with this turn's message or button."""
        ...


async def continue_as_message(dialog: Dialog, turn_context: TurnContext) -> None:
    """Continue the active dialog with this turn's button, also when it came as an invoke.

    An Action.Execute is the same tap as a submit message, so it is shown to the dialog as
    one, without ``replyToId``: the invoke response replaces the clicked card, there is
    nothing to update separately.
    """
    activity = turn_context.activity
    if activity.type != ActivityTypes.invoke:
        await dialog.reply(turn_context)
        return
    kind, reply_to_id = activity.type, activity.reply_to_id
    activity.type, activity.reply_to_id = ActivityTypes.message, None
    try:
        await dialog.reply(turn_context)
    finally:
        activity.type, activity.reply_to_id = kind, reply_to_id


def execute_value(invoke_value: AdaptiveCardInvokeValue) -> dict[str, Any]:
    """The submit value of an Action.Execute: its ``data``, with ``verb`` as the action name
    when the data has none (a card built elsewhere may route by verb only)."""
    action = invoke_value.action if isinstance(invoke_value.action, dict) else {}
    data = action.get("data")
    value: dict[str, Any] = dict(data) if isinstance(data, dict) else {}
    verb = action.get("verb")
    if "action" not in value:
        value["action"] = verb if isinstance(verb, str) and verb else None
    return value


class BlendBot(TeamsActivityHandler):
    """The same handler serves Teams, the terminal chat and (translated) Slack."""

    def __init__(self, services: BotServices, dialogs: Iterable[Dialog] | None = None) -> None:
        super().__init__()
        self.services = services
        self.answers = Answerer(services)
        self.digicoach = DigiCoach(services)
        self.conversation = Conversation(services, self.digicoach)
        self.feedback = Feedback(self.answers, self.conversation.ask_what_was_wrong)
        self.dialogs: dict[str, Dialog] = {}
        for dialog in self.default_dialogs() if dialogs is None else dialogs:
            self.add_dialog(dialog)

    def default_dialogs(self) -> list[Dialog]:
        """The dialogs every BlendBot gets (the app and ``blendbot chat`` alike)."""
        readiness = readiness_dialog(self.services, on_other=self.handle_text)
        return [readiness] if readiness is not None else []

    def add_dialog(self, dialog: Dialog) -> None:
        self.dialogs[dialog.id] = dialog

    async def active_dialog(self, turn_context: TurnContext) -> Dialog | None:
        """The dialog this conversation is in, if any."""
        for dialog in self.dialogs.values():
            if await dialog.active(turn_context):
                return dialog
        return None

    async def begin_dialog(self, turn_context: TurnContext, dialog_id: str) -> None:
        dialog = self.dialogs.get(dialog_id)
        if dialog is None:
            await send(turn_context, Notice(wording.COMING_SOON))
        else:
            await dialog.begin(turn_context)

    def neutral(self, turn_context: TurnContext) -> tuple[Turn, ContextReplies]:
        """This turn as features see it: our own Turn, and replies through the context."""
        turn = turn_of(turn_context.activity, self.services.settings.max_text_chars)
        return turn, ContextReplies(turn_context)

    async def on_turn(self, turn_context: TurnContext) -> None:
        # A dict look-up unless serviceUrl moved:
        await tips.observe(self.services, address_for(turn_context.activity))
        # Saves state; on an eTag conflict (another replica) reruns or fails clearly.
        await run_turn_with_state(turn_context, super().on_turn, (
            self.services.conversation_state, self.services.user_state))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        value = incoming.submit_value(activity)
        if value is not None:
            await self.on_submit(turn_context, value)
            return
        if not incoming.addressed_to_bot(activity):
            return
        message = incoming.read_text(activity, self.services.settings.max_text_chars)
        activity.text = message.text  # dialogs and commands see the text without the mention
        dialog = await self.active_dialog(turn_context)
        if message.text and await self.conversation.answer_pending(
                turn_context, message.text, in_dialog=dialog is not None):
            return  # a typed answer to what the bot asked ("ja" after "vergeet mij")
        if dialog is not None:
            await dialog.reply(turn_context)
        elif not message.text:
            await send(turn_context, Notice(wording.GREETING if message.mentioned
                                            else wording.ONLY_TEXT))
        else:
            if message.truncated:
                await send(turn_context, Notice(wording.TOO_LONG))
            await self.handle_text(turn_context, message.text)

    async def handle_text(self, turn_context: TurnContext, text: str) -> None:
        """A typed text as outside any dialog: a command, or a blended question."""
        if command := match_command(text):
            await self.run_command(turn_context, command)
        elif not await self.conversation.small_talk(turn_context, text):  # thanks, annoyance
            await self.answers.answer(turn_context, text)

    async def run_command(self, turn_context: TurnContext, name: str) -> None:
        method = getattr(self, f"cmd_{name}", None)
        if method is None:
            await send(turn_context, Notice(wording.COMING_SOON))
        else:
            await method(turn_context)

    async def on_submit(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        """A card button: ``submit_<action>`` first, then the active dialog, then commands."""
        action = value.get("action")
        name = action if isinstance(action, str) and action.isidentifier() else None
        method = getattr(self, f"submit_{name}", None) if name else None
        if method is not None:
            await method(turn_context, value)
            return
        dialog = await self.active_dialog(turn_context)
        if dialog is not None:
            await continue_as_message(dialog, turn_context)
        elif name in SUBMIT_COMMANDS:
            await self.run_command(turn_context, SUBMIT_COMMANDS[name])
        else:
            await send(turn_context, Notice(wording.UNKNOWN_BUTTON))

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """Action.Execute: handled as the same submit; the response replaces the clicked card.

        The card is the one a submit handler left in ``UPDATED_CARD`` (feedback), else the
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
        turn_context.activity.value = value  # dialogs read the submit value from the activity
        capturing = True
        turn_context.on_send_activities(capture)
        await self.on_submit(turn_context, value)
        capturing = False
        card = turn_context.turn_state.get(UPDATED_CARD)
        rest = captured
        if card is None:
            card, rest = reply.card_reply(captured)
        if card is None:  # only texts: shown to the one who clicked, the card stays
            said = "\n\n".join(m.text for m in captured if m.text)
            return MessageInvokeResponse(status_code=200, type=MESSAGE_RESPONSE,
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
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if bot_id and any(member.id == bot_id for member in members_added or []):
            await self.welcome(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self.welcome(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await tips.bot_removed(self.services, self.neutral(turn_context)[0])

    async def on_teams_members_removed(
        self, teams_members_removed: list, team_info: TeamInfo, turn_context: TurnContext
    ) -> None:
        await self.on_members_removed_activity(teams_members_removed, turn_context)

    async def on_members_removed_activity(
        self, members_removed: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if bot_id and any(member.id == bot_id for member in members_removed or []):
            await tips.bot_removed(self.services, self.neutral(turn_context)[0])

    async def welcome(self, turn_context: TurnContext) -> None:
        """The welcome, once per conversation."""
        if not await self.answers.memory.welcomed(turn_context):
            await self.answers.memory.mark_welcomed(turn_context)
            await send(turn_context, Welcome())

    # --- commands ----------------------------------------------------------------------------

    async def cmd_help(self, turn_context: TurnContext) -> None:
        await send(turn_context, Help())

    async def cmd_greeting(self, turn_context: TurnContext) -> None:
        await send(turn_context, Notice(wording.GREETING))

    async def cmd_thanks(self, turn_context: TurnContext) -> None:
        await self.conversation.small_talk(turn_context, "bedankt")

    async def cmd_check(self, turn_context: TurnContext) -> None:
        await self.begin_dialog(turn_context, READINESS_DIALOG)

    async def cmd_result(self, turn_context: TurnContext) -> None:
        results = results_for(self.services)
        if results is None:
            await send(turn_context, Notice(wording.COMING_SOON))
        else:
            await results.show_latest(turn_context)

    async def cmd_tips_on(self, turn_context: TurnContext) -> None:
        await tips.tips_on(self.services, *self.neutral(turn_context))

    async def cmd_tips_off(self, turn_context: TurnContext) -> None:
        await tips.tips_off(self.services, *self.neutral(turn_context))

    async def cmd_tips_status(self, turn_context: TurnContext) -> None:
        await tips.tips_status(self.services, *self.neutral(turn_context))

    # --- buttons on answer cards -------------------------------------------------------------

    async def submit_show_card(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        await self.answers.on_show_card(turn_context, value)

    async def submit_more(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        await self.answers.on_more(turn_context, value)

    async def submit_follow_up(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        await self.answers.on_follow_up(turn_context, value)

    async def submit_feedback(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        await self.feedback.on_feedback(turn_context, value)

    async def submit_feedback_comment(self, turn_context: TurnContext,
                                      value: dict[str, Any]) -> None:
        await self.conversation.on_button(turn_context, value)

    # --- DigiCoach features (issue 7) ----------------------------------------------------------

    async def cmd_insights(self, turn_context: TurnContext) -> None:
        await self.digicoach.insights(*self.neutral(turn_context))

    async def cmd_tip_now(self, turn_context: TurnContext) -> None:
        outbox = AdapterOutbox(turn_context.adapter, self.services.settings.app_id)
        await self.digicoach.tip_now(*self.neutral(turn_context), outbox)

    async def cmd_tip(self, turn_context: TurnContext) -> None:
        await tips.tip_of_the_week(self.services, *self.neutral(turn_context))

    async def cmd_forget(self, turn_context: TurnContext) -> None:
        await self.digicoach.forget_ask(turn_context)
        await self.conversation.forget_asked(turn_context)

    async def submit_forget(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        await self.conversation.forget_tapped(turn_context)
        await self.digicoach.forget_answer(turn_context, value)

    async def on_invoke_activity(self, turn_context: TurnContext) -> Any:
        """Compose-box search gets the raw value: the SDK's own deserialization raises on
        malformed queries, and a DigiCoach should get the most-asked cards instead."""
        if turn_context.activity.name == "composeExtension/query":
            found = await on_query(self.services, turn_context.activity.value)
            return InvokeResponse(status=200, body=compose_response(found))
        return await super().on_invoke_activity(turn_context)
