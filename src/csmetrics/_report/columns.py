"""The report's input as numpy columns: from tables as they are, from models once.

A ``TicketTable`` / ``SurveyTable`` (``csmetrics.io``) is read column by
column (recognised by its ``sla_columns`` method and columns, so the report
does not import the readers); a list of models is turned into the same
columns once. Every section is then computed on these columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.instants import to_us
from csmetrics._core.validate import require_records
from csmetrics._models.channels import channel_text
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.records import SurveyResponse, Ticket
from csmetrics._models.ticket_columns import TicketColumns
from csmetrics._models.ticket_events import TicketEvents
from csmetrics._sla.columns import tickets_to_events
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["InputCounts", "SurveyColumns", "TicketData", "survey_columns", "ticket_columns"]

NAT = np.iinfo(np.int64).min
_EPOCH_US = "datetime64[us]"


@dataclass(frozen=True, slots=True)
class InputCounts:
    """What was read, rejected and filled in, over the whole input (not only the period).

    ``*_read`` counts the data rows read: kept plus rejected. Lists of models
    have nothing rejected or filled in.

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.io import read_tickets
    >>> from csmetrics.report import build_report
    >>> rows = [{"id": 1, "created_at": "2025-03-03T09:00:00+08:00", "text": "屏幕无显示"},
    ...         {"id": 2, "created_at": "not a time"}]
    >>> table = read_tickets(rows, errors="collect")
    >>> now = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)
    >>> counts = build_report(table, now=now).input
    >>> counts.tickets_read, counts.tickets_rejected, counts.category_assigned
    (2, 1, 1)
    """

    tickets_read: int = 0
    tickets_rejected: int = 0
    surveys_read: int = 0
    surveys_rejected: int = 0
    priority_assigned: int = 0
    category_assigned: int = 0


@dataclass(frozen=True, eq=False)
class TicketData:
    """Tickets as columns (instants: UTC microseconds as int64)."""

    id: npt.NDArray[np.object_]
    created: npt.NDArray[np.int64]
    priority: npt.NDArray[np.int8]
    channel: npt.NDArray[np.object_]
    category: npt.NDArray[np.object_]
    subcategory: npt.NDArray[np.object_]
    agent: npt.NDArray[np.object_]
    customer: npt.NDArray[np.object_]
    complaint: npt.NDArray[np.bool_]
    overdue_reason: npt.NDArray[np.object_]
    events: TicketEvents

    def __len__(self) -> int:
        return int(self.created.shape[0])

    def take(self, mask: npt.NDArray[np.bool_]) -> TicketData:
        """The tickets where ``mask`` holds (their events too)."""
        if bool(mask.all()):
            return self
        rows = np.flatnonzero(mask)
        counts = self.events.counts()[rows]
        offsets = np.zeros(rows.shape[0] + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        starts = self.events.offsets[:-1][rows]
        flat = np.repeat(starts - offsets[:-1], counts) + np.arange(int(offsets[-1]))
        ev = self.events
        events = TicketEvents(offsets, ev.kind[flat], ev.at[flat], ev.priority[flat])
        plain = {f.name: getattr(self, f.name)[rows] for f in fields(self) if f.name != "events"}
        return replace(self, **plain, events=events)

    def sla_columns(self) -> TicketColumns:
        """The columns ``evaluate_many`` reads."""
        return TicketColumns(
            created_at=self.created.view(_EPOCH_US),
            priority=self.priority,
            channel=self.channel,
            complaint=self.complaint,
            events=self.events,
        )


@dataclass(frozen=True, eq=False)
class SurveyColumns:
    """Survey answers as columns (scores float64, NaN: missing)."""

    ticket_id: npt.NDArray[np.object_]
    agent: npt.NDArray[np.object_]
    scores: dict[str, npt.NDArray[np.float64]]
    """``responsiveness`` ... ``overall`` and ``nps``."""
    comment: npt.NDArray[np.object_]
    answered: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.answered.shape[0])

    def take(self, mask: npt.NDArray[np.bool_]) -> SurveyColumns:
        """The answers where ``mask`` holds."""
        if bool(mask.all()):
            return self
        return SurveyColumns(
            self.ticket_id[mask],
            self.agent[mask],
            {name: values[mask] for name, values in self.scores.items()},
            self.comment[mask],
            self.answered[mask],
        )


def _is_table(value: object, names: tuple[str, ...]) -> bool:
    return all(hasattr(value, name) for name in names) and hasattr(value, "rejected")


def _objects(values: Iterable[Any], size: int) -> npt.NDArray[np.object_]:
    out = np.empty(size, dtype=object)
    out[:] = list(values)
    return out


def _micros(values: Any) -> npt.NDArray[np.int64]:
    return np.asarray(values).astype(_EPOCH_US).view(np.int64)


def ticket_columns(tickets: object) -> tuple[TicketData, InputCounts]:
    """``tickets`` (a ``TicketTable`` or Ticket models) as columns, with the input counts."""
    if _is_table(tickets, ("sla_columns", "created_at", "events", "assigned")):
        table: Any = tickets
        size = len(table)
        rejected = len(table.rejected)
        data = TicketData(
            id=np.asarray(table.id, dtype=object),
            created=_micros(table.created_at),
            priority=np.asarray(table.priority, dtype=np.int8),
            channel=np.asarray(table.channel, dtype=object),
            category=np.asarray(table.category, dtype=object),
            subcategory=np.asarray(table.subcategory, dtype=object),
            agent=np.asarray(table.agent, dtype=object),
            customer=np.asarray(table.customer_name, dtype=object),
            complaint=np.asarray(table.complaint, dtype=bool),
            overdue_reason=np.full(size, None, dtype=object),
            events=table.events,
        )
        counts = InputCounts(
            tickets_read=size + rejected,
            tickets_rejected=rejected,
            priority_assigned=int(table.assigned.priority),
            category_assigned=int(table.assigned.category),
        )
        return data, counts
    if isinstance(tickets, str | bytes) or not isinstance(tickets, Iterable):
        msg = (
            f"tickets: expected an iterable of Ticket, got {describe(tickets)} "
            "(a TicketTable is also accepted)"
        )
        raise InputTypeError(msg)
    models = require_records(tickets, Ticket, param="tickets")
    size = len(models)
    data = TicketData(
        id=_objects((t.id for t in models), size),
        created=np.array([to_us(t.created_at, "created_at") for t in models], dtype=np.int64),
        priority=np.array([0 if t.priority is None else t.priority.level for t in models], np.int8),
        channel=_objects(
            (None if t.channel is None else channel_text(t.channel) for t in models), size
        ),
        category=_objects((t.category for t in models), size),
        subcategory=_objects((t.subcategory for t in models), size),
        agent=_objects((t.assignee for t in models), size),
        customer=_objects((None if t.customer is None else t.customer.name for t in models), size),
        complaint=np.array([t.complaint for t in models], dtype=bool),
        overdue_reason=_objects((t.overdue_reason for t in models), size),
        events=tickets_to_events(models) if models else TicketEvents.empty(0),
    )
    return data, InputCounts(tickets_read=size)


def survey_columns(surveys: object) -> tuple[SurveyColumns, int, int]:
    """``surveys`` (a ``SurveyTable`` or models) as columns, with rows read and rejected."""
    if _is_table(surveys, ("overall", "nps", "answered_at", "comment")):
        table: Any = surveys
        rejected = len(table.rejected)
        columns = SurveyColumns(
            ticket_id=np.asarray(table.ticket_id, dtype=object),
            agent=np.asarray(table.agent, dtype=object),
            scores={
                name: np.asarray(getattr(table, name), dtype=np.float64)
                for name in (*DIMENSIONS, "nps")
            },
            comment=np.asarray(table.comment, dtype=object),
            answered=_micros(table.answered_at),
        )
        return columns, len(table) + rejected, rejected
    if isinstance(surveys, str | bytes) or not isinstance(surveys, Iterable):
        msg = (
            f"surveys: expected an iterable of SurveyResponse, got {describe(surveys)} "
            "(a SurveyTable is also accepted)"
        )
        raise InputTypeError(msg)
    models = require_records(surveys, SurveyResponse, param="surveys")
    size = len(models)

    def score(value: int | None) -> float:
        return np.nan if value is None else float(value)

    columns = SurveyColumns(
        ticket_id=_objects((s.ticket_id for s in models), size),
        agent=_objects((s.agent for s in models), size),
        scores={
            name: np.array([score(getattr(s, name)) for s in models], dtype=np.float64)
            for name in (*DIMENSIONS, "nps")
        },
        comment=_objects((s.comment if s.comment.strip() else None for s in models), size),
        answered=np.array(
            [NAT if s.answered_at is None else to_us(s.answered_at, "answered_at") for s in models],
            np.int64,
        ),
    )
    return columns, size, 0


publish("csmetrics.report", InputCounts)
