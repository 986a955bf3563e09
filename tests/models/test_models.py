"""Validated records: tickets, events, customers, surveys."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics import NaiveDatetimeError
from csmetrics.models import (
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

from ..strategies import aware_datetimes

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
NAIVE = dt.datetime(2025, 3, 3, 9, 0)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def ticket(*events: tuple[str, float], **fields: Any) -> Ticket:
    return Ticket(
        id=fields.pop("id", "20250303001"),
        created_at=fields.pop("created_at", T0),
        events=[{"kind": kind, "at": at(minutes)} for kind, minutes in events],
        **fields,
    )


def error_types(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e["type"] for e in info.value.errors()}


def test_ticket_parses_aliases_and_strings() -> None:
    t = ticket(("agent_reply", 5), channel="在线客服", priority="一级")
    assert t.channel is Channel.CHAT
    assert t.priority is Priority.P1
    assert t.events[0].kind is EventKind.AGENT_REPLY


def test_ticket_is_frozen() -> None:
    t = ticket()
    with pytest.raises(ValidationError, match="frozen"):
        t.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fields", "error_type", "fragment"),
    [
        ({"created_at": NAIVE}, "naive_datetime", "created_at: expected a timezone-aware"),
        ({"id": ""}, "blank_id", "id: expected a non-empty id"),
        ({"id": "   "}, "blank_id", "id: expected a non-empty id"),
        ({"priority": "P7"}, "value_error", "priority: expected one of"),
        ({"channel": " "}, "value_error", "channel: expected a channel name of 1 to 100"),
        ({"channel": "x" * 101}, "value_error", "channel: expected a channel name of 1 to 100"),
        ({"unknown_field": 1}, "extra_forbidden", "unknown_field"),
        (
            {"events": [{"kind": "agent_reply", "at": NAIVE}]},
            "naive_datetime",
            "at: expected a timezone-aware",
        ),
        (
            {"events": [{"kind": "teleported", "at": at(1)}]},
            "enum",
            "Input should be 'agent_reply'",
        ),
        (
            {"events": [{"kind": "agent_reply", "at": at(-1)}]},
            "event_before_creation",
            "events[0]: expected an event at or after created_at",
        ),
        (
            {"events": [{"kind": "agent_reply", "at": at(10)}, {"kind": "resolved", "at": at(5)}]},
            "events_out_of_order",
            "events[1]: expected events in time order",
        ),
        (
            {"events": [{"kind": "priority_changed", "at": at(1)}]},
            "priority_missing",
            "priority_changed event needs the new priority",
        ),
    ],
)
def test_ticket_rejections(fields: dict[str, Any], error_type: str, fragment: str) -> None:
    base: dict[str, Any] = {"id": "20250303001", "created_at": T0}
    with pytest.raises(ValidationError, match=re.escape(fragment)) as info:
        Ticket(**(base | fields))
    assert error_type in error_types(info)


def test_events_with_equal_times_keep_list_order() -> None:
    t = ticket(("agent_reply", 5), ("resolved", 5))
    assert [e.kind for e in t.events] == [EventKind.AGENT_REPLY, EventKind.RESOLVED]


def test_event_at_creation_instant_is_valid() -> None:
    assert ticket(("agent_reply", 0)).first_response_at == T0


def test_events_in_other_zones_are_compared_as_instants() -> None:
    utc_reply = (T0 + dt.timedelta(minutes=1)).astimezone(dt.UTC)
    t = Ticket(id="x", created_at=T0, events=[{"kind": "agent_reply", "at": utc_reply}])
    assert t.first_response_at == utc_reply


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ((), Status.NEW),
        ((("agent_reply", 5),), Status.OPEN),
        ((("pause", 5),), Status.PAUSED),
        ((("agent_reply", 5), ("pause", 6), ("resume", 9)), Status.OPEN),
        ((("pause", 1), ("pause", 2), ("resume", 3)), Status.NEW),
        ((("agent_reply", 5), ("resolved", 9)), Status.RESOLVED),
        ((("agent_reply", 5), ("resolved", 9), ("reopened", 20)), Status.OPEN),
        ((("resolved", 9), ("closed", 30)), Status.CLOSED),
        ((("pause", 5), ("resolved", 9)), Status.RESOLVED),
        ((("resolved", 9), ("agent_reply", 12)), Status.RESOLVED),
    ],
)
def test_status(events: tuple[tuple[str, float], ...], status: Status) -> None:
    assert ticket(*events).status is status


def test_status_at_ignores_later_events() -> None:
    t = ticket(("agent_reply", 5), ("resolved", 60))
    assert t.status_at(at(4)) is Status.NEW
    assert t.status_at(at(5)) is Status.OPEN
    assert t.status_at(at(60)) is Status.RESOLVED
    assert [e.kind for e in t.events_until(at(30))] == [EventKind.AGENT_REPLY]


@pytest.mark.parametrize("method", ["events_until", "status_at"])
def test_as_of_methods_need_an_aware_now(method: str) -> None:
    with pytest.raises(NaiveDatetimeError, match="now: expected a timezone-aware datetime"):
        getattr(ticket(("agent_reply", 5)), method)(NAIVE)


def test_resolution_helpers() -> None:
    t = ticket(("resolved", 10), ("reopened", 20), ("resolved", 40), ("closed", 50))
    assert t.resolved_at == at(40)
    assert t.reopen_count == 1
    assert ticket(("closed", 7)).resolved_at == at(7)
    assert ticket().resolved_at is None
    assert ticket().first_response_at is None


@given(start=aware_datetimes(), gaps=st.lists(st.integers(0, 10_000), max_size=8))
def test_ordered_events_always_validate(start: dt.datetime, gaps: list[int]) -> None:
    times = [start + dt.timedelta(minutes=sum(gaps[: i + 1])) for i in range(len(gaps))]
    t = Ticket(
        id="t", created_at=start, events=[{"kind": "customer_reply", "at": x} for x in times]
    )
    assert [e.at for e in t.events] == times


def test_customer_profile_fields() -> None:
    c = Customer(
        name="张三",
        phone="13812345678",
        tier="VIP客户",
        industry="制造业",
        relationship_years="2年",
        annual_spend=120000,
        past_complaints=2,
        order_ids=("SO-1",),
    )
    assert (c.name, c.phone_last4, c.tier, c.is_vip) == ("张*", "5678", CustomerTier.VIP, True)
    assert c.relationship_years == 2.0
    assert Customer(relationship_years="6个月").relationship_years == pytest.approx(0.5)
    assert Customer(relationship_years="3 years").relationship_years == 3.0


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"tier": "gold"}, "customer_tier"),
        ({"past_complaints": -1}, "past_complaints"),
        ({"annual_spend": -5}, "annual_spend"),
        ({"relationship_years": "很久"}, "relationship_years"),
        ({"phone_last4": "12345"}, "phone_last4"),
        ({"phone": 1.5}, "phone: expected a str or int"),
        ({"name": 42}, "name"),
    ],
)
def test_customer_rejections(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Customer(**fields)


@pytest.mark.parametrize(
    ("fields", "error_type"),
    [
        ({"responsiveness": 6}, "less_than_equal"),
        ({"overall": 0}, "greater_than_equal"),
        ({"attitude": 4.5}, "int_type"),
        ({"effectiveness": True}, "int_type"),
        ({"nps": 11}, "less_than_equal"),
        ({"nps": -1}, "greater_than_equal"),
        ({"answered_at": NAIVE}, "naive_datetime"),
    ],
)
def test_survey_rejections(fields: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as info:
        SurveyResponse(**fields)
    assert error_type in error_types(info)


@pytest.mark.parametrize(
    ("fields", "follow_up"),
    [
        ({}, False),
        ({"overall": 4, "nps": 9}, False),
        ({"overall": 3}, True),
        ({"responsiveness": 5, "attitude": 1}, True),
        ({"nps": 6}, True),
        ({"nps": 7}, False),
    ],
)
def test_survey_follow_up_rule(fields: dict[str, int], follow_up: bool) -> None:
    assert SurveyResponse(**fields).needs_follow_up is follow_up


def test_survey_scores_all_optional() -> None:
    r = SurveyResponse(comment="谢谢")
    assert r.dimension_scores == dict.fromkeys(
        ("responsiveness", "effectiveness", "attitude", "overall")
    )


def test_event_parses_priority_payload() -> None:
    e = TicketEvent(kind="priority_changed", at=T0, priority="红", note="客户升级投诉")
    assert e.priority is Priority.P1
    assert e.note == "客户升级投诉"


def test_json_schemas_describe_the_input_form() -> None:
    schemas = json_schemas()
    ticket_schema = schemas["Ticket"]
    assert set(ticket_schema["required"]) == {"id", "created_at"}
    assert "events" in ticket_schema["properties"]
    kinds = schemas["TicketEvent"]["$defs"]["EventKind"]["enum"]
    assert set(kinds) == {k.value for k in EventKind}
    assert schemas["SurveyResponse"]["properties"]["nps"]["anyOf"][0]["maximum"] == 10
