"""The sections of the weekly report and how each is computed from tickets and surveys.

Every builder returns ``None`` when there is nothing to measure (no tickets,
no surveys, no SLA results), so the report never shows an undefined metric.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from csmetrics._core.exports import publish
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import Channel, Priority, Status
from csmetrics._models.history import read_history
from csmetrics._models.outcomes import count_flags, status_flags
from csmetrics._models.records import SurveyResponse, Ticket
from csmetrics._schedule.schedule import Schedule
from csmetrics._scoring.metrics import (
    CsatResult,
    NpsResult,
    ParetoResult,
    QualityScore,
    RateResult,
    csat,
    csat_by_dimension,
    first_contact_resolution_rate,
    nps,
    on_time_rate,
    pareto,
    quality_score,
    resolution_rate,
)
from csmetrics._sla.api import ComplianceRow, SlaPolicy, TicketSla, evaluate

__all__ = [
    "QUALITY_TARGETS",
    "QUALITY_WEIGHTS",
    "CategorySection",
    "SatisfactionSection",
    "SlaSection",
    "VolumeSection",
    "category_section",
    "quality_section",
    "satisfaction_section",
    "sla_section",
    "volume_section",
]

QUALITY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "csat": 0.30,
        "fcr": 0.25,
        "on_time": 0.25,
        "resolution_rate": 0.10,
        "nps": 0.10,
    }
)
"""Weights of the report's quality score (CSAT 30%, first-contact resolution 25% ...).

Warmth has no weight: it is only checked against its goal.
"""

QUALITY_TARGETS: Mapping[str, float] = MappingProxyType(
    {
        "csat": 4.2,
        "fcr": 0.85,
        "on_time": 0.95,
        "resolution_rate": 0.92,
        "warmth": 0.9,
    }
)
"""Thresholds under which an indicator is flagged "to improve" (待改善)."""


@dataclass(frozen=True)
class VolumeSection:
    """Ticket counts by channel, priority and status (as of the report's ``now``).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> from csmetrics._report.sections import volume_section
    >>> volume = volume_section(sample_tickets(40, seed=1), DEFAULT_START + dt.timedelta(days=7))
    >>> volume.total, sum(count for _, count in volume.by_channel)
    (40, 40)
    """

    total: int
    complaints: int
    by_channel: tuple[tuple[Channel, int], ...]
    by_priority: tuple[tuple[Priority, int], ...]
    by_status: tuple[tuple[Status, int], ...]

    @property
    def urgent_share(self) -> float:
        """Share of P1 tickets among all tickets (0 when there are none)."""
        p1 = dict(self.by_priority).get(Priority.P1, 0)
        return p1 / self.total if self.total else 0.0


@dataclass(frozen=True)
class SlaSection:
    """SLA compliance per priority, breaches, escalations and overdue reasons.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> from csmetrics.schedule import Schedule
    >>> tickets = sample_tickets(40, seed=1)
    >>> now = DEFAULT_START + dt.timedelta(days=7)
    >>> from csmetrics._report.sections import sla_section
    >>> from csmetrics.models import Priority
    >>> from csmetrics.sla import SlaPolicy
    >>> sla = sla_section(tickets, SlaPolicy.preset("tiered"), Schedule.always(), now)
    >>> row = sla.first_response[Priority.P1]
    >>> row.met + row.breached + row.pending == sum(t.priority is Priority.P1 for t in tickets)
    True
    """

    evaluated: int
    first_response: Mapping[Priority, ComplianceRow]
    resolution: Mapping[Priority, ComplianceRow]
    breached_tickets: int
    escalations: tuple[tuple[int, str, int], ...]
    """(level, action, number of tickets whose highest rung it is), by level."""
    overdue_reasons: tuple[tuple[str, int], ...]
    on_time: RateResult | None
    """First responses within target, with their interval (None if none decided)."""


@dataclass(frozen=True)
class SatisfactionSection:
    """CSAT (overall and per dimension) and NPS with their intervals.

    Examples
    --------
    >>> from csmetrics.models import SurveyResponse
    >>> from csmetrics._report.sections import satisfaction_section
    >>> section = satisfaction_section([SurveyResponse(overall=5, nps=10),
    ...                                 SurveyResponse(overall=3, nps=6)])
    >>> section.csat.mean, section.nps.score, section.follow_up
    (4.0, 0.0, 1)
    """

    responses: int
    csat: CsatResult
    by_dimension: Mapping[str, CsatResult]
    nps: NpsResult
    follow_up: int
    """Responses with a score <= 3 or an NPS <= 6."""


@dataclass(frozen=True)
class CategorySection:
    """Pareto of problem categories, and of the finer problem types.

    Examples
    --------
    >>> from csmetrics.datasets import sample_tickets
    >>> from csmetrics._report.sections import category_section
    >>> section = category_section(sample_tickets(60, seed=1))
    >>> sum(section.categories.counts)
    60
    """

    categories: ParetoResult
    problems: ParetoResult


def volume_section(tickets: Sequence[Ticket], now: dt.datetime) -> VolumeSection:
    """Counts of ``tickets`` (all created at or before ``now``)."""
    channels = Counter(t.channel for t in tickets)
    priorities = Counter(t.priority for t in tickets)
    statuses = Counter(t.status_at(now) for t in tickets)
    return VolumeSection(
        total=len(tickets),
        complaints=sum(1 for t in tickets if t.complaint),
        by_channel=tuple((c, channels[c]) for c in Channel),
        by_priority=tuple((p, priorities[p]) for p in Priority),
        by_status=tuple((s, statuses[s]) for s in Status),
    )


def _rows(results: Sequence[TicketSla], metric: str) -> dict[Priority, ComplianceRow]:
    """Targets of ``metric`` met / breached / pending per priority (priorities with any)."""
    rows: dict[Priority, ComplianceRow] = {}
    for priority in Priority:
        statuses = [getattr(r, metric) for r in results if r.priority is priority]
        statuses = [status for status in statuses if status is not None]
        if statuses:
            rows[priority] = count_flags(status_flags(statuses), into=ComplianceRow())
    return rows


def _escalations(results: Sequence[TicketSla]) -> tuple[tuple[int, str, int], ...]:
    rungs: Counter[tuple[int, str]] = Counter()
    for result in results:
        reached = [m.escalation for m in result.metrics().values() if m.escalation is not None]
        if reached:
            top = max(reached, key=lambda e: e.level)
            rungs[top.level, top.action] += 1
    return tuple((level, action, n) for (level, action), n in sorted(rungs.items()))


def sla_section(
    tickets: Sequence[Ticket], policy: SlaPolicy, schedule: Schedule, now: dt.datetime
) -> SlaSection | None:
    """Evaluate every ticket as of ``now`` and summarise (None without tickets)."""
    if not tickets:
        return None
    results = [evaluate(t, policy, schedule, now=now) for t in tickets]
    first = _rows(results, "first_response")
    decided = sum(row.met + row.breached for row in first.values())
    reasons = Counter(t.overdue_reason for t in tickets if t.overdue_reason)
    return SlaSection(
        evaluated=len(results),
        first_response=first,
        resolution=_rows(results, "resolution"),
        breached_tickets=sum(1 for r in results if r.breached),
        escalations=_escalations(results),
        overdue_reasons=tuple(reasons.most_common()),
        on_time=on_time_rate(results, metric="first_response") if decided else None,
    )


def satisfaction_section(surveys: Sequence[SurveyResponse]) -> SatisfactionSection | None:
    """CSAT and NPS of the answered surveys (None when no overall score or NPS was given)."""
    overall = _scores([s.overall for s in surveys])
    answers = _scores([s.nps for s in surveys])
    if np.isnan(overall).all() or np.isnan(answers).all():
        return None
    dimensions = csat_by_dimension(surveys) if _every_dimension_answered(surveys) else {}
    return SatisfactionSection(
        responses=len(surveys),
        csat=csat(overall),
        by_dimension=dimensions,
        nps=nps(answers),
        follow_up=sum(1 for s in surveys if s.needs_follow_up),
    )


def _scores(values: list[int | None]) -> npt.NDArray[np.float64]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _every_dimension_answered(surveys: Sequence[SurveyResponse]) -> bool:
    return all(any(s.dimension_scores[name] is not None for s in surveys) for name in DIMENSIONS)


def category_section(tickets: Sequence[Ticket]) -> CategorySection | None:
    """Pareto of categories and of "category/sub-category" problem types."""
    if not any(t.category for t in tickets):
        return None
    return CategorySection(
        categories=pareto(t.category for t in tickets),
        problems=pareto(
            f"{t.category}/{t.subcategory}" if t.subcategory else t.category for t in tickets
        ),
    )


def quality_section(
    tickets: Sequence[Ticket],
    now: dt.datetime,
    satisfaction: SatisfactionSection | None,
    sla: SlaSection | None,
    *,
    warmth: float | None = None,
) -> QualityScore | None:
    """The weighted quality score of the indicators that can be measured."""
    indicators: dict[str, object] = {}
    if satisfaction is not None:
        indicators |= {"csat": satisfaction.csat, "nps": satisfaction.nps}
    if sla is not None and sla.on_time is not None:
        indicators["on_time"] = sla.on_time
    if tickets:
        indicators["resolution_rate"] = resolution_rate(tickets, now=now)
    if any(read_history(t, now=now).was_resolved for t in tickets):
        indicators["fcr"] = first_contact_resolution_rate(tickets, now=now)
    if warmth is not None:
        indicators["warmth"] = warmth
    weights = {name: QUALITY_WEIGHTS.get(name, 0.0) for name in indicators}
    if not any(weights.values()):
        return None
    targets = {name: QUALITY_TARGETS[name] for name in indicators if name in QUALITY_TARGETS}
    return quality_score(indicators, weights=weights, targets=targets)


publish("csmetrics.report", CategorySection, SatisfactionSection, SlaSection, VolumeSection)
