"""Hypothesis properties of Schedule and a differential test against pandas."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandas.tseries.offsets import CustomBusinessHour

from csmetrics.exceptions import InputTypeError, InvalidScheduleError
from csmetrics.schedule import Schedule

SCHEDULES = {
    "lunch-new-york": Schedule(
        {"mon-fri": "09:00-12:00,13:00-18:00", "sat": "10:00-14:00"},
        timezone="America/New_York",
        holidays="US",
    ),
    "night-berlin": Schedule(
        {"mon-fri": "22:00-06:00", "sun": "02:00-03:30"}, timezone="Europe/Berlin"
    ),
    "china": Schedule(
        {"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai", holidays="CN"
    ),
    "kolkata-always": Schedule.always("Asia/Kolkata"),
}

schedules = st.sampled_from(sorted(SCHEDULES)).map(SCHEDULES.__getitem__)
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 9, 30), timezones=st.just(UTC)
)
durations = st.integers(-300 * 3600 * 10**6, 300 * 3600 * 10**6).map(
    lambda us: timedelta(microseconds=us)
)
positive = st.integers(1, 150 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us))


@given(schedules, instants, instants, durations)
def test_add_is_monotone_in_start(s: Schedule, a: datetime, b: datetime, d: timedelta) -> None:
    a, b = min(a, b), max(a, b)
    # instants, in UTC: two local times of one zone compare by wall clock (PEP 495)
    assert s.add(a, d).astimezone(UTC) <= s.add(b, d).astimezone(UTC)


@given(schedules, instants, durations, durations)
def test_add_is_monotone_in_duration(
    s: Schedule, t: datetime, d1: timedelta, d2: timedelta
) -> None:
    d1, d2 = min(d1, d2), max(d1, d2)
    assert s.add(t, d1).astimezone(UTC) <= s.add(t, d2).astimezone(UTC)


@given(schedules, instants, durations)
def test_between_inverts_add(s: Schedule, t: datetime, d: timedelta) -> None:
    assert s.between(t, s.add(t, d)) == d


@given(schedules, instants, positive, positive)
def test_add_composes(s: Schedule, t: datetime, a: timedelta, b: timedelta) -> None:
    assert s.add(s.add(t, a), b) == s.add(t, a + b)


@given(schedules, instants, instants, instants)
def test_between_antisymmetric_and_additive(
    s: Schedule, a: datetime, b: datetime, c: datetime
) -> None:
    assert s.between(a, b) == -s.between(b, a)
    assert s.between(a, b) + s.between(b, c) == s.between(a, c)


@given(schedules, instants)
def test_next_open_is_open(s: Schedule, t: datetime) -> None:
    n = s.next_open(t)
    assert n >= t
    assert s.is_open(n)
    assert s.between(t, n) == timedelta(0)
    # the same instant: ``==`` between zones is False for a local time in a
    # DST fold (PEP 495), so compare the instants themselves
    assert s.is_open(t) is (n.timestamp() == t.timestamp())


@pytest.mark.parametrize(
    ("t", "offset"),
    [
        (datetime(2024, 10, 27, 0, 30, tzinfo=UTC), timedelta(hours=2)),  # 02:30 CEST
        (datetime(2024, 10, 27, 1, 30, tzinfo=UTC), timedelta(hours=1)),  # 02:30 CET, fold=1
        (datetime(2025, 10, 26, 1, 0, tzinfo=UTC), timedelta(hours=1)),  # 02:00 CET, fold=1
    ],
)
def test_an_open_instant_in_the_dst_fold_is_its_own_next_opening(
    t: datetime, offset: timedelta
) -> None:
    n = SCHEDULES["night-berlin"].next_open(t)
    assert n.astimezone(UTC) == t
    assert n.utcoffset() == offset


@given(schedules, instants, instants)
def test_open_time_never_exceeds_elapsed_time(s: Schedule, a: datetime, b: datetime) -> None:
    a, b = min(a, b), max(a, b)
    assert timedelta(0) <= s.between(a, b) <= b - a
    assert SCHEDULES["kolkata-always"].between(a, b) == b - a


@given(schedules, instants, positive)
def test_deadlines_are_open_or_closing(s: Schedule, t: datetime, d: timedelta) -> None:
    deadline = s.add(t, d).astimezone(UTC)  # arithmetic on the instant, not the wall clock
    assert deadline - t >= d
    just_before = deadline - timedelta(microseconds=1)
    assert s.is_open(just_before)
    assert s.add(t, -d) <= t


def _us(t: datetime) -> np.datetime64:
    return np.datetime64(t.astimezone(UTC).replace(tzinfo=None), "us")


@given(schedules, st.lists(st.tuples(instants, durations), min_size=1, max_size=20))
def test_vectorized_equals_scalar(s: Schedule, pairs: list[tuple[datetime, timedelta]]) -> None:
    starts = np.array([_us(t) for t, _ in pairs])
    ds = np.array([np.timedelta64(d, "us") for _, d in pairs])
    deadlines = s.add_many(starts, ds)
    assert deadlines.tolist() == [_us(s.add(t, d)).tolist() for t, d in pairs]
    spans = s.between_many(starts, deadlines)
    np.testing.assert_array_equal(spans, ds)
    ends = starts[::-1]
    expected = [
        np.timedelta64(s.between(a, b), "us")
        for (a, _), (b, _) in zip(pairs, pairs[::-1], strict=True)
    ]
    assert s.between_many(starts, ends).tolist() == [e.tolist() for e in expected]


# Differential test against pandas CustomBusinessHour, where the semantics agree:
# UTC (no DST), whole-hour offsets, weekday holidays. pandas rolls a result that
# falls on a closing time to the next opening: the same business position.
HOLIDAYS = [date(2025, 1, 1), date(2025, 5, 1), date(2025, 12, 25), date(2026, 1, 1)]
PAIRS = {
    "single": (["09:00"], ["18:00"]),
    "lunch": (["09:00", "13:00"], ["12:00", "18:00"]),
}
naive = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 6, 30)).map(
    lambda t: t.replace(second=0, microsecond=0)
)


@given(st.sampled_from(sorted(PAIRS)), naive, st.integers(-40, 40).filter(bool))
def test_agrees_with_pandas_custom_business_hour(kind: str, t: datetime, n: int) -> None:
    opens, closes = PAIRS[kind]
    hours = ",".join(f"{a}-{b}" for a, b in zip(opens, closes, strict=True))
    s = Schedule({"mon-fri": hours}, holidays=HOLIDAYS)
    offset = CustomBusinessHour(n=n, start=opens, end=closes, holidays=HOLIDAYS)
    theirs = (pd.Timestamp(t) + offset).to_pydatetime().replace(tzinfo=UTC)
    ours = s.add(t.replace(tzinfo=UTC), timedelta(hours=n))
    assert s.between(ours, theirs) == timedelta(0)
    if n > 0:
        assert theirs == s.next_open(ours)


day_keys = st.sampled_from(["mon", "mon-fri", "fri-mon", "daily", "sun"]) | st.text(max_size=8)
ranges = st.text(max_size=30) | st.from_regex(
    r"\d{1,2}:\d{2}-\d{1,2}:\d{2}(,\d{1,2}:\d{2}-\d{1,2}:\d{2})?", fullmatch=True
)


@given(st.dictionaries(day_keys, ranges, max_size=4))
def test_fuzzed_hours_raise_only_our_errors(hours: dict[str, str]) -> None:
    try:
        s = Schedule(hours)
    except (InvalidScheduleError, InputTypeError):
        return
    assert any(v != "closed" for v in s.hours.values())


@given(schedules, instants, instants, durations)
def test_between_and_add_is_both_in_one_call(
    s: Schedule, a: datetime, b: datetime, d: timedelta
) -> None:
    assert s.between_and_add(a, b, d) == (s.between(a, b), s.add(a, d))


@given(schedules, instants, st.integers(0, 8))
def test_working_day_close_follows_the_working_date(s: Schedule, t: datetime, days: int) -> None:
    day = s.working_date(t)
    assert day in (t.astimezone(s.timezone).date(), t.astimezone(s.timezone).date() - timedelta(1))
    opening, closing = s.working_day_open(t, days), s.working_day_close(t, days)
    assert opening < closing
    assert s.is_open(opening)
    assert s.between(opening, closing) > timedelta(0)
    if days:
        assert opening.date() > day  # counted from the day after the working date
        before = s.working_day_close(t, days - 1)  # days - 1 == 0 may be that same next day
        assert before <= opening if days > 1 else before <= closing
