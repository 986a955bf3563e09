"""Compiled years: far-apart instants, bounded caches, offsets read at midnights.

A schedule compiles only the local years a query touches and adds up the
open time of the years between; these tests hold it to an independent
closed-form reference over the whole supported range (1800-2399), to the
chain of near queries in a daylight-saving zone, and to the exact
conversion of every window boundary.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate, pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.instants import from_us
from csmetrics._schedule import timeline as timeline_module
from csmetrics._schedule.calendar import Calendar
from csmetrics._schedule.compile import compile_year
from csmetrics._schedule.hours import MAX_RANGES_PER_DAY, parse_hours
from csmetrics.exceptions import CalendarCoverageWarning, InvalidScheduleError, NoOpenTimeError
from csmetrics.schedule import Schedule

US = 1_000_000
DAY = 86_400 * US
WEEK = 7 * DAY
WEEKLY = {"mon-fri": "09:00-12:00,13:00-18:30", "sat": "21:00-03:00"}
# Two holidays a year (one on a Saturday at times: its overnight shift goes too).
HOLIDAYS = sorted(
    {dt.date(y, 5, 1) for y in range(1799, 2402)} | {dt.date(y, 12, 25) for y in range(1799, 2402)}
)
UTC_SCHEDULE = Schedule(WEEKLY, timezone="UTC", holidays=HOLIDAYS)


def _us(t: dt.datetime) -> int:
    return (t - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


FIRST = _us(dt.datetime(1800, 1, 2, tzinfo=dt.UTC))
LAST = _us(dt.datetime(2399, 12, 30, tzinfo=dt.UTC))


class Reference:
    """Open time of ``WEEKLY`` minus ``HOLIDAYS`` in UTC, in closed form (no compiling)."""

    def __init__(self) -> None:
        week = parse_hours(WEEKLY)
        self.windows = [(d * DAY + a * 60 * US, d * DAY + b * 60 * US)
                        for d, day in enumerate(week) for a, b in day]  # fmt: skip
        self.weekly = sum(b - a for a, b in self.windows)
        self.origin = _us(dt.datetime(1799, 12, 30, tzinfo=dt.UTC))  # a Monday
        assert from_us(self.origin, dt.UTC).weekday() == 0
        off = []
        for day in HOLIDAYS:
            start = _us(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
            off += [(start + a * 60 * US, start + b * 60 * US) for a, b in week[day.weekday()]]
        self.off = sorted(off)
        self.off_before = [0, *accumulate(b - a for a, b in self.off)]

    def open_before(self, t: int) -> int:
        weeks, rest = divmod(t - self.origin, WEEK)
        inside = sum(max(0, min(b, rest) - a) for a, b in self.windows)
        k = bisect_right(self.off, (t, t)) - 1
        holiday = self.off_before[max(k, 0)]
        if k >= 0:
            holiday += min(t, self.off[k][1]) - self.off[k][0]
        return weeks * self.weekly + inside - holiday

    def add(self, s: int, d: int) -> int:
        """The earliest (``d > 0``) or latest (``d < 0``) instant at ``d`` open time from ``s``."""
        target = self.open_before(s) + d
        lo, hi = FIRST - 60 * 366 * DAY, LAST + 60 * 366 * DAY
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if (self.open_before(mid) >= target) if d > 0 else (self.open_before(mid) > target):
                hi = mid
            else:
                lo = mid
        return hi if d > 0 else lo


REFERENCE = Reference()
anywhere = st.integers(FIRST, LAST)
durations = st.one_of(
    st.integers(-30 * DAY, 30 * DAY),
    st.integers(-70 * 366 * DAY // 3, 70 * 366 * DAY // 3),  # up to about 23 years of open time
).filter(bool)


def _in_horizon(s: int, answer: int) -> bool:
    year, found = from_us(s, dt.UTC).year, from_us(answer, dt.UTC).year
    return max(year - 50, 1800) <= found <= min(year + 50, 2399)


@given(anywhere, anywhere)
def test_between_equals_the_closed_form_anywhere(a: int, b: int) -> None:
    ta, tb = from_us(a, dt.UTC), from_us(b, dt.UTC)
    found = UTC_SCHEDULE.between(ta, tb) // dt.timedelta(microseconds=1)
    assert found == REFERENCE.open_before(b) - REFERENCE.open_before(a)


@given(anywhere, durations)
def test_add_equals_the_closed_form_or_finds_no_open_time(s: int, d: int) -> None:
    expected = REFERENCE.add(s, d)
    start, duration = from_us(s, dt.UTC), dt.timedelta(microseconds=d)
    if not _in_horizon(s, expected):
        with pytest.raises(NoOpenTimeError):
            UTC_SCHEDULE.add(start, duration)
        return
    assert _us(UTC_SCHEDULE.add(start, duration)) == expected


def _scalar_or_error(action: Any) -> Any:
    try:
        return action()
    except NoOpenTimeError:
        return NoOpenTimeError


@given(st.lists(st.tuples(anywhere, anywhere, durations), min_size=1, max_size=12))
def test_arrays_equal_scalars_across_centuries(rows: list[tuple[int, int, int]]) -> None:
    starts = np.array([a for a, _, _ in rows], dtype="datetime64[us]")
    ends = np.array([b for _, b, _ in rows], dtype="datetime64[us]")
    lengths = np.array([d for _, _, d in rows], dtype="timedelta64[us]")
    spans = [UTC_SCHEDULE.between(from_us(a, dt.UTC), from_us(b, dt.UTC)) for a, b, _ in rows]
    assert UTC_SCHEDULE.between_many(starts, ends).tolist() == spans
    scalars = [
        _scalar_or_error(
            lambda a=a, d=d: UTC_SCHEDULE.add(from_us(a, dt.UTC), dt.timedelta(0, 0, d))
        )
        for a, _, d in rows
    ]
    if NoOpenTimeError in scalars:
        with pytest.raises(NoOpenTimeError):
            UTC_SCHEDULE.add_many(starts, lengths)
    else:
        found = UTC_SCHEDULE.add_many(starts, lengths).astype(object).tolist()
        assert found == [t.astimezone(dt.UTC).replace(tzinfo=None) for t in scalars]


NEW_YORK = Schedule(WEEKLY, timezone="America/New_York", holidays="US")
late = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31),
                    timezones=st.just(dt.UTC))  # fmt: skip


@given(late, late)
def test_far_between_is_the_sum_of_near_ones_in_a_daylight_saving_zone(
    a: dt.datetime, b: dt.datetime
) -> None:
    a, b = min(a, b), max(a, b)
    steps = [a + (b - a) * k / 40 for k in range(41)]  # each step within a few years
    assert NEW_YORK.between(a, b) == sum((NEW_YORK.between(x, y) for x, y in pairwise(steps)),
                                         dt.timedelta(0))  # fmt: skip


@given(late, st.integers(-20 * 366, 20 * 366).filter(bool))
def test_far_add_inverts_between_in_a_daylight_saving_zone(t: dt.datetime, hours: int) -> None:
    duration = dt.timedelta(hours=hours)
    deadline = NEW_YORK.add(t, duration)
    assert NEW_YORK.between(t, deadline) == duration
    assert NEW_YORK.is_open(deadline - dt.timedelta(microseconds=1)) if hours > 0 else True


# --- cost follows the years asked about --------------------------------------------


def test_a_query_in_1800_on_a_used_schedule_compiles_its_own_year_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schedule = Schedule(WEEKLY, timezone="Asia/Shanghai", holidays="CN")
    shanghai = schedule.timezone
    schedule.between(
        dt.datetime(2025, 3, 3, tzinfo=shanghai), dt.datetime(2025, 4, 3, tzinfo=shanghai)
    )
    read: list[int] = []
    plain, many = Calendar.day_hours, getattr(Calendar, "days_hours", None)
    monkeypatch.setattr(Calendar, "day_hours", lambda self, day: read.append(1) or plain(self, day))
    if many is not None:
        monkeypatch.setattr(
            Calendar, "days_hours", lambda self, first, n: read.append(n) or many(self, first, n)
        )
    assert schedule.is_open(dt.datetime(1800, 3, 3, 10, tzinfo=shanghai)) is True
    with pytest.warns(CalendarCoverageWarning, match="reaches 2399"):
        assert schedule.is_open(dt.datetime(2399, 3, 3, 10, tzinfo=shanghai)) is True
    assert sum(read) <= 2 * 367 + 10  # was every date from 1800 to 2399: 219,000 of them


def test_the_caches_stay_bounded_whatever_the_years_asked() -> None:
    schedule = Schedule({"daily": ",".join(f"{h:02d}:00-{h:02d}:30" for h in range(24))})
    for year in range(1800, 2400, 7):
        schedule.is_open(dt.datetime(year, 6, 1, tzinfo=dt.UTC))
    tl = schedule._tl
    assert sum(chunk.starts.size for chunk in tl._chunks.values()) <= (
        timeline_module.CACHED_INTERVALS + 24 * 367
    )
    assert len(tl.snapshots) <= 3
    assert all(s.y1 - s.y0 < timeline_module.SNAPSHOT_YEARS for s in tl.snapshots)


def test_hours_with_too_many_ranges_a_day_are_refused() -> None:
    minutes = range(0, 1440, 2)
    day = ",".join(f"{m // 60:02d}:{m % 60:02d}-{m // 60:02d}:{m % 60 + 1:02d}" for m in minutes)
    with pytest.raises(InvalidScheduleError, match=r"hours\['daily'\]: .*at most 48 .* got 720"):
        Schedule({"daily": day})
    with pytest.raises(InvalidScheduleError, match="got more than 48"):
        Schedule({"mon": iter(day.split(","))})
    with pytest.raises(InvalidScheduleError, match="at most 48"):
        Schedule({"mon": "09:00-10:00"}, workday_hours=day.split(","))
    allowed = ",".join(day.split(",")[:MAX_RANGES_PER_DAY])
    assert Schedule({"daily": allowed}).hours["sun"] == allowed


def test_threads_asking_far_apart_years_get_the_sequential_answers() -> None:
    years = list(range(1800, 2400, 37))
    pairs = [(dt.datetime(a, 2, 3, 10, tzinfo=dt.UTC), dt.datetime(b, 9, 4, 15, tzinfo=dt.UTC))
             for a, b in zip(years, reversed(years), strict=True)]  # fmt: skip
    expected = [UTC_SCHEDULE.between(a, b) for a, b in pairs]
    fresh = Schedule(WEEKLY, timezone="UTC", holidays=HOLIDAYS)
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda pair: fresh.between(*pair), pairs * 4))
    assert found == expected * 4


# --- offsets read at midnights -------------------------------------------------------


def _changes(zone: Any) -> tuple[list[float], list[dt.timedelta]]:
    """Instants (UTC seconds) and offsets of a pure-Python zoneinfo zone up to 2400."""
    instants = list(zone._trans_utc)
    offsets = [zone._tti_before.utcoff, *(t.utcoff for t in zone._ttinfos)]
    rule = zone._tz_after
    if hasattr(rule, "transitions"):  # a daylight-saving rule for the years after the list
        last = instants[-1] if instants else float("-inf")
        first = dt.datetime.fromtimestamp(max(last, 0), dt.UTC).year
        for year in range(first, 2401):
            on, off = rule.transitions(year)  # on before off north, after it south
            for moment, offset in sorted([(on, rule.dst.utcoff), (off, rule.std.utcoff)]):
                if moment > last:
                    instants.append(moment)
                    offsets.append(offset)
    return instants, offsets


def test_no_zone_changes_its_offset_twice_in_two_days_or_by_more_than_a_day() -> None:
    """What reading offsets at local midnights relies on, checked on the installed tz database."""
    from zoneinfo import _zoneinfo  # noqa: PLC0415 - the pure-Python zoneinfo lists the changes

    closest, largest = float("inf"), 0.0
    for key in sorted(zoneinfo.available_timezones()):
        try:
            zone = _zoneinfo.ZoneInfo.no_cache(key)
        except (OSError, ValueError):
            continue
        instants, offsets = _changes(zone)
        changes = [t for t, a, b in zip(instants, offsets, offsets[1:], strict=False) if a != b]
        closest = min([closest, *(b - a for a, b in pairwise(sorted(changes)))])
        largest = max([largest, *(abs((b - a).total_seconds()) for a, b in pairwise(offsets))])
    assert closest > 2 * 86_400
    assert largest <= 86_400


ZONES = (
    "America/New_York", "Europe/Berlin", "Europe/Dublin", "America/Santiago", "America/Sao_Paulo",
    "Australia/Lord_Howe", "Pacific/Apia", "Pacific/Kwajalein", "Africa/Casablanca", "Asia/Gaza",
    "America/Havana", "Asia/Tehran", "Antarctica/Troll", "America/St_Johns", "Asia/Kathmandu",
)  # fmt: skip
HOURS = ({"daily": "00:00-01:00,01:30-02:30,03:00-24:00"}, {"daily": "22:00-06:00"},
         {"mon-fri": "09:00-18:00", "sat": "23:30-00:30"})  # fmt: skip


@pytest.mark.parametrize("key", ZONES)
def test_offsets_read_at_midnights_equal_the_exact_conversion(key: str) -> None:
    zone = zoneinfo.ZoneInfo(key)
    exact = _Exact(zone)  # the same zone, of a type whose offsets are never sampled
    years = (1800, 1900, 1969, 1996, 2011, 2025, 2040, 2399)
    for hours in HOURS:
        calendar = Calendar(parse_hours(hours))
        for year in years:
            fast, slow = compile_year(calendar, zone, year), compile_year(calendar, exact, year)
            np.testing.assert_array_equal(fast[0], slow[0], err_msg=f"{key} {year} {hours}")
            np.testing.assert_array_equal(fast[1], slow[1], err_msg=f"{key} {year} {hours}")
            assert fast[2:] == slow[2:]


class _Exact(dt.tzinfo):
    """Delegates to a zone: the compiler converts every boundary exactly for it."""

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone

    def utcoffset(self, t: dt.datetime | None) -> dt.timedelta | None:
        return self.zone.utcoffset(t)

    def dst(self, t: dt.datetime | None) -> dt.timedelta | None:
        return self.zone.dst(t)

    def tzname(self, t: dt.datetime | None) -> str | None:
        return self.zone.tzname(t)

    def fromutc(self, t: dt.datetime) -> dt.datetime:
        return self.zone.fromutc(t.replace(tzinfo=self.zone)).replace(tzinfo=self)
