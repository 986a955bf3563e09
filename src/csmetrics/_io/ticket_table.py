"""``TicketTable``: tickets as columns, with their events as ragged arrays."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._io.events import TicketEvents
from csmetrics._io.lazy_texts import LazyColumn
from csmetrics._io.rows import Assigned
from csmetrics._io.table_base import Table, instant_or_none
from csmetrics._models.records import Ticket
from csmetrics._models.ticket_columns import TicketColumns

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["TICKET_COLUMNS", "TicketTable"]

TICKET_COLUMNS = (
    "id", "created_at", "channel", "priority", "category", "subcategory", "text", "agent",
    "team", "product", "customer_id", "tier", "customer_name", "customer_phone", "complaint",
    "first_response_at", "resolved_at", "reopened_at", "closed_at",
)  # fmt: skip
"""The field columns of a ``TicketTable``, in order."""


@dataclass(frozen=True, eq=False, kw_only=True)
class TicketTable(Table):
    """Tickets as numpy columns (read them with :func:`csmetrics.io.read_tickets`).

    Instants are UTC ``datetime64[us]`` (NaT: missing); ``priority`` is the
    level (int8: 1-3, 0: none); ``channel`` the channel's name (known ones
    normalised, others as given); text columns are object arrays (None:
    missing); ``customer_name`` and ``customer_phone`` hold masks only.
    ``events`` holds every ticket's events (the columns ``first_response_at``
    ... summarise them). ``rejected`` lists the rows left out and why;
    ``assigned`` counts the priorities and categories filled in by the
    library.

    Examples
    --------
    >>> from csmetrics.io import read_tickets
    >>> table = read_tickets([{"id": 7, "created_at": "2025-03-03T09:00:00+08:00",
    ...                        "priority": "high", "text": "开机后屏幕无显示"}])
    >>> len(table), table.id.tolist(), table.priority.tolist(), table.category.tolist()
    (1, [7], [1], ['product_quality'])
    >>> table.assigned
    Assigned(priority=0, category=1)
    """

    _COLUMNS: ClassVar[tuple[str, ...]] = TICKET_COLUMNS
    id: npt.NDArray[np.object_]
    created_at: npt.NDArray[np.datetime64]
    channel: npt.NDArray[np.object_]
    priority: npt.NDArray[np.int8]
    category: npt.NDArray[np.object_]
    subcategory: npt.NDArray[np.object_]
    text: npt.NDArray[np.object_] = LazyColumn()  # type: ignore[assignment]  # noqa: RUF009
    """Free text; read from a CSV file, it is decoded on first access (a descriptor)."""
    agent: npt.NDArray[np.object_]
    team: npt.NDArray[np.object_]
    product: npt.NDArray[np.object_]
    customer_id: npt.NDArray[np.object_]
    tier: npt.NDArray[np.object_]
    customer_name: npt.NDArray[np.object_]
    customer_phone: npt.NDArray[np.object_]
    complaint: npt.NDArray[np.bool_]
    first_response_at: npt.NDArray[np.datetime64]
    resolved_at: npt.NDArray[np.datetime64]
    reopened_at: npt.NDArray[np.datetime64]
    closed_at: npt.NDArray[np.datetime64]
    events: TicketEvents
    assigned: Assigned = field(default_factory=Assigned)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["text"] = self.text  # pickled decoded
        return state

    def to_pandas(self) -> Any:
        """A DataFrame with one column per field (priorities as ``P1``-``P3``, instants in UTC).

        The index is the source frame's index, the file's line numbers
        (``line``) or the 0-based positions (``position``).
        """
        columns: dict[str, Any] = dict(self.columns())
        levels = self.priority.astype(np.int64)
        names = np.array([None, "P1", "P2", "P3"], dtype=object)
        columns["priority"] = names[np.clip(levels, 0, 3)]
        return self._frame(columns)

    def sla_columns(self) -> TicketColumns:
        """The columns :func:`csmetrics.sla.evaluate_many` reads: ``evaluate_many(table, ...)``."""
        return TicketColumns(
            created_at=self.created_at,
            priority=self.priority,
            channel=self.channel,
            complaint=self.complaint,
            events=self.events,
        )

    def records(self) -> Iterator[Ticket]:
        """The tickets as validated :class:`~csmetrics.models.Ticket` models, one at a time."""
        for row in range(len(self)):
            yield Ticket.model_validate(self._record(row))

    def _record(self, row: int) -> dict[str, Any]:
        level = int(self.priority[row])
        pairs = (
            ("id", self.customer_id[row]),
            ("tier", self.tier[row]),
            ("name", self.customer_name[row]),
            ("phone", self.customer_phone[row]),
        )
        customer = {key: value for key, value in pairs if value is not None}  # fmt: skip
        fields = {
            "id": str(self.id[row]),
            "created_at": instant_or_none(self.created_at[row]),
            "channel": self.channel[row],
            "priority": f"P{level}" if level else None,
            "text": self.text[row] or "",
            "category": self.category[row],
            "subcategory": self.subcategory[row],
            "assignee": self.agent[row],
            "team": self.team[row],
            "product": self.product[row],
            "complaint": bool(self.complaint[row]),
            "events": self.events.of(row),
        }
        if customer:
            fields["customer"] = customer
        return fields

    def concat(self, *others: TicketTable) -> TicketTable:
        """This table and ``others``, one after the other (for batches)."""
        merged = self._concat_fields(others)
        merged["events"] = TicketEvents.concat([self.events, *(o.events for o in others)])
        assigned = self.assigned
        for other in others:
            assigned += other.assigned
        return TicketTable(**merged, assigned=assigned)

    def __add__(self, other: TicketTable) -> TicketTable:
        return self.concat(other)


def concat_tickets(tables: Sequence[TicketTable]) -> TicketTable:
    """One table of several (at least one)."""
    return tables[0].concat(*tables[1:])


publish("csmetrics.io", TicketTable)
