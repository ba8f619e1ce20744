"""Submit values: what a button sends back. One definition for every channel.

Teams ``Action.Submit`` / ``Action.Execute`` data, terminal numbered choices and (later)
Slack ``block_actions`` all carry ``{"action": <name>, ...}`` with the names below.
"""

from __future__ import annotations

from typing import Any

SHOW_CARD = "show_card"
FEEDBACK = "feedback"
START_CHECK = "start_check"
FOLLOW_UP = "follow_up"
TIPS_ON = "tips_on"
TIPS_OFF = "tips_off"
HELP = "help"
MORE = "more"

#: Follow-up answers for yes/no questions; card choices send the card id instead.
YES, NO, UNKNOWN, NONE = "ja", "nee", "weet_niet", "geen"
#: The follow-up key for "which of these cards did you mean?".
CHOOSE_CARD = "kies-kaart"

Value = dict[str, Any]
Choice = tuple[str, Value]
"""A button: (label, submit value)."""


def _with_ref(value: Value, ref: str | None) -> Value:
    if ref:
        value["ref"] = ref
    return value


def show_card(card_id: str, ref: str | None = None) -> Value:
    return _with_ref({"action": SHOW_CARD, "card": card_id}, ref)


def feedback(card_id: str, helpful: bool, confidence: float, ref: str | None) -> Value:
    value = {"action": FEEDBACK, "card": card_id, "helpful": helpful,
             "confidence": round(float(confidence), 4)}
    return _with_ref(value, ref)


def more(card_id: str, ref: str | None = None) -> Value:
    """ "Lees meer": the explanation, examples and sources of ``card_id``."""
    return _with_ref({"action": MORE, "card": card_id}, ref)


def follow_up(key: str, answer: str, ref: str) -> Value:
    return {"action": FOLLOW_UP, "key": key, "answer": answer, "ref": ref}


def start_check() -> Value:
    return {"action": START_CHECK}


def tips_on() -> Value:
    return {"action": TIPS_ON}


def tips_off() -> Value:
    return {"action": TIPS_OFF}


def help_() -> Value:
    return {"action": HELP}
