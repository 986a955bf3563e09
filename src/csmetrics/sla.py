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

from csmetrics._sla.api import (
    METRICS,
    ChannelRule,
    ComplianceRow,
    Escalation,
    EscalationLevel,
    MetricStatus,
    MetricTargets,
    SlaPolicy,
    SlaTarget,
    TicketEvents,
    TicketSla,
    compliance,
    evaluate,
    evaluate_many,
    preset_names,
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
