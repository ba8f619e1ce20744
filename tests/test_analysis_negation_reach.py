"""How far a negation reaches when the teacher writes "never" with "geen" ("geen enkele
keer", "geen moment"), and what the text leaves undecided. Rule layer only; each rule has
phrasings of our own and a control."""

from __future__ import annotations

import pytest

from classifier.matching import Lexicon
from classifier.rules import analyse


@pytest.mark.parametrize("text", [
    "Alles loopt via Teams en Moodle. Ze komen dit semester geen enkele keer naar de "
    "hogeschool.",
    "De module doen ze online in de ELO, en naar school komen ze geen enkele keer.",
    "Ze werken in Canvas aan de casus; op locatie zijn ze geen moment.",
])
def test_never_said_with_geen_denies_the_place(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["fysiek"] is False


def test_geen_with_a_noun_of_its_own_leaves_the_place_standing(lex: Lexicon) -> None:
    f = analyse("Ze maken online een quiz en in het lokaal oefenen ze zonder boek; ze krijgen "
                "geen enkel cijfer.", lex)
    assert f.signals["fysiek"] is True


@pytest.mark.parametrize("text", [
    "Theorie doen ze online en praktijk in de werkplaats, maar of dat op elkaar aansluit "
    "weet ik eerlijk gezegd niet.",
    "Ze maken een module in Moodle en oefenen op stage; hoe dat samenhangt weet ik dus "
    "niet.",
])
def test_not_knowing_how_parts_connect_leaves_the_link_open(lex: Lexicon, text: str) -> None:
    f = analyse(text, lex)
    assert f.signals["samenhang"] is None
    assert f.signals["interactie"] is None


@pytest.mark.parametrize(("text", "interaction"), [
    ("Online lezen ze de casus en in de les sluiten de opdrachten daar op elkaar aan.", None),
    ("De online module en de praktijkles zijn goed op elkaar afgestemd.", None),
    # control: responding to each other is interaction
    ("Online lezen ze de casus en in de les reageren ze op elkaar.", True),
])
def test_parts_that_fit_each_other_are_no_interaction(lex: Lexicon, text: str,
                                                      interaction: bool | None) -> None:
    assert analyse(text, lex).signals["interactie"] is interaction


@pytest.mark.parametrize(("text", "link"), [
    ("Ik vind het te schools worden, daarom doe ik er niet aan mee.", None),
    ("Online maken ze een quiz en in de les doen we er niets mee.", False),
])
def test_taking_part_is_no_link_denied(lex: Lexicon, text: str, link: bool | None) -> None:
    assert analyse(text, lex).signals["samenhang"] is link


@pytest.mark.parametrize("text", [
    "Online maken ze de quiz in Moodle en in de les werken ze verder, ieder voor zich: met "
    "elkaar of met mij is er geen enkele interactie.",
    "In de werkplaats oefenen ze daarna met wat ze online deden; samen met klasgenoten is "
    "er geen interactie.",
])
def test_partners_named_in_the_clause_of_a_denial_are_denied(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["interactie"] is False


def test_listening_in_one_clause_leaves_talking_in_the_next_standing(lex: Lexicon) -> None:
    f = analyse("Thuis luisteren ze een podcast en in de les voeren ze in tweetallen een "
                "gesprek over wat ze hoorden.", lex)
    assert f.signals["interactie"] is True


@pytest.mark.parametrize("text", [
    "In het lab doen ze een simulatie in groepjes. Thuis schrijven ze online een verslag, "
    "dat ik niet aan die simulatie koppel.",
    "Online maken ze een casus en in de les werken ze aan een heel andere casus.",
])
def test_a_link_the_teacher_does_not_make_is_a_loose_part(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["samenhang"] is False


@pytest.mark.parametrize(("text", "split"), [
    ("Toen de school in de lockdown dicht was, gaf ik alles via Teams: mijn lessen voor de "
     "webcam en de opdrachten per mail.", None),
    ("Tijdens de lockdown zette ik de colleges om naar livestreams vanuit het lokaal.", None),
    # controls: part of the group following at the same time stays hybrid, lockdown or not
    ("Door code rood konden drie studenten niet komen; zij volgden mijn les in het lokaal "
     "tegelijk via Teams.", True),
    ("In het lokaal staat een webcam zodat de zieke studenten thuis meekijken.", True),
])
def test_in_an_emergency_a_webcam_or_stream_is_no_split_group(lex: Lexicon, text: str,
                                                              split: bool | None) -> None:
    assert analyse(text, lex).signals["gelijktijdig_gesplitst"] is split


@pytest.mark.parametrize("text", [
    "Ze maken in de ELO een casus. Die casus staat niet los van het skillslab: daar oefenen "
    "ze ermee in tweetallen.",
    "De online module staat niet los van de werkplaats, daar passen ze hem toe.",
])
def test_not_loose_from_a_place_keeps_the_place_and_links(lex: Lexicon, text: str) -> None:
    f = analyse(text, lex)
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is True


def test_a_double_check_is_a_procedure_not_doubling(lex: Lexicon) -> None:
    f = analyse("Online doen ze een e-learning over medicatie en daarna oefenen ze in het "
                "skillslab de dubbele controle.", lex)
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Ik wil er niet aan, want als het online is doet de helft niks.",
    "Als ze in Moodle werken gebeurt er niks.",
])
def test_a_negation_after_a_condition_does_not_reach_into_it(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["online"] is True


def test_a_negation_still_reaches_back_over_its_own_clause(lex: Lexicon) -> None:
    assert analyse("Online doen we verder niks.", lex).signals["online"] is False


@pytest.mark.parametrize("text", [
    "Het lokaal naast de stallen gebruiken we niet meer: ze volgen alles thuis via Teams.",
    "De werkplaats bij de hal gebruiken we dit blok niet, alles gaat via Canvas.",
])
def test_a_room_with_a_modifier_that_is_not_used_denies_the_physical_part(
        lex: Lexicon, text: str) -> None:
    f = analyse(text, lex)
    assert f.signals["fysiek"] is False
    assert f.signals["samenhang"] is None  # an unused room is no loose part


@pytest.mark.parametrize(("text", "tool"), [
    ("In de les oefenen ze met speelgeld; er komt geen computer, telefoon of app aan te pas.",
     None),
    ("Op school of stage, noch in de winkel, noch thuis: geen laptop, tablet of app.", None),
])
def test_every_item_of_a_denied_list_is_denied(lex: Lexicon, text: str,
                                               tool: bool | None) -> None:
    f = analyse(text, lex)
    assert f.signals["online"] is False
    assert f.signals["alleen_tool"] is tool


def test_a_list_after_a_full_stop_is_not_joined_to_the_denial(lex: Lexicon) -> None:
    f = analyse("In de les is er geen laptop. Tablet of app gebruiken ze thuis wel.", lex)
    assert any(h.term == "tablet" and not h.negated for h in f.hits)


@pytest.mark.parametrize("text", [
    "Online zetten ze hun werk in een portfolio. In het atelier werken ze verder, maar ze "
    "bespreken niets met elkaar en ik geef geen feedback.",
    "In de les doen ze niks samen: ieder werkt aan de online opdracht uit Moodle.",
])
def test_niets_as_the_object_denies_the_verb_before_it(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["interactie"] is False


@pytest.mark.parametrize("text", [
    "Bij mijn college zit niemand in het lokaal op de hogeschool: de hele groep volgt het "
    "via Teams, en de rest van de cursus is ook online.",
])
def test_a_shorter_place_inside_a_denied_one_is_denied(lex: Lexicon, text: str) -> None:
    f = analyse(text, lex)
    assert f.signals["fysiek"] is False
    assert f.signals["gelijktijdig_gesplitst"] is not True


def test_nothing_online_outside_the_lesson_reaches_past_om(lex: Lexicon) -> None:
    f = analyse("In de les werken ze op laptops en ik zet de casus op het digibord. Buiten de "
                "les om is er geen online deel.", lex)
    assert f.signals["online"] is False
    assert f.signals["alleen_tool"] is True


@pytest.mark.parametrize("text", [
    "In de les werken ze hun casus uit, ieder voor zich, zonder met elkaar of met mij te "
    "praten.",
    "Op school werken ze verder aan de online opdracht; feedback krijgen ze van niemand.",
    "Op de boerderij stelt iedereen in zijn eentje een rantsoen samen voor de geiten.",
])
def test_working_alone_is_not_read_as_talking_together(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["interactie"] is False


@pytest.mark.parametrize("text", [
    "De cursus loopt volledig online via Zoom; de cursisten komen nooit fysiek bij elkaar.",
    "Ze volgen de les via Teams vanuit huis; lokaal 2.14 blijft dit blok leeg en op school "
    "komen ze niet.",
])
def test_never_meeting_or_an_empty_room_denies_the_physical_part(lex: Lexicon,
                                                                 text: str) -> None:
    assert analyse(text, lex).signals["fysiek"] is False


def test_not_that_denies_its_whole_clause(lex: Lexicon) -> None:
    f = analyse("Niet dat de online logboeken los staan van de praktijklessen in de sporthal, "
                "hoor: de training stel ik samen op basis van wat ze daarin invullen.", lex)
    assert (f.signals["online"], f.signals["samenhang"], f.signals["fysiek"]) == (
        True, True, True)


def test_not_followed_by_a_new_sentence_with_dat_is_an_ordinary_negation(
        lex: Lexicon) -> None:
    f = analyse("Naar school komen ze niet en stage hebben ze ook niet. Dat is toch "
                "blended?", lex)
    assert f.signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Ze komen nooit naar de hogeschool en hebben geen opdracht op hun werk; alles gaat via "
    "een online college.",
])
def test_a_place_phrase_with_their_work_in_it_is_denied_as_a_place(lex: Lexicon,
                                                                   text: str) -> None:
    assert analyse(text, lex).signals["fysiek"] is False


def test_no_student_goes_in_without_doing_the_online_part_first(lex: Lexicon) -> None:
    f = analyse("Er gaat geen student de werkplaats in zonder eerst de online diagnose te "
                "doen.", lex)
    assert (f.signals["fysiek"], f.signals["online"]) == (True, True)
