"""Phrases with a gap: split verbs ("ik neem mijn colleges op") and loose links with
whatever named between ("niks met die simulatie te maken", "met de module doen ze daar
niks")."""

from __future__ import annotations

from classifier import lexicon
from classifier.hits import Hit

_NOTHING = frozenset({"niks", "niets", "weinig"})
_TO_DO_GAP = 5


def nothing_to_do_with(canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    """ "niks met die simulatie te maken", "met de e-learning doen ze daar niks": a loose
    link whatever is named between."""
    hits = _doing_nothing_with(canon, breaks)
    for i, tok in enumerate(canon):
        if tok not in _NOTHING or canon[i + 1:i + 2] != ["met"]:
            continue
        for j in range(i + 2, min(len(canon) - 1, i + 2 + _TO_DO_GAP)):
            if canon[j] in lexicon.CLAUSE_BREAKS or breaks[j]:
                break
            if canon[j] == "te" and canon[j + 1] == "maken":
                hits.append(Hit("los", f"{tok} met ... te maken", i, j + 2))
                break
    return hits


_DO = frozenset({"doen", "doe", "doet", "deden"})
_THERE = frozenset({"daar", "er", "verder", "vervolgens", "dan", "nog", "eigenlijk"})


def _doing_nothing_with(canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    """ "met de module doen ze daar niks", "doen we met die clip verder niets"."""
    hits = []
    for i, tok in enumerate(canon):
        if tok in _DO and canon[i + 1:i + 2] and canon[i + 1] in _SUBJECT_PRONOUNS \
                and canon[i + 2:i + 3] == ["met"]:
            for j in range(i + 4, min(len(canon), i + 4 + _TO_DO_GAP)):
                if canon[j] in lexicon.CLAUSE_BREAKS or breaks[j]:
                    break
                if canon[j] in _NOTHING - {"weinig"}:
                    hits.append(Hit("los", f"doen ... met ... {canon[j]}", i, j + 1))
                    break
            continue
        if tok != "met":
            continue
        for j in range(i + 2, min(len(canon) - 1, i + 2 + _TO_DO_GAP)):
            if canon[j] in lexicon.CLAUSE_BREAKS or breaks[j]:
                break
            if canon[j] in _DO and canon[j + 1] in _SUBJECT_PRONOUNS:
                k = j + 2
                while k < len(canon) and canon[k] in _THERE:
                    k += 1
                if k < len(canon) and canon[k] in _NOTHING - {"weinig"}:
                    hits.append(Hit("los", f"met ... {canon[k]}", i, k + 1))
                break
    return hits


#: Subject pronouns: a word right after a verb and right before one of these is the verb of
#: the next (inverted) clause: "als het niet werkt zoeken ze samen uit" has no "uitwerken".
_SUBJECT_PRONOUNS = frozenset({"ik", "je", "jij", "ze", "zij", "hij", "we", "wij", "jullie"})


#: Particles each split verb takes, so that its own particle ends the search for another.
def _particles_of() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for verbs, particle, _family, _term in lexicon.SEPARABLE_VERBS:
        for verb in verbs:
            found.setdefault(verb, {"mee"}).add(particle)  # "nemen ... mee" ends it too
    return {verb: frozenset(particles) for verb, particles in found.items()}


_PARTICLES_OF = _particles_of()


def _entries_of() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Split verbs by each of their forms, in lexicon order (the hot path looks up a token
    instead of trying every verb)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for verbs, particle, family, term in lexicon.SEPARABLE_VERBS:
        for verb in verbs:
            found.setdefault(verb, []).append((particle, family, term))
    return {verb: tuple(entries) for verb, entries in found.items()}


_ENTRIES_OF = _entries_of()

#: Split verbs that link only with their preposition: "ze gaan daar op door" builds on
#: something, "de werkcolleges gaan gewoon door" only continues.
_NEEDS_NEAR = {"doorgaan op": frozenset({"op", "daarop", "erop", "hierop", "waarop"}),
               "daaruit kiezen": frozenset({"daar", "er", "hier", "daaruit", "eruit"})}


#: Particles that close a clause's verb after the one found: "zet ik online opdrachten
#: klaar" is "klaarzetten", with "online" describing the assignments.
_LATER_PARTICLES = frozenset({"klaar", "neer", "terug", "vast", "weg", "open"})
_LATER_REACH = 3


def _particle_follows(canon: list[str], breaks: tuple[bool, ...], j: int) -> bool:
    for k in range(j + 1, min(len(canon), j + 1 + _LATER_REACH)):
        if breaks[k] or canon[k] in lexicon.CLAUSE_BREAKS:
            return False
        if canon[k] in _LATER_PARTICLES:
            return True
    return False


def separable_hits(canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    """Split Dutch verbs: 'ik neem mijn colleges op' counts as 'opnemen'."""
    hits: list[Hit] = []
    for i, tok in enumerate(canon):
        for particle, family, term in _ENTRIES_OF.get(tok, ()):
            blockers = lexicon.SEPARABLE_NOT_WITH.get(term, frozenset())
            # up to SEPARABLE_GAP words between verb and particle
            for j in range(i + 1, min(i + 2 + lexicon.SEPARABLE_GAP, len(canon))):
                if canon[j] in lexicon.CLAUSE_BREAKS or canon[j] in blockers or breaks[j]:
                    break  # never across a sentence: "nemen het mee. In de les op ..."
                if canon[j] in _PARTICLES_OF.get(tok, ()) and canon[j] != particle:
                    break  # the verb has its particle already: "nemen hun uitslag mee"
                if j == i + 1 and canon[j + 1:j + 2] and canon[j + 1] in _SUBJECT_PRONOUNS \
                        and canon[j] not in _SUBJECT_PRONOUNS:
                    break
                if canon[j] == particle:
                    need = _NEEDS_NEAR.get(term)
                    if (need is None or need.intersection(canon[i + 1:j + 3])) and not \
                            _particle_follows(canon, breaks, j):
                        hits.append(Hit(family, term, i, j + 1))
                    break
    return hits


