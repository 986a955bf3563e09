"""Timestamps in exports: every accepted form parses to the instant Python's datetime gives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.instants import NAT
from csmetrics._core.timestamps import parse_instants
from csmetrics._core.zones import local_to_us

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ZONES = [ZoneInfo(name) for name in ("Asia/Shanghai", "America/New_York", "Australia/Lord_Howe")]


def _us(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def _parse(*values: object, zone: dt.tzinfo | None = None, fmt: str | None = None) -> list[int]:
    array = np.array(values, dtype=object)
    missing = np.array([v is None for v in values])
    parsed = parse_instants(array, missing, zone=zone, datetime_format=fmt)
    return [int(f) if u == NAT else int(u) for u, f in zip(parsed.us, parsed.failure, strict=True)]


moments = st.datetimes(dt.datetime(1801, 1, 1), dt.datetime(2398, 12, 31))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@given(moment=moments, offset=offsets, sep=st.sampled_from(["T", " "]))
def test_iso_with_offset_equals_fromisoformat(
    moment: dt.datetime, offset: dt.timezone, sep: str
) -> None:
    aware = moment.replace(tzinfo=offset)
    text = aware.isoformat(sep=sep)
    assert _parse(text) == [_us(aware)]
    assert _parse(text.replace("+00:00", "Z")) == [_us(aware)]


@given(moment=moments, zone=st.sampled_from(ZONES))
def test_naive_local_times_follow_the_schedule_rules(moment: dt.datetime, zone: ZoneInfo) -> None:
    moment = moment.replace(microsecond=0)
    expected = local_to_us(zone, moment)
    for text in (moment.isoformat(sep=" "), moment.strftime("%Y/%m/%d %H:%M:%S")):
        assert _parse(text, zone=zone) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-03T09:00:00+08:00", dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC)),
        ("2025-03-03 09:00:00.5Z", dt.datetime(2025, 3, 3, 9, 0, 0, 500_000, tzinfo=dt.UTC)),
        ("2025-03-03 09:00:00+0800", dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC)),
        ("2025-03-03 09:00:00+08", dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC)),
        ("2025-03-03T09:00:00.123456789-05:30", dt.datetime(2025, 3, 3, 14, 30, 0, 123456, dt.UTC)),
        (" 2025-03-03 09:00:00Z ", dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)),
        ("1741000000", dt.datetime(2025, 3, 3, 11, 6, 40, tzinfo=dt.UTC)),
        ("1741000000000", dt.datetime(2025, 3, 3, 11, 6, 40, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_known_forms(text: str, expected: dt.datetime) -> None:
    assert _parse(text) == [_us(expected)]


NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-03 09:00", dt.datetime(2025, 3, 3, 14, tzinfo=dt.UTC)),
        ("2025/03/03 09:00", dt.datetime(2025, 3, 3, 14, tzinfo=dt.UTC)),
        ("2025-03-03", dt.datetime(2025, 3, 3, 5, tzinfo=dt.UTC)),
        ("2026-03-08 02:30", dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC)),  # skipped: the jump
        ("2026-11-01 01:30", dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)),  # twice: the first
        ("2025/3/3 9:00", dt.datetime(2025, 3, 3, 14, tzinfo=dt.UTC)),  # as spreadsheets write
        ("2025-3-3 9:05:07", dt.datetime(2025, 3, 3, 14, 5, 7, tzinfo=dt.UTC)),
        ("2025/3/3", dt.datetime(2025, 3, 3, 5, tzinfo=dt.UTC)),
    ],
)
def test_naive_forms_in_a_zone(text: str, expected: dt.datetime) -> None:
    assert _parse(text, zone=NEW_YORK) == [_us(expected)]


@pytest.mark.parametrize(
    ("text", "zone", "failure"),
    [
        ("garbage", None, 1),
        ("2025-02-30 10:00", NEW_YORK, 1),
        ("2025-13-01 10:00", NEW_YORK, 1),
        ("2025-03-03 24:00", NEW_YORK, 1),
        ("2025/3/32 9:00", NEW_YORK, 1),
        ("2025/3/3 9:0", NEW_YORK, 1),
        ("2025/3-3 9:00", NEW_YORK, 1),
        ("2025/3/3 9:00", None, 2),
        ("2025-03-03 09:00:00.", None, 1),
        ("2025-03-03 09:00:00+25:00", None, 1),
        ("2025-03-03 09:00", None, 2),
        ("9999-01-01T00:00Z", None, 3),
        ("1700-01-01T00:00Z", None, 3),
    ],
)
def test_failures_carry_their_reason(text: str, zone: dt.tzinfo | None, failure: int) -> None:
    assert _parse(text, zone=zone) == [failure]


def test_missing_values_stay_missing_and_other_rows_parse() -> None:
    assert _parse(None, "2025-03-03T09:00Z", None) == [
        0,
        _us(dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)),
        0,
    ]


def test_a_given_format_is_used_for_every_value() -> None:
    fmt = "%d.%m.%Y %H:%M"
    shanghai = ZoneInfo("Asia/Shanghai")
    assert _parse("03.03.2025 09:00", zone=shanghai, fmt=fmt) == [
        _us(dt.datetime(2025, 3, 3, 1, tzinfo=dt.UTC))
    ]
    assert _parse("2025-03-03 09:00", zone=shanghai, fmt=fmt) == [4]


def test_datetimes_pass_through() -> None:
    aware = dt.datetime(2025, 3, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert _parse(aware) == [_us(aware)]
    assert _parse(dt.datetime(2025, 3, 3, 9)) == [2]
