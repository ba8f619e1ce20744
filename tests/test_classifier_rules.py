"""The rule layer: each family of findings, typos, compounds, negation and intent cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.matching import Lexicon
from classifier.rules import RuleFindings, analyse
from classifier.text import normalise, tokenize
from classifier.types import CORE_SIGNALS


def run(lex: Lexicon, text: str) -> RuleFindings:
    return analyse(text, lex)


# --------------------------------------------------------------------------- text


def test_normalise_folds_accents_hyphens_and_whitespace() -> None:
    text = "  Geïntegreerde   E-learning\tén  Video’s "
    assert normalise(text) == "geintegreerde elearning en videos"
    assert tokenize(normalise("Face-to-Face, 80%!")) == ["facetoface", "80"]


def test_normalise_caps_length_and_drops_control_characters() -> None:
    assert normalise("a\x00b\x07c") == "a b c"
    assert len(normalise("woord " * 10_000, limit=500)) <= 500


# --------------------------------------------------------------------------- families


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("De studenten werken in het lokaal.", "fysiek"),
        ("We zitten op school bij elkaar.", "fysiek"),
        ("Tijdens de BPV houden ze een logboek bij.", "fysiek"),
        ("Op stage verzamelen ze een probleem.", "fysiek"),
        ("Op de terugkomdag presenteren ze.", "fysiek"),
        ("Het werkcollege gaat over statistiek.", "fysiek"),
        ("Ze oefenen in de werkplaats.", "fysiek"),
        ("Ze lezen het hoofdstuk in de ELO.", "online"),
        ("Ik zet het klaar in Teams.", "online"),
        ("Er staat een kennisclip in Brightspace.", "online"),
        ("Ze discussiëren op het forum.", "online"),
        ("De e-learning over veiligheid.", "online"),
        ("Ter voorbereiding op de les lezen ze een tekst.", "samenhang"),
        ("Dat werkcollege bouwt voort op de opdracht.", "samenhang"),
        ("De quiz is nodig om mee te doen aan de les.", "samenhang"),
        ("In de les gebruik ik hun antwoorden.", "samenhang"),
        ("We bespreken de casus.", "interactie"),
        ("Ze geven feedback van elkaar op het verslag.", "interactie"),
        ("Ze werken in groepen aan de opdracht.", "interactie"),
    ],
)
def test_core_signal_found(lex: Lexicon, text: str, signal: str) -> None:
    assert run(lex, text).signals[signal] is True


@pytest.mark.parametrize(
    "text",
    [
        "Ik geef les in de klas en tegelijk kijken studenten thuis mee via Teams.",
        "De helft van de groep zit in het lokaal, de andere helft volgt de livestream.",
        "Studenten die ziek zijn bellen in terwijl ik in de klas lesgeef.",
        "Is hybride lesgeven hetzelfde als blended?",
    ],
)
def test_split_group_at_the_same_time(lex: Lexicon, text: str) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is True


def test_one_after_the_other_is_not_a_split_group(lex: Lexicon) -> None:
    f = run(lex, "Eerst kijken ze thuis online een clip, daarna oefenen ze in de klas.")
    assert f.signals["gelijktijdig_gesplitst"] is not True
    assert f.signals["fysiek"] is True and f.signals["online"] is True
    assert f.signals["samenhang"] is True


def test_hybrid_learning_environment_is_not_a_split_group(lex: Lexicon) -> None:
    assert run(lex, "Wat is een hybride leeromgeving?").signals["gelijktijdig_gesplitst"] is None


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Ik gebruik elke les Kahoot op het digibord.", "alleen_tool"),
        ("Onze school heeft iPads voor iedereen gekocht.", "alleen_tool"),
        ("Ik heb mijn uitleg opgenomen als kennisclips. Verder verandert er niets.",
         "alleen_opname"),
        ("Al mijn hoorcolleges worden opgenomen en online gezet.", "alleen_opname"),
        ("Tijdens de lockdown gaf ik alles online.", "corona"),
        ("Het is gewoon een bezuiniging, er zijn minder docenten nodig.", "bezuiniging"),
        ("Blended is gewoon een hype die wel weer overwaait.", "iets_nieuws"),
        ("Onze resultaten zijn goed en studenten zijn tevreden.", "al_goed"),
        ("Het wordt veel te schools met al die controles.", "verschoolsing"),
        ("Dan zitten ze thuis en hebben we minder contact.", "afstand"),
    ],
)
def test_pattern_signal_found(lex: Lexicon, text: str, signal: str) -> None:
    assert run(lex, text).signals[signal] is True


def test_tool_in_a_coherent_design_is_not_tool_only(lex: Lexicon) -> None:
    f = run(lex, "Ter voorbereiding doen ze thuis een Kahoot en daarna bespreken we de fouten.")
    assert f.signals["alleen_tool"] is None
    assert f.signals["samenhang"] is True


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Ze doen een onlnie opdracht.", "online"),
        ("Ze kijken de kennsclips.", "online"),
        ("Na de praktjkles schrijven ze een verslag.", "fysiek"),
        ("Ze kijken tegelijkertyd mee terwijl de rest in de klas zit.", "gelijktijdig_gesplitst"),
        ("Als voorbereidng lezen ze de tekst.", "samenhang"),
    ],
)
def test_typos_still_match(lex: Lexicon, text: str, signal: str) -> None:
    assert run(lex, text).signals[signal] is True


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Ik heb videocolleges gemaakt.", "online"),
        ("Ze maken een onlineopdracht.", "online"),
        ("We staan in het praktijklokaal.", "fysiek"),
        ("Ze doen een instructievideo-opdracht.", "online"),
        ("Ze kijken de kennis clips.", "online"),
    ],
)
def test_compounds_match(lex: Lexicon, text: str, signal: str) -> None:
    assert run(lex, text).signals[signal] is True


def test_an_online_stem_wins_over_a_physical_one_in_one_word(lex: Lexicon) -> None:
    f = run(lex, "Ze bekijken het webcollege.")
    assert f.signals["online"] is True
    assert f.signals["fysiek"] is None


def test_frequent_words_are_not_corrected_into_lexicon_words(lex: Lexicon) -> None:
    assert "daarom" in run(lex, "Daarom doen we het zo.").tokens
    assert run(lex, "Daarom doen we het zo.").signals["samenhang"] is None


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Er is geen online deel.", "online"),
        ("Ze komen niet op school.", "fysiek"),
        ("Er is geen koppeling tussen de clip en de les.", "samenhang"),
        ("Ik heb kennisclips gemaakt, verder verandert er niets.", "samenhang"),
    ],
)
def test_negation_makes_a_signal_false(lex: Lexicon, text: str, signal: str) -> None:
    assert run(lex, text).signals[signal] is False


def test_not_only_is_not_a_negation(lex: Lexicon) -> None:
    f = run(lex, "Niet alleen online maar ook in de klas.")
    assert f.signals["online"] is True
    assert f.signals["fysiek"] is True


def test_unmentioned_signals_are_none(lex: Lexicon) -> None:
    f = run(lex, "Mijn vak is wiskunde.")
    assert all(f.signals[name] is None for name in CORE_SIGNALS)


# --------------------------------------------------------------------------- intent cues


def test_question_cues(lex: Lexicon) -> None:
    f = run(lex, "Wat houdt blended lesgeven in?")
    assert f.cues["vraag_start"] == 1.0
    assert f.cues["vraagteken"] == 1.0
    assert f.cues["eerste_persoon"] == 0.0


def test_first_person_and_blended_check_cues(lex: Lexicon) -> None:
    f = run(lex, "In mijn les laat ik studenten samenwerken. Is dat blended?")
    assert f.cues["eerste_persoon"] >= 2
    assert f.cues["blended_check"] >= 1
    assert f.cues["vraag_start"] == 0.0


def test_greeting_thanks_and_off_topic_cues(lex: Lexicon) -> None:
    assert run(lex, "Hallo!").cues["groet"] == 1.0
    assert run(lex, "Dank je wel").cues["dank"] >= 1.0
    assert run(lex, "Hoe laat gaat de kantine open?").cues["domein"] == 0.0
    assert run(lex, "Wat is blended onderwijs?").cues["domein"] >= 1.0


def test_language_cues(lex: Lexicon) -> None:
    dutch = run(lex, "Wat is het verschil tussen de twee?").cues
    english = run(lex, "What is the capital of France?").cues
    assert dutch["nl_ratio"] > 0.3 and english["nl_ratio"] == 0.0
    assert english["en_ratio"] > 0.3 and dutch["en_ratio"] == 0.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_the_same_signal_names_with_tri_state_values(text: str) -> None:
    f = analyse(text, Lexicon())
    assert set(CORE_SIGNALS) <= set(f.signals)
    assert all(v in (True, False, None) for v in f.signals.values())
    assert all(t.isascii() and t.isalnum() and t == t.lower() for t in f.tokens)


def test_rule_vector_matches_its_feature_names(lex: Lexicon) -> None:
    from classifier.features import RULE_FEATURES, rule_vector

    for text in ("", "Ik geef les in de klas en online, daarna bespreken we het.", "Hallo"):
        vector = rule_vector(run(lex, text))
        assert vector.shape == (len(RULE_FEATURES),)
        assert ((vector >= 0) & (vector <= 1)).all()


@pytest.mark.parametrize(
    ("text", "family", "term"),
    [
        ("Ik neem mijn colleges op en zet ze online.", "opname", "opnemen"),
        ("Ze kijken de uitleg later thuis terug.", "opname", "terugkijken"),
        ("De praktijkles bouwt daar direct op voort.", "samenhang", "voortbouwen"),
        ("Studenten bereiden thuis de casus voor.", "samenhang", "voorbereiden"),
        ("Een paar studenten kijken via Teams mee.", "gelijktijdig", "meekijken"),
    ],
)
def test_separable_verbs_match_with_words_in_between(
    lex: Lexicon, text: str, family: str, term: str
) -> None:
    assert term in run(lex, text).terms(family)


def test_separable_verb_particle_does_not_cross_a_clause(lex: Lexicon) -> None:
    findings = run(lex, "Ik neem de klas mee naar buiten en daar gaan we op pad.")
    assert "opnemen" not in findings.terms("opname")


# --------------------------------------------------------------------------- generalisation


@pytest.mark.parametrize(
    ("token", "meant"),
    [("kkassen", "klassen"), ("hybried", "hybride"), ("synchoon", "synchroon"),
     ("blnded", "blended")],
)
def test_keyboard_slips_are_corrected(lex: Lexicon, token: str, meant: str) -> None:
    assert lex.canonical(token) == meant


@pytest.mark.parametrize(
    "token",
    # Real words one letter away from a lexicon word: a wrong first letter or a
    # substitution of a far-away key is another word, not a typo.
    ["posten", "lassen", "klagen", "vallen", "leggen", "storing", "bewegen", "besloten"],
)
def test_other_real_words_are_not_corrected(lex: Lexicon, token: str) -> None:
    assert lex.canonical(token) == token


def test_real_words_next_to_pattern_words_raise_no_pattern(lex: Lexicon) -> None:
    f = run(lex, "Ze posten hun lasnaad op het forum en bewegen veel.")
    assert f.signals["bezuiniging"] is None
    assert f.signals["al_goed"] is None


@pytest.mark.parametrize(
    ("text", "family", "term"),
    [
        ("Die vragen komen in de volgende les terug.", "samenhang", "terugkomen"),
        ("We bespreken de casus later na.", "samenhang", "nabespreken"),
        ("Ze werken het ontwerp daarna uit.", "samenhang", "uitwerken"),
        ("Ze passen de theorie op stage toe.", "samenhang", "toepassen"),
        ("Vijf studenten loggen vanuit huis in.", "online", "inloggen"),
        ("Ze lopen een dag bij de zorgverlener mee.", "fysiek", "meelopen"),
    ],
)
def test_more_separable_verbs(lex: Lexicon, text: str, family: str, term: str) -> None:
    assert term in run(lex, text).terms(family)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("De online module sluit niet aan op de praktijkles.", "samenhang"),
        ("Ik neem mijn colleges nooit op.", "opname"),
    ],
)
def test_a_negation_inside_a_separable_verb_negates_it(
    lex: Lexicon, text: str, family: str
) -> None:
    f = run(lex, text)
    assert f.negated.get(family) and not f.counts.get(family)


def test_putting_a_lesson_online_is_not_a_recording(lex: Lexicon) -> None:
    assert "online zetten" in run(lex, "Ik zet mijn uitleg online.").terms("opname")
    f = run(lex, "Bij code rood zetten we de les gewoon online.")
    assert f.signals["alleen_opname"] is None
    assert f.signals["corona"] is True


@pytest.mark.parametrize(
    "text",
    ["Wat is het verschil tussen hybride en blended?", "blended vs hybride, wat is wat",
     "Is hybride hetzelfde als blended?"],
)
def test_hybrid_compared_with_blended_is_the_split_group_pattern(
    lex: Lexicon, text: str
) -> None:
    assert run(lex, text).signals["gelijktijdig_gesplitst"] is True


def test_hybrid_learning_environment_compared_with_blended_is_not(lex: Lexicon) -> None:
    f = run(lex, "Hoort een hybride leeromgeving bij blended?")
    assert f.signals["gelijktijdig_gesplitst"] is None


def test_offline_is_the_physical_part(lex: Lexicon) -> None:
    f = run(lex, "Ik doe een deel online en een deel offline.")
    assert f.signals["fysiek"] is True and f.signals["online"] is True


def test_parts_that_never_meet_mean_no_coherence(lex: Lexicon) -> None:
    f = run(lex, "De online cursus komt nooit aan bod in de lessen.")
    assert f.signals["samenhang"] is False
