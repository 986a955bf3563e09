"""The weekly service report: volume, SLA compliance, satisfaction, Pareto, quality.

:func:`build_report` measures a set of tickets and survey responses as of a
given ``now`` and returns a :class:`WeeklyReport` of small result objects;
:func:`render_report` turns it into plain text (what ``csmetrics demo``
prints). A section is left out (``None``) when there is nothing to measure:
no SLA policy, no survey answers, no categories.
"""

from __future__ import annotations

from csmetrics._report.build import (
    QUALITY_TARGETS,
    QUALITY_WEIGHTS,
    WARMTH_GOAL,
    CategorySection,
    SatisfactionSection,
    SentimentSection,
    SlaSection,
    VolumeSection,
    WeeklyReport,
    build_report,
    render_report,
)

__all__ = [
    "QUALITY_TARGETS",
    "QUALITY_WEIGHTS",
    "WARMTH_GOAL",
    "CategorySection",
    "SatisfactionSection",
    "SentimentSection",
    "SlaSection",
    "VolumeSection",
    "WeeklyReport",
    "build_report",
    "render_report",
]
