"""Which ``serviceUrl`` may the bot post its replies to?

The caller names the ``serviceUrl`` of an activity, and every reply (with the bot's token,
when there is an app id) goes there. Without this check the bot posts wherever it is told.

- Without an app id (local development) only loopback hosts are accepted.
- With an app id also the hosts of the Bot Framework channels (``BLENDBOT_SERVICE_URL_HOSTS``;
  ``*.example.com`` matches every subdomain), over https. Loopback stays allowed, as in
  Microsoft's Teams SDK (the Emulator); a real channel's token never names it.
- Never a URL with userinfo (``user:pw@host``): the HTTP client would turn it into a
  Basic ``Authorization`` header.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

#: The channels' connector hosts, as Microsoft's Teams SDK lists them per cloud (public,
#: GCC, GCC High, DoD, 21Vianet), plus the other Bot Framework channels (Web Chat,
#: Direct Line, ...) under botframework.com.
DEFAULT_SERVICE_URL_HOSTS = (
    "smba.trafficmanager.net",
    "smba.onyx.prod.teams.trafficmanager.net",
    "smba.infra.gcc.teams.microsoft.com",
    "smba.infra.gov.teams.microsoft.us",
    "smba.infra.dod.teams.microsoft.us",
    "frontend.botapi.msg.infra.teams.microsoftonline.cn",
    "*.botframework.com",
)


class InvalidServiceUrlError(ValueError):
    """The activity's ``serviceUrl`` is not one we may answer."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_hosts(value: str) -> tuple[str, ...]:
    """``"a.example, *.b.example"`` -> lower-case patterns, blanks dropped."""
    return tuple(part.strip().lower().rstrip(".") for part in value.split(",") if part.strip())


def _host_matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern


@dataclass(frozen=True)
class ServiceUrlPolicy:
    """``authenticated``: an app id is set; ``hosts``: the allow-list that then applies."""

    authenticated: bool
    hosts: tuple[str, ...] = DEFAULT_SERVICE_URL_HOSTS

    @classmethod
    def from_settings(cls, settings: Any) -> ServiceUrlPolicy:
        return cls(bool(settings.app_id), parse_hosts(settings.service_url_hosts))

    def check(self, service_url: Any) -> str:
        """``service_url`` unchanged, or :class:`InvalidServiceUrlError` saying why not."""
        if not isinstance(service_url, str) or not service_url:
            raise InvalidServiceUrlError("serviceUrl is missing")
        try:
            parts = urlsplit(service_url)
            host = (parts.hostname or "").rstrip(".")
            parts.port  # noqa: B018 (raises ValueError for a malformed port)
        except ValueError:
            raise InvalidServiceUrlError("serviceUrl is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise InvalidServiceUrlError("serviceUrl is not an http(s) URL")
        if parts.username is not None or parts.password is not None or "@" in parts.netloc:
            raise InvalidServiceUrlError("serviceUrl must not contain user information")
        if is_loopback(host):
            return service_url
        if not self.authenticated:
            raise InvalidServiceUrlError(
                "serviceUrl must be a loopback address without MicrosoftAppId")
        if parts.scheme != "https":
            raise InvalidServiceUrlError("serviceUrl must use https")
        if not any(_host_matches(host, pattern) for pattern in self.hosts):
            raise InvalidServiceUrlError("serviceUrl host is not an allowed channel host")
        return service_url
