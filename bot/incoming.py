"""Read an incoming message: is it for us, what did the teacher type, did they press a button?

Pure functions over a Bot Framework ``Activity``; no I/O.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

_AT_TAG = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]{0,500}>")
_GROUP_TYPES = frozenset({"channel", "groupChat"})


@dataclass(frozen=True, slots=True)
class Incoming:
    text: str
    truncated: bool
    mentioned: bool


def mentions_bot(activity: Activity) -> bool:
    recipient = activity.recipient.id if activity.recipient else None
    for mention in TurnContext.get_mentions(activity):
        mentioned = (mention.additional_properties or {}).get("mentioned")
        if recipient and isinstance(mentioned, dict) and mentioned.get("id") == recipient:
            return True
    return False


def addressed_to_bot(activity: Activity) -> bool:
    """Personal chats always; channels and group chats only when the bot is @mentioned."""
    conversation_type = activity.conversation.conversation_type if activity.conversation else None
    return conversation_type not in _GROUP_TYPES or mentions_bot(activity)


def clean(text: str) -> str:
    """Drop leftover mention tags and HTML, unescape entities, collapse white space."""
    text = _AT_TAG.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return " ".join(html.unescape(text).split())


def read_text(activity: Activity, max_chars: int) -> Incoming:
    """The teacher's text without the bot mention, cut to ``max_chars``."""
    mentioned = mentions_bot(activity)
    raw = activity.text if isinstance(activity.text, str) else ""
    if mentioned and raw:
        # Works on a copy: the activity keeps its text for middleware and transcripts.
        copy = Activity(text=raw, entities=activity.entities, recipient=activity.recipient)
        # A malformed mention entity is left alone: clean() drops the <at> tag anyway.
        with contextlib.suppress(AttributeError, KeyError, TypeError, re.error):
            raw = TurnContext.remove_recipient_mention(copy) or ""
    text = clean(raw)
    truncated = len(text) > max_chars
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
