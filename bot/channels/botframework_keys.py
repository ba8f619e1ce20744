"""The token issuers' signing keys: fetched off the event loop, with a timeout, and cached.

botframework-connector 4.17 (``jwt_token_extractor._OpenIdMetadata``) fetches the OpenID
metadata and the signing keys with a blocking ``requests.get`` without a timeout, on the
event loop, and does not remember a failure: while the key endpoint hangs, one request
with any token freezes every endpoint of the server. :func:`install` replaces the SDK's
per-URL metadata object (``JwtTokenExtractor.get_open_id_metadata``) with :class:`KeySet`:

- keys are fetched with aiohttp (``FETCH_TIMEOUT`` for metadata and keys together), one
  fetch at a time per URL however many requests wait for it;
- the last good set is kept; after ``REFRESH_AFTER`` it is refreshed in the background
  while requests go on using it;
- with no good set yet, a request waits at most ``FETCH_TIMEOUT`` and then gets
  :class:`SigningKeysUnavailableError` (the app answers 503); for ``RETRY_AFTER_FAILURE``
  after a failed fetch requests fail at once instead of starting another fetch;
- a token naming an unknown key id triggers at most one refresh per ``UNKNOWN_KEY_REFRESH``
  (the issuer rotated its keys) and is otherwise refused as unauthorized.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from botframework.connector.auth import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm

from bot.logging_setup import exception_summary, kv

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 5.0
REFRESH_AFTER = 12 * 3600.0
RETRY_AFTER_FAILURE = 5.0
UNKNOWN_KEY_REFRESH = 300.0
MAX_DOCUMENT_BYTES = 1024 * 1024


class SigningKeysUnavailableError(Exception):
    """The issuer's signing keys could not be fetched in time: the token cannot be checked."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """What the SDK's token extractor reads from a key (its ``_OpenIdConfig``)."""

    public_key: Any
    endorsements: list[str]


def _parse_keys(document: Any) -> dict[str, SigningKey]:
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise ValueError("signing key document has no 'keys' list")
    parsed: dict[str, SigningKey] = {}
    for jwk in keys:
        if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
            continue
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
        except Exception:  # one unusable key must not discard the others
            log.warning("event=signing_key_skipped %s", kv(kid=jwk["kid"][:60]))
            continue
        endorsements = jwk.get("endorsements")
        parsed[jwk["kid"]] = SigningKey(
            public_key, [e for e in endorsements if isinstance(e, str)]
            if isinstance(endorsements, list) else [])
    if not parsed:
        raise ValueError("signing key document has no usable key")
    return parsed


async def _get_json(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as response:
        response.raise_for_status()
        body = await response.content.read(MAX_DOCUMENT_BYTES + 1)
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ValueError("document too large")
        return json.loads(body)


async def fetch_keys(metadata_url: str, timeout: float) -> dict[str, SigningKey]:
    """OpenID metadata -> ``jwks_uri`` -> parsed keys, all within ``timeout`` seconds."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        metadata = await _get_json(session, metadata_url)
        jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
        if not isinstance(jwks_uri, str):
            raise ValueError("OpenID metadata has no 'jwks_uri'")
        return _parse_keys(await _get_json(session, jwks_uri))


@dataclass
class KeySet:
    """The signing keys behind one OpenID metadata URL (one per URL, for the process)."""

    url: str
    keys: dict[str, SigningKey] | None = None
    fetched_at: float = 0.0
    attempted_at: float = float("-inf")
    failed_at: float = float("-inf")
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def get(self, key_id: str | None) -> SigningKey:
        """The key the token names; raises PermissionError for an unknown key id."""
        now = time.monotonic()
        if self.keys is None:
            await self._refresh_now()
        elif now - self.fetched_at > REFRESH_AFTER and now - self.failed_at > RETRY_AFTER_FAILURE:
            self._start_refresh()  # the current keys serve this request meanwhile
        assert self.keys is not None
        key = self.keys.get(key_id) if key_id else None
        if key is None and key_id and now - self.attempted_at > UNKNOWN_KEY_REFRESH:
            await self._refresh_now()  # keeps the known keys when it fails (no raise then)
            key = self.keys.get(key_id)
        if key is None:
            raise PermissionError("token signed with an unknown key")
        return key

    async def _refresh_now(self) -> None:
        if time.monotonic() - self.failed_at < RETRY_AFTER_FAILURE:
            if self.keys is None:
                raise SigningKeysUnavailableError(self.url)
            return
        task = self._start_refresh()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(task), FETCH_TIMEOUT)
        if self.keys is None:
            raise SigningKeysUnavailableError(self.url)

    def _start_refresh(self) -> asyncio.Task[None]:
        task = self._task
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            task = self._task = asyncio.get_running_loop().create_task(self._refresh())
        return task

    async def _refresh(self) -> None:
        self.attempted_at = time.monotonic()
        try:
            keys = await fetch_keys(self.url, FETCH_TIMEOUT)
        except Exception as exc:
            self.failed_at = time.monotonic()
            log.warning("event=signing_keys_unavailable %s", kv(
                error=exception_summary(exc), have_keys=self.keys is not None))
            return  # waiting requests see ``keys is None``; a background refresh just ends
        self.keys, self.fetched_at = keys, time.monotonic()
        log.info("event=signing_keys_refreshed %s", kv(keys=len(keys)))


_KEY_SETS: dict[str, KeySet] = {}


def key_set_for(metadata_url: str) -> KeySet:
    """The process's :class:`KeySet` for a metadata URL (the SDK asks per extractor)."""
    found = _KEY_SETS.get(metadata_url)
    if found is None:
        found = _KEY_SETS[metadata_url] = KeySet(metadata_url)
    return found


def install() -> None:
    """Make every SDK token extractor use :func:`key_set_for` (idempotent)."""
    JwtTokenExtractor.get_open_id_metadata = staticmethod(key_set_for)
