"""What every ticket's events say as of ``now``, for the report, in a few numpy passes.

The columnar form of the parts of ``read_history`` the report needs: the
status, whether (and whether still) resolved, reopens, agent replies before
the first resolution, and first-contact resolution.

First-contact resolution is *unknown* when the history is too thin to tell:

- when no ticket of the input records a conversation (no customer reply
  and no second agent reply anywhere): the data only says *that* a ticket
  was answered and resolved, not how many contacts it took;
- for a ticket resolved without any agent reply recorded.

Unknown tickets are counted apart, never as resolved on first contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._models.enums import EventKind, Status
from csmetrics._models.ticket_events import EVENT_KINDS, TicketEvents

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["FCR_NO", "FCR_OPEN", "FCR_UNKNOWN", "FCR_YES", "STATUSES", "Outcomes", "read_outcomes"]

STATUSES = tuple(Status)
"""Status by code (``Outcomes.status``)."""
FCR_YES, FCR_NO, FCR_UNKNOWN, FCR_OPEN = 1, 0, -1, -2
_CODE = {kind: EVENT_KINDS.index(kind) for kind in EventKind}
_NEW, _OPEN, _PAUSED, _RESOLVED, _CLOSED = (STATUSES.index(s) for s in STATUSES)


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Per ticket, as of ``now``."""

    status: npt.NDArray[np.int8]
    """Index into ``STATUSES``."""
    was_resolved: npt.NDArray[np.bool_]
    is_resolved: npt.NDArray[np.bool_]
    reopens: npt.NDArray[np.int64]
    fcr: npt.NDArray[np.int8]
    """``FCR_YES``, ``FCR_NO``, ``FCR_UNKNOWN`` or ``FCR_OPEN`` (never resolved)."""
    conversations: bool
    """Whether the input records conversations (customer replies or second replies)."""


def _last_kind(
    row: npt.NDArray[np.int64], kind: npt.NDArray[np.int8], mask: npt.NDArray[np.bool_], n: int
) -> npt.NDArray[np.int8]:
    """Per ticket: the kind of its last event where ``mask`` holds (-1: none)."""
    out = np.full(n, -1, np.int8)
    idx = np.flatnonzero(mask)
    rows = row[idx]  # non-decreasing: the events are flat in ticket order
    last = np.ones(rows.shape[0], dtype=bool)
    last[:-1] = rows[1:] != rows[:-1]
    out[rows[last]] = kind[idx[last]]
    return out


def _first_position(
    row: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_], n: int, size: int
) -> npt.NDArray[np.int64]:
    """Per ticket: the flat position of its first event where ``mask`` holds (``size``: none)."""
    out = np.full(n, size, np.int64)
    idx = np.flatnonzero(mask)
    rows = row[idx]
    first = np.ones(rows.shape[0], dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    out[rows[first]] = idx[first]
    return out


def _is(kind: npt.NDArray[np.int8], *kinds: EventKind) -> npt.NDArray[np.bool_]:
    out: npt.NDArray[np.bool_] = kind == _CODE[kinds[0]]
    for other in kinds[1:]:
        out |= kind == _CODE[other]
    return out


def read_outcomes(events: TicketEvents, moment: int) -> Outcomes:
    """The outcomes of every ticket from its events at or before ``moment`` (UTC microseconds)."""
    n = len(events)
    size = int(events.offsets[-1])
    row = np.repeat(np.arange(n, dtype=np.int64), events.counts())
    kind = events.kind
    valid = events.at.view(np.int64) <= moment
    reply = valid & _is(kind, EventKind.AGENT_REPLY)
    stop = valid & _is(kind, EventKind.RESOLVED, EventKind.CLOSED)
    reopened = valid & _is(kind, EventKind.REOPENED)
    latch = _last_kind(row, kind, stop | reopened, n)
    is_resolved = (latch == _CODE[EventKind.RESOLVED]) | (latch == _CODE[EventKind.CLOSED])
    replies = np.bincount(row[reply], minlength=n)
    status = np.where(replies > 0, _OPEN, _NEW).astype(np.int8)
    status[latch == _CODE[EventKind.REOPENED]] = _OPEN
    status[latch == _CODE[EventKind.RESOLVED]] = _RESOLVED
    status[latch == _CODE[EventKind.CLOSED]] = _CLOSED
    pausing = valid & _is(
        kind,
        EventKind.PAUSE,
        EventKind.RESUME,
        EventKind.RESOLVED,
        EventKind.CLOSED,
        EventKind.REOPENED,
    )
    paused = _last_kind(row, kind, pausing, n) == _CODE[EventKind.PAUSE]
    status[paused & (status <= _OPEN)] = _PAUSED
    first_stop = _first_position(row, stop, n, size)
    before = reply & (np.arange(size) < first_stop[row])
    replies_before = np.bincount(row[before], minlength=n)
    reopens = np.bincount(row[reopened], minlength=n)
    was_resolved = first_stop < size
    customer = valid & _is(kind, EventKind.CUSTOMER_REPLY)
    conversations = bool(customer.any() or (replies > 1).any())
    fcr = np.full(n, FCR_OPEN, np.int8)
    fcr[was_resolved] = FCR_UNKNOWN
    if conversations:
        known = was_resolved & ((replies_before > 0) | (reopens > 0))
        fcr[known] = np.where((replies_before[known] <= 1) & (reopens[known] == 0), FCR_YES, FCR_NO)
    else:
        fcr[was_resolved & ((reopens > 0) | (replies_before > 1))] = FCR_NO
    return Outcomes(status, was_resolved, is_resolved, reopens.astype(np.int64), fcr, conversations)
