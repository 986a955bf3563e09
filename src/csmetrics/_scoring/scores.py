"""Reading scores once and counting them once: the histogram every statistic uses.

A score is an integer on its scale; missing values (``None``, ``NaN``,
pandas ``NA``) are skipped and counted, never treated as a score. Anything
else raises :class:`~csmetrics.exceptions.InvalidScoreError` (a
``ValueError``) naming the first offending position, or
:class:`~csmetrics.exceptions.InputTypeError` for wrong types (text,
booleans as scores, nested sequences).

Scores are read by the reader that fits how they arrive: Python objects
(lists, tuples, object arrays) item by item with :func:`score_offset`, the
one rule of a valid score; numeric arrays (numpy, pandas) vectorized with
:func:`score_ints`. Both give the same counts, and the same error for the
same values; :func:`bin_scores` counts them once into the histogram every
statistic is computed from. Short numeric arrays (up to :data:`SMALL_ARRAY`
values) are counted in plain Python too: numpy releases the GIL inside calls
on longer arrays, and under threads every release can cost a wait of up to
the interpreter's switch interval (5 ms) to get it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._scoring.inputs import (
    ScoresLike,
    as_array,
    as_real,
    not_a_number,
    to_float,
    to_numeric,
    to_weights,
)
from csmetrics.exceptions import InputTypeError, InvalidScoreError

__all__ = [
    "COMPARE_MIN",
    "MISSING",
    "NOT_A_NUMBER",
    "OFF_SCALE",
    "SMALL_ARRAY",
    "Binned",
    "bin_scores",
    "check_scores",
    "plain_items",
    "read_scores",
    "score_ints",
    "score_offset",
]


class Binned(NamedTuple):
    """Histogram of valid scores: ``counts[k]`` is the (weighted) count of ``low + k``."""

    counts: tuple[float, ...]
    n: int
    sum_sq_weights: float
    missing: int


MISSING = -1
"""What :func:`score_offset` gives for a missing value."""
NOT_A_NUMBER = -2
"""What :func:`score_offset` gives for text, a boolean, a nested sequence ..."""
OFF_SCALE = -3
"""What :func:`score_offset` gives for a number that is not an integer ``low..high``."""
SMALL_ARRAY = 1024
"""Longest numeric array counted in plain Python (no numpy call, so no GIL release)."""
COMPARE_MIN = 8192
"""Shortest small-dtype array counted by comparison in place (see :func:`_compare_in_place`)."""

_PLAIN_TYPES = frozenset({int, float, type(None)})
_NOT_PLAIN = object()
_INT8_MAX = int(np.iinfo(np.int8).max)
_INT64 = np.iinfo(np.int64)


def score_offset(value: Any, low: int, high: int) -> int:
    """Where one item falls on the scale ``low..high``: the one rule of a valid score.

    ``value - low`` for an integer on the scale (``4.0`` counts as ``4``),
    :data:`MISSING` for ``None``/NaN/pandas ``NA``, :data:`OFF_SCALE` for any
    other number (``6``, ``4.5``, ``inf``, a huge integer) and
    :data:`NOT_A_NUMBER` for anything else (text, booleans, lists).

    >>> [score_offset(v, 1, 5) for v in (1, 5.0, None, float("nan"), 6, 4.5, "5", True)]
    [0, 4, -1, -1, -3, -3, -2, -2]
    """
    kind = type(value)
    if kind is int:
        offset: int = value - low
        return offset if low <= value <= high else OFF_SCALE
    if kind is not float:
        return MISSING if value is None else _odd_offset(value, low, high)
    if value != value:  # noqa: PLR0124 - NaN
        return MISSING
    if low <= value <= high and value.is_integer():
        return int(value) - low
    return OFF_SCALE


def _odd_offset(value: object, low: int, high: int) -> int:
    """:func:`score_offset` of an item that is not a plain ``int``, ``float`` or ``None``."""
    try:
        number = as_real(value)
    except TypeError:
        return NOT_A_NUMBER
    except OverflowError:
        return OFF_SCALE
    return MISSING if number is None else score_offset(number, low, high)


def read_scores(items: Sequence[object], *, low: int, high: int, name: str = "scores") -> list[int]:
    """The :func:`score_offset` of every item; raises at the first one that is not a score.

    ``MISSING`` (-1) marks the missing items. Errors read as they would for
    the same values in a numpy array (a float array when an item is a float
    or missing).

    >>> read_scores([5, None, 1], low=1, high=5)
    [4, -1, 0]
    """
    offsets = [score_offset(v, low, high) for v in items]
    if offsets and min(offsets) < MISSING:
        raise _first_error(items, low, high, name)
    return offsets


def _first_error(
    items: Sequence[object], low: int, high: int, name: str
) -> InputTypeError | InvalidScoreError:
    """The error for the first item that is not a score (there is one)."""
    pos, offset = next(
        (i, offset) for i, v in enumerate(items) if (offset := score_offset(v, low, high)) < MISSING
    )
    item = items[pos]
    if offset == NOT_A_NUMBER:
        return not_a_number(item, pos, name)
    if all(isinstance(x, int | np.integer) and _INT64.min <= x <= _INT64.max for x in items):
        return _off_scale(int(item), pos, low, high, name)  # type: ignore[call-overload]
    return _off_scale(to_float(item, pos, name), pos, low, high, name)  # numpy: a float array


def _off_scale(value: object, pos: int, low: int, high: int, name: str) -> InvalidScoreError:
    msg = f"{name}: expected integers {low}..{high}, got {describe(value)} at position {pos}"
    return InvalidScoreError(msg)


def check_scores(arr: np.ndarray, low: int, high: int, name: str) -> None:
    """Raise InvalidScoreError at the first value off ``low..high`` or not an integer."""
    bad = (arr < low) | (arr > high)
    if arr.dtype.kind == "f":
        bad |= np.isfinite(arr) & (arr != np.floor(arr))
        bad |= np.isinf(arr)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise _off_scale(arr[pos].item(), pos, low, high, name)


def _read(scores: object, name: str) -> Sequence[object] | np.ndarray:
    """Python objects (a list, a tuple, an object array) as they are; else a 1-D numeric array."""
    if isinstance(scores, list | tuple):
        return scores
    arr = scores if type(scores) is np.ndarray else as_array(scores, name)
    if arr.ndim == 1 and arr.dtype.kind == "O":
        return list(arr.tolist())
    return to_numeric(arr, name=name)


def score_ints(
    scores: ScoresLike, *, low: int, high: int, name: str = "scores"
) -> tuple[np.ndarray, np.ndarray | None]:
    """Validated scores as an integer array (missing rows hold ``low``) and the missing mask.

    Python objects are read by :func:`read_scores`. On numeric arrays the
    range is checked with one ``min``/``max`` and the integrality with one
    comparison; only invalid input pays for locating the culprit. ``low``
    must be ``>= 0`` (the values index a ``bincount``).
    """
    return _ints(_read(scores, name), low, high, name)


def _ints(
    data: Sequence[object] | np.ndarray, low: int, high: int, name: str
) -> tuple[np.ndarray, np.ndarray | None]:
    if isinstance(data, np.ndarray):
        ints, missing, _ = _array_ints(data, low, high, name)
        return ints, missing
    offsets = np.array(read_scores(data, low=low, high=high, name=name), dtype=np.intp)
    missing = offsets == MISSING
    return np.where(missing, 0, offsets) + low, (missing if missing.any() else None)


def _array_ints(
    arr: np.ndarray, low: int, high: int, name: str
) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Validated integers (missing rows hold ``low``), the missing mask and how many are missing.

    The range is checked with one ``min``/``max`` (fast on long arrays) and
    the integrality with one comparison; ``count_nonzero`` stands in for
    ``any``/``all``, whose fixed cost dominates on short arrays. Only invalid
    input pays for locating the culprit (:func:`check_scores`).
    """
    mask, n_missing, filled = None, 0, arr
    if arr.dtype.kind == "f":
        mask = np.isnan(arr)
        n_missing = int(np.count_nonzero(mask))
        filled = np.where(mask, float(low), arr) if n_missing else arr
    if filled.size and (filled.min() < low or filled.max() > high):  # inf and huge included
        check_scores(arr, low, high, name)
    if arr.dtype.kind != "f":
        return arr, None, 0
    ints = filled.astype(np.int8 if high <= _INT8_MAX else np.intp)
    if np.count_nonzero(ints != filled):  # not an integer
        check_scores(arr, low, high, name)
    return ints, (mask if n_missing else None), n_missing


def _plain(value: object) -> object:
    """An item as a plain ``int``/``float``/``None`` (:data:`_NOT_PLAIN` when it is none)."""
    if type(value) in _PLAIN_TYPES:
        return value
    try:
        return as_real(value)
    except (TypeError, OverflowError):
        return _NOT_PLAIN


def plain_items(items: Sequence[object]) -> Sequence[object]:
    """Items as plain ``int``/``float``/``None`` (a sentinel for anything that is no number).

    Equal plain values are the same score, so they may be counted together
    (:class:`collections.Counter`); a ``bool`` is made a sentinel first, since
    ``True == 1`` would otherwise count it as the score 1.
    """
    return items if _PLAIN_TYPES.issuperset(map(type, items)) else [_plain(v) for v in items]


def _tally(items: Sequence[object], low: int, high: int, name: str) -> Binned:
    """Counts of Python items (:func:`_tally_counts`); raises at the first item not a score."""
    binned = _tally_counts(items, low, high)
    if binned is None:
        raise _first_error(items, low, high, name)
    return binned


def _tally_counts(
    items: Sequence[object], low: int, high: int, *, plain: bool = False
) -> Binned | None:
    """Counts of Python items, each distinct value checked once (``None``: not all scores).

    Plain ``int``/``float``/``None`` values that compare equal (``4`` and
    ``4.0``, ``0`` and ``-0.0``) are the same score, so
    :class:`collections.Counter` groups them in one C-level pass; other items
    (``True == 1``!) are made plain first. A plain value is a valid score
    exactly when it equals one of ``low..high``, so the counts are read off
    the tally; only when something other than those and ``None`` is left
    (NaN, or not a score) are the distinct values checked one by one.
    """
    tally = Counter(items if plain else plain_items(items))
    counts = tuple([tally.get(score, 0) for score in range(low, high + 1)])
    n = sum(counts)
    if n + tally.get(None, 0) != len(items):
        for value in tally:
            if score_offset(value, low, high) < MISSING:
                return None
    return Binned(counts, n, float(n), len(items) - n)


def _tally_array(arr: np.ndarray, low: int, high: int, name: str) -> Binned:
    """Counts of a short numeric array in plain Python; the array's own error otherwise."""
    binned = _tally_counts(arr.tolist(), low, high, plain=True)  # ints or floats
    return _count_array(arr, low, high, name) if binned is None else binned


def _count_array(arr: np.ndarray, low: int, high: int, name: str) -> Binned:
    """Counts of a numeric array; on integers the count itself is the check.

    An integer array is counted with one ``bincount`` (after one ``max`` when
    its dtype is wider than 16 bits, so that a huge value cannot make it
    allocate): a value above ``high`` lengthens the counts, one below ``low``
    fills a bin below it, a negative one makes ``bincount`` refuse. Floats
    (NaN is missing) and long small-dtype arrays are validated by
    :func:`_array_ints` first.
    """
    if arr.dtype.kind == "f" or _compare_in_place(arr, low, high):
        ints, _, n_missing = _array_ints(arr, low, high, name)
        return _count_ints(ints, n_missing, low, high)
    if arr.dtype.itemsize > 2 and arr.size and arr.max() > high:
        check_scores(arr, low, high, name)
    try:
        counts = np.bincount(arr, minlength=high + 1).tolist()
    except ValueError:  # a negative value
        counts = []
    if len(counts) != high + 1 or any(counts[:low]):
        check_scores(arr, low, high, name)
    return Binned(tuple(counts[low:]), arr.size, float(arr.size), 0)


def _compare_in_place(ints: np.ndarray, low: int, high: int) -> bool:
    """Whether to count a long small-dtype array by comparing in place.

    That beats ``bincount``'s cast to ``intp`` on long arrays (10M int8
    scores: 5 ms against 26 ms) and loses on short ones (20 scores: 8 us
    against 1 us).
    """
    return ints.size >= COMPARE_MIN and ints.dtype.itemsize <= 2 and high - low < 16


def _count_ints(ints: np.ndarray, n_missing: int, low: int, high: int) -> Binned:
    """Counts of validated integers; missing rows (holding ``low``) are taken off bin 0."""
    if _compare_in_place(ints, low, high):
        counts = [int(np.count_nonzero(ints == k)) for k in range(low, high + 1)]
    else:
        counts = np.bincount(ints, minlength=high + 1)[low:].tolist()
    counts[0] -= n_missing
    n = int(ints.size - n_missing)
    return Binned(tuple(counts), n, float(n), n_missing)


def _count_weighted(
    ints: np.ndarray, missing: np.ndarray | None, weights: np.ndarray, low: int, high: int
) -> Binned:
    """Total weight per score; missing rows weigh nothing."""
    w = weights if missing is None else np.where(missing, 0.0, weights)
    n_missing = 0 if missing is None else int(np.count_nonzero(missing))
    counts = np.bincount(ints, weights=w, minlength=high + 1)[low:]
    return Binned(tuple(counts.tolist()), ints.size - n_missing, float(np.dot(w, w)), n_missing)


def bin_scores(
    scores: ScoresLike,
    *,
    low: int,
    high: int,
    weights: npt.ArrayLike | None = None,
    name: str = "scores",
) -> Binned:
    """Validate ``scores`` on ``low..high`` once and count them once.

    Python objects and short numeric arrays without weights are tallied in
    plain Python (no numpy call: a survey batch in a request handler costs
    microseconds and never waits for the GIL); longer numeric arrays are
    counted by :func:`_count_array` (one ``bincount`` on integers);
    weighted data go through :func:`score_ints` and one weighted
    ``bincount``. Either way the histogram holds integer counts (float totals
    with weights), ``n`` and the number missing.

    >>> bin_scores([5, 4, None, 4], low=1, high=5)
    Binned(counts=(0, 0, 0, 2, 1), n=3, sum_sq_weights=3.0, missing=1)
    """
    if weights is None and isinstance(scores, list | tuple):
        return _tally(scores, low, high, name)
    data = _read(scores, name)
    if weights is None:
        if not isinstance(data, np.ndarray):
            return _tally(data, low, high, name)
        if data.size <= SMALL_ARRAY:
            return _tally_array(data, low, high, name)
        return _count_array(data, low, high, name)
    ints, missing = _ints(data, low, high, name)
    return _count_weighted(ints, missing, to_weights(weights, ints.size), low, high)
