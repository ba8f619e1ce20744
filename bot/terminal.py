"""``blendbot chat``: talk to the very same bot in a terminal.

A channel adapter like the others, without any platform SDK: each input line becomes a
:class:`~bot.core.turn.Turn` on the ``terminal`` channel (stable user and conversation ids,
so state survives a restart) for :class:`~bot.router.Router`, and every view is printed as
text (``bot.render.text``; buttons become numbered choices, and typing the number sends that
choice's submit value).
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import re
import sys
import uuid
from collections.abc import Callable
from typing import Any, TextIO

from bot.core.address import Address
from bot.core.session import Session
from bot.core.state import ConversationData
from bot.core.turn import Turn
from bot.core.typed_text import cut_raw, read_typed
from bot.render import conversation_wording, text, wording
from bot.render.actions import Choice
from bot.render.text import format_choices
from bot.render.views import View
from bot.settings import Settings
from bot.storage.conversation_store import conversation_state_key
from bot.storage.turn_state import run_turn_with_state

log = logging.getLogger(__name__)
CHANNEL = "terminal"
#: Leave the chat, even halfway the readiness check (its progress is kept for next time).
EXIT_WORDS = frozenset({"exit", "quit", "afsluiten", "/exit", "/quit"})
#: Leave the chat, unless a dialog is active: then it is that dialog's "stop".
STOP_WORDS = frozenset({"stop", "stoppen", "klaar"})
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


class TerminalReplies:
    """:class:`~bot.core.replies.Replies` that print; remembers the last numbered choices."""

    shows_cards = False

    def __init__(self, out: TextIO, *, color: bool = False) -> None:
        self.out = out
        self.color = color
        self.choices: list[Choice] = []
        self.choices_id: str | None = None
        self.sent = 0

    def print(self, message: str) -> None:
        message = _BOLD.sub("\033[1m\\1\033[0m" if self.color else "\\1", message)
        self.out.write(f"{message}\n\n")
        self.out.flush()

    async def send(self, view: View) -> str | None:
        self.sent += 1
        message_id = uuid.uuid4().hex
        rendered = text.render(view)
        choices = [(label, value) for label, value in rendered.choices
                   if isinstance(value, dict)]
        parts = [rendered.text]
        if choices:
            parts.append(format_choices(choices))
            self.choices, self.choices_id = choices, message_id
        self.print("\n\n".join(p for p in parts if p))
        return message_id

    async def update(self, message_id: str, view: View) -> None:
        await self.send(view)

    async def replace_tapped(self, view: View) -> bool:
        return False  # printed lines stay; the next message follows


class TerminalChat:
    """One person chatting; every line is one turn of ``router``."""

    def __init__(self, router: Any, replies: TerminalReplies, user_id: str) -> None:
        self.router = router
        self.services = router.services
        self.replies = replies
        self.user_id = f"terminal:{user_id}"
        self.user_name = user_id
        self.address = Address(
            channel=CHANNEL, conversation_id=f"terminal:{user_id}", service_url="terminal",
            conversation_type="personal", bot_id="blendbot", bot_name="Blendbot",
            user_id=self.user_id, locale="nl-NL")
        self.state_key = conversation_state_key(CHANNEL, self.address.conversation_id)

    def _turn(self, typed: str = "", value: dict[str, Any] | None = None,
              reply_to_id: str | None = None) -> Turn:
        raw, cut = cut_raw(typed, self.services.settings.max_text_chars)
        cleaned, truncated = read_typed(raw, self.services.settings.max_text_chars, cut=cut)
        return Turn(address=self.address, text=cleaned, value=value, user_id=self.user_id,
                    user_name=self.user_name, reply_to_id=reply_to_id,
                    thread_id=self.address.conversation_id, truncated=truncated)

    async def _run(self, turn: Turn, step: Callable[[Session], Any]) -> None:
        sent = self.replies.sent

        async def with_state(state: ConversationData) -> None:
            await step(Session(turn, self.replies, state))

        try:
            await run_turn_with_state(self.services.conversations, self.state_key, with_state,
                                      lambda: self.replies.sent > sent)
        except Exception as error:  # the chat goes on; the reason is in the log
            log.error("terminal turn failed error=%s", type(error).__name__, exc_info=error)
            self.replies.print(wording.ERROR)

    async def start(self) -> None:
        """Like a channel does when the bot is added: the bot welcomes once."""
        await self._run(self._turn(), self.router.welcome)

    async def dialog_active(self) -> bool:
        state = await self.services.conversations.load(self.state_key)
        return await self.router.active_dialog(
            Session(self._turn(), self.replies, state)) is not None

    async def line(self, line: str) -> bool:
        """Handle one input line; False when the user wants to leave."""
        typed = line.strip()
        word = typed.lower().rstrip(".!")
        if word in EXIT_WORDS or (word in STOP_WORDS and not await self.dialog_active()):
            return False
        if typed.isdigit() and 1 <= int(typed) <= len(self.replies.choices):
            label, value = self.replies.choices[int(typed) - 1]
            self.replies.print(f"({label})")
            turn = self._turn(value=value, reply_to_id=self.replies.choices_id)
        else:
            turn = self._turn(line)
        await self._run(turn, self.router.on_message)
        return True


async def run_chat(settings: Settings, *, stdin: TextIO | None = None,
                   stdout: TextIO | None = None,
                   make_router: Callable[[Any], Any] | None = None) -> None:
    """Run the chat until 'stop' or 'exit', end of input (Ctrl-D) or Ctrl-C."""
    from bot.router import Router
    from bot.services import open_services

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    for stream in (stdin, stdout):  # odd bytes or a non-UTF-8 terminal never crash the chat
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    interactive = stdin.isatty()
    replies = TerminalReplies(stdout, color=interactive and stdout.isatty())
    async with open_services(settings) as services:
        chat = TerminalChat((make_router or Router)(services), replies, _user_id())
        await chat.start()
        replies.print(conversation_wording.TERMINAL_HOW_TO_LEAVE)
        try:
            while (line := read_line(stdin, interactive)) is not None:
                if not await chat.line(line):
                    break
        except KeyboardInterrupt:
            pass
        replies.print(wording.GOODBYE)


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
