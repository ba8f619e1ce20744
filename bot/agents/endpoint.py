"""``/api/messages`` on the Agents SDK: token check, the SDK's CloudAdapter, our agent.

:func:`bot.app.messages` checks size, JSON and shape first, as for botbuilder; then
:meth:`AgentsEndpoint.process` lets the SDK's JWT check run (``jwt_authorization_decorator``:
401 without a valid token when ``MicrosoftAppId`` is set) and the adapter run the turn.
Failures inside a turn are logged without texts and apologised for in Dutch, as on botbuilder.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web
from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import ValidationError

from bot.agents.agent import BlendAgent, activity_json, send_invoke_response, state_key
from bot.agents.config import auth_configuration, connection_manager
from bot.agents.replies import to_activity
from bot.core.address import Address
from bot.render.views import View
from bot.turn_errors import APOLOGY, handle_turn_failure
from bot.wire import outgoing

if TYPE_CHECKING:
    from bot.router import Router
    from bot.services import BotServices
    from bot.settings import Settings

log = logging.getLogger(__name__)

#: The app key the SDK's JWT check reads its configuration from (its own string key).
AGENT_CONFIGURATION = "agent_configuration"


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    """The SDK's pydantic models refuse ``None`` for an absent field: leave it out."""
    return {key: _without_none(value) if isinstance(value, dict) else value
            for key, value in data.items() if value is not None}


class AgentsOutbox:
    """:class:`~bot.core.outbox.Outbox` on the Agents SDK: ``continue_conversation``."""

    def __init__(self, adapter: CloudAdapter, app_id: str) -> None:
        self.adapter = adapter
        self.app_id = app_id

    async def post(self, address: Address, view: View) -> None:
        reference = ConversationReference.model_validate(_without_none({
            "channel_id": address.channel, "service_url": address.service_url,
            "locale": address.locale,
            "agent": {"id": address.bot_id, "name": address.bot_name} if address.bot_id else None,
            "user": {"id": address.user_id} if address.user_id else None,
            "conversation": {
                "id": address.conversation_id, "tenant_id": address.tenant_id,
                "conversation_type": address.conversation_type,
                "is_group": address.is_group or None, "name": address.conversation_name}}))
        message = to_activity(outgoing.message_json(view, address.channel))
        failure: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            context.activity.id = None  # a new post, not a reply to the continuation event
            try:
                await context.send_activity(message)
            except Exception as exc:  # noqa: BLE001 - re-raised below, outside the adapter
                failure.append(exc)

        continuation = reference.get_continuation_activity()
        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, callback)
        else:  # local development: no app, so no token to fetch (the SDK would try one)
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(), continuation, callback)
        if failure:
            raise failure[0]


def agents_outbox(settings: Settings) -> AgentsOutbox:
    """An outbox without the app (``blendbot tips send`` with BLENDBOT_TEAMS_SDK=agents)."""
    adapter = CloudAdapter(connection_manager=connection_manager(auth_configuration(settings)))
    return AgentsOutbox(adapter, settings.app_id)


class AgentsEndpoint:
    """The SDK's adapter and our agent for one app."""

    def __init__(self, settings: Settings, services: BotServices, router: Router) -> None:
        self.config = auth_configuration(settings)
        self.adapter = CloudAdapter(connection_manager=connection_manager(self.config))
        self.adapter.on_turn_error = self._on_turn_error
        self.services = services
        self.outbox = AgentsOutbox(self.adapter, settings.app_id)
        self.agent = BlendAgent(services, router, self.outbox)

    def install(self, app: web.Application) -> None:
        with warnings.catch_warnings():  # the SDK's JWT check reads a str key, not an AppKey
            warnings.simplefilter("ignore", web.NotAppKeyWarning)
            app[AGENT_CONFIGURATION] = self.config  # type: ignore[index]

    async def process(self, request: web.Request, data: dict[str, Any]
                      ) -> web.StreamResponse | None:
        @jwt_authorization_decorator
        async def run(checked: web.Request) -> web.StreamResponse | None:
            if not _token_names_service_url(checked, self.config.ANONYMOUS_ALLOWED, data):
                log.warning("event=request_rejected status=401 reason=service_url_claim")
                return web.json_response({"error": "unauthorized"}, status=401)
            try:
                return await self.adapter.process(checked, self.agent)
            except ValidationError as exc:  # the SDK's model refused the activity
                raise web.HTTPBadRequest(reason="activity could not be read") from exc

        return await run(request)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        data = activity_json(context.activity)

        async def say(text: str) -> None:
            await context.send_activity(to_activity(outgoing.text_message(text)))

        await handle_turn_failure(
            error, responded=context.responded, conversations=self.services.conversations,
            state_key=state_key(data),
            say=say, apologise=lambda: _apologise(context, data, say),
            activity_type=data.get("type"), channel=data.get("channelId"), sdk="agents")


def _token_names_service_url(request: web.Request, anonymous: bool,
                             data: dict[str, Any]) -> bool:
    """A channel token is for one ``serviceUrl`` (botbuilder checks this, the SDK does not):
    a token taken from another conversation's traffic cannot post elsewhere."""
    if anonymous:
        return True
    identity = request.get("claims_identity")
    claims = getattr(identity, "claims", None) or {}
    return claims.get("serviceurl") == data.get("serviceUrl")


async def _apologise(context: TurnContext, data: dict[str, Any],
                     say: Callable[[str], Awaitable[None]]) -> None:
    if data.get("type") == "message":
        await say(APOLOGY)
    elif data.get("type") == "invoke":
        # Universal Actions show an error body; other invokes get an empty 200, never a 5xx.
        body = (outgoing.action_error(500, "InternalError", APOLOGY)
                if data.get("name") == "adaptiveCard/action" else None)
        await send_invoke_response(context, 200, body)

