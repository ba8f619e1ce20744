"""The Dutch phrases of the DigiCoach features (short, friendly, "je")."""

from __future__ import annotations

READ_MORE = "Lees de hele kaart"
SHARE = "Deel"

NOT_A_DIGICOACH = (
    "Het overzicht is alleen voor DigiCoaches. Wil je weten wat collega's vragen? "
    "Vraag het je DigiCoach."
)
INSIGHTS_ONLY_PERSONAL = (
    "Het overzicht stuur ik alleen in een persoonlijke chat. Stuur me daar \"overzicht\"."
)
TIP_NOW_NOT_A_DIGICOACH = (
    "Een tip meteen naar het team sturen kan alleen een DigiCoach. De wekelijkse tip komt "
    "vanzelf, als de tips hier aan staan (typ **tips** om dat te zien)."
)
TIP_NOW_ONLY_IN_TEAM = (
    "Ik stuur de tip in het gesprek waar je het vraagt. Zeg **stuur tip** in het kanaal of "
    "de groepschat van het team (met @Blendbot ervoor in een kanaal)."
)
INSIGHTS_TITLE = "Wat vragen docenten?"
INSIGHTS_PERIOD = "De afgelopen {days} dagen"
INSIGHTS_TOTALS = "{total} antwoorden, waarvan {unsure} met twijfel."
INSIGHTS_EMPTY = "Nog geen antwoorden in deze periode."
INSIGHTS_TOP = "Meest gevraagd"
INSIGHTS_CARD_LINE = "{count}× ({unsure} met twijfel)"
INSIGHTS_FEEDBACK = "Feedback: {helpful} behulpzaam, {not_helpful} niet behulpzaam."
INSIGHTS_TEAMS = "Readiness-check: {teams} team(s) met minstens vijf deelnemers."
INSIGHTS_QUESTIONS = "Vragen om de bot mee te verbeteren ({count})"
INSIGHTS_COMMENTS = "Wat klopte er niet? Opmerkingen bij 👎 ({count})"
INSIGHTS_PAGE = "Open het hele overzicht"
CHART_ALT = "Staafdiagram: antwoorden per kaart, oranje is het deel met twijfel"

FORGET_ASK = (
    "Wil je dat ik alles verwijder wat ik over jou heb opgeslagen? Je feedback, je vragen, "
    "je uitslagen van de check en je tips in deze chat. Dit kan niet ongedaan worden."
)
FORGET_YES = "Ja, verwijder"
FORGET_NO = "Nee"
FORGET_KEPT = "Goed, ik heb niets verwijderd."
FORGET_DONE = "Klaar. Ik heb alles over jou verwijderd: {details}."
FORGET_NOTHING = "Klaar. Ik had niets over jou opgeslagen."
FORGET_PARTS = {
    "answer_events": ("antwoord", "antwoorden"),
    "feedback": ("feedback", "feedback"),
    "kept_questions": ("bewaarde vraag", "bewaarde vragen"),
    "feedback_comments": ("bewaarde opmerking", "bewaarde opmerkingen"),
    "readiness_results": ("uitslag van de check", "uitslagen van de check"),
    "bot_state": ("gespreksgeheugen", "gespreksgeheugens"),
    "subscriptions": ("tip-abonnement", "tip-abonnementen"),
}
FORGET_FAILED = "Dat lukte nu niet. Er is niets verwijderd. Probeer het later nog eens."


def forget_details(counts: dict[str, int]) -> str:
    parts = []
    for key, (one, many) in FORGET_PARTS.items():
        n = counts.get(key, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
