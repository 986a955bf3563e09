"""Normal and Student t distribution functions, without scipy.

The normal quantile comes from :class:`statistics.NormalDist`; the normal CDF
from :func:`math.erfc`. The Student t CDF is written through the regularized
incomplete beta function,

    P(T > t) = I_x(nu / 2, 1 / 2) / 2,   x = nu / (nu + t**2),   t >= 0,

and ``I_x(a, b)`` is evaluated with its continued fraction (Abramowitz &
Stegun 26.5.8) by the modified Lentz method, using the symmetry
``I_x(a, b) = 1 - I_{1-x}(b, a)`` where the fraction converges slowly. The t
quantile starts from the Cornish-Fisher expansion (A&S 26.7.5) and polishes
it by Newton steps on the survival function; when those do not settle (very
few degrees of freedom, far tails) Newton steps kept inside a bisection
bracket take over, which always converges. Degrees of freedom may be any
positive real number (Welch and Kish give fractional values).

>>> round(t_ppf(0.975, 10), 6)
2.228139
>>> round(t_cdf(2.228138851986, 10), 9)
0.975
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

__all__ = [
    "betainc",
    "normal_cdf",
    "normal_ppf",
    "normal_sf",
    "t_cdf",
    "t_pdf",
    "t_ppf",
    "t_sf",
]

_STANDARD_NORMAL = NormalDist()
_TINY = 1e-300
_EPS = 1e-16
_MAX_TERMS = 10_000
_LARGE_DF = 1e7  # above this, the 1/df expansions are exact to double precision


def normal_cdf(x: float) -> float:
    """Standard normal CDF, accurate in both tails."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_sf(x: float) -> float:
    """Standard normal survival function ``1 - cdf(x)``, accurate in the upper tail."""
    return 0.5 * math.erfc(x / math.sqrt(2.0))


@lru_cache(maxsize=256, typed=True)
def normal_ppf(p: float) -> float:
    """Standard normal quantile (``statistics.NormalDist.inv_cdf``), cached per ``p``."""
    return _STANDARD_NORMAL.inv_cdf(p)


def _lentz_step(numerator: float, c: float, d: float) -> tuple[float, float, float]:
    d = 1.0 + numerator * d
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    c = 1.0 + numerator / c
    c = c if abs(c) > _TINY else _TINY
    return c, d, c * d


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS):
        a2m = a + 2.0 * m
        c, d, even = _lentz_step(m * (b - m) * x / ((a2m - 1.0) * a2m), c, d)
        c, d, odd = _lentz_step(-(a + m) * (a + b + m) * x / (a2m * (a2m + 1.0)), c, d)
        result *= even * odd
        if abs(odd - 1.0) < _EPS:
            break
    return result


def _lgamma_shift(z: float, s: float) -> float:
    """``lgamma(z + s) - lgamma(z)`` for large ``z``, by the Stirling series.

    Subtracting two large ``lgamma`` values would lose digits; the series
    difference keeps them (terms through ``z**-5``; next term below 1e-17 for
    ``z >= 100``).
    """
    w = z + s
    main = (z - 0.5) * math.log1p(s / z) + s * math.log(w) - s
    return main + (1 / w - 1 / z) / 12 - (1 / w**3 - 1 / z**3) / 360 + (1 / w**5 - 1 / z**5) / 1260


def _log_beta(a: float, b: float) -> float:
    """``log B(a, b)``, accurate when one argument is large."""
    small, big = min(a, b), max(a, b)
    if big < 100.0:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return math.lgamma(small) - _lgamma_shift(big, small)


def _beta_front(a: float, b: float, log_x: float, log_y: float) -> float:
    """``x**a * y**b / (a * B(a, b))`` computed in logs."""
    return math.exp(a * log_x + b * log_y - _log_beta(a, b)) / a


def _betainc_logs(a: float, b: float, xy: tuple[float, float], logs: tuple[float, float]) -> float:
    """``I_x(a, b)`` given ``(x, 1 - x)`` and their logarithms (all finite, positive)."""
    (x, y), (log_x, log_y) = xy, logs
    if x < (a + 1.0) / (a + b + 2.0):
        return _beta_front(a, b, log_x, log_y) * _beta_fraction(a, b, x)
    return 1.0 - _beta_front(b, a, log_y, log_x) * _beta_fraction(b, a, y)


def betainc(a: float, b: float, x: float, y: float | None = None) -> float:
    """Regularized incomplete beta function ``I_x(a, b)``.

    ``y`` is ``1 - x`` when the caller knows it more precisely than ``1 - x``
    would compute it.

    >>> round(betainc(2.0, 3.0, 0.4), 12)  # 1 - (1-x)**4 - 4x(1-x)**3 for a=2, b=3
    0.5248
    """
    y = 1.0 - x if y is None else y
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    return _betainc_logs(a, b, (x, y), (math.log(x), math.log(y)))


def t_sf(t: float, df: float) -> float:
    """Student t survival function ``P(T > t)`` for ``df > 0`` degrees of freedom."""
    if df >= _LARGE_DF:
        # F(t) = Phi(t) - phi(t) (t**3 + t) / (4 df) + O(df**-2)  (A&S 26.7.5 family)
        return normal_sf(t) + t_pdf(t, math.inf) * (t**3 + t) / (4.0 * df)
    if t == 0.0:
        return 0.5
    ratio = t * t / df
    x, y = 1.0 / (1.0 + ratio), ratio / (1.0 + ratio)
    log_x = -math.log1p(ratio)
    tail = 0.5 * _betainc_logs(df / 2.0, 0.5, (x, y), (log_x, math.log(ratio) + log_x))
    return tail if t >= 0 else 1.0 - tail


def t_cdf(t: float, df: float) -> float:
    """Student t CDF ``P(T <= t)`` for ``df > 0`` degrees of freedom."""
    return t_sf(-t, df)


def t_pdf(t: float, df: float) -> float:
    """Student t density."""
    if math.isinf(df):
        return math.exp(-0.5 * t * t) / math.sqrt(2.0 * math.pi)
    log_norm = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1.0) / 2.0 * math.log1p(t * t / df))


def _cornish_fisher(z: float, df: float) -> float:
    """Cornish-Fisher expansion of the t quantile in powers of 1/df (A&S 26.7.5)."""
    z2 = z * z
    g1 = z * (z2 + 1.0) / 4.0
    g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0
    g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0
    g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def _newton_quantile(tail: float, df: float) -> float | None:
    """Newton steps from the Cornish-Fisher start; ``None`` if they do not settle."""
    t = _cornish_fisher(normal_ppf(1.0 - tail), df)
    for _ in range(8):
        density = t_pdf(t, df)
        if not t > 0.0 or density <= 0.0:
            return None
        step = (t_sf(t, df) - tail) / density
        t += step
        if abs(step) <= 1e-12 * max(1.0, abs(t)):
            return t
    return None


def _bracketed_quantile(tail: float, df: float) -> float:
    """Newton steps kept inside a bisection bracket: slower, always converges."""
    low, high = 0.0, 1.0
    while t_sf(high, df) > tail:
        low, high = high, high * 2.0
    guess = 0.5 * (low + high)
    for _ in range(400):
        excess = t_sf(guess, df) - tail
        if excess > 0:
            low = guess
        else:
            high = guess
        density = t_pdf(guess, df)
        candidate = guess + excess / density if density > 0 else math.inf
        if not low < candidate < high:
            candidate = 0.5 * (low + high)
        if abs(candidate - guess) <= 1e-13 * max(1.0, abs(candidate)):
            return candidate
        guess = candidate
    return guess


def _upper_quantile(tail: float, df: float) -> float:
    """The ``t >= 0`` with ``t_sf(t, df) == tail`` for ``0 < tail <= 0.5``."""
    quick = _newton_quantile(tail, df) if df >= 3.0 else None
    return _bracketed_quantile(tail, df) if quick is None else quick


@lru_cache(maxsize=1024, typed=True)
def t_ppf(p: float, df: float) -> float:
    """Student t quantile for ``0 < p < 1`` and ``df > 0`` (any real ``df``).

    A pure function, cached per ``(p, df)``: request handlers ask for the same
    few confidence levels and sample sizes over and over.

    >>> round(t_ppf(0.975, 1), 6)
    12.706205
    """
    if df >= _LARGE_DF:
        return _cornish_fisher(normal_ppf(p), df)
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return _upper_quantile(1.0 - p, df)
    return -_upper_quantile(p, df)
