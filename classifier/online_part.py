"""Readings the online criterion needs beside the places of the activities: a part only
called "online", a tool filled in at home, the exception to a denied online part, nothing
online outside the lesson, and work spread over days."""

from __future__ import annotations

from collections.abc import Sequence

from classifier import lexicon
from classifier.hits import Hit
from classifier.links import same_sentence
from classifier.negation import EXCEPT
from classifier.reading import Act, Reader, first

#: Nouns that "online" names a part of the course with: a label, not a medium.
_PART_NOUNS = frozenset({"deel", "gedeelte", "stuk", "onderdeel", "component", "variant"})


def only_a_label(r: Reader, hit: Hit, online_hits: list[Hit]) -> bool:
    """The lesson's one online word names a part ("het online deel") that the text then
    says needs nothing digital: what the teacher calls online is not."""
    tokens = r.view.tokens
    labelled = hit.term == "online" and tokens[hit.end:hit.end + 1] and \
        tokens[hit.end] in _PART_NOUNS
    others = [h for h in online_hits if h.start != hit.start and not h.negated]
    return bool(labelled) and not others


_OUTSIDE = frozenset({"buiten", "daarbuiten"})
#: How far before the denied online word "buiten" may stand ("buiten de les om is er geen
#: online deel": seven words).
_OUTSIDE_REACH = 8


_EXCEPT = EXCEPT | {"besides"}
#: How far after "behalve" the excepted tool may stand ("behalve de teeltregistratie in
#: OneNote").
_EXCEPT_REACH = 6


def filled_in_at_home(r: Reader, acts: Sequence[Act]) -> None:
    """ "Wooclap voor mijn colleges, thuis invullen": a tool named without a place, then
    "thuis" with nothing else in its clause, is the tool used at home."""
    for a, b in zip(acts, acts[1:], strict=False):
        tools = [h for h in a.hits if h.family == "tool"
                 and h.term not in lexicon.CLASSROOM_DEVICES]
        if a.place is None and tools and b.place == "thuis" and same_sentence(r, a, b) \
                and all(h.family == "thuis" for h in b.hits):
            a.place, a.place_hit, a.tools_in_class = "online", tools[0], False


def excepted(r: Reader, denied: Sequence[Hit]) -> Hit | None:
    """ "Niks digitaal behalve de teeltregistratie in OneNote": the exception to a denied
    online part is the online part. Its hit, or None."""
    toks = r.view.tokens
    for h in denied:
        for j in range(h.end, min(len(toks), h.end + 3)):
            if toks[j] in _EXCEPT:
                found = [o for o in r.live if o.family in ("online", "tool")
                         and j < o.start <= j + _EXCEPT_REACH
                         and o.term not in lexicon.CLASSROOM_DEVICES]
                if found:
                    return first(found)
    return None


def nothing_outside(r: Reader, denied: list[Hit]) -> bool:
    """ "buiten de les doen ze niets online", "alleen in de les en niet daarbuiten"."""
    toks = r.view.tokens
    if any(t == "daarbuiten" and j > 0 and toks[j - 1] in ("niet", "nooit")
           for j, t in enumerate(toks)):
        return True
    return any(t in _OUTSIDE for h in denied
               for t in toks[max(0, h.start - _OUTSIDE_REACH):h.start])


#: Words that put an activity over days or a week, not inside one meeting.
_OVER_TIME = frozenset({"dagen", "dag", "week", "weken", "weekend", "weekenden", "avond", "avonds",
                        "dagelijks", "wekelijks", "maand", "tussendoor"})


def over_time(r: Reader, a: Act) -> bool:
    """Students' work over days or between lessons ("ik maak elke week een quiz" is the
    teacher preparing)."""
    toks = r.view.tokens[a.start:a.end]
    between = "tussen" in toks and "door" in toks  # "tussen de lessen door"
    return "ik" not in toks and (between or any(t in _OVER_TIME for t in toks))
