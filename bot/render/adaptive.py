"""Adaptive Card 1.5 JSON (plain dicts) for Teams and other Bot Framework channels.

Only TextBlock, FactSet and Container in the body, ``wrap: true`` on every TextBlock,
``Action.Execute`` buttons (Universal Actions: ``verb`` is the submit value's action name,
``data`` the submit value from ``bot.render.actions``; the ``adaptiveCard/action`` invoke
answers with the updated card), and
``Action.ShowCard`` for what an answer shows on request ("Lees meer").
Markdown is limited to what Adaptive Cards render: ``**bold**`` and ``- `` bullet lines.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from bot.digicoach.wording import INSIGHTS_PAGE
from bot.render import insights_parts, layout, wording
from bot.render.actions import Choice, Value
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
)
from bot.web.chart import bar_chart_png, data_uri

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

Element = dict[str, Any]
_VERDICT_COLOR = {"blended": "Good", "niet_blended": "Warning", "onduidelijk": "Default",
                  "misvatting": "Accent"}


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def container(items: list[Element], **style: Any) -> Element:
    return {"type": "Container", "items": items, **style}


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def execute(label: str, value: Value) -> Element:
    """A Universal Action button: Teams invokes ``adaptiveCard/action`` with ``data``.

    ``verb`` repeats the action name so a client or a log can route without reading data.
    """
    verb = value.get("action")
    return {"type": "Action.Execute", "title": label,
            "verb": verb if isinstance(verb, str) else "submit", "data": value}


def card(body: list[Element], buttons: list[Choice], *,
         show_cards: list[tuple[str, list[Element]]] | None = None,
         links: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """A complete Adaptive Card 1.5: the one place that builds its buttons.

    ``show_cards`` become ``Action.ShowCard`` (details that open in place, first),
    ``buttons`` ``Action.Execute`` with their submit value, ``links`` ``Action.OpenUrl``.
    """
    result: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
    }
    items: list[Element] = [
        {"type": "Action.ShowCard", "title": label,
         "card": {"type": "AdaptiveCard", "version": VERSION, "body": inner}}
        for label, inner in show_cards or []]
    items += [execute(label, value) for label, value in buttons]
    items += [{"type": "Action.OpenUrl", "title": label, "url": url}
              for label, url in links or []]
    if items:
        result["actions"] = items
    return result


def notice_card(text: str) -> dict[str, Any]:
    """A one-line card: used where a card is required (an Action.Execute response)."""
    return card([text_block(text)], [])


@singledispatch
def render(view: View) -> dict[str, Any]:
    """The Adaptive Card for ``view``."""
    raise TypeError(f"no adaptive renderer for {type(view).__name__}")


_STYLE: dict[str, dict[str, Any]] = {
    "heading": {"size": "Medium", "weight": "Bolder"},
    "label": {"weight": "Bolder", "spacing": "Small"},
    "text": {},
    "subtle": {"isSubtle": True},
    "warn": {"color": "Attention"},
    "good": {"weight": "Bolder", "color": "Good"},
}


def elements(lines: list[Line]) -> list[Element]:
    """Layout lines as TextBlocks."""
    result: list[Element] = []
    for line in lines:
        if line.style == "verdict":
            result.append(text_block(line.text, size="Large", weight="Bolder",
                                     color=_VERDICT_COLOR.get(line.tone or "", "Default")))
        elif line.style == "list":
            result.append(text_block(bullets(line.text.splitlines()), spacing="Small"))
        else:
            result.append(text_block(line.text, **_STYLE[line.style]))
    return result


@render.register
def _answer(view: Answer) -> dict[str, Any]:
    body, more = elements(layout.first_view(view)), elements(layout.details(view))
    if view.expanded:
        return card(body + more, choices(view))
    return card(body, choices(view), show_cards=[(wording.MORE_BUTTON, more)],
                links=[("Deel", view.share_url)] if view.share_url else None)


@render.register
def _details(view: Details) -> dict[str, Any]:
    return card(elements(layout.details(view)), [])


@render.register
def _follow_up(view: FollowUp) -> dict[str, Any]:
    body = [text_block(line) for line in view.preface]
    body += [text_block(view.intro, isSubtle=True),
             text_block(view.question, weight="Bolder", size="Medium")]
    if view.typed:
        body.append(text_block(wording.TYPE_HINT, isSubtle=True, size="Small"))
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


@render.register
def _tip(view: Tip) -> dict[str, Any]:
    parts = parts_of(view)
    body = [text_block(parts.heading, size="Medium", weight="Bolder", color="Accent"),
            text_block(parts.main), text_block(parts.sub)]
    if parts.source:
        body.append(text_block(parts.source, isSubtle=True))
    if parts.footer:
        body.append(text_block(parts.footer, isSubtle=True, size="Small"))
    result = card(body, choices(view))
    result.setdefault("actions", []).insert(
        0, {"type": "Action.OpenUrl", "title": READ_MORE, "url": parts.url})
    return result


@render.register
def _insights(view: InsightsReport) -> dict[str, Any]:
    body: list[Element] = []
    for part in insights_parts.parts_of(view):
        if part.style == "title":
            body.append(text_block(part.text, size="Large", weight="Bolder"))
        elif part.style == "subtle":
            body.append(text_block(part.text, isSubtle=True, spacing="None"))
        elif part.style == "label":
            body.append(text_block(part.text, weight="Bolder"))
        elif part.style == "chart":
            body.append({"type": "Image", "url": data_uri(bar_chart_png(list(part.bars))),
                         "altText": part.text, "size": "Stretch"})
        elif part.style == "facts":
            body.append({"type": "FactSet", "facts": [{"title": t, "value": v}
                                                      for t, v in part.items]})
        elif part.style == "list":
            body.append(text_block(bullets([line for line, _ in part.items])))
        else:
            body.append(text_block(part.text))
    links = [(INSIGHTS_PAGE, view.page_url)] if view.page_url else []
    return card(body, choices(view), links=links)
