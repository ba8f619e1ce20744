"""Adaptive Card 1.5 JSON (plain dicts) for Teams and other Bot Framework channels.

Only TextBlock, FactSet and Container in the body, ``wrap: true`` on every TextBlock, and
``Action.Submit`` buttons whose ``data`` is a submit value from ``bot.render.actions``.
Markdown is limited to what Adaptive Cards render: ``**bold**`` and ``- `` bullet lines.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from bot.render import wording
from bot.render.actions import Choice
from bot.render.views import Answer, FollowUp, Help, Notice, View, Welcome, choices
from knowledge.models import CardKind

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

Element = dict[str, Any]
_VERDICT_COLOR = {"blended": "Good", "niet_blended": "Warning", "onduidelijk": "Default"}


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def container(items: list[Element], **style: Any) -> Element:
    return {"type": "Container", "items": items, **style}


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def card(body: list[Element], buttons: list[Choice]) -> dict[str, Any]:
    """A complete Adaptive Card 1.5 with Action.Submit buttons."""
    result: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
    }
    if buttons:
        result["actions"] = [
            {"type": "Action.Submit", "title": label, "data": value} for label, value in buttons
        ]
    return result


def notice_card(text: str) -> dict[str, Any]:
    """A one-line card: used where a card is required (an Action.Execute response)."""
    return card([text_block(text)], [])


@singledispatch
def render(view: View) -> dict[str, Any]:
    """The Adaptive Card for ``view``."""
    raise TypeError(f"no adaptive renderer for {type(view).__name__}")


@render.register
def _answer(view: Answer) -> dict[str, Any]:
    body: list[Element] = []
    verdict = view.verdict
    if verdict is not None:
        body.append(text_block(
            f"{wording.VERDICT_EMOJI[verdict]} {wording.VERDICT[verdict]}",
            size="Large", weight="Bolder", color=_VERDICT_COLOR[verdict]))
        body.extend(_why(view))
    if view.note:
        body.append(text_block(view.note, isSubtle=True))
    c = view.card
    body.append(container([
        text_block(c.title, size="Medium", weight="Bolder"),
        text_block(c.summary),
        text_block(c.body, spacing="Small"),
    ], spacing="Medium"))
    if c.kind is CardKind.MISCONCEPTION and c.verdict_hint:
        body.append(container([
            text_block(wording.WHY_NOT_YET, weight="Bolder"),
            text_block(wording.why_not_yet(c.verdict_hint)),
        ]))
    body.append(container([
        text_block(wording.EXAMPLES_HEADING, weight="Bolder"),
        text_block(f"**{wording.SYNC_LABEL}** {c.example.synchroon}"),
        text_block(f"**{wording.ASYNC_LABEL}** {c.example.asynchroon}"),
    ], style="emphasis", spacing="Medium"))
    body.append(text_block(wording.source_line(c.sources), isSubtle=True, size="Small"))
    if view.feedback_given:
        body.append(text_block(wording.FEEDBACK_THANKS, weight="Bolder", color="Good"))
    result = card(body, choices(view))
    if view.share_url:  # "Deel": pass the answer on by mail, intranet or any chat
        result.setdefault("actions", []).append(
            {"type": "Action.OpenUrl", "title": "Deel", "url": view.share_url})
    return result


def _why(view: Answer) -> list[Element]:
    signals = view.classification.signals if view.classification else {}
    saw, missing = wording.signal_lines(signals)
    items: list[Element] = []
    if saw:
        items += [text_block(wording.SAW_HEADING, weight="Bolder"), text_block(bullets(saw))]
    if missing:
        items += [text_block(wording.MISSING_HEADING, weight="Bolder"),
                  text_block(bullets(missing))]
    items += [text_block(note, color="Attention")
              for note in wording.pattern_notes(signals, view.card.id)]
    return [container(items)] if items else []


@render.register
def _follow_up(view: FollowUp) -> dict[str, Any]:
    body = [text_block(wording.FOLLOW_UP_INTRO, isSubtle=True),
            text_block(view.question, weight="Bolder", size="Medium")]
    return card(body, choices(view))


@render.register
def _welcome(view: Welcome) -> dict[str, Any]:
    body = [
        text_block(wording.WELCOME_TITLE, size="Large", weight="Bolder"),
        text_block(wording.WHAT_I_DO),
        text_block(wording.WELCOME_EXAMPLES, weight="Bolder"),
        text_block(bullets([f"\u201c{q}\u201d" for q in wording.EXAMPLE_QUESTIONS])),
        text_block(wording.HOW_CHECK),
        text_block(wording.HOW_TIPS),
        text_block(wording.HOW_MENTION, isSubtle=True),
    ]
    return card(body, choices(view))


@render.register
def _help(view: Help) -> dict[str, Any]:
    body = [
        text_block(wording.HELP_TITLE, size="Large", weight="Bolder"),
        text_block(wording.WHAT_I_DO),
        text_block(bullets(list(wording.HELP_ITEMS))),
        text_block(wording.HOW_MENTION, isSubtle=True),
    ]
    return card(body, choices(view))


@render.register
def _notice(view: Notice) -> dict[str, Any]:
    return card([text_block(view.text)], choices(view))
