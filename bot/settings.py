"""One settings object, read once from the environment (and an optional ``.env`` file).

The Bot Framework credentials keep their standard names (``MicrosoftAppId`` ...), everything
of our own starts with ``BLENDBOT_``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.service_urls import DEFAULT_SERVICE_URL_HOSTS

DEFAULT_DATABASE_URL = "sqlite:///blendbot.sqlite3"
#: App types whose token is issued by one tenant, so the SDK needs that tenant's id.
TENANT_APP_TYPES = frozenset({"SingleTenant", "UserAssignedMSI"})


class DeliverySettings(BaseSettings):
    """Tunables of the weekly tip delivery, from ``BLENDBOT_TIP_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="BLENDBOT_TIP_", extra="ignore")

    concurrency: int = Field(8, ge=1, le=256)
    tenant_rate: float = Field(40.0, gt=0, description="messages/s per tenant (Teams: 50)")
    tenant_burst: float = Field(10.0, ge=1)
    conversation_rate: float = Field(1.0, gt=0, description="messages/s per conversation")
    conversation_burst: float = Field(3.0, ge=1)
    attempts: int = Field(5, ge=1, description="send attempts within one run")
    max_claims: int = Field(5, ge=1, description="runs that may try one delivery")
    backoff_initial: float = Field(1.0, ge=0)
    backoff_max: float = Field(60.0, ge=0)
    jitter: float = Field(1.0, ge=0)
    send_timeout: float = Field(30.0, gt=0)
    lock_ttl: float = Field(120.0, gt=0, description="seconds; renewed every third of it")
    catch_up_interval: float = Field(
        180.0, gt=0, description="seconds between checks for an interrupted week's run")
    page_size: int = Field(500, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
        hide_input_in_errors=True,  # a mistyped value may be a secret (password, token)
    )

    # Bot Framework (standard names). Empty app id = local development without authentication.
    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    # SingleTenant by default: Azure creates no new multi-tenant bots since 31 July 2025.
    app_type: str = Field(
        "SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )

    teams_sdk: str = Field(
        "botbuilder", validation_alias=AliasChoices("BLENDBOT_TEAMS_SDK", "teams_sdk"),
        description="Which SDK serves /api/messages: botbuilder (Bot Framework, archived) "
                    "or agents (Microsoft 365 Agents SDK; pip install -e '.[agents]').")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("BLENDBOT_DATABASE_URL", "database_url"),
    )
    host: str = Field("127.0.0.1", validation_alias=AliasChoices("BLENDBOT_HOST", "host"))
    allow_anonymous: bool = Field(
        False,
        validation_alias=AliasChoices("BLENDBOT_ALLOW_ANONYMOUS", "allow_anonymous"),
        description="Serve without MicrosoftAppId on a non-loopback address (demos only).",
    )
    service_url_hosts: str = Field(
        ",".join(DEFAULT_SERVICE_URL_HOSTS),
        validation_alias=AliasChoices("BLENDBOT_SERVICE_URL_HOSTS", "service_url_hosts"),
        description="Comma-separated hosts (``*.`` for subdomains) replies may go to "
                    "when MicrosoftAppId is set; loopback is always allowed.",
    )
    port: int = Field(3978, validation_alias=AliasChoices("BLENDBOT_PORT", "PORT", "port"))
    public_url: str = Field(
        "http://localhost:3978",
        validation_alias=AliasChoices("BLENDBOT_PUBLIC_URL", "public_url"),
        description="Base URL where /kaarten/<id> and chart images are reachable.",
    )
    # The Teams app's developer block: the school that runs the bot. Empty URLs default to
    # this bot's own pages under public_url (card index, privacy statement, terms of use).
    developer_name: str = Field(
        "Blendbot", validation_alias=AliasChoices("BLENDBOT_DEVELOPER_NAME", "developer_name")
    )
    website_url: str = Field(
        "", validation_alias=AliasChoices("BLENDBOT_WEBSITE_URL", "website_url")
    )
    privacy_url: str = Field(
        "", validation_alias=AliasChoices("BLENDBOT_PRIVACY_URL", "privacy_url")
    )
    terms_url: str = Field("", validation_alias=AliasChoices("BLENDBOT_TERMS_URL", "terms_url"))
    max_body_bytes: int = Field(
        256 * 1024, validation_alias=AliasChoices("BLENDBOT_MAX_BODY_BYTES", "max_body_bytes")
    )
    max_text_chars: int = Field(
        4000, validation_alias=AliasChoices("BLENDBOT_MAX_TEXT_CHARS", "max_text_chars")
    )
    cache_dir: Path = Field(
        Path(".blendbot-cache"), validation_alias=AliasChoices("BLENDBOT_CACHE_DIR", "cache_dir")
    )
    train_path: Path | None = Field(
        None,
        validation_alias=AliasChoices("BLENDBOT_TRAIN_PATH", "train_path"),
        description="Classifier training lines (JSONL); default: the built-in training set.",
    )
    log_texts: bool = Field(
        False,
        validation_alias=AliasChoices("BLENDBOT_LOG_TEXTS", "log_texts"),
        description="Log teachers' message texts (off by default, for privacy).",
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("BLENDBOT_LOG_LEVEL"))

    # Weekly tips
    tip_schedule: str = Field(
        "0 9 * * 1", validation_alias=AliasChoices("BLENDBOT_TIP_SCHEDULE", "tip_schedule")
    )
    tip_delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    tip_timezone: str = Field(
        "Europe/Amsterdam", validation_alias=AliasChoices("BLENDBOT_TIP_TIMEZONE", "tip_timezone")
    )

    # DigiCoaches and insights
    digicoaches: str = Field(
        "",
        validation_alias=AliasChoices("BLENDBOT_DIGICOACHES", "digicoaches"),
        description="Comma-separated Azure AD object ids or Teams/Slack user ids.",
    )
    insights_token: str = Field(
        "", validation_alias=AliasChoices("BLENDBOT_INSIGHTS_TOKEN", "insights_token")
    )
    metrics: str = Field(
        "loopback",
        validation_alias=AliasChoices("BLENDBOT_METRICS", "metrics"),
        description="Who may GET /metrics: loopback (127.0.0.1/::1 only), "
                    "token:<secret> (Authorization: Bearer <secret>) or off.",
    )
    retention_days: int = Field(
        90, validation_alias=AliasChoices("BLENDBOT_RETENTION_DAYS", "retention_days")
    )

    # Slack (the /api/slack route is off unless both are set)
    slack_bot_token: str = Field("", validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_signing_secret: str = Field("", validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str = Field(
        "https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL")
    )

    @field_validator("app_id", "app_password", "app_tenant_id")
    @classmethod
    def _strip_credential(cls, value: str) -> str:
        return value.strip()

    @field_validator("app_type")
    @classmethod
    def _known_app_type(cls, value: str) -> str:
        allowed = {"multitenant": "MultiTenant", "singletenant": "SingleTenant",
                   "userassignedmsi": "UserAssignedMSI"}
        key = value.strip().lower()
        if key not in allowed:
            raise ValueError(f"MicrosoftAppType must be one of {', '.join(allowed.values())}")
        return allowed[key]

    @field_validator("teams_sdk")
    @classmethod
    def _known_teams_sdk(cls, value: str) -> str:
        sdk = value.strip().lower()
        if sdk not in ("botbuilder", "agents"):
            raise ValueError("BLENDBOT_TEAMS_SDK must be botbuilder or agents")
        return sdk

    @field_validator("metrics")
    @classmethod
    def _metrics_access(cls, value: str) -> str:
        """The message never repeats the value: it may be a mistyped secret."""
        mode = value.strip()
        if mode.lower() in ("loopback", "off"):
            return mode.lower()
        if mode[:6].lower() == "token:" and mode[6:].strip():
            return "token:" + mode[6:].strip()
        raise ValueError("BLENDBOT_METRICS must be loopback, off or token:<secret>")

    @property
    def authentication_enabled(self) -> bool:
        return bool(self.app_id)

    def credential_problem(self) -> str | None:
        """Why these Bot Framework credentials cannot work, in one line naming our variables
        (the SDK would say ``Property 'APP_TENANTID' is expected``, or fail at the first
        reply); ``None`` when they are complete or absent (local development)."""
        if not self.app_id:
            if self.app_password:
                return ("MicrosoftAppPassword is set but MicrosoftAppId is empty; set the app id "
                        "(or unset the password to run without authentication)")
            return None
        missing = []
        if self.app_type != "UserAssignedMSI" and not self.app_password:
            missing.append("MicrosoftAppPassword (the app's client secret)")
        no_tenant = self.app_type in TENANT_APP_TYPES and not self.app_tenant_id
        if no_tenant:
            missing.append("MicrosoftAppTenantId (the app's tenant id)")
        if not missing:
            return None
        hint = ""
        if no_tenant and self.app_type == "SingleTenant":
            hint = ("; only a bot registered as multi-tenant before 31 July 2025 may set "
                    "MicrosoftAppType=MultiTenant instead")
        return (f"MicrosoftAppId is set with MicrosoftAppType={self.app_type}, but "
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty{hint}")

    @property
    def digicoach_ids(self) -> frozenset[str]:
        return frozenset(p.strip() for p in self.digicoaches.split(",") if p.strip())

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; tests pass overrides instead of touching the environment."""
    return Settings(**overrides)
