"""Slack Block Kit for the same views the Adaptive Card and text renderers show.

Header for the title, sections in Slack ``mrkdwn`` for the text, a context block for the
source, and an actions block whose buttons carry the JSON submit value (``{"action": ...}``)
in ``value``: a click comes back as the very same submit a Teams card produces.

No platform SDK: ``bot.slack.outgoing`` posts these blocks with Slack's Web API. No
Adaptive Card is converted: every view has its own Block Kit renderer here (tips, insights)
or beside the view (the readiness check, ``bot.render.readiness_cards``).
"""

from __future__ import annotations

import json
import re
from functools import singledispatch
from typing import Any

from bot.digicoach.wording import INSIGHTS_PAGE
from bot.render import insights_parts, layout, text, wording
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

CHANNEL = "slack"

Block = dict[str, Any]

# Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS = 25
MAX_FALLBACK = 3000

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BULLET = re.compile(r"^(\s*)[-*] ", re.MULTILINE)


def escape(value: str) -> str:
    """Slack's three control characters (&, <, >) as entities."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(markdown: str) -> str:
    """Our light Markdown (``**bold**``, ``- `` bullets, links) as Slack mrkdwn."""
    result = escape(markdown)
    result = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", result)
    result = _BOLD.sub(r"*\1*", result)
    return _BULLET.sub(r"\1• ", result)


def plain(value: str, limit: int) -> dict[str, Any]:
    value = " ".join(value.split()) or " "
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return {"type": "plain_text", "text": value, "emoji": True}


def header(title: str) -> Block:
    return {"type": "header", "text": plain(title.replace("**", ""), MAX_HEADER)}


def _chunks(value: str, limit: int) -> list[str]:
    """Cut at paragraph, then line, then word boundaries so no piece exceeds ``limit``."""
    pieces: list[str] = []
    rest = value.strip()
    while len(rest) > limit:
        cut = max(rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit))
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def sections(markdown: str) -> list[Block]:
    """One or more mrkdwn sections (Slack allows 3000 characters per section)."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}}
            for piece in _chunks(mrkdwn(markdown), MAX_SECTION)]


def context(markdown: str) -> Block:
    return {"type": "context",
            "elements": [{"type": "mrkdwn", "text": _chunks(mrkdwn(markdown), MAX_SECTION)[0]}]}


def button(label: str, value: dict[str, Any], index: int) -> Block:
    action = value.get("action") if isinstance(value.get("action"), str) else "submit"
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if len(encoded) > MAX_BUTTON_VALUE:
        raise ValueError(f"submit value too long for a Slack button ({len(encoded)} chars)")
    return {"type": "button", "text": plain(label, MAX_BUTTON_TEXT),
            "action_id": f"blendbot:{action}:{index}", "value": encoded}


def link_button(label: str, url: str, index: int) -> Block:
    return {"type": "button", "text": plain(label, MAX_BUTTON_TEXT),
            "action_id": f"blendbot:link:{index}", "url": url}


def actions(buttons: list[Choice], *, links: list[tuple[str, str]] | None = None,
            start: int = 0) -> list[Block]:
    """One actions block: link buttons first, then submit buttons, numbered from ``start``
    (a message with several rows passes on where the last row stopped)."""
    elements = [link_button(label, url, start + i) for i, (label, url) in enumerate(links or [])]
    elements += [button(label, value, start + len(elements) + i)
                 for i, (label, value) in enumerate(buttons)]
    if not elements:
        return []
    return [{"type": "actions", "elements": elements[:MAX_BUTTONS]}]


def limit(blocks: list[Block]) -> list[Block]:
    """At most 50 blocks; the buttons (last block) are always kept."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    tail = [blocks[-1]] if blocks[-1]["type"] == "actions" else []
    return blocks[: MAX_BLOCKS - len(tail)] + tail


# --- views -----------------------------------------------------------------------------------

@singledispatch
def render(view: View) -> list[Block]:
    """The Block Kit blocks for ``view``."""
    raise TypeError(f"no slack renderer for {type(view).__name__}")


def line_blocks(lines: list[Line]) -> list[Block]:
    """Layout lines as Block Kit: the first verdict or heading becomes the header."""
    blocks: list[Block] = []
    for line in lines:
        if line.style in ("verdict", "heading") and not blocks:
            blocks.append(header(line.text))
        elif line.style == "subtle":
            blocks.append(context(line.text))
        elif line.style == "list":
            blocks += sections(text.bullets(line.text.splitlines()))
        elif line.style == "warn":
            blocks += sections(f"⚠️ {line.text}")
        elif line.style in ("verdict", "heading", "label", "good"):
            blocks += sections(f"**{line.text}**")
        else:
            blocks += sections(line.text)
    return blocks


@render.register
def _answer(view: Answer) -> list[Block]:
    blocks = line_blocks(layout.first_view(view))
    return limit(blocks + actions([more_choice(view), *choices(view)]))


@render.register
def _details(view: Details) -> list[Block]:
    return limit(line_blocks(layout.details(view)))


@render.register
def _follow_up(view: FollowUp) -> list[Block]:
    blocks = [*(b for line in view.preface for b in sections(line)),
              context(view.intro), *sections(f"**{view.question}**")]
    if view.typed:
        blocks.append(context(wording.TYPE_HINT))
    return [*blocks, *actions(choices(view))]


@render.register
def _welcome(view: Welcome) -> list[Block]:
    examples = text.bullets([f"\u201c{q}\u201d" for q in wording.EXAMPLE_QUESTIONS])
    return [
        header(wording.WELCOME_TITLE),
        *sections(wording.WHAT_I_DO),
        *sections(f"**{wording.WELCOME_EXAMPLES}**\n{examples}"),
        *sections(f"{wording.HOW_CHECK}\n\n{wording.HOW_TIPS}"),
        context(wording.HOW_MENTION),
        *actions(choices(view)),
    ]


@render.register
def _help(view: Help) -> list[Block]:
    return [
        header(wording.HELP_TITLE),
        *sections(wording.WHAT_I_DO),
        *sections(text.bullets(list(wording.HELP_ITEMS))),
        context(wording.HOW_MENTION),
        *actions(choices(view)),
    ]


@render.register
def _notice(view: Notice) -> list[Block]:
    return limit([*sections(view.text), *actions(choices(view))])


@render.register
def _tip(view: Tip) -> list[Block]:
    parts = parts_of(view)
    blocks = [header(parts.heading), *sections(parts.main), *sections(parts.sub)]
    blocks += [context(line) for line in (parts.source, parts.footer) if line]
    return limit([*blocks, *actions(choices(view), links=[(READ_MORE, parts.url)])])


@render.register
def _insights(view: InsightsReport) -> list[Block]:
    blocks: list[Block] = []
    for part in insights_parts.parts_of(view):
        if part.style == "title":
            blocks.append(header(part.text))
        elif part.style == "subtle":
            blocks.append(context(part.text))
        elif part.style == "label":
            blocks += sections(f"**{part.text}**")
        elif part.style == "facts":
            blocks += sections("\n".join(f"**{t}** {v}" for t, v in part.items))
        elif part.style == "list":
            blocks += sections(text.bullets([line for line, _ in part.items]))
        elif part.style != "chart":  # Slack shows images by URL only; the facts carry it
            blocks += sections(part.text)
    page = [(INSIGHTS_PAGE, view.page_url)] if view.page_url else []
    return limit([*blocks, *actions([], links=page)])


def fallback_text(markdown: str) -> str:
    """The notification / screen-reader text that goes with blocks."""
    value = mrkdwn(markdown).strip()
    return value[: MAX_FALLBACK - 1] + "…" if len(value) > MAX_FALLBACK else value
