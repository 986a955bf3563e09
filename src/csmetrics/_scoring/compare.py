"""Before/after comparison: is a change in NPS, CSAT or a rate real or noise?

- NPS: the test of Lewis & Sauro ("How to Statistically Compare Two Net
  Promoter Scores", MeasuringU): add 3/4 to the promoters, 3/4 to the
  detractors and 3 to n of each sample, take the difference of the two
  adjusted NPS and its standard error ``sqrt(varA + varB)`` with the
  trinomial variance ``(pP + pD - (pP - pD)**2) / n`` of each; interval
  ``difference +- z * se``, p-value of the two-sided z-test on the same
  difference and standard error (so ``is_significant`` agrees with the
  interval excluding 0). ``difference`` itself is the unadjusted change.
  The interval is clamped to [-200, 200] points: each NPS lies in
  -100..100, so their difference lies in -200..200 (Lewis & Sauro give the
  unclamped formula; the clamp only bites at very small n, where the
  unclamped interval would claim changes that cannot happen).
- Shares (CSAT top-2-box, rates): Newcombe's hybrid score interval from the
  two Wilson intervals (Newcombe 1998, Statistics in Medicine 17, 873-890,
  method 10), within [-1, 1]; p-value: pooled two-proportion z-test,
  ``z = (pB - pA) / sqrt(p (1 - p) (1/nA + 1/nB))`` with the pooled share
  ``p``. The two can disagree at the margin (different methods). When the
  pooled share is 0 or 1 (both samples all successes, or all failures)
  ``z`` is 0 / 0: the p-value is NaN with an ``UndefinedMetricWarning``,
  as statsmodels' ``proportions_ztest`` gives NaN, never a reassuring 1.
- Means (CSAT mean): Welch's t-test (Welch 1947, Biometrika 34, 28-35):
  ``t = diff / se`` with ``se**2 = sA**2/nA + sB**2/nB`` and the
  Welch-Satterthwaite degrees of freedom
  ``se**4 / ((sA**2/nA)**2 / (nA - 1) + (sB**2/nB)**2 / (nB - 1))``;
  interval ``diff +- t(df) * se``, clamped to ``-(scale - 1)..scale - 1``
  (the largest change of a mean on ``1..scale``). When neither sample has
  any spread (every score alike on each side) ``t = diff / 0``: the p-value
  is 0 when the means differ, and NaN with an ``UndefinedMetricWarning``
  when they do not, as scipy's ``ttest_ind(equal_var=False)`` gives.

Weighted samples use their Kish effective sizes throughout.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Literal

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_choice
from csmetrics._scoring.counts import CsatCounts, NpsCounts, RateCounts, nps_moments_of, nps_points
from csmetrics._scoring.distributions import normal_sf, t_ppf, t_sf
from csmetrics._scoring.inputs import FlagsLike, ScoresLike
from csmetrics._scoring.intervals import newcombe_difference, z_value
from csmetrics._scoring.results import NAN_INTERVAL, Interval, RateResult
from csmetrics.exceptions import InputTypeError, UndefinedMetricWarning

__all__ = ["COMPARE_METRICS", "Comparison", "compare"]

COMPARE_METRICS = ("nps", "csat_share", "csat_mean", "rate")
_Counts = CsatCounts | NpsCounts | RateCounts


@dataclass(frozen=True, slots=True)
class Comparison:
    """The change from ``before`` to ``after`` with its interval and p-value.

    ``difference = after - before`` in the metric's unit (NPS points, shares
    0..1, mean score points). ``ci`` stays within the differences that can
    happen: [-200, 200] NPS points, [-1, 1] for shares,
    ``-(scale - 1)..scale - 1`` for means. ``p_value`` is NaN (with an
    ``UndefinedMetricWarning``) when the test statistic is 0 / 0, e.g. both
    samples all promoters or all satisfied; ``is_significant`` is then False.

    Examples
    --------
    >>> c = compare([10] * 6 + [3] * 4, [10] * 8 + [3] * 2)
    >>> c.before, c.after, c.difference, c.is_significant
    (20.0, 60.0, 40.0, False)
    """

    metric: str
    before: float
    after: float
    difference: float
    ci: Interval
    p_value: float
    n_before: int
    n_after: int
    method: str
    confidence: float

    @property
    def is_significant(self) -> bool:
        """Whether ``p_value < 1 - confidence`` (the change is unlikely to be noise)."""
        return self.p_value < 1.0 - self.confidence


def _as_counts(data: object, metric: str, scale: int, satisfied_at: int, name: str) -> _Counts:
    expected: type[_Counts] = {
        "nps": NpsCounts,
        "csat_share": CsatCounts,
        "csat_mean": CsatCounts,
        "rate": RateCounts,
    }[metric]
    if isinstance(data, CsatCounts | NpsCounts | RateCounts):
        if not isinstance(data, expected):
            msg = f"{name}: metric {metric!r} needs {expected.__name__}, got {type(data).__name__}"
            raise InputTypeError(msg)
        return data
    arr: Any = data
    if expected is NpsCounts:
        return NpsCounts.from_scores(arr)
    if expected is RateCounts:
        return RateCounts.from_flags(arr)
    return CsatCounts.from_scores(arr, scale=scale, satisfied_at=satisfied_at)


def _undefined_p_value(why: str) -> float:
    msg = f"compare: the p-value is undefined ({why}); it is NaN"
    warnings.warn(msg, UndefinedMetricWarning, stacklevel=4)
    return math.nan


def _z_p_value(diff: float, se: float) -> float:
    if se == 0.0:  # pooled share 0 or 1: both samples all alike, the statistic is 0 / 0
        return _undefined_p_value("both samples are all successes or all failures")
    return min(1.0, 2.0 * normal_sf(abs(diff) / se))


def _compare_nps(a: NpsCounts, b: NpsCounts, z: float) -> tuple[float, float, Interval, float]:
    centre_a, var_a = nps_moments_of(a, adjusted=True)
    centre_b, var_b = nps_moments_of(b, adjusted=True)
    centre, se = centre_b - centre_a, math.sqrt(var_a + var_b)
    ci = Interval(100.0 * max(centre - z * se, -2.0), 100.0 * min(centre + z * se, 2.0))
    return nps_points(a.counts), nps_points(b.counts), ci, _z_p_value(centre, se)


def _share(c: CsatCounts | RateCounts, confidence: float) -> tuple[float, Interval, float]:
    """The share, its Wilson interval and the effective n, as the metric itself gives them."""
    r = c.result(confidence=confidence)
    return (r.value if isinstance(r, RateResult) else r.satisfied_share), r.ci, r.effective_n


def _compare_shares(
    a: CsatCounts | RateCounts, b: CsatCounts | RateCounts, confidence: float
) -> tuple[float, float, Interval, float]:
    (pa, ci_a, na), (pb, ci_b, nb) = _share(a, confidence), _share(b, confidence)
    ci = newcombe_difference(pa, ci_a, pb, ci_b)
    pooled = (pa * na + pb * nb) / (na + nb)
    se = math.sqrt(max(pooled * (1.0 - pooled), 0.0) * (1.0 / na + 1.0 / nb))
    return pa, pb, Interval(*ci), _z_p_value(pb - pa, se)


def _compare_means(
    a: CsatCounts, b: CsatCounts, confidence: float
) -> tuple[float, float, Interval, float]:
    ra, rb = a.result(confidence=confidence), b.result(confidence=confidence)
    diff = rb.mean - ra.mean
    va, vb = ra.mean_se**2, rb.mean_se**2
    se = math.sqrt(va + vb)
    if math.isnan(se):
        msg = "compare: a mean difference needs at least two responses on each side"
        warnings.warn(msg, UndefinedMetricWarning, stacklevel=3)
        return ra.mean, rb.mean, NAN_INTERVAL, math.nan
    if se == 0.0:  # no spread on either side: t = diff / 0
        p_value = 0.0 if diff != 0.0 else _undefined_p_value("every score is the same")
        return ra.mean, rb.mean, Interval(diff, diff), p_value
    df = (va + vb) ** 2 / (va**2 / (ra.effective_n - 1.0) + vb**2 / (rb.effective_n - 1.0))
    half = t_ppf(0.5 + confidence / 2.0, df) * se
    p_value = min(1.0, 2.0 * t_sf(abs(diff) / se, df))
    widest = float(a.scale - 1)
    ci = Interval(max(diff - half, -widest), min(diff + half, widest))
    return ra.mean, rb.mean, ci, p_value


_METHODS = {
    "nps": "adjusted-wald difference and z-test (Lewis & Sauro)",
    "csat_share": "newcombe hybrid score; pooled z-test",
    "rate": "newcombe hybrid score; pooled z-test",
    "csat_mean": "welch t-test",
}


def compare(
    before: ScoresLike | FlagsLike | _Counts,
    after: ScoresLike | FlagsLike | _Counts,
    *,
    metric: Literal["nps", "csat_share", "csat_mean", "rate"] = "nps",
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
) -> Comparison:
    """Compare a metric before and after a change (two independent samples).

    Parameters
    ----------
    before, after : array-like or counts
        Raw scores (0..10 for NPS, 1..``scale`` for CSAT, booleans for a rate)
        or the matching :class:`NpsCounts` / :class:`CsatCounts` /
        :class:`RateCounts`.
    metric : {"nps", "csat_share", "csat_mean", "rate"}
        What to compare; see the module docstring for the methods.
    scale, satisfied_at : int
        CSAT scale and top-box threshold (raw CSAT scores only).
    confidence : float
        Level of the interval (and the significance level ``1 - confidence``).

    Returns
    -------
    Comparison
        ``difference`` (after - before), ``ci``, ``p_value``, ``is_significant``.

    Examples
    --------
    >>> c = compare([True] * 78 + [False] * 22, [True] * 85 + [False] * 15, metric="rate")
    >>> round(c.difference, 2), c.is_significant  # FCR 78% -> 85% on 100 tickets each
    (0.07, False)
    >>> c = compare([5, 5, 4, 3], [5, 5, 5, 4], metric="csat_mean")
    >>> c.difference
    0.5
    """
    require_choice(metric, COMPARE_METRICS, param="metric")
    z = z_value(confidence)
    a = _as_counts(before, metric, scale, satisfied_at, "before")
    b = _as_counts(after, metric, scale, satisfied_at, "after")
    a._check_mergeable(b)  # type: ignore[arg-type]  # CSAT counts on the same scale
    if a.n == 0 or b.n == 0 or a.effective_n == 0 or b.effective_n == 0:
        msg = f"compare: {metric} is undefined when a sample is empty; the values are NaN"
        warnings.warn(msg, UndefinedMetricWarning, stacklevel=2)
        nan = math.nan
        return Comparison(
            metric, nan, nan, nan, NAN_INTERVAL, nan, a.n, b.n, _METHODS[metric], confidence
        )
    if metric == "nps":
        assert isinstance(a, NpsCounts)
        assert isinstance(b, NpsCounts)
        va, vb, ci, p = _compare_nps(a, b, z)
    elif metric == "csat_mean":
        assert isinstance(a, CsatCounts)
        assert isinstance(b, CsatCounts)
        va, vb, ci, p = _compare_means(a, b, confidence)
    else:
        assert not isinstance(a, NpsCounts)
        assert not isinstance(b, NpsCounts)
        va, vb, ci, p = _compare_shares(a, b, confidence)
    diff = vb - va
    return Comparison(metric, va, vb, diff, ci, p, a.n, b.n, _METHODS[metric], confidence)


publish("csmetrics.scoring", Comparison)
