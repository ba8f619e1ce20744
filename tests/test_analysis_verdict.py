"""The verdict follows the definition: every rule, the teacher's answers, and the texts
that the word-spotting classifier got wrong (each with variations, as behaviour)."""

from __future__ import annotations

from typing import Any

import pytest

from classifier.types import CRITERIA


def verdict_of(clf: Any, text: str, answers: dict[str, bool] | None = None) -> Any:
    c = clf.classify(text, answers)
    assert c.intent == "scenario", (text, c.intent)
    return c


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    "text",
    [
        "Thuis maken ze een online oefentoets waarvan ik de fouten in de les bespreek.",
        "Ze doen de theorie in Moodle en oefenen daarna in het praktijklokaal.",
        "Op stage verzamelen ze een probleem, dat bespreken we online in een forum en op de "
        "terugkomdag werken ze in groepen een oplossing uit.",
        "Voor het werkcollege maken ze online oefenopgaven; ik begin het college met de "
        "opgaven die het vaakst fout gingen.",
    ],
)
def test_physical_online_and_linked_is_blended(classifier_model: Any, text: str) -> None:
    c = verdict_of(classifier_model, text)
    assert (c.verdict, c.card, c.missing) == ("blended", "def-blended-leren", ())
    for name in ("fysiek", "online", "samenhang"):
        assert c.signals[name] is True and c.evidence[name] in text


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("Na de BPV-dag verbinden we het op de terugkomdag met de theorie, verder niets "
         "online.", "online"),
        ("We hebben een online module en lessen op school, maar die hebben niks met elkaar "
         "te maken.", "samenhang"),
        ("Thuis maken ze online oefeningen over een ander onderwerp, die ik niet bespreek. "
         "In de les doen we iets anders.", "samenhang"),
        ("Studenten werken in de les en thuis in Moodle, daarna aan de opdracht, maar ze "
         "werken allemaal alleen, zonder interactie.", "interactie"),
    ],
)
def test_a_denied_criterion_is_not_blended_with_the_definition_card(
    classifier_model: Any, text: str, denied: str
) -> None:
    c = verdict_of(classifier_model, text)
    assert c.signals[denied] is False and c.evidence[denied] in text
    assert (c.verdict, c.card) == ("niet_blended", "def-blended-leren")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Ik geef praktijkles in de werkplaats. Is mijn les blended?", "online"),
        ("Mijn cursus heeft een online deel met een forum en opdrachten. Blended?", "fysiek"),
        ("Een deel van mijn vak doe ik online en een deel in het lokaal. Blended?", "samenhang"),
        ("Studenten lezen thuis een hoofdstuk uit het boek en in de les bespreken we het "
         "daarna in groepjes.", "online"),
    ],
)
def test_an_open_criterion_is_unclear_and_asked_first(
    classifier_model: Any, text: str, first: str
) -> None:
    c = verdict_of(classifier_model, text)
    assert (c.verdict, c.card) == ("onduidelijk", None)
    assert c.missing[0] == first and c.follow_up == first
    assert c.signals[first] is None and c.evidence[first] is None


@pytest.mark.parametrize(
    "text",
    [
        "Groep A zit in het lokaal en groep B kijkt tegelijk online mee.",
        "Ik geef les in de klas en zet tegelijk Teams open voor wie thuis is, daarna maken "
        "ze een opdracht in de ELO die we de les erna bespreken.",
    ],
)
def test_a_split_group_at_the_same_time_is_hybrid(classifier_model: Any, text: str) -> None:
    c = verdict_of(classifier_model, text)
    assert (c.verdict, c.card) == ("niet_blended", "mis-hybride")
    assert c.evidence["gelijktijdig_gesplitst"] in text


@pytest.mark.parametrize(
    "text",
    [
        "De ene week zit groep A op school en werkt B online verder aan de opdracht, de "
        "week erna wisselen ze.",
        "Wie vorige keer online inbelde, komt de volgende keer naar school en bouwt voort op "
        "wat hij online deed; de anderen doen het andersom.",
        "Groep 1 zit deze week in de praktijkruimte en groep 2 werkt online aan de theorie; "
        "de week erna wisselen ze om en gebruikt ieder wat de ander maakte.",
    ],
)
def test_groups_that_alternate_and_build_on_each_other_are_blended(
    classifier_model: Any, text: str
) -> None:
    c = verdict_of(classifier_model, text)
    assert c.signals["gelijktijdig_gesplitst"] is False
    assert (c.verdict, c.card) == ("blended", "def-blended-leren")


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("Ik gebruik een digitaal schoolbord in de klas.", "mis-ict-inzet"),
        ("In mijn les doen ze elke week een Kahoot op het digibord, blended toch?",
         "mis-ict-inzet"),
        ("Ik neem al mijn lessen op en zet de opnames in Teams, verder verandert er niets.",
         "mis-video"),
        ("Tijdens de lockdown gaf ik alle lessen via Teams en mailden ze hun vragen.",
         "mis-noodonderwijs"),
        ("Alles gaat via Teams: live lessen, een forum en kennisclips; naar school komen ze "
         "niet.", "mis-afstandsleren"),
    ],
)
def test_a_misconception_pattern_gets_its_card(
    classifier_model: Any, text: str, card: str
) -> None:
    c = verdict_of(classifier_model, text)
    assert (c.verdict, c.card) == ("niet_blended", card)


def test_the_model_never_makes_blended_what_the_analysis_denies(classifier_model: Any) -> None:
    """Blended-sounding texts (feedback, groups, forum, werkcollege) with one criterion
    denied: the model would like them, the definition does not."""
    base = ("Studenten bekijken vooraf een kennisclip en posten vragen op het forum; in het "
            "werkcollege werken ze in groepjes met die vragen en geven elkaar feedback.")
    for denial in ("Naar school komen ze niet, het werkcollege is online.",
                   "Maar het forum en het werkcollege staan eigenlijk los van elkaar.",
                   "Online doen we verder niets, de kennisclip kijken ze in de les."):
        c = verdict_of(classifier_model, f"{base} {denial}")
        assert c.verdict != "blended", denial
    assert verdict_of(classifier_model, base).verdict == "blended"


# --------------------------------------------------------------------------- the texts


@pytest.mark.parametrize(
    "text",
    [
        "Studenten lezen thuis een hoofdstuk uit het boek en in de les bespreken we het daarna "
        "in groepjes",
        "Thuis maken ze de opgaven uit het werkboek en in de klas kijken we die samen na.",
        "ze lezen thuis de reader en de les erna discussiëren we erover",
        "Mijn leerlingen maken huiswerk op papier, dat bespreken we de volgende les.",
    ],
)
def test_homework_from_a_book_is_not_an_online_part(classifier_model: Any, text: str) -> None:
    c = verdict_of(classifier_model, text)
    assert c.verdict != "blended"
    assert c.signals["online"] is not True
    assert any(a.place == "thuis" for a in c.activities)


@pytest.mark.parametrize(
    "text",
    [
        "Mijn cursus is helemaal online: een kennisclip, een forum en een live Teams-les. "
        "Blended?",
        "De training bestaat uit een e-learning, een forum en een live webinar.",
        "Alles gaat online: kennisclips, een discussieforum en wekelijks een Teams-sessie.",
    ],
)
def test_an_entirely_online_course_is_not_blended(classifier_model: Any, text: str) -> None:
    c = verdict_of(classifier_model, text)
    assert c.verdict != "blended"
    assert c.signals["fysiek"] is not True


@pytest.mark.parametrize(
    "text",
    [
        "We hebben een online module en lessen op school, maar die hebben niks met elkaar te "
        "maken.",
        "thuis maken ze online oefeningen over een ander onderwerp, die ik niet bespreek. In "
        "de les doen we de praktijk.",
        "Er is een e-learning en er zijn lessen in het lokaal; die staan los van elkaar.",
        "Ze doen online een module en los daarvan hebben ze praktijkles op school.",
    ],
)
def test_loose_parts_are_not_blended_however_they_are_linked_in_words(
    classifier_model: Any, text: str
) -> None:
    c = verdict_of(classifier_model, text)
    assert c.verdict == "niet_blended"
    assert c.signals["samenhang"] is False
    assert c.signals["interactie"] is not True


@pytest.mark.parametrize(
    "text",
    [
        "Ik gebruik een digitaal schoolbord in de klas",
        "Ik gebruik het smartboard in de les.",
        "In de klas gebruik ik Mentimeter voor een poll.",
    ],
)
def test_a_digital_board_in_class_shows_no_online_part(classifier_model: Any, text: str) -> None:
    c = verdict_of(classifier_model, text)
    assert c.signals["online"] is not True
    assert c.verdict == "niet_blended" and c.card == "mis-ict-inzet"


# --------------------------------------------------------------------------- answers


OPEN = "Ik geef praktijkles in de werkplaats. Is mijn les blended?"


def test_answers_fill_open_criteria_as_if_stated(classifier_model: Any) -> None:
    c = verdict_of(classifier_model, OPEN, {"online": True})
    assert c.signals["online"] is True and c.evidence["online"] is None
    assert c.answered == ("online",)
    assert c.verdict == "onduidelijk" and c.missing == ("samenhang",)
    assert c.follow_up == "samenhang"
    c = verdict_of(classifier_model, OPEN, {"online": True, "samenhang": True})
    assert (c.verdict, c.card, c.missing) == ("blended", "def-blended-leren", ())
    assert set(c.answered) == {"online", "samenhang"}


def test_a_denying_answer_makes_it_not_blended(classifier_model: Any) -> None:
    c = verdict_of(classifier_model, OPEN, {"online": False})
    assert (c.verdict, c.card) == ("niet_blended", "def-blended-leren")
    c = verdict_of(classifier_model, "Mijn cursus heeft een online deel met kennisclips.",
                   {"fysiek": False})
    assert (c.verdict, c.card) == ("niet_blended", "mis-afstandsleren")


def test_answers_never_override_what_the_text_says(classifier_model: Any) -> None:
    text = "We doen niks online, alles gebeurt in de klas."
    c = verdict_of(classifier_model, text, {"online": True, "fysiek": False})
    assert c.signals["online"] is False and c.signals["fysiek"] is True
    assert c.answered == ()
    assert c.evidence["online"] == "niks online"


def test_unknown_or_malformed_answers_are_ignored(classifier_model: Any) -> None:
    plain = classifier_model.classify(OPEN)
    for answers in ({"kleur": True}, {"online": "ja"}, {}, None):
        c = classifier_model.classify(OPEN, answers)  # type: ignore[arg-type]
        assert (c.verdict, c.missing, c.answered) == (plain.verdict, plain.missing, ())


def test_answers_make_the_json_say_so(classifier_model: Any) -> None:
    data = classifier_model.classify(OPEN, {"online": True}).to_json()
    assert data["answered"] == ["online"]
    assert data["evidence"]["online"] is None and data["signals"]["online"] is True
    assert set(data["missing"]) <= set(CRITERIA)


def test_the_bot_s_follow_up_sentence_after_a_newline_is_read_like_an_answer(
    classifier_model: Any,
) -> None:
    c = verdict_of(classifier_model,
                   OPEN + "\nStudenten doen ook online opdrachten die aansluiten op de les.")
    assert c.signals["online"] is True and c.signals["samenhang"] is True
    assert c.verdict == "blended"
