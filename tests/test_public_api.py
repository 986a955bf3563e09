"""The public surface: ``__all__`` is sorted, complete, resolvable and stable."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import csmetrics

SNAPSHOT = Path(__file__).parent / "public_api.json"
PACKAGE = Path(csmetrics.__file__).parent
# Names the package's __init__ needs for its own machinery, not part of the API.
INIT_MACHINERY = {"annotations", "TYPE_CHECKING", "Any", "importlib"}


def public_modules() -> list[ModuleType]:
    """Every public module of the package (no underscore anywhere in its path)."""
    names = [
        info.name
        for info in pkgutil.walk_packages([str(PACKAGE)], prefix="csmetrics.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return [csmetrics, *(importlib.import_module(name) for name in sorted(names))]


def _member(cls: type, name: str) -> str:
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, classmethod | staticmethod):
        raw = raw.__func__
    if inspect.isfunction(raw):
        try:
            return name + str(inspect.signature(raw))
        except ValueError:  # pragma: no cover - builtins without a signature
            return name + "(...)"
    return name


def _signature(obj: object) -> str:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception(" + ", ".join(c.__name__ for c in obj.__mro__[1:3]) + ")"
        members = getattr(obj, "__members__", None)
        if members is not None:
            return "enum(" + ", ".join(members) + ")"
        own = [c for c in obj.__mro__ if c.__module__.startswith("csmetrics")]
        public = sorted({n for c in own for n in vars(c) if not n.startswith("_")})
        fields = getattr(obj, "model_fields", None)
        head = "model(" + ", ".join(fields) + ")" if fields is not None else "class"
        return head + "[" + "; ".join(_member(obj, n) for n in public) + "]"
    if inspect.isfunction(obj):
        return "def" + str(inspect.signature(obj))
    if callable(obj):  # a typing alias such as Callable[[str], float]
        return "alias(" + repr(obj) + ")"
    return type(obj).__name__


def current_api() -> dict[str, str]:
    """``module.name`` -> signature, for every name of every public module's ``__all__``."""
    api = {}
    for module in public_modules():
        for name in module.__all__:
            api[f"{module.__name__}.{name}"] = _signature(getattr(module, name))
    return api


def test_all_is_unique() -> None:
    # The order (isort style: classes, then functions) is enforced by ruff's RUF022.
    for module in public_modules():
        assert len(module.__all__) == len(set(module.__all__)), module.__name__


def test_every_exported_name_resolves() -> None:
    for module in public_modules():
        for name in module.__all__:
            value = getattr(module, name)
            assert not inspect.ismodule(value), f"{module.__name__}.{name}"


def test_dir_lists_every_public_name() -> None:
    assert set(csmetrics.__all__) <= set(dir(csmetrics))


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'evaluate_all'"):
        _ = csmetrics.evaluate_all  # type: ignore[attr-defined]


def test_all_equals_the_public_names() -> None:
    for name in csmetrics.__all__:  # bind every lazy name
        getattr(csmetrics, name)
    public = {
        name
        for name, value in vars(csmetrics).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public - INIT_MACHINERY | {"__version__"} == set(csmetrics.__all__)


def test_functions_are_not_shadowed_by_modules_of_the_same_name() -> None:
    importlib.import_module("csmetrics.compare")
    importlib.import_module("csmetrics.pareto")
    assert callable(csmetrics.compare)
    assert callable(csmetrics.pareto)
    assert not inspect.ismodule(csmetrics.compare)


def test_public_classes_name_a_public_module() -> None:
    """Reprs, the API reference and pickles name the module users import from."""
    for module in public_modules():
        for name in module.__all__:
            value = getattr(module, name)
            if not inspect.isclass(value) or not value.__module__.startswith("csmetrics"):
                continue
            home = value.__module__
            assert not any(part.startswith("_") for part in home.split(".")), (name, home)
            assert getattr(importlib.import_module(home), value.__qualname__) is value


def test_every_module_declares_all() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("__main__.py", "_version.py"):
            continue
        assert "__all__" in path.read_text(encoding="utf-8"), path


def test_public_api_matches_snapshot() -> None:
    """Fails when a public name or signature changes: update the snapshot on purpose.

    Regenerate with ``python -m tests.test_public_api`` after a deliberate change,
    and record it in CHANGELOG.md (semantic versioning).
    """
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    current = current_api()
    missing = sorted(set(expected) - set(current))
    assert not missing, f"public names disappeared: {missing}"
    assert current == expected


if __name__ == "__main__":
    SNAPSHOT.write_text(
        json.dumps(current_api(), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def test_lazy_table_and_type_checking_imports_agree_with_all() -> None:
    """``__init__`` names each public name three times: keep them in step."""
    tree = ast.parse(Path(csmetrics.__file__).read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If))
    for_checkers = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    eager = {"compare", "pareto", "__version__"}
    assert set(for_checkers) == set(csmetrics.__all__) - eager
    assert for_checkers == csmetrics._LAZY
