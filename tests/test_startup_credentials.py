"""`blendbot serve` and `blendbot tips send` refuse credentials that cannot work, at start-up.

Each case runs the real command in a child process with only the environment an operator
would set, and expects exit status 1 with one line naming our variable (never the SDK's
``APP_TENANTID``, never a traceback) before anything is loaded or listened on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APP_ID = "8f3b2c1a-1111-4222-8333-944455556666"
TENANT = "0c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff"
PASSWORD = "pw-Xq7-not-logged"


def _env(tmp_path: Path, cache_dir: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BLENDBOT_", "Microsoft", "SLACK_"))}
    env.update({"PYTHONPATH": str(REPO), "BLENDBOT_CACHE_DIR": str(cache_dir),
                "BLENDBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
                "BLENDBOT_TIP_SCHEDULE": "off", **variables})
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def _refusal(proc: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line of a refused start (and nothing else on stderr)."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "APP_TENANTID" not in proc.stderr and "APP_PASSWORD" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("blendbot: cannot start: ")
    return lines[0]


REFUSED = {
    "single_tenant_default_without_tenant": (
        {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": PASSWORD},
        ["MicrosoftAppTenantId"], ["MicrosoftAppPassword"]),
    "single_tenant_without_password": (
        {"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT},
        ["MicrosoftAppPassword"], ["MicrosoftAppTenantId"]),
    "single_tenant_without_either": (
        {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "SingleTenant"},
        ["MicrosoftAppPassword", "MicrosoftAppTenantId"], []),
    "multi_tenant_without_password": (
        {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "MultiTenant"},
        ["MicrosoftAppPassword"], ["MicrosoftAppTenantId"]),
    "managed_identity_without_tenant": (
        {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI"},
        ["MicrosoftAppTenantId"], ["MicrosoftAppPassword"]),
    "password_without_app_id": (
        {"MicrosoftAppPassword": PASSWORD}, ["MicrosoftAppId"], []),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_serve_refuses_incomplete_credentials_in_one_line(
        case: str, tmp_path: Path, classifier_cache_dir: Path) -> None:
    variables, named, not_named = REFUSED[case]
    proc = _run(tmp_path, _env(tmp_path, classifier_cache_dir, **variables),
                "serve", "--host", "127.0.0.1", "--port", str(_free_port()))
    line = _refusal(proc)
    for name in named:
        assert name in line
    for name in not_named:
        assert f"{name} (" not in line  # mentioned only as what is missing
    assert PASSWORD not in line
    assert not (tmp_path / "startup.sqlite3").exists()  # refused before opening anything


def test_tips_send_refuses_a_single_tenant_app_without_tenant(
        tmp_path: Path, classifier_cache_dir: Path) -> None:
    env = _env(tmp_path, classifier_cache_dir, MicrosoftAppId=APP_ID,
               MicrosoftAppPassword=PASSWORD)
    line = _refusal(_run(tmp_path, env, "tips", "send", "--dry-run"))
    assert "MicrosoftAppTenantId" in line


def test_unknown_app_type_is_one_line_naming_the_variable(
        tmp_path: Path, classifier_cache_dir: Path) -> None:
    env = _env(tmp_path, classifier_cache_dir, MicrosoftAppId=APP_ID,
               MicrosoftAppType="Everyone")
    proc = _run(tmp_path, env, "serve", "--port", str(_free_port()))
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("blendbot: invalid settings: ")
    assert "MicrosoftAppType" in line and "SingleTenant" in line


def _serves(tmp_path: Path, env: dict[str, str]) -> tuple[bool, str]:
    """Start `serve`, wait for /healthz, stop it; (answered, stderr)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answered = False
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    answered = True
                    break
            except OSError:
                time.sleep(0.3)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=60)
    return answered, stderr


@pytest.mark.parametrize("variables", [
    {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": PASSWORD, "MicrosoftAppTenantId": TENANT},
    {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": PASSWORD, "MicrosoftAppType": "MultiTenant"},
    {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI",
     "MicrosoftAppTenantId": TENANT},
], ids=["single_tenant", "multi_tenant_registered_before_2025", "managed_identity"])
def test_complete_credentials_start_and_require_tokens(
        variables: dict[str, str], tmp_path: Path, classifier_cache_dir: Path,
        classifier_model: object) -> None:
    answered, stderr = _serves(tmp_path, _env(tmp_path, classifier_cache_dir, **variables))
    assert answered, stderr
    assert "cannot start" not in stderr and "Traceback" not in stderr
    assert "event=authentication_disabled" not in stderr


def test_no_app_id_still_means_local_development(
        tmp_path: Path, classifier_cache_dir: Path, classifier_model: object) -> None:
    answered, stderr = _serves(tmp_path, _env(tmp_path, classifier_cache_dir))
    assert answered, stderr
    assert "event=authentication_disabled" in stderr
