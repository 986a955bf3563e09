"""Schedule equality: equal schedules answer every query alike; hashes agree with equality."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.schedule import Schedule

HOURS = {"mon-fri": "09:00-18:00"}


def _with_extra_holiday() -> holidays.HolidayBase:
    base = holidays.China(years=2025)
    base.append({date(2025, 3, 3): "company day"})
    return base


def test_a_custom_holiday_makes_schedules_differ() -> None:
    plain = Schedule(HOURS, holidays=holidays.China(years=2025))
    custom = Schedule(HOURS, holidays=_with_extra_holiday())
    start = datetime(2025, 3, 3, 8, tzinfo=UTC)
    assert plain.between(start, start + timedelta(days=1)) != custom.between(
        start, start + timedelta(days=1)
    )
    assert plain != custom


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (holidays.China(years=2025), holidays.China(years=2026)),  # filled for other years
        (holidays.China(years=2025), "CN"),
        (_with_extra_holiday(), _with_extra_holiday()),
    ],
)
def test_same_dates_are_equal_with_equal_hashes(one: object, other: object) -> None:
    a, b = Schedule(HOURS, holidays=one), Schedule(HOURS, holidays=other)
    assert a == b
    assert hash(a) == hash(b)


def test_a_pickled_copy_is_equal() -> None:
    schedule = Schedule(HOURS, holidays=_with_extra_holiday())
    assert pickle.loads(pickle.dumps(schedule)) == schedule


def test_date_lists_and_holiday_objects_are_different_sources() -> None:
    days = [date(2025, 10, 1)]
    assert Schedule(HOURS, holidays=days) == Schedule(HOURS, holidays=days)
    assert Schedule(HOURS, holidays=days) != Schedule(HOURS, holidays="CN")


@given(
    extra=st.sets(st.dates(date(2024, 1, 1), date(2026, 12, 31)), max_size=3),
    start=st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 1), timezones=st.just(UTC)),
)
def test_equal_schedules_answer_alike(extra: set[date], start: datetime) -> None:
    base = holidays.China(years=2025)
    base.append(dict.fromkeys(extra, "extra"))
    a = Schedule(HOURS, holidays=base)
    b = Schedule(HOURS, holidays="CN")
    end = start + timedelta(days=20)
    if a == b:
        assert a.between(start, end) == b.between(start, end)
    else:
        assert extra - set(holidays.China(years=range(2023, 2028)))
