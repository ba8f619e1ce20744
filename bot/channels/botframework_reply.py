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

from bot.render import adaptive, text
from bot.render.tip_cards import READ_MORE, parts_of
from bot.render.views import Notice, Tip, View

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
    if supports_cards(channel_id):
        activity = MessageFactory.attachment(CardFactory.adaptive_card(adaptive.render(view)))
        if isinstance(view, Tip):  # the line a notification shows
            activity.summary = parts_of(view).heading
        return activity
    rendered = text.render(view)
    actions = [
        CardAction(type=ActionTypes.message_back, title=label, value=value, display_text=label)
        for label, value in rendered.choices
    ]
    if isinstance(view, Tip):
        actions.insert(0, CardAction(type=ActionTypes.open_url, title=READ_MORE,
                                     value=parts_of(view).url))
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


def card_reply(messages: list[Activity]) -> tuple[dict[str, Any] | None, list[Activity]]:
    """Split an Action.Execute reply into the card that replaces the clicked one and the rest.

    The first message with a card replaces the clicked card, with any plain texts sent
    before it on top (a preface belongs to what it introduces); every later message is
    sent as a message of its own, in order, so unrelated cards are never merged. A reply
    without any card returns None: the clicked card stays as it is (a colleague tapping
    someone else's question must not wipe it).
    """
    for index, message in enumerate(messages):
        content = card_of(message)
        if content is None:
            continue
        preface = [m for m in messages[:index] if m.text and card_of(m) is None]
        if not preface:
            return content, messages[index + 1:]
        merged = dict(content)
        merged["body"] = [adaptive.text_block(m.text) for m in preface] + list(
            content.get("body", []))
        return merged, [m for m in messages[:index] if m not in preface] + messages[index + 1:]
    return None, messages
