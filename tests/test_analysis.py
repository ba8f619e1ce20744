"""The lesson analysis: segmentation, negation scope, places, links and quoted evidence.

These run the rule layer only (no model), so they are fast; the verdicts are in
tests/test_analysis_verdict.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.analysis import MAX_QUOTE
from classifier.dataset import DATA_DIR
from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse

DEV = Path(__file__).parent / "fixtures" / "eval" / "dev.jsonl"


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


def texts(*paths: Path) -> list[str]:
    out: list[str] = []
    for path in paths:
        if path.exists():
            out += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()
                    if line.strip()]
    return out


# --------------------------------------------------------------------------- segmentation


def test_the_spec_example_is_two_activities(lex: Lexicon) -> None:
    f = run(lex, "Studenten lezen thuis een hoofdstuk uit het boek en in de les bespreken we "
                 "het daarna in groepjes")
    acts = f.lesson.activities
    assert [a.text for a in acts] == [
        "Studenten lezen thuis een hoofdstuk uit het boek",
        "in de les bespreken we het daarna in groepjes",
    ]
    assert [(a.place, a.timing, a.interactie) for a in acts] == [
        ("thuis", "asynchroon", None), ("fysiek", "synchroon", True)]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Ze doen de theorie in Moodle en oefenen daarna in het praktijklokaal.",
         ["online", "fysiek"]),
        ("Eerst kijken ze thuis een kennisclip. Daarna oefenen ze in de klas.",
         ["online", "fysiek"]),
        ("Op stage verzamelen ze een probleem, dat bespreken we online in een forum en op de "
         "terugkomdag werken ze het uit.", ["werkplek", "online", "fysiek"]),
        ("Thuis maken ze een online oefentoets waarvan ik de fouten in de les bespreek.",
         ["online", "fysiek"]),
        ("vooraf een online casus; in de klas een debat; na afloop een online standpunt",
         ["online", "fysiek", "online"]),
    ],
)
def test_activities_split_at_connectives_clauses_and_punctuation(
    lex: Lexicon, text: str, places: list[str]
) -> None:
    assert [a.place for a in run(lex, text).lesson.activities] == places


def test_a_newline_is_always_a_boundary(lex: Lexicon) -> None:
    f = run(lex, "Ze maken thuis een online quiz\nin de les bespreken we de fouten")
    assert [a.text for a in f.lesson.activities] == [
        "Ze maken thuis een online quiz", "in de les bespreken we de fouten"]


def test_a_connective_inside_a_clause_does_not_split(lex: Lexicon) -> None:
    f = run(lex, "In de werkplaats bouwen ze daarna de schakeling.")
    assert [a.text for a in f.lesson.activities] == [
        "In de werkplaats bouwen ze daarna de schakeling"]


def test_a_question_about_blended_is_no_activity(lex: Lexicon) -> None:
    assert run(lex, "Is dit blended?").lesson.activities == ()
    assert len(run(lex, "In de les werken ze in groepjes. Is dit blended?").lesson.activities) == 1


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Ze lezen thuis het hoofdstuk.", "thuis"),
        ("Ze maken opgaven uit het werkboek.", "thuis"),
        ("Ze lezen thuis het hoofdstuk in Itslearning.", "online"),
        ("Ze oefenen thuis met een app.", "online"),
        ("Ze lopen stage bij een bakkerij.", "werkplek"),
        ("Tijdens de BPV houden ze een logboek bij.", "werkplek"),
        ("In het skillslab oefenen ze.", "fysiek"),
        ("Ik gebruik Kahoot op het digibord.", "fysiek"),
        ("Ze volgen een live webinar.", "online"),
    ],
)
def test_place_of_an_activity(lex: Lexicon, text: str, place: str) -> None:
    assert run(lex, text).lesson.activities[0].place == place


@pytest.mark.parametrize(
    "text",
    [
        "Ik gebruik een digitaal schoolbord in de klas.",
        "In de les doen we elke week een Kahoot-quiz.",
        "Ik laat tijdens de les een filmpje zien op het digibord.",
        "De studenten werken in het lokaal op hun laptop met Wooclap.",
    ],
)
def test_a_tool_in_class_is_not_an_online_part(lex: Lexicon, text: str) -> None:
    s = run(lex, text).signals
    assert s["online"] is False and s["alleen_tool"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Studenten lezen thuis een hoofdstuk uit het boek en in de les bespreken we het.",
        "Ze maken thuis opgaven uit de reader, in de klas kijken we ze na.",
        "Huiswerk uit het werkboek en daarna in de les oefenen.",
    ],
)
def test_homework_from_a_book_is_not_online(lex: Lexicon, text: str) -> None:
    s = run(lex, text).signals
    assert s["online"] is not True and s["fysiek"] is True


def test_training_is_not_a_physical_part_by_itself(lex: Lexicon) -> None:
    s = run(lex, "De training bestaat uit een kennisclip, een forum en een live Teams-les.").signals
    assert s["fysiek"] is not True and s["online"] is True


def test_a_place_named_as_a_time_is_not_the_activity_s_place(lex: Lexicon) -> None:
    f = run(lex, "Voor de praktijkles doen ze een e-learning.")
    assert f.lesson.activities[0].place == "online"
    assert f.signals["fysiek"] is True and f.signals["samenhang"] is True


# --------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "signal", "value", "quote"),
    [
        ("We doen niks online, alles gebeurt in de klas.", "online", False, "niks online"),
        ("Online doen we niets.", "online", False, "Online doen we niets"),
        ("Geen kennisclips maar opdrachten in Moodle.", "online", True, "Moodle"),
        ("Thuis maken ze online oefeningen, die ik niet bespreek.", "samenhang", False,
         "niet bespreek"),
        ("Naar school komen ze voor dit vak niet.", "fysiek", False,
         "Naar school komen ze voor dit vak niet"),
        ("Ik bespreek het niet in de les.", "fysiek", True, "in de les"),
        ("Niet alleen online maar ook in de klas.", "online", True, "online"),
        ("De online opdrachten bespreek ik niet.", "samenhang", False, "bespreek ik niet"),
        ("Ze werken niet samen en krijgen geen feedback.", "interactie", False, "niet samen"),
        ("Brightspace gebruiken we niet.", "online", False, "Brightspace gebruiken we niet"),
    ],
)
def test_negation_has_a_scope(
    lex: Lexicon, text: str, signal: str, value: bool, quote: str
) -> None:
    f = run(lex, text)
    assert f.signals[signal] is value
    assert f.lesson.evidence[signal] == quote


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "text",
    [
        "We hebben een online module en lessen op school, maar die hebben niks met elkaar te "
        "maken.",
        "Thuis maken ze online oefeningen over een ander onderwerp.",
        "Er is een online quiz en los daarvan een practicum in het lab.",
        "De kennisclips en de lessen in het lokaal staan los van elkaar.",
        "Ik heb kennisclips gemaakt, verder verandert er niets.",
    ],
)
def test_loose_activities_deny_coherence(lex: Lexicon, text: str) -> None:
    s = run(lex, text).signals
    assert s["samenhang"] is False
    assert s["interactie"] is not True  # "met elkaar te maken" is no interaction


@pytest.mark.parametrize(
    "text",
    [
        "Thuis maken ze een online quiz en in de les gebruik ik hun antwoorden.",
        "De e-learning is nodig om mee te doen aan de praktijkles.",
        "Ze bekijken een kennisclip in de ELO en oefenen daarna in het lokaal.",
        "Op stage verzamelen ze een vraag, die posten ze op het forum.",
    ],
)
def test_activities_that_build_on_each_other(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Ik doe een deel online en een deel in de klas.",
        "We hebben een online module en lessen op school.",
        "Ik gebruik Moodle. Ik geef les in het lokaal.",
    ],
)
def test_coherence_left_open(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is None


# --------------------------------------------------------------------------- split groups


@pytest.mark.parametrize(
    "text",
    [
        "Groep A zit in het lokaal en B kijkt tegelijk online mee.",
        "De helft zit op school, de andere helft volgt de livestream.",
        "Studenten die ziek zijn bellen in via Teams terwijl ik in de klas lesgeef.",
    ],
)
def test_part_of_the_group_online_at_the_same_time(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["gelijktijdig_gesplitst"] is True
    assert f.lesson.evidence["gelijktijdig_gesplitst"] in text


@pytest.mark.parametrize(
    "text",
    [
        "De ene week zit groep A op school en werkt groep B online verder aan de opdracht, "
        "de week erna wisselen ze.",
        "De helft van de klas is op school en de andere helft werkt online, de volgende keer "
        "andersom, en elke keer bouwen ze voort op de vorige.",
    ],
)
def test_groups_that_take_turns_are_not_a_split_group(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is False


# --------------------------------------------------------------------------- evidence


ALL_TEXTS = texts(DEV, DATA_DIR / "test.jsonl", DATA_DIR / "pairs.jsonl",
                  DATA_DIR / "pairs_fresh.jsonl", DATA_DIR / "teachers_fresh.jsonl")


def test_every_text_of_the_evaluation_files_is_covered() -> None:
    assert len(ALL_TEXTS) >= 350


def test_every_finding_quotes_the_input(lex: Lexicon) -> None:
    bad = []
    for text in ALL_TEXTS:
        lesson = run(lex, text).lesson
        for name, value in lesson.signals.items():
            quote = lesson.evidence[name]
            if value is None:
                ok = quote is None
            else:
                ok = bool(quote) and quote in text and len(quote) <= MAX_QUOTE
            if not ok:
                bad.append((text, name, quote))
        bad += [(text, "activity", a.text) for a in lesson.activities if a.text not in text]
    assert bad == []


def test_evidence_is_the_typed_words_with_accents_and_case(lex: Lexicon) -> None:
    text = "Thuis bekijken ze een KENNISCLIP in Itslearning; daarna oefenen ze in de praktijkzaal."
    ev = run(lex, text).lesson.evidence
    assert ev["online"] == "KENNISCLIP"
    assert ev["fysiek"] == "praktijkzaal"
    f = run(lex, "Geïnteresseerde studenten doen een e‑learning vooraf en in het lokaal "
                 "passen ze het toe.")
    assert f.lesson.evidence["online"] in "e‑learning"


def test_a_long_quote_is_cut_to_eighty_characters(lex: Lexicon) -> None:
    text = "Ze " + "heel " * 40 + "lang niet online. In de les ook niet samen."
    lesson = run(lex, text).lesson
    assert all(q is None or len(q) <= MAX_QUOTE for q in lesson.evidence.values())


# --------------------------------------------------------------------------- follow-up sentences

_OPEN_BASE = {
    "online": "Ik geef praktijkles in de werkplaats.",
    "fysiek": "Mijn cursus heeft een forum en opdrachten.",
    "samenhang": "Een deel doe ik online en een deel in het lokaal.",
    "interactie": "Ze bekijken thuis een kennisclip en daarna oefenen ze in de klas.",
}


@pytest.mark.parametrize("criterion", sorted(_OPEN_BASE))
@pytest.mark.parametrize("answer", ["ja", "nee"])
def test_the_bot_s_follow_up_sentences_are_read_as_the_answer(
    lex: Lexicon, criterion: str, answer: str
) -> None:
    from bot.render.wording import FOLLOW_UP_ADDITION

    base = _OPEN_BASE[criterion]
    assert run(lex, base).signals[criterion] is None
    text = f"{base}\n{FOLLOW_UP_ADDITION[criterion][answer]}"
    assert run(lex, text).signals[criterion] is (answer == "ja")
