"""The connector's aiohttp session trusts the environment only when the environment has
something for aiohttp to find (a proxy or a netrc file); otherwise every reply would look
both up again in a worker thread for nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from aiohttp.helpers import netrc_from_env, proxies_from_env

from bot.channels.botframework_http import SessionOwner, environment_configures_http


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No proxy variables, no NETRC, and an empty home directory."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name in ("NETRC", "REQUEST_METHOD"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


def _aiohttp_finds_something() -> bool:
    return bool(proxies_from_env()) or netrc_from_env() is not None


def test_nothing_in_the_environment(bare: Path) -> None:
    assert environment_configures_http() is False
    assert not _aiohttp_finds_something()


@pytest.mark.parametrize("name", ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
                                  "WS_PROXY", "WSS_PROXY"])
def test_a_proxy_variable(bare: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "http://proxy.example:3128")
    assert environment_configures_http() is True
    assert _aiohttp_finds_something()


@pytest.mark.parametrize(("name", "value"), [("NO_PROXY", "*"), ("no_proxy", "example.org"),
                                             ("FTP_PROXY", "http://proxy.example:21"),
                                             ("HTTPS_PROXY", "")])
def test_variables_aiohttp_does_not_proxy_with(bare: Path, monkeypatch: pytest.MonkeyPatch,
                                               name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    assert environment_configures_http() is False
    assert not _aiohttp_finds_something()


def test_a_netrc_file_in_home(bare: Path) -> None:
    (bare / ".netrc").write_text("machine example.org login u password p\n")
    assert environment_configures_http() is True
    assert _aiohttp_finds_something()


def test_a_netrc_named_by_netrc(bare: Path, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    named = tmp_path / "elsewhere"
    named.write_text("machine example.org login u password p\n")
    monkeypatch.setenv("NETRC", str(named))
    assert environment_configures_http() is True
    assert _aiohttp_finds_something()


async def test_the_session_trusts_the_environment_only_when_it_has_something(
        bare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    owner = SessionOwner()
    try:
        assert owner.session().trust_env is False
        await owner.close()
        monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
        assert owner.session().trust_env is True  # looked at again when a session opens
    finally:
        await owner.close()
