"""A compose-box search result as Teams' ``composeExtension`` invoke response (plain JSON)."""

from __future__ import annotations

from typing import Any

from bot.digicoach.search import SearchResult
from bot.render import adaptive

THUMBNAIL = "application/vnd.microsoft.card.thumbnail"


def compose_response(result: SearchResult) -> dict[str, Any]:
    """One list entry per card: the full card to insert, a thumbnail (title, summary) to pick."""
    return {"composeExtension": {
        "type": "result",
        "attachmentLayout": "list",
        "attachments": [
            {"contentType": adaptive.CONTENT_TYPE, "content": content,
             "preview": {"contentType": THUMBNAIL,
                         "content": {"title": card.title, "text": card.summary}}}
            for card, content in zip(result.cards, result.shareable, strict=True)],
    }}
