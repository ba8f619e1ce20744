"""The rule layer: what a text mentions, as plain typed findings.

:mod:`classifier.matching` finds the lexicon phrases, :mod:`classifier.lookalikes` drops
the hits whose context means something else, :mod:`classifier.negation` marks what the
text denies, and :mod:`classifier.analysis` reads the lesson from what is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from classifier.analysis import Lesson, read_lesson
from classifier.hits import Hit
from classifier.hybrid import split_group
from classifier.lookalikes import (
    costs_of_teaching,
    without_false_links,
    without_places_inside_online,
    without_subject_matter,
    without_team_work,
)
from classifier.matching import SHORTEST_TYPO, Lexicon, find_hits, room_numbers
from classifier.negation import apply_negation
from classifier.segment import TextView, break_flags, in_number, without_asides
from classifier.text import RULE_CHARS, letter_ratio, mirror, span_tokens

CORE = ("fysiek", "online", "samenhang", "interactie", "gelijktijdig_gesplitst")


@dataclass(frozen=True, slots=True)
class RuleFindings:
    """Everything the rule layer saw in one text."""

    tokens: tuple[str, ...]
    hits: tuple[Hit, ...]
    counts: dict[str, int]
    negated: dict[str, int]
    signals: dict[str, bool | None]
    cues: dict[str, float] = field(default_factory=dict)
    #: The lesson analysis (activities and the evidence of every signal).
    lesson: Lesson | None = None

    def has(self, family: str) -> bool:
        return self.counts.get(family, 0) > 0

    def terms(self, family: str) -> list[str]:
        return [h.term for h in self.hits if h.family == family and not h.negated]


_SENTENCE_CHARS = frozenset(".!?;:\n")


def _sentence_numbers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence number of every token (punctuation or a newline between tokens ends one)."""
    out: list[int] = []
    number = 0
    prev_end = 0
    for start, end in spans:
        gap = text[prev_end:start]
        if gap != " " and any(ch in _SENTENCE_CHARS for ch in gap) \
                and not in_number(text, prev_end, start):
            number += 1
        out.append(number)
        prev_end = end
    return out


def analyse(text: str, lex: Lexicon) -> RuleFindings:
    """Run the rule layer on one text. Never raises on any ``str``."""
    raw = text[:RULE_CHARS]
    folded = mirror(raw)
    found = span_tokens(raw, folded)
    spans = [(start, end) for _, start, end in found]
    sentence_of = _sentence_numbers(raw, spans)
    canon = [t if len(t) < SHORTEST_TYPO else lex.canonical(t) for t, _, _ in found]
    view = TextView(raw, tuple(canon), tuple(spans), break_flags(raw, spans))
    found_hits = find_hits(lex, canon, view.break_before,
                           without_asides(raw, spans, view.break_before)
                           if "(" in raw else None) + room_numbers(raw, spans, canon)
    # function words and first-person cues only count (language, "ik"-texts): kept apart,
    # they stay out of the passes below, which see less than half the hits this way
    counted = [h for h in found_hits if h.family in _COUNT_ONLY]
    domain = [h for h in found_hits if h.family == "domein"]  # no filter below touches it
    hits = without_subject_matter([h for h in found_hits if h.family not in _COUNT_ONLY
                                    and h.family != "domein"], canon)
    hits = without_false_links(hits, canon, view.break_before)
    hits = costs_of_teaching(without_places_inside_online(hits), canon, sentence_of)
    hits = apply_negation(without_team_work(hits, raw, spans, canon),
                          canon, view.break_before, lex, sentence_of)
    hits.extend(domain)

    counts: dict[str, int] = {}
    negated: dict[str, int] = {}
    for h in counted:
        counts[h.family] = counts.get(h.family, 0) + 1
    online_positions = {h.start for h in hits if h.family == "online" and not h.negated}
    for h in hits:
        family = h.family
        if family == "fysiek_zwak" and not h.negated:
            if any(p in online_positions for p in range(h.start - 2, h.start + 3)):
                continue
            family = "fysiek"
        elif family == "fysiek_zwak":
            family = "fysiek"
        target = negated if h.negated else counts
        target[family] = target.get(family, 0) + 1

    lesson = read_lesson(view, hits, split_group(canon, sentence_of, hits, counts,
                                                  view.break_before))
    cues = _cues(folded, canon, sentence_of, counts, lex)
    all_hits = tuple(sorted((*hits, *counted), key=lambda h: h.start))
    return RuleFindings(tuple(canon), all_hits, counts, negated, dict(lesson.signals), cues,
                        lesson)


#: Families only counted, never read as a place, link or pattern.
_COUNT_ONLY = frozenset({"nl_functie", "en_functie", "eerste_persoon", "vraagwoord"})


_QUESTION_STARTS = frozenset(
    {"wat", "hoe", "welke", "welk", "hoeveel", "waarom", "wanneer", "waar", "wie", "waaruit",
     "waarin", "kun", "kan", "kunt", "leg", "uitleg", "verschil", "definitie", "betekenis",
     "omschrijving"}
)


def _cues(
    norm: str, canon: list[str], sentence_of: list[int], counts: dict[str, int], lex: Lexicon
) -> dict[str, float]:
    """Intent cues as numbers (used by the model and by the combination)."""
    n = len(canon)
    first_words = {canon[i] for i in range(n) if i == 0 or sentence_of[i] != sentence_of[i - 1]}
    nl = en = 0  # function words of one language only ("is", "of" are both)
    for tok in canon:
        families = lex.single.get(tok, ())
        if "nl_functie" in families:
            nl += "en_functie" not in families
        elif "en_functie" in families:
            en += 1
    return {
        "n_tokens": float(n),
        "vraag_start": 1.0 if first_words & _QUESTION_STARTS else 0.0,
        "vraagteken": 1.0 if "?" in norm else 0.0,
        "eerste_persoon": float(counts.get("eerste_persoon", 0)),
        "blended_check": float(counts.get("blended_check", 0)),
        "overtuiging": float(counts.get("overtuiging", 0)),
        "groet": float(counts.get("groet", 0)),
        "dank": float(counts.get("dank", 0)),
        "domein": float(counts.get("domein", 0)),
        "nl_ratio": nl / n if n else 0.0,
        "en_ratio": en / n if n else 0.0,
        "letters": letter_ratio(norm),
    }

