"""JSON from callers, with a nesting limit checked before anything is parsed.

``json.loads`` recurses once per ``[`` or ``{``: ten thousand nested brackets raise
``RecursionError`` (not ``ValueError``), and anything deep that does parse still reaches
the SDK's recursive (de)serializers. :func:`loads_bounded` first measures the depth in one
linear pass over the raw text and refuses bodies nested deeper than ``max_depth``.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Deep enough for any Bot Framework activity or Slack payload (Adaptive Cards included).
MAX_JSON_DEPTH = 64
_SPECIAL = re.compile(r'["\\\[\]{}]')
_OPENERS = frozenset("[{")


class TooDeepError(ValueError):
    """The JSON is nested deeper than the limit (or unbalanced on the way there)."""


def nesting_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """The bracket depth of ``text`` outside strings; stops counting above ``limit``.

    Linear: a regex finds the few bytes that matter (quotes, backslashes, brackets) and a
    small state machine walks only those. Invalid JSON is not judged here, only depth.
    """
    depth = deepest = 0
    in_string = False
    escaped_at = -1  # index of the character a backslash escapes
    for match in _SPECIAL.finditer(text):
        index = match.start()
        if index == escaped_at:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_at = index + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        else:
            depth -= 1
    return deepest


def loads_bounded(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` that raises :class:`TooDeepError` instead of recursing deeper."""
    openers = text.count("[") + text.count("{")  # C speed; real activities stop here
    if openers > max_depth and nesting_depth(text, max_depth) > max_depth:
        raise TooDeepError(f"JSON nested deeper than {max_depth}")
    return json.loads(text)
