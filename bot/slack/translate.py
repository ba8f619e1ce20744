"""Slack payloads as Bot Framework activities (pure functions, no I/O).

Conversation ids are ``<team>:<channel>`` for a top-level conversation and
``<team>:<channel>;messageid=<thread_ts>`` for a thread: the same suffix Teams uses for a
channel thread, so tip subscriptions (which strip ``;messageid=``) belong to the channel and
a weekly tip is a new post, while each thread keeps its own dialog state.

In channels the bot always answers in a thread (the mention's own thread, or a new one under
the mention); in a direct message it answers where the teacher wrote.

The bot being added to a channel (``member_joined_channel`` for our own user) and a teacher
opening the bot's Messages tab (``app_home_opened``, ``tab: "messages"``) become the
conversationUpdate Teams sends on install: the bot in ``membersAdded``, on the top-level
conversation, so the handler's welcome (once per conversation) serves Slack too.

The bot being removed from a channel (``member_left_channel`` for our own user) and a channel
being archived (``channel_archive`` / ``group_archive``) become the conversationUpdate with the
bot in ``membersRemoved``, so the handler ends that channel's weekly tips as in Teams.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    Entity,
)

CHANNEL = "slack"
THREAD_SEP = ";messageid="
#: The mention tag the handler strips, as Teams writes it.
MENTION_TAG = "<at>Blendbot</at>"
#: Message subtypes that are a person writing (everything else: edits, joins, bots ...).
_PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
#: Events that mean "the bot is now in this conversation" (see ``joined_activity``).
_ARRIVALS = frozenset({"member_joined_channel", "app_home_opened"})
#: Events that mean "the bot is no longer in this channel" (see ``left_activity``).
_ARCHIVES = frozenset({"channel_archive", "group_archive"})
# No ``<`` inside a reference (Slack escapes it as ``&lt;``): a match attempt stops at the
# next ``<``, so these stay linear on hostile text such as ``<!x<!x<!x...``.
_USER_REF = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")
_CHANNEL_REF = re.compile(r"<#[CG][A-Z0-9]+\|([^<>]*)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|<>]+)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!(?:subteam\^[A-Z0-9]+\|)?([^<>|]+)(?:\|[^<>]*)?>")


@dataclass(frozen=True, slots=True)
class Address:
    """Where a Slack message lives: team, channel and (optional) thread."""

    team: str
    channel: str
    thread_ts: str | None = None

    @property
    def conversation_id(self) -> str:
        base = f"{self.team}:{self.channel}"
        return f"{base}{THREAD_SEP}{self.thread_ts}" if self.thread_ts else base

    @classmethod
    def parse(cls, conversation_id: str) -> Address:
        base, _, thread = conversation_id.partition(THREAD_SEP)
        team, _, channel = base.partition(":")
        if not channel:
            raise ValueError("not a Slack conversation id (expected <team>:<channel>)")
        return cls(team, channel, thread or None)


def is_direct(channel_id: str, channel_type: str | None = None) -> bool:
    return channel_type == "im" if channel_type else channel_id.startswith("D")


def plain_text(text: str, bot_user_id: str) -> str:
    """Slack message markup as the text a teacher sees; the bot mention as a Teams tag."""
    text = text.replace(f"<@{bot_user_id}>", MENTION_TAG)
    text = _USER_REF.sub("@iemand", text)
    text = _CHANNEL_REF.sub(r"#\1", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return _SPECIAL.sub(r"@\1", text)


def _timestamp(ts: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _activity(address: Address, user: str, bot_user_id: str, direct: bool,
              **fields: Any) -> Activity:
    return Activity(
        channel_id=CHANNEL, service_url="slack", locale="nl-NL",
        from_property=ChannelAccount(id=user, role="user"),
        recipient=ChannelAccount(id=bot_user_id, name="Blendbot", role="bot"),
        conversation=ConversationAccount(
            id=address.conversation_id, is_group=not direct, tenant_id=address.team,
            conversation_type="personal" if direct else "channel"),
        channel_data={"team": address.team, "channel": address.channel,
                      "thread_ts": address.thread_ts},
        **fields)


def event_activity(envelope: dict[str, Any], bot_user_id: str) -> Activity | None:
    """A message activity for a DM or an app_mention, a conversationUpdate when the bot
    arrives in a conversation (``joined_activity``) or leaves a channel (``left_activity``);
    None for everything we ignore."""
    event = envelope.get("event")
    if not isinstance(event, dict):
        return None
    kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
    if kind in _ARRIVALS:
        return joined_activity(envelope, bot_user_id)
    if kind == "member_left_channel" or kind in _ARCHIVES:
        return left_activity(envelope, bot_user_id)
    if not isinstance(channel, str) or not isinstance(user, str) or user == bot_user_id:
        return None
    if event.get("bot_id") or event.get("subtype") not in _PERSON_SUBTYPES:
        return None  # other bots (and ourselves), edits, deletions, joins
    direct = is_direct(channel, event.get("channel_type"))
    if kind == "message" and not direct:
        return None  # channel messages only count when the bot is mentioned (app_mention)
    if kind not in ("message", "app_mention"):
        return None
    ts = event.get("ts") if isinstance(event.get("ts"), str) else None
    thread = event.get("thread_ts") if isinstance(event.get("thread_ts"), str) else None
    team = event.get("team") or envelope.get("team_id") or ""
    address = Address(str(team), channel, thread if direct else (thread or ts))
    raw = event.get("text") if isinstance(event.get("text"), str) else ""
    text = plain_text(raw, bot_user_id)
    entities = None
    if MENTION_TAG in text:
        entities = [Entity().deserialize({"type": "mention", "text": MENTION_TAG,
                                          "mentioned": {"id": bot_user_id, "name": "Blendbot"}})]
    return _activity(address, user, bot_user_id, direct, type=ActivityTypes.message,
                     id=ts, timestamp=_timestamp(ts), text=text, entities=entities)


def joined_activity(envelope: dict[str, Any], bot_user_id: str) -> Activity | None:
    """A conversationUpdate with the bot in ``membersAdded``, as Teams sends on install.

    - ``member_joined_channel`` where the joining user is the bot itself (someone added it
      to the channel); another member joining is none of our business.
    - ``app_home_opened`` on the Messages tab (the teacher opened the DM with the bot);
      the Home tab is ignored (the app has none).
    Both land on the top-level conversation (never a thread), so the welcome is a post in
    the channel or the DM, once per conversation (the handler remembers it).
    """
    event = envelope.get("event")
    if not isinstance(event, dict):
        return None
    kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
    if not isinstance(channel, str) or not channel or not isinstance(user, str) or not user:
        return None
    if kind == "member_joined_channel":
        if user != bot_user_id:
            return None
        inviter = event.get("inviter")  # blank when joined without an invitation
        user = inviter if isinstance(inviter, str) and inviter else bot_user_id
        direct = False
    elif kind == "app_home_opened":
        if event.get("tab") != "messages" or user == bot_user_id:
            return None
        direct = True
    else:
        return None
    return _membership(envelope, channel, user, bot_user_id, direct,
                       members_added=[_bot_account(bot_user_id)])


def left_activity(envelope: dict[str, Any], bot_user_id: str) -> Activity | None:
    """A conversationUpdate with the bot in ``membersRemoved``, as Teams sends on removal.

    - ``member_left_channel`` where the leaving user is the bot itself (someone removed it,
      or it was kicked); another member leaving is none of our business. Slack does not say
      who removed the bot, so the activity comes from the bot's own id.
    - ``channel_archive`` / ``group_archive``: nobody can post in an archived channel, so the
      bot is gone there too (from the archiving user when Slack names one).
    Both land on the top-level channel conversation; the handler then ends its tips.
    """
    event = envelope.get("event")
    if not isinstance(event, dict):
        return None
    kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
    if not isinstance(channel, str) or not channel or is_direct(channel):
        return None
    if kind == "member_left_channel":
        if user != bot_user_id:
            return None
    elif kind in _ARCHIVES:
        user = user if isinstance(user, str) and user else bot_user_id
    else:
        return None
    return _membership(envelope, channel, user, bot_user_id, False,
                       members_removed=[_bot_account(bot_user_id)])


def _bot_account(bot_user_id: str) -> ChannelAccount:
    return ChannelAccount(id=bot_user_id, name="Blendbot", role="bot")


def _membership(envelope: dict[str, Any], channel: str, user: str, bot_user_id: str,
                direct: bool, **members: Any) -> Activity:
    """A conversationUpdate on the top-level conversation (never a thread)."""
    event = envelope.get("event") or {}
    team = event.get("team") or envelope.get("team_id") or ""
    stamp = envelope.get("event_time")
    return _activity(
        Address(str(team), channel), user, bot_user_id, direct,
        type=ActivityTypes.conversation_update,
        id=envelope.get("event_id") if isinstance(envelope.get("event_id"), str) else None,
        timestamp=_timestamp(stamp) if isinstance(stamp, int | float) else None, **members)


def action_activity(payload: dict[str, Any], bot_user_id: str) -> Activity | None:
    """A button click (``block_actions``) as the submit the Teams card would send."""
    if payload.get("type") != "block_actions":
        return None
    user = (payload.get("user") or {}).get("id")
    container = payload.get("container") or {}
    message = payload.get("message") or {}
    channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
    clicked = next((a for a in payload.get("actions") or []
                    if isinstance(a, dict) and isinstance(a.get("value"), str)), None)
    if not isinstance(user, str) or not isinstance(channel, str) or clicked is None:
        return None  # link buttons carry no value: Slack opened the URL already
    try:
        value = json.loads(clicked["value"])
    except ValueError:
        value = None
    if not isinstance(value, dict):
        value = {"action": None, "raw": clicked["value"][:200]}
    message_ts = container.get("message_ts") or message.get("ts")
    thread = container.get("thread_ts") or message.get("thread_ts")
    direct = is_direct(channel)
    team = (payload.get("team") or {}).get("id") or (payload.get("user") or {}).get("team_id")
    address = Address(str(team or ""), channel, thread if direct else (thread or message_ts))
    return _activity(address, user, bot_user_id, direct, type=ActivityTypes.message,
                     id=clicked.get("action_ts") or message_ts, value=value,
                     reply_to_id=message_ts, timestamp=_timestamp(clicked.get("action_ts")))
