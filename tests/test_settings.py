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


APP_ID = "11111111-2222-3333-4444-555555555555"


def test_app_type_defaults_to_single_tenant() -> None:
    settings = load_settings(_env_file=None)
    assert settings.app_type == "SingleTenant"
    assert settings.credential_problem() is None  # no app id: local development


def test_single_tenant_needs_a_tenant_id_named_by_our_variable() -> None:
    problem = load_settings(_env_file=None, app_id=APP_ID, app_password="pw").credential_problem()
    assert problem is not None
    assert "MicrosoftAppTenantId" in problem and "APP_TENANTID" not in problem
    assert "MicrosoftAppPassword (" not in problem
    assert load_settings(_env_file=None, app_id=APP_ID, app_password="pw",
                         app_tenant_id="t").credential_problem() is None


def test_an_app_id_without_password_is_refused_unless_managed_identity() -> None:
    for app_type in ("SingleTenant", "MultiTenant"):
        problem = load_settings(_env_file=None, app_id=APP_ID, app_type=app_type,
                                app_tenant_id="t").credential_problem()
        assert problem is not None and "MicrosoftAppPassword" in problem, app_type
    msi = load_settings(_env_file=None, app_id=APP_ID, app_type="UserAssignedMSI",
                        app_tenant_id="t")
    assert msi.credential_problem() is None
    msi_no_tenant = msi.model_copy(update={"app_tenant_id": ""})
    assert "MicrosoftAppTenantId" in (msi_no_tenant.credential_problem() or "")


def test_multi_tenant_still_works_without_tenant_for_older_bots() -> None:
    settings = load_settings(_env_file=None, app_id=APP_ID, app_password="pw",
                             app_type="multitenant")
    assert settings.app_type == "MultiTenant"
    assert settings.credential_problem() is None


def test_whitespace_only_credentials_count_as_empty() -> None:
    settings = load_settings(_env_file=None, app_id="  ", app_password=" \t")
    assert settings.app_id == "" and not settings.authentication_enabled
    assert settings.credential_problem() is None
    padded = load_settings(_env_file=None, app_id=f" {APP_ID}\n", app_password="pw",
                           app_tenant_id=" ")
    assert padded.app_id == APP_ID
    assert "MicrosoftAppTenantId" in (padded.credential_problem() or "")


def test_a_password_without_app_id_is_refused_not_run_unauthenticated() -> None:
    problem = load_settings(_env_file=None, app_password="pw").credential_problem()
    assert problem is not None and "MicrosoftAppId is empty" in problem
