"""One settings object, read once from the environment (and an optional ``.env`` file).

The Bot Framework credentials keep their standard names (``MicrosoftAppId`` ...), everything
of our own starts with ``BLENDBOT_``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///blendbot.sqlite3"


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
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Bot Framework (standard names). Empty app id = local development without authentication.
    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    app_type: str = Field(
        "MultiTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("BLENDBOT_DATABASE_URL", "database_url"),
    )
    host: str = Field("0.0.0.0", validation_alias=AliasChoices("BLENDBOT_HOST", "host"))
    port: int = Field(3978, validation_alias=AliasChoices("BLENDBOT_PORT", "PORT", "port"))
    public_url: str = Field(
        "http://localhost:3978",
        validation_alias=AliasChoices("BLENDBOT_PUBLIC_URL", "public_url"),
        description="Base URL where /kaarten/<id> and chart images are reachable.",
    )
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
    retention_days: int = Field(
        90, validation_alias=AliasChoices("BLENDBOT_RETENTION_DAYS", "retention_days")
    )

    # Slack (the /api/slack route is off unless both are set)
    slack_bot_token: str = Field("", validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_signing_secret: str = Field("", validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str = Field(
        "https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL")
    )

    @field_validator("app_type")
    @classmethod
    def _known_app_type(cls, value: str) -> str:
        allowed = {"multitenant": "MultiTenant", "singletenant": "SingleTenant",
                   "userassignedmsi": "UserAssignedMSI"}
        key = value.strip().lower()
        if key not in allowed:
            raise ValueError(f"MicrosoftAppType must be one of {', '.join(allowed.values())}")
        return allowed[key]

    @property
    def authentication_enabled(self) -> bool:
        return bool(self.app_id)

    @property
    def digicoach_ids(self) -> frozenset[str]:
        return frozenset(p.strip() for p in self.digicoaches.split(",") if p.strip())

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; tests pass overrides instead of touching the environment."""
    return Settings(**overrides)
