"""Recognise thanks and annoyance in their common forms, before a text is classified.

``recognise(text)`` is a pure function: "thanks" for "dank je wel, top", "Dank je, dit helpt
echt", "super bedankt"; "annoyed" for "je snapt er niks van", "wat een onzin", "dit slaat
nergens op"; None for anything else. A message only counts when, apart from the thanks or
annoyance phrase, it holds a few filler or praise words: a lesson description that happens
to contain "bedankt" or "onzin" ("bedankt voor je hulp, mijn studenten kijken thuis een
kennisclip ...") is still a question for the classifier.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Literal

from rapidfuzz.distance import DamerauLevenshtein

from bot.commands import normalize

SmallTalk = Literal["thanks", "annoyed"]

_THANKS = (
    "bedankt", "dank je", "dank je wel", "dankjewel", "dankjwel", "dank u", "dank u wel",
    "dankuwel", "thanks", "thank you", "thx", "tnx", "merci", "top bedankt", "heel erg bedankt",
    "duizendmaal dank", "veel dank", "hartelijk dank", "dank", "thanks a lot",
)
_ANNOYED = (
    "je snapt er niks van", "je snapt er niets van", "je snapt het niet", "snap je het niet",
    "je begrijpt het niet", "je begrijpt er niks van", "je begrijpt er niets van",
    "begrijp je het niet", "wat een onzin", "onzin", "wat een gezeur", "slaat nergens op",
    "dit slaat nergens op", "slaat kant noch wal", "waardeloos", "nutteloos",
    "wat een slecht antwoord", "slecht antwoord", "ik heb hier niks aan", "ik heb er niks aan",
    "hier heb ik niks aan", "daar heb ik niks aan", "hier heb ik niets aan",
    "daar heb ik niets aan", "heb je niks aan", "stomme bot", "domme bot", "je bent dom",
    "wat ben je dom", "belachelijk", "dat is niet wat ik vroeg", "dat vroeg ik niet",
    "geen antwoord op mijn vraag", "wat een flauwekul", "kletskoek", "je luistert niet",
    "irritant", "wat irritant", "frustrerend", "pff", "pfff", "zucht",
)
#: Words that may stand around a thanks: praise and filler, never lesson content.
_AROUND_THANKS = frozenset({
    "top", "super", "fijn", "helder", "duidelijk", "mooi", "goed", "prima", "perfect",
    "handig", "nuttig", "geweldig", "fantastisch", "echt", "heel", "erg", "zeer", "wel",
    "dit", "dat", "het", "helpt", "hielp", "helpen", "geholpen", "help", "me", "mij", "je",
    "jij", "u", "voor", "de", "hulp", "uitleg", "antwoord", "antwoorden", "info", "tip",
    "tips", "blendbot", "bot", "veel", "nogmaals", "alvast", "was", "is", "ben", "ik", "weer",
    "verder", "hoor", "zeg", "hiermee", "ermee", "daarmee", "kan", "kun", "en", "wat",
    "lekker", "snel", "precies", "nodig", "had", "wilde", "weten", "oke", "ok", "ja",
    "dankjewel", "bedankt", "dank", "thanks", "heb", "gehad", "aan", "iets", "daar", "hier",
    "zo", "nu", "al", "een", "enorm", "vriendelijk", "hartelijk", "allemaal",
})
_AROUND_ANNOYED = frozenset({
    "je", "jij", "het", "dit", "dat", "wat", "echt", "helemaal", "gewoon", "nou", "toch",
    "zeg", "hoor", "man", "joh", "bot", "blendbot", "weer", "alweer", "is", "ook", "pff",
    "jeetje", "jezus", "nee", "sorry", "maar", "zo", "een", "nu",
})
_MAX_WORDS = 12
_MAX_AROUND_THANKS, _MAX_AROUND_ANNOYED = 8, 4


def _budget(phrase: str) -> int:
    if len(phrase) <= 5:
        return 0
    return 1 if len(phrase) <= 12 else 2


#: A phrase list as (phrase, words, typo budget), longest phrase first.
_Ranked = tuple[tuple[str, int, int], ...]


def _ranked(phrases: tuple[str, ...]) -> _Ranked:
    return tuple((p, len(p.split()), _budget(p)) for p in sorted(phrases, key=len, reverse=True))


def _find(tokens: list[str], phrases: _Ranked) -> tuple[int, int] | None:
    """(start, end) of the longest phrase found as consecutive words, typo-tolerant."""
    best: tuple[int, int] | None = None
    ends = list(accumulate((len(t) + 1 for t in tokens), initial=0))  # window length + 1
    for phrase, size, budget in phrases:
        for start in range(len(tokens) - size + 1):
            # The edit distance is at least the difference in length: most windows are
            # ruled out without building them.
            if abs(ends[start + size] - ends[start] - 1 - len(phrase)) > budget:
                continue
            window = " ".join(tokens[start:start + size])
            if DamerauLevenshtein.distance(window, phrase) <= budget:
                if best is None or size > best[1] - best[0]:
                    best = (start, start + size)
                break
        if best is not None and best[1] - best[0] >= size:
            return best
    return best


_THANKS_RANKED, _ANNOYED_RANKED = _ranked(_THANKS), _ranked(_ANNOYED)


def _only_around(tokens: list[str], span: tuple[int, int], allowed: frozenset[str],
                 most: int) -> bool:
    """Whether the words outside ``span`` are all ``allowed`` filler, at most ``most``."""
    rest = tokens[:span[0]] + tokens[span[1]:]
    return len(rest) <= most and all(w in allowed for w in rest)


def recognise(text: str) -> SmallTalk | None:
    """"thanks", "annoyed" or None (not small talk: handle the text as usual)."""
    if not isinstance(text, str):
        return None
    tokens = normalize(text).split()
    if not tokens or len(tokens) > _MAX_WORDS:
        return None
    annoyed = _find(tokens, _ANNOYED_RANKED)
    if annoyed is not None and _only_around(tokens, annoyed, _AROUND_ANNOYED, _MAX_AROUND_ANNOYED):
        return "annoyed"
    if _not_understood(tokens):
        return "annoyed"
    thanks = _find(tokens, _THANKS_RANKED)
    if thanks is not None and _only_around(tokens, thanks, _AROUND_THANKS, _MAX_AROUND_THANKS):
        return "thanks"
    if all(w in _AROUND_THANKS for w in tokens) and _praise_only(tokens):
        return "thanks"
    return None


_UNDERSTAND = frozenset({"snapt", "snap", "snappen", "begrijpt", "begrijp", "begrijpen"})
_NOTHING = frozenset({"niks", "niets", "niet", "geen", "nul"})
_AROUND_NOT_UNDERSTOOD = _AROUND_ANNOYED | {"er", "van", "het", "ervan", "mij", "me", "ik",
                                              "bedoel", "wat", "jij", "echt", "helemaal"}


def _not_understood(tokens: list[str]) -> bool:
    """'je snapt er echt helemaal niks van', 'snap je het nou niet': only those words."""
    words = set(tokens)
    return (len(tokens) <= 9 and bool(words & _UNDERSTAND) and bool(words & _NOTHING)
            and words <= _UNDERSTAND | _NOTHING | _AROUND_NOT_UNDERSTOOD)


_PRAISE = frozenset({"top", "super", "helder", "duidelijk", "perfect", "geweldig",
                     "fantastisch", "handig", "nuttig", "fijn", "mooi"})


def _praise_only(tokens: list[str]) -> bool:
    """"top, dit helpt echt", "super duidelijk": praise without a thanks word."""
    return bool(_PRAISE & set(tokens)) and (len(tokens) <= 2 or "helpt" in tokens
                                            or "duidelijk" in tokens or "helder" in tokens)
