"""Rule findings as model features, and the joint label scheme. No scikit-learn here."""

from __future__ import annotations

import math

import numpy as np

from classifier.lexicon import TOPICS
from classifier.rules import RuleFindings
from classifier.text import MODEL_CHARS

#: Names of the rule features, in vector order.
RULE_FEATURES: tuple[str, ...] = (
    "fysiek+", "fysiek-", "online+", "online-", "samenhang+", "samenhang-", "interactie+",
    "interactie-", "gesplitst+", "gesplitst-", "fys&onl", "fys&onl&sam", "fys&onl&sam&int",
    "alleen_tool", "alleen_opname", "corona", "bezuiniging", "iets_nieuws", "al_goed",
    "verschoolsing", "afstand", "hybride", "verder_niets", "los", "tool", "opname",
    "vraag_start", "vraagteken", "eerste_persoon", "blended_check", "overtuiging", "groet",
    "dank", "geen_domein", "kort", "nl_ratio", "en_taal", "stelling", "lengte", "lang",
    *(f"topic:{card}" for card in sorted(TOPICS)),
)
#: How strongly the rule block counts next to the two L2-normalised TF-IDF blocks.
RULE_WEIGHT = 0.3
#: TF-IDF and classifier settings (used by :mod:`classifier.model`; part of the cache key).
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
CHAR_MIN_DF = 2
C = 8.0


def settings_key() -> str:
    return repr((RULE_WEIGHT, WORD_NGRAMS, CHAR_NGRAMS, CHAR_MIN_DF, C, RULE_FEATURES))


def model_text(findings: RuleFindings) -> str:
    """The text the TF-IDF part sees: normalised, typo-corrected tokens, capped in length."""
    return " ".join(findings.tokens)[:MODEL_CHARS]


def rule_vector(f: RuleFindings) -> np.ndarray:
    """The rule findings as numbers (see :data:`RULE_FEATURES`)."""
    s, c, counts = f.signals, f.cues, f.counts
    fys, onl, sam, inter = s["fysiek"] is True, s["online"] is True, s["samenhang"] is True, (
        s["interactie"] is True
    )

    def tri(name: str) -> tuple[float, float]:
        return (1.0 if s[name] is True else 0.0, 1.0 if s[name] is False else 0.0)

    values = [
        *tri("fysiek"), *tri("online"), *tri("samenhang"), *tri("interactie"),
        *tri("gelijktijdig_gesplitst"),
        float(fys and onl), float(fys and onl and sam), float(fys and onl and sam and inter),
        float(bool(s["alleen_tool"])), float(bool(s["alleen_opname"])), float(bool(s["corona"])),
        float(bool(s["bezuiniging"])), float(bool(s["iets_nieuws"])), float(bool(s["al_goed"])),
        float(bool(s["verschoolsing"])), float(bool(s["afstand"])),
        float(counts.get("hybride", 0) > 0), float(counts.get("verder_niets", 0) > 0),
        float(counts.get("los", 0) > 0), float(counts.get("tool", 0) > 0),
        float(counts.get("opname", 0) > 0),
        c["vraag_start"], c["vraagteken"], float(c["eerste_persoon"] > 0),
        float(c["blended_check"] > 0), float(c["overtuiging"] > 0), float(c["groet"] > 0),
        float(c["dank"] > 0), float(c["domein"] == 0), float(c["n_tokens"] <= 3),
        min(1.0, c["nl_ratio"] * 2), float(c["en_ratio"] > 0.3 and c["nl_ratio"] < 0.15),
        float(not c["vraagteken"] and not c["vraag_start"]),
        min(1.0, math.log1p(c["n_tokens"]) / 4.0), float(c["n_tokens"] >= 25),
        *(float(counts.get(f"topic:{card}", 0) > 0) for card in sorted(TOPICS)),
    ]
    return np.asarray(values, dtype=np.float64) * RULE_WEIGHT


#: The heads: intent first, then the card (or verdict) given the intent.
HEADS: tuple[str, ...] = ("intent", "question", "scenario")


def head_target(label: str) -> tuple[str, str | None]:
    """(intent, the label's target for its intent's head) of a joint label."""
    intent, verdict, card = label.split(":")
    if intent == "question":
        return intent, card
    if intent == "scenario":
        return intent, card if verdict == "niet_blended" else verdict
    return intent, None
