"""The aiohttp application: ``POST /api/messages`` (Bot Framework) and ``GET /healthz``.

No module-level singletons: ``create_app(settings)`` builds everything; services, adapter and
bot are created in the app's ``cleanup_ctx`` and stored under typed ``web.AppKey``s.

``/api/messages`` never answers Teams with a 5xx for its own faults: a request that is the
problem gets a 4xx (415 not JSON, 413 too big, 400 broken or too deeply nested JSON, not an
activity or a ``serviceUrl`` we may not post to, 401 bad authentication), with nothing
processed; a failure inside a turn is logged, apologised for by ``on_turn_error`` and
answered with 200. The one 5xx: 503 (``Retry-After``) while the token issuer's signing keys
cannot be fetched, because then the token is neither known good nor known bad (a 401 would
tell the channel its credentials are wrong, and nothing is retried).

Every response, aiohttp's own 404/405 included, carries ``X-Content-Type-Options: nosniff``
and is counted in the app's metrics by its route's canonical path (``GET /metrics``, where
``BLENDBOT_METRICS`` allows it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.channels.botframework_adapter import close_adapter, create_adapter
from bot.channels.botframework_bot import BlendBot, WatchedBot
from bot.channels.botframework_keys import SigningKeysUnavailableError
from bot.keys import (
    ADAPTER_KEY,
    AGENTS_KEY,
    BOT_KEY,
    METRICS_KEY,
    POLICY_KEY,
    SERVICES_KEY,
    SETTINGS_KEY,
)
from bot.logging_setup import PathOnlyAccessLogger, configure_logging, exception_summary, kv
from bot.metrics import CONTENT_TYPE, EXTRAS_KEY, UNMATCHED, Metrics, access_status
from bot.retention import retention_ctx
from bot.safe_json import TooDeepError, loads_bounded
from bot.service_urls import InvalidServiceUrlError, ServiceUrlPolicy
from bot.services import BotServices, StartupError, open_services
from bot.settings import Settings
from bot.slack.routes import add_routes as add_slack_routes
from bot.tips.app_hook import tips_ctx
from bot.web import pages
from dialogs.results import results_for

if TYPE_CHECKING:
    from botbuilder.core import Bot

log = logging.getLogger(__name__)

BotFactory = Callable[[BotServices], "Bot"]

#: Seconds a channel should wait before retrying while signing keys are unavailable.
KEYS_RETRY_AFTER = 5

def default_bot_factory(services: BotServices) -> Bot:
    return BlendBot(services)


def services_of(request: web.Request) -> BotServices:
    """The running app's services (for other route modules)."""
    return request.app[SERVICES_KEY]


def create_app(
    settings: Settings,
    *,
    services: BotServices | None = None,
    bot_factory: BotFactory | None = None,
) -> web.Application:
    """Build the app. Pass ``services`` to reuse ready ones (tests); they are not closed."""
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS_KEY] = settings
    app[POLICY_KEY] = ServiceUrlPolicy.from_settings(settings)
    app[METRICS_KEY] = Metrics()  # per app: no process-wide registry
    app.middlewares.append(_count_requests)
    app.on_response_prepare.append(_no_sniffing)
    app.cleanup_ctx.append(_lifecycle(settings, services, bot_factory or default_bot_factory))
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    if settings.metrics != "off":
        app.router.add_get("/metrics", metrics_page)
    app.router.add_get(r"/charts/readiness/{result_id:\d{1,18}}.png", readiness_chart)
    pages.add_routes(app, services_of)
    app.cleanup_ctx.append(retention_ctx(SERVICES_KEY))
    app.cleanup_ctx.append(tips_ctx)
    add_slack_routes(app, settings.slack_enabled)  # POST /api/slack, only when configured
    return app


def _lifecycle(
    settings: Settings, services: BotServices | None, bot_factory: BotFactory
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            ready = services or await stack.enter_async_context(open_services(settings))
            try:
                adapter = create_adapter(settings, ready.conversations)
            except Exception as exc:  # the SDK raises bare Exceptions for missing credentials
                raise StartupError(f"the Bot Framework settings are invalid: {exc}") from exc
            stack.push_async_callback(close_adapter, adapter)
            stack.callback(_use_metrics(ready, app[METRICS_KEY]))
            app[SERVICES_KEY] = ready
            app[ADAPTER_KEY] = adapter
            app[BOT_KEY] = bot_factory(ready)
            if settings.teams_sdk == "agents":
                app[AGENTS_KEY] = _agents_endpoint(settings, ready, app[BOT_KEY])
                app[AGENTS_KEY].install(app)
            if not settings.authentication_enabled:
                log.warning(
                    "event=authentication_disabled reason=no_MicrosoftAppId "
                    "detail=\"anyone who can reach /api/messages can talk to the bot; "
                    "set MicrosoftAppId/MicrosoftAppPassword in production\""
                )
            yield

    return lifecycle


def _agents_endpoint(settings: Settings, services: BotServices, bot: Any) -> Any:
    """The Agents SDK endpoint around the bot's router (BLENDBOT_TEAMS_SDK=agents)."""
    try:
        from bot.agents.endpoint import AgentsEndpoint
    except ImportError as exc:
        raise StartupError("BLENDBOT_TEAMS_SDK=agents needs the Microsoft 365 Agents SDK: "
                           "pip install -e '.[agents]'") from exc
    from bot.router import Router

    router = getattr(bot, "router", None)
    try:
        return AgentsEndpoint(settings, services,
                              router if isinstance(router, Router) else Router(services))
    except Exception as exc:  # the SDK raises bare errors for incomplete credentials
        raise StartupError(f"the Agents SDK settings are invalid: {exc}") from exc


def _use_metrics(services: BotServices, metrics: Metrics) -> Callable[[], None]:
    """Let the features count into this app's metrics; returns the undo (services passed
    in by a test outlive the app)."""
    before = services.extras.get(EXTRAS_KEY)
    services.extras[EXTRAS_KEY] = metrics
    unwatch = metrics.watch_database(services.database.engine)

    def undo() -> None:
        unwatch()
        if before is None:
            services.extras.pop(EXTRAS_KEY, None)
        else:
            services.extras[EXTRAS_KEY] = before

    return undo


@web.middleware
async def _count_requests(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Count and time every request by its route's canonical path (never the raw URL)."""
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else UNMATCHED
    started, status = time.perf_counter(), 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = 499  # the client went away (nginx's code): not a server error
        raise
    finally:
        request.app[METRICS_KEY].request(route, request.method, status,
                                         time.perf_counter() - started)


async def metrics_page(request: web.Request) -> web.Response:
    """Prometheus exposition, for whom ``BLENDBOT_METRICS`` allows (404/401 otherwise)."""
    denied = access_status(request.app[SETTINGS_KEY].metrics, request.remote, request.headers)
    if denied == 401:
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    if denied is not None:
        raise web.HTTPNotFound()
    return web.Response(body=request.app[METRICS_KEY].render(),
                        headers={"Content-Type": CONTENT_TYPE, "Cache-Control": "no-store"})


def _problem(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    if request.content_type != "application/json":
        return _problem(415, "content type must be application/json")
    body = await request.read()  # raises 413 beyond client_max_size
    try:
        data = loads_bounded(body.decode(request.charset or "utf-8"))
    except TooDeepError:
        return _problem(400, "JSON is nested too deeply")
    except (UnicodeDecodeError, LookupError, ValueError):
        return _problem(400, "body is not valid JSON")
    problem = _activity_problem(data) or _service_url_problem(request.app[POLICY_KEY], data)
    if problem:
        return _problem(400, problem)

    watched = WatchedBot(request.app[BOT_KEY])
    agents = request.app.get(AGENTS_KEY)
    try:
        if agents is not None:
            response = await agents.process(request, data)
        else:
            response = await request.app[ADAPTER_KEY].process_json(request, data, watched)
    except web.HTTPUnauthorized:
        log.warning("event=request_rejected status=401 reason=authentication")
        return _problem(401, "unauthorized")
    except SigningKeysUnavailableError:
        log.warning("event=request_deferred status=503 reason=signing_keys_unavailable")
        response = _problem(503, "token signing keys unavailable, retry later")
        response.headers["Retry-After"] = str(KEYS_RETRY_AFTER)
        return response
    except web.HTTPException as exc:
        log.warning("event=request_rejected %s", kv(status=exc.status, reason=exc.reason))
        return _problem(exc.status, exc.reason)
    except Exception as exc:
        # botbuilder: on_turn_error already logged and apologised (or failed to). The Agents
        # SDK gets its token before the turn: a failure there is ours, not the request's.
        if watched.started or agents is not None:
            log.error("event=turn_failed %s", kv(
                error=exception_summary(exc), **_protocol_fields(data)))
            return web.Response(status=200)
        reason = "invalid serviceUrl" if isinstance(exc, InvalidServiceUrlError) else (
            "activity could not be read")
        log.warning("event=request_rejected %s", kv(
            status=400, reason=reason, error=exception_summary(exc)))
        return _problem(400, reason)
    return _normalise(response, data)


def _activity_problem(data: Any) -> str | None:
    """Why this JSON is not an activity we can answer (Bot Framework always sends these)."""
    if not isinstance(data, dict):
        return "body is not an activity (a JSON object)"
    if not isinstance(data.get("type"), str) or not data["type"]:
        return "activity has no 'type'"
    if not isinstance(data.get("channelId"), str) or not data["channelId"]:
        return "activity has no 'channelId'"
    conversation = data.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str) or (
            not conversation["id"]):
        return "activity has no 'conversation.id'"
    return None


def _service_url_problem(policy: ServiceUrlPolicy, data: dict[str, Any]) -> str | None:
    """Why we may not post replies to this activity's ``serviceUrl`` (nothing is sent then)."""
    try:
        policy.check(data.get("serviceUrl"))
    except InvalidServiceUrlError as exc:
        log.warning("event=request_rejected %s", kv(status=400, reason=str(exc)))
        return f"invalid serviceUrl: {exc}"
    return None


async def _no_sniffing(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")


def _protocol_fields(data: dict[str, Any]) -> dict[str, str]:
    """Activity type and invoke name for logs (protocol values, clipped; never texts)."""
    return {key: value[:60] if isinstance(value, str) else "-"
            for key, value in (("activity_type", data.get("type")), ("name", data.get("name")))}


def _normalise(response: web.Response | None, data: dict[str, Any]) -> web.StreamResponse:
    if response is None or response.status in (201, 202):  # botbuilder 201, Agents SDK 202
        return web.Response(status=200)
    if response.status >= 500:  # e.g. 501 for an invoke we do not handle
        log.info("event=invoke_unhandled %s", kv(
            sdk_status=response.status, **_protocol_fields(data)))
        return web.Response(status=200)
    return response


async def readiness_chart(request: web.Request) -> web.Response:
    """A stored readiness result's radar chart; 404 unless the id and its key ``k`` match."""
    results = results_for(request.app[SERVICES_KEY])
    key, result_id = request.query.get("k", ""), int(request.match_info["result_id"])
    png = await results.chart_for(result_id, key) if results is not None else None
    if png is None:
        raise web.HTTPNotFound()
    return web.Response(body=png, content_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})


async def healthz(request: web.Request) -> web.Response:
    services = request.app.get(SERVICES_KEY)
    if services is None or not services.ready:
        return web.json_response({"status": "unavailable"}, status=503)
    return web.json_response({"status": "ok", "cards": len(services.knowledge.cards)})


def run_app(settings: Settings) -> None:
    """Serve until interrupted; a :class:`StartupError` propagates to the caller."""
    configure_logging(settings)
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log_class=PathOnlyAccessLogger,
        print=lambda line: log.info("event=listening %s", kv(detail=line.strip())),
    )
