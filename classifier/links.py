"""What links two learning activities, read from what comes back between them.

The lesson analysis (:mod:`classifier.analysis`) finds link words itself ("daarna",
"bespreken we", "los daarvan"); this module reads the links a teacher writes without one:

- a later activity that opens by pointing back ("die posten ze op het forum");
- a word of one activity coming back in another place ("een casus" ... "die casus",
  "oefenvragen" ... "de vragen", "die info");
- a relative clause about earlier work ("de punten die ze zelf gevonden hebben");
- groups that take turns at one task;
- a tool activity that a later meeting takes up, which makes that tool the online part.

The same subject coming back ("een oefening over bloeddruk" ... "het bloeddruk meten") is
no link: the definition asks that activities build on each other, and a shared topic does
not say they do.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier import lexicon
from classifier.hits import Hit
from classifier.reading import LEADING, Act, Reader, first
from classifier.segment import COORDINATORS, number_point

#: Determiners that make a word one named before ("een casus" ... "de casus", "hun vragen").
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

#: Online words that name where a physical activity happens online, not a product of one.
_SELF_PLACES = frozenset({"online", "digitaal", "digitale", "teams", "msteams", "zoom",
                          "live", "op afstand", "livestream", "inbellen"})

#: An activity's token range with the place it has or continues (:func:`word_spans`).
Span = tuple[int, int, str]

_SENTENCE_END = frozenset(".!?\n")

_RELATIVE = frozenset({"die", "dat", "waar", "waarin", "waarmee", "which", "that"})


def _ends_sentence(text: str, lo: int, hi: int) -> bool:
    """A sentence end in ``text[lo:hi]``; the point of a number ("om 9.30") is none."""
    return any(ch in _SENTENCE_END and not number_point(text, k)
               for k, ch in enumerate(text[lo:hi], start=lo))


def same_sentence(r: Reader, x: Act, y: Act) -> bool:
    """No sentence end between activity ``x`` and the later activity ``y``."""
    spans = r.view.spans
    return not _ends_sentence(r.view.text, spans[x.end - 1][1], spans[y.start][0])


def where(r: Reader, acts: Sequence[Act], i: int) -> str | None:
    """An activity's place; when it names none, that of the one before it in the same
    sentence ("op stage maken ze een foto en zetten die op Padlet"), or of the relative
    clause after it ("een quiz in Forms die ze in het weekend invullen")."""
    a = acts[i]
    if a.place:
        return a.place
    if i > 0 and acts[i - 1].place and same_sentence(r, acts[i - 1], a):
        return acts[i - 1].place
    if i + 1 < len(acts) and same_sentence(r, a, acts[i + 1]) and (
            r.view.tokens[acts[i + 1].start] in _RELATIVE):
        return acts[i + 1].place
    return None


#: Words that put a second thing beside the first ("daarnaast hebben ze een werkcollege").
_BESIDE = frozenset({"daarnaast", "ernaast", "bovendien", "besides"})


def opens_beside(r: Reader, acts: Sequence[Act]) -> bool:
    """A later activity put beside the others ("daarnaast is er elke week een werkgroep"):
    what it shares with them says nothing of building on; only a link word would."""
    toks = r.view.tokens
    return any(t in _BESIDE for a in acts[1:]
               for t in toks[a.start:min(a.end, a.start + _BESIDE_REACH)])


#: How far into an activity its "daarnaast" may stand ("en bouwt daarnaast in het lab").
_BESIDE_REACH = 3


def pointing_back(r: Reader, acts: Sequence[Act], placed: Sequence[Act]) -> str | None:
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
        if toks[i] in _ANAPHORA and a.start > placed[0].start and not beside \
                and i not in r.question_clause \
                and not (toks[i] == "daar" and _there(r, acts, a)):
            # not "dat maakt mijn les toch blended?", nor "daar" for a place just named
            return r.quote(i, min(a.end, i + 3))
    return None


def _there(r: Reader, acts: Sequence[Act], a: Act) -> bool:
    """ "Vanaf week twee staan ze in de werkplaats. Daar zetten ze een bekisting op": "daar"
    is the place the activity before named, not its work."""
    k = acts.index(a)
    return a.place is None and k > 0 and acts[k - 1].place in ("fysiek", "werkplek")


_DONE_RELATIVES = frozenset({"die", "dat", "wat", "welke", "waar", "waarop", "waarin"})

#: Endings of a Dutch past tense closing a relative clause ("waar ze het slechtst op
#: scoorden", "die ze fout maakten").
_PAST_ENDINGS = ("den", "ten", "de", "te")

_PAST_MIN = 6
#: Strong past tenses that close such a clause ("met de tips die ze kregen").
_STRONG_PAST = frozenset({"kregen", "zagen", "kwamen", "vonden", "lazen", "schreven", "gingen",
                          "deden", "liepen", "namen", "gaven", "kozen", "spraken", "zochten",
                          "dachten", "brachten", "wisten", "hadden", "kreeg", "zag", "vond",
                          "las", "schreef", "deed", "vastliepen", "vastliep", "misgingen"})

#: Verbs that make the last word an infinitive ("die ze moeten afronden"), no past tense.
_MODALS = frozenset({"moeten", "moet", "kunnen", "kan", "gaan", "gaat", "willen", "wil",
                     "zullen", "zal", "mogen", "mag", "hoeven"})

_DONE_SUBJECTS = frozenset({"ze", "zij", "hij", "je", "we", "wij", "ik", "jullie"})

_DONE_AUXILIARIES = frozenset({"hebben", "heeft", "hadden", "had", "hebt"})
_SUBJECT_DETERMINERS = frozenset({"de", "het", "hun", "elke", "ieder", "iedere"})

#: Words between the subject and the auxiliary ("die ze zelf eerder gevonden hebben").
_DONE_REACH = 4


def done_before(r: Reader, spans: Sequence[Span]) -> str | None:
    """A later activity works with what students did before, said as a relative clause
    in the perfect or past tense ("aan de verbeterpunten die ze zelf gevonden hebben",
    "de vragen waar ze het slechtst op scoorden"), with that earlier work in another place."""
    toks = r.view.tokens
    places: set[str] = set()
    for start, end, place in spans:
        if places - {place}:
            for i in range(start, end - 2):
                if toks[i] not in _DONE_RELATIVES:
                    continue
                if toks[i + 1] in _DONE_SUBJECTS:
                    first_word = i + 2
                elif toks[i + 1] in _SUBJECT_DETERMINERS and i + 3 < end:
                    first_word = i + 3  # "wat de groep online heeft uitgezocht"
                else:
                    continue
                for j in range(first_word, min(end, first_word + 1 + _DONE_REACH)):
                    if toks[j] in _DONE_AUXILIARIES:
                        return r.quote(i, j + 1)
                    if r.view.break_before[j] or toks[j] in COORDINATORS:
                        break  # "die ze moeten afronden en daarnaast hebben ze ..."
                    closes = j + 1 >= len(toks) or r.view.break_before[j + 1] \
                        or toks[j + 1] in COORDINATORS
                    past = (len(toks[j]) >= _PAST_MIN and toks[j].endswith(_PAST_ENDINGS)) \
                        or toks[j] in _STRONG_PAST
                    if closes and past and not _MODALS.intersection(toks[i + 2:j]):
                        return r.quote(i, j + 1)  # a past tense: "waar ze slecht op scoorden"
        places.add(place)
    return None


def taken_up_later(r: Reader, acts: Sequence[Act]) -> Hit | None:
    """A tool activity of the students' own, in a sentence of its own, whose work a later
    meeting takes up ("ze houden in een trainingsapp hun hartslag bij. In de gymzaal
    analyseren ze die gegevens"): the tool was used out of class. Its tool hit, or None."""
    for i, a in enumerate(acts):
        tool = first([h for h in a.hits if h.family == "tool"
                      and h.term not in lexicon.CLASSROOM_DEVICES])
        if a.place is not None or tool is None or r.teachers_own(a.start, a.end):
            continue
        later = [b for b in acts[i + 1:] if b.place in ("fysiek", "werkplek")
                 and not same_sentence(r, a, b)]
        if not later:
            continue
        a.place = "online"  # tried as the online part: does the meeting build on it?
        try:
            sub = [a, *later]
            spans = word_spans(r, sub)
            if pointing_back(r, sub, sub) or shared_work(r, spans, sub) \
                    or done_before(r, spans):
                return tool
        finally:
            a.place = None
    return None


def links_two(r: Reader, h: Hit, acts: Sequence[Act], placed: Sequence[Act],
              parts: int) -> bool:
    """A weak link word links two parts with a place: a sequence word ("daarna",
    "vooraf") anywhere, a word of working with results ("bespreken") in a later one, in
    another place than one before it ("lezen een uitspraak op de ELO en schrijven er online
    een analyse over" works within the online part)."""
    if parts < 2:
        return False
    if not placed:
        return True
    if h.family == "volgorde":
        # a step within one session is no step from one place to another ("op school heb
        # ik ze in lokaal 0.12, en dan werken ze in tweetallen", "doe ik eerst een
        # demonstratie en daarna knippen ze"): "eerst" points at the step after it, any
        # other sequence word at the step before
        at = next((i for i, a in enumerate(acts) if a.start <= h.start < a.end), None)
        if at is None:
            return True
        other = at + 1 if h.term in _FIRST else at - 1
        # only a step that names no place of its own continues the one it points at
        step = other if h.term in _FIRST else at
        if not 0 <= other < len(acts) or acts[step].place:
            return True
        here, there = where(r, acts, at), where(r, acts, other)
        return not (here is not None and here == there)
    opener = placed[0]
    if opener.start <= h.start < opener.end and len(placed) >= 2:
        return False
    at = next((i for i, a in enumerate(acts) if a.start <= h.start < a.end), None)
    here = where(r, acts, at) if at is not None else None
    if here is None:
        return True
    return any(where(r, acts, j) not in (None, here) for j in range(at))


#: Sequence words that point forward, at the step after them.
_FIRST = frozenset({"eerst", "allereerst", "first"})

#: Prepositions that time an activity by an earlier one it names ("na het debat schrijven
#: ze online een reflectie", "voor het practicum"): it follows on from that one.
_TIMED_BY = frozenset({"na", "voor", "tijdens", "after", "before", "during"})

#: Shared words are compared on their first letters ("fragment" ... "de fragmenten").
_STEM = 7

#: Shortest content word that counts as coming back ("een casus" ... "die casus").
_SHARED_MIN = 5

#: How far before the word a determiner may stand ("de meest uiteenlopende reacties").
_DEFINITE_REACH = 3
_INDEFINITE = frozenset({"een", "a", "an"})

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


def same_task(r: Reader, spans: Sequence[Span]) -> str | None:
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
    return _ends_sentence(r.view.text, spans[j - 1][1], spans[j][0])


def word_spans(r: Reader, acts: Sequence[Act]) -> list[Span]:
    """(start, end, place) of each activity with a place, its own or the one it continues
    (:func:`where`), reaching over the clauses after it that name no place, up to the next
    activity or its sentence end: in "bekijken thuis hun opname, schrijven er twee
    verbeterpunten bij" the verbeterpunten are the home part's."""
    n = len(r.view.tokens)
    out = []
    for i, a in enumerate(acts):
        place = where(r, acts, i)
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
#: Shortest word after "voor" that names a purpose, not a determiner ("voor de les" is a time).
_PURPOSE_MIN = 6


def _topic_stems(toks: Sequence[str], start: int, end: int) -> set[str]:
    """Stems of the words an activity is about ("een kennisclip over bloeddruk meten") or
    for ("voor blessurepreventie spelen ze een kahoot")."""
    out: set[str] = set()
    for i in range(start, end):
        if toks[i] == "voor" and i + 1 < end and len(toks[i + 1]) >= _PURPOSE_MIN \
                and toks[i + 1] not in lexicon.COMMON_WORDS:
            out.update(f[:_STEM] for f in _forms(toks[i + 1]))
        if toks[i] not in ("over", "about"):
            continue
        for j in range(i + 1, min(end, i + 1 + _TOPIC_REACH)):
            if toks[j] not in _TOPIC_FILLERS:
                out.update(f[:_STEM] for f in _forms(toks[j]))
    return out


def shared_work(r: Reader, spans: Sequence[Span], placed: Sequence[Act]) -> str | None:
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
            if not definite or _INDEFINITE.intersection(toks[definite[-1] + 1:i]):
                continue  # "op de oefenhoofden een laagjessnit": that "een" is the word's
            if i - 2 >= start and toks[i - 2] in _TIMED_BY and definite[-1] == i - 1 \
                    and len(toks[i]) >= _SHARED_MIN \
                    and earlier.get(toks[i]) not in (None, place):
                return r.quote(i - 2, i + 1)  # "een debat in de klas" ... "na het debat"
            here_topics = _topic_stems(toks, start, end)
            if any(f[:_STEM] in words and seen.get(f[:_STEM]) not in (None, place)
                   and ((f[:_STEM] not in topics and f[:_STEM] not in here_topics)
                        or toks[i - 1] in _POINTING)
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
            if h.family == "online" and not r.is_tool(h) and h.term not in _SELF_PLACES \
                    and not lexicon.paper_able(h.term):  # "maken in groepjes de oefentoets"
                return r.hit_quote(h)
    return None
