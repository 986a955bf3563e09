"""Ticket ids: creation date + channel code + serial number.

The rule: eight digits of the creation date (``YYYYMMDD``), one digit for the
channel (see :class:`~csmetrics.Channel`: 0 online chat, 1 phone, 2 e-mail,
3 app review, 4 marketplace review, 5 social media), then the serial number of
the ticket within that day and channel, zero-padded to at least two digits and
growing as needed: ``20231001001`` is the first online-chat ticket of
2023-10-01, ``202310010123`` its 123rd.
"""

from __future__ import annotations

from csmetrics._models.ticket_ids import (
    TicketId,
    format_ticket_id,
    parse_ticket_id,
)

__all__ = [
    "TicketId",
    "format_ticket_id",
    "parse_ticket_id",
]
