"""A conversation's stored state, as one turn reads and changes it (no platform SDK).

The document is a dict of named parts ("BlendbotConversation", "BlendbotPending",
"BlendbotReadiness", ...), each plain JSON owned by one feature. The channel edge loads it
before the turn and saves it after, only when something changed and only if nobody else
wrote it meanwhile (the eTag); see :mod:`bot.storage.conversation_store`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def _snapshot(parts: Mapping[str, Any]) -> tuple[str, bool]:
    """The parts as canonical JSON text, and whether they are plain JSON (the text is then
    the document to store); a value JSON does not know is written by ``repr``."""
    try:
        return json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                          allow_nan=False), True
    except (TypeError, ValueError):
        return json.dumps(parts, sort_keys=True, default=repr, separators=(",", ":")), False


class ConversationData:
    """The parts of one conversation's state, and whether this turn changed them."""

    def __init__(self, parts: Mapping[str, Any] | None = None, etag: str | None = None
                 ) -> None:
        self.replace(parts, etag)

    def replace(self, parts: Mapping[str, Any] | None, etag: str | None) -> None:
        """Carry on from ``parts`` as stored under ``etag`` (None: not stored yet)."""
        self._parts: dict[str, Any] = dict(parts or {})
        self.etag = etag
        self._saved = _snapshot(self._parts)[0]

    def get(self, name: str, default: Any = None) -> Any:
        return self._parts.get(name, default)

    def part(self, name: str) -> dict[str, Any]:
        """The named part as a dict to change in place (made when absent or not a dict)."""
        value = self._parts.get(name)
        if not isinstance(value, dict):
            value = self._parts[name] = {}
        return value

    def set(self, name: str, value: Any) -> None:
        self._parts[name] = value

    def delete(self, name: str) -> None:
        self._parts.pop(name, None)

    def clear(self) -> None:
        self._parts.clear()

    @property
    def changed(self) -> bool:
        return self.unsaved() is not None

    def unsaved(self) -> tuple[str, bool] | None:
        """None when nothing changed since the load or the last save; else the parts as
        JSON text and whether that text is plain JSON (one encoding serves both)."""
        text, plain = _snapshot(self._parts)
        return None if text == self._saved else (text, plain)

    def to_document(self) -> dict[str, Any]:
        return dict(self._parts)

    def mark_saved(self, etag: str | None, text: str | None = None) -> None:
        """Saved under ``etag``; ``text`` is what :meth:`unsaved` gave, if it was saved."""
        self.etag = etag
        self._saved = text if text is not None else _snapshot(self._parts)[0]
