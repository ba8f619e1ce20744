"""The project's import structure: no circles, SDKs only where they are allowed.

Read from the source with ``ast`` (nothing is imported), counting imports inside functions
too: a lazy import that papers over a circle is still a circle. Imports under
``if TYPE_CHECKING:`` never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "dialogs", "knowledge", "classifier")
PLATFORM_SDKS = ("botbuilder", "botframework", "microsoft_agents", "slack_sdk", "aiohttp")

#: The production files that import botbuilder: at most 8, all in bot/channels (issue 12).
#: The list may only shrink: a new file that imports the SDK fails here.
BOTBUILDER_IMPORTERS = frozenset({
    "bot/channels/botframework_adapter.py", "bot/channels/botframework_bot.py",
    "bot/channels/botframework_address.py", "bot/channels/botframework_incoming.py",
    "bot/channels/botframework_keys.py", "bot/channels/botframework_outbox.py",
    "bot/channels/botframework_reply.py", "bot/channels/botframework_turn.py",
})


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _runtime_imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom) and id(n) not in typing_only]


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool
                    ) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _runtime_imports(path):
            names = _imported_names(node, name, path.name == "__init__.py")
            # "from package import submodule" depends on the submodule, not the package's
            # __init__ (which imports its submodules lazily).
            if isinstance(node, ast.ImportFrom) and all(n in modules for n in names[:-1]):
                names = names[:-1]
            for target in names:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
    return circles


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_among_the_projects_modules() -> None:
    circles = _circles(_graph())
    assert circles == [], "import circles (lazy imports included): " + "; ".join(
        " <-> ".join(c) for c in circles)


def _importers_of(prefixes: tuple[str, ...]) -> set[str]:
    found = set()
    for path in _modules().values():
        for node in _runtime_imports(path):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""])
            if any(n.split(".")[0] in prefixes for n in names):
                found.add(path.relative_to(ROOT).as_posix())
    return found


@pytest.mark.parametrize("package", ["knowledge", "classifier", "bot/core", "bot/render",
                                     "bot/wire"])
def test_knowledge_classifier_the_core_and_the_renderers_import_no_platform_sdk(
        package: str) -> None:
    offenders = {f for f in _importers_of(PLATFORM_SDKS) if f.startswith(f"{package}/")}
    assert offenders == set()


def test_no_new_file_imports_botbuilder() -> None:
    importers = _importers_of(("botbuilder", "botframework"))
    assert importers - BOTBUILDER_IMPORTERS == set(), "new botbuilder importers"
    # A file that stopped importing it comes off the list, so the list keeps shrinking.
    assert BOTBUILDER_IMPORTERS - importers == set(), "take these off BOTBUILDER_IMPORTERS"


def test_botbuilder_stays_in_one_folder_and_at_most_eight_files() -> None:
    assert len(BOTBUILDER_IMPORTERS) <= 8
    assert {f.rsplit("/", 1)[0] for f in BOTBUILDER_IMPORTERS} == {"bot/channels"}


def test_only_bot_agents_imports_the_agents_sdk() -> None:
    importers = _importers_of(("microsoft_agents",))
    assert importers, "the Agents SDK adapter is gone?"
    assert {f for f in importers if not f.startswith("bot/agents/")} == set()


def test_app_keys_are_made_in_one_module() -> None:
    makers = set()
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("AppKey"):
                makers.add(path.relative_to(ROOT).as_posix())
    assert makers == {"bot/keys.py"}
    keys_imports = {n.module for n in _runtime_imports(ROOT / "bot" / "keys.py")
                    if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.split(".")[0] in PACKAGES for m in keys_imports)
