"""Plain text / light Markdown for clients without Adaptive Cards (terminal chat, later Slack).

Same views, same wording, same buttons as ``bot.render.adaptive``; buttons come back as a
list of (label, submit value) choices that the client shows as numbered options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch

from bot.digicoach.wording import INSIGHTS_PAGE
from bot.render import insights_parts, layout, wording
from bot.render.actions import Choice
from bot.render.layout import Line
from bot.render.tip_cards import READ_MORE, parts_of
from bot.render.views import (
    Answer,
    Details,
    FollowUp,
    Help,
    InsightsReport,
    Notice,
    Tip,
    View,
    Welcome,
    choices,
    more_choice,
)


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


def lines_text(lines: list[Line]) -> str:
    """Layout lines as light Markdown."""
    parts: list[str] = []
    for line in lines:
        if line.style in ("verdict", "heading", "label", "good"):
            parts.append(f"**{line.text}**")
        elif line.style == "list":
            parts.append(bullets(line.text.splitlines()))
        else:
            parts.append(line.text)
    return _join(parts)


@render.register
def _answer(view: Answer) -> Rendered:
    body = _join([lines_text(layout.first_view(view)), wording.MORE_HINT])
    return Rendered(body, [more_choice(view), *choices(view)])


@render.register
def _details(view: Details) -> Rendered:
    return Rendered(lines_text(layout.details(view)), choices(view))


@render.register
def _follow_up(view: FollowUp) -> Rendered:
    hint = wording.TYPE_HINT if view.typed else ""
    return Rendered(_join([*view.preface, view.intro, f"**{view.question}**",
                           hint]), choices(view))


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


@render.register
def _tip(view: Tip) -> Rendered:
    parts = parts_of(view)
    return Rendered(_join([f"**{parts.heading}**", parts.main, parts.sub, parts.source,
                           f"{READ_MORE}: {parts.url}", parts.footer]), choices(view))


@render.register
def _insights(view: InsightsReport) -> Rendered:
    parts: list[str] = []
    for part in insights_parts.parts_of(view):
        if part.style in ("title", "label"):
            parts.append(f"**{part.text}**")
        elif part.style == "facts":
            parts.append(bullets([f"{title}: {value}" for title, value in part.items]))
        elif part.style == "list":
            parts.append(bullets([line for line, _ in part.items]))
        elif part.style != "chart":  # a picture has no text form; the facts carry its numbers
            parts.append(part.text)
    if view.page_url:
        parts.append(f"{INSIGHTS_PAGE}: {view.page_url}")
    return Rendered(_join(parts), choices(view))
