"""Tiny HTML toolkit: escaping, card text with light Markdown, and the page layout.

Templates are ``string.Template`` files in ``bot/templates``. Every value that comes from
data goes through ``esc`` (or ``rich``, which escapes first); only fragments built here are
inserted unescaped into the layout.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path
from string import Template

from bot.render import wording
from knowledge.models import Card, CardKind

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

KIND_HEADING: dict[CardKind, str] = {
    CardKind.DEFINITION: "Begrippen",
    CardKind.MISCONCEPTION: "Misverstanden",
    CardKind.TIP: "Tips",
    CardKind.ADVICE: "Adviezen voor je school",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def esc(value: object) -> str:
    return escape(str(value), quote=True)


@cache
def template(name: str) -> Template:
    return Template((TEMPLATE_DIR / name).read_text(encoding="utf-8"))


def page(title: str, content: str, *, indexable: bool = True) -> str:
    """A full HTML document: ``content`` must already be safe HTML."""
    return template("layout.html").substitute(
        title=esc(title), content=content,
        robots="index, follow" if indexable else "noindex, nofollow",
    )


def rich(text: str) -> str:
    """Card text to HTML: paragraphs, ``- `` bullet lists and ``**bold**``; escaped first."""
    out: list[str] = []
    items: list[str] = []
    para: list[str] = []

    def inline(line: str) -> str:
        return _BOLD.sub(r"<strong>\1</strong>", esc(line))

    def flush() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()
        if para:
            out.append(f"<p>{inline(' '.join(para))}</p>")
            para.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(line[2:].strip())
        elif not line:
            flush()
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return "\n".join(out)


def card_article(card: Card, related: list[Card]) -> str:
    """The readable body of one card page (knowledge only, nothing about users)."""
    parts = [
        f"<p class=\"muted\">{esc(KIND_HEADING[card.kind])}</p>",
        f"<h1>{esc(card.title)}</h1>",
        f"<div class=\"summary\">{rich(card.summary)}</div>",
        rich(card.body),
    ]
    if card.kind is CardKind.MISCONCEPTION and card.verdict_hint:
        parts.append(f"<div class=\"box\"><h2>{esc(wording.WHY_NOT_YET)}</h2>"
                     f"{rich(wording.why_not_yet(card.verdict_hint))}</div>")
    parts.append(
        f"<h2>{esc(wording.EXAMPLES_HEADING)}</h2><div class=\"box\">"
        f"<p><strong>{esc(wording.SYNC_LABEL)}</strong> {esc(card.example.synchroon)}</p>"
        f"<p><strong>{esc(wording.ASYNC_LABEL)}</strong> {esc(card.example.asynchroon)}</p>"
        "</div>"
    )
    if card.stellingen:
        parts.append("<h2>Om over te praten in je team</h2><ul>"
                     + "".join(f"<li>{esc(s)}</li>" for s in card.stellingen) + "</ul>")
    if related:
        parts.append("<h2>Lees ook</h2>" + card_list(related))
    parts.append(f"<p class=\"muted\">{esc(wording.source_line(list(card.sources)))}</p>")
    return "\n".join(parts)


def card_list(cards: list[Card]) -> str:
    return "<ul class=\"cards\">" + "".join(
        f"<li><a href=\"/kaarten/{esc(c.id)}\">{esc(c.title)}</a><br>"
        f"<span class=\"muted\">{esc(_first_sentence(c.summary))}</span></li>"
        for c in cards
    ) + "</ul>"


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text
