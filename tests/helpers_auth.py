"""Bot Framework authentication for tests: a local OpenID/signing-key endpoint and tokens.

``KeyEndpoint`` serves OpenID metadata and a JWKS on 127.0.0.1 from a thread (the SDK's own
fetch blocks, so it must not share the test's event loop). Its ``mode`` can be switched:
``"ok"``, ``"hang"`` (holds every request until released or ``hang_seconds`` pass) or
``"error"`` (HTTP 500). ``signing_keys(monkeypatch-free)`` points the SDK's channel metadata
URL at it for the duration of a test.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from botframework.connector.auth import ChannelValidation
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "11111111-2222-3333-4444-555555555555"
ISSUER = "https://api.botframework.com"
KEY_ID = "test-key"


class KeyEndpoint:
    """OpenID metadata (``/openid``) and signing keys (``/keys``) on 127.0.0.1."""

    def __init__(self, public_jwk: dict[str, Any], *, hang_seconds: float = 20.0) -> None:
        self.keys = {"keys": [public_jwk]}
        self.mode = "ok"
        self.hits = 0
        self.hang_seconds = hang_seconds
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                outer.hits += 1
                if outer.mode == "hang":
                    outer.release.wait(outer.hang_seconds)
                if outer.mode == "error":
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                payload = outer.keys if self.path.endswith("/keys") else {
                    "issuer": ISSUER, "jwks_uri": f"{outer.base}/keys"}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/openid"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str = KEY_ID) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "endorsements": ["msteams"]})
    return jwk


@contextmanager
def key_endpoint(trusted: rsa.RSAPrivateKey, **kwargs: Any) -> Iterator[KeyEndpoint]:
    """A :class:`KeyEndpoint` for ``trusted``, used by the SDK for channel tokens."""
    endpoint = KeyEndpoint(public_jwk(trusted), **kwargs)
    old = ChannelValidation.open_id_metadata_endpoint
    ChannelValidation.open_id_metadata_endpoint = endpoint.metadata_url
    agents_keys = _agents_jwks_uris()  # the Agents SDK reads the keys' URL from a table
    old_agents = agents_keys.get(ISSUER) if agents_keys is not None else None
    if agents_keys is not None:
        agents_keys[ISSUER] = f"{endpoint.base}/keys"
    try:
        yield endpoint
    finally:
        ChannelValidation.open_id_metadata_endpoint = old
        if agents_keys is not None and old_agents is not None:
            agents_keys[ISSUER] = old_agents
        endpoint.close()


def _agents_jwks_uris() -> dict[str, str] | None:
    try:
        from microsoft_agents.hosting.core.authorization import _entra_issuers
    except ImportError:
        return None
    return _entra_issuers.BOTFRAMEWORK_JWKS_URIS


def token(key: Any, service_url: str, *, kid: str = KEY_ID, **claims: Any) -> str:
    """A channel token for :data:`APP_ID` naming ``service_url``, signed with ``key``."""
    now = int(time.time())
    body = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10,
            "iat": now - 10, "exp": now + 600, **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


#: Ways a request's Authorization header can be wrong (:func:`bad_auth_header`).
BAD_AUTH_CASES = ("missing", "not_a_jwt", "wrong_key", "expired", "other_service_url",
                  "other_app", "foreign_issuer")


def bad_auth_header(case: str, signing: dict[str, Any], service_url: str) -> str | None:
    """The Authorization header of one of :data:`BAD_AUTH_CASES` (None: no header)."""
    trusted = signing["trusted"]
    return {
        "missing": None,
        "not_a_jwt": "Bearer definitely.not.a-token",
        "wrong_key": f"Bearer {token(signing['other'], service_url)}",
        "expired": f"Bearer {token(trusted, service_url, exp=int(time.time()) - 3600)}",
        "other_service_url": f"Bearer {token(trusted, 'https://evil.example/')}",
        "other_app": f"Bearer {token(trusted, service_url, aud='someone-else')}",
        "foreign_issuer": f"Bearer {token(trusted, service_url, iss='https://evil.example')}",
    }[case]
