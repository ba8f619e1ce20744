"""The Bot Connector client's HTTP on aiohttp, in the event loop, instead of ``requests``.

Why: botbuilder 4.17's ``ConnectorClient`` sends through msrest's ``requests`` sender, which
runs every reply in a thread-pool thread (a thread hand-over, a blocking socket, a netrc
lookup per request): about 1.5 ms of CPU per reply and GIL contention with the turns. This
module gives the same client an msrest pipeline whose sender is one shared
``aiohttp.ClientSession``. The client, its operations and its serializer stay the SDK's.

What the ``requests`` sender did and this one keeps: the bearer token of the client's
credentials (none without an app id), msrest's retries (three more tries on 408, 429 and
5xx, honouring ``Retry-After``), its timeout, no redirects (a 307 must not carry the reply
and the token elsewhere), proxies from the environment.
"""

from __future__ import annotations

import asyncio
import os
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
from msrest.pipeline import AsyncHTTPSender, AsyncPipeline, Request, Response, SansIOHTTPPolicy
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http.aiohttp import AioHttpClientResponse
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
)

#: The status codes msrest's ``ClientRetryPolicy`` retries.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 10.0


class BearerToken(SansIOHTTPPolicy):
    """The ``Authorization`` header ``AppCredentials.signed_session`` would set."""

    def __init__(self, credentials: Any, anonymous_app_id: str) -> None:
        self.credentials = credentials
        self.anonymous_app_id = anonymous_app_id

    def on_request(self, request: Request, **kwargs: Any) -> None:
        app_id = getattr(self.credentials, "microsoft_app_id", None)
        headers = request.http_request.headers
        if app_id and app_id != self.anonymous_app_id:
            headers["Authorization"] = f"Bearer {self.credentials.get_access_token()}"
        else:
            headers.pop("Authorization", None)


def _retry_after(response: AioHttpClientResponse) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return min(float(value), MAX_RETRY_AFTER_S) if value is not None else None
    except ValueError:
        return None


class AiohttpSender(AsyncHTTPSender):
    """Sends a pipeline's request on a shared session (opened on first use, in the loop)."""

    def __init__(self, owner: SessionOwner, timeout_s: float) -> None:
        self.owner = owner
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None  # the session belongs to the owner

    async def _once(self, request: Request) -> AioHttpClientResponse:
        http = request.http_request
        headers = {k: v for k, v in http.headers.items() if k.lower() != "content-length"}
        async with self.owner.session().request(
                http.method, http.url, headers=headers, data=http.data,
                allow_redirects=False, timeout=self.timeout) as raw:
            response = AioHttpClientResponse(http, raw)
            await response.load_body()
        return response

    async def send(self, request: Request, **config: Any) -> Response:
        # The first try runs without the retry machinery (~35 us a call): nearly every
        # reply is taken at once.
        try:
            first: AioHttpClientResponse | None = await self._once(request)
        except aiohttp.ClientConnectorError:
            first = None
        if first is not None and first.status_code not in RETRY_STATUS:
            return Response(request, first)
        after = _retry_after(first) if first is not None else None
        await asyncio.sleep(after if after is not None else FIRST_BACKOFF_S)
        return Response(request, await _RETRYING(self._once, request))


FIRST_BACKOFF_S = 0.8
_backoff = wait_exponential(multiplier=2 * FIRST_BACKOFF_S, max=8)  # 1.6 s, 3.2 s


def _wait(state: RetryCallState) -> float:
    """``Retry-After`` when the connector sent one, else msrest's exponential back-off."""
    outcome = state.outcome
    after = _retry_after(outcome.result()) if outcome is not None and not outcome.failed \
        else None
    return after if after is not None else _backoff(state)


#: After a first try, three more on a retryable status or a refused connection; the last
#: try's response goes back as it is (the SDK raises on it).
_RETRYING = AsyncRetrying(
    retry=retry_if_result(lambda r: r.status_code in RETRY_STATUS)
    | retry_if_exception_type(aiohttp.ClientConnectorError),
    stop=stop_after_attempt(3), wait=_wait, reraise=True,
    retry_error_callback=lambda state: state.outcome.result())


def environment_configures_http() -> bool:
    """Whether aiohttp's ``trust_env`` would find anything: a proxy for the schemes it
    proxies, or a netrc file. With ``trust_env`` every request looks both up again in a
    worker thread (two thread hand-overs a reply); without either there is nothing to find."""
    if any(scheme in ("http", "https", "ws", "wss") for scheme in urllib.request.getproxies()):
        return True
    if os.environ.get("NETRC") is not None:
        return True
    try:
        return (Path.home() / ("_netrc" if os.name == "nt" else ".netrc")).exists()
    except (RuntimeError, OSError):  # no home directory: aiohttp finds no netrc either
        return False


class SessionOwner:
    """One ``aiohttp.ClientSession`` for every cached connector client; ``close()`` at the end.

    Proxies and netrc come from the environment as ``requests`` took them; whether the
    environment has any is looked at when the session opens."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(trust_env=environment_configures_http())
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def use_aiohttp(client: Any, owner: SessionOwner, *, anonymous_app_id: str) -> None:
    """Give an msrest ``ServiceClientAsync`` (the ``ConnectorClient``) our pipeline;
    credentials whose app id is empty or ``anonymous_app_id`` send no token."""
    config = client.config
    policies: list[Any] = [config.user_agent_policy]
    if config.credentials is not None:
        policies.append(BearerToken(config.credentials, anonymous_app_id))
    policies += [RawDeserializer(), config.http_logger_policy]
    config.pipeline = AsyncPipeline(policies, AiohttpSender(owner, config.connection.timeout))
