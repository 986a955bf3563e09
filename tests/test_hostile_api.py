"""Every public callable, given hostile values: only the library's errors, none echoing them.

The walker finds every function, class and public class- or staticmethod
that a public module exports, passes one hostile value for every required
parameter (or the first parameter when none is required) and checks what
comes back. Packages test their own valid and invalid cases in detail; this
is the net under all of them: a new public function is covered the day it
is exported.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

import csmetrics
from csmetrics.exceptions import CsMetricsError

PERSONAL = "张三丰 13800138000 zhangsan@example.com"
"""A name, a phone and an e-mail: no message may contain any of them."""
_LEAKS = ("张三丰", "13800138000", "zhangsan@example.com", "38000")


class _BrokenZone(dt.tzinfo):
    def utcoffset(self, _: dt.datetime | None) -> dt.timedelta:
        raise RuntimeError(PERSONAL)

    def dst(self, _: dt.datetime | None) -> dt.timedelta:
        raise RuntimeError(PERSONAL)


class _Exploding:
    """An object whose every use raises (with personal data in the message)."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(PERSONAL)

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError(PERSONAL)

    def __len__(self) -> int:
        raise RuntimeError(PERSONAL)

    def __str__(self) -> str:
        raise RuntimeError(PERSONAL)

    def __repr__(self) -> str:
        raise RuntimeError(PERSONAL)


def _raising_items() -> Iterator[Any]:
    yield PERSONAL
    raise RuntimeError(PERSONAL)


_recursive: list[Any] = []
_recursive.append(_recursive)

HOSTILE: dict[str, Callable[[], Any]] = {
    "none": lambda: None,
    "personal text": lambda: PERSONAL,
    "megabyte text": lambda: PERSONAL + "好" * 1_000_000,
    "combining marks": lambda: "a" + "\u0301" * 100_000,
    "bytes": PERSONAL.encode,
    "nan": lambda: float("nan"),
    "huge int": lambda: 10**400,
    "negative": lambda: -1,
    "bool": lambda: True,
    "naive datetime": lambda: dt.datetime(2025, 3, 3, 9),
    "year 1": lambda: dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    "broken zone": lambda: dt.datetime(2025, 3, 3, 9, tzinfo=_BrokenZone()),
    "personal dict": lambda: {PERSONAL: PERSONAL, "name": PERSONAL, "phone": PERSONAL},
    "personal list": lambda: [PERSONAL] * 3,
    "recursive list": lambda: _recursive,
    "2-d array": lambda: np.array([[PERSONAL]]),
    "object": object,
    "exploding": _Exploding,
    "raising iterator": _raising_items,
}

# Where a hostile value is a legitimate input that is written, not echoed.
_SKIP = {
    "csmetrics.cli.main",  # command lines: tested in tests/test_cli.py (exit codes, not errors)
}


def _public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[int] = set()
    modules = sorted(
        m.name.removeprefix("csmetrics.")
        for m in pkgutil.walk_packages(csmetrics.__path__, "csmetrics.", onerror=lambda _: None)
        if not any(part.startswith("_") for part in m.name.split("."))
    )
    for module_name in modules:
        if module_name in ("exceptions", "limits"):
            continue
        module = importlib.import_module(f"csmetrics.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            # Functions and classes; not type aliases such as Literal[...] or tuple[...].
            if not (inspect.isclass(obj) or inspect.isroutine(obj)) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"csmetrics.{module_name}.{name}", obj
            if inspect.isclass(obj):
                yield from _class_methods(f"csmetrics.{module_name}.{name}", obj, seen)


def _class_methods(
    prefix: str, cls: type, seen: set[int]
) -> Iterator[tuple[str, Callable[..., Any]]]:
    for attr, raw in vars(cls).items():
        if attr.startswith("_") or not isinstance(raw, classmethod | staticmethod):
            continue
        method = getattr(cls, attr)
        if id(raw) not in seen and not attr.startswith("model_"):
            seen.add(id(raw))
            yield f"{prefix}.{attr}", method


CALLABLES = [item for item in _public_callables() if item[0] not in _SKIP]


def _raised_by_the_hostile_value(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename == __file__ and str(exc) == PERSONAL


def _arguments(func: Callable[..., Any], value: Any) -> tuple[list[Any], dict[str, Any]]:
    try:
        parameters = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return [value], {}
    named = [p for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    required = [p for p in named if p.default is p.empty] or named[:1]
    args = [value for p in required if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    kwargs = {p.name: value for p in required if p.kind is p.KEYWORD_ONLY}
    return args, kwargs


def test_the_walker_finds_the_public_api() -> None:
    names = {name for name, _ in CALLABLES}
    assert len(names) > 150
    for expected in ("csmetrics.sla.evaluate", "csmetrics.io.read_tickets",
                     "csmetrics.models.Channel.parse", "csmetrics.scoring.csat"):  # fmt: skip
        assert expected in names


@pytest.mark.parametrize(("name", "func"), CALLABLES, ids=[name for name, _ in CALLABLES])
@pytest.mark.parametrize("hostile", HOSTILE, ids=list(HOSTILE))
def test_hostile_values_get_the_librarys_errors(
    name: str, func: Callable[..., Any], hostile: str
) -> None:
    args, kwargs = _arguments(func, HOSTILE[hostile]())
    try:
        func(*args, **kwargs)
    except (CsMetricsError, ValidationError) as exc:
        message = str(exc)
        assert len(message) < 4_000, f"{name}: a message of {len(message)} characters"
        # pydantic quotes the error of an iterator that fails as it is read: the caller's own.
        message = "\n".join(
            line for line in message.splitlines() if "Error iterating over object" not in line
        )
        for leak in _LEAKS:
            assert leak not in message, f"{name} echoed personal data: {message[:300]}"
    except RuntimeError as exc:
        # The caller's own object failing as it is read: its error goes back unchanged.
        if not _raised_by_the_hostile_value(exc):
            pytest.fail(f"{name} raised RuntimeError for {hostile}: {str(exc)[:300]}")
    except Exception as exc:
        pytest.fail(f"{name} raised {type(exc).__name__} for {hostile}: {str(exc)[:300]}")
