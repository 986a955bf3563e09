"""Durations and their statistics: response and resolution times, slow categories.

Durations are read by :func:`~csmetrics._scoring.durations.to_unit`: any
common form, checked against the range of ``timedelta64[us]`` (292,271
years) and, here, refused when negative (a negative response time is a data
error that :func:`~csmetrics.scoring.clean` reports, not a fast answer).
Statistics are computed on floats in the chosen unit; within that range no
sum can overflow.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._models.records import Ticket
from csmetrics._scoring.durations import to_duration, to_unit
from csmetrics._scoring.grouping import factorize, keys_of
from csmetrics._scoring.rates import tickets_of
from csmetrics._scoring.results import warn_undefined
from csmetrics._scoring.scores import SMALL_ARRAY
from csmetrics.exceptions import InvalidInputError

__all__ = [
    "TimeStats",
    "first_response_times",
    "resolution_times",
    "slow_categories",
    "time_stats",
]

Unit = Literal["seconds", "minutes", "hours", "days"]


def first_response_times(tickets: Iterable[Ticket]) -> np.ndarray:
    """Calendar time from creation to the first agent reply (``timedelta64[us]``, NaT if none).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> reply = [{"kind": "agent_reply", "at": t0 + dt.timedelta(minutes=12)}]
    >>> first_response_times([Ticket(id="1", created_at=t0, events=reply)]).astype("m8[m]")
    array([12], dtype='timedelta64[m]')
    """
    return _durations(tickets, lambda t: t.first_response_at)


def resolution_times(tickets: Iterable[Ticket]) -> np.ndarray:
    """Calendar time from creation to the last resolution (``timedelta64[us]``, NaT if none).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> resolution_times([Ticket(id="1", created_at=t0)])
    array(['NaT'], dtype='timedelta64[us]')
    """
    return _durations(tickets, lambda t: t.resolved_at)


def _durations(
    tickets: Iterable[Ticket], end: Callable[[Ticket], dt.datetime | None]
) -> np.ndarray:
    out = []
    for t in tickets_of(tickets):
        stop = end(t)
        out.append(np.timedelta64("NaT") if stop is None else np.timedelta64(stop - t.created_at))
    return np.array(out, dtype="timedelta64[us]")


@dataclass(frozen=True, slots=True)
class TimeStats:
    """Mean, median and 90th percentile of durations, in ``unit``.

    Examples
    --------
    >>> time_stats([30, 90], unit="minutes")
    TimeStats(mean=60.0, median=60.0, p90=84.0, n=2, missing=0, unit='minutes')
    """

    mean: float
    median: float
    p90: float
    n: int
    missing: int
    unit: str


def time_stats(durations: Any, *, unit: Unit = "minutes") -> TimeStats:
    """Mean, median and p90 (linear interpolation) of durations, missing values skipped.

    Durations must be ``>= 0`` and within the range of ``timedelta64[us]``
    (292,271 years); anything else raises
    :class:`~csmetrics.exceptions.InvalidInputError`. The mean is the
    correctly rounded mean of the durations in ``unit`` (``math.fsum``) up
    to 1,024 of them, numpy's pairwise mean beyond.

    Examples
    --------
    >>> import datetime as dt
    >>> s = time_stats([dt.timedelta(minutes=m) for m in (10, 20, 30, 40)] + [None])
    >>> s.mean, s.median, s.p90, s.n, s.missing
    (25.0, 25.0, 37.0, 4, 1)
    """
    values = to_unit(durations, unit, name="durations", nonnegative=True)
    if values.size <= SMALL_ARRAY:  # plain Python: no numpy call, no GIL release
        kept: Any = sorted(v for v in values.tolist() if v == v)  # noqa: PLR0124 - NaN
        mean = math.fsum(kept) / len(kept) if kept else math.nan
    else:
        kept = np.sort(values[~np.isnan(values)])
        mean = float(np.mean(kept)) if kept.size else math.nan
    missing = int(values.size - len(kept))
    if not len(kept):
        warn_undefined("Time statistics")
        return TimeStats(math.nan, math.nan, math.nan, 0, missing, unit)
    median, p90 = _quantile(kept, 0.5), _quantile(kept, 0.9)
    return TimeStats(mean, median, p90, len(kept), missing, unit)


def _quantile(ordered: Any, q: float) -> float:
    """Quantile ``q`` of sorted values by linear interpolation (numpy's default method)."""
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    a, b, t = float(ordered[low]), float(ordered[high]), position - low
    return a + (b - a) * t if t < 0.5 else b - (b - a) * (1.0 - t)


def slow_categories(
    categories: Iterable[Any],
    durations: Any,
    *,
    bound: dt.timedelta | float = dt.timedelta(hours=48),
    unit: Unit = "hours",
) -> tuple[tuple[Hashable, float], ...]:
    """Categories whose average duration exceeds ``bound`` (SPEC: 48 hours), slowest first.

    ``categories`` and ``durations`` pair up one to one (the lengths must
    match); a missing category (``None``, NaN) is a group of its own.
    ``bound`` is one duration ``>= 0``; durations must be ``>= 0``.

    Examples
    --------
    >>> slow_categories(["物流", "物流", "账单"], [50, 60, 10])
    (('物流', 55.0),)
    """
    limit = to_duration(bound, unit, name="bound")
    values = to_unit(durations, unit, name="durations", nonnegative=True)
    labels = keys_of(categories, name="categories")
    if len(labels) != values.size:
        msg = f"categories: expected {values.size} labels (one per duration), got {len(labels)}"
        raise InvalidInputError(msg)
    found, codes = factorize(labels, values.size, name="categories")
    kept = ~np.isnan(values)
    counts = np.bincount(codes[kept], minlength=len(found))
    sums = np.bincount(codes[kept], weights=values[kept], minlength=len(found))
    slow = [
        (found[i], float(sums[i] / counts[i]))
        for i in np.flatnonzero(counts).tolist()
        if sums[i] / counts[i] > limit
    ]
    return tuple(sorted(slow, key=lambda item: (-item[1], str(item[0]))))


publish("csmetrics.scoring", TimeStats)
