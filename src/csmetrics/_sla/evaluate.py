"""Evaluate one ticket against an SLA policy on a schedule, as of ``now``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from csmetrics._core.validate import require_aware
from csmetrics._models.records import Ticket
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.clock import CalendarClock, MetricClock, Span, measure
from csmetrics._sla.events import Timeline, read_timeline
from csmetrics._sla.policy import EscalationLevel, Metric, SlaPolicy, SlaTarget
from csmetrics._sla.results import Escalation, MetricState, MetricStatus, TicketSla
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["check_now", "evaluate_ticket"]

_ZERO = dt.timedelta(0)
Rules = tuple[tuple[str, SlaTarget], ...]
Ladder = tuple[EscalationLevel, ...]


class _Context:
    """What every metric of one evaluation shares (a plain class: built once per call)."""

    __slots__ = ("calendar", "line", "now", "schedule", "zone")

    def __init__(self, schedule: Schedule, line: Timeline, now: dt.datetime) -> None:
        self.schedule = schedule
        self.zone = schedule.timezone
        self.line = line
        self.now = now
        self.calendar = CalendarClock(self.zone)

    def clock(self, target: SlaTarget) -> MetricClock:
        return self.calendar if target.clock == "calendar" else self.schedule

    def local(self, t: dt.datetime) -> dt.datetime:
        """``t`` in the schedule's zone (results of the schedule already are)."""
        return t if t.tzinfo is self.zone else t.astimezone(self.zone)


def check_now(now: object, created_at: dt.datetime | None = None) -> dt.datetime:
    """Validate ``now``: an aware datetime, not before ``created_at``."""
    now = require_aware(now, param="now")
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
    ctx = _Context(schedule, line, now)
    found: dict[Metric, MetricStatus | None] = {}
    checks: list[dt.datetime] = []
    cycled = ("next_reply", "resolution") if policy.reopen == "per_cycle" else ("next_reply",)
    for metric, rules, ladder in policy.plan(priority, ticket.channel, complaint=ticket.complaint):
        per_cycle = metric in cycled
        status = found[metric] = _metric(ctx, metric, rules, ladder, per_cycle=per_cycle)
        if status is not None and status.state == "running":
            check = _next_check(ctx, status, rules, ladder)
            checks += [check] if check is not None else []
    reasons = [ticket.overdue_reason] if ticket.overdue_reason else []
    if line.notes:
        reasons = list(dict.fromkeys([*reasons, *line.notes]))
    return TicketSla(
        ticket_id=ticket.id,
        as_of=ctx.local(now),
        priority=priority if priority is not None else line.priority,
        channel=ticket.channel,
        next_check_at=min(checks, default=None),
        overdue_reasons=tuple(reasons),
        **found,
    )


def _metric(
    ctx: _Context, metric: Metric, rules: Rules, ladder: Ladder, *, per_cycle: bool
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
        rule = (name, target)
        statuses = [_status(ctx, metric, rule, ladder, g, cycles=len(groups)) for g in groups]
        status = statuses[0] if len(statuses) == 1 else _pick_cycle(statuses)
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
        escalation=None,
        window_opens_at=None,
        early=False,
        cycles=0,
    )


def _status(
    ctx: _Context,
    metric: Metric,
    rule: tuple[str, SlaTarget],
    ladder: Ladder,
    spans: list[Span],
    *,
    cycles: int,
) -> MetricStatus:
    name, target = rule
    start, last = spans[0].start, spans[-1]
    allowed = target.duration if target.working_days == 0 else _allowed(ctx, target, start)
    calendar = target.clock == "calendar"
    pauses = () if calendar else ctx.line.pauses  # calendar time runs through pauses
    measured = measure(ctx.clock(target), spans, pauses, ctx.now, allowed)
    remaining = allowed - measured.elapsed
    early = target.not_before
    window = None if early is None else _window(ctx, early, start)
    stopped = ctx.local(last.stop) if last.stop is not None else None
    return MetricStatus(
        metric=metric,
        target=allowed,
        clock=target.clock,
        rule=name,
        state=_state(ctx, last, calendar=calendar),
        started_at=ctx.local(start),
        deadline=ctx.local(measured.deadline),
        stopped_at=stopped,
        stopped_by=last.stopped_by,
        elapsed=measured.elapsed,
        paused=measured.paused,
        remaining=remaining,
        breached=remaining < _ZERO,
        overdue=-remaining if remaining < _ZERO else _ZERO,
        escalation=_escalation(ladder, -remaining) if remaining < _ZERO else None,
        window_opens_at=window,
        early=window is not None and stopped is not None and stopped < window,
        cycles=cycles,
    )


def _state(ctx: _Context, last: Span, *, calendar: bool) -> MetricState:
    if last.stop is not None:
        return "stopped"
    return "paused" if ctx.line.paused_now and not calendar else "running"


def _allowed(ctx: _Context, target: SlaTarget, start: dt.datetime) -> dt.timedelta:
    """A working-day target as business time: from ``start`` to the Nth working day's close."""
    close = ctx.schedule.working_day_close(start, target.working_days)
    return ctx.schedule.between(start, close)


def _window(ctx: _Context, early: SlaTarget, start: dt.datetime) -> dt.datetime:
    """When the window of a target with ``not_before`` (``early``) opens."""
    if early.clock == "working_days":
        return ctx.schedule.working_day_open(start, early.working_days)
    return ctx.local(ctx.clock(early).add(start, early.duration))


def _escalation(ladder: Sequence[EscalationLevel], overdue: dt.timedelta) -> Escalation | None:
    top = None
    for rung in ladder:
        if overdue >= rung.overdue:
            top = rung
    if top is None:
        return None
    return Escalation(level=top.level, action=top.action, overdue_threshold=top.overdue)


def _next_check(
    ctx: _Context, status: MetricStatus, rules: Rules, ladder: Ladder
) -> dt.datetime | None:
    """The next instant at which a running ``status`` changes if nothing else happens.

    The deadline while it is ahead; after it, the next rung of the ladder:
    the clock still has to run ``remaining + rung.overdue`` from ``now``
    (overdue time runs on the target's clock, so a pause after the deadline
    delays a rung).
    """
    if status.remaining > _ZERO:
        return status.deadline
    ahead = [status.remaining + rung.overdue for rung in ladder]
    ahead = [run for run in ahead if run > _ZERO]
    if not ahead:
        return None
    return ctx.local(ctx.clock(dict(rules)[status.rule]).add(ctx.now, min(ahead)))
