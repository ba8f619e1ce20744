"""Negation with its scope: which hits a negator denies ("we doen niks online", "geen
kennisclips maar ...", "die ik niet bespreek").

A negator reaches forward up to four words within its clause; "niet" and "nooit" also
reach back over the verb before them, and at the end of a clause they deny the whole
clause. Conditions ("als het niet werkt"), not knowing yet ("weet ik nog niet"), a
contrast ("niet via Teams maar in het lokaal") and an exception ("behalve") limit that
reach; coordinated places and a denied thing's relative clause are denied together.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from classifier import lexicon
from classifier.hits import Hit
from classifier.negation_spread import (
    NEGATABLE,
    PLACE_FAMILIES,
    coordinated_with_denied,
    described_by_a_denied_thing,
    inside_denied,
)

if TYPE_CHECKING:
    from classifier.matching import Lexicon

_NOT_A_NEGATION_AFTER = frozenset({"alleen", "enkel", "slechts", "zomaar", "meer", "altijd"})
#: Negators that say "none" ("geen enkel ..."): "enkel" after them is "a single", not "only".
_NONE_WORDS = frozenset({"geen", "no"})
#: Words that end a negation's reach forward: "niks online behalve de quiz".
EXCEPT = frozenset({"behalve", "uitgezonderd", "except"})

#: Negators whose scope also reaches back over the verb before them ("bespreek ik niet").
_BACKWARD_NEGATORS = frozenset({"niet", "nooit"})
#: Negators that deny what stands before them only at the end of a clause ("online doen
#: we niets").
_FINAL_NEGATORS = frozenset({"niks", "niets", "nergens", "niemand", "afgeschaft", "opgeheven",
                             "geschrapt", "vervallen", "vervalt", "verviel", "vervielen"})
#: Negators that stand as a verb's object ("ze bespreken niets met elkaar", "ze doen niks
#: samen"): mid-clause they deny the verb right before them.
_OBJECT_NEGATORS = frozenset({"niets", "niks", "nothing"})
#: Families that a negator reaches backwards (verbs and links, never places).
_BACKWARD_FAMILIES = frozenset({"samenhang", "volgorde", "koppeling", "interactie", "opname",
                                "afwisseling"})  # "ze wisselen nooit om"
#: Families that are about what students *do*: when one is in a negator's scope, places in
#: that scope stay positive ("ik bespreek het niet in de les": there is a lesson; "de casus
#: staat niet los van het skillslab": there is a skillslab).
_VERB_FAMILIES = frozenset({"samenhang", "interactie", "koppeling", "los"})
_NEGATION_WINDOW = 4
#: Verbs of meeting before "elkaar" (and the "bij" of "bij elkaar komen"): presence, not an
#: activity.
_MEETING_VERBS = frozenset({"zien", "zie", "ziet", "ontmoeten", "spreken", "treffen"})
#: Words after a negator that name room for what follows; they do not use up its reach.
_ROOM_FOR = frozenset({("tijd", "voor"), ("ruimte", "voor"), ("gelegenheid", "voor"),
                       ("plek", "voor"), ("time", "for"), ("room", "for"),
                       ("contact", "met")})  # "geen contact met mij of met elkaar"
#: How far back a clause-final negator reaches ("op school of bij een bedrijf komen ze
#: hiervoor niet": ten words; "op school of op een ambulance komen ze voor dit onderdeel
#: niet": eleven).
_FINAL_REACH = 12
#: Particles of verbs of presence that may close a clause after its negator without ending
#: its hold on the clause ("naar school komen ze er niet voor", "een lokaal komt er niet aan
#: te pas"): the negator still counts as clause-final. Particles of link verbs ("doen we
#: niks mee", "komt nooit terug") are not here: there the negation is about the link.
_CLOSING_PARTICLES = frozenset({"voor", "aan", "te", "pas", "heen", "naartoe", "in", "bij",
                                "meer", "komen", "gaan", "hoeven", "nodig"})
# "een lokaal hebben we niet meer", "naar de hogeschool hoeven ze nooit te komen",
# "een computer hebben ze daar niet voor nodig"
#: Particles of split verbs: after a negator they close the verb before it ("ze wisselen
#: nooit om", "dat komt niet terug"), so the negator still reaches back.
_PARTICLES = frozenset({"om", "op", "mee", "terug", "door", "uit", "af", "in", "aan", "voor",
                        "bij", "na", "over", "toe", "samen", "weg", "langs", "verder"})
#: Verbs of change: "aan de lessen verandert niets" denies a change, not the lessons (they
#: stay as they are, so they exist).
_CHANGE_STEMS = ("verander", "wijzig", "aangepast", "aanpas")


def _denies_a_change(canon: list[str], pos: int, breaks: tuple[bool, ...]) -> bool:
    """A verb of change in the negator's clause, right before it or right after it."""
    lo = pos
    while lo > 0 and pos - lo < _NEGATION_WINDOW and not breaks[lo] and (
        canon[lo - 1] not in lexicon.CLAUSE_BREAKS
    ):
        lo -= 1
    hi = min(len(canon), pos + 3)
    return any(t.startswith(_CHANGE_STEMS) for t in canon[lo:hi])


#: Opening words of a condition: a negator inside one denies nothing about the lesson ("als
#: de uitkomst niet klopt, bespreken we samen wat er misging"). "als" opens one only before
#: a subject ("als het", "als de meting"); "als huiswerk", "net als" and "als een" compare.
_CONDITION_OPENERS = frozenset({"als", "wanneer", "zodra", "indien", "tenzij"})
_CONDITION_SUBJECTS = frozenset({"ik", "je", "jij", "ze", "zij", "hij", "we", "wij", "jullie",
                                 "het", "de", "er", "die", "dat", "mijn", "hun", "onze",
                                 "iemand", "studenten", "iets"})
_CONDITION_LOOKBACK = 5
#: How far after a condition phrase ("zonder dat", "zonder die") its confirming negator may
#: stand: "zonder dat kunnen ze in de les niet meedoen" (five words).
_CONDITION_REACH = 8
#: Verbs of knowing and deciding: "wat er daarna gebeurt weet ik nog niet" leaves a
#: criterion open, it denies nothing.
_KNOWING_STEMS = ("weet", "weten", "wist", "bedacht", "besloten", "bepaald", "uitgewerkt",
                  "uitgedacht", "zeker")
_KNOWING_FILLERS = frozenset({"ik", "we", "wij", "nog", "het", "ook", "eigenlijk", "echt",
                              "helemaal", "precies", "er", "eerlijk", "gezegd", "dus", "zo"})


def _in_condition(canon: list[str], breaks: tuple[bool, ...], pos: int) -> bool:
    lo = pos
    while lo > 0 and pos - lo < _CONDITION_LOOKBACK and not breaks[lo] and (
            canon[lo - 1] not in lexicon.CLAUSE_BREAKS):
        lo -= 1
        if canon[lo] in _CONDITION_OPENERS and (
                canon[lo] != "als" or canon[lo + 1] in _CONDITION_SUBJECTS):
            return True
    return False


def _about_knowing(canon: list[str], pos: int) -> bool:
    """ "weet ik nog niet", "heb ik nog niet bedacht": not knowing yet, not a denial."""
    j = pos - 1
    while j >= 0 and pos - j <= 4 and canon[j] in _KNOWING_FILLERS:
        j -= 1
    if j >= 0 and pos - j <= 4 and canon[j].startswith(_KNOWING_STEMS):
        return True
    return any(t.startswith(_KNOWING_STEMS) for t in canon[pos + 1:pos + 2])


def _only_interaction(tokens: list[str], lex: Lexicon) -> bool:
    """Words that name something students do together and no place ("vragen of overleg",
    not "naast mijn lessen")."""
    families = {f for t in tokens for f in lex.single.get(t, ())}
    return "interactie" in families and not families & (PLACE_FAMILIES | {"online", "tool"})


#: Forms of taking part: "hun leerbedrijf doet niet mee", "de stageschool niet meedoet".
_TAKING_PART = frozenset({"meedoet", "meedoen", "mee", "deelneemt", "deelnemen", "meewerkt",
                          "meewerken"})


def _not_taking_part(h: Hit, canon: list[str]) -> bool:
    """A place that does not take part ("omdat hun leerbedrijf niet meedoet aan deze
    module"): the place is not part of this course."""
    if canon[h.start] in _PREPOSITIONS or (h.start and canon[h.start - 1] in _PREPOSITIONS):
        return False  # "zonder dat kunnen ze in de les niet meedoen": the students don't
    after = canon[h.end:h.end + 3]
    return any(t in ("niet", "nooit") for t in after) and bool(_TAKING_PART.intersection(after))


_PREPOSITIONS = frozenset({"in", "op", "bij", "naar", "tijdens", "aan", "at", "on", "during"})


#: How far after "geen" its cancelling "zonder" may stand.
_NONE_WITHOUT_REACH = 7


def _double_negations(canon: list[str]) -> set[int]:
    """ "Ik begin nooit zonder hun antwoorden door te lopen": two negators that cancel (always
    with), so neither denies anything."""
    out: set[int] = set()
    for i, tok in enumerate(canon):
        if tok in ("niet", "nooit", "never", "not") and "zonder" in canon[i + 1:i + 3]:
            out |= {i, canon.index("zonder", i + 1)}
        # "er gaat geen student de werkplaats in zonder eerst de online diagnose": every
        # student does the diagnosis first
        if tok == "geen" and "zonder" in canon[i + 2:i + _NONE_WITHOUT_REACH]:
            j = canon.index("zonder", i + 1)
            if not any(t in lexicon.CLAUSE_BREAKS for t in canon[i + 1:j]):
                out |= {i, j}
    return out


#: Words after "geen" that make it "never": "ze komen geen enkele keer naar de campus".
_NEVER_AFTER_NONE: tuple[tuple[str, ...], ...] = (
    ("enkele", "keer"), ("enkel", "moment"), ("keer",), ("moment",), ("enkele", "dag"),
    ("dag",), ("single", "time"))


def _never_words(canon: list[str], i: int) -> int:
    for words in _NEVER_AFTER_NONE:
        if tuple(canon[i + 1:i + 1 + len(words)]) == words:
            return len(words)
    return 0


#: Prepositions that open a modifier between a room and its verb ("het lokaal naast de
#: stallen gebruiken we niet meer").
_MODIFIER_OPENERS = frozenset({"naast", "bij", "van", "achter", "boven", "onder", "tegenover"})
_MODIFIER_REACH = 4


def _object_of_use(canon: list[str], breaks: tuple[bool, ...], h: Hit, used: set[int]) -> bool:
    """The place is what "gebruiken" takes, directly or after a modifier of its own."""
    if h.end in used:
        return True
    if h.end >= len(canon) or canon[h.end] not in _MODIFIER_OPENERS:
        return False
    return any(h.end < u <= h.end + _MODIFIER_REACH and not any(breaks[h.end:u + 1])
               for u in used)


#: How far "zonder" may reach for the "te + verb" that closes its clause.
_INFINITIVE_REACH = 10


def _to_infinitive(canon: list[str], breaks: tuple[bool, ...], i: int, end: int) -> int:
    """ "zonder met elkaar of met mij te praten": "zonder" denies up to its "te + verb",
    over the "of" that would end another negator's reach."""
    for j in range(i + 1, min(len(canon) - 1, i + _INFINITIVE_REACH)):
        if breaks[j] or canon[j] in EXCEPT:
            break
        if canon[j] == "te":
            return max(end, j + 2)
    return end


#: How far "niet dat" ("not that ...") may deny its clause.
_NOT_THAT_REACH = 12


def _clause_end(canon: list[str], breaks: tuple[bool, ...], i: int) -> int:
    end = i + 2
    while end < min(len(canon), i + _NOT_THAT_REACH) and not breaks[end]:
        end += 1
    return end


def _negation_scopes(canon: list[str], breaks: tuple[bool, ...], lex: Lexicon) -> list[
        tuple[int, int, int, int]]:
    """(negator position, scope start, scope end, reach) for every negator.

    The scope runs forward up to four words within the clause (a comma, "maar", "en" ...
    ends it). "niet" and "nooit" also reach back over the verb before them (reach 1:
    "die bespreek ik niet"); at the end of a clause they deny the whole clause (reach 2:
    "naar school komen ze niet").
    """
    scopes = []
    n = len(canon)
    cancelled = _double_negations(canon)
    for i, tok in enumerate(canon):
        if "negatie" not in lex.single.get(tok, ()) or i in cancelled:
            continue
        if i + 1 < n and canon[i + 1] in _NOT_A_NEGATION_AFTER and tok not in _NONE_WORDS and (
                canon[i + 1] != "meer" or canon[i + 2:i + 3] == ["dan"]):
            continue  # "niet alleen online", "niet meer dan" are no negation; "geen enkel
            # online deel" and "een lokaal hebben we niet meer" are
        if (tok in ("niet", "nooit") and _about_knowing(canon, i)) or _in_condition(
                canon, breaks, i):
            continue  # not knowing yet, or a condition: neither denies a criterion
        # "geen enkele keer", "geen moment": never, said with "geen"
        skip = _never_words(canon, i) if tok in _NONE_WORDS else 0
        head = i + skip
        end = head + 1
        # "geen tijd voor vragen of overleg": the room for something is what is denied
        room = 2 if tuple(canon[head + 1:head + 3]) in _ROOM_FOR and _only_interaction(
            canon[head + 3:head + 3 + _NEGATION_WINDOW], lex) else 0
        while end < min(n, head + 1 + _NEGATION_WINDOW + room):
            if canon[end] in lexicon.CLAUSE_BREAKS or breaks[end] or canon[end] in EXCEPT:
                break  # "niks online behalve de quiz": the quiz is the exception
            end += 1
        if tok == "zonder":
            end = _to_infinitive(canon, breaks, i, end)
        elif tok == "niet" and canon[i + 1:i + 2] == ["dat"] and not breaks[i + 1]:
            end = _clause_end(canon, breaks, i)  # "niet dat de logboeken los staan van ..."
        start = i
        reach = 0
        # "niet via Teams maar in het lokaal": only what stands between is denied
        contrast = head + 1 < end < n and canon[end] == "maar"
        closes = end == n or canon[end] in lexicon.CLAUSE_BREAKS or breaks[end]
        final = end == head + 1 or (closes and all(
            t in _CLOSING_PARTICLES for t in canon[head + 1:end]))
        # "wat ze thuis niet snapten": a verb closing a subordinate clause is what the
        # negator denies; nothing before it ("die bespreek ik niet in de les" still reaches)
        verb_last = end == head + 2 and closes and not final and canon[head + 1] not in _PARTICLES
        # "in de werkplaats herhaal ik de uitleg niet maar ...": the uitleg, not the room
        before_but = end < n and canon[end] == "maar"
        if tok in _OBJECT_NEGATORS and not final and i > 0 and not breaks[i]:
            start, reach = i - 1, 1  # "ze bespreken niets met elkaar": the verb before
        elif not contrast and not verb_last and (
                tok in _BACKWARD_NEGATORS or skip or (final and tok in _FINAL_NEGATORS)):
            reach = 2 if final and not before_but else 1
            limit = _FINAL_REACH if final else _NEGATION_WINDOW
            while start > 0 and i - start < limit and not breaks[start] and (
                canon[start - 1] not in lexicon.CLAUSE_BREAKS
            ):
                start -= 1
            if any(canon[j] in _CONDITION_OPENERS and canon[j + 1] in _CONDITION_SUBJECTS
                   for j in range(start, i - 1)):
                start = i  # "als het online is doet de helft niks": not into the condition
        scopes.append((i, start, end, reach))
    return scopes


def apply_negation(hits: list[Hit], canon: list[str], breaks: tuple[bool, ...],
                    lex: Lexicon, sentence_of: Sequence[int] | None = None) -> list[Hit]:
    negated: set[int] = set()
    order = sorted(range(len(hits)), key=lambda k: hits[k].start)
    starts = [hits[k].start for k in order]
    condition_hits = [hits[k] for k in order if _is_condition(hits[k], lex)]
    conditions = [h.end for h in condition_hits]
    for pos, start, end, reach in _negation_scopes(canon, breaks, lex):
        if any(c <= pos < c + _CONDITION_REACH and not any(breaks[c:pos + 1])
               for c in conditions):
            continue  # "zonder die mogen ze niet het lab in": the lab is there
        if any(h.start <= pos < h.end and h.term.startswith("zonder") for h in condition_hits):
            continue  # the "zonder" of "zonder dat kunnen ze ..." states the condition
        window = order[bisect_left(starts, start):bisect_left(starts, end)]
        inside = [k for k in window if hits[k].family in NEGATABLE
                  and (pos < hits[k].start < end or (reach and start <= hits[k].start < pos))
                  and not hits[k].start <= pos < hits[k].end
                  and canon[hits[k].start] != canon[pos]
                  and not _is_condition(hits[k], lex)]
        # "we zien elkaar nooit op school": meeting is being there, so the place is denied
        place_spans = [(hits[k].start, hits[k].end) for k in inside
                       if hits[k].family in PLACE_FAMILIES and hits[k].end - hits[k].start > 1]
        verb_at = {hits[k].start for k in inside if hits[k].family in _VERB_FAMILIES
                   and not (hits[k].start > 0 and (canon[hits[k].start - 1] in _MEETING_VERBS
                                                   or canon[hits[k].start - 1] == "bij"))
                   # "geen praktijkopdracht op hun werk": "hun werk" names the place
                   and not any(lo < hits[k].start < hi for lo, hi in place_spans)}
        uses = any(hits[k].term.startswith("gebruik") for k in inside)
        change = _denies_a_change(canon, pos, breaks)
        used = {hits[k].start for k in inside if hits[k].term.startswith("gebruik")}
        for k in inside:
            h = hits[k]
            if change and h.family in PLACE_FAMILIES:
                continue
            if h.family in PLACE_FAMILIES and _object_of_use(canon, breaks, h, used):
                negated.add(k)  # the room is what is not used: "het lokaal gebruiken we niet"
                continue
            verbs = bool(verb_at - {h.start})
            if h.start < pos and h.family not in _BACKWARD_FAMILIES and reach < 2 and not (
                uses and h.family in ("online", "tool")
            ):
                continue
            if verbs and h.family not in _VERB_FAMILIES and h.family != "volgorde" and not (
                uses and h.family in ("online", "tool")
            ):
                continue
            negated.add(k)
    for k, h in enumerate(hits):
        if k not in negated and (
                (h.family in NEGATABLE and _negated_inside(h, canon, lex))
                or (h.family in PLACE_FAMILIES and _not_taking_part(h, canon))):
            negated.add(k)
    negated |= coordinated_with_denied(hits, negated, canon, breaks, sentence_of)
    negated |= inside_denied(hits, negated)
    negated |= described_by_a_denied_thing(hits, negated, canon, breaks)
    return [Hit(h.family, h.term, h.start, h.end, True) if k in negated else h
            for k, h in enumerate(hits)]


def _is_condition(h: Hit, lex: Lexicon) -> bool:
    """A link phrase that carries its own negator ("zonder die", "zonder dat") states a
    condition; a second negator ("zonder die mogen ze niet het lab in") confirms it."""
    return h.family in ("koppeling", "samenhang") and any(
        "negatie" in lex.single.get(tok, ()) for tok in h.term.split()
    )


def _negated_inside(h: Hit, canon: list[str], lex: Lexicon) -> bool:
    """A negation between the parts of a split verb: 'ik neem de les niet op'."""
    if h.end - h.start <= 2:
        return False
    own = set(h.term.split())
    return any(
        "negatie" in lex.single.get(tok, ()) and tok not in own
        for tok in canon[h.start + 1 : h.end - 1]
    )


