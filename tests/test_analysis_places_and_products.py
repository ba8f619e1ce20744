"""Places named in passing, work that comes back, and who made a recording: readings the
blind batches 37-38 showed missing. Phrasings of our own, each with a control. Rule layer
only."""

from __future__ import annotations

import pytest

from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


@pytest.mark.parametrize(("text", "physical"), [
    ("Ze maken in de ELO een begroting voor een fictieve bakkerij.", None),
    ("Online ontwerpen ze een menu voor een echt restaurant.", None),
    # control: a place the students are in
    ("Ze maken in de ELO een begroting en in de bakkerij op school bakken ze.", True),
])
def test_a_place_the_work_is_for_is_not_where_students_are(lex: Lexicon, text: str,
                                                           physical: bool | None) -> None:
    assert run(lex, text).signals["fysiek"] is physical


@pytest.mark.parametrize("text", [
    "Via een app houden ze hun proefveld bij, en op de schoolboerderij vergelijken ze in "
    "groepjes die metingen.",
    "Online houden ze een logboek bij; in de atelierbespreking kiezen ze daar een experiment "
    "uit om samen verder te brengen.",
])
def test_farm_and_studio_meetings_are_physical_parts_that_take_up_online_work(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize(("text", "recording"), [
    ("Mijn koks kijken thuis een instructievideo en in de keuken doen we er niets mee, dat "
     "staat er los van.", None),
    # control: the teacher's own video is the recording pattern
    ("Thuis kijken ze mijn instructievideo en in de keuken doen we er niets mee, dat staat "
     "er los van.", True),
])
def test_my_students_watching_a_video_is_not_my_recording(lex: Lexicon, text: str,
                                                          recording: bool | None) -> None:
    assert run(lex, text).signals["alleen_opname"] is recording


@pytest.mark.parametrize("text", [
    "In de les oefenen ze, maar iedereen doet het in zn eentje, er wordt niet gepraat.",
    "Online doen ze de quiz en in het lokaal werkt ieder in zijn eentje.",
])
def test_working_on_ones_own_denies_interaction(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


@pytest.mark.parametrize(("text", "physical"), [
    ("Dit blok volgen ze alle lessen online, ook de praktijkvakken. Naar school gaan ze "
     "niet.", False),
    ("Thuis doen ze de online module en de week erna oefenen ze op het terrein de "
     "scenario's uit die module.", True),
])
def test_a_school_subject_is_no_place_and_the_terrain_is_one(lex: Lexicon, text: str,
                                                             physical: bool) -> None:
    assert run(lex, text).signals["fysiek"] is physical


@pytest.mark.parametrize(("text", "emergency"), [
    ("In het skillslab oefenen ze daarna. Het skillslab is trouwens net verbouwd.", None),
    ("Door de verbouwing was het lokaal dicht, dus gaf ik ineens alles via Teams.", True),
])
def test_a_renovated_room_is_no_emergency(lex: Lexicon, text: str,
                                          emergency: bool | None) -> None:
    assert run(lex, text).signals["corona"] is emergency


@pytest.mark.parametrize(("text", "quote"), [
    ("Op dinsdag leg ik in 3.05 de balans uit en stellen groepjes er een op.", "3.05"),
    ("Maandag in B2.14 spelen ze de reacties uit Forms na.", "B2.14"),
])
def test_a_room_number_is_a_physical_place(lex: Lexicon, text: str, quote: str) -> None:
    f = run(lex, text)
    assert (f.signals["fysiek"], f.lesson.evidence["fysiek"]) == (True, quote)


@pytest.mark.parametrize("text", [
    "Om 9.30 maken ze thuis de quiz in Moodle.",
    "Ze lezen in 2 weken hoofdstuk 4.",
])
def test_a_time_or_a_count_is_no_room(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is None


@pytest.mark.parametrize(("text", "physical"), [
    ("Online doen ze een quiz en daarna maak ik groepjes in ons schoolmagazijn.", True),
    ("Online doen ze een quiz en ze hebben geen praktijkopdracht.", None),
])
def test_a_warehouse_compound_is_a_room_and_an_assignment_is_not(lex: Lexicon, text: str,
                                                                 physical: bool | None) -> None:
    assert run(lex, text).signals["fysiek"] is physical
