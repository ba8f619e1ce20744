"""Access lines never carry query strings: /insights?token= and chart ?k= are secrets."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp import web

from bot.logging_setup import PathOnlyAccessLogger


async def test_access_log_has_the_path_but_not_the_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = web.Application()
    app.router.add_get("/insights", lambda request: web.Response(text="ok"))
    runner = web.AppRunner(app, access_log_class=PathOnlyAccessLogger,
                           access_log=logging.getLogger("test.access"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        with caplog.at_level(logging.INFO, logger="test.access"):
            async with aiohttp.ClientSession() as session:
                url = f"http://127.0.0.1:{port}/insights?token=S3CRET-token&days=30"
                async with session.get(url) as response:
                    assert response.status == 200
    finally:
        await runner.cleanup()
    lines = [r.getMessage() for r in caplog.records if r.name == "test.access"]
    assert len(lines) == 1
    assert "path=/insights" in lines[0] and "status=200" in lines[0]
    assert "S3CRET" not in lines[0] and "token" not in lines[0]
