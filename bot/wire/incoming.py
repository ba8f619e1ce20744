"""An incoming activity (protocol JSON, camelCase keys) as our :class:`~bot.core.turn.Turn`.

The same reading as the botbuilder edge (``bot.channels.botframework_incoming`` and
``botframework_turn``), on plain JSON; a test feeds every Teams fixture through both and
expects the same turn.
"""

from __future__ import annotations

from typing import Any

from bot.core.address import Address
from bot.core.turn import Turn
from bot.core.typed_text import cut_raw, read_typed
from bot.wire.outgoing import action_error

#: Mention entities looked at per message (Teams sends one per @mention).
MAX_MENTIONS = 20
_MAX_MENTION_TEXT = 256
_GROUP_TYPES = frozenset({"channel", "groupChat"})


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _bot_mentions(data: dict[str, Any]) -> list[dict[str, Any]]:
    recipient = _dict(data.get("recipient")).get("id")
    entities = data.get("entities") if isinstance(data.get("entities"), list) else []
    mentions = [e for e in entities if isinstance(e, dict) and e.get("type") == "mention"]
    return [m for m in mentions[:MAX_MENTIONS]
            if recipient and _dict(m.get("mentioned")).get("id") == recipient]


def addressed_to_bot(data: dict[str, Any]) -> bool:
    """Personal chats always; channels and group chats only when the bot is @mentioned."""
    kind = _dict(data.get("conversation")).get("conversationType")
    return kind not in _GROUP_TYPES or bool(_bot_mentions(data))


def submit_value(data: dict[str, Any]) -> dict[str, Any] | None:
    """The card-button value of a message, or None when it is a typed message (as
    ``botframework_incoming.submit_value``)."""
    value = data.get("value")
    if value is None:
        return None
    if isinstance(value, dict) and "action" in value:
        return value
    if isinstance(data.get("text"), str) and data["text"].strip():
        return None
    return value if isinstance(value, dict) else {"action": None, "raw": value}


def execute_value(data: dict[str, Any]) -> dict[str, Any]:
    """The submit value of an ``adaptiveCard/action`` invoke: its ``data``, with ``verb`` as
    the action name when the data has none."""
    action = _dict(_dict(data.get("value")).get("action"))
    value = dict(action["data"]) if isinstance(action.get("data"), dict) else {}
    verb = action.get("verb")
    if "action" not in value:
        value["action"] = verb if isinstance(verb, str) and verb else None
    return value


def execute_problem(data: dict[str, Any]) -> dict[str, Any] | None:
    """The error body for an ``adaptiveCard/action`` that is not an ``Action.Execute``
    (the same codes botbuilder answers with); None when it is one."""
    value = data.get("value")
    action = value.get("action") if isinstance(value, dict) else None
    if value is None:
        code, message = "BadRequest", "Missing value property"
    elif not isinstance(value, dict):
        code, message = "BadRequest", "Value property is not properly formed"
    elif not isinstance(action, dict):
        code, message = "BadRequest", "Missing action property"
    elif action.get("type") != "Action.Execute":
        code, message = "NotSupported", f"The action '{action.get('type')}' is not supported."
    else:
        return None
    return action_error(400, code, message)


def address_of(data: dict[str, Any]) -> Address:
    conversation, bot = _dict(data.get("conversation")), _dict(data.get("recipient"))
    user, channel_data = _dict(data.get("from")), _dict(data.get("channelData"))
    tenant = _dict(channel_data.get("tenant")).get("id") or conversation.get("tenantId")
    return Address(
        channel=_text(data.get("channelId")) or "",
        conversation_id=_text(conversation.get("id")) or "",
        service_url=_text(data.get("serviceUrl")),
        tenant_id=str(tenant) if tenant else None,
        conversation_type=_text(conversation.get("conversationType")),
        is_group=bool(conversation.get("isGroup")),
        conversation_name=_text(conversation.get("name")),
        bot_id=_text(bot.get("id")),
        bot_name=_text(bot.get("name")),
        user_id=_text(user.get("id")),
        locale=_text(data.get("locale")),
    )


def turn_of(data: dict[str, Any], max_chars: int) -> Turn:
    """The neutral turn of an activity: text without the bot mention, cut to ``max_chars``."""
    mentions = _bot_mentions(data)
    raw, cut = cut_raw(data["text"] if isinstance(data.get("text"), str) else "", max_chars)
    if mentions and raw:
        for mention in mentions:
            said = mention.get("text")
            if isinstance(said, str) and 0 < len(said) <= _MAX_MENTION_TEXT:
                raw = raw.replace(said, " ")
    text, truncated = read_typed(raw, max_chars, cut=cut)
    user, team = _dict(data.get("from")), _dict(_dict(data.get("channelData")).get("team"))
    return Turn(
        address=address_of(data),
        text=text,
        value=submit_value(data),
        user_id=_text(user.get("id")),
        user_name=_text(user.get("name")),
        directory_id=_text(user.get("aadObjectId")),
        team_id=str(team["id"]) if team.get("id") else None,
        mentioned=bool(mentions),
        reply_to_id=_text(data.get("replyToId")),
        thread_id=_text(_dict(data.get("conversation")).get("id")),
        invoked=data.get("type") == "invoke",
        truncated=truncated,
    )


def includes_bot(members: Any, data: dict[str, Any]) -> bool:
    """Does a membersAdded / membersRemoved list name the bot itself?"""
    bot_id = _dict(data.get("recipient")).get("id")
    return bool(bot_id) and isinstance(members, list) and any(
        isinstance(m, dict) and m.get("id") == bot_id for m in members)
