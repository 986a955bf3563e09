"""Compiled open intervals of a schedule, extended lazily by calendar year (private).

A :class:`Snapshot` holds the merged open intervals ``[start, end)`` in integer
microseconds (UTC) of the local calendar years ``y0..y1``, clipped to that
coverage ``[lo, hi)``, with the cumulative open time before each interval.
``open_before(t)`` is the open time in ``[lo, t)``; every business-time answer
is a difference of it or its inverse, found by binary search.
"""

from __future__ import annotations

import copy
import sys
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from csmetrics._core.instants import MAX_YEAR, MIN_YEAR, from_us
from csmetrics._core.zones import local_date, local_to_us
from csmetrics._schedule.calendar import year_days
from csmetrics.exceptions import CalendarCoverageWarning, NoOpenTimeError

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.calendar import Calendar

__all__ = ["HORIZON_YEARS", "Snapshot", "Timeline"]

HORIZON_YEARS = 50
_MINUTES_PER_DAY = 1440
_T = TypeVar("_T")
_I64 = np.int64


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Merged open intervals of the years ``y0..y1`` (immutable once built)."""

    y0: int
    y1: int
    lo: int
    hi: int
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    cum: npt.NDArray[np.int64]
    cumend: npt.NDArray[np.int64]
    l_starts: list[int] = field(repr=False)
    l_ends: list[int] = field(repr=False)
    l_cum: list[int] = field(repr=False)
    l_cumend: list[int] = field(repr=False)

    def open_before_many(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Open time in ``[lo, t)`` for each ``t`` (all inside the coverage)."""
        if not self.starts.size:
            return np.zeros_like(t)
        i = np.searchsorted(self.starts, t, side="right") - 1
        ic = np.maximum(i, 0)
        inside = self.cum[ic] + np.minimum(t, self.ends[ic]) - self.starts[ic]
        return np.where(i >= 0, inside, 0).astype(_I64)


def _merge(starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64]
]:  # fmt: skip
    """Union of half-open intervals; touching intervals merge."""
    if not starts.size:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    first = np.concatenate(([True], starts[1:] > reach[:-1]))
    last = np.concatenate((first[1:], [True]))
    return starts[first], reach[last]


def build_snapshot(
    y0: int, y1: int, bounds: tuple[int, int], parts: Iterable[tuple[npt.NDArray[np.int64], ...]]
) -> Snapshot:
    """Merge, clip to ``bounds`` and accumulate the raw windows ``parts``."""
    chunks = list(parts)
    raw_s = np.concatenate([c[0] for c in chunks]).astype(_I64)
    raw_e = np.concatenate([c[1] for c in chunks]).astype(_I64)
    starts, ends = _merge(raw_s, raw_e)
    lo, hi = bounds
    starts, ends = np.maximum(starts, lo), np.minimum(ends, hi)
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    lengths = ends - starts
    cumend = np.cumsum(lengths, dtype=_I64)
    cum = cumend - lengths
    return Snapshot(y0, y1, lo, hi, starts, ends, cum, cumend,
                    starts.tolist(), ends.tolist(), cum.tolist(), cumend.tolist())  # fmt: skip


class Timeline:
    """The lazily compiled open intervals of a calendar in a zone; thread-safe."""

    __slots__ = ("_cal", "_lock", "_snap", "_tz", "_warned", "_years")

    def __init__(self, calendar: Calendar, tz: tzinfo) -> None:
        self._cal = calendar
        self._tz = tz
        self._lock = threading.Lock()
        self._years: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
        self._snap: Snapshot | None = None
        self._warned = False

    @property
    def snapshot(self) -> Snapshot | None:
        """The current compiled intervals (None before the first query)."""
        return self._snap

    def frozen_copy(self, value: _T) -> _T:
        """A deep copy of ``value`` taken while no thread fills the holidays."""
        with self._lock:
            return copy.deepcopy(value)

    def holidays_in(self, years: set[int]) -> tuple[frozenset[date], frozenset[date]]:
        """The holiday dates and make-up days, filled for ``years`` first (under the lock)."""
        with self._lock:
            for year in years:
                self._cal.ensure_year(year)
            return self._cal.holiday_days()

    def same_holidays(self, other: Timeline) -> bool:
        """Whether both name the same holidays and make-up days in every year either holds."""
        years = self._cal.holiday_years() | other._cal.holiday_years()
        return self.holidays_in(years) == other.holidays_in(years)

    def year_of(self, us: int) -> int:
        """Local calendar year of the instant ``us``."""
        return local_date(us, self._tz).year

    def _compile_days(self, days: Iterable[date]) -> tuple[npt.NDArray[np.int64], ...]:
        tz, starts, ends = self._tz, [], []
        for day in days:
            hours = self._cal.day_hours(day)
            if not hours:
                continue
            midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - wall time
            for a, b in hours:
                us_a = local_to_us(tz, midnight + timedelta(minutes=a))
                us_b = local_to_us(tz, midnight + timedelta(minutes=b))
                if us_b > us_a:
                    starts.append(us_a)
                    ends.append(us_b)
        return np.array(starts, dtype=_I64), np.array(ends, dtype=_I64)

    def _year(self, year: int) -> tuple[npt.NDArray[np.int64], ...]:
        if year not in self._years:
            self._cal.ensure_year(year)
            s, e = self._compile_days(year_days(year))
            self._years[year] = (s, e)
        return self._years[year]

    def _build(self, y0: int, y1: int) -> Snapshot:
        self._cal.ensure_year(y0 - 1)
        edge = self._compile_days([date(y0 - 1, 12, 31)])
        parts = [edge, *(self._year(y) for y in range(y0, y1 + 1))]
        bounds = (local_to_us(self._tz, datetime(y0, 1, 1)),  # noqa: DTZ001
                  local_to_us(self._tz, datetime(y1 + 1, 1, 1)))  # noqa: DTZ001  # fmt: skip
        return build_snapshot(y0, y1, bounds, parts)

    def _coverage_message(self, y0: int, y1: int) -> str | None:
        """The first coverage gap in ``y0..y1``, once per timeline (call under the lock)."""
        if self._warned:
            return None
        for year in range(y0, y1 + 1):
            message = self._cal.coverage_gap(year)
            if message is not None:
                self._warned = True
                return message
        return None

    def day_hours(self, day: date) -> tuple[tuple[int, int], ...]:
        """The windows of one local date (holidays filled under the lock)."""
        with self._lock:
            self._cal.ensure_year(day.year)
            return self._cal.day_hours(day)

    def _window_us(self, day: date, minutes: int) -> int:
        midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - wall time
        return local_to_us(self._tz, midnight + timedelta(minutes=minutes))

    def working_date(self, t: int) -> date:
        """The date whose working day ``t`` belongs to.

        The local date of ``t``, or the day before while an overnight shift
        that started that day is still open (shifts count toward the day they
        start on).
        """
        today = local_date(t, self._tz)
        before = today - timedelta(days=1)
        ends = [b for _, b in self.day_hours(before) if b > _MINUTES_PER_DAY]
        if ends and t < self._window_us(before, max(ends)):
            return before
        return today

    def working_day(self, start: int, days: int) -> tuple[int, int]:
        """Opening and closing instants of the ``days``-th working day after ``start``'s.

        Counting starts from :meth:`working_date` of ``start``; ``days == 0``
        is that date when it has open hours, else the next date that has.
        """
        first = self.working_date(start)
        count = 0
        for offset in range(0 if days == 0 else 1, HORIZON_YEARS * 366):
            day = first + timedelta(days=offset)
            hours = self.day_hours(day)
            count += bool(hours)
            if hours and count >= max(days, 1):
                opening = min(a for a, _ in hours)
                closing = max(b for _, b in hours)
                return self._window_us(day, opening), self._window_us(day, closing)
        raise _no_open_time(start, self._tz, "after")

    def extend_years(self, y0: int, y1: int) -> Snapshot:
        """Make sure the years ``y0..y1`` are compiled and return the snapshot."""
        y0, y1 = max(y0, MIN_YEAR), min(y1, MAX_YEAR)
        with self._lock:
            snap = self._snap
            if snap is not None:
                y0, y1 = min(y0, snap.y0), max(y1, snap.y1)
                if (y0, y1) == (snap.y0, snap.y1):
                    return snap
            snap = self._build(y0, y1)
            self._snap = snap
            message = self._coverage_message(y0, y1)
        if message is not None:
            warnings.warn(message, CalendarCoverageWarning, stacklevel=_outside_level())
        return snap

    def cover(self, lo: int, hi: int) -> Snapshot:
        """A snapshot whose coverage contains the instants ``lo..hi``.

        Its caller ``_schedule_ops._cover`` has already found the current one too short.
        """
        return self.extend_years(self.year_of(lo), self.year_of(hi))

    def grow(self, snap: Snapshot, anchor: int, *, forward: bool) -> Snapshot:
        """Compile further away from ``anchor``; give up past the 50-year horizon."""
        year = self.year_of(anchor)
        if forward:
            limit = min(year + HORIZON_YEARS, MAX_YEAR)
            if snap.y1 >= limit:
                raise _no_open_time(anchor, self._tz, "after")
            return self.extend_years(snap.y0, min(snap.y1 + max(1, snap.y1 - year), limit))
        limit = max(year - HORIZON_YEARS, MIN_YEAR)
        if snap.y0 <= limit:
            raise _no_open_time(anchor, self._tz, "before")
        return self.extend_years(max(snap.y0 - max(1, year - snap.y0), limit), snap.y1)


def _outside_level() -> int:
    """The ``stacklevel`` of the first caller outside this package."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith(
        "csmetrics."
    ):
        frame, level = frame.f_back, level + 1
    return level


def _no_open_time(anchor: int, tz: tzinfo, where: str) -> NoOpenTimeError:
    msg = (
        f"schedule: expected the answer within {HORIZON_YEARS} years {where} "
        f"{from_us(anchor, tz).isoformat()}, found too little or no open time there "
        "(check the hours, holidays and changes)"
    )
    return NoOpenTimeError(msg)
