"""The public card pages and the token-protected insights page, over real HTTP."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import load_settings
from bot.storage.database import Database
from bot.web.pages import add_routes
from knowledge.loader import load_knowledge
from tests.helpers_digicoach import seed_known_events

TOKEN = "geheim-token-1234567890"
KB = load_knowledge()


async def _client(tmp_path: Path, **settings: object) -> AsyncIterator[TestClient]:
    """A real server on 127.0.0.1 with the pages; ``client.db`` is its SQLite database."""
    db = Database(f"sqlite:///{tmp_path / 'pages.sqlite3'}")
    await db.migrate()
    services = SimpleNamespace(settings=load_settings(**settings), knowledge=KB, database=db)
    app = web.Application()
    add_routes(app, lambda _request: services)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    client.db = db  # type: ignore[attr-defined]
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()
        await db.dispose()


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    async for c in _client(tmp_path, insights_token=TOKEN, retention_days=45):
        yield c


@pytest.fixture
async def client_without_token(tmp_path: Path) -> AsyncIterator[TestClient]:
    async for c in _client(tmp_path, insights_token=""):
        yield c


async def _seeded(client: TestClient) -> None:
    await seed_known_events(client.db, datetime.now(UTC))  # type: ignore[attr-defined]


async def test_card_page_is_readable_html_in_dutch(client: TestClient) -> None:
    response = await client.get("/kaarten/mis-hybride")
    assert response.status == 200
    assert response.content_type == "text/html"
    body = await response.text()
    assert '<html lang="nl">' in body
    card = KB.cards["mis-hybride"]
    assert "<h1>&quot;Blended is hybride leren&quot;</h1>" in body  # title escaped
    assert "Denk aan een blender" in body
    assert "<li>" in body  # the body's bullet lines became a list
    assert "Waarom nog geen blend?" in body
    assert card.example.synchroon.split()[0] in body
    assert 'href="/kaarten/def-synchroon-asynchroon"' in body  # "lees ook"
    assert "Gesprekskaarten misconcepties" in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


async def test_card_index_lists_every_card_by_kind(client: TestClient) -> None:
    response = await client.get("/kaarten/")
    body = await response.text()
    assert response.status == 200
    links = set(re.findall(r'href="/kaarten/([a-z0-9-]+)"', body))
    assert links == set(KB.cards)
    for heading in ("Begrippen", "Misverstanden", "Tips"):
        assert f"<h2>{heading}</h2>" in body
    redirect = await client.get("/kaarten", allow_redirects=False)
    assert redirect.status == 301 and redirect.headers["Location"] == "/kaarten/"


async def test_unknown_card_is_a_dutch_404_page(client: TestClient) -> None:
    response = await client.get("/kaarten/bestaat-niet")
    assert response.status == 404
    body = await response.text()
    assert "Deze kaart bestaat niet" in body
    assert "noindex" in body


async def test_privacy_page_states_the_retention(client: TestClient) -> None:
    response = await client.get("/privacy")
    body = await response.text()
    assert response.status == 200
    assert "45 dagen" in body
    assert "vergeet mij" in body
    assert (await client.get("/voorwaarden")).status == 200


async def test_insights_is_off_without_configured_token(client_without_token: TestClient) -> None:
    for path in ("/insights", "/insights?token=", "/insights?token=iets"):
        assert (await client_without_token.get(path)).status == 404


async def test_insights_needs_the_right_token(client: TestClient) -> None:
    await _seeded(client)
    missing = await client.get("/insights")
    assert missing.status == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = await client.get("/insights", params={"token": TOKEN + "x"})
    assert wrong.status == 401
    body = await wrong.text()
    assert "mis-hybride" not in body and "Geen toegang" in body
    bad_header = await client.get("/insights", headers={"Authorization": "Bearer nee"})
    assert bad_header.status == 401


async def test_insights_page_with_token_shows_the_numbers(client: TestClient) -> None:
    await _seeded(client)
    for kwargs in ({"params": {"token": TOKEN, "days": "365"}},
                   {"headers": {"Authorization": f"Bearer {TOKEN}"}, "params": {"days": "365"}}):
        response = await client.get("/insights", **kwargs)
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        body = await response.text()
        assert '<span id="total">11</span>' in body
        assert "<svg" in body and "Antwoorden per kaart" in body
        assert "Is een podcast &lt;b&gt;blended&lt;/b&gt;?" in body  # escaped teacher text
        assert "<b>blended</b>" not in body
        assert "Interactie" in body  # dimension label, team-a has five people


async def test_insights_period_links_keep_a_query_token(client: TestClient) -> None:
    body = await (await client.get("/insights", params={"token": TOKEN})).text()
    assert f"?days=7&amp;token={TOKEN}" in body
    header_body = await (await client.get(
        "/insights", headers={"Authorization": f"Bearer {TOKEN}"})).text()
    assert TOKEN not in header_body


async def test_insights_rejects_a_bad_period(client: TestClient) -> None:
    for days in ("nul", "0", "5000"):
        response = await client.get("/insights", params={"token": TOKEN, "days": days})
        assert response.status == 400
        assert "Kies 1 tot" in await response.text()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install -y chromium); the browser test needs it")
async def test_insights_page_renders_in_headless_chromium(
    client: TestClient, tmp_path: Path
) -> None:
    await _seeded(client)
    url = str(client.make_url("/insights")) + f"?token={TOKEN}&days=365"
    shot = tmp_path / "insights.png"
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--no-first-run", "--disable-dev-shm-usage"]

    async def run(*args: str, profile: str) -> str:
        process = await asyncio.create_subprocess_exec(
            *common, f"--user-data-dir={tmp_path / profile}", *args,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, _err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode == 0, _err.decode(errors="replace")[-2000:]
        return out.decode()

    dom = await run("--dump-dom", url, profile="dom")
    # The DOM as the browser built it: the chart is a real SVG element with one bar per card.
    assert '<span id="total">11</span>' in dom
    assert re.search(r"<svg[^>]*role=\"img\"", dom)
    assert dom.count('fill="#1F6F8B"') == 3  # mis-hybride, def-blended-leren, mis-video
    assert "Is een podcast &lt;b&gt;blended&lt;/b&gt;?" in dom
    await run(f"--screenshot={shot}", "--window-size=900,1400", url, profile="shot")
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (900, 1400)
        colors = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert any(rgb == (0x1F, 0x6F, 0x8B) for _count, rgb in colors), "no chart bars painted"
