"""The weekly service report: volume, SLA compliance, satisfaction, Pareto, quality.

:func:`build_report` measures a set of tickets and survey responses as of a
given ``now`` and returns a :class:`WeeklyReport` of small result objects;
:func:`render_report` turns it into plain text (what ``csmetrics demo``
prints). A section is left out (``None``) when there is nothing to measure:
no SLA policy, no survey answers, no categories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_aware, require_records
from csmetrics._models.records import SurveyResponse, Ticket
from csmetrics._report.render import (
    render_categories,
    render_quality,
    render_satisfaction,
    render_sla,
    render_volume,
)
from csmetrics._report.sections import (
    QUALITY_TARGETS,
    QUALITY_WEIGHTS,
    CategorySection,
    SatisfactionSection,
    SlaSection,
    VolumeSection,
    category_section,
    quality_section,
    satisfaction_section,
    sla_section,
    volume_section,
)
from csmetrics._report.sentiment import (
    WARMTH_GOAL,
    SentimentSection,
    render_sentiment,
    sentiment_section,
)
from csmetrics._schedule.schedule import Schedule
from csmetrics._scoring.metrics import QualityScore
from csmetrics._sla.api import SlaPolicy
from csmetrics.exceptions import InputTypeError, InvalidInputError

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


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the weekly report shows, as of ``now``.

    Attributes
    ----------
    since, now : datetime or None, datetime
        The period: tickets created in ``[since, now]`` (``since`` None: all
        up to ``now``), surveys answered by ``now``.
    volume : VolumeSection
        Counts by channel, priority and status.
    sla : SlaSection or None
        Compliance per priority, breaches, escalations (with a policy only).
    satisfaction : SatisfactionSection or None
        CSAT per dimension and NPS with intervals (with survey answers only).
    sentiment : SentimentSection or None
        Sentiment buckets and warmth of the survey comments (with comments only).
    categories : CategorySection or None
        Pareto of categories and problem types (with categorised tickets only).
    quality : QualityScore or None
        Weighted score of CSAT, first-contact resolution, on-time first
        response, resolution rate and NPS, with "to improve" flags (warmth is
        checked against its goal with weight 0).
    left_out : int
        Tickets and surveys outside the period (not counted anywhere).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> report = build_report(sample_tickets(30, seed=4), now=DEFAULT_START + dt.timedelta(days=2))
    >>> report.volume.total + report.left_out, report.sla is None
    (30, True)
    """

    since: dt.datetime | None
    now: dt.datetime
    volume: VolumeSection
    sla: SlaSection | None
    satisfaction: SatisfactionSection | None
    sentiment: SentimentSection | None
    categories: CategorySection | None
    quality: QualityScore | None
    left_out: int = 0


def _check_sla(schedule: object, policy: object) -> None:
    if schedule is not None and not isinstance(schedule, Schedule):
        msg = f"schedule: expected a Schedule or None, got {type(schedule).__name__}"
        raise InputTypeError(msg)
    if policy is not None and not isinstance(policy, SlaPolicy):
        msg = f"policy: expected an SlaPolicy or None, got {type(policy).__name__}"
        raise InputTypeError(msg)


def build_report(
    tickets: Iterable[Ticket],
    surveys: Iterable[SurveyResponse] = (),
    *,
    now: dt.datetime,
    since: dt.datetime | None = None,
    policy: SlaPolicy | None = None,
    schedule: Schedule | None = None,
) -> WeeklyReport:
    """Measure ``tickets`` and ``surveys`` as of ``now``.

    Parameters
    ----------
    tickets : iterable of Ticket
        Only tickets created in ``[since, now]`` count; only their events at
        or before ``now``.
    surveys : iterable of SurveyResponse
        Only responses answered at or before ``now`` (or without
        ``answered_at``) count.
    now : datetime.datetime
        Timezone-aware instant of the report. Never read from the clock.
    since : datetime.datetime, optional
        Timezone-aware beginning of the period.
    policy : SlaPolicy, optional
        SLA targets; without one the SLA section (and on-time share) is left out.
    schedule : Schedule, optional
        Working calendar of the SLA clocks; default 24x7 in the time zone of ``now``.

    Returns
    -------
    WeeklyReport

    Raises
    ------
    InputTypeError
        If an argument has the wrong type.
    NaiveDatetimeError
        If ``now`` or ``since`` has no time zone.
    InvalidInputError
        If ``since`` is after ``now``.
    MissingTargetError
        If ``policy`` has no target for a ticket's priority (or the ticket has
        none and the policy no default priority).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_surveys, sample_tickets
    >>> tickets = sample_tickets(200, seed=1)
    >>> now = DEFAULT_START + dt.timedelta(days=7)
    >>> report = build_report(
    ...     tickets, sample_surveys(tickets, seed=1), now=now, policy=SlaPolicy.preset("tiered")
    ... )
    >>> report.volume.total, report.sla.evaluated
    (200, 200)
    >>> 0 <= report.quality.value <= 100
    True
    """
    moment = require_aware(now, param="now")
    start = None if since is None else require_aware(since, param="since")
    if start is not None and start > moment:
        msg = f"since: expected an instant at or before now ({moment!r}), got {start!r}"
        raise InvalidInputError(msg)
    _check_sla(schedule, policy)
    all_tickets = require_records(tickets, Ticket, param="tickets")
    all_surveys = require_records(surveys, SurveyResponse, param="surveys")
    kept = [t for t in all_tickets if _in_period(t, start, moment)]
    answered = [s for s in all_surveys if _answered(s, moment)]
    left_out = len(all_tickets) - len(kept) + len(all_surveys) - len(answered)
    return _assemble(
        kept,
        answered,
        now=moment,
        since=start,
        policy=policy,
        schedule=schedule,
        left_out=left_out,
    )


def _in_period(ticket: Ticket, since: dt.datetime | None, now: dt.datetime) -> bool:
    return ticket.created_at <= now and (since is None or ticket.created_at >= since)


def _answered(survey: SurveyResponse, now: dt.datetime) -> bool:
    return survey.answered_at is None or survey.answered_at <= now


def _assemble(
    tickets: list[Ticket],
    surveys: list[SurveyResponse],
    *,
    now: dt.datetime,
    since: dt.datetime | None,
    policy: SlaPolicy | None,
    schedule: Schedule | None,
    left_out: int,
) -> WeeklyReport:
    sla = None
    if policy is not None:
        calendar = (
            schedule if schedule is not None else Schedule.always(timezone=now.tzinfo or dt.UTC)
        )
        sla = sla_section(tickets, policy, calendar, now)
    satisfaction = satisfaction_section(surveys)
    moods = sentiment_section(surveys)
    warmth = None if moods is None else moods.warmth
    return WeeklyReport(
        since=since,
        now=now,
        volume=volume_section(tickets, now),
        sla=sla,
        satisfaction=satisfaction,
        sentiment=moods,
        categories=category_section(tickets),
        quality=quality_section(tickets, now, satisfaction, sla, warmth=warmth),
        left_out=left_out,
    )


def render_report(report: WeeklyReport) -> str:
    """The report as plain text, one section after another.

    Parameters
    ----------
    report : WeeklyReport

    Returns
    -------
    str
        Lines separated by ``\\n``; sections that are ``None`` are not shown.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> now = DEFAULT_START + dt.timedelta(days=7)
    >>> text = render_report(build_report(sample_tickets(50, seed=2), now=now))
    >>> print(text.splitlines()[0])
    Weekly report as of 2025-03-10 00:00 (UTC+08:00)
    >>> "SLA compliance" in text
    False
    """
    if not isinstance(report, WeeklyReport):
        msg = f"report: expected a WeeklyReport, got {type(report).__name__}"
        raise InputTypeError(msg)
    period = f"{report.since:%Y-%m-%d %H:%M} to " if report.since is not None else "as of "
    offset = report.now.strftime("%z")
    header = f"Weekly report {period}{report.now:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"
    blocks = [[header, "=" * len(header)], render_volume(report.volume)]
    if report.sla is not None:
        blocks.append(render_sla(report.sla))
    if report.satisfaction is not None:
        blocks.append(render_satisfaction(report.satisfaction))
    if report.sentiment is not None:
        blocks.append(render_sentiment(report.sentiment))
    if report.categories is not None:
        blocks.append(render_categories(report.categories))
    if report.quality is not None:
        blocks.append(render_quality(report.quality))
    return "\n\n".join("\n".join(block) for block in blocks)


publish("csmetrics.report", WeeklyReport)
