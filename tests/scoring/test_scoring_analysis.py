"""Pareto, before/after comparison, grouping and trends."""

from __future__ import annotations

import datetime as dt
import math
import warnings
import zoneinfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from csmetrics._scoring.intervals import newcombe_difference
from csmetrics.exceptions import (
    InputTypeError,
    InvalidInputError,
    InvalidScoreError,
    NaiveDatetimeError,
    UndefinedMetricWarning,
)
from csmetrics.scoring import (
    CsatCounts,
    LabelCounts,
    NpsCounts,
    RateCounts,
    compare,
    csat,
    group_by,
    nps,
    pareto,
    rate,
    top_shares,
    trend,
)

labels_st = st.lists(st.sampled_from(["破损", "延误", "错发漏发", "态度问题", None]), max_size=50)

# --- Pareto -----------------------------------------------------------------------------


def test_pareto_known_table() -> None:
    labels = ["屏幕无显示"] * 3 + ["死机"] * 5 + ["划痕"] + ["色差"] + [None]
    r = pareto(labels)
    assert r.labels == ("死机", "屏幕无显示", "划痕", "色差")
    assert r.counts == (5, 3, 1, 1)
    assert r.shares == pytest.approx((5 / 10, 3 / 10, 1 / 10, 1 / 10))
    assert r.cumulative == pytest.approx((5 / 10, 8 / 10, 9 / 10, 10 / 10))
    assert r.vital_few == ("死机", "屏幕无显示")
    assert (r.n, r.missing) == (10, 1)
    assert r.top(1) == (("死机", 5 / 10),)


@pytest.mark.parametrize(
    ("cutoff", "vital"),
    [
        (0.5, ("a",)),
        (0.7, ("a", "b")),
        (0.8, ("a", "b")),
        (0.81, ("a", "b", "c")),
        (1.0, ("a", "b", "c", "d")),
    ],
)
def test_pareto_cutoffs(cutoff: float, vital: tuple[str, ...]) -> None:
    labels = ["a"] * 5 + ["b"] * 3 + ["c"] + ["d"]
    assert pareto(labels, cutoff=cutoff).vital_few == vital


def test_pareto_ties_are_broken_by_label() -> None:
    assert pareto(["b", "a", "c", "a", "b", "c"]).labels == ("a", "b", "c")


def test_pareto_numpy_and_empty() -> None:
    assert pareto(np.array(["x", "y", "x"])).labels == ("x", "y")
    assert pareto(np.array([3, 1, 3])).labels == (3, 1)
    empty = pareto([None])
    assert (empty.labels, empty.n, empty.missing) == ((), 0, 1)


@pytest.mark.parametrize("bad", [0.0, 1.5, "0.8"])
def test_pareto_bad_cutoff(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="cutoff"):
        pareto(["a"], cutoff=bad)  # type: ignore[arg-type]


def test_pareto_bad_labels() -> None:
    with pytest.raises(InputTypeError):
        pareto("abc")
    with pytest.raises(InputTypeError, match="hashable"):
        pareto([["a"], ["b"]])
    with pytest.raises(InvalidInputError, match="counts"):
        LabelCounts.from_mapping({"a": -1})


def test_top_shares() -> None:
    labels = ["屏幕无显示"] * 3 + ["死机"] * 2 + ["划痕"] * 4 + ["色差"]
    assert top_shares(labels) == (("划痕", 4 / 10), ("屏幕无显示", 3 / 10), ("死机", 2 / 10))


@given(labels_st, labels_st)
def test_label_counts_merge_equals_concatenation(a: list[str | None], b: list[str | None]) -> None:
    merged = LabelCounts.from_labels(a) + LabelCounts.from_labels(b)
    assert merged == LabelCounts.from_labels(a + b)
    assert sum([LabelCounts.from_labels(a), LabelCounts.from_labels(b)]) == merged
    assert merged.result() == pareto(a + b)


@given(labels_st, st.randoms(use_true_random=False))
def test_pareto_is_order_invariant(labels: list[str | None], rnd: object) -> None:
    shuffled = list(labels)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    r = pareto(shuffled)
    assert r == pareto(labels)
    if r.n:
        assert r.cumulative[-1] == pytest.approx(1.0)
        assert list(r.counts) == sorted(r.counts, reverse=True)
        assert sum(r.counts[: len(r.vital_few)]) >= 0.8 * r.n - 1e-9
        assert sum(r.counts[: len(r.vital_few) - 1]) < 0.8 * r.n


# --- compare ----------------------------------------------------------------------------


def test_compare_rates_newcombe_and_pooled_z() -> None:
    before, after = [True] * 78 + [False] * 22, [True] * 85 + [False] * 15
    c = compare(before, after, metric="rate")
    pooled = (78 + 85) / 200
    z = (0.85 - 0.78) / math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 100))
    assert c.difference == pytest.approx(0.85 - 0.78)
    assert c.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert c.ci.low < 0 < c.ci.high
    assert not c.is_significant
    assert (c.n_before, c.n_after) == (100, 100)


def test_compare_rates_detect_a_real_change() -> None:
    c = compare(RateCounts.from_counts(780, 1000), RateCounts.from_counts(850, 1000), metric="rate")
    assert c.is_significant
    assert 0 < c.ci.low < 0.07 < c.ci.high


def test_compare_csat_share() -> None:
    c = compare([5, 4, 2, 1], [5, 5, 4, 4], metric="csat_share")
    assert (c.before, c.after) == (2 / 4, 4 / 4)
    assert c.difference == pytest.approx(0.5)
    # Newcombe from the two Wilson intervals csat() reports; pooled z-test on 6/8
    a, b = csat([5, 4, 2, 1]).ci, csat([5, 5, 4, 4]).ci
    assert c.ci == pytest.approx(newcombe_difference(0.5, a, 1.0, b))
    z = 0.5 / math.sqrt(0.75 * 0.25 * (1 / 4 + 1 / 4))  # 1.632993
    assert c.p_value == pytest.approx(2 * stats.norm.sf(z))


def test_compare_means_is_welch() -> None:
    a, b = [5, 4, 4, 3, 2, 4], [5, 5, 4, 4, 5, 3, 5]
    c = compare(a, b, metric="csat_mean")
    expected = stats.ttest_ind(b, a, equal_var=False)
    assert c.difference == pytest.approx(np.mean(b) - np.mean(a))
    assert c.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    low, high = expected.confidence_interval(0.95)
    assert c.ci == pytest.approx((low, high), rel=1e-9)


def test_compare_nps_by_hand() -> None:
    before = [10] * 40 + [8] * 30 + [3] * 30
    after = [10] * 55 + [8] * 25 + [3] * 20
    c = compare(before, after)
    assert c.difference == pytest.approx(100 * ((0.55 - 0.20) - (0.40 - 0.30)))
    a_p, a_d = (40 + 0.75) / 103, (30 + 0.75) / 103
    b_p, b_d = (55 + 0.75) / 103, (20 + 0.75) / 103
    centre = (b_p - b_d) - (a_p - a_d)
    se = math.sqrt((a_p + a_d - (a_p - a_d) ** 2) / 103 + (b_p + b_d - (b_p - b_d) ** 2) / 103)
    half = 1.959963984540054 * se
    assert c.ci == pytest.approx((100 * (centre - half), 100 * (centre + half)))
    assert c.p_value == pytest.approx(2 * stats.norm.sf(centre / se))  # same adjusted values
    assert c.is_significant


def test_compare_degenerate_and_empty() -> None:
    same = compare([10, 10], [10, 10])  # the adjusted variance is never 0: z = 0 / se
    assert (same.difference, same.p_value) == (0.0, 1.0)
    assert compare([0, 0], [10, 10]).p_value > 0.05  # adjusted: two answers prove nothing
    assert compare([0] * 30, [10] * 30).p_value < 1e-6
    with pytest.warns(UndefinedMetricWarning, match="p-value is undefined"):
        flat = compare([4, 4], [4, 4], metric="csat_mean")  # t = 0 / 0, NaN as in scipy
    assert math.isnan(flat.p_value)
    assert (flat.ci, flat.is_significant) == ((0.0, 0.0), False)
    assert compare([4, 4], [5, 5], metric="csat_mean").p_value == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(compare([], [10]).difference)
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(compare([4], [5, 3], metric="csat_mean").p_value)


def test_compare_identical_unanimous_shares() -> None:
    # pooled share 1: z = 0 / 0, NaN as statsmodels' proportions_ztest gives, never p = 1
    with pytest.warns(UndefinedMetricWarning, match="p-value is undefined"):
        c = compare([True, True], [True, True, True], metric="rate")
    assert (c.difference, c.is_significant) == (0.0, False)
    assert math.isnan(c.p_value)


def test_label_counts_add_only_label_counts() -> None:
    counts = LabelCounts.from_labels(["a", "b", "a"])
    assert counts.n == 3
    with pytest.raises(TypeError):
        counts + 1  # type: ignore[operator]


def test_compare_input_errors() -> None:
    with pytest.raises(InvalidInputError, match="metric"):
        compare([1], [1], metric="mean")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="NpsCounts"):
        compare(CsatCounts.from_scores([4]), NpsCounts.from_scores([4]))
    counts = CsatCounts.from_scores([4, 5, 3])
    assert compare(counts, counts, metric="csat_mean").difference == 0.0


# --- group_by and trend -----------------------------------------------------------------


def test_group_by_equals_per_group_scalar() -> None:
    agents = ["小张", "小李", "小张", "小王", "小李", "小张"]
    scores = [5, 3, 4, None, 4, 2]
    with pytest.warns(UndefinedMetricWarning):  # 小王 has no score
        g = group_by(agents, scores)
    assert g.keys == ("小张", "小李", "小王")
    assert g.as_dict()["小张"] == csat([5, 4, 2])
    assert g.as_dict()["小李"] == csat([3, 4])
    assert g.results[2].missing == 1
    assert g.values("n").tolist() == [3, 2, 0]


def test_group_by_nps_and_weights() -> None:
    g = group_by(np.array(["chat", "email", "chat"]), [10, 3, 6], metric="nps")
    assert g.as_dict()["chat"] == nps([10, 6])
    w = group_by(["a", "a"], [5, 1], weights=[3.0, 1.0])
    assert w.results[0] == csat([5, 1], weights=[3.0, 1.0])


def test_group_by_rate() -> None:
    g = group_by(["x", "y", "x", "y"], [True, False, True, None], metric="rate")
    assert g.as_dict()["x"].value == 1.0
    assert g.as_dict()["y"] == RateCounts.from_flags([False, None]).result()


def test_group_by_errors() -> None:
    with pytest.raises(InvalidInputError, match="metric"):
        group_by(["a"], [1], metric="ces")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="keys"):
        group_by(["a"], [1, 2])
    with pytest.raises(InvalidScoreError):
        group_by(["a", "b"], [1, 9])


@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.one_of(st.integers(1, 5), st.none())), max_size=40
    )
)
def test_group_by_matches_scalar_everywhere(rows: list[tuple[str, int | None]]) -> None:
    keys, scores = [k for k, _ in rows], [s for _, s in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        g = group_by(keys, scores)
        assert g.keys == tuple(sorted(set(keys)))
        for key, result in g.as_dict().items():
            expected = csat([s for k, s in rows if k == key])
            assert repr(result) == repr(expected)  # the whole result, NaN included


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("freq", "keys"),
    [
        ("D", ["2025-01-05", "2025-01-06", "2025-02-03"]),
        ("W", ["2024-12-30", "2025-01-06", "2025-02-03"]),
        ("M", ["2025-01-01", "2025-02-01"]),
    ],
)
def test_trend_periods(freq: str, keys: list[str]) -> None:
    times = [
        dt.datetime(2025, 1, 5, 23, 30, tzinfo=SHANGHAI),  # a Sunday in Shanghai
        dt.datetime(2025, 1, 6, 0, 30, tzinfo=SHANGHAI),  # Monday
        dt.datetime(2025, 2, 3, 12, tzinfo=SHANGHAI),
    ]
    t = trend(times, [5, 3, 4], freq=freq)  # type: ignore[arg-type]
    assert [str(k) for k in t.keys] == keys


def test_trend_numpy_and_pandas_inputs_agree() -> None:
    utc = pd.to_datetime(["2025-03-01T10:00Z", "2025-03-15T10:00Z", "2025-04-02T10:00Z"])
    scores = [5, 3, 4]
    from_pandas = trend(pd.Series(utc), scores, freq="M")
    from_numpy = trend(utc.tz_localize(None).to_numpy(), scores, freq="M")
    from_index = trend(utc, scores, freq="M")
    for other in (from_numpy, from_index):
        assert other.keys == from_pandas.keys
        assert [r.counts for r in other.results] == [r.counts for r in from_pandas.results]
    assert from_pandas.values("mean").tolist() == [4.0, 4.0]


def test_trend_errors() -> None:
    with pytest.raises(NaiveDatetimeError):
        trend([dt.datetime(2025, 1, 1)], [5])
    with pytest.raises(NaiveDatetimeError):
        trend(pd.Series(pd.to_datetime(["2025-01-01"])), [5])
    with pytest.raises(
        InputTypeError, match=r"timestamps\[0\]: expected a timezone-aware datetime"
    ):
        trend(["2025-01-01"], [5])
    with pytest.raises(InvalidInputError, match="freq"):
        trend([dt.datetime(2025, 1, 1, tzinfo=dt.UTC)], [5], freq="Q")  # type: ignore[arg-type]


def test_trend_missing_timestamp_is_its_own_period() -> None:
    t = trend([dt.datetime(2025, 1, 1, tzinfo=dt.UTC), None], [5, 4], freq="W")
    assert len(t.keys) == 2
    assert np.isnat(t.keys[-1])  # type: ignore[arg-type]


def test_rate_function() -> None:
    # Wilson, z = 1.959964: z^2/n = 0.0384146, centre = (0.78 + 0.0192073) / 1.0384146 = 0.769642
    # half = 1.959964 / 1.0384146 * sqrt(0.78 * 0.22 / 100 + 0.0384146 / 400) = 0.080345
    r = rate(78, 100)
    assert (r.value, r.n, r.successes) == (0.78, 100, 78)
    assert r.ci == pytest.approx((0.769642 - 0.080345, 0.769642 + 0.080345), abs=2e-6)


@pytest.mark.parametrize(
    "keys",
    [
        np.array([7, 3, 7, 3, 9]),  # small integer range: counted without sorting
        np.array([7, -(10**12), 7, -(10**12), 10**12]),  # wide range: sorted
        np.array(["b", "a", "b", "a", "c"]),
        [("x", 1), ("w", 2), ("x", 1), ("w", 2), None],
    ],
)
def test_group_by_key_kinds(keys: object) -> None:
    scores = [5, 1, None, 3, 4]
    g = group_by(keys, scores, weights=[1.0, 2.0, 5.0, 1.0, 1.0])  # type: ignore[arg-type]
    by_size = sorted((r.n, r.missing) for r in g.results)
    assert by_size == [(1, 0), (1, 1), (2, 0)]
    first = g.results[[r.n for r in g.results].index(2)]
    assert first.mean == pytest.approx((2 * 1 + 1 * 3) / 3)
