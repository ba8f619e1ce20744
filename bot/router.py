"""What the bot does with a turn, whatever the channel it came from (no platform SDK).

Each channel adapter (Teams on botbuilder, the terminal, Slack) makes a
:class:`~bot.core.session.Session` and calls :meth:`Router.on_message` (typed text or a
tapped button), :meth:`Router.welcome` or :meth:`Router.bot_removed`.

Extension points:
- a command: one entry in ``bot.commands.COMMANDS`` + one ``async def cmd_<name>(session)``;
- a button: a submit value ``{"action": <name>, ...}`` + ``async def submit_<name>(session,
  value)``, or map the action to a command in ``SUBMIT_COMMANDS``;
- a dialog (several turns, like the readiness check): an object with ``id`` and
  ``active`` / ``begin`` / ``reply`` (see :class:`Dialog`; its state lives in the session's
  conversation state, which the channel loads and saves every turn), returned from
  ``default_dialogs`` (or passed to ``add_dialog``); start it with ``begin_dialog``.
  ``handle_text`` answers a text as outside any dialog. An active dialog gets every typed
  message and every button without a ``submit_<name>`` method.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from bot.answers import Answerer
from bot.commands import match_command
from bot.conversation import Conversation
from bot.core.session import Session
from bot.digicoach.coach import DigiCoach
from bot.feedback import Feedback
from bot.render import actions, wording
from bot.render.views import Help, Notice, Welcome
from bot.tips import turns as tips
from dialogs.readiness import readiness_dialog
from dialogs.results import results_for

if TYPE_CHECKING:
    from bot.services import BotServices

READINESS_DIALOG = "readiness"
#: Buttons that do what a typed command does.
SUBMIT_COMMANDS: dict[str, str] = {
    actions.START_CHECK: "check", actions.TIPS_ON: "tips_on", actions.HELP: "help",
    "tips_off": "tips_off", "tips_status": "tips_status"}


class Dialog(Protocol):
    """A conversation of several turns whose state is in the session's state."""

    id: str

    async def active(self, session: Session) -> bool:
        """Whether this conversation is in the dialog (it waits for a reply)."""
        ...

    async def begin(self, session: Session) -> None: ...

    async def reply(self, session: Session) -> None:
        """Continue with this turn's message or button (an Action.Execute is one too)."""
        ...


class Router:
    """What the bot does with a turn, whatever the channel: commands, buttons, dialogs,
    typed answers to its own questions, and blended questions."""

    def __init__(self, services: BotServices, dialogs: Iterable[Dialog] | None = None) -> None:
        self.services = services
        self.answers = Answerer(services)
        self.digicoach = DigiCoach(services)
        self.conversation = Conversation(services, self.digicoach)
        self.feedback = Feedback(self.answers, self.conversation.ask_what_was_wrong)
        self.dialogs: dict[str, Dialog] = {}
        for dialog in self.default_dialogs() if dialogs is None else dialogs:
            self.add_dialog(dialog)

    def default_dialogs(self) -> list[Dialog]:
        """The dialogs every bot gets (the app and ``blendbot chat`` alike)."""
        readiness = readiness_dialog(self.services, on_other=self.handle_text)
        return [readiness] if readiness is not None else []

    def add_dialog(self, dialog: Dialog) -> None:
        self.dialogs[dialog.id] = dialog

    async def active_dialog(self, session: Session) -> Dialog | None:
        """The dialog this conversation is in, if any."""
        for dialog in self.dialogs.values():
            if await dialog.active(session):
                return dialog
        return None

    async def begin_dialog(self, session: Session, dialog_id: str) -> None:
        dialog = self.dialogs.get(dialog_id)
        if dialog is None:
            await session.replies.send(Notice(wording.COMING_SOON))
        else:
            await dialog.begin(session)

    async def on_message(self, session: Session) -> None:
        """A message to the bot: a tapped button, or a typed text (without the mention)."""
        turn = session.turn
        if turn.value is not None:
            await self.on_submit(session, dict(turn.value))
            return
        dialog = await self.active_dialog(session)
        if turn.text and await self.conversation.answer_pending(
                session, turn.text, in_dialog=dialog is not None):
            return  # a typed answer to what the bot asked ("ja" after "vergeet mij")
        if dialog is not None:
            await dialog.reply(session)
        elif not turn.text:
            await session.replies.send(Notice(wording.GREETING if turn.mentioned
                                              else wording.ONLY_TEXT))
        else:
            if turn.truncated:
                await session.replies.send(Notice(wording.TOO_LONG))
            await self.handle_text(session, turn.text)

    async def handle_text(self, session: Session, text: str) -> None:
        """A typed text as outside any dialog: a command, or a blended question."""
        if command := match_command(text):
            await self.run_command(session, command)
        elif not await self.conversation.small_talk(session, text):  # thanks, annoyance
            await self.answers.answer(session, text)

    async def run_command(self, session: Session, name: str) -> None:
        method = getattr(self, f"cmd_{name}", None)
        if method is None:
            await session.replies.send(Notice(wording.COMING_SOON))
        else:
            await method(session)

    async def on_submit(self, session: Session, value: dict[str, Any]) -> None:
        """A card button: ``submit_<action>`` first, then the active dialog, then commands."""
        action = value.get("action")
        name = action if isinstance(action, str) and action.isidentifier() else None
        method = getattr(self, f"submit_{name}", None) if name else None
        if method is not None:
            await method(session, value)
            return
        dialog = await self.active_dialog(session)
        if dialog is not None:
            await dialog.reply(session)
        elif name in SUBMIT_COMMANDS:
            await self.run_command(session, SUBMIT_COMMANDS[name])
        else:
            await session.replies.send(Notice(wording.UNKNOWN_BUTTON))

    async def welcome(self, session: Session) -> None:
        """The welcome, once per conversation."""
        if not self.answers.memory.welcomed(session.state):
            self.answers.memory.mark_welcomed(session.state)
            await session.replies.send(Welcome())

    async def bot_removed(self, session: Session) -> None:
        """The bot left the conversation (uninstalled, removed from the team)."""
        await tips.bot_removed(self.services, session.turn)

    # --- commands ----------------------------------------------------------------------------

    async def cmd_help(self, session: Session) -> None:
        await session.replies.send(Help())

    async def cmd_greeting(self, session: Session) -> None:
        await session.replies.send(Notice(wording.GREETING))

    async def cmd_thanks(self, session: Session) -> None:
        await self.conversation.small_talk(session, "bedankt")

    async def cmd_check(self, session: Session) -> None:
        await self.begin_dialog(session, READINESS_DIALOG)

    async def cmd_result(self, session: Session) -> None:
        results = results_for(self.services)
        if results is None:
            await session.replies.send(Notice(wording.COMING_SOON))
        else:
            await results.show_latest(session)

    async def cmd_tips_on(self, session: Session) -> None:
        await tips.tips_on(self.services, session.turn, session.replies)

    async def cmd_tips_off(self, session: Session) -> None:
        await tips.tips_off(self.services, session.turn, session.replies)

    async def cmd_tips_status(self, session: Session) -> None:
        await tips.tips_status(self.services, session.turn, session.replies)

    # --- buttons on answer cards -------------------------------------------------------------

    async def submit_show_card(self, session: Session, value: dict[str, Any]) -> None:
        await self.answers.on_show_card(session, value)

    async def submit_more(self, session: Session, value: dict[str, Any]) -> None:
        await self.answers.on_more(session, value)

    async def submit_follow_up(self, session: Session, value: dict[str, Any]) -> None:
        await self.answers.on_follow_up(session, value)

    async def submit_feedback(self, session: Session, value: dict[str, Any]) -> None:
        await self.feedback.on_feedback(session, value)

    async def submit_feedback_comment(self, session: Session,
                                      value: dict[str, Any]) -> None:
        await self.conversation.on_button(session, value)

    # --- DigiCoach features (issue 7) ----------------------------------------------------------

    async def cmd_insights(self, session: Session) -> None:
        await self.digicoach.insights(session.turn, session.replies)

    async def cmd_tip_now(self, session: Session) -> None:
        if session.outbox is None:
            await session.replies.send(Notice(wording.COMING_SOON))
        else:
            await self.digicoach.tip_now(session.turn, session.replies, session.outbox)

    async def cmd_tip(self, session: Session) -> None:
        await tips.tip_of_the_week(self.services, session.turn, session.replies)

    async def cmd_forget(self, session: Session) -> None:
        await self.digicoach.forget_ask(session)
        await self.conversation.forget_asked(session)

    async def submit_forget(self, session: Session, value: dict[str, Any]) -> None:
        await self.conversation.forget_tapped(session)
        await self.digicoach.forget_answer(session, value)
