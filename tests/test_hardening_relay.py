"""The bot is no open relay: replies only go to service URLs it may post to.

Without an app id only loopback service URLs are answered; with one, only the Bot
Framework channels' hosts (plus loopback). Never userinfo, never a redirect. ``serve``
listens on 127.0.0.1 by default and will not listen elsewhere without an app id unless
``BLENDBOT_ALLOW_ANONYMOUS=true``. The compose file fails closed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.service_urls import DEFAULT_SERVICE_URL_HOSTS, InvalidServiceUrlError, ServiceUrlPolicy
from bot.settings import load_settings
from tests.harness import BotServer, ConnectorStandIn, RecordingBot, make_settings
from tests.helpers_auth import APP_ID, key_endpoint, new_key, token

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("service_url", [
    "https://relay.invalid/", "http://192.0.2.1:9/api/", "https://smba.trafficmanager.net/emea/",
    "ftp://127.0.0.1/", "http:///nohost", "http://127.0.0.1:99999/",
])
async def test_dev_mode_answers_only_loopback_service_urls(bot_server: BotServer,
                                                           service_url: str) -> None:
    answer = await bot_server.post_activity("b_personal_chat_message", service_url=service_url)
    assert answer.status == 400
    assert "serviceUrl" in answer.json()["error"]
    assert bot_server.connector.requests == []


async def test_userinfo_in_the_service_url_is_refused(bot_server: BotServer) -> None:
    url = bot_server.connector.url.replace("http://", "http://user:geheim@")
    answer = await bot_server.post_activity("b_personal_chat_message", service_url=url)
    assert answer.status == 400
    assert bot_server.connector.requests == []  # no Basic header ever went out


async def test_redirects_are_not_followed(bot_server: BotServer) -> None:
    elsewhere = await ConnectorStandIn().start()
    try:
        bot_server.connector.fail_next(
            307, times=5, headers={"Location": f"{elsewhere.url}v3/conversations/x/activities"},
            kinds=None)
        answer = await bot_server.post_activity("b_personal_chat_message")
        assert answer.status == 200  # the turn failed at the connector: logged, not a 5xx
        assert bot_server.connector.requests  # the reply was attempted at the service URL
        assert elsewhere.requests == []  # ... and not carried on to the redirect target
    finally:
        await elsewhere.close()


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://smba.trafficmanager.net/emea/", True),
    ("https://SMBA.trafficmanager.net./amer/", True),
    ("https://webchat.botframework.com/", True),
    ("https://europe.directline.botframework.com/v3/", True),
    ("https://botframework.com/", False),
    ("https://evilbotframework.com/", False),
    ("https://smba.trafficmanager.net.evil.example/", False),
    ("http://smba.trafficmanager.net/emea/", False),
    ("https://a:b@smba.trafficmanager.net/emea/", False),
    ("https://smba.trafficmanager.net@evil.example/", False),
    ("http://127.0.0.1:3979/", True),
    ("http://[::1]:3979/", True),
])
def test_allow_list_with_an_app_id(url: str, allowed: bool) -> None:
    policy = ServiceUrlPolicy(authenticated=True, hosts=DEFAULT_SERVICE_URL_HOSTS)
    if allowed:
        assert policy.check(url) == url
    else:
        with pytest.raises(InvalidServiceUrlError):
            policy.check(url)


def test_allow_list_is_configurable(tmp_path: Path, classifier_cache_dir: Path) -> None:
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             service_url_hosts="bots.school.example, *.channel.example")
    policy = ServiceUrlPolicy.from_settings(settings)
    assert policy.check("https://bots.school.example/x/")
    assert policy.check("https://eu.channel.example/")
    with pytest.raises(InvalidServiceUrlError):
        policy.check("https://smba.trafficmanager.net/emea/")  # replaced, not added to


async def test_with_an_app_id_a_signed_foreign_service_url_is_refused(
        make_bot_server: Any, tmp_path: Path, classifier_cache_dir: Path) -> None:
    """Even a valid token naming the URL does not make an off-list host answerable."""
    trusted = new_key()
    recorder = RecordingBot()
    settings = make_settings(tmp_path, classifier_cache_dir, app_id=APP_ID,
                             app_password="not-a-real-secret")
    with key_endpoint(trusted):
        server = await make_bot_server(settings=settings, bot_factory=lambda s: recorder)
        foreign = "https://relay.invalid/"
        bearer = token(trusted, foreign)
        answer = await server.post_activity("b_personal_chat_message", service_url=foreign,
                                            headers={"Authorization": f"Bearer {bearer}"})
    assert answer.status == 400
    assert recorder.seen == []


def test_serve_listens_on_loopback_by_default() -> None:
    assert load_settings(_env_file=None).host == "127.0.0.1"


def _serve(tmp_path: Path, cache_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BLENDBOT_", "Microsoft", "SLACK_"))}
    clean.update({"PYTHONPATH": str(REPO), "BLENDBOT_CACHE_DIR": str(cache_dir),
                  "BLENDBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                  "BLENDBOT_TIP_SCHEDULE": "off", **env})
    return subprocess.run([sys.executable, "-m", "bot.cli", "serve", *args], cwd=tmp_path,
                          env=clean, capture_output=True, text=True, timeout=180)


def test_serve_refuses_a_public_address_without_an_app_id(tmp_path: Path,
                                                          classifier_cache_dir: Path) -> None:
    done = _serve(tmp_path, classifier_cache_dir, "--host", "0.0.0.0", "--port", "39782")
    assert done.returncode == 1
    assert "BLENDBOT_ALLOW_ANONYMOUS" in done.stderr and "Traceback" not in done.stderr
    assert "event=listening" not in done.stderr


def test_allow_anonymous_lifts_the_refusal(tmp_path: Path, classifier_cache_dir: Path,
                                           classifier_model: Any) -> None:
    # 192.0.2.1 (TEST-NET-1) is not ours: getting as far as binding proves the check passed.
    done = _serve(tmp_path, classifier_cache_dir, "--host", "192.0.2.1", "--port", "39783",
                  BLENDBOT_ALLOW_ANONYMOUS="true")
    assert done.returncode == 1
    assert "cannot listen on 192.0.2.1" in done.stderr
    assert "BLENDBOT_ALLOW_ANONYMOUS" not in done.stderr


def test_compose_file_fails_closed() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    compose = yaml.safe_load(text)
    bot_env = compose["x-bot"]["environment"]
    for name in ("MicrosoftAppId", "MicrosoftAppPassword"):
        assert re.fullmatch(rf"\$\{{{name}:\?.+\}}", bot_env[name]), name
    assert "${POSTGRES_PASSWORD:?" in bot_env["BLENDBOT_DATABASE_URL"]
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?")
    assert ":-blendbot}" not in text
