"""The house plan holds: shared machinery never reaches up into the apps, its folders are
layered, and no module imports another that imports it back (docs/architecture.md)."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("articles", "faq", "tools", "feedback")
# Shared folders, lowest first: each may import only the ones before it.
LAYERS = ["markdown", "editorial", "search", "web"]
TOOLS = "devtools"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for path in sorted((ROOT / "exosite").rglob("*.py"))
    if "migrations" not in path.parts
}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def folder_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in (*LAYERS, TOOLS) else None


def shared_modules() -> list[str]:
    return [name for name in MODULES if folder_of(name) is not None]


@pytest.mark.parametrize("module", shared_modules())
def test_shared_machinery_never_imports_an_app_or_names_one(module):
    path = MODULES[module]
    imported_apps = {name.split(".")[0] for name in imports_of(path)} & set(APPS)
    assert not imported_apps, f"{module} imports {imported_apps}"
    strings = {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    named = {s for s in strings if s in APPS or s.startswith(tuple(f"{app}." for app in APPS))}
    assert not named, f"{module} names an app by string: {named}"


@pytest.mark.parametrize("module", shared_modules())
def test_shared_folders_import_only_the_layers_below_them(module):
    own = folder_of(module)
    allowed = set(LAYERS[: LAYERS.index(own) + 1]) if own in LAYERS else {*LAYERS, TOOLS}
    for imported in imports_of(MODULES[module]):
        target = folder_of(imported)
        assert target is None or target in allowed, f"{module} imports {imported} (a layer above)"


def test_no_module_imports_one_that_imports_it_back():
    graph = defaultdict(set)
    for name, path in MODULES.items():
        for imported in imports_of(path):
            # "from exosite.markdown import pages" names the module exosite.markdown.pages.
            if imported in MODULES and imported != name:
                graph[name].add(imported)
    cycles = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert not cycles, f"import cycles: {cycles}"


def test_imports_inside_functions_count_too(tmp_path):
    """The cycle once hidden in a function (linkcheck <-> slug_links) would be seen."""
    module = tmp_path / "lazy.py"
    module.write_text("def later():\n    from articles.models import Section\n")
    assert "articles.models" in imports_of(module)
