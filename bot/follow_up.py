"""The follow-up conversation that completes a lesson analysis. Pure functions, no I/O.

The bot asks about one open criterion at a time, in the order of ``Classification.missing``,
at most ``MAX_QUESTIONS`` times. A reply, tapped or typed, is read as yes / no / "weet ik
niet" (with the common variants), as insisting on a different verdict without new facts,
or as free text that describes more of the lesson. Yes and no become the classifier's
``answers``; free text is classified together with the original description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.render.actions import NO, UNKNOWN, YES
from classifier.text import fold_accents
from classifier.types import CORE_SIGNALS, CRITERIA, Classification

#: At most this many follow-up questions for one description.
MAX_QUESTIONS = 3
#: Words after a yes/no that describe more of the lesson are added to the text from here on.
MIN_EXTRA_WORDS = 2

ReplyKind = Literal["yes", "no", "unknown", "insist", "text"]


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    extra: str = ""
    """What the teacher wrote beyond the yes or no ("ja, ze oefenen in de werkplaats")."""


def _plain(text: str) -> str:
    plain = fold_accents(text.casefold())
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


_UNKNOWN = re.compile(
    r"^(?:ik )?(?:weet (?:ik )?(?:het )?niet|weet niet|geen (?:flauw )?idee|geen idee|"
    r"onbekend|misschien|twijfel|ik twijfel|dat weet ik niet|kan ik niet zeggen|"
    r"dat kan ik niet zeggen|soms|ik weet het niet zeker|niet zeker|idk)\b")
_NO = re.compile(
    r"^(?:nee+n?|neuh|nope|no|niet echt|helaas niet|klopt niet|dat klopt niet|"
    r"zeker niet|absoluut niet|niet|nooit|nee hoor|neen)\b")
_YES = re.compile(
    r"^(?:ja+|jawel|jazeker|jep|jup|yes|yep|ok[eé]?|oke|zeker|klopt|dat klopt|inderdaad|"
    r"precies|correct|zo is het|dat doen we|doen we|zeker weten|absoluut|ja hoor|wel)\b")
#: Insisting on another verdict: "het is wel degelijk blended", "dit klopt echt niet".
_INSIST = re.compile(
    r"\b(?:(?:is|zijn|het|les)\s+(?:\w+\s+)?(?:wel|toch|echt|gewoon)\s+(?:(?:degelijk|wel|"
    r"echt|gewoon)\s+)?blended|wel degelijk|klopt (?:echt|helemaal|gewoon) (?:niet|niks)|"
    r"(?:je|jij) (?:hebt|zit) (?:het )?(?:mis|fout)|(?:je|jij) snapt (?:er )?(?:niks|niets)|"
    r"(?:ben|zijn) het (?:er )?(?:niet )?(?:mee )?oneens|oneens|onzin|slaat nergens op|"
    r"dat is (?:niet waar|fout|onjuist)|niet mee eens)\b")
#: Filler that carries no fact after a yes or no ("ja hoor", "nee hoor", "ja dat klopt").
_FILLER = frozenset({"hoor", "dat", "klopt", "is", "zo", "wel", "zeker", "inderdaad", "ook",
                     "echt", "toch", "nee", "ja", "precies", "eigenlijk", "natuurlijk"})


def is_insisting(text: str) -> bool:
    """A teacher disagreeing with the verdict ("mijn les is wel degelijk blended")."""
    return bool(_INSIST.search(_plain(text)))


def read_reply(text: str) -> Reply:
    """What a typed reply to a yes/no follow-up question says."""
    text = text.strip()
    plain = _plain(text)
    if is_insisting(text):
        return Reply("insist")
    for kind, pattern in (("unknown", _UNKNOWN), ("no", _NO), ("yes", _YES)):
        match = pattern.match(plain)
        if match:
            rest = text[len(_prefix(text, match.group(0))):].strip(" ,.;:!-")
            facts = [w for w in _plain(rest).split() if w not in _FILLER]
            extra = rest if kind != "unknown" and len(facts) >= MIN_EXTRA_WORDS else ""
            return Reply(kind, extra)  # type: ignore[arg-type]
    return Reply("text", text.strip())


def _prefix(text: str, matched: str) -> str:
    """The part of ``text`` that the matched words of its plain form cover."""
    words = len(matched.split())
    found = list(re.finditer(r"\w+", text))
    return text[: found[words - 1].end()] if 0 < words <= len(found) else ""


def from_button(answer: str) -> Reply:
    """A tapped answer (``actions.YES`` / ``NO`` / ``UNKNOWN``)."""
    return Reply({YES: "yes", NO: "no", UNKNOWN: "unknown"}.get(answer, "unknown"))  # type: ignore[arg-type]


def next_question(c: Classification, answers: dict[str, bool], unknown: list[str],
                  asked: int) -> str | None:
    """The criterion to ask about next, or None: the verdict is clear or the cap is reached."""
    if c.intent != "scenario" or c.verdict != "onduidelijk" or asked >= MAX_QUESTIONS:
        return None
    return next((k for k in c.missing if k in CRITERIA and k not in answers
                 and k not in unknown), None)


#: What a blend needs from a lesson; interaction counts unless the text denies it.
REQUIRED: tuple[str, ...] = ("fysiek", "online", "samenhang")


def as_lesson(c: Classification, following_up: bool = False) -> Classification:
    """A text the classifier calls "other" that still quotes a lesson is a vague lesson.

    "bij bouwkunde doen we ook wat online" names an online part and nothing else: the bot
    asks about the rest of the lesson instead of calling it off-topic. In a follow-up the
    conversation is about that lesson, so a result read as a concept question is too.
    """
    if _unfounded(c):
        return replace(c, verdict="onduidelijk", unsure=True)
    kinds = ("other", "question") if following_up else ("other",)
    if c.intent not in kinds or not any(c.evidence.get(k) for k in CRITERIA):
        return c
    missing = tuple(k for k in REQUIRED if c.signals.get(k) is None)
    return replace(c, intent="scenario", verdict="onduidelijk", missing=missing,
                   card=c.card, unsure=True)


#: Signals that are the pattern of a misconception (``classifier.combine``): any of them
#: seen is a reason for a not-blended verdict by itself.
PATTERNS: tuple[str, ...] = ("gelijktijdig_gesplitst", "alleen_tool", "alleen_opname",
                             "corona", "bezuiniging", "iets_nieuws", "al_goed",
                             "verschoolsing", "afstand")


def _unfounded(c: Classification) -> bool:
    """A not-blended verdict on a described lesson that nothing in it supports.

    The contract: not blended needs a criterion said absent (or a misconception's
    pattern); a criterion left open is onduidelijk, so the bot asks instead of judging.
    """
    if c.intent != "scenario" or c.verdict != "niet_blended" or not c.missing:
        return False
    if not c.activities and not any(c.evidence.get(k) for k in CRITERIA):
        return False  # a belief, not a lesson: the misconception card answers it
    if any(c.signals.get(k) is False for k in CRITERIA):
        return False
    return not any(c.signals.get(k) is True for k in PATTERNS)


def first_question(c: Classification) -> str | None:
    """The first criterion to ask about when the verdict is open or the classifier unsure."""
    return next((k for k in c.missing if k in CRITERIA), None)


def learned(before: Classification, after: Classification) -> list[str]:
    """The signals (and verdict) a reply changed: new facts, as opposed to insisting."""
    changed = [k for k in CORE_SIGNALS if before.signals.get(k) != after.signals.get(k)]
    if before.verdict != after.verdict:
        changed.append("verdict")
    return changed


def quote_of(said: str, limit: int = 60) -> str:
    """What the teacher said, short enough to show."""
    said = " ".join(said.split())
    return said if len(said) <= limit else said[: limit - 1].rstrip() + "…"
