"""Bridges between tickets / results and columns of numpy arrays (and pandas)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_records
from csmetrics._models.enums import Channel, Priority
from csmetrics._models.history import read_history
from csmetrics._models.records import Ticket
from csmetrics._models.ticket_events import EVENT_KINDS, TicketEvents
from csmetrics._schedule.hours import shown
from csmetrics._sla.arrays import instant64
from csmetrics._sla.policy import METRICS
from csmetrics._sla.results import MetricStatus, TicketSla
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["results_to_columns", "tickets_to_columns", "tickets_to_events", "to_dataframe"]

_US = "datetime64[us]"
_TD = "timedelta64[us]"


def _duration(value: dt.timedelta | None) -> np.timedelta64:
    return np.timedelta64("NaT", "us") if value is None else np.timedelta64(value, "us")


def tickets_to_columns(tickets: Sequence[Ticket]) -> dict[str, npt.NDArray[Any]]:
    """The columns :func:`evaluate_many` reads, from a list of tickets.

    Each ticket's events are read as :func:`csmetrics.sla.evaluate` reads
    them: ``priority`` is the ticket's priority after its last
    ``priority_changed`` event (level 1-3, 0: none); ``channel`` its code
    (-1: none); ``first_response_at`` the first agent reply;
    ``resolved_at`` where the resolution clock last stopped (a ``resolved``,
    or a ``closed`` without one before); the pause is the first pause (NaT
    end: still paused). Tickets with several pauses or reopens are evaluated
    exactly by ``evaluate_many(..., events=tickets_to_events(tickets))``
    (and by :func:`csmetrics.sla.evaluate`).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> cols = tickets_to_columns([Ticket(id="a", created_at=t0, priority="P2", channel="email")])
    >>> cols["created_at"]
    array(['2025-03-03T09:00:00.000000'], dtype='datetime64[us]')
    >>> cols["priority"], cols["channel"]
    (array([2], dtype=int8), array([2], dtype=int8))
    """
    tickets = require_records(tickets, Ticket, param="tickets")
    histories = [read_history(ticket) for ticket in tickets]
    pauses = [history.pauses[0] if history.pauses else None for history in histories]
    return {
        "id": np.array([ticket.id for ticket in tickets], dtype=object),
        "created_at": _instants(ticket.created_at for ticket in tickets),
        "first_response_at": _instants(history.first_reply_at for history in histories),
        "resolved_at": _instants(history.resolution_stopped_at for history in histories),
        "pause_start": _instants(None if pause is None else pause.start for pause in pauses),
        "pause_end": _instants(None if pause is None else pause.end for pause in pauses),
        "priority": np.array([_level(history.priority) for history in histories], np.int8),
        "channel": np.array([_code(ticket.channel) for ticket in tickets], np.int8),
        "complaint": np.array([ticket.complaint for ticket in tickets], dtype=bool),
    }


def tickets_to_events(tickets: Sequence[Ticket]) -> TicketEvents:
    """Every event of every ticket, as ragged arrays for ``evaluate_many(..., events=)``.

    With the ``created_at``, ``priority`` (the ticket's own, not the one
    after its priority changes: the events carry those), ``channel`` and
    ``complaint`` columns of :func:`tickets_to_columns`, ``evaluate_many``
    then equals :func:`csmetrics.sla.evaluate` ticket by ticket.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> ticket = Ticket(id="a", created_at=t0, events=[
    ...     {"kind": "pause", "at": t0}, {"kind": "resume", "at": t0 + dt.timedelta(hours=1)}])
    >>> events = tickets_to_events([ticket, ticket])
    >>> events.offsets.tolist(), [EVENT_KINDS[k].value for k in events.kind[:2]]
    ([0, 2, 4], ['pause', 'resume'])
    """
    tickets = require_records(tickets, Ticket, param="tickets")
    codes = {kind: code for code, kind in enumerate(EVENT_KINDS)}
    counts = [len(ticket.events) for ticket in tickets]
    flat = [event for ticket in tickets for event in ticket.events]
    return TicketEvents(
        np.concatenate(([0], np.cumsum(counts, dtype=np.int64))).astype(np.int64),
        np.array([codes[event.kind] for event in flat], dtype=np.int8),
        _instants(event.at for event in flat),
        np.array([_level(event.priority) for event in flat], dtype=np.int8),
    )


def _instants(values: Iterable[dt.datetime | None]) -> npt.NDArray[np.datetime64]:
    return np.array([instant64(value) for value in values], dtype=_US)


def _level(priority: Priority | None) -> int:
    return 0 if priority is None else priority.level


def _code(channel: Channel | None) -> int:
    return -1 if channel is None else channel.code


def results_to_columns(results: Sequence[TicketSla]) -> dict[str, npt.NDArray[Any]]:
    """Columns from a list of :class:`~csmetrics.sla.TicketSla`, named as by :func:`evaluate_many`.

    Examples
    --------
    >>> results_to_columns([])["first_response_breached"]
    array([], dtype=bool)
    """
    if isinstance(results, str | bytes | Mapping) or not isinstance(results, Iterable):
        msg = f"results: expected a list of TicketSla, got {describe(results)}"
        raise InputTypeError(msg)
    results = list(results)
    for index, result in enumerate(results):
        if not isinstance(result, TicketSla):
            msg = f"results[{index}]: expected a TicketSla, got {type(result).__name__}"
            raise InputTypeError(msg)
    columns: dict[str, npt.NDArray[Any]] = {
        "ticket_id": np.array([r.ticket_id for r in results], dtype=object),
        "priority": np.array([r.priority.level if r.priority else 0 for r in results], np.int8),
        "channel": np.array([r.channel.code if r.channel else -1 for r in results], np.int8),
    }
    for metric in METRICS:
        statuses = [getattr(r, metric) for r in results]
        columns.update(_metric_columns(metric, statuses))
    return columns


def _metric_columns(
    metric: str, statuses: list[MetricStatus | None]
) -> dict[str, npt.NDArray[Any]]:
    def times(name: str) -> npt.NDArray[Any]:
        return np.array([instant64(getattr(s, name) if s else None) for s in statuses], dtype=_US)

    def spans(name: str) -> npt.NDArray[Any]:
        return np.array([_duration(getattr(s, name) if s else None) for s in statuses], dtype=_TD)

    def flags(name: str) -> npt.NDArray[Any]:
        return np.array([bool(s and getattr(s, name)) for s in statuses], dtype=bool)

    return {
        f"{metric}_target": spans("target"),
        f"{metric}_elapsed": spans("elapsed"),
        f"{metric}_paused": spans("paused"),
        f"{metric}_deadline": times("deadline"),
        f"{metric}_rule": np.array([s.rule if s else "" for s in statuses], dtype=object),
        f"{metric}_remaining": spans("remaining"),
        f"{metric}_overdue": spans("overdue"),
        f"{metric}_breached": flags("breached"),
        f"{metric}_stopped": np.array([s is not None and s.state == "stopped" for s in statuses]),
        f"{metric}_has_target": np.array([s is not None for s in statuses], dtype=bool),
        f"{metric}_escalation_level": np.array(
            [s.escalation.level if s and s.escalation else 0 for s in statuses], dtype=np.int8
        ),
    }


def to_dataframe(data: Mapping[str, npt.NDArray[Any]] | Sequence[TicketSla]) -> Any:
    """A pandas DataFrame of columns (or of results); datetimes become tz-aware UTC.

    Needs pandas (``pip install csmetrics[pandas]``).

    Examples
    --------
    >>> frame = to_dataframe({"x_deadline": np.array(["2025-01-01T09:00"], dtype="datetime64[m]")})
    >>> str(frame["x_deadline"].dtype)
    'datetime64[s, UTC]'
    """
    import pandas as pd  # noqa: PLC0415

    columns = data if isinstance(data, Mapping) else results_to_columns(data)
    frame: dict[str, Any] = {}
    for name, values in columns.items():
        array = np.asarray(values)
        if array.ndim != 1:
            msg = f"data[{shown(name)}]: expected a column (1-d array), got {describe(values)}"
            raise InvalidInputError(msg)
        frame[name] = pd.to_datetime(array, utc=True) if array.dtype.kind == "M" else array
    lengths = {len(column) for column in frame.values()}
    if len(lengths) > 1:
        msg = f"data: expected columns of one length, got lengths {sorted(lengths)[:5]}"
        raise InvalidInputError(msg)
    return pd.DataFrame(frame)
