"""The public surface: ``__all__`` is sorted, complete, and stable."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import csmetrics

SNAPSHOT = Path(__file__).parent / "public_api.json"


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
    if callable(obj):
        return "def" + str(inspect.signature(obj))
    return type(obj).__name__


def current_api() -> dict[str, str]:
    return {name: _signature(getattr(csmetrics, name)) for name in csmetrics.__all__}


def test_all_is_unique() -> None:
    # The order (isort style: classes, then functions) is enforced by ruff's RUF022.
    assert len(csmetrics.__all__) == len(set(csmetrics.__all__))


def test_all_equals_the_public_names() -> None:
    public = {
        name
        for name, value in vars(csmetrics).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public | {"__version__"} == set(csmetrics.__all__)


def test_every_module_declares_all() -> None:
    package = Path(csmetrics.__file__).parent
    for path in package.glob("*.py"):
        if path.name in ("__main__.py", "_version.py"):
            continue
        assert "__all__ = [" in path.read_text(encoding="utf-8"), path.name


def test_public_api_matches_snapshot() -> None:
    """Fails when a public name or signature changes: update the snapshot on purpose.

    Regenerate with ``python -m tests.test_public_api`` after a deliberate change,
    and record it in CHANGELOG.md (semantic versioning).
    """
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current_api() == expected


if __name__ == "__main__":
    SNAPSHOT.write_text(
        json.dumps(current_api(), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
