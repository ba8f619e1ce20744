"""The CloudAdapter: authentication from our Settings, client reuse, and the turn-error handler.

Performance: as shipped, botbuilder 4.17 builds a new ``ConnectorClient`` (plus a new
``MicrosoftAppCredentials`` and ``requests.Session``) and a new user-token client on every
turn. Each client's msrest ``ClientRetryPolicy`` costs ~6-9 ms CPU (a quadratic list
comprehension), new credentials lose MSAL's token cache, and a new session means a new TCP
connection per reply. :class:`CachingBotFrameworkAuthentication` keeps connector clients per
(service URL, app id, audience) in a small LRU and one user-token client per app id, the
same reuse the older ``BotFrameworkAdapter`` did. See ``benchmarks/endpoint.py``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web import Request
from botbuilder.core import Bot, InvokeResponse, TurnContext, serializer_helper
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.serialization import Model

from bot.channels import botframework_keys as auth_keys
from bot.channels.botframework_http import SessionOwner, use_aiohttp
from bot.channels.botframework_json import PlannedSerializer
from bot.channels.botframework_reply import activity_of
from bot.channels.botframework_turn import state_key
from bot.logging_setup import kv
from bot.service_urls import ServiceUrlPolicy
from bot.settings import Settings
from bot.storage.conversation_store import ConversationStore
from bot.turn_errors import APOLOGY, CONFLICT_NOTICE, handle_turn_failure
from bot.wire import outgoing

__all__ = ["APOLOGY", "CONFLICT_NOTICE", "create_adapter", "make_on_turn_error"]

log = logging.getLogger(__name__)

MAX_CACHED_CLIENTS = 256


@dataclass(frozen=True)
class BotConfig:
    """The configuration object ``ConfigurationBotFrameworkAuthentication`` reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str

    @classmethod
    def from_settings(cls, settings: Settings) -> BotConfig:
        # Without an app id the SDK only allows "no authentication" for MultiTenant.
        app_type = settings.app_type if settings.app_id else "MultiTenant"
        return cls(settings.app_id, settings.app_password, app_type, settings.app_tenant_id)


def _app_id(claims_identity: ClaimsIdentity | None) -> str | None:
    if claims_identity is None:
        return None
    claims = claims_identity.claims or {}
    return claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(
        AuthenticationConstants.APP_ID_CLAIM
    )


class _FastSerializer(PlannedSerializer):
    """msrest ``Serializer`` for request bodies: plain JSON passes through unchanged and
    each model class's walk is planned once (:mod:`bot.channels.botframework_json`)."""

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        """A request body. msrest first rebuilds the body's model from itself (for callers
        that pass dicts where models belong), walking every nested model; an activity that
        its own deserializer built is a model through and through already."""
        if isinstance(data, Model) and type(data).__name__ == data_type:
            kwargs.setdefault("is_xml", False)
            if self.client_side_validation:
                return super().body(data, data_type, **kwargs)
            return self._serialize(data, data_type, **kwargs)
        return super().body(data, data_type, **kwargs)


def _prepared(client: ConnectorClient, sessions: SessionOwner) -> ConnectorClient:
    """Our serializer, and HTTP on aiohttp (see ``botframework_http``; no redirects there
    either: a 307 must not carry the reply and the token on)."""
    client.config.redirect_policy.allow = False
    use_aiohttp(client, sessions,
                anonymous_app_id=AuthenticationConstants.ANONYMOUS_SKILL_APP_ID)
    fast = _FastSerializer(client._serialize.dependencies)
    # msrest's client-side validation walks every outgoing activity against the schema's
    # constraints (~0.4 ms a reply); ours come from one writer and the connector validates.
    fast.client_side_validation = False
    client._serialize = fast
    client.conversations._serialize = fast
    client.attachments._serialize = fast
    return client


class _CachingConnectorFactory(ConnectorFactory):
    def __init__(self, owner: CachingBotFrameworkAuthentication, inner: ConnectorFactory,
                 app_id: str | None) -> None:
        self._owner = owner
        self._inner = inner
        self._app_id = app_id

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:
        self._owner.service_urls.check(service_url)
        key = (service_url, self._app_id, audience)
        clients = self._owner.connector_clients
        client = clients.get(key)
        if client is not None:
            clients.move_to_end(key)
            return client
        client = _prepared(await self._inner.create(service_url, audience),
                           self._owner.sessions)
        clients[key] = client
        while len(clients) > self._owner.max_clients:
            clients.popitem(last=False)  # the session closes when the client is collected
        return client


class CachingBotFrameworkAuthentication(BotFrameworkAuthentication):
    """Delegates everything; reuses connector and user-token clients between turns."""

    def __init__(self, inner: BotFrameworkAuthentication, *,
                 service_urls: ServiceUrlPolicy | None = None,
                 max_clients: int = MAX_CACHED_CLIENTS) -> None:
        self._inner = inner
        self.service_urls = service_urls or ServiceUrlPolicy(authenticated=False)
        self.max_clients = max_clients
        self.connector_clients: OrderedDict[tuple[str, str | None, str | None],
                                            ConnectorClient] = OrderedDict()
        self._token_clients: dict[str | None, UserTokenClient] = {}
        #: The one HTTP session of every cached connector client.
        self.sessions = SessionOwner()

    async def authenticate_request(self, activity: Activity,
                                   auth_header: str) -> AuthenticateRequestResult:
        try:
            result = await self._inner.authenticate_request(activity, auth_header)
        except (PermissionError, auth_keys.SigningKeysUnavailableError):
            raise
        except Exception as exc:  # e.g. a token that is not even a JWT: still "unauthorized"
            log.warning("event=authentication_failed %s", kv(error=type(exc).__name__))
            raise PermissionError("the request could not be authenticated") from exc
        if result.connector_factory is not None:
            result.connector_factory = _CachingConnectorFactory(
                self, result.connector_factory, _app_id(result.claims_identity))
        return result

    async def authenticate_streaming_request(self, auth_header: str,
                                             channel_id_header: str) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _CachingConnectorFactory(
            self, self._inner.create_connector_factory(claims_identity), _app_id(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        app_id = _app_id(claims_identity)
        client = self._token_clients.get(app_id)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            if len(self._token_clients) < 16:
                self._token_clients[app_id] = client
        return client

    def create_bot_framework_client(self) -> Any:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)

    async def close(self) -> None:
        clients = list(self.connector_clients.values())
        self.connector_clients.clear()
        self._token_clients.clear()
        for client in clients:
            try:
                await client.__aexit__(None, None, None)  # closes its requests.Session
            except Exception:  # closing is best effort
                log.debug("event=connector_close_failed", exc_info=True)
        await self.sessions.close()


def make_on_turn_error(conversations: ConversationStore | None):
    """``adapter.on_turn_error``: log (no texts), repair corrupt state, apologise."""

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        activity = context.activity
        await handle_turn_failure(
            error, responded=context.responded, conversations=conversations,
            state_key=state_key(activity),
            say=context.send_activity, apologise=lambda: _apologise(context),
            activity_type=activity.type, channel=activity.channel_id)

    return on_turn_error


async def _apologise(context: TurnContext) -> None:
    activity = context.activity
    if activity.type == ActivityTypes.message:
        await context.send_activity(APOLOGY)
    elif activity.type == ActivityTypes.invoke:
        # Universal Actions show an error body; other invokes get an empty 200, never a 5xx.
        # (The body must be an msrest model: CloudAdapter serializes it with msrest.)
        body = None
        if activity.name == "adaptiveCard/action":
            error = outgoing.action_error(500, "InternalError", APOLOGY)
            body = AdaptiveCardInvokeResponse(
                status_code=error["statusCode"], type=error["type"], value=error["value"])
        await context.send_activity(Activity(
            type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body)))


class _PreSerialized(Model):
    """An invoke body that is already a plain dict, passed through msrest unchanged."""

    _attribute_map = {"additional_properties": {"key": "", "type": "{object}"}}

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.additional_properties = data


class BlendbotCloudAdapter(CloudAdapter):
    """CloudAdapter with two SDK bugs of botbuilder 4.17 worked around, in one place.

    - ``ActivityHandler`` serializes a handler's invoke result (messaging extension query,
      ``adaptiveCard/action``) to a dict, and ``CloudAdapter.process`` serializes that body
      once more with msrest, which fails on a dict (``'dict' object has no attribute
      'is_xml_model'``): Teams would get an empty 200. Dict bodies are passed through as is.
    - A malformed ``adaptiveCard/action`` is answered with an ``AdaptiveCardInvokeResponse``
      whose ``value`` is an ``Exception`` object, which msrest cannot serialize either. Such
      values become ``{"code": ..., "message": ...}``.
    """

    async def process_json(self, request: Request, data: dict[str, Any], bot: Bot
                           ) -> web.Response:
        """``process(request, bot)`` for a body the app has read and checked already: the
        same steps without parsing it again, and read by one cached deserializer."""
        activity = activity_of(data)
        if not activity.type:
            raise web.HTTPBadRequest
        try:
            invoke_response = await self.process_activity(
                request.headers.get("Authorization", ""), activity, bot.on_turn)
        except PermissionError as exc:
            raise web.HTTPUnauthorized from exc
        if invoke_response:
            return web.json_response(data=serializer_helper(invoke_response.body),
                                     status=invoke_response.status)
        return web.Response(status=201)

    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        result = super()._process_turn_results(context)
        body = getattr(result, "body", None)
        if isinstance(body, AdaptiveCardInvokeResponse) and isinstance(body.value, Exception):
            parts = [str(arg) for arg in body.value.args] + ["Error", ""]
            body.value = {"code": parts[0], "message": parts[1]}
        elif isinstance(body, dict):
            result.body = _PreSerialized(body)
        return result


def create_adapter(settings: Settings,
                   conversations: ConversationStore | None = None) -> CloudAdapter:
    """A CloudAdapter authenticated from ``settings``, with client reuse and error handler."""
    auth_keys.install()
    auth = CachingBotFrameworkAuthentication(
        ConfigurationBotFrameworkAuthentication(BotConfig.from_settings(settings)),
        service_urls=ServiceUrlPolicy.from_settings(settings))
    adapter = BlendbotCloudAdapter(auth)
    adapter.on_turn_error = make_on_turn_error(conversations)
    return adapter


async def close_adapter(adapter: CloudAdapter) -> None:
    auth = adapter.bot_framework_authentication
    if isinstance(auth, CachingBotFrameworkAuthentication):
        await auth.close()
