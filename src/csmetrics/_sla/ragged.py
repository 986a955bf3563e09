"""Every ticket's events, read as ``read_history`` reads them, in a few passes over flat arrays.

The columnar form of :func:`csmetrics._models.history.read_history` for the
SLA clocks. Each event (at or before ``now``) leaves its ticket in one of
three states: running, paused, resolved. Two latches give the state after
every event, in list order (so same-instant events apply in list order):

- resolved: set by ``resolved`` / ``closed``, reset by ``reopened``;
- paused: set by a ``pause`` while not resolved, reset by ``resume``,
  ``resolved`` or ``closed`` (a ``pause`` while paused and a ``resume``
  while running change nothing, as in ``read_history``).

A latch's value after event ``i`` is the kind of the last setting or
resetting event at or before ``i`` in its ticket (``np.maximum.accumulate``
of their positions). The events where the state changes cut each ticket's
life (``created_at`` to ``now``) into intervals of one state; the resolution
cycles are the runs of intervals that are not resolved. The first response
stops at the first ``agent_reply``, ``resolved`` or ``closed``.

Cost: ``O(events + tickets)`` numpy work, no Python loop per ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.instants import NAT
from csmetrics._models.enums import EventKind
from csmetrics._models.ticket_events import EVENT_KINDS, TicketEvents
from csmetrics.exceptions import InvalidEventError, InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["PAUSED", "RESOLVED", "RUNNING", "States", "read_states"]

RUNNING, PAUSED, RESOLVED = 0, 1, 2
_CODE = {kind: np.int8(code) for code, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True, slots=True)
class States:
    """Every ticket's life as of ``now`` in intervals of one state (microseconds).

    Intervals are in ticket order, then time order; each ticket has at least
    one (``created_at`` to the first change, or to ``now``).
    """

    row: npt.NDArray[np.int64]
    """The ticket of each interval."""
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    state: npt.NDArray[np.int8]
    cycle: npt.NDArray[np.int64]
    """The resolution cycle (index into the ``cycle_*`` arrays) of each interval."""
    cycle_row: npt.NDArray[np.int64]
    cycle_start: npt.NDArray[np.int64]
    cycle_end: npt.NDArray[np.int64]
    """Where each cycle stopped (``now`` for a running one)."""
    cycle_stopped: npt.NDArray[np.bool_]
    first_cycle: npt.NDArray[np.int64]
    """Per ticket: its first cycle (its cycles are ``first_cycle[i]:first_cycle[i + 1]``)."""
    first_stop: npt.NDArray[np.int64]
    """Per ticket: where the first response stopped (``NAT``: still running)."""
    level: npt.NDArray[np.int8]
    """Per ticket: the level of its last ``priority_changed`` (-1: none)."""
    created: npt.NDArray[np.int64]
    moment: int

    @property
    def resolved(self) -> npt.NDArray[np.bool_]:
        """Per ticket: resolved as of ``now`` (its last cycle stopped)."""
        return self.cycle_stopped[self.first_cycle[1:] - 1]


def read_states(events: TicketEvents, created: npt.NDArray[np.int64], moment: int) -> States:
    """The states of every ticket (``created``: UTC microseconds) as of ``moment``.

    Raises
    ------
    InvalidInputError
        ``events`` is not for as many tickets as ``created``.
    InvalidEventError
        A ticket's events out of time order or before its ``created_at``
        (as ``evaluate`` raises): the message names the row and the event.
    """
    n = created.shape[0]
    if len(events) != n:
        msg = (
            f"events: expected the events of {n} tickets (offsets of length {n + 1}), "
            f"got offsets of length {len(events) + 1}"
        )
        raise InvalidInputError(msg)
    row = np.repeat(np.arange(n, dtype=np.int64), np.diff(events.offsets))
    at = events.at.astype("datetime64[us]").view(np.int64)
    _check_order(row, at, created, events.offsets)
    keep = at <= moment  # a prefix of each ticket's events (they are in order)
    row, at, kind = row[keep], at[keep], events.kind[keep]
    level = _last_level(row, kind, events.priority[keep], n)
    heads = np.concatenate(([0], np.cumsum(np.bincount(row, minlength=n))))[:-1]
    first = heads[row]  # the position of each event's ticket's first event
    stops = (kind == _CODE[EventKind.RESOLVED]) | (kind == _CODE[EventKind.CLOSED])
    resolved = _latch(stops, kind == _CODE[EventKind.REOPENED], first)
    pauses = (kind == _CODE[EventKind.PAUSE]) & ~resolved
    paused = _latch(pauses, (kind == _CODE[EventKind.RESUME]) | stops, first)
    state = np.where(resolved, RESOLVED, np.where(paused, PAUSED, RUNNING)).astype(np.int8)
    before = np.empty_like(state)
    before[1:] = state[:-1]
    before[np.arange(row.shape[0]) == first] = RUNNING  # every ticket starts running
    change = state != before
    replies = np.flatnonzero((kind == _CODE[EventKind.AGENT_REPLY]) | stops)
    return _intervals(
        n, created, moment, rows=row[change], at=at[change], state=state[change],
        first_stop=_first_per_row(row[replies], at[replies], n), level=level,
    )  # fmt: skip


def _check_order(
    row: npt.NDArray[np.int64],
    at: npt.NDArray[np.int64],
    created: npt.NDArray[np.int64],
    offsets: npt.NDArray[np.int64],
) -> None:
    early = at < created[row]
    back = np.zeros(at.shape, dtype=bool)
    back[1:] = (at[1:] < at[:-1]) & (row[1:] == row[:-1])
    bad = early | back
    if not bad.any():
        return
    index = int(np.flatnonzero(bad)[0])
    ticket = int(row[index])
    where = f"at row {ticket}, event {index - int(offsets[ticket])}"
    if early[index]:
        msg = f"events: expected events at or after the ticket's created_at, got one before {where}"
    else:
        msg = (
            "events: expected each ticket's events in time order, got one earlier than "
            f"the event before it {where}"
        )
    raise InvalidEventError(msg)


def _latch(
    sets: npt.NDArray[np.bool_], resets: npt.NDArray[np.bool_], first: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """After each event: whether the last setting or resetting event of its ticket set."""
    if not sets.shape[0]:
        return sets.copy()
    marks = np.where(sets | resets, np.arange(sets.shape[0]), -1)
    last = np.maximum.accumulate(marks)
    seen = last >= first
    return seen & sets[np.where(seen, last, 0)]


def _first_per_row(
    rows: npt.NDArray[np.int64], values: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.int64]:
    """The first value of each row (``rows`` sorted; ``NAT`` for rows without one)."""
    out = np.full(n, NAT, dtype=np.int64)
    if rows.shape[0]:
        head = np.ones(rows.shape[0], dtype=bool)
        head[1:] = rows[1:] != rows[:-1]
        out[rows[head]] = values[head]
    return out


def _last_level(
    row: npt.NDArray[np.int64],
    kind: npt.NDArray[np.int8],
    priority: npt.NDArray[np.int8],
    n: int,
) -> npt.NDArray[np.int8]:
    """The level of each ticket's last ``priority_changed`` (-1: none)."""
    found = np.flatnonzero(kind == _CODE[EventKind.PRIORITY_CHANGED])
    out = np.full(n, -1, dtype=np.int8)
    if found.shape[0]:
        rows = row[found]
        tail = np.ones(rows.shape[0], dtype=bool)
        tail[:-1] = rows[1:] != rows[:-1]
        out[rows[tail]] = priority[found[tail]]
    return out


def _intervals(
    n: int,
    created: npt.NDArray[np.int64],
    moment: int,
    *,
    rows: npt.NDArray[np.int64],
    at: npt.NDArray[np.int64],
    state: npt.NDArray[np.int8],
    first_stop: npt.NDArray[np.int64],
    level: npt.NDArray[np.int8],
) -> States:
    """Intervals from each ticket's creation and its state changes (``rows`` sorted)."""
    changes = np.bincount(rows, minlength=n)
    offsets = np.concatenate(([0], np.cumsum(changes + 1)))
    heads = offsets[:-1]
    size = int(offsets[-1])
    start = np.empty(size, dtype=np.int64)
    states = np.empty(size, dtype=np.int8)
    start[heads], states[heads] = created, RUNNING
    rank = np.arange(rows.shape[0]) - np.concatenate(([0], np.cumsum(changes)))[:-1][rows]
    spot = heads[rows] + 1 + rank
    start[spot], states[spot] = at, state
    end = np.empty(size, dtype=np.int64)
    end[:-1] = start[1:]
    end[offsets[1:] - 1] = moment
    previous = np.empty_like(states)
    previous[1:] = states[:-1]
    previous[heads] = RESOLVED  # each ticket's first interval opens a cycle
    opens = (previous == RESOLVED) & (states != RESOLVED)
    cycle = np.cumsum(opens) - 1
    closes = np.flatnonzero(states == RESOLVED)  # only at changes: each closes its cycle
    cycle_end = np.full(int(opens.sum()), moment, dtype=np.int64)
    cycle_end[cycle[closes]] = start[closes]
    stopped = np.zeros(cycle_end.shape[0], dtype=bool)
    stopped[cycle[closes]] = True
    row = np.repeat(np.arange(n, dtype=np.int64), changes + 1)
    return States(
        row=row, start=start, end=end, state=states, cycle=cycle,
        cycle_row=row[opens], cycle_start=start[opens], cycle_end=cycle_end,
        cycle_stopped=stopped,
        first_cycle=np.concatenate(([0], np.cumsum(np.bincount(row[opens], minlength=n)))),
        first_stop=first_stop, level=level, created=created, moment=moment,
    )  # fmt: skip
