"""Where a Slack turn happens, and the :class:`~bot.core.turn.Turn` made from it (no SDK).

Conversation ids are ``<team>:<channel>`` for a top-level conversation and
``<team>:<channel>;messageid=<thread_ts>`` for a thread: the same suffix Teams uses for a
channel thread. The turn's ``thread_id`` is the full id, so each thread keeps its own dialog
state; its :class:`~bot.core.address.Address` drops the thread, so tip subscriptions belong
to the channel and a weekly tip is a new post there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.address import Address
from bot.core.turn import Turn

CHANNEL = "slack"
THREAD_SEP = ";messageid="
BOT_NAME = "Blendbot"
LOCALE = "nl-NL"


class Kind(StrEnum):
    """What the router does with a Slack turn."""

    MESSAGE = "message"
    """Typed text or a tapped button: ``Router.on_message``."""
    WELCOME = "welcome"
    """The bot arrived in a channel or a teacher opened its DM: ``Router.welcome``."""
    REMOVED = "removed"
    """The bot left a channel or the channel was archived: ``Router.bot_removed``."""


@dataclass(frozen=True, slots=True)
class SlackConversation:
    """Where a Slack message lives: team, channel and (optional) thread."""

    team: str
    channel: str
    thread_ts: str | None = None

    @property
    def conversation_id(self) -> str:
        base = f"{self.team}:{self.channel}"
        return f"{base}{THREAD_SEP}{self.thread_ts}" if self.thread_ts else base

    @classmethod
    def parse(cls, conversation_id: str) -> SlackConversation:
        base, _, thread = conversation_id.partition(THREAD_SEP)
        team, _, channel = base.partition(":")
        if not channel:
            raise ValueError("not a Slack conversation id (expected <team>:<channel>)")
        return cls(team, channel, thread or None)


@dataclass(frozen=True, slots=True)
class SlackTurn:
    """A Slack payload read: the turn, and which router entry point it is for."""

    kind: Kind
    turn: Turn

    @property
    def where(self) -> SlackConversation:
        """Where to answer: the turn's thread (a top-level conversation has none)."""
        return SlackConversation.parse(self.turn.thread)


def is_direct(channel_id: str, channel_type: str | None = None) -> bool:
    return channel_type == "im" if channel_type else channel_id.startswith("D")


def team_of(envelope: dict[str, Any], event: dict[str, Any]) -> str:
    return str(event.get("team") or envelope.get("team_id") or "")


def address_of(where: SlackConversation, user: str, bot_user_id: str,
               direct: bool) -> Address:
    """The conversation's address: a DM is personal (with its user), the rest a channel."""
    return Address(
        channel=CHANNEL, conversation_id=where.conversation_id, service_url="slack",
        tenant_id=where.team or None, conversation_type="personal" if direct else "channel",
        is_group=not direct, bot_id=bot_user_id or None, bot_name=BOT_NAME,
        user_id=user or None, locale=LOCALE)


def slack_turn(kind: Kind, where: SlackConversation, user: str, bot_user_id: str,
               direct: bool, **fields: Any) -> SlackTurn:
    """A turn from ``user`` in ``where`` (``fields``: text, value, mentioned, ...)."""
    return SlackTurn(kind, Turn(
        address=address_of(where, user, bot_user_id, direct), user_id=user or None,
        thread_id=where.conversation_id, **fields))
