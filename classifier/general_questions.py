"""Cards for questions asked in general rather than about one's own lesson: why something
is no blend ("waarom is noodonderwijs geen blended?"), a claim to check ("klopt het dat
blended vooral bespaart?"), and why one should start ("... iedereen slaagt: waarom zouden
wij aan blended beginnen?"). The model hears intent well but not these forms."""

from __future__ import annotations

from collections.abc import Mapping

from classifier import verdict
from classifier.intent_cues import named_concepts
from classifier.rules import RuleFindings


def _shown(signals: Mapping[str, bool | None]) -> list[str]:
    """The misconception cards whose pattern the text shows."""
    return [card for signal, card in verdict.PATTERN_CARDS if signals.get(signal) is True]


def general_question_card(
    findings: RuleFindings, signals: Mapping[str, bool | None], scores: Mapping[str, float],
    model_card: str | None, claim: bool,
) -> tuple[str, bool]:
    """(card, ruled). Why X is no blend: the misconception whose pattern the example shows.
    A claim to check: the model's card, unless that is a misconception the text does not
    show ("klopt het dat je pas blended bent bij 30% online?" is about proportions): then
    the concept the claim names or whose words it uses."""
    shown = _shown(signals)
    best = model_card or max(scores.items(), key=lambda c: c[1])[0]
    if claim and best.startswith("mis-") and best not in shown:
        concepts = named_concepts(findings.tokens)
        named = [c for c in scores if c in concepts
                 or findings.counts.get(f"topic:{c}")] or [
            c for c in scores if not c.startswith("mis-")]
        return max(named, key=lambda c: scores.get(c, 0.0)), False
    if claim:
        return best, False
    if shown:
        return max(shown, key=lambda c: scores.get(c, 0.0)), True
    return best, False


def why_we_should(
    signals: Mapping[str, bool | None], scores: Mapping[str, float], model_card: str | None,
) -> tuple[str, str, float] | None:
    """(intent, card, score), or None to keep the model's outcome. "... iedereen slaagt:
    waarom zouden wij aan blended beginnen?" states the belief whose pattern it shows;
    without one ("waarom zouden we synchrone momenten inplannen?") it asks about a concept,
    whatever belief the model hears in it."""
    beliefs = [c for c in _shown(signals) if c in verdict.BELIEF_CARDS]
    if beliefs:
        card = max(beliefs, key=lambda c: scores.get(c, 0.0))
        return "scenario", card, scores.get(card, 0.0)
    if model_card in verdict.BELIEF_CARDS:
        concepts = {c: v for c, v in scores.items() if c not in verdict.BELIEF_CARDS}
        card = max(concepts, key=lambda c: concepts[c])
        return "question", card, concepts[card]
    return None
