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
from classifier.hits import Hit
from classifier.segment import TextView, segments
from classifier.types import Activity

#: Longest quote given as evidence (``shared/spec/classify.md``).
MAX_QUOTE = 80
#: Lesson words that are a physical meeting only with a preposition ("in de les", not
#: "mijn les is blended").
_BARE_MEETING = frozenset({"les", "lessen", "de les", "college", "colleges", "sessie", "sessies",
                           "klas", "klassen"})
_MEETING_PREPOSITIONS = frozenset({"in", "tijdens", "op", "bij", "naar"})
_DEFINITE = frozenset({"de", "het", "die", "dat", "deze", "dit", "hun", "the", "those"})
_TIME_PREPOSITIONS = frozenset({"voor", "na", "voordat", "before", "after"})
#: Words that open an activity by pointing back at the one before ("die posten ze ...").
_ANAPHORA = frozenset({"die", "dat", "deze", "dit", "waarvan", "waarop", "waarmee", "waarover",
                       "daar", "daarmee", "daarover", "daarin", "hun", "those", "their"})
_DETERMINERS = frozenset({"de", "het", "een", "mijn", "onze", "hun", "die", "deze", "elke",
                          "iedere", "zijn", "haar"})
#: Meetings that name no location: physical unless the text says students stay away.
_MEETINGS = frozenset({"les", "lessen", "de les", "in de les", "tijdens de les", "bijeenkomst",
                       "bijeenkomsten", "college", "colleges", "lesuur", "lesuren", "sessie",
                       "sessies", "workshop", "workshops", "contacturen", "contacttijd",
                       "lesdag", "lesdagen", "hoorcollege", "hoorcolleges", "werkcollege",
                       "werkcolleges", "gastles", "gastcollege", "theorieles", "seminar",
                       "lecture", "werkgroep", "werkgroepen", "tutorgroep", "mentoruur",
                       "tutoruur", "klassikaal", "klassikale", "contactmoment",
                       "contactmomenten"})
#: Online words that mean a live (synchronous) meeting.
_LIVE = frozenset({"live", "zoom", "on zoom", "via zoom", "webinar", "webinars", "videobellen",
                   "videocall", "video call", "livestream", "inbellen", "google meet", "webex",
                   "teamscall", "teams call", "tegelijk", "tegelijkertijd", "gelijktijdig",
                   "live stream", "dial in", "meekijken", "kijken mee", "kijkt mee"})
_ASYNC = frozenset({"in hun eigen tijd", "in eigen tijd", "eigen tempo", "forum", "fora",
                    "discussieforum", "kennisclip", "kennisclips", "elearning", "e learning",
                    "emodule", "onlinemodule", "thuis", "vooraf", "na afloop", "podcast",
                    "vlog", "uploaden", "upload", "mail", "email", "blog", "wiki"})
#: A whole course online (no physical part) said in so many words.
_TOTAL_ONLINE = frozenset({"volledig online", "helemaal online", "alles online", "alleen online",
                           "fully online", "bijna alles online"})
#: An offline medium said to be the only one ("alleen uit het boek").
_ONLY = frozenset({"alleen", "enkel", "slechts", "uitsluitend", "only"})
#: Interaction words that are a link when negated: "die ik niet bespreek".
_LINK_VERBS = frozenset({"bespreken", "bespreek", "bespreekt", "besproken", "bespreking"})
#: Pattern signals (family -> signal) beside the criteria.
_PATTERN_FAMILIES: tuple[tuple[str, str], ...] = (
    ("corona", "corona"), ("kosten", "bezuiniging"), ("nieuw", "iets_nieuws"),
    ("al_goed", "al_goed"), ("schools", "verschoolsing"), ("afstand", "afstand"),
)
_ACTIVITY_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "offline", "tool",
                                "opname", "interactie", "gelijktijdig"})
_LINK_FAMILIES = frozenset({"samenhang", "volgorde", "koppeling"})
_PLACE_WORD_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "offline", "tool",
                                  "opname", "volgorde", "samenhang", "koppeling", "interactie",
                                  "groep_deel", "domein"})
#: Online words that name where a physical activity happens online, not a product of one.
_SELF_PLACES = frozenset({"online", "digitaal", "digitale", "teams", "msteams", "zoom",
                          "live", "op afstand", "livestream", "inbellen"})


@dataclass(frozen=True, slots=True)
class Lesson:
    """The analysis of one text: activities, signals (criteria + patterns) and evidence."""

    activities: tuple[Activity, ...]
    signals: dict[str, bool | None]
    evidence: dict[str, str | None]


@dataclass(slots=True)
class _Act:
    start: int
    end: int
    hits: list[Hit]
    place: str | None = None
    place_hit: Hit | None = None
    tools_in_class: bool = False


class _Reader:
    """One text's reading; methods share the view and the hits."""

    def __init__(self, view: TextView, hits: Sequence[Hit]) -> None:
        self.view = view
        hits = _unshadowed(hits)
        self.hits = hits
        self.live = [h for h in hits if not h.negated]
        self.loose = [h for h in self.live if h.family == "los"]
        tool_pos = {i for h in self.live if h.family == "tool" for i in range(h.start, h.end)}
        self.tool_pos = tool_pos
        self.place_words = {view.tokens[i] for h in hits if h.family in _PLACE_WORD_FAMILIES
                            for i in range(h.start, h.end)}

    # ------------------------------------------------------------------ quoting

    def quote(self, start: int, end: int) -> str:
        """The raw text of tokens [start, end), at most MAX_QUOTE characters."""
        spans = self.view.spans
        lo = spans[start][0]
        hi = spans[end - 1][1]
        if hi - lo > MAX_QUOTE:
            hi = max((e for _, e in spans[start:end] if e - lo <= MAX_QUOTE), default=lo)
            if hi <= lo:
                hi = lo + MAX_QUOTE
        return self.view.text[lo:hi]

    def hit_quote(self, h: Hit) -> str:
        return self.quote(h.start, h.end)

    def negation_quote(self, h: Hit) -> str:
        """The negated phrase with its negator ("niks online", "die ik niet bespreek")."""
        toks = self.view.tokens
        for j in range(h.start - 1, max(-1, h.start - 5), -1):
            if toks[j] in lexicon.NEGATORS:
                return self.quote(j, h.end)
        for j in range(h.end, min(len(toks), h.end + 8)):
            if toks[j] in lexicon.NEGATORS:
                return self.quote(h.start, j + 1)
        return self.hit_quote(h)

    # ------------------------------------------------------------------ activities

    def _counts_as_meeting(self, h: Hit) -> bool:
        if h.term not in _BARE_MEETING:
            return True
        toks = self.view.tokens
        j = h.start - 1
        if j >= 0 and toks[j] in _DETERMINERS:
            j -= 1
        return j >= 0 and toks[j] in _MEETING_PREPOSITIONS

    def is_reference(self, h: Hit) -> bool:
        """A physical place named as a point in time ("voor de praktijkles", "na het
        college"): a physical part exists, but it is not where this activity happens."""
        if h.family not in ("fysiek", "fysiek_zwak"):
            return False
        toks = self.view.tokens
        j = h.start - 1
        if j >= 0 and toks[j] in _DETERMINERS:
            j -= 1
        if j >= 0 and toks[j] == "aan" and j > 0 and toks[j - 1] == "voorafgaand":
            return True
        return j >= 0 and toks[j] in _TIME_PREPOSITIONS

    def _inside_loose(self, h: Hit) -> bool:
        return any(lo.start <= h.start and h.end <= lo.end for lo in self.loose)

    def _is_tool(self, h: Hit) -> bool:
        return h.family == "tool" or any(i in self.tool_pos for i in range(h.start, h.end))

    def activity(self, start: int, end: int) -> _Act:
        hits = [h for h in self.live if start <= h.start < end and not self.is_reference(h)]
        act = _Act(start, end, hits)
        online_at = [h.start for h in hits if h.family == "online"]
        strong = [h for h in hits if h.family == "fysiek" and self._counts_as_meeting(h)]
        weak = [h for h in hits if h.family == "fysiek_zwak" and self._counts_as_meeting(h)
                and not any(abs(p - h.start) <= 2 for p in online_at)]
        online = [h for h in hits if h.family == "online"]
        env = [h for h in online if not self._is_tool(h) and h.term not in lexicon.MEDIA_TERMS]
        media = [h for h in online if not self._is_tool(h) and h.term in lexicon.MEDIA_TERMS]
        media += [h for h in hits if h.family == "opname" and h.start not in online_at]
        tools = [h for h in hits if h.family == "tool"]
        away = [h for h in hits if h.family == "thuis"]
        offline = [h for h in hits if h.family == "offline"]
        devices = {h.term for h in tools} & lexicon.CLASSROOM_DEVICES
        if strong:
            act.place_hit = strong[0]
            act.place = "werkplek" if _is_workplace(strong[0]) else "fysiek"
            act.tools_in_class = act.place == "fysiek" and bool(media or tools) and not env
        elif env:
            act.place, act.place_hit = "online", _first(env + media)
        elif media or tools:
            if away or (media and not tools and not weak):
                act.place, act.place_hit = "online", (media or tools)[0]
            elif weak or devices:
                act.place, act.place_hit = "fysiek", (weak or tools)[0]
                act.tools_in_class = True
            else:
                act.tools_in_class = True  # a tool, nowhere said to be used out of class
        elif weak:
            act.place, act.place_hit = "fysiek", weak[0]
        elif away:
            act.place, act.place_hit = "thuis", away[0]
        elif offline:
            act.place, act.place_hit = "thuis", offline[0]  # paper work, out of class
        return act

    def timing(self, act: _Act) -> str | None:
        terms = {h.term for h in act.hits}
        if act.place == "online":
            if terms & _LIVE:
                return "synchroon"
            return "asynchroon"
        if act.place == "thuis":
            return "asynchroon"
        if act.place == "fysiek":
            return "synchroon"
        if terms & _ASYNC:
            return "asynchroon"
        return None

    def interaction_hits(self, hits: Sequence[Hit]) -> list[Hit]:
        return [h for h in hits if h.family == "interactie" and not h.negated
                and not self._inside_loose(h)]

    def solo_hits(self, hits: Sequence[Hit]) -> list[Hit]:
        solo = [h for h in hits if h.family == "solo" and not h.negated]
        solo += [h for h in hits if h.family == "interactie" and h.negated
                 and h.term not in _LINK_VERBS and not self._inside_loose(h)]
        return solo

    def interactie(self, act: _Act) -> bool | None:
        inside = [h for h in self.hits if act.start <= h.start < act.end]
        if self.interaction_hits(inside):
            return True
        if self.solo_hits(inside):
            return False
        return None


#: Sequence words that point forward: they link the activity they open to a later one.
_FORWARD = frozenset({"eerst", "vooraf", "voorafgaand", "van tevoren", "voor de les",
                      "voor de bijeenkomst", "before class", "beforehand"})


def _pointing_back(r: _Reader, acts: Sequence[_Act], placed: Sequence[_Act]) -> str | None:
    """A later activity that opens with a word pointing back ("die posten ze op het forum",
    "daarmee oefenen ze"): it works with what the one before produced."""
    if len(placed) < 2:
        return None
    toks = r.view.tokens
    for a in acts[1:]:
        i = a.start
        while i < a.end - 1 and toks[i] in _LEADING:
            i += 1
        if toks[i] in _ANAPHORA and a.start > placed[0].start:
            return r.quote(i, min(a.end, i + 3))
    return None


def _links_two(h: Hit, placed: Sequence[_Act], parts: int) -> bool:
    """A weak link word links two parts with a place: a sequence word ("daarna",
    "vooraf") anywhere, a word of working with results ("bespreken") in a later one."""
    if parts < 2:
        return False
    if h.family == "volgorde" or not placed:
        return True
    first = placed[0]
    return not (first.start <= h.start < first.end) or len(placed) < 2


def _shared_work(r: _Reader, placed: Sequence[_Act]) -> str | None:
    """Two activities in different places about the same thing: a content word of the
    first comes back in a later one ("een voorbeeld" ... "het beste voorbeeld"), or a
    physical activity works with an online product ("de forumvragen uitwerken")."""
    if len(placed) < 2 or len({a.place for a in placed}) < 2:
        return None
    toks = r.view.tokens
    seen: dict[str, str | None] = {}
    for a in placed:
        words = {t for t in toks[a.start:a.end] if len(t) >= 6 and t not in lexicon.COMMON_WORDS
                 and t not in r.place_words}
        for i in range(a.start, a.end):
            t = toks[i]
            if t in words and seen.get(t) not in (None, a.place) and any(
                toks[j] in _DEFINITE for j in range(max(a.start, i - 2), i)
            ):
                return r.quote(max(a.start, i - 2), i + 1)
        for t in words:
            seen.setdefault(t, a.place)
    for a in placed[1:]:
        if a.place != "fysiek":
            continue
        for h in a.hits:
            if h.family == "online" and not r._is_tool(h) and h.term not in _SELF_PLACES:
                return r.hit_quote(h)
    return None


def _is_workplace(h: Hit) -> bool:
    if h.term in lexicon.WORKPLACE_TERMS:
        return True
    return any(h.term.startswith(p) for p in lexicon.WORKPLACE_PREFIXES)


def _first(hits: Sequence[Hit]) -> Hit | None:
    return min(hits, key=lambda h: h.start) if hits else None


def read_lesson(view: TextView, hits: Sequence[Hit], split: Hit | None) -> Lesson:
    """Analyse one text. ``split`` is the rule layer's split-group finding (or None)."""
    r = _Reader(view, hits)
    hits = r.hits
    acts: list[_Act] = []
    for start, end in segments(view, r.live):
        act = r.activity(start, end)
        if any(h.family in _ACTIVITY_FAMILIES for h in act.hits):
            acts.append(act)
    activities = tuple(
        Activity(_activity_text(r, a), a.place, r.timing(a), r.interactie(a))  # type: ignore[arg-type]
        for a in acts
    )
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
    total_online = [h for h in live if h.term in _TOTAL_ONLINE]
    references = [h for h in live if r.is_reference(h)]
    located = [a for a in physical if a.place_hit and a.place_hit.term not in _MEETINGS]
    denied_place = neg.get("fysiek") or neg.get("fysiek_zwak")
    if denied_place and physical and not located:
        # "naar school komen ze niet": the werkcollege they mention meets online
        put("fysiek", False, r.negation_quote(denied_place[0]))
    elif physical and physical[0].place_hit is not None:
        put("fysiek", True, r.hit_quote(physical[0].place_hit))
    elif references:
        put("fysiek", True, r.quote(max(0, references[0].start - 2), references[0].end))
    elif neg.get("fysiek") or neg.get("fysiek_zwak"):
        put("fysiek", False, r.negation_quote((neg.get("fysiek") or neg["fysiek_zwak"])[0]))
    elif total_online:
        put("fysiek", False, r.hit_quote(total_online[0]))
    else:
        put("fysiek", None, None)

    # online ---------------------------------------------------------------------------
    away_text = bool(fam.get("thuis")) or any(a.place in ("online", "thuis") for a in acts)
    online_hit: Hit | None = None
    for a in acts:
        if a.place == "online":
            online_hit = a.place_hit
            break
    if online_hit is None:
        for a in acts:
            env = [h for h in a.hits if h.family == "online" and not r._is_tool(h)
                   and (h.term not in lexicon.MEDIA_TERMS or away_text
                        or a.place != "fysiek")]
            if env:
                online_hit = env[0]
                break
    tools = fam.get("tool", [])
    offline = fam.get("offline", [])
    only_offline = [h for h in offline if h.start > 0 and any(
        view.tokens[j] in _ONLY for j in range(max(0, h.start - 4), h.start))]
    if online_hit is not None:
        put("online", True, r.hit_quote(online_hit))
    elif neg.get("online") or neg.get("tool"):
        put("online", False, r.negation_quote((neg.get("online") or neg["tool"])[0]))
    elif only_offline:
        put("online", False, r.quote(only_offline[0].start - 1, only_offline[0].end))
    elif tools or any(a.tools_in_class for a in acts):
        first_tool = _first(tools) or _first(
            [h for a in acts if a.tools_in_class for h in a.hits if h.family == "online"])
        put("online", False, r.hit_quote(first_tool) if first_tool else None)
    else:
        put("online", None, None)

    # samenhang ------------------------------------------------------------------------
    negated_links = [h for h in negated if h.family in _LINK_FAMILIES
                     or (h.family == "interactie" and h.term in _LINK_VERBS)]
    strong_links = [h for h in live if h.family == "samenhang" and not r._inside_loose(h)]
    placed = [a for a in acts if a.place]
    parts = len(placed) + (1 if references and not physical else 0)
    weak_links = [h for h in live if h.family in ("volgorde", "koppeling")
                  and not r._inside_loose(h) and _links_two(h, placed, parts)]
    links = sorted(strong_links + weak_links, key=lambda h: h.start)
    back = _pointing_back(r, acts, placed) or _shared_work(r, placed)
    nothing_else = [h for h in fam.get("verder_niets", []) if " " in h.term]
    if r.loose:
        put("samenhang", False, r.hit_quote(_first(r.loose)))  # type: ignore[arg-type]
    elif negated_links:
        put("samenhang", False, r.negation_quote(_first(negated_links)))  # type: ignore[arg-type]
    elif nothing_else:
        put("samenhang", False, r.hit_quote(nothing_else[0]))
    elif links:
        put("samenhang", True, r.hit_quote(_first(links)))  # type: ignore[arg-type]
    elif back is not None:
        put("samenhang", True, back)
    else:
        put("samenhang", None, None)

    # interactie -----------------------------------------------------------------------
    inter = r.interaction_hits(hits)
    solo = r.solo_hits(hits)
    if inter:
        put("interactie", True, r.hit_quote(_first(inter)))  # type: ignore[arg-type]
    elif solo:
        h = _first(solo)
        put("interactie", False, r.negation_quote(h) if h.negated else r.hit_quote(h))  # type: ignore[union-attr]
    else:
        put("interactie", None, None)

    # split group ----------------------------------------------------------------------
    turns = fam.get("afwisseling", [])
    if split is not None and not turns:
        put("gelijktijdig_gesplitst", True, r.hit_quote(split))
    elif split is not None or (turns and fam.get("groep_deel")):
        put("gelijktijdig_gesplitst", False, r.hit_quote(turns[0]))
    elif neg.get("gelijktijdig"):
        put("gelijktijdig_gesplitst", False, r.negation_quote(neg["gelijktijdig"][0]))
    elif signals["fysiek"] and signals["online"] and signals["samenhang"]:
        put("gelijktijdig_gesplitst", False, evidence["samenhang"])
    else:
        put("gelijktijdig_gesplitst", None, None)

    _patterns(r, fam, signals, evidence, put)
    return Lesson(activities, signals, evidence)


def _patterns(r: _Reader, fam: dict[str, list[Hit]], signals: dict[str, bool | None],
              evidence: dict[str, str | None], put) -> None:  # noqa: ANN001
    """The misconception patterns: tool only, recording only, emergency, savings ..."""
    split = signals["gelijktijdig_gesplitst"] is True
    linked = signals["samenhang"] is True
    only = fam.get("verder_niets", [])
    tools = fam.get("tool", [])
    tool_only = bool(tools) and signals["online"] is not True and not split
    put("alleen_tool", True if tool_only else None,
        r.hit_quote(_first(tools)) if tool_only else None)  # type: ignore[arg-type]
    recordings = fam.get("opname", [])
    rec_only = bool(recordings) and not linked and not split and (
        bool(only) or signals["interactie"] is not True
    )
    put("alleen_opname", True if rec_only else None,
        r.hit_quote(_first(recordings)) if rec_only else None)  # type: ignore[arg-type]
    for family, name in _PATTERN_FAMILIES:
        found = fam.get(family)
        put(name, True if found else None, r.hit_quote(_first(found)) if found else None)  # type: ignore[arg-type]


_SHADOWING = frozenset({"online", "samenhang", "tool", "los", "solo"})


def _unshadowed(hits: Sequence[Hit]) -> list[Hit]:
    """Drop a place word inside a longer phrase of another meaning: "classroom" in
    "flipped classroom" / "Google Classroom", "les" in "online les" stays to the rules."""
    longer = [h for h in hits if h.family in _SHADOWING and h.end - h.start > 1
              and len(h.term.split()) == h.end - h.start]
    if not longer:
        return list(hits)
    return [h for h in hits if not (
        h.family in ("fysiek", "fysiek_zwak", "interactie")
        and any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                for o in longer if o.family != h.family)
    )]


def _families(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for h in hits:
        out.setdefault(h.family, []).append(h)
    return out


_LEADING = frozenset({"en", "maar", "of", "dan", "want"})


def _activity_text(r: _Reader, a: _Act) -> str:
    """The activity's words as typed, without a leading 'en' / 'maar'."""
    start = a.start
    while start < a.end - 1 and r.view.tokens[start] in _LEADING:
        start += 1
    spans = r.view.spans
    return r.view.text[spans[start][0]:spans[a.end - 1][1]]
