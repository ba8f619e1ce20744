"""A view as the message activity JSON of the Bot Framework protocol (camelCase keys).

Channels that show Adaptive Cards (Teams, Web Chat, the Emulator) get a card attachment;
text-only channels get Markdown text with the buttons as ``messageBack`` suggested actions.
Both Teams adapters send these messages: botbuilder's as an ``Activity`` made from this JSON
(:func:`bot.channels.botframework_reply.to_activity`), the Agents SDK's as its own model.
"""

from __future__ import annotations

from typing import Any

from bot.render import adaptive, text
from bot.render.tip_cards import READ_MORE, parts_of
from bot.render.views import Notice, Tip, View

#: Channels that cannot show Adaptive Cards nor update a sent message.
TEXT_CHANNELS: frozenset[str] = frozenset({"terminal"})
ACCEPTING_INPUT = "acceptingInput"
#: Universal Action answers: keep the tapped card and show a text / show an error.
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
ERROR_RESPONSE = "application/vnd.microsoft.error"


def shows_cards(channel_id: str | None) -> bool:
    return channel_id not in TEXT_CHANNELS


def text_message(message: str) -> dict[str, Any]:
    return {"type": "message", "text": message, "inputHint": ACCEPTING_INPUT}


def message_json(view: View, channel_id: str | None) -> dict[str, Any]:
    """The outgoing message for ``view`` on ``channel_id``."""
    if isinstance(view, Notice) and not view.buttons:
        return text_message(view.text)
    if shows_cards(channel_id):
        message: dict[str, Any] = {
            "type": "message", "attachmentLayout": "list",
            "attachments": [{"contentType": adaptive.CONTENT_TYPE,
                             "content": adaptive.render(view)}]}
        if isinstance(view, Tip):  # the line a notification shows
            message["summary"] = parts_of(view).heading
        return message
    rendered = text.render(view)
    actions: list[dict[str, Any]] = [
        {"type": "messageBack", "title": label, "value": value, "displayText": label}
        for label, value in rendered.choices]
    if isinstance(view, Tip):
        actions.insert(0, {"type": "openUrl", "title": READ_MORE, "value": parts_of(view).url})
    message = {"type": "message", "text": rendered.text, "textFormat": "markdown"}
    if actions:
        message["suggestedActions"] = {"actions": actions}
    return message


def action_error(status: int, code: str, message: str) -> dict[str, Any]:
    """The body of a Universal Action answer that reports an error."""
    return {"statusCode": status, "type": ERROR_RESPONSE,
            "value": {"code": code, "message": message}}


def card_of(message: dict[str, Any]) -> dict[str, Any] | None:
    """The Adaptive Card content of an outgoing message, if it has one."""
    for attachment in message.get("attachments") or []:
        if (isinstance(attachment, dict) and attachment.get("contentType") == adaptive.CONTENT_TYPE
                and isinstance(attachment.get("content"), dict)):
            return attachment["content"]
    return None


def card_reply(messages: list[dict[str, Any]]
               ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Split an Action.Execute reply into the card that replaces the clicked one and the rest.

    The first message with a card replaces the clicked card, with any plain texts sent
    before it on top (a preface belongs to what it introduces); every later message is
    sent as a message of its own, in order. A reply without any card returns None: the
    clicked card stays as it is.
    """
    for index, message in enumerate(messages):
        content = card_of(message)
        if content is None:
            continue
        preface = [m for m in messages[:index] if m.get("text") and card_of(m) is None]
        if not preface:
            return content, messages[index + 1:]
        merged = dict(content)
        merged["body"] = [adaptive.text_block(m["text"]) for m in preface] + list(
            content.get("body", []))
        rest = [m for m in messages[:index] if m not in preface] + messages[index + 1:]
        return merged, rest
    return None, messages
