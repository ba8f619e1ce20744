"""The weekly tip message: an Adaptive Card in Teams, Markdown text elsewhere.

Both show the same content and the same two buttons: "Lees de hele kaart" (a link to
``{public_url}/kaarten/<id>``) and "Afmelden" (submit value ``{"action": "tips_off"}``).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
    SuggestedActions,
    TextFormatTypes,
)

from bot.render import adaptive
from bot.render.reply import supports_cards
from bot.tips.rotation import TipItem, TipKind

TIPS_OFF_VALUE: dict[str, str] = {"action": "tips_off"}
READ_MORE = "Lees de hele kaart"
UNSUBSCRIBE = "Afmelden"
HEADING = {
    TipKind.TIP: "💡 Tip van de week",
    TipKind.ADVICE: "🧭 Advies van de week",
    TipKind.STELLING: "💬 Stelling van de week",
}
STELLING_PROMPT = "Eens of oneens? Bespreek het met je team."
FOOTER = "Je krijgt elke week één tip. Geen tips meer? Kies Afmelden of typ **tips uit**."


def card_url(public_url: str, card_id: str) -> str:
    return f"{public_url.rstrip('/')}/kaarten/{card_id}"


def _lines(item: TipItem) -> tuple[str, str, str]:
    """(title, main text, subtitle) of a tip message."""
    if item.kind is TipKind.STELLING:
        return HEADING[item.kind], f"**{item.stelling}**", STELLING_PROMPT
    return HEADING[item.kind], f"**{item.card.title}**", item.card.summary


def adaptive_tip(item: TipItem, public_url: str) -> dict[str, Any]:
    """Adaptive Card 1.5 for one week's tip."""
    heading, main, sub = _lines(item)
    body = [
        adaptive.text_block(heading, size="Medium", weight="Bolder", color="Accent"),
        adaptive.text_block(main),
        adaptive.text_block(sub),
    ]
    if item.kind is TipKind.STELLING:
        body.append(adaptive.text_block(f"Uit de kaart {item.card.title}", isSubtle=True))
    body.append(adaptive.text_block(FOOTER, isSubtle=True, size="Small"))
    card = adaptive.card(body, [(UNSUBSCRIBE, dict(TIPS_OFF_VALUE))])
    card["actions"].insert(0, {"type": "Action.OpenUrl", "title": READ_MORE,
                               "url": card_url(public_url, item.card.id)})
    return card


def text_tip(item: TipItem, public_url: str) -> str:
    """Markdown text for one week's tip (buttons go in suggested actions)."""
    heading, main, sub = _lines(item)
    parts = [f"**{heading}**", main, sub]
    if item.kind is TipKind.STELLING:
        parts.append(f"Uit de kaart {item.card.title}")
    parts.append(f"{READ_MORE}: {card_url(public_url, item.card.id)}")
    parts.append(FOOTER)
    return "\n\n".join(parts)


def tip_activity(item: TipItem, channel_id: str | None, public_url: str) -> Activity:
    """The outgoing message for ``item`` on ``channel_id``."""
    if supports_cards(channel_id):
        activity = MessageFactory.attachment(
            CardFactory.adaptive_card(adaptive_tip(item, public_url))
        )
        activity.summary = _lines(item)[0]
        return activity
    unsubscribe = CardAction(type=ActionTypes.message_back, title=UNSUBSCRIBE,
                             value=dict(TIPS_OFF_VALUE), display_text=UNSUBSCRIBE)
    read_more = CardAction(type=ActionTypes.open_url, title=READ_MORE,
                           value=card_url(public_url, item.card.id))
    return Activity(
        type=ActivityTypes.message,
        text=text_tip(item, public_url),
        text_format=TextFormatTypes.markdown,
        suggested_actions=SuggestedActions(actions=[read_more, unsubscribe]),
    )
