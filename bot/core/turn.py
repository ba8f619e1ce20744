"""One incoming message or button, as every feature sees it (no platform SDK).

A channel adapter builds a :class:`Turn` from its platform's event (a Bot Framework activity,
a Slack event, a line typed in the terminal) and passes a :class:`~bot.core.replies.Replies`
along with it: the turn carries where it came from, the replies are how to answer there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.core.address import Address


class Scope(StrEnum):
    """Where the conversation is: a one-to-one chat, a group chat or a team channel."""

    PERSONAL = "personal"
    GROUP = "group"
    CHANNEL = "channel"


def pseudonym(channel: str | None, user_id: str | None) -> str | None:
    """The pseudonymous user id stored everywhere: sha256 of ``channel:user id``."""
    if not user_id:
        return None
    return hashlib.sha256(f"{channel or ''}:{user_id}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Turn:
    """What the teacher sent, and from where.

    ``text`` is what they typed with the bot's own @mention taken out; ``value`` is what a
    tapped button submitted (``{"action": ..., ...}``), or None. ``directory_id`` is the
    organisation's id for the user (Teams: the Entra ID object id), when the channel has one.
    ``thread_id`` is the conversation id as the channel sent it: a reply thread in a Teams
    channel has its own (``...;messageid=...``), and its own conversation state.
    ``invoked``: the tap came as a Universal Action (Teams ``Action.Execute``), whose answer
    replaces the tapped card.
    """

    address: Address
    text: str = ""
    value: Mapping[str, Any] | None = None
    user_id: str | None = None
    user_name: str | None = None
    directory_id: str | None = None
    team_id: str | None = None
    mentioned: bool = False
    reply_to_id: str | None = None
    thread_id: str | None = None
    invoked: bool = False
    truncated: bool = False
    """The text was longer than the bot reads; ``text`` is its start."""

    @property
    def channel(self) -> str:
        return self.address.channel

    @property
    def conversation_key(self) -> str:
        return self.address.key

    @property
    def thread(self) -> str:
        """The conversation id of this turn's thread (the conversation's own without one)."""
        return self.thread_id or self.address.conversation_id

    @property
    def locale(self) -> str | None:
        return self.address.locale

    @property
    def tenant_id(self) -> str | None:
        return self.address.tenant_id

    @property
    def scope(self) -> Scope:
        if not self.address.is_group_conversation:
            return Scope.PERSONAL
        return Scope.CHANNEL if self.address.conversation_type == "channel" else Scope.GROUP

    @property
    def user_key(self) -> str | None:
        return pseudonym(self.channel, self.user_id)
