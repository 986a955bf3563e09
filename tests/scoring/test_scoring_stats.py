"""Distribution functions (against scipy and closed forms) and interval coverage."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from csmetrics._scoring.distributions import (
    betainc,
    normal_cdf,
    normal_ppf,
    t_cdf,
    t_pdf,
    t_ppf,
    t_sf,
)
from csmetrics._scoring.intervals import (
    kish_effective_n,
    nps_interval,
    t_interval,
    wald_interval,
    wilson_interval,
    z_value,
)
from csmetrics.exceptions import InvalidInputError

DFS = [0.3, 1.0, 1.5, 2.0, 3.0, 4.7, 10.0, 29.5, 150.0, 1e3, 1e5, 1e6, 2e7, 1e10, math.inf]
TS = [-40.0, -5.0, -2.2, -1.0, -0.1, 0.0, 0.01, 0.5, 1.96, 3.0, 8.0, 100.0]
PS = [1e-9, 1e-4, 0.01, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.995, 1 - 1e-6]


@pytest.mark.parametrize("df", DFS)
def test_t_cdf_and_sf_match_scipy(df: float) -> None:
    for t in TS:
        assert t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-10)
        assert t_sf(t, df) == pytest.approx(stats.t.sf(t, df), abs=1e-10)


@pytest.mark.parametrize("df", DFS)
def test_t_ppf_matches_scipy(df: float) -> None:
    for p in PS:
        assert t_ppf(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("df", [0.5, 1.0, 7.0, 300.0, math.inf])
def test_t_pdf_matches_scipy(df: float) -> None:
    for t in TS:
        assert t_pdf(t, df) == pytest.approx(stats.t.pdf(t, df), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("t", [-30.0, -1.0, 1e-9, 0.3, 4.0, 1e6])
def test_t_closed_forms(t: float) -> None:
    # df = 1 is the Cauchy distribution, df = 2 has an algebraic CDF
    assert t_cdf(t, 1.0) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-14)
    assert t_cdf(t, 2.0) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-14)


@given(st.floats(0.2, 1e4), st.floats(1e-6, 1 - 1e-6))
def test_t_ppf_inverts_cdf(df: float, p: float) -> None:
    assert t_cdf(t_ppf(p, df), df) == pytest.approx(p, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("a", [0.1, 0.5, 2.5, 40.0, 300.0, 1e5])
@pytest.mark.parametrize("b", [0.5, 1.0, 3.0, 250.0])
def test_betainc_matches_scipy(a: float, b: float) -> None:
    for x in (0.0, 1e-3, 0.1, 0.5, 0.9, 0.999, 1.0):
        assert betainc(a, b, x) == pytest.approx(special.betainc(a, b, x), abs=1e-12)


def test_betainc_by_hand() -> None:
    x = 0.4  # I_x(2, 3) = 1 - (1-x)^4 - 4x(1-x)^3
    assert betainc(2.0, 3.0, x) == pytest.approx(1 - (1 - x) ** 4 - 4 * x * (1 - x) ** 3)


@pytest.mark.parametrize("x", [-8.0, -1.96, 0.0, 0.5, 3.0])
def test_normal_functions(x: float) -> None:
    assert normal_cdf(x) == pytest.approx(stats.norm.cdf(x), abs=1e-15)
    assert normal_ppf(stats.norm.cdf(x)) == pytest.approx(x, abs=1e-9)


@pytest.mark.parametrize(
    ("confidence", "z"), [(0.95, 1.959963984540054), (0.9, 1.6448536269514722)]
)
def test_z_value(confidence: float, z: float) -> None:
    assert z_value(confidence) == pytest.approx(z)


@pytest.mark.parametrize("bad", [0, 1, 2.0, "0.95", None])
def test_z_value_rejects(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="confidence"):
        z_value(bad)  # type: ignore[arg-type]


def test_wilson_lower_limit_at_the_ceiling() -> None:
    # with x = n the Wilson lower limit is n / (n + z^2): 5 / (5 + 3.8416) = 0.565504
    z = 1.96
    low, high = wilson_interval(1.0, 5.0, z)
    assert high == 1.0
    assert low == pytest.approx(5 / (5 + z * z))


def test_wald_collapses_at_the_ceiling() -> None:
    assert wald_interval(1.0, 10.0, 1.96) == (1.0, 1.0)


def test_t_interval_and_kish() -> None:
    # n = 2: 3 +- t(0.975; 1) * 1 / sqrt(2) = 3 +- tan(0.475 pi) / sqrt(2) = 3 +- 8.984644
    half = math.tan(0.475 * math.pi) / math.sqrt(2)
    assert t_interval(3.0, 1.0, 2.0, 0.95) == pytest.approx((3 - half, 3 + half), rel=1e-12)
    assert half == pytest.approx(8.984644, abs=1e-6)
    assert all(math.isnan(v) for v in t_interval(3.0, 1.0, 1.0, 0.95))  # n = 1: no spread
    assert all(math.isnan(v) for v in t_interval(3.0, math.nan, 5.0, 0.95))
    assert kish_effective_n(0.0, 0.0) == 0.0
    assert kish_effective_n(6.0, 12.0) == pytest.approx(36 / 12)


# --- coverage at small n (vectorized simulation with a fixed seed) ----------------------

REPS = 20_000


def _coverage_nps(n: int, probs: tuple[float, float, float], *, adjusted: bool) -> float:
    rng = np.random.default_rng(20240601)
    draws = rng.multinomial(n, probs, size=REPS).astype(float)
    low, high = nps_interval(draws[:, 0], draws[:, 2], np.full(REPS, float(n)), 1.959963984540054,
                             adjusted=adjusted)  # fmt: skip
    true = probs[0] - probs[2]
    return float(np.mean((low <= true) & (true <= high)))


def _coverage_share(n: int, p: float, interval: object) -> float:
    rng = np.random.default_rng(20240602)
    share = rng.binomial(n, p, size=REPS) / n
    low, high = interval(share, np.full(REPS, float(n)), 1.959963984540054)  # type: ignore[operator]
    return float(np.mean((low <= p) & (p <= high)))


def test_nps_adjusted_wald_covers_at_small_n() -> None:
    # n = 20 with 85% promoters, 10% passives, 5% detractors (true NPS = 80)
    adjusted = _coverage_nps(20, (0.85, 0.10, 0.05), adjusted=True)
    plain = _coverage_nps(20, (0.85, 0.10, 0.05), adjusted=False)
    assert 0.93 <= adjusted <= 0.98
    assert plain < 0.90  # the plain Wald interval fails here


def test_csat_share_wilson_covers_near_the_ceiling() -> None:
    wilson = _coverage_share(10, 0.9, wilson_interval)
    wald = _coverage_share(10, 0.9, wald_interval)
    assert wilson >= 0.91  # exact coverage at n = 10, p = 0.9 is 0.930
    assert wald < 0.80  # exact: 0.650


def test_exact_nps_coverage_by_enumeration() -> None:
    n, probs = 20, (0.85, 0.10, 0.05)
    pro, det = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    ok = pro + det <= n
    pro, det = pro[ok], det[ok]
    pmf = stats.multinomial.pmf(np.stack([pro, n - pro - det, det], axis=1), n, probs)
    low, high = nps_interval(pro.astype(float), det.astype(float), np.full(pro.size, 20.0), 1.96)
    covered = float(pmf[(low <= 0.8) & (high >= 0.8)].sum())
    assert 0.94 <= covered <= 0.98
