"""The one settings object: standard Bot Framework names, our BLENDBOT_* names, read once."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import load_settings


def test_bot_framework_variables_keep_their_standard_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MicrosoftAppId", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setenv("MicrosoftAppPassword", "geheim")
    monkeypatch.setenv("MicrosoftAppType", "singletenant")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant-1")
    settings = load_settings(_env_file=None)
    assert settings.app_id == "11111111-2222-3333-4444-555555555555"
    assert settings.app_password == "geheim"
    assert settings.app_type == "SingleTenant"
    assert settings.app_tenant_id == "tenant-1"
    assert settings.authentication_enabled


def test_unknown_app_type_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppType", "Everyone")
    with pytest.raises(ValidationError, match="MicrosoftAppType"):
        load_settings(_env_file=None)


def test_tip_delivery_tunables_are_part_of_the_same_object(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BLENDBOT_TIP_CONCURRENCY", "3")
    monkeypatch.setenv("BLENDBOT_TIP_TENANT_RATE", "12.5")
    settings = load_settings(_env_file=None)
    assert settings.tip_delivery.concurrency == 3
    assert settings.tip_delivery.tenant_rate == 12.5
    monkeypatch.setenv("BLENDBOT_TIP_CONCURRENCY", "9")
    assert settings.tip_delivery.concurrency == 3  # read once, not on every run


def test_digicoach_ids_are_a_trimmed_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLENDBOT_DIGICOACHES", " aad-1, 29:teams-2 ,,")
    assert load_settings(_env_file=None).digicoach_ids == frozenset({"aad-1", "29:teams-2"})
