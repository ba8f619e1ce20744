"""What the DigiCoach's insights ("overzicht") show, whatever they are rendered as.

``parts_of`` turns an :class:`~bot.render.views.InsightsReport` into an ordered list of
parts (a heading, subtle and plain lines, a bar chart, facts, bullet lists, a link);
``bot.render.adaptive``, ``bot.render.text`` and ``bot.render.slack`` lay out those parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.digicoach import wording as w
from bot.render.views import InsightsReport
from bot.web.chart import Bar

TOP_CARDS = 5
QUOTED = 5
QUOTE_CHARS = 140

Style = Literal["title", "subtle", "text", "label", "chart", "facts", "list"]


@dataclass(frozen=True, slots=True)
class Part:
    style: Style
    text: str = ""
    items: tuple[tuple[str, str], ...] = ()  # facts: (title, value); list: (line, "")
    bars: tuple[Bar, ...] = field(default=())


def parts_of(view: InsightsReport) -> list[Part]:
    data = view.data

    def title_of(card_id: str) -> str:
        return view.titles.get(card_id, card_id)

    parts = [Part("title", w.INSIGHTS_TITLE),
             Part("subtle", w.INSIGHTS_PERIOD.format(days=view.days))]
    if not data.total_answers:
        parts.append(Part("text", w.INSIGHTS_EMPTY))
    else:
        parts.append(Part("text", w.INSIGHTS_TOTALS.format(
            total=data.total_answers, unsure=f"{round(data.unsure_share * 100)}%")))
        top = data.cards[:TOP_CARDS]
        if top:
            parts.append(Part("label", w.INSIGHTS_TOP))
            parts.append(Part("chart", w.CHART_ALT, bars=tuple(
                Bar(title_of(c.card_id), c.answered, c.unsure) for c in top)))
            parts.append(Part("facts", items=tuple(
                (title_of(c.card_id),
                 w.INSIGHTS_CARD_LINE.format(count=c.answered, unsure=c.unsure)) for c in top)))
    helpful = sum(f.helpful for f in data.feedback)
    not_helpful = sum(f.not_helpful for f in data.feedback)
    parts.append(Part("text", w.INSIGHTS_FEEDBACK.format(helpful=helpful,
                                                          not_helpful=not_helpful)))
    parts.append(Part("text", w.INSIGHTS_TEAMS.format(teams=len(data.readiness))))
    for heading, texts in ((w.INSIGHTS_QUESTIONS, [q.text for q in data.questions]),
                           (w.INSIGHTS_COMMENTS, [c.text for c in data.comments])):
        if texts:
            parts.append(Part("label", heading.format(count=len(texts))))
            parts.append(Part("list", items=tuple((t[:QUOTE_CHARS], "") for t in texts[:QUOTED])))
    return parts
