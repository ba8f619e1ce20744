"""The fixed card ids of ``shared/spec/cards.md``. Renaming any of these breaks the contract."""

from __future__ import annotations

DEFINITION_IDS: frozenset[str] = frozenset(
    {
        "def-blended-leren",
        "def-blended-lesgeven",
        "def-blended-onderwijs",
        "def-synchroon-asynchroon",
        "def-leeromgevingen",
        "def-niveaus",
        "def-interactie",
        "def-mate-van-online",
        "def-aan-de-slag",
        "def-implementatie",
    }
)

#: In the order of the sources (the definition note, then the conversation cards).
MISCONCEPTION_ORDER: tuple[str, ...] = (
    "mis-bezuiniging",
    "mis-ict-inzet",
    "mis-video",
    "mis-iets-nieuws",
    "mis-al-goed",
    "mis-verschoolsing",
    "mis-afstandsleren",
    "mis-noodonderwijs",
    "mis-hybride",
)
MISCONCEPTION_IDS: frozenset[str] = frozenset(MISCONCEPTION_ORDER)

#: The toolkit's order: the order a redesign naturally follows.
TIP_ORDER: tuple[str, ...] = (
    "tip-leerdoelen",
    "tip-begin-klein",
    "tip-verbind",
    "tip-iets-erin-iets-eruit",
    "tip-niet-dubbel",
    "tip-vaardigheden",
    "tip-gebruik-wat-er-is",
    "tip-didactiek",
    "tip-creatief",
    "tip-begin-gewoon",
)
TIP_IDS: frozenset[str] = frozenset(TIP_ORDER)

#: The handreiking's order of the five recommendations.
ADVICE_ORDER: tuple[str, ...] = (
    "advies-definitie",
    "advies-visie",
    "advies-faciliteiten",
    "advies-professionalisering",
    "advies-afstemmen",
)
ADVICE_IDS: frozenset[str] = frozenset(ADVICE_ORDER)

#: Cards the classifier may answer with (tips and advice are broadcast content only).
ANSWER_CARD_IDS: frozenset[str] = DEFINITION_IDS | MISCONCEPTION_IDS
ALL_CARD_IDS: frozenset[str] = ANSWER_CARD_IDS | TIP_IDS | ADVICE_IDS

#: The card shown for a "blended" verdict.
BLENDED_CARD_ID = "def-blended-leren"

#: Source document titles, as cards cite them (never by file name).
SOURCE_TITLES: dict[str, str] = {
    "000": "Wat is blended leren? De definitie van het Curio leerlab Blended Herontwerp",
    "001": "Gesprekskaarten misconcepties",
    "002": "Definities blended leren, casuïstiek",
    "003": "Handreiking blended learning in het mbo (Practoraat Mediawijsheid)",
    "004": "Blended Learning Wave: toolkit voor herontwerp",
}
