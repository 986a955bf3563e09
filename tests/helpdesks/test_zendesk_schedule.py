"""Zendesk schedules and holidays: import, write-back, DST, overnight shifts, errors."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpdesks.fixtures import load

from csmetrics.exceptions import InvalidConfigError
from csmetrics.helpdesks.zendesk import (
    holidays_from_zendesk,
    holidays_to_zendesk,
    schedule_from_zendesk,
    schedule_to_zendesk,
)
from csmetrics.schedule import Schedule

LA = ZoneInfo("America/Los_Angeles")
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def test_fixture_schedule_reads_as_weekday_hours() -> None:
    s = schedule_from_zendesk(load("zendesk_schedule_us.json"))
    assert s == Schedule({"mon-fri": "09:00-17:00"}, timezone="America/Los_Angeles")


def test_dst_worked_example_counts_75_business_and_3855_calendar_minutes() -> None:
    # Fri 2024-03-08 16:30 PST -> Mon 2024-03-11 09:45 PDT; US DST began on Sunday the 10th.
    s = schedule_from_zendesk(load("zendesk_schedule_us.json"))
    start, end = _utc("2024-03-09T00:30:00Z"), _utc("2024-03-11T16:45:00Z")
    assert s.between(start, end) == dt.timedelta(minutes=75)
    assert (end - start) == dt.timedelta(minutes=3855)  # in UTC; wall-clock would say 3915


def test_overnight_and_week_end_shifts_follow_csmetrics_rule_by_default() -> None:
    s = schedule_from_zendesk(load("zendesk_schedule_night.json"))
    assert s.hours["fri"] == "09:00-18:00,22:00-02:00"
    assert s.hours["sat"] == "22:00-02:00"
    assert s.hours["sun"] == "closed"
    split = schedule_from_zendesk(load("zendesk_schedule_night.json"), overnight="split")
    assert split.hours["sat"] == "00:00-02:00,22:00-24:00"
    assert split.hours["sun"] == "00:00-02:00"


@pytest.mark.parametrize(
    ("overnight", "minutes"),
    [
        # Holiday on Saturday 2024-03-09. csmetrics: Friday's 22:00-02:00 shift belongs to
        # Friday and stays open; Saturday's own shift closes. Zendesk's rule (split): the
        # holiday closes Saturday's calendar date, 00:00-02:00 included.
        ("csmetrics", 240),
        ("split", 120),
    ],
)
def test_a_holiday_after_an_overnight_shift_depends_on_the_rule(
    overnight: str, minutes: int
) -> None:
    holidays = [{"name": "Company day", "start_date": "2024-03-09", "end_date": "2024-03-09"}]
    s = schedule_from_zendesk(load("zendesk_schedule_night.json"), holidays,
                              overnight=overnight)  # type: ignore[arg-type]  # fmt: skip
    start = dt.datetime(2024, 3, 8, 22, 0, tzinfo=SHANGHAI)
    end = dt.datetime(2024, 3, 9, 3, 0, tzinfo=SHANGHAI)
    assert s.between(start, end) == dt.timedelta(minutes=minutes)


def test_multi_day_holidays_are_inclusive() -> None:
    dates = holidays_from_zendesk(load("zendesk_holidays.json")["holidays"])
    assert dt.date(2024, 2, 10) in dates
    assert dt.date(2024, 2, 17) in dates
    assert dt.date(2024, 2, 18) not in dates
    assert len(dates) == 8 + 3 + 1
    s = schedule_from_zendesk(
        load("zendesk_schedule_us.json"), load("zendesk_holidays.json")["holidays"]
    )
    assert s.hours_on(dt.date(2024, 12, 26)) == "closed"
    assert s.hours_on(dt.date(2024, 12, 27)) == "09:00-17:00"


def test_holidays_write_back_as_ranges() -> None:
    dates = holidays_from_zendesk(load("zendesk_holidays.json")["holidays"])
    written = holidays_to_zendesk(dates)
    assert [(h["start_date"], h["end_date"]) for h in written] == [
        ("2024-02-10", "2024-02-17"), ("2024-03-09", "2024-03-09"), ("2024-12-24", "2024-12-26")]  # fmt: skip  # noqa: E501
    assert holidays_from_zendesk(written) == dates


def _schedule(intervals: list[tuple[int, int]], zone: str = "Beijing") -> dict[str, object]:
    return {"name": "x", "time_zone": zone,
            "intervals": [{"start_time": a, "end_time": b} for a, b in intervals]}  # fmt: skip


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        (_schedule([(1980, 2460)], "Atlantis"), r"schedule\.time_zone: expected a Rails"),
        (
            _schedule([(1980, 2460), (2400, 2500)]),
            r"schedule\.intervals\[1\]: expected intervals that do not overlap",
        ),
        (_schedule([(2460, 1980)]), r"schedule\.intervals\[0\]\.end_time: expected minutes after"),
        (
            _schedule([(-60, 120)]),
            r"schedule\.intervals\[0\]\.start_time: expected an integer of at least 0",
        ),
        (
            _schedule([(9960, 10200)]),
            r"schedule\.intervals\[0\]\.end_time: expected minutes after start_time 9960 up to 10080",  # noqa: E501
        ),
        (
            _schedule([(10080, 10100)]),
            r"schedule\.intervals\[0\]\.start_time: expected minutes from Sunday",
        ),
        (_schedule([]), r"schedule\.intervals: expected at least one interval"),
        (
            {"time_zone": "Beijing", "intervals": [{"start_time": "9am", "end_time": 2460}]},
            r"schedule\.intervals\[0\]\.start_time: expected an integer, got str of 3 characters",
        ),
        (
            {"time_zone": "Beijing", "intervals": "1980-2460"},
            r"schedule\.intervals: expected a JSON array",
        ),
        ("Margaret Okafor", r"^schedule: expected a JSON object, got str of 15 characters$"),
    ],
)
def test_malformed_schedules_name_the_json_path(obj: object, match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        schedule_from_zendesk(obj)


@pytest.mark.parametrize(
    ("holidays", "match"),
    [
        (
            [{"name": "x", "start_date": "2024-12-26", "end_date": "2024-12-24"}],
            r"holidays\[0\]\.end_date",
        ),
        (
            [{"name": "x", "start_date": "2024-13-01", "end_date": "2024-12-24"}],
            r"holidays\[0\]\.start_date: expected a date",
        ),
        ([{"name": "x", "start_date": "2020-01-01", "end_date": "2024-01-01"}], r"up to 366 days"),
        ([{"name": "x"}], r"holidays\[0\]\.start_date: expected a date 'YYYY-MM-DD', got None"),
    ],
)
def test_malformed_holidays_name_the_json_path(holidays: object, match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        holidays_from_zendesk(holidays)


def test_write_back_of_the_fixture_gives_its_intervals() -> None:
    obj = load("zendesk_schedule_night.json")
    written = schedule_to_zendesk(schedule_from_zendesk(obj))
    assert written["time_zone"] == "Beijing"
    assert written["intervals"] == sorted(obj["intervals"], key=lambda i: i["start_time"])


# Properties --------------------------------------------------------------------------------

SLOTS = 7 * 24 * 4  # quarter hours of a week


@st.composite
def weekly_intervals(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Canonical Zendesk intervals: open runs of quarter hours, split at midnights."""
    bounds = sorted(draw(st.lists(st.integers(0, SLOTS), min_size=2, max_size=14, unique=True)))
    found: list[tuple[int, int]] = []
    for first, last in zip(bounds[::2], bounds[1::2], strict=False):
        start, end = first * 15, last * 15
        while start < end:
            stop = min(end, (start // 1440 + 1) * 1440)
            found.append((start, stop))
            start = stop
    return found


ZONES = st.sampled_from(["Beijing", "Pacific Time (US & Canada)", "London", "Adelaide",
                         "Chatham Is.", "Kathmandu"])  # fmt: skip


@given(weekly_intervals(), ZONES)
def test_schedules_round_trip_through_write_back(
    intervals: list[tuple[int, int]], zone: str
) -> None:
    obj = _schedule(intervals, zone)
    schedule = schedule_from_zendesk(obj)
    written = schedule_to_zendesk(schedule)
    got = [(i["start_time"], i["end_time"]) for i in written["intervals"]]
    assert got == intervals
    assert schedule_from_zendesk(written) == schedule


def _hand_built(intervals: list[tuple[int, int]], zone: str) -> Schedule:
    days = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
    hours: dict[str, list[str]] = {}
    for a, b in intervals:
        day, first, last = a // 1440, a % 1440, b - a // 1440 * 1440
        hours.setdefault(days[day], []).append(
            f"{first // 60:02d}:{first % 60:02d}-{last // 60:02d}:{last % 60:02d}"
        )
    return Schedule({k: ",".join(v) for k, v in hours.items()},
                    timezone=schedule_from_zendesk(_schedule([(0, 15)], zone)).timezone)  # fmt: skip  # noqa: E501


@given(weekly_intervals(), ZONES,
       st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2024, 12, 31)),
       st.integers(0, 20 * 24 * 60))  # fmt: skip
def test_imported_minutes_equal_the_hand_built_schedule(
    intervals: list[tuple[int, int]], zone: str, start: dt.datetime, minutes: int
) -> None:
    imported = schedule_from_zendesk(_schedule(intervals, zone))
    hand = _hand_built(intervals, zone)
    a = start.replace(tzinfo=UTC)
    b = a + dt.timedelta(minutes=minutes)
    assert imported.between(a, b) == hand.between(a, b)


def test_a_24x7_schedule_is_always_open() -> None:
    s = schedule_from_zendesk(_schedule([(0, 10080)], "London"))
    assert set(s.hours.values()) == {"00:00-24:00"}
    start = dt.datetime(2024, 3, 30, 12, 0, tzinfo=UTC)  # across the UK's spring-forward night
    end = start + dt.timedelta(days=3)
    assert s.between(start, end) == Schedule.always("Europe/London").between(start, end)
    assert schedule_to_zendesk(s)["intervals"] == [
        {"start_time": 1440 * d, "end_time": 1440 * (d + 1)} for d in range(7)
    ]


def test_several_intervals_a_day() -> None:
    s = schedule_from_zendesk(_schedule([(1980, 2160), (2220, 2460), (2520, 2580)]))
    assert s.hours["mon"] == "09:00-12:00,13:00-17:00,18:00-19:00"
