"""The layout: imports flow one way, public modules are thin, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import csmetrics

PACKAGE = Path(csmetrics.__file__).parent
CAPABILITIES = ("_schedule", "_sla", "_priority", "_classify", "_scoring", "_report", "_datasets")
# What each private package may import, besides itself (the one-way flow:
# _core <- _models <- capabilities <- report; public modules sit on top).
ALLOWED: dict[str, set[str]] = {
    "exceptions": set(),
    "_version": set(),
    "_core": {"exceptions"},
    "_models": {"_core", "exceptions"},
    "_schedule": {"_core", "exceptions"},
    "_classify": {"_core", "exceptions"},
    "_scoring": {"_core", "_models", "exceptions"},
    "_datasets": {"_core", "_models", "exceptions"},
    "_sla": {"_core", "_models", "_schedule", "exceptions"},
    "_priority": {"_core", "_models", "_classify", "exceptions"},
    "_report": {"_core", "_models", *CAPABILITIES, "exceptions"} - {"_report"},
    "_legacy": {"exceptions"},
    "_io": {"_core", "_models", "_classify", "_priority", "exceptions"},
    "_cli": {"_core", "_models", "_io", "_plot", *CAPABILITIES, "exceptions", "_version"},
    "_helpdesks": {"_core", "_models", "_schedule", "_sla", "_io", "exceptions"},
    "_plot": {"_core", "_models", "_sla", "_scoring", "exceptions"},
    "_dask": {"_core", "_models", "_io", *CAPABILITIES, "exceptions"} - {"_datasets"},
}
# Modules that do work of their own on top of the facades.
APPLICATIONS = {"__main__", "__init__"}


def _unit(path: Path) -> str:
    """The top-level unit of a module: its package under csmetrics, or its own name."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    parts = parts[:-1] if parts[-1] == "__init__" else parts
    return ".".join(("csmetrics", *parts))


def _runtime_imports(tree: ast.Module) -> set[str]:
    """Modules imported when the module runs (``if TYPE_CHECKING:`` blocks left out)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] == "csmetrics"}


def _top_level_imports(tree: ast.Module) -> set[str]:
    """Modules imported at module level (not inside functions), for the cycle check."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("csmetrics.")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_one_way(path: Path) -> None:
    unit = _unit(path)
    imported = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
    used = {name.split(".")[1] for name in imported if name.count(".") >= 1} - {unit}
    if unit in ALLOWED:
        assert used <= ALLOWED[unit], f"{unit} imports {sorted(used - ALLOWED[unit])}"
    elif unit not in APPLICATIONS:  # a public module: only private packages and exceptions
        public = {name for name in used if not name.startswith("_")} - {"exceptions"}
        assert not public, f"public module {unit} imports public modules {sorted(public)}"


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[_module_name(path)] = _top_level_imports(tree)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph or nxt == node:
                continue
            assert state.get(nxt) != 1, "import cycle: " + " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


FACADES = sorted(
    p
    for p in PACKAGE.glob("*.py")
    if not p.name.startswith("_") and p.stem not in {"cli", "exceptions"}
)
"""Public modules that only re-export (``exceptions`` defines the tree where users import it)."""


@pytest.mark.parametrize("path", FACADES, ids=lambda p: p.name)
def test_public_modules_are_thin_facades(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defined == [], f"{path.name} defines {defined}: move them to a private package"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_under_400_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{path.name} has {lines} lines: split it by responsibility"


@pytest.mark.parametrize(
    "package", ["_core", "_models", "_io", "_helpdesks", "_dask", "_plot", *CAPABILITIES]
)
def test_each_package_says_what_it_owns_and_may_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc is not None
    assert "Owns" in doc
    assert "May import" in doc
    for allowed in ALLOWED[package]:
        assert allowed in doc, f"{package} docstring does not name {allowed}"
