"""The service report: every section of a period's tickets and surveys, computed on columns.

:func:`build_report` measures tickets and survey answers (tables from
``csmetrics.io`` or lists of models) over a period as of a given ``now`` and
returns a :class:`WeeklyReport`; :func:`render_report` turns it into
Markdown, JSON or HTML. A section is ``None`` when there is nothing to
measure: no SLA policy, no survey answers, no categories.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._report.changes import Change, changes
from csmetrics._report.columns import (
    NAT,
    InputCounts,
    SurveyColumns,
    TicketData,
    survey_columns,
    ticket_columns,
)
from csmetrics._report.outcomes import read_outcomes
from csmetrics._report.people import (
    AgentRow,
    FollowUp,
    SatisfactionSection,
    agent_rows,
    follow_ups,
    satisfaction_section,
)
from csmetrics._report.periods import Period, resolve_period
from csmetrics._report.sections import (
    QUALITY_TARGETS,
    QUALITY_WEIGHTS,
    CategorySection,
    OutcomeSection,
    VolumeSection,
    category_section,
    outcome_section,
    quality_section,
    trend_counts,
    volume_section,
)
from csmetrics._report.sentiment import WARMTH_GOAL, SentimentSection, sentiment_section
from csmetrics._report.sla_section import SlaSection, sla_section
from csmetrics._report.trend import trend_edges
from csmetrics._report.window import inside, survey_times, totals
from csmetrics._schedule.schedule import Schedule
from csmetrics._scoring.metrics import QualityScore
from csmetrics._sla.api import SlaPolicy
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from csmetrics._io.survey_table import SurveyTable
    from csmetrics._io.ticket_table import TicketTable
    from csmetrics._models.records import SurveyResponse, Ticket

__all__ = [
    "FOLLOW_UP_LIMIT",
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

FOLLOW_UP_LIMIT = 50
"""Most entries of each follow-up list (answers, overdue tickets); the total is always given."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NO_INPUT = InputCounts()
_MICRO = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the report shows for one period, as of ``now``.

    Attributes
    ----------
    since, until : datetime or None
        The period ``[since, until)`` in the reporting time zone (``since``
        None: from the first ticket; ``until`` None: up to ``now`` included).
    now : datetime
        Events after it are ignored.
    timezone : str
        The reporting time zone (IANA name).
    period : {"day", "week", "month"} or None
    input : InputCounts
        Rows read (kept + rejected), rejected, priorities and categories
        filled in by the library, over the whole input.
    volume : VolumeSection
    sla : SlaSection or None
        With a policy only.
    outcomes : OutcomeSection or None
        Resolution rate, first-contact resolution (with unknowns), reopens.
    satisfaction : SatisfactionSection or None
    sentiment : SentimentSection or None
        Of the comments only.
    categories : CategorySection or None
    agents : tuple of AgentRow
    follow_up : tuple of FollowUp
        Answers with a score <= 3 or an NPS <= 6 (at most ``FOLLOW_UP_LIMIT``;
        ``follow_up_total`` of them in all). Overdue tickets are in ``sla.overdue``.
    quality : QualityScore or None
    changes : tuple of Change
        Against the previous period of the same length (empty without a bounded period).
    surveys : int
        Survey answers in the period.
    left_out : int
        Tickets and answers outside the period (not counted anywhere).

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
    until: dt.datetime | None = None
    timezone: str = "UTC"
    zone: dt.tzinfo = dt.UTC
    """The reporting time zone itself (``timezone`` is its name)."""
    period: Literal["day", "week", "month"] | None = None
    input: InputCounts = _NO_INPUT
    outcomes: OutcomeSection | None = None
    agents: tuple[AgentRow, ...] = ()
    follow_up: tuple[FollowUp, ...] = ()
    follow_up_total: int = 0
    changes: tuple[Change, ...] = ()
    surveys: int = 0
    surveys_without_time: int = 0
    """Answers without ``answered_at`` placed by their ticket's creation (or left out)."""

    def _repr_markdown_(self) -> str:
        return render_report(self, "md")

    def _repr_html_(self) -> str:
        return render_report(self, "html")


def _check_sla(schedule: object, policy: object) -> None:
    if schedule is not None and not isinstance(schedule, Schedule):
        msg = f"schedule: expected a Schedule or None, got {type(schedule).__name__}"
        raise InputTypeError(msg)
    if policy is not None and not isinstance(policy, SlaPolicy):
        msg = f"policy: expected an SlaPolicy or None, got {type(policy).__name__}"
        raise InputTypeError(msg)


def _us(moment: dt.datetime | None, default: int) -> int:
    return default if moment is None else (moment - _EPOCH) // _MICRO


def build_report(
    tickets: TicketTable | Iterable[Ticket],
    surveys: SurveyTable | Iterable[SurveyResponse] = (),
    *,
    now: dt.datetime,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    period: Literal["day", "week", "month"] | None = None,
    timezone: str | None = None,
    policy: SlaPolicy | None = None,
    schedule: Schedule | None = None,
) -> WeeklyReport:
    """Measure ``tickets`` and ``surveys`` over a period as of ``now``.

    Parameters
    ----------
    tickets : TicketTable or iterable of Ticket
        A table from :func:`csmetrics.io.read_tickets` (read column by
        column) or models. A ticket belongs to the period in which it was
        created; only its events at or before ``now`` count.
    surveys : SurveyTable or iterable of SurveyResponse
        An answer belongs to the period in which it was answered (without
        ``answered_at``: the period of its ticket, matched by ``ticket_id``;
        with no period bounds, every answer counts). Answers after ``now``
        are left out.
    now : datetime.datetime
        Timezone-aware instant of the report. Never read from the clock.
    since, until : datetime.datetime, optional
        Timezone-aware bounds of the period ``[since, until)``.
    period : {"day", "week", "month"}, optional
        Without ``since`` / ``until``: the last whole day, ISO week (Monday
        00:00) or calendar month in ``timezone`` ending at or before ``now``.
        With ``since`` only: one period from ``since``; with ``until`` only:
        one period up to ``until``. Neither period nor bounds: everything up
        to ``now``.
    timezone : str, optional
        The reporting time zone (IANA name); default the schedule's zone,
        else UTC.
    policy : SlaPolicy, optional
        SLA targets; without one the SLA section (and on-time share) is left out.
    schedule : Schedule, optional
        Working calendar of the SLA clocks; default 24x7 in the reporting zone.

    Returns
    -------
    WeeklyReport
        With a bounded period, ``changes`` compares it with the previous
        period of the same length (the same ``now``).

    Raises
    ------
    InputTypeError
        If an argument has the wrong type.
    NaiveDatetimeError
        If ``now``, ``since`` or ``until`` has no time zone.
    InvalidInputError
        If ``since`` is after ``now`` or not before ``until``, an unknown
        ``period`` or time zone.
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

    The last whole ISO week before ``now`` in Shanghai, compared with the week before:

    >>> weekly = build_report(tickets, now=now, period="week", timezone="Asia/Shanghai")
    >>> weekly.since.isoformat(), [c.metric for c in weekly.changes][:1]
    ('2025-03-03T00:00:00+08:00', ['volume'])
    """
    _check_sla(schedule, policy)
    window = resolve_period(
        now=now,
        since=since,
        until=until,
        period=period,
        timezone=timezone,
        fallback=None if schedule is None else schedule.timezone,
    )
    data, counts = ticket_columns(tickets)
    answers, surveys_read, surveys_rejected = survey_columns(surveys)
    counts = InputCounts(
        counts.tickets_read,
        counts.tickets_rejected,
        surveys_read,
        surveys_rejected,
        counts.priority_assigned,
        counts.category_assigned,
    )
    moment = _us(window.now, 0)
    lo, hi = _us(window.since, np.iinfo(np.int64).min + 1), _us(window.until, moment + 1)
    hi = min(hi, moment + 1)
    bounded = window.since is not None or window.until is not None
    answered = survey_times(answers, data, bounded=bounded)
    kept = data.take(inside(data.created, lo, hi))
    in_period = inside(answered, lo, hi) | ((answered == NAT) & (not bounded))
    mine = answers.take(in_period)
    calendar = schedule if schedule is not None else Schedule.always(timezone=window.zone)
    report = _assemble(kept, mine, window, policy, calendar, lo, hi)
    previous: tuple[Change, ...] = ()
    if window.previous is not None:
        p_lo, p_hi = (_us(edge, 0) for edge in window.previous)
        before = totals(
            data.take(inside(data.created, p_lo, min(p_hi, moment + 1))),
            answers.take(inside(answered, p_lo, min(p_hi, moment + 1))),
            policy,
            calendar,
            window.now,
        )
        after = totals(kept, mine, policy, calendar, window.now)
        previous = changes(before, after, sla=policy is not None)
    shown = len(kept) + len(mine)
    return replace(
        report,
        input=counts,
        changes=previous,
        left_out=len(data) + len(answers) - shown,
        surveys_without_time=int(np.count_nonzero(answers.answered == NAT)),
    )


def _assemble(  # noqa: PLR0917 - private: one call site
    data: TicketData,
    answers: SurveyColumns,
    window: Period,
    policy: SlaPolicy | None,
    calendar: Schedule,
    lo: int,
    hi: int,
) -> WeeklyReport:
    outcomes = read_outcomes(data.events, _us(window.now, 0))
    sla = None if policy is None else sla_section(data, policy, calendar, window.now)
    satisfaction = satisfaction_section(answers)
    moods = sentiment_section(answers.comment)
    results = outcome_section(outcomes)
    edges, end = trend_edges(window, data.created, lo, hi)
    listed, total = follow_ups(answers, FOLLOW_UP_LIMIT)
    return WeeklyReport(
        since=window.since,
        until=window.until,
        now=window.now,
        timezone=window.timezone,
        zone=window.zone,
        period=window.name,
        volume=volume_section(data, outcomes, trend_counts(data.created, edges, end)),
        sla=sla,
        outcomes=results,
        satisfaction=satisfaction,
        sentiment=moods,
        categories=category_section(data),
        agents=agent_rows(data, outcomes, answers),
        follow_up=listed,
        follow_up_total=total,
        quality=quality_section(
            results,
            None if satisfaction is None else satisfaction.csat,
            None if satisfaction is None else satisfaction.nps,
            None if sla is None else sla.on_time,
            None if moods is None else moods.warmth,
        ),
        surveys=len(answers),
    )


def render_report(
    report: WeeklyReport,
    format: Literal["md", "json", "html"] = "md",  # noqa: A002 - the documented keyword
    *,
    language: Literal["en", "zh"] = "en",
    figures: Mapping[str, str] | None = None,
) -> str:
    """The report as Markdown (80 columns), stable JSON or one self-contained HTML page.

    Parameters
    ----------
    report : WeeklyReport
    format : {"md", "json", "html"}
        ``json`` follows the schema shipped as ``csmetrics/data/report.schema.json``
        (``schema_version`` 1); it holds no clock time, so reruns are byte-identical.
    language : {"en", "zh"}
        Labels in English or Chinese (JSON keys stay English).
    figures : mapping of str to str, optional
        HTML only: inline SVG figures by title, shown in the "Figures" section
        (trusted markup, e.g. from ``csmetrics.plot``; the titles are escaped).

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> now = DEFAULT_START + dt.timedelta(days=7)
    >>> report = build_report(sample_tickets(50, seed=2), now=now, timezone="Asia/Shanghai")
    >>> text = render_report(report)
    >>> print(text.splitlines()[0])
    # Service report: up to 2025-03-10 00:00 (UTC+08:00)
    >>> "(SLA)" in text
    False
    >>> import json
    >>> json.loads(render_report(report, "json"))["volume"]["by_priority"]
    {'P1': 13, 'P2': 24, 'P3': 13}
    """
    from csmetrics._report.output import render  # noqa: PLC0415 - the renderers import this module

    return render(report, format, language=language, figures=figures)


publish("csmetrics.report", WeeklyReport)
