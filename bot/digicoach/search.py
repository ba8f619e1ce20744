"""The messaging extension: search cards from the compose box and insert one into a post.

Each result is the full Adaptive Card (knowledge only, no submit buttons: whoever reads the
post should not press buttons meant for a conversation with the bot) with a thumbnail
preview (title, summary). An empty query (or Teams' ``initialRun``) lists the most asked
cards, topped up with the core cards.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from botbuilder.core import CardFactory
from botbuilder.schema import Attachment, ThumbnailCard
from botbuilder.schema.teams import (
    MessagingExtensionAttachment,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)

from bot import insights
from bot.digicoach import wording as w
from bot.render import adaptive
from bot.render.views import Answer
from knowledge.models import Card, CardKind

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

SEARCH_COMMAND_ID = "searchCards"
MAX_RESULTS = 10
INITIAL_RUN = "initialRun"


def query_text(query: MessagingExtensionQuery, max_chars: int) -> str:
    """The typed search text ('' for the initial run or an empty box)."""
    for parameter in query.parameters or []:
        if parameter.name == INITIAL_RUN:
            continue
        value = parameter.value
        if isinstance(value, str | int | float):
            return " ".join(str(value).split())[:max_chars]
    return ""


def share_url(public_url: str, card_id: str) -> str:
    return f"{public_url.rstrip('/')}/kaarten/{card_id}"


def shareable_card(card: Card, public_url: str) -> dict[str, Any]:
    """The answer card as a DigiCoach posts it: content plus a link to the public page."""
    content = adaptive.render(Answer(card=card))
    content["actions"] = [{"type": "Action.OpenUrl", "title": w.READ_MORE,
                           "url": share_url(public_url, card.id)}]
    return content


def _attachment(card: Card, public_url: str) -> MessagingExtensionAttachment:
    preview: Attachment = CardFactory.thumbnail_card(
        ThumbnailCard(title=card.title, text=card.summary))
    return MessagingExtensionAttachment(
        content_type=adaptive.CONTENT_TYPE, content=shareable_card(card, public_url),
        preview=preview)


def _core_cards(services: BotServices) -> list[Card]:
    """Definitions first, then misconceptions: the cards worth showing without a query."""
    order = {CardKind.DEFINITION: 0, CardKind.MISCONCEPTION: 1}
    return sorted(services.knowledge.answer_cards(), key=lambda c: (order.get(c.kind, 2), c.id))


async def find_cards(services: BotServices, text: str, limit: int = MAX_RESULTS) -> list[Card]:
    kb = services.knowledge
    if text:
        hits = services.classifier.search(text, limit=limit)
        return [kb.cards[a.card] for a in hits if a.card in kb.cards]
    async with services.database.connect() as conn:
        asked = await insights.most_asked(conn, limit)
    cards = [kb.cards[i] for i in asked if i in kb.cards]
    for card in _core_cards(services):
        if len(cards) >= limit:
            break
        if card not in cards:
            cards.append(card)
    return cards


async def on_query(services: BotServices, query: MessagingExtensionQuery
                   ) -> MessagingExtensionResponse:
    """The ``composeExtension/query`` response: a list of cards (possibly empty)."""
    cards: list[Card] = []
    if query.command_id == SEARCH_COMMAND_ID:
        text = query_text(query, services.settings.max_text_chars)
        options = query.query_options
        count = getattr(options, "count", None) if options else None
        limit = max(1, min(MAX_RESULTS, count if isinstance(count, int) and count > 0
                           else MAX_RESULTS))
        cards = await find_cards(services, text, limit)
        log.info("event=extension_query empty=%s results=%d chars=%d",
                 not text, len(cards), len(text))
    else:
        log.info("event=extension_query_unknown_command")
    public_url = services.settings.public_url
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(
        attachment_layout="list", type="result",
        attachments=[_attachment(card, public_url) for card in cards]))
