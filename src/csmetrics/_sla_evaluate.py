"""Evaluate one ticket against an SLA policy on a schedule, as of ``now``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csmetrics._sla_clock import (
    BusinessClock,
    CalendarClock,
    MetricClock,
    Span,
    measure,
    working_day_bounds,
)
from csmetrics._sla_results import Escalation, MetricState, MetricStatus, TicketSla
from csmetrics._sla_timeline import Timeline, read_timeline
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla_policy import METRICS, EscalationLevel, Metric, SlaPolicy, SlaTarget

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["check_now", "evaluate_ticket"]

_ZERO = dt.timedelta(0)


@dataclass(frozen=True, slots=True)
class _Context:
    schedule: Schedule
    zone: dt.tzinfo
    line: Timeline
    now: dt.datetime
    ladder: dict[Metric, tuple[EscalationLevel, ...]]

    def clock(self, target: SlaTarget) -> MetricClock:
        if target.clock == "calendar":
            return CalendarClock(self.zone)
        return BusinessClock(self.schedule)


def check_now(now: object, created_at: dt.datetime | None = None) -> dt.datetime:
    """Validate ``now``: an aware datetime, not before ``created_at``."""
    if not isinstance(now, dt.datetime):
        msg = f"now: expected a timezone-aware datetime, got {type(now).__name__} {now!r}"
        raise InputTypeError(msg)
    if now.tzinfo is None or now.utcoffset() is None:
        msg = f"now: expected a timezone-aware datetime, got naive {now.isoformat()!r}"
        raise NaiveDatetimeError(msg)
    if created_at is not None and now < created_at:
        msg = (
            f"now: expected an instant at or after the ticket's created_at "
            f"{created_at.isoformat()!r}, got {now.isoformat()!r}"
        )
        raise InvalidInputError(msg)
    return now


def _check_types(ticket: object, policy: object, schedule: object) -> None:
    for name, value, kind in (
        ("ticket", ticket, Ticket),
        ("policy", policy, SlaPolicy),
        ("schedule", schedule, Schedule),
    ):
        if not isinstance(value, kind):
            msg = f"{name}: expected a {kind.__name__}, got {type(value).__name__}"
            raise InputTypeError(msg)


def evaluate_ticket(
    ticket: Ticket, policy: SlaPolicy, schedule: Schedule, *, now: dt.datetime
) -> TicketSla:
    """Implementation of :func:`csmetrics.sla.evaluate` (see there)."""
    _check_types(ticket, policy, schedule)
    check_now(now, ticket.created_at)
    line = read_timeline(ticket, now)
    priority = policy.priority_for(line.priority, ticket_id=ticket.id)
    ladder = {metric: policy.ladder(priority, metric) for metric in METRICS}
    ctx = _Context(schedule, schedule.timezone, line, now, ladder)
    found: dict[Metric, MetricStatus | None] = {}
    checks: list[dt.datetime] = []
    for metric in METRICS:
        rules = policy.candidates(metric, priority, ticket.channel, complaint=ticket.complaint)
        per_cycle = metric == "next_reply" or (
            metric == "resolution" and policy.reopen == "per_cycle"
        )
        found[metric] = _metric(ctx, metric, rules, per_cycle=per_cycle)
        checks.extend(_next_checks(ctx, found[metric], rules))
    reasons = [ticket.overdue_reason] if ticket.overdue_reason else []
    return TicketSla(
        ticket_id=ticket.id,
        as_of=now.astimezone(ctx.zone),
        priority=priority if priority is not None else line.priority,
        channel=ticket.channel,
        next_check_at=min(checks, default=None),
        overdue_reasons=tuple(dict.fromkeys([*reasons, *line.notes])),
        **found,
    )


def _metric(
    ctx: _Context, metric: Metric, rules: Sequence[tuple[str, SlaTarget]], *, per_cycle: bool
) -> MetricStatus | None:
    if not rules:
        return None
    spans: list[Span] = getattr(ctx.line, metric)
    if not spans:
        name, target = rules[0]
        return _not_started(metric, name, target)
    groups = [[span] for span in spans] if per_cycle else [spans]
    best: MetricStatus | None = None
    for name, target in rules:
        statuses = [_status(ctx, metric, name, target, g, cycles=len(groups)) for g in groups]
        status = _pick_cycle(statuses)
        if best is None or _deadline(status) < _deadline(best):
            best = status
    return best


def _deadline(status: MetricStatus) -> dt.datetime:
    assert status.deadline is not None
    return status.deadline


def _pick_cycle(statuses: list[MetricStatus]) -> MetricStatus:
    """The running cycle if any, else the worst (most overdue, latest on ties)."""
    if statuses[-1].state != "stopped":
        return statuses[-1]
    return max(reversed(statuses), key=lambda s: s.overdue if s.breached else -s.remaining)


def _not_started(metric: Metric, rule: str, target: SlaTarget) -> MetricStatus:
    return MetricStatus(
        metric=metric,
        target=target.duration,
        clock=target.clock,
        rule=rule,
        state="not_started",
        started_at=None,
        deadline=None,
        stopped_at=None,
        stopped_by=None,
        elapsed=_ZERO,
        paused=_ZERO,
        remaining=target.duration,
        breached=False,
        overdue=_ZERO,
        cycles=0,
    )


def _status(
    ctx: _Context, metric: Metric, rule: str, target: SlaTarget, spans: list[Span], *, cycles: int
) -> MetricStatus:
    clock = ctx.clock(target)
    start, last = spans[0].start, spans[-1]
    allowed = _allowed(ctx, target, start)
    measured = measure(clock, spans, ctx.line.pauses, now=ctx.now, target=allowed)
    remaining = allowed - measured.elapsed
    overdue = max(-remaining, _ZERO)
    window = _window(ctx, target, start)
    stopped = last.stop.astimezone(ctx.zone) if last.stop is not None else None
    return MetricStatus(
        metric=metric,
        target=allowed,
        clock=target.clock,
        rule=rule,
        state=_state(ctx, last),
        started_at=start.astimezone(ctx.zone),
        deadline=measured.deadline.astimezone(ctx.zone),
        stopped_at=stopped,
        stopped_by=last.stopped_by,
        elapsed=measured.elapsed,
        paused=measured.paused,
        remaining=remaining,
        breached=remaining < _ZERO,
        overdue=overdue,
        escalation=_escalation(ctx.ladder[metric], overdue) if remaining < _ZERO else None,
        window_opens_at=window,
        early=window is not None and stopped is not None and stopped < window,
        cycles=cycles,
    )


def _state(ctx: _Context, last: Span) -> MetricState:
    if last.stop is not None:
        return "stopped"
    return "paused" if ctx.line.paused_now else "running"


def _allowed(ctx: _Context, target: SlaTarget, start: dt.datetime) -> dt.timedelta:
    if target.clock != "working_days":
        return target.duration
    _, close = working_day_bounds(ctx.schedule, ctx.zone, start, target.working_days)
    return ctx.schedule.between(start, close)


def _window(ctx: _Context, target: SlaTarget, start: dt.datetime) -> dt.datetime | None:
    early = target.not_before
    if early is None:
        return None
    if early.clock == "working_days":
        opening, _ = working_day_bounds(ctx.schedule, ctx.zone, start, early.working_days)
        return opening.astimezone(ctx.zone)
    return ctx.clock(early).add(start, early.duration).astimezone(ctx.zone)


def _escalation(ladder: Sequence[EscalationLevel], overdue: dt.timedelta) -> Escalation | None:
    reached = [rung for rung in ladder if overdue >= rung.overdue]
    if not reached:
        return None
    top = reached[-1]
    return Escalation(level=top.level, action=top.action, overdue_threshold=top.overdue)


def _next_checks(
    ctx: _Context, status: MetricStatus | None, rules: Sequence[tuple[str, SlaTarget]]
) -> list[dt.datetime]:
    """Future instants at which ``status`` changes if nothing else happens."""
    if status is None or status.state != "running" or status.deadline is None:
        return []
    target = dict(rules)[status.rule]
    clock = ctx.clock(target)
    instants = [status.deadline]
    instants += [clock.add(status.deadline, rung.overdue) for rung in ctx.ladder[status.metric]]
    return [t.astimezone(ctx.zone) for t in instants if t > ctx.now]
