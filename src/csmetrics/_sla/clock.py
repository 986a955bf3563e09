"""Metric clocks: elapsed, paused and deadline of a clock that runs in spans.

A metric's clock runs from a start to a stop (or ``now``) in one or more
spans (a reopened ticket's resolution clock has several), minus the pauses.
The clock is business time on a schedule or calendar time.

Everything here is integer microseconds: instants are UTC microseconds since
the epoch, durations microseconds. ``evaluate`` converts each instant of a
ticket once, and the clocks do integer arithmetic (the business clock on the
schedule's compiled open intervals, exactly as ``Schedule.between`` and
``Schedule.add`` do after converting their arguments).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

from csmetrics._models.history import Span
from csmetrics._schedule import ops

if TYPE_CHECKING:
    from collections.abc import Sequence

    from csmetrics._schedule.schedule import Schedule


__all__ = [
    "CALENDAR",
    "BusinessClock",
    "CalendarClock",
    "Interval",
    "Measure",
    "MetricClock",
    "Span",
    "measure",
]

Interval = tuple[int, int]
"""``(start, end)`` in microseconds, ``start <= end``."""


class MetricClock(Protocol):
    """What a metric needs from a clock, in microseconds."""

    def add(self, start: int, duration: int) -> int:
        """The instant at which ``duration`` of clock time since ``start`` has run."""

    def between(self, start: int, end: int) -> int:
        """The clock time in ``[start, end)``."""

    def between_and_add(self, start: int, end: int, duration: int) -> tuple[int, int]:
        """``(between(start, end), add(start, duration))`` in one go."""


class CalendarClock:
    """Wall-clock time: plain arithmetic on instants.

    Examples
    --------
    >>> CALENDAR.between_and_add(10, 70, 30)
    (60, 40)
    """

    __slots__ = ()

    def add(self, start: int, duration: int) -> int:
        """``start + duration``."""
        return start + duration

    def between(self, start: int, end: int) -> int:
        """``end - start``."""
        return end - start

    def between_and_add(self, start: int, end: int, duration: int) -> tuple[int, int]:
        """``(end - start, start + duration)``."""
        return end - start, start + duration


CALENDAR = CalendarClock()
"""The calendar clock (it has no state)."""


class BusinessClock:
    """Open time on a schedule, on the schedule's compiled intervals.

    ``add``, ``between`` and ``between_and_add`` are :meth:`Schedule.add`,
    :meth:`Schedule.between` and :meth:`Schedule.between_and_add` in
    microseconds: the schedule's own integer engine (``_schedule.ops``) on its
    timeline, which its datetime methods wrap.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics._core.instants import to_us
    >>> from csmetrics.schedule import Schedule
    >>> office = Schedule({"mon-fri": "09:00-18:00"})
    >>> friday = to_us(dt.datetime(2026, 1, 9, 17, 0, tzinfo=dt.UTC), "t")
    >>> hour = 3_600_000_000
    >>> elapsed, due = BusinessClock(office).between_and_add(friday, friday + 3 * hour, 2 * hour)
    >>> elapsed == hour, due - friday == (2 * 24 + 17) * hour  # Monday 10:00
    (True, True)
    """

    __slots__ = ("_timeline", "epoch")

    def __init__(self, schedule: Schedule) -> None:
        self._timeline = schedule._tl
        self.epoch = schedule._epoch
        """The epoch in the schedule's zone: ``from_us_fast(us, epoch)`` is an instant there."""

    def add(self, start: int, duration: int) -> int:
        """:meth:`Schedule.add` in microseconds."""
        return ops.add_one(self._timeline, start, duration)

    def between(self, start: int, end: int) -> int:
        """:meth:`Schedule.between` in microseconds."""
        return ops.between_one(self._timeline, start, end)

    def between_and_add(self, start: int, end: int, duration: int) -> tuple[int, int]:
        """:meth:`Schedule.between_and_add` in microseconds."""
        return ops.measure_one(self._timeline, start, end, duration)


class Measure(NamedTuple):
    """Clock time of a metric as of ``now``, in microseconds."""

    elapsed: int
    paused: int
    deadline: int


def _minus_pauses(start: int, end: int, pauses: Sequence[Interval]) -> list[Interval]:
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
    clock: MetricClock, spans: Sequence[Interval], pauses: Sequence[Interval], target: int
) -> Measure:
    """Elapsed and paused clock time of ``spans`` (each ending at its stop or ``now``).

    The deadline is the instant at which the running time reaches ``target``;
    when the clock is stopped or paused before that, it is where the deadline
    would be if the clock ran on from the end of the last span.

    Examples
    --------
    >>> measure(CALENDAR, [(0, 100)], [(20, 50)], 60)
    Measure(elapsed=70, paused=30, deadline=90)
    """
    if len(spans) == 1 and not pauses:
        start, end = spans[0]
        ran, due = clock.between_and_add(start, end, target)
        return Measure(ran, 0, due)
    elapsed = paused = 0
    deadline: int | None = None
    remaining = target
    for start, end in spans:
        span_time = 0
        for low, high in _minus_pauses(start, end, pauses):
            piece = clock.between(low, high)
            if deadline is None and piece >= remaining:
                deadline = clock.add(low, remaining)
            remaining -= piece
            span_time += piece
        elapsed += span_time
        paused += clock.between(start, end) - span_time
    if deadline is None:
        deadline = clock.add(spans[-1][1], remaining)
    return Measure(elapsed=elapsed, paused=paused, deadline=deadline)
