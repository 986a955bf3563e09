"""Service-level agreements: policies, per-ticket evaluation, vectorized status, compliance.

This is the public face of the SLA modules:

- :class:`SlaPolicy` (targets per priority and channel, escalation ladders,
  presets, loaders) and its parts :class:`SlaTarget`,
  :class:`MetricTargets`, :class:`ChannelRule`, :class:`EscalationLevel`;
- :func:`evaluate` one ticket -> :class:`TicketSla` with one
  :class:`MetricStatus` per metric;
- :func:`evaluate_many` over numpy columns, and the bridges
  :func:`tickets_to_columns`, :func:`results_to_columns`, :func:`to_dataframe`;
- :func:`compliance`: share of targets met per priority, channel or metric.

The semantics (pauses, reopen, next reply, follow-ups, working days, the
stricter-target rule, retroactive priority changes) are on the SLA docs page.
"""

from __future__ import annotations

import datetime as dt

from csmetrics._models.records import Ticket
from csmetrics._models.ticket_events import TicketEvents
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.compliance import ComplianceRow, compliance
from csmetrics._sla.evaluate import evaluate_ticket
from csmetrics._sla.policy import (
    METRICS,
    ChannelRule,
    EscalationLevel,
    MetricTargets,
    SlaPolicy,
    SlaTarget,
    preset_names,
)
from csmetrics._sla.results import Escalation, MetricStatus, TicketSla
from csmetrics._sla.vectorized import (
    evaluate_many,
    results_to_columns,
    tickets_to_columns,
    tickets_to_events,
    to_dataframe,
)

__all__ = [
    "METRICS",
    "ChannelRule",
    "ComplianceRow",
    "Escalation",
    "EscalationLevel",
    "MetricStatus",
    "MetricTargets",
    "SlaPolicy",
    "SlaTarget",
    "TicketEvents",
    "TicketSla",
    "compliance",
    "evaluate",
    "evaluate_many",
    "preset_names",
    "results_to_columns",
    "tickets_to_columns",
    "tickets_to_events",
    "to_dataframe",
]


def evaluate(
    ticket: Ticket, policy: SlaPolicy, schedule: Schedule, *, now: dt.datetime
) -> TicketSla:
    """The SLA status of ``ticket`` under ``policy`` on ``schedule`` as of ``now``.

    Parameters
    ----------
    ticket : Ticket
        Never modified. Only its events at or before ``now`` count.
    policy : SlaPolicy
        Targets and escalation ladders (e.g. ``SlaPolicy.preset("tiered")``).
    schedule : Schedule
        The working calendar; business-time targets run on it, and every
        datetime of the result is in its time zone.
    now : datetime
        Timezone-aware, not before ``ticket.created_at``.

    Returns
    -------
    TicketSla
        One :class:`MetricStatus` per metric (``None`` where the policy sets no
        target), ``next_check_at`` and the overdue reasons.

    Raises
    ------
    NaiveDatetimeError
        ``now`` has no time zone.
    InvalidInputError
        ``now`` is before the ticket was created.
    MissingTargetError
        The policy has no targets for the ticket's priority (or the ticket
        has none and the policy no ``default_priority``).
    InputTypeError
        An argument of the wrong type.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> from csmetrics.schedule import Schedule
    >>> office = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai")
    >>> t0 = dt.datetime(2025, 3, 7, 17, 50, tzinfo=office.timezone)  # a Friday
    >>> ticket = Ticket(id="20250307001", created_at=t0, priority="P1", events=[
    ...     {"kind": "agent_reply", "at": dt.datetime(2025, 3, 10, 9, 3, tzinfo=office.timezone)},
    ... ])
    >>> now = dt.datetime(2025, 3, 10, 10, 0, tzinfo=office.timezone)
    >>> sla = evaluate(ticket, SlaPolicy.preset("tiered"), office, now=now)
    >>> sla.first_response.deadline.isoformat(), sla.first_response.breached
    ('2025-03-10T09:05:00+08:00', False)
    >>> sla.resolution.state, sla.resolution.remaining, sla.resolution.deadline.isoformat()
    ('running', datetime.timedelta(seconds=3000), '2025-03-10T10:50:00+08:00')
    """
    return evaluate_ticket(ticket, policy, schedule, now=now)
