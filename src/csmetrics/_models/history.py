"""The one reader of a ticket's events: what they say as of ``now``, read once, in order.

Every consumer of a ticket's events (the ``Ticket`` properties, SLA
evaluation, the columns of ``evaluate_many``, the ticket rates and the
report) reads them through :func:`read_history`. The rules:

- only events at or before ``now`` count; equal timestamps apply in list order;
- a pause starts at a ``pause`` while the ticket is not resolved and not
  paused, and ends at the next ``resume``, ``resolved`` or ``closed``; a
  ``pause`` while paused (or while resolved) and a ``resume`` while running
  change nothing; a pause still running at ``now`` has no end;
- the first response runs from ``created_at`` to the first ``agent_reply``,
  or to a ``resolved`` / ``closed`` that comes before any reply;
- resolution cycles run from ``created_at`` to the first ``resolved`` /
  ``closed``; each ``reopened`` of a resolved ticket starts another;
- waits (for the next reply): after the first response, while the ticket is
  not resolved, a ``customer_reply`` that finds no other one waiting starts
  one; the next ``agent_reply`` (or resolution) ends it;
- follow-ups: the first ``survey_sent`` / ``revisit`` after the latest
  resolution, while the ticket stays resolved;
- status: ``new`` until the first agent reply, then ``open``; ``resolved`` /
  ``closed`` at those events; ``open`` again at a ``reopened`` (which also
  ends the ``paused`` status); ``paused`` while a ``pause`` is the latest of
  ``pause`` / ``resume`` and the ticket is new or open.

Events of a ticket built without validation (``Ticket.model_construct``)
are checked here: out of time order, before ``created_at``, without a
timezone or of an unknown kind, they raise
:class:`~csmetrics.exceptions.InvalidEventError`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from csmetrics._core.describe import describe
from csmetrics._models.enums import EventKind, Priority, Status
from csmetrics.exceptions import InvalidEventError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from csmetrics._models.records import Ticket, TicketEvent

__all__ = ["STOPS", "History", "Pause", "Span", "check_events", "read_history"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
STOPS = frozenset({EventKind.RESOLVED, EventKind.CLOSED})
"""The events that resolve a ticket (and stop its resolution clock)."""

_STOP_STATUS = {kind: Status(kind.value) for kind in STOPS}
_STOP_NAMES = {kind: kind.value for kind in STOPS}  # Enum.value is a slow property


class Span(NamedTuple):
    """One running stretch of a clock: ``start`` to ``stop`` (``None``: still running)."""

    start: dt.datetime
    stop: dt.datetime | None = None
    stopped_by: str | None = None
    """The kind of the event that stopped it (``"agent_reply"``, ``"resolved"`` ...)."""


class Pause(NamedTuple):
    """One pause: ``start`` to ``end`` (``None``: still paused)."""

    start: dt.datetime
    end: dt.datetime | None = None


class History(NamedTuple):
    """What a ticket's events say as of one instant (see the module rules).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> ticket = Ticket(id="T1", created_at=t0, priority="P3", events=[
    ...     {"kind": "agent_reply", "at": t0 + dt.timedelta(minutes=12)},
    ...     {"kind": "pause", "at": t0 + dt.timedelta(minutes=20)},
    ...     {"kind": "resume", "at": t0 + dt.timedelta(minutes=50)},
    ...     {"kind": "resolved", "at": t0 + dt.timedelta(hours=2)},
    ... ])
    >>> history = read_history(ticket)
    >>> history.status, history.first_response.stopped_by, history.is_resolved
    (<Status.RESOLVED: 'resolved'>, 'agent_reply', True)
    >>> [(p.end - p.start) for p in history.pauses]
    [datetime.timedelta(seconds=1800)]
    >>> read_history(ticket, now=t0 + dt.timedelta(minutes=30)).status
    <Status.PAUSED: 'paused'>
    """

    created_at: dt.datetime
    priority: Priority | None
    """The ticket's priority after its last ``priority_changed``."""
    status: Status
    first_response: Span
    """``created_at`` to the first agent reply (or a resolution before any)."""
    first_reply_at: dt.datetime | None
    """The first ``agent_reply`` (even one after a resolution)."""
    cycles: tuple[Span, ...]
    """Resolution cycles: ``created_at`` (then each reopen) to a resolution."""
    resolved_at: dt.datetime | None
    """The last ``resolved`` (or, without any, the last ``closed``)."""
    reopens: int
    """How many ``reopened`` events."""
    replies_before_resolution: int
    """Agent replies before the first ``resolved`` / ``closed``."""
    waits: tuple[Span, ...]
    """Customer replies waiting for an answer (the next-reply clock)."""
    repeat_contacts: int
    """Customer replies after the first agent reply."""
    pauses: tuple[Pause, ...]
    survey_sent_at: dt.datetime | None
    """The first ``survey_sent`` after the latest resolution (while resolved)."""
    revisited_at: dt.datetime | None
    """The first ``revisit`` after the latest resolution (while resolved)."""
    notes: tuple[str, ...]

    @property
    def is_resolved(self) -> bool:
        """Resolved or closed, and not reopened since."""
        return self.cycles[-1].stop is not None

    @property
    def was_resolved(self) -> bool:
        """Resolved or closed at least once."""
        return self.cycles[0].stop is not None

    @property
    def resolution_stopped_at(self) -> dt.datetime | None:
        """Where the resolution clock last stopped (the last resolution, in SLA terms)."""
        return next((cycle.stop for cycle in reversed(self.cycles) if cycle.stop), None)

    @property
    def paused(self) -> bool:
        """Whether a pause is still running."""
        return bool(self.pauses) and self.pauses[-1].end is None


_AGENT, _CUSTOMER = EventKind.AGENT_REPLY, EventKind.CUSTOMER_REPLY
_RESOLVED, _CLOSED = EventKind.RESOLVED, EventKind.CLOSED
_PAUSE, _RESUME, _REOPENED = EventKind.PAUSE, EventKind.RESUME, EventKind.REOPENED
_SURVEY, _REVISIT = EventKind.SURVEY_SENT, EventKind.REVISIT
_PRIORITY_CHANGED = EventKind.PRIORITY_CHANGED
_NEW, _OPEN, _PAUSED = Status.NEW, Status.OPEN, Status.PAUSED


def read_history(ticket: Ticket, *, now: dt.datetime | None = None) -> History:
    """What ``ticket``'s events at or before ``now`` say (all of them when ``now`` is None).

    ``now`` must be timezone-aware (callers check it). The events are read
    once, in list order.

    Raises
    ------
    InvalidEventError
        Events out of time order, before ``created_at``, without a time zone
        or of an unknown kind (possible only in a ticket built with
        ``Ticket.model_construct``, which skips validation).
    """
    try:
        return _read(ticket, now)
    except (AttributeError, TypeError):
        check_events(ticket.created_at, ticket.events)  # names the malformed event
        raise


def _read(ticket: Ticket, now: dt.datetime | None) -> History:  # noqa: PLR0912, PLR0915
    """The one pass over the events behind :func:`read_history`.

    One function with local variables on purpose: it runs for every
    ``evaluate`` call, and a method per event kind made it twice as slow.
    """
    created = previous = ticket.created_at
    priority = ticket.priority
    base, status_paused = _NEW, False
    first: Span | None = None
    first_reply = last_resolved = last_closed = reply_start = pause_start = None
    survey = revisit = None
    cycle_start: dt.datetime | None = created  # None while resolved
    cycles: list[Span] = []
    waits: list[Span] = []
    pauses: list[Pause] = []
    notes: list[str] = []
    reopens = replies = repeats = 0
    # Order and now are compared as instants: in a DST fold, two times of one
    # zone compare by wall clock in Python, whatever their fold.
    previous_instant = created - _EPOCH
    now_instant = None if now is None else now - _EPOCH
    for event in ticket.events:
        at = event.at
        instant = at - _EPOCH
        if instant < previous_instant:
            raise _out_of_order(_index(ticket, event), event, created, previous)
        previous, previous_instant = at, instant
        if now_instant is not None and instant > now_instant:
            continue  # still checked for order above
        kind = event.kind
        if kind is _AGENT or kind is _RESOLVED or kind is _CLOSED:
            if kind is _AGENT:
                by = "agent_reply"
                first_reply = at if first_reply is None else first_reply
                replies += not cycles  # before the first resolution
                base = _OPEN if base is _NEW else base
            else:
                by = _STOP_NAMES[kind]
                last_resolved, last_closed = (
                    (at, last_closed) if kind is _RESOLVED else (last_resolved, at)
                )
                base, status_paused = _STOP_STATUS[kind], False
                if pause_start is not None:
                    pauses.append(Pause(pause_start, at))
                    pause_start = None
            if first is None:
                first = Span(created, at, by)
            elif reply_start is not None and cycle_start is not None:
                waits.append(Span(reply_start, at, by))
                reply_start = None
            if kind is not _AGENT and cycle_start is not None:
                cycles.append(Span(cycle_start, at, by))
                cycle_start = survey = revisit = None
        elif kind is _CUSTOMER:
            repeats += first_reply is not None
            if first is not None and cycle_start is not None and reply_start is None:
                reply_start = at
        elif kind is _SURVEY:
            survey = at if cycle_start is None and survey is None else survey
        elif kind is _REVISIT:
            revisit = at if cycle_start is None and revisit is None else revisit
        elif kind is _PAUSE:
            status_paused = True
            if cycle_start is not None and pause_start is None:
                pause_start = at
        elif kind is _RESUME:
            status_paused = False
            if pause_start is not None:
                pauses.append(Pause(pause_start, at))
                pause_start = None
        elif kind is _REOPENED:
            reopens += 1
            base, status_paused = _OPEN, False
            if cycle_start is None:  # a reopen of a resolved ticket cancels its follow-ups
                cycle_start, survey, revisit = at, None, None
        elif kind is _PRIORITY_CHANGED:
            priority = event.priority
        else:
            raise _unknown_kind(_index(ticket, event), kind)
        if event.note:
            notes.append(event.note)
    if cycle_start is not None:
        cycles.append(Span(cycle_start))
    if pause_start is not None:
        pauses.append(Pause(pause_start))
    if reply_start is not None:
        waits.append(Span(reply_start))
    return History(
        created_at=created,
        priority=priority,
        status=_PAUSED if status_paused and (base is _NEW or base is _OPEN) else base,
        first_response=first or Span(created),
        first_reply_at=first_reply,
        cycles=tuple(cycles),
        resolved_at=last_closed if last_resolved is None else last_resolved,
        reopens=reopens,
        replies_before_resolution=replies,
        waits=tuple(waits),
        repeat_contacts=repeats,
        pauses=tuple(pauses),
        survey_sent_at=survey,
        revisited_at=revisit,
        notes=tuple(notes),
    )


def check_events(created_at: dt.datetime, events: Sequence[TicketEvent]) -> None:
    """Raise :class:`InvalidEventError` unless ``events`` are aware, in order, from ``created_at``.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import TicketEvent
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> late = TicketEvent(kind="agent_reply", at=t0 + dt.timedelta(hours=1))
    >>> early = TicketEvent(kind="resolved", at=t0)
    >>> check_events(t0, [late, early])
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidEventError: events[1]: expected events in time order, got \
resolved at 2025-03-03T09:00:00+00:00 after an event at 2025-03-03T10:00:00+00:00
    """
    previous = created_at
    for index, event in enumerate(events):
        try:
            at = event.at
            backwards = at - _EPOCH < previous - _EPOCH  # instants, also in a DST fold
        except (AttributeError, TypeError):
            raise _malformed(index, event) from None
        if backwards:
            raise _out_of_order(index, event, created_at, previous)
        previous = at


def _out_of_order(
    index: int, event: TicketEvent, created_at: dt.datetime, previous: dt.datetime
) -> InvalidEventError:
    what = f"{_kind_name(event.kind)} at {event.at.isoformat()}"
    if event.at - _EPOCH < created_at - _EPOCH:
        msg = (
            f"events[{index}]: expected an event at or after created_at "
            f"{created_at.isoformat()}, got {what}"
        )
    else:
        msg = (
            f"events[{index}]: expected events in time order, got {what} "
            f"after an event at {previous.isoformat()}"
        )
    return InvalidEventError(msg)


def _index(ticket: Ticket, event: TicketEvent) -> int:
    """The position of ``event`` (for messages: the reading loop does not count)."""
    return next(i for i, e in enumerate(ticket.events) if e is event)


def _malformed(index: int, event: object) -> InvalidEventError:
    at = getattr(event, "at", None)
    got = f"naive {at.isoformat()!r}" if isinstance(at, dt.datetime) else type(at).__name__
    if at is None:
        got = f"{type(event).__name__} without one"
    msg = f"events[{index}].at: expected a timezone-aware datetime, got {got}"
    return InvalidEventError(msg)


def _unknown_kind(index: int, kind: object) -> InvalidEventError:
    choices = ", ".join(repr(k.value) for k in EventKind)
    msg = f"events[{index}].kind: expected an EventKind ({choices}), got {describe(kind)}"
    return InvalidEventError(msg)


def _kind_name(kind: object) -> str:
    return kind.value if isinstance(kind, EventKind) else describe(kind)
