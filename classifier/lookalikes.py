"""Look-alikes: lexicon hits whose context shows they mean something else.

"in teams een voorstelling draaien" is group work, not Microsoft Teams; "een breakout room
in Teams" is no classroom; "de database van een fietsenwinkel" names the subject, not the
place; "zonder dat iemand ..." is no link; "door elkaar gebruikt" is no interaction; a cost
word counts as the saving pattern only beside a word for teaching or its staff.
"""

from __future__ import annotations

from dataclasses import replace

from classifier import lexicon
from classifier.hits import Hit
from classifier.negation_spread import PLACE_FAMILIES


def without_team_work(hits: list[Hit], raw: str, spans: list[tuple[int, int]],
                       canon: list[str]) -> list[Hit]:
    """"in teams een voorstelling draaien" is group work; Microsoft Teams is written
    "Teams", or named with "via"/"op"/"de" ("via teams", "in de teams-groep")."""
    homes = [h.start for h in hits if h.family == "thuis"]

    def group_work(h: Hit) -> bool:
        if h.family != "online" or h.term != "teams" or h.start == 0:
            return False
        lo, hi = spans[h.start]
        # "thuis opdrachten in teams maken": at home, groups need an app to meet in
        at_home = any(abs(p - h.start) <= _HOME_REACH for p in homes)
        # "die in teams posten": something is put in Teams, groups are not
        posted = bool(_PUTTING.intersection(canon[h.end:h.end + 2])) or bool(
            _PUTTING.intersection(canon[max(0, h.start - 4):h.start - 1]))
        return raw[lo:hi] == "teams" and canon[h.start - 1] in ("in", "per") and not at_home \
            and not posted
    return [h for h in hits if not group_work(h)]


#: Verbs of putting something somewhere online: "in teams posten" is Microsoft Teams.
_PUTTING = frozenset({"posten", "post", "zetten", "zet", "plaatsen", "plaatst", "delen", "deelt",
                      "uploaden", "upload", "gezet", "geplaatst", "gedeeld", "geupload",
                      "gepost", "inleveren", "levert", "leveren", "ingeleverd"})


_HOME_REACH = 4


def without_places_inside_online(hits: list[Hit]) -> list[Hit]:
    """A room named inside an online phrase is online: "een breakout room in Teams"."""
    online = [h for h in hits if h.family == "online" and h.end - h.start > 1]
    return [h for h in hits if not (h.family in PLACE_FAMILIES and any(
        o.start <= h.start and h.end <= o.end for o in online))]


#: "de database van een fietsenwinkel", "een menukaart voor een restaurant": a place named as
#: what the work is about (after "van een" / "voor een"), not where the students are.
_ABOUT_A_PLACE = frozenset({"van", "voor"})


def without_subject_matter(hits: list[Hit], canon: list[str]) -> list[Hit]:
    def about(h: Hit) -> bool:  # "voor een (fictieve) fietsenwinkel"
        for k in (1, 2):
            if h.start >= k + 1 and canon[h.start - k] == "een" \
                    and canon[h.start - k - 1] in _ABOUT_A_PLACE:
                return True
        return False
    return [h for h in hits if not (h.family in PLACE_FAMILIES and about(h))]


#: Words that open the clause after a conjunction "zonder dat" ("zonder dat iemand hem
#: bekeek"): the demonstrative "zonder dat" ("zonder dat kunnen ze niet") is followed by
#: its verb instead.
_CLAUSE_SUBJECTS = frozenset({
    "ik", "je", "jij", "ze", "zij", "hij", "we", "wij", "jullie", "iemand", "niemand",
    "iedereen", "er", "de", "het", "een", "hun", "mijn", "onze", "ons", "zijn", "haar",
    "die", "deze", "studenten", "student", "leerlingen", "men", "alles", "i", "they",
})
#: "door elkaar" followed by one of these is "mixed up" ("die woorden worden door elkaar
#: gebruikt"), not students working with each other ("door elkaar te bevragen").
_MIXED_UP_VERBS = frozenset({
    "gebruiken", "gebruikt", "gebruikte", "gooien", "gooit", "gegooid", "halen", "haalt",
    "gehaald", "heen", "lopen", "loopt", "liep", "worden", "wordt", "zitten", "zit",
})


#: "op elkaar" before one of these is parts that fit ("sluiten op elkaar aan", "op elkaar
#: afgestemd"), not students responding to each other ("reageren op elkaar").
_FITTING = frozenset({"aan", "aansluiten", "aansluit", "afgestemd", "afstemmen", "voort",
                      "voortbouwen", "voortborduren", "in", "ingrijpen", "passen", "past"})


#: "dat is het" is "that's all" only at the end of its clause ("dat is het wel zo'n
#: beetje"); "dat is het digitale stuk" names what came before.
_THATS_ALL_AFTER = frozenset({"wel", "zo", "eigenlijk", "dan", "verder", "zon", "ongeveer"})
#: "dat is het digitale stuk van mijn les": a name for what the teacher described before,
#: no online part of its own.
_PART_NOUNS = frozenset({"stuk", "deel", "gedeelte", "onderdeel", "component", "element",
                         "kant", "aspect", "verhaal"})
_LABEL_OPENERS = frozenset({"dat", "dit", "daarmee", "hiermee"})
_COPULAS = frozenset({"is", "was", "zijn", "waren"})
_ADJECTIVES = frozenset({"digitale", "digitaal", "online"})


def without_false_links(hits: list[Hit], canon: list[str],
                         breaks: tuple[bool, ...]) -> list[Hit]:
    """Drop look-alikes: the conjunction "zonder dat" (no link, "without anyone ..."),
    "door elkaar" meaning mixed up and "op elkaar aansluiten" (no interaction), "dat is
    het" before more words, "het digitale stuk" naming what came before, comparing with a
    peer's work and "hun verbinding" (no link); each test below names its case."""
    def nxt(h: Hit) -> str:
        return canon[h.end] if h.end < len(canon) and not breaks[h.end] else ""

    def conjunction(h: Hit) -> bool:
        return h.term == "zonder dat" and nxt(h) in _CLAUSE_SUBJECTS

    def parts_fit(h: Hit) -> bool:  # "of die twee op elkaar aansluiten": a link, no talk
        return h.term == "elkaar" and h.start > 0 and canon[h.start - 1] == "op" \
            and nxt(h) in _FITTING

    def mixed_up(h: Hit) -> bool:
        return h.family == "interactie" and h.term == "elkaar" and h.start > 0 \
            and canon[h.start - 1] == "door" and (nxt(h) in _MIXED_UP_VERBS or nxt(h) == "")

    def not_all(h: Hit) -> bool:
        return h.term == "dat is het" and nxt(h) not in _THATS_ALL_AFTER | {""} \
            and nxt(h) not in lexicon.CLAUSE_BREAKS

    def label(h: Hit) -> bool:
        before = canon[max(0, h.start - 4):h.start]
        if h.family != "online" or not _COPULAS.intersection(before):
            return False
        # "die poll zijn het enige digitale", "dat is het hele digitale verhaal": a name
        # for what was just described
        summed_up = before[-1:] in (["enige"], ["hele"]) and h.term in _ADJECTIVES and (
            nxt(h) in _PART_NOUNS or nxt(h) in lexicon.CLAUSE_BREAKS | {""})
        return summed_up or (nxt(h) in _PART_NOUNS and bool(_LABEL_OPENERS.intersection(before)))

    def clause_before(h: Hit, reach: int) -> list[str]:
        lo = h.start
        while lo > 0 and h.start - lo < reach and not breaks[lo] \
                and canon[lo - 1] not in lexicon.CLAUSE_BREAKS:
            lo -= 1
        return canon[lo:h.start]

    def assembled(h: Hit) -> bool:  # "stel ik het net voor hun ogen samen": samenstellen
        return h.family == "interactie" and h.term == "samen" and (
            nxt(h) in lexicon.CLAUSE_BREAKS | {""} | _AFTER_PARTICLE) and bool(
            _SET_VERBS.intersection(clause_before(h, _PARTICLE_REACH)))

    def teacher_presents(h: Hit) -> bool:  # "geef ik een presentatie": students listen
        return h.family == "interactie" and h.term in _PRESENTING and bool(
            _TEACHER_SUBJECT.intersection(clause_before(h, _SUBJECT_REACH)))

    def students_level(h: Hit) -> bool:  # "mbo niveau 4", "level 2": who the students are
        return h.term in _LEVEL_WORDS and (nxt(h).isdigit() or nxt(h) in _NUMBER_WORDS)

    def rest_of_time(h: Hit) -> bool:  # "de rest van de week"
        return h.term in ("de rest", "rest") and canon[h.end:h.end + 1] == ["van"] and (
            bool(_TIME_NOUNS.intersection(canon[h.end + 1:h.end + 3])))

    def posted_on_stream(h: Hit) -> bool:  # "op Stream gezet": Microsoft Stream, no live
        return h.term == "stream" and h.start > 0 and canon[h.start - 1] == "op" and bool(
            _POSTED.intersection(canon[h.end:h.end + 2]))

    def peer_comparison(h: Hit) -> bool:  # "vergelijken hun las met die van hun buurman"
        if h.term != "vergelijken":
            return False
        j = h.end
        while j < len(canon) and j - h.end < _COMPARE_REACH and not breaks[j] \
                and canon[j] not in lexicon.CLAUSE_BREAKS:
            if canon[j:j + 3] == ["met", "die", "van"] and bool(
                    _PEERS.intersection(canon[j + 3:j + 6])):
                return True
            j += 1
        return False

    def a_joint(h: Hit) -> bool:  # "hun verbinding": the thing they made, no link
        return h.term == "verbinding" and h.start > 0 and canon[h.start - 1] in _OWNERS

    def look_alike(h: Hit) -> bool:
        if h.family == "samenhang" and (peer_comparison(h) or a_joint(h)):
            return True
        if h.family == "topic:def-niveaus":
            return students_level(h)
        if h.family == "groep_deel":
            return rest_of_time(h)
        if h.family in ("gelijktijdig", "online"):
            return posted_on_stream(h) or (h.family == "online" and label(h))
        if h.family == "interactie":
            return mixed_up(h) or assembled(h) or teacher_presents(h) or parts_fit(h)
        return conjunction(h) or not_all(h)
    return [h for h in hits if not look_alike(h)]


#: "met die van hun buurman": comparing with a peer's work is working together, no link.
_PEERS = frozenset({"buurman", "buurvrouw", "buren", "medestudent", "medestudenten", "klasgenoot",
                    "klasgenoten", "elkaar", "anderen", "maatje", "partner", "duo", "groepje",
                    "tweetal"})
_COMPARE_REACH = 8
_OWNERS = frozenset({"hun", "zijn", "haar", "elke", "iedere", "mijn", "their", "his", "her"})
_TIME_NOUNS = frozenset({"week", "dag", "les", "tijd", "periode", "middag", "ochtend", "avond",
                        "maand", "jaar", "module", "blok", "cursus", "opleiding", "vak",
                        "minor", "semester", "stof"})  # "de rest van de cursus is online"
_POSTED = frozenset({"gezet", "zetten", "geplaatst", "staan", "staat"})
_LEVEL_WORDS = frozenset({"niveau", "nivo", "level"})
_NUMBER_WORDS = frozenset({"een", "twee", "drie", "vier", "one", "two", "three", "four"})


#: Forms of "stellen" whose particle "samen" is no working together.
_SET_VERBS = frozenset({"stel", "stelt", "stelde", "stelden", "stellen"})
_PARTICLE_REACH = 12
#: Prepositions that may follow the particle: "stelt een rantsoen samen voor de geiten".
_AFTER_PARTICLE = frozenset({"voor", "met", "uit", "van", "op", "in", "aan"})
_PRESENTING = frozenset({"presentatie", "presentaties", "presenteren", "presenteer"})
_TEACHER_SUBJECT = frozenset({"ik", "mijn"})
_SUBJECT_REACH = 3


#: Words for teaching and its staff: money or replacing beside one of them is about the
#: cost of teaching ("de helft van de lessen vervangen", "het scheelt de school geld").
_TEACHING_RESOURCES = frozenset({
    "docent", "docenten", "leraar", "leraren", "collega", "collegas",
    "lessen", "lesuren", "lestijd", "contacturen", "contacttijd", "uren", "formatie",
    "school", "opleiding", "instelling", "directie", "management", "bestuur", "onderwijs",
    "teamleider", "leidinggevende", "klassen", "groepen",
    "teacher", "teachers", "lessons", "staff",
})


#: How near a weak cost word its teaching word must stand ("de lessen vervangen", "kost de
#: school geld"; not "op school om kabels te vervangen").
_COST_REACH = 3
#: "op school" is a place, not the institution that pays.
_PLACE_PREPOSITIONS = frozenset({"op", "naar", "in", "bij"})


def costs_of_teaching(hits: list[Hit], canon: list[str], sentence_of: list[int]
                       ) -> list[Hit]:
    """Weak cost words count as cost (the bezuiniging pattern) only near a word for
    teaching or its staff in the same sentence; elsewhere they are the lesson's subject
    matter."""
    if not any(h.family == "kosten_zwak" for h in hits):
        return hits

    def about_teaching(h: Hit) -> bool:
        lo, hi = max(0, h.start - _COST_REACH), min(len(canon), h.end + _COST_REACH)
        return any(
            canon[i] in _TEACHING_RESOURCES and sentence_of[i] == sentence_of[h.start]
            and not (canon[i] == "school" and i > 0 and canon[i - 1] in _PLACE_PREPOSITIONS)
            for i in range(lo, hi))
    return [replace(h, family="kosten") if h.family == "kosten_zwak" else h for h in hits
            if h.family != "kosten_zwak" or about_teaching(h)]
