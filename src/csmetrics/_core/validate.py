"""Argument checks shared by the public functions (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

from csmetrics._core.describe import describe, shown
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

__all__ = ["require_aware", "require_choice", "require_records"]

_R = TypeVar("_R")


def require_aware(value: object, *, param: str) -> dt.datetime:
    """Return ``value`` if it is a timezone-aware datetime; raise naming ``param`` otherwise.

    Examples
    --------
    >>> require_aware(dt.datetime(2025, 3, 3, tzinfo=dt.UTC), param="now").isoformat()
    '2025-03-03T00:00:00+00:00'
    >>> require_aware(dt.datetime(2025, 3, 3), param="now")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.NaiveDatetimeError: now: expected a timezone-aware datetime, got naive ...
    """
    if not isinstance(value, dt.datetime):
        msg = f"{param}: expected a timezone-aware datetime, got {describe(value)}"
        raise InputTypeError(msg)
    if value.tzinfo is None or value.utcoffset() is None:
        msg = f"{param}: expected a timezone-aware datetime, got naive {value.isoformat()!r}"
        raise NaiveDatetimeError(msg)
    return value


def require_records(values: object, kind: type[_R], *, param: str) -> list[_R]:
    """Return ``values`` as a list if it is an iterable of ``kind``; raise naming ``param``.

    Examples
    --------
    >>> require_records((1, 2), int, param="counts")
    [1, 2]
    >>> require_records([1, "2"], int, param="counts")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InputTypeError: counts: expected int objects, got str of 1 character
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        msg = f"{param}: expected an iterable of {kind.__name__}, got {type(values).__name__}"
        raise InputTypeError(msg)
    items: list[_R] = list(values)
    bad = next((i for i, v in enumerate(items) if not isinstance(v, kind)), None)
    if bad is not None:  # the position: a None among the values is as wrong as any other
        msg = f"{param}: expected {kind.__name__} objects, got {describe(items[bad])}"
        raise InputTypeError(msg)
    return items


def require_choice(value: object, choices: Sequence[str], *, param: str) -> str:
    """``value`` if it is one of the strings ``choices`` (a short unknown token is shown).

    >>> require_choice("ceil", ("none", "floor"), param="rounding")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: rounding: expected one of 'none', 'floor', got 'ceil'
    """
    expected = ", ".join(repr(choice) for choice in choices)
    if not isinstance(value, str):
        msg = f"{param}: expected one of {expected}, got {describe(value)}"
        raise InputTypeError(msg)
    if value not in choices:
        msg = f"{param}: expected one of {expected}, got {shown(value)}"
        raise InvalidInputError(msg)
    return value
