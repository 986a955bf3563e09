"""Confidence intervals for shares, NPS and means (vectorized where it pays).

References
----------
- Wilson, E. B. (1927). Probable inference, the law of succession, and
  statistical inference. JASA 22, 209-212. Published check values:
  Newcombe, R. G. (1998a). Two-sided confidence intervals for the single
  proportion: comparison of seven methods. Statistics in Medicine 17,
  857-872 (method 3; e.g. 81/263 gives 0.2553 to 0.3662).
- Newcombe, R. G. (1998b). Interval estimation for the difference between
  independent proportions: comparison of eleven methods. Statistics in
  Medicine 17, 873-890 (method 10, the hybrid score interval built from the
  two Wilson intervals; e.g. 56/70 - 48/80 gives 0.0524 to 0.3339).
- Lewis, J. R. & Sauro, J. "Confidence Intervals for Net Promoter Scores"
  and "How to Statistically Compare Two Net Promoter Scores" (MeasuringU,
  measuringu.com/nps-confidence-intervals/ and /nps-significance-test/),
  evaluated in "Evaluating NPS Confidence Intervals with Real-World Data"
  (19 January 2021) and "Evaluating NPS Significance Tests with Real-World
  Data" (16 February 2021): the adjusted-Wald adds 3 to n, 3/4 to the
  promoters and 3/4 to the detractors (so 3/2 to the passives), then uses
  the variance of the difference of the two shares. Rocks, B. (2016).
  Interval estimation for the "Net Promoter Score". The American
  Statistician 70(4) (arXiv:1601.07235) compares NPS interval methods; the
  adjusted Wald of his R package NPS adds the same pseudo-observations
  (0.75, 1.5, 0.75) to (detractors, passives, promoters).
- Kish, L. (1965). Survey Sampling. Wiley. Effective sample size of a
  weighted sample ``(sum w)**2 / sum w**2``.
- Student t quantiles: :mod:`csmetrics._scoring.distributions`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._scoring.distributions import normal_ppf, t_ppf
from csmetrics.exceptions import InvalidInputError

__all__ = [
    "ADJUST_N",
    "ADJUST_TAIL",
    "kish_effective_n",
    "newcombe_difference",
    "nps_interval",
    "nps_limits",
    "nps_moments",
    "t_interval",
    "wald_interval",
    "wilson_interval",
    "z_value",
]

ADJUST_N = 3.0
"""Pseudo-responses added to n by the adjusted-Wald NPS interval."""
ADJUST_TAIL = 0.75
"""Pseudo-responses added to promoters and to detractors (adjusted-Wald)."""

_F = TypeVar("_F", float, np.ndarray)


def _sqrt(x: float) -> float:
    """``np.sqrt`` of a Python float: NaN (not an error) below zero, ``-0.0`` kept."""
    return math.nan if x < 0.0 else math.sqrt(x)


def _clip_scalar(x: float, low: float, high: float) -> float:
    """Clip a Python float like :func:`_clip_array` (keeps ``x`` on ties and NaN)."""
    return min(max(x, low), high)


def _clip_array(x: Any, low: float, high: float) -> Any:
    """``np.clip`` without its per-call overhead (NaN passes through)."""
    return np.minimum(np.maximum(x, low), high)


class _Ops(NamedTuple):
    """The only operations that differ between Python scalars and numpy arrays.

    Each formula below is written once, in ``+ - * /`` (the same operations
    on both) and these three functions; a scalar call stays in Python (no
    numpy call, no GIL round trip), an array call is vectorized.
    """

    sqrt: Callable[[Any], Any]
    clip: Callable[[Any, float, float], Any]
    maximum: Callable[[Any, float], Any]


_SCALAR = _Ops(_sqrt, _clip_scalar, max)
_ARRAY = _Ops(np.sqrt, _clip_array, np.maximum)


def _is_array(a: object, b: object, c: object = None) -> bool:
    return isinstance(a, np.ndarray) or isinstance(b, np.ndarray) or isinstance(c, np.ndarray)


def _wilson(share: Any, n: Any, z: float, ops: _Ops) -> tuple[Any, Any]:
    z2n = z * z / n
    centre = (share + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * ops.sqrt(share * (1.0 - share) / n + z2n / (4.0 * n))
    # the Wilson interval holds the share (rounding could put 0 just outside [0, ...])
    return ops.clip(centre - half, 0.0, share), ops.clip(centre + half, share, 1.0)


def _wald(share: Any, n: Any, z: float, ops: _Ops) -> tuple[Any, Any]:
    half = z * ops.sqrt(share * (1.0 - share) / n)
    return ops.clip(share - half, 0.0, 1.0), ops.clip(share + half, 0.0, 1.0)


def _moments(
    promoters: Any, detractors: Any, total: Any, tail: float, ops: _Ops
) -> tuple[Any, Any]:
    p_pro = (promoters + tail) / total
    p_det = (detractors + tail) / total
    centre = p_pro - p_det
    return centre, ops.maximum(p_pro + p_det - centre * centre, 0.0) / total


def _limits(centre: Any, variance: Any, z: float, ops: _Ops) -> tuple[Any, Any]:
    half = z * ops.sqrt(variance)
    return ops.clip(centre - half, -1.0, 1.0), ops.clip(centre + half, -1.0, 1.0)


_NAN_PAIR = (math.nan, math.nan)


def z_value(confidence: float) -> float:
    """Two-sided standard normal critical value for ``0 < confidence < 1``.

    >>> round(z_value(0.95), 6)
    1.959964
    """
    if type(confidence) is float and 0.0 < confidence < 1.0:
        return normal_ppf(0.5 + confidence / 2.0)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not 0.0 < confidence < 1.0
    ):
        msg = f"confidence: expected a number strictly between 0 and 1, got {describe(confidence)}"
        raise InvalidInputError(msg)
    return normal_ppf(0.5 + float(confidence) / 2.0)


def kish_effective_n(sum_weights: float, sum_sq_weights: float) -> float:
    """Kish effective sample size ``(sum w)**2 / sum w**2`` (0 when there is no weight).

    >>> kish_effective_n(4.0, 4.0)  # four unit weights
    4.0
    >>> kish_effective_n(4.0, 10.0)  # weights 3 and 1: 4**2 / (9 + 1)
    1.6
    """
    if sum_sq_weights <= 0.0:
        return 0.0
    return sum_weights * sum_weights / sum_sq_weights


def wilson_interval(share: _F, n: _F, z: float) -> tuple[_F, _F]:
    """Wilson score interval of a share observed over ``n`` (effective) responses.

    Works on Python scalars and elementwise on numpy arrays. ``n == 0`` gives
    NaN limits.

    >>> low, high = wilson_interval(0.5, 4.0, 1.96)
    >>> round(low, 4), round(high, 4)
    (0.15, 0.85)
    """
    if _is_array(share, n):
        with np.errstate(divide="ignore", invalid="ignore"):
            return _wilson(share, n, z, _ARRAY)
    if not n > 0:
        return _NAN_PAIR  # type: ignore[return-value]
    return _wilson(float(share), float(n), float(z), _SCALAR)


def wald_interval(share: _F, n: _F, z: float) -> tuple[_F, _F]:
    """Plain Wald interval ``p +- z sqrt(p (1 - p) / n)``, clipped to [0, 1].

    Shown for comparison only: it collapses to a point at ``p = 0`` or ``1``
    and undercovers at small ``n`` (see docs/scoring.md).

    >>> wald_interval(1.0, 10.0, 1.96)
    (1.0, 1.0)
    """
    if _is_array(share, n):
        with np.errstate(divide="ignore", invalid="ignore"):
            return _wald(share, n, z, _ARRAY)
    if not n > 0:
        return _NAN_PAIR  # type: ignore[return-value]
    return _wald(float(share), float(n), float(z), _SCALAR)


def nps_moments(promoters: _F, detractors: _F, n: _F, *, adjusted: bool = True) -> tuple[_F, _F]:
    """NPS as a fraction and the variance of that estimate, from (effective) counts.

    The NPS is the mean of a trinomial score (+1 promoter, 0 passive, -1
    detractor), so with shares ``pP`` and ``pD`` its variance is
    ``(pP + pD - (pP - pD)**2) / n``. ``adjusted=True`` first adds 3/4 to
    promoters and to detractors and 3 to ``n`` (the adjusted-Wald of Lewis &
    Sauro, after Rocks 2016). No responses at all (``n == 0`` unadjusted)
    give NaN.

    >>> centre, variance = nps_moments(9.0, 3.0, 17.0)  # (9.75 - 3.75) / 20
    >>> round(centre, 6), round(variance, 6)  # (0.4875 + 0.1875 - 0.3**2) / 20
    (0.3, 0.02925)
    """
    extra_n, tail = (ADJUST_N, ADJUST_TAIL) if adjusted else (0.0, 0.0)
    if _is_array(promoters, detractors, n):
        with np.errstate(divide="ignore", invalid="ignore"):
            return _moments(promoters, detractors, n + extra_n, tail, _ARRAY)
    total = float(n) + extra_n
    if not total > 0:
        return _NAN_PAIR  # type: ignore[return-value]
    return _moments(float(promoters), float(detractors), total, tail, _SCALAR)


def nps_limits(centre: _F, variance: _F, n: _F, z: float) -> tuple[_F, _F]:
    """``centre +- z * sqrt(variance)`` clamped to [-1, 1]; NaN where ``n == 0``.

    The interval of :func:`nps_interval` from the moments of :func:`nps_moments`.

    >>> nps_limits(0.3, 0.02925, 17.0, 1.96) == nps_interval(9.0, 3.0, 17.0, 1.96)
    True
    """
    if _is_array(centre, variance, n):
        with np.errstate(invalid="ignore"):
            low, high = _limits(centre, variance, z, _ARRAY)
            defined = n > 0
        return np.where(defined, low, np.nan), np.where(defined, high, np.nan)  # type: ignore[return-value]
    if not n > 0:
        return _NAN_PAIR  # type: ignore[return-value]
    return _limits(float(centre), float(variance), float(z), _SCALAR)


def nps_interval(
    promoters: _F, detractors: _F, n: _F, z: float, *, adjusted: bool = True
) -> tuple[_F, _F]:
    """NPS interval as fractions in [-1, 1] from (effective) counts.

    ``adjusted=True`` is the adjusted-Wald of Lewis & Sauro: add 3/4 to
    promoters and detractors and 3 to ``n``, then ``centre +- z * sqrt(variance)``
    with the trinomial variance of :func:`nps_moments`, clamped to [-1, 1]
    (:func:`nps_limits`). ``adjusted=False`` is the plain Wald interval around
    the observed NPS (Rocks 2016).

    >>> low, high = nps_interval(20.0, 0.0, 20.0, 1.96)  # everyone a promoter
    >>> round(low, 3), high
    (0.697, 1.0)
    """
    centre, variance = nps_moments(promoters, detractors, n, adjusted=adjusted)
    return nps_limits(centre, variance, n, z)


def t_interval(mean: float, sd: float, n: float, confidence: float) -> tuple[float, float]:
    """Student t interval ``mean +- t(n - 1) sd / sqrt(n)``; NaN when ``n <= 1``.

    ``n`` may be fractional (a Kish effective sample size).

    >>> low, high = t_interval(4.0, 1.0, 4.0, 0.95)
    >>> round(high - 4.0, 6)  # t(0.975, 3) / 2
    1.591223
    """
    if not n > 1.0 or math.isnan(sd):
        return (math.nan, math.nan)
    half = t_ppf(0.5 + confidence / 2.0, n - 1.0) * sd / math.sqrt(n)
    return (mean - half, mean + half)


def newcombe_difference(
    share_a: float,
    interval_a: tuple[float, float],
    share_b: float,
    interval_b: tuple[float, float],
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for ``share_b - share_a`` from Wilson limits.

    With ``d = pB - pA`` and the Wilson limits ``(lA, uA)``, ``(lB, uB)``:
    ``low = d - sqrt((pB - lB)**2 + (uA - pA)**2)`` and
    ``high = d + sqrt((uB - pB)**2 + (pA - lA)**2)`` (Newcombe 1998b, method 10).

    >>> low, high = newcombe_difference(0.5, (0.3, 0.7), 0.5, (0.3, 0.7))
    >>> round(low, 6), round(high, 6)
    (-0.282843, 0.282843)
    """
    (low_a, high_a), (low_b, high_b) = interval_a, interval_b
    diff = share_b - share_a
    low = diff - math.sqrt((share_b - low_b) ** 2 + (high_a - share_a) ** 2)
    high = diff + math.sqrt((high_b - share_b) ** 2 + (share_a - low_a) ** 2)
    return (max(low, -1.0), min(high, 1.0))
