"""Turn a view into the Bot Framework activity for a channel.

Channels that show Adaptive Cards (Teams, Web Chat, the Emulator) get a card attachment.
Text-only channels get Markdown text with the buttons as ``suggested_actions``
(``messageBack`` actions whose ``value`` is the submit value); the terminal chat shows
those as numbered choices.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
    SuggestedActions,
    TextFormatTypes,
)

from bot.render import adaptive, slack, text, wording
from bot.render.views import Notice, View

#: Channels that cannot show Adaptive Cards nor update a sent message.
TEXT_CHANNELS: frozenset[str] = frozenset({"terminal"})


def supports_cards(channel_id: str | None) -> bool:
    return channel_id not in TEXT_CHANNELS


def supports_update(channel_id: str | None) -> bool:
    return channel_id not in TEXT_CHANNELS


def to_activity(view: View, channel_id: str | None) -> Activity:
    """The outgoing message activity for ``view`` on ``channel_id``."""
    if isinstance(view, Notice) and not view.buttons:
        return MessageFactory.text(view.text)
    if channel_id == slack.CHANNEL:  # Block Kit from the same view (bot.render.slack)
        return slack.to_activity(view)
    if supports_cards(channel_id):
        return MessageFactory.attachment(CardFactory.adaptive_card(adaptive.render(view)))
    rendered = text.render(view)
    actions = [
        CardAction(type=ActionTypes.message_back, title=label, value=value, display_text=label)
        for label, value in rendered.choices
    ]
    return Activity(
        type=ActivityTypes.message,
        text=rendered.text,
        text_format=TextFormatTypes.markdown,
        suggested_actions=SuggestedActions(actions=actions) if actions else None,
    )


def card_of(activity: Activity) -> dict | None:
    """The Adaptive Card content of an outgoing activity, if it has one."""
    for attachment in activity.attachments or []:
        if attachment.content_type == adaptive.CONTENT_TYPE and isinstance(
            attachment.content, dict
        ):
            return attachment.content
    return None


async def send(turn_context: TurnContext, view: View) -> None:
    """Send ``view`` in this turn, rendered for the turn's channel."""
    await turn_context.send_activity(to_activity(view, turn_context.activity.channel_id))


def merge_cards(messages: list[Activity]) -> dict[str, Any]:
    """One Adaptive Card showing what ``messages`` would have shown (Action.Execute reply).

    Bodies are concatenated in order, texts become TextBlocks, the buttons of the last
    message that has buttons are kept.
    """
    body: list[dict[str, Any]] = []
    buttons: list[dict[str, Any]] = []
    for message in messages:
        content = card_of(message)
        if content is not None:
            body.extend(content.get("body", []))
            buttons = content.get("actions", buttons)
        elif message.text:
            body.append(adaptive.text_block(message.text))
    merged = adaptive.card(body or [adaptive.text_block(wording.DONE)], [])
    if buttons:
        merged["actions"] = buttons
    return merged
