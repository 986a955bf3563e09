"""Small frozen result objects returned by the scoring functions.

Every result carries its evidence: the value, ``n`` (responses counted),
``missing`` (skipped ``None``/NaN), the effective sample size (Kish; equal to
``n`` without weights), the counts it came from and a confidence interval.
Over no data the values are NaN (and an ``UndefinedMetricWarning`` was
emitted), never a silent 0.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import NamedTuple

from csmetrics._core.exports import publish
from csmetrics.exceptions import UndefinedMetricWarning

__all__ = ["NAN_INTERVAL", "CsatResult", "Interval", "NpsResult", "RateResult", "warn_undefined"]


def warn_undefined(what: str, *, stacklevel: int = 4) -> None:
    """Emit the ``UndefinedMetricWarning`` of a metric asked of no data."""
    msg = f"{what} is undefined over no data (n == 0); its value is NaN"
    warnings.warn(msg, UndefinedMetricWarning, stacklevel=stacklevel)


class Interval(NamedTuple):
    """A two-sided confidence interval ``(low, high)``; a plain tuple too.

    Examples
    --------
    >>> ci = Interval(0.2, 0.6)
    >>> ci.low, ci.high, tuple(ci)
    (0.2, 0.6, (0.2, 0.6))
    """

    low: float
    high: float


NAN_INTERVAL = Interval(math.nan, math.nan)
"""The interval of a metric over no data."""


@dataclass(frozen=True, slots=True)
class CsatResult:
    """CSAT over one set of responses (see :func:`csmetrics.scoring.csat`).

    Attributes
    ----------
    mean : float
        Mean score (weighted when weights were given); NaN over no data.
    satisfied_share : float
        Share of responses at or above ``satisfied_at`` (top-2-box on 1..5), 0..1.
    n : int
        Responses counted (missing values excluded).
    ci : Interval
        Wilson interval of ``satisfied_share`` (0..1), on the effective n.
    mean_ci : Interval
        Student t interval of ``mean`` with ``effective_n - 1`` degrees of
        freedom, clamped to the scale ``1..scale`` (the mean cannot leave it;
        at small n the unclamped t interval does, e.g. scores 1 and 5 give
        -22.4 to 28.4). Scores that are all alike give a zero-width interval:
        the sample shows no spread to estimate from.
    mean_se : float
        Standard error of the mean, ``std / sqrt(effective_n)``.
    std : float
        Sample standard deviation of the scores.
    effective_n : float
        Kish effective sample size (``n`` without weights).
    missing : int
        ``None``/NaN values skipped.
    counts : tuple of float
        Count (or total weight) per score ``1..scale``.
    scale, satisfied_at : int
        The scale's top score and the lowest "satisfied" score.
    confidence : float
        Confidence level of both intervals.

    Examples
    --------
    >>> from csmetrics.scoring import csat
    >>> r = csat([5, 4, 3, 4])
    >>> r.mean, r.satisfied_share, r.n, r.counts
    (4.0, 0.75, 4, (0, 0, 1, 2, 1))
    """

    mean: float
    satisfied_share: float
    n: int
    ci: Interval
    mean_ci: Interval
    mean_se: float
    std: float
    effective_n: float
    missing: int
    counts: tuple[float, ...]
    scale: int
    satisfied_at: int
    confidence: float


@dataclass(frozen=True, slots=True)
class NpsResult:
    """NPS over one set of 0-10 answers (see :func:`csmetrics.scoring.nps`).

    Attributes
    ----------
    score : float
        ``100 * (promoters - detractors)``, -100..100; NaN over no data.
    promoters, passives, detractors : float
        Shares (0..1) of 9-10, 7-8 and 0-6 answers.
    n : int
        Answers counted (missing values excluded).
    ci : Interval
        Interval of ``score`` in points, clamped to [-100, 100].
    se : float
        Standard error of ``score`` in points (trinomial variance, effective n).
    effective_n : float
        Kish effective sample size (``n`` without weights).
    missing : int
        ``None``/NaN values skipped.
    counts : tuple of float
        Count (or total weight) per answer 0..10.
    method : str
        Interval method: ``"adjusted-wald"``, ``"wald"`` or ``"bootstrap"``.
    confidence : float
        Confidence level of ``ci``.

    Examples
    --------
    >>> from csmetrics.scoring import nps
    >>> r = nps([10, 9, 7, 3])
    >>> r.score, r.promoters, r.detractors, r.method
    (25.0, 0.5, 0.25, 'adjusted-wald')
    """

    score: float
    promoters: float
    passives: float
    detractors: float
    n: int
    ci: Interval
    se: float
    effective_n: float
    missing: int
    counts: tuple[float, ...]
    method: str
    confidence: float


@dataclass(frozen=True, slots=True)
class RateResult:
    """A share of successes with its Wilson interval (see :func:`csmetrics.scoring.rate`).

    Attributes
    ----------
    value : float
        ``successes / n`` (weighted when weights were given), 0..1; NaN when ``n == 0``.
    successes : float
        Number (or total weight) of successes.
    n : int
        Observations counted (missing values excluded).
    ci : Interval
        Wilson interval of ``value`` on the effective n.
    effective_n : float
        Kish effective sample size (``n`` without weights).
    missing : int
        Missing values skipped.
    confidence : float
        Confidence level of ``ci``.

    Examples
    --------
    >>> from csmetrics.scoring import rate
    >>> r = rate(17, 20)
    >>> r.value, r.n, round(r.ci.low, 4), round(r.ci.high, 4)
    (0.85, 20, 0.6396, 0.9476)
    """

    value: float
    successes: float
    n: int
    ci: Interval
    effective_n: float
    missing: int
    confidence: float


publish("csmetrics.scoring", CsatResult, Interval, NpsResult, RateResult)
