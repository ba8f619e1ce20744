"""Reading the teacher's sector from free text: programme names, compounds, typos, and the
everyday words that only look like a sector."""

from __future__ import annotations

import pytest

from knowledge.sectors import (
    EXAMPLE_SECTORS,
    GENERAL,
    SECTOR_LABELS,
    SECTORS,
    detect_sector,
    normalise,
    sector_mentions,
)

TEXTS: dict[str, list[str]] = {
    "zorg": [
        "Ik geef les bij de opleiding Verzorgende-IG, is mijn les over wondzorg blended?",
        "Bij verpleegkunde kijken studenten vooraf een kennisclip over medicatie.",
        "Onze MZ-studenten werken een casus uit en bespreken die in de les.",
        "Ik ben docent Pedagogisch Medewerker Kinderopvang, niveau 4.",
        "Bij ons in de zorg oefenen ze in het skillslab met een oefenpop.",
        "Kraamverzorgenden in opleiding doen een online module over borstvoeding.",
        "HBO-V: studenten werken thuis een patiëntcasus uit.",
        "Studenten Zorg en Welzijn houden tijdens de BPV een logboek bij.",
        "Ik werk bij de opleiding verpleegkunnde en wil iets online doen",  # typo
        "ouderenzorg, thuiszorg en gehandicaptenzorg: een gezamenlijke module",
    ],
    "techniek": [
        "Bij elektrotechniek bouwen studenten een schakeling na een online simulatie.",
        "bij bouwkunde doen we ook wat online",
        "Installatietechniek: studenten sluiten een cv-ketel aan in de werkplaats.",
        "Ik ben docent Motorvoertuigentechniek en wil mijn les blended maken.",
        "We leren lassen en CNC-frezen, daarna maken ze een online logboek.",
        "Electrotechniek mbo niveau 2: de theorie staat in de ELO.",  # spelling variant
        "werktuigbouwkunde hbo, module sterkteleer",
        "Mijn eerstejaars elektromonteurs oefenen met een groepenkast.",
        "Bij de opleiding werktuigbouwkunnde kijken ze een clip",  # typo
        "Timmeren en metselen op de bouwplaats",
    ],
    "economie": [
        "Ik geef boekhouden aan de opleiding Financiële administratie.",
        "Bij commercie en marketing werken studenten aan een webwinkel.",
        "Retail niveau 2: studenten richten een etalage in.",
        "Bedrijfseconomie (hbo): een werkcollege over kostprijs.",
        "Mijn studenten secretaresse/managementassistent plannen een vergadering.",
        "In accountancy oefenen ze met een jaarrekening.",
        "De ondernemers van morgen schrijven een ondernemingsplan.",
        "Ik geef bedrijfsadministratie en btw-aangifte.",
        "Bij de opleiding boekhoudng maken ze online oefeningen",  # typo
    ],
    "ict": [
        "Ik geef programmeren bij de opleiding software developer.",
        "Netwerkbeheer: studenten configureren routers in het practicum.",
        "ICT-opleiding niveau 4, applicatieontwikkeling in Python.",
        "Onze ICT'ers maken een app voor een echte klant.",
        "Bij ICT doen we veel met projecten.",
        "programeren in javascript met een online lab",  # typo
        "Mijn studenten systeembeheer werken met Linux-servers.",
        "Hbo-ict: een module over databases en SQL.",
    ],
    "horeca": [
        "Ik ben docent koken in de leerkeuken.",
        "De gastheer/gastvrouw-opleiding oefent bediening in het leerrestaurant.",
        "Hotelschool: receptie en housekeeping, derde jaar.",
        "Toerisme en recreatie: studenten maken een reisplan.",
        "De koks in opleiding maken vooraf een planning voor de mise en place.",
        "Onze reisleiders oefenen een rondleiding in de stad.",
        "Bakkers leren deeg kneden in de praktijkbakkerij.",
        "Bij horeca kijken ze eerst een kennisclip over hygiëne",
        "toerisem en recreatie niveau 3",  # typo
    ],
}

GENERAL_TEXTS = [
    "Wat is blended leren?",
    "Ik gebruik ICT in mijn les, is dat blended?",
    "Welke rol speelt ICT bij interactie?",
    "De ICT-afdeling heeft nieuwe tools in het LMS gezet.",
    "Zorg dat de online opdracht aansluit op de les.",
    "De activiteiten bouwen op elkaar voort en de studenten zorgen zelf voor de planning.",
    "Klassen worden samengevoegd en dat is lastig voor de studielast.",
    "Studenten kijken een kennisclip in de elektronische leeromgeving.",
    "Ik verzorg de lessen en de ICT-ondersteuning helpt me.",
    "Een helpende hand en de juiste techniek van feedback geven.",
    "Het pedagogisch-didactisch klimaat in mijn klas is goed.",
    "Kwaliteitszorg en de inzet van software in het onderwijs.",
    "Blended is toch om de software de docent te laten vervangen?",
    "Mijn studenten maken een verslag van hun stage.",
    "",
    "   ",
    "!!!",
]


@pytest.mark.parametrize(("sector", "text"),
                         [(s, t) for s, texts in TEXTS.items() for t in texts])
def test_sector_texts(sector: str, text: str) -> None:
    assert detect_sector(text) == sector


@pytest.mark.parametrize("text", GENERAL_TEXTS)
def test_texts_without_a_sector_are_general(text: str) -> None:
    assert detect_sector(text) == GENERAL


def test_capitals_accents_and_hyphens_do_not_matter() -> None:
    for text in ("VERPLEEGKUNDE", "Verpleegkunde", "verpleegkunde-opleiding"):
        assert detect_sector(text) == "zorg", text
    plain = normalise("Financiële  Administratie / BBL-route")
    assert plain == "financiele administratie bbl route"
    assert detect_sector("FINANCIËLE ADMINISTRATIE") == "economie"


def test_a_typo_needs_a_long_word_and_the_same_length() -> None:
    assert detect_sector("verpleegkunnde") == "zorg"  # one letter too many
    assert detect_sector("verplegkunde") == "zorg"  # one letter missing
    # 'verzorgen' (to deliver a lesson) is two letters away from 'verzorgende'.
    assert detect_sector("we verzorgen de lessen samen") == GENERAL
    # 'klassen' is close to 'lassen' but lassen only counts as a whole word.
    assert detect_sector("de klassen zijn groot") == GENERAL


def test_the_sector_named_most_wins() -> None:
    text = ("Ik geef ook een vak bij ICT, maar dit gaat over verpleegkunde: studenten oefenen "
            "in het skillslab met medicatie.")
    assert detect_sector(text) == "zorg"
    mentions = sector_mentions(text)
    assert len(mentions["zorg"]) == 3 and len(mentions["ict"]) == 1


def test_on_a_tie_the_sector_named_first_wins() -> None:
    assert detect_sector("Bij techniek en bij horeca doen we het anders.") == "techniek"
    assert detect_sector("Bij horeca en bij techniek doen we het anders.") == "horeca"


def test_a_long_text_is_read_and_does_not_fail() -> None:
    text = "Studenten kijken een clip. " * 2000 + "verpleegkunde"
    assert detect_sector(text) == GENERAL  # only the start of a very long text is read
    assert detect_sector("verpleegkunde. " + "Studenten kijken een clip. " * 2000) == "zorg"


def test_non_text_input_is_general() -> None:
    assert detect_sector(None) == GENERAL  # type: ignore[arg-type]
    assert detect_sector(12) == GENERAL  # type: ignore[arg-type]


def test_sector_ids_and_labels() -> None:
    assert SECTORS == ("algemeen", "zorg", "techniek", "economie", "ict", "horeca")
    assert SECTORS[1:] == EXAMPLE_SECTORS
    assert set(SECTOR_LABELS) == set(SECTORS)
    assert SECTOR_LABELS["zorg"] == "zorg en welzijn"
    assert SECTOR_LABELS["horeca"] == "horeca en toerisme"
