"""Every ticket's events as ragged arrays: :class:`TicketEvents` (defined in ``_models``).

The type lives in ``csmetrics._models.ticket_events`` so that the SLA engine
can read it without importing the I/O package; it is published as
``csmetrics.io.TicketEvents`` (and ``csmetrics.sla.TicketEvents``).
"""

from __future__ import annotations

from csmetrics._models.ticket_events import EVENT_KINDS, TicketEvents, aware

__all__ = ["EVENT_KINDS", "TicketEvents", "aware"]
