"""Recognise short commands ("help", "tips aan", "vergeet mij" ...) in a teacher's message.

``match_command`` is a pure function over ``COMMANDS``: a table of command name -> phrases.
Adding a command is one entry here plus one ``cmd_<name>`` method on the handler.
Matching is on the *whole* message (a blended question that happens to contain "check" is
not a command), tolerant of case, accents, punctuation and small typos. Greetings and thanks
may carry a few filler words ("hoi blendbot", "super bedankt voor de hulp").
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from classifier.text import fold_accents

COMMANDS: dict[str, tuple[str, ...]] = {
    "help": ("help", "hulp", "?", "wat kun je", "wat kan je", "wat kun jij", "wat kan jij",
             "wat kun je doen", "wat kan je doen", "menu", "uitleg", "commandos", "help me"),
    "greeting": ("hoi", "hallo", "hey", "hee", "hi", "hello", "dag", "goedemorgen",
                 "goedemiddag", "goedenavond", "goeiemorgen", "moi", "hoihoi", "yo"),
    "thanks": ("bedankt", "dank je", "dank je wel", "dankjewel", "dankjwel", "dank u",
               "dank u wel", "thanks", "thank you", "thx", "top", "super", "fijn", "helder"),
    "check": ("check", "readiness check", "readiness", "start de check", "start check",
              "start de readiness check", "scan", "readiness scan", "doe de check"),
    "result": ("mijn resultaat", "resultaat", "mijn uitslag", "uitslag"),
    "tips_on": ("tips aan", "tips aanzetten", "zet tips aan", "wekelijkse tips aan"),
    "tips_off": ("tips uit", "tips uitzetten", "zet tips uit", "stop tips", "geen tips"),
    "tips_status": ("tips", "mijn tips", "tips status"),
    # A DigiCoach sends this team conversation's tip now (bot.digicoach.coach.DigiCoach.tip_now).
    "tip_now": ("stuur tip", "stuur een tip", "stuur de tip", "stuur tip nu", "stuur de tip nu",
                "stuur nu een tip", "tip nu", "tip sturen", "tip van de week nu"),
    # Any teacher: this week's tip, here and now (bot.tips.turns.tip_of_the_week).
    "tip": ("tip", "een tip", "geef een tip", "geef me een tip", "geef mij een tip",
            "tip van de week", "de tip van de week", "tip van deze week", "mag ik een tip",
            "heb je een tip", "heb je een tip voor me", "tip graag", "nieuwe tip",
            "wat is de tip van deze week", "wat is de tip van de week", "tip voor mij",
            "weektip", "tip please"),
    "insights": ("overzicht", "inzichten", "team overzicht"),
    "forget": ("vergeet mij", "vergeet me", "verwijder mijn gegevens"),
}

#: Commands that may be followed by a few filler words ("hoi allemaal", "bedankt voor de hulp").
_LENIENT = ("greeting", "thanks")
_FILLER = frozenset({
    "blendbot", "bot", "allemaal", "iedereen", "daar", "hier", "jij", "je", "jou", "u", "wel",
    "voor", "de", "het", "hulp", "uitleg", "antwoord", "info", "informatie", "veel", "heel",
    "erg", "super", "nogmaals", "alvast", "team", "collega", "collegas", "goed", "even",
    "weer", "hoor", "zeg", "top", "dan"
})
_MAX_WORDS = 8
#: Politeness that never changes which command is meant ("tips aan graag", "help aub").
_POLITE = frozenset({"alsjeblieft", "alstublieft", "aub", "graag", "please", "pls", "svp"})

_ENTRIES: list[tuple[str, str]] = [
    (phrase, name) for name, phrases in COMMANDS.items() for phrase in phrases
]
_PHRASES: list[str] = [phrase for phrase, _ in _ENTRIES]


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    plain = fold_accents(text.casefold()).replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _allowed_typos(phrase: str) -> int:
    """Short phrases must be (nearly) exact: 'tips' may not become 'tip' or 'top'."""
    if len(phrase) <= 4:
        return 0 if len(phrase) <= 3 else 1
    return 1 if len(phrase) <= 7 else 2


def _closest(words: str) -> str | None:
    """The command whose phrase is within the typo budget of ``words`` (best first)."""
    ranked = process.extract(
        words, _PHRASES, scorer=DamerauLevenshtein.distance, processor=None, limit=None
    )
    for phrase, distance, index in sorted(ranked, key=lambda hit: hit[1]):
        if distance > 2:
            break
        if distance <= _allowed_typos(phrase):
            return _ENTRIES[index][1]
    return None


def match_command(text: str) -> str | None:
    """The command name ``text`` asks for, or None when it is not a command."""
    if not isinstance(text, str):
        return None
    if text.strip() in {"?", "??", "???"}:
        return "help"
    words = " ".join(w for w in normalize(text).split() if w not in _POLITE)
    if not words or len(words.split()) > _MAX_WORDS:
        return None
    exact = next((name for phrase, name in _ENTRIES if phrase == words), None)
    if exact:
        return exact
    if "?" in text and len(words.split()) > 4:
        return None
    found = _closest(words)
    if found:
        return found
    return _lenient(words.split())


def _lenient(tokens: list[str]) -> str | None:
    """A greeting or thanks with only filler words around it ("super bedankt voor de hulp")."""
    kept = [word for word in tokens if word not in _FILLER]
    if not kept or len(kept) == len(tokens) or len(kept) > 3:
        return None
    name = _closest(" ".join(kept))
    return name if name in _LENIENT else None
