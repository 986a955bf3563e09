"""The public API as users see it, checked by ``mypy --strict`` (not collected by pytest).

Each ``assert_type`` pins the type a user's code gets back; a change that
widens a return type to ``Any`` or breaks a signature fails the type check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

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


def check_schedule_and_sla() -> None:
    office = csmetrics.Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
    assert_type(office.add(T0, dt.timedelta(hours=2)), dt.datetime)
    assert_type(office.between(T0, T0), dt.timedelta)
    assert_type(office.is_open(T0), bool)
    starts = np.array(["2025-03-03T01:00"], dtype="datetime64[us]")
    assert_type(office.add_many(starts, np.timedelta64(2, "h")), npt.NDArray[np.datetime64])
    policy = csmetrics.SlaPolicy.preset("tiered")
    ticket = Ticket(id="t", created_at=T0, priority=Priority.P1)
    sla = csmetrics.evaluate(ticket, policy, office, now=T0)
    assert_type(sla, csmetrics.TicketSla)
    assert_type(sla.first_response, csmetrics.MetricStatus | None)
    assert_type(sla.next_check_at, dt.datetime | None)


def check_text() -> None:
    decision = csmetrics.assign_priority("漏发", customer_tier="VIP客户")
    assert_type(decision, csmetrics.PriorityDecision)
    assert_type(decision.priority, Priority)
    assert_type(decision.reasons, tuple[str, ...])
    result = csmetrics.sentiment("解决了,但流程麻烦")
    assert_type(result, csmetrics.SentimentResult)
    assert_type(result.label, csmetrics.Sentiment)
    assert_type(result.score, float)
    category = csmetrics.categorize("开机后屏幕无显示")
    assert_type(category.subcategory, str | None)


def check_scores() -> None:
    week = csmetrics.csat([5, 4, 3])
    assert_type(week, csmetrics.CsatResult)
    assert_type(week.n, int)
    score = csmetrics.nps([10, 9, 6])
    assert_type(score, csmetrics.NpsResult)
    merged = csmetrics.NpsCounts.from_scores([10]) + csmetrics.NpsCounts.from_scores([0])
    assert_type(merged, csmetrics.NpsCounts)
    quality = csmetrics.quality_score({"csat": 4.3}, weights={"csat": 1.0}, targets={"csat": 4.2})
    assert_type(quality, csmetrics.QualityScore)
    assert_type(csmetrics.pareto(["a", "b"]), csmetrics.ParetoResult)
