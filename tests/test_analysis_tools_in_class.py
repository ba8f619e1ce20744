"""Tools, devices and posted work: when ICT in a lesson is an online part, only a tool in
class, or a name for what came before. Each rule has phrasings of our own and a control
that must keep the other reading. Rule layer only.
"""

from __future__ import annotations

import pytest

from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


@pytest.mark.parametrize(("text", "online"), [
    # the sum of what was described is no online part of its own
    ("In de les werken ze met de tablets en een quizapp. Die twee zijn het enige "
     "digitale: online doen ze verder niets.", False),
    ("Ze rekenen in het lokaal op de laptop. Dat is het hele digitale verhaal, een ELO "
     "gebruiken we niet.", False),
    # control: an online part named after "het enige" with a noun of its own is one
    ("In de les oefenen ze met elkaar. Het enige digitale onderdeel is een quiz in Moodle "
     "die ze thuis maken.", True),
])
def test_a_summing_up_of_the_digital_part_is_no_online_part(lex: Lexicon, text: str,
                                                             online: bool) -> None:
    assert run(lex, text).signals["online"] is online


@pytest.mark.parametrize(("text", "tool"), [
    ("In de les rekenen ze op de laptops van school in Excel. Een online leeromgeving "
     "gebruiken we niet.", True),
    ("In het lokaal typen ze via hun telefoon antwoorden in een poll; online doen we "
     "verder niks.", True),
    # controls: a device nobody learns on, or one that stays in the bag
    ("In de werkplaats lassen ze in tweetallen. Online doen we niks, ze zitten de hele dag "
     "al op hun telefoon.", False),
    ("In de studio oefenen ze in groepjes; de laptops blijven in de tas, online doen we "
     "niks.", False),
])
def test_a_device_students_work_on_in_class_is_the_tool_pattern(lex: Lexicon, text: str,
                                                                tool: bool) -> None:
    f = run(lex, text)
    assert f.signals["online"] is False
    assert (f.signals["alleen_tool"] is True) is tool


@pytest.mark.parametrize("text", [
    "Ze trainen in de sporthal en na afloop zetten ze hun scores in de app van school. In "
    "de volgende les maken ze met die scores een plan.",
    "In de keuken koken ze in duo's; achteraf vullen ze een checklist in op de tablet. De "
    "les erna bespreken we die checklist.",
])
def test_a_tool_used_after_the_session_is_an_online_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


def test_a_tool_named_in_the_lesson_itself_stays_a_tool_in_class(lex: Lexicon) -> None:
    f = run(lex, "Na afloop van de uitleg doen ze in de les een Kahoot op het digibord.")
    assert f.signals["online"] is not True


@pytest.mark.parametrize(("text", "recording"), [
    ("Ik zet elke week online oefenopdrachten klaar in de ELO, die ik niet bespreek.", None),
    ("We zetten de casussen online neer voor wie wil, in de les doen we er niks mee.", None),
    # control: a lecture put online is the recording pattern
    ("Ik zet mijn colleges online en verder doen ze er niks mee.", True),
])
def test_a_later_particle_makes_online_describe_the_object(lex: Lexicon, text: str,
                                                           recording: bool | None) -> None:
    assert run(lex, text).signals["alleen_opname"] is recording


def test_github_classroom_is_an_online_environment_not_a_room(lex: Lexicon) -> None:
    f = run(lex, "Ze maken de opdrachten in GitHub Classroom en bespreken ze in de les.")
    assert f.lesson.evidence["online"] == "GitHub Classroom"
    assert f.lesson.evidence["fysiek"] == "in de les"


@pytest.mark.parametrize(("text", "recording"), [
    ("In de werkplaats filmt iedereen zijn eigen las, zet het filmpje in de ELO en kijkt "
     "het later terug. Ze reageren niet op elkaar en ik geef geen feedback.", None),
    ("Studenten filmen in het skillslab elkaars handeling en bekijken de video thuis "
     "terug, zonder er iets mee te doen.", None),
    # controls: the teacher's recording is the video pattern, whoever watches it
    ("Ik film mijn uitleg in het lokaal en zet de video in de ELO; ze kijken hem terug "
     "en doen er verder niets mee.", True),
    ("We filmen de lessen en zetten ze online om terug te kijken, meer niet.", True),
])
def test_footage_students_make_is_not_the_recording_pattern(lex: Lexicon, text: str,
                                                            recording: bool | None) -> None:
    assert run(lex, text).signals["alleen_opname"] is recording


@pytest.mark.parametrize(("text", "physical"), [
    ("We doen bij Logistiek heel veel met online opdrachten.", None),
    ("Heel vaak zetten we online casussen klaar in Moodle.", None),
    # controls: the whole course online denies the physical part
    ("Heel het vak gaat online via Teams.", False),
    ("Het hele vak is online.", False),
])
def test_heel_as_very_is_not_the_whole_course(lex: Lexicon, text: str,
                                              physical: bool | None) -> None:
    assert run(lex, text).signals["fysiek"] is physical


@pytest.mark.parametrize(("text", "recording"), [
    # a clip beside a lesson with work of its own, said to be loose: the link fails
    ("Thuis bekijken ze een filmpje over brandveiligheid en in de praktijkles oefenen ze "
     "met blussers, maar dat staat los van elkaar.", None),
    ("Ze kijken de kennisclips in Canvas; in de les doe ik mijn eigen programma, los "
     "daarvan.", None),
    # controls: the teacher's own clips, or a lesson that repeats them, are the pattern
    ("Ik heb kennisclips gemaakt die ze thuis kijken, in de les doe ik er niks mee.", True),
    ("Ze kijken thuis een kennisclip en in de les leg ik hetzelfde nog een keer uit.", True),
])
def test_a_clip_beside_a_loose_lesson_is_not_the_recording_pattern(
        lex: Lexicon, text: str, recording: bool | None) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is False
    assert f.signals["alleen_opname"] is recording


@pytest.mark.parametrize("text", [
    "Ik neem mijn uitleg op als kennisclips in Canvas, en verder blijft mijn les op school "
    "precies hetzelfde.",
    "Ik zet mijn colleges als opname in de ELO. Verder blijft alles zoals het was.",
])
def test_a_recording_and_nothing_else_changed_is_the_video_pattern(lex: Lexicon,
                                                                   text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is False
    assert f.signals["alleen_opname"] is True


@pytest.mark.parametrize(("text", "online"), [
    ("op stage maken ze een foto en die posten ze in teams, daarna bespreken we ze in de les.",
     True),
    ("in de les werken ze in teams aan een poster.", None),
])
def test_lowercase_teams_is_microsoft_teams_when_something_is_put_in_it(
        lex: Lexicon, text: str, online: bool | None) -> None:
    assert run(lex, text).signals["online"] is online


@pytest.mark.parametrize("text", [
    "Ik neem mijn hoorcolleges (hbo rechten, jaar 1) op en zet ze op Brightspace. Verder "
    "verandert er aan het vak niets.",
    "Ik neem mijn colleges (dinsdag, zaal 3) op voor de ELO, en verder verandert er aan de "
    "cursus niks.",
])
def test_an_aside_in_brackets_does_not_split_a_verb(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is False
    assert f.signals["alleen_opname"] is True


def test_a_full_stop_still_ends_a_split_verb(lex: Lexicon) -> None:
    f = run(lex, "Ik neem mijn studenten mee naar de kas. Op de ELO staat de planning.")
    assert not any(h.family == "opname" for h in f.hits)
