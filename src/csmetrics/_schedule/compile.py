"""Compiling one local calendar year of a schedule into open intervals (private).

A year's windows are laid out with numpy: every date's hours come from the
calendar once, the dates that share hours are expanded together, and wall
times become UTC instants by subtracting the zone's offset. The offset is
read at each local midnight (both folds); a date whose window boundaries lie
between three equal, unambiguous midnight offsets (the date itself, the next
and the one after, since an overnight window may end the next day) converts
with that offset. Other dates (the few around a daylight-saving change) take
the exact path, :func:`~csmetrics._core.zones.local_to_us`, boundary by
boundary.

Reading the offset at midnights is exact when the zone never changes its
offset twice within 48 hours nor by more than 24 hours at once, which holds
for every zone of the tz database (the closest two changes are about four
days apart, the largest is 24 hours; a test checks the installed database).
It is used for ``zoneinfo.ZoneInfo`` and fixed ``datetime.timezone`` zones
only; any other tzinfo takes the exact path for every boundary.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.instants import US_PER_SECOND
from csmetrics._core.zones import local_to_us

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.calendar import Calendar
    from csmetrics._schedule.hours import DayHours

__all__ = ["compile_year", "year_start"]

_I64 = np.int64
_MINUTE_US = 60 * US_PER_SECOND
_DAY_US = 86_400 * US_PER_SECOND
_NAIVE_EPOCH = date(1970, 1, 1)
_ONE_DAY = timedelta(days=1)


def year_start(tz: tzinfo, year: int) -> int:
    """The instant local ``year`` begins: its 1 January 00:00 (first occurrence, or the jump)."""
    return local_to_us(tz, datetime(year, 1, 1))  # noqa: DTZ001 - a wall time


def _offset_us(offset: timedelta | None) -> int:
    assert offset is not None
    return (offset.days * 86_400 + offset.seconds) * US_PER_SECOND + offset.microseconds


_EXACT = np.iinfo(np.int64).min
"""Marks a date whose windows take the exact conversion."""


def _steady_offsets(tz: tzinfo, first: date, count: int) -> npt.NDArray[np.int64] | None:
    """Per date, the offset its windows convert with (``_EXACT``: convert exactly).

    None when the zone is of a kind whose offsets are not sampled. A date
    converts with its midnight offset when the offsets at its midnight and
    the next three are equal: then no change happens between its midnight
    and two days later, and none of those midnights is skipped or repeated
    (a change of at most 24 hours next to a midnight would make two of the
    four offsets differ).
    """
    if isinstance(tz, timezone):
        return np.full(count, _offset_us(tz.utcoffset(None)), dtype=_I64)
    if not isinstance(tz, zoneinfo.ZoneInfo):
        return None
    ordinal = first.toordinal()
    midnights = map(datetime.fromordinal, range(ordinal, ordinal + count + 3))
    offsets = np.fromiter(map(_offset_us, map(tz.utcoffset, midnights)), _I64, count + 3)
    steady = offsets[:count] == offsets[1 : count + 1]
    steady &= offsets[1 : count + 1] == offsets[2 : count + 2]
    steady &= offsets[2 : count + 2] == offsets[3 : count + 3]
    return np.where(steady, offsets[:count], _EXACT)


def _layout(
    hours: list[DayHours], first: date
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Date index, wall start and wall end (microseconds) of every window, dates grouped."""
    groups: dict[DayHours, list[int]] = {}
    for index, day in enumerate(hours):
        if day:
            groups.setdefault(day, []).append(index)
    base = (first - _NAIVE_EPOCH).days * _DAY_US
    idx_parts, start_parts, end_parts = [], [], []
    for day, indices in groups.items():
        dates = np.asarray(indices, dtype=_I64)
        windows = np.asarray(day, dtype=_I64) * _MINUTE_US
        midnights = base + dates * _DAY_US
        idx_parts.append(np.repeat(dates, len(day)))
        start_parts.append((midnights[:, None] + windows[:, 0]).ravel())
        end_parts.append((midnights[:, None] + windows[:, 1]).ravel())
    if not idx_parts:
        empty = np.empty(0, dtype=_I64)
        return empty, empty, empty
    return np.concatenate(idx_parts), np.concatenate(start_parts), np.concatenate(end_parts)


def _exact(tz: tzinfo, walls: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    epoch = datetime(1970, 1, 1)  # noqa: DTZ001 - a wall time
    return np.array(
        [local_to_us(tz, epoch + timedelta(microseconds=w)) for w in walls.tolist()], dtype=_I64
    )


def _merge(
    starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Union of half-open intervals; touching intervals merge."""
    if not starts.size:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    first = np.concatenate(([True], starts[1:] > reach[:-1]))
    last = np.concatenate((first[1:], [True]))
    return starts[first], reach[last]


def compile_year(
    calendar: Calendar, tz: tzinfo, year: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], int, int]:
    """Merged open intervals of local ``year`` in UTC microseconds, clipped to the year.

    Returns ``(starts, ends, lo, hi)``: the year runs over ``[lo, hi)``. The
    windows of 31 December of the year before are included (an overnight
    shift runs into 1 January); no window reaches past the year's last date.
    The calendar must be filled for ``year - 1`` and ``year`` (``ensure_year``).
    """
    first = date(year - 1, 12, 31)
    count = (date(year + 1, 1, 1) - first).days
    hours = calendar.days_hours(first, count)
    index, wall_starts, wall_ends = _layout(hours, first)
    offsets = _steady_offsets(tz, first, count)
    if offsets is None:
        starts, ends = _exact(tz, wall_starts), _exact(tz, wall_ends)
    else:
        per_window = offsets[index]
        exact = per_window == _EXACT
        starts, ends = wall_starts - per_window, wall_ends - per_window
        if exact.any():
            starts[exact], ends[exact] = (
                _exact(tz, wall_starts[exact]),
                _exact(tz, wall_ends[exact]),
            )
    lo, hi = year_start(tz, year), year_start(tz, year + 1)
    starts, ends = _merge(starts, ends)
    starts, ends = np.maximum(starts, lo), np.minimum(ends, hi)
    keep = ends > starts
    return starts[keep], ends[keep], lo, hi
