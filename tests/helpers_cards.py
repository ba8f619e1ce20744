"""Reading Adaptive Cards in tests: the visible text of a card's body."""

from __future__ import annotations

from typing import Any


def card_text(content: dict[str, Any]) -> str:
    """Every TextBlock text of a card (containers included), in order, one per line."""
    out: list[str] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            if item["type"] == "TextBlock":
                out.append(item["text"])
            walk(item.get("items", []))

    walk(content["body"])
    return "\n".join(out)
