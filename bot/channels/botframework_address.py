"""Bot Framework activities and references to our :class:`~bot.core.address.Address` and back."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)

from bot.core.address import Address


def _channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def tenant_of(activity: Activity) -> str | None:
    tenant = _channel_data(activity).get("tenant")
    if isinstance(tenant, dict) and tenant.get("id"):
        return str(tenant["id"])
    return activity.conversation.tenant_id if activity.conversation else None


def team_of(activity: Activity) -> str | None:
    team = _channel_data(activity).get("team")
    return str(team["id"]) if isinstance(team, dict) and team.get("id") else None


def address_for(activity: Activity) -> Address:
    """The address of the conversation ``activity`` came from (no thread, no message id)."""
    conv = activity.conversation or ConversationAccount()
    bot = activity.recipient or ChannelAccount()
    user = activity.from_property or ChannelAccount()
    return Address(
        channel=activity.channel_id or "",
        conversation_id=conv.id or "",
        service_url=activity.service_url or None,
        tenant_id=tenant_of(activity),
        conversation_type=conv.conversation_type or None,
        is_group=bool(conv.is_group),
        conversation_name=conv.name or None,
        bot_id=bot.id or None,
        bot_name=bot.name or None,
        user_id=user.id or None,
        locale=activity.locale or None,
    )


def reference_of(address: Address) -> ConversationReference:
    """The reference ``continue_conversation`` needs to post in ``address``'s conversation."""
    return ConversationReference(
        channel_id=address.channel,
        service_url=address.service_url,
        locale=address.locale,
        bot=ChannelAccount(id=address.bot_id, name=address.bot_name)
        if address.bot_id else None,
        user=ChannelAccount(id=address.user_id) if address.user_id else None,
        conversation=ConversationAccount(
            id=address.conversation_id, tenant_id=address.tenant_id,
            conversation_type=address.conversation_type,
            is_group=address.is_group or None, name=address.conversation_name),
    )
