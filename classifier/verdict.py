"""The verdict of the definition, from the lesson analysis and the teacher's answers.

Blended needs a physical part (school or workplace), an online part and activities that
build on each other, and no sign that students do not interact (Curio definition note; HAN
definition in the mbo handreiking). A criterion the text denies makes it ``niet_blended``;
a criterion left open makes it ``onduidelijk``. The model may choose *which* card explains
a "not blended", never that something is blended the analysis does not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from classifier.types import CRITERIA

#: Criteria a blend requires to be present (True); ``interactie`` only must not be False.
REQUIRED: tuple[str, ...] = ("fysiek", "online", "samenhang")
BLENDED_CARD = "def-blended-leren"
HYBRID_CARD = "mis-hybride"
#: The misconception card that explains a denied criterion when no pattern says more.
DENIED_CARD: dict[str, str] = {"fysiek": "mis-afstandsleren"}
#: Pattern signals and the misconception they are the pattern of, most specific first.
PATTERN_CARDS: tuple[tuple[str, str], ...] = (
    ("gelijktijdig_gesplitst", HYBRID_CARD),
    ("corona", "mis-noodonderwijs"),
    ("alleen_opname", "mis-video"),
    ("alleen_tool", "mis-ict-inzet"),
    ("afstand", "mis-afstandsleren"),
    ("bezuiniging", "mis-bezuiniging"),
    ("iets_nieuws", "mis-iets-nieuws"),
    ("al_goed", "mis-al-goed"),
    ("verschoolsing", "mis-verschoolsing"),
)
#: Which patterns can explain which denied criterion.
PATTERN_FOR: dict[str, frozenset[str]] = {
    "fysiek": frozenset({"mis-afstandsleren", "mis-noodonderwijs", "mis-bezuiniging", "mis-video",
                         HYBRID_CARD}),
    "online": frozenset({"mis-ict-inzet", "mis-video", "mis-noodonderwijs"}),
    "samenhang": frozenset({"mis-video", "mis-ict-inzet", "mis-noodonderwijs",
                            "mis-iets-nieuws", "mis-bezuiniging", HYBRID_CARD}),
    "interactie": frozenset({"mis-video", "mis-noodonderwijs"}),
}


#: Misconceptions that are beliefs about blended rather than a lesson's pattern of work.
BELIEF_CARDS = frozenset({"mis-verschoolsing", "mis-bezuiniging", "mis-iets-nieuws",
                          "mis-al-goed"})
#: Cards the model may give a described lesson only when the text shows their pattern.
PATTERN_BOUND = frozenset({"mis-ict-inzet", "mis-video", HYBRID_CARD})
#: The model's misconception card explains a denial when it is at least this sure.
MODEL_CARD_MIN = 0.4


@dataclass(frozen=True, slots=True)
class Applied:
    """Signals and evidence after the teacher's answers, and what the answers changed."""

    signals: dict[str, bool | None]
    evidence: dict[str, str | None]
    answered: tuple[str, ...]


def apply_answers(
    signals: Mapping[str, bool | None],
    evidence: Mapping[str, str | None],
    answers: Mapping[str, bool] | None,
) -> Applied:
    """Answers count only for criteria the text leaves open; their evidence stays None."""
    out = dict(signals)
    ev = dict(evidence)
    answered: list[str] = []
    for name in CRITERIA:
        value = (answers or {}).get(name)
        if isinstance(value, bool) and out.get(name) is None:
            out[name] = value
            ev[name] = None
            answered.append(name)
    return Applied(out, ev, tuple(answered))


def denied(signals: Mapping[str, bool | None]) -> list[str]:
    return [name for name in CRITERIA if signals.get(name) is False]


def missing(signals: Mapping[str, bool | None]) -> tuple[str, ...]:
    """The required criteria the text leaves open, in asking order."""
    return tuple(name for name in REQUIRED if signals.get(name) is None)


def is_blend(signals: Mapping[str, bool | None]) -> bool:
    return all(signals.get(name) is True for name in REQUIRED) and (
        signals.get("interactie") is not False
    ) and signals.get("gelijktijdig_gesplitst") is not True


def patterns(signals: Mapping[str, bool | None]) -> list[str]:
    """The misconception cards whose pattern the text shows, most specific first."""
    return [card for signal, card in PATTERN_CARDS if signals.get(signal) is True]


def denial_card(
    signals: Mapping[str, bool | None], model_card: str | None, model_confidence: float,
    lesson_described: bool,
) -> str:
    """The card that explains why a text with a denied criterion is not blended.

    A belief without a described lesson ("online leren ze toch niks") gets the model's
    misconception card; otherwise a card that fits the first denied criterion: the
    model's when it is sure enough, else the pattern's, else the definition's.
    """
    first = denied(signals)[0]
    fitting = PATTERN_FOR.get(first, frozenset())
    shown = patterns(signals)
    if model_card and model_card.startswith("mis-") and (
        not lesson_described or (
            model_card in fitting and model_confidence >= MODEL_CARD_MIN
            and (model_card in shown or model_card not in PATTERN_BOUND)
        )
    ):
        return model_card
    for card in shown:
        if card in fitting:
            return card
    return DENIED_CARD.get(first, BLENDED_CARD)
