"""The split-group pattern (hybrid): part of a group elsewhere at the same time.

One sentence that names a place here, a place elsewhere and a simultaneity word ("de rest
kijkt tegelijk online mee"), or a device that brings remote students in, is hybrid; a
sequence word in that sentence ("eerst online, daarna in de les") makes it one activity
after another instead.
"""

from __future__ import annotations

from classifier import lexicon
from classifier.hits import Hit

#: Simultaneity words strong enough on their own (with both places in the sentence).
STRONG_SIMULTANEITY = frozenset(
    {"tegelijk", "tegelijkertijd", "gelijktijdig", "terwijl", "op hetzelfde moment",
     "meekijken", "live meekijken", "kijken mee", "kijkt mee", "kijkt live mee",
     "kijken live mee", "meeluisteren", "luisteren mee", "luistert mee", "inbellen", "inbelt",
     "bellen in", "belt in", "inbellers", "livestream", "livestreamen", "streamen", "stream",
     "meedoen via", "doen mee via", "aansluiten via", "gestreamd", "streamt", "meekijkt",
     "aanschuiven", "schuiven aan", "tegelijk online", "at the same time", "simultaneously",
     "op datzelfde moment", "op dat zelfde moment", "mee met dezelfde uitleg"}
)
#: Devices that bring remote students into a room.
DEVICE_WORDS = frozenset(
    {"webcam", "camera", "cameras", "microfoon", "microfoons", "meeting owl", "teamscall",
     "teams call"}
)
#: Media that can carry a whole class online: in an emergency no sign of a split group.
_WHOLE_CLASS_MEDIA = frozenset({"livestream", "livestreamen", "streamen", "stream", "gestreamd",
                                "streamt"})
#: Online words that mean "somewhere else" (for the split-group pattern).
REMOTE_WORDS = frozenset(
    {"thuis", "van huis", "vanuit huis", "op afstand", "online", "teams", "msteams", "zoom",
     "webex", "google meet", "videobellen", "videocall", "inbellen", "livestream", "at home",
     "teamscall", "teams call", "chat", "stream", "de stream", "via de stream", "hotelkamer",
     "vanuit haar kamer", "vanuit zijn kamer", "vanuit hun kamer", "op trainingskamp",
     "vanuit het buitenland"}
)
_HYBRID_FORMS = frozenset({"les", "lessen", "lesgeven", "onderwijs", "leren", "klas", "college"})
_BLENDED_WORDS = frozenset({"blended", "blend"})
_COMPARE_SPAN = 4


def split_group(
    canon: list[str], sentence_of: list[int], hits: list[Hit], counts: dict[str, int],
    breaks: tuple[bool, ...],
) -> Hit | None:
    """The finding that shows part of a group elsewhere at the same time, or None."""
    named = {i for h in hits if h.family == "opname" and h.end - h.start > 1
             and len(h.term.split()) > 1 for i in range(h.start, h.end)}
    live = [h for h in hits if not h.negated and not (
        h.family != "opname" and h.start in named and h.end - 1 in named)]
    blended_at = [i for i, tok in enumerate(canon) if tok in _BLENDED_WORDS]
    # "er volgt niemand tegelijk op afstand een les": the text rules out what the word
    # "hybride" (a name, a question "blended of hybride?") would stand for
    simultaneity_denied = any(h.negated and h.family == "gelijktijdig" for h in hits)
    for h in live:
        if h.family == "hybride" and not simultaneity_denied:
            nxt = canon[h.end] if h.end < len(canon) else ""
            if "leeromgeving" in nxt:
                continue
            if nxt in _HYBRID_FORMS or h.term != "hybride":
                return h
            # "hybride en blended", "blended vs hybride": the two are being equated
            if any(abs(i - h.start) <= _COMPARE_SPAN for i in blended_at):
                return h
    group_part = counts.get("groep_deel", 0) > 0
    emergency = any(h.family == "corona" for h in live)
    by_sentence: dict[int, set[str]] = {}
    cue_of: dict[int, Hit] = {}
    for h in live:
        tags = by_sentence.setdefault(sentence_of[h.start], set())
        if h.family == "gelijktijdig" and h.term == "terwijl" and not _elsewhere_after(
                h, hits, canon, breaks):
            continue  # "terwijl ik rondloop", "terwijl zij luisteren": no second group
        if h.family == "gelijktijdig":
            cue_of.setdefault(sentence_of[h.start], h)
            if h.term in STRONG_SIMULTANEITY:
                tags.add("strong")
            elif h.term in DEVICE_WORDS:
                tags.add("device")
            else:
                tags.add("weak")
        elif h.family in ("fysiek", "fysiek_zwak"):
            tags.add("here")
        elif h.family in ("online", "thuis") and h.term in REMOTE_WORDS:
            tags.add("remote")
        elif h.family == "groep_deel":
            tags.add("part")
            cue_of.setdefault(sentence_of[h.start], h)
        elif h.family in ("samenhang", "volgorde"):
            tags.add("sequence")
    for sentence, tags in by_sentence.items():
        cue = cue_of.get(sentence)
        if "sequence" in tags and not group_part:
            continue  # "eerst online, daarna in de les": one activity after the other
        places = "here" in tags and "remote" in tags
        timing = bool(tags & {"strong", "weak", "device"})
        if places and ("strong" in tags or "device" in tags) and not (
                emergency and not group_part and cue is not None
                and cue.term in _WHOLE_CLASS_MEDIA | DEVICE_WORDS):
            return cue  # (in a lockdown a webcam or stream takes the whole class online)
        if places and timing and group_part and "sequence" not in tags:
            return cue
        near = "remote" in tags or "here" in tags
        if "part" in tags and near and timing and "sequence" not in tags:
            return cue
    return None


#: How many words after "terwijl" its clause may name where the other group is.
_WHILE_REACH = 8


def _elsewhere_after(h: Hit, hits: list[Hit], canon: list[str], breaks: tuple[bool, ...]
                     ) -> bool:
    """ "terwijl de rest thuis meekijkt", "terwijl drie studenten via Teams ...": the clause
    after "terwijl" names a place or a part of the group, so a second group may be there."""
    if canon[h.end:h.end + 1] == ["ik"]:
        return False
    end = h.end
    while end < min(len(canon), h.end + _WHILE_REACH) and canon[end] not in \
            lexicon.CLAUSE_BREAKS and not breaks[end]:
        end += 1
    return any(h.end <= o.start < end and o.family in (
        "fysiek", "fysiek_zwak", "online", "thuis", "groep_deel") for o in hits)
