"""Building a record raises pydantic's ``ValidationError`` and nothing else; messages describe.

Garbage of every JSON-like shape (and a few Python objects a caller may pass)
in every field of every model either builds the record or raises
``ValidationError``, whose text never holds a personal input. Wrong channel,
priority, tier and ticket-id values are described by type and size, never
copied into a message.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from csmetrics import InputTypeError, InvalidEventError, InvalidInputError, InvalidTicketIdError
from csmetrics._models.customer import _YEAR_UNITS, _parse_duration_years
from csmetrics.masking import mask_name, mask_phone
from csmetrics.models import (
    Channel,
    Customer,
    CustomerTier,
    Priority,
    SurveyResponse,
    Ticket,
    TicketEvent,
)
from csmetrics.ticket_ids import format_ticket_id, parse_ticket_id

from ..strategies import cjk_names

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


class _NoOffset(dt.tzinfo):
    """A tzinfo whose utcoffset() returns what no datetime accepts."""

    def utcoffset(self, _at: dt.datetime | None) -> Any:
        return 5


# Personal text: CJK, so that it never occurs in a message on its own.
personal = cjk_names
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**64, -(2**70), 13812345678]),
    st.builds(pow, st.just(10), st.just(5000)),  # beyond int -> str conversion
    st.floats(allow_nan=True, allow_infinity=True),
    personal,
    st.text(max_size=6),
    st.binary(max_size=8),
    st.sampled_from(["", " ", "1.5", "2年", "P1", "红", "vip", "chat", "2025-03-03T09:00"]),
)
python_objects = st.sampled_from(
    [
        dt.datetime(2025, 3, 3),
        dt.date(2025, 3, 3),
        dt.timedelta(hours=1),
        decimal.Decimal("NaN"),
        object(),
        frozenset({1}),
        (1, 2),
        Channel.CHAT,
        Priority.P1,
    ]
) | st.builds(  # unhashable: a datetime's hash asks its tzinfo for the offset
    dt.datetime,
    st.just(2025),
    st.just(3),
    st.just(3),
    tzinfo=st.builds(dt.tzinfo) | st.builds(_NoOffset),
)
keys = st.text(alphabet=string.ascii_lowercase + "_", max_size=8)
garbage = st.recursive(
    scalars | python_objects,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=8,
)
BASES: dict[type[BaseModel], dict[str, Any]] = {
    Customer: {"name": "张*"},
    Ticket: {"id": "20250303001", "created_at": T0},
    TicketEvent: {"kind": "pause", "at": T0},
    SurveyResponse: {},
}
FIELDS = {model: [*model.model_fields, "phone"] for model in BASES}


def _personal_texts(value: object) -> list[str]:
    """The CJK strings inside ``value`` (the inputs a message must never echo)."""
    if isinstance(value, str):
        cjk = all("\u4e00" <= char <= "\u9fa5" for char in value)
        return [value] if cjk and len(value) >= 2 else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in _personal_texts(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _personal_texts(item)]
    return []


def _shown(exc: ValidationError) -> str:
    return "\n".join([str(exc), repr(exc), exc.json(), repr(exc.errors())])


def _error_text(build: Any) -> str:
    """What the ``ValidationError`` of ``build()`` shows ("" if it builds); nothing else raises."""
    try:
        build()
    except ValidationError as exc:
        return _shown(exc)
    return ""


@given(model=st.sampled_from(list(BASES)), data=st.data())
def test_garbage_in_any_field_raises_validation_error_only(
    model: type[BaseModel], data: st.DataObject
) -> None:
    fields = data.draw(st.lists(st.sampled_from(FIELDS[model]), min_size=1, max_size=3))
    record = BASES[model] | {field: data.draw(garbage, label=field) for field in fields}
    shown = _error_text(lambda: model.model_validate(record))
    for text in _personal_texts(record):
        assert text not in shown


@given(model=st.sampled_from(list(BASES)), value=garbage)
def test_garbage_instead_of_a_record_raises_validation_error_only(
    model: type[BaseModel], value: Any
) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate([value])
    for text in _personal_texts(value):
        assert text not in _shown(info.value)


@given(model=st.sampled_from(list(BASES)), data=st.data())
def test_garbage_json_raises_validation_error_only(
    model: type[BaseModel], data: st.DataObject
) -> None:
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | personal,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3)
        ),
        max_leaves=8,
    )
    fields = data.draw(st.lists(st.sampled_from(FIELDS[model]), min_size=1, max_size=3))
    record = {k: str(v) for k, v in BASES[model].items()}
    record |= {field: data.draw(json_values, label=field) for field in fields}
    text = json.dumps(record, ensure_ascii=False)
    for document in (text, text[: len(text) // 2]):  # and invalid JSON
        shown = _error_text(lambda doc=document: model.model_validate_json(doc))
        for personal_text in _personal_texts(record):
            assert personal_text not in shown


@pytest.mark.parametrize(
    ("model", "fields", "error_type", "message"),
    [
        (
            Ticket,
            {"channel": 3.5},
            "channel_type",
            "channel: expected a Channel or str, got float 3.5",
        ),
        (
            Ticket,
            {"priority": {"level": 1}},
            "priority_type",
            "priority: expected a Priority or str, got dict of 1 item",
        ),
        (
            Ticket,
            {"channel": 2**64},
            "channel_type",
            "channel: expected a Channel or str, got int of 65 bits",
        ),
        (Ticket, {"priority": 10**5000}, "value_error", "level: expected 1, 2 or 3, got int of"),
        (Ticket, {"id": 5}, "string_type", "Input should be a valid string"),
        (
            Ticket,
            {"created_at": dt.datetime(2025, 3, 3, tzinfo=dt.tzinfo())},
            "invalid_timezone",
            "created_at: expected a datetime whose tzinfo gives a UTC offset, got a tzinfo",
        ),
        (
            TicketEvent,
            {"at": dt.datetime(2025, 3, 3, tzinfo=_NoOffset())},
            "invalid_timezone",
            "at: expected a datetime whose tzinfo gives a UTC offset, got a _NoOffset",
        ),
        (
            TicketEvent,
            {"kind": "priority_changed", "priority": [1]},
            "priority_type",
            "priority: expected a Priority or str, got list of 1 item",
        ),
        (Customer, {"tier": b"vip"}, "tier_type", "customer_tier: expected a CustomerTier or str"),
        (Customer, {"tier": 1.5}, "tier_type", "customer_tier: expected a CustomerTier or str"),
        (Customer, {"relationship_years": "1" * 60_000 + "x"}, "float_parsing", "valid number"),
        (Customer, {"relationship_years": float("inf")}, "finite_number", "finite number"),
        (Customer, {"annual_spend": float("nan")}, "finite_number", "finite number"),
        (Customer, {"phone": 2**80}, "value_error", "phone: expected an int of at most 64 bits"),
        (Customer, {"name": b"\xff"}, "string_unicode", "valid string"),
    ],
)
def test_non_pydantic_exceptions_become_validation_errors(
    model: type[BaseModel], fields: dict[str, Any], error_type: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        model.model_validate(BASES[model] | fields)
    error = info.value.errors()[0]
    assert error["type"] == error_type
    assert message in error["msg"]


# --- messages describe the value ------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: Channel.parse("fax"),
            InvalidInputError,
            (
                "channel: expected one of 'chat', 'phone', 'email', 'app_review', "
                "'marketplace_review', 'social_media' (or a known alias), got str of 3 characters"
            ),
        ),
        (
            lambda: Channel.parse(3.5),
            InputTypeError,
            "channel: expected a Channel or str, got float 3.5",
        ),
        (
            lambda: Channel.parse(b"chat"),
            InputTypeError,
            "channel: expected a Channel or str, got bytes of length 4",
        ),
        (
            lambda: Channel.from_code(99),
            InvalidInputError,
            "code: expected a channel code 0-5, got int 99",
        ),
        (
            lambda: Priority.parse("P7"),
            InvalidInputError,
            "priority: expected one of 'P1', 'P2', 'P3' (or a known alias), got str of 2 chara",
        ),
        (
            lambda: Priority.parse({"p": 1}),
            InputTypeError,
            "priority: expected a Priority or str, got dict of 1 item",
        ),
        (lambda: Priority.parse(7), InvalidInputError, "level: expected 1, 2 or 3, got int 7"),
        (
            lambda: CustomerTier.parse("gold"),
            InvalidInputError,
            "customer_tier: expected one of 'vip', 'normal' (or a known alias), got str of 4",
        ),
        (
            lambda: parse_ticket_id("2023100100"),
            InvalidTicketIdError,
            (
                "text: expected a ticket id of at least 11 ASCII digits (YYYYMMDD + channel digit "
                "+ serial, at most 40 in all), got str of 10 characters"
            ),
        ),
        (
            lambda: parse_ticket_id("20231301001"),
            InvalidTicketIdError,
            "text: expected a valid date YYYYMMDD in the first 8 digits, got digits of no date",
        ),
        (
            lambda: parse_ticket_id("20231001601"),
            InvalidTicketIdError,
            "text: expected a channel code 0-5 as the 9th digit, got 6",
        ),
        (
            lambda: parse_ticket_id("202310010001"),
            InvalidTicketIdError,
            (
                "text: expected a serial number >= 1 padded to 2 digits only, "
                "got a serial of 3 digits with a leading 0"
            ),
        ),
        (
            lambda: parse_ticket_id("2023100100" + "1" * 5000),
            InvalidTicketIdError,
            "at most 40 in all), got str of 5010 characters",
        ),
        (
            lambda: parse_ticket_id(20231001001),
            InputTypeError,
            "text: expected a ticket id str, got int 20231001001",
        ),
        (
            lambda: format_ticket_id(dt.date(2023, 1, 1), "张三", 1),
            InvalidInputError,
            (
                "expected a channel with a ticket-id code: chat (0), phone (1), email (2), "
                "app_review (3), marketplace_review (4), social_media (5); got str of 2 characters"
            ),
        ),
        (
            lambda: format_ticket_id("2023-01-01", "chat", 1),
            InputTypeError,
            "date: expected a datetime.date, got str of 10 characters",
        ),
        (
            lambda: format_ticket_id(dt.date(2023, 1, 1), "chat", 10**40),
            InvalidInputError,
            "serial: expected a serial number >= 1 of at most 31 digits, got int of 133 bits",
        ),
        (
            lambda: mask_name(13812345678),
            InputTypeError,
            "name: expected a str, got int of 34 bits",
        ),
        (
            lambda: mask_phone(13812345678.0),
            InputTypeError,
            "phone: expected a str or int, got float",
        ),
    ],
)
def test_messages_describe_wrong_values(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("ticket_id", "message"),
    [
        ("", "id: expected a non-empty id, got an empty str"),
        ("   ", "id: expected a non-empty id, got a blank str of 3 characters"),
        ("\u3000\t", "id: expected a non-empty id, got a blank str of 2 characters"),
    ],
)
def test_blank_id_message_is_rendered(ticket_id: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Ticket(id=ticket_id, created_at=T0)
    error = info.value.errors()[0]
    assert (error["type"], error["msg"]) == ("blank_id", message)
    assert "{" not in str(info.value)


def _not_an_alias(text: str) -> bool:
    parsers = (Channel.parse, Priority.parse, CustomerTier.parse)
    for parse in parsers:
        try:
            parse(text)
        except InvalidInputError:
            continue
        return False
    return True


@given(text=personal.filter(_not_an_alias))
def test_enumeration_messages_never_echo_the_value(text: str) -> None:
    for parse in (Channel.parse, Priority.parse, CustomerTier.parse):
        with pytest.raises(InvalidInputError) as info:
            parse(text)
        assert text not in str(info.value)
    with pytest.raises(InvalidInputError) as info:
        format_ticket_id(dt.date(2025, 3, 3), text, 1)
    assert text not in str(info.value)


@given(text=st.text(alphabet=string.digits, min_size=12, max_size=60) | personal)
def test_ticket_id_messages_never_echo_the_id(text: str) -> None:
    with pytest.raises(InvalidTicketIdError) as info:
        parse_ticket_id(text + "x")
    assert text not in str(info.value)


@given(kind=personal)
def test_unvalidated_event_kinds_are_described(kind: str) -> None:
    event = TicketEvent.model_construct(kind=kind, at=T0)
    ticket = Ticket.model_construct(id="t", created_at=T0, events=(event,))
    with pytest.raises(
        InvalidEventError, match=r"events\[0\]\.kind: expected an EventKind"
    ) as info:
        _ = ticket.status
    assert kind not in str(info.value)


_GREEDY_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(\S*)")  # the pattern before: quadratic


def _greedy_years(text: str) -> object:
    match = _GREEDY_DURATION.fullmatch(text.strip().casefold())
    factor = _YEAR_UNITS.get(match.group(2)) if match else None
    if match is None or (factor is None and match.group(2)):
        return text
    return float(match.group(1)) * (factor or 1.0)


@given(
    text=st.text(alphabet="0123456789. \t年个月yearsmo\u3000x", max_size=14)
    | st.from_regex(r"\s*\d{1,4}(\.\d{0,3})?\s*(年|个月|years?|m|x)?\s*", fullmatch=True)
)
def test_linear_duration_pattern_reads_as_before(text: str) -> None:
    assert _parse_duration_years(text) == _greedy_years(text)


def test_duration_of_a_long_digit_run_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:  # about 40 s with the pattern before
        Customer(relationship_years="1" * 60_000 + "x y")
    assert info.value.errors()[0]["type"] == "float_parsing"


def test_input_that_fails_when_read_is_unreadable_input() -> None:
    unhashable = dt.datetime(2025, 3, 3, tzinfo=dt.tzinfo())  # hash() asks for the offset
    with pytest.raises(ValidationError) as info:
        Ticket(**BASES[Ticket], events=[{"kind": unhashable, "at": T0}])
    error = info.value.errors()[0]
    assert (error["type"], error["loc"]) == ("unreadable_input", ("events", 0))
    assert error["msg"] == (
        "expected input that can be read, got one whose reading raised NotImplementedError"
    )
