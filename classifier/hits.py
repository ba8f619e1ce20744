"""The rule layer's unit of evidence: one lexicon phrase found in the input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """One lexicon phrase found at token positions [start, end)."""

    family: str
    term: str
    start: int
    end: int
    negated: bool = False
