"""Validated records: tickets, their events, customers and survey responses.

Every model is a frozen pydantic v2 model that rejects unknown fields.
Building one from bad data raises pydantic's ``ValidationError`` (a
``ValueError``) whose entries carry stable error types of this package:

=========================  ==================================================
error type                 meaning
=========================  ==================================================
``naive_datetime``         a datetime without a time zone
``invalid_timezone``       a datetime whose tzinfo fails to give its offset
``event_before_creation``  an event earlier than the ticket's ``created_at``
``events_out_of_order``    events not in time order
``priority_missing``       a ``priority_changed`` event without a priority
``blank_id``               an empty or blank id
``channel_type``           a channel that is neither a ``Channel`` nor a str
``priority_type``          a priority that is no ``Priority``, str or int
``tier_type``              a tier that is neither a ``CustomerTier`` nor a str
``phone_type``             a phone number that is neither a str nor an int
``unreadable_input``       an input that raised when read (its ``__hash__``,
                           say): the exception's type is named
=========================  ==================================================

A ticket's channel is an open vocabulary (:func:`channel_value`): one of
the six :class:`Channel` members with ticket-id codes, a known other
channel's name ("微信" -> ``"wechat"``, "web form" -> ``"web"``), or any
other name as given.

Scores out of their scale use pydantic's own ``greater_than_equal`` /
``less_than_equal`` errors; non-integers ``int_type``. An unknown
priority or tier, a blank channel, or a name or phone that cannot be masked, is a
``value_error``. Every error describes its input by type and size
(``errors()[i]["input"]`` is a string such as ``"str of 11 characters"``)
and ``str()`` leaves the input out: no error of a record model echoes what a
customer typed (see ``docs/privacy.md``).
"""

from __future__ import annotations

from csmetrics._models.channels import ChannelName, channel_value
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
    "ChannelName",
    "Customer",
    "CustomerTier",
    "EventKind",
    "Priority",
    "Status",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "channel_value",
    "json_schemas",
]
