"""Validation of score, flag, weight and label inputs (lists, numpy, pandas).

Missing values are ``None``, ``NaN`` and pandas' ``NA``; they are skipped and
counted, never treated as a score. Everything else must be an integer on the
scale, or the call raises :class:`~csmetrics.exceptions.InvalidScoreError`
(a ``ValueError``) naming the first offending position. Wrong types (text,
booleans as scores, nested sequences) raise
:class:`~csmetrics.exceptions.InputTypeError`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from csmetrics.exceptions import InputTypeError, InvalidInputError, InvalidScoreError

__all__ = [
    "PLAIN_MAX",
    "Binned",
    "FlagsLike",
    "ScoresLike",
    "bin_scores",
    "check_scores",
    "is_missing",
    "score_ints",
    "to_flags",
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


def _to_float(item: numbers.Real, index: int, name: str) -> float:
    try:
        return float(item)
    except OverflowError:
        msg = f"{name}: expected numbers on the scale, got a huge number at position {index}"
        raise InvalidScoreError(msg) from None


def _from_objects(values: np.ndarray, name: str) -> np.ndarray:
    out = np.empty(values.size, dtype=np.float64)
    for i, item in enumerate(values.tolist()):
        if is_missing(item):
            out[i] = np.nan
        elif isinstance(item, numbers.Real) and not isinstance(item, bool):
            out[i] = _to_float(item, i, name)
        else:
            msg = f"{name}: expected numbers or None, got {item!r} at position {i}"
            raise InputTypeError(msg)
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


def _as_array(values: object, name: str) -> np.ndarray:
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
    arr = _as_array(values, name)
    if arr.ndim != 1:
        msg = f"{name}: expected a 1-D sequence, got an array of shape {arr.shape!r}"
        raise InputTypeError(msg)
    if arr.dtype.kind == "O":
        return _from_objects(arr, name)
    if arr.dtype.kind not in _NUMERIC_KINDS:
        msg = f"{name}: expected numbers, got an array of dtype {arr.dtype.str!r}"
        raise InputTypeError(msg)
    return arr


@dataclass(frozen=True, slots=True)
class Binned:
    """Histogram of valid scores: ``counts[k]`` is the (weighted) count of ``low + k``."""

    counts: tuple[float, ...]
    n: int
    sum_sq_weights: float
    missing: int


def check_scores(arr: np.ndarray, low: int, high: int, name: str) -> None:
    """Raise InvalidScoreError at the first value off ``low..high`` or not an integer."""
    bad = (arr < low) | (arr > high)
    if arr.dtype.kind == "f":
        bad |= np.isfinite(arr) & (arr != np.floor(arr))
        bad |= np.isinf(arr)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        msg = f"{name}: expected integers {low}..{high}, got {arr[pos].item()!r} at position {pos}"
        raise InvalidScoreError(msg)


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


def score_ints(
    scores: ScoresLike, *, low: int, high: int, name: str = "scores"
) -> tuple[np.ndarray, np.ndarray | None]:
    """Validated scores as integers (missing rows hold ``low``) and the missing mask.

    The fast path checks the range with one ``min``/``max`` and the integrality
    with one comparison; only invalid input pays for locating the culprit.
    ``low`` must be ``>= 0`` (the values index a ``bincount``).
    """
    arr = to_numeric(scores, name=name)
    missing = None
    if arr.dtype.kind == "f":
        mask = np.isnan(arr)
        if mask.any():
            missing, filled = mask, np.where(mask, float(low), arr)
        else:
            filled = arr
        in_range = filled.size == 0 or (filled.min() >= low and filled.max() <= high)
        small = np.int8 if high <= np.iinfo(np.int8).max else np.intp
        ints = filled.astype(small) if in_range else filled
        ok = in_range and np.array_equal(ints, filled)
    else:
        ints = arr
        ok = arr.size == 0 or (arr.min() >= low and arr.max() <= high)
    if not ok:
        check_scores(arr, low, high, name)
    return ints, missing


PLAIN_MAX = 256
"""Longest input :func:`bin_scores` counts in plain Python (longer: numpy).

Measured crossover: about 600 plain ints, over 1,000 with missing values.
"""


def _short_plain(scores: object) -> Sequence[object] | None:
    """A short list/tuple as is, a short 1-D numeric numpy array as a list; else ``None``.

    Only exact ``np.ndarray`` (no subclasses such as masked arrays) of integer
    or float dtype qualify: their ``tolist()`` holds the same values as
    Python ``int``/``float``.
    """
    if isinstance(scores, list | tuple):
        return scores if len(scores) <= PLAIN_MAX else None
    if type(scores) is np.ndarray and scores.ndim == 1 and scores.size <= PLAIN_MAX:
        return scores.tolist() if scores.dtype.kind in _NUMERIC_KINDS else None
    return None


def _count_plain(values: Sequence[object], low: int, high: int) -> Binned | None:
    """Counts of valid scores ``low..high`` (``None``/NaN missing); ``None`` on anything else.

    Gives exactly what the array path gives for the same values: integer
    counts, ``n``, ``float(n)`` and the number missing.
    """
    counts = [0] * (high - low + 1)
    missing = 0
    for value in values:
        if type(value) is int:
            if not low <= value <= high:
                return None
            counts[value - low] += 1
        elif value is None:
            missing += 1
        elif type(value) is not float:
            return None
        elif math.isnan(value):
            missing += 1
        elif low <= value <= high and value.is_integer():
            counts[int(value) - low] += 1
        else:
            return None
    n = len(values) - missing
    return Binned(tuple(counts), n, float(n), missing)


def bin_scores(
    scores: ScoresLike,
    *,
    low: int,
    high: int,
    weights: npt.ArrayLike | None = None,
    name: str = "scores",
) -> Binned:
    """Validate ``scores`` on ``low..high`` and count them with :func:`numpy.bincount`.

    Short lists and tuples of plain ``int``/``float``/``None`` and short
    numeric arrays are counted in plain Python (:func:`_count_plain`): on a
    few dozen values that costs a fraction of the numpy conversions. Anything
    else, or any value the plain count does not accept, takes the array path,
    which also reports errors.
    """
    short = None if weights is not None else _short_plain(scores)
    if short is not None:
        plain = _count_plain(short, low, high)
        if plain is not None:
            return plain
    ints, missing = score_ints(scores, low=low, high=high, name=name)
    n_missing = 0 if missing is None else int(np.count_nonzero(missing))
    n = int(ints.size - n_missing)
    if weights is None and ints.dtype.itemsize <= 2 and high - low < 16:
        # small integer dtypes: comparing in place beats bincount's cast to intp
        small = [int(np.count_nonzero(ints == k)) for k in range(low, high + 1)]
        small[0] -= n_missing
        return Binned(tuple(small), n, float(n), n_missing)
    if weights is None:
        counts = np.bincount(ints, minlength=high + 1)[low:]
        counts[0] -= n_missing  # missing rows were counted as ``low``
        return Binned(tuple(counts.tolist()), n, float(n), n_missing)
    w = to_weights(weights, ints.size)
    if missing is not None:
        w = np.where(missing, 0.0, w)
    counts_w = np.bincount(ints, weights=w, minlength=high + 1)[low:]
    return Binned(tuple(counts_w.tolist()), n, float(np.dot(w, w)), n_missing)


def to_flags(
    flags: FlagsLike | ScoresLike, *, name: str = "flags"
) -> tuple[np.ndarray, np.ndarray]:
    """Booleans (or 0/1) with missing values: returns ``(values as bool, missing mask)``."""
    arr = _as_array(flags, name)
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
