"""The public API as users see it, checked by ``mypy --strict`` (not collected by pytest).

Each ``assert_type`` pins the type a user's code gets back; a change that
widens a return type to ``Any`` or breaks a signature fails the type check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import csmetrics
from csmetrics import (
    Channel,
    Customer,
    CustomerTier,
    EventKind,
    Priority,
    Status,
    SurveyResponse,
    Ticket,
    TicketEvent,
    TicketId,
)

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def check_models() -> None:
    event = TicketEvent(kind=EventKind.AGENT_REPLY, at=T0)
    ticket = Ticket(id="20250303001", created_at=T0, events=(event,))
    assert_type(ticket.status, Status)
    assert_type(ticket.status_at(T0), Status)
    assert_type(ticket.first_response_at, dt.datetime | None)
    assert_type(ticket.priority, Priority | None)
    customer = Customer(name="张三", tier=CustomerTier.VIP)
    assert_type(customer.name, str | None)
    assert_type(customer.is_vip, bool)
    survey = SurveyResponse(overall=4, nps=9)
    assert_type(survey.needs_follow_up, bool)
    assert_type(Priority.parse("一级"), Priority)
    assert_type(Priority.P3.raised(), Priority)
    assert_type(Channel.from_code(0), Channel)
    assert_type(csmetrics.json_schemas(), dict[str, dict[str, Any]])


def check_ids_and_masks() -> None:
    ticket_id = csmetrics.format_ticket_id(T0.date(), Channel.CHAT, 1)
    assert_type(ticket_id, str)
    assert_type(csmetrics.parse_ticket_id(ticket_id), TicketId)
    assert_type(csmetrics.mask_name("张三"), str)
    assert_type(csmetrics.mask_phone("13812345678"), str)
