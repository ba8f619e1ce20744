"""Which sector a teacher's text is about, so that a card can show examples that fit.

Plain word lists per sector (Dutch stems, compounds and the usual mbo/hbo programme names),
matched on a normalised text: lower case, accents and apostrophes dropped, hyphens and slashes
as spaces. Words that are also everyday Dutch ("zorg dat", "bouwen op", "ICT inzetten", "de
juiste techniek", "klassen") only count in a sector phrase. A longer word with one typo still
counts (rapidfuzz). The sector named most wins; on a tie, the one named first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Literal, get_args

from rapidfuzz import fuzz, process

GENERAL = "algemeen"
#: The sectors a card can have its own examples for (all but the general one).
ExampleSector = Literal["zorg", "techniek", "economie", "ict", "horeca"]
EXAMPLE_SECTORS: tuple[str, ...] = get_args(ExampleSector)
#: Sector ids in a fixed order; ``algemeen`` is the card's own (general) example.
SECTORS: tuple[str, ...] = (GENERAL, *EXAMPLE_SECTORS)
#: How a sector reads in a Dutch sentence.
SECTOR_LABELS: dict[str, str] = {
    "algemeen": "algemeen",
    "zorg": "zorg en welzijn",
    "techniek": "techniek",
    "economie": "economie en administratie",
    "ict": "ICT",
    "horeca": "horeca en toerisme",
}

#: Only the start of a very long text is read (sector words come early in a description).
MAX_CHARS = 4000
#: Typo tolerance: whole words of at least this length, compared with fuzz.ratio.
_FUZZY_MIN_LEN = 7
_FUZZY_CUTOFF = 87.0

_PATTERNS: dict[str, tuple[str, ...]] = {
    "zorg": (
        r"\bverpleeg\w*", r"\bhbo v\b", r"\bverzorgende\w*", r"\b(?!dier)\w*verzorging\b",
        r"\bvig\b",
        r"\bmz\b", r"\bmaatschappelijke? zorg\w*", r"\bkraam\w*", r"\b\w*welzijn\w*",
        r"\bpedagog\w*\b(?! (didact|klimaat|handel|vaardig|kwalit|aanpak))", r"\bkinderopvang\w*",
        r"\b(ouderen|thuis|jeugd|gehandicapten|gezondheids|wond|mond|ziekenhuis|ggz)zorg\w*",
        r"\bzorg(opleiding|sector|student|vrager|plan|instelling|medewerker|verlen|dossier"
        r"|domein|richting|professional|technolog|centrum|assistent)\w*",
        r"\b(in|bij|binnen) de zorg\b", r"\bbij zorg\b", r"\bzorg (en|&) welzijn\b",
        r"\b(opleiding|sector|domein|afdeling|docent|studenten|student|helpende) zorg\b",
        r"\bggz\b", r"\bclient(en)?\b(?! ?server)", r"\bpatient\w*",
        r"\bbewoners?\b", r"\bdementie\w*", r"\bmedicatie\w*", r"\bmedicijn\w*",
        r"\btil\w*techniek",
        r"\btillen\b", r"\bskillslab\w*", r"\bziekenhuis\w*", r"\bverpleeghuis\w*",
        r"\b(doktersassistent|apothekersassistent|tandartsassistent)\w*", r"\bfysiotherap\w*",
        r"\bsociaal werk\w*", r"\bsocial work\w*", r"\bmaatschappelijk werk\w*",
        r"\bpersoonlijk begeleider\w*", r"\bpeuter\w*", r"\banamnese\b", r"\bbloeddruk\w*",
        r"\bmondzorg\w*", r"\bwondverzorging\b", r"\bzorgvrager\w*",
    ),
    "techniek": (
        r"\bele[kc]trotechn\w*", r"\bele[kc]tro\b", r"\belektromonteur\w*",
        r"\belektricien\w*", r"\bwerktuigbouw\w*", r"\bbouwkund\w*", r"\bbouw\b",
        r"\bbouwplaats\w*", r"\bbouwtechn\w*", r"\bbouw en infra\b", r"\binstallatie ?techn\w*",
        r"\binstallatie ?monteur\w*", r"\binstallateur\w*", r"\bmotorvoertuig\w*",
        r"\bauto ?techn\w*", r"\bauto ?monteur\w*", r"\b\w*monteur\w*", r"\bcnc\w*", r"\bplc\w*",
        r"\bmechatronica\b", r"\bmetsel\w*", r"\btimmer\w*",
        r"\b(?<!een )(?<!juiste )(?<!goede )(?<!deze )(?<!die )(?<!welke )(?<!zelfde )"
        r"(?<!nieuwe )(?<!andere )techniek\b(?! (van|om|voor het|bij het))",
        r"\btechniek(opleiding|onderwijs|student|docent|college|sector|afdeling)\w*",
        r"\btechnicus\b", r"\btechnici\b", r"\btechnische opleiding\w*", r"\bwerkplaats\w*",
        r"\bgroepenkast\w*", r"\bschakel(ing|schema|kast)\w*",
        r"\blas(sen|ser|sers|werk|naad|naden|techniek|opdracht\w*|praktijk|apparaat|les"
        r"|rook|cabine)\b", r"\bprocestechn\w*", r"\bmeubel\w*", r"\bhoutbewerk\w*",
        r"\bhout\b", r"\bdraaibank\w*", r"\bfrezen\b", r"\bpneumatiek\b", r"\bhydrauliek\b",
        r"\bzonnepane\w*", r"\bwarmtepomp\w*", r"\bcv ketel\w*", r"\bmotorblok\w*",
    ),
    "economie": (
        r"\b\w*economie\b", r"\bboekhoud\w*", r"\b\w*administrati\w*", r"\bcommerc\w*",
        r"\b\w*marketing\w*", r"\bretail\w*", r"\bverkoop\w*", r"\bverkoper\w*",
        r"\b\w*winkel\w*", r"\bsupermarkt\w*", r"\bondernem\w*", r"\bbtw\b", r"\bfactu\w*",
        r"\bdebiteur\w*", r"\bcrediteur\w*", r"\bjaarrekening\w*", r"\bgrootboek\w*",
        r"\baccountan\w*", r"\bfinanciele administratie\b", r"\bbedrijfskund\w*", r"\bsales\b",
        r"\bklantenservice\w*", r"\bmarkt(analyse|onderzoek|vorm|aandeel)\w*",
        r"\bbreak ?even\w*", r"\brendab\w*", r"\bkostprijs\w*", r"\bsecretar\w*",
        r"\boffice manag\w*", r"\bmanagementassistent\w*", r"\bpersoneelszaken\b", r"\bhrm\b",
        r"\bbalans en resultaat\w*", r"\bwinst en verlies\w*", r"\bsalarisadministratie\w*",
        r"\bfinancieel medewerker\w*", r"\bbankzaken\b", r"\bbedrijfsadministra\w*",
    ),
    "ict": (
        # ICT alone is mostly the tool ("ICT inzetten"): only a programme phrase counts.
        r"\bict (opleiding|student|er|ers|beheer|richting|klas|docent|lyceum|academie|campus"
        r"|vak|niveau|beroep|studie)\w*", r"\bicters?\b",
        r"\b(opleiding|opleidingen|studenten|student|docent|docenten|richting|bij|mbo|hbo) ict\b",
        r"\bsoftware ?(develop|engineer|ontwikkel|bouw|schrijv|test)\w*", r"\bprogrammeer\w*",
        r"\bprogrammeren\b", r"\bprogrammeur\w*",
        r"\bcoderen\b", r"\bbroncode\b", r"\bnetwerkbeheer\w*", r"\bnetwerkopstelling\w*",
        r"\bnetwerkstoring\w*", r"\bnetwerktechn\w*", r"\bapplicatie ?ontwikkel\w*",
        r"\bapps? (bouwen|ontwikkel\w*|bouwt)\b", r"\bwebdevelop\w*", r"\bweb develop\w*",
        r"\bfront ?end\w*", r"\bback ?end\w*", r"\bdatabase\w*", r"\bsql\b", r"\bpython\b",
        r"\bjava(script)?\b", r"\bhtml\b", r"\bcss\b", r"\bsubnet\w*", r"\bservers?\b",
        r"\bcyber ?security\b", r"\bsysteembeheer\w*", r"\binformatica\b", r"\bgame ?develop\w*",
        r"\bit opleiding\w*", r"\bcode (schrijven|review)\w*",
        r"\bbugs?\b", r"\blinux\b", r"\brouters?\b", r"\bswitches\b", r"\bdevops\b",
    ),
    "horeca": (
        r"\bkoks?\b", r"\bkoken\b", r"\bkook\w*", r"\b\w*keuken\w*", r"\bgastheer\w*",
        r"\bgastvrouw\w*", r"\bbediening\w*", r"\b\w*hotel\w*", r"\bhoreca\w*", r"\btoeris\w*",
        r"\breisleid\w*", r"\breisbureau\w*", r"\brecreatie\w*", r"\breceptie\w*",
        r"\breceptionist\w*", r"\b\w*restaurant\w*", r"\bhospitality\b", r"\bmise en place\b",
        r"\bmenukaart\w*", r"\bgerecht(en)?\b", r"\brecept(en|uur)\b", r"\bsommelier\w*",
        r"\bpatiss\w*", r"\bbanket\w*", r"\bbakker\w*", r"\bbarista\w*", r"\bbarkeeper\w*",
        r"\bbartender\w*", r"\bgasten (ontvangen|bedienen|ontvangst)\b", r"\bcamping\w*",
        r"\bvakantiepark\w*",
        r"\breisleider\w*", r"\bhousekeeping\b", r"\bfront office\b", r"\bevenementenbureau\w*",
        r"\bbrigade\b", r"\bzelfstandig werkend kok\b",
    ),
}

#: Longer words that are matched with one typo as well (whole words, not compounds).
_TYPO_WORDS: dict[str, str] = {
    **dict.fromkeys(("verpleegkunde", "verpleegkundige", "verpleegkundigen", "verzorgende",
                     "verzorgenden", "kraamzorg", "pedagogiek", "kinderopvang", "welzijn",
                     "doktersassistent", "ouderenzorg", "gehandicaptenzorg"), "zorg"),
    **dict.fromkeys(("elektrotechniek", "werktuigbouwkunde", "werktuigbouw", "bouwkunde",
                     "installatietechniek", "motorvoertuigentechniek", "mechatronica",
                     "werkplaats", "elektricien", "installateur"), "techniek"),
    **dict.fromkeys(("boekhouden", "boekhouding", "administratie", "bedrijfseconomie",
                     "commercie", "marketing", "bedrijfsadministratie", "economie",
                     "ondernemer", "ondernemerschap"), "economie"),
    **dict.fromkeys(("programmeren", "programmeur", "applicatieontwikkeling",
                     "netwerkbeheer", "systeembeheer", "softwaredeveloper", "informatica"),
                    "ict"),
    **dict.fromkeys(("toerisme", "recreatie", "reisleider", "bediening", "restaurant",
                     "receptionist", "gastheer", "gastvrouw", "horeca"), "horeca"),
}


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    return {sector: re.compile("|".join(f"(?:{p})" for p in patterns))
            for sector, patterns in _PATTERNS.items()}


def _fold(text: str) -> str:
    """Case-folded ``text`` without accents ("één" -> "een"); ASCII text skips the Unicode
    decomposition, which is most of the cost."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case without accents or apostrophes; hyphens, slashes and dots become spaces."""
    plain = _fold(text)
    plain = re.sub(r"['’`´]", "", plain)
    plain = re.sub(r"[-/_.,;:!?()\[\]\"“”‘]+", " ", plain)
    return " ".join(plain.split())


def sector_mentions(text: str) -> dict[str, list[int]]:
    """Start offsets (in the normalised text) of every sector word found, per sector."""
    plain = normalise(text[:MAX_CHARS])
    found: dict[str, list[int]] = {}
    covered: list[tuple[int, int]] = []
    for sector, pattern in _compiled().items():
        spans = [m.span() for m in pattern.finditer(plain) if m.end() > m.start()]
        if spans:
            found[sector] = [start for start, _ in spans]
            covered += spans
    for match in re.finditer(r"\w+", plain):
        word, start = match.group(), match.start()
        if len(word) < _FUZZY_MIN_LEN or any(a <= start < b for a, b in covered):
            continue
        sector = _typo_sector(word)
        if sector is not None:
            found.setdefault(sector, []).append(start)
    return found


@cache
def _typo_candidates(length: int) -> tuple[str, ...]:
    return tuple(w for w in _TYPO_WORDS if abs(len(w) - length) <= 1)


@lru_cache(maxsize=8192)
def _typo_sector(word: str) -> str | None:
    """The sector of the typo word this word is one edit away from (same length +-1, so an
    inflection such as 'verzorgen' is not taken for 'verzorgende'). Cached: the same words
    come back in every lesson."""
    candidates = _typo_candidates(len(word))
    hit = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return _TYPO_WORDS[hit[0]] if hit is not None else None


def detect_sector(text: str) -> str:
    """The sector a text names most (first named on a tie); ``algemeen`` when it names none."""
    if not isinstance(text, str) or not text.strip():
        return GENERAL
    mentions = sector_mentions(text)
    if not mentions:
        return GENERAL
    return min(mentions, key=lambda s: (-len(mentions[s]), min(mentions[s])))
