"""Calendar arithmetic on arrays: civil dates and local wall times to UTC microseconds.

``days_from_civil`` is the proleptic-Gregorian day count of a date (the
well-known era / year-of-era decomposition, exact for every year).
``local_wall_to_us`` turns wall-clock microseconds in a time zone into UTC
instants with the rules ``Schedule`` documents: a wall time that occurs twice
is its first occurrence, one that does not exist is the instant the clocks
jump. Offsets are looked up once per distinct wall-clock hour, not per row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.zones import local_to_us

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["days_from_civil", "days_in_month", "local_wall_to_us"]

_HOUR_US = 3_600_000_000
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def days_from_civil(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of each date (months 1-12; days are not checked here).

    >>> days_from_civil(np.array([1970, 2000, 1969]), np.array([1, 3, 12]), np.array([1, 1, 31]))
    array([    0, 11017,    -1])
    """
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    year_of_era = y - era * 400
    shifted = np.where(month > 2, month - 3, month + 9)
    day_of_year = (153 * shifted + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return np.asarray(era * 146_097 + day_of_era - 719_468, dtype=np.int64)


def days_in_month(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The number of days of each month (leap years included).

    >>> days_in_month(np.array([2024, 2025, 1900]), np.array([2, 2, 2]))
    array([29, 28, 28])
    """
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    safe = np.clip(month, 0, 12)
    return np.asarray(_MONTH_DAYS[safe] + (leap & (safe == 2)), dtype=np.int64)


def local_wall_to_us(wall_us: npt.NDArray[np.int64], zone: dt.tzinfo) -> npt.NDArray[np.int64]:
    """UTC microseconds of local wall times (microseconds since 1970-01-01 00:00 local).

    Each distinct wall-clock hour is resolved once: when the zone's offset is
    the same at both ends of the hour, every wall time in it shifts by that
    offset; the few hours that hold a transition are resolved row by row.

    >>> from zoneinfo import ZoneInfo
    >>> wall = np.array([0, 3_600_000_000])
    >>> local_wall_to_us(wall, ZoneInfo("Asia/Shanghai")) // 3_600_000_000
    array([-8, -7])
    """
    hours = np.floor_divide(wall_us, _HOUR_US)
    unique, inverse = np.unique(hours, return_inverse=True)
    shift = np.empty(unique.shape[0], dtype=np.int64)
    exact = np.zeros(unique.shape[0], dtype=bool)
    epoch = dt.datetime(1970, 1, 1)  # noqa: DTZ001 - a wall-clock origin, naive on purpose
    for i, hour in enumerate(unique.tolist()):
        start = epoch + dt.timedelta(hours=hour)
        first = local_to_us(zone, start)
        last = local_to_us(zone, start + dt.timedelta(minutes=59, seconds=59))
        shift[i] = hour * _HOUR_US - first  # the zone's offset during that hour
        exact[i] = last - first != (59 * 60 + 59) * 1_000_000
    out = wall_us - shift[inverse]
    tricky = np.flatnonzero(exact[inverse])
    for row in tricky.tolist():
        out[row] = local_to_us(zone, epoch + dt.timedelta(microseconds=int(wall_us[row])))
    return out
