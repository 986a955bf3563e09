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

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple, Protocol

from csmetrics._models.history import Span
from csmetrics._schedule import ops

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from csmetrics._schedule.schedule import Schedule


__all__ = [
    "CALENDAR",
    "NO_PAUSES",
    "BusinessClock",
    "CalendarClock",
    "Interval",
    "Measure",
    "MetricClock",
    "PauseIndex",
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


class PauseIndex:
    """Pauses as sorted, merged intervals with the clock time paused before each.

    Built once per evaluation, it answers "how much clock time was paused
    before ``t``" with one binary search, so measuring ``s`` spans against
    ``p`` pauses costs ``O((s + p) log p)`` instead of ``O(s * p)``.
    Overlapping or touching pauses are merged first (the paused time is the
    same: open time is additive).

    Examples
    --------
    >>> index = PauseIndex(CALENDAR, [(20, 50), (50, 60), (80, 90)])
    >>> index.lows, index.highs, index.paused_before(55), index.paused_in(0, 85)
    ([20, 80], [60, 90], 35, 45)
    """

    __slots__ = ("_before", "_clock", "highs", "lows")

    def __init__(self, clock: MetricClock, pauses: Iterable[Interval]) -> None:
        self._clock = clock
        self.lows: list[int] = []
        self.highs: list[int] = []
        for low, high in sorted(pauses):
            if self.highs and low <= self.highs[-1]:
                self.highs[-1] = max(self.highs[-1], high)
            elif high > low:
                self.lows.append(low)
                self.highs.append(high)
        self._before = [0]
        for low, high in zip(self.lows, self.highs, strict=True):
            self._before.append(self._before[-1] + clock.between(low, high))

    def __len__(self) -> int:
        return len(self.lows)

    def paused_before(self, t: int) -> int:
        """The clock time paused before ``t``."""
        k = bisect_right(self.lows, t) - 1
        if k < 0:
            return 0
        if t >= self.highs[k]:  # after the whole pause
            return self._before[k + 1]
        return self._before[k] + self._clock.between(self.lows[k], t)

    def paused_in(self, start: int, end: int) -> int:
        """The clock time paused in ``[start, end)``."""
        return self.paused_before(end) - self.paused_before(start)

    def deadline_in(
        self, start: int, end: int, remaining: int, clock: MetricClock | None = None
    ) -> int:
        """The instant at which ``remaining`` running time has passed in ``[start, end)``.

        The span must hold at least ``remaining > 0`` of running time. The
        answer lies in the first piece of the span between pauses whose end
        reaches it (found by binary search), ``clock.add`` from that piece's start.
        ``clock`` is the metric's clock (default: the index's own); an empty
        index (:data:`NO_PAUSES`) is built on no particular clock, so the
        metric's clock must be given for it.
        """
        clock = self._clock if clock is None else clock
        first = bisect_right(self.highs, start)  # the first pause that ends after start
        last = bisect_left(self.lows, end) - 1  # the last pause that begins before end

        def piece_start(m: int) -> int:
            return start if m == 0 else self.highs[first + m - 1]

        def piece_end(m: int) -> int:
            return end if first + m > last else max(start, self.lows[first + m])

        def ran(t: int) -> int:
            return clock.between(start, t) - self.paused_in(start, t)

        lo, hi = 0, max(last - first + 1, 0)
        while lo < hi:
            mid = (lo + hi) // 2
            if ran(piece_end(mid)) >= remaining:
                hi = mid
            else:
                lo = mid + 1
        begin = piece_start(lo)
        return clock.add(begin, remaining - ran(begin))


NO_PAUSES = PauseIndex(CALENDAR, ())
"""No pauses (on any clock: an empty index never asks its clock)."""


def measure(
    clock: MetricClock,
    spans: Sequence[Interval],
    pauses: Sequence[Interval] | PauseIndex,
    target: int,
) -> Measure:
    """Elapsed and paused clock time of ``spans`` (each ending at its stop or ``now``).

    ``spans`` are in time order and do not overlap; ``pauses`` are intervals
    (or a :class:`PauseIndex` built on the same clock). The deadline is the
    instant at which the running time reaches ``target`` (> 0); when the
    clock is stopped or paused before that, it is where the deadline would be
    if the clock ran on from the end of the last span. The cost is
    ``O((len(spans) + len(pauses)) log len(pauses))``.

    Examples
    --------
    >>> measure(CALENDAR, [(0, 100)], [(20, 50)], 60)
    Measure(elapsed=70, paused=30, deadline=90)
    >>> measure(CALENDAR, [(0, 10), (20, 40)], [(5, 25)], 12)
    Measure(elapsed=20, paused=10, deadline=32)
    """
    index = pauses if isinstance(pauses, PauseIndex) else PauseIndex(clock, pauses)
    if len(spans) == 1 and not index:
        start, end = spans[0]
        ran, due = clock.between_and_add(start, end, target)
        return Measure(ran, 0, due)
    elapsed = paused = 0
    deadline: int | None = None
    for start, end in spans:
        held = index.paused_in(start, end)
        ran = clock.between(start, end) - held
        remaining = target - elapsed
        if deadline is None and ran >= remaining > 0:
            deadline = index.deadline_in(start, end, remaining, clock)
        elapsed += ran
        paused += held
    if deadline is None:
        deadline = clock.add(spans[-1][1], target - elapsed)
    return Measure(elapsed=elapsed, paused=paused, deadline=deadline)
