"""Validated records: tickets, their events, customers and survey responses.

Every model is a frozen pydantic v2 model that rejects unknown fields.
Building one from bad data raises pydantic's ``ValidationError`` (a
``ValueError``) whose entries carry stable error types of this package:

=========================  ==================================================
error type                 meaning
=========================  ==================================================
``naive_datetime``         a datetime without a time zone
``event_before_creation``  an event earlier than the ticket's ``created_at``
``events_out_of_order``    events not in time order
``priority_missing``       a ``priority_changed`` event without a priority
``blank_id``               an empty or blank id
=========================  ==================================================

Scores out of their scale use pydantic's own ``greater_than_equal`` /
``less_than_equal`` errors; non-integers ``int_type``.
"""

from __future__ import annotations

from csmetrics._models.records import (
    Channel,
    Customer,
    CustomerTier,
    EventKind,
    Priority,
    Status,
    SurveyResponse,
    Ticket,
    TicketEvent,
    json_schemas,
)

__all__ = [
    "Channel",
    "Customer",
    "CustomerTier",
    "EventKind",
    "Priority",
    "Status",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "json_schemas",
]
