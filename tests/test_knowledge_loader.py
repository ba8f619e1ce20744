"""The knowledge loader: every kind of broken card is reported as an exact ``file:line: message``.

Each test copies the real knowledge base into ``tmp_path``, replaces ``tips/tip-verbind.yaml``
by a small card whose line numbers are known (``CARD``), breaks something, and compares the
complete list of problem lines.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

from bot.cli import main
from knowledge import KnowledgeError, Problem, load_knowledge
from knowledge.loader import PACKAGE_DIR, read_yaml_with_lines, validate_model
from knowledge.models import Card, CardKind, Text
from knowledge.taxonomy import (
    ADVICE_IDS,
    ALL_CARD_IDS,
    ANSWER_CARD_IDS,
    DEFINITION_IDS,
    MISCONCEPTION_IDS,
    TIP_IDS,
)

F = "kb/tips/tip-verbind.yaml"

CARD = """\
id: tip-verbind
kind: tip
title: Verbind online en offline
summary: Laat online en fysieke activiteiten op elkaar voortbouwen.
body: Een kennisclip die je in de les niet nodig hebt, wordt al snel niet meer bekeken.
example:
  synchroon: In het skillslab oefenen studenten de tiltechniek uit de clip.
  asynchroon: Thuis bekijken ze de clip en noteren ze drie aandachtspunten.
sources:
  - "Blended Learning Wave: toolkit voor herontwerp"
related: [tip-niet-dubbel, mis-video]
"""


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid copy of the real knowledge base at ``./kb`` (cwd = tmp_path)."""
    root = tmp_path / "kb"
    for sub in ("cards", "tips"):
        shutil.copytree(PACKAGE_DIR / sub, root / sub)
    (root / "tips" / "tip-verbind.yaml").write_text(CARD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    try:
        load_knowledge(Path("kb"))
    except KnowledgeError as exc:  # the real base must be valid for these tests to mean much
        pytest.fail(f"the real knowledge base is broken:\n{exc}")
    return Path("kb")


def write(root: Path, text: str, name: str = "tips/tip-verbind.yaml") -> None:
    (root / name).write_text(text, encoding="utf-8")


def problem_lines(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert [str(p) for p in info.value.problems] == str(info.value).splitlines()
    return str(info.value).splitlines()


# --------------------------------------------------------------------------- single problems


def test_broken_yaml_reports_the_parser_line(kb: Path) -> None:
    write(kb, CARD.replace("title: Verbind online en offline", "title: Verbind: online: offline"))
    assert problem_lines(kb) == [f"{F}:3: invalid YAML: mapping values are not allowed here"]


def test_unclosed_quote_reports_where_the_string_started(kb: Path) -> None:
    write(kb, CARD.replace("related: [tip-niet-dubbel, mis-video]", 'related: "tip-niet-dubbel'))
    assert problem_lines(kb) == [
        f"{F}:12: invalid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar on line 11)"
    ]


def test_unknown_field(kb: Path) -> None:
    write(kb, CARD + "colour: rood\n")
    assert problem_lines(kb) == [f"{F}:12: colour: unknown field"]


def test_misspelled_field_suggests_the_name_and_reports_the_missing_one(kb: Path) -> None:
    write(kb, CARD.replace("summary:", "sumary:").replace("  synchroon:", "  synchron:"))
    assert problem_lines(kb) == [
        f"{F}:1: summary: missing required field",
        f"{F}:4: sumary: unknown field (did you mean 'summary'?)",
        f"{F}:7: example.synchron: unknown field (did you mean 'synchroon'?)",
        f"{F}:7: example.synchroon: missing required field",
    ]


def test_missing_field_uses_the_line_of_the_mapping(kb: Path) -> None:
    text = CARD.replace("body: Een kennisclip", "#body: Een kennisclip")
    text = text.replace("  asynchroon: Thuis", "  #asynchroon: Thuis")
    write(kb, text)
    assert problem_lines(kb) == [
        f"{F}:1: body: missing required field",
        f"{F}:7: example.asynchroon: missing required field",
    ]


def test_empty_texts_are_all_reported(kb: Path) -> None:
    text = CARD.replace("title: Verbind online en offline", "title:")
    text = text.replace("summary: Laat online", 'summary: "  "\n#')
    text = text.replace("  synchroon: In het skillslab", "  synchroon: ''\n#")
    text = text.replace('  - "Blended Learning', '  - ""\n#')
    write(kb, text)
    assert problem_lines(kb) == [
        f"{F}:3: title: must not be empty",
        f"{F}:4: summary: must not be empty",
        f"{F}:8: example.synchroon: must not be empty",
        f"{F}:12: sources[0]: must not be empty",
    ]


def test_empty_sources_list(kb: Path) -> None:
    text = CARD.replace('sources:\n  - "Blended Learning Wave: toolkit voor herontwerp"\n',
                        "sources: []\n")
    write(kb, text)
    assert problem_lines(kb) == [f"{F}:9: sources: must not be empty"]


def test_unknown_kind(kb: Path) -> None:
    write(kb, CARD.replace("kind: tip", "kind: tips"))
    assert problem_lines(kb) == [
        f"{F}:2: kind: must be one of 'definition', 'misconception', 'tip' or 'advice' "
        "(got 'tips')"
    ]


def test_kind_that_does_not_match_the_id(kb: Path) -> None:
    write(kb, CARD.replace("kind: tip", "kind: advice"))
    assert problem_lines(kb) == [
        f"{F}:2: kind: 'advice' does not match id 'tip-verbind' (expected 'tip')"
    ]


def test_misconception_fields_on_a_tip_point_at_the_field(kb: Path) -> None:
    write(kb, CARD + "verdict_hint: je alleen een tool gebruikt.\n")
    assert problem_lines(kb) == [
        f"{F}:12: verdict_hint and stellingen belong on misconception cards only"
    ]


def test_misconception_without_verdict_hint(kb: Path) -> None:
    path = kb / "cards" / "mis-video.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("verdict_hint:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    assert problem_lines(kb) == [
        "kb/cards/mis-video.yaml:1: a misconception card needs a verdict_hint"
    ]


def test_duplicate_id_reports_both_files(kb: Path) -> None:
    write(kb, CARD, name="cards/tip-verbind.yaml")
    assert problem_lines(kb) == [
        "kb/cards/tip-verbind.yaml:1: id: duplicate id 'tip-verbind' "
        "(also in kb/tips/tip-verbind.yaml:1)",
        "kb/tips/tip-verbind.yaml:1: id: duplicate id 'tip-verbind' "
        "(also in kb/cards/tip-verbind.yaml:1)",
    ]


def test_unknown_id(kb: Path) -> None:
    write(kb, CARD.replace("id: tip-verbind", "id: tip-zomaar"), name="tips/tip-zomaar.yaml")
    assert problem_lines(kb) == [
        "kb/tips/tip-zomaar.yaml:1: id: unknown card id 'tip-zomaar' (not in the spec)"
    ]


def test_unknown_id_with_a_close_spec_id_gets_a_hint(kb: Path) -> None:
    write(kb, CARD.replace("id: tip-verbind", "id: tip-verbinden"), name="tips/tip-verbinden.yaml")
    assert problem_lines(kb) == [
        "kb/tips/tip-verbinden.yaml:1: id: unknown card id 'tip-verbinden' "
        "(not in the spec; did you mean 'tip-verbind'?)"
    ]


def test_file_name_must_match_id(kb: Path) -> None:
    (kb / "tips" / "tip-verbind.yaml").rename(kb / "tips" / "verbind.yaml")
    assert problem_lines(kb) == [
        "kb/tips/verbind.yaml:1: id: 'tip-verbind' does not match the file name verbind.yaml"
    ]


def test_missing_cards_name_the_expected_file(kb: Path) -> None:
    (kb / "tips" / "tip-didactiek.yaml").unlink()
    (kb / "cards" / "def-niveaus.yaml").unlink()
    assert problem_lines(kb) == [
        "kb/cards/def-niveaus.yaml:1: missing card: no file for spec id 'def-niveaus'",
        "kb/tips/tip-didactiek.yaml:1: missing card: no file for spec id 'tip-didactiek'",
    ]


def test_bad_related_ids(kb: Path) -> None:
    write(kb, CARD.replace("related: [tip-niet-dubbel, mis-video]",
                           "related:\n  - tip-niet-dubbel\n  - mis-vidoe\n  - tip-verbind"))
    assert problem_lines(kb) == [
        f"{F}:13: related[1]: unknown card id 'mis-vidoe' (did you mean 'mis-video'?)",
        f"{F}:14: related[2]: a card cannot be related to itself",
    ]


def test_duplicate_yaml_key(kb: Path) -> None:
    write(kb, CARD + "title: Nog een titel\n")
    assert problem_lines(kb) == [f"{F}:12: title: duplicate key"]


@pytest.mark.parametrize("text", ["", "# alleen commentaar\n", "- id: tip-verbind\n"])
def test_file_that_is_not_a_mapping(kb: Path, text: str) -> None:
    write(kb, text)
    assert problem_lines(kb) == [f"{F}:1: expected a mapping of fields"]


def test_unquoted_number_as_text(kb: Path) -> None:
    write(kb, CARD.replace("title: Verbind online en offline", "title: 2024"))
    assert problem_lines(kb) == [f"{F}:3: title: must be text (got 2024; put it in quotes)"]


def test_yml_extension_is_reported_not_ignored(kb: Path) -> None:
    write(kb, CARD, name="tips/extra.yml")
    assert problem_lines(kb) == ["kb/tips/extra.yml:1: card files must end in .yaml"]


# --------------------------------------------------------------------------- many problems


def test_all_problems_are_collected_and_sorted_by_file_then_line(kb: Path) -> None:
    write(kb, CARD.replace("summary: Laat", "summary: ''\n#") + "colour: rood\n")
    write(kb, "id: tip-creatief\nkind: tip\ntitle: [kapot\n", name="tips/tip-creatief.yaml")
    (kb / "tips" / "advies-visie.yaml").unlink()
    zomaar = CARD.replace("id: tip-verbind", "id: def-zomaar")
    write(kb, zomaar.replace("kind: tip", "kind: definition"), name="cards/def-zomaar.yaml")
    lines = problem_lines(kb)
    assert lines == [
        "kb/cards/def-zomaar.yaml:1: id: unknown card id 'def-zomaar' (not in the spec)",
        "kb/tips/advies-visie.yaml:1: missing card: no file for spec id 'advies-visie'",
        "kb/tips/tip-creatief.yaml:4: invalid YAML: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence on line 3)",
        f"{F}:4: summary: must not be empty",
        f"{F}:13: colour: unknown field",
    ]


def test_error_object_exposes_problems(kb: Path) -> None:
    write(kb, CARD + "colour: rood\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb)
    assert info.value.problems == (Problem(F, 12, "colour: unknown field"),)


def test_paths_outside_the_current_directory_are_absolute(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(kb, CARD + "colour: rood\n")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = tmp_path / "kb"
    shown = root / "tips" / "tip-verbind.yaml"
    assert problem_lines(root) == [f"{shown}:12: colour: unknown field"]


# --------------------------------------------------------------------------- reusable helpers


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Text


class Questions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    items: list[Item]


def test_helpers_validate_any_model_with_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("q.yaml")
    path.write_text("name: Scan\nitems:\n  - label: Een\n  - label: ''\n  - lable: Drie\n")
    data, locate = read_yaml_with_lines(path)
    obj, problems = validate_model(Questions, data, path, locate)
    assert obj is None
    assert [str(p) for p in problems] == [
        "q.yaml:4: items[1].label: must not be empty",
        "q.yaml:5: items[2].label: missing required field",
        "q.yaml:5: items[2].lable: unknown field (did you mean 'label'?)",
    ]
    path.write_text("name: Scan\nitems:\n  - label: Een\n")
    data, locate = read_yaml_with_lines(path)
    obj, problems = validate_model(Questions, data, path, locate)
    assert problems == [] and obj == Questions(name="Scan", items=[Item(label="Een")])


def test_read_yaml_raises_with_the_parser_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text("a: 1\nb:\n  - c\n d: 2\n")
    with pytest.raises(KnowledgeError) as info:
        read_yaml_with_lines(Path("x.yaml"))
    assert [(p.file, p.line) for p in info.value.problems] == [("x.yaml", 4)]
    Path("y.yaml").write_bytes(b"a: \xff\n")
    with pytest.raises(KnowledgeError) as info:
        read_yaml_with_lines(Path("y.yaml"))
    assert str(info.value) == "y.yaml:1: not valid UTF-8 (byte 3)"


# --------------------------------------------------------------------------- the knowledge base


def test_real_knowledge_base_api() -> None:
    kb = load_knowledge()
    assert set(kb.cards) == ALL_CARD_IDS and len(kb) == len(ALL_CARD_IDS)
    assert list(kb.cards) == sorted(kb.cards)
    assert kb.card("tip-begin-klein").title == "Begin klein"
    assert isinstance(kb.card("mis-video"), Card)
    with pytest.raises(KeyError, match="tip-bestaat-niet"):
        kb.card("tip-bestaat-niet")
    assert {c.id for c in kb.of_kind("tip")} == TIP_IDS
    assert {c.id for c in kb.of_kind(CardKind.ADVICE)} == ADVICE_IDS
    assert {c.id for c in kb.answer_cards()} == ANSWER_CARD_IDS
    assert "def-niveaus" in kb and "tip-zomaar" not in kb
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.fingerprint = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        kb.cards["tip-verbind"] = kb.card("tip-leerdoelen")  # type: ignore[index]


def test_fingerprint_follows_the_bytes_not_the_location(kb: Path) -> None:
    first = load_knowledge(kb).fingerprint
    assert len(first) == 64 and int(first, 16) >= 0
    assert load_knowledge(kb.absolute()).fingerprint == first
    expected = hashlib.sha256()
    for path in sorted(p for sub in ("cards", "tips") for p in (kb / sub).glob("*.yaml")):
        name = path.relative_to(kb).as_posix().encode()
        content = path.read_bytes()
        expected.update(len(name).to_bytes(8, "big") + name)
        expected.update(len(content).to_bytes(8, "big") + content)
    assert first == expected.hexdigest()
    write(kb, CARD.replace("Verbind online en offline", "Verbind online en offline!"))
    assert load_knowledge(kb).fingerprint != first


# --------------------------------------------------------------------------- the command


def test_check_command_ok_on_the_real_base() -> None:
    result = CliRunner().invoke(main, ["knowledge", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"ok: {len(ALL_CARD_IDS)} cards ({len(DEFINITION_IDS)} definitions, "
        f"{len(MISCONCEPTION_IDS)} misconceptions, "
        f"{len(TIP_IDS)} tips, {len(ADVICE_IDS)} advice)\n"
    )


def test_check_command_lists_every_problem_and_exits_1(kb: Path) -> None:
    write(kb, CARD.replace("summary: Laat", "summary: ''\n#") + "colour: rood\n")
    (kb / "tips" / "advies-visie.yaml").unlink()
    result = CliRunner().invoke(main, ["knowledge", "check", "--root", "kb"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "kb/tips/advies-visie.yaml:1: missing card: no file for spec id 'advies-visie'",
        f"{F}:4: summary: must not be empty",
        f"{F}:13: colour: unknown field",
    ]


def test_check_command_on_a_valid_copy(kb: Path) -> None:
    result = CliRunner().invoke(main, ["knowledge", "check", "--root", str(kb)])
    assert result.exit_code == 0 and result.stdout.startswith("ok: 34 cards (")


def test_odd_ids_are_reported_not_crashed_on(kb: Path) -> None:
    odd = CARD.replace("id: tip-verbind", "id: 'tip-{0}'")
    write(kb, odd, name="tips/a.yaml")
    write(kb, odd, name="tips/b.yaml")
    assert problem_lines(kb) == [
        "kb/tips/a.yaml:1: id: 'tip-{0}' does not match the file name a.yaml",
        "kb/tips/a.yaml:1: id: duplicate id 'tip-{0}' (also in kb/tips/b.yaml:1)",
        "kb/tips/a.yaml:1: id: unknown card id 'tip-{0}' (not in the spec)",
        "kb/tips/b.yaml:1: id: 'tip-{0}' does not match the file name b.yaml",
        "kb/tips/b.yaml:1: id: duplicate id 'tip-{0}' (also in kb/tips/a.yaml:1)",
        "kb/tips/b.yaml:1: id: unknown card id 'tip-{0}' (not in the spec)",
    ]


# --------------------------------------------------------------------------- sector examples

SECTOR_BLOCK = """\
examples:
  zorg:
    synchroon: In het skillslab oefenen verzorgenden de tiltechniek uit de clip.
    asynchroon: Thuis bekijken ze de clip en noteren ze drie aandachtspunten.
  ict:
    synchroon: In de les programmeren duo's verder aan hun app.
    asynchroon: Thuis maken ze de online programmeeroefening.
"""
# Lines of SECTOR_BLOCK when appended to CARD (which has 11 lines).
EXAMPLES_LINE, ZORG_LINE, ZORG_SYNC_LINE, ICT_LINE = 12, 13, 14, 16


def mis_video_without(kb: Path, sector: str) -> tuple[str, int]:
    """Drop one sector block from the real mis-video card; returns its path and the line of
    ``examples:``."""
    path = kb / "cards" / "mis-video.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  {sector}:\n")
    end = next((i for i in range(start + 1, len(lines))
                if not lines[i].startswith("    ")), len(lines))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return "kb/cards/mis-video.yaml", lines.index("examples:\n") + 1


def test_sector_examples_on_any_card_load_and_fall_back(kb: Path) -> None:
    write(kb, CARD + SECTOR_BLOCK)
    card = load_knowledge(kb).card("tip-verbind")
    assert card.example_for("zorg").synchroon.startswith("In het skillslab oefenen verzorgenden")
    assert card.example_for("ict").asynchroon == "Thuis maken ze de online programmeeroefening."
    assert card.example_for("horeca") == card.example  # no horeca example: the general one
    assert card.example_for("algemeen") == card.example


def test_unknown_sector_key_points_at_the_key(kb: Path) -> None:
    write(kb, CARD + SECTOR_BLOCK.replace("  zorg:", "  zorgg:").replace("  ict:", "  bouw:"))
    expected = "'zorg', 'techniek', 'economie', 'ict' or 'horeca'"
    assert problem_lines(kb) == [
        f"{F}:{ZORG_LINE}: examples.zorgg: unknown key (expected {expected}; "
        "did you mean 'zorg'?)",
        f"{F}:{ICT_LINE}: examples.bouw: unknown key (expected {expected})",
    ]


def test_general_sector_is_the_cards_own_example(kb: Path) -> None:
    write(kb, CARD + SECTOR_BLOCK.replace("  ict:", "  algemeen:"))
    assert problem_lines(kb) == [
        f"{F}:{EXAMPLES_LINE}: examples: 'algemeen' is the card's own `example`, "
        "not a sector here"
    ]


def test_empty_sector_example_text(kb: Path) -> None:
    text = SECTOR_BLOCK.replace("synchroon: In het skillslab oefenen verzorgenden de "
                                "tiltechniek uit de clip.", "synchroon: ''")
    write(kb, CARD + text.replace("    asynchroon: Thuis maken ze de online "
                                  "programmeeroefening.\n", ""))
    assert problem_lines(kb) == [
        f"{F}:{ZORG_SYNC_LINE}: examples.zorg.synchroon: must not be empty",
        # a missing field gets the first line of its mapping, as elsewhere
        f"{F}:{ICT_LINE + 1}: examples.ict.asynchroon: missing required field",
    ]


def test_examples_must_be_a_mapping(kb: Path) -> None:
    write(kb, CARD + "examples: zorg\n")
    assert problem_lines(kb) == [f"{F}:{EXAMPLES_LINE}: examples: must be a mapping of fields"]


@pytest.mark.parametrize("sector", ["zorg", "horeca"])
def test_missing_sector_on_a_misconception_card(kb: Path, sector: str) -> None:
    shown, line = mis_video_without(kb, sector)
    assert problem_lines(kb) == [
        f"{shown}:{line}: examples: missing sector(s) {sector} (this card needs an example "
        "for each of zorg, techniek, economie, ict, horeca)"
    ]


def test_blended_card_without_any_sector_examples(kb: Path) -> None:
    path = kb / "cards" / "def-blended-leren.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("examples:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    example_line = next(i for i, text in enumerate(lines) if text.startswith("example:")) + 1
    assert problem_lines(kb) == [
        f"kb/cards/def-blended-leren.yaml:{example_line}: examples: missing sector(s) zorg, "
        "techniek, economie, ict, horeca (this card needs an example for each of zorg, "
        "techniek, economie, ict, horeca)"
    ]


# --------------------------------------------------------------------------- summary length

@pytest.mark.parametrize(("summary", "found"), [
    ("Nee. Een kennisclip is content. Het wordt pas blended met een vervolg.", 3),
    ("Begin klein! Kies één onderdeel. Evalueer het. Kies dan je volgende stap.", 4),
])
def test_summary_of_three_or_more_sentences_is_reported(kb: Path, summary: str,
                                                         found: int) -> None:
    write(kb, CARD.replace("summary: Laat online en fysieke activiteiten op elkaar "
                           "voortbouwen.", f"summary: {summary}"))
    assert problem_lines(kb) == [
        f"{F}:4: summary: at most 2 sentences (found {found}); the explanation belongs "
        "in the body"
    ]


@pytest.mark.parametrize("summary", [
    "Laat online en fysieke activiteiten op elkaar voortbouwen",
    "Nee. Allen & Seaman noemen 30-79% online 'blended', maar een e-learning alleen is het niet.",
    "Wat moeten studenten kunnen? Kies daarna pas de activiteiten...",
])
def test_one_or_two_sentences_pass(kb: Path, summary: str) -> None:
    write(kb, CARD.replace("summary: Laat online en fysieke activiteiten op elkaar "
                           "voortbouwen.", f'summary: "{summary}"'))
    assert load_knowledge(kb).card("tip-verbind").summary == summary
