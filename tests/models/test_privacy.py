"""A customer's raw name and phone never show: not on any way of building a record, not in errors.

Names come from scripts that never occur in reprs, field names or messages
(``cjk_names``, ``greek_names``), so a leak is a plain substring; the mask
(surname or initials) is taken out of each rendering before looking.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import itertools
import json
import logging
import pickle
import traceback
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from csmetrics import InputTypeError, InvalidInputError
from csmetrics._models.customer import MaskedAttributes
from csmetrics.models import Customer, SurveyResponse, Ticket, TicketEvent, json_schemas

from ..strategies import cjk_names, greek_names, phone_numbers

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
names = cjk_names | greek_names


def _ticket(customer: Any, **fields: Any) -> dict[str, Any]:
    return {"id": "20250303001", "created_at": T0, "customer": customer, **fields}


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


# --- every way of building a customer ------------------------------------------------------


def _paths(name: str, phone: str) -> dict[str, Callable[[], BaseModel]]:
    raw = {"name": name, "phone": phone}
    attributes = SimpleNamespace(name=name, phone=phone)
    ticket = Ticket(**_ticket(None))
    return {
        "keywords": lambda: Customer(**raw),
        "mapping": lambda: Customer.model_validate(raw),
        "int phone": lambda: Customer(name=name, phone=int(phone)),
        "bytes name": lambda: Customer(name=name.encode(), phone=phone),
        "bytearray name": lambda: Customer(name=bytearray(name.encode()), phone=phone),
        "attributes": lambda: Customer.model_validate(attributes, from_attributes=True),
        "attributes, bytes name": lambda: Customer.model_validate(
            SimpleNamespace(name=name.encode()), from_attributes=True
        ),
        "json": lambda: Customer.model_validate_json(_json(raw)),
        "strings": lambda: Customer.model_validate_strings(raw),
        "model_copy": lambda: Customer().model_copy(update=raw),
        "model_copy, deep": lambda: Customer().model_copy(update=raw, deep=True),
        "model_copy, bytes name": lambda: Customer().model_copy(update={"name": name.encode()}),
        "model_construct": lambda: Customer.model_construct(**raw),
        "model_construct, phone_last4": lambda: Customer.model_construct(phone_last4=phone),
        "model_construct, fields set": lambda: Customer.model_construct({"name", "phone"}, **raw),
        "ticket": lambda: Ticket(**_ticket(raw)),
        "ticket, bytes name": lambda: Ticket(**_ticket({"name": name.encode(), "phone": phone})),
        "ticket json": lambda: Ticket.model_validate_json(_json(_ticket(raw))),
        "ticket attributes": lambda: Ticket.model_validate(
            SimpleNamespace(**_ticket(attributes)), from_attributes=True
        ),
        "ticket model_construct": lambda: Ticket.model_construct(**_ticket(raw)),
        "ticket model_copy": lambda: ticket.model_copy(update={"customer": raw}),
    }


PATHS = sorted(_paths("张三", "13812345678"))


def _renderings(record: BaseModel) -> list[str]:
    pickled = pickle.dumps(record)
    return [
        repr(record),
        str(record),
        repr(record.model_dump()),
        record.model_dump_json(),
        pickled.decode("utf-8", "replace"),
        repr(pickle.loads(pickled)),
        repr(copy.copy(record)),
        repr(copy.deepcopy(record)),
        repr(record.model_copy()),
        repr(record.model_copy(deep=True)),
    ]


def _customer_of(record: BaseModel) -> Customer:
    customer = record.customer if isinstance(record, Ticket) else record
    assert isinstance(customer, Customer)
    return customer


def _secrets(name: str, mask: str) -> list[str]:
    """The parts of ``name`` that its ``mask`` hides."""
    if greek_names_only(name):
        return name.split()
    surname, _, title = mask.partition("*")
    hidden = name.removeprefix(surname).removesuffix(title)
    return [hidden] if hidden else []


def greek_names_only(name: str) -> bool:
    return all("\u03b1" <= char <= "\u03c9" or char == " " for char in name)


def assert_hidden(text: str, name: str, phone: str, mask: str | None) -> None:
    shown = text.replace(mask, "<mask>") if mask else text
    for secret in _secrets(name, mask or ""):
        assert secret not in shown
    assert phone[:-4] not in shown.replace(phone[-4:], "<last4>")


@pytest.mark.parametrize("path", PATHS)
@given(name=names, phone=phone_numbers)
def test_no_way_of_building_a_customer_keeps_the_raw_values(
    path: str, name: str, phone: str
) -> None:
    record = _paths(name, phone)[path]()
    customer = _customer_of(record)
    assert customer.name is None or customer.name != name
    assert customer.phone_last4 in (None, phone[-4:])
    for text in _renderings(record):
        assert_hidden(text, name, phone, customer.name)


@pytest.mark.parametrize(
    ("path", "name", "phone_last4"),
    [
        ("bytes name", "张*", "5678"),
        ("attributes", "张*", None),  # an object's phone attribute is no field: not read
        ("model_copy", "张*", "5678"),
        ("model_construct", "张*", "5678"),
        ("model_construct, phone_last4", None, "5678"),
        ("ticket, bytes name", "张*", "5678"),
        ("ticket model_construct", "张*", "5678"),
        ("ticket model_copy", "张*", "5678"),
    ],
)
def test_the_paths_that_kept_raw_values(path: str, name: str | None, phone_last4: str) -> None:
    customer = _customer_of(_paths("张三丰", "13812345678")[path]())
    assert (customer.name, customer.phone_last4) == (name, phone_last4)
    assert customer.model_fields_set >= ({"name"} if name else set())


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Customer.model_construct(name=42), InputTypeError),
        (lambda: Customer.model_construct(name=b"\xff\xfe"), InputTypeError),
        (lambda: Customer.model_construct(phone="138x"), InvalidInputError),
        (lambda: Customer.model_construct(phone_last4="567"), InvalidInputError),
        (lambda: Customer(name="张三").model_copy(update={"phone": 1.5}), InputTypeError),
        (lambda: Ticket.model_construct(**_ticket("张三 13812345678")), InputTypeError),
        (lambda: Ticket.model_construct(**_ticket({1: "张三"})), InputTypeError),
    ],
)
def test_unvalidated_paths_refuse_what_they_cannot_mask(
    build: Callable[[], object], error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        build()
    assert "张三" not in str(info.value)
    assert "138" not in str(info.value)


def test_json_schema_examples_are_masks() -> None:
    schema = json_schemas()["Customer"]
    text = json.dumps(json_schemas(), ensure_ascii=False)
    assert "张三" not in text  # the docstring's example stays out
    assert "1234" not in text
    assert schema["properties"]["name"]["examples"] == ["张*", "欧阳*女士", "Mr. S***"]
    assert schema["properties"]["phone_last4"]["examples"] == ["5678"]
    assert schema["properties"]["phone"]["writeOnly"] is True  # input only
    assert "phone" not in Customer.model_json_schema(mode="serialization")["properties"]


# --- validation errors ---------------------------------------------------------------------


def _error_texts(exc: ValidationError) -> list[str]:
    """Everything an error shows: errors(), json(), str(), a traceback and a log record."""
    try:
        raise exc
    except ValidationError:
        formatted = traceback.format_exc()
        stream = io.StringIO()
        logger = logging.getLogger("csmetrics.test_privacy")
        logger.propagate = False  # to this handler only, not to pytest's log capture
        handler = logging.StreamHandler(stream)
        logger.addHandler(handler)
        try:
            logger.exception("ticket rejected")
        finally:
            logger.removeHandler(handler)
    return [repr(exc.errors()), exc.json(), str(exc), repr(exc), formatted, stream.getvalue()]


def _failures(name: str, phone: str) -> dict[str, Callable[[], object]]:
    bad_phone = {"name": name, "phone": phone[:3] + "x" + phone[3:]}
    good = {"name": name, "phone": phone}
    late, early = ({"kind": "resolved", "at": T0 + dt.timedelta(hours=h)} for h in (2, 1))
    before = {"kind": "agent_reply", "at": T0 - dt.timedelta(hours=1)}
    return {
        "customer, bad phone": lambda: Customer(**bad_phone),
        "customer json, bad phone": lambda: Customer.model_validate_json(_json(bad_phone)),
        "customer, short phone": lambda: Customer(name=name, phone=phone[:3]),
        "customer, long name": lambda: Customer(name=name * 40_000, phone=phone),
        "customer, phone in phone_last4": lambda: Customer(name=name, phone_last4=phone),
        "customer, int phone in phone_last4": lambda: Customer(phone_last4=int(phone)),
        "customer, bad tier": lambda: Customer(**good, tier=name * 2),
        "customer, extra field": lambda: Customer(**good, email=name),
        "customer from attributes": lambda: Customer.model_validate(SimpleNamespace(**good)),
        "ticket, bad phone": lambda: Ticket(**_ticket(bad_phone)),
        "ticket json, bad phone": lambda: Ticket.model_validate_json(_json(_ticket(bad_phone))),
        "ticket, events out of order": lambda: Ticket(**_ticket(good, events=[late, early])),
        "ticket, event before creation": lambda: Ticket(**_ticket(good, events=[before])),
        "ticket, naive created_at": lambda: Ticket(
            **_ticket(good, created_at=dt.datetime(2025, 3, 3))
        ),
        "ticket, blank id": lambda: Ticket(**_ticket(good, id=" ")),
        "ticket, channel": lambda: Ticket(**_ticket(good, channel=name * 60)),
        "ticket, priority": lambda: Ticket(**_ticket(good, priority=name * 2)),
        "ticket, text": lambda: Ticket(**_ticket(good, text=[name])),
        "ticket, not a ticket": lambda: Ticket.model_validate([good]),
        "invalid json": lambda: Ticket.model_validate_json(_json(_ticket(good))[:-1]),
        "event, note": lambda: TicketEvent(kind="pause", at=T0, note=[name, phone]),
        "event, priority": lambda: TicketEvent(kind="priority_changed", at=T0, priority=name * 2),
        "survey, comment": lambda: SurveyResponse(comment={"text": name + phone}),
        "survey, nps": lambda: SurveyResponse(nps=name, comment=name),
        "frozen customer": lambda: setattr(Customer(), "name", name + phone),
        "frozen ticket": lambda: setattr(Ticket(**_ticket(None)), "customer", good),
    }


FAILURES = sorted(_failures("张三", "13812345678"))


@pytest.mark.parametrize("failure", FAILURES)
@given(name=names, phone=phone_numbers)
def test_validation_errors_never_show_the_raw_values(failure: str, name: str, phone: str) -> None:
    with pytest.raises(ValidationError) as info:
        _failures(name, phone)[failure]()
    for text in _error_texts(info.value):
        assert name not in text
        assert name[1:] not in text
        for secret in _secrets(name, ""):
            assert secret not in text
        assert phone[:-4] not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "张三", "phone": "138x"},
            (
                "phone: expected a phone number with at least 4 digits and only digits, spaces, "
                "'-', '.', '(', ')', '+' or '*', got a value of 4 characters with 3 digits"
            ),
        ),
        ({"name": "  "}, "name: expected a non-empty name, got an empty or blank string"),
        ({"name": "张" * 70_000}, "name: expected at most 65536 characters, got 70000"),
        ({"phone": 1.5}, "phone: expected a str or int, got float"),
        (
            {"phone": 2**70},
            "phone: expected an int of at most 64 bits (or a str), got int of 71 bits",
        ),
    ],
)
def test_messages_about_personal_fields_describe_the_value(
    data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        Customer(**data)
    assert message in info.value.errors()[0]["msg"]


def test_errors_keep_their_types_and_numbers_that_are_no_personal_data() -> None:
    with pytest.raises(ValidationError) as info:
        Ticket(**_ticket({"name": "张三"}, events=[{"kind": "agent_reply", "at": T0}] * 2, id=" "))
    assert [e["type"] for e in info.value.errors()] == ["blank_id"]
    with pytest.raises(ValidationError) as info:
        SurveyResponse(nps=11, overall=True)
    errors = info.value.errors()
    assert [(e["type"], e["input"]) for e in errors] == [
        ("int_type", True),
        ("less_than_equal", 11),
    ]


def test_error_inputs_are_described() -> None:
    with pytest.raises(ValidationError) as info:
        Ticket(**_ticket({"name": "张三", "phone": "138x"}))
    error = info.value.errors()[0]
    assert (error["loc"], error["input"]) == (("customer",), "dict of 2 items")
    assert "input_value" not in str(info.value)


def test_a_described_input_is_described_once() -> None:
    with pytest.raises(ValidationError) as info:
        Ticket(**_ticket({"phone_last4": "13812345678"}))
    assert info.value.errors()[0]["input"] == "str of 11 characters"


@given(
    kind=st.sampled_from(["agent_reply", "resolved"]),
    gaps=st.lists(st.integers(-100, 100), min_size=2, max_size=5),
    name=names,
)
def test_event_order_errors_carry_no_ticket(kind: str, gaps: list[int], name: str) -> None:
    events = [{"kind": kind, "at": T0 + dt.timedelta(minutes=g)} for g in gaps]
    in_order = gaps[0] >= 0 and all(a <= b for a, b in itertools.pairwise(gaps))
    if in_order:
        assert Ticket(**_ticket({"name": name}, events=events)).customer is not None
        return
    with pytest.raises(ValidationError) as info:
        Ticket(**_ticket({"name": name}, events=events))
    kinds = {error["type"] for error in info.value.errors()}
    assert kinds <= {"event_before_creation", "events_out_of_order"}
    for text in _error_texts(info.value):
        assert all(secret not in text for secret in _secrets(name, ""))


def test_deleting_a_field_is_a_frozen_error_without_input() -> None:
    with pytest.raises(ValidationError) as info:
        del Customer(name="张三").name
    assert info.value.errors()[0]["type"] == "frozen_instance"


def test_the_attribute_reader_shows_no_attribute() -> None:
    row = SimpleNamespace(name="张三丰", phone="13812345678")
    reader = MaskedAttributes(row)
    assert repr(reader) == "<attributes of a SimpleNamespace>"
    assert reader.name == "张*"
    assert reader.phone == "13812345678"  # read only by pydantic, for fields: phone is none


@pytest.mark.parametrize("customer", [None, Customer(name="张三")])
def test_unvalidated_ticket_keeps_a_customer_or_none(customer: Customer | None) -> None:
    ticket = Ticket.model_construct(**_ticket(customer))
    assert ticket.customer is customer
    assert ticket.model_copy(update={"customer": customer}).customer is customer
