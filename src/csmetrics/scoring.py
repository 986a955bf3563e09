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
- :class:`QuantileSketch` and :func:`sketch_time_stats`: mergeable duration
  quantiles within 1% of the value (the one-process twin of
  :func:`csmetrics.dask.time_stats_frame`);
- :func:`clean` (:mod:`csmetrics.cleaning`).

Formulas and references are in ``docs/scoring.md``.
"""

from __future__ import annotations

from csmetrics._scoring.metrics import (
    DIMENSIONS,
    KNOWN_INDICATORS,
    NPS_METHODS,
    CleaningReport,
    Comparison,
    CsatCounts,
    CsatResult,
    GroupedResults,
    IndicatorSpec,
    Interval,
    LabelCounts,
    NpsCounts,
    NpsResult,
    ParetoResult,
    QualityComponent,
    QualityScore,
    RateCounts,
    RateResult,
    RemovedRow,
    TimeStats,
    clean,
    compare,
    complaint_close_rate,
    csat,
    csat_by_dimension,
    first_contact_resolution_rate,
    first_response_times,
    group_by,
    needs_follow_up,
    nps,
    on_time_rate,
    pareto,
    quality_score,
    rate,
    reopen_rate,
    repeat_contact_rate,
    resolution_rate,
    resolution_times,
    slow_categories,
    time_stats,
    top_shares,
    trend,
    within_target_rate,
)
from csmetrics._scoring.sketch import QuantileSketch, sketch_time_stats

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
    "QuantileSketch",
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
    "sketch_time_stats",
    "slow_categories",
    "time_stats",
    "top_shares",
    "trend",
    "within_target_rate",
]
