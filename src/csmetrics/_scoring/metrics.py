"""Satisfaction and quality metrics: CSAT, NPS, rates, quality score, Pareto, comparisons.

This module is the public face of scoring; the pieces live in modules named
for what they do and are re-exported here:

- :func:`csat`, :func:`nps`, :func:`csat_by_dimension`, :func:`needs_follow_up`
  (this module), on the mergeable counts :class:`CsatCounts`,
  :class:`NpsCounts`, :class:`RateCounts` and :class:`LabelCounts`;
- :func:`rate` and the ticket helpers (:mod:`csmetrics.rates`);
- :func:`quality_score` (:mod:`csmetrics.quality`);
- :func:`pareto` and :func:`top_shares` (:mod:`csmetrics.pareto`);
- :func:`compare` (:mod:`csmetrics.compare`);
- :func:`group_by` and :func:`trend` (:mod:`csmetrics.grouping`);
- :func:`clean` (:mod:`csmetrics.cleaning`).

Formulas and references are in ``docs/scoring.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_choice
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.records import SurveyResponse
from csmetrics._scoring.cleaning import CleaningReport, RemovedRow, clean
from csmetrics._scoring.compare import Comparison, compare
from csmetrics._scoring.counts import NPS_METHODS, CsatCounts, NpsCounts, RateCounts
from csmetrics._scoring.group_keys import group_by
from csmetrics._scoring.grouping import GroupedResults
from csmetrics._scoring.inputs import ScoresLike
from csmetrics._scoring.pareto import LabelCounts, ParetoResult, pareto, top_shares
from csmetrics._scoring.periods import trend
from csmetrics._scoring.quality import (
    KNOWN_INDICATORS,
    IndicatorSpec,
    QualityComponent,
    QualityScore,
    quality_score,
)
from csmetrics._scoring.rates import (
    complaint_close_rate,
    first_contact_resolution_rate,
    on_time_rate,
    rate,
    reopen_rate,
    repeat_contact_rate,
    resolution_rate,
    within_target_rate,
)
from csmetrics._scoring.rates import sequence_of as _sequence
from csmetrics._scoring.results import CsatResult, Interval, NpsResult, RateResult
from csmetrics._scoring.scores import score_ints
from csmetrics._scoring.times import (
    TimeStats,
    first_response_times,
    resolution_times,
    slow_categories,
    time_stats,
)
from csmetrics.exceptions import InputTypeError

__all__ = [
    "DIMENSIONS",
    "KNOWN_INDICATORS",
    "NPS_METHODS",
    "CleaningReport",
    "Comparison",
    "CsatCounts",
    "CsatResult",
    "GroupedResults",
    "IndicatorSpec",
    "Interval",
    "LabelCounts",
    "NpsCounts",
    "NpsResult",
    "ParetoResult",
    "QualityComponent",
    "QualityScore",
    "RateCounts",
    "RateResult",
    "RemovedRow",
    "TimeStats",
    "clean",
    "compare",
    "complaint_close_rate",
    "csat",
    "csat_by_dimension",
    "first_contact_resolution_rate",
    "first_response_times",
    "group_by",
    "needs_follow_up",
    "nps",
    "on_time_rate",
    "pareto",
    "quality_score",
    "rate",
    "reopen_rate",
    "repeat_contact_rate",
    "resolution_rate",
    "resolution_times",
    "slow_categories",
    "time_stats",
    "top_shares",
    "trend",
    "within_target_rate",
]


def csat(
    scores: ScoresLike,
    *,
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
) -> CsatResult:
    """Customer satisfaction: mean score and satisfied (top-2-box) share.

    Parameters
    ----------
    scores : array-like of int
        Scores ``1..scale`` (list, numpy array, pandas Series). ``None``, NaN
        and pandas ``NA`` are skipped and counted in ``missing``.
    scale : int
        Top of the scale (5 for the 1-5 survey dimensions).
    satisfied_at : int
        Lowest score counted as satisfied (4: top-2-box on a 1-5 scale).
    confidence : float
        Level of both intervals.
    weights : array-like of float, optional
        Survey weights (``>= 0``), one per score; intervals then use the Kish
        effective sample size.

    Returns
    -------
    CsatResult
        ``.mean`` with ``.mean_ci`` (Student t), ``.satisfied_share`` with
        ``.ci`` (Wilson), ``.n``, ``.missing``, ``.counts`` ...

    Raises
    ------
    InvalidScoreError
        A score off the scale or not an integer.
    InputTypeError
        Text, booleans or nested sequences instead of scores.

    Warns
    -----
    UndefinedMetricWarning
        No score to count: the values are NaN.

    Examples
    --------
    >>> r = csat([5, 4, 4, 3, None])
    >>> r.mean, r.satisfied_share, r.n, r.missing
    (4.0, 0.75, 4, 1)
    >>> r.counts
    (0, 0, 1, 2, 1)
    >>> round(r.ci.low, 3), round(r.ci.high, 3)
    (0.301, 0.954)
    """
    counts = CsatCounts.from_scores(scores, scale=scale, satisfied_at=satisfied_at, weights=weights)
    return counts.result(confidence=confidence)


def nps(
    scores: ScoresLike,
    *,
    confidence: float = 0.95,
    method: Literal["adjusted-wald", "wald", "bootstrap"] = "adjusted-wald",
    weights: npt.ArrayLike | None = None,
    seed: int | None = None,
    resamples: int = 10_000,
) -> NpsResult:
    """Net Promoter Score of 0-10 answers, with a confidence interval in points.

    Promoters answer 9-10, passives 7-8, detractors 0-6; the score is
    ``100 * (promoters - detractors) / n`` in -100..100.

    Parameters
    ----------
    scores : array-like of int
        Answers 0..10; ``None``/NaN skipped and counted.
    confidence : float
        Level of the interval.
    method : {"adjusted-wald", "wald", "bootstrap"}
        ``"adjusted-wald"`` (default; Lewis & Sauro, "Confidence Intervals
        for Net Promoter Scores", MeasuringU; Rocks 2016): add 3 to n, 3/4 to
        the promoters and 3/4 to the detractors, then
        ``NPS' +- z * sqrt((pP' + pD' - NPS'**2) / (n + 3))`` on the adjusted
        shares; good coverage at small n and near +-100. ``"wald"``: the
        same without the adjustment (plain Wald, Rocks 2016); too
        narrow at small n. ``"bootstrap"``:
        percentile interval of ``resamples`` multinomial resamples; needs
        ``seed``.
    weights : array-like of float, optional
        Survey weights; the variance uses the Kish effective sample size.
    seed : int, optional
        Seed of the bootstrap (required for ``method="bootstrap"``).
    resamples : int
        Bootstrap resamples.

    Returns
    -------
    NpsResult
        ``.score``, ``.promoters``/``.passives``/``.detractors`` (shares),
        ``.n``, ``.se`` and ``.ci`` (points, clamped to [-100, 100]).

    Raises
    ------
    InvalidScoreError
        An answer off 0..10 or not an integer.

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 7, 6, 3, 10, None])
    >>> r.score, r.n, r.missing  # 4 promoters, 2 detractors of 8
    (25.0, 8, 1)
    >>> r.promoters, r.passives, r.detractors
    (0.5, 0.25, 0.25)
    >>> round(r.ci.low, 1), round(r.ci.high, 1)  # adjusted-Wald, in points
    (-29.4, 65.8)
    """
    counts = NpsCounts.from_scores(scores, weights=weights)
    return counts.result(confidence=confidence, method=method, seed=seed, resamples=resamples)


def csat_by_dimension(
    responses: Iterable[SurveyResponse],
    *,
    confidence: float = 0.95,
    satisfied_at: int = 4,
) -> dict[str, CsatResult]:
    """CSAT of each survey dimension (responsiveness, effectiveness, attitude, overall).

    Unanswered dimensions of a response count as missing for that dimension.

    Examples
    --------
    >>> responses = [
    ...     SurveyResponse(responsiveness=5, effectiveness=4, attitude=5, overall=5),
    ...     SurveyResponse(responsiveness=2, effectiveness=4, attitude=None, overall=3),
    ... ]
    >>> by_dim = csat_by_dimension(responses)
    >>> by_dim["responsiveness"].mean, by_dim["attitude"].n, by_dim["attitude"].missing
    (3.5, 1, 1)
    """
    rows = list(_sequence(responses, "responses"))
    for i, row in enumerate(rows):
        if not isinstance(row, SurveyResponse):
            msg = f"responses: expected SurveyResponse objects, got {describe(row)} at position {i}"
            raise InputTypeError(msg)
    return {
        name: csat(
            [getattr(r, name) for r in rows], satisfied_at=satisfied_at, confidence=confidence
        )
        for name in DIMENSIONS
    }


def needs_follow_up(scores: ScoresLike, *, kind: Literal["csat", "nps"] = "csat") -> np.ndarray:
    """Which scores call for priority follow-up: CSAT <= 3 or NPS <= 6 (missing: False).

    Examples
    --------
    >>> needs_follow_up([5, 3, None, 1]).tolist()
    [False, True, False, True]
    >>> needs_follow_up([9, 6], kind="nps").tolist()
    [False, True]
    """
    low, high, threshold = {"csat": (1, 5, 3), "nps": (0, 10, 6)}[
        require_choice(kind, ("csat", "nps"), param="kind")
    ]
    ints, missing = score_ints(scores, low=low, high=high)
    low_score = ints <= threshold
    return low_score if missing is None else low_score & ~missing
