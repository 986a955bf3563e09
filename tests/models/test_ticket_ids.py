"""Ticket ids: YYYYMMDD + channel digit + serial (at least two digits)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics import InputTypeError, InvalidInputError, InvalidTicketIdError
from csmetrics.models import Channel
from csmetrics.ticket_ids import TicketId, format_ticket_id, parse_ticket_id

from ..strategies import channels


@pytest.mark.parametrize(
    ("date", "channel", "serial", "text"),
    [
        (dt.date(2023, 10, 1), Channel.CHAT, 1, "20231001001"),
        (dt.date(2023, 10, 1), Channel.CHAT, 99, "20231001099"),
        (dt.date(2023, 10, 1), Channel.CHAT, 100, "202310010100"),
        (dt.date(2024, 2, 29), Channel.SOCIAL_MEDIA, 7, "20240229507"),
        (dt.date(2025, 12, 31), Channel.PHONE, 12345, "20251231112345"),
    ],
)
def test_known_ids(date: dt.date, channel: Channel, serial: int, text: str) -> None:
    assert format_ticket_id(date, channel, serial) == text
    assert parse_ticket_id(text) == TicketId(date, channel, serial)


def test_spec_example() -> None:
    parsed = parse_ticket_id("20231001001")
    assert parsed.date == dt.date(2023, 10, 1)
    assert parsed.channel is Channel.CHAT
    assert parsed.serial == 1


def test_datetime_is_taken_by_its_date() -> None:
    moment = dt.datetime(2023, 10, 1, 23, 59, tzinfo=dt.UTC)
    assert format_ticket_id(moment, "email", 3) == "20231001203"


@given(
    date=st.dates(min_value=dt.date(1000, 1, 1)),
    channel=channels,
    serial=st.integers(min_value=1, max_value=10**9),
)
def test_round_trip(date: dt.date, channel: Channel, serial: int) -> None:
    assert parse_ticket_id(format_ticket_id(date, channel, serial)) == (date, channel, serial)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "at least 11 ASCII digits"),
        ("2023100100", "at least 11 ASCII digits"),
        ("2023-10-01-001", "at least 11 ASCII digits"),
        ("２０２３１００１００１", "at least 11 ASCII digits"),
        ("20231301001", "valid date"),
        ("20230230001", "valid date"),
        ("20231001601", "channel code 0-5"),
        ("20231001900", "channel code 0-5"),
        ("20231001000", "serial number >= 1"),
        ("202310010001", "padded to 2 digits only"),
    ],
)
def test_malformed_ids(text: str, fragment: str) -> None:
    with pytest.raises(InvalidTicketIdError, match=fragment) as info:
        parse_ticket_id(text)
    assert repr(text) not in str(info.value)  # described, never echoed
    assert len(text) < 8 or text not in str(info.value)


def test_parse_rejects_non_str() -> None:
    with pytest.raises(InputTypeError, match="text: expected a ticket id str, got int"):
        parse_ticket_id(20231001001)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "error", "fragment"),
    [
        ((dt.date(2023, 1, 1), "chat", 0), InvalidInputError, "serial number >= 1"),
        ((dt.date(2023, 1, 1), "chat", True), InputTypeError, "serial: expected an int"),
        (("2023-01-01", "chat", 1), InputTypeError, "date: expected a datetime.date"),
        ((dt.date(999, 1, 1), "chat", 1), InvalidInputError, "four digits"),
        ((dt.date(2023, 1, 1), "fax", 1), InvalidInputError, "channel"),
    ],
)
def test_format_rejects_bad_input(
    args: tuple[object, ...], error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=fragment):
        format_ticket_id(*args)  # type: ignore[arg-type]
