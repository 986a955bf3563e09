"""Durations in a chosen unit as ``float64`` (NaN for missing), from any common form.

Accepted: ``datetime.timedelta`` objects, numpy ``timedelta64`` arrays of any
fixed unit (weeks to attoseconds; months and years are not fixed lengths),
pandas timedelta data, or plain numbers (taken to be in the unit already).
``None``, NaN, ``NaT`` and masked entries are missing.

Every duration is checked against the range numpy's ``timedelta64[us]``
holds, ``|d| <= 2**63 - 1`` microseconds (about 292,271 years): a value
beyond it (``datetime.timedelta.max`` is 999,999,999 days; a
``timedelta64[s]`` can hold 10**6 times more) raises
:class:`~csmetrics.exceptions.InvalidInputError` instead of wrapping around
silently. Within it every conversion is exact or correctly rounded, and
every sum of durations is finite.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Mapping, Set
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_choice
from csmetrics._scoring.inputs import is_missing, unmask
from csmetrics._scoring.scores import SMALL_ARRAY
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["MAX_SECONDS", "UNIT_SECONDS", "to_duration", "to_unit"]

UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}
MAX_SECONDS = (2**63 - 1) / 1e6
"""Longest duration accepted, in seconds: the range of ``timedelta64[us]`` (292,271 years)."""

_TICKS = {
    "W": (604800, 1), "D": (86400, 1), "h": (3600, 1), "m": (60, 1), "s": (1, 1),
    "ms": (1, 10**3), "us": (1, 10**6), "ns": (1, 10**9), "ps": (1, 10**12),
    "fs": (1, 10**15), "as": (1, 10**18),
}  # fmt: skip
"""Seconds per tick of each fixed ``timedelta64`` unit, as a fraction ``(p, q)``."""
_NAT = int(np.iinfo(np.int64).min)


def _tick_factors(arr: np.ndarray, per_unit: float, name: str) -> tuple[float, float]:
    """``(num, den)`` with ``value in unit = ticks * num / den`` for a ``timedelta64`` array."""
    tick, count = np.datetime_data(arr.dtype)
    fraction = _TICKS.get(tick)
    if fraction is None:
        msg = f"{name}: expected timedeltas of a fixed unit (W to as), got unit {tick!r}"
        raise InputTypeError(msg)
    p, q = fraction
    return float(p * count), float(q) * per_unit


def _from_timedelta64(arr: np.ndarray, per_unit: float, name: str) -> np.ndarray:
    """``ticks * seconds per tick / per_unit`` in floats (one rounding; NaT as NaN, no wrap)."""
    num, den = _tick_factors(arr, per_unit, name)
    if arr.size <= SMALL_ARRAY:  # plain Python, the same operations: no GIL release
        nat = _NAT
        ticks = arr.view(np.int64).tolist()
        return np.array([math.nan if t == nat else float(t) * num / den for t in ticks])
    out = arr.view(np.int64).astype(np.float64) * num / den
    out[np.isnat(arr)] = np.nan
    return out


def _from_numbers(arr: np.ndarray) -> np.ndarray:
    """A numeric array as ``float64`` (through Python floats when short: no GIL release)."""
    if arr.size <= SMALL_ARRAY:
        return np.array([float(v) for v in arr.tolist()], dtype=np.float64)
    return arr.astype(np.float64)


def _item(item: object, per_unit: float, index: int, name: str) -> float:
    if is_missing(item):
        return np.nan
    if isinstance(item, dt.timedelta):
        return item.total_seconds() / per_unit
    if isinstance(item, np.timedelta64):
        return float(_from_timedelta64(np.array([item]), per_unit, name)[0])
    if isinstance(item, numbers.Real) and not isinstance(item, bool | np.bool_):
        try:
            return float(item)
        except OverflowError:
            return np.inf  # beyond any float: out of range
    msg = f"{name}: expected timedeltas or numbers, got {describe(item)} at position {index}"
    raise InputTypeError(msg)


def _first_bad(out: np.ndarray, limit: float, *, nonnegative: bool) -> int | None:
    """Position of the first duration beyond ``limit`` (or negative, when asked), if any."""
    if out.size <= SMALL_ARRAY:  # plain Python: no GIL release
        low = 0.0 if nonnegative else -limit
        values = out.tolist()
        return next((i for i, v in enumerate(values) if v == v and not low <= v <= limit), None)  # noqa: PLR0124
    with np.errstate(invalid="ignore"):
        bad = np.abs(out) > limit
        if nonnegative:
            bad |= out < 0
    return int(np.flatnonzero(bad)[0]) if bad.any() else None


def _check(
    out: np.ndarray, items: Any, per_unit: float, name: str, *, nonnegative: bool
) -> np.ndarray:
    """Refuse durations out of range (and negative ones when ``nonnegative``); NaN is missing."""
    limit = MAX_SECONDS / per_unit
    pos = _first_bad(out, limit, nonnegative=nonnegative)
    if pos is None:
        return out
    got = describe(items[pos] if isinstance(items, list) else out[pos].item())
    if abs(out[pos]) > limit:
        msg = (
            f"{name}: expected durations within +-2**63-1 microseconds (292,271 years), "
            f"got {got} at position {pos}"
        )
    else:
        msg = (
            f"{name}: expected durations >= 0, got {got} at position {pos} "
            "(csmetrics.cleaning.clean(positive=...) finds such rows)"
        )
    raise InvalidInputError(msg)


def to_unit(
    values: Any, unit: str, *, name: str = "durations", nonnegative: bool = False
) -> np.ndarray:
    """``values`` as floats in ``unit`` ("seconds", "minutes", "hours", "days").

    Raises :class:`~csmetrics.exceptions.InvalidInputError` for a duration
    beyond :data:`MAX_SECONDS` (infinity included) and, when ``nonnegative``,
    for a negative one.

    >>> to_unit([dt.timedelta(hours=2), None, 30], "minutes").tolist()
    [120.0, nan, 30.0]
    """
    per_unit = UNIT_SECONDS[require_choice(unit, tuple(UNIT_SECONDS), param="unit")]
    values = unmask(values)
    if isinstance(values, str | bytes | Mapping | Set) or not hasattr(values, "__iter__"):
        msg = f"{name}: expected a sequence of durations, got {describe(values)}"
        raise InputTypeError(msg)
    arr = np.asarray(values) if hasattr(values, "dtype") else None
    if arr is not None and arr.ndim != 1:
        msg = f"{name}: expected a 1-D sequence, got an array of shape {arr.shape!r}"
        raise InputTypeError(msg)
    items: Any
    if arr is not None and arr.dtype.kind == "m":
        out, items = _from_timedelta64(arr, per_unit, name), None
    elif arr is not None and arr.dtype.kind in "iuf":
        out, items = _from_numbers(arr), None
    else:
        items = arr.tolist() if arr is not None else list(values)
        out = np.array([_item(v, per_unit, i, name) for i, v in enumerate(items)], np.float64)
    return _check(out, items, per_unit, name, nonnegative=nonnegative)


def to_duration(value: object, unit: str, *, name: str) -> float:
    """One duration (a threshold or target) in ``unit``: present, finite and ``>= 0``.

    >>> to_duration(dt.timedelta(minutes=90), "hours", name="target")
    1.5
    """
    if isinstance(value, str | bytes) or hasattr(value, "__len__"):
        msg = f"{name}: expected one duration (a timedelta or a number), got {describe(value)}"
        raise InputTypeError(msg)
    if is_missing(value):
        msg = f"{name}: expected a duration (a timedelta or a number), got {describe(value)}"
        raise InvalidInputError(msg)
    return float(to_unit([value], unit, name=name, nonnegative=True)[0])
