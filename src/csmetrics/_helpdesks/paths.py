"""Reading a product's JSON: values at a path, errors that name the path and never echo data.

Every error is an :class:`~csmetrics.exceptions.InvalidConfigError` whose
message reads ``<path>: expected <what>, got <description>``; the value is
described by type and size (:func:`~csmetrics._core.describe.describe`) or,
for short format tokens such as ``'09:00'`` or a zone name, shown
(:func:`~csmetrics._core.describe.shown`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NoReturn, TypeGuard

from csmetrics._core.describe import describe, shown
from csmetrics.exceptions import InvalidConfigError

__all__ = [
    "MAX_ITEMS",
    "error",
    "fail",
    "first_unknown",
    "is_choice",
    "items_at",
    "mapping_at",
    "number_at",
    "optional",
    "text_at",
    "token_at",
    "utc_at",
]

MAX_ITEMS = 1_000_000
"""The most items a list of a payload may hold (a bound on work per call)."""
_MAX_TOKEN = 200


def error(path: str, expected: str, value: object, *, show: bool = False) -> InvalidConfigError:
    """``InvalidConfigError``: ``path: expected ..., got ...`` (the value described)."""
    got = shown(value) if show else describe(value)
    return InvalidConfigError(f"{path}: expected {expected}, got {got}")


def fail(path: str, expected: str, value: object, *, show: bool = False) -> NoReturn:
    """Raise :func:`error`."""
    raise error(path, expected, value, show=show)


def is_choice(value: object, choices: Collection[str]) -> TypeGuard[str]:
    """Whether ``value`` is one of the strings ``choices`` (never compares anything else).

    >>> is_choice("floor", ("none", "floor")), is_choice(["floor"], ("none", "floor"))
    (True, False)
    """
    return isinstance(value, str) and value in choices


def first_unknown(keys: Iterable[object], known: Collection[str]) -> object:
    """The first key not in ``known`` (text keys in sorted order first), or None.

    Keys of a mapping built in Python need not all be strings, so they are
    never compared with each other across types.

    >>> first_unknown({"b": 1, 2: 0, "a": 1}, ("b",)), first_unknown({"b": 1}, ("b",))
    ('a', None)
    """
    others = [key for key in keys if not is_choice(key, known)]
    text = sorted(key for key in others if isinstance(key, str))
    return text[0] if text else next(iter(others), None)


def mapping_at(value: object, path: str) -> Mapping[str, Any]:
    """``value`` as a JSON object, or an error naming ``path``."""
    if not isinstance(value, Mapping):
        fail(path, "a JSON object", value)
    return value


def items_at(value: object, path: str) -> Sequence[Any]:
    """``value`` as a JSON array (of at most :data:`MAX_ITEMS`), or an error naming ``path``."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        fail(path, "a JSON array", value)
    if len(value) > MAX_ITEMS:
        fail(path, f"at most {MAX_ITEMS:,} items", value)
    return value


def optional(obj: Mapping[str, Any], key: str) -> Any:
    """``obj[key]``, or None when it is absent."""
    return obj.get(key)


def number_at(obj: Mapping[str, Any], key: str, path: str, *, low: float = 0) -> int:
    """An integer ``obj[key]`` at least ``low`` (JSON numbers and digit strings are accepted)."""
    value = obj.get(key)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        fail(f"{path}.{key}", "an integer", value)
    if value < low:
        fail(f"{path}.{key}", f"an integer of at least {low:g}", value)
    return value


def text_at(obj: Mapping[str, Any], key: str, path: str) -> str:
    """A string ``obj[key]`` (described, never shown, in an error)."""
    value = obj.get(key)
    if not isinstance(value, str):
        fail(f"{path}.{key}", "a string", value)
    return value


def token_at(obj: Mapping[str, Any], key: str, path: str, choices: Sequence[str]) -> str:
    """A string ``obj[key]`` among ``choices`` (a short unknown token is shown)."""
    value = obj.get(key)
    if not isinstance(value, str) or value not in choices:
        fail(f"{path}.{key}", f"one of {', '.join(choices)}", value, show=True)
    return value


def utc_at(obj: Mapping[str, Any], key: str, path: str) -> dt.datetime:
    """An ISO-8601 instant with an offset (``Z`` or ``+hh:mm``) at ``obj[key]``, in UTC."""
    value = obj.get(key)
    if not isinstance(value, str) or len(value) > _MAX_TOKEN:
        fail(f"{path}.{key}", "an ISO-8601 time such as '2024-03-08T16:00:00Z'", value)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        fail(f"{path}.{key}", "an ISO-8601 time such as '2024-03-08T16:00:00Z'", value, show=True)
    if moment.tzinfo is None:
        fail(f"{path}.{key}", "a time with an offset ('Z' or '+hh:mm')", value, show=True)
    return moment.astimezone(dt.UTC)
