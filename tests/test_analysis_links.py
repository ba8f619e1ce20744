"""What comes back from one activity in another: the links the lesson analysis reads
without a link word ("die reis", "de vragen die ze fout hadden", "met die info"), and the
clauses and list items it reads as activities of their own.

Each rule has several phrasings of our own and a control that must stay unlinked, so a
test fails when the rule, not a word, breaks. Rule layer only.
"""

from __future__ import annotations

from typing import Any

import pytest

from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


def link(f: RuleFindings) -> tuple[bool | None, str | None]:
    return f.signals["samenhang"], f.lesson.evidence["samenhang"]


@pytest.mark.parametrize(("text", "quote"), [
    ("Ze bekijken thuis in de ELO hun eigen opname, schrijven er drie leerpunten bij, "
     "en in de praktijkles werken ze in duo's aan die leerpunten.", "die leerpunten"),
    ("In Moodle maken ze een rekenopdracht over dakgoten, leggen hun berekeningen vast in "
     "een tabel. In de werkplaats monteren ze per tweetal de dakgoot uit die tabel.",
     "die tabel"),
])
def test_a_clause_without_a_place_belongs_to_the_activity_it_continues(
        lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


@pytest.mark.parametrize(("text", "quote"), [
    ("Ze zoeken online een rondreis uit voor een klant. In de les presenteren ze die reis "
     "aan elkaar.", "die reis"),
    ("Thuis nemen ze een verkooppitch op in Flip en in de les geven ze elkaar tips op die "
     "pitches.", "die pitches"),
])
def test_a_pointed_word_may_be_short_or_plural(lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


@pytest.mark.parametrize(("text", "quote"), [
    ("Thuis doen ze in de ELO een module met oefenvragen. In het skillslab oefenen ze in "
     "drietallen met de vragen die ze fout hadden.", "de vragen"),
    ("In de weekenden houden ze in een hardloopapp hun tijden bij. Maandag in de sporthal "
     "krijgt wie in de app het traagst was tips van zijn groepje.", "de app"),
])
def test_the_last_part_of_an_earlier_compound_comes_back(
        lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


@pytest.mark.parametrize(("text", "quote"), [
    ("Op stage houden ze een week lang in de app hun observaties bij. In de les op school "
     "maken we van die observaties samen een zorgplan.", "die observaties"),
    ("Thuis zoeken ze online op wat de foutcodes betekenen. In de werkplaats lossen ze met "
     "die info de storing op.", "die info"),
])
def test_a_pointed_product_of_earlier_work_links_the_parts(
        lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


@pytest.mark.parametrize("text", [
    "Thuis doen ze een online module over hygiene. In het skillslab oefenen ze in drietallen "
    "het tillen.",
    "Ze volgen online een cursus Excel en in de werkplaats lassen ze in duo's een frame.",
])
def test_two_parts_with_nothing_coming_back_stay_open(lex: Lexicon, text: str) -> None:
    assert link(run(lex, text)) == (None, None)


@pytest.mark.parametrize("text", [
    "Studieloopbaan: - maandag meten ze in groepjes de geluidsniveaus in de kantine - dinsdag "
    "zetten ze de metingen in een online dashboard - vrijdag bespreken we op school wat opviel",
    "Opzet: – thuis een kennisclip in Canvas – in het lokaal oefenen ze in duo's – daarna een "
    "quiz",
])
def test_a_free_dash_on_one_line_separates_list_items(lex: Lexicon, text: str) -> None:
    places = [a.place for a in run(lex, text).lesson.activities]
    assert "online" in places and "fysiek" in places
    assert places.index("online") != places.index("fysiek")


def test_a_hyphen_inside_a_word_is_no_list_item(lex: Lexicon) -> None:
    f = run(lex, "Ze doen thuis de e-learning en in de les oefenen ze met elkaar.")
    assert [a.place for a in f.lesson.activities] == ["online", "fysiek"]


@pytest.mark.parametrize("text", [
    "We hebben een skihal met één piste, dus de ene helft traint maandag in de skihal en de "
    "andere helft bekijkt online hun afdaling om die dinsdag zelf te trainen. Dinsdag "
    "wisselen ze.",
    "Eén oefendak voor twintig man: de ene helft legt maandag dakpannen op het oefendak, de "
    "andere helft tekent die dag online het legplan voor het dak waar ze dinsdag zelf op "
    "staan. Dinsdag draaien we het om.",
])
def test_groups_taking_turns_at_one_task_build_on_each_other(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["gelijktijdig_gesplitst"] is False
    assert f.signals["samenhang"] is True
    assert f.lesson.evidence["samenhang"] in text


def test_groups_taking_turns_at_unrelated_work_stay_open(lex: Lexicon) -> None:
    f = run(lex, "De ene helft traint maandag in de sporthal, de andere helft maakt die dag "
                 "online een quiz over voeding. Dinsdag wisselen ze.")
    assert f.signals["gelijktijdig_gesplitst"] is False
    assert f.signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "Drie dagen houden ze hun slaap bij in een app. In de les rekenen ze in tweetallen uit "
    "wat dat betekent.",
    "Een week lang noteren ze hun uitgaven in een budgetapp en in de les vergelijken we.",
])
def test_a_tool_over_days_is_the_online_activity(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.lesson.activities[0].place == "online"


@pytest.mark.parametrize("place", ["in de makerspace", "in het fablab", "in de hal",
                                   "op het lesschip"])
def test_more_school_places(lex: Lexicon, place: str) -> None:
    f = run(lex, f"Thuis doen ze een online module en {place} bouwen ze in groepjes een model.")
    assert f.signals["fysiek"] is True


@pytest.mark.parametrize("text", [
    "We zetten de uitleg in kennisclips zodat er in de les meer tijd is om in groepjes te "
    "oefenen.",
    "Ik zet de theorie in een online module zodat we op school met casussen aan de slag "
    "kunnen.",
])
def test_zodat_opens_a_purpose_clause_of_its_own(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert [a.place for a in f.lesson.activities] == ["online", "fysiek"]
    assert f.signals["online"] is True  # the clips are not a tool in class


@pytest.mark.parametrize("emoji", ["🎨", "🙂", "👍"])
def test_an_emoji_closes_a_clause_like_punctuation(lex: Lexicon, emoji: str) -> None:
    f = run(lex, f"In het atelier werken ze in tweetallen aan een affiche. Online doen we "
                 f"echt niks {emoji} blended?")
    assert f.signals["online"] is False


@pytest.mark.parametrize("text", [
    "Ze doen in de ELO een module en bespreken die daarna in een Teams-call. Op school of op "
    "stage komt het niet terug.",
    "Alles gaat via Teams en het forum; op het werk komt het nooit terug.",
])
def test_a_place_named_only_to_say_the_work_never_comes_there_is_denied(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False
    assert "terug" in f.lesson.evidence["fysiek"]


@pytest.mark.parametrize("text", [
    "Ze doen thuis een online module, maar in de les komt die module niet terug.",
    "Ze doen online opdrachten, maar op school werken we aan iets anders en komen die "
    "opdrachten nooit meer terug.",
])
def test_a_lesson_the_work_does_not_come_back_in_is_a_loose_part(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is False


@pytest.mark.parametrize(("text", "quote"), [
    ("Thuis analyseren ze in een app hun eigen sprong. In de gymzaal werken ze in drietallen "
     "aan de punten die ze zelf gevonden hebben.", "die ze zelf gevonden hebben"),
    ("Groep A oefent maandag in het lokaal; dinsdag verwerkt groep A online wat ze maandag "
     "geoefend hebben.", "wat ze maandag geoefend hebben"),
])
def test_a_perfect_tense_relative_clause_works_with_earlier_work(
        lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


def test_a_relative_clause_does_not_reach_over_en(lex: Lexicon) -> None:
    f = run(lex, "Er is een online cursus die ze moeten afronden en daarnaast hebben ze elke "
                 "week een werkcollege met een casus.")
    assert f.signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "Ze doen een online module en oefenen daarna op school met de heftruck, met de "
    "instructeur erbij.",
    "Na de online les oefenen ze in het lokaal, met de docent erbij.",
])
def test_someone_being_there_is_nothing_new(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["iets_nieuws"] is None


@pytest.mark.parametrize("text", [
    "In het atelier maken ze in tweetallen proeftegels; een scherm komt er niet aan te pas.",
    "Ze oefenen in de werkplaats met elkaar, een beeldscherm gebruiken we niet.",
])
def test_no_screen_means_no_online_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is False


def test_a_screen_in_a_phrase_of_distance_is_that_belief(lex: Lexicon) -> None:
    f = run(lex, "Blended is niks voor ons: dan zitten ze thuis achter een scherm in plaats "
                 "van samen in de studio.")
    assert f.signals["afstand"] is True
    assert f.signals["alleen_tool"] is None


@pytest.mark.parametrize("text", [
    "Onze teamleider wil de theorie in kennisclips zetten zodat er minder lesuren nodig zijn "
    "en er een docent minder ingeroosterd wordt. Is dat blended?",
    "De instructie gaat naar een e-learning zodat we twee klassen kunnen samenvoegen met één "
    "docent in het lokaal. Blended?",
])
def test_a_plan_that_saves_on_teaching_gets_the_savings_card(classifier_model: Any,
                                                             text: str) -> None:
    c = classifier_model.classify(text)
    assert (c.verdict, c.card) == ("niet_blended", "mis-bezuiniging")


@pytest.mark.parametrize("text", [
    "Online maken ze oefeningen en daarna volgt een nabespreking (of die op school of via "
    "Teams is weet ik nog niet).",
    "Thuis maken ze een online quiz. Ik weet nog niet of de bespreking op school of via "
    "Teams wordt.",
])
def test_a_choice_of_place_not_made_yet_leaves_the_place_open(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is None
    assert f.signals["online"] is True  # the part the teacher did decide


def test_a_decided_place_beside_not_knowing_something_else_counts(lex: Lexicon) -> None:
    f = run(lex, "Thuis maken ze een online quiz en in de les bespreken we die. Hoe ik ga "
                 "beoordelen weet ik nog niet.")
    assert f.signals["fysiek"] is True


@pytest.mark.parametrize("text", [
    "Groep A komt maandag naar school voor de workshop, groep B op dinsdag; op hun andere dag "
    "werken ze online aan de voorbereiding. Blended of hybride?",
    "De ene helft zit woensdag in het lab en de andere helft donderdag, de rest van de week "
    "werken ze online verder.",
])
def test_groups_on_different_days_take_turns(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["gelijktijdig_gesplitst"] is False


def test_groups_on_the_same_day_in_two_places_are_hybrid(lex: Lexicon) -> None:
    f = run(lex, "Groep A zit maandag in het lokaal en groep B kijkt maandag thuis online mee.")
    assert f.signals["gelijktijdig_gesplitst"] is True


@pytest.mark.parametrize("text", [
    "De school was twee weken dicht door waterschade, dus ik gaf alles via Teams.",
    "Toen het gebouw gesloten was vanwege asbest heb ik in allerijl online lesgegeven.",
])
def test_a_building_closed_by_a_cause_is_emergency_teaching(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["corona"] is True


@pytest.mark.parametrize(("text", "card"), [
    ("Kun je uitleggen waarom het noodonderwijs in de lockdown geen blended leren was?",
     "mis-noodonderwijs"),
    ("Leg eens uit waarom hybride lesgeven iets anders is dan blended.", "mis-hybride"),
])
def test_a_request_to_explain_is_a_question(classifier_model: Any, text: str,
                                            card: str) -> None:
    c = classifier_model.classify(text)
    assert (c.intent, c.card) == ("question", card)


def test_a_belief_stays_a_belief(classifier_model: Any) -> None:
    c = classifier_model.classify("Het noodonderwijs in de lockdown was toch gewoon blended?")
    assert (c.intent, c.verdict, c.card) == ("scenario", "niet_blended", "mis-noodonderwijs")


@pytest.mark.parametrize("text", [
    "Na de e-learning stel ik in het lokaal de set voor hun ogen samen; zij kijken toe.",
    "Ze doen online een module en in de werkplaats stelt de docent het pakket samen.",
])
def test_samen_as_the_particle_of_samenstellen_is_no_interaction(lex: Lexicon,
                                                                 text: str) -> None:
    assert run(lex, text).signals["interactie"] is not True


def test_samen_after_a_verb_of_its_own_is_interaction(lex: Lexicon) -> None:
    f = run(lex, "Na de e-learning stellen ze in het lokaal vragen en werken ze samen.")
    assert f.signals["interactie"] is True


@pytest.mark.parametrize("text", [
    "Ze lezen online een artikel. In het college geef ik daarna een presentatie; ze luisteren "
    "alleen.",
    "Ze bekijken een kennisclip en in de les presenteer ik de theorie, de studenten luisteren.",
])
def test_the_teacher_presenting_to_listeners_is_no_interaction(lex: Lexicon,
                                                              text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


def test_students_presenting_is_interaction(lex: Lexicon) -> None:
    f = run(lex, "Ze maken online een poster en in de les geven ze een presentatie aan elkaar.")
    assert f.signals["interactie"] is True


@pytest.mark.parametrize("text", [
    "Online krijgen ze een casus. In de les leg ik die uit; er is geen tijd voor vragen of "
    "overleg.",
    "Thuis doen ze een online quiz en in de les is er geen ruimte voor discussie of "
    "feedback.",
    "Ze doen online een module, in de werkgroep wordt geen inbreng van ze gevraagd.",
])
def test_no_room_for_interaction_denies_it(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


def test_no_time_beside_lessons_denies_no_lesson(lex: Lexicon) -> None:
    f = run(lex, "Ik heb daar geen tijd voor naast mijn lessen op school.")
    assert f.signals["fysiek"] is not False


def test_a_final_negator_reaches_over_a_long_coordinated_place(lex: Lexicon) -> None:
    f = run(lex, "Ze oefenen online in een simulatie; op school of op een ambulance komen ze "
                 "voor dit onderdeel niet.")
    assert f.signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Thuis doen ze een online quiz. Op school bespreken we de antwoorden.",
    "Ze maken een opdracht in de digitale omgeving. In het lokaal verbeteren ze die samen.",
])
def test_an_online_word_before_a_full_stop_makes_no_room_virtual(lex: Lexicon,
                                                                 text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert [a.place for a in f.lesson.activities] == ["online", "fysiek"]


def test_a_room_right_after_an_online_word_is_virtual(lex: Lexicon) -> None:
    f = run(lex, "Ze lopen thuis door een virtueel lab en maken een verslag.")
    assert f.signals["fysiek"] is not True


@pytest.mark.parametrize(("text", "quote"), [
    ("Ze draaien hun sprints online in GitLab en vrijdag op school doen we de sprint review.",
     "de sprint"),
    ("Thuis zetten ze een reactie in de Teams-groep. In de les kies ik de meest uiteenlopende "
     "reacties voor een debat.", "de meest uiteenlopende reacties"),
])
def test_a_word_that_comes_back_in_another_number_links_the_parts(
        lex: Lexicon, text: str, quote: str) -> None:
    assert link(run(lex, text)) == (True, quote)


@pytest.mark.parametrize("text", [
    "Vooraf doen ze in de plantenapp een quiz, op de lesdag ontwerpen ze in groepjes een plan.",
    "Van tevoren maken ze een Kahoot en in de les bespreken we de uitslag.",
])
def test_a_tool_used_beforehand_is_out_of_class(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


def test_vr_glasses_in_class_are_a_classroom_tool(lex: Lexicon) -> None:
    f = run(lex, "In de les lopen ze met VR-brillen door een virtuele bouwplaats. Daarbuiten "
                 "doen we niks digitaals.")
    assert f.signals["fysiek"] is True
    assert f.signals["online"] is False


@pytest.mark.parametrize("text", [
    "Ik ben net nieuw in het team. Is onze opleiding blended?",
    "Onze nieuwe collega vraagt of ons vak blended is.",
    "In ons nieuwe teamplan staat 'blended lesgeven'. Wat wordt daarmee bedoeld?",
])
def test_new_said_of_a_person_or_thing_is_no_belief_about_new_things(lex: Lexicon,
                                                                     text: str) -> None:
    assert run(lex, text).signals["iets_nieuws"] is None


def test_blended_called_new_is_that_belief(lex: Lexicon) -> None:
    assert run(lex, "Blended is weer iets nieuws dat erbij moet.").signals["iets_nieuws"] is True


@pytest.mark.parametrize("text", [
    "Ze doen online een module over conflicthantering en oefenen op school ook in "
    "rollenspellen met een acteur.",
    "Thuis kijken ze in de ELO een kennisclip over tillen en in de les oefenen ze de "
    "tiltechniek met elkaar.",
])
def test_a_shared_topic_alone_leaves_the_link_open(lex: Lexicon, text: str) -> None:
    # the definition asks that activities build on each other; the same subject does not
    # say they do, so the bot asks instead of claiming a link the teacher did not write
    assert run(lex, text).signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "Thuis lezen ze in de ELO de instructie. Op school stellen ze vragen over wat ze thuis "
    "niet snapten en oefenen ze in tweetallen.",
    "Ze maken online een quiz en in de les bespreken we wat ze online niet wisten.",
])
def test_a_negated_verb_closing_a_clause_denies_no_link(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is not False


def test_a_negated_split_verb_still_reaches_back(lex: Lexicon) -> None:
    f = run(lex, "Groep 1 zit in het lokaal en groep 2 doet tegelijk mee via Teams; ze wisselen "
                 "nooit om.")
    assert f.signals["gelijktijdig_gesplitst"] is True


@pytest.mark.parametrize("text", [
    "Online lezen ze de instructie. Op school doe ik het voor. Vragen stellen, oefenen of "
    "samenwerken zit er niet in.",
    "Thuis kijken ze een clip in de ELO en in de les luisteren ze; ze hebben geen contact met "
    "mij of met elkaar.",
])
def test_listed_or_coordinated_interaction_is_denied_together(lex: Lexicon,
                                                              text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


@pytest.mark.parametrize("text", [
    "In week 1 half of the students review code online while the other half pairs on "
    "campus; in week 2 they switch and on campus they fix the issues from their reviews.",
    "Students record a pitch online before the seminar and on campus they give feedback on "
    "the recordings.",
])
def test_english_connectives_split_and_link(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True and f.signals["online"] is True
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Ik neem mijn hoorcolleges op en zet ze in Brightspace. De werkcolleges blijven precies "
    "zoals ze waren.",
    "Ik zet mijn lessen als video online; de lessen zelf blijven zoals ze waren.",
])
def test_lessons_that_stay_as_they_were_leave_a_recording_alone(lex: Lexicon,
                                                                text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is False
    assert f.signals["alleen_opname"] is True


@pytest.mark.parametrize("text", [
    "MLO niveau 4, titratie\n- online: simulatie in de ELO\n- lab: practicum in tweetallen\n"
    "blended ja/nee?",
    "Entree nivo 2: thuis een online quiz, in de les bespreken we die. Blended of niet?",
])
def test_a_students_level_is_no_question_about_levels_of_blended(classifier_model: Any,
                                                                 text: str) -> None:
    c = classifier_model.classify(text)
    assert c.intent == "scenario"
    assert c.card != "def-niveaus"


@pytest.mark.parametrize("text", [
    "In de klas zoeken de studenten op hun laptop in de online wettenbundel de artikelen op "
    "en daarna bespreken we de casus.",
    "Ze maken die opdrachten nu in de les op de Chromebook in de ELO in plaats van op papier.",
])
def test_an_online_environment_on_own_devices_in_class_is_ict_in_class(lex: Lexicon,
                                                                       text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is False
    assert f.signals["alleen_tool"] is True


def test_an_online_environment_on_a_laptop_at_home_is_online(lex: Lexicon) -> None:
    f = run(lex, "Thuis zoeken ze op hun laptop in de online wettenbundel de artikelen op en "
                 "in de klas bespreken we die.")
    assert f.signals["online"] is True


@pytest.mark.parametrize("text", [
    "Tussen de lessen door posten ze foto's op een Padlet. In het atelier kiest elk groepje er "
    "een uit.",
    "Ze werken het uit in Miro en ik geef async feedback, die verwerken ze voor de "
    "praktijkles.",
    "Studenten bereiden in Padlet vragen voor over het artikel en in het college gaan we met "
    "die vragen in gesprek.",
    "Na elke stagedag vullen ze in een app een reflectie in, op de lesdag bespreken we die.",
])
def test_a_tool_used_out_of_class_is_the_online_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


@pytest.mark.parametrize("text", [
    "Ik bereid mijn lessen voor met ChatGPT en in de les werken ze op papier.",
    "We hebben voor elke klas een touchscreen gekregen en ik gebruik het in de les voor mijn "
    "uitleg.",
])
def test_the_teachers_own_preparation_or_a_device_for_a_class_is_no_online_part(
        lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is not True


@pytest.mark.parametrize("text", [
    "De studenten houden in een trainingsapp hun hartslag bij. In de gymzaal analyseren ze "
    "in tweetallen die gegevens.",
    "Ze maken in de app een oefening met wijncombinaties. De combinaties die ze fout hadden "
    "proeven ze daarna in het restaurant van school na.",
])
def test_a_tool_activity_a_later_meeting_takes_up_was_used_out_of_class(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["samenhang"] is True
    assert f.lesson.activities[0].place == "online"


def test_a_tool_activity_nothing_takes_up_stays_a_tool(lex: Lexicon) -> None:
    f = run(lex, "De studenten houden in een trainingsapp hun hartslag bij. In de gymzaal doen "
                 "ze een circuittraining.")
    assert f.signals["online"] is not True


@pytest.mark.parametrize("word", ["trainingsapp", "sprintapp", "voedingsapp"])
def test_a_compound_of_a_known_stem_is_no_typo(lex: Lexicon, word: str) -> None:
    assert lex.canonical(word) == word


@pytest.mark.parametrize("text", [
    "Voor het werkcollege lezen ze een artikel in Perusall en zetten er vragen bij; in het "
    "werkcollege bespreken we die vragen.",
    "Thuis maken ze een Forms-opdracht en de dag erna gebruiken ze de antwoorden in de "
    "werkplaats.",
])
def test_more_named_tools_are_online(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is True


@pytest.mark.parametrize("person", ["stagebegeleider", "praktijkopleider", "kantinebeheerder"])
def test_a_compound_naming_a_person_is_no_place(lex: Lexicon, person: str) -> None:
    f = run(lex, f"Ze bespreken hun logboek online met de {person}.")
    assert f.signals["fysiek"] is None


def test_students_at_school_in_a_description_is_no_belief_about_distance(lex: Lexicon) -> None:
    f = run(lex, "Ik geef dinsdag een online les via Teams, en donderdag werken de studenten op "
                 "school in groepjes een offerte uit.")
    assert f.signals["afstand"] is None


@pytest.mark.parametrize("text", [
    "Op donderdag zit de ene helft in het lokaal en kijkt de andere helft op datzelfde moment "
    "thuis via Teams mee met dezelfde uitleg; vrijdag wisselen de helften om.",
    "De ene groep zit in de klas en de andere groep volgt tegelijk via Teams; de week erna "
    "wisselen ze.",
])
def test_halves_that_swap_but_follow_one_lesson_at_a_time_are_hybrid(lex: Lexicon,
                                                                     text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is True


def test_halves_that_swap_and_build_on_each_other_take_turns(lex: Lexicon) -> None:
    f = run(lex, "De ene groep zit in de klas en de andere groep volgt tegelijk via Teams; de "
                 "week erna wisselen ze en gaan ze verder met de casus van de eerste week.")
    assert f.signals["gelijktijdig_gesplitst"] is False


@pytest.mark.parametrize(("text", "quote"), [
    ("Zondag doen ze thuis een Kahoot over de stof en maandag in het lokaal bespreek ik de "
     "vragen waar ze het slechtst op scoorden.", None),
    ("Ze maken online een oefentoets. In de les werken ze aan de opgaven die ze fout maakten.",
     "die ze fout maakten"),
])
def test_a_past_tense_relative_clause_works_with_earlier_work(
        lex: Lexicon, text: str, quote: str | None) -> None:
    value, evidence = link(run(lex, text))
    assert value is True
    assert quote is None or evidence == quote


def test_an_infinitive_after_a_modal_is_no_earlier_work(lex: Lexicon) -> None:
    f = run(lex, "Er is een online MOOC die ze moeten afronden en daarnaast hebben ze elke week "
                 "een werkcollege.")
    assert f.signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "Vrijdag maken ze thuis een H5P-oefening in Moodle over bloeddruk meten, en maandag "
    "oefenen ze in het skillslab in tweetallen het bloeddruk meten.",
    "Thuis lezen ze online een artikel over gespreksvoering en in de les oefenen ze de "
    "gespreksvoering in rollenspellen.",
])
def test_the_same_subject_again_leaves_the_link_open(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is None


def test_what_earlier_work_made_coming_back_links(lex: Lexicon) -> None:
    f = run(lex, "Thuis maken ze online een casus over bloeddruk. In de les bespreken de "
                 "groepjes die casus.")
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("place", ["op hun werk", "op hun werkplek", "bij hun leerbedrijf"])
def test_their_work_as_a_place_is_the_workplace(lex: Lexicon, place: str) -> None:
    f = run(lex, f"Ze voeren {place} een klantgesprek en zetten daarna een verslag in het "
                 "online portfolio.")
    assert f.signals["fysiek"] is True
    assert f.lesson.activities[0].place == "werkplek"


@pytest.mark.parametrize("text", [
    "Ze doen online modules en sessies in de studio. I don't know if it's blended in the sense "
    "you use it?",
    "Ze kijken thuis online een clip en in de les oefenen ze. Ben ik daarmee blended?",
])
def test_a_link_word_in_the_question_about_blended_is_no_link(lex: Lexicon,
                                                              text: str) -> None:
    assert run(lex, text).signals["samenhang"] is None


def test_a_lesson_described_in_the_blended_clause_keeps_its_link(lex: Lexicon) -> None:
    f = run(lex, "My course is blended because students watch a lecture online and discuss it "
                 "on campus afterwards.")
    assert f.signals["samenhang"] is True


def test_taking_turns_with_a_headset_in_one_room_is_no_hybrid(lex: Lexicon) -> None:
    f = run(lex, "In het lokaal zetten de studenten om de beurt een VR-bril op, de rest kijkt "
                 "mee op het grote scherm.")
    assert f.signals["gelijktijdig_gesplitst"] is not True


def test_no_feedback_denies_interaction_not_the_link(lex: Lexicon) -> None:
    f = run(lex, "In de les werken ze individueel en thuis lezen ze de pdf's die ik op "
                 "Itslearning zet. Er is geen overleg en geen feedback.")
    assert f.signals["interactie"] is False
    assert f.signals["samenhang"] is not False


def test_a_onenote_compound_is_a_tool_used_out_of_class(lex: Lexicon) -> None:
    f = run(lex, "Op hun leerbedrijf verzamelen ze gegevens en zetten die in een gedeeld "
                 "OneNote-notitieblok. Op de schooldag analyseren ze die gegevens in groepjes.")
    assert f.signals["online"] is True
    assert f.signals["samenhang"] is True


def test_going_to_a_lesson_is_going_to_the_room(lex: Lexicon) -> None:
    f = run(lex, "Thuis bouwen ze een schakeling in een online simulator, en de schakeling die in "
                 "de simulatie werkt nemen ze mee naar de les.")
    assert f.signals["fysiek"] is True


@pytest.mark.parametrize("text", [
    "Ze hebben maandag een live les via Teams en voeren de opdracht de rest van de week uit bij "
    "hun leerbedrijf; de maandag erna gaan we daarmee verder.",
])
def test_the_rest_of_the_week_is_no_part_of_the_group(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is not True


@pytest.mark.parametrize("text", [
    "Ik heb mijn colleges opgenomen en op Stream gezet. In de les doen we wat we altijd deden.",
    "De opnames staan op stream en verder verandert er niets.",
])
def test_posted_on_stream_is_a_platform_not_a_live_stream(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["gelijktijdig_gesplitst"] is not True
    assert f.signals["alleen_opname"] is True


def test_at_home_in_teams_is_microsoft_teams(lex: Lexicon) -> None:
    f = run(lex, "Op dinsdag maken ze thuis opdrachten in teams en op donderdag bouwen ze op "
                 "school in groepjes verder aan wat ze dinsdag hebben ingeleverd.")
    assert f.signals["online"] is True
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Ze doen de theorie in een online module, en daarnaast hebben ze elke week een dagdeel op de "
    "brugsimulator op school.",
    "Ze lezen een uitspraak op de ELO en schrijven er online een analyse over. Daarnaast is er "
    "elke week een werkgroep ontslagrecht.",
])
def test_a_part_put_beside_the_other_leaves_the_link_open(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "In de studio werken ze aan een heel andere opdracht; de padlet is een apart traject van een "
    "collega en komt daar nooit ter sprake.",
    "Hun antwoorden op de online casus komen in de skillsles nooit ter sprake, die les heeft z'n "
    "eigen programma.",
])
def test_indirect_looseness_denies_the_link(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is False


def test_never_without_is_always_with(lex: Lexicon) -> None:
    f = run(lex, "Ze maken een online casus. Ik begin de skillsles nooit zonder eerst hun "
                 "antwoorden op die casus door te lopen.")
    assert f.signals["samenhang"] is True


def test_a_workplace_that_does_not_take_part_is_no_physical_part(lex: Lexicon) -> None:
    f = run(lex, "Ze oefenen in een online klantsimulatie, omdat hun leerbedrijf niet meedoet aan "
                 "deze module en ze ook niet naar school komen.")
    assert f.signals["fysiek"] is False


def test_a_cloud_lab_is_online(lex: Lexicon) -> None:
    f = run(lex, "Vanuit huis zetten ze configuraties op virtuele routers in een cloud-lab; naar "
                 "school komen ze voor deze module helemaal niet.")
    assert f.signals["fysiek"] is False
    assert f.signals["online"] is True


def test_a_purpose_that_comes_back_is_the_same_subject(lex: Lexicon) -> None:
    f = run(lex, "Voor blessurepreventie spelen ze thuis een kahoot, en in de gymzaal doen we de "
                 "praktijklessen blessurepreventie in groepjes.")
    assert f.signals["samenhang"] is None


def test_english_after_the_lab_is_a_time(lex: Lexicon) -> None:
    f = run(lex, "After the lab session students write an online report in Canvas and peer "
                 "review each other's reports before the next lab.")
    assert f.lesson.activities[0].place == "online"
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Betonwerkers zetten op het buitenterrein in groepjes een bekisting en controleren elkaars "
    "maatvoering.",
    "Bij de volgende controle in de stal werken ze de tips af.",
])
def test_checking_as_the_work_is_no_belief_about_schoolishness(lex: Lexicon,
                                                               text: str) -> None:
    assert run(lex, text).signals["verschoolsing"] is None


def test_too_many_checks_is_that_belief(lex: Lexicon) -> None:
    f = run(lex, "Wordt het met blended niet veel te schools met al die controles?")
    assert f.signals["verschoolsing"] is True


def test_suddenly_alone_is_no_emergency(lex: Lexicon) -> None:
    f = run(lex, "In ons teamplan staat ineens 'blended lesgeven'. Wat wordt daarmee bedoeld?")
    assert f.signals["corona"] is None


def test_a_teacher_shortage_forcing_online_is_an_emergency(lex: Lexicon) -> None:
    f = run(lex, "Door het lerarentekort moesten we opeens twee weken online lesgeven.")
    assert f.signals["corona"] is True


def test_a_group_at_home_following_the_same_lesson_is_hybrid(lex: Lexicon) -> None:
    f = run(lex, "Ik geef uitleg en ze werken aan een opdracht. O ja, er zit altijd een groepje "
                 "thuis dat tegelijk via Teams meekijkt.")
    assert f.signals["gelijktijdig_gesplitst"] is True


@pytest.mark.parametrize(("text", "card"), [
    ("Wat is eigenlijk het verschil tussen online noodonderwijs en blended leren?",
     "mis-noodonderwijs"),
    ("What's the difference tussen blended en hybride onderwijs?", "mis-hybride"),
    ("In ons teamplan staat 'blended lesgeven'. Wat wordt daar eigenlijk mee bedoeld?",
     "def-blended-lesgeven"),
])
def test_asking_what_something_is_or_how_two_differ_is_a_question(
        classifier_model: Any, text: str, card: str) -> None:
    c = classifier_model.classify(text)
    assert (c.intent, c.card) == ("question", card)


def test_a_same_subject_named_later_is_no_link_either(lex: Lexicon) -> None:
    f = run(lex, "In de les behandel ik het 4P-model en op de ELO staat ook een e-learning over "
                 "het 4P-model die ze kunnen doen.")
    assert f.signals["samenhang"] is None


def test_there_for_a_place_just_named_points_at_no_work(lex: Lexicon) -> None:
    f = run(lex, "In week 1 doen ze in Moodle een module over bekisting. Vanaf week 2 staan ze "
                 "in de werkplaats. Daar zetten ze in groepjes een bekisting op.")
    assert f.signals["samenhang"] is None


def test_an_exception_to_nothing_digital_is_the_online_part(lex: Lexicon) -> None:
    f = run(lex, "In de kas gaat alles met de hand, niks digitaal behalve de teeltregistratie in "
                 "OneNote; donderdag bespreken we die cijfers bij de kasronde.")
    assert f.signals["online"] is True
    assert f.signals["fysiek"] is True


def test_a_tool_then_at_home_is_used_at_home(lex: Lexicon) -> None:
    f = run(lex, "Wooclap voor mijn colleges, thuis invullen en de antwoorden daarna bespreken "
                 "in de zaal.")
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


def test_screens_not_used_in_the_workshop_is_no_loose_part(lex: Lexicon) -> None:
    f = run(lex, "Schermen gebruiken we in de werkplaats niet, thuis wel: daar kijken ze in Moodle "
                 "de instructie, en de fouten pakken we maandag aan bij de lasbank.")
    assert f.signals["samenhang"] is True
    assert f.signals["online"] is True


def test_a_compound_does_not_outweigh_interaction_said_to_be_absent(lex: Lexicon) -> None:
    f = run(lex, "Vooraf doen ze een online module en in het werkcollege kijken ze naar een "
                 "voorbeeldgesprek. Ze zeggen niks en werken niet samen.")
    assert f.signals["interactie"] is False


@pytest.mark.parametrize("text", [
    "Ze volgen de module online en bouwen daarnaast thuis in een simulator een netwerk op.",
    "Thuis in de garage sleutelen ze en online zoeken ze de onderdelen op.",
])
def test_a_room_at_home_is_no_physical_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is not True


def test_an_organisation_called_thuis_puts_no_room_at_home(lex: Lexicon) -> None:
    f = run(lex, "Er komt een gastspreker van Veilig Thuis naar lokaal B1 en de studenten "
                 "interviewen haar met de vragen van het Padlet.")
    assert f.signals["fysiek"] is True


def test_what_the_group_found_online_opens_the_lesson(lex: Lexicon) -> None:
    f = run(lex, "De ene week is groep 1 in de zaal en doet groep 2 thuis een online opdracht, de "
                 "week erna andersom; de zaalles begint steeds met wat de groep online heeft "
                 "uitgezocht.")
    assert f.signals["samenhang"] is True
    assert f.signals["gelijktijdig_gesplitst"] is False


def test_needed_in_class_links_the_parts(lex: Lexicon) -> None:
    f = run(lex, "Wat ze in de online module oefenen, hebben ze meteen nodig in de les.")
    assert f.signals["samenhang"] is True


def test_the_clip_not_used_in_class_is_a_loose_part(lex: Lexicon) -> None:
    f = run(lex, "De studenten kijken het instructiefilmpje thuis, en in de praktijkruimte geef ik "
                 "dezelfde demonstratie; het filmpje gebruiken we daar niet.")
    assert f.signals["samenhang"] is False


def test_tools_joined_by_or_are_denied_together(lex: Lexicon) -> None:
    f = run(lex, "We doen in dit vak niks met apps of de ELO; in de schooltuin zetten ze met hun "
                 "groepje een plan uit.")
    assert f.signals["online"] is False


@pytest.mark.parametrize("place", ["op de kazerne", "in de oefenkliniek", "op de oefenbaan",
                                   "op het terrein bij school", "in de bandrepetitie"])
def test_more_practice_places(lex: Lexicon, place: str) -> None:
    f = run(lex, f"Ze volgen online een module en {place} oefenen ze daarna de handelingen.")
    assert f.signals["fysiek"] is True


@pytest.mark.parametrize("text", [
    "Thuis mixen ze online een beat. In de studio op school werken ze met de tips die ze "
    "kregen.",
    "Ze doen online een quiz en in de les beginnen we met de vragen die ze fout hadden.",
])
def test_a_strong_past_tense_closes_a_clause_about_earlier_work(lex: Lexicon,
                                                                text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


def test_a_link_one_does_not_know_yet_is_open(lex: Lexicon) -> None:
    f = run(lex, "Ik heb een online module hygiene gebouwd. Hoe die straks samenhangt met de "
                 "praktijklessen weet ik eigenlijk nog niet.")
    assert f.signals["samenhang"] is None
    assert f.lesson.evidence["fysiek"] != "gebouwd"  # "gebouwd" is no building


def test_not_repeating_the_explanation_keeps_the_room(lex: Lexicon) -> None:
    f = run(lex, "Ze kijken vooraf de kennisclips, en in de werkplaats herhaal ik de uitleg niet "
                 "maar gaan ze meteen lassen met wat ze in de clips zagen.")
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is True


def test_halves_swapping_with_one_at_home_watching_live_are_hybrid(lex: Lexicon) -> None:
    f = run(lex, "Groep A zit in de werkplaats bij de uitleg, groep B kijkt op hetzelfde moment "
                 "thuis live mee via een webcam; next week they switch.")
    assert f.signals["gelijktijdig_gesplitst"] is True


def test_never_meeting_at_school_denies_the_physical_part(lex: Lexicon) -> None:
    f = run(lex, "Ze volgen online een training en bespreken die online. Ze lopen geen stage en "
                 "we zien elkaar nooit op school.")
    assert f.signals["fysiek"] is False


def test_a_course_without_salon_lessons_has_no_physical_part(lex: Lexicon) -> None:
    f = run(lex, "Ze doen alles online met oefenvragen. Het vak is bewust zonder salonlessen "
                 "ontworpen.")
    assert f.signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Onze praktijkhal stond blank door een gesprongen leiding en ik heb twee weken alles via "
    "Teams gedaan.",
    "Op stel en sprong moest alles via Teams.",
])
def test_more_emergencies(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["corona"] is True


def test_working_further_with_online_feedback_on_the_next_studio_day_links(lex: Lexicon) -> None:
    f = run(lex, "Ze zetten hun opnames van de studiodag online en geven elkaar daar feedback, "
                 "waarmee ze op de volgende studiodag verder werken.")
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is True


def test_starting_with_the_questions_they_got_stuck_on_links(lex: Lexicon) -> None:
    f = run(lex, "Thuis doorlopen ze een online module, en in de mock-up op school voeren ze de "
                 "demo uit, waarbij we starten met de vragen waar ze op vastliepen.")
    assert f.signals["samenhang"] is True


def test_working_on_each_others_work_beside_the_online_part_is_no_link(lex: Lexicon) -> None:
    f = run(lex, "Ze maken online een kleurleer-opdracht en werken daarnaast aan een proefwand in "
                 "de werkplaats, waar ze elkaars werk beoordelen.")
    assert f.signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "We geven de theorielessen bewust via Teams, en de opdrachten daaruit voeren ze op school "
    "in het leerrestaurant uit.",
    "In de BPV noteren ze elke week een knelpunt in een online logboek, en op de terugkomdag "
    "kiezen we samen één knelpunt om verder uit te diepen.",
])
def test_more_link_words(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


def test_nothing_else_online_is_denied_with_the_elo(lex: Lexicon) -> None:
    f = run(lex, "Naast de lessen in het lokaal gebruiken we geen ELO of iets anders online; de "
                 "oefenopdrachten maken ze in hun werkboek.")
    assert f.signals["online"] is False


def test_the_room_of_a_point_in_time_is_no_place_of_the_activity(lex: Lexicon) -> None:
    f = run(lex, "Na de praktijkles in de werkplaats gebruiken ze thuis een app om hun lasnaad te "
                 "beoordelen, en die beoordelingen bespreken we in de volgende praktijkles.")
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


def test_a_plan_made_after_the_lockdown_is_no_emergency(lex: Lexicon) -> None:
    f = run(lex, "Na de lockdown hebben we de cursus herontworpen: de colleges staan online en "
                 "de vragen daarover behandelen we in de werkgroepen.")
    assert f.signals["corona"] is None


@pytest.mark.parametrize("text", [
    "Thuis volgen ze een online les over bodems in de ELO. Op de kwekerij van school, waar "
    "ze de grond uit die online les testen, werken ze in duo's.",
    "Ze doen een e-learning over wondzorg. In het skillslab oefenen ze volgens die "
    "e-learning in tweetallen.",
])
def test_earlier_work_pointed_back_to_as_a_source_is_a_link_not_a_place(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert link(f)[0] is True
    assert [a.place for a in f.lesson.activities][-1] != "online"


@pytest.mark.parametrize("text", [
    "De quiz in Moodle, die over een ander hoofdstuk gaat dan de les, maken ze thuis; in de "
    "klas werken ze in groepjes aan hun verslag.",
    "Online lezen ze een artikel; in de les behandelen we andere hoofdstukken.",
])
def test_another_chapter_or_theme_is_a_loose_part(lex: Lexicon, text: str) -> None:
    assert link(run(lex, text))[0] is False


@pytest.mark.parametrize("text", [
    "Ze maken online een oefentoets in de ELO. Op school zitten ze in lokaal 1.04, een "
    "rustige groep, en dan werken ze in tweetallen.",
    "Thuis doen ze een quiz in Moodle. In de les om 9.30 uur krijgen ze uitleg, en dan "
    "oefenen ze in groepjes.",
])
def test_a_step_within_one_session_is_no_link_between_places(lex: Lexicon,
                                                             text: str) -> None:
    assert link(run(lex, text))[0] is None


def test_a_step_from_one_place_to_the_next_still_links(lex: Lexicon) -> None:
    f = run(lex, "Thuis doen ze een quiz in Moodle, en dan oefenen ze in de les in groepjes.")
    assert link(f) == (True, "en dan")


def test_a_point_inside_a_number_ends_no_activity(lex: Lexicon) -> None:
    f = run(lex, "In lokaal 0.12 oefenen ze in tweetallen met de casus.")
    assert [a.text for a in f.lesson.activities] == [
        "In lokaal 0.12 oefenen ze in tweetallen met de casus"]


@pytest.mark.parametrize(("text", "quote"), [
    ("In de klas voeren ze een debat over de stelling. Na het debat schrijven ze online "
     "een reflectie in hun logboek.", "Na het debat"),
    ("Thuis maken ze in de ELO een verslag. Na het verslag gaan ze in de werkplaats aan de "
     "slag met hun werkstuk.", "Na het verslag"),
])
def test_an_activity_timed_by_an_earlier_one_it_names_follows_on(
        lex: Lexicon, text: str, quote: str | None) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    if quote:
        assert f.lesson.evidence["samenhang"] == quote


def test_a_time_word_for_work_named_in_the_same_place_is_no_link(lex: Lexicon) -> None:
    f = run(lex, "In de klas voeren ze een debat. Na het debat ruimen ze in de klas op.")
    assert f.signals["samenhang"] is None


@pytest.mark.parametrize("text", [
    "Op het oefendak branden ze bitumen en maken daarna een fotoverslag in hun "
    "portfolio-app. De les erna beginnen we met de naden uit die verslagen.",
    "In de keuken koken ze en zetten ze een foto in de app. De les daarna bespreken we die "
    "foto's.",
])
def test_the_lesson_after_is_a_meeting_that_takes_up_the_tool_work(lex: Lexicon,
                                                                   text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None
    assert f.lesson.activities[-1].place == "fysiek"


@pytest.mark.parametrize(("text", "linked"), [
    ("Thuis tekenen ze online een kast in SketchUp. In de werkplaats zagen ze een "
     "zwaluwstaart en vergelijken ze hun verbinding met die van hun buurman.", None),
    # control: comparing with the online work is a link
    ("Thuis tekenen ze online een kast in SketchUp. In de werkplaats vergelijken ze hun "
     "werkstuk met die tekening.", True),
])
def test_comparing_with_a_peer_is_no_link_between_parts(lex: Lexicon, text: str,
                                                        linked: bool | None) -> None:
    assert link(run(lex, text))[0] is linked


@pytest.mark.parametrize(("text", "linked"), [
    ("Thuis beantwoorden ze vragen in de ELO-app. In de salon doe ik eerst een demonstratie "
     "en daarna knippen ze in tweetallen.", None),
    # control: a first step online and a next step in class is a link
    ("Eerst beantwoorden ze thuis vragen in de ELO-app en daarna knippen ze in de salon.",
     True),
])
def test_first_and_then_within_one_session_is_no_link_between_places(
        lex: Lexicon, text: str, linked: bool | None) -> None:
    assert link(run(lex, text))[0] is linked


def test_a_test_taken_in_class_is_no_online_product(lex: Lexicon) -> None:
    f = run(lex, "In het magazijn zetten ze via de ELO-app een lijstje klaar. Op school maken "
                 "ze in groepjes de oefentoets heftruckveiligheid.")
    assert link(f)[0] is None


def test_a_time_with_a_point_does_not_end_the_sentence_of_a_link(lex: Lexicon) -> None:
    f = run(lex, "Op stage maken ze foto's van een ketel en zetten die in de ELO. Op de "
                 "terugkomdag in lokaal 2.14 (om 9.30, iedereen is nog moe) legt elk groepje "
                 "de foto's van een ander groepje uit.")
    assert link(f) == (True, "de foto's")


def test_a_theatre_is_a_room_that_takes_up_the_plot_made_online(lex: Lexicon) -> None:
    f = run(lex, "Thuis maken ze in een online tool een lichtplot, en in het schooltheater "
                 "hangen ze de lampen volgens die plot.")
    assert f.signals["fysiek"] is True
    assert link(f) == (True, "die plot")
