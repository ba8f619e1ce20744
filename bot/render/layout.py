"""What an answer shows at first sight and what is behind "Lees meer", channel-neutral.

The three renderers (Adaptive Card, Slack blocks, text) draw the same ``Line`` lists, so the
first view has the same words everywhere and its length can be tested once. The first
view is short: the verdict, what was seen in the teacher's own words, what is still open
and one next step. The card's explanation, examples and sources come on request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.render import next_step, wording
from bot.render.examples import examples_for
from bot.render.views import Answer, Details, described_lesson
from classifier.types import CRITERIA, Classification
from knowledge.models import Card, CardKind

Style = Literal["verdict", "heading", "label", "text", "list", "subtle", "warn", "good"]
#: A quoted piece of the teacher's text is cut to this many words.
QUOTE_WORDS = 7


@dataclass(frozen=True, slots=True)
class Line:
    style: Style
    text: str
    tone: str | None = None
    """For ``verdict`` lines: blended / niet_blended / onduidelijk / misvatting."""


def quote(words: str) -> str:
    """The teacher's own words in quotes, cut short when long."""
    parts = words.split()
    cut = " ".join(parts[:QUOTE_WORDS]) + ("…" if len(parts) > QUOTE_WORDS else "")
    return f"\u201c{cut}\u201d"


def seen_lines(c: Classification, quotes: Mapping[str, str] | None = None,
               added: str = "") -> list[str]:
    """One line per criterion that was stated, with the words it rests on.

    A criterion is listed only with evidence from the text or when the teacher answered
    it: nothing is marked as seen that nobody said. A classifier without a lesson analysis
    (no evidence at all) is shown by its signals, without quotes.
    """
    quotes = quotes or {}
    original = c.text[: len(c.text) - len(added)] if added and c.text.endswith(added) else c.text
    legacy = not any(c.evidence.values())
    lines: list[str] = []
    for name in CRITERIA:
        value = c.signals.get(name)
        if value is None:
            continue
        mark = wording.MARK_SEEN if value else wording.MARK_MISSING
        label = wording.CRITERION_SHORT[name]
        if name in c.answered or name in quotes:
            said = quotes.get(name)
            source = f"{wording.FROM_ANSWER} {quote(said)}" if said else wording.FROM_ANSWER
            lines.append(f"{mark} {label}, {source}")
        elif evidence := c.evidence.get(name):
            from_answer = bool(added) and evidence in added and evidence not in original
            prefix = f", {wording.FROM_ANSWER}" if from_answer else ":"
            lines.append(f"{mark} {label}{prefix} {quote(evidence)}")
        elif legacy:
            lines.append(f"{mark} {label}")
    return lines


def still_open(c: Classification) -> list[str]:
    """The criteria nobody stated yet, in asking order."""
    open_ = [k for k in c.missing if k in CRITERIA and k not in c.answered]
    if not open_ and not c.missing and not any(c.evidence.values()):  # no lesson analysis
        open_ = [k for k in CRITERIA if c.signals.get(k) is None]
    return open_


def unknown_line(c: Classification) -> str | None:
    open_ = still_open(c)
    if not open_:
        return None
    return f"**{wording.UNKNOWN_LABEL}** " + ", ".join(
        wording.CRITERION_SHORT[k] for k in open_)


def timeline(c: Classification) -> str | None:
    """The activities as a route ("thuis → les → online"), when there are two or more."""
    places: list[str] = []
    for activity in c.activities:
        label = wording.PLACE_LABEL.get(activity.place or "")
        if label and (not places or places[-1] != label):
            places.append(label)
    return f"{wording.TIMELINE_LABEL} " + " → ".join(places) if len(places) >= 2 else None


def first_view(view: Answer) -> list[Line]:
    """What the teacher sees at once."""
    if view.mode == "lesson" and view.classification is not None:
        lines = _lesson(view, view.classification)
    elif view.mode == "belief":
        lines = _belief(view.card)
    else:
        lines = [Line("heading", view.card.title), Line("text", view.card.summary)]
        if view.note:
            lines.append(Line("subtle", view.note))
    if view.feedback_given:
        lines.append(Line("good", wording.FEEDBACK_THANKS))
    return lines


def _lesson(view: Answer, c: Classification) -> list[Line]:
    verdict = c.verdict or "onduidelijk"
    lines = [Line("verdict", f"{wording.VERDICT_EMOJI[verdict]} {wording.VERDICT[verdict]}",
                  tone=verdict)]
    if route := timeline(c):
        lines.append(Line("subtle", route))
    seen = seen_lines(c, view.quotes, view.added)
    if seen:
        lines += [Line("label", wording.SAW_LABEL), Line("list", "\n".join(seen))]
    lines += [Line("warn", note) for note in wording.pattern_notes(c.signals, view.card.id)]
    if unknown := unknown_line(c):
        lines.append(Line("text", unknown))
    if verdict == "niet_blended" and view.card.kind is CardKind.MISCONCEPTION:
        lines.append(Line("text", f"{wording.LOOKS_LIKE} **{view.card.title}**"))
    if view.note:
        lines.append(Line("subtle", view.note))
    step = wording.NEXT_STEP[next_step.reason(c)]
    lines.append(Line("text", f"**{wording.NEXT_STEP_LABEL}** {step}"))
    return lines


def _belief(card: Card) -> list[Line]:
    """A belief gets the misconception named, the card's reason and a statement to discuss."""
    reason = card.summary.removeprefix("Nee.").strip() or card.summary
    lines = [Line("verdict", f"{wording.MISCONCEPTION_EMOJI} {wording.MISCONCEPTION_HEADING}",
                  tone="misvatting"),
             Line("heading", card.title), Line("text", reason)]
    if card.stellingen:
        lines.append(Line("text", f"**{wording.DISCUSS_LABEL}** {card.stellingen[0]}"))
    return lines


def details(view: Answer | Details) -> list[Line]:
    """Behind "Lees meer": the card's explanation, examples and sources."""
    if isinstance(view, Answer):
        card, text = view.card, view.text
        lesson = view.mode == "lesson"
        shown_title = view.mode != "lesson"
    else:
        card, text, lesson, shown_title = view.card, view.text, view.lesson, False
    lines: list[Line] = []
    if not shown_title:
        lines += [Line("heading", card.title), Line("text", card.summary)]
    lines.append(Line("text", card.body))
    if lesson and card.kind is CardKind.MISCONCEPTION and card.verdict_hint:
        lines.append(Line("text", f"**{wording.WHY_NOT_YET}** "
                                  f"{wording.why_not_yet(card.verdict_hint)}"))
    example = examples_for(card, text)
    lines += [Line("label", wording.EXAMPLES_HEADING),
              Line("text", f"**{wording.SYNC_LABEL}** {example.synchroon}"),
              Line("text", f"**{wording.ASYNC_LABEL}** {example.asynchroon}")]
    if card.kind is CardKind.MISCONCEPTION and card.stellingen:
        lines += [Line("label", wording.STELLINGEN_HEADING),
                  Line("list", "\n".join(card.stellingen))]
    lines.append(Line("subtle", wording.source_line(card.sources)))
    return lines


def insist_preface(c: Classification, quotes: Mapping[str, str] | None = None) -> list[str]:
    """Why the verdict stands: what it rests on, in the teacher's own words."""
    lines = [wording.INSIST_INTRO]
    seen = seen_lines(c, quotes) if described_lesson(c) else []
    lines += seen or [wording.INSIST_NOTHING_SEEN]
    lines += wording.pattern_notes(c.signals, c.card)
    if unknown := unknown_line(c):
        lines.append(unknown)
    return lines
