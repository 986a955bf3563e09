"""CSAT, NPS or a rate per group (agent, channel, category).

Groups are counted in one pass: each row's group code and score are folded
into one index for :func:`numpy.bincount`, which yields a count vector per
group; each vector becomes the same mergeable counts object that
:func:`~csmetrics.scoring.csat` uses, so a group's result is exactly what the
scalar function gives on that group's rows. Up to
:data:`~csmetrics._scoring.scores.SMALL_ARRAY` rows without weights are
counted in plain Python instead (no numpy call: no GIL release, so no
wait for it under threads), with the same keys in the same order.
Trends over periods are in :mod:`csmetrics._scoring.periods`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.validate import require_choice
from csmetrics._scoring.counts import CsatCounts, NpsCounts, RateCounts
from csmetrics._scoring.csat_counts import check_scale
from csmetrics._scoring.inputs import (
    FlagsLike,
    ScoresLike,
    as_array,
    flag_values,
    is_missing,
    to_flags,
    to_weights,
    unhashable,
    unmask,
)
from csmetrics._scoring.intervals import z_value
from csmetrics._scoring.results import CsatResult, NpsResult, RateResult
from csmetrics._scoring.scores import (
    SMALL_ARRAY,
    plain_items,
    read_scores,
    score_ints,
    score_offset,
)
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

__all__ = ["GROUP_METRICS", "GroupedResults", "factorize", "grouped", "keys_of"]

GROUP_METRICS = ("csat", "nps", "rate")
_Result = CsatResult | NpsResult | RateResult


@dataclass(frozen=True, slots=True)
class GroupedResults:
    """One result per group, keys in sorted order.

    ``values("mean")`` gives an attribute of every result as a numpy array
    (ready to plot); ``as_dict()`` maps keys to results.

    Examples
    --------
    >>> g = group_by(["email", "chat", "chat"], [3, 5, 4])
    >>> g.keys, g.values("mean").tolist(), g.as_dict()["email"].n
    (('chat', 'email'), [4.5, 3.0], 1)
    """

    keys: tuple[Hashable, ...]
    results: tuple[_Result, ...]
    metric: str
    names: tuple[str, ...] = ("key",)

    def as_dict(self) -> dict[Hashable, _Result]:
        """Group key -> result."""
        return dict(zip(self.keys, self.results, strict=True))

    def values(self, attribute: str) -> np.ndarray:
        """``attribute`` of every result (e.g. ``"mean"``, ``"score"``, ``"n"``)."""
        return np.array([getattr(r, attribute) for r in self.results])

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per group, indexed by the key(s) (needs pandas).

        Missing keys are labelled ``"(missing)"``; the columns are the
        result's value, ``n``, the interval ``low`` / ``high`` and the rest.

        >>> from csmetrics.scoring import group_by
        >>> group_by(["chat", None, "chat"], [5, 4, 3]).to_frame()[["mean", "n"]]
                   mean  n
        key
        chat        4.0  2
        (missing)   4.0  1
        """
        from csmetrics._scoring.frames import grouped_frame  # noqa: PLC0415 - pandas on use

        return grouped_frame(self)


def keys_of(keys: object, *, name: str = "keys") -> Any:
    """Group keys as a 1-D numpy array or a list (masked entries as ``None``)."""
    keys = unmask(keys)
    if (
        isinstance(keys, str | bytes | Mapping | Set)
        or not isinstance(keys, Iterable)
        or (isinstance(keys, np.ndarray) and keys.ndim == 0)
    ):
        msg = f"{name}: expected a sequence of keys (one per value), got {describe(keys)}"
        raise InputTypeError(msg)
    if isinstance(keys, np.ndarray):
        if keys.ndim != 1:
            msg = f"{name}: expected a 1-D sequence, got an array of shape {keys.shape!r}"
            raise InputTypeError(msg)
        return keys
    return list(keys)


def _key_order(key: Hashable) -> tuple[bool, str, str]:
    return (key is None, str(key), repr(key))


_NEVER_MISSING = frozenset({str, int, bool, bytes, type(None)})


def _without_missing(items: list[Any]) -> list[Any]:
    """Items with every missing marker (NaN, NA, NaT, masked) made ``None``."""
    kinds = set(map(type, items))
    if kinds <= _NEVER_MISSING:
        return items
    if kinds <= _NEVER_MISSING | {float}:
        return [None if k != k else k for k in items]  # noqa: PLR0124 - NaN
    return [None if is_missing(k) else k for k in items]


def _object_codes(items: list[Any], name: str) -> tuple[list[Hashable], list[int]]:
    """Codes of Python keys, sorted by text; every missing key (NaN, NA ...) is ``None``."""
    items = _without_missing(items)
    try:
        found = set(items)
    except TypeError:
        raise unhashable(items, name) from None
    numbers = found - {None}
    if set(map(type, numbers)) <= {int, float}:  # numbers by value, as in a numeric array
        distinct = sorted(numbers) + ([None] if None in found else [])
    else:
        distinct = sorted(found, key=_key_order)
    lookup = {k: i for i, k in enumerate(distinct)}
    return distinct, [lookup[k] for k in items]


def _factorize_ints(keys: np.ndarray) -> tuple[list[Hashable], np.ndarray] | None:
    """Codes of integer keys in O(n) when their range is small (no sort)."""
    low, high = int(keys.min()), int(keys.max())
    if high - low > max(keys.size, 1 << 16):
        return None
    shifted = (keys - low).astype(np.intp)
    present = np.bincount(shifted, minlength=high - low + 1) > 0
    remap = np.cumsum(present) - 1
    found: list[Hashable] = list((np.flatnonzero(present) + low).tolist())
    return found, remap[shifted]


def factorize(keys: Any, size: int, *, name: str = "keys") -> tuple[list[Hashable], np.ndarray]:
    """The distinct keys in sorted order and each row's code (``keys`` from :func:`keys_of`).

    Integers sort by value, text by code point (as numpy sorts them), other
    keys by their text with ``None`` (every missing key) last.
    """
    fast = None
    if isinstance(keys, np.ndarray) and keys.dtype.kind in "iu" and keys.size:
        fast = _factorize_ints(keys)
    if fast is not None:
        found, codes = fast
    elif isinstance(keys, np.ndarray) and keys.dtype.kind in "USiuM":
        uniques, codes = np.unique(keys, return_inverse=True)
        found = list(uniques.tolist()) if keys.dtype.kind != "M" else list(uniques)
    else:
        found, listed = _object_codes(keys.tolist() if isinstance(keys, np.ndarray) else keys, name)
        codes = np.array(listed, dtype=np.intp)
    _check_length(codes.size, size, name)
    return found, codes.astype(np.intp, copy=False)


def _factorize_small(keys: Any, size: int, name: str) -> tuple[list[Hashable], list[int]]:
    """:func:`factorize` of at most :data:`SMALL_ARRAY` keys in plain Python (same order)."""
    _check_length(len(keys), size, name)
    if isinstance(keys, np.ndarray) and keys.dtype.kind in "iuUS":
        items = keys.tolist()
        distinct = sorted(set(items))
        lookup = {k: i for i, k in enumerate(distinct)}
        return distinct, [lookup[k] for k in items]
    if isinstance(keys, np.ndarray) and keys.dtype.kind not in "O":
        found, codes = factorize(keys, size, name=name)
        return found, codes.tolist()
    return _object_codes(keys.tolist() if isinstance(keys, np.ndarray) else keys, name)


def _check_length(got: int, size: int, name: str) -> None:
    if got != size:
        msg = f"{name}: expected {size} (one per score), got {got}"
        raise InvalidInputError(msg)


def _values(
    metric: str, scores: ScoresLike | FlagsLike, scale: int
) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Bin offsets (0-based; 0 on missing rows), the missing mask, and the bins per group."""
    if metric == "rate":
        flags, missing_flags = to_flags(scores, name="scores")
        return flags.astype(np.intp), missing_flags, 2
    low, high = (0, 10) if metric == "nps" else (1, scale)
    ints, missing = score_ints(scores, low=low, high=high)
    return (ints - low if low else ints), missing, high - low + 1


def _small_items(scores: object) -> list[Any] | None:
    """Scores or flags as Python items when there are at most :data:`SMALL_ARRAY`; else None."""
    scores = unmask(scores)
    if isinstance(scores, list | tuple):
        return list(scores)
    arr = scores if isinstance(scores, np.ndarray) else as_array(scores, "scores")
    if arr.ndim != 1 or arr.size > SMALL_ARRAY:
        return None
    return list(arr.tolist())


def _flag_offset(value: object) -> int:
    """1 or 0 for a flag, -1 when missing, -3 when it is no flag."""
    try:
        flag = flag_values([value], "scores")[0]
    except CsMetricsError:
        return -3
    return -1 if flag is None else int(flag)


def _item_offsets(metric: str, items: list[Any], low: int, high: int) -> list[int]:
    """Each item's bin offset (-1: missing), read one by one; raises at the first bad item."""
    if metric == "rate":
        return [-1 if f is None else int(f) for f in flag_values(items, "scores")]
    return read_scores(items, low=low, high=high)


def _tally_groups(
    metric: str, codes: list[int], items: list[Any], groups: int, scale: int
) -> list[tuple[list[int], int, float, int]]:
    """Per group: the counts per bin, n, the sum of squared (unit) weights, and missing.

    Equal ``(group, value)`` pairs are counted together by a
    :class:`collections.Counter` (one C-level pass) and each distinct value is
    checked once. When a value is no score (or flag), or cannot be hashed,
    the items are read one by one instead: that raises the reader's error
    naming the first bad position, or counts what it read.
    """
    low, high = (0, 1) if metric == "rate" else (0, 10) if metric == "nps" else (1, scale)
    values = items if metric == "rate" else plain_items(items)
    read = _flag_offset if metric == "rate" else lambda v: score_offset(v, low, high)
    try:
        pairs = Counter(zip(codes, values, strict=True))
        offsets = {value: read(value) for _, value in pairs}
    except TypeError:  # an unhashable item
        offsets = {}
    if (not offsets and items) or any(o < -1 for o in offsets.values()):
        pairs = Counter(zip(codes, _item_offsets(metric, items, low, high), strict=True))
        offsets = {o: o for _, o in pairs}
    table = [[0] * (high - low + 1) for _ in range(groups)]
    missing = [0] * groups
    for (code, value), count in pairs.items():
        offset = offsets[value]
        if offset == -1:
            missing[code] += count
        else:
            table[code][offset] += count
    return [
        (row, sum(row), float(sum(row)), miss) for row, miss in zip(table, missing, strict=True)
    ]


def _build(metric: str, row: tuple[Any, ...], scale: int, satisfied_at: int) -> Any:
    counts, n, sq, missing = row
    if metric == "csat":
        return CsatCounts(tuple(counts), n, sq, missing, scale, satisfied_at)
    if metric == "nps":
        return NpsCounts(tuple(counts), n, sq, missing)
    return RateCounts((counts[0], counts[1]), n, sq, missing)


def _table(
    keys: Any,
    scores: Any,
    metric: str,
    scale: int,
    *,
    weights: npt.ArrayLike | None,
    key_name: str,
) -> tuple[list[Hashable], list[tuple[Any, ...]]]:
    """The distinct keys and, per key, ``(counts, n, sum of squared weights, missing)``."""
    items = None if weights is not None else _small_items(scores)
    if items is not None and len(keys) <= SMALL_ARRAY:  # plain Python: no GIL release
        found, listed = _factorize_small(keys, len(items), key_name)
        return found, _tally_groups(metric, listed, items, len(found), scale)
    offsets_arr, missing, bins = _values(metric, scores, scale)
    found, codes = factorize(keys, offsets_arr.size, name=key_name)
    g = len(found)
    flat = codes * bins + offsets_arr
    miss = (
        np.zeros(g, dtype=np.intp) if missing is None else np.bincount(codes[missing], minlength=g)
    )
    if weights is None:
        table: np.ndarray = np.bincount(flat, minlength=g * bins).reshape(g, bins)
        table[:, 0] -= miss  # missing rows were counted in bin 0
        n = table.sum(axis=1)
        sq = n.astype(np.float64)
    else:
        w = to_weights(weights, offsets_arr.size)
        w = w if missing is None else np.where(missing, 0.0, w)
        table = np.bincount(flat, weights=w, minlength=g * bins).reshape(g, bins)
        n = np.bincount(codes, minlength=g) - miss
        sq = np.bincount(codes, weights=w * w, minlength=g)
    return found, list(zip(table.tolist(), n.tolist(), sq.tolist(), miss.tolist(), strict=True))


def grouped(
    keys: Any,
    scores: ScoresLike | FlagsLike,
    *,
    metric: str,
    scale: int,
    satisfied_at: int,
    confidence: float,
    weights: npt.ArrayLike | None,
    key_name: str = "keys",
    names: tuple[str, ...] = ("key",),
) -> GroupedResults:
    """:func:`group_by` of keys from :func:`keys_of`; ``key_name`` names them in errors."""
    require_choice(metric, GROUP_METRICS, param="metric")
    check_scale(scale, satisfied_at)
    z_value(confidence)
    found, rows = _table(keys, scores, metric, scale, weights=weights, key_name=key_name)
    counts = [_build(metric, row, scale, satisfied_at) for row in rows]
    results = tuple(c.result(confidence=confidence) for c in counts)
    return GroupedResults(tuple(found), results, metric, names)


publish("csmetrics.scoring", GroupedResults)
