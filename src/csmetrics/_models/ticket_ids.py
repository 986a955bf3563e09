"""Ticket ids: creation date + channel code + serial number.

The rule: eight digits of the creation date (``YYYYMMDD``), one digit for the
channel (see :class:`~csmetrics.Channel`: 0 online chat, 1 phone, 2 e-mail,
3 app review, 4 marketplace review, 5 social media), then the serial number of
the ticket within that day and channel, zero-padded to at least two digits and
growing as needed: ``20231001001`` is the first online-chat ticket of
2023-10-01, ``202310010123`` its 123rd.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from csmetrics._core.describe import describe, shown
from csmetrics._core.exports import publish
from csmetrics._models.channels import channel_value
from csmetrics._models.enums import Channel
from csmetrics.exceptions import InputTypeError, InvalidInputError, InvalidTicketIdError

__all__ = ["TicketId", "format_ticket_id", "parse_ticket_id"]

_DATE_DIGITS = 8
_MIN_SERIAL_DIGITS = 2
_MAX_SERIAL_DIGITS = 31
_MAX_LENGTH = _DATE_DIGITS + 1 + _MAX_SERIAL_DIGITS


class TicketId(NamedTuple):
    """The parts of a ticket id."""

    date: dt.date
    channel: Channel
    serial: int


def format_ticket_id(date: dt.date, channel: Channel | str, serial: int) -> str:
    """Build a ticket id from its date, channel and serial number.

    Parameters
    ----------
    date : datetime.date
        The creation date (a ``datetime`` is taken by its date).
    channel : Channel or str
        The intake channel, or a name :meth:`Channel.parse` understands.
    serial : int
        The ticket's number within that day and channel, from 1.

    Returns
    -------
    str
        The id, e.g. ``"20231001001"``.

    Raises
    ------
    InvalidInputError
        If ``serial`` is below 1 or has more than 31 digits, or the year is
        outside 1000-9999.
    InputTypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> import datetime as dt
    >>> format_ticket_id(dt.date(2023, 10, 1), Channel.CHAT, 1)
    '20231001001'
    >>> format_ticket_id(dt.date(2023, 10, 1), "phone", 123)
    '202310011123'
    """
    if not isinstance(date, dt.date):
        msg = f"date: expected a datetime.date, got {describe(date)}"
        raise InputTypeError(msg)
    if isinstance(serial, bool) or not isinstance(serial, int):
        msg = f"serial: expected an int, got {describe(serial)}"
        raise InputTypeError(msg)
    if not 1 <= serial < 10**_MAX_SERIAL_DIGITS:
        msg = (
            f"serial: expected a serial number >= 1 of at most {_MAX_SERIAL_DIGITS} digits, "
            f"got {describe(serial)}"
        )
        raise InvalidInputError(msg)
    if date.year < 1000:
        msg = f"date: expected a year with four digits, got year {date.year}"
        raise InvalidInputError(msg)
    found = channel_value(channel)
    if not isinstance(found, Channel):
        codes = ", ".join(f"{c.value} ({c.code})" for c in Channel)
        msg = f"channel: expected a channel with a ticket-id code: {codes}; got {shown(found)}"
        raise InvalidInputError(msg)
    code = found.code
    return f"{date:%Y%m%d}{code}{serial:0{_MIN_SERIAL_DIGITS}d}"


def parse_ticket_id(text: str) -> TicketId:
    """Split a ticket id into its date, channel and serial number.

    Parameters
    ----------
    text : str
        A ticket id such as ``"20231001001"``.

    Returns
    -------
    TicketId
        ``(date, channel, serial)``.

    Raises
    ------
    InvalidTicketIdError
        If the id is not 8 date digits + 1 channel digit + 2 to 31 serial
        digits (at most 40 characters in all), the date does not exist, the
        channel code is unknown or the serial is 0.
    InputTypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> parse_ticket_id("20231001001")
    TicketId(date=datetime.date(2023, 10, 1), channel=<Channel.CHAT: 'chat'>, serial=1)
    """
    if not isinstance(text, str):
        msg = f"text: expected a ticket id str, got {describe(text)}"
        raise InputTypeError(msg)
    minimum = _DATE_DIGITS + 1 + _MIN_SERIAL_DIGITS
    if not (text.isascii() and text.isdigit()) or not minimum <= len(text) <= _MAX_LENGTH:
        msg = (
            f"text: expected a ticket id of at least {minimum} ASCII digits (YYYYMMDD + "
            f"channel digit + serial, at most {_MAX_LENGTH} in all), got {describe(text)}"
        )
        raise InvalidTicketIdError(msg)
    date_part, code, serial_part = text[:_DATE_DIGITS], text[_DATE_DIGITS], text[_DATE_DIGITS + 1 :]
    try:
        date = dt.datetime.strptime(date_part, "%Y%m%d").date()  # noqa: DTZ007 - a date only
    except ValueError:
        msg = "text: expected a valid date YYYYMMDD in the first 8 digits, got digits of no date"
        raise InvalidTicketIdError(msg) from None
    try:
        channel = Channel.from_code(int(code))
    except InvalidInputError:
        msg = f"text: expected a channel code 0-5 as the 9th digit, got {code}"
        raise InvalidTicketIdError(msg) from None
    serial = int(serial_part)
    if serial < 1 or (len(serial_part) > _MIN_SERIAL_DIGITS and serial_part[0] == "0"):
        got = (
            "serial 0" if serial < 1 else f"a serial of {len(serial_part)} digits with a leading 0"
        )
        msg = f"text: expected a serial number >= 1 padded to 2 digits only, got {got}"
        raise InvalidTicketIdError(msg)
    return TicketId(date, channel, serial)


publish("csmetrics.ticket_ids", TicketId)
