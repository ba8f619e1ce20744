"""The rule layer: what a text mentions, as plain typed findings.

Matching works on normalised tokens. A token that is not a known word is corrected to the
nearest lexicon word when rapidfuzz finds one above a length-dependent cutoff (typos), a
token pair is also tried joined (``kennis clips``), and longer words are searched for
compound stems (``videocolleges``, ``praktijklokaal``). Per-token work is cached, so a
stream of texts costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from classifier import lexicon
from classifier.analysis import Lesson, read_lesson
from classifier.hits import Hit
from classifier.negation import PLACE_FAMILIES, apply_negation
from classifier.phrases import nothing_to_do_with, separable_hits
from classifier.segment import TextView, break_flags
from classifier.text import (
    RULE_CHARS,
    letter_ratio,
    mirror,
    normalise,
    span_tokens,
    tokenize,
)

#: Simultaneity words strong enough on their own (with both places in the sentence).
STRONG_SIMULTANEITY = frozenset(
    {"tegelijk", "tegelijkertijd", "gelijktijdig", "terwijl", "op hetzelfde moment",
     "meekijken", "live meekijken", "kijken mee", "kijkt mee", "kijkt live mee",
     "kijken live mee", "meeluisteren", "luisteren mee", "luistert mee", "inbellen", "inbelt",
     "bellen in", "belt in", "inbellers", "livestream", "livestreamen", "streamen", "stream",
     "meedoen via", "doen mee via", "aansluiten via", "gestreamd", "streamt", "meekijkt",
     "aanschuiven", "schuiven aan", "tegelijk online", "at the same time", "simultaneously",
     "op datzelfde moment", "op dat zelfde moment", "mee met dezelfde uitleg"}
)
#: Devices that bring remote students into a room.
DEVICE_WORDS = frozenset(
    {"webcam", "camera", "cameras", "microfoon", "microfoons", "meeting owl", "teamscall",
     "teams call"}
)
#: Online words that mean "somewhere else" (for the split-group pattern).
REMOTE_WORDS = frozenset(
    {"thuis", "van huis", "vanuit huis", "op afstand", "online", "teams", "msteams", "zoom",
     "webex", "google meet", "videobellen", "videocall", "inbellen", "livestream", "at home",
     "teamscall", "teams call", "chat", "stream", "de stream", "via de stream", "hotelkamer",
     "vanuit haar kamer", "vanuit zijn kamer", "vanuit hun kamer", "op trainingskamp",
     "vanuit het buitenland"}
)
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]+")
_HYBRID_FORMS = frozenset({"les", "lessen", "lesgeven", "onderwijs", "leren", "klas", "college"})
_BLENDED_WORDS = frozenset({"blended", "blend"})
_COMPARE_SPAN = 4
CORE = ("fysiek", "online", "samenhang", "interactie", "gelijktijdig_gesplitst")
_SHARED: Lexicon | None = None


@dataclass(frozen=True, slots=True)
class RuleFindings:
    """Everything the rule layer saw in one text."""

    tokens: tuple[str, ...]
    hits: tuple[Hit, ...]
    counts: dict[str, int]
    negated: dict[str, int]
    signals: dict[str, bool | None]
    cues: dict[str, float] = field(default_factory=dict)
    #: The lesson analysis (activities and the evidence of every signal).
    lesson: Lesson | None = None

    def has(self, family: str) -> bool:
        return self.counts.get(family, 0) > 0

    def terms(self, family: str) -> list[str]:
        return [h.term for h in self.hits if h.family == family and not h.negated]


class Lexicon:
    """The compiled vocabulary: phrase index, fuzzy choices and compound stems."""

    def __init__(
        self,
        phrases: dict[str, tuple[str, ...]] | None = None,
        stems: Iterable[tuple[str, str, str]] | None = None,
        known_words: Iterable[str] = (),
    ) -> None:
        if phrases is None:
            phrases = dict(lexicon.PHRASES)
            phrases.update({f"topic:{card}": words for card, words in lexicon.TOPICS.items()})
        stems = lexicon.STEMS if stems is None else stems
        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        words: set[str] = set()
        for family, items in phrases.items():
            for raw in items:
                toks = tuple(tokenize(normalise(raw)))
                if not toks:
                    continue
                self.index.setdefault(toks[0], []).append((toks, family))
                words.update(toks)
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.single: dict[str, frozenset[str]] = {
            first: frozenset(f for toks, f in entries if len(toks) == 1)
            for first, entries in self.index.items()
        }
        # the hot path: phrases by their first two words (longest first), single words in
        # lexicon order, so a token looks only at phrases that can still match
        self.multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str, str]]] = {}
        self.single_order: dict[str, tuple[str, ...]] = {}
        for first, entries in self.index.items():
            for toks, family in entries:
                if len(toks) > 1:
                    self.multi.setdefault(toks[:2], []).append((toks, family, " ".join(toks)))
            singles = tuple(f for toks, f in entries if len(toks) == 1)
            if singles:
                self.single_order[first] = singles
        self.words = frozenset(words)
        self.fuzzy_choices = sorted(w for w in words if len(w) >= 5)
        self.known = frozenset(known_words) | self.words | lexicon.COMMON_WORDS
        self.stems = tuple((f, s, where) for f, s, where in stems)
        self._canon_cache: dict[str, str] = {}
        self._stem_cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def shared(cls) -> Lexicon:
        """One default lexicon per process (compiling costs a few milliseconds)."""
        global _SHARED
        if _SHARED is None:
            _SHARED = cls()
        return _SHARED

    def with_known_words(self, known: Iterable[str]) -> Lexicon:
        """Words seen in training data are never 'corrected' into lexicon words."""
        self.known = self.known | frozenset(known)
        self._canon_cache.clear()
        return self

    def canonical(self, token: str) -> str:
        """The token itself, or the lexicon word it is a typo of."""
        if len(token) < _SHORTEST_TYPO:
            return token  # too short to correct: no cache lookup on the hot path
        cached = self._canon_cache.get(token)
        if cached is not None:
            return cached
        result = token
        # a compound of a known stem is a word of its own, no typo: "trainingsapp" is not
        # "trainingskamp"
        if token not in self.known and not token.isdigit() \
                and not self.compound_families(token):
            max_edits = 1 if len(token) < 12 else 2
            candidates = process.extract(
                token, self.fuzzy_choices, scorer=OSA.distance, score_cutoff=max_edits, limit=5
            )
            for word, _, _ in sorted(candidates, key=lambda c: c[1]):
                if plausible_typo(token, word):
                    result = word
                    break
        if len(self._canon_cache) > 200_000:
            self._canon_cache.clear()
        self._canon_cache[token] = result
        return result

    def compound_families(self, token: str) -> tuple[str, ...]:
        """Families whose stems occur inside a long word (online beats physical)."""
        cached = self._stem_cache.get(token)
        if cached is not None:
            return cached
        found: list[str] = []
        if len(token) >= 7:
            for family, stem, where in self.stems:
                if len(token) < len(stem) + 3 or family in found:
                    continue
                if where == "prefix":
                    ok = token.startswith(stem)
                elif where == "suffix":
                    ok = token.endswith(stem) and len(token) >= len(stem) + 4
                else:
                    ok = stem in token
                if ok:
                    found.append(family)
            if "online" in found:
                found = [f for f in found if f not in ("fysiek", "fysiek_zwak")]
        result = tuple(found)
        if len(self._stem_cache) > 200_000:
            self._stem_cache.clear()
        self._stem_cache[token] = result
        return result


#: Shorter tokens are never corrected (too many real words one letter apart).
_SHORTEST_TYPO = 6
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {ch: (r, c) for r, row in enumerate(_KEYBOARD_ROWS) for c, ch in enumerate(row)}


def _adjacent_keys(a: str, b: str) -> bool:
    pa, pb = _KEY_POS.get(a), _KEY_POS.get(b)
    if pa is None or pb is None:
        return False
    return abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1


def plausible_typo(token: str, word: str) -> bool:
    """Could ``token`` be a slip of the fingers for ``word`` (not another real word)?

    Typists rarely get the first letter wrong, and a single wrong letter is usually a
    neighbouring key: ``kkasse`` may be ``klasse``, but ``posten`` is not ``kosten``,
    ``storing`` is not ``sturing`` and ``klagen`` is not ``lagen``.
    """
    if token[0] != word[0] and token[:2] != word[1::-1]:
        return False
    if len(token) == len(word):
        diff = [(a, b) for a, b in zip(token, word, strict=True) if a != b]
        if len(diff) == 1:
            return _adjacent_keys(*diff[0])
    return True


_SENTENCE_CHARS = frozenset(".!?;:\n")


def _sentence_numbers(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence number of every token (punctuation or a newline between tokens ends one)."""
    out: list[int] = []
    number = 0
    prev_end = 0
    for start, end in spans:
        gap = text[prev_end:start]
        if gap != " " and any(ch in _SENTENCE_CHARS for ch in gap):
            number += 1
        out.append(number)
        prev_end = end
    return out


_PEOPLE_NOT_PLACES = ("klasgeno", "klassgeno", "klasmaat", "klasmaatje")
#: Compounds that name a person, not a place: "de stagebegeleider", "de praktijkopleider".
_PEOPLE_ENDINGS = ("begeleider", "begeleiders", "begeleidster", "opleider", "opleiders",
                   "beheerder", "beheerders", "coordinator", "docent", "docenten", "coach",
                   "coaches", "mentor", "mentoren", "bazin", "baas", "eigenaar")


def _find_hits(lex: Lexicon, canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    hits: list[Hit] = []
    n = len(canon)
    families_at: dict[int, set[str]] = {}
    multi, singles, single = lex.multi, lex.single_order, lex.single
    for i, tok in enumerate(canon):
        if i + 1 < n:
            for toks, family, term in multi.get((tok, canon[i + 1]), ()):
                size = len(toks)
                if size == 2 or tuple(canon[i : i + size]) == toks:
                    hits.append(Hit(family, term, i, i + size))
        for family in singles.get(tok, ()):
            hits.append(Hit(family, tok, i, i + 1))
            families_at.setdefault(i, set()).add(family)
        if i + 1 < n and len(canon[i + 1]) > 1:  # "e learning", never "for a" -> "fora"
            joined = tok + canon[i + 1]
            for family in single.get(joined, ()):
                hits.append(Hit(family, joined, i, i + 2))
                families_at.setdefault(i, set()).add(family)
    hits.extend(separable_hits(canon, breaks))
    hits.extend(nothing_to_do_with(canon, breaks))
    for i, tok in enumerate(canon):
        if len(tok) < 7:
            continue
        seen = families_at.get(i, ())
        for family in lex.compound_families(tok):
            if family in ("fysiek", "fysiek_zwak") and (
                    "online" in seen or tok.startswith(_PEOPLE_NOT_PLACES)
                    or tok.endswith(_PEOPLE_ENDINGS)):
                continue  # online beats physical in one word ("klassengroep"); classmates
                # are people ("reageer op 2 klasgenoten")
            if family not in seen:
                hits.append(Hit(family, tok, i, i + 1))
    return hits


def _without_team_work(hits: list[Hit], raw: str, spans: list[tuple[int, int]],
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
        return raw[lo:hi] == "teams" and canon[h.start - 1] in ("in", "per") and not at_home
    return [h for h in hits if not group_work(h)]


_HOME_REACH = 4


def _without_places_inside_online(hits: list[Hit]) -> list[Hit]:
    """A room named inside an online phrase is online: "een breakout room in Teams"."""
    online = [h for h in hits if h.family == "online" and h.end - h.start > 1]
    return [h for h in hits if not (h.family in PLACE_FAMILIES and any(
        o.start <= h.start and h.end <= o.end for o in online))]


#: "de database van een fietsenwinkel", "een menukaart voor een restaurant": a place named as
#: what the work is about (after "van een" / "voor een"), not where the students are.
_ABOUT_A_PLACE = frozenset({"van", "voor"})


def _without_subject_matter(hits: list[Hit], canon: list[str]) -> list[Hit]:
    return [h for h in hits if not (
        h.family in PLACE_FAMILIES and h.start >= 2 and canon[h.start - 1] == "een"
        and canon[h.start - 2] in _ABOUT_A_PLACE)]


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


#: "dat is het" is "that's all" only at the end of its clause ("dat is het wel zo'n
#: beetje"); "dat is het digitale stuk" names what came before.
_THATS_ALL_AFTER = frozenset({"wel", "zo", "eigenlijk", "dan", "verder", "zon", "ongeveer"})
#: "dat is het digitale stuk van mijn les": a name for what the teacher described before,
#: no online part of its own.
_PART_NOUNS = frozenset({"stuk", "deel", "gedeelte", "onderdeel", "component", "element",
                         "kant", "aspect"})
_LABEL_OPENERS = frozenset({"dat", "dit", "daarmee", "hiermee"})


def _without_false_links(hits: list[Hit], canon: list[str],
                         breaks: tuple[bool, ...]) -> list[Hit]:
    """Drop look-alikes: the conjunction "zonder dat" (no link, "without anyone ..."),
    "door elkaar" meaning mixed up (no interaction), "dat is het" before more words, and
    "het digitale stuk" naming what came before."""
    def nxt(h: Hit) -> str:
        return canon[h.end] if h.end < len(canon) and not breaks[h.end] else ""

    def conjunction(h: Hit) -> bool:
        return h.term == "zonder dat" and nxt(h) in _CLAUSE_SUBJECTS

    def mixed_up(h: Hit) -> bool:
        return h.family == "interactie" and h.term == "elkaar" and h.start > 0 \
            and canon[h.start - 1] == "door" and (nxt(h) in _MIXED_UP_VERBS or nxt(h) == "")

    def not_all(h: Hit) -> bool:
        return h.term == "dat is het" and nxt(h) not in _THATS_ALL_AFTER | {""} \
            and nxt(h) not in lexicon.CLAUSE_BREAKS

    def label(h: Hit) -> bool:
        before = canon[max(0, h.start - 4):h.start]
        return h.family == "online" and nxt(h) in _PART_NOUNS and bool(
            _LABEL_OPENERS.intersection(before)) and ("is" in before or "was" in before)

    def clause_before(h: Hit, reach: int) -> list[str]:
        lo = h.start
        while lo > 0 and h.start - lo < reach and not breaks[lo] \
                and canon[lo - 1] not in lexicon.CLAUSE_BREAKS:
            lo -= 1
        return canon[lo:h.start]

    def assembled(h: Hit) -> bool:  # "stel ik het net voor hun ogen samen": samenstellen
        return h.family == "interactie" and h.term == "samen" and (
            nxt(h) in lexicon.CLAUSE_BREAKS | {""}) and bool(
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

    def look_alike(h: Hit) -> bool:
        if h.family == "topic:def-niveaus":
            return students_level(h)
        if h.family == "groep_deel":
            return rest_of_time(h)
        if h.family in ("gelijktijdig", "online"):
            return posted_on_stream(h) or (h.family == "online" and label(h))
        if h.family == "interactie":
            return mixed_up(h) or assembled(h) or teacher_presents(h)
        return conjunction(h) or not_all(h)
    return [h for h in hits if not look_alike(h)]


_TIME_NOUNS = frozenset({"week", "dag", "les", "tijd", "periode", "middag", "ochtend", "avond",
                        "maand", "jaar", "module", "blok"})
_POSTED = frozenset({"gezet", "zetten", "geplaatst", "staan", "staat"})
_LEVEL_WORDS = frozenset({"niveau", "nivo", "level"})
_NUMBER_WORDS = frozenset({"een", "twee", "drie", "vier", "one", "two", "three", "four"})


#: Forms of "stellen" whose particle "samen" is no working together.
_SET_VERBS = frozenset({"stel", "stelt", "stelde", "stelden", "stellen"})
_PARTICLE_REACH = 12
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


def _costs_of_teaching(hits: list[Hit], canon: list[str], sentence_of: list[int]
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


def analyse(text: str, lex: Lexicon) -> RuleFindings:
    """Run the rule layer on one text. Never raises on any ``str``."""
    raw = text[:RULE_CHARS]
    folded = mirror(raw)
    found = span_tokens(raw, folded)
    spans = [(start, end) for _, start, end in found]
    sentence_of = _sentence_numbers(raw, spans)
    canon = [t if len(t) < _SHORTEST_TYPO else lex.canonical(t) for t, _, _ in found]
    view = TextView(raw, tuple(canon), tuple(spans), break_flags(raw, spans))
    found_hits = _find_hits(lex, canon, view.break_before)
    # function words and first-person cues only count (language, "ik"-texts): kept apart,
    # they stay out of the passes below, which see less than half the hits this way
    counted = [h for h in found_hits if h.family in _COUNT_ONLY]
    domain = [h for h in found_hits if h.family == "domein"]  # no filter below touches it
    hits = _without_subject_matter([h for h in found_hits if h.family not in _COUNT_ONLY
                                    and h.family != "domein"], canon)
    hits = _without_false_links(hits, canon, view.break_before)
    hits = _costs_of_teaching(_without_places_inside_online(hits), canon, sentence_of)
    hits = apply_negation(_without_team_work(hits, raw, spans, canon),
                           canon, view.break_before, lex)
    hits.extend(domain)

    counts: dict[str, int] = {}
    negated: dict[str, int] = {}
    for h in counted:
        counts[h.family] = counts.get(h.family, 0) + 1
    online_positions = {h.start for h in hits if h.family == "online" and not h.negated}
    for h in hits:
        family = h.family
        if family == "fysiek_zwak" and not h.negated:
            if any(p in online_positions for p in range(h.start - 2, h.start + 3)):
                continue
            family = "fysiek"
        elif family == "fysiek_zwak":
            family = "fysiek"
        target = negated if h.negated else counts
        target[family] = target.get(family, 0) + 1

    lesson = read_lesson(view, hits, _split_group(canon, sentence_of, hits, counts,
                                                  view.break_before))
    cues = _cues(folded, canon, sentence_of, counts, lex)
    all_hits = tuple(sorted((*hits, *counted), key=lambda h: h.start))
    return RuleFindings(tuple(canon), all_hits, counts, negated, dict(lesson.signals), cues,
                        lesson)


#: Families only counted, never read as a place, link or pattern.
_COUNT_ONLY = frozenset({"nl_functie", "en_functie", "eerste_persoon", "vraagwoord"})


def _split_group(
    canon: list[str], sentence_of: list[int], hits: list[Hit], counts: dict[str, int],
    breaks: tuple[bool, ...],
) -> Hit | None:
    """The finding that shows part of a group elsewhere at the same time, or None."""
    named = {i for h in hits if h.family == "opname" and h.end - h.start > 1
             and len(h.term.split()) > 1 for i in range(h.start, h.end)}
    live = [h for h in hits if not h.negated and not (
        h.family != "opname" and h.start in named and h.end - 1 in named)]
    blended_at = [i for i, tok in enumerate(canon) if tok in _BLENDED_WORDS]
    # "er volgt niemand tegelijk op afstand een les": the text rules out what the word
    # "hybride" (a name, a question "blended of hybride?") would stand for
    simultaneity_denied = any(h.negated and h.family == "gelijktijdig" for h in hits)
    for h in live:
        if h.family == "hybride" and not simultaneity_denied:
            nxt = canon[h.end] if h.end < len(canon) else ""
            if "leeromgeving" in nxt:
                continue
            if nxt in _HYBRID_FORMS or h.term != "hybride":
                return h
            # "hybride en blended", "blended vs hybride": the two are being equated
            if any(abs(i - h.start) <= _COMPARE_SPAN for i in blended_at):
                return h
    group_part = counts.get("groep_deel", 0) > 0
    by_sentence: dict[int, set[str]] = {}
    cue_of: dict[int, Hit] = {}
    for h in live:
        tags = by_sentence.setdefault(sentence_of[h.start], set())
        if h.family == "gelijktijdig" and h.term == "terwijl" and not _elsewhere_after(
                h, hits, canon, breaks):
            continue  # "terwijl ik rondloop", "terwijl zij luisteren": no second group
        if h.family == "gelijktijdig":
            cue_of.setdefault(sentence_of[h.start], h)
            if h.term in STRONG_SIMULTANEITY:
                tags.add("strong")
            elif h.term in DEVICE_WORDS:
                tags.add("device")
            else:
                tags.add("weak")
        elif h.family in ("fysiek", "fysiek_zwak"):
            tags.add("here")
        elif h.family in ("online", "thuis") and h.term in REMOTE_WORDS:
            tags.add("remote")
        elif h.family == "groep_deel":
            tags.add("part")
            cue_of.setdefault(sentence_of[h.start], h)
        elif h.family in ("samenhang", "volgorde"):
            tags.add("sequence")
    for sentence, tags in by_sentence.items():
        cue = cue_of.get(sentence)
        if "sequence" in tags and not group_part:
            continue  # "eerst online, daarna in de les": one activity after the other
        places = "here" in tags and "remote" in tags
        timing = bool(tags & {"strong", "weak", "device"})
        if places and ("strong" in tags or "device" in tags):
            return cue
        if places and timing and group_part and "sequence" not in tags:
            return cue
        near = "remote" in tags or "here" in tags
        if "part" in tags and near and timing and "sequence" not in tags:
            return cue
    return None


#: How many words after "terwijl" its clause may name where the other group is.
_WHILE_REACH = 8


def _elsewhere_after(h: Hit, hits: list[Hit], canon: list[str], breaks: tuple[bool, ...]
                     ) -> bool:
    """ "terwijl de rest thuis meekijkt", "terwijl drie studenten via Teams ...": the clause
    after "terwijl" names a place or a part of the group, so a second group may be there."""
    if canon[h.end:h.end + 1] == ["ik"]:
        return False
    end = h.end
    while end < min(len(canon), h.end + _WHILE_REACH) and canon[end] not in \
            lexicon.CLAUSE_BREAKS and not breaks[end]:
        end += 1
    return any(h.end <= o.start < end and o.family in (
        "fysiek", "fysiek_zwak", "online", "thuis", "groep_deel") for o in hits)


_QUESTION_STARTS = frozenset(
    {"wat", "hoe", "welke", "welk", "hoeveel", "waarom", "wanneer", "waar", "wie", "waaruit",
     "waarin", "kun", "kan", "kunt", "leg", "uitleg", "verschil", "definitie", "betekenis",
     "omschrijving"}
)


def _cues(
    norm: str, canon: list[str], sentence_of: list[int], counts: dict[str, int], lex: Lexicon
) -> dict[str, float]:
    """Intent cues as numbers (used by the model and by the combination)."""
    n = len(canon)
    first_words = {canon[i] for i in range(n) if i == 0 or sentence_of[i] != sentence_of[i - 1]}
    nl = en = 0  # function words of one language only ("is", "of" are both)
    for tok in canon:
        families = lex.single.get(tok, ())
        if "nl_functie" in families:
            nl += "en_functie" not in families
        elif "en_functie" in families:
            en += 1
    return {
        "n_tokens": float(n),
        "vraag_start": 1.0 if first_words & _QUESTION_STARTS else 0.0,
        "vraagteken": 1.0 if "?" in norm else 0.0,
        "eerste_persoon": float(counts.get("eerste_persoon", 0)),
        "blended_check": float(counts.get("blended_check", 0)),
        "overtuiging": float(counts.get("overtuiging", 0)),
        "groet": float(counts.get("groet", 0)),
        "dank": float(counts.get("dank", 0)),
        "domein": float(counts.get("domein", 0)),
        "nl_ratio": nl / n if n else 0.0,
        "en_ratio": en / n if n else 0.0,
        "letters": letter_ratio(norm),
    }
