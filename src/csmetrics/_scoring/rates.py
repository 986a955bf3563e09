"""Rates and times: first-contact resolution, resolution, reopen, on-time shares.

Every rate is a :class:`~csmetrics.scoring.RateResult` (value, ``n``, Wilson
interval), built on the mergeable :class:`~csmetrics.scoring.RateCounts`.
Tickets that a rate does not apply to (an unresolved ticket for first-contact
resolution, a metric still running for an on-time share) count as
``missing``, never as a failure.

Ticket helpers read :class:`~csmetrics.models.Ticket` events in calendar
time; business-time figures come from SLA results (``TicketSla``: anything
with ``first_response`` / ``resolution`` ... attributes whose values have
``breached`` and ``stopped_at``), or from plain ``breached`` booleans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_aware
from csmetrics._models.history import History, read_history
from csmetrics._models.outcomes import outcome_flags, status_flags
from csmetrics._models.records import Ticket
from csmetrics._scoring.counts import RateCounts
from csmetrics._scoring.durations import to_unit
from csmetrics._scoring.grouping import _factorize
from csmetrics._scoring.results import RateResult, warn_undefined
from csmetrics.exceptions import InvalidInputError

__all__ = [
    "TimeStats",
    "complaint_close_rate",
    "first_contact_resolution_rate",
    "first_response_times",
    "on_time_rate",
    "rate",
    "reopen_rate",
    "repeat_contact_rate",
    "resolution_rate",
    "resolution_times",
    "slow_categories",
    "time_stats",
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


def _flag_rate(flags: Sequence[bool | None], confidence: float) -> RateResult:
    values = np.array([None if f is None else bool(f) for f in flags], dtype=object)
    return RateCounts.from_flags(values).result(confidence=confidence)


def _per_ticket(
    tickets: Iterable[Ticket],
    decide: Callable[[History], bool | None],
    now: dt.datetime | None,
    confidence: float,
) -> RateResult:
    """A rate over tickets, each decided from its history (as of ``now``)."""
    if now is not None:
        now = require_aware(now, param="now")
    flags = [decide(read_history(ticket, now=now)) for ticket in tickets]
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
    complaints = [t for t in tickets if t.complaint]
    return resolution_rate(complaints, now=now, confidence=confidence)


def _sla_item(item: object, metric: str) -> object:
    """What :func:`status_flags` counts for one item: a breached flag, None, or a status."""
    if item is None or isinstance(item, bool | np.bool_):
        return item
    return getattr(item, metric, None)


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
    or still running and not yet breached is ``missing``.

    Examples
    --------
    >>> r = on_time_rate([False, False, True, None])  # breached flags
    >>> round(r.value, 4), r.n, r.missing
    (0.6667, 3, 1)
    """
    flags = status_flags(_sla_item(item, metric) for item in items)
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
    or numbers in ``unit``; ``target`` likewise. Missing values are skipped.

    Examples
    --------
    >>> r = within_target_rate([12, 25, 31, None, 80], 30)  # minutes
    >>> r.value, r.n, r.missing
    (0.5, 4, 1)
    """
    values = to_unit(durations, unit, name="durations")
    limit = to_unit([target], unit, name="target")[0]
    measured = ~np.isnan(values)  # a missing duration is undecided (missing)
    flags = outcome_flags(measured & ~(values <= limit), measured)
    return RateCounts.from_flags(flags).result(confidence=confidence)


def first_response_times(tickets: Iterable[Ticket]) -> np.ndarray:
    """Calendar time from creation to the first agent reply (``timedelta64[us]``, NaT if none).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> reply = [{"kind": "agent_reply", "at": t0 + dt.timedelta(minutes=12)}]
    >>> first_response_times([Ticket(id="1", created_at=t0, events=reply)]).astype("m8[m]")
    array([12], dtype='timedelta64[m]')
    """
    return _durations(tickets, lambda t: t.first_response_at)


def resolution_times(tickets: Iterable[Ticket]) -> np.ndarray:
    """Calendar time from creation to the last resolution (``timedelta64[us]``, NaT if none).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    >>> resolution_times([Ticket(id="1", created_at=t0)])
    array(['NaT'], dtype='timedelta64[us]')
    """
    return _durations(tickets, lambda t: t.resolved_at)


def _durations(
    tickets: Iterable[Ticket], end: Callable[[Ticket], dt.datetime | None]
) -> np.ndarray:
    out = []
    for t in tickets:
        stop = end(t)
        out.append(np.timedelta64("NaT") if stop is None else np.timedelta64(stop - t.created_at))
    return np.array(out, dtype="timedelta64[us]")


@dataclass(frozen=True, slots=True)
class TimeStats:
    """Mean, median and 90th percentile of durations, in ``unit``.

    Examples
    --------
    >>> time_stats([30, 90], unit="minutes")
    TimeStats(mean=60.0, median=60.0, p90=84.0, n=2, missing=0, unit='minutes')
    """

    mean: float
    median: float
    p90: float
    n: int
    missing: int
    unit: str


def time_stats(durations: Any, *, unit: Unit = "minutes") -> TimeStats:
    """Mean, median and p90 (linear interpolation) of durations, missing values skipped.

    Examples
    --------
    >>> import datetime as dt
    >>> s = time_stats([dt.timedelta(minutes=m) for m in (10, 20, 30, 40)] + [None])
    >>> s.mean, s.median, s.p90, s.n, s.missing
    (25.0, 25.0, 37.0, 4, 1)
    """
    values = to_unit(durations, unit, name="durations")
    kept = values[~np.isnan(values)]
    missing = int(values.size - kept.size)
    if kept.size == 0:
        warn_undefined("Time statistics")
        return TimeStats(np.nan, np.nan, np.nan, 0, missing, unit)
    mean = float(kept.mean())
    median, p90 = (float(v) for v in np.percentile(kept, [50, 90]))
    return TimeStats(mean, median, p90, int(kept.size), missing, unit)


def slow_categories(
    categories: Iterable[Any],
    durations: Any,
    *,
    bound: dt.timedelta | float = dt.timedelta(hours=48),
    unit: Unit = "hours",
) -> tuple[tuple[Hashable, float], ...]:
    """Categories whose average duration exceeds ``bound`` (SPEC: 48 hours), slowest first.

    Examples
    --------
    >>> slow_categories(["物流", "物流", "账单"], [50, 60, 10])
    (('物流', 55.0),)
    """
    values = to_unit(durations, unit, name="durations")
    limit = to_unit([bound], unit, name="bound")[0]
    labels = list(categories)
    if len(labels) != values.size:
        msg = f"categories: expected {values.size} labels (one per duration), got {len(labels)}"
        raise InvalidInputError(msg)
    found, codes = _factorize(labels, values.size)
    kept = ~np.isnan(values)
    counts = np.bincount(codes[kept], minlength=len(found))
    sums = np.bincount(codes[kept], weights=values[kept], minlength=len(found))
    slow = [
        (found[i], float(sums[i] / counts[i]))
        for i in np.flatnonzero(counts).tolist()
        if sums[i] / counts[i] > limit
    ]
    return tuple(sorted(slow, key=lambda item: (-item[1], str(item[0]))))


publish("csmetrics.scoring", TimeStats)
