"""Understand a teacher's reply to a readiness question: a tap, a number, a word, a typo.

Plain functions, no SDK. ``parse_reply`` never raises; what it cannot place comes back as
``invalid`` / ``free_text`` (ask again with the options) or ``question`` (something to answer
outside the check: a command, or a text that asks something).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.commands import match_command, normalize
from bot.yes_no import parse_yes_no
from knowledge.readiness_model import Readiness

# Submit values of the question card (``{"action": ..., ...}``, see bot.render.actions).
ANSWER = "readiness_answer"
BACK = "readiness_back"
STOP = "readiness_stop"
#: The level a submit carries for "weet ik niet".
UNKNOWN_LEVEL = 0
#: Button order on every question: levels 1-4, then these (so "5" means "weet ik niet").
NUMBER_UNKNOWN, NUMBER_BACK, NUMBER_STOP = 5, 6, 7

Kind = Literal["level", "unknown", "back", "stop", "restart", "resume", "result", "help",
               "yes", "no", "question", "free_text", "stale", "invalid"]

_STOP = frozenset({"stop", "stoppen", "stop maar", "stop de check", "annuleer", "annuleren",
                   "cancel", "afbreken", "breek af", "kappen", "ophouden", "quit", "exit",
                   "klaar ermee", "laat maar"})
_BACK = frozenset({"terug", "vorige", "vorige vraag", "ga terug", "een terug", "back",
                   "stap terug", "een vraag terug", "terug naar de vorige vraag"})
_RESTART = frozenset({"opnieuw", "opnieuw beginnen", "begin opnieuw", "reset", "herstart",
                      "overnieuw", "van voren af aan"})
_NUMBER = re.compile(r"^(?:optie|nummer|nr|niveau|stap|antwoord|keuze)?\s*([0-9])$")
_MAX_ANSWER_WORDS = 6
_NEGATION = frozenset({"geen", "niet", "nooit", "nog"})
#: How a question to the bot starts ("is dit blended", "wat is hybride"), as opposed to a
#: free-text description of one's own practice, which is an answer to the check.
_QUESTION_WORDS = frozenset({
    "is", "zijn", "wat", "wie", "waar", "wanneer", "waarom", "hoe", "welke", "welk", "kan",
    "kun", "kunnen", "mag", "moet", "moeten", "telt", "valt", "heb", "hebben", "bestaat",
    "geldt", "klopt", "wordt", "worden", "waarvoor", "hoeveel", "vraag"})


@dataclass(frozen=True, slots=True)
class Reply:
    kind: Kind
    level: int | None = None


def _phrases(readiness: Readiness) -> dict[str, int]:
    """Normalised label/synonym -> level (0 = weet ik niet)."""
    table: dict[str, int] = {}
    for step in readiness.scale:
        for phrase in (step.label, *step.synonyms):
            table[normalize(phrase)] = step.value
    for phrase in (readiness.unknown.label, *readiness.unknown.synonyms):
        table[normalize(phrase)] = UNKNOWN_LEVEL
    return table


def _budget(phrase: str) -> int:
    """Typos allowed: none in short words ('vast' is not 'vaak'), one or two in longer ones."""
    if len(phrase) <= 4:
        return 0
    return 1 if len(phrase) <= 8 else 2


def _fuzzy(words: str, table: dict[str, int]) -> int | None:
    hits = process.extract(words, list(table), scorer=DamerauLevenshtein.distance,
                           processor=None, limit=None)
    levels = {table[p] for p, distance, _ in hits if distance <= _budget(p)}
    return levels.pop() if len(levels) == 1 else None


def _contained(words: str, table: dict[str, int]) -> set[int]:
    """Levels whose phrase occurs as whole words in a short sentence ('ik denk toepassen')."""
    padded = f" {words} "
    return {level for phrase, level in table.items()
            if len(phrase) > 3 and f" {phrase} " in padded}


def _from_value(value: dict[str, Any], dimension: str) -> Reply | None:
    action = value.get("action")
    if action == BACK:
        return Reply("back")
    if action == STOP:
        return Reply("stop")
    if action == "start_check":
        return Reply("resume")
    if action != ANSWER:
        return None
    if value.get("dimension") not in (None, dimension):
        return Reply("stale")
    level = value.get("level")
    if level == UNKNOWN_LEVEL or level is None:
        return Reply("unknown")
    if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 4:
        return Reply("level", level)
    if isinstance(level, str) and level.strip() in {"1", "2", "3", "4"}:
        return Reply("level", int(level))
    return Reply("invalid")


def _from_number(number: int) -> Reply:
    if 1 <= number <= 4:
        return Reply("level", number)
    return {NUMBER_UNKNOWN: Reply("unknown"), NUMBER_BACK: Reply("back"),
            NUMBER_STOP: Reply("stop")}.get(number, Reply("invalid"))


def _from_options(words: str, readiness: Readiness, dimension: str) -> Reply | None:
    """A pasted option text ('Af en toe probeer ik ...') counts as that option."""
    options = [normalize(o) for o in readiness.dimension(dimension).options]
    hit = process.extractOne(words, options, scorer=fuzz.ratio, processor=None, score_cutoff=90)
    return Reply("level", hit[2] + 1) if hit else None


def parse_reply(readiness: Readiness, dimension: str, text: str | None,
                value: object = None) -> Reply:
    """What a reply to the question about ``dimension`` means."""
    if isinstance(value, dict):
        from_value = _from_value(value, dimension)
        if from_value is not None:
            return from_value
    words = normalize(text) if isinstance(text, str) else ""
    if not words:
        return Reply("invalid")
    if words in _STOP:
        return Reply("stop")
    if words in _BACK:
        return Reply("back")
    if words in _RESTART:
        return Reply("restart")
    number = _NUMBER.match(words)
    if number:
        return _from_number(int(number.group(1)))
    table = _phrases(readiness)
    if words in table:
        level = table[words]
        return Reply("unknown") if level == UNKNOWN_LEVEL else Reply("level", level)
    option = _from_options(words, readiness, dimension)
    if option is not None:
        return option
    command = match_command(text or "")
    if command in {"check", "result", "help"}:
        return Reply({"check": "resume", "result": "result", "help": "help"}[command])
    yes_no = parse_yes_no(text or "")
    if yes_no in ("ja", "nee"):  # only meaningful after "zullen we verder gaan?"
        return Reply("yes" if yes_no == "ja" else "no")
    if len(words.split()) <= _MAX_ANSWER_WORDS:
        found = _fuzzy(words, table)
        contained = _contained(words, table)
        # A negated level ('geen plan') is not that level; 'weet niet' itself is a negation.
        usable = contained & {UNKNOWN_LEVEL} if _NEGATION & set(words.split()) else contained
        if found is None and len(usable) == 1:
            found = usable.pop()
        if found is not None:
            return Reply("unknown") if found == UNKNOWN_LEVEL else Reply("level", found)
        if contained:
            return Reply("invalid")  # an answer, but ambiguous or negated: ask again
    if command is not None or "?" in (text or "") or words.split()[0] in _QUESTION_WORDS:
        return Reply("question")
    # A sentence about one's own practice that is none of the options: show them again.
    return Reply("free_text" if len(words.split()) >= 3 else "invalid")
