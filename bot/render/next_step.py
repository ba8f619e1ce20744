"""One concrete next step that would make a described lesson (more) blended.

Pure: picks, from what a classification says is missing or denied, the reason for the step
(a key of ``wording.NEXT_STEP``) and the tip card that says how to do it.
"""

from __future__ import annotations

from classifier.types import CRITERIA, Classification
from knowledge.models import Card, CardKind

#: The tip that explains how to take the step, per reason.
TIP_FOR: dict[str, str] = {
    "gelijktijdig_gesplitst": "tip-verbind",
    "fysiek": "tip-verbind",
    "online": "tip-begin-klein",
    "samenhang": "tip-verbind",
    "interactie": "tip-didactiek",
    "blended": "tip-iets-erin-iets-eruit",
    "alleen_tool": "tip-leerdoelen",
    "alleen_opname": "tip-verbind",
    "corona": "tip-verbind",
    "afstand": "tip-verbind",
    "bezuiniging": "tip-niet-dubbel",
}
#: Misconception patterns, in the order they are checked when no criterion is open.
PATTERNS: tuple[str, ...] = ("alleen_tool", "alleen_opname", "corona", "afstand", "bezuiniging")


def reason(c: Classification) -> str:
    """Why a next step is needed: the split group, a denied criterion, a missing one, ..."""
    if c.signals.get("gelijktijdig_gesplitst") is True and c.verdict != "blended":
        return "gelijktijdig_gesplitst"
    denied = [k for k in CRITERIA if c.signals.get(k) is False]
    if denied:
        return denied[0]
    open_ = [k for k in c.missing if k in CRITERIA] or [
        k for k in CRITERIA if c.signals.get(k) is None and k != "interactie"]
    if open_:
        return open_[0]
    if c.verdict == "blended":
        return "blended"
    return next((p for p in PATTERNS if c.signals.get(p) is True), "related")


def tip_id(c: Classification, card: Card | None) -> str | None:
    """The tip card for the step; for "related" the first tip the answer card names."""
    key = reason(c)
    if key in TIP_FOR:
        return TIP_FOR[key]
    related = [r for r in (card.related if card else []) if r.startswith("tip-")]
    return related[0] if related else None


def is_tip(card: Card) -> bool:
    return card.kind is CardKind.TIP
