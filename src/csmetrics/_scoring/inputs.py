"""Input values before they become scores: missing markers, numbers, weights, flags, labels.

Missing values are ``None``, ``NaN``, pandas' ``NA``/``NaT``, numpy's ``NaT``
and the masked entries of a numpy masked array (:func:`is_missing`,
:func:`unmask`). Numeric input may be a list, a tuple, a numpy array (masked
or not), a pandas or polars Series (nullable dtypes included);
:func:`to_numeric` gives a 1-D numeric array. Wrong types (text, booleans as
numbers, nested sequences) raise :class:`~csmetrics.exceptions.InputTypeError`.
Scores themselves are read by :mod:`csmetrics._scoring.scores`.

Messages describe a wrong value with :func:`~csmetrics._core.describe.describe`
(its type and size), never echo it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics.exceptions import InputTypeError, InvalidInputError, InvalidScoreError

__all__ = [
    "FlagsLike",
    "ScoresLike",
    "as_array",
    "as_real",
    "flag_values",
    "is_missing",
    "not_a_number",
    "to_flags",
    "to_float",
    "to_labels",
    "to_numeric",
    "to_weights",
    "unhashable",
    "unmask",
]

_NUMERIC_KINDS = frozenset("iuf")

ScoresLike: TypeAlias = npt.ArrayLike | Sequence[float | None]
"""Scores: a numpy array, pandas Series, or a sequence of numbers with ``None`` for missing."""
FlagsLike: TypeAlias = npt.ArrayLike | Sequence[bool | None]
"""Yes/no flags: booleans (or 0/1) with ``None`` for missing."""

_MISSING_TYPE_NAMES = frozenset({"NAType", "NaTType"})


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing marker.

    ``None``, a float NaN, pandas ``NA``/``NaT``, numpy ``NaT`` and numpy's
    ``masked`` constant (what a masked array yields for a masked entry).

    >>> [is_missing(v) for v in (None, float("nan"), 0.0, np.ma.masked, "")]
    [True, True, False, True, False]
    """
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return value != value  # noqa: PLR0124 - NaN
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return value is np.ma.masked or type(value).__name__ in _MISSING_TYPE_NAMES


def unmask(values: Any) -> Any:
    """A numpy masked array as a plain array whose masked entries are missing markers.

    Float arrays get NaN, datetime and timedelta arrays NaT, any other dtype
    becomes an object array with ``None``; anything that is not a masked
    array is returned as it is. numpy itself ignores the mask in
    ``np.asarray``, so every reader calls this first.

    >>> unmask(np.ma.masked_array([5, 1], mask=[False, True])).tolist()
    [5, None]
    >>> unmask(np.ma.masked_array([5.0, 1.0], mask=[False, True])).tolist()
    [5.0, nan]
    """
    if not isinstance(values, np.ma.MaskedArray):
        return values
    data = np.ma.getdata(values)
    mask = np.ma.getmaskarray(values)
    if not mask.any():
        return data
    kind = data.dtype.kind
    if kind == "f":
        out = data.copy()
        out[mask] = np.nan
    elif kind in "mM":
        out = data.copy()
        out[mask] = data.dtype.type("NaT")
    else:
        out = data.astype(object)
        out[mask] = None
    return out


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
    msg = f"{name}: expected numbers or None, got {describe(item)} at position {index}"
    return InputTypeError(msg)


def _from_objects(values: np.ndarray, name: str) -> np.ndarray:
    out = np.empty(values.size, dtype=np.float64)
    for i, item in enumerate(values.tolist()):
        try:
            number = as_real(item)
        except TypeError:
            raise not_a_number(item, i, name) from None
        except OverflowError:
            msg = f"{name}: expected numbers in the float range, got a huge number at position {i}"
            raise InvalidInputError(msg) from None
        out[i] = np.nan if number is None else to_float(number, i, name)
    return out


_PLAIN_NUMBERS = frozenset({int, float})
_PLAIN_OR_NONE = frozenset({int, float, type(None)})


def _plain_list(values: list[Any] | tuple[Any, ...]) -> np.ndarray | None:
    """Fast path for lists of plain ints/floats (``None`` -> NaN); else ``None``."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN_NUMBERS:
        try:
            return np.asarray(values)
        except OverflowError:
            return None  # an int beyond int64 and float range: the per-item path reports it
    if kinds <= _PLAIN_OR_NONE:
        try:
            return np.array(values, dtype=np.float64)  # None becomes NaN
        except OverflowError:
            return None
    return None


def _from_frame_library(values: Any) -> np.ndarray | None:
    """A pandas or polars Series (or the like) as numpy: floats with NaN, else objects with None.

    Only numeric dtypes become floats: a nullable boolean column turns into
    ``True``/``False``/``None`` objects, so booleans are never read as 0/1.
    """
    to_numpy = getattr(values, "to_numpy", None)
    if to_numpy is None:
        return None
    numeric = getattr(getattr(values, "dtype", None), "kind", "O") in _NUMERIC_KINDS
    try:
        if numeric:
            return np.asarray(to_numpy(dtype=np.float64, na_value=np.nan))
        return np.asarray(to_numpy(dtype=object, na_value=None))
    except (TypeError, ValueError):
        return None


def as_array(values: object, name: str) -> np.ndarray:
    """``values`` as a numpy array (missing entries as NaN or ``None``), not yet checked."""
    values = unmask(values)
    if isinstance(values, list | tuple) and values:
        plain = _plain_list(values)
        if plain is not None:
            return plain
        if any(v is np.ma.masked for v in values):  # numpy would make it NaN, with a warning
            values = [None if v is np.ma.masked else v for v in values]
    if not isinstance(values, np.ndarray) and not isinstance(
        getattr(values, "dtype", None), np.dtype
    ):
        converted = _from_frame_library(values)
        if converted is not None:
            return converted
    if isinstance(values, str | bytes | Mapping | Set) or not isinstance(
        values, Iterable | np.ndarray
    ):
        msg = f"{name}: expected a 1-D sequence or array, got {describe(values)}"
        raise InputTypeError(msg)
    try:
        return np.asarray(values)
    except (ValueError, TypeError, OverflowError) as exc:
        msg = f"{name}: expected a 1-D sequence or array, got {describe(values)}"
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
    """Validated ``float64`` weights: one per value, finite and ``>= 0``, of a usable size.

    Results do not depend on the scale of the weights, but their sums do:
    weights whose sum of squares overflows a float, or underflows to 0,
    are refused (rescale them).
    """
    arr = to_numeric(weights, name=name).astype(np.float64, copy=False)
    if arr.size != size:
        msg = f"{name}: expected {size} weights (one per value), got {arr.size}"
        raise InvalidInputError(msg)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~np.isfinite(arr) | (arr < 0)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            got = describe(arr[pos].item())
            msg = f"{name}: expected finite weights >= 0, got {got} at position {pos}"
            raise InvalidInputError(msg)
        squares = float(np.dot(arr, arr))
    if not math.isfinite(squares) or (squares == 0.0 and bool(arr.any())):
        msg = (
            f"{name}: expected weights whose sum of squares is a normal float (about 1e-150 "
            "to 1e150 each); rescale them (results do not depend on the scale of the weights)"
        )
        raise InvalidInputError(msg)
    return arr


_FLAG_TYPES = (bool, np.bool_)


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
        return _flags_from_objects(arr.tolist(), name)
    numeric = to_numeric(arr, name=name)
    missing = np.isnan(numeric) if numeric.dtype.kind == "f" else np.zeros(arr.size, dtype=bool)
    bad = ~missing & (numeric != 0) & (numeric != 1)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        got = describe(numeric[pos].item())
        msg = f"{name}: expected booleans or 0/1, got {got} at position {pos}"
        raise InvalidInputError(msg)
    return ~missing & (numeric == 1), missing


def flag_values(items: Sequence[object], name: str) -> list[bool | None]:
    """Python flags read one by one: ``True``/``False`` (or 0/1), ``None`` for missing."""
    out: list[bool | None] = []
    for i, item in enumerate(items):
        if item is True or item is False:
            out.append(item)
        elif is_missing(item):
            out.append(None)
        elif isinstance(item, _FLAG_TYPES) or (isinstance(item, numbers.Real) and item in (0, 1)):
            out.append(bool(item))
        elif isinstance(item, list | tuple | np.ndarray):
            msg = f"{name}: expected a 1-D sequence of flags, got {describe(item)} at position {i}"
            raise InputTypeError(msg)
        else:
            msg = f"{name}: expected booleans, 0/1 or None, got {describe(item)} at position {i}"
            raise InvalidInputError(msg)
    return out


def _flags_from_objects(items: Sequence[object], name: str) -> tuple[np.ndarray, np.ndarray]:
    read = flag_values(items, name)
    missing = np.array([v is None for v in read], dtype=bool)
    values = np.array([v is True for v in read], dtype=bool)
    return values, missing


def to_labels(labels: Iterable[Any], *, name: str = "labels") -> tuple[list[Hashable], int]:
    """Labels as a list without the missing ones, and how many were missing.

    A mapping (counts per label?) or a set (each label once) is refused: both
    would count every label once. Give counts to ``LabelCounts.from_mapping``.
    """
    labels = unmask(labels)
    if (
        isinstance(labels, str | bytes | Mapping | Set)
        or not isinstance(labels, Iterable)
        or (isinstance(labels, np.ndarray) and labels.ndim == 0)
    ):
        msg = f"{name}: expected a sequence of labels (one per item), got {describe(labels)}"
        raise InputTypeError(msg)
    if isinstance(labels, np.ndarray) and labels.ndim != 1:
        msg = f"{name}: expected a 1-D sequence, got an array of shape {labels.shape!r}"
        raise InputTypeError(msg)
    items = labels.tolist() if isinstance(labels, np.ndarray) else list(labels)
    kinds = set(map(type, items))
    if kinds <= _NEVER_MISSING:  # text, integers: only None can be missing
        kept = [item for item in items if item is not None] if type(None) in kinds else items
    else:
        kept = [item for item in items if not is_missing(item)]
    return kept, len(items) - len(kept)


_NEVER_MISSING = frozenset({str, int, bool, bytes, tuple, type(None)})


def unhashable(items: Iterable[object], name: str) -> InputTypeError:
    """The error for the first item of ``items`` that cannot be hashed (there is one)."""
    for i, item in enumerate(items):
        try:
            hash(item)
        except TypeError:
            msg = f"{name}: expected hashable labels, got {describe(item)} at position {i}"
            return InputTypeError(msg)
    msg = f"{name}: expected hashable labels"  # pragma: no cover - the caller saw one
    return InputTypeError(msg)
