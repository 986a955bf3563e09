"""Metric clocks: elapsed, paused and deadline of a clock that runs in spans.

A metric's clock runs from a start to a stop (or ``now``) in one or more
spans (a reopened ticket's resolution clock has several), minus the pauses.
The clock is business time on a schedule or calendar time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from csmetrics.schedule import Schedule

__all__ = [
    "BusinessClock",
    "CalendarClock",
    "Measure",
    "MetricClock",
    "Span",
    "measure",
    "working_day_bounds",
]

_ZERO = dt.timedelta(0)
Interval = tuple[dt.datetime, dt.datetime]


class MetricClock(Protocol):
    """What a metric needs from a clock."""

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The instant at which ``duration`` of clock time since ``start`` has run."""

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The clock time in ``[start, end)``."""


@dataclass(frozen=True, slots=True)
class BusinessClock:
    """Open time on a schedule."""

    schedule: Schedule

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """``Schedule.add``."""
        return self.schedule.add(start, duration)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """``Schedule.between``."""
        return self.schedule.between(start, end)


@dataclass(frozen=True, slots=True)
class CalendarClock:
    """Wall-clock time; results in ``zone``."""

    zone: dt.tzinfo

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """``start + duration`` (as an instant) in the zone."""
        return (start.astimezone(dt.UTC) + duration).astimezone(self.zone)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """``end - start`` as instants."""
        return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Span:
    """One running stretch of a metric: ``start`` to ``stop`` (``None``: still running)."""

    start: dt.datetime
    stop: dt.datetime | None = None
    stopped_by: str | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """Clock time of a metric as of ``now``."""

    elapsed: dt.timedelta
    paused: dt.timedelta
    deadline: dt.datetime


def _minus_pauses(
    start: dt.datetime, end: dt.datetime, pauses: Sequence[Interval]
) -> list[Interval]:
    """``[start, end)`` without the pause intervals (sorted, disjoint)."""
    segments: list[Interval] = []
    position = start
    for low, high in pauses:
        if high <= position or low >= end:
            continue
        if low > position:
            segments.append((position, low))
        position = max(position, high)
    if position < end:
        segments.append((position, end))
    return segments


def measure(
    clock: MetricClock,
    spans: Sequence[Span],
    pauses: Sequence[Interval],
    *,
    now: dt.datetime,
    target: dt.timedelta,
) -> Measure:
    """Elapsed and paused clock time of ``spans`` as of ``now``, and the deadline.

    The deadline is the instant at which the running time reaches ``target``;
    when the clock is stopped or paused before that, it is where the deadline
    would be if the clock ran on from the end of the last span (or ``now``).
    """
    elapsed = paused = _ZERO
    deadline: dt.datetime | None = None
    remaining = target
    for span in spans:
        end = span.stop if span.stop is not None else now
        span_time = _ZERO
        for low, high in _minus_pauses(span.start, end, pauses):
            piece = clock.between(low, high)
            if deadline is None and piece >= remaining:
                deadline = clock.add(low, remaining)
            remaining -= piece
            span_time += piece
        elapsed += span_time
        paused += clock.between(span.start, end) - span_time
    if deadline is None:
        last = spans[-1]
        deadline = clock.add(last.stop if last.stop is not None else now, remaining)
    return Measure(elapsed=elapsed, paused=paused, deadline=deadline)


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def working_day_bounds(
    schedule: Schedule, zone: dt.tzinfo, start: dt.datetime, days: int
) -> tuple[dt.datetime, dt.datetime]:
    """Opening and close of the ``days``-th working day after the day of ``start``.

    A working day is a local calendar day with open time; its close is the
    end of its last open interval.
    """
    day = start.astimezone(zone).date()
    opening = start
    for _ in range(days):
        opening = schedule.next_open(_midnight(day + dt.timedelta(days=1), zone))
        day = opening.astimezone(zone).date()
    day_start = _midnight(day, zone)
    open_time = schedule.between(day_start, _midnight(day + dt.timedelta(days=1), zone))
    return opening, schedule.add(day_start, open_time)
