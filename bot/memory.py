"""What the bot remembers about a conversation, kept in Bot Framework conversation state.

- ``welcomed``: the welcome was sent in this conversation (never send it twice).
- ``questions``: the last few questions, by a short reference that travels in the card's
  buttons, so that a follow-up answer or a "niet behulpzaam" click can find the text and the
  classification. Texts are kept here only briefly (``MAX_AGE``, ``MAX_QUESTIONS``) and
  only so that the teacher's next click can be answered; they are never logged.
- ``pending``: per asker, the question whose follow-up is open, so that a *typed* answer
  ("ja dat bouwt voort") finds its context, also after a restart.
- ``last``: per asker, the last answered question ("meer", or insisting on it).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from pydantic import BaseModel, ValidationError

from classifier.types import Activity, Alternative, Classification

PROPERTY = "BlendbotConversation"
MAX_QUESTIONS = 5
MAX_AGE = timedelta(hours=24)


class Memo(BaseModel):
    """One remembered question."""

    text: str
    at: datetime
    classification: dict[str, Any]
    asked: list[str] = []
    additions: list[str] = []
    """Sentences added by follow-up answers; classified together with ``text``."""
    asker: str | None = None
    """``user_key`` of who asked: in a channel others may click the answer's buttons."""
    answers: dict[str, bool] = {}
    """Criteria the teacher confirmed (True) or denied (False) in the follow-up."""
    quotes: dict[str, str] = {}
    """What the teacher said per answered criterion (shown as "uit je antwoord")."""
    unknown: list[str] = []
    """Criteria the teacher answered with "weet ik niet"."""
    waiting: str | None = None
    """The follow-up key asked last and not yet answered."""

    def result(self) -> Classification:
        return from_state(self.classification, self.text)


def to_state(c: Classification) -> dict[str, Any]:
    """The classification without its text (the text is kept once, in the memo)."""
    data = c.to_json()
    data.pop("text", None)
    data["answered"] = list(c.answered)
    return data


def from_state(data: dict[str, Any], text: str = "") -> Classification:
    return Classification(
        text=text,
        intent=data.get("intent", "other"),
        verdict=data.get("verdict"),
        card=data.get("card"),
        confidence=float(data.get("confidence") or 0.0),
        alternatives=tuple(
            Alternative(card=a["card"], score=float(a["score"]))
            for a in data.get("alternatives", [])
        ),
        signals=dict(data.get("signals") or {}),
        unsure=bool(data.get("unsure")),
        follow_up=data.get("follow_up"),
        activities=tuple(_activity(a) for a in data.get("activities") or []
                         if isinstance(a, dict) and isinstance(a.get("text"), str)),
        evidence={k: v for k, v in (data.get("evidence") or {}).items()
                  if isinstance(v, str) or v is None},
        missing=tuple(m for m in data.get("missing") or [] if isinstance(m, str)),
        answered=tuple(a for a in data.get("answered") or [] if isinstance(a, str)),
    )


def _activity(data: dict[str, Any]) -> Activity:
    """An activity from stored JSON (memos written before the lesson analysis have none)."""
    interactie = data.get("interactie")
    return Activity(text=data["text"], place=data.get("place"), timing=data.get("timing"),
                    interactie=interactie if isinstance(interactie, bool) else None)


class ConversationMemory:
    """Typed access to this bot's part of the conversation state."""

    def __init__(self, conversation_state: ConversationState) -> None:
        self._property = conversation_state.create_property(PROPERTY)

    async def _data(self, turn_context: TurnContext) -> dict[str, Any]:
        data = await self._property.get(turn_context, dict)
        if not isinstance(data, dict):  # pragma: no cover - foreign data under our key
            data = {}
            await self._property.set(turn_context, data)
        return data

    async def welcomed(self, turn_context: TurnContext) -> bool:
        return bool((await self._data(turn_context)).get("welcomed"))

    async def mark_welcomed(self, turn_context: TurnContext) -> None:
        (await self._data(turn_context))["welcomed"] = True

    async def remember(self, turn_context: TurnContext, text: str, c: Classification,
                       asker: str | None = None) -> str:
        """Keep a question for follow-ups and feedback; returns its reference."""
        questions = await self._questions(turn_context)
        ref = secrets.token_hex(4)
        memo = Memo(text=text, at=datetime.now(UTC), classification=to_state(c), asker=asker)
        questions[ref] = memo.model_dump(mode="json")
        for old in sorted(questions, key=lambda r: questions[r]["at"])[:-MAX_QUESTIONS]:
            del questions[old]
        return ref

    async def recall(self, turn_context: TurnContext, ref: object) -> Memo | None:
        if not isinstance(ref, str):
            return None
        raw = (await self._questions(turn_context)).get(ref)
        try:
            return Memo.model_validate(raw) if raw is not None else None
        except ValidationError:
            return None

    async def update(self, turn_context: TurnContext, ref: str, memo: Memo) -> None:
        (await self._questions(turn_context))[ref] = memo.model_dump(mode="json")

    async def _per_user(self, turn_context: TurnContext, name: str) -> dict[str, Any]:
        data = await self._data(turn_context)
        value = data.setdefault(name, {})
        if not isinstance(value, dict):
            value = data[name] = {}
        return value

    async def set_pending(self, turn_context: TurnContext, user: str, ref: str | None) -> None:
        """Mark ``ref`` as the question whose follow-up ``user`` answers next (None: done)."""
        pending = await self._per_user(turn_context, "pending")
        if ref is None:
            pending.pop(user, None)
        else:
            pending[user] = ref

    async def pending(self, turn_context: TurnContext, user: str) -> tuple[str, Memo] | None:
        """The open follow-up of ``user``: (ref, memo), if it is still remembered."""
        ref = (await self._per_user(turn_context, "pending")).get(user)
        memo = await self.recall(turn_context, ref)
        return (ref, memo) if memo is not None and memo.waiting else None

    async def set_last(self, turn_context: TurnContext, user: str, ref: str) -> None:
        (await self._per_user(turn_context, "last"))[user] = ref

    async def last(self, turn_context: TurnContext, user: str) -> tuple[str, Memo] | None:
        """The question ``user`` got an answer to last: (ref, memo)."""
        ref = (await self._per_user(turn_context, "last")).get(user)
        memo = await self.recall(turn_context, ref)
        return (ref, memo) if memo is not None else None

    async def _questions(self, turn_context: TurnContext) -> dict[str, Any]:
        """The remembered questions, after dropping those older than ``MAX_AGE``."""
        data = await self._data(turn_context)
        questions = data.setdefault("questions", {})
        if not isinstance(questions, dict):
            questions = data["questions"] = {}
        cutoff = datetime.now(UTC) - MAX_AGE
        for ref in list(questions):
            try:
                if Memo.model_validate(questions[ref]).at < cutoff:
                    del questions[ref]
            except ValidationError:
                del questions[ref]
        return questions
