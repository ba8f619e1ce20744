"""Build the Teams app package (``manifest.json`` + two icons in a zip) from the settings.

The manifest is validated against Microsoft's schema (a copy in ``bot/static``) with the
jsonschema library, fully offline: a ``$ref`` to a remote URL is never fetched; the only
remote id we know (the schema's own URL) resolves to the local copy, any other one is
reported as a problem instead of being downloaded.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import FormatChecker
from jsonschema.validators import validator_for
from PIL import Image, ImageDraw
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable

from bot.settings import Settings

MANIFEST_VERSION = "1.19"
#: The language of the manifest's strings (the schema's default would be en-us).
LANGUAGE_TAG = "nl-nl"
SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
    "/MicrosoftTeams.schema.json"
)
SCHEMA_PATH = Path(__file__).parent / "static" / f"teams-manifest-{MANIFEST_VERSION}.schema.json"
SEARCH_COMMAND_ID = "searchCards"
ACCENT_COLOR = "#1F6F8B"
COLOR_ICON_SIZE = 192
OUTLINE_ICON_SIZE = 32
#: A fixed timestamp makes the zip byte-for-byte reproducible for the same settings.
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)

#: (title, description) per bot command; titles are what a teacher types.
_COMMON_COMMANDS = (
    ("help", "Wat kan Blendbot? Een kort overzicht."),
    ("check", "Start de readiness-check: hoe klaar ben je voor blended onderwijs?"),
    ("mijn resultaat", "Bekijk je laatste uitslag van de check."),
    ("vergeet mij", "Verwijder alles wat Blendbot over jou heeft opgeslagen."),
)
_PERSONAL_COMMANDS = (
    *_COMMON_COMMANDS,
    ("tips aan", "Elke week een tip over blended leren in deze chat."),
    ("tips uit", "Stop de wekelijkse tips in deze chat."),
    ("overzicht", "Voor DigiCoaches: wat vragen docenten?"),
)
_GROUP_COMMANDS = (
    *_COMMON_COMMANDS,
    ("tips aan", "Elke week een tip over blended leren in dit kanaal."),
    ("tips uit", "Stop de wekelijkse tips in dit kanaal."),
    ("stuur tip", "Voor DigiCoaches: stuur de tip van deze week nu."),
)


class PackageError(Exception):
    """The package cannot be built; ``problems`` holds one readable line per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Package:
    path: Path
    manifest: dict[str, Any]


def _app_version() -> str:
    try:
        return metadata.version("blendbot")
    except metadata.PackageNotFoundError:
        return "1.0.0"


@dataclass(frozen=True, slots=True)
class Developer:
    """The manifest's developer block: the school that runs the bot, from the settings."""

    name: str
    website_url: str
    privacy_url: str
    terms_url: str

    def to_manifest(self) -> dict[str, str]:
        return {"name": self.name, "websiteUrl": self.website_url,
                "privacyUrl": self.privacy_url, "termsOfUseUrl": self.terms_url}


def _is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)


def _check_settings(settings: Settings) -> tuple[str, str, Developer]:
    """App id, public base URL and developer block, or a PackageError saying what to set."""
    problems: list[str] = []
    app_id = settings.app_id.strip()
    if not app_id:
        problems.append(
            "settings: MicrosoftAppId is empty. Set it to your Azure Bot's app id (a GUID)."
        )
    else:
        try:
            uuid.UUID(app_id)
        except ValueError:
            problems.append(f"settings: MicrosoftAppId '{app_id}' is not a GUID.")
    base = settings.public_url.strip().rstrip("/")
    if not _is_https(base):
        problems.append(
            f"settings: BLENDBOT_PUBLIC_URL '{settings.public_url}' must be an https URL that "
            "Teams can reach (for example https://blendbot.school.nl)."
        )
    developer = Developer(
        name=settings.developer_name.strip(),
        website_url=settings.website_url.strip() or f"{base}/kaarten/",
        privacy_url=settings.privacy_url.strip() or f"{base}/privacy",
        terms_url=settings.terms_url.strip() or f"{base}/voorwaarden",
    )
    if not developer.name:
        problems.append("settings: BLENDBOT_DEVELOPER_NAME is empty (the school's name).")
    for variable, value in (("BLENDBOT_WEBSITE_URL", settings.website_url),
                            ("BLENDBOT_PRIVACY_URL", settings.privacy_url),
                            ("BLENDBOT_TERMS_URL", settings.terms_url)):
        if value.strip() and not _is_https(value.strip()):
            problems.append(f"settings: {variable} '{value}' must be an https URL.")
    if problems:
        raise PackageError(problems)
    return app_id, base, developer


def _command_list(scopes: list[str], commands: Iterable[tuple[str, str]]) -> dict[str, Any]:
    return {
        "scopes": scopes,
        "commands": [{"title": t, "description": d} for t, d in commands],
    }


def build_manifest(settings: Settings, version: str | None = None) -> dict[str, Any]:
    """The manifest for these settings (not yet validated)."""
    app_id, base, developer = _check_settings(settings)
    host = urlsplit(base).hostname or ""
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version or _app_version(),
        "id": app_id,
        # Every string below is Dutch: without this Teams takes them for en-us.
        "localizationInfo": {"defaultLanguageTag": LANGUAGE_TAG},
        "developer": developer.to_manifest(),
        "name": {"short": "Blendbot", "full": "Blendbot: is dit blended?"},
        "description": {
            "short": "Is dit blended? Antwoorden en tips over blended leren voor docenten.",
            "full": (
                "Blendbot helpt docenten in het mbo en hbo met blended leren. Beschrijf je "
                "les en Blendbot zegt of het blended is en waarom. Stel een vraag over "
                "begrippen en misverstanden, doe de readiness-check, of krijg elke week een "
                "tip in je teamkanaal. DigiCoaches zoeken en delen antwoorden overal in Teams."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT_COLOR,
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": [
                    _command_list(["personal"], _PERSONAL_COMMANDS),
                    _command_list(["team", "groupChat"], _GROUP_COMMANDS),
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": app_id,
                "composeExtensionType": "botBased",
                "commands": [
                    {
                        "id": SEARCH_COMMAND_ID,
                        "type": "query",
                        "title": "Zoek een kaart",
                        "description": "Zoek een antwoord over blended leren en deel het.",
                        "initialRun": True,
                        "context": ["compose", "commandBox"],
                        "parameters": [
                            {
                                "name": "zoekterm",
                                "title": "Zoekterm",
                                "description": "Een woord of een hele vraag, bv. hybride",
                                "inputType": "text",
                            }
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _offline(uri: str) -> Resource[Any]:
    """Retrieval hook of the registry: never go to the network."""
    raise NoSuchResource(ref=uri)


def _validator(schema: Mapping[str, Any]) -> Any:
    local = Resource.from_contents(schema)  # draft-04, from the schema's own "$schema"
    registry: Registry[Any] = Registry(retrieve=_offline).with_resource(SCHEMA_URL, local)
    return validator_for(schema)(schema, registry=registry, format_checker=FormatChecker())


def validate_manifest(
    manifest: Mapping[str, Any], schema: Mapping[str, Any] | None = None
) -> list[str]:
    """One ``manifest.json: <json path>: <message>`` line per schema violation (empty = valid)."""
    try:
        validator = _validator(schema if schema is not None else _schema())
        errors = sorted(
            validator.iter_errors(manifest), key=lambda e: [str(p) for p in e.absolute_path]
        )
        lines = [f"manifest.json: {e.json_path}: {e.message}" for e in errors]
        lines += _semver_problems(manifest)
    except Unresolvable as exc:  # a remote $ref we refuse to download
        lines = [f"manifest.json: $: the schema refers to {exc.ref!s}, which is not "
                 "available offline (never downloaded)"]
    return lines


def _semver_problems(manifest: Mapping[str, Any]) -> list[str]:
    """Teams wants a semver app version, which the 1.19 schema itself does not enforce."""
    version = manifest.get("version")
    if isinstance(version, str) and not re.fullmatch(r"(0|[1-9]\d*)(\.(0|[1-9]\d*)){2}", version):
        return [f"manifest.json: $.version: {version!r} is not a version like 1.0.0 (semver)"]
    return []


def draw_color_icon(size: int = COLOR_ICON_SIZE) -> bytes:
    """A coloured tile with two overlapping circles (online and fysiek: blended)."""
    image = Image.new("RGBA", (size, size), ACCENT_COLOR)
    r, cy = size * 0.24, size / 2
    for cx, fill in ((size * 0.39, (255, 255, 255, 230)), (size * 0.61, (255, 196, 61, 170))):
        layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(layer).ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        image.alpha_composite(layer)
    return _png(image.convert("RGB"))


def draw_outline_icon(size: int = OUTLINE_ICON_SIZE) -> bytes:
    """The same symbol as two white rings on a transparent background (Teams' rule).

    Drawn four times larger and scaled down for smooth edges; only the alpha channel
    varies, every pixel stays pure white.
    """
    scale = 4
    big = size * scale
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    r, cy = big * 0.3, big / 2
    for cx in (big * 0.36, big * 0.64):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=2 * scale)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    image.putalpha(mask.resize((size, size), Image.Resampling.LANCZOS))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def build_package(settings: Settings, out: Path, version: str | None = None) -> Package:
    """Write the zip to ``out``; raises PackageError (nothing written) when anything is wrong."""
    manifest = build_manifest(settings, version)
    problems = validate_manifest(manifest)
    if problems:
        raise PackageError(problems)
    files = {
        "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"),
        "color.png": draw_color_icon(),
        "outline.png": draw_outline_icon(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Package(path=out, manifest=manifest)
