"""The bot arriving in or leaving a Slack conversation, as a welcome or removed turn.

The bot being added to a channel (``member_joined_channel`` for our own user) and a teacher
opening the bot's Messages tab (``app_home_opened``, ``tab: "messages"``) are what Teams'
install is: a :attr:`~bot.slack.conversation.Kind.WELCOME` turn on the top-level
conversation, so the router's welcome (once per conversation) serves Slack too.

The bot being removed from a channel (``member_left_channel`` for our own user) and a channel
being archived (``channel_archive`` / ``group_archive``) are a
:attr:`~bot.slack.conversation.Kind.REMOVED` turn on the channel, so the router ends that
channel's weekly tips as in Teams. Pure functions, no I/O.
"""

from __future__ import annotations

from typing import Any

from bot.slack.conversation import (
    Kind,
    SlackConversation,
    SlackTurn,
    is_direct,
    slack_turn,
    team_of,
)

#: Events that mean "the bot is now in this conversation" (see ``joined_turn``).
ARRIVALS = frozenset({"member_joined_channel", "app_home_opened"})
#: Events that mean "the bot is no longer in this channel" (see ``left_turn``).
ARCHIVES = frozenset({"channel_archive", "group_archive"})
DEPARTURES = ARCHIVES | {"member_left_channel"}


def _event(envelope: dict[str, Any]) -> dict[str, Any]:
    event = envelope.get("event")
    return event if isinstance(event, dict) else {}


def joined_turn(envelope: dict[str, Any], bot_user_id: str) -> SlackTurn | None:
    """The welcome turn, or None when the event is not the bot arriving.

    - ``member_joined_channel`` where the joining user is the bot itself (someone added it
      to the channel); another member joining is none of our business. The turn comes from
      the inviter (the bot itself when it joined without an invitation).
    - ``app_home_opened`` on the Messages tab (the teacher opened the DM with the bot);
      the Home tab is ignored (the app has none).
    Both land on the top-level conversation (never a thread), so the welcome is a post in
    the channel or the DM, once per conversation (the router remembers it).
    """
    event = _event(envelope)
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
    where = SlackConversation(team_of(envelope, event), channel)
    return slack_turn(Kind.WELCOME, where, user, bot_user_id, direct)


def left_turn(envelope: dict[str, Any], bot_user_id: str) -> SlackTurn | None:
    """The removed turn, or None when the event is not the bot leaving a channel.

    - ``member_left_channel`` where the leaving user is the bot itself (someone removed it,
      or it was kicked); another member leaving is none of our business. Slack does not say
      who removed the bot, so the turn comes from the bot's own id.
    - ``channel_archive`` / ``group_archive``: nobody can post in an archived channel, so the
      bot is gone there too (from the archiving user when Slack names one).
    Both land on the top-level channel conversation; the router then ends its tips.
    """
    event = _event(envelope)
    kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
    if not isinstance(channel, str) or not channel or is_direct(channel):
        return None
    if kind == "member_left_channel":
        if user != bot_user_id:
            return None
    elif kind in ARCHIVES:
        user = user if isinstance(user, str) and user else bot_user_id
    else:
        return None
    where = SlackConversation(team_of(envelope, event), channel)
    return slack_turn(Kind.REMOVED, where, str(user), bot_user_id, False)
