"""Rules and model together: intent, verdict, card, confidence, alternatives and signals.

Division of labour:

- the rule layer decides what is plainly not a question for Blendbot (empty input,
  symbols, text in another language without any education words) and supplies the
  lesson analysis (activities, signals with quoted evidence), whose signals are also
  features of the model;
- the model (joint labels ``intent:verdict:card``) ranks all outcomes: it decides the
  intent and which misconception or concept card fits;
- the verdict of a scenario follows the definition (:mod:`classifier.verdict`): a denied
  criterion is never blended, an open one is onduidelijk with that criterion asked first,
  a split group at the same time is hybrid; the teacher's follow-up answers fill open
  criteria;
- low confidence or two cards close together make the result ``unsure`` with follow-up
  ``kies-kaart`` so the bot asks instead of guessing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from classifier import lexicon, verdict
from classifier.card_search import keyword_score, search_vocabulary
from classifier.dataset import Example, split_label
from classifier.features import model_text, rule_vector
from classifier.general_questions import general_question_card, why_we_should
from classifier.intent_cues import (
    about_blended,
    asks,
    asks_a_colleague,
    asks_about_a_claim,
    asks_for_concept,
    asks_why_not_blended,
    asks_why_we_should,
    checks_blended,
    describes_lesson,
    named_concepts,
    not_for_us,
    own_plan_checked,
)
from classifier.matching import Lexicon
from classifier.rules import CORE, RuleFindings, analyse
from classifier.text import RAW_CHARS, normalise, tokenize
from classifier.training import TrainedModel, build_examples, known_words, load_or_fit
from classifier.types import Activity, Alternative, Classification

log = logging.getLogger(__name__)

#: Below this confidence (or this margin to the next card) the bot asks which card fits.
MIN_CONFIDENCE = 0.35
MIN_MARGIN = 0.1
#: Confidence of a verdict the definition settles from quoted evidence.
RULE_CONFIDENCE = 0.8
#: A belief the model is this sure of (with its pattern in the text) outweighs a design
#: that meets every criterion ("ik laat ze online verwerkingsopdrachten maken die ik in de
#: les controleer: te schools?").
BELIEF_OVER_BLEND = 0.6
#: With criteria open, the model's "not blended" stands without its pattern above this.
MODEL_NOT_BLENDED_MIN = 0.5
BELIEF_CARDS = verdict.BELIEF_CARDS
ALTERNATIVES = 3
MIN_ALTERNATIVE_SCORE = 0.03
HYBRID_CARD = verdict.HYBRID_CARD
SAVINGS_CARD = "mis-bezuiniging"
#: Share of training scenarios with the split-group pattern that are labelled hybrid
#: (24 of 27): the confidence of the rule when it overrides the model.
SPLIT_PATTERN_PRECISION = 0.85
#: Rule signals that are the pattern of a misconception card, and the card of each.
MISCONCEPTION_SIGNALS: dict[str, str] = dict(verdict.PATTERN_CARDS)
_SIGNAL_OF_CARD = {card: signal for signal, card in MISCONCEPTION_SIGNALS.items()}
#: The model must give a pattern's card at least this probability before it replaces
#: an "onduidelijk" verdict.
MIN_PATTERN_SUPPORT = 0.05
#: A belief question ("... toch?") with a misconception pattern is a scenario when the
#: model gives that misconception at least this probability.
MIN_BELIEF_SUPPORT = 0.15
#: An "other" below this confidence becomes a belief (scenario) when a misconception pattern
#: occurs with at least MIN_BELIEF_SUPPORT, else a question when a card's topic words occur
#: and the model gives that card at least MIN_TOPIC_SUPPORT.
OTHER_TOPIC_SWITCH = 0.7
#: A question or scenario below this confidence that shows nothing about blended learning
#: (see :func:`_about_blended`) is staff-room talk: "other".
OFF_TOPIC_BELOW = 0.5
MIN_TOPIC_SUPPORT = 0.1


@dataclass(frozen=True, slots=True)
class _Outcome:
    intent: str
    verdict: str | None
    card: str | None
    #: The card was chosen by a rule (a question that names exactly one concept), so a
    #: model card that scores higher is no reason to doubt it.
    ruled: bool = False


class Classifier:
    """Classifies teachers' texts; built once by :func:`load_classifier`."""

    def __init__(self, kb: Any, trained: TrainedModel, lex: Lexicon) -> None:
        self.kb = kb
        self.trained = trained
        self.lex = lex
        self.labels = trained.compiled.labels
        self._outcomes = [_Outcome(*split_label(label)) for label in self.labels]
        cards = sorted({o.card for o in self._outcomes if o.card})
        self._cards = cards
        self._card_index = np.array([cards.index(o.card) if o.card else -1 for o in self._outcomes])
        self._search_words = search_vocabulary(kb)

    @property
    def from_cache(self) -> bool:
        return self.trained.from_cache

    # ------------------------------------------------------------------ classification

    def analyse(self, text: str) -> tuple[RuleFindings, np.ndarray]:
        """Rule findings and the model's probability per joint label."""
        findings = analyse(text[:RAW_CHARS], self.lex)
        probs = self.trained.compiled.predict_proba(model_text(findings), rule_vector(findings))
        return findings, probs

    def card_scores(self, probs: np.ndarray) -> dict[str, float]:
        scores = np.zeros(len(self._cards))
        mask = self._card_index >= 0
        np.add.at(scores, self._card_index[mask], probs[mask])
        return dict(zip(self._cards, scores.tolist(), strict=True))

    def classify(
        self, text: str, answers: Mapping[str, bool] | None = None
    ) -> Classification:
        """Never raises: any failure gives an ``other`` result (and a log line).

        ``answers`` holds criteria (:data:`classifier.types.CRITERIA`) the teacher confirmed
        (True) or denied (False) in a follow-up; they count for criteria the text leaves
        open, as if the text had said so, and are listed in ``answered``.
        """
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        try:
            return self._classify(text, answers if isinstance(answers, Mapping) else None)
        except Exception as exc:  # noqa: BLE001 - the contract: classify never raises
            log.error("event=classify_failed error=%s", type(exc).__name__)
            return Classification(text, "other", None, None, 0.0, (), _empty_signals(),
                                  evidence=dict.fromkeys(CORE))

    def _classify(self, text: str, answers: Mapping[str, bool] | None) -> Classification:
        findings = analyse(text[:RAW_CHARS], self.lex)
        lesson = findings.lesson
        signals = dict(findings.signals)
        evidence = dict(lesson.evidence) if lesson else dict.fromkeys(signals)
        if not_for_us(findings):
            return Classification(text, "other", None, None, 1.0, (), signals,
                                  evidence=evidence)
        probs = self.trained.compiled.predict_proba(model_text(findings), rule_vector(findings))
        cards = self.card_scores(probs)
        outcome, confidence = self._model_outcome(findings, signals, probs, cards)
        applied = verdict.apply_answers(signals, evidence, answers)
        if applied.answered and outcome.intent != "scenario":
            outcome = _Outcome("scenario", "onduidelijk", None)
        if outcome.intent == "other":
            return Classification(text, "other", None, None, confidence, (), signals,
                                  evidence=evidence)
        if outcome.intent == "question":
            return self._answer(text, outcome, confidence, cards, signals, evidence)
        return self._scenario(text, outcome, confidence, cards, probs, applied,
                              lesson.activities if lesson else (),
                              belief=bool(findings.cues["overtuiging"]))

    def _model_outcome(
        self, findings: RuleFindings, signals: dict[str, bool | None], probs: np.ndarray,
        cards: dict[str, float],
    ) -> tuple[_Outcome, float]:
        """The model's outcome, kept honest about intent (beliefs, topics, off-topic)."""
        # several branches ask whether a lesson is described: read it once, when first asked
        lesson_described = cache(partial(describes_lesson, findings))
        best = int(np.argmax(probs))
        outcome = self._outcomes[best]
        confidence = float(probs[best])
        if outcome.intent == "question" and (
            findings.cues["overtuiging"]
            # naming hybrid is a concept question; a split group in a lesson is a case
            or (signals["gelijktijdig_gesplitst"] is True and lesson_described())
        ):
            switched = self._misconception_seen(signals, probs, MIN_BELIEF_SUPPORT)
            if switched is not None:
                outcome, confidence = switched
        if outcome.intent == "other" and confidence < OTHER_TOPIC_SWITCH:
            switched = self._misconception_seen(
                signals, probs, MIN_BELIEF_SUPPORT
            ) or self._topic_question(findings, probs)
            if switched is not None:
                outcome, confidence = switched
        # "kun je uitleggen ...", "wat is (eigenlijk) het verschil tussen ...": a request
        # for the concept, whatever belief words ("eigenlijk") it uses
        explain = asks_for_concept(findings.tokens)
        if (outcome.intent in ("scenario", "other") and findings.tokens
                and (findings.tokens[0] in ("wat", "what") or explain)
                and (not findings.cues["overtuiging"] or explain)
                and not lesson_described()
                and len(named := named_concepts(findings.tokens)) == 1
                # "wat is het verschil tussen hybride en blended?" weighs a belief; "kun je
                # uitleggen waarom noodonderwijs geen blended was?" asks for the reason
                and not (next(iter(named)).startswith("mis-") and not explain
                         and lexicon.BLENDED_WORDS.intersection(findings.tokens))):
            # "Wat is verschoolsing?" asks what the concept is; it states no belief
            outcome = _Outcome("question", None, outcome.card)
            confidence = max(confidence, RULE_CONFIDENCE / 2)
        if outcome.intent == "question":
            named = named_concepts(findings.tokens)
            # the model's card gives way unless it is a concept card the text has words of
            if len(named) == 1 and outcome.card not in named and not (
                outcome.card in lexicon.CONCEPT_NAMES
                and findings.counts.get(f"topic:{outcome.card}")
            ):
                card = next(iter(named))
                outcome = _Outcome("question", None, card, ruled=True)
                confidence = max(self._label_prob(probs, "question", None, card),
                                 RULE_CONFIDENCE / 2)
        if asks_why_we_should(findings.tokens):
            outcome, confidence = self._why_we_should(signals, cards, outcome, confidence)
        claim = asks_about_a_claim(findings)
        if asks_why_not_blended(findings) or claim:
            card, ruled = general_question_card(
                findings, signals, cards, outcome.card, claim)
            outcome = _Outcome("question", None, card, ruled=ruled)
        if outcome.intent == "question" and not claim and lesson_described() and not (
            # a question after a described lesson is about that lesson ("wat zou jij nog
            # toevoegen?") unless it names a concept or the text opens with it
            (findings.cues["vraagteken"] and not checks_blended(findings)
             and (named_concepts(findings.tokens)
                  or findings.counts.get(f"topic:{outcome.card}")))
            or asks(findings.tokens)
        ):
            outcome = _Outcome("scenario", "onduidelijk", None)
        if outcome.intent == "question" and own_plan_checked(findings):
            outcome = _Outcome("scenario", "onduidelijk", None)
        if outcome.intent == "other" and lesson_described():
            outcome = _Outcome("scenario", "onduidelijk", None)
            confidence = max(self._label_prob(probs, "scenario", "onduidelijk", None),
                             RULE_CONFIDENCE / 2)
        if outcome.intent != "other" and asks_a_colleague(findings):
            outcome = _Outcome("other", None, None)
            confidence = max(self._label_prob(probs, "other", None, None), RULE_CONFIDENCE / 2)
        if (
            outcome.intent != "other"
            and confidence < OFF_TOPIC_BELOW
            and not about_blended(findings)
        ):
            outcome = _Outcome("other", None, None)
            confidence = max(self._label_prob(probs, "other", None, None), 1.0 - confidence)
        return outcome, confidence

    def _answer(
        self, text: str, outcome: _Outcome, confidence: float, cards: dict[str, float],
        signals: dict[str, bool | None], evidence: dict[str, str | None],
    ) -> Classification:
        alternatives = self._alternatives(cards, exclude=outcome.card)
        runner_up = alternatives[0].score if alternatives else 0.0
        unsure = not outcome.ruled and (
            confidence < MIN_CONFIDENCE or confidence - runner_up < MIN_MARGIN)
        return Classification(
            text, "question", None, outcome.card, confidence, alternatives, signals,
            unsure=unsure, follow_up="kies-kaart" if unsure else None, evidence=evidence,
        )

    def _scenario(
        self, text: str, outcome: _Outcome, confidence: float, cards: dict[str, float],
        probs: np.ndarray, applied: verdict.Applied, activities: tuple[Activity, ...],
        belief: bool = False,
    ) -> Classification:
        """The verdict of the definition; the model picks the card where it may."""
        s = applied.signals
        model_not = outcome.verdict == "niet_blended" and bool(outcome.card)
        # a card bound to a pattern the text does not show names no misconception in a
        # described lesson where students work together ("ze kijken een kennisclip en maken
        # daarna in groepjes een stappenplan": what is open is where, not a mere clip)
        unshown = (outcome.card in verdict.PATTERN_BOUND
                   and outcome.card not in verdict.patterns(s) and not belief
                   and (s.get("interactie") is True and any(a.place for a in activities)
                        or not any(v is True for v in s.values())
                        or outcome.card != HYBRID_CARD and s.get("online") is not True
                        # a lesson in two places, the pattern not shown: what is open is
                        # how they connect ("thuis kennisclips, in de les een practicum")
                        or len({a.place for a in activities if a.place}) >= 2))
        chosen: tuple[str, str | None]
        if s.get("gelijktijdig_gesplitst") is True:
            chosen = ("niet_blended", HYBRID_CARD)
            confidence = max(cards.get(HYBRID_CARD, 0.0), SPLIT_PATTERN_PRECISION)
        elif verdict.denied(s):
            card = verdict.denial_card(
                s, outcome.card if model_not else None, confidence,
                any(a.place for a in activities),
            )
            chosen = ("niet_blended", card)
            confidence = max(cards.get(card, 0.0), RULE_CONFIDENCE)
        elif verdict.is_blend(s):
            if model_not and confidence >= BELIEF_OVER_BLEND and (
                outcome.card in BELIEF_CARDS.intersection(verdict.patterns(s))
                or belief
            ) and s.get(_SIGNAL_OF_CARD.get(outcome.card or "", "")) is not False:
                # ... unless the text rules out that misconception's pattern ("twee helften
                # die elkaar afwisselen" is no hybrid, whatever the question calls it)
                chosen = ("niet_blended", outcome.card)
            else:
                chosen = ("blended", verdict.BLENDED_CARD)
                confidence = max(cards.get(verdict.BLENDED_CARD, 0.0), RULE_CONFIDENCE)
        elif model_not and not unshown and not self._belief_on_a_lesson(
                outcome.card, belief, activities) and (
            outcome.card in verdict.patterns(s) or not any(a.place for a in activities)
            or confidence >= MODEL_NOT_BLENDED_MIN
        ):
            chosen = ("niet_blended", outcome.card)
        else:
            switched = self._misconception_seen(s, probs, MIN_PATTERN_SUPPORT)
            if switched is not None and self._belief_on_a_lesson(
                    switched[0].card, belief, activities) and not (
                    # savings on teaching said in so many words ("zodat er een docent
                    # minder nodig is") are the plan's aim, not a word of its vocabulary
                    switched[0].card == SAVINGS_CARD and s.get("bezuiniging") is True):
                switched = None
            if switched is not None:
                chosen = ("niet_blended", switched[0].card)
                confidence = switched[1]
            else:
                chosen = ("onduidelijk", None)
                if outcome.verdict != "onduidelijk":
                    confidence = max(self._label_prob(probs, "scenario", "onduidelijk", None),
                                     1.0 - confidence)
        missing = verdict.missing(s)
        common = {"activities": activities, "evidence": applied.evidence, "missing": missing,
                  "answered": applied.answered}
        if chosen[0] == "onduidelijk":
            alternatives = self._alternatives(cards, exclude=None)
            if any(a.place for a in activities):
                alternatives = _shown_misconceptions(alternatives, s)
            return Classification(
                text, "scenario", "onduidelijk", None, confidence,
                alternatives, s, unsure=True,
                follow_up=missing[0] if missing else "kies-kaart", **common,
            )
        card = chosen[1]
        alternatives = self._alternatives(cards, exclude=card)
        if any(a.place for a in activities):
            alternatives = _shown_misconceptions(alternatives, s)
        runner_up = alternatives[0].score if alternatives else 0.0
        ruled = confidence >= RULE_CONFIDENCE
        unsure = not ruled and (
            confidence < MIN_CONFIDENCE or confidence - runner_up < MIN_MARGIN
        )
        return Classification(
            text, "scenario", chosen[0], card, confidence,  # type: ignore[arg-type]
            alternatives, s, unsure=unsure, follow_up="kies-kaart" if unsure else None,
            **common,
        )

    def _why_we_should(
        self, signals: dict[str, bool | None], cards: dict[str, float], outcome: _Outcome,
        confidence: float,
    ) -> tuple[_Outcome, float]:
        found = why_we_should(signals, cards, outcome.card)
        if found is None:
            return outcome, confidence
        intent, card, score = found
        if intent == "scenario":
            return _Outcome("scenario", "niet_blended", card), max(score, RULE_CONFIDENCE / 2)
        return _Outcome("question", None, card), score

    @staticmethod
    def _belief_on_a_lesson(card: str | None, belief: bool,
                            activities: tuple[Activity, ...]) -> bool:
        """A belief card (verschoolsing, bezuiniging, iets nieuws, al goed) for a lesson of
        two activities with a place whose text states no belief: a word of that vocabulary
        ("een controlesimulatie") does not answer an open criterion."""
        return card in BELIEF_CARDS and not belief and sum(
            1 for a in activities if a.place) >= 2

    def _misconception_seen(
        self, signals: dict[str, bool | None], probs: np.ndarray, support: float
    ) -> tuple[_Outcome, float] | None:
        """A pattern of a misconception is not 'too little information': name it."""
        best: tuple[float, str] | None = None
        for signal, card in MISCONCEPTION_SIGNALS.items():
            if signals.get(signal) is True:
                p = self._label_prob(probs, "scenario", "niet_blended", card)
                if p >= support and (best is None or p > best[0]):
                    best = (p, card)
        if best is None:
            return None
        return _Outcome("scenario", "niet_blended", best[1]), best[0]

    def _topic_question(
        self, findings: RuleFindings, probs: np.ndarray
    ) -> tuple[_Outcome, float] | None:
        """A question that uses a definition card's own words is not off-topic."""
        best: tuple[float, str] | None = None
        for i, o in enumerate(self._outcomes):
            if o.intent == "question" and o.card and findings.counts.get(f"topic:{o.card}"):
                p = float(probs[i])
                if p >= MIN_TOPIC_SUPPORT and (best is None or p > best[0]):
                    best = (p, o.card)
        if best is None:
            return None
        return _Outcome("question", None, best[1]), best[0]

    def _label_prob(
        self, probs: np.ndarray, intent: str, verdict: str | None, card: str | None
    ) -> float:
        for i, o in enumerate(self._outcomes):
            if (o.intent, o.verdict, o.card) == (intent, verdict, card):
                return float(probs[i])
        return 0.0

    def _alternatives(
        self, cards: dict[str, float], exclude: str | None
    ) -> tuple[Alternative, ...]:
        ranked = sorted(
            ((c, s) for c, s in cards.items() if c != exclude and s >= MIN_ALTERNATIVE_SCORE),
            key=lambda cs: -cs[1],
        )
        return tuple(Alternative(c, s) for c, s in ranked[:ALTERNATIVES])

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 5) -> list[Alternative]:
        """Best answer cards for a free query: a keyword ("hybride") or a whole question."""
        try:
            return self._search(query if isinstance(query, str) else str(query), limit)
        except Exception as exc:  # noqa: BLE001 - search feeds a UI: never raise
            log.error("event=search_failed error=%s", type(exc).__name__)
            return []

    def _search(self, query: str, limit: int) -> list[Alternative]:
        limit = max(0, int(limit))
        words = [w for w in tokenize(normalise(query)) if len(w) >= 3]
        if not words or limit == 0:
            return []
        _, probs = self.analyse(query)
        model = self.card_scores(probs)
        total = sum(model.values())
        if total > 0:  # a query is about *some* card: ignore the other/unclear mass
            model = {card: score / total for card, score in model.items()}
        keyword = {card: keyword_score(words, vocab) for card, vocab in self._search_words.items()}
        w_kw = 0.7 if len(words) <= 2 else 0.35
        scored = []
        for card in self._search_words:
            score = (1 - w_kw) * model.get(card, 0.0) + w_kw * keyword[card]
            if score > 0.05:
                scored.append(Alternative(card, round(score, 4)))
        scored.sort(key=lambda a: (-a.score, a.card))
        return scored[:limit]


def _shown_misconceptions(
    alternatives: tuple[Alternative, ...], signals: Mapping[str, bool | None]
) -> tuple[Alternative, ...]:
    """For a described lesson, offer a misconception only when the text shows its pattern:
    "Blended leidt tot verschoolsing" says nothing about a book-plus-lesson case."""
    return tuple(
        a for a in alternatives
        if not a.card.startswith("mis-") or signals.get(_SIGNAL_OF_CARD.get(a.card, "")) is True
    )


def _empty_signals() -> dict[str, bool | None]:
    return dict.fromkeys(CORE)


def load_classifier(
    kb: Any, cache_dir: Path | None = None, train_path: Path | None = None
) -> Classifier:
    """Build the classifier for a knowledge base: fit, or load the cached fitted model.

    Raises :class:`classifier.dataset.DatasetError` when the training data is broken.
    """
    return build_classifier(kb, build_examples(kb, train_path), cache_dir)


def build_classifier(
    kb: Any, examples: Sequence[Example], cache_dir: Path | None = None
) -> Classifier:
    """A classifier fitted on exactly these examples (cross-validation uses this)."""
    lex = Lexicon(known_words=known_words(examples))
    trained = load_or_fit(examples, kb.fingerprint, lex, cache_dir)
    return Classifier(kb, trained, lex)
