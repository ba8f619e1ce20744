"""Splitting a lesson description into its learning activities.

Boundaries, from strong to weak:

- a newline, sentence punctuation (``. ! ? ; :``), a comma or a bracket: always (the bot
  appends a follow-up answer after a newline);
- a connective that opens a clause ("eerst", "daarna", "vervolgens", "na afloop", "de week
  erna", "thuis", "in de les", "op stage" ...), at the clause start or right after "en" /
  "maar": "... in Moodle en daarna in het praktijklokaal";
- "en" / "maar" / a relative pronoun ("die", "waarvan") between two stretches that each
  name a place of their own: "ze doen de theorie in Moodle en oefenen in het lokaal".

Mid-clause connectives do not split: "in de les bespreken we het daarna" is one activity.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from classifier.hits import Hit

#: Words that join two clauses.
COORDINATORS = frozenset({"en", "maar", "of", "want", "terwijl", "waarna", "dan", "zodat",
                          "and", "but", "while", "whereas"})
#: Relative pronouns that open a clause about an earlier activity.
RELATIVES = frozenset({"die", "dat", "waarvan", "waarop", "waarin", "waarmee", "waarna", "waar",
                       "wat", "welke", "where", "which"})
#: Families whose phrases open a new activity at a clause start.
OPENER_FAMILIES = frozenset({"volgorde", "thuis"})
#: Families that name where an activity happens.
PLACE_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "tool", "offline"})
#: Place families that may stand before a relative clause that becomes its own activity
#: (a tool is an object: "Wooclap-vragen die ze thuis beantwoorden" is one activity).
_RELATIVE_BEFORE = frozenset({"fysiek", "fysiek_zwak", "online", "thuis"})
#: Place phrases that open an activity when they start a clause ("op stage verzamelen ze").
_PLACE_OPENERS = frozenset({"in", "op", "tijdens", "bij", "via", "online", "thuis", "at",
                            "during", "on"})


#: Subject pronouns after an inverted verb.
_SUBJECTS = frozenset({"ze", "we", "wij", "ik", "zij", "jullie", "hij"})


@dataclass(frozen=True, slots=True)
class TextView:
    """The raw text, its tokens (typo-corrected) and where each token stands in it.

    ``break_before[i]`` is True when punctuation or a newline stands between token i-1 and
    token i (always True for token 0).
    """

    text: str
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    break_before: tuple[bool, ...]


def break_flags(text: str, spans: Sequence[tuple[int, int]]) -> tuple[bool, ...]:
    """Which tokens follow punctuation, a bracket or a newline."""
    flags = []
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        gap = text[prev_end:start]
        flags.append(i == 0 or (gap != " " and not in_number(text, prev_end, start) and (
            any(ch in _BREAK_CHARS or _symbol(ch) for ch in gap) or _dash_bullet(gap))))
        prev_end = end
    return tuple(flags)


def number_point(text: str, k: int) -> bool:
    """``text[k]`` is a point or comma inside a number ("lokaal 0.12", "2,5 uur", "om
    9.30"): it ends no sentence."""
    return 0 < k < len(text) - 1 and text[k] in ".," and text[k - 1].isdigit() \
        and text[k + 1].isdigit()


def in_number(text: str, prev_end: int, start: int) -> bool:
    """The one-character gap between two tokens is a point inside a number: no break."""
    return start - prev_end == 1 and number_point(text, prev_end)


_BREAK_CHARS = frozenset(".!?;:,()[]+\n\r\u2022")  # "+": "bpv + online logboek + ..."
_DASHES = frozenset("-\u2013\u2014")


def _symbol(ch: str) -> bool:
    """An emoji or other pictograph: it closes a thought like punctuation ("online doen we
    niks 🎨 blended?")."""
    return not ch.isascii() and unicodedata.category(ch) == "So"


def _dash_bullet(gap: str) -> bool:
    """A dash standing free between words: a list item or an aside on one line ("... het
    verkeer - woensdag gaan die tellingen ..."); a hyphen inside a word is no gap."""
    return any(ch in _DASHES for ch in gap) and any(ch.isspace() for ch in gap)


def segments(view: TextView, hits: Sequence[Hit]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the activities, in text order."""
    n = len(view.tokens)
    if n == 0:
        return []
    starts = {i for i in range(n) if view.break_before[i]}
    toks = view.tokens
    for h in hits:
        opens = h.family in OPENER_FAMILIES or (
            h.family in PLACE_FAMILIES and toks[h.start] in _PLACE_OPENERS
        )
        if not opens:
            continue
        i = h.start
        if i in starts:
            continue
        if i > 0 and toks[i - 1] in COORDINATORS:
            starts.add(i - 1)
        elif i > 1 and toks[i - 2] in COORDINATORS and toks[i - 1] in ("dan", "ook", "we", "ze"):
            starts.add(i - 2)
        elif i > 2 and toks[i - 3] in COORDINATORS and toks[i - 1] in _SUBJECTS \
                and toks[i - 2] not in _SUBJECTS:
            starts.add(i - 3)  # "en voeren ze daarna ...": a new clause, verb first
    place_at = sorted({h.start for h in hits if h.family in PLACE_FAMILIES})
    anchor_at = sorted({h.start for h in hits if h.family in _RELATIVE_BEFORE})
    ordered = sorted(starts)
    bounds = [*ordered, n]
    for seg_start, seg_end in zip(bounds, bounds[1:], strict=False):
        last = seg_start
        for i in range(seg_start + 2, seg_end - 1):
            if toks[i] not in COORDINATORS and toks[i] not in RELATIVES:
                continue
            if i in starts:
                continue
            anchors = place_at if toks[i] in COORDINATORS else anchor_at
            before = _any_between(anchors, last, i)
            after = _any_between(place_at, i + 1, seg_end)
            if before and after:
                starts.add(i)
                last = i
    return _ranges(sorted(starts), n)


def _any_between(positions: list[int], lo: int, hi: int) -> bool:
    """Is any of the sorted ``positions`` in [lo, hi)?"""
    k = bisect_left(positions, lo)
    return k < len(positions) and positions[k] < hi


def _ranges(starts: list[int], n: int) -> list[tuple[int, int]]:
    bounds = [*starts, n]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def without_asides(text: str, spans: Sequence[tuple[int, int]],
                   breaks: tuple[bool, ...]) -> tuple[bool, ...]:
    """The breaks with those of a bracketed aside taken out: "ik neem mijn hoorcolleges
    (hbo rechten, jaar 1) op" keeps "neem ... op" one verb."""
    out = list(breaks)
    depth = 0
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        gap = text[prev_end:start]
        opened = depth > 0 or "(" in gap
        depth = max(0, depth + gap.count("(") - gap.count(")"))
        if opened and i > 0:
            out[i] = False  # inside the aside, or the first word after it
        prev_end = end
    return tuple(out)
