"""CSAT, NPS or a rate per group (agent, channel, category) and per period.

Groups are counted in one pass: each row's group code and score are folded
into one index for :func:`numpy.bincount`, which yields a count vector per
group; each vector becomes the same mergeable counts object that
:func:`~csmetrics.scoring.csat` uses, so a group's result is exactly what the
scalar function gives on that group's rows.

Periods (:func:`trend`) are labelled by their first day (``datetime64[D]``):
days, ISO weeks starting on Monday, or calendar months. Aware ``datetime``
objects and tz-aware pandas data are binned on their own wall clock (the time
zone they carry); numpy ``datetime64`` values are UTC. Naive datetimes are
refused.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_aware
from csmetrics._scoring.counts import CsatCounts, NpsCounts, RateCounts
from csmetrics._scoring.inputs import FlagsLike, ScoresLike, is_missing, to_flags, to_weights
from csmetrics._scoring.results import CsatResult, NpsResult, RateResult
from csmetrics._scoring.scores import score_ints
from csmetrics.exceptions import InvalidInputError, NaiveDatetimeError

__all__ = ["GROUP_METRICS", "GroupedResults", "group_by", "trend"]

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

    def as_dict(self) -> dict[Hashable, _Result]:
        """Group key -> result."""
        return dict(zip(self.keys, self.results, strict=True))

    def values(self, attribute: str) -> np.ndarray:
        """``attribute`` of every result (e.g. ``"mean"``, ``"score"``, ``"n"``)."""
        return np.array([getattr(r, attribute) for r in self.results])


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


def _factorize(keys: Iterable[Any], size: int) -> tuple[list[Hashable], np.ndarray]:
    fast = None
    if isinstance(keys, np.ndarray) and keys.dtype.kind in "iu" and keys.size:
        fast = _factorize_ints(keys)
    if fast is not None:
        found, codes = fast
    elif isinstance(keys, np.ndarray) and keys.dtype.kind in "USiuM":
        uniques, codes = np.unique(keys, return_inverse=True)
        found = list(uniques.tolist()) if keys.dtype.kind != "M" else list(uniques)
    else:
        items = keys.tolist() if isinstance(keys, np.ndarray) else list(keys)
        distinct = sorted(set(items), key=lambda k: (k is None, str(k), repr(k)))
        lookup = {k: i for i, k in enumerate(distinct)}
        codes = np.fromiter((lookup[k] for k in items), dtype=np.intp, count=len(items))
        found = distinct
    if codes.size != size:
        msg = f"keys: expected {size} keys (one per score), got {codes.size}"
        raise InvalidInputError(msg)
    return found, codes.astype(np.intp, copy=False)


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


def _build(metric: str, row: tuple[Any, ...], scale: int, satisfied_at: int) -> Any:
    counts, n, sq, missing = row
    if metric == "csat":
        return CsatCounts(tuple(counts), n, sq, missing, scale, satisfied_at)
    if metric == "nps":
        return NpsCounts(tuple(counts), n, sq, missing)
    return RateCounts((counts[0], counts[1]), n, sq, missing)


def group_by(
    keys: Iterable[Any],
    scores: ScoresLike | FlagsLike,
    *,
    metric: Literal["csat", "nps", "rate"] = "csat",
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
) -> GroupedResults:
    """The metric per group (agent, channel, category ...), in one vectorized pass.

    Parameters
    ----------
    keys : iterable of hashable
        One group key per score (``None`` is a group of its own).
    scores : array-like
        CSAT scores ``1..scale``, NPS answers 0..10, or booleans for ``"rate"``
        (e.g. first-contact resolution per ticket); ``None``/NaN missing.
    metric : {"csat", "nps", "rate"}
    scale, satisfied_at : int
        CSAT scale and top-box threshold.
    confidence : float
    weights : array-like, optional
        Survey weights, one per row.

    Returns
    -------
    GroupedResults
        Keys sorted; each result equals the scalar function on that group.

    Examples
    --------
    >>> g = group_by(["小张", "小李", "小张", "小李"], [True, False, True, True], metric="rate")
    >>> g.keys, g.values("value").tolist()
    (('小张', '小李'), [1.0, 0.5])
    """
    if metric not in GROUP_METRICS:
        msg = f"metric: expected one of {GROUP_METRICS!r}, got {metric!r}"
        raise InvalidInputError(msg)
    offsets, missing, bins = _values(metric, scores, scale)
    found, codes = _factorize(keys, offsets.size)
    g = len(found)
    flat = codes * bins + offsets
    miss = (
        np.zeros(g, dtype=np.intp) if missing is None else np.bincount(codes[missing], minlength=g)
    )
    if weights is None:
        table: np.ndarray = np.bincount(flat, minlength=g * bins).reshape(g, bins)
        table[:, 0] -= miss  # missing rows were counted in bin 0
        n = table.sum(axis=1)
        sq = n.astype(np.float64)
    else:
        w = to_weights(weights, offsets.size)
        w = w if missing is None else np.where(missing, 0.0, w)
        table = np.bincount(flat, weights=w, minlength=g * bins).reshape(g, bins)
        n = np.bincount(codes, minlength=g) - miss
        sq = np.bincount(codes, weights=w * w, minlength=g)
    rows = zip(table.tolist(), n.tolist(), sq.tolist(), miss.tolist(), strict=True)
    counts = [_build(metric, row, scale, satisfied_at) for row in rows]
    results = tuple(c.result(confidence=confidence) for c in counts)
    return GroupedResults(tuple(found), results, metric)


def _wall_clock(value: object, index: int) -> object:
    if is_missing(value):
        return None
    return require_aware(value, param=f"timestamps[{index}]").replace(tzinfo=None)


def _to_datetime64(timestamps: Any) -> np.ndarray:
    tz_holder = getattr(timestamps, "dt", timestamps)
    if hasattr(tz_holder, "tz") and hasattr(tz_holder, "tz_localize"):
        if tz_holder.tz is None:
            msg = "timestamps: expected tz-aware pandas datetimes, got naive ones"
            raise NaiveDatetimeError(msg)
        return np.asarray(tz_holder.tz_localize(None), dtype="datetime64[us]")
    if isinstance(timestamps, np.ndarray) and timestamps.dtype.kind == "M":
        return timestamps
    items = list(timestamps)
    wall = [_wall_clock(v, i) for i, v in enumerate(items)]
    return np.array([np.datetime64("NaT") if v is None else v for v in wall], "datetime64[us]")


def _period_start(days: np.ndarray, freq: str) -> np.ndarray:
    if freq == "D":
        return days
    if freq == "W":
        number = days.astype(np.int64)
        monday = number - (number + 3) % 7  # 1970-01-01 was a Thursday
        return np.where(np.isnat(days), days, monday.astype("datetime64[D]"))
    return days.astype("datetime64[M]").astype("datetime64[D]")


def trend(
    timestamps: Any,
    scores: ScoresLike | FlagsLike,
    *,
    freq: Literal["D", "W", "M"] = "M",
    metric: Literal["csat", "nps", "rate"] = "csat",
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
) -> GroupedResults:
    """The metric per day, ISO week (from Monday) or calendar month.

    Parameters
    ----------
    timestamps : array-like of datetimes
        Aware ``datetime`` objects, numpy ``datetime64`` (UTC) or tz-aware
        pandas data; one per score. Missing timestamps form a ``NaT`` period.
    scores : array-like
        As for :func:`group_by`.
    freq : {"D", "W", "M"}
        Day, week or month.

    Returns
    -------
    GroupedResults
        Keys are the periods' first days (``numpy.datetime64``), in order.

    Examples
    --------
    >>> import datetime as dt
    >>> tz = dt.timezone(dt.timedelta(hours=8))
    >>> times = [dt.datetime(2025, 1, d, 9, tzinfo=tz) for d in (6, 8, 13, 31)]
    >>> t = trend(times, [5, 3, 4, 4], freq="W")
    >>> [str(k) for k in t.keys], t.values("mean").tolist()
    (['2025-01-06', '2025-01-13', '2025-01-27'], [4.0, 4.0, 4.0])
    """
    if freq not in ("D", "W", "M"):
        msg = f"freq: expected 'D', 'W' or 'M', got {freq!r}"
        raise InvalidInputError(msg)
    days = _to_datetime64(timestamps).astype("datetime64[D]")
    periods = _period_start(days, freq)
    return group_by(
        periods,
        scores,
        metric=metric,
        scale=scale,
        satisfied_at=satisfied_at,
        confidence=confidence,
        weights=weights,
    )


publish("csmetrics.scoring", GroupedResults)
