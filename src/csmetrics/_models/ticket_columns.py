"""A table of tickets as the columnar SLA engine reads it.

:class:`TicketColumnsSource` is what a table of tickets offers the columnar
SLA engine (``sla_columns()``): ``TicketTable`` implements it, and the SLA
package reads it without importing the I/O package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

from csmetrics._core.describe import describe
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from csmetrics._models.ticket_events import TicketEvents

__all__ = ["TicketColumns", "TicketColumnsSource", "columns_of"]


class TicketColumns(NamedTuple):
    """The columns of many tickets the columnar SLA engine reads (see ``sla_columns``).

    ``created_at``: UTC ``datetime64[us]``; ``priority``: levels (int8, 0:
    none); ``channel``: channel names (object; unknown names allowed, None:
    none); ``complaint``: bool; ``events``: every ticket's events.
    """

    created_at: npt.NDArray[np.datetime64]
    priority: npt.NDArray[np.int8]
    channel: npt.NDArray[np.object_]
    complaint: npt.NDArray[np.bool_]
    events: TicketEvents


@runtime_checkable
class TicketColumnsSource(Protocol):
    """A table of tickets that the columnar SLA engine can read (``TicketTable`` is one)."""

    def sla_columns(self) -> TicketColumns:
        """The ticket columns the SLA engine reads."""


def columns_of(value: object) -> TicketColumns | None:
    """``value.sla_columns()`` when ``value``'s class has that method, else None.

    The class is asked, not the instance: a DataFrame with a column named
    ``sla_columns`` is no table of tickets.

    Raises
    ------
    InputTypeError
        ``sla_columns()`` returned something else than ``TicketColumns``.
    """
    if not callable(getattr(type(value), "sla_columns", None)):
        return None
    found = value.sla_columns()  # type: ignore[attr-defined]
    if not isinstance(found, TicketColumns):
        msg = f"created_at: expected sla_columns() to give TicketColumns, got {describe(found)}"
        raise InputTypeError(msg)
    return found
