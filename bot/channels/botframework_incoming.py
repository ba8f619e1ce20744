"""Read an incoming message: is it for us, what did the teacher type, did they press a button?

Pure functions over a Bot Framework ``Activity``; no I/O. Cleaning the typed text is the
same on every channel (:mod:`bot.core.typed_text`); only the mentions are Bot Framework's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.core.typed_text import clean, cut_raw, drop_at_tags, read_typed
from bot.wire import incoming as wire_incoming

__all__ = ["Incoming", "addressed_to_bot", "clean", "drop_at_tags", "mentions_bot",
           "read_text", "submit_value"]

#: Mention entities looked at per message (Teams sends one per @mention).
MAX_MENTIONS = 20
_MAX_MENTION_TEXT = 256
_GROUP_TYPES = frozenset({"channel", "groupChat"})


@dataclass(frozen=True, slots=True)
class Incoming:
    text: str
    truncated: bool
    mentioned: bool


def _mentions(activity: Activity) -> list[Any]:
    return TurnContext.get_mentions(activity)[:MAX_MENTIONS] if activity.entities else []


def _bot_mentions(activity: Activity) -> list[Any]:
    recipient = activity.recipient.id if activity.recipient else None
    found = []
    for mention in _mentions(activity):
        mentioned = (mention.additional_properties or {}).get("mentioned")
        if recipient and isinstance(mentioned, dict) and mentioned.get("id") == recipient:
            found.append(mention)
    return found


def mentions_bot(activity: Activity) -> bool:
    return bool(_bot_mentions(activity))


def addressed_to_bot(activity: Activity) -> bool:
    """Personal chats always; channels and group chats only when the bot is @mentioned."""
    conversation_type = activity.conversation.conversation_type if activity.conversation else None
    return conversation_type not in _GROUP_TYPES or mentions_bot(activity)


def _without_bot_mention(raw: str, activity: Activity) -> str:
    """The text without the bot's own mention text (``<at>Blendbot</at>``), linear time.

    Replaces the SDK's ``remove_recipient_mention``, whose regex over the mention entity's
    text is quadratic in that (caller-chosen) text.
    """
    for mention in _bot_mentions(activity):
        mention_text = (mention.additional_properties or {}).get("text")
        if isinstance(mention_text, str) and 0 < len(mention_text) <= _MAX_MENTION_TEXT:
            raw = raw.replace(mention_text, " ")
    return raw


def read_text(activity: Activity, max_chars: int) -> Incoming:
    """The teacher's text without the bot mention, cut to ``max_chars``."""
    mentioned = mentions_bot(activity)
    raw, raw_cut = cut_raw(activity.text if isinstance(activity.text, str) else "", max_chars)
    if mentioned and raw:
        raw = _without_bot_mention(raw, activity)
    text, truncated = read_typed(raw, max_chars, cut=raw_cut)
    return Incoming(text=text, truncated=truncated, mentioned=mentioned)


def submit_value(activity: Activity) -> dict[str, Any] | None:
    """The card-button value of a message, or None when it is a typed message
    (:func:`bot.wire.incoming.submit_value`)."""
    return wire_incoming.submit_value({"value": activity.value, "text": activity.text})
