"""Read an incoming message: is it for us, what did the teacher type, did they press a button?

Pure functions over a Bot Framework ``Activity``; no I/O.

Everything here runs on the event loop for text a caller chose, so every step is linear in
the text and the raw text is cut before it is cleaned (a regex such as
``<at\\b[^>]*>.*?</at>`` retries from every ``<at`` and is quadratic on ``<at><at><at>...``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

#: Raw characters read per allowed character: room for markup that cleaning removes.
RAW_CHARS_PER_CHAR = 8
#: Mention entities looked at per message (Teams sends one per @mention).
MAX_MENTIONS = 20
_MAX_MENTION_TEXT = 256
_AT_OPEN = re.compile(r"<at\b", re.IGNORECASE)
_AT_CLOSE = re.compile(r"</at>", re.IGNORECASE)
#: A tag ends at the first ``>``; a ``<`` inside cannot start it, so no start rescans.
_HTML_TAG = re.compile(r"<[^<>]{0,500}>")
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


def drop_at_tags(text: str) -> str:
    """Replace every ``<at ...>...</at>`` span by a space, in one forward pass.

    Same spans as the non-greedy regex; when no ``</at>`` follows an opening tag, none
    follows any later one either, so the scan stops there instead of retrying.
    """
    parts: list[str] = []
    position = 0
    while True:
        opening = _AT_OPEN.search(text, position)
        if opening is None:
            break
        tag_end = text.find(">", opening.end())
        closing = _AT_CLOSE.search(text, tag_end + 1) if tag_end >= 0 else None
        if closing is None:
            break
        parts.append(text[position:opening.start()])
        parts.append(" ")
        position = closing.end()
    parts.append(text[position:])
    return "".join(parts)


def clean(text: str) -> str:
    """Drop leftover mention tags and HTML, unescape entities, collapse white space."""
    text = _HTML_TAG.sub(" ", drop_at_tags(text))
    return " ".join(html.unescape(text).split())


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
    raw = activity.text if isinstance(activity.text, str) else ""
    raw_limit = max_chars * RAW_CHARS_PER_CHAR
    raw_cut = len(raw) > raw_limit
    raw = raw[:raw_limit]
    if mentioned and raw:
        raw = _without_bot_mention(raw, activity)
    text = clean(raw)
    truncated = raw_cut or len(text) > max_chars
    return Incoming(text=text[:max_chars].rstrip() if truncated else text,
                    truncated=truncated, mentioned=mentioned)


def submit_value(activity: Activity) -> dict[str, Any] | None:
    """The card-button value of a message, or None when it is a typed message.

    A value wins when it names an ``action`` or when there is no text; a value with
    text but without action (a messageBack from elsewhere) is read as text.
    """
    value = activity.value
    if value is None:
        return None
    if isinstance(value, dict) and "action" in value:
        return value
    if (activity.text or "").strip():
        return None
    return value if isinstance(value, dict) else {"action": None, "raw": value}
