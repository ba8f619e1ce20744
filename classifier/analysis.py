"""The lesson analysis: the learning activities a text describes and what the definition
asks of them, each finding backed by the teacher's own words.

Works on the rule layer's hits (lexicon phrases with token positions) and the token spans
of the raw input, so every quote is an exact piece of the input. Steps:

1. :func:`classifier.segment.segments` splits the text into activities;
2. each activity gets a place (``fysiek``, ``werkplek``, ``online``, ``thuis``), a timing and
   whether students interact in it;
3. the criteria of the definition (``fysiek``, ``online``, ``samenhang``, ``interactie``)
   and the split-group signal are read from the activities and the links between them:
   True or False only with a quote, None when the text does not say.

The reading follows the sources: a tool on the digital board in class is not an online
learning environment (Curio note, misconception 2); homework from a book is not online;
"daarna" links activities unless the text says they stand apart ("los daarvan", "een ander
onderwerp", "die ik niet bespreek"); part of a group online *at the same time* is hybrid,
groups that take turns are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifier import lexicon
from classifier.hits import Hit
from classifier.reading import (
    LEADING,
    LINK_VERBS,
    MAX_QUOTE,
    Act,
    Reader,
    activity_text,
    first,
    place_neutral,
)
from classifier.segment import COORDINATORS, TextView, segments
from classifier.types import Activity

__all__ = ["MAX_QUOTE", "Lesson", "read_lesson"]

#: Lesson words that are a physical meeting only with a preposition ("in de les", not
#: "mijn les is blended").
_DEFINITE = frozenset({"de", "het", "die", "dat", "deze", "dit", "hun", "the", "those",
                       "diezelfde", "dezelfde", "datzelfde", "hetzelfde", "same",
                       # a share of what was named before: "een fragment uploaden" ...
                       # "in de les bekijken we een paar fragmenten"
                       "paar", "aantal", "enkele", "sommige", "elkaars",
                       # which of them: "posten hun vermoeden" ... "welk vermoeden klopt"
                       "welk", "welke", "which",
                       # whose: "twee varianten" ... "zijn beste variant"
                       "zijn", "haar", "his", "her", "their"})
#: Words that open an activity by pointing back at the one before ("die posten ze ...").
_ANAPHORA = frozenset({"die", "dat", "deze", "dit", "waarvan", "waarop", "waarmee", "waarover",
                       "daar", "daarmee", "daarover", "daarin", "hun", "those", "their"})
#: Meetings that name no location: physical unless the text says students stay away.
_MEETINGS = frozenset({"les", "lessen", "de les", "in de les", "tijdens de les", "bijeenkomst",
                       "bijeenkomsten", "college", "colleges", "lesuur", "lesuren", "sessie",
                       "sessies", "workshop", "workshops", "contacturen", "contacttijd",
                       "lesdag", "lesdagen", "hoorcollege", "hoorcolleges", "werkcollege",
                       "werkcolleges", "gastles", "gastcollege", "theorieles", "seminar",
                       "lecture", "werkgroep", "werkgroepen", "tutorgroep", "mentoruur",
                       "tutoruur", "klassikaal", "klassikale", "contactmoment",
                       "contactmomenten"})
#: A whole course online (no physical part) said in so many words.
_TOTAL_ONLINE = frozenset({"volledig online", "helemaal online", "alles online", "alleen online",
                           "fully online", "bijna alles online", "everything online",
                           "all online", "entirely online", "completely online",
                           "only online"})
#: An offline medium said to be the only one ("alleen uit het boek").
_ONLY = frozenset({"alleen", "enkel", "slechts", "uitsluitend", "only", "alles", "helemaal",
                   "everything"})
#: Pattern signals (family -> signal) beside the criteria.
_PATTERN_FAMILIES: tuple[tuple[str, str], ...] = (
    ("corona", "corona"), ("kosten", "bezuiniging"), ("nieuw", "iets_nieuws"),
    ("al_goed", "al_goed"), ("schools", "verschoolsing"), ("afstand", "afstand"),
)
_ACTIVITY_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "offline", "tool",
                                "opname", "interactie", "gelijktijdig"})
_LINK_FAMILIES = frozenset({"samenhang", "volgorde", "koppeling"})
#: Online words that name where a physical activity happens online, not a product of one.
_SELF_PLACES = frozenset({"online", "digitaal", "digitale", "teams", "msteams", "zoom",
                          "live", "op afstand", "livestream", "inbellen"})


#: An activity's token range with the place it has or continues (:func:`_word_spans`).
Span = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Lesson:
    """The analysis of one text: activities, signals (criteria + patterns) and evidence."""

    activities: tuple[Activity, ...]
    signals: dict[str, bool | None]
    evidence: dict[str, str | None]


#: Sequence words that point forward: they link the activity they open to a later one.
_FORWARD = frozenset({"eerst", "vooraf", "voorafgaand", "van tevoren", "voor de les",
                      "voor de bijeenkomst", "before class", "beforehand"})


_SENTENCE_END = frozenset(".!?\n")
_RELATIVE = frozenset({"die", "dat", "waar", "waarin", "waarmee", "which", "that"})


def _same_sentence(r: Reader, x: Act, y: Act) -> bool:
    """No sentence end between activity ``x`` and the later activity ``y``."""
    spans = r.view.spans
    return not _SENTENCE_END.intersection(r.view.text[spans[x.end - 1][1]:spans[y.start][0]])


def _where(r: Reader, acts: Sequence[Act], i: int) -> str | None:
    """An activity's place; when it names none, that of the one before it in the same
    sentence ("op stage maken ze een foto en zetten die op Padlet"), or of the relative
    clause after it ("een quiz in Forms die ze in het weekend invullen")."""
    a = acts[i]
    if a.place:
        return a.place
    if i > 0 and acts[i - 1].place and _same_sentence(r, acts[i - 1], a):
        return acts[i - 1].place
    if i + 1 < len(acts) and _same_sentence(r, a, acts[i + 1]) and (
            r.view.tokens[acts[i + 1].start] in _RELATIVE):
        return acts[i + 1].place
    return None


#: Words that put a second thing beside the first ("daarnaast hebben ze een werkcollege").
_BESIDE = frozenset({"daarnaast", "ernaast", "bovendien", "besides"})


def _other_meeting(denied: Sequence[Hit], physical: Sequence[Act]) -> bool:
    """Only meetings are denied, and the lesson has another kind: "er hangt geen werkcollege
    aan" leaves the hoorcolleges standing."""
    if any(h.term not in _MEETINGS for h in denied):
        return False
    kinds = {h.term.split()[-1] for h in denied}
    return any(a.place_hit is not None and a.place_hit.term.split()[-1] not in kinds
               for a in physical)


def _purpose_in_class(r: Reader, acts: list[Act]) -> None:
    """A purpose clause of a class activity happens in class too: "in de les gebruiken ze
    hun laptop voor een Kahoot en om dingen op te zoeken op internet"."""
    toks = r.view.tokens
    for i in range(1, len(acts)):
        prev, a = acts[i - 1], acts[i]
        j = a.start
        while j < a.end - 1 and toks[j] in LEADING:
            j += 1
        if (toks[j] == "om" and prev.place == "fysiek" and a.place == "online"
                and a.place_hit is not None and a.place_hit.term in lexicon.MEDIA_TERMS
                and _same_sentence(r, prev, a)):
            a.place, a.tools_in_class, a.shown_in_class = "fysiek", True, True


def _pointing_back(r: Reader, acts: Sequence[Act], placed: Sequence[Act]) -> str | None:
    """A later activity that opens with a word pointing back ("die posten ze op het forum",
    "daarmee oefenen ze"): it works with what the one before produced."""
    if len(placed) < 2:
        return None
    toks = r.view.tokens
    for a in acts[1:]:
        i = a.start
        while i < a.end - 1 and toks[i] in LEADING:
            i += 1
        # "een MOOC die ze moeten afronden en daarnaast een werkcollege": the "die" is the
        # MOOC's, and the werkcollege comes beside it, not after it
        beside = any(t in _BESIDE for t in toks[i:a.end])
        if toks[i] in _ANAPHORA and a.start > placed[0].start and not beside:
            return r.quote(i, min(a.end, i + 3))
    return None


_DONE_RELATIVES = frozenset({"die", "dat", "wat", "welke", "waar", "waarop", "waarin"})
#: Endings of a Dutch past tense closing a relative clause ("waar ze het slechtst op
#: scoorden", "die ze fout maakten").
_PAST_ENDINGS = ("den", "ten", "de", "te")
_PAST_MIN = 6
#: Verbs that make the last word an infinitive ("die ze moeten afronden"), no past tense.
_MODALS = frozenset({"moeten", "moet", "kunnen", "kan", "gaan", "gaat", "willen", "wil",
                     "zullen", "zal", "mogen", "mag", "hoeven"})
_DONE_SUBJECTS = frozenset({"ze", "zij", "hij", "je", "we", "wij", "ik", "jullie"})
_DONE_AUXILIARIES = frozenset({"hebben", "heeft", "hadden", "had", "hebt"})
#: Words between the subject and the auxiliary ("die ze zelf eerder gevonden hebben").
_DONE_REACH = 4


def _done_before(r: Reader, spans: Sequence[Span]) -> str | None:
    """A later activity works with what students did before, said as a perfect-tense
    relative clause ("aan de verbeterpunten die ze zelf gevonden hebben", "verwerkt wat ze
    maandag geoefend hebben"), with that earlier work in another place."""
    toks = r.view.tokens
    places: set[str] = set()
    for start, end, place in spans:
        if places - {place}:
            for i in range(start, end - 2):
                if toks[i] not in _DONE_RELATIVES or toks[i + 1] not in _DONE_SUBJECTS:
                    continue
                for j in range(i + 2, min(end, i + 3 + _DONE_REACH)):
                    if toks[j] in _DONE_AUXILIARIES:
                        return r.quote(i, j + 1)
                    if r.view.break_before[j] or toks[j] in COORDINATORS:
                        break  # "die ze moeten afronden en daarnaast hebben ze ..."
                    closes = j + 1 >= len(toks) or r.view.break_before[j + 1] \
                        or toks[j + 1] in COORDINATORS
                    if closes and len(toks[j]) >= _PAST_MIN and toks[j].endswith(_PAST_ENDINGS) \
                            and not _MODALS.intersection(toks[i + 2:j]):
                        return r.quote(i, j + 1)  # a past tense: "waar ze slecht op scoorden"
        places.add(place)
    return None


_WEEKDAYS = frozenset({"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                       "zondag", "monday", "tuesday", "wednesday", "thursday", "friday"})
#: How far after a group's name its day may stand ("groep A komt maandag", "groep B op
#: dinsdag").
_DAY_REACH = 3


def _days_apart(r: Reader, groups: Sequence[Hit]) -> list[Hit]:
    """Groups given different days ("groep A komt maandag naar school, groep B op
    dinsdag"): they take turns, whatever the question calls it. A turn hit spanning the
    first two such groups, or nothing."""
    toks = r.view.tokens
    day_of: dict[str, tuple[str, int, Hit]] = {}
    for h in groups:
        days = [j for j in range(h.end, min(len(toks), h.end + _DAY_REACH))
                if toks[j] in _WEEKDAYS]
        if days:
            day_of.setdefault(h.term, (toks[days[0]], days[0], h))
    seen = list(day_of.values())
    for (day_a, at, a), (day_b, _, _) in zip(seen, seen[1:], strict=False):
        if day_a != day_b:  # quoted as "Groep A komt maandag"
            return [Hit("afwisseling", a.term, a.start, at + 1, False)]
    return []


def _taken_up_later(r: Reader, acts: Sequence[Act]) -> Hit | None:
    """A tool activity of the students' own, in a sentence of its own, whose work a later
    meeting takes up ("ze houden in een trainingsapp hun hartslag bij. In de gymzaal
    analyseren ze die gegevens"): the tool was used out of class. Its tool hit, or None."""
    for i, a in enumerate(acts):
        tool = first([h for h in a.hits if h.family == "tool"
                      and h.term not in lexicon.CLASSROOM_DEVICES])
        if a.place is not None or tool is None or r.teachers_own(a.start, a.end):
            continue
        later = [b for b in acts[i + 1:] if b.place in ("fysiek", "werkplek")
                 and not _same_sentence(r, a, b)]
        if not later:
            continue
        a.place = "online"  # tried as the online part: does the meeting build on it?
        try:
            sub = [a, *later]
            spans = _word_spans(r, sub)
            if _pointing_back(r, sub, sub) or _shared_work(r, spans, sub) \
                    or _done_before(r, spans):
                return tool
        finally:
            a.place = None
    return None


def _returns_nowhere(r: Reader, acts: Sequence[Act], physical: Sequence[Act]) -> str | None:
    """Every physical activity is a location the work is denied to come back to ("op
    school of op stage komt het niet terug"): a quote of it, else None. A lesson ("in de
    les komt de module niet terug") is there, only not linked: that stays a loose part."""
    if not physical:
        return None
    quote, denial_end = None, 0
    for a in reversed(physical):  # a bare place joins the denial after it ("op school of")
        later = acts[acts.index(a) + 1] if a is not acts[-1] else None
        back = [h for h in r.hits if h.negated and h.family in _LINK_FAMILIES
                and a.start <= h.start < a.end and "terug" in h.term]
        if a.place_hit is None or a.place_hit.term in _MEETINGS:
            return None
        if back and 0 <= back[0].start - a.place_hit.end <= 1:
            # the place opens the denied clause: "op school komt het niet terug", not "op
            # school werken we aan iets anders en komt het nooit terug"
            quote, denial_end = r.quote(a.place_hit.start, back[0].end), back[0].end
        elif quote and later is not None and a.place_hit.end == a.end \
                and r.view.tokens[later.start] in _OR_WORDS:
            quote = r.quote(a.place_hit.start, denial_end)
        else:
            return None
    return quote


_OR_WORDS = frozenset({"of", "noch", "en", "or"})


def _links_two(h: Hit, placed: Sequence[Act], parts: int) -> bool:
    """A weak link word links two parts with a place: a sequence word ("daarna",
    "vooraf") anywhere, a word of working with results ("bespreken") in a later one."""
    if parts < 2:
        return False
    if h.family == "volgorde" or not placed:
        return True
    first = placed[0]
    return not (first.start <= h.start < first.end) or len(placed) < 2


#: Shared words are compared on their first letters ("fragment" ... "de fragmenten").
_STEM = 7
#: Shortest content word that counts as coming back ("een casus" ... "die casus").
_SHARED_MIN = 5
#: How far before the word a determiner may stand ("de meest uiteenlopende reacties").
_DEFINITE_REACH = 3
#: Who does the work: the same students or halves in two activities is no shared work
#: ("de ene helft ... de andere helft", "de studenten ... de studenten").
_WHO = frozenset({"studenten", "student", "leerlingen", "leerling", "deelnemers", "cursisten",
                  "docent", "docenten", "helft", "helften", "groep", "groepen", "groepje",
                  "groepjes", "klassen", "tweetallen", "drietallen", "viertallen", "students",
                  "group", "groups", "teacher"})
#: Shortest word that comes back after a pointing determiner ("een rondreis" ... "die reis").
_POINTED_MIN = 4
_PLURAL_ENDINGS = ("es", "en", "s")


def _forms(word: str) -> list[str]:
    """The word and the word without each plural ending that leaves enough of it
    ("pitches" -> "pitch", "reacties" -> "reactie", "bronnen" -> "bronn"): rough stems to
    compare what comes back, not a lemmatiser."""
    out = [word]
    for ending in _PLURAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _POINTED_MIN:
            out.append(word[: -len(ending)])
    return out


#: Shortest last part of a compound that comes back after a determiner ("oefenvragen" ...
#: "de vragen"); a place word may be shorter ("een sprintapp" ... "in de app").
_TAIL_MIN = 5
_PLACE_TAIL_MIN = 3


def _compound_tail(word: str, earlier: dict[str, str | None], place: str,
                   place_words: frozenset[str] | set[str]) -> bool:
    """``word`` is the last part of a longer word an activity elsewhere named."""
    if len(word) < _PLACE_TAIL_MIN:
        return False
    # a place word's tail names that place ("een oefendak" ... "het legplan voor het dak")
    return any(len(w) > len(word) + 2 and w.endswith(word) and there not in (None, place)
               and (len(word) >= _TAIL_MIN or word in place_words or w in place_words)
               for w, there in earlier.items())


#: Letters two forms of one verb or noun share ("ploegt" ... "gaan ploegen").
_TASK_STEM = 5


def _same_task(r: Reader, spans: Sequence[Span]) -> str | None:
    """Groups that take turns at one task: a word of the activity in one place comes back
    in the other ("de ene helft ploegt op het oefenveld, de andere berekent online de
    brandstof voor het perceel dat zij donderdag zelf gaan ploegen"). The Curio note's
    alternating groups build on each other; this says the two halves are one piece of work."""
    toks = r.view.tokens
    seen: dict[str, str] = {}
    for start, end, place in spans:
        stems = {}
        for i in range(start, end):
            t = toks[i]
            if len(t) < _TASK_STEM or t in lexicon.COMMON_WORDS or t in r.place_words:
                continue
            stem = t[:_TASK_STEM]
            if seen.get(stem) not in (None, place):
                return r.quote(i, i + 1)
            stems.setdefault(stem, place)
        for stem, there in stems.items():
            seen.setdefault(stem, there)
    return None


#: Determiners that point at something named before ("die blogs" after "reisblogs").
_POINTING = frozenset({"die", "deze", "dat", "dit", "diezelfde", "dezelfde", "those", "these"})


def _sentence_end_before(r: Reader, j: int) -> bool:
    spans = r.view.spans
    return bool(_SENTENCE_END.intersection(r.view.text[spans[j - 1][1]:spans[j][0]]))


def _word_spans(r: Reader, acts: Sequence[Act]) -> list[Span]:
    """(start, end, place) of each activity with a place, its own or the one it continues
    (:func:`_where`), reaching over the clauses after it that name no place, up to the next
    activity or its sentence end: in "bekijken thuis hun opname, schrijven er twee
    verbeterpunten bij" the verbeterpunten are the home part's."""
    n = len(r.view.tokens)
    out = []
    for i, a in enumerate(acts):
        place = _where(r, acts, i)
        if place is None:
            continue
        stop = acts[i + 1].start if i + 1 < len(acts) else n
        end = a.end
        while end < stop and not _sentence_end_before(r, end):
            end += 1
        out.append((a.start, end, place))
    return out


#: Words between "over" and its subject ("over de", "over het uitbenen van").
_TOPIC_FILLERS = frozenset({"de", "het", "een", "hoe", "je", "the", "how", "a", "an"})
_TOPIC_REACH = 3


def _topic_stems(toks: Sequence[str], start: int, end: int) -> set[str]:
    """Stems of the words an activity is about ("een kennisclip over bloeddruk meten")."""
    out: set[str] = set()
    for i in range(start, end):
        if toks[i] not in ("over", "about"):
            continue
        for j in range(i + 1, min(end, i + 1 + _TOPIC_REACH)):
            if toks[j] not in _TOPIC_FILLERS:
                out.update(f[:_STEM] for f in _forms(toks[j]))
    return out


def _shared_work(r: Reader, spans: Sequence[Span], placed: Sequence[Act]) -> str | None:
    """Two activities in different places about the same thing: a content word of the
    first comes back in a later one ("een voorbeeld" ... "het beste voorbeeld"), or a
    physical activity works with an online product ("de forumvragen uitwerken")."""
    if len(placed) < 2 or len({a.place for a in placed}) < 2:
        return None
    toks = r.view.tokens
    seen: dict[str, str | None] = {}
    earlier: dict[str, str | None] = {}
    topics: set[str] = set()  # what earlier work was about: "een oefening over bloeddruk"
    for start, end, place in spans:
        words = {f[:_STEM] for t in toks[start:end] if len(t) >= _SHARED_MIN
                 and t not in lexicon.COMMON_WORDS and t not in r.place_words
                 and t not in _WHO for f in _forms(t)}
        # a place word comes back too when pointed at: "een online cursus" ... "de kenmerken
        # uit die cursus", "volgens die module"
        named = {t[:_STEM] for t in toks[start:end] if len(t) >= _SHARED_MIN
                 and t in r.place_words and t not in lexicon.COMMON_WORDS}
        for i in range(start, end):
            t = toks[i][:_STEM]
            definite = [j for j in range(max(start, i - _DEFINITE_REACH), i)
                        if toks[j] in _DEFINITE]
            if not definite:
                continue
            if any(f[:_STEM] in words and seen.get(f[:_STEM]) not in (None, place)
                   and (f[:_STEM] not in topics or toks[i - 1] in _POINTING)
                   for f in _forms(toks[i])):
                # the same subject again ("het bloeddruk meten") does not say the parts
                # build on each other; what the earlier work made does ("de casus")
                return r.quote(definite[0], i + 1)
            if toks[i - 1] in _POINTING and t in named and seen.get(t) not in (None, place):
                return r.quote(i - 1, i + 1)
            if _compound_tail(toks[i], earlier, place, r.place_words):
                return r.quote(definite[0], i + 1)  # "oefenvragen" ... "de vragen die"
            if toks[i - 1] not in _POINTING:
                continue
            if toks[i] in lexicon.PRODUCT_NOUNS and any(
                    there not in (None, place) for there in earlier.values()):
                return r.quote(i - 1, i + 1)  # "met die info lossen ze de storing op"
            if toks[i] in r.place_words and earlier.get(toks[i]) not in (None, place):
                return r.quote(i - 1, i + 1)  # "een app" ... "met de gegevens uit die app"
            pointed = [f for f in _forms(toks[i]) if len(f) >= _POINTED_MIN]
            if pointed and any(
                any(x.endswith(y) for x in _forms(w) for y in pointed)
                and there not in (None, place) for w, there in earlier.items()
            ):
                return r.quote(i - 1, i + 1)  # "reisblogs" ... "die blogs", "die pitches"
        for t in words | named:
            seen.setdefault(t, place)
        topics.update(_topic_stems(toks, start, end))
        for t in toks[start:end]:
            earlier.setdefault(t, place)
    for a in placed[1:]:
        if a.place != "fysiek":
            continue
        for h in a.hits:
            if h.family == "online" and not r.is_tool(h) and h.term not in _SELF_PLACES:
                return r.hit_quote(h)
    return None


def read_lesson(view: TextView, hits: Sequence[Hit], split: Hit | None) -> Lesson:
    """Analyse one text. ``split`` is the rule layer's split-group finding (or None)."""
    r = Reader(view, hits)
    hits = r.hits
    acts: list[Act] = []
    for start, end in segments(view, r.live):
        act = r.activity(start, end)
        if any(h.family in _ACTIVITY_FAMILIES for h in act.hits):
            acts.append(act)
    _purpose_in_class(r, acts)
    signals: dict[str, bool | None] = {}
    evidence: dict[str, str | None] = {}

    def put(name: str, value: bool | None, quote: str | None) -> None:
        if value is not None and not quote:
            value = None  # never a finding without words behind it
        signals[name] = value
        evidence[name] = quote if value is not None else None

    live = r.live
    negated = [h for h in hits if h.negated]
    fam = _families(live)
    neg = _families(negated)

    # fysiek ---------------------------------------------------------------------------
    physical = [a for a in acts if a.place in ("fysiek", "werkplek")]
    total_online = [h for h in live if h.term in _TOTAL_ONLINE or _whole_online(r, h)]
    references = [h for h in live if r.is_reference(h)]
    located = [a for a in physical if a.place_hit and a.place_hit.term not in _MEETINGS]
    denied_place = [h for h in (neg.get("fysiek") or neg.get("fysiek_zwak") or [])
                    if not r.is_reference(h)]  # "buiten de les doen ze niks": lessons exist
    unreturned = _returns_nowhere(r, acts, physical)
    if unreturned is not None:
        # "alles gaat online, op school of op stage komt het niet terug": the place is
        # named only to say the work never comes there
        put("fysiek", False, unreturned)
    elif denied_place and physical and not located and not _other_meeting(denied_place,
                                                                           physical):
        # "naar school komen ze niet": the werkcollege they mention meets online
        put("fysiek", False, r.negation_quote(denied_place[0]))
    elif physical and physical[0].place_hit is not None:
        # a room or meeting the teacher names beats a classroom device ("in de les", not
        # "digibord"), which only says where a tool stands
        rooms = [a.place_hit for a in physical if a.place_hit and not r.is_tool(a.place_hit)]
        put("fysiek", True, r.hit_quote(_widest(r, rooms[0] if rooms else physical[0].place_hit)))
    elif references:
        put("fysiek", True, r.quote(max(0, references[0].start - 2), references[0].end))
    elif denied_place:
        put("fysiek", False, r.negation_quote(denied_place[0]))
    elif total_online:
        put("fysiek", False, r.hit_quote(total_online[0]))
    else:
        put("fysiek", None, None)

    # online ---------------------------------------------------------------------------
    away_text = bool(fam.get("thuis")) or any(a.place in ("online", "thuis") for a in acts)
    online_hit: Hit | None = None
    outside_denied = _nothing_outside(r, neg.get("online", []) + neg.get("tool", []))

    def in_class(a: Act) -> bool:  # "buiten het college doen ze niets online": the poll
        return outside_denied and any(  # during the college is in class
            h.family in ("fysiek", "fysiek_zwak") for h in a.hits)

    for a in acts:
        if a.place == "online" and not in_class(a):
            online_hit = a.place_hit
            break
    if online_hit is None:
        for a in acts:
            if a.shown_in_class or in_class(a):
                continue
            env = [h for h in a.hits if h.family == "online" and not r.is_tool(h)
                   and (h.term not in lexicon.MEDIA_TERMS or away_text
                        or a.place != "fysiek")]
            if env:
                online_hit = env[0]
                break
    if online_hit is not None and (neg.get("online") or neg.get("tool")) and _only_a_label(
            r, online_hit, fam.get("online", [])):
        for a in acts:  # "het 'online deel' is een hoofdstuk in het werkboek, zonder computer"
            if a.place_hit is online_hit:
                home = [h for h in a.hits if h.family == "thuis"]
                a.place, a.place_hit = ("thuis", home[0]) if home else (None, None)
        online_hit = None
    if online_hit is None:
        # a tool used on the workplace is used out of class: an online part ("op hun
        # stagebedrijf maken ze een foto en zetten die op Padlet")
        online_hit = first([h for i, a in enumerate(acts)
                            if _where(r, acts, i) in ("werkplek", "thuis") for h in a.hits
                            if h.family == "tool" and h.term not in lexicon.CLASSROOM_DEVICES])
    if online_hit is None and not (neg.get("online") or neg.get("tool")) and any(
            a.place in ("fysiek", "werkplek") for a in acts):
        # a tool over days or a week, beside a meeting of its own, is used out of class
        # ("drie dagen houden ze hun eetpatroon bij in een app; in het practicum ...")
        online_hit = first([h for a in acts if a.place is None and _over_time(r, a)
                            for h in a.hits if h.family == "tool"
                            and h.term not in lexicon.CLASSROOM_DEVICES])
        if online_hit is None:
            online_hit = _taken_up_later(r, acts)
        for a in acts:  # and that is where the activity happens
            if online_hit is not None and a.place is None and a.start <= online_hit.start < a.end:
                a.place, a.place_hit, a.tools_in_class = "online", online_hit, False
    tools = [h for h in fam.get("tool", []) if h.start not in r.paper_work]
    offline = fam.get("offline", [])
    only_offline = [h for h in offline if h.start > 0 and any(
        view.tokens[j] in _ONLY for j in range(max(0, h.start - 4), h.start))]
    if online_hit is not None:
        put("online", True, r.hit_quote(online_hit))
    elif neg.get("online") or neg.get("tool"):
        put("online", False, r.negation_quote((neg.get("online") or neg["tool"])[0]))
    elif only_offline:
        put("online", False, r.quote(only_offline[0].start - 1, only_offline[0].end))
    elif (tools and not _placeless(tools, acts)) or any(a.tools_in_class for a in acts):
        first_tool = first(tools) or first(
            [h for a in acts if a.tools_in_class for h in a.hits if h.family == "online"])
        put("online", False, r.hit_quote(first_tool) if first_tool else None)
    else:
        put("online", None, None)

    # samenhang ------------------------------------------------------------------------
    negated_links = [h for h in negated if (h.family in _LINK_FAMILIES
                                            # "geen overleg, geen feedback": no interaction,
                                            # not a part standing apart
                                            and not h.term.startswith("feedback"))
                     or (h.family == "interactie" and h.term in LINK_VERBS)]
    strong_links = [h for h in live if h.family == "samenhang" and not r.inside_loose(h)
                    and h.start not in r.question_clause]
    placed = [a for a in acts if a.place]
    parts = len(placed) + (1 if references and not physical else 0)
    turn_at = [t.start for t in fam.get("afwisseling", [])]
    weak_links = [h for h in live if h.family in ("volgorde", "koppeling")
                  and not r.inside_loose(h) and _links_two(h, placed, parts)
                  and h.start not in r.question_clause
                  # "de week erna wisselen ze": when the turn comes, not that it builds on
                  and not any(0 <= t - h.end <= 1 for t in turn_at)]
    links = sorted(strong_links + weak_links, key=lambda h: h.start)
    back = _pointing_back(r, acts, placed)
    if back is None and parts >= 2:
        spans = _word_spans(r, acts)
        back = _shared_work(r, spans, placed) or _done_before(r, spans)
        if back is None and fam.get("afwisseling") and fam.get("groep_deel"):
            back = _same_task(r, spans)
    nothing_else = [h for h in fam.get("verder_niets", []) if " " in h.term]
    if r.loose:
        put("samenhang", False, r.hit_quote(first(r.loose)))  # type: ignore[arg-type]
    elif negated_links:
        put("samenhang", False, r.negation_quote(first(negated_links)))  # type: ignore[arg-type]
    elif nothing_else:
        put("samenhang", False, r.hit_quote(nothing_else[0]))
    elif links:
        put("samenhang", True, r.hit_quote(first(links)))  # type: ignore[arg-type]
    elif back is not None:
        put("samenhang", True, back)
    else:
        put("samenhang", None, None)

    # interactie -----------------------------------------------------------------------
    inter = r.interaction_hits(hits)
    solo = r.solo_hits(hits)
    if inter:
        put("interactie", True, r.hit_quote(first(inter)))  # type: ignore[arg-type]
    elif solo:
        h = first(solo)
        put("interactie", False, r.negation_quote(h) if h.negated else r.hit_quote(h))  # type: ignore[union-attr]
    else:
        put("interactie", None, None)

    # split group ----------------------------------------------------------------------
    turns = fam.get("afwisseling", []) or _days_apart(r, fam.get("groep_deel", []))
    if split is not None and (not turns or (signals["samenhang"] is not True
                                            and signals["online"] is True)):
        # halves that swap who sits where but follow one lesson at the same time are hybrid
        # each time; only turns that build on each other are the Curio note's blend
        put("gelijktijdig_gesplitst", True, r.hit_quote(split))
    elif split is not None or (turns and fam.get("groep_deel")):
        put("gelijktijdig_gesplitst", False, r.hit_quote(turns[0]))
    elif neg.get("gelijktijdig"):
        put("gelijktijdig_gesplitst", False, r.negation_quote(neg["gelijktijdig"][0]))
    elif signals["fysiek"] and signals["online"] and signals["samenhang"]:
        put("gelijktijdig_gesplitst", False, evidence["samenhang"])
    else:
        put("gelijktijdig_gesplitst", None, None)

    _patterns(r, acts, fam, signals, evidence, put)
    activities = tuple(  # after the criteria: reading them may correct a place
        Activity(activity_text(r, a), a.place, r.timing(a), r.interactie(a))  # type: ignore[arg-type]
        for a in acts
    )
    return Lesson(activities, signals, evidence)


def _patterns(r: Reader, acts: Sequence[Act], fam: dict[str, list[Hit]],
              signals: dict[str, bool | None],
              evidence: dict[str, str | None], put) -> None:  # noqa: ANN001
    """The misconception patterns: tool only, recording only, emergency, savings ..."""
    split = signals["gelijktijdig_gesplitst"] is True
    linked = signals["samenhang"] is True
    only = fam.get("verder_niets", [])
    tools = [h for h in fam.get("tool", []) if h.start not in r.paper_work]
    if any(h.family in ("online", "tool") for h in r.hits if h.negated):
        # "laptops blijven in de tas, online doen we niks": a device named beside a denied
        # online part is no tool the lesson leans on
        tools = [h for h in tools if h.term not in lexicon.PERSONAL_DEVICES]
    tool_only = bool(tools) and signals["online"] is not True and not split and not (
        signals["online"] is None and _placeless(tools, acts))
    posted = _posted_material(r) if signals["samenhang"] is False and not split else None
    put("alleen_tool", True if tool_only or posted is not None else None,
        r.hit_quote(first(tools)) if tool_only else posted)  # type: ignore[arg-type]
    recordings = [h for h in fam.get("opname", [])
                  if h.term not in _STUDENT_MADE or _teacher_made(r, h)]
    # "kennisclip + werkcollege": a meeting of its own beside the clip, and nothing said about
    # how they connect, is a link to ask about, not a lecture that was only recorded
    recorded_in = {id(a) for a in acts for h in recordings if a.start <= h.start < a.end}
    meeting_beside = signals["samenhang"] is None and any(
        a.place in ("fysiek", "werkplek") and id(a) not in recorded_in for a in acts)
    # a clip named and nothing more ("hij werkt met kennisclips") leaves open what else
    # there is; a lecture recorded, or clips said to be all, is the recording pattern
    lectures = any(h.term in _LECTURE_RECORDING for h in recordings)
    told_more = signals["samenhang"] is False or signals["interactie"] is False
    rec_only = bool(recordings) and not linked and not split and not meeting_beside and (
        bool(only) or (signals["interactie"] is not True and (lectures or told_more))
    )
    put("alleen_opname", True if rec_only else None,
        r.hit_quote(first(recordings)) if rec_only else None)  # type: ignore[arg-type]
    for family, name in _PATTERN_FAMILIES:
        found = fam.get(family)
        put(name, True if found else None, r.hit_quote(first(found)) if found else None)  # type: ignore[arg-type]


def _placeless(tools: Sequence[Hit], acts: Sequence[Act]) -> bool:
    """Only tools that could be used anywhere, and no lesson in class or at work named."""
    return place_neutral(tools) and not any(a.place in ("fysiek", "werkplek") for a in acts)


#: Recording words that say a meeting was recorded for watching instead ("ik neem mijn
#: colleges op", "de lessen zijn terug te kijken"), not a clip of its own.
_LECTURE_RECORDING = frozenset({
    "opnemen", "neem op", "neemt op", "neem ik op", "opgenomen", "opname", "opnames",
    "opnemen van", "lesopname", "terugkijken", "kijken terug", "terug kunnen kijken",
    "terug te kijken", "online zetten", "online gezet", "zet ik online", "colleges online",
    "lectures online", "weblecture", "weblectures", "videocollege", "videocolleges",
    "record", "recording", "recorded", "uploaden", "opgeslagen", "film ik", "filmt", "filmen",
    "gefilmd",
})
#: Recordings students may make themselves ("ze spreken een vlog in"): the recording
#: pattern (the teacher records, students watch) only when the teacher made them.
_STUDENT_MADE = frozenset({"vlog", "vlogs", "vlogje", "vlogjes"})
_TEACHER = frozenset({"ik", "mijn", "i", "my"})
_MAKER_REACH = 8
_LEARNERS = frozenset({"studenten", "student", "leerlingen", "deelnemers", "cursisten", "klas",
                       "groep", "students", "class"})


def _teacher_made(r: Reader, h: Hit) -> bool:
    toks, breaks = r.view.tokens, r.view.break_before
    for j in range(h.start - 1, max(-1, h.start - 1 - _MAKER_REACH), -1):
        if toks[j] in _TEACHER and not (j + 1 < len(toks) and toks[j + 1] in _LEARNERS):
            return True  # "ik heb een vlog gemaakt", not "mijn studenten maken een vlog"
        if breaks[j + 1] and j + 1 != h.start:
            return False
    return False


#: "het hele vak is online", "de gehele opleiding verloopt online": all of it, online.
_WHOLE = frozenset({"hele", "gehele", "volledige", "heel", "whole", "entire"})
_WHOLE_REACH = 4
_ENTIRELY = frozenset({"helemaal", "volledig", "geheel", "compleet", "entirely", "fully"})
_WHOLE_VENUES = frozenset({"online", "digitaal", "op afstand", "teams", "msteams", "zoom",
                           "via zoom", "via teams", "webex", "google meet"})
_ALL_MEETINGS = frozenset({"lessen", "colleges", "bijeenkomsten", "lesuren", "werkcolleges",
                           "hoorcolleges", "contacturen", "classes", "lessons"})


def _whole_online(r: Reader, h: Hit) -> bool:
    """An online word whose clause says it is the whole course: "de hele cursus is online",
    "alles gebeurt online", "alle lessen gaan via Teams"."""
    if h.family != "online":
        return False
    before = r.view.tokens[max(0, h.start - 2):h.start]
    if r.is_tool(h) or (
            h.term not in _WHOLE_VENUES and "via" not in before):
        return False
    toks, breaks = r.view.tokens, r.view.break_before
    for j in range(h.start - 1, max(-1, h.start - 1 - _WHOLE_REACH), -1):
        if breaks[j + 1] or toks[j] in lexicon.CLAUSE_BREAKS:
            return False
        if toks[j] in _WHOLE or (toks[j] == "alles" and h.term == "online"):
            return True
        if toks[j] in _ENTIRELY and "via" in toks[max(0, h.start - 2):h.start]:
            return True  # "de cursus loopt helemaal via een videoplatform"
        if toks[j] in ("alle", "all") and j + 1 < h.start and toks[j + 1] in _ALL_MEETINGS:
            return True
    return False


#: Devices that are things students have, not tools a lesson uses, unless the text says so.


#: The teacher putting material online that nothing builds on ("ik zet mijn PowerPoint in
#: Itslearning, verder doen ze er niks mee"): ICT used to hand out, not a blend (Curio
#: note, misconception 2).
_POSTING = frozenset({"zet", "zetten", "zette", "plaats", "plaatst", "plaatsen", "upload",
                      "uploaden", "deel", "deelt", "delen", "post", "posten", "hang", "put",
                      "share", "stuur", "stuurt", "mail"})
_MATERIALS = frozenset({"powerpoint", "powerpoints", "ppt", "slides", "sheets", "dias",
                        "presentatie", "presentaties", "pdf", "pdfs", "document", "documenten",
                        "lesmateriaal", "materiaal", "materialen", "aantekeningen",
                        "uitwerkingen", "handouts", "handout", "samenvatting",
                        "samenvattingen", "lesbrief", "lesbrieven"})
_POSTERS = frozenset({"ik", "we", "wij", "i"})


def _posted_material(r: Reader) -> str | None:
    """The material the teacher posts online, when a sentence says so, or None."""
    toks = r.view.tokens
    online = {h.start for h in r.live if h.family == "online"}
    start = 0
    for end in [*(i for i in range(1, len(toks)) if r.view.break_before[i]), len(toks)]:
        sentence = range(start, end)
        words = {toks[i] for i in sentence}
        if (words & _POSTING and words & _POSTERS and online.intersection(sentence)):
            material = next((i for i in sentence if toks[i] in _MATERIALS), None)
            if material is not None:
                return r.quote(material, material + 1)
        start = end
    return None


def _widest(r: Reader, h: Hit) -> Hit:
    """The longest phrase of the same family ending where ``h`` ends: "in de les" for "les"."""
    return min((o for o in r.hits if o.family == h.family and o.end == h.end
                and o.start <= h.start), key=lambda o: o.start, default=h)


def _families(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for h in hits:
        out.setdefault(h.family, []).append(h)
    return out


#: Nouns that "online" names a part of the course with: a label, not a medium.
_PART_NOUNS = frozenset({"deel", "gedeelte", "stuk", "onderdeel", "component", "variant"})


def _only_a_label(r: Reader, hit: Hit, online_hits: list[Hit]) -> bool:
    """The lesson's one online word names a part ("het online deel") that the text then
    says needs nothing digital: what the teacher calls online is not."""
    tokens = r.view.tokens
    labelled = hit.term == "online" and tokens[hit.end:hit.end + 1] and \
        tokens[hit.end] in _PART_NOUNS
    others = [h for h in online_hits if h.start != hit.start and not h.negated]
    return bool(labelled) and not others


_OUTSIDE = frozenset({"buiten", "daarbuiten"})


def _nothing_outside(r: Reader, denied: list[Hit]) -> bool:
    """ "buiten de les doen ze niets online", "alleen in de les en niet daarbuiten"."""
    toks = r.view.tokens
    if any(t == "daarbuiten" and j > 0 and toks[j - 1] in ("niet", "nooit")
           for j, t in enumerate(toks)):
        return True
    return any(t in _OUTSIDE for h in denied for t in toks[max(0, h.start - 6):h.start])


#: Words that put an activity over days or a week, not inside one meeting.
_OVER_TIME = frozenset({"dagen", "dag", "week", "weken", "weekend", "weekenden", "avond", "avonds",
                        "dagelijks", "wekelijks", "maand", "tussendoor"})


def _over_time(r: Reader, a: Act) -> bool:
    """Students' work over days or between lessons ("ik maak elke week een quiz" is the
    teacher preparing)."""
    toks = r.view.tokens[a.start:a.end]
    between = "tussen" in toks and "door" in toks  # "tussen de lessen door"
    return "ik" not in toks and (between or any(t in _OVER_TIME for t in toks))
