"""CSAT, NPS or a rate per group (agent, channel, category) and per period.

Groups are counted in one pass: each row's group code and score are folded
into one index for :func:`numpy.bincount`, which yields a count vector per
group; each vector becomes the same mergeable counts object that
:func:`~csmetrics.scoring.csat` uses, so a group's result is exactly what the
scalar function gives on that group's rows.

Periods (:func:`trend`) are labelled by their first day (``datetime64[D]``):
days, ISO weeks starting on Monday, or calendar months. Aware ``datetime``
objects and tz-aware pandas data are binned on their own wall clock (the time
zone they carry); numpy ``datetime64`` values are UTC. Naive datetimes are
refused. Grouping over several keys (a mapping or a DataFrame of key
columns) labels missing keys :data:`MISSING` (``"(missing)"``).
"""

from __future__ import annotations

from csmetrics._scoring.group_keys import MISSING, group_by
from csmetrics._scoring.grouping import GROUP_METRICS, GroupedResults
from csmetrics._scoring.periods import trend

__all__ = [
    "GROUP_METRICS",
    "MISSING",
    "GroupedResults",
    "group_by",
    "trend",
]
