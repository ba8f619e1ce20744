"""Understand a typed yes, no or "weet ik niet", wherever the bot asked a yes/no question.

One small API for every dialogue that asks (vergeet mij, doorgaan met de check, bewaren
van een opmerking, follow-up questions)::

    parse_yes_no("ja graag")             -> "ja"
    parse_yes_no("nee dat klopt niet")   -> "nee"
    parse_yes_no("geen idee")            -> "weet_niet"
    parse_yes_no("ik geef les in de zorg") -> None   (not an answer: handle it as a message)

Short answers only (``MAX_WORDS``): a longer text is a message of its own, even when it
starts with "ja". Tolerant of case, accents, punctuation and small typos ("jaa", "neee",
"ja hoor", "klopt", "doe maar"). Negation wins: a negated yes ("niet doen", "klopt niet",
"liever niet") is a no.
"""

from __future__ import annotations

import re
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.commands import normalize

Answer = Literal["ja", "nee", "weet_niet"]

MAX_WORDS = 7

_YES = (
    "ja", "jawel", "jazeker", "ja zeker", "zeker", "zeker weten", "klopt", "dat klopt",
    "klopt helemaal", "ja klopt", "ja dat klopt", "correct", "juist", "precies", "inderdaad",
    "ok", "oke", "okay", "okido", "prima", "goed", "is goed", "dat is goed", "akkoord",
    "doe maar", "doe dat maar", "ga je gang", "ga door", "ga maar door", "graag", "ja graag",
    "yes", "yep", "yup", "jep", "jup", "absoluut", "natuurlijk", "uiteraard", "zeg maar ja",
    "verwijder maar", "verwijder", "verwijder alles", "ja verwijder alles", "bewaar maar",
    "bewaar", "mag", "dat mag", "mag best",
    "prima hoor", "ja hoor", "ja prima", "ja is goed", "ja doe maar", "ja ga door",
    "we gaan door", "verder", "ga verder", "doorgaan", "ja doorgaan", "ja verder",
    "ik denk het wel", "ik denk van wel", "volgens mij wel", "ja toch", "ja hoor dat klopt",
    "👍", "✅",
)
_NO = (
    "nee", "neen", "nope", "no", "nah", "nee hoor", "nee dank je", "nee bedankt",
    "nee dankje", "liever niet", "niet doen", "niet", "nooit", "zeker niet", "absoluut niet",
    "klopt niet", "dat klopt niet", "nee dat klopt niet", "niet waar", "dat is niet waar",
    "onjuist", "fout", "incorrect", "laat maar", "hoeft niet", "nee hoeft niet", "mag niet",
    "niet bewaren", "niet verwijderen", "nee niet verwijderen", "nee laat maar",
    "helemaal niet", "nee hoor", "nee joh", "nee sorry", "bewaar maar niet",
    "ik denk het niet", "ik denk van niet", "volgens mij niet",
    "👎", "❌",
)
_UNKNOWN = (
    "weet ik niet", "weet niet", "ik weet het niet", "ik weet niet", "geen idee",
    "geen flauw idee", "weet ik veel", "misschien", "soms", "deels", "een beetje",
    "half", "half half", "dat weet ik niet", "dat weet ik nog niet", "weet ik nog niet",
    "geen idee eigenlijk", "twijfel", "ik twijfel", "dat hangt ervan af", "hangt ervan af",
    "wel en niet", "ja en nee", "ja nee", "jein", "nvt", "n v t", "onbekend", "idk",
)
#: Words that only soften an answer ("ja hoor", "nee joh", "ok dank je").
_SOFT = frozenset({
    "hoor", "joh", "zeker", "dan", "maar", "wel", "graag", "gewoon", "toch",
    "eigenlijk", "alsjeblieft", "alstublieft", "aub", "please", "bedankt", "dank", "je",
    "dankje", "dankjewel", "thanks", "sorry", "oh", "eh", "uh", "hmm", "nou", "tja", "top",
    "super", "prima", "blendbot", "bot", "ik", "denk", "het", "dat", "is", "echt",
})
_NEGATIONS = frozenset({"niet", "geen", "nee", "nooit", "niks", "niets"})

_TABLE: dict[str, Answer] = {}
for _answer, _phrases in (("weet_niet", _UNKNOWN), ("nee", _NO), ("ja", _YES)):
    for _phrase in _phrases:
        _TABLE.setdefault(normalize(_phrase) or _phrase, _answer)  # type: ignore[arg-type]
_KEYS = list(_TABLE)
_REPEATS = re.compile(r"(.)\1{2,}")


def _budget(phrase: str) -> int:
    """Typos allowed: none in words up to four letters ('nee' is not 'mee'), then one or two."""
    if len(phrase) <= 4:
        return 0
    return 1 if len(phrase) <= 9 else 2


def _lookup(words: str) -> Answer | None:
    if words in _TABLE:
        return _TABLE[words]
    best = process.extractOne(words, _KEYS, scorer=DamerauLevenshtein.distance,
                              processor=None, score_cutoff=2)
    if best is not None and best[1] <= _budget(best[0]):
        return _TABLE[best[0]]
    return None


def _clean(text: str) -> str:
    """Normalised, emoji kept, stretched letters shortened ('jaaa' -> 'ja', 'neeee' -> 'nee')."""
    stripped = text.strip()
    if stripped in _TABLE:  # emoji answers vanish in normalize()
        return stripped
    words = normalize(stripped)
    return " ".join(_REPEATS.sub(r"\1\1", w).replace("aa", "a") if w.startswith("ja")
                    else _REPEATS.sub(r"\1\1", w) for w in words.split())


def parse_yes_no(text: str) -> Answer | None:
    """"ja", "nee" or "weet_niet" for a short typed answer; None when it is not one."""
    if not isinstance(text, str):
        return None
    words = _clean(text)
    if not words or len(words.split()) > MAX_WORDS:
        return None
    found = _lookup(words)
    if found is not None:
        return found
    tokens = words.split()
    kept = [w for w in tokens if w not in _SOFT] or tokens[:1]
    found = _lookup(" ".join(kept))
    if found is None and len(kept) > 1:
        # "nee, liever niet", "ja doe maar": a leading answer word that the rest repeats (or
        # one more word). "ja, dat bouwt op elkaar voort" is for the follow-up to read.
        first, rest = _lookup(kept[0]), _lookup(" ".join(kept[1:]))
        if first is not None and (rest == first or (rest is None and len(kept) <= 2)):
            found = first
    if found == "ja" and _NEGATIONS & set(tokens):
        return "nee"  # "ja nee", "ok liever niet": the negation is what is meant
    return found
