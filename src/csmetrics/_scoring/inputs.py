"""Input values before they become scores: missing markers, numbers, weights, flags, labels.

Missing values are ``None``, ``NaN`` and pandas' ``NA``/``NaT``
(:func:`is_missing`). Numeric input may be a list, a tuple, a numpy array, a
pandas or polars Series (nullable dtypes included); :func:`to_numeric` gives
a 1-D numeric array. Wrong types (text, booleans as numbers, nested
sequences) raise :class:`~csmetrics.exceptions.InputTypeError`. Scores
themselves are read by :mod:`csmetrics._scoring.scores`.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from csmetrics.exceptions import InputTypeError, InvalidInputError, InvalidScoreError

__all__ = [
    "FlagsLike",
    "ScoresLike",
    "as_array",
    "as_real",
    "is_missing",
    "not_a_number",
    "to_flags",
    "to_float",
    "to_labels",
    "to_numeric",
    "to_weights",
]

_NUMERIC_KINDS = frozenset("iuf")

ScoresLike: TypeAlias = npt.ArrayLike | Sequence[float | None]
"""Scores: a numpy array, pandas Series, or a sequence of numbers with ``None`` for missing."""
FlagsLike: TypeAlias = npt.ArrayLike | Sequence[bool | None]
"""Yes/no flags: booleans (or 0/1) with ``None`` for missing."""


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing marker: ``None``, a float NaN, pandas ``NA``/``NaT``."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def to_float(item: object, index: int, name: str) -> float:
    """``float(item)``; a number too large for a float is an off-scale score."""
    try:
        return float(item)  # type: ignore[arg-type]
    except OverflowError:
        msg = f"{name}: expected numbers on the scale, got a huge number at position {index}"
        raise InvalidScoreError(msg) from None


def as_real(value: object) -> int | float | None:
    """An item that is not a plain ``int``/``float`` as one (``None`` when missing).

    numpy and other numeric scalars, fractions ...: an ``Integral`` becomes an
    ``int``, another ``Real`` a ``float`` (``OverflowError`` when it does not
    fit). Anything else (text, booleans, nested sequences) raises ``TypeError``.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def not_a_number(item: object, index: int, name: str) -> InputTypeError:
    """The error for an item that is not a number (text, a boolean, a list ...)."""
    msg = f"{name}: expected numbers or None, got {item!r} at position {index}"
    return InputTypeError(msg)


def _from_objects(values: np.ndarray, name: str) -> np.ndarray:
    out = np.empty(values.size, dtype=np.float64)
    for i, item in enumerate(values.tolist()):
        try:
            number = as_real(item)
        except TypeError:
            raise not_a_number(item, i, name) from None
        out[i] = np.nan if number is None else to_float(number, i, name)
    return out


_PLAIN_NUMBERS = frozenset({int, float})
_PLAIN_OR_NONE = frozenset({int, float, type(None)})


def _plain_list(values: list[Any] | tuple[Any, ...]) -> np.ndarray | None:
    """Fast path for lists of plain ints/floats (``None`` -> NaN); else ``None``."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN_NUMBERS:
        return np.asarray(values)
    if kinds <= _PLAIN_OR_NONE:
        try:
            return np.array(values, dtype=np.float64)  # None becomes NaN
        except OverflowError:
            return None  # an int beyond float range: the per-item path reports it
    return None


def as_array(values: object, name: str) -> np.ndarray:
    """``values`` as a numpy array (pandas nullable data with NaN for missing), not yet checked."""
    if isinstance(values, list | tuple) and values:
        plain = _plain_list(values)
        if plain is not None:
            return plain
    if not isinstance(values, np.ndarray) and not isinstance(
        getattr(values, "dtype", None), np.dtype
    ):
        to_numpy = getattr(values, "to_numpy", None)
        if to_numpy is not None:
            try:
                return np.asarray(to_numpy(dtype=np.float64, na_value=np.nan))
            except (TypeError, ValueError):
                pass
    if isinstance(values, str | bytes) or not isinstance(values, Iterable | np.ndarray):
        msg = f"{name}: expected a 1-D sequence or array, got {values!r}"
        raise InputTypeError(msg)
    try:
        return np.asarray(values)
    except ValueError as exc:
        msg = f"{name}: expected a 1-D sequence or array, got {type(values).__name__}"
        raise InputTypeError(msg) from exc


def to_numeric(values: ScoresLike, *, name: str = "scores") -> np.ndarray:
    """A 1-D numeric array (integer dtype kept; ``float64`` with NaN when values are missing)."""
    arr = values if type(values) is np.ndarray else as_array(values, name)
    if arr.ndim != 1:
        msg = f"{name}: expected a 1-D sequence, got an array of shape {arr.shape!r}"
        raise InputTypeError(msg)
    if arr.dtype.kind == "O":
        return _from_objects(arr, name)
    if arr.dtype.kind not in _NUMERIC_KINDS:
        msg = f"{name}: expected numbers, got an array of dtype {arr.dtype.str!r}"
        raise InputTypeError(msg)
    return arr


def to_weights(weights: npt.ArrayLike, size: int, *, name: str = "weights") -> np.ndarray:
    """Validated ``float64`` weights: same length as the data, finite and ``>= 0``."""
    arr = to_numeric(weights, name=name).astype(np.float64, copy=False)
    if arr.size != size:
        msg = f"{name}: expected {size} weights (one per value), got {arr.size}"
        raise InvalidInputError(msg)
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        msg = f"{name}: expected finite weights >= 0, got {arr[pos].item()!r} at position {pos}"
        raise InvalidInputError(msg)
    return arr


def to_flags(
    flags: FlagsLike | ScoresLike, *, name: str = "flags"
) -> tuple[np.ndarray, np.ndarray]:
    """Booleans (or 0/1) with missing values: returns ``(values as bool, missing mask)``."""
    arr = as_array(flags, name)
    if arr.ndim != 1:
        msg = f"{name}: expected a 1-D sequence, got an array of shape {arr.shape!r}"
        raise InputTypeError(msg)
    if arr.dtype.kind == "b":
        return arr, np.zeros(arr.size, dtype=bool)
    if arr.dtype.kind == "O":
        return _flags_from_objects(arr, name)
    numeric = to_numeric(arr, name=name)
    missing = np.isnan(numeric) if numeric.dtype.kind == "f" else np.zeros(arr.size, dtype=bool)
    bad = ~missing & (numeric != 0) & (numeric != 1)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        msg = f"{name}: expected booleans or 0/1, got {numeric[pos].item()!r} at position {pos}"
        raise InvalidInputError(msg)
    return ~missing & (numeric == 1), missing


def _flags_from_objects(arr: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    values = np.zeros(arr.size, dtype=bool)
    missing = np.zeros(arr.size, dtype=bool)
    for i, item in enumerate(arr.tolist()):
        if is_missing(item):
            missing[i] = True
        elif isinstance(item, numbers.Real) and item in (0, 1):
            values[i] = bool(item)
        else:
            msg = f"{name}: expected booleans, 0/1 or None, got {item!r} at position {i}"
            raise InvalidInputError(msg)
    return values, missing


def to_labels(labels: Iterable[Any], *, name: str = "labels") -> tuple[list[Hashable], int]:
    """Labels as a list without the missing ones, and how many were missing."""
    if isinstance(labels, str | bytes) or not isinstance(labels, Iterable):
        msg = f"{name}: expected a sequence of labels, got {labels!r}"
        raise InputTypeError(msg)
    items = labels.tolist() if isinstance(labels, np.ndarray) else list(labels)
    kept = [item for item in items if not is_missing(item)]
    for item in kept:
        if not isinstance(item, Hashable):
            msg = f"{name}: expected hashable labels, got {item!r}"
            raise InputTypeError(msg)
    return kept, len(items) - len(kept)
