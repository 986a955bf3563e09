"""Reporting periods of UTC instants in a time zone: days, ISO weeks, calendar months.

A period starts at local midnight in the reporting zone: a day at 00:00, an
ISO week on Monday 00:00, a month on its first day at 00:00. Instants are
int64 UTC microseconds (``NAT`` for missing); the zone's offset is looked up
once per distinct day, not per row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import numpy as np

from csmetrics._core.civil import local_wall_to_us
from csmetrics._core.codes import dense_codes
from csmetrics._core.instants import NAT

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["PERIODS", "Period", "local_days", "period_days", "period_starts_us"]

Period = Literal["day", "week", "month"]
PERIODS: tuple[Period, ...] = ("day", "week", "month")
_DAY_US = 86_400_000_000
_HOUR_US = 3_600_000_000


def local_days(us: npt.NDArray[np.int64], zone: dt.tzinfo) -> npt.NDArray[np.int64]:
    """The local day number (days since 1970-01-01) in ``zone`` of each instant; NAT stays NAT.

    The offset is looked up once per distinct UTC day (at its start, middle
    and end); a day in which it changes is looked up per hour, and an hour in
    which it changes (a DST switch, a historical change at an odd second)
    row by row.

    >>> from zoneinfo import ZoneInfo
    >>> at = np.array([16 * 3_600_000_000, 15 * 3_600_000_000])  # 1970-01-01 16:00, 15:00 UTC
    >>> local_days(at, ZoneInfo("Asia/Shanghai")).tolist()
    [1, 0]
    """
    valid = us != NAT
    values = us[valid]
    offsets, changing = _offsets(values, _DAY_US, zone)
    if changing.size:
        within, rows = _offsets(values[changing], _HOUR_US, zone)
        within[rows] = [_offset_us(int(v), zone) for v in values[changing][rows].tolist()]
        offsets[changing] = within
    out = np.full(us.shape, NAT, dtype=np.int64)
    out[valid] = np.floor_divide(values + offsets, _DAY_US)
    return out


def _offsets(
    values: npt.NDArray[np.int64], span: int, zone: dt.tzinfo
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """Each value's offset at the start of its ``span``, and the rows whose span holds a change."""
    spans, inverse = dense_codes(np.floor_divide(values, span))
    starts = spans.tolist()
    first = np.array([_offset_us(k * span, zone) for k in starts], dtype=np.int64)
    middle = np.array([_offset_us(k * span + span // 2, zone) for k in starts], dtype=np.int64)
    last = np.array([_offset_us((k + 1) * span - 1, zone) for k in starts], dtype=np.int64)
    changes = (first != middle) | (first != last)
    return first[inverse], np.flatnonzero(changes[inverse])


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _offset_us(instant_us: int, zone: dt.tzinfo) -> int:
    instant = _EPOCH + dt.timedelta(microseconds=instant_us)
    offset = instant.astimezone(zone).utcoffset() or dt.timedelta(0)
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds


def period_days(days: npt.NDArray[np.int64], period: Period) -> npt.NDArray[np.int64]:
    """The first day of each day's period (day numbers; NAT stays NAT).

    >>> period_days(np.array([0, 4, 31]), "week").tolist()  # 1970-01-01 was a Thursday
    [-3, 4, 25]
    >>> period_days(np.array([0, 40]), "month").tolist()
    [0, 31]
    """
    valid = days != NAT
    out = days.copy()
    if period == "week":
        out[valid] = days[valid] - (days[valid] + 3) % 7
    elif period == "month":
        months = days[valid].astype("datetime64[D]").astype("datetime64[M]")
        out[valid] = months.astype("datetime64[D]").astype(np.int64)
    return out


def period_starts_us(days: npt.NDArray[np.int64], zone: dt.tzinfo) -> npt.NDArray[np.int64]:
    """UTC microseconds of local midnight in ``zone`` on each day number (NAT stays NAT).

    >>> from zoneinfo import ZoneInfo
    >>> (period_starts_us(np.array([1]), ZoneInfo("Asia/Shanghai")) // 3_600_000_000).tolist()
    [16]
    """
    valid = days != NAT
    out = np.full(days.shape, NAT, dtype=np.int64)
    out[valid] = local_wall_to_us(days[valid] * _DAY_US, zone)
    return out
