"""`blendbot teams-package`: the zip, the icons, the manifest against Microsoft's schema."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from bot.settings import load_settings
from bot.teams_package import (
    SCHEMA_PATH,
    SEARCH_COMMAND_ID,
    PackageError,
    build_manifest,
    build_package,
    validate_manifest,
)

APP_ID = "8f3b2c1a-1111-4222-8333-944455556666"
PUBLIC_URL = "https://blendbot.example.nl"
ROOT = Path(__file__).resolve().parents[1]


def _settings(**overrides: object):
    values: dict[str, object] = {"app_id": APP_ID, "public_url": PUBLIC_URL}
    values.update(overrides)
    return load_settings(**values)


def _run_cli(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The real command in a child process, in an empty folder (no stray .env file)."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BLENDBOT_", "Microsoft"))}
    clean["PYTHONPATH"] = str(ROOT)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "teams-package", *args],
        cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("pkg") / "blendbot.zip"
    build_package(_settings(), out, "1.2.3")
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_zip_holds_exactly_the_three_files_at_its_root(package: dict[str, bytes]) -> None:
    assert sorted(package) == ["color.png", "manifest.json", "outline.png"]


def test_manifest_is_valid_against_the_1_19_schema(package: dict[str, bytes]) -> None:
    manifest = json.loads(package["manifest.json"])
    assert manifest["manifestVersion"] == "1.19"
    assert validate_manifest(manifest) == []
    assert manifest["version"] == "1.2.3"
    assert manifest["id"] == APP_ID
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_manifest_uses_public_url_for_domains_and_developer_links(
    package: dict[str, bytes],
) -> None:
    manifest = json.loads(package["manifest.json"])
    assert manifest["validDomains"] == ["blendbot.example.nl"]
    developer = manifest["developer"]
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert developer[key].startswith(PUBLIC_URL + "/")
    assert manifest["name"]["short"] == "Blendbot"
    assert "blended" in manifest["description"]["short"]


def test_manifest_says_its_strings_are_dutch(package: dict[str, bytes]) -> None:
    manifest = json.loads(package["manifest.json"])
    assert manifest["localizationInfo"] == {"defaultLanguageTag": "nl-nl"}
    # and they are: the teacher-facing texts Teams shows from the manifest
    assert "docenten" in manifest["description"]["full"]
    assert manifest["composeExtensions"][0]["commands"][0]["title"] == "Zoek een kaart"


def test_a_wrong_language_tag_is_caught_by_the_schema() -> None:
    manifest = build_manifest(_settings(), "1.0.0")
    manifest["localizationInfo"] = {"defaultLanguageTag": "Nederlands (NL)"}
    (problem,) = validate_manifest(manifest)
    assert problem.startswith("manifest.json: $.localizationInfo.defaultLanguageTag: ")


def test_developer_block_comes_from_the_school_settings() -> None:
    manifest = build_manifest(_settings(
        developer_name="ROC Voorbeeld", website_url="https://www.rocvoorbeeld.nl/",
        privacy_url="https://www.rocvoorbeeld.nl/privacy",
        terms_url="https://www.rocvoorbeeld.nl/voorwaarden-ict"), "1.0.0")
    assert manifest["developer"] == {
        "name": "ROC Voorbeeld", "websiteUrl": "https://www.rocvoorbeeld.nl/",
        "privacyUrl": "https://www.rocvoorbeeld.nl/privacy",
        "termsOfUseUrl": "https://www.rocvoorbeeld.nl/voorwaarden-ict"}
    assert validate_manifest(manifest) == []
    assert manifest["validDomains"] == ["blendbot.example.nl"]  # the bot's host, not the school's


def test_developer_urls_default_to_the_bots_own_pages(package: dict[str, bytes]) -> None:
    developer = json.loads(package["manifest.json"])["developer"]
    assert developer == {"name": "Blendbot", "websiteUrl": f"{PUBLIC_URL}/kaarten/",
                         "privacyUrl": f"{PUBLIC_URL}/privacy",
                         "termsOfUseUrl": f"{PUBLIC_URL}/voorwaarden"}


def test_bad_developer_settings_name_the_variable(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as caught:
        build_package(_settings(developer_name=" ", privacy_url="http://rocvoorbeeld.nl/p"),
                      tmp_path / "x.zip")
    assert caught.value.problems == [
        "settings: BLENDBOT_DEVELOPER_NAME is empty (the school's name).",
        "settings: BLENDBOT_PRIVACY_URL 'http://rocvoorbeeld.nl/p' must be an https URL.",
    ]
    problems = validate_manifest(build_manifest(_settings(developer_name="x" * 40), "1.0.0"))
    assert [p.split(":")[1] for p in problems] == [" $.developer.name"]


def test_cli_takes_the_developer_block_from_the_environment(tmp_path: Path) -> None:
    result = _run_cli(
        tmp_path, {"MicrosoftAppId": APP_ID, "BLENDBOT_PUBLIC_URL": PUBLIC_URL,
                   "BLENDBOT_DEVELOPER_NAME": "Hogeschool Voorbeeld",
                   "BLENDBOT_TERMS_URL": "https://hsv.example.nl/terms"},
        "--out", "d.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "d.zip") as archive:
        developer = json.loads(archive.read("manifest.json"))["developer"]
    assert developer["name"] == "Hogeschool Voorbeeld"
    assert developer["termsOfUseUrl"] == "https://hsv.example.nl/terms"
    assert developer["privacyUrl"] == f"{PUBLIC_URL}/privacy"


def test_packaged_schema_is_microsofts() -> None:
    shared = ROOT.parent / "shared" / "schemas" / SCHEMA_PATH.name
    if not shared.exists():
        pytest.skip(f"no shared/schemas beside the repository ({shared} not found)")
    assert json.loads(SCHEMA_PATH.read_text("utf-8")) == json.loads(shared.read_text("utf-8"))


def test_bot_has_three_scopes_and_command_lists(package: dict[str, bytes]) -> None:
    (bot,) = json.loads(package["manifest.json"])["bots"]
    assert bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    covered = {scope for lst in bot["commandLists"] for scope in lst["scopes"]}
    assert covered == {"personal", "team", "groupChat"}
    personal = next(lst for lst in bot["commandLists"] if lst["scopes"] == ["personal"])
    titles = {c["title"] for c in personal["commands"]}
    assert {"help", "check", "vergeet mij", "overzicht"} <= titles
    group = next(lst for lst in bot["commandLists"] if "team" in lst["scopes"])
    assert {"tips aan", "tips uit"} <= {c["title"] for c in group["commands"]}


def test_compose_extension_search_command(package: dict[str, bytes]) -> None:
    (extension,) = json.loads(package["manifest.json"])["composeExtensions"]
    assert extension["botId"] == APP_ID
    (command,) = extension["commands"]
    assert command["id"] == SEARCH_COMMAND_ID
    assert command["type"] == "query"
    assert set(command["context"]) == {"compose", "commandBox"}
    assert command["initialRun"] is True  # empty query: the most asked cards
    assert len(command["parameters"]) == 1


def test_color_icon_is_192_square_and_opaque(package: dict[str, bytes]) -> None:
    image = Image.open(io.BytesIO(package["color.png"]))
    assert image.format == "PNG"
    assert image.size == (192, 192)
    assert len(set(image.convert("RGB").getdata())) > 2  # a drawn symbol, not a flat tile


def test_outline_icon_is_white_on_transparent_32(package: dict[str, bytes]) -> None:
    image = Image.open(io.BytesIO(package["outline.png"]))
    assert image.format == "PNG"
    assert image.size == (32, 32)
    assert image.mode == "RGBA"
    pixels = list(image.getdata())
    visible = [p for p in pixels if p[3] > 0]
    assert visible, "outline icon is empty"
    assert all(p[:3] == (255, 255, 255) for p in visible)
    assert pixels[0][3] == 0  # corners are transparent
    assert sum(1 for p in pixels if p[3] == 0) > len(pixels) // 3


def test_schema_violations_are_reported_with_json_paths() -> None:
    manifest = build_manifest(_settings(), "1.0.0")
    manifest["bots"][0]["scopes"].append("meeting")
    manifest["accentColor"] = "blauw"
    manifest["composeExtensions"][0]["commands"][0]["title"] = "x" * 40
    problems = validate_manifest(manifest)
    assert "manifest.json: $.accentColor: 'blauw' does not match '^#[0-9a-fA-F]{6}$'" in problems
    assert any(p.startswith("manifest.json: $.bots[0].scopes[3]: ") for p in problems)
    assert any(
        p.startswith("manifest.json: $.composeExtensions[0].commands[0].title: ")
        and "too long" in p
        for p in problems
    )


def test_non_semver_version_is_a_problem() -> None:
    manifest = build_manifest(_settings(), "1.0")
    assert validate_manifest(manifest) == [
        "manifest.json: $.version: '1.0' is not a version like 1.0.0 (semver)"
    ]


def test_remote_ref_is_not_fetched_but_reported() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": {"x": {"$ref": "https://example.invalid/other.schema.json"}},
    }
    (problem,) = validate_manifest({"x": 1}, schema=schema)
    assert problem.startswith("manifest.json: $: ")
    assert "https://example.invalid/other.schema.json" in problem


def test_missing_app_id_and_http_url_give_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as caught:
        build_package(_settings(app_id="", public_url="http://localhost:3978"),
                      tmp_path / "x.zip")
    text = str(caught.value)
    assert "MicrosoftAppId is empty" in text
    assert "https" in text
    assert not (tmp_path / "x.zip").exists()


def test_cli_builds_the_package(tmp_path: Path) -> None:
    result = _run_cli(
        tmp_path, {"MicrosoftAppId": APP_ID, "BLENDBOT_PUBLIC_URL": PUBLIC_URL},
        "--out", "dist/blendbot.zip",
    )
    assert result.returncode == 0, result.stderr
    assert "dist/blendbot.zip" in result.stdout
    with zipfile.ZipFile(tmp_path / "dist" / "blendbot.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["bots"][0]["botId"] == APP_ID


def test_cli_without_app_id_exits_1_with_reason(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, {"BLENDBOT_PUBLIC_URL": PUBLIC_URL}, "--out", "b.zip")
    assert result.returncode == 1
    assert "MicrosoftAppId is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "b.zip").exists()


def test_cli_reports_manifest_violations_and_exits_1(tmp_path: Path) -> None:
    result = _run_cli(
        tmp_path, {"MicrosoftAppId": APP_ID, "BLENDBOT_PUBLIC_URL": PUBLIC_URL},
        "--out", "c.zip", "--app-version", "versie-twee",
    )
    assert result.returncode == 1
    assert "manifest.json: $.version: 'versie-twee'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "c.zip").exists()
