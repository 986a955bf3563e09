"""Each statistical formula against values worked out by hand or published with its method.

The arithmetic is written next to each expected value, so a reader can check
it with a pocket calculator; scipy is used only where a closed form runs out
(a t quantile at a fractional df).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from csmetrics._scoring.distributions import t_ppf
from csmetrics._scoring.intervals import (
    kish_effective_n,
    newcombe_difference,
    nps_interval,
    nps_moments,
    t_interval,
    wilson_interval,
    z_value,
)
from csmetrics.scoring import CsatCounts, NpsCounts, compare, csat, nps

Z95 = 1.959963984540054  # z_value(0.95)

# --- Wilson score interval -----------------------------------------------------------------


def test_wilson_by_hand() -> None:
    # p = 6/8 = 0.75, n = 8, z = 2:  z^2/n = 0.5
    # centre = (0.75 + 0.5/2) / (1 + 0.5) = 1.0 / 1.5 = 0.666667
    # half   = 2 / 1.5 * sqrt(0.75 * 0.25 / 8 + 4 / (4 * 64))
    #        = 1.333333 * sqrt(0.0234375 + 0.015625) = 1.333333 * 0.197642 = 0.263523
    low, high = wilson_interval(0.75, 8.0, 2.0)
    assert low == pytest.approx(0.666667 - 0.263523, abs=1e-6)
    assert high == pytest.approx(0.666667 + 0.263523, abs=1e-6)


def test_wilson_symmetric_case_by_hand() -> None:
    # p = 2/4, n = 4, z = 2: z^2/n = 1, centre = (0.5 + 0.5) / 2 = 0.5
    # half = 2 / 2 * sqrt(0.25 / 4 + 4 / 64) = sqrt(0.125) = 0.353553 -> 0.5 -+ 0.353553
    assert wilson_interval(0.5, 4.0, 2.0) == pytest.approx((0.146447, 0.853553), abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_published_values(successes: int, n: int, low: float, high: float) -> None:
    # Newcombe (1998a), Statistics in Medicine 17, 857-872, method 3 (score), 95%
    got = wilson_interval(successes / n, float(n), Z95)
    assert got == pytest.approx((low, high), abs=5e-5)


# --- Newcombe's hybrid score interval (method 10) ------------------------------------------


def test_newcombe_by_hand() -> None:
    # A: 2/4 with z = 2 -> Wilson (0.146447, 0.853553) (see above)
    # B: 6/8 with z = 2 -> Wilson (0.403144, 0.930190)
    # d = 0.75 - 0.5 = 0.25
    # low  = 0.25 - sqrt((0.75 - 0.403144)^2 + (0.853553 - 0.5)^2)
    #      = 0.25 - sqrt(0.120309 + 0.125000) = 0.25 - 0.495287 = -0.245287
    # high = 0.25 + sqrt((0.930190 - 0.75)^2 + (0.5 - 0.146447)^2)
    #      = 0.25 + sqrt(0.032468 + 0.125000) = 0.25 + 0.396822 = 0.646822
    a = wilson_interval(0.5, 4.0, 2.0)
    b = wilson_interval(0.75, 8.0, 2.0)
    assert newcombe_difference(0.5, a, 0.75, b) == pytest.approx((-0.245287, 0.646822), abs=2e-6)


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0000),
    ],
)
def test_newcombe_published_values(
    x1: int, n1: int, x2: int, n2: int, low: float, high: float
) -> None:
    # Newcombe (1998b), Statistics in Medicine 17, 873-890, method 10, for p1 - p2
    p1, p2 = x1 / n1, x2 / n2
    got = newcombe_difference(
        p2, wilson_interval(p2, float(n2), Z95), p1, wilson_interval(p1, float(n1), Z95)
    )
    assert got == pytest.approx((low, high), abs=5e-5)


def test_compare_shares_uses_newcombe_and_the_pooled_z_test() -> None:
    # FCR 78/100 -> 85/100: pooled p = 163/200 = 0.815
    # se = sqrt(0.815 * 0.185 * (1/100 + 1/100)) = sqrt(0.0030155) = 0.0549136
    # z = 0.07 / 0.0549136 = 1.274731; two-sided p = 2 * (1 - Phi(1.274731)) = 0.202405
    c = compare([True] * 78 + [False] * 22, [True] * 85 + [False] * 15, metric="rate")
    assert c.p_value == pytest.approx(0.202405, abs=1e-6)
    a, b = wilson_interval(0.78, 100.0, Z95), wilson_interval(0.85, 100.0, Z95)
    assert c.ci == pytest.approx(newcombe_difference(0.78, a, 0.85, b))


# --- NPS: variance, adjusted-Wald interval, two-sample test --------------------------------

NPS_BEFORE = [10] * 9 + [8] * 5 + [3] * 3  # 9 promoters, 5 passives, 3 detractors (n = 17)
NPS_AFTER = [10] * 14 + [8] * 3  # 14 promoters, 3 passives, 0 detractors (n = 17)


def test_nps_standard_error_by_hand() -> None:
    # pP = 9/17, pD = 3/17, NPS = 6/17 = 35.294 points
    # var = pP + pD - (pP - pD)^2 = 12/17 - 36/289 = (204 - 36)/289 = 168/289
    # se = 100 * sqrt(168/289 / 17) = 100 * sqrt(168/4913) = 18.491888
    r = nps(NPS_BEFORE)
    assert r.score == pytest.approx(100 * 6 / 17)
    assert r.se == pytest.approx(18.491888, abs=1e-6)


def test_nps_adjusted_wald_by_hand() -> None:
    # Lewis & Sauro: add 3 to n, 3/4 to promoters and to detractors.
    # n' = 17 + 3 = 20, pP' = 9.75/20 = 0.4875, pD' = 3.75/20 = 0.1875, NPS' = 0.3
    # var' = (0.4875 + 0.1875 - 0.3^2) / 20 = 0.585 / 20 = 0.02925
    # half = 1.96 * sqrt(0.02925) = 1.96 * 0.171026 = 0.335212
    assert nps_moments(9.0, 3.0, 17.0) == pytest.approx((0.3, 0.02925))
    low, high = nps_interval(9.0, 3.0, 17.0, 1.96)
    assert (low, high) == pytest.approx((0.3 - 0.335212, 0.3 + 0.335212), abs=1e-6)
    ci = nps(NPS_BEFORE).ci  # in points, with z = 1.959964
    assert ci == pytest.approx((100 * (0.3 - 0.335212), 100 * (0.3 + 0.335212)), abs=1e-3)


def test_nps_plain_wald_by_hand() -> None:
    # unadjusted: 35.294 +- 1.959964 * 18.491888 = 35.294 +- 36.243434
    ci = nps(NPS_BEFORE, method="wald").ci
    assert ci == pytest.approx((100 * 6 / 17 - 36.243434, 100 * 6 / 17 + 36.243434), abs=1e-5)


def test_nps_two_sample_test_by_hand() -> None:
    # Lewis & Sauro's comparison, on the adjusted values of both samples:
    # before: NPS' = 0.3,  var' = 0.02925 (above)
    # after:  pP' = 14.75/20 = 0.7375, pD' = 0.75/20 = 0.0375, NPS' = 0.7
    #         var' = (0.7375 + 0.0375 - 0.49) / 20 = 0.285 / 20 = 0.01425
    # se = sqrt(0.02925 + 0.01425) = sqrt(0.0435) = 0.208567
    # z = (0.7 - 0.3) / 0.208567 = 1.917853, p = 2 * (1 - Phi(1.917853)) = 0.055130
    # interval (points): 100 * (0.4 +- 1.959964 * 0.208567) = (-0.878, 80.878)
    c = compare(NPS_BEFORE, NPS_AFTER)
    assert c.difference == pytest.approx(100 * (14 / 17 - 6 / 17))  # the observed change
    assert c.p_value == pytest.approx(0.055130, abs=1e-6)
    assert c.ci == pytest.approx((-0.8783, 80.8783), abs=1e-4)
    assert not c.is_significant  # and the interval holds 0: the two agree
    assert c.ci.low < 0 < c.ci.high


def test_nps_test_agrees_with_its_interval_where_the_unadjusted_test_did_not() -> None:
    # unadjusted: se = sqrt(168/4913 + (14/17 - (14/17)^2)/17) = 0.206746,
    # z = (8/17) / 0.206746 = 2.2762, p = 0.0228 < 0.05 while the adjusted interval
    # (-0.88, 80.88) holds 0. The adjusted z-test (p = 0.0551) agrees with it.
    unadjusted_se = math.sqrt(168 / 4913 + (14 / 17 - (14 / 17) ** 2) / 17)
    assert 2 * stats.norm.sf((8 / 17) / unadjusted_se) < 0.05
    assert compare(NPS_BEFORE, NPS_AFTER).p_value > 0.05


def test_nps_test_is_not_degenerate_at_the_extremes() -> None:
    # 0/0/2 detractors vs 2/0/0 promoters (n = 2 each):
    # before: n' = 5, pP' = 0.15, pD' = 0.55, NPS' = -0.4, var' = (0.7 - 0.16)/5 = 0.108
    # after:  NPS' = 0.4, var' = 0.108; se = sqrt(0.216) = 0.464758
    # z = 0.8 / 0.464758 = 1.721326, p = 0.085192: two answers each are not proof
    c = compare([0, 0], [10, 10])
    assert c.p_value == pytest.approx(0.085192, abs=1e-6)
    assert compare([10, 10], [10, 10]).p_value == 1.0


# --- Welch t test ---------------------------------------------------------------------------


def test_welch_by_hand() -> None:
    # before 1, 2, 3: mean 2, s^2 = (1 + 0 + 1)/2 = 1, s^2/n = 1/3
    # after 3, 5, 5, 3: mean 4, s^2 = (1 + 1 + 1 + 1)/3 = 4/3, s^2/n = 1/3
    # se = sqrt(2/3) = 0.816497, t = 2 / 0.816497 = sqrt(6) = 2.449490
    # df = (2/3)^2 / ((1/3)^2/2 + (1/3)^2/3) = (4/9) / (5/54) = 4.8
    c = compare([1, 2, 3], [3, 5, 5, 3], metric="csat_mean")
    assert c.difference == 2.0
    assert c.p_value == pytest.approx(2 * stats.t.sf(math.sqrt(6), 4.8), rel=1e-9)
    half = stats.t.ppf(0.975, 4.8) * math.sqrt(2 / 3)  # 2.603134 * 0.816497
    assert 2 + half > 4.0  # 4.125: more than a mean on 1..5 can change
    assert c.ci == pytest.approx((2 - half, 4.0), rel=1e-9)  # so clamped to scale - 1
    assert c.p_value == pytest.approx(0.060037, abs=1e-6)


# --- t quantiles and the t interval of a mean -----------------------------------------------


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # df = 1 (Cauchy): t = tan(pi (p - 1/2)); tan(0.475 pi) = 12.706205
        (0.975, 1.0, math.tan(math.pi * 0.475)),
        # df = 2: t = (2p - 1) / sqrt(2 p (1 - p)) = 0.95 / sqrt(0.04875) = 4.302653
        (0.975, 2.0, 0.95 / math.sqrt(2 * 0.975 * 0.025)),
        (0.995, 2.0, 0.99 / math.sqrt(2 * 0.995 * 0.005)),  # 9.924843
        (0.025, 2.0, -0.95 / math.sqrt(2 * 0.975 * 0.025)),
        # printed tables (e.g. Fisher & Yates): t(0.975; 3) = 3.182, t(0.975; 10) = 2.228
        (0.975, 3.0, 3.182446),
        (0.975, 10.0, 2.228139),
        (0.975, math.inf, Z95),
    ],
)
def test_t_quantiles(p: float, df: float, expected: float) -> None:
    assert t_ppf(p, df) == pytest.approx(expected, abs=1e-6)


def test_t_interval_of_a_mean_by_hand() -> None:
    # scores 5, 4, 4, 3: mean 4, s = sqrt((1 + 0 + 0 + 1)/3) = 0.816497, se = s/2 = 0.408248
    # half = t(0.975; 3) * se = 3.182446 * 0.408248 = 1.299228
    r = csat([5, 4, 4, 3])
    assert (r.mean, r.std) == pytest.approx((4.0, math.sqrt(2 / 3)))
    unclamped = t_interval(4.0, math.sqrt(2 / 3), 4.0, 0.95)
    assert unclamped == pytest.approx((4 - 1.299228, 4 + 1.299228), abs=1e-6)
    assert r.mean_ci == pytest.approx((4 - 1.299228, 5.0), abs=1e-6)  # clamped to the scale


# --- Kish effective sample size -------------------------------------------------------------


def test_kish_by_hand() -> None:
    # weights 1, 1, 2: (1 + 1 + 2)^2 / (1 + 1 + 4) = 16/6 = 2.666667
    assert kish_effective_n(4.0, 6.0) == pytest.approx(16 / 6)
    r = csat([5, 4, 3], weights=[1, 1, 2])
    assert r.effective_n == pytest.approx(16 / 6)
    # weighted mean (5 + 4 + 2*3)/4 = 3.75, share (1 + 1)/4 = 0.5, Wilson on n = 8/3
    assert (r.mean, r.satisfied_share) == pytest.approx((3.75, 0.5))
    assert r.ci == pytest.approx(wilson_interval(0.5, 16 / 6, z_value(0.95)))
    # equal weights change nothing: (k w)^2 / (k w^2) = k
    assert CsatCounts.from_scores([5, 4, 3], weights=[2, 2, 2]).effective_n == pytest.approx(3.0)
    assert NpsCounts.from_scores([10, 0], weights=[3, 1]).effective_n == pytest.approx(16 / 10)


# --- properties -----------------------------------------------------------------------------

_GROUPS = st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60)).filter(
    lambda g: sum(g) > 0
)


@given(_GROUPS, _GROUPS, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_nps_test_and_interval_agree(
    before: tuple[int, int, int], after: tuple[int, int, int], confidence: float
) -> None:
    # the same adjusted difference and standard error feed both: p < alpha <=> 0 outside
    c = compare(
        NpsCounts.from_groups(*before), NpsCounts.from_groups(*after), confidence=confidence
    )
    assert c.is_significant == (c.ci.low > 0 or c.ci.high < 0)
    assert 0.0 < c.p_value <= 1.0


@given(st.integers(0, 40), st.integers(0, 40), st.integers(1, 40))
def test_nps_moments_match_the_trinomial_definition(pro: int, det: int, passives: int) -> None:
    # variance of X in {+1, 0, -1} with P(+1) = pP, P(-1) = pD is E[X^2] - E[X]^2
    n = pro + det + passives
    centre, variance = nps_moments(float(pro), float(det), float(n), adjusted=False)
    p_pro, p_det = pro / n, det / n
    assert centre == pytest.approx(p_pro - p_det)
    assert variance * n == pytest.approx((p_pro + p_det) - (p_pro - p_det) ** 2, abs=1e-12)
