"""The lesson analysis: the learning activities a text describes and what the definition
asks of them, each finding backed by the teacher's own words.

Works on the rule layer's hits (lexicon phrases with token positions) and the token spans
of the raw input, so every quote is an exact piece of the input. Steps:

1. :func:`classifier.segment.segments` splits the text into activities;
2. each activity gets a place (``fysiek``, ``werkplek``, ``online``, ``thuis``), a timing and
   whether students interact in it;
3. the criteria of the definition (``fysiek``, ``online``, ``samenhang``, ``interactie``)
   and the split-group signal are read from the activities and the links between them:
   True or False only with a quote, None when the text does not say.

The reading follows the sources: a tool on the digital board in class is not an online
learning environment (Curio note, misconception 2); homework from a book is not online;
"daarna" links activities unless the text says they stand apart ("los daarvan", "een ander
onderwerp", "die ik niet bespreek"); part of a group online *at the same time* is hybrid,
groups that take turns are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifier import lexicon
from classifier.hit_context import LINK_FAMILIES
from classifier.hits import Hit
from classifier.links import (
    done_before,
    links_two,
    opens_beside,
    pointing_back,
    same_sentence,
    same_task,
    shared_work,
    taken_up_later,
    where,
    word_spans,
)
from classifier.online_part import (
    excepted,
    filled_in_at_home,
    nothing_outside,
    only_a_label,
    over_time,
)
from classifier.patterns import placeless, read_patterns, whole_online
from classifier.reading import (
    LEADING,
    LINK_VERBS,
    MAX_QUOTE,
    Act,
    Reader,
    activity_text,
    first,
)
from classifier.segment import TextView, segments
from classifier.types import Activity

__all__ = ["MAX_QUOTE", "Lesson", "read_lesson"]

#: Meetings that name no location: physical unless the text says students stay away.
_MEETINGS = frozenset({"les", "lessen", "de les", "in de les", "tijdens de les", "bijeenkomst",
                       "bijeenkomsten", "college", "colleges", "lesuur", "lesuren", "sessie",
                       "sessies", "workshop", "workshops", "contacturen", "contacttijd",
                       "lesdag", "lesdagen", "hoorcollege", "hoorcolleges", "werkcollege",
                       "werkcolleges", "gastles", "gastcollege", "theorieles", "seminar",
                       "lecture", "werkgroep", "werkgroepen", "tutorgroep", "mentoruur",
                       "tutoruur", "klassikaal", "klassikale", "contactmoment",
                       "contactmomenten"})

#: A whole course online (no physical part) said in so many words.
_TOTAL_ONLINE = frozenset({"volledig online", "helemaal online", "alles online", "alleen online",
                           "fully online", "bijna alles online", "everything online",
                           "all online", "entirely online", "completely online",
                           "only online"})

#: An offline medium said to be the only one ("alleen uit het boek").
_ONLY = frozenset({"alleen", "enkel", "slechts", "uitsluitend", "only", "alles", "helemaal",
                   "everything"})

_ACTIVITY_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "offline", "tool",
                                "opname", "interactie", "gelijktijdig"})



@dataclass(frozen=True, slots=True)
class Lesson:
    """The analysis of one text: activities, signals (criteria + patterns) and evidence."""

    activities: tuple[Activity, ...]
    signals: dict[str, bool | None]
    evidence: dict[str, str | None]


def _other_meeting(denied: Sequence[Hit], physical: Sequence[Act]) -> bool:
    """Only meetings are denied, and the lesson has another kind: "er hangt geen werkcollege
    aan" leaves the hoorcolleges standing."""
    if any(h.term not in _MEETINGS for h in denied):
        return False
    kinds = {h.term.split()[-1] for h in denied}
    return any(a.place_hit is not None and a.place_hit.term.split()[-1] not in kinds
               for a in physical)


def _purpose_in_class(r: Reader, acts: list[Act]) -> None:
    """A purpose clause of a class activity happens in class too: "in de les gebruiken ze
    hun laptop voor een Kahoot en om dingen op te zoeken op internet"."""
    toks = r.view.tokens
    for i in range(1, len(acts)):
        prev, a = acts[i - 1], acts[i]
        j = a.start
        while j < a.end - 1 and toks[j] in LEADING:
            j += 1
        if (toks[j] == "om" and prev.place == "fysiek" and a.place == "online"
                and a.place_hit is not None and a.place_hit.term in lexicon.MEDIA_TERMS
                and same_sentence(r, prev, a)):
            a.place, a.tools_in_class, a.shown_in_class = "fysiek", True, True


_WEEKDAYS = frozenset({"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                       "zondag", "monday", "tuesday", "wednesday", "thursday", "friday"})

#: How far after a group's name its day may stand ("groep A komt maandag", "groep B op
#: dinsdag").
_DAY_REACH = 3


def _days_apart(r: Reader, groups: Sequence[Hit]) -> list[Hit]:
    """Groups given different days ("groep A komt maandag naar school, groep B op
    dinsdag"): they take turns, whatever the question calls it. A turn hit spanning the
    first two such groups, or nothing."""
    toks = r.view.tokens
    day_of: dict[str, tuple[str, int, Hit]] = {}
    for h in groups:
        days = [j for j in range(h.end, min(len(toks), h.end + _DAY_REACH))
                if toks[j] in _WEEKDAYS]
        if days:
            day_of.setdefault(h.term, (toks[days[0]], days[0], h))
    seen = list(day_of.values())
    for (day_a, at, a), (day_b, _, _) in zip(seen, seen[1:], strict=False):
        if day_a != day_b:  # quoted as "Groep A komt maandag"
            return [Hit("afwisseling", a.term, a.start, at + 1, False)]
    return []


def _returns_nowhere(r: Reader, acts: Sequence[Act], physical: Sequence[Act]) -> str | None:
    """Every physical activity is a location the work is denied to come back to ("op
    school of op stage komt het niet terug"): a quote of it, else None. A lesson ("in de
    les komt de module niet terug") is there, only not linked: that stays a loose part."""
    if not physical:
        return None
    quote, denial_end = None, 0
    for a in reversed(physical):  # a bare place joins the denial after it ("op school of")
        later = acts[acts.index(a) + 1] if a is not acts[-1] else None
        back = [h for h in r.hits if h.negated and h.family in LINK_FAMILIES
                and a.start <= h.start < a.end and "terug" in h.term]
        if a.place_hit is None or a.place_hit.term in _MEETINGS:
            return None
        if back and 0 <= back[0].start - a.place_hit.end <= 1:
            # the place opens the denied clause: "op school komt het niet terug", not "op
            # school werken we aan iets anders en komt het nooit terug"
            quote, denial_end = r.quote(a.place_hit.start, back[0].end), back[0].end
        elif quote and later is not None and a.place_hit.end == a.end \
                and r.view.tokens[later.start] in _OR_WORDS:
            quote = r.quote(a.place_hit.start, denial_end)
        else:
            return None
    return quote


_OR_WORDS = frozenset({"of", "noch", "en", "or"})


def read_lesson(view: TextView, hits: Sequence[Hit], split: Hit | None) -> Lesson:
    """Analyse one text. ``split`` is the rule layer's split-group finding (or None)."""
    r = Reader(view, hits)
    hits = r.hits
    acts: list[Act] = []
    for start, end in segments(view, r.live):
        act = r.activity(start, end)
        if any(h.family in _ACTIVITY_FAMILIES for h in act.hits):
            acts.append(act)
    _purpose_in_class(r, acts)
    signals: dict[str, bool | None] = {}
    evidence: dict[str, str | None] = {}

    def put(name: str, value: bool | None, quote: str | None) -> None:
        if value is not None and not quote:
            value = None  # never a finding without words behind it
        signals[name] = value
        evidence[name] = quote if value is not None else None

    live = r.live
    negated = [h for h in hits if h.negated]
    fam = _families(live)
    neg = _families(negated)

    # fysiek ---------------------------------------------------------------------------
    physical = [a for a in acts if a.place in ("fysiek", "werkplek")]
    total_online = [h for h in live if h.term in _TOTAL_ONLINE or whole_online(r, h)]
    references = [h for h in live if r.is_reference(h)]
    located = [a for a in physical if a.place_hit and a.place_hit.term not in _MEETINGS]
    denied_place = [h for h in (neg.get("fysiek") or neg.get("fysiek_zwak") or [])
                    if not r.is_reference(h)]  # "buiten de les doen ze niks": lessons exist
    unreturned = _returns_nowhere(r, acts, physical)
    if unreturned is not None:
        # "alles gaat online, op school of op stage komt het niet terug": the place is
        # named only to say the work never comes there
        put("fysiek", False, unreturned)
    elif denied_place and physical and not located and not _other_meeting(denied_place,
                                                                           physical):
        # "naar school komen ze niet": the werkcollege they mention meets online
        put("fysiek", False, r.negation_quote(denied_place[0]))
    elif physical and physical[0].place_hit is not None:
        # a room or meeting the teacher names beats a classroom device ("in de les", not
        # "digibord"), which only says where a tool stands
        rooms = [a.place_hit for a in physical if a.place_hit and not r.is_tool(a.place_hit)]
        put("fysiek", True, r.hit_quote(_widest(r, rooms[0] if rooms else physical[0].place_hit)))
    elif references:
        put("fysiek", True, r.quote(max(0, references[0].start - 2), references[0].end))
    elif denied_place:
        put("fysiek", False, r.negation_quote(denied_place[0]))
    elif total_online:
        put("fysiek", False, r.hit_quote(total_online[0]))
    else:
        put("fysiek", None, None)

    filled_in_at_home(r, acts)

    # online ---------------------------------------------------------------------------
    away_text = bool(fam.get("thuis")) or any(a.place in ("online", "thuis") for a in acts)
    online_hit: Hit | None = None
    outside_denied = nothing_outside(r, neg.get("online", []) + neg.get("tool", []))

    def in_class(a: Act) -> bool:  # "buiten het college doen ze niets online": the poll
        return outside_denied and any(  # during the college is in class
            h.family in ("fysiek", "fysiek_zwak") for h in a.hits)

    for a in acts:
        if a.place == "online" and not in_class(a):
            online_hit = a.place_hit
            break
    if online_hit is None:
        for a in acts:
            if a.shown_in_class or in_class(a):
                continue
            env = [h for h in a.hits if h.family == "online" and not r.is_tool(h)
                   and (h.term not in lexicon.MEDIA_TERMS or away_text
                        or a.place != "fysiek")]
            if env:
                online_hit = env[0]
                break
    if online_hit is not None and (neg.get("online") or neg.get("tool")) and only_a_label(
            r, online_hit, fam.get("online", [])):
        for a in acts:  # "het 'online deel' is een hoofdstuk in het werkboek, zonder computer"
            if a.place_hit is online_hit:
                home = [h for h in a.hits if h.family == "thuis"]
                a.place, a.place_hit = ("thuis", home[0]) if home else (None, None)
        online_hit = None
    if online_hit is None:
        # a tool used on the workplace is used out of class: an online part ("op hun
        # stagebedrijf maken ze een foto en zetten die op Padlet")
        online_hit = first([h for i, a in enumerate(acts)
                            if where(r, acts, i) in ("werkplek", "thuis") for h in a.hits
                            if h.family == "tool" and h.term not in lexicon.CLASSROOM_DEVICES])
    if online_hit is None and not (neg.get("online") or neg.get("tool")) and any(
            a.place in ("fysiek", "werkplek") for a in acts):
        # a tool over days or a week, beside a meeting of its own, is used out of class
        # ("drie dagen houden ze hun eetpatroon bij in een app; in het practicum ...")
        online_hit = first([h for a in acts if a.place is None and over_time(r, a)
                            for h in a.hits if h.family == "tool"
                            and h.term not in lexicon.CLASSROOM_DEVICES])
        if online_hit is None:
            online_hit = taken_up_later(r, acts)
    tools = [h for h in fam.get("tool", []) if h.start not in r.paper_work]
    offline = fam.get("offline", [])
    only_offline = [h for h in offline if h.start > 0 and any(
        view.tokens[j] in _ONLY for j in range(max(0, h.start - 4), h.start))]
    if online_hit is None:
        online_hit = excepted(r, neg.get("online", []) + neg.get("tool", []))
    for a in acts:  # the activity the online part was read in happens online
        if online_hit is not None and a.place is None and a.start <= online_hit.start < a.end:
            a.place, a.place_hit, a.tools_in_class = "online", online_hit, False
    if online_hit is not None:
        put("online", True, r.hit_quote(online_hit))
    elif neg.get("online") or neg.get("tool"):
        put("online", False, r.negation_quote((neg.get("online") or neg["tool"])[0]))
    elif only_offline:
        put("online", False, r.quote(only_offline[0].start - 1, only_offline[0].end))
    elif (tools and not placeless(tools, acts)) or any(a.tools_in_class for a in acts):
        first_tool = first(tools) or first(
            [h for a in acts if a.tools_in_class for h in a.hits if h.family == "online"])
        put("online", False, r.hit_quote(first_tool) if first_tool else None)
    else:
        put("online", None, None)

    # samenhang ------------------------------------------------------------------------
    # devices and rooms, not material: "het filmpje gebruiken we daar niet" is a loose
    # part, "het lokaal gebruiken we niet meer" is no physical part
    denied_things = [h.end - 1 for h in negated if (h.family == "tool" and h.term in (
        lexicon.PERSONAL_DEVICES | lexicon.CLASSROOM_DEVICES)) or h.family in (
        "fysiek", "fysiek_zwak")]
    negated_links = [h for h in negated if (h.family in LINK_FAMILIES
                                            # "geen overleg, geen feedback": no interaction,
                                            # not a part standing apart
                                            and not h.term.startswith("feedback")
                                            # "schermen gebruiken we in de werkplaats niet":
                                            # no screens there, not a loose part
                                            and not (h.term.startswith("gebruik") and any(
                                                abs(p - h.start) <= _USE_REACH
                                                for p in denied_things)))
                     or (h.family == "interactie" and h.term in LINK_VERBS)]
    strong_links = [h for h in live if h.family == "samenhang" and not r.inside_loose(h)
                    and h.start not in r.question_clause]
    placed = [a for a in acts if a.place]
    parts = len(placed) + (1 if references and not physical else 0)
    turn_at = [t.start for t in fam.get("afwisseling", [])]
    beside = opens_beside(r, acts)
    weak_links = [h for h in live if h.family in ("volgorde", "koppeling")
                  and not r.inside_loose(h) and links_two(r, h, acts, placed, parts)
                  # "... en werken daarnaast aan een proefwand, waar ze elkaars werk
                  # beoordelen": beside it, a word of working with work is no link
                  and not (beside and h.family == "koppeling")
                  and h.start not in r.question_clause
                  # "de week erna wisselen ze": when the turn comes, not that it builds on
                  and not any(0 <= t - h.end <= 1 for t in turn_at)]
    links = sorted(strong_links + weak_links, key=lambda h: h.start)
    back = pointing_back(r, acts, placed)
    if back is None and parts >= 2 and not beside:
        spans = word_spans(r, acts)
        back = shared_work(r, spans, placed) or done_before(r, spans)
        if back is None and fam.get("afwisseling") and fam.get("groep_deel"):
            back = same_task(r, spans)
    nothing_else = [h for h in fam.get("verder_niets", []) if " " in h.term]
    if r.loose:
        put("samenhang", False, r.hit_quote(first(r.loose)))  # type: ignore[arg-type]
    elif negated_links:
        put("samenhang", False, r.negation_quote(first(negated_links)))  # type: ignore[arg-type]
    elif nothing_else:
        put("samenhang", False, r.hit_quote(nothing_else[0]))
    elif links:
        put("samenhang", True, r.hit_quote(first(links)))  # type: ignore[arg-type]
    elif back is not None:
        put("samenhang", True, back)
    else:
        put("samenhang", None, None)

    # interactie -----------------------------------------------------------------------
    inter = r.interaction_hits(hits)
    solo = r.solo_hits(hits)
    if inter:
        put("interactie", True, r.hit_quote(first(inter)))  # type: ignore[arg-type]
    elif solo:
        h = first(solo)
        put("interactie", False, r.negation_quote(h) if h.negated else r.hit_quote(h))  # type: ignore[union-attr]
    else:
        put("interactie", None, None)

    # split group ----------------------------------------------------------------------
    turns = fam.get("afwisseling", []) or _days_apart(r, fam.get("groep_deel", []))
    if split is not None and (not turns or (signals["samenhang"] is not True and (
            signals["online"] is True or bool(fam.get("thuis"))))):
        # halves that swap who sits where but follow one lesson at the same time are hybrid
        # each time; only turns that build on each other are the Curio note's blend
        put("gelijktijdig_gesplitst", True, r.hit_quote(split))
    elif split is not None or (turns and fam.get("groep_deel")):
        put("gelijktijdig_gesplitst", False, r.hit_quote(turns[0]))
    elif neg.get("gelijktijdig"):
        put("gelijktijdig_gesplitst", False, r.negation_quote(neg["gelijktijdig"][0]))
    elif signals["fysiek"] and signals["online"] and signals["samenhang"]:
        put("gelijktijdig_gesplitst", False, evidence["samenhang"])
    else:
        put("gelijktijdig_gesplitst", None, None)

    read_patterns(r, acts, fam, signals, evidence, put)
    activities = tuple(  # after the criteria: reading them may correct a place
        Activity(activity_text(r, a), a.place, r.timing(a), r.interactie(a))  # type: ignore[arg-type]
        for a in acts
    )
    return Lesson(activities, signals, evidence)


def _widest(r: Reader, h: Hit) -> Hit:
    """The longest phrase of the same family ending where ``h`` ends: "in de les" for "les"."""
    return min((o for o in r.hits if o.family == h.family and o.end == h.end
                and o.start <= h.start), key=lambda o: o.start, default=h)


def _families(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for h in hits:
        out.setdefault(h.family, []).append(h)
    return out


#: How far a denied tool may stand from the "gebruiken" that denies it.
_USE_REACH = 4
