"""Plain typed results of the classifier. No platform SDK here: every renderer reads these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Intent = Literal["scenario", "question", "other"]
Verdict = Literal["blended", "niet_blended", "onduidelijk"]
Place = Literal["fysiek", "werkplek", "online", "thuis"]
Timing = Literal["synchroon", "asynchroon"]

#: The criteria of the definition that the bot can ask about, in the default asking order.
CRITERIA: tuple[str, ...] = ("fysiek", "online", "samenhang", "interactie")

#: The signals of the contract (``shared/spec/classify.md``), in display order.
CORE_SIGNALS: tuple[str, ...] = (
    "fysiek",
    "online",
    "samenhang",
    "interactie",
    "gelijktijdig_gesplitst",
)


@dataclass(frozen=True, slots=True)
class Alternative:
    card: str
    score: float


@dataclass(frozen=True, slots=True)
class Activity:
    """One learning activity of a described lesson (``shared/spec/classify.md``).

    ``text`` is an exact piece of the input text; ``place``, ``timing`` and ``interactie``
    are None when the text does not say.
    """

    text: str
    place: Place | None = None
    timing: Timing | None = None
    interactie: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "place": self.place, "timing": self.timing,
                "interactie": self.interactie}


@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier concluded about one text.

    ``signals`` maps a signal name to True (seen), False (seen as absent or negated) or
    None (not mentioned). ``unsure`` is True when the bot should ask ``follow_up`` instead
    of (or before) showing ``card``; ``follow_up`` is a key naming *what* to ask about
    (for example ``"online"``, ``"samenhang"``, ``"kies-kaart"``), the Dutch wording lives
    in the renderer.
    """

    text: str
    intent: Intent
    verdict: Verdict | None
    card: str | None
    confidence: float
    alternatives: tuple[Alternative, ...] = ()
    signals: dict[str, bool | None] = field(default_factory=dict)
    unsure: bool = False
    follow_up: str | None = None
    #: The lesson analysis: activities in the order they happen (scenarios only).
    activities: tuple[Activity, ...] = ()
    #: For every signal that is True or False, the words of the input (or of a follow-up
    #: answer, see ``answered``) it rests on; None for a signal that is None.
    evidence: dict[str, str | None] = field(default_factory=dict)
    #: Criteria (``CRITERIA``) the text leaves open, in the order the bot should ask.
    missing: tuple[str, ...] = ()
    #: Criteria whose value came from the teacher's follow-up answers, not from the text.
    answered: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The object of the ``blendbot classify`` contract."""
        return {
            "text": self.text,
            "intent": self.intent,
            "verdict": self.verdict,
            "card": self.card,
            "confidence": round(float(self.confidence), 4),
            "alternatives": [
                {"card": a.card, "score": round(float(a.score), 4)} for a in self.alternatives
            ],
            "signals": dict(self.signals),
            "unsure": self.unsure,
            "follow_up": self.follow_up,
            "activities": [a.to_json() for a in self.activities],
            "evidence": {name: self.evidence.get(name) for name in self.signals},
            "missing": list(self.missing),
            "answered": list(self.answered),
        }
