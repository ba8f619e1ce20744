"""Plain text / light Markdown for clients without Adaptive Cards (terminal chat, later Slack).

Same views, same wording, same buttons as ``bot.render.adaptive``; buttons come back as a
list of (label, submit value) choices that the client shows as numbered options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch

from bot.render import wording
from bot.render.actions import Choice
from bot.render.views import Answer, FollowUp, Help, Notice, View, Welcome, choices
from knowledge.models import CardKind


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    choices: list[Choice] = field(default_factory=list)


def bullets(lines: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def format_choices(options: list[Choice]) -> str:
    """Numbered choices: '1. Ja', '2. Nee', ..."""
    return "\n".join(f"{number}. {label}" for number, (label, _) in enumerate(options, 1))


def _join(parts: list[str]) -> str:
    return "\n\n".join(part for part in parts if part)


@singledispatch
def render(view: View) -> Rendered:
    """The text version of ``view``."""
    raise TypeError(f"no text renderer for {type(view).__name__}")


@render.register
def _answer(view: Answer) -> Rendered:
    parts: list[str] = []
    verdict = view.verdict
    if verdict is not None:
        parts.append(f"{wording.VERDICT_EMOJI[verdict]} **{wording.VERDICT[verdict]}**")
        parts.append(_why(view))
    if view.note:
        parts.append(view.note)
    c = view.card
    parts += [f"**{c.title}**", c.summary, c.body]
    if c.kind is CardKind.MISCONCEPTION and c.verdict_hint:
        parts.append(f"**{wording.WHY_NOT_YET}** {wording.why_not_yet(c.verdict_hint)}")
    parts.append(f"**{wording.EXAMPLES_HEADING}**\n" + bullets([
        f"{wording.SYNC_LABEL} {c.example.synchroon}",
        f"{wording.ASYNC_LABEL} {c.example.asynchroon}",
    ]))
    parts.append(wording.source_line(c.sources))
    if view.feedback_given:
        parts.append(wording.FEEDBACK_THANKS)
    return Rendered(_join(parts), choices(view))


def _why(view: Answer) -> str:
    signals = view.classification.signals if view.classification else {}
    saw, missing = wording.signal_lines(signals)
    parts: list[str] = []
    if saw:
        parts.append(f"{wording.SAW_HEADING}:\n{bullets(saw)}")
    if missing:
        parts.append(f"{wording.MISSING_HEADING}:\n{bullets(missing)}")
    parts += wording.pattern_notes(signals, view.card.id)
    return _join(parts)


@render.register
def _follow_up(view: FollowUp) -> Rendered:
    return Rendered(_join([wording.FOLLOW_UP_INTRO, f"**{view.question}**"]), choices(view))


@render.register
def _welcome(view: Welcome) -> Rendered:
    examples = bullets([f"\u201c{q}\u201d" for q in wording.EXAMPLE_QUESTIONS])
    text = _join([
        f"**{wording.WELCOME_TITLE}**",
        wording.WHAT_I_DO,
        f"{wording.WELCOME_EXAMPLES}\n{examples}",
        wording.HOW_CHECK,
        wording.HOW_TIPS,
    ])
    return Rendered(text, choices(view))


@render.register
def _help(view: Help) -> Rendered:
    text = _join([f"**{wording.HELP_TITLE}**", wording.WHAT_I_DO, bullets(wording.HELP_ITEMS)])
    return Rendered(text, choices(view))


@render.register
def _notice(view: Notice) -> Rendered:
    return Rendered(view.text, choices(view))
