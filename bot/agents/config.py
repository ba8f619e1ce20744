"""The Agents SDK's authentication, from the same four Bot Framework variables.

``MicrosoftAppId`` / ``MicrosoftAppPassword`` / ``MicrosoftAppTenantId`` become the client id,
secret and tenant of the SDK's one service connection. ``MicrosoftAppType=UserAssignedMSI``
is a user-assigned managed identity: the app id is the identity's client id and there is no
secret to store or rotate. Without an app id (local development) requests without a token
are let in, as on the botbuilder adapter.

Two checks botbuilder makes and the SDK leaves off are made here too: the token's issuer must
be one of the connection's (``validate_issuer``), and its ``serviceurl`` claim must be the
activity's ``serviceUrl`` (:mod:`bot.agents.endpoint`).
"""

from __future__ import annotations

from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, AuthTypes

from bot.settings import Settings

#: The connection name the SDK looks up by default.
SERVICE_CONNECTION = "SERVICE_CONNECTION"
MULTI_TENANT_AUTHORITY = "botframework.com"
_AUTH_TYPES = {"MultiTenant": AuthTypes.client_secret, "SingleTenant": AuthTypes.client_secret,
               "UserAssignedMSI": AuthTypes.user_managed_identity}


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    if not settings.app_id:
        return AgentAuthConfiguration(anonymous_allowed=True)
    return AgentAuthConfiguration(
        auth_type=_AUTH_TYPES[settings.app_type],
        client_id=settings.app_id,
        # a multi-tenant app's tokens come from the Bot Framework tenant
        tenant_id=settings.app_tenant_id or (
            MULTI_TENANT_AUTHORITY if settings.app_type == "MultiTenant" else None),
        client_secret=settings.app_password or None,
        connection_name=SERVICE_CONNECTION,
        anonymous_allowed=False,
        # Off by default in the SDK: a token of any issuer whose key it finds would pass.
        validate_issuer=True,
    )


def connection_manager(config: AgentAuthConfiguration) -> MsalConnectionManager:
    return MsalConnectionManager(connections_configurations={SERVICE_CONNECTION: config})
