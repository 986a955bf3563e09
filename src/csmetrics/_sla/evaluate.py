"""Evaluate one ticket against an SLA policy on a schedule, as of ``now``.

The ticket's events are read once (:func:`read_history`); each instant is
converted to microseconds once, the clocks measure in microseconds, and the
results are built once per metric (for the stricter rule only).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from csmetrics._core.instants import epoch_in, from_us_fast, to_us, to_us_duration
from csmetrics._core.validate import require_aware
from csmetrics._models.history import History, Span, read_history
from csmetrics._models.records import Ticket
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.clock import CALENDAR, BusinessClock, Interval, Measure, MetricClock, measure
from csmetrics._sla.events import metric_spans, pause_intervals
from csmetrics._sla.policy import EscalationLevel, Metric, SlaPolicy, SlaTarget
from csmetrics._sla.results import (
    Escalation,
    MetricState,
    MetricStatus,
    TicketSla,
    new_metric_status,
    new_ticket_sla,
)
from csmetrics.exceptions import InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["check_now", "evaluate_ticket"]

_ZERO = dt.timedelta(0)
Rules = tuple[tuple[str, SlaTarget], ...]
Ladder = tuple[EscalationLevel, ...]


class _Context:
    """What every metric of one evaluation shares (a plain class: built once per call)."""

    __slots__ = (
        "business", "checks", "epoch", "history", "instants", "locals", "now", "pauses",
        "schedule", "zone",
    )  # fmt: skip

    def __init__(self, schedule: Schedule, history: History, now: dt.datetime) -> None:
        self.schedule = schedule
        self.zone = schedule.timezone
        self.epoch = epoch_in(self.zone)
        self.business = BusinessClock(schedule)
        self.history = history
        self.now = now
        self.checks: list[dt.datetime] = []
        # Memos keyed by id(): the datetimes are the ticket's and ``now``, alive all call long.
        self.instants: dict[int, int] = {}
        self.locals: dict[int, dt.datetime] = {}
        self.pauses = tuple(
            (self.us(start), self.us(end)) for start, end in pause_intervals(history, now)
        )

    def clock(self, target: SlaTarget) -> MetricClock:
        return CALENDAR if target.clock == "calendar" else self.business

    def us(self, t: dt.datetime) -> int:
        """``t`` in microseconds (created_at, resolutions and ``now`` recur)."""
        found = self.instants.get(id(t))
        if found is None:
            found = self.instants[id(t)] = to_us(t, "t")
        return found

    def local(self, t: dt.datetime) -> dt.datetime:
        """``t`` in the schedule's zone."""
        if t.tzinfo is self.zone:
            return t
        found = self.locals.get(id(t))
        if found is None:
            found = self.locals[id(t)] = t.astimezone(self.zone)
        return found

    def instant(self, us: int) -> dt.datetime:
        """The instant ``us`` in the schedule's zone."""
        return from_us_fast(us, self.epoch)


class _Run(NamedTuple):
    """One rule measured on some spans, before it becomes a :class:`MetricStatus`."""

    rule: str
    target: SlaTarget
    allowed: dt.timedelta
    budget: int
    """``allowed`` in microseconds."""
    spans: Sequence[Span]
    measured: Measure


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
    history = read_history(ticket, now=now)
    priority = policy.priority_for(history.priority, ticket_id=ticket.id)
    ctx = _Context(schedule, history, now)
    found: dict[Metric, MetricStatus | None] = {}
    cycled = ("next_reply", "resolution") if policy.reopen == "per_cycle" else ("next_reply",)
    for metric, rules, ladder in policy.plan(priority, ticket.channel, complaint=ticket.complaint):
        found[metric] = _metric(ctx, metric, rules, ladder, per_cycle=metric in cycled)
    reasons = (ticket.overdue_reason,) if ticket.overdue_reason else ()
    if history.notes:
        reasons = tuple(dict.fromkeys([*reasons, *history.notes]))
    return new_ticket_sla(
        ticket_id=ticket.id,
        as_of=ctx.local(now),
        priority=priority if priority is not None else history.priority,
        channel=ticket.channel,
        first_response=found["first_response"],
        resolution=found["resolution"],
        next_reply=found["next_reply"],
        survey=found["survey"],
        revisit=found["revisit"],
        next_check_at=min(ctx.checks, default=None),
        overdue_reasons=reasons,
    )


def _metric(
    ctx: _Context, metric: Metric, rules: Rules, ladder: Ladder, *, per_cycle: bool
) -> MetricStatus | None:
    """The status of ``metric`` under the strictest of ``rules``; notes its next check."""
    if not rules:
        return None
    spans = metric_spans(ctx.history, metric)
    if not spans:
        name, target = rules[0]
        return _not_started(metric, name, target)
    groups = [(span,) for span in spans] if per_cycle and len(spans) > 1 else [spans]
    best: _Run | None = None
    for name, target in rules:
        if len(groups) == 1:
            run = _run(ctx, name, target, spans)
        else:
            run = _pick_cycle([_run(ctx, name, target, group) for group in groups])
        if best is None or run.measured.deadline < best.measured.deadline:
            best = run
    assert best is not None
    status = _status(ctx, metric, best, ladder, cycles=len(groups))
    if status.state == "running":
        _next_check(ctx, best, status, ladder)
    return status


def _pick_cycle(runs: list[_Run]) -> _Run:
    """The running cycle if any, else the worst (most overdue, latest on ties)."""
    if runs[-1].spans[-1].stop is None:
        return runs[-1]
    return max(reversed(runs), key=lambda run: run.measured.elapsed - run.budget)


def _not_started(metric: Metric, rule: str, target: SlaTarget) -> MetricStatus:
    return new_metric_status(
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


def _run(ctx: _Context, rule: str, target: SlaTarget, spans: Sequence[Span]) -> _Run:
    allowed = target.duration if not target.working_days else _allowed(ctx, target, spans)
    budget = to_us_duration(allowed, "target")
    pauses = () if target.clock == "calendar" else ctx.pauses  # calendar time runs through
    measured = measure(ctx.clock(target), _intervals(ctx, spans), pauses, budget)
    return _Run(rule, target, allowed, budget, spans, measured)


def _intervals(ctx: _Context, spans: Sequence[Span]) -> list[Interval]:
    """The spans in microseconds, a running one ending at ``now``."""
    now = ctx.now
    return [(ctx.us(s.start), ctx.us(now if s.stop is None else s.stop)) for s in spans]


def _status(
    ctx: _Context, metric: Metric, run: _Run, ladder: Ladder, *, cycles: int
) -> MetricStatus:
    target, measured, last = run.target, run.measured, run.spans[-1]
    elapsed = dt.timedelta(microseconds=measured.elapsed)
    remaining = run.allowed - elapsed
    late = remaining < _ZERO
    window = None if target.not_before is None else _window(ctx, target.not_before, run)
    stopped = None if last.stop is None else ctx.local(last.stop)
    return new_metric_status(
        metric=metric,
        target=run.allowed,
        clock=target.clock,
        rule=run.rule,
        state=_state(ctx, last, calendar=target.clock == "calendar"),
        started_at=ctx.local(run.spans[0].start),
        deadline=ctx.instant(measured.deadline),
        stopped_at=stopped,
        stopped_by=last.stopped_by,
        elapsed=elapsed,
        paused=dt.timedelta(microseconds=measured.paused) if measured.paused else _ZERO,
        remaining=remaining,
        breached=late,
        overdue=-remaining if late else _ZERO,
        escalation=_escalation(ladder, -remaining) if late else None,
        window_opens_at=window,
        early=window is not None and stopped is not None and stopped < window,
        cycles=cycles,
    )


def _state(ctx: _Context, last: Span, *, calendar: bool) -> MetricState:
    if last.stop is not None:
        return "stopped"
    return "paused" if ctx.history.paused and not calendar else "running"


def _allowed(ctx: _Context, target: SlaTarget, spans: Sequence[Span]) -> dt.timedelta:
    """A working-day target as business time: from the start to the Nth working day's close."""
    start = spans[0].start
    close = ctx.schedule.working_day_close(start, target.working_days)
    return ctx.schedule.between(start, close)


def _window(ctx: _Context, early: SlaTarget, run: _Run) -> dt.datetime:
    """When the window of a target with ``not_before`` (``early``) opens."""
    start = run.spans[0].start
    if early.working_days:
        return ctx.schedule.working_day_open(start, early.working_days)
    duration = to_us_duration(early.duration, "not_before")
    return ctx.instant(ctx.clock(early).add(ctx.us(start), duration))


def _escalation(ladder: Sequence[EscalationLevel], overdue: dt.timedelta) -> Escalation | None:
    top = None
    for rung in ladder:
        if overdue >= rung.overdue:
            top = rung
    if top is None:
        return None
    return Escalation(level=top.level, action=top.action, overdue_threshold=top.overdue)


def _next_check(ctx: _Context, run: _Run, status: MetricStatus, ladder: Ladder) -> None:
    """Note the next instant at which a running metric changes if nothing else happens.

    The deadline while it is ahead; after it, the next rung of the ladder:
    the clock still has to run ``remaining + rung.overdue`` from ``now``
    (overdue time runs on the target's clock, so a pause after the deadline
    delays a rung).
    """
    if status.remaining > _ZERO:
        assert status.deadline is not None
        ctx.checks.append(status.deadline)
        return
    ahead = [status.remaining + rung.overdue for rung in ladder]
    ahead = [left for left in ahead if left > _ZERO]
    if ahead:
        run_more = to_us_duration(min(ahead), "overdue")
        ctx.checks.append(ctx.instant(ctx.clock(run.target).add(ctx.us(ctx.now), run_more)))
