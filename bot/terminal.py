"""``blendbot chat``: talk to the very same BlendBot in a terminal.

A small ``BotAdapter`` turns each input line into a message activity on the ``terminal``
channel (stable user and conversation ids, so state survives a restart) and prints what the
bot sends. Text-only rendering comes from ``bot.render`` (``suggested_actions`` become
numbered choices; typing the number sends that choice's submit value). Adaptive Cards that
reach the terminal anyway are shown through a plain-text fallback.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import re
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from bot.channels import botframework_reply as reply
from bot.render import conversation_wording, wording
from bot.render.actions import Choice
from bot.render.text import format_choices
from bot.settings import Settings

log = logging.getLogger(__name__)
CHANNEL = "terminal"
#: Leave the chat, even halfway the readiness check (its progress is kept for next time).
EXIT_WORDS = frozenset({"exit", "quit", "afsluiten", "/exit", "/quit"})
#: Leave the chat, unless a dialog is active: then it is that dialog's "stop".
STOP_WORDS = frozenset({"stop", "stoppen", "klaar"})
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def card_as_text(card: dict[str, Any]) -> tuple[str, list[Choice]]:
    """Fallback for an Adaptive Card: its TextBlocks as lines, its Submit actions as choices."""
    lines: list[str] = []

    def walk(elements: list[Any]) -> None:
        for element in elements:
            if not isinstance(element, dict):
                continue
            if element.get("type") == "TextBlock" and element.get("text"):
                lines.append(str(element["text"]))
            elif element.get("type") == "FactSet":
                lines.extend(f"{f.get('title', '')} {f.get('value', '')}".strip()
                             for f in element.get("facts", []) if isinstance(f, dict))
            walk(element.get("items", []) or [])
            for column in element.get("columns", []) or []:
                walk(column.get("items", []) if isinstance(column, dict) else [])

    walk(card.get("body", []))
    choices = [(str(a.get("title", "")), a["data"]) for a in card.get("actions", [])
               if isinstance(a, dict) and isinstance(a.get("data"), dict)]
    return "\n\n".join(lines), choices


class TerminalAdapter(BotAdapter):
    """Prints outgoing activities; remembers the last numbered choices."""

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        super().__init__()
        self.out = out
        self.color = color
        self.choices: list[Choice] = []
        self.choices_id: str | None = None
        self.on_turn_error = self._on_error

    async def _on_error(self, _context: TurnContext, error: Exception) -> None:
        log.error("terminal turn failed error=%s", type(error).__name__, exc_info=error)
        self._print(wording.ERROR)

    def _print(self, text: str) -> None:
        text = _BOLD.sub("\033[1m\\1\033[0m" if self.color else "\\1", text)
        self.out.write(f"{text}\n\n")
        self.out.flush()

    def show(self, activity: Activity) -> str:
        """Print one outgoing message; returns the id it gets."""
        activity_id = activity.id or uuid.uuid4().hex
        parts = [activity.text] if activity.text else []
        choices: list[Choice] = [
            (action.title, action.value) for action in
            (activity.suggested_actions.actions if activity.suggested_actions else [])
            if isinstance(action.value, dict)
        ]
        card = reply.card_of(activity)
        if card is not None:
            card_text, card_choices = card_as_text(card)
            parts.append(card_text)
            choices += card_choices
        for attachment in activity.attachments or []:
            if attachment.content_type != reply.adaptive.CONTENT_TYPE:
                parts.append(f"[bijlage: {attachment.name or attachment.content_url or ''}]")
        if choices:
            parts.append(format_choices(choices))
            self.choices, self.choices_id = choices, activity_id
        if parts:
            self._print("\n\n".join(p for p in parts if p))
        return activity_id

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.message:
                activity.id = uuid.uuid4().hex
                responses.append(ResourceResponse(id=self.show(activity)))
            else:
                responses.append(ResourceResponse(id=""))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> None:
        self.show(activity)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference):
        return None


class TerminalChat:
    """One person chatting; every line is one turn of ``bot``."""

    def __init__(self, bot: Any, adapter: TerminalAdapter, user_id: str) -> None:
        self.bot = bot
        self.adapter = adapter
        self.user = ChannelAccount(id=f"terminal:{user_id}", name=user_id, role="user")
        self.agent = ChannelAccount(id="blendbot", name="Blendbot", role="bot")
        self.conversation = ConversationAccount(
            id=f"terminal:{user_id}", conversation_type="personal", is_group=False)

    def activity(self, **fields: Any) -> Activity:
        return Activity(
            channel_id=CHANNEL, service_url="terminal", id=uuid.uuid4().hex,
            timestamp=datetime.now(UTC), locale="nl-NL", from_property=self.user,
            recipient=self.agent, conversation=self.conversation, **fields)

    async def turn(self, activity: Activity) -> None:
        context = TurnContext(self.adapter, activity)
        await self.adapter.run_pipeline(context, self.bot.on_turn)

    async def start(self) -> None:
        """Like a channel does when the bot is added: the bot welcomes once."""
        await self.turn(self.activity(type=ActivityTypes.conversation_update,
                                      members_added=[self.agent, self.user]))

    async def dialog_active(self) -> bool:
        context = TurnContext(self.adapter, self.activity(type=ActivityTypes.message))
        return await self.bot.active_dialog(context) is not None

    async def line(self, line: str) -> bool:
        """Handle one input line; False when the user wants to leave."""
        text = line.strip()
        word = text.lower().rstrip(".!")
        if word in EXIT_WORDS or (word in STOP_WORDS and not await self.dialog_active()):
            return False
        if text.isdigit() and 1 <= int(text) <= len(self.adapter.choices):
            label, value = self.adapter.choices[int(text) - 1]
            self.adapter._print(f"({label})")
            await self.turn(self.activity(type=ActivityTypes.message, value=value,
                                          reply_to_id=self.adapter.choices_id))
        else:
            await self.turn(self.activity(type=ActivityTypes.message, text=line))
        return True


async def run_chat(settings: Settings, *, stdin: TextIO | None = None,
                   stdout: TextIO | None = None,
                   make_bot: Callable[[Any], Any] | None = None) -> None:
    """Run the chat until 'stop' or 'exit', end of input (Ctrl-D) or Ctrl-C."""
    from bot.handler import BlendBot
    from bot.services import open_services

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    for stream in (stdin, stdout):  # odd bytes or a non-UTF-8 terminal never crash the chat
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    interactive = stdin.isatty()
    adapter = TerminalAdapter(stdout, color=interactive and stdout.isatty())
    async with open_services(settings) as services:
        chat = TerminalChat((make_bot or BlendBot)(services), adapter, _user_id())
        await chat.start()
        adapter._print(conversation_wording.TERMINAL_HOW_TO_LEAVE)
        try:
            while (line := read_line(stdin, interactive)) is not None:
                if not await chat.line(line):
                    break
        except KeyboardInterrupt:
            pass
        adapter._print(wording.GOODBYE)


def read_line(stdin: TextIO, interactive: bool) -> str | None:
    """One input line, or None at end of input. A real terminal gets line editing."""
    if interactive and stdin is sys.stdin:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (enables history and arrow keys for input())
        try:
            return input("> ")
        except EOFError:  # Ctrl-D: end the prompt line before saying goodbye
            print()
            return None
    line = stdin.readline()
    return line or None


def _user_id() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (containers)
        return "docent"
