"""Counting what a teacher sees at first sight of a reply, per renderer."""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"\w", re.UNICODE)


def words(text: str) -> int:
    """Words in ``text``: white-space separated pieces with a letter or digit in them."""
    return sum(1 for piece in text.replace("**", " ").split() if _WORD.search(piece))


def adaptive_visible(card: dict[str, Any]) -> str:
    """The text of a card's body and its button titles; not what a ShowCard hides."""
    out: list[str] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item.get("type") == "TextBlock":
                out.append(item["text"])
            walk(item.get("items", []))

    walk(card["body"])
    out += [a["title"] for a in card.get("actions", [])]
    return "\n".join(out)


def slack_visible(blocks: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(out)
