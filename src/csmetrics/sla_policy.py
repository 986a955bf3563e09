"""SLA policies: targets per priority and channel, escalation ladders, presets, loaders.

A policy is a frozen pydantic model, so it can be built from keyword
arguments, a dict, JSON or TOML (:meth:`SlaPolicy.load`). Durations are read
by :class:`~csmetrics.sla.SlaTarget` (``"15m"``, ``"2h"``,
``"PT15M"``, ``"3wd"``, ``"24h calendar"``, a number of minutes).
"""

from __future__ import annotations

from csmetrics._sla.policy import (
    METRICS,
    ChannelRule,
    Clock,
    EscalationLevel,
    Metric,
    MetricPlan,
    MetricTargets,
    SlaPolicy,
    SlaTarget,
    preset_names,
)

__all__ = [
    "METRICS",
    "ChannelRule",
    "Clock",
    "EscalationLevel",
    "Metric",
    "MetricPlan",
    "MetricTargets",
    "SlaPolicy",
    "SlaTarget",
    "preset_names",
]
