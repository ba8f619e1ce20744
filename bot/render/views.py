"""What the bot wants to show, independent of the channel.

The handler builds a view; ``bot.render.adaptive`` and ``bot.render.text`` each turn a view
into their format. ``choices(view)`` is the one list of buttons both renderers use, so a
Teams button and a terminal numbered choice always send the same submit value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.insights import Insights
from bot.render import actions, wording
from bot.render.actions import Choice
from bot.tips.rotation import TipItem
from classifier.types import CORE_SIGNALS, CRITERIA, Classification
from knowledge.models import Card, CardKind


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
    next_step: Card | None = None
    """The tip card that says how to take the next step (lesson answers)."""
    quotes: Mapping[str, str] = field(default_factory=dict)
    """What the teacher answered per criterion in the follow-up ("ja dat bouwt voort")."""
    added: str = ""
    """What the teacher added in follow-up answers: evidence found there is "uit je antwoord"."""
    expanded: bool = False
    """Show the details at once (a card shared into a chat has no "Lees meer")."""

    @property
    def mode(self) -> str:
        """``lesson`` (a described lesson gets a verdict), ``belief`` or ``card``."""
        c = self.classification
        if c is None or c.intent != "scenario" or c.verdict is None:
            return "card"
        if described_lesson(c):
            return "lesson"
        return "belief" if self.card.kind is CardKind.MISCONCEPTION else "card"

    @property
    def text(self) -> str:
        """The teacher's text (examples are chosen to fit it)."""
        return self.classification.text if self.classification else ""

    @property
    def confidence(self) -> float:
        if self.score is not None:
            return self.score
        return self.classification.confidence if self.classification else 1.0

    @property
    def verdict(self) -> str | None:
        """The verdict line is shown for described lessons only."""
        c = self.classification
        return c.verdict if c is not None and self.mode == "lesson" else None


def described_lesson(c: Classification) -> bool:
    """Did the text (or the follow-up) describe a lesson, not only state a belief?

    The lesson analysis says so by activities or evidence. A classifier without that
    analysis (no evidence at all) is read by its signals instead.
    """
    if c.activities or c.answered or any(c.evidence.get(k) for k in CORE_SIGNALS):
        return True
    return not any(c.evidence.values()) and any(
        c.signals.get(k) is not None for k in CRITERIA)


@dataclass(frozen=True, slots=True)
class Details:
    """What is behind "Lees meer": explanation, examples and sources of a card."""

    card: Card
    text: str = ""
    """The teacher's text, so that the examples fit."""
    lesson: bool = False
    """Shown for a described lesson: the misconception's "waarom nog geen blend"."""


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One question back to the teacher before answering."""

    key: str
    ref: str
    candidates: tuple[Card, ...] = ()
    preface: tuple[str, ...] = ()
    """Lines said before the question (why the verdict stands; what was not understood)."""
    number: int = 1
    """Which question of this follow-up it is (the first gets the introduction)."""

    @property
    def intro(self) -> str:
        first = self.number <= 1 or self.preface
        return wording.FOLLOW_UP_INTRO if first else wording.FOLLOW_UP_NEXT

    @property
    def question(self) -> str:
        if self.key in wording.FOLLOW_UP_QUESTION:
            return wording.FOLLOW_UP_QUESTION[self.key]
        if self.key == LESSON:
            return wording.LESSON_QUESTION
        return wording.FOLLOW_UP_CHOOSE if self.candidates else wording.FOLLOW_UP_GENERIC

    @property
    def typed(self) -> bool:
        """A question that a typed answer can complete (not a choice of cards)."""
        return self.key in CORE_SIGNALS or self.key == LESSON


#: The follow-up key for "tell me more about the lesson" (free text only).
LESSON = "les"


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


@dataclass(frozen=True, slots=True)
class Tip:
    """One week's tip. ``subscribed``: the weekly message, with its footer and "Afmelden";
    otherwise the tip asked for with "tip" (``hint`` below it, e.g. how to subscribe)."""

    item: TipItem
    public_url: str
    subscribed: bool = True
    hint: str = ""


@dataclass(frozen=True, slots=True)
class InsightsReport:
    """A DigiCoach's "overzicht": what teachers asked over ``days`` days. ``titles`` maps card
    ids to titles; ``page_url`` is the full insights page, when one is served."""

    data: Insights
    titles: Mapping[str, str]
    days: int
    page_url: str | None = None


View = Answer | Details | FollowUp | Welcome | Help | Notice | Tip | InsightsReport


def choices(view: View) -> list[Choice]:
    """The buttons of a view, in display order."""
    if isinstance(view, Answer):
        return _answer_choices(view)
    if isinstance(view, Details):
        return []
    if isinstance(view, FollowUp):
        return _follow_up_choices(view)
    if isinstance(view, Welcome | Help):
        return [(wording.START_CHECK, actions.start_check()),
                (wording.TIPS_ON_BUTTON, actions.tips_on())]
    if isinstance(view, Tip):
        return [(wording.UNSUBSCRIBE, actions.tips_off())] if view.subscribed else []
    if isinstance(view, InsightsReport):
        return []  # its one button is a link to the page
    return list(view.buttons)


def more_choice(view: Answer) -> Choice:
    """ "Lees meer" as a button that sends a submit (Slack, terminal; Teams uses ShowCard)."""
    return (wording.MORE_BUTTON, actions.more(view.card.id, view.ref))


def _answer_choices(view: Answer) -> list[Choice]:
    """The submit buttons of an answer ("Lees meer" is added by each renderer)."""
    result: list[Choice] = []
    if view.next_step is not None and view.mode == "lesson":
        result.append((wording.tip_label(view.next_step.title),
                       actions.show_card(view.next_step.id, view.ref)))
    if view.alternative is not None:
        label = wording.alternative_label(view.alternative.title)
        result.append((label, actions.show_card(view.alternative.id, view.ref)))
    if not view.feedback_given:
        for label, helpful in ((wording.FEEDBACK_HELPFUL, True),
                               (wording.FEEDBACK_NOT_HELPFUL, False)):
            value = actions.feedback(view.card.id, helpful, view.confidence, view.ref)
            result.append((label, value))
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
