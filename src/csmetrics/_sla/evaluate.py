"""Evaluate one ticket against an SLA policy on a schedule, as of ``now``.

The ticket's events are read once (:func:`read_history`); each instant is
converted to microseconds once, the clocks measure in microseconds, and the
results are built once per metric (for the stricter rule only).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from csmetrics._core.instants import from_us_fast, to_us, to_us_duration
from csmetrics._core.validate import require_aware
from csmetrics._models.history import History, Span, read_history
from csmetrics._models.records import Ticket
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.clock import (
    CALENDAR,
    NO_PAUSES,
    BusinessClock,
    Interval,
    PauseIndex,
    measure,
)
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
from csmetrics.exceptions import InputTypeError, InvalidInputError, NoOpenTimeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["check_now", "evaluate_ticket"]

_ZERO = dt.timedelta(0)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)
_micros = functools.partial(dt.timedelta, 0, 0)
"""A duration of so many microseconds."""
Rules = tuple[tuple[str, SlaTarget], ...]
Ladder = tuple[EscalationLevel, ...]


class _Context:
    """What every metric of one evaluation shares (a plain class: built once per call).

    Instants recur from metric to metric: ``created_at`` starts most of them,
    a resolution stops one and starts the follow-ups. ``created_at`` is
    converted (to microseconds and to the schedule's zone) once, and the last
    other conversion of each kind is kept (the instants are the ticket's and
    ``now``, alive all call long, so identity is enough).
    """

    __slots__ = (
        "business", "checks", "created", "created_local", "created_us", "epoch", "history",
        "local_of", "local_value", "now", "pauses", "schedule", "us_of", "us_value", "zone",
    )  # fmt: skip

    def __init__(self, schedule: Schedule, history: History, now: dt.datetime) -> None:
        self.schedule = schedule
        self.zone = zone = schedule.timezone
        self.business = BusinessClock(schedule)
        self.epoch = self.business.epoch
        self.history = history
        self.created = created = history.created_at
        self.created_us = to_us(created, "created_at")
        self.created_local = created if created.tzinfo is zone else created.astimezone(zone)
        self.us_of = self.local_of = created
        self.us_value, self.local_value = self.created_us, self.created_local
        self.now = now
        self.checks: list[dt.datetime] = []
        self.pauses = NO_PAUSES
        if history.pauses:
            pauses = [(self.us(a), self.us(b)) for a, b in pause_intervals(history, now)]
            self.pauses = PauseIndex(self.business, pauses)
        """The pauses on the business clock (calendar time runs through them), built once."""

    def us(self, t: dt.datetime) -> int:
        """``t`` in microseconds."""
        if t is self.created:
            return self.created_us
        if t is not self.us_of:
            self.us_of, self.us_value = t, to_us(t, "t")
        return self.us_value

    def local(self, t: dt.datetime) -> dt.datetime:
        """``t`` in the schedule's zone."""
        if t.tzinfo is self.zone:
            return t
        if t is self.created:
            return self.created_local
        if t is not self.local_of:
            self.local_of, self.local_value = t, t.astimezone(self.zone)
        return self.local_value

    def intervals(self, spans: Sequence[Span]) -> Sequence[Interval]:
        """The spans in microseconds, a running one ending at ``now``."""
        now, us = self.now, self.us
        if len(spans) == 1:  # most metrics
            span = spans[0]
            return ((us(span.start), us(now if span.stop is None else span.stop)),)
        return [(us(s.start), us(now if s.stop is None else s.stop)) for s in spans]


def check_now(now: object, created_at: dt.datetime | None = None) -> dt.datetime:
    """Validate ``now``: an aware datetime in the supported years, not before ``created_at``."""
    now = require_aware(now, param="now")
    moment = to_us(now, "now")  # the years 1800..2399, whether the ticket is open or not
    if created_at is not None and moment < _instant(created_at):  # instants, not wall times
        msg = (
            f"now: expected an instant at or after the ticket's created_at "
            f"{created_at.isoformat()!r}, got {now.isoformat()!r}"
        )
        raise InvalidInputError(msg)
    return now


def _check_types(ticket: object, policy: object, schedule: object) -> None:
    kinds_ok = isinstance(ticket, Ticket) and isinstance(policy, SlaPolicy)
    if kinds_ok and isinstance(schedule, Schedule):
        return
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
        next_check_at=min(ctx.checks, key=_instant, default=None),
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
    best: MetricStatus | None = None
    best_target = rules[0][1]
    for name, target in rules:
        statuses = [_status(ctx, metric, name, target, group, ladder=ladder) for group in groups]
        status = statuses[0] if len(statuses) == 1 else _pick_cycle(statuses)
        if best is None or _instant(_deadline(status)) < _instant(_deadline(best)):
            best, best_target = status, target
    assert best is not None
    if len(groups) > 1:
        best = replace(best, cycles=len(groups))
    if best.state == "running":
        _next_check(ctx, best, best_target, ladder)
    return best


def _instant(t: dt.datetime) -> int:
    """``t`` as microseconds since the epoch, in any year.

    Aware datetimes in one zone compare by wall time, fold ignored (01:30 EDT
    and 01:30 EST are equal to Python); instants never are.
    """
    return (t - _EPOCH) // _ONE_US


def _deadline(status: MetricStatus) -> dt.datetime:
    assert status.deadline is not None
    return status.deadline


def _pick_cycle(statuses: list[MetricStatus]) -> MetricStatus:
    """The running cycle if any, else the worst (most overdue, latest on ties)."""
    if statuses[-1].state != "stopped":
        return statuses[-1]
    return max(reversed(statuses), key=lambda status: -status.remaining)


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


def _status(
    ctx: _Context,
    metric: Metric,
    rule: str,
    target: SlaTarget,
    spans: Sequence[Span],
    *,
    ladder: Ladder,
) -> MetricStatus:
    """The status of ``metric`` measured on ``spans`` against one rule's ``target``."""
    calendar = target.clock == "calendar"  # calendar time runs through pauses
    allowed = target.duration if not target.working_days else _allowed(ctx, target, spans)
    clock = CALENDAR if calendar else ctx.business
    budget = to_us_duration(allowed, "target")
    pauses = NO_PAUSES if calendar else ctx.pauses
    measured = measure(clock, ctx.intervals(spans), pauses, budget)
    elapsed = _micros(measured.elapsed)
    remaining = allowed - elapsed
    late = remaining < _ZERO
    last = spans[-1]
    started = ctx.local(spans[0].start)  # often the instant that stopped the previous metric
    stopped = None if last.stop is None else ctx.local(last.stop)
    window = None if target.not_before is None else _window(ctx, target.not_before, spans)
    return new_metric_status(
        metric=metric,
        target=allowed,
        clock=target.clock,
        rule=rule,
        state=_state(ctx, last, calendar=calendar),
        started_at=started,
        deadline=from_us_fast(measured.deadline, ctx.epoch),
        stopped_at=stopped,
        stopped_by=last.stopped_by,
        elapsed=elapsed,
        paused=_micros(measured.paused) if measured.paused else _ZERO,
        remaining=remaining,
        breached=late,
        overdue=-remaining if late else _ZERO,
        escalation=_escalation(ladder, -remaining) if late else None,
        window_opens_at=window,
        early=window is not None and stopped is not None and _instant(stopped) < _instant(window),
        cycles=1,
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


def _window(ctx: _Context, early: SlaTarget, spans: Sequence[Span]) -> dt.datetime:
    """When the window of a target with ``not_before`` (``early``) opens."""
    start = spans[0].start
    if early.working_days:
        return ctx.schedule.working_day_open(start, early.working_days)
    clock = CALENDAR if early.clock == "calendar" else ctx.business
    due = clock.add(ctx.us(start), to_us_duration(early.duration, "not_before"))
    return from_us_fast(due, ctx.epoch)


def _escalation(ladder: Sequence[EscalationLevel], overdue: dt.timedelta) -> Escalation | None:
    top = None
    for rung in ladder:
        if overdue >= rung.overdue:
            top = rung
    if top is None:
        return None
    return Escalation(level=top.level, action=top.action, overdue_threshold=top.overdue)


def _next_check(ctx: _Context, status: MetricStatus, target: SlaTarget, ladder: Ladder) -> None:
    """Note the next instant at which a running metric changes if nothing else happens.

    The deadline while it is ahead; after it, the next rung of the ladder:
    the clock still has to run ``remaining + rung.overdue`` from ``now``
    (overdue time runs on the target's clock, so a pause after the deadline
    delays a rung). A rung the schedule cannot reach within its 50-year
    search horizon is no check.
    """
    if status.remaining > _ZERO:
        ctx.checks.append(_deadline(status))
        return
    ahead = [status.remaining + rung.overdue for rung in ladder]
    ahead = [left for left in ahead if left > _ZERO]
    if ahead:
        clock = CALENDAR if target.clock == "calendar" else ctx.business
        try:
            due = clock.add(ctx.us(ctx.now), to_us_duration(min(ahead), "overdue"))
        except NoOpenTimeError:
            return
        ctx.checks.append(from_us_fast(due, ctx.epoch))
