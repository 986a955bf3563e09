"""Timestamps in exports: every accepted form parses to the instant Python's datetime gives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.instants import NAT
from csmetrics._core.timestamps import parse_instant_fields, parse_instants
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


@st.composite
def _stamp_texts(draw: st.DrawFn) -> str:
    """Texts in or near the fixed shapes: every field straddles its range, some bytes changed."""
    ranges = ((1790, 2410), (0, 13), (0, 32), (0, 24), (0, 60), (0, 60), (0, 24), (0, 60))
    numbers = [draw(st.integers(low, high)) for low, high in ranges]
    year, month, day, hour, minute, second, off_h, off_m = numbers
    sep = draw(st.sampled_from([" ", "T", "t", "/"]))
    zone = draw(st.sampled_from(["", "Z", "z", "+", "-", "+0800", "+08"]))
    if zone in ("+", "-"):
        zone = f"{zone}{off_h:02d}:{off_m:02d}"
    text = f"{year:04d}-{month:02d}-{day:02d}{sep}{hour:02d}:{minute:02d}:{second:02d}{zone}"
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(st.sampled_from(list("0123456789:-+ TZ/.x中"))) + text[at + 1 :]
    return text


NEAR_MISSES = [
    "2025-03-03 09:00:00+08:00", "2025-03-03T09:00:00-05:30", "2025-03-03 09:00:00Z",
    "2025-03-03T09:00:00z", "2025-03-03 09:00:00", "2025-03-03 09:00:00x",
    "2025-03-03 09:00:00+0800",
    "2025-03-03 09:00:00+08:0x", "2025-03-03 09:00:00*08:00", "2025-03-03 09:00:00+24:00",
    "2025-03-03 09:00:00+08:60", "2025-03-03 09:00:60+08:00", "2025-03-03 09:60:00+08:00",
    "2025-03-03 24:00:00+08:00", "2025-02-29 09:00:00+08:00", "2024-02-29 09:00:00+08:00",
    "2025-04-31 09:00:00Z", "2025-00-10 09:00:00Z", "2025-13-10 09:00:00Z", "2025-03-00 09:00:00Z",
    "1799-12-31 23:59:59-23:59", "2400-01-01 00:00:00+23:59", "1800-01-02 00:00:00Z",
    "2025/03/03 09:00:00+08:00", "2025-03-03t09:00:00+08:00", "2025-03-03_09:00:00",
    "２025-03-03 09:00:00",
    "2025-03-03 09:00:0:+08:00", "2025-03-03 09:00:00.5+08:", "2025-03-03 9:00:00+08:00 ",
]  # fmt: skip


@pytest.mark.parametrize("zone", [None, NEW_YORK])
def test_near_misses_of_the_fixed_shapes(zone: dt.tzinfo | None) -> None:
    _same_as_text_path(NEAR_MISSES, zone, padding=0)


@given(
    texts=st.lists(_stamp_texts() | st.text(max_size=30), min_size=1, max_size=20),
    zone=st.sampled_from([None, *ZONES]),
    padding=st.integers(0, 9),
)
def test_byte_fields_parse_as_the_text_path_parses(
    texts: list[str], zone: dt.tzinfo | None, padding: int
) -> None:
    """The eight-bytes-at-a-time shapes and the byte matrix agree with the text parser."""
    _same_as_text_path(texts, zone, padding)


def _same_as_text_path(texts: list[str], zone: dt.tzinfo | None, padding: int) -> None:
    encoded = [t.encode() for t in texts]
    data = np.frombuffer(b"".join(e + b"," for e in encoded) + b"\n" * padding, dtype=np.uint8)
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    missing = np.array([not t for t in texts])

    def decode(rows: np.ndarray) -> np.ndarray:
        return np.array([texts[r] for r in rows.tolist()] + [None], dtype=object)[:-1]

    fields = parse_instant_fields(data, starts, lengths, decode, missing, zone=zone)
    expected = parse_instants(np.array(texts, dtype=object), missing, zone=zone)
    assert fields.us.tolist() == expected.us.tolist()
    assert fields.failure.tolist() == expected.failure.tolist()
