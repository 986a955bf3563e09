"""Clocks of the Zendesk metrics that count time by ticket status.

=========================  =====================================  ==============================
metric                     counts while the ticket is             runs
=========================  =====================================  ==============================
``requester_wait_time``    New, Open, On-hold (Pending pauses)    from creation; across reopens
``agent_work_time``        New, Open (Pending, On-hold pause)     from creation; across reopens
``periodic_update_time``   any unsolved status                    from each public agent reply
                                                                  to the next
``pausable_update_time``   New, Open, On-hold (Pending pauses)    as periodic
=========================  =====================================  ==============================

Business targets count open time on the schedule, calendar targets elapsed
time. A metric is breached when its elapsed time exceeds the target (met
exactly at the deadline, as in csmetrics); an update metric is breached when
any of its instances is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from csmetrics._core.describe import describe, shown
from csmetrics._core.validate import require_choice
from csmetrics._helpdesks.arguments import (
    require_history,
    require_instance,
    require_instant,
    require_mapping,
)
from csmetrics._helpdesks.zendesk_history import History
from csmetrics._models.enums import Priority
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.target import SlaTarget
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["COUNTING", "StatusMetric", "counting_segments", "status_metric", "status_metrics"]

COUNTING = {
    "requester_wait_time": frozenset({"new", "open", "hold"}),
    "agent_work_time": frozenset({"new", "open"}),
    "periodic_update_time": frozenset({"new", "open", "pending", "hold"}),
    "pausable_update_time": frozenset({"new", "open", "hold"}),
}
"""The statuses in which each metric's clock runs."""
_ZERO = dt.timedelta(0)
_METRICS = tuple(COUNTING)
_TIERS = tuple(p.value for p in Priority)
_TARGETS = "a mapping of status metric -> {Priority: SlaTarget}"
_BY_TIER = "a mapping of Priority -> SlaTarget"


@dataclass(frozen=True, slots=True)
class StatusMetric:
    """The state of one status-clock metric as of ``now``.

    ``elapsed`` is the counted time (for update metrics, of the longest
    instance); ``deadline`` the instant the clock reaches its target (while
    paused: if it resumed at ``now``, as csmetrics does; None once the
    ticket is solved before it); ``breached`` whether any instance exceeded
    the target.
    """

    metric: str
    target: SlaTarget
    elapsed: dt.timedelta
    deadline: dt.datetime | None
    breached: bool
    running: bool


def counting_segments(
    history: History, counting: frozenset[str], start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The spans of ``[start, end)`` during which the ticket's status is in ``counting``.

    >>> t = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)
    >>> h = History(created_at=t, statuses=[(t + dt.timedelta(hours=2), "pending")])
    >>> [(b - a) for a, b in counting_segments(h, frozenset({"new"}), t, t + dt.timedelta(hours=5))]
    [datetime.timedelta(seconds=7200)]
    """
    marks = [(history.created_at, "new"), *history.statuses]
    found: list[tuple[dt.datetime, dt.datetime]] = []
    for (at, status), following in zip(marks, [*marks[1:], (None, "")], strict=True):
        stop = end if following[0] is None else min(following[0], end)
        begin = max(at, start)
        if status in counting and begin < stop:
            found.append((begin, stop))
    return found


def _measure(schedule: Schedule, target: SlaTarget, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    return schedule.between(a, b) if target.clock == "business" else b - a


def _reach(schedule: Schedule, target: SlaTarget, a: dt.datetime, d: dt.timedelta) -> dt.datetime:
    return schedule.add(a, d) if target.clock == "business" else a + d


def _instance(
    history: History,
    metric: str,
    target: SlaTarget,
    schedule: Schedule,
    *,
    start: dt.datetime,
    end: dt.datetime,
) -> tuple[dt.timedelta, dt.datetime]:
    """Counted time of one instance over ``[start, end)`` and the instant it reaches the target.

    The deadline is where the clock reaches the target when it runs on from
    ``end`` (for a paused clock: if it resumed at ``end``, as csmetrics does).
    """
    spans = counting_segments(history, COUNTING[metric], start, end)
    elapsed, left, deadline = _ZERO, target.duration, None
    for a, b in spans:
        part = _measure(schedule, target, a, b)
        if deadline is None and part >= left:
            deadline = _reach(schedule, target, a, left)
        elif deadline is None:
            left -= part
        elapsed += part
    return elapsed, deadline if deadline is not None else _reach(schedule, target, end, left)


def _end_of(history: History, start: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """The first solve after ``start`` (at or before ``now``), or None while unsolved."""
    return next(
        (
            at
            for at, status in history.statuses
            if start < at <= now and status in ("solved", "closed")
        ),
        None,
    )


def status_metric(
    history: History, metric: str, target: SlaTarget, schedule: Schedule, *, now: dt.datetime
) -> StatusMetric:
    """The state of ``metric`` of one ticket as of ``now`` (an aware datetime).

    Examples
    --------
    >>> s = Schedule({"mon-fri": "09:00-17:00"})
    >>> t = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)  # a Monday
    >>> h = History(created_at=t, statuses=[(t + dt.timedelta(hours=2), "pending")])
    >>> m = status_metric(h, "agent_work_time", SlaTarget.model_validate("8h"), s,
    ...                   now=t + dt.timedelta(hours=3))
    >>> m.elapsed, m.running, m.deadline.isoformat()
    (datetime.timedelta(seconds=7200), False, '2024-03-05T10:00:00+00:00')
    """
    require_history(history)
    metric = require_choice(metric, _METRICS, param="metric")
    _check_clock(target, schedule, "target")
    now = require_instant(now, param="now")
    return _status_metric(history, metric, target, schedule, now)


def _check_clock(target: object, schedule: object, param: str) -> None:
    require_instance(target, SlaTarget, param=param, what="an SlaTarget")
    require_instance(schedule, Schedule, param="schedule", what="a csmetrics Schedule")


def _status_metric(
    history: History, metric: str, target: SlaTarget, schedule: Schedule, now: dt.datetime
) -> StatusMetric:
    counting = COUNTING[metric]
    if metric in ("requester_wait_time", "agent_work_time"):
        elapsed, due = _instance(
            history, metric, target, schedule, start=history.created_at, end=now
        )
        status = history.status_at(now)
        done = status in ("solved", "closed") and due > now  # fulfilled before it was due
        return StatusMetric(
            metric,
            target,
            elapsed,
            None if done else due,
            elapsed > target.duration,
            status in counting,
        )
    replies = [t for t in history.agent_replies if t <= now]
    worst, breached = _ZERO, False
    deadline: dt.datetime | None = None
    running = False
    for index, start in enumerate(replies):
        nxt = replies[index + 1] if index + 1 < len(replies) else None
        stop = _end_of(history, start, now if nxt is None else nxt)
        is_open = nxt is None and stop is None
        end = now if is_open else min(t for t in (nxt, stop) if t is not None)
        elapsed, due = _instance(history, metric, target, schedule, start=start, end=end)
        worst, breached = max(worst, elapsed), breached or elapsed > target.duration
        if is_open:
            deadline, running = due, history.status_at(now) in counting
    return StatusMetric(metric, target, worst, deadline, breached, running)


def status_metrics(
    history: History,
    targets: Mapping[str, Mapping[Priority, SlaTarget]],
    schedule: Schedule,
    *,
    tier: Priority | None,
    now: dt.datetime,
) -> dict[str, StatusMetric]:
    """Every status-clock metric with a target for ``tier``, as of ``now``.

    ``targets`` is :attr:`ZendeskPolicy.status_targets`; ``tier`` the
    ticket's csmetrics tier (:meth:`ZendeskPolicy.tier` of its Zendesk
    priority). A metric without a target for the tier is left out.

    Examples
    --------
    >>> s = Schedule({"mon-fri": "09:00-17:00"})
    >>> t = dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC)
    >>> found = status_metrics(History(created_at=t),
    ...                        {"agent_work_time": {Priority.P2: SlaTarget.model_validate("1h")}},
    ...                        s, tier=Priority.P2, now=t + dt.timedelta(hours=2))
    >>> found["agent_work_time"].breached
    True
    """
    require_history(history)
    chosen = _tier(tier)
    require_instance(schedule, Schedule, param="schedule", what="a csmetrics Schedule")
    picked: dict[str, SlaTarget] = {}
    for metric, by_tier in require_mapping(targets, param="targets", what=_TARGETS).items():
        name = require_choice(metric, _METRICS, param="targets key")
        found = require_mapping(by_tier, param=f"targets[{name!r}]", what=_BY_TIER)
        target = found.get(chosen) if chosen is not None else None
        if chosen is not None and target is not None:
            _check_clock(target, schedule, f"targets[{name!r}][{chosen.value!r}]")
            picked[name] = target
    at = require_instant(now, param="now")
    return {name: _status_metric(history, name, t, schedule, at) for name, t in picked.items()}


def _tier(value: object) -> Priority | None:
    if value is None or isinstance(value, Priority):
        return value
    if not isinstance(value, str):
        msg = f"tier: expected a Priority (P1, P2 or P3) or None, got {describe(value)}"
        raise InputTypeError(msg)
    if value not in _TIERS:
        msg = f"tier: expected a Priority (P1, P2 or P3) or None, got {shown(value)}"
        raise InvalidInputError(msg)
    return Priority(value)
