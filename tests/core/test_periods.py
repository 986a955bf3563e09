"""Reporting periods of instants in a zone, and dense codes (against plain Python / numpy)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.codes import dense_codes, row_codes
from csmetrics._core.instants import NAT
from csmetrics._core.periods import local_days, period_days, period_starts_us

ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata",
         "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kathmandu"]  # fmt: skip
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
US = 1_000_000
# 1800-01-02 .. 2399-12-30, the instants the package accepts
instants = st.integers(-5_364_576_000 * US, 13_569_292_800 * US)


def _local_day(us: int, zone: dt.tzinfo) -> int:
    local = (EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)
    return (local.date() - dt.date(1970, 1, 1)).days


@given(st.lists(instants, min_size=1, max_size=50), st.sampled_from(ZONES))
def test_local_days_equal_the_local_date_of_each_instant(values: list[int], zone: str) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    got = local_days(np.array(values, dtype=np.int64), tz)
    assert got.tolist() == [_local_day(v, tz) for v in values]


@given(st.integers(0, 200), st.sampled_from(ZONES), st.integers(-3 * US, 3 * US))
def test_local_days_around_each_transition_of_a_year(day: int, zone: str, shift: int) -> None:
    """Instants a few seconds around DST switches (clustered on one day, so hours mix)."""
    tz = zoneinfo.ZoneInfo(zone)
    start = int((dt.datetime(2025, 1, 1, tzinfo=dt.UTC) - EPOCH).total_seconds()) * US
    base = start + day * 86_400 * US
    values = [base + h * 1_800 * US + shift for h in range(48)]
    got = local_days(np.array(values, dtype=np.int64), tz)
    assert got.tolist() == [_local_day(v, tz) for v in values]


def test_missing_instants_stay_missing() -> None:
    got = local_days(np.array([NAT, 0], dtype=np.int64), zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert got.tolist() == [NAT, 0]
    assert period_days(np.array([NAT, 5]), "week").tolist() == [NAT, 4]
    assert period_starts_us(np.array([NAT]), dt.UTC).tolist() == [NAT]


@given(st.lists(st.integers(-(10**9), 10**9) | st.integers(0, 30), max_size=60))
def test_dense_codes_equal_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    uniques, codes = dense_codes(array)
    expected, inverse = np.unique(array, return_inverse=True)
    assert uniques.tolist() == expected.tolist()
    assert codes.tolist() == inverse.reshape(-1).tolist()


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), min_size=1, max_size=40))
def test_row_codes_equal_sorting_the_rows(rows: list[tuple[int, int]]) -> None:
    columns = [np.array([r[j] for r in rows], dtype=np.intp) for j in (0, 1)]
    found, groups = row_codes(columns, [4, 7])
    expected = sorted(set(rows))
    assert [tuple(r) for r in found.tolist()] == expected
    assert [expected[g] for g in groups.tolist()] == rows
