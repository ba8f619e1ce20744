"""The messaging extension: search cards from the compose box and insert one into a post.

Each result is the full Adaptive Card (knowledge only, no submit buttons: whoever reads the
post should not press buttons meant for a conversation with the bot) with a thumbnail
preview (title, summary). An empty query (or Teams' ``initialRun``) lists the most asked
cards, topped up with the core cards.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botbuilder.core import CardFactory
from botbuilder.schema import Attachment, ThumbnailCard
from botbuilder.schema.teams import (
    MessagingExtensionAttachment,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)
from msrest.serialization import Model

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


@dataclass(frozen=True)
class SearchQuery:
    """What a ``composeExtension/query`` asks for, whatever shape its value had."""

    command_id: str
    text: str
    limit: int


def _field(obj: Any, json_key: str, attribute: str) -> Any:
    """A field of a raw JSON object or of the SDK's model; None for anything else."""
    if isinstance(obj, Mapping):
        return obj.get(json_key)
    if isinstance(obj, Model):
        return getattr(obj, attribute, None)
    return None


def query_text(query: Any, max_chars: int) -> str:
    """The typed search text ('' for the initial run, an empty box or a malformed query)."""
    parameters = _field(query, "parameters", "parameters")
    for parameter in parameters if isinstance(parameters, list | tuple) else []:
        if _field(parameter, "name", "name") == INITIAL_RUN:
            continue
        value = _field(parameter, "value", "value")
        if isinstance(value, str | int | float):
            return " ".join(str(value).split())[:max_chars]
    return ""


def parse_query(query: MessagingExtensionQuery | Mapping[str, Any] | Any,
                max_chars: int) -> SearchQuery:
    """Total: any value (the SDK's model, raw JSON, None, junk) gives a query.

    Malformed parts count as absent, so junk becomes the empty query (the most asked cards).
    A missing ``commandId`` means our only command.
    """
    command = _field(query, "commandId", "command_id")
    count = _field(_field(query, "queryOptions", "query_options"), "count", "count")
    limit = max(1, min(MAX_RESULTS, count if isinstance(count, int) and count > 0
                       else MAX_RESULTS))
    return SearchQuery(command_id=SEARCH_COMMAND_ID if command is None else str(command),
                       text=query_text(query, max_chars), limit=limit)


def share_url(public_url: str, card_id: str) -> str:
    return f"{public_url.rstrip('/')}/kaarten/{card_id}"


def shareable_card(card: Card, public_url: str) -> dict[str, Any]:
    """The answer card as a DigiCoach posts it: content plus a link to the public page."""
    content = adaptive.render(Answer(card=card, expanded=True))
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


async def on_query(services: BotServices,
                   query: MessagingExtensionQuery | Mapping[str, Any] | Any
                   ) -> MessagingExtensionResponse:
    """The ``composeExtension/query`` response: a list of cards (possibly empty).

    ``query`` may be the SDK's model or the raw activity value; see :func:`parse_query`.
    """
    cards: list[Card] = []
    parsed = parse_query(query, services.settings.max_text_chars)
    if parsed.command_id == SEARCH_COMMAND_ID:
        text = parsed.text
        cards = await find_cards(services, text, parsed.limit)
        log.info("event=extension_query empty=%s results=%d chars=%d",
                 not text, len(cards), len(text))
    else:
        log.info("event=extension_query_unknown_command")
    public_url = services.settings.public_url
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(
        attachment_layout="list", type="result",
        attachments=[_attachment(card, public_url) for card in cards]))
