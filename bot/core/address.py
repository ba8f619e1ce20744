"""Where a conversation is: our own address, what proactive sends and subscriptions keep.

An :class:`Address` is plain data (no platform SDK), stored as JSON with a version
(``{"v": 1, ...}``). A channel adapter turns it into whatever its SDK sends with (a Bot
Framework ``ConversationReference``, a Slack channel and thread). Subscriptions written by
older versions hold a serialized ``ConversationReference`` instead; :func:`from_reference_json`
reads one of those (the migration that converts stored rows uses it too).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

VERSION = 1
GROUP_TYPES = frozenset({"channel", "groupChat"})


class AddressError(ValueError):
    """A stored address (or old reference) that cannot be read."""


@dataclass(frozen=True, slots=True)
class Address:
    """A conversation on a channel, without a thread suffix or a message id.

    ``user_id`` is only kept for a personal chat (its one member); in a channel or group chat
    whoever spoke last is not needed to post there and must not outlive their "vergeet mij".
    """

    channel: str
    conversation_id: str
    service_url: str | None = None
    tenant_id: str | None = None
    conversation_type: str | None = None
    is_group: bool = False
    conversation_name: str | None = None
    bot_id: str | None = None
    bot_name: str | None = None
    user_id: str | None = None
    locale: str | None = None

    def __post_init__(self) -> None:
        if not self.channel or not self.conversation_id:
            raise AddressError("an address needs a channel and a conversation id")
        thread = self.conversation_id.split(";messageid=")[0]
        if thread != self.conversation_id:
            object.__setattr__(self, "conversation_id", thread)
        if self.is_group_conversation and self.user_id is not None:
            object.__setattr__(self, "user_id", None)

    @property
    def key(self) -> str:
        """``<channel>:<conversation id>``: the subscription's key, as before the addresses."""
        return f"{self.channel}:{self.conversation_id}"

    @property
    def is_group_conversation(self) -> bool:
        return self.is_group or self.conversation_type in GROUP_TYPES

    def with_service_url(self, service_url: str) -> Address:
        return replace(self, service_url=service_url)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None and v is not False}
        return {"v": VERSION, **data}


_FIELDS = frozenset(Address.__dataclass_fields__)


def from_json(data: dict[str, Any] | str) -> Address:
    """An address as :meth:`Address.to_json` wrote it; an old reference is read too."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise AddressError("stored address is not JSON") from exc
    if not isinstance(data, dict):
        raise AddressError("stored address is not an object")
    if "v" not in data:
        return from_reference_json(data)
    if data["v"] != VERSION:
        raise AddressError(f"unknown address version {data['v']!r}")
    fields = {k: v for k, v in data.items() if k in _FIELDS}
    if not all(isinstance(v, str) for k, v in fields.items() if k != "is_group"):
        raise AddressError("an address field is not text")
    try:
        return Address(**fields)
    except TypeError as exc:
        raise AddressError("stored address misses its channel or conversation") from exc


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _account(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def from_reference_json(data: dict[str, Any]) -> Address:
    """A Bot Framework ``ConversationReference`` as msrest serialized it (camelCase keys)."""
    conversation = _account(data, "conversation")
    channel = _text(data.get("channelId") or data.get("channel_id"))
    conversation_id = _text(conversation.get("id"))
    if channel is None or conversation_id is None:
        raise AddressError("stored reference misses its channel or conversation")
    bot, user = _account(data, "bot"), _account(data, "user")
    return Address(
        channel=channel,
        conversation_id=conversation_id,
        service_url=_text(data.get("serviceUrl") or data.get("service_url")),
        tenant_id=_text(conversation.get("tenantID") or conversation.get("tenantId")
                        or conversation.get("tenant_id")),
        conversation_type=_text(conversation.get("conversationType")
                                or conversation.get("conversation_type")),
        is_group=bool(conversation.get("isGroup") or conversation.get("is_group")),
        conversation_name=_text(conversation.get("name")),
        bot_id=_text(bot.get("id")),
        bot_name=_text(bot.get("name")),
        user_id=_text(user.get("id")),
        locale=_text(data.get("locale")),
    )


def to_reference_json(address: Address) -> dict[str, Any]:
    """The msrest form of a ``ConversationReference`` (for a downgrade of the database)."""
    conversation: dict[str, Any] = {"id": address.conversation_id}
    if address.conversation_type:
        conversation["conversationType"] = address.conversation_type
    if address.is_group:
        conversation["isGroup"] = True
    if address.tenant_id:
        conversation["tenantID"] = address.tenant_id
    if address.conversation_name:
        conversation["name"] = address.conversation_name
    data: dict[str, Any] = {"channelId": address.channel, "conversation": conversation}
    if address.service_url:
        data["serviceUrl"] = address.service_url
    if address.bot_id:
        data["bot"] = {"id": address.bot_id, "name": address.bot_name}
    if address.user_id:
        data["user"] = {"id": address.user_id}
    if address.locale:
        data["locale"] = address.locale
    return data
