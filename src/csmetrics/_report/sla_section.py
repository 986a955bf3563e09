"""The SLA section: compliance per priority, time statistics, breaches, escalations, overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._models.enums import Channel, Priority
from csmetrics._report.sections import codes_of
from csmetrics._schedule.schedule import Schedule
from csmetrics._scoring.metrics import RateResult
from csmetrics._scoring.rate_counts import RateCounts
from csmetrics._sla.api import ComplianceRow, SlaPolicy
from csmetrics._sla.vectorized import evaluate_many
from csmetrics.exceptions import MissingTargetError

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._report.columns import TicketData

__all__ = ["METRICS", "Overdue", "SlaSection", "TimeStats", "evaluate", "sla_section"]

METRICS = ("first_response", "resolution")


@dataclass(frozen=True, slots=True)
class TimeStats:
    """Business time taken (minutes) by the targets that stopped: median, 90th percentile."""

    n: int
    median: float
    p90: float


@dataclass(frozen=True, slots=True)
class Overdue:
    """A ticket past an SLA deadline and still running (the customer shown masked)."""

    ticket_id: str
    priority: Priority | None
    metric: str
    overdue_minutes: float
    customer: str | None
    agent: str | None


@dataclass(frozen=True)
class SlaSection:
    """SLA compliance per priority, breaches, escalations and overdue reasons.

    ``first_response`` / ``resolution`` map each priority with a target to
    its :class:`~csmetrics.sla.ComplianceRow` (met, breached, pending);
    ``times`` gives, per metric and priority, the business time taken by
    the targets that stopped.
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
    times: Mapping[str, Mapping[Priority, TimeStats]] = None  # type: ignore[assignment]
    overdue: tuple[Overdue, ...] = ()
    """Tickets overdue now, most overdue first."""
    overdue_total: int = 0
    reprioritised: int = 0
    """Tickets whose priority changed (their SLA rows use the priority after the change)."""


def _rows(
    out: Mapping[str, Any], metric: str, levels: npt.NDArray[np.int8]
) -> dict[Priority, ComplianceRow]:
    has = out[f"{metric}_has_target"]
    breached = out[f"{metric}_breached"] & has
    met = out[f"{metric}_stopped"] & ~out[f"{metric}_breached"] & has
    rows: dict[Priority, ComplianceRow] = {}
    for priority in Priority:
        mine = levels == priority.level
        if bool((mine & has).any()):
            rows[priority] = ComplianceRow(
                met=int(np.count_nonzero(met & mine)),
                breached=int(np.count_nonzero(breached & mine)),
                pending=int(np.count_nonzero(has & mine & ~breached & ~met)),
            )
    return rows


def _times(
    out: Mapping[str, Any], metric: str, levels: npt.NDArray[np.int8]
) -> dict[Priority, TimeStats]:
    done = out[f"{metric}_stopped"] & out[f"{metric}_has_target"]
    minutes = out[f"{metric}_elapsed"].astype("timedelta64[us]").astype(np.int64) / 60e6
    stats: dict[Priority, TimeStats] = {}
    for priority in Priority:
        values = minutes[done & (levels == priority.level)]
        if values.size:
            median, p90 = np.percentile(values, [50, 90]).tolist()
            stats[priority] = TimeStats(int(values.size), float(median), float(p90))
    return stats


def _escalations(
    out: Mapping[str, Any], levels: npt.NDArray[np.int8], policy: SlaPolicy
) -> tuple[tuple[int, str, int], ...]:
    first = out["first_response_escalation_level"].astype(np.int64)
    second = out["resolution_escalation_level"].astype(np.int64)
    top = np.maximum(first, second)
    metric = np.where(second > first, 1, 0)
    reached = np.flatnonzero(top > 0)
    if reached.size == 0:
        return ()
    keys = (levels[reached].astype(np.int64) * 2 + metric[reached]) * 1000 + top[reached]
    found, counts = np.unique(keys, return_counts=True)
    rungs: Counter[tuple[int, str]] = Counter()
    for key, count in zip(found.tolist(), counts.tolist(), strict=True):
        level, rest = divmod(key, 1000)
        priority_level, which = divmod(level, 2)
        priority = Priority.from_level(priority_level) if priority_level else None
        ladder = policy.ladder(priority, METRICS[which])  # type: ignore[arg-type]
        action = next((r.action for r in ladder if r.level == rest), f"level {rest}")
        rungs[rest, action] += count
    return tuple((level, action, n) for (level, action), n in sorted(rungs.items()))


def _overdue(
    data: TicketData, out: Mapping[str, Any], levels: npt.NDArray[np.int8], limit: int
) -> tuple[tuple[Overdue, ...], int]:
    late = np.zeros(len(data), np.int64)
    which = np.zeros(len(data), np.int64)
    for index, metric in enumerate(METRICS):
        running = (
            out[f"{metric}_breached"] & ~out[f"{metric}_stopped"] & out[f"{metric}_has_target"]
        )
        minutes = np.where(running, out[f"{metric}_overdue"].astype(np.int64), 0)
        which = np.where(minutes > late, index, which)
        late = np.maximum(late, minutes)
    rows = np.flatnonzero(late > 0)
    order = rows[np.lexsort((data.id[rows].astype(str), -late[rows]))][:limit]
    listed = tuple(
        Overdue(
            ticket_id=str(data.id[i]),
            priority=Priority.from_level(int(levels[i])) if levels[i] else None,
            metric=METRICS[int(which[i])],
            overdue_minutes=round(int(late[i]) / 60e6, 1),
            customer=data.customer[i],
            agent=data.agent[i],
        )
        for i in order.tolist()
    )
    return listed, int(rows.size)


def channel_codes(names: npt.NDArray[np.object_]) -> npt.NDArray[np.int8] | None:
    """``Channel`` codes of channel names (-1: none); None when a name is no ``Channel``.

    Codes spare the SLA engine reading a name per row; a name it does not
    know as a code is left to the engine (the table form), which decides
    what channel rules it matches.
    """
    codes, labels = codes_of(names, "")
    known = {c.value: c.code for c in Channel} | {"": -1}
    if any(label not in known for label in labels):
        return None
    lookup = np.array([known[label] for label in labels] or [-1], dtype=np.int8)
    return lookup[codes] if codes.size else np.zeros(0, np.int8)


def evaluate(
    data: TicketData,
    policy: SlaPolicy,
    schedule: Schedule,
    now: dt.datetime,
    metrics: tuple[str, ...],
) -> dict[str, Any]:
    """``evaluate_many`` on the columns; a missing target names the ticket, as ``evaluate`` does."""
    channel = channel_codes(data.channel)
    try:
        if channel is None:
            return evaluate_many(data, policy=policy, schedule=schedule, now=now, metrics=metrics)  # type: ignore[arg-type]
        return evaluate_many(
            data.created.view("datetime64[us]"),
            priority=data.priority,
            channel=channel,
            complaint=data.complaint,
            events=data.events,
            policy=policy,
            schedule=schedule,
            now=now,
            metrics=metrics,  # type: ignore[arg-type]
        )
    except MissingTargetError:
        for row, level in enumerate(data.priority.tolist()):
            own = Priority.from_level(level) if level else None
            policy.priority_for(own, ticket_id=str(data.id[row]))
        raise


def sla_section(
    data: TicketData, policy: SlaPolicy, schedule: Schedule, now: dt.datetime, *, limit: int = 50
) -> SlaSection | None:
    """Evaluate every ticket as of ``now`` on columns and summarise (None without tickets)."""
    if len(data) == 0:
        return None
    out = evaluate(data, policy, schedule, now, METRICS)
    levels = np.asarray(out["priority"], dtype=np.int8)
    first = _rows(out, "first_response", levels)
    met = sum(row.met for row in first.values())
    decided = met + sum(row.breached for row in first.values())
    breached = np.zeros(len(data), dtype=bool)
    for metric in METRICS:
        breached |= out[f"{metric}_breached"] & out[f"{metric}_has_target"]
    reasons = Counter(r for r in data.overdue_reason.tolist() if r)
    overdue, total = _overdue(data, out, levels, limit)
    return SlaSection(
        evaluated=len(data),
        first_response=first,
        resolution=_rows(out, "resolution", levels),
        breached_tickets=int(np.count_nonzero(breached)),
        escalations=_escalations(out, levels, policy),
        overdue_reasons=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        on_time=RateCounts.from_counts(met, decided).result() if decided else None,
        times={metric: _times(out, metric, levels) for metric in METRICS},
        overdue=overdue,
        overdue_total=total,
        reprioritised=int(np.count_nonzero((levels != data.priority) & (data.priority != 0))),
    )


publish("csmetrics.report", SlaSection, TimeStats, Overdue)
