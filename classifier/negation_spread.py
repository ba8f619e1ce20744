"""How a denial spreads from the hit it names to others: a shorter place inside a denied one
("niemand in het lokaal op de hogeschool"), places, activities or tools coordinated with it
("niet op school of op stage", "geen computer, telefoon of app"), and what a relative clause
says about a denied thing ("géén hybride les waarin de helft thuis meekijkt")."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from classifier import lexicon
from classifier.hits import Hit

#: Families whose hits can be negated ("geen online", "niet op school").
NEGATABLE = frozenset(
    {"fysiek", "fysiek_zwak", "online", "samenhang", "interactie", "gelijktijdig",
     "verder_niets", "tool", "opname", "thuis", "offline", "volgorde", "afwisseling", "koppeling",
     "hybride", "los"}
)
#: Places that a negation denies together when coordinated ("op school of op stage").
PLACE_FAMILIES = frozenset({"fysiek", "fysiek_zwak"})
_COORDINATORS = frozenset({"of", "noch"})
#: Things students do, denied together as well ("discussiëren of vragen stellen zit er niet in").
_ACT_FAMILIES = frozenset({"interactie"})
#: Tools and online places, denied together: "we doen niks met apps of de ELO".
_TOOL_FAMILIES = frozenset({"online", "tool"})
_COORDINATION_FILLERS = frozenset({"op", "in", "naar", "de", "het", "een", "hun", "iets",
                                   "anders"})  # "geen ELO of iets anders online"


def inside_denied(hits: list[Hit], negated: set[int]) -> set[int]:
    """ "niemand in het lokaal op de hogeschool": "hogeschool" inside the denied "op de
    hogeschool" is denied with it (a shorter hit of the same family)."""
    denied = [hits[k] for k in negated]
    return {k for k, h in enumerate(hits) if k not in negated and any(
        d.family == h.family and d.start <= h.start and h.end <= d.end and d != h
        for d in denied)}


#: Relative words that open a clause describing the thing before them.
_RELATIVE = frozenset({"waarin", "waarbij", "waarop"})


def described_by_a_denied_thing(hits: list[Hit], negated: set[int], canon: list[str],
                                 breaks: tuple[bool, ...]) -> set[int]:
    """ "géén hybride les waarin de helft thuis meekijkt": what the relative clause says
    about the denied lesson is denied with it."""
    found: set[int] = set()
    for k in negated:
        h = hits[k]
        rel = h.end if canon[h.end:h.end + 1] and canon[h.end] in _RELATIVE else (
            h.end + 1 if canon[h.end + 1:h.end + 2] and canon[h.end + 1] in _RELATIVE
            else None)
        if rel is None:
            continue
        end = rel + 1
        while end < len(canon) and not breaks[end] and canon[end] not in lexicon.CLAUSE_BREAKS:
            end += 1
        found |= {j for j, other in enumerate(hits) if rel < other.start < end
                  and other.family in NEGATABLE | {"groep_deel"}}
    return found - negated


def coordinated_with_denied(hits: list[Hit], negated: set[int], canon: list[str],
                        breaks: tuple[bool, ...], sentence_of: Sequence[int] | None,
                        ) -> set[int]:
    """Places (or interactions) joined by "of"/"noch" to a denied one are denied with it:
    "zonder dat ze op school of op stage komen", "overleggen of vragen stellen doen ze niet",
    "vragen stellen, oefenen of samenwerken zit er niet in"."""
    found = set(negated)
    for group in (PLACE_FAMILIES, _ACT_FAMILIES, _TOOL_FAMILIES):
        _join_coordinated(hits, found, canon, breaks, group, sentence_of)
    return found - negated


def _joined(canon: list[str], breaks: tuple[bool, ...], a_end: int, b_start: int,
            sentence_of: Sequence[int] | None = None) -> bool:
    between = canon[a_end:b_start]
    same_sentence = sentence_of is not None and b_start < len(sentence_of) \
        and sentence_of[a_end - 1] == sentence_of[b_start]
    if a_end == b_start and same_sentence and breaks[a_end] and any(
            t in _COORDINATORS for t in canon[b_start + 1:b_start + 3]):
        return True  # "geen computer, telefoon of app": a list that "of" closes
    if any(t in _COORDINATORS for t in between) and all(
            t in _COORDINATORS or t in _COORDINATION_FILLERS for t in between):
        return True
    # a list: "A, X of B" (one more item between, then the coordinator)
    others = [t for t in between if t not in _COORDINATORS and t not in _COORDINATION_FILLERS]
    return (a_end < len(breaks) and breaks[a_end] and len(others) <= 1 and bool(between)
            and between[-1] in _COORDINATORS)


def _join_coordinated(hits: list[Hit], found: set[int], canon: list[str],
                      breaks: tuple[bool, ...], families: frozenset[str],
                      sentence_of: Sequence[int] | None = None) -> None:
    places = sorted((h.start, h.end, k) for k, h in enumerate(hits) if h.family in families)
    changed = True
    while changed:
        changed = False
        for (_, a_end, a), (b_start, _, b) in pairwise(places):
            joined = _joined(canon, breaks, a_end, b_start, sentence_of)
            if joined and (a in found) != (b in found):
                found |= {a, b}
                changed = True
