"""Rates: first-contact resolution, resolution, reopen, repeat contact, on-time shares.

Every rate is a :class:`~csmetrics.scoring.RateResult` (value, ``n``, Wilson
interval), built on the mergeable :class:`~csmetrics.scoring.RateCounts`.
Tickets that a rate does not apply to (an unresolved ticket for first-contact
resolution, a metric still running for an on-time share) count as
``missing``, never as a failure.

Ticket helpers read :class:`~csmetrics.models.Ticket` events in calendar
time; business-time figures come from SLA results (``TicketSla``: anything
with ``first_response`` / ``resolution`` ... attributes whose values have
``breached`` and ``stopped_at``), or from plain ``breached`` booleans.
Durations and their statistics are in :mod:`csmetrics._scoring.times`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from typing import Any, Literal

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_aware, require_choice
from csmetrics._models.history import History, read_history
from csmetrics._models.outcomes import status_flags
from csmetrics._models.records import Ticket
from csmetrics._scoring.counts import RateCounts
from csmetrics._scoring.durations import to_duration, to_unit
from csmetrics._scoring.inputs import is_missing, unmask
from csmetrics._scoring.results import RateResult
from csmetrics.exceptions import InputTypeError

__all__ = [
    "SLA_METRICS",
    "complaint_close_rate",
    "first_contact_resolution_rate",
    "on_time_rate",
    "rate",
    "reopen_rate",
    "repeat_contact_rate",
    "resolution_rate",
    "sequence_of",
    "tickets_of",
    "within_target_rate",
]

Unit = Literal["seconds", "minutes", "hours", "days"]


def rate(successes: int, n: int, *, confidence: float = 0.95) -> RateResult:
    """``successes`` out of ``n`` with a Wilson interval.

    Examples
    --------
    >>> r = rate(92, 100)  # resolution rate 92%
    >>> r.value, r.n
    (0.92, 100)
    >>> round(r.ci.low, 4), round(r.ci.high, 4)
    (0.85, 0.9589)
    """
    return RateCounts.from_counts(successes, n).result(confidence=confidence)


def sequence_of(values: object, name: str) -> list[Any]:
    """An iterable (not text, a mapping or a set) as a list; masked entries as ``None``."""
    values = unmask(values)
    if (
        isinstance(values, str | bytes | Mapping | Set)
        or not isinstance(values, Iterable)
        or (isinstance(values, np.ndarray) and values.ndim != 1)
    ):
        msg = f"{name}: expected a sequence, got {describe(values)}"
        raise InputTypeError(msg)
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def tickets_of(tickets: object) -> list[Ticket]:
    """``tickets`` as a list of :class:`Ticket`; raises naming the first that is not one."""
    found = sequence_of(tickets, "tickets")
    for i, ticket in enumerate(found):
        if not isinstance(ticket, Ticket):
            msg = f"tickets: expected Ticket objects, got {describe(ticket)} at position {i}"
            raise InputTypeError(msg)
    return found


def _flag_rate(flags: Sequence[bool | None], confidence: float) -> RateResult:
    return RateCounts.from_flags([None if f is None else bool(f) for f in flags]).result(
        confidence=confidence
    )


def _per_ticket(
    tickets: Iterable[Ticket],
    decide: Callable[[History], bool | None],
    now: dt.datetime | None,
    confidence: float,
) -> RateResult:
    """A rate over tickets, each decided from its history (as of ``now``)."""
    if now is not None:
        now = require_aware(now, param="now")
    flags = [decide(read_history(ticket, now=now)) for ticket in tickets_of(tickets)]
    return _flag_rate(flags, confidence)


def _resolved(history: History) -> bool:
    """Resolved or closed, and not reopened since."""
    return history.is_resolved


def _fcr(history: History) -> bool | None:
    """Resolved with at most one agent reply before, and never reopened (None: unresolved)."""
    if not history.was_resolved:
        return None
    return history.replies_before_resolution <= 1 and history.reopens == 0


def _reopened(history: History) -> bool | None:
    """Reopened at least once (None: never resolved)."""
    return history.reopens > 0 if history.was_resolved else None


def _repeated(history: History) -> bool | None:
    """The customer wrote again after the first agent reply (None: no reply yet)."""
    return history.repeat_contacts > 0 if history.first_reply_at is not None else None


def first_contact_resolution_rate(
    tickets: Iterable[Ticket], *, now: dt.datetime | None = None, confidence: float = 0.95
) -> RateResult:
    """Share of resolved tickets solved on first contact.

    A ticket counts when it was resolved (or closed) with at most one agent
    reply before, and never reopened; unresolved tickets are ``missing``.
    ``now`` limits the events to those at or before it.

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> def ticket(i, *kinds):
    ...     events = [{"kind": k, "at": t0 + dt.timedelta(minutes=m)} for m, k in enumerate(kinds)]
    ...     return Ticket(id=str(i), created_at=t0, events=events)
    >>> tickets = [
    ...     ticket(1, "agent_reply", "resolved"),
    ...     ticket(2, "agent_reply", "customer_reply", "agent_reply", "resolved"),
    ...     ticket(3, "agent_reply"),
    ... ]
    >>> r = first_contact_resolution_rate(tickets)
    >>> r.value, r.n, r.missing
    (0.5, 2, 1)
    """
    return _per_ticket(tickets, _fcr, now, confidence)


def resolution_rate(
    tickets: Iterable[Ticket], *, now: dt.datetime | None = None, confidence: float = 0.95
) -> RateResult:
    """Share of tickets resolved or closed (and not reopened since).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> done = Ticket(id="1", created_at=t0, events=[{"kind": "resolved", "at": t0}])
    >>> resolution_rate([done, Ticket(id="2", created_at=t0)]).value
    0.5
    """
    return _per_ticket(tickets, _resolved, now, confidence)


def reopen_rate(
    tickets: Iterable[Ticket], *, now: dt.datetime | None = None, confidence: float = 0.95
) -> RateResult:
    """Share of ever-resolved tickets reopened at least once (lower is better).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> events = [{"kind": "resolved", "at": t0}, {"kind": "reopened", "at": t0}]
    >>> reopen_rate([Ticket(id="1", created_at=t0, events=events)]).value
    1.0
    """

    return _per_ticket(tickets, _reopened, now, confidence)


def repeat_contact_rate(
    tickets: Iterable[Ticket], *, now: dt.datetime | None = None, confidence: float = 0.95
) -> RateResult:
    """Share of answered tickets where the customer wrote again after the first reply (二次追问).

    Tickets without an agent reply are ``missing``.

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> kinds = ["agent_reply", "customer_reply"]
    >>> t = Ticket(id="1", created_at=t0, events=[{"kind": k, "at": t0} for k in kinds])
    >>> repeat_contact_rate([t, Ticket(id="2", created_at=t0)]).value
    1.0
    """

    return _per_ticket(tickets, _repeated, now, confidence)


def complaint_close_rate(
    tickets: Iterable[Ticket], *, now: dt.datetime | None = None, confidence: float = 0.95
) -> RateResult:
    """Share of complaint tickets (``complaint=True``) resolved or closed; others are skipped.

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> closed = [{"kind": "closed", "at": t0}]
    >>> tickets = [Ticket(id="1", created_at=t0, complaint=True, events=closed),
    ...            Ticket(id="2", created_at=t0, complaint=True)]
    >>> complaint_close_rate(tickets).value
    0.5
    """
    complaints = [t for t in tickets_of(tickets) if t.complaint]
    return resolution_rate(complaints, now=now, confidence=confidence)


SLA_METRICS = ("first_response", "resolution", "next_reply", "survey", "revisit")
"""The metrics of an SLA result (``TicketSla``), by attribute name."""


def _sla_item(item: object, metric: str, index: int) -> object:
    """What :func:`status_flags` counts for one item: a breached flag, None, or a status.

    An SLA result must have the ``metric`` attribute (``None`` there: no
    target, missing) and a status must have ``breached``; anything else is
    a wrong type, never silently missing.
    """
    if is_missing(item) or isinstance(item, bool | np.bool_):
        return None if is_missing(item) else item
    if not hasattr(item, metric):
        msg = (
            f"items: expected breached flags or SLA results with a {metric!r} attribute, "
            f"got {describe(item)} at position {index}"
        )
        raise InputTypeError(msg)
    status = getattr(item, metric)
    if status is not None and not isinstance(getattr(status, "breached", None), bool | np.bool_):
        msg = (
            f"items: expected {metric} statuses with a boolean 'breached', "
            f"got {describe(status)} at position {index}"
        )
        raise InputTypeError(msg)
    return status


def on_time_rate(
    items: Iterable[object],
    *,
    metric: Literal["first_response", "resolution", "next_reply", "survey", "revisit"] = (
        "first_response"
    ),
    confidence: float = 0.95,
) -> RateResult:
    """Share of SLA metrics met on time.

    ``items`` are either ``breached`` booleans (``True`` = late; ``None`` =
    missing) or SLA results (``TicketSla``-like: ``getattr(item, metric)`` has
    ``.breached`` and ``.stopped_at``). A metric without a target (``None``)
    or still running and not yet breached is ``missing``. ``metric`` must be
    one of the five SLA metrics: a misspelled name raises, it never counts
    every item as missing.

    Examples
    --------
    >>> r = on_time_rate([False, False, True, None])  # breached flags
    >>> round(r.value, 4), r.n, r.missing
    (0.6667, 3, 1)
    """
    require_choice(metric, SLA_METRICS, param="metric")
    found = sequence_of(items, "items")
    flags = status_flags([_sla_item(item, metric, i) for i, item in enumerate(found)])
    return RateCounts.from_flags(flags).result(confidence=confidence)


def within_target_rate(
    durations: Any,
    target: dt.timedelta | float,
    *,
    unit: Unit = "minutes",
    confidence: float = 0.95,
) -> RateResult:
    """Share of durations at or under ``target`` (e.g. 95% answered within 30 minutes).

    ``durations``: timedeltas (``datetime.timedelta``, ``timedelta64``, pandas)
    or numbers in ``unit``, each ``>= 0``; missing values are skipped.
    ``target``: one timedelta or number in ``unit``, ``>= 0`` (``None``, NaN
    or a negative target raise: no share can be measured against them).

    Examples
    --------
    >>> r = within_target_rate([12, 25, 31, None, 80], 30)  # minutes
    >>> r.value, r.n, r.missing
    (0.5, 4, 1)
    """
    limit = to_duration(target, unit, name="target")
    values = to_unit(durations, unit, name="durations", nonnegative=True)
    within = [None if v != v else v <= limit for v in values.tolist()]  # noqa: PLR0124 - NaN
    return RateCounts.from_flags(within).result(confidence=confidence)
