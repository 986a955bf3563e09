"""Durations in a chosen unit as ``float64`` (NaN for missing), from any common form.

Accepted: ``datetime.timedelta`` objects, numpy ``timedelta64`` arrays of any
unit, pandas timedelta data, or plain numbers (taken to be in the unit
already). ``None``, NaN and ``NaT`` are missing.
"""

from __future__ import annotations

import datetime as dt
import numbers
from typing import Any

import numpy as np

from csmetrics._scoring.inputs import is_missing
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["UNIT_SECONDS", "to_unit"]

UNIT_SECONDS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


def _from_timedelta64(arr: np.ndarray, per_unit: float) -> np.ndarray:
    micros = arr.astype("timedelta64[us]")
    out = micros.astype(np.int64).astype(np.float64) / (1e6 * per_unit)
    out[np.isnat(micros)] = np.nan
    return out


def _from_items(items: list[Any], per_unit: float, name: str) -> np.ndarray:
    out = np.empty(len(items), dtype=np.float64)
    for i, item in enumerate(items):
        if is_missing(item):
            out[i] = np.nan
        elif isinstance(item, dt.timedelta):
            out[i] = item.total_seconds() / per_unit
        elif isinstance(item, np.timedelta64):
            out[i] = _from_timedelta64(np.array([item]), per_unit)[0]
        elif isinstance(item, numbers.Real) and not isinstance(item, bool):
            out[i] = float(item)
        else:
            msg = f"{name}: expected timedeltas or numbers, got {item!r} at position {i}"
            raise InputTypeError(msg)
    return out


def to_unit(values: Any, unit: str, *, name: str = "durations") -> np.ndarray:
    """``values`` as floats in ``unit`` ("seconds", "minutes", "hours", "days").

    >>> to_unit([dt.timedelta(hours=2), None, 30], "minutes").tolist()
    [120.0, nan, 30.0]
    """
    per_unit = UNIT_SECONDS.get(unit)
    if per_unit is None:
        msg = f"unit: expected one of {sorted(UNIT_SECONDS)!r}, got {unit!r}"
        raise InvalidInputError(msg)
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        msg = f"{name}: expected a sequence of durations, got {values!r}"
        raise InputTypeError(msg)
    arr = np.asarray(values) if hasattr(values, "dtype") else None
    if arr is not None and arr.dtype.kind == "m":
        return _from_timedelta64(arr.ravel(), per_unit)
    if arr is not None and arr.dtype.kind in "iuf":
        return arr.astype(np.float64).ravel()
    items = arr.tolist() if arr is not None else list(values)
    return _from_items(items, per_unit, name)
