"""The weekly report from Dask frames: each section's counts per partition, merged, finished once.

Each partition is read as :func:`csmetrics.io.read_tickets` /
:func:`~csmetrics.io.read_surveys` read a frame, and its records are counted
as :func:`csmetrics.report.build_report` counts them: volume counters,
compliance rows, escalation and overdue-reason counters, ``RateCounts`` of
the on-time, resolution and first-contact-resolution flags, ``CsatCounts``
and ``NpsCounts`` of the answers, ``LabelCounts`` of the categories and
problem types, sentiment counts and the comments per label. Counters merge
in partition order, so ties keep the order of first appearance, as in one
process. The statistics are computed once, from the merged counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from csmetrics._classify.api import sentiment, sentiment_many
from csmetrics._core.validate import require_aware
from csmetrics._dask.engine import reduce_partitions, require_frame, shared
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.enums import Channel, Priority, Status
from csmetrics._models.history import read_history
from csmetrics._models.outcomes import count_flags, status_flags
from csmetrics._report.build import WeeklyReport
from csmetrics._report.sections import (
    QUALITY_TARGETS,
    QUALITY_WEIGHTS,
    CategorySection,
    SatisfactionSection,
    SlaSection,
    VolumeSection,
)
from csmetrics._report.sentiment import SentimentSection
from csmetrics._schedule.schedule import Schedule
from csmetrics._scoring.counts import CsatCounts, NpsCounts, RateCounts
from csmetrics._scoring.metrics import quality_score
from csmetrics._scoring.pareto import LabelCounts
from csmetrics._sla.api import ComplianceRow, SlaPolicy, evaluate
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["report_frame"]

_LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class _Job:
    now: dt.datetime
    since: dt.datetime | None
    policy: SlaPolicy | None
    schedule: Schedule | None
    mapping: object


@dataclass
class _Tickets:
    """The mergeable counts of the ticket sections."""

    total: int = 0
    left_out: int = 0
    complaints: int = 0
    channels: Counter[Any] = field(default_factory=Counter)
    priorities: Counter[Any] = field(default_factory=Counter)
    statuses: Counter[Any] = field(default_factory=Counter)
    first: dict[Priority, ComplianceRow] = field(default_factory=dict)
    resolution: dict[Priority, ComplianceRow] = field(default_factory=dict)
    breached: int = 0
    escalations: Counter[tuple[int, str]] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    on_time: RateCounts = field(default_factory=lambda: RateCounts.from_flags([]))
    resolved: RateCounts = field(default_factory=lambda: RateCounts.from_flags([]))
    fcr: RateCounts = field(default_factory=lambda: RateCounts.from_flags([]))
    categories: LabelCounts = field(default_factory=lambda: LabelCounts.from_labels([]))
    problems: LabelCounts = field(default_factory=lambda: LabelCounts.from_labels([]))
    any_category: bool = False
    any_resolved: bool = False

    def __add__(self, other: _Tickets) -> _Tickets:
        return _Tickets(
            self.total + other.total, self.left_out + other.left_out,
            self.complaints + other.complaints, self.channels + other.channels,
            self.priorities + other.priorities, self.statuses + other.statuses,
            _add_rows(self.first, other.first), _add_rows(self.resolution, other.resolution),
            self.breached + other.breached, self.escalations + other.escalations,
            self.reasons + other.reasons, self.on_time + other.on_time,
            self.resolved + other.resolved, self.fcr + other.fcr,
            self.categories + other.categories, self.problems + other.problems,
            self.any_category or other.any_category, self.any_resolved or other.any_resolved,
        )  # fmt: skip


def _add_rows(
    left: dict[Priority, ComplianceRow], right: dict[Priority, ComplianceRow]
) -> dict[Priority, ComplianceRow]:
    out = dict(left)
    for key, row in right.items():
        out[key] = out[key] + row if key in out else row
    return {p: out[p] for p in Priority if p in out}


def _ticket_chunk(frame: Any, job: _Job) -> _Tickets:
    from csmetrics._io.read import read_tickets  # noqa: PLC0415 - heavy, used here only

    if "id" not in frame.columns:
        frame = frame.assign(id=np.arange(1, len(frame) + 1))
    every = list(read_tickets(frame, mapping=job.mapping).records())
    since, now = job.since, job.now
    tickets = [t for t in every if t.created_at <= now and (since is None or t.created_at >= since)]
    part = _Tickets(total=len(tickets), left_out=len(every) - len(tickets))
    part.complaints = sum(1 for t in tickets if t.complaint)
    part.channels = Counter(t.channel for t in tickets)
    part.priorities = Counter(t.priority for t in tickets)
    part.statuses = Counter(t.status_at(now) for t in tickets)
    if job.policy is not None and tickets:
        calendar = job.schedule
        if calendar is None:
            calendar = Schedule.always(timezone=now.tzinfo or dt.UTC)
        results = [evaluate(t, job.policy, calendar, now=now) for t in tickets]
        for name in ("first_response", "resolution"):
            rows = {}
            for priority in Priority:
                found = [getattr(r, name) for r in results if r.priority is priority]
                found = [s for s in found if s is not None]
                if found:
                    rows[priority] = count_flags(status_flags(found), into=ComplianceRow())
            setattr(part, "first" if name == "first_response" else "resolution", rows)
        part.breached = sum(1 for r in results if r.breached)
        for result in results:
            reached = [m.escalation for m in result.metrics().values() if m.escalation is not None]
            if reached:
                top = max(reached, key=lambda e: e.level)
                part.escalations[top.level, top.action] += 1
        part.reasons = Counter(t.overdue_reason for t in tickets if t.overdue_reason)
        part.on_time = RateCounts.from_flags(status_flags([r.first_response for r in results]))
    histories = [read_history(t, now=now) for t in tickets]
    part.resolved = RateCounts.from_flags([h.is_resolved for h in histories])
    part.fcr = RateCounts.from_flags(
        [h.replies_before_resolution <= 1 and h.reopens == 0 if h.was_resolved else None
         for h in histories]
    )  # fmt: skip
    part.any_resolved = any(h.was_resolved for h in histories)
    part.any_category = any(t.category for t in tickets)
    part.categories = LabelCounts.from_labels([t.category for t in tickets])
    part.problems = LabelCounts.from_labels(
        [f"{t.category}/{t.subcategory}" if t.subcategory else t.category for t in tickets]
    )
    return part


@dataclass
class _Surveys:
    """The mergeable counts of the survey sections."""

    responses: int = 0
    left_out: int = 0
    overall: CsatCounts = field(default_factory=lambda: CsatCounts.from_scores([]))
    nps: NpsCounts = field(default_factory=lambda: NpsCounts.from_scores([]))
    dimensions: dict[str, CsatCounts] = field(default_factory=dict)
    answered: dict[str, bool] = field(default_factory=dict)
    follow_up: int = 0
    moods: Counter[str] = field(default_factory=Counter)
    warm: int = 0
    comments: dict[str, Counter[str]] = field(default_factory=dict)

    def __add__(self, other: _Surveys) -> _Surveys:
        return _Surveys(
            self.responses + other.responses, self.left_out + other.left_out,
            self.overall + other.overall, self.nps + other.nps,
            {d: self.dimensions[d] + other.dimensions[d] for d in DIMENSIONS},
            {d: self.answered[d] or other.answered[d] for d in DIMENSIONS},
            self.follow_up + other.follow_up, self.moods + other.moods, self.warm + other.warm,
            {k: self.comments.get(k, Counter()) + other.comments.get(k, Counter())
             for k in _LABELS},
        )  # fmt: skip


def _survey_chunk(frame: Any, job: _Job) -> _Surveys:
    from csmetrics._io.read import read_surveys  # noqa: PLC0415 - heavy, used here only

    every = list(read_surveys(frame, mapping=job.mapping).records())
    kept = [s for s in every if s.answered_at is None or s.answered_at <= job.now]
    part = _Surveys(responses=len(kept), left_out=len(every) - len(kept))
    part.overall = CsatCounts.from_scores([s.overall for s in kept])
    part.nps = NpsCounts.from_scores([s.nps for s in kept])
    part.dimensions = {d: CsatCounts.from_scores([getattr(s, d) for s in kept]) for d in DIMENSIONS}
    part.answered = {d: any(s.dimension_scores[d] is not None for s in kept) for d in DIMENSIONS}
    part.follow_up = sum(1 for s in kept if s.needs_follow_up)
    comments = [s.comment for s in kept if s.comment.strip()]
    batch = sentiment_many(comments)
    labels = batch.labels.tolist()
    part.moods = Counter(labels)
    part.warm = int(np.count_nonzero(batch.warmth))
    part.comments = {
        k: Counter(c for c, lab in zip(comments, labels, strict=True) if lab == k) for k in _LABELS
    }
    return part


def report_frame(
    tickets_ddf: Any,
    surveys_ddf: Any = None,
    *,
    now: dt.datetime,
    since: dt.datetime | None = None,
    policy: SlaPolicy | None = None,
    schedule: Schedule | None = None,
    mapping: object = None,
) -> WeeklyReport:
    """The :class:`~csmetrics.report.WeeklyReport` of Dask frames, as ``build_report`` makes it.

    Each partition is read as :func:`csmetrics.io.read_tickets` and
    :func:`~csmetrics.io.read_surveys` read a frame (``mapping`` applies; a
    tickets frame without ``id`` is numbered), its records counted section
    by section, the counts merged and every statistic computed once: the
    report equals ``build_report`` of the same records (checked by the
    tests). The records are built and evaluated one by one in each
    partition, as ``build_report`` does: the work is spread, not made
    columnar.
    """
    require_frame(tickets_ddf, "tickets_ddf")
    if surveys_ddf is not None:
        require_frame(surveys_ddf, "surveys_ddf")
    moment = require_aware(now, param="now")
    start = None if since is None else require_aware(since, param="since")
    if start is not None and start > moment:
        msg = "since: expected an instant at or before now"
        raise InvalidInputError(msg)
    if policy is not None and not isinstance(policy, SlaPolicy):
        msg = f"policy: expected an SlaPolicy or None, got {type(policy).__name__}"
        raise InputTypeError(msg)
    if schedule is not None and not isinstance(schedule, Schedule):
        msg = f"schedule: expected a Schedule or None, got {type(schedule).__name__}"
        raise InputTypeError(msg)
    job = shared(_Job(moment, start, policy, schedule, mapping))
    counts: _Tickets = reduce_partitions(tickets_ddf, _ticket_chunk, _add, job)
    answers = _Surveys(dimensions={d: CsatCounts.from_scores([]) for d in DIMENSIONS},
                       answered=dict.fromkeys(DIMENSIONS, False))  # fmt: skip
    if surveys_ddf is not None:
        answers = reduce_partitions(surveys_ddf, _survey_chunk, _add, job)
    return _assemble(counts, answers, moment, start, policy)


def _add(left: Any, right: Any) -> Any:
    return left + right


def _assemble(
    t: _Tickets, s: _Surveys, now: dt.datetime, since: dt.datetime | None, policy: object
) -> WeeklyReport:
    volume = VolumeSection(
        total=t.total, complaints=t.complaints,
        by_channel=tuple((c, t.channels[c]) for c in Channel),
        by_priority=tuple((p, t.priorities[p]) for p in Priority),
        by_status=tuple((st, t.statuses[st]) for st in Status),
    )  # fmt: skip
    sla = None
    if policy is not None and t.total:
        decided = sum(row.met + row.breached for row in t.first.values())
        sla = SlaSection(
            evaluated=t.total, first_response=t.first, resolution=t.resolution,
            breached_tickets=t.breached,
            escalations=tuple((lv, act, n) for (lv, act), n in sorted(t.escalations.items())),
            overdue_reasons=tuple(t.reasons.most_common()),
            on_time=t.on_time.result() if decided else None,
        )  # fmt: skip
    satisfaction = None
    if s.overall.n and s.nps.n:
        every = all(s.answered.values())
        satisfaction = SatisfactionSection(
            responses=s.responses, csat=s.overall.result(),
            by_dimension={d: s.dimensions[d].result() for d in DIMENSIONS} if every else {},
            nps=s.nps.result(), follow_up=s.follow_up,
        )  # fmt: skip
    moods = None
    comments = sum(s.moods.values())
    if comments:
        examples = []
        for label in _LABELS:
            mine = s.comments.get(label, Counter())
            if mine:
                text = mine.most_common(1)[0][0]
                examples.append((label, text, tuple(e.text for e in sentiment(text).evidence)))
        moods = SentimentSection(
            comments=comments, counts={k: s.moods[k] for k in _LABELS},
            warmth=s.warm / comments, examples=tuple(examples),
        )  # fmt: skip
    categories = None
    if t.any_category:
        categories = CategorySection(t.categories.result(), t.problems.result())
    return WeeklyReport(
        since=since, now=now, volume=volume, sla=sla, satisfaction=satisfaction,
        sentiment=moods, categories=categories,
        quality=_quality(t, satisfaction, sla, None if moods is None else moods.warmth),
        left_out=t.left_out + s.left_out,
    )  # fmt: skip


def _quality(
    t: _Tickets, satisfaction: SatisfactionSection | None, sla: SlaSection | None,
    warmth: float | None,
) -> Any:  # fmt: skip
    indicators: dict[str, object] = {}
    if satisfaction is not None:
        indicators |= {"csat": satisfaction.csat, "nps": satisfaction.nps}
    if sla is not None and sla.on_time is not None:
        indicators["on_time"] = sla.on_time
    if t.total:
        indicators["resolution_rate"] = t.resolved.result()
    if t.any_resolved:
        indicators["fcr"] = t.fcr.result()
    if warmth is not None:
        indicators["warmth"] = warmth
    weights = {name: QUALITY_WEIGHTS.get(name, 0.0) for name in indicators}
    if not any(weights.values()):
        return None
    targets = {name: QUALITY_TARGETS[name] for name in indicators if name in QUALITY_TARGETS}
    return quality_score(indicators, weights=weights, targets=targets)
