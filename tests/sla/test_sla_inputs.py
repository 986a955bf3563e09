"""Evaluation of odd and bad input: statuses that are not errors, and clear errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

import csmetrics.sla as sla_module
from csmetrics._models.enums import Priority
from csmetrics.exceptions import (
    InputTypeError,
    InvalidEventError,
    InvalidInputError,
    MissingTargetError,
    NaiveDatetimeError,
)
from csmetrics.models import Ticket, TicketEvent
from csmetrics.sla import SlaPolicy, evaluate

from .sla_helpers import MON, OFFICE, TIERED, ZERO, H, M, make, status

# --- oddities that are statuses, not errors --------------------------------------------


def test_resolved_without_agent_reply_counts_as_first_response():
    ticket = make(MON, ("resolved", MON + 10 * M), channel="phone")
    first = status(evaluate(ticket, TIERED, OFFICE, now=MON + H), "first_response")
    assert (first.stopped_by, first.elapsed, first.breached) == ("resolved", 10 * M, False)


def test_agent_reply_at_the_creation_instant():
    first = status(
        evaluate(make(MON, ("agent_reply", MON)), TIERED, OFFICE, now=MON), "first_response"
    )
    assert (first.elapsed, first.breached, first.state) == (ZERO, False, "stopped")


def test_overdue_reasons_come_from_the_ticket_and_event_notes():
    ticket = Ticket(
        id="T2",
        created_at=MON,
        priority="P2",
        overdue_reason="跨部门协作延迟",
        events=[
            {"kind": "pause", "at": MON + M, "note": "客户电话占线"},
            {"kind": "resume", "at": MON + H, "note": "客户电话占线"},
            {"kind": "agent_reply", "at": MON + 2 * H, "note": "later"},
        ],
    )
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 90 * M)
    assert result.overdue_reasons == ("跨部门协作延迟", "客户电话占线")


def test_results_are_in_the_schedule_zone_and_tickets_unchanged():
    created = dt.datetime(2025, 3, 10, 1, 0, tzinfo=dt.UTC)
    ticket = make(created, ("agent_reply", created + 5 * M))
    before = ticket.model_dump()
    result = evaluate(ticket, TIERED, OFFICE, now=created + H)
    first = status(result, "first_response")
    assert {
        first.started_at.tzinfo,
        first.deadline.tzinfo,
        first.stopped_at.tzinfo,
        result.as_of.tzinfo,
    } == {OFFICE.timezone}  # type: ignore[union-attr]
    assert ticket.model_dump() == before


def test_ticket_without_priority_uses_the_default_or_fails():
    with pytest.raises(MissingTargetError, match="no default_priority"):
        evaluate(make(MON, priority=None), TIERED, OFFICE, now=MON)
    policy = TIERED.updated(default_priority=Priority.P3)
    assert evaluate(make(MON, priority=None), policy, OFFICE, now=MON).priority is Priority.P3


def test_priority_the_policy_lacks():
    policy = SlaPolicy(priorities={"P1": {"resolution": "1h"}})
    with pytest.raises(MissingTargetError, match=r"ticket 'T1'.*'P2'"):
        evaluate(make(MON, priority="P2"), policy, OFFICE, now=MON)


@pytest.mark.parametrize(
    ("now", "error", "match"),
    [
        (dt.datetime(2025, 3, 10, 9), NaiveDatetimeError, "now: expected a timezone-aware"),
        (
            MON - M,
            InvalidInputError,
            "now: expected an instant at or after the ticket's created_at",
        ),
        ("2025-03-10", InputTypeError, "now: expected a timezone-aware datetime, got str"),
    ],
)
def test_bad_now(now: Any, error: type[Exception], match: str):
    with pytest.raises(error, match=match):
        evaluate(make(MON), TIERED, OFFICE, now=now)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (({"id": "x"}, TIERED, OFFICE), "ticket: expected a Ticket, got dict"),
        ((make(MON), "tiered", OFFICE), "policy: expected a SlaPolicy, got str"),
        ((make(MON), TIERED, None), "schedule: expected a Schedule, got NoneType"),
    ],
)
def test_wrong_types(args: tuple[Any, ...], match: str):
    with pytest.raises(InputTypeError, match=match):
        evaluate(*args, now=MON)


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([{"kind": "escalated", "at": MON}], "enum"),
        ([{"kind": "agent_reply", "at": MON - M}], "event_before_creation"),
        (
            [{"kind": "agent_reply", "at": MON + H}, {"kind": "resolved", "at": MON}],
            "events_out_of_order",
        ),
    ],
)
def test_bad_events_are_rejected_by_the_ticket(events: list[dict[str, Any]], code: str):
    with pytest.raises(ValidationError) as info:
        Ticket(id="x", created_at=MON, events=events)
    assert info.value.errors()[0]["type"] == code


@pytest.mark.parametrize(
    ("events", "match"),
    [
        (
            [{"kind": "agent_reply", "at": MON + H}, {"kind": "resolved", "at": MON}],
            r"events\[1\]: expected events in time order",
        ),
        ([{"kind": "agent_reply", "at": MON - M}], r"events\[0\]: expected an event at or after"),
    ],
)
def test_unvalidated_tickets_with_bad_events_raise_invalid_event_error(
    events: list[dict[str, Any]], match: str
):
    bad = Ticket.model_construct(
        id="x",
        created_at=MON,
        priority=Priority.P1,
        channel=None,
        complaint=False,
        overdue_reason=None,
        events=tuple(TicketEvent.model_validate(e) for e in events),
    )
    with pytest.raises(InvalidEventError, match=match):
        evaluate(bad, TIERED, OFFICE, now=MON + 2 * H)


def test_public_names():
    assert len(set(sla_module.__all__)) == len(sla_module.__all__)
    assert all(hasattr(sla_module, name) for name in sla_module.__all__)
