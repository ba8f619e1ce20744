"""What a teacher typed, cleaned the same way on every channel (no platform SDK).

Everything here runs on the event loop for text a caller chose, so every step is linear in
the text and the raw text is cut before it is cleaned (a regex such as
``<at\\b[^>]*>.*?</at>`` retries from every ``<at`` and is quadratic on ``<at><at><at>...``).
"""

from __future__ import annotations

import html
import re

#: Raw characters read per allowed character: room for markup that cleaning removes.
RAW_CHARS_PER_CHAR = 8
_AT_OPEN = re.compile(r"<at\b", re.IGNORECASE)
_AT_CLOSE = re.compile(r"</at>", re.IGNORECASE)
#: A tag ends at the first ``>``; a ``<`` inside cannot start it, so no start rescans.
_HTML_TAG = re.compile(r"<[^<>]{0,500}>")


def drop_at_tags(text: str) -> str:
    """Replace every ``<at ...>...</at>`` span by a space, in one forward pass.

    Same spans as the non-greedy regex; when no ``</at>`` follows an opening tag, none
    follows any later one either, so the scan stops there instead of retrying.
    """
    parts: list[str] = []
    position = 0
    while True:
        opening = _AT_OPEN.search(text, position)
        if opening is None:
            break
        tag_end = text.find(">", opening.end())
        closing = _AT_CLOSE.search(text, tag_end + 1) if tag_end >= 0 else None
        if closing is None:
            break
        parts.append(text[position:opening.start()])
        parts.append(" ")
        position = closing.end()
    parts.append(text[position:])
    return "".join(parts)


def clean(text: str) -> str:
    """Drop leftover mention tags and HTML, unescape entities, collapse white space."""
    text = _HTML_TAG.sub(" ", drop_at_tags(text))
    return " ".join(html.unescape(text).split())


def cut_raw(raw: str, max_chars: int) -> tuple[str, bool]:
    """The part of ``raw`` worth cleaning for ``max_chars`` characters, and whether it was
    cut."""
    limit = max_chars * RAW_CHARS_PER_CHAR
    return (raw[:limit], True) if len(raw) > limit else (raw, False)


def read_typed(raw: str, max_chars: int, *, cut: bool = False) -> tuple[str, bool]:
    """(cleaned text of at most ``max_chars``, whether it was truncated); ``cut`` says that
    ``raw`` was already cut by :func:`cut_raw`."""
    text = clean(raw)
    truncated = cut or len(text) > max_chars
    return (text[:max_chars].rstrip() if truncated else text), truncated
