"""The rule layer: what a text mentions, as plain typed findings.

Matching works on normalised tokens. A token that is not a known word is corrected to the
nearest lexicon word when rapidfuzz finds one above a length-dependent cutoff (typos), a
token pair is also tried joined (``kennis clips``), and longer words are searched for
compound stems (``videocolleges``, ``praktijklokaal``). Per-token work is cached, so a
stream of texts costs a few dictionary look-ups per word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from classifier import lexicon
from classifier.analysis import Lesson, read_lesson
from classifier.hits import Hit
from classifier.segment import TextView, break_flags
from classifier.text import (
    RULE_CHARS,
    letter_ratio,
    mirror,
    normalise,
    span_tokens,
    tokenize,
)

#: Families whose hits can be negated ("geen online", "niet op school").
NEGATABLE = frozenset(
    {"fysiek", "fysiek_zwak", "online", "samenhang", "interactie", "gelijktijdig",
     "verder_niets", "tool", "opname", "thuis", "offline", "volgorde", "afwisseling", "koppeling",
     "hybride", "los"}
)
#: Simultaneity words strong enough on their own (with both places in the sentence).
STRONG_SIMULTANEITY = frozenset(
    {"tegelijk", "tegelijkertijd", "gelijktijdig", "terwijl", "op hetzelfde moment",
     "meekijken", "live meekijken", "kijken mee", "kijkt mee", "kijkt live mee",
     "kijken live mee", "meeluisteren", "luisteren mee", "luistert mee", "inbellen", "inbelt",
     "bellen in", "belt in", "inbellers", "livestream", "livestreamen", "streamen", "stream",
     "meedoen via", "doen mee via", "aansluiten via", "gestreamd", "streamt", "meekijkt",
     "aanschuiven", "schuiven aan", "tegelijk online", "at the same time", "simultaneously"}
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
_NOT_A_NEGATION_AFTER = frozenset({"alleen", "enkel", "slechts", "zomaar", "meer", "altijd"})
#: Negators that say "none" ("geen enkel ..."): "enkel" after them is "a single", not "only".
_NONE_WORDS = frozenset({"geen", "no"})
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
        cached = self._canon_cache.get(token)
        if cached is not None:
            return cached
        result = token
        if len(token) >= 6 and token not in self.known and not token.isdigit():
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
        if any(ch in _SENTENCE_CHARS for ch in text[prev_end:start]):
            number += 1
        out.append(number)
        prev_end = end
    return out


_PEOPLE_NOT_PLACES = ("klasgeno", "klassgeno", "klasmaat", "klasmaatje")


def _find_hits(lex: Lexicon, canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    hits: list[Hit] = []
    n = len(canon)
    families_at: dict[int, set[str]] = {}
    index, single = lex.index, lex.single
    for i, tok in enumerate(canon):
        for toks, family in index.get(tok, ()):
            size = len(toks)
            if size == 1 or tuple(canon[i : i + size]) == toks:
                hits.append(Hit(family, " ".join(toks) if size > 1 else tok, i, i + size))
                if size == 1:
                    families_at.setdefault(i, set()).add(family)
        if i + 1 < n and len(canon[i + 1]) > 1:  # "e learning", never "for a" -> "fora"
            joined = tok + canon[i + 1]
            for family in single.get(joined, ()):
                hits.append(Hit(family, joined, i, i + 2))
                families_at.setdefault(i, set()).add(family)
    hits.extend(_separable_hits(canon, breaks))
    hits.extend(_nothing_to_do_with(canon, breaks))
    for i, tok in enumerate(canon):
        if len(tok) < 7:
            continue
        seen = families_at.get(i, ())
        for family in lex.compound_families(tok):
            if family in ("fysiek", "fysiek_zwak") and (
                    "online" in seen or tok.startswith(_PEOPLE_NOT_PLACES)):
                continue  # online beats physical in one word ("klassengroep"); classmates
                # are people ("reageer op 2 klasgenoten")
            if family not in seen:
                hits.append(Hit(family, tok, i, i + 1))
    return hits


_NOTHING = frozenset({"niks", "niets", "weinig"})
_EXCEPT = frozenset({"behalve", "uitgezonderd", "except"})
_TO_DO_GAP = 5


def _nothing_to_do_with(canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
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

#: Split verbs that link only with their preposition: "ze gaan daar op door" builds on
#: something, "de werkcolleges gaan gewoon door" only continues.
_NEEDS_NEAR = {"doorgaan op": frozenset({"op", "daarop", "erop", "hierop", "waarop"})}


def _separable_hits(canon: list[str], breaks: tuple[bool, ...]) -> list[Hit]:
    """Split Dutch verbs: 'ik neem mijn colleges op' counts as 'opnemen'."""
    hits: list[Hit] = []
    for i, tok in enumerate(canon):
        for verbs, particle, family, term in lexicon.SEPARABLE_VERBS:
            if tok not in verbs:
                continue
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
                    if need is None or need.intersection(canon[i + 1:j + 3]):
                        hits.append(Hit(family, term, i, j + 1))
                    break
    return hits


#: Negators whose scope also reaches back over the verb before them ("bespreek ik niet").
_BACKWARD_NEGATORS = frozenset({"niet", "nooit"})
#: Negators that deny what stands before them only at the end of a clause ("online doen
#: we niets").
_FINAL_NEGATORS = frozenset({"niks", "niets", "nergens", "afgeschaft", "opgeheven",
                             "geschrapt"})
#: Families that a negator reaches backwards (verbs and links, never places).
_BACKWARD_FAMILIES = frozenset({"samenhang", "volgorde", "koppeling", "interactie", "opname",
                                "afwisseling"})  # "ze wisselen nooit om"
#: Families that are about what students *do*: when one is in a negator's scope, places in
#: that scope stay positive ("ik bespreek het niet in de les": there is a lesson).
_VERB_FAMILIES = frozenset({"samenhang", "interactie", "koppeling"})
_NEGATION_WINDOW = 4
#: How far back a clause-final negator reaches ("op school of bij een bedrijf komen ze
#: hiervoor niet": ten words).
_FINAL_REACH = 10
#: Particles of verbs of presence that may close a clause after its negator without ending
#: its hold on the clause ("naar school komen ze er niet voor", "een lokaal komt er niet aan
#: te pas"): the negator still counts as clause-final. Particles of link verbs ("doen we
#: niks mee", "komt nooit terug") are not here: there the negation is about the link.
_CLOSING_PARTICLES = frozenset({"voor", "aan", "te", "pas", "heen", "naartoe", "in", "bij",
                                "meer", "komen", "gaan", "hoeven", "nodig"})
# "een lokaal hebben we niet meer", "naar de hogeschool hoeven ze nooit te komen",
# "een computer hebben ze daar niet voor nodig"
#: Places that a negation denies together when coordinated ("op school of op stage").
_PLACE_FAMILIES = frozenset({"fysiek", "fysiek_zwak"})
_COORDINATORS = frozenset({"of", "noch"})
#: Things students do, denied together as well ("discussiëren of vragen stellen zit er niet in").
_ACT_FAMILIES = frozenset({"interactie"})
_COORDINATION_FILLERS = frozenset({"op", "in", "naar", "de", "het", "een", "hun"})
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


def _without_team_work(hits: list[Hit], raw: str, spans: list[tuple[int, int]],
                       canon: list[str]) -> list[Hit]:
    """"in teams een voorstelling draaien" is group work; Microsoft Teams is written
    "Teams", or named with "via"/"op"/"de" ("via teams", "in de teams-groep")."""
    def group_work(h: Hit) -> bool:
        if h.family != "online" or h.term != "teams" or h.start == 0:
            return False
        lo, hi = spans[h.start]
        return raw[lo:hi] == "teams" and canon[h.start - 1] in ("in", "per")
    return [h for h in hits if not group_work(h)]


def _without_places_inside_online(hits: list[Hit]) -> list[Hit]:
    """A room named inside an online phrase is online: "een breakout room in Teams"."""
    online = [h for h in hits if h.family == "online" and h.end - h.start > 1]
    return [h for h in hits if not (h.family in _PLACE_FAMILIES and any(
        o.start <= h.start and h.end <= o.end for o in online))]


#: "de database van een fietsenwinkel", "een menukaart voor een restaurant": a place named as
#: what the work is about (after "van een" / "voor een"), not where the students are.
_ABOUT_A_PLACE = frozenset({"van", "voor"})


def _without_subject_matter(hits: list[Hit], canon: list[str]) -> list[Hit]:
    return [h for h in hits if not (
        h.family in _PLACE_FAMILIES and h.start >= 2 and canon[h.start - 1] == "een"
        and canon[h.start - 2] in _ABOUT_A_PLACE)]


#: Opening words of a condition: a negator inside one denies nothing about the lesson ("als
#: de uitkomst niet klopt, bespreken we samen wat er misging"). "als" opens one only before
#: a subject ("als het", "als de meting"); "als huiswerk", "net als" and "als een" compare.
_CONDITION_OPENERS = frozenset({"als", "wanneer", "zodra", "indien", "tenzij"})
_CONDITION_SUBJECTS = frozenset({"ik", "je", "jij", "ze", "zij", "hij", "we", "wij", "jullie",
                                 "het", "de", "er", "die", "dat", "mijn", "hun", "onze",
                                 "iemand", "studenten", "iets"})
_CONDITION_LOOKBACK = 5
#: Verbs of knowing and deciding: "wat er daarna gebeurt weet ik nog niet" leaves a
#: criterion open, it denies nothing.
_KNOWING_STEMS = ("weet", "weten", "wist", "bedacht", "besloten", "bepaald", "uitgewerkt",
                  "uitgedacht", "zeker")
_KNOWING_FILLERS = frozenset({"ik", "we", "wij", "nog", "het", "ook", "eigenlijk", "echt",
                              "helemaal", "precies", "er"})


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
    for i, tok in enumerate(canon):
        if "negatie" not in lex.single.get(tok, ()):
            continue
        if i + 1 < n and canon[i + 1] in _NOT_A_NEGATION_AFTER and tok not in _NONE_WORDS and (
                canon[i + 1] != "meer" or canon[i + 2:i + 3] == ["dan"]):
            continue  # "niet alleen online", "niet meer dan" are no negation; "geen enkel
            # online deel" and "een lokaal hebben we niet meer" are
        if (tok in ("niet", "nooit") and _about_knowing(canon, i)) or _in_condition(
                canon, breaks, i):
            continue  # not knowing yet, or a condition: neither denies a criterion
        end = i + 1
        while end < min(n, i + 1 + _NEGATION_WINDOW):
            if canon[end] in lexicon.CLAUSE_BREAKS or breaks[end] or canon[end] in _EXCEPT:
                break  # "niks online behalve de quiz": the quiz is the exception
            end += 1
        start = i
        reach = 0
        # "niet via Teams maar in het lokaal": only what stands between is denied
        contrast = i + 1 < end < n and canon[end] == "maar"
        closes = end == n or canon[end] in lexicon.CLAUSE_BREAKS or breaks[end]
        final = end == i + 1 or (closes and all(
            t in _CLOSING_PARTICLES for t in canon[i + 1:end]))
        if not contrast and (tok in _BACKWARD_NEGATORS or (final and tok in _FINAL_NEGATORS)):
            reach = 2 if final else 1
            limit = _FINAL_REACH if final else _NEGATION_WINDOW
            while start > 0 and i - start < limit and not breaks[start] and (
                canon[start - 1] not in lexicon.CLAUSE_BREAKS
            ):
                start -= 1
        scopes.append((i, start, end, reach))
    return scopes


def _apply_negation(hits: list[Hit], canon: list[str], breaks: tuple[bool, ...],
                    lex: Lexicon) -> list[Hit]:
    negated: set[int] = set()
    order = sorted(range(len(hits)), key=lambda k: hits[k].start)
    starts = [hits[k].start for k in order]
    conditions = [hits[k].end for k in order if _is_condition(hits[k], lex)]
    for pos, start, end, reach in _negation_scopes(canon, breaks, lex):
        if any(c <= pos < c + _NEGATION_WINDOW and not any(breaks[c:pos + 1])
               for c in conditions):
            continue  # "zonder die mogen ze niet het lab in": the lab is there
        window = order[bisect_left(starts, start):bisect_left(starts, end)]
        inside = [k for k in window if hits[k].family in NEGATABLE
                  and (pos < hits[k].start < end or (reach and start <= hits[k].start < pos))
                  and not hits[k].start <= pos < hits[k].end
                  and canon[hits[k].start] != canon[pos]
                  and not _is_condition(hits[k], lex)]
        verb_at = {hits[k].start for k in inside if hits[k].family in _VERB_FAMILIES}
        uses = any(hits[k].term.startswith("gebruik") for k in inside)
        change = _denies_a_change(canon, pos, breaks)
        used = {hits[k].start for k in inside if hits[k].term.startswith("gebruik")}
        for k in inside:
            h = hits[k]
            if change and h.family in _PLACE_FAMILIES:
                continue
            if h.family in _PLACE_FAMILIES and h.end in used:
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
        if k not in negated and h.family in NEGATABLE and _negated_inside(h, canon, lex):
            negated.add(k)
    negated |= _coordinated_places(hits, negated, canon)
    negated |= _described_by_a_denied_thing(hits, negated, canon, breaks)
    return [Hit(h.family, h.term, h.start, h.end, True) if k in negated else h
            for k, h in enumerate(hits)]


#: Relative words that open a clause describing the thing before them.
_RELATIVE = frozenset({"waarin", "waarbij", "waarop"})


def _described_by_a_denied_thing(hits: list[Hit], negated: set[int], canon: list[str],
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


def _coordinated_places(hits: list[Hit], negated: set[int], canon: list[str]) -> set[int]:
    """Places (or interactions) joined by "of"/"noch" to a denied one are denied with it:
    "zonder dat ze op school of op stage komen", "overleggen of vragen stellen doen ze niet"."""
    found = set(negated)
    for group in (_PLACE_FAMILIES, _ACT_FAMILIES):
        _join_coordinated(hits, found, canon, group)
    return found - negated


def _join_coordinated(hits: list[Hit], found: set[int], canon: list[str],
                      families: frozenset[str]) -> None:
    places = sorted((h.start, h.end, k) for k, h in enumerate(hits) if h.family in families)
    changed = True
    while changed:
        changed = False
        for (_, a_end, a), (b_start, _, b) in pairwise(places):
            between = canon[a_end:b_start]
            joined = (any(t in _COORDINATORS for t in between)
                      and all(t in _COORDINATORS or t in _COORDINATION_FILLERS for t in between))
            if joined and (a in found) != (b in found):
                found |= {a, b}
                changed = True


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


def analyse(text: str, lex: Lexicon) -> RuleFindings:
    """Run the rule layer on one text. Never raises on any ``str``."""
    raw = text[:RULE_CHARS]
    folded = mirror(raw)
    found = span_tokens(raw, folded)
    spans = [(start, end) for _, start, end in found]
    sentence_of = _sentence_numbers(raw, spans)
    canon = [lex.canonical(t) for t, _, _ in found]
    view = TextView(raw, tuple(canon), tuple(spans), break_flags(raw, spans))
    hits = _without_subject_matter(_find_hits(lex, canon, view.break_before), canon)
    hits = _without_places_inside_online(hits)
    hits = _apply_negation(_without_team_work(hits, raw, spans, canon),
                           canon, view.break_before, lex)

    counts: dict[str, int] = {}
    negated: dict[str, int] = {}
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

    lesson = read_lesson(view, hits, _split_group(canon, sentence_of, hits, counts))
    cues = _cues(folded, canon, sentence_of, counts, lex)
    return RuleFindings(tuple(canon), tuple(hits), counts, negated, dict(lesson.signals), cues,
                        lesson)


def _split_group(
    canon: list[str], sentence_of: list[int], hits: list[Hit], counts: dict[str, int]
) -> Hit | None:
    """The finding that shows part of a group elsewhere at the same time, or None."""
    named = {i for h in hits if h.family == "opname" and h.end - h.start > 1
             and len(h.term.split()) > 1 for i in range(h.start, h.end)}
    live = [h for h in hits if not h.negated and not (
        h.family != "opname" and h.start in named and h.end - 1 in named)]
    blended_at = [i for i, tok in enumerate(canon) if tok in _BLENDED_WORDS]
    for h in live:
        if h.family == "hybride":
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
        if h.family == "gelijktijdig" and h.term == "terwijl" and canon[h.end:h.end + 1] == [
                "ik"]:
            continue  # "terwijl ik rondloop": what the teacher does, no second group
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
