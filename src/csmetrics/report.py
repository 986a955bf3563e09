"""The service report: volume, SLA, resolution, satisfaction, problems, agents, follow-ups, quality.

:func:`build_report` measures tickets and survey answers (``TicketTable`` /
``SurveyTable`` from :mod:`csmetrics.io`, or lists of models) over a period
``[since, until)`` as of a given ``now`` and returns a :class:`WeeklyReport`;
:func:`render_report` turns it into Markdown (80 columns), stable JSON
(:func:`report_schema`, ``schema_version`` 1) or one self-contained HTML page.
A section is left out (``None``) when there is nothing to measure: no SLA
policy, no survey answers, no categories.
"""

from __future__ import annotations

from csmetrics._report.build import (
    FOLLOW_UP_LIMIT,
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
from csmetrics._report.changes import Change
from csmetrics._report.columns import InputCounts
from csmetrics._report.people import AgentRow, FollowUp
from csmetrics._report.schema import SCHEMA_VERSION, report_schema
from csmetrics._report.sections import UNCATEGORISED, OutcomeSection
from csmetrics._report.sla_section import Overdue, TimeStats

__all__ = [
    "FOLLOW_UP_LIMIT",
    "QUALITY_TARGETS",
    "QUALITY_WEIGHTS",
    "SCHEMA_VERSION",
    "UNCATEGORISED",
    "WARMTH_GOAL",
    "AgentRow",
    "CategorySection",
    "Change",
    "FollowUp",
    "InputCounts",
    "OutcomeSection",
    "Overdue",
    "SatisfactionSection",
    "SentimentSection",
    "SlaSection",
    "TimeStats",
    "VolumeSection",
    "WeeklyReport",
    "build_report",
    "render_report",
    "report_schema",
]
