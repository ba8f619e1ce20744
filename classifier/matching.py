"""The compiled vocabulary and the first pass over a text: which lexicon phrases occur.

A token that is not a known word is corrected to the nearest lexicon word when rapidfuzz
finds one above a length-dependent cutoff (typos), a token pair is also tried joined
(``kennis clips``), and longer words are searched for compound stems (``videocolleges``,
``praktijklokaal``). Per-token work is cached, so a stream of texts costs a few dictionary
look-ups per word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from classifier import lexicon
from classifier.hits import Hit
from classifier.phrases import nothing_to_do_with, separable_hits
from classifier.text import normalise, tokenize


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

    def with_known_words(self, known: Iterable[str]) -> Lexicon:
        """Words seen in training data are never 'corrected' into lexicon words."""
        self.known = self.known | frozenset(known)
        self._canon_cache.clear()
        return self

    def canonical(self, token: str) -> str:
        """The token itself, or the lexicon word it is a typo of."""
        if len(token) < SHORTEST_TYPO:
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
SHORTEST_TYPO = 6
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


_PEOPLE_NOT_PLACES = ("klasgeno", "klassgeno", "klasmaat", "klasmaatje")
#: Compounds that name a person or a school subject, not a place: "de stagebegeleider",
#: "de praktijkopleider", "ook de praktijkvakken".
_PEOPLE_ENDINGS = ("begeleider", "begeleiders", "begeleidster", "opleider", "opleiders",
                   "beheerder", "beheerders", "coordinator", "docent", "docenten", "coach",
                   "coaches", "mentor", "mentoren", "bazin", "baas", "eigenaar", "vak", "vakken",
                   "opdracht", "opdrachten")


def find_hits(lex: Lexicon, canon: list[str], breaks: tuple[bool, ...],
              verb_breaks: tuple[bool, ...] | None = None) -> list[Hit]:
    """Every lexicon phrase in the tokens. ``verb_breaks`` are the breaks a split verb may
    not cross (by default ``breaks``; an aside in brackets does not split a verb)."""
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
    hits.extend(separable_hits(canon, breaks if verb_breaks is None else verb_breaks))
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


#: Words before a room number: "in 3.05", "lokaal B2.14", "praktijkruimte E1.10".
_BEFORE_ROOM = frozenset({"in", "lokaal", "ruimte", "zaal", "praktijkruimte", "lab", "room"})
_ROOM_FLOOR = re.compile(r"[a-z]{0,2}\d{1,2}")
_ROOM_NUMBER = re.compile(r"\d{2,3}")


def room_numbers(raw: str, spans: list[tuple[int, int]], canon: list[str]) -> list[Hit]:
    """Room numbers teachers name as the place of a lesson ("op dinsdag leg ik in 3.05 de
    balans uit"): a physical place. A time ("om 9.30") is no room."""
    hits: list[Hit] = []
    for i in range(len(canon) - 2):
        if canon[i] not in _BEFORE_ROOM or not _ROOM_FLOOR.fullmatch(canon[i + 1]) \
                or not _ROOM_NUMBER.fullmatch(canon[i + 2]):
            continue
        if raw[spans[i + 1][1]:spans[i + 2][0]] == ".":
            hits.append(Hit("fysiek", "lokaalnummer", i + 1, i + 3))
    return hits
