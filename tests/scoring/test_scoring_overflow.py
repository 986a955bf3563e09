"""Every arithmetic path checks its range: the exact answer, or a CsMetricsError.

Durations are accepted within the range of ``timedelta64[us]`` (2**63 - 1
microseconds, about 292,271 years), in any unit; counts up to 2**53; weights
whose sums of squares are normal floats. Beyond, an error, never a wrapped
int64 or an infinite mean.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._scoring.durations import MAX_SECONDS, to_unit
from csmetrics.exceptions import CsMetricsError, InvalidInputError, UndefinedMetricWarning
from csmetrics.scoring import (
    CsatCounts,
    LabelCounts,
    NpsCounts,
    RateCounts,
    csat,
    group_by,
    nps,
    quality_score,
    rate,
    slow_categories,
    time_stats,
    within_target_rate,
)

MAX_US = 2**63 - 1
TICK_SECONDS = {
    "W": Fraction(604800), "D": Fraction(86400), "h": Fraction(3600), "m": Fraction(60),
    "s": Fraction(1), "ms": Fraction(1, 10**3), "us": Fraction(1, 10**6),
    "ns": Fraction(1, 10**9),
}  # fmt: skip
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
LIMIT = Fraction(MAX_US, 10**6)  # seconds


# --- regressions ---------------------------------------------------------------------------


def test_huge_timedelta64_seconds_no_longer_wrap() -> None:
    # 2**62 s is 1.5e11 years: converting to microseconds used to wrap to 0 silently
    with pytest.raises(InvalidInputError, match="292,271 years"):
        time_stats(np.array([2**62], dtype="m8[s]"))
    with pytest.raises(InvalidInputError, match="292,271 years"):
        within_target_rate(np.array([2**62, 10], dtype="m8[ms]"), 30)
    with pytest.raises(InvalidInputError, match="292,271 years"):
        slow_categories(["a"], np.array([2**62], dtype="m8[m]"))


def test_the_largest_durations_give_exact_statistics() -> None:
    top = np.array([MAX_US, MAX_US, MAX_US], dtype="m8[us]")
    s = time_stats(top, unit="seconds")
    assert s.mean == s.median == s.p90 == MAX_US / 1e6  # no overflow in the sum
    weeks = np.array([MAX_US // (604800 * 10**6)] * 2, dtype="m8[W]")
    assert time_stats(weeks, unit="days").mean == float(weeks[0].astype(int) * 7)


@pytest.mark.parametrize(
    "durations",
    [
        [dt.timedelta.max],
        [1e308],
        [math.inf],
        [10**400],
        [Fraction(10**400, 3)],
        np.array([1e300]),
        np.array([2**63 - 1], dtype="m8[s]"),
        np.array([2**62], dtype="m8[D]"),
    ],
)
def test_durations_beyond_the_range_raise(durations: object) -> None:
    for call in (
        lambda: time_stats(durations),
        lambda: within_target_rate(durations, 1),
        lambda: slow_categories(["x"] * len(durations), durations),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInputError, match="292,271 years"):
            call()


def test_months_and_years_are_not_durations() -> None:
    with pytest.raises(CsMetricsError, match="fixed unit"):
        time_stats(np.array([1], dtype="m8[Y]"))


# --- properties: durations up to the limits and beyond ---------------------------------------


@given(
    st.lists(st.integers(-(2**63) + 1, 2**63 - 1), min_size=1, max_size=5),
    st.sampled_from(sorted(TICK_SECONDS)),
    st.sampled_from(sorted(UNIT_SECONDS)),
)
def test_timedelta64_ticks_of_any_unit(ticks: list[int], tick: str, unit: str) -> None:
    arr = np.array(ticks, dtype=f"m8[{tick}]")
    exact = [t * TICK_SECONDS[tick] for t in ticks]
    if any(abs(e) > LIMIT for e in exact):
        with pytest.raises(InvalidInputError, match="292,271 years"):
            to_unit(arr, unit)
        return
    got = to_unit(arr, unit).tolist()
    assert got == pytest.approx([float(e / UNIT_SECONDS[unit]) for e in exact], rel=1e-15)
    if any(e < 0 for e in exact):
        with pytest.raises(InvalidInputError, match=">= 0"):
            time_stats(arr, unit=unit)  # type: ignore[arg-type]
        return
    s = time_stats(arr, unit=unit)  # type: ignore[arg-type]
    mean = float(sum(exact) / len(exact) / UNIT_SECONDS[unit])
    assert s.mean == pytest.approx(mean, rel=1e-14)
    assert min(got) <= s.median <= s.p90 <= max(got)


big_numbers = st.one_of(
    st.floats(min_value=0, allow_nan=False),  # up to 1.8e308 and inf
    st.integers(0, 2**1100),
    st.integers(0, 10**14),
)


@given(st.lists(big_numbers, min_size=1, max_size=6), st.sampled_from(sorted(UNIT_SECONDS)))
def test_plain_numbers_up_to_the_limit_and_beyond(values: list[float], unit: str) -> None:
    limit = LIMIT / UNIT_SECONDS[unit]
    beyond = any(v == math.inf or Fraction(v) > limit for v in values)
    for call in (
        lambda: time_stats(values, unit=unit),  # type: ignore[arg-type]
        lambda: time_stats(np.array(values, dtype=object), unit=unit),  # type: ignore[arg-type]
        lambda: within_target_rate(values, 1, unit=unit),  # type: ignore[arg-type]
    ):
        if beyond:
            with pytest.raises(InvalidInputError, match="292,271 years"):
                call()
        else:
            result = call()
            fields = dataclasses.astuple(result)
            assert all(math.isfinite(x) for x in fields if isinstance(x, float))
    if not beyond:
        s = time_stats(values, unit=unit)  # type: ignore[arg-type]
        assert s.mean == pytest.approx(float(sum(Fraction(v) for v in values) / len(values)))


@given(st.timedeltas(min_value=dt.timedelta(0)))
def test_any_timedelta_is_exact_or_refused(delta: dt.timedelta) -> None:
    if Fraction(delta.days * 86400 + delta.seconds) + Fraction(delta.microseconds, 10**6) > LIMIT:
        with pytest.raises(InvalidInputError):
            time_stats([delta], unit="seconds")
    else:
        assert time_stats([delta], unit="seconds").mean == delta.total_seconds()


def test_max_seconds_is_the_timedelta64_us_range() -> None:
    assert MAX_SECONDS == (2**63 - 1) / 1e6
    assert np.timedelta64(2**63 - 1, "us") > np.timedelta64(0, "us")  # not NaT


# --- counts and weights -------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: CsatCounts.from_counts((2**53 + 1, 0, 0, 0, 0)),
        lambda: NpsCounts.from_groups(2**1030, 0, 1),
        lambda: RateCounts.from_counts(2**1030, 2**1030),
        lambda: rate(2**70, 2**71),
        lambda: CsatCounts((1e308, 1e308, 0.0, 0.0, 0.0), 2, 2.0, 0, 5, 4),
        lambda: CsatCounts((1.0, 0.0, 0.0, 0.0, 0.0), 1, math.inf, 0, 5, 4),
        lambda: NpsCounts((math.nan,) + (0.0,) * 10, 1, 1.0),
        lambda: csat([5, 4], weights=[1e200, 1e200]),
        lambda: nps([5, 4], weights=[1e308, 1e308]),
        lambda: nps([5, 4], weights=[1e-320, 1e-320]),  # squares underflow to 0
        lambda: group_by(["a", "b"], [5, 4], weights=[1e300, 1.0]),
        lambda: RateCounts.from_flags([True, False], weights=[1e160, 1e160]),
    ],
)
def test_counts_and_weights_out_of_range_raise(call: object) -> None:
    with pytest.raises(InvalidInputError):
        call()  # type: ignore[operator]


def test_merged_weighted_counts_that_overflow_raise() -> None:
    part = CsatCounts.from_scores([5, 4], weights=[1e153, 1e153])  # squares 2e306: fine
    assert sum([part] * 10).n == 20
    with pytest.raises(InvalidInputError, match="finite"):
        sum([part] * 100)  # squares 2e308: beyond a float


@given(st.lists(st.integers(0, 2**53 // 11), min_size=11, max_size=11))
def test_counts_up_to_2_53_are_exact(counts: list[int]) -> None:
    merged = NpsCounts(tuple(counts), sum(counts), float(sum(counts)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        r = merged.result()
    if sum(counts):
        exact = Fraction(counts[9] + counts[10] - sum(counts[:7]), sum(counts)) * 100
        assert r.score == float(exact)


def test_label_counts_of_any_size_give_correctly_rounded_shares() -> None:
    r = LabelCounts.from_mapping({"a": 2**1030, "b": 1}).result()
    assert r.shares == (1.0, float(Fraction(1, 2**1030 + 1)))
    assert r.vital_few == ("a",)


def test_quality_weights_of_any_size_normalise() -> None:
    huge = quality_score({"csat": 4.0, "nps": 50}, weights={"csat": 1e308, "nps": 1e308})
    assert (
        huge.value == quality_score({"csat": 4.0, "nps": 50}, weights={"csat": 1, "nps": 1}).value
    )
    with pytest.raises(InvalidInputError):
        quality_score({"csat": 2**2000}, weights={"csat": 1})
