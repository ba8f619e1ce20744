"""What the bot wants to show, independent of the channel.

The handler builds a view; ``bot.render.adaptive`` and ``bot.render.text`` each turn a view
into their format. ``choices(view)`` is the one list of buttons both renderers use, so a
Teams button and a terminal numbered choice always send the same submit value.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render import actions, wording
from bot.render.actions import Choice
from classifier.types import CORE_SIGNALS, Classification
from knowledge.models import Card


@dataclass(frozen=True, slots=True)
class Answer:
    """A card as an answer. Without ``classification`` it is a plain card view."""

    card: Card
    classification: Classification | None = None
    alternative: Card | None = None
    ref: str | None = None
    """Reference to the question in conversation state (feedback, kept text)."""
    feedback_given: bool = False
    note: str | None = None
    score: float | None = None
    """Confidence for this card when it is not the classification's own card."""
    share_url: str | None = None
    """Public page of the card (``/kaarten/<id>``): a "Deel" link on cards that can show one."""

    @property
    def confidence(self) -> float:
        if self.score is not None:
            return self.score
        return self.classification.confidence if self.classification else 1.0

    @property
    def verdict(self) -> str | None:
        c = self.classification
        return c.verdict if c is not None and c.intent == "scenario" else None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One question back to the teacher before answering."""

    key: str
    ref: str
    candidates: tuple[Card, ...] = ()

    @property
    def question(self) -> str:
        if self.key in wording.FOLLOW_UP_QUESTION:
            return wording.FOLLOW_UP_QUESTION[self.key]
        return wording.FOLLOW_UP_CHOOSE if self.candidates else wording.FOLLOW_UP_GENERIC


@dataclass(frozen=True, slots=True)
class Welcome:
    pass


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class Notice:
    """A short text, optionally with buttons."""

    text: str
    buttons: tuple[Choice, ...] = ()


View = Answer | FollowUp | Welcome | Help | Notice


def choices(view: View) -> list[Choice]:
    """The buttons of a view, in display order."""
    if isinstance(view, Answer):
        return _answer_choices(view)
    if isinstance(view, FollowUp):
        return _follow_up_choices(view)
    if isinstance(view, Welcome | Help):
        return [(wording.START_CHECK, actions.start_check()),
                (wording.TIPS_ON_BUTTON, actions.tips_on())]
    return list(view.buttons)


def _answer_choices(view: Answer) -> list[Choice]:
    result: list[Choice] = []
    if view.alternative is not None:
        label = wording.alternative_label(view.alternative.title)
        result.append((label, actions.show_card(view.alternative.id, view.ref)))
    if not view.feedback_given:
        for label, helpful in ((wording.FEEDBACK_HELPFUL, True),
                               (wording.FEEDBACK_NOT_HELPFUL, False)):
            value = actions.feedback(view.card.id, helpful, view.confidence, view.ref)
            result.append((label, value))
    result.append((wording.START_CHECK, actions.start_check()))
    return result


def _follow_up_choices(view: FollowUp) -> list[Choice]:
    if view.key in CORE_SIGNALS:
        return [(label, actions.follow_up(view.key, answer, view.ref)) for label, answer in (
            (wording.ANSWER_YES, actions.YES), (wording.ANSWER_NO, actions.NO),
            (wording.ANSWER_UNKNOWN, actions.UNKNOWN))]
    if view.candidates:
        result = [(wording.choose_card_label(card.title),
                   actions.follow_up(actions.CHOOSE_CARD, card.id, view.ref))
                  for card in view.candidates]
        result.append((wording.NONE_OF_THESE,
                       actions.follow_up(actions.CHOOSE_CARD, actions.NONE, view.ref)))
        return result
    return [(wording.ANSWER_UNKNOWN, actions.follow_up(view.key, actions.UNKNOWN, view.ref))]
