"""CSAT, NPS or a rate per day, ISO week or calendar month.

Periods (:func:`trend`) are labelled by their first day (``datetime64[D]``):
days, ISO weeks starting on Monday, or calendar months. Aware ``datetime``
objects and tz-aware pandas data are binned on their own wall clock (the time
zone they carry); numpy ``datetime64`` values are UTC. Naive datetimes are
refused. Each period's result comes from :func:`~csmetrics._scoring.grouping.grouped`,
exactly as :func:`~csmetrics.scoring.group_by` gives it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.instants import NAT, instants_us
from csmetrics._core.periods import local_days, period_days
from csmetrics._core.validate import require_aware, require_choice
from csmetrics._core.zones import resolve_timezone
from csmetrics._scoring.grouping import GroupedResults, grouped, keys_of
from csmetrics._scoring.inputs import FlagsLike, ScoresLike, is_missing, unmask
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

__all__ = ["trend"]


def _wall_clock(value: object, index: int) -> object:
    if is_missing(value):
        return None
    if not isinstance(value, dt.datetime):
        msg = f"timestamps[{index}]: expected a timezone-aware datetime, got {describe(value)}"
        raise InputTypeError(msg)
    return require_aware(value, param=f"timestamps[{index}]").replace(tzinfo=None)


_MAX_DAYS = 2**62
"""Largest day number (either way from 1970) a period is computed for: no int64 wrap."""


def _to_datetime64(timestamps: Any) -> np.ndarray:
    timestamps = unmask(timestamps)
    tz_holder = getattr(timestamps, "dt", timestamps)
    if hasattr(tz_holder, "tz") and hasattr(tz_holder, "tz_localize"):
        if tz_holder.tz is None:
            msg = "timestamps: expected tz-aware pandas datetimes, got naive ones"
            raise NaiveDatetimeError(msg)
        return np.asarray(tz_holder.tz_localize(None), dtype="datetime64[us]")
    if isinstance(timestamps, np.ndarray) and timestamps.dtype.kind == "M":
        if timestamps.ndim != 1:
            msg = f"timestamps: expected a 1-D sequence, got an array of shape {timestamps.shape!r}"
            raise InputTypeError(msg)
        return timestamps
    items = keys_of(timestamps, name="timestamps")
    items = items.tolist() if isinstance(items, np.ndarray) else items
    wall = [_wall_clock(v, i) for i, v in enumerate(items)]
    return np.array([np.datetime64("NaT") if v is None else v for v in wall], "datetime64[us]")


def _days(timestamps: Any) -> np.ndarray:
    """Day numbers (``datetime64[D]``) of the timestamps, refused beyond +-2**62 days."""
    days = _to_datetime64(timestamps).astype("datetime64[D]")
    number = days.view(np.int64)
    if np.any((np.abs(number) > _MAX_DAYS) & ~np.isnat(days)):
        msg = "timestamps: expected dates within +-2**62 days of 1970-01-01"
        raise InvalidInputError(msg)
    return days


_PERIOD_NAMES = {"D": "day", "W": "week", "M": "month"}


def _zoned_periods(timestamps: Any, freq: str, timezone: object) -> np.ndarray:
    """First days (``datetime64[D]``) of the periods in ``timezone`` of any instants."""
    zone = resolve_timezone(timezone)
    timestamps = unmask(timestamps)
    if not hasattr(timestamps, "dtype") and not isinstance(timestamps, dt.datetime):
        items = keys_of(timestamps, name="timestamps")
        items = items.tolist() if isinstance(items, np.ndarray) else items
        timestamps = [None if is_missing(v) else v for v in items]
    us = instants_us(timestamps, "timestamps").reshape(-1)
    starts = period_days(local_days(us, zone), _PERIOD_NAMES[freq])  # type: ignore[arg-type]
    return np.where(starts == NAT, np.datetime64("NaT", "D"), starts.astype("datetime64[D]"))


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
    timezone: str | dt.tzinfo | None = None,
) -> GroupedResults:
    """The metric per day, ISO week (from Monday) or calendar month.

    Parameters
    ----------
    timestamps : array-like of datetimes
        Aware ``datetime`` objects, numpy ``datetime64`` (UTC) or tz-aware
        pandas data; one per score (the lengths must match exactly). Missing
        timestamps (``None``, ``NaT``, masked entries) form a ``NaT`` period.
    scores : array-like
        As for :func:`group_by`.
    freq : {"D", "W", "M"}
        Day, week or month.
    timezone : str or tzinfo, optional
        The reporting time zone (e.g. ``"Asia/Shanghai"``): periods start at
        its local midnight (weeks on Monday 00:00), whatever zone each
        timestamp carries. ``None``: each timestamp's own wall clock (UTC
        for ``datetime64``).

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

    The same instants in the reporting zone: Sunday 23:30 UTC is Monday in Shanghai.

    >>> times = np.array(["2025-01-12T23:30", "2025-01-12T15:00"], dtype="datetime64[m]")
    >>> t = trend(times, [5, 3], freq="W", timezone="Asia/Shanghai")
    >>> [str(k) for k in t.keys], t.values("mean").tolist()
    (['2025-01-06', '2025-01-13'], [3.0, 5.0])
    """
    require_choice(freq, ("D", "W", "M"), param="freq")
    if timezone is None:
        periods = _period_start(_days(timestamps), freq)
    else:
        periods = _zoned_periods(timestamps, freq, timezone)
    return grouped(
        periods,
        scores,
        metric=metric,
        scale=scale,
        satisfied_at=satisfied_at,
        confidence=confidence,
        weights=weights,
        key_name="timestamps",
        names=("period",),
    )
