"""Honest statistics: intervals inside their natural range, p-values of degenerate tests.

Reference values are computed by hand from the published formulas with
scipy's normal and t distributions (statsmodels is not a dependency):

- pooled two-proportion z-test (statsmodels ``proportions_ztest``):
  ``z = (pB - pA) / sqrt(p (1 - p) (1/nA + 1/nB))``, ``p = 2 sf(|z|)``; with a
  pooled share of 0 or 1, ``z = 0 / 0`` and statsmodels gives NaN;
- Welch's t-test (scipy ``ttest_ind(equal_var=False)``): NaN for ``0 / 0``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from csmetrics.exceptions import UndefinedMetricWarning
from csmetrics.scoring import CsatCounts, NpsCounts, compare, csat, group_by, nps


def _pooled_z_p(succ_a: int, n_a: int, succ_b: int, n_b: int) -> float:
    """statsmodels' proportions_ztest([succ_b, succ_a], [n_b, n_a]) p-value, by hand."""
    pa, pb = succ_a / n_a, succ_b / n_b
    pooled = (succ_a + succ_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        return math.nan  # 0 / 0: statsmodels' z is NaN, and so its p-value
    return float(2 * stats.norm.sf(abs(pb - pa) / se))


def _flags(successes: int, n: int) -> list[bool]:
    return [True] * successes + [False] * (n - successes)


@pytest.mark.parametrize(
    ("succ_a", "n_a", "succ_b", "n_b"),
    [
        (78, 100, 85, 100),  # FCR 78% -> 85%
        (56, 70, 48, 80),  # Newcombe's example
        (0, 10, 10, 10),  # all failures against all successes: pooled 0.5, defined
        (1, 3, 2, 3),
        (30, 30, 29, 30),
    ],
)
def test_pooled_z_test_matches_the_hand_computed_reference(
    succ_a: int, n_a: int, succ_b: int, n_b: int
) -> None:
    c = compare(_flags(succ_a, n_a), _flags(succ_b, n_b), metric="rate")
    assert c.p_value == pytest.approx(_pooled_z_p(succ_a, n_a, succ_b, n_b), rel=1e-9)


@pytest.mark.parametrize(
    ("before", "after", "metric"),
    [
        (_flags(5, 5), _flags(7, 7), "rate"),  # both all successes
        (_flags(0, 5), _flags(0, 9), "rate"),  # both all failures
        ([5, 5, 4], [4, 5], "csat_share"),  # everyone satisfied on both sides
        ([1, 2, 3], [3, 1], "csat_share"),  # nobody satisfied on both sides
        (CsatCounts.from_counts((0, 0, 0, 3, 4)), CsatCounts.from_counts((0, 0, 0, 0, 2)),
         "csat_share"),
    ],
)  # fmt: skip
def test_a_degenerate_share_test_gives_nan_and_warns(
    before: object, after: object, metric: str
) -> None:
    with pytest.warns(UndefinedMetricWarning, match="p-value is undefined"):
        c = compare(before, after, metric=metric)  # type: ignore[arg-type]
    assert math.isnan(c.p_value)
    assert not c.is_significant
    assert c.difference == 0.0
    assert -1.0 <= c.ci.low < 0.0 < c.ci.high <= 1.0  # the interval is still honest


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ([4, 4, 4], [4, 4]),
        ([5, 5], [5, 5, 5, 5]),
        ([1, 2, 3], [3, 5, 5, 3]),
        ([1, 5, 1, 5], [2, 2, 3]),
        ([4, 4], [5, 5]),
        ([3, 4, 5, 5, 5], [1, 1, 1, 2]),
    ],
)
def test_welch_matches_scipy_including_degenerate_cases(
    before: list[int], after: list[int]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns on 0 / 0 (a RuntimeWarning)
        ref = stats.ttest_ind(after, before, equal_var=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = compare(before, after, metric="csat_mean")
    if math.isnan(ref.pvalue):
        assert math.isnan(c.p_value)
        assert any(issubclass(w.category, UndefinedMetricWarning) for w in caught)
    else:
        assert c.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)
        assert not caught


def test_nps_comparison_is_always_defined() -> None:
    # the adjusted-Wald variance is never 0: both samples all promoters give z = 0, p = 1
    c = compare([10] * 5, [9] * 5)
    assert (c.difference, c.p_value, c.is_significant) == (0.0, 1.0, False)


def test_nps_difference_interval_is_clamped_to_200_points() -> None:
    c = compare([0], [10], confidence=0.9999999)  # z = 5.3 on one answer each
    assert tuple(c.ci) == (-200.0, 200.0)  # unclamped: about -340 .. 740 points
    c = compare([0, 0, 10], [10, 10, 10], confidence=0.999)
    assert c.ci.high == 200.0
    assert -200.0 < c.ci.low < 0.0


def test_csat_mean_interval_is_clamped_to_the_scale() -> None:
    r = csat([1, 5])  # the t interval with 1 degree of freedom is -22.4 .. 28.4
    assert tuple(r.mean_ci) == (1.0, 5.0)
    r7 = csat([7, 6, 7], scale=7)
    assert r7.mean_ci.high == 7.0
    assert csat([3, 3, 3]).mean_ci == (3.0, 3.0)  # no spread: nothing to estimate it from


scales = st.integers(2, 10)


@st.composite
def csat_samples(draw: st.DrawFn) -> tuple[list[int], int]:
    scale = draw(scales)
    scores = draw(st.lists(st.integers(1, scale), min_size=1, max_size=25))
    return scores, scale


confidences = st.floats(0.5, 0.999999)


@given(csat_samples(), confidences)
def test_every_csat_interval_stays_on_its_scale(
    sample: tuple[list[int], int], level: float
) -> None:
    scores, scale = sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        r = csat(scores, scale=scale, satisfied_at=scale, confidence=level)
    assert 0.0 <= r.ci.low <= r.satisfied_share <= r.ci.high <= 1.0  # share 0: low exactly 0
    if len(scores) > 1:
        assert 1.0 <= r.mean_ci.low <= r.mean <= r.mean_ci.high <= scale


@given(csat_samples(), st.lists(st.floats(0.01, 100), min_size=25, max_size=25), confidences)
def test_weighted_csat_intervals_stay_on_the_scale(
    sample: tuple[list[int], int], weights: list[float], level: float
) -> None:
    scores, scale = sample
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        r = csat(
            scores,
            scale=scale,
            satisfied_at=scale,
            weights=weights[: len(scores)],
            confidence=level,
        )
    if not math.isnan(r.mean_ci.low):
        assert 1.0 <= r.mean_ci.low <= r.mean_ci.high <= scale


@given(csat_samples(), csat_samples(), confidences)
def test_every_comparison_interval_stays_within_possible_changes(
    a: tuple[list[int], int], b: tuple[list[int], int], level: float
) -> None:
    scale = max(a[1], b[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        mean = compare(
            a[0], b[0], metric="csat_mean", scale=scale, satisfied_at=scale, confidence=level
        )
        share = compare(
            a[0], b[0], metric="csat_share", scale=scale, satisfied_at=scale, confidence=level
        )
        promoters = compare(
            [min(s, 10) for s in a[0]], [min(s, 10) for s in b[0]], confidence=level
        )
    if not math.isnan(mean.ci.low):
        assert -(scale - 1) <= mean.ci.low <= mean.ci.high <= scale - 1
    assert -1.0 <= share.ci.low <= share.ci.high <= 1.0
    assert -200.0 <= promoters.ci.low <= promoters.ci.high <= 200.0
    for c in (mean, share, promoters):
        assert math.isnan(c.p_value) or 0.0 <= c.p_value <= 1.0


@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=30),
    st.sampled_from(["adjusted-wald", "wald", "bootstrap"]),
    confidences,
)
def test_every_nps_interval_stays_within_100_points(
    answers: list[int], method: str, level: float
) -> None:
    r = nps(answers, method=method, seed=1, resamples=200, confidence=level)  # type: ignore[arg-type]
    assert -100.0 <= r.ci.low <= r.ci.high <= 100.0
    assert -100.0 <= r.score <= 100.0


def test_groups_of_no_data_are_nan_with_a_warning_never_zero() -> None:
    with pytest.warns(UndefinedMetricWarning):
        g = group_by(["a", "b"], [5, None])
    assert math.isnan(g.as_dict()["b"].mean)  # type: ignore[union-attr]
    with pytest.warns(UndefinedMetricWarning):
        r = NpsCounts.from_scores([None]).result()
    assert math.isnan(r.score)
    assert np.isnan(r.ci.low)
