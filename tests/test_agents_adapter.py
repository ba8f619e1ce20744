"""The second Teams adapter (Microsoft 365 Agents SDK): what only it has to prove.

The Teams-protocol suites (``pytestmark = teams_protocol``) already run on it; here: it reads
every Teams fixture as the botbuilder adapter does, writes the same messages, checks tokens
(and the two checks the SDK leaves off), answers a malformed Universal Action and a failing
turn as botbuilder does, and only ``bot/agents`` imports the SDK.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botbuilder.schema import Activity

from bot.agents.config import auth_configuration
from bot.channels import botframework_incoming as bf_incoming
from bot.channels.botframework_bot import BlendBot
from bot.channels.botframework_reply import to_activity
from bot.channels.botframework_turn import turn_of as bf_turn_of
from bot.core.session import Session
from bot.render.views import FollowUp, Help, Notice, Welcome
from bot.router import Router
from bot.settings import load_settings
from bot.turn_errors import APOLOGY
from bot.wire import incoming, outgoing
from tests.harness import BotServer, build_activity, fixture_names, load_fixture, make_settings
from tests.helpers_auth import (
    APP_ID,
    BAD_AUTH_CASES,
    bad_auth_header,
    key_endpoint,
    new_key,
    token,
)

MAX = 4000


@pytest.mark.parametrize("name", fixture_names())
def test_every_teams_fixture_reads_as_the_botbuilder_adapter_reads_it(name: str) -> None:
    data = load_fixture(name)
    activity = Activity().deserialize(data)
    assert incoming.turn_of(data, MAX) == bf_turn_of(activity, MAX)
    assert incoming.addressed_to_bot(data) == bf_incoming.addressed_to_bot(activity)


def test_a_mention_a_long_text_and_a_tap_read_the_same_on_both() -> None:
    data = load_fixture("a")
    data["text"] = "<at>ridotest</at> " + "lees dit " * 900
    long_turn = incoming.turn_of(data, 200)
    assert long_turn == bf_turn_of(Activity().deserialize(data), 200)
    assert long_turn.truncated and long_turn.mentioned and "<at>" not in long_turn.text
    tap = {**load_fixture("b"), "text": None, "value": "geen dict"}
    assert incoming.turn_of(tap, MAX).value == {"action": None, "raw": "geen dict"}
    assert incoming.turn_of(tap, MAX) == bf_turn_of(Activity().deserialize(tap), MAX)


@pytest.mark.parametrize("channel", ["msteams", "terminal"])
def test_views_become_the_same_message_on_both_adapters(kb: Any, channel: str) -> None:
    """botbuilder's Activity carries the shared writer's JSON unchanged (msrest round trip)."""
    views = [Notice("Hallo"), Notice("Kies", buttons=(("Ja", {"action": "x"}),)),
             FollowUp(key="online", ref="r1"), Help(), Welcome()]
    for view in views:
        assert outgoing.message_json(view, channel) == to_activity(view, channel).serialize()


def test_credentials_map_onto_the_sdk_connection() -> None:
    anonymous = auth_configuration(load_settings(_env_file=None, app_id=""))
    assert anonymous.ANONYMOUS_ALLOWED and anonymous.CLIENT_ID is None
    secret = auth_configuration(load_settings(
        _env_file=None, app_id="app", app_password="geheim", app_tenant_id="t1",
        app_type="SingleTenant"))
    assert (secret.CLIENT_ID, secret.CLIENT_SECRET, secret.TENANT_ID) == ("app", "geheim", "t1")
    assert secret.AUTH_TYPE == "ClientSecret" and not secret.ANONYMOUS_ALLOWED
    assert secret.VALIDATE_ISSUER and "https://api.botframework.com" in secret.ISSUERS
    managed = auth_configuration(load_settings(
        _env_file=None, app_id="msi-client-id", app_tenant_id="t1",
        app_type="UserAssignedMSI"))
    assert managed.AUTH_TYPE == "UserManagedIdentity" and managed.CLIENT_SECRET is None


# ---- over HTTP, on the Agents SDK ------------------------------------------------------------
@pytest.fixture
def agents_settings(tmp_path: Any, classifier_cache_dir: Any) -> Any:
    return make_settings(tmp_path, classifier_cache_dir, teams_sdk="agents")


async def test_a_malformed_universal_action_gets_botbuilders_error_answer(
        make_bot_server: Any, agents_settings: Any) -> None:
    server = await make_bot_server(settings=agents_settings)
    answer = await server.post_activity("f_adaptive_card_action_execute_invoke",
                                        value={"action": {"type": "Action.Submit"}})
    assert answer.status == 400
    assert answer.json()["value"]["code"] == "NotSupported"
    missing = await server.post_activity("f_adaptive_card_action_execute_invoke", value=None)
    assert missing.status == 400 and missing.json()["value"]["code"] == "BadRequest"
    assert server.connector.requests == []


class FailingRouter(Router):
    async def handle_text(self, session: Session, text: str) -> None:
        raise RuntimeError("boom (test)")


async def test_a_failing_turn_is_apologised_for_in_dutch(make_bot_server: Any,
                                                        agents_settings: Any) -> None:
    server = await make_bot_server(
        settings=agents_settings, bot_factory=lambda s: BlendBot(s, FailingRouter(s)))
    answer = await server.post_activity("b_personal_chat_message", text="wat is blended?")
    assert answer.status == 200
    replies = await server.connector.wait_for(1)
    assert [r.text for r in replies] == [APOLOGY]


@pytest.fixture
def signing() -> Iterator[dict[str, Any]]:
    trusted, other = new_key(), new_key()
    with key_endpoint(trusted):
        yield {"trusted": trusted, "other": other}


class RecordingRouter(Router):
    """Keeps the turns it got and answers nothing (an answer would need a real token)."""

    def __init__(self, services: Any) -> None:
        super().__init__(services)
        self.seen: list[Session] = []

    async def on_message(self, session: Session) -> None:
        self.seen.append(session)


@pytest.fixture
async def secured(make_bot_server: Any, tmp_path: Any, classifier_cache_dir: Any,
                  signing: dict[str, Any], monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[BotServer, RecordingRouter]:
    """An app with credentials on the Agents SDK. Entra ID cannot be reached from here, so
    the bot's own outgoing token (which the SDK fetches before the turn) is a fixed one:
    what is tested is the check of the channel's incoming token, which runs for real."""
    from microsoft_agents.authentication.msal import MsalAuth

    async def outgoing_token(self: Any, resource_url: str, scopes: Any = None,
                             force_refresh: bool = False) -> str:
        return "test-outgoing-token"

    monkeypatch.setattr(MsalAuth, "get_access_token", outgoing_token)
    settings = make_settings(tmp_path, classifier_cache_dir, teams_sdk="agents",
                             app_id=APP_ID, app_password="not-a-real-secret")
    routers: list[RecordingRouter] = []

    def bot(services: Any) -> BlendBot:
        routers.append(RecordingRouter(services))
        return BlendBot(services, routers[-1])

    return await make_bot_server(settings=settings, bot_factory=bot), routers[0]


async def test_a_valid_channel_token_is_accepted(secured: tuple[BotServer, RecordingRouter],
                                                 signing: dict[str, Any]) -> None:
    server, router = secured
    good = token(signing["trusted"], server.connector.url)
    answer = await server.post_activity(
        build_activity("b_personal_chat_message", text="hallo"),
        headers={"Authorization": f"Bearer {good}"})
    assert answer.status == 200
    assert [s.turn.text for s in router.seen] == ["hallo"]


@pytest.mark.parametrize("case", BAD_AUTH_CASES)
async def test_bad_authentication_is_401_and_nothing_is_processed(
        secured: tuple[BotServer, RecordingRouter], signing: dict[str, Any], case: str) -> None:
    server, router = secured
    url = server.connector.url
    header = bad_auth_header(case, signing, url)
    answer = await server.post_activity("b_personal_chat_message",
                                        headers={"Authorization": header} if header else None)
    assert answer.status == 401
    assert router.seen == [] and server.connector.requests == []


async def test_the_weekly_tip_goes_out_through_the_agents_sdk(make_bot_server: Any,
                                                             agents_settings: Any) -> None:
    from bot.keys import AGENTS_KEY, SERVICES_KEY
    from bot.tips.build import delivery_for
    from bot.tips.proactive import proactive_outbox

    server = await make_bot_server(settings=agents_settings)
    assert (await server.post_activity("b_personal_chat_message", text="tips aan")).status == 200
    await server.connector.wait_for(1)
    server.connector.clear()
    outbox = proactive_outbox(server.app)
    assert outbox.outbox_for("msteams") is server.app[AGENTS_KEY].outbox
    summary = await delivery_for(server.app[SERVICES_KEY], outbox).run()
    assert summary.sent == 1
    [tip] = await server.connector.wait_for(1)
    assert tip.kind == "send"  # a new message in the chat, not a reply to an old one
    assert "Tip van de week" in str(tip.body) or "Advies van de week" in str(tip.body)
