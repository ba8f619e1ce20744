"""Typed and tapped replies to a readiness question, and the questions' YAML itself."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.answers import ANSWER, BACK, STOP, parse_reply
from knowledge.loader import PACKAGE_DIR, KnowledgeError, load_knowledge
from knowledge.readiness_model import DIMENSION_IDS, GROUP_OF, Readiness

DIM = "interactie"


@cache
def _readiness() -> Readiness:
    r = load_knowledge().readiness
    assert r is not None
    return r


def kind_level(text: str | None, value: object = None) -> tuple[str, int | None]:
    reply = parse_reply(_readiness(), DIM, text, value)
    return reply.kind, reply.level


@pytest.mark.parametrize(("text", "level"), [
    ("1", 1), ("2", 2), (" 3 ", 3), ("4.", 4), ("optie 2", 2), ("niveau 3", 3),
    ("verkennen", 1), ("Toepassen", 2), ("toepasen", 2), ("TOEPASSEN!", 2), ("toepassn", 2),
    ("duidelijk plan", 3), ("duidelijkplan", 3), ("plan", 3), ("verankerd", 4),
    ("verankert", 4), ("ik denk toepassen", 2), ("vaste praktijk", 4),
])
def test_typed_levels(text: str, level: int) -> None:
    assert kind_level(text) == ("level", level)


@pytest.mark.parametrize("text", ["weet niet", "weet ik niet", "Weet ik niet.", "weet nie",
                                  "geen idee", "5", "sla over", "ik weet het niet"])
def test_typed_unknown(text: str) -> None:
    assert kind_level(text) == ("unknown", None)


@pytest.mark.parametrize(("text", "kind"), [
    ("stop", "stop"), ("Stoppen", "stop"), ("7", "stop"), ("terug", "back"),
    ("vorige vraag", "back"), ("6", "back"), ("opnieuw", "restart"), ("check", "resume"),
    ("start de check", "resume"), ("mijn resultaat", "result"), ("help", "help"),
])
def test_navigation_and_commands(text: str, kind: str) -> None:
    assert kind_level(text)[0] == kind


@pytest.mark.parametrize("text", ["", "   ", "banaan", "8", "0", "vaak",
                                  "tussen toepassen en plan", "we hebben geen plan", "?"])
def test_invalid_or_ambiguous_is_invalid(text: str) -> None:
    assert kind_level(text) == ("invalid", None)


@pytest.mark.parametrize(("text", "kind"), [
    ("ja", "yes"), ("Ja graag", "yes"), ("doe maar", "yes"), ("nee", "no"),
    ("nee hoor", "no"), ("liever niet", "no")])
def test_typed_yes_and_no_are_told_apart_from_levels(text: str, kind: str) -> None:
    assert kind_level(text) == (kind, None)


@pytest.mark.parametrize("text", [
    "bij ons kiezen studenten zelf wanneer ze de opdrachten maken",
    "we doen daar eigenlijk nog weinig mee",
    "mijn team werkt hier sinds vorig jaar aan",
])
def test_a_sentence_about_practice_is_free_text_not_a_question(text: str) -> None:
    assert kind_level(text) == ("free_text", None)


@pytest.mark.parametrize("text", [
    "Is een kennisclip kijken thuis blended?",
    "wat is het verschil tussen synchroon en asynchroon leren",
    "tips aan",
])
def test_questions_and_other_commands_go_elsewhere(text: str) -> None:
    assert kind_level(text)[0] == "question"


def test_pasted_option_text_counts_as_that_option() -> None:
    option = _readiness().dimension(DIM).option(3)
    assert kind_level(option) == ("level", 3)
    assert kind_level(option.lower().rstrip(".")) == ("level", 3)


def test_submit_values() -> None:
    assert kind_level(None, {"action": ANSWER, "dimension": DIM, "level": 4}) == ("level", 4)
    assert kind_level(None, {"action": ANSWER, "dimension": DIM, "level": 0}) == ("unknown", None)
    assert kind_level(None, {"action": ANSWER, "dimension": DIM, "level": "2"}) == ("level", 2)
    assert kind_level(None, {"action": ANSWER, "dimension": DIM, "level": 9})[0] == "invalid"
    assert kind_level(None, {"action": ANSWER, "dimension": DIM, "level": True})[0] == "invalid"
    assert kind_level(None, {"action": ANSWER, "dimension": "delen", "level": 2})[0] == "stale"
    assert kind_level(None, {"action": BACK}) == ("back", None)
    assert kind_level(None, {"action": STOP}) == ("stop", None)
    assert kind_level(None, {"action": "start_check"}) == ("resume", None)
    # A value that is not ours falls back to the text.
    assert kind_level("2", {"action": "iets anders"}) == ("level", 2)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.none()),
       st.one_of(st.none(), st.dictionaries(st.text(max_size=8), st.one_of(
           st.integers(), st.text(max_size=8), st.none(), st.booleans()), max_size=4)))
def test_never_raises(text: str | None, value: dict | None) -> None:
    reply = parse_reply(_readiness(), DIM, text, value)
    assert reply.kind in {"level", "unknown", "back", "stop", "restart", "resume", "result",
                          "help", "yes", "no", "question", "free_text", "stale", "invalid"}
    assert (reply.level is not None) == (reply.kind == "level")


# --- the questions in knowledge/readiness.yaml ------------------------------------------------


def test_twelve_dimensions_in_spec_order_with_groups() -> None:
    r = _readiness()
    assert tuple(d.id for d in r.dimensions) == DIMENSION_IDS
    assert all(d.group == GROUP_OF[d.id] for d in r.dimensions)
    assert [s.label for s in r.scale] == ["Verkennen", "Toepassen", "Duidelijk plan",
                                          "Verankerd"]
    assert r.unknown.label == "Weet ik niet"


def test_every_question_has_four_distinct_practices_and_existing_cards() -> None:
    kb = load_knowledge()
    for dim in kb.readiness.dimensions:
        assert len(set(dim.options)) == 4
        assert dim.question.endswith("?")
        assert all(card in kb for card in dim.cards)
        assert any(card.startswith(("tip-", "advies-")) for card in dim.cards)


@pytest.fixture
def kb_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kb"
    for sub in ("cards", "tips"):
        shutil.copytree(PACKAGE_DIR / sub, root / sub)
    shutil.copy(PACKAGE_DIR / "readiness.yaml", root / "readiness.yaml")
    monkeypatch.chdir(tmp_path)
    return root


def _break(root: Path, old: str, new: str) -> list[str]:
    path = root / "readiness.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]


def _line_of(root: Path, needle: str) -> int:
    lines = (root / "readiness.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_copy_loads_with_readiness(kb_copy: Path) -> None:
    assert load_knowledge(kb_copy).readiness == _readiness()


def test_unknown_dimension_id_is_reported(kb_copy: Path) -> None:
    problems = _break(kb_copy, "- id: delen", "- id: samenwerken")
    assert any("'samenwerken' is not a dimension of the spec" in p for p in problems)
    assert all(p.startswith("kb/readiness.yaml:") for p in problems)


def test_unknown_card_link_has_its_line(kb_copy: Path) -> None:
    problems = _break(kb_copy, "cards: [advies-afstemmen]", "cards: [advies-afstemmenn]")
    line = _line_of(kb_copy, "advies-afstemmenn")
    assert any(p.startswith(f"kb/readiness.yaml:{line}:") and "advies-afstemmenn" in p
               for p in problems), problems


def test_card_link_missing_from_the_knowledge_base(kb_copy: Path) -> None:
    (kb_copy / "tips" / "advies-afstemmen.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    line = _line_of(kb_copy, "cards: [advies-afstemmen]")
    assert f"kb/readiness.yaml:{line}: dimension 'kwaliteitszorg' links to card " \
           "'advies-afstemmen', which is not in the knowledge base" in str(info.value)


def test_three_options_and_extra_field_are_reported(kb_copy: Path) -> None:
    path = kb_copy / "readiness.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('    short_label: "Delen"\n', '    short_label: "Delen"\n    kleur: rood\n')
    path.write_text(text, encoding="utf-8")
    problems = _break(kb_copy, '      - "Af en toe wissel ik informeel een voorbeeld uit met '
                      'een collega."\n', "")
    assert any("kleur: unknown field" in p for p in problems), problems
    assert any("options" in p and "at least 4" in p for p in problems), problems


def test_a_group_mismatch_is_reported(kb_copy: Path) -> None:
    problems = _break(kb_copy, "- id: flexibiliteit\n    group: eigen-onderwijs",
                      "- id: flexibiliteit\n    group: voorwaarden")
    assert any("'flexibiliteit' belongs to group 'eigen-onderwijs'" in p for p in problems)


def test_missing_readiness_file_is_allowed_for_a_bare_root(kb_copy: Path) -> None:
    (kb_copy / "readiness.yaml").unlink()
    assert load_knowledge(kb_copy).readiness is None


def test_fingerprint_follows_readiness_yaml(kb_copy: Path) -> None:
    before = load_knowledge(kb_copy).fingerprint
    path = kb_copy / "readiness.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
    assert load_knowledge(kb_copy).fingerprint != before
    assert DIMENSION_IDS  # the module constant stays the single list of ids
