"""Freshdesk business hours and SLA policies; Zammad calendars and SLAs."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.helpdesks.fixtures import load

from csmetrics.exceptions import InvalidConfigError
from csmetrics.helpdesks.freshdesk import policy_from_freshdesk, schedule_from_freshdesk
from csmetrics.helpdesks.zammad import calendar_from_zammad, policy_from_zammad
from csmetrics.models import Priority
from csmetrics.schedule import Schedule

HOURS = load("freshdesk_business_hours.json")
PREMIUM, DEFAULT = load("freshdesk_sla_policies.json")
CALENDAR = load("zammad_calendar.json")
GOLD, STANDARD = load("zammad_slas.json")


def test_freshdesk_hours_equal_the_hand_built_schedule() -> None:
    hand = Schedule({"mon-thu": "08:00-17:00", "fri": "08:00-24:00"},
                    timezone="America/New_York")  # fmt: skip
    assert schedule_from_freshdesk(HOURS) == hand


def test_freshdesk_end_of_day_leaves_no_one_second_gap() -> None:
    s = schedule_from_freshdesk(HOURS)
    ny = ZoneInfo("America/New_York")
    start, end = (
        dt.datetime(2024, 3, 8, 23, 0, tzinfo=ny),
        dt.datetime(2024, 3, 11, 9, 0, tzinfo=ny),
    )
    assert s.between(start, end) == dt.timedelta(hours=2)  # Fri 23:00-24:00, Mon 08:00-09:00


@pytest.mark.parametrize(
    ("text", "hours"),
    [("08:00:00 am", "08:00"), ("8:00 AM", "08:00"), ("12:00:00 pm", "12:00"),
     ("12:30 am", "00:30"), ("17:15", "17:15")],
)  # fmt: skip
def test_freshdesk_time_forms(text: str, hours: str) -> None:
    obj = {"time_zone": "UTC", "business_hours": {"monday": {"start_time": text,
                                                             "end_time": "11:59:59 pm"}}}  # fmt: skip  # noqa: E501
    assert schedule_from_freshdesk(obj).hours["mon"] == f"{hours}-24:00"


def test_freshdesk_holidays_are_passed_by_the_caller() -> None:
    s = schedule_from_freshdesk(HOURS, ["2024-12-25", {"name": "Boxing", "date": "2024-12-26"}])
    assert s.hours_on(dt.date(2024, 12, 26)) == "closed"


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        ({**HOURS, "time_zone": "Gotham"}, r"business_hours\.time_zone: expected a Rails"),
        (
            {
                **HOURS,
                "business_hours": {"monday": {"start_time": "25:00", "end_time": "05:00 pm"}},
            },
            r"business_hours\.business_hours\.monday\.start_time: expected a valid clock time",
        ),
        (
            {**HOURS, "business_hours": {"monday": {"start_time": "nine", "end_time": "05:00 pm"}}},
            r"monday\.start_time: expected a time such as '08:00:00 am', got 'nine'",
        ),
        (
            {
                **HOURS,
                "business_hours": {"funday": {"start_time": "9:00 am", "end_time": "5:00 pm"}},
            },
            r"business_hours\.business_hours: expected day keys",
        ),
        (
            {
                **HOURS,
                "business_hours": {"monday": {"start_time": "9:00:30 am", "end_time": "5:00 pm"}},
            },
            r"expected whole minutes",
        ),
        ({**HOURS, "business_hours": {}}, r"expected at least one open day"),
    ],
)
def test_freshdesk_bad_hours_name_the_path(obj: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        schedule_from_freshdesk(obj)


def test_freshdesk_policy_targets_by_priority() -> None:
    policy = policy_from_freshdesk(PREMIUM)
    p1 = policy.priorities[Priority.P1]
    assert str(p1.first_response) == "15m calendar"  # urgent and high agree
    assert str(p1.next_reply) == "15m calendar"
    assert str(policy.priorities[Priority.P2].resolution) == "1440m"  # 86400 s, business
    assert str(policy.priorities[Priority.P3].resolution) == "2880m"


def test_freshdesk_conflicting_priorities_need_a_choice() -> None:
    with pytest.raises(
        InvalidConfigError, match=r"sla_target\.priority_3\.respond_within: .*both map to P1"
    ):
        policy_from_freshdesk(DEFAULT)
    strict = policy_from_freshdesk(DEFAULT, on_conflict="strictest")
    assert strict.priorities[Priority.P1].first_response.duration == dt.timedelta(hours=1)
    apart = policy_from_freshdesk(DEFAULT, {"high": "P2", "medium": "P3", "low": "P3"},
                                  on_conflict="strictest")  # fmt: skip
    assert apart.priorities[Priority.P2].first_response.duration == dt.timedelta(hours=4)


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        (
            {"sla_target": {"priority_5": {"respond_within": 60}}},
            r"policy\.sla_target: expected keys priority_1",
        ),
        (
            {"sla_target": {"priority_1": {"respond_within": -60}}},
            r"priority_1\.respond_within: expected an integer of at least 1",
        ),
        (
            {"sla_target": {"priority_1": {"respond_within": 60, "business_hours": 1}}},
            r"business_hours: expected true or false",
        ),
        ({"sla_target": []}, r"policy\.sla_target: expected a JSON object"),
    ],
)
def test_freshdesk_bad_policies_name_the_path(obj: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        policy_from_freshdesk(obj)


def test_zammad_calendar_equals_the_hand_built_schedule() -> None:
    hand = Schedule({"mon": "09:00-12:30,13:30-17:00", "tue-thu": "09:00-17:00",
                     "fri": "09:00-24:00"}, timezone="Europe/Berlin",
                    holidays=[dt.date(2024, 12, 25), dt.date(2024, 12, 26)])  # fmt: skip
    assert calendar_from_zammad(CALENDAR) == hand


def test_zammad_inactive_and_removed_holidays_are_ignored() -> None:
    s = calendar_from_zammad(CALENDAR)
    assert s.hours_on(dt.date(2024, 12, 31)) == "09:00-17:00"  # inactive
    assert s.hours_on(dt.date(2024, 10, 3)) == "09:00-17:00"  # removed
    assert s.hours_on(dt.date(2024, 12, 25)) == "closed"


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        ({**CALENDAR, "timezone": "Berlin"}, r"calendar\.timezone: expected an IANA zone id"),
        (
            {
                **CALENDAR,
                "business_hours": {"mon": {"active": True, "timeframes": [["9", "17:00"]]}},
            },
            r"calendar\.business_hours\.mon\.timeframes\[0\]\[0\]: expected a time 'HH:MM', got '9'",  # noqa: E501
        ),
        (
            {
                **CALENDAR,
                "business_hours": {
                    "mon": {"active": True, "timeframes": [["09:00", "17:00"], ["16:00", "18:00"]]}
                },
            },
            r"timeframes\[1\]: expected intervals that do not overlap",
        ),
        (
            {**CALENDAR, "business_hours": {"mon": {"active": "yes", "timeframes": []}}},
            r"mon\.active: expected true or false",
        ),
        (
            {**CALENDAR, "public_holidays": {"Christmas": {"active": True}}},
            r"calendar\.public_holidays: expected date keys",
        ),
    ],
)
def test_zammad_bad_calendars_name_the_path(obj: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        calendar_from_zammad(obj)


def test_zammad_sla_applies_to_every_priority() -> None:
    policy = policy_from_zammad(GOLD)
    assert policy.priorities == {}
    assert str(policy.defaults.first_response) == "60m"
    assert str(policy.defaults.next_reply) == "240m"
    assert str(policy.defaults.resolution) == "1440m"


def test_zammad_update_time_is_never_dropped_silently() -> None:
    with pytest.raises(
        InvalidConfigError, match=r"sla\.update_time: expected no update-time target"
    ):
        policy_from_zammad(STANDARD)
    policy = policy_from_zammad(STANDARD, update_time="omit")
    assert policy.defaults.first_response.duration == dt.timedelta(hours=8)  # "480" as a string


@pytest.mark.parametrize(
    ("obj", "match"),
    [
        (
            {"first_response_time": -1},
            r"sla\.first_response_time: expected an integer of at least 1",
        ),
        ({"first_response_time": "soon"}, r"sla\.first_response_time: expected an integer"),
        ({"name": "x"}, r"sla: expected at least one of"),
    ],
)
def test_zammad_bad_slas_name_the_path(obj: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidConfigError, match=match):
        policy_from_zammad(obj)
