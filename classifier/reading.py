"""Reading one activity: its place, timing and interaction, and quoting the input.

The shared machinery of the lesson analysis (:mod:`classifier.analysis`): the hits of a
text sorted by position, the activity a token range is, and exact quotes of the raw text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from classifier import lexicon
from classifier.hit_context import blended_clauses, undecided_places, unshadowed
from classifier.hits import Hit
from classifier.segment import PLACE_FAMILIES, TextView

#: Longest quote given as evidence (``shared/spec/classify.md``).
MAX_QUOTE = 80
_TIME_PREPOSITIONS = frozenset({"voor", "na", "voordat", "before", "after", "buiten",
                                "outside"})
_PLACE_WORD_FAMILIES = frozenset({"fysiek", "fysiek_zwak", "online", "thuis", "offline", "tool",
                                  "opname", "volgorde", "samenhang", "koppeling", "interactie",
                                  "groep_deel", "domein"})

_BARE_MEETING = frozenset({"les", "lessen", "de les", "college", "colleges", "sessie", "sessies",
                           "klas", "klassen"})
_MEETING_PREPOSITIONS = frozenset({"in", "tijdens", "op", "bij", "naar"})
_DETERMINERS = frozenset({"de", "het", "een", "mijn", "onze", "hun", "die", "deze", "elke",
                          "iedere", "zijn", "haar", "the", "a", "an", "each", "every", "their",
                          "my", "our"})
#: Online words that mean a live (synchronous) meeting.
_LIVE = frozenset({"live", "zoom", "on zoom", "via zoom", "webinar", "webinars", "videobellen",
                   "videocall", "video call", "livestream", "inbellen", "google meet", "webex",
                   "teamscall", "teams call", "tegelijk", "tegelijkertijd", "gelijktijdig",
                   "live stream", "dial in", "meekijken", "kijken mee", "kijkt mee",
                   "online meeting", "online meetings", "videogesprek", "videoconferentie"})
#: The end of an online word that names a live meeting ("teamsmeeting", "zoomvergadering").
_LIVE_ENDINGS = ("meeting", "meetings", "vergadering", "vergaderingen", "call", "calls")
#: Giving or holding a lesson or meeting: with its meeting word in an online activity, the
#: teacher teaches live online ("ik geef mijn les via Teams", "we houden de sessie online").
_GIVING = frozenset({"geef", "geeft", "geven", "gaf", "gaven", "houd", "hou", "houdt",
                     "houden", "hield", "hielden", "verzorg", "verzorgt", "verzorgen"})
_ASYNC = frozenset({"in hun eigen tijd", "in eigen tijd", "eigen tempo", "forum", "fora",
                    "discussieforum", "kennisclip", "kennisclips", "elearning", "e learning",
                    "emodule", "onlinemodule", "thuis", "vooraf", "na afloop", "podcast",
                    "vlog", "uploaden", "upload", "mail", "email", "blog", "wiki"})
#: Meetings named by their kind, not their room: online when the activity says so ("de
#: praktijkles doen we ook online").
_MEETING_KINDS = frozenset({"praktijkles", "praktijklessen", "theorieles", "werkcollege",
                            "werkcolleges", "hoorcollege", "hoorcolleges", "gastles",
                            "gastcollege", "workshop", "seminar", "lecture", "contactmoment",
                            "contactmomenten", "mentoruur", "tutoruur", "werkgroep",
                            "werkgroepen", "klassikaal", "klassikale", "coachingsgesprek"})
#: Online words that say where a meeting takes place.
_ONLINE_VENUES = frozenset({"online", "teams", "msteams", "zoom", "via zoom", "on zoom", "webex",
                            "google meet", "op afstand", "livestream", "videobellen",
                            "videocall", "video call"})
#: Words that make a bare lesson word a meeting that happens ("de volgende les").
_NEXT = frozenset({"volgende", "eerstvolgende", "vorige", "laatste", "next"})
_THEREAFTER = frozenset({"erna", "daarna", "daarop", "nadien", "after"})
_AFTER = frozenset({"na", "after"})
#: Words between a meeting named as a time and its room ("na de praktijkles in de werkplaats").
_ROOM_FILLERS = frozenset({"in", "op", "de", "het", "bij", "aan"})
#: How far before a room "thuis" may stand to put the room at home.
_HOME_REACH = 3
#: "thuis in een simulator", "thuis aan de keukentafel"; not "Veilig Thuis naar lokaal B1".
_AT_HOME_PREPOSITIONS = frozenset({"in", "op", "aan", "achter", "bij"})
_INTERACTION_PHRASES = frozenset(lexicon.PHRASES["interactie"])
#: How far into an activity its subject stands ("Ik bereid ...", "Daarna laat ik ...").
_SUBJECT_REACH = 4
#: Work in the students' own time: "ik geef async feedback in Miro".
_OWN_TIME = frozenset({"async", "asynchroon", "asynchrone", "asynchronous"})
_BEFOREHAND = frozenset({"vooraf", "van tevoren", "voorafgaand", "beforehand", "before class",
                         "ter voorbereiding", "als voorbereiding", "bereiden zich voor",
                         "bereiden ze zich voor", "voorbereiden"})
#: "na afloop zetten ze hun data in de app": after the session, out of class (unless the
#: clause names the lesson it is in).
_AFTERWARDS = frozenset({"na afloop", "achteraf", "afterwards"})
_POINTERS = frozenset({"die", "deze", "dat", "dit", "diezelfde", "dezelfde", "that", "this"})
_SOURCE_PREPOSITIONS = frozenset({"uit", "volgens", "van", "from"})
#: "blijft leeg", "staat leeg": a room nobody uses.
_EMPTY = frozenset({"leeg", "ongebruikt", "empty"})
_STAYING = frozenset({"blijft", "blijven", "staat", "staan", "bleef", "is", "stays"})
_EMPTY_REACH = 6
_CLOSURE = ("dicht", "gesloten", "sluiting", "closed")
_VIRTUAL = frozenset({"virtueel", "virtuele", "online", "digitaal", "digitale", "virtual"})
#: Prepositions that make the place after them the topic of the work, within a few words.
_TOPIC_PREPOSITIONS = frozenset({"over", "about"})
_TOPIC_REACH = 5
#: Interaction words that are a link when negated: "die ik niet bespreek".
LINK_VERBS = frozenset({"bespreken", "bespreek", "bespreekt", "besproken", "bespreking"})
@dataclass(slots=True)
class Act:
    start: int
    end: int
    hits: list[Hit]
    place: str | None = None
    place_hit: Hit | None = None
    tools_in_class: bool = False
    #: Online things shown on a classroom device ("op het digibord een online database
    #: laten zien") or used on the students' devices in the room ("in de klas op hun laptop
    #: in de online wettenbundel"): ICT in class, not an online part (Curio note,
    #: misconception 2).
    shown_in_class: bool = False


class Reader:
    """One text's reading; methods share the view and the hits."""

    def __init__(self, view: TextView, hits: Sequence[Hit]) -> None:
        self.view = view
        hits = unshadowed(hits)
        undecided = undecided_places(view, hits)
        if undecided:
            hits = [h for h in hits if h.start not in undecided]
        hits.sort(key=lambda h: h.start)
        self.hits = hits
        self.live = [h for h in hits if not h.negated]
        self._hit_starts = [h.start for h in hits]
        self._live_starts = [h.start for h in self.live]
        self.loose = [h for h in self.live if h.family == "los"]
        tool_pos = {i for h in self.live if h.family == "tool" for i in range(h.start, h.end)}
        self.tool_pos = tool_pos
        #: Positions of quiz/test words that an activity reads as work on paper.
        self.paper_work: set[int] = set()
        self.place_words = {view.tokens[i] for h in hits if h.family in _PLACE_WORD_FAMILIES
                            for i in range(h.start, h.end)}
        self._after_time_points = self._rooms_of_time_points()
        self._denied_interaction = any(
            h.family == "solo" or (h.family == "interactie" and h.negated) for h in hits)
        self.question_clause = blended_clauses(view, {h.start for h in hits if h.family in
                                                       PLACE_FAMILIES - {"fysiek_zwak"}})

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

    def counts_as_meeting(self, h: Hit) -> bool:
        if h.term not in _BARE_MEETING:
            return True
        toks = self.view.tokens
        if h.start > 0 and toks[h.start - 1] in _NEXT:
            return True
        if h.end < len(toks) and toks[h.end] in _THEREAFTER:
            return True  # "de les erna beginnen we met ...": the next lesson, a meeting
        j = self._index_before(h)
        return j >= 0 and toks[j] in _MEETING_PREPOSITIONS

    def is_reference(self, h: Hit) -> bool:
        """A physical place named as a point in time ("voor de praktijkles", "na het
        college"): a physical part exists, but it is not where this activity happens."""
        if h.family not in ("fysiek", "fysiek_zwak"):
            return False
        if self._time_point(h):
            return True
        # "na de praktijkles in de werkplaats": the room of that point in time
        return h.start in self._after_time_points

    def _rooms_of_time_points(self) -> frozenset[int]:
        """Where a room may start right after a meeting named as a time ("na de praktijkles
        | in de werkplaats"): the end of each such meeting and the fillers after it."""
        toks = self.view.tokens
        out: set[int] = set()
        for o in self.live:
            if o.family in ("fysiek", "fysiek_zwak") and self._time_point(o):
                j = o.end
                out.add(j)
                while j < len(toks) and toks[j] in _ROOM_FILLERS:
                    j += 1
                    out.add(j)
        return frozenset(out)

    def _index_before(self, h: Hit) -> int:
        """Where the word before a hit stands, past one determiner ("in | de les", "na | het
        college"); -1 at the start of the text."""
        j = h.start - 1
        if j >= 0 and self.view.tokens[j] in _DETERMINERS:
            j -= 1
        return j

    def _time_point(self, h: Hit) -> bool:
        toks = self.view.tokens
        j = self._index_before(h)
        if j >= 0 and toks[j] == "aan" and j > 0 and toks[j - 1] == "voorafgaand":
            return True
        return j >= 0 and toks[j] in _TIME_PREPOSITIONS

    def is_topic(self, h: Hit) -> bool:
        """A place named as the subject of the work ("een poll over hun ervaringen op
        stage", "een e-learning over de werkplek"): not where the activity happens. The same
        for what students do: "een artikel over het begeleiden van een groepje"."""
        if h.family not in ("fysiek", "fysiek_zwak", "interactie"):
            return False
        toks = self.view.tokens
        for j in range(h.start - 1, max(-1, h.start - 1 - _TOPIC_REACH), -1):
            if self.view.break_before[j + 1] or toks[j] in LEADING or (
                    toks[j] in lexicon.CLAUSE_BREAKS):
                return False  # the clause starts here ("... vragen over. In het lokaal")
            if toks[j] in _TOPIC_PREPOSITIONS:
                return True
            if toks[j] == "van" and self._online_ends_near(j):
                return True  # "een virtuele tour van een distributiecentrum"
        return False

    def is_source(self, h: Hit) -> bool:
        """Earlier work pointed back to as a source ("de planten uit die online les",
        "volgens die module"): where it came from, not where this activity happens."""
        if h.family not in ("online", "tool", "fysiek_zwak"):
            return False
        toks = self.view.tokens
        j = h.start - 1
        if j > 0 and toks[j] in _VIRTUAL:  # "uit die online les"
            j -= 1
        return j > 0 and toks[j] in _POINTERS and toks[j - 1] in _SOURCE_PREPOSITIONS \
            and not self.view.break_before[j]

    def _closed(self, h: Hit) -> bool:
        """A building said to be shut ("toen ons gebouw drie weken dicht moest"): the place
        is what the lessons could not use."""
        if any(o.family == "corona" and h.end <= o.start <= h.end + 6
               and any(w in o.term for w in _CLOSURE) for o in self.live):
            return True
        # "door de verbouwing is ons gebouw drie weken dicht": a closure word of its own
        # after the place, in a text that names why the building closed
        toks, breaks = self.view.tokens, self.view.break_before
        if any(o.family == "corona" for o in self.live) and any(
                toks[j] in _CLOSURE for j in range(h.end, min(len(toks), h.end + 6))):
            return True
        # "lokaal 2.14 blijft dit blok leeg": a room said to stay empty is not used
        for j in range(h.end, min(len(toks), h.end + _EMPTY_REACH)):
            if breaks[j] and j > h.end:
                return False
            if toks[j] in _EMPTY and any(t in _STAYING for t in toks[h.end:j]):
                return True
        return False

    def _virtual(self, h: Hit) -> bool:
        """A room that is online: "een virtueel lab", "het online klaslokaal"."""
        toks, breaks = self.view.tokens, self.view.break_before
        # not across punctuation: "een online quiz. Op school bespreken we ..."
        return any(toks[j] in _VIRTUAL and not any(breaks[j + 1:h.start + 1])
                   for j in range(max(0, h.start - 2), h.start))

    def _online_ends_near(self, j: int) -> bool:
        """An online or recording word ends right before position ``j`` (two words)."""
        return any(h.family in ("online", "opname") and j - 2 <= h.end <= j
                   for h in self.live)

    def is_home_room(self, h: Hit) -> bool:
        """A room of the student's own home: "in de eigen keuken", "de keuken thuis"."""
        if h.family not in ("fysiek", "fysiek_zwak") or h.term in lexicon.WORKPLACE_TERMS:
            return False
        toks = self.view.tokens
        j = h.start - 1
        if j >= 0 and toks[j] in ("eigen", "own"):
            return True
        if h.end < len(toks) and toks[h.end] in ("thuis", "at") and (
                toks[h.end] == "thuis" or tuple(toks[h.end + 1:h.end + 2]) == ("home",)):
            return True
        # "thuis in een simulator", "thuis in de garage": the room is at home; not "thuis en
        # op school" (two places) nor "op school" itself
        lo = max(0, h.start - _HOME_REACH)
        at = next((k for k in range(h.start - 1, lo - 1, -1) if toks[k] == "thuis"), None)
        return at is not None and toks[at + 1] in _AT_HOME_PREPOSITIONS \
            and not {"school", "les", "campus"} & set(h.term.split()) \
            and not any(self.view.break_before[k] for k in range(at + 1, h.start + 1))

    def inside_loose(self, h: Hit) -> bool:
        return bool(self.loose) and any(
            lo.start <= h.start and h.end <= lo.end for lo in self.loose
        )

    def is_tool(self, h: Hit) -> bool:
        return h.family == "tool" or any(i in self.tool_pos for i in range(h.start, h.end))

    def activity(self, start: int, end: int) -> Act:
        lo, hi = bisect_left(self._live_starts, start), bisect_left(self._live_starts, end)
        window = self.live[lo:hi]
        hits = [h for h in window if not self.is_reference(h) and not self.is_topic(h)
                and not self.is_source(h)]
        home_rooms = [h for h in hits if self.is_home_room(h)]
        hits = [h for h in hits if h not in home_rooms]
        hits += [Hit("thuis", h.term, h.start, h.end, False) for h in home_rooms]
        # "een quiz op papier": a paper medium makes a quiz or test offline work
        if any(h.family == "offline" for h in hits):
            paper = [h for h in hits if h.family in ("online", "tool")
                     and lexicon.paper_able(h.term)]
            self.paper_work.update(h.start for h in paper)
            hits = [h for h in hits if h not in paper]
        act = Act(start, end, hits)
        recorded_at = {h.start for h in hits if h.family == "opname"}
        online_at = [h.start for h in hits if h.family == "online" and h.start not in recorded_at]
        venue = any(h.family == "online" and h.term in _ONLINE_VENUES for h in hits)
        strong = [h for h in hits if h.family == "fysiek" and self.counts_as_meeting(h)
                  and not (venue and h.term in _MEETING_KINDS) and not self._virtual(h)
                  and not self._closed(h)]
        weak = [h for h in hits if h.family == "fysiek_zwak" and self.counts_as_meeting(h)
                and not any(abs(p - h.start) <= 2 for p in online_at)]
        # "nemen ze mee naar de les": going to a meeting is going to the room
        strong += [h for h in weak if self._towards(h) and h not in strong]
        online = [h for h in hits if h.family == "online"]
        env = [h for h in online if not self.is_tool(h) and h.term not in lexicon.MEDIA_TERMS
               and h.start not in recorded_at]
        media = [h for h in online if not self.is_tool(h) and h.term in lexicon.MEDIA_TERMS]
        media += [h for h in hits if h.family == "opname" and h.start not in online_at]
        tools = [h for h in hits if h.family == "tool"]
        away = [h for h in hits if h.family == "thuis"]
        # "voor de les zetten ze hun vragen in Mentimeter": before or after a meeting is
        # out of class, like at home
        out_of_class = any(self.is_reference(h) and self._before_or_after(h) for h in window)
        # "vooraf doen ze in de plantenapp een quiz": before the lesson is out of class too,
        # unless it is the teacher's own preparation ("ik bereid mijn lessen voor met ...")
        out_of_class = out_of_class or (not self.teachers_own(start, end) and (any(
            h.family in ("volgorde", "samenhang") and (
                h.term in _BEFOREHAND or (h.term in _AFTERWARDS and not weak))
            for h in window
        ) or any(t in _OWN_TIME for t in self.view.tokens[start:end])))
        offline = [h for h in hits if h.family == "offline"]
        devices = {h.term for h in tools} & lexicon.CLASSROOM_DEVICES
        # "in de klas zoeken ze op hun laptop in de online wettenbundel": an online
        # environment on the students' own devices in the room is ICT in class too
        personal = bool(env) and bool({h.term for h in tools} & lexicon.PERSONAL_DEVICES) \
            and not (away or out_of_class)
        if strong:
            act.place_hit = strong[0]
            act.place = "werkplek" if is_workplace(strong[0]) else "fysiek"
            act.shown_in_class = act.place == "fysiek" and (
                (bool(devices) and not away) or personal)
            act.tools_in_class = act.place == "fysiek" and bool(media or tools) and (
                not env or act.shown_in_class)
        elif weak and ((devices and not away) or personal):
            # "in de les laat ik op het digibord ... zien", "in de les op de Chromebook"
            act.place, act.place_hit = "fysiek", weak[0]
            act.shown_in_class = act.tools_in_class = True
        elif env:
            act.place, act.place_hit = "online", first(env + media)
        elif media or tools:
            if away or out_of_class or (media and not tools and not weak):
                act.place, act.place_hit = "online", (media or tools)[0]
            elif weak or devices:
                act.place, act.place_hit = "fysiek", (weak or tools)[0]
                act.tools_in_class = True
            else:  # a tool, nowhere said to be used out of class, unless it could be
                # anywhere ("we gebruiken een app")
                act.tools_in_class = not place_neutral(tools) or bool(media)
        elif weak:
            act.place, act.place_hit = "fysiek", weak[0]
        elif away:
            act.place, act.place_hit = "thuis", away[0]
        elif offline:
            act.place, act.place_hit = "thuis", offline[0]  # paper work, out of class
        return act

    def _towards(self, h: Hit) -> bool:
        j = self._index_before(h)
        return j >= 0 and self.view.tokens[j] == "naar"

    def _before_or_after(self, h: Hit) -> bool:
        """ "voor de les", "na de les", "na elke lesrit": a point in time, not "voor elke
        klas" or "voor mijn les" (for it)."""
        toks = self.view.tokens
        if h.start < 2 or toks[h.start - 1] not in _DETERMINERS:
            return False
        return toks[h.start - 1] in ("de", "het", "the") or toks[h.start - 2] in _AFTER

    def teachers_own(self, start: int, end: int) -> bool:
        """The teacher is the one acting ("ik bereid ... voor", "ik laat ChatGPT ...")."""
        return "ik" in self.view.tokens[start:min(end, start + _SUBJECT_REACH)]

    def timing(self, act: Act) -> str | None:
        terms = {h.term for h in act.hits}
        if act.place == "online":
            if terms & _LIVE or any(t.endswith(_LIVE_ENDINGS) for t in terms):
                return "synchroon"
            if self._given_live(act, terms):
                return "synchroon"
            return "asynchroon"
        if act.place == "thuis":
            return "asynchroon"
        if act.place == "fysiek":
            return "synchroon"
        if terms & _ASYNC:
            return "asynchroon"
        return None

    def _given_live(self, act: Act, terms: set[str]) -> bool:
        """A lesson or meeting the teacher gives online, with no recording or own-time
        work named in the activity."""
        if terms & _ASYNC or any(h.family == "opname" for h in act.hits):
            return False
        tokens = self.view.tokens[act.start:act.end]
        return (any(h.family == "fysiek_zwak" for h in act.hits)
                and any(t in _GIVING for t in tokens))

    def interaction_hits(self, hits: Sequence[Hit]) -> list[Hit]:
        found = [h for h in hits if h.family == "interactie" and not h.negated
                 and not self.inside_loose(h) and not self.is_topic(h)]
        if found and self._denied_interaction:
            # "ze kijken naar een voorbeeldgesprek ... ze zeggen niks": a compound that only
            # contains an interaction word does not outweigh interaction said to be absent
            found = [h for h in found if h.term in _INTERACTION_PHRASES
                     and not self._denied_in_clause(h)]
        return found

    def _denied_in_clause(self, h: Hit) -> bool:
        """ "met elkaar of met mij is er geen enkele interactie": the partners named in the
        clause of a denial are what it denies."""
        breaks, toks = self.view.break_before, self.view.tokens

        def one_clause(a: int, b: int) -> bool:
            return not any(breaks[a:b + 1]) and not any(
                t in lexicon.CLAUSE_BREAKS for t in toks[a:b])
        return any(o.family == "solo" and not o.negated
                   and lexicon.NEGATORS.intersection(o.term.split()) and (
                       (h.end <= o.start and one_clause(h.end, o.start))
                       or (o.end <= h.start and one_clause(o.end, h.start)))
                   for o in self.live)

    def solo_hits(self, hits: Sequence[Hit]) -> list[Hit]:
        solo = [h for h in hits if h.family == "solo" and not h.negated]
        solo += [h for h in hits if h.family == "interactie" and h.negated
                 and h.term not in LINK_VERBS and not self.inside_loose(h)]
        return solo

    def interactie(self, act: Act) -> bool | None:
        lo = bisect_left(self._hit_starts, act.start)
        inside = self.hits[lo:bisect_left(self._hit_starts, act.end)]
        if self.interaction_hits(inside):
            return True
        if self.solo_hits(inside):
            return False
        return None


def is_workplace(h: Hit) -> bool:
    if h.term in lexicon.WORKPLACE_TERMS:
        return True
    return any(h.term.startswith(p) for p in lexicon.WORKPLACE_PREFIXES)


def place_neutral(tools: Sequence[Hit]) -> bool:
    """Only tools that say nothing of where they are used ("een app", "software")."""
    return all(h.term in lexicon.PLACE_NEUTRAL_TOOLS for h in tools)


def first(hits: Sequence[Hit]) -> Hit | None:
    return min(hits, key=lambda h: h.start) if hits else None


LEADING = frozenset({"en", "maar", "of", "dan", "want"})


def activity_text(r: Reader, a: Act) -> str:
    """The activity's words as typed, without a leading 'en' / 'maar'."""
    start = a.start
    while start < a.end - 1 and r.view.tokens[start] in LEADING:
        start += 1
    spans = r.view.spans
    return r.view.text[spans[start][0]:spans[a.end - 1][1]]
