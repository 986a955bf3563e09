"""Metric clocks: elapsed, paused and deadline of a clock that runs in spans.

A metric's clock runs from a start to a stop (or ``now``) in one or more
spans (a reopened ticket's resolution clock has several), minus the pauses.
The clock is business time on a schedule or calendar time.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence


__all__ = [
    "CalendarClock",
    "Measure",
    "MetricClock",
    "Span",
    "measure",
]

_ZERO = dt.timedelta(0)
Interval = tuple[dt.datetime, dt.datetime]


class MetricClock(Protocol):
    """What a metric needs from a clock: a ``Schedule`` (business time) or a ``CalendarClock``."""

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The instant at which ``duration`` of clock time since ``start`` has run."""

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The clock time in ``[start, end)``."""

    def between_and_add(
        self, start: dt.datetime, end: dt.datetime, duration: dt.timedelta
    ) -> tuple[dt.timedelta, dt.datetime]:
        """``(between(start, end), add(start, duration))`` in one go."""


class CalendarClock:
    """Wall-clock time; results in ``zone``."""

    __slots__ = ("zone",)

    def __init__(self, zone: dt.tzinfo) -> None:
        self.zone = zone

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """``start + duration`` (as an instant) in the zone."""
        utc = start if start.tzinfo is dt.UTC else start.astimezone(dt.UTC)
        return (utc + duration).astimezone(self.zone)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """``end - start`` as instants."""
        if start.tzinfo is not end.tzinfo or start.tzinfo is dt.UTC:
            return end - start  # Python subtracts the UTC offsets
        # Same zone: Python would subtract wall times, wrong across a DST change.
        return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)

    def between_and_add(
        self, start: dt.datetime, end: dt.datetime, duration: dt.timedelta
    ) -> tuple[dt.timedelta, dt.datetime]:
        """``(between(start, end), add(start, duration))``."""
        return self.between(start, end), self.add(start, duration)


class Span(NamedTuple):
    """One running stretch of a metric: ``start`` to ``stop`` (``None``: still running)."""

    start: dt.datetime
    stop: dt.datetime | None = None
    stopped_by: str | None = None


class Measure(NamedTuple):
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
    now: dt.datetime,
    target: dt.timedelta,
) -> Measure:
    """Elapsed and paused clock time of ``spans`` as of ``now``, and the deadline.

    The deadline is the instant at which the running time reaches ``target``;
    when the clock is stopped or paused before that, it is where the deadline
    would be if the clock ran on from the end of the last span (or ``now``).
    """
    if len(spans) == 1 and not pauses:
        span = spans[0]
        end = span.stop if span.stop is not None else now
        ran, due = clock.between_and_add(span.start, end, target)
        return Measure(ran, _ZERO, due)
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
