"""The outcome of a check as plain functions: group levels, profile, next steps, change."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs import scoring
from knowledge.loader import load_knowledge
from knowledge.readiness_model import DIMENSION_IDS, GROUPS, Readiness
from knowledge.taxonomy import ADVICE_IDS, TIP_IDS

OWN, AROUND = GROUPS["eigen-onderwijs"], GROUPS["voorwaarden"]
GRADE_WORDS = ("cijfer", "onvoldoende", "voldoende", "slecht", "zakt", "score", "/10", "%")


@cache
def _readiness() -> Readiness:
    r = load_knowledge().readiness
    assert r is not None
    return r


@pytest.fixture
def readiness() -> Readiness:
    return _readiness()


def answers(own: int | None, around: int | None, **overrides: int | None) -> dict:
    result = {d: own for d in OWN} | {d: around for d in AROUND}
    return result | overrides


def test_group_levels_average_known_answers_only() -> None:
    levels = scoring.group_levels(answers(2, 1, flexibiliteit=4, interactie=None,
                                          strategie=None))
    own = levels["eigen-onderwijs"]
    assert (own.average, own.known, own.total) == (pytest.approx(8 / 3, abs=0.01), 3, 4)
    around = levels["voorwaarden"]
    assert (around.average, around.known, around.total) == (1.0, 7, 8)


def test_group_level_is_none_when_all_unknown() -> None:
    levels = scoring.group_levels(answers(None, 3))
    assert levels["eigen-onderwijs"].average is None
    assert levels["voorwaarden"].average == 3.0


def test_clean_answers_drops_rubbish() -> None:
    raw = {"flexibiliteit": 3, "interactie": 7, "delen": "2", "strategie": True, "extra": 1}
    cleaned = scoring.clean_answers(raw)
    assert list(cleaned) == list(DIMENSION_IDS)
    assert cleaned["flexibiliteit"] == 3
    assert cleaned["interactie"] is cleaned["delen"] is cleaned["strategie"] is None


def test_profile_names_strong_design_and_weak_support(readiness: Readiness) -> None:
    text = scoring.profile(readiness, answers(3, 1, ontwerpproces=4, flexibiliteit=2,
                                              ondersteuning=1, delen=2, faciliteiten=2))
    assert "Je eigen onderwijs is goed op weg, vooral bij ontwerpproces" in text
    assert "Bij de voorwaarden om je heen is nog veel te winnen, vooral bij ondersteuning" in text
    assert "loopt voor" in text  # own teaching ahead of the school


def test_profile_plural_group_and_no_grades(readiness: Readiness) -> None:
    text = scoring.profile(readiness, answers(4, 4))
    assert text == "Je eigen onderwijs staat stevig. De voorwaarden om je heen staan stevig."
    for words in (answers(1, 1), answers(2, 3), answers(4, 1), answers(None, 2)):
        lowered = scoring.profile(readiness, words).lower()
        assert not any(grade in lowered for grade in GRADE_WORDS), lowered


def test_profile_mentions_unknown_answers(readiness: Readiness) -> None:
    text = scoring.profile(readiness, answers(2, 2, financiering=None, organisatie=None))
    assert "Bij 2 vragen koos je 'weet ik niet' (organisatie en financiering); die tellen " \
           "niet mee." in text
    one = scoring.profile(readiness, answers(2, 2, delen=None))
    assert "Bij één vraag koos je 'weet ik niet' (delen); die telt niet mee." in one


def test_profile_all_unknown_is_an_invitation(readiness: Readiness) -> None:
    text = scoring.profile(readiness, answers(None, None))
    assert text.startswith("Je koos bij elke vraag 'weet ik niet'")


def test_profile_school_ahead_of_own_teaching(readiness: Readiness) -> None:
    text = scoring.profile(readiness, answers(1, 3))
    assert "De school biedt meer dan je nu in je eigen lessen benut" in text


def test_next_steps_pick_the_weakest_in_spec_order(readiness: Readiness) -> None:
    steps = scoring.next_steps(readiness, answers(3, 3, interactie=1, financiering=1,
                                                  delen=2, organisatie=2))
    assert [s.dimension for s in steps] == ["interactie", "financiering", "delen"]
    assert steps[0].level == 1
    assert steps[0].text == readiness.dimension("interactie").next_step


def test_next_steps_link_tip_or_advice_cards(readiness: Readiness) -> None:
    for dim in DIMENSION_IDS:
        steps = scoring.next_steps(readiness, answers(4, 4) | {dim: 1})
        assert steps[0].dimension == dim
        assert set(steps[0].cards) & (TIP_IDS | ADVICE_IDS)


def test_next_steps_when_everything_is_anchored_or_unknown(readiness: Readiness) -> None:
    anchored = scoring.next_steps(readiness, answers(4, 4))
    assert [s.dimension for s in anchored] == ["flexibiliteit"]
    unknown = scoring.next_steps(readiness, answers(None, None))
    assert [s.dimension for s in unknown] == ["flexibiliteit"]
    assert unknown[0].level is None
    skip_unknown = scoring.next_steps(readiness, answers(None, 4, delen=2))
    assert [s.dimension for s in skip_unknown] == ["delen"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 4, None]), min_size=12, max_size=12))
def test_next_steps_always_one_to_three(values: list[int | None]) -> None:
    readiness = _readiness()
    given_answers = dict(zip(DIMENSION_IDS, values, strict=True))
    steps = scoring.next_steps(readiness, given_answers)
    assert 1 <= len(steps) <= 3
    known = [v for v in values if v is not None]
    if known:
        assert all(s.level is not None for s in steps)
        assert steps[0].level == min(known)
    assert scoring.profile(readiness, given_answers)


def test_change_summary_up_down_and_unknown(readiness: Readiness) -> None:
    before = answers(2, 1, financiering=None, delen=3)
    after = answers(2, 1, flexibiliteit=3, ondersteuning=2, delen=2, financiering=1,
                    faciliteiten=None)
    text = scoring.change_summary(readiness, before, after, date(2026, 3, 12))
    assert text.startswith("Sinds je vorige check (12 maart 2026):")
    assert "verder bij flexibiliteit en ondersteuning" in text
    assert "een stap terug bij delen" in text
    assert "nu wel een antwoord bij financiering" in text
    assert "nu 'weet ik niet' bij faciliteiten" in text
    assert "je eigen onderwijs van 2,0 naar 2,2" in text


def test_change_summary_without_changes(readiness: Readiness) -> None:
    same = answers(2, 3)
    text = scoring.change_summary(readiness, same, dict(same), date(2025, 1, 5))
    assert text == "Sinds je vorige check (5 januari 2025) zijn al je antwoorden gelijk gebleven."
    assert scoring.changes(same, same) == []


@pytest.mark.parametrize(("average", "level"), [(1.0, 1), (1.49, 1), (1.5, 2), (2.75, 3),
                                               (3.5, 4), (4.0, 4)])
def test_nearest_level(average: float, level: int) -> None:
    assert scoring.nearest_level(average) == level


def test_dutch_number_and_date() -> None:
    assert scoring.format_number(2.75) == "2,8"
    assert scoring.format_date(date(2026, 12, 1)) == "1 december 2026"


# ---- the questions themselves -----------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("dim", DIMENSION_IDS)
def test_each_question_asks_one_thing(readiness: Readiness, dim: str) -> None:
    """One question mark at the end, and no second clause ('..., en past het rooster erbij?')
    or second subject ('een definitie ... en een visie')."""
    question = readiness.dimension(dim).question
    assert question.count("?") == 1 and question.endswith("?"), question
    assert not re.search(r",\s+en\s+\w+", question), question
    assert not re.search(r"\ben (is|wordt|worden|past|zijn|heb|krijg|een)\b", question), question


@pytest.mark.parametrize("dim", DIMENSION_IDS)
def test_no_level_option_means_weet_ik_niet(readiness: Readiness, dim: str) -> None:
    """'Weet ik niet' is its own, unscored answer; a level may not include it."""
    unknown = [_norm(p) for p in (readiness.unknown.label, *readiness.unknown.synonyms)]
    for option in readiness.dimension(dim).options:
        text = f" {_norm(option)} "
        assert not any(f" {phrase} " in text for phrase in unknown if len(phrase) > 3), option
        assert not re.search(r"\bweet\b.*\bniet\b", text), option


def test_financiering_level_one_is_no_budget_and_weet_ik_niet_is_unscored(
        readiness: Readiness) -> None:
    from dialogs.answers import parse_reply

    dim = readiness.dimension("financiering")
    assert parse_reply(readiness, "financiering", dim.option(1)).level == 1
    assert parse_reply(readiness, "financiering", "weet ik niet").kind == "unknown"
    result = scoring.clean_answers({"financiering": None, "faciliteiten": 2})
    assert scoring.unknown_dimensions(result)[:1] != ["faciliteiten"]
    assert "financiering" in scoring.unknown_dimensions(result)
    assert scoring.group_levels(result)["voorwaarden"].known == 1


def test_split_questions_keep_their_dimension(readiness: Readiness) -> None:
    """Organisatie is still about who decides (and the timetable as an example), and
    kwaliteitszorg about evaluating with students and teachers."""
    organisatie = readiness.dimension("organisatie")
    assert "beslist" in organisatie.question and "rooster" in organisatie.question
    assert any("rooster" in option for option in organisatie.options)
    kwaliteit = readiness.dimension("kwaliteitszorg")
    assert "geëvalueerd" in kwaliteit.question
    assert "visie" in kwaliteit.option(4)
