"""Every Dutch phrase the bot says, in one place. Renderers and the handler read from here.

Short sentences, friendly, "je". Code that needs a phrase imports it; nothing user-facing is
spelled out anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping

from classifier.types import CORE_SIGNALS

# --- verdicts --------------------------------------------------------------------------------

VERDICT: dict[str, str] = {
    "blended": "Ja, dit is blended.",
    "niet_blended": "Nog niet blended.",
    "onduidelijk": "Dat kan ik nog niet zeggen.",
}
VERDICT_EMOJI: dict[str, str] = {"blended": "✅", "niet_blended": "🟠", "onduidelijk": "❔"}

# --- signals ---------------------------------------------------------------------------------

SIGNAL_LABEL: dict[str, str] = {
    "fysiek": "een fysiek deel (in de les, de werkplaats of op stage)",
    "online": "een online deel",
    "samenhang": "samenhang: online en fysiek bouwen op elkaar voort",
    "interactie": "interactie met elkaar, met jou of met de leerstof",
    "gelijktijdig_gesplitst": "een gesplitste groep tegelijk (deels in de klas, deels online)",
}
SAW_HEADING = "Wat ik zag"
MISSING_HEADING = "Wat ik (nog) niet zag"
SPLIT_WARNING = (
    "Ik zag een gesplitste groep tegelijk: deels in de klas, deels online. "
    "Dat is hybride leren, geen blend."
)
NOT_MENTIONED = "niet genoemd"
MARK_SEEN, MARK_MISSING, MARK_UNKNOWN = "✓", "✗", "?"


def signal_lines(signals: Mapping[str, bool | None]) -> tuple[list[str], list[str]]:
    """Split the signals into 'wat ik zag' and 'wat ontbrak' lines, in display order.

    The split-group signal is the odd one out: seeing it is bad news, so it is reported by
    ``pattern_notes`` and never listed as something positive or missing.
    """
    saw: list[str] = []
    missing: list[str] = []
    for name in CORE_SIGNALS:
        if name == "gelijktijdig_gesplitst" or name not in signals:
            continue
        label = SIGNAL_LABEL[name]
        value = signals[name]
        if value is True:
            saw.append(f"{MARK_SEEN} {label}")
        elif value is False:
            missing.append(f"{MARK_MISSING} {label}")
        else:
            missing.append(f"{MARK_UNKNOWN} {label} ({NOT_MENTIONED})")
    return saw, missing


#: What the rules saw that is the pattern of a misconception, said once in the "why".
#: Shown only on that misconception's own card (the split group: always, it is never good).
PATTERN_NOTES: dict[str, tuple[str, str]] = {
    "alleen_opname": ("mis-video", "Ik zag vooral opnames of video's, zonder een activiteit "
                      "die erop voortbouwt."),
    "alleen_tool": ("mis-ict-inzet", "Ik zag vooral een tool of apparaat, zonder een reeks "
                    "leeractiviteiten die op elkaar voortbouwen."),
    "corona": ("mis-noodonderwijs", "Ik zag online lessen als noodoplossing, zoals in de "
               "lockdown."),
    "afstand": ("mis-afstandsleren", "Ik zag vooral thuis of op afstand werken, met minder "
                "contact."),
    "bezuiniging": ("mis-bezuiniging", "Ik zag besparen (minder docenten, uren of klassen) "
                    "als doel."),
}


def pattern_notes(signals: Mapping[str, bool | None], card_id: str | None) -> list[str]:
    """The split-group warning and the note of the card's own misconception pattern."""
    notes = [SPLIT_WARNING] if signals.get("gelijktijdig_gesplitst") is True else []
    notes += [note for signal, (card, note) in PATTERN_NOTES.items()
              if card == card_id and signals.get(signal) is True]
    return notes


# --- answer card -----------------------------------------------------------------------------

SYNC_LABEL = "Synchroon:"
ASYNC_LABEL = "Asynchroon:"
EXAMPLES_HEADING = "Voorbeelden"
WHY_NOT_YET = "Waarom nog geen blend?"
SOURCE_PREFIX = "Bron:"
FEEDBACK_HELPFUL = "👍 Behulpzaam"
FEEDBACK_NOT_HELPFUL = "👎 Niet behulpzaam"
FEEDBACK_THANKS = "Bedankt voor je feedback!"
FEEDBACK_ALREADY = "Je had al feedback gegeven op deze kaart. Dank je!"
START_CHECK = "Start de readiness check"
TIPS_ON_BUTTON = "Wekelijkse tips aan"
UNSUBSCRIBE = "Afmelden"
HELP_BUTTON = "Wat kun je?"


def source_line(sources: list[str]) -> str:
    return f"{SOURCE_PREFIX} " + "; ".join(sources)


def why_not_yet(verdict_hint: str) -> str:
    return f"Omdat {verdict_hint}"


# --- follow-up questions ---------------------------------------------------------------------

FOLLOW_UP_QUESTION: dict[str, str] = {
    "online": "Doen je studenten ook iets online dat aansluit op de les?",
    "fysiek": "Komen je studenten ook fysiek samen, in de les, de werkplaats of op stage?",
    "samenhang": "Bouwen de online en de fysieke activiteiten op elkaar voort?",
    "interactie": "Werken je studenten daarbij samen, of met jou of de leerstof?",
    "gelijktijdig_gesplitst": "Zit een deel van de groep tegelijk online mee terwijl de rest "
    "in de klas zit?",
}
FOLLOW_UP_CHOOSE = "Bedoel je een van deze onderwerpen?"
FOLLOW_UP_GENERIC = (
    "Ik weet nog niet goed wat je bedoelt. Vertel iets meer: wat doen je studenten online, "
    "en wat in de les?"
)
FOLLOW_UP_INTRO = "Ik wil het goed beantwoorden. Een vraag:"
FOLLOW_UP_NEXT = "Dank je. Nog een vraag:"
ANSWER_YES, ANSWER_NO, ANSWER_UNKNOWN = "Ja", "Nee", "Weet ik niet"
NONE_OF_THESE = "Geen van deze"
NONE_CHOSEN = "Jammer. Stel je vraag nog eens anders, dan probeer ik het opnieuw."
FOLLOW_UP_EXPIRED = "Ik weet je vraag niet meer. Wil je hem opnieuw stellen?"
BEST_GUESS_NOTE = "Dit is mijn beste inschatting."


def alternative_label(title: str) -> str:
    return f"Bedoelde je: {title.rstrip('?')}?"


def choose_card_label(title: str) -> str:
    return f"Bedoel je: {title.rstrip('?')}?"

#: What an answer adds to the teacher's original text before it is classified again.
FOLLOW_UP_ADDITION: dict[str, dict[str, str]] = {
    "online": {
        "ja": "Studenten doen ook online opdrachten die aansluiten op de les.",
        "nee": "Studenten doen niets online.",
    },
    "fysiek": {
        "ja": "Studenten komen ook fysiek samen in de les op school.",
        "nee": "Er is geen fysieke les, alles is online.",
    },
    "samenhang": {
        "ja": "De online opdrachten en de les bouwen op elkaar voort.",
        "nee": "De online opdrachten en de les staan los van elkaar.",
    },
    "interactie": {
        "ja": "Studenten werken samen en krijgen feedback van elkaar en van mij.",
        "nee": "Studenten werken alleen, zonder interactie.",
    },
    "gelijktijdig_gesplitst": {
        "ja": "Een deel van de klas kijkt tegelijk online mee terwijl de rest in de klas zit.",
        "nee": "De hele groep is tegelijk op dezelfde plek.",
    },
}

# --- the short answer (issue 13: answer first, details on request) -------------------------

#: Short names of the criteria, as the first view lists them.
CRITERION_SHORT: dict[str, str] = {
    "fysiek": "fysiek deel",
    "online": "online deel",
    "samenhang": "samenhang",
    "interactie": "interactie",
}
SAW_LABEL = "Wat ik zag"
UNKNOWN_LABEL = "Nog onbekend:"
FROM_ANSWER = "uit je antwoord"
TIMELINE_LABEL = "Verloop:"
PLACE_LABEL: dict[str, str] = {"fysiek": "les", "werkplek": "werkplek", "online": "online",
                               "thuis": "thuis"}
LOOKS_LIKE = "Dit lijkt op:"
NEXT_STEP_LABEL = "Volgende stap:"
MORE_BUTTON = "Lees meer"
MORE_HINT = "Typ **meer** voor uitleg, voorbeelden en bronnen."
MORE_WORDS: frozenset[str] = frozenset({
    "meer", "lees meer", "meer lezen", "meer uitleg", "meer info", "meer informatie",
    "vertel meer", "vertel eens meer", "uitleg", "details", "voorbeelden", "laat meer zien"})
NOTHING_MORE = "Ik weet niet meer over welk antwoord je meer wilt lezen. Stel je vraag opnieuw."
MISCONCEPTION_HEADING = "Dat is een misvatting."
MISCONCEPTION_EMOJI = "💡"
DISCUSS_LABEL = "Om over te praten:"
STELLINGEN_HEADING = "Stellingen voor je team"


def tip_label(title: str) -> str:
    return f"Tip: {title}"


#: A concrete next step per criterion that is missing or denied (and for a finished blend);
#: ``bot.render.next_step`` pairs each with the tip card that says how.
NEXT_STEP: dict[str, str] = {
    "gelijktijdig_gesplitst": "Plan online en fysiek na elkaar in plaats van tegelijk: eerst "
    "een online voorbereiding voor iedereen, daarna samen op school.",
    "fysiek": "Plan een bijeenkomst op school of op de werkplek die voortbouwt op het "
    "online werk.",
    "online": "Zet één korte online voorbereiding klaar, een clip of quiz, die studenten in "
    "de les echt nodig hebben.",
    "samenhang": "Begin de les met wat studenten online deden, zodat die voorbereiding "
    "ertoe doet.",
    "interactie": "Laat studenten samenwerken en elkaar feedback geven, in de les of online.",
    "blended": "Houd het behapbaar: komt er een online activiteit bij, haal dan iets "
    "anders weg.",
    "alleen_tool": "Start bij je leerdoel: welke activiteiten online en in de les werken "
    "daarnaartoe? Kies de tool pas daarna.",
    "alleen_opname": "Geef de video een vervolg: een opdracht die studenten in de les echt "
    "nodig hebben.",
    "corona": "Ontwerp online en fysiek als één geheel dat op elkaar voortbouwt, niet als "
    "noodoplossing.",
    "afstand": "Plan ook contact: een bijeenkomst waarin studenten verder werken met wat ze "
    "op afstand deden.",
    "bezuiniging": "Gebruik de tijd die online vrijkomt voor meer contact en feedback in de "
    "les.",
    "related": "Hoe je hier een blend van maakt, lees je in deze tip.",
}

# --- insisting and typed follow-up answers ---------------------------------------------------

INSIST_INTRO = (
    "Ik snap dat je het anders ziet. Mijn oordeel rust alleen op wat je beschreef:"
)
INSIST_NOTHING_SEEN = "Ik las nog geen fysiek of online deel in je beschrijving."
INSIST_MORE = (
    "Vertel wat je studenten doen dat ik nog niet las, dan kijk ik opnieuw."
)
NOT_UNDERSTOOD_ANSWER = "Dat las ik nog niet in je antwoord."
TYPE_HINT = "Typ ja, nee of weet ik niet, of vertel in je eigen woorden wat je studenten doen."
LESSON_QUESTION = (
    "Vertel iets meer over je les: wat doen je studenten in de les of op de werkplek, "
    "en wat online?"
)
STILL_UNKNOWN_NOTE = "Dit is mijn beste inschatting met wat ik nu weet."

# --- conversation ----------------------------------------------------------------------------

WHAT_I_DO = (
    "Ik ben Blendbot. Beschrijf je les of stel een vraag over blended leren, "
    "dan zeg ik of het blended is en waarom, met een voorbeeld."
)
EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "Ik laat studenten thuis een kennisclip kijken en in de les oefenen ze ermee. Is dat blended?",
    "Is hybride lesgeven hetzelfde als blended leren?",
)
WELCOME_TITLE = "Welkom bij Blendbot 👋"
WELCOME_EXAMPLES = "Probeer bijvoorbeeld:"
HOW_CHECK = "Wil je weten waar jij en je school staan? Typ: **check**"
HOW_TIPS = "Elke week een praktische tip? Typ: **tips aan**"
HOW_MENTION = "In een kanaal of groepschat: noem mij met @Blendbot."
HELP_TITLE = "Wat ik kan"
HELP_ITEMS: tuple[str, ...] = (
    "**Is dit blended?** Beschrijf je les, ik geef een oordeel met uitleg en voorbeelden.",
    "**Vragen over blended leren**, bijvoorbeeld over synchroon en asynchroon leren.",
    "**check**: de readiness check, waar sta jij en je school?",
    "**mijn resultaat**: je laatste uitslag van de check.",
    "**tips aan** / **tips uit**: elke week een praktische tip.",
    "**vergeet mij**: ik wis wat ik van je bewaar.",
    "Voor DigiCoaches: **overzicht** (wat vragen docenten?) en **stuur tip** (de tip van "
    "deze week nu in dit kanaal).",
)
GREETING = "Hoi! Beschrijf je les of stel een vraag over blended leren. Typ **help** voor meer."
THANKS = "Graag gedaan! Succes met je les."
OFF_TOPIC = (
    "Daar kan ik je helaas niet mee helpen. Ik beantwoord vragen over blended leren: "
    "beschrijf je les en vraag \"is dit blended?\", of typ **help**."
)
COMING_SOON = "Dat komt binnenkort. Tot die tijd kan ik je vragen over blended leren beantwoorden."
UNKNOWN_BUTTON = "Die knop ken ik niet (meer)."
ONLY_TEXT = (
    "Ik kan alleen tekst lezen. Typ je vraag of beschrijf je les, dan help ik je verder."
)
TOO_LONG = "Je bericht is erg lang; ik kijk naar het begin."
DONE = "Gelukt."
ERROR = "Er ging iets mis aan mijn kant. Probeer het zo nog eens."
GOODBYE = "Tot ziens!"
CHOICE_PROMPT = "Typ het nummer van je keuze, of typ gewoon verder."
