"""Slack payloads as our own turns (pure functions, no I/O, no platform SDK).

A direct message, an ``app_mention`` and a button click (``block_actions``) become a
:attr:`~bot.slack.conversation.Kind.MESSAGE` turn for ``Router.on_message``; the bot
arriving or leaving becomes a welcome or removed turn (:mod:`bot.slack.membership`).

In channels the bot always answers in a thread (the mention's own thread, or a new one under
the mention); in a direct message it answers where the teacher wrote. The bot's own mention
(``<@U...>``) is taken out of the text here and the turn marked ``mentioned``; the rest of
Slack's markup becomes the text a teacher sees, then the text is cleaned and cut the same
way as on every channel (:mod:`bot.core.typed_text`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.core.typed_text import cut_raw, read_typed
from bot.slack.conversation import (
    Kind,
    SlackConversation,
    SlackTurn,
    is_direct,
    slack_turn,
    team_of,
)
from bot.slack.membership import ARRIVALS, DEPARTURES, joined_turn, left_turn

#: Message subtypes that are a person writing (everything else: edits, joins, bots ...).
_PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
# No ``<`` inside a reference (Slack escapes it as ``&lt;``): a match attempt stops at the
# next ``<``, so these stay linear on hostile text such as ``<!x<!x<!x...``.
_USER_REF = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")
_CHANNEL_REF = re.compile(r"<#[CG][A-Z0-9]+\|([^<>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|<>]+)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!(?:subteam\^[A-Z0-9]+\|)?([^<>|]+)(?:\|[^<>]*)?>")
#: Characters of an unreadable button value kept (for the log-free "unknown button" reply).
_RAW_VALUE_CHARS = 200


def mention_of(bot_user_id: str) -> str:
    return f"<@{bot_user_id}>"


def plain_text(text: str, bot_user_id: str) -> str:
    """Slack message markup as the text a teacher sees, the bot's own mention taken out."""
    if bot_user_id:
        text = text.replace(mention_of(bot_user_id), " ")
    text = _USER_REF.sub("@iemand", text)
    text = _CHANNEL_REF.sub(r"#\1", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return _SPECIAL.sub(r"@\1", text)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def event_turn(envelope: dict[str, Any], bot_user_id: str, max_chars: int
               ) -> SlackTurn | None:
    """The turn of an Events API delivery: a DM or an app_mention (text cut to
    ``max_chars``), the bot arriving or leaving; None for everything we ignore."""
    event = envelope.get("event")
    if not isinstance(event, dict):
        return None
    kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
    if kind in ARRIVALS:
        return joined_turn(envelope, bot_user_id)
    if kind in DEPARTURES:
        return left_turn(envelope, bot_user_id)
    if not isinstance(channel, str) or not channel or not isinstance(user, str) \
            or user == bot_user_id:
        return None
    if event.get("bot_id") or event.get("subtype") not in _PERSON_SUBTYPES:
        return None  # other bots (and ourselves), edits, deletions, joins
    direct = is_direct(channel, event.get("channel_type"))
    if kind == "message" and not direct:
        return None  # channel messages only count when the bot is mentioned (app_mention)
    if kind not in ("message", "app_mention"):
        return None
    raw = _text(event.get("text")) or ""
    mentioned = bool(bot_user_id) and mention_of(bot_user_id) in raw
    if not direct and not mentioned:
        return None  # in a channel the bot answers its own mention only
    ts, thread = _text(event.get("ts")), _text(event.get("thread_ts"))
    where = SlackConversation(team_of(envelope, event), channel,
                              thread if direct else (thread or ts))
    cut, was_cut = cut_raw(plain_text(raw, bot_user_id), max_chars)
    text, truncated = read_typed(cut, max_chars, cut=was_cut)
    return slack_turn(Kind.MESSAGE, where, user, bot_user_id, direct, text=text,
                      mentioned=mentioned, truncated=truncated)


def submit_value(raw: str) -> dict[str, Any]:
    """A button's ``value``: the JSON submit our blocks carry, else an unknown button."""
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {"action": None,
                                                  "raw": raw[:_RAW_VALUE_CHARS]}


def action_turn(payload: dict[str, Any], bot_user_id: str) -> SlackTurn | None:
    """A button click (``block_actions``) as the submit the Teams card would send, in the
    thread of the tapped message (``reply_to_id``: that message's ts, for ``chat.update``)."""
    if payload.get("type") != "block_actions":
        return None
    person, container = _object(payload.get("user")), _object(payload.get("container"))
    message = _object(payload.get("message"))
    user = person.get("id")
    channel = _object(payload.get("channel")).get("id") or container.get("channel_id")
    tapped = payload.get("actions") if isinstance(payload.get("actions"), list) else []
    clicked = next((a for a in tapped
                    if isinstance(a, dict) and isinstance(a.get("value"), str)), None)
    if not isinstance(user, str) or not isinstance(channel, str) or not channel \
            or clicked is None:
        return None  # link buttons carry no value: Slack opened the URL already
    message_ts = _text(container.get("message_ts")) or _text(message.get("ts"))
    thread = _text(container.get("thread_ts")) or _text(message.get("thread_ts"))
    direct = is_direct(channel)
    team = _object(payload.get("team")).get("id") or person.get("team_id")
    where = SlackConversation(str(team or ""), channel,
                              thread if direct else (thread or message_ts))
    return slack_turn(Kind.MESSAGE, where, user, bot_user_id, direct,
                      value=submit_value(clicked["value"]), reply_to_id=message_ts,
                      user_name=_text(person.get("name")) or None)
