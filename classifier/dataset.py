"""Labelled examples: reading JSONL files and turning cards into extra training examples."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.taxonomy import ANSWER_CARD_IDS, BLENDED_CARD_ID, DEFINITION_IDS

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN_PATH = DATA_DIR / "train.jsonl"
TEST_PATH = DATA_DIR / "test.jsonl"

INTENTS = ("scenario", "question", "other")
VERDICTS = ("blended", "niet_blended", "onduidelijk")


class DatasetError(ValueError):
    """A labelled file is missing or malformed; ``str()`` is one line naming the place."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    verdict: str | None
    card: str | None
    weight: float = 1.0
    #: Minimal pairs: lines with the same id differ in one trait (``"pair": "p01"``).
    pair: str | None = None

    @property
    def label(self) -> str:
        """The joint label the model learns: ``intent:verdict:card``."""
        return joint_label(self.intent, self.verdict, self.card)


def joint_label(intent: str, verdict: str | None, card: str | None) -> str:
    return f"{intent}:{verdict or '-'}:{card or '-'}"


def split_label(label: str) -> tuple[str, str | None, str | None]:
    intent, verdict, card = label.split(":")
    return intent, (None if verdict == "-" else verdict), (None if card == "-" else card)


def _check(obj: Any) -> str | None:
    """Why ``obj`` is not a valid labelled line (None when it is)."""
    if not isinstance(obj, dict):
        return "expected a JSON object"
    missing = [k for k in ("text", "intent", "verdict", "card") if k not in obj]
    if missing:
        return f"missing field(s): {', '.join(missing)}"
    if not isinstance(obj["text"], str):
        return "text must be a string"
    if obj["intent"] not in INTENTS:
        return f"unknown intent {obj['intent']!r}"
    if obj["verdict"] is not None and obj["verdict"] not in VERDICTS:
        return f"unknown verdict {obj['verdict']!r}"
    if obj["card"] is not None and obj["card"] not in ANSWER_CARD_IDS:
        return f"unknown card {obj['card']!r}"
    if obj.get("pair") is not None and not isinstance(obj["pair"], str):
        return "pair must be a string"
    return None


def read_examples(path: Path | str) -> list[Example]:
    """Read ``{text, intent, verdict, card}`` lines; blank lines are skipped.

    Raises :class:`DatasetError` with ``file:line: reason`` for the first bad line.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read file ({exc.strerror})") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(f"{path}:{line}: not valid UTF-8") from None
    examples: list[Example] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{number}: malformed JSON ({exc.msg})") from None
        problem = _check(obj)
        if problem:
            raise DatasetError(f"{path}:{number}: {problem}")
        examples.append(
            Example(obj["text"], obj["intent"], obj["verdict"], obj["card"], pair=obj.get("pair"))
        )
    if not examples:
        raise DatasetError(f"{path}: no labelled lines")
    return examples


#: Weight of one paragraph or bullet of a definition card's body as a training example.
BODY_WEIGHT = 0.4
_MARKUP = re.compile(r"[*_`#>]+")


def body_parts(body: str) -> list[str]:
    """A card body's paragraphs and bullets, without Markdown marks (20+ characters each)."""
    parts = []
    for raw in body.splitlines():
        text = _MARKUP.sub("", raw).strip().lstrip("-").strip()
        if len(text) >= 20:
            parts.append(text)
    return parts


def card_examples(kb: Any) -> list[Example]:
    """The knowledge base as extra training examples, so the cards inform the model.

    A definition card's title and summary answer its question; a misconception card's title
    voices its belief; every card's synchronous + asynchronous example is a
    small blended design. Longer texts get a lower weight.
    """
    out: list[Example] = []
    for card in kb.cards.values():
        if card.id not in ANSWER_CARD_IDS:
            continue
        if card.id in DEFINITION_IDS:
            out.append(Example(card.title, "question", None, card.id, 1.0))
            out.append(Example(card.summary, "question", None, card.id, 0.5))
            out.extend(
                Example(part, "question", None, card.id, BODY_WEIGHT)
                for part in body_parts(card.body)
            )
        else:
            # Statements are for discussion and may voice the opposite view: not used.
            title = card.title.strip().strip('"').strip("\u201c\u201d")
            out.append(Example(title, "scenario", "niet_blended", card.id, 1.0))
            out.append(Example(card.summary, "scenario", "niet_blended", card.id, 0.3))
        story = f"{card.example.synchroon} {card.example.asynchroon}"
        out.append(Example(story, "scenario", "blended", BLENDED_CARD_ID, 0.4))
    return out
