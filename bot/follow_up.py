"""What a follow-up answer means for the verdict. Pure functions, no I/O.

The teacher's answer is added to the original text as a sentence (``wording.FOLLOW_UP_ADDITION``)
and the text is classified again. Some answers settle the verdict whatever the model says:
blended always needs a physical part, an online part and coherence, and a split group at the
same time is hybrid learning.
"""

from __future__ import annotations

from dataclasses import replace

from bot.render import wording
from bot.render.actions import NO, YES
from classifier.types import CORE_SIGNALS, Classification

#: (question, answer) -> the card that explains why this is not (yet) blended.
DECISIVE: dict[tuple[str, str], str] = {
    ("online", NO): "def-blended-leren",
    ("fysiek", NO): "mis-afstandsleren",
    ("samenhang", NO): "def-blended-leren",
    ("gelijktijdig_gesplitst", YES): "mis-hybride",
}
#: At most this many follow-up questions for one teacher question.
MAX_FOLLOW_UPS = 2


def addition(key: str, answer: str) -> str | None:
    """The sentence an answer adds to the text, or None ("weet ik niet", unknown keys)."""
    return wording.FOLLOW_UP_ADDITION.get(key, {}).get(answer)


def settle(c: Classification, key: str, answer: str) -> Classification:
    """Apply a yes/no answer to the re-classified result."""
    if key not in CORE_SIGNALS or answer not in (YES, NO):
        return c
    signals = {**c.signals, key: answer == YES}
    card = DECISIVE.get((key, answer))
    if card is None:
        return replace(c, signals=signals)
    return replace(c, signals=signals, intent="scenario", verdict="niet_blended", card=card,
                   unsure=False, follow_up=None)


def ask_again(c: Classification, asked: list[str]) -> bool:
    """Ask one more question only when there is still no card to show."""
    return c.card is None and len(asked) < MAX_FOLLOW_UPS


def next_key(c: Classification, asked: list[str], has_candidates: bool) -> str:
    """The follow-up key to ask: the classifier's, unless asked already or unanswerable."""
    key = c.follow_up or "kies-kaart"
    if key in asked or (key not in CORE_SIGNALS and not has_candidates):
        key = next((s for s in ("online", "samenhang", "fysiek") if s not in asked), key)
    return key
