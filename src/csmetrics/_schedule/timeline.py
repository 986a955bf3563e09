"""Compiled open intervals of a schedule, in chunks of local calendar years (private).

A :class:`Snapshot` holds the merged open intervals ``[start, end)`` in integer
microseconds (UTC) of the local calendar years ``y0..y1``, clipped to that
coverage ``[lo, hi)``, with the cumulative open time before each interval.
``open_before(t)`` is the open time in ``[lo, t)``; every business-time answer
is a difference of it or its inverse, found by binary search.

The :class:`Timeline` compiles years lazily, only those a query touches
(:mod:`csmetrics._schedule.compile`), and keeps:

- the last compiled years, up to :data:`CACHED_INTERVALS` open intervals in
  all (least recently used out; about 500 intervals a year for office hours);
- a few contiguous snapshots of at most :data:`SNAPSHOT_YEARS` years, the
  fast path of every query whose instants they cover;
- the open time of every year it has compiled, one number per year, so that
  a query across a wide gap (1800 to 2025) adds up the years in between
  without keeping their intervals.

So cost and memory follow the years a query actually spans: a query in 1800
on a schedule used in 2025 compiles 1800, not the 225 years in between.
"""

from __future__ import annotations

import copy
import sys
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from csmetrics._core.instants import MAX_YEAR, MIN_YEAR, from_us
from csmetrics._schedule.compile import compile_year, year_start
from csmetrics.exceptions import CalendarCoverageWarning, NoOpenTimeError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy.typing as npt

    from csmetrics._schedule.calendar import Calendar
    from csmetrics._schedule.hours import DayHours

__all__ = [
    "CACHED_INTERVALS",
    "HORIZON_YEARS",
    "SNAPSHOT_YEARS",
    "Snapshot",
    "Timeline",
    "no_open_time",
]

HORIZON_YEARS = 50
SNAPSHOT_YEARS = 8
"""The widest span of years kept as one contiguous snapshot (wider queries add up years)."""
CACHED_INTERVALS = 1 << 18
"""How many open intervals the cache of compiled years keeps (8 MB; least recently used out)."""
_SNAPSHOTS = 3
_MINUTES_PER_DAY = 1440
_T = TypeVar("_T")
_I64 = np.int64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Merged open intervals of the years ``y0..y1`` (immutable once built).

    ``l_*`` are memoryviews of the arrays, for fast scalar binary search.
    """

    y0: int
    y1: int
    lo: int
    hi: int
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    cum: npt.NDArray[np.int64]
    cumend: npt.NDArray[np.int64]
    l_starts: memoryview
    l_ends: memoryview
    l_cum: memoryview
    l_cumend: memoryview
    total: int

    def open_before_many(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Open time in ``[lo, t)`` for each ``t`` (all inside the coverage)."""
        if not self.starts.size:
            return np.zeros_like(t)
        i = np.searchsorted(self.starts, t, side="right") - 1
        ic = np.maximum(i, 0)
        inside = self.cum[ic] + np.minimum(t, self.ends[ic]) - self.starts[ic]
        return np.where(i >= 0, inside, 0).astype(_I64)


def _snapshot(
    years: tuple[int, int],
    bounds: tuple[int, int],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> Snapshot:
    lengths = ends - starts
    cumend = np.cumsum(lengths, dtype=_I64)
    cum = cumend - lengths
    total = int(cumend[-1]) if cumend.size else 0
    starts, ends = np.ascontiguousarray(starts), np.ascontiguousarray(ends)
    return Snapshot(
        y0=years[0], y1=years[1], lo=bounds[0], hi=bounds[1],
        starts=starts, ends=ends, cum=cum, cumend=cumend,
        l_starts=starts.data, l_ends=ends.data, l_cum=cum.data, l_cumend=cumend.data,
        total=total,
    )  # fmt: skip


def join(chunks: Sequence[Snapshot]) -> Snapshot:
    """One snapshot of consecutive one-year chunks."""
    if len(chunks) == 1:
        return chunks[0]
    starts = np.concatenate([c.starts for c in chunks])
    ends = np.concatenate([c.ends for c in chunks])
    return _snapshot((chunks[0].y0, chunks[-1].y1), (chunks[0].lo, chunks[-1].hi), starts, ends)


class Timeline:
    """The lazily compiled open intervals of a calendar in a zone; thread-safe."""

    __slots__ = (
        "_cached",
        "_cal",
        "_chunks",
        "_lock",
        "_snaps",
        "_starts",
        "_totals",
        "_tz",
        "_warned",
    )  # fmt: skip

    def __init__(self, calendar: Calendar, tz: tzinfo) -> None:
        self._cal = calendar
        self._tz = tz
        self._lock = threading.Lock()
        self._chunks: OrderedDict[int, Snapshot] = OrderedDict()
        self._cached = 0  # intervals in self._chunks
        self._totals: dict[int, int] = {}
        self._starts: dict[int, int] = {}
        self._snaps: tuple[Snapshot, ...] = ()
        self._warned = False

    # --- holidays and working days ----------------------------------------------

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

    def day_hours(self, day: date) -> DayHours:
        """The windows of one local date (holidays filled under the lock)."""
        with self._lock:
            self._cal.ensure_year(day.year)
            return self._cal.day_hours(day)

    def _window_us(self, day: date, minutes: int) -> int:
        from csmetrics._core.zones import local_to_us  # noqa: PLC0415 - keeps imports short

        midnight = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - wall time
        return local_to_us(self._tz, midnight + timedelta(minutes=minutes))

    def working_date(self, t: int) -> date:
        """The date whose working day ``t`` belongs to.

        The local date of ``t``, or the day before while an overnight shift
        that started that day is still open (shifts count toward the day they
        start on).
        """
        today = from_us(t, self._tz).date()
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
        day = first if days == 0 else first + timedelta(days=1)
        last = min(first + timedelta(days=HORIZON_YEARS * 366), date(MAX_YEAR, 12, 31))
        wanted = max(days, 1)
        while day <= last:  # a year's dates at a time
            count = min((date(day.year + 1, 1, 1) - day).days, (last - day).days + 1)
            with self._lock:
                self._cal.ensure_year(day.year)
                table = self._cal.days_hours(day, count)
            for offset, hours in enumerate(table):
                wanted -= bool(hours)
                if hours and not wanted:
                    found = day + timedelta(days=offset)
                    opening = min(a for a, _ in hours)
                    closing = max(b for _, b in hours)
                    return self._window_us(found, opening), self._window_us(found, closing)
            day += timedelta(days=count)
        raise no_open_time(start, self._tz, "after")

    # --- years ------------------------------------------------------------------

    def year_start(self, year: int) -> int:
        """The instant local ``year`` begins (cached)."""
        found = self._starts.get(year)
        if found is None:
            found = self._starts[year] = year_start(self._tz, year)
        return found

    def year_of(self, t: int) -> int:
        """The local year ``y`` whose ``[year_start(y), year_start(y + 1))`` holds ``t``."""
        year = (_EPOCH + timedelta(microseconds=t)).year
        if t < self.year_start(year):
            return year - 1
        if t >= self.year_start(year + 1):
            return year + 1
        return year

    def years_of(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """:meth:`year_of` of every instant."""
        utc = t.view("datetime64[us]").astype("datetime64[Y]").astype(_I64) + 1970
        first, last = int(utc.min()), int(utc.max())
        table = np.array([self.year_start(y) for y in range(first, last + 2)], dtype=_I64)
        return utc - (t < table[utc - first]) + (t >= table[utc - first + 1])

    def _compile(self, year: int) -> Snapshot:
        """Compile ``year`` (call under the lock); note its open time."""
        self._cal.ensure_year(year - 1)
        self._cal.ensure_year(year)
        starts, ends, lo, hi = compile_year(self._cal, self._tz, year)
        chunk = _snapshot((year, year), (lo, hi), starts, ends)
        self._totals[year] = chunk.total
        return chunk

    def _chunk(self, year: int, notes: list[str]) -> Snapshot:
        """The compiled ``year``, from the cache or compiled now (call under the lock)."""
        chunk = self._chunks.get(year)
        if chunk is not None:
            self._chunks.move_to_end(year)
            return chunk
        chunk = self._chunks[year] = self._compile(year)
        self._cached += chunk.starts.size
        while self._cached > CACHED_INTERVALS and len(self._chunks) > 1:
            self._cached -= self._chunks.popitem(last=False)[1].starts.size
        self._check_coverage(year, notes)
        return chunk

    def chunk(self, year: int) -> Snapshot:
        """The compiled intervals of the one local ``year``."""
        notes: list[str] = []
        with self._lock:
            chunk = self._chunk(year, notes)
        _warn(notes)
        return chunk

    def total(self, year: int) -> int:
        """The open time of local ``year`` (compiled once, then kept as one number)."""
        found = self._totals.get(year)
        if found is not None:
            return found
        notes: list[str] = []
        with self._lock:
            found = self._totals.get(year)
            if found is None:
                found = self._compile(year).total  # the intervals are not kept
                self._check_coverage(year, notes)
        _warn(notes)
        return found

    def totals(self, years: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """:meth:`total` of every year in ``years``."""
        unique, inverse = np.unique(years, return_inverse=True)
        return np.array([self.total(y) for y in unique.tolist()], dtype=_I64)[inverse]

    def years_between(self, y0: int, y1: int) -> int:
        """The open time of the years ``y0 .. y1 - 1`` (negative when ``y1 < y0``)."""
        if y1 < y0:
            return -self.years_between(y1, y0)
        return sum(self.total(year) for year in range(y0, y1))

    def _check_coverage(self, year: int, notes: list[str]) -> None:
        """Note the first coverage gap, once per timeline (call under the lock)."""
        if not self._warned:
            message = self._cal.coverage_gap(year)
            if message is not None:
                self._warned = True
                notes.append(message)

    # --- snapshots --------------------------------------------------------------

    @property
    def snapshots(self) -> tuple[Snapshot, ...]:
        """The contiguous snapshots kept, the most recently built first."""
        return self._snaps

    def covering(self, lo: int, hi: int) -> Snapshot | None:
        """A kept snapshot whose coverage holds ``lo`` and ``hi``."""
        for snap in self._snaps:
            if snap.lo <= lo and hi < snap.hi:
                return snap
        return None

    def cover(self, lo: int, hi: int) -> Snapshot | None:
        """A snapshot holding the instants ``lo <= hi``; None when they span too many years.

        A new snapshot joins the latest one when both fit in
        :data:`SNAPSHOT_YEARS`; it is kept with the two before.
        """
        y0, y1 = self.year_of(lo), self.year_of(hi)
        if y1 - y0 >= SNAPSHOT_YEARS:
            return None
        notes: list[str] = []
        with self._lock:
            found = self.covering(lo, hi)
            if found is None:
                latest = self._snaps[0] if self._snaps else None
                if latest is not None and max(y1, latest.y1) - min(y0, latest.y0) < SNAPSHOT_YEARS:
                    y0, y1 = min(y0, latest.y0), max(y1, latest.y1)
                found = join([self._chunk(year, notes) for year in range(y0, y1 + 1)])
                kept = [s for s in self._snaps if not (y0 <= s.y0 and s.y1 <= y1)]
                self._snaps = (found, *kept)[:_SNAPSHOTS]
        _warn(notes)
        return found


def _warn(notes: list[str]) -> None:
    for message in notes:
        warnings.warn(message, CalendarCoverageWarning, stacklevel=_outside_level())


def _outside_level() -> int:
    """The ``stacklevel`` of the first caller outside this package."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith(
        "csmetrics."
    ):
        frame, level = frame.f_back, level + 1
    return level


def no_open_time(anchor: int, tz: tzinfo, where: str) -> NoOpenTimeError:
    """The error of a search that found no (or too little) open time within the horizon."""
    msg = (
        f"schedule: expected the answer within {HORIZON_YEARS} years {where} "
        f"{from_us(anchor, tz).isoformat()}, found too little or no open time there "
        "(check the hours, holidays and changes)"
    )
    return NoOpenTimeError(msg)


def horizon(year: int, *, forward: bool) -> int:
    """The last year a search from ``year`` may reach (within the supported years)."""
    if forward:
        return min(year + HORIZON_YEARS, MAX_YEAR)
    return max(year - HORIZON_YEARS, MIN_YEAR)
