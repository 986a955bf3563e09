"""Elapsed, paused and deadline of a metric over every ticket's events (``measure``, columnar).

A metric's clock runs in spans (the first response: ``created_at`` to its
stop; resolution: each cycle), minus the pauses on a business clock. The
:class:`~csmetrics._sla.ragged.States` intervals give its running pieces
directly: the intervals of the running state (business time) or of any
state but resolved (calendar time), cut at the first response's stop. The
units measured apart (*segments*) are tickets, or cycles for a
``per_cycle`` resolution.

Per segment, as :func:`csmetrics._sla.clock.measure` computes it: elapsed is
the sum of the pieces' clock time; the deadline lies in the first piece at
whose end the running time reaches the target (``clock.add`` from the
piece's start of what is left), else ``clock.add`` from the segment's end of
what is left. Sums use wrapping int64 cumulative sums differenced per
segment (exact: each segment's sum fits in int64). One ``between`` per piece
and metric clock, one ``add`` per row and rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.instants import NAT
from csmetrics._sla.metric_columns import Group, Index, RuleMeasure, allowed_from, clock_of
from csmetrics._sla.ragged import PAUSED, RESOLVED, RUNNING

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.schedule import Schedule
    from csmetrics._sla.policy import Metric
    from csmetrics._sla.ragged import States

__all__ = ["IntervalClocks", "RaggedMeasurer"]


class IntervalClocks:
    """The clock time of every :class:`States` interval, read once for every metric and rule.

    Business time is read as the clock's reading at each boundary,
    ``between(ref, t)`` from the earliest instant ``ref`` (one
    ``Schedule.between_many`` over the boundaries, ``now`` and the first
    responses' stops): an interval's open time is the difference of the
    readings at its ends (open time is additive).
    """

    def __init__(self, schedule: Schedule, states: States) -> None:
        self.schedule, self.states = schedule, states
        self._found: dict[tuple[str, bool], npt.NDArray[np.int64]] = {}
        self._readings: tuple[Any, Any, Any] | None = None

    def lengths(self, clock: str, *, cut: bool) -> npt.NDArray[np.int64]:
        """Each interval's clock time (``cut``: ended at the first response's stop)."""
        key = (clock, cut)
        if key not in self._found:
            if clock == "calendar":
                start, end, stop = self.states.start, self.states.end, self.states.first_stop
            else:
                start, end, stop = self._read()
            if cut:
                stops = self.states.first_stop[self.states.row]
                end = np.where(
                    (stops != NAT) & (self.states.end > stops), stop[self.states.row], end
                )
            self._found[key] = end - start
        return self._found[key]

    def _read(self) -> tuple[Any, Any, Any]:
        """The business clock's readings at each interval's start and end and at each stop."""
        if self._readings is None:
            states = self.states
            stops = states.first_stop
            has = stops != NAT
            points = np.concatenate((states.start, [states.moment], stops[has])).astype(np.int64)
            ref = np.full(points.shape, points.min() if points.size else 0, dtype=np.int64)
            read = self.schedule.between_many(_times(ref), _times(points)).view(np.int64)
            size = states.start.shape[0]
            at_start = read[:size]
            at_end = np.empty(size, dtype=np.int64)
            at_end[:-1] = read[1:size]
            tail = np.ones(size, dtype=bool)
            tail[:-1] = states.row[1:] != states.row[:-1]
            at_end[tail] = read[size]  # each ticket's last interval ends at now
            at_stop = np.zeros(stops.shape[0], dtype=np.int64)
            at_stop[has] = read[size + 1 :]
            self._readings = at_start, at_end, at_stop
        return self._readings


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Running pieces of every segment on one clock, in segment then time order."""

    start: npt.NDArray[np.int64]
    cum: npt.NDArray[np.int64]
    """Clock time of the segment's pieces up to and including this one."""
    length: npt.NDArray[np.int64]
    first: npt.NDArray[np.int64]
    """Per segment: its first piece."""
    count: npt.NDArray[np.int64]
    elapsed: npt.NDArray[np.int64]
    paused: npt.NDArray[np.int64]


class RaggedMeasurer:
    """First response or resolution of every ticket from its :class:`States`."""

    def __init__(
        self,
        schedule: Schedule,
        levels: npt.NDArray[np.int8],
        clocks: IntervalClocks,
        metric: Metric,
        *,
        per_cycle: bool,
    ) -> None:
        states = clocks.states
        self.schedule, self.levels, self.states, self.clocks = schedule, levels, states, clocks
        n = levels.shape[0]
        self.per_cycle = per_cycle = per_cycle and metric == "resolution"
        created = states.created
        if metric == "first_response":
            stops = states.first_stop
            self.stopped = stops != NAT
            self.seg_row = np.arange(n, dtype=np.int64)
            self.seg_start = created
            self.seg_end = np.where(self.stopped, stops, np.int64(states.moment))
        elif per_cycle:
            self.seg_row, self.seg_start = states.cycle_row, states.cycle_start
            self.seg_end = states.cycle_end
            self.stopped = states.resolved
        else:
            last = states.first_cycle[1:] - 1
            self.seg_row, self.seg_start = np.arange(n, dtype=np.int64), created
            self.seg_end = states.cycle_end[last]
            self.stopped = states.cycle_stopped[last]
        self.first_response = metric == "first_response"
        self._pieces: dict[str, _Pieces] = {}

    def _segments_of(self, chosen: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """The segment of each chosen interval."""
        return self.states.cycle[chosen] if self.per_cycle else self.states.row[chosen]

    def pieces(self, clock: str) -> _Pieces:
        """The running pieces on ``clock`` ("business" or "calendar"), measured once."""
        if clock not in self._pieces:
            self._pieces[clock] = self._measure_pieces(clock)
        return self._pieces[clock]

    def _measure_pieces(self, clock: str) -> _Pieces:
        states = self.states
        business = clock != "calendar"
        running = states.state == RUNNING if business else states.state != RESOLVED
        lengths = self.clocks.lengths(clock, cut=self.first_response)
        start = states.start
        if self.first_response:  # cut at the stop (every interval before it is unresolved)
            running &= start < self.seg_end[states.row]
        seg = self._segments_of(running)
        size = self.seg_row.shape[0]
        length = lengths[running]
        first, count, sums, cum = _segment_sums(length, seg, size)
        paused = np.zeros(size, dtype=np.int64)
        if business:
            held = states.state == PAUSED
            if self.first_response:
                held &= start < self.seg_end[states.row]
            if held.any():
                paused = _segment_sums(lengths[held], self._segments_of(held), size)[2]
        return _Pieces(start[running], cum, length, first, count, sums, paused)

    def measure(self, group: Group, index: Index) -> RuleMeasure:
        """The rows ``index`` of ``group``: its targets, the picked cycle of each row."""
        n = self.levels.shape[0]
        rows = np.zeros(n, dtype=bool)
        rows[index] = True
        segs = np.flatnonzero(rows[self.seg_row])
        seg_rows = self.seg_row[segs]
        starts = self.seg_start[segs]
        allowed = allowed_from(group, self.schedule, _times(starts), self.levels[seg_rows])
        target = allowed.view(np.int64)
        clock = "calendar" if group.target.clock == "calendar" else "business"
        pieces = self.pieces(clock)
        elapsed, paused = pieces.elapsed[segs], pieces.paused[segs]
        deadline = self._deadlines(group, pieces, segs, target, elapsed)
        if self.per_cycle:
            picked = self._pick(segs, seg_rows, target - elapsed)
            allowed, elapsed, paused = allowed[picked], elapsed[picked], paused[picked]
            deadline = deadline[picked]
        return RuleMeasure(allowed, _deltas(elapsed), _deltas(paused), _times(deadline))

    def _deadlines(
        self,
        group: Group,
        pieces: _Pieces,
        segs: npt.NDArray[np.int64],
        target: npt.NDArray[np.int64],
        elapsed: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        size = self.seg_row.shape[0]
        wanted = np.zeros(size, dtype=np.int64)
        wanted[segs] = target
        chosen = np.zeros(size, dtype=bool)
        chosen[segs] = True
        owner = np.repeat(np.arange(size, dtype=np.int64), pieces.count)
        short = chosen[owner] & (pieces.cum < wanted[owner])
        below = np.bincount(owner[short], minlength=size)[segs]
        crossing = (target > 0) & (below < pieces.count[segs])
        at = np.where(crossing, pieces.first[segs] + below, 0)
        spot = np.where(crossing, pieces.start[at] if pieces.start.size else 0, self.seg_end[segs])
        before = np.where(crossing, pieces.cum[at] - pieces.length[at], elapsed) \
            if pieces.start.size else elapsed  # fmt: skip
        add = clock_of(group.target, self.schedule).add
        return add(_times(spot), _deltas(target - before)).view(np.int64)

    def _pick(
        self,
        segs: npt.NDArray[np.int64],
        seg_rows: npt.NDArray[np.int64],
        remaining: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        """Per row, the cycle that stands for it: the running one, else the most overdue.

        Ties go to the latest cycle (as ``evaluate``'s ``_pick_cycle``).
        """
        order = np.lexsort((-segs, remaining, seg_rows))
        head = np.ones(order.shape[0], dtype=bool)
        head[1:] = seg_rows[order[1:]] != seg_rows[order[:-1]]
        worst = order[head]
        tail = np.ones(seg_rows.shape[0], dtype=bool)
        tail[:-1] = seg_rows[1:] != seg_rows[:-1]
        last = np.flatnonzero(tail)
        return np.where(self.states.cycle_stopped[segs[last]], worst, last)


def _segment_sums(
    values: npt.NDArray[np.int64], seg: npt.NDArray[np.int64], size: int
) -> tuple[Any, Any, Any, Any]:
    """``(first, count, sums, cumulative)`` of ``values`` grouped by sorted ``seg``.

    Wrapping int64 sums differenced per segment: exact whenever each
    segment's own sums fit in int64, however large the total.
    """
    count = np.bincount(seg, minlength=size).astype(np.int64)
    ends = np.cumsum(count)
    first = ends - count
    running = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    sums = running[ends] - running[first]
    cum = running[1:] - running[first][seg] if values.size else values.copy()
    return first, count, sums, cum


def _times(us: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    return np.asarray(us, dtype=np.int64).view("datetime64[us]")


def _deltas(us: npt.NDArray[np.int64]) -> npt.NDArray[np.timedelta64]:
    return np.asarray(us, dtype=np.int64).view("timedelta64[us]")
