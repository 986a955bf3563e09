"""The fast branch of the record models accepts and rejects exactly what the exact rules do.

The oracle is ``reference_models``: the models as they validated before the
fast branch existed. For random input (aware, naive and malformed datetimes,
blank and non-blank ids, enumeration values, aliases and garbage, raw and
masked names, phone numbers, relationship lengths ...) both give the same
record, the same errors (type, location, message, input, context) or the
same exception. Inputs are compared as the models show them (``safe_input``:
described by type and size, never echoed).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from csmetrics._models.customer import _MASK
from csmetrics._models.fields import _NON_BLANK, fast_or_exact
from csmetrics._models.privacy import safe_input
from csmetrics.datasets import sample_surveys, sample_tickets
from csmetrics.masking import mask_name
from csmetrics.models import (
    Channel,
    Customer,
    CustomerTier,
    EventKind,
    Priority,
    SurveyResponse,
    Ticket,
    TicketEvent,
)

from ..strategies import aware_datetimes, cjk_names, greek_names, phone_numbers
from .reference_models import Customer as OldCustomer
from .reference_models import SurveyResponse as OldSurveyResponse
from .reference_models import Ticket as OldTicket
from .reference_models import TicketEvent as OldTicketEvent

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


# --- outcomes ----------------------------------------------------------------------


def _plain_error(error: Any) -> dict[str, Any]:
    ctx = dict(error.get("ctx", {}))
    if isinstance(ctx.get("error"), BaseException):
        ctx["error"] = (type(ctx["error"]).__name__, str(ctx["error"]))
    shown = safe_input(error["loc"], error["input"])
    return {key: error[key] for key in ("type", "loc", "msg")} | {"input": shown, "ctx": ctx}


def outcome(model: type[BaseModel], data: Any) -> tuple[Any, ...]:
    """What validating ``data`` gives: the record's dump, the errors or the exception."""
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        return ("invalid", [_plain_error(e) for e in exc.errors(include_url=False)])
    except (TypeError, ValueError) as exc:  # e.g. an InputTypeError from Priority.parse
        return ("raised", type(exc), str(exc))
    dump = record.model_dump()
    return ("valid", dump, repr(dump))


def assert_same(new: type[BaseModel], old: type[BaseModel], data: Any) -> None:
    assert outcome(new, data) == outcome(old, data)


# --- strategies --------------------------------------------------------------------

naive_datetimes = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31))
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
aware = aware_datetimes() | st.datetimes(
    dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31), timezones=offsets
)
datetimes = st.one_of(
    aware,
    naive_datetimes,
    aware.map(dt.datetime.isoformat),
    naive_datetimes.map(dt.datetime.isoformat),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 2**31),
    st.text(max_size=6),
    st.none(),
)
SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u3000\u200b"
blank = st.text(alphabet=SPACES, max_size=4)
ids = st.one_of(st.text(max_size=12), blank, blank.map(lambda s: s + "x" + s), st.integers())
ALIASES = [
    *("热线", "online chat", "E-Mail", "微博", "第三方平台", "app store", "LIVE_CHAT"),
    *("红", "一级", "urgent", "Routine", "1", " P2 ", "p3", "绿色"),
    *("vip", "VIP客户", "普通客户", "Key Account", "Normal"),
]


def enum_inputs(enum: type[Any]) -> st.SearchStrategy[Any]:
    members = list(enum)
    return st.one_of(
        st.sampled_from(members),
        st.sampled_from([m.value for m in members]),
        st.sampled_from([m.value.upper() for m in members] + [m.name for m in members]),
        st.sampled_from(ALIASES),
        st.sampled_from([m.value.encode() for m in members]),
        st.sampled_from([*Channel, *Priority, *CustomerTier, *EventKind]),
        st.integers(-1, 5),
        st.booleans(),
        st.floats(-2, 5, allow_nan=False),
        st.text(max_size=8),
        st.none(),
    )


masks = st.from_regex(_MASK, fullmatch=True)
names = st.one_of(
    cjk_names,
    greek_names,
    masks,
    st.sampled_from(["欧阳*", "张*总", "王先生", " 张* ", "张三*", "Mr. S***", "", "  ", "S***\n"]),
    st.integers(),
    st.none(),
)
phones = st.one_of(
    phone_numbers,
    st.integers(10**3, 10**12),
    st.sampled_from(["123", "138-1234-5678", "138123x5678", 1.5, True, b"13812345678", None]),
)
year_texts = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", " ", "\u3000"]),
    st.from_regex(r"\d{1,3}(\.\d{1,2})?", fullmatch=True),
    st.sampled_from(["", " ", "\t"]),
    st.sampled_from(["", "年", "y", "Y", "years", "个月", "月", "m", "mo", "weeks", "e3", "x"]),
)
years = st.one_of(
    st.floats(-1, 20, allow_nan=False),
    st.integers(-1, 20),
    year_texts,
    st.sampled_from(["inf", "1e3", "很久", "-2年", "2.", "１２", "2_0"]),
    st.text(max_size=4),
    st.none(),
)


@st.composite
def customers(draw: st.DrawFn) -> dict[str, Any]:
    optional = {
        "name": names,
        "phone": phones,
        "phone_last4": st.sampled_from(["5678", "567", None]),
        "tier": enum_inputs(CustomerTier),
        "relationship_years": years,
        "past_complaints": st.integers(-1, 3),
    }
    keys = draw(st.sets(st.sampled_from(sorted(optional))))
    return {key: draw(optional[key]) for key in sorted(keys)}


@st.composite
def events(draw: st.DrawFn, at: st.SearchStrategy[Any] = datetimes) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(EventKind)) | st.sampled_from(["resolved", "teleported"]))
    event = {"kind": kind, "at": draw(at)}
    if draw(st.booleans()):
        event["priority"] = draw(enum_inputs(Priority))
    if draw(st.integers(0, 9)) == 0:
        event["unknown"] = 1
    return event


def minutes_after(start: dt.datetime) -> st.SearchStrategy[dt.datetime]:
    return st.integers(-30, 600).map(lambda m: start + dt.timedelta(minutes=m))


@st.composite
def tickets(draw: st.DrawFn) -> dict[str, Any]:
    created = draw(aware) if draw(st.integers(0, 4)) else draw(datetimes)
    times = minutes_after(created) if isinstance(created, dt.datetime) else datetimes
    ticket = {
        "id": draw(ids) if draw(st.integers(0, 3)) == 0 else "20250303001",
        "created_at": created,
        "events": sorted(draw(st.lists(events(times), max_size=5)), key=lambda e: str(e["at"])),
    }
    for key, values in (("channel", Channel), ("priority", Priority)):
        if draw(st.booleans()):
            ticket[key] = draw(enum_inputs(values))
    if draw(st.booleans()):
        ticket["customer"] = draw(customers())
    return ticket


# --- the fast branch decides as the exact one ----------------------------------------


@given(value=datetimes)
def test_created_at(value: Any) -> None:
    assert_same(Ticket, OldTicket, {"id": "t", "created_at": value})


@given(value=ids)
def test_id(value: Any) -> None:
    assert_same(Ticket, OldTicket, {"id": value, "created_at": T0})


@given(channel=enum_inputs(Channel), priority=enum_inputs(Priority))
def test_channel_and_priority(channel: Any, priority: Any) -> None:
    assert_same(Ticket, OldTicket, {"id": "t", "created_at": T0, "channel": channel})
    assert_same(Ticket, OldTicket, {"id": "t", "created_at": T0, "priority": priority})


@given(event=events())
def test_event(event: dict[str, Any]) -> None:
    assert_same(TicketEvent, OldTicketEvent, event)


@given(customer=customers())
def test_customer(customer: dict[str, Any]) -> None:
    assert_same(Customer, OldCustomer, customer)


@given(ticket=tickets())
def test_ticket(ticket: dict[str, Any]) -> None:
    assert_same(Ticket, OldTicket, ticket)


@pytest.mark.parametrize("data", [5, None, "张三", [("name", "张三")]])
def test_customer_from_other_input(data: Any) -> None:
    assert_same(Customer, OldCustomer, data)


class Pair(BaseModel):
    """Two records of one kind: pydantic refers to the second by a definition reference."""

    first: Customer
    second: Customer | None = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return fast_or_exact(handler(source), handler)


class OldPair(BaseModel):
    model_config = ConfigDict(title="Pair")

    first: OldCustomer
    second: OldCustomer | None = None


@given(first=customers(), second=customers())
def test_records_inside_a_record(first: dict[str, Any], second: dict[str, Any]) -> None:
    assert_same(Pair, OldPair, {"first": first, "second": second})


@given(
    answered_at=datetimes,
    overall=st.integers(-1, 6) | st.floats(0, 6) | st.booleans(),
    nps=st.integers(-1, 11) | st.none(),
)
def test_survey(answered_at: Any, overall: Any, nps: Any) -> None:
    data = {"answered_at": answered_at, "overall": overall, "nps": nps}
    assert_same(SurveyResponse, OldSurveyResponse, data)


@pytest.mark.parametrize(
    ("model", "old", "data", "types"),
    [
        # A bad phone stops the customer's rules before its tier is read; a wrong
        # type of channel, priority or tier is a validation error, reported with
        # the others. The fast branch gives the same errors.
        (Customer, OldCustomer, {"phone": "123", "tier": b"vip"}, ["value_error"]),
        (
            Ticket,
            OldTicket,
            {"id": "t", "created_at": T0, "channel": b"chat", "customer": {"tier": b"vip"}},
            ["channel_type", "tier_type"],
        ),
        (
            Ticket,
            OldTicket,
            {"id": "t", "created_at": T0, "customer": {"tier": 1.5}},
            ["tier_type"],
        ),
    ],
)
def test_errors_come_in_the_exact_order(model: Any, old: Any, data: Any, types: list[str]) -> None:
    result = outcome(model, data)
    assert result[0] == "invalid"
    assert [error["type"] for error in result[1]] == types
    assert_same(model, old, data)


@pytest.mark.parametrize("seed", [0, 1])
def test_sample_data_and_its_json(seed: int) -> None:
    for ticket in sample_tickets(40, seed=seed):
        assert_same(Ticket, OldTicket, ticket.model_dump())
        assert Ticket.model_validate_json(ticket.model_dump_json()) == ticket
    for survey in sample_surveys(sample_tickets(40, seed=seed), seed=seed):
        assert_same(SurveyResponse, OldSurveyResponse, survey.model_dump())


NOON = "2025-03-03T09:00+08:00"


@pytest.mark.parametrize(
    "record",
    [
        {
            "id": " ",
            "created_at": "2025-03-03T09:00",
            "channel": "fax",
            "events": [{"kind": "pause", "at": "2025-03-03T08:00+08:00"}],
        },
        {"id": "x", "created_at": NOON, "events": [{"kind": "pause", "at": "2025-03-03T08:00Z"}]},
        {"id": "x", "created_at": NOON, "channel": "热线", "customer": {"name": "张三"}},
        {"id": "x", "created_at": NOON, "customer": {"phone": "138x"}},
    ],
)
def test_json_input(record: dict[str, Any]) -> None:
    text = json.dumps(record, ensure_ascii=False)

    def json_outcome(model: type[BaseModel]) -> tuple[Any, ...]:
        try:
            return ("valid", model.model_validate_json(text).model_dump())
        except ValidationError as exc:
            errors = [_plain_error(e) for e in exc.errors(include_url=False)]
            return ("invalid", errors, str(exc).split("\n", 1)[1])

    assert json_outcome(Ticket) == json_outcome(OldTicket)


# --- the fast branch is taken --------------------------------------------------------


def fast_branch(model: type[BaseModel]) -> SchemaValidator:
    """The model's fast branch alone (the first choice behind ``fast_or_exact``)."""
    schema: Any = model.__pydantic_core_schema__
    definitions = schema["definitions"] if schema["type"] == "definitions" else []
    root = schema["schema"] if schema["type"] == "definitions" else schema
    return SchemaValidator(cs.definitions_schema(root["schema"]["choices"][0][0], definitions))


def test_aliases_are_parsed_in_the_fast_branch() -> None:
    data = {"id": "t", "created_at": T0, "channel": "热线", "priority": "一级"}
    ticket = fast_branch(Ticket).validate_python(data)
    assert (ticket.channel, ticket.priority) == (Channel.PHONE, Priority.P1)
    customer = fast_branch(Customer).validate_python({"name": "欧阳*", "tier": "vip"})
    assert customer.tier is CustomerTier.VIP
    change = {"kind": "priority_changed", "at": T0, "priority": "红"}
    assert fast_branch(TicketEvent).validate_python(change).priority is Priority.P1


def test_valid_records_take_the_fast_branch() -> None:
    week = sample_tickets(60, seed=4)
    for ticket in week:
        dump = ticket.model_dump()
        assert fast_branch(Ticket).validate_python(dump) == ticket
        assert fast_branch(Ticket).validate_json(ticket.model_dump_json()) == ticket
        for event in dump["events"]:
            assert fast_branch(TicketEvent).validate_python(event) == TicketEvent(**event)
        assert fast_branch(Customer).validate_python(dump["customer"]) == ticket.customer
    for survey in sample_surveys(week, seed=4):
        assert fast_branch(SurveyResponse).validate_python(survey.model_dump()) == survey


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Ticket, {"id": "t", "created_at": dt.datetime(2025, 3, 3)}),
        (Ticket, {"id": "t", "created_at": T0, "priority": "P7"}),
        (TicketEvent, {"kind": "priority_changed", "at": T0}),
        (Ticket, {"id": "t", "created_at": T0, "events": [{"kind": "priority_changed", "at": T0}]}),
        (Customer, {"name": "张三"}),
        (Customer, {"relationship_years": "2年"}),
    ],
)
def test_what_the_fast_branch_leaves_to_the_exact_one(model: Any, data: Any) -> None:
    with pytest.raises(ValidationError):
        fast_branch(model).validate_python(data)


# --- the patterns behind the fast branch -----------------------------------------------


def test_non_blank_pattern_never_matches_whitespace() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    validator = SchemaValidator(cs.str_schema(pattern=_NON_BLANK))
    for char in spaces:
        with pytest.raises(ValidationError):
            validator.validate_python(char * 3)
    assert validator.validate_python("\u200b") == "\u200b"  # not whitespace to str.strip


@given(mask=masks)
def test_masks_taken_by_the_fast_branch_are_masks(mask: str) -> None:
    assert mask_name(mask) == mask


def test_every_cjk_surname_mask_is_a_mask() -> None:
    pattern = re.compile(_MASK)
    for code in range(0x4E00, 0x9FA6):
        for mask in (chr(code) + "*", chr(code) + "*女士", chr(code) + "先生"):
            assert pattern.fullmatch(mask), unicodedata.name(chr(code))
            assert mask_name(mask) == mask
