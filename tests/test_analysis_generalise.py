"""General reading rules found on fresh teacher texts: each rule is tested with several
phrasings, never one sentence, so that a test fails when the rule, not a word, breaks.

The first part runs the rule layer only; the second the whole classifier (verdict, card,
alternatives, intent).
"""

from __future__ import annotations

from typing import Any

import pytest

from classifier.intent_cues import named_concepts
from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse
from classifier.text import normalise, tokenize


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


# --------------------------------------------------------------------------- rule layer


@pytest.mark.parametrize("text", [
    "Thuis maken de studenten een oefentoets op papier en in de les bespreek ik de fouten.",
    "Ze maken thuis een quiz op papier en in de les kijken we de fouten na.",
    "Students do a quiz on paper at home and in class we go over the mistakes together.",
    "Vooraf maken ze een woordenquiz op papier en in de les gebruiken we de woorden.",
    "Thuis maken ze de weektoets op papier en in de les kijken we die na.",
])
def test_a_quiz_or_test_on_paper_is_offline_work(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.lesson.activities[0].place == "thuis"
    assert f.signals["online"] is not True
    assert f.signals["alleen_tool"] is None  # paper work is no tool either


@pytest.mark.parametrize("text", [
    "Thuis maken de studenten een oefentoets in Moodle en in de les bespreek ik de fouten.",
    "Ze maken thuis een online quiz en in de les kijken we de fouten na.",
])
def test_a_quiz_without_paper_stays_online(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is True


@pytest.mark.parametrize("text", [
    "Students do the exercises at home and in class we discuss them.",
    "Students read the chapter at home, in class they work in groups.",
])
def test_english_at_home_is_not_online(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is None
    assert f.lesson.activities[0].place == "thuis"
    assert f.signals["afstand"] is None


@pytest.mark.parametrize("text", [
    "studenten kijken thuis een kennisclip en in de les doen we er opdrachten mee",
    "Ze lezen online een casus en in de les gaan we daar in groepjes mee aan het werk",
    "Online beantwoorden ze stellingen en in de klas praten we er uitgebreid over",
])
def test_a_split_er_mee_links_the_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.signals["gelijktijdig_gesplitst"] is not True  # "doen ... mee" is no dial-in


@pytest.mark.parametrize("text", [
    "Vooraf doen ze een online veiligheidsinstructie, zonder die mogen ze niet het lab in.",
    "Eerst maken ze de online toets, zonder dat mogen ze niet de werkplaats in.",
])
def test_a_condition_survives_a_second_negator(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "De theorie staat in een kennisclip en de praktijkles doen we ook online.",
    "Het werkcollege geven we via Teams en de opdrachten staan in de ELO.",
])
def test_a_meeting_named_by_kind_can_be_online(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert all(a.place != "fysiek" for a in f.lesson.activities)
    assert f.signals["fysiek"] is not True


@pytest.mark.parametrize("text", [
    "Voor de les zetten ze hun vragen in Mentimeter en die vragen vormen de basis van de les.",
    "Na de les maken ze een Kahoot en de uitslag gebruik ik de keer erna.",
])
def test_a_tool_used_before_or_after_the_lesson_is_online(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.lesson.activities[0].place == "online"
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


@pytest.mark.parametrize("text", [
    "We hebben voor elke klas een touchscreen gekregen en ik gebruik het elke les.",
    "In de les gebruik ik Kahoot om te oefenen.",
])
def test_a_tool_in_class_stays_a_tool(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is not True
    assert f.signals["alleen_tool"] is True


@pytest.mark.parametrize(("text", "room"), [
    ("Ik gebruik het digibord en Kahoot in de les om te oefenen", "in de les"),
    ("Met de beamer laat ik in het lokaal een filmpje zien", "in het lokaal"),
])
def test_physical_evidence_quotes_the_room_not_the_device(
    lex: Lexicon, text: str, room: str
) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert f.lesson.evidence["fysiek"] == room


@pytest.mark.parametrize("text", [
    "We teach everything on Zoom, the students never come to school.",
    "All my teaching is online via Teams, students never come to campus.",
])
def test_english_negation_denies_the_physical_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False
    assert "never" in f.lesson.evidence["fysiek"]


@pytest.mark.parametrize("text", [
    "Alles gaat via de online omgeving; naar school komen ze er niet voor.",
    "Ze maken online opdrachten en een praktijklokaal komt er niet aan te pas.",
    "Het hele vak draait in Moodle, naar de hogeschool gaan ze er nooit heen.",
])
def test_a_negator_before_a_closing_particle_still_denies_the_place(
        lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False
    assert any(word in f.lesson.evidence["fysiek"] for word in ("niet", "nooit"))


@pytest.mark.parametrize("text", [
    "Ze delen hun werk online, zonder dat ze op school of op stage komen.",
    "Ze werken online aan de case; een leerbedrijf of lokaal komt er niet aan te pas.",
    "Alles gebeurt in Teams en ze komen niet op school of in het leerbedrijf.",
])
def test_places_joined_by_of_are_denied_together(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Thuis schrijven ze online een reflectie, maar daar doen we op de terugkomdag niks mee.",
    "Ze spreken thuis een vlog in, maar die vlogs komen in de les nooit terug.",
    "Thuis kijken ze een podcast, maar in de les doen we daar verder niks mee.",
])
def test_a_denied_link_leaves_the_lesson_standing(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is not False  # the lesson is there ("in de les" may be weak)
    assert f.signals["samenhang"] is False


@pytest.mark.parametrize(("text", "cards"), [
    ("Wat is hybride leren?", {"mis-hybride"}),
    ("Wat verstaan jullie onder een hybride leeromgeving?", {"def-leeromgevingen"}),
    ("Is blended hetzelfde als afstandsonderwijs?", {"mis-afstandsleren"}),
    ("Wat is het verschil tussen synchroon en hybride?",
     {"def-synchroon-asynchroon", "mis-hybride"}),
    ("Hoe begin ik met mijn les?", set()),
])
def test_concept_names_longest_first(text: str, cards: set[str]) -> None:
    assert named_concepts(tokenize(normalise(text))) == cards


# --------------------------------------------------------------------------- classifier


@pytest.mark.parametrize(("text", "card"), [
    ("Wat is hybride leren?", "mis-hybride"),
    ("Wat is hybride onderwijs?", "mis-hybride"),
    ("Wat is afstandsleren?", "mis-afstandsleren"),
    ("Wat is noodonderwijs?", "mis-noodonderwijs"),
    ("Wat is verschoolsing?", "mis-verschoolsing"),
    ("Wat is asynchroon leren?", "def-synchroon-asynchroon"),
    ("Welke leeromgevingen zijn er?", "def-leeromgevingen"),
    ("Wat is blended leren?", "def-blended-leren"),
    ("Wat houdt verschoolsing in?", "mis-verschoolsing"),
    ("Kan interactie ook asynchroon zijn?", "def-interactie"),
])
def test_a_concept_question_gets_that_concept_s_card(
    classifier_model: Any, text: str, card: str
) -> None:
    c = classifier_model.classify(text)
    assert (c.intent, c.card) == ("question", card)
    # a card the rules chose from the named concept is answered, not doubted: the bot
    # must not ask "which of these topics did you mean?" about a question this plain
    assert not c.unsure and c.follow_up is None


@pytest.mark.parametrize("text", [
    "Studenten lezen thuis een hoofdstuk uit het boek en in de les bespreken we het daarna "
    "in groepjes",
    "Ze maken thuis opdrachten online en in de les bespreken we die",
    "In de les leg ik uit en thuis maken ze opgaven uit het werkboek.",
])
def test_a_described_lesson_gets_no_unshown_misconception_as_alternative(
    classifier_model: Any, text: str
) -> None:
    c = classifier_model.classify(text)
    shown = {"mis-hybride": "gelijktijdig_gesplitst", "mis-ict-inzet": "alleen_tool",
             "mis-video": "alleen_opname", "mis-verschoolsing": "verschoolsing",
             "mis-al-goed": "al_goed", "mis-bezuiniging": "bezuiniging",
             "mis-iets-nieuws": "iets_nieuws", "mis-noodonderwijs": "corona",
             "mis-afstandsleren": "afstand"}
    for alt in c.alternatives:
        if alt.card.startswith("mis-"):
            assert c.signals[shown[alt.card]] is True, alt.card


@pytest.mark.parametrize(("text", "verdict"), [
    ("Thuis maken de studenten een oefentoets op papier en in de les bespreek ik de fouten.",
     "onduidelijk"),
    ("Thuis maken de studenten een oefentoets in Moodle en in de les bespreek ik de fouten.",
     "blended"),
    ("Voor de les zetten ze hun vragen in Mentimeter en die vragen vormen de basis van de les.",
     "blended"),
    ("De theorie staat in een kennisclip en de praktijkles doen we ook online, op school "
     "komen ze niet.", "niet_blended"),
    ("Na de excursie schrijven ze een reflectie en in de volgende les bespreken we die, "
     "verder niets online.", "niet_blended"),
])
def test_verdicts_of_the_general_rules(classifier_model: Any, text: str, verdict: str) -> None:
    c = classifier_model.classify(text)
    assert (c.intent, c.verdict) == ("scenario", verdict)


@pytest.mark.parametrize("text", [
    "Students do an online quiz at home and in class we start with the questions they got "
    "wrong.",
    "They write a reflection in the online portfolio and on campus we go through their "
    "results.",
    "Students post their questions on the forum and in class we continue with their questions.",
])
def test_english_links_between_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.lesson.evidence["samenhang"] in text


@pytest.mark.parametrize("text", [
    "Groep A werkt maandag online aan de casus en groep B op school, woensdag wisselen ze en "
    "vullen ze elkaars werk aan.",
    "Op de werkplek maken ze foto's voor het e-portfolio en in de praktijkles beoordelen ze "
    "elkaars werk.",
    "After the lab session students write an online report in Canvas and peer review each "
    "other's reports in the next lab.",
])
def test_working_with_each_other_s_product_links_the_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.signals["gelijktijdig_gesplitst"] is not True


# ------------------------------------------------- rules found on held-out batch 6


@pytest.mark.parametrize("text", [
    "Ik neem mijn colleges op en zet ze online; aan de colleges zelf verandert niets.",
    "Ze kijken thuis mijn vlogs en verder verandert er niks aan de lessen op school.",
    "De opnames staan in Moodle, maar in de les op school wijzigt er niets.",
])
def test_a_denied_change_leaves_the_lessons_standing(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is not False
    assert f.signals["samenhang"] is not True


@pytest.mark.parametrize("text", [
    "Thuis vullen ze een poll in over hun ervaringen op stage en in de les bespreken we die.",
    "Thuis volgen ze een e-learning over veilig werken op de bouwplaats.",
    "Students watch a clip at home about safety in the workshop.",
])
def test_a_place_that_is_the_topic_is_not_where_the_work_happens(lex: Lexicon,
                                                                text: str) -> None:
    first_activity = run(lex, text).lesson.activities[0]
    assert first_activity.place not in ("werkplek", "fysiek")


@pytest.mark.parametrize("text", [
    "Studenten lezen in Itslearning een casus en in de les lossen ze die casus samen op.",
    "Thuis maken ze in de app een kaart van de wijk en in de les vergelijken ze die kaart.",
    "Online schrijven ze een pitch en op school oefenen ze die pitch voor elkaar.",
])
def test_the_same_thing_named_again_links_the_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.lesson.evidence["samenhang"] in text


@pytest.mark.parametrize("text", [
    "Ze schrijven online een betoog en geven elkaar feedback in een videocall; de hele "
    "cursus is online.",
    "Het hele vak is online: kennisclips, een forum en een wekelijkse Teams-sessie.",
    "De gehele opleiding verloopt online, met een live les per week.",
])
def test_a_whole_course_online_denies_the_physical_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False
    assert f.lesson.evidence["fysiek"] in text


@pytest.mark.parametrize("text", [
    "Ze lezen online de handleiding en in het lab configureer ik het netwerk terwijl zij "
    "alleen toekijken.",
    "Online bekijken ze de theorie en in de les doe ik het voor en kijken ze alleen toe.",
])
def test_only_watching_is_no_interaction(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


@pytest.mark.parametrize("text", [
    "Op hun stagebedrijf maken ze een foto van het gerecht en zetten die op Padlet; in de "
    "praktijkles bespreken we de foto's.",
    "Op de werkplek maken ze een filmpje van de handeling en zetten dat in Flip, in de les "
    "kijken we ze samen na.",
])
def test_a_tool_used_on_the_workplace_is_an_online_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


@pytest.mark.parametrize(("text", "posted"), [
    ("Ik zet mijn PowerPoint na elke les in Itslearning, verder doen ze er niks mee.", True),
    ("We plaatsen de slides in Moodle en in de les komen ze niet meer terug.", True),
    ("Ik zet mijn PowerPoint in Itslearning en in de les bespreken we de vragen erover.",
     False),
])
def test_material_only_posted_online_is_the_tool_pattern(lex: Lexicon, text: str,
                                                        posted: bool) -> None:
    f = run(lex, text)
    assert (f.signals["alleen_tool"] is True) is posted
    if posted:
        assert f.signals["samenhang"] is False


@pytest.mark.parametrize(("text", "recording"), [
    ("Ik heb voor elk hoofdstuk een vlog gemaakt die ze thuis kijken, verder verandert er "
     "niks.", True),
    ("Bij Engels spreken ze thuis een vlog in maar die vlogs komen in de les nooit terug.",
     False),
    ("Mijn studenten maken thuis een vlogje over hun stage en verder doen we er niks mee.",
     False),
])
def test_a_vlog_is_the_recording_pattern_only_when_the_teacher_made_it(
        lex: Lexicon, text: str, recording: bool) -> None:
    assert (run(lex, text).signals["alleen_opname"] is True) is recording


@pytest.mark.parametrize("text", [
    "Thuis maken ze de opgaven uit het werkboek, alles op papier, en in de les vergelijken "
    "ze de antwoorden.",
    "Ze werken thuis helemaal op papier en in de les bespreken we het.",
])
def test_all_on_paper_denies_the_online_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is False
    assert f.lesson.evidence["online"] in text


@pytest.mark.parametrize("text", [
    "Thuis vullen ze een Mentimeter-poll in en de uitkomsten gebruik ik in de les.",
    "Ze maken online een quiz en de antwoorden gebruiken we in de les op school.",
])
def test_a_link_phrase_keeps_the_lesson_it_names(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert f.signals["online"] is True


@pytest.mark.parametrize("text", [
    "Wie deze week thuis online de opdracht voorbereidt, komt volgende week naar de "
    "praktijkles en gaat daar met die opdracht verder.",
    "Waar ze online vastlopen, help ik ze in de les op school verder met dezelfde opdracht.",
])
def test_a_whoever_clause_describes_a_lesson(classifier_model: Any, text: str) -> None:
    assert classifier_model.classify(text).intent == "scenario"


# ------------------------------------------------- rules found on held-out batch 7


@pytest.mark.parametrize("text", [
    "In een live online les kookt ieder in de eigen keuken een saus en ze beoordelen elkaar "
    "via de camera.",
    "Ze oefenen in de keuken thuis en laten het resultaat online zien.",
])
def test_a_room_of_the_students_home_is_home(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is not True
    assert "fysiek" not in {a.place for a in f.lesson.activities}


@pytest.mark.parametrize("text", [
    "Ze houden online een logboek bij; op school of bij een bedrijf komen ze hiervoor niet.",
    "Alles loopt via de ELO en naar het lokaal op school komen ze voor dit vak niet.",
])
def test_a_clause_final_negation_reaches_a_long_clause(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is False
    assert f.lesson.evidence["fysiek"] in text


@pytest.mark.parametrize(("text", "fysiek"), [
    ("Ze volgen alles live via Zoom en het lokaal gebruiken we niet.", False),
    ("Ze volgen de les via Zoom; de praktijkruimte gebruiken we dit blok niet.", False),
    ("Ze maken thuis online vragen, maar die vragen gebruik ik niet in de les.", True),
])
def test_a_room_that_is_not_used_is_denied(lex: Lexicon, text: str, fysiek: bool) -> None:
    assert run(lex, text).signals["fysiek"] is fysiek


@pytest.mark.parametrize("text", [
    "Ze lezen in een e-learning over verf en beoordelen elkaars keuze op het forum; alles "
    "gebeurt online.",
    "Sinds dit jaar geven we alle lessen via Teams en de studenten zitten thuis.",
    "Alle colleges gaan online, met opdrachten in Canvas.",
])
def test_everything_online_denies_the_physical_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Ze lezen online de uitspraak; in de les leg ik die uit, discussiëren of vragen stellen "
    "zit er niet in.",
    "Online kijken ze de demo en in de les doe ik het voor; overleggen of samenwerken doen "
    "ze niet.",
])
def test_interactions_joined_by_of_are_denied_together(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


@pytest.mark.parametrize(("text", "online"), [
    ("In het lokaal laat ik op het digibord een online plantendatabase zien en daarna "
     "determineren ze buiten de planten.", False),
    ("In de les laat ik op het smartboard een online kaart zien, daarna werken ze in "
     "groepjes.", False),
    ("Thuis zoeken ze in een online plantendatabase vijf planten op en daarna determineren "
     "we ze op het schoolterrein.", True),
])
def test_online_things_shown_on_a_classroom_device_are_no_online_part(
        lex: Lexicon, text: str, online: bool) -> None:
    f = run(lex, text)
    assert (f.signals["online"] is True) is online
    if not online:
        assert f.signals["alleen_tool"] is True


@pytest.mark.parametrize("text", [
    "Thuis zetten ze een reactie in de Teams-groep en in de les kies ik de meest "
    "uiteenlopende reacties voor een debat.",
    "Ze lezen online een paar reisblogs en in de les ontwerpen ze een reis met de tips uit "
    "die blogs.",
])
def test_a_later_activity_that_names_the_earlier_product_links(lex: Lexicon,
                                                             text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.lesson.evidence["samenhang"] in text


@pytest.mark.parametrize("text", [
    "Bij financiële administratie oefenen ze online in een boekhoudpakket en in de les "
    "werken ze in duo's.",
    "Voor het vak financieel management lezen ze thuis online een casus.",
])
def test_a_course_about_finance_is_no_savings_belief(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["bezuiniging"] is None


@pytest.mark.parametrize("text", [
    "Op de stage in de supermarkt leren ze geld teruggeven en thuis oefenen ze met een app.",
    "In de werkplaats leren ze remblokken vervangen; vooraf kijken ze een kennisclip.",
    "Ze berekenen in Excel wat een keuken kost en de kosten bespreken we in de klas.",
    "In het restaurant plannen ze het personeel in met een online rooster.",
    "Ze ontwerpen thuis een efficiente route in een app en lopen die op stage.",
])
def test_money_or_replacing_as_subject_matter_is_no_savings(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["bezuiniging"] is None


@pytest.mark.parametrize(("text", "quote"), [
    ("De helft van de lessen wordt vervangen door online modules.", "vervangen door"),
    ("Het scheelt de school veel geld als alles online gaat.", "geld"),
    ("Onze teamleider wil blended zodat we groepen kunnen samenvoegen.", "samenvoegen"),
    ("Ik ben bang dat ze mij kunnen vervangen door kennisclips.", "mij kunnen vervangen"),
    ("Online is goedkoper dan docenten, zegt de directie.", "goedkoper"),
])
def test_money_or_replacing_beside_teaching_is_the_savings_belief(
        lex: Lexicon, text: str, quote: str) -> None:
    f = run(lex, text)
    assert f.signals["bezuiniging"] is True
    assert f.lesson.evidence["bezuiniging"] == quote


@pytest.mark.parametrize("text", [
    "Ik neem elke week een kennisclip op en zet die online; de lessen zelf zijn niet "
    "veranderd.",
    "De opnames staan in Teams, maar in de les is er niks veranderd.",
])
def test_unchanged_lessons_do_not_build_on_the_online_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is False


@pytest.mark.parametrize("text", [
    "Op hun BPV-plek maken ze foto's en in de les bespreken we die.",
    "Op het bpv-bedrijf houden ze een logboek bij en op de terugkomdag bespreken we dat.",
])
def test_the_bpv_place_is_the_workplace(lex: Lexicon, text: str) -> None:
    assert run(lex, text).lesson.activities[0].place == "werkplek"


@pytest.mark.parametrize("text", [
    "Ik werk met twee helften die elkaar afwisselen: de ene week online de theorie, de week "
    "erna in de werkplaats precies dat oefenen. Is dat blended of hybride?",
    "Groep A en B wisselen elkaar af: wie online de theorie deed, past die de week daarop "
    "toe in het lokaal. Of is dit hybride?",
])
def test_alternating_groups_are_not_called_hybrid_because_the_question_says_so(
        classifier_model: Any, text: str) -> None:
    c = classifier_model.classify(text)
    assert c.card != "mis-hybride"
    assert c.verdict == "blended"


# ------------------------------------------------- rules found on held-out batch 8


@pytest.mark.parametrize(("text", "alternating"), [
    ("Groep A zit in week 1 in de praktijkruimte en groep B werkt die week online aan de "
     "module, in week 2 draaien we het om.", True),
    ("De helft van de klas doet maandag de theorie online, de andere helft staat in de "
     "werkplaats; dinsdag omgekeerd.", True),
])
def test_turning_the_groups_round_is_alternation(lex: Lexicon, text: str,
                                                 alternating: bool) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is not True


@pytest.mark.parametrize("text", [
    "Ze bouwen in de theaterzaal een lichtplan op; er zit geen enkel online onderdeel in.",
    "In het lokaal oefenen ze in tweetallen, er is geen enkele online opdracht.",
])
def test_not_a_single_online_part_denies_online(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is False


@pytest.mark.parametrize("text", [
    "Ze volgen een webinar en daarna kijken ze op school toe; vragen of bespreken zit er "
    "nergens in.",
    "Online lezen ze de casus en in de les leg ik uit; overleggen zit er niet in.",
])
def test_a_denied_interaction_at_the_end_of_the_clause(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["interactie"] is False


@pytest.mark.parametrize(("text", "fysiek"), [
    ("In de les tekenen ze hun ontwerp op papier; buiten de les of digitaal doen ze niks.",
     True),
    ("Op school oefenen ze samen, buiten de les doen ze niks.", True),
])
def test_nothing_outside_class_leaves_the_class_standing(lex: Lexicon, text: str,
                                                        fysiek: bool) -> None:
    assert run(lex, text).signals["fysiek"] is fysiek


@pytest.mark.parametrize("text", [
    "Al mijn hoorcolleges worden opgenomen en staan daarna in Canvas. Er hangt geen opdracht "
    "of werkcollege aan.",
    "Mijn hoorcolleges worden opgenomen en in Brightspace gezet; er hangt geen werkgroep aan.",
])
def test_no_attached_meeting_leaves_the_lectures_and_denies_the_link(lex: Lexicon,
                                                                    text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is True
    assert f.signals["samenhang"] is False
    assert f.signals["alleen_opname"] is True


@pytest.mark.parametrize(("text", "online"), [
    ("Ze bouwen in de zaal een decor en draaien er de week erop in teams een voorstelling "
     "mee.", None),
    ("Ze werken in de les per teams van vier aan een ontwerp.", None),
    ("Ze zetten hun vragen in Teams en in de les bespreken we die.", True),
    ("Thuis kijken ze een kennisclip via teams en in de les oefenen ze.", True),
])
def test_lowercase_in_teams_is_group_work(lex: Lexicon, text: str, online: bool | None) -> None:
    assert run(lex, text).signals["online"] is online


@pytest.mark.parametrize("text", [
    "Ze bekijken een virtuele tour van een distributiecentrum en schrijven online een blog.",
    "Ze kijken een video van de werkplaats en maken er online een quiz over.",
])
def test_a_place_seen_online_is_not_visited(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is not True


@pytest.mark.parametrize("text", [
    "Meubelmakers ontwerpen een kastje, maken het in de werkplaats en bespreken daarna samen "
    "hun maatvoering. Blended?",
    "Ze lezen thuis online de theorie en oefenen in de les in tweetallen. Is dit blended?",
])
def test_a_lesson_with_a_blended_question_is_a_scenario(classifier_model: Any,
                                                       text: str) -> None:
    assert classifier_model.classify(text).intent == "scenario"


# ------------------------------------------------- rules found on held-out batch 9


@pytest.mark.parametrize("text", [
    "Ik maak een quiz in Google Forms die de studenten in het weekend invullen, en in het "
    "college begin ik bij de vragen die fout gingen.",
    "Ze houden een week lang in een app hun eetpatroon bij en in de les bespreken we dat.",
])
def test_a_tool_used_out_of_school_hours_is_an_online_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is True
    assert f.signals["alleen_tool"] is None


@pytest.mark.parametrize("text", [
    "De digitale oefenomgeving hebben we vorig jaar afgeschaft; ze maken thuis opgaven uit "
    "het dictaat en in het werkcollege bespreken ze die.",
    "Het online forum is opgeheven, ze lezen thuis het boek en in de les bespreken we het.",
])
def test_an_abolished_online_part_is_denied(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is False


@pytest.mark.parametrize("text", [
    "Ze rekenen online een balk door en in het werkcollege bouwen ze een brug; dat zijn twee "
    "losse dingen.",
    "Students watch a TED talk in Canvas and then we have a werkgroep on campus about a "
    "completely different topic.",
])
def test_parts_said_to_be_separate_are_loose(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is False


@pytest.mark.parametrize("text", [
    "Ze maken online oefententamens en de uitslag per onderwerp bepaalt wat we in het "
    "responsiecollege oefenen.",
    "Thuis doen ze een online test en op basis van de scores maak ik in de les groepjes.",
])
def test_results_that_decide_the_class_link_the_parts(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "De studenten behandelen patiënten in de kliniek van de opleiding.",
    "Dakdekkers oefenen op het oefendak bij school het branden van bitumen.",
    "De helft van de klas voert in de hangar een inspectie uit.",
])
def test_training_places_of_the_school_are_physical(lex: Lexicon, text: str) -> None:
    assert run(lex, text).lesson.activities[0].place == "fysiek"


@pytest.mark.parametrize("text", [
    "Ze bekijken online een film en beantwoorden er vragen over. In het praktijklokaal "
    "oefenen ze dat daarna.",
    "Thuis lezen ze een artikel over. In de les op school bespreken we het.",
])
def test_a_topic_preposition_does_not_reach_into_the_next_sentence(lex: Lexicon,
                                                                  text: str) -> None:
    assert run(lex, text).signals["fysiek"] is True


@pytest.mark.parametrize(("text", "tool"), [
    ("In de studio oefenen ze in groepjes; laptops en telefoons blijven in de tas, online "
     "doen we niks.", False),
    ("In de les oefenen ze een gesprek aan de telefoon en online doen ze helemaal niks.", False),
    ("In de les gebruik ik het digibord en Kahoot, online doen we verder niks.", True),
])
def test_a_device_beside_a_denied_online_part_is_no_tool_pattern(lex: Lexicon, text: str,
                                                                 tool: bool) -> None:
    f = run(lex, text)
    assert f.signals["online"] is False
    assert (f.signals["alleen_tool"] is True) is tool


@pytest.mark.parametrize(("text", "signal"), [
    ("Door een storing aan de verwarming moesten we een week thuisblijven en gaf ik les via "
     "Teams.", "corona"),
    ("Ik ben bang dat ze bij blended alleen nog taakjes in de ELO zitten af te vinken, een "
     "soort huiswerkklas.", "verschoolsing"),
])
def test_patterns_of_emergency_teaching_and_schoolishness(lex: Lexicon, text: str,
                                                          signal: str) -> None:
    assert run(lex, text).signals[signal] is True


@pytest.mark.parametrize("text", [
    "Twee subgroepen: deze week staat groep 1 in de gymzaal en werkt groep 2 online, volgende "
    "week draait het om.",
])
def test_turned_round_next_week_is_alternation(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is not True


# ------------------------------------------------- rules found on held-out batch 10


@pytest.mark.parametrize("text", [
    "Ze volgen een online cursus over virusziekten en zoeken daarna op het proefveld de zieke "
    "planten op met de kenmerken uit die cursus.",
    "Ze doen online een module over versheid en in de oefenwinkel beoordelen ze de vis "
    "volgens die module.",
    "Thuis bouwen ze een schakeling in Tinkercad en in het lab solderen ze diezelfde "
    "schakeling.",
])
def test_an_online_part_named_again_links_the_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["samenhang"] is True
    assert f.lesson.evidence["samenhang"] in text


@pytest.mark.parametrize("text", [
    "In de les gebruiken ze hun laptop voor een Kahoot en om dingen op te zoeken op internet.",
    "In het lokaal werken ze met de tablet om filmpjes te bekijken.",
])
def test_a_purpose_clause_of_a_class_activity_stays_in_class(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["online"] is not True
    assert {a.place for a in f.lesson.activities} <= {"fysiek", None}


@pytest.mark.parametrize(("text", "fysiek"), [
    ("De cursus loopt via een videoplatform; een lokaal hebben we niet meer.", False),
    ("Ze werken online en naar school komen ze niet meer.", False),
])
def test_no_longer_is_a_negation(lex: Lexicon, text: str, fysiek: bool) -> None:
    assert run(lex, text).signals["fysiek"] is fysiek


@pytest.mark.parametrize("text", [
    "Ze voeren een proef uit in een virtueel lab en bespreken die in Teams; het hele blok is "
    "op afstand.",
    "In het online klaslokaal werken ze samen aan een casus, de hele cursus is online.",
])
def test_a_virtual_room_is_no_physical_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is not True


@pytest.mark.parametrize("text", [
    "Toen ons gebouw na een asbestvondst drie weken dicht moest, gaf ik de lessen via Teams.",
    "Omdat de school gesloten was door de storm, deden we alles online.",
])
def test_a_closed_building_is_no_physical_part(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is not True
    assert f.signals["corona"] is True


@pytest.mark.parametrize("text", [
    "bpv + online logboek + op de terugkomdag samen bespreken wat erin staat",
    "stage + online reflectie + terugkomdag: we bespreken wat erin staat",
])
def test_plus_signs_separate_the_activities(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert len(f.lesson.activities) >= 2
    assert f.signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Students prepare a position for a mock council online; on campus they just listen, "
    "there's no discussion.",
    "Online lezen ze de regels en op het verkeersplein rijd ik zelf; ze vragen ook niks.",
])
def test_listening_without_any_exchange_is_no_interaction(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["interactie"] is False
    assert "fora" not in {h.term for h in f.hits}  # "for a" is no forum


@pytest.mark.parametrize("text", [
    "Onze avondcursus loopt helemaal via een videoplatform: ze oefenen in breakout-rooms.",
    "De module verloopt volledig via Teams, met opdrachten in de ELO.",
])
def test_a_course_run_entirely_through_a_platform_denies_fysiek(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is False


@pytest.mark.parametrize("text", [
    "Contractonderwijs: de cursisten oefenen online gesprekjes met elkaar.",
])
def test_a_real_word_is_not_read_as_the_typo_of_a_place(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["fysiek"] is not True


@pytest.mark.parametrize("text", [
    "bbl: 4 dagen werk en 1 schooldag waar ze oefenen met wat ze tegenkwamen, maar nul digitaal.",
])
def test_nothing_digital_in_other_words_denies_online(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is False


@pytest.mark.parametrize("text", [
    "Ik geef mijn les via een Teams-meeting en daarna maken ze in de les een opdracht.",
    "Elke maandag is er een online meeting met de klas en op woensdag oefenen ze in het lokaal.",
    "We houden de bijeenkomst online en de week erna zien we elkaar op school.",
    "De eerste sessie geef ik online, de tweede in het praktijklokaal.",
    "Dinsdag is er een zoommeeting over de casus en donderdag werken ze op school verder.",
])
def test_a_meeting_held_online_is_synchronous(lex: Lexicon, text: str) -> None:
    online = [a for a in run(lex, text).lesson.activities if a.place == "online"]
    assert online and online[0].timing == "synchroon"


@pytest.mark.parametrize("text", [
    "Ze kijken thuis de opname van de les in Teams en in de les bespreken we hem.",
    "De colleges staan online en in de werkgroep bespreken we ze.",
    "Ik geef de opdracht via Itslearning en in de les werken ze eraan.",
])
def test_a_lesson_put_online_is_not_a_live_one(lex: Lexicon, text: str) -> None:
    online = [a for a in run(lex, text).lesson.activities if a.place == "online"]
    assert online and online[0].timing == "asynchroon"


@pytest.mark.parametrize("text", [
    "De twee helften van de klas wisselen elkaar af: de ene helft werkt thuis online aan de "
    "casus, de andere is op school.",
    "Groep 1 en groep 2 wisselen af tussen de online module en de werkplaats.",
    "De klas is in twee helften verdeeld die elkaar afwisselen: de ene helft doet de "
    "e-learning, de andere helft is in het praktijklokaal.",
    "Deze week zit groep A in het lokaal en werkt B online; volgende week draaien ze om.",
])
def test_groups_that_take_turns_are_no_hybrid_lesson(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is False


# --------------------------------------------------------------------------- batch 20 rules


@pytest.mark.parametrize(("text", "linked"), [
    # the conjunction: "without anyone ...", no link between the parts
    ("Ze doen thuis een module in Moodle en op school oefenen ze, zonder dat iemand de "
     "module noemt.", False),
    ("In de les leg ik uit en ze maken thuis een quiz in Forms, zonder dat ik er naar kijk.",
     False),
    # the demonstrative: "without that (clip) they cannot take part" is a link
    ("Thuis kijken ze een kennisclip in Teams; zonder dat kunnen ze in de les niet meedoen.",
     True),
])
def test_zonder_dat_links_only_as_a_demonstrative(lex: Lexicon, text: str,
                                                   linked: bool) -> None:
    f = run(lex, text)
    if linked:
        assert f.signals["samenhang"] is True
    else:
        assert f.lesson.evidence["samenhang"] != "zonder dat"
        assert f.signals["samenhang"] is not True


@pytest.mark.parametrize(("text", "interactie"), [
    ("Ze lezen thuis in de ELO en in de les haal ik de begrippen door elkaar.", None),
    ("Mijn collega's gebruiken online en hybride steeds door elkaar.", None),
    ("In de les leren ze door elkaar te bevragen en thuis doen ze een quiz in Kahoot.", True),
])
def test_door_elkaar_is_interaction_only_when_students_work_with_each_other(
        lex: Lexicon, text: str, interactie: bool | None) -> None:
    assert run(lex, text).signals["interactie"] is interactie


@pytest.mark.parametrize("text", [
    "Ze maken thuis een verslag op papier en bespreken het in de les; dat is het digitale "
    "stuk van mijn vak, zeg maar.",
    "In de les werken ze in groepjes aan een poster. Dit is het online deel, denk ik.",
])
def test_a_name_for_what_came_before_is_no_online_part(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["online"] is not True


@pytest.mark.parametrize(("text", "cost"), [
    ("Door de e-learning kunnen twee lesuren vervallen en hebben we een docent minder nodig.",
     True),
    ("Als ze de module online doen, kunnen we de helft van de lessen schrappen.", True),
    ("Ze leren op school om kabels te vervangen en kijken thuis een clip in de ELO.", None),
    ("In de werkplaats vervangen ze remblokken; thuis doen ze de theorie in Moodle.", None),
])
def test_a_cost_word_counts_only_beside_teaching(lex: Lexicon, text: str,
                                                 cost: bool | None) -> None:
    assert run(lex, text).signals["bezuiniging"] is cost


@pytest.mark.parametrize("text", [
    "Het online deel staat helemaal los van de les; het losstaat van wat we op school doen.",
    "De opdrachten in Canvas staan los van de lessen op school.",
    "De e-learning stond los van de praktijklessen in het lokaal.",
])
def test_standing_apart_denies_the_link(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is False


@pytest.mark.parametrize(("text", "split"), [
    ("Ik leg in het lokaal uit terwijl zij luisteren, thuis maken ze een quiz in Moodle.",
     None),
    ("Ik doe een demonstratie op school terwijl ze aantekeningen maken; daarna een "
     "kennisclip.", None),
    ("Ik geef les in het lokaal terwijl de rest van de klas thuis via Teams meekijkt.", True),
    ("In het lab werken tien studenten terwijl drie studenten via Zoom meedoen.", True),
])
def test_terwijl_is_a_second_group_only_when_its_clause_names_one(
        lex: Lexicon, text: str, split: bool | None) -> None:
    found = run(lex, text).signals["gelijktijdig_gesplitst"]
    assert found is True if split else found is not True


@pytest.mark.parametrize("text", [
    "We noemen het een hybride opleiding: ze zijn op school en op stage, in Teams delen ze "
    "casussen die we in de les uitwerken. Er zit nooit iemand tegelijk online mee te kijken.",
    "Is dit blended of hybride? Eerst thuis een clip in de ELO, daarna in de les oefenen; "
    "niemand volgt de les tegelijk op afstand.",
])
def test_a_denied_simultaneity_outweighs_the_word_hybride(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is not True


@pytest.mark.parametrize("text", [
    "Ze bekijken thuis een kennisclip in de ELO en in de bijeenkomst erna oefenen we op "
    "school.",
    "Online maken ze een quiz in Kahoot, in de les erna bespreken we die op school.",
    "Ze kijken voor elke les een clip in Canvas en in de les op school oefenen ze.",
    "Op school oefenen ze en na elke les maken ze een korte quiz in Moodle.",
])
def test_sequence_words_link_two_parts(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Op stage nemen ze een gesprek op en zetten het fragment in Teams. In de les op school "
    "luisteren we naar een paar fragmenten.",
    "Thuis schrijven ze in Padlet een reflectie. In de les op school lezen we enkele "
    "reflecties voor.",
])
def test_a_share_of_an_earlier_product_links_the_parts(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["samenhang"] is True


@pytest.mark.parametrize("text", [
    "Door een lekkage is het gebouw een week dicht, dus ik geef mijn lessen nu via Teams.",
    "Vanwege de storm bleef de school twee dagen gesloten en gingen alle lessen online.",
])
def test_a_closure_word_of_its_own_closes_the_building(lex: Lexicon, text: str) -> None:
    f = run(lex, text)
    assert f.signals["fysiek"] is not True
    assert f.signals["corona"] is True


@pytest.mark.parametrize(("text", "recording"), [
    ("Ik zet de theorie in een online module en op school oefenen ze.", None),
    ("Ik zet de stof in een online omgeving, die ze zelf doorlopen.", None),
    ("Ik neem mijn colleges op en zet ze online.", True),
])
def test_put_in_an_online_module_is_no_recording(lex: Lexicon, text: str,
                                                 recording: bool | None) -> None:
    assert run(lex, text).signals["alleen_opname"] is recording


@pytest.mark.parametrize(("text", "recording"), [
    ("Hij werkt met kennisclips.", None),
    ("Mijn collega maakt filmpjes voor haar vak.", None),
    ("Ik neem mijn hoorcolleges op zodat ze ze kunnen terugkijken.", True),
    ("Al mijn lessen worden opgenomen, zodat studenten ze in Canvas kunnen terugkijken.",
     True),
])
def test_clips_named_alone_leave_open_what_else_there_is(lex: Lexicon, text: str,
                                                         recording: bool | None) -> None:
    assert run(lex, text).signals["alleen_opname"] is recording


@pytest.mark.parametrize("text", [
    "is mijn les blended? we gebruiken een app",
    "Ik werk met een tool. Is dat blended?",
    "Wij gebruiken software bij het vak, is dat blended?",
])
def test_a_tool_that_could_be_anywhere_leaves_online_open(classifier_model: Any,
                                                         text: str) -> None:
    c = classifier_model.classify(text)
    assert c.signals["online"] is None
    assert c.signals["alleen_tool"] is None
    assert (c.intent, c.verdict) == ("scenario", "onduidelijk")


@pytest.mark.parametrize("text", [
    "Vooraf maken ze een woordenquiz op papier en in de les spelen we een spel met de woorden.",
    "Thuis vullen ze een werkblad op papier in en in de les gebruiken we de antwoorden "
    "voor een spel.",
])
def test_no_tool_or_video_card_without_its_pattern(classifier_model: Any, text: str) -> None:
    c = classifier_model.classify(text)
    assert c.card not in ("mis-ict-inzet", "mis-video")
    assert c.verdict == "onduidelijk" and c.missing[0] == "online"
