"""Business-time rules of Schedule, one table per rule of the contract."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest

from csmetrics.exceptions import CalendarCoverageWarning, NoOpenTimeError
from csmetrics.schedule import Schedule

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
BER = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)

CN = Schedule(
    {"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai", holidays=holidays.China()
)
OFFICE = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="UTC")


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (sh(2026, 3, 6, 17), 2 * H, sh(2026, 3, 9, 10)),  # over a weekend
        (sh(2026, 3, 4, 11, 30), H, sh(2026, 3, 4, 13, 30)),  # over the lunch break
        (sh(2026, 3, 4, 11), H, sh(2026, 3, 4, 12)),  # exactly at a closing time
        (sh(2026, 3, 4, 17), H, sh(2026, 3, 4, 18)),  # exactly at the day's close
        (sh(2026, 3, 4, 18), H, sh(2026, 3, 5, 10)),  # from the closing instant
        (sh(2026, 3, 7, 10), timedelta(0), sh(2026, 3, 9, 9)),  # zero: next opening
        (sh(2026, 3, 4, 10), timedelta(0), sh(2026, 3, 4, 10)),  # zero while open
        (sh(2026, 3, 4, 12), timedelta(0), sh(2026, 3, 4, 13)),  # zero at lunch
        (sh(2026, 3, 4, 10), -H, sh(2026, 3, 4, 9)),  # backwards to an opening
        (sh(2026, 3, 4, 14), -2 * H, sh(2026, 3, 4, 11)),  # backwards over lunch
        (sh(2026, 3, 9, 9), -H, sh(2026, 3, 6, 17)),  # backwards over a weekend
        (sh(2026, 3, 8, 10), -H, sh(2026, 3, 6, 17)),  # backwards from a closed day
        (sh(2026, 3, 4, 10, 0, 0, 1), timedelta(microseconds=1), sh(2026, 3, 4, 10, 0, 0, 2)),
    ],
)
def test_add_known_cases(start: datetime, duration: timedelta, expected: datetime) -> None:
    result = CN.add(start, duration)
    assert result == expected
    assert result.tzinfo == SH


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2025, 1, 26), "09:00-12:00,13:00-18:00"),  # Sunday make-up workday
        (date(2025, 2, 8), "09:00-12:00,13:00-18:00"),  # Saturday make-up workday
        (date(2025, 4, 27), "09:00-12:00,13:00-18:00"),
        (date(2025, 9, 28), "09:00-12:00,13:00-18:00"),
        (date(2025, 10, 11), "09:00-12:00,13:00-18:00"),
        (date(2026, 1, 4), "09:00-12:00,13:00-18:00"),
        (date(2026, 2, 14), "09:00-12:00,13:00-18:00"),
        (date(2026, 2, 28), "09:00-12:00,13:00-18:00"),
        (date(2026, 5, 9), "09:00-12:00,13:00-18:00"),
        (date(2026, 9, 20), "09:00-12:00,13:00-18:00"),
        (date(2026, 10, 10), "09:00-12:00,13:00-18:00"),
        (date(2025, 1, 28), "closed"),  # Spring Festival eve
        (date(2025, 10, 1), "closed"),  # National Day
        (date(2025, 10, 8), "closed"),  # day off moved from 2025-10-11
        (date(2026, 2, 20), "closed"),  # day off moved from 2026-02-14
        (date(2026, 10, 7), "closed"),
        (date(2026, 3, 7), "closed"),  # an ordinary Saturday
        (date(2026, 3, 9), "09:00-12:00,13:00-18:00"),  # an ordinary Monday
    ],
)
def test_china_holidays_and_make_up_days(day: date, hours: str) -> None:
    assert CN.hours_on(day) == hours


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (sh(2025, 9, 30, 17), 2 * H, sh(2025, 10, 9, 10)),  # over National Day week
        (sh(2025, 9, 26, 17), 2 * H, sh(2025, 9, 28, 10)),  # into the Sunday make-up day
        (sh(2025, 10, 10, 17), 2 * H, sh(2025, 10, 11, 10)),  # into the Saturday make-up day
        (sh(2026, 2, 13, 17), 2 * H, sh(2026, 2, 14, 10)),  # Spring Festival make-up day
        (sh(2026, 2, 14, 17), 2 * H, sh(2026, 2, 24, 10)),  # over the Spring Festival
    ],
)
def test_china_deadlines(start: datetime, duration: timedelta, expected: datetime) -> None:
    assert CN.add(start, duration) == expected


def ny(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)  # type: ignore[misc]


def ber(*args: int) -> datetime:
    return datetime(*args, tzinfo=BER)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("hours", "zone", "start", "end", "open_time"),
    [
        ("00:00-04:00", "America/New_York", ny(2026, 3, 8), ny(2026, 3, 8, 12), 3 * H),
        ("00:00-04:00", "America/New_York", ny(2026, 11, 1), ny(2026, 11, 1, 12), 5 * H),
        ("00:00-04:00", "America/New_York", ny(2026, 11, 2), ny(2026, 11, 2, 12), 4 * H),
        ("02:30-10:00", "America/New_York", ny(2026, 3, 8), ny(2026, 3, 8, 12), 7 * H),
        ("01:30-03:00", "America/New_York", ny(2026, 11, 1), ny(2026, 11, 1, 12), 2.5 * H),
        ("00:00-04:00", "Europe/Berlin", ber(2026, 3, 29), ber(2026, 3, 29, 12), 3 * H),
        ("00:00-04:00", "Europe/Berlin", ber(2026, 10, 25), ber(2026, 10, 25, 12), 5 * H),
        ("22:00-06:00", "Europe/Berlin", ber(2026, 3, 28, 12), ber(2026, 3, 29, 12), 7 * H),
        ("22:00-06:00", "Europe/Berlin", ber(2026, 10, 24, 12), ber(2026, 10, 25, 12), 9 * H),
        ("00:00-24:00", "America/New_York", ny(2026, 3, 8), ny(2026, 3, 9), 23 * H),
        ("00:00-24:00", "America/New_York", ny(2026, 11, 1), ny(2026, 11, 2), 25 * H),
    ],
)
def test_dst_days_hold_real_elapsed_time(
    hours: str, zone: str, start: datetime, end: datetime, open_time: timedelta
) -> None:
    assert Schedule({"daily": hours}, timezone=zone).between(start, end) == open_time


@pytest.mark.parametrize(
    ("hours", "t", "expected"),
    [
        ("02:30-10:00", ny(2026, 3, 8, 1), ny(2026, 3, 8, 3)),  # skipped 02:30 -> the jump
        ("01:30-03:00", ny(2026, 11, 1, 0), ny(2026, 11, 1, 1, 30)),  # first 01:30 (EDT)
        ("01:30-03:00", ny(2026, 11, 1, 1, 45, fold=1), ny(2026, 11, 1, 1, 45, fold=1)),
        ("03:00-04:00", ny(2026, 11, 1, 1, 45, fold=1), ny(2026, 11, 1, 3)),
    ],
)
def test_dst_boundaries(hours: str, t: datetime, expected: datetime) -> None:
    result = Schedule({"daily": hours}, timezone="America/New_York").next_open(t)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (datetime(2026, 1, 5, 23, 0, tzinfo=UTC), True),  # Monday's shift
        (datetime(2026, 1, 6, 5, 59, tzinfo=UTC), True),  # Monday's shift after midnight
        (datetime(2026, 1, 6, 6, 0, tzinfo=UTC), False),  # closing instant
        (datetime(2026, 1, 6, 23, 0, tzinfo=UTC), False),  # Tuesday is a holiday
        (datetime(2026, 1, 7, 3, 0, tzinfo=UTC), False),  # ... which removes its whole shift
        (datetime(2026, 1, 7, 22, 0, tzinfo=UTC), True),  # opening instant
        (datetime(2026, 1, 10, 3, 0, tzinfo=UTC), True),  # Friday's shift, on Saturday
        (datetime(2026, 1, 11, 3, 0, tzinfo=UTC), False),
    ],
)
def test_overnight_shifts_belong_to_their_start_day(t: datetime, expected: bool) -> None:
    s = Schedule({"mon-fri": "22:00-06:00"}, holidays=[date(2026, 1, 6)])
    assert s.is_open(t) is expected


@pytest.mark.parametrize(
    ("start", "tz_out"),
    [
        (datetime(2026, 3, 4, 2, 0, tzinfo=UTC), SH),
        (datetime(2026, 3, 3, 21, 0, tzinfo=NY), SH),
        (datetime(2026, 3, 4, 7, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))), SH),
    ],
)
def test_inputs_in_other_zones(start: datetime, tz_out: ZoneInfo) -> None:
    result = CN.add(start, H)
    assert result == sh(2026, 3, 4, 11)
    assert result.tzinfo == tz_out


def test_half_hour_offset_zone() -> None:
    s = Schedule({"mon-fri": "09:00-17:30"}, timezone="Asia/Kolkata")
    start = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)  # 08:30 IST
    assert s.add(start, H) == datetime(2026, 1, 5, 4, 30, tzinfo=UTC)
    assert s.between(start, datetime(2026, 1, 6, 3, 0, tzinfo=UTC)) == timedelta(hours=8.5)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (sh(2026, 3, 6, 17), sh(2026, 3, 9, 10), 2 * H),
        (sh(2026, 3, 9, 10), sh(2026, 3, 6, 17), -2 * H),
        (sh(2026, 3, 4, 10), sh(2026, 3, 4, 10), timedelta(0)),
        (sh(2026, 3, 4, 12), sh(2026, 3, 4, 13), timedelta(0)),
        (sh(2026, 3, 4, 11, 59, 59, 999999), sh(2026, 3, 4, 12), timedelta(microseconds=1)),
    ],
)
def test_between_is_signed(a: datetime, b: datetime, expected: timedelta) -> None:
    assert CN.between(a, b) == expected


def test_is_open_is_half_open() -> None:
    assert CN.is_open(sh(2026, 3, 4, 9))
    assert not CN.is_open(sh(2026, 3, 4, 12))
    assert CN.is_open(sh(2026, 3, 4, 11, 59, 59, 999999))


@pytest.mark.parametrize(
    ("hours", "kwargs", "day", "expected"),
    [
        ({"mon-fri": "09:00-18:00"}, {"extra_workdays": [date(2026, 3, 7)]}, date(2026, 3, 7),
         "09:00-18:00"),
        ({"mon-fri": "09:00-18:00"}, {"extra_holidays": ["2026-03-09"]}, date(2026, 3, 9),
         "closed"),
        ({"mon-fri": "09:00-18:00"},
         {"extra_workdays": [date(2026, 3, 7)], "workday_hours": "10:00-15:00"},
         date(2026, 3, 7), "10:00-15:00"),
        ({"tue-sat": "09:00-18:00"}, {"extra_workdays": [date(2026, 3, 8)]}, date(2026, 3, 8),
         "09:00-18:00"),
        ({"daily": "09:00-18:00", "sun": "closed"}, {}, date(2026, 3, 8), "closed"),
        ({"mon-fri": "09:00-18:00", "fri": "09:00-15:00"}, {}, date(2026, 3, 6), "09:00-15:00"),
        ({"mon-fri": "09:00-18:00"}, {"holidays": "CN"}, date(2026, 10, 10), "09:00-18:00"),
    ],
)  # fmt: skip
def test_day_hours(
    hours: dict[str, str], kwargs: dict[str, object], day: date, expected: str
) -> None:
    assert Schedule(hours, **kwargs).hours_on(day) == expected  # type: ignore[arg-type]


def test_effective_dated_changes() -> None:
    base = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
    later = base.with_hours({"fri": "09:00-15:00"}, effective=date(2026, 4, 1))
    later = later.with_hours({"sat": "10:00-12:00"}, effective="2026-05-01")
    assert later.hours_on(date(2026, 3, 27)) == "09:00-18:00"
    assert later.hours_on(date(2026, 4, 3)) == "09:00-15:00"
    assert later.hours_on(date(2026, 4, 4)) == "closed"
    assert later.hours_on(date(2026, 5, 8)) == "09:00-15:00"
    assert later.hours_on(date(2026, 5, 9)) == "10:00-12:00"
    assert later.add(sh(2026, 4, 3, 14), 2 * H) == sh(2026, 4, 6, 10)
    same = Schedule(
        {"mon-fri": "09:00-18:00"},
        timezone="Asia/Shanghai",
        changes={date(2026, 4, 1): {"fri": "09:00-15:00"}, "2026-05-01": {"sat": "10:00-12:00"}},
    )
    assert same == later


def test_always_is_open_around_the_clock() -> None:
    s = Schedule.always("Europe/Berlin")
    t = ber(2026, 3, 28, 23)
    assert s.add(t, 5 * H) == ber(2026, 3, 29, 5)  # five real hours over the jump
    assert s.between(t, ber(2026, 3, 31, 23)) == timedelta(hours=71)  # wall days, real hours
    assert s.is_open(t)


def test_coverage_warning_once_past_published_make_up_days() -> None:
    s = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai", holidays="CN")
    s.add(sh(2026, 6, 1, 10), H)  # 2026 is published: no warning
    with pytest.warns(CalendarCoverageWarning, match="2027") as record:
        s.add(sh(2027, 6, 1, 10), H)
    assert record[0].filename == __file__  # points at the caller
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s.add(sh(2028, 6, 1, 10), H)  # once per schedule


def test_holidays_filled_whatever_the_query_order() -> None:
    cal = holidays.China(years=2020, expand=False)
    s = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai", holidays=cal)
    assert not s.is_open(sh(2026, 10, 1, 10))
    assert s.is_open(sh(2025, 9, 28, 10))
    assert not s.is_open(sh(2021, 10, 1, 10))
    assert cal.years == {2020}  # the caller's object is left alone


def test_no_open_time_raises_instead_of_hanging() -> None:
    s = Schedule({"mon-fri": "09:00-18:00"}, changes={date(2026, 1, 1): {"mon-fri": "closed"}})
    t = datetime(2026, 2, 2, tzinfo=UTC)
    with pytest.raises(NoOpenTimeError, match="50 years"):
        s.add(t, H)
    with pytest.raises(NoOpenTimeError):
        s.next_open(t)
    assert s.add(t, -H) == datetime(2025, 12, 31, 17, tzinfo=UTC)


def test_no_open_time_backwards() -> None:
    mondays = [date(1970, 1, 5) + timedelta(weeks=k) for k in range(3000)]
    s = Schedule({"mon": "09:00-10:00"}, holidays=mondays)
    with pytest.raises(NoOpenTimeError, match="before"):
        s.add(datetime(2026, 6, 1, tzinfo=UTC), -H)


@pytest.mark.parametrize(
    ("zone", "day", "open_time"),
    [
        ("Australia/Lord_Howe", date(2026, 10, 4), 3.5 * H),  # a 30-minute DST shift
        ("Australia/Lord_Howe", date(2026, 4, 5), 4.5 * H),
        ("America/Sao_Paulo", date(2018, 11, 4), 3 * H),  # midnight did not exist
        ("Asia/Kathmandu", date(2026, 1, 5), 4 * H),  # +05:45
    ],
)
def test_unusual_zones(zone: str, day: date, open_time: timedelta) -> None:
    s = Schedule({"daily": "00:00-04:00"}, timezone=zone)
    tz = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=tz) - timedelta(hours=6)
    end = datetime(day.year, day.month, day.day, 12, tzinfo=tz)
    assert (
        s.between(start.astimezone(UTC), end)
        - s.between(start.astimezone(UTC), datetime(day.year, day.month, day.day, tzinfo=tz))
        == open_time
    )


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (sh(2026, 3, 4, 10), 0, sh(2026, 3, 4, 18)),  # the start's own day
        (sh(2026, 3, 7, 10), 0, sh(2026, 3, 9, 18)),  # Saturday: the next working day
        (sh(2026, 3, 4, 10), 1, sh(2026, 3, 5, 18)),
        (sh(2026, 3, 6, 20), 3, sh(2026, 3, 11, 18)),  # over a weekend
        (sh(2025, 9, 26, 10), 1, sh(2025, 9, 28, 18)),  # Sunday make-up workday
        (sh(2025, 9, 30, 10), 1, sh(2025, 10, 9, 18)),  # over National Day
    ],
)
def test_working_day_close(start: datetime, days: int, expected: datetime) -> None:
    assert CN.working_day_close(start, days) == expected


def test_working_day_close_of_overnight_shift_and_bad_days() -> None:
    night = Schedule({"mon-fri": "22:00-06:00"})
    assert night.working_day_close(datetime(2026, 1, 9, 12, tzinfo=UTC), 1) == datetime(
        2026, 1, 13, 6, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="days"):
        night.working_day_close(datetime(2026, 1, 9, tzinfo=UTC), -1)
    with pytest.raises(TypeError, match="days"):
        night.working_day_close(datetime(2026, 1, 9, tzinfo=UTC), 1.5)  # type: ignore[arg-type]
    closed = Schedule({"mon": "09:00-10:00"}, changes={date(2026, 1, 1): {"mon": "closed"}})
    with pytest.raises(NoOpenTimeError):
        closed.working_day_close(datetime(2026, 1, 9, tzinfo=UTC), 1)


NIGHT = Schedule({"mon-fri": "22:00-06:00"})


@pytest.mark.parametrize(
    ("start", "days", "working_date", "opening", "closing"),
    [
        # Tuesday 03:00 is inside Monday's shift: it counts toward Monday
        (datetime(2026, 1, 6, 3, tzinfo=UTC), 0, date(2026, 1, 5), (1, 5, 22), (1, 6, 6)),
        (datetime(2026, 1, 6, 3, tzinfo=UTC), 1, date(2026, 1, 5), (1, 6, 22), (1, 7, 6)),
        # at the shift's closing instant the day is Tuesday again
        (datetime(2026, 1, 6, 6, tzinfo=UTC), 1, date(2026, 1, 6), (1, 7, 22), (1, 8, 6)),
        # Saturday 05:59 is still Friday's shift; the next working day is Monday
        (datetime(2026, 1, 10, 5, 59, tzinfo=UTC), 1, date(2026, 1, 9), (1, 12, 22), (1, 13, 6)),
        (datetime(2026, 1, 10, 7, tzinfo=UTC), 0, date(2026, 1, 10), (1, 12, 22), (1, 13, 6)),
    ],
)
def test_working_days_of_overnight_shifts(
    start: datetime,
    days: int,
    working_date: date,
    opening: tuple[int, int, int],
    closing: tuple[int, int, int],
) -> None:
    assert NIGHT.working_date(start) == working_date
    assert NIGHT.working_day_open(start, days) == datetime(2026, *opening, tzinfo=UTC)
    assert NIGHT.working_day_close(start, days) == datetime(2026, *closing, tzinfo=UTC)


def test_ranges_of_different_days_overlap_as_a_union() -> None:
    s = Schedule({"mon": "22:00-06:00", "tue": "05:00-08:00"})
    monday = datetime(2026, 1, 5, 20, tzinfo=UTC)
    assert s.between(monday, monday + timedelta(hours=16)) == 10 * H  # 22:00 to 08:00
    assert s.add(monday, 9 * H) == datetime(2026, 1, 6, 7, tzinfo=UTC)


def test_day_ranges_wrap_past_sunday() -> None:
    hours = Schedule({"fri-mon": "10:00-11:00"}).hours
    assert [day for day, value in hours.items() if value != "closed"] == [
        "mon",
        "fri",
        "sat",
        "sun",
    ]
