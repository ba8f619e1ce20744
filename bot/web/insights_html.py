"""The insights page body: numbers, a bar chart and the questions to add to the training data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

from bot.insights import Insights
from bot.web.chart import Bar, bar_chart_svg
from bot.web.html import esc

REASON = {"unsure": "bot twijfelde", "niet_behulpzaam": "niet behulpzaam"}
CHART_BARS = 12

TitleOf = Callable[[str], str]


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _date(moment: object) -> str:
    return moment.strftime("%d-%m-%Y") if hasattr(moment, "strftime") else str(moment)


def insights_content(
    data: Insights, title_of: TitleOf, *, days: int, labels: Mapping[str, str] | None = None,
    link_token: str | None = None,
) -> str:
    """Safe HTML for the insights page (every value escaped)."""
    p = data.period
    parts = [
        "<h1>Wat vragen docenten?</h1>",
        f"<p class=\"summary\">Periode: {esc(_date(p.start))} tot {esc(_date(p.end))} "
        f"({days} dagen). <span id=\"total\">{data.total_answers}</span> antwoorden, "
        f"waarvan <span id=\"unsure-share\">{_pct(data.unsure_share)}</span> met twijfel.</p>",
        _period_links(days, link_token),
    ]
    parts.append("<h2>Antwoorden per kaart</h2>")
    if data.cards:
        bars = [Bar(title_of(c.card_id), c.answered, c.unsure) for c in data.cards[:CHART_BARS]]
        parts.append(bar_chart_svg(bars, title="Antwoorden per kaart; oranje = met twijfel"))
        parts.append("<p class=\"muted\">Blauw: antwoorden. Oranje: het deel met twijfel.</p>")
        parts.append(_table(
            ["Kaart", "Antwoorden", "Met twijfel"],
            [[title_of(c.card_id), c.answered, _pct(c.unsure / c.answered if c.answered else 0)]
             for c in data.cards], table_id="cards", numeric=2))
    else:
        parts.append("<p>Nog geen antwoorden in deze periode.</p>")

    parts.append("<h2>Feedback per kaart</h2>")
    if data.feedback:
        parts.append(_table(
            ["Kaart", "Behulpzaam", "Niet behulpzaam"],
            [[title_of(f.card_id), f.helpful, f.not_helpful] for f in data.feedback],
            table_id="feedback", numeric=2))
    else:
        parts.append("<p>Nog geen feedback in deze periode.</p>")

    parts.append("<h2>Readiness-check per team</h2>")
    if data.readiness:
        for team in data.readiness:
            parts.append(f"<p><strong>Team {esc(team.team_id)}</strong> "
                         f"({team.people} deelnemers)</p>")
            parts.append(_table(["Onderdeel", "Gemiddeld niveau (1-4)"],
                                [[(labels or {}).get(d, d), f"{v:.1f}"]
                                 for d, v in sorted(team.averages.items())],
                                table_id=None, numeric=1))
    else:
        parts.append("<p>Nog geen team waarin minstens vijf mensen de check deden.</p>")

    parts.append("<h2>Vragen om de bot mee te verbeteren</h2>")
    if data.questions:
        parts.append(_table(
            ["Datum", "Vraag", "Kaart", "Waarom bewaard"],
            [[_date(q.created_at), q.text, title_of(q.card_id) if q.card_id else "-",
              REASON.get(q.reason, q.reason)] for q in data.questions],
            table_id="questions"))
    else:
        parts.append("<p>Geen vragen waarover de bot twijfelde.</p>")
    parts.append("<h2>Wat klopte er niet? (na 👎, met toestemming bewaard)</h2>")
    if data.comments:
        parts.append(_table(
            ["Datum", "Opmerking", "Kaart"],
            [[_date(c.created_at), c.text, title_of(c.card_id) if c.card_id else "-"]
             for c in data.comments], table_id="comments"))
    else:
        parts.append("<p>Geen opmerkingen bij 👎.</p>")
    parts.append("<p class=\"muted\">Alleen tellingen: je ziet hier niet wie iets vroeg. "
                 "Bewaarde vragen worden na de bewaartermijn automatisch verwijderd.</p>")
    return "\n".join(parts)


def _period_links(days: int, token: str | None) -> str:
    """Links to other periods; a token that came in the URL stays in the URL."""
    extra = f"&amp;token={esc(quote(token, safe=''))}" if token else ""
    links = []
    for option in (7, 30, 90, 365):
        if option == days:
            links.append(f"<strong>{option} dagen</strong>")
        else:
            links.append(f'<a href="?days={option}{extra}" class="period">{option} dagen</a>')
    return "<p class=\"muted\">Andere periode: " + " · ".join(links) + "</p>"


_NUM = ' class="num"'


def _table(head: list[str], rows: list[list[object]], table_id: str | None,
           numeric: int = 0) -> str:
    """A table whose last ``numeric`` columns are right-aligned numbers."""
    first_num = len(head) - numeric
    ident = f' id="{esc(table_id)}"' if table_id else ""
    header = "".join(f"<th{_NUM if i >= first_num else ''}>{esc(h)}</th>"
                     for i, h in enumerate(head))
    body = "".join(
        "<tr>"
        + "".join(f"<td{_NUM if i >= first_num else ''}>{esc(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table{ident}><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
