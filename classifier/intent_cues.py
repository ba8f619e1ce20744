"""What a text is as a message, read from its rule findings: does it ask something, name
a concept, ask to explain one, describe a lesson, check a plan, or stay off Blendbot's
subject. :mod:`classifier.combine` uses these to keep the model honest about intent.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier import lexicon, verdict
from classifier.rules import CORE, RuleFindings
from classifier.text import normalise, tokenize

#: A text that opens with one of these asks something, even when it names activities.
QUESTION_WORDS = frozenset({"wat", "hoe", "welke", "welk", "waarom", "wanneer", "waar", "wie",
                            "kun", "kan", "kunt", "leg", "what", "how", "why", "which"})

#: Signals that are the pattern of a misconception card.
_PATTERN_SIGNALS = tuple(signal for signal, _ in verdict.PATTERN_CARDS)


#: Opening words that start a clause rather than ask when no question mark follows: "wie
#: thuis voorbereidt, komt ..." (whoever), "waar ze vastlopen, help ik" (where).
_RELATIVE_OPENERS = frozenset({"wie", "waar", "wanneer"})


def asks(tokens: Sequence[str]) -> bool:
    """The text opens with a question word that asks (the caller saw no question mark)."""
    return bool(tokens) and tokens[0] in QUESTION_WORDS and tokens[0] not in _RELATIVE_OPENERS


def checks_blended(f: RuleFindings) -> bool:
    """The question asks whether the lesson just described is blended ("... Blended?"),
    not about a concept it names ("valt dat volgens Allen en Seaman onder blended?")."""
    if named_concepts(f.tokens) - {verdict.BLENDED_CARD}:
        return False
    return bool(f.cues["blended_check"]) or (
        bool(f.tokens) and f.tokens[-1] in lexicon.BLENDED_WORDS)


def not_for_us(f: RuleFindings) -> bool:
    """Empty, symbols only, or another language without any education word."""
    cues = f.cues
    if cues["n_tokens"] == 0 or cues["letters"] < 0.5:
        return True
    if not any(len(t) > 1 for t in f.tokens):
        return True
    foreign = cues["nl_ratio"] == 0 and cues["n_tokens"] >= 3
    return foreign and cues["domein"] == 0 and not any(f.signals[s] for s in CORE)


def about_blended(f: RuleFindings) -> bool:
    """Anything that ties a text to Blendbot's subject.

    A learning-design word (blended, leren, leerdoelen ...), a definition card's specific
    topic word, a misconception's
    pattern, or both a physical and an online part. Staff-room logistics ("kan de
    vergadering online?", "welke docenten zijn vrij?") has none of these.
    """
    if any(tok in lexicon.SUBJECT_WORDS for tok in f.tokens):
        return True
    if any(
        h.family.startswith("topic:") and h.term not in lexicon.GENERIC_TOPIC_TERMS
        for h in f.hits
    ):
        return True
    if any(f.signals.get(signal) for signal in _PATTERN_SIGNALS):
        return True
    if f.signals["online"] is True and f.cues["overtuiging"]:
        return True  # a belief about online learning ("online doen ze toch niks")
    return (f.signals["fysiek"] is True and f.signals["online"] is True) or describes_lesson(f)





_CONCEPTS: dict[tuple[str, ...], str] = {
    tuple(tokenize(normalise(name))): card
    for card, names in lexicon.CONCEPT_NAMES.items() for name in names
}
_CONCEPT_LONGEST = max(len(k) for k in _CONCEPTS)


def named_concepts(tokens: Sequence[str]) -> set[str]:
    """The answer cards whose concept the tokens name, longest name first."""
    found: set[str] = set()
    i, n = 0, len(tokens)
    while i < n:
        for size in range(min(_CONCEPT_LONGEST, n - i), 0, -1):
            card = _CONCEPTS.get(tuple(tokens[i:i + size]))
            if card is not None:
                found.add(card)
                i += size
                break
        else:
            i += 1
    return found


#: How far into a message a request to explain may start ("hoi, kun je uitleggen ...").
_EXPLAIN_REACH = 6


def _asks_to_explain(tokens: Sequence[str]) -> bool:
    """ "Kun je uitleggen ...", "leg eens uit ...", "can you explain ...": a request for
    the concept, whatever belief the sentence then names."""
    head = tokens[:_EXPLAIN_REACH]
    if "uitleggen" in head or "explain" in head or (bool(head) and head[0] == "leg"
                                                      and "uit" in head):
        return True
    # "wat wordt daar eigenlijk mee bedoeld?", "wat betekent dat?": what a term means
    return "wat" in tokens and bool(_MEANING.intersection(tokens))


_DIFFERENCE = frozenset({"verschil", "verschillen", "difference", "differences"})
_MEANING = frozenset({"bedoeld", "betekent", "betekenen", "inhoudt", "houdt", "means",
                      "mean"})


def describes_lesson(f: RuleFindings) -> bool:
    """Two learning activities with a place, or one with interaction or a link: a teacher
    describing a lesson, even without asking "is dit blended?"."""
    if f.lesson is None:
        return False
    placed = [a for a in f.lesson.activities if a.place]
    if len(placed) >= 2:
        return True
    return bool(placed) and (
        f.signals["interactie"] is True
        or any(f.signals[c] is False for c in ("fysiek", "online", "samenhang"))
        or (f.signals["samenhang"] is True and len(f.lesson.activities) >= 2)
        # work done before or after a meeting it names ("voorafgaand aan het practicum")
        or (f.signals["samenhang"] is True and f.signals["fysiek"] is True
            and placed[0].place not in ("fysiek", "werkplek"))
        # last: it tokenizes the activities again
        or any(_students_at_work(a.text) for a in placed)
    )


#: Who learns and what they do in a placed activity ("ze oefenen in het skillslab"):
#: a lesson, where staff-room talk names a room without students at work in it.
_LEARNERS = frozenset({"ze", "zij", "studenten", "student", "leerlingen", "leerling",
                       "cursisten", "deelnemers", "eerstejaars", "tweedejaars", "derdejaars",
                       "students", "they"})
_LEARNING_VERBS = frozenset({"oefenen", "oefent", "werken", "werkt", "leren", "leert", "maken",
                             "maakt", "proberen", "probeert", "lezen", "leest", "kijken",
                             "kijkt", "schrijven", "schrijft", "bespreken", "presenteren",
                             "onderzoeken", "ontwerpen", "bouwen", "meten", "practice",
                             "practise", "work", "learn"})


def _students_at_work(text: str) -> bool:
    words = set(tokenize(normalise(text)))
    return bool(words & _LEARNERS) and bool(words & _LEARNING_VERBS)


def own_plan_checked(f: RuleFindings) -> bool:
    """A lesson, then "is (wordt) dat blended?": a case to judge, not a question about a
    concept. The lesson is one activity of the teacher's own with a place ("ik wil de
    theorie online aanbieden ... wordt dat blended?") or two activities that link or where
    students interact ("ze bekijken eerst ... daarna oefenen ze dat op elkaar"). A concept
    named besides blended keeps it a question."""
    if f.lesson is None or not checks_blended(f):
        return False
    acts = f.lesson.activities
    if f.cues["eerste_persoon"] and any(a.place for a in acts):
        return True
    steps = len(acts) >= 2 or f.counts.get("volgorde", 0) > 0  # "eerst ... daarna ..."
    return bool(acts) and steps and (
        f.signals["samenhang"] is True or f.signals["interactie"] is True)


def asks_for_concept(tokens: Sequence[str]) -> bool:
    """ "kun je uitleggen ...", "wat is (eigenlijk) het verschil tussen ...": a request for
    the concept, whatever belief words ("eigenlijk") it uses."""
    return _asks_to_explain(tokens) or (
        bool(tokens) and tokens[0] in ("wat", "what", "whats")
        and bool(_DIFFERENCE.intersection(tokens))) or (
        # "Wat is multi-locatieleren eigenlijk?": what one named concept is
        tuple(tokens[:2]) in _WHAT_IS and len(named_concepts(tokens)) == 1)


_WHAT_IS = frozenset({("wat", "is"), ("wat", "zijn"), ("what", "is")})


_WHY = frozenset({"waarom", "why"})
_BEING = frozenset({"is", "zijn", "telt", "tellen", "valt", "vallen", "isnt", "are"})
_NOT = frozenset({"geen", "niet", "not", "no"})
_SAYING = frozenset({"zeggen", "zegt", "noemen", "noemt", "stellen", "stelt", "vinden", "vindt",
                     "say", "says"})


def asks_why_not_blended(f: RuleFindings) -> bool:
    """ "Waarom is noodonderwijs geen blended leren?": a question about a misconception,
    asked in general (no "ik", "we", "mijn"), however lesson-like its example is."""
    toks = f.tokens
    if len(toks) < 3 or toks[0] not in _WHY or f.cues["eerste_persoon"] or not (
            toks[1] in _BEING or toks[1] in _SAYING):  # "waarom zeggen ze dat ..."
        return False
    return any(t in lexicon.BLENDED_WORDS and _NOT.intersection(toks[max(0, i - 3):i])
               for i, t in enumerate(toks))


_SHOULD = frozenset({"zou", "zouden", "moet", "moeten", "zal", "zullen", "should", "would"})
_WE = frozenset({"ik", "we", "wij", "je", "i"})


def asks_why_we_should(tokens: Sequence[str]) -> bool:
    """ "Waarom zouden wij aan blended beginnen?": a teacher resisting, not a question about
    a concept (a belief when the text shows a misconception's pattern)."""
    return any(tokens[i] in _WHY and tokens[i + 1] in _SHOULD and tokens[i + 2] in _WE
               for i in range(len(tokens) - 2))


_CLAIM_OPENERS = (("klopt", "het", "dat"), ("is", "het", "waar", "dat"),
                  ("is", "het", "zo", "dat"), ("is", "it", "true", "that"))


def asks_about_a_claim(f: RuleFindings) -> bool:
    """ "Klopt het dat blended vooral bedoeld is om te besparen?": a claim to check, asked
    in general (no ik/we/mijn). ("Is hybride hetzelfde als blended?" stays the belief it
    weighs, as the shared dev set has it.)"""
    toks = f.tokens
    if f.cues["eerste_persoon"] or not f.cues["vraagteken"]:
        return False
    if any(tuple(toks[:len(o)]) == o for o in _CLAIM_OPENERS):
        return True
    # "Wat zegt onderzoek over het idee dat blended tot verschoolsing leidt?"
    return bool(toks) and toks[0] in ("wat", "hoe", "what") and any(
        t in _IDEAS and toks[i + 1:i + 2] == ("dat",) for i, t in enumerate(toks))


_IDEAS = frozenset({"idee", "gedachte", "bewering", "stelling", "claim", "mythe", "misverstand",
                    "opvatting", "aanname", "beeld"})


_TO_COLLEAGUES = frozenset({("weet", "iemand"), ("kan", "iemand"), ("heeft", "iemand"),
                            ("wie", "heeft"), ("wie", "kan"), ("wie", "weet")})


def asks_a_colleague(f: RuleFindings) -> bool:
    """ "Weet iemand waar de afstandsbediening van de beamer is?", "kan iemand de beamer
    fixen?": staff-room help, not a lesson, unless it asks to explain a concept or names
    blended."""
    toks = f.tokens
    return tuple(toks[:2]) in _TO_COLLEAGUES and not asks_for_concept(toks) \
        and not lexicon.BLENDED_WORDS.intersection(toks) and not named_concepts(toks)
