"""aiohttp handlers for the public card pages, privacy/terms and the DigiCoach insights page.

Card pages show knowledge only: nothing about users is read. ``/insights`` is off (404)
unless ``settings.insights_token`` is set, and then needs that token as ``?token=`` or as
``Authorization: Bearer``; it is compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import web

from bot import insights
from bot.settings import Settings
from bot.web import html
from bot.web.insights_html import insights_content
from knowledge.models import Card, CardKind

log = logging.getLogger(__name__)

MAX_DAYS = 366
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class PageServices(Protocol):
    """What the pages need from ``bot.services.BotServices``."""

    settings: Settings
    knowledge: Any
    database: Any


ServicesOf = Callable[[web.Request], PageServices]


def _html(body: str, status: int = 200, *, private: bool = False) -> web.Response:
    headers = dict(_SECURITY_HEADERS)
    headers["Cache-Control"] = "no-store" if private else "public, max-age=300"
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=headers)


def not_found_page(message: str = "Deze pagina bestaat niet (meer).") -> web.Response:
    content = (f"<h1>Niet gevonden</h1><p>{html.esc(message)}</p>"
               "<p><a href=\"/kaarten/\">Bekijk alle kaarten</a></p>")
    return _html(html.page("Niet gevonden", content, indexable=False), 404, private=True)


def _card_index(cards: list[Card]) -> str:
    parts = ["<h1>Kaarten over blended leren</h1>",
             "<p class=\"summary\">Korte uitleg voor docenten in het mbo en hbo. "
             "Deel een kaart gerust met collega's.</p>"]
    for kind in CardKind:
        group = sorted((c for c in cards if c.kind is kind), key=lambda c: c.title.casefold())
        if group:
            parts.append(f"<h2>{html.esc(html.KIND_HEADING[kind])}</h2>" + html.card_list(group))
    return "\n".join(parts)


def add_routes(app: web.Application, services_of: ServicesOf) -> None:
    """Register the pages; ``services_of(request)`` gives the running app's services."""

    async def card_index(request: web.Request) -> web.Response:
        cards = list(services_of(request).knowledge.cards.values())
        return _html(html.page("Kaarten", _card_index(cards)))

    async def card_page(request: web.Request) -> web.Response:
        kb = services_of(request).knowledge
        card = kb.cards.get(request.match_info["card_id"])
        if card is None:
            return not_found_page("Deze kaart bestaat niet. Misschien heeft hij een nieuwe naam.")
        related = [kb.cards[i] for i in card.related if i in kb.cards]
        return _html(html.page(card.title, html.card_article(card, related)))

    async def static_page(request: web.Request) -> web.Response:
        name = request.match_info["page"]
        retention = services_of(request).settings.retention_days
        content = html.template(f"{name}.html").safe_substitute(retention_days=retention)
        return _html(html.page(name.capitalize(), content))

    async def insights_page(request: web.Request) -> web.Response:
        services = services_of(request)
        expected = services.settings.insights_token
        if not expected:
            return not_found_page()
        given, from_query = _token(request)
        if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
            log.info("event=insights_denied reason=%s", "missing" if given is None else "wrong")
            content = ("<h1>Geen toegang</h1><p>Deze pagina is alleen voor DigiCoaches. "
                       "Vraag de beheerder om de juiste link.</p>")
            response = _html(html.page("Geen toegang", content, indexable=False), 401,
                             private=True)
            response.headers["WWW-Authenticate"] = 'Bearer realm="blendbot-insights"'
            return response
        days = _days(request.query.get("days"))
        if days is None:
            content = f"<h1>Onbekende periode</h1><p>Kies 1 tot {MAX_DAYS} dagen.</p>"
            return _html(html.page("Onbekende periode", content, indexable=False), 400,
                         private=True)
        data = await insights.collect(services.database.engine, insights.Period.last_days(days))
        kb = services.knowledge
        content = insights_content(
            data, lambda cid: kb.cards[cid].title if cid in kb.cards else cid, days=days,
            labels=_dimension_labels(services), link_token=given if from_query else None,
        )
        return _html(html.page("Inzichten", content, indexable=False), private=True)

    app.router.add_get("/kaarten", _to_index)
    app.router.add_get("/kaarten/", card_index)
    app.router.add_get(r"/kaarten/{card_id:[A-Za-z0-9_-]{1,80}}", card_page)
    app.router.add_get(r"/{page:privacy|voorwaarden}", static_page)
    app.router.add_get("/insights", insights_page)


async def _to_index(_request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently("/kaarten/")


def _token(request: web.Request) -> tuple[str | None, bool]:
    """(token, came from the query string)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    token = request.query.get("token")
    return (token, True) if token else (None, False)


def _days(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return insights.DEFAULT_DAYS
    try:
        days = int(raw)
    except ValueError:
        return None
    return days if 1 <= days <= MAX_DAYS else None


def _dimension_labels(services: PageServices) -> dict[str, str]:
    """Readiness dimension id -> Dutch label."""
    readiness = getattr(services.knowledge, "readiness", None)
    return {d.id: d.label for d in readiness.dimensions} if readiness is not None else {}
