"""Dutch phrases of the everyday conversation: thanks, annoyance, the question after 👎,
typed yes/no confirmations, "tip" on request and the terminal chat.

Kept apart from ``bot.render.wording`` (the answer layout) so the two can change
independently. Short sentences, "je".
"""

from __future__ import annotations

# --- thanks and annoyance --------------------------------------------------------------------

THANKS = (
    "Graag gedaan, fijn dat het helpt! Je kunt me altijd een nieuwe les voorleggen, "
    "de readiness check doen (**check**) of een tip vragen (**tip**)."
)
ANNOYED = (
    "Sorry, dat ging niet goed. Probeer het eens anders: beschrijf kort wat je studenten "
    "doen, waar (in de les, online, op stage) en hoe dat op elkaar aansluit. "
    "Klopte mijn antwoord niet? Klik op 👎, dan vraag ik wat er mis was. "
    "Je kunt ook een DigiCoach op je school om hulp vragen."
)

# --- after 👎 ---------------------------------------------------------------------------------

WHAT_WAS_WRONG = (
    "Jammer dat dit niet hielp. Wat klopt er niet? Typ het in een zin. "
    "Dit is niet verplicht: je kunt ook gewoon een nieuwe vraag stellen."
)
SKIP_BUTTON = "Sla over"
SKIPPED = "Prima. Bedankt voor je feedback!"
KEEP_ASK = (
    "Dank je! Mag ik je opmerking bewaren, zodat een DigiCoach ernaar kan kijken en ik "
    "beter word? Ik bewaar hem zonder je naam, hoogstens {days} dagen, en **vergeet mij** "
    "wist hem. Typ **ja** of **nee**."
)
KEEP_YES_BUTTON = "Ja, bewaar"
KEEP_NO_BUTTON = "Nee"
KEPT = "Bewaard. Een DigiCoach kijkt ernaar. Dank je wel!"
NOT_KEPT = "Goed, ik bewaar je opmerking niet. Toch bedankt dat je het liet weten!"
KEEP_FAILED = "Het bewaren lukte nu niet. Je opmerking is niet opgeslagen."
KEEP_EXPIRED = "Ik weet je opmerking niet meer. Klik opnieuw op 👎 als je iets kwijt wilt."

# --- tips in any channel ---------------------------------------------------------------------

TIP_NOW_INTRO = "Hier is de tip van deze week:"
TIP_SUBSCRIBE_HINT = "Elke week zo'n tip? Typ **tips aan**."
TIP_NONE = "Er zijn nu geen tips beschikbaar. Vraag het later nog eens."
TERMINAL_TIPS_ON = (
    "De wekelijkse tips komen in Microsoft Teams of Slack: typ daar **tips aan** in je chat "
    "met Blendbot of in een kanaal. Hier in de terminal kan ik ze niet elke week sturen, "
    "dus ik zet niets aan. Wel de tip van deze week:"
)

# --- terminal chat ---------------------------------------------------------------------------

TERMINAL_HOW_TO_LEAVE = (
    "Stoppen met chatten? Typ **exit** of druk op Ctrl-D. Buiten de readiness check kan "
    "**stop** ook; in de check stopt **stop** alleen de check."
)
