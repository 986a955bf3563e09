"""The one instant converter: every input form gives the same microseconds or the same error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.instants import (
    NAT,
    as_instants,
    durations_us,
    instant64,
    instants_us,
    to_us,
    to_us_duration,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
UNITS = ["D", "h", "m", "s", "ms", "us", "ns"]


def _expected_us(value: int, unit: str) -> int | None:
    """``value`` steps of ``unit`` in microseconds, by exact integers (None: out of range)."""
    per = {"D": 86_400_000_000, "h": 3_600_000_000, "m": 60_000_000, "s": 1_000_000,
           "ms": 1_000, "us": 1}  # fmt: skip
    us = value // 1_000 if unit == "ns" else value * per[unit]
    low = (dt.datetime(1800, 1, 2, tzinfo=dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)
    high = (dt.datetime(2399, 12, 31, tzinfo=dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)
    return us if low <= us <= high else None


@given(value=st.integers(-(2**63) + 1, 2**63 - 1), unit=st.sampled_from(UNITS))
def test_numpy_instants_are_exact_or_refused(value: int, unit: str) -> None:
    array = np.array([value], dtype=f"datetime64[{unit}]")
    expected = _expected_us(value, unit)
    if expected is None:
        with pytest.raises(InvalidInputError, match=r"years 1800\.\.2399"):
            instants_us(array, "t")
    else:
        assert instants_us(array, "t").tolist() == [expected]


@given(value=st.integers(-(2**63) + 1, 2**63 - 1), unit=st.sampled_from(["D", "s", "ms", "us"]))
def test_numpy_durations_never_wrap(value: int, unit: str) -> None:
    array = np.array([value], dtype=f"timedelta64[{unit}]")
    per = {"D": 86_400_000_000, "s": 1_000_000, "ms": 1_000, "us": 1}[unit]
    exact = value * per
    if abs(exact) > 2**62:
        with pytest.raises(InvalidInputError, match="durations within"):
            durations_us(array, "d")
    else:
        assert durations_us(array, "d").tolist() == [exact]


@given(st.datetimes(dt.datetime(1800, 1, 2), dt.datetime(2399, 12, 30), timezones=st.just(dt.UTC)))
def test_every_form_of_one_instant_agrees(moment: dt.datetime) -> None:
    expected = to_us(moment, "t")
    forms: list[Any] = [
        [moment],
        np.array([np.datetime64(moment.replace(tzinfo=None), "us")]),
        pd.Series([moment]),
        pd.DatetimeIndex([moment]),
    ]
    for form in forms:
        assert instants_us(form, "t").tolist() == [expected]
    assert instant64(moment) == np.datetime64(expected, "us")


def test_nat_and_none_are_missing() -> None:
    out = instants_us(np.array(["NaT", "2025-01-01"], dtype="datetime64[s]"), "t")
    assert out[0] == NAT
    assert instants_us([None], "t").tolist() == [NAT]
    assert np.isnat(as_instants(None, "t", 3)).all()


@pytest.mark.parametrize(
    ("values", "error", "match"),
    [
        (pd.Series(pd.to_datetime(["2025-03-10"])), NaiveDatetimeError, "t: expected tz-aware"),
        ([dt.datetime(2025, 1, 1)], NaiveDatetimeError, r"t\[0\]: expected a timezone-aware"),
        ("2025-01-01", InputTypeError, "t: expected datetime64 values"),
        (np.array([1, 2]), InputTypeError, "t: expected datetime64 values"),
        ([dt.datetime(2500, 1, 1, tzinfo=dt.UTC)], InvalidInputError, "years 1800..2399"),
    ],
)
def test_bad_instants(values: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        instants_us(values, "t")


def test_as_instants_checks_the_length() -> None:
    with pytest.raises(InvalidInputError, match="t: expected 2 values"):
        as_instants(np.array(["2025-01-01"], "datetime64[D]"), "t", 2)
    with pytest.raises(InputTypeError, match="t: expected an array of instants, got None"):
        as_instants(None, "t")


@given(
    value=st.integers(0, 2**62),
    unit=st.sampled_from(["ns", "ps", "fs", "as"]),
    count=st.sampled_from([1, 2, 10, 100, 250]),
)
def test_multiples_of_fine_units_are_floored_exactly(value: int, unit: str, count: int) -> None:
    fine = {"ns": 10**3, "ps": 10**6, "fs": 10**9, "as": 10**12}[unit]
    expected = value * count // fine
    found = durations_us(np.array([value], dtype=f"timedelta64[{count}{unit}]"), "d").tolist()
    assert found == [expected]
    instant = np.array([value], dtype=f"datetime64[{count}{unit}]")
    if _expected_us(expected, "us") is None:
        with pytest.raises(InvalidInputError):
            instants_us(instant, "t")
    else:
        assert instants_us(instant, "t").tolist() == [expected]


def test_timedeltas_beyond_146000_years_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"d: expected durations within ±146,000 years"):
        to_us_duration(dt.timedelta.max, "d")
    with pytest.raises(InvalidInputError, match="durations within"):
        durations_us([dt.timedelta(days=-(10**8))], "d")
    assert to_us_duration(dt.timedelta(days=10**7), "d") == 10**7 * 86_400 * 10**6
    with pytest.raises(InputTypeError, match=r"d: expected a datetime.timedelta, got str of 2"):
        to_us_duration("1h", "d")


def test_instants_outside_the_years_when_asked() -> None:
    far = [dt.datetime(9999, 1, 1, tzinfo=dt.UTC), None]
    assert as_instants(far, "t", within_years=False)[0] == np.datetime64("9999-01-01", "us")
    with pytest.raises(InvalidInputError, match=r"years 1800\.\.2399"):
        as_instants(far, "t")
    days = np.array(["9999-01-01"], dtype="datetime64[D]")
    assert instants_us(days, "t", within_years=False).tolist() == [
        (dt.datetime(9999, 1, 1, tzinfo=dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)
    ]
