"""The misconception patterns a lesson shows beside the criteria: a tool only used in
class, a recording and nothing else, emergency teaching, savings, something new, "it is
already good", schoolishness, distance.

Each pattern is True only with the teacher's words behind it (the quote in ``evidence``);
the verdict (:mod:`classifier.verdict`) turns a pattern into its misconception card.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifier import lexicon
from classifier.hits import Hit
from classifier.reading import Act, Reader, first, place_neutral

#: Pattern signals (family -> signal) beside the criteria.
_PATTERN_FAMILIES: tuple[tuple[str, str], ...] = (
    ("corona", "corona"), ("kosten", "bezuiniging"), ("nieuw", "iets_nieuws"),
    ("al_goed", "al_goed"), ("schools", "verschoolsing"), ("afstand", "afstand"),
)


def read_patterns(r: Reader, acts: Sequence[Act], fam: dict[str, list[Hit]],
              signals: dict[str, bool | None],
              evidence: dict[str, str | None], put) -> None:  # noqa: ANN001
    """The misconception patterns: tool only, recording only, emergency, savings ..."""
    split = signals["gelijktijdig_gesplitst"] is True
    linked = signals["samenhang"] is True
    only = fam.get("verder_niets", [])
    tools = [h for h in fam.get("tool", []) if h.start not in r.paper_work]
    if any(h.family in ("online", "tool") for h in r.hits if h.negated):
        # "laptops blijven in de tas, online doen we niks": a device named beside a denied
        # online part is no tool the lesson leans on
        # ... unless students work on it in class ("ze oefenen op de laptops in het lokaal")
        in_class = [a for a in acts if a.place == "fysiek"]
        tools = [h for h in tools if h.term not in lexicon.PERSONAL_DEVICES or (
            _worked_on(r, h) and any(a.start <= h.start < a.end for a in in_class))]
    tool_only = bool(tools) and signals["online"] is not True and not split and not (
        signals["online"] is None and placeless(tools, acts))
    posted = _posted_material(r) if signals["samenhang"] is False and not split else None
    put("alleen_tool", True if tool_only or posted is not None else None,
        r.hit_quote(first(tools)) if tool_only else posted)  # type: ignore[arg-type]
    recordings = [h for h in fam.get("opname", [])
                  if h.term not in _STUDENT_MADE or _teacher_made(r, h)]
    teacher_made = any(_teacher_made(r, h) for h in recordings)
    if any(_students_film(r, h) for h in recordings) and not teacher_made:
        # "in de gymzaal filmt iedereen zijn eigen sprong en kijkt het later terug": the
        # students' own footage, not a lesson recorded for watching (the video pattern)
        recordings = []
    # "kennisclip + werkcollege": a meeting of its own beside the clip, and nothing said about
    # how they connect, is a link to ask about, not a lecture that was only recorded
    recorded_in = {id(a) for a in acts for h in recordings if a.start <= h.start < a.end}
    meeting_beside = signals["samenhang"] is None and any(
        a.place in ("fysiek", "werkplek") and id(a) not in recorded_in for a in acts)
    # a clip named and nothing more ("hij werkt met kennisclips") leaves open what else
    # there is; a lecture recorded, or clips said to be all, is the recording pattern
    lectures = any(h.term in _LECTURE_RECORDING for h in recordings)
    told_more = signals["samenhang"] is False or signals["interactie"] is False
    # a clip beside a meeting with work of its own that the text says is loose: what fails
    # is the link, not a lesson reduced to watching (a recorded lecture still is)
    # (the teacher's own clips, or a lesson that repeats them, are that misconception)
    loose_meeting = signals["samenhang"] is False and not lectures and not teacher_made \
        and not _repeats(r) and any(
        a.place in ("fysiek", "werkplek") and id(a) not in recorded_in
        and not _in_a_method_name(r, a.place_hit) for a in acts)
    rec_only = bool(recordings) and not linked and not split and not meeting_beside \
        and not loose_meeting and (
        bool(only) or (signals["interactie"] is not True and (lectures or told_more))
    )
    put("alleen_opname", True if rec_only else None,
        r.hit_quote(first(recordings)) if rec_only else None)  # type: ignore[arg-type]
    for family, name in _PATTERN_FAMILIES:
        found = [h for h in fam.get(family, []) if not _since(r, h)]
        put(name, True if found else None, r.hit_quote(first(found)) if found else None)  # type: ignore[arg-type]


#: "op de laptops", "via hun telefoon": the device is what the students work on (in an
#: activity in class: "ze zitten de hele dag op hun telefoon" is no lesson).
_ON = frozenset({"op", "via", "on"})
_ON_REACH = 3


def _worked_on(r: Reader, h: Hit) -> bool:
    toks, breaks = r.view.tokens, r.view.break_before
    for j in range(h.start - 1, max(-1, h.start - 1 - _ON_REACH), -1):
        if toks[j] in _ON:
            return True
        if breaks[j + 1]:
            return False
    return False


#: Words that make an emergency the time before a plan ("na de lockdown hebben we de cursus
#: herontworpen").
_SINCE = frozenset({"na", "sinds", "after", "since"})


def _since(r: Reader, h: Hit) -> bool:
    toks = r.view.tokens
    return h.family == "corona" and any(t in _SINCE for t in toks[max(0, h.start - 2):h.start])


def placeless(tools: Sequence[Hit], acts: Sequence[Act]) -> bool:
    """Only tools that could be used anywhere, and no lesson in class or at work named."""
    return place_neutral(tools) and not any(a.place in ("fysiek", "werkplek") for a in acts)


#: Recording words that say a meeting was recorded for watching instead ("ik neem mijn
#: colleges op", "de lessen zijn terug te kijken"), not a clip of its own.
_LECTURE_RECORDING = frozenset({
    "opnemen", "neem op", "neemt op", "neem ik op", "opgenomen", "opname", "opnames",
    "opnemen van", "lesopname", "terugkijken", "kijken terug", "terug kunnen kijken",
    "terug te kijken", "online zetten", "online gezet", "zet ik online", "colleges online",
    "lectures online", "weblecture", "weblectures", "videocollege", "videocolleges",
    "record", "recording", "recorded", "uploaden", "opgeslagen", "film ik", "filmt", "filmen",
    "gefilmd",
})

#: Recordings students may make themselves ("ze spreken een vlog in"): the recording
#: pattern (the teacher records, students watch) only when the teacher made them.
_STUDENT_MADE = frozenset({"vlog", "vlogs", "vlogje", "vlogjes"})

_TEACHER = frozenset({"ik", "mijn", "i", "my"})
_POSSESSIVE = frozenset({"mijn", "my"})

_MAKER_REACH = 8

_LEARNERS = frozenset({"studenten", "student", "leerlingen", "deelnemers", "cursisten", "klas",
                       "groep", "students", "class"})


#: Verbs of making footage, and who may be their subject when students film themselves.
_FILMING = frozenset({"filmt", "filmen", "film", "gefilmd", "filmden", "filmde", "opnemen",
                      "neemt op", "nemen op", "uploaden", "upload"})
_STUDENT_SUBJECTS = frozenset({"ze", "zij", "iedereen", "ieder", "elk", "elke", "studenten",
                               "student", "leerlingen", "leerling", "deelnemers", "cursisten",
                               "tweetallen", "duos", "groepjes", "students", "they"})
_SUBJECT_REACH = 3
#: "we filmen de lessen": the teacher (with colleagues) records.
_TEACHERS = _TEACHER | {"we", "wij"}


def _students_film(r: Reader, h: Hit) -> bool:
    """ "filmt iedereen zijn eigen sprong", "studenten filmen elkaar", "ze nemen zichzelf
    op": footage the students make (the subject stands just before or after the verb)."""
    if h.term not in _FILMING:
        return False
    toks, breaks = r.view.tokens, r.view.break_before
    near: list[str] = []
    for j in range(h.start - 1, max(-1, h.start - 1 - _SUBJECT_REACH), -1):
        if breaks[j + 1]:
            break
        near.append(toks[j])
    after = h.start + 1
    near += [t for k, t in enumerate(toks[after:after + 2]) if not breaks[after + k]]
    return bool(_STUDENT_SUBJECTS.intersection(near)) and not _TEACHERS.intersection(near)


#: Loose phrases that say the lesson repeats the clip ("leg ik hetzelfde nog een keer uit").
_REPEATING = ("hetzelfde", "dezelfde", "nog een keer", "nog eens", "opnieuw")


def _in_a_method_name(r: Reader, h: Hit | None) -> bool:
    """ "flipped classroom": the room is part of the method's name, no lesson of its own."""
    return h is not None and any(o.family == "samenhang" and o.start <= h.start < o.end
                                 and o.end - o.start > 1 for o in r.live)


def _repeats(r: Reader) -> bool:
    return any(h.family == "los" and any(w in h.term for w in _REPEATING) for h in r.live)


def _teacher_made(r: Reader, h: Hit) -> bool:
    toks, breaks = r.view.tokens, r.view.break_before
    for j in range(h.start - 1, max(-1, h.start - 1 - _MAKER_REACH), -1):
        if toks[j] in _TEACHER and not (j + 1 < len(toks) and toks[j + 1] in _LEARNERS) \
                and not (toks[j] in _POSSESSIVE and j + 2 < h.start):
            return True  # "ik heb een vlog gemaakt", "mijn video"; not "mijn koks kijken een
            # video" or "mijn studenten maken een vlog"
        if breaks[j + 1] and j + 1 != h.start:
            return False
    return False


#: "het hele vak is online", "de gehele opleiding verloopt online": all of it, online.
_WHOLE = frozenset({"hele", "gehele", "volledige", "heel", "whole", "entire"})

_WHOLE_REACH = 4
#: "heel" before these is "very" ("heel veel", "heel vaak"), not "whole".
_DEGREE = frozenset({"veel", "vaak", "wat", "erg", "weinig", "goed", "soms", "af", "much",
                     "often"})

_ENTIRELY = frozenset({"helemaal", "volledig", "geheel", "compleet", "entirely", "fully"})

_WHOLE_VENUES = frozenset({"online", "digitaal", "op afstand", "teams", "msteams", "zoom",
                           "via zoom", "via teams", "webex", "google meet"})

_ALL_MEETINGS = frozenset({"lessen", "colleges", "bijeenkomsten", "lesuren", "werkcolleges",
                           "hoorcolleges", "contacturen", "classes", "lessons"})


def whole_online(r: Reader, h: Hit) -> bool:
    """An online word whose clause says it is the whole course: "de hele cursus is online",
    "alles gebeurt online", "alle lessen gaan via Teams"."""
    if h.family != "online":
        return False
    before = r.view.tokens[max(0, h.start - 2):h.start]
    if r.is_tool(h) or (
            h.term not in _WHOLE_VENUES and "via" not in before):
        return False
    toks, breaks = r.view.tokens, r.view.break_before
    for j in range(h.start - 1, max(-1, h.start - 1 - _WHOLE_REACH), -1):
        if breaks[j + 1] or toks[j] in lexicon.CLAUSE_BREAKS:
            return False
        if toks[j] in _WHOLE and not (toks[j] == "heel" and toks[j + 1] in _DEGREE):
            return True  # "heel het vak", not "heel veel met online opdrachten"
        if toks[j] == "alles" and h.term == "online":
            return True
        if toks[j] in _ENTIRELY and "via" in toks[max(0, h.start - 2):h.start]:
            return True  # "de cursus loopt helemaal via een videoplatform"
        if toks[j] in ("alle", "all") and j + 1 < h.start and toks[j + 1] in _ALL_MEETINGS:
            return True
    return False


#: The teacher putting material online that nothing builds on ("ik zet mijn PowerPoint in
#: Itslearning, verder doen ze er niks mee"): ICT used to hand out, not a blend (Curio
#: note, misconception 2).
_POSTING = frozenset({"zet", "zetten", "zette", "plaats", "plaatst", "plaatsen", "upload",
                      "uploaden", "deel", "deelt", "delen", "post", "posten", "hang", "put",
                      "share", "stuur", "stuurt", "mail"})

_MATERIALS = frozenset({"powerpoint", "powerpoints", "ppt", "slides", "sheets", "dias",
                        "presentatie", "presentaties", "pdf", "pdfs", "document", "documenten",
                        "lesmateriaal", "materiaal", "materialen", "aantekeningen",
                        "uitwerkingen", "handouts", "handout", "samenvatting",
                        "samenvattingen", "lesbrief", "lesbrieven"})

_POSTERS = frozenset({"ik", "we", "wij", "i"})


def _posted_material(r: Reader) -> str | None:
    """The material the teacher posts online, when a sentence says so, or None."""
    toks = r.view.tokens
    online = {h.start for h in r.live if h.family == "online"}
    start = 0
    for end in [*(i for i in range(1, len(toks)) if r.view.break_before[i]), len(toks)]:
        sentence = range(start, end)
        words = {toks[i] for i in sentence}
        if (words & _POSTING and words & _POSTERS and online.intersection(sentence)):
            material = next((i for i in sentence if toks[i] in _MATERIALS), None)
            if material is not None:
                return r.quote(material, material + 1)
        start = end
    return None
