"""The hash-pinned locks in requirements/ match what pyproject.toml asks for.

``requirements/compile.sh`` writes them; this test fails when someone changes a dependency in
``pyproject.toml`` and forgets to recompile, or edits a lock by hand into something loose.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
RECOMPILE = "run requirements/compile.sh"
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: int

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> Version:
        (spec,) = self.requirement.specifier
        return Version(spec.version)

    def applies_here(self) -> bool:
        marker = self.requirement.marker
        return marker is None or marker.evaluate()


def _logical_lines(text: str) -> list[str]:
    """Requirement lines with their ``\\`` continuations joined; comments dropped."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            lines.append(current.strip())
        current = ""
    return lines


def parse_lock(path: Path) -> list[Pin]:
    pins = []
    for line in _logical_lines(path.read_text(encoding="utf-8")):
        assert not line.startswith("-"), f"{path.name}: option line {line!r} in a lock"
        head = _HASH.sub("", line).strip()
        pins.append(Pin(Requirement(head), len(_HASH.findall(line))))
    return pins


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _runtime_requirements() -> list[Requirement]:
    return [Requirement(r) for r in _pyproject()["project"]["dependencies"]]


def _test_requirements() -> list[Requirement]:
    """The ``test`` extra and the ``agents`` one: the tests run both Teams adapters."""
    extras = _pyproject()["project"]["optional-dependencies"]
    return [Requirement(r) for r in (*extras["test"], *extras["agents"])]


@pytest.fixture(scope="module", params=["runtime.txt", "test.txt"])
def lock(request: pytest.FixtureRequest) -> tuple[str, list[Pin]]:
    return request.param, parse_lock(LOCKS / request.param)


def test_every_entry_is_an_exact_pin_with_hashes(lock: tuple[str, list[Pin]]) -> None:
    name, pins = lock
    assert len(pins) > 20, f"{name} looks empty"
    for pin in pins:
        specs = list(pin.requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", (
            f"{name}: {pin.requirement} is not pinned with ==; {RECOMPILE}")
        assert "*" not in specs[0].version, f"{name}: {pin.requirement} is a wildcard pin"
        assert pin.hashes >= 1, f"{name}: {pin.requirement} has no --hash; {RECOMPILE}"
        assert not pin.requirement.url, f"{name}: {pin.requirement} points at a URL"


def _check_pinned(requirements: list[Requirement], pins: list[Pin], lock_name: str) -> None:
    by_name: dict[str, list[Pin]] = {}
    for pin in pins:
        by_name.setdefault(pin.name, []).append(pin)
    for req in requirements:
        found = by_name.get(canonicalize_name(req.name))
        assert found, f"{req.name} is in pyproject.toml but not in {lock_name}; {RECOMPILE}"
        for pin in found:
            assert req.specifier.contains(pin.version, prereleases=True), (
                f"{lock_name} pins {pin.name}=={pin.version}, pyproject.toml asks for "
                f"{req}; {RECOMPILE}")
        assert any(p.applies_here() for p in found), (
            f"no pin of {req.name} in {lock_name} applies to this Python/platform")
        for extra_req in _extra_requirements(req):
            assert canonicalize_name(extra_req.name) in by_name, (
                f"{extra_req.name} (needed by {req}) is not in {lock_name}; {RECOMPILE}")


def _extra_requirements(req: Requirement) -> list[Requirement]:
    """What ``req``'s extras (``SQLAlchemy[asyncio]``) add here, read from its metadata."""
    if not req.extras:
        return []
    needed = []
    for line in metadata.requires(req.name) or []:
        dependency = Requirement(line)
        marker = dependency.marker
        if marker is None:
            continue
        if any(marker.evaluate({"extra": extra}) for extra in req.extras) and not (
                marker.evaluate({"extra": ""})):
            needed.append(dependency)
    return needed


def test_runtime_lock_pins_every_runtime_dependency() -> None:
    _check_pinned(_runtime_requirements(), parse_lock(LOCKS / "runtime.txt"), "runtime.txt")


def test_the_agents_sdk_is_in_the_test_lock_only() -> None:
    test = {p.name for p in parse_lock(LOCKS / "test.txt")}
    runtime = {p.name for p in parse_lock(LOCKS / "runtime.txt")}
    agents = {"microsoft-agents-hosting-core", "microsoft-agents-hosting-aiohttp",
              "microsoft-agents-activity", "microsoft-agents-authentication-msal"}
    assert agents <= test and not agents & runtime


def test_test_lock_pins_runtime_and_test_dependencies() -> None:
    requirements = _runtime_requirements() + _test_requirements()
    _check_pinned(requirements, parse_lock(LOCKS / "test.txt"), "test.txt")


def test_tests_run_the_versions_production_runs() -> None:
    runtime = {(p.name, str(p.requirement.marker)): p.version
               for p in parse_lock(LOCKS / "runtime.txt")}
    test = {(p.name, str(p.requirement.marker)): p.version
            for p in parse_lock(LOCKS / "test.txt")}
    missing = sorted(k[0] for k in runtime if k not in test)
    assert not missing, f"test.txt lacks runtime pins {missing}; {RECOMPILE}"
    differ = sorted(f"{k[0]} {runtime[k]} != {test[k]}" for k in runtime if runtime[k] != test[k])
    assert not differ, f"runtime.txt and test.txt disagree: {differ}; {RECOMPILE}"


def test_ruff_is_pinned_exactly_so_a_new_release_cannot_turn_lint_red() -> None:
    (ruff,) = [p for p in parse_lock(LOCKS / "test.txt") if p.name == "ruff"]
    assert ruff.version.release >= (0, 5)
    assert "ruff" not in {p.name for p in parse_lock(LOCKS / "runtime.txt")}


def test_lock_parser_rejects_loose_and_hashless_lines(tmp_path: Path) -> None:
    sample = tmp_path / "loose.txt"
    sample.write_text(
        "# header\n"
        "click==8.1.7 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via blendbot\n"
        "numpy==2.0.0 ; python_full_version < '3.12' \\\n    --hash=sha256:" + "b" * 64 + "\n"
        "rapidfuzz>=3\n",
        encoding="utf-8",
    )
    pins = parse_lock(sample)
    assert [(p.name, p.hashes) for p in pins] == [("click", 1), ("numpy", 1), ("rapidfuzz", 0)]
    assert str(pins[1].requirement.marker) == 'python_full_version < "3.12"'
    with pytest.raises(AssertionError, match="not pinned"):
        test_every_entry_is_an_exact_pin_with_hashes(("loose.txt", pins * 10))
    with pytest.raises(AssertionError, match="pyproject.toml asks for"):
        _check_pinned([Requirement("click>=8.2")], pins, "loose.txt")
    with pytest.raises(AssertionError, match="not in loose.txt"):
        _check_pinned([Requirement("filelock>=3")], pins, "loose.txt")
