"""Mergeable count vectors behind CSAT, NPS and rates.

Each aggregate is a histogram plus the two numbers a weighted estimate needs
(raw ``n`` and the sum of squared weights, for the Kish effective sample
size) and the number of missing values. Histograms of disjoint parts add up
exactly with ``+``: per group, per day or per data partition, ``a + b``
equals the counts of the concatenated data, so large data can be counted in
chunks (or in parallel) and merged. ``sum()`` works too (``0 + counts`` is
the counts).

Every statistic is computed from the counts, in one place per metric:
:class:`CsatCounts` (:mod:`~csmetrics._scoring.csat_counts`),
:class:`NpsCounts` (:mod:`~csmetrics._scoring.nps_counts`) and
:class:`RateCounts` (:mod:`~csmetrics._scoring.rate_counts`), on the shared
:mod:`~csmetrics._scoring.mergeable` base. This module gathers them (and is
where objects pickled by csmetrics 0.1.0 as ``csmetrics._counts`` load from).
"""

from __future__ import annotations

from csmetrics._scoring.csat_counts import CsatCounts
from csmetrics._scoring.mergeable import Summable
from csmetrics._scoring.nps_counts import NPS_METHODS, NpsCounts, nps_moments_of, nps_points
from csmetrics._scoring.rate_counts import RateCounts

__all__ = [
    "NPS_METHODS",
    "CsatCounts",
    "NpsCounts",
    "RateCounts",
    "Summable",
    "nps_moments_of",
    "nps_points",
]
