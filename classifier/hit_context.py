"""Hits that do not count where they stand: a place word inside a name ("Google
Classroom", "online les"), a place in a choice the teacher has not made yet ("of dat online
of in de les wordt weet ik nog niet"), and link words in a clause that asks about blended
itself ("ben ik daarmee blended?")."""

from __future__ import annotations

from collections.abc import Sequence

from classifier import lexicon
from classifier.hits import Hit
from classifier.segment import TextView

#: Families of words that link one activity to another.
LINK_FAMILIES = frozenset({"samenhang", "volgorde", "koppeling"})


_SHADOWING = frozenset({"online", "samenhang", "tool", "los", "solo", "afstand"})
#: Phrases that use a place word as part of a name ("Google Classroom", "online les"); a
#: link phrase ("gebruik ik in de les") still names a real lesson.
_NAMING = frozenset({"online", "tool"})


def unshadowed(hits: Sequence[Hit]) -> list[Hit]:
    """Drop a place word inside a longer phrase that names something else: "classroom" in
    "flipped classroom" / "Google Classroom", "les" in "online les" stays to the rules;
    and an interaction word inside a link phrase ("bespreken we in de les"); a device in a
    phrase of distance ("thuis achter een scherm") is that belief, not a tool in use."""
    longer = [h for h in hits if h.family in _SHADOWING and h.end - h.start > 1
              and len(h.term.split()) == h.end - h.start]
    if not longer:
        return list(hits)
    return [h for h in hits if not (
        h.family in ("fysiek", "fysiek_zwak", "interactie", "tool")
        and any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                and (o.family == "afstand" if h.family == "tool"
                     else o.family in _NAMING or h.family == "interactie")
                for o in longer if o.family != h.family)
    )]


_UNDECIDED_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "tool"})
_KNOWING = ("weet", "weten")
_KNOWING_REACH = 4  # "weet ik eigenlijk nog niet"


def undecided_places(view: TextView, hits: Sequence[Hit]) -> set[int]:
    """Start positions of place hits in a choice the teacher has not made yet: "(of die op
    school of via Teams wordt weet ik nog niet)", "ik weet nog niet of dat online of in de
    les is". Neither place counts; the criterion stays open."""
    toks, breaks = view.tokens, view.break_before
    out: set[int] = set()
    if "niet" not in toks:
        return out
    for i, tok in enumerate(toks):
        if not tok.startswith(_KNOWING) or "niet" not in toks[i + 1:i + 1 + _KNOWING_REACH]:
            continue
        lo = i
        while lo > 0 and not breaks[lo]:
            lo -= 1
        hi = i + 1
        while hi < len(toks) and not breaks[hi]:
            hi += 1
        places = [h for h in hits if h.family in _UNDECIDED_FAMILIES and lo <= h.start < hi]
        if "of" in toks[lo:hi] and len({h.family for h in places} - {"fysiek_zwak"}) >= 2:
            out.update(h.start for h in places)
        # "hoe die samenhangt met de praktijklessen weet ik nog niet": the link is open
        out.update(h.start for h in hits if h.family in LINK_FAMILIES and lo <= h.start < i)
    return out


def blended_clauses(view: TextView, places: set[int]) -> frozenset[int]:
    """Positions in a clause that names blended itself and no place ("ben ik daarmee
    blended?", "in the sense you use it"): a link word there is about the question, not
    the lesson ("... is blended because they watch it online and discuss it" describes one)."""
    if lexicon.BLENDED_WORDS.isdisjoint(view.tokens):
        return frozenset()
    out: list[int] = []
    clause: list[int] = []
    named = placed = False
    for i, tok in enumerate(view.tokens):
        if view.break_before[i]:
            if named and not placed:
                out.extend(clause)
            clause, named, placed = [], False, False
        clause.append(i)
        named = named or tok in lexicon.BLENDED_WORDS
        placed = placed or i in places
    if named and not placed:
        out.extend(clause)
    return frozenset(out)
