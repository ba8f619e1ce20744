"""Reading typed follow-up answers, choosing the next question, and stored memos."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot import follow_up
from bot.memory import Memo, from_state, to_state
from bot.render import next_step
from classifier.types import Activity, Classification


@pytest.mark.parametrize(("typed", "kind", "extra"), [
    ("ja", "yes", ""),
    ("Ja!", "yes", ""),
    ("jazeker", "yes", ""),
    ("klopt", "yes", ""),
    ("Dat klopt.", "yes", ""),
    ("ja hoor", "yes", ""),
    ("ja dat bouwt op elkaar voort", "yes", "dat bouwt op elkaar voort"),
    ("Ja, in de werkplaats oefenen ze", "yes", "in de werkplaats oefenen ze"),
    ("nee", "no", ""),
    ("nee hoor", "no", ""),
    ("Neen.", "no", ""),
    ("klopt niet", "no", ""),
    ("Nee, dat staat los van elkaar", "no", "dat staat los van elkaar"),
    ("weet ik niet", "unknown", ""),
    ("geen idee", "unknown", ""),
    ("Weet niet", "unknown", ""),
    ("geen flauw idee eigenlijk", "unknown", ""),
    ("dit klopt echt niet, mijn les is wel degelijk blended", "insist", ""),
    ("het is toch gewoon blended", "insist", ""),
    ("je snapt er niks van", "insist", ""),
    ("ze maken thuis een quiz in de ELO", "text", "ze maken thuis een quiz in de ELO"),
    ("nog niet", "text", "nog niet"),
])
def test_typed_replies_are_understood(typed: str, kind: str, extra: str) -> None:
    assert follow_up.read_reply(typed) == follow_up.Reply(kind, extra)  # type: ignore[arg-type]


def _lesson(verdict: str, missing: tuple[str, ...], **signals: bool | None) -> Classification:
    return Classification(text="x", intent="scenario", verdict=verdict,  # type: ignore[arg-type]
                          card="def-blended-leren", confidence=0.6, signals=dict(signals),
                          missing=missing)


def test_one_question_at_a_time_in_the_order_of_missing_and_at_most_three() -> None:
    c = _lesson("onduidelijk", ("samenhang", "fysiek", "interactie"), online=True)
    assert follow_up.next_question(c, {}, [], 0) == "samenhang"
    assert follow_up.next_question(c, {"samenhang": True}, [], 1) == "fysiek"
    assert follow_up.next_question(c, {"samenhang": True}, ["fysiek"], 2) == "interactie"
    assert follow_up.next_question(c, {}, [], follow_up.MAX_QUESTIONS) is None
    assert follow_up.next_question(_lesson("blended", ("interactie",)), {}, [], 0) is None


def test_the_next_step_follows_what_is_denied_then_missing() -> None:
    assert next_step.reason(_lesson("niet_blended", (), fysiek=True, online=False)) == "online"
    assert next_step.tip_id(_lesson("onduidelijk", ("samenhang",)), None) == "tip-verbind"
    split = _lesson("niet_blended", (), gelijktijdig_gesplitst=True, fysiek=True, online=True)
    assert next_step.reason(split) == "gelijktijdig_gesplitst"
    done = _lesson("blended", (), fysiek=True, online=True, samenhang=True, interactie=True)
    assert next_step.tip_id(done, None) == "tip-iets-erin-iets-eruit"
    tool = _lesson("niet_blended", (), fysiek=True, online=True, samenhang=True,
                   alleen_tool=True)
    assert next_step.reason(tool) == "alleen_tool"
    assert next_step.tip_id(tool, None) == "tip-leerdoelen"


def test_memos_keep_the_lesson_analysis_and_old_memos_stay_readable() -> None:
    c = Classification(
        text="t", intent="scenario", verdict="blended", card="def-blended-leren",
        confidence=0.8, signals={"fysiek": True, "online": True},
        activities=(Activity("in de les", "fysiek", "synchroon", True),),
        evidence={"fysiek": "in de les", "online": "ELO"}, missing=("interactie",),
        answered=("samenhang",))
    again = from_state(to_state(c), "t")
    assert again.activities == c.activities and again.evidence == c.evidence
    assert again.missing == c.missing and again.answered == c.answered
    old = {"text": "t", "at": datetime.now(UTC).isoformat(), "asked": ["online"],
           "classification": {"intent": "scenario", "verdict": "onduidelijk", "card": None,
                              "confidence": 0.4, "alternatives": [], "signals": {},
                              "unsure": True, "follow_up": "online"}}
    memo = Memo.model_validate(old)
    assert memo.answers == {} and memo.waiting is None
    assert memo.result().missing == () and memo.result().activities == ()


def test_a_not_blended_verdict_without_a_reason_becomes_a_question() -> None:
    lesson = replace(_lesson("niet_blended", ("samenhang",), fysiek=True, online=True),
                     evidence={"fysiek": "in het lokaal", "online": "online"})
    assert follow_up.as_lesson(lesson).verdict == "onduidelijk"
    tool = replace(lesson, signals={**lesson.signals, "alleen_tool": True})
    assert follow_up.as_lesson(tool).verdict == "niet_blended"
    belief = _lesson("niet_blended", ("fysiek", "online", "samenhang"))
    assert follow_up.as_lesson(belief).verdict == "niet_blended"
