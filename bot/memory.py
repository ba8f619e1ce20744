"""What the bot remembers about a conversation, kept in its conversation state.

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

from pydantic import BaseModel, ValidationError

from bot.core.state import ConversationData
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

    def _data(self, state: ConversationData) -> dict[str, Any]:
        return state.part(PROPERTY)

    def welcomed(self, state: ConversationData) -> bool:
        return bool(self._data(state).get("welcomed"))

    def mark_welcomed(self, state: ConversationData) -> None:
        self._data(state)["welcomed"] = True

    def remember(self, state: ConversationData, text: str, c: Classification,
                 asker: str | None = None) -> str:
        """Keep a question for follow-ups and feedback; returns its reference."""
        questions = self._questions(state)
        ref = secrets.token_hex(4)
        memo = Memo(text=text, at=datetime.now(UTC), classification=to_state(c), asker=asker)
        questions[ref] = memo.model_dump(mode="json")
        for old in sorted(questions, key=lambda r: questions[r]["at"])[:-MAX_QUESTIONS]:
            del questions[old]
        return ref

    def recall(self, state: ConversationData, ref: object) -> Memo | None:
        if not isinstance(ref, str):
            return None
        raw = self._questions(state).get(ref)
        try:
            return Memo.model_validate(raw) if raw is not None else None
        except ValidationError:
            return None

    def update(self, state: ConversationData, ref: str, memo: Memo) -> None:
        self._questions(state)[ref] = memo.model_dump(mode="json")

    def _per_user(self, state: ConversationData, name: str) -> dict[str, Any]:
        data = self._data(state)
        value = data.setdefault(name, {})
        if not isinstance(value, dict):
            value = data[name] = {}
        return value

    def set_pending(self, state: ConversationData, user: str, ref: str | None) -> None:
        """Mark ``ref`` as the question whose follow-up ``user`` answers next (None: done)."""
        pending = self._per_user(state, "pending")
        if ref is None:
            pending.pop(user, None)
        else:
            pending[user] = ref

    def pending(self, state: ConversationData, user: str) -> tuple[str, Memo] | None:
        """The open follow-up of ``user``: (ref, memo), if it is still remembered."""
        ref = self._per_user(state, "pending").get(user)
        memo = self.recall(state, ref)
        return (ref, memo) if memo is not None and memo.waiting else None

    def set_last(self, state: ConversationData, user: str, ref: str) -> None:
        self._per_user(state, "last")[user] = ref

    def last(self, state: ConversationData, user: str) -> tuple[str, Memo] | None:
        """The question ``user`` got an answer to last: (ref, memo)."""
        ref = self._per_user(state, "last").get(user)
        memo = self.recall(state, ref)
        return (ref, memo) if memo is not None else None

    def _questions(self, state: ConversationData) -> dict[str, Any]:
        """The remembered questions, after dropping those older than ``MAX_AGE``."""
        data = self._data(state)
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
